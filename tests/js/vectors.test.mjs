// The shared conformance vectors (tests/vectors/*.json) through the package's public API in Node:
// each case must give exactly its expected paths and codes, in order, on both ways into wasm —
// the JSON-text fast path that plain form values take, and the Rust walker that other values
// take (forced here by giving the same fields a non-plain prototype).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

import { buildRequest, validate, validateField } from "../../pkg/node.js";

const dir = new URL("../vectors/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

const pairs = (result) => (result.ok ? [] : result.issues.map((i) => [i.path, i.code]));

/** The same own fields under a prototype that is not Object.prototype: not "plain". */
function throughWalker(input) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return undefined;
  return Object.assign(Object.create({ inherited: "never read" }), input);
}

test("the vector files are there", () => {
  assert.ok(files.length >= 4, `only ${files}`);
});

for (const file of files) {
  const doc = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
  test(`${file}: every case gives exactly its issues on both paths into wasm`, () => {
    const failures = [];
    for (const c of doc.cases) {
      // As the native runner: a case without a stage is an upstream case.
      const options = { stage: c.stage ?? "upstream" };
      const expected = JSON.stringify(c.issues.map((i) => [i.path, i.code]));
      const fast = JSON.stringify(pairs(validate(c.operation, c.input, options)));
      if (fast !== expected) failures.push(`${c.name} (plain):\n  expected ${expected}\n  got      ${fast}`);
      const forced = throughWalker(c.input);
      if (forced !== undefined) {
        const walked = JSON.stringify(pairs(validate(c.operation, forced, options)));
        if (walked !== expected) failures.push(`${c.name} (walker):\n  expected ${expected}\n  got      ${walked}`);
      }
      // Live validation of each field (which sends only the field and its context) gives what
      // validate gives at and under that field, messages included.
      const all = validate(c.operation, c.input, options);
      const fields = c.input !== null && typeof c.input === "object" && !Array.isArray(c.input) ? Object.keys(c.input) : [];
      for (const path of ["", ...fields, ...c.issues.map((i) => i.path)]) {
        const prefix = typeof path === "string" ? (path === "" ? [] : [path]) : path;
        const want = all.ok ? [] : all.issues.filter((i) => prefix.every((seg, n) => i.path[n] === seg));
        const got = validateField(c.operation, path, c.input, options);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          failures.push(`${c.name} validateField at ${JSON.stringify(path)}:\n  expected ${JSON.stringify(want)}\n  got      ${JSON.stringify(got)}`);
        }
      }
      // A request is built exactly when the value is valid.
      if (buildRequest(c.operation, c.input, options).ok !== (c.issues.length === 0)) {
        failures.push(`${c.name}: buildRequest disagrees with validate`);
      }
    }
    assert.deepEqual(failures, []);
  });
}

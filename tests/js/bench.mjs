// Speed of the built package (pkg/, `cargo xtask pkg`) in Node and in headless Chromium:
//   node tests/js/bench.mjs
// Import and instantiation for both entries (`hwc-kyc` in pkg/, `hwc-kyc/client` in pkg/client/,
// each its own .wasm); the calls through `hwc-kyc` (the client entry runs the same Rust for them).
// Or, in Node, against another build of the package (an A/B in one process, the cases of both
// interleaved, so that this machine's slow spells hit both alike):
//   node tests/js/bench.mjs --against ../other-checkout/pkg
// Not a test: prints medians for BENCHMARKS.md ("npm package (wasm)"). Chromium is Debian's
// (/usr/bin/chromium, or $CHROMIUM), driven by playwright-core.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { launchChromium } from "../chromium.mjs";
import { validEnterpriseForm } from "./forms.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = join(root, "pkg");

// Runs where the package is loaded (Node or the page): medians of batch means, in microseconds.
const MEASURE = `
// \`variants\`: label → the imported package; with more than one, each case name ends in " [label]".
async function measure(variants) {
  const form = ${JSON.stringify(validEnterpriseForm())};
  const invalid = { ...form, corp_name: "123", reg_country: "cn" };
  // The answer's text of validate(valid form), as the bindings write it.
  const answer = JSON.stringify({ ok: true, value: Object.values(variants)[0].validate("enterpriseRealnameAuth", form).value });
  const cases = {
    // Not the package: a yardstick of how fast this machine and engine are at the moment.
    "JSON.stringify(valid form) (yardstick)": () => JSON.stringify(form),
    // Not the package either: what validate's JSON text boundary costs in JavaScript with no
    // validation at all (the call's text written, the answer's text read).
    "JSON.stringify(call) + JSON.parse(answer) (the text boundary alone)": () =>
      JSON.stringify(["validate", "enterpriseRealnameAuth", null, null, form]).length + JSON.parse(answer).ok,
  };
  const labels = Object.keys(variants);
  for (const [label, kyc] of Object.entries(variants)) {
    if (!kyc.validate("enterpriseRealnameAuth", form).ok) throw new Error("bench form is not valid");
    const of = (name) => (labels.length > 1 ? name + " [" + label + "]" : name);
    Object.assign(cases, {
      [of("validate(enterpriseRealnameAuth, valid form)")]: () => kyc.validate("enterpriseRealnameAuth", form),
      [of("validate(enterpriseRealnameAuth, 2 issues)")]: () => kyc.validate("enterpriseRealnameAuth", invalid),
      [of("validateField(enterpriseRealnameAuth, corp_name)")]: () => kyc.validateField("enterpriseRealnameAuth", "corp_name", form),
      [of("validateField(enterpriseRealnameAuth, enterprise_person.legel_name)")]: () =>
        kyc.validateField("enterpriseRealnameAuth", "enterprise_person.legel_name", form),
      [of("schemas.enterpriseRealnameAuth ~standard.validate")]: () => kyc.schemas.enterpriseRealnameAuth["~standard"].validate(form),
      [of("buildRequest(enterpriseRealnameAuth)")]: () => kyc.buildRequest("enterpriseRealnameAuth", form),
    });
  }
  // Rounds interleave the cases (one batch of each per round), so a slow spell of this shared
  // machine hits every case alike and the ratios to the yardstick stay comparable.
  const batch = 2000;
  const means = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const f of Object.values(cases)) for (let i = 0; i < 20000; i++) f();
  for (let round = 0; round < 41; round++) {
    for (const [name, f] of Object.entries(cases)) {
      const t = performance.now();
      for (let i = 0; i < batch; i++) f();
      means[name].push(((performance.now() - t) * 1000) / batch);
    }
  }
  const out = {};
  for (const [name, xs] of Object.entries(means)) {
    xs.sort((a, b) => a - b);
    out[name] = xs[20];
  }
  return out;
}
`;

// Runs where the package is loaded: compile + instantiate of the package's .wasm from bytes in
// memory (what the entry module does after reading or fetching them; the imports are stubs, as
// instantiation only links them), median of 15, in milliseconds. Each round appends a different
// empty custom section, so V8 cannot hand back the module it compiled for the same bytes before.
const INSTANTIATE = `
async function instantiate(bytes) {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const name = new TextEncoder().encode("bench" + i);
    const copy = new Uint8Array(bytes.byteLength + 3 + name.length);
    copy.set(new Uint8Array(bytes));
    copy.set([0, 1 + name.length, name.length, ...name], bytes.byteLength);
    const t = performance.now();
    const module = await WebAssembly.compile(copy);
    const imports = {};
    for (const imp of WebAssembly.Module.imports(module)) (imports[imp.module] ??= {})[imp.name] = () => {};
    await WebAssembly.instantiate(module, imports);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[7];
}
`;

const fmt = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The package's entries: label → folder in pkg/. */
const ENTRIES = { "hwc-kyc": "", "hwc-kyc/client": "client" };

/** Node: import time in fresh processes and instantiation, per entry; then the calls. */
function node() {
  // Node's module loader initializes on a process's first import of a file (it compiles its
  // own internals then): a tiny module file takes that cost first, so the figure is the
  // package's own (read + compile + instantiate + setup).
  const tiny = join(mkdtempSync(join(tmpdir(), "hwc-kyc-bench-")), "tiny.mjs");
  writeFileSync(tiny, "export default 1;\n");
  const warm = `await import(${JSON.stringify(pathToFileURL(tiny).href)});`;
  const load = {};
  const instantiate = {};
  for (const [label, dir] of Object.entries(ENTRIES)) {
    const entry = pathToFileURL(join(pkg, dir, "node.js")).href;
    const loads = [];
    for (let i = 0; i < 15; i++) {
      const r = spawnSync(
        process.execPath,
        ["--input-type=module", "-e", `${warm} const t = performance.now(); await import(${JSON.stringify(entry)}); console.log(performance.now() - t);`],
        { encoding: "utf8" },
      );
      loads.push(Number(r.stdout.trim()));
    }
    load[label] = median(loads);
    const wasm = join(pkg, dir, "hwc_kyc_bg.wasm");
    const inst = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", `${INSTANTIATE}; const { readFileSync } = await import("node:fs"); console.log(await instantiate(readFileSync(${JSON.stringify(wasm)})));`],
      { encoding: "utf8" },
    );
    if (inst.status !== 0) throw new Error(inst.stderr);
    instantiate[label] = Number(inst.stdout.trim());
  }
  const entry = pathToFileURL(join(pkg, "node.js")).href;
  const r = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `${MEASURE}; const kyc = await import(${JSON.stringify(entry)}); console.log(JSON.stringify(await measure({ "": kyc })));`],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return { load, instantiate, calls: JSON.parse(r.stdout) };
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

/** Chromium: import time over fresh pages (fetch from 127.0.0.1 + compile + instantiate), then the calls. */
async function browser() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>bench</title>");
      return;
    }
    const rel = normalize(url.pathname.replace(/^\/pkg\//, ""));
    try {
      const body = readFileSync(join(pkg, rel));
      res.writeHead(200, { "content-type": TYPES[extname(rel)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const b = await launchChromium();
  try {
    const load = {};
    const instantiate = {};
    const page = await b.newPage();
    await page.goto(base + "/");
    for (const [label, dir] of Object.entries(ENTRIES)) {
      const folder = dir === "" ? "/pkg/" : `/pkg/${dir}/`;
      const loads = [];
      for (let i = 0; i < 15; i++) {
        const context = await b.newContext();
        const fresh = await context.newPage();
        await fresh.goto(base + "/");
        loads.push(
          await fresh.evaluate(async (url) => {
            const t = performance.now();
            await import(url);
            return performance.now() - t;
          }, base + folder + "index.js"),
        );
        await context.close();
      }
      load[label] = median(loads);
      instantiate[label] = await page.evaluate(
        async ([src, url]) => {
          const f = new Function(`${src}; return instantiate;`)();
          return f(await (await fetch(url)).arrayBuffer());
        },
        [INSTANTIATE, base + folder + "hwc_kyc_bg.wasm"],
      );
    }
    const calls = await page.evaluate(
      async ([src, url]) => {
        const measure = new Function(`${src}; return measure;`)();
        return measure({ "": await import(url) });
      },
      [MEASURE, base + "/pkg/index.js"],
    );
    return { load, instantiate, calls, version: b.version() };
  } finally {
    await b.close();
    server.close();
  }
}

/** Node: this tree's package against another build of it, interleaved in one process. */
function against(other) {
  const entries = { "this tree": join(pkg, "node.js"), against: join(other, "node.js") };
  const imports = Object.entries(entries)
    .map(([label, file]) => `${JSON.stringify(label)}: await import(${JSON.stringify(pathToFileURL(file).href)})`)
    .join(", ");
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `${MEASURE}; console.log(JSON.stringify(await measure({ ${imports} })));`], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  const calls = JSON.parse(r.stdout);
  console.log(`| measure (Node ${process.version}) | this tree | ${other} | this tree ÷ that |`);
  console.log("|---|---|---|---|");
  for (const name of Object.keys(calls).filter((k) => k.endsWith(" [this tree]"))) {
    const base = name.slice(0, -" [this tree]".length);
    const that = calls[`${base} [against]`];
    console.log(`| \`${base}\`, median | ${fmt(calls[name])} µs | ${fmt(that)} µs | ${(calls[name] / that).toFixed(2)} |`);
  }
  for (const name of Object.keys(calls).filter((k) => !k.endsWith("]"))) {
    console.log(`| \`${name}\`, median | ${fmt(calls[name])} µs | | |`);
  }
}

const flag = process.argv.indexOf("--against");
if (flag !== -1) {
  const other = process.argv[flag + 1];
  if (other === undefined) throw new Error("--against needs the other package's folder");
  against(other);
  process.exit(0);
}

const n = node();
const c = await browser();
console.log(`| measure | Node ${process.version} | Chromium ${c.version} |`);
console.log("|---|---|---|");
for (const label of Object.keys(ENTRIES)) {
  console.log(`| \`${label}\`: .wasm compile + instantiate from bytes in memory, median of 15 | ${fmt(n.instantiate[label])} ms | ${fmt(c.instantiate[label])} ms |`);
}
for (const label of Object.keys(ENTRIES)) {
  console.log(`| \`${label}\`: import (Node: read from disk; Chromium: fetch from 127.0.0.1, fresh context) + compile + instantiate + setup, median of 15 | ${fmt(n.load[label])} ms | ${fmt(c.load[label])} ms |`);
}
const YARD = "JSON.stringify(valid form) (yardstick)";
const ratio = (calls, name) => (name === YARD ? "" : ` (×${(calls[name] / calls[YARD]).toFixed(1)})`);
for (const name of Object.keys(n.calls)) {
  console.log(`| \`${name}\`, median | ${fmt(n.calls[name])} µs${ratio(n.calls, name)} | ${fmt(c.calls[name])} µs${ratio(c.calls, name)} |`);
}

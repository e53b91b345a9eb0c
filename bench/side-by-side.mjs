// hwc-kyc against zod 4, valibot 1 and ajv 8, side by side in one process: first every
// validator's verdict on the same inputs (timed inputs, edge cases, conformance vectors) must
// agree, then the median time per validation in Node and in headless Chromium, then each one's
// bundle size. Prints a summary; `--out FILE` also writes the figures as JSON (what
// `cargo xtask bench` renders into BENCHMARKS.md).
//
//   node bench/side-by-side.mjs [--out FILE] [--samples N] [--sample-ms MS] [--no-browser]
//
// Needs the built package (cargo xtask pkg) and the root devDependencies (npm ci).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import { COUNTRIES } from "./peers/common.mjs";
import { run } from "./run.mjs";
import { runInChromium } from "./browser.mjs";
import { bundleSizes } from "./bundle-size.mjs";
import * as pkg from "./pkg.mjs";

const { values: args } = parseArgs({
  options: {
    out: { type: "string" },
    samples: { type: "string" },
    "sample-ms": { type: "string" },
    "no-browser": { type: "boolean" },
  },
});
const options = {};
if (args.samples) options.samples = Number(args.samples);
if (args["sample-ms"]) options.sampleMs = Number(args["sample-ms"]);

/** The peers' copy of the country list must be core's (crates/core/src/rules/country.rs). */
function checkCountryCopy() {
  const src = fs.readFileSync(path.join(pkg.ROOT, "crates/core/src/rules/country.rs"), "utf8");
  const list = src.slice(src.indexOf("ISO_3166_ALPHA2"), src.indexOf("];"));
  const core = [...list.matchAll(/"([A-Z]{2})"/g)].map((m) => m[1]);
  if (core.join() !== COUNTRIES.join()) {
    throw new Error("bench/peers/common.mjs COUNTRIES differs from crates/core/src/rules/country.rs");
  }
}

const vectors = ["check_identity", "enterprise_realname_auth"].map((f) =>
  JSON.parse(fs.readFileSync(path.join(pkg.ROOT, "tests/vectors", `${f}.json`), "utf8")),
);

/** An installed package's version (its package.json, found the way Node resolves it). */
function version(name) {
  for (let dir = path.dirname(new URL(import.meta.url).pathname); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", name, "package.json");
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")).version;
    if (dir === path.dirname(dir)) return "unknown";
  }
}

function report(where, result) {
  const { checked, disagreements } = result.agreement;
  console.log(`\n${where}: ${checked} inputs, ${disagreements.length} disagreement(s)`);
  for (const d of disagreements) console.log(`  DISAGREE ${d.subject}: ${d.id}: got ${d.got}, want ${d.want}`);
  for (const { op, label, results } of result.timing) {
    const base = results["hwc-kyc"].ns;
    const cells = Object.entries(results).map(
      ([name, r]) => `${name} ${r.ns.toFixed(0)} ns${name === "hwc-kyc" ? "" : ` (×${(r.ns / base).toFixed(2)})`}`,
    );
    console.log(`  ${op}/${label}: ${cells.join(", ")}`);
  }
}

checkCountryCopy();
const hwc = await import(pathToFileURL(pkg.entry(["node", "import"])).href);
const node = run(hwc, vectors, options);
report(`Node ${process.version}`, node);

let chromium = null;
if (!args["no-browser"]) {
  chromium = await runInChromium(vectors, options);
  report(chromium.browser, chromium);
  const i = chromium.instantiation;
  console.log(`  instantiation of the ${i.bytes} B module (compile + instantiate): median ${i.medianMs.toFixed(2)} ms, slowest ${i.maxMs.toFixed(2)} ms of ${i.repeats}`);
}

const bundles = await bundleSizes();
console.log("\nbundle (gzip -9):");
for (const b of bundles) console.log(`  ${b.name}: ${b.total_gzip} B`);

const out = {
  node: { version: process.version, ...node },
  chromium,
  bundles,
  versions: {
    "hwc-kyc": pkg.manifest().version,
    zod: version("zod"),
    valibot: version("valibot"),
    ajv: version("ajv"),
    esbuild: esbuild.version,
    "playwright-core": version("playwright-core"),
  },
  options,
};
if (args.out) fs.writeFileSync(args.out, JSON.stringify(out, null, 2));

const bad = node.agreement.disagreements.length + (chromium?.agreement.disagreements.length ?? 0);
if (bad) {
  console.error(`\n${bad} disagreement(s): a peer does not say what hwc-kyc says; its timings compare different rules`);
  process.exit(1);
}

// What each validator adds to a browser bundle: one esbuild entry per library that exports the
// two validators (esbuild --bundle --minify --format=esm --platform=browser), gzip level 9.
// hwc-kyc's .wasm is fetched beside the JavaScript, so its gzip size is added to the total.
//
// Run alone: `node bench/bundle-size.mjs` (prints JSON); bench/side-by-side.mjs calls it too.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import * as esbuild from "esbuild";
import standaloneCode from "ajv/dist/standalone/index.js";
import { newAjv, checkIdentity, enterprise } from "./peers/ajv.mjs";
import * as pkg from "./pkg.mjs";

const BENCH = path.dirname(new URL(import.meta.url).pathname);

const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

/** Bundles `contents` (an ES module resolved from bench/) and returns its minified bytes. */
async function bundle(contents) {
  const r = await esbuild.build({
    stdin: { contents, resolveDir: BENCH, sourcefile: "entry.mjs" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return Buffer.from(r.outputFiles[0].contents);
}

/** Ajv's precompiled ("standalone") validators: what a site ships without the schema compiler. */
function ajvStandaloneSource() {
  const ajv = newAjv({ code: { source: true, esm: true } });
  ajv.addSchema(checkIdentity, "checkIdentity");
  ajv.addSchema(enterprise("form"), "enterpriseRealnameAuth");
  return standaloneCode(ajv, {
    checkIdentity: "checkIdentity",
    enterpriseRealnameAuth: "enterpriseRealnameAuth",
  });
}

/** [{ name, note, js: {min, gzip}, wasm: {bytes, gzip} | null, total_gzip }] */
export async function bundleSizes() {
  const entries = [
    {
      name: "hwc-kyc",
      note: "validate() of the npm package: JS glue + .wasm (all operations, English; zh-CN and es are packs of 2.4–2.5 KB each)",
      contents: `export { validate } from ${JSON.stringify(pkg.entry(["browser", "import"]))};`,
      wasm: pkg.wasmFiles(),
    },
    {
      name: "hwc-kyc/client",
      note: "KycClient of the npm package (validates, sends to the partner proxy, reads answers): JS + its own .wasm",
      contents: `export { KycClient } from ${JSON.stringify(pkg.entry(["browser", "import"], "./client"))};`,
      wasm: pkg.wasmFiles(["browser", "import"], "./client"),
    },
    { name: "zod", note: "zod 4 (`zod`) + the two schemas", contents: `export { validators } from "./peers/zod.mjs";` },
    { name: "valibot", note: "valibot 1 + the two schemas", contents: `export { validators } from "./peers/valibot.mjs";` },
    {
      name: "ajv",
      note: "ajv 8 + the two JSON Schemas, compiled in the browser",
      contents: `export { validators } from "./peers/ajv.mjs";`,
    },
    {
      name: "ajv (standalone)",
      note: "the two schemas precompiled by ajv's standalone code generator (no compiler shipped)",
      contents: ajvStandaloneSource(),
    },
  ];
  const out = [];
  for (const e of entries) {
    const js = await bundle(e.contents);
    const wasm = e.wasm?.length
      ? e.wasm.reduce(
          (acc, f) => {
            const b = fs.readFileSync(f);
            return { bytes: acc.bytes + b.length, gzip: acc.gzip + gzip(b) };
          },
          { bytes: 0, gzip: 0 },
        )
      : null;
    const jsSize = { min: js.length, gzip: gzip(js) };
    out.push({ name: e.name, note: e.note, js: jsSize, wasm, total_gzip: jsSize.gzip + (wasm?.gzip ?? 0) });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await bundleSizes(), null, 2));
}

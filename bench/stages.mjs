// Where a `validate` call of the npm package spends its time, stage by stage, on the four timed
// inputs of the side-by-side benchmark: the JS encoder writing the call into the exchange area,
// the wasm call (checking the bytes, the rules over the borrowed input, writing the answer),
// and the whole public call; what remains is reading the answer and the wrapper's own work. Then
// validateField of a text field against validate of the same form.
// Fastest of repeated samples in one process (the machine is shared: compare stages with each
// other, not with other runs). `cargo run --release -p hwc-kyc-wasm --example stages` splits
// the wasm call further, natively.
//
//   cargo xtask pkg && node bench/stages.mjs
//
// It loads the package's sources from target/pkg-sources/forms with the optimized module of
// pkg/, so the encoder and the raw exports can be timed on their own.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { TIMED } from "./cases.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const src = path.join(root, "target/pkg-sources/forms");
const raw = await import(pathToFileURL(path.join(src, "hwc_kyc.js")));
const api = await import(pathToFileURL(path.join(src, "api.js")));
const enc = await import(pathToFileURL(path.join(src, "encode.js")));
const exports = raw.initSync({ module: readFileSync(path.join(root, "pkg/hwc_kyc_bg.wasm")) });
api.setup(exports);
const [areaAt, areaBytes] = JSON.parse(raw.tables()).exchange;

/** The fastest of `samples` samples of about `ms` each, in ns per call of `f`. */
function time(f, samples = 15, ms = 40) {
  let n = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < n; i++) f();
    if (performance.now() - t > ms / 4) break;
    n *= 2;
  }
  const out = [];
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) f();
    out.push(((performance.now() - t) * 1e6) / n);
  }
  return Math.min(...out);
}

let areaView = null;
let areaData = null;
/** The call as the wrapper writes it (views of the area made again only when memory grew). */
function encodeCall(op, value) {
  if (areaView === null || areaView.byteLength === 0) {
    areaView = new Uint8Array(exports.memory.buffer, areaAt, areaBytes);
    areaData = new DataView(exports.memory.buffer, areaAt, areaBytes);
  }
  enc.begin(areaView, areaData);
  enc.byte(0);
  enc.arg(op);
  enc.arg(null);
  enc.arg("form");
  enc.arg(value);
  const len = enc.end()[1];
  enc.done();
  return len;
}

const rows = [];
for (const [op, label, value] of TIMED) {
  const len = encodeCall(op, value);
  const bytes = new Uint8Array(exports.memory.buffer, areaAt, len).slice();
  const area = () => (areaView.byteLength === 0 ? (encodeCall(op, value), areaView) : areaView);
  const answerLen = exports.run(len);
  const whole = time(() => api.validate(op, value, { stage: "form" }));
  const encode = time(() => encodeCall(op, value));
  const copy = time(() => area().set(bytes));
  const run = time(() => {
    area().set(bytes);
    exports.run(len);
  });
  rows.push({ row: `${op} ${label}`, bytes: len, answer: answerLen, whole, encode, wasm: run - copy });
}
for (const r of rows) {
  console.log(
    `${r.row.padEnd(32)} call ${String(r.bytes).padStart(4)} B, answer ${String(r.answer).padStart(4)} B | ` +
      `encode ${r.encode.toFixed(0).padStart(5)} ns, wasm ${r.wasm.toFixed(0).padStart(5)} ns, ` +
      `answer and the rest ${(r.whole - r.encode - r.wasm).toFixed(0).padStart(5)} ns | whole validate ${r.whole.toFixed(0).padStart(5)} ns`,
  );
}

// Live validation of one text field against `validate` of the same (valid) enterprise form:
// issue #15 wants validateField at most 0.5× validate.
const enterprise = TIMED.find(([op, label]) => op === "enterpriseRealnameAuth" && label === "valid")?.[2];
if (enterprise) {
  const op = "enterpriseRealnameAuth";
  const whole = time(() => api.validate(op, enterprise));
  for (const path of ["corp_name", "enterprise_person.legel_name"]) {
    const field = time(() => api.validateField(op, path, enterprise));
    console.log(`validateField ${path.padEnd(30)} ${field.toFixed(0).padStart(5)} ns, ×${(field / whole).toFixed(2)} of validate (${whole.toFixed(0)} ns)`);
  }
}

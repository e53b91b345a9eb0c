// Where a `validate` call of the npm package spends its time, stage by stage, on the four timed
// inputs of the side-by-side benchmark: the JS encoder writing the call into the exchange area,
// the wasm call (reading the bytes borrowed, the rules, rendering the answer), reading the
// answer (TextDecoder + JSON.parse), and the whole public call. Medians of repeated samples in
// one process (the machine is shared: compare stages with each other, not with other runs).
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

/** Median ns per call of `f` over `samples` samples of about `ms` each. */
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
  return out.sort((a, b) => a - b)[samples >> 1];
}

function encodeCall(op, value) {
  const area = new Uint8Array(exports.memory.buffer, areaAt, areaBytes);
  enc.begin(area, new DataView(exports.memory.buffer, areaAt, areaBytes));
  enc.byte(0);
  enc.arg(op);
  enc.arg(null);
  enc.arg(null);
  enc.arg(value);
  return enc.end()[1];
}

const rows = [];
for (const [op, label, value] of TIMED) {
  const len = encodeCall(op, value);
  const bytes = new Uint8Array(exports.memory.buffer, areaAt, len).slice();
  const area = () => new Uint8Array(exports.memory.buffer, areaAt, areaBytes);
  const answerLen = exports.run(len);
  const answer = new TextDecoder().decode(area().subarray(0, answerLen));
  const decoder = new TextDecoder();
  const whole = time(() => api.validate(op, value, { stage: "form" }));
  const encode = time(() => encodeCall(op, value));
  const copy = time(() => area().set(bytes));
  const run = time(() => {
    area().set(bytes);
    exports.run(len);
  });
  const read = time(() => JSON.parse(decoder.decode(area().subarray(0, answerLen))));
  rows.push({ row: `${op} ${label}`, bytes: len, answer: answerLen, whole, encode, wasm: run - copy, read, answerText: answer.slice(0, 80) });
}
for (const r of rows) {
  console.log(
    `${r.row.padEnd(32)} call ${String(r.bytes).padStart(4)} B, answer ${String(r.answer).padStart(4)} B | ` +
      `encode ${r.encode.toFixed(0).padStart(5)} ns, wasm ${r.wasm.toFixed(0).padStart(5)} ns, ` +
      `answer ${r.read.toFixed(0).padStart(5)} ns | whole validate ${r.whole.toFixed(0).padStart(5)} ns`,
  );
}

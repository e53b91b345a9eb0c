// Where the bytes of the package's .wasm are: code size per function and per origin (crate and
// module), read from the module's name section. Not a test; the figures go into BENCHMARKS.md
// ("npm package (wasm)"). twiggy 0.7 cannot read the module (bulk-memory opcodes), hence this.
//
//   cargo xtask pkg
//   node_modules/.bin/wasm-opt -Oz -g --strip-dwarf target/pkg-sources/hwc_kyc_bg.wasm -o target/names.wasm
//   node bench/wasm-functions.mjs target/names.wasm [how many functions to list, default 30]
//
// (`target/pkg-sources/hwc_kyc_bg.wasm` is the module before wasm-opt, with its names; `-Oz -g`
// optimizes it as `cargo xtask pkg` does and keeps them.)
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const [file, listed = "30"] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: node bench/wasm-functions.mjs MODULE.wasm [N]");
  process.exit(2);
}
const bytes = readFileSync(file);

/** An unsigned LEB128 at `at`: [value, next offset]. */
function leb(at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

function name(at) {
  const [len, start] = leb(at);
  return [bytes.toString("utf8", start, start + len), start + len];
}

const sections = [];
/** [section, bytes, gzip -9 bytes] of the code and data sections, each compressed alone. */
const gzipped = [];
let importedFunctions = 0;
const bodies = [];
const names = new Map();
for (let at = 8; at < bytes.length; ) {
  const id = bytes[at];
  const [size, start] = leb(at + 1);
  const end = start + size;
  if (id === 2) {
    // Imports: only the count of imported functions matters (they come first in the index space).
    let [count, p] = leb(start);
    for (let i = 0; i < count; i++) {
      [, p] = name(p);
      [, p] = name(p);
      const kind = bytes[p++];
      if (kind === 0) {
        [, p] = leb(p);
        importedFunctions++;
      } else if (kind === 1) {
        p++; // element type
        const [flags, q] = leb(p);
        [, p] = leb(q);
        if (flags & 1) [, p] = leb(p);
      } else if (kind === 2) {
        const [flags, q] = leb(p);
        [, p] = leb(q);
        if (flags & 1) [, p] = leb(p);
      } else {
        p += 2; // global: value type, mutability
      }
    }
  } else if (id === 10) {
    let [count, p] = leb(start);
    for (let i = 0; i < count; i++) {
      const [len, body] = leb(p);
      bodies.push(len);
      p = body + len;
    }
  } else if (id === 0) {
    const [section, p] = name(start);
    if (section === "name") {
      for (let q = p; q < end; ) {
        const sub = bytes[q];
        const [len, body] = leb(q + 1);
        if (sub === 1) {
          let [count, r] = leb(body);
          for (let i = 0; i < count; i++) {
            let index;
            [index, r] = leb(r);
            let fn;
            [fn, r] = name(r);
            names.set(index, fn);
          }
        }
        q = body + len;
      }
    }
    sections.push([`custom "${section}"`, size]);
    at = end;
    continue;
  }
  if (id === 10 || id === 11) gzipped.push([id === 10 ? "code" : "data", size, gzipSync(bytes.subarray(start, end), { level: 9 }).length]);
  sections.push([["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count"][id] ?? `id ${id}`, size]);
  at = end;
}

const functions = bodies.map((size, i) => ({ size, name: names.get(i + importedFunctions) ?? `function ${i}` }));
/** `crate::module` for our crates, `crate::top` for the others; wasm-bindgen's shims by kind. */
function origin(fn) {
  if (/ shim$/.test(fn)) return "wasm-bindgen export shims";
  const m = fn.match(/(hwc_kyc_wasm|hwc_kyc_client|hwc_kyc|alloc|core|std|wasm_bindgen|js_sys)(?:\[[0-9a-f]+\])?::(\w+)/);
  if (m === null) return "other";
  return m[1].startsWith("hwc_kyc") ? `${m[1]}::${m[2]}` : m[1];
}
const byOrigin = new Map();
for (const f of functions) byOrigin.set(origin(f.name), (byOrigin.get(origin(f.name)) ?? 0) + f.size);

console.log(`sections (bytes): ${sections.map(([s, n]) => `${s} ${n}`).join(", ")}`);
console.log(`code and data, each gzip -9 alone: ${gzipped.map(([s, n, z]) => `${s} ${n} B (${z} B)`).join(", ")}`);
console.log(`code: ${functions.reduce((n, f) => n + f.size, 0)} bytes in ${functions.length} functions\n`);
console.log("by origin:");
for (const [o, n] of [...byOrigin].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(7)}  ${o}`);
console.log(`\nlargest ${listed} functions:`);
for (const f of [...functions].sort((a, b) => b.size - a.size).slice(0, Number(listed))) {
  console.log(`${String(f.size).padStart(7)}  ${f.name.replace(/\[[0-9a-f]{16}\]|::h[0-9a-f]{16}$/g, "").slice(0, 140)}`);
}

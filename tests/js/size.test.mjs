// The size budget of issue #3: what a page that imports `hwc-kyc` loads (the .wasm and the
// browser bundle, gzip -9) stays within 50 KB, plus what two features measured since then cost:
// issue #20's rules (the WHATWG e-mail grammar, the percent-escape check of attachment paths and
// their messages in three languages, +213 B) and issue #16's exported enum tables with core's one
// issue writer (+404 B). A feature is not traded for bytes; issue #15 replaces this budget. `hwc-kyc/client` (with KycClient) has no budget of
// its own; its figure is printed beside. BENCHMARKS.md ("npm package (wasm)") has the breakdown
// and what was tried; `cargo xtask pkg` prints the same figures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
const BUDGET = 50_650;

/** Bytes of `file` compressed by the gzip tool at -9, as the budget and `cargo xtask pkg` count
 * (zlib's level 9 writes a few hundred bytes more for the .wasm). */
function gzip9(file) {
  const out = spawnSync("gzip", ["-9", "-c", file], { maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error(`gzip -9 ${file}: ${out.stderr}`);
  return out.stdout.length;
}

/** gzip -9 bytes of the files a page loads from the entry in `dir`. */
function pageBytes(dir) {
  return gzip9(pkg + dir + "hwc_kyc_bg.wasm") + gzip9(pkg + dir + "index.js");
}

test(`a page with hwc-kyc loads at most ${BUDGET} bytes (gzip -9)`, (t) => {
  const forms = pageBytes("");
  t.diagnostic(`hwc-kyc: ${forms} B; hwc-kyc/client: ${pageBytes("client/")} B`);
  assert.ok(forms <= BUDGET, `hwc-kyc's .wasm + index.js are ${forms} B gzip -9, over the ${BUDGET} B budget`);
});

// The browser side of the side-by-side run: browser.mjs bundles this with the package and the
// peers, and calls `window.runBench` from Playwright. The package's browser entry instantiates
// its wasm with top-level await, so it is ready once this module has run.
import * as pkg from "hwc-kyc";
import { run } from "./run.mjs";

/**
 * What instantiating the package's module costs a page, in ms: compiling the .wasm the page
 * fetched (`/hwc_kyc_bg.wasm`, the entry's own) and instantiating it, as the entry does at load
 * (imports stubbed: nothing runs at instantiation). Median and slowest of `repeats`.
 */
async function instantiation(repeats = 21) {
  const bytes = await (await fetch("/hwc_kyc_bg.wasm")).arrayBuffer();
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const module = await WebAssembly.compile(bytes);
    const imports = {};
    for (const { module: from, name } of WebAssembly.Module.imports(module)) {
      (imports[from] ??= {})[name] = () => {
        throw new Error(`${from}.${name} called while instantiating`);
      };
    }
    await WebAssembly.instantiate(module, imports);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { bytes: bytes.byteLength, medianMs: times[repeats >> 1], maxMs: times[repeats - 1], repeats };
}

window.runBench = async (vectors, options) => {
  return { ...run(pkg, vectors, options), instantiation: await instantiation(), userAgent: navigator.userAgent };
};

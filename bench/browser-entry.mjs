// The browser side of the side-by-side run: browser.mjs bundles this with the package and the
// peers, and calls `window.runBench` from Playwright. The package's browser entry instantiates
// its wasm with top-level await, so it is ready once this module has run.
import * as pkg from "hwc-kyc";
import { run } from "./run.mjs";

window.runBench = async (vectors, options) => {
  return { ...run(pkg, vectors, options), userAgent: navigator.userAgent };
};

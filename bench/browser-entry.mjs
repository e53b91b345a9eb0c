// The browser side of the side-by-side run: browser.mjs bundles this with the package and the
// peers, and calls `window.runBench` from Playwright.
import * as pkg from "hwc-kyc";
import { run } from "./run.mjs";

window.runBench = async (vectors, options) => {
  if (typeof pkg.ready === "object" || typeof pkg.ready === "function") await pkg.ready;
  return { ...run(pkg, vectors, options), userAgent: navigator.userAgent };
};

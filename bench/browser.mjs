// The side-by-side run in headless Chromium: bundles browser-entry.mjs (package + peers + timing
// loop) with esbuild, serves it and the package's .wasm from memory through Playwright's request
// routing (no server, no network), and calls `window.runBench`.
//
// Chromium is the system's (/usr/bin/chromium, or CHROMIUM); Playwright never downloads one.
import fs from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { launchChromium } from "../tests/chromium.mjs";
import * as pkg from "./pkg.mjs";

const BENCH = path.dirname(new URL(import.meta.url).pathname);
const ORIGIN = "http://hwc-kyc-bench.invalid";


async function bundle() {
  const target = pkg.entry(["browser", "import"]);
  const r = await esbuild.build({
    entryPoints: [path.join(BENCH, "browser-entry.mjs")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    plugins: [
      {
        name: "hwc-kyc",
        setup(b) {
          b.onResolve({ filter: /^hwc-kyc$/ }, () => ({ path: target }));
        },
      },
    ],
  });
  return r.outputFiles[0].contents;
}

/** Runs the benchmark in headless Chromium; returns its result and the browser's version. */
export async function runInChromium(vectors, options) {
  const js = await bundle();
  const files = new Map([
    ["/", { body: '<!doctype html><meta charset="utf-8"><script type="module" src="/bench.js"></script>', type: "text/html" }],
    ["/bench.js", { body: Buffer.from(js), type: "text/javascript" }],
  ]);
  // The package's glue fetches its .wasm relative to the module, which is /bench.js here.
  for (const f of pkg.wasmFiles()) {
    files.set(`/${path.basename(f)}`, { body: fs.readFileSync(f), type: "application/wasm" });
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // An error while the page loads (the package failing to instantiate) ends the run at once.
    const failed = new Promise((_, reject) => page.on("pageerror", (e) => reject(new Error(`chromium: ${e.message}`))));
    failed.catch(() => {}); // handled by the races below; later errors must not crash Node
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const file = url.origin === ORIGIN ? files.get(url.pathname) : undefined;
      if (!file) return route.fulfill({ status: 404, body: "not found" });
      return route.fulfill({ status: 200, body: file.body, contentType: file.type });
    });
    await page.goto(`${ORIGIN}/`);
    const ready = page.waitForFunction(() => typeof window.runBench === "function", null, { timeout: 30_000 });
    await Promise.race([ready, failed]);
    const result = await Promise.race([page.evaluate(([v, o]) => window.runBench(v, o), [vectors, options]), failed]);
    return { ...result, browser: `Chromium ${browser.version()}` };
  } finally {
    await browser.close();
  }
}

// Entry for browsers and bundlers (Vite, webpack 5, a plain <script type="module">): fetches and
// instantiates the wasm module with top-level await, so `import { validate } from "hwc-kyc"` is
// ready to use without an init call. Bundlers see `new URL(..., import.meta.url)` and ship the
// .wasm file as an asset. Pages with a Content-Security-Policy need 'wasm-unsafe-eval'.
import init from "./hwc_kyc.js";
import { setup } from "./api.js";

setup(await init({ module_or_path: new URL("./hwc_kyc_bg.wasm", import.meta.url) }));

export * from "./exports.js";

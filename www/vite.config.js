// Builds the demo pages into www/dist/, which the proxy serves in demo mode (`cargo xtask demo`
// sets HWC_KYC_WWW_DIR to it). Every page imports the package by name, `import … from "hwc-kyc"`,
// as a partner's front end does; the page CSP (`script-src 'self' 'wasm-unsafe-eval'`) forbids the
// inline import map a bundler-free page would need, so the plain pages are bundled too.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "/",
  logLevel: "warn",
  resolve: {
    // In a partner's project `npm install hwc-kyc` makes this alias unnecessary; here the package
    // is the one `cargo xtask pkg` just built into pkg/.
    alias: { "hwc-kyc": here("../pkg/index.js") },
  },
  build: {
    outDir: here("dist"),
    emptyOutDir: true,
    // Readable output: this is a demo to learn from.
    minify: false,
    rolldownOptions: {
      input: {
        index: here("index.html"),
        checkIdentity: here("checkIdentity.html"),
        individualRealnameAuth: here("individualRealnameAuth.html"),
        enterpriseRealnameAuth: here("enterpriseRealnameAuth.html"),
        react: here("react/enterpriseRealnameAuth.html"),
      },
    },
  },
});

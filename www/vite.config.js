// Builds the demo pages into www/dist/, which the proxy serves in demo mode (`cargo xtask demo`
// sets HWC_KYC_WWW_DIR to it). Every page imports the package by name, as a partner's front end
// does: `import … from "hwc-kyc/client"`, because the pages submit through KycClient and an app
// that does takes everything from that entry (one wasm module). The page CSP (`script-src 'self'
// 'wasm-unsafe-eval'`) forbids the inline import map a bundler-free page would need, so the plain
// pages are bundled too.
import { fileURLToPath } from "node:url";
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "/",
  // Vue single-file components (the Vue page); JSX (the React page) is Vite's own.
  plugins: [vue()],
  logLevel: "warn",
  resolve: {
    // In a partner's project `npm install hwc-kyc` makes this alias unnecessary; here the package
    // is the one `cargo xtask pkg` just built into pkg/.
    alias: [
      { find: /^hwc-kyc$/, replacement: here("../pkg/index.js") },
      { find: /^hwc-kyc\/client$/, replacement: here("../pkg/client/index.js") },
      { find: /^hwc-kyc\/locales\/(.+)$/, replacement: here("../pkg/locales/") + "$1.js" },
    ],
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
        vue: here("vue/enterpriseRealnameAuth.html"),
      },
    },
  },
});

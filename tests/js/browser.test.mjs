// The built package in headless Chromium (Debian's, driven by playwright-core): bundled by Vite
// from `import … from "hwc-kyc"` and from `"hwc-kyc/client"`, and loaded by a plain
// <script type="module"> page through an import map, under a Content-Security-Policy that allows
// only 'self' and 'wasm-unsafe-eval'.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "vite";
import { launchChromium } from "../chromium.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = join(root, "pkg");
const work = join(root, "target/js-browser-test");

// What each page runs: one call of each kind, reported on window.__result. The `hwc-kyc/client`
// page runs the same calls from that entry, and KycClient with an invalid value (no network).
const pageScript = (entry) => `
import { validate, validateField, buildRequest, schemas, locales, registerLocale } from "${entry}";
import zhCN from "hwc-kyc/locales/zh-CN";
// English is built in; the page offers zh-CN too, so it registers its pack.
registerLocale(zhCN);
${entry === "hwc-kyc/client" ? `import { KycClient, parseResponse } from "hwc-kyc/client";` : ""}
const form = { customer_id: "c-1", verified_file_url: ["a.jpg"], corp_name: "123", verified_number: "9" };
window.__result = {
  issues: validate("enterpriseRealnameAuth", form, { locale: "zh-CN" }).issues.map((i) => [i.path.join("."), i.code, i.message]),
  field: validateField("checkIdentity", "search_value", { search_type: "email", search_value: "x" }).map((i) => i.code),
  body: buildRequest("checkIdentity", { search_type: "name", search_value: "ceshiyonghu001" }).request.body,
  schema: schemas.checkIdentity["~standard"].vendor,
  locales,
  ${entry === "hwc-kyc/client" ? `review: parseResponse("individualRealnameAuth", 200, '{"is_review":"1"}').value.is_review,
  client: (await new KycClient({ baseUrl: "/kyc" }).checkIdentity({ search_type: "email" })).error.kind,` : ""}
};
`;
const PAGE_SCRIPT = pageScript("hwc-kyc");

const EXPECTED = {
  issues: [["corp_name", "no_letter", "不能只包含数字、空格或特殊字符，至少需要一个文字字符。"]],
  field: ["invalid_email"],
  body: '{"search_type":"name","search_value":"ceshiyonghu001"}',
  schema: "hwc-kyc",
  locales: ["en", "zh-CN", "es"],
};

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-hwc'";

/** Serves `mounts` (URL prefix → directory) on 127.0.0.1 with the CSP header. */
function serve(mounts) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (url.pathname === "/favicon.ico") return res.writeHead(204).end();
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const rel = normalize(url.pathname.slice(prefix.length) || "index.html");
      if (rel.startsWith("..")) break;
      const file = join(dir, rel.endsWith("/") ? rel + "index.html" : rel);
      if (!existsSync(file)) break;
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] || "application/octet-stream",
        "content-security-policy": CSP,
      });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let browser;
let server;
let base;

before(async () => {
  rmSync(work, { recursive: true, force: true });
  // A bundler project that depends on the package by name.
  const app = join(work, "vite-app");
  mkdirSync(join(app, "node_modules"), { recursive: true });
  symlinkSync(pkg, join(app, "node_modules/hwc-kyc"), "dir");
  writeFileSync(join(app, "main.js"), PAGE_SCRIPT);
  writeFileSync(join(app, "index.html"), '<!doctype html><title>vite</title><script type="module" src="./main.js"></script>');
  writeFileSync(join(app, "client.js"), pageScript("hwc-kyc/client"));
  writeFileSync(join(app, "client.html"), '<!doctype html><title>vite client</title><script type="module" src="./client.js"></script>');
  await build({
    root: app,
    base: "./",
    logLevel: "warn",
    build: {
      outDir: join(app, "dist"),
      emptyOutDir: true,
      rolldownOptions: { input: { index: join(app, "index.html"), client: join(app, "client.html") } },
    },
  });
  // A plain page: no bundler, an import map names the package.
  const plain = join(work, "plain");
  mkdirSync(plain, { recursive: true });
  writeFileSync(join(plain, "main.js"), PAGE_SCRIPT);
  writeFileSync(
    join(plain, "index.html"),
    '<!doctype html><title>plain</title>' +
      '<script type="importmap" nonce="hwc">{"imports":{"hwc-kyc":"/pkg/index.js","hwc-kyc/locales/zh-CN":"/pkg/locales/zh-CN.js"}}</script>' +
      '<script type="module" src="./main.js"></script>',
  );
  server = await serve({ "/vite/": join(app, "dist"), "/plain/": plain, "/pkg/": pkg });
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** What the page at `path` reported, and the .wasm files it fetched. */
async function loadPage(path) {
  const page = await browser.newPage();
  const errors = [];
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(new URL(r.url()).pathname));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(base + path);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 15_000 }).catch(() => {});
  const result = await page.evaluate(() => window.__result);
  await page.close();
  assert.deepEqual(errors, []);
  return { result, wasm };
}

async function resultOf(path) {
  return (await loadPage(path)).result;
}

test("Vite bundles `import from \"hwc-kyc\"` with the wasm as an asset, and it runs in Chromium", async () => {
  const assets = readdirSync(join(work, "vite-app/dist/assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `no .wasm among ${assets}`);
  const { result, wasm } = await loadPage("/vite/");
  assert.deepEqual(result, EXPECTED);
  assert.equal(wasm.length, 1, `one module: ${wasm}`);
});

test("Vite bundles `import from \"hwc-kyc/client\"`: its own module, the same answers, and KycClient", async () => {
  const assets = readdirSync(join(work, "vite-app/dist/assets")).filter((f) => f.endsWith(".wasm"));
  assert.equal(assets.length, 2, `each entry's module is an asset: ${assets}`);
  const forms = (await loadPage("/vite/")).wasm;
  const { result, wasm } = await loadPage("/vite/client.html");
  assert.deepEqual(result, { ...EXPECTED, review: true, client: "invalid" });
  assert.equal(wasm.length, 1, `one module: ${wasm}`);
  assert.notEqual(wasm[0], forms[0], "the client entry loads its own build");
});

test("a plain <script type=\"module\"> page imports the package through an import map under a strict CSP", async () => {
  assert.deepEqual(await resultOf("/plain/"), EXPECTED);
});

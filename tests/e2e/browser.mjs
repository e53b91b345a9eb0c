// Shared by the end-to-end tests: Debian's Chromium driven headless by playwright-core, pages of
// the running demo server (`cargo xtask test` starts one and passes its address in
// HWC_KYC_DEMO_URL), screenshots into tests/e2e/artifacts/, and the package itself (the Node
// entry of `hwc-kyc/client`, which the demo imports) for the expected messages and descriptions,
// so a test never restates a text core owns.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../chromium.mjs";
import { registerLocale } from "../../pkg/client/node.js";
import zhCN from "../../pkg/locales/zh-CN.js";
import es from "../../pkg/locales/es.js";

export * as kyc from "../../pkg/client/node.js";

// The demo offers zh-CN and es, and registers their packs: so do the expectations.
registerLocale(zhCN);
registerLocale(es);

export const BASE = (process.env.HWC_KYC_DEMO_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
/** Longest wait of any single browser action or expectation. */
const ACTION_TIMEOUT_MS = 15_000;

/** Headless Chromium with the flags of a quiet, offline machine. */
export function launch() {
  return launchChromium({ timeout: 30_000 });
}

/**
 * Opens `path` of the demo in a fresh context (English browser, nothing stored) and waits until
 * the page's module has run. `problems` collects page errors, console errors (a CSP violation
 * is one) and failed responses; `requests` every URL path the page asked for.
 */
export async function open(browser, path) {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1024, height: 900 } });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("console", (m) => {
    // A failed response is logged by Chromium too; the response handler below judges those.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
  });
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  page.on("response", (r) => {
    // The demo's own refusals are answers under test; any other 4xx/5xx is a broken page.
    const api = /^\/(v2|uploads)\//.test(new URL(r.url()).pathname + "/");
    if (r.status() >= 400 && !api) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(BASE + path);
  await page.locator("header.site").waitFor();
  // Every scenario ends with the junk check of its page, in every locale.
  const close = async () => {
    try {
      await assertNoJunkInEveryLocale(page, path);
    } finally {
      await context.close();
    }
  };
  return { page, problems, requests, close };
}

/** The locales of the demo's switch. */
export const LOCALES = ["en", "zh-CN", "es"];

// The demo's message keys (`"result.available": [...]` in www/js/i18n.js): `t()` shows a key it
// has no text for as the key itself, so a key on the page is a text that was never translated.
const KEYS = [...readFileSync(new URL("../../www/js/i18n.js", import.meta.url), "utf8").matchAll(/^\s*"([a-zA-Z]+\.[\w.-]+)":/gm)].map(
  (m) => m[1],
);
const KEY_PREFIXES = [...new Set(KEYS.map((k) => k.split(".")[0]))];
const UNTRANSLATED = new RegExp(`(?<![\\w@/.-])(?:${KEY_PREFIXES.join("|")})\\.[A-Za-z_][\\w.-]*`);
// What a value rendered by mistake looks like: null and undefined as text (also run together,
// "nullnull"), NaN, an object's default string.
const JUNK = [/null/, /undefined/, /NaN/, /\[object /];

/** Fails when the visible text of `page` holds junk or an untranslated message key. */
export async function assertNoJunk(page, where) {
  const text = await page.locator("body").innerText();
  for (const pattern of [...JUNK, UNTRANSLATED]) {
    const found = text.match(pattern);
    assert.equal(found, null, `${where}: the page shows ${JSON.stringify(found?.[0])} in …${text.slice(Math.max(0, (found?.index ?? 0) - 80), (found?.index ?? 0) + 80)}…`);
  }
}

/**
 * The junk check of `page` as the scenario left it, then in each locale of the switch (the
 * page's messages are re-rendered on a switch), back in the locale it had.
 */
export async function assertNoJunkInEveryLocale(page, where) {
  const select = page.locator("#locale");
  if ((await select.count()) === 0) return;
  const kept = await select.inputValue();
  await assertNoJunk(page, `${where} (${kept})`);
  for (const locale of LOCALES.filter((l) => l !== kept)) {
    await select.selectOption(locale);
    await page.waitForFunction((l) => document.documentElement.lang === l, locale);
    await assertNoJunk(page, `${where} (${locale})`);
  }
  await select.selectOption(kept);
}

/** Waits until a real-name page has its demo customers (the select is filled asynchronously). */
export async function customersLoaded(page) {
  await page.locator('select[name="customer_id"] option[value="cust-enterprise-001"]').waitFor({ state: "attached" });
}

/** The message element of the control `selector` (what its aria-describedby names last). */
export async function messageOf(page, selector) {
  const ids = (await page.locator(selector).getAttribute("aria-describedby")) ?? "";
  const id = ids.split(" ").filter(Boolean).pop();
  return page.locator(`[id="${id}"]`);
}

/** Saves a full-page screenshot as tests/e2e/artifacts/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** A real 1×1 PNG: what a picker should accept. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** A picked file for `setInputFiles`. */
export function file(name, buffer = PNG, mimeType = "image/png") {
  return { name, mimeType, buffer };
}

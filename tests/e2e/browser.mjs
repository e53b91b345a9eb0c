// Shared by the end-to-end tests: Debian's Chromium driven headless by playwright-core, pages of
// the running demo server (`cargo xtask test` starts one and passes its address in
// HWC_KYC_DEMO_URL), screenshots into tests/e2e/artifacts/, and the package itself (its Node
// entry) for the expected messages, so a test never restates a message core owns.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../chromium.mjs";
import { registerLocale } from "../../pkg/node.js";
import zhCN from "../../pkg/locales/zh-CN.js";
import es from "../../pkg/locales/es.js";

export * as kyc from "../../pkg/node.js";

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
  return { page, problems, requests, close: () => context.close() };
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

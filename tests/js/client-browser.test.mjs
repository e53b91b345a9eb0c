// KycClient of the built package in headless Chromium (Debian's, driven by playwright-core),
// against the real hwc-kyc-proxy and its simulator (crates/test-server). The page comes from
// one origin and calls the proxy on another, as a partner's portal does: every call goes
// through the proxy's CORS (the preflight must allow X-Request-Id; Retry-After and X-Request-Id
// must be exposed for the client to read them).
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { launchChromium } from "../chromium.mjs";

import { PNG, exhaustCheckIdentity, root, startServer } from "./client-harness.mjs";

const ID = /^[0-9a-f]{32}$/;
const pages = join(root, "target/js-client-browser");

let server;
let browser;
let page;

/** A page of `harness`'s page origin with `window.KycClient` loaded from the package. */
async function openPage(harness) {
  const p = await browser.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  await p.goto(`${harness.pages}/index.html`);
  await p.waitForFunction(() => window.KycClient !== undefined, null, { timeout: 15_000 });
  assert.deepEqual(errors, []);
  return p;
}

before(async () => {
  rmSync(pages, { recursive: true, force: true });
  mkdirSync(pages, { recursive: true });
  writeFileSync(
    join(pages, "index.html"),
    '<!doctype html><title>KycClient</title>' +
      '<script type="importmap">{"imports":{"hwc-kyc/client":"/pkg/client/index.js","hwc-kyc/locales/zh-CN":"/pkg/locales/zh-CN.js","hwc-kyc/locales/es":"/pkg/locales/es.js"}}</script>' +
      '<script type="module" src="./main.js"></script>',
  );
  writeFileSync(
    join(pages, "main.js"),
    'import { KycClient, registerLocale } from "hwc-kyc/client";\n' +
      'import zhCN from "hwc-kyc/locales/zh-CN";\nimport es from "hwc-kyc/locales/es";\n' +
      "registerLocale(zhCN);\nregisterLocale(es);\nwindow.KycClient = KycClient;\n",
  );
  server = await startServer(["--pages", pages, "--pkg", join(root, "pkg")]);
  browser = await launchChromium();
  page = await openPage(server);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  await server.reset();
});

/** What reached the proxy, without CORS preflights. */
async function sent(harness = server) {
  return (await harness.requests()).filter((r) => r.method !== "OPTIONS");
}

const email = { search_type: "email", search_value: "new-user@example.com" };

test("each method succeeds from a page on another origin, with the request id it sent", async () => {
  const individual = await server.token("cust-individual-001");
  const enterprise = await server.token("cust-enterprise-001");
  const out = await page.evaluate(
    async ({ api, individual, enterprise, png }) => {
      const check = await new KycClient({ baseUrl: api, locale: "es" }).checkIdentity({
        search_type: "email",
        search_value: "new-user@example.com",
      });
      const person = new KycClient({ baseUrl: api, getToken: () => individual });
      const file = new File([new Uint8Array(png)], "front.png", { type: "image/png" });
      const front = await person.uploadAttachment(file);
      const back = await person.uploadAttachment(file, { fileName: "back.png" });
      const submitted = await person.submitIndividual({
        customer_id: "cust-individual-001",
        verified_type: 3,
        verified_file_url: [front.value?.path, back.value?.path],
        name: "Wang Wei",
        verified_number: "E12345678",
      });
      const review = await person.reviewResult("cust-individual-001");
      const company = await new KycClient({ baseUrl: api, getToken: async () => enterprise }).submitEnterprise({
        customer_id: "cust-enterprise-001",
        verified_file_url: ["lic/front.jpg", "lic/back.jpg"],
        corp_name: "Example Trading Ltd",
        verified_number: "91110000600037",
      });
      return { check, front, back, submitted, review, company };
    },
    { api: server.api, individual, enterprise, png: [...PNG] },
  );
  for (const [name, r] of Object.entries(out)) {
    assert.equal(r.ok, true, `${name}: ${JSON.stringify(r)}`);
    assert.match(r.requestId, ID);
  }
  assert.equal(out.check.value.check_result, "available");
  assert.match(out.front.value.path, /^cust-individual-001\/.+\.png$/);
  assert.equal(out.back.value.file_name, "back.png");
  assert.equal(typeof out.submitted.value.is_review, "boolean");
  assert.ok([0, 1, 2].includes(out.review.value.review_result));
  assert.equal(typeof out.company.value.is_review, "boolean");
  const seen = await sent();
  assert.deepEqual(
    seen.map((s) => s.headers["x-request-id"]),
    [out.check, out.front, out.back, out.submitted, out.review, out.company].map((r) => r.requestId),
  );
  assert.equal(seen[0].headers["accept-language"], "es");
  assert.equal(seen[3].headers.authorization, `Bearer ${individual}`);
});

test("an invalid value is `invalid` and nothing at all is sent (no preflight either)", async () => {
  const out = await page.evaluate(async (api) => {
    let tokens = 0;
    const kyc = new KycClient({ baseUrl: api, getToken: () => (tokens++, "t") });
    const check = await kyc.checkIdentity({ search_type: "mobile", search_value: "12345" });
    const upload = await kyc.uploadAttachment(new File(["%PDF-1.7"], "scan.exe"));
    return { check: check.error, upload: upload.error, tokens };
  }, server.api);
  assert.equal(out.check.kind, "invalid");
  assert.deepEqual(out.check.issues.map((i) => i.code), ["invalid_mobile"]);
  assert.equal(out.upload.kind, "invalid");
  assert.deepEqual(out.upload.issues.map((i) => [i.path.join("."), i.code]), [["file_name", "invalid_extension"]]);
  assert.equal(out.tokens, 0);
  assert.deepEqual(await server.requests(), []);
});

test("http errors: 401, 403 and CBC.99007188, with codes, categories and descriptions", async () => {
  const other = await server.token("cust-individual-002");
  const verified = await server.token("cust-verified-001");
  const out = await page.evaluate(
    async ({ api, other, verified }) => {
      const person = (customer_id) => ({
        customer_id,
        verified_type: "3",
        verified_file_url: ["a/front.jpg", "a/back.jpg"],
        name: "Wang Wei",
        verified_number: "E12345678",
      });
      const anonymous = await new KycClient({ baseUrl: api }).submitIndividual(person("cust-individual-001"));
      const wrong = await new KycClient({ baseUrl: api, getToken: () => other }).submitIndividual(
        person("cust-individual-001"),
      );
      const done = await new KycClient({ baseUrl: api, getToken: () => verified, locale: "zh-CN" }).submitEnterprise({
        customer_id: "cust-verified-001",
        verified_file_url: ["lic/front.jpg"],
        corp_name: "Example Trading Ltd",
        verified_number: "91110000600037",
      });
      return [anonymous.error, wrong.error, done.error];
    },
    { api: server.api, other, verified },
  );
  assert.deepEqual(
    out.map((e) => [e.kind, e.status, e.code, e.category]),
    [
      ["http", 401, "KYC.0401", "auth"],
      ["http", 403, "KYC.0403", "auth"],
      ["http", 400, "CBC.99007188", "business"],
    ],
  );
  for (const e of out) {
    assert.match(e.serverRequestId, ID, "X-Request-Id is exposed to the page");
    assert.equal(typeof e.description, "string");
  }
  assert.match(out[2].description, /[\u4e00-\u9fff]/);
});

test("network, timeout and aborted", async () => {
  await server.fault("latency=3000");
  const out = await page.evaluate(
    async ({ api, closed }) => {
      const network = await new KycClient({ baseUrl: closed }).reviewResult("c-1");
      const email = { search_type: "email", search_value: "a@example.com" };
      const t0 = performance.now();
      const timeout = await new KycClient({ baseUrl: api, timeoutMs: 300 }).checkIdentity(email);
      const t1 = performance.now();
      const controller = new AbortController();
      setTimeout(() => controller.abort("closed the form"), 100);
      const aborted = await new KycClient({ baseUrl: api }).checkIdentity(email, { signal: controller.signal });
      const t2 = performance.now();
      return { network: network.error, timeout: timeout.error, aborted: aborted.error, times: [t1 - t0, t2 - t1] };
    },
    { api: server.api, closed: server.closed },
  );
  assert.equal(out.network.kind, "network");
  assert.equal(out.timeout.kind, "timeout");
  assert.equal(out.timeout.timeoutMs, 300);
  assert.equal(out.aborted.kind, "aborted");
  assert.equal(out.aborted.reason, "closed the form");
  assert.ok(out.times.every((t) => t < 2_500), `stopped early: ${out.times}`);
});

test("reads and (keyed) submissions are repeated on 503, each with one request id", async () => {
  await server.fault("status=503");
  const token = await server.token("cust-individual-001");
  const out = await page.evaluate(
    async ({ api, token }) => {
      const kyc = new KycClient({ baseUrl: api, getToken: () => token });
      const check = await kyc.checkIdentity({ search_type: "email", search_value: "a@example.com" });
      const submit = await kyc.submitIndividual({
        customer_id: "cust-individual-001",
        verified_type: "3",
        verified_file_url: ["a/front.jpg", "a/back.jpg"],
        name: "Wang Wei",
        verified_number: "E12345678",
      });
      return [check.error, submit.error];
    },
    { api: server.api, token },
  );
  assert.deepEqual(out.map((e) => [e.kind, e.status]), [
    ["http", 503],
    ["http", 503],
  ]);
  const ids = (await sent()).map((s) => s.headers["x-request-id"]);
  // A submission carries an Idempotency-Key, so the client repeats it like a read (an answer of
  // 500 and above is not kept: each repeat is forwarded again, under the same request id).
  const [check, submit] = [out[0].requestId, out[1].requestId];
  assert.deepEqual(ids, [check, check, check, submit, submit, submit]);
});

test("429: the page reads Retry-After across origins, waits it, and succeeds", async () => {
  // 20 a minute: a token every 3 s, so the page's call reliably meets the 429 (see client.test.mjs).
  const limited = await startServer(["--pages", pages, "--pkg", join(root, "pkg"), "--check-identity-per-minute", "20"]);
  try {
    const limitedPage = await openPage(limited);
    const check = (timeoutMs) =>
      limitedPage.evaluate(
        async ({ api, timeoutMs }) =>
          new KycClient({ baseUrl: api, timeoutMs }).checkIdentity({
            search_type: "email",
            search_value: "a@example.com",
          }),
        { api: limited.api, timeoutMs },
      );
    assert.ok(Number(await exhaustCheckIdentity(limited.proxy)) >= 1);
    const waited = await check(10_000);
    assert.equal(waited.ok, true, JSON.stringify(waited));
    assert.equal((await sent(limited)).length, 2);

    await limited.reset();
    await exhaustCheckIdentity(limited.proxy);
    const hurried = await check(800);
    assert.equal(hurried.error.status, 429);
    assert.ok([1000, 2000, 3000, 4000].includes(hurried.error.retryAfterMs), `Retry-After is exposed to the page: ${hurried.error.retryAfterMs}`);
    assert.equal((await sent(limited)).length, 1);
    await limitedPage.close();
  } finally {
    await limited.close();
  }
});

// KycClient of the built package (pkg/client/, `hwc-kyc/client`) in Node, against the real hwc-kyc-proxy and its
// simulator on 127.0.0.1 (crates/test-server): every method's success, every error kind,
// timeout, abort, retries, and invalid values that send nothing. The front of the test server
// records what reaches it, so "nothing was sent" and "sent three times with one request id" are
// read from the server's side.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";

import { KycClient, registerLocale } from "../../pkg/client/node.js";
import zhCN from "../../pkg/locales/zh-CN.js";
import es from "../../pkg/locales/es.js";
import { PNG, enterprise, exhaustCheckIdentity, passport, startServer } from "./client-harness.mjs";

const ID = /^[0-9a-f]{32}$/;
const CHECK = "/v2/partners/sub-customers/users/check-identity";
const INDIVIDUAL = "/v2/customers/realname-auths/individual";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.close();
});

beforeEach(async () => {
  await server.reset();
});

const email = (value) => ({ search_type: "email", search_value: value });

// The client entry is a module of its own: the packs are registered with it.
registerLocale(zhCN);
registerLocale(es);

function client(options = {}) {
  return new KycClient({ baseUrl: server.api, ...options });
}

/** A client whose token is `customerId`'s, counting the calls of getToken. */
async function clientFor(customerId, options = {}) {
  const token = await server.token(customerId);
  const calls = { n: 0 };
  const kyc = client({
    getToken: async () => {
      calls.n++;
      return token;
    },
    ...options,
  });
  return { kyc, token, calls };
}

test("checkIdentity answers the check with the request id it sent", async () => {
  const r = await client({ locale: "es" }).checkIdentity(email("new-user@example.com"));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.value.check_result, "available");
  assert.match(r.requestId, ID);
  const seen = await server.requests();
  assert.equal(seen.length, 1);
  assert.equal(seen[0].method, "POST");
  assert.equal(seen[0].path, CHECK);
  assert.equal(seen[0].headers["x-request-id"], r.requestId);
  assert.equal(seen[0].headers["accept-language"], "es");
  assert.equal(seen[0].headers.authorization, undefined, "no getToken, no Authorization");
});

test("checkIdentity reports a registered account", async () => {
  const r = await client().checkIdentity({ search_type: "name", search_value: "existing-user" });
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.value.check_result, "used_by_user");
});

test("uploadAttachment stores a file, and submitIndividual submits with its path and the caller token", async () => {
  const { kyc, token, calls } = await clientFor("cust-individual-001", { headers: { "X-Portal": "shop-eu" } });
  const front = await kyc.uploadAttachment(new File([PNG], "front.png", { type: "image/png" }));
  assert.equal(front.ok, true, JSON.stringify(front));
  assert.match(front.value.path, /^cust-individual-001\/[0-9a-f]+\.png$/);
  assert.equal(front.value.file_name, "front.png");
  assert.equal(front.value.size, PNG.length);
  const back = await kyc.uploadAttachment(new Blob([PNG]), { fileName: "back.png" });
  assert.equal(back.ok, true, JSON.stringify(back));

  const r = await kyc.submitIndividual(passport("cust-individual-001", [front.value.path, back.value.path]));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(typeof r.value.is_review, "boolean");
  assert.equal(calls.n, 3, "getToken once per call");
  const seen = await server.requests();
  assert.deepEqual(
    seen.map((s) => [s.method, s.path]),
    [
      ["POST", "/uploads"],
      ["POST", "/uploads"],
      ["POST", INDIVIDUAL],
    ],
  );
  for (const s of seen) {
    assert.equal(s.headers.authorization, `Bearer ${token}`);
    assert.equal(s.headers["x-portal"], "shop-eu");
    assert.match(s.headers["x-request-id"], ID);
  }
  assert.match(seen[0].headers["content-type"], /^multipart\/form-data; boundary=/);
  assert.equal(seen[2].headers["x-request-id"], r.requestId);
});

test("submitEnterprise submits an enterprise's authentication", async () => {
  const { kyc } = await clientFor("cust-enterprise-001");
  const r = await kyc.submitEnterprise(enterprise("cust-enterprise-001"));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(typeof r.value.is_review, "boolean");
});

test("reviewResult reads a submission's review, given the customer id or { customer_id }", async () => {
  const { kyc } = await clientFor("cust-review-001");
  const byId = await kyc.reviewResult("cust-review-001");
  assert.equal(byId.ok, true, JSON.stringify(byId));
  assert.ok([0, 1, 2].includes(byId.value.review_result));
  const byForm = await kyc.reviewResult({ customer_id: "cust-review-001" });
  assert.equal(byForm.ok, true, JSON.stringify(byForm));
  const seen = await server.requests();
  assert.equal(seen[0].method, "GET");
  assert.equal(seen[0].path, "/v2/customers/realname-auths/result?customer_id=cust-review-001");
});

test("an invalid value is `invalid` with every issue, and nothing is sent (not even to getToken)", async () => {
  const { kyc, calls } = await clientFor("cust-individual-001", { locale: "zh-CN" });
  const bad = await kyc.checkIdentity(email("nobody"));
  assert.equal(bad.ok, false);
  assert.equal(bad.error.kind, "invalid");
  assert.match(bad.error.requestId, ID);
  assert.deepEqual(
    bad.error.issues.map((i) => [i.path.join("."), i.code]),
    [["search_value", "invalid_email"]],
  );
  assert.match(bad.error.issues[0].message, /[\u4e00-\u9fff]/, "the message is in zh-CN");

  const form = { ...passport("cust-individual-001"), name: "", verified_file_url: ["../x.jpg"] };
  const many = await kyc.submitIndividual(form, { locale: "en" });
  assert.equal(many.error.kind, "invalid");
  assert.deepEqual(many.error.issues.map((i) => i.code).sort(), ["empty", "path_traversal", "too_few_items"]);

  // What JSON cannot say crosses as the package's encoder writes it: a BigInt is named, a
  // throwing getter is unreadable, a lone surrogate is ill-formed text.
  const hostile = {
    search_type: 10n,
    get search_value() {
      throw new Error("boom");
    },
  };
  const odd = await kyc.checkIdentity(hostile, { locale: "en" });
  assert.equal(odd.error.kind, "invalid");
  assert.deepEqual(
    odd.error.issues.map((i) => [i.path.join("."), i.code, i.params.received]),
    [["search_type", "invalid_type", "bigint"], ["search_value", "unreadable", undefined]],
  );
  const surrogate = await kyc.submitIndividual({ ...passport("cust-individual-001"), name: "Wang\uD800" }, { locale: "en" });
  assert.deepEqual(surrogate.error.issues.map((i) => [i.path.join("."), i.code]), [["name", "ill_formed_text"]]);

  const notAnImage = await kyc.uploadAttachment(new File([new TextEncoder().encode("hello")], "notes.png"));
  assert.equal(notAnImage.error.kind, "invalid");
  assert.deepEqual(notAnImage.error.issues.map((i) => [i.path.join("."), i.code]), [["content", "content_mismatch"]]);

  assert.equal(calls.n, 0);
  assert.deepEqual(await server.requests(), []);
  assert.equal(await server.upstream(), 0);
});

test("http: 401 without a caller token, with the proxy's code and a localized description", async () => {
  const r = await client({ locale: "es" }).submitIndividual(passport("cust-individual-001"));
  assert.equal(r.ok, false);
  const e = r.error;
  assert.equal(e.kind, "http");
  assert.equal(e.operation, "individualRealnameAuth");
  assert.equal(e.status, 401);
  assert.equal(e.code, "KYC.0401");
  assert.equal(e.category, "auth");
  assert.equal(typeof e.description, "string");
  assert.notEqual(e.description, "", "described in Spanish");
  assert.match(e.requestId, ID);
  // hwc-kyc-proxy takes a well-formed caller id as the request's: its answer and its log carry ours.
  assert.equal(e.serverRequestId, e.requestId);
  assert.equal(e.retryAfterMs, null);
  assert.equal(await server.upstream(), 0, "the proxy forwarded nothing");
});

test("http: 403 with another customer's token", async () => {
  const { kyc } = await clientFor("cust-individual-002");
  const r = await kyc.submitIndividual(passport("cust-individual-001"));
  assert.equal(r.error.kind, "http");
  assert.equal(r.error.status, 403);
  assert.equal(r.error.code, "KYC.0403");
});

test("http: CBC.99007188 for a customer already authenticated, described per operation and locale", async () => {
  const { kyc } = await clientFor("cust-verified-001", { locale: "zh-CN" });
  const r = await kyc.submitEnterprise(enterprise("cust-verified-001"));
  assert.equal(r.error.kind, "http");
  assert.equal(r.error.code, "CBC.99007188");
  assert.equal(r.error.category, "business");
  assert.match(r.error.description, /[\u4e00-\u9fff]/);
  assert.equal(await server.upstream(), 1);
});

test("http: CBC.99007004 carries the failed checks with their descriptions", async () => {
  const { kyc } = await clientFor("cust-arrears-001");
  const r = await kyc.submitEnterprise(enterprise("cust-arrears-001"));
  assert.equal(r.error.kind, "http");
  assert.equal(r.error.code, "CBC.99007004");
  assert.deepEqual(r.error.failCheckItems, [{ code: "IS_DEBT", description: "The customer's account is in arrears." }]);
});

test("http: the proxy's CBC.0100 issues come through (a platform ID the browser may not choose)", async () => {
  const { kyc } = await clientFor("cust-individual-001");
  const r = await kyc.submitIndividual({ ...passport("cust-individual-001"), xaccount_type: "SOME_OTHER_IDP" });
  assert.equal(r.error.kind, "http");
  assert.equal(r.error.status, 400);
  assert.equal(r.error.code, "CBC.0100");
  assert.equal(r.error.category, "validation");
  assert.deepEqual(r.error.issues.map((i) => [i.path.join("."), i.code]), [["xaccount_type", "partner_field_mismatch"]]);
});

test("network: connection refused", async () => {
  const r = await new KycClient({ baseUrl: server.closed }).checkIdentity(email("a@example.com"));
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, "network");
  assert.match(r.error.requestId, ID);
  assert.equal(typeof r.error.message, "string");
});

test("timeout: no answer within timeoutMs", async () => {
  await server.fault("latency=3000");
  const started = Date.now();
  const r = await client({ timeoutMs: 5_000 }).checkIdentity(email("a@example.com"), { timeoutMs: 300 });
  assert.equal(r.error.kind, "timeout");
  assert.equal(r.error.timeoutMs, 300);
  assert.ok(Date.now() - started < 2_500, "did not wait for the answer");
});

test("aborted: the caller's signal stops the call, and an aborted signal sends nothing", async () => {
  await server.fault("latency=3000");
  const controller = new AbortController();
  const started = Date.now();
  const pending = client().checkIdentity(email("a@example.com"), { signal: controller.signal });
  setTimeout(() => controller.abort("user left the page"), 100);
  const r = await pending;
  assert.equal(r.error.kind, "aborted");
  assert.equal(r.error.reason, "user left the page");
  assert.ok(Date.now() - started < 2_500);
  assert.equal((await server.requests()).length, 1);

  await server.reset();
  const gone = AbortSignal.abort();
  const { kyc, calls } = await clientFor("cust-individual-001");
  const r2 = await kyc.submitIndividual(passport("cust-individual-001"), { signal: gone });
  assert.equal(r2.error.kind, "aborted");
  assert.equal(calls.n, 0);
  assert.deepEqual(await server.requests(), []);
});

test("token: a throwing getToken fails the call before anything is sent", async () => {
  const kyc = client({
    getToken: () => {
      throw new Error("session expired");
    },
  });
  const r = await kyc.reviewResult("cust-review-001");
  assert.equal(r.error.kind, "token");
  assert.equal(r.error.message, "session expired");
  assert.deepEqual(await server.requests(), []);
});

test("reads and submissions are sent three times at most on 503, with one request id (and one key)", async () => {
  await server.fault("status=503");
  const started = Date.now();
  const r = await client().checkIdentity(email("a@example.com"));
  const elapsed = Date.now() - started;
  assert.equal(r.error.kind, "http");
  assert.equal(r.error.status, 503);
  assert.equal(r.error.category, "server");
  const seen = await server.requests();
  assert.equal(seen.length, 3);
  assert.deepEqual(new Set(seen.map((s) => s.headers["x-request-id"])), new Set([r.error.requestId]));
  assert.ok(elapsed >= 1_400, `backoff of 500 ms then 1 s, took ${elapsed} ms`);

  await server.reset();
  await server.fault("status=503");
  const { kyc } = await clientFor("cust-review-001");
  const review = await kyc.reviewResult("cust-review-001");
  assert.equal(review.error.status, 503);
  assert.equal((await server.requests()).length, 3);

  // A submission is repeated too, with its Idempotency-Key: the upstream's 503 is not kept by
  // the proxy, so each attempt is forwarded (and refused) again.
  await server.reset();
  await server.fault("status=503");
  const submit = await (await clientFor("cust-individual-001")).kyc.submitIndividual(passport("cust-individual-001"));
  assert.equal(submit.error.status, 503);
  const attempts = await server.requests();
  assert.equal(attempts.length, 3);
  const keys = new Set(attempts.map((s) => s.headers["idempotency-key"]));
  assert.equal(keys.size, 1);
  assert.match([...keys][0], /^"[0-9a-f]{32}"$/);
  assert.deepEqual(new Set(attempts.map((s) => s.headers["x-request-id"])), new Set([submit.error.requestId]));
});

test("each submission and upload has its own Idempotency-Key; reads have none", async () => {
  const { kyc } = await clientFor("cust-individual-001");
  const upload = await kyc.uploadAttachment(new Blob([PNG]), { fileName: "front.png" });
  assert.equal(upload.ok, true, JSON.stringify(upload));
  // Two calls are two submissions, whatever the simulator answers them (a customer under review
  // is refused a second time: not a replay).
  for (let i = 0; i < 2; i++) {
    const r = await kyc.submitIndividual(passport("cust-individual-001"));
    assert.ok(r.ok || r.error.kind === "http", JSON.stringify(r));
  }
  await client().checkIdentity(email("a@example.com"));
  const keys = (await server.requests()).map((s) => s.headers["idempotency-key"]);
  assert.equal(keys.length, 4);
  for (const key of keys.slice(0, 3)) assert.match(key, /^"[0-9a-f]{32}"$/);
  assert.equal(new Set(keys.slice(0, 3)).size, 3);
  assert.equal(keys[3], undefined);
});

test("a submission is sent again after a network error, a read is not", async () => {
  const started = Date.now();
  const submit = await new KycClient({ baseUrl: server.closed }).submitIndividual(passport("cust-individual-001"));
  assert.equal(submit.error.kind, "network");
  assert.ok(Date.now() - started >= 1_400, "two repeats after 500 ms and 1 s");
  const quick = Date.now();
  const read = await new KycClient({ baseUrl: server.closed }).checkIdentity(email("a@example.com"));
  assert.equal(read.error.kind, "network");
  assert.ok(Date.now() - quick < 1_000, "a read is not repeated after a network error");
});

test("429: checkIdentity waits for Retry-After and succeeds; a wait past the deadline is not taken", async () => {
  // 20 a minute: a token every 3 s, so the call below reliably meets the 429 even when this
  // machine is slow to send it (at 60 a minute the next token could come first).
  const limited = await startServer(["--check-identity-per-minute", "20"]);
  try {
    assert.ok(Number(await exhaustCheckIdentity(limited.proxy)) >= 1);
    const started = Date.now();
    const r = await new KycClient({ baseUrl: limited.api }).checkIdentity(email("a@example.com"));
    const elapsed = Date.now() - started;
    assert.equal(r.ok, true, JSON.stringify(r));
    const seen = await limited.requests();
    assert.equal(seen.length, 2);
    assert.equal(seen[0].headers["x-request-id"], seen[1].headers["x-request-id"]);
    assert.ok(elapsed >= 950, `waited Retry-After (at least 1 s), took ${elapsed} ms`);

    await limited.reset();
    await exhaustCheckIdentity(limited.proxy);
    const hurried = await new KycClient({ baseUrl: limited.api, timeoutMs: 800 }).checkIdentity(email("a@example.com"));
    assert.equal(hurried.error.kind, "http");
    assert.equal(hurried.error.status, 429);
    assert.equal(hurried.error.code, "KYC.0429");
    // Retry-After in whole seconds (the wait rounded down, plus 1: 1 to 4 at this rate), all past
    // the 800 ms deadline.
    assert.ok([1000, 2000, 3000, 4000].includes(hurried.error.retryAfterMs), String(hurried.error.retryAfterMs));
    assert.equal((await limited.requests()).length, 1);
  } finally {
    await limited.close();
  }
});

test("programming errors throw TypeError; everything else resolves", async () => {
  assert.throws(() => new KycClient({}), TypeError);
  assert.throws(() => new KycClient({ baseUrl: server.api, timeoutMs: -1 }), TypeError);
  assert.throws(() => new KycClient({ baseUrl: server.api, headers: { "bad header": "x" } }), TypeError);
  assert.throws(() => new KycClient({ baseUrl: server.api, getToken: "t" }), TypeError);
  await assert.rejects(client().checkIdentity(email("a@example.com"), { signal: {} }), TypeError);
  await assert.rejects(client().uploadAttachment("not a file"), TypeError);
  // Whatever the value, validation answers.
  for (const value of [null, 42, "text", [], { search_type: Symbol("x") }]) {
    const r = await client().checkIdentity(value);
    assert.equal(r.error.kind, "invalid");
  }
  assert.deepEqual(await server.requests(), []);
});

// AvailabilityCheck of the built package (`hwc-kyc/client`) in Node, against the real
// hwc-kyc-proxy and its simulator (crates/test-server): local validation first, the debounce,
// aborting the stale request, the cache, 429 Retry-After, the states and their localized
// messages, and its use as an async validator of TanStack Form and react-hook-form. What reached
// the server is read from the front of the test server, which records every request.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";

import { FormApi, FieldApi } from "@tanstack/form-core";
import { createFormControl } from "react-hook-form";

import { AvailabilityCheck, KycClient, availabilityError, validateField } from "../../pkg/client/node.js";
import { exhaustCheckIdentity, startServer } from "./client-harness.mjs";

const CHECK = "/v2/partners/sub-customers/users/check-identity";

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
const sent = async (s = server) => (await s.requests()).filter((r) => r.path === CHECK).length;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A KycClient that records each checkIdentity call's options and outcome. */
function recorded(options = {}, s = server) {
  const kyc = new KycClient({ baseUrl: s.api, ...options });
  const calls = [];
  return {
    calls,
    checkIdentity(value, callOptions) {
      const call = { value, options: callOptions, outcome: undefined };
      calls.push(call);
      return kyc.checkIdentity(value, callOptions).then((r) => (call.outcome = r));
    },
  };
}

/** Every state the check goes through, in order. */
function statesOf(check) {
  const states = [];
  check.subscribe((s) => states.push(s));
  return states;
}

test("an empty value is idle and an invalid one is `invalid` with core's message: neither is sent", async () => {
  const check = new AvailabilityCheck(new KycClient({ baseUrl: server.api }), { debounceMs: 0, locale: "es" });
  assert.equal(check.state.status, "idle");
  assert.equal((await check.check(email(""))).status, "idle");
  const invalid = await check.check(email("nobody"));
  assert.equal(invalid.status, "invalid");
  const want = validateField("checkIdentity", "search_value", email("nobody"), { locale: "es" });
  assert.ok(want.length > 0);
  assert.equal(invalid.message, want.map((i) => i.message).join(" "));
  assert.deepEqual(invalid.issues, want);
  assert.deepEqual(invalid.value, email("nobody"));
  assert.equal(availabilityError(invalid), invalid.message);
  const account = await check.check({ search_type: "name", search_value: "op_admin" });
  assert.equal(account.status, "invalid");
  assert.equal(await sent(), 0, "an invalid value never leaves the browser");
});

test("available and used, in the asked locale; a mobile number's answer says how many may use it", async () => {
  const check = new AvailabilityCheck(new KycClient({ baseUrl: server.api }), { debounceMs: 0 });
  const free = await check.check(email("new@example.com"));
  assert.equal(free.status, "available");
  assert.equal(free.message, "Available: it can be registered.");
  assert.equal(availabilityError(free), undefined);
  const taken = await check.check(email("taken@example.com"), { locale: "zh-CN" });
  assert.equal(taken.status, "used");
  assert.equal(taken.message, "已被账号使用。");
  assert.equal(availabilityError(taken), taken.message);
  const mobile = await check.check({ search_type: "mobile", search_value: "0086-13900000000" }, { locale: "es" });
  assert.equal(mobile.status, "available");
  assert.equal(mobile.remaining, 3);
  assert.equal(mobile.message, "Disponible: 3 cuentas más pueden usar este número.");
  assert.equal(await sent(), 3);
});

test("debounces: values typed within the wait send one request, for the last value, and every promise gets its answer", async () => {
  const kyc = recorded();
  const check = new AvailabilityCheck(kyc, { debounceMs: 150 });
  const states = statesOf(check);
  const typed = ["taken@example.c", "taken@example.co", "taken@example.com"];
  const promises = [];
  for (const value of typed) {
    promises.push(check.check(email(value)));
    await delay(40);
  }
  assert.equal(check.state.status, "pending", "pending while the wait and the request run");
  const answers = await Promise.all(promises);
  for (const answer of answers) assert.equal(answer, answers[2]);
  assert.equal(answers[2].status, "used");
  assert.deepEqual(answers[2].value, email("taken@example.com"));
  assert.equal(kyc.calls.length, 1);
  assert.deepEqual(kyc.calls[0].value, email("taken@example.com"));
  assert.equal(await sent(), 1);
  assert.deepEqual([...new Set(states.map((s) => s.status))], ["pending", "used"]);
  assert.equal(states[0].message, "Checking…");
});

test("a new value aborts the stale request, and the new value's answer is the one shown", async () => {
  await server.fault("latency=1500");
  const kyc = recorded();
  const check = new AvailabilityCheck(kyc, { debounceMs: 0 });
  const first = check.check(email("taken@example.com"));
  // The first request is on its way (the front has it) when the value changes.
  for (let i = 0; i < 100 && (await sent()) === 0; i++) await delay(20);
  assert.equal(await sent(), 1);
  const started = Date.now();
  const second = check.check(email("new@example.com"));
  assert.equal(kyc.calls[0].options.signal.aborted, true, "the stale request's signal fired");
  const [a, b] = await Promise.all([first, second]);
  assert.equal(kyc.calls[0].outcome.ok, false);
  assert.equal(kyc.calls[0].outcome.error.kind, "aborted");
  assert.equal(a, b, "the stale promise resolves with the current answer");
  assert.equal(b.status, "available");
  assert.deepEqual(b.value, email("new@example.com"));
  assert.equal(kyc.calls.length, 2);
  assert.ok(Date.now() - started < 2900, "the stale request was not waited for");
});

test("the same value while its request runs joins it: one request", async () => {
  await server.fault("latency=300");
  const kyc = recorded();
  const check = new AvailabilityCheck(kyc, { debounceMs: 0 });
  const [a, b] = await Promise.all([check.check(email("new@example.com")), check.check(email("new@example.com"))]);
  assert.equal(a, b);
  assert.equal(kyc.calls.length, 1);
});

test("recent answers are cached (least recently used go first) and expire after cacheTtlMs", async () => {
  const kyc = recorded();
  const check = new AvailabilityCheck(kyc, { debounceMs: 0, cacheSize: 2, cacheTtlMs: 400 });
  assert.equal((await check.check(email("new@example.com"))).status, "available");
  assert.equal((await check.check(email("taken@example.com"))).status, "used");
  assert.equal(await sent(), 2);

  // From the cache: at once, with no request and no pending state, in the locale of this call.
  const states = statesOf(check);
  const again = await check.check(email("new@example.com"), { locale: "es" });
  assert.equal(again.status, "available");
  assert.equal(again.message, "Disponible: se puede registrar.");
  assert.deepEqual(states.map((s) => s.status), ["available"]);
  assert.equal(await sent(), 2);

  // A third value evicts the least recently used (taken@), not new@ which was just read.
  await check.check(email("admin@example.org"));
  assert.equal(await sent(), 3);
  await check.check(email("new@example.com"));
  assert.equal(await sent(), 3);
  await check.check(email("taken@example.com"));
  assert.equal(await sent(), 4);

  await delay(450);
  await check.check(email("taken@example.com"));
  assert.equal(await sent(), 5, "an expired answer is asked again");
  check.clearCache();
  await check.check(email("taken@example.com"));
  assert.equal(await sent(), 6);
});

test("429: nothing is sent before Retry-After has passed, then the value is checked again", async () => {
  // 20 a minute: the front's next token comes 3 s after the last, so Retry-After is 1 to 4 s.
  const limited = await startServer(["--check-identity-per-minute", "20"]);
  try {
    await exhaustCheckIdentity(limited.proxy);
    // A short timeout, so that KycClient does not wait out the 429 itself: the check does.
    const kyc = recorded({ timeoutMs: 800 }, limited);
    const check = new AvailabilityCheck(kyc, { debounceMs: 0 });
    const states = statesOf(check);
    const started = Date.now();
    const first = check.check(email("new@example.com"));
    for (let i = 0; i < 200 && !states.some((s) => s.retryAt !== null); i++) await delay(10);
    const waiting = states.find((s) => s.retryAt !== null);
    assert.ok(waiting, "a pending state with retryAt");
    assert.equal(waiting.status, "pending");
    assert.match(waiting.message, /^Too many checks: checking again in [1-4] s\.$/);
    const retryAfterMs = kyc.calls[0].outcome.error.retryAfterMs;
    assert.ok([1000, 2000, 3000, 4000].includes(retryAfterMs), String(retryAfterMs));
    assert.equal(await sent(limited), 1);

    // Another value meanwhile waits too: nothing goes before the time.
    const second = check.check(email("taken@example.com"));
    await delay(300);
    assert.equal(await sent(limited), 1, "nothing sent during Retry-After");
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a, b);
    assert.equal(b.status, "used");
    assert.ok(Date.now() - started >= retryAfterMs - 50, `waited ${Date.now() - started} ms of ${retryAfterMs}`);
    assert.equal(await sent(limited), 2);
    assert.equal(kyc.calls.length, 2);
  } finally {
    await limited.close();
  }
});

test("429 three times in a row for one value is an `error` saying when to try again", async () => {
  // A client whose proxy always answers 429 with Retry-After 0.1 s (as KycClient reports it once
  // its own retries would pass its deadline): the check waits each one out, then gives up.
  const sentAt = [];
  const limited = {
    async checkIdentity() {
      sentAt.push(Date.now());
      return { ok: false, error: { kind: "http", status: 429, code: "KYC.0429", retryAfterMs: 100, requestId: "x" } };
    },
  };
  const check = new AvailabilityCheck(limited, { debounceMs: 0, locale: "es" });
  const state = await check.check(email("new@example.com"));
  assert.equal(state.status, "error");
  assert.equal(state.error.status, 429);
  assert.match(state.message, /^Demasiadas comprobaciones: inténtelo de nuevo en 1 s\.$/);
  assert.ok(state.retryAt > Date.now() - 5);
  assert.equal(sentAt.length, 3);
  for (let i = 1; i < 3; i++) assert.ok(sentAt[i] - sentAt[i - 1] >= 95, `waited ${sentAt[i] - sentAt[i - 1]} ms`);
  // The next value waits out the last Retry-After too.
  const started = Date.now();
  await check.check(email("other@example.com"));
  assert.ok(sentAt[3] - started >= 50, `sent ${sentAt[3] - started} ms after`);
});

test("no answer is an `error` with a localized message, not cached", async () => {
  const check = new AvailabilityCheck(new KycClient({ baseUrl: server.closed }), { debounceMs: 0, locale: "zh-CN" });
  const down = await check.check(email("new@example.com"));
  assert.equal(down.status, "error");
  assert.equal(down.error.kind, "network");
  assert.equal(down.message, "没有应答：无法连接服务器。");
  assert.equal(availabilityError(down), down.message);

  await server.fault("status=500");
  const refused = new AvailabilityCheck(new KycClient({ baseUrl: server.api }), { debounceMs: 0 });
  const answer = await refused.check(email("new@example.com"));
  assert.equal(answer.status, "error");
  assert.equal(answer.error.kind, "http");
  assert.ok(answer.message.length > 0 && !answer.message.includes("undefined"), answer.message);
  await server.fault("none");
  assert.equal((await refused.check(email("new@example.com"))).status, "available", "an error is not cached");
});

test("reset aborts the running check and is idle; programming errors throw TypeError", async () => {
  await server.fault("latency=1000");
  const kyc = recorded();
  const check = new AvailabilityCheck(kyc, { debounceMs: 0 });
  const pending = check.check(email("new@example.com"));
  await delay(50);
  check.reset();
  assert.equal((await pending).status, "idle");
  assert.equal(kyc.calls[0].options.signal.aborted, true);
  assert.throws(() => new AvailabilityCheck({}), TypeError);
  assert.throws(() => new AvailabilityCheck(kyc, { debounceMs: -1 }), TypeError);
  assert.throws(() => check.check(email("a@example.com"), { signal: {} }), TypeError);
});

test("TanStack Form: onChangeAsync with its debounce and signal, one request for a burst of keystrokes", async () => {
  const kyc = recorded();
  const check = new AvailabilityCheck(kyc, { locale: "es" });
  const form = new FormApi({ defaultValues: { search_type: "email", search_value: "" } });
  form.mount();
  const field = new FieldApi({
    form,
    name: "search_value",
    validators: {
      onChangeAsyncDebounceMs: 150,
      onChangeAsync: async ({ value, signal, fieldApi }) =>
        availabilityError(
          await check.check(
            { search_type: fieldApi.form.getFieldValue("search_type"), search_value: value },
            { signal, debounceMs: 0 },
          ),
        ),
    },
  });
  field.mount();
  for (const value of ["taken@example.c", "taken@example.co", "taken@example.com"]) {
    field.handleChange(value);
    await delay(30);
  }
  for (let i = 0; i < 200 && field.state.meta.errors.length === 0; i++) await delay(10);
  assert.deepEqual(field.state.meta.errors, ["Ya lo usa una cuenta."]);
  assert.equal(kyc.calls.length, 1);
  assert.equal(await sent(), 1);

  field.handleChange("new@example.com");
  for (let i = 0; i < 200 && check.state.status !== "available"; i++) await delay(10);
  await delay(20);
  assert.equal(check.state.status, "available");
  assert.deepEqual(field.state.meta.errors, []);
  assert.equal(kyc.calls.length, 2);
});

test("react-hook-form: an async validate rule, the form's values as context", async () => {
  const kyc = recorded();
  const check = new AvailabilityCheck(kyc, { debounceMs: 0 });
  const { register, setValue, trigger, control } = createFormControl({
    defaultValues: { search_type: "email", search_value: "" },
  });
  register("search_type");
  register("search_value", {
    validate: async (search_value, { search_type }) =>
      availabilityError(await check.check({ search_type, search_value })) ?? true,
  });
  setValue("search_value", "taken@example.com");
  assert.equal(await trigger("search_value"), false);
  assert.equal(control._formState.errors.search_value.message, "Already used by an account.");
  setValue("search_value", "nobody");
  assert.equal(await trigger("search_value"), false);
  assert.equal(
    control._formState.errors.search_value.message,
    validateField("checkIdentity", "search_value", email("nobody"))[0].message,
  );
  setValue("search_value", "new@example.com");
  assert.equal(await trigger("search_value"), true);
  assert.equal(kyc.calls.length, 2, "the invalid value was not sent");
});

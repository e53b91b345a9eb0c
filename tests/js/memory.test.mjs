// The package's wasm memory stops growing: every entry point, called again and again with valid,
// invalid and hostile input, gives back everything it allocated. The package's allocator (a bump
// arena that starts over once nothing is allocated, crates/wasm/src/arena.rs) depends on it: a
// block kept from one call to the next would make the memory grow with every call.
import { test } from "node:test";
import assert from "node:assert/strict";

import { validEnterpriseForm } from "./forms.mjs";

// The modules' memories are not part of the API: catch the instance each Node entry creates
// (`hwc-kyc` and `hwc-kyc/client` are two builds of the bindings, each with its own memory).
const NativeInstance = WebAssembly.Instance;
async function load(entry) {
  let memory;
  WebAssembly.Instance = function Instance(module, imports) {
    const instance = new NativeInstance(module, imports);
    memory ??= instance.exports.memory;
    return instance;
  };
  try {
    return { api: await import(entry), memory };
  } finally {
    WebAssembly.Instance = NativeInstance;
  }
}
const forms = await load("../../pkg/node.js");
const withClient = await load("../../pkg/client/node.js");
const { default: zhCN } = await import("../../pkg/locales/zh-CN.js");
const { default: es } = await import("../../pkg/locales/es.js");

const cyclic = { search_type: "name" };
cyclic.search_value = cyclic;
const big = "x".repeat(1 << 20);
// A short text with a long answer: 400 issues, longer than the exchange area (16 KB).
const manyUnknown = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, ""]));
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
// Past a field's budget (100 000 values): noted too large, the rest read.
const tooMany = Array.from({ length: 120_000 }, (_, i) => `f${i}.jpg`);
const unreadable = { search_type: "name", get search_value() { throw new Error("boom"); } };

/** Answers KycClient's fetches without a network: one success, one business error in turn. */
let answers = 0;
async function fakeFetch() {
  answers += 1;
  const body =
    answers % 2 === 0
      ? '{"check_result":"available"}'
      : '{"error_code":"CBC.0100","error_msg":"Parameter error."}';
  return new Response(body, {
    status: answers % 2 === 0 ? 200 : 400,
    headers: { "content-type": "application/json" },
  });
}

/** One call of every entry point of `api`, with each kind of input (and, for the client entry,
 * of its readers of answers and of `client`, if given). */
async function round(api, client) {
  const { buildRequest, checkAttachment, validate, validateField, registerLocale } = api;
  // A pack registered again is the one kept (a new one would stay in memory for good).
  registerLocale(zhCN);
  registerLocale(es);
  const form = validEnterpriseForm();
  assert.equal(validate("enterpriseRealnameAuth", form, { locale: "zh-CN" }).ok, true);
  assert.equal(validate("enterpriseRealnameAuth", { ...form, corp_name: "", extra: 1 }).ok, false);
  assert.equal(validate("checkIdentity", cyclic).ok, false); // the walker
  assert.equal(validate("checkIdentity", { search_type: "name", search_value: big }).ok, false);
  assert.equal(validate("individualRealnameAuth", [Symbol("x"), 1n]).ok, false);
  assert.equal(validate("checkIdentity", { search_type: "email", search_value: Array(10_000).fill("a") }).ok, false);
  assert.equal(validateField("enterpriseRealnameAuth", "corp_name", { ...form, corp_name: "" }, { locale: "es" }).length, 1);
  assert.equal(validate("enterpriseRealnameAuth", { ...form, verified_file_url: tooMany }).issues[0].code, "too_large");
  assert.equal(validate("checkIdentity", unreadable, { locale: "zh-CN" }).issues[0].code, "unreadable");
  assert.equal(validate("enterpriseRealnameAuth", { ...form, corp_name: "a\uD800" }).issues[0].code, "ill_formed_text");
  assert.equal(validateField("enterpriseRealnameAuth", ["verified_file_url", 0], form).length, 0);
  assert.equal(validateField("enterpriseRealnameAuth", "enterprise_person.legel_name", form).length, 0);
  assert.equal(validate("checkIdentity", { search_type: "name", search_value: "wang_01", ...manyUnknown }).issues.length, 400);
  assert.equal(buildRequest("enterpriseRealnameAuth", form).ok, true);
  assert.equal(checkAttachment("licence.png", png).length, 0);
  assert.equal(checkAttachment("licence.exe", png, { size: 1e9 }).length > 0, true);
  if (!client) return;
  // The readers of answers are the client entry's.
  const { describeError, describeFailCheckItem, parseResponse } = api;
  assert.equal(parseResponse("checkIdentity", 200, '{"check_result":"available"}').ok, true);
  assert.equal(parseResponse("enterpriseRealnameAuth", 400, '{"error_code":"CBC.99007004","error_msg":"x","fail_check_items":["IS_DEBT"]}').ok, false);
  assert.equal(parseResponse("checkIdentity", 200, "{garbage").ok, false);
  assert.equal(typeof describeError("CBC.0100", "zh-CN"), "string");
  assert.equal(typeof describeFailCheckItem("IS_DEBT", "es"), "string");
  const ok = await client.checkIdentity({ search_type: "email", search_value: "a@example.com" });
  assert.equal(typeof ok.ok, "boolean");
  const refused = await client.checkIdentity({ search_type: "email", search_value: "not an address" });
  assert.equal(refused.ok, false);
}

/** Rounds of `api` (and `client`) until the memory settles, then 100 more that must not grow it. */
async function assertSettles(t, { api, memory }, client) {
  assert.ok(memory instanceof WebAssembly.Memory, "caught the package's wasm memory");
  // The first rounds take the memory to the largest call's need.
  for (let i = 0; i < 5; i++) await round(api, client);
  const settled = memory.buffer.byteLength;
  t.diagnostic(`wasm memory after the first rounds: ${settled} bytes`);
  // A round allocates megabytes (the 1 MB string crosses as UTF-8 and is copied into the
  // parsed value). One block kept would stop the arena from ever starting over, and every
  // round's megabytes would add up.
  for (let i = 0; i < 100; i++) await round(api, client);
  assert.equal(memory.buffer.byteLength, settled, `memory grew from ${settled} to ${memory.buffer.byteLength} bytes`);
}

test("hwc-kyc: the wasm memory stops growing, every call gives back what it allocated", async (t) => {
  await assertSettles(t, forms);
});

test("hwc-kyc/client: the wasm memory stops growing, KycClient's calls too", async (t) => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = fakeFetch;
  try {
    await assertSettles(t, withClient, new withClient.api.KycClient({ baseUrl: "http://127.0.0.1:9/api" }));
  } finally {
    globalThis.fetch = realFetch;
  }
});

// The built package (pkg/, made by `cargo xtask pkg`) through its public API, in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import {
  allowedValues,
  buildRequest,
  checkAttachment,
  issueCodeInfo,
  issueCodes,
  locales,
  operations,
  registerLocale,
  validate,
  validateField,
} from "../../pkg/node.js";
import * as forms from "../../pkg/node.js";
// Reading answers is `hwc-kyc/client`'s (a build of its own, with its own registered locales).
import {
  describeError,
  describeFailCheckItem,
  parseResponse,
  registerLocale as registerClientLocale,
} from "../../pkg/client/node.js";
import * as withClient from "../../pkg/client/node.js";
import zhCN from "../../pkg/locales/zh-CN.js";
import es from "../../pkg/locales/es.js";
import { validEnterpriseForm } from "./forms.mjs";

const enterprise = validEnterpriseForm;

// The locales these tests read (tests/js/locales.test.mjs covers a page that registers none).
registerLocale(zhCN);
registerLocale(es);
registerClientLocale(zhCN);
registerClientLocale(es);

const codesOf = (issues) => issues.map((i) => `${i.path.join(".")} ${i.code}`);

test("a valid enterprise form comes back normalized, in documented field order", () => {
  const r = validate("enterpriseRealnameAuth", enterprise());
  assert.equal(r.ok, true);
  assert.equal(r.value.certificate_type, 0);
  assert.equal(r.value.identify_type, 1);
  assert.deepEqual(Object.keys(r.value), [
    "customer_id",
    "identify_type",
    "verified_file_url",
    "corp_name",
    "verified_number",
    "certificate_type",
    "reg_country",
    "reg_address",
    "enterprise_person",
  ]);
});

test("every issue comes at once with path, code, params and a localized message", () => {
  const form = { ...enterprise(), corp_name: "12345", reg_country: "cn", verified_number: "9".repeat(33) };
  const r = validate("enterpriseRealnameAuth", form, { locale: "zh-CN" });
  assert.equal(r.ok, false);
  assert.deepEqual(codesOf(r.issues), ["corp_name no_letter", "verified_number too_long", "reg_country invalid_country"]);
  const tooLong = r.issues[1];
  assert.deepEqual(tooLong.params, { max: 32, actual: 33 });
  assert.equal(tooLong.message, "最多32个字符（当前33个）。");
  const es = validate("enterpriseRealnameAuth", form, { locale: "es-MX" });
  assert.equal(es.issues[1].message, "Debe tener como máximo 32 caracteres (ahora tiene 33).");
  const fallback = validate("enterpriseRealnameAuth", form, { locale: "fr-FR" });
  assert.equal(fallback.issues[1].message, "Must be at most 32 characters (currently 33).");
});

test("stage form leaves the partner's fields out; stage upstream requires them", () => {
  assert.equal(validate("enterpriseRealnameAuth", enterprise()).ok, true);
  const up = validate("enterpriseRealnameAuth", enterprise(), { stage: "upstream" });
  assert.deepEqual(codesOf(up.issues), ["identify_type required", "xaccount_type required"]);
});

test("validateField of a string field gives what validate gives there, in every locale", () => {
  const person = { legel_name: "W".repeat(256), legel_id_number: "3".repeat(40), certifier_role: "boss" };
  const form = { ...enterprise(), corp_name: "123", reg_address: "", enterprise_person: person };
  const fields = ["corp_name", "reg_address", "verified_number", "customer_id"];
  const nested = Object.keys(person).map((key) => `enterprise_person.${key}`);
  for (const locale of locales) {
    const all = validate("enterpriseRealnameAuth", form, { locale });
    for (const field of [...fields, ...nested]) {
      const want = all.issues.filter((i) => i.path.join(".") === field);
      if (field === "corp_name" || nested.includes(field)) assert.equal(want.length, 1, `${field}: an issue to compare`);
      assert.deepEqual(validateField("enterpriseRealnameAuth", field, form, { locale }), want, `${field} in ${locale}`);
    }
  }
  // A nested field without issues, and an empty one: its issue follows the legal person's other
  // fields (a legal person whose fields are all empty is not given).
  const valid = enterprise();
  assert.deepEqual(validateField("enterpriseRealnameAuth", "enterprise_person.legel_name", valid), []);
  const empty = { ...valid, enterprise_person: { ...valid.enterprise_person, legel_name: "" } };
  assert.deepEqual(codesOf(validateField("enterpriseRealnameAuth", "enterprise_person.legel_name", empty)), [
    "enterprise_person.legel_name empty",
  ]);
  const none = { ...valid, enterprise_person: { legel_name: "", legel_id_number: "", certifier_role: "" } };
  assert.deepEqual(validateField("enterpriseRealnameAuth", "enterprise_person.legel_name", none), []);
  // A field whose rules read another one still sees it (search_value follows search_type).
  const byMail = { search_type: "email", search_value: "wang_01" };
  assert.deepEqual(codesOf(validateField("checkIdentity", "search_value", byMail)), ["search_value invalid_email"]);
  assert.deepEqual(validateField("checkIdentity", "search_value", { ...byMail, search_type: "name" }), []);
});

test("a field named __proto__ (from JSON.parse) is validated as the field it is", () => {
  for (const value of ['"x"', "5"]) {
    const form = JSON.parse(`{"search_type":"name","search_value":"wang_01","__proto__":${value}}`);
    assert.deepEqual(codesOf(validateField("checkIdentity", "__proto__", form)), ["__proto__ unknown_field"]);
    assert.deepEqual(codesOf(validate("checkIdentity", form).issues), ["__proto__ unknown_field"]);
  }
});

test("validateField returns only the issues at or under the path, in context", () => {
  const form = { verified_type: "3", verified_file_url: ["a.jpg", "b.exe", "c.jpg"] };
  assert.deepEqual(codesOf(validateField("individualRealnameAuth", "verified_file_url", form)), [
    "verified_file_url too_many_items",
    "verified_file_url.1 invalid_extension",
  ]);
  assert.deepEqual(codesOf(validateField("individualRealnameAuth", ["verified_file_url", 1], form)), [
    "verified_file_url.1 invalid_extension",
  ]);
  assert.deepEqual(validateField("individualRealnameAuth", "verified_type", form), []);
});

test("every spelling of a path names the same field: dots, empty segments, arrays; digits are an index", () => {
  const form = { ...enterprise(), corp_name: "", enterprise_person: { legel_name: "", legel_id_number: "x" } };
  const all = validate("enterpriseRealnameAuth", form).issues;
  const under = (...prefix) => all.filter((i) => prefix.every((seg, n) => i.path[n] === seg));
  assert.ok(under("enterprise_person", "legel_name").length > 0, "the form has an issue at the nested field");
  for (const path of ["enterprise_person.legel_name", "..enterprise_person..legel_name.", ["enterprise_person", "legel_name"]]) {
    assert.deepEqual(validateField("enterpriseRealnameAuth", path, form), under("enterprise_person", "legel_name"), String(path));
  }
  for (const path of ["enterprise_person", ".enterprise_person", ["enterprise_person"]]) {
    assert.deepEqual(validateField("enterpriseRealnameAuth", path, form), under("enterprise_person"), String(path));
  }
  // A first segment of digits is an index (no field of a form is at one), however it is spelled.
  for (const path of ["0", "0.corp_name", [0], ["0"], "007"]) {
    assert.deepEqual(validateField("enterpriseRealnameAuth", path, form), [], String(path));
  }
  // No segment at all: the whole form's issues.
  for (const path of ["", "...", []]) {
    assert.deepEqual(validateField("enterpriseRealnameAuth", path, form), all, JSON.stringify(path));
  }
});

test("buildRequest builds the exact body for the proxy, or returns the issues", () => {
  const b = buildRequest("checkIdentity", { search_type: "mobile", search_value: "0086-13800000000" });
  assert.deepEqual(b, {
    ok: true,
    request: {
      method: "POST",
      path: "/v2/partners/sub-customers/users/check-identity",
      headers: { "Content-Type": "application/json;charset=UTF-8" },
      body: '{"search_type":"mobile","search_value":"0086-13800000000"}',
    },
  });
  const get = buildRequest("reviewResult", { customer_id: "c/1" });
  assert.equal(get.request.method, "GET");
  assert.equal(get.request.path, "/v2/customers/realname-auths/result?customer_id=c%2F1");
  assert.equal(get.request.body, null);
  const bad = buildRequest("checkIdentity", { search_type: "phone" });
  assert.equal(bad.ok, false);
  assert.deepEqual(codesOf(bad.issues), ["search_type invalid_value", "search_value required"]);
});

test("parseResponse reads successes, including is_review sent as a string", () => {
  assert.deepEqual(parseResponse("individualRealnameAuth", 200, '{"is_review": "1"}'), {
    ok: true,
    value: { is_review: true },
  });
  assert.deepEqual(
    parseResponse("checkIdentity", 200, '{"error_code":"CBC.0000","check_result":"available","mobile_remain_available_num":2}'),
    { ok: true, value: { check_result: "available", mobile_remain_available_num: 2 } },
  );
  assert.deepEqual(parseResponse("reviewResult", 200, '{"review_result": 2}'), {
    ok: true,
    value: { review_result: 2 },
  });
});

test("parseResponse turns errors into a typed error with localized descriptions", () => {
  const body = '{"error_code":"CBC.99007004","error_msg":"check failed","fail_check_items":["IS_DEBT","SOMETHING_NEW"],"request_id":"r-1"}';
  const r = parseResponse("individualRealnameAuth", 400, body, { locale: "zh-CN" });
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, "business");
  assert.equal(r.error.code, "CBC.99007004");
  assert.equal(r.error.message, "check failed");
  assert.equal(r.error.requestId, "r-1");
  assert.equal(r.error.description, describeError("CBC.99007004", "zh-CN", "individualRealnameAuth"));
  assert.deepEqual(r.error.failCheckItems, [
    { code: "IS_DEBT", description: "客户账户存在欠费。" },
    { code: "SOMETHING_NEW", description: null },
  ]);
  const gw = parseResponse("checkIdentity", 401, '{"error_code":"APIGW.0301","error_msg":"bad token"}');
  assert.equal(gw.error.kind, "auth");
  const junk = parseResponse("checkIdentity", 200, "<html>");
  assert.equal(junk.error.kind, "malformed");
  assert.match(junk.error.detail, /not JSON/);
});

test("a proxy's CBC.0100 issues come back with messages in the user's locale", () => {
  const body = JSON.stringify({
    error_code: "CBC.0100",
    error_msg: "invalid",
    issues: [{ path: ["corp_name"], code: "no_letter", params: {}, message: "Must contain at least one letter." }],
  });
  const r = parseResponse("enterpriseRealnameAuth", 400, body, { locale: "es" });
  assert.equal(r.error.kind, "validation");
  assert.deepEqual(codesOf(r.error.issues), ["corp_name no_letter"]);
  assert.notEqual(r.error.issues[0].message, "Must contain at least one letter.");
});

test("checkAttachment checks extension, size and content signature", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  assert.deepEqual(checkAttachment("front.png", png), []);
  assert.deepEqual(codesOf(checkAttachment("front.jpg", png)), ["content content_mismatch"]);
  assert.deepEqual(codesOf(checkAttachment("notes.txt", png)), ["file_name invalid_extension"]);
  assert.deepEqual(codesOf(checkAttachment("front.png", png, { size: 11 * 1024 * 1024 })), ["content file_too_large"]);
  assert.deepEqual(codesOf(checkAttachment("front.png", new ArrayBuffer(0))), ["content empty_file"]);
  // Any byte view: an ArrayBuffer, a DataView at an offset, another typed array.
  assert.deepEqual(checkAttachment("front.png", png.buffer), []);
  const pdf = new Uint8Array([0, 0x25, 0x50, 0x44, 0x46, 0x2d]).buffer;
  assert.deepEqual(checkAttachment("scan.pdf", new DataView(pdf, 1)), []);
  assert.deepEqual(codesOf(checkAttachment("scan.pdf", new DataView(pdf, 0))), ["content content_mismatch"]);
  assert.deepEqual(checkAttachment("scan.pdf", new Uint16Array(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]).buffer)), []);
  // Anything else is an empty file.
  for (const junk of [null, undefined, "bytes", { length: 5 }, [0x89, 0x50]]) {
    assert.deepEqual(codesOf(checkAttachment("front.png", junk)), ["content empty_file"]);
  }
});

test("checkAttachment refuses a size that is not one, rather than checking the head as the file", () => {
  const head = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
  for (const size of ["20000000", Number.NaN, -1, 1.5, 2 ** 53, 2 ** 60, Infinity, null, 10n, {}]) {
    assert.throws(() => checkAttachment("front.png", head, { size }), TypeError, String(size));
  }
  // Left out, the size is the bytes' own; given, the file's, however short the head.
  assert.deepEqual(checkAttachment("front.png", head, {}), []);
  assert.deepEqual(checkAttachment("front.png", head, { size: undefined }), []);
  assert.deepEqual(codesOf(checkAttachment("front.png", head, { size: 2 ** 53 - 1 })), ["content file_too_large"]);
});

test("lookups: error descriptions, fail-check items, issue codes, locales, operations", () => {
  assert.equal(describeError("CBC.0151", "es"), "Acceso denegado.");
  assert.equal(describeError("NOPE.0000"), null);
  assert.equal(describeFailCheckItem("IS_DEBT", "en"), "The customer's account is in arrears.");
  assert.equal(describeFailCheckItem("IS_DEBT", "zh-Hans-CN"), describeFailCheckItem("IS_DEBT", "zh"));
  assert.equal(describeFailCheckItem("NOPE"), null);
  // The operation picks the meaning of a code that has one per operation.
  assert.notEqual(describeError("CBC.99007188", "en", "individualRealnameAuth"), describeError("CBC.99007188", "en", "enterpriseRealnameAuth"));
  // Anything but a string reads as "": no code, English, no operation; long or non-ASCII text is
  // read as it is (a locale by its primary subtag, however long the rest).
  const english = describeError("CBC.0151", "en");
  for (const junk of [5, null, undefined, Symbol("s"), {}, "中文", "x".repeat(100_000)]) {
    assert.equal(describeError(junk, "es"), null, String(typeof junk));
    assert.equal(describeError("CBC.0151", junk), english);
    assert.equal(describeError("CBC.0151", "en", junk), english);
    assert.equal(describeFailCheckItem(junk), null);
  }
  assert.equal(describeError("CBC.0151", `zh-${"x".repeat(100_000)}`), describeError("CBC.0151", "zh-CN"));
  assert.deepEqual(locales, ["en", "zh-CN", "es"]);
  assert.deepEqual(operations, ["checkIdentity", "individualRealnameAuth", "enterpriseRealnameAuth", "reviewResult"]);
  // The documented table (ISSUE_CODES.md, generated from core) lists exactly these codes.
  const documented = [...readFileSync(new URL("../../ISSUE_CODES.md", import.meta.url), "utf8").matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(issueCodes, documented);
  assert.deepEqual(issueCodeInfo.too_long.params, ["max", "actual"]);
  // Params only: the meanings are doc comments of index.d.ts, not shipped in the wasm.
  for (const code of issueCodes) assert.deepEqual(Object.keys(issueCodeInfo[code]), ["params"], code);
  assert.ok(Object.isFrozen(issueCodes) && Object.isFrozen(locales) && Object.isFrozen(issueCodeInfo));
});

test("allowedValues holds each closed field's values, the ones validateField names for a value outside them", () => {
  assert.deepEqual(allowedValues.individualRealnameAuth.verified_type, [0, 3, 5, 6, 7, 9, 10]);
  assert.deepEqual(allowedValues.checkIdentity.search_type, ["email", "mobile", "name"]);
  assert.deepEqual(allowedValues.enterpriseRealnameAuth["enterprise_person.certifier_role"], ["legalPerson"]);
  assert.deepEqual(Object.keys(allowedValues), operations);
  for (const [op, fields] of Object.entries(allowedValues)) {
    for (const [path, values] of Object.entries(fields)) {
      const outside = typeof values[0] === "number" ? 1e9 : "\u0000";
      const form = {};
      const keys = path.split(".");
      let node = form;
      for (const key of keys.slice(0, -1)) node = node[key] = {};
      node[keys.at(-1)] = outside;
      const issue = validateField(op, path, form).find((i) => i.code === "invalid_value");
      assert.deepEqual(issue?.params.allowed, values, `${op} ${path}`);
      assert.ok(Object.isFrozen(values), `${op} ${path}`);
    }
  }
  assert.ok(Object.isFrozen(allowedValues) && Object.isFrozen(allowedValues.checkIdentity));
});

test("an unknown operation is a TypeError naming the valid ones", () => {
  assert.throws(() => validate("checkIdentiy", {}), { name: "TypeError", message: /unknown operation "checkIdentiy".*checkIdentity/ });
  assert.throws(() => parseResponse(undefined, 200, "{}"), TypeError);
});

test("hostile input gives issues, never an exception, and later calls still work", () => {
  const cyclic = { search_type: "name" };
  cyclic.search_value = cyclic;
  const inputs = [
    null,
    undefined,
    42,
    "form",
    Symbol("x"),
    () => {},
    10n,
    cyclic,
    { search_type: Symbol("t"), search_value: 12 },
    { search_type: "name", search_value: "a".repeat(1 << 20) },
    { search_type: "name", search_value: new Array(10_000).fill("x") },
    Object.create(null),
    new Proxy({}, { ownKeys() { throw new Error("boom"); } }),
    new Date(),
  ];
  for (const input of inputs) {
    for (const op of operations) {
      const r = validate(op, input);
      assert.equal(r.ok, false, `${op} ${String(typeof input)}`);
      assert.ok(r.issues.length > 0);
      assert.ok(Array.isArray(validateField(op, "customer_id", input)));
      assert.equal(buildRequest(op, input).ok, false);
    }
  }
  assert.deepEqual(codesOf(validate("checkIdentity", inputs[9]).issues), ["search_value too_long"]);
  assert.equal(validate("enterpriseRealnameAuth", enterprise()).ok, true);
});

test("a list of 200 000 entries is too large, said at its field; every other field is read in full", () => {
  const form = {
    customer_id: "c-1",
    verified_file_url: Array.from({ length: 200_000 }, (_, i) => `f${i}.jpg`),
    corp_name: "Example Ltd",
    verified_number: "91110000600037",
    enterprise_person: { legel_name: "Wang", legel_id_number: "3718", certifier_role: "legalPerson" },
  };
  const r = validate("enterpriseRealnameAuth", form);
  assert.deepEqual(codesOf(r.issues), ["verified_file_url too_large"]);
  assert.deepEqual(r.issues[0].params, { max: 100_000 });
  assert.equal(buildRequest("enterpriseRealnameAuth", form).ok, false);
  // validateField equals validate at its path, in every field.
  for (const path of [...Object.keys(form), "enterprise_person.legel_name"]) {
    const want = r.issues.filter((i) => i.path[0] === path.split(".")[0]);
    assert.deepEqual(validateField("enterpriseRealnameAuth", path, form), want, path);
  }
  // The same form with fields the rules check: the true issues, none made up.
  const bad = { ...form, corp_name: "12345" };
  assert.deepEqual(codesOf(validate("enterpriseRealnameAuth", bad).issues), ["verified_file_url too_large", "corp_name no_letter"]);
  assert.deepEqual(codesOf(validateField("enterpriseRealnameAuth", "corp_name", bad)), ["corp_name no_letter"]);
});

test("a text with a lone surrogate is an issue on its field, never sent with U+FFFD in its place", () => {
  for (const text of ["a\uD800b", "Acme\uDC00 Ltd", "Wang\uD83D"]) {
    const form = { ...enterprise(), corp_name: text };
    const r = validate("enterpriseRealnameAuth", form);
    assert.deepEqual(codesOf(r.issues), ["corp_name ill_formed_text"], text);
    assert.equal(buildRequest("enterpriseRealnameAuth", form).ok, false);
    assert.deepEqual(validateField("enterpriseRealnameAuth", "corp_name", form), r.issues);
    const nested = { ...enterprise(), enterprise_person: { ...enterprise().enterprise_person, legel_name: text } };
    assert.deepEqual(codesOf(validateField("enterpriseRealnameAuth", "enterprise_person.legel_name", nested)), [
      "enterprise_person.legel_name ill_formed_text",
    ]);
  }
  // A well-formed pair is one character.
  assert.equal(validate("enterpriseRealnameAuth", { ...enterprise(), corp_name: "Acme \uD83D\uDE00" }).ok, true);
});

test("a getter that validates while its form is being read gets its own answer, and so does the form", () => {
  const inner = [];
  const form = {
    search_type: "email",
    get search_value() {
      inner.push(validate("enterpriseRealnameAuth", { ...enterprise(), corp_name: "123" }));
      inner.push(validateField("checkIdentity", "search_value", { search_type: "email", search_value: "nope" }));
      return "wang@example.com";
    },
    // A text long enough that the form's own call outgrows the exchange area too.
    extra: "x".repeat(20_000),
  };
  const r = validate("checkIdentity", form);
  assert.deepEqual(codesOf(r.issues), ["extra unknown_field"]);
  assert.deepEqual(codesOf(inner[0].issues), ["corp_name no_letter"]);
  assert.deepEqual(codesOf(inner[1]), ["search_value invalid_email"]);
  const { extra: _, ...valid } = form;
  assert.deepEqual(validate("checkIdentity", valid), { ok: true, value: { search_type: "email", search_value: "wang@example.com" } });
});

test("an object key with a lone surrogate is an issue at that key, besides the unknown field", () => {
  const r = validate("checkIdentity", { search_type: "email", search_value: "a@b.co", ["x\uD800"]: 1 });
  assert.deepEqual(codesOf(r.issues), ["x\uFFFD unknown_field", "x\uFFFD ill_formed_text"]);
  // Nested, under a field that has its own issues.
  const nested = validate("enterpriseRealnameAuth", { ...enterprise(), enterprise_person: { ...enterprise().enterprise_person, ["\uDC00"]: "" } });
  assert.deepEqual(codesOf(nested.issues), ["enterprise_person.\uFFFD unknown_field", "enterprise_person.\uFFFD ill_formed_text"]);
});

test("a throwing getter is unreadable, not required; a BigInt, symbol or function is named by its typeof", () => {
  const form = { search_type: "name", get search_value() { throw new Error("boom"); } };
  const r = validate("checkIdentity", form);
  assert.deepEqual(codesOf(r.issues), ["search_value unreadable"]);
  assert.equal(r.issues[0].message, "This value could not be read.");
  assert.deepEqual(validateField("checkIdentity", "search_value", form), r.issues);
  for (const [value, received] of [[10n, "bigint"], [Symbol("s"), "symbol"], [() => 1, "function"]]) {
    const issues = validate("checkIdentity", { search_type: "name", search_value: value }).issues;
    assert.deepEqual(codesOf(issues), ["search_value invalid_type"]);
    assert.equal(issues[0].params.received, received);
    assert.equal(issues[0].message, `Expected a text, got a ${received === "bigint" ? "BigInt" : received}.`);
  }
});

test("answers and values of any size around the exchange area (16 KB) come back whole", () => {
  // A 4 KB text whose answer (400 issues, about 40 KB) is longer than the area.
  const many = { search_type: "name", search_value: "wang_01" };
  for (let i = 0; i < 400; i++) many[`k${i}`] = "";
  const r = validate("checkIdentity", many);
  assert.equal(r.issues.length, 400);
  assert.deepEqual(codesOf([r.issues[0], r.issues[399]]), ["k0 unknown_field", "k399 unknown_field"]);
  assert.equal(validateField("checkIdentity", "k399", many).length, 1);
  // Texts of fewer UTF-16 units than the area has bytes, but more bytes: the walker reads them.
  for (const field of ["中".repeat(6000), "中".repeat(5400), "a".repeat(16_500)]) {
    const form = { search_type: "name", search_value: field };
    assert.deepEqual(validate("checkIdentity", form).issues.map((i) => [i.code, i.params]), [
      ["too_long", { max: 64, actual: field.length }],
    ]);
    assert.deepEqual(codesOf(validateField("checkIdentity", "search_value", form)), ["search_value too_long"]);
    assert.deepEqual(codesOf(validateField("enterpriseRealnameAuth", "corp_name", { corp_name: `${field}x` })), [
      "corp_name too_long",
    ]);
  }
  // And the calls after them read the area as before.
  assert.equal(validate("enterpriseRealnameAuth", enterprise()).ok, true);
  assert.deepEqual(validateField("enterpriseRealnameAuth", "corp_name", enterprise()), []);
});

test("the readers of answers are hwc-kyc/client's: the forms entry leaves them out, the client entry has all of it", () => {
  for (const name of ["parseResponse", "describeError", "describeFailCheckItem"]) {
    assert.equal(name in forms, false, name);
    assert.equal(typeof withClient[name], "function", name);
  }
  for (const name of Object.keys(forms)) assert.ok(name in withClient, name);
});

test("the .d.ts declares every public name and never says any", () => {
  const dts = readFileSync(new URL("../../pkg/index.d.ts", import.meta.url), "utf8");
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  assert.doesNotMatch(code, /\bany\b/);
  for (const name of ["validate", "validateField", "buildRequest", "checkAttachment", "createSchema"]) {
    assert.match(code, new RegExp(`export function ${name}\\b`));
  }
  // What only hwc-kyc/client exports is declared there, not in the forms entry's types.
  const clientDts = readFileSync(new URL("../../pkg/client/index.d.ts", import.meta.url), "utf8");
  for (const name of ["parseResponse", "describeError", "describeFailCheckItem"]) {
    assert.doesNotMatch(code, new RegExp(`export function ${name}\\b`));
    assert.match(clientDts, new RegExp(`export function ${name}\\b`));
  }
  for (const name of ["schemas", "issueCodes", "issueCodeInfo", "locales", "operations"]) {
    assert.match(code, new RegExp(`export const ${name}\\b`));
  }
  // Each issue code's meaning (ISSUE_CODES.md's column, from core) is its doc comment in the
  // IssueCode union and in IssueCodeInfo, where the editor shows it.
  const meanings = [...readFileSync(new URL("../../ISSUE_CODES.md", import.meta.url), "utf8").matchAll(/^\| `([a-z_]+)` \| [^|]* \| ((?:[^|\\]|\\.)*) \|/gm)];
  assert.equal(meanings.length, issueCodes.length);
  for (const [, c, meaning] of meanings) {
    const doc = `  /** ${meaning.replace(/\\\|/g, "|")} */\n`;
    assert.ok(dts.includes(`${doc}  | "${c}"\n`), c);
    assert.ok(dts.includes(`${doc}  readonly ${c}: { readonly params: readonly (keyof IssueParams["${c}"])[] };\n`), c);
  }
});

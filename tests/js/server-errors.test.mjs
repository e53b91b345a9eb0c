// serverErrors of the built package (`hwc-kyc/client`) in Node, on the answers of the real
// hwc-kyc-proxy and its simulator (crates/test-server): the proxy's CBC.0100 issues and
// fail_check_items under their fields, the catalog's description as the form's message, in the
// asked locale; and every issue the package produces carries a path (the form's root is []).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { FormApi, FieldApi } from "@tanstack/form-core";
import { createFormControl } from "react-hook-form";

import {
  KycClient,
  checkAttachment,
  describeError,
  describeFailCheckItem,
  errorCodeFields,
  failCheckItemFields,
  parseResponse,
  schemas,
  serverErrors,
  validate,
  validateField,
} from "../../pkg/client/node.js";
import { enterprise, passport, startServer } from "./client-harness.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

async function clientFor(customerId, options = {}) {
  const token = await server.token(customerId);
  return new KycClient({ baseUrl: server.api, getToken: () => token, ...options });
}

test("the proxy's CBC.0100 issues land under their fields; the code's description is the form's message", async () => {
  const kyc = await clientFor("cust-individual-001");
  const r = await kyc.submitIndividual({ ...passport("cust-individual-001"), xaccount_type: "SOME_OTHER_IDP" }, { locale: "es" });
  assert.equal(r.error.code, "CBC.0100");
  const { fields, form } = serverErrors(r.error, { locale: "es" });
  assert.deepEqual(Object.keys(fields), ["xaccount_type"]);
  assert.equal(fields.xaccount_type, r.error.issues[0].message);
  assert.equal(form, describeError("CBC.0100", "es", "individualRealnameAuth"));
  // Another locale: the form's message follows it (the issues came in the call's locale).
  assert.equal(serverErrors(r.error, { locale: "zh-CN" }).form, describeError("CBC.0100", "zh-CN", "individualRealnameAuth"));
});

test("fail_check_items about a picture go under verified_file_url, those about the account to the form", async () => {
  const kyc = await clientFor("cust-individual-001");
  const files = ["a/invalid_front_idcard.jpg", "a/back.jpg"];
  const r = await kyc.submitIndividual(passport("cust-individual-001", files));
  assert.equal(r.error.code, "CBC.99007004");
  assert.deepEqual(r.error.failCheckItems.map((i) => i.code), ["INVALID_FRONT_IDCARD"]);
  const { fields, form } = serverErrors(r.error, { locale: "zh-CN" });
  assert.deepEqual(fields, { verified_file_url: describeFailCheckItem("INVALID_FRONT_IDCARD", "zh-CN") });
  assert.equal(form, describeError("CBC.99007004", "zh-CN", "individualRealnameAuth"));

  const arrears = await (await clientFor("cust-arrears-001")).submitEnterprise(enterprise("cust-arrears-001"));
  const out = serverErrors(arrears.error);
  assert.deepEqual(out.fields, {});
  assert.equal(
    out.form,
    `${describeError("CBC.99007004", "en", "enterpriseRealnameAuth")} ${describeFailCheckItem("IS_DEBT", "en")}`,
  );
  // Every item the table names is one core documents.
  for (const code of Object.keys(failCheckItemFields)) assert.ok(describeFailCheckItem(code, "en"), code);
});

test("an error code about one field (a certificate number used by too many users) goes under that field", async () => {
  const kyc = await clientFor("cust-individual-001");
  const r = await kyc.submitIndividual({ ...passport("cust-individual-001"), verified_type: "0", verified_number: "110101199003077777", verified_file_url: ["a/1.jpg", "a/2.jpg", "a/3.jpg"] });
  assert.equal(r.error.code, "CBC.99007189", JSON.stringify(r.error));
  const { fields, form } = serverErrors(r.error, { locale: "es" });
  assert.deepEqual(fields, { verified_number: describeError("CBC.99007189", "es", "individualRealnameAuth") });
  assert.equal(form, "Algunos campos necesitan corrección.");
  for (const code of Object.keys(errorCodeFields)) assert.ok(describeError(code, "en", "individualRealnameAuth"), code);
});

test("an invalid value: each issue under its field, list indexes as react-hook-form or TanStack Form names them", async () => {
  const kyc = await clientFor("cust-enterprise-001");
  const value = { ...enterprise("cust-enterprise-001"), corp_name: "", verified_file_url: ["ok.jpg", "/abs.jpg"] };
  const r = await kyc.submitEnterprise(value, { locale: "es" });
  assert.equal(r.error.kind, "invalid");
  const dot = serverErrors(r.error, { locale: "es" });
  const issues = validate("enterpriseRealnameAuth", value, { locale: "es" }).issues;
  assert.deepEqual(Object.keys(dot.fields).sort(), ["corp_name", "verified_file_url.1"]);
  assert.equal(dot.fields["verified_file_url.1"], issues.find((i) => i.path[1] === 1).message);
  assert.equal(dot.form, "Algunos campos necesitan corrección.");
  const bracket = serverErrors(r.error, { locale: "es", paths: "bracket" });
  assert.deepEqual(Object.keys(bracket.fields).sort(), ["corp_name", "verified_file_url[1]"]);
});

test("issues at the form's root, or without a path, go to the form's message; no answer is a form message", async () => {
  const body = JSON.stringify({
    error_code: "CBC.0100",
    error_msg: "bad",
    issues: [
      { path: [], code: "unknown_field", params: {}, message: "root" },
      { code: "required", params: {}, message: "no path" },
      { path: ["name"], code: "required", params: {}, message: "x" },
    ],
  });
  const answer = parseResponse("individualRealnameAuth", 400, body, { locale: "en" });
  assert.equal(answer.ok, false);
  for (const issue of answer.error.issues) assert.ok(Array.isArray(issue.path), JSON.stringify(issue));
  const { fields, form } = serverErrors(answer.error);
  assert.deepEqual(Object.keys(fields), ["name"]);
  const description = describeError("CBC.0100", "en", "individualRealnameAuth");
  const root = answer.error.issues.filter((i) => i.path.length === 0).map((i) => i.message);
  assert.equal(root.length, 2);
  assert.equal(form, [description, ...root].join(" "));

  const down = await new KycClient({ baseUrl: server.closed }).checkIdentity({ search_type: "email", search_value: "a@example.com" });
  assert.deepEqual(serverErrors(down.error, { locale: "es" }), {
    fields: {},
    form: "Sin respuesta: no se puede contactar con el servidor.",
  });
  assert.throws(() => serverErrors(null), TypeError);
  assert.throws(() => serverErrors(down.error, { paths: "slash" }), TypeError);
});

test("every issue the package produces carries a path", async () => {
  const values = [null, 42, "text", [], {}, { search_type: Symbol("x") }, { unknown: 1 }, { verified_file_url: [1, "/a"] }];
  for (const op of ["checkIdentity", "individualRealnameAuth", "enterpriseRealnameAuth", "reviewResult"]) {
    for (const value of values) {
      const issues = [
        ...(validate(op, value).issues ?? []),
        ...validateField(op, "verified_file_url", value),
        ...(schemas[op]["~standard"].validate(value).issues ?? []),
      ];
      for (const issue of issues) assert.ok(Array.isArray(issue.path), `${op} ${String(value)}: ${JSON.stringify(issue)}`);
    }
  }
  const files = [checkAttachment("a.exe", new Uint8Array([1, 2])), checkAttachment("", new Uint8Array(0))];
  assert.equal(files.flat().length, 3);
  for (const issue of files.flat()) assert.ok(Array.isArray(issue.path), JSON.stringify(issue));
  const r = await new KycClient({ baseUrl: server.api }).checkIdentity(null);
  for (const issue of r.error.issues) assert.ok(Array.isArray(issue.path));
});

test("recipes: react-hook-form's setError and TanStack Form's onSubmitAsync put the answer on the fields", async () => {
  const kyc = await clientFor("cust-individual-001");
  const value = passport("cust-individual-001", ["a/pic_format_err.jpg", "a/back.jpg"]);

  // react-hook-form: setError per field, the form's message at root.server.
  const rhf = createFormControl({ defaultValues: value });
  const r = await kyc.submitIndividual(value);
  const { fields, form } = serverErrors(r.error);
  for (const [name, message] of Object.entries(fields)) rhf.setError(name, { type: "server", message });
  if (form) rhf.setError("root.server", { type: "server", message: form });
  const errors = rhf.control._formState.errors;
  assert.equal(errors.verified_file_url.message, describeFailCheckItem("PIC_FORMAT_ERR", "en"));
  assert.equal(errors.root.server.message, describeError("CBC.99007004", "en", "individualRealnameAuth"));

  // TanStack Form: a form-level onSubmitAsync returns { form, fields }, which it spreads onto the fields.
  const tanstack = new FormApi({
    defaultValues: { ...value, xaccount_type: "SOME_OTHER_IDP" },
    validators: {
      onSubmitAsync: async ({ value: v }) => {
        const answer = await kyc.submitIndividual(v, { locale: "zh-CN" });
        return answer.ok ? undefined : serverErrors(answer.error, { locale: "zh-CN", paths: "bracket" });
      },
    },
  });
  tanstack.mount();
  const field = new FieldApi({ form: tanstack, name: "xaccount_type" });
  field.mount();
  await tanstack.handleSubmit();
  assert.equal(field.state.meta.errors.length, 1);
  assert.match(field.state.meta.errors[0], /./);
  assert.equal(tanstack.state.errors[0], describeError("CBC.0100", "zh-CN", "individualRealnameAuth"));
});

// The package's schemas implement Standard Schema v1 and work unchanged with react-hook-form's
// standardSchemaResolver (called as react-hook-form calls it on submit) and as TanStack Form's
// form validator (@tanstack/form-core, the framework-free core its React/Vue adapters wrap).
import { test } from "node:test";
import assert from "node:assert/strict";

import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import { FieldApi, FormApi } from "@tanstack/form-core";
import { createSchema, operations, registerLocale, schemas, validate } from "../../pkg/node.js";
import zhCN from "../../pkg/locales/zh-CN.js";
import es from "../../pkg/locales/es.js";
import { validEnterpriseForm } from "./forms.mjs";

registerLocale(zhCN);
registerLocale(es);

const enterprise = validEnterpriseForm;

test("every operation has a Standard Schema v1 object from vendor hwc-kyc", () => {
  assert.deepEqual(Object.keys(schemas), operations);
  for (const op of operations) {
    const props = schemas[op]["~standard"];
    assert.equal(props.version, 1);
    assert.equal(props.vendor, "hwc-kyc");
    assert.equal(typeof props.validate, "function");
    assert.ok(Object.isFrozen(schemas[op]) && Object.isFrozen(props));
  }
});

test("validate is synchronous and returns { value } or { issues: [{ message, path }] }", () => {
  const ok = schemas.enterpriseRealnameAuth["~standard"].validate(enterprise());
  assert.ok(!(ok instanceof Promise));
  assert.deepEqual(ok, { value: validate("enterpriseRealnameAuth", enterprise()).value });
  assert.equal(ok.issues, undefined);

  const bad = schemas.enterpriseRealnameAuth["~standard"].validate({
    ...enterprise(),
    enterprise_person: { legel_name: "x".repeat(256), legel_id_number: "1" },
  });
  assert.equal(bad.value, undefined);
  assert.equal(bad.issues.length, 1);
  assert.deepEqual(bad.issues[0].path, ["enterprise_person", "legel_name"]);
  assert.equal(typeof bad.issues[0].message, "string");
  // The package's own issue fields ride along for callers that want them.
  assert.equal(bad.issues[0].code, "too_long");

  const root = schemas.checkIdentity["~standard"].validate(null);
  assert.deepEqual(root.issues.map((i) => i.path), [[]]);
});

test("createSchema fixes the locale and the stage, and refuses an unknown operation at once", () => {
  const zh = createSchema("checkIdentity", { locale: "zh-CN" });
  const r = zh["~standard"].validate({ search_type: "email", search_value: "" });
  assert.equal(r.issues[0].message, "此项不能为空。");
  const upstream = createSchema("enterpriseRealnameAuth", { stage: "upstream" });
  assert.deepEqual(
    upstream["~standard"].validate(enterprise()).issues.map((i) => i.path.join(".")),
    ["identify_type", "xaccount_type"],
  );
  assert.throws(() => createSchema("nope"), TypeError);
});

/** Calls a react-hook-form resolver the way useForm does on submit. */
const resolve = (schema, values) =>
  standardSchemaResolver(schema)(values, undefined, {
    fields: {},
    names: Object.keys(values),
    shouldUseNativeValidation: false,
    criteriaMode: "firstError",
  });

test("react-hook-form's standardSchemaResolver takes the schema unchanged: valid values", async () => {
  const result = await resolve(schemas.enterpriseRealnameAuth, enterprise());
  assert.deepEqual(result.errors, {});
  assert.equal(result.values.certificate_type, 0);
  assert.equal(result.values.identify_type, 1);
});

test("react-hook-form's standardSchemaResolver maps issues to nested field errors", async () => {
  const values = {
    ...enterprise(),
    corp_name: "!!!",
    verified_file_url: ["license/front.jpg", "../etc/passwd.jpg"],
    enterprise_person: { legel_name: "", legel_id_number: "1" },
  };
  const result = await resolve(createSchema("enterpriseRealnameAuth", { locale: "es" }), values);
  assert.deepEqual(result.values, {});
  assert.deepEqual(Object.keys(result.errors).sort(), ["corp_name", "enterprise_person", "verified_file_url"]);
  const issues = validate("enterpriseRealnameAuth", values, { locale: "es" }).issues;
  assert.equal(result.errors.corp_name.message, issues.find((i) => i.path[0] === "corp_name").message);
  assert.match(result.errors.corp_name.message, /letra/);
  assert.ok(result.errors.enterprise_person.legel_name.message);
  assert.ok(result.errors.verified_file_url[1].message);
});

test("TanStack Form takes the schema unchanged as its form validator and routes issues to fields", async () => {
  const form = new FormApi({
    defaultValues: { ...enterprise(), corp_name: "123", enterprise_person: { legel_name: "", legel_id_number: "1" } },
    validators: { onChange: schemas.enterpriseRealnameAuth },
  });
  form.mount();
  const corp = new FieldApi({ form, name: "corp_name" });
  const legalName = new FieldApi({ form, name: "enterprise_person.legel_name" });
  corp.mount();
  legalName.mount();

  corp.handleChange("456");
  const expected = validate("enterpriseRealnameAuth", form.state.values).issues;
  assert.deepEqual(corp.state.meta.errors.map((i) => i.code), ["no_letter"]);
  assert.equal(corp.state.meta.errors[0].message, expected.find((i) => i.path[0] === "corp_name").message);
  assert.deepEqual(legalName.state.meta.errors.map((i) => i.code), ["empty"]);

  corp.handleChange("Example Ltd");
  assert.deepEqual(corp.state.meta.errors, []);
  legalName.handleChange("Wang");
  assert.deepEqual(form.state.errors, []);
  let submitted;
  form.options.onSubmit = ({ value }) => {
    submitted = value;
  };
  await form.handleSubmit();
  assert.equal(form.state.isSubmitSuccessful, true);
  assert.equal(submitted.corp_name, "Example Ltd");
});

test("TanStack Form: a submit validator made with createSchema reports in its locale and blocks the submit", async () => {
  const form = new FormApi({
    defaultValues: { ...enterprise(), corp_name: "" },
    validators: { onSubmit: createSchema("enterpriseRealnameAuth", { locale: "zh-CN" }) },
    onSubmit: () => assert.fail("an invalid form was submitted"),
  });
  form.mount();
  const corp = new FieldApi({ form, name: "corp_name" });
  corp.mount();
  await form.handleSubmit();
  assert.equal(form.state.isSubmitSuccessful, false);
  const [issue] = corp.state.meta.errorMap.onSubmit;
  assert.equal(issue.code, "empty");
  assert.equal(issue.message, validate("enterpriseRealnameAuth", form.state.values, { locale: "zh-CN" }).issues[0].message);
  assert.match(issue.message, /[\u4e00-\u9fff]/);
});

// `serverErrors`: a failed call's answer put where a form shows it. The issues (the value's own
// from `KycClient`, or those a partner proxy returned with `CBC.0100`) go under the field their
// path names; `fail_check_items` and error codes that concern one field go under it too;
// everything else (the catalog's description of the error code, the other check items, issues at
// the form's root `[]`, a network failure) becomes one form-level message, in the asked locale.

import { describeError, describeFailCheckItem, operations } from "./api.js";
import { text } from "./texts.js";

/**
 * The field each documented `fail_check_items` value is about (the individual page's Table 1:
 * the pictures, and the entered certificate number that differs from the picture). The
 * enterprise page's items are about the account, not a field: they stay form-level.
 */
export const failCheckItemFields = Object.freeze({
  PIC_FORMAT_ERR: "verified_file_url",
  PIC_SIZE_ERR: "verified_file_url",
  INVALID_FRONT_IDCARD: "verified_file_url",
  INVALID_BACK_IDCARD: "verified_file_url",
  INVALID_IDCARD_FACE: "verified_file_url",
  IDCARD_INFO_NOT_SAME: "verified_number",
});

/**
 * The field each `error_code` about one field concerns (the individual page: a certificate number
 * used by too many users, or of an invalid certificate). Its description goes under that field.
 */
export const errorCodeFields = Object.freeze({
  "CBC.99007189": "verified_number",
  "CBC.99007193": "verified_number",
});

const CLIENT_KINDS = ["invalid", "token", "http", "network", "timeout", "aborted"];

/** A path as a form library names the field: `a.b.0` (`"dot"`) or `a.b[0]` (`"bracket"`). */
function fieldName(path, style) {
  let name = "";
  for (const segment of path) {
    if (typeof segment === "number" && style === "bracket") name += `[${segment}]`;
    else name += name === "" ? String(segment) : `.${segment}`;
  }
  return name;
}

/**
 * `{ fields: { [name]: message }, form: message | null }` for a failed call's `error`: a
 * `KycClient` error (`r.error`) or a `parseResponse` one (`answer.error`). Options: `locale`
 * (default `"en"`), `op` (the operation, when the error does not name it), `paths`: `"dot"`
 * (`verified_file_url.1`, react-hook-form's names; the default) or `"bracket"`
 * (`verified_file_url[1]`, TanStack Form's).
 */
export function serverErrors(error, options) {
  if (error === null || typeof error !== "object") throw new TypeError("hwc-kyc: serverErrors(error) needs an error object");
  const { locale = "en", op, paths = "dot" } = options ?? {};
  if (typeof locale !== "string") throw new TypeError("hwc-kyc: options.locale must be a string");
  if (paths !== "dot" && paths !== "bracket") throw new TypeError('hwc-kyc: options.paths must be "dot" or "bracket"');
  const operation = [error.operation, op].find((o) => operations.includes(o));

  const byField = new Map();
  const formLevel = [];
  const add = (name, message) => {
    if (name === "") formLevel.push(message);
    else byField.set(name, [...(byField.get(name) ?? []), message]);
  };
  for (const issue of Array.isArray(error.issues) ? error.issues : []) {
    add(fieldName(Array.isArray(issue.path) ? issue.path : [], paths), issue.message);
  }
  for (const item of Array.isArray(error.failCheckItems) ? error.failCheckItems : []) {
    const message = describeFailCheckItem(item.code, locale) ?? item.description ?? item.code;
    add(Object.hasOwn(failCheckItemFields, item.code) ? failCheckItemFields[item.code] : "", message);
  }

  // The headline: what happened to the call as a whole.
  let headline = null;
  const http = error.kind === "http" || (!CLIENT_KINDS.includes(error.kind) && typeof error.status === "number");
  if (http) {
    headline =
      (error.code && describeError(error.code, locale, operation)) ??
      error.description ??
      error.message ??
      text("status", locale, { status: error.status });
  } else if (error.kind === "invalid") {
    headline = text("invalidForm", locale);
  } else if (CLIENT_KINDS.includes(error.kind)) {
    headline = text(error.kind, locale);
  }
  if (http && typeof error.code === "string" && Object.hasOwn(errorCodeFields, error.code) && headline !== null) {
    add(errorCodeFields[error.code], headline);
    headline = text("invalidForm", locale);
  }
  const form = [headline, ...formLevel].filter((m) => typeof m === "string" && m !== "");
  const fields = {};
  for (const [name, messages] of byField) fields[name] = messages.join(" ");
  return { fields, form: form.length ? form.join(" ") : null };
}

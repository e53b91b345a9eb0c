// The public API of the `hwc-kyc` package over the wasm-bindgen output (`hwc_kyc.js`).
//
// Thin by design: every function hands its arguments to wasm unchanged and reads back the JSON text
// the bindings write (`crates/wasm/src/to_json.rs`). No rule, message, limit or code lives here;
// the Standard Schema objects are adapters over `validate`. The entry modules (`index.js` for
// browsers and bundlers, `node.js` for Node) instantiate the wasm module, then call `setup()`.

import * as raw from "./hwc_kyc.js";

/** Reads a bindings result; a usage error (an unknown operation name) becomes a TypeError. */
function read(text) {
  const result = JSON.parse(text);
  if (result !== null && typeof result === "object" && typeof result.usage === "string") {
    throw new TypeError(`hwc-kyc: ${result.usage}`);
  }
  return result;
}

/** `options.locale` and `options.stage`, tolerating a missing or non-object options argument. */
function localeOf(options) {
  return options !== null && typeof options === "object" ? options.locale : undefined;
}

function stageOf(options) {
  return options !== null && typeof options === "object" ? options.stage : undefined;
}

export function validate(op, value, options) {
  return read(raw.validate(op, value, localeOf(options), stageOf(options)));
}

export function validateField(op, path, value, options) {
  return read(raw.validateField(op, path, value, localeOf(options), stageOf(options)));
}

export function buildRequest(op, value, options) {
  return read(raw.buildRequest(op, value, localeOf(options), stageOf(options)));
}

export function parseResponse(op, status, bodyText, options) {
  return read(raw.parseResponse(op, status, bodyText, localeOf(options)));
}

export function checkAttachment(fileName, bytes, options) {
  const size = options !== null && typeof options === "object" ? options.size : undefined;
  return read(raw.checkAttachment(fileName, bytes, size, localeOf(options)));
}

export function describeError(code, locale, op) {
  return JSON.parse(raw.describeError(code, locale, op));
}

export function describeFailCheckItem(item, locale) {
  return JSON.parse(raw.describeFailCheckItem(item, locale));
}

/** A Standard Schema v1 object validating `op` with fixed options. */
export function createSchema(op, options) {
  const locale = localeOf(options);
  const stage = stageOf(options);
  // Fail now, not at the first keystroke, on an unknown operation.
  read(raw.validateField(op, "", null, locale, stage));
  return Object.freeze({
    "~standard": Object.freeze({
      version: 1,
      vendor: "hwc-kyc",
      validate(value) {
        const result = read(raw.validate(op, value, locale, stage));
        return result.ok ? { value: result.value } : { issues: result.issues };
      },
    }),
  });
}

/** Filled by `setup()` once the module is instantiated (frozen then). */
export const issueCodes = [];
export const issueCodeInfo = {};
export const locales = [];
export const operations = [];
export const schemas = {};

/** Called once by the entry module after instantiation: reads core's tables. */
export function setup() {
  const tables = JSON.parse(raw.tables());
  for (const info of tables.issueCodes) {
    issueCodes.push(info.code);
    issueCodeInfo[info.code] = Object.freeze({
      params: Object.freeze(info.params),
      doc: info.doc,
    });
  }
  locales.push(...tables.locales);
  operations.push(...tables.operations);
  for (const op of operations) schemas[op] = createSchema(op);
  for (const table of [issueCodes, issueCodeInfo, locales, operations, schemas]) {
    Object.freeze(table);
  }
}

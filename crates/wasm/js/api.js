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

// Two ways in, one result. A plain JSON-safe value (what a form holds: strings, safe integers,
// finite numbers, booleans, null, plain arrays and objects, shallow and small) goes to wasm as one
// JSON text that core's parser reads: one boundary crossing instead of one per field. Anything else
// (Symbols, cycles, class instances, proxies that throw, NaN, huge or deep values…) is read by the
// Rust walker (crates/wasm/src/from_js.rs), value by value. The walker reads a plain value exactly
// as JSON.stringify writes it, so both give the same issues (tests/js/vectors.test.mjs runs the
// conformance vectors through this path, the wasm-bindgen tests through the walker).
const PLAIN_DEPTH = 8;
const PLAIN_NODES = 512;
let budget = 0;

function plain(v, depth) {
  switch (typeof v) {
    case "string":
      return v.isWellFormed();
    case "number":
      return Number.isSafeInteger(v) || (Number.isFinite(v) && !Number.isInteger(v));
    case "boolean":
    case "undefined":
      return true;
    case "object": {
      if (v === null) return true;
      if (depth >= PLAIN_DEPTH || --budget < 0) return false;
      const proto = Object.getPrototypeOf(v);
      if (Array.isArray(v)) {
        if (proto !== Array.prototype) return false;
        for (let i = 0; i < v.length; i++) if (!plain(v[i], depth + 1)) return false;
        return true;
      }
      if (proto !== Object.prototype && proto !== null) return false;
      // for-in on a plain object: its own enumerable string keys, in Object.keys order.
      for (const key in v) if (!key.isWellFormed() || !plain(v[key], depth + 1)) return false;
      return true;
    }
    default:
      return false; // symbol, function, bigint
  }
}

/** `[fn, op, locale, stage, value, path?]` as JSON text, or undefined when not plain. */
function callText(fn, op, options, value, path) {
  try {
    budget = PLAIN_NODES;
    if (!plain(value, 0) || (path !== undefined && !plain(path, 0))) return undefined;
    const locale = localeOf(options);
    const stage = stageOf(options);
    const args = [
      fn,
      typeof op === "string" ? op : null,
      typeof locale === "string" ? locale : null,
      typeof stage === "string" ? stage : null,
      value,
    ];
    if (path !== undefined) args.push(path);
    return JSON.stringify(args);
  } catch {
    return undefined; // a throwing getter or proxy trap: the walker reads it as absent
  }
}

const FALLBACK = '{"fallback":true}';
// Call texts cross as UTF-8 bytes through the exchange area, a fixed block of the module's memory
// (crates/wasm/src/exchange.rs): the text is encoded straight into it, the export takes and
// returns numbers, and the answer is read from the same bytes. A value whose text does not fit
// (16 KB: what a form holds fits many times over) is read by the walker. Set by `setup()`.
const encoder = new TextEncoder();
let memory;
let areaAt = 0;
let areaBytes = 0;
let areaView = null;
// A new decoder every 2 GB, as wasm-bindgen's glue does: Safari's stops decoding after that much.
let decoder = null;
let decoded = 0;

/** The area as bytes (a new view after the memory grew, which detaches the old one). */
function area() {
  if (areaView === null || areaView.byteLength === 0) areaView = new Uint8Array(memory.buffer, areaAt, areaBytes);
  return areaView;
}

/** The answer of an export of the area, `n` bytes long: in the area, or too long for it. */
function answer(n) {
  if (n > areaBytes) return raw.takeAnswer();
  const bytes = area();
  if (n === 2 && bytes[0] === 0x5b && bytes[1] === 0x5d) return "[]"; // no issues
  decoded += n;
  if (decoder === null || decoded > 2_000_000_000) {
    decoder = new TextDecoder();
    decoded = n;
  }
  return decoder.decode(bytes.subarray(0, n));
}

/** Encodes `text` into the area: its length in bytes, or -1 when it does not fit. */
function put(text) {
  if (text.length > areaBytes) return -1;
  const { read, written } = encoder.encodeInto(text, area());
  return read === text.length ? written : -1;
}

function call(fn, op, options, value, path, walk) {
  const text = callText(fn, op, options, value, path);
  const len = text === undefined ? -1 : put(text);
  if (len >= 0) {
    const out = answer(raw.callJsonAt(len));
    if (out !== FALLBACK) return out;
  }
  return walk();
}

export function validate(op, value, options) {
  return read(
    call("validate", op, options, value, undefined, () =>
      raw.validate(op, value, localeOf(options), stageOf(options)),
    ),
  );
}

/** An object literal's kind: its prototype is Object.prototype or none (not an array, not a class). */
function plainObject(v) {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The top-level key a field path starts with (as core's `parse_path` reads it), if any. */
function topKey(path) {
  const first = typeof path === "string" ? path.split(".").find((s) => s !== "") : Array.isArray(path) ? path[0] : undefined;
  return typeof first === "string" && !/^[0-9]+$/.test(first) ? first : undefined;
}

/** The other fields core says the issues of top-level field `key` of `op` depend on, or none. */
function contextOf(op, key) {
  return Object.hasOwn(fieldContext, op) && Object.hasOwn(fieldContext[op], key) ? fieldContext[op][key] : [];
}

/**
 * Live validation sends only what the field's issues depend on: the field and the fields core
 * lists as its context (`fieldContext`, e.g. the attachment count follows `verified_type`), so a
 * keystroke does not serialize the whole form. Core's tests prove the cut-down form gives the
 * same issues at the path as the whole one. Anything unusual is sent whole.
 */
function fieldOnly(op, path, value) {
  try {
    const key = topKey(path);
    if (key === undefined || !plainObject(value)) return value;
    // A field named "__proto__" goes into an object without a prototype, where it stays a field
    // instead of setting one (any other key: a plain object, which V8 serializes faster).
    const out = key === "__proto__" ? Object.create(null) : {};
    if (Object.hasOwn(value, key)) out[key] = value[key];
    for (const name of contextOf(op, key)) if (Object.hasOwn(value, name)) out[name] = value[name];
    return out;
  } catch {
    return value; // a throwing getter or proxy trap: read as a whole, by the walker if need be
  }
}

/**
 * What a keystroke in most fields asks: a text field, at a path of keys (`corp_name`,
 * `enterprise_person.legel_name`) under a top-level field whose issues depend on no other field.
 * Then only strings cross, as they are, with no object or JSON text built
 * (`validateStringField` in crates/wasm/src/lib.rs, through the exchange area, which checks the
 * path and the value against core and answers `FALLBACK` otherwise). Undefined when the call does
 * not qualify.
 */
function stringField(op, path, value, options) {
  if (typeof op !== "string" || typeof path !== "string") return undefined;
  try {
    let field = value;
    let from = 0;
    for (;;) {
      const dot = path.indexOf(".", from);
      const key = dot < 0 ? path.slice(from) : path.slice(from, dot);
      if (!plainObject(field) || !Object.hasOwn(field, key)) return undefined;
      if (from === 0 && contextOf(op, key).length > 0) return undefined;
      field = field[key];
      if (dot < 0) break;
      from = dot + 1;
    }
    if (typeof field !== "string") return undefined;
    let locale = localeOf(options);
    let stage = stageOf(options);
    if (typeof locale !== "string") locale = "";
    if (typeof stage !== "string") stage = "";
    // One text, `op ‖ path ‖ locale ‖ stage ‖ value`, split again by the lengths.
    const len = put(op + path + locale + stage + field);
    if (len < 0) return undefined;
    const out = answer(raw.stringFieldAt(len, op.length, path.length, locale.length, stage.length));
    return out === FALLBACK ? undefined : out;
  } catch {
    return undefined; // a throwing getter or proxy trap: the general path reads it
  }
}

export function validateField(op, path, value, options) {
  const quick = stringField(op, path, value, options);
  if (quick !== undefined) return quick === "[]" ? [] : read(quick);
  const field = fieldOnly(op, path, value);
  const out = call("validateField", op, options, field, path ?? null, () =>
    raw.validateField(op, path, field, localeOf(options), stageOf(options)),
  );
  return out === "[]" ? [] : read(out);
}

export function buildRequest(op, value, options) {
  return read(
    call("buildRequest", op, options, value, undefined, () =>
      raw.buildRequest(op, value, localeOf(options), stageOf(options)),
    ),
  );
}

export function parseResponse(op, status, bodyText, options) {
  return read(raw.parseResponse(op, status, bodyText, localeOf(options)));
}

/** Leading bytes of a file handed to the attachment check: more than core's content check reads
 * (16; the bindings take what it needs). Also what KycClient reads of a picked file. */
export const HEAD_BYTES = 64;

export function checkAttachment(fileName, bytes, options) {
  const size = options !== null && typeof options === "object" ? options.size : undefined;
  // Any typed array, DataView or ArrayBuffer, read as bytes; anything else as an empty file.
  let view = new Uint8Array(0);
  if (bytes instanceof ArrayBuffer) view = new Uint8Array(bytes);
  else if (ArrayBuffer.isView(bytes)) view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = Number.isSafeInteger(size) && size >= 0 ? size : view.byteLength;
  return read(raw.checkAttachment(fileName, view.subarray(0, HEAD_BYTES), whole, localeOf(options)));
}

/**
 * A description from core's catalogs through the exchange area (`describeAt`): the key, the
 * locale and the operation written one after another (anything but a string as ""). A key too
 * long for the area is no code or item, and a locale or operation is read by its first 64
 * characters at most (all that `Locale::parse` and the operation names can look at).
 */
function describe(kind, key, locale, op) {
  const parts = [key, locale, op].map((v, n) => (typeof v !== "string" ? "" : n === 0 ? v : v.slice(0, 64)));
  if ((parts[0].length + parts[1].length + parts[2].length) * 3 > areaBytes) return null;
  const bytes = area();
  const lens = [];
  let at = 0;
  for (const part of parts) {
    const { written } = encoder.encodeInto(part, bytes.subarray(at));
    lens.push(written);
    at += written;
  }
  return JSON.parse(answer(raw.describeAt(kind, at, lens[0], lens[1])));
}

export function describeError(code, locale, op) {
  return describe(0, code, locale, op);
}

export function describeFailCheckItem(item, locale) {
  return describe(1, item, locale, "");
}

/** A Standard Schema v1 object validating `op` with fixed options. */
export function createSchema(op, options) {
  // A copy: changing the caller's options object later does not change the schema.
  const fixed = Object.freeze({ locale: localeOf(options), stage: stageOf(options) });
  // Fail now, not at the first keystroke, on an unknown operation (the package's own schemas,
  // made at load for core's operations, skip the call: it costs import time).
  if (!operations.includes(op)) read(raw.validateField(op, "", null, fixed.locale, fixed.stage));
  return Object.freeze({
    "~standard": Object.freeze({
      version: 1,
      vendor: "hwc-kyc",
      validate(value) {
        const result = validate(op, value, fixed);
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
/** `{ [op]: { [dotted path]: [values] } }`: what each closed field accepts, from core's tables. */
export const allowedValues = {};
/** `{ [op]: { [field]: [other fields its issues depend on] } }`, from core (not exported). */
const fieldContext = {};

/** Called once by the entry module after instantiation, with the module's exports: reads core's
 * tables and where the exchange area is. */
export function setup(exports) {
  memory = exports.memory;
  const tables = JSON.parse(raw.tables());
  [areaAt, areaBytes] = tables.exchange;
  for (const info of tables.issueCodes) {
    issueCodes.push(info.code);
    issueCodeInfo[info.code] = Object.freeze({ params: Object.freeze(info.params) });
  }
  locales.push(...tables.locales);
  operations.push(...tables.operations);
  Object.assign(fieldContext, tables.fieldContext);
  for (const [op, fields] of Object.entries(tables.allowedValues)) {
    for (const values of Object.values(fields)) Object.freeze(values);
    allowedValues[op] = Object.freeze(fields);
  }
  for (const op of operations) schemas[op] = createSchema(op);
  for (const table of [issueCodes, issueCodeInfo, locales, operations, schemas, allowedValues]) {
    Object.freeze(table);
  }
}

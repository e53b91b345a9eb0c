// The public API of the `hwc-kyc` package over the wasm-bindgen output (`hwc_kyc.js`).
//
// Thin by design: every function hands its arguments to wasm unchanged and reads back the JSON text
// the bindings write (`crates/wasm/src/to_json.rs`). No rule, message, limit or code lives here;
// the Standard Schema objects are adapters over `validate`. The entry modules (`index.js` for
// browsers and bundlers, `node.js` for Node) instantiate the wasm module, then call `setup()`.

import * as raw from "./hwc_kyc.js";
import { arg, argOnly, begin, byte, bytes as head, done, end, LIMITS, setNames, strings } from "./encode.js";

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

// One way in for every call: the generic encoder (encode.js, no rule knowledge) writes the
// call's function code and arguments, any JavaScript values, as bytes straight into the
// module's exchange area (crates/wasm/src/exchange.rs); core reads them borrowed, and the
// answer comes back in the same bytes. A call too long for the area (16 KB: a form fits many
// times over) is copied into a block of its own. Set by `setup()`.
const VALIDATE = 0;
const VALIDATE_FIELD = 1;
const BUILD_REQUEST = 2;
const PARSE_RESPONSE = 3;
const CHECK_ATTACHMENT = 4;
const DESCRIBE_ERROR = 5;
const DESCRIBE_ITEM = 6;
const CLIENT_REQUEST = 7;

let memory;
let areaAt = 0;
let areaBytes = 0;
let areaView = null;
let areaData = null;
// A new decoder every 2 GB, as wasm-bindgen's glue does: Safari's stops decoding after that much.
let decoder = null;
let decoded = 0;

/** The area as bytes (new views after the memory grew, which detaches the old ones). */
function area() {
  if (areaView === null || areaView.byteLength === 0) {
    areaView = new Uint8Array(memory.buffer, areaAt, areaBytes);
    areaData = new DataView(memory.buffer, areaAt, areaBytes);
  }
  return areaView;
}

/** Starts a call in the area. */
function start(code) {
  begin(area(), areaData);
  byte(code);
}

/** A string argument, or null for anything else (what core reads of an option). */
function text(v) {
  return typeof v === "string" ? v : null;
}

/** UTF-8 bytes as text. */
function decode(bytes) {
  decoded += bytes.length;
  if (decoder === null || decoded > 2_000_000_000) {
    decoder = new TextDecoder();
    decoded = bytes.length;
  }
  return decoder.decode(bytes);
}

// Answers (crates/wasm/src/answer.rs) carry only what JavaScript lacks: a valid form's value
// refers to the strings of its call (`strings`, kept by the encoder) and names its keys by index
// into `names`, issues give their code as an index into `issueCodes` and their params in the
// order `issueCodeInfo` declares; the texts that do cross (messages, unknown keys) are one
// block, decoded once and sliced.
const JSON_ANSWER = 0;
const VALID_ANSWER = 1;
const [REF, NAME, INDEX, NUMBER, TRUE, FALSE, NULL, ARRAY, OBJECT] = [82, 75, 88, 73, 84, 70, 78, 65, 79];
/** The keys and closed values the boundary names by index, both ways (core's `wire::NAMES`). */
let names = [];
/** The params of each issue code, by its index. */
const paramsOf = [];
let ab = null;
let adv = null;
let ap = 0;
let texts = "";

function u32() {
  const v = adv.getUint32(ap, true);
  ap += 4;
  return v;
}

function textOf() {
  const at = u32();
  return texts.slice(at, at + u32());
}

function stringOf(tag) {
  return tag === REF ? strings[u32()] : tag === NAME ? names[ab[ap++]] : textOf();
}

function valueOf() {
  const tag = ab[ap++];
  switch (tag) {
    case NULL:
      return null;
    case TRUE:
      return true;
    case FALSE:
      return false;
    case NUMBER: {
      const v = adv.getFloat64(ap, true);
      ap += 8;
      return v;
    }
    case ARRAY: {
      const out = new Array(u32());
      for (let i = 0; i < out.length; i++) out[i] = valueOf();
      return out;
    }
    case OBJECT: {
      const out = {};
      for (let n = u32(); n > 0; n--) {
        const key = stringOf(ab[ap++]);
        out[key] = valueOf();
      }
      return out;
    }
    default:
      return stringOf(tag);
  }
}

function issuesOf() {
  const list = new Array(u32());
  for (let i = 0; i < list.length; i++) {
    const index = ab[ap++];
    const path = new Array(u32());
    for (let j = 0; j < path.length; j++) {
      const tag = ab[ap++];
      path[j] = tag === INDEX ? u32() : stringOf(tag);
    }
    const params = {};
    for (const name of paramsOf[index]) params[name] = valueOf();
    ap++;
    list[i] = { path, code: issueCodes[index], params, message: textOf() };
  }
  return list;
}

/**
 * Runs the call written since `start`. Its answer: JSON text (a string, for `read`), a valid
 * form's `{ ok: true, value }`, or a list of issues.
 */
function finish() {
  const [bytes, len, inArea] = end();
  let n;
  if (inArea) n = raw.run(len);
  else {
    const at = raw.reserve(len);
    new Uint8Array(memory.buffer, at, len).set(bytes.subarray(0, len));
    n = raw.runReserved(len);
  }
  if (n > areaBytes) {
    ab = raw.takeAnswer();
    adv = new DataView(ab.buffer, ab.byteOffset, ab.byteLength);
  } else {
    ab = area();
    adv = areaData;
  }
  const kind = ab[0];
  let out;
  if (kind === JSON_ANSWER) out = decode(ab.subarray(1, n));
  else {
    ap = 1;
    const at = u32();
    texts = at < n ? decode(ab.subarray(at, n)) : "";
    out = kind === VALID_ANSWER ? { ok: true, value: valueOf() } : issuesOf();
  }
  done();
  return out;
}

/** A result of validate and buildRequest: issues as `{ ok: false, issues }`. */
function result(out) {
  return typeof out === "string" ? read(out) : Array.isArray(out) ? { ok: false, issues: out } : out;
}

/** The call `code(op, locale, stage, value)` of validate and buildRequest. */
function formCall(code, op, value, options) {
  start(code);
  arg(text(op));
  arg(text(localeOf(options)));
  arg(text(stageOf(options)));
  arg(value);
  return finish();
}

export function validate(op, value, options) {
  return result(formCall(VALIDATE, op, value, options));
}

/** The top-level key a field path starts with (as core's `parse_path` reads it), if any. */
function topKey(path) {
  let first;
  if (typeof path === "string") {
    // The first non-empty part between dots, found without splitting the whole path.
    let from = 0;
    while (path.charCodeAt(from) === 46) from++;
    const dot = path.indexOf(".", from);
    first = dot < 0 ? path.slice(from) : path.slice(from, dot);
  } else if (Array.isArray(path)) first = path[0];
  return typeof first === "string" && first !== "" && !/^[0-9]+$/.test(first) ? first : undefined;
}

/** The top-level fields validateField sends for field `key` of `op`: it and its context. */
const sent = Object.create(null);
function fieldsFor(op, key) {
  if (!Object.hasOwn(fieldContext, op)) return [key]; // no operation: a usage error follows
  const known = sent[op] ?? (sent[op] = new Map());
  let keys = known.get(key);
  if (keys === undefined) {
    const context = Object.hasOwn(fieldContext[op], key) ? fieldContext[op][key] : [];
    keys = [key, ...context];
    if (known.size < 256) known.set(key, keys);
  }
  return keys;
}

/**
 * Live validation sends only what the field's issues depend on: the field and the fields core
 * lists as its context (`fieldContext`, e.g. the attachment count follows `verified_type`), so a
 * keystroke does not encode the whole form. Core's tests prove the cut-down form gives the
 * same issues at the path as the whole one. Anything but an object literal is sent whole.
 */
export function validateField(op, path, value, options) {
  start(VALIDATE_FIELD);
  arg(text(op));
  arg(text(localeOf(options)));
  arg(text(stageOf(options)));
  const key = typeof op === "string" ? topKey(path) : undefined;
  if (key === undefined || !argOnly(value, fieldsFor(op, key))) arg(value);
  arg(path ?? null);
  const out = finish();
  return typeof out === "string" ? read(out) : out;
}

export function buildRequest(op, value, options) {
  const out = formCall(BUILD_REQUEST, op, value, options);
  return typeof out === "string" ? { ok: true, request: read(out) } : result(out);
}

export function parseResponse(op, status, bodyText, options) {
  start(PARSE_RESPONSE);
  arg(text(op));
  arg(text(localeOf(options)));
  arg(typeof status === "number" ? status : null);
  arg(text(bodyText));
  return read(finish());
}

/** Leading bytes of a file handed to the attachment check: more than core's content check reads
 * (16; the bindings take what it needs). Also what KycClient reads of a picked file. */
export const HEAD_BYTES = 64;

export function checkAttachment(fileName, bytes, options) {
  const size = options !== null && typeof options === "object" ? options.size : undefined;
  // A size the caller gives must be one: a head of 12 bytes declared as 2^60 is not checked as
  // 12 bytes.
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) {
    throw new TypeError(`hwc-kyc: checkAttachment's size must be a non-negative safe integer (the file's size in bytes), got ${typeof size === "number" ? size : typeof size}`);
  }
  // Any typed array, DataView or ArrayBuffer, read as bytes; anything else as an empty file.
  let view = new Uint8Array(0);
  if (bytes instanceof ArrayBuffer) view = new Uint8Array(bytes);
  else if (ArrayBuffer.isView(bytes)) view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  start(CHECK_ATTACHMENT);
  arg(text(fileName));
  arg(text(localeOf(options)));
  head(view.subarray(0, HEAD_BYTES));
  arg(size ?? view.byteLength);
  return finish();
}

/** A description from core's catalogs (anything but a string reads as ""). */
function describe(code, key, locale, op) {
  start(code);
  arg(text(key));
  arg(text(locale));
  if (code === DESCRIBE_ERROR) arg(text(op));
  return JSON.parse(finish());
}

export function describeError(code, locale, op) {
  return describe(DESCRIBE_ERROR, code, locale, op);
}

export function describeFailCheckItem(item, locale) {
  return describe(DESCRIBE_ITEM, item, locale);
}

/**
 * KycClient's request (`request_json` in crates/wasm/src/client.rs) through the same call:
 * `headers` is the flat array `[name, value, …]`. Its answer's JSON text.
 */
export function clientRequestText(method, form, locale, baseUrl, headers, token, requestId) {
  start(CLIENT_REQUEST);
  arg(text(method));
  arg(text(locale));
  arg(text(baseUrl));
  arg(headers);
  arg(text(token));
  arg(text(requestId));
  arg(form);
  return finish();
}

/**
 * Registers a locale pack (`import zhCN from "hwc-kyc/locales/zh-CN"`): messages and
 * descriptions asked for in its locale come from it from then on. English is built in; a locale
 * whose pack is not registered reads English. A pack is generated from core's tables by the same
 * build as the module, which refuses a pack of another version (TypeError).
 */
export function registerLocale(pack) {
  const ok = pack !== null && typeof pack === "object";
  const out = raw.registerLocale(ok ? pack.locale : undefined, ok ? pack.texts : undefined);
  if (out !== "") read(out);
}

/** A Standard Schema v1 object validating `op` with fixed options. */
export function createSchema(op, options) {
  // A copy: changing the caller's options object later does not change the schema.
  const fixed = Object.freeze({ locale: localeOf(options), stage: stageOf(options) });
  // Fail now, not at the first keystroke, on an unknown operation (the package's own schemas,
  // made at load for core's operations, skip the call: it costs import time).
  if (!operations.includes(op)) validateField(op, "", null, fixed);
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
  names = tables.names;
  setNames(names);
  // The encoder's limits are core's (a module and wrapper of different builds would differ).
  if (tables.wire.join() !== LIMITS.join()) throw new Error("hwc-kyc: the wasm module and its JavaScript are of different builds");
  for (const info of tables.issueCodes) {
    issueCodes.push(info.code);
    issueCodeInfo[info.code] = Object.freeze({ params: Object.freeze(info.params) });
    paramsOf.push(info.params);
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

// The boundary protocol's encoder: writes any JavaScript value as bytes that core reads borrowed
// (the format is documented in crates/core/src/wire.rs, whose `encode` is this encoder's Rust
// model). It knows no rule: only how each kind of value is written, and core's names (a
// dictionary of the models' keys, `setNames`: such a key is written as its index). It never
// throws: a getter or proxy trap that throws is written as "unreadable", a bigint, symbol or
// function as a marker of its kind, a cycle as an empty value of its kind, nesting deeper than
// MAX_DEPTH as undefined, and a top-level field past its budget as one "too large" marker
// (every other field in full).
//
// The bytes go straight into a target (the module's exchange area): `begin(target)`, then the
// call's parts, then `end()`. A call too long for the target moves on to a growing array of its
// own, which the caller then copies into the module's memory.

const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const NUMBER = 4;
const STRING = 5;
const ILL_FORMED = 6;
const ARRAY = 7;
const OBJECT = 8;
const BYTES = 9;
const TOO_LARGE = 10;
const UNREADABLE = 11;
const BIGINT = 12;
const SYMBOL = 13;
const FUNCTION = 14;
const NAME = 15;

/** Deepest nesting read (core's `json::MAX_DEPTH`). */
const MAX_DEPTH = 64;
/** Budgets (core's `wire::FIELD_VALUES`, `wire::MAX_VALUES`). */
const FIELD_VALUES = 100_000;
const MAX_VALUES = 1_000_000;
/** The limits above, which the wrapper compares with core's at load. */
export const LIMITS = [MAX_DEPTH, FIELD_VALUES, MAX_VALUES];

const utf8 = new TextEncoder();

/** The index of each of core's names (`wire::NAMES`): a key that is one is written as its index. */
let nameIndex = new Map();

/** Takes core's names (`tables().names`), at most 255. */
export function setNames(names) {
  nameIndex = new Map(names.slice(0, 255).map((name, i) => [name, i]));
}

let buf = new Uint8Array(0);
let view = new DataView(buf.buffer);
let pos = 0;
/** Whether the bytes are still in the target given to `begin`. */
let inTarget = true;
let budget = 0;
let total = 0;
let cut = false;
/** The arrays and objects enclosing the value being written. */
const enclosing = [];
/**
 * Each string value written (not keys, which answers name by index), at the byte where it
 * starts: an answer refers to the strings of its call by these offsets instead of sending their
 * text back.
 */
export let strings = [];
/** Calls being written: more than one when a getter makes a call of its own. */
let depth = 0;
/** The state of each call a getter's call interrupted. */
const interrupted = [];

/**
 * Starts a call in `target` (a Uint8Array); `done()` ends it once its answer is read. A call
 * started while another is being written (a getter that validates) keeps the other's bytes and
 * strings apart: the other moves out of the target and resumes where it was after `done()`.
 */
export function begin(target, dataView) {
  if (depth++ > 0) {
    if (inTarget) room(buf.length - pos + 1);
    interrupted.push([buf, view, pos, inTarget, budget, total, cut, enclosing.slice(), strings]);
    strings = [];
  }
  buf = target;
  view = dataView;
  pos = 0;
  // (A call that outgrew its target may have left many strings: let them go.)
  if (!inTarget) strings = [];
  inTarget = true;
  total = MAX_VALUES;
  enclosing.length = 0;
}

/** The call's bytes: `[bytes, length, inTarget]`. */
export function end() {
  return [buf, pos, inTarget];
}

/** Ends the call (its answer was read): an interrupted one resumes. */
export function done() {
  if (--depth > 0 && interrupted.length > 0) {
    let saved;
    [buf, view, pos, inTarget, budget, total, cut, saved, strings] = interrupted.pop();
    enclosing.length = 0;
    enclosing.push(...saved);
  }
}

/** Makes room for `n` more bytes, moving to a larger array of our own when the target is full. */
function room(n) {
  if (pos + n <= buf.length) return;
  const next = new Uint8Array(Math.max(buf.length * 2, pos + n, 1024));
  next.set(buf.subarray(0, pos));
  buf = next;
  view = new DataView(next.buffer);
  inTarget = false;
}

function u32(at, n) {
  view.setUint32(at, n, true);
}

/** One byte (a function code or a tag). */
export function byte(b) {
  room(1);
  buf[pos++] = b;
}

/**
 * A string, UTF-8; one with a lone surrogate is ILL_FORMED (encodeInto wrote U+FFFD). Returns
 * where it starts. (The ASCII loop works on locals: the module's `buf` and `pos` in it cost a
 * sixth of an enterprise form's whole call.)
 */
function text(s) {
  const n = s.length;
  room(5 + n);
  const start = pos;
  const b = buf;
  let p = start + 5;
  let i = 0;
  if (n <= 64) {
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      b[p++] = c;
    }
  }
  let tag = STRING;
  if (i < n) {
    pos = p;
    room(3 * (n - i));
    p = pos + utf8.encodeInto(i === 0 ? s : s.slice(i), buf.subarray(pos)).written;
    if (!s.isWellFormed()) tag = ILL_FORMED;
  }
  pos = p;
  buf[start] = tag;
  u32(start + 1, p - start - 5);
  return start;
}

/** A string value: an answer may refer to it by where it starts (`strings`). */
function string(s) {
  strings[text(s)] = s;
}

/** Bytes as one argument (a typed array's view). */
export function bytes(b) {
  room(5 + b.length);
  buf[pos] = BYTES;
  u32(pos + 1, b.length);
  buf.set(b, pos + 5);
  pos += 5 + b.length;
}

/** A call's argument: a value with a budget of its own, as the input of a form is. */
export function arg(v) {
  budget = FIELD_VALUES;
  cut = false;
  field(v, 0);
}

/** A value with a budget of its own (an argument, or a field of an object argument). */
function field(v, depth) {
  const start = pos;
  const outerBudget = budget;
  const outerCut = cut;
  budget = FIELD_VALUES;
  cut = false;
  value(v, depth);
  const over = cut;
  budget = outerBudget;
  cut = outerCut;
  if (over) {
    pos = start;
    byte(TOO_LARGE);
  }
}

function value(v, depth) {
  if (budget === 0 || total === 0) cut = true;
  if (cut) return;
  budget--;
  total--;
  switch (typeof v) {
    case "string":
      string(v);
      return;
    case "number":
      room(9);
      buf[pos] = NUMBER;
      view.setFloat64(pos + 1, v, true);
      pos += 9;
      return;
    case "boolean":
      byte(v ? TRUE : FALSE);
      return;
    case "undefined":
      byte(UNDEFINED);
      return;
    case "bigint":
      byte(BIGINT);
      return;
    case "symbol":
      byte(SYMBOL);
      return;
    case "function":
      byte(FUNCTION);
      return;
  }
  if (v === null) return byte(NULL);
  if (depth >= MAX_DEPTH) return byte(UNDEFINED);
  let array;
  try {
    array = Array.isArray(v); // throws for a revoked proxy
  } catch {
    return byte(UNREADABLE);
  }
  if (enclosing.includes(v)) {
    // A value inside itself: an empty one of its kind, so the field still has the right type.
    room(9);
    buf[pos] = array ? ARRAY : OBJECT;
    u32(pos + 1, 0);
    u32(pos + 5, 0);
    pos += 9;
    return;
  }
  if (!array && ArrayBuffer.isView(v)) {
    // A typed array or DataView: an empty object, so a stray file buffer is not written out.
    room(9);
    buf[pos] = OBJECT;
    u32(pos + 1, 0);
    u32(pos + 5, 0);
    pos += 9;
    return;
  }
  enclosing.push(v);
  if (array) list(v, depth + 1);
  else object(v, depth + 1);
  enclosing.pop();
}

function list(a, depth) {
  let len;
  try {
    len = a.length;
  } catch {
    return byte(UNREADABLE);
  }
  len = typeof len === "number" && len >= 0 ? Math.min(Math.trunc(len), 4294967295) : 0;
  room(9);
  const start = pos;
  buf[pos] = ARRAY;
  pos += 9;
  let count = 0;
  for (let i = 0; i < len; i++) {
    if (budget === 0 || total === 0) {
      cut = true;
      break;
    }
    count++;
    let item;
    try {
      item = a[i];
    } catch {
      byte(UNREADABLE);
      continue;
    }
    value(item, depth);
  }
  u32(start + 1, count);
  u32(start + 5, pos - start - 9);
}

function object(o, depth) {
  let keys;
  try {
    keys = Object.keys(o);
  } catch {
    return byte(UNREADABLE);
  }
  const top = depth === 1;
  room(9);
  const start = pos;
  buf[pos] = OBJECT;
  pos += 9;
  let count = 0;
  for (let i = 0; i < keys.length; i++) {
    if (!top && (budget === 0 || total === 0)) {
      cut = true;
      break;
    }
    count++;
    member(o, keys[i], top, depth);
  }
  u32(start + 1, count);
  u32(start + 5, pos - start - 9);
}

/** Member `key` of `o`: the key, then its value (a field of its own in a top-level object). */
function member(o, key, top, depth) {
  // One of core's names is its index; answers name keys by index too (no reference to it).
  const i = nameIndex.get(key);
  if (i === undefined) text(key);
  else {
    room(2);
    buf[pos] = NAME;
    buf[pos + 1] = i;
    pos += 2;
  }
  let item;
  try {
    item = o[key];
  } catch {
    return byte(UNREADABLE);
  }
  if (top) field(item, depth);
  else value(item, depth);
}

/**
 * The top-level object `o` with only the members named in `keys` that it has (live validation
 * of one field sends the field and its context): as `arg` of such an object, without making it.
 * False when `o` is not an object literal or cannot be read (then the caller sends it whole).
 */
export function argOnly(o, keys) {
  let present;
  try {
    if (o === null || typeof o !== "object" || Array.isArray(o)) return false;
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) return false;
    present = keys.filter((k) => Object.hasOwn(o, k));
  } catch {
    return false; // a proxy whose trap throws: sent whole, where it reads as unreadable
  }
  budget = FIELD_VALUES - 1;
  cut = false;
  total--;
  room(9);
  const start = pos;
  buf[pos] = OBJECT;
  pos += 9;
  enclosing.push(o);
  for (const key of present) member(o, key, true, 1);
  enclosing.pop();
  u32(start + 1, present.length);
  u32(start + 5, pos - start - 9);
  return true;
}

/** Test helper (the wasm-bindgen tests): the bytes of a call, `code` then each argument. */
export function encodeCall(code, args) {
  const target = new Uint8Array(256);
  begin(target, new DataView(target.buffer));
  byte(code);
  for (const a of args) {
    if (a instanceof Uint8Array) bytes(a);
    else arg(a);
  }
  const written = buf.slice(0, pos);
  done();
  return written;
}

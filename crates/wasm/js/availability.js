// `AvailabilityCheck`: whether an account name, e-mail address or mobile number can still be
// registered, asked of the partner proxy (`KycClient.checkIdentity`) while the user types.
//
// Each `check(value)`:
// 1. validates the value with core (`validate`): an empty one is `idle`, an invalid one is
//    `invalid` with core's issues, and neither leaves the browser;
// 2. answers from the cache of recent answers when it has this value (no request);
// 3. otherwise waits `debounceMs` (a newer value restarts the wait), shows `pending`, and asks
//    the proxy; a newer value aborts the stale request (its AbortSignal);
// 4. after a 429, sends nothing before its `Retry-After` has passed (every value waits), then
//    asks again; the `MAX_RATE_LIMITED`th 429 in a row for one value is an `error`.
//
// Its promise resolves with the state of the latest value once that one is settled, so a form
// library that awaits each keystroke's promise gets the same, current answer from each.

import { describeError, validate } from "./api.js";
import { wait } from "./client.js";
import { text } from "./texts.js";

const OP = "checkIdentity";
const DEFAULT_DEBOUNCE_MS = 300;
const DEFAULT_CACHE_SIZE = 100;
const DEFAULT_CACHE_TTL_MS = 60_000;
/** The number of 429s in a row that makes one value's check an `error` (it waits out the others). */
const MAX_RATE_LIMITED = 3;
/** The wait after a 429 without `Retry-After`. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
const MAX_TIMER_MS = 2_147_483_647;

function usage(message) {
  return new TypeError(`hwc-kyc: ${message}`);
}

function milliseconds(value, fallback, what) {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
    throw usage(`${what} must be a number of milliseconds, 0 or more`);
  }
  return Math.min(value, MAX_TIMER_MS);
}

function state(status, message, fields = {}) {
  return Object.freeze({
    status,
    message,
    value: null,
    issues: Object.freeze([]),
    error: null,
    remaining: null,
    retryAt: null,
    ...fields,
  });
}

const IDLE = state("idle", "");

/** Resolves after `ms`, or at once when `signal` aborts (or has). */
function sleep(ms, signal) {
  return ms <= 0 || signal.aborted ? Promise.resolve() : wait(ms, signal);
}

/** The messages of `issues`, those of `search_value` first (what the user is typing). */
function issuesMessage(issues) {
  const own = issues.filter((i) => i.path[0] === "search_value");
  return (own.length ? own : issues).map((i) => i.message).join(" ");
}

/** The state of a check-identity answer, in `locale`. */
function answered(value, answer, locale) {
  const remaining = answer.mobile_remain_available_num ?? null;
  if (answer.check_result === "available") {
    const message = remaining === null ? text("available", locale) : text("availableMobile", locale, { n: remaining });
    return state("available", message, { value, remaining });
  }
  return state("used", text("used", locale), { value, remaining });
}

/** The state of a failed call (not a 429 still being waited out), in `locale`. */
function failed(value, error, locale) {
  if (error.kind === "invalid") {
    return state("invalid", issuesMessage(error.issues), { value, issues: Object.freeze([...error.issues]), error });
  }
  let message;
  if (error.kind === "http") {
    message =
      (error.code && describeError(error.code, locale, OP)) ??
      error.description ??
      text("status", locale, { status: error.status });
  } else {
    message = text(error.kind, locale); // network, timeout, token, aborted
  }
  return state("error", message, { value, error });
}

/**
 * The message a form library shows for `state`: an `invalid` value's issues, a `used` value, or
 * why the check failed (`error`); `undefined` while `idle` or `pending`, and when `available`.
 */
export function availabilityError(state) {
  return state.status === "invalid" || state.status === "used" || state.status === "error" ? state.message : undefined;
}

export class AvailabilityCheck {
  #client;
  #debounceMs;
  #cacheSize;
  #cacheTtlMs;
  #locale;
  /** key → `{ at, answer }`, oldest first (a hit moves to the end). */
  #cache = new Map();
  /** The value being checked: `{ key, value, locale, controller, waiters }`, or null. */
  #run = null;
  /** Nothing is sent before this time (ms since the epoch): a 429's Retry-After. */
  #quietUntil = 0;
  #listeners = new Set();
  #state = IDLE;

  /**
   * @param client a `KycClient` (or anything with its `checkIdentity`)
   * @param options `{ debounceMs = 300, cacheSize = 100, cacheTtlMs = 60000, locale }`
   */
  constructor(client, options) {
    if (client === null || typeof client !== "object" || typeof client.checkIdentity !== "function") {
      throw usage("new AvailabilityCheck(client) needs a KycClient");
    }
    if (options !== undefined && (options === null || typeof options !== "object")) {
      throw usage("AvailabilityCheck options must be an object");
    }
    const { debounceMs, cacheSize, cacheTtlMs, locale } = options ?? {};
    this.#client = client;
    this.#debounceMs = milliseconds(debounceMs, DEFAULT_DEBOUNCE_MS, "options.debounceMs");
    this.#cacheTtlMs = milliseconds(cacheTtlMs, DEFAULT_CACHE_TTL_MS, "options.cacheTtlMs");
    if (cacheSize !== undefined && !(Number.isSafeInteger(cacheSize) && cacheSize >= 0)) {
      throw usage("options.cacheSize must be a whole number, 0 or more");
    }
    this.#cacheSize = cacheSize ?? DEFAULT_CACHE_SIZE;
    if (locale !== undefined && typeof locale !== "string") throw usage("options.locale must be a string");
    this.#locale = locale ?? "en";
  }

  /** The current state: `{ status, message, value, issues, error, remaining, retryAt }`. */
  get state() {
    return this.#state;
  }

  /** Calls `listener(state)` on every change of state; returns the function that stops it. */
  subscribe(listener) {
    if (typeof listener !== "function") throw usage("subscribe(listener) needs a function");
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Checks `value` (`{ search_type, search_value }`). Options: `signal` (resolves this call's
   * promise with the state of the moment when it fires), `debounceMs` (this call's wait, e.g. 0
   * when the form library debounces), `locale` (of the messages).
   */
  check(value, options) {
    if (options !== undefined && (options === null || typeof options !== "object")) {
      throw usage("check options must be an object");
    }
    const { signal, locale = this.#locale } = options ?? {};
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw usage("options.signal must be an AbortSignal");
    if (typeof locale !== "string") throw usage("options.locale must be a string");
    const debounceMs = milliseconds(options?.debounceMs, this.#debounceMs, "options.debounceMs");

    const typed = value !== null && typeof value === "object" ? value.search_value : undefined;
    if (typed === undefined || typed === null || typed === "") return this.#settleNow(IDLE);
    const result = validate(OP, value, { locale });
    if (!result.ok) {
      const issues = Object.freeze([...result.issues]);
      const asTyped = Object.freeze({ search_type: value.search_type, search_value: typed });
      return this.#settleNow(state("invalid", issuesMessage(issues), { value: asTyped, issues }));
    }
    const checked = Object.freeze({ search_type: result.value.search_type, search_value: result.value.search_value });
    const key = `${checked.search_type}\u0000${checked.search_value}`;
    const cached = this.#cached(key);
    if (cached) return this.#settleNow(answered(checked, cached, locale));

    const waiter = this.#waiter(signal);
    if (this.#run?.key === key) {
      // The value already being checked: one request serves both.
      if (this.#run.locale !== locale) {
        this.#run.locale = locale;
        if (this.#state.status === "pending") this.#emit(state("pending", text("pending", locale), { value: checked }));
      }
      this.#run.waiters.push(waiter);
      return waiter.promise;
    }
    const waiters = this.#stop();
    waiters.push(waiter);
    const run = { key, value: checked, locale, controller: new AbortController(), waiters };
    this.#run = run;
    this.#emit(state("pending", text("pending", locale), { value: checked }));
    this.#ask(run, debounceMs);
    return waiter.promise;
  }

  /** Stops any check (its request is aborted) and goes back to `idle`. */
  reset() {
    this.#settleNow(IDLE);
  }

  /** Forgets the cached answers. */
  clearCache() {
    this.#cache.clear();
  }

  async #ask(run, debounceMs) {
    const { signal } = run.controller;
    for (let limited = 0; ; ) {
      await sleep(debounceMs, signal);
      debounceMs = 0;
      // Retry-After: nothing is sent before it has passed.
      while (!signal.aborted && this.#quietUntil > Date.now()) {
        const retryAt = this.#quietUntil;
        const s = Math.ceil((retryAt - Date.now()) / 1000);
        this.#emit(state("pending", text("rateLimited", run.locale, { s }), { value: run.value, retryAt }));
        await sleep(retryAt - Date.now(), signal);
      }
      if (signal.aborted) return;
      if (limited > 0) this.#emit(state("pending", text("pending", run.locale), { value: run.value }));
      const r = await this.#client.checkIdentity(run.value, { signal, locale: run.locale });
      if (run !== this.#run) return; // stopped: a newer value took over
      if (r.ok) {
        this.#remember(run.key, r.value);
        return this.#finish(answered(run.value, r.value, run.locale));
      }
      const e = r.error;
      if (e.kind === "http" && e.status === 429) {
        this.#quietUntil = Math.max(this.#quietUntil, Date.now() + (e.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS));
        if (++limited < MAX_RATE_LIMITED) continue;
        return this.#finish(
          state("error", text("tooMany", run.locale, { s: Math.ceil((this.#quietUntil - Date.now()) / 1000) }), {
            value: run.value,
            error: e,
            retryAt: this.#quietUntil,
          }),
        );
      }
      return this.#finish(failed(run.value, e, run.locale));
    }
  }

  /** A promise for the caller, resolved when the latest value settles or when `signal` fires. */
  #waiter(signal) {
    const waiter = {};
    waiter.promise = new Promise((resolve) => {
      const onAbort = () => {
        if (this.#run) this.#run.waiters = this.#run.waiters.filter((w) => w !== waiter);
        resolve(this.#state);
      };
      waiter.resolve = (s) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(s);
      };
      if (signal?.aborted) queueMicrotask(onAbort);
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
    return waiter;
  }

  /** Aborts the running check, if any; returns its waiters (they wait for what comes next). */
  #stop() {
    const run = this.#run;
    if (run === null) return [];
    this.#run = null;
    run.controller.abort();
    return run.waiters;
  }

  #settleNow(s) {
    const waiters = this.#stop();
    this.#emit(s);
    for (const w of waiters) w.resolve(s);
    return Promise.resolve(s);
  }

  #finish(s) {
    const run = this.#run;
    this.#run = null;
    this.#emit(s);
    for (const w of run.waiters) w.resolve(s);
  }

  #emit(s) {
    this.#state = s;
    for (const listener of [...this.#listeners]) {
      try {
        listener(s);
      } catch (e) {
        // A listener's bug is reported, and stops neither the others nor the check.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  #cached(key) {
    const hit = this.#cache.get(key);
    if (hit === undefined) return undefined;
    this.#cache.delete(key);
    if (Date.now() - hit.at > this.#cacheTtlMs) return undefined;
    this.#cache.set(key, hit); // most recently used last
    return hit.answer;
  }

  #remember(key, answer) {
    if (this.#cacheSize === 0) return;
    this.#cache.delete(key);
    this.#cache.set(key, { at: Date.now(), answer });
    while (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value);
  }
}

// `KycClient`: the package's thin fetch client of a partner proxy (hwc-kyc-proxy or one like it).
//
// Every decision is Rust, from the crate hwc-kyc-client through the bindings
// (crates/wasm/src/client.rs): `clientRequest` validates the value with core (an invalid one
// sends nothing) and builds what to send (URL, headers, body); `clientAnswer` reads each answer
// with core and says whether to send the request again (at most twice, after Retry-After when it
// ends before the deadline: reads on 429/503; submissions and uploads, which carry a fresh
// Idempotency-Key per call so the proxy forwards them once, on 409/502/503/504 and after a
// network error, which is asked as status 0). This module does only the I/O those decisions
// need: fetch, the deadline timer, the caller's AbortSignal, the token and the waits. (The Rust
// crate's own fetch transport does the same for Rust front ends; compiled into the package it
// would cost 18 KB gzip of wasm: BENCHMARKS.md.)
//
// Every method resolves with `{ ok: true, value, requestId }` or `{ ok: false, error }`, where
// `error.kind` is "invalid", "token", "http", "network", "timeout" or "aborted", and never
// rejects on what the network, the proxy or the value do. Only a programming error (options of
// the wrong type) rejects, with a TypeError.

import * as raw from "./hwc_kyc.js";
import { HEAD_BYTES, checkAttachment, clientRequestText } from "./api.js";

const DEFAULT_TIMEOUT_MS = 10_000;
// setTimeout's limit: 2^31 - 1 ms.
const MAX_TIMER_MS = 2_147_483_647;

function usage(message) {
  return new TypeError(`hwc-kyc: ${message}`);
}

function isObject(value) {
  return value !== null && typeof value === "object";
}

function timeoutOf(value, what) {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw usage(`${what} must be a positive number of milliseconds`);
  }
  return Math.min(value, MAX_TIMER_MS);
}

/** The per-call options, checked. */
function callOptions(options) {
  if (options === undefined || options === null) return {};
  if (!isObject(options)) throw usage("call options must be an object");
  const { signal, locale, timeoutMs } = options;
  if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) {
    throw usage("options.signal must be an AbortSignal");
  }
  if (locale !== undefined && typeof locale !== "string") throw usage("options.locale must be a string");
  return {
    signal: signal ?? undefined,
    locale,
    timeoutMs: timeoutMs === undefined ? undefined : timeoutOf(timeoutMs, "options.timeoutMs"),
  };
}

// The calls sent with an Idempotency-Key (one per call, the same on each attempt).
const KEYED = new Set(["submitIndividual", "submitEnterprise", "uploadAttachment"]);

/** A request id (and an idempotency key): 16 random bytes as 32 lower-case hex digits. */
function newRequestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = "";
  for (const b of bytes) id += b.toString(16).padStart(2, "0");
  return id;
}

/** Reads the JSON text of the bindings; an `http` error becomes one flat object. */
function read(text) {
  const result = JSON.parse(text);
  if (typeof result.usage === "string") throw usage(result.usage);
  if (result.ok === false && result.error.kind === "http") {
    const e = result.error;
    // The answer as parseResponse reports it, its `kind` as `category`; the server's request id
    // was chosen (body, then header) by the bindings.
    const { kind: category, requestId: _bodyId, operation: _op, ...answer } = e.error;
    result.error = {
      kind: "http",
      requestId: e.requestId,
      operation: e.operation,
      ...answer,
      category,
      serverRequestId: e.serverRequestId,
      retryAfterMs: e.retryAfterMs,
    };
  }
  return result;
}

function failure(kind, requestId, fields) {
  return { ok: false, error: { kind, requestId, ...fields } };
}

function messageOf(e) {
  return e instanceof Error ? e.message : typeof e === "string" ? e : String(e);
}

/** `getToken()`'s answer: a string, or undefined for none; throws what the provider threw. */
async function tokenOf(getToken) {
  const token = await getToken();
  if (token === null || token === undefined || token === "") return undefined;
  if (typeof token !== "string") throw new TypeError("getToken() must give a string, null or undefined");
  return token;
}

/** Resolves after `ms`, or as soon as `signal` aborts (also used by availability.js). */
export function wait(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

export class KycClient {
  #baseUrl;
  #timeoutMs;
  #headers;
  #locale;
  #getToken;

  constructor(options) {
    if (!isObject(options)) throw usage("new KycClient({ baseUrl }) needs an options object");
    const { baseUrl, timeoutMs = DEFAULT_TIMEOUT_MS, headers, locale, getToken } = options;
    if (typeof baseUrl !== "string" || baseUrl === "") throw usage("options.baseUrl must be a non-empty string");
    if (getToken !== undefined && typeof getToken !== "function") throw usage("options.getToken must be a function");
    if (locale !== undefined && typeof locale !== "string") throw usage("options.locale must be a string");
    this.#baseUrl = baseUrl;
    this.#timeoutMs = timeoutOf(timeoutMs, "options.timeoutMs");
    // `new Headers` refuses an invalid name or value now (TypeError), not at the first call.
    const flat = [];
    for (const [name, value] of new Headers(headers ?? {})) flat.push(name, value);
    this.#headers = flat;
    this.#locale = locale ?? "en";
    this.#getToken = getToken;
  }

  /** check-identity; repeated (at most twice) on 429/503. */
  checkIdentity(value, options) {
    return this.#run("checkIdentity", value, options);
  }

  /** Individual real-name authentication, with an Idempotency-Key; repeated with it (at most twice) after a network error or 409/502/503/504. */
  submitIndividual(value, options) {
    return this.#run("submitIndividual", value, options);
  }

  /** Enterprise real-name authentication, with an Idempotency-Key; repeated like submitIndividual. */
  submitEnterprise(value, options) {
    return this.#run("submitEnterprise", value, options);
  }

  /** The review result of a customer (`"cust-1"` or `{ customer_id: "cust-1" }`); repeated on 429/503. */
  reviewResult(value, options) {
    return this.#run("reviewResult", typeof value === "string" ? { customer_id: value } : value, options);
  }

  /** One attachment file, checked like `checkAttachment`, to the proxy's /uploads, with an Idempotency-Key; repeated like submitIndividual. */
  uploadAttachment(file, options) {
    return this.#run("uploadAttachment", file, options);
  }

  async #run(method, value, options) {
    const call = callOptions(options);
    const signal = call.signal;
    const locale = call.locale ?? this.#locale;
    const timeoutMs = call.timeoutMs ?? this.#timeoutMs;
    const requestId = newRequestId();
    const form = method === "uploadAttachment" ? null : value;
    const plan = (token) =>
      read(clientRequestText(method, form, locale, this.#baseUrl, this.#headers, token, requestId));

    let body = null;
    if (method === "uploadAttachment") {
      if (!(value instanceof Blob)) throw usage("uploadAttachment needs a Blob or a File");
      const fileName = isObject(options) && options.fileName !== undefined ? options.fileName : value.name;
      if (fileName !== undefined && typeof fileName !== "string") throw usage("options.fileName must be a string");
      let head;
      try {
        head = new Uint8Array(await value.slice(0, HEAD_BYTES).arrayBuffer());
      } catch (e) {
        return failure("network", requestId, { message: messageOf(e) });
      }
      const issues = checkAttachment(fileName ?? "", head, { size: value.size, locale });
      if (issues.length > 0) return failure("invalid", requestId, { issues });
      body = new FormData();
      body.append("file", value, fileName ?? "");
    }

    let planned = plan(undefined); // validates: an invalid value sends nothing
    if (!planned.ok) return planned;
    if (signal?.aborted) return failure("aborted", requestId, { reason: signal.reason });
    if (this.#getToken !== undefined) {
      let token;
      try {
        token = await tokenOf(this.#getToken);
      } catch (e) {
        return failure("token", requestId, { message: messageOf(e) });
      }
      if (token !== undefined) planned = plan(token);
    }
    const { request } = planned;
    body ??= request.body;
    let headers = request.headers;
    if (KEYED.has(method)) {
      headers = new Headers(headers);
      headers.set("Idempotency-Key", `"${newRequestId()}"`);
    }

    // One controller per call: the deadline and the caller's signal abort it, and `stop` says
    // which. (The caller's signal is not given to fetch, so its reason never surfaces as a
    // rejection of another kind.)
    const controller = new AbortController();
    let stop;
    const abort = (why) => {
      if (stop === undefined) {
        stop = why;
        controller.abort();
      }
    };
    const deadline = Date.now() + timeoutMs;
    const timer = setTimeout(abort, timeoutMs, "timeout");
    const onAbort = () => abort("aborted");
    signal?.addEventListener("abort", onAbort);
    const stopped = () =>
      stop === "timeout"
        ? failure("timeout", requestId, { timeoutMs })
        : failure("aborted", requestId, { reason: signal?.reason });
    try {
      for (let retry = 0; ; retry++) {
        let response;
        let text;
        try {
          response = await fetch(request.url, {
            method: request.method,
            headers,
            body,
            signal: controller.signal,
          });
          text = await response.text();
        } catch (e) {
          if (stop !== undefined) return stopped();
          // No answer: status 0 asks whether this call is sent again (with its key).
          const again = read(
            raw.clientAnswer(method, 0, "", null, null, retry, deadline - Date.now(), requestId, locale),
          );
          if (again.retryInMs === undefined) return failure("network", requestId, { message: messageOf(e) });
          await wait(again.retryInMs, controller.signal);
          if (stop !== undefined) return stopped();
          continue;
        }
        const outcome = read(
          raw.clientAnswer(
            method,
            response.status,
            text,
            response.headers.get("retry-after"),
            response.headers.get("x-request-id"),
            retry,
            deadline - Date.now(),
            requestId,
            locale,
          ),
        );
        if (outcome.retryInMs === undefined) return outcome;
        if (stop !== undefined) return stopped();
        await wait(outcome.retryInMs, controller.signal);
        if (stop !== undefined) return stopped();
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

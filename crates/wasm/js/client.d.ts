// Types of `hwc-kyc/client`: everything `hwc-kyc` exports, and KycClient.
export * from "../index.js";
import type {
  ApiError,
  ParseOptions,
  ResponseByOperation,
  ResponseResult,
  CheckIdentityInput,
  CheckIdentityResult,
  EnterpriseRealnameAuthInput,
  ErrorKind,
  IndividualRealnameAuthInput,
  Issue,
  LocaleTag,
  Operation,
  RealnameAuthResult,
  ReviewResultInfo,
  ReviewResultQueryInput,
} from "../index.js";

// ---------------------------------------------------------------------------------------------
// Reading answers (only in `hwc-kyc/client`: a page that validates forms never reads one, and
// their parser and error catalog are a third of the module)

/**
 * Reads an answer: a 2xx status with the documented body is a typed success; anything else
 * (business, gateway and proxy errors, truncated or non-JSON bodies) is a typed `ApiError`.
 *
 * @example
 * const res = await fetch(url, request);
 * const r = parseResponse("enterpriseRealnameAuth", res.status, await res.text(), { locale: "zh-CN" });
 * @throws TypeError when `op` is not an operation name.
 */
export function parseResponse<Op extends Operation>(
  op: Op,
  status: number,
  bodyText: string,
  options?: ParseOptions,
): ResponseResult<ResponseByOperation[Op]>;

/**
 * The catalog's description of an `error_code` in `locale`, or `null` for an unknown code. Pass
 * `op` for codes whose meaning differs per operation (`CBC.99007188`).
 *
 * @example
 * describeError("CBC.0151", "es"); // "Acceso denegado."
 */
export function describeError(code: string, locale?: LocaleTag, op?: Operation): string | null;

/** The description of a `fail_check_items` value in `locale`, or `null` when undocumented. */
export function describeFailCheckItem(item: string, locale?: LocaleTag): string | null;

// ---------------------------------------------------------------------------------------------
// KycClient: calls to the partner proxy

/**
 * The caller token of a call: a string (sent as `Authorization: Bearer …`), or `null`,
 * `undefined` or `""` to send none.
 */
export type CallerToken = string | null | undefined;

/** Options of `new KycClient(…)`. */
export interface KycClientOptions {
  /**
   * The partner proxy: absolute (`"https://kyc.example.com"`), or relative to the page
   * (`"/kyc"`; not in Node). Each call goes to `baseUrl` followed by the operation's documented
   * path (`/v2/partners/sub-customers/users/check-identity`, …, `/uploads`).
   */
  readonly baseUrl: string;
  /** The time each call has, retries and their waits included; default `10000`. */
  readonly timeoutMs?: number;
  /**
   * Headers sent with every call (checked by `new Headers(…)` in the constructor). `X-Request-Id`,
   * `Accept-Language`, `Content-Type` of JSON bodies and, when `getToken` gives a token,
   * `Authorization` are the client's own and win.
   */
  readonly headers?: Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>;
  /**
   * Language of issue messages and error descriptions, also sent as `Accept-Language`; default
   * `"en"`.
   */
  readonly locale?: LocaleTag;
  /**
   * Called once per call, after the value passed validation and before anything is sent. A
   * rejection or a throw fails the call with kind `"token"` (nothing is sent).
   */
  readonly getToken?: () => CallerToken | PromiseLike<CallerToken>;
}

/** Options of one call. */
export interface CallOptions {
  /** Stops the call when it fires (kind `"aborted"`); an already aborted signal sends nothing. */
  readonly signal?: AbortSignal;
  /** Instead of the client's `locale`. */
  readonly locale?: LocaleTag;
  /** Instead of the client's `timeoutMs`. */
  readonly timeoutMs?: number;
}

/** Options of `uploadAttachment`. */
export interface UploadOptions extends CallOptions {
  /** The file's name (its extension is checked); default: the `File`'s `name`. */
  readonly fileName?: string;
}

/** A stored attachment: put `path` in `verified_file_url`, in the order the operation documents. */
export interface UploadedFile {
  /** The name the file was sent with. */
  readonly file_name: string;
  /** Relative to the bucket's `download/` directory (`"cust-individual-001/9f1c….png"`). */
  readonly path: string;
  /** Bytes the proxy received. */
  readonly size: number;
}

/** What every error of a call has. */
export interface ClientErrorBase {
  /** The id the call sent (or would have sent) in `X-Request-Id`, the same on every attempt. */
  readonly requestId: string;
}

/** The value did not pass validation (or the file the attachment check): nothing was sent. */
export interface ClientInvalidError extends ClientErrorBase {
  readonly kind: "invalid";
  /** Every issue, as `validate` (or `checkAttachment`) reports them. */
  readonly issues: readonly Issue[];
}

/** `getToken()` threw, rejected or gave something else than a string: nothing was sent. */
export interface ClientTokenError extends ClientErrorBase {
  readonly kind: "token";
  readonly message: string;
}

/** The proxy answered with an error (its own, or the upstream's it relays). */
export interface ClientHttpError extends ClientErrorBase, Omit<ApiError, "kind" | "operation" | "requestId"> {
  readonly kind: "http";
  /** The operation called, or `"uploadAttachment"`. */
  readonly operation: Operation | "uploadAttachment";
  /** `ApiError.kind`: validation, business, auth, server or malformed. */
  readonly category: ErrorKind;
  /** The server's id of the answer: the body's `request_id`, else its `X-Request-Id` header. */
  readonly serverRequestId: string | null;
  /** The wait the answer's `Retry-After` asked for, in milliseconds, when it had one. */
  readonly retryAfterMs: number | null;
}

/** No answer: connection refused or reset, DNS, CORS, or a URL fetch refuses. */
export interface ClientNetworkError extends ClientErrorBase {
  readonly kind: "network";
  /** What fetch said. */
  readonly message: string;
}

/** The call's time ran out before an answer was read. */
export interface ClientTimeoutError extends ClientErrorBase {
  readonly kind: "timeout";
  readonly timeoutMs: number;
}

/** The call's `signal` fired. */
export interface ClientAbortedError extends ClientErrorBase {
  readonly kind: "aborted";
  /** `signal.reason`. */
  readonly reason?: unknown;
}

/** Why a call failed; `kind` tells which. */
export type ClientError =
  | ClientInvalidError
  | ClientTokenError
  | ClientHttpError
  | ClientNetworkError
  | ClientTimeoutError
  | ClientAbortedError;

/** The outcome of a call: every method resolves with one, and never rejects on what happens to the call. */
export type ClientResult<T> =
  | { readonly ok: true; readonly value: T; readonly requestId: string }
  | { readonly ok: false; readonly error: ClientError };

/**
 * The thin fetch client of a partner proxy (`hwc-kyc-proxy` or one like it): one method per
 * operation. Each call validates the value with the same rules as `validate` (an invalid value
 * sends nothing), sends it with `fetch` (browsers and Node ≥ 20), and reads the answer into a
 * typed result or a typed error. `checkIdentity` and `reviewResult` are sent again, at most
 * twice, on 429 or 503 after the wait `Retry-After` asks for (when it ends before the deadline);
 * submissions and uploads carry a fresh `Idempotency-Key` per call and are sent again with it, at
 * most twice, after a network error or a 409, 502, 503 or 504 (the proxy forwards one key once).
 *
 * Methods resolve with a `ClientResult` and reject only on a programming error (`TypeError`:
 * options of the wrong type, a file that is not a `Blob`).
 *
 * @example
 * const kyc = new KycClient({ baseUrl: "https://kyc.example.com", getToken: () => session.token, locale: "es" });
 * const r = await kyc.checkIdentity({ search_type: "email", search_value: "wang@example.com" });
 * if (r.ok) show(r.value.check_result);
 * else if (r.error.kind === "invalid") showIssues(r.error.issues);
 * else showError(r.error.kind, r.error.requestId);
 */
export declare class KycClient {
  /** @throws TypeError on options of the wrong type or an invalid header. */
  constructor(options: KycClientOptions);
  /** Whether an account name, e-mail or mobile number can still be registered. */
  checkIdentity(value: CheckIdentityInput, options?: CallOptions): Promise<ClientResult<CheckIdentityResult>>;
  /** Submits an individual's real-name authentication (caller token of that customer). */
  submitIndividual(
    value: IndividualRealnameAuthInput,
    options?: CallOptions,
  ): Promise<ClientResult<RealnameAuthResult>>;
  /** Submits an enterprise's real-name authentication (caller token of that customer). */
  submitEnterprise(
    value: EnterpriseRealnameAuthInput,
    options?: CallOptions,
  ): Promise<ClientResult<RealnameAuthResult>>;
  /** The review result of a customer's submission: its id, or `{ customer_id }`. */
  reviewResult(
    value: string | ReviewResultQueryInput,
    options?: CallOptions,
  ): Promise<ClientResult<ReviewResultInfo>>;
  /** Checks one attachment file like `checkAttachment`, then uploads it to the proxy's `/uploads`. */
  uploadAttachment(file: Blob, options?: UploadOptions): Promise<ClientResult<UploadedFile>>;
}

// ---------------------------------------------------------------------------------------------
// AvailabilityCheck: check-identity while the user types

/** Where an availability check stands. */
export type AvailabilityStatus = "idle" | "pending" | "available" | "used" | "invalid" | "error";

/** The state of an `AvailabilityCheck`. */
export interface AvailabilityState {
  /**
   * `idle`: nothing to check (empty value); `pending`: waiting for the debounce, the proxy or a
   * 429's `Retry-After`; `available` / `used`: the proxy's answer; `invalid`: the value fails
   * core's rules (nothing was sent); `error`: no answer (network, time-out, a refusal).
   */
  readonly status: AvailabilityStatus;
  /** What to show the user, in the locale of the check (`""` when idle). */
  readonly message: string;
  /** The value the state is about (normalized when valid, as typed when invalid), or `null` when idle. */
  readonly value: CheckIdentityInput | null;
  /** Core's issues of an `invalid` value (empty otherwise). */
  readonly issues: readonly Issue[];
  /** Why the check failed (`error`, or `invalid` when the proxy refused the value), else `null`. */
  readonly error: ClientError | null;
  /** For a mobile number: how many more accounts may use it, when the proxy said. */
  readonly remaining: number | null;
  /** After a 429: when (ms since the epoch) the next request may go, else `null`. */
  readonly retryAt: number | null;
}

/** Options of `new AvailabilityCheck(client, …)`. */
export interface AvailabilityCheckOptions {
  /** The wait after the last change before a request goes; default `300`. */
  readonly debounceMs?: number;
  /** How many answers are kept (least recently used go first); default `100`, `0` for none. */
  readonly cacheSize?: number;
  /** How long an answer is reused; default `60000`. */
  readonly cacheTtlMs?: number;
  /** Language of the messages; default `"en"`. */
  readonly locale?: LocaleTag;
}

/** Options of one `check`. */
export interface AvailabilityCheckCallOptions {
  /** When it fires, this call's promise resolves with the state of that moment (TanStack Form's). */
  readonly signal?: AbortSignal;
  /** This call's debounce (`0` when the form library debounces itself). */
  readonly debounceMs?: number;
  /** Language of the messages of this call. */
  readonly locale?: LocaleTag;
}

/**
 * Checks an account name, e-mail address or mobile number with `KycClient.checkIdentity` as the
 * user types: core's rules first (an invalid value never leaves the browser), a debounce, the
 * stale request aborted when the value changes, recent answers cached, a 429's `Retry-After`
 * honoured.
 *
 * @example
 * const availability = new AvailabilityCheck(kyc, { locale: "es" });
 * availability.subscribe((s) => (status.textContent = s.message));
 * input.addEventListener("input", () => availability.check({ search_type: "email", search_value: input.value }));
 */
export declare class AvailabilityCheck {
  /** @throws TypeError when `client` has no `checkIdentity` or an option has the wrong type. */
  constructor(client: Pick<KycClient, "checkIdentity">, options?: AvailabilityCheckOptions);
  /** The current state. */
  readonly state: AvailabilityState;
  /** Calls `listener` on every change of state; returns the function that stops it. */
  subscribe(listener: (state: AvailabilityState) => void): () => void;
  /**
   * Checks `value`; resolves with the state of the latest value once it is settled (so every
   * pending call of a form library gets the current answer).
   */
  check(value: CheckIdentityInput, options?: AvailabilityCheckCallOptions): Promise<AvailabilityState>;
  /** Aborts any check and goes back to `idle`. */
  reset(): void;
  /** Forgets the cached answers. */
  clearCache(): void;
}

/**
 * What a form library shows for `state`: the message of an `invalid`, `used` or `error` state,
 * `undefined` otherwise (react-hook-form: `?? true`; TanStack Form: `undefined` is valid).
 */
export declare function availabilityError(state: AvailabilityState): string | undefined;

// ---------------------------------------------------------------------------------------------
// serverErrors: a failed call's answer on the form's fields

/** Options of `serverErrors`. */
export interface ServerErrorsOptions {
  /** Language of the messages; default `"en"`. */
  readonly locale?: LocaleTag;
  /** The operation called, when the error does not name it (a `parseResponse` error does). */
  readonly op?: Operation;
  /**
   * How list indexes are written in field names: `"dot"` (`verified_file_url.1`, react-hook-form;
   * the default) or `"bracket"` (`verified_file_url[1]`, TanStack Form).
   */
  readonly paths?: "dot" | "bracket";
}

/** A failed call's messages, per field and for the whole form. */
export interface ServerErrors {
  /** One message per field name (several issues of a field joined by a space). */
  readonly fields: Readonly<Record<string, string>>;
  /**
   * What concerns the form as a whole: the catalog's description of the error code (or why the
   * call got no answer), check items about the account, issues at the root path `[]`; `null`
   * when there is none.
   */
  readonly form: string | null;
}

/**
 * Puts a failed call's `error` (a `KycClient` error, or `parseResponse`'s) where a form shows it:
 * issues under the field their path names, `fail_check_items` and error codes about a field
 * under it (`failCheckItemFields`, `errorCodeFields`), the rest as one form-level message.
 *
 * @example
 * const r = await kyc.submitEnterprise(value, { locale });
 * if (!r.ok) {
 *   const { fields, form } = serverErrors(r.error, { locale });
 *   for (const [name, message] of Object.entries(fields)) setError(name, { type: "server", message });
 *   if (form) setError("root.server", { type: "server", message: form });
 * }
 */
export declare function serverErrors(error: ClientError | ApiError, options?: ServerErrorsOptions): ServerErrors;

/** The field each documented `fail_check_items` value concerns (the rest concern the account). */
export declare const failCheckItemFields: Readonly<Record<string, string>>;

/** The field each `error_code` about one field concerns (its description goes under it). */
export declare const errorCodeFields: Readonly<Record<string, string>>;

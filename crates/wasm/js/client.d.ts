// Types of `hwc-kyc/client`: everything `hwc-kyc` exports, and KycClient.
export * from "../index.js";
import type {
  ApiError,
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

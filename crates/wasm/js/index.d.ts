/**
 * hwc-kyc: the rules of Huawei Cloud's Partner Center customer-onboarding APIs (check that an
 * account name, e-mail or mobile number can be registered; submit an individual's or an
 * enterprise's real-name authentication), compiled from the same Rust code the backend runs.
 *
 * Validation never throws on bad input: it returns every issue at once, each with a stable `code`,
 * the wire `path`, the `params` a translator needs and a `message` in the requested locale. Only a
 * programming error (an operation name that does not exist) throws a `TypeError`.
 *
 * @example
 * import { validate } from "hwc-kyc";
 * const result = validate("checkIdentity", { search_type: "email", search_value: "nobody" }, { locale: "es" });
 * if (!result.ok) console.log(result.issues[0].message); // "Introduzca una dirección de correo válida…"
 *
 * @packageDocumentation
 */

/*@generated-tables@*/

/** The three form operations, and the review-result query (input `{ customer_id }`). */
export type FormOperation = Exclude<Operation, "reviewResult">;

/**
 * A BCP 47 language tag. English is built in; `"zh-CN"` and `"es"` have messages once their pack
 * is registered (`registerLocale`), and until then read English. Any other tag (for example
 * `navigator.language` = `"fr-FR"`) falls back to English, `"zh-Hans-CN"` reads as `"zh-CN"`.
 */
export type LocaleTag = Locale | (string & {});

/**
 * Whose fields must be present.
 * - `"form"` (the default here): what a browser form holds. The partner's platform ID
 *   (`xaccount_type`) is a secret of the partner's backend and `identify_type` follows from the
 *   operation, so both may be left out (if given, they are still checked).
 * - `"upstream"`: everything Huawei Cloud requires (what the partner's backend sends).
 */
export type Stage = "form" | "upstream";

/** Options of `validate`, `validateField`, `buildRequest` and `createSchema`. */
export interface ValidateOptions {
  /** Language of the messages; default `"en"`. */
  readonly locale?: LocaleTag;
  /** Default `"form"`. */
  readonly stage?: Stage;
}

/** Options of `parseResponse`. */
export interface ParseOptions {
  /** Language of the descriptions and re-rendered issue messages; default `"en"`. */
  readonly locale?: LocaleTag;
}

/** Options of `checkAttachment`. */
export interface AttachmentOptions {
  /** Language of the messages; default `"en"`. */
  readonly locale?: LocaleTag;
  /**
   * The whole file's size in bytes, when `bytes` holds only its head (for example
   * `new Uint8Array(await file.slice(0, 16).arrayBuffer())` with `size: file.size`).
   * Default: the length of `bytes`. Anything but a non-negative safe integer (`"20000000"`,
   * `NaN`, `-1`, `2 ** 60`) throws a `TypeError`: a head is never checked as the whole file.
   */
  readonly size?: number;
}

// ---------------------------------------------------------------------------------------------
// Issues

/** One element of an issue path: a wire field name or a list index. */
export type PathSegment = string | number;

/** A param value: a number (`max`, `actual`), a text (`expected`, `prefix`) or a list (`allowed`). */
export type ParamValue = number | string | ReadonlyArray<number | string>;

/** An issue with one code, its params typed by the code. */
export interface IssueOf<C extends IssueCode> {
  /**
   * Where: wire field names and list indexes from the root (`["verified_file_url", 2]`); always
   * present, `[]` for the form as a whole.
   */
  readonly path: readonly PathSegment[];
  /** What, as a stable snake_case code (see `issueCodes`). */
  readonly code: C;
  /** The values the message interpolates. */
  readonly params: IssueParams[C];
  /** The message, in the locale asked for. */
  readonly message: string;
}

/** One problem found by validation: a union over every code, so `issue.code` narrows `params`. */
export type Issue = { [C in IssueCode]: IssueOf<C> }[IssueCode];

// ---------------------------------------------------------------------------------------------
// Form values as a form holds them (input) and as validation returns them (normalized output)

/** An integer enum as a form holds it: the number, or its decimal string (a `<select>`'s value). */
export type IntInput<T extends number> = T | `${T}`;

/** check-identity, as a form holds it. */
export interface CheckIdentityInput {
  search_type?: SearchType | "" | null;
  search_value?: string | null;
}

/** Individual real-name authentication, as a form holds it. */
export interface IndividualRealnameAuthInput {
  customer_id?: string | null;
  identify_type?: IntInput<IdentifyType> | "" | null;
  verified_file_url?: readonly string[] | null;
  name?: string | null;
  verified_number?: string | null;
  xaccount_type?: string | null;
  verified_type?: IntInput<VerifiedType> | "" | null;
  change_type?: IntInput<ChangeType> | "" | null;
}

/** `enterprise_person`, as a form holds it. */
export interface EnterprisePersonInput {
  legel_name?: string | null;
  legel_id_number?: string | null;
  certifier_role?: CertifierRole | "" | null;
}

/** Enterprise real-name authentication, as a form holds it. */
export interface EnterpriseRealnameAuthInput {
  customer_id?: string | null;
  identify_type?: IntInput<IdentifyType> | "" | null;
  verified_file_url?: readonly string[] | null;
  corp_name?: string | null;
  verified_number?: string | null;
  xaccount_type?: string | null;
  certificate_type?: IntInput<CertificateType> | "" | null;
  reg_country?: string | null;
  reg_address?: string | null;
  enterprise_person?: EnterprisePersonInput | null;
}

/** The review-result query, as a form holds it. */
export interface ReviewResultQueryInput {
  customer_id?: string | null;
}

/** Body of `POST /v2/partners/sub-customers/users/check-identity`. */
export interface CheckIdentity {
  search_type: SearchType;
  /** E-mail address, mobile number (`00XX-XXXXXXXX`) or account name. */
  search_value: string;
}

/** Body of `POST /v2/customers/realname-auths/individual`. */
export interface IndividualRealnameAuth {
  customer_id: string;
  /** Always 0 (individual certificate); implied at stage `"form"`. */
  identify_type: IdentifyType;
  /** Attachment paths relative to the bucket's `download/` directory. */
  verified_file_url: string[];
  name: string;
  verified_number: string;
  /** The partner's platform ID, filled by the partner's backend. */
  xaccount_type?: string;
  verified_type?: VerifiedType;
  change_type?: ChangeType;
}

/** `enterprise_person` (wire names misspelt as documented). */
export interface EnterprisePerson {
  legel_name: string;
  legel_id_number: string;
  certifier_role?: CertifierRole;
}

/** Body of `POST /v2/customers/realname-auths/enterprise`. */
export interface EnterpriseRealnameAuth {
  customer_id: string;
  /** Always 1 (enterprise certificate); implied at stage `"form"`. */
  identify_type: IdentifyType;
  /** Certificate front, back, then (with `enterprise_person`) the legal person's ID card sides. */
  verified_file_url: string[];
  corp_name: string;
  verified_number: string;
  /** The partner's platform ID, filled by the partner's backend. */
  xaccount_type?: string;
  certificate_type?: CertificateType;
  /** ISO 3166-1 alpha-2, upper case. */
  reg_country?: string;
  reg_address?: string;
  enterprise_person?: EnterprisePerson;
}

/** The review-result query, `GET /v2/customers/realname-auths/result?customer_id=…`. */
export interface ReviewResultQuery {
  customer_id: string;
}

/** What each operation's form holds. */
export interface InputByOperation {
  checkIdentity: CheckIdentityInput;
  individualRealnameAuth: IndividualRealnameAuthInput;
  enterpriseRealnameAuth: EnterpriseRealnameAuthInput;
  reviewResult: ReviewResultQueryInput;
}

/** What validation of each operation returns: the normalized value, wire names, typed enums. */
export interface ValueByOperation {
  checkIdentity: CheckIdentity;
  individualRealnameAuth: IndividualRealnameAuth;
  enterpriseRealnameAuth: EnterpriseRealnameAuth;
  reviewResult: ReviewResultQuery;
}

/** The outcome of `validate`. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

// ---------------------------------------------------------------------------------------------
// Requests and answers

/** A request ready for `fetch(proxyBase + request.path, request)`. */
export interface HttpRequest {
  readonly method: "GET" | "POST";
  /** The documented path, with the query for the review result. */
  readonly path: string;
  /** `Content-Type` for bodies; authentication is the partner proxy's business. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body (documented field order, absent optional fields left out); `null` for GET. */
  readonly body: string | null;
}

/** The outcome of `buildRequest`. */
export type BuildResult =
  | { readonly ok: true; readonly request: HttpRequest }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** check-identity's answer. */
export interface CheckIdentityResult {
  readonly check_result: CheckResult;
  /** For mobile numbers: how many more accounts may use it. */
  readonly mobile_remain_available_num?: number;
}

/** A real-name authentication's answer. */
export interface RealnameAuthResult {
  /** Whether the application goes to manual review (`is_review` 1, sent as `1` or `"1"`). */
  readonly is_review: boolean;
}

/** The review-result query's answer. */
export interface ReviewResultInfo {
  /** 0 under review, 1 failed, 2 approved. */
  readonly review_result: ReviewResult;
  /** The reviewer's opinion, when given. */
  readonly opinion?: string;
}

/** Each operation's successful answer. */
export interface ResponseByOperation {
  checkIdentity: CheckIdentityResult;
  individualRealnameAuth: RealnameAuthResult;
  enterpriseRealnameAuth: RealnameAuthResult;
  reviewResult: ReviewResultInfo;
}

/** A `fail_check_items` value with its description (`null` when undocumented). */
export interface FailCheckItem {
  readonly code: string;
  readonly description: string | null;
}

/** A failed call: what the server said, and what it means. */
export interface ApiError {
  readonly operation: Operation;
  readonly status: number;
  /** What sort of failure, to react without knowing individual codes. */
  readonly kind: ErrorKind;
  /** `error_code` (`"CBC.99007188"`, `"APIGW.0301"`), when the body had one. */
  readonly code: string | null;
  /** `error_msg`, as the server wrote it. */
  readonly message: string | null;
  /** The catalog's description of `code` for this operation, in the locale asked for. */
  readonly description: string | null;
  readonly failCheckItems: readonly FailCheckItem[];
  readonly requestId: string | null;
  /** Issues a partner proxy returned with `CBC.0100`, messages rendered in the locale asked for. */
  readonly issues: readonly Issue[];
  /** For malformed answers: why the body could not be read. */
  readonly detail: string | null;
}

/** The outcome of `parseResponse`. */
export type ResponseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ApiError };

// ---------------------------------------------------------------------------------------------
// Standard Schema v1 (https://standardschema.dev), declared here so the package has no dependency.

/** The Standard Schema v1 interface, as react-hook-form, TanStack Form and others consume it. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

export declare namespace StandardSchemaV1 {
  interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  type Result<Output> = SuccessResult<Output> | FailureResult;
  interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  interface PathSegment {
    readonly key: PropertyKey;
  }
  interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
  type InferInput<Schema extends StandardSchemaV1> = NonNullable<
    Schema["~standard"]["types"]
  >["input"];
  type InferOutput<Schema extends StandardSchemaV1> = NonNullable<
    Schema["~standard"]["types"]
  >["output"];
}

/** A schema of this package: synchronous, vendor `"hwc-kyc"`, issues that are `Issue`s. */
export interface HwcKycSchema<Op extends Operation>
  extends StandardSchemaV1<InputByOperation[Op], ValueByOperation[Op]> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: "hwc-kyc";
    readonly validate: (
      value: unknown,
    ) => { readonly value: ValueByOperation[Op]; readonly issues?: undefined } | { readonly issues: readonly Issue[] };
    readonly types?: StandardSchemaV1.Types<InputByOperation[Op], ValueByOperation[Op]> | undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// Functions

/**
 * Validates a form value (a plain object keyed by the wire field names, as a form holds it:
 * numbers or numeric strings for enum fields, arrays for attachments) and returns every issue at
 * once, or the normalized value. Never throws on bad input, whatever its type.
 *
 * @example
 * const r = validate("enterpriseRealnameAuth", form, { locale: navigator.language });
 * if (r.ok) send(r.value); else show(r.issues);
 * @throws TypeError when `op` is not an operation name.
 */
export function validate<Op extends Operation>(
  op: Op,
  value: unknown,
  options?: ValidateOptions,
): ValidationResult<ValueByOperation[Op]>;

/**
 * Live validation of one field: the issues at or under `path` (a dotted string such as
 * `"enterprise_person.legel_name"` or an array such as `["verified_file_url", 2]`), exactly those
 * `validate` reports there for the same form. Pass the whole, partly filled form: the field is
 * judged in its context (the number of attachments depends on `verified_type`), but only the
 * field and the fields it depends on cross into wasm, so a keystroke costs a fraction of a
 * `validate`.
 *
 * @example
 * input.oninput = () => render(validateField("checkIdentity", "search_value", form));
 * @throws TypeError when `op` is not an operation name.
 */
export function validateField<Op extends Operation>(
  op: Op,
  path: string | readonly PathSegment[],
  value: unknown,
  options?: ValidateOptions,
): Issue[];

/**
 * The request the browser sends to the partner's proxy (same paths as upstream; the body as
 * validated at `options.stage`, `"form"` by default), or the issues when the value is not valid.
 *
 * @example
 * const b = buildRequest("checkIdentity", form);
 * if (b.ok) await fetch("/kyc" + b.request.path, b.request);
 * @throws TypeError when `op` is not an operation name.
 */
export function buildRequest<Op extends Operation>(
  op: Op,
  value: unknown,
  options?: ValidateOptions,
): BuildResult;

/**
 * Checks a file picked for upload: an allowed extension (issue at `["file_name"]`), not empty and
 * not too large, and content whose signature matches the extension (issues at `["content"]`).
 * Only the first bytes are read; pass `options.size` when `bytes` holds only the file's head.
 *
 * @example
 * const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
 * const issues = checkAttachment(file.name, head, { size: file.size, locale: "es" });
 */
export function checkAttachment(
  fileName: string,
  bytes: Uint8Array | ArrayBuffer | ArrayBufferView,
  options?: AttachmentOptions,
): Issue[];

/**
 * A Standard Schema v1 object for `op` with fixed options (a locale, or stage `"upstream"`).
 *
 * @example
 * const schema = createSchema("individualRealnameAuth", { locale: "zh-CN" });
 * useForm({ resolver: standardSchemaResolver(schema) });
 * @throws TypeError when `op` is not an operation name.
 */
export function createSchema<Op extends Operation>(op: Op, options?: ValidateOptions): HwcKycSchema<Op>;

/** Standard Schema v1 objects for every operation (English messages, stage `"form"`). */
export const schemas: { readonly [Op in Operation]: HwcKycSchema<Op> };

/** Every issue code, in the order of core's table. */
export const issueCodes: readonly IssueCode[];

/**
 * For each issue code: the names of its params. What each code means is the comment on it in
 * `IssueCode` and `IssueCodeInfo` (shown by the editor; ISSUE_CODES.md lists them all).
 */
export const issueCodeInfo: IssueCodeInfo;

/**
 * A locale pack: the messages and descriptions of one locale, generated from core's tables by
 * the build of this package (`import zhCN from "hwc-kyc/locales/zh-CN"`). Opaque: hand it to
 * `registerLocale`.
 */
export interface LocalePack {
  /** The locale's tag (`"zh-CN"`, `"es"`). */
  readonly locale: Exclude<Locale, "en">;
  /** Its texts, in the order the module reads them. */
  readonly texts: string;
}

/**
 * Registers a locale pack: `validate`, `validateField`, `checkAttachment`, `parseResponse` and
 * the descriptions answer in its locale from then on (English is built in). Registering the same
 * pack again changes nothing. A pack of another version of the package is a `TypeError`.
 *
 * @example
 * import { registerLocale } from "hwc-kyc";
 * import zhCN from "hwc-kyc/locales/zh-CN";
 * registerLocale(zhCN);
 */
export function registerLocale(pack: LocalePack): void;

/** The locales that have messages: `["en", "zh-CN", "es"]` (all but English from a pack). */
export const locales: readonly Locale[];

/** Every operation name. */
export const operations: readonly Operation[];

/**
 * For each operation, the values each closed field accepts, by dotted path, from core's tables
 * (what a `<select>` offers).
 *
 * @example
 * allowedValues.individualRealnameAuth.verified_type; // [0, 3, 5, 6, 7, 9, 10]
 */
export const allowedValues: AllowedValues;

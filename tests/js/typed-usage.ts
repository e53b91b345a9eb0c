// Compiled with `tsc --noEmit -p tests/js` by `cargo xtask test`: what a TypeScript user writes
// against the package must type-check, and the mistakes marked @ts-expect-error must not.
import type { StandardSchemaV1 } from "@standard-schema/spec";
import {
  buildRequest,
  checkAttachment,
  createSchema,
  issueCodeInfo,
  issueCodes,
  locales,
  registerLocale,
  schemas,
  validate,
  validateField,
  type ApiError,
  type EnterpriseRealnameAuth,
  type EnterpriseRealnameAuthInput,
  type HttpRequest,
  type Issue,
  type IssueCode,
  type Locale,
  type ParamValue,
  type RealnameAuthResult,
} from "hwc-kyc";
// KycClient and the readers of answers are in `hwc-kyc/client`, which exports everything
// `hwc-kyc` does as well.
import {
  AvailabilityCheck,
  KycClient,
  availabilityError,
  describeError,
  parseResponse,
  serverErrors,
  validate as validateWithClient,
  type AvailabilityState,
  type AvailabilityStatus,
  type ClientError,
  type ClientResult,
  type ServerErrors,
  type UploadedFile,
} from "hwc-kyc/client";
// @ts-expect-error: `hwc-kyc` (the forms entry) has no KycClient.
import { KycClient as NotInForms } from "hwc-kyc";
void NotInForms;
// Locale packs: a module each, registered explicitly.
import zhCN from "hwc-kyc/locales/zh-CN";
import { registerLocale as registerWithClient } from "hwc-kyc/client";
registerLocale(zhCN);
registerWithClient(zhCN);
// @ts-expect-error: a pack is what the package generates, not any object
registerLocale({ locale: "fr", texts: "" });

// A form's state, typed.
const form: EnterpriseRealnameAuthInput = {
  customer_id: "4505ce7c6de8263e33b57e76abc",
  verified_file_url: ["license/front.jpg"],
  corp_name: "Example Ltd",
  verified_number: "91110000600037",
  certificate_type: "99",
  enterprise_person: null,
};

const result = validate("enterpriseRealnameAuth", form, { locale: navigator.language, stage: "form" });
if (result.ok) {
  const value: EnterpriseRealnameAuth = result.value;
  const certificate: 0 | 1 | 2 | 3 | 4 | 99 | undefined = value.certificate_type;
  void certificate;
} else {
  for (const issue of result.issues) {
    // The code narrows the params.
    if (issue.code === "too_long") {
      const max: ParamValue = issue.params.max;
      void max;
    }
    const path: readonly (string | number)[] = issue.path;
    void path;
  }
}

const fieldIssues: Issue[] = validateField("checkIdentity", ["search_value"], { search_type: "email" });
const byDots: Issue[] = validateField("enterpriseRealnameAuth", "enterprise_person.legel_name", form);

const built = buildRequest("reviewResult", { customer_id: "c-1" });
if (built.ok) {
  const request: HttpRequest = built.request;
  const init: RequestInit = { method: request.method, headers: request.headers, body: request.body };
  void init;
}

const answer = parseResponse("individualRealnameAuth", 200, "{}", { locale: "es" });
if (answer.ok) {
  const r: RealnameAuthResult = answer.value;
  void r;
} else {
  const e: ApiError = answer.error;
  const kind: "validation" | "business" | "auth" | "server" | "malformed" = e.kind;
  const items: readonly { readonly code: string; readonly description: string | null }[] = e.failCheckItems;
  void kind;
  void items;
}

const fileIssues: Issue[] = checkAttachment("a.png", new Uint8Array(8), { size: 8, locale: "zh-CN" });
const text: string | null = describeError("CBC.0151", "es", "checkIdentity");
const codes: readonly IssueCode[] = issueCodes;
const params: readonly ("max" | "actual")[] = issueCodeInfo.too_long.params;
// The meanings are doc comments of the .d.ts, not a runtime field.
// @ts-expect-error
const noDoc: string = issueCodeInfo.too_long.doc;
const tags: readonly Locale[] = locales;

// The schemas are Standard Schema v1 with the package's input and output types.
const schema: StandardSchemaV1<EnterpriseRealnameAuthInput, EnterpriseRealnameAuth> = schemas.enterpriseRealnameAuth;
const zh: StandardSchemaV1 = createSchema("checkIdentity", { locale: "zh-CN" });
type Output = StandardSchemaV1.InferOutput<typeof schemas.checkIdentity>;
const output: Output = { search_type: "email", search_value: "a@example.com" };
const outcome = schemas.checkIdentity["~standard"].validate({});
if (outcome.issues) {
  const first: Issue | undefined = outcome.issues[0];
  void first;
}

// Mistakes the types catch.
// @ts-expect-error: not an operation
validate("checkIdentiy", {});
// @ts-expect-error: not a stage
validate("checkIdentity", {}, { stage: "browser" });
// @ts-expect-error: certificate_type 5 is not documented
const wrong: EnterpriseRealnameAuthInput = { certificate_type: 5 };
// @ts-expect-error: params of too_long have no `allowed`
const none = (i: Extract<Issue, { code: "too_long" }>) => i.params.allowed;

void [fieldIssues, byDots, fileIssues, text, codes, params, tags, schema, zh, output, wrong, none];

// KycClient: every method resolves with a ClientResult; `error.kind` narrows the error.
async function useClient(file: File, signal: AbortSignal): Promise<string> {
  const kyc = new KycClient({
    baseUrl: "https://kyc.example.com",
    timeoutMs: 8_000,
    headers: { "X-Portal": "eu" },
    locale: "es",
    getToken: async () => "token",
  });
  const checked: ClientResult<{ readonly check_result: "available" | "used_by_user" }> = await kyc.checkIdentity(
    { search_type: "email", search_value: "a@example.com" },
    { signal, timeoutMs: 2_000 },
  );
  const uploaded = await kyc.uploadAttachment(file, { fileName: "front.png" });
  const path: string | undefined = uploaded.ok ? uploaded.value.path : undefined;
  const stored: UploadedFile | undefined = uploaded.ok ? uploaded.value : undefined;
  void [checked, path, stored];
  const review = await kyc.reviewResult("cust-1");
  if (review.ok) return `${review.value.review_result} ${review.requestId}`;
  const e: ClientError = review.error;
  switch (e.kind) {
    case "invalid":
      return e.issues.map((i) => i.code).join();
    case "http":
      return `${e.status} ${e.code ?? ""} ${e.category} ${e.description ?? ""} ${e.serverRequestId ?? ""} ${e.retryAfterMs ?? ""}`;
    case "timeout":
      return `${e.timeoutMs}`;
    case "network":
    case "token":
      return e.message;
    case "aborted":
      return String(e.reason);
  }
}

// @ts-expect-error: baseUrl is required
new KycClient({ timeoutMs: 1 });
// @ts-expect-error: a submission's value is the form of its operation
void new KycClient({ baseUrl: "/kyc" }).submitEnterprise({ corp_name: 5 });

void useClient;

// `hwc-kyc/client`'s validate is `hwc-kyc`'s, typed the same.
const again = validateWithClient("checkIdentity", { search_type: "name", search_value: "ceshiyonghu001" });
if (again.ok) {
  const kept: string = again.value.search_value;
  void kept;
}

// The availability check: states narrow by status, its messages are strings.
async function availability(kyc: KycClient, signal: AbortSignal): Promise<string | undefined> {
  const check = new AvailabilityCheck(kyc, { debounceMs: 250, cacheSize: 10, locale: "zh-CN" });
  const stop = check.subscribe((s: AvailabilityState) => {
    const status: AvailabilityStatus = s.status;
    const remaining: number | null = s.remaining;
    void status;
    void remaining;
  });
  const state = await check.check({ search_type: "email", search_value: "a@example.com" }, { signal, debounceMs: 0 });
  stop();
  // @ts-expect-error: not a status
  const wrong: AvailabilityStatus = "taken";
  void wrong;
  // @ts-expect-error: search_type is one of the three
  void check.check({ search_type: "phone", search_value: "1" });
  return availabilityError(state);
}
void availability;

// A failed call on the form's fields.
function onFields(error: ClientError): string | null {
  const out: ServerErrors = serverErrors(error, { locale: "es", paths: "bracket", op: "enterpriseRealnameAuth" });
  const first: string | undefined = out.fields["corp_name"];
  void first;
  // @ts-expect-error: paths is "dot" or "bracket"
  serverErrors(error, { paths: "slash" });
  return out.form;
}
void onFields;

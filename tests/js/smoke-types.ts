// Type-checked by `cargo xtask test` in the smoke project, where the packed package is installed
// in node_modules: both entries resolve by name through package.json's "exports", as in a user's
// project (no `paths`), under "moduleResolution" nodenext and bundler.
import { registerLocale, validate, schemas, type Issue } from "hwc-kyc";
import zhCN from "hwc-kyc/locales/zh-CN";
import { KycClient, validate as validateWithClient, type ClientResult } from "hwc-kyc/client";
// @ts-expect-error: KycClient is only in "hwc-kyc/client".
import { KycClient as NotInForms } from "hwc-kyc";
// @ts-expect-error: so is parseResponse (with describeError and describeFailCheckItem).
import { parseResponse as AlsoNotInForms } from "hwc-kyc";
import { parseResponse } from "hwc-kyc/client";

registerLocale(zhCN);
const checked = validate("checkIdentity", { search_type: "name", search_value: "ceshiyonghu001" });
const first: Issue | undefined = checked.ok ? undefined : checked.issues[0];
const same = validateWithClient("checkIdentity", { search_type: "email", search_value: "a@example.com" });
const kyc = new KycClient({ baseUrl: "/kyc" });
const pending: Promise<ClientResult<unknown>> = kyc.checkIdentity({ search_type: "name", search_value: "x" });
const review = parseResponse("individualRealnameAuth", 200, "{}");
export { first, same, pending, schemas, NotInForms, AlsoNotInForms, review };

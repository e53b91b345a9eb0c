// Run by `cargo xtask test` in a new, empty project where the packed pkg/ was installed:
// imports the package by name, as a user would, and checks one call of each kind.
import { validate, buildRequest, locales, KycClient } from "hwc-kyc";

const issues = validate("checkIdentity", { search_type: "email", search_value: "nobody" }, { locale: "es" });
const built = buildRequest("checkIdentity", { search_type: "name", search_value: "ceshiyonghu001" });
const ok =
  issues.ok === false &&
  issues.issues[0].code === "invalid_email" &&
  built.ok === true &&
  built.request.body === '{"search_type":"name","search_value":"ceshiyonghu001"}' &&
  locales.includes("zh-CN");
// KycClient ships too (client.js): an invalid value answers without any network.
const client = await new KycClient({ baseUrl: "http://127.0.0.1:9" }).checkIdentity({ search_type: "email" });
const clientOk = client.ok === false && client.error.kind === "invalid";
if (!ok || !clientOk) {
  console.error("smoke test failed:", JSON.stringify({ issues, built, locales, client }));
  process.exit(1);
}
console.log("smoke: import \"hwc-kyc\" by name works in Node", process.version);

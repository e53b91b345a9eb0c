// Run by `cargo xtask test` in a new, empty project where the packed pkg/ was installed:
// imports the package by name, as a user would, and checks one call of each kind.
import { validate, buildRequest, locales } from "hwc-kyc";

const issues = validate("checkIdentity", { search_type: "email", search_value: "nobody" }, { locale: "es" });
const built = buildRequest("checkIdentity", { search_type: "name", search_value: "ceshiyonghu001" });
const ok =
  issues.ok === false &&
  issues.issues[0].code === "invalid_email" &&
  built.ok === true &&
  built.request.body === '{"search_type":"name","search_value":"ceshiyonghu001"}' &&
  locales.includes("zh-CN");
if (!ok) {
  console.error("smoke test failed:", JSON.stringify({ issues, built, locales }));
  process.exit(1);
}
console.log("smoke: import \"hwc-kyc\" by name works in Node", process.version);

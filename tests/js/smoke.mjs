// Run by `cargo xtask test` in a new, empty project where the packed pkg/ was installed:
// imports the package by name, as a user would, and checks one call of each kind.
import * as forms from "hwc-kyc";
import * as withClient from "hwc-kyc/client";
import es from "hwc-kyc/locales/es";

const { validate, buildRequest, locales, registerLocale } = forms;
registerLocale(es);

const issues = validate("checkIdentity", { search_type: "email", search_value: "nobody" }, { locale: "es" });
const built = buildRequest("checkIdentity", { search_type: "name", search_value: "ceshiyonghu001" });
const ok =
  issues.ok === false &&
  issues.issues[0].code === "invalid_email" &&
  issues.issues[0].message.startsWith("Introduzca") &&
  built.ok === true &&
  built.request.body === '{"search_type":"name","search_value":"ceshiyonghu001"}' &&
  locales.includes("zh-CN");
// KycClient and the readers of answers ship in `hwc-kyc/client`, with everything `hwc-kyc`
// exports (one module for an app that uses both); `hwc-kyc` leaves them out. An invalid value answers without any network.
const client = await new withClient.KycClient({ baseUrl: "http://127.0.0.1:9" }).checkIdentity({ search_type: "email" });
// Its form helpers too: an invalid value is judged without any network.
const availability = await new withClient.AvailabilityCheck(new withClient.KycClient({ baseUrl: "http://127.0.0.1:9" })).check({
  search_type: "email",
  search_value: "nobody",
});
const clientOk =
  client.ok === false &&
  client.error.kind === "invalid" &&
  availability.status === "invalid" &&
  Object.keys(withClient.serverErrors(client.error).fields).length > 0 &&
  !("KycClient" in forms) &&
  !("AvailabilityCheck" in forms) &&
  !("parseResponse" in forms) &&
  withClient.parseResponse("individualRealnameAuth", 200, '{"is_review":"1"}').value?.is_review === true &&
  Object.keys(forms).every((name) => name in withClient) &&
  withClient.validate("checkIdentity", { search_type: "name", search_value: "ceshiyonghu001" }).ok === true;
if (!ok || !clientOk) {
  console.error("smoke test failed:", JSON.stringify({ issues, built, locales, client, availability }));
  process.exit(1);
}
console.log("smoke: import \"hwc-kyc\" and \"hwc-kyc/client\" by name works in Node", process.version);

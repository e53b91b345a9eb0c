// One KycClient per demo customer. Each call validates the value, sends it to the partner proxy
// (this origin) with the customer's caller token, and resolves with `{ ok: true, value }` or
// `{ ok: false, error }`; messages and descriptions come in the locale passed with the call.
import { KycClient } from "hwc-kyc/client";
import { locale, t } from "./i18n.js";
import { demoToken } from "./session.js";

const clients = new Map();

/** The client acting for `customerId` (`""` for the account check, which needs no token). */
export function clientFor(customerId = "") {
  let client = clients.get(customerId);
  if (!client) {
    client = new KycClient({
      baseUrl: location.origin,
      getToken: customerId ? () => demoToken(customerId) : undefined,
    });
    clients.set(customerId, client);
  }
  return client;
}

/**
 * Uploads `file` for `customerId`: `{ ok: true, value: { path } }` (the path to put in
 * verified_file_url) or `{ ok: false, error }`.
 */
export function uploadFor(customerId, file) {
  if (!customerId) {
    const message = t("attach.needCustomer");
    return { ok: false, error: { kind: "invalid", issues: [{ path: ["customer_id"], code: "required", params: {}, message }] } };
  }
  return clientFor(customerId).uploadAttachment(file, { locale: locale() });
}

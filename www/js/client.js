// One KycClient per demo customer: it validates, sends to the partner proxy (this origin) with the
// customer's caller token, and reads the answer into `{ ok, value }` or `{ ok: false, error }`.
import * as kyc from "hwc-kyc";
import { locale } from "./i18n.js";
import { demoToken } from "./session.js";

const clients = new Map();

/** The client acting for `customerId` (`""` for the account check, which needs no token). */
export async function clientFor(customerId = "") {
  if (typeof kyc.KycClient !== "function") throw new Error("KycClient is not in this build of hwc-kyc");
  let client = clients.get(customerId);
  if (!client) {
    client = new kyc.KycClient({
      baseUrl: location.origin,
      token: customerId ? () => demoToken(customerId) : undefined,
      locale: () => locale(),
    });
    clients.set(customerId, client);
  }
  return client;
}

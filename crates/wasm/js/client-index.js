// Entry of `hwc-kyc/client` for browsers and bundlers: everything `hwc-kyc` exports, the readers
// of answers (parseResponse, describeError, describeFailCheckItem: feature `responses`), KycClient
// and its form helpers (AvailabilityCheck, serverErrors), over a build of the bindings with
// KycClient's decisions (feature `client`). Bundled into pkg/client/, where index.js's
// `new URL("./hwc_kyc_bg.wasm", import.meta.url)` names that build. An app that uses KycClient imports everything
// from here, so it loads one module.
export * from "./index.js";
export { describeError, describeFailCheckItem, parseResponse } from "./api.js";
export { KycClient } from "./client.js";
export { AvailabilityCheck, availabilityError } from "./availability.js";
export { errorCodeFields, failCheckItemFields, serverErrors } from "./server-errors.js";

// Entry of `hwc-kyc/client` for Node: as client-index.js, over node.js's synchronous start.
export * from "./node.js";
export { describeError, describeFailCheckItem, parseResponse } from "./api.js";
export { KycClient } from "./client.js";
export { AvailabilityCheck, availabilityError } from "./availability.js";
export { errorCodeFields, failCheckItemFields, serverErrors } from "./server-errors.js";

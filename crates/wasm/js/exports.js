// The names both entry modules export: the public API of `hwc-kyc` (typed in index.d.ts).
export {
  buildRequest,
  checkAttachment,
  createSchema,
  describeError,
  describeFailCheckItem,
  issueCodeInfo,
  issueCodes,
  locales,
  operations,
  parseResponse,
  schemas,
  validate,
  validateField,
} from "./api.js";
export { KycClient } from "./client.js";

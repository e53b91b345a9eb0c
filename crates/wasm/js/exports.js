// The names the entry modules of `hwc-kyc` export (typed in index.d.ts); `hwc-kyc/client`
// exports them and KycClient (client-index.js, client-node.js).
export {
  allowedValues,
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

// The names the entry modules of `hwc-kyc` export (typed in index.d.ts); `hwc-kyc/client`
// exports them, the readers of answers (parseResponse, describeError, describeFailCheckItem) and
// KycClient (client-index.js, client-node.js).
export {
  allowedValues,
  buildRequest,
  checkAttachment,
  createSchema,
  issueCodeInfo,
  issueCodes,
  locales,
  operations,
  registerLocale,
  schemas,
  validate,
  validateField,
} from "./api.js";

// Enterprise real-name authentication.
import { enterpriseSlotLabels } from "./attachments.js";
import { realnamePage } from "./realname.js";

realnamePage("enterpriseRealnameAuth", {
  customer: "cust-enterprise-001",
  labels: enterpriseSlotLabels,
});

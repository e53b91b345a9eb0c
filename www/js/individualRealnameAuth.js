// Individual real-name authentication.
import { t } from "./i18n.js";
import { realnamePage } from "./realname.js";

realnamePage("individualRealnameAuth", {
  customer: "cust-individual-001",
  // The documented order: the certificate's front (profile page), its back when it has one, then
  // the photo holding it. Core decides how many; without a certificate type, just numbered.
  labels(count, { min, max }) {
    if (min !== max) return [];
    if (count === 3) return [t("slot.front"), t("slot.back"), t("slot.holding")];
    if (count === 2) return [t("slot.front"), t("slot.holding")];
    return [];
  },
});

// What the two real-name pages share: the demo customer, live validation, the attachment pickers
// (uploads go through KycClient with the customer's caller token), submission through KycClient
// and the answer panel.
import { AttachmentPickers } from "./attachments.js";
import { clientFor, uploadFor } from "./client.js";
import { LiveForm } from "./form.js";
import { locale } from "./i18n.js";
import { layout } from "./layout.js";
import { ResultPanel } from "./result.js";
import { fillCustomers } from "./session.js";

/**
 * Sets up the page of `op` (`"individualRealnameAuth"` or `"enterpriseRealnameAuth"`):
 * `customer` is the demo customer selected first; `labels(count, { min, max })` names the pickers.
 */
export function realnamePage(op, { customer, labels }) {
  layout(op);
  const form = document.getElementById("form");
  const customerId = () => form.elements.customer_id.value;
  let submittedFor = "";
  const result = new ResultPanel(document.getElementById("result"), op, {
    review: () => clientFor(submittedFor).reviewResult(submittedFor, { locale: locale() }),
  });
  const live = new LiveForm(form, op, {
    async submit(value) {
      submittedFor = value.customer_id;
      const call = op === "individualRealnameAuth" ? "submitIndividual" : "submitEnterprise";
      const outcome = await clientFor(value.customer_id)[call](value, { locale: locale() });
      result.show(outcome); // the whole answer below the form
      live.setServerError(outcome.ok ? null : outcome.error); // and each part under its field
    },
  });
  const pickers = new AttachmentPickers(live, form.querySelector('[data-field="verified_file_url"]'), {
    labels,
    upload(file) {
      return uploadFor(customerId(), file);
    },
  });
  // verified_type, or the legal person's details, change how many pickers there are.
  form.addEventListener("input", () => pickers.update());
  form.addEventListener("change", () => pickers.update());
  fillCustomers(form.elements.customer_id, customer).then(() => live.check());
}

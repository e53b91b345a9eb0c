// The account check: is an account name, e-mail address or mobile number still free? The answer
// comes while the user types (AvailabilityCheck of `hwc-kyc/client`: core's rules first, then the
// proxy after a pause, stale requests aborted, recent answers cached); the button asks again and
// shows the whole answer.
import { AvailabilityCheck } from "hwc-kyc/client";
import { LiveForm } from "./form.js";
import { locale, onLocaleChange, t } from "./i18n.js";
import { h, layout } from "./layout.js";
import { ResultPanel } from "./result.js";
import { clientFor } from "./client.js";

layout("checkIdentity");

const form = document.getElementById("form");
const result = new ResultPanel(document.getElementById("result"), "checkIdentity");
const live = new LiveForm(form, "checkIdentity", {
  async submit(value) {
    result.show(await clientFor().checkIdentity(value, { locale: locale() }));
  },
});

// The example under the value follows the kind of value asked for.
const type = form.elements.search_type;
const hint = form.querySelector("#search_value ~ .hint");
const showHint = () => (hint.textContent = t(`hint.search_value.${type.value}`));
type.addEventListener("change", showHint);
onLocaleChange(showHint);
showHint();

// Availability while typing, under the value. An invalid value is LiveForm's to show (core's
// message under the field), so this line stays empty then, and while there is nothing to check.
const availability = new AvailabilityCheck(clientFor());
const line = h("p", { class: "availability", id: "search_value-availability", "aria-live": "polite" });
form.elements.search_value.closest(".field").append(line);
const input = form.elements.search_value;
// Described by the hint, this line, then the error (last, where the e2e tests look for it).
const ids = input.getAttribute("aria-describedby").split(" ");
ids.splice(-1, 0, line.id);
input.setAttribute("aria-describedby", ids.join(" "));
availability.subscribe((state) => {
  const shown = state.status !== "idle" && state.status !== "invalid";
  line.dataset.status = shown ? state.status : "";
  line.textContent = shown ? state.message : "";
});
const checkNow = () => availability.check(live.value(), { locale: locale() });
form.addEventListener("input", checkNow);
form.addEventListener("change", checkNow);
onLocaleChange(checkNow); // a cached answer, said again in the new locale

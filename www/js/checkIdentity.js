// The account check: is an account name, e-mail address or mobile number still free?
import { LiveForm } from "./form.js";
import { locale, onLocaleChange, t } from "./i18n.js";
import { layout } from "./layout.js";
import { ResultPanel } from "./result.js";
import { clientFor } from "./client.js";

layout("checkIdentity");

const form = document.getElementById("form");
const result = new ResultPanel(document.getElementById("result"), "checkIdentity");
new LiveForm(form, "checkIdentity", {
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

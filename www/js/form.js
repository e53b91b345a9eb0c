// Live validation of a <form> whose controls are named after the wire fields
// (`<input name="search_value">`, `<input name="enterprise_person.legel_name">`), with the package
// doing every check: this module only reads the form, asks `validate`, and puts each issue's
// message under the field its path names.
//
// Markup it expects: each control inside a `.field` wrapper with its <label> and, optionally, a
// `.hint`; a group whose own issues need a place (`enterprise_person`, the list
// `verified_file_url`) is a wrapper with `data-field="<path>"`. Controls marked `data-list` form a
// list: their non-empty values, in document order, are the array (`verified_file_url`).
import { allowedValues, validate } from "hwc-kyc/client";
import { has, locale, onLocaleChange, t } from "./i18n.js";
import { h } from "./layout.js";

let nextId = 0;

/** A wrapper's message element, created on first use, and the controls that it describes. */
function errorOf(wrapper) {
  let error = wrapper.querySelector(":scope > .error");
  if (!error) {
    error = h("p", { class: "error", id: `error-${++nextId}` });
    wrapper.append(error);
  }
  return error;
}

function describe(control, wrapper) {
  const ids = [];
  const hint = wrapper.querySelector(":scope > .hint");
  if (hint) {
    hint.id ||= `hint-${++nextId}`;
    ids.push(hint.id);
  }
  ids.push(errorOf(wrapper).id);
  control.setAttribute("aria-describedby", ids.join(" "));
}

/** Sets `value` at a dotted path in `target` (`"enterprise_person.legel_name"`). */
function setPath(target, dotted, value) {
  const keys = dotted.split(".");
  const last = keys.pop();
  let node = target;
  for (const key of keys) node = node[key] ??= {};
  node[last] = value;
}

/** The values core accepts at `path` of `op` (`[0, 3, 5, 6, 7, 9, 10]` for `verified_type`). */
function valuesAt(op, path) {
  return allowedValues[op]?.[path] ?? [];
}

/** `[value, label]` of each value core accepts at `path`, labelled in the current locale. */
export function optionList(op, path) {
  const field = path.split(".").pop();
  return valuesAt(op, path).map((v) => {
    const key = `option.${field}.${v}`;
    return [String(v), has(key) ? t(key) : String(v)];
  });
}

/** Fills `<select data-options>` with core's values; `data-optional` adds "not given" first. */
function fillOptions(select, op) {
  const kept = select.value;
  const options = optionList(op, select.name).map(([value, label]) => h("option", { value }, label));
  if (select.hasAttribute("data-optional")) options.unshift(h("option", { value: "" }, t("option.none")));
  select.replaceChildren(...options);
  select.value = kept;
  if (select.selectedIndex < 0) select.selectedIndex = 0;
}

/** A live-validated form of operation `op` (`"checkIdentity"`, …). */
export class LiveForm {
  /**
   * @param {HTMLFormElement} form
   * @param {string} op
   * @param {{ submit: (value: object) => Promise<void> }} handlers `submit` runs with the
   *   validated value once every field is valid.
   */
  constructor(form, op, { submit }) {
    this.form = form;
    this.op = op;
    this.submitHandler = submit;
    this.touched = new Set();
    this.submitted = false;
    /** Issues from elsewhere (the attachment check), per wrapper. */
    this.extra = new Map();
    this.summary = h("p", { class: "summary", role: "alert", tabindex: "-1" });
    form.prepend(this.summary);
    const selects = form.querySelectorAll("select[data-options]");
    for (const select of selects) fillOptions(select, op);
    this.enhance();

    form.noValidate = true;
    form.addEventListener("input", (e) => this.changed(e.target, false));
    form.addEventListener("change", (e) => this.changed(e.target, true));
    form.addEventListener("focusout", (e) => this.changed(e.target, true));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    onLocaleChange(() => {
      for (const select of selects) fillOptions(select, op);
      this.check();
    });
  }

  /** Gives every field its message element and `aria-describedby`; call again after adding fields. */
  enhance() {
    for (const control of this.form.querySelectorAll("[name], input[type=file]")) {
      const wrapper = control.closest(".field, [data-field]");
      if (wrapper) describe(control, wrapper);
    }
    for (const group of this.form.querySelectorAll("[data-field]")) describe(group, group);
  }

  /** The form's value, keyed by the wire names, as the package reads a form. */
  value() {
    const value = {};
    for (const control of this.form.querySelectorAll("[name]")) {
      if (control.disabled || control.type === "file") continue;
      if (control.hasAttribute("data-list")) {
        const list = (value[control.name] ??= []);
        if (control.value !== "") list.push(control.value);
      } else {
        setPath(value, control.name, control.value);
      }
    }
    return value;
  }

  /** The wrapper that shows issues at `path`: the field it names, else its nearest group. */
  wrapperOf(path) {
    const [head, index] = path;
    if (typeof index === "number" && path.length === 2) {
      const filled = [...this.form.querySelectorAll(`[name="${CSS.escape(head)}"][data-list]`)].filter(
        (c) => c.value !== "",
      );
      const control = filled[index];
      if (control) return control.closest(".field");
    }
    for (let n = path.length; n > 0; n--) {
      const dotted = CSS.escape(path.slice(0, n).join("."));
      const control = this.form.querySelector(`[name="${dotted}"]:not([data-list])`);
      const wrapper = control?.closest(".field") ?? this.form.querySelector(`[data-field="${dotted}"]`);
      if (wrapper) return wrapper;
    }
    return null;
  }

  wrappers() {
    return this.form.querySelectorAll(".field, [data-field]");
  }

  // A group's own issues (too few attachments) wait for a submit: they would nag after the
  // first of several files otherwise.
  isTouched(wrapper) {
    return this.submitted || this.touched.has(wrapper);
  }

  changed(target, leaving) {
    const wrapper = target.closest?.(".field, [data-field]");
    if (!wrapper || target.id === "locale") return;
    if (leaving) this.touched.add(wrapper);
    this.check();
  }

  /** Issues of another source (a picked file's check) shown under `wrapper` until replaced. */
  setExtra(wrapper, issues) {
    if (issues.length) this.extra.set(wrapper, issues);
    else this.extra.delete(wrapper);
    this.touched.add(wrapper);
    this.check();
  }

  /**
   * Validates the whole form in the current locale and shows the issues of the fields the user
   * has been through (all of them after a submit). A field not yet visited is only ever cleared,
   * never flagged, while the user types. Returns the validation result.
   */
  check() {
    const result = validate(this.op, this.value(), { locale: locale() });
    const byWrapper = new Map();
    const orphans = [];
    for (const issue of result.ok ? [] : result.issues) {
      const wrapper = this.wrapperOf(issue.path);
      if (!wrapper) orphans.push(issue);
      else byWrapper.set(wrapper, [...(byWrapper.get(wrapper) ?? []), issue]);
    }
    for (const wrapper of this.wrappers()) {
      const issues = [...(this.extra.get(wrapper) ?? []), ...(byWrapper.get(wrapper) ?? [])];
      if (issues.length === 0 || this.isTouched(wrapper)) this.show(wrapper, issues);
    }
    const invalid = this.extra.size > 0 || !result.ok;
    this.summary.textContent = this.submitted && invalid ? t("summary.invalid") : "";
    // Issues at a path no field shows (an unknown field): listed in the summary, never lost.
    if (this.submitted) {
      for (const issue of orphans) this.summary.append(h("span", {}, `${issue.path.join(".")}: ${issue.message}`));
    }
    return { ...result, ok: result.ok && this.extra.size === 0 };
  }

  show(wrapper, issues) {
    const error = errorOf(wrapper);
    error.replaceChildren(...issues.map((issue) => h("span", { "data-code": issue.code }, issue.message)));
    const invalid = issues.length > 0;
    wrapper.classList.toggle("invalid", invalid);
    const controls = wrapper.matches("[data-field]")
      ? [wrapper]
      : wrapper.querySelectorAll("[name], input[type=file]");
    for (const control of controls) {
      if (invalid) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  }

  /** Validates everything; when valid, runs the page's submit with the button disabled. */
  async submit() {
    this.submitted = true;
    const result = this.check();
    if (!result.ok) {
      const first = this.form.querySelector("[aria-invalid=true]");
      (first && !first.matches("[data-field]") ? first : this.summary).focus();
      return;
    }
    const button = this.form.querySelector("button[type=submit]");
    button.disabled = true;
    button.textContent = t("submit.sending");
    try {
      await this.submitHandler(result.value);
    } finally {
      button.disabled = false;
      button.textContent = t(button.dataset.i18n);
    }
  }
}

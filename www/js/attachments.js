// The attachment pickers of the real-name forms: one per attachment the operation needs (core
// says how many, from verified_type or the legal person's details), each picked file checked in
// the browser with `checkAttachment` (extension, size, content signature) before it is uploaded;
// the path the upload returns fills `verified_file_url`.
import { checkAttachment, validateField } from "hwc-kyc/client";
import { locale, onLocaleChange, t } from "./i18n.js";
import { h } from "./layout.js";
import { errorText } from "./result.js";

// More than any signature `checkAttachment` looks at; the rest of the file is never read here.
const HEAD_BYTES = 4096;

function issuesAt(op, value, code) {
  return validateField(op, "verified_file_url", value).filter(
    (i) => i.code === code && i.path.length === 1,
  );
}

/**
 * How many attachments `value` needs, from core: `{ min, max }` read from the `too_few_items` and
 * `too_many_items` issues of an empty and an over-long list.
 */
export function attachmentRange(op, value) {
  const few = issuesAt(op, { ...value, verified_file_url: [] }, "too_few_items")[0];
  const many = issuesAt(op, { ...value, verified_file_url: Array(64).fill("a.jpg") }, "too_many_items")[0];
  return { min: few ? few.params.min : 0, max: many ? many.params.max : 64 };
}

/** The file types and size core accepts, for the picker's `accept` and its hint. */
export function attachmentRules() {
  const ext = checkAttachment("file.?", new Uint8Array([0])).find((i) => i.code === "invalid_extension");
  const size = checkAttachment("file.pdf", new Uint8Array([0]), { size: Number.MAX_SAFE_INTEGER }).find(
    (i) => i.code === "file_too_large",
  );
  const extensions = ext ? ext.params.allowed : [];
  return {
    accept: extensions.map((e) => `.${e}`).join(","),
    formats: extensions.map((e) => e.toUpperCase()).join(", "),
    maxBytes: size ? size.params.max : Infinity,
  };
}

/** The text under the attachments' legend: how many files, which formats, how large. */
export function attachmentHint({ min, max }) {
  const rules = attachmentRules();
  const count = min === max ? t("attach.countExact", { n: max }) : t("attach.count", { min, max });
  return `${count} ${t("attach.formats", { formats: rules.formats, mb: Math.round(rules.maxBytes / 1e6) })}`;
}

/** The enterprise slots in the documented order: certificate front and back, legal person's ID card. */
export function enterpriseSlotLabels() {
  return [t("slot.corp_front"), t("slot.corp_back"), t("slot.person_front"), t("slot.person_back")];
}

/**
 * Checks a picked file in the browser: only its head is read. Returns the issues, in `locale`,
 * with the head kept so that a locale switch can check it again.
 */
export async function checkFile(file) {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const check = (tag) => checkAttachment(file.name, head, { size: file.size, locale: tag });
  return { check, issues: check(locale()) };
}

/**
 * The pickers inside `group` (`<fieldset data-field="verified_file_url">`) of `liveForm`.
 * `labels(count)` names the slots; `upload(file)` stores a file and resolves with KycClient's
 * outcome, whose `value.path` fills the slot, or whose error is shown under it.
 */
export class AttachmentPickers {
  constructor(liveForm, group, { labels, upload }) {
    this.form = liveForm;
    this.group = group;
    this.labels = labels;
    this.upload = upload;
    this.slots = [];
    this.hint = group.querySelector(".hint");
    this.list = h("ol", { class: "slots" });
    group.append(this.list);
    this.update();
    onLocaleChange(() => this.relabel());
  }

  /** Adds or removes pickers to match what the form's current value needs. */
  update() {
    this.range = attachmentRange(this.form.op, this.form.value());
    const count = this.range.max;
    if (count === this.slots.length) return;
    while (this.slots.length < count) this.slots.push(this.slot(this.slots.length));
    for (const slot of this.slots.splice(count)) {
      this.form.extra.delete(slot.wrapper);
      slot.wrapper.remove();
    }
    this.form.enhance();
    this.relabel();
    this.form.check();
  }

  relabel() {
    const names = this.labels(this.slots.length, this.range);
    this.slots.forEach((slot, i) => {
      slot.label.textContent = names[i] ?? t("slot.any", { n: i + 1 });
      slot.pathLabel.textContent = t("attach.path");
      if (slot.status) slot.state.textContent = t(slot.status);
      if (slot.check) this.form.extra.set(slot.wrapper, slot.check(locale()));
    });
    if (this.hint) this.hint.textContent = attachmentHint(this.range);
    this.form.check();
  }

  slot(index) {
    const id = `verified_file_url-${index}`;
    const rules = attachmentRules();
    const label = h("label", { for: id });
    const input = h("input", { type: "file", id, accept: rules.accept, "data-slot": index });
    const pathLabel = h("label", { for: `${id}-path`, class: "path-label" });
    const path = h("input", {
      id: `${id}-path`,
      name: "verified_file_url",
      "data-list": true,
      readonly: true,
      tabindex: "-1",
      class: "path",
    });
    const state = h("span", { class: "state", "aria-live": "polite" });
    const stored = h("div", { class: "stored", hidden: true }, pathLabel, path);
    const wrapper = h("li", { class: "field attachment" }, label, input, state, stored);
    this.list.append(wrapper);
    const slot = { wrapper, label, input, path, pathLabel, stored, state, status: null, check: null };
    input.addEventListener("change", () => this.picked(slot));
    return slot;
  }

  setStatus(slot, status) {
    slot.status = status;
    slot.state.textContent = status ? t(status) : "";
    slot.stored.hidden = slot.path.value === "";
  }

  async picked(slot) {
    const file = slot.input.files[0];
    slot.path.value = "";
    slot.check = null;
    if (!file) {
      this.setStatus(slot, null);
      this.form.setExtra(slot.wrapper, []);
      return;
    }
    this.setStatus(slot, "attach.checking");
    const { check, issues } = await checkFile(file);
    if (issues.length > 0) {
      // Refused in the browser: nothing is uploaded.
      slot.check = check;
      this.setStatus(slot, null);
      this.form.setExtra(slot.wrapper, issues);
      return;
    }
    this.form.setExtra(slot.wrapper, []);
    this.setStatus(slot, "attach.uploading");
    const outcome = await this.upload(file);
    if (outcome.ok) {
      slot.path.value = outcome.value.path;
      this.setStatus(slot, "attach.uploaded");
      this.form.setExtra(slot.wrapper, []);
    } else {
      this.setStatus(slot, null);
      this.form.setExtra(slot.wrapper, uploadIssues(outcome.error));
    }
  }
}

/** A failed upload (a KycClient error) as the issues to show under its picker. */
export function uploadIssues(error) {
  if (error.issues?.length) return error.issues;
  return [{ path: [], code: error.code ?? error.kind, params: {}, message: errorText(error, "uploadAttachment") }];
}

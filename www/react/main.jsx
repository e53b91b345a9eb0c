// The enterprise form as a React user writes it: react-hook-form, with the package's Standard
// Schema (`createSchema`) as the resolver, so every message is core's, in the chosen locale.
// Submission and uploads go through KycClient, like the plain pages; a refused submission's
// answer lands under its fields with `setError` (`serverErrors` of the package).
import { useEffect, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { get, useForm, useWatch } from "react-hook-form";
import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import { createSchema, serverErrors } from "hwc-kyc/client";

import {
  attachmentHint,
  attachmentRange,
  attachmentRules,
  checkFile,
  enterpriseSlotLabels,
  uploadIssues,
} from "../js/attachments.js";
import { clientFor, uploadFor } from "../js/client.js";
import { optionList } from "../js/form.js";
import { locale, onLocaleChange, t } from "../js/i18n.js";
import { layout } from "../js/layout.js";
import { ResultPanel } from "../js/result.js";
import { demoCustomers } from "../js/session.js";

const OP = "enterpriseRealnameAuth";

const EMPTY = {
  customer_id: "cust-enterprise-001",
  corp_name: "",
  certificate_type: "",
  verified_number: "",
  reg_country: "",
  reg_address: "",
  enterprise_person: { legel_name: "", legel_id_number: "", certifier_role: "" },
  verified_file_url: [],
};

/** The page's locale, re-rendering on a switch. */
function useLocale() {
  const [tag, setTag] = useState(locale());
  useEffect(() => onLocaleChange(setTag), []);
  return tag;
}

/** Dotted names of every error in react-hook-form's nested `errors`. */
function errorNames(errors, prefix = "") {
  return Object.entries(errors).flatMap(([key, value]) =>
    value && typeof value.message === "string"
      ? [prefix + key]
      : value && typeof value === "object"
        ? errorNames(value, `${prefix}${key}.`)
        : [],
  );
}

/** A labelled control with its hint and its message; `children` receives the control's props. */
function Field({ name, label, hint, error, children }) {
  const ids = [hint ? `${name}-hint` : null, `${name}-error`].filter(Boolean).join(" ");
  return (
    <div className={error ? "field invalid" : "field"}>
      <label htmlFor={name}>{label}</label>
      {children({ id: name, "aria-invalid": error ? "true" : undefined, "aria-describedby": ids })}
      {hint && (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      <p className="error" id={`${name}-error`}>
        {error && <span>{error}</span>}
      </p>
    </div>
  );
}

function Options({ name, optional }) {
  return (
    <>
      {optional && <option value="">{t("option.none")}</option>}
      {optionList(OP, name).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </>
  );
}

/** One attachment picker: the file's own check (re-run in each locale), its upload, its path. */
function Slot({ index, label, slot, error, tag, onPick }) {
  const id = `verified_file_url-${index}`;
  const messages = [
    ...(slot.check ? slot.check(tag).map((issue) => issue.message) : []),
    ...(slot.uploadError ? uploadIssues(slot.uploadError).map((issue) => issue.message) : []),
    ...(error ? [error] : []),
  ];
  return (
    <li className={messages.length ? "field attachment invalid" : "field attachment"}>
      <label htmlFor={id}>{label}</label>
      <input
        type="file"
        id={id}
        accept={attachmentRules().accept}
        aria-invalid={messages.length ? "true" : undefined}
        aria-describedby={`${id}-error`}
        onChange={(e) => onPick(index, e.target.files[0])}
      />
      <span className="state" aria-live="polite">
        {slot.status && t(slot.status)}
      </span>
      <div className="stored" hidden={!slot.path}>
        <label htmlFor={`${id}-path`} className="path-label">
          {t("attach.path")}
        </label>
        <input id={`${id}-path`} className="path" readOnly tabIndex={-1} value={slot.path} />
      </div>
      <p className="error" id={`${id}-error`}>
        {messages.map((m, i) => (
          <span key={i}>{m}</span>
        ))}
      </p>
    </li>
  );
}

const NO_FILE = { status: null, path: "", check: null, uploadError: null };

function EnterpriseForm({ customers }) {
  const tag = useLocale();
  // A new schema per locale: react-hook-form reads the resolver of the latest render.
  const schema = useMemo(() => createSchema(OP, { locale: tag }), [tag]);
  const { register, handleSubmit, setValue, getValues, setError, trigger, control, formState } = useForm({
    resolver: standardSchemaResolver(schema),
    mode: "onTouched",
    defaultValues: EMPTY,
  });
  const { errors, isSubmitting, isSubmitted } = formState;
  const message = (name) => get(errors, name)?.message;

  // Messages already shown are re-rendered in the new locale.
  useEffect(() => {
    const names = errorNames(errors).filter((name) => !name.startsWith("root."));
    if (names.length) trigger(names);
  }, [tag]); // eslint-disable-line react-hooks/exhaustive-deps

  // How many attachments: core decides, from the legal person's details.
  const person = useWatch({ control, name: "enterprise_person" });
  const range = attachmentRange(OP, { enterprise_person: person });
  const [slots, setSlots] = useState([]);
  const shown = Array.from({ length: range.max }, (_, i) => slots[i] ?? NO_FILE);
  const filled = shown.flatMap((s, i) => (s.path ? [i] : []));
  useEffect(() => {
    register("verified_file_url"); // a value without an input of its own: the pickers set it
  }, [register]);
  const paths = filled.map((i) => shown[i].path).join("\n");
  // The list's own issue (too few files) waits for a submit, as on the plain pages.
  useEffect(() => {
    setValue("verified_file_url", paths ? paths.split("\n") : [], { shouldValidate: isSubmitted });
  }, [paths]); // eslint-disable-line react-hooks/exhaustive-deps

  const update = (index, change) =>
    setSlots((old) => {
      const next = [...old];
      next[index] = { ...(next[index] ?? NO_FILE), ...change };
      return next;
    });

  async function pick(index, file) {
    update(index, { ...NO_FILE, status: file ? "attach.checking" : null });
    if (!file) return;
    const { check, issues } = await checkFile(file);
    if (issues.length) return update(index, { status: null, check }); // refused before upload
    update(index, { status: "attach.uploading" });
    const outcome = await uploadFor(getValues("customer_id"), file);
    if (outcome.ok) update(index, { status: "attach.uploaded", path: outcome.value.path });
    else update(index, { status: null, uploadError: outcome.error });
  }

  // The answer panel of the plain pages, on a DOM node React leaves alone.
  const resultRef = useRef(null);
  const panel = useRef(null);
  const submittedFor = useRef("");
  useEffect(() => {
    panel.current = new ResultPanel(resultRef.current, OP, {
      review: () => clientFor(submittedFor.current).reviewResult(submittedFor.current, { locale: locale() }),
    });
  }, []);

  async function submit(value) {
    submittedFor.current = value.customer_id;
    const outcome = await clientFor(value.customer_id).submitEnterprise(value, { locale: tag });
    panel.current.show(outcome);
    if (!outcome.ok) {
      const { fields, form } = serverErrors(outcome.error, { locale: tag });
      for (const [name, text] of Object.entries(fields)) setError(name, { type: "server", message: text });
      if (form) setError("root.server", { type: "server", message: form });
    }
  }

  const labels = enterpriseSlotLabels();
  const text = (name, control) => (
    <Field name={name} label={t(`field.${name}`)} error={message(name)}>
      {(props) => control(props)}
    </Field>
  );
  return (
    <>
      <form id="form" noValidate autoComplete="off" onSubmit={handleSubmit(submit)}>
        {isSubmitted && (errors.root?.server || errorNames(errors).length > 0) && (
          <p className="summary" role="alert">
            {errors.root?.server?.message ?? t("summary.invalid")}
          </p>
        )}
        <Field name="customer_id" label={t("field.customer_id")} hint={t("hint.customer_id")} error={message("customer_id")}>
          {(props) => (
            <select {...props} {...register("customer_id")}>
              <option value="">—</option>
              {customers.map((c) => (
                <option key={c.customer_id} value={c.customer_id}>
                  {c.customer_id} · {c.description}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text("corp_name", (props) => <input {...props} {...register("corp_name")} />)}
        {text("certificate_type", (props) => (
          <select {...props} {...register("certificate_type")}>
            <Options name="certificate_type" optional />
          </select>
        ))}
        {text("verified_number", (props) => <input {...props} spellCheck="false" {...register("verified_number")} />)}
        <Field name="reg_country" label={t("field.reg_country")} hint={t("hint.reg_country")} error={message("reg_country")}>
          {(props) => <input {...props} size="4" spellCheck="false" {...register("reg_country")} />}
        </Field>
        {text("reg_address", (props) => <input {...props} {...register("reg_address")} />)}
        <fieldset aria-describedby="enterprise_person-error">
          <legend>{t("field.enterprise_person")}</legend>
          {text("enterprise_person.legel_name", (props) => <input {...props} {...register("enterprise_person.legel_name")} />)}
          {text("enterprise_person.legel_id_number", (props) => (
            <input {...props} spellCheck="false" {...register("enterprise_person.legel_id_number")} />
          ))}
          {text("enterprise_person.certifier_role", (props) => (
            <select {...props} {...register("enterprise_person.certifier_role")}>
              <Options name="enterprise_person.certifier_role" optional />
            </select>
          ))}
          <p className="error" id="enterprise_person-error">
            {message("enterprise_person") && <span>{message("enterprise_person")}</span>}
          </p>
        </fieldset>
        <fieldset
          className={message("verified_file_url") ? "invalid" : undefined}
          aria-describedby="verified_file_url-hint verified_file_url-error"
        >
          <legend>{t("field.verified_file_url")}</legend>
          <p className="hint" id="verified_file_url-hint">
            {attachmentHint(range)}
          </p>
          <p className="error" id="verified_file_url-error">
            {message("verified_file_url") && <span>{message("verified_file_url")}</span>}
          </p>
          <ol className="slots">
            {shown.map((slot, i) => (
              <Slot
                key={i}
                index={i}
                label={labels[i] ?? t("slot.any", { n: i + 1 })}
                slot={slot}
                error={message(`verified_file_url.${filled.indexOf(i)}`)}
                tag={tag}
                onPick={pick}
              />
            ))}
          </ol>
        </fieldset>
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t("submit.sending") : t("submit.realname")}
        </button>
      </form>
      <section id="result" ref={resultRef} hidden />
    </>
  );
}

function App() {
  const [customers, setCustomers] = useState(null);
  useEffect(() => {
    demoCustomers().then(setCustomers);
  }, []);
  // The form appears once the customers are known, so that its select holds the default.
  return customers && <EnterpriseForm customers={customers} />;
}

layout("react");
createRoot(document.getElementById("app")).render(<App />);

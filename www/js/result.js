// The answer panel: a success in the page's words, or a refusal with the catalog's description of
// its error code and of each fail_check_item, in the current locale. Everything a server sent is
// put in the page as text (textContent), never as HTML.
import { describeError, describeFailCheckItem, operations } from "hwc-kyc/client";
import { locale, onLocaleChange, t } from "./i18n.js";
import { h } from "./layout.js";

function row(key, ...value) {
  return [h("dt", {}, t(key)), h("dd", {}, ...value)];
}

function success(op, value) {
  if (op === "checkIdentity") {
    return [
      h("p", { class: "verdict", "data-result": value.check_result }, t(`result.${value.check_result}`)),
      value.mobile_remain_available_num == null
        ? null
        : h("p", {}, t("result.mobileRemaining", { n: value.mobile_remain_available_num })),
    ];
  }
  return [h("p", { class: "verdict" }, t(value.is_review ? "result.review" : "result.noReview"))];
}

/**
 * One sentence for a failed call (a `ClientError` of KycClient): the catalog's description of the
 * answer's error code in the current locale, else what went wrong on the way.
 */
export function errorText(error, op) {
  switch (error.kind) {
    case "http": {
      // Described again on every render, so that a locale switch changes it too. An upload's
      // codes are the proxy's, the same for every operation.
      const operation = [error.operation, op].find((o) => operations.includes(o));
      return (
        (error.code && describeError(error.code, locale(), operation)) ??
        error.description ??
        error.message ??
        error.detail ??
        String(error.status)
      );
    }
    case "invalid":
      return t("summary.invalid");
    case "timeout":
      return t("result.timeout", { s: Math.round(error.timeoutMs / 1000) });
    case "token":
    case "network":
      return t(`result.${error.kind}`, { message: error.message });
    default:
      return t("result.aborted");
  }
}

function failure(op, error) {
  const items = (error.failCheckItems ?? []).map((item) =>
    h("li", {}, h("code", {}, item.code), " ", describeFailCheckItem(item.code, locale()) ?? item.description ?? ""),
  );
  const issues = (error.issues ?? []).map((issue) =>
    h("li", {}, h("code", {}, issue.path.join(".")), " ", issue.message),
  );
  const text = errorText(error, op);
  // The server's own words, when they say something else than the description above.
  const serverMessage = error.kind === "http" && error.message && error.message !== text;
  return [
    h("p", { class: "verdict" }, t("result.refused"), ": ", text),
    h(
      "dl",
      {},
      error.code ? row("result.code", h("code", {}, error.code)) : null,
      serverMessage ? row("result.serverMessage", error.message) : null,
      items.length ? row("result.failChecks", h("ul", {}, items)) : null,
      issues.length ? row("result.issues", h("ul", {}, issues)) : null,
      row("result.requestId", h("code", {}, error.serverRequestId ?? error.requestId)),
    ),
  ];
}

/** The answer panel of operation `op`, rendered into `panel` and again on a locale switch. */
export class ResultPanel {
  /**
   * `review`, for the real-name operations: resolves with KycClient's review-result outcome,
   * offered with a button once a submission went through.
   */
  constructor(panel, op, { review } = {}) {
    this.panel = panel;
    this.op = op;
    this.review = review;
    this.outcome = null;
    this.reviewOutcome = null;
    panel.setAttribute("aria-live", "polite");
    onLocaleChange(() => this.render());
  }

  /** Shows a KycClient outcome: `{ ok: true, value }` or `{ ok: false, error }` (a ClientError). */
  show(outcome) {
    this.outcome = outcome;
    this.reviewOutcome = null;
    this.render();
  }

  reviewNodes() {
    const button = h("button", { type: "button", class: "secondary" }, t("review.check"));
    button.addEventListener("click", async () => {
      button.disabled = true;
      this.reviewOutcome = await this.review();
      this.render();
    });
    const r = this.reviewOutcome;
    let text = null;
    if (r?.ok) text = t(`review.${r.value.review_result}`, { opinion: r.value.opinion ?? "" });
    else if (r) text = `${t("result.refused")}: ${errorText(r.error, "reviewResult")}`;
    return h("div", { class: "review" }, button, text && h("p", { class: "review-state" }, text));
  }

  clear() {
    this.show(null);
  }

  render() {
    const o = this.outcome;
    this.panel.hidden = o === null;
    this.panel.dataset.state = o === null ? "" : o.ok ? "ok" : "error";
    if (o === null) return this.panel.replaceChildren();
    // replaceChildren would write a null as the text "null": only nodes go in.
    const nodes = [
      h("h2", {}, t("result.title")),
      ...(o.ok ? success(this.op, o.value) : failure(this.op, o.error)),
      o.ok && this.review ? this.reviewNodes() : null,
    ];
    this.panel.replaceChildren(...nodes.filter((node) => node !== null));
  }
}

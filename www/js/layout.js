// What every page shares: the header (site name, navigation, language switch), the footer, the
// page's texts in the current locale. The locale switch re-renders the page's own words here;
// each page re-renders its messages through `onLocaleChange`.
import { LOCALES, locale, onLocaleChange, setLocale, t, translate } from "./i18n.js";

const PAGES = [
  ["home", "/"],
  ["checkIdentity", "/checkIdentity.html"],
  ["individualRealnameAuth", "/individualRealnameAuth.html"],
  ["enterpriseRealnameAuth", "/enterpriseRealnameAuth.html"],
  ["react", "/react/enterpriseRealnameAuth.html"],
  ["vue", "/vue/enterpriseRealnameAuth.html"],
];

/** Creates an element with attributes and children (strings become text nodes, never HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

function header(page) {
  const select = h(
    "select",
    { id: "locale", name: "locale", autocomplete: "off" },
    LOCALES.map(([tag, name]) => h("option", { value: tag, lang: tag }, name)),
  );
  select.value = locale();
  select.addEventListener("change", () => setLocale(select.value));
  const links = PAGES.map(([key, href]) =>
    h("li", {}, h("a", { href, "data-i18n": `nav.${key}`, "aria-current": key === page ? "page" : null }, key)),
  );
  return h(
    "header",
    { class: "site" },
    h("a", { class: "skip", href: "#main", "data-i18n": "site.skip" }),
    h("a", { class: "brand", href: "/", "data-i18n": "site.title" }),
    h("nav", { "aria-label": "hwc-kyc" }, h("ul", {}, links)),
    h("div", { class: "locale" }, h("label", { for: "locale", "data-i18n": "site.language" }), select),
  );
}

/**
 * Puts the header and footer around `<main id="main">`, translates the page, and keeps the
 * document's `lang` and title in step with the locale. `page` is a key of the navigation.
 */
export function layout(page) {
  document.body.prepend(header(page));
  document.body.append(h("footer", { class: "site" }, h("p", { "data-i18n": "site.footer" })));
  const render = () => {
    document.documentElement.lang = locale();
    translate();
    document.title = `${t(page === "home" ? "site.title" : `${page}.title`)} · ${t("site.title")}`;
  };
  render();
  onLocaleChange(render);
}

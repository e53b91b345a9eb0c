// The facts the peer schemas share: limits, formats as regular expressions, the country list.
//
// A partner who hand-writes the rules in a JS validation library needs exactly these; the three
// peer files (zod.mjs, valibot.mjs, ajv.mjs) express them in each library's own way. They are a
// benchmark's stand-ins for hand-written code, not a second source of the rules: core
// (crates/core/src/rules, validate/forms.rs) is the source, and bench/side-by-side.mjs checks
// that every peer gives core's verdict on every input it times plus the conformance vectors.
//
// Every regular expression carries the `u` flag, so `.source` means the same in Ajv (which
// compiles `pattern` with `u`) as here.

/** Documented limits in UTF-16 units (JavaScript's `.length`; crates/core/src/rules/limits.rs).
 * `reg_country` and `certifier_role` have limits too, but their value lists are stricter. */
export const MAX = {
  search_value: 64,
  customer_id: 64,
  verified_number: 32,
  xaccount_type: 64,
  corp_name: 255,
  reg_address: 256,
  legel_name: 255,
  legel_id_number: 32,
};

/** `verified_file_url`: 1–2 entries without a legal person, 3–4 with one. */
export const ATTACHMENTS = { without_person: [1, 2], with_person: [3, 4] };

/** `^\d{4}-\d+$` and the country code starts with 00 (`\d` is ASCII in JavaScript). */
export const MOBILE = /^00\d{2}-\d+$/u;

/** WHATWG's "valid e-mail address" (what `<input type="email">` applies) with a non-ASCII
 * character also allowed in the local part and in a domain label, but for white space and control
 * characters (`\p{White_Space}` and `\p{Cc}` are what Rust's `is_whitespace` and `is_control`
 * test), and a dot in the domain. */
const EMAIL_LABEL = "[a-zA-Z0-9\\u{80}-\\u{10FFFF}](?:[a-zA-Z0-9\\-\\u{80}-\\u{10FFFF}]{0,61}[a-zA-Z0-9\\u{80}-\\u{10FFFF}])?";
export const EMAIL = new RegExp(
  `^(?![^]*[\\p{White_Space}\\p{Cc}])[a-zA-Z0-9.!#$%&'*+/=?^_\`{|}~\\-\\u{80}-\\u{10FFFF}]+@${EMAIL_LABEL}(?:\\.${EMAIL_LABEL})+$`,
  "u",
);

/** Account names: not only digits, the documented pattern, no reserved prefix in any case. */
export const NOT_ALL_DIGITS = /[^0-9]/u;
export const ACCOUNT_NAME = /^[a-zA-Z-][a-zA-Z0-9_-]{4,31}$/u;
export const NOT_RESERVED_PREFIX = /^(?![oO][pP]_|[sS][hH][aA][dD][oO][wW]_)/u;

/** `corp_name` holds a letter of any script (Rust's `char::is_alphabetic` is `\p{Alphabetic}`). */
export const HAS_LETTER = /\p{Alphabetic}/u;

/** An attachment path inside the bucket's download/ directory: no scheme in the first segment,
 * no leading `/`, no empty, `.` or `..` segments, no backslash or control character, no
 * percent-encoded dot, slash, backslash or control character, a non-empty stem and an allowed
 * extension in any case. */
export const ATTACHMENT_PATH =
  /^(?![^/]*:)(?!.*%(?:[01][0-9a-fA-F]|2[eEfF]|5[cC]|7[fF]))(?:(?!\.\.?\/)[^/\\\p{Cc}]+\/)*[^/\\\p{Cc}]+\.(?:[jJ][pP][eE]?[gG]|[bB][mM][pP]|[pP][nN][gG]|[gG][iI][fF]|[pP][dD][fF])$/u;

/** Integer enums also come as the decimal text a `<select>` holds: `-?[0-9]+` naming a member. */
export const IDENTIFY_TYPE_ENTERPRISE = { values: [1], text: /^0*1$/u };
export const CERTIFICATE_TYPE = { values: [0, 1, 2, 3, 4, 99], text: /^(?:-?0+|0*(?:[1-4]|99))$/u };

export const SEARCH_TYPES = ["email", "mobile", "name"];
export const CERTIFIER_ROLES = ["legalPerson"];

/** ISO 3166-1 alpha-2, upper case (copied from crates/core/src/rules/country.rs; the harness
 * checks the copy against that file before it times anything). */
export const COUNTRIES = [
  "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
  "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
  "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
  "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
  "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
  "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
  "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
  "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
  "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
  "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
  "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
  "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
  "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
  "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
  "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
  "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/** What an empty form control holds: absent, `null` or `""`. */
export const isBlank = (v) => v === undefined || v === null || v === "";

/** An untouched optional section of a form: a (non-array) object whose fields are all blank. */
export const isBlankSection = (p) =>
  typeof p === "object" && p !== null && !Array.isArray(p) && Object.values(p).every(isBlank);

/** `enterprise_person` counts as given unless it is absent, `null` or a blank section. */
export const personGiven = (p) => !(p === undefined || p === null || isBlankSection(p));

/** The attachment count `enterprise_person` calls for. */
export const attachmentBounds = (person) =>
  personGiven(person) ? ATTACHMENTS.with_person : ATTACHMENTS.without_person;

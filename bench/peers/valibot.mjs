// check-identity and enterprise real-name authentication, hand-written in valibot 1 as
// faithfully as valibot allows (the facts come from common.mjs). What needs more than valibot's
// declarative API is marked "refinement"; BENCHMARKS.md lists it.
import * as v from "valibot";
import {
  ACCOUNT_NAME,
  ATTACHMENT_PATH,
  CERTIFICATE_TYPE,
  CERTIFIER_ROLES,
  COUNTRIES,
  EMAIL,
  HAS_LETTER,
  IDENTIFY_TYPE_ENTERPRISE,
  MAX,
  MOBILE,
  NOT_ALL_DIGITS,
  NOT_RESERVED_PREFIX,
  attachmentBounds,
  isBlankSection,
} from "./common.mjs";

export const name = "valibot";

const required = (max, ...more) => v.pipe(v.string(), v.nonEmpty(), v.maxLength(max), ...more);
// Optional text: absent, null or "" mean "not given" ("" passes every rule below).
const optional = (max) => v.nullish(v.pipe(v.string(), v.maxLength(max)));
// An integer enum as a number or as the decimal text a <select> holds.
const intEnum = ({ values, text }) => v.union([v.picklist(values), v.pipe(v.string(), v.regex(text))]);
const optionalIntEnum = (e) => v.nullish(v.union([intEnum(e), v.literal("")]));

const searchValue = (...format) => required(MAX.search_value, ...format);

/** check-identity: the format of `search_value` follows `search_type`. */
export const checkIdentity = v.variant("search_type", [
  v.strictObject({ search_type: v.literal("email"), search_value: searchValue(v.regex(EMAIL)) }),
  v.strictObject({ search_type: v.literal("mobile"), search_value: searchValue(v.regex(MOBILE)) }),
  v.strictObject({
    search_type: v.literal("name"),
    search_value: searchValue(
      v.regex(NOT_ALL_DIGITS),
      v.regex(ACCOUNT_NAME),
      v.regex(NOT_RESERVED_PREFIX),
    ),
  }),
]);

const person = v.strictObject({
  legel_name: required(MAX.legel_name),
  legel_id_number: required(MAX.legel_id_number),
  certifier_role: v.nullish(v.picklist([...CERTIFIER_ROLES, ""])),
});
// An untouched optional section: every field blank, whatever the keys. Refinement: valibot's
// `record` also takes an array (and outputs an object), which core reports as the wrong type.
const blankPerson = v.custom(isBlankSection, "a legal-person section with every field blank");

/** Enterprise real-name authentication at `stage` ("form": the partner-side `xaccount_type` and
 * the implied `identify_type` may be left out; "upstream": both required). */
export function enterprise(stage = "form") {
  const form = stage !== "upstream";
  return v.pipe(
    v.strictObject({
      customer_id: required(MAX.customer_id),
      identify_type: form ? optionalIntEnum(IDENTIFY_TYPE_ENTERPRISE) : intEnum(IDENTIFY_TYPE_ENTERPRISE),
      verified_file_url: v.pipe(
        v.array(v.pipe(v.string(), v.nonEmpty(), v.regex(ATTACHMENT_PATH))),
        v.minLength(1),
        v.maxLength(4),
      ),
      corp_name: required(MAX.corp_name, v.regex(HAS_LETTER)),
      verified_number: required(MAX.verified_number),
      xaccount_type: form ? optional(MAX.xaccount_type) : required(MAX.xaccount_type),
      certificate_type: optionalIntEnum(CERTIFICATE_TYPE),
      reg_country: v.nullish(v.picklist([...COUNTRIES, ""])),
      reg_address: optional(MAX.reg_address),
      enterprise_person: v.nullish(v.union([person, blankPerson])),
    }),
    // Refinement: the attachment count depends on whether a legal person is given.
    v.forward(
      v.partialCheck(
        [["verified_file_url"], ["enterprise_person"]],
        (x) => {
          const [min, max] = attachmentBounds(x.enterprise_person);
          return x.verified_file_url.length >= min && x.verified_file_url.length <= max;
        },
        "1–2 attachments without a legal person, 3–4 with one",
      ),
      ["verified_file_url"],
    ),
  );
}

/** `op` → (value) → true when valid, each from the library's full result (every issue). */
export function validators(stage = "form") {
  const ent = enterprise(stage);
  return {
    checkIdentity: (x) => v.safeParse(checkIdentity, x).success,
    enterpriseRealnameAuth: (x) => v.safeParse(ent, x).success,
  };
}

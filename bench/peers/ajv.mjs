// check-identity and enterprise real-name authentication as JSON Schema (draft-07), compiled with
// ajv 8, as faithfully as JSON Schema allows (the facts come from common.mjs). Everything here is
// declarative; BENCHMARKS.md lists what JSON Schema cannot say.
import Ajv from "ajv";
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
  ATTACHMENTS,
} from "./common.mjs";

export const name = "ajv";

const required = (max, extra = {}) => ({ type: "string", minLength: 1, maxLength: max, ...extra });
// Optional text: absent, null or "" mean "not given" ("" passes every rule below).
const optional = (max) => ({ type: ["string", "null"], maxLength: max });
// An integer enum as a number or as the decimal text a <select> holds.
const intEnum = ({ values, text }, blank = []) => ({
  anyOf: [{ enum: [...values, ...blank] }, { type: "string", pattern: text.source }],
});
const optionalIntEnum = (e) => intEnum(e, [null, ""]);
const blankPerson = { type: "object", additionalProperties: { enum: [null, ""] } };
const when = (type, then) => ({
  if: { required: ["search_type"], properties: { search_type: { const: type } } },
  then: { properties: { search_value: then } },
});

/** check-identity: the format of `search_value` follows `search_type`. */
export const checkIdentity = {
  type: "object",
  required: ["search_type", "search_value"],
  additionalProperties: false,
  properties: {
    search_type: { enum: ["email", "mobile", "name"] },
    search_value: required(MAX.search_value),
  },
  allOf: [
    when("email", { pattern: EMAIL.source }),
    when("mobile", { pattern: MOBILE.source }),
    when("name", {
      allOf: [
        { pattern: NOT_ALL_DIGITS.source },
        { pattern: ACCOUNT_NAME.source },
        { pattern: NOT_RESERVED_PREFIX.source },
      ],
    }),
  ],
};

/** Enterprise real-name authentication at `stage` ("form": the partner-side `xaccount_type` and
 * the implied `identify_type` may be left out; "upstream": both required). */
export function enterprise(stage = "form") {
  const form = stage !== "upstream";
  const count = ([min, max]) => ({ properties: { verified_file_url: { minItems: min, maxItems: max } } });
  return {
    type: "object",
    required: [
      "customer_id",
      "verified_file_url",
      "corp_name",
      "verified_number",
      ...(form ? [] : ["identify_type", "xaccount_type"]),
    ],
    additionalProperties: false,
    properties: {
      customer_id: required(MAX.customer_id),
      identify_type: form ? optionalIntEnum(IDENTIFY_TYPE_ENTERPRISE) : intEnum(IDENTIFY_TYPE_ENTERPRISE),
      verified_file_url: {
        type: "array",
        minItems: 1,
        maxItems: 4,
        items: { type: "string", minLength: 1, pattern: ATTACHMENT_PATH.source },
      },
      corp_name: required(MAX.corp_name, { pattern: HAS_LETTER.source }),
      verified_number: required(MAX.verified_number),
      xaccount_type: form ? optional(MAX.xaccount_type) : required(MAX.xaccount_type),
      certificate_type: optionalIntEnum(CERTIFICATE_TYPE),
      reg_country: { enum: [...COUNTRIES, "", null] },
      reg_address: optional(MAX.reg_address),
      enterprise_person: {
        anyOf: [
          { type: "null" },
          blankPerson,
          {
            type: "object",
            required: ["legel_name", "legel_id_number"],
            additionalProperties: false,
            properties: {
              legel_name: required(MAX.legel_name),
              legel_id_number: required(MAX.legel_id_number),
              certifier_role: { enum: [...CERTIFIER_ROLES, "", null] },
            },
          },
        ],
      },
    },
    // The attachment count depends on whether a legal person is given.
    if: {
      required: ["enterprise_person"],
      properties: { enterprise_person: { not: { anyOf: [{ type: "null" }, blankPerson] } } },
    },
    then: count(ATTACHMENTS.with_person),
    else: count(ATTACHMENTS.without_person),
  };
}

/** The Ajv instance the schemas compile with: every issue (as the other validators report), and
 * string lengths in UTF-16 units (`unicode: false`; Ajv counts code points by default). */
export function newAjv(extra = {}) {
  return new Ajv({ allErrors: true, unicode: false, allowUnionTypes: true, logger: false, ...extra });
}

/** `op` → (value) → true when valid, each from the library's full result (every issue). */
export function validators(stage = "form") {
  const ajv = newAjv();
  const ci = ajv.compile(checkIdentity);
  const ent = ajv.compile(enterprise(stage));
  return {
    checkIdentity: (x) => ci(x),
    enterpriseRealnameAuth: (x) => ent(x),
  };
}

// check-identity and enterprise real-name authentication, hand-written in zod 4 as faithfully as
// zod allows (the facts come from common.mjs). What needs more than zod's declarative API is
// marked "refinement"; BENCHMARKS.md lists it.
import * as z from "zod";
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
} from "./common.mjs";

export const name = "zod";

// Refinement: zod's `.max()` counts Unicode code points; the documented limits count UTF-16 units.
const utf16Max = (max) => [(s) => s.length <= max, { message: `at most ${max} UTF-16 units` }];
const required = (max) => z.string().min(1).refine(...utf16Max(max));
// Optional text: absent, null or "" mean "not given" ("" passes every rule below).
const optional = (max) => z.string().refine(...utf16Max(max)).nullish();
// An integer enum as a number or as the decimal text a <select> holds.
const intEnum = ({ values, text }) => z.union([z.literal(values), z.string().regex(text)]);
const optionalIntEnum = (e) => z.union([intEnum(e), z.literal("")]).nullish();

const searchValue = required(MAX.search_value);

/** check-identity: the format of `search_value` follows `search_type`. */
export const checkIdentity = z.discriminatedUnion("search_type", [
  z.strictObject({ search_type: z.literal("email"), search_value: searchValue.regex(EMAIL) }),
  z.strictObject({ search_type: z.literal("mobile"), search_value: searchValue.regex(MOBILE) }),
  z.strictObject({
    search_type: z.literal("name"),
    search_value: searchValue.regex(NOT_ALL_DIGITS).regex(ACCOUNT_NAME).regex(NOT_RESERVED_PREFIX),
  }),
]);

const person = z.strictObject({
  legel_name: required(MAX.legel_name),
  legel_id_number: required(MAX.legel_id_number),
  certifier_role: z.union([z.enum(CERTIFIER_ROLES), z.literal("")]).nullish(),
});
// An untouched optional section: every field blank, whatever the keys.
const blankPerson = z.record(z.string(), z.union([z.null(), z.literal("")]));

/** Enterprise real-name authentication at `stage` ("form": the partner-side `xaccount_type` and
 * the implied `identify_type` may be left out; "upstream": both required). */
export function enterprise(stage = "form") {
  const form = stage !== "upstream";
  return z
    .strictObject({
      customer_id: required(MAX.customer_id),
      identify_type: form ? optionalIntEnum(IDENTIFY_TYPE_ENTERPRISE) : intEnum(IDENTIFY_TYPE_ENTERPRISE),
      verified_file_url: z.array(z.string().min(1).regex(ATTACHMENT_PATH)).min(1).max(4),
      corp_name: required(MAX.corp_name).regex(HAS_LETTER),
      verified_number: required(MAX.verified_number),
      xaccount_type: form ? optional(MAX.xaccount_type) : required(MAX.xaccount_type),
      certificate_type: optionalIntEnum(CERTIFICATE_TYPE),
      reg_country: z.union([z.enum(COUNTRIES), z.literal("")]).nullish(),
      reg_address: optional(MAX.reg_address),
      enterprise_person: z.union([person, blankPerson]).nullish(),
    })
    .superRefine((v, ctx) => {
      // Refinement: the attachment count depends on whether a legal person is given.
      const [min, max] = attachmentBounds(v.enterprise_person);
      const n = v.verified_file_url.length;
      if (n < min || n > max) {
        ctx.addIssue({
          code: "custom",
          path: ["verified_file_url"],
          message: `${min} to ${max} attachments needed (currently ${n})`,
        });
      }
    });
}

/** `op` → (value) → true when valid, each from the library's full result (every issue). */
export function validators(stage = "form") {
  const ent = enterprise(stage);
  return {
    checkIdentity: (v) => checkIdentity.safeParse(v).success,
    enterpriseRealnameAuth: (v) => ent.safeParse(v).success,
  };
}

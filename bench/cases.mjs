// The inputs of the side-by-side benchmark: the four it times (a valid and an invalid form of
// each operation, at the browser's stage "form") and edge cases for the agreement check. The
// verdicts written here are only a reader's aid: the harness compares every peer with hwc-kyc
// itself, and hwc-kyc with these.

/** A filled enterprise form as a browser holds it: no partner-side fields, enums as text. */
export const ENTERPRISE_VALID = {
  customer_id: "4505ce7c6de8263e33b57e76abc",
  verified_file_url: [
    "license/front.jpg",
    "license/back.jpg",
    "legal-person/portrait.png",
    "legal-person/emblem.png",
  ],
  corp_name: "Example Trading Co., Ltd.",
  verified_number: "91110000600037",
  certificate_type: "0",
  reg_country: "CN",
  reg_address: "1 Example Road, Beijing",
  enterprise_person: {
    legel_name: "Wang Xiaoming",
    legel_id_number: "110101199003070000",
    certifier_role: "legalPerson",
  },
};

/** Seven issues at once (the same input as core's criterion bench `enterprise/invalid`). */
export const ENTERPRISE_INVALID = {
  customer_id: "",
  identify_type: 0,
  verified_file_url: ["/a.jpg", "b.txt"],
  corp_name: "123",
  verified_number: "123456789012345678901234567890123",
  xaccount_type: "x",
  reg_country: "cn",
  enterprise_person: { legel_name: "", legel_id_number: "1" },
};

export const CHECK_IDENTITY_VALID = { search_type: "email", search_value: "wang@example.com" };
export const CHECK_IDENTITY_INVALID = { search_type: "name", search_value: "op_12" };

/** What is timed: [operation, label, input]. */
export const TIMED = [
  ["checkIdentity", "valid", CHECK_IDENTITY_VALID],
  ["checkIdentity", "invalid", CHECK_IDENTITY_INVALID],
  ["enterpriseRealnameAuth", "valid", ENTERPRISE_VALID],
  ["enterpriseRealnameAuth", "invalid", ENTERPRISE_INVALID],
];

const e = (patch, stage = "form") => [
  "enterpriseRealnameAuth",
  stage,
  Object.fromEntries(
    Object.entries({ ...ENTERPRISE_VALID, ...patch }).filter(([, v]) => v !== undefined),
  ),
];
const noPerson = (files, more = {}) => e({ enterprise_person: undefined, verified_file_url: files, ...more });
const ci = (search_type, search_value) => ["checkIdentity", "form", { search_type, search_value }];

/** Edge cases for the agreement check: [[operation, stage, input], valid?]. */
export const EDGES = [
  [noPerson(["a.JPEG"]), true],
  [noPerson(["证件/正面.png", "x/..png"]), true],
  [noPerson(["a/b:c.jpg"]), true],
  [noPerson(["dir/../a.jpg"]), false],
  [noPerson(["./a.jpg"]), false],
  [noPerson(["https://host/a.jpg"]), false],
  [noPerson(["C:/a.jpg"]), false],
  [noPerson(["/a.jpg"]), false],
  [noPerson(["a//b.jpg"]), false],
  [noPerson(["a\\b.jpg"]), false],
  [noPerson(["a\u0007.jpg"]), false],
  [noPerson(["x/.png"]), false],
  [noPerson(["a.jpg.exe"]), false],
  [noPerson([""]), false],
  [noPerson("a.jpg"), false],
  [noPerson([]), false],
  [noPerson(["a.jpg", "b.jpg", "c.jpg"]), false],
  [e({ enterprise_person: { legel_name: "", legel_id_number: null }, verified_file_url: ["a.jpg", "b.jpg"] }), true],
  [e({ enterprise_person: { legel_name: "" } }), false],
  [e({ enterprise_person: { legel_name: "Wang" } }), false],
  [e({ enterprise_person: null, verified_file_url: ["a.jpg", "b.jpg"] }), true],
  [e({ enterprise_person: "Wang" }), false],
  [e({ enterprise_person: [], verified_file_url: ["a.jpg"] }), false],
  [e({ enterprise_person: "", verified_file_url: ["a.jpg"] }), false],
  [e({ enterprise_person: {}, verified_file_url: ["a.jpg"] }), true],
  [e({ enterprise_person: {} }), false],
  [e({ verified_file_url: ["a.jpg", "b.jpg"] }), false],
  [e({ enterprise_person: { ...ENTERPRISE_VALID.enterprise_person, extra: "x" } }), false],
  [e({ enterprise_person: { ...ENTERPRISE_VALID.enterprise_person, certifier_role: "" } }), true],
  [e({ enterprise_person: { ...ENTERPRISE_VALID.enterprise_person, certifier_role: "ceo" } }), false],
  [e({ certificate_type: "99" }), true],
  [e({ certificate_type: 99 }), true],
  [e({ certificate_type: "-0" }), true],
  [e({ certificate_type: "" }), true],
  [e({ certificate_type: null }), true],
  [e({ certificate_type: "5" }), false],
  [e({ certificate_type: 1.5 }), false],
  [e({ certificate_type: " 1" }), false],
  [e({ identify_type: "1" }), true],
  [e({ identify_type: 1 }), true],
  [e({ identify_type: "" }), true],
  [e({ identify_type: 0 }), false],
  [e({ identify_type: undefined }, "upstream"), false],
  [e({ identify_type: 1, xaccount_type: "***_IDP" }, "upstream"), true],
  [e({ identify_type: 1, xaccount_type: "" }, "upstream"), false],
  [e({ xaccount_type: null }), true],
  [e({ xaccount_type: 5 }), false],
  [e({ corp_name: "123 公司" }), true],
  [e({ corp_name: "٣٤٥ - ٦" }), false],
  [e({ corp_name: "中".repeat(255) }), true],
  [e({ corp_name: "😀".repeat(128) }), false],
  [e({ reg_country: "cn" }), false],
  [e({ reg_country: "UK" }), false],
  [e({ reg_country: "" }), true],
  [e({ reg_address: "" }), true],
  [e({ reg_address: 7 }), false],
  [e({ customer_id: null }), false],
  [e({ extra: 1 }), false],
  [["enterpriseRealnameAuth", "form", []], false],
  [["enterpriseRealnameAuth", "form", null], false],
  [ci("email", "wang\u00a0x@example.com"), false],
  [ci("email", "wang\u0085x@example.com"), false],
  [ci("email", "wang\ufeff@example.com"), true],
  [ci("email", "a@b..c"), false],
  [ci("mobile", "0086-١٢٣"), false],
  [ci("name", "-abcd"), true],
  [ci("name", "Op_abcd"), false],
  [ci("name", "shadowuser"), true],
  [ci("name", "SHADOW_user"), false],
  [ci("name", "12345"), false],
  [ci("name", null), false],
  [ci("", "wang@example.com"), false],
];

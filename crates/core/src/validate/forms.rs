//! The rules of each operation, field by field, in the order the pages list the fields.
//!
//! Each function reads loose input, records every issue in the context, and returns the typed
//! value, borrowed from the input ([`crate::model::borrowed`]), only when it found nothing wrong.

use super::ctx::{is_blank, Ctx, Loc, Members};
use super::{AllowedValues, Stage};
use crate::input::{Map, Node};
use crate::issue::{IssueCode, ParamValue};
use crate::model::*;
use crate::operation::Operation;
use crate::rules::account::{
    is_all_digits, is_email, is_mobile, matches_account_name_pattern, reserved_prefix,
    MOBILE_FORMAT,
};
use crate::rules::attachments::{path_problem, ALLOWED_EXTENSIONS};
use crate::rules::country::is_country_code;
use crate::rules::length_and_letters::has_letter;
use crate::rules::limits::*;

/// The other top-level fields that the rules of a field read (see [`super::field_context`]):
/// keep in step with the functions below; a property test compares [`super::validate_field`] on
/// whole forms and on forms cut down to a field and its context.
pub(crate) const FIELD_CONTEXT: &[(Operation, &str, &[&str])] = &[
    // The format of the value follows the type.
    (Operation::CheckIdentity, "search_value", &["search_type"]),
    // The attachment count follows verified_type …
    (
        Operation::IndividualRealnameAuth,
        "verified_file_url",
        &["verified_type"],
    ),
    // … and whether the legal person is given.
    (
        Operation::EnterpriseRealnameAuth,
        "verified_file_url",
        &["enterprise_person"],
    ),
];

/// `identify_type` of the individual form: 0.
const INDIVIDUAL_IDENTIFY: &[i64] = &[IdentifyType::Individual.wire()];
/// `identify_type` of the enterprise form: 1.
const ENTERPRISE_IDENTIFY: &[i64] = &[IdentifyType::Enterprise.wire()];

/// Every field with a closed set of values: `(operation, dotted path, values)`, the same tables the
/// rules below check against (a test compares each with the `invalid_value` issue it gives).
pub(crate) const ENUM_FIELDS: &[(Operation, &str, AllowedValues)] = &[
    (
        Operation::CheckIdentity,
        "search_type",
        AllowedValues::Texts(SearchType::WIRE_VALUES),
    ),
    (
        Operation::IndividualRealnameAuth,
        "identify_type",
        AllowedValues::Ints(INDIVIDUAL_IDENTIFY),
    ),
    (
        Operation::IndividualRealnameAuth,
        "verified_type",
        AllowedValues::Ints(VerifiedType::WIRE_VALUES),
    ),
    (
        Operation::IndividualRealnameAuth,
        "change_type",
        AllowedValues::Ints(ChangeType::WIRE_VALUES),
    ),
    (
        Operation::EnterpriseRealnameAuth,
        "identify_type",
        AllowedValues::Ints(ENTERPRISE_IDENTIFY),
    ),
    (
        Operation::EnterpriseRealnameAuth,
        "certificate_type",
        AllowedValues::Ints(CertificateType::WIRE_VALUES),
    ),
    (
        Operation::EnterpriseRealnameAuth,
        "enterprise_person.certifier_role",
        AllowedValues::Texts(CertifierRole::WIRE_VALUES),
    ),
];

/// The root object, or an issue at the root.
fn root<'v>(ctx: &mut Ctx<'_>, input: Node<'v>) -> Option<Map<'v>> {
    ctx.object(Loc::ROOT, input)
}

fn customer_id<'v>(ctx: &mut Ctx<'_>, fields: &Members<'v, '_>) -> Option<&'v str> {
    let (loc, v) = fields.read("customer_id");
    ctx.required_str(loc, v, CUSTOMER_ID_MAX)
}

/// `identify_type` must be the operation's; at [`Stage::Form`] it may be left out and is implied.
fn identify_type(
    ctx: &mut Ctx<'_>,
    fields: &Members<'_, '_>,
    want: IdentifyType,
) -> Option<IdentifyType> {
    let (loc, v) = fields.read("identify_type");
    if ctx.stage() == Stage::Form && is_blank(v) {
        return Some(want);
    }
    let allowed = match want {
        IdentifyType::Individual => INDIVIDUAL_IDENTIFY,
        IdentifyType::Enterprise => ENTERPRISE_IDENTIFY,
    };
    ctx.required_int_enum(loc, v, allowed).map(|_| want)
}

/// `xaccount_type`: required upstream; at [`Stage::Form`] the partner's backend fills it.
fn xaccount_type<'v>(ctx: &mut Ctx<'_>, fields: &Members<'v, '_>) -> Option<Option<&'v str>> {
    let (loc, v) = fields.read("xaccount_type");
    match ctx.stage() {
        Stage::Form => {
            let before = ctx.mark();
            let s = ctx.optional_str(loc, v, XACCOUNT_TYPE_MAX);
            (ctx.mark() == before).then_some(s)
        }
        Stage::Upstream => ctx.required_str(loc, v, XACCOUNT_TYPE_MAX).map(Some),
    }
}

/// `verified_file_url`: a list of `min..=max` safe relative paths.
fn attachments<'v>(
    ctx: &mut Ctx<'_>,
    fields: &Members<'v, '_>,
    min: usize,
    max: usize,
) -> Option<Vec<&'v str>> {
    let (loc, v) = fields.read("verified_file_url");
    let items = match v {
        None => {
            ctx.report(loc, IssueCode::Required, Vec::new());
            return None;
        }
        Some(Node::Array(items)) => items,
        Some(other) => {
            ctx.wrong_type(loc, "array", other);
            return None;
        }
    };
    let before = ctx.mark();
    if items.len() < min {
        ctx.report(
            loc,
            IssueCode::TooFewItems,
            vec![("min", min.into()), ("actual", items.len().into())],
        );
    } else if items.len() > max {
        ctx.report(
            loc,
            IssueCode::TooManyItems,
            vec![("max", max.into()), ("actual", items.len().into())],
        );
    }
    let mut paths = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_loc = loc.index(i);
        match item {
            Node::String("") => ctx.report(item_loc, IssueCode::Empty, Vec::new()),
            Node::String(s) => match path_problem(s) {
                None => paths.push(s),
                Some(IssueCode::InvalidExtension) => ctx.report(
                    item_loc,
                    IssueCode::InvalidExtension,
                    vec![("allowed", ParamValue::from(&ALLOWED_EXTENSIONS[..]))],
                ),
                Some(code) => ctx.report(item_loc, code, Vec::new()),
            },
            other => ctx.wrong_type(item_loc, "string", other),
        }
    }
    (ctx.mark() == before).then_some(paths)
}

/// check-identity.
pub(crate) fn check_identity<'v>(
    ctx: &mut Ctx<'_>,
    input: Node<'v>,
) -> Option<CheckIdentityRef<'v>> {
    let fields = Members::new(root(ctx, input)?, Loc::ROOT);
    let (type_loc, v) = fields.read("search_type");
    let search_type = ctx
        .required_str(type_loc, v, usize::MAX)
        .and_then(|s| ctx.str_enum(type_loc, s, SearchType::WIRE_VALUES))
        .and_then(SearchType::from_wire);

    let (value_loc, v) = fields.read("search_value");
    let before = ctx.mark();
    let value = ctx.required_str(value_loc, v, SEARCH_VALUE_MAX);
    if let (Some(kind), Some(s), true) = (search_type, value, ctx.mark() == before) {
        match kind {
            SearchType::Mobile if !is_mobile(s) => ctx.report(
                value_loc,
                IssueCode::InvalidMobile,
                vec![("format", MOBILE_FORMAT.into())],
            ),
            SearchType::Email if !is_email(s) => {
                ctx.report(value_loc, IssueCode::InvalidEmail, Vec::new())
            }
            SearchType::Name => account_name(ctx, value_loc, s),
            _ => {}
        }
    }
    fields.unknown_fields(ctx);
    if ctx.found_any() {
        return None;
    }
    Some(CheckIdentityRef {
        search_type: search_type?,
        search_value: value?,
    })
}

/// Account-name rules, most specific first: only digits, the documented pattern, reserved prefixes.
fn account_name(ctx: &mut Ctx<'_>, loc: Loc<'_>, s: &str) {
    if is_all_digits(s) {
        ctx.report(loc, IssueCode::AllDigits, Vec::new());
    } else if !matches_account_name_pattern(s) {
        ctx.report(
            loc,
            IssueCode::InvalidAccountName,
            vec![
                ("min", ACCOUNT_NAME_MIN.into()),
                ("max", ACCOUNT_NAME_MAX.into()),
            ],
        );
    } else if let Some(prefix) = reserved_prefix(s) {
        ctx.report(
            loc,
            IssueCode::ReservedPrefix,
            vec![("prefix", prefix.into())],
        );
    }
}

/// Individual real-name authentication.
pub(crate) fn individual<'v>(
    ctx: &mut Ctx<'_>,
    input: Node<'v>,
) -> Option<IndividualRealnameAuthRef<'v>> {
    let fields = Members::new(root(ctx, input)?, Loc::ROOT);
    let customer_id = customer_id(ctx, &fields);
    let identify_type = identify_type(ctx, &fields, IdentifyType::Individual);

    // The attachment count depends on verified_type, so read that first; its issues still come
    // in page order because they are recorded where the page lists the field.
    let mut scratch = ctx.scratch();
    let (loc, v) = fields.read("verified_type");
    let verified_type = scratch
        .optional_int_enum(loc, v, VerifiedType::WIRE_VALUES)
        .and_then(VerifiedType::from_wire);
    let (min, max) = match verified_type {
        Some(t) => (t.attachments(), t.attachments()),
        None => (ATTACHMENTS_MIN, ATTACHMENTS_MAX),
    };
    let files = attachments(ctx, &fields, min, max);
    let (loc, v) = fields.read("name");
    let name = ctx.required_str(loc, v, NAME_MAX);
    let (loc, v) = fields.read("verified_number");
    let number = ctx.required_str(loc, v, VERIFIED_NUMBER_MAX);
    let xaccount = xaccount_type(ctx, &fields);
    ctx.absorb(scratch);
    let (loc, v) = fields.read("change_type");
    let change_type = ctx
        .optional_int_enum(loc, v, ChangeType::WIRE_VALUES)
        .and_then(ChangeType::from_wire);
    fields.unknown_fields(ctx);
    if ctx.found_any() {
        return None;
    }
    Some(IndividualRealnameAuthRef {
        customer_id: customer_id?,
        identify_type: identify_type?,
        verified_file_url: files?,
        name: name?,
        verified_number: number?,
        xaccount_type: xaccount?,
        verified_type,
        change_type,
    })
}

/// `enterprise_person` is present unless absent, `null`, or an object whose fields are all blank
/// (what an untouched optional section of a form holds).
fn person_given(v: Option<Node<'_>>) -> bool {
    match v {
        None | Some(Node::Null) => false,
        Some(Node::Object(m)) => !m.iter().all(|(_, v)| is_blank(Some(v))),
        Some(_) => true,
    }
}

/// Enterprise real-name authentication.
pub(crate) fn enterprise<'v>(
    ctx: &mut Ctx<'_>,
    input: Node<'v>,
) -> Option<EnterpriseRealnameAuthRef<'v>> {
    let fields = Members::new(root(ctx, input)?, Loc::ROOT);
    let customer_id = customer_id(ctx, &fields);
    let identify_type = identify_type(ctx, &fields, IdentifyType::Enterprise);
    let (person_loc, person_value) = fields.read("enterprise_person");
    let has_person = person_given(person_value);
    // Certificate front and back, then the legal person's two ID card sides.
    let (min, max) = if has_person {
        (ENTERPRISE_CERTIFICATE_ATTACHMENTS_MAX + 1, ATTACHMENTS_MAX)
    } else {
        (ATTACHMENTS_MIN, ENTERPRISE_CERTIFICATE_ATTACHMENTS_MAX)
    };
    let files = attachments(ctx, &fields, min, max);

    let (corp_loc, v) = fields.read("corp_name");
    let corp_name = ctx.required_str(corp_loc, v, CORP_NAME_MAX);
    if let Some(name) = corp_name {
        if !has_letter(name) {
            ctx.report(corp_loc, IssueCode::NoLetter, Vec::new());
        }
    }
    let (loc, v) = fields.read("verified_number");
    let number = ctx.required_str(loc, v, VERIFIED_NUMBER_MAX);
    let xaccount = xaccount_type(ctx, &fields);
    let (loc, v) = fields.read("certificate_type");
    let certificate_type = ctx
        .optional_int_enum(loc, v, CertificateType::WIRE_VALUES)
        .and_then(CertificateType::from_wire);

    let (country_loc, v) = fields.read("reg_country");
    let before = ctx.mark();
    let reg_country = ctx.optional_str(country_loc, v, REG_COUNTRY_MAX);
    if let (Some(c), true) = (reg_country, ctx.mark() == before) {
        if !is_country_code(c) {
            ctx.report(country_loc, IssueCode::InvalidCountry, Vec::new());
        }
    }
    let (loc, v) = fields.read("reg_address");
    let reg_address = ctx.optional_str(loc, v, REG_ADDRESS_MAX);
    let person = match person_value {
        Some(v) if has_person => enterprise_person(ctx, person_loc, v).map(Some),
        _ => Some(None),
    };
    fields.unknown_fields(ctx);
    if ctx.found_any() {
        return None;
    }
    Some(EnterpriseRealnameAuthRef {
        customer_id: customer_id?,
        identify_type: identify_type?,
        verified_file_url: files?,
        corp_name: corp_name?,
        verified_number: number?,
        xaccount_type: xaccount?,
        certificate_type,
        reg_country,
        reg_address,
        enterprise_person: person?,
    })
}

fn enterprise_person<'v>(
    ctx: &mut Ctx<'_>,
    loc: Loc<'_>,
    v: Node<'v>,
) -> Option<EnterprisePersonRef<'v>> {
    let fields = Members::new(ctx.object(loc, v)?, loc);
    let before = ctx.mark();
    let (name_loc, v) = fields.read("legel_name");
    let name = ctx.required_str(name_loc, v, LEGEL_NAME_MAX);
    let (id_loc, v) = fields.read("legel_id_number");
    let id = ctx.required_str(id_loc, v, LEGEL_ID_NUMBER_MAX);
    let (role_loc, v) = fields.read("certifier_role");
    let role = ctx
        .optional_str(role_loc, v, CERTIFIER_ROLE_MAX)
        .and_then(|r| ctx.str_enum(role_loc, r, CertifierRole::WIRE_VALUES))
        .and_then(CertifierRole::from_wire);
    fields.unknown_fields(ctx);
    if ctx.mark() != before {
        return None;
    }
    Some(EnterprisePersonRef {
        legel_name: name?,
        legel_id_number: id?,
        certifier_role: role,
    })
}

/// The review-result query.
pub(crate) fn review_result<'v>(
    ctx: &mut Ctx<'_>,
    input: Node<'v>,
) -> Option<ReviewResultQueryRef<'v>> {
    let fields = Members::new(root(ctx, input)?, Loc::ROOT);
    let customer_id = customer_id(ctx, &fields);
    fields.unknown_fields(ctx);
    if ctx.found_any() {
        return None;
    }
    Some(ReviewResultQueryRef {
        customer_id: customer_id?,
    })
}

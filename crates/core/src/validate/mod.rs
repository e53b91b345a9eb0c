//! Validation: loose form input in, every issue or a [`Valid`] typed value out.

mod ctx;
mod forms;

use crate::input::Node;
use crate::issue::{Issue, IssueCode, ParamValue, PathSegment};
use crate::json::{self, Value};
use crate::locale::Locale;
use crate::model::{
    CheckIdentity, CheckIdentityRef, EnterpriseRealnameAuth, EnterpriseRealnameAuthRef,
    IndividualRealnameAuth, IndividualRealnameAuthRef, ReviewResultQuery, ReviewResultQueryRef,
};
use crate::operation::Operation;
use crate::request::HttpRequest;
use crate::rules::attachments::{content_matches, extension_of, ALLOWED_EXTENSIONS};
use crate::rules::limits::ATTACHMENT_FILE_MAX_BYTES;
use ctx::Ctx;

/// Whose fields must be present.
///
/// The partner's platform ID (`xaccount_type`) is a secret of the partner's backend and
/// `identify_type` follows from the operation, so a browser form holds neither: at
/// [`Stage::Form`] both may be left out (`identify_type` is then implied; if given, both are
/// still checked). At [`Stage::Upstream`] every field the page marks mandatory is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Stage {
    /// What a browser form holds and the partner's proxy receives.
    Form,
    /// What is sent to Huawei Cloud (the default in Rust).
    #[default]
    Upstream,
}

/// How to validate: the locale of messages and the [`Stage`].
///
/// ```
/// use hwc_kyc::{Locale, Options, Stage};
/// let o = Options::default().locale(Locale::Es).stage(Stage::Form);
/// assert_eq!((o.locale, o.stage), (Locale::Es, Stage::Form));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Language of the messages.
    pub locale: Locale,
    /// Which fields are required.
    pub stage: Stage,
}

impl Options {
    /// These options with another locale.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = locale;
        self
    }

    /// These options with another stage.
    pub fn stage(mut self, stage: Stage) -> Self {
        self.stage = stage;
        self
    }
}

mod sealed {
    /// The reading and writing half of [`super::Form`], out of reach of other crates so only
    /// this crate's models are forms.
    pub trait Sealed: Sized {
        fn read(ctx: &mut super::Ctx<'_>, input: super::Node<'_>) -> Option<Self>;
        /// The rules only, for their issues (no owned value is made).
        fn check(ctx: &mut super::Ctx<'_>, input: super::Node<'_>);
        fn write(&self) -> Vec<u8>;
        /// The query parameter of a GET operation.
        fn query(&self) -> Option<(&'static str, &str)> {
            None
        }
    }
}

/// A request model that validation can produce and the builder can send (sealed: the four
/// models of this crate).
pub trait Form: sealed::Sealed + Clone {
    /// The operation this model is the body (or query) of.
    const OPERATION: Operation;
    /// This value as loose input.
    fn to_value(&self) -> Value;
}

macro_rules! form {
    ($ty:ty, $op:expr, $read:path) => {
        impl sealed::Sealed for $ty {
            fn read(ctx: &mut Ctx<'_>, input: Node<'_>) -> Option<Self> {
                $read(ctx, input).map(|r| r.to_owned())
            }
            fn check(ctx: &mut Ctx<'_>, input: Node<'_>) {
                $read(ctx, input);
            }
            fn write(&self) -> Vec<u8> {
                <$ty>::to_json(self).into_bytes()
            }
        }
        impl Form for $ty {
            const OPERATION: Operation = $op;
            fn to_value(&self) -> Value {
                <$ty>::to_value(self)
            }
        }
    };
}

form!(
    CheckIdentity,
    Operation::CheckIdentity,
    forms::check_identity
);
form!(
    IndividualRealnameAuth,
    Operation::IndividualRealnameAuth,
    forms::individual
);
form!(
    EnterpriseRealnameAuth,
    Operation::EnterpriseRealnameAuth,
    forms::enterprise
);
impl sealed::Sealed for ReviewResultQuery {
    fn read(ctx: &mut Ctx<'_>, input: Node<'_>) -> Option<Self> {
        forms::review_result(ctx, input).map(|r| r.to_owned())
    }
    fn check(ctx: &mut Ctx<'_>, input: Node<'_>) {
        forms::review_result(ctx, input);
    }
    fn write(&self) -> Vec<u8> {
        Vec::new()
    }
    fn query(&self) -> Option<(&'static str, &str)> {
        Some(("customer_id", &self.customer_id))
    }
}

impl Form for ReviewResultQuery {
    const OPERATION: Operation = Operation::ReviewResult;
    fn to_value(&self) -> Value {
        ReviewResultQuery::to_value(self)
    }
}

/// A value that passed validation. Only validation makes one, so a request can only be built from
/// a value that passed (DESIGN.md: validated before built).
///
/// ```
/// use hwc_kyc::{model::{CheckIdentity, SearchType}, Options, Valid};
/// let form = CheckIdentity { search_type: SearchType::Name, search_value: "ceshiyonghu001".into() };
/// let valid = Valid::new(form, &Options::default()).unwrap();
/// let request = valid.build();
/// assert_eq!(request.body, br#"{"search_type":"name","search_value":"ceshiyonghu001"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid<T> {
    value: T,
    stage: Stage,
}

impl<T: Form> Valid<T> {
    /// Validates a typed value (a Rust backend's own struct).
    pub fn new(value: T, options: &Options) -> Result<Self, Vec<Issue>> {
        validate_as::<T>(&value.to_value(), options)
    }

    /// The validated value.
    pub fn get(&self) -> &T {
        &self.value
    }

    /// The validated value, to change and validate again.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The stage it passed.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The exact body bytes: documented field order, absent optional fields left out (empty
    /// for the review-result query, which is a GET).
    pub fn body(&self) -> Vec<u8> {
        sealed::Sealed::write(&self.value)
    }

    /// The HTTP request for this value: method, documented path (with the query for the review
    /// result), `Content-Type` for bodies, and the body. Authentication (token or AK/SK signature)
    /// is added by the sender.
    pub fn build(&self) -> HttpRequest {
        crate::build_request::build(
            T::OPERATION,
            self.body(),
            sealed::Sealed::query(&self.value),
        )
    }
}

impl<T> core::ops::Deref for Valid<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A valid request of any operation: what [`validate`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidRequest {
    /// check-identity.
    CheckIdentity(Valid<CheckIdentity>),
    /// Individual real-name authentication.
    IndividualRealnameAuth(Valid<IndividualRealnameAuth>),
    /// Enterprise real-name authentication.
    EnterpriseRealnameAuth(Valid<EnterpriseRealnameAuth>),
    /// Review-result query.
    ReviewResult(Valid<ReviewResultQuery>),
}

impl ValidRequest {
    /// The operation.
    pub fn operation(&self) -> Operation {
        match self {
            ValidRequest::CheckIdentity(_) => Operation::CheckIdentity,
            ValidRequest::IndividualRealnameAuth(_) => Operation::IndividualRealnameAuth,
            ValidRequest::EnterpriseRealnameAuth(_) => Operation::EnterpriseRealnameAuth,
            ValidRequest::ReviewResult(_) => Operation::ReviewResult,
        }
    }

    /// The HTTP request (see [`Valid::build`]).
    pub fn build(&self) -> HttpRequest {
        match self {
            ValidRequest::CheckIdentity(v) => v.build(),
            ValidRequest::IndividualRealnameAuth(v) => v.build(),
            ValidRequest::EnterpriseRealnameAuth(v) => v.build(),
            ValidRequest::ReviewResult(v) => v.build(),
        }
    }

    /// Gives the normalized value's fields to `sink`, in the documented order (the review
    /// result: its `customer_id`).
    pub fn emit<S: crate::model::emit::Sink>(&self, sink: &mut S) {
        match self {
            ValidRequest::CheckIdentity(v) => v.emit(sink),
            ValidRequest::IndividualRealnameAuth(v) => v.emit(sink),
            ValidRequest::EnterpriseRealnameAuth(v) => v.emit(sink),
            ValidRequest::ReviewResult(v) => sink.str("customer_id", &v.customer_id),
        }
    }

    /// The normalized value as loose input (keys in documented order).
    pub fn to_value(&self) -> Value {
        match self {
            ValidRequest::CheckIdentity(v) => v.to_value(),
            ValidRequest::IndividualRealnameAuth(v) => v.to_value(),
            ValidRequest::EnterpriseRealnameAuth(v) => v.to_value(),
            ValidRequest::ReviewResult(v) => v.to_value(),
        }
    }
}

/// Validates loose input as one model, returning every issue at once.
///
/// ```
/// use hwc_kyc::{json::parse, model::CheckIdentity, validate_as, Options};
/// let v = parse(br#"{"search_type":"mobile","search_value":"0086-13800000000"}"#).unwrap();
/// let valid = validate_as::<CheckIdentity>(&v, &Options::default()).unwrap();
/// assert_eq!(valid.search_value, "0086-13800000000");
/// ```
pub fn validate_as<T: Form>(input: &Value, options: &Options) -> Result<Valid<T>, Vec<Issue>> {
    validate_node_as(Node::from(input), options)
}

/// [`validate_as`] of borrowed input (a parsed JSON value or the npm package's boundary bytes,
/// [`crate::wire`]).
pub fn validate_node_as<T: Form>(
    input: Node<'_>,
    options: &Options,
) -> Result<Valid<T>, Vec<Issue>> {
    let mut ctx = Ctx::new(options);
    match <T as sealed::Sealed>::read(&mut ctx, input) {
        Some(value) if ctx.issues.is_empty() => Ok(Valid {
            value,
            stage: options.stage,
        }),
        _ => Err(ctx.issues),
    }
}

/// Validates loose input (as a form holds it: numbers or numeric strings for enums, arrays for
/// attachments) for `op`, returning every issue at once.
///
/// ```
/// use hwc_kyc::{json::parse, validate, Operation, Options, Stage, IssueCode};
/// let form = parse(br#"{"customer_id":"c1","verified_file_url":["a.jpg"],
///                      "corp_name":"123","verified_number":"91110000"}"#).unwrap();
/// let issues = validate(Operation::EnterpriseRealnameAuth, &form,
///                       &Options::default().stage(Stage::Form)).unwrap_err();
/// assert_eq!(issues.len(), 1);
/// assert_eq!(issues[0].code, IssueCode::NoLetter);
/// ```
pub fn validate(
    op: Operation,
    input: &Value,
    options: &Options,
) -> Result<ValidRequest, Vec<Issue>> {
    validate_node(op, Node::from(input), options)
}

/// [`validate`] of borrowed input (a parsed JSON value or the npm package's boundary bytes,
/// [`crate::wire`]).
pub fn validate_node(
    op: Operation,
    input: Node<'_>,
    options: &Options,
) -> Result<ValidRequest, Vec<Issue>> {
    validate_node_ref(op, input, options).map(|valid| valid.to_owned(options.stage))
}

/// A valid request of any operation, its texts borrowed from the input the rules read: what
/// [`validate_node_ref`] returns. The npm package writes its answer from it, so a valid form's
/// texts are never copied; [`ValidRef::to_owned`] gives [`validate_node`]'s value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidRef<'a> {
    /// check-identity.
    CheckIdentity(CheckIdentityRef<'a>),
    /// Individual real-name authentication.
    IndividualRealnameAuth(IndividualRealnameAuthRef<'a>),
    /// Enterprise real-name authentication.
    EnterpriseRealnameAuth(EnterpriseRealnameAuthRef<'a>),
    /// Review-result query.
    ReviewResult(ReviewResultQueryRef<'a>),
}

impl ValidRef<'_> {
    /// Gives the normalized value's fields to `sink`, in the documented order (as
    /// [`ValidRequest::emit`]).
    pub fn emit<S: crate::model::emit::Sink>(&self, sink: &mut S) {
        match self {
            ValidRef::CheckIdentity(v) => v.emit(sink),
            ValidRef::IndividualRealnameAuth(v) => v.emit(sink),
            ValidRef::EnterpriseRealnameAuth(v) => v.emit(sink),
            ValidRef::ReviewResult(v) => v.emit(sink),
        }
    }

    /// The owned value, as [`validate_node`] gives it for `stage`.
    pub fn to_owned(&self, stage: Stage) -> ValidRequest {
        fn valid<T>(value: T, stage: Stage) -> Valid<T> {
            Valid { value, stage }
        }
        match self {
            ValidRef::CheckIdentity(v) => ValidRequest::CheckIdentity(valid(v.to_owned(), stage)),
            ValidRef::IndividualRealnameAuth(v) => {
                ValidRequest::IndividualRealnameAuth(valid(v.to_owned(), stage))
            }
            ValidRef::EnterpriseRealnameAuth(v) => {
                ValidRequest::EnterpriseRealnameAuth(valid(v.to_owned(), stage))
            }
            ValidRef::ReviewResult(v) => ValidRequest::ReviewResult(valid(v.to_owned(), stage)),
        }
    }
}

/// [`validate_node`] without copying: the valid value borrows the input's texts.
///
/// ```
/// use hwc_kyc::{input::Node, json::parse, validate_node_ref, Operation, Options, ValidRef};
/// let form = parse(br#"{"search_type":"name","search_value":"ceshiyonghu001"}"#).unwrap();
/// let valid = validate_node_ref(Operation::CheckIdentity, Node::from(&form), &Options::default());
/// let Ok(ValidRef::CheckIdentity(v)) = valid else { panic!() };
/// assert_eq!(v.search_value, "ceshiyonghu001");
/// ```
pub fn validate_node_ref<'v>(
    op: Operation,
    input: Node<'v>,
    options: &Options,
) -> Result<ValidRef<'v>, Vec<Issue>> {
    let mut ctx = Ctx::new(options);
    let valid = match op {
        Operation::CheckIdentity => {
            forms::check_identity(&mut ctx, input).map(ValidRef::CheckIdentity)
        }
        Operation::IndividualRealnameAuth => {
            forms::individual(&mut ctx, input).map(ValidRef::IndividualRealnameAuth)
        }
        Operation::EnterpriseRealnameAuth => {
            forms::enterprise(&mut ctx, input).map(ValidRef::EnterpriseRealnameAuth)
        }
        Operation::ReviewResult => {
            forms::review_result(&mut ctx, input).map(ValidRef::ReviewResult)
        }
    };
    match valid {
        Some(valid) if ctx.issues.is_empty() => Ok(valid),
        _ => Err(ctx.issues),
    }
}

/// Validates a JSON request body: a syntax error is one `invalid_json` issue at the root naming
/// the line and column; otherwise as [`validate`].
///
/// ```
/// use hwc_kyc::{validate_json, Operation, Options, IssueCode};
/// let issues = validate_json(Operation::CheckIdentity, b"{\"search_type\": \"name\" \"x\": 1}",
///                            &Options::default()).unwrap_err();
/// assert_eq!(issues[0].code, IssueCode::InvalidJson);
/// assert!(issues[0].message.contains("line 1, column 24"));
/// ```
pub fn validate_json(
    op: Operation,
    body: &[u8],
    options: &Options,
) -> Result<ValidRequest, Vec<Issue>> {
    match json::parse(body) {
        Ok(v) => validate(op, &v, options),
        Err(e) => Err(vec![Issue::new(
            Vec::new(),
            IssueCode::InvalidJson,
            vec![
                ("reason", ParamValue::from(e.reason.text())),
                ("line", e.line.into()),
                ("column", e.column.into()),
            ],
            options.locale,
        )]),
    }
}

/// True when `path` is `prefix` or lies under it.
pub(crate) fn under(path: &[PathSegment], prefix: &[PathSegment]) -> bool {
    path.len() >= prefix.len() && path[..prefix.len()] == *prefix
}

/// Live validation of one field: the issues at or under `path`, exactly those [`validate`]
/// reports there for the same input. The rest of the form is read for context (the attachment
/// count depends on `verified_type`), but only the issues under `path` are built, so the cost of
/// the others' messages is not paid on every keystroke. A caller that sends values across a
/// boundary can send only the field and its [`field_context`].
///
/// ```
/// use hwc_kyc::{json::parse, validate_field, Operation, Options, IssueCode, PathSegment};
/// let form = parse(br#"{"verified_type": 3, "verified_file_url": ["a.jpg"]}"#).unwrap();
/// let path = [PathSegment::key("verified_file_url")];
/// let issues = validate_field(Operation::IndividualRealnameAuth, &path, &form, &Options::default());
/// assert_eq!(issues.len(), 1);
/// assert_eq!(issues[0].code, IssueCode::TooFewItems);
/// ```
pub fn validate_field(
    op: Operation,
    path: &[PathSegment],
    input: &Value,
    options: &Options,
) -> Vec<Issue> {
    validate_field_node(op, path, Node::from(input), options)
}

/// [`validate_field`] of borrowed input.
pub fn validate_field_node(
    op: Operation,
    path: &[PathSegment],
    input: Node<'_>,
    options: &Options,
) -> Vec<Issue> {
    fn read<T: Form>(ctx: &mut Ctx<'_>, input: Node<'_>) {
        // Only the issues matter here.
        <T as sealed::Sealed>::check(ctx, input);
    }
    let mut ctx = Ctx::focused(options, path);
    match op {
        Operation::CheckIdentity => read::<CheckIdentity>(&mut ctx, input),
        Operation::IndividualRealnameAuth => read::<IndividualRealnameAuth>(&mut ctx, input),
        Operation::EnterpriseRealnameAuth => read::<EnterpriseRealnameAuth>(&mut ctx, input),
        Operation::ReviewResult => read::<ReviewResultQuery>(&mut ctx, input),
    }
    ctx.issues
}

/// The other top-level fields of `op`'s form whose values decide the issues of `field` (its own
/// value aside): [`validate_field`] at a path under `field` gives the same issues for the whole
/// form as for a form holding only `field` and these. Empty for most fields.
///
/// When it is empty, the issues at a path of keys under `field` (`enterprise_person.legel_name`)
/// depend on the value at that path alone, unless that value is blank (`null` or `""`, what an
/// empty form control holds): the form holding only that value, in objects holding only the
/// path's keys (`{"enterprise_person":{"legel_name":"Wang"}}`), gives the same issues there as
/// the whole form. A blank value is not enough on its own: an `enterprise_person` whose fields
/// are all blank counts as not given, so whether an empty `legel_name` is missing depends on the
/// other fields. (The npm package's live validation sends a nested text field alone when these
/// conditions hold.)
///
/// ```
/// use hwc_kyc::{field_context, Operation};
/// assert_eq!(field_context(Operation::CheckIdentity, "search_value"), ["search_type"]);
/// assert_eq!(field_context(Operation::EnterpriseRealnameAuth, "verified_file_url"),
///            ["enterprise_person"]);
/// assert!(field_context(Operation::EnterpriseRealnameAuth, "corp_name").is_empty());
/// ```
pub fn field_context(op: Operation, field: &str) -> &'static [&'static str] {
    FIELD_CONTEXT
        .iter()
        .find(|(o, f, _)| *o == op && *f == field)
        .map_or(&[], |(_, _, context)| context)
}

/// Every field with a non-empty [`field_context`]: `(operation, field, context)`.
pub const FIELD_CONTEXT: &[(Operation, &str, &[&str])] = forms::FIELD_CONTEXT;

/// The values a closed field accepts, as the wire carries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowedValues {
    /// An integer field (`verified_type`: `[0, 3, 5, 6, 7, 9, 10]`).
    Ints(&'static [i64]),
    /// A string field (`search_type`: `["email", "mobile", "name"]`).
    Texts(&'static [&'static str]),
}

impl AllowedValues {
    /// Appends the values as a JSON array (`[0,3,5]`, `["email","mobile"]`). Out of line: the
    /// wasm calls it once per closed field.
    #[inline(never)]
    pub fn write_json(self, out: &mut String) {
        crate::issue::put(out, "[");
        match self {
            AllowedValues::Ints(values) => {
                for (n, v) in values.iter().enumerate() {
                    if n > 0 {
                        crate::issue::put(out, ",");
                    }
                    json::write_int(out, *v);
                }
            }
            AllowedValues::Texts(values) => {
                for (n, v) in values.iter().enumerate() {
                    if n > 0 {
                        crate::issue::put(out, ",");
                    }
                    json::write_string(out, v);
                }
            }
        }
        crate::issue::put(out, "]");
    }

    /// The values as the `allowed` param of an `invalid_value` issue carries them.
    pub fn to_param(self) -> ParamValue {
        match self {
            AllowedValues::Ints(values) => ParamValue::from(values),
            AllowedValues::Texts(values) => ParamValue::from(values),
        }
    }
}

/// The values `op` accepts at the dotted `path` of a closed field (what a form's select offers),
/// or `None` for a field that takes other values.
///
/// ```
/// use hwc_kyc::{allowed_values, AllowedValues, Operation};
/// assert_eq!(allowed_values(Operation::CheckIdentity, "search_type"),
///            Some(AllowedValues::Texts(&["email", "mobile", "name"])));
/// assert_eq!(allowed_values(Operation::CheckIdentity, "search_value"), None);
/// ```
pub fn allowed_values(op: Operation, path: &str) -> Option<AllowedValues> {
    ENUM_FIELDS
        .iter()
        .find(|(o, p, _)| *o == op && *p == path)
        .map(|(_, _, values)| *values)
}

/// Every closed field: `(operation, dotted path, allowed values)`, the tables the rules check
/// against.
pub const ENUM_FIELDS: &[(Operation, &str, AllowedValues)] = forms::ENUM_FIELDS;

/// Parses a dotted field path (`enterprise_person.legel_name`, `verified_file_url.2`): segments of
/// digits are list indexes.
///
/// ```
/// use hwc_kyc::{parse_path, PathSegment};
/// assert_eq!(parse_path("verified_file_url.2"),
///            vec![PathSegment::key("verified_file_url"), PathSegment::Index(2)]);
/// ```
pub fn parse_path(path: &str) -> Vec<PathSegment> {
    // By bytes rather than `split('.')` and `str::parse` (whose generic code the wasm would
    // carry): the `.`-separated non-empty parts; all digits and in range: an index.
    let mut out = Vec::new();
    let mut rest = path;
    loop {
        let dot = rest.bytes().position(|b| b == b'.');
        let part = rest.get(..dot.unwrap_or(rest.len())).unwrap_or_default();
        if !part.is_empty() {
            let index = part.bytes().try_fold(0usize, |n, b| {
                let d = b.wrapping_sub(b'0');
                if d > 9 {
                    return None;
                }
                n.checked_mul(10)?.checked_add(usize::from(d))
            });
            out.push(match index {
                Some(i) => PathSegment::Index(i),
                None => PathSegment::Key(part.to_string().into()),
            });
        }
        match dot.and_then(|d| rest.get(d + 1..)) {
            Some(after) => rest = after,
            None => return out,
        }
    }
}

/// Checks an attachment file a browser picked, before upload: an allowed extension (issue at
/// `file_name`), not empty and at most 10 MB, and content whose signature matches the extension
/// (issues at `content`). `head` needs only the first 16 bytes; `size` is the whole file's.
///
/// ```
/// use hwc_kyc::{check_attachment, IssueCode, Locale};
/// let png = b"\x89PNG\r\n\x1a\n....";
/// assert!(check_attachment("front.png", png.len(), png, Locale::En).is_empty());
/// let issues = check_attachment("notes.jpg", 5, b"hello", Locale::En);
/// assert_eq!(issues[0].code, IssueCode::ContentMismatch);
/// ```
pub fn check_attachment(file_name: &str, size: usize, head: &[u8], locale: Locale) -> Vec<Issue> {
    let mut issues = Vec::new();
    let name_path = || vec![PathSegment::key("file_name")];
    let content_path = || vec![PathSegment::key("content")];
    let ext = extension_of(file_name);
    if ext.is_none() {
        issues.push(Issue::new(
            name_path(),
            IssueCode::InvalidExtension,
            vec![("allowed", ParamValue::from(&ALLOWED_EXTENSIONS[..]))],
            locale,
        ));
    }
    if size == 0 {
        issues.push(Issue::new(
            content_path(),
            IssueCode::EmptyFile,
            Vec::new(),
            locale,
        ));
        return issues;
    }
    if size > ATTACHMENT_FILE_MAX_BYTES {
        issues.push(Issue::new(
            content_path(),
            IssueCode::FileTooLarge,
            vec![
                ("max", ATTACHMENT_FILE_MAX_BYTES.into()),
                ("actual", size.into()),
            ],
            locale,
        ));
    }
    if let Some(ext) = ext {
        if !content_matches(ext, head) {
            issues.push(Issue::new(
                content_path(),
                IssueCode::ContentMismatch,
                vec![("extension", ext.into())],
                locale,
            ));
        }
    }
    issues
}

#[cfg(test)]
mod parse_path_tests {
    use super::*;

    /// The reading `parse_path` had through `split` and `str::parse`.
    fn by_split(path: &str) -> Vec<PathSegment> {
        path.split('.')
            .filter(|s| !s.is_empty())
            .map(|s| match s.parse::<usize>() {
                Ok(i) if s.bytes().all(|b| b.is_ascii_digit()) => PathSegment::Index(i),
                _ => PathSegment::Key(s.to_string().into()),
            })
            .collect()
    }

    #[test]
    fn parse_path_reads_as_split_and_parse_did() {
        for p in [
            "",
            ".",
            "..",
            "a",
            "a.2",
            ".a..b.",
            "x.+1",
            "x.-1",
            "x.007",
            "x.18446744073709551615",
            "x.18446744073709551616",
            "x.99999999999999999999999",
            "é.中.1",
        ] {
            assert_eq!(parse_path(p), by_split(p), "{p:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_path_agrees_with_split_and_parse(p in "[a0-9.+é]{0,24}") {
            proptest::prop_assert_eq!(parse_path(&p), by_split(&p));
        }
    }
}

#[cfg(test)]
mod unknown_field_tests {
    use super::*;

    fn codes(json: &str) -> Vec<(String, IssueCode)> {
        codes_of(&json::parse(json.as_bytes()).unwrap())
    }

    fn codes_of(input: &Value) -> Vec<(String, IssueCode)> {
        match validate(Operation::CheckIdentity, input, &Options::default()) {
            Ok(_) => Vec::new(),
            Err(issues) => issues.iter().map(|i| (i.path_string(), i.code)).collect(),
        }
    }

    #[test]
    fn only_members_no_rule_read_are_unknown_and_a_repeated_known_key_is_not() {
        let form = r#""search_type":"name","search_value":"ceshiyonghu001""#;
        assert_eq!(codes(&format!("{{{form}}}")), []);
        assert_eq!(
            codes(&format!(r#"{{"x":1,{form},"y":2}}"#)),
            [
                ("x".to_string(), IssueCode::UnknownField),
                ("y".to_string(), IssueCode::UnknownField)
            ]
        );
        // A value built in Rust may repeat a key (JSON text may not): the first is read, and
        // the repeat is no unknown field.
        let text = |s: &str| Value::String(s.to_string());
        let repeated = Value::Object(vec![
            ("search_type".to_string(), text("name")),
            ("search_value".to_string(), text("ceshiyonghu001")),
            ("search_type".to_string(), text("nope")),
        ]);
        assert_eq!(codes_of(&repeated), []);
    }
}

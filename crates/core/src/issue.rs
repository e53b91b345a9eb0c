//! Issues: what validation reports, one per problem, all at once.
//!
//! An issue is `{ path, code, params, message }`. `path` follows the wire names and list indexes,
//! `code` is one of [`IssueCode`] (the one table of codes), `params` carries the numbers and values a
//! translator needs, and `message` is rendered from the locale's template (see `messages`).

use std::borrow::Cow;

use crate::locale::Locale;

macro_rules! issue_codes {
    ($( $variant:ident = $name:literal, params: [$($param:literal),*], $doc:literal ;)+) => {
        /// Every issue code, each a stable snake_case identifier.
        ///
        /// The table, with the params each code carries, is [`IssueCode::ALL`] +
        /// [`IssueCode::params`]; `ISSUE_CODES.md` at the repository root is generated from it
        /// and a test keeps the two equal.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum IssueCode {
            $( #[doc = $doc] $variant ),+
        }

        impl IssueCode {
            /// Every code, in table order.
            pub const ALL: &'static [IssueCode] = &[$(IssueCode::$variant),+];

            /// The stable snake_case identifier.
            pub const fn as_str(self) -> &'static str {
                match self { $(IssueCode::$variant => $name),+ }
            }

            /// The names of the params an issue with this code carries.
            pub const fn params(self) -> &'static [&'static str] {
                match self { $(IssueCode::$variant => &[$($param),*]),+ }
            }

            /// What the code means, in a sentence (English; for documentation).
            pub const fn doc(self) -> &'static str {
                match self { $(IssueCode::$variant => $doc),+ }
            }

            /// The code for its identifier.
            ///
            /// A search of the table rather than a `match` on strings, which compiles to a
            /// longer chain of comparisons in the wasm.
            pub fn parse(name: &str) -> Option<IssueCode> {
                IssueCode::ALL.iter().copied().find(|code| code.as_str() == name)
            }
        }
    };
}

issue_codes! {
    Required = "required", params: [], "A required field is missing or null.";
    InvalidType = "invalid_type", params: ["expected", "received"], "A field holds a value of the wrong JSON type.";
    UnknownField = "unknown_field", params: [], "A field is not part of the operation's request (its name is the last path element).";
    Empty = "empty", params: [], "A required string is empty.";
    TooLong = "too_long", params: ["max", "actual"], "A string is longer than allowed (UTF-16 code units).";
    InvalidValue = "invalid_value", params: ["allowed"], "A value is not one of the documented values.";
    TooFewItems = "too_few_items", params: ["min", "actual"], "A list has fewer entries than needed.";
    TooManyItems = "too_many_items", params: ["max", "actual"], "A list has more entries than allowed.";
    AbsolutePath = "absolute_path", params: [], "An attachment path is absolute or carries a scheme or host.";
    PathTraversal = "path_traversal", params: [], "An attachment path has a `.` or `..` segment.";
    EmptyPathSegment = "empty_path_segment", params: [], "An attachment path has an empty segment (`a//b.jpg`, a trailing `/`).";
    InvalidPathCharacter = "invalid_path_character", params: [], "An attachment path holds a backslash, a control character, or a percent-encoded dot, slash, backslash or control character.";
    InvalidExtension = "invalid_extension", params: ["allowed"], "A file name does not end in an allowed extension.";
    NoLetter = "no_letter", params: [], "An organization name has no letter.";
    InvalidCountry = "invalid_country", params: [], "A country is not an upper-case ISO 3166-1 alpha-2 code.";
    InvalidMobile = "invalid_mobile", params: ["format"], "A mobile number is not `00XX-XXXXXXXX`.";
    InvalidEmail = "invalid_email", params: [], "An e-mail address does not follow the WHATWG grammar of `<input type=\"email\">` (non-ASCII characters allowed, a dot in the domain).";
    InvalidAccountName = "invalid_account_name", params: ["min", "max"], "An account name does not match the documented pattern.";
    ReservedPrefix = "reserved_prefix", params: ["prefix"], "An account name starts with a reserved prefix.";
    AllDigits = "all_digits", params: [], "An account name is only digits.";
    FileTooLarge = "file_too_large", params: ["max", "actual"], "An attachment file is larger than allowed.";
    EmptyFile = "empty_file", params: [], "An attachment file is empty.";
    ContentMismatch = "content_mismatch", params: ["extension"], "An attachment file's content does not match its extension.";
    InvalidJson = "invalid_json", params: ["reason", "line", "column"], "A request body is not JSON.";
    PartnerFieldMismatch = "partner_field_mismatch", params: [], "The partner-side field `xaccount_type` differs from the partner's own.";
    TooLarge = "too_large", params: ["max"], "A value holds more than `max` values in all, more than the npm package reads: it is not checked.";
    Unreadable = "unreadable", params: [], "A value could not be read: its getter or proxy trap threw (npm package).";
    IllFormedText = "ill_formed_text", params: [], "A text, or an object key, holds a lone UTF-16 surrogate (half of a character), which no request can carry (npm package).";
    AttachmentNotFound = "attachment_not_found", params: [], "An attachment path names no file in the partner's bucket (checked by the proxy before forwarding).";
    AttachmentNotOwned = "attachment_not_owned", params: ["directory"], "An attachment path is outside the caller's own `<customer_id>/` directory.";
}

impl core::fmt::Display for IssueCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One element of an issue path: a wire field name or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum PathSegment {
    /// A field, by its wire name.
    Key(Cow<'static, str>),
    /// A list index.
    Index(usize),
}

impl PathSegment {
    /// A field segment for a wire name.
    pub const fn key(name: &'static str) -> Self {
        PathSegment::Key(Cow::Borrowed(name))
    }
}

impl From<&'static str> for PathSegment {
    fn from(s: &'static str) -> Self {
        PathSegment::key(s)
    }
}

impl From<usize> for PathSegment {
    fn from(i: usize) -> Self {
        PathSegment::Index(i)
    }
}

impl core::fmt::Display for PathSegment {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PathSegment::Key(k) => f.write_str(k),
            PathSegment::Index(i) => write!(f, "{i}"),
        }
    }
}

/// A param value: a number, a text, or a list of either.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum ParamValue {
    /// A number (`max`, `actual`, ...).
    Int(i64),
    /// A text (`expected`, `prefix`, ...).
    Text(Cow<'static, str>),
    /// A list (`allowed`).
    List(Vec<ParamValue>),
}

impl ParamValue {
    /// Appends the value as a message shows it: a list as `a, b, c`. (No `core::fmt` on this
    /// path: messages render in the browser build, where formatting machinery costs size.)
    pub fn write_text(&self, out: &mut String) {
        match self {
            ParamValue::Int(i) => crate::json::write_int(out, *i),
            ParamValue::Text(t) => out.push_str(t),
            ParamValue::List(items) => {
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    item.write_text(out);
                }
            }
        }
    }
}

/// Appends `text`: out of line, since at core's opt-level an inlined `push_str` at each place
/// the JSON writers below append a literal costs the wasm more than the calls.
#[inline(never)]
pub(crate) fn put(out: &mut String, text: &str) {
    out.push_str(text);
}

impl ParamValue {
    /// Appends the value as JSON: a number, a string, or an array of them.
    pub fn write_json(&self, out: &mut String) {
        match self {
            ParamValue::Int(i) => crate::json::write_int(out, *i),
            ParamValue::Text(t) => crate::json::write_string(out, t),
            ParamValue::List(items) => {
                put(out, "[");
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        put(out, ",");
                    }
                    item.write_json(out);
                }
                put(out, "]");
            }
        }
    }
}

impl core::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut text = String::new();
        self.write_text(&mut text);
        f.write_str(&text)
    }
}

impl From<usize> for ParamValue {
    fn from(v: usize) -> Self {
        ParamValue::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

impl From<i64> for ParamValue {
    fn from(v: i64) -> Self {
        ParamValue::Int(v)
    }
}

impl From<&'static str> for ParamValue {
    fn from(v: &'static str) -> Self {
        ParamValue::Text(Cow::Borrowed(v))
    }
}

impl From<String> for ParamValue {
    fn from(v: String) -> Self {
        ParamValue::Text(Cow::Owned(v))
    }
}

impl From<&'static [&'static str]> for ParamValue {
    fn from(v: &'static [&'static str]) -> Self {
        ParamValue::List(v.iter().map(|s| ParamValue::from(*s)).collect())
    }
}

impl From<&'static [i64]> for ParamValue {
    fn from(v: &'static [i64]) -> Self {
        ParamValue::List(v.iter().map(|i| ParamValue::Int(*i)).collect())
    }
}

/// Named params of an issue, in the order [`IssueCode::params`] lists them.
pub type Params = Vec<(&'static str, ParamValue)>;

/// One problem found by validation.
///
/// ```
/// use hwc_kyc::{validate, Operation, Options, Locale, IssueCode};
/// let form = hwc_kyc::json::parse(br#"{"search_type":"email","search_value":"nobody"}"#).unwrap();
/// let issues = validate(Operation::CheckIdentity, &form, &Options::default()).unwrap_err();
/// assert_eq!(issues[0].code, IssueCode::InvalidEmail);
/// assert_eq!(issues[0].path_string(), "search_value");
/// assert!(issues[0].message.contains("e-mail"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "IssueRepr"))]
pub struct Issue {
    /// Where: wire field names and list indexes from the root of the request.
    pub path: Vec<PathSegment>,
    /// What, as a stable code.
    pub code: IssueCode,
    /// The values the message interpolates.
    #[cfg_attr(feature = "serde", serde(with = "params_serde"))]
    pub params: Params,
    /// The message, rendered in the locale the validation was asked for.
    pub message: String,
}

impl Issue {
    /// Makes an issue, rendering its message in `locale`.
    pub fn new(path: Vec<PathSegment>, code: IssueCode, params: Params, locale: Locale) -> Self {
        let message = crate::messages::render(code, &params, locale);
        Issue {
            path,
            code,
            params,
            message,
        }
    }

    /// The path joined with dots (`enterprise_person.legel_name`, `verified_file_url.2`).
    pub fn path_string(&self) -> String {
        let mut s = String::new();
        for (n, seg) in self.path.iter().enumerate() {
            if n > 0 {
                s.push('.');
            }
            s.push_str(&seg.to_string());
        }
        s
    }

    /// The value of a param by name.
    pub fn param(&self, name: &str) -> Option<&ParamValue> {
        self.params.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// This issue with its message rendered again in another locale.
    pub fn localized(&self, locale: Locale) -> Issue {
        Issue {
            message: crate::messages::render(self.code, &self.params, locale),
            ..self.clone()
        }
    }
}

/// Appends a path as a JSON array of keys and indexes: `["verified_file_url",2]`.
pub fn write_path_json(out: &mut String, path: &[PathSegment]) {
    put(out, "[");
    for (n, seg) in path.iter().enumerate() {
        if n > 0 {
            put(out, ",");
        }
        match seg {
            PathSegment::Key(k) => crate::json::write_string(out, k),
            // No list in memory has more than i64::MAX entries.
            PathSegment::Index(i) => {
                crate::json::write_int(out, i64::try_from(*i).unwrap_or(i64::MAX))
            }
        }
    }
    put(out, "]");
}

/// Appends issues as the JSON array every client reads, each
/// `{"path":[…],"code":"…","params":{…},"message":"…"}`: the one writer of that shape, used by
/// the npm package and the proxy's 400 answers.
///
/// ```
/// use hwc_kyc::{issue::write_issues_json, Issue, IssueCode, Locale, PathSegment};
/// let issue = Issue::new(vec![PathSegment::key("name")], IssueCode::Empty, Vec::new(), Locale::En);
/// let mut out = String::new();
/// write_issues_json(&mut out, &[issue]);
/// assert!(out.starts_with(r#"[{"path":["name"],"code":"empty","params":{},"message":"#));
/// ```
pub fn write_issues_json(out: &mut String, issues: &[Issue]) {
    put(out, "[");
    for (n, issue) in issues.iter().enumerate() {
        if n > 0 {
            put(out, ",");
        }
        issue.write_json(out);
    }
    put(out, "]");
}

impl Issue {
    /// Appends this issue as `{"path":[…],"code":"…","params":{…},"message":"…"}` (see
    /// [`write_issues_json`]).
    pub fn write_json(&self, out: &mut String) {
        put(out, "{\"path\":");
        write_path_json(out, &self.path);
        put(out, ",\"code\":\"");
        put(out, self.code.as_str());
        put(out, "\",\"params\":{");
        for (n, (name, value)) in self.params.iter().enumerate() {
            if n > 0 {
                put(out, ",");
            }
            crate::json::write_string(out, name);
            put(out, ":");
            value.write_json(out);
        }
        put(out, "},\"message\":");
        crate::json::write_string(out, &self.message);
        put(out, "}");
    }
}

impl core::fmt::Display for Issue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{}: {} ({})",
            self.path_string(),
            self.message,
            self.code
        )
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for IssueCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for IssueCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        IssueCode::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format_args!("unknown issue code {s:?}")))
    }
}

/// The serialized form of an issue; reading it puts the params back in the code's order.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct IssueRepr {
    path: Vec<PathSegment>,
    code: IssueCode,
    #[serde(with = "params_serde")]
    params: Params,
    message: String,
}

#[cfg(feature = "serde")]
impl From<IssueRepr> for Issue {
    fn from(r: IssueRepr) -> Self {
        let mut params = r.params;
        params.retain(|(name, _)| r.code.params().contains(name));
        params.sort_by_key(|(name, _)| r.code.params().iter().position(|p| p == name));
        Issue {
            path: r.path,
            code: r.code,
            params,
            message: r.message,
        }
    }
}

#[cfg(feature = "serde")]
mod params_serde {
    use super::{IssueCode, ParamValue, Params};
    use serde::ser::SerializeMap;

    pub fn serialize<S: serde::Serializer>(params: &Params, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(params.len()))?;
        for (k, v) in params {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }

    /// Param names are static: only the names some issue code declares are kept.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Params, D::Error> {
        let map: std::collections::BTreeMap<String, ParamValue> =
            serde::Deserialize::deserialize(d)?;
        let mut out = Params::new();
        for (k, v) in map {
            let known = IssueCode::ALL
                .iter()
                .flat_map(|c| c.params().iter())
                .find(|p| **p == k);
            if let Some(name) = known {
                out.push((name, v));
            }
        }
        Ok(out)
    }
}

/// An issue as [`write_issues_json`] writes it.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Issue {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Type};
        let text = || ObjectBuilder::new().schema_type(Type::String);
        let int = || ObjectBuilder::new().schema_type(Type::Integer);
        let scalar = || OneOfBuilder::new().item(int()).item(text());
        let param = OneOfBuilder::new()
            .item(int())
            .item(text())
            .item(ArrayBuilder::new().items(scalar()));
        ObjectBuilder::new()
            .description(Some(
                "One problem, at a path of wire field names and list indexes.",
            ))
            .property(
                "path",
                ArrayBuilder::new().items(scalar()).description(Some(
                    "Wire field names and list indexes from the root of the request.",
                )),
            )
            .property(
                "code",
                text()
                    .enum_values(Some(IssueCode::ALL.iter().map(|c| c.as_str())))
                    .description(Some("The stable code (ISSUE_CODES.md).")),
            )
            .property(
                "params",
                ObjectBuilder::new()
                    .additional_properties(Some(
                        utoipa::openapi::schema::AdditionalProperties::RefOr(
                            utoipa::openapi::RefOr::T(param.into()),
                        ),
                    ))
                    .description(Some("The values the message interpolates, by name.")),
            )
            .property(
                "message",
                text().description(Some("The message in the request's locale.")),
            )
            .required("path")
            .required("code")
            .required("params")
            .required("message")
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Issue {}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Issue> {
        vec![
            Issue::new(
                vec![PathSegment::key("verified_file_url"), PathSegment::Index(2)],
                IssueCode::TooLong,
                vec![("max", 64usize.into()), ("actual", 65usize.into())],
                Locale::En,
            ),
            Issue::new(
                vec![PathSegment::key("verified_type")],
                IssueCode::InvalidValue,
                vec![("allowed", ParamValue::from(&[0i64, 3, -1][..]))],
                Locale::ZhCn,
            ),
            Issue::new(
                vec![PathSegment::Key("odd \"key\"\n".to_string().into())],
                IssueCode::InvalidExtension,
                vec![("allowed", ParamValue::from(&["jpg", "pdf"][..]))],
                Locale::Es,
            ),
            Issue::new(Vec::new(), IssueCode::Required, Vec::new(), Locale::En),
        ]
    }

    #[test]
    fn the_json_writer_writes_path_code_params_and_message_in_order() {
        let mut out = String::new();
        write_issues_json(&mut out, &sample()[..1]);
        assert_eq!(
            out,
            r#"[{"path":["verified_file_url",2],"code":"too_long","params":{"max":64,"actual":65},"message":"Must be at most 64 characters (currently 65)."}]"#
        );
        let mut empty = String::new();
        write_issues_json(&mut empty, &[]);
        assert_eq!(empty, "[]");
    }

    #[test]
    fn the_json_writer_agrees_with_serde_json_on_every_value() {
        let issues = sample();
        let mut out = String::new();
        write_issues_json(&mut out, &issues);
        let parsed: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        let items = parsed.as_array().expect("an array");
        assert_eq!(items.len(), issues.len());
        for (item, issue) in items.iter().zip(&issues) {
            let path: Vec<serde_json::Value> = issue
                .path
                .iter()
                .map(|s| match s {
                    PathSegment::Key(k) => serde_json::Value::from(k.as_ref()),
                    PathSegment::Index(i) => serde_json::Value::from(*i),
                })
                .collect();
            assert_eq!(item["path"], serde_json::Value::from(path));
            assert_eq!(item["code"], issue.code.as_str());
            assert_eq!(item["message"], issue.message.as_str());
            let params = item["params"].as_object().expect("params object");
            assert_eq!(params.len(), issue.params.len());
            for (name, value) in &issue.params {
                let mut text = String::new();
                value.write_json(&mut text);
                let want: serde_json::Value = serde_json::from_str(&text).expect("param JSON");
                assert_eq!(params[*name], want, "{name}");
            }
        }
        assert_eq!(items[1]["params"]["allowed"], serde_json::json!([0, 3, -1]));
        assert_eq!(items[2]["path"], serde_json::json!(["odd \"key\"\n"]));
    }
}

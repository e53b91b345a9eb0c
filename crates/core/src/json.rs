//! A small JSON value, parser and writer.
//!
//! Why not serde_json: the same parser runs in the browser build, where serde_json would cost
//! more than every rule together, and the proxy needs things serde_json does not give: duplicate
//! keys refused (no parser differential between us and the upstream), a nesting limit, and error
//! positions a person can act on.

use std::fmt::Write as _;

use crate::lean_std;

/// Deepest nesting of arrays and objects [`parse`] accepts.
pub const MAX_DEPTH: usize = 64;

/// Objects with up to this many members are checked for a repeated key by a plain scan as each
/// key is read; the keys after these are checked once the object ends (or fails), by sorting
/// indexes of the keys, so a hostile object with many keys costs O(n log n) instead of O(n²)
/// (100 000 keys took a minute; found while fuzzing, RELIABILITY.md). The error is the same as
/// a check at each key would give: the first repeated key in document order, unless an error
/// comes before it.
const SCAN_MEMBERS: usize = 16;

/// A JSON value. Objects keep their keys in document order.
///
/// ```
/// use hwc_kyc::json::{parse, Value};
/// let v = parse(br#"{"a": [1, "x", null]}"#).unwrap();
/// assert_eq!(v.get("a").and_then(|a| a.as_array()).map(|a| a.len()), Some(3));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in document order, no key twice.
    Object(Vec<(String, Value)>),
}

/// A JSON number: an integer when it is written as one and fits `i64`, otherwise a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer written without fraction or exponent.
    Int(i64),
    /// Any other number.
    Float(f64),
}

impl Number {
    /// The number as an `i64` when it is a whole number in range (`2.0` counts, `2.5` does not).
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(i),
            // ±2^53 keeps the conversion exact.
            Number::Float(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => {
                Some(f as i64)
            }
            Number::Float(_) => None,
        }
    }
}

impl Value {
    /// The member of an object with this key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The JSON type name, as issues report it: `null`, `boolean`, `number`, `string`, `array`,
    /// `object`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Compact JSON text of this value (keys in their order, no white space).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, &write_float);
        out
    }
}

/// A finite float, as the shortest text that reads back the same.
fn write_float(out: &mut String, f: f64) {
    // Debug keeps a fraction (`1500.0`), so the number reads back as a float.
    let _ = write!(out, "{f:?}");
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Number(Number::Int(i))
    }
}

/// Why a text is not acceptable JSON, with where (1-based line and column, and byte offset).
///
/// ```
/// let err = hwc_kyc::json::parse(b"{\"a\": 1 \"b\": 2}").unwrap_err();
/// assert_eq!(err.to_string(), "expected ',' or '}' after an object member at line 1, column 9");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong.
    pub reason: JsonErrorReason,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset into the input.
    pub offset: usize,
}

/// The kinds of JSON syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonErrorReason {
    /// Input ended inside a value.
    UnexpectedEnd,
    /// Nothing at all, or only white space.
    Empty,
    /// A character that cannot start or continue a value here.
    UnexpectedChar(char),
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// A missing separator between members.
    ExpectedCommaOrBrace,
    /// A missing separator between elements.
    ExpectedCommaOrBracket,
    /// A key without its colon.
    ExpectedColon,
    /// A member that does not start with a string key.
    ExpectedKey,
    /// The same key twice in one object.
    DuplicateKey(String),
    /// A malformed number.
    InvalidNumber,
    /// A malformed escape or a raw control character in a string.
    InvalidString,
    /// Deeper than [`MAX_DEPTH`].
    TooDeep,
    /// More text after the value.
    TrailingCharacters,
}

impl JsonErrorReason {
    /// Appends the reason as text (`duplicate key "a"`). Written by hand, not with `core::fmt`,
    /// so the browser build's `invalid_json` message needs no formatting machinery.
    pub fn write_text(&self, out: &mut String) {
        let fixed = match self {
            JsonErrorReason::UnexpectedEnd => "unexpected end of input",
            JsonErrorReason::Empty => "empty input",
            JsonErrorReason::UnexpectedChar(c) => {
                out.push_str("unexpected character '");
                out.push(*c);
                out.push('\'');
                return;
            }
            JsonErrorReason::InvalidUtf8 => "invalid UTF-8",
            JsonErrorReason::ExpectedCommaOrBrace => "expected ',' or '}' after an object member",
            JsonErrorReason::ExpectedCommaOrBracket => "expected ',' or ']' after an array element",
            JsonErrorReason::ExpectedColon => "expected ':' after an object key",
            JsonErrorReason::ExpectedKey => "expected a string key",
            JsonErrorReason::DuplicateKey(k) => {
                out.push_str("duplicate key \"");
                out.push_str(k);
                out.push('"');
                return;
            }
            JsonErrorReason::InvalidNumber => "invalid number",
            JsonErrorReason::InvalidString => "invalid string escape or control character",
            JsonErrorReason::TooDeep => {
                out.push_str("nested deeper than ");
                write_int(out, MAX_DEPTH as i64);
                out.push_str(" levels");
                return;
            }
            JsonErrorReason::TrailingCharacters => "unexpected text after the value",
        };
        out.push_str(fixed);
    }

    /// The reason as text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }
}

impl core::fmt::Display for JsonErrorReason {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::error::Error for JsonErrorReason {}

impl JsonError {
    /// The error as text: the reason, then `at line L, column C`.
    pub fn text(&self) -> String {
        let mut out = self.reason.text();
        out.push_str(" at line ");
        write_int(&mut out, i64::try_from(self.line).unwrap_or(i64::MAX));
        out.push_str(", column ");
        write_int(&mut out, i64::try_from(self.column).unwrap_or(i64::MAX));
        out
    }
}

impl core::fmt::Display for JsonError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::error::Error for JsonError {}

/// Parses one JSON value from bytes (UTF-8, optional BOM not accepted, surrounding white space
/// allowed). Duplicate keys and nesting deeper than [`MAX_DEPTH`] are errors.
///
/// ```
/// use hwc_kyc::json::{parse, Value, Number};
/// assert_eq!(parse(b" 42 ").unwrap(), Value::Number(Number::Int(42)));
/// assert!(parse(br#"{"a":1,"a":2}"#).is_err());
/// ```
pub fn parse(input: &[u8]) -> Result<Value, JsonError> {
    Parser {
        s: input,
        text: None,
        i: 0,
    }
    .document()
}

/// [`parse`] of a text that is already UTF-8 (a `&str`), without checking its strings' UTF-8
/// again: the same value or the same error, at the same place, as `parse(text.as_bytes())`.
///
/// ```
/// use hwc_kyc::json::{parse, parse_str};
/// assert_eq!(parse_str(r#"{"a":"é"}"#), parse(r#"{"a":"é"}"#.as_bytes()));
/// assert_eq!(parse_str("[1,]"), parse(b"[1,]"));
/// ```
pub fn parse_str(text: &str) -> Result<Value, JsonError> {
    Parser {
        s: text.as_bytes(),
        text: Some(text),
        i: 0,
    }
    .document()
}

struct Parser<'a> {
    s: &'a [u8],
    /// `s` as text, when the caller gave a `&str`: its runs need no UTF-8 check.
    text: Option<&'a str>,
    i: usize,
}

impl Parser<'_> {
    fn document(&mut self) -> Result<Value, JsonError> {
        let p = self;
        p.skip_ws();
        if p.i >= p.s.len() {
            return Err(p.err(JsonErrorReason::Empty));
        }
        let v = p.value(0)?;
        p.skip_ws();
        if p.i < p.s.len() {
            return Err(p.err(JsonErrorReason::TrailingCharacters));
        }
        Ok(v)
    }

    fn err(&self, reason: JsonErrorReason) -> JsonError {
        let upto = &self.s[..self.i.min(self.s.len())];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        // The characters of the line so far, as `String::from_utf8_lossy` decodes them (an
        // error path: the line is decoded only here).
        let line_so_far = upto.get(line_start..).unwrap_or_default();
        let column = lean_std::char_count(&lean_std::utf8_lossy(line_so_far)) + 1;
        JsonError {
            reason,
            line,
            column,
            offset: self.i,
        }
    }

    fn unexpected(&self) -> JsonError {
        match self.s.get(self.i) {
            None => self.err(JsonErrorReason::UnexpectedEnd),
            Some(_) => {
                let rest = self.s.get(self.i..).unwrap_or_default();
                let c = (1..=4)
                    .find_map(|n| std::str::from_utf8(rest.get(..n)?).ok())
                    .and_then(|s| s.chars().next());
                match c {
                    Some(c) => self.err(JsonErrorReason::UnexpectedChar(c)),
                    None => self.err(JsonErrorReason::InvalidUtf8),
                }
            }
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat_literal(&mut self, lit: &[u8], v: Value) -> Result<Value, JsonError> {
        if self.s.get(self.i..).unwrap_or_default().starts_with(lit) {
            self.i += lit.len();
            Ok(v)
        } else {
            Err(self.unexpected())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        match self.s.get(self.i) {
            None => Err(self.err(JsonErrorReason::UnexpectedEnd)),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.eat_literal(b"true", Value::Bool(true)),
            Some(b'f') => self.eat_literal(b"false", Value::Bool(false)),
            Some(b'n') => self.eat_literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.unexpected()),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err(JsonErrorReason::TooDeep));
        }
        self.i += 1;
        let mut members: Vec<(String, Value)> = Vec::with_capacity(8); // a form object: one allocation, not four
                                                                       // Byte offsets of the keys of members[SCAN_MEMBERS..], checked for repeats at the end.
        let mut late_keys = Vec::new();
        let read = self.members(depth, &mut members, &mut late_keys);
        if !late_keys.is_empty() {
            if let Some(n) = first_repeat(&members) {
                self.i = late_keys.get(n - SCAN_MEMBERS).copied().unwrap_or(self.i);
                let key = members
                    .get_mut(n)
                    .map(|m| std::mem::take(&mut m.0))
                    .unwrap_or_default();
                return Err(self.err(JsonErrorReason::DuplicateKey(key)));
            }
        }
        read.map(|()| Value::Object(members))
    }

    /// Reads the members of an object after its `{`, through its `}`. A member is pushed as soon
    /// as its key is read (its value is `null` until read), so that [`first_repeat`] sees the
    /// key when what follows it fails.
    fn members(
        &mut self,
        depth: usize,
        members: &mut Vec<(String, Value)>,
        late_keys: &mut Vec<usize>,
    ) -> Result<(), JsonError> {
        self.skip_ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(match self.s.get(self.i) {
                    None => self.err(JsonErrorReason::UnexpectedEnd),
                    Some(_) => self.err(JsonErrorReason::ExpectedKey),
                });
            }
            let key_at = self.i;
            let key = self.string()?;
            if members.len() < SCAN_MEMBERS {
                if members.iter().any(|(k, _)| *k == key) {
                    self.i = key_at;
                    return Err(self.err(JsonErrorReason::DuplicateKey(key)));
                }
            } else {
                late_keys.push(key_at);
            }
            members.push((key, Value::Null));
            self.skip_ws();
            if self.s.get(self.i) != Some(&b':') {
                return Err(match self.s.get(self.i) {
                    None => self.err(JsonErrorReason::UnexpectedEnd),
                    Some(_) => self.err(JsonErrorReason::ExpectedColon),
                });
            }
            self.i += 1;
            self.skip_ws();
            let v = self.value(depth)?;
            if let Some(last) = members.last_mut() {
                last.1 = v;
            }
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                None => return Err(self.err(JsonErrorReason::UnexpectedEnd)),
                Some(_) => return Err(self.err(JsonErrorReason::ExpectedCommaOrBrace)),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err(JsonErrorReason::TooDeep));
        }
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.err(JsonErrorReason::UnexpectedEnd)),
                Some(_) => return Err(self.err(JsonErrorReason::ExpectedCommaOrBracket)),
            }
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let from = p.i;
            while let Some(b'0'..=b'9') = p.s.get(p.i) {
                p.i += 1;
            }
            p.i - from
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.s.get(int_start) == Some(&b'0')) {
            return Err(self.err(JsonErrorReason::InvalidNumber));
        }
        let mut is_int = true;
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            is_int = false;
            if digits(self) == 0 {
                return Err(self.err(JsonErrorReason::InvalidNumber));
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            is_int = false;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err(JsonErrorReason::InvalidNumber));
            }
        }
        // The slice is ASCII digits and signs only, so it is valid UTF-8.
        let text =
            std::str::from_utf8(self.s.get(start..self.i).unwrap_or_default()).unwrap_or("0");
        if is_int {
            if let Some(i) = parse_i64(text) {
                return Ok(Value::Number(Number::Int(i)));
            }
        }
        float_number(text).ok_or_else(|| self.err(JsonErrorReason::InvalidNumber))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.s.get(self.i) {
                Some(b) => (*b as char).to_digit(16),
                None => return Err(self.err(JsonErrorReason::UnexpectedEnd)),
            };
            match d {
                Some(d) => v = v * 16 + d,
                None => return Err(self.err(JsonErrorReason::InvalidString)),
            }
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the longest run without quotes, escapes or control bytes in one go.
            let run_start = self.i;
            self.i = plain_run_end(self.s, self.i, false);
            if self.i > run_start {
                // A run starts after a quote or an escape and ends before an ASCII byte, so in a
                // `&str` it lies on char boundaries and `get` never fails.
                // (`Err` holds how many bytes of the run are valid UTF-8.)
                let run = match self.text {
                    Some(text) => text.get(run_start..self.i).ok_or(0),
                    None => {
                        let run = self.s.get(run_start..self.i).unwrap_or_default();
                        std::str::from_utf8(run).map_err(|e| e.valid_up_to())
                    }
                };
                match run {
                    // The common case, a string without escapes: one exact allocation.
                    Ok(s) if out.is_empty() && self.s.get(self.i) == Some(&b'"') => {
                        self.i += 1;
                        return Ok(s.to_owned());
                    }
                    Ok(s) => out.push_str(s),
                    Err(valid) => {
                        self.i = run_start + valid;
                        return Err(self.err(JsonErrorReason::InvalidUtf8));
                    }
                }
            }
            match self.s.get(self.i) {
                None => return Err(self.err(JsonErrorReason::UnexpectedEnd)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let esc = match self.s.get(self.i) {
                        None => return Err(self.err(JsonErrorReason::UnexpectedEnd)),
                        Some(e) => *e,
                    };
                    self.i += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i) != Some(&b'\\')
                                    || self.s.get(self.i + 1) != Some(&b'u')
                                {
                                    return Err(self.err(JsonErrorReason::InvalidString));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err(JsonErrorReason::InvalidString));
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                char::from_u32(hi)
                            };
                            match c {
                                Some(c) => out.push(c),
                                None => return Err(self.err(JsonErrorReason::InvalidString)),
                            }
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err(JsonErrorReason::InvalidString));
                        }
                    }
                }
                Some(_) => return Err(self.err(JsonErrorReason::InvalidString)),
            }
        }
    }
}

/// A number in JSON syntax that is not an `i64` integer, as a [`Value`].
///
/// Natively its value is the nearest `f64` (`str::parse`). The wasm build never reads a float's
/// value except through [`Number::as_i64`], and the standard library's float parser costs it
/// some 15 KB (gzip) of code and tables, so there the number keeps only what `as_i64` gives:
/// the whole number [`whole_number`] finds (the same as `as_i64` of the parsed `f64`, which a
/// test checks on every kind of input), or NaN when there is none.
#[cfg(not(target_arch = "wasm32"))]
fn float_number(text: &str) -> Option<Value> {
    text.parse().ok().map(|f| Value::Number(Number::Float(f)))
}

#[cfg(target_arch = "wasm32")]
fn float_number(text: &str) -> Option<Value> {
    let f = whole_number(text).map_or(f64::NAN, |n| n as f64);
    Some(Value::Number(Number::Float(f)))
}

/// `Number::Float(text.parse::<f64>()).as_i64()` for a JSON number `text`, without parsing a
/// float: the whole number N with |N| <= 2^53 that the number rounds to as an `f64` (round to
/// nearest, ties to even), if it rounds to one.
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
fn whole_number(text: &str) -> Option<i64> {
    const LIMIT: u64 = 1 << 53;
    let bytes = text.as_bytes();
    let negative = bytes.first() == Some(&b'-');
    let body = bytes.get(usize::from(negative)..).unwrap_or_default();
    let mantissa_end = body
        .iter()
        .position(|b| matches!(b, b'e' | b'E'))
        .unwrap_or(body.len());
    let (mantissa, exponent) = body.split_at(mantissa_end);
    // The exponent, saturated far beyond any that matters.
    let mut exp: i64 = 0;
    let mut exp_negative = false;
    for &b in exponent.iter().skip(1) {
        match b {
            b'-' => exp_negative = true,
            b'0'..=b'9' => exp = (exp * 10 + i64::from(b - b'0')).min(1 << 40),
            _ => {}
        }
    }
    if exp_negative {
        exp = -exp;
    }
    // The significant digits D (no leading or trailing zeros), and `point`: the value is
    // 0.D × 10^point.
    let int_len = mantissa
        .iter()
        .position(|&b| b == b'.')
        .unwrap_or(mantissa.len());
    let all: Vec<u8> = mantissa
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|b| b - b'0')
        .collect();
    let lead = all.iter().take_while(|&&d| d == 0).count();
    let Some(last) = all.iter().rposition(|&d| d != 0) else {
        return Some(0); // zero, whatever its sign and exponent
    };
    let digits = all.get(lead..=last).unwrap_or_default();
    let point = (int_len as i64) - (lead as i64) + exp;
    if point > 16 {
        return None; // at least 10^16, beyond 2^53 + 1
    }
    // The whole part I and the fraction F = 0.(zeros)(frac).
    let (whole, zeros, frac) = if point > 0 {
        let point = point as usize;
        let mut whole: u64 = 0;
        for n in 0..point {
            whole = whole * 10 + u64::from(digits.get(n).copied().unwrap_or(0));
        }
        let rest = digits.get(point..).unwrap_or_default();
        let z = rest.iter().take_while(|&&d| d == 0).count();
        (whole, z, rest.get(z..).unwrap_or_default())
    } else {
        (0, usize::try_from(-point).unwrap_or(usize::MAX), digits)
    };
    let n = if frac.is_empty() {
        // A whole number: 2^53 + 1 is a tie that goes to 2^53.
        match whole {
            w if w <= LIMIT => w,
            w if w == LIMIT + 1 => LIMIT,
            _ => return None,
        }
    } else if whole >= LIMIT / 2 {
        // Here the f64 grid is the whole numbers (or coarser): round half to even.
        let half = cmp_fraction((zeros, frac), (0, &[5]));
        let up = half.is_gt() || (half.is_eq() && whole % 2 == 1);
        match whole + u64::from(up) {
            n if n <= LIMIT => n,
            _ if whole == LIMIT => LIMIT, // below 2^53 + 1: down to 2^53
            _ => return None,
        }
    } else {
        // The grid is 2^(k-53) for I in [2^(k-1), 2^k), and whole numbers are on it (at even
        // places): v rounds to I when F <= 2^(k-54), to I + 1 when 1 - F <= 2^(k-54).
        let k = 64 - whole.leading_zeros() as usize;
        let half_step = half_powers(54 - k);
        let z = half_step.iter().take_while(|&&d| d == 0).count();
        let down = if whole == 0 {
            // Below 1 the grid gets finer down to the subnormals.
            // F <= 2^-1075 (half the smallest subnormal), whose 1075 digits after the point are
            // 323 zeros and then 752 others: decided by F's leading zeros unless they are 323.
            match zeros.cmp(&HALF_MIN_SUBNORMAL_ZEROS) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Equal => {
                    let half_min = half_powers(1075);
                    let d = half_min.get(HALF_MIN_SUBNORMAL_ZEROS..).unwrap_or_default();
                    cmp_fraction((zeros, frac), (HALF_MIN_SUBNORMAL_ZEROS, d)).is_le()
                }
            }
        } else {
            cmp_fraction((zeros, frac), (z, half_step.get(z..).unwrap_or_default())).is_le()
        };
        // 1 - 2^-j: the ten's complement of 2^-j's j digits (the last of them is 5).
        let last = half_step.len() - 1;
        let complement: Vec<u8> = half_step
            .iter()
            .enumerate()
            .map(|(n, &d)| if n == last { 10 - d } else { 9 - d })
            .collect();
        if down {
            whole
        } else if cmp_fraction((zeros, frac), (0, &complement)).is_ge() {
            whole + 1
        } else {
            return None;
        }
    };
    // |n| <= 2^53, so the conversion is exact.
    let n = n as i64;
    Some(if negative { -n } else { n })
}

/// How many zeros 2^-1075 (half the smallest subnormal `f64`) has after the point.
const HALF_MIN_SUBNORMAL_ZEROS: usize = 323;

/// The decimal digits of 2^-j after the point (exactly j of them): 2^-j = 5^j / 10^j, so the
/// digits of 5^j, zero-padded on the left. (Computed, not stored: the wasm carried the 752
/// digits of 5^1075 as data.)
fn half_powers(j: usize) -> Vec<u8> {
    const BASE: u64 = 1_000_000_000;
    // 5^j in base 10^9, least significant limb first, multiplied up by at most 5^12 (< 10^9,
    // so each carry fits one limb).
    let mut limbs: Vec<u64> = vec![1];
    let mut left = j;
    while left > 0 {
        let k = left.min(12);
        left -= k;
        let m = 5u64.pow(k as u32);
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let v = *limb * m + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    // 5^j < 10^j: its digits fit in j places.
    let mut digits = vec![0u8; j];
    let mut places = digits.iter_mut().rev();
    for mut limb in limbs {
        for _ in 0..9 {
            if let Some(d) = places.next() {
                *d = (limb % 10) as u8;
            }
            limb /= 10;
        }
    }
    digits
}

/// Compares two fractions 0.(z zeros)(d…), digit values 0-9, the first of `d` not zero when
/// `d` is not empty (for `b`, the digits may also be ASCII).
fn cmp_fraction(a: (usize, &[u8]), b: (usize, &[u8])) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let digit = |d: &[u8], n: usize| d.get(n).map_or(0, |&c| c & 0x0F);
    match (a.1.is_empty(), b.1.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        (false, false) => {}
    }
    if a.0 != b.0 {
        return b.0.cmp(&a.0); // more leading zeros: smaller
    }
    for n in 0..a.1.len().max(b.1.len()) {
        let o = digit(a.1, n).cmp(&digit(b.1, n));
        if o.is_ne() {
            return o;
        }
    }
    Ordering::Equal
}

/// The index of the first member (in document order) whose key an earlier member already has:
/// (key, index) pairs sorted put each key's members side by side in document order, so the
/// first repeat of a key is the second of its run. O(n log n) time, one allocation.
fn first_repeat(members: &[(String, Value)]) -> Option<usize> {
    let mut order: Vec<(&str, usize)> = members
        .iter()
        .enumerate()
        .map(|(n, (k, _))| (k.as_str(), n))
        .collect();
    // The pairs are distinct, so either sort gives the same order.
    #[cfg(target_arch = "wasm32")]
    heap_sort(&mut order);
    #[cfg(not(target_arch = "wasm32"))]
    order.sort_unstable();
    order
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if a.0 == b.0 => Some(b.1),
            _ => None,
        })
        .min()
}

/// Sorts `v` in O(n log n) for any input, in a few dozen bytes of wasm, where the standard
/// library's sort costs 1.4 KB (gzip); natively that sort is used, which is faster (50 000 keys:
/// 23 ms against 35 ms).
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
fn heap_sort<T: Ord>(v: &mut [T]) {
    // Moves v[root] down until both children are smaller (a max-heap in v). Read through `get`,
    // so the wasm carries no bounds checks.
    fn sift_down<T: Ord>(v: &mut [T], mut root: usize) {
        loop {
            let left = 2 * root + 1;
            let child = match (v.get(left), v.get(left + 1)) {
                (Some(l), Some(r)) if l < r => left + 1,
                (Some(_), _) => left,
                _ => return,
            };
            match (v.get(root), v.get(child)) {
                (Some(r), Some(c)) if r < c => v.swap(root, child),
                _ => return,
            }
            root = child;
        }
    }
    for root in (0..v.len() / 2).rev() {
        sift_down(v, root);
    }
    for end in (1..v.len()).rev() {
        // v.swap(0, end), by a pattern: the optimizer kept that call's bounds check.
        if let Some([first, .., last]) = v.get_mut(..=end) {
            std::mem::swap(first, last);
        }
        if let Some(heap) = v.get_mut(..end) {
            sift_down(heap, 0);
        }
    }
}

/// Appends `s` as a JSON string literal (quotes included) to `out`: `"` and `\\` escaped, control
/// characters as `\n`, `\r`, `\t` or `\u00XX`, and U+2028 / U+2029 as `\u2028` / `\u2029` (so the
/// text can sit inside a `<script>`).
///
/// ```
/// let mut out = String::new();
/// hwc_kyc::json::write_string(&mut out, "a\"b\u{1}\u{2029}中");
/// assert_eq!(out, r#""a\"b\u0001\u2029中""#);
/// ```
pub fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // Scans bytes, not chars: every byte that needs escaping is ASCII, or the lead byte 0xE2 of
    // U+2028 / U+2029 (E2 80 A8 / E2 80 A9), so each stop is on a char boundary.
    let bytes = s.as_bytes();
    out.reserve(s.len() + 2);
    out.push('"');
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = plain_run_end(bytes, i, true);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let (escape, code, len): (&str, u32, usize) = match b {
            b'"' => ("\\\"", 0, 1),
            b'\\' => ("\\\\", 0, 1),
            b'\n' => ("\\n", 0, 1),
            b'\r' => ("\\r", 0, 1),
            b'\t' => ("\\t", 0, 1),
            0..=0x1f => ("", u32::from(b), 1),
            0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0xA8) => ("", 0x2028, 3),
                Some(0xA9) => ("", 0x2029, 3),
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        // (`get`: each stop is on a char boundary, and `get` keeps the panic machinery of
        // string slicing out of the wasm.)
        out.push_str(s.get(from..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(char::from(HEX[((code >> shift) & 15) as usize]));
            }
        } else {
            out.push_str(escape);
        }
        i += len;
        from = i;
    }
    out.push_str(s.get(from..).unwrap_or_default());
    out.push('"');
}

/// Where the run of bytes from `from` that a JSON string holds as they are ends: the index of the
/// first `"`, `\\` or control byte (below 0x20), or with `stop_e2` also 0xE2 (the lead byte of
/// U+2028 and U+2029, which the writer escapes); `bytes.len()` when there is none.
///
/// Eight bytes at a time: each test below flags a word that holds such a byte (never misses one;
/// a flag can be false only for a byte after a true one), and a flagged word is then read byte
/// by byte. Strings are scanned on every parse and write, and this is most of their cost.
fn plain_run_end(bytes: &[u8], from: usize, stop_e2: bool) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(word);
        let mut hit = has_zero(w ^ (ONES * u64::from(b'"')))
            | has_zero(w ^ (ONES * u64::from(b'\\')))
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGHS);
        if stop_e2 {
            hit |= has_zero(w ^ (ONES * 0xE2));
        }
        if hit != 0 {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 || (stop_e2 && b == 0xE2) {
            break;
        }
        i += 1;
    }
    i
}

/// Appends the decimal digits of `v`, without the formatting machinery (which this keeps out of
/// the wasm build).
///
/// ```
/// let mut out = String::new();
/// hwc_kyc::json::write_int(&mut out, -120);
/// assert_eq!(out, "-120");
/// ```
pub fn write_int(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    write_u64(out, v.unsigned_abs());
}

/// Appends the decimal digits of `n` (as `n.to_string()` writes them), without the formatting
/// machinery.
///
/// ```
/// let mut out = String::new();
/// hwc_kyc::json::write_u64(&mut out, u64::MAX);
/// assert_eq!(out, "18446744073709551615");
/// ```
pub fn write_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    for slot in digits.iter_mut().rev() {
        i -= 1;
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: always UTF-8.
    out.push_str(std::str::from_utf8(digits.get(i..).unwrap_or_default()).unwrap_or_default());
}

/// `text.parse::<i64>().ok()`: an optional `+` or `-`, then one or more ASCII digits, in range.
/// Written out because the standard library's version is generic over radix and error kinds,
/// and several times larger in the wasm.
pub(crate) fn parse_i64(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    if digits.is_empty() {
        return None;
    }
    // Accumulated on the side of the sign, so that i64::MIN fits.
    let mut n: i64 = 0;
    for &b in digits {
        let d = i64::from(b.wrapping_sub(b'0'));
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?;
        n = if negative {
            n.checked_sub(d)?
        } else {
            n.checked_add(d)?
        };
    }
    Some(n)
}

/// Writes `v`; finite floats go through `float`.
fn write_value<F: Fn(&mut String, f64)>(out: &mut String, v: &Value, float: &F) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(Number::Int(i)) => write_int(out, *i),
        Value::Number(Number::Float(f)) if f.is_finite() => float(out, *f),
        Value::Number(Number::Float(_)) => out.push_str("null"),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_value(out, item, float);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (n, (k, item)) in members.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_value(out, item, float);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_values_in_order() {
        let v = parse(br#"{"b":[1,-2.5,"x\u00e9\ud83d\ude00",true,false,null],"a":{}}"#).unwrap();
        let members = v.as_object().unwrap();
        assert_eq!(members[0].0, "b");
        assert_eq!(members[1].0, "a");
        let arr = v.get("b").unwrap().as_array().unwrap();
        assert_eq!(arr[0], Value::Number(Number::Int(1)));
        assert_eq!(arr[1], Value::Number(Number::Float(-2.5)));
        assert_eq!(arr[2], Value::String("xé😀".into()));
    }

    #[test]
    fn integers_are_written_as_to_string_writes_them() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            12_345,
            u64::from(u32::MAX),
            i64::MAX as u64,
            u64::MAX,
        ] {
            let mut out = String::from("x");
            write_u64(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
        for v in [0, -1, 7, -10, i64::MAX, i64::MIN, i64::MIN + 1] {
            let mut out = String::new();
            write_int(&mut out, v);
            assert_eq!(out, v.to_string());
        }
    }

    #[test]
    fn parse_i64_is_the_standard_library_s() {
        let cases = [
            "",
            "+",
            "-",
            "0",
            "-0",
            "+0",
            "00",
            "-007",
            "+42",
            "42",
            "1 ",
            " 1",
            "+-1",
            "-+1",
            "--1",
            "++1",
            "1_0",
            "1.0",
            "1e3",
            "٣",
            "１",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "+9223372036854775807",
            "09223372036854775807",
            "-0009223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "-99999999999999999999",
            "12345678901234567890",
            "1234567890123456789",
            "/",
            ":",
        ];
        for t in cases {
            assert_eq!(parse_i64(t), t.parse::<i64>().ok(), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_i64_agrees_with_the_standard_library_on_any_text(
            t in "[-+]?[0-9]{0,21}|[-+0-9a /.:]{0,22}",
            n: i64,
        ) {
            proptest::prop_assert_eq!(parse_i64(&t), t.parse::<i64>().ok());
            let text = n.to_string();
            proptest::prop_assert_eq!(parse_i64(&text), Some(n));
        }
    }

    #[test]
    fn the_column_counts_characters_as_the_lossy_decoding_does() {
        // Invalid UTF-8 before the error: each bad sequence counts as one character (U+FFFD).
        let lines: &[&[u8]] = &[
            b"",
            "é中😀".as_bytes(),
            b"\xff",
            b"a\xffb",
            b"\xe4\xb8",
            b"\xf0\x9f\x98a",
            b"\xc0\xaf",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
            b"\x80\x80",
            b"x\xf5y\xf8\xfe\xc3",
        ];
        for &line in lines {
            let mut text = b"[1,\n".to_vec();
            text.extend_from_slice(line);
            // An error at the end of the line (as after a string that holds these bytes).
            let p = Parser {
                s: &text,
                text: None,
                i: text.len(),
            };
            let err = p.err(JsonErrorReason::UnexpectedEnd);
            let expected = String::from_utf8_lossy(line).chars().count() + 1;
            assert_eq!((err.line, err.column), (2, expected), "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_column_counts_any_bytes_as_the_lossy_decoding_does(
            line in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    0x80u8..0xC0,
                    0xE0u8..0xF5,
                    proptest::strategy::Just(b'a')
                ],
                0..24
            )
        ) {
            let line: Vec<u8> = line.into_iter().filter(|&b| b != b'\n').collect();
            let mut text = b"[1,\n".to_vec();
            text.extend_from_slice(&line);
            let p = Parser { s: &text, text: None, i: text.len() };
            let err = p.err(JsonErrorReason::UnexpectedEnd);
            let expected = String::from_utf8_lossy(&line).chars().count() + 1;
            proptest::prop_assert_eq!((err.line, err.column), (2, expected));
        }
    }

    #[test]
    fn reports_missing_comma_with_line_and_column() {
        let err = parse(b"{\n  \"a\": \"x\"\n  \"b\": 1\n}").unwrap_err();
        assert_eq!(err.reason, JsonErrorReason::ExpectedCommaOrBrace);
        assert_eq!((err.line, err.column), (3, 3));
    }

    #[test]
    fn refuses_duplicate_keys() {
        let err = parse(br#"{"a":1,"a":2}"#).unwrap_err();
        assert_eq!(err.reason, JsonErrorReason::DuplicateKey("a".into()));
    }

    #[test]
    fn refuses_a_repeated_key_before_and_after_the_key_set_takes_over() {
        for n in [1, SCAN_MEMBERS - 1, SCAN_MEMBERS, SCAN_MEMBERS + 1, 5_000] {
            let members: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            let distinct = format!("{{{}}}", members.join(","));
            let v = parse(distinct.as_bytes()).unwrap();
            assert_eq!(v.as_object().map(<[_]>::len), Some(n), "{n} keys");
            for repeated in [0, n / 2, n - 1] {
                let text = format!("{{{},\"k{repeated}\":true,\"z\":1}}", members.join(","));
                let err = parse(text.as_bytes()).unwrap_err();
                assert_eq!(
                    err.reason,
                    JsonErrorReason::DuplicateKey(format!("k{repeated}")),
                    "{n} keys, k{repeated} again"
                );
                assert_eq!(err.offset, distinct.len(), "reported at the repeated key");
            }
        }
    }

    /// `{"k0":0,…}` with the given keys, and the byte offset of each member's key.
    fn object_text(keys: &[String]) -> (String, Vec<usize>) {
        let mut text = String::from("{");
        let mut at = Vec::new();
        for (n, k) in keys.iter().enumerate() {
            if n > 0 {
                text.push(',');
            }
            at.push(text.len());
            text.push_str(&format!("\"{k}\":{n}"));
        }
        text.push('}');
        (text, at)
    }

    #[test]
    fn a_late_repeated_key_wins_over_an_error_after_it_and_loses_to_one_before() {
        let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
        let mut with_repeat = keys.clone();
        with_repeat[30] = "k3".into();
        let (text, at) = object_text(&with_repeat);
        let dup = |err: JsonError| (err.reason, err.offset);
        let expected = (JsonErrorReason::DuplicateKey("k3".into()), at[30]);
        assert_eq!(dup(parse(text.as_bytes()).unwrap_err()), expected);
        // Errors after the repeated key: in a later value, a later key, a missing colon, the end.
        let later_value = text.replacen(":35", ":[1,}", 1);
        let later_key = text.replacen("\"k36\"", "\"\\x\"", 1);
        let no_colon = text.replacen("\"k3\":30", "\"k3\" 30", 1);
        let nested = text.replacen(":30", ":{\"a\":1,\"a\":2}", 1);
        let cut = &text[..text.len() - 1];
        for t in [&later_value, &later_key, &no_colon, &nested, cut] {
            assert_eq!(dup(parse(t.as_bytes()).unwrap_err()), expected, "{t}");
        }
        // An error before it comes first.
        let before = text.replacen(":20", ":tru", 1);
        let err = parse(before.as_bytes()).unwrap_err();
        assert_eq!(err.reason, JsonErrorReason::UnexpectedChar('t'));
        // The first repeat in document order, not the first key that repeats.
        let mut two = keys.clone();
        two[25] = "k20".into();
        two[22] = "k24".into();
        two[24] = "k21".into();
        let (text, at) = object_text(&two);
        assert_eq!(
            dup(parse(text.as_bytes()).unwrap_err()),
            (JsonErrorReason::DuplicateKey("k21".into()), at[24])
        );
    }

    /// The plain byte-by-byte definition `plain_run_end` must agree with.
    fn plain_run_end_naive(bytes: &[u8], from: usize, stop_e2: bool) -> usize {
        (from..bytes.len())
            .find(|&i| {
                let b = bytes[i];
                b == b'"' || b == b'\\' || b < 0x20 || (stop_e2 && b == 0xE2)
            })
            .unwrap_or(bytes.len())
    }

    #[test]
    fn plain_run_end_stops_at_every_kind_of_byte_in_every_lane() {
        for stop in [b'"', b'\\', 0x00, 0x1f, 0xE2] {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[at] = stop;
                for stop_e2 in [false, true] {
                    for from in 0..=at {
                        assert_eq!(
                            plain_run_end(&bytes, from, stop_e2),
                            plain_run_end_naive(&bytes, from, stop_e2),
                            "stop {stop:#x} at {at} from {from}"
                        );
                    }
                }
            }
        }
        // Bytes just above each threshold are plain.
        let plain = [0x20u8, b'!', b'#', b'[', b']', 0x7f, 0x80, 0xE1, 0xE3, 0xff];
        assert_eq!(plain_run_end(&plain.repeat(3), 0, true), 30);
    }

    proptest::proptest! {
        #[test]
        fn plain_run_end_equals_the_byte_by_byte_scan(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just(b'a'), proptest::strategy::Just(b'"'),
                proptest::strategy::Just(b'\\'), proptest::strategy::Just(0x1fu8),
                proptest::strategy::Just(0xE2u8), 0u8..=255u8,
            ], 0..70),
            from in 0usize..70,
            stop_e2 in proptest::bool::ANY,
        ) {
            let from = from.min(bytes.len());
            proptest::prop_assert_eq!(
                plain_run_end(&bytes, from, stop_e2),
                plain_run_end_naive(&bytes, from, stop_e2)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn a_repeated_key_is_the_first_in_document_order(
            picks in proptest::collection::vec(0u8..60, 0..80),
            cut in proptest::option::of(0usize..80),
        ) {
            let keys: Vec<String> = picks.iter().map(|p| format!("k{p}")).collect();
            let (mut text, at) = object_text(&keys);
            let first = (1..keys.len()).find(|&n| keys[..n].contains(&keys[n]));
            // An error in member `cut` (its value is bad), if there is such a member.
            let cut = cut.filter(|&c| c < keys.len());
            if let Some(c) = cut {
                let end = text[at[c]..].find([',', '}']).unwrap() + at[c];
                text.replace_range(end - 1..end, "x");
            }
            let got = parse(text.as_bytes());
            match (first.filter(|&n| cut.map_or(true, |c| n <= c)), cut) {
                (Some(n), _) => {
                    let err = got.unwrap_err();
                    proptest::prop_assert_eq!(err.reason, JsonErrorReason::DuplicateKey(keys[n].clone()));
                    proptest::prop_assert_eq!(err.offset, at[n]);
                }
                (None, Some(_)) => {
                    proptest::prop_assert!(matches!(
                        got.unwrap_err().reason,
                        JsonErrorReason::UnexpectedChar('x') | JsonErrorReason::ExpectedCommaOrBrace
                    ));
                }
                (None, None) => proptest::prop_assert_eq!(got.unwrap().as_object().map(<[_]>::len), Some(keys.len())),
            }
            proptest::prop_assert_eq!(parse_str(&text), parse(text.as_bytes()));
        }

        #[test]
        fn parse_str_agrees_with_parse_on_any_text(
            s in "[ \\[\\]{}:,\"\\\\/a-c0-9.eE+\\-tfnulrsu\u{e9}\u{4e2d}\u{1f600}\n\t\u{1}]{0,40}"
        ) {
            proptest::prop_assert_eq!(parse_str(&s), parse(s.as_bytes()));
        }
    }

    #[test]
    fn parse_str_agrees_with_parse_on_the_vectors_and_their_damaged_copies() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            files += 1;
            assert!(parse_str(&text).is_ok());
            assert_eq!(parse_str(&text), parse(text.as_bytes()));
            // Cut at and damaged at many char boundaries: errors and positions agree too.
            let step = text.len() / 500 + 1;
            for at in (0..text.len())
                .step_by(step)
                .filter(|&i| text.is_char_boundary(i))
            {
                let cut = &text[..at];
                assert_eq!(parse_str(cut), parse(cut.as_bytes()), "cut at {at}");
                for bad in ["\"", "\\", "\u{1}", "}", "é"] {
                    let mut damaged = text.clone();
                    damaged.insert_str(at, bad);
                    assert_eq!(
                        parse_str(&damaged),
                        parse(damaged.as_bytes()),
                        "{bad:?} at {at}"
                    );
                }
            }
        }
        assert!(files >= 4);
    }

    #[test]
    fn refuses_nesting_beyond_the_limit_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().reason,
            JsonErrorReason::TooDeep
        );
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn refuses_malformed_inputs() {
        for bad in [
            &b""[..],
            b"   ",
            b"{",
            b"[1,]",
            b"{\"a\"}",
            b"01",
            b"1.",
            b"-",
            b"1e",
            b"\"\\x\"",
            b"\"a\nb\"",
            b"\"\\ud800\"",
            b"\"\xff\"",
            b"nul",
            b"1 2",
            b"{1:2}",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn keeps_big_integers_as_floats() {
        assert_eq!(
            parse(b"123456789012345678901234567890").unwrap(),
            Value::Number(Number::Float(1.2345678901234568e29))
        );
        assert_eq!(Number::Float(3.0).as_i64(), Some(3));
        assert_eq!(Number::Float(3.5).as_i64(), None);
        assert_eq!(Number::Float(1e300).as_i64(), None);
    }

    proptest::proptest! {
        #[test]
        fn heap_sort_sorts(mut v in proptest::collection::vec(0usize..50, 0..200)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            heap_sort(&mut v);
            proptest::prop_assert_eq!(v, expected);
        }
    }

    /// What `as_i64` gives for the number `text` natively (through the `f64` parser).
    fn as_i64_of_f64(text: &str) -> Option<i64> {
        Number::Float(text.parse().unwrap()).as_i64()
    }

    /// `I + 2^-j` (and its neighbours one unit in the last place away) as exact decimals.
    fn around(whole: u64, j: usize, negative: bool) -> Vec<String> {
        let sign = if negative { "-" } else { "" };
        let h: String = half_powers(j)
            .iter()
            .map(|d| char::from(b'0' + d))
            .collect();
        let comp: String = {
            let d = half_powers(j);
            let last = d.len() - 1;
            d.iter()
                .enumerate()
                .map(|(n, &x)| char::from(b'0' + if n == last { 10 - x } else { 9 - x }))
                .collect()
        };
        let mut out = Vec::new();
        for frac in [&h, &comp] {
            out.push(format!("{sign}{whole}.{frac}"));
            out.push(format!("{sign}{whole}.{frac}1"));
            out.push(format!("{sign}{whole}.{frac}0000e0"));
            let mut less = frac.clone().into_bytes();
            let last = less.len() - 1;
            less[last] -= 1;
            out.push(format!(
                "{sign}{whole}.{}9",
                String::from_utf8(less).unwrap()
            ));
            // The same value with the point moved by an exponent.
            let shifted = format!("{whole}{frac}");
            let shifted = shifted.trim_start_matches('0');
            out.push(format!("{sign}{shifted}e-{}", frac.len()));
        }
        out
    }

    #[test]
    fn whole_number_is_as_i64_of_the_parsed_f64_at_every_rounding_edge() {
        let mut texts: Vec<String> = Vec::new();
        for k in 0..=54u32 {
            let p = 1u64 << k;
            for whole in [p.saturating_sub(2), p - 1, p, p + 1, p + 2] {
                for j in 1..=56 {
                    texts.extend(around(whole, j, k % 2 == 1));
                }
                texts.push(format!("{whole}"));
                texts.push(format!("{whole}.0"));
                texts.push(format!("{whole}.5"));
                texts.push(format!("{whole}e0"));
                texts.push(format!("-{whole}.5e0"));
                if whole > 0 {
                    texts.push(format!("{whole}000e-3"));
                }
                texts.push(format!("0.{whole}e20"));
            }
        }
        // Around the smallest subnormal and its half.
        let half_min = format!("0.{}{}", "0".repeat(323), HALF_MIN_SUBNORMAL.1);
        texts.push(half_min.clone());
        texts.push(format!("{half_min}1"));
        texts.push(format!("-{half_min}000001"));
        texts.push(half_min.replacen("25", "24", 1));
        texts.push(format!("{}e-323", &HALF_MIN_SUBNORMAL.1[..1]));
        for t in [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "0e0",
            "0e-999999999999999999999",
            "1e-400",
            "5e-324",
            "2e-324",
            "3e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e400",
            "-1e400",
            "1e16",
            "1e15",
            "9e15",
            "9.007199254740993e15",
            "9007199254740993",
            "9007199254740995",
            "9007199254740994.9",
            "-9007199254740993.0",
            "9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "1E+2",
            "1e+0002",
            "100e-2",
            "2.5",
            "3.5",
            "0.5",
            "0.49999999999999999",
            "0.99999999999999994",
            "0.99999999999999995",
            "0.999999999999999944488848768742172978818416595458984375",
            "0.9999999999999999444888487687421729788184165954589843749",
            "0.99999999999999994448884876874217297881841659545898437500001",
            "4503599627370496.5",
            "4503599627370497.5",
            "4503599627370495.75",
            "1e99999999999999999999999999",
            "0.000000000000000000000000000001e30",
        ] {
            texts.push(t.to_string());
        }
        let mut wholes = 0;
        for t in &texts {
            let expected = as_i64_of_f64(t);
            wholes += usize::from(expected.is_some());
            assert_eq!(whole_number(t), expected, "{t}");
            assert!(parse(t.as_bytes()).is_ok(), "{t}");
        }
        assert!(
            wholes > texts.len() / 4 && wholes < texts.len(),
            "{wholes} of {}",
            texts.len()
        );
    }

    /// The decimal digits of 2^-1075 after the point: 323 zeros, then these (5^1075). A number
    /// below 1 rounds to the `f64` zero when it is at most this (half the smallest subnormal).
    const HALF_MIN_SUBNORMAL: (usize, &str) = (
        323,
        concat!(
            "247032822920623272088284396434110686182529901307162382212792841250337753635104375932649918",
            "180817996189898282347722858865463328355177969898199387398005390939063150356595155702263922",
            "908583924491051844359318028499365361525003193704576782492193656236698636584807570015857692",
            "699037063119282795585513329278343384093519780155312465972635795746227664652728272200563740",
            "064854999770965994704540208281662262378573934507363390079677619305775067401763246736009689",
            "513405355374585166611342237666786041621596804619144672918403005300575308490487653917113865",
            "916462395249126236538818796362393732804238910186723484976682350898633885879256283027559956",
            "575244555072551893136908362547791869486679949683240497058210285131854513962138377228261454",
            "37693412532098591327667236328125",
        ),
    );

    /// The decimal digits of 2^-j after the point (exactly j of them), by halving 1.
    fn half_powers_by_halving(j: usize) -> Vec<u8> {
        let mut digits: Vec<u8> = Vec::with_capacity(j);
        let mut carry = 1u8; // the digit before the point
        for _ in 0..j {
            for d in digits.iter_mut() {
                let v = carry * 10 + *d;
                *d = v / 2;
                carry = v % 2;
            }
            digits.push(carry * 5);
            carry = 0;
        }
        digits
    }

    #[test]
    fn half_powers_are_the_halvings_of_1() {
        for j in (0..=130).chain([300, 1074, 1075, 1076]) {
            assert_eq!(half_powers(j), half_powers_by_halving(j), "2^-{j}");
        }
    }

    #[test]
    fn the_half_of_the_smallest_subnormal_is_5_to_the_1075() {
        let digits: String = half_powers(1075)
            .iter()
            .map(|d| char::from(b'0' + d))
            .collect();
        let (zeros, rest) = HALF_MIN_SUBNORMAL;
        assert_eq!(digits, format!("{}{rest}", "0".repeat(zeros)));
    }

    proptest::proptest! {
        #[test]
        fn whole_number_is_as_i64_of_the_parsed_f64(
            negative in proptest::bool::ANY,
            whole in "0|[1-9][0-9]{0,19}",
            frac in proptest::option::of("[0-9]{1,30}"),
            exp in proptest::option::of((proptest::bool::ANY, 0u32..40)),
        ) {
            let mut t = String::new();
            if negative {
                t.push('-');
            }
            t.push_str(&whole);
            if let Some(f) = &frac {
                t.push('.');
                t.push_str(f);
            }
            if let Some((neg, e)) = exp {
                t.push_str(if neg { "e-" } else { "e" });
                t.push_str(&e.to_string());
            }
            proptest::prop_assert_eq!(whole_number(&t), as_i64_of_f64(&t), "{}", t);
        }

        #[test]
        fn whole_number_is_as_i64_of_any_f64_written_out(bits in proptest::num::u64::ANY, delta in -3i64..=3) {
            let f = f64::from_bits(bits);
            let near = (f.round() as i64).saturating_add(delta) as f64;
            for x in [f, near, near + 0.5, near - 0.25] {
                if x.is_finite() {
                    for t in [format!("{x:?}"), format!("{x:e}"), format!("{x:.3}")] {
                        proptest::prop_assert_eq!(whole_number(&t), as_i64_of_f64(&t), "{}", t);
                    }
                }
            }
        }
    }

    #[test]
    fn integers_are_written_as_decimal() {
        for v in [0, 7, -1, 99, -100, 1_000_000_007, i64::MIN, i64::MAX] {
            let mut s = String::from("x");
            write_int(&mut s, v);
            assert_eq!(s, format!("x{v}"));
        }
    }

    #[test]
    fn writes_strings_escaped_and_round_trips() {
        let v = Value::Object(vec![
            ("k\"".into(), Value::String("a\\b\n\u{1}\u{2028}中".into())),
            ("n".into(), Value::Array(vec![Value::Null, 5.into()])),
        ]);
        let text = v.to_json();
        assert_eq!(text, r#"{"k\"":"a\\b\n\u0001\u2028中","n":[null,5]}"#);
        assert_eq!(parse(text.as_bytes()).unwrap(), v);
    }

    #[test]
    fn escapes_exactly_what_json_and_script_embedding_need() {
        let mut out = String::new();
        write_string(
            &mut out,
            "\u{0}\u{1f}\u{7f}\"\\\r\t/é\u{2027}\u{2028}\u{2029}\u{202a}😀",
        );
        assert_eq!(
            out,
            "\"\\u0000\\u001f\u{7f}\\\"\\\\\\r\\t/é\u{2027}\\u2028\\u2029\u{202a}😀\""
        );
        let back = parse(out.as_bytes()).unwrap();
        assert_eq!(
            back.as_str(),
            Some("\u{0}\u{1f}\u{7f}\"\\\r\t/é\u{2027}\u{2028}\u{2029}\u{202a}😀")
        );
    }

    proptest::proptest! {
        #[test]
        fn any_string_written_reads_back_the_same(s in "\\PC*|[\\x00-\\x20\"\\\\\u{2028}\u{2029}\u{e2}]*") {
            let mut out = String::new();
            write_string(&mut out, &s);
            let back = parse(out.as_bytes()).unwrap();
            proptest::prop_assert_eq!(back.as_str(), Some(s.as_str()));
        }
    }

    #[test]
    fn agrees_with_serde_json_on_valid_documents() {
        let doc = r#"{"s":"\u00e9\t","n":-1,"f":1.5e3,"a":[[],{}],"t":true}"#;
        let ours = parse(doc.as_bytes()).unwrap().to_json();
        let theirs: serde_json::Value = serde_json::from_str(doc).unwrap();
        let ours_again: serde_json::Value = serde_json::from_str(&ours).unwrap();
        assert_eq!(ours_again, theirs);
    }
}

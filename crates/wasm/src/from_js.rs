//! JavaScript values in: any `JsValue` a form (or an attacker) hands over becomes a
//! [`hwc_kyc::json::Value`] that core validates, and [`Notes`] on what JSON cannot say, which the
//! bindings turn into issues at their paths. Nothing here judges a value; it only reads it.
//!
//! How each JavaScript value is read:
//! - string → `String`; one with a lone surrogate is read with U+FFFD in its place (so its
//!   length and other rules still apply) and noted [`Note::IllFormed`];
//! - number → `Number::Int` when integral and within ±2^53, else `Number::Float` (`NaN` and
//!   `Infinity` included, which core then reports as not an integer);
//! - boolean → `Bool`; `null` → `Null`;
//! - `undefined` → absent in an object (as `JSON.stringify` does), `null` in an array or at the
//!   root;
//! - array (`Array.isArray`) → `Array`, holes read as `undefined`;
//! - any other object → `Object` of its own enumerable string keys (`Object.keys`), in their order;
//!   typed arrays and `DataView`s read as an empty object, so a stray file buffer is not walked
//!   byte by byte;
//! - bigint, symbol, function → [`Note::NotJson`] with their `typeof`;
//! - a getter or proxy trap that throws → [`Note::Unreadable`]: no exception crosses into wasm.
//!
//! A noted value is read as `false`, a placeholder that no field of any form accepts, so core
//! reports a wrong type at its path, which the bindings then say truly ([`Notes::apply`]).
//!
//! Hostile input stays bounded, and a bound never makes an issue up: each top-level field may
//! hold [`FIELD_VALUES`] values, the whole input [`MAX_VALUES`]; a field past either is not read
//! further and is noted [`Note::TooLarge`] (its other fields are read in full, so a huge list
//! does not turn the fields after it into `required`). An object or array met again inside itself
//! (a cycle) reads as an empty one of its kind, and nesting deeper than [`MAX_DEPTH`] as absent:
//! no rule looks that deep, and the value holding it is already of a wrong type.

use hwc_kyc::json::{Number, Value, MAX_DEPTH};
use hwc_kyc::{Issue, IssueCode, Locale, ParamValue, PathSegment};
use wasm_bindgen::prelude::*;

/// Most values read from one top-level field (or from the whole input when it is not an
/// object); a 10,000-entry list fits with room to spare.
pub const FIELD_VALUES: usize = 100_000;
/// Most values read from one input in all.
pub const MAX_VALUES: usize = 1_000_000;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, with a throwing proxy trap caught.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(v: &JsValue) -> Result<js_sys::Array, JsValue>;
    /// `Array.isArray` (which throws for a revoked proxy).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    /// `ArrayBuffer.isView` (typed arrays and DataView).
    #[wasm_bindgen(js_namespace = ArrayBuffer, js_name = isView)]
    fn is_buffer_view(v: &JsValue) -> bool;
}

/// What JSON cannot say about a value read at some path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// Past the bounds: not read.
    TooLarge,
    /// A getter or proxy trap threw.
    Unreadable,
    /// A bigint, symbol or function (its `typeof`).
    NotJson(&'static str),
    /// A string with a lone surrogate.
    IllFormed,
}

/// The notes of one read, each at its path.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Notes(Vec<(Vec<PathSegment>, Note)>);

impl Notes {
    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Says in `issues` (core's, for the value read) what the notes know: at a noted path, core's
    /// wrong-type issue about the placeholder becomes [`IssueCode::TooLarge`],
    /// [`IssueCode::Unreadable`] or the `invalid_type` of the value's real `typeof`; a text with a
    /// lone surrogate adds [`IssueCode::IllFormedText`] after the issues at and under its path.
    /// Only notes at or under `under` count (`validateField`'s path). Messages are English, as
    /// core rendered the rest.
    pub fn apply(&self, issues: &mut Vec<Issue>, under: &[PathSegment]) {
        for (path, note) in &self.0 {
            if !path.starts_with(under) {
                continue;
            }
            if *note == Note::IllFormed {
                let at = issues
                    .iter()
                    .rposition(|i| i.path.starts_with(path))
                    .map_or(issues.len(), |n| n + 1);
                let issue = Issue::new(
                    path.clone(),
                    IssueCode::IllFormedText,
                    Vec::new(),
                    Locale::En,
                );
                issues.insert(at, issue);
                continue;
            }
            for issue in issues.iter_mut() {
                if issue.path != *path || issue.code != IssueCode::InvalidType {
                    continue;
                }
                *issue = match note {
                    Note::TooLarge => {
                        let max = ParamValue::Int(FIELD_VALUES as i64);
                        Issue::new(
                            path.clone(),
                            IssueCode::TooLarge,
                            vec![("max", max)],
                            Locale::En,
                        )
                    }
                    Note::Unreadable => {
                        Issue::new(path.clone(), IssueCode::Unreadable, Vec::new(), Locale::En)
                    }
                    Note::NotJson(kind) => {
                        let mut params = issue.params.clone();
                        for (name, value) in &mut params {
                            if *name == "received" {
                                *value = ParamValue::Text((*kind).into());
                            }
                        }
                        Issue::new(path.clone(), IssueCode::InvalidType, params, Locale::En)
                    }
                    Note::IllFormed => continue,
                };
            }
        }
    }
}

impl Notes {
    /// Core's verdict on the value read, with the notes said ([`Notes::apply`]): valid only when
    /// core found nothing and the notes add nothing.
    pub fn verdict<T>(&self, verdict: Result<T, Vec<Issue>>) -> Result<T, Vec<Issue>> {
        match verdict {
            Ok(valid) if self.is_empty() => Ok(valid),
            Ok(valid) => {
                let mut issues = Vec::new();
                self.apply(&mut issues, &[]);
                if issues.is_empty() {
                    Ok(valid)
                } else {
                    Err(issues)
                }
            }
            Err(mut issues) => {
                self.apply(&mut issues, &[]);
                Err(issues)
            }
        }
    }
}

/// Reads `v` as a JSON value and the notes on it (see the module docs).
pub fn read_value(v: &JsValue) -> (Value, Notes) {
    let mut reader = Reader {
        budget: FIELD_VALUES,
        total: MAX_VALUES,
        path: Vec::new(),
        notes: Vec::new(),
        cut: false,
    };
    let value = reader.field(v, None, 0).unwrap_or(Value::Null);
    (value, Notes(reader.notes))
}

/// Reads `v` as a JSON value without its notes (a `validateField` path).
pub fn to_value(v: &JsValue) -> Value {
    read_value(v).0
}

/// The value that stands for a noted one: `false`, which no field of any form accepts.
const PLACEHOLDER: Value = Value::Bool(false);

struct Reader {
    /// Values left for the field being read.
    budget: usize,
    /// Values left for the whole input.
    total: usize,
    /// Where the value being read is.
    path: Vec<PathSegment>,
    notes: Vec<(Vec<PathSegment>, Note)>,
    /// Whether a value was left unread for want of budget.
    cut: bool,
}

/// The objects and arrays enclosing the value being read, innermost first (a list on the stack).
struct Enclosing<'a> {
    value: &'a JsValue,
    parent: Option<&'a Enclosing<'a>>,
}

impl Enclosing<'_> {
    fn contains(mut list: Option<&Self>, v: &JsValue) -> bool {
        while let Some(e) = list {
            if e.value == v {
                return true;
            }
            list = e.parent;
        }
        false
    }
}

impl Reader {
    /// Whether the budgets are spent (then marks the value being read as cut).
    fn exhausted(&mut self) -> bool {
        if self.budget == 0 || self.total == 0 {
            self.cut = true;
        }
        self.cut
    }

    fn note(&mut self, note: Note) -> Option<Value> {
        self.notes.push((self.path.clone(), note));
        Some(PLACEHOLDER)
    }

    /// A value with a budget of its own (the input, or a field of an object input), read in
    /// full or, past the budgets, not at all and noted too large.
    fn field(
        &mut self,
        v: &JsValue,
        enclosing: Option<&Enclosing<'_>>,
        depth: usize,
    ) -> Option<Value> {
        let notes = self.notes.len();
        let outer = (self.budget, self.cut);
        (self.budget, self.cut) = (FIELD_VALUES, false);
        let value = self.read(v, enclosing, depth);
        let over = self.cut;
        (self.budget, self.cut) = outer;
        if over {
            // What was noted inside is moot: the value is not checked at all.
            self.notes.truncate(notes);
            return self.note(Note::TooLarge);
        }
        value
    }

    /// `None` for `undefined` (and for anything past the budgets).
    fn read(
        &mut self,
        v: &JsValue,
        enclosing: Option<&Enclosing<'_>>,
        depth: usize,
    ) -> Option<Value> {
        if self.exhausted() {
            return None;
        }
        self.budget -= 1;
        self.total -= 1;
        if let Some(s) = v.as_string() {
            if !v.unchecked_ref::<js_sys::JsString>().is_well_formed() {
                self.notes.push((self.path.clone(), Note::IllFormed));
            }
            return Some(Value::String(s));
        }
        if let Some(f) = v.as_f64() {
            return Some(Value::Number(number(f)));
        }
        if v.is_object() {
            if depth >= MAX_DEPTH {
                return None;
            }
            let Ok(array) = is_array(v) else {
                return self.note(Note::Unreadable);
            };
            // A value inside itself: read the inner reference as an empty value of its kind, so
            // the field still reports the right type and a cycle costs nothing.
            if Enclosing::contains(enclosing, v) {
                return Some(if array {
                    Value::Array(Vec::new())
                } else {
                    Value::Object(Vec::new())
                });
            }
            let here = Enclosing {
                value: v,
                parent: enclosing,
            };
            if array {
                return self.read_array(v, &here, depth + 1);
            }
            if is_buffer_view(v) {
                return Some(Value::Object(Vec::new()));
            }
            return self.read_object(v, &here, depth + 1);
        }
        if v.is_undefined() {
            return None;
        }
        if v.is_null() {
            return Some(Value::Null);
        }
        if let Some(b) = v.as_bool() {
            return Some(Value::Bool(b));
        }
        let kind = if v.is_bigint() {
            "bigint"
        } else if v.is_symbol() {
            "symbol"
        } else {
            "function"
        };
        self.note(Note::NotJson(kind))
    }

    fn read_array(&mut self, a: &JsValue, here: &Enclosing<'_>, depth: usize) -> Option<Value> {
        let Some(len) = length(a) else {
            return self.note(Note::Unreadable);
        };
        let mut items = Vec::with_capacity((len as usize).min(self.budget));
        for i in 0..len {
            if self.exhausted() {
                break;
            }
            self.path.push(PathSegment::Index(i as usize));
            let item = match js_sys::Reflect::get_u32(a, i) {
                Ok(item) => self.read(&item, Some(here), depth),
                Err(_) => self.note(Note::Unreadable),
            };
            self.path.pop();
            items.push(item.unwrap_or(Value::Null));
        }
        Some(Value::Array(items))
    }

    fn read_object(&mut self, v: &JsValue, here: &Enclosing<'_>, depth: usize) -> Option<Value> {
        let Ok(keys) = object_keys(v) else {
            return self.note(Note::Unreadable);
        };
        let len = keys.length();
        let mut members = Vec::with_capacity((len as usize).min(self.budget));
        // The input's own fields each have a budget, and each is read or noted too large.
        let top = depth == 1;
        for i in 0..len {
            if !top && self.exhausted() {
                break;
            }
            let key = keys.get(i);
            let Some(name) = key.as_string() else {
                continue;
            };
            self.path.push(PathSegment::Key(name.clone().into()));
            let item = match js_sys::Reflect::get(v, &key) {
                Ok(item) if top => self.field(&item, Some(here), depth),
                Ok(item) => self.read(&item, Some(here), depth),
                Err(_) => self.note(Note::Unreadable),
            };
            self.path.pop();
            if let Some(value) = item {
                members.push((name, value));
            }
        }
        Some(Value::Object(members))
    }
}

/// A JavaScript number as JSON reads it: integral and exact → `Int`.
fn number(f: f64) -> Number {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    if f.fract() == 0.0 && (-SAFE..=SAFE).contains(&f) {
        // Exact: |f| ≤ 2^53 - 1 and integral (the cast also maps -0 to 0).
        Number::Int(f as i64)
    } else {
        Number::Float(f)
    }
}

/// `length` of an array, through `Reflect`; `None` when a proxy trap throws.
fn length(a: &JsValue) -> Option<u32> {
    let l = js_sys::Reflect::get(a, &JsValue::from_str("length")).ok()?;
    Some(
        l.as_f64()
            .filter(|l| *l >= 0.0)
            .map_or(0, |l| l.min(f64::from(u32::MAX)) as u32),
    )
}

#[cfg(test)]
mod tests {
    use super::number;
    use hwc_kyc::json::Number;

    #[test]
    fn integral_safe_numbers_are_ints_and_the_rest_floats() {
        assert_eq!(number(3.0), Number::Int(3));
        assert_eq!(number(-0.0), Number::Int(0));
        assert_eq!(
            number(9_007_199_254_740_991.0),
            Number::Int(9_007_199_254_740_991)
        );
        assert!(matches!(number(9_007_199_254_740_992.0), Number::Float(_)));
        assert!(matches!(number(1.5), Number::Float(_)));
        assert!(matches!(number(f64::NAN), Number::Float(_)));
        assert!(matches!(number(f64::INFINITY), Number::Float(_)));
    }
}

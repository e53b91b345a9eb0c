//! JavaScript values in: any `JsValue` a form (or an attacker) hands over becomes a
//! [`hwc_kyc::json::Value`] that core validates. Nothing here judges a value; it only reads it.
//!
//! How each JavaScript value is read:
//! - string → `String` (lone surrogates become U+FFFD, as in any UTF-8 conversion);
//! - number → `Number::Int` when integral and within ±2^53, else `Number::Float` (`NaN` and
//!   `Infinity` included, which core then reports as not an integer);
//! - boolean → `Bool`; `null` → `Null`;
//! - `undefined` → absent in an object (as `JSON.stringify` does), `null` in an array or at the
//!   root;
//! - array (`Array.isArray`) → `Array`, holes read as `undefined`;
//! - any other object → `Object` of its own enumerable string keys (`Object.keys`), in their order;
//!   typed arrays and `ArrayBuffer` views read as an empty object, so a stray file buffer is not
//!   walked byte by byte;
//! - symbol, function, bigint → an empty object: none of them is a JSON value, and core reports
//!   an object wherever a string, number or list is expected.
//!
//! Hostile input stays bounded: an object or array met again inside itself (a cycle) reads as an
//! empty one of its kind; nesting deeper than [`MAX_DEPTH`] and everything after the first
//! [`MAX_NODES`] values are cut off (read as absent). No valid form comes near either limit, and
//! what remains after a cut is still invalid, so a cut never turns a wrong value into a valid one.
//! A getter or proxy trap that throws reads as absent: no exception crosses into wasm.

use hwc_kyc::json::{Number, Value, MAX_DEPTH};
use wasm_bindgen::prelude::*;

/// Most values read from one input; a 10,000-entry list fits with room to spare.
pub const MAX_NODES: usize = 100_000;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, with a throwing proxy trap caught.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(v: &JsValue) -> Result<js_sys::Array, JsValue>;
    /// `Array.isArray`.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    fn is_array(v: &JsValue) -> bool;
    /// `ArrayBuffer.isView` (typed arrays and DataView).
    #[wasm_bindgen(js_namespace = ArrayBuffer, js_name = isView)]
    fn is_buffer_view(v: &JsValue) -> bool;
}

/// Reads `v` as a JSON value (see the module docs for how each JavaScript value is read).
pub fn to_value(v: &JsValue) -> Value {
    let mut budget = MAX_NODES;
    read(v, None, 0, &mut budget).unwrap_or(Value::Null)
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

/// `None` for `undefined` (and for anything cut off).
fn read(
    v: &JsValue,
    enclosing: Option<&Enclosing<'_>>,
    depth: usize,
    budget: &mut usize,
) -> Option<Value> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    if let Some(s) = v.as_string() {
        return Some(Value::String(s));
    }
    if let Some(f) = v.as_f64() {
        return Some(Value::Number(number(f)));
    }
    if v.is_object() {
        if depth >= MAX_DEPTH {
            return None;
        }
        let array = is_array(v);
        // A value inside itself: read the inner reference as an empty value of its kind, so the
        // field still reports the right type and a cycle costs nothing.
        if depth > 0 && Enclosing::contains(enclosing, v) {
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
            return Some(read_array(v, &here, depth + 1, budget));
        }
        if is_buffer_view(v) || v.is_instance_of::<js_sys::ArrayBuffer>() {
            return Some(Value::Object(Vec::new()));
        }
        return Some(read_object(v, &here, depth + 1, budget));
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
    // symbol, function, bigint: not JSON values.
    Some(Value::Object(Vec::new()))
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

/// `length` of an array, through `Reflect` so that a throwing proxy reads as empty.
fn length(a: &JsValue) -> u32 {
    js_sys::Reflect::get(a, &JsValue::from_str("length"))
        .ok()
        .and_then(|l| l.as_f64())
        .filter(|l| *l >= 0.0)
        .map_or(0, |l| l.min(f64::from(u32::MAX)) as u32)
}

fn read_array(a: &JsValue, here: &Enclosing<'_>, depth: usize, budget: &mut usize) -> Value {
    let len = length(a);
    let mut items = Vec::with_capacity((len as usize).min(*budget));
    for i in 0..len {
        if *budget == 0 {
            break;
        }
        let item = js_sys::Reflect::get_u32(a, i).unwrap_or(JsValue::UNDEFINED);
        items.push(read(&item, Some(here), depth, budget).unwrap_or(Value::Null));
    }
    Value::Array(items)
}

fn read_object(v: &JsValue, here: &Enclosing<'_>, depth: usize, budget: &mut usize) -> Value {
    let Ok(keys) = object_keys(v) else {
        return Value::Object(Vec::new());
    };
    let len = keys.length();
    let mut members = Vec::with_capacity((len as usize).min(*budget));
    for i in 0..len {
        if *budget == 0 {
            break;
        }
        let key = keys.get(i);
        let Some(name) = key.as_string() else {
            continue;
        };
        let item = js_sys::Reflect::get(v, &key).unwrap_or(JsValue::UNDEFINED);
        if let Some(value) = read(&item, Some(here), depth, budget) {
            members.push((name, value));
        }
    }
    Value::Object(members)
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

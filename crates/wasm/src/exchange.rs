//! The exchange area and the one way every call crosses: one fixed block of the module's memory
//! where the wrapper's encoder (`js/encode.js`) writes a call, and where the answer comes back.
//!
//! A call is a function code ([`VALIDATE`] …) and its arguments, each a value of core's
//! boundary protocol ([`hwc_kyc::wire`]): any JavaScript value, written by a generic encoder,
//! read here **borrowed** (strings are slices of the area; no owned tree is built). The export
//! takes the call's length and returns the answer's: an answer of at most [`AREA_BYTES`] is at
//! the start of the area, a longer one waits for `takeAnswer()`. A call longer than the area is
//! written into a block that `reserve(len)` makes for it and run by `runReserved(len)`.
//!
//! The logic is [`run`], a plain function over bytes, so the native tests and the fuzz target
//! (`wire`) run it; only the exports touch the area. Bytes that are not a call (which the
//! wrapper never writes) answer `{"usage":"…"}`.

use hwc_kyc::input::Node;
use hwc_kyc::wire::{self, Malformed, Read};

use crate::answer;
use crate::locales::Lang;
use crate::{operation_named, options_from, usage};

/// The size of the exchange area: the longest call it carries, and the longest answer it returns
/// in place.
pub const AREA_BYTES: usize = 16 * 1024;

/// `validate(op, locale, stage, value)`.
pub const VALIDATE: u8 = 0;
/// `validateField(op, locale, stage, value, path)`.
pub const VALIDATE_FIELD: u8 = 1;
/// `buildRequest(op, locale, stage, value)`.
pub const BUILD_REQUEST: u8 = 2;
/// `parseResponse(op, locale, status, body)` (feature `responses`, as the two below).
pub const PARSE_RESPONSE: u8 = 3;
/// `checkAttachment(fileName, locale, head, size)`.
pub const CHECK_ATTACHMENT: u8 = 4;
/// `describeError(code, locale, op)`.
pub const DESCRIBE_ERROR: u8 = 5;
/// `describeFailCheckItem(item, locale)`.
pub const DESCRIBE_ITEM: u8 = 6;
/// `clientRequest(method, locale, baseUrl, headers, token, requestId, value)` (the client entry).
pub const CLIENT_REQUEST: u8 = 7;

/// The string of an argument, if it is one.
fn text<'a>(arg: &Read<'a>) -> Option<&'a str> {
    arg.node.and_then(Node::as_str)
}

/// The language of a locale argument (anything but a tag is English).
fn lang(arg: &Read<'_>) -> Lang {
    text(arg).map_or(Lang::ENGLISH, Lang::parse)
}

/// The answer to the call in `bytes` ([`crate::answer`]).
pub fn run(bytes: &[u8]) -> Vec<u8> {
    dispatch(bytes).unwrap_or_else(|Malformed| answer::json(usage("malformed call bytes")))
}

fn dispatch(bytes: &[u8]) -> Result<Vec<u8>, Malformed> {
    let (&code, mut rest) = bytes.split_first().ok_or(Malformed)?;
    let mut next = || wire::read(&mut rest);
    Ok(match code {
        VALIDATE | VALIDATE_FIELD | BUILD_REQUEST => {
            let (op, locale, stage, value) = (next()?, next()?, next()?, next()?);
            let path = if code == VALIDATE_FIELD {
                Some(next()?)
            } else {
                None
            };
            let op = match operation_named(text(&op)) {
                Ok(op) => op,
                Err(usage) => return Ok(answer::json(usage)),
            };
            let call = options_from(text(&locale), text(&stage));
            let input = value.node.unwrap_or(Node::Null);
            match (code, path) {
                (VALIDATE, _) => crate::run_validate(op, input, &value.notes, &call, bytes),
                (_, Some(path)) => {
                    let path = crate::field_path(path.node);
                    crate::run_validate_field(op, &path, input, &value.notes, &call)
                }
                _ => crate::run_build_request(op, input, &value.notes, &call),
            }
        }
        #[cfg(feature = "responses")]
        PARSE_RESPONSE => {
            let (op, locale, status, body) = (next()?, next()?, next()?, next()?);
            answer::json(match operation_named(text(&op)) {
                Ok(op) => {
                    crate::parse_response(op, status.node, text(&body).unwrap_or(""), lang(&locale))
                }
                Err(usage) => usage,
            })
        }
        CHECK_ATTACHMENT => {
            let (name, locale, head, size) = (next()?, next()?, next()?, next()?);
            // (The wrapper sends a non-negative safe integer; past `usize` on wasm32, the
            // largest, which is over any limit.)
            let size = match size.node {
                Some(Node::Number(n)) => n
                    .as_i64()
                    .map(|n| usize::try_from(n.max(0)).unwrap_or(usize::MAX)),
                _ => None,
            };
            crate::check_attachment(
                text(&name).unwrap_or(""),
                head.bytes.unwrap_or_default(),
                size.unwrap_or(0),
                lang(&locale),
            )
        }
        #[cfg(feature = "responses")]
        DESCRIBE_ERROR => {
            let (key, locale, op) = (next()?, next()?, next()?);
            answer::json(crate::describe_error(
                text(&key).unwrap_or(""),
                text(&locale).unwrap_or(""),
                text(&op).unwrap_or(""),
            ))
        }
        #[cfg(feature = "responses")]
        DESCRIBE_ITEM => {
            let (key, locale) = (next()?, next()?);
            answer::json(crate::describe_fail_check_item(
                text(&key).unwrap_or(""),
                text(&locale).unwrap_or(""),
            ))
        }
        #[cfg(feature = "client")]
        CLIENT_REQUEST => {
            let (method, locale, base, headers) = (next()?, next()?, next()?, next()?);
            let (token, request_id, value) = (next()?, next()?, next()?);
            answer::json(crate::client::request_json(
                text(&method).unwrap_or(""),
                value.node.unwrap_or(Node::Null),
                &value.notes,
                hwc_kyc::Locale::parse(text(&locale).unwrap_or("")),
                text(&base).unwrap_or(""),
                &crate::client::header_pairs(headers.node),
                text(&token).filter(|t| !t.is_empty()),
                text(&request_id).unwrap_or(""),
            ))
        }
        _ => return Err(Malformed),
    })
}

#[cfg(target_arch = "wasm32")]
mod area {
    use super::AREA_BYTES;
    use core::cell::UnsafeCell;
    use wasm_bindgen::prelude::*;

    /// The area, the block of a call too long for it, and the answer too long for the area.
    /// WebAssembly here is single-threaded (no `atomics` target feature), and every export runs
    /// to completion before JavaScript runs again, so these are never borrowed twice at once.
    struct Shared<T>(UnsafeCell<T>);
    // SAFETY: one thread (see above).
    unsafe impl<T> Sync for Shared<T> {}

    static AREA: Shared<[u8; AREA_BYTES]> = Shared(UnsafeCell::new([0; AREA_BYTES]));
    static BLOCK: Shared<Vec<u8>> = Shared(UnsafeCell::new(Vec::new()));
    static LONG_ANSWER: Shared<Vec<u8>> = Shared(UnsafeCell::new(Vec::new()));

    /// The area's address in the module's memory.
    pub(crate) fn address() -> usize {
        AREA.0.get() as usize
    }

    /// Leaves `answer` for the wrapper: in the area when it fits, else for `takeAnswer`.
    /// Returns its length.
    fn leave(answer: Vec<u8>) -> usize {
        let n = answer.len();
        if n <= AREA_BYTES {
            // SAFETY: the area holds `AREA_BYTES >= n` bytes, the answer is a separate block,
            // and no reference to the area is alive (the call's ended). (A plain copy:
            // `copy_from_slice` would link the formatting code of its panic message.)
            unsafe {
                core::ptr::copy_nonoverlapping(answer.as_ptr(), AREA.0.get().cast::<u8>(), n)
            };
        } else {
            // SAFETY: as above.
            unsafe { *LONG_ANSWER.0.get() = answer };
        }
        n
    }

    /// Runs the call in the first `len` bytes of the area ([`super::run`]); returns the
    /// answer's length.
    #[wasm_bindgen]
    pub fn run(len: usize) -> usize {
        let answer = {
            // SAFETY: no other reference to the area exists during an export (see `Shared`).
            let area = unsafe { &*AREA.0.get() };
            // (A length past the area reads as no call: a usage answer.)
            super::run(area.get(..len).unwrap_or_default())
        };
        leave(answer)
    }

    /// A block of `len` bytes for a call too long for the area: its address. The wrapper writes
    /// the call there, then calls `runReserved`.
    #[wasm_bindgen]
    pub fn reserve(len: usize) -> usize {
        // SAFETY: as above.
        let block = unsafe { &mut *BLOCK.0.get() };
        *block = vec![0; len];
        block.as_ptr() as usize
    }

    /// Runs the call in the block of `reserve` (its first `len` bytes), then frees the block.
    #[wasm_bindgen(js_name = runReserved)]
    pub fn run_reserved(len: usize) -> usize {
        // SAFETY: as above.
        let block = core::mem::take(unsafe { &mut *BLOCK.0.get() });
        let answer = super::run(block.get(..len).unwrap_or_default());
        drop(block);
        leave(answer)
    }

    /// The last answer that did not fit in the area (then empty).
    #[wasm_bindgen(js_name = takeAnswer)]
    pub fn take_answer() -> Vec<u8> {
        // SAFETY: as above.
        core::mem::take(unsafe { &mut *LONG_ANSWER.0.get() })
    }
}

/// Where the area is: `[address, bytes]` (the address 0 outside WebAssembly), for `tables()`.
pub fn location() -> [usize; 2] {
    #[cfg(target_arch = "wasm32")]
    let address = area::address();
    #[cfg(not(target_arch = "wasm32"))]
    let address = 0;
    [address, AREA_BYTES]
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::json::{parse, Value};

    /// A call's bytes from JSON arguments, as the wrapper's encoder writes them.
    fn call(code: u8, args: &[&str]) -> Vec<u8> {
        let mut out = vec![code];
        for a in args {
            wire::encode(&parse(a.as_bytes()).unwrap(), &mut out);
        }
        out
    }

    /// The answer to a call as the wrapper reads it, in JSON.
    fn answer_to(call: &[u8]) -> String {
        answer::read(&run(call), call).expect("an answer").to_json()
    }

    #[test]
    fn each_call_answers_as_core() {
        let form = r#"{"search_type":"email","search_value":"nope"}"#;
        let out = answer_to(&call(
            VALIDATE,
            &[r#""checkIdentity""#, r#""es""#, "null", form],
        ));
        assert!(
            out.starts_with(
                r#"[{"path":["search_value"],"code":"invalid_email","params":{},"message":"#
            ),
            "{out}"
        );
        let out = answer_to(&call(
            VALIDATE_FIELD,
            &[
                r#""checkIdentity""#,
                "null",
                "null",
                form,
                r#""search_type""#,
            ],
        ));
        assert_eq!(out, "[]");
        let out = answer_to(&call(
            BUILD_REQUEST,
            &[
                r#""checkIdentity""#,
                "null",
                "null",
                r#"{"search_type":"email","search_value":"a@b.co"}"#,
            ],
        ));
        assert!(out.starts_with(r#"{"method":"POST""#), "{out}");
        let out = answer_to(&call(
            PARSE_RESPONSE,
            &[
                r#""checkIdentity""#,
                "null",
                "200",
                r#""{\"check_result\":\"available\"}""#,
            ],
        ));
        assert_eq!(out, r#"{"ok":true,"value":{"check_result":"available"}}"#);
        let out = answer_to(&call(
            DESCRIBE_ERROR,
            &[r#""CBC.99007188""#, "null", r#""enterpriseRealnameAuth""#],
        ));
        assert!(out.starts_with('"'), "{out}");
        let out = answer_to(&call(DESCRIBE_ITEM, &[r#""NOPE""#, "null"]));
        assert_eq!(out, "null");
        let mut attach = call(CHECK_ATTACHMENT, &[r#""a.png""#, "null"]);
        attach.extend([wire::BYTES, 4, 0, 0, 0, 1, 2, 3, 4]);
        wire::encode(&Value::from(4), &mut attach);
        let out = answer_to(&attach);
        assert!(out.contains("content_mismatch"), "{out}");
    }

    #[test]
    fn a_valid_value_refers_to_the_calls_strings_and_reads_as_the_normalized_value() {
        let form = r#"{"certificate_type":"0","customer_id":"c1","verified_file_url":["a.jpg","b.png"],"corp_name":"Example Ltd","verified_number":"91110000","enterprise_person":{"legel_name":"","legel_id_number":""}}"#;
        let bytes = call(
            VALIDATE,
            &[r#""enterpriseRealnameAuth""#, "null", r#""form""#, form],
        );
        let out = run(&bytes);
        assert_eq!(out[0], answer::VALID);
        // Every string the call holds crosses back as a reference, and each key (with
        // `identify_type`, which the form stage implies) as its index in the names: no text.
        let at = u32::from_le_bytes([out[1], out[2], out[3], out[4]]) as usize;
        assert_eq!(at, out.len(), "no texts");
        let read = answer::read(&out, &bytes).unwrap();
        let options = hwc_kyc::Options::default().stage(hwc_kyc::Stage::Form);
        let valid = hwc_kyc::validate(
            hwc_kyc::Operation::EnterpriseRealnameAuth,
            &parse(form.as_bytes()).unwrap(),
            &options,
        )
        .unwrap();
        let mut normalized = String::new();
        crate::to_json::normalized(&mut normalized, &valid);
        assert_eq!(
            read.get("value").unwrap().to_json(),
            normalized,
            "the value the wrapper builds is core's normalized value"
        );
    }

    #[test]
    fn an_unknown_operation_is_a_usage_error_and_junk_is_refused() {
        let out = answer_to(&call(VALIDATE, &[r#""nope""#, "null", "null", "{}"]));
        assert!(out.starts_with("{\"usage\":\"unknown operation"), "{out}");
        for junk in [&[][..], &[VALIDATE], &[99, 1], &[VALIDATE, 5, 9, 0, 0, 0]] {
            assert!(answer_to(junk).starts_with("{\"usage\":"), "{junk:?}");
        }
    }
}

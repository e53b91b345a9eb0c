//! The exchange area: one fixed block of the module's memory through which the wrapper's most
//! frequent calls pass their text, both ways, without wasm-bindgen's per-argument conversions.
//!
//! A call through wasm-bindgen with string arguments allocates a block per argument from
//! JavaScript (one crossing each), copies each string in a JavaScript loop, and reads the result
//! with `TextDecoder` before freeing it (two more crossings). For `validateField`'s fast path,
//! that was most of the call. Through the area, the wrapper (`js/api.js`) writes the call's text
//! with one `TextEncoder.encodeInto` straight into the module's memory, calls an export that takes
//! and returns numbers only, and reads the answer from the same bytes (`[]`, the answer of a field
//! without issues, without decoding it).
//!
//! The protocol, for the exports below: the text is UTF-8 at the start of the area; the export
//! returns the answer's length in bytes. An answer of at most [`AREA_BYTES`] is at the start of
//! the area; a longer one waits for `takeAnswer()`, which returns it as a string. A call text
//! that does not fit goes to the walker entry points (`validate`, … in `lib.rs`), which read the
//! JavaScript value itself: what a form holds fits many times over.
//!
//! The logic is in plain functions over byte slices ([`call_json`](crate::call_json),
//! [`string_field_text`]), so the native unit tests run it; only the exports touch the area.

use crate::{validate_string_field, FALLBACK};

/// The size of the exchange area: the longest call text it carries, and the longest answer it
/// returns in place.
pub const AREA_BYTES: usize = 16 * 1024;

/// `validateStringField` of a text in the area: `op ‖ path ‖ locale ‖ stage ‖ value`, with the
/// lengths of the first four as JavaScript counts them (UTF-16 code units). These four are ASCII
/// in any call that qualifies for the fast path, and then their lengths are their byte counts;
/// when one is not, the cut by those counts leaves a non-ASCII byte in a part, and the answer is
/// [`FALLBACK`], as for text that is not UTF-8.
pub fn string_field_text(text: &[u8], lens: [usize; 4]) -> String {
    let Ok(mut rest) = std::str::from_utf8(text) else {
        return FALLBACK.to_string();
    };
    let mut parts = [""; 4];
    for (part, len) in parts.iter_mut().zip(lens) {
        match rest.split_at_checked(len) {
            Some((head, tail)) if head.is_ascii() => {
                *part = head;
                rest = tail;
            }
            _ => return FALLBACK.to_string(),
        }
    }
    let [op, path, locale, stage] = parts;
    validate_string_field(op, path, rest, locale, stage)
}

/// `describeError` (`kind` 0) or `describeFailCheckItem` (`kind` 1) of a text in the area:
/// `key ‖ locale ‖ op` (no `op` for an item), each encoded on its own, with the byte lengths of
/// the first two. Lengths that do not fall between characters read as an unknown key (`null`).
pub fn description_text(kind: usize, text: &[u8], lens: [usize; 2]) -> String {
    let parts = std::str::from_utf8(text).ok().and_then(|text| {
        let (key, rest) = text.split_at_checked(lens[0])?;
        let (locale, op) = rest.split_at_checked(lens[1])?;
        Some((key, locale, op))
    });
    match (kind, parts) {
        (0, Some((code, locale, op))) => crate::describe_error(code, locale, op),
        (_, Some((item, locale, _))) => crate::describe_fail_check_item(item, locale),
        (_, None) => String::from("null"),
    }
}

#[cfg(target_arch = "wasm32")]
mod area {
    use super::AREA_BYTES;
    use core::cell::UnsafeCell;
    use wasm_bindgen::prelude::*;

    /// The area and the answer too long for it. WebAssembly here is single-threaded (no
    /// `atomics` target feature), and every export runs to completion before JavaScript runs
    /// again, so these are never borrowed twice at once.
    struct Shared<T>(UnsafeCell<T>);
    // SAFETY: one thread (see above).
    unsafe impl<T> Sync for Shared<T> {}

    static AREA: Shared<[u8; AREA_BYTES]> = Shared(UnsafeCell::new([0; AREA_BYTES]));
    static LONG_ANSWER: Shared<String> = Shared(UnsafeCell::new(String::new()));

    /// The area's address in the module's memory.
    pub(crate) fn address() -> usize {
        AREA.0.get() as usize
    }

    /// Runs `f` on the first `len` bytes of the area, then leaves its answer for the wrapper:
    /// in the area when it fits, else for `takeAnswer`. Returns the answer's length.
    fn answer(len: usize, f: impl FnOnce(&[u8]) -> String) -> usize {
        let answer = {
            // SAFETY: no other reference to the area exists during an export (see `Shared`).
            let area = unsafe { &*AREA.0.get() };
            // (A length past the area reads as no text, which every reader answers with
            // FALLBACK; the wrapper never sends one.)
            f(area.get(..len).unwrap_or_default())
        };
        let n = answer.len();
        if n <= AREA_BYTES {
            // SAFETY: the area holds `AREA_BYTES >= n` bytes, the answer is a separate block,
            // and the shared borrow of the area ended with the block above. (A plain copy:
            // `copy_from_slice` would link the formatting code of its panic message, and a loop
            // copies byte by byte.)
            unsafe {
                core::ptr::copy_nonoverlapping(answer.as_ptr(), AREA.0.get().cast::<u8>(), n)
            };
        } else {
            // SAFETY: as above.
            unsafe { *LONG_ANSWER.0.get() = answer };
        }
        n
    }

    /// `callJson` of the `len` bytes at the start of the area.
    #[wasm_bindgen(js_name = callJsonAt)]
    pub fn call_json_at(len: usize) -> usize {
        answer(len, crate::call_json)
    }

    /// `validateStringField` of the `len` bytes at the start of the area (see
    /// [`string_field_text`](super::string_field_text)).
    #[wasm_bindgen(js_name = stringFieldAt)]
    pub fn string_field_at(
        len: usize,
        op: usize,
        path: usize,
        locale: usize,
        stage: usize,
    ) -> usize {
        answer(len, |text| {
            super::string_field_text(text, [op, path, locale, stage])
        })
    }

    /// A description of the `len` bytes at the start of the area (see
    /// [`description_text`](super::description_text)).
    #[wasm_bindgen(js_name = describeAt)]
    pub fn describe_at(kind: usize, len: usize, key: usize, locale: usize) -> usize {
        answer(len, |text| {
            super::description_text(kind, text, [key, locale])
        })
    }

    /// The last answer that did not fit in the area (then empty).
    #[wasm_bindgen(js_name = takeAnswer)]
    pub fn take_answer() -> String {
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

    #[test]
    fn a_string_field_text_is_validate_string_field() {
        let op = "enterpriseRealnameAuth";
        for (path, value, locale) in [
            ("corp_name", "123", "es"),
            ("enterprise_person.legel_name", "王", "zh-CN"),
            ("verified_number", "😀", ""),
        ] {
            let text = [op, path, locale, "", value].concat();
            let lens = [op, path, locale, ""].map(|s| s.encode_utf16().count());
            assert_eq!(
                string_field_text(text.as_bytes(), lens),
                validate_string_field(op, path, value, locale, ""),
                "{path}"
            );
        }
        assert_ne!(
            string_field_text(b"enterpriseRealnameAuthcorp_name123", [22, 9, 0, 0]),
            "[]"
        );
    }

    #[test]
    fn a_description_text_is_the_description() {
        let text = "CBC.99007188zh-CNenterpriseRealnameAuth";
        assert_eq!(
            description_text(0, text.as_bytes(), [12, 5]),
            crate::describe_error("CBC.99007188", "zh-CN", "enterpriseRealnameAuth")
        );
        assert_ne!(
            description_text(0, text.as_bytes(), [12, 5]),
            description_text(0, b"CBC.99007188zh-CNindividualRealnameAuth", [12, 5])
        );
        assert_eq!(
            description_text(1, b"IS_DEBTes", [7, 2]),
            crate::describe_fail_check_item("IS_DEBT", "es")
        );
        assert_ne!(description_text(1, b"IS_DEBTes", [7, 2]), "null");
        // Lengths past the text or inside a character, and text that is not UTF-8.
        assert_eq!(description_text(0, b"CBC.0151", [20, 0]), "null");
        assert_eq!(description_text(0, "é".as_bytes(), [1, 0]), "null");
        assert_eq!(description_text(1, b"\xff", [1, 0]), "null");
    }

    #[test]
    fn a_text_it_cannot_split_falls_back() {
        assert_eq!(string_field_text(b"\xffcorp_name", [1, 9, 0, 0]), FALLBACK);
        assert_eq!(string_field_text(b"short", [22, 9, 0, 0]), FALLBACK);
        // A path that is not ASCII: JavaScript's lengths are not byte counts.
        let text = "enterpriseRealnameAuthcorp_näme123";
        assert_eq!(string_field_text(text.as_bytes(), [22, 9, 0, 0]), FALLBACK);
    }

    // (proptest is a dev-dependency of the native build only.)
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_text_is_validate_string_field_or_falls_back(
            op in "enterpriseRealnameAuth|checkIdentity|\\PC{0,4}",
            path in "corp_name|enterprise_person.legel_name|search_type|[a-z_.]{0,12}|\\PC{0,4}",
            locale in "|es|zh-CN|\\PC{0,3}",
            stage in "|upstream|\\PC{0,3}",
            value in "\\PC{0,8}",
        ) {
            let text = [op.as_str(), &path, &locale, &stage, &value].concat();
            let lens = [&op, &path, &locale, &stage].map(|p| p.encode_utf16().count());
            let got = string_field_text(text.as_bytes(), lens);
            if [&op, &path, &locale, &stage].iter().all(|p| p.is_ascii()) {
                let want = validate_string_field(&op, &path, &value, &locale, &stage);
                proptest::prop_assert_eq!(got, want);
            } else {
                proptest::prop_assert_eq!(got, FALLBACK);
            }
        }
    }
}

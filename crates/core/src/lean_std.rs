//! Lean stand-ins for standard-library text functions (`concat`, `from_utf8_lossy`,
//! `chars().count()`), for every crate of the workspace: same answers, without linking the
//! standard library's generic machinery into the WebAssembly build.

use std::borrow::Cow;

/// `parts.concat()`.
///
/// ```
/// assert_eq!(hwc_kyc::lean_std::concat(&["a", "", "bc"]), "abc");
/// ```
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// `String::from_utf8_lossy`: each invalid sequence, as `from_utf8`'s `error_len` measures it,
/// becomes one U+FFFD; valid text is borrowed.
///
/// ```
/// assert_eq!(hwc_kyc::lean_std::utf8_lossy(b"a\xffb"), "a\u{FFFD}b");
/// ```
pub fn utf8_lossy(bytes: &[u8]) -> Cow<'_, str> {
    let first = match std::str::from_utf8(bytes) {
        Ok(text) => return text.into(),
        Err(e) => e,
    };
    let mut out = String::with_capacity(bytes.len() + 2);
    let mut rest = bytes;
    let mut error = Some(first);
    while let Some(e) = error {
        let (valid, after) = rest.split_at_checked(e.valid_up_to()).unwrap_or_default();
        out.push_str(std::str::from_utf8(valid).unwrap_or_default());
        out.push(char::REPLACEMENT_CHARACTER);
        rest = after
            .get(e.error_len().unwrap_or(after.len())..)
            .unwrap_or_default();
        error = std::str::from_utf8(rest).err();
    }
    out.push_str(std::str::from_utf8(rest).unwrap_or_default());
    out.into()
}

/// How many characters `text` holds: its bytes that are not UTF-8 continuation bytes
/// (`text.chars().count()` without the standard library's counting code).
///
/// ```
/// assert_eq!(hwc_kyc::lean_std::char_count("é中😀a"), 4);
/// ```
pub fn char_count(text: &str) -> usize {
    text.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Valid, truncated, overlong, surrogate, out-of-range and stray bytes, alone and mixed.
    const UTF8_CASES: &[&[u8]] = &[
        b"",
        b"plain",
        "é中😀".as_bytes(),
        b"\xff",
        b"a\xffb",
        b"\xe4\xb8",
        b"\xe4\xb8a",
        b"\xf0\x9f\x98",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\x80\x80\x80",
        b"\xe4\xb8\xad\xe4\xb8",
        b"x\xf5y\xf8\xfe\xc3",
    ];

    #[test]
    fn utf8_lossy_is_the_standard_library_s() {
        for &bytes in UTF8_CASES {
            assert_eq!(
                utf8_lossy(bytes),
                String::from_utf8_lossy(bytes),
                "{bytes:?}"
            );
        }
        assert!(matches!(
            utf8_lossy(b"ok"),
            std::borrow::Cow::Borrowed("ok")
        ));
    }

    #[test]
    fn utf8_lossy_agrees_with_the_standard_library_on_every_short_sequence() {
        // Every sequence of up to 4 bytes from ASCII, continuation, lead and never-valid bytes.
        const BYTES: [u8; 15] = [
            b'a', 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xE4, 0xED, 0xF0, 0xF4,
            0xFF,
        ];
        let mut seqs: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<u8>> = seqs
                .iter()
                .filter(|s| s.len() == seqs.last().map_or(0, Vec::len))
                .flat_map(|s| {
                    BYTES.iter().map(move |&b| {
                        let mut t = s.clone();
                        t.push(b);
                        t
                    })
                })
                .collect();
            seqs.extend(longer);
        }
        assert_eq!(seqs.len(), 1 + 15 + 225 + 3375 + 50625);
        for bytes in &seqs {
            assert_eq!(
                utf8_lossy(bytes),
                String::from_utf8_lossy(bytes),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn char_count_is_chars_count() {
        for &bytes in UTF8_CASES {
            let text = utf8_lossy(bytes);
            assert_eq!(char_count(&text), text.chars().count(), "{bytes:?}");
        }
    }
}

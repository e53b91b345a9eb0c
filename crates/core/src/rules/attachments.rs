//! Attachment rules: the relative paths in `verified_file_url` and the files themselves.

use crate::issue::IssueCode;

/// Extensions an attachment may have, compared case-insensitively.
pub const ALLOWED_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "bmp", "png", "gif", "pdf"];

/// What is wrong with an attachment path, as an issue code, or `None` when it is acceptable
/// (api-docs/README.md decision): relative to the bucket's `download/` directory, no scheme, host
/// or leading `/`, no `.`/`..` or empty segments, no backslash or control character, and an
/// allowed extension. File names are case-sensitive and kept as given.
///
/// A percent-encoded dot, slash, backslash or control character (`%2e`, `%2f`, `%5c`,
/// `%00`–`%1f`, `%7f`, in any case) is refused as a bad character too: the page calls the path a
/// relative URL, and resolved as one against `…/download/`, `%2e%2e/a.jpg` leaves the directory.
/// Files the proxy stores never need such escapes.
///
/// ```
/// use hwc_kyc::{rules::attachments::path_problem, IssueCode};
/// assert_eq!(path_problem("test/abc023.jpg"), None);
/// assert_eq!(path_problem("/download/abc.jpg"), Some(IssueCode::AbsolutePath));
/// assert_eq!(path_problem("a/../b.png"), Some(IssueCode::PathTraversal));
/// assert_eq!(path_problem("%2e%2e/b.png"), Some(IssueCode::InvalidPathCharacter));
/// assert_eq!(path_problem("abc.txt"), Some(IssueCode::InvalidExtension));
/// ```
pub fn path_problem(path: &str) -> Option<IssueCode> {
    // One pass over the bytes: this runs for every attachment on every keystroke.
    let bytes = path.as_bytes();
    let mut first_problem: Option<IssueCode> = None;
    if bytes.first() == Some(&b'/') {
        note(&mut first_problem, IssueCode::AbsolutePath);
    }
    let mut segment_start = 0;
    let mut in_first_segment = true;
    for (i, &b) in bytes.iter().enumerate() {
        let control = b < 0x20
            || b == 0x7F
            // U+0080..=U+009F, the C1 controls, are 0xC2 0x80..=0x9F in UTF-8.
            || (b == 0xC2 && matches!(bytes.get(i + 1), Some(0x80..=0x9F)));
        if control || b == b'\\' || (b == b'%' && is_forbidden_escape(bytes.get(i + 1..i + 3))) {
            note(&mut first_problem, IssueCode::InvalidPathCharacter);
        } else if b == b':' && in_first_segment {
            note(&mut first_problem, IssueCode::AbsolutePath);
        } else if b == b'/' {
            if let Some(code) = segment_problem(bytes.get(segment_start..i).unwrap_or_default()) {
                note(&mut first_problem, code);
            }
            segment_start = i + 1;
            in_first_segment = false;
        }
    }
    if let Some(code) = segment_problem(bytes.get(segment_start..).unwrap_or_default()) {
        note(&mut first_problem, code);
    }
    if first_problem.is_none() && extension_of(path).is_none() {
        return Some(IssueCode::InvalidExtension);
    }
    first_problem
}

/// True for the two hex digits of a percent escape that decodes to a dot, a slash, a backslash
/// or an ASCII control character.
fn is_forbidden_escape(hex: Option<&[u8]>) -> bool {
    let digit = |b: u8| (b as char).to_digit(16);
    let Some(&[high, low]) = hex else {
        return false;
    };
    match (digit(high), digit(low)) {
        (Some(high), Some(low)) => {
            matches!(high * 16 + low, 0x00..=0x1F | 0x2E | 0x2F | 0x5C | 0x7F)
        }
        _ => false,
    }
}

/// Keeps the most telling problem: a bad character over an absolute path over a bad segment, and
/// the first of equals.
fn note(slot: &mut Option<IssueCode>, code: IssueCode) {
    let rank = |c: IssueCode| match c {
        IssueCode::InvalidPathCharacter => 0,
        IssueCode::AbsolutePath => 1,
        _ => 2,
    };
    match slot {
        Some(have) if rank(*have) <= rank(code) => {}
        _ => *slot = Some(code),
    }
}

/// An empty, `.` or `..` segment.
fn segment_problem(segment: &[u8]) -> Option<IssueCode> {
    match segment {
        b"" => Some(IssueCode::EmptyPathSegment),
        b"." | b".." => Some(IssueCode::PathTraversal),
        _ => None,
    }
}

/// The allowed extension of a file name or path, lower-cased, or `None`.
///
/// ```
/// use hwc_kyc::rules::attachments::extension_of;
/// assert_eq!(extension_of("dir/Photo.JPG"), Some("jpg"));
/// assert_eq!(extension_of("notes.txt"), None);
/// assert_eq!(extension_of(".png"), None);
/// ```
pub fn extension_of(name: &str) -> Option<&'static str> {
    // One backward scan to the last '.' of the file name (the part after the last '/').
    let bytes = name.as_bytes();
    let dot = bytes.iter().rposition(|&b| b == b'.' || b == b'/')?;
    let (before, ext) = bytes.split_at_checked(dot)?;
    let ext = ext.strip_prefix(b".")?;
    if matches!(before.last(), None | Some(b'/')) {
        return None; // no dot in the file name, or nothing before it
    }
    ALLOWED_EXTENSIONS
        .into_iter()
        .find(|allowed| ext.eq_ignore_ascii_case(allowed.as_bytes()))
}

/// How many leading bytes of a file [`sniff`] (and so `check_attachment`) looks at at most: a
/// caller holding a large file needs to pass only this much of it.
///
/// ```
/// use hwc_kyc::rules::attachments::{sniff, CONTENT_HEAD_BYTES};
/// let pdf = b"%PDF-1.7 and the rest of a large file";
/// assert_eq!(sniff(&pdf[..CONTENT_HEAD_BYTES]), sniff(pdf));
/// ```
pub const CONTENT_HEAD_BYTES: usize = 16;

/// The file type a content signature shows (`"jpg"` for JPEG, `"png"`, `"gif"`, `"bmp"`,
/// `"pdf"`), or `None` for anything else.
///
/// ```
/// use hwc_kyc::rules::attachments::sniff;
/// assert_eq!(sniff(b"%PDF-1.7\n..."), Some("pdf"));
/// assert_eq!(sniff(b"hello"), None);
/// ```
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 6] = [
        (b"\xFF\xD8\xFF", "jpg"),
        (b"\x89PNG\r\n\x1A\n", "png"),
        (b"GIF87a", "gif"),
        (b"GIF89a", "gif"),
        (b"BM", "bmp"),
        (b"%PDF-", "pdf"),
    ];
    SIGNATURES
        .into_iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map(|(_, kind)| kind)
}

/// True when the content signature fits the extension (`jpeg` counts as `jpg`).
pub fn content_matches(extension: &str, bytes: &[u8]) -> bool {
    let wanted = if extension == "jpeg" {
        "jpg"
    } else {
        extension
    };
    sniff(bytes) == Some(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_documented_examples() {
        for ok in [
            "abc023.jpg",
            "test/abc023.jpg",
            "shimingrenzheng/zhengmian001.jpg",
            "a/b/C.PDF",
            "x.JpEg",
            "证件/正面.png",
            "a..b.gif",
            "dir.v2/x.bmp",
            // Escapes of anything but a dot, slash, backslash or control character are names.
            "a%20b.jpg",
            "%E8%AF%81.png",
            "a%2.jpg",
            "a%.jpg",
            "100%25.pdf",
            "a%2g.jpg",
        ] {
            assert_eq!(path_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn refuses_unsafe_paths_with_the_specific_code() {
        let cases = [
            (
                "https://bucket.obs.example.com/download/a.jpg",
                IssueCode::AbsolutePath,
            ),
            ("obs:bucket/a.jpg", IssueCode::AbsolutePath),
            ("/a.jpg", IssueCode::AbsolutePath),
            ("//host/a.jpg", IssueCode::AbsolutePath),
            ("../a.jpg", IssueCode::PathTraversal),
            ("a/./b.jpg", IssueCode::PathTraversal),
            ("a//b.jpg", IssueCode::EmptyPathSegment),
            ("a/", IssueCode::EmptyPathSegment),
            ("a\\b.jpg", IssueCode::InvalidPathCharacter),
            ("a\nb.jpg", IssueCode::InvalidPathCharacter),
            ("a\u{0}.jpg", IssueCode::InvalidPathCharacter),
            ("%2e%2e/a.jpg", IssueCode::InvalidPathCharacter),
            (".%2e/a.jpg", IssueCode::InvalidPathCharacter),
            ("a/%2E%2E/%2e%2e/b.jpg", IssueCode::InvalidPathCharacter),
            ("a/%00.jpg", IssueCode::InvalidPathCharacter),
            ("%5Ca.jpg", IssueCode::InvalidPathCharacter),
            ("a%2fb.jpg", IssueCode::InvalidPathCharacter),
            ("a%1F.jpg", IssueCode::InvalidPathCharacter),
            ("a%7f.jpg", IssueCode::InvalidPathCharacter),
            ("/%2e.jpg", IssueCode::InvalidPathCharacter),
            ("a.jpg.exe", IssueCode::InvalidExtension),
            ("noext", IssueCode::InvalidExtension),
            ("dir/.jpg", IssueCode::InvalidExtension),
        ];
        for (path, code) in cases {
            assert_eq!(path_problem(path), Some(code), "{path:?}");
        }
    }

    #[test]
    fn every_signature_fits_in_the_head() {
        for (bytes, kind) in [
            (&b"\xFF\xD8\xFF"[..], "jpg"),
            (b"\x89PNG\r\n\x1A\n", "png"),
            (b"GIF87a", "gif"),
            (b"GIF89a", "gif"),
            (b"BM", "bmp"),
            (b"%PDF-", "pdf"),
        ] {
            let mut long = bytes.to_vec();
            long.resize(CONTENT_HEAD_BYTES * 4, b'x');
            assert_eq!(sniff(&long[..CONTENT_HEAD_BYTES]), Some(kind));
            assert!(bytes.len() <= CONTENT_HEAD_BYTES);
        }
    }

    /// The rule as the decision states it, one check after another: the single-pass matcher
    /// must agree with it on every input.
    fn reference_path_problem(path: &str) -> Option<IssueCode> {
        if path.chars().any(|c| c == '\\' || c.is_control()) {
            return Some(IssueCode::InvalidPathCharacter);
        }
        let lower = path.to_ascii_lowercase();
        let escapes = (0..0x20).chain([0x2E, 0x2F, 0x5C, 0x7F]);
        if escapes
            .map(|b| format!("%{b:02x}"))
            .any(|e| lower.contains(&e))
        {
            return Some(IssueCode::InvalidPathCharacter);
        }
        if path.starts_with('/') || path.split('/').next().unwrap_or("").contains(':') {
            return Some(IssueCode::AbsolutePath);
        }
        for segment in path.split('/') {
            match segment {
                "" => return Some(IssueCode::EmptyPathSegment),
                "." | ".." => return Some(IssueCode::PathTraversal),
                _ => {}
            }
        }
        extension_of(path)
            .is_none()
            .then_some(IssueCode::InvalidExtension)
    }

    fn reference_extension_of(name: &str) -> Option<&'static str> {
        let file = name.rsplit('/').next().unwrap_or(name);
        let (stem, ext) = file.rsplit_once('.')?;
        if stem.is_empty() {
            return None;
        }
        ALLOWED_EXTENSIONS
            .into_iter()
            .find(|allowed| ext.eq_ignore_ascii_case(allowed))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn extension_scan_equals_split_reading(name in "[a/.jpgJPGdf é]{0,10}") {
            proptest::prop_assert_eq!(extension_of(&name), reference_extension_of(&name));
        }

        #[test]
        fn single_pass_matcher_equals_the_stated_rule(
            path in "[a/.:\\\\jpgJPG\u{1}\u{7f}\u{85}\u{a0}é%025cCeEfF7]{0,12}"
        ) {
            proptest::prop_assert_eq!(path_problem(&path), reference_path_problem(&path));
        }
    }

    #[test]
    fn sniffs_every_signature() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some("jpg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1A\nrest"), Some("png"));
        assert_eq!(sniff(b"GIF87a"), Some("gif"));
        assert_eq!(sniff(b"GIF89a..."), Some("gif"));
        assert_eq!(sniff(b"BM\x00\x00"), Some("bmp"));
        assert_eq!(sniff(b"%PDF-1.4"), Some("pdf"));
        assert_eq!(sniff(b"\x89PNG"), None);
        assert_eq!(sniff(b""), None);
        assert!(content_matches("jpeg", b"\xFF\xD8\xFF\xDB"));
        assert!(!content_matches("png", b"\xFF\xD8\xFF\xDB"));
    }
}

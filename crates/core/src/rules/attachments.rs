//! Attachment rules: the relative paths in `verified_file_url` and the files themselves.

use crate::issue::IssueCode;

/// Extensions an attachment may have, compared case-insensitively.
pub const ALLOWED_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "bmp", "png", "gif", "pdf"];

/// What is wrong with an attachment path, as an issue code, or `None` when it is acceptable
/// (api-docs/README.md decision): relative to the bucket's `download/` directory, no scheme, host
/// or leading `/`, no `.`/`..` or empty segments, no backslash or control character, and an
/// allowed extension. File names are case-sensitive and kept as given.
///
/// ```
/// use hwc_kyc::{rules::attachments::path_problem, IssueCode};
/// assert_eq!(path_problem("test/abc023.jpg"), None);
/// assert_eq!(path_problem("/download/abc.jpg"), Some(IssueCode::AbsolutePath));
/// assert_eq!(path_problem("a/../b.png"), Some(IssueCode::PathTraversal));
/// assert_eq!(path_problem("abc.txt"), Some(IssueCode::InvalidExtension));
/// ```
pub fn path_problem(path: &str) -> Option<IssueCode> {
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return Some(IssueCode::InvalidPathCharacter);
    }
    if path.starts_with('/') || has_scheme(path) {
        return Some(IssueCode::AbsolutePath);
    }
    for segment in path.split('/') {
        match segment {
            "" => return Some(IssueCode::EmptyPathSegment),
            "." | ".." => return Some(IssueCode::PathTraversal),
            _ => {}
        }
    }
    if extension_of(path).is_none() {
        return Some(IssueCode::InvalidExtension);
    }
    None
}

/// `scheme:` before the first `/` (`https://...`, `obs:bucket/...`, `C:`).
fn has_scheme(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or("");
    first.contains(':')
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
    let file = name.rsplit('/').next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    ALLOWED_EXTENSIONS
        .into_iter()
        .find(|allowed| ext.eq_ignore_ascii_case(allowed))
}

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
            ("a.jpg.exe", IssueCode::InvalidExtension),
            ("noext", IssueCode::InvalidExtension),
            ("dir/.jpg", IssueCode::InvalidExtension),
        ];
        for (path, code) in cases {
            assert_eq!(path_problem(path), Some(code), "{path:?}");
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

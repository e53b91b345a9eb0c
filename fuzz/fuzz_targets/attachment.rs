//! Attachment checks from an arbitrary file name, content and declared size, and the path rule
//! of `verified_file_url` from an arbitrary string.
//!
//! Invariants of `check_attachment`: no issue exactly when the extension is allowed, the file is
//! not empty nor over 10 MB, and the content's signature is the extension's type (`jpeg` is
//! `jpg`); each issue sits at `file_name` or `content` with its declared params and a message.
//!
//! Invariants of `path_problem`: a path it accepts is relative, has no `.`, `..` or empty segment,
//! no backslash or control character, no percent-encoded dot, slash, backslash or control
//! character, and an allowed extension.

#![no_main]

use arbitrary::Arbitrary;
use hwc_kyc::rules::attachments::{extension_of, path_problem, sniff};
use hwc_kyc::rules::limits::ATTACHMENT_FILE_MAX_BYTES;
use hwc_kyc::{check_attachment, IssueCode, Locale, PathSegment};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    name: String,
    content: Vec<u8>,
    /// A size to declare instead of the content's length (a browser knows the size without
    /// reading the file).
    declared: Option<u32>,
    locale: u8,
}

fuzz_target!(|input: Input| {
    let locale = Locale::ALL[usize::from(input.locale) % Locale::ALL.len()];
    let head = &input.content[..16.min(input.content.len())];
    let size = input.declared.map_or(input.content.len(), |d| {
        usize::try_from(d).unwrap_or(usize::MAX)
    });
    let issues = check_attachment(&input.name, size, head, locale);

    let ext = extension_of(&input.name);
    let sniffed = sniff(head);
    let wanted = ext.map(|e| if e == "jpeg" { "jpg" } else { e });
    let acceptable = ext.is_some()
        && size > 0
        && size <= ATTACHMENT_FILE_MAX_BYTES
        && sniffed.is_some()
        && sniffed == wanted;
    assert_eq!(issues.is_empty(), acceptable, "{issues:?} for {input:?}");

    let has = |code| issues.iter().any(|i| i.code == code);
    assert_eq!(has(IssueCode::InvalidExtension), ext.is_none());
    assert_eq!(has(IssueCode::EmptyFile), size == 0);
    assert_eq!(
        has(IssueCode::FileTooLarge),
        size > ATTACHMENT_FILE_MAX_BYTES
    );
    for issue in &issues {
        assert!(!issue.message.trim().is_empty(), "{issue:?}");
        let names: Vec<&str> = issue.params.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, issue.code.params(), "{issue:?}");
        let at = match issue.code {
            IssueCode::InvalidExtension => "file_name",
            _ => "content",
        };
        assert_eq!(issue.path, [PathSegment::key(at)], "{issue:?}");
    }

    if path_problem(&input.name).is_none() {
        let path = input.name.as_str();
        assert!(extension_of(path).is_some(), "{path:?}");
        assert!(!path.starts_with('/'), "{path:?}");
        assert!(
            !path.chars().any(|c| c == '\\' || c.is_control()),
            "{path:?}"
        );
        assert!(
            path.split('/').all(|s| !matches!(s, "" | "." | "..")),
            "{path:?}"
        );
        let lower = path.to_ascii_lowercase();
        let escapes = (0..0x20u8).chain([0x2E, 0x2F, 0x5C, 0x7F]);
        assert!(
            !escapes.map(|b| format!("%{b:02x}")).any(|e| lower.contains(&e)),
            "percent-encoded dot, slash, backslash or control character accepted: {path:?}"
        );
        let first = path.split('/').next().unwrap_or_default();
        assert!(!first.contains(':'), "scheme or drive accepted: {path:?}");
    }
});

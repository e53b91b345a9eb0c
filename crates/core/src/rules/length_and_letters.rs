//! Text rules: length as the documented limits count it (UTF-16 code units), and whether a name
//! holds a letter.

/// Length as the documented limits count it: UTF-16 code units, what JavaScript's `.length`
/// and a Java server count (api-docs/README.md decision). Never laxer than counting characters.
///
/// ```
/// use hwc_kyc::rules::length_and_letters::utf16_len;
/// assert_eq!(utf16_len("abc"), 3);
/// assert_eq!(utf16_len("中文"), 2);
/// assert_eq!(utf16_len("😀"), 2);
/// ```
pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

/// `corp_name` "cannot contain only digits, special characters, or spaces": true when `s` holds
/// at least one letter of any script (so Chinese names pass).
///
/// ```
/// use hwc_kyc::rules::length_and_letters::has_letter;
/// assert!(has_letter("华为技术有限公司"));
/// assert!(!has_letter("123 - 456"));
/// ```
pub fn has_letter(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

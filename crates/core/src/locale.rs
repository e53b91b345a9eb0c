//! The languages messages and descriptions are rendered in.

/// A language for issue messages and error descriptions.
///
/// Every message exists in every locale; [`Locale::parse`] falls back to English for a tag it
/// does not know, so a caller can pass `navigator.language` unchanged.
///
/// ```
/// use hwc_kyc::Locale;
/// assert_eq!(Locale::parse("zh-Hans-CN"), Locale::ZhCn);
/// assert_eq!(Locale::parse("es-MX"), Locale::Es);
/// assert_eq!(Locale::parse("fr"), Locale::En);
/// assert_eq!(Locale::ZhCn.tag(), "zh-CN");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Locale {
    /// English (the fallback).
    #[default]
    #[cfg_attr(feature = "serde", serde(rename = "en"))]
    En,
    /// Simplified Chinese.
    #[cfg_attr(feature = "serde", serde(rename = "zh-CN"))]
    ZhCn,
    /// Spanish.
    #[cfg_attr(feature = "serde", serde(rename = "es"))]
    Es,
}

impl Locale {
    /// Every supported locale, English first.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::ZhCn, Locale::Es];

    /// The BCP 47 tag of this locale (`"en"`, `"zh-CN"`, `"es"`).
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
            Locale::Es => "es",
        }
    }

    /// Picks the locale for a BCP 47 tag by its primary language (case-insensitive, `_` or `-`
    /// separated); anything unknown or empty is English.
    pub fn parse(tag: &str) -> Locale {
        // The text before the first `-` or `_` (what `split(['-', '_']).next()` gives).
        let end = tag
            .bytes()
            .position(|b| b == b'-' || b == b'_')
            .unwrap_or(tag.len());
        let primary = tag.get(..end).unwrap_or_default();
        if primary.eq_ignore_ascii_case("zh") {
            Locale::ZhCn
        } else if primary.eq_ignore_ascii_case("es") {
            Locale::Es
        } else {
            Locale::En
        }
    }

    /// Position of this locale in per-locale tables (`[en, zh-CN, es]`).
    #[cfg(feature = "translations")]
    pub(crate) const fn index(self) -> usize {
        match self {
            Locale::En => 0,
            Locale::ZhCn => 1,
            Locale::Es => 2,
        }
    }
}

/// A text in every locale: `[en, zh-CN, es]` joined by U+001F (the unit separator), written with
/// [`localized!`]. One `&'static str` where an array of three would take three: the tables of
/// messages and descriptions stay a third of their size in the WebAssembly build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Localized(pub(crate) &'static str);

/// The separator between the locales' texts in a [`Localized`]: U+001F's one UTF-8 byte, which is
/// part of no other character.
const SEPARATOR: u8 = 0x1f;

impl Localized {
    /// The text in `locale` (empty if the text lacks that part, which `localized!` rules out at
    /// compile time).
    pub(crate) fn get(self, locale: Locale) -> &'static str {
        // Without the feature `translations` the text is English alone, whatever the locale,
        // and holds no separator (`localized!` checks it at compile time): no scan.
        #[cfg(not(feature = "translations"))]
        {
            let _ = locale;
            self.0
        }
        // Byte scans, each cut at a character boundary since the separator is one byte
        // (`str::find(char)` would link the pattern machinery).
        #[cfg(feature = "translations")]
        {
            let end_of = |text: &str| text.bytes().position(|b| b == SEPARATOR);
            let mut rest = self.0;
            for _ in 0..locale.index() {
                let next = end_of(rest).map_or(rest.len(), |at| at + 1);
                rest = rest.get(next..).unwrap_or_default();
            }
            rest.get(..end_of(rest).unwrap_or(rest.len()))
                .unwrap_or_default()
        }
    }

    /// The texts in `[en, zh-CN, es]` order, for tests that check every locale.
    #[cfg(test)]
    pub(crate) fn all(self) -> [&'static str; 3] {
        Locale::ALL.map(|locale| self.get(locale))
    }
}

/// How many U+001F a text holds (its UTF-8 byte 0x1F appears for no other character).
pub(crate) const fn separators(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == SEPARATOR {
            n += 1;
        }
        i += 1;
    }
    n
}

/// `localized!("English", "中文", "Español")`: a [`Localized`] text. Compilation fails when a
/// text holds the separator itself, which would shift the locales. Without the feature
/// `translations` only the English text is kept: the other two never reach the build (the npm
/// package's module, which gets them from locale packs, see [`crate::pack`]).
#[cfg(feature = "translations")]
macro_rules! localized {
    ($en:literal, $zh:literal, $es:literal $(,)?) => {{
        const TEXT: &str = concat!($en, "\u{1f}", $zh, "\u{1f}", $es);
        const _: () = assert!(
            $crate::locale::separators(TEXT) == 2,
            "a localized text holds U+001F"
        );
        $crate::locale::Localized(TEXT)
    }};
}
#[cfg(not(feature = "translations"))]
macro_rules! localized {
    ($en:literal, $zh:literal, $es:literal $(,)?) => {{
        const TEXT: &str = $en;
        const _: () = assert!(
            $crate::locale::separators(TEXT) == 0,
            "a localized text holds U+001F"
        );
        $crate::locale::Localized(TEXT)
    }};
}
pub(crate) use localized;

impl core::fmt::Display for Locale {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::{separators, Locale, Localized};

    #[test]
    #[cfg(feature = "translations")]
    fn a_localized_text_gives_each_locale_its_part() {
        let text = localized!("Required.", "必填。", "Obligatorio.");
        assert_eq!(text.get(Locale::En), "Required.");
        assert_eq!(text.get(Locale::ZhCn), "必填。");
        assert_eq!(text.get(Locale::Es), "Obligatorio.");
        assert_eq!(text.all(), ["Required.", "必填。", "Obligatorio."]);
        // Empty parts stay empty; they do not borrow a neighbour's text.
        let gaps = localized!("", "中", "");
        assert_eq!(gaps.all(), ["", "中", ""]);
        // A text without its parts (only a hand-built one) gives empty parts, never a panic.
        assert_eq!(Localized("en only").all(), ["en only", "", ""]);
        assert_eq!(separators("a\u{1f}b\u{1f}c"), 2);
        assert_eq!(separators("中文\u{1f}"), 1);
        assert_eq!(separators(""), 0);
    }

    #[test]
    fn parse_reads_the_primary_language_as_split_did() {
        for tag in [
            "",
            "-",
            "_",
            "zh",
            "ZH",
            "zh-Hans-CN",
            "zh_TW",
            "es-MX",
            "es_419",
            "esp",
            "-zh",
            "_es",
            "en",
            "中文",
            "zh中",
            "zhx-CN",
        ] {
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            let expected = match primary.to_ascii_lowercase().as_str() {
                "zh" => Locale::ZhCn,
                "es" => Locale::Es,
                _ => Locale::En,
            };
            assert_eq!(Locale::parse(tag), expected, "{tag:?}");
        }
    }
}

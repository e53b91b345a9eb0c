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
    pub(crate) const fn index(self) -> usize {
        match self {
            Locale::En => 0,
            Locale::ZhCn => 1,
            Locale::Es => 2,
        }
    }
}

impl core::fmt::Display for Locale {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

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

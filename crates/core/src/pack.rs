//! Locale packs: every text of one locale (issue message templates, type words, error-code and
//! `fail_check_items` descriptions) as one string, for a build that carries English alone.
//!
//! The npm package's WebAssembly module is built without the feature `translations`, so its
//! tables hold English only. `cargo xtask pkg` writes each other locale's [`text`] into a
//! JavaScript module of its own (`hwc-kyc/locales/zh-CN`, `hwc-kyc/locales/es`), which a page
//! registers when it offers that locale; the module reads it back with [`Pack::parse`] and renders
//! messages and descriptions from it. These tables stay the one source: a pack is nothing but
//! their texts, in this order, joined by [`SEPARATOR`]:
//!
//! 1. the message template of every [`IssueCode`], in [`IssueCode::ALL`] order;
//! 2. the word for every JSON type name of [`TYPE_NAMES`];
//! 3. the description of every entry of [`ERROR_CODES`], in table order;
//! 4. the description of every entry of [`FAIL_CHECK_ITEMS`], in table order.
//!
//! ```
//! use hwc_kyc::pack::{text, Pack};
//! use hwc_kyc::{IssueCode, Locale};
//!
//! let zh = text(Locale::ZhCn);
//! let pack = Pack::parse(&zh).unwrap();
//! assert_eq!(pack.template(IssueCode::Required), "此项为必填项。");
//! ```

use crate::catalog::{ErrorEntry, FailCheckItem, ERROR_CODES, FAIL_CHECK_ITEMS};
use crate::issue::{IssueCode, ParamValue};
use crate::messages::{render_with, template, type_word, TYPE_NAMES};
use crate::Locale;

/// The separator between a pack's texts: U+001F, which no text of the tables holds (the
/// `localized!` tables refuse it at compile time).
pub const SEPARATOR: char = '\u{1f}';

/// How many texts a pack holds.
pub fn len() -> usize {
    IssueCode::ALL.len() + TYPE_NAMES.len() + ERROR_CODES.len() + FAIL_CHECK_ITEMS.len()
}

/// Every text of `locale`, in pack order (see the module docs). In a build without the feature
/// `translations` every locale's texts are the English ones.
pub fn texts(locale: Locale) -> Vec<&'static str> {
    let mut out = Vec::with_capacity(len());
    out.extend(IssueCode::ALL.iter().map(|&code| template(code, locale)));
    out.extend(
        TYPE_NAMES
            .iter()
            .map(|name| type_word(name, locale).unwrap_or(name)),
    );
    out.extend(ERROR_CODES.iter().map(|e| e.description(locale)));
    out.extend(FAIL_CHECK_ITEMS.iter().map(|i| i.description(locale)));
    out
}

/// The pack of `locale`: its [`texts`] joined by [`SEPARATOR`].
pub fn text(locale: Locale) -> String {
    let mut out = String::new();
    for (n, t) in texts(locale).into_iter().enumerate() {
        if n > 0 {
            out.push(SEPARATOR);
        }
        out.push_str(t);
    }
    out
}

/// A pack read back: the texts of one locale, borrowed from the pack's string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack<'a> {
    texts: Vec<&'a str>,
}

/// Why a string is not a pack: it holds another number of texts than [`len`] (a pack of
/// another version of the tables, or not a pack at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackError;

impl PackError {
    /// What is wrong, in English.
    pub const fn as_str(self) -> &'static str {
        "not a locale pack of this version of hwc-kyc"
    }
}

impl<'a> Pack<'a> {
    /// Reads a pack made by [`text`]: one that holds another number of texts than [`len`] is
    /// refused rather than misread. (Its texts are not checked further: the packs ship with the
    /// module they were made for, and a template naming an unknown placeholder shows it as
    /// written.)
    pub fn parse(text: &'a str) -> Result<Pack<'a>, PackError> {
        let texts: Vec<&'a str> = text.split(SEPARATOR).collect();
        if texts.len() != len() {
            return Err(PackError);
        }
        Ok(Pack { texts })
    }

    /// The `n`th text (empty past the end, which `parse` rules out).
    fn at(&self, n: usize) -> &'a str {
        self.texts.get(n).copied().unwrap_or_default()
    }

    /// The message template of `code`.
    pub fn template(&self, code: IssueCode) -> &'a str {
        let n = IssueCode::ALL.iter().position(|&c| c == code);
        n.map_or("", |n| self.at(n))
    }

    /// The word for the JSON type `name` (one of [`TYPE_NAMES`]).
    pub fn type_word(&self, name: &str) -> Option<&'a str> {
        let n = TYPE_NAMES.iter().position(|&t| t == name)?;
        Some(self.at(IssueCode::ALL.len() + n))
    }

    /// The description of an entry of [`ERROR_CODES`] (empty for an entry not in the table).
    pub fn error_description(&self, entry: &ErrorEntry) -> &'a str {
        let n = ERROR_CODES.iter().position(|e| core::ptr::eq(e, entry));
        n.map_or("", |n| self.at(IssueCode::ALL.len() + TYPE_NAMES.len() + n))
    }

    /// The description of an entry of [`FAIL_CHECK_ITEMS`] (empty for an entry not in the
    /// table).
    pub fn item_description(&self, item: &FailCheckItem) -> &'a str {
        let n = FAIL_CHECK_ITEMS.iter().position(|i| core::ptr::eq(i, item));
        let first = IssueCode::ALL.len() + TYPE_NAMES.len() + ERROR_CODES.len();
        n.map_or("", |n| self.at(first + n))
    }

    /// The message of `code` with `params`, as [`render`](crate::messages::render) writes it in
    /// the pack's locale.
    pub fn render(&self, code: IssueCode, params: &[(&'static str, ParamValue)]) -> String {
        render_with(self.template(code), params, &|name| self.type_word(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{lookup_error, lookup_fail_check_item};
    use crate::messages::render;
    use crate::Operation;

    #[test]
    #[cfg(feature = "translations")]
    fn a_pack_gives_every_text_of_its_locale() {
        for locale in Locale::ALL {
            let text = text(locale);
            let pack = Pack::parse(&text).expect("core's own pack reads back");
            for &code in IssueCode::ALL {
                assert_eq!(pack.template(code), template(code, locale));
            }
            for name in TYPE_NAMES {
                assert_eq!(pack.type_word(name), type_word(name, locale));
            }
            assert_eq!(pack.type_word("undefined"), None);
            for e in ERROR_CODES {
                assert_eq!(pack.error_description(e), e.description(locale));
            }
            for i in FAIL_CHECK_ITEMS {
                assert_eq!(pack.item_description(i), i.description(locale));
            }
            let p = vec![("expected", "string".into()), ("received", "number".into())];
            assert_eq!(
                pack.render(IssueCode::InvalidType, &p),
                render(IssueCode::InvalidType, &p, locale)
            );
        }
        // The lookups the packages make land on the same entries.
        let zh = text(Locale::ZhCn);
        let pack = Pack::parse(&zh).expect("pack");
        let entry = lookup_error("CBC.99007188", Some(Operation::EnterpriseRealnameAuth));
        assert_eq!(
            entry.map(|e| pack.error_description(e)),
            crate::describe_error(
                "CBC.99007188",
                Some(Operation::EnterpriseRealnameAuth),
                Locale::ZhCn
            )
        );
        let item = lookup_fail_check_item("IS_DEBT").expect("IS_DEBT");
        assert_eq!(pack.item_description(item), "客户账户存在欠费。");
    }

    #[test]
    fn a_string_of_another_shape_is_refused() {
        let en = text(Locale::En);
        assert!(Pack::parse(&en).is_ok());
        assert_eq!(Pack::parse(""), Err(PackError));
        let shorter = en.rsplit_once(SEPARATOR).map_or("", |(head, _)| head);
        assert_eq!(Pack::parse(shorter), Err(PackError));
        let longer = [en.as_str(), "extra"].join("\u{1f}");
        assert_eq!(Pack::parse(&longer), Err(PackError));
    }
}

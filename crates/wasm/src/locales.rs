//! Locales on demand: the module carries English alone (core built without its feature
//! `translations`), and a page registers the packs of the other locales it offers
//! (`registerLocale(zhCN)` with `import zhCN from "hwc-kyc/locales/zh-CN"`). A pack is core's
//! [`hwc_kyc::pack`] text of one locale, which `cargo xtask pkg` writes into its own module.
//!
//! Core always renders in English here; a call for another locale renders its messages and
//! descriptions again from that locale's pack, with core's own renderer
//! ([`Pack::render`]). A locale whose pack is not registered reads English, as an unknown locale
//! does.

use std::borrow::Cow;
use std::cell::Cell;

use hwc_kyc::catalog::{lookup_error, lookup_fail_check_item};
use hwc_kyc::pack::Pack;
use hwc_kyc::{Issue, Locale, Operation};

/// A registered pack and the text it borrows from (both live as long as the module).
#[derive(Clone, Copy)]
struct Registered {
    text: &'static str,
    pack: &'static Pack<'static>,
}

thread_local! {
    /// The registered packs, by locale (English's place stays empty: it is built in). A `Cell`
    /// of copies: no lock and no borrow flag (the module has one thread), nothing that panics.
    static PACKS: Cell<[Option<Registered>; 3]> = const { Cell::new([None; 3]) };
}

fn slot(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::ZhCn => 1,
        Locale::Es => 2,
    }
}

/// Registers the pack `text` for the locale of `tag` (as [`Locale::parse`] reads it). The pack
/// must be core's (the same version's) text of a locale other than English; registering the
/// same pack again changes nothing, and another one replaces it (the replaced one stays in
/// memory: a page registers each locale once).
pub fn register(tag: &str, text: String) -> Result<(), &'static str> {
    let locale = Locale::parse(tag);
    if locale == Locale::En || !tag.eq_ignore_ascii_case(locale.tag()) {
        return Err("a locale pack is for \"zh-CN\" or \"es\" (English is built in)");
    }
    Pack::parse(&text).map_err(|e| e.as_str())?;
    let mut packs = packs();
    let place = &mut packs[slot(locale)];
    if place.is_some_and(|r| r.text == text) {
        return Ok(());
    }
    // (`leak`, not `into_boxed_str`: its shrink would link the formatting code of a panic.)
    let text: &'static str = text.leak();
    let pack = Pack::parse(text).map_err(|e| e.as_str())?;
    *place = Some(Registered {
        text,
        pack: Box::leak(Box::new(pack)),
    });
    PACKS
        .try_with(|p| p.set(packs))
        .map_err(|_| "the module is shutting down")
}

/// The registered packs (`try_with`: `with`'s panic would link the formatting code).
fn packs() -> [Option<Registered>; 3] {
    PACKS.try_with(Cell::get).unwrap_or_default()
}

/// The language a call renders its texts in: a registered pack, or English.
#[derive(Clone, Copy, Default)]
pub struct Lang(Option<&'static Pack<'static>>);

impl Lang {
    /// English: core's own texts.
    pub const ENGLISH: Lang = Lang(None);

    /// The language for `locale`: its pack when registered, else English.
    pub fn of(locale: Locale) -> Lang {
        if locale == Locale::En {
            return Lang::ENGLISH;
        }
        Lang(packs()[slot(locale)].map(|r| r.pack))
    }

    /// The language for a BCP 47 tag (anything but a known tag is English).
    pub fn parse(tag: &str) -> Lang {
        Lang::of(Locale::parse(tag))
    }

    /// Whether this is English (core's own texts: nothing to render again).
    pub fn is_english(self) -> bool {
        self.0.is_none()
    }

    /// The message of an issue that core rendered in English.
    pub fn message(self, issue: &Issue) -> Cow<'_, str> {
        match self.0 {
            Some(pack) => Cow::Owned(pack.render(issue.code, &issue.params)),
            None => Cow::Borrowed(&issue.message),
        }
    }

    /// `issue` with its message in this language, whatever locale it was rendered in.
    pub fn localized(self, issue: &Issue) -> Issue {
        match self.0 {
            Some(pack) => Issue {
                message: pack.render(issue.code, &issue.params),
                ..issue.clone()
            },
            None => issue.localized(Locale::En),
        }
    }

    /// The catalog's description of an error code (`op` picks the meaning of a code that
    /// differs per operation), or `None` for an unknown code.
    pub fn error_description(self, code: &str, op: Option<Operation>) -> Option<&'static str> {
        let entry = lookup_error(code, op)?;
        Some(match self.0 {
            Some(pack) => pack.error_description(entry),
            None => entry.description(Locale::En),
        })
    }

    /// The catalog's description of a `fail_check_items` value, or `None` for an unknown one.
    pub fn item_description(self, item: &str) -> Option<&'static str> {
        let item = lookup_fail_check_item(item)?;
        Some(match self.0 {
            Some(pack) => pack.item_description(item),
            None => item.description(Locale::En),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::pack::text;

    #[test]
    fn a_registered_pack_renders_its_locale_and_an_unregistered_one_english() {
        let issue = Issue::new(
            Vec::new(),
            hwc_kyc::IssueCode::Required,
            Vec::new(),
            Locale::En,
        );
        // (The tests of this crate share the table: es stays unregistered in all of them.)
        assert_eq!(Lang::parse("es").message(&issue), "This field is required.");
        assert_eq!(
            Lang::parse("es").error_description("CBC.0151", None),
            Some("Access denied.")
        );
        register("zh-CN", text(Locale::ZhCn)).expect("core's zh-CN pack");
        register("zh-CN", text(Locale::ZhCn)).expect("again: nothing changes");
        let zh = Lang::parse("zh-Hans-CN");
        assert_eq!(zh.message(&issue), "此项为必填项。");
        assert_eq!(
            zh.error_description("CBC.0151", None),
            hwc_kyc::describe_error("CBC.0151", None, Locale::ZhCn)
        );
        assert_eq!(
            zh.item_description("IS_DEBT"),
            hwc_kyc::describe_fail_check_item("IS_DEBT", Locale::ZhCn)
        );
        assert_eq!(zh.item_description("NOPE"), None);
    }

    #[test]
    fn a_pack_for_english_another_tag_or_another_shape_is_refused() {
        assert!(register("en", text(Locale::En)).is_err());
        assert!(register("fr", text(Locale::Es)).is_err());
        assert!(register("es-MX", text(Locale::Es)).is_err());
        assert!(register("es", String::from("not a pack")).is_err());
        assert_eq!(
            Lang::parse("es").message(&Issue::new(
                Vec::new(),
                hwc_kyc::IssueCode::Empty,
                Vec::new(),
                Locale::En,
            )),
            "This field must not be empty."
        );
    }
}

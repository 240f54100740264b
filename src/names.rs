//! Language names from CLDR: the only user of ICU4X (`icu_locale`'s display names).
//!
//! Two questions need a language's name. `new-locale` writes a new language's name *in itself*
//! (its autonym: `Español`, `Українська`) into `site.toml`, where the language switcher shows it.
//! And a sentence such as "Language of this version: …" names a language *in the reader's
//! language* (`anglais` on a French page, `англійська` on a Ukrainian one). Both come from CLDR's
//! `localeDisplayNames`, the data browsers and operating systems use, never from a table typed
//! here. CLDR does not cover every language (Crimean Tatar has no locale data of its own), so
//! both functions say when they have no answer and the caller picks what to show instead.

use icu_locale::names::{DisplayNamesPreferences, LanguageIdentifierDisplayName};
use icu_locale::{LanguageIdentifier, Locale};
use writeable::TryWriteable;

// The compiled data is CLDR 49's (icu_locale_data 2.4 was generated from it).

/// The name of the language `tag` written in the language `reader`, as CLDR has it (`fr` in
/// `uk`: `французька`); `None` when CLDR has no such name in that language (a reader's language
/// without locale data, an unknown tag).
pub(crate) fn in_language(tag: &str, reader: &str) -> Option<String> {
    let subject: LanguageIdentifier = tag.parse().ok()?;
    let reader: Locale = reader.parse().ok()?;
    let prefs = DisplayNamesPreferences::from(&reader);
    // The heavy data has every language CLDR names; the light data lacks, e.g., Ukrainian in English.
    let name =
        LanguageIdentifierDisplayName::try_new_heavy(prefs, subject, Default::default()).ok()?;
    let borrowed = name.as_borrowed();
    let written = borrowed.try_write_to_string().ok()?;
    Some(written.into_owned())
}

/// The language's name in itself, as a language menu shows it: CLDR's autonym with its first
/// letter capitalised, which is how CLDR's `uiListOrMenu` context writes language names in most
/// languages (`español` → `Español`); `None` when CLDR does not name the language in itself.
pub(crate) fn autonym(tag: &str) -> Option<String> {
    let name = in_language(tag, tag)?;
    let mut chars = name.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_in_the_readers_language() {
        assert_eq!(in_language("en", "fr").as_deref(), Some("anglais"));
        assert_eq!(in_language("en", "uk").as_deref(), Some("англійська"));
        assert_eq!(in_language("uk", "en").as_deref(), Some("Ukrainian"));
        assert_eq!(in_language("uk", "pl").as_deref(), Some("ukraiński"));
        assert_eq!(in_language("crh", "de").as_deref(), Some("Krimtatarisch"));
        assert_eq!(
            in_language("pt-BR", "en").as_deref(),
            Some("Brazilian Portuguese")
        );
    }

    #[test]
    fn unknown_readers_and_languages_have_no_name() {
        // CLDR has no locale data for Crimean Tatar: no name of anything in it.
        assert_eq!(in_language("en", "crh-Latn"), None);
        assert_eq!(in_language("qaa", "en"), None);
        assert_eq!(in_language("not a tag", "en"), None);
    }

    /// The sentence of this repository's site that names the language a page is shown in
    /// instead, in each of its six languages, with the name CLDR gives in that language (or,
    /// for Crimean Tatar, which CLDR does not cover, the language's own name).
    #[test]
    fn the_sites_fallback_sentence_reads_correctly_in_all_six_languages() {
        use crate::i18n::{Arg, Locales};
        use crate::load::LocaleFile;
        let config = crate::project::Config::parse(include_str!("../site.toml")).unwrap();
        let files: Vec<LocaleFile> = [
            ("uk", include_str!("../locales/uk/theme.ftl")),
            ("crh", include_str!("../locales/crh/theme.ftl")),
            ("en", include_str!("../locales/en/theme.ftl")),
            ("de", include_str!("../locales/de/theme.ftl")),
            ("fr", include_str!("../locales/fr/theme.ftl")),
            ("pl", include_str!("../locales/pl/theme.ftl")),
        ]
        .into_iter()
        .map(|(lang, text)| LocaleFile {
            lang: lang.into(),
            path: format!("locales/{lang}/theme.ftl"),
            text: text.into(),
        })
        .collect();
        let (locales, _) = Locales::load(&config, &files);
        let sentence = |reader: &str, shown: &str| {
            let (r, s) = (
                config.language(reader).unwrap(),
                config.language(shown).unwrap(),
            );
            let name = in_language(&s.tag, &r.tag).unwrap_or_else(|| s.name.clone());
            let t = locales
                .tr(
                    reader,
                    "fallback-notice",
                    &[("source".into(), Arg::Str(name))],
                )
                .unwrap();
            assert_eq!(t.lang, reader, "the sentence is the reader's own");
            t.text
        };
        assert_eq!(
            sentence("uk", "en"),
            "Цю сторінку ще не перекладено. Мова цієї версії: англійська."
        );
        assert_eq!(
            sentence("crh", "uk"),
            "Bu saife daa tercime etilmedi. Bu versiyanıñ tili: Українська."
        );
        assert_eq!(
            sentence("en", "uk"),
            "This page has not been translated yet. Language of this version: Ukrainian."
        );
        assert_eq!(
            sentence("de", "en"),
            "Diese Seite ist noch nicht übersetzt. Sprache dieser Fassung: Englisch."
        );
        assert_eq!(
            sentence("fr", "en"),
            "Cette page n’est pas encore traduite. Langue de cette version\u{a0}: anglais."
        );
        assert_eq!(
            sentence("pl", "en"),
            "Ta strona nie została jeszcze przetłumaczona. Język tej wersji: angielski."
        );
    }

    #[test]
    fn autonyms_are_capitalised_as_in_a_menu() {
        assert_eq!(autonym("es").as_deref(), Some("Español"));
        assert_eq!(autonym("uk").as_deref(), Some("Українська"));
        assert_eq!(autonym("fr").as_deref(), Some("Français"));
        assert_eq!(autonym("de").as_deref(), Some("Deutsch"));
        assert_eq!(autonym("ar").as_deref(), Some("العربية"));
        assert_eq!(autonym("crh"), None);
    }
}

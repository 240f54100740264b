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

/// The CLDR version of the compiled data (icu_locale_data 2.4 was generated from CLDR 49).
pub const CLDR_VERSION: &str = "49";

/// The name of the language `tag` written in the language `reader`, as CLDR has it (`fr` in
/// `uk`: `французька`); `None` when CLDR has no such name in that language (a reader's language
/// without locale data, an unknown tag).
pub fn in_language(tag: &str, reader: &str) -> Option<String> {
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
pub fn autonym(tag: &str) -> Option<String> {
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

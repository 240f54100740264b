//! The pseudo-language of `build --pseudo` (`en-XA`): the source strings accented and lengthened, so
//! hard-coded text and layouts that break on long words show at a glance.

use super::*;

/// The code and tag of the pseudo-language of `build --pseudo` (the tag CLDR reserves for
/// accented pseudo-English).
pub(crate) const PSEUDO: &str = "en-XA";

/// Adds the pseudo-language: the source language's strings, accented and lengthened, so
/// hard-coded text (left plain) and layouts that break on long words show at a glance.
pub(crate) fn add_pseudo_language(
    config: &mut crate::project::Config,
    files: &mut Vec<LocaleFile>,
) {
    let source = config.source_language.clone();
    let Some(src) = config.language(&source).cloned() else {
        return;
    };
    let copies: Vec<LocaleFile> = files
        .iter()
        .filter(|f| f.lang == source)
        .map(|f| LocaleFile {
            lang: PSEUDO.to_string(),
            path: f.path.replacen(
                &format!("locales/{source}/"),
                &format!("locales/{PSEUDO}/"),
                1,
            ),
            text: f.text.clone(),
        })
        .collect();
    files.extend(copies);
    config.languages.push(crate::project::Language {
        code: PSEUDO.to_string(),
        name: pseudo("Pseudo").into_owned(),
        tag: PSEUDO.to_string(),
        og_locale: PSEUDO.replace('-', "_"),
        fallback: vec![source],
        plural_rules: Some("en".to_string()),
        ..src
    });
}

/// `Skip to content` → `Šķííƥ ţóó çóóñţééñţ`: letters accented, vowels doubled.
pub(crate) fn pseudo(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        let accented = match c {
            'a' => "áá",
            'e' => "éé",
            'i' => "íí",
            'o' => "óó",
            'u' => "úú",
            'y' => "ýý",
            'A' => "ÁÁ",
            'E' => "ÉÉ",
            'I' => "ÍÍ",
            'O' => "ÓÓ",
            'U' => "ÚÚ",
            'Y' => "ÝÝ",
            'c' => "ç",
            'C' => "Ç",
            'n' => "ñ",
            'N' => "Ñ",
            's' => "š",
            'S' => "Š",
            't' => "ţ",
            'T' => "Ţ",
            'k' => "ķ",
            'K' => "Ķ",
            'p' => "ƥ",
            'P' => "Ƥ",
            'g' => "ğ",
            'G' => "Ğ",
            'z' => "ž",
            'Z' => "Ž",
            'l' => "ļ",
            'L' => "Ļ",
            'r' => "ŕ",
            'R' => "Ŕ",
            'd' => "đ",
            'D' => "Đ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(accented);
    }
    std::borrow::Cow::Owned(out)
}

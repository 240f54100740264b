//! Language facts: which tags are valid BCP 47, which way each script runs, and which CLDR
//! plural rules a language has. The one user of unic-langid, fluent-langneg and intl_pluralrules;
//! `project` checks `site.toml`'s languages with it and `i18n` builds its bundles from it.

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::Serialize;
use std::collections::BTreeSet;
/// A parsed BCP 47 tag, as Fluent's bundles take it.
pub(crate) use unic_langid::LanguageIdentifier;

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The value of an HTML `dir` attribute.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// A tag that is not valid BCP 47.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidTag;

/// The script direction CLDR gives a BCP 47 tag.
pub(crate) fn direction_of(tag: &str) -> Result<Direction, InvalidTag> {
    let id: LanguageIdentifier = tag.parse().map_err(|_| InvalidTag)?;
    Ok(match id.character_direction() {
        unic_langid::CharacterDirection::RTL => Direction::Rtl,
        _ => Direction::Ltr,
    })
}

/// The CLDR release whose plural rules zaklyk (through intl_pluralrules) applies.
/// (A test pins it, so that an update of the rules is noticed.)
#[cfg(test)]
pub(crate) const CLDR_VERSION: usize = intl_pluralrules::CLDR_VERSION;

/// The plural rules of a tag, found as fluent-bundle finds them when it formats: the tag itself,
/// or the locale CLDR has for its language (`uk-UA` → `uk`, `sr-Latn` → `sr`). `None` when
/// CLDR has none; fluent-bundle would then use English rules.
fn rules_for(tag: &str, kind: PluralRuleType) -> Option<PluralRules> {
    let id: LanguageIdentifier = tag.parse().ok()?;
    let available = PluralRules::get_locales(kind);
    let found = fluent_langneg::negotiate_languages(
        &[&id],
        &available.iter().collect::<Vec<_>>(),
        None,
        fluent_langneg::NegotiationStrategy::Lookup,
    )
    .first()
    .map(|l| (**l).clone())?;
    PluralRules::create(found, kind).ok()
}

/// Whether CLDR (as shipped in intl_pluralrules) has cardinal plural rules for this tag's language.
pub(crate) fn has_plural_rules(tag: &str) -> bool {
    rules_for(tag, PluralRuleType::CARDINAL).is_some()
}

/// The plural categories of a language, found by asking its rules about a spread of numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PluralCategories {
    /// Every category (`uk`: one, few, many, other), in CLDR's order.
    pub(crate) all: Vec<&'static str>,
    /// The categories some whole number takes (`uk`: one, few, many; `other` is for fractions
    /// only). These are the ones a plural select must spell out: the default variant covers the
    /// rest, and counts are whole numbers.
    pub(crate) integers: Vec<&'static str>,
}

/// The cardinal (`ordinal: false`) or ordinal categories of a tag's language; English rules when
/// CLDR has none, as fluent-bundle does. Asking the rules takes thousands of numbers, and the
/// checks and the status page ask for every language at every build (every save, in `serve`):
/// each answer is kept for the process, since it depends on the tag alone.
pub(crate) fn plural_categories(tag: &str, ordinal: bool) -> PluralCategories {
    type Known = std::collections::HashMap<(String, bool), PluralCategories>;
    static KNOWN: std::sync::OnceLock<std::sync::Mutex<Known>> = std::sync::OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    let key = (tag.to_string(), ordinal);
    if let Some(found) = known.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return found.clone();
    }
    let found = categories_of(tag, ordinal);
    known
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, found.clone());
    found
}

/// [`plural_categories`], asked of the rules.
fn categories_of(tag: &str, ordinal: bool) -> PluralCategories {
    let kind = if ordinal {
        PluralRuleType::ORDINAL
    } else {
        PluralRuleType::CARDINAL
    };
    let rules = rules_for(tag, kind).or_else(|| rules_for("en", kind));
    let mut all = BTreeSet::new();
    let mut integers = BTreeSet::new();
    if let Some(rules) = rules {
        let whole = (0..=1000u64).chain((1..=9).map(|e| 10u64.pow(e + 3)));
        for n in whole {
            if let Ok(c) = rules.select(n) {
                integers.insert(category_name(c));
            }
        }
        all.extend(integers.iter().copied());
        for n in 0..=200u32 {
            for sample in [
                format!("{n}.0"),
                format!("{n}.5"),
                format!("{n}.1"),
                format!("{n}.25"),
                format!("{n}.01"),
            ] {
                if let Ok(c) = rules.select(sample.as_str()) {
                    all.insert(category_name(c));
                }
            }
        }
    }
    let order = ["zero", "one", "two", "few", "many", "other"];
    PluralCategories {
        all: order.into_iter().filter(|c| all.contains(c)).collect(),
        integers: order.into_iter().filter(|c| integers.contains(c)).collect(),
    }
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

/// The plural category a number takes in a language, as the bundles select it (for tests: the
/// bundles select their own).
#[cfg(test)]
pub(crate) fn plural_category(tag: &str, n: f64) -> &'static str {
    let rules = rules_for(tag, PluralRuleType::CARDINAL)
        .or_else(|| rules_for("en", PluralRuleType::CARDINAL));
    match rules.map(|r| r.select(n)) {
        Some(Ok(c)) => category_name(c),
        _ => "other",
    }
}

/// Separators zaklyk can group digits with; `site.toml` may name any of them.
pub(crate) const DIGIT_SEPARATORS: [&str; 6] = [",", ".", "\u{a0}", "\u{202f}", "'", ""];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_rules_are_found_by_language() {
        for tag in ["uk", "uk-UA", "uk-Cyrl-UA"] {
            assert_eq!(
                plural_categories(tag, false).integers,
                ["one", "few", "many"],
                "{tag}"
            );
            assert_eq!(plural_category(tag, 22.0), "few", "{tag}");
        }
        assert!(has_plural_rules("en-US"));
        assert!(has_plural_rules("sr-Latn"));
        assert_eq!(
            plural_categories("sr-Latn", false).integers,
            ["one", "few", "other"]
        );
        assert_eq!(
            plural_categories("pl-PL", false).integers,
            ["one", "few", "many"]
        );
        assert_eq!(
            plural_categories("pl", false).all,
            ["one", "few", "many", "other"]
        );
        // CLDR 37 (intl_pluralrules 7): French has `one` and `other` only.
        assert_eq!(CLDR_VERSION, 37);
        assert_eq!(plural_categories("fr", false).all, ["one", "other"]);
        assert_eq!(plural_categories("fr", false).integers, ["one", "other"]);
        assert_eq!(plural_categories("de", false).all, ["one", "other"]);
        assert_eq!(
            plural_categories("en", true).all,
            ["one", "two", "few", "other"]
        );
        assert_eq!(
            plural_categories("ar", false).integers,
            ["zero", "one", "two", "few", "many", "other"]
        );
        assert!(!has_plural_rules("crh"));
    }

    #[test]
    fn directions_come_from_the_tag() {
        assert_eq!(direction_of("he"), Ok(Direction::Rtl));
        assert_eq!(direction_of("ar"), Ok(Direction::Rtl));
        assert_eq!(direction_of("crh-Latn"), Ok(Direction::Ltr));
        assert!(direction_of("not a tag").is_err());
    }
}

//! Checks that need the whole site: links against the rendered output, and every translation
//! against the source language. Pure functions from data to diagnostics.
//!
//! The translation lint goes beyond what a build needs, because a translator's mistake often
//! renders without failing: a dropped `$count`, a plural select without the `few` form, a page
//! still in English, a translation made from a text that has since changed. Each finding names
//! the file and line to fix. Severity follows what a reader would see: something that renders
//! wrongly or fails is an error; something that falls back or may be stale is a warning
//! (`--strict` turns those into errors for a release).
//!
//! By job: the link check (`links`), Fluent messages (`messages`), demands (`demands`); the
//! pages, freshness and signatories are here.

mod demands;
mod links;
mod messages;

use demands::*;
pub use links::*;
pub(crate) use messages::*;

use crate::content::PageSource;
use crate::diag::{Code, Diagnostic, Location};
use crate::i18n::{self, Locales, MessageInfo, Part, Selector};
use crate::markdown::{self, DEMANDS_SLOT};
use crate::model::Site;
use crate::output::Output;
use crate::output::PageLink;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Every translated page compared with the source language's: pages, demands and freshness.
/// What the pages alone say: a site's pages are checked once, whatever its strings.
pub fn translated_pages(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    source_demands(site, &mut out);
    // Each language is checked on its own, in parallel (thirty languages are thirty times the
    // pages); the findings are joined in the order of `site.toml`.
    let found: Vec<Vec<Diagnostic>> = translated(site)
        .par_iter()
        .map(|&lang| {
            let mut out = Vec::new();
            pages(site, lang, &mut out);
            out
        })
        .collect();
    out.extend(found.into_iter().flatten());
    out
}

/// Every translation's strings compared with the source language's: Fluent messages, the
/// messages they refer to, and plural forms.
pub fn translated_strings(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let found: Vec<Vec<Diagnostic>> = translated(site)
        .par_iter()
        .map(|&lang| {
            let mut out = Vec::new();
            messages(site, locales, lang, &mut out);
            out
        })
        .collect();
    let mut out: Vec<Diagnostic> = found.into_iter().flatten().collect();
    // The pseudo-language is the source, accented: nothing of it is translated.
    for lang in site
        .config
        .languages
        .iter()
        .filter(|l| l.code != i18n::PSEUDO)
    {
        references(locales, &lang.code, &mut out);
        plurals(locales, &lang.code, &mut out);
    }
    out
}

/// The languages translated from the source language, in the order of `site.toml` (the
/// pseudo-language is the source, accented: nothing of it is translated).
fn translated(site: &Site) -> Vec<&str> {
    let source = site.config.source_language.as_str();
    site.config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .filter(|&code| code != i18n::PSEUDO && code != source)
        .collect()
}

/// Every signatory needs a name (`signatory-<id>`) in every language, its own or one along its
/// fallback chain: without one, readers would see the raw id. A name of no signatory is never
/// shown, and is reported where it is written.
pub(crate) fn signatories(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let source = site.config.source_language.as_str();
    let languages = || {
        site.config
            .languages
            .iter()
            .filter(|l| l.code != i18n::PSEUDO)
    };
    for s in &site.signatories {
        let key = format!("signatory-{}", s.id);
        let nameless: Vec<&str> = languages()
            .filter(|l| {
                matches!(
                    locales.tr(&l.code, &key, &[]),
                    Err(i18n::TrError::Missing { .. })
                )
            })
            .map(|l| l.code.as_str())
            .collect();
        if nameless.is_empty() {
            continue;
        }
        let whom = if nameless.len() == languages().count() {
            "any language".to_string()
        } else {
            nameless.join(", ")
        };
        out.push(
            Diagnostic::new(
                Code::SignatoryNameMissing,
                s.location.clone(),
                format!("signatory `{}` has no name in {whom}: no language along the fallback chain defines `{key}`", s.id),
            )
            .with_help(format!(
                "add `{key} = <the organisation's name>` to a file of locales/{source}/ (every language falls back to {source}), or to locales/<lang>/ for one language"
            )),
        );
    }
    if site.signatories_failed() {
        return out;
    }
    let ids: BTreeSet<&str> = site.signatories.iter().map(|s| s.id.as_str()).collect();
    let source_ids: BTreeSet<&str> = locales
        .messages
        .get(source)
        .into_iter()
        .flatten()
        .map(|m| m.id.as_str())
        .collect();
    for lang in languages() {
        for m in locales.messages.get(&lang.code).into_iter().flatten() {
            let Some(id) = m.id.strip_prefix("signatory-") else {
                continue;
            };
            // A translation's message that the source lacks is reported as such already.
            if ids.contains(id) || (lang.code != source && !source_ids.contains(m.id.as_str())) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::SignatoryNameUnused,
                    m.location.clone(),
                    format!("`{}` names no signatory of content/signatories.toml; it is never shown", m.id),
                )
                .with_help(format!("remove it, or add a [[signatory]] with id = \"{id}\" to content/signatories.toml")),
            );
        }
    }
    out
}

fn pages(site: &Site, lang: &str, out: &mut Vec<Diagnostic>) {
    let source_lang = site.config.source_language.as_str();
    for src in site.sources.iter().filter(|p| p.lang == source_lang) {
        let path = format!("content/{lang}/{}.md", src.slug);
        let Some(own) = site.own_file(lang, &src.slug) else {
            if site.failed(lang, &src.slug) {
                // The file is there; why it could not be read is reported already.
                continue;
            }
            let from = site
                .page(lang, &src.slug)
                .map(|p| site.source_of(p).lang.clone())
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    Code::PageMissing,
                    Location::file(&path),
                    format!(
                        "page `{}` is not translated; readers see the {from} version",
                        src.slug
                    ),
                )
                .with_help(format!(
                    "copy {} to {path}, translate it and add translation = \"draft\"",
                    src.file.path
                )),
            );
            continue;
        };
        let top = Location::at(&own.file.path, &own.file.text, 0);
        if !src.front.description.is_empty() && own.front.description.is_empty() {
            out.push(Diagnostic::new(
                Code::FrontMatterField,
                top.clone(),
                "front matter has no `description`, which the source page has",
            ));
        }
        if src.front.date.is_some() && own.front.date.is_none() {
            out.push(Diagnostic::new(
                Code::FrontMatterField,
                top.clone(),
                "front matter has no `date`, which the source page has",
            ));
        }
        if src.slug == "index" {
            demands_slot(site, src, own, out);
        }
        freshness(
            site.page_outdated(own),
            same_text(
                &own.file.text[own.body.clone()],
                &src.file.text[src.body.clone()],
            ),
            top,
            &src.file.path,
            lang,
            out,
        );
    }
    demands(site, lang, out);
}

fn freshness(
    outdated: Option<bool>,
    identical: bool,
    at: Location,
    source_path: &str,
    lang: &str,
    out: &mut Vec<Diagnostic>,
) {
    if identical {
        out.push(
            Diagnostic::new(
                Code::PageUntranslated,
                at,
                format!("the text is the same as {source_path}: not translated yet"),
            )
            .with_help("numbers, names and punctuation aside, every word is as in the source"),
        );
        return;
    }
    let file = at.file.clone();
    match outdated {
        Some(true) => out.push(
            Diagnostic::new(Code::PageOutdated, at, format!("{source_path} has changed since this translation was made"))
                .with_help(format!("update the translation, then run `zaklyk check --mark-current {lang} --file {file}` to record it as current")),
        ),
        Some(false) => {}
        None => out.push(
            Diagnostic::new(Code::PageUnmarked, at, "no `source_hash`: whether this translation is current cannot be checked")
                .with_help(format!("once it matches {source_path}, run `zaklyk check --mark-current {lang} --file {file}`")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LocaleFile;
    use crate::project::Config;

    /// The Fluent findings of `check` for an English source and a Ukrainian translation (whose
    /// tag `uk_tag` gives), as `line:col code message`, for `locales/<lang>/main.ftl` each.
    fn fluent_findings(uk_tag: &str, en: &str, uk: &str) -> Vec<String> {
        let config = Config::parse(&format!("base_url = \"https://e.org/\"\ndefault_language = \"uk\"\nsource_language = \"en\"\n[languages.uk]\nname = \"У\"\ntag = \"{uk_tag}\"\n[languages.en]\nname = \"E\"\n")).unwrap();
        let files: Vec<LocaleFile> = [("en", en), ("uk", uk)]
            .into_iter()
            .map(|(lang, text)| LocaleFile {
                lang: lang.into(),
                path: format!("locales/{lang}/main.ftl"),
                text: text.into(),
            })
            .collect();
        let (locales, report) = Locales::load(&config, &files);
        let sources = crate::load::Sources {
            content_langs: ["en", "uk"].iter().map(|s| s.to_string()).collect(),
            locale_langs: ["en", "uk"].iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let (site, _) = crate::model::assemble(config, sources);
        let mut all = report.diagnostics;
        all.extend(translated_strings(&site, &locales));
        all.retain(|d| d.location.file.starts_with("locales/"));
        all.sort_by(|a, b| (&a.location, &a.message).cmp(&(&b.location, &b.message)));
        all.iter()
            .map(|d| {
                let file = if d.location.file.contains("/en/") {
                    "en "
                } else {
                    ""
                };
                format!(
                    "{file}{}:{} {} {}",
                    d.location.line, d.location.col, d.code, d.message
                )
            })
            .collect()
    }

    fn lint(en: &str, uk: &str) -> Vec<String> {
        fluent_findings("uk", en, uk)
    }

    #[test]
    fn only_numeric_selects_are_plurals() {
        let en = "a = { PLATFORM() ->\n    [macos] Mac\n   *[other] PC\n}\nb = { $n ->\n    [1] one\n   *[other] many\n}\nc = { $flag ->\n    [true] yes\n   *[false] no\n}\nd = { $gender ->\n    [masculine] he\n   *[other] she\n}\n";
        let uk = "a = { PLATFORM() ->\n    [macos] Мак\n   *[other] ПК\n}\nb = { $n ->\n    [1] один\n   *[other] багато\n}\nc = { $flag ->\n    [true] так\n   *[false] ні\n}\nd = { $gender ->\n    [masculine] він\n   *[other] вона\n}\n";
        assert_eq!(lint(en, uk), Vec::<String>::new());
    }

    #[test]
    fn the_default_variant_stands_for_other() {
        let en = "a = { $n ->\n    [one] one\n   *[other] many\n}\nb = { $n ->\n    [one] one\n   *[other] many\n}\nc = { NUMBER($n) ->\n   *[other] { $n }\n}\n";
        let uk = "a = { $n ->\n    [one] одна\n    [few] кілька\n   *[many] багато\n}\nb = { $n ->\n    [one] одна\n   *[other] багато\n}\nc = { NUMBER($n) ->\n   *[other] { $n }\n}\n";
        assert_eq!(
            lint(en, uk),
            [
                "en 9:7 plural-category-missing the plural forms of `c` on NUMBER() lack `one`",
                "6:7 plural-category-missing the plural forms of `b` on $n lack `few`, `many`",
                "10:7 plural-category-missing the plural forms of `c` on NUMBER() lack `one`, `few`, `many`",
            ]
        );
    }

    #[test]
    fn a_tag_with_a_region_or_script_uses_its_languages_rules() {
        let en = "b = { $n ->\n    [one] one\n   *[other] many\n}\n";
        let uk = "b = { $n ->\n    [one] одна\n   *[other] багато\n}\n";
        for tag in ["uk-UA", "uk-Cyrl"] {
            assert_eq!(
                fluent_findings(tag, en, uk),
                ["1:7 plural-category-missing the plural forms of `b` on $n lack `few`, `many`"],
                "{tag}"
            );
        }
    }

    #[test]
    fn term_parameters_are_not_variables() {
        let en = "-brand = Zaklyk\nm = This is { -brand }\n";
        let uk = "-brand = { $case ->\n   *[nom] Заклик\n    [gen] Заклику\n}\nm = Це сайт { -brand(case: \"gen\") }\n";
        assert_eq!(lint(en, uk), Vec::<String>::new());
    }

    #[test]
    fn variables_are_compared_attribute_by_attribute() {
        let en = "m = A { $a }\n    .title = T { $t }\n";
        let uk = "m = А { $t }\n    .title = Т { $a }\n";
        assert_eq!(
            lint(en, uk),
            [
                "1:9 variable-unknown `m` uses $t, which the en text does not have",
                "2:18 variable-unknown `m.title` uses $a, which the en text does not have",
            ]
        );
    }

    #[test]
    fn a_variable_typo_is_one_finding_at_the_typo() {
        let en = "hello = Hello, { $name }\n";
        let uk = "hello = Привіт, { $nme }\n";
        assert_eq!(
            lint(en, uk),
            ["1:19 variable-unknown `hello` uses $nme, which the en text does not have"]
        );
    }

    #[test]
    fn every_definition_of_a_duplicated_id_is_checked() {
        let en = "m = Hello, { $name }\n";
        let uk = "m = Привіт, { $nme }\nm = Привіт, { $nam }\n";
        assert_eq!(
            lint(en, uk),
            [
                "1:15 variable-unknown `m` uses $nme, which the en text does not have",
                "2:1 fluent-duplicate `m` is defined more than once",
                "2:15 variable-unknown `m` uses $nam, which the en text does not have",
            ]
        );
    }

    #[test]
    fn an_empty_string_literal_is_deliberate() {
        assert_eq!(
            lint("blank = Not blank\n", "blank = { \"\" }\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn references_are_checked_in_the_source_too() {
        let en = "m = { -missing } and { other.title }\nother = O\n";
        let uk = "m = { -missing } і { other.title }\nother = О\n    .title = Т\n";
        assert_eq!(
            lint(en, uk),
            [
                "en 1:7 reference-unknown `m` refers to `-missing`, which locales/en/ does not define",
                "en 1:24 reference-unknown `m` refers to `other.title`, which locales/en/ does not define",
                "1:7 reference-unknown `m` refers to `-missing`, which locales/uk/ does not define",
                "3:5 attribute-obsolete `other` has an attribute `.title` that the en text does not have",
            ]
        );
    }

    #[test]
    fn untranslated_messages_are_reported_at_their_commented_line() {
        let en = "hello = Hello\nbye = Bye\n";
        let uk = "### header\n\n# hello = Hello\n";
        assert_eq!(
            lint(en, uk),
            [
                "0:0 fluent-missing `bye` is not translated; readers see the en text",
                "3:1 fluent-missing `hello` is not translated; readers see the en text",
            ]
        );
    }

    #[test]
    fn a_copy_of_the_source_is_probably_untranslated_unless_it_is_names() {
        let en = "a = Skip to content\nb = Pages\nc = CF East SOS\nd = Signed by { $n } organisations in 2025\ne = The Human Rights Centre ZMINA\n";
        let uk = "a = Skip to content\nb = Pages\nc = CF East SOS\nd = Signed by { $n } organisations in 2024\ne = The Human Rights Centre ZMINA\n";
        assert_eq!(
            lint(en, uk),
            [
                "1:1 fluent-untranslated `a` is the same as the en text: probably not translated yet",
                "4:1 fluent-untranslated `d` is the same as the en text: probably not translated yet",
            ]
        );
        assert!(same_text(
            "Joint statement of organisations",
            "Joint statement of organisations"
        ));
        assert!(!same_text("Skip to content", "Перейти до змісту"));
        assert!(!same_text("", ""));
    }

    #[test]
    fn duplicate_variants_and_attributes_are_found() {
        let en = "m = { $n ->\n    [one] one\n    [one] again\n   *[other] many\n}\n    .title = A\n    .title = B\n";
        assert_eq!(
            lint(en, "m = М { $n }\n    .title = Т\n"),
            [
                "en 3:6 variant-duplicate `m` has the variant [one] twice",
                "en 7:5 attribute-duplicate `m` has the attribute `.title` twice",
            ]
        );
    }

    fn numbering_of(
        written: &[u32],
        expected: std::ops::RangeInclusive<u32>,
    ) -> (Vec<Numbering>, Vec<u32>) {
        numbering(written, &expected.collect::<Vec<_>>())
    }

    #[test]
    fn one_numbering_mistake_is_one_finding_at_its_item() {
        use Numbering::*;
        // Demand 3 renumbered as 4: this item should be 3, nothing else is wrong.
        assert_eq!(
            numbering_of(&[1, 2, 4, 4, 5], 1..=5),
            (
                vec![Misnumbered {
                    at: 2,
                    written: 4,
                    belongs: 3
                }],
                vec![]
            )
        );
        assert_eq!(
            numbering_of(&[1, 2, 9, 4], 1..=4),
            (
                vec![Misnumbered {
                    at: 2,
                    written: 9,
                    belongs: 3
                }],
                vec![]
            )
        );
        // The last demand renumbered.
        assert_eq!(
            numbering_of(&[1, 2, 2], 1..=3),
            (
                vec![Misnumbered {
                    at: 2,
                    written: 2,
                    belongs: 3
                }],
                vec![]
            )
        );
        // Demand 3 left out.
        assert_eq!(
            numbering_of(&[1, 2, 4, 5], 1..=5),
            (
                vec![Missing {
                    at: 2,
                    numbers: vec![3],
                    before: 4
                }],
                vec![]
            )
        );
        assert_eq!(
            numbering_of(&[3, 4], 1..=4),
            (
                vec![Missing {
                    at: 0,
                    numbers: vec![1, 2],
                    before: 3
                }],
                vec![]
            )
        );
        // Demand 2 written twice.
        assert_eq!(
            numbering_of(&[1, 2, 2, 3], 1..=3),
            (vec![Duplicate { at: 2, number: 2 }], vec![])
        );
        // A demand the source does not have.
        assert_eq!(
            numbering_of(&[1, 2, 3, 4], 1..=3),
            (vec![NotInSource { at: 3, number: 4 }], vec![])
        );
        // Two demands swapped.
        assert_eq!(
            numbering_of(&[1, 2, 4, 3, 5], 1..=5),
            (vec![OutOfOrder { at: 2, number: 4 }], vec![])
        );
        // Demands the source gained at the end: not a mistake in the list, just not there yet.
        assert_eq!(numbering_of(&[1, 2], 1..=4), (vec![], vec![3, 4]));
        assert_eq!(numbering_of(&[], 1..=2), (vec![], vec![1, 2]));
        assert_eq!(numbering_of(&[1, 2, 3], 1..=3), (vec![], vec![]));
    }

    #[test]
    fn copied_text_reads_as_its_source_unless_it_is_only_names_and_numbers() {
        assert!(same_text("first <strong>demand</strong>;", "first demand."));
        assert!(!same_text("перша вимога;", "first demand;"));
        assert!(
            !same_text("OSCE, 2025", "OSCE, 2025"),
            "names and numbers may stay"
        );
        assert!(!same_text("first demand, with more", "first demand"));
        // Messages as much as pages: punctuation aside, but code and CSS are not prose.
        assert!(same_text("Skip to content!", "Skip to content."));
        assert!(!same_text("min-width: 23em", "min-width: 23em"));
        assert!(!same_text("icon-file.svg", "icon-file.svg"));
    }

    #[test]
    fn relative_links_resolve_against_their_page() {
        assert_eq!(
            resolve_relative("uk/about/index.html", "../index.html").as_deref(),
            Some("uk/index.html")
        );
        assert_eq!(
            resolve_relative("uk/index.html", "../en/index.html").as_deref(),
            Some("en/index.html")
        );
        assert_eq!(resolve_relative("index.html", "../x.html"), None);
    }

    #[test]
    fn broken_files_and_anchors_are_located() {
        let mut output = Output::default();
        output.insert("uk/index.html".into(), b"<li id=demand-1 value=1>".to_vec());
        let at = Location::file("content/uk/about.md");
        let link = |href: &str| PageLink {
            from: "uk/about/index.html".into(),
            written: href.into(),
            href: href.into(),
            location: at.clone(),
        };
        let found = links(
            &output,
            &[
                link("../index.html#demand-1"),
                link("../index.html#demand-9"),
                link("../nope/"),
                link("https://zmina.ua/"),
            ],
        );
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "link `../index.html#demand-9`: `uk/index.html` has no element with id `demand-9`",
                "link `../nope/` points to `uk/nope`, which the site does not have",
            ]
        );
    }
}

//! Interface strings: the only user of Fluent (fluent-bundle, fluent-syntax, intl-memoizer);
//! language tags and CLDR plural rules come from [`crate::language`].
//!
//! Each language's `locales/<lang>/*.ftl` files form one Fluent bundle. A string is looked up in
//! the page's language, then along that language's fallback chain from `site.toml`, and the
//! caller learns which language actually answered, so it can mark a fallback fragment with its own
//! `lang`. Four choices here differ from fluent-bundle's defaults, each for a reason:
//!
//! 1. Unicode isolation marks (U+2068/U+2069) are off: they show up as boxes in `<title>`, `meta`
//!    and attribute values. Templates isolate names in body text with `<bdi>` where direction
//!    matters.
//! 2. Output is plain text; the template engine escapes it once for HTML. Fluent does no escaping,
//!    so a translated string can never inject markup.
//! 3. Plural rules are explicit: a language CLDR does not cover (Crimean Tatar, `crh`) names the
//!    locale whose rules it borrows (`plural_rules = "tr"`) instead of silently getting English.
//! 4. Integers are written with each language's digit grouping (`1 600 000`, `1,600,000`).
//!
//! Plural rules are CLDR 37's (intl_pluralrules 7), found for a tag as fluent-bundle finds them
//! (`uk-UA` and `uk-Cyrl` use `uk`'s).
//!
//! The folder by job: the bundles are built here ([`Locales::load`]); strings are looked up in
//! `lookup`; `lint` keeps what `check` reads of every message (its `$variables`, references,
//! selects, literal text, tag-like text), each with its `line:col`; `problems` locates what can
//! be wrong with a file; `expansion` bounds how large a message can grow; `numbers` groups
//! digits; `pseudo` makes the pseudo-language; `marks` reads and writes source marks; `scaffold`
//! makes a translator's copy of a file.

use crate::diag::{Code, Diagnostic, LineIndex, Location, Report};
use crate::language::{has_plural_rules, LanguageIdentifier};
use crate::load::LocaleFile;
use crate::project::Config;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod expansion;
mod lint;
mod lookup;
mod marks;
mod numbers;
mod problems;
mod pseudo;
mod scaffold;
mod shown;

pub(crate) use lint::*;
pub use lookup::*;
pub(crate) use marks::*;
pub(crate) use numbers::*;
use problems::*;
pub(crate) use pseudo::*;
pub(crate) use scaffold::*;
pub(crate) use shown::{note as note_looked_up, note_all as note_all_looked_up, recording, Looked};

/// Resources are shared with the bundle so that the expansion bound ([`expansion`]) can walk
/// every definition of a language once they are all added.
type Bundle = fluent_bundle::concurrent::FluentBundle<std::sync::Arc<FluentResource>>;
type Memoizer = intl_memoizer::concurrent::IntlLangMemoizer;

/// All languages' bundles and lint data.
pub struct Locales {
    bundles: BTreeMap<String, Bundle>,
    /// The built-in theme's strings, by language: the last resort for a message the site's
    /// files lack (a site made before the theme gained it).
    built_in: BTreeMap<String, Bundle>,
    chains: BTreeMap<String, Vec<String>>,
    /// Per language: every message and term in file order.
    pub messages: BTreeMap<String, Vec<MessageInfo>>,
    /// Per language: where in `messages` the first definition of each id is.
    index: BTreeMap<String, HashMap<String, usize>>,
    /// Per language: a bound of the formatted length of every message, attribute and term.
    expansions: BTreeMap<String, HashMap<String, expansion::Size>>,
    /// Per language: the CLDR locale whose plural rules apply.
    pub(crate) plural_locale: BTreeMap<String, String>,
    /// Per language: messages written but commented out (`# id = …`, as `new-locale` leaves
    /// them), by id, at the first such line.
    pub(crate) commented: BTreeMap<String, BTreeMap<String, Location>>,
    /// The source language, against which translations are linted.
    pub(crate) source: String,
}

impl Locales {
    /// Builds every language's bundle. Syntax errors, duplicate ids and languages without plural
    /// rules are reported; the bundles hold whatever parsed.
    pub fn load(config: &Config, files: &[LocaleFile]) -> (Locales, Report) {
        use rayon::prelude::*;
        // Each language's strings are made from its own files alone: in parallel, then joined
        // in the order of `site.toml`.
        let made: Vec<LanguageStrings> = config
            .languages
            .par_iter()
            .map(|lang| LanguageStrings::of(lang, files))
            .collect();
        let mut report = Report::default();
        let mut locales = Locales {
            bundles: BTreeMap::new(),
            built_in: BTreeMap::new(),
            chains: BTreeMap::new(),
            messages: BTreeMap::new(),
            index: BTreeMap::new(),
            expansions: BTreeMap::new(),
            plural_locale: BTreeMap::new(),
            commented: BTreeMap::new(),
            source: config.source_language.clone(),
        };
        for (lang, made) in config.languages.iter().zip(made) {
            let code = &lang.code;
            report.extend(made.report.diagnostics);
            if !made.commented.is_empty() {
                locales.commented.insert(code.clone(), made.commented);
            }
            locales.expansions.insert(code.clone(), made.sizes);
            locales.index.insert(code.clone(), made.index);
            locales.messages.insert(code.clone(), made.infos);
            let chain = std::iter::once(code.clone()).chain(lang.fallback.iter().cloned());
            locales.chains.insert(code.clone(), chain.collect());
            locales.plural_locale.insert(code.clone(), made.rules_tag);
            locales.bundles.insert(code.clone(), made.bundle);
        }
        (locales, report)
    }

    /// Adds the built-in theme's strings (`(language, .ftl text)`): when a site's files lack a
    /// message the built-in templates ask for — a site made before the theme gained it — the
    /// built-in text is used, in the page's language where the theme has it, along the page's
    /// chain, else in English, and the caller is told ([`Translation::built_in`]), so that a
    /// site keeps building after an upgrade and is warned of what to translate.
    pub(crate) fn add_built_in(&mut self, strings: &[(&str, &str)]) {
        for (code, text) in strings {
            let Ok(resource) = FluentResource::try_new(text.to_string()) else {
                continue;
            };
            let tag: LanguageIdentifier = code.parse().unwrap_or_default();
            let mut ids = Vec::new();
            if let Some(rules) = self.plural_locale.get(*code).and_then(|r| r.parse().ok()) {
                ids.push(rules);
            }
            ids.push(tag);
            let mut bundle = Bundle::new_concurrent(ids);
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(number_formatter(default_separator(code))));
            let _ = bundle.add_resource(std::sync::Arc::new(resource));
            self.built_in.insert(code.to_string(), bundle);
        }
    }
}

/// A language's bundle, set up as the module's doc says: its plural rules (from `plural_rules`, or
/// the tag's own, warned about when CLDR has none), no isolation marks, the pseudo-language's
/// transform and the language's digit grouping. Returns the tag whose plural rules it uses.
fn bundle_for(lang: &crate::project::Language, report: &mut Report) -> (Bundle, String) {
    let own: LanguageIdentifier = lang.tag.parse().unwrap_or_default();
    let rules_tag = match &lang.plural_rules {
        Some(p) => p.clone(),
        None => {
            if !has_plural_rules(&lang.tag) {
                report.push(
                    Diagnostic::new(Code::PluralRulesMissing,
                        lang.location.clone(),
                        format!("CLDR has no plural rules for `{}`; Fluent would silently use English rules", lang.tag),
                    )
                    .with_help("name the locale whose plural rules this language follows, e.g. plural_rules = \"tr\""),
                );
            }
            lang.tag.clone()
        }
    };
    // fluent-bundle takes plural rules from the first locale of the bundle.
    let mut ids = Vec::new();
    if rules_tag != lang.tag {
        ids.push(rules_tag.parse().unwrap_or_default());
    }
    ids.push(own);
    let mut bundle = Bundle::new_concurrent(ids);
    bundle.set_use_isolating(false);
    if lang.code == PSEUDO {
        bundle.set_transform(Some(pseudo));
    }
    bundle.set_formatter(Some(number_formatter(
        lang.digit_separator
            .as_deref()
            .unwrap_or_else(|| default_separator(&lang.tag)),
    )));
    (bundle, rules_tag)
}

/// One language's strings, made from its own files: its bundle and what is known of each of
/// its messages, with the problems found.
struct LanguageStrings {
    bundle: Bundle,
    rules_tag: String,
    infos: Vec<MessageInfo>,
    index: HashMap<String, usize>,
    sizes: HashMap<String, expansion::Size>,
    commented: BTreeMap<String, Location>,
    report: Report,
}

impl LanguageStrings {
    fn of(lang: &crate::project::Language, files: &[LocaleFile]) -> LanguageStrings {
        let mut report = Report::default();
        let mut commented: BTreeMap<String, BTreeMap<String, Location>> = BTreeMap::new();
        let (mut bundle, rules_tag) = bundle_for(lang, &mut report);
        let mut infos: Vec<MessageInfo> = Vec::new();
        let mut resources = Vec::new();
        for file in files.iter().filter(|f| f.lang == lang.code) {
            let (resource, infos_of_file) = parse_file(file, &mut report, &mut commented);
            infos.extend(infos_of_file);
            let resource = std::sync::Arc::new(resource);
            resources.push(resource.clone());
            if let Err(errors) = bundle.add_resource(resource) {
                // Duplicates are reported below from our own scan, which knows where they are.
                debug_assert!(errors
                    .iter()
                    .all(|e| matches!(e, FluentError::Overriding { .. })));
            }
        }
        report.extend(markup_problems(&infos));
        report.extend(duplicates(&infos));
        let sizes = expansion::sizes(&first_definitions(&resources));
        report.extend(too_large(&infos, &sizes));
        let index = infos
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut m, (i, info)| {
                m.entry(info.id.clone()).or_insert(i);
                m
            });
        LanguageStrings {
            bundle,
            rules_tag,
            infos,
            index,
            sizes,
            commented: commented.remove(&lang.code).unwrap_or_default(),
            report,
        }
    }
}

/// Parses one `.ftl` file: its syntax errors and nesting are reported, its commented-out messages
/// recorded in `commented` (by language), and the lint data of each entry returned with the
/// resource.
fn parse_file(
    file: &LocaleFile,
    report: &mut Report,
    commented: &mut BTreeMap<String, BTreeMap<String, Location>>,
) -> (FluentResource, Vec<MessageInfo>) {
    let mut infos = Vec::new();
    let index = LineIndex::new(&file.text);
    let (text, too_deep) = within_nesting(file, &index);
    report.extend(too_deep);
    let resource = match FluentResource::try_new(text) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                let offset =
                    syntax_error_offset(&file.text, e.pos.start, e.slice.as_ref().map(|s| s.start));
                report.push(
                    Diagnostic::new(Code::FluentSyntax, index.location(&file.path, offset), format!("Fluent syntax error: {}", e.kind))
                        .with_help("check the line against TRANSLATING.md: `id = text`, continuation lines indented, braces balanced"),
                );
            }
            r
        }
    };
    let source = resource.source();
    let entries: Vec<&ast::Entry<&str>> = resource.entries().collect();
    let starts: Vec<usize> = entries
        .iter()
        .map(|e| entry_start(source, e).unwrap_or(0))
        .collect();
    // fluent-bundle's parser skips comments; a line that starts with `#` is one.
    let mut line_start = 0;
    for line in file.text.split_inclusive('\n') {
        if let Some(id) = line.strip_prefix('#').and_then(commented_out_id) {
            commented
                .entry(file.lang.clone())
                .or_default()
                .entry(id.to_string())
                .or_insert_with(|| index.location(&file.path, line_start));
        }
        line_start += line.len();
    }
    for (i, entry) in entries.iter().enumerate() {
        let Some(offset) = entry_start(source, entry) else {
            continue;
        };
        let lint = Lint {
            source,
            index: &index,
            file: &file.path,
        };
        let Some(parts) = lint.entry(entry) else {
            continue;
        };
        let next = starts
            .get(i + 1)
            .copied()
            .filter(|n| *n > offset)
            .unwrap_or(file.text.len());
        let (id, has_value) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_string(), m.value.is_some()),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), true),
            _ => continue,
        };
        infos.push(MessageInfo {
            id,
            file: file.path.clone(),
            location: index.location(&file.path, offset),
            has_value,
            parts,
            entry_hash: crate::digest::text_hash(&entry_text(&file.text[offset..next])),
            recorded_source: recorded_source(&file.text[..offset]),
        });
    }
    (resource, infos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> Config {
        let text = format!(
            "base_url = \"https://example.org/\"\ndefault_language = \"uk\"\nsource_language = \"en\"\n[languages.uk]\nname = \"Українська\"\n[languages.en]\nname = \"English\"\n[languages.crh]\nname = \"Qırımtatarca\"\ntag = \"crh-Latn\"\nplural_rules = \"tr\"\ndigit_separator = \"\u{a0}\"\nfallback = [\"uk\", \"en\"]\n{extra}"
        );
        Config::parse(&text).unwrap()
    }

    const COUNT: &str = "orgs = { $count ->\n    [one] { $count } організація\n    [few] { $count } організації\n    [many] { $count } організацій\n   *[other] { $count } організації\n}\n";

    fn locales(files: &[(&str, &str)]) -> (Locales, Report) {
        let files: Vec<LocaleFile> = files
            .iter()
            .map(|(lang, text)| LocaleFile {
                lang: lang.to_string(),
                path: format!("locales/{lang}/main.ftl"),
                text: text.to_string(),
            })
            .collect();
        Locales::load(&config(""), &files)
    }

    #[test]
    fn messages_are_commented_out_and_comments_kept() {
        let out = scaffold_ftl(
            "# Note\nhello = Hello\nmulti = { $n ->\n    [one] one\n   *[other] many\n}\n",
            "en",
        );
        assert!(out.ends_with("# Note\n# hello = Hello\n# multi = { $n ->\n#     [one] one\n#    *[other] many\n# }\n"), "{out}");
        let res = fluent_syntax::parser::parse(out.as_str()).expect("the scaffold is valid Fluent");
        assert!(res
            .body
            .iter()
            .all(|e| !matches!(e, fluent_syntax::ast::Entry::Message(_))));
    }

    #[test]
    fn nesting_past_the_limit_is_an_error_and_the_parser_never_sees_it() {
        let limit = crate::limits::FLUENT_NESTING;
        let deep = format!(
            "before = B\nbraces = {}\"x\"{}\ncalls = {{ {}1{} }}\nselects = {}x\n\nafter = A\n",
            "{".repeat(30_000),
            "}".repeat(30_000),
            "NUMBER(".repeat(30_000),
            ")".repeat(30_000),
            "{ $n ->\n *[k] ".repeat(30_000),
        );
        let (l, report) = locales(&[("en", &deep)]);
        let got: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::FluentNesting)
            .map(|d| format!("{}:{}", d.location.line, d.location.col))
            .collect();
        assert_eq!(
            got,
            [
                format!("2:{}", 10 + limit),
                format!("3:{}", 10 + 7 * limit),
                format!("{}:7", 4 + limit),
            ]
        );
        // The messages around them are read as usual.
        assert_eq!(l.tr("en", "after", &[]).unwrap().text, "A");
        assert_eq!(l.tr("en", "before", &[]).unwrap().text, "B");
        assert!(!l.has_own("en", "braces"));
        let within = format!("m = {}x{}\n", "{".repeat(limit), "}".repeat(limit));
        let (l, report) = locales(&[("en", &within)]);
        assert!(report
            .diagnostics
            .iter()
            .all(|d| d.code != Code::FluentNesting));
        assert!(l.has_own("en", "m"));
    }

    #[test]
    fn a_message_that_would_expand_past_the_limit_is_an_error_where_it_is_written() {
        let mut text = String::from("l0 = lol\n");
        for i in 1..=12 {
            text.push_str(&format!(
                "l{i} = {}\n",
                format!("{{ l{} }}", i - 1).repeat(10)
            ));
        }
        text.push_str("uses = {$v}{$v}{$v}{$v}\nsmall = { l1 }\n");
        let (l, report) = locales(&[("en", &text)]);
        let too_large: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::FluentExpansion)
            .map(|d| d.location.to_string())
            .collect();
        // From l2 on a message resolves more placeables than Fluent does (110); from l6 on it
        // would make more than 1 MiB too.
        assert_eq!(
            too_large,
            (3..=13)
                .map(|line| format!("locales/en/main.ftl:{line}:1"))
                .collect::<Vec<_>>()
        );
        assert_eq!(l.tr("en", "small", &[]).unwrap().text.len(), 30);
        // An argument is checked before formatting: four uses of 300 kB are 1.2 MB.
        let arg = |n: usize| vec![("v".to_string(), Arg::Str("x".repeat(n)))];
        assert_eq!(l.tr("en", "uses", &arg(1000)).unwrap().text.len(), 4000);
        let Err(TrError::Format { problems, .. }) = l.tr("en", "uses", &arg(300_000)) else {
            panic!("formatted")
        };
        assert!(problems[0].contains("could make 2 MiB"), "{problems:?}");
    }

    /// Found by fuzzing: fluent-bundle panics (`unreachable!`) when the placeable that takes a
    /// format past its 100 is inside a nested placeable or a select on a literal. Such messages
    /// are refused where they are written and never formatted.
    #[test]
    fn a_message_past_fluents_placeable_limit_is_refused_before_fluent_panics_on_it() {
        let text = format!(
            "z = a\ny = {}\nx = {{ {{ y }} }}\nsel = {{ \"k\" ->\n *[k] {{ y }}\n}}\nfine = {}\n",
            "{ z }".repeat(101),
            "{ z }".repeat(99)
        );
        let (l, report) = locales(&[("en", &text)]);
        let refused: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::FluentExpansion)
            .map(|d| d.location.to_string())
            .collect();
        assert_eq!(
            refused,
            [
                "locales/en/main.ftl:2:1",
                "locales/en/main.ftl:3:1",
                "locales/en/main.ftl:4:1"
            ]
        );
        for key in ["x", "sel", "y"] {
            let Err(TrError::Format { problems, .. }) = l.tr("en", key, &[]) else {
                panic!("{key} formatted")
            };
            assert!(problems[0].contains("placeables"), "{problems:?}");
        }
        assert_eq!(l.tr("en", "fine", &[]).unwrap().text, "a".repeat(99));
    }

    fn count(l: &Locales, lang: &str, n: f64) -> String {
        l.tr(lang, "orgs", &[("count".into(), Arg::Num(n))])
            .unwrap()
            .text
    }

    #[test]
    fn ukrainian_plurals_follow_cldr() {
        let (l, r) = locales(&[("uk", COUNT)]);
        assert!(!r.has_errors(), "{:?}", r);
        assert_eq!(count(&l, "uk", 1.0), "1 організація");
        assert_eq!(count(&l, "uk", 2.0), "2 організації");
        assert_eq!(count(&l, "uk", 5.0), "5 організацій");
        assert_eq!(count(&l, "uk", 8.0), "8 організацій");
        assert_eq!(count(&l, "uk", 11.0), "11 організацій");
        assert_eq!(count(&l, "uk", 21.0), "21 організація");
        assert_eq!(count(&l, "uk", 22.0), "22 організації");
    }

    #[test]
    fn crimean_tatar_uses_the_declared_turkish_rule() {
        let ftl =
            "orgs = { $count ->\n    [one] bir teşkilât\n   *[other] { $count } teşkilât\n}\n";
        let (l, _) = locales(&[("crh", ftl)]);
        assert_eq!(count(&l, "crh", 1.0), "bir teşkilât");
        assert_eq!(count(&l, "crh", 2.0), "2 teşkilât");
        assert_eq!(count(&l, "crh", 21.0), "21 teşkilât");
        assert_eq!(count(&l, "crh", 8000000.0), "8\u{a0}000\u{a0}000 teşkilât");
        assert_eq!(l.plural_locale["crh"], "tr");
        assert_eq!(
            crate::language::plural_categories("tr", false).all,
            ["one", "other"]
        );
        assert_eq!(
            crate::language::plural_categories("uk", false).all,
            ["one", "few", "many", "other"]
        );
    }

    #[test]
    fn a_language_without_cldr_rules_is_warned_about() {
        let c = Config::parse("base_url = \"https://e.org/\"\ndefault_language = \"crh\"\nsource_language = \"crh\"\n[languages.crh]\nname = \"Q\"\n").unwrap();
        let (_, r) = Locales::load(&c, &[]);
        assert_eq!(r.warnings(), 1);
        assert!(r.diagnostics[0].message.contains("silently use English"));
        assert!(!has_plural_rules("crh"));
        assert!(has_plural_rules("uk"));
    }

    #[test]
    fn strings_fall_back_along_the_chain_and_say_from_where() {
        let (l, _) = locales(&[
            ("uk", "hello = Привіт\nonly-en = x\n"),
            ("en", "hello = Hello\nbye = Bye\n"),
        ]);
        assert_eq!(
            l.tr("crh", "hello", &[]).unwrap(),
            Translation {
                text: "Привіт".into(),
                lang: "uk".into(),
                built_in: false,
            }
        );
        assert_eq!(l.tr("crh", "bye", &[]).unwrap().lang, "en");
        let missing = l.tr("crh", "nope", &[]).unwrap_err();
        assert_eq!(missing.message(), "no translation of `nope` in crh, uk, en");
    }

    #[test]
    fn a_string_the_site_lacks_comes_from_the_built_in_theme_in_the_nearest_language() {
        let (mut l, _) = locales(&[("uk", "hello = Привіт\n"), ("en", "hello = Hello\n")]);
        l.add_built_in(&[
            ("en", "added = Added\nhello = Built-in hello\n"),
            ("uk", "added = Додано\n"),
        ]);
        // The site's own text wins; a string it lacks comes from the built-in theme, in the
        // page's language where the theme has it, along the chain, else in English.
        assert_eq!(l.tr("uk", "hello", &[]).unwrap().text, "Привіт");
        let added = l.tr("crh", "added", &[]).unwrap();
        assert_eq!((added.text.as_str(), added.lang.as_str()), ("Додано", "uk"));
        assert!(added.built_in);
        let added = l.tr("en", "added", &[]).unwrap();
        assert_eq!((added.text.as_str(), added.built_in), ("Added", true));
        assert!(l.tr("uk", "nope", &[]).is_err());
    }

    #[test]
    fn no_isolation_marks_and_no_escaping_inside_fluent() {
        let (l, _) = locales(&[("en", "t = Signed by { $name }\n")]);
        let t = l
            .tr("en", "t", &[("name".into(), Arg::Str("<b>&".into()))])
            .unwrap();
        assert_eq!(t.text, "Signed by <b>&");
    }

    #[test]
    fn numbers_are_grouped_per_language() {
        let (l, _) = locales(&[("en", "n = { $n }\n"), ("uk", "n = { $n }\n")]);
        let n = |lang| {
            l.tr(lang, "n", &[("n".into(), Arg::Num(1_600_000.0))])
                .unwrap()
                .text
        };
        assert_eq!(n("en"), "1,600,000");
        assert_eq!(n("uk"), "1\u{a0}600\u{a0}000");
        assert_eq!(group_digits(2025, '\u{a0}'), "2025");
        assert_eq!(group_digits(-12345, ','), "-12,345");
        assert_eq!(group_digits(1234, '\0'), "1234");
    }

    #[test]
    fn syntax_errors_and_duplicates_are_located() {
        let (_, r) = locales(&[("en", "ok = fine\nbroken = { $x\nok = again\n")]);
        let got = r.headlines();
        assert!(
            got.iter()
                .any(|g| g.starts_with("locales/en/main.ftl:2:14:") && g.contains("syntax error")),
            "{got:?}"
        );
        assert!(
            got.contains(&"locales/en/main.ftl:3:1: `ok` is defined more than once".to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn formatting_problems_name_the_message() {
        let (l, _) = locales(&[("en", "a = { b }\nself = { self }\nv = { $v }\n")]);
        let e = l.tr("en", "a", &[]).unwrap_err();
        assert!(
            matches!(&e, TrError::Format { location, .. } if location.line == 1),
            "{e:?}"
        );
        let e = l.tr("en", "self", &[]).unwrap_err();
        assert!(e.message().contains("cyclic"), "{}", e.message());
        let e = l.tr("en", "v", &[]).unwrap_err();
        assert!(e.message().contains("does not pass it"), "{}", e.message());
    }

    #[test]
    fn lint_data_lists_variables_references_and_selects() {
        let (l, _) = locales(&[("en", "# c\n-brand = Z\nm = { -brand } { other } { $count ->\n   [one] one\n  *[other] { $n }\n}\n    .title = T { $t }\nempty = { \"\" }\n")]);
        let ms = &l.messages["en"];
        assert_eq!(ms[0].id, "-brand");
        assert_eq!((ms[0].location.line, ms[0].location.col), (2, 1));
        let m = &ms[1];
        assert_eq!(m.id, "m");
        assert_eq!(m.location.line, 3);
        let value = m.part(None).unwrap();
        assert_eq!(
            value.variables.keys().collect::<Vec<_>>(),
            ["count", "n"],
            "the value's variables, not the attribute's"
        );
        let n = &value.variables["n"];
        assert_eq!((n.line, n.col), (5, 14), "located at the `$`");
        let refs: Vec<(&str, usize, usize)> = value
            .references
            .iter()
            .map(|(r, at)| (r.as_str(), at.line, at.col))
            .collect();
        assert_eq!(refs, [("-brand", 3, 7), ("other", 3, 18)]);
        assert_eq!(m.attributes().collect::<Vec<_>>(), ["title"]);
        let title = m.part(Some("title")).unwrap();
        assert_eq!(title.variables.keys().collect::<Vec<_>>(), ["t"]);
        assert_eq!((title.location.line, title.location.col), (7, 5));
        let select = &value.selects[0];
        assert_eq!(select.selector, Selector::Variable("count".into()));
        let keys: Vec<&str> = select.variants.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(keys, ["one", "other"]);
        assert_eq!(
            (
                select.variants[1].location.line,
                select.variants[1].location.col
            ),
            (5, 5)
        );
        assert_eq!(ms[2].id, "empty");
        assert_eq!(
            ms[2].text(),
            "",
            "{{ \"\" }} is an empty text, deliberately"
        );
    }

    #[test]
    fn term_arguments_are_neither_variables_nor_text() {
        let (l, _) = locales(&[(
            "uk",
            "-brand = { $case ->\n   *[nom] Заклик\n    [gen] Заклику\n}\nm = Це { -brand(case: \"gen\") } і { NUMBER($n, style: \"percent\") }\n",
        )]);
        let m = l.definition("uk", "m").unwrap();
        let value = m.part(None).unwrap();
        assert_eq!(value.variables.keys().collect::<Vec<_>>(), ["n"]);
        assert_eq!(value.text, "Це  і ");
        let term = l.definition("uk", "-brand").unwrap();
        assert!(term.is_term());
        assert_eq!(
            term.parts[0].selects[0].selector,
            Selector::Variable("case".into())
        );
    }

    #[test]
    fn selectors_are_classified() {
        let (l, _) = locales(&[(
            "en",
            "a = { PLATFORM() ->\n    [macos] A\n   *[other] B\n}\nb = { NUMBER($n) ->\n   *[other] B\n}\nc = { NUMBER($n, type: \"ordinal\") ->\n   *[other] C\n}\nd = { -brand.gender ->\n   *[masculine] D\n}\ne = { \"x\" ->\n   *[other] E\n}\n-brand = B\n    .gender = masculine\n",
        )]);
        let selector = |id: &str| {
            l.definition("en", id).unwrap().parts[0].selects[0]
                .selector
                .clone()
        };
        assert_eq!(selector("a"), Selector::Function("PLATFORM".into()));
        assert_eq!(selector("b"), Selector::Number { ordinal: false });
        assert_eq!(selector("c"), Selector::Number { ordinal: true });
        assert_eq!(selector("d"), Selector::Other);
        assert_eq!(selector("e"), Selector::Other);
        let d = l.definition("en", "d").unwrap();
        assert_eq!(d.parts[0].references[0].0, "-brand.gender");
    }

    #[test]
    fn markup_is_found_at_its_column() {
        let found = markup_in;
        assert_eq!(
            found("<b>Saltar</b>"),
            [(0, "<b>".to_string()), (9, "</b>".to_string())]
        );
        assert_eq!(
            found("a <a href=\"x\">link"),
            [(2, "<a href=\"x\">".to_string())]
        );
        assert_eq!(found("x<br/>y"), [(1, "<br/>".to_string())]);
        assert_eq!(found("<!-- c -->"), [(0, "<!-- c -->".to_string())]);
        assert_eq!(found("<?php"), [(0, "<?php".to_string())]);
        assert_eq!(
            found("A&amp;B &#8217; &#x2019;"),
            [
                (1, "&amp;".to_string()),
                (8, "&#8217;".to_string()),
                (16, "&#x2019;".to_string())
            ]
        );
        for plain in [
            "a < b",
            "<3",
            "AT&T",
            "a & b",
            "&;",
            "&#;",
            "&#x;",
            "“javascript:” URLs",
            "1 <= 2",
            "->",
        ] {
            assert!(markup_in(plain).is_empty(), "{plain}");
        }

        let (_, r) = locales(&[(
            "uk",
            "skip = <b>Saltar</b>\nm = Текст\n    .title = Тут &amp; там\nok = “javascript:” URLs cannot be loaded, 1 < 2\nlit = { \"<span>\" }\nmulti =\n    Рядок\n    ще <br> і <i>\n",
        )]);
        let got: Vec<String> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::MarkupInTranslation)
            .map(|d| format!("{}:{} {}", d.location.line, d.location.col, d.message))
            .collect();
        assert_eq!(
            got,
            [
                "1:8 `skip` contains the tag `<b>` (and 1 more); readers would see it as written",
                "3:18 `m.title` contains the character reference `&amp;`; readers would see it as written",
                "5:10 `lit` contains the tag `<span>`; readers would see it as written",
                "8:8 `multi` contains the tag `<br>` (and 1 more); readers would see it as written",
            ]
        );
        assert!(r
            .diagnostics
            .iter()
            .all(|d| d.is_error() || d.code != Code::MarkupInTranslation));
    }

    #[test]
    fn commented_out_messages_are_found_by_id() {
        let (l, _) = locales(&[(
            "uk",
            "### header\n\n# A note about hello.\n# hello = Hello\n#    .title = T\n# -brand = B\n# x: not = a message\nbye = Бувай\n",
        )]);
        let c = &l.commented["uk"];
        assert_eq!(c.keys().collect::<Vec<_>>(), ["-brand", "hello"]);
        assert_eq!((c["hello"].line, c["hello"].col), (4, 1));
        assert_eq!((c["-brand"].line, c["-brand"].col), (6, 1));
    }

    /// The count line of this repository's own site, with its real Fluent files and site.toml.
    #[test]
    fn the_sites_count_lines_use_each_languages_plural_forms() {
        let config = Config::parse(include_str!("../site.toml")).unwrap();
        let files: Vec<LocaleFile> = [
            ("uk", include_str!("../locales/uk/theme.ftl")),
            ("crh", include_str!("../locales/crh/theme.ftl")),
            ("pl", include_str!("../locales/pl/theme.ftl")),
            ("fr", include_str!("../locales/fr/theme.ftl")),
            ("en", include_str!("../locales/en/theme.ftl")),
        ]
        .into_iter()
        .map(|(lang, text)| LocaleFile {
            lang: lang.into(),
            path: format!("locales/{lang}/theme.ftl"),
            text: text.into(),
        })
        .collect();
        let (l, report) = Locales::load(&config, &files);
        assert!(!report.has_errors(), "{report:?}");
        let line = |lang: &str, n: f64| {
            l.tr(lang, "signatories-count", &[("count".into(), Arg::Num(n))])
                .unwrap()
                .text
        };
        assert_eq!(line("uk", 8.0), "Підписали 8 організацій");
        assert_eq!(line("uk", 1.0), "Підписала 1 організація");
        assert_eq!(line("uk", 2.0), "Підписали 2 організації");
        assert_eq!(line("uk", 5.0), "Підписали 5 організацій");
        assert_eq!(line("uk", 21.0), "Підписала 21 організація");
        assert_eq!(line("pl", 1.0), "Podpisała 1 organizacja");
        assert_eq!(line("pl", 3.0), "Podpisały 3 organizacje");
        assert_eq!(line("pl", 8.0), "Podpisało 8 organizacji");
        assert_eq!(line("en", 1.0), "Signed by 1 organisation");
        assert_eq!(line("crh", 8.0), "8 teşkilât imzaladı");
        // French: 0 and 1 are `one`. Newer CLDR data adds `many` for exact millions; the rules
        // bundled here (CLDR 36) do not, so 1 000 000 is `other`. Either way a number written
        // in figures takes the noun without "de": "1 000 000 organisations".
        assert_eq!(crate::language::plural_category("fr", 0.0), "one");
        assert_eq!(crate::language::plural_category("fr", 1_000_000.0), "other");
        assert_eq!(line("fr", 0.0), "Signée par 0 organisation");
        assert_eq!(line("fr", 1.0), "Signée par 1 organisation");
        assert_eq!(line("fr", 8.0), "Signée par 8 organisations");
        assert_eq!(
            line("fr", 1_000_000.0),
            "Signée par 1\u{202f}000\u{202f}000 organisations"
        );
        assert_eq!(
            line("fr", 2_000_000.0),
            "Signée par 2\u{202f}000\u{202f}000 organisations"
        );
        assert_eq!(l.plural_locale["crh"], "tr");
        assert_eq!(crate::language::plural_category("tr", 1.0), "one");
        assert_eq!(crate::language::plural_category("tr", 21.0), "other");
    }

    #[test]
    fn the_pseudo_language_accents_and_lengthens_literal_text_only() {
        let mut c = config("");
        let mut files = vec![LocaleFile {
            lang: "en".into(),
            path: "locales/en/main.ftl".into(),
            text: "hi = Skip to { $n } pages\n".into(),
        }];
        add_pseudo_language(&mut c, &mut files);
        let (l, _) = Locales::load(&c, &files);
        let t = l.tr(PSEUDO, "hi", &[("n".into(), Arg::Num(3.0))]).unwrap();
        assert_eq!(t.text, "Šķííƥ ţóó 3 ƥááğééš");
        assert_eq!(t.lang, PSEUDO);
    }

    #[test]
    fn source_marks_are_set_above_messages_and_read_back() {
        let hashes = BTreeMap::from([
            ("a".to_string(), "1111".to_string()),
            ("b".to_string(), "2222".to_string()),
        ]);
        let text = "# about a\na = A\n    .title = T\n\n# source: 0000\nb = { $n ->\n  *[other] B\n}\nc = C\n";
        let marked = with_source_marks(text, &hashes);
        assert_eq!(marked, "# about a\n# source: 1111\na = A\n    .title = T\n\n# source: 2222\nb = { $n ->\n  *[other] B\n}\nc = C\n");
        assert_eq!(
            with_source_marks(&marked, &hashes),
            marked,
            "marking twice changes nothing"
        );
        let (l, r) = locales(&[("uk", &marked)]);
        assert!(!r.has_errors(), "{r:?}");
        let ms = &l.messages["uk"];
        assert_eq!(ms[0].recorded_source.as_deref(), Some("1111"));
        assert_eq!(ms[2].recorded_source, None);
        assert_eq!(
            ms[0].entry_hash,
            crate::digest::text_hash("a = A\n    .title = T")
        );
    }
}

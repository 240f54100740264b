//! Interface strings: the only user of Fluent (fluent-bundle, fluent-syntax), unic-langid and
//! CLDR plural rules.
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
//! Alongside the bundles it keeps lint data per message and per attribute (its `$variables`,
//! references, selects, literal text, tag-like text), each with its `line:col`. fluent-syntax's
//! AST has no positions, but it borrows every name and text from the source it parsed, so where a
//! slice starts in that source is where it was written (`offset_in`).

use crate::diag::{Code, Diagnostic, LineIndex, Location, Report};
use crate::language::{has_plural_rules, LanguageIdentifier};
use crate::load::LocaleFile;
use crate::project::Config;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod expansion;

/// Resources are shared with the bundle so that the expansion bound ([`expansion`]) can walk
/// every definition of a language once they are all added.
type Bundle = fluent_bundle::concurrent::FluentBundle<std::sync::Arc<FluentResource>>;
type Memoizer = intl_memoizer::concurrent::IntlLangMemoizer;

/// What check needs to know about one message or term, without re-parsing.
#[derive(Debug, Clone)]
pub struct MessageInfo {
    /// `id` for messages, `-id` for terms.
    pub id: String,
    pub file: String,
    /// Where the id (the `-` of a term) is written.
    pub location: Location,
    pub has_value: bool,
    /// The value (`attribute: None`, always first, present even when the message has none) and
    /// then each attribute, in the order written. Fluent resolves each separately, so lint
    /// compares them one by one.
    pub parts: Vec<Part>,
    /// Hash of the entry as written (id, value, attributes; not its comments): what a
    /// translation records as the source it was made from.
    pub entry_hash: String,
    /// The source hash recorded in a `# source: …` comment line right above the entry.
    pub recorded_source: Option<String>,
}

impl MessageInfo {
    pub fn is_term(&self) -> bool {
        self.id.starts_with('-')
    }

    /// The value or the attribute `name`.
    pub fn part(&self, attribute: Option<&str>) -> Option<&Part> {
        self.parts
            .iter()
            .find(|p| p.attribute.as_deref() == attribute)
    }

    /// The names of the attributes, in order.
    pub fn attributes(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| p.attribute.as_deref())
    }

    /// The literal text of the value and every attribute, as one string.
    pub fn text(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect()
    }
}

/// The value or one attribute of a message: what Fluent formats as one string.
#[derive(Debug, Clone)]
pub struct Part {
    /// `None` for the value.
    pub attribute: Option<String>,
    /// Where the message id (for the value) or the `.attribute` name is.
    pub location: Location,
    /// Each `$variable` the part uses, where it is first used. In a term these are parameters
    /// that referring messages pass (`{ -brand(case: "gen") }`), not variables of the page.
    pub variables: BTreeMap<String, Location>,
    /// Referenced messages (`id`, `id.attr`) and terms (`-id`, `-id.attr`), where each is.
    pub references: Vec<(String, Location)>,
    /// Every `{ … -> … }` select, outer before inner.
    pub selects: Vec<Select>,
    /// The literal text readers see: text and string-literal placeables, not the arguments of
    /// functions and terms.
    pub text: String,
    /// Tag-like text (`<b`, `</a`, `<!`) and character references (`&amp;`) in that text.
    pub markup: Vec<(String, Location)>,
}

/// One select expression.
#[derive(Debug, Clone)]
pub struct Select {
    pub selector: Selector,
    pub variants: Vec<VariantKey>,
    /// Where the selector is written.
    pub location: Location,
}

/// A variant key of a select.
#[derive(Debug, Clone)]
pub struct VariantKey {
    /// The key as written (`one`, `1`).
    pub name: String,
    pub location: Location,
}

/// What a select chooses on; only numbers select plural categories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// `{ $count -> …}`: a plural when its keys are plural categories, as compare-locales decides
    /// (Fluent selects a category for a number and matches a string as it is).
    Variable(String),
    /// `{ NUMBER($n) -> …}` or a number literal: always a plural; `ordinal` for
    /// `NUMBER($n, type: "ordinal")`.
    Number { ordinal: bool },
    /// Any other function (`PLATFORM()`): never a plural.
    Function(String),
    /// A string literal, a term attribute (`-brand.gender`), a message: never a plural.
    Other,
}

impl Select {
    /// The selector as written, for messages (`$count`, `NUMBER()`, `PLATFORM()`).
    pub fn selector_text(&self) -> String {
        match &self.selector {
            Selector::Variable(v) => format!("${v}"),
            Selector::Number { .. } => "NUMBER()".to_string(),
            Selector::Function(f) => format!("{f}()"),
            Selector::Other => "its selector".to_string(),
        }
    }
}

/// An argument passed to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(f64),
    /// A text written differently in each language, such as a language's name (`English`,
    /// `anglais`, `англійська`): the message gets the one of the language whose bundle answers,
    /// so a sentence that falls back to another language names things in that language too.
    PerLanguage {
        by_language: BTreeMap<String, String>,
        otherwise: String,
    },
}

impl Arg {
    /// The length of the longest text this argument can be.
    fn len(&self) -> u64 {
        match self {
            Arg::Str(s) => s.len() as u64,
            // A formatted number: digits, separators, sign, fraction.
            Arg::Num(_) => 64,
            Arg::PerLanguage {
                by_language,
                otherwise,
            } => by_language
                .values()
                .map(String::len)
                .max()
                .unwrap_or(0)
                .max(otherwise.len()) as u64,
        }
    }
}

/// A formatted string and the language whose bundle produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub text: String,
    pub lang: String,
    /// The site lacks the message and the built-in theme's own text was used (see
    /// [`Locales::add_built_in`]).
    pub built_in: bool,
}

/// Why a string could not be produced.
#[derive(Debug, Clone, PartialEq)]
pub enum TrError {
    /// No bundle along the chain has the message (or the attribute).
    Missing { key: String, tried: Vec<String> },
    /// Not a failure: no bundle along the chain has the message, and the built-in theme's text in
    /// `lang` was used instead (a warning: the site should have it).
    BuiltIn {
        key: String,
        tried: Vec<String>,
        lang: String,
    },
    /// The message exists but formatting it failed (unknown reference, missing `$variable`).
    Format {
        key: String,
        lang: String,
        location: Box<Location>,
        problems: Vec<String>,
    },
}

impl TrError {
    pub fn message(&self) -> String {
        match self {
            TrError::Missing { key, tried } => {
                format!("no translation of `{key}` in {}", tried.join(", "))
            }
            TrError::BuiltIn { key, tried, lang } => format!(
                "no translation of `{key}` in {}; the built-in theme's text in {lang} is shown",
                tried.join(", ")
            ),
            TrError::Format {
                key,
                lang,
                problems,
                ..
            } => {
                format!(
                    "`{key}` ({lang}) cannot be formatted: {}",
                    problems.join("; ")
                )
            }
        }
    }
}

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
    pub plural_locale: BTreeMap<String, String>,
    /// Per language: messages written but commented out (`# id = …`, as `new-locale` leaves
    /// them), by id, at the first such line.
    pub commented: BTreeMap<String, BTreeMap<String, Location>>,
    /// The source language, against which translations are linted.
    pub source: String,
}

impl Locales {
    /// Builds every language's bundle. Syntax errors, duplicate ids and languages without plural
    /// rules are reported; the bundles hold whatever parsed.
    pub fn load(config: &Config, files: &[LocaleFile]) -> (Locales, Report) {
        let mut report = Report::default();
        let mut bundles = BTreeMap::new();
        let mut chains = BTreeMap::new();
        let mut messages = BTreeMap::new();
        let mut plural_locale = BTreeMap::new();
        let mut commented: BTreeMap<String, BTreeMap<String, Location>> = BTreeMap::new();
        let mut expansions = BTreeMap::new();
        let mut index = BTreeMap::new();
        for lang in &config.languages {
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

            let mut infos: Vec<MessageInfo> = Vec::new();
            let mut resources = Vec::new();
            for file in files.iter().filter(|f| f.lang == lang.code) {
                let index = LineIndex::new(&file.text);
                let (text, too_deep) = within_nesting(file, &index);
                report.extend(too_deep);
                let resource = match FluentResource::try_new(text) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            let offset = syntax_error_offset(
                                &file.text,
                                e.pos.start,
                                e.slice.as_ref().map(|s| s.start),
                            );
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
                            .entry(lang.code.clone())
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
                let resource = std::sync::Arc::new(resource);
                resources.push(resource.clone());
                if let Err(errors) = bundle.add_resource(resource) {
                    // Duplicates are reported below from our own scan, which knows where they are.
                    debug_assert!(errors
                        .iter()
                        .all(|e| matches!(e, FluentError::Overriding { .. })));
                }
            }
            for info in &infos {
                for part in &info.parts {
                    let Some((first, at)) = part.markup.first() else {
                        continue;
                    };
                    let name = match &part.attribute {
                        Some(a) => format!("{}.{a}", info.id),
                        None => info.id.clone(),
                    };
                    let more = match part.markup.len() {
                        1 => String::new(),
                        n => format!(" (and {} more)", n - 1),
                    };
                    let d = if first.starts_with('&') {
                        Diagnostic::new(Code::MarkupInTranslation, at.clone(), format!("`{name}` contains the character reference `{first}`{more}; readers would see it as written"))
                            .with_help("translations are plain text: write the character itself (&, ©, a no-break space)")
                    } else {
                        Diagnostic::new(Code::MarkupInTranslation, at.clone(), format!("`{name}` contains the tag `{first}`{more}; readers would see it as written"))
                            .with_help("translations are plain text, shown as written: remove the markup; a `<` before a space or a digit is fine")
                    };
                    report.push(d);
                }
            }
            let mut seen = BTreeMap::new();
            for info in &infos {
                if let Some(first) = seen.insert(info.id.clone(), info.location.clone()) {
                    report.push(
                        Diagnostic::new(
                            Code::FluentDuplicate,
                            info.location.clone(),
                            format!("`{}` is defined more than once", info.id),
                        )
                        .with_help(format!(
                            "the first definition, at {first}, is the one used; remove one of them"
                        )),
                    );
                }
            }
            let sizes = expansion::sizes(&first_definitions(&resources));
            report.extend(too_large(&infos, &sizes));
            expansions.insert(lang.code.clone(), sizes);
            index.insert(
                lang.code.clone(),
                infos
                    .iter()
                    .enumerate()
                    .fold(HashMap::new(), |mut m, (i, info)| {
                        m.entry(info.id.clone()).or_insert(i);
                        m
                    }),
            );
            messages.insert(lang.code.clone(), infos);
            chains.insert(
                lang.code.clone(),
                std::iter::once(lang.code.clone())
                    .chain(lang.fallback.iter().cloned())
                    .collect(),
            );
            plural_locale.insert(lang.code.clone(), rules_tag);
            bundles.insert(lang.code.clone(), bundle);
        }
        (
            Locales {
                bundles,
                built_in: BTreeMap::new(),
                chains,
                messages,
                index,
                expansions,
                plural_locale,
                commented,
                source: config.source_language.clone(),
            },
            report,
        )
    }

    /// Adds the built-in theme's strings (`(language, .ftl text)`): when a site's files lack a
    /// message the built-in templates ask for — a site made before the theme gained it — the
    /// built-in text is used, in the page's language where the theme has it, along the page's
    /// chain, else in English, and the caller is told ([`Translation::built_in`]), so that a
    /// site keeps building after an upgrade and is warned of what to translate.
    pub fn add_built_in(&mut self, strings: &[(&str, &str)]) {
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

    /// The languages a string of `lang` is looked up in, in order.
    pub fn chain(&self, lang: &str) -> Vec<String> {
        self.chains
            .get(lang)
            .cloned()
            .unwrap_or_else(|| vec![lang.to_string()])
    }

    /// Whether `lang`'s own bundle (not its fallbacks) has `key` (`id` or `id.attr`).
    pub fn has_own(&self, lang: &str, key: &str) -> bool {
        self.bundles
            .get(lang)
            .is_some_and(|b| pattern_of(b, key).is_some())
    }

    /// Formats `key` (`id` or `id.attribute`) in `lang`, falling back along its chain.
    pub fn tr(
        &self,
        lang: &str,
        key: &str,
        args: &[(String, Arg)],
    ) -> Result<Translation, TrError> {
        let chain = self.chain(lang);
        let fluent_args = |answering: &str| {
            let mut fluent_args = FluentArgs::new();
            for (name, value) in args {
                match value {
                    Arg::Str(s) => fluent_args.set(name.clone(), FluentValue::from(s.clone())),
                    Arg::Num(n) => fluent_args.set(name.clone(), FluentValue::from(*n)),
                    Arg::PerLanguage {
                        by_language,
                        otherwise,
                    } => fluent_args.set(
                        name.clone(),
                        FluentValue::from(by_language.get(answering).unwrap_or(otherwise).clone()),
                    ),
                }
            }
            fluent_args
        };
        for code in &chain {
            let Some(bundle) = self.bundles.get(code) else {
                continue;
            };
            let Some(pattern) = pattern_of(bundle, key) else {
                continue;
            };
            let (id, attribute) = split_key(key);
            if let Some(size) = self
                .expansions
                .get(code)
                .and_then(|sizes| sizes.get(&expansion::key(id, attribute)))
            {
                let longest = args.iter().map(|(_, a)| a.len()).max().unwrap_or(0);
                let bound = size.with_arguments_of(longest);
                let too_many = size.placeables > crate::limits::FLUENT_PLACEABLES;
                if too_many || bound > crate::limits::FLUENT_EXPANSION_BYTES {
                    let location = self
                        .definition(code, id)
                        .map(|m| {
                            m.part(attribute)
                                .map_or(m.location.clone(), |p| p.location.clone())
                        })
                        .unwrap_or_else(|| Location::file(format!("locales/{code}")));
                    return Err(TrError::Format {
                        key: key.to_string(),
                        lang: code.clone(),
                        location: Box::new(location),
                        problems: vec![if too_many {
                            format!(
                                "it resolves more than {} placeables; Fluent stops there",
                                crate::limits::FLUENT_PLACEABLES
                            )
                        } else {
                            format!(
                                "with an argument of {longest} bytes it could make {} MiB of text; zaklyk formats messages of up to {} MiB",
                                bound.div_ceil(1 << 20),
                                crate::limits::FLUENT_EXPANSION_BYTES >> 20
                            )
                        }],
                    });
                }
            }
            let fluent_args = fluent_args(code);
            let mut errors = Vec::new();
            // fluent-bundle panics in cases the check above refuses; should another one exist,
            // it fails this message, not the run.
            let formatted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                bundle
                    .format_pattern(pattern, Some(&fluent_args), &mut errors)
                    .into_owned()
            }));
            let Ok(text) = formatted else {
                let (id, attribute) = split_key(key);
                return Err(TrError::Format {
                    key: key.to_string(),
                    lang: code.clone(),
                    location: Box::new(
                        self.definition(code, id)
                            .map(|m| {
                                m.part(attribute)
                                    .map_or(m.location.clone(), |p| p.location.clone())
                            })
                            .unwrap_or_else(|| Location::file(format!("locales/{code}"))),
                    ),
                    problems: vec!["Fluent failed while formatting it".into()],
                });
            };
            if !errors.is_empty() {
                // A translation's unknown `$variable` or reference is the lint's finding
                // (`variable-unknown`, `reference-unknown`), reported once where it is written;
                // here the string falls back as if untranslated rather than be reported again.
                if *code != self.source && errors.iter().all(|e| self.linted(code, key, e)) {
                    continue;
                }
                let (id, attribute) = split_key(key);
                let location = self
                    .definition(code, id)
                    .map(|m| {
                        m.part(attribute)
                            .map_or(m.location.clone(), |p| p.location.clone())
                    })
                    .unwrap_or_else(|| Location::file(format!("locales/{code}")));
                return Err(TrError::Format {
                    key: key.to_string(),
                    lang: code.clone(),
                    location: Box::new(location),
                    problems: errors.iter().map(describe_fluent_error).collect(),
                });
            }
            return Ok(Translation {
                text,
                lang: code.clone(),
                built_in: false,
            });
        }
        let english = "en".to_string();
        for code in chain.iter().chain(std::iter::once(&english)) {
            let Some(bundle) = self.built_in.get(code) else {
                continue;
            };
            let Some(pattern) = pattern_of(bundle, key) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle
                .format_pattern(pattern, Some(&fluent_args(code)), &mut errors)
                .into_owned();
            if errors.is_empty() {
                return Ok(Translation {
                    text,
                    lang: code.clone(),
                    built_in: true,
                });
            }
        }
        Err(TrError::Missing {
            key: key.to_string(),
            tried: chain,
        })
    }
}

/// The text of a file for the parser, and a `fluent-nesting` error for each entry that nests
/// deeper than [`crate::limits::FLUENT_NESTING`]. Such an entry is blanked out (spaces, its
/// newlines kept, so that every offset still points into the file): the parser recurses once
/// per level and must never see it.
fn within_nesting(file: &LocaleFile, index: &LineIndex) -> (String, Vec<Diagnostic>) {
    let limit = crate::limits::FLUENT_NESTING;
    let deep = crate::nesting::fluent::too_deep(&file.text, limit);
    if deep.is_empty() {
        return (file.text.clone(), Vec::new());
    }
    let mut bytes = file.text.clone().into_bytes();
    let mut diags = Vec::new();
    for (entry, at) in deep {
        for b in &mut bytes[entry] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        diags.push(
            Diagnostic::new(
                Code::FluentNesting,
                index.location(&file.path, at),
                format!(
                    "placeables, selects and function arguments nest more than {limit} deep here"
                ),
            )
            .with_help("flatten the message; the whole message is left out until it is"),
        );
    }
    // Only whole characters were replaced, by ASCII spaces.
    let text = String::from_utf8(bytes).unwrap_or_default();
    (text, diags)
}

/// The first definition of every message, attribute and term of a language's files, as the
/// bundle resolves references: by key (`id`, `id.attr`, `-term`, `-term.attr`).
fn first_definitions(resources: &[std::sync::Arc<FluentResource>]) -> expansion::Patterns<'_> {
    let mut patterns = expansion::Patterns::new();
    let mut seen = BTreeSet::new();
    for resource in resources {
        for entry in resource.entries() {
            let (prefix, id, value, attributes) = match entry {
                ast::Entry::Message(m) => ("", m.id.name, m.value.as_ref(), &m.attributes),
                ast::Entry::Term(t) => ("-", t.id.name, Some(&t.value), &t.attributes),
                _ => continue,
            };
            let owner = format!("{prefix}{id}");
            if !seen.insert(owner.clone()) {
                continue;
            }
            if let Some(value) = value {
                patterns.insert(owner.clone(), value);
            }
            for a in attributes {
                // The first of two attributes of one name is the one formatted.
                patterns
                    .entry(expansion::key(&owner, Some(a.id.name)))
                    .or_insert(&a.value);
            }
        }
    }
    patterns
}

/// A `fluent-expansion` error for every message (or attribute) that could make more text than
/// [`crate::limits::FLUENT_EXPANSION_BYTES`] without any argument.
fn too_large(infos: &[MessageInfo], sizes: &HashMap<String, expansion::Size>) -> Vec<Diagnostic> {
    let limit = crate::limits::FLUENT_EXPANSION_BYTES;
    let mut out = Vec::new();
    for info in infos.iter().filter(|i| !i.is_term()) {
        for part in &info.parts {
            let key = expansion::key(&info.id, part.attribute.as_deref());
            let Some(size) = sizes.get(&key) else {
                continue;
            };
            if size.placeables > crate::limits::FLUENT_PLACEABLES {
                out.push(
                    Diagnostic::new(
                        Code::FluentExpansion,
                        part.location.clone(),
                        format!(
                            "`{key}` resolves more than {} placeables through the messages and terms it refers to; Fluent stops there",
                            crate::limits::FLUENT_PLACEABLES
                        ),
                    )
                    .with_help("refer to fewer messages, or to shorter ones"),
                );
                continue;
            }
            if size.fixed <= limit {
                continue;
            }
            let amount = match size.fixed {
                u64::MAX => "more than 16 EiB".to_string(),
                n => format!("{} MiB", n.div_ceil(1 << 20)),
            };
            out.push(
                Diagnostic::new(
                    Code::FluentExpansion,
                    part.location.clone(),
                    format!(
                        "`{key}` would expand to {amount} through the messages and terms it refers to; zaklyk formats messages of up to {} MiB",
                        limit >> 20
                    ),
                )
                .with_help("refer to fewer messages, or to shorter ones"),
            );
        }
    }
    out
}

/// `id.attr` → (`id`, `Some("attr")`).
fn split_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    }
}

impl Locales {
    /// The definition Fluent uses (the first) of `id` in `lang`.
    pub fn definition(&self, lang: &str, id: &str) -> Option<&MessageInfo> {
        let at = *self.index.get(lang)?.get(id)?;
        self.messages.get(lang)?.get(at)
    }

    /// Whether a formatting error of `key` in the translation `lang` is one that lint reports
    /// where it is written: a variable its source text does not have, or a reference that the
    /// language does not define.
    fn linted(&self, lang: &str, key: &str, error: &FluentError) -> bool {
        use fluent_bundle::resolver::{errors::ReferenceKind, ResolverError};
        let FluentError::ResolverError(ResolverError::Reference(kind)) = error else {
            return false;
        };
        let (id, attribute) = split_key(key);
        match kind {
            ReferenceKind::Variable { id: var } => {
                let in_source = self
                    .definition(&self.source, id)
                    .and_then(|m| m.part(attribute))
                    .is_some_and(|p| p.variables.contains_key(var.as_str()));
                let in_translation = self
                    .definition(lang, id)
                    .and_then(|m| m.part(attribute))
                    .is_some_and(|p| p.variables.contains_key(var.as_str()));
                in_translation && !in_source
            }
            ReferenceKind::Message { .. } | ReferenceKind::Term { .. } => true,
            ReferenceKind::Function { .. } => false,
        }
    }
}

fn pattern_of<'b>(bundle: &'b Bundle, key: &str) -> Option<&'b ast::Pattern<&'b str>> {
    let (id, attr) = match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    };
    let message = bundle.get_message(id)?;
    match attr {
        Some(a) => message.get_attribute(a).map(|a| a.value()),
        None => message.value(),
    }
}

fn describe_fluent_error(e: &FluentError) -> String {
    match e {
        FluentError::ResolverError(r) => {
            let text = r.to_string();
            match r {
                fluent_bundle::resolver::ResolverError::Reference(
                    fluent_bundle::resolver::errors::ReferenceKind::Variable { .. },
                ) => {
                    format!("{text} (the template does not pass it)")
                }
                fluent_bundle::resolver::ResolverError::Cyclic => {
                    "the message refers to itself (a cyclic reference)".to_string()
                }
                _ => text,
            }
        }
        other => other.to_string(),
    }
}

/// Where to point at a syntax error. fluent-syntax reports an unclosed placeable at the start of
/// the next line; the problem is at the end of the line before, inside the broken entry.
fn syntax_error_offset(text: &str, pos: usize, entry_start: Option<usize>) -> usize {
    let pos = pos.min(text.len());
    let at_line_start = pos > 0 && text[..pos].ends_with('\n');
    match entry_start {
        Some(start) if at_line_start && pos > start => {
            text[..pos].trim_end_matches(['\n', '\r']).len()
        }
        _ => pos,
    }
}

/// The lines of an entry without the comments and blank lines that follow it (they belong to
/// the next entry).
fn entry_text(span: &str) -> String {
    let lines: Vec<&str> = span.lines().collect();
    let keep = lines
        .iter()
        .rposition(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map_or(0, |i| i + 1);
    lines[..keep].join("\n")
}

/// The comment line that records which source text a translated message was made from.
pub const SOURCE_MARK: &str = "# source: ";

/// The hash in a `# source: …` line directly above an entry (`before` ends where it starts).
fn recorded_source(before: &str) -> Option<String> {
    before
        .lines()
        .rev()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(SOURCE_MARK))
        .map(|h| h.trim().to_string())
}

/// A translation's `.ftl` text with a `# source: HASH` line directly above every message whose id
/// `hashes` gives (replacing an older one); everything else is kept as it is.
pub fn with_source_marks(text: &str, hashes: &BTreeMap<String, String>) -> String {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out: Vec<String> = Vec::new();
    let entries: BTreeMap<usize, String> = entry_offsets(text)
        .into_iter()
        .map(|(id, o)| (o, id))
        .collect();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(hash) = entries.get(&offset).and_then(|id| hashes.get(id)) {
            // Drop an older mark in the comment block right above, then add the current one.
            let block_start = out
                .iter()
                .rposition(|l| !l.starts_with('#'))
                .map_or(0, |i| i + 1);
            if let Some(i) = (block_start..out.len()).find(|&i| out[i].starts_with(SOURCE_MARK)) {
                out.remove(i);
            }
            out.push(format!("{SOURCE_MARK}{hash}{newline}"));
        }
        out.push(line.to_string());
        offset += line.len();
    }
    out.concat()
}

/// Byte offsets of entries (`id =` and `-term =` at the start of a line) in file order.
/// Continuation lines in Fluent are indented, so a line starting with an identifier is an entry.
fn entry_offsets(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let name_len = trimmed
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || (*c == '-'))
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        if name_len > 0 && trimmed[name_len..].trim_start().starts_with('=') {
            let name = &trimmed[..name_len];
            if name.starts_with(|c: char| c.is_ascii_alphabetic())
                || (name.starts_with('-') && name.len() > 1)
            {
                out.push((name.to_string(), offset));
            }
        }
        offset += line.len();
    }
    out
}

/// Byte offset of `slice` in `source`: fluent-syntax's AST borrows every name and text from the
/// source it parsed, so where a slice starts is where it was written.
fn offset_in(source: &str, slice: &str) -> Option<usize> {
    let start = (slice.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
    (start + slice.len() <= source.len()).then_some(start)
}

/// Where an entry starts: its id (the `-` of a term), its first comment line, its junk.
fn entry_start(source: &str, entry: &ast::Entry<&str>) -> Option<usize> {
    match entry {
        ast::Entry::Message(m) => offset_in(source, m.id.name),
        ast::Entry::Term(t) => offset_in(source, t.id.name).map(|o| o.saturating_sub(1)),
        ast::Entry::Comment(c) | ast::Entry::GroupComment(c) | ast::Entry::ResourceComment(c) => {
            c.content.first().and_then(|l| offset_in(source, l))
        }
        ast::Entry::Junk { content } => offset_in(source, content),
    }
}

/// The id of a commented-out message, from a comment line without its `#` (` hello = Hello`).
fn commented_out_id(line: &str) -> Option<&str> {
    let line = line.strip_prefix(' ')?;
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(line.len());
    let (id, rest) = line.split_at(end);
    let starts_well =
        id.starts_with(|c: char| c.is_ascii_alphabetic()) || (id.len() > 1 && id.starts_with('-'));
    (starts_well && rest.trim_start().starts_with('=')).then_some(id)
}

/// Tag-like text (`<b`, `</a`, `<!--`, `<?`) and character references (`&amp;`, `&#8217;`,
/// `&#x2019;`) in a text, with their byte offsets: what HTML would have read as markup.
pub fn markup_in(text: &str) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (i, _) in text.match_indices(['<', '&']) {
        let rest = &text[i..];
        let len = match bytes[i] {
            b'<' => match bytes.get(i + 1) {
                Some(c) if c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?') => {
                    // Show the tag up to its `>` when that is near, else its name.
                    rest[1..]
                        .find(['>', '\n', '\r'])
                        .filter(|&e| e < 60 && rest.as_bytes()[e + 1] == b'>')
                        .map(|e| e + 2)
                        .unwrap_or_else(|| {
                            1 + rest[1..]
                                .find(|c: char| c.is_whitespace() || c == '"')
                                .unwrap_or(rest.len() - 1)
                                .min(30)
                        })
                }
                _ => continue,
            },
            b'&' => {
                let body = &rest[1..];
                let name_len = if let Some(num) = body.strip_prefix('#') {
                    let digits = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => 1 + hex.bytes().take_while(u8::is_ascii_hexdigit).count(),
                        None => num.bytes().take_while(u8::is_ascii_digit).count(),
                    };
                    (digits > 0 && !(digits == 1 && num.starts_with(['x', 'X'])))
                        .then_some(1 + digits)
                } else {
                    let n = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
                    (n > 0 && body.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(n)
                };
                match name_len {
                    Some(n) if body[n..].starts_with(';') => n + 2,
                    _ => continue,
                }
            }
            _ => continue,
        };
        let end = (i + len).min(text.len());
        let mut end = end;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        found.push((i, text[i..end].to_string()));
    }
    found
}

/// The lint walk over one entry of a parsed file.
struct Lint<'a> {
    source: &'a str,
    index: &'a LineIndex<'a>,
    file: &'a str,
}

impl Lint<'_> {
    fn at(&self, slice: &str, back: usize) -> Location {
        let offset = offset_in(self.source, slice).map_or(0, |o| o.saturating_sub(back));
        self.index.location(self.file, offset)
    }

    /// The parts (value, then attributes) of a message or term; `None` for other entries.
    fn entry(&self, entry: &ast::Entry<&str>) -> Option<Vec<Part>> {
        let (id, back, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name, 0, m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (t.id.name, 1, Some(&t.value), &t.attributes),
            _ => return None,
        };
        let mut parts = vec![self.part(None, self.at(id, back), value)];
        for a in attributes {
            let location = self.at(a.id.name, 1);
            parts.push(self.part(Some(a.id.name.to_string()), location, Some(&a.value)));
        }
        Some(parts)
    }

    fn part(
        &self,
        attribute: Option<String>,
        location: Location,
        pattern: Option<&ast::Pattern<&str>>,
    ) -> Part {
        let mut part = Part {
            attribute,
            location,
            variables: BTreeMap::new(),
            references: Vec::new(),
            selects: Vec::new(),
            text: String::new(),
            markup: Vec::new(),
        };
        if let Some(p) = pattern {
            self.pattern(p, &mut part);
        }
        part
    }

    fn pattern(&self, p: &ast::Pattern<&str>, part: &mut Part) {
        for el in &p.elements {
            match el {
                ast::PatternElement::TextElement { value } => self.text(value, part),
                ast::PatternElement::Placeable { expression } => self.expression(expression, part),
            }
        }
    }

    /// Text readers see (a text element, or a string literal placed on its own).
    fn text(&self, value: &str, part: &mut Part) {
        part.text.push_str(value);
        if let Some(start) = offset_in(self.source, value) {
            for (i, what) in markup_in(value) {
                part.markup
                    .push((what, self.index.location(self.file, start + i)));
            }
        }
    }

    fn expression(&self, e: &ast::Expression<&str>, part: &mut Part) {
        match e {
            ast::Expression::Select { selector, variants } => {
                let (kind, at) = self.selector(selector);
                let index = part.selects.len();
                part.selects.push(Select {
                    selector: kind,
                    variants: Vec::new(),
                    location: at,
                });
                self.inline(selector, part, false);
                for v in variants {
                    let (name, slice) = match &v.key {
                        ast::VariantKey::Identifier { name } => (name.to_string(), *name),
                        ast::VariantKey::NumberLiteral { value } => (value.to_string(), *value),
                    };
                    part.selects[index].variants.push(VariantKey {
                        name,
                        location: self.at(slice, 0),
                    });
                    self.pattern(&v.value, part);
                }
            }
            ast::Expression::Inline(i) => self.inline(i, part, true),
        }
    }

    fn selector(&self, selector: &ast::InlineExpression<&str>) -> (Selector, Location) {
        match selector {
            ast::InlineExpression::VariableReference { id } => {
                (Selector::Variable(id.name.to_string()), self.at(id.name, 1))
            }
            ast::InlineExpression::NumberLiteral { value } => {
                (Selector::Number { ordinal: false }, self.at(value, 0))
            }
            ast::InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
                let ordinal = arguments.named.iter().any(|a| {
                    a.name.name == "type"
                        && matches!(a.value, ast::InlineExpression::StringLiteral { value } if value == "ordinal")
                });
                (Selector::Number { ordinal }, self.at(id.name, 0))
            }
            ast::InlineExpression::FunctionReference { id, .. } => {
                (Selector::Function(id.name.to_string()), self.at(id.name, 0))
            }
            ast::InlineExpression::TermReference { id, .. } => {
                (Selector::Other, self.at(id.name, 1))
            }
            ast::InlineExpression::MessageReference { id, .. } => {
                (Selector::Other, self.at(id.name, 0))
            }
            ast::InlineExpression::StringLiteral { value } => (Selector::Other, self.at(value, 1)),
            ast::InlineExpression::Placeable { expression } => match &**expression {
                ast::Expression::Inline(i) => self.selector(i),
                ast::Expression::Select { .. } => {
                    (Selector::Other, self.index.location(self.file, 0))
                }
            },
        }
    }

    /// An inline expression; `shown` when it is a placeable's whole content, so that a string
    /// literal is text readers see rather than an argument.
    fn inline(&self, i: &ast::InlineExpression<&str>, part: &mut Part, shown: bool) {
        match i {
            ast::InlineExpression::StringLiteral { value } if shown => self.text(value, part),
            ast::InlineExpression::StringLiteral { .. } => {}
            ast::InlineExpression::NumberLiteral { value } if shown => part.text.push_str(value),
            ast::InlineExpression::NumberLiteral { .. } => {}
            ast::InlineExpression::VariableReference { id } => {
                let at = self.at(id.name, 1);
                part.variables.entry(id.name.to_string()).or_insert(at);
            }
            ast::InlineExpression::MessageReference { id, attribute } => {
                let key = match attribute {
                    Some(a) => format!("{}.{}", id.name, a.name),
                    None => id.name.to_string(),
                };
                part.references.push((key, self.at(id.name, 0)));
            }
            ast::InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                let key = match attribute {
                    Some(a) => format!("-{}.{}", id.name, a.name),
                    None => format!("-{}", id.name),
                };
                part.references.push((key, self.at(id.name, 1)));
                // Named arguments of a term (`case: "gen"`) are the term's parameters, not
                // variables of the message and not text.
                if let Some(args) = arguments {
                    for a in &args.positional {
                        self.inline(a, part, false);
                    }
                    for a in &args.named {
                        self.inline(&a.value, part, false);
                    }
                }
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    self.inline(a, part, false);
                }
                for a in &arguments.named {
                    self.inline(&a.value, part, false);
                }
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression, part),
        }
    }
}

/// The code and tag of the pseudo-language of `build --pseudo` (the tag CLDR reserves for
/// accented pseudo-English).
pub const PSEUDO: &str = "en-XA";

/// Adds the pseudo-language: the source language's strings, accented and lengthened, so
/// hard-coded text (left plain) and layouts that break on long words show at a glance.
pub fn add_pseudo_language(config: &mut crate::project::Config, files: &mut Vec<LocaleFile>) {
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
pub fn pseudo(text: &str) -> std::borrow::Cow<'_, str> {
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

/// The separator a language writes between groups of three digits, when site.toml does not say.
fn default_separator(tag: &str) -> &'static str {
    let language = tag.split(['-', '_']).next().unwrap_or("");
    match language {
        "en" | "he" | "ja" | "ko" | "zh" | "th" => ",",
        "de" | "tr" | "it" | "nl" | "da" | "id" | "ro" | "el" => ".",
        "fr" => "\u{202f}",
        "uk" | "ru" | "be" | "pl" | "cs" | "sk" | "bg" | "fi" | "sv" | "nb" | "lt" | "lv"
        | "et" | "hu" | "kk" => "\u{a0}",
        _ => "",
    }
}

/// fluent-bundle's formatter hook is a plain `fn` pointer (no captured state), so each separator
/// gets its own monomorphized function.
fn number_formatter(sep: &str) -> fn(&FluentValue, &Memoizer) -> Option<String> {
    match sep {
        "," => format_number::<','>,
        "." => format_number::<'.'>,
        " " | "\u{a0}" => format_number::<'\u{a0}'>,
        "\u{202f}" => format_number::<'\u{202f}'>,
        "'" => format_number::<'\''>,
        _ => format_number::<'\0'>,
    }
}

fn format_number<const SEP: char>(value: &FluentValue, _: &Memoizer) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e15 => {
            Some(group_digits(n.value as i64, SEP))
        }
        _ => None,
    }
}

/// `1600000` → `1 600 000` with `sep`; `'\0'` means no grouping. Four-digit numbers stay whole
/// when the separator is a space, as uk, pl and fr write them (`2025`, `8000`).
pub fn group_digits(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let min_digits = if sep == '\u{a0}' || sep == '\u{202f}' {
        5
    } else {
        4
    };
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    if sep == '\0' || digits.len() < min_digits {
        out.push_str(&digits);
        return out;
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A translator's copy of a source `.ftl` file: comments kept, every message commented out with
/// its source text, to be uncommented and translated one by one.
pub fn scaffold_ftl(source_text: &str, source_lang: &str) -> String {
    let mut out = format!(
        "### To translate a message, remove the \"# \" in front of its lines and replace the {source_lang} text\n\
         ### after \"=\". Keep the id before \"=\", every {{ $variable }} and the [variant] names.\n\
         ### Messages left commented out are shown in a fallback language; `zaklyk check` lists them.\n\n"
    );
    for line in source_text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            out.push_str(line);
        } else {
            out.push_str("# ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
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

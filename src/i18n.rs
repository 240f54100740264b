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
//! Alongside the bundles it keeps lint data per message (where it is, its `$variables`, its
//! references, its plural selectors), which fluent-syntax's position-less AST does not offer.

use crate::diag::{Diagnostic, LineIndex, Location, Report};
use crate::project::Config;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use unic_langid::LanguageIdentifier;

type Bundle = fluent_bundle::concurrent::FluentBundle<FluentResource>;
type Memoizer = intl_memoizer::concurrent::IntlLangMemoizer;

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// A tag that is not valid BCP 47.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidTag;

/// The script direction CLDR gives a BCP 47 tag.
pub fn direction_of(tag: &str) -> Result<Direction, InvalidTag> {
    let id: LanguageIdentifier = tag.parse().map_err(|_| InvalidTag)?;
    Ok(match id.character_direction() {
        unic_langid::CharacterDirection::RTL => Direction::Rtl,
        _ => Direction::Ltr,
    })
}

/// Whether CLDR (as shipped in intl_pluralrules) has cardinal plural rules for this tag's language.
pub fn has_plural_rules(tag: &str) -> bool {
    let Ok(id) = tag.parse::<LanguageIdentifier>() else {
        return false;
    };
    PluralRules::get_locales(PluralRuleType::CARDINAL)
        .iter()
        .any(|l| l.language == id.language)
}

/// The plural categories a language distinguishes, found by asking its rules about a spread of
/// integers and decimals (`uk`: one, few, many, other).
pub fn plural_categories(tag: &str) -> Vec<&'static str> {
    let Ok(id) = tag.parse::<LanguageIdentifier>() else {
        return vec!["other"];
    };
    let Ok(rules) = PluralRules::create(id, PluralRuleType::CARDINAL) else {
        return vec!["other"];
    };
    let mut found = BTreeSet::new();
    for n in 0..=1000u32 {
        for sample in [n.to_string(), format!("{n}.5"), format!("{n}.0")] {
            if let Ok(c) = rules.select(sample.as_str()) {
                found.insert(category_name(c));
            }
        }
    }
    let order = ["zero", "one", "two", "few", "many", "other"];
    order.into_iter().filter(|c| found.contains(c)).collect()
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

/// The plural category a number takes in a language, as the bundles select it.
pub fn plural_category(tag: &str, n: f64) -> &'static str {
    let Ok(id) = tag.parse::<LanguageIdentifier>() else {
        return "other";
    };
    let lookup = if has_plural_rules(tag) {
        id
    } else {
        "en".parse().expect("valid tag")
    };
    match PluralRules::create(lookup, PluralRuleType::CARDINAL).and_then(|r| r.select(n)) {
        Ok(c) => category_name(c),
        Err(_) => "other",
    }
}

/// One `.ftl` file as read from disk.
#[derive(Debug, Clone)]
pub struct LocaleFile {
    pub lang: String,
    /// Path as shown in messages (`locales/uk/main.ftl`).
    pub path: String,
    pub text: String,
}

/// What check needs to know about one message or term, without re-parsing.
#[derive(Debug, Clone, Default)]
pub struct MessageInfo {
    /// `id` for messages, `-id` for terms.
    pub id: String,
    pub file: String,
    /// Byte offset of the id in `file`.
    pub offset: usize,
    pub location: Option<Location>,
    pub has_value: bool,
    pub attributes: Vec<String>,
    pub variables: BTreeSet<String>,
    /// Referenced messages (`id`, `id.attr`) and terms (`-id`).
    pub references: BTreeSet<String>,
    /// For each `{ $var -> ... }` select: the variant keys and whether one is the default.
    pub selects: Vec<Select>,
    /// The whole value is blank.
    pub empty: bool,
    /// The literal text of the value and attributes, for lint.
    pub text: String,
    /// Hash of the entry as written (id, value, attributes; not its comments): what a
    /// translation records as the source it was made from.
    pub entry_hash: String,
    /// The source hash recorded in a `# source: …` comment line right above the entry.
    pub recorded_source: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Select {
    pub selector: String,
    pub keys: Vec<String>,
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

/// A formatted string and the language whose bundle produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub text: String,
    pub lang: String,
}

/// Why a string could not be produced.
#[derive(Debug, Clone, PartialEq)]
pub enum TrError {
    /// No bundle along the chain has the message (or the attribute).
    Missing { key: String, tried: Vec<String> },
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
    chains: BTreeMap<String, Vec<String>>,
    /// Per language: every message and term in file order.
    pub messages: BTreeMap<String, Vec<MessageInfo>>,
    /// Per language: the CLDR locale whose plural rules apply.
    pub plural_locale: BTreeMap<String, String>,
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
        for lang in &config.languages {
            let own: LanguageIdentifier = lang.tag.parse().unwrap_or_default();
            let rules_tag = match &lang.plural_rules {
                Some(p) => p.clone(),
                None => {
                    if !has_plural_rules(&lang.tag) {
                        report.push(
                            Diagnostic::warning(
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
            for file in files.iter().filter(|f| f.lang == lang.code) {
                let resource = match FluentResource::try_new(file.text.clone()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            let offset = syntax_error_offset(
                                &file.text,
                                e.pos.start,
                                e.slice.as_ref().map(|s| s.start),
                            );
                            report.push(
                                Diagnostic::error(Location::at(&file.path, &file.text, offset), format!("Fluent syntax error: {}", e.kind))
                                    .with_help("check the line against TRANSLATING.md: `id = text`, continuation lines indented, braces balanced"),
                            );
                        }
                        r
                    }
                };
                let offsets = entry_offsets(&file.text);
                let index = LineIndex::new(&file.text);
                for entry in resource.entries() {
                    if let Some(mut info) = message_info(entry) {
                        info.file = file.path.clone();
                        let nth = infos
                            .iter()
                            .filter(|i| i.id == info.id && i.file == file.path)
                            .count();
                        info.offset = offsets
                            .iter()
                            .filter(|(id, _)| *id == info.id)
                            .nth(nth)
                            .map_or(0, |(_, o)| *o);
                        info.location = Some(index.location(&file.path, info.offset));
                        let next = offsets
                            .iter()
                            .map(|(_, o)| *o)
                            .find(|o| *o > info.offset)
                            .unwrap_or(file.text.len());
                        info.entry_hash =
                            crate::digest::text_hash(&entry_text(&file.text[info.offset..next]));
                        info.recorded_source = recorded_source(&file.text[..info.offset]);
                        infos.push(info);
                    }
                }
                if let Err(errors) = bundle.add_resource(resource) {
                    // Duplicates are reported below from our own scan, which knows where they are.
                    debug_assert!(errors
                        .iter()
                        .all(|e| matches!(e, FluentError::Overriding { .. })));
                }
            }
            for info in &infos {
                let lower = info.text.to_ascii_lowercase();
                let markup = [
                    "<script",
                    "<iframe",
                    "<img",
                    "<link",
                    "<style",
                    "<object",
                    "<embed",
                    "<form",
                    "javascript:",
                ];
                if let Some(m) = markup.iter().find(|m| lower.contains(*m)) {
                    report.push(
                        Diagnostic::error(info.location.clone().unwrap_or_else(|| Location::file(&info.file)), format!("`{}` contains `{m}`: translations are plain text", info.id))
                            .with_help("markup in a translation is shown to readers as text, never run; remove it"),
                    );
                }
            }
            let mut seen = BTreeMap::new();
            for info in &infos {
                if let Some(first) = seen.insert(info.id.clone(), info.location.clone()) {
                    let first = first.map(|l| l.to_string()).unwrap_or_default();
                    report.push(
                        Diagnostic::error(
                            info.location
                                .clone()
                                .unwrap_or_else(|| Location::file(&info.file)),
                            format!("`{}` is defined more than once", info.id),
                        )
                        .with_help(format!(
                            "the first definition, at {first}, is the one used; remove one of them"
                        )),
                    );
                }
            }
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
                chains,
                messages,
                plural_locale,
            },
            report,
        )
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
        let chain = self
            .chains
            .get(lang)
            .cloned()
            .unwrap_or_else(|| vec![lang.to_string()]);
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
            let fluent_args = fluent_args(code);
            let mut errors = Vec::new();
            let text = bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned();
            if !errors.is_empty() {
                let id = key.split('.').next().unwrap_or(key);
                let location = self
                    .messages
                    .get(code)
                    .and_then(|ms| ms.iter().find(|m| m.id == id))
                    .and_then(|m| m.location.clone())
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
            });
        }
        Err(TrError::Missing {
            key: key.to_string(),
            tried: chain,
        })
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
                fluent_bundle::resolver::ResolverError::Reference(_)
                    if text.contains("variable") =>
                {
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

fn message_info(entry: &ast::Entry<&str>) -> Option<MessageInfo> {
    let (id, value, attributes) = match entry {
        ast::Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
        ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
        _ => return None,
    };
    let mut info = MessageInfo {
        id,
        has_value: value.is_some(),
        ..Default::default()
    };
    let mut text = String::new();
    if let Some(v) = value {
        walk_pattern(v, &mut info, &mut text);
    }
    for a in attributes {
        info.attributes.push(a.id.name.to_string());
        walk_pattern(&a.value, &mut info, &mut text);
    }
    info.text = text.clone();
    info.empty = value.is_some()
        && text.trim().is_empty()
        && info.variables.is_empty()
        && info.references.is_empty()
        && info.selects.is_empty();
    Some(info)
}

fn walk_pattern(p: &ast::Pattern<&str>, info: &mut MessageInfo, text: &mut String) {
    for el in &p.elements {
        match el {
            ast::PatternElement::TextElement { value } => text.push_str(value),
            ast::PatternElement::Placeable { expression } => {
                walk_expression(expression, info, text)
            }
        }
    }
}

fn walk_expression(e: &ast::Expression<&str>, info: &mut MessageInfo, text: &mut String) {
    match e {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, info, text);
            let selector_name = match selector {
                ast::InlineExpression::VariableReference { id } => format!("${}", id.name),
                _ => String::new(),
            };
            let mut keys = Vec::new();
            for v in variants {
                let key = match &v.key {
                    ast::VariantKey::Identifier { name } => name.to_string(),
                    ast::VariantKey::NumberLiteral { value } => value.to_string(),
                };
                keys.push(if v.default { format!("*{key}") } else { key });
                walk_pattern(&v.value, info, text);
            }
            info.selects.push(Select {
                selector: selector_name,
                keys,
            });
        }
        ast::Expression::Inline(i) => walk_inline(i, info, text),
    }
}

fn walk_inline(i: &ast::InlineExpression<&str>, info: &mut MessageInfo, text: &mut String) {
    match i {
        ast::InlineExpression::StringLiteral { value } => text.push_str(value),
        ast::InlineExpression::NumberLiteral { value } => text.push_str(value),
        ast::InlineExpression::VariableReference { id } => {
            info.variables.insert(id.name.to_string());
        }
        ast::InlineExpression::MessageReference { id, attribute } => {
            let key = match attribute {
                Some(a) => format!("{}.{}", id.name, a.name),
                None => id.name.to_string(),
            };
            info.references.insert(key);
        }
        ast::InlineExpression::TermReference { id, arguments, .. } => {
            info.references.insert(format!("-{}", id.name));
            if let Some(args) = arguments {
                for a in &args.positional {
                    walk_inline(a, info, text);
                }
                for a in &args.named {
                    walk_inline(&a.value, info, text);
                }
            }
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                walk_inline(a, info, text);
            }
            for a in &arguments.named {
                walk_inline(&a.value, info, text);
            }
        }
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, info, text),
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

/// Separators zaklyk can group digits with; `site.toml` may name any of them.
pub const DIGIT_SEPARATORS: [&str; 6] = [",", ".", "\u{a0}", "\u{202f}", "'", ""];

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
        assert_eq!(plural_categories("tr"), ["one", "other"]);
        assert_eq!(plural_categories("uk"), ["one", "few", "many", "other"]);
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
                lang: "uk".into()
            }
        );
        assert_eq!(l.tr("crh", "bye", &[]).unwrap().lang, "en");
        let missing = l.tr("crh", "nope", &[]).unwrap_err();
        assert_eq!(missing.message(), "no translation of `nope` in crh, uk, en");
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
        let (l, _) = locales(&[("en", "# c\n-brand = Z\nm = { -brand } { other } { $count ->\n   [one] one\n  *[other] { $n }\n}\n    .title = T\nempty = { \"\" }\n")]);
        let ms = &l.messages["en"];
        assert_eq!(ms[0].id, "-brand");
        let m = &ms[1];
        assert_eq!(m.id, "m");
        assert_eq!(m.location.as_ref().unwrap().line, 3);
        assert_eq!(
            m.variables,
            BTreeSet::from(["count".to_string(), "n".to_string()])
        );
        assert_eq!(
            m.references,
            BTreeSet::from(["-brand".to_string(), "other".to_string()])
        );
        assert_eq!(m.attributes, ["title"]);
        assert_eq!(m.selects[0].keys, ["one", "*other"]);
        assert!(ms[2].empty);
    }

    /// The count line of this repository's own site, with its real Fluent files and site.toml.
    #[test]
    fn the_sites_count_lines_use_each_languages_plural_forms() {
        let config = Config::parse(include_str!("../site.toml")).unwrap();
        let files: Vec<LocaleFile> = [
            ("uk", include_str!("../locales/uk/theme.ftl")),
            ("crh", include_str!("../locales/crh/theme.ftl")),
            ("pl", include_str!("../locales/pl/theme.ftl")),
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
        assert_eq!(l.plural_locale["crh"], "tr");
        assert_eq!(plural_category("tr", 1.0), "one");
        assert_eq!(plural_category("tr", 21.0), "other");
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

    #[test]
    fn directions_come_from_the_tag() {
        assert_eq!(direction_of("he"), Ok(Direction::Rtl));
        assert_eq!(direction_of("ar"), Ok(Direction::Rtl));
        assert_eq!(direction_of("crh-Latn"), Ok(Direction::Ltr));
        assert!(direction_of("not a tag").is_err());
    }
}

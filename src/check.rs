//! Checks that need the whole site: links against the rendered output, and every translation
//! against the source language. Pure functions from data to diagnostics.
//!
//! The translation lint goes beyond what a build needs, because a translator's mistake often
//! renders without failing: a dropped `$count`, a plural select without the `few` form, a page
//! still in English, a translation made from a text that has since changed. Each finding names
//! the file and line to fix. Severity follows what a reader would see: something that renders
//! wrongly or fails is an error; something that falls back or may be stale is a warning
//! (`--strict` turns those into errors for a release).

use crate::diag::{Code, Diagnostic, Location};
use crate::i18n::{self, Locales, MessageInfo, Part, Selector};
use crate::markdown;
use crate::model::Site;
use crate::output::Output;
use crate::render::PageLink;
use std::collections::{BTreeMap, BTreeSet};

/// Every content link must lead to a file of the output, and its `#anchor` to an id in it.
pub fn links(output: &Output, links: &[PageLink]) -> Vec<Diagnostic> {
    links_in(|path| output.get(path), links)
}

/// [`links`] against any way of looking up an output file (`serve` keeps its files shared).
pub fn links_in<'a>(
    lookup: impl Fn(&str) -> Option<&'a [u8]>,
    links: &[PageLink],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for link in links {
        let href = link.href.as_str();
        let written = link.written.as_str();
        // Other sites, and schemes (mailto:, tel:, javascript: — the last refused by the Markdown stage).
        let scheme = href
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'));
        if scheme || href.starts_with("//") {
            continue;
        }
        let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
        let file = file.split('?').next().unwrap_or("");
        let target = if file.is_empty() {
            Some(link.from.clone())
        } else {
            resolve_relative(&link.from, file)
        };
        let Some(target) = target else {
            out.push(Diagnostic::new(
                Code::LinkOutside,
                link.location.clone(),
                format!("link `{written}` leaves the site"),
            ));
            continue;
        };
        let Some(bytes) = lookup(&target) else {
            out.push(
                Diagnostic::new(Code::LinkBroken, link.location.clone(), format!("link `{written}` points to `{target}`, which the site does not have"))
                    .with_help("link to other pages as @/<slug>.md; a relative link must name a file (…/index.html), not a folder"),
            );
            continue;
        };
        if !fragment.is_empty() && !has_id(bytes, fragment) {
            out.push(Diagnostic::new(
                Code::LinkAnchor,
                link.location.clone(),
                format!("link `{written}`: `{target}` has no element with id `{fragment}`"),
            ));
        }
    }
    out
}

/// `from` and the result are output paths; `None` when `to` climbs above the output root.
fn resolve_relative(from: &str, to: &str) -> Option<String> {
    if to.starts_with('/') {
        return Some(to.trim_start_matches('/').to_string());
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in to.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn has_id(html: &[u8], id: &str) -> bool {
    let html = String::from_utf8_lossy(html);
    [
        format!("id={id} "),
        format!("id={id}>"),
        format!("id=\"{id}\""),
        format!("id='{id}'"),
    ]
    .iter()
    .any(|p| html.contains(p.as_str()))
}

/// Every translation compared with the source language: Fluent messages, plural forms, pages,
/// demands and freshness.
pub fn translations(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let source = site.config.source_language.as_str();
    for lang in site.config.languages.iter().filter(|l| l.code != source) {
        messages(site, locales, &lang.code, &mut out);
        pages(site, &lang.code, &mut out);
    }
    for lang in &site.config.languages {
        references(locales, &lang.code, &mut out);
        plurals(locales, &lang.code, &mut out);
    }
    out
}

/// The first definition of each id (the one Fluent uses).
fn by_id(list: &[MessageInfo]) -> BTreeMap<&str, &MessageInfo> {
    let mut map = BTreeMap::new();
    for m in list {
        map.entry(m.id.as_str()).or_insert(m);
    }
    map
}

fn fmt_vars<'a>(vars: impl IntoIterator<Item = &'a String>) -> String {
    let list: Vec<String> = vars.into_iter().map(|v| format!("${v}")).collect();
    if list.is_empty() {
        "no variables".to_string()
    } else {
        list.join(", ")
    }
}

/// `id` or `id.attribute`: what a finding about one part of a message names.
fn part_name(m: &MessageInfo, part: &Part) -> String {
    match &part.attribute {
        Some(a) => format!("{}.{a}", m.id),
        None => m.id.clone(),
    }
}

/// Whether a translated text is still the source's: the same literal text once numbers are set
/// aside, and prose in it rather than only names (`Pages`, `The Crimean Human Rights Group`,
/// `CF East SOS` may rightly stay the same in another language; `Skip to content` may not).
pub fn same_prose(source: &str, translated: &str) -> bool {
    let normal = |t: &str| -> String {
        t.split(|c: char| c.is_whitespace() || c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = normal(translated);
    text == normal(source) && has_prose(&text)
}

/// Prose: two words or more, one of them of four letters or more that does not start with a
/// capital (not a name). A word is made of letters, `-` and apostrophes, so file names, CSS
/// (`min-width: 23em`), addresses and code are not prose.
fn has_prose(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| ".,!?…\"'“”„«»()[]".contains(c)))
        .filter(|w| {
            w.starts_with(char::is_alphabetic)
                && w.chars().all(|c| c.is_alphabetic() || "-'’".contains(c))
        })
        .collect();
    words.len() >= 2
        && words.iter().any(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && !w.starts_with(char::is_uppercase)
        })
}

/// Whether a language's own definition of `id` counts as translated: it exists and is not a copy
/// of the source's prose.
pub fn is_translated(src: &MessageInfo, own: Option<&MessageInfo>) -> bool {
    own.is_some_and(|m| !same_prose(&src.text(), &m.text()))
}

fn messages(site: &Site, locales: &Locales, lang: &str, out: &mut Vec<Diagnostic>) {
    let source_lang = site.config.source_language.as_str();
    let empty = Vec::new();
    let source = by_id(locales.messages.get(source_lang).unwrap_or(&empty));
    let own = locales.messages.get(lang).unwrap_or(&empty);
    let translated = by_id(own);
    let chain = site.chain(lang);
    let no_comments = BTreeMap::new();
    let commented = locales.commented.get(lang).unwrap_or(&no_comments);
    for (id, src) in &source {
        if translated.contains_key(id) {
            continue;
        }
        let from = chain
            .iter()
            .skip(1)
            .find(|l| locales.has_own(l, id))
            .cloned()
            .unwrap_or_else(|| source_lang.to_string());
        let (at, help) = match commented.get(*id) {
            Some(line) => (
                line.clone(),
                format!(
                    "remove the `#` at the start of its lines and translate the {source_lang} text"
                ),
            ),
            None => {
                let file_name = src.file.rsplit('/').next().unwrap_or("main.ftl");
                (
                    Location::file(format!("locales/{lang}/{file_name}")),
                    format!("translate `{id}` from {}", src.location),
                )
            }
        };
        out.push(
            Diagnostic::new(
                Code::FluentMissing,
                at,
                format!("`{id}` is not translated; readers see the {from} text"),
            )
            .with_help(help),
        );
    }
    // Every definition, the second of a duplicated id too: a translator may fix either.
    for m in own {
        let id = m.id.as_str();
        let Some(src) = source.get(id) else {
            out.push(
                Diagnostic::new(
                    Code::FluentObsolete,
                    m.location.clone(),
                    format!("`{id}` is not in the {source_lang} source; it is never used"),
                )
                .with_help("remove it, or check the id for a typo"),
            );
            continue;
        };
        if m.recorded_source
            .as_ref()
            .is_some_and(|r| *r != src.entry_hash)
        {
            out.push(
                Diagnostic::new(Code::FluentOutdated, m.location.clone(), format!("`{id}`: the {source_lang} text has changed since this was translated"))
                    .with_help(format!("compare with {}, update the translation, then run `zaklyk check --mark-current {lang}`", src.location)),
            );
        }
        if same_prose(&src.text(), &m.text()) {
            out.push(
                Diagnostic::new(
                    Code::FluentUntranslated,
                    m.location.clone(),
                    format!(
                        "`{id}` is the same as the {source_lang} text: probably not translated yet"
                    ),
                )
                .with_help("translate it; names and numbers may stay as they are"),
            );
        }
        if src.has_value && !m.has_value {
            out.push(Diagnostic::new(
                Code::FluentValueMissing,
                m.location.clone(),
                format!("`{id}` has no value, but the {source_lang} text has one"),
            ));
        }
        if m.has_value && !src.has_value {
            out.push(
                Diagnostic::new(
                    Code::FluentValueObsolete,
                    m.location.clone(),
                    format!("`{id}` has a value, but the {source_lang} text has only attributes"),
                )
                .with_help("the value is never shown; keep only the attributes"),
            );
        }
        for a in src.attributes() {
            if m.part(Some(a)).is_none() {
                out.push(
                    Diagnostic::new(Code::AttributeMissing, m.location.clone(), format!("`{id}` lacks the attribute `.{a}` of the {source_lang} text; readers see a fallback"))
                        .with_help(format!("add `    .{a} = …` under `{id}`, as at {}", src.part(Some(a)).map_or(&src.location, |p| &p.location))),
                );
            }
        }
        for (i, part) in m.parts.iter().enumerate() {
            let Some(a) = &part.attribute else { continue };
            if m.parts[..i]
                .iter()
                .any(|p| p.attribute.as_deref() == Some(a.as_str()))
            {
                continue; // reported as a duplicate attribute
            }
            let Some(src_part) = src.part(Some(a)) else {
                out.push(
                    Diagnostic::new(Code::AttributeObsolete, part.location.clone(), format!("`{id}` has an attribute `.{a}` that the {source_lang} text does not have"))
                        .with_help("remove it, or check its name for a typo"),
                );
                continue;
            };
            variables(m, part, src_part, source_lang, out);
        }
        if m.has_value && src.has_value {
            if let (Some(part), Some(src_part)) = (m.part(None), src.part(None)) {
                variables(m, part, src_part, source_lang, out);
            }
        }
    }
}

/// A translated part's `$variables` against its source's: one finding per part, however many
/// variables differ. Terms are skipped: their variables are parameters each language chooses
/// (`-brand = { $case -> … }`).
fn variables(
    m: &MessageInfo,
    part: &Part,
    src: &Part,
    source_lang: &str,
    out: &mut Vec<Diagnostic>,
) {
    if m.is_term() {
        return;
    }
    let name = part_name(m, part);
    let unknown: Vec<(&String, &Location)> = part
        .variables
        .iter()
        .filter(|(v, _)| !src.variables.contains_key(*v))
        .collect();
    let unused: Vec<&String> = src
        .variables
        .keys()
        .filter(|v| !part.variables.contains_key(*v))
        .collect();
    if let Some((_, at)) = unknown.first() {
        let help = if unused.is_empty() {
            format!(
                "variables are not translated: the {source_lang} text uses {}",
                fmt_vars(src.variables.keys())
            )
        } else {
            format!(
                "variables are not translated: did you mean {}?",
                fmt_vars(unused.iter().copied())
            )
        };
        out.push(
            Diagnostic::new(
                Code::VariableUnknown,
                (*at).clone(),
                format!(
                    "`{name}` uses {}, which the {source_lang} text does not have",
                    fmt_vars(unknown.iter().map(|(v, _)| *v))
                ),
            )
            .with_help(help),
        );
    } else if !unused.is_empty() {
        out.push(
            Diagnostic::new(Code::VariableUnused, part.location.clone(), format!("`{name}` does not use {}, which the {source_lang} text uses", fmt_vars(unused.iter().copied())))
                .with_help("a translation may leave a variable out only where the language needs no such word (a plural form that names the number)"),
        );
    }
}

/// Every reference of a language's messages (the source's too) must resolve in that language:
/// Fluent looks messages and terms up within one bundle.
fn references(locales: &Locales, lang: &str, out: &mut Vec<Diagnostic>) {
    let empty = Vec::new();
    let list = locales.messages.get(lang).unwrap_or(&empty);
    let defined = by_id(list);
    for m in list {
        for (i, part) in m.parts.iter().enumerate() {
            if let Some(a) = &part.attribute {
                if let Some(first) = m.parts[..i]
                    .iter()
                    .find(|p| p.attribute.as_deref() == Some(a.as_str()))
                {
                    out.push(
                        Diagnostic::new(
                            Code::AttributeDuplicate,
                            part.location.clone(),
                            format!("`{}` has the attribute `.{a}` twice", m.id),
                        )
                        .with_help(format!(
                            "the first, at {}, is the one used; remove one of them",
                            first.location
                        )),
                    );
                }
            }
            for (r, at) in &part.references {
                let (rid, attr) = r
                    .split_once('.')
                    .map_or((r.as_str(), None), |(a, b)| (a, Some(b)));
                let exists = defined
                    .get(rid)
                    .is_some_and(|t| attr.is_none_or(|a| t.part(Some(a)).is_some()));
                if !exists {
                    out.push(
                        Diagnostic::new(Code::ReferenceUnknown, at.clone(), format!("`{}` refers to `{r}`, which locales/{lang}/ does not define", part_name(m, part)))
                            .with_help("a reference is resolved within the same language; define it there too, or check the name for a typo"),
                    );
                }
            }
        }
    }
}

/// The plural selects of a language's messages that lack one of its CLDR categories.
pub fn plural_problems(locales: &Locales, lang: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    plurals(locales, lang, &mut out);
    out.retain(|d| d.code == Code::PluralCategoryMissing);
    out
}

/// Plural selects checked as compare-locales checks them, and duplicate variant keys.
///
/// A select is a plural when it selects on `NUMBER()` (or a number), or on a variable and one of
/// its keys is a category of the language other than `other` (Fluent matches a string selector
/// as it is, so `[one]` on a number is the only reason to write such a key). `PLATFORM()`, terms'
/// attributes, string literals and selects whose keys are only exact numbers (`[1]`) or words
/// (`[masculine]`) are not plurals. A plural must spell out every category that a whole number
/// takes in the language; the default variant, whatever its key, stands for `other` and for the
/// categories only fractions take (`other` in Ukrainian and Polish).
fn plurals(locales: &Locales, lang: &str, out: &mut Vec<Diagnostic>) {
    let rules_tag = locales
        .plural_locale
        .get(lang)
        .map(String::as_str)
        .unwrap_or(lang);
    let cardinal = i18n::plural_categories(rules_tag, false);
    let ordinal = i18n::plural_categories(rules_tag, true);
    for m in locales.messages.get(lang).into_iter().flatten() {
        for part in &m.parts {
            for select in &part.selects {
                for (i, key) in select.variants.iter().enumerate() {
                    if select.variants[..i].iter().any(|k| k.name == key.name) {
                        out.push(
                            Diagnostic::new(
                                Code::VariantDuplicate,
                                key.location.clone(),
                                format!(
                                    "`{}` has the variant [{}] twice",
                                    part_name(m, part),
                                    key.name
                                ),
                            )
                            .with_help("the first is the one used; remove or rename one of them"),
                        );
                    }
                }
                let keys: BTreeSet<&str> =
                    select.variants.iter().map(|k| k.name.as_str()).collect();
                let categories = match &select.selector {
                    Selector::Number { ordinal: true } => &ordinal,
                    Selector::Number { ordinal: false } => &cardinal,
                    Selector::Variable(_)
                        if cardinal
                            .all
                            .iter()
                            .any(|c| *c != "other" && keys.contains(c)) =>
                    {
                        &cardinal
                    }
                    _ => continue,
                };
                let missing: Vec<&str> = categories
                    .integers
                    .iter()
                    .copied()
                    .filter(|c| *c != "other" && !keys.contains(c))
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Code::PluralCategoryMissing,
                        select.location.clone(),
                        format!(
                            "the plural forms of `{}` on {} lack `{}`",
                            part_name(m, part),
                            select.selector_text(),
                            missing.join("`, `")
                        ),
                    )
                    .with_help(format!(
                        "whole numbers in {lang} take the forms {}; add a [{}] variant",
                        categories.integers.join(", "),
                        missing[0]
                    )),
                );
            }
        }
    }
}

fn pages(site: &Site, lang: &str, out: &mut Vec<Diagnostic>) {
    let source_lang = site.config.source_language.as_str();
    for src in site.sources.iter().filter(|p| p.lang == source_lang) {
        let path = format!("content/{lang}/{}.md", src.slug);
        let Some(own) = site.own_file(lang, &src.slug) else {
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
        freshness(
            site.page_outdated(own),
            own.file.text[own.body.clone()] == src.file.text[src.body.clone()],
            top,
            &src.file.path,
            lang,
            out,
        );
    }
    let (Some(src), Some(own)) = (site.demands.get(source_lang), site.demands.get(lang)) else {
        if site.demands.contains_key(source_lang) {
            out.push(Diagnostic::new(
                Code::DemandsUntranslated,
                Location::file(format!("content/{lang}/demands.md")),
                "the demands are not translated; readers see them in another language",
            ));
        }
        return;
    };
    let numbers = |d: &crate::content::DemandsSource| {
        let none = |_: &str| None;
        let input = markdown::Input {
            file: &d.file.path,
            text: &d.file.text,
            region: d.body.clone(),
            allow_html: true,
            allowed_origins: &[],
            resolve: &none,
        };
        markdown::ordered_items(&input)
            .0
            .into_iter()
            .map(|i| (i.number, i.location))
            .collect::<Vec<_>>()
    };
    let (want, got) = (numbers(src), numbers(own));
    let want_set: BTreeSet<u32> = want.iter().map(|(n, _)| *n).collect();
    let mut seen = BTreeSet::new();
    for (n, location) in &got {
        if !seen.insert(*n) {
            out.push(Diagnostic::new(
                Code::DemandNumbering,
                location.clone(),
                format!("demand {n} appears twice; demand-{n} must be one demand"),
            ));
        } else if !want_set.contains(n) {
            out.push(Diagnostic::new(
                Code::DemandNumbering,
                location.clone(),
                format!(
                    "demand {n} is not in the {source_lang} text, which has demands {}",
                    range_text(&want_set)
                ),
            ));
        }
    }
    let missing: Vec<String> = want_set
        .difference(&seen)
        .map(|n| format!("demand-{n}"))
        .collect();
    if !missing.is_empty() {
        out.push(
            Diagnostic::new(Code::DemandMissing, Location::at(&own.file.path, &own.file.text, own.body.start), format!("{} missing: the {source_lang} text has demands {}", missing.join(", "), range_text(&want_set)))
                .with_help("every language must have every demand, with the same number, so that #demand-N links work in all of them"),
        );
    }
    freshness(
        site.demands_outdated(own),
        own.file.text[own.body.clone()] == src.file.text[src.body.clone()],
        Location::at(&own.file.path, &own.file.text, 0),
        &src.file.path,
        lang,
        out,
    );
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
        out.push(Diagnostic::new(
            Code::PageUntranslated,
            at,
            format!("the text is the same as {source_path}: not translated yet"),
        ));
        return;
    }
    match outdated {
        Some(true) => out.push(
            Diagnostic::new(Code::PageOutdated, at, format!("{source_path} has changed since this translation was made"))
                .with_help(format!("update the translation, then run `zaklyk check --mark-current {lang}` to record it as current")),
        ),
        Some(false) => {}
        None => out.push(
            Diagnostic::new(Code::PageUnmarked, at, "no `source_hash`: whether this translation is current cannot be checked")
                .with_help(format!("once it matches {source_path}, run `zaklyk check --mark-current {lang}`")),
        ),
    }
}

fn range_text(numbers: &BTreeSet<u32>) -> String {
    match (numbers.first(), numbers.last()) {
        (Some(a), Some(b)) if (*b - *a) as usize + 1 == numbers.len() => format!("{a}–{b}"),
        _ => numbers
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::LocaleFile;
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
        all.extend(translations(&site, &locales));
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
        assert!(same_prose(
            "Joint statement of organisations",
            "Joint statement of organisations"
        ));
        assert!(!same_prose("Skip to content", "Перейти до змісту"));
        assert!(!same_prose("", ""));
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

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
//! Long because every rule over the sources is here, each in a short function, and they share the
//! helpers that compare a translation with its source.

use crate::content::PageSource;
use crate::diag::{Code, Diagnostic, Location};
use crate::i18n::{self, Locales, MessageInfo, Part, Selector};
use crate::markdown::{self, DEMANDS_SLOT};
use crate::model::Site;
use crate::output::Output;
use crate::output::PageLink;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Every content link must lead to a file of the output, and its `#anchor` to an id in it.
pub fn links(output: &Output, links: &[PageLink]) -> Vec<Diagnostic> {
    links_in(|path| output.get(path), links)
}

/// [`links`] against any way of looking up an output file (`serve` keeps its files shared).
pub(crate) fn links_in<'a>(
    lookup: impl Fn(&str) -> Option<&'a [u8]>,
    links: &[PageLink],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The ids of each target, read once: a page with a hundred thousand links to anchors costs
    // one pass over each page it links to.
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
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
        let mut has_id = || {
            ids.entry(target.clone())
                .or_insert_with(|| ids_of(bytes))
                .contains(fragment)
        };
        if !fragment.is_empty() && !has_id() {
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

/// The values of every `id` attribute of a page, quoted or not (minified pages leave quotes out).
fn ids_of(html: &[u8]) -> HashSet<String> {
    let mut out = HashSet::new();
    for i in memchr::memmem::find_iter(html, b"id=") {
        // An attribute of its own (`data-id=` is not one).
        if !i
            .checked_sub(1)
            .is_some_and(|b| html[b].is_ascii_whitespace())
        {
            continue;
        }
        let rest = &html[i + 3..];
        let value = match rest.first() {
            Some(&q @ (b'"' | b'\'')) => rest[1..].split(|&c| c == q).next(),
            _ => rest.split(|&c| c.is_ascii_whitespace() || c == b'>').next(),
        };
        if let Some(value) = value {
            out.insert(String::from_utf8_lossy(value).into_owned());
        }
    }
    out
}

/// Every translation compared with the source language: Fluent messages, plural forms, pages,
/// demands and freshness.
pub fn translations(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let source = site.config.source_language.as_str();
    // The pseudo-language is the source, accented: nothing of it is translated.
    let checked = || {
        site.config
            .languages
            .iter()
            .filter(|l| l.code != i18n::PSEUDO)
    };
    source_demands(site, &mut out);
    for lang in checked().filter(|l| l.code != source) {
        messages(site, locales, &lang.code, &mut out);
        pages(site, &lang.code, &mut out);
    }
    for lang in checked() {
        references(locales, &lang.code, &mut out);
        plurals(locales, &lang.code, &mut out);
    }
    out
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

/// Whether a translation is still its source's text, for every kind of translated text (Fluent
/// messages, pages, demands): the same words once numbers, punctuation, spacing and tags (`<…>`)
/// are set aside, and prose among them rather than only names (`Pages`, `The Crimean Human Rights
/// Group`, `CF East SOS`, `OSCE, 2025` may rightly stay the same in another language; `Skip to
/// content` may not). Compared word by word without allocating: it runs over every page.
pub(crate) fn same_text(translated: &str, source: &str) -> bool {
    words(translated).eq(words(source)) && has_prose(translated)
}

/// The words of a text, tags (`<…>`) left out: runs of letters.
fn words(html: &str) -> impl Iterator<Item = &str> {
    outside_tags(html, |c| !c.is_alphabetic())
}

/// The pieces of `html` between separators (`sep`) and tags.
fn outside_tags(html: &str, sep: impl Fn(char) -> bool) -> impl Iterator<Item = &str> {
    let mut in_tag = false;
    html.split(move |c: char| {
        let boundary = in_tag || c == '<' || sep(c);
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        boundary
    })
    .filter(|w| !w.is_empty())
}

/// Prose: two words or more, one of them of four letters or more that does not start with a
/// capital (not a name). A word is made of letters, `-` and apostrophes, so file names, CSS
/// (`min-width: 23em`), addresses and code are not prose.
fn has_prose(text: &str) -> bool {
    let (mut count, mut lowercase_long) = (0, false);
    for token in outside_tags(text, char::is_whitespace) {
        let w = token.trim_matches(|c: char| ".,;!?…\"'“”„«»()[]".contains(c));
        if !(w.starts_with(char::is_alphabetic)
            && w.chars().all(|c| c.is_alphabetic() || "-'’".contains(c)))
        {
            continue;
        }
        count += 1;
        lowercase_long |= w.chars().filter(|c| c.is_alphabetic()).count() >= 4
            && !w.starts_with(char::is_uppercase);
        if count >= 2 && lowercase_long {
            return true;
        }
    }
    false
}

/// Whether a language's own definition of `id` counts as translated: it exists and is not a copy
/// of the source's prose.
pub(crate) fn is_translated(src: &MessageInfo, own: Option<&MessageInfo>) -> bool {
    own.is_some_and(|m| !same_text(&m.text(), &src.text()))
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
                    .with_help(format!("compare with {}, update the translation, then run `zaklyk check --mark-current {lang} --message {id}`", src.location)),
            );
        }
        if same_text(&m.text(), &src.text()) {
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
pub(crate) fn plural_problems(locales: &Locales, lang: &str) -> Vec<Diagnostic> {
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
    let cardinal = crate::language::plural_categories(rules_tag, false);
    let ordinal = crate::language::plural_categories(rules_tag, true);
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

/// Where the statement of the source language places the demands (`<!-- demands -->`), a
/// translation must too, or its demands end up after the whole text.
fn demands_slot(site: &Site, src: &PageSource, own: &PageSource, out: &mut Vec<Diagnostic>) {
    let Some(source_slot) = slot_offset(src) else {
        return;
    };
    if slot_offset(own).is_some() {
        return;
    }
    let body = &own.file.text[own.body.clone()];
    let first_text = own.body.start + (body.len() - body.trim_start().len());
    out.push(
        Diagnostic::new(
            Code::DemandsMarkerMissing,
            Location::at(&own.file.path, &own.file.text, first_text),
            format!("the statement has no `{DEMANDS_SLOT}` line; its demands are shown after the whole text"),
        )
        .with_help(format!(
            "the {} text has it at {}: put `{DEMANDS_SLOT}` on a line of its own where the demands go",
            site.config.source_language,
            Location::at(&src.file.path, &src.file.text, source_slot)
        )),
    );
}

/// The byte offset of the `<!-- demands -->` line of a page, if it has one that Markdown keeps
/// (not, say, inside a code block).
fn slot_offset(page: &PageSource) -> Option<usize> {
    let none = |_: &str| None;
    let input = markdown::Input {
        file: &page.file.path,
        text: &page.file.text,
        region: page.body.clone(),
        allow_html: true,
        scope: &crate::origins::Scope::default(),
        resolve: &none,
    };
    if !markdown::render(&input).0.html.contains(DEMANDS_SLOT) {
        return None;
    }
    let mut offset = page.body.start;
    for line in page.file.text[page.body.clone()].split_inclusive('\n') {
        if line.trim() == DEMANDS_SLOT {
            return Some(offset + (line.len() - line.trim_start().len()));
        }
        offset += line.len();
    }
    Some(page.body.start)
}

/// What is wrong with the numbers of a `demands.md`, each finding at the index of the item that
/// holds it. The numbers are the demands' ids (`#demand-3`), the same in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Numbering {
    /// The item stands where demand `belongs` does, but carries another number.
    Misnumbered {
        at: usize,
        written: u32,
        belongs: u32,
    },
    /// A number that an earlier item has already.
    Duplicate { at: usize, number: u32 },
    /// Demands the list skips before this item (which is `before`).
    Missing {
        at: usize,
        numbers: Vec<u32>,
        before: u32,
    },
    /// A number the source does not have.
    NotInSource { at: usize, number: u32 },
    /// An item that is not in the order of the source.
    OutOfOrder { at: usize, number: u32 },
}

/// Compares the numbers written in a list with the numbers it should have (`expected`, in
/// order): one finding per mistake, at the item that holds it, and the expected numbers the
/// list ends without. A demand renumbered from 3 to 4 is one mistake (this item should be 3),
/// not two (a 4 too many and a 3 missing).
fn numbering(written: &[u32], expected: &[u32]) -> (Vec<Numbering>, Vec<u32>) {
    let mut found = Vec::new();
    let mut accounted = vec![false; expected.len()];
    let position = |n: u32| expected.iter().position(|&e| e == n);
    let mut e = 0;
    for (at, &n) in written.iter().enumerate() {
        while e < expected.len() && accounted[e] {
            e += 1;
        }
        let wanted = expected.get(e).copied();
        if wanted == Some(n) {
            accounted[e] = true;
            continue;
        }
        let next = written.get(at + 1).copied();
        let p = position(n);
        let unusable = p.is_none_or(|p| accounted[p]);
        let resumes = next.is_some() && next == expected.get(e + 1).copied();
        match (wanted, p) {
            (Some(belongs), _) if resumes || (next.is_none() && unusable) => {
                found.push(Numbering::Misnumbered {
                    at,
                    written: n,
                    belongs,
                });
                accounted[e] = true;
            }
            (_, Some(p)) if accounted[p] => found.push(Numbering::Duplicate { at, number: n }),
            (_, None) => found.push(Numbering::NotInSource { at, number: n }),
            (Some(wanted), Some(p)) if p > e && !written[at + 1..].contains(&wanted) => {
                found.push(Numbering::Missing {
                    at,
                    numbers: expected[e..p]
                        .iter()
                        .zip(&accounted[e..p])
                        .filter(|(_, done)| !**done)
                        .map(|(n, _)| *n)
                        .collect(),
                    before: n,
                });
                accounted[e..=p].iter_mut().for_each(|a| *a = true);
            }
            (_, Some(p)) => {
                found.push(Numbering::OutOfOrder { at, number: n });
                accounted[p] = true;
            }
        }
    }
    let lacking = expected
        .iter()
        .zip(&accounted)
        .filter(|(_, done)| !**done)
        .map(|(n, _)| *n)
        .collect();
    (found, lacking)
}

/// The demands of the source language must be numbered 1, 2, 3, … without gaps or repeats:
/// the numbers are the ids every language shares.
fn source_demands(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(src) = site.demands.get(&site.config.source_language) else {
        return;
    };
    let written: Vec<u32> = src.items.iter().map(|i| i.number).collect();
    let last = written
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(written.len() as u32);
    let expected: Vec<u32> = (1..=last).collect();
    let (found, _) = numbering(&written, &expected);
    let help = "the demands are numbered 1, 2, 3, … in order: the number is the demand's address (#demand-N) in every language";
    for f in found {
        let d = match f {
            Numbering::Misnumbered {
                at,
                written,
                belongs,
            } => Diagnostic::new(
                Code::DemandNumbering,
                src.items[at].location.clone(),
                format!("this demand is numbered {written}, but it is demand {belongs}"),
            ),
            Numbering::Duplicate { at, number } => Diagnostic::new(
                Code::DemandNumbering,
                src.items[at].location.clone(),
                format!("demand {number} appears twice"),
            ),
            Numbering::Missing {
                at,
                numbers,
                before,
            } => Diagnostic::new(
                Code::DemandNumbering,
                src.items[at].location.clone(),
                format!(
                    "the numbers jump to {before}: {} would be missing",
                    demand_list(&numbers)
                ),
            ),
            Numbering::NotInSource { at, number } | Numbering::OutOfOrder { at, number } => {
                Diagnostic::new(
                    Code::DemandNumbering,
                    src.items[at].location.clone(),
                    format!("demand {number} is out of order"),
                )
            }
        };
        out.push(d.with_help(help));
    }
}

/// A translation's demands against the source's: the same numbers, in the same order. A demand
/// the source gained and the translation lacks is shown in the source language (a warning);
/// every other difference makes `#demand-N` lead to different demands, an error.
fn demands(site: &Site, lang: &str, out: &mut Vec<Diagnostic>) {
    let source_lang = site.config.source_language.as_str();
    // Without a source list (or with one that is not a list, an error of its own), there is
    // nothing to compare with.
    let Some(src) = site
        .demands
        .get(source_lang)
        .filter(|d| !d.items.is_empty())
    else {
        return;
    };
    let Some(own) = site.demands.get(lang) else {
        if !site.failed(lang, crate::content::DEMANDS_SLUG) {
            out.push(Diagnostic::new(
                Code::DemandsUntranslated,
                Location::file(format!("content/{lang}/demands.md")),
                "the demands are not translated; readers see them in another language",
            ));
        }
        return;
    };
    let written: Vec<u32> = own.items.iter().map(|i| i.number).collect();
    // The source's own numbering mistakes are reported with it; here each number counts once.
    let mut expected: Vec<u32> = Vec::new();
    for i in &src.items {
        if !expected.contains(&i.number) {
            expected.push(i.number);
        }
    }
    let (found, lacking) = numbering(&written, &expected);
    let all = range_text(&expected.iter().copied().collect());
    let help = format!("every language has the demands of the {source_lang} text with the same numbers, so that #demand-N is the same demand in all of them");
    for f in found {
        let d = match f {
            Numbering::Misnumbered { at, written, belongs } => Diagnostic::new(
                Code::DemandNumbering,
                own.items[at].location.clone(),
                format!("this demand is numbered {written}, but demand {belongs} of the {source_lang} text belongs here"),
            )
            .with_help(format!("number it {belongs}, as in {}", src.item(belongs).map_or_else(|| src.file.path.clone(), |i| i.location.to_string()))),
            Numbering::Duplicate { at, number } => Diagnostic::new(
                Code::DemandNumbering,
                own.items[at].location.clone(),
                format!("demand {number} appears twice; demand-{number} must be one demand"),
            )
            .with_help(help.clone()),
            Numbering::Missing { at, numbers, before } => Diagnostic::new(
                Code::DemandMissing,
                own.items[at].location.clone(),
                format!(
                    "{} of the {source_lang} text {} missing before demand {before}",
                    demand_list(&numbers),
                    if numbers.len() == 1 { "is" } else { "are" }
                ),
            )
            .with_help(help.clone()),
            Numbering::NotInSource { at, number } => Diagnostic::new(
                Code::DemandNumbering,
                own.items[at].location.clone(),
                format!("demand {number} is not in the {source_lang} text, which has demands {all}"),
            )
            .with_help(help.clone()),
            Numbering::OutOfOrder { at, number } => Diagnostic::new(
                Code::DemandNumbering,
                own.items[at].location.clone(),
                format!("demand {number} is out of order; keep the order of the {source_lang} text"),
            ),
        };
        out.push(d);
    }
    if !lacking.is_empty() {
        let at = own.items.last().map_or_else(
            || Location::at(&own.file.path, &own.file.text, own.body.start),
            |i| i.location.clone(),
        );
        let shown_in: BTreeSet<&str> = site
            .demands_shown(lang)
            .into_iter()
            .filter(|(n, _)| lacking.contains(n))
            .map(|(_, d)| d.lang.as_str())
            .collect();
        out.push(
            Diagnostic::new(
                Code::DemandsUntranslated,
                at,
                format!(
                    "{} of the {source_lang} text {} not translated; readers see {} in {}",
                    demand_list(&lacking),
                    if lacking.len() == 1 { "is" } else { "are" },
                    if lacking.len() == 1 { "it" } else { "them" },
                    shown_in.into_iter().collect::<Vec<_>>().join(", ")
                ),
            )
            .with_help(format!(
                "translate {} from {} and add {} at the end of the list",
                if lacking.len() == 1 { "it" } else { "them" },
                src.file.path,
                if lacking.len() == 1 { "it" } else { "them" }
            )),
        );
    }
    let identical = same_text(
        &own.file.text[own.body.clone()],
        &src.file.text[src.body.clone()],
    );
    if !identical {
        for item in &own.items {
            let Some(source_item) = src.item(item.number) else {
                continue;
            };
            if same_text(&item.html, &source_item.html) {
                out.push(
                    Diagnostic::new(
                        Code::DemandUntranslated,
                        item.location.clone(),
                        format!(
                            "demand {} is the same as in the {source_lang} text: probably not translated yet",
                            item.number
                        ),
                    )
                    .with_help(format!("translate it from {}", source_item.location)),
                );
            }
        }
    }
    freshness(
        site.demands_outdated(own),
        identical,
        Location::at(&own.file.path, &own.file.text, 0),
        &src.file.path,
        lang,
        out,
    );
}

/// `demand 3`, `demands 3–5`, `demands 3, 7`.
fn demand_list(numbers: &[u32]) -> String {
    let set: BTreeSet<u32> = numbers.iter().copied().collect();
    if set.len() == 1 {
        format!("demand {}", range_text(&set))
    } else {
        format!("demands {}", range_text(&set))
    }
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

fn range_text(numbers: &BTreeSet<u32>) -> String {
    match (numbers.first(), numbers.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
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

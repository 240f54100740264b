//! Checks that need the whole site: links against the rendered output, and every translation
//! against the source language. Pure functions from data to diagnostics.
//!
//! The translation lint goes beyond what a build needs, because a translator's mistake often
//! renders without failing: a dropped `$count`, a plural select without the `few` form, a page
//! still in English, a translation made from a text that has since changed. Each finding names
//! the file and line to fix. Severity follows what a reader would see: something that renders
//! wrongly or fails is an error; something that falls back or may be stale is a warning
//! (`--strict` turns those into errors for a release).

use crate::diag::{Diagnostic, Location};
use crate::i18n::{self, Locales, MessageInfo};
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
            out.push(Diagnostic::error(
                link.location.clone(),
                format!("link `{written}` leaves the site"),
            ));
            continue;
        };
        let Some(bytes) = lookup(&target) else {
            out.push(
                Diagnostic::error(link.location.clone(), format!("link `{written}` points to `{target}`, which the site does not have"))
                    .with_help("link to other pages as @/<slug>.md; a relative link must name a file (…/index.html), not a folder"),
            );
            continue;
        };
        if !fragment.is_empty() && !has_id(bytes, fragment) {
            out.push(Diagnostic::error(
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
        plurals(locales, &lang.code, &mut out);
    }
    out
}

fn by_id(list: &[MessageInfo]) -> BTreeMap<&str, &MessageInfo> {
    let mut map = BTreeMap::new();
    for m in list {
        map.entry(m.id.as_str()).or_insert(m);
    }
    map
}

fn location_of(m: &MessageInfo) -> Location {
    m.location
        .clone()
        .unwrap_or_else(|| Location::file(&m.file))
}

fn fmt_vars(vars: &BTreeSet<String>) -> String {
    if vars.is_empty() {
        "none".to_string()
    } else {
        vars.iter()
            .map(|v| format!("${v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn messages(site: &Site, locales: &Locales, lang: &str, out: &mut Vec<Diagnostic>) {
    let source_lang = site.config.source_language.as_str();
    let empty = Vec::new();
    let source = by_id(locales.messages.get(source_lang).unwrap_or(&empty));
    let translated = by_id(locales.messages.get(lang).unwrap_or(&empty));
    let chain = site.chain(lang);
    for (id, src) in &source {
        let Some(m) = translated.get(id) else {
            let file_name = src.file.rsplit('/').next().unwrap_or("main.ftl");
            let from = chain
                .iter()
                .skip(1)
                .find(|l| locales.has_own(l, id))
                .cloned()
                .unwrap_or_else(|| source_lang.to_string());
            out.push(
                Diagnostic::warning(
                    Location::file(format!("locales/{lang}/{file_name}")),
                    format!("`{id}` is not translated; readers see the {from} text"),
                )
                .with_help(format!("translate `{id}` from {}", location_of(src))),
            );
            continue;
        };
        let at = location_of(m);
        if m.recorded_source
            .as_ref()
            .is_some_and(|r| *r != src.entry_hash)
        {
            out.push(
                Diagnostic::warning(at.clone(), format!("`{id}`: the {source_lang} text has changed since this was translated"))
                    .with_help(format!("compare with {}, update the translation, then run `zaklyk check --mark-current {lang}`", location_of(src))),
            );
        }
        let invented: BTreeSet<String> = m.variables.difference(&src.variables).cloned().collect();
        if !invented.is_empty() {
            out.push(
                Diagnostic::error(
                    at.clone(),
                    format!(
                        "`{id}` uses {}, which the {source_lang} text does not have",
                        fmt_vars(&invented)
                    ),
                )
                .with_help(format!(
                    "variables are not translated: the {source_lang} text uses {}",
                    fmt_vars(&src.variables)
                )),
            );
        }
        let dropped: BTreeSet<String> = src.variables.difference(&m.variables).cloned().collect();
        if !dropped.is_empty() {
            out.push(Diagnostic::warning(
                at.clone(),
                format!(
                    "`{id}` does not use {}, which the {source_lang} text uses",
                    fmt_vars(&dropped)
                ),
            ));
        }
        let src_attrs: BTreeSet<&String> = src.attributes.iter().collect();
        let attrs: BTreeSet<&String> = m.attributes.iter().collect();
        for a in src_attrs.difference(&attrs) {
            out.push(Diagnostic::warning(
                at.clone(),
                format!("`{id}` lacks the attribute `.{a}` of the {source_lang} text"),
            ));
        }
        for a in attrs.difference(&src_attrs) {
            out.push(Diagnostic::warning(
                at.clone(),
                format!("`{id}` has an attribute `.{a}` that the {source_lang} text does not have"),
            ));
        }
        if src.has_value && !m.has_value {
            out.push(Diagnostic::error(
                at.clone(),
                format!("`{id}` has no value, but the {source_lang} text has one"),
            ));
        }
        if m.empty && !src.empty {
            out.push(Diagnostic::warning(at.clone(), format!("`{id}` is empty")));
        }
    }
    for (id, m) in &translated {
        if !source.contains_key(id) {
            out.push(
                Diagnostic::warning(
                    location_of(m),
                    format!("`{id}` is not in the {source_lang} source; it is never used"),
                )
                .with_help("remove it, or check the id for a typo"),
            );
        }
        for r in &m.references {
            let (rid, attr) = r
                .split_once('.')
                .map_or((r.as_str(), None), |(a, b)| (a, Some(b)));
            let exists = translated
                .get(rid)
                .is_some_and(|t| attr.is_none_or(|a| t.attributes.iter().any(|x| x == a)));
            if !exists {
                out.push(
                    Diagnostic::error(
                        location_of(m),
                        format!("`{id}` refers to `{r}`, which locales/{lang}/ does not define"),
                    )
                    .with_help(
                        "a reference is resolved within the same language; define it there too",
                    ),
                );
            }
        }
    }
}

/// The plural selects of a language's messages that lack one of its CLDR categories.
pub fn plural_problems(locales: &Locales, lang: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    plurals(locales, lang, &mut out);
    out
}

fn plurals(locales: &Locales, lang: &str, out: &mut Vec<Diagnostic>) {
    let plural_locale = locales
        .plural_locale
        .get(lang)
        .map(String::as_str)
        .unwrap_or(lang);
    let required = i18n::plural_categories(plural_locale);
    let all = ["zero", "one", "two", "few", "many", "other"];
    for m in locales.messages.get(lang).into_iter().flatten() {
        for select in &m.selects {
            let keys: BTreeSet<&str> = select
                .keys
                .iter()
                .map(|k| k.trim_start_matches('*'))
                .collect();
            if !keys.iter().any(|k| all.contains(k)) {
                continue;
            }
            let missing: Vec<&str> = required
                .iter()
                .copied()
                .filter(|c| !keys.contains(c))
                .collect();
            if !missing.is_empty() {
                out.push(
                    Diagnostic::warning(
                        location_of(m),
                        format!(
                            "the plural forms of `{}` on {} lack `{}`",
                            m.id,
                            select.selector,
                            missing.join("`, `")
                        ),
                    )
                    .with_help(format!(
                        "{lang} distinguishes {}; add a [{}] variant",
                        required.join(", "),
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
                Diagnostic::warning(
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
            out.push(Diagnostic::warning(
                top.clone(),
                "front matter has no `description`, which the source page has",
            ));
        }
        if src.front.date.is_some() && own.front.date.is_none() {
            out.push(Diagnostic::warning(
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
            out.push(Diagnostic::warning(
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
            out.push(Diagnostic::error(
                location.clone(),
                format!("demand {n} appears twice; demand-{n} must be one demand"),
            ));
        } else if !want_set.contains(n) {
            out.push(Diagnostic::error(
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
            Diagnostic::error(Location::at(&own.file.path, &own.file.text, own.body.start), format!("{} missing: the {source_lang} text has demands {}", missing.join(", "), range_text(&want_set)))
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
        out.push(Diagnostic::warning(
            at,
            format!("the text is the same as {source_path}: not translated yet"),
        ));
        return;
    }
    match outdated {
        Some(true) => out.push(
            Diagnostic::warning(at, format!("{source_path} has changed since this translation was made"))
                .with_help(format!("update the translation, then run `zaklyk check --mark-current {lang}` to record it as current")),
        ),
        Some(false) => {}
        None => out.push(
            Diagnostic::warning(at, "no `source_hash`: whether this translation is current cannot be checked")
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

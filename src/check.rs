//! Checks that need the whole site: links against the rendered output, and every translation
//! against the source language. Pure functions from data to diagnostics.
//!
//! The translation lint goes beyond what a build needs, because a translator's mistake often
//! renders without failing: a dropped `$count`, a plural select without the `few` form, a page
//! still in English, a translation made from a text that has since changed. Each finding names
//! the file and line to fix. Severity follows what a reader would see: something that renders
//! wrongly or fails is an error; something that falls back or may be stale is a warning
//! (`--strict` turns those into errors for a release).

use crate::content::PageSource;
use crate::diag::{Diagnostic, Location};
use crate::i18n::{self, Locales, MessageInfo};
use crate::markdown::{self, DEMANDS_SLOT};
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
        plurals(locales, &lang.code, &mut out);
    }
    out
}

/// Every signatory needs a name (`signatory-<id>`) in every language, its own or one along its
/// fallback chain: without one, readers would see the raw id. A name of no signatory is never
/// shown, and is reported where it is written.
pub fn signatories(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
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
            Diagnostic::error(
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
                Diagnostic::warning(
                    location_of(m),
                    format!("`{}` names no signatory of content/signatories.toml; it is never shown", m.id),
                )
                .with_help(format!("remove it, or add a [[signatory]] with id = \"{id}\" to content/signatories.toml")),
            );
        }
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
                    .with_help(format!("compare with {}, update the translation, then run `zaklyk check --mark-current {lang} --message {id}`", location_of(src))),
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
            if site.failed(lang, &src.slug) {
                // The file is there; why it could not be read is reported already.
                continue;
            }
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
        if src.slug == "index" {
            demands_slot(site, src, own, out);
        }
        freshness(
            site.page_outdated(own),
            same_words(
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
        Diagnostic::warning(
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
        allowed_origins: &[],
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
            } => Diagnostic::error(
                src.items[at].location.clone(),
                format!("this demand is numbered {written}, but it is demand {belongs}"),
            ),
            Numbering::Duplicate { at, number } => Diagnostic::error(
                src.items[at].location.clone(),
                format!("demand {number} appears twice"),
            ),
            Numbering::Missing {
                at,
                numbers,
                before,
            } => Diagnostic::error(
                src.items[at].location.clone(),
                format!(
                    "the numbers jump to {before}: {} would be missing",
                    demand_list(&numbers)
                ),
            ),
            Numbering::NotInSource { at, number } | Numbering::OutOfOrder { at, number } => {
                Diagnostic::error(
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
            out.push(Diagnostic::warning(
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
            Numbering::Misnumbered { at, written, belongs } => Diagnostic::error(
                own.items[at].location.clone(),
                format!("this demand is numbered {written}, but demand {belongs} of the {source_lang} text belongs here"),
            )
            .with_help(format!("number it {belongs}, as in {}", src.item(belongs).map_or_else(|| src.file.path.clone(), |i| i.location.to_string()))),
            Numbering::Duplicate { at, number } => Diagnostic::error(
                own.items[at].location.clone(),
                format!("demand {number} appears twice; demand-{number} must be one demand"),
            )
            .with_help(help.clone()),
            Numbering::Missing { at, numbers, before } => Diagnostic::error(
                own.items[at].location.clone(),
                format!(
                    "{} of the {source_lang} text {} missing before demand {before}",
                    demand_list(&numbers),
                    if numbers.len() == 1 { "is" } else { "are" }
                ),
            )
            .with_help(help.clone()),
            Numbering::NotInSource { at, number } => Diagnostic::error(
                own.items[at].location.clone(),
                format!("demand {number} is not in the {source_lang} text, which has demands {all}"),
            )
            .with_help(help.clone()),
            Numbering::OutOfOrder { at, number } => Diagnostic::error(
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
            Diagnostic::warning(
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
    let identical = same_words(
        &own.file.text[own.body.clone()],
        &src.file.text[src.body.clone()],
    );
    if !identical {
        for item in &own.items {
            let Some(source_item) = src.item(item.number) else {
                continue;
            };
            if same_words(&item.html, &source_item.html) {
                out.push(
                    Diagnostic::warning(
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

/// Whether a translation still reads as its source: the same text once tags, numbers,
/// punctuation and spacing are set aside, and some of it words other than names (a text that
/// is only names and numbers, `OSCE, 2025`, may rightly stay as it is).
pub fn same_words(translated: &str, source: &str) -> bool {
    let (mut a, mut b) = (words(translated), words(source));
    let mut some_lowercase = false;
    loop {
        match (a.next(), b.next()) {
            (None, None) => return some_lowercase,
            (Some(x), Some(y)) if x == y => {
                some_lowercase |= x.chars().next().is_some_and(char::is_lowercase);
            }
            _ => return false,
        }
    }
}

/// The words of a text, tags (`<…>`) left out: runs of letters.
fn words(html: &str) -> impl Iterator<Item = &str> {
    let mut in_tag = false;
    html.split(move |c: char| {
        let boundary = in_tag || c == '<' || !c.is_alphabetic();
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        boundary
    })
    .filter(|w| !w.is_empty())
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
            Diagnostic::warning(
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
            Diagnostic::warning(at, format!("{source_path} has changed since this translation was made"))
                .with_help(format!("update the translation, then run `zaklyk check --mark-current {lang} --file {file}` to record it as current")),
        ),
        Some(false) => {}
        None => out.push(
            Diagnostic::warning(at, "no `source_hash`: whether this translation is current cannot be checked")
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
        assert!(same_words(
            "first <strong>demand</strong>;",
            "first demand."
        ));
        assert!(!same_words("перша вимога;", "first demand;"));
        assert!(
            !same_words("OSCE, 2025", "OSCE, 2025"),
            "names and numbers may stay"
        );
        assert!(!same_words("first demand, with more", "first demand"));
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

//! Translation coverage per language: what `zaklyk status` prints and the published
//! translation-status page shows. A pure summary of the [`Site`] and its [`Locales`].

use crate::check;
use crate::content::TranslationState;
use crate::i18n::{Locales, MessageInfo};
use crate::model::Site;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The figures of one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageStatus {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) tag: String,
    /// Messages of the source language this language translates itself (a copy of the source's
    /// prose does not count).
    pub(crate) messages_translated: usize,
    pub(crate) messages_total: usize,
    /// Messages whose `# source:` mark no longer matches the source text.
    pub(crate) messages_outdated: usize,
    /// Content files (pages and `demands.md`) of the source language.
    pub(crate) pages_total: usize,
    /// Files translated (present and not the source's words: see [`check::same_text`]).
    pub(crate) pages_translated: usize,
    pub(crate) pages_draft: usize,
    pub(crate) pages_outdated: usize,
    /// Files absent or still in the source's words.
    pub(crate) pages_missing: usize,
    /// Demands of the source language.
    pub(crate) demands_total: usize,
    /// Demands this language has in its own `demands.md`, not still the source's text.
    pub(crate) demands_translated: usize,
    /// Demands the source has gained and this language's `demands.md` lacks: shown in another
    /// language until translated (its `demands.md` then counts as outdated).
    pub(crate) demands_outdated: usize,
    pub(crate) plural_problems: usize,
    pub(crate) is_source: bool,
}

impl LanguageStatus {
    pub(crate) fn messages_percent(&self) -> usize {
        (self.messages_translated * 100)
            .checked_div(self.messages_total)
            .unwrap_or(100)
    }
}

/// Every language, in the order of `site.toml`.
pub fn summarize(site: &Site, locales: &Locales) -> Vec<LanguageStatus> {
    let source = site.config.source_language.as_str();
    let source_messages: Vec<&MessageInfo> = {
        let mut seen = BTreeSet::new();
        locales
            .messages
            .get(source)
            .into_iter()
            .flatten()
            .filter(|m| seen.insert(m.id.as_str()))
            .collect()
    };
    let source_hashes: std::collections::BTreeMap<&str, &str> = source_messages
        .iter()
        .map(|m| (m.id.as_str(), m.entry_hash.as_str()))
        .collect();
    let source_pages: Vec<_> = site.sources.iter().filter(|p| p.lang == source).collect();
    let source_demands = site.demands.get(source);
    site.config
        .languages
        .iter()
        .map(|lang| {
            let mut s = LanguageStatus {
                code: lang.code.clone(),
                name: lang.name.clone(),
                tag: lang.tag.clone(),
                // A copy of the source's prose is not a translation (see check::same_text).
                messages_translated: source_messages
                    .iter()
                    .filter(|src| {
                        lang.code == source
                            || check::is_translated(src, locales.definition(&lang.code, &src.id))
                    })
                    .count(),
                messages_total: source_messages.len(),
                messages_outdated: locales
                    .messages
                    .get(&lang.code)
                    .into_iter()
                    .flatten()
                    .filter(|m| {
                        m.recorded_source.as_ref().is_some_and(|r| {
                            source_hashes.get(m.id.as_str()).is_some_and(|h| h != r)
                        })
                    })
                    .count(),
                pages_total: source_pages.len() + usize::from(source_demands.is_some()),
                pages_translated: 0,
                pages_draft: 0,
                pages_outdated: 0,
                pages_missing: 0,
                demands_total: source_demands.map_or(0, |d| d.items.len()),
                demands_translated: 0,
                demands_outdated: 0,
                plural_problems: check::plural_problems(locales, &lang.code).len(),
                is_source: lang.code == source,
            };
            for src in &source_pages {
                let own = site.own_file(&lang.code, &src.slug);
                match own {
                    Some(p)
                        if s.is_source
                            || !check::same_text(
                                &p.file.text[p.body.clone()],
                                &src.file.text[src.body.clone()],
                            ) =>
                    {
                        s.pages_translated += 1;
                        s.pages_draft +=
                            usize::from(p.front.translation == Some(TranslationState::Draft));
                        s.pages_outdated += usize::from(site.page_outdated(p) == Some(true));
                    }
                    _ => s.pages_missing += 1,
                }
            }
            if let Some(src) = source_demands {
                let own = site.demands.get(&lang.code);
                s.demands_translated = match own {
                    _ if s.is_source => src.items.len(),
                    Some(d) => d
                        .items
                        .iter()
                        .filter(|i| {
                            src.item(i.number)
                                .is_some_and(|si| !check::same_text(&i.html, &si.html))
                        })
                        .map(|i| i.number)
                        .collect::<BTreeSet<_>>()
                        .len(),
                    None => 0,
                };
                if own.is_some() && !s.is_source {
                    s.demands_outdated = site.demands_lacking(&lang.code).len();
                }
                match own {
                    Some(d) if s.is_source || s.demands_translated > 0 => {
                        s.pages_translated += 1;
                        s.pages_draft +=
                            usize::from(d.front.translation == Some(TranslationState::Draft));
                        s.pages_outdated += usize::from(
                            site.demands_outdated(d) == Some(true)
                                || site.demands_incomplete(&lang.code),
                        );
                    }
                    _ => s.pages_missing += 1,
                }
            }
            s
        })
        .collect()
}

/// The table `zaklyk status` prints.
pub(crate) fn table(statuses: &[LanguageStatus]) -> String {
    let header = [
        "language",
        "strings",
        "old strings",
        "pages",
        "demands",
        "drafts",
        "outdated",
        "missing",
        "plurals",
    ];
    let rows: Vec<[String; 9]> = statuses
        .iter()
        .map(|s| {
            [
                format!(
                    "{} {}{}",
                    s.code,
                    s.name,
                    if s.is_source { " (source)" } else { "" }
                ),
                format!(
                    "{}/{} {:>3}%",
                    s.messages_translated,
                    s.messages_total,
                    s.messages_percent()
                ),
                s.messages_outdated.to_string(),
                format!("{}/{}", s.pages_translated, s.pages_total),
                format!("{}/{}", s.demands_translated, s.demands_total),
                s.pages_draft.to_string(),
                s.pages_outdated.to_string(),
                s.pages_missing.to_string(),
                if s.plural_problems == 0 {
                    "ok".to_string()
                } else {
                    s.plural_problems.to_string()
                },
            ]
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([header[i].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if i == 0 {
                let _ = write!(l, "{c}{}", " ".repeat(pad));
            } else {
                let _ = write!(l, "  {}{c}", " ".repeat(pad));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header.to_vec());
    for r in &rows {
        line(r.iter().map(String::as_str).collect());
    }
    out
}

//! Stage 2b: assemble the [`Site`] — which pages exist in which language, and from which file.
//!
//! The source language defines the set of pages. Every language gets every page: its own
//! translation when there is one, otherwise the first file along its fallback chain (`site.toml`,
//! ending with the source language), which the page then presents as a fallback. A language
//! declared in `site.toml` must have both of its folders; a folder without a declaration, two
//! files that differ only in case, and a source language without `index.md` are reported here.
//!
//! Long because assembling the site is one stage whose refusals (folders, case clashes, reserved
//! slugs, fallbacks) each need the whole list of pages.

use crate::content::{self, DemandItem, DemandsSource, PageSource, Signatory, DEMANDS_SLUG};
use crate::diag::{Code, Diagnostic, Location, Report};
use crate::digest;
use crate::load::{ContentFile, Sources, StaticFile, TextFile};
use crate::project::{Config, Language};
use crate::{markdown, names, urls};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The parsed page of an earlier build at a path relative to the site folder, when it is known
/// not to have changed since (`serve`, see [`crate::incremental`]): taken rather than parsed
/// again.
pub(crate) type Parsed = dyn Fn(&str) -> Option<Arc<PageSource>> + Send + Sync;

/// How `content/signatories.toml`, which belongs to no language, is named in [`Site::failed`].
const SIGNATORIES_LANG: &str = "";
const SIGNATORIES: &str = "signatories";

/// One output page: a language, a slug, and the file whose content it shows.
#[derive(Debug, Clone)]
pub struct Page {
    pub(crate) lang: String,
    pub(crate) slug: String,
    /// Index into [`Site::sources`].
    pub(crate) source: usize,
    /// Output path relative to the output root.
    pub(crate) path: String,
    /// Absolute public address (`https://example.org/uk/about/`).
    pub(crate) url: String,
}

/// Everything needed to render, as plain data.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Shared, so that `serve` keeps the parsed pages that did not change for the next build.
    pub sources: Vec<Arc<PageSource>>,
    /// In the order of `site.toml`'s languages, then by slug (index first).
    pub pages: Vec<Page>,
    /// Each language's own `demands.md`.
    pub(crate) demands: BTreeMap<String, DemandsSource>,
    pub(crate) signatories: Vec<Signatory>,
    pub(crate) templates: Vec<TextFile>,
    pub(crate) statics: Vec<StaticFile>,
    /// `theme/fonts/*` of the site (the embedded ones fill the gaps).
    pub(crate) fonts: Vec<crate::load::FontFile>,
    /// Whether the site has updates (a `content/<lang>/updates/` folder in any language): then
    /// every language gets an updates list and feed.
    pub(crate) has_updates: bool,
    /// The languages that show at least one post of the updates (their own or a fallback).
    post_langs: BTreeSet<String>,
    /// Index of [`Site::pages`] by language, then slug.
    by_key: HashMap<String, HashMap<String, usize>>,
    /// Per slug, its page in each language, in the order of `site.toml`: every page lists all of
    /// them (switcher, `hreflang`), so this is one lookup per page, not one per language.
    versions: HashMap<String, Vec<Option<usize>>>,
    /// Slugs of the pages in the navigation, computed once rather than per page.
    menu: Vec<String>,
    /// `(lang, slug)` of content files that exist but could not be used (front matter that does
    /// not parse, a case clash, a name that cannot be an address; slug `demands` for
    /// `demands.md`): already reported, so nothing else is reported about their absence.
    failed: BTreeSet<(String, String)>,
    /// The hash of the body of every source-language file by slug: what translations record.
    source_hashes: HashMap<String, String>,
    /// Per reader's language, the names of the languages its pages may show content in (itself,
    /// its fallbacks, the source language), in the reader's language.
    labels: HashMap<String, HashMap<String, String>>,
}

impl Site {
    pub(crate) fn source_of(&self, page: &Page) -> &PageSource {
        &self.sources[page.source]
    }

    /// The page of `lang` with `slug`, if the site has one.
    pub(crate) fn page(&self, lang: &str, slug: &str) -> Option<&Page> {
        self.by_key
            .get(lang)
            .and_then(|slugs| slugs.get(slug))
            .map(|&i| &self.pages[i])
    }

    /// The page of `slug` in each language of `site.toml`, in its order (`None` where that
    /// language has none): found by one lookup, not one per language.
    pub(crate) fn version_per_language(&self, slug: &str) -> Vec<Option<&Page>> {
        let found = self.versions.get(slug).map_or(&[][..], Vec::as_slice);
        (0..self.config.languages.len())
            .map(|i| found.get(i).copied().flatten().map(|i| &self.pages[i]))
            .collect()
    }

    /// The pages of `slug` in every language that has one, in the order of `site.toml`.
    pub(crate) fn versions(&self, slug: &str) -> impl Iterator<Item = (&Language, &Page)> {
        let found = self.versions.get(slug).map_or(&[][..], Vec::as_slice);
        self.config
            .languages
            .iter()
            .zip(found)
            .filter_map(|(l, i)| i.map(|i| (l, &self.pages[i])))
    }

    /// [`Site::own_file`], shared.
    pub(crate) fn own_source(&self, lang: &str, slug: &str) -> Option<&Arc<PageSource>> {
        self.page(lang, slug)
            .map(|p| &self.sources[p.source])
            .filter(|s| s.lang == lang)
    }

    /// The file of `lang` itself for a slug (not a fallback), if it has one.
    pub(crate) fn own_file(&self, lang: &str, slug: &str) -> Option<&PageSource> {
        self.page(lang, slug)
            .map(|p| self.source_of(p))
            .filter(|s| s.lang == lang)
    }

    /// The pages of one language.
    pub(crate) fn pages_of<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Page> + 'a {
        self.pages.iter().filter(move |p| p.lang == lang)
    }

    /// The pages of a language in its navigation (`menu = true` in the source page's front
    /// matter), by `weight` (lower first, pages without one last), then title, then slug.
    pub(crate) fn menu_of<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Page> + 'a {
        self.menu
            .iter()
            .filter_map(move |slug| self.page(lang, slug))
    }

    /// `lang`, its fallbacks, then the source language: where its content may come from.
    pub(crate) fn chain(&self, lang: &str) -> Vec<String> {
        chain(&self.config, lang)
    }

    /// The demands shown on `lang`'s statement: its own, or the first along its chain.
    pub(crate) fn demands_for(&self, lang: &str) -> Option<&DemandsSource> {
        self.chain(lang).iter().find_map(|l| self.demands.get(l))
    }

    /// Every demand `lang`'s statement shows, in order, with the file it is taken from: for each
    /// demand of the source language, the first language along `lang`'s chain that has it. So
    /// a demand the source gained and a translation lacks is shown in the next language that has
    /// it, ending with the source language. Without a source `demands.md`, the demands of the
    /// first language along the chain that has one.
    pub(crate) fn demands_shown(&self, lang: &str) -> Vec<(u32, &DemandsSource)> {
        let chain = self.chain(lang);
        let Some(source) = self.demands.get(&self.config.source_language) else {
            return self
                .demands_for(lang)
                .map(|d| d.items.iter().map(|i| (i.number, d)).collect())
                .unwrap_or_default();
        };
        source
            .items
            .iter()
            .filter_map(|i| {
                chain
                    .iter()
                    .filter_map(|l| self.demands.get(l))
                    .find(|d| d.item(i.number).is_some())
                    .map(|d| (i.number, d))
            })
            .collect()
    }

    /// The demands of the source language that `lang`'s own `demands.md` lacks (all of them
    /// when it has none).
    pub(crate) fn demands_lacking(&self, lang: &str) -> Vec<u32> {
        let Some(source) = self.demands.get(&self.config.source_language) else {
            return Vec::new();
        };
        let own = self.demands.get(lang);
        source
            .items
            .iter()
            .map(|i| i.number)
            .filter(|n| own.is_none_or(|d| d.item(*n).is_none()))
            .collect()
    }

    /// Whether `lang` shows any post of the updates.
    pub(crate) fn has_posts(&self, lang: &str) -> bool {
        self.post_langs.contains(lang)
    }

    /// Whether `content/signatories.toml` exists but could not be used (an error says why).
    pub(crate) fn signatories_failed(&self) -> bool {
        self.failed(SIGNATORIES_LANG, SIGNATORIES)
    }

    /// Whether `lang` has its own `demands.md` but lacks demands of the source's (which it then
    /// shows in another language): its demands are outdated.
    pub(crate) fn demands_incomplete(&self, lang: &str) -> bool {
        self.demands.contains_key(lang) && !self.demands_lacking(lang).is_empty()
    }

    /// Whether `lang`'s file for `slug` exists but could not be used (an error says why).
    pub(crate) fn failed(&self, lang: &str, slug: &str) -> bool {
        self.failed.contains(&(lang.to_string(), slug.to_string()))
    }

    /// The name of language `lang` for a reader of `reader`'s pages: CLDR's name in the reader's
    /// language (`anglais` for a French reader), or, where CLDR has none in that language, the
    /// language's own name from `site.toml`.
    pub(crate) fn language_label<'a>(&'a self, reader: &str, lang: &'a Language) -> &'a str {
        self.labels
            .get(reader)
            .and_then(|m| m.get(&lang.code))
            .map_or(&lang.name, String::as_str)
    }

    /// The name of `lang` in each language along `reader`'s chain: what a sentence on
    /// `reader`'s page says, in whichever of them the sentence is found.
    pub(crate) fn language_labels<'a>(
        &'a self,
        reader: &str,
        lang: &'a Language,
    ) -> BTreeMap<&'a str, &'a str> {
        let chain = self.chain(reader);
        self.config
            .languages
            .iter()
            .filter(|l| chain.contains(&l.code))
            .map(|l| (l.code.as_str(), self.language_label(&l.code, lang)))
            .collect()
    }

    /// The source-language file of a slug.
    pub(crate) fn source_page(&self, slug: &str) -> Option<&PageSource> {
        self.own_file(&self.config.source_language, slug)
    }

    /// The hash a translation of `slug` records when made from the current source text
    /// ([`DEMANDS_SLUG`] for `demands.md`).
    pub(crate) fn source_hash(&self, slug: &str) -> Option<&str> {
        self.source_hashes.get(slug).map(String::as_str)
    }

    /// Whether a translated page was made from an older source text: `Some(true)` when its
    /// `source_hash` differs from the source's current hash, `None` when it records none (or is
    /// the source itself).
    pub(crate) fn page_outdated(&self, page: &PageSource) -> Option<bool> {
        if page.lang == self.config.source_language {
            return None;
        }
        let recorded = page.front.source_hash.as_deref()?;
        Some(recorded != self.source_hash(&page.slug)?)
    }

    /// The same for a language's `demands.md`.
    pub(crate) fn demands_outdated(&self, demands: &DemandsSource) -> Option<bool> {
        if demands.lang == self.config.source_language {
            return None;
        }
        let recorded = demands.front.source_hash.as_deref()?;
        Some(recorded != self.source_hash(DEMANDS_SLUG)?)
    }
}

fn chain(config: &Config, lang: &str) -> Vec<String> {
    let mut out = vec![lang.to_string()];
    if let Some(l) = config.language(lang) {
        out.extend(l.fallback.iter().cloned());
    }
    out.push(config.source_language.clone());
    let mut seen = BTreeSet::new();
    out.retain(|l| seen.insert(l.clone()));
    out
}

/// Builds the site from the configuration and the files read.
pub fn assemble(config: Config, sources: Sources) -> (Site, Report) {
    assemble_reusing(config, sources, &|_| None)
}

/// [`assemble`], taking the pages of `parsed` that the load kept ([`Sources::kept`]) rather than
/// parsing them again: parsing a page depends on its file alone.
pub(crate) fn assemble_reusing(
    config: Config,
    sources: Sources,
    parsed: &Parsed,
) -> (Site, Report) {
    let mut report = Report::default();
    let declared: BTreeSet<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let content_langs: BTreeSet<&str> = sources.content_langs.iter().map(String::as_str).collect();
    report.extend(language_folders(
        &config,
        &declared,
        &content_langs,
        &sources.locale_langs,
    ));

    // Parse every page file of a declared language; note case-only differences of paths.
    let mut demands = BTreeMap::new();
    let mut failed = unreadable_pages(&sources.unreadable);
    let page_files = page_files(
        &config,
        &declared,
        &sources.content,
        &mut report,
        &mut failed,
        &mut demands,
    );
    let parsed = parse_pages(&page_files, &sources.kept, parsed, &mut report, &mut failed);

    let source_lang = config.source_language.as_str();
    let source_slugs: BTreeSet<&str> = parsed
        .iter()
        .filter(|p| p.lang == source_lang)
        .map(|p| p.slug.as_str())
        .collect();
    if content_langs.contains(source_lang)
        && !source_slugs.contains("index")
        && !report.has_errors()
    {
        report.push(
            Diagnostic::new(Code::SourceIndexMissing, Location::file(format!("content/{source_lang}/index.md")), "the source language has no index.md")
                .with_help("content/<source language>/index.md is the statement; every language's front page is made from it"),
        );
    }
    let pages = place_pages(&config, &parsed, &source_slugs);

    let signatories = signatories(sources.signatories.as_ref(), &mut report, &mut failed);

    let (by_key, versions) = indices(&config, &pages);
    let menu = menu(&config, &parsed);
    let labels = language_labels(&config);
    let source_hashes = source_hashes(&config, &parsed, &demands);
    let post_langs = pages
        .iter()
        .filter(|p| crate::urls::is_post(&p.slug))
        .map(|p| p.lang.clone())
        .collect();
    let site = Site {
        source_hashes,
        menu,
        failed,
        labels,
        config,
        sources: parsed,
        pages,
        demands,
        signatories,
        templates: sources.templates,
        statics: sources.statics,
        fonts: sources.fonts,
        has_updates: !sources.updates_langs.is_empty(),
        post_langs,
        by_key,
        versions,
    };
    (site, report)
}

/// Every declared language needs its two folders; a folder of an undeclared language is ignored,
/// and said so.
fn language_folders(
    config: &Config,
    declared: &BTreeSet<&str>,
    content_langs: &BTreeSet<&str>,
    locale_langs: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut report = Vec::new();
    for lang in &config.languages {
        let mut missing = Vec::new();
        if !content_langs.contains(lang.code.as_str()) {
            missing.push(format!("content/{}/", lang.code));
        }
        if !locale_langs.contains(&lang.code) {
            missing.push(format!("locales/{}/", lang.code));
        }
        if !missing.is_empty() {
            report.push(
                Diagnostic::new(
                    Code::LanguageFolderMissing,
                    lang.location.clone(),
                    format!(
                        "language `{}` has no {}",
                        lang.code,
                        missing.join(" and no ")
                    ),
                )
                .with_help(format!(
                    "create the folder(s), or run `zaklyk new-locale {}` to scaffold them",
                    lang.code
                )),
            );
        }
    }
    for lang in content_langs
        .iter()
        .copied()
        .chain(locale_langs.iter().map(String::as_str))
        .collect::<BTreeSet<_>>()
    {
        if !declared.contains(lang) {
            let folder = if content_langs.contains(lang) {
                "content"
            } else {
                "locales"
            };
            report.push(
                Diagnostic::new(
                    Code::LanguageUndeclared,
                    Location::file(format!("{folder}/{lang}")),
                    format!(
                        "language `{lang}` is not declared in site.toml; its files are ignored"
                    ),
                )
                .with_help(format!(
                    "add a [languages.{lang}] table with name = \"<native name>\" to site.toml"
                )),
            );
        }
    }
    report
}

/// The signatories of `content/signatories.toml`; when it cannot be read, none, and it failed.
fn signatories(
    file: Option<&TextFile>,
    report: &mut Report,
    failed: &mut BTreeSet<(String, String)>,
) -> Vec<Signatory> {
    let Some(file) = file else {
        return Vec::new();
    };
    match content::parse_signatories(file) {
        Ok(s) => s,
        Err(ds) => {
            report.extend(ds);
            failed.insert((SIGNATORIES_LANG.to_string(), SIGNATORIES.to_string()));
            Vec::new()
        }
    }
}

/// The pages whose files could not be read at all: they count as failed (see
/// [`Sources::unreadable`]).
fn unreadable_pages(unreadable: &BTreeSet<String>) -> BTreeSet<(String, String)> {
    unreadable
        .iter()
        .filter_map(|path| {
            let rel = path.strip_prefix("content/")?;
            if rel == "signatories.toml" {
                return Some((SIGNATORIES_LANG.to_string(), SIGNATORIES.to_string()));
            }
            let (lang, slug) = rel.strip_suffix(".md")?.split_once('/')?;
            Some((lang.to_string(), slug.to_string()))
        })
        .collect()
}

/// The content files of declared languages that can be pages: a file name that clashes in case,
/// cannot be an address or is reserved fails; `demands.md` is parsed into `demands`.
fn page_files<'a>(
    config: &Config,
    declared: &BTreeSet<&str>,
    content: &'a [ContentFile],
    report: &mut Report,
    failed: &mut BTreeSet<(String, String)>,
    demands: &mut BTreeMap<String, DemandsSource>,
) -> Vec<&'a ContentFile> {
    let mut lowercase_paths: HashMap<String, &str> = HashMap::with_capacity(content.len());
    let mut page_files = Vec::with_capacity(content.len());
    for cf in content
        .iter()
        .filter(|c| declared.contains(c.lang.as_str()))
    {
        if let Some(other) = lowercase_paths.insert(cf.file.path.to_lowercase(), &cf.file.path) {
            report.push(
                Diagnostic::new(
                    Code::FileNameCase,
                    Location::file(&cf.file.path),
                    format!("`{}` and `{other}` differ only in case", cf.file.path),
                )
                .with_help(
                    "they would overwrite each other on Windows and macOS; rename one of them",
                ),
            );
            failed.insert((cf.lang.clone(), cf.slug.to_lowercase()));
            continue;
        }
        if let Some(problem) = unsafe_slug(&cf.slug) {
            report.push(Diagnostic::new(
                Code::FileNameInvalid,
                Location::file(&cf.file.path),
                format!("the file name cannot become a page address: {problem}"),
            ));
            failed.insert((cf.lang.clone(), cf.slug.clone()));
            continue;
        }
        if let Some(why) = crate::urls::reserved_slug(&cf.slug) {
            report.push(
                Diagnostic::new(
                    Code::PageAddressReserved,
                    Location::file(&cf.file.path),
                    format!("this page would be written where the site writes {why}"),
                )
                .with_help("rename the file"),
            );
            failed.insert((cf.lang.clone(), cf.slug.clone()));
            continue;
        }
        if cf.slug == DEMANDS_SLUG {
            match content::parse_demands(cf) {
                Ok(mut d) => {
                    let (items, problems) = demand_items(config, &d);
                    d.items = items;
                    report.extend(problems);
                    demands.insert(cf.lang.clone(), d);
                }
                Err(d) => {
                    report.push(d);
                    failed.insert((cf.lang.clone(), cf.slug.clone()));
                }
            }
            continue;
        }
        page_files.push(cf);
    }
    page_files
}

/// The pages' front matter and Markdown regions, parsed in parallel; a post without a date fails.
fn parse_pages(
    page_files: &[&ContentFile],
    kept: &std::collections::HashSet<String>,
    earlier: &Parsed,
    report: &mut Report,
    failed: &mut BTreeSet<(String, String)>,
) -> Vec<Arc<PageSource>> {
    let mut parsed: Vec<Arc<PageSource>> = Vec::with_capacity(page_files.len());
    // Front matter is parsed in parallel: thousands of pages are thousands of TOML documents.
    // A kept page (whose text was not read) is the earlier build's.
    let results: Vec<Result<Arc<PageSource>, Diagnostic>> = page_files
        .par_iter()
        .map(|cf| match earlier(&cf.file.path) {
            Some(page) if kept.contains(&cf.file.path) => Ok(page),
            _ => content::parse_page(cf).map(Arc::new),
        })
        .collect();
    for (cf, result) in page_files.iter().zip(results) {
        match result {
            Ok(p) if crate::urls::is_post(&p.slug) && p.front.date.is_none() => {
                report.push(
                    Diagnostic::new(
                        Code::PostDateMissing,
                        Location::at(&p.file.path, &p.file.text, 0),
                        "this post of updates/ has no `date`: the list and the feed order posts by it",
                    )
                    .with_help("add a line date = 2025-08-12 (the day of the news) between the `+++` lines"),
                );
                failed.insert((cf.lang.clone(), cf.slug.clone()));
            }
            Ok(p) => parsed.push(p),
            Err(d) => {
                report.push(d);
                failed.insert((cf.lang.clone(), cf.slug.clone()));
            }
        }
    }
    parsed
}

/// The pages of every language: its own, and the source's it lacks, from the nearest language
/// of its fallback chain that has them; the statement first, then by slug.
fn place_pages(
    config: &Config,
    parsed: &[Arc<PageSource>],
    source_slugs: &BTreeSet<&str>,
) -> Vec<Page> {
    let files: HashMap<(&str, &str), usize> = parsed
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.lang.as_str(), p.slug.as_str()), i))
        .collect();
    // Each language's own slugs, in one pass over the files rather than one per language.
    let mut own: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for p in parsed {
        own.entry(p.lang.as_str())
            .or_default()
            .insert(p.slug.as_str());
    }
    let none = BTreeSet::new();
    let mut pages = Vec::with_capacity(config.languages.len() * source_slugs.len().max(1));
    for lang in &config.languages {
        let own = own.get(lang.code.as_str()).unwrap_or(&none);
        let mut slugs: Vec<&str> = source_slugs.union(own).copied().collect();
        // The statement first, then the other pages by slug.
        slugs.sort_by_key(|s| (*s != "index", *s));
        let chain = chain(config, &lang.code);
        for slug in slugs {
            let found = chain
                .iter()
                .find_map(|l| files.get(&(l.as_str(), slug)).copied());
            if let Some(source) = found {
                pages.push(Page {
                    lang: lang.code.clone(),
                    slug: slug.to_string(),
                    source,
                    path: urls::page_path(&lang.code, slug),
                    url: urls::page_url(&config.base_url, &lang.code, slug),
                });
            }
        }
    }
    pages
}

/// The page of each language and slug, and the versions of each slug in every language.
#[allow(clippy::type_complexity)]
fn indices(
    config: &Config,
    pages: &[Page],
) -> (
    HashMap<String, HashMap<String, usize>>,
    HashMap<String, Vec<Option<usize>>>,
) {
    let mut by_key: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let mut versions: HashMap<String, Vec<Option<usize>>> = HashMap::new();
    let language_index: HashMap<&str, usize> = config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code.as_str(), i))
        .collect();
    for (i, p) in pages.iter().enumerate() {
        by_key
            .entry(p.lang.clone())
            .or_default()
            .insert(p.slug.clone(), i);
        if let Some(&l) = language_index.get(p.lang.as_str()) {
            versions
                .entry(p.slug.clone())
                .or_insert_with(|| vec![None; config.languages.len()])[l] = Some(i);
        }
    }
    (by_key, versions)
}

/// The source language's pages in the menu, by weight, then title, then slug.
fn menu(config: &Config, parsed: &[Arc<PageSource>]) -> Vec<String> {
    let mut in_menu: Vec<&PageSource> = parsed
        .iter()
        .map(|p| &**p)
        .filter(|p| p.lang == config.source_language && p.front.menu && p.slug != "index")
        .collect();
    in_menu.sort_by(|a, b| {
        let key = |p: &PageSource| {
            (
                p.front.weight.is_none(),
                p.front.weight,
                p.front.title.clone(),
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.slug.cmp(&b.slug))
    });
    in_menu.iter().map(|p| p.slug.clone()).collect()
}

/// The hash of the source text of every page and of the demands, which translations record.
fn source_hashes(
    config: &Config,
    parsed: &[Arc<PageSource>],
    demands: &BTreeMap<String, DemandsSource>,
) -> HashMap<String, String> {
    parsed
        .par_iter()
        .filter(|p| p.lang == config.source_language)
        .map(|p| {
            (
                p.slug.clone(),
                digest::text_hash(&p.file.text[p.body.clone()]),
            )
        })
        .chain(
            demands
                .get(&config.source_language)
                .map(|d: &DemandsSource| {
                    (
                        DEMANDS_SLUG.to_string(),
                        digest::text_hash(&d.file.text[d.body.clone()]),
                    )
                })
                .into_par_iter(),
        )
        .collect()
}

/// The numbered items of a `demands.md`, and what is wrong with its Markdown (reported here,
/// whether or not any page shows the file; a page that does reports the same problems again,
/// and the report keeps one of each). Links are checked where the items are rendered, from the
/// pages that show them, so they are taken as written here.
fn demand_items(config: &Config, d: &DemandsSource) -> (Vec<DemandItem>, Vec<Diagnostic>) {
    let as_written = |href: &str| Some(href.to_string());
    let scope = crate::origins::Scope::new(&config.base_url, &config.allowed_origins);
    let input = markdown::Input {
        file: &d.file.path,
        text: &d.file.text,
        region: d.body.clone(),
        allow_html: config.allow_html,
        scope: &scope,
        resolve: &as_written,
    };
    let (items, _, problems) = markdown::ordered_items(&input);
    let items = items
        .into_iter()
        .map(|i| DemandItem {
            number: i.number,
            location: i.location,
            html: i.html,
            text: i.text,
            offset: i.offset,
        })
        .collect();
    (items, problems)
}

/// The names of languages in languages (see [`Site::language_label`]): for every language a
/// page may be written in, the names of the languages that page may show content from. A page
/// of `crh` (chain: crh, uk, en) needs `uk` and `en` named in crh, and in uk and en too, for a
/// sentence that falls back to one of them.
fn language_labels(config: &Config) -> HashMap<String, HashMap<String, String>> {
    let mut labels: HashMap<String, HashMap<String, String>> = HashMap::new();
    for reader in &config.languages {
        let shown = chain(config, &reader.code);
        for writer in shown.iter().filter_map(|c| config.language(c)) {
            for named in shown.iter().filter_map(|c| config.language(c)) {
                labels
                    .entry(writer.code.clone())
                    .or_default()
                    .entry(named.code.clone())
                    .or_insert_with(|| {
                        names::in_language(&named.tag, &writer.tag)
                            .unwrap_or_else(|| named.name.clone())
                    });
            }
        }
    }
    labels
}

/// Why a slug cannot be an output path, if it cannot.
fn unsafe_slug(slug: &str) -> Option<&'static str> {
    if slug
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == ".." || part.starts_with('.'))
    {
        return Some("it has an empty, `.` or `..` part");
    }
    if slug.contains(['\\', ':', '?', '#', '%', '"', '<', '>', '|', '*'])
        || slug.chars().any(char::is_control)
    {
        return Some("use letters, digits, `-` and `_` only");
    }
    if slug.chars().any(char::is_whitespace) {
        return Some("it contains a space; use `-` between words");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::ContentFile;

    fn config() -> Config {
        Config::parse("base_url = \"https://e.org/\"\ndefault_language = \"uk\"\nsource_language = \"en\"\n[languages.uk]\nname = \"У\"\n[languages.en]\nname = \"E\"\n[languages.crh]\nname = \"Q\"\nfallback = [\"uk\"]\n").unwrap()
    }

    fn file(lang: &str, slug: &str, text: &str) -> ContentFile {
        ContentFile {
            lang: lang.into(),
            slug: slug.into(),
            file: TextFile {
                path: format!("content/{lang}/{slug}.md"),
                text: text.into(),
            },
        }
    }

    fn page(title: &str) -> String {
        format!("+++\ntitle = \"{title}\"\n+++\nbody\n")
    }

    fn langs(l: &[&str]) -> BTreeSet<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn missing_pages_fall_back_along_the_chain() {
        let sources = Sources {
            content: vec![
                file("en", "index", &page("E")),
                file("en", "about", &page("About")),
                file("uk", "index", &page("У")),
                file("uk", "about", &page("Про")),
                file("crh", "index", &page("Q")),
                file("en", "demands", "1. x\n"),
            ],
            ..Default::default()
        };
        let (site, report) = assemble(
            config(),
            Sources {
                content_langs: langs(&["uk", "en", "crh"]),
                locale_langs: langs(&["uk", "en", "crh"]),
                ..sources
            },
        );
        assert!(report.diagnostics.is_empty(), "{report:?}");
        let crh_about = site.page("crh", "about").unwrap();
        assert_eq!(site.source_of(crh_about).lang, "uk");
        assert_eq!(crh_about.path, "crh/about/index.html");
        assert_eq!(site.demands_for("crh").unwrap().lang, "en");
        let order: Vec<_> = site.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(order[0], "uk/index.html");
        assert_eq!(order[1], "uk/about/index.html");
        // Every language's version of a slug, in the order of site.toml, with its address.
        let about: Vec<_> = site
            .versions("about")
            .map(|(l, p)| (l.code.as_str(), p.url.as_str()))
            .collect();
        assert_eq!(
            about,
            [
                ("uk", "https://e.org/uk/about/"),
                ("en", "https://e.org/en/about/"),
                ("crh", "https://e.org/crh/about/")
            ]
        );
        assert_eq!(site.versions("nothing").count(), 0);
    }

    #[test]
    fn declared_languages_need_their_folders_and_case_clashes_are_errors() {
        let sources = Sources {
            content: vec![
                file("en", "index", &page("E")),
                file("en", "About", &page("A")),
                file("en", "about", &page("a")),
                file("de", "index", &page("D")),
            ],
            ..Default::default()
        };
        let (_, report) = assemble(
            config(),
            Sources {
                content_langs: langs(&["en", "de"]),
                locale_langs: langs(&["en"]),
                ..sources
            },
        );
        let got = report.headlines();
        assert_eq!(
            got,
            [
                "site.toml:4:1: language `uk` has no content/uk/ and no locales/uk/",
                "site.toml:8:1: language `crh` has no content/crh/ and no locales/crh/",
                "content/de: language `de` is not declared in site.toml; its files are ignored",
                "content/en/about.md: `content/en/about.md` and `content/en/About.md` differ only in case",
            ]
        );
    }

    #[test]
    fn slugs_that_would_escape_are_refused() {
        assert!(unsafe_slug("../x").is_some());
        assert!(unsafe_slug("a//b").is_some());
        assert!(unsafe_slug("c:x").is_some());
        assert!(unsafe_slug("two words").is_some());
        assert!(unsafe_slug("news/2025-08-12").is_none());
        assert!(unsafe_slug("про-нас").is_none());
    }
}

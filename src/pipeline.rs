//! The pipeline every verb runs: load → assemble → the rules over the sources ([`prepare`]), then
//! render → cards → the link check ([`build`], [`render_site`]), and [`settle`] for `--strict`.
//! An error anywhere means no output: `build`, `package`, `serve` and `check` decide from the same
//! report.

use crate::diag::Report;
use crate::{
    card_cache, check, diag, fs, i18n, limits, load, model, output, project, render, theme,
};
use anyhow::{anyhow, bail, Result};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What the build verbs can change about a run.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Replaces `base_url` of `site.toml` (a preview or a mirror at another address).
    pub(crate) base_url: Option<String>,
    /// Adds the pseudo-language `en-XA` (see [`i18n::PSEUDO`]).
    pub(crate) pseudo: bool,
    /// Warnings are errors (`--strict`): for a release, nothing that falls back or may be stale.
    pub(crate) strict: bool,
    /// Draws the share cards (kept in the site's card cache) rather than only checking that
    /// each can be drawn: `build` does, `check` does not.
    pub(crate) draw_cards: bool,
}

/// The result of running the pipeline: the output when there were no errors, and every problem.
pub struct Built {
    /// Shared, so that `serve`'s next rebuild can take it as it is (see [`Earlier::site`]).
    pub site: Option<Arc<model::Site>>,
    pub locales: Option<Arc<i18n::Locales>>,
    pub(crate) output: Option<output::Output>,
    pub(crate) report: Report,
    /// Wall-clock time of each stage (render stages: summed over threads), for `--timings`.
    pub(crate) timings: Vec<(&'static str, Duration)>,
    /// How many share cards were drawn and how many taken from the cache.
    pub(crate) cards: card_cache::CardStats,
    /// The Fluent bundles with what they were made from, for the next rebuild (`serve`).
    pub(crate) fluent: Option<Arc<Fluent>>,
    /// The names found in `content/`, for the next rebuild (`serve`).
    pub(crate) listing: Option<Arc<fs::Walk>>,
    /// What reading the files outside `locales/` and assembling the site found, for a next
    /// rebuild that takes the site as it is (`serve`).
    pub(crate) site_findings: Arc<Vec<diag::Diagnostic>>,
}

impl Built {
    /// A build that stopped before the site could be assembled.
    fn failed(report: Report, timings: Vec<(&'static str, Duration)>) -> Built {
        Built {
            site: None,
            locales: None,
            output: None,
            report,
            timings,
            cards: Default::default(),
            fluent: None,
            listing: None,
            site_findings: Default::default(),
        }
    }
}

/// The Fluent bundles of a build, the findings of making them, and what they were made from
/// (`site.toml` and the `.ftl` files): `serve`'s next rebuild takes them as they are when those
/// are the same, since an edit of a page changes neither.
pub(crate) struct Fluent {
    config: String,
    files: Vec<load::LocaleFile>,
    locales: Arc<i18n::Locales>,
    diagnostics: Vec<diag::Diagnostic>,
}

impl Fluent {
    /// The bundles of `config` (as written in `site.toml`, read as `parsed`) and `files`: those
    /// of `last` when it was made from the same.
    fn of(
        config: &str,
        parsed: &project::Config,
        files: Vec<load::LocaleFile>,
        last: Option<Arc<Fluent>>,
    ) -> Arc<Fluent> {
        if let Some(last) = last.filter(|l| l.config == config && l.files == files) {
            return last;
        }
        let (mut locales, report) = i18n::Locales::load(parsed, &files);
        locales.add_built_in(theme::STRINGS);
        Arc::new(Fluent {
            config: config.to_string(),
            files,
            locales: Arc::new(locales),
            diagnostics: report.diagnostics,
        })
    }
}

/// The rules over the sources that need no rendering, over the site alone: every translated
/// page compared with the source language's (pages, demands, freshness), and `[theme]` against
/// `theme/static/`. What they find holds as long as the site does, whatever its strings: `serve`
/// keeps it with the site. `build`, `package`, `check` and `serve` all run them through
/// [`prepare`], with [`string_rules`]; the rules over the rendered output (links, requests to
/// other origins, templates) run in [`render_site`]. Which findings are errors is decided here
/// and there, once for every verb.
fn site_rules(site: &model::Site) -> Vec<diag::Diagnostic> {
    let mut out = check::translated_pages(site);
    out.extend(theme::check(&site.config.theme, &site.statics));
    out
}

/// The rules over the strings, with the site they are shown on: every translation's Fluent
/// messages and plural forms compared with the source language's, and the signatories' names.
fn string_rules(site: &model::Site, locales: &i18n::Locales) -> Vec<diag::Diagnostic> {
    let mut out = check::translated_strings(site, locales);
    out.extend(check::signatories(site, locales));
    out
}

/// Finishes a report: `--strict` makes every warning an error, and the list is sorted with
/// repeats dropped. Every verb decides whether it may publish from a report settled here.
pub(crate) fn settle(report: &mut Report, options: &BuildOptions) {
    if options.strict {
        report.promote_warnings();
    }
    report.normalize();
}

/// Runs load → assemble → the rules → render. Content problems are in the report; `Err` is for
/// I/O. `output` is set only when the report has no error. With `out`, the output streams into a
/// staging folder for `out` as it renders (see [`output::Output::streaming`]); it is removed if
/// the output is dropped rather than written.
pub(crate) fn build(
    project: &project::Project,
    options: &BuildOptions,
    out: Option<&std::path::Path>,
) -> Result<Built> {
    let mut built = prepare(project, options)?;
    if let (Some(site), Some(locales)) = (&built.site, &built.locales) {
        let cache = card_cache::folder(&project.root);
        let cards_mode = if options.draw_cards {
            render::CardsMode::Draw {
                cache: Some(cache.clone()),
            }
        } else {
            render::CardsMode::Check
        };
        let mode = render::RenderMode::default();
        let staging = match out {
            Some(out) if !built.report.has_errors() => Some(output::Staging::for_target(out)?),
            _ => None,
        };
        let kept = card_cache::Kept::of(&project.root);
        let (output, report, timings, cards) =
            render_timed(site, locales.clone(), &mode, &cards_mode, staging, &kept)?;
        built.timings.extend(timings);
        built.cards = cards.stats;
        built.report.extend(report.diagnostics);
        settle(&mut built.report, options);
        built.output = output.filter(|_| !built.report.has_errors());
        if built.output.is_some() && options.draw_cards {
            card_cache::prune(&cache, &cards.keys);
            kept.keep(&project.root);
        }
    }
    Ok(built)
}

/// Runs load → assemble → [`site_rules`] and [`string_rules`], without rendering (`output` is `None`).
pub fn prepare(project: &project::Project, options: &BuildOptions) -> Result<Built> {
    prepare_reusing(project, options, Earlier::default())
}

/// What `serve`'s last good build offers the next, each part taken only where it still holds.
#[derive(Default)]
pub(crate) struct Earlier {
    /// The pages known not to have changed, as that build parsed them.
    pub(crate) parsed: Option<Arc<model::Parsed>>,
    /// Its Fluent bundles, taken when made from the same files.
    pub(crate) fluent: Option<Arc<Fluent>>,
    /// Its listing of `content/`, given only when no name was added, removed or renamed there.
    pub(crate) listing: Option<Arc<fs::Walk>>,
    /// Its site with what was found making it, given only when nothing but the text of files
    /// under `locales/` changed since: a site is made from every other file, so only the strings
    /// are read and made again. Taken with [`Earlier::fluent`] only (which says how `site.toml`
    /// reads).
    pub(crate) site: Option<(Arc<model::Site>, Arc<Vec<diag::Diagnostic>>)>,
}

/// [`prepare`], taking from an `earlier` build what still holds rather than reading, listing and
/// parsing it again (`serve`).
pub(crate) fn prepare_reusing(
    project: &project::Project,
    options: &BuildOptions,
    mut earlier: Earlier,
) -> Result<Built> {
    limits::use_large_stacks();
    if let (Some(site), Some(fluent), false) =
        (earlier.site.take(), &earlier.fluent, options.pseudo)
    {
        return prepare_strings(project, options, site, fluent.clone(), earlier.listing);
    }
    let mut timings = Vec::new();
    let started = Instant::now();
    let (mut sources, mut report) =
        load::load_reusing(project, kept(&earlier.parsed), earlier.listing)?;
    timings.push(("load", started.elapsed()));
    let Some(config_file) = &sources.config else {
        if report.has_errors() {
            // site.toml is there but was refused (a link out of the site folder).
            report.normalize();
            return Ok(Built::failed(report, timings));
        }
        bail!(
            "`{}` has no site.toml; is it a site folder? (`zaklyk init DIR` makes one)",
            project.root.display()
        );
    };
    let mut config = match project::Config::parse(&config_file.text) {
        Ok(c) => c,
        Err(r) => {
            report.extend(r.diagnostics);
            settle(&mut report, options);
            return Ok(Built::failed(report, timings));
        }
    };
    if let Some(url) = &options.base_url {
        config.base_url =
            project::parse_base_url(url).map_err(|bad| anyhow!("--base-url {bad}"))?;
    }
    if options.pseudo {
        i18n::add_pseudo_language(&mut config, &mut sources.locales);
        sources.content_langs.insert(i18n::PSEUDO.to_string());
        sources.locale_langs.insert(i18n::PSEUDO.to_string());
    }
    let config_text = config_file.text.clone();
    let locale_files = std::mem::take(&mut sources.locales);
    let listing = sources.listing.take();
    // The strings and the pages are made from different files: each on a core of its own.
    let parsed: &model::Parsed = earlier.parsed.as_deref().unwrap_or(&|_| None);
    let ((fluent, fluent_took), ((site, r), pages_took)) = rayon::join(
        || timed(|| Fluent::of(&config_text, &config, locale_files, earlier.fluent)),
        || timed(|| model::assemble_reusing(config.clone(), sources, parsed)),
    );
    timings.push(("fluent", fluent_took));
    timings.push(("parse (front matter, pages)", pages_took));
    let started = Instant::now();
    let checked = site_rules(&site);
    timings.push(("page checks", started.elapsed()));
    // Kept for a next rebuild that changes strings only: what was found outside `locales/`.
    let site_findings: Vec<diag::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| !d.location.file.starts_with("locales/"))
        .chain(&r.diagnostics)
        .chain(&checked)
        .cloned()
        .collect();
    report.extend(r.diagnostics);
    report.extend(checked);
    let site = Arc::new(site);
    let built = with_strings(
        site,
        fluent,
        Arc::new(site_findings),
        report,
        timings,
        options,
    );
    Ok(Built { listing, ..built })
}

/// [`prepare_reusing`] when only strings changed: reads `locales/` alone, and takes `site` (with
/// what making it found) as it is.
fn prepare_strings(
    project: &project::Project,
    options: &BuildOptions,
    (site, site_findings): (Arc<model::Site>, Arc<Vec<diag::Diagnostic>>),
    last: Arc<Fluent>,
    listing: Option<Arc<fs::Walk>>,
) -> Result<Built> {
    let started = Instant::now();
    let (files, mut report) = load::load_strings(project)?;
    let mut timings = vec![("load", started.elapsed())];
    let config = last.config.clone();
    let (fluent, took) = timed(|| Fluent::of(&config, &site.config, files, Some(last)));
    timings.push(("fluent", took));
    report.extend(site_findings.iter().cloned());
    let built = with_strings(site, fluent, site_findings, report, timings, options);
    Ok(Built { listing, ..built })
}

/// What [`prepare_reusing`] ends with, from a site and its strings: their findings with those
/// of the [`string_rules`].
fn with_strings(
    site: Arc<model::Site>,
    fluent: Arc<Fluent>,
    site_findings: Arc<Vec<diag::Diagnostic>>,
    mut report: Report,
    mut timings: Vec<(&'static str, Duration)>,
    options: &BuildOptions,
) -> Built {
    report.extend(fluent.diagnostics.iter().cloned());
    let locales = fluent.locales.clone();
    let started = Instant::now();
    report.extend(string_rules(&site, &locales));
    timings.push(("string checks", started.elapsed()));
    settle(&mut report, options);
    Built {
        site: Some(site),
        locales: Some(locales),
        output: None,
        report,
        timings,
        cards: Default::default(),
        fluent: Some(fluent),
        listing: None,
        site_findings,
    }
}

/// What `f` gives, and how long it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    (f(), started.elapsed())
}

/// The pages the load need not read: those an earlier build `parsed`.
fn kept(parsed: &Option<Arc<model::Parsed>>) -> load::Unchanged {
    let parsed = parsed.clone()?;
    Some(Box::new(move |rel| parsed(rel).is_some()))
}

/// Renders an assembled site in one of its modes and checks its links; the output only when
/// there was no error.
pub(crate) fn render_site(
    site: &model::Site,
    locales: Arc<i18n::Locales>,
    mode: &render::RenderMode,
    cards: &render::CardsMode,
    kept: &card_cache::Kept,
) -> (Option<output::Output>, Report) {
    match render_timed(site, locales, mode, cards, None, kept) {
        Ok((output, report, _, _)) => (output, report),
        // Only a streamed output writes while it renders.
        Err(_) => (None, Report::default()),
    }
}

/// The share cards of a rendering, as its mode says: drawn into its output (from the cache where
/// they are there), checked, or left out.
pub(crate) struct CardsDone {
    pub(crate) stats: card_cache::CardStats,
    /// The cache keys of the cards drawn or found.
    pub(crate) keys: std::collections::BTreeSet<String>,
}

/// Draws or checks the cards `render` asked for, as `cards` says; problems go to `report`.
pub(crate) fn finish_cards(
    rendered: &mut render::Rendered,
    cards: &render::CardsMode,
    report: &mut Report,
) -> CardsDone {
    let mut done = CardsDone {
        stats: card_cache::CardStats::default(),
        keys: Default::default(),
    };
    let Some(fonts) = rendered.fonts.clone() else {
        return done;
    };
    match cards {
        render::CardsMode::Skip => {}
        render::CardsMode::Check => report.extend(card_cache::validate(&rendered.cards, &fonts)),
        render::CardsMode::Draw { cache } => {
            let (files, problems, stats) =
                card_cache::draw(&rendered.cards, &fonts, cache.as_deref(), &mut done.keys);
            for (path, bytes) in files {
                if let Err(e) = rendered.output.put_finished(path, bytes) {
                    rendered.write_error.get_or_insert(e);
                }
            }
            report.extend(problems);
            done.stats = stats;
        }
    }
    done
}

/// The results of [`render_timed`].
type Timed = (
    Option<output::Output>,
    Report,
    Vec<(&'static str, Duration)>,
    CardsDone,
);

/// [`render_site`], with the time of each stage, streaming into `staging` when given; `Err` when
/// a file could not be written there.
fn render_timed(
    site: &model::Site,
    locales: Arc<i18n::Locales>,
    mode: &render::RenderMode,
    cards_mode: &render::CardsMode,
    staging: Option<Arc<output::Staging>>,
    kept: &card_cache::Kept,
) -> Result<Timed> {
    let started = Instant::now();
    let (mut rendered, mut report) = render::render_to(site, locales, mode, staging, kept);
    let mut timings = vec![("render (wall clock)", started.elapsed())];
    timings.extend(rendered.timings.iter().copied());
    let started = Instant::now();
    let cards = finish_cards(&mut rendered, cards_mode, &mut report);
    timings.push(("cards", started.elapsed()));
    let started = Instant::now();
    report.extend(check::links(&rendered.output, &rendered.links));
    timings.push(("link check", started.elapsed()));
    report.normalize();
    if let Some(e) = rendered.write_error.take() {
        return Err(e);
    }
    let output = (!report.has_errors()).then_some(rendered.output);
    Ok((output, report, timings, cards))
}

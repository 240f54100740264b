//! Stage 3: render the [`Site`] into an [`Output`] (output path → bytes). Never writes.
//!
//! For each page this stage builds its view ([`crate::views`]: the Markdown rendered with links
//! resolved relative to where the page is written, and every field a template sees), runs it
//! through the templates and minifies it. Pages are independent, so they render in parallel;
//! results are collected in page order, so the output is the same whatever the scheduling. Then
//! every file made — pages, site-wide files, static files — goes through the output scan
//! ([`crate::publish`]) before anything may write it. The language chooser, `404.html`, the
//! translation-status page, `sitemap.xml`, `robots.txt` and the hosting kit
//! ([`crate::hosting`]) are made here too.
//!
//! One site renders for four targets ([`RenderMode`]): the hosted site (with links to the offline
//! downloads, when `package` made them), the offline copy that goes into the zip (no download
//! links, a pointer to the official address instead), one self-contained file per language
//! (stylesheet inlined, every other link absolute), and `serve`'s preview: the hosted site with a
//! live-reload script ([`LiveReload`]), which the page's policy ([`Csp`]) allows by its hash;
//! the script is added after the origin scan (which must never see it) and after minification
//! (which must not change the hashed text).
//!
//! The pages that spread the statement (demand pages, the one-sheet, updates, cards) are made by
//! [`spread`], with this module's [`Renderer`]; the targets and their policies are `targets`.
//!
//! Long because the render targets, the page pipeline and the site-wide files share one
//! `Renderer`.

pub(crate) mod spread;
mod targets;

pub use targets::*;

use crate::cards::CardJob;
use crate::diag::{Code, Diagnostic, LineIndex, Location, Report};
use crate::i18n::Locales;
use crate::minify;
use crate::model::{Page, Site};
use crate::output::{self, Output, PageLink};
use crate::templates::{escape_html, LangAttributes, LanguageTags, Templates, UrlTargets};
use crate::views::{
    page_context, root_context, AlternateView, BlockedView, Chrome, ConfigView, DownloadsView,
    GuideContext, IconView, LanguageView, Linker, MirrorView, SiteFrame, StatusView,
    TranslateContext,
};
use crate::{cards, digest, origins, parts, publish, status, theme, urls};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What rendering produces: the files, the content links to check against them, and the time
/// each stage took.
#[derive(Debug, Default)]
pub struct Rendered {
    pub output: Output,
    pub links: Vec<PageLink>,
    pub(crate) timings: Vec<(&'static str, Duration)>,
    /// The share cards to draw (see [`crate::draw_cards`]), and the fonts to draw them with.
    pub cards: Vec<CardJob>,
    pub(crate) fonts: Option<Arc<cards::Fonts>>,
    /// The first failure to write a streamed page into the staging folder.
    pub(crate) write_error: Option<anyhow::Error>,
    /// In a preview, the messages each page rendered looked up (see [`crate::incremental`]).
    pub(crate) shown: Vec<PageStrings>,
    /// In a preview, the languages whose strings the files of each language rendered that are
    /// not pages (the demands' pages, their sheet, the updates) looked up.
    pub(crate) shown_wide: Vec<(String, std::collections::BTreeSet<String>)>,
}

/// What a page's rendering looked up in the strings (ids, found or not, and the languages asked),
/// and where the page is.
#[derive(Debug, Clone)]
pub(crate) struct PageStrings {
    pub(crate) lang: String,
    pub(crate) slug: String,
    pub(crate) path: String,
    pub(crate) looked: crate::i18n::Looked,
}

/// Everything rendering needs that is the same for every page.
pub(crate) struct Renderer<'a> {
    pub(crate) site: &'a Site,
    pub(crate) locales: Arc<Locales>,
    pub(crate) templates: Templates,
    pub(crate) config: ConfigView<'a>,
    /// The fonts of share cards.
    pub(crate) fonts: Option<Arc<cards::Fonts>>,
    /// The widths of the cards' words measured earlier, and those measured now.
    pub(crate) card_widths: &'a cards::Widths,
    /// The stylesheet as published: the built-in (or the site's) `style.css` with `[theme]`'s
    /// colours appended, minified when the site is.
    stylesheet: Vec<u8>,
    /// `theme/static/custom.css` as published, when the site has one.
    custom_css: Option<Vec<u8>>,
    /// Every static file as published (the stylesheets above, the favicon in the accent colour).
    statics: Vec<crate::load::StaticFile>,
    /// The favicon: its path among the static files and its media type.
    favicon: (String, &'static str),
    /// Requests to other origins found in the theme, reported once rather than per page.
    problems: Vec<Diagnostic>,
    timings: StageTimes,
}

/// The stages of rendering a page, timed for `build --timings`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stage {
    /// The page's Markdown and its view (links, demands, signatories, dates).
    Markdown,
    Templates,
    /// The scan for requests to other origins.
    Scan,
    Minify,
    /// Writing pages into the staging folder as they are finished (`build`).
    Write,
}

/// Time spent per stage, summed over the threads that render pages in parallel (so it is CPU
/// time and can exceed the wall-clock time of the whole render).
#[derive(Debug, Default)]
pub(crate) struct StageTimes([AtomicU64; 5]);

impl StageTimes {
    fn add(&self, stage: Stage, since: Instant) {
        self.add_duration(stage, since.elapsed());
    }

    fn add_duration(&self, stage: Stage, took: Duration) {
        self.0[stage as usize].fetch_add(took.as_nanos() as u64, Ordering::Relaxed);
    }

    /// (name, duration) of every stage.
    pub(crate) fn list(&self) -> Vec<(&'static str, Duration)> {
        [
            "markdown and views",
            "templates",
            "origin scan",
            "minify",
            "write pages",
        ]
        .into_iter()
        .zip(&self.0)
        .map(|(name, n)| (name, Duration::from_nanos(n.load(Ordering::Relaxed))))
        .filter(|(name, took)| *name != "write pages" || !took.is_zero())
        .collect()
    }
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        locales: Arc<Locales>,
        kept: &'a crate::card_cache::Kept,
    ) -> Result<Renderer<'a>, Report> {
        let statics = theme::statics(&site.statics);
        let targets = UrlTargets {
            pages: site
                .pages
                .iter()
                .map(|p| (p.lang.clone(), p.slug.clone()))
                .collect(),
            files: statics.iter().map(|s| s.rel.clone()).collect(),
        };
        // What `get_url` answers from, for the fingerprint of the theme's parts.
        let mut addresses = String::new();
        for (lang, slug) in &targets.pages {
            addresses.extend([lang.as_str(), "/", slug.as_str(), "\n"]);
        }
        for file in &targets.files {
            addresses.extend([file.as_str(), "\n"]);
        }
        let tags: LanguageTags = site
            .config
            .languages
            .iter()
            .map(|l| {
                let attributes = LangAttributes {
                    lang: l.tag.clone(),
                    dir: l.dir,
                };
                (l.code.clone(), attributes)
            })
            .collect();
        let template_files = theme::templates(&site.templates);
        let scope = origins::Scope::new(&site.config.base_url, &site.config.allowed_origins);
        // The theme is scanned where it is written; the output scan then knows these problems
        // (by their subjects) and does not report them again for every page.
        let mut report = Report::default();
        for f in &template_files {
            let index = LineIndex::new(&f.text);
            for finding in origins::scan_template(&scope, &f.text) {
                let at = index.location(&f.path, finding.offset);
                report.push(finding.at(at));
            }
        }
        for s in statics
            .iter()
            .filter(|s| s.rel == publish::STYLESHEET || s.rel == theme::CUSTOM_CSS)
        {
            let text = String::from_utf8_lossy(&s.bytes);
            let index = LineIndex::new(&text);
            // Nested too deep for the scan is nested too deep for the minifier, which
            // `publish::statics` reports (`css-nesting`).
            let findings = origins::scan_css(&scope, &text)
                .into_iter()
                .filter(|f| f.subject != origins::CSS_DEPTH_SUBJECT);
            for finding in findings {
                let at = index.location(publish::static_source(site, &s.rel), finding.offset);
                report.push(finding.at(at));
            }
        }
        let mut templates = match Templates::load(
            template_files,
            locales.clone(),
            targets,
            tags,
            &kept.templates,
        ) {
            Ok(t) => t,
            Err(r) => {
                report.extend(r.diagnostics);
                return Err(report);
            }
        };
        let (statics, stylesheet, custom_css) = published_statics(site, statics);
        let favicon = site
            .config
            .theme
            .favicon
            .as_ref()
            .map_or_else(|| "favicon.svg".to_string(), |f| f.value.clone());
        let favicon_type = theme::image_type(&favicon).unwrap_or("image/svg+xml");
        // A file that is not a font is reported, and cards are laid out with the others, so that
        // one run reports every problem of the cards.
        let (fonts, font_problems) = cards::Fonts::load(&theme::fonts(&site.fonts));
        let fonts = Some(Arc::new(fonts));
        report.extend(font_problems);
        let mut config = ConfigView {
            base_url: &site.config.base_url,
            default_language: &site.config.default_language,
            source_language: &site.config.source_language,
            languages: site
                .config
                .languages
                .iter()
                .map(LanguageView::from)
                .collect(),
            scope,
            qr_masks: &kept.qr_masks,
            parts: parts::Parts::new(std::iter::empty(), "", &parts::Kept::default()),
        };
        if let Err(d) = templates.share("config", &config) {
            report.push(d);
            return Err(report);
        }
        // Made once `config` is shared: a part may read it.
        let inputs = templates.shared_text() + &addresses;
        config.parts = parts::Parts::new(templates.sources(), &inputs, &kept.parts);
        Ok(Renderer {
            site,
            locales,
            templates,
            config,
            fonts,
            card_widths: &kept.card_widths,
            stylesheet,
            custom_css,
            statics,
            favicon: (favicon, favicon_type),
            problems: report.diagnostics,
            timings: StageTimes::default(),
        })
    }

    /// The one step every page passes before it is published: a page larger than
    /// [`crate::limits::PAGE_BYTES`] or nested deeper than [`crate::limits::PAGE_NESTING`] is an
    /// error (the minifier would recurse past any stack), and the rest is minified when the site
    /// asks for it.
    pub(crate) fn finish(
        &self,
        path: &str,
        template: &str,
        html: String,
    ) -> Result<Vec<u8>, Diagnostic> {
        let at = || Location::file(format!("{path} (from {template})"));
        if html.len() > crate::limits::PAGE_BYTES {
            return Err(too_large(at(), html.len()));
        }
        let minified = if self.site.config.minify {
            minify::html(&html)
        } else {
            minify::check_nesting(&html).map(|()| html.into_bytes())
        };
        minified.map_err(|minify::TooDeep(depth)| {
            Diagnostic::new(
                Code::PageNesting,
                at(),
                format!(
                    "the page nests elements {depth} deep; zaklyk publishes pages nested up to {} deep",
                    crate::limits::PAGE_NESTING
                ),
            )
            .with_help("a loop in the template may open an element in every round without closing it")
        })
    }

    /// A page rendered from `template` with `view`, with the theme's parts of each of `versions`
    /// in the place of their markers ([`crate::parts`]): what [`Renderer::finish`] takes.
    pub(crate) fn render_page(
        &self,
        path: &str,
        template: &str,
        view: &impl serde::Serialize,
        versions: &[AlternateView],
    ) -> Result<String, Diagnostic> {
        let html = self.templates.render(template, view)?;
        let part = |part: &str, version: &AlternateView| {
            let (text, looked) = crate::i18n::recording(|| {
                self.templates
                    .render_piece(part, &PartContext { t: version })
            });
            // Kept for the whole rendering: without the room a page's rendering starts with.
            let text = text.map(|mut text| {
                text.shrink_to_fit();
                text
            });
            parts::Piece { text, looked }
        };
        let at = || Location::file(format!("{path} (from {template})"));
        let limit = crate::limits::PAGE_BYTES;
        match self.config.parts.splice(&html, versions, limit, part) {
            Ok(None) => Ok(html),
            Ok(Some(spliced)) => Ok(spliced),
            Err(parts::Unspliced::Part(d)) => Err(d),
            Err(parts::Unspliced::TooLarge(bytes)) => Err(too_large(at(), bytes)),
            Err(parts::Unspliced::Changed) => Err(Diagnostic::new(
                Code::TemplateRender,
                at(),
                "a marker of the theme's parts (`page.parts.<name>`) was changed on its way into the page, so its part cannot take its place".to_string(),
            )
            .with_help("print it as it is, `{{ page.parts.<name> | safe }}`: not escaped, and through no filter")),
        }
    }

    pub(crate) fn chrome(&self, mode: &RenderMode, from: &str, official: Option<String>) -> Chrome {
        let downloads = mode.downloads().map(|d| {
            let lang = from.split('/').next().unwrap_or("");
            let page = d.pages.get(lang);
            DownloadsView {
                zip_href: urls::relative(from, &d.zip.path),
                zip_kb: d.zip.bytes.div_ceil(1024),
                zip_sha256: d.zip.sha256.clone(),
                page_href: page.map(|p| urls::relative(from, &p.path)),
                page_kb: page.map(|p| p.bytes.div_ceil(1024)),
                page_sha256: page.map(|p| p.sha256.clone()),
                sums_href: urls::relative(from, &d.sums),
                sig_href: d
                    .signature
                    .as_ref()
                    .map(|s| urls::relative(from, &s.signature_path)),
                key_href: d
                    .signature
                    .as_ref()
                    .map(|s| urls::relative(from, &s.public_key_path)),
                fingerprint: d.signature.as_ref().map(|s| s.fingerprint.clone()),
            }
        });
        let config = &self.site.config;
        let page_path = if from == "404.html" { "" } else { from };
        Chrome {
            csp: self.csp(mode).to_string(),
            inline_css: None,
            custom_css: self
                .custom_css
                .as_ref()
                .map(|_| self.static_href(from, theme::CUSTOM_CSS)),
            single_file: false,
            offline_url: official.filter(|_| matches!(mode, RenderMode::Offline)),
            downloads,
            blocked: BlockedView {
                mirrors: config
                    .mirrors
                    .iter()
                    .map(|m| MirrorView {
                        name: m.clone(),
                        href: urls::file_url(m, page_path),
                    })
                    .collect(),
                onion: config.onion.clone(),
            },
            favicon: Some(IconView {
                href: self.static_href(from, &self.favicon.0),
                media_type: self.favicon.1,
            }),
            logo: config
                .theme
                .logo
                .as_ref()
                .map(|l| self.static_href(from, &l.value)),
        }
    }

    /// A link from output file `from` to a static file: relative, except from `404.html`, which
    /// is served at any address and links from the root of `base_url`.
    fn static_href(&self, from: &str, rel: &str) -> String {
        if from == "404.html" {
            format!("{}{rel}", urls::base_path(&self.site.config.base_url))
        } else {
            urls::relative(from, rel)
        }
    }

    /// A static file as a `data:` URL, for single-file pages.
    fn data_url(&self, rel: &str, media_type: &str) -> Option<String> {
        let bytes = self.statics.iter().find(|s| s.rel == rel)?;
        Some(format!(
            "data:{media_type};base64,{}",
            digest::base64(&bytes.bytes)
        ))
    }

    /// A page's chrome made self-contained: the stylesheets inlined (allowed by their hash), the
    /// favicon and logo as `data:` URLs, no downloads (the file is one of them).
    fn make_single(&self, chrome: &mut Chrome, mode: &RenderMode) {
        let css = self.single_css();
        chrome.csp = self.single_csp(mode).to_string();
        chrome.inline_css = Some(css);
        chrome.custom_css = None;
        chrome.single_file = true;
        chrome.downloads = None;
        chrome.favicon = self
            .data_url(&self.favicon.0, self.favicon.1)
            .map(|href| IconView {
                href,
                media_type: self.favicon.1,
            });
        chrome.logo = self.site.config.theme.logo.as_ref().and_then(|l| {
            self.data_url(
                &l.value,
                theme::image_type(&l.value).unwrap_or("image/svg+xml"),
            )
        });
    }

    /// The subjects of the problems found in the theme where it is written: the output scan
    /// does not report them again for every page.
    fn known_subjects(&self) -> std::collections::HashSet<std::num::NonZeroU32> {
        self.problems.iter().filter_map(|d| d.subject).collect()
    }

    /// The output scan of every file of `output` (see [`publish`]); HTML documents get `csp`.
    /// `earlier` are the scans of the files already written.
    fn publish(
        &self,
        output: &mut Output,
        earlier: Vec<publish::Scanned>,
        made: &BTreeMap<String, publish::Made>,
        csp: &Csp,
    ) -> Vec<Diagnostic> {
        let known = self.known_subjects();
        let (diags, took) = publish::scan(
            output,
            earlier,
            made,
            &known,
            &self.config.scope,
            &csp.to_string(),
        );
        self.timings.add_duration(Stage::Scan, took);
        diags
    }

    /// A page as it is published: scanned (with the policy put in), the reload script added in
    /// the preview, and written at once when the output streams (then the bytes are dropped).
    fn publish_page(
        &self,
        page: &Page,
        p: &mut PageOutput,
        mode: &RenderMode,
        known: &std::collections::HashSet<std::num::NonZeroU32>,
        csp: &str,
        staging: Option<&output::Staging>,
    ) -> anyhow::Result<Option<(publish::Scanned, usize)>> {
        let Some(bytes) = p.bytes.as_mut() else {
            return Ok(None);
        };
        let made = publish::Made::from_template(&page.path, &p.template, &p.diags);
        let scanned = publish::scan_one(&page.path, bytes, &made, known, &self.config.scope, csp);
        if let RenderMode::Preview { reload, .. } = mode {
            *bytes = reload.insert_into(bytes);
        }
        let size = bytes.len();
        if let Some(staging) = staging {
            let started = Instant::now();
            staging.put(&page.path, bytes)?;
            self.timings.add(Stage::Write, started);
            p.bytes = None;
        }
        Ok(Some((scanned, size)))
    }

    /// The policy of this rendering's pages, with the site's allowed origins.
    fn csp(&self, mode: &RenderMode) -> Csp {
        mode.csp().allowing(self.config.scope.allowed_sources())
    }

    /// The stylesheets a self-contained page inlines: the built-in one, then `custom.css`.
    fn single_css(&self) -> String {
        let mut css = String::from_utf8_lossy(&self.stylesheet).into_owned();
        if let Some(custom) = &self.custom_css {
            css.push('\n');
            css.push_str(&String::from_utf8_lossy(custom));
        }
        css
    }

    /// The policy of a self-contained page: its inlined stylesheets allowed by their hash.
    fn single_csp(&self, mode: &RenderMode) -> Csp {
        Csp {
            style_src: Csp::hash(self.single_css().as_bytes()),
            ..self.csp(mode)
        }
    }

    /// Renders one page.
    fn page(&self, page: &Page, mode: &RenderMode) -> PageOutput {
        let site = self.site;
        let single = matches!(mode, RenderMode::SingleFile);
        let linker = Linker {
            from: &page.path,
            absolute: single.then_some(site.config.base_url.as_str()),
        };
        let started = Instant::now();
        let (mut view, mut diags, links) =
            page_context(site, &self.locales, &self.config, page, linker);
        self.timings.add(Stage::Markdown, started);
        view.chrome = self.chrome(mode, &page.path, Some(view.page.canonical.clone()));
        if single {
            self.make_single(&mut view.chrome, mode);
        }
        let source = site.source_of(page);
        let template = source.front.template.clone().unwrap_or_else(|| {
            if page.slug == "index" {
                "index.html".into()
            } else {
                "page.html".into()
            }
        });
        if !self.templates.has(&template) {
            let at = Location::at(
                &source.file.path,
                &source.file.text,
                source.file.text.find("template").unwrap_or(0),
            );
            diags.push(Diagnostic::new(
                Code::TemplateMissing,
                at,
                format!("template `{template}` does not exist"),
            ));
            return PageOutput {
                bytes: None,
                diags,
                links,
                template,
                shown: None,
            };
        }
        let started = Instant::now();
        let rendered = self.render_page(&page.path, &template, &view, &view.page.translations);
        self.timings.add(Stage::Templates, started);
        let bytes = match rendered {
            Ok(html) => {
                let started = Instant::now();
                let finished = self.finish(&page.path, &template, html);
                self.timings.add(Stage::Minify, started);
                match finished {
                    Ok(bytes) => Some(bytes),
                    Err(d) => {
                        diags.push(d);
                        None
                    }
                }
            }
            Err(d) => {
                diags.push(d);
                None
            }
        };
        PageOutput {
            bytes,
            diags,
            links,
            template,
            shown: None,
        }
    }
}

/// The static files as they are published: `style.css` with the colours of `[theme]` appended,
/// the stylesheets minified when the site is, the built-in favicon in the accent colour. Returns
/// them with the stylesheet and `custom.css` on their own, for inlining.
fn published_statics(
    site: &Site,
    mut statics: Vec<crate::load::StaticFile>,
) -> (Vec<crate::load::StaticFile>, Vec<u8>, Option<Vec<u8>>) {
    let palette = theme::Palette::of(&site.config.theme);
    let css = |text: String| {
        if site.config.minify {
            // Too deep is reported where the stylesheets are checked; it is published as written.
            minify::css(&text).unwrap_or_else(|_| text.into_bytes())
        } else {
            text.into_bytes()
        }
    };
    let own_favicon = site.statics.iter().any(|s| s.rel == "favicon.svg");
    for s in statics.iter_mut() {
        if s.rel == "style.css" {
            let mut text = String::from_utf8_lossy(&s.bytes).into_owned();
            if let Some(p) = &palette {
                text.push_str(&p.css());
            }
            s.bytes = css(text);
        } else if s.rel == theme::CUSTOM_CSS {
            s.bytes = css(String::from_utf8_lossy(&s.bytes).into_owned());
        } else if s.rel == "favicon.svg" && !own_favicon {
            s.bytes = theme::favicon_svg(palette.as_ref());
        }
    }
    // A custom.css of comments only (as `init` writes it) is neither published nor linked.
    statics.retain(|s| {
        s.rel != theme::CUSTOM_CSS
            || !minify::css(&String::from_utf8_lossy(&s.bytes))
                .is_ok_and(|css| css.iter().all(u8::is_ascii_whitespace))
    });
    let find = |rel: &str| {
        statics
            .iter()
            .find(|s| s.rel == rel)
            .map(|s| s.bytes.clone())
    };
    let stylesheet = find("style.css").unwrap_or_default();
    let custom = find(theme::CUSTOM_CSS);
    (statics, stylesheet, custom)
}

/// A page rendered, with what was found on the way.
struct PageOutput {
    bytes: Option<Vec<u8>>,
    diags: Vec<Diagnostic>,
    links: Vec<PageLink>,
    template: String,
    /// The messages it looked up, when they are recorded (a preview).
    shown: Option<crate::i18n::Looked>,
}

/// Renders every output file of the site, in memory.
pub fn render(site: &Site, locales: Arc<Locales>, mode: &RenderMode) -> (Rendered, Report) {
    render_to(
        site,
        locales,
        mode,
        None,
        &crate::card_cache::Kept::default(),
    )
}

/// Renders every output file of the site; with `staging`, each page is written there as soon
/// as it is finished rather than kept (see [`Output::streaming`]). QR codes and cards are drawn
/// with what `kept` has of earlier builds (see [`crate::card_cache::Kept`]).
pub(crate) fn render_to(
    site: &Site,
    locales: Arc<Locales>,
    mode: &RenderMode,
    staging: Option<Arc<output::Staging>>,
    kept: &crate::card_cache::Kept,
) -> (Rendered, Report) {
    crate::limits::use_large_stacks();
    let mut report = Report::default();
    let mut output = Output::streaming(staging.clone());
    let mut links = Vec::new();
    let r = match Renderer::new(site, locales.clone(), kept) {
        Ok(r) => r,
        Err(report) => return (Rendered::default(), report),
    };
    report.extend(r.problems.iter().cloned());

    let languages: Vec<&crate::project::Language> = site
        .config
        .languages
        .iter()
        .filter(|l| mode.renders(&l.code))
        .collect();
    // The site-wide files render beside the pages rather than after them, and so do the demands'
    // pages, the updates and the cards of each language.
    let known = r.known_subjects();
    let csp = r.csp(mode).to_string();
    // Chosen before they are shared out: a preview's rebuild renders a few pages among
    // thousands, and rayon splits a list by its length, not by the work its items hold.
    let to_render: Vec<&crate::model::Page> = site
        .pages
        .iter()
        .filter(|p| mode.renders_page(&p.lang, &p.slug))
        .collect();
    let (results, ((site_files, site_report), spread_results)) = rayon::join(
        || {
            to_render
                .par_iter()
                .map(|&page| {
                    let mut p = if mode.records_strings() {
                        let (mut p, shown) = crate::i18n::recording(|| r.page(page, mode));
                        p.shown = Some(shown);
                        p
                    } else {
                        r.page(page, mode)
                    };
                    let published =
                        r.publish_page(page, &mut p, mode, &known, &csp, staging.as_deref());
                    (page, p, published)
                })
                .collect::<Vec<_>>()
        },
        || {
            rayon::join(
                || site_wide(&r, site, &locales, mode),
                || {
                    languages
                        .par_iter()
                        .map(|l| {
                            let ((files, mut diags, page_links), looked) = if mode.records_strings()
                            {
                                crate::i18n::recording(|| spread::pages_of(&r, l, mode))
                            } else {
                                (spread::pages_of(&r, l, mode), Default::default())
                            };
                            let jobs = spread::cards_of(&r, l, &mut diags);
                            let wide = (l.code.clone(), looked.languages);
                            (files, diags, page_links, jobs, wide)
                        })
                        .collect::<Vec<_>>()
                },
            )
        },
    );
    let mut made = BTreeMap::new();
    for (path, (bytes, m)) in site_files {
        output.insert(path.clone(), bytes);
        made.insert(path, m);
    }
    report.extend(site_report.diagnostics);
    let mut card_jobs = Vec::new();
    let mut shown_wide = Vec::new();
    for (files, diags, page_links, jobs, wide) in spread_results {
        if mode.records_strings() {
            shown_wide.push(wide);
        }
        for (path, (bytes, m)) in files {
            output.insert(path.clone(), bytes);
            made.insert(path, m);
        }
        report.extend(diags);
        links.extend(page_links);
        card_jobs.extend(jobs);
    }
    let mut results = results;
    let shown = results
        .iter_mut()
        .filter_map(|(page, p, _)| {
            Some(PageStrings {
                lang: page.lang.clone(),
                slug: page.slug.clone(),
                path: page.path.clone(),
                looked: p.shown.take()?,
            })
        })
        .collect();
    let (pages, scanned, write_error) =
        gather_pages(results, &mut output, &mut made, &mut report, &mut links);
    // Every file this rendering makes, with the demands' pages, the feeds and the cards, so that
    // no static file takes the place of one.
    let made_paths = made
        .iter()
        .map(|(path, m): (&String, &publish::Made)| {
            let what = if m.group == *path {
                "which zaklyk makes".to_string()
            } else {
                format!("which zaklyk makes from `{}`", m.group)
            };
            (path.clone(), what)
        })
        .chain(card_jobs.iter().map(|job| {
            let what = "the share card zaklyk draws".to_string();
            (job.path.clone(), what)
        }))
        .collect::<Vec<_>>();
    let (statics, problems) = publish::statics(site, r.statics.clone(), made_paths);
    report.extend(problems);
    for (path, bytes, m) in statics {
        output.insert(path.clone(), bytes);
        made.insert(path, m);
    }
    report.extend(r.publish(&mut output, scanned, &made, &r.csp(mode)));

    report.extend(r.templates.take_problems());
    report.normalize();
    r.config.parts.keep(&kept.parts);
    if let RenderMode::Preview { reload, .. } = mode {
        for (path, bytes) in output.files.iter_mut() {
            if path.ends_with(".html") {
                *bytes = reload.insert_into(bytes);
            }
        }
    }
    // The pages were scanned (and given the reload script) as they were made.
    for (path, bytes) in pages {
        output.insert(path, bytes);
    }
    (
        Rendered {
            output,
            links,
            timings: r.timings.list(),
            cards: card_jobs,
            fonts: r.fonts.clone(),
            write_error,
            shown,
            shown_wide,
        },
        report,
    )
}

/// A page rendered and published: the page, its output, and its scan and size (or why it could
/// not be written).
type PublishedPage<'a> = (
    &'a Page,
    PageOutput,
    anyhow::Result<Option<(publish::Scanned, usize)>>,
);

/// What [`gather_pages`] returns.
type Gathered = (
    Vec<(String, Vec<u8>)>,
    Vec<publish::Scanned>,
    Option<anyhow::Error>,
);

/// Takes in the pages rendered in parallel, in page order: what each made, its problems and
/// links; the streamed ones are recorded as written. Returns the pages kept in memory, the scans
/// of all, and the first failure to write one.
fn gather_pages(
    results: Vec<PublishedPage>,
    output: &mut Output,
    made: &mut BTreeMap<String, publish::Made>,
    report: &mut Report,
    links: &mut Vec<PageLink>,
) -> Gathered {
    let mut pages = Vec::new();
    let mut scanned = Vec::new();
    let mut write_error = None;
    for (page, p, published) in results {
        made.insert(
            page.path.clone(),
            publish::Made::from_template(&page.path, &p.template, &p.diags),
        );
        report.extend(p.diags);
        links.extend(p.links);
        match published {
            Ok(Some((s, size))) => {
                scanned.push(s);
                match p.bytes {
                    Some(bytes) => pages.push((page.path.clone(), bytes)),
                    None => output.staged(page.path.clone(), size),
                }
            }
            Ok(None) => {}
            Err(e) => write_error = write_error.or(Some(e)),
        }
    }
    (pages, scanned, write_error)
}

/// A page past [`crate::limits::PAGE_BYTES`].
fn too_large(at: Location, bytes: usize) -> Diagnostic {
    Diagnostic::new(
        Code::PageTooLarge,
        at,
        format!(
            "the page is {} MiB; zaklyk publishes pages of up to {} MiB",
            bytes >> 20,
            crate::limits::PAGE_BYTES >> 20
        ),
    )
    .with_help("split the content into several pages, or print less in the template")
}

/// A page's or part's view of one of the page's versions ([`crate::parts`]).
#[derive(serde::Serialize)]
struct PartContext<'v, 'a> {
    t: &'v AlternateView<'a>,
}

/// The files that belong to no language: the language chooser, `404.html`, the translation
/// status and guide, `sitemap.xml`, `robots.txt` and the static hosts' files, each with how it
/// was made.
fn site_wide(
    r: &Renderer,
    site: &Site,
    locales: &Locales,
    mode: &RenderMode,
) -> (BTreeMap<String, (Vec<u8>, publish::Made)>, Report) {
    let mut output = BTreeMap::new();
    let mut report = Report::default();
    let mut rendered = |path: &str, template: &str, html: Result<String, Diagnostic>| match html
        .and_then(|html| r.finish(path, template, html))
    {
        Ok(bytes) => {
            let made = publish::Made::from_template(path, template, &[]);
            output.insert(path.to_string(), (bytes, made));
        }
        Err(d) => report.push(d),
    };
    for (path, template) in [("index.html", "languages.html"), ("404.html", "404.html")] {
        let root = if path == "404.html" {
            urls::base_path(&site.config.base_url)
        } else {
            String::new()
        };
        let mut chrome = r.chrome(mode, path, Some(site.config.base_url.clone()));
        if path == "404.html" {
            chrome.downloads = None;
        }
        let view = root_context(site, root, path, chrome);
        rendered(path, template, r.templates.render(template, &view));
    }

    let frame = |path: &str, root: &str| {
        let official = format!(
            "{}{}",
            site.config.base_url,
            path.trim_end_matches("index.html")
        );
        SiteFrame::new(site, root.to_string(), r.chrome(mode, path, Some(official)))
    };
    let translate = TranslateContext {
        frame: frame("translate/index.html", "../"),
        languages: status::summarize(site, locales)
            .into_iter()
            .map(|s| StatusView {
                messages_percent: s.messages_percent(),
                href: format!("../{}/index.html", s.code),
                status: s,
            })
            .collect(),
    };
    rendered(
        "translate/index.html",
        "translate.html",
        r.templates.render("translate.html", &translate),
    );
    let guide = GuideContext {
        frame: frame("translate/guide/index.html", "../../"),
        guide: translators_guide(),
    };
    rendered(
        "translate/guide/index.html",
        "guide.html",
        r.templates.render("guide.html", &guide),
    );

    let mut files = vec![(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            site.config.base_url
        ),
    )];
    if !matches!(mode, RenderMode::Preview { sitemap: false, .. }) {
        files.insert(0, ("sitemap.xml", sitemap(site)));
    }
    if !matches!(mode, RenderMode::Offline) {
        let csp = Csp::published().allowing(r.config.scope.allowed_sources());
        files.extend(crate::hosting::files(&site.config, &csp.to_string()));
    }
    for (path, text) in files {
        output.insert(
            path.to_string(),
            (text.into_bytes(), publish::Made::generated(path)),
        );
    }
    (output, report)
}

/// The translators' guide as HTML (it is in English). It is the same for every site: rendered
/// once (`serve` renders the site-wide files on every rebuild).
fn translators_guide() -> String {
    static GUIDE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    GUIDE.get_or_init(render_guide).clone()
}

fn render_guide() -> String {
    let none = |_: &str| None;
    let text = theme::TRANSLATORS_GUIDE;
    let input = crate::markdown::Input {
        file: "TRANSLATING.md",
        text,
        region: 0..text.len(),
        allow_html: false,
        scope: &origins::Scope::default(),
        resolve: &none,
    };
    crate::markdown::render(&input).0.html
}

/// One self-contained HTML file per language: its statement, demands and signatories, the
/// stylesheet inlined (allowed by its hash in the page's CSP), every link absolute.
pub(crate) fn single_pages(
    site: &Site,
    locales: Arc<Locales>,
    kept: &crate::card_cache::Kept,
) -> (BTreeMap<String, Vec<u8>>, Report) {
    crate::limits::use_large_stacks();
    let mut report = Report::default();
    let mut out = BTreeMap::new();
    let r = match Renderer::new(site, locales, kept) {
        Ok(r) => r,
        Err(report) => return (out, report),
    };
    report.extend(r.problems.iter().cloned());
    let mode = RenderMode::SingleFile;
    let name = &site.config.name;
    let mut output = Output::default();
    let mut made = BTreeMap::new();
    for page in site.pages.iter().filter(|p| p.slug == "index") {
        let p = r.page(page, &mode);
        let path = format!("download/{name}-{}.html", page.lang);
        made.insert(
            path.clone(),
            publish::Made::from_template(&path, &p.template, &p.diags),
        );
        report.extend(p.diags);
        if let Some(bytes) = p.bytes {
            output.insert(path, bytes);
        }
    }
    report.extend(r.publish(&mut output, Vec::new(), &made, &r.single_csp(&mode)));
    for page in site.pages.iter().filter(|p| p.slug == "index") {
        let path = format!("download/{name}-{}.html", page.lang);
        if let Some(bytes) = output.files.remove(&path) {
            out.insert(page.lang.clone(), bytes);
        }
    }
    report.extend(r.templates.take_problems());
    report.normalize();
    r.config.parts.keep(&kept.parts);
    (out, report)
}

/// `sitemap.xml` with `hreflang` alternates: every translated page, with its siblings.
fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    // Every translation of a slug lists the same alternates: make that block once per slug.
    let mut alternates: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut entries = Vec::new();
    for page in site
        .pages
        .iter()
        .filter(|p| site.source_of(p).lang == p.lang)
    {
        let mut head = format!("  <url>\n    <loc>{}</loc>\n", escape_html(&page.url));
        if let Some(date) = site.source_of(page).front.date {
            head.push_str(&format!("    <lastmod>{}</lastmod>\n", date.iso()));
        }
        alternates.entry(page.slug.as_str()).or_insert_with(|| {
            let mut block = String::new();
            for (l, other) in site
                .versions(&page.slug)
                .filter(|(l, o)| site.source_of(o).lang == l.code)
            {
                block.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    escape_html(&l.tag),
                    escape_html(&other.url)
                ));
            }
            let x_default = if page.slug == "index" {
                base.clone()
            } else {
                urls::page_url(base, &site.config.default_language, &page.slug)
            };
            block.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n",
                escape_html(&x_default)
            ));
            block
        });
        entries.push((head, page.slug.as_str()));
    }
    const OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
    const CLOSE: &str = "</urlset>\n";
    // A large site's sitemap runs to tens of megabytes: allocate it once, at its size.
    let size = OPEN.len()
        + CLOSE.len()
        + entries
            .iter()
            .map(|(head, slug)| head.len() + alternates[slug].len())
            .sum::<usize>();
    let mut xml = String::with_capacity(size);
    xml.push_str(OPEN);
    for (head, slug) in &entries {
        xml.push_str(head);
        xml.push_str(&alternates[slug]);
    }
    for entry in spread::sitemap_entries(site) {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape_html(&entry.url)
        ));
        for (tag, url) in &entry.versions {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_html(tag),
                escape_html(url)
            ));
        }
        xml.push_str(&format!(
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n",
            escape_html(&entry.x_default)
        ));
    }
    xml.push_str(CLOSE);
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_policy_is_its_directives() {
        assert_eq!(Csp::published().to_string(), CSP);
        assert_eq!(RenderMode::default().csp(), Csp::published());
        let preview = RenderMode::Preview {
            reload: LiveReload { script: "go()" },
            languages: None,
            slugs: Default::default(),
            sitemap: true,
            pages: None,
        }
        .csp()
        .to_string();
        assert_eq!(
            preview,
            format!(
                "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'sha256-{}'; connect-src 'self'; base-uri 'none'; form-action 'none'",
                digest::sha256_base64(b"go()")
            )
        );
    }

    #[test]
    fn allowed_origins_are_allowed_by_the_policy_too() {
        let csp = Csp::published()
            .allowing(vec!["https://media.example.org".into()])
            .to_string();
        assert_eq!(
            csp,
            "default-src 'none'; style-src 'self' https://media.example.org; img-src 'self' data: https://media.example.org; font-src https://media.example.org; media-src https://media.example.org; base-uri 'none'; form-action 'none'"
        );
    }

    #[test]
    fn the_live_script_ends_the_body() {
        let live = LiveReload { script: "go()" };
        let put = |html: &str| String::from_utf8(live.insert_into(html.as_bytes())).unwrap();
        assert_eq!(
            put("<p>a</p>\n</body>\n</html>\n"),
            "<p>a</p>\n<script>go()</script></body>\n</html>\n"
        );
        assert_eq!(
            put("<p>a</BODY></HTML>"),
            "<p>a<script>go()</script></BODY></HTML>"
        );
        // Minified pages leave the optional end tags out.
        assert_eq!(put("<p>a"), "<p>a<script>go()</script>");
        assert_eq!(put("<p>a</html>"), "<p>a<script>go()</script></html>");
    }
}

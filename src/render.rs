//! Stage 3: render the [`Site`] into an [`Output`] (output path → bytes). Never writes.
//!
//! For each page this stage renders its Markdown (links resolved relative to where the page is
//! written), builds a typed, serializable view of it (as Zola's `SerializingPage`: templates see
//! named fields, not a hand-filled map), runs it through the templates and minifies it. Pages are
//! independent, so they render in parallel; results are collected in page order, so the output is
//! the same whatever the scheduling. The language chooser, `404.html`, the translation-status
//! page, `sitemap.xml`, `robots.txt` and the static hosts' `_headers`, `_redirects` and
//! `.nojekyll` are made here too.
//!
//! One site renders in three ways ([`RenderMode`]): the hosted site (with links to the offline
//! downloads, when `package` made them), the offline copy that goes into the zip (no download
//! links, a pointer to the official address instead), and one self-contained file per language
//! (stylesheet inlined, every other link absolute).

use crate::content::{PageSource, TranslationState};
use crate::diag::{Diagnostic, LineIndex, Location, Report};
use crate::i18n::{Arg, Direction, Locales};
use crate::markdown::{self, Heading, DEMANDS_SLOT};
use crate::minify;
use crate::model::{Page, Site};
use crate::output::Output;
use crate::project::Language;
use crate::templates::{LanguageTags, Templates, UrlTargets};
use crate::{digest, origins, status, theme, urls};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The Content-Security-Policy of every page: nothing from another origin, no script at all.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// How to render the site.
#[derive(Debug, Clone, Default)]
pub struct RenderMode {
    /// The copy inside the offline zip: pages point to the official address, not to downloads.
    pub offline_copy: bool,
    /// The downloads `package` made, to link from every page of the hosted site.
    pub downloads: Option<Downloads>,
    /// Render only the pages of these languages (and the site-wide files): `serve`'s
    /// incremental rebuilds.
    pub languages: Option<std::collections::BTreeSet<String>>,
}

/// Files in `download/`, with their sizes.
#[derive(Debug, Clone, Default)]
pub struct Downloads {
    pub zip: DownloadFile,
    /// Per language code: its single-file page.
    pub pages: BTreeMap<String, DownloadFile>,
    pub sums: String,
    /// When `package --sign` signed the checksums: the signature's and the public key's output
    /// paths and the key's fingerprint.
    pub signature: Option<(String, String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct DownloadFile {
    /// Output path (`download/site-offline.zip`).
    pub path: String,
    pub bytes: u64,
}

#[derive(Serialize, Clone)]
pub struct LanguageView<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub tag: &'a str,
    pub dir: Direction,
}

impl<'a> From<&'a Language> for LanguageView<'a> {
    fn from(l: &'a Language) -> Self {
        LanguageView {
            code: &l.code,
            name: &l.name,
            tag: &l.tag,
            dir: l.dir,
        }
    }
}

#[derive(Serialize)]
struct ConfigView<'a> {
    base_url: &'a str,
    default_language: &'a str,
    source_language: &'a str,
    languages: Vec<LanguageView<'a>>,
}

/// What every page template gets besides its own content: how the page is delivered.
#[derive(Serialize, Default)]
struct Chrome {
    /// The Content-Security-Policy for the `<meta>`.
    csp: String,
    /// The stylesheet, inlined (single-file pages only).
    inline_css: Option<String>,
    /// The official address of this page, shown in the offline copy.
    offline_url: Option<String>,
    downloads: Option<DownloadsView>,
}

#[derive(Serialize)]
struct DownloadsView {
    zip_href: String,
    zip_kb: u64,
    page_href: Option<String>,
    page_kb: Option<u64>,
    sums_href: String,
    sig_href: Option<String>,
    key_href: Option<String>,
    fingerprint: Option<String>,
}

/// Another language's version of the current page.
#[derive(Serialize)]
struct AlternateView<'a> {
    lang: LanguageView<'a>,
    /// Link from the current page (relative; absolute in a single-file page).
    href: String,
    /// Absolute public address.
    url: String,
    current: bool,
    /// The version has its own translation (not a fallback): listed as an `hreflang` alternate.
    translated: bool,
}

#[derive(Serialize)]
struct DateView {
    iso: String,
    display: String,
}

/// A link that shares an address on a network or by email; nothing is contacted until clicked.
#[derive(Serialize)]
struct ShareView {
    name: String,
    href: String,
}

#[derive(Serialize)]
struct DemandView {
    number: u32,
    id: String,
    html: String,
    /// Absolute address of the demand, for sharing.
    url: String,
    share: Vec<ShareView>,
}

#[derive(Serialize)]
struct SignatoryView<'a> {
    id: &'a str,
    name: String,
    url: Option<&'a str>,
    /// The language tag of the name when it is not the page's language.
    lang: Option<&'a str>,
}

#[derive(Serialize)]
struct NavView {
    title: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct PageView<'a> {
    slug: &'a str,
    path: &'a str,
    title: &'a str,
    description: &'a str,
    date: Option<DateView>,
    /// Body HTML up to the demands slot (all of it when there is no slot).
    content: String,
    /// Body HTML after the demands slot.
    content_after: String,
    headings: Vec<Heading>,
    /// Set when the content is another language's, shown because this one has no translation.
    content_lang: Option<LanguageView<'a>>,
    /// An unreviewed draft translation.
    draft: bool,
    /// Made from an older version of the source text (its `source_hash` no longer matches).
    outdated: bool,
    /// Link to the same page in the source language, when this is not it.
    source_href: Option<String>,
    canonical: String,
    translations: Vec<AlternateView<'a>>,
    demands: Vec<DemandView>,
    demands_lang: Option<LanguageView<'a>>,
    signatories: Vec<SignatoryView<'a>>,
    nav: Vec<NavView>,
    share: Vec<ShareView>,
    /// This language's statement page.
    home_href: String,
    /// The language chooser.
    languages_href: String,
    /// The translation-status page.
    translate_href: String,
}

#[derive(Serialize)]
struct PageContext<'a> {
    config: &'a ConfigView<'a>,
    lang: &'a str,
    language: LanguageView<'a>,
    source_language: LanguageView<'a>,
    /// The way back to the output root from this page (`../`), for static files and `get_url`.
    root: String,
    page: PageView<'a>,
    #[serde(flatten)]
    chrome: Chrome,
}

/// A language on the chooser and the 404 page.
#[derive(Serialize)]
struct ChoiceView<'a> {
    lang: LanguageView<'a>,
    href: String,
    title: String,
    url: String,
}

#[derive(Serialize)]
struct RootContext<'a> {
    config: &'a ConfigView<'a>,
    lang: &'a str,
    language: LanguageView<'a>,
    root: String,
    choices: Vec<ChoiceView<'a>>,
    canonical: String,
    #[serde(flatten)]
    chrome: Chrome,
}

/// `translate/index.html`: the coverage of every language.
#[derive(Serialize)]
struct TranslateContext<'a> {
    config: &'a ConfigView<'a>,
    lang: &'a str,
    language: LanguageView<'a>,
    root: String,
    languages: Vec<StatusView>,
    #[serde(flatten)]
    chrome: Chrome,
}

#[derive(Serialize)]
struct StatusView {
    #[serde(flatten)]
    status: status::LanguageStatus,
    messages_percent: usize,
    href: String,
}

/// A link written in content, as it appears in the output page `from` (after `@/` links are
/// resolved), for the link check.
#[derive(Debug, Clone)]
pub struct PageLink {
    pub from: String,
    /// The link as written in the content file.
    pub written: String,
    /// The link as it is in the output.
    pub href: String,
    pub location: Location,
}

/// What rendering produces: the files, the content links to check against them, and the time
/// each stage took.
#[derive(Debug, Default)]
pub struct Rendered {
    pub output: Output,
    pub links: Vec<PageLink>,
    pub timings: Vec<(&'static str, Duration)>,
}

/// How links leave a page: relative (normal pages) or absolute (a single-file page, which has no
/// other file beside it).
#[derive(Clone, Copy)]
struct Linker<'a> {
    from: &'a str,
    absolute: Option<&'a str>,
}

impl Linker<'_> {
    /// A link to output file `to`.
    fn to(&self, to: &str) -> String {
        match self.absolute {
            Some(base) => urls::file_url(base, to),
            None => urls::relative(self.from, to),
        }
    }

    fn root(&self) -> String {
        match self.absolute {
            Some(base) => base.to_string(),
            None => urls::root_prefix(self.from),
        }
    }
}

/// Everything rendering needs that is the same for every page.
struct Renderer<'a> {
    site: &'a Site,
    locales: Arc<Locales>,
    templates: Templates,
    config: ConfigView<'a>,
    stylesheet: Vec<u8>,
    /// Requests to other origins found in the theme, reported once rather than per page.
    problems: Vec<Diagnostic>,
    timings: StageTimes,
}

/// The stages of rendering a page, timed for `build --timings`.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// The page's Markdown and its view (links, demands, signatories, dates).
    Markdown,
    Templates,
    /// The scan for requests to other origins.
    Scan,
    Minify,
}

/// Time spent per stage, summed over the threads that render pages in parallel (so it is CPU
/// time and can exceed the wall-clock time of the whole render).
#[derive(Debug, Default)]
pub struct StageTimes([AtomicU64; 4]);

impl StageTimes {
    fn add(&self, stage: Stage, since: Instant) {
        self.0[stage as usize].fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }

    /// (name, duration) of every stage.
    pub fn list(&self) -> Vec<(&'static str, Duration)> {
        ["markdown and views", "templates", "origin scan", "minify"]
            .into_iter()
            .zip(&self.0)
            .map(|(name, n)| (name, Duration::from_nanos(n.load(Ordering::Relaxed))))
            .collect()
    }
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, locales: Arc<Locales>) -> Result<Renderer<'a>, Report> {
        let statics = theme::statics(&site.statics);
        let targets = UrlTargets {
            pages: site
                .pages
                .iter()
                .map(|p| (p.lang.clone(), p.slug.clone()))
                .collect(),
            files: statics.iter().map(|s| s.rel.clone()).collect(),
        };
        let tags: LanguageTags = site
            .config
            .languages
            .iter()
            .map(|l| {
                (
                    l.code.clone(),
                    (
                        l.tag.clone(),
                        if l.dir == Direction::Rtl {
                            "rtl"
                        } else {
                            "ltr"
                        },
                    ),
                )
            })
            .collect();
        let template_files = theme::templates(&site.templates);
        let mut report = Report::default();
        for f in &template_files {
            let index = LineIndex::new(&f.text);
            for e in origins::scan_html(&f.text, &site.config.allowed_origins) {
                report.push(external_diagnostic(index.location(&f.path, e.offset), &e));
            }
        }
        for s in statics.iter().filter(|s| s.rel.ends_with(".css")) {
            let text = String::from_utf8_lossy(&s.bytes);
            let index = LineIndex::new(&text);
            for e in origins::scan_css(&text, &site.config.allowed_origins) {
                report.push(external_diagnostic(
                    index.location(format!("theme/static/{}", s.rel), e.offset),
                    &e,
                ));
            }
        }
        let templates = Templates::load(template_files, locales.clone(), targets, tags)?;
        let stylesheet = statics
            .iter()
            .find(|s| s.rel == "style.css")
            .map(|s| minify::css(&String::from_utf8_lossy(&s.bytes)))
            .unwrap_or_default();
        let config = ConfigView {
            base_url: &site.config.base_url,
            default_language: &site.config.default_language,
            source_language: &site.config.source_language,
            languages: site
                .config
                .languages
                .iter()
                .map(LanguageView::from)
                .collect(),
        };
        Ok(Renderer {
            site,
            locales,
            templates,
            config,
            stylesheet,
            problems: report.diagnostics,
            timings: StageTimes::default(),
        })
    }

    fn finish(&self, html: String) -> Vec<u8> {
        if self.site.config.minify {
            minify::html(&html)
        } else {
            html.into_bytes()
        }
    }

    fn chrome(&self, mode: &RenderMode, from: &str, official: Option<String>) -> Chrome {
        let downloads = mode.downloads.as_ref().map(|d| {
            let lang = from.split('/').next().unwrap_or("");
            let page = d.pages.get(lang);
            DownloadsView {
                zip_href: urls::relative(from, &d.zip.path),
                zip_kb: d.zip.bytes.div_ceil(1024),
                page_href: page.map(|p| urls::relative(from, &p.path)),
                page_kb: page.map(|p| p.bytes.div_ceil(1024)),
                sums_href: urls::relative(from, &d.sums),
                sig_href: d
                    .signature
                    .as_ref()
                    .map(|(sig, _, _)| urls::relative(from, sig)),
                key_href: d
                    .signature
                    .as_ref()
                    .map(|(_, key, _)| urls::relative(from, key)),
                fingerprint: d.signature.as_ref().map(|(_, _, fp)| fp.clone()),
            }
        });
        Chrome {
            csp: CSP.to_string(),
            inline_css: None,
            offline_url: if mode.offline_copy { official } else { None },
            downloads,
        }
    }

    /// Renders one page; `single` makes it a self-contained file.
    fn page(
        &self,
        page: &Page,
        mode: &RenderMode,
        single: bool,
    ) -> (Option<Vec<u8>>, Vec<Diagnostic>, Vec<PageLink>) {
        let site = self.site;
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
            let css = String::from_utf8_lossy(&self.stylesheet).into_owned();
            view.chrome.csp = CSP.replace(
                "style-src 'self'",
                &format!(
                    "style-src 'sha256-{}'",
                    digest::sha256_base64(css.as_bytes())
                ),
            );
            view.chrome.inline_css = Some(css);
            view.chrome.downloads = None;
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
            diags.push(Diagnostic::error(
                at,
                format!("template `{template}` does not exist"),
            ));
            return (None, diags, links);
        }
        let started = Instant::now();
        let rendered = self.templates.render(&template, &view);
        self.timings.add(Stage::Templates, started);
        match rendered {
            Ok(html) => {
                let started = Instant::now();
                for e in origins::scan_html(&html, &site.config.allowed_origins) {
                    // Already reported where it was written (theme, Markdown): once is enough.
                    let reported = |d: &Diagnostic| !e.url.is_empty() && d.message.contains(&e.url);
                    if self.problems.iter().any(reported) || diags.iter().any(reported) {
                        continue;
                    }
                    diags.push(external_diagnostic(
                        Location::file(format!("{} (from {template})", page.path)),
                        &e,
                    ));
                }
                self.timings.add(Stage::Scan, started);
                let started = Instant::now();
                let bytes = self.finish(html);
                self.timings.add(Stage::Minify, started);
                (Some(bytes), diags, links)
            }
            Err(d) => {
                diags.push(d);
                (None, diags, links)
            }
        }
    }
}

fn external_diagnostic(at: Location, e: &origins::External) -> Diagnostic {
    let target = if e.url.is_empty() {
        "a script, which the Content-Security-Policy blocks".to_string()
    } else {
        e.url.clone()
    };
    Diagnostic::error(at, format!("{} would make readers' browsers contact {target}", e.what))
        .with_help("readers must never contact another site: copy the file into theme/static/ and link it relatively, or list the origin in allowed_origins in site.toml")
}

/// Renders every output file of the site.
pub fn render(site: &Site, locales: Arc<Locales>, mode: &RenderMode) -> (Rendered, Report) {
    let mut report = Report::default();
    let mut output = Output::default();
    let mut links = Vec::new();
    let r = match Renderer::new(site, locales.clone()) {
        Ok(r) => r,
        Err(report) => return (Rendered::default(), report),
    };
    report.extend(r.problems.iter().cloned());

    let results: Vec<_> = site
        .pages
        .par_iter()
        .filter(|p| {
            mode.languages
                .as_ref()
                .is_none_or(|only| only.contains(&p.lang))
        })
        .map(|page| (page, r.page(page, mode, false)))
        .collect();
    for (page, (file, diags, page_links)) in results {
        report.extend(diags);
        links.extend(page_links);
        if let Some(bytes) = file {
            output.insert(page.path.clone(), bytes);
        }
    }

    for (path, template) in [("index.html", "languages.html"), ("404.html", "404.html")] {
        let root = if path == "404.html" {
            urls::base_path(&site.config.base_url)
        } else {
            String::new()
        };
        let mut view = root_context(site, &r.config, root, path);
        view.chrome = r.chrome(mode, path, Some(site.config.base_url.clone()));
        if path == "404.html" {
            view.chrome.downloads = None;
        }
        match r.templates.render(template, &view) {
            Ok(html) => output.insert(path.to_string(), r.finish(html)),
            Err(d) => report.push(d),
        }
    }

    let default = site
        .config
        .language(&site.config.default_language)
        .expect("validated in site.toml");
    let translate = TranslateContext {
        config: &r.config,
        lang: &default.code,
        language: LanguageView::from(default),
        root: "../".into(),
        languages: status::summarize(site, &locales)
            .into_iter()
            .map(|s| StatusView {
                messages_percent: s.messages_percent(),
                href: format!("../{}/index.html", s.code),
                status: s,
            })
            .collect(),
        chrome: r.chrome(
            mode,
            "translate/index.html",
            Some(format!("{}translate/", site.config.base_url)),
        ),
    };
    match r.templates.render("translate.html", &translate) {
        Ok(html) => output.insert("translate/index.html".into(), r.finish(html)),
        Err(d) => report.push(d),
    }

    for s in theme::statics(&site.statics) {
        let bytes = if s.rel == "style.css" && site.config.minify {
            r.stylesheet.clone()
        } else {
            s.bytes
        };
        output.insert(s.rel, bytes);
    }
    output.insert("sitemap.xml".into(), sitemap(site).into_bytes());
    output.insert(
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            site.config.base_url
        )
        .into_bytes(),
    );
    if !mode.offline_copy {
        for (path, text) in hosting_files(site) {
            output.insert(path.to_string(), text.into_bytes());
        }
    }

    report.extend(r.templates.take_problems());
    report.normalize();
    (
        Rendered {
            output,
            links,
            timings: r.timings.list(),
        },
        report,
    )
}

/// One self-contained HTML file per language: its statement, demands and signatories, the
/// stylesheet inlined (allowed by its hash in the page's CSP), every link absolute.
pub fn single_pages(site: &Site, locales: Arc<Locales>) -> (BTreeMap<String, Vec<u8>>, Report) {
    let mut report = Report::default();
    let mut out = BTreeMap::new();
    let r = match Renderer::new(site, locales) {
        Ok(r) => r,
        Err(report) => return (out, report),
    };
    report.extend(r.problems.iter().cloned());
    for page in site.pages.iter().filter(|p| p.slug == "index") {
        let (file, diags, _) = r.page(page, &RenderMode::default(), true);
        report.extend(diags);
        if let Some(bytes) = file {
            out.insert(page.lang.clone(), bytes);
        }
    }
    report.extend(r.templates.take_problems());
    report.normalize();
    (out, report)
}

/// `_headers` and `_redirects` (Netlify, Cloudflare Pages) and `.nojekyll` (GitHub Pages).
fn hosting_files(site: &Site) -> Vec<(&'static str, String)> {
    let base = urls::base_path(&site.config.base_url);
    let headers = format!(
        "{base}*\n  Content-Security-Policy: {CSP}; frame-ancestors 'none'\n  Referrer-Policy: no-referrer\n  X-Content-Type-Options: nosniff\n  Permissions-Policy: interest-cohort=(), browsing-topics=()\n  Cross-Origin-Opener-Policy: same-origin\n\n{base}style.css\n  Cache-Control: public, max-age=86400\n\n{base}download/*\n  Cache-Control: public, max-age=3600\n"
    );
    let mut redirects = String::from("# The language chooser, or straight to the reader's language where the host supports it.\n");
    for l in &site.config.languages {
        redirects.push_str(&format!(
            "{base}  {base}{}/  302  Language={}\n",
            l.code, l.tag
        ));
    }
    vec![
        ("_headers", headers),
        ("_redirects", redirects),
        (".nojekyll", String::new()),
    ]
}

fn page_context<'a>(
    site: &'a Site,
    locales: &Locales,
    config: &'a ConfigView<'a>,
    page: &'a Page,
    linker: Linker,
) -> (PageContext<'a>, Vec<Diagnostic>, Vec<PageLink>) {
    let mut diags = Vec::new();
    let mut links = Vec::new();
    let lang = site
        .config
        .language(&page.lang)
        .expect("pages are made for declared languages");
    let source_lang = site
        .config
        .language(&site.config.source_language)
        .expect("validated in site.toml");
    let source = site.source_of(page);
    let content_lang = (source.lang != page.lang)
        .then(|| site.config.language(&source.lang).map(LanguageView::from))
        .flatten();

    let (content, content_after, headings) = {
        let resolve = |href: &str| resolve_link(site, page, href);
        let input = markdown::Input {
            file: &source.file.path,
            text: &source.file.text,
            region: source.body.clone(),
            allow_html: site.config.allow_html,
            allowed_origins: &site.config.allowed_origins,
            resolve: &resolve,
        };
        let (rendered, d) = markdown::render(&input);
        diags.extend(d);
        collect_links(site, page, &rendered.links, &mut links);
        let (before, after) = match rendered.html.split_once(DEMANDS_SLOT) {
            Some((b, a)) => (b.to_string(), a.to_string()),
            None => (rendered.html, String::new()),
        };
        (before, after, rendered.headings)
    };

    let (demands, demands_lang) = if page.slug == "index" {
        demands(site, locales, page, &mut diags, &mut links)
    } else {
        (Vec::new(), None)
    };
    let signatories = if page.slug == "index" {
        signatories(site, locales, lang)
    } else {
        Vec::new()
    };

    let translations = site
        .config
        .languages
        .iter()
        .filter_map(|l| {
            let other = site.page(&l.code, &page.slug)?;
            Some(AlternateView {
                lang: LanguageView::from(l),
                href: linker.to(&other.path),
                url: urls::page_url(&site.config.base_url, &l.code, &page.slug),
                current: l.code == page.lang,
                translated: site.source_of(other).lang == l.code,
            })
        })
        .collect();
    let nav = site
        .menu_of(&page.lang)
        .map(|p| NavView {
            title: site.source_of(p).front.title.clone(),
            href: linker.to(&p.path),
            current: p.slug == page.slug,
        })
        .collect();
    let canonical = urls::page_url(&site.config.base_url, &page.lang, &page.slug);
    let date = source.front.date.map(|d| DateView {
        iso: d.iso(),
        display: format_date(locales, &page.lang, d),
    });
    let source_href = (page.lang != site.config.source_language)
        .then(|| {
            site.page(&site.config.source_language, &page.slug)
                .map(|p| linker.to(&p.path))
        })
        .flatten();

    let view = PageView {
        slug: &page.slug,
        path: &page.path,
        title: &source.front.title,
        description: &source.front.description,
        date,
        content,
        content_after,
        headings,
        content_lang,
        draft: is_draft(source, &site.config.source_language),
        outdated: site.page_outdated(source) == Some(true)
            || (page.slug == "index"
                && site
                    .demands_for(&page.lang)
                    .and_then(|d| site.demands_outdated(d))
                    == Some(true)),
        source_href,
        canonical: canonical.clone(),
        translations,
        demands,
        demands_lang,
        signatories,
        nav,
        home_href: linker.to(&urls::page_path(&page.lang, "index")),
        languages_href: linker.to("index.html"),
        translate_href: linker.to("translate/index.html"),
        share: share_links(&canonical, &source.front.title, locales, &page.lang),
    };
    let context = PageContext {
        config,
        lang: &page.lang,
        language: LanguageView::from(lang),
        source_language: LanguageView::from(source_lang),
        root: linker.root(),
        page: view,
        chrome: Chrome::default(),
    };
    (context, diags, links)
}

/// Records the links of a page's content with the href they have in the output.
fn collect_links(site: &Site, page: &Page, found: &[markdown::Link], links: &mut Vec<PageLink>) {
    for link in found {
        let href = if link.href.starts_with("@/") {
            match resolve_link(site, page, &link.href) {
                Some(h) => h,
                // Reported by the Markdown stage already.
                None => continue,
            }
        } else {
            link.href.clone()
        };
        links.push(PageLink {
            from: page.path.clone(),
            written: link.href.clone(),
            href,
            location: link.location.clone(),
        });
    }
}

fn is_draft(source: &PageSource, source_language: &str) -> bool {
    source.lang != source_language && source.front.translation == Some(TranslationState::Draft)
}

/// An `@/slug.md#anchor` link from `page`, as a relative link to that page in the same language.
fn resolve_link(site: &Site, page: &Page, href: &str) -> Option<String> {
    let rest = href.strip_prefix("@/")?;
    let (file, anchor) = match rest.split_once('#') {
        Some((f, a)) => (f, format!("#{a}")),
        None => (rest, String::new()),
    };
    let slug = file.strip_suffix(".md")?;
    let target = site.page(&page.lang, slug)?;
    Some(format!(
        "{}{anchor}",
        urls::relative(&page.path, &target.path)
    ))
}

/// The demands of `page`'s language (or of its fallback), rendered, with their stable ids.
fn demands<'a>(
    site: &'a Site,
    locales: &Locales,
    page: &Page,
    diags: &mut Vec<Diagnostic>,
    links: &mut Vec<PageLink>,
) -> (Vec<DemandView>, Option<LanguageView<'a>>) {
    let Some(source) = site.demands_for(&page.lang) else {
        return (Vec::new(), None);
    };
    let resolve = |href: &str| resolve_link(site, page, href);
    let input = markdown::Input {
        file: &source.file.path,
        text: &source.file.text,
        region: source.body.clone(),
        allow_html: site.config.allow_html,
        allowed_origins: &site.config.allowed_origins,
        resolve: &resolve,
    };
    let (items, item_links, d) = markdown::ordered_items(&input);
    diags.extend(d);
    collect_links(site, page, &item_links, links);
    let lang = (source.lang != page.lang)
        .then(|| site.config.language(&source.lang).map(LanguageView::from))
        .flatten();
    let base = urls::page_url(&site.config.base_url, &page.lang, "index");
    let views = items
        .into_iter()
        .map(|i| {
            let url = format!("{base}#demand-{}", i.number);
            // The address alone: a title in every link of ten demands would weigh more than the text.
            let text = format!("#{}", i.number);
            DemandView {
                number: i.number,
                id: format!("demand-{}", i.number),
                html: i.html,
                share: share_links(&url, &text, locales, &page.lang),
                url,
            }
        })
        .collect();
    (views, lang)
}

/// Plain share links: each is an ordinary link that contacts nothing until a reader clicks it
/// (no widgets, no scripts, no counters). Signal has no link scheme for sharing, so it is not
/// listed; its users copy the address.
fn share_links(url: &str, text: &str, locales: &Locales, lang: &str) -> Vec<ShareView> {
    let (u, t) = (urls::percent_encode(url), urls::percent_encode(text));
    let email = locales
        .tr(lang, "share-email", &[])
        .map(|t| t.text)
        .unwrap_or_else(|_| "Email".into());
    vec![
        ShareView {
            name: "Telegram".into(),
            href: format!("https://t.me/share/url?url={u}&text={t}"),
        },
        ShareView {
            name: "WhatsApp".into(),
            href: format!("https://wa.me/?text={t}%20{u}"),
        },
        ShareView {
            name: "X".into(),
            href: format!("https://x.com/intent/post?url={u}&text={t}"),
        },
        ShareView {
            name: "Facebook".into(),
            href: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        },
        ShareView {
            name: email,
            href: format!("mailto:?subject={t}&body={u}"),
        },
    ]
}

/// Signatories with their names in the page's language (Fluent `signatory-<id>`).
fn signatories<'a>(
    site: &'a Site,
    locales: &Locales,
    lang: &'a Language,
) -> Vec<SignatoryView<'a>> {
    site.signatories
        .iter()
        .map(|s| {
            let key = format!("signatory-{}", s.id);
            let (name, from) = match locales.tr(&lang.code, &key, &[]) {
                Ok(t) => (t.text, t.lang),
                // Reported by the template pass, which asks for the same key; keep the id visible.
                Err(_) => (s.id.clone(), lang.code.clone()),
            };
            let from_tag = (from != lang.code)
                .then(|| site.config.language(&from).map(|l| l.tag.as_str()))
                .flatten();
            SignatoryView {
                id: &s.id,
                name,
                url: s.url.as_deref(),
                lang: from_tag,
            }
        })
        .collect()
}

/// A date in the language's words, from its Fluent message `date-long` (`$day`, `$month`, `$year`).
fn format_date(locales: &Locales, lang: &str, d: crate::toml_de::Date) -> String {
    let args = [
        ("day".to_string(), Arg::Num(d.day as f64)),
        ("month".to_string(), Arg::Num(d.month as f64)),
        ("year".to_string(), Arg::Str(d.year.to_string())),
    ];
    locales
        .tr(lang, "date-long", &args)
        .map(|t| t.text)
        .unwrap_or_else(|_| d.iso())
}

fn root_context<'a>(
    site: &'a Site,
    config: &'a ConfigView<'a>,
    root: String,
    path: &str,
) -> RootContext<'a> {
    let default = site
        .config
        .language(&site.config.default_language)
        .expect("validated in site.toml");
    let choices = site
        .config
        .languages
        .iter()
        .filter_map(|l| {
            let page = site.page(&l.code, "index")?;
            let href = if root.is_empty() {
                urls::relative(path, &page.path)
            } else {
                format!("{root}{}", page.path)
            };
            Some(ChoiceView {
                lang: LanguageView::from(l),
                href,
                title: site.source_of(page).front.title.clone(),
                url: urls::page_url(&site.config.base_url, &l.code, "index"),
            })
        })
        .collect();
    RootContext {
        chrome: Chrome::default(),
        config,
        lang: &default.code,
        language: LanguageView::from(default),
        root,
        choices,
        canonical: site.config.base_url.clone(),
    }
}

/// `sitemap.xml` with `hreflang` alternates: every translated page, with its siblings.
fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for page in site
        .pages
        .iter()
        .filter(|p| site.source_of(p).lang == p.lang)
    {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape_xml(&urls::page_url(base, &page.lang, &page.slug))
        ));
        if let Some(date) = site.source_of(page).front.date {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", date.iso()));
        }
        for l in &site.config.languages {
            if let Some(other) = site
                .page(&l.code, &page.slug)
                .filter(|o| site.source_of(o).lang == l.code)
            {
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    escape_xml(&l.tag),
                    escape_xml(&urls::page_url(base, &other.lang, &other.slug))
                ));
            }
        }
        let x_default = if page.slug == "index" {
            base.clone()
        } else {
            urls::page_url(base, &site.config.default_language, &page.slug)
        };
        xml.push_str(&format!(
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n",
            escape_xml(&x_default)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

//! Stage 3: render the [`Site`] into an [`Output`] (output path → bytes). Never writes.
//!
//! For each page this stage builds its view ([`crate::views`]: the Markdown rendered with links
//! resolved relative to where the page is written, and every field a template sees), runs it
//! through the templates, scans the result for requests to other origins and minifies it. Pages are
//! independent, so they render in parallel; results are collected in page order, so the output is
//! the same whatever the scheduling. The language chooser, `404.html`, the translation-status
//! page, `sitemap.xml`, `robots.txt` and the static hosts' `_headers`, `_redirects` and
//! `.nojekyll` are made here too.
//!
//! One site renders in three ways ([`RenderMode`]): the hosted site (with links to the offline
//! downloads, when `package` made them), the offline copy that goes into the zip (no download
//! links, a pointer to the official address instead), and one self-contained file per language
//! (stylesheet inlined, every other link absolute). `serve`'s preview is the hosted site with a
//! live-reload script ([`LiveReload`]): the page's policy ([`Csp`]) allows that script by its
//! hash, and the script is added after the origin scan (which must never see it) and after
//! minification (which must not change the hashed text).

use crate::diag::{Code, Diagnostic, LineIndex, Location, Report};
use crate::i18n::{Direction, Locales};
use crate::minify;
use crate::model::{Page, Site};
use crate::output::Output;
use crate::templates::{LanguageTags, Templates, UrlTargets};
use crate::views::{
    page_context, root_context, Chrome, ConfigView, DownloadsView, GuideContext, LanguageView,
    Linker, SiteFrame, StatusView, TranslateContext,
};
use crate::{digest, origins, status, theme, urls};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The Content-Security-Policy of every published page: nothing from another origin, no script
/// at all. It is the text of [`Csp::published`].
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// A page's Content-Security-Policy, directive by directive, so that a rendering changes a
/// directive rather than the text of the published policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csp {
    /// `'self'`, or the hash of a single-file page's inlined stylesheet.
    pub style_src: String,
    /// Scripts allowed (by hash): none on published pages.
    pub script_src: Option<String>,
    /// Where scripts may send requests: nowhere on published pages.
    pub connect_src: Option<String>,
}

impl Csp {
    /// The policy of the published pages ([`CSP`]).
    pub fn published() -> Csp {
        Csp {
            style_src: "'self'".into(),
            script_src: None,
            connect_src: None,
        }
    }

    /// The source expression that allows exactly `bytes` as an inline script or style.
    pub fn hash(bytes: &[u8]) -> String {
        format!("'sha256-{}'", digest::sha256_base64(bytes))
    }
}

impl std::fmt::Display for Csp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "default-src 'none'; style-src {}; img-src 'self' data:; ",
            self.style_src
        )?;
        if let Some(script) = &self.script_src {
            write!(f, "script-src {script}; ")?;
        }
        if let Some(connect) = &self.connect_src {
            write!(f, "connect-src {connect}; ")?;
        }
        f.write_str("base-uri 'none'; form-action 'none'")
    }
}

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
    /// `serve`'s preview: every HTML file gets this script, and every page a policy allowing it.
    pub live_reload: Option<LiveReload>,
}

impl RenderMode {
    /// The policy of this rendering's pages: the published one, plus the live-reload script (by
    /// hash) and its requests back to the preview.
    pub fn csp(&self) -> Csp {
        let mut csp = Csp::published();
        if let Some(live) = &self.live_reload {
            csp.script_src = Some(Csp::hash(live.script.as_bytes()));
            csp.connect_src = Some("'self'".into());
        }
        csp
    }
}

/// A script the preview runs on every page (`serve`'s reload).
#[derive(Debug, Clone)]
pub struct LiveReload {
    /// The script's text. Its page's policy allows exactly this text, by hash.
    pub script: &'static str,
}

impl LiveReload {
    /// `html` with the script as the last element of its body.
    pub fn insert_into(&self, html: &[u8]) -> Vec<u8> {
        let at = end_of_body(html);
        let mut out = Vec::with_capacity(html.len() + self.script.len() + 17);
        out.extend_from_slice(&html[..at]);
        out.extend_from_slice(b"<script>");
        out.extend_from_slice(self.script.as_bytes());
        out.extend_from_slice(b"</script>");
        out.extend_from_slice(&html[at..]);
        out
    }
}

/// Where the last element of a document's body ends: before a closing `</body>` (and `</html>`)
/// at the end, or the end itself when minification left those optional tags out.
fn end_of_body(html: &[u8]) -> usize {
    let trim = |end: usize| {
        html[..end]
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |i| i + 1)
    };
    let strip = |end: usize, tag: &[u8]| {
        let end = trim(end);
        (end >= tag.len() && html[end - tag.len()..end].eq_ignore_ascii_case(tag))
            .then(|| end - tag.len())
    };
    let end = strip(html.len(), b"</html>").unwrap_or(html.len());
    strip(end, b"</body>").unwrap_or(end)
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
        for s in statics.iter().filter(|s| s.rel.ends_with(".css")) {
            let text = String::from_utf8_lossy(&s.bytes);
            if let Err(minify::CssTooDeep(offset)) = minify::check_css(&text) {
                report.push(
                    Diagnostic::new(
                        Code::CssNesting,
                        Location::at(format!("theme/static/{}", s.rel), &text, offset),
                        format!(
                            "blocks, functions and brackets nest more than {} deep here",
                            crate::limits::CSS_NESTING
                        ),
                    )
                    .with_help("the CSS minifier reads each level by recursion; flatten the rule"),
                );
            }
        }
        let templates = match Templates::load(template_files, locales.clone(), targets, tags) {
            Ok(t) => t,
            Err(r) => {
                report.extend(r.diagnostics);
                return Err(report);
            }
        };
        let stylesheet = statics
            .iter()
            .find(|s| s.rel == "style.css")
            .and_then(|s| minify::css(&String::from_utf8_lossy(&s.bytes)).ok())
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

    /// The one step every page passes before it is published: a page larger than
    /// [`crate::limits::PAGE_BYTES`] or nested deeper than [`crate::limits::PAGE_NESTING`] is an
    /// error (the minifier would recurse past any stack), and the rest is minified when the site
    /// asks for it.
    fn finish(&self, path: &str, template: &str, html: String) -> Result<Vec<u8>, Diagnostic> {
        let at = || Location::file(format!("{path} (from {template})"));
        if html.len() > crate::limits::PAGE_BYTES {
            return Err(Diagnostic::new(
                Code::PageTooLarge,
                at(),
                format!(
                    "the page is {} MiB; zaklyk publishes pages of up to {} MiB",
                    html.len() >> 20,
                    crate::limits::PAGE_BYTES >> 20
                ),
            )
            .with_help("split the content into several pages, or print less in the template"));
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
            csp: mode.csp().to_string(),
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
            view.chrome.csp = Csp {
                style_src: Csp::hash(css.as_bytes()),
                ..mode.csp()
            }
            .to_string();
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
            diags.push(Diagnostic::new(
                Code::TemplateMissing,
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
                let finished = self.finish(&page.path, &template, html);
                self.timings.add(Stage::Minify, started);
                match finished {
                    Ok(bytes) => (Some(bytes), diags, links),
                    Err(d) => {
                        diags.push(d);
                        (None, diags, links)
                    }
                }
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
    Diagnostic::new(Code::OriginExternal, at, format!("{} would make readers' browsers contact {target}", e.what))
        .with_help("readers must never contact another site: copy the file into theme/static/ and link it relatively, or list the origin in allowed_origins in site.toml")
}

/// Renders every output file of the site.
pub fn render(site: &Site, locales: Arc<Locales>, mode: &RenderMode) -> (Rendered, Report) {
    crate::use_large_stacks();
    let mut report = Report::default();
    let mut output = Output::default();
    let mut links = Vec::new();
    let r = match Renderer::new(site, locales.clone()) {
        Ok(r) => r,
        Err(report) => return (Rendered::default(), report),
    };
    report.extend(r.problems.iter().cloned());

    // The site-wide files render beside the pages rather than after them.
    let (results, (site_files, site_report)) = rayon::join(
        || {
            site.pages
                .par_iter()
                .filter(|p| {
                    mode.languages
                        .as_ref()
                        .is_none_or(|only| only.contains(&p.lang))
                })
                .map(|page| (page, r.page(page, mode, false)))
                .collect::<Vec<_>>()
        },
        || site_wide(&r, site, &locales, mode),
    );
    output.files.extend(site_files.files);
    report.extend(site_report.diagnostics);
    for (page, (file, diags, page_links)) in results {
        report.extend(diags);
        links.extend(page_links);
        if let Some(bytes) = file {
            output.insert(page.path.clone(), bytes);
        }
    }

    report.extend(r.templates.take_problems());
    report.normalize();
    if let Some(live) = &mode.live_reload {
        for (path, bytes) in output.files.iter_mut() {
            if path.ends_with(".html") {
                *bytes = live.insert_into(bytes);
            }
        }
    }
    (
        Rendered {
            output,
            links,
            timings: r.timings.list(),
        },
        report,
    )
}

/// The files that belong to no language: the language chooser, `404.html`, the translation
/// status and guide, static files, `sitemap.xml`, `robots.txt` and the static hosts' files.
fn site_wide(r: &Renderer, site: &Site, locales: &Locales, mode: &RenderMode) -> (Output, Report) {
    let mut output = Output::default();
    let mut report = Report::default();
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
        let view = root_context(site, &r.config, root, path, chrome);
        match r
            .templates
            .render(template, &view)
            .and_then(|html| r.finish(path, template, html))
        {
            Ok(bytes) => output.insert(path.to_string(), bytes),
            Err(d) => report.push(d),
        }
    }

    let frame = |path: &str, root: &str| {
        let official = format!(
            "{}{}",
            site.config.base_url,
            path.trim_end_matches("index.html")
        );
        SiteFrame::new(
            site,
            &r.config,
            root.to_string(),
            r.chrome(mode, path, Some(official)),
        )
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
    match r
        .templates
        .render("translate.html", &translate)
        .and_then(|html| r.finish("translate/index.html", "translate.html", html))
    {
        Ok(bytes) => output.insert("translate/index.html".into(), bytes),
        Err(d) => report.push(d),
    }
    let guide = GuideContext {
        frame: frame("translate/guide/index.html", "../../"),
        guide: translators_guide(),
    };
    match r
        .templates
        .render("guide.html", &guide)
        .and_then(|html| r.finish("translate/guide/index.html", "guide.html", html))
    {
        Ok(bytes) => output.insert("translate/guide/index.html".into(), bytes),
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

    (output, report)
}

/// The translators' guide as HTML (it is in English).
fn translators_guide() -> String {
    let none = |_: &str| None;
    let text = theme::TRANSLATORS_GUIDE;
    let input = crate::markdown::Input {
        file: "TRANSLATING.md",
        text,
        region: 0..text.len(),
        allow_html: false,
        allowed_origins: &[],
        resolve: &none,
    };
    crate::markdown::render(&input).0.html
}

/// One self-contained HTML file per language: its statement, demands and signatories, the
/// stylesheet inlined (allowed by its hash in the page's CSP), every link absolute.
pub fn single_pages(site: &Site, locales: Arc<Locales>) -> (BTreeMap<String, Vec<u8>>, Report) {
    crate::use_large_stacks();
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
        let mut head = format!("  <url>\n    <loc>{}</loc>\n", escape_xml(&page.url));
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
                    escape_xml(&l.tag),
                    escape_xml(&other.url)
                ));
            }
            let x_default = if page.slug == "index" {
                base.clone()
            } else {
                urls::page_url(base, &site.config.default_language, &page.slug)
            };
            block.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n",
                escape_xml(&x_default)
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
    xml.push_str(CLOSE);
    xml
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_policy_is_its_directives() {
        assert_eq!(Csp::published().to_string(), CSP);
        assert_eq!(RenderMode::default().csp(), Csp::published());
        let preview = RenderMode {
            live_reload: Some(LiveReload { script: "go()" }),
            ..RenderMode::default()
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

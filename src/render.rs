//! Stage 3: render the [`Site`] into an [`Output`] (output path → bytes). Never writes.
//!
//! For each page this stage renders its Markdown (links resolved relative to where the page is
//! written), builds a typed, serializable view of it (as Zola's `SerializingPage`: templates see
//! named fields, not a hand-filled map), runs it through the templates and minifies it. Pages are
//! independent, so they render in parallel; results are collected in page order, so the output is
//! the same whatever the scheduling. The language chooser, `404.html`, `sitemap.xml` and
//! `robots.txt` are made here too.

use crate::content::{PageSource, TranslationState};
use crate::diag::{Diagnostic, Location, Report};
use crate::i18n::{Arg, Direction, Locales};
use crate::markdown::{self, Heading, DEMANDS_SLOT};
use crate::minify;
use crate::model::{Page, Site};
use crate::output::Output;
use crate::project::Language;
use crate::templates::{Templates, UrlTargets};
use crate::{status, theme, urls};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

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

/// Another language's version of the current page.
#[derive(Serialize)]
struct AlternateView<'a> {
    lang: LanguageView<'a>,
    /// Relative link from the current page.
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

#[derive(Serialize)]
struct DemandView {
    number: u32,
    id: String,
    html: String,
    /// Absolute address of the demand, for sharing.
    url: String,
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
    /// This language's statement page, relative.
    home_href: String,
    /// The language chooser, relative.
    languages_href: String,
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
}

/// A language on the chooser and the 404 page.
#[derive(Serialize)]
struct ChoiceView<'a> {
    lang: LanguageView<'a>,
    href: String,
    title: String,
    url: String,
}

/// `translate/index.html`: the coverage of every language.
#[derive(Serialize)]
struct TranslateContext<'a> {
    config: &'a ConfigView<'a>,
    lang: &'a str,
    language: LanguageView<'a>,
    root: String,
    languages: Vec<StatusView>,
}

#[derive(Serialize)]
struct StatusView {
    #[serde(flatten)]
    status: status::LanguageStatus,
    messages_percent: usize,
    href: String,
}

#[derive(Serialize)]
struct RootContext<'a> {
    config: &'a ConfigView<'a>,
    lang: &'a str,
    language: LanguageView<'a>,
    root: String,
    choices: Vec<ChoiceView<'a>>,
    canonical: String,
}

/// A rendered file: its output path and bytes.
type OutputFile = (String, Vec<u8>);

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

/// What rendering produces: the files, and the content links to check against them.
#[derive(Debug, Default)]
pub struct Rendered {
    pub output: Output,
    pub links: Vec<PageLink>,
}

/// Renders every output file of the site.
pub fn render(site: &Site, locales: Arc<Locales>) -> (Rendered, Report) {
    let mut report = Report::default();
    let mut output = Output::default();
    let mut links = Vec::new();
    let statics = theme::statics(&site.statics);
    let targets = UrlTargets {
        pages: site
            .pages
            .iter()
            .map(|p| (p.lang.clone(), p.slug.clone()))
            .collect(),
        files: statics.iter().map(|s| s.rel.clone()).collect(),
    };
    let tags = site
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
    let templates = match Templates::load(
        theme::templates(&site.templates),
        locales.clone(),
        targets,
        tags,
    ) {
        Ok(t) => t,
        Err(r) => return (Rendered::default(), r),
    };
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
    let minify = site.config.minify;
    let finish = |html: String| {
        if minify {
            minify::html(&html)
        } else {
            html.into_bytes()
        }
    };

    let results: Vec<(Option<OutputFile>, Vec<Diagnostic>, Vec<PageLink>)> = site
        .pages
        .par_iter()
        .map(|page| {
            let (view, mut diags, links) = page_context(site, &locales, &config, page);
            let source = site.source_of(page);
            let template = source.front.template.clone().unwrap_or_else(|| {
                if page.slug == "index" {
                    "index.html".into()
                } else {
                    "page.html".into()
                }
            });
            if !templates.has(&template) {
                let d = Diagnostic::error(
                    Location::at(
                        &source.file.path,
                        &source.file.text,
                        source.file.text.find("template").unwrap_or(0),
                    ),
                    format!("template `{template}` does not exist"),
                );
                diags.push(d);
                return (None, diags, links);
            }
            match templates.render(&template, &view) {
                Ok(html) => (Some((page.path.clone(), finish(html))), diags, links),
                Err(d) => {
                    diags.push(d);
                    (None, diags, links)
                }
            }
        })
        .collect();
    for (file, diags, page_links) in results {
        report.extend(diags);
        links.extend(page_links);
        if let Some((path, bytes)) = file {
            output.insert(path, bytes);
        }
    }

    for (path, template) in [("index.html", "languages.html"), ("404.html", "404.html")] {
        let root = if path == "404.html" {
            urls::base_path(&site.config.base_url)
        } else {
            String::new()
        };
        let view = root_context(site, &config, root, path);
        match templates.render(template, &view) {
            Ok(html) => output.insert(path.to_string(), finish(html)),
            Err(d) => report.push(d),
        }
    }

    let default = site
        .config
        .language(&site.config.default_language)
        .expect("validated in site.toml");
    let translate = TranslateContext {
        config: &config,
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
    };
    match templates.render("translate.html", &translate) {
        Ok(html) => output.insert("translate/index.html".into(), finish(html)),
        Err(d) => report.push(d),
    }

    for s in statics {
        let bytes = if minify && s.rel.ends_with(".css") {
            minify::css(&String::from_utf8_lossy(&s.bytes))
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

    report.extend(templates.take_problems());
    report.normalize();
    (Rendered { output, links }, report)
}

fn page_context<'a>(
    site: &'a Site,
    locales: &Locales,
    config: &'a ConfigView<'a>,
    page: &'a Page,
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
            allow_html: false,
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
        demands(site, page, &mut diags, &mut links)
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
                href: urls::relative(&page.path, &other.path),
                url: urls::page_url(&site.config.base_url, &l.code, &page.slug),
                current: l.code == page.lang,
                translated: site.source_of(other).lang == l.code,
            })
        })
        .collect();
    let nav = site
        .pages_of(&page.lang)
        .filter(|p| p.slug != "index")
        .map(|p| NavView {
            title: site.source_of(p).front.title.clone(),
            href: urls::relative(&page.path, &p.path),
            current: p.slug == page.slug,
        })
        .collect();
    let date = source.front.date.map(|d| DateView {
        iso: d.iso(),
        display: format_date(locales, &page.lang, d),
    });
    let source_href = (page.lang != site.config.source_language)
        .then(|| {
            site.page(&site.config.source_language, &page.slug)
                .map(|p| urls::relative(&page.path, &p.path))
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
        canonical: urls::page_url(&site.config.base_url, &page.lang, &page.slug),
        translations,
        demands,
        demands_lang,
        signatories,
        nav,
        home_href: urls::relative(&page.path, &urls::page_path(&page.lang, "index")),
        languages_href: urls::relative(&page.path, "index.html"),
    };
    let context = PageContext {
        config,
        lang: &page.lang,
        language: LanguageView::from(lang),
        source_language: LanguageView::from(source_lang),
        root: urls::root_prefix(&page.path),
        page: view,
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
        allow_html: false,
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
        .map(|i| DemandView {
            number: i.number,
            id: format!("demand-{}", i.number),
            html: i.html,
            url: format!("{base}#demand-{}", i.number),
        })
        .collect();
    (views, lang)
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

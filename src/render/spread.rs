//! Stage 3c: what spreads the statement beyond its own pages — a share card for every statement
//! and every demand, a page per demand, a one-sheet of the demands for printing, and the updates
//! (a list and an Atom feed per language).
//!
//! A shared link shows its card (`og:image`); a demand shared on its own previews as itself
//! because it has its own page (`<lang>/demands/<n>/`), with its own card and the same stable
//! number in every language. These pages are made from the same demands the statement shows
//! ([`Site::demands_shown`]): a demand a language lacks comes from its fallback, marked so. Posts
//! of `content/<lang>/updates/` are ordinary pages of the site (they fall back like any page);
//! this module lists them, newest first, and writes their feed. Everything here is rendered by
//! [`crate::render`]'s templates and drawn by [`crate::cards`]; addresses follow [`crate::urls`].
//!
//! Long because cards, demand pages, the one-sheet and the feeds share the renderer and the card
//! layout; each part is short.

use crate::cards::CardJob;
use crate::cards::{Fitted, TextArea};
use crate::diag::{Code, Diagnostic, Location};
use crate::i18n::Arg;
use crate::language::Direction;
use crate::model::{Page, Site};
use crate::output::PageLink;
use crate::project::Language;
use crate::render::{RenderMode, Renderer};
use crate::toml_de::Date;
use crate::urls::{
    card_path, demand_path, feed_path, is_post, sheet_path, updates_path, DEMANDS, UPDATES,
};
use crate::views::{self, LanguageView, Linker, PostView};
use crate::{cards, publish, urls};
use serde::Serialize;
use std::borrow::Cow;

/// What the card template (`card.svg`) sees.
#[derive(Serialize)]
pub(crate) struct CardContext<'a> {
    pub(crate) lang: &'a str,
    pub(crate) language: LanguageView<'a>,
    pub(crate) card: CardView,
}

/// A card laid out: every text already fitted, with where its lines go.
#[derive(Serialize)]
pub(crate) struct CardView {
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// `statement` or `demand`.
    pub(crate) kind: &'static str,
    pub(crate) number: Option<u32>,
    /// Where lines start (`x`) and how they are anchored: the left edge for a left-to-right
    /// language, the right edge for a right-to-left one.
    pub(crate) x: u32,
    pub(crate) anchor: &'static str,
    pub(crate) site_name: TextView,
    /// "Demand 3" in the language of the card (demand cards only).
    pub(crate) label: Option<TextView>,
    /// The title or the demand, wrapped.
    pub(crate) text: TextView,
    pub(crate) date: Option<TextView>,
}

/// Fitted lines of one text with their baselines.
#[derive(Serialize)]
pub(crate) struct TextView {
    pub(crate) size: f32,
    pub(crate) lines: Vec<LineView>,
    pub(crate) shortened: bool,
}

#[derive(Serialize)]
pub(crate) struct LineView {
    pub(crate) text: String,
    pub(crate) y: f32,
}

impl TextView {
    /// `fitted` set from baseline `first` on, lines `size × spacing` apart. On a card of a
    /// right-to-left language, a text that starts right to left is embedded as such, so that
    /// punctuation at its ends stays where it belongs (a text shown from a left-to-right fallback,
    /// a date in English, keeps its own order).
    fn new(fitted: Fitted, first: f32, spacing: f32, rtl: bool) -> TextView {
        let size = fitted.font_size;
        let rtl = rtl
            && fitted
                .lines
                .first()
                .is_some_and(|l| starts_right_to_left(l));
        TextView {
            size,
            shortened: fitted.shortened,
            lines: fitted
                .lines
                .into_iter()
                .enumerate()
                .map(|(i, text)| LineView {
                    text: if rtl {
                        format!("\u{202B}{text}\u{202C}")
                    } else {
                        text
                    },
                    y: (first + i as f32 * size * spacing).round(),
                })
                .collect(),
        }
    }
}

/// Whether the first letter of `text` with a direction is of a right-to-left script (Hebrew,
/// Arabic, Syriac, Thaana, N'Ko and their presentation forms).
fn starts_right_to_left(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'))
}

/// Text for a card: no control characters (XML has no place for them), whitespace collapsed.
fn card_text(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a text of a card comes from, to locate a character the fonts lack.
struct TextSource<'a> {
    file: &'a str,
    text: &'a str,
    /// Where the text starts in the file.
    offset: usize,
}

/// The text of a card, what it says and where it comes from.
struct CardInput<'a> {
    path: String,
    demand: Option<u32>,
    text: String,
    source: TextSource<'a>,
}

/// Lays out and renders one card's SVG; characters the fonts lack are errors at their source.
fn card(
    r: &Renderer,
    lang: &Language,
    input: CardInput,
    diags: &mut Vec<Diagnostic>,
) -> Option<CardJob> {
    let fonts = r.fonts.as_ref()?;
    let words = CardWords {
        text: card_text(&input.text),
        site_name: card_text(&tr(r, &lang.code, "site-name", &[])),
        label: input.demand.map(|n| {
            let number = [("number".to_string(), Arg::Num(n as f64))];
            card_text(&tr(r, &lang.code, "card-demand", &number))
        }),
        date: r
            .site
            .page(&lang.code, "index")
            .and_then(|p| r.site.source_of(p).front.date)
            .map(|d| views::format_date(&r.locales, &lang.code, d)),
    };
    if !glyphs_present(fonts, &words, &input.source, &lang.code, diags) {
        return None;
    }
    let context = CardContext {
        lang: &lang.code,
        language: LanguageView::from(lang),
        card: lay_out(
            fonts,
            r.card_widths,
            words,
            input.demand,
            lang.dir == Direction::Rtl,
        ),
    };
    match r.templates.render_alone("card.svg", &context) {
        Ok(svg) => Some(CardJob {
            path: input.path,
            svg,
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// The texts of a card, before they are fitted.
struct CardWords {
    text: String,
    site_name: String,
    label: Option<String>,
    date: Option<String>,
}

/// Whether the fonts have every character of a card; each one they lack is an error at its
/// place in the content (or in the language's Fluent files, for the site's name and the label).
fn glyphs_present(
    fonts: &cards::Fonts,
    words: &CardWords,
    source: &TextSource,
    lang: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut present = true;
    for c in fonts.missing(&words.text) {
        present = false;
        let found = source.text[source.offset..]
            .find(c)
            .map_or(source.offset, |i| source.offset + i);
        diags.push(
            Diagnostic::new(
                Code::CardGlyphMissing,
                Location::at(source.file, source.text, found),
                format!(
                    "`{c}` (U+{:04X}) is in none of the fonts share cards are drawn with",
                    c as u32
                ),
            )
            .with_help("write the text without it, or add a font that has it to theme/fonts/ (.ttf or .otf)"),
        );
    }
    let messages = [
        ("site-name", Some(&words.site_name)),
        ("card-demand", words.label.as_ref()),
    ];
    for (key, text) in messages {
        for c in text.map(|t| fonts.missing(t)).unwrap_or_default() {
            present = false;
            diags.push(Diagnostic::new(
                Code::CardGlyphMissing,
                Location::file(format!("locales/{lang}/")),
                format!("`{c}` (U+{:04X}) of the message `{key}` is in none of the fonts share cards are drawn with", c as u32),
            ));
        }
    }
    present
}

/// Where everything of a card goes: the site's name on top, the label under it, the text in the
/// middle (at the largest size that holds it), the date at the bottom.
fn lay_out(
    fonts: &cards::Fonts,
    kept: &cards::Widths,
    words: CardWords,
    demand: Option<u32>,
    rtl: bool,
) -> CardView {
    let line = |sizes: Vec<f32>, bold| TextArea {
        width: 1040.0,
        // One line, whatever the rounding.
        height: sizes[0] * 1.3 + 1.0,
        sizes,
        line_height: 1.3,
        bold,
    };
    let top = if words.label.is_some() { 190.0 } else { 170.0 };
    let area = TextArea {
        width: 1040.0,
        height: 540.0 - top,
        sizes: vec![64.0, 56.0, 50.0, 44.0, 40.0, 36.0, 32.0],
        line_height: 1.25,
        bold: true,
    };
    let fitted = fonts.fit(&words.text, &area, kept);
    let first = top + fitted.font_size * 0.95;
    let small = |text: &str, sizes: Vec<f32>, bold: bool, y: f32| {
        TextView::new(fonts.fit(text, &line(sizes, bold), kept), y, 1.3, rtl)
    };
    CardView {
        width: cards::WIDTH,
        height: cards::HEIGHT,
        kind: if demand.is_some() {
            "demand"
        } else {
            "statement"
        },
        number: demand,
        x: if rtl { 1120 } else { 80 },
        anchor: if rtl { "end" } else { "start" },
        site_name: small(&words.site_name, vec![30.0, 26.0, 22.0], false, 92.0),
        label: words
            .label
            .map(|l| small(&l, vec![36.0, 30.0], true, 150.0)),
        text: TextView::new(fitted, first, 1.25, rtl),
        date: words
            .date
            .map(|d| small(&d, vec![28.0, 24.0], false, 592.0)),
    }
}

fn tr(r: &Renderer, lang: &str, key: &str, args: &[(String, Arg)]) -> String {
    r.locales
        .tr(lang, key, args)
        .map(|t| t.text)
        .unwrap_or_else(|_| key.to_string())
}

/// The cards of a language: its statement's and each of its demands'.
pub(crate) fn cards_of(r: &Renderer, lang: &Language, diags: &mut Vec<Diagnostic>) -> Vec<CardJob> {
    let site = r.site;
    let mut jobs = Vec::new();
    let Some(statement) = site.page(&lang.code, "index") else {
        return jobs;
    };
    let source = site.source_of(statement);
    let title_at = source.file.text.find("title").unwrap_or(0);
    jobs.extend(card(
        r,
        lang,
        CardInput {
            path: card_path(&lang.code, None),
            demand: None,
            text: source.front.title.clone(),
            source: TextSource {
                file: &source.file.path,
                text: &source.file.text,
                offset: title_at,
            },
        },
        diags,
    ));
    for (n, from) in site.demands_shown(&lang.code) {
        let Some(item) = from.item(n) else { continue };
        jobs.extend(card(
            r,
            lang,
            CardInput {
                path: card_path(&lang.code, Some(n)),
                demand: Some(n),
                text: item.text.clone(),
                source: TextSource {
                    file: &from.file.path,
                    text: &from.file.text,
                    offset: item.offset,
                },
            },
            diags,
        ));
    }
    jobs
}

/// The output path of a page of this module in a language (by its code).
type PathIn<'a> = Box<dyn Fn(&str) -> String + 'a>;
/// Whether a language has its own translation of a page of this module.
type TranslatedIn<'a> = Box<dyn Fn(&Language) -> bool + 'a>;

/// A page of this module to render: its address and what makes it differ from its language's
/// statement page.
struct Extra<'a> {
    page: Page,
    template: &'static str,
    title: String,
    description: String,
    translated_in: TranslatedIn<'a>,
    path_in: PathIn<'a>,
}

/// Files made here, by output path, with how each was made (for the output scan).
pub(crate) type Made = std::collections::BTreeMap<String, (Vec<u8>, publish::Made)>;

/// Renders the demands' pages, the one-sheet and the list of updates of one language.
pub(crate) fn pages_of(
    r: &Renderer,
    lang: &Language,
    mode: &RenderMode,
) -> (Made, Vec<Diagnostic>, Vec<PageLink>) {
    let site = r.site;
    let mut output = Made::new();
    let mut diags = Vec::new();
    let mut links = Vec::new();
    let Some(statement) = site.page(&lang.code, "index") else {
        return (output, diags, links);
    };
    let title = site.source_of(statement).front.title.clone();
    let code = lang.code.as_str();
    let mut extras: Vec<Extra> = Vec::new();
    let shown = site.demands_shown(code);
    for (n, from) in &shown {
        let Some(item) = from.item(*n) else { continue };
        let n = *n;
        extras.push(Extra {
            page: synthetic(
                site,
                statement,
                &format!("{DEMANDS}/{n}"),
                demand_path(code, n),
            ),
            template: "demand.html",
            title: tr(
                r,
                code,
                "demand-page-title",
                &[("number".into(), Arg::Num(n as f64))],
            ),
            description: card_text(&item.text),
            translated_in: Box::new(move |l: &Language| {
                site.demands
                    .get(&l.code)
                    .is_some_and(|d| d.item(n).is_some())
            }),
            path_in: Box::new(move |l: &str| demand_path(l, n)),
        });
    }
    if !shown.is_empty() {
        extras.push(Extra {
            page: synthetic(site, statement, DEMANDS, sheet_path(code)),
            template: "demands.html",
            title: title.clone(),
            description: site.source_of(statement).front.description.clone(),
            translated_in: Box::new(|l: &Language| site.demands.contains_key(&l.code)),
            path_in: Box::new(sheet_path),
        });
    }
    if site.has_updates {
        extras.push(Extra {
            page: synthetic(site, statement, UPDATES, updates_path(code)),
            template: "updates.html",
            title: tr(r, code, "updates-title", &[]),
            // Every page carries a description for link previews: the statement's.
            description: site.source_of(statement).front.description.clone(),
            translated_in: Box::new(|_: &Language| true),
            path_in: Box::new(updates_path),
        });
    }
    for extra in &extras {
        let (html, d, l) = render_extra(r, lang, extra, mode);
        if let Some(bytes) = html {
            let path = &extra.page.path;
            let made = publish::Made::from_template(path, extra.template, &d);
            output.insert(path.clone(), (bytes, made));
        }
        diags.extend(d);
        links.extend(l);
    }
    if site.has_updates {
        let path = feed_path(code);
        let made = publish::Made::generated(&path);
        output.insert(path, (feed(r, lang).into_bytes(), made));
    }
    (output, diags, links)
}

/// A page at `path` that shows the statement's file (for its links and its language).
fn synthetic(site: &Site, statement: &Page, slug: &str, path: String) -> Page {
    Page {
        lang: statement.lang.clone(),
        slug: slug.to_string(),
        source: statement.source,
        url: urls::file_url(&site.config.base_url, &path),
        path,
    }
}

fn render_extra(
    r: &Renderer,
    lang: &Language,
    extra: &Extra,
    mode: &RenderMode,
) -> (Option<Vec<u8>>, Vec<Diagnostic>, Vec<PageLink>) {
    let site = r.site;
    let page = &extra.page;
    let linker = Linker {
        from: &page.path,
        absolute: None,
    };
    let mut diags = Vec::new();
    let mut links = Vec::new();
    let mut context = views::shell(site, &r.locales, &r.config, page, linker);
    let view = &mut context.page;
    view.slug = Cow::Owned(page.slug.clone());
    view.title = Cow::Owned(extra.title.clone());
    view.description = Cow::Owned(extra.description.clone());
    view.translations = views::alternates(site, linker, &page.lang, |_, l| {
        let path = (extra.path_in)(&l.code);
        Some(views::Version {
            url: urls::file_url(&site.config.base_url, &path),
            path,
            translated: (extra.translated_in)(l),
        })
    });
    view.x_default = urls::file_url(
        &site.config.base_url,
        &(extra.path_in)(&site.config.default_language),
    );
    view.source_href = (page.lang != site.config.source_language)
        .then(|| linker.to(&(extra.path_in)(&site.config.source_language)));
    view.share = views::share_links(&page.url, &extra.title, &r.locales, &page.lang);
    view.qr = views::qr_of(&page.url, &r.locales, &page.lang, r.config.qr_masks);
    if extra.template == "updates.html" {
        // The list is made of interface strings and posts (each marked if shown from another
        // language): no date of its own, nothing drafted or outdated about it.
        view.date = None;
        view.content_lang = None;
        view.draft = false;
        view.outdated = false;
        view.posts = posts(site, &r.locales, &page.lang, linker);
    } else {
        let (demands, list_lang) = views::demands(
            site,
            &r.locales,
            &r.config.scope,
            page,
            linker,
            &mut diags,
            &mut links,
        );
        let source = site.demands_for(&page.lang);
        view.draft = source.is_some_and(|d| {
            d.lang != site.config.source_language
                && d.front.translation == Some(crate::content::TranslationState::Draft)
        });
        view.outdated = source.and_then(|d| site.demands_outdated(d)) == Some(true)
            || site.demands_incomplete(&page.lang);
        if extra.template == "demand.html" {
            one_demand(site, view, demands, linker);
        } else {
            // The leaflet leads to the whole statement.
            let statement_url = urls::page_url(&site.config.base_url, &page.lang, "index");
            view.qr = views::qr_of(&statement_url, &r.locales, &page.lang, r.config.qr_masks);
            view.demands = demands;
            // The list carries the language of demands shown from another one; the sheet's own
            // words are the page's.
            view.content_lang = None;
            view.demands_lang = list_lang;
            view.signatories = views::signatories(site, &r.locales, lang);
        }
    }
    context.chrome = r.chrome(mode, &page.path, Some(page.url.clone()));
    match r
        .render_page(
            &page.path,
            extra.template,
            &context,
            &context.page.translations,
        )
        .and_then(|html| r.finish(&page.path, extra.template, html))
    {
        Ok(bytes) => (Some(bytes), diags, links),
        Err(d) => {
            diags.push(d);
            (None, diags, links)
        }
    }
}

/// A demand's page view: its text (in the language it is shown in), its card, the way back.
fn one_demand<'a>(
    site: &Site,
    view: &mut views::PageView<'a>,
    demands: Vec<views::DemandView<'a>>,
    linker: Linker,
) {
    let n: u32 = view
        .slug
        .rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let Some(demand) = demands.into_iter().find(|d| d.number == n) else {
        return;
    };
    let lang = view.path.split('/').next().unwrap_or("").to_string();
    view.content = demand.html;
    view.content_lang = demand.lang;
    view.card = Some(views::card_link(
        site,
        &lang,
        Some(n),
        &view.description,
        linker,
    ));
    view.demand = Some(views::DemandPageView {
        number: n,
        statement_href: format!(
            "{}#{}",
            linker.to(&urls::page_path(&lang, "index")),
            demand.id
        ),
    });
}

/// The posts `lang` shows (its own or fallbacks), newest first.
pub(crate) fn posts<'a>(
    site: &'a Site,
    locales: &crate::i18n::Locales,
    lang: &str,
    linker: Linker,
) -> Vec<PostView<'a>> {
    let mut posts: Vec<(&Page, Date)> = site
        .pages_of(lang)
        .filter(|p| is_post(&p.slug))
        .filter_map(|p| site.source_of(p).front.date.map(|d| (p, d)))
        .collect();
    posts.sort_by(|(a, da), (b, db)| db.cmp(da).then_with(|| a.slug.cmp(&b.slug)));
    posts
        .into_iter()
        .map(|(p, d)| {
            let source = site.source_of(p);
            PostView {
                title: &source.front.title,
                description: &source.front.description,
                href: linker.to(&p.path),
                url: p.url.clone(),
                date: views::DateView {
                    iso: d.iso(),
                    display: views::format_date(locales, lang, d),
                },
                lang: (source.lang != lang)
                    .then(|| {
                        site.config
                            .language(&source.lang)
                            .map(|l| LanguageView::on_page(site, lang, l))
                    })
                    .flatten(),
            }
        })
        .collect()
}

/// The Atom feed of a language's updates: absolute links, the post's address as its id, dates
/// from the posts (the statement's when there is none yet), so the same sources give the same
/// bytes.
fn feed(r: &Renderer, lang: &Language) -> String {
    let site = r.site;
    let base = &site.config.base_url;
    let code = &lang.code;
    let list_url = urls::file_url(base, &updates_path(code));
    let self_url = urls::file_url(base, &feed_path(code));
    let absolute = Linker {
        from: "",
        absolute: Some(base),
    };
    let posts: Vec<&Page> = {
        let listed = posts(site, &r.locales, code, absolute);
        listed
            .iter()
            .filter_map(|p| site.pages_of(code).find(|page| page.url == p.url))
            .collect()
    };
    let stamp = |d: Date| format!("{}T00:00:00Z", d.iso());
    let newest = posts
        .first()
        .and_then(|p| site.source_of(p).front.date)
        .or_else(|| {
            site.page(code, "index")
                .and_then(|p| site.source_of(p).front.date)
        })
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), stamp);
    let site_name = tr(r, code, "site-name", &[]);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <id>{}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>\n  <updated>{newest}</updated>\n  <author><name>{}</name></author>\n",
        xml_text(&lang.tag),
        xml_text(&format!("{} · {}", tr(r, code, "updates-title", &[]), site_name)),
        xml_text(&site_name),
        xml_text(&self_url),
        xml_text(&self_url),
        xml_text(&lang.tag),
        xml_text(&list_url),
        xml_text(&site_name),
    );
    for page in posts {
        let source = site.source_of(page);
        let Some(date) = source.front.date else {
            continue;
        };
        let linker = Linker {
            from: &page.path,
            absolute: Some(base),
        };
        let (view, _, _) = views::page_context(site, &r.locales, &r.config, page, linker);
        let content = absolute_links(
            &format!("{}{}", view.page.content, view.page.content_after),
            &page.path,
            base,
        );
        let entry_lang = site
            .config
            .language(&source.lang)
            .map_or(&lang.tag, |l| &l.tag);
        xml.push_str(&format!(
            "  <entry xml:lang=\"{}\">\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <published>{}</published>\n    <updated>{}</updated>\n",
            xml_text(entry_lang),
            xml_text(&source.front.title),
            xml_text(&page.url),
            xml_text(&page.url),
            stamp(date),
            stamp(date),
        ));
        if !source.front.description.is_empty() {
            xml.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_text(&source.front.description)
            ));
        }
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n  </entry>\n",
            xml_text(&content)
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// `html` (a page's content, written for `path`) with every relative `href` and `src` made
/// absolute: a feed reader shows a post away from the site.
fn absolute_links(html: &str, path: &str, base: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(at) = ["href=\"", "src=\""]
        .iter()
        .filter_map(|a| rest.find(a).map(|i| i + a.len()))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        let scheme = value
            .split_once(':')
            .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '?', '#']));
        if scheme || value.starts_with("//") {
            out.push_str(value);
        } else {
            let (target, fragment) = value
                .split_once('#')
                .map_or((value, None), |(t, f)| (t, Some(f)));
            let mut parts: Vec<&str> = path.split('/').collect();
            parts.pop();
            if target.is_empty() {
                parts.push(path.rsplit('/').next().unwrap_or(""));
            }
            for segment in target.split('/').filter(|s| !s.is_empty()) {
                match segment {
                    "." => {}
                    ".." => {
                        parts.pop();
                    }
                    other => parts.push(other),
                }
            }
            out.push_str(&urls::file_url(base, &parts.join("/")));
            if let Some(f) = fragment {
                out.push('#');
                out.push_str(f);
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Text for XML: escaped, and without the control characters XML 1.0 cannot carry.
fn xml_text(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
        .collect();
    crate::templates::escape_html(&kept)
}

/// A page of this module in the sitemap.
pub(crate) struct SitemapEntry {
    pub(crate) url: String,
    /// Its translated versions: `(hreflang, address)`.
    pub(crate) versions: Vec<(String, String)>,
    /// The default language's version.
    pub(crate) x_default: String,
}

/// The sitemap entries of this module's pages that are translated (not fallbacks).
pub(crate) fn sitemap_entries(site: &Site) -> Vec<SitemapEntry> {
    let base = &site.config.base_url;
    let mut kinds: Vec<(PathIn, TranslatedIn)> = Vec::new();
    if let Some(source) = site.demands.get(&site.config.source_language) {
        for item in &source.items {
            let n = item.number;
            kinds.push((
                Box::new(move |l: &str| demand_path(l, n)),
                Box::new(move |l: &Language| {
                    site.demands
                        .get(&l.code)
                        .is_some_and(|d| d.item(n).is_some())
                }),
            ));
        }
        kinds.push((
            Box::new(sheet_path),
            Box::new(|l: &Language| site.demands.contains_key(&l.code)),
        ));
    }
    if site.has_updates {
        kinds.push((Box::new(updates_path), Box::new(|_: &Language| true)));
    }
    let mut out = Vec::new();
    for (path_in, translated) in &kinds {
        let versions: Vec<(String, String)> = site
            .config
            .languages
            .iter()
            .filter(|l| site.page(&l.code, "index").is_some() && translated(l))
            .map(|l| (l.tag.clone(), urls::file_url(base, &path_in(&l.code))))
            .collect();
        let x_default = urls::file_url(base, &path_in(&site.config.default_language));
        for (_, url) in &versions {
            out.push(SitemapEntry {
                url: url.clone(),
                versions: versions.clone(),
                x_default: x_default.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posts_links_become_absolute_for_the_feed() {
        let html = "<a href=\"../../index.html#demand-2\">d</a> <a href=\"#top\">t</a> <img src=\"../../../logo.png\"> <a href=\"https://e.org/x\">e</a> <a href=\"mailto:a@b.c\">m</a>";
        assert_eq!(
            absolute_links(html, "en/updates/one/index.html", "https://s.org/c/"),
            "<a href=\"https://s.org/c/en/#demand-2\">d</a> <a href=\"https://s.org/c/en/updates/one/#top\">t</a> <img src=\"https://s.org/c/logo.png\"> <a href=\"https://e.org/x\">e</a> <a href=\"mailto:a@b.c\">m</a>"
        );
    }

    #[test]
    fn card_text_has_no_control_characters_and_one_space_between_words() {
        assert_eq!(card_text(" a\u{1}b\n\n c\u{7f} "), "ab c");
        assert_eq!(xml_text("a\u{1}<b>&\u{0}"), "a&lt;b&gt;&amp;");
        assert!(starts_right_to_left("«שלום» world") && starts_right_to_left("1. مرحبا"));
        assert!(!starts_right_to_left("12 August 2025 שלום"));
    }
}

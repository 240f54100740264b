//! The views templates see: typed, serializable snapshots of a page, built from the [`Site`].
//!
//! Templates get named fields (`page.title`, `page.demands`, `page.translations`), not a
//! hand-filled map, as Zola's `SerializingPage` does; a field renamed here is a compile error, not
//! a silently empty template variable. This module also decides how a page links elsewhere
//! ([`Linker`]: relative on the site, absolute in a single-file page) and gathers what a page
//! shows besides its Markdown: demands with their stable ids, signatories with their translated
//! names, translations, navigation, share links and the localized date.
//!
//! Long because every view type a template sees is declared here with the functions that fill it:
//! the types are the templates' contract.

use crate::content::{PageSource, TranslationState};
use crate::diag::Diagnostic;
use crate::i18n::{Arg, Locales};
use crate::language::Direction;
use crate::markdown::{self, Heading, DEMANDS_SLOT};
use crate::model::{Page, Site};
use crate::output::PageLink;
use crate::project::Language;
use crate::{status, urls};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

#[derive(Serialize, Clone)]
pub(crate) struct LanguageView<'a> {
    pub(crate) code: &'a str,
    /// The language's name in itself, as the switcher shows it (`Français`).
    pub(crate) name: &'a str,
    /// The language's name in the language of the page that shows it, for sentences (`anglais`
    /// on a French page; see [`Site::language_label`]). On site-wide lists, its own name.
    pub(crate) label: &'a str,
    /// Its name in each language along the page's fallback chain. Passed to `trans`
    /// (`source=page.content_lang`), the language is named in the language of the sentence,
    /// also when that sentence falls back to another language.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) names: BTreeMap<&'a str, &'a str>,
    pub(crate) tag: &'a str,
    /// The tag as Open Graph writes locales (`crh_Latn`).
    pub(crate) og_locale: &'a str,
    pub(crate) dir: Direction,
}

impl<'a> LanguageView<'a> {
    /// The view of `l` on a page of `reader`, with its name in the reader's language.
    pub(crate) fn on_page(site: &'a Site, reader: &str, l: &'a Language) -> Self {
        LanguageView {
            label: site.language_label(reader, l),
            names: site.language_labels(reader, l),
            ..LanguageView::from(l)
        }
    }
}

impl<'a> From<&'a Language> for LanguageView<'a> {
    fn from(l: &'a Language) -> Self {
        LanguageView {
            code: &l.code,
            name: &l.name,
            label: &l.name,
            names: BTreeMap::new(),
            tag: &l.tag,
            og_locale: &l.og_locale,
            dir: l.dir,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct ConfigView<'a> {
    pub(crate) base_url: &'a str,
    pub(crate) default_language: &'a str,
    pub(crate) source_language: &'a str,
    pub(crate) languages: Vec<LanguageView<'a>>,
    /// Where the site is published and what it may load from, for the checks of content.
    #[serde(skip)]
    pub(crate) scope: crate::origins::Scope,
    /// The masks of the QR codes drawn before.
    #[serde(skip)]
    pub(crate) qr_masks: &'a crate::qr::Masks,
    /// The theme's version parts, and those rendered so far.
    #[serde(skip)]
    pub(crate) parts: crate::parts::Parts,
}

/// What every page template gets besides its own content: how the page is delivered.
#[derive(Serialize, Default)]
pub(crate) struct Chrome {
    /// The Content-Security-Policy for the `<meta>`.
    pub(crate) csp: String,
    /// The stylesheet, inlined (single-file pages only).
    pub(crate) inline_css: Option<String>,
    /// `theme/static/custom.css`, linked after the built-in stylesheet (not in single-file
    /// pages, which inline it).
    pub(crate) custom_css: Option<String>,
    /// A self-contained file (`download/<name>-<lang>.html`): no `hreflang` alternates, since
    /// its canonical address is the hosted page's.
    pub(crate) single_file: bool,
    /// The official address of this page, shown in the offline copy.
    pub(crate) offline_url: Option<String>,
    pub(crate) downloads: Option<DownloadsView>,
    /// Where else to read the site: mirrors and the onion address.
    pub(crate) blocked: BlockedView,
    pub(crate) favicon: Option<IconView>,
    /// The site's logo (`[theme] logo`), shown beside its name.
    pub(crate) logo: Option<String>,
}

/// A `<link rel="icon">`: a file of the site, or a `data:` URL in a single-file page.
#[derive(Serialize, Clone)]
pub(crate) struct IconView {
    pub(crate) href: String,
    #[serde(rename = "type")]
    pub(crate) media_type: &'static str,
}

/// "If this site is blocked": the same page at the mirrors, and the onion address to copy.
#[derive(Serialize, Default)]
pub(crate) struct BlockedView {
    pub(crate) mirrors: Vec<MirrorView>,
    /// Shown as text, never as a link: an ordinary browser would try to look the name up.
    pub(crate) onion: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct MirrorView {
    /// The mirror's address, as shown.
    pub(crate) name: String,
    /// This page at the mirror.
    pub(crate) href: String,
}

#[derive(Serialize)]
pub(crate) struct DownloadsView {
    pub(crate) zip_href: String,
    pub(crate) zip_kb: u64,
    pub(crate) zip_sha256: String,
    pub(crate) page_href: Option<String>,
    pub(crate) page_kb: Option<u64>,
    pub(crate) page_sha256: Option<String>,
    pub(crate) sums_href: String,
    pub(crate) sig_href: Option<String>,
    pub(crate) key_href: Option<String>,
    pub(crate) fingerprint: Option<String>,
}

/// Another language's version of the current page.
#[derive(Serialize)]
pub(crate) struct AlternateView<'a> {
    pub(crate) lang: LanguageView<'a>,
    /// Link from the current page (relative; absolute in a single-file page).
    pub(crate) href: String,
    /// Absolute public address.
    pub(crate) url: String,
    pub(crate) current: bool,
    /// The version has its own translation (not a fallback): listed as an `hreflang` alternate.
    pub(crate) translated: bool,
}

impl crate::parts::Version for AlternateView<'_> {
    /// Every field is named here, so that one added to the view cannot be left out.
    fn identity(&self, key: &mut Vec<u8>) {
        use crate::parts::push_field;
        let AlternateView {
            lang,
            href,
            url,
            current,
            translated,
        } = self;
        let LanguageView {
            code,
            name,
            label,
            names,
            tag,
            og_locale,
            dir,
        } = lang;
        for text in [code, name, label, tag, og_locale, dir.as_str()] {
            push_field(key, text.as_bytes());
        }
        push_field(key, &names.len().to_le_bytes());
        for (language, name) in names {
            push_field(key, language.as_bytes());
            push_field(key, name.as_bytes());
        }
        for text in [href, url] {
            push_field(key, text.as_bytes());
        }
        push_field(key, &[u8::from(*current), u8::from(*translated)]);
    }
}

#[derive(Serialize)]
pub(crate) struct DateView {
    pub(crate) iso: String,
    pub(crate) display: String,
}

/// A link that shares an address on a network or by email; nothing is contacted until clicked.
#[derive(Serialize)]
pub(crate) struct ShareView {
    pub(crate) name: String,
    pub(crate) href: String,
}

#[derive(Serialize)]
pub(crate) struct DemandView<'a> {
    pub(crate) number: u32,
    pub(crate) id: String,
    pub(crate) html: String,
    /// Set when this demand is shown in another language than the page's, because the page's
    /// language does not have it yet (the template marks it "not yet translated").
    pub(crate) lang: Option<LanguageView<'a>>,
    /// Absolute address of the demand's own page, for sharing: it previews as this demand.
    pub(crate) url: String,
    /// Link to the demand's own page.
    pub(crate) href: String,
    pub(crate) share: Vec<ShareView>,
}

/// A page's share card, as Open Graph names it (`og:image`).
#[derive(Serialize)]
pub(crate) struct CardLink {
    /// Absolute address of the PNG.
    pub(crate) url: String,
    /// Link to the PNG from the page (for saving the picture).
    pub(crate) href: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// What the card shows, in words.
    pub(crate) alt: String,
}

/// A QR code of an address, with the address to print beside it.
#[derive(Serialize)]
pub(crate) struct QrView {
    /// Inline SVG.
    pub(crate) svg: String,
    pub(crate) address: String,
}

/// The Atom feed of the page's language.
#[derive(Serialize)]
pub(crate) struct FeedLink {
    pub(crate) href: String,
    pub(crate) title: String,
}

/// What a demand's own page adds.
#[derive(Serialize)]
pub(crate) struct DemandPageView {
    pub(crate) number: u32,
    /// The demand in the statement (`../../index.html#demand-3`).
    pub(crate) statement_href: String,
}

/// A post in the list of updates.
#[derive(Serialize)]
pub(crate) struct PostView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) href: String,
    pub(crate) url: String,
    pub(crate) date: DateView,
    /// Set when the post is shown in another language than the list's (not translated yet).
    pub(crate) lang: Option<LanguageView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct SignatoryView<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: String,
    pub(crate) url: Option<&'a str>,
    /// The language tag of the name when it is not the page's language.
    pub(crate) lang: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct NavView {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) current: bool,
}

#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    pub(crate) slug: Cow<'a, str>,
    pub(crate) path: Cow<'a, str>,
    pub(crate) title: Cow<'a, str>,
    /// The page's description, or its language's statement's when it has none, or its title:
    /// every page carries one, for search engines and link previews.
    pub(crate) description: Cow<'a, str>,
    pub(crate) date: Option<DateView>,
    /// Body HTML up to the demands slot (all of it when there is no slot).
    pub(crate) content: String,
    /// Body HTML after the demands slot.
    pub(crate) content_after: String,
    pub(crate) headings: Vec<Heading>,
    /// Set when the content is another language's, shown because this one has no translation.
    pub(crate) content_lang: Option<LanguageView<'a>>,
    /// An unreviewed draft translation.
    pub(crate) draft: bool,
    /// Made from an older version of the source text (its `source_hash` no longer matches).
    pub(crate) outdated: bool,
    /// Link to the same page in the source language, when this is not it.
    pub(crate) source_href: Option<String>,
    pub(crate) canonical: String,
    /// The `hreflang="x-default"` address: the language chooser for the statement, the default
    /// language's version for other pages.
    pub(crate) x_default: String,
    pub(crate) translations: Vec<AlternateView<'a>>,
    /// The theme's version parts by name (`page.parts.switcher`): markers that the part of each
    /// of `translations` replaces once the page is minified ([`crate::parts`]).
    pub(crate) parts: &'a BTreeMap<String, String>,
    pub(crate) demands: Vec<DemandView<'a>>,
    /// Set when every demand is shown in one other language (the page's language has none).
    pub(crate) demands_lang: Option<LanguageView<'a>>,
    pub(crate) signatories: Vec<SignatoryView<'a>>,
    pub(crate) nav: Vec<NavView>,
    pub(crate) share: Vec<ShareView>,
    /// This language's statement page.
    pub(crate) home_href: String,
    /// The language chooser.
    pub(crate) languages_href: String,
    /// The translation-status page.
    pub(crate) translate_href: String,
    /// The share card (`og:image`): the page's own, or its language's statement's.
    pub(crate) card: Option<CardLink>,
    /// A QR code of the page's public address (shown in print and in single-file pages).
    pub(crate) qr: Option<QrView>,
    /// The language's Atom feed, when the site has updates.
    pub(crate) feed: Option<FeedLink>,
    /// The language's list of updates, when it has posts.
    pub(crate) updates_href: Option<String>,
    /// The one-sheet of the demands, for printing.
    pub(crate) sheet_href: Option<String>,
    /// Set on a demand's own page.
    pub(crate) demand: Option<DemandPageView>,
    /// On the list of updates: the posts, newest first.
    pub(crate) posts: Vec<PostView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct PageContext<'a> {
    pub(crate) lang: &'a str,
    pub(crate) language: LanguageView<'a>,
    pub(crate) source_language: LanguageView<'a>,
    /// The way back to the output root from this page (`../`), for static files and `get_url`.
    pub(crate) root: String,
    pub(crate) page: PageView<'a>,
    #[serde(flatten)]
    pub(crate) chrome: Chrome,
}

/// A language on the chooser and the 404 page.
#[derive(Serialize)]
pub(crate) struct ChoiceView<'a> {
    pub(crate) lang: LanguageView<'a>,
    pub(crate) href: String,
    pub(crate) title: String,
    /// The statement's description in this language (the chooser's meta description is the
    /// default language's).
    pub(crate) description: String,
    pub(crate) url: String,
}

/// What every site-wide page (chooser, 404, translation status, guide) shares: it is in the
/// default language and belongs to no language folder.
#[derive(Serialize)]
pub(crate) struct SiteFrame<'a> {
    pub(crate) lang: &'a str,
    pub(crate) language: LanguageView<'a>,
    /// The way back to the output root (an absolute path for `404.html`).
    pub(crate) root: String,
    #[serde(flatten)]
    pub(crate) chrome: Chrome,
}

impl<'a> SiteFrame<'a> {
    pub(crate) fn new(site: &'a Site, root: String, chrome: Chrome) -> Self {
        let default = site
            .config
            .language(&site.config.default_language)
            .expect("validated in site.toml");
        SiteFrame {
            lang: &default.code,
            language: LanguageView::from(default),
            root,
            chrome,
        }
    }
}

/// `index.html` (the language chooser) and `404.html`.
#[derive(Serialize)]
pub(crate) struct RootContext<'a> {
    #[serde(flatten)]
    pub(crate) frame: SiteFrame<'a>,
    pub(crate) choices: Vec<ChoiceView<'a>>,
    pub(crate) canonical: String,
    /// The default language's statement card, for a link to the site itself.
    pub(crate) card: Option<CardLink>,
}

/// `translate/index.html`: the coverage of every language.
#[derive(Serialize)]
pub(crate) struct TranslateContext<'a> {
    #[serde(flatten)]
    pub(crate) frame: SiteFrame<'a>,
    pub(crate) languages: Vec<StatusView>,
}

/// `translate/guide/index.html`: the translators' guide.
#[derive(Serialize)]
pub(crate) struct GuideContext<'a> {
    #[serde(flatten)]
    pub(crate) frame: SiteFrame<'a>,
    /// The guide as HTML; it is written in English.
    pub(crate) guide: String,
}

#[derive(Serialize)]
pub(crate) struct StatusView {
    #[serde(flatten)]
    pub(crate) status: status::LanguageStatus,
    pub(crate) messages_percent: usize,
    pub(crate) href: String,
}

/// How links leave a page: relative (normal pages) or absolute (a single-file page, which has no
/// other file beside it).
#[derive(Clone, Copy)]
pub(crate) struct Linker<'a> {
    pub(crate) from: &'a str,
    pub(crate) absolute: Option<&'a str>,
}

impl Linker<'_> {
    /// A link to output file `to`.
    pub(crate) fn to(&self, to: &str) -> String {
        match self.absolute {
            Some(base) => urls::file_url(base, to),
            None => urls::relative(self.from, to),
        }
    }

    pub(crate) fn root(&self) -> String {
        match self.absolute {
            Some(base) => base.to_string(),
            None => urls::root_prefix(self.from),
        }
    }
}

/// The view of a content page: its Markdown, and on the statement its demands and signatories.
pub(crate) fn page_context<'a>(
    site: &'a Site,
    locales: &Locales,
    config: &'a ConfigView<'a>,
    page: &'a Page,
    linker: Linker,
) -> (PageContext<'a>, Vec<Diagnostic>, Vec<PageLink>) {
    let mut diags = Vec::new();
    let mut links = Vec::new();
    let mut context = shell(site, locales, config, page, linker);
    let source = site.source_of(page);
    let resolve = |href: &str| resolve_link(site, page, href);
    let input = markdown::Input {
        file: &source.file.path,
        text: &source.file.text,
        region: source.body.clone(),
        allow_html: site.config.allow_html,
        scope: &config.scope,
        resolve: &resolve,
    };
    let (rendered, d) = markdown::render(&input);
    diags.extend(d);
    collect_links(site, page, &rendered.links, &mut links);
    let view = &mut context.page;
    match rendered.html.split_once(DEMANDS_SLOT) {
        Some((before, after)) => {
            view.content = before.to_string();
            view.content_after = after.to_string();
        }
        None => view.content = rendered.html,
    }
    view.headings = rendered.headings;
    if page.slug == "index" {
        let lang = site
            .config
            .language(&page.lang)
            .expect("pages are made for declared languages");
        (view.demands, view.demands_lang) = demands(
            site,
            locales,
            &config.scope,
            page,
            linker,
            &mut diags,
            &mut links,
        );
        view.signatories = signatories(site, locales, lang);
    }
    (context, diags, links)
}

/// Everything a page view has that is not its content: its language, address, translations,
/// navigation, notices, share links, card, QR code and feed. The demands' pages, their sheet and
/// the list of updates ([`crate::render::spread`]) are this, with their own content.
pub(crate) fn shell<'a>(
    site: &'a Site,
    locales: &Locales,
    config: &'a ConfigView<'a>,
    page: &'a Page,
    linker: Linker,
) -> PageContext<'a> {
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
        .then(|| {
            site.config
                .language(&source.lang)
                .map(|l| LanguageView::on_page(site, &page.lang, l))
        })
        .flatten();
    let root = linker.root();
    let versions = site.version_per_language(&page.slug);
    let translations = alternates(site, linker, &page.lang, |i, l| {
        let other = versions.get(i).copied().flatten()?;
        Some(Version {
            path: other.path.clone(),
            url: other.url.clone(),
            translated: site.source_of(other).lang == l.code,
        })
    });
    let nav = site
        .menu_of(&page.lang)
        .map(|p| NavView {
            title: site.source_of(p).front.title.clone(),
            href: linker.to(&p.path),
            current: p.slug == page.slug,
        })
        .collect();
    let canonical = page.url.clone();
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
    let has_posts = site.has_posts(&page.lang);
    let feed = site.has_updates.then(|| FeedLink {
        href: linker.to(&crate::urls::feed_path(&page.lang)),
        title: locales
            .tr(&page.lang, "updates-feed", &[])
            .map(|t| t.text)
            .unwrap_or_else(|_| "Atom".into()),
    });
    let has_demands = !site.demands_shown(&page.lang).is_empty();
    let title = &source.front.title;
    let statement_title = site
        .page(&page.lang, "index")
        .map_or(title.as_str(), |p| site.source_of(p).front.title.as_str());
    let view = PageView {
        slug: Cow::Borrowed(&page.slug),
        path: Cow::Borrowed(&page.path),
        title: Cow::Borrowed(title),
        description: Cow::Borrowed(
            [
                &source.front.description,
                &site
                    .source_of(site.page(&page.lang, "index").unwrap_or(page))
                    .front
                    .description,
                &source.front.title,
            ]
            .into_iter()
            .find(|d| !d.is_empty())
            .map_or("", String::as_str),
        ),
        date,
        content: String::new(),
        content_after: String::new(),
        headings: Vec::new(),
        content_lang,
        draft: is_draft(source, &site.config.source_language),
        outdated: site.page_outdated(source) == Some(true)
            || (page.slug == "index"
                && (site
                    .demands_for(&page.lang)
                    .and_then(|d| site.demands_outdated(d))
                    == Some(true)
                    || site.demands_incomplete(&page.lang))),
        source_href,
        x_default: if page.slug == "index" {
            site.config.base_url.clone()
        } else {
            urls::page_url(
                &site.config.base_url,
                &site.config.default_language,
                &page.slug,
            )
        },
        canonical: canonical.clone(),
        translations,
        parts: config.parts.markers(),
        demands: Vec::new(),
        demands_lang: None,
        signatories: Vec::new(),
        nav,
        home_href: linker.to(&urls::page_path(&page.lang, "index")),
        languages_href: linker.to("index.html"),
        translate_href: linker.to("translate/index.html"),
        share: share_links(&canonical, title, locales, &page.lang),
        card: site
            .page(&page.lang, "index")
            .map(|_| card_link(site, &page.lang, None, statement_title, linker)),
        qr: qr_of(&canonical, locales, &page.lang, config.qr_masks),
        feed,
        updates_href: has_posts.then(|| linker.to(&crate::urls::updates_path(&page.lang))),
        sheet_href: has_demands.then(|| linker.to(&crate::urls::sheet_path(&page.lang))),
        demand: None,
        posts: Vec::new(),
    };
    PageContext {
        lang: &page.lang,
        language: LanguageView::on_page(site, &page.lang, lang),
        source_language: LanguageView::on_page(site, &page.lang, source_lang),
        root,
        page: view,
        chrome: Chrome::default(),
    }
}

/// A page's version in one language, for [`alternates`].
pub(crate) struct Version {
    /// Its output path.
    pub(crate) path: String,
    /// Its absolute public address.
    pub(crate) url: String,
    /// Whether it is that language's own translation (listed as an `hreflang` alternate) or a
    /// fallback.
    pub(crate) translated: bool,
}

/// The versions of a page in every language that has the statement, in the order of
/// `site.toml`: `version(index, language)` gives the version in the language at that index of
/// `site.toml`'s list.
pub(crate) fn alternates<'a>(
    site: &'a Site,
    linker: Linker,
    current: &str,
    version: impl Fn(usize, &'a Language) -> Option<Version>,
) -> Vec<AlternateView<'a>> {
    let root = linker.root();
    site.config
        .languages
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let Version {
                path,
                url,
                translated,
            } = version(i, l)?;
            let is_current = l.code == current;
            Some(AlternateView {
                lang: LanguageView::from(l),
                // Another language's folder shares nothing with this page's path: the way there
                // is the way to the root, then its path (a 30-language switcher on every page).
                href: if is_current || linker.absolute.is_some() {
                    linker.to(&path)
                } else {
                    format!("{root}{path}")
                },
                url,
                current: is_current,
                translated,
            })
        })
        .collect()
}

/// The share card of `lang`'s statement (`demand: None`) or of one of its demands.
pub(crate) fn card_link(
    site: &Site,
    lang: &str,
    demand: Option<u32>,
    alt: &str,
    linker: Linker,
) -> CardLink {
    let path = crate::urls::card_path(lang, demand);
    CardLink {
        url: urls::file_url(&site.config.base_url, &path),
        href: linker.to(&path),
        width: crate::cards::WIDTH,
        height: crate::cards::HEIGHT,
        alt: alt.to_string(),
    }
}

/// A QR code of `url`, labelled in the page's language.
pub(crate) fn qr_of(
    url: &str,
    locales: &Locales,
    lang: &str,
    masks: &crate::qr::Masks,
) -> Option<QrView> {
    let label = locales
        .tr(
            lang,
            "qr-label",
            &[("url".to_string(), Arg::Str(url.to_string()))],
        )
        .map(|t| t.text)
        .unwrap_or_else(|_| url.to_string());
    Some(QrView {
        svg: crate::qr::svg(url, &label, masks)?,
        address: url.to_string(),
    })
}

/// Records the links of a page's content with the href they have in the output.
pub(crate) fn collect_links(
    site: &Site,
    page: &Page,
    found: &[markdown::Link],
    links: &mut Vec<PageLink>,
) {
    for link in found {
        if leads_to_a_failed_file(site, page, &link.href) {
            // The file it leads to could not be read, which is reported; this link is not wrong.
            continue;
        }
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

pub(crate) fn is_draft(source: &PageSource, source_language: &str) -> bool {
    source.lang != source_language && source.front.translation == Some(TranslationState::Draft)
}

/// An `@/slug.md#anchor` link from `page`, as a relative link to that page in the same language.
pub(crate) fn resolve_link(site: &Site, page: &Page, href: &str) -> Option<String> {
    let rest = href.strip_prefix("@/")?;
    let (file, anchor) = match rest.split_once('#') {
        Some((f, a)) => (f, format!("#{a}")),
        None => (rest, String::new()),
    };
    let slug = file.strip_suffix(".md")?;
    let target = match site.page(&page.lang, slug) {
        Some(target) => target.path.clone(),
        // A page whose file could not be read keeps its address: the link is not the mistake.
        None if failed_along_chain(site, &page.lang, slug) => urls::page_path(&page.lang, slug),
        None => return None,
    };
    Some(format!("{}{anchor}", urls::relative(&page.path, &target)))
}

/// Whether a file `lang`'s page of `slug` would show (its own or a fallback) could not be read.
fn failed_along_chain(site: &Site, lang: &str, slug: &str) -> bool {
    site.chain(lang).iter().any(|l| site.failed(l, slug))
}

/// Whether an `@/` link leads to a page, or a `#demand-N` of a statement, whose file could not be
/// read: the link check would only repeat that problem.
fn leads_to_a_failed_file(site: &Site, page: &Page, href: &str) -> bool {
    let Some(rest) = href.strip_prefix("@/") else {
        return false;
    };
    let (file, anchor) = rest.split_once('#').unwrap_or((rest, ""));
    let Some(slug) = file.strip_suffix(".md") else {
        return false;
    };
    (site.page(&page.lang, slug).is_none() && failed_along_chain(site, &page.lang, slug))
        || (slug == "index"
            && anchor.starts_with("demand-")
            && failed_along_chain(site, &page.lang, crate::content::DEMANDS_SLUG))
}

/// The demands of `page`'s language, rendered, with their stable ids; a demand the language
/// does not have yet is taken from the next language along its chain (see
/// [`Site::demands_shown`]) and carries that language.
pub(crate) fn demands<'a>(
    site: &'a Site,
    locales: &Locales,
    scope: &crate::origins::Scope,
    page: &Page,
    linker: Linker,
    diags: &mut Vec<Diagnostic>,
    links: &mut Vec<PageLink>,
) -> (Vec<DemandView<'a>>, Option<LanguageView<'a>>) {
    let shown = site.demands_shown(&page.lang);
    // Each file the demands come from is rendered once, with this page's links.
    let mut rendered: Vec<(&str, Vec<markdown::ListItem>)> = Vec::new();
    for (_, source) in &shown {
        if rendered.iter().any(|(lang, _)| *lang == source.lang) {
            continue;
        }
        let resolve = |href: &str| resolve_link(site, page, href);
        let input = markdown::Input {
            file: &source.file.path,
            text: &source.file.text,
            region: source.body.clone(),
            allow_html: site.config.allow_html,
            scope,
            resolve: &resolve,
        };
        let (items, item_links, d) = markdown::ordered_items(&input);
        diags.extend(d);
        collect_links(site, page, &item_links, links);
        rendered.push((&source.lang, items));
    }
    let other = |lang: &str| {
        (lang != page.lang)
            .then(|| {
                site.config
                    .language(lang)
                    .map(|l| LanguageView::on_page(site, &page.lang, l))
            })
            .flatten()
    };
    let mut views = Vec::with_capacity(shown.len());
    for (number, source) in &shown {
        let Some(item) = rendered
            .iter()
            .find(|(lang, _)| *lang == source.lang)
            .and_then(|(_, items)| items.iter().find(|i| i.number == *number))
        else {
            continue;
        };
        let path = crate::urls::demand_path(&page.lang, *number);
        let url = urls::file_url(&site.config.base_url, &path);
        // The address alone: a title in every link of ten demands would weigh more than the text.
        let text = format!("#{number}");
        views.push(DemandView {
            number: *number,
            id: format!("demand-{number}"),
            html: item.html.clone(),
            lang: other(&source.lang),
            share: share_links(&url, &text, locales, &page.lang),
            href: linker.to(&path),
            url,
        });
    }
    let list_lang = match rendered.as_slice() {
        [(lang, _)] => other(lang),
        _ => None,
    };
    (views, list_lang)
}

/// Plain share links: each is an ordinary link that contacts nothing until a reader clicks it
/// (no widgets, no scripts, no counters). Signal has no link scheme for sharing, so it is not
/// listed; its users copy the address.
pub(crate) fn share_links(url: &str, text: &str, locales: &Locales, lang: &str) -> Vec<ShareView> {
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
pub(crate) fn signatories<'a>(
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
                // An error of the rules (`check::signatories`), so never published; `serve` and
                // a failed build still render, and show the id.
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
pub(crate) fn format_date(locales: &Locales, lang: &str, d: crate::toml_de::Date) -> String {
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

pub(crate) fn root_context<'a>(
    site: &'a Site,
    root: String,
    path: &str,
    chrome: Chrome,
) -> RootContext<'a> {
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
                description: Some(&site.source_of(page).front)
                    .map(|f| {
                        if f.description.is_empty() {
                            &f.title
                        } else {
                            &f.description
                        }
                    })
                    .cloned()
                    .unwrap_or_default(),
                url: urls::page_url(&site.config.base_url, &l.code, "index"),
            })
        })
        .collect();
    let default = &site.config.default_language;
    let card = site.page(default, "index").map(|p| {
        let linker = Linker {
            from: path,
            absolute: None,
        };
        card_link(site, default, None, &site.source_of(p).front.title, linker)
    });
    RootContext {
        frame: SiteFrame::new(site, root, chrome),
        choices,
        canonical: site.config.base_url.clone(),
        card,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LocaleFile;
    use crate::project::Config;
    use crate::toml_de::Date;

    /// Dates of this repository's own site, formatted as pages format them: the day reaches
    /// Fluent as a number, so a language can select on it (French writes the first "1er").
    #[test]
    fn the_sites_dates_in_each_language() {
        let config = Config::parse(include_str!("../site.toml")).unwrap();
        let files: Vec<LocaleFile> = [
            ("en", include_str!("../locales/en/theme.ftl")),
            ("fr", include_str!("../locales/fr/theme.ftl")),
            ("de", include_str!("../locales/de/theme.ftl")),
            ("uk", include_str!("../locales/uk/theme.ftl")),
        ]
        .into_iter()
        .map(|(lang, text)| LocaleFile {
            lang: lang.into(),
            path: format!("locales/{lang}/theme.ftl"),
            text: text.into(),
        })
        .collect();
        let (locales, report) = Locales::load(&config, &files);
        assert!(!report.has_errors(), "{report:?}");
        let date = |lang: &str, day: u8, month: u8| {
            format_date(
                &locales,
                lang,
                Date {
                    year: 2025,
                    month,
                    day,
                },
            )
        };
        assert_eq!(date("fr", 1, 8), "1er août 2025");
        assert_eq!(date("fr", 12, 8), "12 août 2025");
        assert_eq!(date("fr", 31, 12), "31 décembre 2025");
        assert_eq!(date("en", 1, 8), "1 August 2025");
        assert_eq!(date("de", 1, 8), "1. August 2025");
        assert_eq!(date("uk", 1, 8), "1 серпня 2025 року");
    }
}

//! Markdown to HTML: the only user of pulldown-cmark.
//!
//! Rendering returns a plain [`Rendered`] value: the HTML plus the headings (with the ids they
//! got) and every link with its `path:line:col`, so that link checking is a separate pass over
//! data, as in Zola's link checker but with a location per link. Three decisions differ from
//! pulldown-cmark's defaults:
//!
//! - headings get ids (pulldown-cmark makes none), from their text, Unicode letters kept, so a
//!   Ukrainian heading gets a Ukrainian anchor; an explicit `{#id}` wins;
//! - smart punctuation is off: it always produces English quotes, wrong for Ukrainian «» and
//!   German „“; translators type the quotes their language uses;
//! - raw HTML is refused unless `site.toml` allows it (content comes from many hands, and HTML is
//!   where scripts and third-party requests hide); HTML comments are dropped silently;
//! - a heading's `{…}` attributes keep only `{#id}` and `{.class}` with plain names: anything else
//!   (`{onfocus=…}`, `{style=…}`) is an error, whether or not the site allows raw HTML;
//! - quotes, lists, emphasis, links and raw HTML elements nest at most
//!   [`crate::limits::MARKDOWN_NESTING`] deep: what is deeper is an error at the first place that
//!   goes past the limit, and is left out of the page (every later stage recurses per level).
//!
//! Links to other pages are written as `@/slug.md` (optionally `#anchor`), as in Zola; the caller
//! passes a resolver that turns them into relative links that name the file.
//!
//! Long because the site's Markdown rules (links, raw HTML, images, the demands slot, heading ids)
//! act on one stream of pulldown-cmark events and share its state.

use crate::diag::{Code, Diagnostic, LineIndex, Location};
use crate::origins;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A line with only this comment marks where the demands list goes in the statement; it is
/// kept in the HTML for the renderer to split at. Other comments are dropped.
pub(crate) const DEMANDS_SLOT: &str = "<!-- demands -->";

/// A heading of a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// A link in a page, as written, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub href: String,
    pub(crate) location: Location,
}

/// The result of rendering one Markdown text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    pub(crate) headings: Vec<Heading>,
    pub links: Vec<Link>,
}

/// An item of an ordered list, with the number its author wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub number: u32,
    pub(crate) html: String,
    /// The item as plain text (for share cards and descriptions), spaces between lines.
    pub(crate) text: String,
    pub(crate) location: Location,
    /// Byte offset of the item in the file.
    pub(crate) offset: usize,
}

/// What a Markdown text is rendered with.
pub struct Input<'a> {
    /// Path as shown in messages.
    pub file: &'a str,
    /// The whole file, so that locations are file positions.
    pub text: &'a str,
    /// The part of `text` that is Markdown (after the front matter).
    pub region: Range<usize>,
    pub allow_html: bool,
    /// Where the site is published and what it may load from, to check images, links and raw
    /// HTML (see [`crate::origins`]).
    pub scope: &'a origins::Scope,
    /// Turns an `@/…` link into the href to write; `None` if it points nowhere.
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a page body.
pub fn render(input: &Input) -> (Rendered, Vec<Diagnostic>) {
    let index = LineIndex::new(input.text);
    let mut diags = Vec::new();
    let mut out = Rendered::default();
    let events = events(input, &index, &mut diags, &mut out.links);
    let events = with_table_boxes(with_heading_ids(events, &mut out.headings));
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    (out, diags)
}

/// Renders the items of the ordered list(s) of a text (`demands.md`): one entry per item, with the
/// number written in the source (`3.` or `3)`), so ids stay stable when an item moves.
pub fn ordered_items(input: &Input) -> (Vec<ListItem>, Vec<Link>, Vec<Diagnostic>) {
    let index = LineIndex::new(input.text);
    let mut diags = Vec::new();
    let mut links = Vec::new();
    let events = events(input, &index, &mut diags, &mut links);
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut in_ordered = false;
    let mut current: Option<(u32, usize, Vec<Event>)> = None;
    for (event, offset) in events {
        match &event {
            Event::Start(Tag::List(start)) => {
                depth += 1;
                if depth == 1 {
                    in_ordered = start.is_some();
                    if start.is_none() {
                        diags.push(Diagnostic::new(
                            Code::DemandsNotList,
                            index.location(input.file, offset),
                            "expected a numbered list (`1. …`), found a bullet list",
                        ));
                    }
                }
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) if depth == 1 && in_ordered => {
                let digits: String = input.text[offset..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let number = digits.parse().unwrap_or(0);
                current = Some((number, offset, Vec::new()));
                continue;
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                if let Some((number, offset, evs)) = current.take() {
                    let text = plain_text(&evs);
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(&mut html, evs.into_iter());
                    items.push(ListItem {
                        number,
                        html: unwrap_paragraph(html.trim()),
                        text,
                        location: index.location(input.file, offset),
                        offset,
                    });
                }
                continue;
            }
            _ => {}
        }
        if let Some((_, _, evs)) = current.as_mut() {
            evs.push(event);
        } else if depth == 0
            && !matches!(event, Event::Text(ref t) if t.trim().is_empty())
            && !matches!(event, Event::SoftBreak | Event::HardBreak)
        {
            if let Event::Start(tag) = &event {
                if !matches!(tag, Tag::List(_)) {
                    diags.push(
                        Diagnostic::new(
                            Code::DemandsNotList,
                            index.location(input.file, offset),
                            "only a numbered list is expected here",
                        )
                        .with_help("write one item per line: `1. …`, `2. …`"),
                    );
                }
            }
        }
    }
    (items, links, diags)
}

/// The text of events without their markup: what a reader reads, on one line.
fn plain_text(events: &[Event]) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses the region, resolves `@/` links, records links and refuses raw HTML and external
/// images. Yields each event with its byte offset in the whole file.
fn events<'a>(
    input: &'a Input,
    index: &LineIndex,
    diags: &mut Vec<Diagnostic>,
    links: &mut Vec<Link>,
) -> Vec<(Event<'a>, usize)> {
    let body = &input.text[input.region.clone()];
    let base = input.region.start;
    let mut out = Vec::new();
    let mut depth = Depth::default();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let offset = base + range.start;
        if !depth.admits(&event, input.allow_html) {
            if !depth.reported {
                depth.reported = true;
                diags.push(
                    Diagnostic::new(
                        Code::MarkdownNesting,
                        index.location(input.file, offset),
                        format!(
                            "quotes, lists, emphasis, links and HTML elements nest more than {} deep here",
                            crate::limits::MARKDOWN_NESTING
                        ),
                    )
                    .with_help("flatten the text; what is deeper is left out of the page"),
                );
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let (id, classes) =
                    heading_attributes(input, index, offset, id, classes, attrs, diags);
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                })
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let location = index.location(input.file, offset);
                let href = dest_url.to_string();
                links.push(Link {
                    href: href.clone(),
                    location: location.clone(),
                });
                let dest = if href.starts_with("@/") {
                    match (input.resolve)(&href) {
                        Some(resolved) => CowStr::from(resolved),
                        None => {
                            diags.push(
                                Diagnostic::new(Code::LinkBroken, location, format!("link to `{href}`, which does not exist"))
                                    .with_help("write links to other pages as @/<slug>.md, naming a file of content/<source language>/"),
                            );
                            dest_url
                        }
                    }
                } else {
                    for f in origins::check_link(input.scope, &href) {
                        diags.push(f.at(location.clone()));
                    }
                    dest_url
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                for f in origins::check_image(input.scope, dest_url) {
                    diags.push(f.at(index.location(input.file, offset)));
                }
                event
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                if html.trim() == DEMANDS_SLOT {
                    out.push((Event::Html(CowStr::from(DEMANDS_SLOT)), offset));
                    continue;
                }
                // A comment, or the line ending after one (pulldown-cmark hands a CRLF file's
                // `\r\n` over as HTML of its own): nothing to publish.
                if html.trim_start().starts_with("<!--") || html.trim().is_empty() {
                    continue;
                }
                if !input.allow_html {
                    diags.push(
                        Diagnostic::new(Code::HtmlInContent, index.location(input.file, offset), "raw HTML is not allowed in content")
                            .with_help("use Markdown, or set allow_html = true in site.toml if this site's editors are trusted"),
                    );
                    continue;
                }
                event
            }
            other => other,
        };
        out.push((event, offset));
    }
    if input.allow_html {
        scan_raw_html(input, index, &out, diags);
    }
    out
}

/// Scans the raw HTML of a text for what it would load, with the text between escaped as it is
/// published (a `<style>` opened in raw HTML holds the Markdown text after it), each finding
/// located where it is written. Images and links are checked where they are parsed.
fn scan_raw_html(
    input: &Input,
    index: &LineIndex,
    events: &[(Event, usize)],
    diags: &mut Vec<Diagnostic>,
) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
    {
        return;
    }
    // The HTML, and where each piece of it starts there and in the file (and whether it is
    // written as it is, so that offsets inside it map one to one).
    let mut html = String::new();
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    for (event, offset) in events {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) if raw.as_ref() != DEMANDS_SLOT => {
                pieces.push((html.len(), *offset, true));
                html.push_str(raw);
            }
            Event::Text(text) | Event::Code(text) => {
                pieces.push((html.len(), *offset, false));
                for c in text.chars() {
                    match c {
                        '&' => html.push_str("&amp;"),
                        '<' => html.push_str("&lt;"),
                        '>' => html.push_str("&gt;"),
                        c => html.push(c),
                    }
                }
            }
            _ => {}
        }
    }
    for f in origins::scan_fragment(input.scope, &html) {
        let at = pieces
            .partition_point(|p| p.0 <= f.offset)
            .saturating_sub(1);
        let source = pieces
            .get(at)
            .map_or(input.region.start, |&(start, source, raw)| {
                if raw {
                    source + (f.offset - start)
                } else {
                    source
                }
            });
        diags.push(f.at(index.location(input.file, source)));
    }
}

/// How deep the events met so far nest: Markdown's own containers (every start tag) plus the
/// elements raw HTML leaves open.
#[derive(Default)]
struct Depth {
    markdown: usize,
    /// Elements opened by raw HTML and not yet closed (names, innermost last).
    html: Vec<String>,
    /// Starts beyond the limit that were left out, so that their ends are too.
    skipped: usize,
    reported: bool,
}

impl Depth {
    /// Whether `event` stays within [`crate::limits::MARKDOWN_NESTING`]; an event that goes
    /// deeper (and the end of a start that did) is left out.
    fn admits(&mut self, event: &Event, html_allowed: bool) -> bool {
        let limit = crate::limits::MARKDOWN_NESTING;
        match event {
            Event::Start(_) => {
                if self.skipped > 0 || self.markdown + self.html.len() >= limit {
                    self.skipped += 1;
                    return false;
                }
                self.markdown += 1;
            }
            Event::End(_) => {
                if self.skipped > 0 {
                    self.skipped -= 1;
                    return false;
                }
                self.markdown = self.markdown.saturating_sub(1);
            }
            Event::Html(html) | Event::InlineHtml(html) if html_allowed => {
                if self.skipped > 0 {
                    return false;
                }
                let before = self.html.len();
                if self.markdown + open_elements(html, &mut self.html) > limit {
                    self.html.truncate(before);
                    return false;
                }
            }
            _ => {}
        }
        true
    }
}

/// Follows the start and end tags of a piece of raw HTML: a start tag of an element that has
/// content opens it, an end tag closes the innermost open element of its name. (The measure
/// that protects the minifier is made again on the whole page; this one points at the line.)
/// Returns the most elements open at once on the way.
fn open_elements(html: &str, open: &mut Vec<String>) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let mut rest = html;
    let mut deepest = open.len();
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest[usize::from(closing)..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let self_closing = rest.find('>').is_some_and(|gt| rest[..gt].ends_with('/'));
        if closing {
            if let Some(i) = open.iter().rposition(|o| *o == name) {
                open.truncate(i);
            }
        } else if !VOID.contains(&name.as_str()) && !self_closing {
            open.push(name);
            deepest = deepest.max(open.len());
        }
    }
    deepest
}

/// A heading's `{#id .class}`: the id and classes, when their names are plain (letters, digits,
/// `-`, `_`); any other attribute, and a name that is not plain, is an error and left out.
#[allow(clippy::too_many_arguments)]
fn heading_attributes<'a>(
    input: &Input,
    index: &LineIndex,
    offset: usize,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    diags: &mut Vec<Diagnostic>,
) -> (Option<CowStr<'a>>, Vec<CowStr<'a>>) {
    let plain = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    let mut refused: Vec<String> = attrs
        .iter()
        .map(|(key, value)| match value {
            Some(v) => format!("{key}={v}"),
            None => key.to_string(),
        })
        .collect();
    let id = id.filter(|id| {
        let ok = plain(id);
        if !ok {
            refused.push(format!("#{id}"));
        }
        ok
    });
    let classes = classes
        .into_iter()
        .filter(|class| {
            let ok = plain(class);
            if !ok {
                refused.push(format!(".{class}"));
            }
            ok
        })
        .collect();
    if !refused.is_empty() {
        // Point at the `{` that opens the attributes, at the end of the heading's line.
        let line_end = input.text[offset..]
            .find('\n')
            .map_or(input.text.len(), |e| offset + e);
        let brace = input.text[offset..line_end]
            .rfind('{')
            .map_or(offset, |b| offset + b);
        diags.push(
            Diagnostic::new(
                Code::HeadingAttribute,
                index.location(input.file, brace),
                format!(
                    "a heading keeps only `{{#id}}` and `{{.class}}` with plain names; `{}` is not allowed",
                    refused.join(" ")
                ),
            )
            .with_help("names are letters, digits, `-` and `_`; remove anything else from the braces"),
        );
    }
    (id, classes)
}

/// An item of a loose list (blank lines between items) is one paragraph; its text is wanted.
fn unwrap_paragraph(html: &str) -> String {
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html.to_string(),
    }
}

/// Gives every heading an id: the explicit `{#id}`, or one made from its text, unique in the page.
fn with_heading_ids<'a>(
    events: Vec<(Event<'a>, usize)>,
    headings: &mut Vec<Heading>,
) -> Vec<Event<'a>> {
    let mut ids = HeadingIds::default();
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut open: Option<(usize, HeadingLevel, Option<CowStr<'a>>, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                open = Some((out.len(), level, id.clone(), String::new()));
                out.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, _, explicit, text)) = open.take() {
                    let base = explicit
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| slugify(&text));
                    let id = ids.unique(if base.is_empty() { "section" } else { &base });
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut out[at] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    headings.push(Heading {
                        level: level as u8,
                        id,
                        text: text.trim().to_string(),
                    });
                }
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some((_, _, _, text)) = open.as_mut() {
                    text.push_str(t);
                }
                out.push(event);
            }
            other => out.push(other),
        }
    }
    out
}

/// The ids given so far in a page, and for each base the next number to try, so that twenty
/// thousand headings with one text get `x`, `x-2`, … `x-20000` in linear time.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl HeadingIds {
    /// `base`, or `base-N` with the smallest N from 2 on that no earlier heading has.
    fn unique(&mut self, base: &str) -> String {
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let id = match *n {
                1 => base.to_string(),
                k => format!("{base}-{k}"),
            };
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Puts every table in a box of its own that scrolls sideways, and that the keyboard can reach
/// and scroll: a table wider than a phone's screen must not make the whole page scroll.
fn with_table_boxes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-wrap\" tabindex=\"0\">\n",
                )));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            other => out.push(other),
        }
    }
    out
}

/// An anchor from heading text: lowercase letters and digits of any script, `-` between words.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !slug.ends_with('-')
            && !slug.is_empty()
        {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(text: &'a str, resolve: &'a dyn Fn(&str) -> Option<String>) -> Input<'a> {
        Input {
            file: "content/uk/index.md",
            text,
            region: 0..text.len(),
            allow_html: false,
            scope: Box::leak(Box::new(origins::Scope::default())),
            resolve,
        }
    }

    fn no_links(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn headings_get_unicode_ids_and_explicit_ids_win() {
        let text = "# Заява правозахисників\n\n## Вимоги\n\n## Вимоги\n\n## Other {#custom}\n";
        let (r, d) = render(&input(text, &no_links));
        assert!(d.is_empty());
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["заява-правозахисників", "вимоги", "вимоги-2", "custom"]
        );
        assert!(
            r.html.contains("<h2 id=\"вимоги-2\">Вимоги</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn a_table_scrolls_in_its_own_box() {
        let (r, d) = render(&input("| a | b |\n|---|---|\n| 1 | 2 |\n", &no_links));
        assert!(d.is_empty());
        assert!(
            r.html
                .starts_with("<div class=\"table-wrap\" tabindex=\"0\">\n<table>")
                && r.html.ends_with("</table>\n</div>\n"),
            "{}",
            r.html
        );
    }

    #[test]
    fn links_are_recorded_with_locations_and_at_links_resolved() {
        let resolve =
            |href: &str| (href == "@/about.md").then(|| "../about/index.html".to_string());
        let text = "Intro.\n\nSee [about](@/about.md) and [gone](@/gone.md) or [web](https://zmina.ua/).\n";
        let (r, d) = render(&input(text, &resolve));
        assert_eq!(r.links.len(), 3);
        assert_eq!(r.links[1].location.to_string(), "content/uk/index.md:3:29");
        assert!(r.html.contains("href=\"../about/index.html\""));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.to_string(), "content/uk/index.md:3:29");
        assert!(d[0].message.contains("@/gone.md"));
    }

    #[test]
    fn raw_html_external_images_and_script_links_are_refused() {
        let text = "Hi <b>x</b>\n\n<!-- a note -->\n\n<!-- demands -->\n\n![a](https://cdn.example/x.png)\n\n[x](javascript:alert(1))\n";
        let (r, d) = render(&input(text, &no_links));
        let got: Vec<String> = d
            .iter()
            .map(|d| format!("{}: {}", d.location, d.message))
            .collect();
        assert_eq!(
            got,
            [
                "content/uk/index.md:1:4: raw HTML is not allowed in content",
                "content/uk/index.md:1:8: raw HTML is not allowed in content",
                "content/uk/index.md:7:1: the image would make readers' browsers contact https://cdn.example/x.png",
                "content/uk/index.md:9:1: the link leads to a `javascript:` address, which runs code",
            ]
        );
        assert!(!r.html.contains("<b>") && !r.html.contains("a note"));
        assert!(r.html.contains(DEMANDS_SLOT), "{}", r.html);
    }

    #[test]
    fn comments_and_the_demands_line_of_a_crlf_file_are_not_raw_html() {
        let text = "Before.\r\n\r\n<!-- a note -->\r\n\r\n<!-- demands -->\r\n\r\nAfter.\r\n";
        let (r, d) = render(&input(text, &no_links));
        assert!(d.is_empty(), "{d:?}");
        assert!(r.html.contains(DEMANDS_SLOT), "{}", r.html);
    }

    #[test]
    fn allowed_raw_html_is_still_scanned_for_other_origins() {
        let text = "Hi\n\n<img alt=\"\" src=\"https://tracker.example/p.gif\">\n";
        let input = Input {
            file: "a.md",
            text,
            region: 0..text.len(),
            allow_html: true,
            scope: &origins::Scope::default(),
            resolve: &no_links,
        };
        let (_, d) = render(&input);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].to_string().lines().next().unwrap(), "a.md:3:13: error: `<img src>` would make readers' browsers contact https://tracker.example/p.gif [origin-external]");
    }

    #[test]
    fn no_smart_quotes() {
        let (r, _) = render(&input("«Обмін територіями» and \"quotes\"", &no_links));
        assert!(
            r.html.contains("«Обмін територіями» and \"quotes\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn ordered_items_keep_the_written_numbers() {
        let text = "1) first **bold**;\n2) second;\n\n10) tenth.\n";
        let (items, _, d) = ordered_items(&input(text, &no_links));
        assert!(d.is_empty(), "{d:?}");
        let numbers: Vec<u32> = items.iter().map(|i| i.number).collect();
        assert_eq!(numbers, [1, 2, 10]);
        assert_eq!(items[0].html, "first <strong>bold</strong>;");
        assert_eq!(items[2].location.line, 4);
    }

    #[test]
    fn ordered_items_refuse_other_blocks() {
        let (_, _, d) = ordered_items(&input("Intro\n\n- a\n", &no_links));
        let got: Vec<String> = d
            .iter()
            .map(|d| format!("{}: {}", d.location, d.message))
            .collect();
        assert_eq!(
            got[0],
            "content/uk/index.md:1:1: only a numbered list is expected here"
        );
        assert!(got[1].starts_with("content/uk/index.md:3:1: expected a numbered list"));
    }

    #[test]
    fn headings_keep_only_plain_ids_and_classes() {
        let text = "# Title {onfocus=alert(1) tabindex=0}\n\n## Sub {#x .c style=\"color:red\"}\n\n## Plain {#мета .note_1 .wide-box}\n\n## Odd {#a%b .c!d}\n";
        let mut input = input(text, &no_links);
        input.allow_html = true;
        let (r, d) = render(&input);
        let got: Vec<String> = d
            .iter()
            .map(|d| format!("{}: {} [{}]", d.location, d.message, d.code))
            .collect();
        assert_eq!(
            got,
            [
                "content/uk/index.md:1:9: a heading keeps only `{#id}` and `{.class}` with plain names; `onfocus=alert(1) tabindex=0` is not allowed [heading-attribute]",
                "content/uk/index.md:3:8: a heading keeps only `{#id}` and `{.class}` with plain names; `style=\"color:red\"` is not allowed [heading-attribute]",
                "content/uk/index.md:7:8: a heading keeps only `{#id}` and `{.class}` with plain names; `#a%b .c!d` is not allowed [heading-attribute]",
            ]
        );
        assert!(
            !r.html.contains("onfocus") && !r.html.contains("style"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h1 id=\"title\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"x\" class=\"c\">"), "{}", r.html);
        assert!(
            r.html
                .contains("<h2 id=\"мета\" class=\"note_1 wide-box\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"odd\">"), "{}", r.html);
    }

    #[test]
    fn twenty_thousand_headings_with_one_text_get_numbered_ids() {
        let text = "## Same\n\n".repeat(20_000) + "## Same {#same-7}\n";
        let (r, d) = render(&input(&text, &no_links));
        assert!(d.is_empty());
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(&ids[..3], ["same", "same-2", "same-3"]);
        assert_eq!(ids[19_999], "same-20000");
        // An explicit id already given stays unique too.
        assert_eq!(ids[20_000], "same-7-2");
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn nesting_past_the_limit_is_an_error_at_its_first_place_and_left_out() {
        let limit = crate::limits::MARKDOWN_NESTING;
        let quotes = format!("Intro\n\n{}deep\n", "> ".repeat(10_000));
        let lists: String = (0..3000)
            .map(|i| format!("{}- a\n", "  ".repeat(i)))
            .collect();
        let emphasis = format!("{}a{}", "*".repeat(5000), "*".repeat(5000));
        let links = format!("{}a{}", "[".repeat(500), "](x)".repeat(500));
        let html = format!(
            "<div>\n{}x{}\n",
            "<span>".repeat(500),
            "</span>".repeat(500)
        );
        for (text, html_allowed, line) in [
            (quotes, false, 3),
            (lists, false, 51),
            (emphasis, false, 1),
            (html, true, 2),
        ] {
            let mut input = input(&text, &no_links);
            input.allow_html = html_allowed;
            let (r, d) = render(&input);
            assert_eq!(d.len(), 1, "{d:?}");
            assert_eq!(d[0].code, Code::MarkdownNesting);
            assert_eq!(d[0].location.line, line, "{}", &text[..40]);
            let depth = crate::nesting::html::depth(r.html.as_bytes());
            assert!(depth <= limit + 1, "{depth}");
        }
        let (_, d) = render(&input(&links, &no_links));
        assert!(d.iter().all(|d| d.code != Code::MarkdownNesting), "{d:?}");
        let within = format!("{}deep\n", "> ".repeat(limit - 1));
        assert!(render(&input(&within, &no_links)).1.is_empty());
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Hello,  World!"), "hello-world");
        assert_eq!(slugify("Qırım — Kırım"), "qırım-kırım");
        assert_eq!(slugify("!!!"), "");
    }
}

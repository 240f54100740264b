//! The rules for elements and their attributes, the same for HTML and for SVG and XML.
//!
//! A rule names what a browser would do with an element, so that a variant spelling of the same
//! thing meets the same rule: any attribute that loads is judged by how it is used ([`Use`]),
//! whatever element carries it; any `on…` attribute is a handler; any attribute value with a `(`
//! is read as CSS (SVG's presentation attributes are CSS: `fill="url(…)"`); a `<link>` fetches
//! unless every token of its `rel` is one known to fetch nothing.

use super::syntax::{declared_charsets, refresh_target, srcset};
use super::{css, At, Sink, Use, What, HELP_AMBIGUOUS, HELP_SCRIPT};
use crate::diag::Code;

/// An attribute of an element: lowercase name, decoded value, offset of its name.
pub(super) struct Attr<'t> {
    pub(crate) name: &'t str,
    pub(crate) value: &'t str,
    pub(crate) offset: usize,
}

/// An element's start tag: lowercase local name, its attributes (the first of a name only).
pub(super) struct Tag<'t> {
    pub(crate) name: &'t str,
    pub(crate) attrs: &'t [Attr<'t>],
    pub(crate) offset: usize,
}

impl Tag<'_> {
    fn get(&self, name: &str) -> Option<&Attr<'_>> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// `rel` tokens of `<link>` that fetch nothing (an HTML page's metadata, a feed's links); any
/// other token may. Not `next`: Firefox prefetches the next page as it prefetches `prefetch`.
const QUIET_RELS: &[&str] = &[
    "alternate",
    "appendix",
    "archives",
    "author",
    "bookmark",
    "canonical",
    "chapter",
    "contents",
    "copyright",
    "edit",
    "enclosure",
    "external",
    "feed",
    "first",
    "glossary",
    "help",
    "hub",
    "index",
    "last",
    "license",
    "me",
    "nofollow",
    "noopener",
    "noreferrer",
    "opener",
    "pingback",
    "prev",
    "previous",
    "privacy-policy",
    "related",
    "replies",
    "section",
    "self",
    "shortlink",
    "start",
    "subsection",
    "tag",
    "terms-of-service",
    "up",
    "via",
];

/// Elements whose `src` is an image or media; on any other element (`<iframe>`, `<embed>`,
/// `<portal>` …) it is a document of its own.
const MEDIA: &[&str] = &["img", "image", "input", "source", "video", "audio", "track"];

/// SVG animation elements, which set other attributes (an `href`) to their `to`/`values`.
const ANIMATIONS: &[&str] = &[
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
];

/// Applies every rule to one start tag.
pub(super) fn element(sink: &mut Sink, tag: &Tag) {
    match tag.name {
        "script" | "handler" => sink.report(
            Code::ScriptRefused,
            tag.offset,
            format!(
                "`<{}>` would run code; published pages run no JavaScript",
                tag.name
            ),
            Some(HELP_SCRIPT),
            "script".into(),
        ),
        "noscript" => sink.report(
            Code::MarkupAmbiguous,
            tag.offset,
            "`<noscript>` is read as markup or as text depending on whether scripts run".into(),
            Some("published pages run no script, so what is inside can simply be written out"),
            "noscript".into(),
        ),
        "plaintext" => sink.report(
            Code::MarkupAmbiguous,
            tag.offset,
            "`<plaintext>` makes the rest of the file text in HTML, but not inside SVG or MathML"
                .into(),
            Some(HELP_AMBIGUOUS),
            "plaintext".into(),
        ),
        "base" => sink.report(
            Code::BaseRefused,
            tag.offset,
            "`<base>` changes where every relative address of the page leads".into(),
            Some("write addresses relative to the page itself"),
            "base".into(),
        ),
        "foreignobject" => sink.report(
            Code::MarkupRefused,
            tag.offset,
            "`<foreignObject>` embeds another document in SVG, which zaklyk does not publish"
                .into(),
            None,
            "foreignobject".into(),
        ),
        "link" => link(sink, tag),
        "meta" => meta(sink, tag),
        "param" => param(sink, tag),
        _ => {}
    }
    let animation = ANIMATIONS.contains(&tag.name);
    for attr in tag.attrs {
        attribute(sink, tag, attr, animation);
    }
}

fn attribute(sink: &mut Sink, tag: &Tag, attr: &Attr, animation: bool) {
    let (prefix, local) = match attr.name.rsplit_once(':') {
        Some((p, l)) => (p, l),
        None => ("", attr.name),
    };
    let what = |n| What::Attr(tag.name, n);
    if local.starts_with("on") {
        sink.report(
            Code::HandlerRefused,
            attr.offset,
            format!(
                "the event handler `{}` would run code; published pages run no JavaScript",
                attr.name
            ),
            Some(HELP_SCRIPT),
            format!("handler:{}", attr.name),
        );
        return;
    }
    let usage = match local {
        "srcdoc" | "attributionsrc" => {
            sink.report(
                Code::MarkupRefused,
                attr.offset,
                format!(
                    "`{local}` is not published: it embeds a document or reports to another site"
                ),
                None,
                local.to_string(),
            );
            return;
        }
        "base" if prefix == "xml" => {
            sink.report(
                Code::BaseRefused,
                attr.offset,
                "`xml:base` changes where the relative addresses inside it lead".into(),
                Some("write addresses relative to the file itself"),
                "xml:base".into(),
            );
            return;
        }
        "style" => {
            css::value(sink, attr.value, At::Fixed(attr.offset));
            return;
        }
        "charset" => {
            sink.encoding(attr.value, attr.offset);
            return;
        }
        "srcset" | "imagesrcset" => {
            for candidate in srcset(attr.value) {
                sink.address(
                    candidate,
                    Use::Resource,
                    what(attr.name),
                    attr.offset,
                    Code::OriginExternal,
                );
            }
            return;
        }
        "ping" => {
            for target in attr.value.split_ascii_whitespace() {
                sink.address(
                    target,
                    Use::Document,
                    what(attr.name),
                    attr.offset,
                    Code::OriginExternal,
                );
            }
            return;
        }
        "href" => match tag.name {
            "a" | "area" => Use::Link,
            "link" | "base" => return,
            "image" | "feimage" => Use::Resource,
            _ => Use::Document,
        },
        "src" if tag.name == "script" => return,
        "src" if MEDIA.contains(&tag.name) => Use::Resource,
        "src" => Use::Document,
        "lowsrc" | "dynsrc" | "poster" | "background" | "icon" => Use::Resource,
        "data" | "codebase" | "archive" | "code" | "classid" | "manifest" | "profile"
        | "action" | "formaction" => Use::Document,
        "to" | "from" | "by" | "values" if animation => {
            // Each value is what the animated attribute is set to: an address (`href`) or CSS
            // (`fill`, `filter`, `mask`, `cursor`, `style` …), and read as both.
            for value in attr.value.split(';') {
                sink.address(
                    value,
                    Use::Resource,
                    what(attr.name),
                    attr.offset,
                    Code::OriginExternal,
                );
                if value.contains('(') || value.contains(':') {
                    css::value(sink, value, At::Fixed(attr.offset));
                }
            }
            return;
        }
        "attributename"
            if animation && attr.value.trim().to_ascii_lowercase().starts_with("on") =>
        {
            sink.report(
                Code::HandlerRefused,
                attr.offset,
                format!(
                    "`{}` animates the event handler `{}`, which would run code",
                    tag.name,
                    attr.value.trim()
                ),
                Some(HELP_SCRIPT),
                format!("handler:{}", attr.value.trim()),
            );
            return;
        }
        _ => {
            // SVG's presentation attributes (`fill`, `filter`, `mask`, `cursor` …) are CSS.
            if attr.value.contains('(') {
                css::value(sink, attr.value, At::Fixed(attr.offset));
            }
            return;
        }
    };
    sink.address(
        attr.value,
        usage,
        what(attr.name),
        attr.offset,
        Code::OriginExternal,
    );
}

/// `<link>`: a `rel` with any token that fetches makes its `href` a load; a manifest is JSON
/// that zaklyk cannot check.
fn link(sink: &mut Sink, tag: &Tag) {
    let rel = tag.get("rel").map_or("", |a| a.value);
    let has = |token: &str| {
        rel.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    };
    if has("manifest") {
        sink.report(
            Code::MarkupRefused,
            tag.offset,
            "`<link rel=\"manifest\">` is not published: a web app manifest is JSON that names more files to load".into(),
            None,
            "manifest".into(),
        );
        return;
    }
    let quiet = rel
        .split_ascii_whitespace()
        .all(|t| QUIET_RELS.iter().any(|q| q.eq_ignore_ascii_case(t)));
    if quiet {
        return;
    }
    let Some(href) = tag.get("href") else {
        return;
    };
    let usage = if has("stylesheet") {
        Use::Stylesheet
    } else {
        Use::Resource
    };
    let what = format!("`<link rel=\"{}\">`", rel.trim());
    let what = What::Text(&what);
    sink.address(
        href.value,
        usage,
        what,
        href.offset,
        Code::LinkFetchesExternal,
    );
}

/// `<param>` of an `<object>`: browsers take the object's address from a `src`, `movie`, `code`
/// or `url` parameter when it has no `data`.
fn param(sink: &mut Sink, tag: &Tag) {
    let name = tag
        .get("name")
        .map_or(String::new(), |a| a.value.trim().to_ascii_lowercase());
    if let Some(value) = tag.get("value") {
        if matches!(
            name.as_str(),
            "src" | "movie" | "code" | "url" | "data" | "filename"
        ) {
            let what = format!("`<param name=\"{name}\">`");
            let what = What::Text(&what);
            sink.address(
                value.value,
                Use::Document,
                what,
                value.offset,
                Code::OriginExternal,
            );
        }
    }
}

/// `<meta>`: `http-equiv` values a browser acts on, and encodings.
fn meta(sink: &mut Sink, tag: &Tag) {
    let Some(equiv) = tag.get("http-equiv") else {
        return;
    };
    let content = tag.get("content").map_or("", |a| a.value);
    let at = tag.get("content").map_or(equiv.offset, |a| a.offset);
    let name = equiv.value.trim().to_ascii_lowercase();
    match name.as_str() {
        "refresh" => refresh(sink, content, at),
        "content-type" => {
            for label in declared_charsets(content) {
                sink.encoding(label, at);
            }
        }
        "content-security-policy" | "content-language" | "default-style" | "x-ua-compatible" => {}
        "x-dns-prefetch-control" if content.trim().eq_ignore_ascii_case("off") => {}
        _ => sink.report(
            Code::MarkupRefused,
            equiv.offset,
            format!("`<meta http-equiv=\"{}\">` is not published: it changes how the browser loads or treats the page", equiv.value.trim()),
            None,
            format!("http-equiv:{name}"),
        ),
    }
}

/// `<meta http-equiv=refresh>`: the address it sends readers to, read as browsers read it; an
/// address to another site anywhere in `content` makes its target unclear.
fn refresh(sink: &mut Sink, content: &str, at: usize) {
    let what = What::Text("`<meta http-equiv=\"refresh\">`");
    let before = sink.findings.len();
    if let Some(target) = refresh_target(content) {
        sink.address(target, Use::Document, what, at, Code::RefreshExternal);
    }
    if sink.findings.len() > before {
        return;
    }
    // Browsers differ in how they read a malformed `content`: every word must stay on the site.
    let words = content.split(|c: char| c.is_ascii_whitespace() || c == ';' || c == ',');
    for word in words {
        let word = word.trim_matches(['\'', '"']);
        let lower = word.to_ascii_lowercase();
        let word = if lower.starts_with("url=") {
            word[4..].trim_matches(['\'', '"'])
        } else {
            word
        };
        sink.address(word, Use::Document, what, at, Code::RefreshExternal);
    }
}

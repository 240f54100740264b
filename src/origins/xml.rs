//! SVG and XML as a stream: the only user of `quick-xml`.
//!
//! A browser renders the elements of an XML file by their namespace (an SVG image, an XHTML
//! `<iframe>` inside it), so every element is judged by the HTML rules of its local name,
//! whatever its prefix: `<html:script>` is a script, `l:href` an `href`. What only XML has is
//! checked here: the declared encoding (UTF-8 only), `<?xml-stylesheet?>` (XSLT runs code; a CSS
//! one is a stylesheet), a DOCTYPE with declarations (`<!ENTITY … SYSTEM "https://…">`), entity
//! references without such declarations, and the CSS of `<style>` elements, character references
//! and CDATA sections included. A file that is not well-formed is refused: browsers render the
//! part before the first error, and what the two parsers make of the rest could differ.

use super::rules::{self, Attr, Tag};
use super::{css, At, Sink, Use, What, HELP_SCRIPT};
use crate::diag::Code;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::borrow::Cow;

/// Scans `text` as XML; offsets are reported from `base`.
pub(super) fn scan(sink: &mut Sink, text: &str, base: usize) {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_comments = true;
    // The text of the `<style>` element being read, and where it started.
    let mut style: Option<(String, usize)> = None;
    loop {
        let offset = base + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                malformed(
                    sink,
                    base + reader.error_position() as usize,
                    &e.to_string(),
                );
                return;
            }
        };
        match event {
            Event::Eof => return,
            Event::Decl(decl) => {
                if let Some(encoding) = decl.encoding() {
                    match encoding {
                        Ok(label) => sink.encoding(&label, offset),
                        Err(e) => return malformed(sink, offset, &e.to_string()),
                    }
                }
            }
            Event::PI(pi) if pi.target().eq_ignore_ascii_case("xml-stylesheet") => {
                let (mut href, mut kind) = (String::new(), String::new());
                for attr in pi.attributes().flatten() {
                    let value = attr
                        .normalized_value(XmlVersion::Implicit1_0)
                        .unwrap_or_default();
                    match attr.key.0 {
                        "href" => href = value.into_owned(),
                        "type" => kind = value.to_ascii_lowercase(),
                        _ => {}
                    }
                }
                // Only `text/css` is read as CSS; browsers run every XML type (`text/xsl`,
                // `text/xml`, `application/xml`, `application/rss+xml` …) as XSLT, whatever the
                // file's name, so anything else is refused.
                let media_type = kind.split(';').next().unwrap_or("").trim();
                if media_type != "text/css" || href.to_ascii_lowercase().ends_with(".xsl") {
                    sink.report(
                        Code::ScriptRefused,
                        offset,
                        format!("`<?xml-stylesheet?>` of type `{media_type}`: anything but `text/css` is run as XSLT, which runs code in the browser"),
                        Some(HELP_SCRIPT),
                        "xslt".into(),
                    );
                } else {
                    sink.address(
                        &href,
                        Use::Stylesheet,
                        What::Text("`<?xml-stylesheet?>`"),
                        offset,
                        Code::LinkFetchesExternal,
                    );
                }
            }
            Event::PI(_) | Event::Comment(_) => {}
            Event::DocType(doctype) => {
                if doctype.contains('[') {
                    sink.report(
                        Code::MarkupRefused,
                        offset,
                        "a DOCTYPE with declarations (`<!ENTITY …>`) can load other files or change what the markup means".into(),
                        Some("remove the part in `[…]`; SVG needs no DOCTYPE at all"),
                        "dtd".into(),
                    );
                }
            }
            Event::Start(e) => {
                inside_style(sink, style.as_ref(), offset);
                if !element(sink, &e, offset) {
                    return;
                }
                if e.local_name().as_ref().eq_ignore_ascii_case("style") {
                    style = Some((String::new(), base + reader.buffer_position() as usize));
                }
            }
            Event::Empty(e) => {
                inside_style(sink, style.as_ref(), offset);
                if !element(sink, &e, offset) {
                    return;
                }
            }
            Event::End(e) => {
                if e.local_name().as_ref().eq_ignore_ascii_case("style") {
                    if let Some((css_text, at)) = style.take() {
                        css::sheet(sink, &css_text, At::Exact(at));
                    }
                }
            }
            Event::Text(t) => {
                if let Some((css_text, _)) = style.as_mut() {
                    css_text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some((css_text, _)) = style.as_mut() {
                    css_text.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .map(str::to_string),
                };
                let Some(resolved) = resolved else {
                    return malformed(
                        sink,
                        offset,
                        &format!("the entity `&{};` is not defined", r.xml10_content()),
                    );
                };
                if let Some((css_text, _)) = style.as_mut() {
                    css_text.push_str(&resolved);
                }
            }
        }
    }
}

/// An element inside `<style>`: browsers make the stylesheet of the text around it (and an inner
/// `<style>` of its own), which the scan does not follow; refused.
fn inside_style(sink: &mut Sink, style: Option<&(String, usize)>, offset: usize) {
    if style.is_some() {
        sink.report(
            Code::MarkupAmbiguous,
            offset,
            "an element inside `<style>`: browsers read the text around it as CSS in ways zaklyk does not follow".into(),
            Some("write the stylesheet as text only; wrap it in `<![CDATA[…]]>` if it has `<` or `&`"),
            "xml-style-element".into(),
        );
    }
}

/// Judges an element by the HTML rules of its local name; `false` when its attributes cannot
/// be read.
fn element(sink: &mut Sink, e: &BytesStart, offset: usize) -> bool {
    let name = lowercase(e.local_name().into_inner());
    let mut read = Vec::new();
    for attr in e.attributes() {
        let attr = match attr {
            Ok(a) => a,
            Err(err) => {
                malformed(sink, offset, &err.to_string());
                return false;
            }
        };
        let value = match attr.normalized_value(XmlVersion::Implicit1_0) {
            Ok(v) => v,
            Err(err) => {
                malformed(sink, offset, &err.to_string());
                return false;
            }
        };
        read.push((lowercase(attr.key.0), value));
    }
    let attrs: Vec<Attr> = read
        .iter()
        .map(|(name, value)| Attr {
            name,
            value,
            offset,
        })
        .collect();
    rules::element(
        sink,
        &Tag {
            name: &name,
            attrs: &attrs,
            offset,
        },
    );
    true
}

/// A name in lower case, copied only when it is not already.
fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

fn malformed(sink: &mut Sink, offset: usize, why: &str) {
    sink.report(
        Code::MarkupAmbiguous,
        offset,
        format!("this is not well-formed XML ({why}): browsers show the part before the error, and zaklyk does not guess what they make of it"),
        None,
        "xml-malformed".into(),
    );
}

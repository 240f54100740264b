//! HTML as a browser tokenizes it: the only user of `html5gum`.
//!
//! The tokenizer is WHATWG's state machine; what it cannot know alone is when the tree builder
//! would switch it to raw text, so this emitter does that as a browser does in HTML content
//! (`<style>`, `<textarea>`, `<noframes>` …). Inside SVG, MathML, `<select>` and `<frameset>`
//! a browser may not switch: once one of those has started, raw text that opens a tag (or, where
//! raw text decodes nothing, a character reference) is refused (the two readings could differ),
//! and otherwise both readings are the same. Tags go to
//! [`rules`] with their attributes decoded and only the first of each name (as browsers keep
//! it); `<style>` content goes to the CSS reader. The emitter copies no text but raw text and
//! attribute values, so a page costs little more than one pass over its bytes.
//!
//! For a whole document it also finds where its policy is: the UTF-8 declaration and the
//! Content-Security-Policy `<meta>` that must lead its head ([`Head`]).
//!
//! Long because the scanner follows the tokenizer's states (raw text, foreign content, templates),
//! which share the scanner's state.

use super::rules::{self, Attr, Tag};
use super::syntax;
use super::{css, At, Sink, HELP_AMBIGUOUS};
use crate::diag::Code;
use html5gum::{Emitter, Error, State, Tokenizer};
use std::convert::Infallible;

/// What is scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A published document: its head is examined, and every `charset=` near its start.
    Document,
    /// A template: every `charset=` in it is examined (any of it can lead a page).
    Template,
    /// Part of a page (raw HTML in Markdown).
    Fragment,
}

/// Where a document's policy is, or goes.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Head {
    /// Byte offset after the leading doctype, `<html>`, `<head>`, comments and a UTF-8
    /// declaration: where a policy `<meta>` goes that precedes everything that can load.
    pub(crate) insert_at: usize,
    /// Whether the document declares UTF-8 in a `<meta>` before anything else, within its first
    /// 1024 bytes (where browsers look for it).
    pub(crate) declares_utf8: bool,
    /// The Content-Security-Policies of its head's `<meta>` elements.
    pub(crate) policies: Vec<String>,
}

/// Elements that may come before the body without ending the head.
const HEAD_ELEMENTS: &[&str] = &[
    "html", "head", "meta", "title", "link", "style", "base", "script", "noscript", "template",
];

/// Elements inside which a browser's tree builder may not switch the tokenizer to raw text.
const FOREIGN: &[&str] = &["svg", "math", "select", "frameset"];

/// Where browsers look for an encoding in a document's first bytes.
const PRESCAN: usize = 1024;

#[derive(Default)]
struct AttrBuf {
    name: Vec<u8>,
    value: Vec<u8>,
    offset: usize,
}

/// A raw-text element whose content is being read.
struct Raw {
    name: Vec<u8>,
    tag: usize,
    start: usize,
}

#[derive(Default)]
struct HeadState {
    prolog: bool,
    zone: bool,
    zone_end: usize,
    insert_at: usize,
    doctype_end: Option<usize>,
    head: Head,
}

struct Scanner<'s, 'a> {
    sink: &'s mut Sink<'a>,
    /// The whole text, to read raw text as it is written.
    text: &'s str,
    mode: Mode,
    pos: usize,
    tag_start: usize,
    is_end: bool,
    name: Vec<u8>,
    attrs: Vec<AttrBuf>,
    n_attrs: usize,
    last_start: Vec<u8>,
    comment: Vec<u8>,
    raw: Option<Raw>,
    raw_text: Vec<u8>,
    foreign: bool,
    head: HeadState,
}

/// Scans `text` as HTML; for a document, returns where its policy is.
pub(super) fn scan(sink: &mut Sink, text: &str, mode: Mode) -> Head {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut scanner = Scanner {
        sink,
        text,
        mode,
        pos: bom,
        tag_start: 0,
        is_end: false,
        name: Vec::new(),
        attrs: Vec::new(),
        n_attrs: 0,
        last_start: Vec::new(),
        comment: Vec::new(),
        raw: None,
        raw_text: Vec::new(),
        foreign: false,
        head: HeadState {
            prolog: true,
            zone: true,
            insert_at: bom,
            ..HeadState::default()
        },
    };
    let _ = Tokenizer::new_with_emitter(&text[bom..], &mut scanner).finish();
    let head = std::mem::take(&mut scanner.head);
    let zone_end = if head.zone { text.len() } else { head.zone_end };
    match mode {
        Mode::Document => prescan(sink, text, PRESCAN.max(zone_end)),
        Mode::Template => prescan(sink, text, text.len()),
        Mode::Fragment => {}
    }
    let mut result = head.head;
    result.insert_at = if result.declares_utf8 || head.insert_at <= PRESCAN / 2 {
        head.insert_at
    } else {
        head.doctype_end.unwrap_or(bom)
    };
    result
}

/// Every `charset=` in the first `limit` bytes, however it is written: a browser's prescan reads
/// raw bytes (a `<meta>` inside `<title>` or a comment included), so its reading is checked too.
fn prescan(sink: &mut Sink, text: &str, limit: usize) {
    let mut end = limit.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let bytes = head.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr_charset(&bytes[from..]) {
        let at = from + i;
        from = at + 7;
        let mut j = from;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while j < bytes.len()
            && (bytes[j].is_ascii_whitespace() || matches!(bytes[j], b'"' | b'\''))
        {
            j += 1;
        }
        let start = j;
        while j < bytes.len()
            && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'-' | b'_' | b'.' | b':'))
        {
            j += 1;
        }
        let label = &head[start..j];
        let subject = format!("charset-refused|charset:{}", label.to_ascii_lowercase());
        if !label.is_empty() && !sink.reported(&subject) {
            sink.encoding(label, at);
        }
    }
}

/// The offset of the next `charset`, in any case.
fn memchr_charset(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr2(b'c', b'C', &bytes[from..]) {
        let at = from + i;
        if bytes.len() >= at + 7 && bytes[at..at + 7].eq_ignore_ascii_case(b"charset") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

impl Scanner<'_, '_> {
    /// The raw-text element's content is complete (its end tag, or the end of the file).
    fn finish_raw(&mut self, end: usize) {
        let Some(raw) = self.raw.take() else {
            return;
        };
        let text = String::from_utf8_lossy(&self.raw_text).into_owned();
        self.raw_text.clear();
        let name = String::from_utf8_lossy(&raw.name).into_owned();
        // Read as raw text, or as markup inside SVG and MathML: the readings agree when the
        // content, as written, opens no tag (and, for `<style>` and its kind, whose raw text
        // decodes nothing, no character reference). `<title>` and `<textarea>` decode references
        // either way.
        let written = self.text.get(raw.start..end).unwrap_or(&text).as_bytes();
        let opens = |lead: u8, next: fn(&u8) -> bool| {
            written.windows(2).any(|w| w[0] == lead && next(&w[1]))
        };
        let tag = opens(b'<', |c| {
            c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?')
        });
        let reference = opens(b'&', |c| c.is_ascii_alphanumeric() || *c == b'#');
        let decodes = matches!(name.as_str(), "title" | "textarea");
        if self.foreign && (tag || (reference && !decodes)) {
            self.sink.report(
                Code::MarkupAmbiguous,
                raw.tag,
                format!("`<{name}>` after `<svg>`, `<math>`, `<select>` or `<frameset>` holds a tag or a character reference"),
                Some(HELP_AMBIGUOUS),
                format!("ambiguous:{name}"),
            );
        }
        if name == "style" {
            css::sheet(self.sink, &text, At::Exact(raw.start));
        }
    }

    fn start_tag(&mut self) -> Option<State> {
        let name = String::from_utf8_lossy(&self.name);
        // Names and values are UTF-8 (the input is, and references decode to it); a lossy copy
        // is made only for one that is not.
        let lossy: Vec<(String, String)> = self.attrs[..self.n_attrs]
            .iter()
            .filter(|a| {
                std::str::from_utf8(&a.name).is_err() || std::str::from_utf8(&a.value).is_err()
            })
            .map(|a| {
                (
                    String::from_utf8_lossy(&a.name).into_owned(),
                    String::from_utf8_lossy(&a.value).into_owned(),
                )
            })
            .collect();
        let mut lossy = lossy.iter();
        let texts = self.attrs[..self.n_attrs].iter().map(|a| {
            match (std::str::from_utf8(&a.name), std::str::from_utf8(&a.value)) {
                (Ok(n), Ok(v)) => (n, v, a.offset),
                _ => {
                    let (n, v) = lossy
                        .next()
                        .map_or(("", ""), |(n, v)| (n.as_str(), v.as_str()));
                    (n, v, a.offset)
                }
            }
        });
        // A browser keeps the first attribute of a name (a set keeps a tag with thousands of
        // attributes linear).
        let many = self.n_attrs > 16;
        let mut attrs: Vec<Attr> = Vec::with_capacity(self.n_attrs);
        let mut names = std::collections::HashSet::new();
        for (n, v, offset) in texts {
            let first = if many {
                names.insert(n)
            } else {
                !attrs.iter().any(|a| a.name == n)
            };
            if first {
                attrs.push(Attr {
                    name: n,
                    value: v,
                    offset,
                });
            }
        }
        let tag = Tag {
            name: &name,
            attrs: &attrs,
            offset: self.tag_start,
        };
        rules::element(self.sink, &tag);
        if self.mode == Mode::Document {
            head_tag(&mut self.head, self.pos, &tag);
        }
        if FOREIGN.contains(&tag.name) {
            self.foreign = true;
        }
        let state = match tag.name {
            "title" | "textarea" => Some(State::RcData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some(State::RawText)
            }
            "script" => Some(State::ScriptData),
            "plaintext" => Some(State::PlainText),
            _ => None,
        };
        drop(attrs);
        drop(name);
        if state.is_some() {
            self.raw = Some(Raw {
                name: self.name.clone(),
                tag: self.tag_start,
                start: self.pos,
            });
            self.raw_text.clear();
        }
        self.last_start.clear();
        self.last_start.extend_from_slice(&self.name);
        state
    }
}

/// Follows where the document's head is and what leads it.
fn head_tag(h: &mut HeadState, pos: usize, tag: &Tag) {
    let equiv = |name: &str| {
        tag.attrs
            .iter()
            .find(|a| a.name == "http-equiv")
            .is_some_and(|a| a.value.trim().eq_ignore_ascii_case(name))
    };
    let content = tag
        .attrs
        .iter()
        .find(|a| a.name == "content")
        .map_or("", |a| a.value);
    if h.prolog {
        match tag.name {
            "html" | "head" => h.insert_at = pos,
            "meta" if pos <= PRESCAN => {
                let utf8 = |l: &str| {
                    let l = l.trim();
                    l.eq_ignore_ascii_case("utf-8") || l.eq_ignore_ascii_case("utf8")
                };
                let declared = match tag.attrs.iter().find(|a| a.name == "charset") {
                    Some(c) => utf8(c.value),
                    None => {
                        equiv("content-type")
                            && matches!(syntax::declared_charsets(content).as_slice(), [l] if utf8(l))
                    }
                };
                if declared {
                    h.head.declares_utf8 = true;
                    h.insert_at = pos;
                }
                h.prolog = false;
            }
            _ => h.prolog = false,
        }
    }
    if h.zone {
        if !HEAD_ELEMENTS.contains(&tag.name) {
            h.zone = false;
            h.zone_end = tag.offset;
        } else if tag.name == "meta" && equiv("content-security-policy") {
            h.head.policies.push(content.to_string());
        }
    }
}

impl Emitter for &mut Scanner<'_, '_> {
    type Token = Infallible;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start.clear();
        self.last_start
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        let end = self.text.len();
        self.finish_raw(end);
    }

    fn emit_error(&mut self, _: Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Infallible> {
        None
    }

    fn emit_string(&mut self, s: &[u8]) {
        if self.raw.is_some() {
            self.raw_text.extend_from_slice(s);
        } else if (self.head.prolog || self.head.zone) && !s.iter().all(u8::is_ascii_whitespace) {
            self.head.prolog = false;
            if self.head.zone {
                self.head.zone = false;
                self.head.zone_end = self.pos.saturating_sub(s.len());
            }
        }
    }

    fn init_start_tag(&mut self) {
        self.is_end = false;
        self.name.clear();
        self.n_attrs = 0;
    }

    fn init_end_tag(&mut self) {
        self.is_end = true;
        self.name.clear();
        self.n_attrs = 0;
    }

    fn init_comment(&mut self) {
        self.comment.clear();
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        if !self.is_end {
            return self.start_tag();
        }
        if self.raw.as_ref().is_some_and(|r| r.name == self.name) {
            self.finish_raw(self.tag_start);
        }
        self.head.prolog = false;
        if self.name == b"head" && self.head.zone {
            self.head.zone = false;
            self.head.zone_end = self.tag_start;
        }
        None
    }

    fn emit_current_comment(&mut self) {
        if self.comment.starts_with(b"[CDATA[") {
            self.sink.report(
                Code::MarkupAmbiguous,
                self.tag_start,
                "a CDATA section is text inside SVG or MathML but a comment elsewhere".into(),
                Some(HELP_AMBIGUOUS),
                "cdata".into(),
            );
        }
        if self.head.prolog {
            self.head.insert_at = self.pos;
        }
    }

    fn emit_current_doctype(&mut self) {
        if self.head.prolog {
            self.head.insert_at = self.pos;
            self.head.doctype_end = Some(self.pos);
        }
    }

    fn set_self_closing(&mut self) {}

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, s: &[u8]) {
        self.name.extend_from_slice(s);
    }

    fn push_comment(&mut self, s: &[u8]) {
        // Only the start of a comment is looked at.
        let room = 16usize.saturating_sub(self.comment.len());
        self.comment.extend_from_slice(&s[..s.len().min(room)]);
    }

    fn push_doctype_name(&mut self, _: &[u8]) {}

    fn init_doctype(&mut self) {}

    fn init_attribute(&mut self) {
        if self.n_attrs == self.attrs.len() {
            self.attrs.push(AttrBuf::default());
        }
        let offset = self.pos.saturating_sub(1);
        let a = &mut self.attrs[self.n_attrs];
        a.name.clear();
        a.value.clear();
        a.offset = offset;
        self.n_attrs += 1;
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        if let Some(a) = self.attrs[..self.n_attrs].last_mut() {
            a.name.extend_from_slice(s);
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        if let Some(a) = self.attrs[..self.n_attrs].last_mut() {
            a.value.extend_from_slice(s);
        }
    }

    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn start_open_tag(&mut self) {
        self.tag_start = self.pos.saturating_sub(1);
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.is_end && !self.last_start.is_empty() && self.name == self.last_start
    }

    fn move_position(&mut self, offset: isize) {
        self.pos = self.pos.saturating_add_signed(offset);
    }
}

//! The scan's bookkeeping and its one rule for addresses: the only place that decides whether
//! an address (of an attribute, of CSS, of a `data:` address inside another) may be published.
//!
//! A [`Sink`] collects the findings of one file, knows the file's address (resolved only when an
//! address needs it), reports a problem found twice at one place once, and carries the nesting
//! of `data:` addresses, whose problems are reported where the outermost one is written.

use super::address::{self, Address};
use super::{css, xml, Finding, Scope, HELP_CHARSET, HELP_ELSEWHERE, HELP_REFRESH, HELP_SCRIPT};
use crate::diag::Code;
use std::collections::HashSet;

/// How an address is used, which decides what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    /// Followed when clicked (`<a href>`): anything but code and `data:`.
    Link,
    /// Loaded or navigated to without a click as a document (frames, objects, forms, refresh,
    /// pings): the site or an allowed origin.
    Document,
    /// An image, font, sound, video: the site, an allowed origin, or a `data:` address of such a
    /// type (an SVG's content scanned in turn).
    Resource,
    /// A stylesheet: a `.css` file of the site, an allowed origin, or `data:text/css` (scanned).
    Stylesheet,
}

/// What uses an address, as messages name it; written out only when there is a problem.
#[derive(Debug, Clone, Copy)]
pub(super) enum What<'w> {
    /// An element's attribute: `` `<img src>` ``.
    Attr(&'w str, &'w str),
    /// Anything else: `the image`, `` CSS `url()` ``.
    Text(&'w str),
}

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            What::Attr(element, attribute) => write!(f, "`<{element} {attribute}>`"),
            What::Text(text) => f.write_str(text),
        }
    }
}

/// Where findings of nested text go.
#[derive(Debug, Clone, Copy)]
pub(super) enum At {
    /// At this offset plus their own (a `<style>` element's content).
    Exact(usize),
    /// All at this offset (a `style` attribute, whose character references moved every offset).
    Fixed(usize),
}

impl At {
    pub(super) fn offset(self, inner: usize) -> usize {
        match self {
            At::Exact(base) => base + inner,
            At::Fixed(at) => at,
        }
    }
}

/// How deep `data:` addresses may nest (an SVG in a stylesheet in an SVG …).
const MAX_DATA_DEPTH: u8 = 4;

/// Collects findings while a file is scanned.
pub(super) struct Sink<'a> {
    scope: &'a Scope,
    /// The file's path, and its addresses once an address needs them.
    path: &'a str,
    page: std::cell::OnceCell<address::Page>,
    pub(super) findings: Vec<Finding>,
    /// Values with Tera tags are left to the scan of the rendered page.
    template: bool,
    /// Inside `data:` addresses: how deep, and where the outermost one is.
    data_depth: u8,
    data_at: usize,
    /// Subjects reported, and where: one problem found twice at one place is reported once.
    seen: HashSet<(String, usize)>,
    subjects: HashSet<String>,
}

impl<'a> Sink<'a> {
    pub(super) fn new(scope: &'a Scope, path: &'a str, template: bool) -> Sink<'a> {
        Sink {
            scope,
            path,
            page: std::cell::OnceCell::new(),
            findings: Vec::new(),
            template,
            data_depth: 0,
            data_at: 0,
            seen: HashSet::new(),
            subjects: HashSet::new(),
        }
    }

    /// Whether a problem of this subject was reported anywhere in the file.
    pub(super) fn reported(&self, subject: &str) -> bool {
        self.subjects.contains(subject)
    }

    pub(super) fn report(
        &mut self,
        code: Code,
        offset: usize,
        message: String,
        help: Option<&'static str>,
        subject: String,
    ) {
        let subject = format!("{}|{subject}", code.as_str());
        let (offset, message) = if self.data_depth > 0 {
            (
                self.data_at,
                format!("{message} (inside a `data:` address)"),
            )
        } else {
            (offset, message)
        };
        // One address found twice at one place (a `srcset` read two ways) is one problem.
        if !self.seen.insert((subject.clone(), offset)) {
            return;
        }
        self.subjects.insert(subject.clone());
        self.findings.push(Finding {
            code,
            offset,
            message,
            help,
            subject,
        });
    }

    /// Checks an address used as `usage` by `what` (`` `<img src>` ``), at `offset`; a load that
    /// leaves the site is reported with `code`.
    pub(super) fn address(
        &mut self,
        value: &str,
        usage: Use,
        what: What,
        offset: usize,
        code: Code,
    ) {
        if self.template && (value.contains("{{") || value.contains("{%")) {
            return;
        }
        if usage == Use::Link {
            let scheme = address::link_scheme(value);
            match scheme.as_deref() {
                Some("javascript" | "vbscript" | "livescript") => {
                    self.script_address(scheme.unwrap_or_default(), &what, offset)
                }
                Some("data") => self.report(
                    Code::LinkScheme,
                    offset,
                    format!("{what} leads to a `data:` address, a document of its own that zaklyk cannot check"),
                    Some("link to a page or file of the site instead"),
                    "data-link".into(),
                ),
                _ => {}
            }
            return;
        }
        let css = usage == Use::Stylesheet;
        let read = if !css && address::plainly_relative(value) {
            Address::Site { path: None }
        } else {
            let page = self.page.get_or_init(|| self.scope.page(self.path));
            address::classify(self.scope, page, value, css)
        };
        match read {
            Address::Site { path } => {
                if let Some(path) = path.filter(|p| !p.ends_with(".css")) {
                    self.report(
                        Code::StylesheetNotCss,
                        offset,
                        format!("{what} applies `{}` as a stylesheet, and only .css files are checked as stylesheets", value.trim()),
                        Some("browsers in quirks mode apply any file as CSS: link a .css file"),
                        format!("not-css:{path}"),
                    );
                }
            }
            Address::Allowed(_) => {}
            Address::Script(scheme) => self.script_address(scheme, &what, offset),
            Address::Data(data) => self.data(data, usage, &what, offset),
            Address::Elsewhere { url, .. } => {
                let (verb, help) = if code == Code::RefreshExternal {
                    ("would send readers to", HELP_REFRESH)
                } else {
                    ("would make readers' browsers contact", HELP_ELSEWHERE)
                };
                self.report(
                    code,
                    offset,
                    format!("{what} {verb} {url}"),
                    Some(help),
                    url,
                );
            }
        }
    }

    fn script_address(&mut self, scheme: String, what: &What, offset: usize) {
        self.report(
            Code::LinkScheme,
            offset,
            format!("{what} leads to a `{scheme}:` address, which runs code"),
            Some(HELP_SCRIPT),
            format!("scheme:{scheme}"),
        );
    }

    /// A `data:` address: allowed for images, fonts, sound, video and stylesheets, with an SVG or
    /// CSS inside scanned as well; never as a document.
    fn data(&mut self, data: address::Data, usage: Use, what: &What, offset: usize) {
        let essence = data.essence.as_str();
        // `data:,` (an empty icon, so that browsers ask for none) holds nothing at all.
        let empty = data.body.as_ref().is_some_and(Vec::is_empty);
        let fits = match usage {
            Use::Resource if empty => true,
            Use::Stylesheet => essence == "text/css",
            Use::Resource => {
                [
                    "image/",
                    "font/",
                    "audio/",
                    "video/",
                    "application/font-",
                    "application/x-font-",
                ]
                .iter()
                .any(|p| essence.starts_with(p))
                    || essence == "text/css"
            }
            Use::Link | Use::Document => false,
        };
        if !fits {
            let shown = if essence.is_empty() {
                "unreadable"
            } else {
                essence
            };
            self.report(
                Code::MarkupRefused,
                offset,
                format!("{what} loads a `data:` address of type `{shown}`: only images, fonts, sound, video and stylesheets may be `data:` addresses, and never documents"),
                None,
                format!("data:{shown}"),
            );
            return;
        }
        let nested = essence == "image/svg+xml" || essence == "text/css";
        if let Some(charset) = data.charset.as_deref().filter(|_| nested) {
            self.encoding(charset, offset);
        }
        let Some(body) = data.body.filter(|_| nested) else {
            return;
        };
        if self.data_depth >= MAX_DATA_DEPTH {
            self.report(
                Code::MarkupAmbiguous,
                offset,
                format!("{what} nests `data:` addresses more than {MAX_DATA_DEPTH} deep"),
                None,
                "data-depth".into(),
            );
            return;
        }
        let Ok(text) = std::str::from_utf8(&body) else {
            self.report(
                Code::CharsetRefused,
                offset,
                format!("{what} holds a `data:` address whose content is not UTF-8"),
                Some(HELP_CHARSET),
                "data-not-utf-8".into(),
            );
            return;
        };
        if self.data_depth == 0 {
            self.data_at = offset;
        }
        self.data_depth += 1;
        if essence == "text/css" {
            css::sheet(self, text, At::Fixed(offset));
        } else {
            xml::scan(self, text, offset);
        }
        self.data_depth -= 1;
    }

    /// An encoding named in a file (`<meta charset>`, `@charset`, `encoding=`): UTF-8 only.
    pub(super) fn encoding(&mut self, label: &str, offset: usize) {
        if self.template && (label.contains("{{") || label.contains("{%")) {
            return;
        }
        let label = label.trim_matches(|c: char| c.is_ascii_whitespace() || c == '"' || c == '\'');
        let utf8 = [
            "utf-8",
            "utf8",
            "unicode-1-1-utf-8",
            "unicode11utf8",
            "unicode20utf8",
            "x-unicode20utf8",
        ];
        if !utf8.iter().any(|u| u.eq_ignore_ascii_case(label)) {
            self.report(
                Code::CharsetRefused,
                offset,
                format!("the encoding `{label}` is declared here; published files are UTF-8"),
                Some(HELP_CHARSET),
                format!("charset:{}", label.to_ascii_lowercase()),
            );
        }
    }
}

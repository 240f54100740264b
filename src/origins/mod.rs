//! The output scan: nothing a build publishes makes a reader's browser contact another origin or
//! run code.
//!
//! A request to a CDN, a font service or an analytics host can identify a reader in an occupied
//! territory, so every file that `build` and `package` write goes through this scan: pages,
//! site-wide pages, single-file pages, static files of every type, the offline copy. Sources are
//! scanned as well (templates, stylesheets, raw HTML in content), only to say where a problem was
//! written; the scan of what is published is the guarantee. It reads files as a browser does:
//!
//! - HTML with a WHATWG tokenizer (`html5gum`, in [`html`]), character references decoded, the
//!   tokenizer switched to raw text where a browser switches it; where only the tree builder
//!   could know (a `<style>` after `<svg>`, `<math>`, `<select>` or `<frameset>` holding `<` or
//!   `&`), the scan refuses rather than guesses;
//! - CSS with `cssparser` (in [`css`]), escapes decoded: `url()`, `image-set()`, `@import`,
//!   strings that are addresses, in stylesheets, `style` attributes and SVG presentation
//!   attributes;
//! - SVG and XML with `quick-xml` as a stream (in [`xml`]), elements judged by the same rules as
//!   HTML's whatever their namespace;
//! - addresses with the `url` crate (in [`address`]), against the page's own address, and `data:`
//!   addresses with `data-url`, their SVG or CSS scanned in turn.
//!
//! The rules for elements and attributes are in [`rules`], once for HTML and XML. Anything that
//! loads or navigates without a click must stay on the site (or an origin of `allowed_origins`);
//! scripts, event handlers, `javascript:` addresses, `<base>` and any encoding but UTF-8 are
//! refused wherever they are. The library crates are each used in one of these files, so that
//! each file is one reader; this folder is that scanner.

mod address;
mod css;
mod html;
mod rules;
mod xml;

pub use address::Scope;
pub(crate) use html::Head;

use crate::diag::{Code, Diagnostic, Location};
use address::Address;
use std::collections::HashSet;

/// A problem the scan found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    /// Byte offset in the scanned text.
    pub offset: usize,
    pub message: String,
    pub help: Option<&'static str>,
    /// What it is about (the address contacted, the element refused), so that the same problem
    /// found again in the output is recognized as the one reported where it was written.
    pub subject: String,
}

impl Finding {
    /// The finding as a diagnostic at `location`.
    pub fn at(self, location: Location) -> Diagnostic {
        let d = Diagnostic::new(self.code, location, self.message).with_subject(&self.subject);
        match self.help {
            Some(help) => d.with_help(help),
            None => d,
        }
    }
}

const HELP_ELSEWHERE: &str = "readers must never contact another site: copy the file into theme/static/ and link it relatively, or list the origin in allowed_origins in site.toml";
const HELP_REFRESH: &str = "a page must not take readers anywhere by itself: link to the page instead (a relative address), and let readers choose";
const HELP_SCRIPT: &str =
    "published pages run no JavaScript: zaklyk's pages work without it, and so must a theme's";
const HELP_CHARSET: &str = "save the file as UTF-8 and declare `utf-8` (or nothing): a browser reading another encoding sees other markup than zaklyk checked";
const HELP_AMBIGUOUS: &str = "browsers read this as markup or as text depending on where it is; write it so that both readings agree (no `<` or `&` inside), or leave it out";

/// How a file is published, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `.html`, `.htm`: scanned as HTML, and given the site's policy.
    Html,
    /// `.css`.
    Css,
    /// `.svg`, `.xml` and feeds: scanned as XML.
    Xml,
    /// Images, fonts, sound and video: a browser only decodes them.
    Media,
    /// `.txt` and names without an extension (`CNAME`): text without markup, since a browser may
    /// take a file without a type for HTML.
    Text,
    /// Anything else (`.js`, `.pdf`, `.zip`, `.xhtml`, a host's configuration): zaklyk cannot
    /// tell what it would load, so it is not published.
    Unknown,
}

/// What kind of file `path` is.
pub fn kind(path: &str) -> Kind {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((_, ext)) = name.rsplit_once('.').filter(|(stem, _)| !stem.is_empty()) else {
        return Kind::Text;
    };
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => Kind::Html,
        "css" => Kind::Css,
        "svg" | "xml" | "rss" | "atom" => Kind::Xml,
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "ico" | "bmp" | "woff" | "woff2"
        | "ttf" | "otf" | "mp3" | "mp4" | "m4a" | "ogg" | "oga" | "ogv" | "opus" | "wav"
        | "webm" | "flac" => Kind::Media,
        "txt" => Kind::Text,
        _ => Kind::Unknown,
    }
}

/// What the scan of one file found.
#[derive(Debug, Default)]
pub struct Scanned {
    pub findings: Vec<Finding>,
    /// For an HTML document: where its policy is, or would go.
    pub head: Option<Head>,
}

/// Scans a file published at `path` (relative to the output root), by its kind.
pub fn scan_file(scope: &Scope, path: &str, bytes: &[u8]) -> Scanned {
    let kind = kind(path);
    let mut sink = Sink::new(scope, path, false);
    if kind == Kind::Media {
        return Scanned::default();
    }
    if kind == Kind::Unknown {
        sink.report(
            Code::StaticTypeRefused,
            0,
            format!(
                "`{}` is a kind of file that zaklyk cannot check, so it is not published",
                path.rsplit('/').next().unwrap_or(path)
            ),
            Some("zaklyk publishes HTML (.html, .htm), CSS, SVG and XML, which it checks; images, fonts, sound and video (.png, .jpg, .gif, .webp, .avif, .ico, .woff2, .ttf, .otf, .mp3, .mp4, .webm, .ogg, …); and plain text (.txt, or no extension)"),
            format!("kind:{path}"),
        );
        return Scanned {
            findings: sink.findings,
            head: None,
        };
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            sink.report(
                Code::CharsetRefused,
                e.valid_up_to(),
                "this file is not UTF-8".into(),
                Some(HELP_CHARSET),
                "not-utf-8".into(),
            );
            return Scanned {
                findings: sink.findings,
                head: None,
            };
        }
    };
    let head = match kind {
        Kind::Html => Some(html::scan(&mut sink, text, html::Mode::Document)),
        Kind::Css => {
            css::sheet(&mut sink, text, At::Exact(0));
            None
        }
        Kind::Xml => {
            xml::scan(&mut sink, text, 0);
            None
        }
        _ => {
            // A browser that gets a file without a type reads its first bytes to guess one: HTML
            // from a tag, PDF or PostScript from their signatures.
            let start =
                text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\u{feff}');
            let at = text.find('<').or_else(|| {
                (start.starts_with("%PDF-") || start.starts_with("%!PS"))
                    .then_some(text.len() - start.len())
            });
            if let Some(i) = at {
                sink.report(
                    Code::StaticTypeRefused,
                    i,
                    "a text file holds `<` or starts like a PDF: a browser may read a file without a type as a document".into(),
                    None,
                    "text-markup".into(),
                );
            }
            None
        }
    };
    Scanned {
        findings: sink.findings,
        head,
    }
}

/// Scans a template of the theme (HTML with Tera tags). Values that Tera fills in are left to
/// the scan of the rendered pages.
pub fn scan_template(scope: &Scope, text: &str) -> Vec<Finding> {
    // `{# … #}` comments never reach a page: blank them, keeping every offset.
    let mut blanked = String::new();
    let text = if text.contains("{#") {
        blanked.reserve(text.len());
        let mut rest = text;
        while let Some(i) = rest.find("{#") {
            blanked.push_str(&rest[..i]);
            let end = rest[i..].find("#}").map_or(rest.len(), |j| i + j + 2);
            blanked.extend(
                rest[i..end]
                    .chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' }),
            );
            rest = &rest[end..];
        }
        blanked.push_str(rest);
        &blanked
    } else {
        text
    };
    let mut sink = Sink::new(scope, "index.html", true);
    html::scan(&mut sink, text, html::Mode::Template);
    sink.findings
}

/// Scans an HTML fragment (the raw HTML of a Markdown text, with the text between escaped).
pub fn scan_fragment(scope: &Scope, text: &str) -> Vec<Finding> {
    let mut sink = Sink::new(scope, "index.html", false);
    html::scan(&mut sink, text, html::Mode::Fragment);
    sink.findings
}

/// Scans a stylesheet of the theme.
pub fn scan_css(scope: &Scope, text: &str) -> Vec<Finding> {
    let mut sink = Sink::new(scope, "style.css", false);
    css::sheet(&mut sink, text, At::Exact(0));
    sink.findings
}

/// Checks the address of an image written in Markdown (`![…](address)`).
pub fn check_image(scope: &Scope, address: &str) -> Vec<Finding> {
    let mut sink = Sink::new(scope, "index.html", false);
    sink.address(
        address,
        Use::Resource,
        What::Text("the image"),
        0,
        Code::OriginExternal,
    );
    sink.findings
}

/// Checks the address of a link written in Markdown (`[…](address)`).
pub fn check_link(scope: &Scope, address: &str) -> Vec<Finding> {
    let mut sink = Sink::new(scope, "index.html", false);
    sink.address(
        address,
        Use::Link,
        What::Text("the link"),
        0,
        Code::OriginExternal,
    );
    sink.findings
}

/// How an address is used, which decides what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
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
enum What<'w> {
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
enum At {
    /// At this offset plus their own (a `<style>` element's content).
    Exact(usize),
    /// All at this offset (a `style` attribute, whose character references moved every offset).
    Fixed(usize),
}

impl At {
    fn offset(self, inner: usize) -> usize {
        match self {
            At::Exact(base) => base + inner,
            At::Fixed(at) => at,
        }
    }
}

/// How deep `data:` addresses may nest (an SVG in a stylesheet in an SVG …).
const MAX_DATA_DEPTH: u8 = 4;

/// Collects findings while a file is scanned.
struct Sink<'a> {
    scope: &'a Scope,
    /// The file's path, and its addresses once an address needs them.
    path: &'a str,
    page: std::cell::OnceCell<address::Page>,
    findings: Vec<Finding>,
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
    fn new(scope: &'a Scope, path: &'a str, template: bool) -> Sink<'a> {
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
    fn reported(&self, subject: &str) -> bool {
        self.subjects.contains(subject)
    }

    fn report(
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
    fn address(&mut self, value: &str, usage: Use, what: What, offset: usize, code: Code) {
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
    fn encoding(&mut self, label: &str, offset: usize) {
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

#[cfg(test)]
mod tests;

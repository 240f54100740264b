//! The output scan: nothing a build publishes makes a reader's browser contact another origin or
//! run code.
//!
//! A request to a CDN, a font service or an analytics host can identify a reader in an occupied
//! territory, so every file that `build` and `package` write goes through this scan: pages,
//! site-wide pages, single-file pages, static files of every type, the offline copy. Sources are
//! scanned as well (templates, stylesheets, raw HTML in content), only to say where a problem was
//! written; the scan of what is published is the guarantee. It reads files as a browser does:
//!
//! - HTML with a WHATWG tokenizer (`html5gum`, in `html.rs`), character references decoded, the
//!   tokenizer switched to raw text where a browser switches it; where only the tree builder
//!   could know (a `<style>` after `<svg>`, `<math>`, `<select>` or `<frameset>` that opens a
//!   tag or a character reference), the scan refuses rather than guesses;
//! - CSS with `cssparser` (in `css.rs`), escapes decoded: `url()`, `image-set()`, `@import`,
//!   strings that are addresses, in stylesheets, `style` attributes and SVG presentation
//!   attributes;
//! - SVG and XML with `quick-xml` as a stream (in `xml.rs`), elements judged by the same rules as
//!   HTML's whatever their namespace;
//! - addresses with the `url` crate (in `address.rs`), against the page's own address, and `data:`
//!   addresses with `data-url`, their SVG or CSS scanned in turn.
//!
//! The rules for elements and attributes are in `rules.rs`, once for HTML and XML, with the small
//! grammars of attribute values (`srcset`, a refresh's `content`) in `syntax.rs`; the one rule for
//! an address, wherever it was found, is `Sink::address` (`sink.rs`). Anything that loads or
//! navigates without a click must stay on the site (or an origin of `allowed_origins`); scripts,
//! event handlers, `javascript:` addresses, `<base>` and any encoding but UTF-8 are refused
//! wherever they are. It is a folder because each library crate is used in exactly one of its
//! files, so that each file is one reader; together they are one scanner.

mod address;
mod css;
mod html;
mod rules;
mod sink;
mod syntax;
mod xml;

pub use address::Scope;
pub(crate) use html::Head;

use crate::diag::{Code, Diagnostic, Location};
use sink::{At, Sink, Use, What};

/// The subject of a stylesheet nested deeper than the scan reads: a stylesheet that deep is
/// refused before (`css-nesting`, where the minifier's limit is checked), and this finding is then
/// the same problem.
pub(crate) const CSS_DEPTH_SUBJECT: &str = "markup-ambiguous|css-depth";

/// A problem the scan found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub(crate) code: Code,
    /// Byte offset in the scanned text.
    pub(crate) offset: usize,
    pub(crate) message: String,
    pub(crate) help: Option<&'static str>,
    /// What it is about (the address contacted, the element refused), so that the same problem
    /// found again in the output is recognized as the one reported where it was written.
    pub(crate) subject: String,
}

impl Finding {
    /// The finding as a diagnostic at `location`.
    pub(crate) fn at(self, location: Location) -> Diagnostic {
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
const HELP_AMBIGUOUS: &str = "browsers read this as markup or as text depending on where it is; write it so that both readings agree (no tag or character reference inside), or leave it out";

/// How a file is published, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
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
pub(crate) fn kind(path: &str) -> Kind {
    let name = path.rsplit('/').next().unwrap_or(path);
    // The hosting kit's server block: text that nginx reads and no host serves.
    if path == "nginx.conf" {
        return Kind::Text;
    }
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
pub(crate) struct Scanned {
    pub(crate) findings: Vec<Finding>,
    /// For an HTML document: where its policy is, or would go.
    pub(crate) head: Option<Head>,
}

/// Scans a file published at `path` (relative to the output root), by its kind.
pub(crate) fn scan_file(scope: &Scope, path: &str, bytes: &[u8]) -> Scanned {
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
pub(crate) fn scan_template(scope: &Scope, text: &str) -> Vec<Finding> {
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
pub(crate) fn scan_fragment(scope: &Scope, text: &str) -> Vec<Finding> {
    let mut sink = Sink::new(scope, "index.html", false);
    html::scan(&mut sink, text, html::Mode::Fragment);
    sink.findings
}

/// Scans a stylesheet of the theme.
pub(crate) fn scan_css(scope: &Scope, text: &str) -> Vec<Finding> {
    let mut sink = Sink::new(scope, "style.css", false);
    css::sheet(&mut sink, text, At::Exact(0));
    sink.findings
}

/// Checks the address of an image written in Markdown (`![…](address)`).
pub(crate) fn check_image(scope: &Scope, address: &str) -> Vec<Finding> {
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
pub(crate) fn check_link(scope: &Scope, address: &str) -> Vec<Finding> {
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

#[cfg(test)]
mod tests;

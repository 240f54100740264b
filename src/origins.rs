//! Finding anything that would make a reader's browser contact another origin.
//!
//! A request to a CDN, a font service or an analytics host can identify a reader in an occupied
//! territory, so a build refuses one wherever it comes from: a template, a stylesheet, raw HTML in
//! content, or the rendered output (the last net, for values that only exist at render time).
//! Ordinary links (`<a href>`) are fine: they contact nothing until clicked. An origin listed in
//! `allowed_origins` of `site.toml` is let through. This is a scanner of tags and attributes, not
//! an HTML parser: it reads what a browser would fetch without executing anything.

/// A reference that would load something from another origin.
#[derive(Debug, Clone, PartialEq)]
pub struct External {
    /// Byte offset of the tag or CSS rule in the scanned text.
    pub offset: usize,
    /// What would load it: `<img src>`, `CSS url()`, `inline <script>`.
    pub what: String,
    pub url: String,
}

/// Attributes that make the browser fetch something, by element.
fn fetching_attributes(element: &str) -> &'static [&'static str] {
    match element {
        "img" => &["src", "srcset"],
        "script" | "iframe" | "frame" | "embed" | "audio" | "track" => &["src"],
        "video" => &["src", "poster"],
        "source" => &["src", "srcset"],
        "object" => &["data"],
        "form" => &["action"],
        "input" => &["src", "formaction"],
        "button" => &["formaction"],
        "image" | "use" => &["href", "xlink:href"],
        _ => &[],
    }
}

/// `rel` values of `<link>` that are only metadata and fetch nothing.
const METADATA_RELS: [&str; 5] = ["canonical", "alternate", "author", "license", "me"];

fn is_other_origin(url: &str, allowed: &[String]) -> bool {
    let u = url.trim().to_ascii_lowercase();
    let external = u.starts_with("http:")
        || u.starts_with("https:")
        || u.starts_with("//")
        || u.starts_with("ftp:");
    external
        && !allowed
            .iter()
            .any(|a| u.starts_with(&a.to_ascii_lowercase()))
}

/// Elements that can fetch something (through their attributes or content).
const FETCHING: [&str; 19] = [
    "img", "script", "iframe", "frame", "embed", "audio", "track", "video", "source", "object",
    "form", "input", "button", "image", "use", "link", "meta", "style", "svg",
];

/// Scans HTML (or an HTML template) for tags that would load from another origin. Only the tags
/// that can fetch are parsed, and a `style` attribute anywhere, so a page of links and paragraphs
/// costs one pass over its bytes.
pub fn scan_html(text: &str, allowed: &[String]) -> Vec<External> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(i) = text[pos..].find('<') {
        let start = pos + i;
        let Some(len) = text[start..].find('>') else {
            break;
        };
        pos = start + len + 1;
        let tag = &text[start + 1..start + len];
        let name_len = tag
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b':')
            .count();
        if name_len == 0 {
            continue;
        }
        let has_style = has_style_attribute(tag);
        // Most tags of a page (`a`, `p`, `li`) fetch nothing: know that without allocating.
        let name = match FETCHING
            .iter()
            .find(|f| f.eq_ignore_ascii_case(&tag[..name_len]))
        {
            Some(known) => std::borrow::Cow::Borrowed(*known),
            None if has_style => std::borrow::Cow::Owned(tag[..name_len].to_ascii_lowercase()),
            None => continue,
        };
        // Fast paths for the tags every page has dozens of: metadata fetches nothing.
        let raw = tag.as_bytes();
        if name == "meta" && !has_style && !contains_ignore_case(raw, b"refresh") {
            continue;
        }
        if name == "link"
            && !has_style
            && (contains_ignore_case(raw, b"alternate") || contains_ignore_case(raw, b"canonical"))
            && !contains_ignore_case(raw, b"stylesheet")
            && !contains_ignore_case(raw, b"icon")
        {
            continue;
        }
        let attrs = attributes(&tag[name_len..]);
        let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        for attr in fetching_attributes(&name) {
            if let Some(value) = get(attr) {
                for url in value
                    .split(',')
                    .map(|c| c.split_whitespace().next().unwrap_or(""))
                {
                    if is_other_origin(url, allowed) {
                        found.push(External {
                            offset: start,
                            what: format!("<{name} {attr}>"),
                            url: url.to_string(),
                        });
                    }
                }
            }
        }
        if name == "link" {
            let rel = get("rel").unwrap_or("").to_ascii_lowercase();
            let metadata =
                rel.split_whitespace().all(|r| METADATA_RELS.contains(&r)) && !rel.is_empty();
            if let Some(href) = get("href").filter(|h| !metadata && is_other_origin(h, allowed)) {
                found.push(External {
                    offset: start,
                    what: format!("<link rel=\"{rel}\">"),
                    url: href.to_string(),
                });
            }
        }
        if name == "meta" && get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
            if let Some(url) = get("content").and_then(|c| {
                c.split_once("url=")
                    .map(|(_, u)| u.trim_matches(['\'', '"', ' ']))
            }) {
                if is_other_origin(url, allowed) {
                    found.push(External {
                        offset: start,
                        what: "<meta http-equiv=refresh>".into(),
                        url: url.to_string(),
                    });
                }
            }
        }
        if name == "script" && get("src").is_none() {
            found.push(External {
                offset: start,
                what: "inline <script>".into(),
                url: String::new(),
            });
        }
        if let Some(style) = get("style") {
            for e in scan_css(style, allowed) {
                found.push(External {
                    offset: start,
                    what: e.what,
                    url: e.url,
                });
            }
        }
        if name == "style" {
            let body_end = (pos..bytes.len())
                .find(|&j| {
                    bytes[j] == b'<'
                        && contains_ignore_case(&bytes[j..bytes.len().min(j + 7)], b"</style")
                })
                .unwrap_or(text.len());
            for e in scan_css(&text[pos..body_end], allowed) {
                found.push(External {
                    offset: pos + e.offset,
                    what: e.what,
                    url: e.url,
                });
            }
            pos = body_end;
        }
    }
    found
}

/// Whether a tag holds `style=` (any case) anywhere, found from its `=` signs: far fewer than
/// its bytes.
fn has_style_attribute(tag: &str) -> bool {
    tag.match_indices('=')
        .any(|(i, _)| i >= 5 && tag.as_bytes()[i - 5..i].eq_ignore_ascii_case(b"style"))
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Scans CSS for `url()` and `@import` that would load from another origin.
pub fn scan_css(text: &str, allowed: &[String]) -> Vec<External> {
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    for (keyword, what) in [("url(", "CSS url()"), ("@import", "CSS @import")] {
        let mut pos = 0;
        while let Some(i) = lower[pos..].find(keyword) {
            let start = pos + i;
            let rest = text[start + keyword.len()..].trim_start();
            let rest = rest.strip_prefix("url(").unwrap_or(rest);
            let url: String = rest
                .trim_start_matches(['"', '\'', ' '])
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ')' | ';' | ' '))
                .collect();
            if is_other_origin(&url, allowed) {
                found.push(External {
                    offset: start,
                    what: what.to_string(),
                    url,
                });
            }
            pos = start + keyword.len();
        }
    }
    found.sort_by_key(|e| e.offset);
    // `@import url("…")` is one request, found by both keywords.
    let imports: Vec<(usize, String)> = found
        .iter()
        .filter(|e| e.what == "CSS @import")
        .map(|e| (e.offset, e.url.clone()))
        .collect();
    found.retain(|e| {
        e.what != "CSS url()"
            || !imports
                .iter()
                .any(|(o, u)| *u == e.url && e.offset > *o && e.offset - o < 16)
    });
    found
}

/// The attributes of a tag's inside (`src="x" async`), names lowercased, values unquoted.
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() || c == '/' {
            chars.next();
            continue;
        }
        let mut end = i;
        while let Some(&(j, c)) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '>' {
                break;
            }
            end = j + c.len_utf8();
            chars.next();
        }
        let name = s[i..end].to_ascii_lowercase();
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek().is_some_and(|(_, c)| *c == '=') {
            chars.next();
            while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                chars.next();
            }
            match chars.peek().map(|(_, c)| *c) {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for (_, c) in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        if name.is_empty() {
            chars.next();
        } else {
            out.push((name, value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(found: &[External]) -> Vec<String> {
        found
            .iter()
            .map(|e| format!("{} {}", e.what, e.url))
            .collect()
    }

    #[test]
    fn resource_loads_from_elsewhere_are_found_links_are_not() {
        let html = r#"<a href="https://zmina.ua/">ok</a>
<link rel="canonical" href="https://example.org/uk/">
<link rel=stylesheet href=https://fonts.example/css>
<img alt="" src='https://cdn.example/x.png' srcset="a.png 1x, //cdn.example/b.png 2x">
<script src="https://analytics.example/t.js"></script><script>alert(1)</script>
<iframe src="https://video.example/embed"></iframe>
<form action="https://collect.example/"></form>
<p style="background:url(https://t.example/pixel)">x</p>
<style>@import "https://fonts.example/a.css"; .a{background:url('/local.png')}</style>
<img src="../local.png" alt="">"#;
        assert_eq!(
            urls(&scan_html(html, &[])),
            [
                "<link rel=\"stylesheet\"> https://fonts.example/css",
                "<img src> https://cdn.example/x.png",
                "<img srcset> //cdn.example/b.png",
                "<script src> https://analytics.example/t.js",
                "inline <script> ",
                "<iframe src> https://video.example/embed",
                "<form action> https://collect.example/",
                "CSS url() https://t.example/pixel",
                "CSS @import https://fonts.example/a.css",
            ]
        );
    }

    #[test]
    fn allowed_origins_pass() {
        let html = r#"<img alt="" src="https://media.example.org/a.png">"#;
        assert!(scan_html(html, &["https://media.example.org/".into()]).is_empty());
        assert_eq!(scan_html(html, &["https://other.example/".into()]).len(), 1);
    }

    #[test]
    fn an_import_is_one_finding() {
        let found = scan_css("@import url(\"https://f.example/a.css\");", &[]);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn css_offsets_point_at_the_rule() {
        let css = "body{}\n.x { background: url(\"https://t.example/p.png\") }";
        let found = scan_css(css, &[]);
        assert_eq!(found[0].offset, css.find("url(").unwrap());
    }
}

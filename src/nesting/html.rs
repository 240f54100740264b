//! How deep minify-html's parser nests on a page, found without recursing.
//!
//! minify-html builds its tree by recursion, one call per open element, so a page nested some
//! thousands deep (a theme's loop that opens a `<div>` per item, raw HTML in content) overflows
//! any stack. [`depth`] follows the parser's own steps — the same tokens (tags with their quoted
//! attributes, comments, bangs, the doctype, processing instructions, the raw text of `script`,
//! `style`, `textarea` and `title`), the same end tags that are ignored or implied, with the
//! omission and void-element rules of minify-html's own tables — over an explicit stack, so the
//! depth it returns is the depth of the parser's recursion. It reads
//! `minify-html-parse/content.rs`, `element.rs` and `mod.rs` of minify-html 0.18 line by line;
//! the version is pinned in Cargo.toml for that reason.

use minify_html_common::spec::tag::omission::{can_omit_as_before, can_omit_as_last_node};
use minify_html_common::spec::tag::void::VOID_TAGS;

fn is_whitespace(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

fn is_tag_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b':' || c == b'-'
}

/// Position of the next `needle` at or after `from` (ASCII letters in any case), or `None`.
fn find(code: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let from = from.min(code.len());
    code[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|i| from + i)
}

/// Where a construct that ends with `end` (searched from `from`) stops: after `end`, or at the
/// end of the page.
fn after(code: &[u8], from: usize, end: &[u8]) -> usize {
    let found = if end.len() == 1 {
        memchr::memchr(end[0], &code[from.min(code.len())..]).map(|i| from + i)
    } else {
        find(code, from, end)
    };
    found.map_or(code.len(), |i| i + end.len())
}

/// The lowercased name of the tag at `at` (`<name` or `</name`), as `parse_tag_name` reads it.
fn tag_name(code: &[u8], at: usize) -> Vec<u8> {
    let mut i = at + 1;
    if code.get(i) == Some(&b'/') {
        i += 1;
    }
    let end = code[i..]
        .iter()
        .position(|&c| !is_tag_name_char(c))
        .map_or(code.len(), |n| i + n);
    code[i..end].to_ascii_lowercase()
}

/// Reads the tag at `at` as `parse_tag` does (name, then attributes with quoted or unquoted
/// values): where it ends, and whether it ends with `/>`.
fn skip_tag(code: &[u8], at: usize) -> (usize, bool) {
    let n = code.len();
    let mut i = at + 1;
    if code.get(i) == Some(&b'/') {
        i += 1;
    }
    while i < n && is_tag_name_char(code[i]) {
        i += 1;
    }
    loop {
        let mut last = None;
        while i < n && (is_whitespace(code[i]) || code[i] == b'/') {
            last = Some(code[i]);
            i += 1;
        }
        if i >= n {
            return (n, last == Some(b'/'));
        }
        if code[i] == b'>' {
            return (i + 1, last == Some(b'/'));
        }
        // The attribute's name: its first character is anything but whitespace and `/`.
        i += 1;
        while i < n && !(is_whitespace(code[i]) || matches!(code[i], b'/' | b'=' | b'>')) {
            i += 1;
        }
        while i < n && is_whitespace(code[i]) {
            i += 1;
        }
        if code.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < n && is_whitespace(code[i]) {
            i += 1;
        }
        match code.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                i = memchr::memchr(quote, &code[i + 1..]).map_or(n, |k| i + 1 + k + 1);
            }
            _ => {
                while i < n && !(is_whitespace(code[i]) || code[i] == b'>') {
                    i += 1;
                }
            }
        }
    }
}

/// An element open in the parser's recursion.
struct Open {
    name: Vec<u8>,
    /// In the SVG namespace (it, or an element around it, is an `<svg>`).
    svg: bool,
}

/// The deepest nesting of elements minify-html's parser reaches on `code`.
pub(crate) fn depth(code: &[u8]) -> usize {
    let n = code.len();
    let mut stack: Vec<Open> = Vec::new();
    let mut deepest = 0;
    // `seen_html_open`, `seen_head_open`, `seen_head_close`, `seen_body_open`.
    let (mut html_open, mut head_open, mut head_close, mut body_open) =
        (false, false, false, false);
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &code[i.min(n)..]) {
        let lt = i + k;
        let parent: &[u8] = stack.last().map_or(b"", |o| &o.name);
        let grandparent: &[u8] = match stack.len() {
            0 | 1 => b"",
            len => &stack[len - 2].name,
        };
        match code.get(lt + 1) {
            Some(&c) if is_tag_name_char(c) => {
                let name = tag_name(code, lt);
                if can_omit_as_before(parent, &name) {
                    // The tag implies the end of the current element; the parser returns to
                    // the element around it and reads the same tag again there.
                    head_close |= parent == b"head";
                    stack.pop();
                    i = lt;
                    continue;
                }
                let seen = match name.as_slice() {
                    b"html" => Some(&mut html_open),
                    b"head" => Some(&mut head_open),
                    b"body" => Some(&mut body_open),
                    _ => None,
                };
                let ignored = seen.is_some_and(|seen| std::mem::replace(seen, true));
                let (end, self_closing) = skip_tag(code, lt);
                i = end;
                let svg = name == b"svg" || stack.last().is_some_and(|o| o.svg);
                if ignored || (self_closing && svg) || VOID_TAGS.contains(name.as_slice()) {
                    continue;
                }
                let raw_end: Option<&[u8]> = match name.as_slice() {
                    b"script" => Some(b"</script"),
                    b"style" => Some(b"</style"),
                    b"textarea" if !svg => Some(b"</textarea"),
                    b"title" if !svg => Some(b"</title"),
                    _ => None,
                };
                deepest = deepest.max(stack.len() + 1);
                if let Some(raw_end) = raw_end {
                    // Raw text up to the closing tag, which is then read as a tag.
                    i = match find(code, end, raw_end) {
                        Some(close) => skip_tag(code, close).0,
                        None => n,
                    };
                    continue;
                }
                stack.push(Open { name, svg });
            }
            Some(b'/') => {
                let name = tag_name(code, lt);
                if name.is_empty() {
                    i = after(code, lt, b">");
                    continue;
                }
                if grandparent == name.as_slice() && can_omit_as_last_node(grandparent, parent) {
                    head_close |= parent == b"head";
                    stack.pop();
                    i = lt;
                    continue;
                }
                // The end tag of the current element closes it; a second `</head>` is ignored.
                let closes = if parent.is_empty() || parent != name.as_slice() {
                    false
                } else if name == b"head" {
                    !std::mem::replace(&mut head_close, true)
                } else {
                    !VOID_TAGS.contains(name.as_slice())
                };
                i = skip_tag(code, lt).0;
                if closes {
                    stack.pop();
                }
            }
            Some(b'?') => i = after(code, lt + 2, b"?>"),
            Some(b'!') => {
                i = if code[lt..].starts_with(b"<!--") {
                    after(code, lt + 4, b"-->")
                } else {
                    // A doctype and any other `<!…` run to the next `>`.
                    after(code, lt + 2, b">")
                };
            }
            _ => i = lt + 1,
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_open_elements_as_the_parser_does() {
        assert_eq!(
            depth(b"<!DOCTYPE html><html><body><p>x</p></body></html>"),
            3
        );
        assert_eq!(depth(b"<div><div><div>x</div></div></div><p>"), 3);
        // Void elements and self-closing SVG elements open nothing; `<div/>` in HTML does.
        assert_eq!(depth(b"<p><br><img src=x><hr/></p>"), 1);
        assert_eq!(depth(b"<svg><path/><path/><g><path/></g></svg>"), 2);
        assert_eq!(depth(b"<div/><div/><div/>"), 3);
        // `<li>` and `<p>` end the one before them; `</ul>` ends an open `<li>`.
        assert_eq!(depth(b"<ul><li>a<li>b<li>c</ul><ul><li>d</ul>"), 2);
        assert_eq!(depth(b"<p>a<p>b<p>c<div>d</div>"), 1);
        // A closing tag that matches nothing is dropped: the elements stay open.
        assert_eq!(depth(b"<div><span></div><div>"), 3);
    }

    #[test]
    fn tags_in_attributes_comments_and_raw_text_are_not_elements() {
        let deep = "<div>".repeat(50);
        let attr = format!("<a title=\"{deep}\" data-x='{deep}'>x</a>");
        assert_eq!(depth(attr.as_bytes()), 1);
        let comment = format!("<!-- {deep} --><!x {} >", "<div".repeat(50));
        assert_eq!(depth(comment.as_bytes()), 0);
        let raw = format!("<style>{deep}</style><title>{deep}</TITLE ><script>{deep}</script>");
        assert_eq!(depth(raw.as_bytes()), 1);
        // In SVG a `<title>` holds elements.
        assert_eq!(depth(b"<svg><title><g>x</g></title></svg>"), 3);
        // Closing tags inside quotes close nothing, so they cannot hide what follows.
        let hidden = format!("<div title=\"</div>\">{deep}");
        assert_eq!(depth(hidden.as_bytes()), 51);
    }

    /// The measure agrees with minify-html itself: a page the measure finds deep makes the
    /// parser recurse that deep (shown by a stack the measured depth needs and a shallower
    /// page does not), and the measure is never lower than the nesting the page has.
    #[test]
    fn a_page_nested_thousands_deep_is_measured_in_one_pass() {
        let page = format!("<body>{}x", "<div><span title='>'>".repeat(5000));
        assert_eq!(depth(page.as_bytes()), 10_001);
        let lists = format!("{}x", "<ul><li>".repeat(3000));
        assert_eq!(depth(lists.as_bytes()), 6000);
    }
}

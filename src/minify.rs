//! Minification: the only user of minify-html (and of its one-pass variant).
//!
//! Readers on throttled connections pay for every byte. One fixed configuration, chosen so that
//! the output stays valid HTML (the doctype is kept as `<!DOCTYPE html>`, which the Nu checker
//! requires; attribute values stay compliantly quoted). Stylesheets are minified by the same
//! engine, as the content of a `<style>` element; pages are minified without their CSS and
//! scripts: the only `<style>` a page has is the stylesheet already minified (single-file pages
//! inline it, and its policy allows it by the hash of those exact bytes), and pages have no
//! scripts.
//!
//! Both engines recurse once per nested element, and the CSS minifier once per nested block, so
//! each input is measured first ([`crate::nesting`]) and refused past its limit in
//! [`crate::limits`]: no input reaches an engine deeper than the stack takes.

use crate::limits;
use crate::nesting;
use minify_html::Cfg;

fn config() -> Cfg {
    Cfg {
        keep_html_and_head_opening_tags: true,
        ..Cfg::default()
    }
}

/// The one-pass engine is given pages of at most this many `<`: its recursion (about 4 KiB of
/// stack per level, optimized) then fits in [`limits::STACK_BYTES`] whatever the markup, since a
/// level needs a tag. Larger pages, already measured for the full engine, go to the full engine.
pub(crate) const ONEPASS_MAX_TAGS: usize = 8_000;

/// A page nested deeper than [`limits::PAGE_NESTING`], with its depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep(pub(crate) usize);

/// How deep the full engine's parser nests on a page: the depth of its recursion.
pub fn nesting_depth(text: &str) -> usize {
    nesting::html::depth(text.as_bytes())
}

/// How deep a page nests elements, as the minifier's parser reads it; `Err` past
/// [`limits::PAGE_NESTING`].
pub(crate) fn check_nesting(text: &str) -> Result<(), TooDeep> {
    check_nesting_with(text, tag_count(text))
}

/// How many `<` a page has: a bound on its depth, since the parser opens a level only at a tag.
fn tag_count(text: &str) -> usize {
    memchr::memchr_iter(b'<', text.as_bytes()).count()
}

/// [`check_nesting`] for a page with `tags` `<`: a page with no more tags than the limit cannot
/// nest past it, and is not walked (most pages; the walk is a twentieth of a build's work).
fn check_nesting_with(text: &str, tags: usize) -> Result<(), TooDeep> {
    if tags <= limits::PAGE_NESTING {
        return Ok(());
    }
    match nesting_depth(text) {
        depth if depth > limits::PAGE_NESTING => Err(TooDeep(depth)),
        _ => Ok(()),
    }
}

/// Minifies an HTML document, or refuses one nested deeper than [`limits::PAGE_NESTING`].
///
/// The one-pass engine (same rules, no parse tree, in place) is several times faster and is what
/// every well-formed page takes; it refuses markup it cannot stream, such as a stray closing tag
/// in a custom theme, and such a page goes through the full engine instead of shipping unminified.
pub fn html(text: &str) -> Result<Vec<u8>, TooDeep> {
    let tags = tag_count(text);
    check_nesting_with(text, tags)?;
    let mut code = text.as_bytes().to_vec();
    let onepass = minify_html_onepass::Cfg {
        minify_css: false,
        minify_js: false,
    };
    if tags <= ONEPASS_MAX_TAGS {
        if let Ok(()) = minify_html_onepass::truncate(&mut code, &onepass) {
            if !has_unterminated_reference(&code) {
                return Ok(quote_noncompliant_values(code));
            }
        }
    }
    Ok(minify_html::minify(text.as_bytes(), &config()))
}

/// Whether the one-pass engine wrote one of its character references without the closing
/// semicolon (`&LT!--`, `&#34`): browsers decode them, validators reject them, and which ones
/// could take a semicolon without changing their meaning depends on context. Such pages (text
/// that shows a literal `<!--` or `&amp;`, rare) are minified by the full engine instead. Any
/// `&` followed by one of those names counts, so this errs towards the full engine.
fn has_unterminated_reference(html: &[u8]) -> bool {
    for i in memchr::memchr_iter(b'&', html) {
        let reference = &html[i + 1..];
        let name_len = reference
            .iter()
            .position(|c| !c.is_ascii_alphanumeric() && *c != b'#')
            .unwrap_or(reference.len());
        let name = &reference[..name_len];
        let written_by_engine = name.first() == Some(&b'#')
            || [&b"lt"[..], b"gt", b"amp"]
                .iter()
                .any(|n| name.len() >= n.len() && name[..n.len()].eq_ignore_ascii_case(n));
        if written_by_engine && reference.get(name_len) != Some(&b';') {
            return true;
        }
    }
    false
}

/// Characters the HTML syntax forbids in an unquoted attribute value. Browsers read such values
/// the same, but the one-pass engine leaves them unquoted (`href=https://t.me/share/url?url=…`)
/// and validators reject the page, so those values get their quotes back.
fn forbidden_unquoted(c: u8) -> bool {
    matches!(c, b'"' | b'\'' | b'=' | b'<' | b'`')
}

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: [&[u8]; 9] = [
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"plaintext",
];

/// Puts double quotes back around unquoted attribute values that hold a character the syntax
/// forbids there, and writes a `<` that starts no tag (text such as `a < b`, which the one-pass
/// engine unescapes) as `&lt;` again: browsers read both the same, validators reject the page.
/// Reads minified output: tags, comments and raw-text elements, nothing more.
fn quote_noncompliant_values(html: Vec<u8>) -> Vec<u8> {
    let fixes = noncompliant_values(&html);
    if fixes.is_empty() {
        return html;
    }
    let mut out = Vec::with_capacity(html.len() + 4 * fixes.len());
    let mut copied = 0;
    for fix in fixes {
        match fix {
            Fix::Quote(start, end) => {
                out.extend_from_slice(&html[copied..start]);
                out.push(b'"');
                for &c in &html[start..end] {
                    match c {
                        b'"' => out.extend_from_slice(b"&#34;"),
                        c => out.push(c),
                    }
                }
                out.push(b'"');
                copied = end;
            }
            Fix::Escape(at) => {
                out.extend_from_slice(&html[copied..at]);
                out.extend_from_slice(b"&lt;");
                copied = at + 1;
            }
        }
    }
    out.extend_from_slice(&html[copied..]);
    out
}

/// A repair of minified output, in document order.
#[derive(Debug, PartialEq)]
enum Fix {
    /// An unquoted attribute value (byte range) to quote.
    Quote(usize, usize),
    /// A `<` in text that starts no tag.
    Escape(usize),
}

/// Position of the next `byte` at or after `from`, or the end.
fn find(haystack: &[u8], from: usize, byte: u8) -> usize {
    let from = from.min(haystack.len());
    memchr::memchr(byte, &haystack[from..]).map_or(haystack.len(), |i| from + i)
}

/// Position of the next `needle` (ASCII, any case) at or after `from`, or the end.
fn find_seq(haystack: &[u8], from: usize, needle: &[u8]) -> usize {
    let from = from.min(haystack.len());
    haystack[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map_or(haystack.len(), |i| from + i)
}

/// The unquoted attribute values that hold a forbidden character, and the `<` of text.
fn noncompliant_values(html: &[u8]) -> Vec<Fix> {
    let mut spans = Vec::new();
    let n = html.len();
    let mut i = 0;
    while i < n {
        i = find(html, i, b'<');
        if i >= n {
            break;
        }
        let rest = &html[i + 1..];
        if rest.starts_with(b"!--") {
            i = find_seq(html, i + 4, b"-->") + 3;
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            // An end tag, a doctype or a stray `<`: nothing to quote in it.
            i = if rest
                .first()
                .is_some_and(|c| matches!(c, b'/' | b'!' | b'?'))
            {
                find(html, i, b'>') + 1
            } else {
                spans.push(Fix::Escape(i));
                i + 1
            };
            continue;
        }
        let name_start = i + 1;
        i = name_start;
        while i < n
            && !matches!(
                html[i],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
            )
        {
            i += 1;
        }
        let name = &html[name_start..i];
        // Attributes, up to the end of the tag.
        while i < n && html[i] != b'>' {
            // Names cannot hold `=` or `>`: jump to the next of either.
            i = memchr::memchr2(b'=', b'>', &html[i..]).map_or(n, |j| i + j);
            match html.get(i) {
                Some(b'=') => {
                    i += 1;
                    match html.get(i) {
                        Some(&q @ (b'"' | b'\'')) => i = find(html, i + 1, q) + 1,
                        _ => {
                            let start = i;
                            let mut bad = false;
                            while i < n
                                && !matches!(html[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                            {
                                bad |= forbidden_unquoted(html[i]);
                                i += 1;
                            }
                            if bad {
                                spans.push(Fix::Quote(start, i));
                            }
                        }
                    }
                }
                _ => break,
            }
        }
        i += 1;
        if let Some(raw) = RAW_TEXT.iter().find(|r| name.eq_ignore_ascii_case(r)) {
            let mut close = b"</".to_vec();
            close.extend_from_slice(raw);
            i = find_seq(html, i, &close);
        }
    }
    spans
}

/// A stylesheet nested deeper than [`limits::CSS_NESTING`]: the byte offset of the bracket that
/// opens one block too many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CssTooDeep(pub(crate) usize);

/// Whether a stylesheet stays within [`limits::CSS_NESTING`], as the CSS minifier reads it.
pub(crate) fn check_css(text: &str) -> Result<(), CssTooDeep> {
    match nesting::css::too_deep(text, limits::CSS_NESTING) {
        Some(offset) => Err(CssTooDeep(offset)),
        None => Ok(()),
    }
}

/// Minifies a stylesheet, or refuses one nested deeper than [`limits::CSS_NESTING`].
pub(crate) fn css(text: &str) -> Result<Vec<u8>, CssTooDeep> {
    check_css(text)?;
    let wrapped = format!("<style>{text}</style>");
    let cfg = Cfg {
        minify_css: true,
        ..config()
    };
    let out = minify_html::minify(wrapped.as_bytes(), &cfg);
    let out = String::from_utf8_lossy(&out);
    Ok(
        match out
            .strip_prefix("<style>")
            .map(|s| s.strip_suffix("</style>").unwrap_or(s))
        {
            Some(css) => css.as_bytes().to_vec(),
            // A stylesheet of comments only: the engine drops the empty element.
            None if out.trim().is_empty() => Vec::new(),
            // The engine changed its output shape: ship the original rather than something broken.
            None => text.as_bytes().to_vec(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_less_than_sign_of_text_is_written_as_a_reference() {
        let page = "<!DOCTYPE html><html><head><title>a < b</title></head><body><p>a &lt; b &amp; c &gt; d, &lt;script&gt; and 1 &lt;2</p><p title=\"x &lt; y\">z</p><style>a{}</style></body></html>";
        let out = String::from_utf8(html(page).unwrap()).unwrap();
        assert!(
            out.contains("a &lt; b & c > d, &lt;script> and 1 &lt;2"),
            "{out}"
        );
        assert!(
            out.contains("<title>a < b</title>"),
            "raw text stays as it is: {out}"
        );
    }

    #[test]
    fn a_page_is_refused_from_one_level_past_the_limit_whatever_its_tag_count() {
        let nested = |levels: usize| {
            format!(
                "<!DOCTYPE html><title>t</title>{}x{}",
                "<div>".repeat(levels),
                "</div>".repeat(levels)
            )
        };
        let limit = limits::PAGE_NESTING;
        assert_eq!(check_nesting(&nested(limit)), Ok(()));
        assert_eq!(check_nesting(&nested(limit + 1)), Err(TooDeep(limit + 1)));
        assert_eq!(html(&nested(limit + 1)), Err(TooDeep(limit + 1)));
        // Unclosed, so every `<` but the doctype's and the title's opens a level.
        let unclosed = format!(
            "<!DOCTYPE html><title>t</title>{}",
            "<div>".repeat(limit - 1)
        );
        assert!(tag_count(&unclosed) > limit);
        assert_eq!(check_nesting(&unclosed), Ok(()));
        // The shortcut's premise: no page nests deeper than it has `<`.
        for page in [
            nested(3),
            unclosed.clone(),
            "<svg><g><g><path/></g></g></svg><ul><li>a<li>b</ul>".to_string(),
            "<div/><div/><div/>".to_string(),
            "<p a='<b'>x<div></div>".to_string(),
        ] {
            assert!(nesting_depth(&page) <= tag_count(&page), "{page}");
        }
    }

    fn text_of(html: &[u8]) -> String {
        // Strip tags: what a reader sees.
        let s = String::from_utf8_lossy(html);
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn keeps_a_valid_doctype_and_the_spaces_readers_see() {
        let out = html("<!DOCTYPE html>\n<html lang=\"uk\">\n<head><title>T</title></head>\n<body>\n<p><a href=\"a.html\">Одна</a> <a href=\"b.html\">Дві</a></p>\n<p>1\u{a0}600\u{a0}000</p>\n</body></html>").unwrap();
        let s = String::from_utf8(out.clone()).unwrap();
        assert!(
            s.starts_with("<!DOCTYPE html>") || s.starts_with("<!doctype html>"),
            "{s}"
        );
        assert!(text_of(&out).contains("Одна Дві"), "{s}");
        assert!(
            s.contains("1\u{a0}600\u{a0}000") || s.contains("1&nbsp;600&nbsp;000"),
            "{s}"
        );
    }

    #[test]
    fn markup_the_fast_engine_refuses_is_still_minified() {
        // A stray closing tag: the one-pass engine stops at it, the full one copes.
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<body>\n<p>  One   two  </p></div>\n</body>\n</html>\n";
        let cfg = minify_html_onepass::Cfg {
            minify_css: true,
            minify_js: true,
        };
        assert!(minify_html_onepass::truncate(&mut page.as_bytes().to_vec(), &cfg).is_err());
        let out = html(page).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("<p>One two"), "{s}");
        assert!(!s.contains("\n"), "{s}");
    }

    #[test]
    fn values_the_syntax_forbids_unquoted_are_quoted() {
        // What the one-pass engine makes of a share link.
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>T</title></head>\n<body>\n\
            <a href=\"https://t.me/share/url?url=a&amp;text=b\" rel=\"noreferrer\">T</a>\n\
            <a class=\"plain\" href=\"/x/y\">P</a>\n</body>\n</html>\n";
        let s = String::from_utf8(html(page).unwrap()).unwrap();
        assert!(
            s.contains("<a href=\"https://t.me/share/url?url=a&text=b\" rel=noreferrer>"),
            "{s}"
        );
        assert!(s.contains("<a class=plain href=/x/y>"), "{s}");
    }

    #[test]
    fn text_the_fast_engine_would_encode_without_semicolons_goes_to_the_full_engine() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>T</title></head>\n<body>\n\
            <p>Keep <code>&lt;!-- demands --&gt;</code> and &amp;amp; as they are.</p>\n\
            <p title=\"a &quot;b&quot;\">x</p>\n</body>\n</html>\n";
        let cfg = minify_html_onepass::Cfg {
            minify_css: true,
            minify_js: true,
        };
        let mut fast = page.as_bytes().to_vec();
        minify_html_onepass::truncate(&mut fast, &cfg).unwrap();
        assert!(
            has_unterminated_reference(&fast),
            "{}",
            String::from_utf8_lossy(&fast)
        );
        let s = String::from_utf8(html(page).unwrap()).unwrap();
        assert!(s.contains("<code>&lt;!-- demands --></code>"), "{s}");
        assert!(s.contains("&amp;amp;"), "{s}");
        assert!(!has_unterminated_reference(s.as_bytes()), "{s}");
        // A literal ampersand in a link is not a reference.
        assert!(!has_unterminated_reference(b"<a href=\"?u=1&text=2\">"));
    }

    #[test]
    fn only_attribute_values_in_tags_are_requoted() {
        let minified = "<!doctype html><title>a <b x=y=z></title><style>a[href=q=1]{}</style>\
            <!-- <a href=x=y> --><p>1 < 2 = 2<a title='s \"q\"=1' href=?a=`b` id=a\"b=>Q</a>";
        let out =
            String::from_utf8(quote_noncompliant_values(minified.as_bytes().to_vec())).unwrap();
        assert_eq!(
            out,
            "<!doctype html><title>a <b x=y=z></title><style>a[href=q=1]{}</style>\
            <!-- <a href=x=y> --><p>1 &lt; 2 = 2<a title='s \"q\"=1' href=\"?a=`b`\" id=\"a&#34;b=\">Q</a>"
        );
        let clean = "<a href=/x>x</a>".as_bytes().to_vec();
        assert_eq!(quote_noncompliant_values(clean.clone()), clean);
    }

    #[test]
    fn malformed_markup_that_trips_a_parser_assertion_does_not_panic() {
        // Found by fuzzing: an end tag that does not match its element.
        let out = html("<!DOCTYPE html><html><head><title>a <b x=y=z></titleef=x></head><body><h1>T</h1></body></html>").unwrap();
        assert!(!out.is_empty());
    }

    #[test]
    fn minifies_stylesheets() {
        let out =
            css("/* comment */\nbody {\n  margin-inline: 0 ;\n  color : #000000;\n}\n").unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(!s.contains("comment") && !s.contains('\n'), "{s}");
        assert!(s.contains("margin-inline:0"), "{s}");
    }

    #[test]
    fn pages_and_stylesheets_deeper_than_the_limits_are_refused_before_any_engine_reads_them() {
        // The stack every thread that minifies has (a test thread's is smaller).
        std::thread::Builder::new()
            .stack_size(limits::STACK_BYTES)
            .spawn(deep_inputs)
            .unwrap()
            .join()
            .unwrap();
    }

    fn deep_inputs() {
        let at = |depth: usize| format!("<!DOCTYPE html><html><body>{}x", "<div>".repeat(depth));
        assert!(html(&at(limits::PAGE_NESTING - 2)).is_ok());
        assert_eq!(
            html(&at(limits::PAGE_NESTING)),
            Err(TooDeep(limits::PAGE_NESTING + 2))
        );
        // Far past any stack, still one pass.
        assert_eq!(html(&at(200_000)), Err(TooDeep(200_002)));
        let css_at =
            |depth: usize| format!("a{{b:{}1{}}}", "calc(".repeat(depth), ")".repeat(depth));
        assert!(css(&css_at(limits::CSS_NESTING - 1)).is_ok());
        assert_eq!(
            css(&css_at(100_000)),
            Err(CssTooDeep(4 + 5 * limits::CSS_NESTING - 1))
        );
    }

    #[test]
    fn pages_with_many_tags_go_to_the_full_engine_and_come_out_the_same() {
        let body: String = (0..ONEPASS_MAX_TAGS)
            .map(|i| format!("<p>  {i}  </p>\n"))
            .collect();
        let page = format!(
            "<!DOCTYPE html><html lang=en><head><title>T</title></head><body>{body}</body></html>"
        );
        let minified = String::from_utf8(html(&page).unwrap()).unwrap();
        assert!(minified.contains("<p>0<p>1<p>2"), "{}", &minified[..200]);
        assert!(!minified.contains("  "));
    }
}

//! How deep a Tera template nests, found without recursing.
//!
//! Tera 1.20 parses a template with pest and turns pest's pairs into its syntax tree by
//! recursion, and renders the tree by recursion: `{{ ((((…)))) }}`, `{{ 1 + 1 + … }}` (an
//! operator chain is a tree as deep as it is long) or five thousand nested `{% if %}` overflow
//! any stack, in the parser before anything can be looked at. [`too_deep`] reads the text first,
//! with Tera's lexical rules: text up to `{{`, `{%` or `{#`; comments up to `#}`; `{% raw %}` up
//! to `{% endraw %}`; inside a tag, string literals (`"…"`, `'…'`, `` `…` ``, no escapes) up to
//! their closing quote, and the tag up to `}}` or `%}` outside a string. It counts the tags that
//! open a body (`if`, `for`, `block`, `macro`, `filter`) against their `end…` tags, and, in each
//! tag, every bracket, operator, comma, filter and `~`: a bound of the expression's depth and of
//! how many values it puts together.

/// Why a template is refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TooDeep {
    /// Bodies (`if`, `for`, `block`, `macro`, `filter`) nested deeper than the limit, at the tag
    /// that opens one too many.
    Bodies(usize),
    /// One tag with more operators, brackets and arguments than the limit, at the first one past
    /// it.
    Expression(usize),
}

/// Tags that open a body closed by `end<name>`.
const BODIES: [&str; 5] = ["if", "for", "block", "macro", "filter"];

/// Words that are operators in an expression.
const WORD_OPERATORS: [&str; 5] = ["and", "or", "not", "in", "is"];

/// The first place where `text` nests deeper than `limit`, or `None`.
pub(crate) fn too_deep(text: &str, limit: usize) -> Option<TooDeep> {
    let bytes = text.as_bytes();
    let mut bodies = 0usize;
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'{', &bytes[i..]) {
        let open = i + k;
        match bytes.get(open + 1) {
            Some(b'#') => {
                i = find(bytes, open + 2, b"#}").map_or(bytes.len(), |e| e + 2);
            }
            Some(kind @ (b'{' | b'%')) => {
                let (end, words, operators) =
                    tag(bytes, open + 2, if *kind == b'{' { b'}' } else { b'%' });
                if let Some(at) = operators.get(limit) {
                    return Some(TooDeep::Expression(*at));
                }
                i = end;
                if *kind == b'%' {
                    let first = words.first().map(String::as_str).unwrap_or("");
                    if first == "raw" {
                        i = end_of_raw(bytes, end);
                    } else if BODIES.contains(&first) {
                        bodies += 1;
                        if bodies > limit {
                            return Some(TooDeep::Bodies(open));
                        }
                    } else if first
                        .strip_prefix("end")
                        .is_some_and(|name| BODIES.contains(&name))
                    {
                        bodies = bodies.saturating_sub(1);
                    }
                }
            }
            _ => i = open + 1,
        }
    }
    None
}

/// Reads a tag's content from `from` to its `}}` or `%}` (`close` is `}` or `%`) outside string
/// literals: where the tag ends, its first two words, and the offsets of its operators, brackets,
/// commas and filters.
fn tag(bytes: &[u8], from: usize, close: u8) -> (usize, Vec<String>, Vec<usize>) {
    let mut words = Vec::new();
    let mut operators = Vec::new();
    let mut i = from;
    let n = bytes.len();
    while i < n {
        let c = bytes[i];
        match c {
            b'"' | b'\'' | b'`' => {
                i = memchr::memchr(c, &bytes[i + 1..]).map_or(n, |e| i + 1 + e + 1);
                continue;
            }
            _ if c == close && bytes.get(i + 1) == Some(&b'}') => return (i + 2, words, operators),
            b'-' if bytes.get(i + 1) == Some(&close) && bytes.get(i + 2) == Some(&b'}') => {}
            b'-' if i == from => {}
            b'(' | b'[' | b',' | b'~' | b'|' | b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' => {
                operators.push(i)
            }
            b'=' | b'!' if bytes.get(i + 1) == Some(&b'=') => {
                operators.push(i);
                i += 2;
                continue;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < n && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &bytes[start..i];
                let word = String::from_utf8_lossy(word).into_owned();
                if WORD_OPERATORS.contains(&word.as_str()) {
                    operators.push(start);
                }
                if words.len() < 2 {
                    words.push(word);
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (n, words, operators)
}

/// A tag of a template, for pointing at it: where it starts, `{{` for an expression or the first
/// word of a `{% … %}` tag (`for`, `set`, `endif`), and its second word (a block's or macro's
/// name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    pub(crate) offset: usize,
    pub(crate) kind: String,
    pub(crate) name: String,
}

/// Every tag of a template, in order, read as [`too_deep`] reads them (not in comments, strings
/// or raw bodies).
pub(crate) fn tags(text: &str) -> Vec<Tag> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'{', &bytes[i..]) {
        let open = i + k;
        match bytes.get(open + 1) {
            Some(b'#') => i = find(bytes, open + 2, b"#}").map_or(bytes.len(), |e| e + 2),
            Some(b'{') => {
                i = tag(bytes, open + 2, b'}').0;
                out.push(Tag {
                    offset: open,
                    kind: "{{".into(),
                    name: String::new(),
                });
            }
            Some(b'%') => {
                let (end, mut words, _) = tag(bytes, open + 2, b'%');
                i = end;
                let name = words.get(1).cloned().unwrap_or_default();
                let kind = words.drain(..).next().unwrap_or_default();
                if kind == "raw" {
                    i = end_of_raw(bytes, end);
                }
                out.push(Tag {
                    offset: open,
                    kind,
                    name,
                });
            }
            _ => i = open + 1,
        }
    }
    out
}

/// Where a `{% raw %}` body ends: after its `{% endraw %}` (any whitespace and `-`).
fn end_of_raw(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(open) = find(bytes, i, b"{%") {
        let inner = &bytes[open + 2..];
        let inner = inner.strip_prefix(b"-").unwrap_or(inner).trim_ascii_start();
        if let Some(rest) = inner.strip_prefix(b"endraw") {
            let rest = rest.trim_ascii_start();
            let rest = rest.strip_prefix(b"-").unwrap_or(rest);
            if rest.starts_with(b"%}") {
                return bytes.len() - rest.len() + 2;
            }
        }
        i = open + 2;
    }
    bytes.len()
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_count_against_their_end_tags() {
        let within =
            "{% if a %}{% for x in y %}{% block b %}{% endblock %}{% endfor %}{%- endif -%}";
        assert_eq!(too_deep(within, 3), None);
        assert_eq!(too_deep(within, 2), Some(TooDeep::Bodies(26)));
        // Siblings do not add up; `set`, `include`, `else` open nothing.
        let siblings = "{% if a %}{% else %}{% set x = 1 %}{% endif %}".repeat(50);
        assert_eq!(too_deep(&siblings, 1), None);
        let deep = "{% if true %}".repeat(5000);
        assert_eq!(too_deep(&deep, 64), Some(TooDeep::Bodies(64 * 13)));
    }

    #[test]
    fn operators_brackets_and_arguments_count_per_tag() {
        assert_eq!(
            too_deep("{{ trans(key=\"a\", lang=lang, n=x | length) }}", 4),
            None
        );
        assert_eq!(
            too_deep("{{ trans(key=\"a\", lang=lang, n=x | length) }}", 3),
            Some(TooDeep::Expression(33))
        );
        let parens = format!("{{{{ {}1{} }}}}", "(".repeat(30_000), ")".repeat(30_000));
        assert_eq!(too_deep(&parens, 64), Some(TooDeep::Expression(3 + 64)));
        let plus = format!("{{{{ 1{} }}}}", " + 1".repeat(30_000));
        assert!(matches!(too_deep(&plus, 64), Some(TooDeep::Expression(_))));
        let words = "{% if not a and b or c in d is defined %}{% endif %}";
        assert_eq!(too_deep(words, 4), Some(TooDeep::Expression(28)));
        // Whitespace control and words that merely contain operator names do not count.
        assert_eq!(too_deep("{%- if index or island -%}{%- endif -%}", 1), None);
    }

    #[test]
    fn tags_are_listed_with_their_kind_and_name() {
        let text = "{% extends \"base.html\" %}{# {{ x }} #}{% block main -%}{{ a }}{% raw %}{{ b }}{% endraw %}{%- endblock main %}";
        let listed = tags(text);
        let got: Vec<(usize, &str, &str)> = listed
            .iter()
            .map(|t| (t.offset, t.kind.as_str(), t.name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (0, "extends", ""),
                (38, "block", "main"),
                (55, "{{", ""),
                (62, "raw", ""),
                (90, "endblock", "main"),
            ]
        );
    }

    #[test]
    fn strings_comments_and_raw_bodies_hold_no_tags() {
        let text = "{{ \"}} ((((( {% if\" ~ '((((' ~ `[[[[` }}{# {% if a %}{% if b %} #}\
            {% raw %}{% if a %}{% if b %}{{ (((( }}{%- endraw %}{% if c %}{% endif %}";
        assert_eq!(too_deep(text, 2), None);
        // A tag that never ends is read to the end of the file.
        assert_eq!(too_deep("{{ (((", 2), Some(TooDeep::Expression(5)));
    }
}

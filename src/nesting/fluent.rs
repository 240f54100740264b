//! How deep a Fluent file nests, as fluent-syntax's parser reads it, found without recursing.
//!
//! fluent-syntax 0.12 parses a placeable `{ … }`, a select's variants and a call's arguments
//! `F( … )` by recursion: thirty thousand nested `{` overflow any stack before the parser returns
//! an AST to look at. [`too_deep`] reads the text first.
//!
//! Where an entry starts is certain on a line that begins `id =` or `-id =`: whatever came before
//! — a finished entry, a placeable left open, a broken line — the parser is back at depth zero
//! there (inside a placeable `id =` is not an expression, so the parser stops with an error and
//! skips to that line at the latest). Every entry that can nest starts on such a line; the parser
//! nests only while what it has read of the entry is valid, and on valid text the loop below
//! follows it exactly: `{` opens a placeable in text and in expressions; in an expression `(`
//! opens call arguments, `"` a string literal (where brackets are text) up to its closing quote
//! or the end of the line, and `->` turns the placeable into variants, whose patterns are text
//! again; `}` and `)` close. Lines that begin with `#` are comments and nest nothing.

/// What the parser is reading inside one level of nesting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    /// An expression: a placeable's or a call argument's.
    Expression,
    /// The variants of a select: their keys and patterns, which are text.
    Variants,
}

/// Whether the line starting at `line` begins an entry for certain: `id =` or `-id =`.
fn starts_entry(line: &[u8]) -> bool {
    let name = line.strip_prefix(b"-").unwrap_or(line);
    if !name.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let rest = name
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_')))
        .map_or(&name[name.len()..], |i| &name[i..]);
    rest.iter().find(|c| **c != b' ') == Some(&b'=')
}

/// Entries (from one certain entry start to the next) that nest deeper than `limit`: each as
/// its byte range and the offset of the `{` or `(` that opens one level too many.
pub(crate) fn too_deep(text: &str, limit: usize) -> Vec<(std::ops::Range<usize>, usize)> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    starts.extend(
        memchr::memchr_iter(b'\n', bytes)
            .map(|i| i + 1)
            .filter(|&i| starts_entry(&bytes[i..])),
    );
    starts.push(bytes.len());
    starts.dedup();
    starts
        .windows(2)
        .filter_map(|w| entry_too_deep(bytes, w[0], w[1], limit).map(|at| (w[0]..w[1], at)))
        .collect()
}

/// The offset of the first opening bracket past `limit` in the entry `start..end`.
fn entry_too_deep(bytes: &[u8], start: usize, end: usize, limit: usize) -> Option<usize> {
    let mut levels: Vec<Level> = Vec::new();
    let mut i = start;
    while i < end {
        let line_start = i == 0 || bytes[i - 1] == b'\n';
        if line_start && bytes[i] == b'#' {
            i = memchr::memchr(b'\n', &bytes[i..end]).map_or(end, |k| i + k + 1);
            continue;
        }
        let in_expression = levels.last() == Some(&Level::Expression);
        match bytes[i] {
            b'{' => {
                levels.push(Level::Expression);
                if levels.len() > limit {
                    return Some(i);
                }
            }
            b'(' if in_expression => {
                levels.push(Level::Expression);
                if levels.len() > limit {
                    return Some(i);
                }
            }
            b'}' if !levels.is_empty() => {
                levels.pop();
            }
            b')' if in_expression => {
                levels.pop();
            }
            b'-' if in_expression && bytes.get(i + 1) == Some(&b'>') => {
                if let Some(top) = levels.last_mut() {
                    *top = Level::Variants;
                }
                i += 1;
            }
            b'"' if in_expression => {
                // A string literal: its escapes (`\"`, `\\`, `\{`, `\u…`) hide nothing but the
                // character after the backslash; an unescaped newline ends it (an error).
                i += 1;
                while i < end && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' && bytes.get(i + 1) != Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                }
                if bytes.get(i) == Some(&b'\n') {
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        too_deep(text, 3)
    }

    #[test]
    fn placeables_calls_and_selects_nest() {
        assert!(deep("a = { { { x } } }\nb = { F(G(1)) }\n").is_empty());
        assert_eq!(deep("a = {{{{x}}}}\n"), [(0..14, 7)]);
        assert_eq!(deep("a = { F(G(H(1))) }\n"), [(0..19, 11)]);
        let select = "a = { $n ->\n  *[x] { $m ->\n     *[y] { NUMBER($k) }\n  }\n}\n";
        assert_eq!(deep(select), [(0..select.len(), select.find('(').unwrap())]);
        // Text around placeables does not nest: parentheses and quotes in it are text.
        assert!(deep("a = ((( \"{ x }\" ((( { $n ->\n  *[x] (((\"\n}\n").is_empty());
    }

    #[test]
    fn string_literals_hide_brackets_and_cannot_hide_levels() {
        assert!(deep("a = { \"{{{{((((\" }\nb = { \"\\\"}}}}\" }\n").is_empty());
        // A `}` in a literal closes nothing: the selects stay open around it.
        let text = "a = { \"}\" ->\n *[k] { \"}\" ->\n *[k] { \"}\" ->\n *[k] { \"}\" ->\n";
        assert_eq!(deep(text).len(), 1);
    }

    #[test]
    fn an_entry_starts_on_an_id_line_and_nowhere_else() {
        // Placeables left open by one message do not count against the next.
        let text = "a = { { {\nb = { { x } }\n";
        assert!(deep(text).is_empty());
        // A line that starts with a name but no `=` may continue an expression: it counts.
        let text = "a = {\nF(\nG(\n-t(\nx\n";
        assert_eq!(deep(text), [(0..text.len(), 14)]);
        // Comments nest nothing.
        assert!(deep("# {{{{{{\na = x\n## ((((\n").is_empty());
        assert!(starts_entry(b"-brand-name   = x") && starts_entry(b"a_1=x"));
        assert!(!starts_entry(b" a = x") && !starts_entry(b"a: x") && !starts_entry(b"1 = x"));
    }
}

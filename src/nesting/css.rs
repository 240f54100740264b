//! How deep a stylesheet nests, as the CSS minifier's tokenizer reads it, found without
//! recursing.
//!
//! lightningcss (through minify-html) parses each `{…}`, `(…)`, `[…]` and function by recursion,
//! so `calc((((…))))` or ten thousand nested `@media` blocks overflow any stack. [`too_deep`]
//! reads the text with the tokenizer rules of cssparser 0.37, which lightningcss uses — comments,
//! strings and their escapes, escaped characters in names, `url(…)` without quotes (one token,
//! however many brackets it holds), numbers and their units — and keeps a stack of the blocks
//! the parser would have open, closed only by the bracket of their own kind, as cssparser closes
//! them.

/// Whether `b` continues a name (`consume_name`).
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'\0') || b >= 0x80
}

fn is_newline(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | 0x0c)
}

struct Reader<'a> {
    css: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&self, offset: usize) -> Option<u8> {
        self.css.get(self.at + offset).copied()
    }

    fn newline_at(&self, offset: usize) -> bool {
        self.byte(offset).is_some_and(is_newline)
    }

    /// A newline, `\r\n` being one.
    fn skip_newline(&mut self) {
        if self.byte(0) == Some(b'\r') && self.byte(1) == Some(b'\n') {
            self.at += 2;
        } else {
            self.at += 1;
        }
    }

    /// `is_ident_start`.
    fn ident_starts(&self) -> bool {
        match self.byte(0) {
            Some(b'-') => match self.byte(1) {
                Some(b'\\') => !self.newline_at(2),
                Some(b) => b.is_ascii_alphabetic() || matches!(b, b'-' | b'_' | b'\0') || b >= 0x80,
                None => false,
            },
            Some(b'\\') => !self.newline_at(1),
            Some(b) => b.is_ascii_alphabetic() || matches!(b, b'_' | b'\0') || b >= 0x80,
            None => false,
        }
    }

    /// `consume_escape`, after the backslash: a character, or up to six hex digits and one
    /// whitespace. Returns the character when it is ASCII (for recognising `url`).
    fn escape(&mut self) -> Option<u8> {
        match self.byte(0) {
            None => None,
            Some(b) if b.is_ascii_hexdigit() => {
                let mut value = 0u32;
                let mut digits = 0;
                while digits < 6 {
                    match self.byte(0).and_then(|b| (b as char).to_digit(16)) {
                        Some(d) => {
                            value = value * 16 + d;
                            digits += 1;
                            self.at += 1;
                        }
                        None => break,
                    }
                }
                match self.byte(0) {
                    Some(b' ' | b'\t') => self.at += 1,
                    Some(b) if is_newline(b) => self.skip_newline(),
                    _ => {}
                }
                u8::try_from(value).ok().filter(|v| v.is_ascii() && *v != 0)
            }
            Some(b) => {
                // One whole character.
                self.at += 1;
                while self.byte(0).is_some_and(|c| (c & 0xC0) == 0x80) {
                    self.at += 1;
                }
                b.is_ascii().then_some(b).filter(|b| *b != 0)
            }
        }
    }

    /// `consume_name`: whether the name, escapes decoded, is `url` in any case.
    fn name_is_url(&mut self) -> bool {
        let mut name = [0u8; 4];
        let mut len = 0;
        let mut push = |c: Option<u8>, len: &mut usize| {
            if *len < 4 {
                name[*len] = c.unwrap_or(0xFF);
            }
            *len += 1;
        };
        loop {
            match self.byte(0) {
                Some(b'\\') if !self.newline_at(1) => {
                    self.at += 1;
                    let c = self.escape();
                    push(c, &mut len);
                }
                Some(b) if is_name_byte(b) && b != b'\\' => {
                    self.at += 1;
                    push((b < 0x80 && b != 0).then_some(b), &mut len);
                }
                _ => break,
            }
        }
        len == 3 && name[..3].eq_ignore_ascii_case(b"url")
    }

    /// `consume_quoted_string`, from the opening quote.
    fn string(&mut self, quote: u8) {
        self.at += 1;
        while let Some(b) = self.byte(0) {
            match b {
                _ if b == quote => {
                    self.at += 1;
                    return;
                }
                b'\\' => {
                    self.at += 1;
                    if self.newline_at(0) {
                        self.skip_newline();
                    } else {
                        self.escape();
                    }
                }
                // An unescaped newline ends a (bad) string and is not part of it.
                _ if is_newline(b) => return,
                _ => self.at += 1,
            }
        }
    }

    /// The rest of an unquoted `url(…)` (or a bad one): up to the first `)` not escaped.
    fn unquoted_url(&mut self) {
        while let Some(b) = self.byte(0) {
            match b {
                b')' => {
                    self.at += 1;
                    return;
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
        self.at = self.at.min(self.css.len());
    }

    /// `consume_numeric`: sign, digits, fraction, exponent, then `%` or a unit.
    fn number(&mut self) {
        if matches!(self.byte(0), Some(b'+' | b'-')) {
            self.at += 1;
        }
        let digits = |r: &mut Self| {
            while r.byte(0).is_some_and(|b| b.is_ascii_digit()) {
                r.at += 1;
            }
        };
        digits(self);
        if self.byte(0) == Some(b'.') && self.byte(1).is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
            digits(self);
        }
        if matches!(self.byte(0), Some(b'e' | b'E'))
            && (self.byte(1).is_some_and(|b| b.is_ascii_digit())
                || (matches!(self.byte(1), Some(b'+' | b'-'))
                    && self.byte(2).is_some_and(|b| b.is_ascii_digit())))
        {
            self.at += 2;
            digits(self);
        }
        if self.byte(0) == Some(b'%') {
            self.at += 1;
        } else if self.ident_starts() {
            // A unit is a name, never the start of a `url(` token.
            self.name_is_url();
        }
    }

    fn number_starts(&self) -> bool {
        let digit = |o: usize| self.byte(o).is_some_and(|b| b.is_ascii_digit());
        match self.byte(0) {
            Some(b'+' | b'-') => digit(1) || (self.byte(1) == Some(b'.') && digit(2)),
            Some(b'.') => digit(1),
            Some(b) => b.is_ascii_digit(),
            None => false,
        }
    }
}

/// The byte offset of the first bracket (`{`, `(`, `[`, or the `(` of a function) that opens a
/// block nested deeper than `limit`, or `None` when the text stays within it.
pub(crate) fn too_deep(css: &str, limit: usize) -> Option<usize> {
    let mut r = Reader {
        css: css.as_bytes(),
        at: 0,
    };
    // The closing bracket each open block waits for.
    let mut open: Vec<u8> = Vec::new();
    let push = |closer: u8, open: &mut Vec<u8>| {
        open.push(closer);
        open.len() > limit
    };
    while let Some(b) = r.byte(0) {
        let at = r.at;
        match b {
            b'"' | b'\'' => r.string(b),
            b'/' if r.byte(1) == Some(b'*') => {
                r.at = find(r.css, r.at + 2, b"*/").map_or(r.css.len(), |e| e + 2);
            }
            b'(' | b'[' | b'{' => {
                r.at += 1;
                let closer = match b {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                if push(closer, &mut open) {
                    return Some(at);
                }
            }
            b')' | b']' | b'}' => {
                r.at += 1;
                if open.last() == Some(&b) {
                    open.pop();
                }
            }
            b'#' | b'@' => {
                r.at += 1;
                let hash_name =
                    b == b'#' && r.byte(0).is_some_and(|c| c.is_ascii_digit() || c == b'-');
                if r.ident_starts() || hash_name {
                    r.name_is_url();
                }
            }
            b'-' if r.css[r.at..].starts_with(b"-->") && !r.number_starts() => r.at += 3,
            b'<' if r.css[r.at..].starts_with(b"<!--") => r.at += 4,
            _ if r.number_starts() => r.number(),
            _ if r.ident_starts() => {
                let url = r.name_is_url();
                if r.byte(0) == Some(b'(') {
                    let paren = r.at;
                    r.at += 1;
                    let mut ahead = r.at;
                    while r
                        .css
                        .get(ahead)
                        .is_some_and(|c| matches!(c, b' ' | b'\t') || is_newline(*c))
                    {
                        ahead += 1;
                    }
                    if url && !matches!(r.css.get(ahead), Some(b'"' | b'\'')) {
                        r.at = ahead;
                        r.unquoted_url();
                    } else if push(b')', &mut open) {
                        return Some(paren);
                    }
                }
            }
            _ => r.at += 1,
        }
    }
    None
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
    fn blocks_functions_and_brackets_count() {
        assert_eq!(too_deep("a{b:calc((1px + 2px) * 3)}", 3), None);
        assert_eq!(too_deep("a{b:calc((1px + 2px) * 3)}", 2), Some(9));
        assert_eq!(too_deep("@media x{@media y{a[x]{}}}", 2), Some(19));
        assert_eq!(too_deep("@media x{@media y{a[x]{}}}", 3), None);
        let deep = format!("a{{b:{}1{}}}", "f(".repeat(40), ")".repeat(40));
        assert_eq!(too_deep(&deep, 32), Some(deep.find("f(").unwrap() + 63));
        // Closers of another kind close nothing.
        assert_eq!(too_deep("a{(}])((((", 4), Some(9));
    }

    #[test]
    fn comments_strings_escapes_and_urls_hold_no_blocks() {
        let flat = "a{content:\"((((\" '[[[[' ;background:url(x(((.png) \\(\\(\\(}/* {{{{ */";
        assert_eq!(too_deep(flat, 1), None);
        // …and cannot hide the closing brackets of blocks that are open.
        let hidden = format!("{}\"))))\" /* ))) */ url(a)", "(".repeat(5));
        assert_eq!(too_deep(&hidden, 4), Some(4));
        // A quoted url is a function with a string in it; an escape can spell `url`.
        assert_eq!(too_deep("url(\"x\") url( 'y' )", 0), Some(3));
        assert_eq!(too_deep("u\\72 l(((() x", 0), None);
        assert_eq!(too_deep("xurl(((", 2), Some(6));
        // A unit is not a function name: `1url(` opens a plain block, read as such.
        assert_eq!(too_deep("1url(((", 2), Some(6));
        // A string ends at a newline, unless the newline is escaped or ends a hex escape.
        assert_eq!(too_deep("\"a\n((", 1), Some(4));
        assert_eq!(too_deep("\"a\\\n((", 0), None);
        assert_eq!(too_deep("\"\\41\n((", 0), None);
    }
}

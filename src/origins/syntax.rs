//! The small grammars inside attribute values, read as the HTML standard reads them: a refresh's
//! `content`, a `content-type`'s `charset=`, a `srcset`. Each is where a scanner and a browser
//! could disagree, so each reads its value the standard's way and, where browsers are known to be
//! more lenient, reads more rather than less.

/// The address in a refresh's `content` (the HTML standard's shared declarative refresh steps);
/// `None` when there is none (a reload, or no refresh at all).
pub(super) fn refresh_target(content: &str) -> Option<&str> {
    let b = content.as_bytes();
    let ws = |i: usize| {
        let mut i = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut i = ws(0);
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == start && b.get(i) != Some(&b'.') {
        return None;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    if i < b.len() {
        if !(b[i] == b';' || b[i] == b',' || b[i].is_ascii_whitespace()) {
            return None;
        }
        i = ws(i);
        if i < b.len() && (b[i] == b';' || b[i] == b',') {
            i += 1;
        }
        i = ws(i);
    }
    if i >= b.len() {
        return None;
    }
    let whole = &content[i..];
    let mut j = i;
    let prefixed = |j: usize, c: u8| b.get(j).is_some_and(|x| x.eq_ignore_ascii_case(&c));
    if prefixed(j, b'u') {
        j += 1;
        if !prefixed(j, b'r') {
            return Some(whole);
        }
        j += 1;
        if !prefixed(j, b'l') {
            return Some(whole);
        }
        j = ws(j + 1);
        if b.get(j) != Some(&b'=') {
            return Some(whole);
        }
        j = ws(j + 1);
    }
    let (quote, from) = match b.get(j) {
        Some(&q @ (b'\'' | b'"')) => (Some(q as char), j + 1),
        _ => (None, j),
    };
    let url = &content[from..];
    Some(match quote.and_then(|q| url.find(q)) {
        Some(end) => &url[..end],
        None => url,
    })
}

/// Every encoding a `content="text/html; charset=…"` names (the HTML standard's "extracting a
/// character encoding from a meta element", applied to each `charset` in it).
pub(super) fn declared_charsets(content: &str) -> Vec<&str> {
    let lower = content.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("charset") {
        let mut j = from + i + 7;
        from = j;
        let b = content.as_bytes();
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let value = match b.get(j) {
            Some(&q @ (b'\'' | b'"')) => content[j + 1..]
                .find(q as char)
                .map_or(&content[j + 1..], |end| &content[j + 1..j + 1 + end]),
            _ => content[j..]
                .split(|c: char| c.is_ascii_whitespace() || c == ';')
                .next()
                .unwrap_or(""),
        };
        if !value.is_empty() {
            out.push(value);
        }
    }
    out
}

/// The addresses of a `srcset`, as the HTML standard parses it, and besides every word that is
/// an address with a scheme or a host (where browsers' parsers might differ).
pub(super) fn srcset(value: &str) -> Vec<&str> {
    let b = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut url = &value[start..i];
        if url.ends_with(',') {
            url = url.trim_end_matches(',');
        } else {
            // Descriptors, up to a comma outside parentheses.
            let mut depth = 0usize;
            while i < b.len() {
                match b[i] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
        }
        out.push(url);
    }
    for word in value.split_ascii_whitespace() {
        let word = word.trim_matches([',', '(', ')']);
        if word.contains(':') || word.starts_with("//") || word.starts_with('\\') {
            out.push(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_targets_are_read_as_browsers_read_them() {
        let t = refresh_target;
        assert_eq!(t("0; url=https://a.example/"), Some("https://a.example/"));
        assert_eq!(
            t("0;URL = 'https://a.example/'x"),
            Some("https://a.example/")
        );
        assert_eq!(t("0, https://a.example/"), Some("https://a.example/"));
        assert_eq!(t("  5 ;  url=\"b.html\""), Some("b.html"));
        assert_eq!(t("0; urn:x"), Some("urn:x"));
        assert_eq!(t("0; u https://a.example/"), Some("u https://a.example/"));
        assert_eq!(t(".5 x.html"), Some("x.html"));
        assert_eq!(t("0"), None);
        assert_eq!(t("x; url=y"), None);
        assert_eq!(t("0x; url=y"), None);
    }

    #[test]
    fn charsets_are_found_wherever_content_names_them() {
        assert_eq!(declared_charsets("text/html; charset=utf-8"), ["utf-8"]);
        assert_eq!(
            declared_charsets("text/html;CHARSET = 'shift_jis'; charset=x"),
            ["shift_jis", "x"]
        );
        assert!(declared_charsets("text/html").is_empty());
    }

    #[test]
    fn srcset_candidates_and_every_address_like_word() {
        assert_eq!(srcset("a.png 1x, b.png 2x"), ["a.png", "b.png"]);
        assert_eq!(srcset("a.png,b.png"), ["a.png,b.png"]);
        assert_eq!(
            srcset("a.png 1x (, https://e.example/x.png 2x), c.png"),
            ["a.png", "c.png", "https://e.example/x.png"]
        );
        assert_eq!(
            srcset("data:image/png;base64,AA== 1x"),
            ["data:image/png;base64,AA==", "data:image/png;base64,AA=="]
        );
    }
}

//! Where pages are written and how they link to each other.
//!
//! Two kinds of address, never mixed. Links between pages are relative and name the file
//! (`../en/index.html`), so the output works at a domain root, under a sub-path and opened from
//! disk (`file://`), where a folder link like `en/` would show a directory listing or nothing.
//! Addresses meant for the world — canonical, `hreflang`, Open Graph, sitemap — are absolute, built
//! from `base_url`, and use the folder form (`https://example.org/en/`).

/// Output path of a page, relative to the output root: `uk/index.html`, `uk/about/index.html`.
pub fn page_path(lang: &str, slug: &str) -> String {
    if slug == "index" {
        format!("{lang}/index.html")
    } else {
        format!("{lang}/{slug}/index.html")
    }
}

/// Absolute, public address of a page: `https://example.org/uk/about/`.
pub fn page_url(base_url: &str, lang: &str, slug: &str) -> String {
    if slug == "index" {
        format!("{base_url}{lang}/")
    } else {
        format!("{base_url}{lang}/{slug}/")
    }
}

/// Absolute address of an output file, folder form for `index.html` (`https://e.org/` for the root).
pub fn file_url(base_url: &str, path: &str) -> String {
    format!(
        "{base_url}{}",
        path.strip_suffix("index.html").unwrap_or(path)
    )
}

/// The prefix that leads from the folder of output file `from` back to the output root
/// (`""` for `index.html`, `"../"` for `uk/index.html`).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A relative link from output file `from` to output file `to` (both relative to the root).
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// The path part of `base_url` (`/campaign/` for `https://org.github.io/campaign/`), for the few
/// pages that are served at any address (404) and so cannot use relative links.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// Percent-encodes a text for a URL query value (RFC 3986 unreserved characters stay).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            super::percent_encode("https://e.org/uk/#demand-3"),
            "https%3A%2F%2Fe.org%2Fuk%2F%23demand-3"
        );
        assert_eq!(
            super::percent_encode("Заява — 1"),
            "%D0%97%D0%B0%D1%8F%D0%B2%D0%B0%20%E2%80%94%201"
        );
    }

    use super::*;

    #[test]
    fn relative_links_name_the_file() {
        assert_eq!(
            relative("uk/index.html", "en/index.html"),
            "../en/index.html"
        );
        assert_eq!(
            relative("uk/about/index.html", "uk/index.html"),
            "../index.html"
        );
        assert_eq!(
            relative("uk/about/index.html", "en/about/index.html"),
            "../../en/about/index.html"
        );
        assert_eq!(relative("index.html", "crh/index.html"), "crh/index.html");
        assert_eq!(relative("uk/index.html", "style.css"), "../style.css");
        assert_eq!(relative("uk/index.html", "uk/index.html"), "index.html");
    }

    #[test]
    fn public_addresses_are_absolute() {
        assert_eq!(
            page_url("https://e.org/c/", "uk", "index"),
            "https://e.org/c/uk/"
        );
        assert_eq!(
            page_url("https://e.org/", "en", "about"),
            "https://e.org/en/about/"
        );
        assert_eq!(file_url("https://e.org/", "index.html"), "https://e.org/");
        assert_eq!(page_path("uk", "index"), "uk/index.html");
        assert_eq!(root_prefix("uk/about/index.html"), "../../");
        assert_eq!(base_path("https://org.github.io/campaign/"), "/campaign/");
        assert_eq!(base_path("https://example.org/"), "/");
    }
}

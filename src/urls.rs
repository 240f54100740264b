//! Where pages are written and how they link to each other.
//!
//! Two kinds of address, never mixed. Links between pages are relative and name the file
//! (`../en/index.html`), so the output works at a domain root, under a sub-path and opened from
//! disk (`file://`), where a folder link like `en/` would show a directory listing or nothing.
//! Addresses meant for the world — canonical, `hreflang`, Open Graph, sitemap — are absolute, built
//! from `base_url`, and use the folder form (`https://example.org/en/`).
//!
//! Percent-encoding, both ways, is here too: the only user of the percent-encoding crate.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Output path of a page, relative to the output root: `uk/index.html`, `uk/about/index.html`.
pub(crate) fn page_path(lang: &str, slug: &str) -> String {
    if slug == "index" {
        format!("{lang}/index.html")
    } else {
        format!("{lang}/{slug}/index.html")
    }
}

/// Absolute, public address of a page: `https://example.org/uk/about/`.
pub(crate) fn page_url(base_url: &str, lang: &str, slug: &str) -> String {
    if slug == "index" {
        format!("{base_url}{lang}/")
    } else {
        format!("{base_url}{lang}/{slug}/")
    }
}

/// Absolute address of an output file, folder form for `index.html` (`https://e.org/` for the root).
pub(crate) fn file_url(base_url: &str, path: &str) -> String {
    format!(
        "{base_url}{}",
        path.strip_suffix("index.html").unwrap_or(path)
    )
}

/// The prefix that leads from the folder of output file `from` back to the output root
/// (`""` for `index.html`, `"../"` for `uk/index.html`).
pub(crate) fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A relative link from output file `from` to output file `to` (both relative to the root).
pub(crate) fn relative(from: &str, to: &str) -> String {
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
pub(crate) fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// Characters a query value keeps as they are: RFC 3986's unreserved ones.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a text for a URL query value (RFC 3986 unreserved characters stay).
pub(crate) fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// The bytes a percent-encoded text stands for, or `None` when a `%` is not followed by two hex
/// digits: an address that is not well formed is refused rather than read as written (the
/// crate's decoder leaves such a `%` as it is).
pub(crate) fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let well_formed = text.match_indices('%').all(|(i, _)| {
        text.as_bytes()
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    well_formed.then(|| percent_decode_str(text).collect())
}

/// [`percent_decode`], when the bytes are UTF-8 text.
pub(crate) fn percent_decode_utf8(text: &str) -> Option<String> {
    String::from_utf8(percent_decode(text)?).ok()
}

// The pages that spread the statement (`spread`): demands, their one-sheet, cards, updates.

/// Where posts are written in `content/<lang>/` and where their list goes in the output.
pub(crate) const UPDATES_FOLDER: &str = "updates/";
pub(crate) const UPDATES: &str = "updates";
/// The folder of the demands' pages in each language.
pub(crate) const DEMANDS: &str = "demands";
/// The statement's card, beside the statement.
const CARD: &str = "card.png";

/// Whether a page's slug makes it a post of the updates.
pub(crate) fn is_post(slug: &str) -> bool {
    slug.starts_with(UPDATES_FOLDER)
}

/// What a content page of this slug would collide with, if anything.
pub(crate) fn reserved_slug(slug: &str) -> Option<&'static str> {
    if slug.starts_with("demands/") {
        Some("the demands' own pages (demands/<n>/) and their one-sheet")
    } else if slug == UPDATES || slug == "updates/atom.xml" {
        Some("the list of updates and its feed (updates/, updates/atom.xml)")
    } else if slug == CARD {
        Some("the statement's share card (card.png)")
    } else {
        None
    }
}

/// Output path of demand `n`'s page.
pub(crate) fn demand_path(lang: &str, n: u32) -> String {
    format!("{lang}/{DEMANDS}/{n}/index.html")
}

/// Output path of the one-sheet of the demands.
pub(crate) fn sheet_path(lang: &str) -> String {
    format!("{lang}/{DEMANDS}/index.html")
}

/// Output path of a card: the statement's (`None`) or demand `n`'s.
pub(crate) fn card_path(lang: &str, demand: Option<u32>) -> String {
    match demand {
        None => format!("{lang}/{CARD}"),
        Some(n) => format!("{lang}/{DEMANDS}/{n}/{CARD}"),
    }
}

/// Output path of the list of updates, and of its feed.
pub(crate) fn updates_path(lang: &str) -> String {
    format!("{lang}/{UPDATES}/index.html")
}

pub(crate) fn feed_path(lang: &str) -> String {
    format!("{lang}/{UPDATES}/atom.xml")
}

#[cfg(test)]
mod tests {
    #[test]
    fn reserved_addresses() {
        assert!(reserved_slug("demands/3").is_some());
        assert!(reserved_slug("updates").is_some());
        assert!(reserved_slug("updates/atom.xml").is_some());
        assert!(reserved_slug("card.png").is_some());
        assert!(reserved_slug("updates/osce-2025").is_none());
        assert!(reserved_slug("about").is_none());
        assert!(is_post("updates/osce-2025") && !is_post("updates-2025"));
        assert_eq!(demand_path("uk", 3), "uk/demands/3/index.html");
        assert_eq!(card_path("crh", Some(10)), "crh/demands/10/card.png");
        assert_eq!(card_path("en", None), "en/card.png");
    }

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
        assert_eq!(super::percent_encode("a-b_c.d~e"), "a-b_c.d~e");
    }

    #[test]
    fn only_well_formed_escapes_are_decoded() {
        use super::{percent_decode, percent_decode_utf8};
        assert_eq!(percent_decode("a%2Fb%2e").as_deref(), Some(&b"a/b."[..]));
        assert_eq!(percent_decode("%00%ff").as_deref(), Some(&[0, 255][..]));
        assert_eq!(percent_decode_utf8("%D0%97+").as_deref(), Some("З+"));
        for bad in ["%", "%2", "%zz", "a%2g", "%%41", "%Ж"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
        assert_eq!(
            percent_decode_utf8("%C0%AE"),
            None,
            "an overlong `.` is not UTF-8"
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

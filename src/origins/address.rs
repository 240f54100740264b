//! Addresses as a browser reads them: the only user of the `url` and `data-url` crates.
//!
//! Whether an address stays on the site is decided by resolving it the way a browser does (the
//! WHATWG URL standard: leading and trailing spaces and control characters dropped, tabs and
//! line breaks removed, `\` read as `/`, scheme-relative `//host`, `https:host` without slashes)
//! against the page's own address twice: as hosted (`base_url` + the page's path) and as opened
//! from disk (`file:///…/` + the page's path). An address is on the site when the first keeps
//! the site's origin and the second is a file with no host (`//host/x` from disk is a network
//! share). Both hold exactly for relative addresses without a scheme or a host, whatever the
//! site's real address; an absolute address, even to the site's own domain, is another origin
//! unless `allowed_origins` lists it (a mirror or the offline copy would contact it).

use url::{Origin, Url};

/// Where the scanned files are published, and which other origins they may load from.
#[derive(Debug, Clone)]
pub struct Scope {
    hosted: Url,
    disk: Url,
    allowed: Vec<Origin>,
}

impl Scope {
    /// The site at `base_url` (any absolute address will do: only its origin is compared), which
    /// may load from the origins of `allowed_origins` (addresses that do not parse never match).
    pub(crate) fn new(base_url: &str, allowed_origins: &[String]) -> Scope {
        let hosted = Url::parse(base_url)
            .ok()
            .filter(|u| u.has_host())
            .unwrap_or_else(|| Url::parse("https://site.invalid/").expect("a valid address"));
        Scope {
            hosted,
            disk: Url::parse("file:///site/").expect("a valid address"),
            allowed: allowed_origins
                .iter()
                .filter_map(|a| Url::parse(a.trim()).ok())
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
                .map(|u| u.origin())
                .collect(),
        }
    }

    /// The allowed origins as a Content-Security-Policy names them (`https://media.example.org`).
    pub(crate) fn allowed_sources(&self) -> Vec<String> {
        self.allowed
            .iter()
            .map(Origin::ascii_serialization)
            .collect()
    }

    /// The addresses of the page published at `path` (`uk/index.html`), to resolve against.
    pub(crate) fn page(&self, path: &str) -> Page {
        let join = |base: &Url| base.join(path).unwrap_or_else(|_| base.clone());
        Page {
            hosted: join(&self.hosted),
            disk: join(&self.disk),
        }
    }
}

impl Default for Scope {
    fn default() -> Scope {
        Scope::new("https://site.invalid/", &[])
    }
}

/// A page's own address, hosted and from disk.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    hosted: Url,
    disk: Url,
}

/// What an address is, for the scan.
#[derive(Debug, PartialEq)]
pub(crate) enum Address {
    /// On the site: relative, no scheme, no host. `path` is its path, percent-decoded and
    /// lowercased (to tell a `.css` file), when it was asked for.
    Site { path: Option<String> },
    /// An origin listed in `allowed_origins`.
    Allowed(String),
    /// A `data:` address.
    Data(Data),
    /// A scheme that runs code (`javascript:`, `vbscript:`).
    Script(String),
    /// Anything else a browser could contact: the address as resolved (or as written, when it
    /// does not parse), and its scheme if it has one.
    Elsewhere { url: String, scheme: Option<String> },
}

/// The content of a `data:` address.
#[derive(Debug, PartialEq)]
pub(crate) struct Data {
    /// `image/svg+xml`, lowercase, without parameters.
    pub(crate) essence: String,
    /// The `charset` parameter, if any.
    pub(crate) charset: Option<String>,
    /// The decoded body; `None` when its base64 does not decode.
    pub(crate) body: Option<Vec<u8>>,
}

/// Schemes whose addresses run code in the page.
const SCRIPT_SCHEMES: [&str; 3] = ["javascript", "vbscript", "livescript"];

/// Reads `value` as an address of `page`. `want_path` asks for the path of an address on the
/// site (to check that a stylesheet is a `.css` file).
pub(crate) fn classify(scope: &Scope, page: &Page, value: &str, want_path: bool) -> Address {
    // Most addresses of a page are plain relative paths: known without parsing.
    if !want_path && plainly_relative(value) {
        return Address::Site { path: None };
    }

    let hosted = page.hosted.join(value);
    let disk = page.disk.join(value);
    if let (Ok(h), Ok(d)) = (&hosted, &disk) {
        if h.origin() == scope.hosted.origin() && d.scheme() == "file" && d.host().is_none() {
            let path = want_path.then(|| {
                percent_decode(h.path())
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_lowercase()
            });
            return Address::Site { path };
        }
    }
    let absolute = Url::parse(value);
    let scheme = match &absolute {
        Ok(u) => Some(u.scheme().to_string()),
        Err(_) => scheme_of(value),
    };
    if let Some(s) = scheme.as_deref() {
        if SCRIPT_SCHEMES.contains(&s) {
            return Address::Script(s.to_string());
        }
        if s == "data" {
            return Address::Data(data(value));
        }
    }
    if let Ok(u) = &absolute {
        if matches!(u.scheme(), "http" | "https") && scope.allowed.contains(&u.origin()) {
            return Address::Allowed(u.to_string());
        }
    }
    let url = match (&absolute, &hosted) {
        (Ok(u), _) => u.to_string(),
        (Err(_), Ok(h)) if h.origin() != scope.hosted.origin() => h.to_string(),
        _ => match &disk {
            Ok(d) if d.host().is_some() => d.to_string(),
            _ => value.trim().to_string(),
        },
    };
    Address::Elsewhere { url, scheme }
}

/// The scheme of an address a link leads to, if it has one: enough to refuse `javascript:`
/// without resolving anything.
pub(crate) fn link_scheme(value: &str) -> Option<String> {
    if plainly_relative(value) {
        return None;
    }
    // Printable, no backslash, a scheme's letters then `:`: that is the scheme the URL parser
    // would read (the share links of every page), without parsing the rest.
    let b = value.as_bytes();
    let end = b.iter().position(|&c| c == b':').unwrap_or(0);
    if end > 0
        && b[0].is_ascii_alphabetic()
        && b[..end]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        && !b.iter().any(|&c| c <= b' ' || c == b'\\')
    {
        return Some(value[..end].to_ascii_lowercase());
    }
    match Url::parse(value) {
        Ok(u) => Some(u.scheme().to_string()),
        Err(_) => scheme_of(value),
    }
}

/// Whether an address is certainly relative without a host: printable, no scheme before its
/// first `/`, `?` or `#`, and not starting with two slashes of either kind. Anything else goes
/// through the URL parser.
pub(crate) fn plainly_relative(value: &str) -> bool {
    let b = value.as_bytes();
    if b.iter().any(|&c| c <= b' ' || c == b'\\') {
        return false;
    }
    if b.starts_with(b"//") {
        return false;
    }
    !b.iter()
        .take_while(|&&c| !matches!(c, b'/' | b'?' | b'#'))
        .any(|&c| c == b':')
}

/// The scheme of an address the URL parser refuses (a bad host, say), read the way the parser
/// would: spaces and control characters around it dropped, tabs and line breaks removed.
fn scheme_of(value: &str) -> Option<String> {
    let cleaned: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

fn data(value: &str) -> Data {
    match data_url::DataUrl::process(value) {
        Ok(d) => {
            let mime = d.mime_type();
            Data {
                essence: format!("{}/{}", mime.type_, mime.subtype),
                charset: mime.get_parameter("charset").map(str::to_string),
                body: d.decode_to_vec().ok().map(|(body, _)| body),
            }
        }
        Err(_) => Data {
            essence: String::new(),
            charset: None,
            body: None,
        },
    }
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(value: &str) -> bool {
        let scope = Scope::new(
            "https://example.org/campaign/",
            &["https://media.example.net/".into()],
        );
        let page = scope.page("uk/index.html");
        matches!(classify(&scope, &page, value, false), Address::Site { .. })
    }

    #[test]
    fn relative_addresses_without_a_host_stay_on_the_site() {
        for value in [
            "a.png",
            "../style.css",
            "/x.png",
            "",
            "#top",
            "?q=1",
            "x%2F%2Fy",
            " img.png ",
        ] {
            assert!(site(value), "{value}");
        }
    }

    #[test]
    fn hosts_schemes_and_the_sites_own_domain_are_elsewhere() {
        for value in [
            "https://example.org/campaign/x.png",
            "//evil.example/x",
            "\\\\evil.example\\x",
            "/\\evil.example/x",
            "\\/evil.example/x",
            "https:evil.example",
            "HTTPS://EVIL.EXAMPLE/",
            " \thttps://evil.example",
            "ht\ttps://evil.example",
            "file:///etc/passwd",
            "ftp://evil.example/",
            "https://[::1",
        ] {
            assert!(!site(value), "{value}");
        }
    }

    #[test]
    fn allowed_origins_scripts_and_data_are_told_apart() {
        let scope = Scope::new(
            "https://example.org/",
            &["https://media.example.net/".into()],
        );
        let page = scope.page("index.html");
        let c = |v: &str| classify(&scope, &page, v, false);
        assert!(matches!(
            c("https://media.example.net:443/a.png"),
            Address::Allowed(_)
        ));
        assert!(matches!(
            c("http://media.example.net/a.png"),
            Address::Elsewhere { .. }
        ));
        assert!(matches!(
            c("//media.example.net/a.png"),
            Address::Elsewhere { .. }
        ));
        assert_eq!(
            c("java\nscript:alert(1)"),
            Address::Script("javascript".into())
        );
        assert_eq!(c(" VBScript:x"), Address::Script("vbscript".into()));
        let Address::Data(d) = c("data:image/svg+xml;charset=UTF-8,%3Csvg%2F%3E") else {
            panic!()
        };
        assert_eq!(
            (d.essence.as_str(), d.charset.as_deref()),
            ("image/svg+xml", Some("UTF-8"))
        );
        assert_eq!(d.body.as_deref(), Some(&b"<svg/>"[..]));
        assert_eq!(link_scheme("  jav&#x09;a"), None);
        assert_eq!(
            link_scheme("mailto:x@example.org").as_deref(),
            Some("mailto")
        );
    }

    #[test]
    fn paths_are_decoded_to_tell_the_file_type() {
        let scope = Scope::default();
        let page = scope.page("uk/index.html");
        assert_eq!(
            classify(&scope, &page, "../Style.CS%53?v=1#x", true),
            Address::Site {
                path: Some("style.css".into())
            }
        );
    }
}

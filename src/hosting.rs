//! The hosting kit: the files that tell web servers how to serve `dist/`, written from one list.
//!
//! Every host gets the same security headers, from [`security_headers`] (which `serve` sends
//! too), and the same caching rules, from [`rules`]; only the syntax differs:
//!
//! - `_headers` and `_redirects` for Netlify and Cloudflare Pages (both read `_headers`; only
//!   Netlify understands the language conditions of `_redirects`, and Cloudflare skips those
//!   lines, as its documentation says of any line that is not `from to [status]`);
//! - `nginx.conf`, a server block for Debian's nginx (or any other): the site at `base_url`'s
//!   path, its `404.html`, the headers, the hosting files refused, and the front page sent to the
//!   reader's language when the browser's first choice is one of the site's;
//! - `.nojekyll` for GitHub Pages, which would otherwise hide files whose names start with `_`.
//!
//! Each generated file explains its choices in a comment, for the webmaster who reads it.

use crate::project::Config;
use crate::urls;

/// The files of the kit, by output path.
pub(crate) fn files(config: &Config, csp: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_headers", headers_file(config, csp)),
        ("_redirects", redirects_file(config)),
        ("nginx.conf", nginx_conf(config, csp)),
        (".nojekyll", String::new()),
    ]
}

/// Names of the kit's files: served by no host as pages (nginx is told to refuse them).
pub(crate) const HOSTING_FILES: [&str; 4] = ["_headers", "_redirects", ".nojekyll", "nginx.conf"];

/// The headers every answer carries, whoever serves the site: the page's policy (plus
/// `frame-ancestors`, which only a header can set), no referrer, no type sniffing, no
/// interest-based tracking, and no other site embedding or opening the pages.
pub(crate) fn security_headers(csp: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Security-Policy",
            format!("{csp}; frame-ancestors 'none'"),
        ),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        (
            "Permissions-Policy",
            "interest-cohort=(), browsing-topics=()".into(),
        ),
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
        ("Cross-Origin-Resource-Policy", "same-origin".into()),
    ]
}

/// A set of headers for the addresses below `base path + pattern` (`*`: every address).
pub(crate) struct Rule {
    pub(crate) pattern: &'static str,
    pub(crate) headers: Vec<(&'static str, String)>,
}

/// What each part of the site is sent with: the security headers and `Onion-Location` (Tor
/// Browser offers the onion service to its readers) everywhere; the stylesheets cached for a
/// day and the downloads for an hour (pages are not cached, so a correction reaches readers at
/// once).
pub(crate) fn rules(config: &Config, csp: &str) -> Vec<Rule> {
    let mut all = security_headers(csp);
    if let Some(onion) = &config.onion {
        all.push(("Onion-Location", onion.clone()));
    }
    vec![
        Rule {
            pattern: "*",
            headers: all,
        },
        Rule {
            pattern: "style.css",
            headers: vec![("Cache-Control", "public, max-age=86400".into())],
        },
        Rule {
            pattern: "custom.css",
            headers: vec![("Cache-Control", "public, max-age=86400".into())],
        },
        Rule {
            pattern: "download/*",
            headers: vec![("Cache-Control", "public, max-age=3600".into())],
        },
    ]
}

fn headers_file(config: &Config, csp: &str) -> String {
    let base = urls::base_path(&config.base_url);
    let mut out = String::from(
        "# Netlify and Cloudflare Pages: headers by address, written by zaklyk (see nginx.conf for the\n\
         # same rules for nginx). Both hosts apply every block whose address matches, so the first\n\
         # block's security headers reach every answer and the others add caching. This file is not\n\
         # served to readers.\n",
    );
    for rule in rules(config, csp) {
        out.push_str(&format!("\n{base}{}\n", rule.pattern));
        for (name, value) in &rule.headers {
            out.push_str(&format!("  {name}: {value}\n"));
        }
    }
    out
}

fn redirects_file(config: &Config) -> String {
    let base = urls::base_path(&config.base_url);
    let mut out = String::from(
        "# Netlify: the front page sends a reader to their language when the browser's preferred\n\
         # language is one of the site's (Language= reads Accept-Language); everyone else sees the\n\
         # language chooser. The status is \"302!\", forced: Netlify does not apply a rule at an\n\
         # address where a file exists (\"shadowing\"), and index.html is there. Cloudflare Pages\n\
         # reads only lines of the form \"from to [status]\" and ignores these, so it shows the\n\
         # chooser. This file is not served to readers.\n",
    );
    for l in &config.languages {
        let mut languages = l.code.clone();
        if l.tag != l.code {
            languages.push(',');
            languages.push_str(&l.tag);
        }
        out.push_str(&format!(
            "{base}  {base}{}/  302!  Language={languages}\n",
            l.code
        ));
    }
    out
}

/// An nginx variable name for this site (several sites can share one nginx).
fn variable(config: &Config, what: &str) -> String {
    let name: String = config
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("$zaklyk_{what}_{name}")
}

/// A regular expression matching `text` literally.
fn regex_literal(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() && !matches!(c, '/' | '-' | '_' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `add_header` lines (nginx drops a block's inherited `add_header`s as soon as it has one of
/// its own, so every location repeats them all).
fn add_headers(headers: &[(&str, String)], indent: &str) -> String {
    headers
        .iter()
        .map(|(name, value)| {
            format!(
                "{indent}add_header {name} \"{}\" always;\n",
                value.replace('\\', "\\\\").replace('"', "\\\"")
            )
        })
        .collect()
}

fn nginx_conf(config: &Config, csp: &str) -> String {
    let base = urls::base_path(&config.base_url);
    // A URL path may hold characters that nginx reads as syntax (`;`, braces, quotes) or as a
    // variable (`$`, which nginx cannot escape): such an address is not written into directives.
    let unsafe_char = |s: &str| s.contains(['$', ';', '{', '}', '"', '\'', '\\', ' ']);
    if unsafe_char(&base) || config.onion.as_deref().is_some_and(unsafe_char) {
        return format!(
            "# nginx: no server block was written for {}: its path holds characters ($ ; {{ }} quotes)\n\
             # that nginx would read as syntax or variables. Publish the site at a plainer path to get one.\n",
            config.base_url
        );
    }
    let host = config
        .base_url
        .split_once("://")
        .map_or("", |(_, r)| r.split(['/', ':']).next().unwrap_or(""));
    let lang_var = variable(config, "lang");
    let mut security = security_headers(csp);
    let mut maps = String::new();
    if let Some(onion) = &config.onion {
        // Each page's own address on the onion service, so Tor Browser offers the same page. A
        // positional capture, not a named one: the file holds no `<`, so no browser that is
        // sent it by a host can take it for a document (the output scan's rule for text).
        let onion_var = variable(config, "onion");
        maps.push_str(&format!(
            "# The same page on the onion service, for Tor Browser's Onion-Location.\nmap $request_uri {onion_var} {{\n    default \"{onion}\";\n    \"~^{}([^?#]*)\" \"{onion}$1\";\n}}\n\n",
            regex_literal(&base)
        ));
        security.push(("Onion-Location", onion_var));
    }
    maps.push_str(&format!(
        "# The browser's first language, when it is one of the site's (else empty: the chooser).\nmap $http_accept_language {lang_var} {{\n    default \"\";\n"
    ));
    for l in &config.languages {
        maps.push_str(&format!(
            "    \"~*^\\s*{}(-|;|,|\\s|$)\" \"{}\";\n",
            regex_literal(&l.code),
            l.code
        ));
    }
    maps.push_str("}\n");
    let with = |extra: &[(&str, String)]| {
        let mut all: Vec<(&str, String)> = security.clone();
        all.extend(extra.iter().cloned());
        add_headers(&all, "        ")
    };
    let day = [("Cache-Control", "public, max-age=86400".to_string())];
    let hour = [("Cache-Control", "public, max-age=3600".to_string())];
    let hidden = HOSTING_FILES
        .iter()
        .map(|f| regex_literal(f))
        .collect::<Vec<_>>()
        .join("|");
    let edit = |line: String, why: &str| format!("    {line:<44}# EDIT{why}\n");
    let server_head = [
        edit("listen 80;".into(), ": the address and port to listen on"),
        edit("listen [::]:80;".into(), ""),
        edit(format!("server_name {host};"), ": the site's host name"),
        edit(
            format!("root /var/www/{};", config.name),
            &format!(": dist/ is copied to this folder followed by {base}"),
        ),
    ]
    .concat();
    format!(
        "# nginx: a server block for {url}, written by zaklyk from the same rules as _headers.\n\
         #\n\
         # Copy dist/ to the folder of `root` followed by {base}, put this file into /etc/nginx/conf.d/\n\
         # (it holds `map`s, which belong to the http block), change the lines marked EDIT, then run\n\
         # `nginx -t && nginx -s reload`. For https, add `listen 443 ssl;` and your certificate lines.\n\
         #\n\
         # - Every answer carries the security headers of _headers (`always`: also 404 pages). nginx\n\
         #   drops inherited add_header lines in a block that has its own, so each block lists all.\n\
         # - Missing addresses get the site's 404.html, whose links work at any address.\n\
         # - _headers, _redirects, .nojekyll and this file are for hosts, not readers: refused.\n\
         # - The front page sends readers whose browser prefers one of the site's languages to it\n\
         #   (302, with Vary: Accept-Language); everyone else sees the language chooser. To always\n\
         #   show the chooser, delete the `if` line.\n\
         \n\
         {maps}\n\
         server {{\n\
         {server_head}\
         \x20   charset utf-8;\n\
         \x20   server_tokens off;\n\
         \x20   index index.html;\n\
         \x20   error_page 404 {base}404.html;\n\
         \n\
         \x20   location {base} {{\n{all}    }}\n\
         \n\
         \x20   # The chooser is served here (try_files, not index), so that it carries Vary.\n\
         \x20   location = {base} {{\n{all}        add_header Vary \"Accept-Language\" always;\n\
         \x20       if ({lang_var} != \"\") {{ return 302 {base}{lang_var}/; }}\n\
         \x20       try_files {base}index.html =404;\n    }}\n\
         \n\
         \x20   location ~ ^{base_re}(style|custom)\\.css$ {{\n{css}    }}\n\
         \n\
         \x20   location {base}download/ {{\n{dl}    }}\n\
         \n\
         \x20   location ~ ^{base_re}({hidden})$ {{\n\
         \x20       return 404;\n    }}\n\
         }}\n",
        url = config.base_url,
        all = with(&[]),
        css = with(&day),
        dl = with(&hour),
        base_re = regex_literal(&base),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> Config {
        Config::parse(&format!(
            "base_url = \"https://example.org/campaign/\"\nname = \"c-1\"\ndefault_language = \"uk\"\nsource_language = \"en\"\n{extra}\n[languages.uk]\nname = \"U\"\n[languages.crh]\nname = \"Q\"\ntag = \"crh-Latn\"\nplural_rules = \"tr\"\n[languages.en]\nname = \"E\"\n"
        ))
        .unwrap()
    }

    #[test]
    fn every_host_gets_the_same_headers() {
        let c = config("");
        let headers = headers_file(&c, "default-src 'none'");
        let nginx = nginx_conf(&c, "default-src 'none'");
        for (name, value) in security_headers("default-src 'none'") {
            assert!(headers.contains(&format!("  {name}: {value}\n")), "{name}");
            // Once in each of the four locations that answer with content.
            assert_eq!(
                nginx
                    .matches(&format!("add_header {name} \"{value}\" always;"))
                    .count(),
                4,
                "{name}"
            );
        }
        assert!(headers.starts_with("#") && headers.contains("\n/campaign/*\n"));
        assert!(nginx.contains("error_page 404 /campaign/404.html;"));
        assert!(
            nginx.contains("location ~ ^/campaign/(_headers|_redirects|\\.nojekyll|nginx\\.conf)$")
        );
        assert!(!nginx.contains("Onion-Location"));
    }

    #[test]
    fn addresses_nginx_would_read_as_syntax_are_not_written_into_it() {
        let mut c = config("");
        c.base_url = "https://example.org/a$host;b/".into();
        let nginx = nginx_conf(&c, "x");
        assert!(nginx.lines().all(|l| l.starts_with('#')), "{nginx}");
        assert!(nginx.contains("no server block was written"));
    }

    #[test]
    fn netlify_language_rules_are_forced_past_the_front_page() {
        let r = redirects_file(&config(""));
        assert!(
            r.contains("/campaign/  /campaign/uk/  302!  Language=uk\n"),
            "{r}"
        );
        assert!(
            r.contains("/campaign/  /campaign/crh/  302!  Language=crh,crh-Latn\n"),
            "{r}"
        );
        assert!(r
            .lines()
            .filter(|l| !l.starts_with('#'))
            .all(|l| l.split_whitespace().count() == 4));
    }

    #[test]
    fn the_onion_address_goes_with_every_answer() {
        let onion = format!("http://{}.onion/", crate::digest::onion_v3_of(&[1; 32]));
        let c = config(&format!("onion = \"{onion}\""));
        assert!(headers_file(&c, "x").contains(&format!("  Onion-Location: {onion}\n")));
        let nginx = nginx_conf(&c, "x");
        assert!(nginx.contains("add_header Onion-Location \"$zaklyk_onion_c_1\" always;"));
        assert!(nginx.contains(&format!("\"~^/campaign/([^?#]*)\" \"{onion}$1\";")));
    }
}

//! `zaklyk serve` over real HTTP on 127.0.0.1: rebuild on change, error page, safety, load.
//! Attacks are sent over raw TCP, since an HTTP client would normalize them away.

use crate::support::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `zaklyk serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(root: &Path, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_zaklyk"))
        .args([
            "serve",
            "--root",
            root.to_str().unwrap(),
            "--port",
            &port.to_string(),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Owned by the guard at once, so a failed assertion below still stops the server.
    let mut server = Server { child, port: 0 };
    let stderr = server.child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve printed its address in time");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            server.port = rest.split('/').next().unwrap().parse().unwrap();
            return server;
        }
    }
}

/// A plain HTTP/1.0 GET; returns the status and the body.
pub fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

/// Polls `path` until the body satisfies `want`, for at most 15 seconds.
fn wait_for(port: u16, path: &str, want: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (_, body) = get(port, path);
        if want(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never showed the expected change; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn site_copy(label: &str) -> std::path::PathBuf {
    let site = temp_dir(label);
    for part in ["content", "locales"] {
        copy_dir(&repo_root().join(part), &site.join(part));
    }
    std::fs::copy(repo_root().join("site.toml"), site.join("site.toml")).unwrap();
    site
}

#[test]
fn serve_rebuilds_on_save_shows_errors_in_the_page_and_recovers() {
    let site = site_copy("serve-live");
    let server = start(&site, 0);
    let (status, chooser) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(chooser.contains("Qırımtatarca"));
    assert!(
        chooser.contains("/__zaklyk/poll"),
        "the live-reload script is injected"
    );

    let ftl = site.join("locales/crh/theme.ftl");
    let original = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(
        &ftl,
        original.replace(
            "skip-link = Mündericege keçmek",
            "skip-link = Metinge keçmek",
        ),
    )
    .unwrap();
    wait_for(server.port, "/crh/index.html", |b| {
        b.contains("Metinge keçmek")
    });

    std::fs::write(&ftl, format!("{original}broken = {{\n")).unwrap();
    let error = wait_for(server.port, "/__zaklyk/error?lang=crh-Latn", |b| {
        b.contains("locales/crh/theme.ftl:")
    });
    assert!(
        error.contains("Saytnı yañıdan qurmaq mümkün olmadı"),
        "the error page speaks the page's language"
    );
    assert!(
        error.contains("broken = {"),
        "the error page shows the source line"
    );
    let (status, last_good) = get(server.port, "/uk/index.html");
    assert_eq!(status, 200, "the last good build stays served");
    assert!(last_good.contains("id=demand-3"));

    std::fs::write(&ftl, &original).unwrap();
    wait_for(server.port, "/__zaklyk/error?lang=crh-Latn", |b| {
        !b.contains("locales/crh/theme.ftl:")
    });
    wait_for(server.port, "/crh/index.html", |b| {
        b.contains("Mündericege keçmek")
    });
    assert!(!site.join("dist").exists(), "serve never writes dist/");
}

#[test]
fn serve_serves_nothing_outside_the_output() {
    let site = site_copy("serve-safe");
    std::fs::write(site.join("secret.txt"), "secret").unwrap();
    let server = start(&site, 0);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/uk/../../secret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/site.toml",
        "/content/uk/index.md",
        "/secret.txt",
        "/uk/%00",
    ] {
        let (status, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("secret") && !body.contains("base_url"),
            "{path} leaked a file"
        );
    }
    let (status, not_found) = get(server.port, "/nope/");
    assert_eq!(status, 404);
    assert!(
        not_found.contains("Сторінку не знайдено"),
        "the site's own 404 page"
    );
    assert_eq!(
        get(server.port, "/uk").0,
        200,
        "a folder serves its index.html"
    );
    assert_eq!(get(server.port, "/uk/").0, 200);
}

#[test]
fn serve_answers_a_bounded_load_without_errors() {
    let site = site_copy("serve-load");
    let server = start(&site, 0);
    let port = server.port;
    let threads: Vec<_> = (0..50)
        .map(|t| {
            std::thread::spawn(move || {
                let paths = [
                    "/",
                    "/uk/index.html",
                    "/crh/index.html",
                    "/style.css",
                    "/sitemap.xml",
                ];
                (0..40)
                    .filter(|i| get(port, paths[(t + i) % paths.len()]).0 != 200)
                    .count()
            })
        })
        .collect();
    let failures: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(failures, 0, "of 2,000 requests from 50 connections");
}

#[test]
fn a_port_in_use_is_explained() {
    let site = site_copy("serve-port");
    let first = start(&site, 0);
    let second = zaklyk(&[
        "serve",
        "--root",
        site.to_str().unwrap(),
        "--port",
        &first.port.to_string(),
    ]);
    assert_eq!(second.code, 2);
    assert!(
        second.stderr.contains("cannot listen on") && second.stderr.contains("try --port"),
        "{}",
        second.stderr
    );
}

/// A response read off a raw connection.
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

fn parse_reply(bytes: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Reply {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Sends `request` as it is and reads the answer until the server closes the connection.
fn raw(port: u16, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    // A refused request may end in a reset once the answer is sent; what arrived counts.
    let _ = stream.read_to_end(&mut response);
    parse_reply(&response)
}

/// `GET target` over HTTP/1.1 with the given header lines (each ending in CRLF).
fn get_with(port: u16, target: &str, headers: &str) -> Reply {
    raw(
        port,
        format!("GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n").as_bytes(),
    )
}

fn host(port: u16) -> String {
    format!("Host: 127.0.0.1:{port}\r\n")
}

/// The policy in a page's `<meta http-equiv="Content-Security-Policy">`, attribute decoded.
fn meta_csp(html: &str) -> String {
    let at = html
        .find("Content-Security-Policy")
        .expect("the page has a CSP meta");
    let rest = &html[at..];
    let value = &rest[rest.find("content=").expect("with content") + "content=".len()..];
    let value = match value.chars().next() {
        Some(q @ ('"' | '\'')) => &value[1..value[1..].find(q).unwrap() + 1],
        _ => &value[..value.find(['>', ' ']).unwrap()],
    };
    value
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The text of every inline `<script>` of a page.
fn inline_scripts(html: &str) -> Vec<&str> {
    html.split("<script")
        .skip(1)
        .map(|s| {
            let start = s.find('>').unwrap() + 1;
            &s[start..s.find("</script>").unwrap()]
        })
        .collect()
}

/// Asserts that a served page's reload script is allowed by both the page's policy and the
/// response's, and that the script is the last element of the page.
fn assert_reload_allowed(reply: &Reply, what: &str) {
    let scripts = inline_scripts(&reply.body);
    assert_eq!(scripts.len(), 1, "{what}: one script, the preview's");
    assert!(scripts[0].contains("/__zaklyk/poll"), "{what}");
    let allowed = format!(
        "'sha256-{}'",
        zaklyk::digest::sha256_base64(scripts[0].as_bytes())
    );
    let meta = meta_csp(&reply.body);
    assert!(
        meta.contains(&format!("script-src {allowed}")),
        "{what}: meta {meta}"
    );
    assert!(meta.contains("connect-src 'self'"), "{what}: meta {meta}");
    let header = reply.header("Content-Security-Policy").unwrap_or_default();
    assert!(header.contains(&allowed), "{what}: header {header}");
    assert!(header.contains("frame-ancestors 'none'"), "{what}");
    let tail = reply.body.trim_end();
    let tail = tail.strip_suffix("</html>").unwrap_or(tail).trim_end();
    let tail = tail.strip_suffix("</body>").unwrap_or(tail);
    assert!(
        tail.ends_with("</script>"),
        "{what}: the script ends the body"
    );
}

#[test]
fn the_reload_script_is_allowed_by_the_page_policy_minified_or_not() {
    for minify in [true, false] {
        let site = site_copy("serve-csp");
        let config = std::fs::read_to_string(site.join("site.toml")).unwrap();
        std::fs::write(
            site.join("site.toml"),
            format!(
                "minify = {minify}\nallowed_origins = [\"https://media.example.org\"]\n{config}"
            ),
        )
        .unwrap();
        let server = start(&site, 0);
        let port = server.port;
        for path in [
            "/",
            "/crh/index.html",
            "/uk/demands/3/",
            "/translate/",
            "/nope",
        ] {
            let reply = get_with(port, path, &host(port));
            assert!(matches!(reply.status, 200 | 404), "{path}");
            assert_reload_allowed(&reply, &format!("{path} with minify = {minify}"));
            // The page's policy and the response's both allow the site's allowed origins: a
            // header stricter than the page would block them in the preview.
            let header = reply.header("Content-Security-Policy").unwrap_or_default();
            for policy in [meta_csp(&reply.body), header.to_string()] {
                assert!(
                    policy.contains("img-src 'self' data: https://media.example.org"),
                    "{path}: {policy}"
                );
            }
            assert_eq!(reply.header("X-Content-Type-Options"), Some("nosniff"));
            assert_eq!(reply.header("Cache-Control"), Some("no-store"));
            assert_eq!(reply.header("Referrer-Policy"), Some("no-referrer"));
            assert!(
                reply
                    .header("Server-Timing")
                    .is_some_and(|v| v.starts_with("zaklyk;desc=")),
                "the build number travels beside the page"
            );
        }
        let css = get_with(port, "/style.css", &host(port));
        assert_eq!(css.status, 200);
        assert!(!css.body.contains("<script"), "only HTML gets the script");
    }
}

#[test]
fn the_error_page_escapes_every_value_and_returns_only_within_the_site() {
    let site = site_copy("serve-error");
    let server = start(&site, 0);
    let port = server.port;
    let h = host(port);
    // Variants of `from` that would lead the tab to another site, each sent as the page would
    // be asked for, percent-encoded in the query.
    let hostile_from = [
        "//evil.com",
        "/\\evil.com",
        "\\/evil.com",
        "https://evil.com",
        "http:evil.com",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "%2F%2Fevil.com",
        "/%2F%2Fevil.com",
        "/%5Cevil.com",
        "/\t/evil.com",
        "/\n/evil.com",
        "/\r\n/evil.com",
        " //evil.com",
        "///evil.com",
        "/..//evil.com",
        "/%2e%2e//evil.com",
        "/uk//evil.com",
        "evil.com",
        "/\"><script>alert(1)</script>",
    ];
    let encode = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let error_url = |from: &str, lang: &str| {
        format!(
            "/__zaklyk/error?lang={}&from={}",
            encode(lang),
            encode(from)
        )
    };

    // While the build is good, the error page sends the tab back: only ever within the site.
    for from in hostile_from {
        let reply = get_with(port, &error_url(from, "uk"), &h);
        assert_eq!(reply.status, 303, "{from:?}");
        assert_eq!(reply.header("Location"), Some("/"), "{from:?}");
    }
    // Sent unencoded, where the request line allows it.
    for from in [
        "//evil.com",
        "https://evil.com",
        "/%2F%2Fevil.com",
        "%252F%252Fevil.com",
    ] {
        let reply = get_with(port, &format!("/__zaklyk/error?from={from}"), &h);
        assert_eq!(reply.header("Location"), Some("/"), "{from:?}");
    }
    let back = get_with(port, &error_url("/crh/index.html#demand-3", "crh"), &h);
    assert_eq!(back.header("Location"), Some("/crh/index.html#demand-3"));
    let normalized = get_with(port, &error_url("/uk/%2e%2e/crh/./index.html", "crh"), &h);
    assert_eq!(normalized.header("Location"), Some("/crh/index.html"));

    // A message and a source line with markup and quotes in them.
    std::fs::write(
        site.join("content/en/hostile.md"),
        "+++\ntitle = \"T\"\ntemplate = \"<script>\\\"x\"\n+++\nBody\n",
    )
    .unwrap();
    let hostile_lang = "\"><script>alert(1)</script><x a=\"";
    let page = wait_for(port, &error_url("/en/index.html", hostile_lang), |b| {
        b.contains("hostile.md")
    });
    assert_eq!(
        inline_scripts(&page).len(),
        1,
        "only the preview's script:\n{page}"
    );
    assert!(
        !page.contains("alert(1)"),
        "the language is never reflected:\n{page}"
    );
    assert!(
        page.contains("<html lang=\"uk\""),
        "an unknown language falls back to the default one"
    );
    assert!(
        page.contains("template `&lt;script&gt;&quot;x` does not exist"),
        "the message is escaped:\n{page}"
    );
    assert!(
        page.contains("template = &quot;&lt;script&gt;\\&quot;x&quot;"),
        "the source line is escaped:\n{page}"
    );
    assert!(page.contains("data-return=\"/en/index.html\""));
    // A file path with markup and quotes in it.
    std::fs::write(
        site.join("content/en/x\"<b>'.md"),
        "+++\ntitle = \"T\"\n+++\n<script>alert(\"x\")</script>\n",
    )
    .unwrap();
    let page = wait_for(port, &error_url("/", "en"), |b| {
        b.contains("x&quot;&lt;b&gt;&#39;.md")
    });
    assert_eq!(inline_scripts(&page).len(), 1, "{page}");
    assert!(page.contains("<html lang=\"en\""));
    let crh = wait_for(port, &error_url("/", "crh-Latn"), |b| {
        b.contains("&lt;b&gt;")
    });
    assert!(crh.contains("<html lang=\"crh-Latn\""));
    for from in hostile_from {
        let reply = get_with(port, &error_url(from, "en"), &h);
        assert_eq!(reply.status, 200, "{from:?}");
        assert!(
            reply.body.contains("<script data-return=\"/\">"),
            "{from:?} became the site's root:\n{}",
            reply.body
        );
        assert!(!reply.body.contains("evil"), "{from:?}");
    }
    let reply = get_with(port, &error_url("/en/", "en"), &h);
    assert_reload_allowed(&reply, "the error page");
}

#[test]
fn only_requests_for_the_preview_s_own_address_are_answered() {
    let site = site_copy("serve-host");
    let server = start(&site, 0);
    let port = server.port;
    let page = "/uk/index.html";
    let request = |lines: &str| {
        raw(
            port,
            format!("GET {page} HTTP/1.1\r\n{lines}Connection: close\r\n\r\n").as_bytes(),
        )
    };
    for (lines, status) in [
        (format!("Host: evil.com:{port}\r\n"), 403),
        ("Host: evil.com\r\n".to_string(), 403),
        (format!("Host: 127.0.0.1.evil.com:{port}\r\n"), 403),
        (format!("Host: localhost.evil.com:{port}\r\n"), 403),
        (format!("Host: localhost.:{port}\r\n"), 403),
        (
            format!("Host: 127.0.0.1:{}\r\n", port.wrapping_add(1).max(1)),
            403,
        ),
        ("Host: 127.0.0.1\r\n".to_string(), 403),
        (format!("Host: 127.0.0.1:{port}@evil.com\r\n"), 403),
        (format!("Host: 127.1:{port}\r\n"), 403),
        (format!("Host: 2130706433:{port}\r\n"), 403),
        (format!("Host: 127.0.0.1:0{port}\r\n"), 403),
        ("Host: \r\n".to_string(), 403),
        (String::new(), 400),
        (format!("Host: 127.0.0.1:{port}\r\nHost: evil.com\r\n"), 400),
        (format!("Host: evil.com\r\nHost: 127.0.0.1:{port}\r\n"), 400),
    ] {
        let reply = request(&lines);
        assert_eq!(reply.status, status, "{lines:?}");
        assert!(!reply.body.contains("demand"), "{lines:?} read the page");
    }
    let old = raw(port, format!("GET {page} HTTP/1.0\r\n\r\n").as_bytes());
    assert_eq!(old.status, 403, "HTTP/1.0 without Host");
    for good in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = request(&format!("Host: {good}\r\n"));
        assert_eq!(reply.status, 200, "{good}");
        assert!(reply.body.contains("id=demand-3"), "{good}");
    }

    // A page of another site may link to the preview, but not load from it or poll it.
    let h = host(port);
    let cross = get_with(
        port,
        page,
        &format!("{h}Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n"),
    );
    assert_eq!(cross.status, 403);
    let same_site = get_with(
        port,
        "/style.css",
        &format!("{h}Sec-Fetch-Site: same-site\r\nSec-Fetch-Mode: no-cors\r\n"),
    );
    assert_eq!(
        same_site.status, 403,
        "another port of 127.0.0.1 is another origin"
    );
    let link = get_with(
        port,
        page,
        &format!("{h}Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\n"),
    );
    assert_eq!(link.status, 200, "following a link to the preview works");
    let own = get_with(
        port,
        "/style.css",
        &format!("{h}Sec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: no-cors\r\n"),
    );
    assert_eq!(own.status, 200);
    for lines in [
        format!("{h}Origin: http://evil.com\r\n"),
        format!("{h}Origin: null\r\n"),
        format!(
            "{h}Origin: http://127.0.0.1:{}\r\n",
            port.wrapping_add(1).max(1)
        ),
        format!("{h}Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: cors\r\n"),
        format!("{h}Sec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: navigate\r\n"),
    ] {
        let reply = get_with(port, "/__zaklyk/poll", &lines);
        assert_eq!(reply.status, 403, "{lines:?}");
    }
    let poll = get_with(port, "/__zaklyk/poll", &format!("{h}Origin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\n"));
    assert_eq!(poll.status, 200);
    assert!(poll.body.starts_with("{\"version\":"), "{}", poll.body);
}

#[test]
fn serve_refuses_what_is_not_a_path_of_the_output() {
    let site = site_copy("serve-traversal");
    std::fs::write(site.join("secret.txt"), "secret").unwrap();
    let server = start(&site, 0);
    let port = server.port;
    let h = host(port);
    for target in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/uk/%2E%2E/%2E%2E/secret.txt",
        "/%252e%252e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/%c0%af..%c0%afsecret.txt",
        "/./secret.txt",
        "/uk/./index.html",
        "/uk\\..\\..\\secret.txt",
        "/uk/%5c..%5c..%5csecret.txt",
        "/uk/%00",
        "/uk/index.html%00.txt",
        "//secret.txt",
        "/%2fsecret.txt",
        "/C:/secret.txt",
        "/site.toml",
        "/content/uk/index.md",
        "/secret.txt",
    ] {
        let reply = get_with(port, target, &h);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(
            !reply.body.contains("secret") && !reply.body.contains("base_url"),
            "{target} leaked a file"
        );
    }
    for (request, status) in [
        (
            format!("GET http://evil.com/secret.txt HTTP/1.1\r\n{h}\r\n"),
            400,
        ),
        (
            format!("GET http://127.0.0.1:{port}/uk/index.html HTTP/1.1\r\n{h}\r\n"),
            400,
        ),
        (format!("GET * HTTP/1.1\r\n{h}\r\n"), 400),
        (format!("OPTIONS * HTTP/1.1\r\n{h}\r\n"), 405),
        (format!("CONNECT 127.0.0.1:{port} HTTP/1.1\r\n{h}\r\n"), 405),
        (format!("DELETE /uk/index.html HTTP/1.1\r\n{h}\r\n"), 405),
        (format!("GET /uk/\0 HTTP/1.1\r\n{h}\r\n"), 400),
        (format!("GET /uk/\u{e9} HTTP/1.1\r\n{h}\r\n"), 400),
        (format!("GET /uk/ index.html HTTP/1.1\r\n{h}\r\n"), 400),
        (format!("GET /uk/ HTTP/2.0\r\n{h}\r\n"), 400),
        (format!("GET /uk/ HTTP/1.1\r\n{h}X: a\r\n\tb\r\n\r\n"), 400),
        (
            format!("POST /uk/ HTTP/1.1\r\n{h}Content-Length: 5\r\n\r\nhello"),
            413,
        ),
        (
            format!("GET /uk/ HTTP/1.1\r\n{h}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            413,
        ),
    ] {
        let reply = raw(port, request.as_bytes());
        assert_eq!(reply.status, status, "{request:?}");
        assert!(!reply.body.contains("secret"), "{request:?}");
    }
    let head = raw(
        port,
        format!("HEAD /uk/index.html HTTP/1.1\r\n{h}Connection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty() && head.header("Content-Length").is_some_and(|n| n != "0"));
}

#[test]
fn oversized_requests_are_refused_and_the_server_keeps_serving() {
    let site = site_copy("serve-bounds");
    let server = start(&site, 0);
    let port = server.port;
    let h = host(port);
    let long_target = format!("/{}", "a".repeat(9 * 1024));
    assert_eq!(get_with(port, &long_target, &h).status, 414);
    let huge_header = format!("{h}X-Big: {}\r\n", "b".repeat(20 * 1024));
    assert_eq!(get_with(port, "/", &huge_header).status, 431);
    let endless_header = format!("GET / HTTP/1.1\r\n{h}X-Big: {}", "c".repeat(200 * 1024));
    assert_eq!(raw(port, endless_header.as_bytes()).status, 431);
    let many: String = (0..100).map(|i| format!("X-{i}: {i}\r\n")).collect();
    assert_eq!(get_with(port, "/", &format!("{h}{many}")).status, 431);
    assert_eq!(get_with(port, "/", &h).status, 200, "still serving");

    // Several requests on one kept-alive connection, sent at once, are answered in order.
    let pipelined = format!(
        "GET /uk/index.html HTTP/1.1\r\n{h}\r\nGET /style.css HTTP/1.1\r\n{h}\r\nGET /nope HTTP/1.1\r\n{h}Connection: close\r\n\r\n"
    );
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(pipelined.as_bytes()).unwrap();
    let mut all = Vec::new();
    stream.read_to_end(&mut all).unwrap();
    let mut statuses = Vec::new();
    let mut rest = all.as_slice();
    while !rest.is_empty() {
        let end = rest.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        let reply = parse_reply(&rest[..end]);
        let length: usize = reply.header("Content-Length").unwrap().parse().unwrap();
        statuses.push(reply.status);
        rest = &rest[end + length..];
    }
    assert_eq!(statuses, [200, 200, 404]);
}

/// Reads what has arrived on `stream` without waiting; true once the server closed it.
fn drain(stream: &mut TcpStream, into: &mut Vec<u8>) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(n) => into.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return false,
            Err(_) => return true,
        }
    }
}

#[test]
fn connections_are_capped_and_a_slow_client_is_cut_off() {
    let site = site_copy("serve-conns");
    let server = start(&site, 0);
    let port = server.port;
    // 100 connections that say nothing: the first 64 hold a place until the head timeout; the
    // others are told at once that the server is busy.
    let mut idle: Vec<(TcpStream, Vec<u8>, bool)> = (0..100)
        .map(|_| {
            (
                TcpStream::connect(("127.0.0.1", port)).unwrap(),
                Vec::new(),
                false,
            )
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(8);
    let busy = loop {
        for (stream, got, closed) in idle.iter_mut() {
            if !*closed {
                *closed = drain(stream, got);
            }
        }
        let busy = idle
            .iter()
            .filter(|(_, got, _)| parse_reply(got).status == 503)
            .count();
        if busy >= 36 || Instant::now() > deadline {
            break busy;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(
        busy, 36,
        "connections beyond the cap of 64 are refused with 503"
    );
    assert_eq!(
        get_with(port, "/", &host(port)).status,
        503,
        "a new one too"
    );
    drop(idle);
    wait_for(port, "/", |b| b.contains("Qırımtatarca"));

    // A client that sends its head one byte at a time is cut off after the head timeout,
    // however steadily it sends.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let head = format!(
        "GET / HTTP/1.1\r\n{}X-Slow: {}",
        host(port),
        "s".repeat(10_000)
    );
    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(40);
    for byte in head.bytes() {
        if slow.write_all(&[byte]).is_err() || drain(&mut slow, &mut got) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the slow client was never cut off"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    while !drain(&mut slow, &mut got) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        parse_reply(&got).status,
        408,
        "{}",
        String::from_utf8_lossy(&got)
    );
}

#[test]
fn long_polls_are_capped_and_all_answered_by_the_next_build() {
    let site = site_copy("serve-polls");
    let server = start(&site, 0);
    let port = server.port;
    let h = host(port);
    let now = get_with(port, "/__zaklyk/poll", &h);
    let version: u64 = now
        .body
        .strip_prefix("{\"version\":")
        .and_then(|r| r.split(',').next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    let request =
        format!("GET /__zaklyk/poll?v={version} HTTP/1.1\r\n{h}Connection: close\r\n\r\n");
    let mut polls: Vec<(TcpStream, Vec<u8>, bool)> = (0..40)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(request.as_bytes()).unwrap();
            (s, Vec::new(), false)
        })
        .collect();
    let count = |polls: &mut Vec<(TcpStream, Vec<u8>, bool)>, status: u16| {
        for (stream, got, closed) in polls.iter_mut() {
            if !*closed {
                *closed = drain(stream, got);
            }
        }
        polls
            .iter()
            .filter(|(_, got, closed)| *closed && parse_reply(got).status == status)
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    while count(&mut polls, 503) < 8 {
        assert!(
            Instant::now() < deadline,
            "polls beyond 32 were not refused"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(count(&mut polls, 200), 0, "the others wait for a build");
    let ftl = site.join("locales/crh/theme.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, format!("{text}\nextra-message = x\n")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&mut polls, 200) < 32 {
        assert!(
            Instant::now() < deadline,
            "the waiting polls were not answered"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(count(&mut polls, 503), 8);
    for (_, got, _) in &polls {
        let reply = parse_reply(got);
        if reply.status == 200 {
            assert!(
                !reply.body.contains(&format!("\"version\":{version},")),
                "{}",
                reply.body
            );
        }
    }
}

#[test]
fn serve_with_timings_prints_the_stages_of_each_rebuild() {
    let site = site_copy("serve-timings");
    let mut child = Command::new(env!("CARGO_BIN_EXE_zaklyk"))
        .args(["serve", "--timings", "--port", "0", "--root"])
        .arg(&site)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The first build is done, and its stages printed, before the address is.
    let mut before = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
    {
        if line.contains("http://127.0.0.1:") {
            break;
        }
        before.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    let stage = |name: &str, part: &str| {
        before.iter().any(|l| {
            let (took, rest) = l.split_once(" ms  ").unwrap_or_default();
            took.trim().parse::<f64>().is_ok() && rest.starts_with(name) && rest.contains(part)
        })
    };
    assert!(stage("prepare", "(load "), "{before:#?}");
    assert!(stage("render", "templates "), "{before:#?}");
    assert!(stage("links and merge", ""), "{before:#?}");
}

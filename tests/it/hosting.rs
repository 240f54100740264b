//! Publishing: downloads that are never stale, the mirror kit, `verify` as a reader uses it, and
//! the generated `nginx.conf` served by Debian's real nginx on 127.0.0.1 (headers equal to
//! `_headers`, the 404 page, the language redirect, the hosting files refused, and every link of
//! every page followed, at the domain root and under a sub-path).

use super::*;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn package_site(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "package",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    zaklyk(&args)
}

#[test]
fn a_build_after_a_package_equals_a_fresh_build() {
    let (packaged, fresh) = (temp_dir("stale-a"), temp_dir("stale-b"));
    let run = package_site(&repo_root(), &packaged, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(packaged.join("download/SHA256SUMS").exists());
    assert_eq!(build(&repo_root(), &packaged, &[]).code, 0);
    assert_eq!(build(&repo_root(), &fresh, &[]).code, 0);
    let (a, b) = (read_tree(&packaged), read_tree(&fresh));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the build kept files of the package"
    );
    assert!(a == b, "a build after a package differs from a fresh build");
}

#[test]
fn the_mirror_kit_is_the_published_site_with_checksums_of_its_own() {
    let out = temp_dir("kit");
    let run = package_site(&fixture("themed"), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = read_tree(&out);
    let kit = zaklyk::package::unzip(&published["download/themed-mirror.zip"]).unwrap();
    assert!(
        kit.keys().all(|p| p.starts_with("themed-mirror/")),
        "one top folder"
    );
    let readme = String::from_utf8_lossy(&kit["themed-mirror/README.txt"]).into_owned();
    for text in [
        "[English]",
        "[Українська]",
        "sha256sum themed-mirror.zip",
        "https://mirror.example.net/campaign/",
        "завантажте весь вміст теки «site»",
    ] {
        assert!(readme.contains(text), "README lacks {text}:\n{readme}");
    }
    // Every published file is in the kit, byte for byte, except the kit and the checksums
    // that list it.
    let site: BTreeMap<&str, &Vec<u8>> = kit
        .iter()
        .filter_map(|(p, b)| p.strip_prefix("themed-mirror/site/").map(|p| (p, b)))
        .collect();
    for (path, bytes) in &published {
        match path.as_str() {
            "download/themed-mirror.zip" => assert!(!site.contains_key(path.as_str())),
            "download/SHA256SUMS" => {}
            _ => assert!(
                site.get(path.as_str()) == Some(&bytes),
                "{path} differs in the kit"
            ),
        }
    }
    assert_eq!(site.len(), published.len() - 1);
    // Each SHA256SUMS lists exactly the downloads beside it.
    let inner = String::from_utf8_lossy(site["download/SHA256SUMS"]).into_owned();
    let outer = String::from_utf8_lossy(&published["download/SHA256SUMS"]).into_owned();
    let kit_line = format!(
        "{}  themed-mirror.zip\n",
        zaklyk::digest::sha256_hex(&published["download/themed-mirror.zip"])
    );
    let mut expected: Vec<&str> = inner.lines().chain(kit_line.lines()).collect();
    expected.sort_unstable_by_key(|l| l.split_once("  ").unwrap().1);
    assert_eq!(outer.lines().collect::<Vec<_>>(), expected);
    for line in inner.lines() {
        let (hash, file) = line.split_once("  ").unwrap();
        let bytes = site[format!("download/{file}").as_str()];
        assert_eq!(hash, zaklyk::digest::sha256_hex(bytes), "{file}");
    }
    // Reproducible, like the offline zip.
    let again = temp_dir("kit-again");
    assert_eq!(package_site(&fixture("themed"), &again, &[]).code, 0);
    assert!(
        std::fs::read(again.join("download/themed-mirror.zip")).unwrap()
            == published["download/themed-mirror.zip"]
    );
}

#[test]
fn pages_say_where_else_to_read_the_site_in_their_language() {
    let out = temp_dir("blocked");
    assert_eq!(package_site(&fixture("themed"), &out, &[]).code, 0);
    let onion = "http://a4dqobyha4dqobyha4dqobyha4dqobyha4dqobyha4dqobyha4dwc6ad.onion/";
    for (path, heading) in [
        ("en/index.html", "If this site is blocked"),
        ("en/about/index.html", "If this site is blocked"),
        ("uk/index.html", "Якщо цей сайт заблоковано"),
        ("index.html", "If this site is blocked"),
        ("404.html", "If this site is blocked"),
    ] {
        let html = page(&out, path);
        assert!(html.contains(heading), "{path}: no heading");
        assert!(html.contains(onion), "{path}: no onion address");
        assert!(
            !html.contains(&format!("href=\"{onion}")) && !html.contains("href=\"http://a4dq"),
            "{path}: the onion address must not be a link (a lookup leaks)"
        );
        assert!(
            html.contains("https://mirror.example.net/campaign/"),
            "{path}: no mirror"
        );
    }
    let about = page(&out, "en/about/index.html");
    assert!(
        about.contains("href=\"https://mirror.example.net/campaign/en/about/\""),
        "the same page at the mirror"
    );
    assert!(about.contains("href=\"http://[2001:db8::1]:8080/en/about/\""));
    // Canonical and alternates stay on base_url.
    assert!(
        about.contains("<link rel=\"canonical\" href=\"https://example.org/campaign/en/about/\">")
    );
    assert!(!about.contains("rel=\"alternate\" hreflang=\"en\" href=\"https://mirror"));
    // The downloads with their checksums, in the hosted pages only.
    let sums = page(&out, "download/SHA256SUMS");
    let zip_hash = sums
        .lines()
        .find(|l| l.ends_with("themed-offline.zip"))
        .unwrap()
        .split_once("  ")
        .unwrap()
        .0;
    let page_hash = sums
        .lines()
        .find(|l| l.ends_with("themed-uk.html"))
        .unwrap()
        .split_once("  ")
        .unwrap()
        .0;
    let uk = page(&out, "uk/index.html");
    assert!(
        uk.contains(zip_hash) && uk.contains(page_hash),
        "checksums beside the downloads"
    );
    assert!(uk.contains("Контрольна сума SHA-256:"));
    // The offline copy and the single page list the mirrors too, but no downloads.
    let single = page(&out, "download/themed-uk.html");
    assert!(single.contains(onion) && single.contains("https://mirror.example.net/campaign/uk/"));
    assert!(!single.contains(zip_hash));
    assert!(page(&out, "_headers").contains(&format!("  Onion-Location: {onion}\n")));
}

#[test]
fn mirrors_and_onion_addresses_are_validated_where_they_are_written() {
    let site = temp_dir("bad-mirrors");
    copy_dir(&fixture("themed"), &site);
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    let good_onion = "a4dqobyha4dqobyha4dqobyha4dqobyha4dqobyha4dqobyha4dwc6ad";
    let typo = good_onion.replacen('q', "r", 1);
    let cases = [
        ("\"https://mirror.example.net/campaign/\"", "\"https://m.example.net/?from=x\"", "site.toml:9:35: error: mirror `https://m.example.net/?from=x` has a query"),
        ("\"https://mirror.example.net/campaign/\"", "\"javascript:alert(1)\"", "site.toml:9:13: error: mirror `javascript:alert(1)` is not an absolute http(s) address"),
        ("\"https://mirror.example.net/campaign/\"", "\"https://example.org/campaign\"", "site.toml:9:12: error: mirror `https://example.org/campaign/` is base_url itself"),
        ("\"https://mirror.example.net/campaign/\"", "\"http://[2001:db8::1]:8080\"", "site.toml:9:41: error: mirror `http://[2001:db8::1]:8080/` is listed twice"),
        ("\"https://mirror.example.net/campaign/\"", &format!("\"http://{good_onion}.onion/\""), "is an onion address"),
        (&format!("{good_onion}.onion"), "expyuzz4wqqyqhjn.onion", "error: onion `expyuzz4wqqyqhjn.onion` is a version 2 address, which Tor no longer serves"),
        (&format!("{good_onion}.onion"), &format!("{typo}.onion"), "its checksum does not match"),
        (&format!("http://{good_onion}.onion/"), "https://example.net/", "error: onion `https://example.net/` is not a .onion address"),
        (&format!("http://{good_onion}.onion/"), &format!("http://{good_onion}.onion/?x"), "has a query"),
    ];
    for (from, to, says) in cases {
        std::fs::write(site.join("site.toml"), toml.replacen(from, to, 1)).unwrap();
        let run = zaklyk(&["check", "--root", site.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{to}: {}", run.stderr);
        assert!(
            run.stderr.contains(says),
            "{to}: wanted `{says}` in\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("[config-mirror]") || run.stderr.contains("[config-onion]"));
    }
}

/// `verify` run on `file` with `key`.
fn verify(file: &Path, key: &str) -> Run {
    zaklyk(&["verify", file.to_str().unwrap(), "--key", key])
}

#[test]
fn verify_serves_a_reader_with_a_renamed_copy_and_a_printed_fingerprint() {
    let keys = temp_dir("verify-keys");
    assert_eq!(zaklyk(&["keygen", keys.to_str().unwrap()]).code, 0);
    let out = temp_dir("verify-out");
    let secret = keys.join("zaklyk-signing.key");
    assert_eq!(
        package_site(
            &fixture("themed"),
            &out,
            &["--sign", secret.to_str().unwrap()]
        )
        .code,
        0
    );
    let public = std::fs::read_to_string(keys.join("zaklyk-signing.pub")).unwrap();
    let fingerprint = public
        .lines()
        .next()
        .unwrap()
        .rsplit("fingerprint ")
        .next()
        .unwrap()
        .to_string();
    assert!(
        page(&out, "en/index.html").contains(&fingerprint),
        "the pages print the fingerprint"
    );

    // A browser saved the zip under another name, with spaces, beside the checksums.
    let downloads = temp_dir("verify-downloads");
    for f in ["SHA256SUMS", "SHA256SUMS.sig", "zaklyk-signing.pub"] {
        std::fs::copy(out.join("download").join(f), downloads.join(f)).unwrap();
    }
    let renamed = downloads.join("themed-offline (1).zip");
    std::fs::copy(out.join("download/themed-offline.zip"), &renamed).unwrap();
    for key in [
        fingerprint.clone(),
        fingerprint.replace(' ', ""),
        fingerprint.to_uppercase().replace(' ', "  "),
        format!("  {}\t", fingerprint.replace(' ', "-")),
    ] {
        let run = verify(&renamed, &key);
        assert_eq!(run.code, 0, "{key:?}: {}", run.stderr);
        assert_eq!(
            run.stdout,
            format!("OK: themed-offline (1).zip is themed-offline.zip as listed in SHA256SUMS (it was renamed), signed by the key {fingerprint}\n")
        );
    }
    // A fingerprint that is not the published key's: nothing is trusted.
    let other = temp_dir("verify-other");
    assert_eq!(zaklyk(&["keygen", other.to_str().unwrap()]).code, 0);
    std::fs::copy(
        other.join("zaklyk-signing.pub"),
        downloads.join("zaklyk-signing.pub"),
    )
    .unwrap();
    let swapped = verify(&renamed, &fingerprint);
    assert_eq!(swapped.code, 1, "{}", swapped.stderr);
    assert!(
        swapped.stderr.contains("is not the key you trust"),
        "{}",
        swapped.stderr
    );
    // A changed copy under a new name is still refused.
    let mut bytes = std::fs::read(&renamed).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 1;
    std::fs::write(&renamed, &bytes).unwrap();
    let changed = verify(&renamed, keys.join("zaklyk-signing.pub").to_str().unwrap());
    assert_eq!(changed.code, 1);
    assert!(
        changed.stderr.contains("is not listed in"),
        "{}",
        changed.stderr
    );
    // A key that is neither a file, a key nor a fingerprint.
    let nonsense = verify(&renamed, "a1b2 c3d4");
    assert_eq!(nonsense.code, 2);
    assert!(
        nonsense
            .stderr
            .contains("a fingerprint has 32 and a public key 64"),
        "{}",
        nonsense.stderr
    );
}

#[test]
fn verify_says_where_to_download_what_is_missing() {
    let keys = temp_dir("verify-miss-keys");
    assert_eq!(zaklyk(&["keygen", keys.to_str().unwrap()]).code, 0);
    let out = temp_dir("verify-miss-out");
    let secret = keys.join("zaklyk-signing.key");
    assert_eq!(
        package_site(
            &fixture("themed"),
            &out,
            &["--sign", secret.to_str().unwrap()]
        )
        .code,
        0
    );
    let public = keys.join("zaklyk-signing.pub");
    let alone = temp_dir("verify-alone");
    for file in ["themed-uk.html", "themed-offline.zip"] {
        let copy = alone.join(file);
        std::fs::copy(out.join("download").join(file), &copy).unwrap();
        let run = verify(&copy, public.to_str().unwrap());
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("SHA256SUMS` is missing"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("download it from https://example.org/campaign/download/SHA256SUMS"),
            "{file}: {}",
            run.stderr
        );
    }
    std::fs::copy(out.join("download/SHA256SUMS"), alone.join("SHA256SUMS")).unwrap();
    let run = verify(&alone.join("themed-uk.html"), public.to_str().unwrap());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("download it from https://example.org/campaign/download/SHA256SUMS.sig"),
        "{}",
        run.stderr
    );
    let fingerprint = std::fs::read_to_string(&public)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .rsplit("fingerprint ")
        .next()
        .unwrap()
        .to_string();
    let run = verify(&alone.join("themed-uk.html"), &fingerprint);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("download it from https://example.org/campaign/download/zaklyk-signing.pub"),
        "{}",
        run.stderr
    );
}

/// Debian's nginx, or `None` (with a note) when it is not installed and not required.
fn nginx_binary() -> Option<PathBuf> {
    let found = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("ZAKLYK_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "nginx is not installed and ZAKLYK_REQUIRE_TOOLS=1: apt-get install nginx-light"
        );
        eprintln!(
            "note: nginx is not installed; the nginx.conf test did not run (.ci/run installs it)"
        );
    }
    found
}

/// nginx serving `root` with the site's own `nginx.conf`, changed only where it says EDIT.
struct Nginx {
    child: Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_nginx(binary: &Path, conf: &str, root: &Path, prefix: &Path) -> Nginx {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut site = String::new();
    for line in conf.lines() {
        let edited = match line.trim_start().split('#').next().unwrap().trim() {
            "listen 80;" => format!("    listen 127.0.0.1:{port};"),
            "listen [::]:80;" => String::new(),
            l if l.starts_with("root ") => format!("    root {};", root.display()),
            _ => line.to_string(),
        };
        site.push_str(&edited);
        site.push('\n');
    }
    std::fs::create_dir_all(prefix.join("tmp")).unwrap();
    std::fs::write(prefix.join("site.conf"), site).unwrap();
    let p = prefix.display();
    std::fs::write(
        prefix.join("nginx.conf"),
        format!("daemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {p}/tmp;\n  proxy_temp_path {p}/tmp;\n  fastcgi_temp_path {p}/tmp;\n  uwsgi_temp_path {p}/tmp;\n  scgi_temp_path {p}/tmp;\n  include {p}/site.conf;\n}}\n"),
    )
    .unwrap();
    let child = Command::new(binary)
        .args(["-p", &p.to_string(), "-c", &format!("{p}/nginx.conf")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nginx starts");
    let server = Nginx { child, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "nginx did not listen: {}",
            std::fs::read_to_string(prefix.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn get(port: u16, path: &str, extra: &str) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n{extra}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete answer");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// The headers `_headers` gives the addresses of one block (`/campaign/*`).
fn headers_block(headers_file: &str, pattern: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in headers_file.lines() {
        if !line.starts_with(' ') {
            inside = line == pattern;
        } else if inside {
            let (n, v) = line.trim().split_once(": ").unwrap();
            out.push((n.to_string(), v.to_string()));
        }
    }
    assert!(!out.is_empty(), "no block {pattern}");
    out
}

/// Serves a packaged site with its own nginx.conf and checks everything a webmaster relies on.
fn check_served(label: &str, site: &Path, base_url: &str, languages: &[&str]) {
    let Some(binary) = nginx_binary() else { return };
    let prefix = temp_dir(label);
    let base = base_url
        .splitn(4, '/')
        .nth(3)
        .map_or("/".to_string(), |p| format!("/{p}"));
    let www = prefix.join("www");
    let dist = www.join(base.trim_matches('/'));
    let run = package_site(site, &dist, &["--base-url", base_url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tree = read_tree(&dist);
    let conf = String::from_utf8_lossy(&tree["nginx.conf"]).into_owned();
    let server = start_nginx(&binary, &conf, &www, &prefix.join("nginx"));
    let port = server.port;
    let headers_file = String::from_utf8_lossy(&tree["_headers"]).into_owned();

    // The headers of _headers, on pages, files, downloads and the 404 page alike.
    let everywhere = headers_block(&headers_file, &format!("{base}*"));
    for path in [
        base.clone(),
        format!("{base}{}/index.html", languages[0]),
        format!("{base}style.css"),
        format!("{base}download/SHA256SUMS"),
        format!("{base}no/such/page"),
    ] {
        let answer = get(port, &path, "");
        for (name, value) in &everywhere {
            let got = answer.header(name);
            let want = if name == "Onion-Location" && path != base {
                // nginx names the same page on the onion service; _headers can only name its root.
                format!("{value}{}", path.strip_prefix(&base).unwrap())
            } else {
                value.clone()
            };
            assert_eq!(got, Some(want.as_str()), "{label} {path}: {name}");
        }
    }
    for (path, block) in [
        ("style.css", "style.css"),
        ("download/SHA256SUMS", "download/*"),
    ] {
        let want = headers_block(&headers_file, &format!("{base}{block}"));
        let answer = get(port, &format!("{base}{path}"), "");
        assert_eq!(answer.status, 200, "{label} {path}");
        for (name, value) in want {
            assert_eq!(
                answer.header(&name),
                Some(value.as_str()),
                "{label} {path}: {name}"
            );
        }
    }

    // The 404 page, for any missing address.
    let missing = get(port, &format!("{base}no/such/page"), "");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body == tree["404.html"],
        "{label}: the site's 404.html"
    );

    // The front page: the reader's language when the browser's first choice is one of them.
    let chosen = get(
        port,
        &base,
        &format!("Accept-Language: {}-XX,en;q=0.5\r\n", languages[1]),
    );
    assert_eq!(chosen.status, 302, "{label}");
    assert!(
        chosen
            .header("Location")
            .unwrap()
            .ends_with(&format!("{base}{}/", languages[1])),
        "{label}: {:?}",
        chosen.header("Location")
    );
    for other in ["ru", "ru,uk;q=0.8", ""] {
        let chooser = get(port, &base, &format!("Accept-Language: {other}\r\n"));
        assert_eq!(chooser.status, 200, "{label}: {other}");
        assert!(
            chooser.body == tree["index.html"],
            "{label}: the chooser for {other:?}"
        );
        assert_eq!(chooser.header("Vary"), Some("Accept-Language"));
    }

    // The hosting files are not served.
    for hidden in ["_headers", "_redirects", ".nojekyll", "nginx.conf"] {
        assert!(tree.contains_key(hidden), "{hidden} is published");
        assert_eq!(
            get(port, &format!("{base}{hidden}"), "").status,
            404,
            "{label}: {hidden}"
        );
    }

    // Every link of every page leads somewhere served.
    let mut followed = 0;
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let url = format!("{base}{path}");
        let answer = get(port, &url, "");
        assert_eq!(answer.status, 200, "{label}: {url}");
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("data:") {
                continue;
            }
            let (target, fragment) = link.split_once('#').unwrap_or((link.as_str(), ""));
            let resolved = if target.is_empty() {
                url.clone()
            } else if target.starts_with('/') {
                target.to_string()
            } else {
                let mut parts: Vec<&str> = url.split('/').collect();
                parts.pop();
                for part in target.split('/') {
                    match part {
                        ".." => {
                            parts.pop();
                        }
                        "." => {}
                        p => parts.push(p),
                    }
                }
                parts.join("/")
            };
            let served = get(port, &resolved, "");
            assert_eq!(
                served.status, 200,
                "{label}: {url} links to {link} ({resolved})"
            );
            if !fragment.is_empty() && fragment != "main" {
                let body = String::from_utf8_lossy(&served.body);
                assert!(
                    body.contains(&format!("id=\"{fragment}\""))
                        || body.contains(&format!("id={fragment}")),
                    "{label}: {url}: #{fragment}"
                );
            }
            followed += 1;
        }
    }
    assert!(followed > 50, "{label}: only {followed} links followed");
}

#[test]
fn nginx_serves_the_site_at_the_domain_root_with_its_own_conf() {
    check_served(
        "nginx-root",
        &repo_root(),
        "https://example.org/",
        &LANGUAGES,
    );
}

#[test]
fn nginx_serves_the_site_under_a_sub_path_with_its_own_conf() {
    check_served(
        "nginx-sub",
        &repo_root(),
        "https://org.example.net/campaign/2025/",
        &LANGUAGES,
    );
    check_served(
        "nginx-onion",
        &fixture("themed"),
        "https://example.org/campaign/",
        &["en", "uk"],
    );
}

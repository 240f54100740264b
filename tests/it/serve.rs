//! `zaklyk serve` over real HTTP on 127.0.0.1: rebuild on change, error page, safety, load.

use crate::support::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `zaklyk serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path, port: u16) -> Server {
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
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
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

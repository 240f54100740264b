//! Nothing outside the site folder is read: each root a build walks, `site.toml` and files at
//! any depth, linked out of the site or into its private parts (`.git/`, `dist/`, a signing
//! key), are refused by `build`, `check`, `package`, `status` and `serve`, and nothing of what
//! they lead to is published. Links that stay within the sources are followed.

use crate::support::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What lies outside every test site: a whole site folder of its own (so a link out leads to
/// something a build would happily read), marked `SECRET` everywhere. At `target/it-outside/`,
/// one fixed place, so that the relative links, and the messages quoting them, are the same on
/// every machine.
fn outside() -> PathBuf {
    static MADE: std::sync::Once = std::sync::Once::new();
    let dir = repo_root().join("target/it-outside/site");
    MADE.call_once(|| {
        copy_dir(&fixture("basic"), &dir);
        let _ = std::fs::remove_dir_all(dir.join("expected"));
        for (rel, text) in [
            ("theme/static/secret.css", "/* SECRET */"),
            ("theme/templates/secret.html", "SECRET"),
            (
                "content/en/secret.md",
                "+++\ntitle = \"SECRET\"\n+++\nSECRET\n",
            ),
            (
                "content/en/updates/secret.md",
                "+++\ntitle = \"SECRET\"\n+++\nSECRET\n",
            ),
        ] {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    });
    dir
}

/// The link text from `rel` (a name in a test site) to `target` below the outside site.
fn out_link(rel: &str, target: &str) -> String {
    format!(
        "{}it-outside/site/{target}",
        "../".repeat(rel.matches('/').count() + 2)
    )
}

/// A copy of the basic fixture in `target/it-tmp/`, changed by `setup`.
fn site(label: &str, setup: impl FnOnce(&Path)) -> PathBuf {
    outside();
    let dir = basic_site(label);
    setup(&dir);
    dir
}

/// Replaces whatever is at `rel` with a symbolic link whose text is `target`.
fn link(site: &Path, rel: &str, target: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&path);
    let _ = std::fs::remove_file(&path);
    symlink(target, &path).unwrap();
}

/// Runs build, check, package and status on `site`; each must exit 1 with `expected` among its
/// messages, publish nothing and show nothing of the outside.
fn refused_by_every_verb(case: &str, site: &Path, expected: &str) {
    for verb in ["build", "package", "check", "status"] {
        let out = temp_dir(&format!("{case}-{verb}-out"));
        std::fs::write(out.join("previous.html"), "previous").unwrap();
        let mut args = vec![verb, "--root", site.to_str().unwrap()];
        if matches!(verb, "build" | "package") {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        let run = zaklyk(&args);
        assert_eq!(run.code, 1, "{case}: {verb}: {}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "{case}: {verb} should say `{expected}`:\n{}",
            run.stderr
        );
        assert!(
            !run.stdout.contains("SECRET") && !run.stderr.contains("SECRET"),
            "{case}: {verb} shows the outside"
        );
        assert!(!run.stderr.contains("panicked"), "{case}: {}", run.stderr);
        let tree = read_tree(&out);
        assert_eq!(
            tree.keys().collect::<Vec<_>>(),
            ["previous.html"],
            "{case}: {verb} wrote"
        );
    }
}

#[test]
fn each_root_and_each_file_a_build_reads_linked_out_of_the_site_is_refused_by_every_verb() {
    for (case, rel, target) in [
        ("content", "content", "content"),
        ("locales", "locales", "locales"),
        ("theme", "theme", "theme"),
        ("static", "theme/static", "theme/static"),
        ("templates", "theme/templates", "theme/templates"),
        ("site-toml", "site.toml", "site.toml"),
        (
            "signatories",
            "content/signatories.toml",
            "content/signatories.toml",
        ),
        ("lang", "content/en", "content/en"),
        ("locale-lang", "locales/en", "locales/en"),
        ("updates", "content/en/updates", "content/en/updates"),
        ("page", "content/en/about.md", "content/en/secret.md"),
        ("ftl", "locales/en/campaign.ftl", "locales/en/campaign.ftl"),
        (
            "deep-file",
            "content/en/a/b/c/d/page.md",
            "content/en/secret.md",
        ),
        (
            "deep-static",
            "theme/static/a/b/secret.css",
            "theme/static/secret.css",
        ),
        (
            "deep-template",
            "theme/templates/partials/page.html",
            "theme/templates/secret.html",
        ),
    ] {
        let text = out_link(rel, target);
        let dir = site(&format!("out-{case}"), |d| {
            if rel.starts_with("theme/static/") || rel.starts_with("theme/templates/") {
                std::fs::create_dir_all(d.join("theme/static")).unwrap();
            }
            link(d, rel, &text)
        });
        refused_by_every_verb(
            case,
            &dir,
            &format!("{rel}: error: symbolic link to `{text}` leads outside the site folder"),
        );
    }
}

#[test]
fn an_absolute_link_out_and_a_link_to_a_device_are_refused() {
    let secret = outside().join("content/en/secret.md");
    let dir = site("out-absolute", |d| {
        link(d, "content/en/about.md", secret.to_str().unwrap());
    });
    refused_by_every_verb(
        "absolute",
        &dir,
        "content/en/about.md: error: symbolic link to `",
    );
    let dir = site("out-device", |d| {
        link(d, "theme/static/zero.css", "/dev/zero")
    });
    refused_by_every_verb(
        "device",
        &dir,
        "theme/static/zero.css: error: symbolic link to `/dev/zero` leads outside the site folder",
    );
}

#[test]
fn dangling_links_and_loops_are_refused_by_every_verb() {
    let dir = site("dangling", |d| link(d, "content/en/gone.md", "nowhere.md"));
    refused_by_every_verb(
        "dangling",
        &dir,
        "content/en/gone.md: error: symbolic link to `nowhere.md` leads nowhere",
    );
    let dir = site("linkloop", |d| {
        link(d, "locales/en/a.ftl", "b.ftl");
        link(d, "locales/en/b.ftl", "a.ftl");
    });
    refused_by_every_verb(
        "link-loop",
        &dir,
        "locales/en/a.ftl: error: symbolic link to `b.ftl` never resolves: the links form a loop",
    );
    let dir = site("folderloop", |d| link(d, "content/en/again", ".."));
    refused_by_every_verb(
        "folder-loop",
        &dir,
        "content/en/again: error: symbolic link to `..` leads back to a folder that contains it",
    );
    let dir = site("rootloop", |d| link(d, "theme", "theme"));
    refused_by_every_verb(
        "root-loop",
        &dir,
        "theme: error: symbolic link to `theme` never resolves",
    );
}

#[test]
fn links_into_the_private_parts_of_the_site_folder_are_refused() {
    for (case, rel, target, real) in [
        ("git", "theme/static/git", "../../.git", ".git"),
        (
            "git-file",
            "theme/static/head.txt",
            "../../.git/HEAD",
            ".git/HEAD",
        ),
        ("dist", "theme/static/old", "../../dist", "dist"),
        (
            "key",
            "theme/static/key.txt",
            "../../zaklyk-signing.key",
            "zaklyk-signing.key",
        ),
        ("env", "content/en/env.md", "../../.env", ".env"),
        (
            "hidden",
            "content/en/draft.md",
            "../.drafts/x.md",
            "content/.drafts/x.md",
        ),
        ("whole-site", "theme/static/all", "../..", "."),
        ("content-inside", "content", "src/content", "src/content"),
    ] {
        let dir = site(&format!("private-{case}"), |d| {
            for f in [
                ".git/HEAD",
                "dist/index.html",
                "zaklyk-signing.key",
                ".env",
                "content/.drafts/x.md",
            ] {
                let path = d.join(f);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "SECRET").unwrap();
            }
            if case == "content-inside" {
                std::fs::create_dir_all(d.join("src")).unwrap();
                std::fs::rename(d.join("content"), d.join("src/content")).unwrap();
            }
            std::fs::create_dir_all(d.join("theme/static")).unwrap();
            link(d, rel, target);
        });
        refused_by_every_verb(
            case,
            &dir,
            &format!("{rel}: error: symbolic link to `{target}` leads to `{real}`, which is not one of the site's sources"),
        );
    }
}

#[test]
fn a_second_name_for_a_folder_is_refused() {
    let dir = site("repeated", |d| {
        std::fs::create_dir_all(d.join("theme/static/img")).unwrap();
        std::fs::write(d.join("theme/static/img/a.svg"), "<svg/>").unwrap();
        link(d, "theme/static/alias", "img");
    });
    refused_by_every_verb(
        "repeated",
        &dir,
        "theme/static/alias: error: this folder is already read as `theme/static/img`",
    );
}

#[test]
fn a_named_pipe_never_blocks_a_build() {
    let dir = site("fifo", |d| {
        std::fs::create_dir_all(d.join("theme/static")).unwrap();
        let status = Command::new("mkfifo")
            .arg(d.join("theme/static/pipe.css"))
            .status()
            .unwrap();
        assert!(status.success());
    });
    refused_by_every_verb(
        "fifo",
        &dir,
        "theme/static/pipe.css: error: this is a named pipe",
    );
}

#[test]
fn a_secret_key_in_the_theme_is_never_published() {
    let keys = temp_dir("theme-key");
    assert_eq!(zaklyk(&["keygen", keys.to_str().unwrap()]).code, 0);
    let key = std::fs::read(keys.join("zaklyk-signing.key")).unwrap();
    // The key as keygen wrote it, after a byte-order mark, after a blank line, inside other text.
    let variants: [(&str, Vec<u8>); 4] = [
        ("notes.txt", key.clone()),
        ("bom.txt", [b"\xef\xbb\xbf".as_slice(), &key].concat()),
        ("zaklyk-signing", [b"\n".as_slice(), &key].concat()),
        (
            "backup.txt",
            [b"keys:\n".as_slice(), &key, b"end\n"].concat(),
        ),
    ];
    for (name, bytes) in variants {
        let dir = site(&format!("theme-key-{name}"), |d| {
            std::fs::create_dir_all(d.join("theme/static")).unwrap();
            std::fs::write(d.join("theme/static").join(name), &bytes).unwrap();
        });
        refused_by_every_verb(
            &format!("theme-key-{name}"),
            &dir,
            &format!("theme/static/{name}: error: this is a secret signing key"),
        );
    }
}

#[test]
fn a_static_file_too_large_to_publish_is_refused_before_it_is_read() {
    // A sparse file: as large as claimed, nothing on disk.
    let dir = site("static-huge", |d| {
        std::fs::create_dir_all(d.join("theme/static")).unwrap();
        let file = std::fs::File::create(d.join("theme/static/video.mp4")).unwrap();
        file.set_len(1 << 40).unwrap();
    });
    refused_by_every_verb(
        "static-huge",
        &dir,
        "theme/static/video.mp4: error: file is 1048576 MiB; zaklyk publishes static files of up to 100 MiB [file-too-large]",
    );
}

#[test]
fn links_within_the_sources_are_followed_and_published() {
    let dir = site("inside", |d| {
        std::fs::create_dir_all(d.join("theme/assets/icons")).unwrap();
        std::fs::write(d.join("theme/assets/icons/logo.svg"), "<svg>logo</svg>").unwrap();
        link(d, "theme/static/logo.svg", "../assets/icons/logo.svg");
        link(d, "theme/static/icons", "../assets/icons");
        link(d, "content/uk/about.md", "../en/about.md");
    });
    // `--root` given as a link is fine: the site folder is resolved once.
    let root_link = temp_dir("inside-root").join("site");
    symlink(&dir, &root_link).unwrap();
    let out = temp_dir("inside-out");
    let run = build(&root_link, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tree = read_tree(&out);
    assert_eq!(tree["logo.svg"], b"<svg>logo</svg>");
    assert_eq!(tree["icons/logo.svg"], b"<svg>logo</svg>");
    assert!(tree.contains_key("uk/about/index.html"));
}

#[test]
fn every_refusal_of_a_run_is_reported_at_once_at_the_link() {
    let dir = site("all-at-once", |d| {
        link(d, "theme", &out_link("theme", "theme"));
        link(
            d,
            "content/en/about.md",
            &out_link("content/en/about.md", "content/en/secret.md"),
        );
        link(d, "content/en/gone.md", "nowhere.md");
        link(d, "content/en/again", "..");
        link(d, "locales/en/a.ftl", "b.ftl");
        link(d, "locales/en/b.ftl", "a.ftl");
        std::fs::create_dir_all(d.join(".git")).unwrap();
        std::fs::write(d.join(".git/config"), "SECRET").unwrap();
        link(d, "content/signatories.toml", "../.git/config");
    });
    let out = temp_dir("all-at-once-out");
    let run = build(&dir, &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_text(
        &errors_only(&normalize_stderr(&run.stderr, &out)),
        &repo_root().join("tests/corpus/symlinks-all-at-once.stderr"),
    );
    // A refused file is reported once: not again as a broken link to it, nor are the names of
    // the signatories a refused signatories.toml would list reported as unused.
    for follow_on in ["@/about.md", "signatory-name-unused"] {
        assert!(
            !run.stderr.contains(follow_on),
            "{follow_on}: {}",
            run.stderr
        );
    }
    // The same in JSON: a link has no line, so line and col are 0.
    let run = zaklyk(&["check", "--root", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1);
    let all: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let theme = all
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "theme")
        .expect("the theme link is reported");
    assert_eq!(
        (theme["line"].as_u64(), theme["col"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(theme["help"].as_str().unwrap().contains("copy"));
}

/// A running `zaklyk serve`, stopped when dropped.
struct Serve(std::process::Child, u16);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(root: &Path) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zaklyk"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut server = Serve(child, 0);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve printed its address in time");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            server.1 = rest.split('/').next().unwrap().parse().unwrap();
            return server;
        }
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
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

#[test]
fn serve_refuses_links_out_and_serves_nothing_they_lead_to() {
    for (rel, target, file) in [
        ("theme/static", "theme/static", "/secret.css"),
        (
            "content/en/secret.md",
            "content/en/secret.md",
            "/en/secret/",
        ),
    ] {
        let text = out_link(rel, target);
        let dir = site("serve-out", |d| {
            std::fs::create_dir_all(d.join("theme")).unwrap();
            link(d, rel, &text)
        });
        let server = serve(&dir);
        let (status, body) = get(server.1, file);
        assert_eq!(status, 404, "{rel}: {body}");
        assert!(!body.contains("SECRET"), "{rel}");
        let (_, page) = get(server.1, "/__zaklyk/error?lang=en");
        assert!(
            page.contains(&format!(
                "{rel}: error: symbolic link to `{text}` leads outside the site folder"
            )),
            "{rel}: {page}"
        );
    }
}

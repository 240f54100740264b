//! The edges of the command line: a site's address (`base_url`, `--base-url`) is validated and
//! written in one form, and a reader that goes away (`| head -1`) ends a run quietly.

use crate::support::*;
use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn a_bad_base_url_option_is_a_usage_error_with_its_reason() {
    for (given, reason) in [
        ("https://x.org/camp?a=1#f", "has a fragment"),
        ("https://x.org/camp?a=1", "has a query"),
        ("https://x.org/#top", "has a fragment"),
        ("https://user:pass@x.org/", "has user information"),
        ("https://x.org@evil.org/", "has user information"),
        ("x.org/camp", "is not an absolute http(s) address"),
        ("ftp://x.org/", "is not an absolute http(s) address"),
        ("//x.org/", "is not an absolute http(s) address"),
        (
            "javascript:alert(1)//",
            "is not an absolute http(s) address",
        ),
        ("https://", "has no host"),
        ("https://x.org//camp/", "has an empty path segment"),
        ("https://x.org/a/../../b/", "has a `..` segment"),
        ("https://x.org/%2E%2e/", "has a `..` segment"),
        ("https://x.org/./", "has a `.` segment"),
        ("https://x.org\\camp/", "contains a backslash"),
        ("https://x.org/my camp/", "contains a space"),
        ("https://x.org:99999/", "is not a port number"),
        (
            "https://x.org/\"><script>/",
            "which a URL must percent-encode",
        ),
        ("https://bad_host.org/", "is not a valid domain name"),
    ] {
        let out = temp_dir("bad-base-url");
        for verb in ["build", "package"] {
            let run = zaklyk(&[
                verb,
                "--root",
                fixture("basic").to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--base-url",
                given,
            ]);
            assert_eq!(run.code, 2, "{verb} {given}: {}", run.stderr);
            assert!(
                run.stderr.contains("invalid value") && run.stderr.contains(reason),
                "{verb} {given}: {}",
                run.stderr
            );
            assert!(run.stderr.contains("= help: "), "{}", run.stderr);
            assert!(read_tree(&out).is_empty(), "{given}: nothing built");
        }
    }
}

#[test]
fn a_base_url_is_written_in_one_form_everywhere() {
    for (given, canonical) in [
        (
            "HTTPS://Org.GitHub.IO/campaign",
            "https://org.github.io/campaign/uk/",
        ),
        ("https://example.org:443", "https://example.org/uk/"),
        ("http://[::1]:8080/preview", "http://[::1]:8080/preview/uk/"),
        (
            "https://example.org/заклик/",
            "https://example.org/%D0%B7%D0%B0%D0%BA%D0%BB%D0%B8%D0%BA/uk/",
        ),
    ] {
        let out = temp_dir("good-base-url");
        let run = build(&fixture("basic"), &out, &["--base-url", given]);
        assert_eq!(run.code, 0, "{given}: {}", run.stderr);
        let uk = std::fs::read_to_string(out.join("uk/index.html")).unwrap();
        assert!(
            uk.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
            "{given}: {}",
            uk.lines().find(|l| l.contains("canonical")).unwrap_or("")
        );
    }
}

#[test]
fn a_bad_base_url_in_site_toml_is_located_at_the_value() {
    let dir = basic_site("toml-base-url");
    let toml = std::fs::read_to_string(dir.join("site.toml"))
        .unwrap()
        .replace(
            "base_url = \"https://example.org/campaign/\"",
            "base_url = \"https://example.org/campaign?utm=1\"",
        );
    std::fs::write(dir.join("site.toml"), toml).unwrap();
    let run = zaklyk(&["check", "--root", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "site.toml:2:41: error: base_url `https://example.org/campaign?utm=1` has a query"
        ),
        "{}",
        run.stderr
    );
}

/// Runs zaklyk with a stdout (or stderr) whose reading end is already closed, so every write
/// to it fails with a broken pipe, whatever the timing.
fn with_closed(stream: &str, args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut command = Command::new(env!("CARGO_BIN_EXE_zaklyk"));
    command.args(args);
    let output = if stream == "stdout" {
        command.stdout(writer).stderr(Stdio::piped()).output()
    } else {
        command.stderr(writer).stdout(Stdio::piped()).output()
    }
    .unwrap();
    let other = if stream == "stdout" {
        output.stderr
    } else {
        output.stdout
    };
    (
        output.status.code(),
        String::from_utf8_lossy(&other).into_owned(),
    )
}

#[test]
fn a_closed_stdout_ends_the_run_quietly_with_exit_0() {
    let root = repo_root();
    let root = root.to_str().unwrap();
    let invalid = fixture("invalid_content");
    let invalid = invalid.to_str().unwrap();
    for args in [
        vec!["status", "--root", root, "--format", "json"],
        vec!["status", "--root", root],
        vec!["check", "--root", invalid, "--format", "json"],
        vec!["--help"],
        vec!["build", "--help"],
        vec!["--version"],
    ] {
        let (code, stderr) = with_closed("stdout", &args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}: nothing on stderr");
    }
}

#[test]
fn a_closed_stdout_while_reading_ends_quietly_too() {
    // The `| head -1` of a shell: the reader takes one line, then goes away.
    let mut child = Command::new(env!("CARGO_BIN_EXE_zaklyk"))
        .args([
            "check",
            "--root",
            fixture("invalid_content").to_str().unwrap(),
        ])
        .args(["--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    assert_eq!(first, "[\n");
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    // Exit 0 when the reader left before the end; 1 (problems found) when it all fitted.
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?}",
        output.status
    );
}

#[test]
fn a_closed_stderr_silences_messages_but_keeps_the_outcome() {
    let out = temp_dir("closed-stderr");
    let invalid = fixture("invalid_content");
    let (code, _) = with_closed(
        "stderr",
        &[
            "build",
            "--root",
            invalid.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(1), "problems found: exit 1, no panic");
    let (code, _) = with_closed(
        "stderr",
        &[
            "build",
            "--root",
            fixture("basic").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0));
    assert!(Path::new(&out).join("uk/index.html").exists());
    let (code, _) = with_closed("stderr", &["build", "--root", "/nonexistent/site"]);
    assert_eq!(code, Some(2));
}

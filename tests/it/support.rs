//! The harness: run the real `zaklyk` binary on a fixture, compare with goldens.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// A fresh, empty folder under the target directory, unique per call.
pub fn temp_dir(label: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = repo_root()
        .join("target/it-tmp")
        .join(format!("{label}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `zaklyk` with `args`.
pub fn zaklyk(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_zaklyk"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the zaklyk binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `zaklyk build --root <root> --out <out>`.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    zaklyk(&args)
}

/// Every file below `dir`, by relative path with `/`.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

fn bless() -> bool {
    std::env::var_os("BLESS").is_some()
}

/// Compares `actual` with the golden tree `expected` in both directions (missing and extra
/// files); with `BLESS=1`, rewrites the golden tree instead.
pub fn assert_tree(actual: &Path, expected: &Path) {
    let got = read_tree(actual);
    if bless() {
        let _ = std::fs::remove_dir_all(expected);
        for (rel, bytes) in &got {
            let path = expected.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        return;
    }
    let want = read_tree(expected);
    let missing: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "files missing from the output: {missing:?}; unexpected files: {extra:?} (BLESS=1 rewrites the goldens)");
    let differing: Vec<String> = want
        .iter()
        .filter(|(rel, bytes)| got[*rel] != **bytes)
        .map(|(rel, bytes)| {
            unified_diff(
                &String::from_utf8_lossy(bytes),
                &String::from_utf8_lossy(&got[rel]),
                &format!("{}/{rel}", shown(expected)),
            )
        })
        .collect();
    assert!(
        differing.is_empty(),
        "{} file(s) differ from their goldens:\n{}(BLESS=1 rewrites the goldens)",
        differing.len(),
        differing.concat()
    );
}

/// A golden's path as the repository names it.
fn shown(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A unified diff from the golden text `want` to the output `got`, every differing line shown.
pub fn unified_diff(want: &str, got: &str, golden: &str) -> String {
    similar::TextDiff::from_lines(want, got)
        .unified_diff()
        .context_radius(2)
        .header(&format!("{golden} (golden)"), "output")
        .to_string()
}

/// Compares text with a golden file; with `BLESS=1`, rewrites it.
pub fn assert_text(actual: &str, expected: &Path) {
    if bless() {
        std::fs::write(expected, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(expected)
        .unwrap_or_else(|_| panic!("missing golden {} (BLESS=1 writes it)", expected.display()));
    assert!(
        actual == want,
        "output differs from its golden:\n{}(BLESS=1 rewrites the golden)",
        unified_diff(&want, actual, &shown(expected))
    );
}

/// Makes stderr comparable: the output path and timings vary between runs.
pub fn normalize_stderr(stderr: &str, out: &Path) -> String {
    let text = stderr.replace(out.to_str().unwrap(), "[OUT]");
    text.lines()
        .map(|l| match (l.find(" in "), l.ends_with(" ms")) {
            (Some(i), true) => format!("{} in [TIME] ms", &l[..i]),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The errors of a run's stderr, for goldens about bad input: warning blocks are dropped and the
/// count line keeps its errors. The sites the bad-input cases are made from are partly
/// translated on purpose, and what `build` warns about them is not what those cases test
/// (the `check_translations` fixture is).
pub fn errors_only(stderr: &str) -> String {
    let mut out = String::new();
    for block in stderr.split("\n\n") {
        let first = block.lines().next().unwrap_or("");
        if first.contains(": warning: ") {
            continue;
        }
        let block = block
            .lines()
            .map(|l| {
                match l
                    .split_once(" errors, ")
                    .or_else(|| l.split_once(" error, "))
                {
                    Some((n, rest)) if rest.ends_with("warnings") || rest.ends_with("warning") => {
                        format!("{n} error{}", if n == "1" { "" } else { "s" })
                    }
                    _ => l.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        out.push_str(&block);
        out.push_str("\n\n");
    }
    out.trim_end().to_string() + "\n"
}

/// Copies a folder recursively.
/// A fresh copy of the `basic` fixture site (without its expected output), to change.
pub fn basic_site(label: &str) -> PathBuf {
    let dir = temp_dir(label);
    copy_dir(&fixture("basic"), &dir);
    let _ = std::fs::remove_dir_all(dir.join("expected"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Whether `html` has a `<name …>` start tag carrying every one of `attributes` (each written
/// as in the output, e.g. `rel=canonical`), in any order: the minifier decides the order and
/// whether values are quoted.
pub fn has_tag(html: &str, name: &str, attributes: &[&str]) -> bool {
    html.split('<').any(|piece| {
        let Some(tag) = piece.split('>').next() else {
            return false;
        };
        let Some(rest) = tag.strip_prefix(name) else {
            return false;
        };
        rest.starts_with(' ')
            && attributes.iter().all(|a| {
                rest.match_indices(a).any(|(i, _)| {
                    rest[..i].ends_with(' ')
                        && matches!(
                            rest[i + a.len()..].chars().next(),
                            None | Some(' ') | Some('/')
                        )
                })
            })
    })
}

#[test]
fn a_golden_mismatch_shows_every_differing_line() {
    let want = "a\nb\nc\nd\ne\nf\ng\nh\n";
    let got = "a\nB\nc\nd\ne\nf\ng\nH\n";
    let diff = unified_diff(want, got, "tests/fixtures/x/expected/index.html");
    assert!(
        diff.starts_with("--- tests/fixtures/x/expected/index.html (golden)\n+++ output\n"),
        "{diff}"
    );
    for line in ["-b\n", "+B\n", "-h\n", "+H\n"] {
        assert!(diff.contains(line), "{line:?} missing from\n{diff}");
    }
    assert_eq!(unified_diff(want, want, "x"), "");
}

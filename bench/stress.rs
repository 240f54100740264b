//! Writes the repository's own site with one input made large, for `bench/stress.sh`: a page of
//! N headings that all have the same text (ids `same`, `same-2`, … `same-N`), or N Fluent
//! messages in the source language and N in a translation (plural selects, variables, a term).
//! The text is deterministic, so every run measures the same input.
//!
//! Usage: cargo run --release --example bench-stress -- OUT headings|messages N

use std::fmt::Write as _;
use std::path::Path;

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (out, kind, n) = match &args[1..] {
        [o, k, n] => (
            Path::new(o).to_path_buf(),
            k.clone(),
            n.parse::<usize>().unwrap(),
        ),
        _ => {
            eprintln!("usage: bench-stress OUT headings|messages N");
            std::process::exit(2);
        }
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let _ = std::fs::remove_dir_all(&out);
    for part in ["content", "locales"] {
        std::fs::create_dir_all(out.join(part)).unwrap();
        copy(&repo.join(part), &out.join(part));
    }
    std::fs::copy(repo.join("site.toml"), out.join("site.toml")).unwrap();
    match kind.as_str() {
        "headings" => {
            let mut page = String::from(
                "+++\ntitle = \"Headings\"\ndescription = \"A page of many sections.\"\n+++\n\n",
            );
            for i in 0..n {
                let _ = write!(
                    page,
                    "## Same\n\nSection {i}, with a [link](#same-{}).\n\n",
                    i / 2 + 2
                );
            }
            std::fs::write(out.join("content/en/headings.md"), page).unwrap();
        }
        "messages" => {
            // The source language, English, and a translation with Ukrainian's plural forms.
            // A language, the term's noun, and the plural variants (key, noun).
            type Forms<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
            let forms: [Forms; 2] = [
                (
                    "en",
                    "message",
                    &[("one", "message"), ("*other", "messages")],
                ),
                (
                    "uk",
                    "повідомлення",
                    &[
                        ("one", "повідомлення"),
                        ("few", "повідомлення"),
                        ("many", "повідомлень"),
                        ("*other", "повідомлення"),
                    ],
                ),
            ];
            // Files of 5,000 messages: a text file may not exceed 10 MiB.
            for (lang, word, variants) in forms {
                std::fs::write(
                    out.join(format!("locales/{lang}/thing.ftl")),
                    format!("-thing = {word}\n"),
                )
                .unwrap();
                let mut ftl = String::new();
                for i in 0..n {
                    if i > 0 && i % 5000 == 0 {
                        std::fs::write(
                            out.join(format!("locales/{lang}/stress-{}.ftl", i / 5000 - 1)),
                            &ftl,
                        )
                        .unwrap();
                        ftl.clear();
                    }
                    let _ = writeln!(ftl, "stress-{i} = {{ $count ->");
                    for (key, noun) in variants {
                        let (star, key) = match key.strip_prefix('*') {
                            Some(k) => ("*", k),
                            None => (" ", *key),
                        };
                        let _ = writeln!(ftl, "   {star}[{key}] {{ $count }} {noun} {i}, {{ -thing }} {lang} {{ $name }}");
                    }
                    let _ = writeln!(ftl, "}}\n    .title = {{ -thing }} {i} {lang}");
                }
                std::fs::write(
                    out.join(format!(
                        "locales/{lang}/stress-{}.ftl",
                        n.div_ceil(5000).max(1) - 1
                    )),
                    ftl,
                )
                .unwrap();
            }
        }
        _ => {
            eprintln!("usage: bench-stress OUT headings|messages N");
            std::process::exit(2);
        }
    }
    eprintln!("wrote the site with {n} {kind} into {}", out.display());
}

//! One set of rules: every verb finds the same problems and no verb publishes an error. Demands
//! across languages, signatories' names, language names in sentences, and the translator's
//! command line (`--locale`, `--mark-current` with `--file`/`--message`, `new-locale`).

use crate::support::*;
use std::path::{Path, PathBuf};

/// A copy of this repository's site (its own `site.toml`, `content/`, `locales/`; the theme is
/// the embedded one, which is this repository's `theme/`).
fn site_copy(label: &str) -> PathBuf {
    let site = temp_dir(label);
    for dir in ["content", "locales"] {
        copy_dir(&repo_root().join(dir), &site.join(dir));
    }
    std::fs::copy(repo_root().join("site.toml"), site.join("site.toml")).unwrap();
    site
}

fn edit(site: &Path, rel: &str, change: impl FnOnce(String) -> String) {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = change(text.clone());
    assert_ne!(text, changed, "{rel} was not changed");
    std::fs::write(path, changed).unwrap();
}

/// The diagnostics a run printed: everything before its `N errors, M warnings` line (nothing
/// when it printed none).
fn diagnostics(stderr: &str) -> String {
    let mut out = String::new();
    for line in stderr.lines() {
        let counts = line.split_once(", ").is_some_and(|(e, w)| {
            e.ends_with(" errors") || e.ends_with(" error")
        } && (w.ends_with(" warnings") || w.ends_with(" warning")));
        if counts {
            return out;
        }
        out.push_str(line);
        out.push('\n');
    }
    String::new()
}

/// Runs `check`, `build` and `package` (with `strict` or without) on `site`; asserts they exit
/// alike, print the same diagnostics and, on failure, leave the output folder as it was.
/// Returns the exit code and the diagnostics.
fn every_verb(site: &Path, strict: bool) -> (i32, String) {
    let root = site.to_str().unwrap();
    let mut results = Vec::new();
    for verb in ["check", "build", "package"] {
        let out = temp_dir(&format!("verbs-{verb}"));
        std::fs::write(out.join("previous.html"), "the previous output").unwrap();
        let mut args = vec![verb, "--root", root];
        if verb != "check" {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        if strict {
            args.push("--strict");
        }
        let run = zaklyk(&args);
        assert!(
            run.code == 0 || run.code == 1,
            "{verb}: exit {}: {}",
            run.code,
            run.stderr
        );
        if run.code != 0 {
            let tree = read_tree(&out);
            assert_eq!(
                tree.keys().collect::<Vec<_>>(),
                ["previous.html"],
                "{verb} wrote output despite errors"
            );
        } else if verb != "check" {
            assert!(
                read_tree(&out).contains_key("en/index.html"),
                "{verb} published nothing"
            );
        }
        results.push((verb, run.code, diagnostics(&run.stderr)));
    }
    let (_, code, diags) = results[0].clone();
    for (verb, c, d) in &results[1..] {
        assert_eq!(
            *c, code,
            "{verb} exits {c}, check {code} (strict: {strict})"
        );
        assert_eq!(*d, diags, "{verb} and check disagree (strict: {strict})");
    }
    (code, diags)
}

#[test]
fn every_verb_applies_the_same_rules_and_no_error_is_published() {
    // Demand 3 renumbered as 4.
    let renumbered = site_copy("renumbered");
    edit(&renumbered, "content/fr/demands.md", |t| {
        let at = t
            .find("\n3)")
            .or_else(|| t.find("\n3."))
            .expect("fr demand 3");
        format!("{}\n4{}", &t[..at], &t[at + 2..])
    });
    // Demand 5 left out.
    let missing = site_copy("missing-demand");
    edit(&missing, "content/de/demands.md", |t| {
        t.lines()
            .filter(|l| !l.starts_with("5"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    // A signatory with a name in no language.
    let nameless = site_copy("nameless");
    edit(&nameless, "content/signatories.toml", |t| {
        format!("{t}\n[[signatory]]\nid = \"clean-air\"\norder = 9\n")
    });
    for (site, located) in [
        (&renumbered, "content/fr/demands.md:"),
        (&missing, "content/de/demands.md:"),
        (&nameless, "content/signatories.toml:"),
        (&fixture("rules_broken"), "content/uk/demands.md:"),
    ] {
        for strict in [false, true] {
            let (code, diags) = every_verb(site, strict);
            assert_eq!(code, 1, "{}", site.display());
            assert!(
                diags
                    .lines()
                    .any(|l| l.starts_with(located) && l.contains(": error: ")),
                "{located}: {diags}"
            );
        }
    }

    // Demands the source gained: warnings, published in English; errors with --strict.
    let gained = site_copy("gained");
    edit(&gained, "content/en/demands.md", |t| {
        format!(
            "{}\n11) an eleventh demand;\n12) a twelfth demand.\n",
            t.trim_end()
        )
    });
    let (code, diags) = every_verb(&gained, false);
    assert_eq!(code, 0, "{diags}");
    assert!(
        diags.contains("content/fr/demands.md:")
            && diags.contains(
                "warning: demands 11–12 of the en text are not translated; readers see them in en"
            ),
        "{diags}"
    );
    let (code, strict_diags) = every_verb(&gained, true);
    assert_eq!(code, 1);
    assert_eq!(
        strict_diags,
        diags.replace(": warning: ", ": error: "),
        "--strict makes the same findings errors"
    );
}

/// A `$variable` typo in a translation renders (the message falls back to the next language),
/// but it is an error of the rules: `build` stops, says where, and leaves the output alone.
#[test]
fn a_variable_typo_in_a_translation_stops_the_build() {
    let site = site_copy("variable-typo");
    edit(&site, "locales/uk/theme.ftl", |t| {
        t.replacen("({ $language })", "({ $nme })", 1)
    });
    let out = temp_dir("variable-typo-out");
    std::fs::write(out.join("previous.html"), "the previous output").unwrap();
    let run = zaklyk(&[
        "build",
        "--root",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("locales/uk/theme.ftl:")
                && l.contains(": error: `draft-notice-link` uses $nme")
                && l.ends_with("[variable-unknown]")),
        "{}",
        run.stderr
    );
    assert_eq!(
        read_tree(&out),
        [("previous.html".to_string(), b"the previous output".to_vec())]
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
        "the output was touched"
    );
    let (code, diags) = every_verb(&site, false);
    assert_eq!(code, 1);
    assert!(diags.contains("[variable-unknown]"), "{diags}");
}

#[test]
fn each_broken_rule_is_reported_once_where_it_is() {
    let site = fixture("rules_broken");
    let run = zaklyk(&["check", "--root", site.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_text(&run.stderr, &site.join("expected.stderr"));
    // Identical and misplaced demands are not counted as translated.
    let status = zaklyk(&[
        "status",
        "--root",
        site.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let uk = status
        .stdout
        .split("\"code\": \"uk\"")
        .nth(1)
        .expect("uk in the status");
    assert!(uk.contains("\"demands_translated\": 5,"), "{uk}");
    assert!(uk.contains("\"demands_total\": 8,"), "{uk}");
}

#[test]
fn demands_the_source_gained_are_shown_in_the_source_language_and_counted_outdated() {
    let site = site_copy("gained-render");
    edit(&site, "content/en/demands.md", |t| {
        format!("{}\n11) an eleventh demand;\n", t.trim_end())
    });
    let out = temp_dir("gained-render-out");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fr = std::fs::read_to_string(out.join("fr/index.html")).unwrap();
    let eleventh = fr
        .split("id=demand-11 ")
        .nth(1)
        .expect("demand 11 on the French page");
    let eleventh = &eleventh[..eleventh.find("<details").unwrap()];
    assert!(
        has_tag(eleventh, "div", &["lang=en", "dir=ltr"])
            && eleventh.contains("an eleventh demand"),
        "{eleventh}"
    );
    assert!(
        eleventh.contains("Cette revendication n’est pas encore traduite."),
        "{eleventh}"
    );
    let tenth = fr.split("id=demand-10 ").nth(1).unwrap();
    let tenth = &tenth[..tenth.find("<details").unwrap()];
    assert!(!tenth.contains("lang=en"), "demand 10 is French: {tenth}");
    assert!(
        fr.contains("notice-outdated"),
        "the page says it is outdated"
    );
    let status = zaklyk(&["status", "--root", site.to_str().unwrap()]);
    let fr_row = status
        .stdout
        .lines()
        .find(|l| l.starts_with("fr "))
        .unwrap();
    let cells: Vec<&str> = fr_row.split_whitespace().collect();
    // language (2 words), strings (2), old strings, pages, demands, drafts, outdated, …
    assert_eq!(cells[5..9], ["2/2", "10/11", "2", "1"], "{}", status.stdout);
}

#[test]
fn a_sentence_that_names_a_language_reads_correctly_in_every_language() {
    let site = site_copy("names");
    std::fs::write(
        site.join("content/en/extra.md"),
        "+++\ntitle = \"Extra\"\ndescription = \"A page in English only.\"\n+++\n\nOnly in English.\n",
    )
    .unwrap();
    let out = temp_dir("names-out");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = |lang: &str, path: &str, class: &str| {
        let html = std::fs::read_to_string(out.join(lang).join(path)).unwrap();
        let from = html
            .find(class)
            .unwrap_or_else(|| panic!("{lang}: no {class}"));
        let p = &html[from..];
        let p = &p[p.find("<p>").unwrap() + 3..];
        // The minifier drops the optional `</p>`.
        strip_tags(&p[..p.find("</aside>").unwrap()])
    };
    for (lang, fallback, draft) in [
        (
            "uk",
            "Цю сторінку ще не перекладено. Мова цієї версії: англійська.",
            "Читати оригінал (англійська).",
        ),
        (
            // CLDR has no locale data for Crimean Tatar: the language's own name stands in.
            "crh",
            "Bu saife daa tercime etilmedi. Bu versiyanıñ tili: English.",
            "Asıl metinni oquñız (English).",
        ),
        (
            "de",
            "Diese Seite ist noch nicht übersetzt. Sprache dieser Fassung: Englisch.",
            "Original lesen (Englisch).",
        ),
        (
            "fr",
            "Cette page n’est pas encore traduite. Langue de cette version\u{a0}: anglais.",
            "Lire l’original (anglais).",
        ),
        (
            "pl",
            "Ta strona nie została jeszcze przetłumaczona. Język tej wersji: angielski.",
            "Przeczytaj oryginał (angielski).",
        ),
    ] {
        assert_eq!(text(lang, "extra/index.html", "class=notice"), fallback);
        assert!(
            text(lang, "index.html", "notice-draft").ends_with(draft),
            "{lang}: {}",
            text(lang, "index.html", "notice-draft")
        );
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").trim().to_string()
}

#[test]
fn an_unknown_language_is_a_usage_error_naming_the_languages() {
    let root = repo_root();
    for args in [
        vec!["check", "--locale", "sp"],
        vec!["check", "--mark-current", "sp"],
    ] {
        let mut args = args;
        args.extend(["--root", root.to_str().unwrap()]);
        let run = zaklyk(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stderr.trim(),
            "error: `sp` is not a language of this site; its languages are uk, crh, en, de, fr, pl"
        );
    }
}

#[test]
fn check_says_so_when_all_is_well() {
    let run = zaklyk(&["check", "--root", repo_root().to_str().unwrap(), "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.stderr.trim();
    assert!(
        line.starts_with("checked 6 languages, 6 pages, ")
            && line.ends_with(" messages: no problems"),
        "{line}"
    );
    let run = zaklyk(&[
        "check",
        "--root",
        repo_root().to_str().unwrap(),
        "--locale",
        "crh",
    ]);
    assert!(
        run.stderr.trim().starts_with("checked crh: 1 page, "),
        "{}",
        run.stderr
    );
}

#[test]
fn mark_current_records_what_it_is_told_and_refuses_a_language_with_errors() {
    let site = site_copy("mark");
    let root = site.to_str().unwrap();
    // The source changes one page and one string; pl updates only the string.
    edit(&site, "content/en/index.md", |t| {
        t.replacen("In recent weeks", "In recent days", 1)
    });
    edit(&site, "locales/en/theme.ftl", |t| {
        t.replacen(
            "skip-link = Skip to content",
            "skip-link = Skip to the content",
            1,
        )
    });
    let stale = |lang: &str| {
        let run = zaklyk(&["check", "--root", root, "--locale", lang]);
        (
            run.stderr.contains(&format!(
                "content/{lang}/index.md:1:1: warning: content/en/index.md has changed"
            )),
            run.stderr
                .contains("warning: `skip-link`: the en text has changed"),
        )
    };
    assert_eq!(stale("pl"), (true, true));
    let run = zaklyk(&[
        "check",
        "--root",
        root,
        "--mark-current",
        "pl",
        "--message",
        "skip-link",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("content/de/") && !run.stderr.contains("locales/uk/"),
        "only pl's findings: {}",
        run.stderr
    );
    assert_eq!(stale("pl"), (true, false), "the page is still outdated");
    let run = zaklyk(&[
        "check",
        "--root",
        root,
        "--mark-current",
        "pl",
        "--file",
        "content/pl/index.md",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(stale("pl"), (false, false));
    assert_eq!(stale("de"), (true, true), "other languages are untouched");
    // A file given by its path from here works too.
    let run = zaklyk(&[
        "check",
        "--root",
        root,
        "--mark-current",
        "de",
        "--file",
        site.join("locales/de/theme.ftl").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(stale("de"), (true, false));
    for (args, error) in [
        (
            vec!["--message", "no-such"],
            "`no-such` is not a message of locales/de/",
        ),
        (
            vec!["--file", "content/pl/index.md"],
            "`content/pl/index.md` is not a translated file of `de`",
        ),
    ] {
        let mut all = vec!["check", "--root", root, "--mark-current", "de"];
        all.extend(args);
        let run = zaklyk(&all);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(error), "{}", run.stderr);
    }

    // An error in de: nothing of de is marked, and only de's findings are shown.
    edit(&site, "content/de/demands.md", |t| {
        t.replacen("\n3", "\n4", 1)
    });
    let before = std::fs::read_to_string(site.join("content/de/index.md")).unwrap();
    let run = zaklyk(&["check", "--root", root, "--mark-current", "de"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/de/demands.md:")
            && run
                .stderr
                .contains("`de` has errors; nothing was marked current"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("content/pl/"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.join("content/de/index.md")).unwrap(),
        before
    );
}

//! Integration tests: the real binary over fixture sites and over this repository's own site.
//! See tests/README.md for the layout and `BLESS=1`.

mod architecture;
mod cli_edges;
#[cfg(unix)]
mod containment;
mod hosting;
mod origins;
mod preview;
mod robustness;
mod rules;
#[cfg(unix)]
mod secrets;
mod serve;
mod spread;
mod support;
mod theme;

use std::collections::BTreeSet;
use std::path::Path;
use support::*;

const LANGUAGES: [&str; 6] = ["uk", "crh", "en", "de", "fr", "pl"];

#[test]
fn basic_fixture_matches_its_golden_output() {
    let out = temp_dir("basic");
    let run = build(&fixture("basic"), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_tree(&out, &fixture("basic/expected"));
}

#[test]
fn invalid_fixtures_report_every_problem_and_leave_the_output_alone() {
    for name in [
        "invalid_config",
        "invalid_content",
        "invalid_template",
        "invalid_render",
        "invalid_external",
    ] {
        let out = temp_dir(name);
        std::fs::write(out.join("previous.html"), "the previous build").unwrap();
        let run = build(&fixture(name), &out, &[]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert_text(
            &errors_only(&normalize_stderr(&run.stderr, &out)),
            &fixture(name).join("expected.stderr"),
        );
        let tree = read_tree(&out);
        assert_eq!(
            tree.len(),
            1,
            "{name}: the output folder changed: {:?}",
            tree.keys()
        );
        assert_eq!(tree["previous.html"], b"the previous build");
        // Pages stream into a staging folder beside the output as they render: a failed build
        // removes it.
        let folder = out.file_name().unwrap().to_string_lossy().into_owned();
        let staging: Vec<_> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!(".{folder}."))
            })
            .collect();
        assert!(staging.is_empty(), "{name}: staging left: {staging:?}");
        // Nor does it leave the folders it made for an output that did not exist.
        let deep = out.join("new/deeper/dist");
        assert_eq!(build(&fixture(name), &deep, &[]).code, 1);
        assert!(!out.join("new").exists(), "{name}: made folders left");
    }
}

#[test]
fn a_failed_build_keeps_the_previous_output_exactly() {
    let site = basic_site("failing-site");
    let out = temp_dir("failing-out");
    assert_eq!(build(&site, &out, &[]).code, 0);
    let before = read_tree(&out);
    std::fs::write(
        site.join("content/en/about.md"),
        "+++\ntitle = \"About\"\ndate = 2025-99-99\n+++\n",
    )
    .unwrap();
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/en/about.md:3:8: error:"),
        "{}",
        run.stderr
    );
    assert!(
        read_tree(&out) == before,
        "the output changed after a failed build"
    );
}

#[test]
fn builds_are_byte_identical() {
    let (a, b) = (temp_dir("det-a"), temp_dir("det-b"));
    assert_eq!(build(&repo_root(), &a, &[]).code, 0);
    assert_eq!(build(&repo_root(), &b, &[]).code, 0);
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(
            bytes == &tb[path],
            "{path} differs between two builds of the same input"
        );
    }
}

#[test]
fn qr_codes_and_cards_made_with_what_a_build_kept_are_those_of_a_fresh_build() {
    let site = basic_site("qr-site");
    let kept_files = ["qr-masks", "card-widths"].map(|f| site.join(".zaklyk-cache").join(f));
    let _ = std::fs::remove_dir_all(site.join(".zaklyk-cache"));
    let (fresh, kept, tampered) = (temp_dir("qr-a"), temp_dir("qr-b"), temp_dir("qr-c"));
    assert_eq!(build(&site, &fresh, &[]).code, 0);
    let caches = kept_files
        .each_ref()
        .map(|f| std::fs::read_to_string(f).expect("a build keeps its QR masks and card widths"));
    let with = |needle: &str| {
        read_tree(&fresh)
            .iter()
            .filter(|(p, b)| p.contains(needle) || String::from_utf8_lossy(b).contains(needle))
            .count()
    };
    assert!(with("qr-code") > 0 && with(".png") > 0);
    assert!(caches.iter().all(|c| c.lines().count() > 1), "{caches:?}");
    // Cards come from their own cache when their SVG is the same: without it, a width that
    // differs draws a different picture.
    std::fs::remove_dir_all(site.join(".zaklyk-cache/cards")).unwrap();
    assert_eq!(build(&site, &kept, &[]).code, 0);
    assert!(
        read_tree(&fresh) == read_tree(&kept),
        "kept masks or widths changed a page or a card"
    );
    for (file, cache) in kept_files.iter().zip(&caches) {
        assert_eq!(&std::fs::read_to_string(file).unwrap(), cache);
    }
    // A cache that is not one (garbage, widths of other fonts) is drawn past.
    std::fs::write(&kept_files[0], "garbage\n9 x\n\u{0}").unwrap();
    let other_fonts: String = caches[1]
        .lines()
        .enumerate()
        .map(|(i, line)| match line.split_once(' ') {
            _ if i == 0 => format!("other {line}\n"),
            // Every word 100 px wide: a card laid out with these would differ.
            Some((kind, rest)) => format!("{kind} 42c80000 {}\n", &rest[9..]),
            None => format!("{line}\n"),
        })
        .collect();
    std::fs::write(&kept_files[1], other_fonts).unwrap();
    std::fs::remove_dir_all(site.join(".zaklyk-cache/cards")).unwrap();
    assert_eq!(build(&site, &tampered, &[]).code, 0);
    assert!(read_tree(&fresh) == read_tree(&tampered));
    for (file, cache) in kept_files.iter().zip(&caches) {
        assert_eq!(&std::fs::read_to_string(file).unwrap(), cache);
    }
}

#[test]
fn timings_show_every_stage_of_a_build() {
    let out = temp_dir("timings");
    let run = build(&fixture("basic"), &out, &["--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for stage in [
        "load",
        "fluent",
        "parse (front matter, pages)",
        "page checks",
        "string checks",
        "render (wall clock)",
        "markdown and views",
        "templates",
        "origin scan",
        "minify",
        "write pages",
        "cards",
        "link check",
        "write the rest and swap",
    ] {
        let shown = run
            .stderr
            .lines()
            .any(|l| l.trim_end().ends_with(&format!(" ms  {stage}")));
        assert!(shown, "`{stage}` is not among the timings:\n{}", run.stderr);
    }
}

/// The repository's own site, built once per test that needs it.
fn real_site() -> std::path::PathBuf {
    let out = temp_dir("site");
    let run = build(&repo_root(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|_| panic!("{path} was not built"))
}

#[test]
fn the_statement_is_complete_in_every_language() {
    let out = real_site();
    for lang in LANGUAGES {
        let html = page(&out, &format!("{lang}/index.html"));
        let tag = if lang == "crh" { "crh-Latn" } else { lang };
        assert!(
            html.contains(&format!("lang={tag}")) || html.contains(&format!("lang=\"{tag}\"")),
            "{lang}: no lang attribute"
        );
        for n in 1..=10 {
            assert!(
                html.contains(&format!("id=demand-{n} ")),
                "{lang}: demand-{n} has no id"
            );
            assert!(
                has_tag(&html, "a", &[&format!("href=#demand-{n}")]),
                "{lang}: demand-{n} has no link to itself"
            );
        }
        assert!(
            !html.contains("id=demand-11"),
            "{lang}: more than ten demands"
        );
        let signatories = html
            .split("class=signatories")
            .nth(1)
            .and_then(|s| s.split("</ul>").next())
            .expect("a signatories section");
        assert_eq!(
            signatories.matches("<li>").count(),
            8,
            "{lang}: eight signatories"
        );
        for site in [
            "https://zmina.ua/",
            "https://east-sos.org/",
            "https://donbasssos.org/",
            "https://vplyv.org.ua/",
            "https://crimeahrg.org/",
            "https://krymsos.com/",
            "https://r2p.org.ua/",
        ] {
            assert!(signatories.contains(site), "{lang}: no link to {site}");
        }
        let draft_notice = html.contains("notice-draft");
        assert_eq!(
            draft_notice,
            lang != "en",
            "{lang}: a draft translation must say so, the original must not"
        );
        assert!(
            !html.contains('\u{2068}') && !html.contains('\u{2069}'),
            "{lang}: Unicode isolation marks in the output"
        );
    }
    let uk = page(&out, "uk/index.html");
    assert!(uk.contains("Підписали 8 організацій"), "uk count line");
    assert!(uk.contains("12 серпня 2025 року"), "uk date");
    assert!(uk.contains("Центр прав людини ZMINA"), "uk signatory name");
    assert!(
        page(&out, "crh/index.html").contains("8 teşkilât imzaladı"),
        "crh count line"
    );
    assert!(
        page(&out, "en/index.html").contains("12 August 2025"),
        "en date"
    );
    assert!(
        page(&out, "de/index.html").contains("12. August 2025"),
        "de date"
    );
    let en = page(&out, "en/index.html");
    assert!(
        en.contains("approximately 1,600,000 such children remaining in occupation"),
        "the page break of the original is joined"
    );
    assert!(
        en.contains("once again remind that"),
        "the empty link is dropped, the word kept"
    );
    assert!(
        !en.contains("href=#>") && !en.contains("href=\"#\""),
        "no empty links"
    );
}

#[test]
fn the_language_chooser_lists_every_language_by_its_native_name() {
    let out = real_site();
    let html = page(&out, "index.html");
    for (code, name) in [
        ("uk", "Українська"),
        ("crh", "Qırımtatarca"),
        ("en", "English"),
        ("de", "Deutsch"),
        ("fr", "Français"),
        ("pl", "Polski"),
    ] {
        assert!(
            html.contains(&format!("href={code}/index.html")),
            "no link to {code}"
        );
        assert!(html.contains(name), "no native name {name}");
    }
    assert!(
        html.contains("Statement on the necessity of considering humanitarian issues"),
        "English title on the chooser"
    );
    assert!(!html.contains("<script"), "the chooser needs no JavaScript");
}

/// Every `href`/`src` value of an HTML text.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=", "src="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            out.push(value.replace("&amp;", "&"));
        }
    }
    out
}

fn assert_links_resolve(out: &Path) {
    let tree = read_tree(out);
    let mut checked = 0;
    for (path, bytes) in tree
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && p.as_str() != "404.html")
    {
        let html = String::from_utf8_lossy(bytes);
        let dir = Path::new(path).parent().unwrap();
        for link in links(&html) {
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{path}: `{link}` is absolute; it breaks under a sub-path and from disk"
            );
            let (file, fragment) = link.split_once('#').unwrap_or((link.as_str(), ""));
            let target = if file.is_empty() {
                path.clone()
            } else {
                assert!(
                    !file.ends_with('/'),
                    "{path}: `{link}` names a folder, not a file; it breaks from disk"
                );
                let mut parts: Vec<&str> = dir
                    .to_str()
                    .unwrap()
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .collect();
                for part in file.split('/') {
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
            let target_bytes = tree.get(&target).unwrap_or_else(|| {
                panic!("{path}: `{link}` points to {target}, which does not exist")
            });
            if !fragment.is_empty() && fragment != "main" {
                let t = String::from_utf8_lossy(target_bytes);
                assert!(
                    t.contains(&format!("id={fragment}"))
                        || t.contains(&format!("id=\"{fragment}\"")),
                    "{path}: `{link}`: no id `{fragment}` in {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links were checked");
}

#[test]
fn every_internal_link_names_an_existing_file_so_the_site_works_from_disk() {
    assert_links_resolve(&real_site());
    let out = temp_dir("basic-links");
    assert_eq!(build(&fixture("basic"), &out, &[]).code, 0);
    assert_links_resolve(&out);
}

#[test]
fn nothing_is_loaded_from_another_origin() {
    let out = real_site();
    for (path, bytes) in read_tree(&out)
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".css"))
    {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script"), "{path}: a script");
        assert!(
            !text.contains("@import") && !text.contains("url(http"),
            "{path}: CSS loads from elsewhere"
        );
        for tag in text.split('<').skip(1) {
            let name = tag
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("");
            let loads = matches!(
                name,
                "img" | "iframe" | "script" | "audio" | "video" | "source" | "embed" | "object"
            ) || (name == "link"
                && !tag.contains("rel=canonical")
                && !tag.contains("rel=alternate"));
            if loads {
                for l in links(&format!("<{tag}")) {
                    assert!(
                        !l.contains("://") && !l.starts_with("//"),
                        "{path}: <{name}> loads {l}"
                    );
                }
            }
        }
    }
    let uk = page(&out, "uk/index.html");
    assert!(uk.contains("name=referrer"), "referrer policy");
    assert!(
        uk.contains("Content-Security-Policy"),
        "a Content-Security-Policy"
    );
}

#[test]
fn public_addresses_follow_a_base_url_with_a_path() {
    let out = temp_dir("subpath");
    let run = build(
        &repo_root(),
        &out,
        &["--base-url", "https://org.github.io/campaign"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let uk = page(&out, "uk/index.html");
    assert!(
        has_tag(
            &uk,
            "link",
            &["rel=canonical", "href=https://org.github.io/campaign/uk/"]
        ),
        "canonical"
    );
    assert!(
        uk.contains("hreflang=crh-Latn"),
        "hreflang alternates use the BCP 47 tag"
    );
    let sitemap = page(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://org.github.io/campaign/crh/</loc>"));
    assert!(sitemap.contains("hreflang=\"x-default\" href=\"https://org.github.io/campaign/\""));
    assert!(
        page(&out, "robots.txt").contains("Sitemap: https://org.github.io/campaign/sitemap.xml")
    );
    let not_found = page(&out, "404.html");
    assert!(
        not_found.contains("href=/campaign/en/index.html"),
        "404 links work from any address under the sub-path"
    );
    assert!(not_found.contains("href=/campaign/style.css"));
}

#[test]
fn the_404_page_speaks_every_language() {
    let out = real_site();
    let html = page(&out, "404.html");
    for text in [
        "Сторінку не знайдено",
        "Page not found",
        "Saife tapılmadı",
        "Seite nicht gefunden",
        "Page introuvable",
        "Nie znaleziono strony",
    ] {
        assert!(html.contains(text), "404 lacks `{text}`");
    }
}

#[test]
fn right_to_left_languages_get_dir_rtl() {
    let out = temp_dir("rtl");
    assert_eq!(build(&fixture("basic"), &out, &[]).code, 0);
    let he = page(&out, "he/index.html");
    assert!(
        he.contains("<html lang=\"he\" dir=\"rtl\">"),
        "html lang/dir"
    );
    let about = page(&out, "he/about/index.html");
    assert!(
        about.contains("<article lang=\"en\" dir=\"ltr\">"),
        "a fallback page marks its content with its own language"
    );
    assert!(
        about.contains("<meta name=\"robots\" content=\"noindex\">"),
        "fallback pages are not indexed as translations"
    );
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = temp_dir("init").join("new-site");
    let run = zaklyk(&["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = temp_dir("init-out");
    let run = build(&dir, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("uk/index.html").exists() && out.join("en/index.html").exists());
    assert!(
        !dir.join("theme/templates").exists() && !dir.join("theme/static/style.css").exists(),
        "init relies on the embedded theme"
    );
    let again = zaklyk(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.code, 2, "init refuses a folder that is not empty");
}

#[test]
fn the_output_cannot_be_the_site_folder_or_inside_its_sources() {
    let site = temp_dir("outsafety");
    copy_dir(&fixture("basic"), &site);
    for out in [site.clone(), site.join("content/dist")] {
        let run = build(&site, &out, &[]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("choose another --out"),
            "{}",
            run.stderr
        );
    }
    assert!(site.join("site.toml").exists());
}

#[test]
fn check_lists_problems_as_json() {
    let run = zaklyk(&[
        "check",
        "--root",
        fixture("invalid_content").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let items = list.as_array().unwrap();
    assert!(items.len() >= 10);
    let first = &items[0];
    for key in ["severity", "file", "line", "col", "message"] {
        assert!(first.get(key).is_some(), "json item lacks `{key}`: {first}");
    }
    let files: BTreeSet<&str> = items.iter().map(|i| i["file"].as_str().unwrap()).collect();
    assert!(files.contains("locales/en/campaign.ftl") && files.contains("content/en/about.md"));
}

#[test]
fn check_finds_one_of_each_translation_problem_where_it_is() {
    let root = fixture("check_translations");
    let run = zaklyk(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_text(&run.stderr, &root.join("expected.stderr"));
    let strict = zaklyk(&["check", "--root", root.to_str().unwrap(), "--strict"]);
    let counts = |stderr: &str| -> Vec<usize> {
        stderr
            .lines()
            .last()
            .unwrap()
            .split(", ")
            .map(|c| c.split(' ').next().unwrap().parse().unwrap())
            .collect()
    };
    let (plain, strict_counts) = (counts(&run.stderr), counts(&strict.stderr));
    assert!(plain[1] > 0);
    assert_eq!(
        strict_counts,
        [plain[0] + plain[1], 0],
        "--strict makes warnings errors: {}",
        strict.stderr
    );
    let only_content = zaklyk(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--locale",
        "uk",
        "--format",
        "json",
    ]);
    let items: serde_json::Value = serde_json::from_str(&only_content.stdout).unwrap();
    assert!(items
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["file"].as_str().unwrap().contains("/uk/")));
    // Every finding carries its stable code, the same one the human output prints last.
    for item in items.as_array().unwrap() {
        let code = item["code"].as_str().unwrap();
        assert!(!code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        let line = format!(
            "{}:{}:{}: {}: {} [{code}]",
            item["file"].as_str().unwrap(),
            item["line"],
            item["col"],
            item["severity"].as_str().unwrap(),
            item["message"].as_str().unwrap()
        );
        let line = line.replace(":0:0:", ":");
        assert!(run.stderr.contains(&line), "{line}");
    }
}

#[test]
fn this_sites_own_check_is_clean() {
    let run = zaklyk(&["check", "--root", repo_root().to_str().unwrap(), "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn status_shows_the_coverage_of_every_language() {
    let run = zaklyk(&[
        "status",
        "--root",
        repo_root().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    for row in rows {
        assert_eq!(row["messages_translated"], row["messages_total"], "{row}");
        assert_eq!(row["pages_missing"], 0, "{row}");
    }
    let table = zaklyk(&["status", "--root", repo_root().to_str().unwrap()]).stdout;
    assert!(
        table.lines().next().unwrap().starts_with("language"),
        "{table}"
    );
    assert!(table.contains("crh Qırımtatarca"), "{table}");
    let out = real_site();
    let status_page = page(&out, "translate/index.html");
    assert!(
        status_page.contains("Qırımtatarca") && status_page.contains("Переклади цього сайту"),
        "the published status page"
    );
    assert!(
        page(&out, "uk/index.html").contains("href=../translate/index.html"),
        "linked from the footer"
    );
}

#[test]
fn a_variable_typo_in_a_shown_string_is_one_finding() {
    let site = basic_site("variable-typo");
    let uk = site.join("locales/uk/theme.ftl");
    let text = std::fs::read_to_string(&uk).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("demand-link-label = "))
        .expect("the fixture translates demand-link-label")
        .to_string();
    assert!(line.contains("{ $number }"), "{line}");
    std::fs::write(&uk, text.replace(&line, &line.replace("$number", "$nmber"))).unwrap();
    let run = zaklyk(&[
        "check",
        "--root",
        site.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let about: Vec<&serde_json::Value> = items
        .as_array()
        .unwrap()
        .iter()
        // (Hebrew does not translate it at all: that is another finding.)
        .filter(|i| i["message"].as_str().unwrap().contains("demand-link-label"))
        .filter(|i| i["file"] != "locales/he/theme.ftl")
        .collect();
    assert_eq!(about.len(), 1, "one mistake, one finding: {items:#}");
    assert_eq!(about[0]["code"], "variable-unknown");
    assert_eq!(about[0]["severity"], "error");
    assert_eq!(about[0]["file"], "locales/uk/theme.ftl");
    let col = line[..line.find("$number").unwrap()].chars().count() + 1;
    assert_eq!(about[0]["col"].as_u64(), Some(col as u64), "at the typo");
    assert!(about[0]["help"].as_str().unwrap().contains("$number"));
}

#[test]
fn a_copy_of_the_source_strings_is_not_counted_as_translated() {
    let site = temp_dir("copied-strings");
    copy_dir(&repo_root().join("content"), &site.join("content"));
    copy_dir(&repo_root().join("locales"), &site.join("locales"));
    std::fs::copy(repo_root().join("site.toml"), site.join("site.toml")).unwrap();
    // A translator copies the English strings and has not started yet.
    let _ = std::fs::remove_dir_all(site.join("locales/de"));
    copy_dir(&site.join("locales/en"), &site.join("locales/de"));
    let run = zaklyk(&[
        "status",
        "--root",
        site.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let de = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "de")
        .unwrap();
    let (done, total) = (
        de["messages_translated"].as_u64().unwrap(),
        de["messages_total"].as_u64().unwrap(),
    );
    // Only the strings that are names (the signatories) or single capitalised words count.
    assert!(done * 2 < total, "{done}/{total} counted as translated");
    let check = zaklyk(&[
        "check",
        "--root",
        site.to_str().unwrap(),
        "--locale",
        "de",
        "--format",
        "json",
    ]);
    let items: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let copies: Vec<&serde_json::Value> = items
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "fluent-untranslated")
        .collect();
    assert_eq!(copies.len() as u64, total - done, "{items}");
    assert!(copies
        .iter()
        .all(|i| i["severity"] == "warning" && i["line"].as_u64() > Some(0)));
    assert!(
        !copies
            .iter()
            .any(|i| i["message"].as_str().unwrap().contains("signatory-")),
        "organisation names may stay as published"
    );
}

#[test]
fn new_locale_scaffolds_a_language_that_builds_and_is_reported_untranslated() {
    let site = basic_site("new-locale");
    let run = zaklyk(&["new-locale", "es", "--root", site.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(site.join("site.toml"))
        .unwrap()
        .contains("[languages.es]"));
    let index = std::fs::read_to_string(site.join("content/es/index.md")).unwrap();
    assert!(
        index.contains("translation = \"draft\"") && index.contains("source_hash = "),
        "{index}"
    );
    // Its name in itself, from CLDR; no fallback written: the source language only.
    let config = std::fs::read_to_string(site.join("site.toml")).unwrap();
    let table = &config[config.find("[languages.es]").unwrap()..];
    assert!(table.contains("\nname = \"Español\"\n"), "{table}");
    assert!(!table.contains("fallback"), "{table}");
    // A page it does not have: shown in English, and the notice, which es does not have yet
    // either, is the English sentence naming both languages in English.
    std::fs::remove_file(site.join("content/es/about.md")).unwrap();
    let out = temp_dir("new-locale-out");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = page(&out, "es/index.html");
    assert!(index.contains("notice-draft"));
    assert!(
        index.contains("<a class=\"skip-link\" href=\"#main\"><span lang=\"en\" dir=\"ltr\">Skip to content</span></a>"),
        "untranslated strings come from the source language (en), not the default language (uk): {index}"
    );
    assert!(
        page(&out, "es/about/index.html").contains("<span lang=\"en\" dir=\"ltr\">This page is not yet translated into Spanish; you are reading the English version.</span>"),
        "{}",
        page(&out, "es/about/index.html")
    );
    let check = zaklyk(&["check", "--root", site.to_str().unwrap(), "--locale", "es"]);
    // Each untranslated message is reported at the line where new-locale commented it out.
    let scaffold = std::fs::read_to_string(site.join("locales/es/theme.ftl")).unwrap();
    let line = 1 + scaffold
        .lines()
        .position(|l| l.starts_with("# skip-link = "))
        .unwrap();
    assert!(
        check.stderr.lines().any(|l| l.starts_with(&format!(
            "locales/es/theme.ftl:{line}:1: warning: `skip-link` is not translated; readers see the "
        )) && l.ends_with(" text [fluent-missing]")),
        "{}",
        check.stderr
    );
    assert!(
        !check.stderr.contains("locales/es/theme.ftl: warning"),
        "no untranslated message without its line: {}",
        check.stderr
    );
    assert!(
        check.stderr.contains(
            "content/es/index.md:1:1: warning: the text is the same as content/en/index.md"
        ),
        "{}",
        check.stderr
    );
    assert_eq!(
        zaklyk(&["new-locale", "es", "--root", site.to_str().unwrap()]).code,
        2,
        "refuses to overwrite"
    );
    assert_eq!(
        zaklyk(&["new-locale", "not a code", "--root", site.to_str().unwrap()]).code,
        2,
        "refuses a bad code"
    );
    let unknown = zaklyk(&[
        "new-locale",
        "ar",
        "--fallback",
        "fr",
        "--root",
        site.to_str().unwrap(),
    ]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains(
            "--fallback `fr` is not a language of this site; its languages are uk, en, he, es"
        ),
        "{}",
        unknown.stderr
    );
    let run = zaklyk(&[
        "new-locale",
        "ar",
        "--fallback",
        "he,en",
        "--root",
        site.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = std::fs::read_to_string(site.join("site.toml")).unwrap();
    let table = &config[config.find("[languages.ar]").unwrap()..];
    assert!(table.contains("\nname = \"العربية\"\n"), "{table}");
    assert!(table.ends_with("fallback = [\"he\", \"en\"]\n"), "{table}");
    let run = zaklyk(&["check", "--root", site.to_str().unwrap(), "--locale", "ar"]);
    assert_eq!(run.code, 0, "the scaffold is valid: {}", run.stderr);
}

#[test]
fn an_outdated_translation_tells_its_readers() {
    let site = temp_dir("outdated");
    copy_dir(&repo_root().join("content"), &site.join("content"));
    copy_dir(&repo_root().join("locales"), &site.join("locales"));
    std::fs::copy(repo_root().join("site.toml"), site.join("site.toml")).unwrap();
    let en = site.join("content/en/index.md");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, text.replace("In recent weeks", "In recent days")).unwrap();
    let out = temp_dir("outdated-out");
    assert_eq!(build(&site, &out, &[]).code, 0);
    assert!(
        page(&out, "uk/index.html").contains("notice-outdated"),
        "uk is now outdated"
    );
    assert!(
        !page(&out, "en/index.html").contains("notice-outdated"),
        "the source is never outdated"
    );
    let check = zaklyk(&["check", "--root", site.to_str().unwrap()]);
    assert!(check.stderr.contains("content/crh/index.md:1:1: warning: content/en/index.md has changed since this translation was made"), "{}", check.stderr);
    assert_eq!(
        zaklyk(&[
            "check",
            "--root",
            site.to_str().unwrap(),
            "--mark-current",
            "crh"
        ])
        .code,
        0
    );
    let check = zaklyk(&["check", "--root", site.to_str().unwrap()]);
    assert!(
        !check.stderr.contains("content/crh/index.md:1:1: warning"),
        "{}",
        check.stderr
    );
}

#[test]
fn the_pseudo_language_shows_hard_coded_text() {
    let out = temp_dir("pseudo");
    let run = build(&repo_root(), &out, &["--pseudo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = page(&out, "en-XA/index.html");
    assert!(
        html.contains("Šķííƥ ţóó çóóñţééñţ"),
        "interface strings are accented"
    );
    assert!(page(&out, "index.html").contains("en-XA/index.html"));
}

fn package(out: &Path) -> Run {
    zaklyk(&[
        "package",
        "--root",
        repo_root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

const NAME: &str = "tot-statement-2025-08-12";

#[test]
fn package_writes_a_reproducible_zip_single_pages_and_checksums() {
    let (a, b) = (temp_dir("pkg-a"), temp_dir("pkg-b"));
    let run = package(&a);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(package(&b).code, 0);
    let zip_path = format!("download/{NAME}-offline.zip");
    let zip_a = std::fs::read(a.join(&zip_path)).unwrap();
    assert!(
        zip_a == std::fs::read(b.join(&zip_path)).unwrap(),
        "two package runs give different archives"
    );

    let sums = page(&a, "download/SHA256SUMS");
    let mut listed = 0;
    for line in sums.lines() {
        let (hash, file) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(a.join("download").join(file)).unwrap();
        assert_eq!(hash, zaklyk::digest::sha256_hex(&bytes), "{file}");
        listed += 1;
    }
    assert_eq!(
        listed,
        2 + LANGUAGES.len(),
        "the zip, the mirror kit and one page per language"
    );

    // The archive is a whole site in one folder, whose every link resolves inside it.
    let in_folder = zaklyk::package::unzip(&zip_a).unwrap();
    assert!(
        in_folder.keys().all(|p| p.starts_with(&format!("{NAME}/"))),
        "one top folder: {:?}",
        in_folder.keys().collect::<Vec<_>>()
    );
    let files: std::collections::BTreeMap<String, Vec<u8>> = in_folder
        .into_iter()
        .map(|(p, b)| (p[NAME.len() + 1..].to_string(), b))
        .collect();
    assert!(
        !files.contains_key("404.html"),
        "404.html links by absolute paths, which lead nowhere from disk"
    );
    let unzipped = temp_dir("pkg-unzipped");
    for (path, bytes) in &files {
        std::fs::create_dir_all(unzipped.join(path).parent().unwrap()).unwrap();
        std::fs::write(unzipped.join(path), bytes).unwrap();
    }
    assert!(files.contains_key("README.txt") && files.contains_key("index.html"));
    let readme = String::from_utf8_lossy(&files["README.txt"]).into_owned();
    for text in [
        "index.html",
        "Щоб прочитати її, розпакуйте архів",
        "Entpacken Sie das Archiv",
    ] {
        assert!(readme.contains(text), "README lacks {text}");
    }
    for lang in LANGUAGES {
        assert!(
            files.contains_key(&format!("{lang}/index.html")),
            "{lang} missing from the zip"
        );
    }
    assert_links_resolve(&unzipped);
    let offline_uk = String::from_utf8_lossy(&files["uk/index.html"]).into_owned();
    assert!(
        offline_uk.contains("class=offline") && offline_uk.contains("https://example.org/uk/"),
        "the offline copy points to the official address"
    );
    assert!(
        !offline_uk.contains("download/"),
        "the offline copy does not link to downloads it does not contain"
    );

    // The hosted pages link to the downloads, with sizes.
    let uk = page(&a, "uk/index.html");
    assert!(
        uk.contains(&format!("href=../download/{NAME}-offline.zip")),
        "zip link"
    );
    assert!(
        uk.contains(&format!("href=../download/{NAME}-uk.html")),
        "single page link"
    );
    let kb = zip_a.len().div_ceil(1024);
    assert!(
        uk.contains(&format!("(ZIP, {kb} КБ)")),
        "zip size in the uk page"
    );
}

#[test]
fn a_single_file_page_needs_no_other_file() {
    let out = temp_dir("pkg-single");
    assert_eq!(package(&out).code, 0);
    for lang in LANGUAGES {
        let html = page(&out, &format!("download/{NAME}-{lang}.html"));
        for link in links(&html) {
            assert!(
                link.starts_with("https://")
                    || link.starts_with("mailto:")
                    || link.starts_with("data:")
                    || link.starts_with('#'),
                "{lang}: `{link}` needs another file"
            );
        }
        let css = html
            .split("<style>")
            .nth(1)
            .and_then(|s| s.split("</style>").next())
            .expect("inlined CSS");
        let hash = zaklyk::digest::sha256_base64(css.as_bytes());
        assert!(
            html.contains(&format!("style-src 'sha256-{hash}'")),
            "{lang}: the CSP allows exactly the inlined CSS"
        );
        for n in 1..=10 {
            assert!(
                html.contains(&format!("id=demand-{n} ")),
                "{lang}: demand {n}"
            );
        }
        assert!(html.contains("class=signatories"));
    }
}

#[test]
fn a_failed_package_leaves_the_previous_downloads_intact() {
    let site = temp_dir("pkg-fail-site");
    for part in ["content", "locales"] {
        copy_dir(&repo_root().join(part), &site.join(part));
    }
    std::fs::copy(repo_root().join("site.toml"), site.join("site.toml")).unwrap();
    let out = temp_dir("pkg-fail-out");
    let args = |out: &Path| {
        vec![
            "package".to_string(),
            "--root".into(),
            site.to_str().unwrap().into(),
            "--out".into(),
            out.to_str().unwrap().into(),
        ]
    };
    let first = zaklyk(&args(&out).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = read_tree(&out);
    std::fs::write(site.join("locales/uk/theme.ftl"), "broken = {\n").unwrap();
    let second = zaklyk(&args(&out).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(second.code, 1);
    assert!(
        read_tree(&out) == before,
        "a failed package changed the output"
    );
    let blocked = site.join("site.toml").join("dist");
    let third = zaklyk(
        &args(&blocked)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(third.code, 2, "{}", third.stderr);
}

#[test]
fn static_hosts_get_their_files() {
    let out = real_site();
    assert!(page(&out, "_headers").contains("Content-Security-Policy: default-src 'none'"));
    assert!(page(&out, "_headers").contains("Referrer-Policy: no-referrer"));
    let redirects = page(&out, "_redirects");
    assert!(
        redirects.contains("/  /crh/  302!  Language=crh,crh-Latn\n"),
        "{redirects}"
    );
    assert!(out.join(".nojekyll").exists());
}

#[test]
fn share_links_contact_nothing_until_clicked() {
    let out = real_site();
    let uk = page(&out, "uk/index.html");
    assert!(
        uk.contains("https://t.me/share/url?url=https%3A%2F%2Fexample.org%2Fuk%2F"),
        "page share link"
    );
    assert!(
        uk.contains("https://t.me/share/url?url=https%3A%2F%2Fexample.org%2Fuk%2Fdemands%2F3%2F"),
        "per-demand share link, to the demand's own page"
    );
    assert!(uk.contains("mailto:?subject="), "email share");
}

#[test]
fn signed_copies_verify_and_a_changed_byte_is_rejected() {
    let keys = temp_dir("keys");
    assert_eq!(zaklyk(&["keygen", keys.to_str().unwrap()]).code, 0);
    let secret = keys.join("zaklyk-signing.key");
    let public = keys.join("zaklyk-signing.pub");
    let out = temp_dir("signed");
    let run = zaklyk(&[
        "package",
        "--root",
        repo_root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        secret.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fingerprint = std::fs::read_to_string(&public)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .rsplit("fingerprint ")
        .next()
        .unwrap()
        .to_string();
    assert!(
        page(&out, "uk/index.html").contains(&fingerprint),
        "every page shows the key's fingerprint"
    );
    let zip = out.join(format!("download/{NAME}-offline.zip"));
    let verify = |file: &Path, key: &Path| {
        zaklyk(&[
            "verify",
            file.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ])
    };
    let good = verify(&zip, &public);
    assert_eq!(good.code, 0, "{}", good.stderr);
    assert!(good.stdout.starts_with("OK: "));
    let single = out.join(format!("download/{NAME}-crh.html"));
    assert_eq!(verify(&single, &public).code, 0);

    let mut bytes = std::fs::read(&single).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&single, &bytes).unwrap();
    let changed = verify(&single, &public);
    assert_eq!(changed.code, 1);
    assert!(
        changed.stderr.contains("has been changed"),
        "{}",
        changed.stderr
    );

    let other = temp_dir("other-keys");
    assert_eq!(zaklyk(&["keygen", other.to_str().unwrap()]).code, 0);
    let wrong = verify(&zip, &other.join("zaklyk-signing.pub"));
    assert_eq!(wrong.code, 1);
    assert!(
        wrong.stderr.contains("is not signed by the key"),
        "{}",
        wrong.stderr
    );
    assert_eq!(
        zaklyk(&["keygen", keys.to_str().unwrap()]).code,
        2,
        "keygen never overwrites a key"
    );
}

#[test]
fn package_reports_the_same_problems_as_build_and_writes_nothing() {
    let root = fixture("invalid_content");
    let errors = |verb: &str, out: &Path| {
        let run = zaklyk(&[
            verb,
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 1, "{verb}: {}", run.stderr);
        run.stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let (a, b) = (temp_dir("pkg-errors-build"), temp_dir("pkg-errors-package"));
    assert_eq!(errors("package", &b), errors("build", &a));
    assert!(read_tree(&b).is_empty());
}

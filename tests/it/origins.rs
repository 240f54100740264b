//! "Nothing contacts another origin", attacked: every way this project's authors could think of
//! to make a reader's browser contact another site or run code, written in a template, in content
//! with raw HTML allowed, in static HTML, SVG, CSS and text files, and through a translation that
//! a template puts in an address, must be refused where it is written (or, for values that exist
//! only in the output, in the page), all in one run. What is harmless must build, and a static
//! HTML page gets the site's policy.

use crate::support::*;
use std::path::Path;

/// The expected diagnostics, as `path:line:col: error: message [code]` lines.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": error: ")).collect()
}

#[test]
fn every_way_to_contact_another_origin_is_refused_where_it_is_written() {
    let out = temp_dir("attack-origins");
    std::fs::write(out.join("previous.html"), "the previous build").unwrap();
    let run = build(&fixture("attack_origins"), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = errors_only(&normalize_stderr(&run.stderr, &out));
    assert_text(&errors, &fixture("attack_origins/expected.stderr"));
    let lines = error_lines(&errors);
    assert!(
        lines.len() >= 40,
        "only {} variants were refused",
        lines.len()
    );
    for code in [
        "origin-external",
        "link-fetches-external",
        "refresh-external",
        "script-refused",
        "handler-refused",
        "link-scheme",
        "base-refused",
        "charset-refused",
        "markup-ambiguous",
        "markup-refused",
        "static-replaces-generated",
        "static-type-refused",
    ] {
        assert!(
            errors.contains(&format!("[{code}]")),
            "no problem of class {code}"
        );
    }
    for source in [
        "theme/templates/",
        "content/en/index.md:",
        "theme/static/page.html:",
        "theme/static/logo.svg:",
        "theme/static/fonts.css:",
        "en/about/index.html (from attack.html)",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(source)),
            "nothing refused in {source}"
        );
    }
    // Each problem once, where it is written: not again for the page that shows it.
    let mut sorted = lines.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), lines.len(), "a problem was reported twice");
    assert!(
        !errors.contains("en/index.html (from"),
        "content's problems are reported in the content, not again in its page"
    );
    let tree = read_tree(&out);
    assert_eq!(tree.len(), 1, "the output changed: {:?}", tree.keys());
}

#[test]
fn check_and_package_refuse_what_build_refuses() {
    let root = fixture("attack_origins");
    let build_out = temp_dir("attack-build");
    let built = build(&root, &build_out, &[]);
    let package_out = temp_dir("attack-package");
    let packaged = zaklyk(&[
        "package",
        "--root",
        root.to_str().unwrap(),
        "--out",
        package_out.to_str().unwrap(),
    ]);
    let checked = zaklyk(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!((packaged.code, checked.code), (1, 1));
    assert_eq!(error_lines(&packaged.stderr), error_lines(&built.stderr));
    assert_eq!(error_lines(&checked.stderr), error_lines(&built.stderr));
    assert!(read_tree(&package_out).is_empty());
}

fn accepted(label: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let site = temp_dir(&format!("{label}-site"));
    copy_dir(&fixture("origins_accepted"), &site);
    let out = temp_dir(&format!("{label}-out"));
    (site, out)
}

fn text(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|_| panic!("{path} was not published"))
}

/// The Content-Security-Policy of the first `<meta>` that sets one.
fn policy_of(html: &str) -> &str {
    let at = html
        .find("http-equiv=Content-Security-Policy content=\"")
        .map(|i| i + 44)
        .or_else(|| {
            html.find("http-equiv=\"Content-Security-Policy\" content=\"")
                .map(|i| i + 46)
        })
        .expect("a policy");
    &html[at..at + html[at..].find('"').unwrap()]
}

#[test]
fn harmless_pages_build_and_a_static_page_gets_the_sites_policy() {
    let (site, out) = accepted("harmless");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = text(&out, "en/index.html");
    for kept in [
        "https://zmina.ua/",
        "mailto:info@example.org",
        "https://t.me/share/url?url=",
        "data:image/png;base64,",
        "https://media.example.net/photo.png",
        "../img/logo.svg",
    ] {
        assert!(page.contains(kept), "{kept} is missing from the page");
    }
    let policy = policy_of(&page);
    assert!(
        policy.contains("img-src 'self' data: https://media.example.net"),
        "the allowed origin is allowed by the policy too: {policy}"
    );

    // The static page gets the same policy, with a UTF-8 declaration, leading its head.
    let static_page = text(&out, "page.html");
    let source = std::fs::read_to_string(site.join("theme/static/page.html")).unwrap();
    let head = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>";
    assert!(static_page.starts_with(&format!(
        "{head}<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n<title>"
    )), "{static_page}");
    assert_eq!(
        static_page.replace(
            &format!(
                "<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"
            ),
            ""
        ),
        source,
        "nothing else of the static page changes"
    );
    // Other static files are published as they are.
    assert_eq!(
        std::fs::read(out.join("img/logo.svg")).unwrap(),
        std::fs::read(site.join("theme/static/img/logo.svg")).unwrap()
    );
    assert_eq!(text(&out, "CNAME"), "example.org\n");
    assert!(text(&out, "_headers").contains(&format!(
        "Content-Security-Policy: {policy}; frame-ancestors 'none'"
    )));
}

#[test]
fn a_theme_that_leaves_out_the_policy_gets_it() {
    let (site, out) = accepted("no-policy");
    let theme = site.join("theme/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("base.html"),
        "<!DOCTYPE html>\n<html lang=\"{{ language.tag }}\">\n<title>{% block title %}{% endblock title %}</title>\n<main>{% block main %}{% endblock main %}</main>\n",
    )
    .unwrap();
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for path in [
        "en/index.html",
        "index.html",
        "404.html",
        "translate/index.html",
    ] {
        let html = text(&out, path);
        let policy = html
            .find("<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
            .unwrap_or_else(|| panic!("{path} has no policy: {html}"));
        assert!(
            policy < html.find("<title>").unwrap() && !html[..policy].contains("<meta"),
            "{path}: the policy does not lead the head: {html}"
        );
    }
}

#[test]
fn the_offline_copy_and_single_pages_are_scanned_and_carry_their_policies() {
    let (site, out) = accepted("harmless-package");
    let run = zaklyk(&[
        "package",
        "--root",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let downloads: Vec<String> = read_tree(&out.join("download")).into_keys().collect();
    let zip = downloads
        .iter()
        .find(|p| p.ends_with(".zip"))
        .expect("a zip");
    let files =
        zaklyk::package::unzip(&std::fs::read(out.join("download").join(zip)).unwrap()).unwrap();
    let page = files
        .iter()
        .find(|(p, _)| p.ends_with("/page.html") || p.as_str() == "page.html")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("the static page is in the offline copy");
    assert!(
        page.contains("<head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\"")
    );
    let single = downloads
        .iter()
        .find(|p| p.ends_with("-en.html"))
        .expect("a single-file page");
    let single = text(&out.join("download"), single);
    assert!(
        policy_of(&single).starts_with("default-src 'none'; style-src 'sha256-"),
        "{}",
        policy_of(&single)
    );
}

/// A static file may not take the place of any file zaklyk makes — the demands' pages and their
/// sheet, the updates and their feed, the share cards — nor of a folder it makes, nor of another
/// static file on a disk that ignores case.
#[test]
fn no_static_file_takes_the_place_of_a_made_one() {
    let dir = basic_site("static-places");
    let statics = dir.join("theme/static");
    for rel in [
        "en/demands/2/index.html",
        "en/demands/index.html",
        "EN/Demands/Index.html",
        "en/card.png",
        "en/demands/2/card.png",
        "en/demands/1/index.html/x.png",
        "notes/A.txt",
        "notes/a.txt",
    ] {
        let path = statics.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }
    let out = temp_dir("static-places-out");
    let run = build(&dir, &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for line in [
        "theme/static/en/demands/2/index.html: error: `theme/static/en/demands/2/index.html` would replace `en/demands/2/index.html`, which zaklyk makes from `demand.html`",
        "theme/static/en/demands/index.html: error: `theme/static/en/demands/index.html` would replace `en/demands/index.html`",
        "theme/static/EN/Demands/Index.html: error: `theme/static/EN/Demands/Index.html` would replace `en/demands/index.html`",
        "theme/static/en/card.png: error: `theme/static/en/card.png` would replace `en/card.png`, the share card zaklyk draws",
        "theme/static/en/demands/2/card.png: error: `theme/static/en/demands/2/card.png` would replace `en/demands/2/card.png`, the share card zaklyk draws",
        "theme/static/en/demands/1/index.html/x.png: error: `theme/static/en/demands/1/index.html/x.png` would replace `en/demands/1/index.html`",
        "theme/static/notes/a.txt: error: `theme/static/notes/a.txt` would replace `theme/static/notes/A.txt` on a disk that ignores case",
    ] {
        assert!(run.stderr.contains(line), "missing: {line}\n{}", run.stderr);
    }
    assert_eq!(
        run.stderr.matches("[static-replaces-generated]").count(),
        7,
        "{}",
        run.stderr
    );
}

//! The preview's incremental rebuilds against clean builds. A site of several languages (with
//! fallback chains), pages that link to each other and a navigation that lists them is edited by
//! a fixed-seed sequence of random saves — strings, page texts and titles, new and removed pages,
//! a page another one is a link to, `site.toml`, a template, and a broken save (with a good one
//! in the same moment) then its fix. The edits reach each scope a rebuild may narrow to: the text
//! of a page alone (its versions in every language, a language falling back to it), the title of
//! a page in the navigation (every page of its language), and an anchor other pages link to,
//! whose removal fails the rebuild as it fails a clean build.
//! After each step, every file a clean `build` of the same sources makes is served by `serve`
//! with the same bytes, but for what the preview adds on purpose (its reload script and the
//! policy that allows it); files the clean build no longer makes are not served; and after the
//! broken save the last good version is still served whole.

use crate::serve::{start, Server};
use crate::support::*;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A deterministic stream of numbers (a linear congruential generator).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: [&str; 8] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
];

/// Languages with translations of the generated pages (crh falls back to uk, then en).
const TRANSLATED: [&str; 3] = ["uk", "crh", "de"];

/// The pages listed in the navigation of every page (`menu = true`): their titles are on every
/// page of their language.
const IN_MENU: usize = 2;

fn page_text(title: &str, lang: &str, n: usize, pages: usize) -> String {
    let next = n % pages + 1;
    let other = (n + 2) % pages + 1;
    let menu = if n <= IN_MENU {
        format!("menu = true\nweight = {n}\n")
    } else {
        String::new()
    };
    format!(
        "+++\ntitle = \"{title}\"\ndescription = \"Page {n} ({lang}).\"\ndate = 2025-08-1{}\n{menu}+++\n\nPage {n} in {lang}. See [the next page](@/page-{next}.md), [another](@/page-{other}.md#part) and [the statement](@/index.md#demand-3).\n\n## Part {{#part}}\n\nText of page {n}.\n",
        n % 10
    )
}

/// The repository's site, its theme, and `pages` further pages in English, some translated.
fn generated_site(pages: usize) -> PathBuf {
    let site = temp_dir("preview-site");
    for part in ["content", "locales", "theme"] {
        copy_dir(&repo_root().join(part), &site.join(part));
    }
    std::fs::copy(repo_root().join("site.toml"), site.join("site.toml")).unwrap();
    for n in 1..=pages {
        write(
            &site,
            &format!("content/en/page-{n}.md"),
            &page_text(&format!("Page {n}"), "en", n, pages),
        );
        for (i, lang) in TRANSLATED.iter().enumerate() {
            if (n + i) % 2 == 0 {
                write(
                    &site,
                    &format!("content/{lang}/page-{n}.md"),
                    &page_text(&format!("Page {n} {lang}"), lang, n, pages),
                );
            }
        }
    }
    // A file `content/` does not read: its warning is found reading the pages, and a rebuild
    // that reads the strings alone still reports it.
    write(&site, "content/en/notes.txt", "Not a page.\n");
    // A string no language has: every statement page shows the built-in text, with a warning
    // found rendering it; a failed rebuild that does not render those pages again reports it.
    for lang in ["en", "uk", "crh", "de", "fr", "pl"] {
        let rel = format!("locales/{lang}/theme.ftl");
        let text = std::fs::read_to_string(site.join(&rel)).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("signatories-heading = "))
            .collect();
        write(&site, &rel, &(kept.join("\n") + "\n"));
    }
    // German strings that are the Ukrainian file by another name: a save of the one changes
    // the pages of both.
    #[cfg(unix)]
    {
        std::fs::remove_file(site.join("locales/de/campaign.ftl")).unwrap();
        std::os::unix::fs::symlink("../uk/campaign.ftl", site.join("locales/de/campaign.ftl"))
            .unwrap();
    }
    // A switcher that also asks each version's language for a string: the part looks up other
    // languages' strings on every page, so an edit of one language's strings changes the pages
    // of all.
    let rel = "theme/templates/parts/switcher.html";
    let part = std::fs::read_to_string(site.join(rel)).unwrap();
    let asked = "{{ t.lang.name }}</a> <small>{{ trans(key=\"choose-language\", lang=t.lang.code) }}</small>";
    assert!(part.contains("{{ t.lang.name }}</a>"), "{rel}");
    write(&site, rel, &part.replace("{{ t.lang.name }}</a>", asked));
    // A page that is a link to another: a save names the file it leads to, not the link.
    #[cfg(unix)]
    std::os::unix::fs::symlink("../en/page-1.md", site.join("content/pl/page-1.md")).unwrap();
    site
}

fn write(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A GET of `path`: the status and the body's bytes.
fn fetch(port: u16, path: &str, timeout: Duration) -> Option<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(timeout)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let end = response.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&response[..end]).into_owned();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, response[end + 4..].to_vec()))
}

fn get_ok(port: u16, path: &str) -> (u16, Vec<u8>) {
    fetch(port, path, Duration::from_secs(30)).unwrap_or_else(|| panic!("{path} was not answered"))
}

/// The preview's current build: its number and whether it failed.
fn poll(port: u16, seen: Option<u64>, timeout: Duration) -> Option<(u64, bool)> {
    let query = seen.map_or(String::new(), |v| format!("?v={v}"));
    let (status, body) = fetch(port, &format!("/__zaklyk/poll{query}"), timeout)?;
    assert_eq!(status, 200);
    let body = String::from_utf8(body).unwrap();
    let version = body
        .split("\"version\":")
        .nth(1)?
        .split(',')
        .next()?
        .parse()
        .ok()?;
    Some((version, body.contains("\"error\":true")))
}

/// Waits for a build after `seen`, then until no other follows for a moment; returns the last.
fn settled(port: u16, seen: u64) -> (u64, bool) {
    let mut last = poll(port, Some(seen), Duration::from_secs(60)).expect("a rebuild followed");
    while let Some(next) = poll(port, Some(last.0), Duration::from_millis(800)) {
        last = next;
    }
    last
}

/// Waits for the rebuild after `version` and those that follow at once; says whether the last
/// failed, and makes it the version seen.
fn rebuilt(server: &Server, version: &mut u64) -> bool {
    let (v, failed) = settled(server.port, *version);
    *version = v;
    failed
}

/// A served file without what only the preview adds: the reload script that ends the page and
/// the directives of its policy that allow that script.
fn without_preview(bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    let mut text = text.to_string();
    if let Some(start) = text.find("script-src 'sha256-") {
        let end = text[start..]
            .find("connect-src 'self'; ")
            .map(|e| start + e + "connect-src 'self'; ".len())
            .expect("the preview's policy allows its requests");
        text.replace_range(start..end, "");
    }
    if let Some(start) = text.rfind("<script>") {
        if text[start..].contains("/__zaklyk/poll") {
            let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
            text.replace_range(start..end, "");
        }
    }
    text.into_bytes()
}

/// Builds the site cleanly and asserts the preview serves exactly that; returns the build.
fn assert_serves_clean_build(
    server: &Server,
    site: &Path,
    step: &str,
    before: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, Vec<u8>> {
    let out = temp_dir("preview-clean");
    let base = format!("http://127.0.0.1:{}/", server.port);
    let run = build(site, &out, &["--base-url", &base]);
    assert_eq!(
        run.code, 0,
        "{step}: the clean build failed: {}",
        run.stderr
    );
    let tree = read_tree(&out);
    let mut compared = 0;
    for (path, bytes) in &tree {
        // The preview checks the share cards but draws none.
        if path.ends_with(".png") {
            continue;
        }
        let (status, served) = get_ok(server.port, &format!("/{path}"));
        assert_eq!(status, 200, "{step}: /{path} is not served");
        let served = without_preview(&served);
        assert!(
            served == *bytes,
            "{step}: /{path} differs from the clean build:\nserved: {}\nbuilt:  {}",
            String::from_utf8_lossy(&served),
            String::from_utf8_lossy(bytes)
        );
        compared += 1;
    }
    assert!(compared > 50, "{step}: only {compared} files compared");
    for gone in before.keys().filter(|p| !tree.contains_key(*p)) {
        let (status, _) = get_ok(server.port, &format!("/{gone}"));
        assert_eq!(status, 404, "{step}: /{gone} is still served");
    }
    let _ = std::fs::remove_dir_all(&out);
    tree
}

/// A simple message of a Fluent file (no placeable, no markup), changed by one word.
fn edit_string(rng: &mut Rng, site: &Path, word: &str) -> String {
    let lang = *rng.pick(&["uk", "crh", "en", "de"]);
    let file = *rng.pick(&["theme.ftl", "campaign.ftl"]);
    let rel = format!("locales/{lang}/{file}");
    let text = std::fs::read_to_string(site.join(&rel)).unwrap();
    let simple: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.split_once(" = ").is_some_and(|(k, v)| {
                k.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                    && !v.is_empty()
                    && !v.contains(['{', '}', '<', '&'])
            })
        })
        .collect();
    let line = *rng.pick(&simple);
    let edited = text.replacen(line, &format!("{line} {word}"), 1);
    write(site, &rel, &edited);
    format!("string `{line}` of {rel} + `{word}`")
}

/// A page's title (which every page's navigation lists) or text, or a new translation.
fn edit_page(rng: &mut Rng, site: &Path, pages: usize, step: usize, word: &str) -> String {
    let lang = *rng.pick(&["en", "uk", "crh", "de"]);
    let n = 1 + rng.below(pages);
    let rel = format!("content/{lang}/page-{n}.md");
    let title = format!("Page {n} {lang} {word}");
    if rng.below(2) == 0 || !site.join(&rel).exists() {
        write(site, &rel, &page_text(&title, lang, n, pages));
    } else {
        let text = std::fs::read_to_string(site.join(&rel)).unwrap();
        write(
            site,
            &rel,
            &format!("{text}\nMore {word} in step {step}.\n"),
        );
    }
    format!("page {rel} ({word})")
}

/// Appends ` word` to message `id` of the Fluent file `rel`; gives the line as it was.
fn append_to_message(site: &Path, rel: &str, id: &str, word: &str) -> String {
    let text = std::fs::read_to_string(site.join(rel)).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{id} = ")))
        .unwrap_or_else(|| panic!("{rel} has {id}"))
        .to_string();
    let edited = text.replacen(&line, &format!("{line} {word}"), 1);
    write(site, rel, &edited);
    line
}

/// One random save of the given kind; says what it did.
fn random_edit(rng: &mut Rng, site: &Path, pages: usize, step: usize, kind: &str) -> String {
    let word = rng.pick(&WORDS).to_string();
    match kind {
        "string" => edit_string(rng, site, &word),
        "other-language-string" => {
            let rel = format!("locales/{}/theme.ftl", rng.pick(&["uk", "crh", "en", "de"]));
            let line = append_to_message(site, &rel, "choose-language", &word);
            format!("string `{line}` of {rel}, which every language's switcher shows, + `{word}`")
        }
        "linked-string" => {
            // locales/de/campaign.ftl is a link to this file: German pages change too.
            let rel = "locales/uk/campaign.ftl";
            let line = append_to_message(site, rel, "site-name", &word);
            format!("string `{line}` of {rel}, which locales/de/campaign.ftl links to, + `{word}`")
        }
        "cached-string" => {
            // A string every page of a language shows, which the templates format once per
            // language and then take from their cache: each page still counts as showing it.
            let rel = format!("locales/{}/theme.ftl", rng.pick(&["en", "uk", "crh", "de"]));
            let line = append_to_message(site, &rel, "all-languages", &word);
            format!("string `{line}` of {rel}, on every page, + `{word}`")
        }
        "page" => edit_page(rng, site, pages, step, &word),
        "atomic" => {
            // As editors that save through a temporary file and move it into place do.
            let lang = *rng.pick(&["en", "uk", "crh", "de"]);
            let n = 1 + rng.below(pages);
            let rel = format!("content/{lang}/page-{n}.md");
            let title = format!("Page {n} {lang} {word}");
            let temporary = site.join(format!("content/{lang}/.page-{n}.md.{step}.tmp"));
            std::fs::write(&temporary, page_text(&title, lang, n, pages)).unwrap();
            std::fs::rename(&temporary, site.join(&rel)).unwrap();
            format!("page {rel} moved into place ({word})")
        }
        "linked" => {
            let rel = "content/en/page-1.md";
            let text = std::fs::read_to_string(site.join(rel)).unwrap();
            write(
                site,
                rel,
                &format!("{text}\nLinked {word} in step {step}.\n"),
            );
            format!("page {rel}, which content/pl/page-1.md links to ({word})")
        }
        "body" => {
            // The text of a page only, not its front matter: its versions change, no other page.
            let lang = *rng.pick(&["en", "uk", "crh", "de"]);
            let existing: Vec<usize> = (1..=pages)
                .filter(|n| site.join(format!("content/{lang}/page-{n}.md")).exists())
                .collect();
            let rel = format!("content/{lang}/page-{}.md", rng.pick(&existing));
            append(site, &rel, &format!("Body {word} in step {step}."));
            format!("the text of {rel} ({word})")
        }
        "fallback" => {
            // A page of uk that crh lacks: crh's version shows uk's text.
            let n = *rng.pick(
                &(1..=pages)
                    .filter(|n| {
                        site.join(format!("content/uk/page-{n}.md")).exists()
                            && !site.join(format!("content/crh/page-{n}.md")).exists()
                    })
                    .collect::<Vec<_>>(),
            );
            let rel = format!("content/uk/page-{n}.md");
            append(site, &rel, &format!("Fallback {word} in step {step}."));
            format!("the text of {rel}, which crh falls back to ({word})")
        }
        "menu-title" => {
            // The title of a page in the navigation, which every page of its language lists.
            let lang = *rng.pick(&["en", "uk", "de"]);
            let n = 1 + rng.below(IN_MENU);
            let rel = format!("content/{lang}/page-{n}.md");
            if !site.join(&rel).exists() {
                write(site, &rel, &page_text("New", lang, n, pages));
            }
            let text = std::fs::read_to_string(site.join(&rel)).unwrap();
            let line = text.lines().find(|l| l.starts_with("title = ")).unwrap();
            let edited = text.replacen(line, &format!("title = \"Menu {n} {lang} {word}\""), 1);
            write(site, &rel, &edited);
            format!("the title of {rel}, in the navigation ({word})")
        }
        "remove" => {
            let lang = *rng.pick(&TRANSLATED);
            let existing: Vec<usize> = (1..=pages)
                .filter(|n| site.join(format!("content/{lang}/page-{n}.md")).exists())
                .collect();
            let n = *rng.pick(&existing);
            let rel = format!("content/{lang}/page-{n}.md");
            std::fs::remove_file(site.join(&rel)).unwrap();
            format!("removed {rel}")
        }
        "template" => {
            let rel = "theme/templates/page.html";
            let text = std::fs::read_to_string(site.join(rel)).unwrap();
            let edited = text.replacen(
                "</article>",
                &format!("<p class=\"edit\">{word} {step}</p>\n</article>"),
                1,
            );
            write(site, rel, &edited);
            format!("template {rel} ({word})")
        }
        "config" => {
            let text = std::fs::read_to_string(site.join("site.toml")).unwrap();
            let mirror = format!("mirrors = [\"https://{word}.example.net/\"]\n");
            let edited = match text.find("\nmirrors = [") {
                Some(at) => {
                    let end = at + 1 + text[at + 1..].find('\n').unwrap() + 1;
                    format!("{}\n{mirror}{}", &text[..at], &text[end..])
                }
                None => text.replacen("\n[languages.", &format!("\n{mirror}\n[languages."), 1),
            };
            write(site, "site.toml", &edited);
            format!("site.toml mirrors ({word})")
        }
        other => unreachable!("{other}"),
    }
}

fn append(site: &Path, rel: &str, line: &str) {
    let text = std::fs::read_to_string(site.join(rel)).unwrap();
    write(site, rel, &format!("{text}\n{line}\n"));
}

/// A save that removes the anchor other pages link to (`@/page-N.md#part`): the pages that link
/// to it are not the page saved, and the rebuild fails as a clean build does; then the fix.
fn anchor_removed_then_restored(
    server: &Server,
    site: &Path,
    rng: &mut Rng,
    step: usize,
    version: &mut u64,
) -> String {
    let rel = format!("content/en/page-{}.md", 1 + rng.below(PAGES));
    let original = std::fs::read_to_string(site.join(&rel)).unwrap();
    write(site, &rel, &original.replace(" {#part}", " {#gone}"));
    let out = temp_dir("preview-clean");
    let run = build(site, &out, &[]);
    assert_eq!(
        run.code, 1,
        "step {step}: a clean build refuses the broken link"
    );
    assert!(
        run.stderr.contains("has no element with id `part`"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&out);
    let failed = rebuilt(server, version);
    assert!(
        failed,
        "step {step}: removing the anchor of {rel} fails the rebuild"
    );
    let (_, body) = get_ok(server.port, "/__zaklyk/error?lang=en");
    assert!(
        String::from_utf8_lossy(&body).contains("has no element with id `part`"),
        "step {step}: the error page names the broken link"
    );
    write(site, &rel, &original);
    let failed = rebuilt(server, version);
    assert!(!failed, "step {step}: the anchor restored builds");
    format!("step {step}: the anchor of {rel} removed, then restored")
}

/// A good save and a broken one in the same moment, then the fix: the last good version stays
/// served whole meanwhile, and the good save is not lost with the failed rebuild.
fn broken_then_fixed(
    server: &Server,
    site: &Path,
    rng: &mut Rng,
    step: usize,
    version: &mut u64,
    tree: &BTreeMap<String, Vec<u8>>,
) -> String {
    let good = random_edit(rng, site, PAGES, step, "page");
    let ftl = site.join("locales/crh/theme.ftl");
    let original = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, format!("{original}broken = {{\n")).unwrap();
    let failed = rebuilt(server, version);
    assert!(failed, "step {step}: the broken save fails the rebuild");
    let (status, body) = get_ok(server.port, "/__zaklyk/error?lang=crh-Latn");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("locales/crh/theme.ftl:"));
    for (path, bytes) in tree.iter().filter(|(p, _)| !p.ends_with(".png")) {
        let (_, served) = get_ok(server.port, &format!("/{path}"));
        assert!(
            without_preview(&served) == *bytes,
            "step {step}: /{path} is not the last good version after a broken save"
        );
    }
    std::fs::write(&ftl, original).unwrap();
    let failed = rebuilt(server, version);
    assert!(!failed, "step {step}: the fix builds");
    format!("step {step}: broken save with {good}, then its fix")
}

/// Broken strings saved alone, then fixed: a rebuild that reads only the strings (and takes the
/// site as it is) fails as `check` does, with every problem `check` finds in the same files:
/// those about the pages, those found rendering pages it does not render again, those of the
/// strings' syntax and those found rendering in the same save.
fn broken_strings_then_fixed(
    server: &Server,
    site: &Path,
    step: usize,
    version: &mut u64,
) -> String {
    let uk = site.join("locales/uk/campaign.ftl");
    let en = site.join("locales/en/theme.ftl");
    let originals = [&uk, &en].map(|f| std::fs::read_to_string(f).unwrap());
    let unknown_variable = originals[1].replacen(
        "updates-none = No updates yet.",
        "updates-none = No updates yet { $missing }.",
        1,
    );
    assert_ne!(unknown_variable, originals[1]);
    // A syntax error and an error found rendering, in one save; then the second alone.
    std::fs::write(&uk, format!("{}broken = {{\n", originals[0])).unwrap();
    std::fs::write(&en, &unknown_variable).unwrap();
    error_page_is_check(
        server,
        site,
        step,
        version,
        &["locales/uk/campaign.ftl:", "locales/en/theme.ftl:"],
    );
    std::fs::write(&uk, &originals[0]).unwrap();
    error_page_is_check(server, site, step, version, &["locales/en/theme.ftl:"]);
    std::fs::write(&en, &originals[1]).unwrap();
    let failed = rebuilt(server, version);
    assert!(!failed, "step {step}: the fix builds");
    format!("step {step}: broken strings alone, then their fix")
}

/// Waits for the rebuild, which fails, and compares its error page with what `check` finds:
/// the same problems, among them the warnings about `content/en/notes.txt` and the built-in
/// text of the statement pages, and errors in each of `errors_in`.
fn error_page_is_check(
    server: &Server,
    site: &Path,
    step: usize,
    version: &mut u64,
    errors_in: &[&str],
) {
    let failed = rebuilt(server, version);
    assert!(failed, "step {step}: broken strings fail the rebuild");
    let (_, body) = get_ok(server.port, "/__zaklyk/error");
    let page = String::from_utf8_lossy(&body)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let check = zaklyk(&["check", "--root", site.to_str().unwrap()]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let found: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect();
    let has = |start: &str, what: &str| {
        found
            .iter()
            .any(|l| l.starts_with(start) && l.contains(what))
    };
    assert!(
        has("content/en/notes.txt: warning", "")
            && has("theme/templates/index.html:", "signatories-heading")
            && errors_in.iter().all(|f| has(f, ": error: ")),
        "{}",
        check.stderr
    );
    assert_eq!(
        page.matches("<li>").count(),
        found.len(),
        "step {step}: {page}\n{}",
        check.stderr
    );
    for line in found {
        assert!(
            page.contains(line),
            "step {step}: the error page lacks {line}\n{page}"
        );
    }
}

/// `site.toml` saved through a temporary file moved into place, and `content/` replaced whole by
/// a copy; then each saved in place: the saves after the replacement are seen as those before.
fn replaced_then_saved(
    server: &Server,
    site: &Path,
    rng: &mut Rng,
    step: usize,
    version: &mut u64,
) -> String {
    let mut settle = |what: &str| {
        let failed = rebuilt(server, version);
        assert!(!failed, "step {step}: {what} fails the rebuild");
    };
    let config = site.join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let moved = site.join(format!(".site.toml.{step}"));
    std::fs::write(&moved, text.replacen("\n[languages.", "\n\n[languages.", 1)).unwrap();
    std::fs::rename(&moved, &config).unwrap();
    settle("site.toml moved into place");
    let config_edit = random_edit(rng, site, PAGES, step, "config");
    settle(&config_edit);
    let (content, copy, old) = (
        site.join("content"),
        site.join(format!("content.{step}")),
        site.join(format!("content.old.{step}")),
    );
    copy_dir(&content, &copy);
    std::fs::rename(&content, &old).unwrap();
    std::fs::rename(&copy, &content).unwrap();
    std::fs::remove_dir_all(&old).unwrap();
    settle("content/ replaced");
    let page_edit = random_edit(rng, site, PAGES, step, "page");
    format!("step {step}: site.toml moved into place, then {config_edit}; content/ replaced, then {page_edit}")
}

const PAGES: usize = 6;

#[test]
fn after_any_sequence_of_saves_the_preview_serves_what_a_clean_build_makes() {
    let site = generated_site(PAGES);
    let server = start(&site, 0);
    let (mut version, failed) = poll(server.port, None, Duration::from_secs(30)).unwrap();
    assert!(!failed, "the generated site builds");
    let mut tree = assert_serves_clean_build(&server, &site, "start", &BTreeMap::new());

    let seed = std::env::var("PREVIEW_SEED").map_or(17, |s| s.parse().unwrap());
    let mut rng = Rng(seed);
    let mut kinds = vec![
        "string",
        "string",
        "string",
        "string",
        "string",
        "string",
        "cached-string",
        "other-language-string",
        "linked-string",
        "page",
        "page",
        "page",
        "page",
        "atomic",
        "atomic",
        "linked",
        "remove",
        "template",
        "config",
        "broken",
        "broken-string",
        "body",
        "body",
        "fallback",
        "menu-title",
        "menu-title",
        "anchor",
        "replaced",
    ];
    // Shuffled by the seed: the order of the kinds is part of what is random.
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, rng.below(i + 1));
    }
    for (step, kind) in kinds.iter().enumerate() {
        let what = if *kind == "broken" {
            broken_then_fixed(&server, &site, &mut rng, step, &mut version, &tree)
        } else if *kind == "broken-string" {
            broken_strings_then_fixed(&server, &site, step, &mut version)
        } else if *kind == "anchor" {
            anchor_removed_then_restored(&server, &site, &mut rng, step, &mut version)
        } else if *kind == "replaced" {
            let what = replaced_then_saved(&server, &site, &mut rng, step, &mut version);
            let failed = rebuilt(&server, &mut version);
            assert!(!failed, "{what} fails the rebuild");
            what
        } else {
            let what = random_edit(&mut rng, &site, PAGES, step, kind);
            let failed = rebuilt(&server, &mut version);
            assert!(!failed, "step {step}: {what} fails the rebuild");
            format!("step {step}: {what}")
        };
        tree = assert_serves_clean_build(&server, &site, &what, &tree);
    }
}

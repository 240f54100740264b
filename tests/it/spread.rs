//! Spreading the statement: share cards, the demands' own pages, the one-sheet, QR codes and the
//! updates with their Atom feeds, over `tests/fixtures/spread` (English source, Ukrainian,
//! Hebrew written right to left with demands that fall back to English, two posts) and over this
//! repository's site.

use crate::support::*;
use std::collections::BTreeMap;
use std::path::Path;

const FIXTURE: &str = "spread";

/// The fixture built into a fresh folder, with its own cache (a copy of the site).
fn built_copy(label: &str) -> (std::path::PathBuf, std::path::PathBuf, Run) {
    let site = temp_dir(&format!("{label}-site"));
    copy_dir(&fixture(FIXTURE), &site);
    // A build of the fixture in place (the browser tier's) leaves its cache there: start cold.
    let _ = std::fs::remove_dir_all(site.join(".zaklyk-cache"));
    let out = temp_dir(&format!("{label}-out"));
    let run = build(&site, &out, &["--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (site, out, run)
}

fn text(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|_| panic!("{path} was not built"))
}

/// `share cards: N drawn, M from the cache`, as `build --timings` prints it.
fn card_counts(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("share cards: "))
        .unwrap_or_else(|| panic!("no card line in:\n{stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn cards_of(out: &Path) -> BTreeMap<String, Vec<u8>> {
    read_tree(out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".png"))
        .collect()
}

const CARDS: [&str; 12] = [
    "en/card.png",
    "en/demands/1/card.png",
    "en/demands/2/card.png",
    "en/demands/3/card.png",
    "he/card.png",
    "he/demands/1/card.png",
    "he/demands/2/card.png",
    "he/demands/3/card.png",
    "uk/card.png",
    "uk/demands/1/card.png",
    "uk/demands/2/card.png",
    "uk/demands/3/card.png",
];

#[test]
fn every_statement_and_demand_has_a_card_of_1200_by_630_under_100_kb() {
    let (_, out, run) = built_copy("cards");
    let cards = cards_of(&out);
    assert_eq!(cards.keys().collect::<Vec<_>>(), CARDS, "{}", run.stderr);
    for (path, png) in &cards {
        assert!(png.len() < 100 * 1024, "{path}: {} bytes", png.len());
        let (w, h, rgb) = zaklyk::cards::pixels(png).unwrap();
        assert_eq!((w, h), (1200, 630), "{path}");
        // Not a blank picture: the text is drawn in white on the theme's blue.
        let white = rgb.chunks(3).filter(|p| p == &[255, 255, 255]).count();
        assert!(white > 5_000, "{path}: {white} white pixels");
    }
    // The two Hebrew demands shown from English are drawn from the English text, the first in
    // Hebrew, and the cards differ.
    assert_ne!(
        cards["he/demands/1/card.png"],
        cards["en/demands/1/card.png"]
    );
}

#[test]
fn cards_are_the_same_bytes_from_two_checkouts_and_a_rebuild_draws_none() {
    let (site, out_a, run_a) = built_copy("det-a");
    let (_, out_b, run_b) = built_copy("det-b");
    assert_eq!(card_counts(&run_a.stderr), (12, 0));
    assert_eq!(card_counts(&run_b.stderr), (12, 0));
    assert!(
        cards_of(&out_a) == cards_of(&out_b),
        "two checkouts drew different cards"
    );
    // Nothing changed: every card comes from the cache, with the same bytes.
    let again = temp_dir("det-again");
    let run = build(&site, &again, &["--timings"]);
    assert_eq!(card_counts(&run.stderr), (0, 12));
    assert!(read_tree(&again) == read_tree(&out_a));
    // A changed demand redraws its card and the card of the language that shows it from English;
    // the build then keeps only the entries it used.
    let demands = site.join("content/en/demands.md");
    let changed = std::fs::read_to_string(&demands)
        .unwrap()
        .replace("Crimean Tatar letters", "Crimean Tatar letters again");
    std::fs::write(&demands, changed).unwrap();
    let run = build(&site, &again, &["--timings"]);
    assert_eq!(card_counts(&run.stderr), (2, 10), "{}", run.stderr);
    let cached = std::fs::read_dir(site.join(".zaklyk-cache/cards"))
        .unwrap()
        .count();
    assert_eq!(cached, 12, "the cache keeps the cards in use and no others");
}

/// The card cache holds what zaklyk wrote, and nothing else is taken from it: an entry that is a
/// link (to a file outside the site, to a terminal) or a named pipe is drawn again, never
/// published nor waited on.
#[cfg(unix)]
#[test]
fn the_card_cache_takes_only_its_own_files() {
    let (site, out, _) = built_copy("cache-links");
    let outside = temp_dir("cache-outside").join("private.png");
    std::fs::write(&outside, b"\x89PNG\r\n\x1a\nPRIVATE-OUTSIDE-THE-SITE\n").unwrap();
    let cards = site.join(".zaklyk-cache/cards");
    let entries: Vec<_> = std::fs::read_dir(&cards)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 12);
    for (i, entry) in entries.iter().enumerate() {
        std::fs::remove_file(entry).unwrap();
        match i % 3 {
            0 => std::os::unix::fs::symlink(&outside, entry).unwrap(),
            1 => std::os::unix::fs::symlink("/dev/stdin", entry).unwrap(),
            _ => {
                let made = std::process::Command::new("mkfifo")
                    .arg(entry)
                    .status()
                    .unwrap();
                assert!(made.success());
            }
        }
    }
    let again = temp_dir("cache-links-again");
    let run = build(&site, &again, &["--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(card_counts(&run.stderr), (12, 0), "every card drawn again");
    for (path, bytes) in read_tree(&again) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("PRIVATE-OUTSIDE"),
            "{path} holds the file outside the site"
        );
    }
    assert!(read_tree(&again) == read_tree(&out));
}

/// The SVG each card is drawn from, as the library renders it.
fn card_svgs(root: &Path) -> BTreeMap<String, String> {
    let project = zaklyk::project::Project::new(root);
    let built =
        zaklyk::pipeline::prepare(&project, &zaklyk::pipeline::BuildOptions::default()).unwrap();
    let (rendered, report) = zaklyk::render::render(
        built.site.as_ref().unwrap(),
        built.locales.clone().unwrap(),
        &zaklyk::render::RenderMode::default(),
    );
    assert!(!report.has_errors(), "{report:?}");
    rendered
        .cards
        .into_iter()
        .map(|job| (job.path, job.svg))
        .collect()
}

/// The text of the main `<text>` lines of a card's SVG (the white ones of the default card).
fn main_text(svg: &str) -> String {
    svg.split("<text ")
        .skip(1)
        .filter(|piece| {
            piece
                .split('>')
                .next()
                .unwrap()
                .contains("fill=\"#ffffff\"")
        })
        .map(|piece| {
            piece
                .split_once('>')
                .unwrap()
                .1
                .split("</text>")
                .next()
                .unwrap()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_cards_svg_holds_its_demands_text_escaped_wrapped_and_shortened() {
    let svgs = card_svgs(&fixture(FIXTURE));
    assert_eq!(svgs.keys().collect::<Vec<_>>(), CARDS);
    // Markup-like text is text: escaped once, never markup.
    assert_eq!(
        main_text(&svgs["en/demands/1/card.png"]),
        "release everyone: a &lt; b &amp; c &gt; d, &quot;quoted&quot;, ]]&gt; and &lt;script&gt;alert(1)&lt;/script&gt;;"
    );
    assert_eq!(
        main_text(&svgs["en/demands/3/card.png"]),
        "Crimean Tatar letters: Qırım, İstanbul, ñ ğ ş ç ö ü â."
    );
    assert!(svgs["en/demands/3/card.png"].contains(">Demand 3</text>"));
    // A demand too long for a card is cut at a word and ends with an ellipsis.
    let long = main_text(&svgs["en/demands/2/card.png"]);
    assert!(long.ends_with('…'), "{long}");
    assert!(long.starts_with("This demand is deliberately long, so that its share card"));
    assert!(long.len() < 600, "{} bytes on the card", long.len());
    // Right to left: each line embedded as such and anchored at the right edge.
    let he = &svgs["he/demands/1/card.png"];
    assert_eq!(main_text(he), "\u{202B}לשחרר את כולם.\u{202C}");
    assert!(he.contains("text-anchor=\"end\""));
    // A Hebrew page shows demand 2 from English: so does its card.
    assert!(main_text(&svgs["he/demands/2/card.png"]).contains("deliberately long"));
    assert_eq!(main_text(&svgs["uk/card.png"]), "Тестова заява");
}

#[test]
fn a_card_matches_its_reviewed_picture() {
    let (_, out, _) = built_copy("golden");
    let golden = repo_root().join("tests/goldens/card-en-demand-3.png");
    let png = std::fs::read(out.join("en/demands/3/card.png")).unwrap();
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &png).unwrap();
        return;
    }
    let (_, _, want) = zaklyk::cards::pixels(&std::fs::read(&golden).unwrap()).unwrap();
    let (w, h, got) = zaklyk::cards::pixels(&png).unwrap();
    assert_eq!((w, h), (1200, 630));
    // Antialiasing may differ by a few levels between renderer versions; letters may not.
    let differing = got
        .chunks(3)
        .zip(want.chunks(3))
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
        .count();
    assert!(
        differing < 600,
        "{differing} pixels differ from tests/goldens/card-en-demand-3.png (BLESS=1 rewrites it after review)"
    );
}

#[test]
fn each_demand_has_its_own_page_with_its_card_alternates_and_a_way_back() {
    let (_, out, _) = built_copy("pages");
    let base = "https://example.org/campaign/";
    let page = text(&out, "en/demands/1/index.html");
    // Markup-like text stays text (as the minifier writes it: `&` and `>` need no escape there).
    assert!(page.contains(
        "release everyone: a &lt; b & c > d, \"quoted\", ]]> and &lt;script>alert(1)&lt;/script>;"
    ));
    assert!(
        has_tag(&page, "a", &["href=../../index.html#demand-1"]),
        "the way back"
    );
    assert!(has_tag(
        &page,
        "link",
        &["rel=canonical", &format!("href={base}en/demands/1/")]
    ));
    for lang in ["uk", "en", "he"] {
        assert!(
            has_tag(
                &page,
                "link",
                &[
                    "rel=alternate",
                    &format!("hreflang={lang}"),
                    &format!("href={base}{lang}/demands/1/")
                ]
            ),
            "en/demands/1 has no {lang} alternate"
        );
    }
    assert!(has_tag(
        &page,
        "meta",
        &[
            "property=og:image",
            &format!("content={base}en/demands/1/card.png")
        ]
    ));
    assert!(has_tag(
        &page,
        "meta",
        &["property=og:image:width", "content=1200"]
    ));
    assert!(has_tag(
        &page,
        "meta",
        &["property=og:image:height", "content=630"]
    ));
    assert!(has_tag(
        &page,
        "meta",
        &["property=og:image:type", "content=image/png"]
    ));
    assert!(has_tag(
        &page,
        "meta",
        &["name=twitter:card", "content=summary_large_image"]
    ));
    let at = page.find("property=og:image:alt").expect("og:image:alt");
    let tag = &page[page[..at].rfind("<meta").unwrap()..page[at..].find('>').unwrap() + at];
    assert!(tag.contains("release everyone: a < b & c > d"), "{tag}");
    assert!(has_tag(&page, "a", &["href=card.png"]), "the card to save");
    // Hebrew has no demand 2: its page shows the English one, marked and not indexed, and no
    // page lists it as a Hebrew alternate.
    let he = text(&out, "he/demands/2/index.html");
    assert!(he.contains("lang=he dir=rtl"), "{he}");
    assert!(has_tag(&he, "article", &["lang=en", "dir=ltr"]));
    assert!(has_tag(&he, "meta", &["name=robots", "content=noindex"]));
    let en2 = text(&out, "en/demands/2/index.html");
    assert!(!en2.contains(&format!("href={base}he/demands/2/")));
    // The statement's share links lead to the demands' pages.
    let statement = text(&out, "en/index.html");
    for n in 1..=3 {
        let encoded = format!("https%3A%2F%2Fexample.org%2Fcampaign%2Fen%2Fdemands%2F{n}%2F");
        assert!(
            statement.contains(&format!("https://t.me/share/url?url={encoded}&")),
            "demand {n}"
        );
        assert!(has_tag(
            &statement,
            "a",
            &[&format!("href=demands/{n}/index.html")]
        ));
    }
    assert!(has_tag(
        &statement,
        "meta",
        &["property=og:image", &format!("content={base}en/card.png")]
    ));
    // The sitemap lists the translated demands' pages only.
    let sitemap = text(&out, "sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{base}he/demands/1/</loc>")));
    assert!(!sitemap.contains(&format!("<loc>{base}he/demands/2/</loc>")));
    assert!(sitemap.contains(&format!("<loc>{base}uk/demands/3/</loc>")));
    // The one-sheet: every demand, the signatories, and a QR code of the statement's address.
    let sheet = text(&out, "uk/demands/index.html");
    assert!(sheet.contains("звільнити всіх") && sheet.contains("третя вимога"));
    assert!(sheet.contains("<title>QR-код адреси https://example.org/campaign/uk/</title>"));
}

#[test]
fn pages_carry_a_qr_code_of_their_address() {
    let (_, out, _) = built_copy("qr");
    for (path, url) in [
        ("en/index.html", "https://example.org/campaign/en/"),
        (
            "en/demands/2/index.html",
            "https://example.org/campaign/en/demands/2/",
        ),
        (
            "uk/updates/first-meeting/index.html",
            "https://example.org/campaign/uk/updates/first-meeting/",
        ),
    ] {
        let html = text(&out, path);
        let figure = html
            .split("<figure class=qr>")
            .nth(1)
            .unwrap_or_else(|| panic!("{path}: no QR code"));
        assert!(
            has_tag(figure, "svg", &["class=qr-code", "role=img"]),
            "{path}"
        );
        let title = figure
            .split("<title>")
            .nth(1)
            .unwrap()
            .split("</title>")
            .next()
            .unwrap();
        assert!(title.contains(url), "{path}: {title}");
        assert!(
            figure.contains(&format!("<span class=address>{url}</span>")),
            "{path}"
        );
    }
}

#[test]
fn updates_are_listed_newest_first_with_a_feed_per_language() {
    let (_, out, _) = built_copy("updates");
    assert!(
        !out.join("en/updates/README/index.html").exists(),
        "the README is published"
    );
    let list = text(&out, "en/updates/index.html");
    let second = list.find("A second test post").expect("the newer post");
    let first = list
        .find("A test post: the statement was read")
        .expect("the older post");
    assert!(second < first, "newest first");
    assert!(list.contains("<time datetime=2025-10-01>1 October 2025</time>"));
    // Ukrainian: its own translation and the other post from English, marked so.
    let uk = text(&out, "uk/updates/index.html");
    assert!(uk.contains("<time datetime=2025-09-10>10 вересня 2025 року</time>"));
    assert!(uk.contains("Тестовий допис"));
    assert!(has_tag(&uk, "li", &["lang=en", "dir=ltr"]));
    // The statement links to the list and every page to its language's feed.
    for lang in ["en", "uk", "he"] {
        let statement = text(&out, &format!("{lang}/index.html"));
        assert!(
            has_tag(&statement, "a", &["href=updates/index.html"]),
            "{lang}"
        );
        assert!(
            has_tag(
                &statement,
                "link",
                &[
                    "rel=alternate",
                    "type=application/atom+xml",
                    "href=updates/atom.xml"
                ]
            ),
            "{lang}"
        );
    }
    for lang in ["en", "uk", "he"] {
        let xml = std::fs::read(out.join(format!("{lang}/updates/atom.xml"))).unwrap();
        let feed = atom_syndication::Feed::read_from(&xml[..]).expect("a valid Atom feed");
        let base = "https://example.org/campaign/";
        assert_eq!(feed.id(), format!("{base}{lang}/updates/atom.xml"));
        assert_eq!(feed.lang(), Some(lang));
        assert_eq!(feed.updated().to_rfc3339(), "2025-10-01T00:00:00+00:00");
        let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
        assert_eq!(
            ids,
            [
                format!("{base}{lang}/updates/second/"),
                format!("{base}{lang}/updates/first-meeting/")
            ],
            "{lang}"
        );
        for entry in feed.entries() {
            assert_eq!(
                entry.links()[0].href(),
                entry.id(),
                "the link is the post's address"
            );
            let content = entry.content().and_then(|c| c.value()).unwrap_or("");
            assert!(
                !content.contains("href=\"../") && !content.contains("href=../"),
                "{content}"
            );
        }
        let first = &feed.entries()[1];
        if lang == "en" {
            assert!(first
                .content()
                .and_then(|c| c.value())
                .unwrap()
                .contains("href=\"https://example.org/campaign/en/#demand-2\""));
            assert_eq!(
                first.summary().map(|s| s.as_str()),
                Some("The first post & its summary.")
            );
        }
    }
    // The same sources give the same feed.
    let (_, again, _) = built_copy("updates-again");
    assert_eq!(
        std::fs::read(out.join("uk/updates/atom.xml")).unwrap(),
        std::fs::read(again.join("uk/updates/atom.xml")).unwrap()
    );
}

#[test]
fn this_site_has_cards_demand_pages_and_qr_codes_in_six_languages_and_no_updates() {
    let out = temp_dir("spread-site");
    let run = build(&repo_root(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for lang in crate::LANGUAGES {
        assert!(out.join(format!("{lang}/card.png")).exists(), "{lang}");
        for n in 1..=10 {
            assert!(
                out.join(format!("{lang}/demands/{n}/card.png")).exists(),
                "{lang} {n}"
            );
            let page = text(&out, &format!("{lang}/demands/{n}/index.html"));
            assert!(page.contains("<figure class=qr>"), "{lang} {n}");
        }
        assert!(out.join(format!("{lang}/demands/index.html")).exists());
        // No update is published, and none is invented: the folder only documents them.
        let statement = text(&out, &format!("{lang}/index.html"));
        assert!(
            !statement.contains("href=updates/index.html"),
            "{lang}: a link to no updates"
        );
    }
    let posts: Vec<String> = read_tree(&repo_root().join("content"))
        .into_keys()
        .filter(|p| p.contains("/updates/") && !p.ends_with("/README.md"))
        .collect();
    assert!(posts.is_empty(), "posts in this site's content: {posts:?}");
}

#[test]
fn spread_mistakes_are_located_and_nothing_is_published() {
    let out = temp_dir("invalid-spread");
    std::fs::write(out.join("previous.html"), "the previous build").unwrap();
    let run = build(&fixture("invalid_spread"), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_text(
        &errors_only(&normalize_stderr(&run.stderr, &out)),
        &fixture("invalid_spread").join("expected.stderr"),
    );
    assert_eq!(read_tree(&out).len(), 1);
}

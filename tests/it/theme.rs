//! Making a site look like its campaign: `[theme]` (accent, logo, favicon), `custom.css`, a
//! template that extends the built-in one, menus ordered by weight, `init`'s skeleton, and the
//! head of every page (meta description, favicon, single-file pages without `hreflang`); and
//! every attempt to use them to load something from elsewhere or inject CSS, refused where it is
//! written.

use super::*;

fn themed() -> std::path::PathBuf {
    let out = temp_dir("themed");
    let run = build(&fixture("themed"), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

#[test]
fn the_theme_settings_change_the_pages() {
    let out = themed();
    let css = page(&out, "style.css");
    assert!(
        css.ends_with("/* [theme] of site.toml */\n@media screen {\n  :root { --accent: #8a1c1c; --accent-bg: #f7efef; }\n}\n@media screen and (prefers-color-scheme: dark) {\n  :root { --accent: #bc7e7e; --accent-bg: #251f1f; }\n}\n"),
        "the accent and its derived shades close the stylesheet"
    );
    for (path, root) in [
        ("en/about/index.html", "../../"),
        ("index.html", ""),
        ("translate/index.html", "../"),
        ("404.html", "/campaign/"),
    ] {
        let html = page(&out, path);
        assert!(
            html.contains(&format!(
                "<img class=\"logo\" src=\"{root}logo.svg\" alt=\"\">"
            )),
            "{path}: logo"
        );
        assert!(
            html.contains(&format!(
                "<link rel=\"icon\" href=\"{root}icons/icon.svg\" type=\"image/svg+xml\">"
            )),
            "{path}: favicon"
        );
        let style = html
            .find(&format!("href=\"{root}style.css\""))
            .expect("style.css");
        let custom = html
            .find(&format!("href=\"{root}custom.css\""))
            .expect("custom.css");
        assert!(
            custom > style,
            "{path}: custom.css comes after the built-in stylesheet"
        );
        assert!(
            html.contains("<meta name=\"description\""),
            "{path}: a description"
        );
    }
    assert_eq!(
        page(&out, "custom.css"),
        std::fs::read_to_string(fixture("themed/theme/static/custom.css")).unwrap()
    );
    // The site's page.html extends the built-in one: its own line, and the built-in footer kept.
    let about = page(&out, "en/about/index.html");
    assert!(about.contains(
        "<p class=\"footer-extra\">This line comes from the site&#39;s own page.html.</p>"
    ));
    assert!(
        about.contains("class=\"pages\""),
        "the built-in footer is kept by super()"
    );
    assert!(
        page(&out, "uk/index.html").contains("Цей рядок додає власний шаблон page.html сайту."),
        "index.html extends the site's page.html"
    );
    // The menu by weight, then title.
    let nav: Vec<&str> = ["Contact", "About", "Archive"].into_iter().collect();
    let at: Vec<usize> = nav
        .iter()
        .map(|t| {
            about
                .find(&format!(">{t}</a>"))
                .unwrap_or_else(|| panic!("{t} in the menu"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "weight 1, weight 2, no weight: {at:?}"
    );
    // The built-in favicon is not replaced by [theme] favicon, and is still published.
    assert!(out.join("favicon.svg").exists());
}

#[test]
fn the_built_in_favicon_takes_the_accent_colour() {
    let site = temp_dir("favicon-accent");
    copy_dir(&fixture("themed"), &site);
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    std::fs::write(
        site.join("site.toml"),
        toml.replace("favicon = \"icons/icon.svg\"\n", ""),
    )
    .unwrap();
    let out = temp_dir("favicon-accent-out");
    assert_eq!(build(&site, &out, &[]).code, 0);
    let icon = page(&out, "favicon.svg");
    assert!(
        icon.contains("fill=\"#8a1c1c\"") && !icon.contains("#0b4f8a"),
        "{icon}"
    );
    assert!(page(&out, "en/index.html")
        .contains("<link rel=\"icon\" href=\"../favicon.svg\" type=\"image/svg+xml\">"));
}

#[test]
fn single_file_pages_carry_everything_and_point_to_their_hosted_page() {
    let out = temp_dir("themed-single");
    let run = zaklyk(&[
        "package",
        "--root",
        fixture("themed").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = page(&out, "download/themed-en.html");
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/campaign/en/\">"));
    assert!(
        !html.contains("hreflang=\"uk\" href=\"https://example.org/campaign/uk/\">")
            && !html.contains("rel=\"alternate\""),
        "no hreflang alternates"
    );
    assert!(
        html.contains("<link rel=\"icon\" href=\"data:image/svg+xml;base64,"),
        "favicon as data:"
    );
    assert!(
        html.contains("<img class=\"logo\" src=\"data:image/svg+xml;base64,"),
        "logo as data:"
    );
    assert!(
        html.contains("--measure: 40rem") && html.contains("--accent: #8a1c1c"),
        "custom.css and the accent inlined"
    );
    assert!(!html.contains("custom.css\""), "nothing linked");
}

#[test]
fn every_page_of_this_site_has_a_description_and_an_icon_of_its_own() {
    let out = temp_dir("heads");
    let run = zaklyk(&[
        "package",
        "--root",
        repo_root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in read_tree(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            has_tag(&html, "meta", &["name=description"]),
            "{path}: no meta description"
        );
        let icon = html
            .split("<link")
            .map(|t| t.split('>').next().unwrap_or(""))
            .find(|t| t.contains("rel=icon"))
            .unwrap_or_else(|| panic!("{path}: no icon"));
        assert!(!icon.contains("://"), "{path}: an icon from another origin");
        if path.starts_with("download/") {
            assert!(icon.contains("data:image/svg+xml;base64,"), "{path}");
            assert!(
                !html.contains("hreflang=x-default"),
                "{path}: hreflang in a single-file page"
            );
        }
    }
    assert!(out.join("favicon.svg").exists());
}

/// A copy of the themed fixture with one change, checked; its stderr.
fn check_changed(label: &str, change: impl Fn(&Path)) -> Run {
    let site = temp_dir(label);
    copy_dir(&fixture("themed"), &site);
    change(&site);
    zaklyk(&["check", "--root", site.to_str().unwrap()])
}

fn replace_in(site: &Path, file: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.join(file)).unwrap();
    assert!(text.contains(from), "{file} lacks {from}");
    std::fs::write(site.join(file), text.replacen(from, to, 1)).unwrap();
}

#[test]
fn theme_settings_that_are_not_what_they_claim_are_refused_where_written() {
    for (label, from, to, says) in [
        ("accent-css", "accent = \"#8a1c1c\"", "accent = \"red;}body{background:url(https://x.example/t.png)}\"", "site.toml:13:10: error: [theme] accent: `red;}body{background:url(https://x.example/t.png)}` is not a CSS colour [config-theme]"),
        ("accent-url", "accent = \"#8a1c1c\"", "accent = \"url(https://x.example/)\"", "is not a CSS colour [config-theme]"),
        ("accent-alpha", "accent = \"#8a1c1c\"", "accent = \"rgb(138 28 28 / 40%)\"", "is translucent"),
        ("logo-url", "logo = \"logo.svg\"", "logo = \"https://cdn.example/logo.svg\"", "site.toml:14:8: error: [theme] logo `https://cdn.example/logo.svg` is an address: a file from another site would make readers' browsers contact it [config-theme]"),
        ("logo-up", "logo = \"logo.svg\"", "logo = \"../site.toml\"", "is not a path of a file in theme/static/"),
        ("logo-abs", "logo = \"logo.svg\"", "logo = \"/etc/passwd\"", "is not a path of a file in theme/static/"),
        ("logo-missing", "logo = \"logo.svg\"", "logo = \"logo.png\"", "site.toml:14:8: error: [theme] logo: theme/static/logo.png does not exist [config-theme]"),
        ("favicon-kind", "favicon = \"icons/icon.svg\"", "favicon = \"custom.css\"", "[theme] favicon: `custom.css` is not an image browsers show"),
        ("theme-key", "[theme]\n", "[theme]\nfont = \"x\"\n", "unknown field `font`"),
    ] {
        let run = check_changed(label, |site| replace_in(site, "site.toml", from, to));
        assert_eq!(run.code, 1, "{label}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{label}: wanted `{says}` in\n{}", run.stderr);
    }
}

#[test]
fn an_accent_that_reads_badly_gets_a_shade_that_passes() {
    let run = check_changed("contrast", |site| {
        replace_in(
            site,
            "site.toml",
            "accent = \"#8a1c1c\"",
            "accent = \"#f1c40f\"\naccent_dark = \"#333333\"",
        )
    });
    assert_eq!(run.code, 0, "a warning: {}", run.stderr);
    assert!(run.stderr.contains("site.toml:13:10: warning: [theme] accent #f1c40f has a contrast of 1.66:1 with the light background"), "{}", run.stderr);
    let help = run
        .stderr
        .lines()
        .find(|l| l.contains("help: accent = \"#"))
        .expect("a colour offered");
    let offered = help.split('"').nth(1).unwrap();
    let rgb = zaklyk::css::color::parse(offered).unwrap();
    assert!(
        zaklyk::css::color::contrast(rgb, zaklyk::css::color::Rgb::WHITE) >= 4.5,
        "{offered}"
    );
    assert!(
        run.stderr
            .contains("[theme] accent_dark #333333 has a contrast of"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("nearest lighter shade that passes"),
        "{}",
        run.stderr
    );
    let strict = check_changed("contrast-strict", |site| {
        replace_in(
            site,
            "site.toml",
            "accent = \"#8a1c1c\"",
            "accent = \"#f1c40f\"",
        )
    });
    assert_eq!(strict.code, 0);
    let site = temp_dir("contrast-build");
    copy_dir(&fixture("themed"), &site);
    replace_in(
        &site,
        "site.toml",
        "accent = \"#8a1c1c\"",
        "accent = \"#f1c40f\"",
    );
    assert_eq!(
        build(&site, &temp_dir("contrast-out"), &["--strict"]).code,
        1,
        "--strict refuses it"
    );
}

#[test]
fn custom_css_and_templates_cannot_load_from_elsewhere() {
    let run = check_changed("custom-import", |site| {
        std::fs::write(site.join("theme/static/custom.css"), ":root { --measure: 40rem; }\n@import url(\"https://fonts.example/css\");\nbody { background: url(//tracker.example/p.gif); }\n").unwrap();
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("theme/static/custom.css:2:13: error: CSS `@import` would make readers' browsers contact https://fonts.example/css [origin-external]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("theme/static/custom.css:3:"),
        "{}",
        run.stderr
    );
    let run = check_changed("template-font", |site| {
        replace_in(site, "theme/templates/page.html", "{% block footer %}", "{% block head %}{{ super() }}<link rel=\"stylesheet\" href=\"https://fonts.example/css\">{% endblock head %}\n{% block footer %}");
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("theme/templates/page.html:3:53: error: `<link rel=\"stylesheet\">` would make readers' browsers contact https://fonts.example/css [link-fetches-external]"), "{}", run.stderr);
}

#[test]
fn a_template_that_extends_itself_is_told_the_built_in_name() {
    let run = check_changed("self-extends", |site| {
        replace_in(
            site,
            "theme/templates/page.html",
            "\"zaklyk/page.html\"",
            "\"page.html\"",
        )
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("theme/templates/page.html:1:1: error: `page.html` extends itself: a site template replaces the built-in one of the same name [template-recursion]"), "{}", run.stderr);
    assert!(run.stderr.contains("help: to change part of the built-in template, extend it under its built-in name: {% extends \"zaklyk/page.html\" %}"), "{}", run.stderr);
    let run = check_changed("no-such-built-in", |site| {
        replace_in(
            site,
            "theme/templates/page.html",
            "\"zaklyk/page.html\"",
            "\"zaklyk/pages.html\"",
        )
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("zaklyk/<name>"), "{}", run.stderr);
}

#[test]
fn init_writes_a_skeleton_that_changes_nothing_until_edited() {
    let dir = temp_dir("init-skeleton").join("site");
    assert_eq!(zaklyk(&["init", dir.to_str().unwrap()]).code, 0);
    let toml = std::fs::read_to_string(dir.join("site.toml")).unwrap();
    assert!(toml.contains("\nname = \"campaign\"\n"), "{toml}");
    assert!(
        toml.contains("# [theme]\n# accent = ")
            && toml.contains("# mirrors = [")
            && toml.contains("# onion = ")
    );
    for file in [
        "theme/README.md",
        "theme/static/custom.css",
        ".github/workflows/pages.yml",
        ".gitignore",
    ] {
        assert!(dir.join(file).exists(), "{file}");
    }
    let with = temp_dir("init-with-theme");
    assert_eq!(build(&dir, &with, &[]).code, 0);
    std::fs::remove_dir_all(dir.join("theme")).unwrap();
    let without = temp_dir("init-without-theme");
    assert_eq!(build(&dir, &without, &[]).code, 0);
    assert!(
        read_tree(&with) == read_tree(&without),
        "the theme skeleton changed the output"
    );
    // Uncommented, the example rule takes effect.
    std::fs::create_dir_all(dir.join("theme/static")).unwrap();
    std::fs::write(
        dir.join("theme/static/custom.css"),
        ":root { --measure: 40rem; }\n",
    )
    .unwrap();
    let edited = temp_dir("init-edited");
    assert_eq!(build(&dir, &edited, &[]).code, 0);
    assert!(page(&edited, "uk/index.html").contains("href=../custom.css"));
}

/// A copy of this repository's site (six languages, the demands' pages, updates) with `files`
/// written into it.
fn repo_site_with(label: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let site = temp_dir(label);
    for part in ["content", "locales", "theme"] {
        copy_dir(&repo_root().join(part), &site.join(part));
    }
    std::fs::copy(repo_root().join("site.toml"), site.join("site.toml")).unwrap();
    for (rel, text) in files {
        std::fs::create_dir_all(site.join(rel).parent().unwrap()).unwrap();
        std::fs::write(site.join(rel), text).unwrap();
    }
    site
}

#[test]
fn a_version_part_renders_what_the_same_loop_renders_on_every_page() {
    // A site's own switcher item: it reads every field of its version, a shared variable and a
    // string, and is rendered once per distinct version rather than on every page.
    let part = "<li class=\"v-{{ t.lang.code }}{% if not t.translated %} fallback{% endif %}\" dir=\"{{ t.lang.dir }}\"><a href=\"{{ t.href }}\" lang=\"{{ t.lang.tag }}\" data-url=\"{{ t.url }}\"{% if t.current %} aria-current=\"page\"{% endif %}>{{ t.lang.name }}</a> <small>{{ trans(key=\"languages-label\", lang=config.source_language) }}</small></li>\n";
    let built_in = std::fs::read_to_string(repo_root().join("theme/templates/page.html")).unwrap();
    let markers = [
        (
            "{{- page.parts.alternates | safe }}",
            "{%- for t in page.translations %}{% include \"parts/alternates.html\" %}{% endfor %}",
        ),
        (
            "{{ page.parts.switcher | safe }}",
            "{% for t in page.translations %}{% include \"parts/switcher.html\" %}{% endfor %}",
        ),
    ];
    let mut looped = built_in.clone();
    for (marker, as_loop) in markers {
        assert!(
            looped.contains(marker),
            "the built-in page.html prints {marker}"
        );
        looped = looped.replace(marker, as_loop);
    }
    let with_parts = repo_site_with(
        "parts-spliced",
        &[("theme/templates/parts/switcher.html", part)],
    );
    let with_loops = repo_site_with(
        "parts-looped",
        &[
            ("theme/templates/parts/switcher.html", part),
            ("theme/templates/page.html", &looped),
        ],
    );
    let mut trees = Vec::new();
    for (site, label) in [
        (&with_parts, "parts-spliced-out"),
        (&with_loops, "parts-looped-out"),
    ] {
        let out = temp_dir(label);
        let run = build(site, &out, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        trees.push(read_tree(&out));
    }
    let (spliced, looped) = (&trees[0], &trees[1]);
    assert_eq!(
        spliced.keys().collect::<Vec<_>>(),
        looped.keys().collect::<Vec<_>>()
    );
    let mut pages = 0;
    for (path, bytes) in spliced {
        assert!(
            bytes == &looped[path],
            "{path} differs from the page the loop makes"
        );
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("zaklyk-part-"), "{path}: a marker is left");
        if path.ends_with(".html") && text.contains("<nav class=languages") {
            pages += 1;
            assert_eq!(
                text.matches("<li class=v-").count() + text.matches("<li class=\"v-").count(),
                6,
                "{path}: the switcher has every language"
            );
        }
    }
    assert!(
        pages > 30,
        "content pages, demands' pages and updates: {pages}"
    );
}

#[test]
fn a_version_part_is_held_to_every_rule_of_a_page() {
    for (label, part, says) in [
        (
            "part-tracker",
            "<li><img src=\"https://tracker.example/p.gif\" alt=\"\">{{ t.lang.name }}</li>",
            "theme/templates/parts/switcher.html:1:",
        ),
        (
            "part-page-language",
            "<li>{{ trans(key=\"languages-label\", lang=lang) }}</li>",
            "theme/templates/parts/switcher.html:1:",
        ),
        (
            "part-deep",
            "{% for i in range(end=600) %}<div>{% endfor %}",
            "[page-nesting]",
        ),
    ] {
        let site = repo_site_with(label, &[("theme/templates/parts/switcher.html", part)]);
        assert_fails(&site, label, says);
    }
    // A marker escaped or sent through a filter is not left in the page: the page fails.
    let built_in = std::fs::read_to_string(repo_root().join("theme/templates/page.html")).unwrap();
    for (label, printed) in [
        ("marker-escaped", "{{ page.parts.switcher }}"),
        ("marker-upper", "{{ page.parts.switcher | upper | safe }}"),
        (
            "marker-cut",
            "{{ page.parts.switcher | truncate(length=30) | safe }}",
        ),
    ] {
        let page = built_in.replace("{{ page.parts.switcher | safe }}", printed);
        let site = repo_site_with(label, &[("theme/templates/page.html", &page)]);
        assert_fails(&site, label, "was changed on its way into the page");
    }
    // A part printed in a loop is refused as the page grows, not once it has filled memory.
    let page = built_in.replace(
        "{{ page.parts.switcher | safe }}",
        "{% for i in range(end=10000) %}{{ page.parts.switcher | safe }}{% endfor %}",
    );
    let big = "{% for i in range(end=5000) %}<span>{{ t.lang.name }} {{ i }}</span>{% endfor %}";
    let site = repo_site_with(
        "parts-multiplied",
        &[
            ("theme/templates/page.html", &page),
            ("theme/templates/parts/switcher.html", big),
        ],
    );
    assert_fails(&site, "parts-multiplied", "[page-too-large]");
}

/// A build of `site` that fails, saying `says`, with nothing published.
fn assert_fails(site: &Path, label: &str, says: &str) {
    let out = temp_dir(&format!("{label}-out"));
    let run = build(site, &out, &[]);
    assert_eq!(run.code, 1, "{label}: {}", run.stderr);
    assert!(run.stderr.contains(says), "{label}: {}", run.stderr);
    assert!(
        !out.join("index.html").exists(),
        "{label}: nothing is published"
    );
}

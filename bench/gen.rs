//! Writes a synthetic campaign site of L languages × P pages three times: in zaklyk's layout (using
//! the repository's theme, which is zaklyk's built-in one), and as the equivalent Hugo and Zola
//! sites (the same pages, languages, text, strings and links; a head with alternates, a language
//! switcher, translated strings, the body and a footer), for `bench/run.sh`. The text is generated
//! deterministically, so every run measures the same input.
//!
//! Usage: cargo run --release --example bench-gen -- OUT LANGUAGES PAGES

use std::fmt::Write as _;
use std::path::Path;

const CODES: [(&str, &str); 30] = [
    ("en", "English"),
    ("uk", "Українська"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("pl", "Polski"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("nl", "Nederlands"),
    ("sv", "Svenska"),
    ("da", "Dansk"),
    ("fi", "Suomi"),
    ("cs", "Čeština"),
    ("sk", "Slovenčina"),
    ("sl", "Slovenščina"),
    ("hr", "Hrvatski"),
    ("ro", "Română"),
    ("hu", "Magyar"),
    ("bg", "Български"),
    ("el", "Ελληνικά"),
    ("lt", "Lietuvių"),
    ("lv", "Latviešu"),
    ("et", "Eesti"),
    ("ga", "Gaeilge"),
    ("mt", "Malti"),
    ("tr", "Türkçe"),
    ("ka", "ქართული"),
    ("hy", "Հայերեն"),
    ("lb", "Lëtzebuergesch"),
    ("nb", "Norsk bokmål"),
];

const WORDS: [&str; 48] = [
    "rights",
    "residents",
    "territory",
    "negotiation",
    "ceasefire",
    "civilians",
    "access",
    "freedom",
    "documents",
    "international",
    "humanitarian",
    "law",
    "protection",
    "families",
    "children",
    "return",
    "monitoring",
    "mission",
    "checkpoint",
    "corridor",
    "detained",
    "release",
    "information",
    "independent",
    "sources",
    "medical",
    "services",
    "pension",
    "education",
    "property",
    "movement",
    "passport",
    "occupation",
    "authorities",
    "organisations",
    "civil",
    "society",
    "statement",
    "demands",
    "agreement",
    "guarantees",
    "peace",
    "sustainable",
    "interim",
    "results",
    "population",
    "citizens",
    "homes",
];

/// A deterministic stream of words (a linear congruential generator).
struct Words(u64);

impl Words {
    fn next(&mut self) -> &'static str {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        WORDS[(self.0 >> 33) as usize % WORDS.len()]
    }

    fn sentence(&mut self, n: usize) -> String {
        let mut s: Vec<&str> = (0..n).map(|_| self.next()).collect();
        let first = s[0];
        let capital = first[..1].to_uppercase() + &first[1..];
        s[0] = Box::leak(capital.into_boxed_str());
        s.join(" ") + "."
    }
}

/// How each generator writes a link to page `n` of the same language.
#[derive(Clone, Copy)]
enum Links<'a> {
    Zaklyk,
    Hugo,
    /// Zola names the language in the file name, except for the default language.
    Zola {
        suffix: &'a str,
    },
}

/// About 400 words of Markdown with headings, lists, links, emphasis and a blockquote.
fn body(seed: u64, page: usize, pages: usize, links: Links) -> String {
    let mut w = Words(seed);
    let mut md = String::new();
    let link = |n: usize| match links {
        Links::Hugo => format!("../page-{n:03}/"),
        Links::Zaklyk => format!("@/page-{n:03}.md"),
        Links::Zola { suffix } => format!("@/page-{n:03}{suffix}.md"),
    };
    for section in 1..=3 {
        let _ = writeln!(md, "## Section {section}\n");
        let _ = writeln!(
            md,
            "{} *{}* {} **{}** {}\n",
            w.sentence(14),
            w.next(),
            w.sentence(10),
            w.next(),
            w.sentence(12)
        );
        for _ in 0..4 {
            let _ = writeln!(md, "- {}", w.sentence(6));
        }
        let target = (page + section * 7) % (pages - 1) + 1;
        let _ = writeln!(
            md,
            "\nSee [{} {}]({}) and {}\n",
            w.next(),
            w.next(),
            link(target),
            w.sentence(16)
        );
        let _ = writeln!(md, "> {}\n", w.sentence(18));
        let _ = writeln!(md, "{} {}\n", w.sentence(20), w.sentence(15));
    }
    md
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (out, langs, pages) = match &args[1..] {
        [o, l, p] => (
            Path::new(o).to_path_buf(),
            l.parse::<usize>().unwrap().min(30),
            p.parse::<usize>().unwrap().max(2),
        ),
        _ => {
            eprintln!("usage: bench-gen OUT LANGUAGES PAGES");
            std::process::exit(2);
        }
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let theme_ftl = std::fs::read_to_string(repo.join("locales/en/theme.ftl")).unwrap();
    let _ = std::fs::remove_dir_all(&out);
    let (z, h, zo) = (out.join("zaklyk"), out.join("hugo"), out.join("zola"));
    let mut zola = String::from("base_url = \"https://example.org\"\ndefault_language = \"en\"\ncompile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\nminify_html = true\n");
    let mut zola_names = String::from("\n[extra.names]\n");

    // zaklyk
    let mut toml = String::from("base_url = \"https://example.org/\"\ndefault_language = \"en\"\nsource_language = \"en\"\nname = \"bench\"\n");
    let mut hugo = String::from("baseURL = \"https://example.org/\"\ndefaultContentLanguage = \"en\"\ndefaultContentLanguageInSubdir = true\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n[minify]\n  minifyOutput = true\n[languages]\n");
    for (i, (code, name)) in CODES.iter().take(langs).enumerate() {
        let _ = write!(
            toml,
            "\n[languages.{code}]\nname = \"{name}\"\nfallback = [\"en\"]\n"
        );
        let _ = write!(hugo, "  [languages.{code}]\n    languageName = \"{name}\"\n    weight = {}\n    contentDir = \"content/{code}\"\n", i + 1);
        write(&z.join(format!("locales/{code}/theme.ftl")), &theme_ftl);
        write(&z.join(format!("locales/{code}/campaign.ftl")), &format!("site-name = Campaign {code}\nsignatory-a = Organisation A\nsignatory-b = Organisation B\n"));
        let mut i18n = String::new();
        for key in theme_ftl
            .lines()
            .filter_map(|l| l.split_once(" = "))
            .map(|(k, _)| k)
            .filter(|k| !k.starts_with(' ') && !k.starts_with('#'))
            .take(39)
        {
            let _ = writeln!(i18n, "[{key}]\nother = \"{key} ({code})\"");
        }
        let _ = writeln!(i18n, "[signatories]\none = \"Signed by {{{{ .Count }}}} organisation\"\nother = \"Signed by {{{{ .Count }}}} organisations\"");
        write(&h.join(format!("i18n/{code}.toml")), &i18n);
        // Zola: the same strings; the default language's at the top level, the others' per
        // language. Its trans() has no plurals: the footer's count is one string.
        let table = if i == 0 {
            "\n[translations]\n".to_string()
        } else {
            format!("\n[languages.{code}]\n[languages.{code}.translations]\n")
        };
        zola.push_str(&table);
        let _ = writeln!(
            zola,
            "site-name = \"Campaign {code}\"\nsignatories = \"Signed by 2 organisations\""
        );
        for key in theme_ftl
            .lines()
            .filter_map(|l| l.split_once(" = "))
            .map(|(k, _)| k)
            .filter(|k| !k.starts_with(' ') && !k.starts_with('#'))
            .take(39)
        {
            let _ = writeln!(zola, "{key} = \"{key} ({code})\"");
        }
        let _ = writeln!(zola_names, "{code} = \"{name}\"");
        let suffix = if i == 0 {
            String::new()
        } else {
            format!(".{code}")
        };
        for page in 0..pages {
            let seed = (i * 100_003 + page) as u64;
            let slug = if page == 0 {
                "index".to_string()
            } else {
                format!("page-{page:03}")
            };
            // The language's code, not its name: share cards draw titles in fonts that have no
            // Greek, Georgian or Armenian letters.
            let title = format!("Page {page} in {code}");
            let zbody = |seed| {
                if page == 0 {
                    format!(
                        "{}\n<!-- demands -->\n",
                        body(seed, page, pages, Links::Zaklyk)
                    )
                } else {
                    body(seed, page, pages, Links::Zaklyk)
                }
            };
            // A translation records the English text it was made from, as `check
            // --mark-current` writes it, so the site is as current as a maintained one.
            let source_hash = if i == 0 {
                String::new()
            } else {
                format!(
                    "source_hash = \"{}\"\n",
                    zaklyk::digest::text_hash(&format!("\n{}", zbody(page as u64)))
                )
            };
            write(&z.join(format!("content/{code}/{slug}.md")), &format!("+++\ntitle = \"{title}\"\ndescription = \"A page.\"\ndate = 2025-08-12\n{source_hash}+++\n\n{}", zbody(seed)));
            let hslug = if page == 0 {
                "_index".to_string()
            } else {
                format!("page-{page:03}")
            };
            write(&h.join(format!("content/{code}/{hslug}.md")), &format!("+++\ntitle = \"{title}\"\ndescription = \"A page.\"\ndate = 2025-08-12\n+++\n\n{}", body(seed, page, pages, Links::Hugo)));
            // A section (the home page) has no date in Zola.
            let date = if page == 0 { "" } else { "date = 2025-08-12\n" };
            let zola_body = body(seed, page, pages, Links::Zola { suffix: &suffix });
            write(
                &zo.join(format!("content/{hslug}{suffix}.md")),
                &format!(
                    "+++\ntitle = \"{title}\"\ndescription = \"A page.\"\n{date}+++\n\n{zola_body}"
                ),
            );
        }
        let demands = |code: &str| -> String {
            (1..=10)
                .map(|n| format!("{n}. demand number {n} of the statement in {code};\n"))
                .collect()
        };
        let demands_hash = if i == 0 {
            String::new()
        } else {
            format!(
                "+++\nsource_hash = \"{}\"\n+++\n",
                zaklyk::digest::text_hash(&demands("en"))
            )
        };
        write(
            &z.join(format!("content/{code}/demands.md")),
            &format!("{demands_hash}{}", demands(code)),
        );
    }
    write(&z.join("site.toml"), &toml);
    write(&z.join("content/signatories.toml"), "[[signatory]]\nid = \"a\"\nurl = \"https://a.example/\"\norder = 1\n\n[[signatory]]\nid = \"b\"\norder = 2\n");
    write(&h.join("config.toml"), &hugo);

    // Hugo layouts equivalent to the zaklyk theme: head metadata, a switcher of every language,
    // translated strings, the body, and a footer.
    let baseof = r##"<!DOCTYPE html>
<html lang="{{ .Language.Lang }}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{ .Title }} · {{ i18n "site-name" }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<meta property="og:title" content="{{ .Title }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main">{{ i18n "skip-link" }}</a>
<header><nav aria-label="{{ i18n "languages-label" }}"><ul>
{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>
{{ end }}</ul></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ i18n "footer-privacy" }}</p><p>{{ i18n "signatories" 2 }}</p></footer>
</body>
</html>
"##;
    let single = "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p><time datetime=\"{{ .Date.Format \"2006-01-02\" }}\">{{ .Date.Format \"2 January 2006\" }}</time></p>{{ .Content }}</article>{{ end }}\n";
    write(&h.join("layouts/_default/baseof.html"), baseof);
    write(&h.join("layouts/_default/single.html"), single);
    write(&h.join("layouts/_default/list.html"), single);
    write(&h.join("layouts/index.html"), single);
    write(
        &h.join("static/style.css"),
        &std::fs::read_to_string(repo.join("theme/static/style.css")).unwrap(),
    );
    write_zola_theme(&zo, &format!("{zola}{zola_names}"), repo);
    eprintln!(
        "wrote {langs} languages × {pages} pages for zaklyk, Hugo and Zola into {}",
        out.display()
    );
}

/// Zola's config.toml and templates, equivalent to the Hugo layouts above: the home page is the
/// root section (`_index.md`), the further pages are its pages.
fn write_zola_theme(zo: &Path, config: &str, repo: &Path) {
    write(&zo.join("config.toml"), config);
    let base = r##"<!DOCTYPE html>
<html lang="{{ lang }}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{ item.title }} · {{ trans(key="site-name", lang=lang) }}</title>
<meta name="description" content="{{ item.description }}">
<link rel="canonical" href="{{ item.permalink }}">
{% for t in item.translations %}<link rel="alternate" hreflang="{{ t.lang }}" href="{{ t.permalink }}">
{% endfor %}<meta property="og:title" content="{{ item.title }}">
<link rel="stylesheet" href="{{ get_url(path="style.css") }}">
</head>
<body>
<a class="skip-link" href="#main">{{ trans(key="skip-link", lang=lang) }}</a>
<header><nav aria-label="{{ trans(key="languages-label", lang=lang) }}"><ul>
{% for t in item.translations %}<li><a href="{{ t.permalink }}" lang="{{ t.lang }}" hreflang="{{ t.lang }}">{{ config.extra.names[t.lang] }}</a></li>
{% endfor %}</ul></nav></header>
<main id="main"><article><h1>{{ item.title }}</h1>{% if item.date %}<p><time datetime="{{ item.date }}">{{ item.date | date(format="%-d %B %Y") }}</time></p>{% endif %}{{ item.content | safe }}</article></main>
<footer><p>{{ trans(key="footer-privacy", lang=lang) }}</p><p>{{ trans(key="signatories", lang=lang) }}</p></footer>
</body>
</html>
"##;
    write(&zo.join("templates/base.html"), base);
    write(
        &zo.join("templates/page.html"),
        "{% set item = page %}{% include \"base.html\" %}\n",
    );
    write(
        &zo.join("templates/index.html"),
        "{% set item = section %}{% include \"base.html\" %}\n",
    );
    write(
        &zo.join("static/style.css"),
        &std::fs::read_to_string(repo.join("theme/static/style.css")).unwrap(),
    );
}

//! A new site folder that builds as it is, for another campaign, as `zaklyk init DIR` writes it.
//!
//! It holds two languages (English as the source, Ukrainian as the default), the interface strings
//! of the default theme in both (the same files this repository's own site uses), a placeholder
//! statement, demands list and signatory to replace, a `site.toml` naming the downloads with the
//! hosting and `[theme]` settings written out as comments, a `theme/` skeleton that changes
//! nothing until it is edited (a README and a `custom.css` of comments: an empty stylesheet is
//! not published), a `.gitignore`, and a GitHub Pages workflow.

use crate::{content, digest, fs};
use anyhow::{bail, Context, Result};
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    ("site.toml", SITE_TOML),
    ("content/signatories.toml", "# Who signed. Names are translated in locales/<lang>/campaign.ftl as signatory-<id>.\n[[signatory]]\nid = \"example-org\"\norder = 1\n# url = \"https://…\"\n"),
    ("content/en/index.md", "+++\ntitle = \"Our statement\"\ndescription = \"What we call for, in one sentence.\"\ndate = 2025-01-01\n+++\n\nWrite the statement here. The demands are inserted where the next line stands.\n\n<!-- demands -->\n\nA closing paragraph.\n"),
    ("content/en/demands.md", "1. The first demand.\n2. The second demand.\n"),
    ("content/uk/index.md", "+++\ntitle = \"Наша заява\"\ndescription = \"Чого ми вимагаємо, одним реченням.\"\ndate = 2025-01-01\ntranslation = \"draft\"\n+++\n\nТут текст заяви. Вимоги вставляються там, де стоїть наступний рядок.\n\n<!-- demands -->\n\nЗаключний абзац.\n"),
    ("content/uk/demands.md", "+++\ntranslation = \"draft\"\n+++\n1. Перша вимога.\n2. Друга вимога.\n"),
    ("locales/en/theme.ftl", crate::theme::STRINGS[0].1),
    ("locales/uk/theme.ftl", crate::theme::STRINGS[1].1),
    ("locales/en/campaign.ftl", "site-name = Our campaign\nsignatory-example-org = Example Organisation\n"),
    ("locales/uk/campaign.ftl", "site-name = Наша кампанія\nsignatory-example-org = Приклад організації\n"),
    ("theme/README.md", THEME_README),
    ("theme/static/custom.css", CUSTOM_CSS),
    (".github/workflows/pages.yml", PAGES_WORKFLOW),
    (".gitignore", "# What zaklyk builds, and a signing key that must never be published.\n/dist/\nzaklyk-signing.key\n"),
];

const THEME_README: &str = r#"# theme/

The site looks like zaklyk's built-in theme until files here say otherwise.

- `static/custom.css` is linked after the built-in stylesheet on every page (once it holds a
  rule). Set the theme's custom properties there, e.g. `:root { --accent: #8a1c1c; }`; the
  README of zaklyk lists them (colours, fonts, widths).
- `static/` files are published as they are: put a logo or favicon here and name it in
  site.toml's [theme] (`logo = "logo.svg"`, `favicon = "favicon.png"`).
- `templates/NAME.html` replaces the built-in template of that name. To change one block and
  keep the rest, extend the built-in one by its built-in name:

      {% extends "zaklyk/page.html" %}
      {% block footer %}{{ super() }}<p>Our own line.</p>{% endblock footer %}

Nothing here may load anything from another site (fonts, scripts, images): the build refuses it.
"#;

const CUSTOM_CSS: &str = r#"/* Loaded after the built-in stylesheet once it holds a rule; while it holds only comments it
   is not published. Uncomment and change what you need: */

/*
:root {
  --accent: #8a1c1c;        links and outlines (or set accent in site.toml's [theme])
  --measure: 40rem;         the width of the text column
  --font-body: Georgia, "Times New Roman", serif;
}
*/
"#;

/// The GitHub Pages workflow of a new site. It builds zaklyk from its repository, whose address
/// the site's owner writes into it (zaklyk does not guess it).
const PAGES_WORKFLOW: &str = r#"# Publishes the site on GitHub Pages with `zaklyk package` (pages, offline zip, single-file
# pages, mirror kit, checksums). Before the first run:
# - in the repository's Settings > Pages, choose "GitHub Actions" as the source;
# - write the address of the zaklyk repository to build zaklyk from into ZAKLYK_GIT below.
name: Publish the site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # EDIT: the git address of the zaklyk repository (what `git clone` takes).
  ZAKLYK_GIT: ""

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install zaklyk
        run: |
          if [ -z "$ZAKLYK_GIT" ]; then
            echo "::error::write the zaklyk repository's address into ZAKLYK_GIT in .github/workflows/pages.yml"
            exit 1
          fi
          cargo install --locked --git "$ZAKLYK_GIT" zaklyk
      # The Pages address (https://ORG.github.io/REPO for a project site) replaces base_url.
      - name: Build the site and its downloads
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: zaklyk package --base-url "$BASE_URL/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: dist

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

const SITE_TOML: &str = r##"# The address where the site will be published (used for canonical links and the sitemap).
base_url = "https://example.org/"
# Names the downloads: <name>-offline.zip, <name>-mirror.zip, <name>-<lang>.html.
name = "campaign"
# The language of the front page chooser and of x-default links.
default_language = "uk"
# The language the statement was written in; translations are checked against it.
source_language = "en"

# Where readers can go when base_url is blocked: the same site at other addresses, and its Tor
# onion service (a version 3 address). Every page lists them. Write only real addresses.
# mirrors = ["https://mirror.example.net/campaign/"]
# onion = "http://<the 56 letters of your onion address>.onion/"

# The campaign's look (see theme/README.md): the colour of links and outlines, and files of
# theme/static/ for the logo beside the site's name and the browser's icon.
# [theme]
# accent = "#8a1c1c"
# logo = "logo.svg"
# favicon = "favicon.svg"

[languages.uk]
name = "Українська"

[languages.en]
name = "English"
"##;

/// Writes the starter site into `dir`, which must not exist or be empty.
pub(crate) fn new_site(dir: &Path) -> Result<()> {
    if fs::is_dir(dir) && !fs::walk_files(dir)?.is_empty() {
        bail!(
            "`{}` is not empty; `zaklyk init` only writes into a new or empty folder",
            dir.display()
        );
    }
    for (path, text) in FILES {
        let text = match path.strip_prefix("content/uk/") {
            // The Ukrainian placeholders are made from the English ones as they are: say so, so
            // that a change to the English text shows them as outdated.
            Some(rel) => with_source_hash(path, text, &format!("content/en/{rel}"))?,
            None => text.to_string(),
        };
        fs::write_new(&dir.join(path), text.as_bytes())?;
    }
    Ok(())
}

/// `text` with the `source_hash` of the body of the file `source` of [`FILES`].
fn with_source_hash(path: &str, text: &str, source: &str) -> Result<String> {
    let source_text = FILES
        .iter()
        .find(|(p, _)| *p == source)
        .map(|(_, t)| *t)
        .with_context(|| format!("{path} has no source {source}"))?;
    let (_, body) = content::split(source, source_text, false)?;
    Ok(content::with_front_matter_value(
        path,
        text,
        "source_hash",
        &digest::text_hash(&source_text[body]),
    )?)
}

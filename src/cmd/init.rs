//! `zaklyk init DIR`: a new site folder that builds as it is, for another campaign.
//!
//! It holds two languages (English as the source, Ukrainian as the default), the interface strings
//! of the default theme in both (the same files this repository's own site uses), and a
//! placeholder statement, demands list and signatory to replace. No `theme/` folder: the embedded
//! default theme is used until the site adds its own files.

use super::Outcome;
use crate::cli::InitArgs;
use crate::console::errln;
use crate::{content, digest, fs};
use anyhow::{bail, Context, Result};

const FILES: &[(&str, &str)] = &[
    ("site.toml", SITE_TOML),
    ("content/signatories.toml", "# Who signed. Names are translated in locales/<lang>/campaign.ftl as signatory-<id>.\n[[signatory]]\nid = \"example-org\"\norder = 1\n# url = \"https://…\"\n"),
    ("content/en/index.md", "+++\ntitle = \"Our statement\"\ndescription = \"What we call for, in one sentence.\"\ndate = 2025-01-01\n+++\n\nWrite the statement here. The demands are inserted where the next line stands.\n\n<!-- demands -->\n\nA closing paragraph.\n"),
    ("content/en/demands.md", "1. The first demand.\n2. The second demand.\n"),
    ("content/uk/index.md", "+++\ntitle = \"Наша заява\"\ndescription = \"Чого ми вимагаємо, одним реченням.\"\ndate = 2025-01-01\ntranslation = \"draft\"\n+++\n\nТут текст заяви. Вимоги вставляються там, де стоїть наступний рядок.\n\n<!-- demands -->\n\nЗаключний абзац.\n"),
    ("content/uk/demands.md", "+++\ntranslation = \"draft\"\n+++\n1. Перша вимога.\n2. Друга вимога.\n"),
    ("locales/en/theme.ftl", include_str!("../../locales/en/theme.ftl")),
    ("locales/uk/theme.ftl", include_str!("../../locales/uk/theme.ftl")),
    ("locales/en/campaign.ftl", "site-name = Our campaign\nsignatory-example-org = Example Organisation\n"),
    ("locales/uk/campaign.ftl", "site-name = Наша кампанія\nsignatory-example-org = Приклад організації\n"),
];

const SITE_TOML: &str = r#"# The address where the site will be published (used for canonical links and the sitemap).
base_url = "https://example.org/"
# The language of the front page chooser and of x-default links.
default_language = "uk"
# The language the statement was written in; translations are checked against it.
source_language = "en"

[languages.uk]
name = "Українська"

[languages.en]
name = "English"
"#;

pub fn run(args: &InitArgs) -> Result<Outcome> {
    let dir = &args.dir;
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
    errln!(
        "created a new site in `{}`; build it with: zaklyk build --root {}",
        dir.display(),
        dir.display()
    );
    Ok(Outcome::Ok)
}

/// `text` with the `source_hash` of the body of the file `source` of [`FILES`].
fn with_source_hash(path: &str, text: &str, source: &str) -> Result<String> {
    let source_text = FILES
        .iter()
        .find(|(p, _)| *p == source)
        .map(|(_, t)| *t)
        .with_context(|| format!("{path} has no source {source}"))?;
    let (_, body) =
        content::split(source, source_text, false).map_err(|d| anyhow::anyhow!("{d}"))?;
    content::with_front_matter_value(
        path,
        text,
        "source_hash",
        &digest::text_hash(&source_text[body]),
    )
    .map_err(|d| anyhow::anyhow!("{d}"))
}

//! What zaklyk writes for people to fill in: a new language's files, as `zaklyk new-locale CODE`
//! writes them for a translator, and a new site folder ([`site`], `zaklyk init`).
//!
//! [`new_locale`] writes `locales/CODE/` with every source message commented out under its source
//! text (so nothing is published as if translated: `check` lists each as untranslated and the
//! site falls back until it is), `content/CODE/` with the source pages marked `translation = "draft"` and the
//! `source_hash` they were copied from, and a `[languages.CODE]` table at the end of `site.toml`
//! with the language's name in itself from CLDR and its fallback chain (`--fallback`). It never
//! overwrites anything.

pub(crate) mod site;

use crate::project::{is_valid_code, Config, Project};
use crate::{content, digest, fs, i18n, load, names};
use anyhow::{bail, Context, Result};

/// Writes the files of language `code` (falling back along `fallback`, then to the source
/// language) and its table in `site.toml`; returns how many files it wrote beside site.toml.
pub(crate) fn new_locale(project: &Project, code: &str, fallback: &[String]) -> Result<usize> {
    if !is_valid_code(code) {
        bail!("`{code}` is not a valid BCP 47 language code (examples: es, pt-BR, crh)");
    }
    let config_path = project.config_path();
    let config_text = load::read_config(project)?.text;
    let config = Config::parse(&config_text).map_err(|r| {
        anyhow::anyhow!(
            "site.toml has errors; run `zaklyk check` first ({})",
            r.diagnostics[0]
        )
    })?;
    if config.language(code).is_some() {
        bail!("`{code}` is already a language of this site");
    }
    for f in fallback {
        if config.language(f).is_none() {
            let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            bail!(
                "--fallback `{f}` is not a language of this site; its languages are {}",
                codes.join(", ")
            );
        }
    }
    for dir in [
        project.locales_dir().join(code),
        project.content_dir().join(code),
    ] {
        if fs::exists(&dir) {
            bail!(
                "`{}` already exists; new-locale never overwrites a translation",
                dir.display()
            );
        }
    }
    let source = &config.source_language;

    let mut written = 0;
    for f in load::read_texts(project, &format!("locales/{source}"))? {
        let name = f
            .path
            .rsplit('/')
            .next()
            .context("a file name")?
            .to_string();
        let text = f.text;
        fs::write_new(
            &project.locales_dir().join(code).join(&name),
            i18n::scaffold_ftl(&text, source).as_bytes(),
        )?;
        written += 1;
    }
    let prefix = format!("content/{source}/");
    for f in load::read_texts(project, &format!("content/{source}"))? {
        let rel = f.path[prefix.len()..].to_string();
        if rel == format!("{}README.md", crate::urls::UPDATES_FOLDER) {
            // It documents the folder; it is not a page to translate.
            continue;
        }
        let text = f.text;
        let (_, body) = content::split(&rel, &text, false)?;
        let hash = digest::text_hash(&text[body]);
        let mut draft = content::with_front_matter_value(&rel, &text, "translation", "draft")?;
        draft = content::with_front_matter_value(&rel, &draft, "source_hash", &hash)?;
        fs::write_new(
            &project.content_dir().join(code).join(&rel),
            draft.as_bytes(),
        )?;
        written += 1;
    }
    let table = language_table(code, fallback);
    let mut new_config = config_text.clone();
    if !new_config.ends_with('\n') {
        new_config.push('\n');
    }
    new_config.push_str(&table);
    fs::write(&config_path, new_config.as_bytes())?;
    Ok(written)
}

/// The `[languages.CODE]` table: the language's name in itself from CLDR (or, where CLDR has
/// none, its English name or its code, with a comment asking for the real one), and the fallback
/// chain when one was given.
pub(crate) fn language_table(code: &str, fallback: &[String]) -> String {
    let (comment, name) = match (names::autonym(code), names::in_language(code, "en")) {
        (Some(own), _) => (
            "# The language's name in itself (from CLDR), as the language switcher shows it.",
            own,
        ),
        (None, Some(english)) => (
            "# CLDR has no name of this language in itself; this is its English name. Replace it with the\n# language's own name, as the language switcher shows it.",
            english,
        ),
        (None, None) => (
            "# CLDR does not know this language. Replace the code with the language's name in itself, as\n# the language switcher shows it.",
            code.to_string(),
        ),
    };
    let mut table = format!(
        "\n[languages.{code}]\n{comment}\nname = {}\n",
        toml_string(&name)
    );
    if !fallback.is_empty() {
        let list: Vec<String> = fallback.iter().map(|f| toml_string(f)).collect();
        table.push_str(&format!(
            "# Where a text is not translated yet, readers see it in these languages, then in the source language.\nfallback = [{}]\n",
            list.join(", ")
        ));
    }
    table
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_the_language_in_itself_from_cldr() {
        assert_eq!(
            language_table("es", &[]),
            "\n[languages.es]\n# The language's name in itself (from CLDR), as the language switcher shows it.\nname = \"Español\"\n"
        );
        let ar = language_table("ar", &["fr".to_string(), "en".to_string()]);
        assert!(ar.contains("name = \"العربية\"\n"), "{ar}");
        assert!(ar.ends_with("fallback = [\"fr\", \"en\"]\n"), "{ar}");
        // CLDR names Crimean Tatar in English but not in itself.
        let crh = language_table("crh", &[]);
        assert!(
            crh.contains("this is its English name") && crh.contains("name = \"Crimean Tatar\""),
            "{crh}"
        );
        let unknown = language_table("qaa", &[]);
        assert!(unknown.contains("name = \"qaa\""), "{unknown}");
        assert!(language_table("pt-BR", &[]).contains("name = \"Português (Brasil)\"\n"));
    }
}

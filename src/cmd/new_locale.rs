//! `zaklyk new-locale CODE`: scaffold a language for a translator.
//!
//! It writes `locales/CODE/` with every source message commented out under its source text (so
//! nothing is published as if translated: `check` lists each as untranslated and the site falls
//! back until it is), `content/CODE/` with the source pages marked `translation = "draft"` and the
//! `source_hash` they were copied from, and a `[languages.CODE]` table at the end of `site.toml`
//! with the language's name in itself from CLDR and its fallback chain (`--fallback`). It never
//! overwrites anything.

use super::Outcome;
use crate::cli::NewLocaleArgs;
use crate::console::errln;
use crate::project::{is_valid_code, Config, Project};
use crate::{content, digest, fs, load, names};
use anyhow::{bail, Context, Result};

pub fn run(args: &NewLocaleArgs) -> Result<Outcome> {
    let project = Project::new(&args.root.root);
    let code = args.code.as_str();
    if !is_valid_code(code) {
        bail!("`{code}` is not a valid BCP 47 language code (examples: es, pt-BR, crh)");
    }
    let config_path = project.config_path();
    let config_text = load::read_config(&project)?.text;
    let config = Config::parse(&config_text).map_err(|r| {
        anyhow::anyhow!(
            "site.toml has errors; run `zaklyk check` first ({})",
            r.diagnostics[0]
        )
    })?;
    if config.language(code).is_some() {
        bail!("`{code}` is already a language of this site");
    }
    for f in &args.fallback {
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
    for f in load::read_texts(&project, &format!("locales/{source}"))? {
        let name = f
            .path
            .rsplit('/')
            .next()
            .context("a file name")?
            .to_string();
        let text = f.text;
        fs::write_new(
            &project.locales_dir().join(code).join(&name),
            scaffold_ftl(&text, source).as_bytes(),
        )?;
        written += 1;
    }
    let prefix = format!("content/{source}/");
    for f in load::read_texts(&project, &format!("content/{source}"))? {
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
    let table = language_table(code, &args.fallback);
    let mut new_config = config_text.clone();
    if !new_config.ends_with('\n') {
        new_config.push('\n');
    }
    new_config.push_str(&table);
    fs::write(&config_path, new_config.as_bytes())?;
    errln!(
        "created locales/{code}/ and content/{code}/ ({written} files) and added [languages.{code}] to site.toml.\n\
         Next: check its name in site.toml, translate the files, then run `zaklyk check --locale {code}`."
    );
    Ok(Outcome::Ok)
}

/// The `[languages.CODE]` table: the language's name in itself from CLDR (or, where CLDR has
/// none, its English name or its code, with a comment asking for the real one), and the fallback
/// chain when one was given.
pub fn language_table(code: &str, fallback: &[String]) -> String {
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

/// A translator's copy of a source `.ftl` file: comments kept, every message commented out with
/// its source text, to be uncommented and translated one by one.
pub fn scaffold_ftl(source_text: &str, source_lang: &str) -> String {
    let mut out = format!(
        "### To translate a message, remove the \"# \" in front of its lines and replace the {source_lang} text\n\
         ### after \"=\". Keep the id before \"=\", every {{ $variable }} and the [variant] names.\n\
         ### Messages left commented out are shown in a fallback language; `zaklyk check` lists them.\n\n"
    );
    for line in source_text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            out.push_str(line);
        } else {
            out.push_str("# ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
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

    #[test]
    fn messages_are_commented_out_and_comments_kept() {
        let out = scaffold_ftl(
            "# Note\nhello = Hello\nmulti = { $n ->\n    [one] one\n   *[other] many\n}\n",
            "en",
        );
        assert!(out.ends_with("# Note\n# hello = Hello\n# multi = { $n ->\n#     [one] one\n#    *[other] many\n# }\n"), "{out}");
        let res = fluent_syntax::parser::parse(out.as_str()).expect("the scaffold is valid Fluent");
        assert!(res
            .body
            .iter()
            .all(|e| !matches!(e, fluent_syntax::ast::Entry::Message(_))));
    }
}

//! The site folder and its `site.toml`: the first stage of every verb.
//!
//! `site.toml` is read in two steps, as ripgrep and cobalt read their settings: a raw serde struct
//! that mirrors the file exactly (so a typo is a located TOML error), then a validated [`Config`]
//! that the rest of the pipeline uses without re-checking (languages exist, codes are BCP 47, the
//! fallback chains are resolved, `base_url` ends in `/`). Every problem is reported with its place
//! in `site.toml`, all at once.

use crate::diag::{Diagnostic, Location, Report};
use crate::i18n::{self, Direction};
use crate::toml_de::{self, Spanned};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "site.toml";

/// Where things live in a site folder.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

impl Project {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Project { root: root.into() }
    }
    pub fn config_path(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn locales_dir(&self) -> PathBuf {
        self.root.join("locales")
    }
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("theme")
    }
    pub fn default_out_dir(&self) -> PathBuf {
        self.root.join("dist")
    }
    /// A path of the site folder as it appears in messages: relative, with `/`.
    pub fn display_path(&self, path: &Path) -> String {
        crate::fs::relative_slash(path, &self.root)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    default_language: Spanned<String>,
    source_language: Spanned<String>,
    languages: IndexMap<String, Spanned<RawLanguage>>,
    #[serde(default = "yes")]
    minify: bool,
    name: Option<Spanned<String>>,
    #[serde(default)]
    allow_html: bool,
    #[serde(default)]
    allowed_origins: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    tag: Option<Spanned<String>>,
    dir: Option<Spanned<String>>,
    fallback: Option<Vec<Spanned<String>>>,
    plural_rules: Option<Spanned<String>>,
    digit_separator: Option<Spanned<String>>,
}

/// One language of the site, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// The code used in folder names and URLs (`crh`).
    pub code: String,
    /// The native name shown in the language switcher (`Qırımtatarca`).
    pub name: String,
    /// The BCP 47 tag written into `lang` and `hreflang` (`crh-Latn`).
    pub tag: String,
    /// The tag as Open Graph writes locales, with `_` (`crh_Latn`).
    pub og_locale: String,
    pub dir: Direction,
    /// Languages to take a missing string or page from, in order: the `fallback` of `site.toml`,
    /// then the source language (never contains `code`; empty for the source language itself).
    pub fallback: Vec<String>,
    /// The CLDR locale whose plural rules this language uses, when CLDR has none of its own.
    pub plural_rules: Option<String>,
    /// What separates groups of three digits in numbers (`8 000`, `8,000`, `8.000`).
    pub digit_separator: Option<String>,
    /// Where the `[languages.<code>]` table is, for messages about this language.
    pub location: Location,
}

/// The validated contents of `site.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute URL of the published site, always ending in `/`.
    pub base_url: String,
    pub default_language: String,
    pub source_language: String,
    /// In the order of `site.toml`: the order of the language switcher.
    pub languages: Vec<Language>,
    pub minify: bool,
    /// A short name for file names of downloads (`<name>-offline.zip`).
    pub name: String,
    /// Raw HTML in Markdown is accepted (it is still scanned for requests to other origins).
    pub allow_html: bool,
    /// Origins (`https://media.example.org/`) that pages may load resources from.
    pub allowed_origins: Vec<String>,
}

impl Config {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Reads and validates `site.toml` from its text.
    pub fn parse(text: &str) -> Result<Config, Report> {
        let file = CONFIG_FILE;
        let mut report = Report::default();
        let raw: RawConfig = match toml_de::parse(file, text, 0..text.len()) {
            Ok(raw) => raw,
            Err(d) => {
                report.push(with_config_help(d));
                return Err(report);
            }
        };
        let at = |offset: usize| Location::at(file, text, offset);

        let mut base_url = raw.base_url.trim().to_string();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            let offset = text.find("base_url").unwrap_or(0);
            report.push(
                Diagnostic::error(at(offset), format!("base_url `{base_url}` is not an absolute http(s) URL"))
                    .with_help("write the address where the site is published, e.g. base_url = \"https://example.org/campaign/\""),
            );
        }
        if !base_url.ends_with('/') {
            base_url.push('/');
        }

        let codes: Vec<&str> = raw.languages.keys().map(String::as_str).collect();
        let mut languages = Vec::new();
        for (code, spanned) in &raw.languages {
            let table_offset = find_language_table(text, code).unwrap_or(spanned.span().start);
            let location = at(table_offset);
            if !is_valid_code(code) {
                report.push(
                    Diagnostic::error(location.clone(), format!("`{code}` is not a valid language code"))
                        .with_help("use a BCP 47 language tag such as `uk`, `crh`, `pt-BR`; it names the folders content/<code>/ and locales/<code>/"),
                );
                continue;
            }
            let lang = spanned.get_ref();
            let tag = lang
                .tag
                .as_ref()
                .map_or(code.clone(), |t| t.get_ref().clone());
            let mut dir = Direction::Ltr;
            match i18n::direction_of(&tag) {
                Ok(d) => dir = d,
                Err(_) => {
                    let offset = lang.tag.as_ref().map_or(table_offset, |t| t.span().start);
                    report.push(Diagnostic::error(
                        at(offset),
                        format!("`{tag}` is not a valid BCP 47 language tag"),
                    ));
                }
            }
            if let Some(d) = &lang.dir {
                match d.get_ref().as_str() {
                    "ltr" => dir = Direction::Ltr,
                    "rtl" => dir = Direction::Rtl,
                    other => report.push(Diagnostic::error(
                        at(d.span().start),
                        format!("dir must be \"ltr\" or \"rtl\", not \"{other}\""),
                    )),
                }
            }
            if let Some(chain) = &lang.fallback {
                for f in chain {
                    if !codes.contains(&f.get_ref().as_str()) {
                        report.push(Diagnostic::error(
                            at(f.span().start),
                            format!(
                                "fallback language `{}` is not one of the site's languages",
                                f.get_ref()
                            ),
                        ));
                    }
                }
            }
            let written: Vec<String> = lang
                .fallback
                .iter()
                .flatten()
                .map(|f| f.get_ref().clone())
                .collect();
            let fallback = resolve_fallback(code, &written, raw.source_language.get_ref());
            if let Some(sep) = &lang.digit_separator {
                if sep.get_ref() != " " && !i18n::DIGIT_SEPARATORS.contains(&sep.get_ref().as_str())
                {
                    report.push(
                        Diagnostic::error(at(sep.span().start), format!("digit_separator {:?} is not supported", sep.get_ref()))
                            .with_help("use one of \",\", \".\", \" \" (a no-break space), \"\u{202f}\" (a narrow no-break space), \"'\" or \"\" (no grouping)"),
                    );
                }
            }
            let plural_rules = lang.plural_rules.as_ref().map(|p| p.get_ref().clone());
            if let Some(p) = &lang.plural_rules {
                if !i18n::has_plural_rules(p.get_ref()) {
                    report.push(Diagnostic::error(
                        at(p.span().start),
                        format!("CLDR has no plural rules for `{}`", p.get_ref()),
                    ));
                }
            }
            languages.push(Language {
                og_locale: tag.replace('-', "_"),
                code: code.clone(),
                name: lang.name.clone(),
                tag,
                dir,
                fallback,
                plural_rules,
                digit_separator: lang.digit_separator.as_ref().map(|s| s.get_ref().clone()),
                location,
            });
        }
        for (key, value) in [
            ("default_language", &raw.default_language),
            ("source_language", &raw.source_language),
        ] {
            if !raw.languages.contains_key(value.get_ref()) {
                report.push(
                    Diagnostic::error(
                        at(value.span().start),
                        format!(
                            "{key} `{}` is not one of the site's languages",
                            value.get_ref()
                        ),
                    )
                    .with_help(format!(
                        "add a [languages.{}] table, or name one of: {}",
                        value.get_ref(),
                        codes.join(", ")
                    )),
                );
            }
        }
        let name = raw
            .name
            .as_ref()
            .map_or_else(|| "site".to_string(), |n| n.get_ref().clone());
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
            || name.starts_with('.')
        {
            let offset = raw.name.as_ref().map_or(0, |n| n.span().start);
            report.push(
                Diagnostic::error(
                    at(offset),
                    format!("name `{name}` must be ASCII letters, digits, `-`, `_` and `.`"),
                )
                .with_help("it names the download files, e.g. name = \"campaign-2025\""),
            );
        }
        if report.has_errors() {
            return Err(report);
        }
        Ok(Config {
            name,
            allow_html: raw.allow_html,
            allowed_origins: raw.allowed_origins,
            base_url,
            default_language: raw.default_language.into_inner(),
            source_language: raw.source_language.into_inner(),
            languages,
            minify: raw.minify,
        })
    }
}

fn with_config_help(d: Diagnostic) -> Diagnostic {
    if d.message.contains("missing field") {
        d.with_help("site.toml needs base_url, default_language, source_language and one [languages.<code>] table per language")
    } else if d.message.contains("unknown field") && d.help.is_none() {
        d.with_help("see the site folder reference in README.md for the keys site.toml accepts")
    } else {
        d
    }
}

/// A language's fallback chain as written (possibly nothing), completed: every language falls
/// back to the source language last, which has every string and page. A language without
/// `fallback` falls back to the source language only: the default language is the chooser's,
/// not a translation anyone else can read.
fn resolve_fallback(code: &str, written: &[String], source: &str) -> Vec<String> {
    let mut chain: Vec<String> = Vec::new();
    for c in written.iter().map(String::as_str).chain([source]) {
        if c != code && !chain.iter().any(|x| x == c) {
            chain.push(c.to_string());
        }
    }
    chain
}

/// Codes name folders and URL segments: ASCII letters, digits and `-`, a valid BCP 47 tag.
pub fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 35
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && i18n::direction_of(code).is_ok()
}

fn find_language_table(text: &str, code: &str) -> Option<usize> {
    let header = format!("[languages.{code}]");
    let quoted = format!("[languages.\"{code}\"]");
    text.find(&header).or_else(|| text.find(&quoted))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
base_url = "https://example.org/campaign"
default_language = "uk"
source_language = "en"

[languages.uk]
name = "Українська"

[languages.crh]
name = "Qırımtatarca"
tag = "crh-Latn"
fallback = ["uk", "en"]
plural_rules = "tr"

[languages.en]
name = "English"

[languages.he]
name = "עברית"
"#;

    #[test]
    fn a_valid_config_keeps_file_order_and_resolves_fallbacks() {
        let c = Config::parse(OK).unwrap();
        assert_eq!(c.base_url, "https://example.org/campaign/");
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["uk", "crh", "en", "he"]);
        assert_eq!(c.language("crh").unwrap().fallback, ["uk", "en"]);
        // Without `fallback`: the source language only, not the default language (uk).
        assert_eq!(c.language("he").unwrap().fallback, ["en"]);
        assert_eq!(c.language("uk").unwrap().fallback, ["en"]);
        assert!(c.language("en").unwrap().fallback.is_empty());
        assert_eq!(c.language("he").unwrap().dir, Direction::Rtl);
        assert_eq!(c.language("crh").unwrap().tag, "crh-Latn");
        assert_eq!(c.language("crh").unwrap().location.line, 9);
    }

    #[test]
    fn all_problems_are_reported_with_locations() {
        let text = "base_url = \"example.org\"\ndefault_language = \"xx\"\nsource_language = \"en\"\n[languages.en]\nname = \"English\"\nfallback = [\"zz\"]\n[languages.\"e n\"]\nname = \"?\"\n";
        let report = Config::parse(text).unwrap_err();
        let got = report.headlines();
        assert_eq!(
            got,
            [
                "site.toml:1:1: base_url `example.org` is not an absolute http(s) URL",
                "site.toml:6:13: fallback language `zz` is not one of the site's languages",
                "site.toml:7:1: `e n` is not a valid language code",
                "site.toml:2:20: default_language `xx` is not one of the site's languages",
            ]
        );
    }

    #[test]
    fn toml_errors_are_located_and_explained() {
        let report = Config::parse("base_url = \"https://x/\"\n").unwrap_err();
        let d = &report.diagnostics[0];
        assert!(d.message.contains("missing field"), "{}", d.message);
        assert!(d.help.is_some());
        let report = Config::parse("").unwrap_err();
        assert!(report.diagnostics[0].message.contains("missing field"));
    }
}

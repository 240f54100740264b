//! The site folder and its `site.toml`: the first stage of every verb.
//!
//! `site.toml` is read in two steps, as ripgrep and cobalt read their settings: a raw serde struct
//! that mirrors the file exactly (so a typo is a located TOML error), then a validated [`Config`]
//! that the rest of the pipeline uses without re-checking (languages exist, codes are BCP 47, the
//! fallback chains are resolved, `base_url` ends in `/`). Every problem is reported with its place
//! in `site.toml`, all at once. The file is long because it holds the grammar of every address
//! `site.toml` takes (`base_url`, `mirrors`, `onion`) and of the `[theme]` values, each refusal
//! with its own message and the character it points at, and their tests.
//!
//! Long because every setting of `site.toml` is validated here with its own located message, and
//! the base address has a small grammar of its own.

use crate::diag::{Code, Diagnostic, Location, Report};
use crate::language::{self, Direction};
use crate::toml_de::{self, Spanned};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::PathBuf;

pub(crate) const CONFIG_FILE: &str = "site.toml";

/// The sources of a site folder: the only names a build reads (see [`crate::fs::Confined`]).
pub(crate) const SOURCES: [&str; 4] = [CONFIG_FILE, "content", "locales", "theme"];

/// Where things live in a site folder.
#[derive(Debug, Clone)]
pub struct Project {
    pub(crate) root: PathBuf,
}

impl Project {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Project { root: root.into() }
    }
    pub(crate) fn config_path(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }
    pub(crate) fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub(crate) fn locales_dir(&self) -> PathBuf {
        self.root.join("locales")
    }
    pub(crate) fn theme_dir(&self) -> PathBuf {
        self.root.join("theme")
    }
    pub(crate) fn default_out_dir(&self) -> PathBuf {
        self.root.join("dist")
    }
    /// The site folder, for reading: nothing outside its [`SOURCES`] is ever read through it.
    pub(crate) fn confined(&self) -> anyhow::Result<crate::fs::Confined> {
        crate::fs::Confined::open(&self.root, &SOURCES)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: Spanned<String>,
    default_language: Spanned<String>,
    source_language: Spanned<String>,
    languages: IndexMap<String, Spanned<RawLanguage>>,
    #[serde(default = "yes")]
    minify: bool,
    name: Option<Spanned<String>>,
    #[serde(default)]
    allow_html: bool,
    #[serde(default)]
    allowed_origins: Vec<Spanned<String>>,
    #[serde(default)]
    mirrors: Vec<Spanned<String>>,
    onion: Option<Spanned<String>>,
    #[serde(default)]
    theme: RawTheme,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    accent: Option<Spanned<String>>,
    accent_dark: Option<Spanned<String>>,
    logo: Option<Spanned<String>>,
    favicon: Option<Spanned<String>>,
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
    pub(crate) code: String,
    /// The native name shown in the language switcher (`Qırımtatarca`).
    pub(crate) name: String,
    /// The BCP 47 tag written into `lang` and `hreflang` (`crh-Latn`).
    pub(crate) tag: String,
    /// The tag as Open Graph writes locales, with `_` (`crh_Latn`).
    pub(crate) og_locale: String,
    pub(crate) dir: Direction,
    /// Languages to take a missing string or page from, in order: the `fallback` of `site.toml`,
    /// then the source language (never contains `code`; empty for the source language itself).
    pub(crate) fallback: Vec<String>,
    /// The CLDR locale whose plural rules this language uses, when CLDR has none of its own.
    pub(crate) plural_rules: Option<String>,
    /// What separates groups of three digits in numbers (`8 000`, `8,000`, `8.000`).
    pub(crate) digit_separator: Option<String>,
    /// Where the `[languages.<code>]` table is, for messages about this language.
    pub(crate) location: Location,
}

/// The validated contents of `site.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute URL of the published site, always ending in `/`.
    pub(crate) base_url: String,
    pub(crate) default_language: String,
    pub(crate) source_language: String,
    /// In the order of `site.toml`: the order of the language switcher.
    pub languages: Vec<Language>,
    pub(crate) minify: bool,
    /// A short name for file names of downloads (`<name>-offline.zip`).
    pub(crate) name: String,
    /// Raw HTML in Markdown is accepted (it is still scanned for requests to other origins).
    pub(crate) allow_html: bool,
    /// Origins (`https://media.example.org/`) that pages may load resources from.
    pub(crate) allowed_origins: Vec<String>,
    /// The same site at other addresses, for readers who cannot reach `base_url` (normalized
    /// like it, ending in `/`).
    pub(crate) mirrors: Vec<String>,
    /// The site's Tor onion service (`http://….onion/`), a version 3 address.
    pub(crate) onion: Option<String>,
    pub(crate) theme: Theme,
}

/// `[theme]` of `site.toml`: what an organiser changes without touching a template.
#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    /// The colour of links and outlines in the light colour scheme.
    pub(crate) accent: Option<Setting<crate::css::color::Rgb>>,
    /// The same in the dark colour scheme (default: the accent, lightened until it reads on the
    /// dark background).
    pub(crate) accent_dark: Option<Setting<crate::css::color::Rgb>>,
    /// A file of `theme/static/` shown beside the site's name.
    pub(crate) logo: Option<Setting<String>>,
    /// A file of `theme/static/` used as the pages' icon (default: the built-in `favicon.svg`).
    pub(crate) favicon: Option<Setting<String>>,
}

/// A value of `site.toml` with where it is written, for problems found once other files are
/// known (a logo that `theme/static/` lacks, a colour that reads badly).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Setting<T> {
    pub(crate) value: T,
    pub(crate) location: Location,
}

impl Config {
    pub(crate) fn language(&self, code: &str) -> Option<&Language> {
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
        // One index for the file: every language's table gets a location.
        let index = crate::diag::LineIndex::new(text);
        let at = |offset: usize| index.location(file, offset);

        let base_url = match parse_base_url(raw.base_url.get_ref()) {
            Ok(url) => url,
            Err(bad) => {
                report.push(url_diagnostic(
                    text,
                    &raw.base_url,
                    &bad,
                    Code::ConfigBaseUrl,
                    "base_url",
                ));
                String::new()
            }
        };

        let codes: Vec<&str> = raw.languages.keys().map(String::as_str).collect();
        let mut languages = Vec::new();
        for entry in &raw.languages {
            let source = raw.source_language.get_ref();
            if let Some(language) = parse_language(text, &at, entry, &codes, source, &mut report) {
                languages.push(language);
            }
        }
        named_languages_exist(&raw, &at, &codes, &mut report);
        let name = parse_name(raw.name.as_ref(), &at, &mut report);
        let mirrors = parse_mirrors(text, &raw.mirrors, &base_url, &mut report);
        let allowed_origins =
            parse_allowed_origins(text, &raw.allowed_origins, &base_url, &mut report);
        let onion = raw
            .onion
            .as_ref()
            .and_then(|o| parse_onion(text, o, &mut report));
        let theme = parse_theme(text, &raw.theme, &mut report);
        if report.has_errors() {
            return Err(report);
        }
        Ok(Config {
            mirrors,
            onion,
            theme,
            name,
            allow_html: raw.allow_html,
            allowed_origins,
            base_url,
            default_language: raw.default_language.into_inner(),
            source_language: raw.source_language.into_inner(),
            languages,
            minify: raw.minify,
        })
    }
}

/// One `[languages.<code>]` table: its tag, direction, fallback chain, digit separator and plural
/// rules, each checked where it is written; `None` when the code itself is not one.
fn parse_language(
    text: &str,
    at: &dyn Fn(usize) -> Location,
    (code, spanned): (&String, &Spanned<RawLanguage>),
    codes: &[&str],
    source_language: &str,
    report: &mut Report,
) -> Option<Language> {
    let table_offset = find_language_table(text, code).unwrap_or(spanned.span().start);
    let location = at(table_offset);
    if !is_valid_code(code) {
        report.push(
            Diagnostic::new(Code::LanguageCodeInvalid, location.clone(), format!("`{code}` is not a valid language code"))
                .with_help("use a BCP 47 language tag such as `uk`, `crh`, `pt-BR`; it names the folders content/<code>/ and locales/<code>/"),
        );
        return None;
    }
    let lang = spanned.get_ref();
    let tag = lang
        .tag
        .as_ref()
        .map_or(code.clone(), |t| t.get_ref().clone());
    let dir = direction(&tag, lang, at, table_offset, report);
    if let Some(chain) = &lang.fallback {
        for f in chain {
            if !codes.contains(&f.get_ref().as_str()) {
                report.push(Diagnostic::new(
                    Code::LanguageUnknown,
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
    let fallback = resolve_fallback(code, &written, source_language);
    check_numbers(lang, at, report);
    let plural_rules = lang.plural_rules.as_ref().map(|p| p.get_ref().clone());
    Some(Language {
        og_locale: tag.replace('-', "_"),
        code: code.clone(),
        name: lang.name.clone(),
        tag,
        dir,
        fallback,
        plural_rules,
        digit_separator: lang.digit_separator.as_ref().map(|s| s.get_ref().clone()),
        location,
    })
}

/// A language's direction: its tag's (refused where the tag is not BCP 47), unless `dir` says.
fn direction(
    tag: &str,
    lang: &RawLanguage,
    at: &dyn Fn(usize) -> Location,
    table_offset: usize,
    report: &mut Report,
) -> Direction {
    let mut dir = Direction::Ltr;
    match language::direction_of(tag) {
        Ok(d) => dir = d,
        Err(_) => {
            let offset = lang.tag.as_ref().map_or(table_offset, |t| t.span().start);
            report.push(Diagnostic::new(
                Code::LanguageTagInvalid,
                at(offset),
                format!("`{tag}` is not a valid BCP 47 language tag"),
            ));
        }
    }
    if let Some(d) = &lang.dir {
        match d.get_ref().as_str() {
            "ltr" => dir = Direction::Ltr,
            "rtl" => dir = Direction::Rtl,
            other => report.push(Diagnostic::new(
                Code::ConfigDir,
                at(d.span().start),
                format!("dir must be \"ltr\" or \"rtl\", not \"{other}\""),
            )),
        }
    }
    dir
}

/// A language's `digit_separator` and `plural_rules`, each one zaklyk can use.
fn check_numbers(lang: &RawLanguage, at: &dyn Fn(usize) -> Location, report: &mut Report) {
    if let Some(sep) = &lang.digit_separator {
        if sep.get_ref() != " " && !language::DIGIT_SEPARATORS.contains(&sep.get_ref().as_str()) {
            report.push(
                Diagnostic::new(Code::ConfigDigitSeparator, at(sep.span().start), format!("digit_separator {:?} is not supported", sep.get_ref()))
                    .with_help("use one of \",\", \".\", \" \" (a no-break space), \"\u{202f}\" (a narrow no-break space), \"'\" or \"\" (no grouping)"),
            );
        }
    }
    if let Some(p) = &lang.plural_rules {
        if !language::has_plural_rules(p.get_ref()) {
            report.push(Diagnostic::new(
                Code::PluralRulesUnknown,
                at(p.span().start),
                format!("CLDR has no plural rules for `{}`", p.get_ref()),
            ));
        }
    }
}

/// `default_language` and `source_language` each name a `[languages.<code>]` table.
fn named_languages_exist(
    raw: &RawConfig,
    at: &dyn Fn(usize) -> Location,
    codes: &[&str],
    report: &mut Report,
) {
    for (key, value) in [
        ("default_language", &raw.default_language),
        ("source_language", &raw.source_language),
    ] {
        if !raw.languages.contains_key(value.get_ref()) {
            report.push(
                Diagnostic::new(
                    Code::LanguageUnknown,
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
}

/// `name`, which names the download files: ASCII letters, digits, `-`, `_` and `.`.
fn parse_name(
    raw_name: Option<&Spanned<String>>,
    at: &dyn Fn(usize) -> Location,
    report: &mut Report,
) -> String {
    let name = raw_name.map_or_else(|| "site".to_string(), |n| n.get_ref().clone());
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        || name.starts_with('.')
    {
        let offset = raw_name.map_or(0, |n| n.span().start);
        report.push(
            Diagnostic::new(
                Code::ConfigName,
                at(offset),
                format!("name `{name}` must be ASCII letters, digits, `-`, `_` and `.`"),
            )
            .with_help("it names the download files, e.g. name = \"campaign-2025\""),
        );
    }
    name
}

/// Why an address cannot be a site's public address: what is wrong, where in the text (a byte
/// offset), and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadUrl {
    pub(crate) message: String,
    pub(crate) offset: usize,
    pub(crate) help: &'static str,
}

impl std::fmt::Display for BadUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n  = help: {}", self.message, self.help)
    }
}

/// Validates a site's public address (`base_url`, `--base-url`) and writes it in its one form:
/// `http` or `https`, a host (ASCII; a domain name, an IPv4 or a bracketed IPv6 address) with an
/// optional port, a path of plain segments ending in `/`. Every page's canonical, `hreflang`,
/// Open Graph and sitemap address is this text with a path appended, so anything that would
/// change what an appended path means is refused rather than guessed at: user info
/// (`https://user@…`), a query or a fragment (`…?a=1#f` would give `…?a=1#f/en/`), an empty
/// segment (`//`), a `.` or `..` segment (also percent-encoded), a backslash, spaces and
/// characters a URL must percent-encode. The scheme and host are lowercased, a default port
/// dropped, non-ASCII letters of the path percent-encoded, and the trailing `/` added.
///
/// A small grammar of its own rather than a general URL parser: the question is not "what would
/// a browser make of this" but "is this plainly an address under which the site's paths can be
/// appended", and the answer is a short list of refusals, each with its own message.
pub(crate) fn parse_base_url(input: &str) -> Result<String, BadUrl> {
    let lead = input.len() - input.trim_start().len();
    let text = input.trim();
    let bad = |offset: usize, message: String, help: &'static str| BadUrl {
        message,
        offset: lead + offset,
        help,
    };
    let scheme = scheme_of(text).map_err(|(o, m, h)| bad(o, m, h))?;
    refuse_characters(text).map_err(|(o, m, h)| bad(o, m, h))?;
    let start = scheme.len() + 3;
    let rest = &text[start..];
    let authority_end = start + rest.find('/').unwrap_or(rest.len());
    let authority = &text[start..authority_end];
    let (host, port) =
        host_and_port(text, scheme, start, authority).map_err(|(o, m, h)| bad(o, m, h))?;
    let path = path_of(text, authority_end).map_err(|(o, m, h)| bad(o, m, h))?;
    Ok(format!("{scheme}://{host}{port}{path}"))
}

/// A refusal of [`parse_base_url`]'s parts: the offset in the trimmed text, the message, the help.
type Refusal = (usize, String, &'static str);

/// `https` or `http`, the only schemes a site is published under.
fn scheme_of(text: &str) -> Result<&'static str, Refusal> {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("https://") {
        Ok("https")
    } else if lower.starts_with("http://") {
        Ok("http")
    } else {
        Err((
            0,
            format!("`{text}` is not an absolute http(s) address"),
            "write the address where the site is published, e.g. \"https://example.org/campaign/\"",
        ))
    }
}

/// Characters no part of the address may hold: spaces and control characters, `\`, and the
/// `#` and `?` that would swallow every page's path.
fn refuse_characters(text: &str) -> Result<(), Refusal> {
    if let Some((i, c)) = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err((
            i,
            format!(
                "`{text}` contains {}",
                if c.is_whitespace() {
                    "a space"
                } else {
                    "a control character"
                }
            ),
            "remove it, or write a space in a path as %20",
        ));
    }
    if let Some(i) = text.find('\\') {
        return Err((
            i,
            format!("`{text}` contains a backslash, which browsers read as `/`"),
            "separate the parts of the address with `/`",
        ));
    }
    if let Some(i) = text.find('#') {
        return Err((
            i,
            format!("`{text}` has a fragment (`#…`): every page's address would end up inside it"),
            "remove everything from `#` on",
        ));
    }
    if let Some(i) = text.find('?') {
        return Err((i, format!("`{text}` has a query (`?…`): every page's address would end up inside it"), "remove everything from `?` on; a site's address is a folder, like \"https://example.org/campaign/\""));
    }
    Ok(())
}

/// The host, lowercased, and the port (`:8080`, or empty for the scheme's own) of the
/// authority, which starts at `start` in `text`.
fn host_and_port(
    text: &str,
    scheme: &str,
    start: usize,
    authority: &str,
) -> Result<(String, String), Refusal> {
    if let Some(i) = authority.rfind('@') {
        return Err((
            start,
            format!(
                "`{text}` has user information (`{}@`) before its host",
                &authority[..i]
            ),
            "remove the part up to and including `@`: a public address carries no name or password",
        ));
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => ipv6_host(text, start, v6)?,
        None => domain_host(text, start, authority)?,
    };
    let port = match port {
        None => String::new(),
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.chars().all(|c| c.is_ascii_digit()) => {
                if (scheme, n) == ("https", 443) || (scheme, n) == ("http", 80) {
                    String::new()
                } else {
                    format!(":{n}")
                }
            }
            _ => {
                return Err((
                    start + authority.rfind(':').unwrap_or(0),
                    format!("`{p}` is not a port number"),
                    "write a port from 1 to 65535 after `:`, or none",
                ))
            }
        },
    };
    Ok((host, port))
}

/// An IPv6 host (`v6` is the authority after its `[`) and the port written after it.
fn ipv6_host<'a>(
    text: &str,
    start: usize,
    v6: &'a str,
) -> Result<(String, Option<&'a str>), Refusal> {
    let Some(close) = v6.find(']') else {
        return Err((
            start,
            format!("`{text}` has an IPv6 host without its closing `]`"),
            "write an IPv6 address in brackets, e.g. \"http://[::1]:8080/\"",
        ));
    };
    let address = &v6[..close];
    if address.is_empty()
        || !address.contains(':')
        || !address
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    {
        return Err((
            start,
            format!("`[{address}]` is not an IPv6 address"),
            "write an IPv6 address in brackets, e.g. \"http://[::1]:8080/\"",
        ));
    }
    let after = &v6[close + 1..];
    let port = match after.strip_prefix(':') {
        Some(p) => Some(p),
        None if after.is_empty() => None,
        None => {
            return Err((
                start + close + 2,
                format!("`{text}` has `{after}` after its IPv6 host"),
                "after `]` only `:` and a port may follow",
            ))
        }
    };
    Ok((format!("[{}]", address.to_ascii_lowercase()), port))
}

/// A domain name host, in ASCII (punycode for an international one), and the port after it.
fn domain_host<'a>(
    text: &str,
    start: usize,
    authority: &'a str,
) -> Result<(String, Option<&'a str>), Refusal> {
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err((
            start,
            format!("`{text}` has no host"),
            "write the host after the scheme, e.g. \"https://example.org/\"",
        ));
    }
    if !host.is_ascii() {
        return Err((start, format!("host `{host}` is not written in ASCII"), "write an international domain name in its ASCII (punycode) form, `xn--…`, as your registrar or `idn2` shows it"));
    }
    let valid_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if host.len() > 253 || !host.split('.').all(valid_label) {
        return Err((start, format!("host `{host}` is not a valid domain name"), "a host is letters, digits and `-` in dot-separated labels, e.g. \"https://org.github.io/campaign/\""));
    }
    Ok((host.to_ascii_lowercase(), port))
}

/// The path from `authority_end` on, as plain segments each ending in `/`, non-ASCII
/// characters percent-encoded.
fn path_of(text: &str, authority_end: usize) -> Result<String, Refusal> {
    let path = &text[authority_end..];
    let mut normal = String::from("/");
    let segments: Vec<&str> = if path.is_empty() {
        Vec::new()
    } else {
        path[1..].split('/').collect()
    };
    let mut offset = authority_end + 1;
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if segment.is_empty() && !last {
            return Err((
                offset,
                format!("`{text}` has an empty path segment (`//`)"),
                "write each `/` once",
            ));
        }
        if let Some(dots @ (b"." | b"..")) = crate::urls::percent_decode(segment).as_deref() {
            return Err((
                offset,
                format!("`{text}` has a `{}` segment", String::from_utf8_lossy(dots)),
                "write the folder's own address, without `.` or `..`",
            ));
        }
        path_segment(text, segment, offset, &mut normal)?;
        if !segment.is_empty() {
            normal.push('/');
        }
        offset += segment.len() + 1;
    }
    Ok(normal)
}

/// One path segment, at `offset`, written into `normal`: the characters a URL path allows as
/// they are, a `%` escape checked, any other ASCII refused.
fn path_segment(
    text: &str,
    segment: &str,
    offset: usize,
    normal: &mut String,
) -> Result<(), Refusal> {
    for (k, c) in segment.char_indices() {
        match c {
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | '-'
            | '.'
            | '_'
            | '~'
            | '!'
            | '$'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | ';'
            | '='
            | ':'
            | '@' => normal.push(c),
            '%' => {
                let escape = segment.get(k..k + 3).and_then(crate::urls::percent_decode);
                match escape.as_deref() {
                    Some(&[b]) if b >= 0x20 && b != 0x7f => normal.push('%'),
                    Some(_) => {
                        return Err((
                            offset + k,
                            format!(
                                "`{text}` encodes a control character (`{}`)",
                                &segment[k..k + 3]
                            ),
                            "remove it",
                        ))
                    }
                    None => {
                        return Err((
                            offset + k,
                            format!("`{text}` has a `%` that is not followed by two hex digits"),
                            "write a `%` itself as %25",
                        ))
                    }
                }
            }
            c if !c.is_ascii() => {
                normal.push_str(&crate::urls::percent_encode(c.encode_utf8(&mut [0; 4])))
            }
            c => {
                return Err((
                    offset + k,
                    format!("`{text}` contains `{c}`, which a URL must percent-encode"),
                    "percent-encode it (e.g. `\"` as %22), or leave it out",
                ))
            }
        }
    }
    Ok(())
}

/// A refused address of `site.toml`, located at the character at fault when the value is
/// written without escapes (else at the value).
fn url_diagnostic(
    text: &str,
    value: &Spanned<String>,
    bad: &BadUrl,
    code: Code,
    key: &str,
) -> Diagnostic {
    let span = value.span();
    let written = text.get(span.start + 1..span.end.saturating_sub(1));
    let offset = if written == Some(value.get_ref().as_str()) {
        span.start + 1 + bad.offset
    } else {
        span.start
    };
    Diagnostic::new(
        code,
        Location::at(CONFIG_FILE, text, offset),
        format!("{key} {}", bad.message),
    )
    .with_help(bad.help)
}

/// `mirrors`: each an address like `base_url` (a page's address on a mirror is the mirror's
/// address with the page's path appended), none of them `base_url` itself or written twice.
fn parse_mirrors(
    text: &str,
    raw: &[Spanned<String>],
    base_url: &str,
    report: &mut Report,
) -> Vec<String> {
    let mut mirrors: Vec<String> = Vec::new();
    for m in raw {
        let at = Location::at(CONFIG_FILE, text, m.span().start);
        match parse_base_url(m.get_ref()) {
            Err(bad) => report.push(url_diagnostic(text, m, &bad, Code::ConfigMirror, "mirror")),
            Ok(url) if url == base_url => report.push(
                Diagnostic::new(Code::ConfigMirror, at, format!("mirror `{url}` is base_url itself"))
                    .with_help("list the other addresses where the same site is published"),
            ),
            Ok(url) if mirrors.contains(&url) => report.push(Diagnostic::new(
                Code::ConfigMirror,
                at,
                format!("mirror `{url}` is listed twice"),
            )),
            Ok(url) if host_of(&url).ends_with(".onion") => report.push(
                Diagnostic::new(Code::ConfigMirror, at, format!("mirror `{url}` is an onion address"))
                    .with_help("write it as onion = \"…\": pages show it as text to copy into Tor Browser, not as a link that an ordinary browser would try to look up"),
            ),
            Ok(url) => mirrors.push(url),
        }
    }
    mirrors
}

/// `allowed_origins`: each an origin alone (`https://media.example.org/`), as a
/// Content-Security-Policy names one: an address with a path would allow less in the policy than
/// the scan allows, and the site's own origin is not another one to trust (its pages link to
/// each other by relative addresses, which a mirror or the offline copy keeps).
fn parse_allowed_origins(
    text: &str,
    raw: &[Spanned<String>],
    base_url: &str,
    report: &mut Report,
) -> Vec<String> {
    let mut origins: Vec<String> = Vec::new();
    let origin_of = |url: &str| {
        let rest = url
            .split_once("://")
            .map_or(0, |(scheme, _)| scheme.len() + 3);
        url[..rest + url[rest..].find('/').unwrap_or(url.len() - rest) + 1].to_string()
    };
    for o in raw {
        // Inside the quotes; a path at its first character, where the value is written plainly.
        let value = o.span().start + 1;
        let path = text
            .get(value..o.span().end)
            .and_then(|v| v.match_indices('/').nth(2))
            .map_or(value, |(slash, _)| value + slash + 1);
        let at = |offset| Location::at(CONFIG_FILE, text, offset);
        let refuse = |offset, message: String| {
            Diagnostic::new(Code::ConfigAllowedOrigin, at(offset), message)
                .with_help("write the origin alone, e.g. \"https://media.example.org/\"")
        };
        match parse_base_url(o.get_ref()) {
            Err(bad) => report.push(url_diagnostic(
                text,
                o,
                &bad,
                Code::ConfigAllowedOrigin,
                "allowed origin",
            )),
            Ok(url) if origin_of(&url) != url => report.push(refuse(path, format!(
                "allowed origin `{url}` has a path; an origin is a scheme, a host and a port"
            ))),
            Ok(url) if url == origin_of(base_url) => report.push(
                refuse(value, format!("allowed origin `{url}` is the site's own"))
                    .with_help("link the site's own files by relative addresses, which work on every copy of the site"),
            ),
            Ok(url) if origins.contains(&url) => report.push(refuse(value, format!(
                "allowed origin `{url}` is listed twice"
            ))),
            Ok(url) => origins.push(url),
        }
    }
    origins
}

/// The host of a normalized address (`example.org`, `[::1]`), without its port.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    match authority.find(']') {
        Some(close) if authority.starts_with('[') => &authority[..=close],
        _ => authority.split(':').next().unwrap_or(authority),
    }
}

/// `onion`: an address like `base_url` whose host is a version 3 onion service, its checksum
/// correct (a mistyped address would send readers nowhere, or to someone else).
fn parse_onion(text: &str, raw: &Spanned<String>, report: &mut Report) -> Option<String> {
    let url = match parse_base_url(raw.get_ref()) {
        Ok(url) => url,
        Err(bad) => {
            report.push(url_diagnostic(text, raw, &bad, Code::ConfigOnion, "onion"));
            return None;
        }
    };
    let at = Location::at(CONFIG_FILE, text, raw.span().start);
    let host = host_of(&url);
    let Some(name) = host.strip_suffix(".onion") else {
        report.push(
            Diagnostic::new(Code::ConfigOnion, at, format!("onion `{url}` is not a .onion address"))
                .with_help("write the address of the site's Tor onion service, e.g. \"http://<56 letters>.onion/\"; list other addresses in mirrors"),
        );
        return None;
    };
    let label = name.rsplit('.').next().unwrap_or(name);
    if !crate::digest::is_onion_v3(label) {
        let why = if label.len() == 16 {
            "a version 2 address, which Tor no longer serves".to_string()
        } else if label.len() != 56 {
            format!("{} letters long, not 56", label.chars().count())
        } else {
            "not a valid version 3 address (its checksum does not match: a letter may be mistyped)"
                .to_string()
        };
        report.push(
            Diagnostic::new(
                Code::ConfigOnion,
                at,
                format!("onion `{label}.onion` is {why}"),
            )
            .with_help(
                "copy the address exactly as Tor shows it (the file hostname of the onion service)",
            ),
        );
        return None;
    }
    Some(url)
}

/// `[theme]`: the colours parsed as CSS colours, the files as paths of `theme/static/`.
fn parse_theme(text: &str, raw: &RawTheme, report: &mut Report) -> Theme {
    let at = |v: &Spanned<String>| Location::at(CONFIG_FILE, text, v.span().start);
    let colour = |key: &str, v: &Option<Spanned<String>>, report: &mut Report| {
        let v = v.as_ref()?;
        match crate::css::color::parse(v.get_ref().trim()) {
            Ok(value) => Some(Setting {
                value,
                location: at(v),
            }),
            Err(e) => {
                report.push(
                    Diagnostic::new(Code::ConfigTheme, at(v), format!("[theme] {key}: {e}"))
                        .with_help("write a colour as CSS does, e.g. \"#c0392b\", \"rgb(192 57 43)\" or \"darkred\"; other CSS goes into theme/static/custom.css"),
                );
                None
            }
        }
    };
    let file = |key: &str, v: &Option<Spanned<String>>, report: &mut Report| {
        let v = v.as_ref()?;
        match static_path(v.get_ref()) {
            Ok(value) => Some(Setting {
                value,
                location: at(v),
            }),
            Err(e) => {
                report.push(
                    Diagnostic::new(Code::ConfigTheme, at(v), format!("[theme] {key} `{}` {e}", v.get_ref()))
                        .with_help(format!("put the file into theme/static/ and write its path there, e.g. {key} = \"logo.svg\"")),
                );
                None
            }
        }
    };
    Theme {
        accent: colour("accent", &raw.accent, report),
        accent_dark: colour("accent_dark", &raw.accent_dark, report),
        logo: file("logo", &raw.logo, report),
        favicon: file("favicon", &raw.favicon, report),
    }
}

/// A path below `theme/static/` as written in `[theme]`: plain `/`-separated names, no way out.
fn static_path(path: &str) -> Result<String, &'static str> {
    let p = path.trim();
    if p.contains("://") || p.starts_with("//") || p.starts_with("data:") {
        return Err(
            "is an address: a file from another site would make readers' browsers contact it",
        );
    }
    if p.is_empty()
        || p.starts_with('/')
        || p.contains('\\')
        || p.split('/')
            .any(|s| s.is_empty() || s == "." || s == ".." || s.starts_with('.'))
        || p.chars()
            .any(|c| c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '?' | '#' | '%' | ' '))
    {
        return Err("is not a path of a file in theme/static/");
    }
    Ok(p.to_string())
}

/// serde's missing and unknown fields reach here only as toml's message text: no kind to match.
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
pub(crate) fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 35
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && language::direction_of(code).is_ok()
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
                "site.toml:1:13: base_url `example.org` is not an absolute http(s) address",
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

    #[test]
    fn base_urls_are_normalized() {
        for (given, want) in [
            ("https://example.org", "https://example.org/"),
            ("https://example.org/", "https://example.org/"),
            (
                "  https://example.org/campaign  ",
                "https://example.org/campaign/",
            ),
            (
                "HTTPS://Example.ORG/Campaign",
                "https://example.org/Campaign/",
            ),
            ("http://127.0.0.1:1111/", "http://127.0.0.1:1111/"),
            ("https://example.org:443/a/", "https://example.org/a/"),
            ("http://example.org:80", "http://example.org/"),
            (
                "https://example.org:8443/a/b",
                "https://example.org:8443/a/b/",
            ),
            ("http://[::1]:8080", "http://[::1]:8080/"),
            (
                "https://org.github.io/campaign/",
                "https://org.github.io/campaign/",
            ),
            (
                "https://xn--80aaf4ahe.xn--j1amh/",
                "https://xn--80aaf4ahe.xn--j1amh/",
            ),
            (
                "https://e.org/заклик",
                "https://e.org/%D0%B7%D0%B0%D0%BA%D0%BB%D0%B8%D0%BA/",
            ),
            ("https://e.org/a%20b/", "https://e.org/a%20b/"),
            ("https://e.org/a-b_c~d.e/", "https://e.org/a-b_c~d.e/"),
        ] {
            assert_eq!(parse_base_url(given).as_deref(), Ok(want), "{given}");
        }
    }

    #[test]
    fn bad_base_urls_are_refused_each_with_its_reason() {
        for (given, says, offset) in [
            ("example.org", "not an absolute http(s) address", 0),
            ("ftp://example.org/", "not an absolute http(s) address", 0),
            ("//example.org/", "not an absolute http(s) address", 0),
            ("javascript:alert(1)", "not an absolute http(s) address", 0),
            ("https:example.org", "not an absolute http(s) address", 0),
            ("https://x.org/camp?a=1#f", "fragment", 22),
            ("https://x.org/camp?a=1", "query", 18),
            ("https://x.org/?", "query", 14),
            ("https://x.org/#", "fragment", 14),
            ("https://user:pw@x.org/", "user information", 8),
            ("https://evil.org@x.org/", "user information", 8),
            ("https://", "no host", 8),
            ("https:///path", "no host", 8),
            ("https://x.org//a/", "empty path segment", 14),
            ("https://x.org/a//b/", "empty path segment", 16),
            ("https://x.org/a/../b/", "`..` segment", 16),
            ("https://x.org/..", "`..` segment", 14),
            ("https://x.org/%2e%2E/", "`..` segment", 14),
            ("https://x.org/./", "`.` segment", 14),
            ("https://x.org\\@evil.org/", "backslash", 13),
            ("https://x.org/a b/", "a space", 15),
            ("https://x.org/a\tb/", "a space", 15),
            ("https://x.org:0/", "not a port", 13),
            ("https://x.org:99999/", "not a port", 13),
            ("https://x.org:/", "not a port", 13),
            ("https://x.org:+80/", "not a port", 13),
            ("https://заклик.укр/", "not written in ASCII", 8),
            ("https://x..org/", "not a valid domain name", 8),
            ("https://-x.org/", "not a valid domain name", 8),
            ("https://x_y.org/", "not a valid domain name", 8),
            ("https://[::1/", "closing `]`", 8),
            ("https://[zz]/", "not an IPv6 address", 8),
            ("https://x.org/a%2/", "not followed by two hex digits", 15),
            ("https://x.org/a%00/", "control character", 15),
            ("https://x.org/\"onload=/", "percent-encode", 14),
            ("https://x.org/<b>/", "percent-encode", 14),
        ] {
            let bad = parse_base_url(given).expect_err(given);
            assert!(bad.message.contains(says), "{given}: {}", bad.message);
            assert_eq!(bad.offset, offset, "{given}: {}", bad.message);
        }
    }

    #[test]
    fn a_bad_base_url_is_located_at_the_character_at_fault() {
        let text = "name = \"x\"\nbase_url = \"https://x.org/camp?a=1\"\ndefault_language = \"en\"\nsource_language = \"en\"\n[languages.en]\nname = \"E\"\n";
        let report = Config::parse(text).unwrap_err();
        let d = &report.diagnostics[0];
        assert_eq!(d.location.to_string(), "site.toml:2:31", "{d}");
        assert!(
            d.message
                .starts_with("base_url `https://x.org/camp?a=1` has a query"),
            "{d}"
        );
        assert!(d.help.is_some());
    }

    #[test]
    fn allowed_origins_are_origins_alone_and_never_the_site_s_own() {
        let config = |origins: &str| {
            format!("name = \"x\"\nbase_url = \"https://x.org/camp/\"\ndefault_language = \"en\"\nsource_language = \"en\"\nallowed_origins = [{origins}]\n[languages.en]\nname = \"E\"\n")
        };
        let ok = Config::parse(&config(
            "\"https://media.example.org\", \"http://[::1]:8080/\"",
        ))
        .unwrap();
        assert_eq!(
            ok.allowed_origins,
            ["https://media.example.org/", "http://[::1]:8080/"]
        );
        for (given, says, column) in [
            ("\"https://media.example.org/img/\"", "has a path", 47),
            ("\"https://x.org/\"", "is the site's own", 21),
            ("\"https://a.org\", \"HTTPS://A.ORG/\"", "listed twice", 38),
            ("\"ftp://a.org/\"", "allowed origin `ftp://a.org/`", 21),
            ("\"https://a.org/?q\"", "query", 35),
            ("\"//a.org/\"", "allowed origin", 21),
        ] {
            let report = Config::parse(&config(given)).unwrap_err();
            let d = &report.diagnostics[0];
            assert_eq!(d.code, Code::ConfigAllowedOrigin, "{given}: {d}");
            assert!(d.message.contains(says), "{given}: {d}");
            assert_eq!(
                d.location.to_string(),
                format!("site.toml:5:{column}"),
                "{given}: {d}"
            );
        }
    }
}

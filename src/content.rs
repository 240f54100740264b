//! Stage 2a: content files as data — front matter, body region, demands, signatories.
//!
//! A page is `+++`-fenced TOML front matter followed by a Markdown body. This module finds the
//! fences, deserializes the front matter (errors located in the `.md` file, not in the fragment),
//! and recognises the two data files of a campaign: `content/<lang>/demands.md`, one numbered list
//! whose item numbers are the stable demand ids, and `content/signatories.toml`. Markdown itself
//! is rendered later, per output page, because links resolve relative to where a page is written.

use crate::diag::{Code, Diagnostic, Location};
use crate::load::{ContentFile, TextFile};
use crate::toml_de::{self, Date, Spanned};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The file of a language that holds its demands instead of being a page.
pub(crate) const DEMANDS_SLUG: &str = "demands";

/// Whether a translation has been reviewed by a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TranslationState {
    /// Drafted and not yet reviewed: readers are told so.
    Draft,
    Reviewed,
}

/// The front matter of a page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: String,
    pub(crate) date: Option<Date>,
    pub(crate) translation: Option<TranslationState>,
    /// Template to render with, instead of `index.html` / `page.html`.
    pub(crate) template: Option<String>,
    /// Listed in the navigation of every page of its language.
    #[serde(default)]
    pub(crate) menu: bool,
    /// The place in the navigation: lower first; pages without one follow, by title. Read from
    /// the source language's page, so every language lists the pages in the same order.
    pub(crate) weight: Option<i64>,
    /// Hash of the source-language text this translation was made from.
    pub(crate) source_hash: Option<String>,
}

/// The optional front matter of `demands.md`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DemandsFrontMatter {
    pub(crate) translation: Option<TranslationState>,
    pub(crate) source_hash: Option<String>,
}

/// A page file, parsed.
#[derive(Debug, Clone)]
pub struct PageSource {
    pub(crate) lang: String,
    pub(crate) slug: String,
    pub file: TextFile,
    pub(crate) front: FrontMatter,
    /// Byte range of the Markdown body in `file.text`.
    pub body: Range<usize>,
}

/// `demands.md` of a language, split but not yet rendered.
#[derive(Debug, Clone)]
pub struct DemandsSource {
    pub lang: String,
    pub file: TextFile,
    pub(crate) front: DemandsFrontMatter,
    pub body: Range<usize>,
    /// Its numbered items, in the order written (filled in when the site is assembled).
    pub(crate) items: Vec<DemandItem>,
}

/// One item of a `demands.md`: the number its author wrote, which is the demand's id
/// (`demand-3`) in every language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DemandItem {
    pub(crate) number: u32,
    pub(crate) location: Location,
    /// The item as HTML, `@/` links left unresolved: what a translation is compared with.
    pub(crate) html: String,
    /// The item as plain text: what its share card shows.
    pub(crate) text: String,
    /// Byte offset of the item in the file, to locate problems in its text.
    pub(crate) offset: usize,
}

impl DemandsSource {
    /// The item numbered `n`, if this file has one.
    pub(crate) fn item(&self, n: u32) -> Option<&DemandItem> {
        self.items.iter().find(|i| i.number == n)
    }
}

/// Front matter and body of a content file: `(front, body)` byte ranges, `front` empty when the
/// file has none.
pub(crate) fn split(
    file: &str,
    text: &str,
    required: bool,
) -> Result<(Range<usize>, Range<usize>), Diagnostic> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_line_end].trim_end();
    if first == "---" {
        return Err(Diagnostic::new(Code::FrontMatterYaml, Location::at(file, text, 0), "front matter must be TOML between `+++` lines, not YAML between `---` lines")
            .with_help("replace both `---` lines with `+++` and write each field as key = \"value\", e.g. title = \"…\""));
    }
    if first != "+++" {
        if !required {
            return Ok((0..0, 0..text.len()));
        }
        return Err(Diagnostic::new(
            Code::FrontMatterMissing,
            Location::at(file, text, 0),
            "missing front matter",
        )
        .with_help(
            "start the file with a `+++` line, then title = \"…\", then another `+++` line",
        ));
    }
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok((first_line_end..offset, offset + line.len()..text.len()));
        }
        offset += line.len();
    }
    Err(Diagnostic::new(
        Code::FrontMatterUnclosed,
        Location::at(file, text, 0),
        "front matter is not closed",
    )
    .with_help("add a line with only `+++` after the last front-matter field"))
}

/// Parses a page file (anything but `demands.md`).
pub fn parse_page(cf: &ContentFile) -> Result<PageSource, Diagnostic> {
    let text = &cf.file.text;
    let (front_range, body) = split(&cf.file.path, text, true)?;
    let front: FrontMatter =
        toml_de::parse(&cf.file.path, text, front_range.clone()).map_err(|d| {
            // serde reports a missing field only in its message, which toml passes on as text.
            if d.message.contains("missing field `title`") {
                Diagnostic::new(
                    Code::FrontMatterTitle,
                    Location::at(&cf.file.path, text, front_range.start.saturating_sub(4)),
                    "front matter has no `title`",
                )
                .with_help("add a line title = \"…\" between the `+++` lines")
            } else {
                d
            }
        })?;
    Ok(PageSource {
        lang: cf.lang.clone(),
        slug: cf.slug.clone(),
        file: cf.file.clone(),
        front,
        body,
    })
}

/// Parses `demands.md` (front matter optional).
pub fn parse_demands(cf: &ContentFile) -> Result<DemandsSource, Diagnostic> {
    let text = &cf.file.text;
    let (front_range, body) = split(&cf.file.path, text, false)?;
    let front = if front_range.is_empty() {
        DemandsFrontMatter::default()
    } else {
        toml_de::parse(&cf.file.path, text, front_range)?
    };
    Ok(DemandsSource {
        lang: cf.lang.clone(),
        file: cf.file.clone(),
        front,
        body,
        items: Vec::new(),
    })
}

/// The text of a content file with front-matter `key` set to the string `value` (through
/// [`toml_de::with_string`], which keeps comments and formatting): the value replaced if present,
/// the key added otherwise, and a front matter created for a file without one. The front
/// matter keeps its line endings (a new one takes the file's).
pub fn with_front_matter_value(
    file: &str,
    text: &str,
    key: &str,
    value: &str,
) -> Result<String, Diagnostic> {
    let (front, _) = split(file, text, false)?;
    // The line endings of the front matter, or of the file when the front matter has no line.
    let written = Some(&text[front.clone()])
        .filter(|f| f.contains('\n'))
        .unwrap_or(text);
    let newline = if written.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    if front.is_empty() && !text.starts_with("+++") {
        let line = toml_de::with_string(file, "", 0..0, key, value)?;
        return Ok(format!(
            "+++{newline}{}+++{newline}{text}",
            line.replace('\n', newline)
        ));
    }
    let edited = toml_de::with_string(file, text, front.clone(), key, value)?;
    Ok(format!(
        "{}{}{}",
        &text[..front.start],
        edited.replace('\n', newline),
        &text[front.end..]
    ))
}

/// An organisation that signed; its name is translated through Fluent (`signatory-<id>`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Signatory {
    pub(crate) id: String,
    pub(crate) url: Option<String>,
    pub(crate) order: i64,
    /// Where its `id` is written in `content/signatories.toml`.
    pub(crate) location: Location,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignatories {
    #[serde(default)]
    signatory: Vec<Spanned<RawSignatory>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignatory {
    id: Spanned<String>,
    url: Option<Spanned<String>>,
    order: i64,
}

/// Parses `content/signatories.toml`: `[[signatory]]` tables, sorted by `order`.
pub(crate) fn parse_signatories(file: &TextFile) -> Result<Vec<Signatory>, Vec<Diagnostic>> {
    let raw: RawSignatories =
        toml_de::parse(&file.path, &file.text, 0..file.text.len()).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut out: Vec<Signatory> = Vec::new();
    // One index and one set for the whole file: a list of thousands of signatories is read in
    // linear time.
    let index = crate::diag::LineIndex::new(&file.text);
    let at = |offset: usize| index.location(&file.path, offset);
    let mut seen = std::collections::HashSet::new();
    for s in raw.signatory {
        let s = s.into_inner();
        let id = s.id.get_ref();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push(
                Diagnostic::new(
                    Code::SignatoryId,
                    at(s.id.span().start),
                    format!("signatory id `{id}` must be lowercase letters, digits and `-`"),
                )
                .with_help("the id names the Fluent message of the name: signatory-<id>"),
            );
        }
        if !seen.insert(id.clone()) {
            problems.push(Diagnostic::new(
                Code::SignatoryDuplicate,
                at(s.id.span().start),
                format!("signatory id `{id}` appears twice"),
            ));
        }
        if let Some(url) = &s.url {
            let u = url.get_ref();
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                problems.push(Diagnostic::new(
                    Code::SignatoryUrl,
                    at(url.span().start),
                    format!("signatory url `{u}` is not an absolute http(s) URL"),
                ));
            }
        }
        out.push(Signatory {
            location: at(s.id.span().start),
            id: s.id.into_inner(),
            url: s.url.map(Spanned::into_inner),
            order: s.order,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    out.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cf(text: &str) -> ContentFile {
        ContentFile {
            lang: "uk".into(),
            slug: "index".into(),
            file: TextFile {
                path: "content/uk/index.md".into(),
                text: text.into(),
            },
        }
    }

    #[test]
    fn a_page_splits_into_front_matter_and_body() {
        let p = parse_page(&cf("+++\r\ntitle = \"Заява\"\r\ndate = 2025-08-12\r\ntranslation = \"draft\"\r\n+++\r\nТекст\r\n")).unwrap();
        assert_eq!(p.front.title, "Заява");
        assert_eq!(p.front.translation, Some(TranslationState::Draft));
        assert_eq!(&p.file.text[p.body.clone()], "Текст\r\n");
    }

    #[test]
    fn front_matter_errors_are_located_in_the_md_file() {
        let e = parse_page(&cf("+++\ntitle = \"x\"\ndate = \"yesterday\"\n+++\n")).unwrap_err();
        assert_eq!(e.location.to_string(), "content/uk/index.md:3:8");
        let e = parse_page(&cf("---\ntitle: x\n---\n")).unwrap_err();
        assert!(e.message.contains("not YAML") && e.help.unwrap().contains("+++"));
        let e = parse_page(&cf("+++\ntitle = \"x\"\n")).unwrap_err();
        assert_eq!(e.message, "front matter is not closed");
        let e = parse_page(&cf("+++\ndescription = \"x\"\n+++\n")).unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "content/uk/index.md:1:1: error: front matter has no `title` [front-matter-title]"
        );
        let e = parse_page(&cf("+++\ntitle = \"x\"\ntranslation = \"maybe\"\n+++\n")).unwrap_err();
        assert_eq!(e.location.line, 3);
        let e = parse_page(&cf("no front matter")).unwrap_err();
        assert_eq!(e.message, "missing front matter");
    }

    #[test]
    fn front_matter_values_are_set_in_place() {
        let set = |t: &str| with_front_matter_value("a.md", t, "source_hash", "abc").unwrap();
        assert_eq!(
            set("+++\ntitle = \"x\"\n+++\nbody\n"),
            "+++\ntitle = \"x\"\nsource_hash = \"abc\"\n+++\nbody\n"
        );
        assert_eq!(
            set("+++\r\nsource_hash = \"old\" \r\n# c\r\n+++\r\n"),
            "+++\r\nsource_hash = \"abc\"\r\n# c\r\n+++\r\n"
        );
        assert_eq!(set("1. a\n"), "+++\nsource_hash = \"abc\"\n+++\n1. a\n");
        assert_eq!(
            set("1. a\r\n"),
            "+++\r\nsource_hash = \"abc\"\r\n+++\r\n1. a\r\n"
        );
        assert_eq!(
            set("+++\r\n+++\r\nbody"),
            "+++\r\nsource_hash = \"abc\"\r\n+++\r\nbody"
        );
        // Comments and the way other values are written stay.
        assert_eq!(
            set("+++\ntitle = 'x' # t\n# Drafted.\nsource_hash = \"old\" # was\n+++\nbody\n"),
            "+++\ntitle = 'x' # t\n# Drafted.\nsource_hash = \"abc\" # was\n+++\nbody\n"
        );
    }

    #[test]
    fn demands_front_matter_is_optional() {
        let d = parse_demands(&cf("1. a\n2. b\n")).unwrap();
        assert_eq!(d.body, 0..10);
        let d = parse_demands(&cf("+++\ntranslation = \"draft\"\n+++\n1. a\n")).unwrap();
        assert_eq!(d.front.translation, Some(TranslationState::Draft));
    }

    #[test]
    fn signatories_are_sorted_and_validated() {
        let ok = TextFile { path: "content/signatories.toml".into(), text: "[[signatory]]\nid = \"b\"\norder = 2\n[[signatory]]\nid = \"a\"\nurl = \"https://a.org/\"\norder = 1\n".into() };
        let s = parse_signatories(&ok).unwrap();
        assert_eq!(s[0].id, "a");
        let bad = TextFile {
            path: "content/signatories.toml".into(),
            text: "[[signatory]]\nid = \"A b\"\nurl = \"a.org\"\norder = 1\n".into(),
        };
        let e = parse_signatories(&bad).unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].location.line, 2);
    }
}

//! TOML reading and editing: the only user of the `toml` and `toml_edit` crates.
//!
//! `site.toml`, `content/signatories.toml` and every page's front matter are TOML. A TOML error is
//! only useful to a translator if it points into the file they edit, so this module deserializes a
//! region of a file (the whole file, or the front matter between `+++` lines) and turns toml's
//! byte span, which is relative to the region, into a `path:line:col` of the whole file.
//!
//! `check --mark-current` and `new-locale` write a value into a translator's front matter; that
//! goes through `toml_edit`, which changes the one value and keeps everything else as written:
//! comments, blank lines, the order of keys and how other values are quoted.

use crate::diag::{Code, Diagnostic, Location};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use std::ops::Range;

/// A value with the byte range it came from, relative to the parsed region.
pub(crate) type Spanned<T> = toml::Spanned<T>;

/// Deserializes `text[region]` and reports an error at its place in `text`, the content of `file`.
pub(crate) fn parse<T: DeserializeOwned>(
    file: &str,
    text: &str,
    region: Range<usize>,
) -> Result<T, Diagnostic> {
    toml::from_str(&text[region.clone()]).map_err(|e| {
        let d = syntax_error(file, text, region.start, e.span(), e.message());
        // toml's errors carry a span and a message but no kind to match on, so the one error
        // that gets help is recognised by its text.
        if d.message.contains("duplicate key") {
            d.with_help("each key may appear only once; remove or rename one of them")
        } else {
            d
        }
    })
}

/// A TOML error at byte `span` of the region that starts at `region_start` of `text`.
fn syntax_error(
    file: &str,
    text: &str,
    region_start: usize,
    span: Option<Range<usize>>,
    message: &str,
) -> Diagnostic {
    let offset = region_start + span.map_or(0, |s| s.start);
    Diagnostic::new(
        Code::TomlSyntax,
        Location::at(file, text, offset),
        message.trim().to_string(),
    )
}

/// `text[region]` with its top-level `key` set to the string `value`, every line ending in `\n`.
/// A value already there is replaced where it is written (a comment after it kept, blank space
/// after it dropped); otherwise the key is added after the last top-level key. Nothing else
/// changes.
pub(crate) fn with_string(
    file: &str,
    text: &str,
    region: Range<usize>,
    key: &str,
    value: &str,
) -> Result<String, Diagnostic> {
    let mut doc: toml_edit::DocumentMut =
        text[region.clone()]
            .parse()
            .map_err(|e: toml_edit::TomlError| {
                syntax_error(file, text, region.start, e.span(), e.message())
            })?;
    match doc.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
        Some(old) => {
            let mut decor = old.decor().clone();
            if let Some(suffix) = decor.suffix().and_then(|s| s.as_str()) {
                decor.set_suffix(suffix.trim_end().to_string());
            }
            *old = toml_edit::Value::from(value);
            *old.decor_mut() = decor;
        }
        None => doc[key] = toml_edit::value(value),
    }
    Ok(doc.to_string().replace("\r\n", "\n"))
}

/// A calendar date (`date = 2025-08-12` in front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct Date {
    pub(crate) year: u16,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, for `<time datetime>` and the sitemap.
    pub(crate) fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time) {
            (Some(date), None) => Ok(Date {
                year: date.year,
                month: date.month,
                day: date.day,
            }),
            _ => Err(serde::de::Error::custom(
                "expected a date without a time, like 2025-08-12",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct Fm {
        title: String,
        date: Date,
    }

    #[test]
    fn errors_point_into_the_whole_file() {
        let text = "+++\ntitle = \"x\"\ndate = 2025-13-40\n+++\nbody";
        let err = parse::<Fm>("a.md", text, 4..text.find("+++\nbody").unwrap()).unwrap_err();
        assert_eq!(err.location.to_string(), "a.md:3:8");
    }

    #[test]
    fn dates_must_be_plain_dates() {
        let text = "title = \"x\"\ndate = 2025-08-12";
        let ok: Fm = parse("a.md", text, 0..text.len()).unwrap();
        assert_eq!(
            (ok.title.as_str(), ok.date.iso().as_str()),
            ("x", "2025-08-12")
        );
        let text = "title = \"x\"\ndate = 2025-08-12T10:00:00";
        let err = parse::<Fm>("a.md", text, 0..text.len()).unwrap_err();
        assert!(err.message.contains("without a time"), "{}", err.message);
    }

    #[test]
    fn a_value_is_set_and_everything_else_kept() {
        let set = |text: &str| with_string("a.md", text, 0..text.len(), "source_hash", "ab");
        assert_eq!(
            set("# why\ntitle = 'x'  # single quotes\nsource_hash = \"old\"  # kept\n\n# end\n")
                .unwrap(),
            "# why\ntitle = 'x'  # single quotes\nsource_hash = \"ab\"  # kept\n\n# end\n"
        );
        assert_eq!(
            set("source_hash = \"old\" \r\ntitle = \"x\"\r\n").unwrap(),
            "source_hash = \"ab\"\ntitle = \"x\"\n"
        );
        // A new key goes among the top-level keys, not into a table that follows them.
        assert_eq!(
            set("title = \"x\"\n[extra]\nsource_hash = 1\n").unwrap(),
            "title = \"x\"\nsource_hash = \"ab\"\n[extra]\nsource_hash = 1\n"
        );
        assert_eq!(set("").unwrap(), "source_hash = \"ab\"\n");
        let text = "+++\ntitle = \"x\"\ntitle = \"y\"\n+++\n";
        let err = with_string("a.md", text, 4..text.len() - 4, "k", "v").unwrap_err();
        assert_eq!(err.location.to_string(), "a.md:3:1");
    }

    #[test]
    fn duplicate_keys_get_help() {
        let text = "title = \"a\"\ntitle = \"b\"\ndate = 2025-08-12";
        let err = parse::<Fm>("a.md", text, 0..text.len()).unwrap_err();
        assert_eq!(err.location.line, 2);
        assert!(err.help.is_some());
    }
}

//! TOML reading: the only user of the `toml` crate.
//!
//! `site.toml`, `content/signatories.toml` and every page's front matter are TOML. A TOML error is
//! only useful to a translator if it points into the file they edit, so this module deserializes a
//! region of a file (the whole file, or the front matter between `+++` lines) and turns toml's
//! byte span, which is relative to the region, into a `path:line:col` of the whole file.

use crate::diag::{Code, Diagnostic, Location};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use std::ops::Range;

/// A value with the byte range it came from, relative to the parsed region.
pub type Spanned<T> = toml::Spanned<T>;

/// Deserializes `text[region]` and reports an error at its place in `text`, the content of `file`.
pub fn parse<T: DeserializeOwned>(
    file: &str,
    text: &str,
    region: Range<usize>,
) -> Result<T, Diagnostic> {
    toml::from_str(&text[region.clone()]).map_err(|e| {
        let offset = region.start + e.span().map_or(0, |s| s.start);
        let message = e.message().trim().to_string();
        let mut d = Diagnostic::new(
            Code::TomlSyntax,
            Location::at(file, text, offset),
            message.clone(),
        );
        if message.contains("duplicate key") {
            d = d.with_help("each key may appear only once; remove or rename one of them");
        }
        d
    })
}

/// A calendar date (`date = 2025-08-12` in front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, for `<time datetime>` and the sitemap.
    pub fn iso(&self) -> String {
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
        #[allow(dead_code)]
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
        assert_eq!(ok.date.iso(), "2025-08-12");
        let text = "title = \"x\"\ndate = 2025-08-12T10:00:00";
        let err = parse::<Fm>("a.md", text, 0..text.len()).unwrap_err();
        assert!(err.message.contains("without a time"), "{}", err.message);
    }

    #[test]
    fn duplicate_keys_get_help() {
        let text = "title = \"a\"\ntitle = \"b\"\ndate = 2025-08-12";
        let err = parse::<Fm>("a.md", text, 0..text.len()).unwrap_err();
        assert_eq!(err.location.line, 2);
        assert!(err.help.is_some());
    }
}

//! Diagnostics: the one way content problems are described and printed.
//!
//! Every stage that reads a contributor's file (site.toml, front matter, Markdown, Fluent, Tera
//! templates) reports problems as [`Diagnostic`]s with a [`Location`], and keeps going so that one
//! run shows all of them. Each library reports positions differently (byte ranges, line/column
//! text, nothing at all); they all end up here as a byte offset into the file's text, and
//! [`LineIndex`] is the single helper that turns that offset into `line:col`. Columns count
//! characters, not bytes, so Cyrillic and Crimean Tatar text points at the right place; CRLF and
//! lone CR both end a line.

use serde::Serialize;
use std::fmt;

/// How bad a problem is. `--strict` promotes warnings to errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A place in a file of the site folder; `line` and `col` are 1-based, 0 when unknown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Path relative to the site folder, with `/` separators.
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// The text of the line, for the caret display; not part of the JSON output.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Location {
    /// A location naming a whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            line: 0,
            col: 0,
            source_line: None,
        }
    }

    /// A location at a byte offset of `text`, the full contents of `file`.
    pub fn at(file: impl Into<String>, text: &str, offset: usize) -> Self {
        LineIndex::new(text).location(file, offset)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (0, _) => write!(f, "{}", self.file),
            (l, 0) => write!(f, "{}:{}", self.file, l),
            (l, c) => write!(f, "{}:{}:{}", self.file, l, c),
        }
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: severity: message`, then the source line with a caret and the help, if any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.location, self.severity, self.message)?;
        if let (Some(text), line, col) = (
            &self.location.source_line,
            self.location.line,
            self.location.col,
        ) {
            let gutter = " ".repeat(line.to_string().len());
            write!(f, "\n{gutter} |\n{line} | {text}")?;
            if col > 0 {
                // Tabs keep their width so the caret stays under the right character.
                let pad: String = text
                    .chars()
                    .take(col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{gutter} | {pad}^")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// All problems of a run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// `path:line:col: message` of every diagnostic, for tests and summaries.
    pub fn headlines(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.location, d.message))
            .collect()
    }

    /// Turns warnings into errors (`--strict`).
    pub fn promote_warnings(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = Severity::Error;
        }
    }

    /// Sorts by file, position and message and drops exact repeats (a missing message asked for
    /// by 300 pages is one problem).
    pub fn normalize(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.diagnostics.dedup();
    }
}

/// Line starts of a text, for turning byte offsets into `line:col`.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        if !text.contains('\r') {
            // Every page's Markdown is indexed for its link locations: jump from break to break.
            starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            return LineIndex { text, starts };
        }
        for (i, &c) in bytes.iter().enumerate() {
            match c {
                b'\n' => starts.push(i + 1),
                // The `\n` of a `\r\n` pair ends that line; its `\r` does not.
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex { text, starts }
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        (line + 1, self.text[start..end].chars().count() + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn location(&self, file: impl Into<String>, offset: usize) -> Location {
        let (line, col) = self.line_col(offset);
        Location {
            file: file.into(),
            line,
            col,
            source_line: Some(self.line_text(line).to_string()),
        }
    }

    /// Byte offset of the start of a 1-based line (for libraries that report line numbers).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte offset of a 1-based line and character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let start = self.line_start(line);
        let line_text = &self.text[start..];
        line_text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "title = \"Заява\"\nдата = x\n";
        let idx = LineIndex::new(text);
        let off = text.find('x').unwrap();
        assert_eq!(idx.line_col(off), (2, 8));
        assert_eq!(idx.line_text(2), "дата = x");
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text.find('b').unwrap()), (2, 1));
        assert_eq!(idx.line_col(text.find('c').unwrap()), (3, 1));
        assert_eq!(idx.line_col(text.find('d').unwrap()), (4, 1));
        assert_eq!(idx.line_text(1), "a");
        assert_eq!(idx.offset_of(3, 1), text.find('c').unwrap());
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let idx = LineIndex::new("ab");
        assert_eq!(idx.line_col(99), (1, 3));
    }

    #[test]
    fn display_shows_location_line_caret_and_help() {
        let loc = Location::at("content/uk/index.md", "+++\ntitle = 1\n+++\n", 12);
        let d = Diagnostic::error(loc, "invalid type").with_help("quote the title");
        assert_eq!(
            d.to_string(),
            "content/uk/index.md:2:9: error: invalid type\n  |\n2 | title = 1\n  |         ^\n  = help: quote the title"
        );
    }

    #[test]
    fn normalize_sorts_and_dedups() {
        let mut r = Report::default();
        r.push(Diagnostic::error(Location::file("b"), "x"));
        r.push(Diagnostic::warning(Location::file("a"), "y"));
        r.push(Diagnostic::error(Location::file("b"), "x"));
        r.normalize();
        assert_eq!(r.diagnostics.len(), 2);
        assert_eq!(r.diagnostics[0].location.file, "a");
        assert_eq!((r.errors(), r.warnings()), (1, 1));
    }
}

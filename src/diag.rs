//! Diagnostics: the one way content problems are described and printed.
//!
//! Every stage that reads a contributor's file (site.toml, front matter, Markdown, Fluent, Tera
//! templates) reports problems as [`Diagnostic`]s with a [`Location`], and keeps going so that one
//! run shows all of them. Each library reports positions differently (byte ranges, line/column
//! text, nothing at all); they all end up here as a byte offset into the file's text, and
//! [`LineIndex`] is the single helper that turns that offset into `line:col`. Columns count
//! characters, not bytes, so Cyrillic and Crimean Tatar text points at the right place; CRLF and
//! lone CR both end a line.
//!
//! Long because [`Code`] lists every problem code with the text a user reads, and the rendering of
//! a diagnostic with its source excerpt belongs beside it.

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
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
    /// The text of the line, for the caret display; not part of the JSON output. A long line is
    /// cut to a window around the column, marked with `…`.
    #[serde(skip)]
    pub(crate) source_line: Option<String>,
    /// The caret's 1-based character column in `source_line`, when that is a window of the line;
    /// 0 when `source_line` is the whole line (the caret is then at `col`).
    #[serde(skip)]
    pub(crate) source_col: usize,
}

impl Location {
    /// A location naming a whole file.
    pub(crate) fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            line: 0,
            col: 0,
            source_line: None,
            source_col: 0,
        }
    }

    /// A location at a byte offset of `text`, the full contents of `file`.
    pub(crate) fn at(file: impl Into<String>, text: &str, offset: usize) -> Self {
        // Only the text up to the end of the offset's line is indexed: the top of a long file
        // (where the translation rules report a page) costs its first line, not the file.
        let end = text
            .get(offset..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |i| offset + i + 1);
        LineIndex::new(&text[..end]).location(file, offset)
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

/// Declares [`Code`]: one line per kind of finding (its doc comment, its severity, its stable
/// name), so that adding a kind of finding is adding one line here and one row to the table in
/// TRANSLATING.md (a test compares the two).
macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident: $severity:ident $name:literal, )+) => {
        /// What kind of finding a [`Diagnostic`] is. Its name (`fluent-missing`) is stable: editors
        /// and CI match on it, and it appears in both the human and the JSON output.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) enum Code {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Code {
            /// Every code, in declaration order.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable name printed and serialized.
            pub(crate) fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),+ }
            }

            /// How bad a finding of this kind is (before `--strict`).
            pub(crate) fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),+ }
            }
        }
    };
}

codes! {
    // site.toml, front matter, signatories.toml
    /// A TOML file (site.toml, front matter, signatories.toml) cannot be read: syntax, a wrong
    /// type, a missing or unknown key.
    TomlSyntax: Error "toml-syntax",
    /// `base_url` is not an absolute http(s) address.
    ConfigBaseUrl: Error "config-base-url",
    /// A `[languages.<code>]` table has a code that cannot name folders.
    LanguageCodeInvalid: Error "language-code-invalid",
    /// A language's `tag` is not a valid BCP 47 tag.
    LanguageTagInvalid: Error "language-tag-invalid",
    /// A language's `dir` is neither `ltr` nor `rtl`.
    ConfigDir: Error "config-dir",
    /// A fallback, `default_language` or `source_language` names a language the site lacks.
    LanguageUnknown: Error "language-unknown",
    /// A language's `digit_separator` is not one zaklyk can write.
    ConfigDigitSeparator: Error "config-digit-separator",
    /// A language's `plural_rules` names a locale CLDR has no rules for.
    PluralRulesUnknown: Error "plural-rules-unknown",
    /// The site's `name` cannot name download files.
    ConfigName: Error "config-name",
    /// A `mirrors` address is not an absolute http(s) address, or repeats `base_url` or another
    /// mirror.
    ConfigMirror: Error "config-mirror",
    /// `onion` is not the address of a version 3 onion service.
    ConfigOnion: Error "config-onion",
    /// An `allowed_origins` entry is not an http(s) origin, or is the site's own or listed twice.
    ConfigAllowedOrigin: Error "config-allowed-origin",
    /// A `[theme]` setting is not a colour, or not a file of `theme/static/`.
    ConfigTheme: Error "config-theme",
    /// A `[theme]` colour reads badly on the page's background (WCAG AA asks for 4.5:1).
    ThemeContrast: Warning "theme-contrast",
    /// CLDR has no plural rules for a language and `plural_rules` does not say which to borrow.
    PluralRulesMissing: Warning "plural-rules-missing",
    /// A declared language has no `content/<lang>/` or no `locales/<lang>/` folder.
    LanguageFolderMissing: Error "language-folder-missing",
    /// A folder of `content/` or `locales/` belongs to no language of site.toml.
    LanguageUndeclared: Warning "language-undeclared",

    // The site folder's files
    /// A file where zaklyk reads nothing; it is ignored.
    FileIgnored: Warning "file-ignored",
    /// A symbolic link leads out of the site folder.
    SymlinkOutside: Error "symlink-outside",
    /// A symbolic link leads into the site folder but not to its sources (`.git/`, `dist/`, a
    /// signing key beside site.toml).
    SymlinkPrivate: Error "symlink-private",
    /// A symbolic link leads to nothing.
    SymlinkDangling: Error "symlink-dangling",
    /// Symbolic links form a loop, or lead back to a folder that contains them.
    SymlinkLoop: Error "symlink-loop",
    /// A symbolic link gives a folder that is already read a second name.
    SymlinkRepeated: Error "symlink-repeated",
    /// A named pipe, socket or device where zaklyk reads files.
    FileSpecial: Error "file-special",
    /// A secret signing key in a folder that is published.
    SecretKeyPublished: Error "secret-key-published",
    /// A text file is not UTF-8.
    EncodingInvalid: Error "encoding-invalid",
    /// A text file is larger than zaklyk reads.
    FileTooLarge: Error "file-too-large",
    /// Two content files differ only in the case of their names.
    FileNameCase: Error "file-name-case",
    /// A content file's name cannot become a page address.
    FileNameInvalid: Error "file-name-invalid",
    /// The source language has no `index.md`, the statement.
    SourceIndexMissing: Error "source-index-missing",
    /// A content page would be written where the site writes something of its own (the
    /// demands' pages, the updates, the share card).
    PageAddressReserved: Error "page-address-reserved",

    // Pages
    /// Front matter is written between `---` lines (YAML) instead of `+++` (TOML).
    FrontMatterYaml: Error "front-matter-yaml",
    /// A page has no front matter.
    FrontMatterMissing: Error "front-matter-missing",
    /// Front matter has no closing `+++` line.
    FrontMatterUnclosed: Error "front-matter-unclosed",
    /// Front matter has no `title`.
    FrontMatterTitle: Error "front-matter-title",
    /// A translated page lacks a front-matter field that the source page has.
    FrontMatterField: Warning "front-matter-field",
    /// Content has raw HTML and the site does not allow it.
    HtmlInContent: Error "html-in-content",
    /// A heading's `{…}` holds something other than an `#id` and `.class` names.
    HeadingAttribute: Error "heading-attribute",
    /// Markdown nests blocks, list items, emphasis, links or raw HTML elements deeper than zaklyk
    /// renders.
    MarkdownNesting: Error "markdown-nesting",
    /// An address whose scheme is never allowed: one that runs code (`javascript:`,
    /// `vbscript:`), anywhere; `data:` as a link or a frame.
    LinkScheme: Error "link-scheme",
    /// A link leads to a page or file the site does not have.
    LinkBroken: Error "link-broken",
    /// A relative link climbs out of the site.
    LinkOutside: Error "link-outside",
    /// A link's `#anchor` names no element of its target.
    LinkAnchor: Error "link-anchor",
    /// Content, a template, a stylesheet or a published file would make readers' browsers load
    /// something from another origin (the site's own domain written absolutely included).
    OriginExternal: Error "origin-external",
    /// A source page has no translation in a language; readers see a fallback.
    PageMissing: Warning "page-missing",
    /// A translated page's text is the same as the source's.
    PageUntranslated: Warning "page-untranslated",
    /// The source page changed since the translation was made.
    PageOutdated: Warning "page-outdated",
    /// A translated page has no `source_hash`, so whether it is current is unknown.
    PageUnmarked: Warning "page-unmarked",
    /// A post of `updates/` has no `date`, so it has no place in the list or the feed.
    PostDateMissing: Error "post-date-missing",

    // What a published file would make a browser do (the output scan)
    /// A `<link>` whose `rel` fetches (`stylesheet`, `icon`, `preconnect`, `dns-prefetch`,
    /// `preload` …) points to another origin, or an `<?xml-stylesheet?>` does.
    LinkFetchesExternal: Error "link-fetches-external",
    /// A `<meta http-equiv="refresh">` sends readers to another site, or where it sends them
    /// cannot be read for certain.
    RefreshExternal: Error "refresh-external",
    /// A `<script>`, or an XSLT stylesheet: published pages run no code.
    ScriptRefused: Error "script-refused",
    /// An event-handler attribute (`onload`, `onerror` …) or an animation of one.
    HandlerRefused: Error "handler-refused",
    /// `<base>` or `xml:base`, which change where every relative address leads.
    BaseRefused: Error "base-refused",
    /// An encoding other than UTF-8 is declared (`<meta charset>`, `@charset`, `encoding=`,
    /// `charset=` anywhere), or a scanned file is not UTF-8.
    CharsetRefused: Error "charset-refused",
    /// A stylesheet of the site that is not a `.css` file.
    StylesheetNotCss: Error "stylesheet-not-css",
    /// Markup that browsers read differently depending on where it is (raw text after `<svg>`
    /// that opens a tag or a character reference, CDATA in HTML, `<noscript>`, XML that is not
    /// well-formed).
    MarkupAmbiguous: Error "markup-ambiguous",
    /// Markup zaklyk does not publish: `srcdoc`, `<foreignObject>`, `rel="manifest"`, a DOCTYPE
    /// with declarations, an `http-equiv` that changes how the page loads, a `data:` document.
    MarkupRefused: Error "markup-refused",
    /// A file of `theme/static/` has the path of a file zaklyk makes (or of `download/`).
    StaticReplacesGenerated: Error "static-replaces-generated",
    /// A file of `theme/static/` is of a kind zaklyk cannot check (`.js`, `.pdf`, `.zip` …), or a
    /// text file holds markup.
    StaticTypeRefused: Error "static-type-refused",

    // Demands and signatories
    /// `demands.md` holds something other than one numbered list.
    DemandsNotList: Error "demands-not-list",
    /// A demand's number is not the one its place calls for: repeated, out of order, skipped in
    /// the source, not in the source, or another demand's number.
    DemandNumbering: Error "demand-numbering",
    /// A demand of the source is missing in the middle of a translation's list.
    DemandMissing: Error "demand-missing",
    /// Demands of the source are not translated: the language has no `demands.md`, or its list
    /// ends without demands the source gained. Readers see them in another language.
    DemandsUntranslated: Warning "demands-untranslated",
    /// A translated demand's text is the same as the source's, beyond names and numbers.
    DemandUntranslated: Warning "demand-untranslated",
    /// The source's statement places its demands with `<!-- demands -->` and a translation's
    /// does not, so its demands come after the whole text.
    DemandsMarkerMissing: Warning "demands-marker-missing",
    /// A signatory id is not lowercase letters, digits and `-`.
    SignatoryId: Error "signatory-id",
    /// A signatory id appears twice.
    SignatoryDuplicate: Error "signatory-duplicate",
    /// A signatory url is not an absolute http(s) address.
    SignatoryUrl: Error "signatory-url",
    /// A signatory has no name (`signatory-<id>`) in a language or along its fallback chain;
    /// readers would see its raw id.
    SignatoryNameMissing: Error "signatory-name-missing",
    /// A `signatory-<id>` message names no signatory of `signatories.toml`; it is never shown.
    SignatoryNameUnused: Warning "signatory-name-unused",

    // Fluent
    /// An `.ftl` file does not parse.
    FluentSyntax: Error "fluent-syntax",
    /// A message or term is defined twice in one language; only the first is used.
    FluentDuplicate: Error "fluent-duplicate",
    /// A message of the source language is not translated (or only commented out); readers see
    /// a fallback.
    FluentMissing: Warning "fluent-missing",
    /// A translated message's text is the same as the source's, beyond names and numbers.
    FluentUntranslated: Warning "fluent-untranslated",
    /// A translated message is not in the source language, so nothing shows it.
    FluentObsolete: Warning "fluent-obsolete",
    /// The source message changed since the translation was made.
    FluentOutdated: Warning "fluent-outdated",
    /// A translation has no value where the source message has one.
    FluentValueMissing: Error "fluent-value-missing",
    /// A translation has a value where the source message has only attributes.
    FluentValueObsolete: Warning "fluent-value-obsolete",
    /// A translation lacks an attribute of the source message; readers see a fallback.
    AttributeMissing: Warning "attribute-missing",
    /// A translation has an attribute the source message does not have.
    AttributeObsolete: Warning "attribute-obsolete",
    /// An attribute is defined twice in one message; only the first is used.
    AttributeDuplicate: Warning "attribute-duplicate",
    /// A translation uses a `$variable` that its source text does not have (often a typo).
    VariableUnknown: Error "variable-unknown",
    /// A translation does not use a `$variable` that its source text uses.
    VariableUnused: Warning "variable-unused",
    /// A message refers to a message, term or attribute its language does not define.
    ReferenceUnknown: Error "reference-unknown",
    /// A plural select lacks a variant for a category its language distinguishes.
    PluralCategoryMissing: Warning "plural-category-missing",
    /// Two variants of one select have the same key; only the first is used.
    VariantDuplicate: Warning "variant-duplicate",
    /// A translated string holds tag-like text or a character reference; readers would see it
    /// literally.
    MarkupInTranslation: Error "markup-in-translation",
    /// A template asks for a message that no language of the fallback chain defines.
    FluentUndefined: Error "fluent-undefined",
    /// A template of the built-in theme asks for a message the site's files lack; the built-in
    /// theme's own text is shown.
    FluentBuiltIn: Warning "fluent-built-in",
    /// A message cannot be formatted (an unknown reference, a cycle, a variable not passed).
    FluentFormat: Error "fluent-format",
    /// Placeables, selects or call arguments nest deeper than zaklyk reads.
    FluentNesting: Error "fluent-nesting",
    /// A message would expand, through the messages and terms it refers to, to more text or more
    /// placeables than zaklyk formats.
    FluentExpansion: Error "fluent-expansion",

    // Templates
    /// A template does not parse.
    TemplateSyntax: Error "template-syntax",
    /// A template (or one it extends or includes) does not exist.
    TemplateMissing: Error "template-missing",
    /// A template fails while rendering a page.
    TemplateRender: Error "template-render",
    /// A template includes itself or a macro calls itself, without end.
    TemplateRecursion: Error "template-recursion",
    /// A template calls a function that would publish the environment or make the output differ
    /// from run to run (`get_env`, `now`, `get_random`).
    TemplateFunctionRefused: Error "template-function-refused",
    /// A template loops over more items than zaklyk renders.
    TemplateRange: Error "template-range",
    /// Tags, expressions, or chains of `extends`, `include` and macro calls nest deeper than
    /// zaklyk renders.
    TemplateNesting: Error "template-nesting",
    /// Rendering one page takes more steps (loop iterations, calls) than zaklyk allows a page.
    TemplateSteps: Error "template-steps",
    /// Rendering one page makes more text than zaklyk allows a page.
    TemplateBytes: Error "template-bytes",
    /// A rendered page is larger than zaklyk publishes.
    PageTooLarge: Error "page-too-large",
    /// A rendered page nests elements deeper than zaklyk publishes.
    PageNesting: Error "page-nesting",
    /// A stylesheet nests blocks, functions or brackets deeper than zaklyk minifies.
    CssNesting: Error "css-nesting",

    // Share cards
    /// The share card's SVG (the theme's `card.svg`, filled in) cannot be drawn.
    CardSvgInvalid: Error "card-svg-invalid",
    /// A file of `theme/fonts/` is not a font cards can be drawn with.
    CardFontInvalid: Error "card-font-invalid",
    /// A card's text has a character that none of the card fonts has.
    CardGlyphMissing: Error "card-glyph-missing",

    // The environment
    /// The site could not be read or built at all (shown by `serve`'s error page).
    BuildFailed: Error "build-failed",
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub(crate) code: Code,
    /// Boxed: a diagnostic travels in `Result`s and lists, and stays small that way.
    #[serde(flatten)]
    pub(crate) location: Box<Location>,
    pub(crate) message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) help: Option<String>,
    /// What the finding is about (an address, an element), for findings that can be found twice
    /// (where written and in the output): the same subject is the same problem. Kept as a 32-bit hash
    /// ([`Diagnostic::subject_of`]) in what would be padding: two subjects that share a hash can
    /// only hide a repeat of a problem already reported, never let a build through.
    #[serde(skip)]
    pub(crate) subject: Option<std::num::NonZeroU32>,
}

impl Diagnostic {
    /// A finding of kind `code`, with the severity that kind has.
    pub(crate) fn new(code: Code, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            location: Box::new(location),
            message: message.into(),
            help: None,
            subject: None,
        }
    }

    pub(crate) fn with_subject(mut self, subject: &str) -> Self {
        self.subject = Some(Diagnostic::subject_of(subject));
        self
    }

    /// The hash a subject is kept as (the same in every run).
    pub(crate) fn subject_of(subject: &str) -> std::num::NonZeroU32 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        subject.hash(&mut hasher);
        std::num::NonZeroU32::new(hasher.finish() as u32).unwrap_or(std::num::NonZeroU32::MIN)
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: severity: message [code]`, then the source line with a caret and the help,
    /// if any. The code goes last, as GCC and Clang print theirs, so that editors' patterns for
    /// `path:line:col: error: message` still match.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} [{}]",
            self.location, self.severity, self.message, self.code
        )?;
        let caret = match self.location.source_col {
            0 => self.location.col,
            window => window,
        };
        if let (Some(text), line, col) = (&self.location.source_line, self.location.line, caret) {
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

/// A diagnostic is an error value too: where a verb meets one as an environment error (a file
/// it writes itself, `init`'s and `new-locale`'s drafts), `?` carries it and it prints as always.
impl std::error::Error for Diagnostic {}

/// All problems of a run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub(crate) fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub(crate) fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// `path:line:col: message` of every diagnostic, for tests.
    #[cfg(test)]
    pub(crate) fn headlines(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.location, d.message))
            .collect()
    }

    /// Turns warnings into errors (`--strict`).
    pub(crate) fn promote_warnings(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = Severity::Error;
        }
    }

    /// Sorts by file, position and message and drops exact repeats (a missing message asked for
    /// by 300 pages is one problem).
    pub(crate) fn normalize(&mut self) {
        // A total order: the same findings come out in the same order however they were found.
        self.diagnostics.sort_by(|a, b| {
            (&a.location, a.severity, &a.message, a.code, &a.help).cmp(&(
                &b.location,
                b.severity,
                &b.message,
                b.code,
                &b.help,
            ))
        });
        self.diagnostics.dedup();
    }
}

/// Line starts of a text, for turning byte offsets into `line:col`.
///
/// Every operation costs the same whatever the length of the text and of its lines: a 10 MiB
/// file on one line, with a hundred thousand links, gets a hundred thousand locations in linear
/// time. Columns on long lines are counted from checkpoints, and a long line is shown as a
/// window around the column.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Characters before every `CHECKPOINT`-th byte, made when a column is first asked for far
    /// from its line's start.
    checkpoints: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes between two column checkpoints.
const CHECKPOINT: usize = 1024;

/// Characters of a line shown on each side of the column when the line is too long to show.
const WINDOW_CHARS: usize = 80;

/// Lines up to this many bytes are shown whole.
const WHOLE_LINE_BYTES: usize = 1000;

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        if !text.contains('\r') {
            // Every page's Markdown is indexed for its link locations: jump from break to break.
            starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        } else {
            for (i, &c) in bytes.iter().enumerate() {
                match c {
                    b'\n' => starts.push(i + 1),
                    // The `\n` of a `\r\n` pair ends that line; its `\r` does not.
                    b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                    _ => {}
                }
            }
        }
        LineIndex {
            text,
            starts,
            checkpoints: std::sync::OnceLock::new(),
        }
    }

    /// Characters in `text[..end]` (`end` may fall inside a character: the bytes that start a
    /// character are counted).
    fn chars_before(&self, end: usize) -> usize {
        let starts_char = |b: &u8| (*b & 0xC0) != 0x80;
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut out = vec![0];
            for chunk in self.text.as_bytes().chunks(CHECKPOINT) {
                out.push(out[out.len() - 1] + chunk.iter().filter(|b| starts_char(b)).count());
            }
            out
        });
        let k = end / CHECKPOINT;
        checkpoints[k]
            + self.text.as_bytes()[k * CHECKPOINT..end]
                .iter()
                .filter(|b| starts_char(b))
                .count()
    }

    /// Characters between two byte offsets (on character boundaries).
    fn chars_between(&self, from: usize, to: usize) -> usize {
        if to - from <= 2 * CHECKPOINT {
            self.text[from..to].chars().count()
        } else {
            self.chars_before(to) - self.chars_before(from)
        }
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        (line + 1, self.chars_between(start, end) + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub(crate) fn location(&self, file: impl Into<String>, offset: usize) -> Location {
        let (line, col) = self.line_col(offset);
        let text = self.line_text(line);
        let (source_line, source_col) = if text.len() <= WHOLE_LINE_BYTES {
            (text.to_string(), 0)
        } else {
            window(text, offset.min(self.text.len()) - self.starts[line - 1])
        };
        Location {
            file: file.into(),
            line,
            col,
            source_line: Some(source_line),
            source_col,
        }
    }
    /// Byte offset of the start of a 1-based line (for libraries that report line numbers).
    pub(crate) fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte offset of a 1-based line and character column.
    pub(crate) fn offset_of(&self, line: usize, col: usize) -> usize {
        let start = self.line_start(line);
        let line_text = &self.text[start..];
        line_text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

/// A window of a long line around the byte offset `at` (within the line): the text shown, with
/// `…` where the line goes on, and the caret's 1-based column in it.
fn window(line: &str, at: usize) -> (String, usize) {
    let mut at = at.min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    let start = line[..at]
        .char_indices()
        .rev()
        .nth(WINDOW_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let end = line[at..]
        .char_indices()
        .nth(WINDOW_CHARS)
        .map_or(line.len(), |(i, _)| at + i);
    let mut shown = String::new();
    let mut caret = line[start..at].chars().count() + 1;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.push_str(&line[start..end]);
    if end < line.len() {
        shown.push('…');
    }
    (shown, caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_is_an_error_that_prints_as_itself() {
        let d = Diagnostic::new(
            Code::TomlSyntax,
            Location::at("a.toml", "x = ", 4),
            "no value",
        );
        let e: anyhow::Error = d.clone().into();
        assert_eq!(e.to_string(), d.to_string());
        assert!(e
            .to_string()
            .starts_with("a.toml:1:5: error: no value [toml-syntax]"));
        assert_eq!(e.downcast_ref::<Diagnostic>(), Some(&d));
    }

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
    fn a_long_line_is_shown_as_a_window_with_the_caret_in_place() {
        let line = format!(
            "{}Заява [x](y) {}",
            "слово ".repeat(2000),
            "кінець ".repeat(2000)
        );
        let offset = line.find("[x]").unwrap();
        let idx = LineIndex::new(&line);
        let at = idx.location("a.md", offset);
        assert_eq!((at.line, at.col), (1, 12_007));
        let d = Diagnostic::new(Code::LinkBroken, at, "x");
        let shown = d.to_string();
        let mut lines = shown.lines().skip(2);
        let text = lines.next().unwrap().trim_start_matches("1 | ");
        let caret = lines.next().unwrap().trim_start_matches("  | ");
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert_eq!(text.chars().count(), 2 * WINDOW_CHARS + 2);
        let under: String = text.chars().skip(caret.len() - 1).take(3).collect();
        assert_eq!(under, "[x]");
        // Columns far into a line come from checkpoints and agree with counting.
        for offset in [0, 5, CHECKPOINT + 1, 3 * CHECKPOINT + 7, line.len()] {
            let mut o = offset;
            while !line.is_char_boundary(o) {
                o -= 1;
            }
            assert_eq!(idx.line_col(offset).1, line[..o].chars().count() + 1);
        }
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let idx = LineIndex::new("ab");
        assert_eq!(idx.line_col(99), (1, 3));
    }

    #[test]
    fn display_shows_location_line_caret_and_help() {
        let loc = Location::at("content/uk/index.md", "+++\ntitle = 1\n+++\n", 12);
        let d = Diagnostic::new(Code::TomlSyntax, loc, "invalid type").with_help("quote the title");
        assert_eq!(
            d.to_string(),
            "content/uk/index.md:2:9: error: invalid type [toml-syntax]\n  |\n2 | title = 1\n  |         ^\n  = help: quote the title"
        );
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"], "toml-syntax");
        assert_eq!(json["severity"], "error");
        assert_eq!(
            (json["line"].as_u64(), json["col"].as_u64()),
            (Some(2), Some(9))
        );
    }

    #[test]
    fn codes_are_unique_kebab_case_names() {
        let names: std::collections::BTreeSet<&str> =
            Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), Code::ALL.len(), "two codes share a name");
        for name in names {
            assert!(
                name.split('-')
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
                "{name}"
            );
        }
        assert_eq!(Code::FluentMissing.severity(), Severity::Warning);
        assert_eq!(Code::MarkupInTranslation.severity(), Severity::Error);
    }

    /// TRANSLATING.md's table of codes lists every code, with the severity it has, and no other.
    #[test]
    fn translating_md_documents_every_code() {
        let doc = include_str!("../TRANSLATING.md");
        let rows: std::collections::BTreeMap<&str, &str> = doc
            .lines()
            .filter_map(|l| {
                let mut cells = l.strip_prefix("| `")?.splitn(2, '`');
                let code = cells.next()?;
                let severity = cells.next()?.trim_start_matches(" |").split('|').next()?;
                Some((code, severity.trim()))
            })
            .collect();
        for code in Code::ALL {
            assert_eq!(
                rows.get(code.as_str()).copied(),
                Some(code.severity().to_string().as_str()),
                "TRANSLATING.md has no row `| `{code}` | {} | … |`",
                code.severity()
            );
        }
        assert_eq!(
            rows.len(),
            Code::ALL.len(),
            "TRANSLATING.md lists codes that do not exist"
        );
    }

    #[test]
    fn normalize_sorts_and_dedups() {
        let mut r = Report::default();
        r.push(Diagnostic::new(Code::LinkBroken, Location::file("b"), "x"));
        r.push(Diagnostic::new(Code::FileIgnored, Location::file("a"), "y"));
        r.push(Diagnostic::new(Code::LinkBroken, Location::file("b"), "x"));
        r.normalize();
        assert_eq!(r.diagnostics.len(), 2);
        assert_eq!(r.diagnostics[0].location.file, "a");
        assert_eq!((r.errors(), r.warnings()), (1, 1));
    }
}

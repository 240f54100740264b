//! Stage 1: read the site folder into memory ([`Sources`]), and nothing else.
//!
//! All of a build's input I/O happens here, once, in a sorted order, so that the later stages are
//! pure functions of data (easy to test, to run in parallel, to re-run in `serve`). Files are
//! decoded here too: text must be UTF-8 (a located error says where it is not), a UTF-8 byte-order
//! mark is dropped, a lone CR (a classic Mac line ending, which TOML does not accept) becomes LF,
//! one byte for one so every location stays where it was, and CRLF is left alone (locations
//! handle it).

use crate::diag::{Code, Diagnostic, Location, Report};
use crate::fs;
use crate::fs::{Lookup, Refused};
use crate::project::{Project, CONFIG_FILE};
use anyhow::Result;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// A text file of the site folder.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// Path relative to the site folder, with `/` (as shown in messages).
    pub path: String,
    pub text: String,
}

/// A Markdown file of `content/<lang>/`.
#[derive(Debug, Clone)]
pub struct ContentFile {
    pub lang: String,
    /// `index`, `about`, `news/first` (path below `content/<lang>/` without `.md`).
    pub slug: String,
    pub file: TextFile,
}

/// A file copied to the output as it is (or minified, for CSS).
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path below `theme/static/`, with `/`: also its path in the output.
    pub rel: String,
    pub(crate) bytes: Vec<u8>,
}

/// Everything a build reads.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub config: Option<TextFile>,
    pub content: Vec<ContentFile>,
    pub signatories: Option<TextFile>,
    pub locales: Vec<LocaleFile>,
    /// `theme/templates/*` of the site; the embedded default theme fills the gaps.
    pub templates: Vec<TextFile>,
    pub statics: Vec<StaticFile>,
    /// `theme/fonts/*`: the fonts of share cards, never published.
    pub fonts: Vec<crate::load::FontFile>,
    /// Languages with a `content/<lang>/updates/` folder (even one holding only its README.md).
    pub updates_langs: BTreeSet<String>,
    /// Languages with a `content/<lang>/` folder, even if none of its files could be read.
    pub content_langs: BTreeSet<String>,
    /// Languages with a `locales/<lang>/` folder, even if none of its files could be read.
    pub locale_langs: BTreeSet<String>,
    /// Names of `content/` that are there but could not be read (refused links, not UTF-8, too
    /// large), relative to the site folder: reported here, so the rules say nothing about their
    /// absence.
    pub unreadable: BTreeSet<String>,
    /// Paths of the pages of `content` that were not read because the last good build's parsed
    /// page is kept (`serve`, see [`Unchanged`]): their text is left empty here.
    pub(crate) kept: HashSet<String>,
    /// The names found in `content/`, for a next load that knows none was added or removed
    /// (`serve`).
    pub(crate) listing: Option<Arc<fs::Walk>>,
}

/// Which pages are known not to have changed since an earlier load, by path relative to the
/// site folder (`serve`, see [`crate::incremental`]): they are neither read nor parsed again.
pub(crate) type Unchanged = Option<Box<dyn Fn(&str) -> bool + Send + Sync>>;

/// Reads the site folder. I/O failures are errors; content problems (not UTF-8, a link leading
/// out of the site folder) are collected in the report.
///
/// Everything is read through [`fs::Confined`], whose one rule keeps every read inside the site
/// folder's sources, whatever symbolic links it holds; each name it refuses becomes an error here.
///
/// The texts of `unchanged` pages are taken as they are; every other file is read. `listing`,
/// when given, is what a walk of `content/` found earlier, since when no name was added, removed
/// or renamed there: it is taken rather than listing the folder again.
pub(crate) fn load_reusing(
    project: &Project,
    unchanged: Unchanged,
    listing: Option<Arc<fs::Walk>>,
) -> Result<(Sources, Report)> {
    let mut report = Report::default();
    let mut sources = Sources::default();
    let site = project.confined()?;

    match site.file(CONFIG_FILE)? {
        Lookup::Found(file) => sources.config = read_text(&site, &file, &mut report)?,
        Lookup::Refused(refused) => report.push(refused.diagnostic()),
        Lookup::Missing => {}
    }
    load_content(&site, unchanged, listing, &mut sources, &mut report)?;
    load_locales(&site, &mut sources, &mut report)?;
    for file in walk(&site, "theme/templates", &mut report)? {
        if let Some(text) = read_text(&site, &file, &mut report)? {
            sources.templates.push(text);
        }
    }
    load_statics(&site, &mut sources, &mut report)?;
    load_fonts(&site, &mut sources, &mut report)?;
    Ok((sources, report))
}

/// `locales/` alone: the `.ftl` files of each language, for a rebuild in which nothing else
/// changed (`serve`).
pub(crate) fn load_strings(project: &Project) -> Result<(Vec<LocaleFile>, Report)> {
    let mut report = Report::default();
    let mut sources = Sources::default();
    load_locales(&project.confined()?, &mut sources, &mut report)?;
    Ok((sources.locales, report))
}

/// `content/`: the pages of each language (read in parallel) and `signatories.toml`.
fn load_content(
    site: &fs::Confined,
    unchanged: Unchanged,
    listing: Option<Arc<fs::Walk>>,
    sources: &mut Sources,
    report: &mut Report,
) -> Result<()> {
    let content = listing.map_or_else(|| site.walk("content").map(Arc::new), Ok)?;
    sources.listing = Some(content.clone());
    let mut pages = Vec::with_capacity(content.files.len());
    report.extend(content.refused.iter().map(Refused::diagnostic));
    sources
        .unreadable
        .extend(content.refused.iter().map(|r| r.at.clone()));
    for file in &content.files {
        let rel = &file.rel["content/".len()..];
        if rel == "signatories.toml" {
            sources.signatories = read_text(site, file, report)?;
            if sources.signatories.is_none() {
                sources.unreadable.insert(file.rel.clone());
            }
            continue;
        }
        let Some((lang, rest)) = rel.split_once('/') else {
            report.push(Diagnostic::new(
                Code::FileIgnored,
                Location::file(&file.rel),
                "ignored: content/ holds one folder per language and signatories.toml",
            ));
            continue;
        };
        sources.content_langs.insert(lang.to_string());
        if let Some(post) = rest.strip_prefix(crate::urls::UPDATES_FOLDER) {
            sources.updates_langs.insert(lang.to_string());
            // The folder's README.md says how to write a post; it is not one.
            if post == "README.md" {
                continue;
            }
        }
        let Some(slug) = rest.strip_suffix(".md") else {
            report.push(Diagnostic::new(
                Code::FileIgnored,
                Location::file(&file.rel),
                "ignored: only Markdown (.md) files are read from content/<lang>/",
            ));
            continue;
        };
        pages.push((file, lang.to_string(), slug.to_string()));
    }
    read_pages(site, &pages, unchanged, sources, report)
}

/// The pages' texts: those of `unchanged` left empty (the parsed page is kept), the others read
/// (in parallel: pages are most of a site's files). A page that is a link is read again: a save
/// names the file the link leads to.
fn read_pages(
    site: &fs::Confined,
    pages: &[(&fs::SiteFile, String, String)],
    unchanged: Unchanged,
    sources: &mut Sources,
    report: &mut Report,
) -> Result<()> {
    let kept: Vec<bool> = pages
        .iter()
        .map(|(f, _, _)| !f.linked && unchanged.as_ref().is_some_and(|kept| kept(&f.rel)))
        .collect();
    let files: Vec<&fs::SiteFile> = pages
        .iter()
        .zip(&kept)
        .filter(|(_, kept)| !**kept)
        .map(|((f, _, _), _)| *f)
        .collect();
    let mut read = site.read_many(&files, MAX_TEXT_BYTES)?.into_iter();
    sources.content.reserve(pages.len());
    for ((file, lang, slug), kept) in pages.iter().zip(kept) {
        let text = match kept {
            true => {
                sources.kept.insert(file.rel.clone());
                let path = file.rel.clone();
                Some(TextFile {
                    path,
                    text: String::new(),
                })
            }
            false => match read.next().flatten() {
                Some(bytes) => decode(file, bytes, report),
                None => {
                    too_large(TEXT_FILE, file, report)?;
                    None
                }
            },
        };
        match text {
            Some(text) => sources.content.push(ContentFile {
                lang: lang.clone(),
                slug: slug.clone(),
                file: text,
            }),
            None => {
                sources.unreadable.insert(file.rel.clone());
            }
        }
    }
    Ok(())
}

/// `locales/`: the `.ftl` files of each language.
fn load_locales(site: &fs::Confined, sources: &mut Sources, report: &mut Report) -> Result<()> {
    for file in walk(site, "locales", report)? {
        let rel = &file.rel["locales/".len()..];
        if let Some((lang, _)) = rel.split_once('/') {
            sources.locale_langs.insert(lang.to_string());
        }
        match rel.split_once('/') {
            Some((lang, name)) if name.ends_with(".ftl") && !name.contains('/') => {
                if let Some(text) = read_text(site, &file, report)? {
                    sources.locales.push(LocaleFile {
                        lang: lang.to_string(),
                        path: text.path,
                        text: text.text,
                    });
                }
            }
            _ => report.push(Diagnostic::new(
                Code::FileIgnored,
                Location::file(&file.rel),
                "ignored: locales/ holds one folder per language with .ftl files",
            )),
        }
    }
    Ok(())
}

/// `theme/static/`: copied as they are, but a secret signing key is refused.
fn load_statics(site: &fs::Confined, sources: &mut Sources, report: &mut Report) -> Result<()> {
    for file in walk(site, "theme/static", report)? {
        let Some(bytes) = site.read(&file, crate::limits::STATIC_BYTES)? else {
            too_large(STATIC_FILE, &file, report)?;
            continue;
        };
        if crate::signing::is_secret_key(&file.rel, &bytes) {
            report.push(
                Diagnostic::new(
                    Code::SecretKeyPublished,
                    Location::file(&file.rel),
                    "this is a secret signing key: publishing it would let anyone sign copies of the site",
                )
                .with_help("move it out of the site folder (and out of the repository); only zaklyk-signing.pub may be published"),
            );
            continue;
        }
        sources.statics.push(StaticFile {
            rel: file.rel["theme/static/".len()..].to_string(),
            bytes,
        });
    }
    Ok(())
}

/// `theme/fonts/`: the fonts the share cards are drawn with.
fn load_fonts(site: &fs::Confined, sources: &mut Sources, report: &mut Report) -> Result<()> {
    for file in walk(site, "theme/fonts", report)? {
        let name = file.rel.to_ascii_lowercase();
        if name.ends_with(".md") || name.ends_with(".txt") {
            // The fonts' README and licence.
            continue;
        }
        if let Some(bytes) = site.read(&file, MAX_FONT_BYTES)? {
            sources.fonts.push(crate::load::FontFile {
                path: file.rel.clone(),
                bytes,
            });
        } else {
            report.push(Diagnostic::new(
                Code::CardFontInvalid,
                Location::file(&file.rel),
                format!(
                    "font is {} MiB; zaklyk reads fonts of up to {} MiB",
                    fs::file_size(&file.path)?.div_ceil(1 << 20),
                    MAX_FONT_BYTES >> 20
                ),
            ));
        }
    }
    Ok(())
}

/// The largest font file read (a whole CJK font is some 20 MiB).
const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The text files below one folder of the site (`locales/en`), read by the same rule as a build,
/// for the verbs that edit the site (`new-locale`, `check --mark-current`): a refused name or a
/// file that is not UTF-8 text is an error.
pub(crate) fn read_texts(project: &Project, rel: &str) -> Result<Vec<TextFile>> {
    let site = project.confined()?;
    let walk = site.walk(rel)?;
    if let Some(refused) = walk.refused.first() {
        anyhow::bail!("{}", refused.diagnostic());
    }
    walk.files
        .iter()
        .map(|file| read_text_or_fail(&site, file))
        .collect()
}

/// `site.toml`'s text, read by the same rule as a build, for the verbs that edit the site.
pub(crate) fn read_config(project: &Project) -> Result<TextFile> {
    let site = project.confined()?;
    match site.file(CONFIG_FILE)? {
        Lookup::Found(file) => read_text_or_fail(&site, &file),
        Lookup::Refused(refused) => anyhow::bail!("{}", refused.diagnostic()),
        Lookup::Missing => anyhow::bail!(
            "`{}` has no site.toml; is it a site folder?",
            project.root.display()
        ),
    }
}

fn read_text_or_fail(site: &fs::Confined, file: &fs::SiteFile) -> Result<TextFile> {
    let mut report = Report::default();
    match read_text(site, file, &mut report)? {
        Some(text) => Ok(text),
        None => anyhow::bail!("{}", report.diagnostics[0]),
    }
}

/// The files of one of the site's folders; what the containment rule refuses is reported.
fn walk(site: &fs::Confined, rel: &str, report: &mut Report) -> Result<Vec<fs::SiteFile>> {
    let walk = site.walk(rel)?;
    report.extend(walk.refused.iter().map(Refused::diagnostic));
    Ok(walk.files)
}

/// UTF-8 text without a byte-order mark, or a located error.
pub fn decode_text(path: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            // Classic Mac line endings (a lone CR) become LF: TOML does not accept them, and one
            // byte for one byte keeps every location where it was.
            if text.contains('\r') {
                let bytes: Vec<u8> = text
                    .bytes()
                    .enumerate()
                    .map(|(i, b)| {
                        if b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n') {
                            b'\n'
                        } else {
                            b
                        }
                    })
                    .collect();
                text = String::from_utf8(bytes).expect("replacing an ASCII byte keeps UTF-8");
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let location = Location::at(path, &prefix, valid);
            Err(Diagnostic::new(
                Code::EncodingInvalid,
                location,
                format!("file is not valid UTF-8 (byte 0x{:02X})", bytes[valid]),
            )
            .with_help("save the file with UTF-8 encoding"))
        }
    }
}

/// The largest text file read (a statement is some kilobytes; 10 MiB leaves room for anything real
/// while a runaway file cannot exhaust memory).
pub(crate) const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a text file of the site folder, refusing one over [`MAX_TEXT_BYTES`].
fn read_text(
    site: &fs::Confined,
    file: &fs::SiteFile,
    report: &mut Report,
) -> Result<Option<TextFile>> {
    match site.read(file, MAX_TEXT_BYTES)? {
        Some(bytes) => Ok(decode(file, bytes, report)),
        None => {
            too_large(TEXT_FILE, file, report)?;
            Ok(None)
        }
    }
}

/// A kind of file's size limit, as its refusal says it: what zaklyk does with it, the limit, help.
type FileKind = (&'static str, u64, &'static str);
const TEXT_FILE: FileKind = (
    "reads text files",
    MAX_TEXT_BYTES,
    "split it into several pages",
);
const STATIC_FILE: FileKind = ("publishes static files", crate::limits::STATIC_BYTES, "every reader downloads it and the offline copy carries it: make it smaller, or publish it elsewhere and link to it");

/// A file over the limit of its kind, refused before it is read.
fn too_large((what, limit, help): FileKind, file: &fs::SiteFile, rep: &mut Report) -> Result<()> {
    let size = fs::file_size(&file.path)?;
    rep.push(
        Diagnostic::new(
            Code::FileTooLarge,
            Location::file(&file.rel),
            format!(
                "file is {} MiB; zaklyk {what} of up to {} MiB",
                size.div_ceil(1 << 20),
                limit >> 20
            ),
        )
        .with_help(help),
    );
    Ok(())
}

fn decode(file: &fs::SiteFile, bytes: Vec<u8>, report: &mut Report) -> Option<TextFile> {
    match decode_text(&file.rel, bytes) {
        Ok(text) => Some(TextFile {
            path: file.rel.clone(),
            text,
        }),
        Err(d) => {
            report.push(d);
            None
        }
    }
}

/// One `.ftl` file as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleFile {
    pub lang: String,
    /// Path as shown in messages (`locales/uk/main.ftl`).
    pub path: String,
    pub text: String,
}

/// A font file of the theme.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// As shown in messages (`theme/fonts/NotoSans-Bold.ttf`).
    pub path: String,
    pub(crate) bytes: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_bad_bytes_are_located() {
        assert_eq!(decode_text("a", b"\xEF\xBB\xBFhi".to_vec()).unwrap(), "hi");
        let d = decode_text("a.md", b"ok\nab\xFFc".to_vec()).unwrap_err();
        assert_eq!(d.location.to_string(), "a.md:2:3");
        assert!(d.message.contains("0xFF"));
    }

    #[test]
    fn lone_carriage_returns_become_line_feeds_in_place() {
        assert_eq!(
            decode_text("a", b"a\rb\r\nc".to_vec()).unwrap(),
            "a\nb\r\nc"
        );
    }
}

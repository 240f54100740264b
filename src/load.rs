//! Stage 1: read the site folder into memory ([`Sources`]), and nothing else.
//!
//! All of a build's input I/O happens here, once, in a sorted order, so that the later stages are
//! pure functions of data (easy to test, to run in parallel, to re-run in `serve`). Files are
//! decoded here too: text must be UTF-8 (a located error says where it is not), a UTF-8 byte-order
//! mark is dropped, and line endings are left alone (locations handle CRLF and CR).

use crate::diag::{Code, Diagnostic, Location, Report};
use crate::fs;
use crate::i18n::LocaleFile;
use crate::project::Project;
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::Path;

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
    pub bytes: Vec<u8>,
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
    /// Languages with a `content/<lang>/` folder, even if none of its files could be read.
    pub content_langs: BTreeSet<String>,
    /// Languages with a `locales/<lang>/` folder, even if none of its files could be read.
    pub locale_langs: BTreeSet<String>,
}

/// Reads the site folder. I/O failures are errors; content problems (not UTF-8, a link leaving
/// the site folder) are collected in the report.
pub fn load(project: &Project) -> Result<(Sources, Report)> {
    let mut report = Report::default();
    let mut sources = Sources::default();
    let root = fs::canonicalize(&project.root)?;

    let config_path = project.config_path();
    if fs::exists(&config_path) {
        sources.config = read_text(project, &config_path, &mut report)?;
    }

    let content_dir = project.content_dir();
    let mut pages = Vec::new();
    for walked in fs::walk_files(&content_dir)? {
        if !inside(&root, &walked, project, &mut report) {
            continue;
        }
        let rel = crate::fs::relative_slash(&walked.path, &content_dir);
        if rel == "signatories.toml" {
            sources.signatories = read_text(project, &walked.path, &mut report)?;
            continue;
        }
        if let Some((lang, _)) = rel.split_once('/') {
            sources.content_langs.insert(lang.to_string());
        }
        let Some((lang, rest)) = rel.split_once('/') else {
            report.push(Diagnostic::new(
                Code::FileIgnored,
                Location::file(project.display_path(&walked.path)),
                "ignored: content/ holds one folder per language and signatories.toml",
            ));
            continue;
        };
        let Some(slug) = rest.strip_suffix(".md") else {
            report.push(Diagnostic::new(
                Code::FileIgnored,
                Location::file(project.display_path(&walked.path)),
                "ignored: only Markdown (.md) files are read from content/<lang>/",
            ));
            continue;
        };
        pages.push((walked.path, lang.to_string(), slug.to_string()));
    }
    // Pages are most of a site's files: they are read in parallel.
    let paths: Vec<&Path> = pages.iter().map(|(p, _, _)| p.as_path()).collect();
    for ((path, lang, slug), bytes) in pages.iter().zip(fs::read_many(&paths, MAX_TEXT_BYTES)?) {
        let file = match bytes {
            Some(bytes) => decode(project, path, bytes, &mut report),
            None => read_text(project, path, &mut report)?,
        };
        if let Some(file) = file {
            sources.content.push(ContentFile {
                lang: lang.clone(),
                slug: slug.clone(),
                file,
            });
        }
    }

    let locales_dir = project.locales_dir();
    for walked in fs::walk_files(&locales_dir)? {
        if !inside(&root, &walked, project, &mut report) {
            continue;
        }
        let rel = crate::fs::relative_slash(&walked.path, &locales_dir);
        if let Some((lang, _)) = rel.split_once('/') {
            sources.locale_langs.insert(lang.to_string());
        }
        match rel.split_once('/') {
            Some((lang, name)) if name.ends_with(".ftl") && !name.contains('/') => {
                if let Some(file) = read_text(project, &walked.path, &mut report)? {
                    sources.locales.push(LocaleFile {
                        lang: lang.to_string(),
                        path: file.path,
                        text: file.text,
                    });
                }
            }
            _ => report.push(Diagnostic::new(
                Code::FileIgnored,
                Location::file(project.display_path(&walked.path)),
                "ignored: locales/ holds one folder per language with .ftl files",
            )),
        }
    }

    let templates_dir = project.theme_dir().join("templates");
    for walked in fs::walk_files(&templates_dir)? {
        if inside(&root, &walked, project, &mut report) {
            if let Some(file) = read_text(project, &walked.path, &mut report)? {
                sources.templates.push(file);
            }
        }
    }

    let static_dir = project.theme_dir().join("static");
    for walked in fs::walk_files(&static_dir)? {
        if inside(&root, &walked, project, &mut report) {
            let rel = crate::fs::relative_slash(&walked.path, &static_dir);
            sources.statics.push(StaticFile {
                rel,
                bytes: fs::read(&walked.path)?,
            });
        }
    }
    Ok((sources, report))
}

/// Refuses a symbolic link whose target is outside the site folder (or does not exist).
fn inside(root: &Path, walked: &fs::WalkedFile, project: &Project, report: &mut Report) -> bool {
    match (&walked.link_target, walked.is_symlink) {
        (_, false) => true,
        (Some(target), true) if target.starts_with(root) => true,
        _ => {
            report.push(
                Diagnostic::new(
                    Code::SymlinkOutside,
                    Location::file(project.display_path(&walked.path)),
                    "symbolic link points outside the site folder",
                )
                .with_help("copy the file into the site folder instead of linking to it"),
            );
            false
        }
    }
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
pub const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a text file of the site folder, refusing one over [`MAX_TEXT_BYTES`].
fn read_text(project: &Project, path: &Path, report: &mut Report) -> Result<Option<TextFile>> {
    let size = fs::file_size(path)?;
    if size > MAX_TEXT_BYTES {
        report.push(
            Diagnostic::new(
                Code::FileTooLarge,
                Location::file(project.display_path(path)),
                format!(
                    "file is {} MiB; zaklyk reads text files of up to {} MiB",
                    size.div_ceil(1 << 20),
                    MAX_TEXT_BYTES >> 20
                ),
            )
            .with_help("split it into several pages"),
        );
        return Ok(None);
    }
    Ok(decode(project, path, fs::read(path)?, report))
}

fn decode(project: &Project, path: &Path, bytes: Vec<u8>, report: &mut Report) -> Option<TextFile> {
    let shown = project.display_path(path);
    match decode_text(&shown, bytes) {
        Ok(text) => Some(TextFile { path: shown, text }),
        Err(d) => {
            report.push(d);
            None
        }
    }
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

//! What `check --mark-current L` writes: the record that L's translations were made from the
//! current source text — `source_hash` in the front matter of its pages and a `# source: …` line
//! above each of its Fluent messages — for all of L, or for the files and messages selected.

use crate::i18n::{self, Locales};
use crate::model::Site;
use crate::project::Project;
use crate::{content, digest, fs};
use anyhow::{bail, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What `--mark-current` records: everything of the language, or the files and messages named
/// with `--file` and `--message`.
pub(crate) struct Selection {
    /// Site-relative paths (`content/es/about.md`, `locales/es/theme.ftl`); empty with messages
    /// empty means everything.
    files: BTreeSet<String>,
    messages: BTreeSet<String>,
}

impl Selection {
    pub(crate) fn new(
        project: &Project,
        site: &Site,
        locales: &Locales,
        lang: &str,
        file_args: &[PathBuf],
        message_args: &[String],
    ) -> Result<Selection> {
        if lang == site.config.source_language {
            bail!("`{lang}` is the source language; only translations record what they were translated from");
        }
        let mut files = BTreeSet::new();
        for path in file_args {
            let rel = site_relative(project, path)?;
            let own = site
                .sources
                .iter()
                .any(|p| p.lang == lang && p.file.path == rel)
                || site.demands.get(lang).is_some_and(|d| d.file.path == rel)
                || locales
                    .messages
                    .get(lang)
                    .into_iter()
                    .flatten()
                    .any(|m| m.file == rel);
            if !own {
                bail!(
                    "`{}` is not a translated file of `{lang}` (a page of content/{lang}/ or a Fluent file of locales/{lang}/)",
                    path.display()
                );
            }
            files.insert(rel);
        }
        let mut messages = BTreeSet::new();
        for id in message_args {
            let known = locales
                .messages
                .get(lang)
                .into_iter()
                .flatten()
                .any(|m| &m.id == id);
            if !known {
                bail!("`{id}` is not a message of locales/{lang}/");
            }
            messages.insert(id.clone());
        }
        Ok(Selection { files, messages })
    }

    fn everything(&self) -> bool {
        self.files.is_empty() && self.messages.is_empty()
    }

    fn has_file(&self, path: &str) -> bool {
        self.everything() || self.files.contains(path)
    }

    fn has_message(&self, file: &str, id: &str) -> bool {
        self.everything() || self.files.contains(file) || self.messages.contains(id)
    }
}

/// `path` as the site names it (`content/es/about.md`): a path that leads to a file inside the
/// site folder from here, or one already written relative to the site folder.
fn site_relative(project: &Project, path: &Path) -> Result<String> {
    if fs::exists(path) {
        let (file, root) = (fs::canonicalize(path)?, fs::canonicalize(&project.root)?);
        if file.starts_with(&root) {
            return Ok(fs::relative_slash(&file, &root));
        }
    }
    Ok(path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|c| c != ".")
        .collect::<Vec<_>>()
        .join("/"))
}

/// How many files and messages [`mark_current`] recorded.
pub(crate) struct Marked {
    pub(crate) page_files: usize,
    pub(crate) messages: usize,
    pub(crate) fluent_files: usize,
}

/// Records that the selected translated files of `lang` are current: `source_hash` in the front
/// matter of its pages, a `# source: …` line above each of its Fluent messages.
pub(crate) fn mark_current(
    project: &Project,
    site: &Site,
    locales: &Locales,
    lang: &str,
    selection: &Selection,
) -> Result<Marked> {
    let mut files = Vec::new();
    for page in site.sources.iter().filter(|p| p.lang == lang) {
        if let Some(src) = site.source_page(&page.slug) {
            files.push((
                &page.file,
                digest::text_hash(&src.file.text[src.body.clone()]),
            ));
        }
    }
    if let (Some(own), Some(src)) = (
        site.demands.get(lang),
        site.demands.get(&site.config.source_language),
    ) {
        files.push((
            &own.file,
            digest::text_hash(&src.file.text[src.body.clone()]),
        ));
    }
    files.retain(|(file, _)| selection.has_file(&file.path));
    for (file, hash) in &files {
        let text = content::with_front_matter_value(&file.path, &file.text, "source_hash", hash)?;
        if text != file.text {
            fs::write(&project.root.join(&file.path), text.as_bytes())?;
        }
    }
    // Each selected Fluent message of the language gets a `# source: …` line with its source's hash.
    let source_hashes: BTreeMap<String, String> = locales
        .messages
        .get(&site.config.source_language)
        .into_iter()
        .flatten()
        .map(|m| (m.id.clone(), m.entry_hash.clone()))
        .collect();
    let (mut ftl_files, mut marked_messages) = (0, 0);
    for f in crate::load::read_texts(project, &format!("locales/{lang}"))?
        .iter()
        .filter(|f| f.path.ends_with(".ftl"))
    {
        let hashes: BTreeMap<String, String> = locales
            .messages
            .get(lang)
            .into_iter()
            .flatten()
            .filter(|m| m.file == f.path && selection.has_message(&f.path, &m.id))
            .filter_map(|m| source_hashes.get(&m.id).map(|h| (m.id.clone(), h.clone())))
            .collect();
        if hashes.is_empty() {
            continue;
        }
        let marked = i18n::with_source_marks(&f.text, &hashes);
        if marked != f.text {
            fs::write(&project.root.join(&f.path), marked.as_bytes())?;
        }
        ftl_files += 1;
        marked_messages += hashes.len();
    }
    Ok(Marked {
        page_files: files.len(),
        messages: marked_messages,
        fluent_files: ftl_files,
    })
}

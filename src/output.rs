//! The rendered site as data ([`Output`]: path → bytes) and the sink that writes it to disk.
//!
//! A failed build must be harmless: nothing touches the output folder unless the whole site is
//! ready. Files go to a staging folder beside the target, which is swapped in at once (see
//! [`crate::fs`]) and removed if anything fails. `build` streams: each page is written into the
//! staging folder as soon as it is rendered and scanned ([`Staging`]), so memory does not grow
//! with the site; `serve` and `package` keep their output in memory (the preview serves it, the
//! package zips it).

use crate::diag::Location;
use crate::fs;
use anyhow::{bail, Result};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A staging folder beside an output folder, written while the site renders. Dropped without
/// [`Output::write`] having swapped it in — an error, a failed build — it is removed.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    /// The folders above the output that did not exist and were made for it, deepest first: a
    /// failed build removes them again.
    made_parents: Vec<PathBuf>,
}

impl Staging {
    /// A new, empty staging folder for the output folder `target`.
    pub(crate) fn for_target(target: &Path) -> Result<Arc<Staging>> {
        let made_parents = target
            .ancestors()
            .skip(1)
            .filter(|p| !p.as_os_str().is_empty())
            .take_while(|p| !fs::exists(p))
            .map(Path::to_path_buf)
            .collect();
        Ok(Arc::new(Staging {
            dir: fs::staging_dir_for(target)?,
            made_parents,
        }))
    }

    /// Writes one finished file (its folders are made as needed).
    pub(crate) fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        fs::write(&self.dir.join(path), bytes)
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        fs::read(&self.dir.join(path)).ok()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Swapped in, the folder holds the previous output, which is removed there; never
        // swapped in, it holds a partial site, which must not stay beside the output.
        if fs::exists(&self.dir) {
            let _ = fs::remove_dir_all(&self.dir);
            for parent in &self.made_parents {
                fs::remove_empty_dir(parent);
            }
        }
    }
}

/// Every file of the built site, by path relative to the output root (`uk/index.html`): those
/// held in memory, and those already written into its staging folder.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub(crate) files: BTreeMap<String, Vec<u8>>,
    /// Files already in the staging folder, with their sizes.
    staged: BTreeMap<String, usize>,
    staging: Option<Arc<Staging>>,
}

impl Output {
    /// An output whose finished files go into `staging` as they are made.
    pub(crate) fn streaming(staging: Option<Arc<Staging>>) -> Output {
        Output {
            staging,
            ..Output::default()
        }
    }

    pub(crate) fn insert(&mut self, path: String, bytes: Vec<u8>) {
        self.staged.remove(&path);
        self.files.insert(path, bytes);
    }

    /// Records a file [`Staging::put`] wrote.
    pub(crate) fn staged(&mut self, path: String, size: usize) {
        self.files.remove(&path);
        self.staged.insert(path, size);
    }

    /// Adds a file that needs no more work: written at once when streaming, kept otherwise.
    pub(crate) fn put_finished(&mut self, path: String, bytes: Vec<u8>) -> Result<()> {
        match self.staging.clone() {
            Some(staging) => {
                staging.put(&path, &bytes)?;
                self.staged(path, bytes.len());
            }
            None => self.insert(path, bytes),
        }
        Ok(())
    }

    pub(crate) fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.staged.contains_key(path)
    }

    /// A file's bytes, read back from the staging folder if it was written there.
    pub(crate) fn get(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        match self.files.get(path) {
            Some(bytes) => Some(Cow::Borrowed(bytes.as_slice())),
            None if self.staged.contains_key(path) => {
                self.staging.as_ref()?.read(path).map(Cow::Owned)
            }
            None => None,
        }
    }

    /// How many files the output has.
    pub(crate) fn len(&self) -> usize {
        self.files.len() + self.staged.len()
    }

    pub(crate) fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum::<usize>() + self.staged.values().sum::<usize>()
    }

    /// Replaces the folder `out` with this output, atomically. Nothing of the previous output is
    /// carried over: a `build` after a `package` must not publish downloads made from older
    /// sources beside pages made from newer ones. A streamed output must be written to the
    /// folder its staging folder was made for.
    pub(crate) fn write(&self, out: &Path) -> Result<()> {
        let staging = match &self.staging {
            Some(s) => s.clone(),
            None => Staging::for_target(out)?,
        };
        fs::write_tree(
            &staging.dir,
            self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
        )?;
        fs::replace_dir(&staging.dir, out)
    }
}

/// Refuses output folders whose replacement would destroy the site's own files.
pub(crate) fn check_out_dir(root: &Path, out: &Path) -> Result<()> {
    let root = fs::canonicalize(root)?;
    let out_abs = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    let out_abs = normalize(&out_abs);
    if root.starts_with(&out_abs) {
        bail!(
            "the output folder `{}` is the site folder or contains it; choose another --out",
            out.display()
        );
    }
    for protected in ["content", "locales", "theme", "site.toml"] {
        if out_abs.starts_with(root.join(protected)) {
            bail!(
                "the output folder `{}` is inside the site's `{protected}`; choose another --out",
                out.display()
            );
        }
    }
    Ok(())
}

/// Resolves `.` and `..` without touching the disk (the output folder may not exist yet), then
/// canonicalizes the longest existing prefix so that symbolic links cannot hide the site folder.
fn normalize(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut lexical = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.clone();
    let mut rest = Vec::new();
    while !fs::exists(&existing) {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    out.extend(rest.into_iter().rev());
    out
}

/// A link written in content, as it appears in the output page `from` (after `@/` links are
/// resolved), for the link check.
#[derive(Debug, Clone)]
pub struct PageLink {
    pub(crate) from: String,
    /// The link as written in the content file.
    pub(crate) written: String,
    /// The link as it is in the output.
    pub(crate) href: String,
    pub(crate) location: Location,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_folder_and_its_sources_cannot_be_the_output() {
        let dir = std::env::temp_dir().join(format!("zaklyk-out-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("content")).unwrap();
        assert!(check_out_dir(&dir, &dir).is_err());
        assert!(check_out_dir(&dir, &dir.join("content/dist")).is_err());
        assert!(check_out_dir(&dir, &dir.join("dist/..")).is_err());
        assert!(check_out_dir(&dir, &dir.join("dist")).is_ok());
        assert!(check_out_dir(&dir.join("content"), &dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

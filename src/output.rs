//! The rendered site as data ([`Output`]: path → bytes) and the sink that writes it to disk.
//!
//! Keeping the output in memory until everything has rendered is what makes a failed build
//! harmless: nothing touches the output folder unless the whole site is ready. Writing then goes
//! to a staging folder beside the target, which is swapped in at once (see [`crate::fs`]).

use crate::diag::Location;
use crate::fs;
use anyhow::{bail, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file of the built site, by path relative to the output root (`uk/index.html`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    pub(crate) files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub(crate) fn insert(&mut self, path: String, bytes: Vec<u8>) {
        self.files.insert(path, bytes);
    }

    pub(crate) fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub(crate) fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }

    /// Replaces the folder `out` with this output, atomically. Nothing of the previous output is
    /// carried over: a `build` after a `package` must not publish downloads made from older
    /// sources beside pages made from newer ones.
    pub(crate) fn write(&self, out: &Path) -> Result<()> {
        let staging = fs::staging_dir_for(out)?;
        let result = (|| {
            fs::write_tree(
                &staging,
                self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
            )?;
            fs::replace_dir(&staging, out)
        })();
        if result.is_err() && fs::exists(&staging) {
            let _ = fs::remove_dir_all(&staging);
        }
        result
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
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
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

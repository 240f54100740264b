//! The filesystem boundary: every read, write, walk and rename of zaklyk goes through here.
//!
//! Two reasons. Errors: an I/O failure deep in a build is useless without the path it concerns, so
//! every function here names the path in its error ("failed to read `content/uk/index.md`").
//! Safety: the output folder is replaced atomically (build into a sibling folder, then swap), so a
//! failed or interrupted build never leaves a half-written or empty `dist/` behind. Walks are
//! sorted so that the whole pipeline is deterministic regardless of the order a filesystem or an
//! operating system lists directory entries.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Size of a file in bytes.
pub fn file_size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .with_context(|| format!("failed to read `{}`", path.display()))?
        .len())
}

/// Reads many files in parallel, in the given order; `None` for a file larger than `max_bytes`
/// (left unread).
pub fn read_many(paths: &[&Path], max_bytes: u64) -> Result<Vec<Option<Vec<u8>>>> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|path| {
            if file_size(path)? > max_bytes {
                Ok(None)
            } else {
                read(path).map(Some)
            }
        })
        .collect()
}

pub fn exists(path: &Path) -> bool {
    path.exists()
}

pub fn is_dir(path: &Path) -> bool {
    path.is_dir()
}

/// Writes a file, creating its parent folders.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).with_context(|| format!("failed to write `{}`", path.display()))
}

/// Writes many files below `root` (relative paths with `/`): their folders are created once, then
/// the files are written in parallel. With thousands of small pages, the creating and writing of
/// files, not the rendering, is what a build waits for.
pub fn write_tree<'a>(root: &Path, files: impl Iterator<Item = (&'a str, &'a [u8])>) -> Result<()> {
    use rayon::prelude::*;
    let files: Vec<(PathBuf, &[u8])> = files.map(|(rel, bytes)| (root.join(rel), bytes)).collect();
    // Every folder and its ancestors below `root`, level by level: the folders of one level are
    // independent, so they are made in parallel once their parents exist.
    let mut levels: Vec<std::collections::BTreeSet<&Path>> = Vec::new();
    for (path, _) in &files {
        let mut folder = path.parent();
        while let Some(f) = folder.filter(|f| f.starts_with(root) && *f != root) {
            let depth = f.components().count() - root.components().count();
            if levels.len() < depth {
                levels.resize_with(depth, Default::default);
            }
            if !levels[depth - 1].insert(f) {
                break;
            }
            folder = f.parent();
        }
    }
    create_dir_all(root)?;
    for level in &levels {
        level
            .par_iter()
            .try_for_each(|folder| match std::fs::create_dir(folder) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    Err(anyhow::Error::new(e)
                        .context(format!("failed to create folder `{}`", folder.display())))
                }
                _ => Ok(()),
            })?;
    }
    files.par_iter().try_for_each(|(path, bytes)| {
        std::fs::write(path, bytes).with_context(|| format!("failed to write `{}`", path.display()))
    })
}

/// Writes a file only if it does not exist yet (for `init` and `new-locale`, which never overwrite).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        bail!(
            "`{}` already exists; refusing to overwrite it",
            path.display()
        );
    }
    write(path, bytes)
}

/// Makes a file readable by its owner only (a secret key); a no-op where there are no such modes.
pub fn restrict_to_owner(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("failed to restrict `{}`", path.display()))?;
    }
    Ok(())
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("failed to create folder `{}`", path.display()))
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path)
        .with_context(|| format!("failed to remove folder `{}`", path.display()))
}

pub fn canonicalize(path: &Path) -> Result<PathBuf> {
    std::fs::canonicalize(path).with_context(|| format!("failed to resolve `{}`", path.display()))
}

/// A file found by [`walk_files`]: its path and, for a symbolic link, where it really points.
#[derive(Debug, Clone)]
pub struct WalkedFile {
    pub path: PathBuf,
    pub link_target: Option<PathBuf>,
    pub is_symlink: bool,
}

/// All files below `dir`, sorted by path; hidden files and folders (`.git`, `.DS_Store`) are
/// skipped. A missing `dir` gives an empty list. Symbolic links are not followed; they are
/// returned with their resolved target so the caller can refuse those leaving the site folder.
pub fn walk_files(dir: &Path) -> Result<Vec<WalkedFile>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.with_context(|| format!("failed to list `{}`", dir.display()))?;
        let ft = entry.file_type();
        if ft.is_file() {
            files.push(WalkedFile {
                path: entry.into_path(),
                link_target: None,
                is_symlink: false,
            });
        } else if ft.is_symlink() {
            let target = std::fs::canonicalize(entry.path()).ok();
            if target.as_ref().is_some_and(|t| t.is_dir()) {
                continue;
            }
            files.push(WalkedFile {
                path: entry.into_path(),
                link_target: target,
                is_symlink: true,
            });
        }
    }
    Ok(files)
}

/// A fresh, empty folder beside `target` to build into, so the final swap is a rename on one
/// filesystem.
pub fn staging_dir_for(target: &Path) -> Result<PathBuf> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_dir_all(parent)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = parent.join(format!(".{name}.zaklyk-new-{}", std::process::id()));
    if staging.exists() {
        remove_dir_all(&staging)?;
    }
    create_dir_all(&staging)?;
    Ok(staging)
}

/// Puts the finished folder `staging` in the place of `target`. On Linux the two folders are
/// exchanged in one atomic `renameat2(RENAME_EXCHANGE)`, so at every instant `target` is either
/// the complete old output or the complete new one; elsewhere the old folder is renamed away
/// first. The old output is removed afterwards.
pub fn replace_dir(staging: &Path, target: &Path) -> Result<()> {
    if !target.exists() {
        return std::fs::rename(staging, target).with_context(|| {
            format!(
                "failed to move `{}` to `{}`",
                staging.display(),
                target.display()
            )
        });
    }
    if exchange(staging, target)? {
        // `staging` now holds the previous output.
        return remove_dir_all(staging);
    }
    let old = staging.with_extension("old");
    std::fs::rename(target, &old)
        .with_context(|| format!("failed to move `{}` aside", target.display()))?;
    std::fs::rename(staging, target)
        .with_context(|| format!("failed to move `{}` into place", target.display()))?;
    remove_dir_all(&old)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        // Filesystems or kernels without the exchange flag: fall back to two renames.
        Some(libc::EINVAL) | Some(libc::ENOSYS) => Ok(false),
        _ => Err(err)
            .with_context(|| format!("failed to swap `{}` into `{}`", a.display(), b.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool> {
    Ok(false)
}

/// Path of `path` relative to `base`, with `/` separators, for messages and output paths.
pub fn relative_slash(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zaklyk-fs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replace_dir_swaps_in_the_new_output() {
        let dir = temp("swap");
        let target = dir.join("dist");
        write(&target.join("old.txt"), b"old").unwrap();
        let staging = staging_dir_for(&target).unwrap();
        write(&staging.join("new.txt"), b"new").unwrap();
        replace_dir(&staging, &target).unwrap();
        assert!(target.join("new.txt").exists());
        assert!(!target.join("old.txt").exists());
        assert!(!staging.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn walk_is_sorted_and_skips_hidden() {
        let dir = temp("walk");
        for f in ["b.md", "a.md", ".hidden.md", "sub/c.md", ".git/x"] {
            write(&dir.join(f), b"").unwrap();
        }
        let names: Vec<String> = walk_files(&dir)
            .unwrap()
            .iter()
            .map(|f| relative_slash(&f.path, &dir))
            .collect();
        assert_eq!(names, ["a.md", "b.md", "sub/c.md"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_name_the_path() {
        let err = read(Path::new("no/such/file.md")).unwrap_err();
        assert!(err.to_string().contains("no/such/file.md"), "{err}");
    }
}

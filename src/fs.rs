//! The filesystem boundary: every read, write, walk and rename of zaklyk goes through here.
//!
//! Two reasons. Errors: an I/O failure deep in a build is useless without the path it concerns, so
//! every function here names the path in its error ("failed to read `content/uk/index.md`").
//! Containment: a site folder is read through [`Confined`], whose one rule keeps every read inside
//! the site's sources whatever symbolic links it holds. Safety: the output folder is replaced
//! atomically (build into a sibling folder, then swap), so a
//! failed or interrupted build never leaves a half-written or empty `dist/` behind. Walks are
//! sorted so that the whole pipeline is deterministic regardless of the order a filesystem or an
//! operating system lists directory entries.
//!
//! Long because every filesystem call of the program is here on purpose: one module names the path
//! in every error and refuses links out of the site folder.

use crate::diag::{Code, Diagnostic, Location};
use anyhow::{bail, Context, Result};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Size of a file in bytes.
pub(crate) fn file_size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .with_context(|| format!("failed to read `{}`", path.display()))?
        .len())
}

pub(crate) fn exists(path: &Path) -> bool {
    path.exists()
}

pub(crate) fn is_dir(path: &Path) -> bool {
    path.is_dir()
}

pub(crate) fn is_file(path: &Path) -> bool {
    path.is_file()
}

/// Writes a file, creating its parent folders.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).with_context(|| format!("failed to write `{}`", path.display()))
}

/// Writes many files below `root` (relative paths with `/`): their folders are created once, then
/// the files are written in parallel. With thousands of small pages, the creating and writing of
/// files, not the rendering, is what a build waits for.
pub(crate) fn write_tree<'a>(
    root: &Path,
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Result<()> {
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

/// Writes a file only if nothing is at its path yet (for `init` and `new-locale`, which never
/// overwrite): created and written in one step, never through a symbolic link.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir_all(parent)?;
    }
    create_new(path, bytes, None)
}

/// Creates a file that must not exist yet, with `mode` (Unix permissions, before the umask) set
/// as it is created, so it is never readable by others even for an instant. Refuses an existing
/// file and a symbolic link at the path, also one that leads nowhere (a key written through a
/// planted link would end up wherever the link points).
pub(crate) fn create_new(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    // `create_new` is O_CREAT|O_EXCL: it fails on any existing name, links included, atomically.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
        if let Some(mode) = mode {
            options.mode(mode);
        }
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(match std::fs::read_link(path) {
                Ok(target) => anyhow::anyhow!(
                    "`{}` is a symbolic link (to `{}`); refusing to write through it",
                    path.display(),
                    target.display()
                ),
                Err(_) => anyhow::anyhow!(
                    "`{}` already exists; refusing to overwrite it",
                    path.display()
                ),
            });
        }
        Err(e) => return Err(e).with_context(|| format!("failed to create `{}`", path.display())),
    };
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("failed to write `{}`", path.display()))
}

/// Whether anything is at `path`, a symbolic link that leads nowhere included.
pub(crate) fn is_taken(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Whether `path` itself is a symbolic link (whatever it leads to).
pub(crate) fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Renames a file, replacing what is at `to`: a file written under a temporary name and renamed
/// is there whole or not at all.
pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).with_context(|| {
        format!(
            "failed to rename `{}` to `{}`",
            from.display(),
            to.display()
        )
    })
}

/// Removes a file (a key pair half written).
pub(crate) fn remove_file(path: &Path) -> Result<()> {
    std::fs::remove_file(path).with_context(|| format!("failed to remove `{}`", path.display()))
}

/// Reads a file that must be private (a secret key), with its Unix permission bits as they are
/// on the file read (taken from the open file, not from a second look at the path).
pub(crate) fn read_private(path: &Path) -> Result<(Vec<u8>, Option<u32>)> {
    use std::io::Read;
    let mut file = open_for_reading(path)?;
    let meta = file
        .metadata()
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    if !meta.is_file() {
        bail!("`{}` is not a file", path.display());
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o7777)
    };
    #[cfg(not(unix))]
    let mode = None;
    Ok((bytes, mode))
}

pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("failed to create folder `{}`", path.display()))
}

pub(crate) fn remove_dir_all(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path)
        .with_context(|| format!("failed to remove folder `{}`", path.display()))
}

/// Removes a folder if it is empty; otherwise (or if it is gone) leaves things as they are.
pub(crate) fn remove_empty_dir(path: &Path) {
    let _ = std::fs::remove_dir(path);
}

pub(crate) fn canonicalize(path: &Path) -> Result<PathBuf> {
    std::fs::canonicalize(path).with_context(|| format!("failed to resolve `{}`", path.display()))
}

/// All regular files below `dir`, sorted by path; hidden files and folders (`.git`, `.DS_Store`)
/// are skipped, and so are symbolic links (neither followed nor listed). A missing `dir` gives an
/// empty list. For folders that are not a site's sources (the previous output, a new site's
/// folder); a site's own files are read through [`Confined`].
pub(crate) fn walk_files(dir: &Path) -> Result<Vec<PathBuf>> {
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
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// A site folder, read so that nothing outside it is ever read.
///
/// The rule, in one place: every file a build reads must really be — after every symbolic link
/// on its way is resolved — inside the site folder, in one of its sources (`site.toml`,
/// `content/`, `locales/`, `theme/`), with no hidden name (`.git`) on its way. So a link may only
/// lead to something the walk would have read anyway: a link out of the site folder (`theme ->
/// ../shared-theme`, `static/key -> ~/.ssh/id_ed25519`) is refused, and so is a link into the
/// site folder's other parts (`dist/`, `.git/`, a signing key kept beside `site.toml`), which
/// would publish what was never meant to be. Links that stay within the sources are followed
/// (`theme/static/logo.svg -> ../../content/logo.svg`); a folder is read once per walk, so a link
/// back to a folder that contains it (a loop) or a second name for a folder already read is
/// refused too, and a walk's work stays linear in the size of the folder.
///
/// Checking a path and then reading it leaves a moment in which a file could be replaced by a
/// link (a race). So [`Confined::read`] checks again what it opened: a regular file (opened
/// without blocking, so a named pipe cannot stop a build), whose real path — the kernel's own
/// answer for the open file on Linux, elsewhere the canonical path if it is still the same device
/// and inode — the rule admits. Hard links cannot be told apart from ordinary files and are not
/// detected: a hard link makes the file part of the site folder.
#[derive(Debug, Clone)]
pub(crate) struct Confined {
    /// The site folder, canonical.
    root: PathBuf,
    /// The top-level names of the sources.
    sources: Vec<String>,
}

/// A file of the site folder found by [`Confined`]: the name the site gives it (for a link, the
/// link's name) relative to the site folder with `/`, and its path on disk through that name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SiteFile {
    pub(crate) rel: String,
    pub(crate) path: PathBuf,
    /// Whether the file may change under another name, as the listing found it: the name is a
    /// symbolic link (to a file of the sources), or the file has other names (hard links), in
    /// the site folder or outside it. A watcher then tells a save by a name other than this one.
    pub(crate) linked: bool,
}

impl SiteFile {
    /// A file a listing found, by a symbolic link or not: one with other names counts as linked.
    fn listed(rel: String, path: PathBuf, linked: bool) -> SiteFile {
        let linked = linked || has_other_names(&path);
        SiteFile { rel, path, linked }
    }
}

/// Whether the file at `path` (not a symbolic link) has more than one name.
fn has_other_names(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::symlink_metadata(path).is_ok_and(|m| m.nlink() > 1)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// A name of the site folder that is not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    /// The name at fault (the link itself), relative to the site folder with `/`.
    pub(crate) at: String,
    pub(crate) why: Why,
}

/// Why a name is not read. `target` is the link's text as written (`../../secret.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// A link leading out of the site folder.
    Outside { target: String },
    /// A link leading to a part of the site folder that is not a source (or is hidden);
    /// `real` is that part, relative to the site folder.
    NotSource { target: String, real: String },
    /// A link to nothing.
    Dangling { target: String },
    /// A link that resolves to itself through other links.
    LinkLoop { target: String },
    /// A link to a folder that contains it: the walk would never end.
    FolderLoop { target: String },
    /// A second name for a folder the walk already reads under `first`.
    Repeated { first: String },
    /// Not a regular file or folder (`named pipe`, `socket`, `device`), or a file where a
    /// folder is expected (`file`).
    Special { kind: &'static str },
}

/// The files a confined walk found, and the names it refused.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub(crate) files: Vec<SiteFile>,
    pub(crate) refused: Vec<Refused>,
}

impl Refused {
    /// The error for a name of the site folder that is not read, as its reader is told.
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let at = Location::file(&self.at);
        match &self.why {
        Why::Outside { target } => Diagnostic::new(
            Code::SymlinkOutside,
            at,
            format!("symbolic link to `{target}` leads outside the site folder"),
        )
        .with_help("zaklyk reads nothing outside the site folder: copy what you need into it instead of linking to it"),
        Why::NotSource { target, real } => Diagnostic::new(
            Code::SymlinkPrivate,
            at,
            format!("symbolic link to `{target}` leads to `{real}`, which is not one of the site's sources"),
        )
        .with_help("a link may lead only into site.toml, content/, locales/ or theme/ (no hidden folders such as .git/, no dist/): copy the file there instead"),
        Why::Dangling { target } => Diagnostic::new(
            Code::SymlinkDangling,
            at,
            format!("symbolic link to `{target}` leads nowhere: `{target}` does not exist"),
        )
        .with_help("remove the link, or make it point to an existing file of the site folder"),
        Why::LinkLoop { target } => Diagnostic::new(
            Code::SymlinkLoop,
            at,
            format!("symbolic link to `{target}` never resolves: the links form a loop"),
        )
        .with_help("remove one of the links of the loop"),
        Why::FolderLoop { target } => Diagnostic::new(
            Code::SymlinkLoop,
            at,
            format!("symbolic link to `{target}` leads back to a folder that contains it: reading it would never end"),
        )
        .with_help("remove the link"),
        Why::Repeated { first } => Diagnostic::new(
            Code::SymlinkRepeated,
            at,
            format!("this folder is already read as `{first}`: a symbolic link gives it a second name"),
        )
        .with_help("keep one name for each folder: remove the link, or link the files one by one"),
        Why::Special { kind } => Diagnostic::new(
            Code::FileSpecial,
            at,
            format!("this is a {kind}, not what zaklyk can read here"),
        )
        .with_help("zaklyk reads regular files (and site folders: content/, locales/, theme/); remove it or replace it with one"),
    }
    }
}

/// What a name of the site folder is, for [`Confined::file`].
#[derive(Debug)]
pub(crate) enum Lookup {
    Missing,
    Found(SiteFile),
    Refused(Refused),
}

/// A link to a folder met in a walk, followed once every real folder has been listed.
struct FolderLink {
    path: PathBuf,
    real: PathBuf,
    at: String,
    /// The real folder the link is in.
    parent: PathBuf,
}

/// Where a relative name resolves.
enum Resolved {
    Missing,
    Real(PathBuf),
    Refused(Refused),
}

impl Confined {
    /// The site folder at `root` (resolved once: `--root` may itself be a link) with its sources.
    pub(crate) fn open(root: &Path, sources: &[&str]) -> Result<Confined> {
        Ok(Confined {
            root: canonicalize(root)?,
            sources: sources.iter().map(|s| s.to_string()).collect(),
        })
    }

    /// Whether a real (canonical) path may be read: `Err` holds it relative to the site folder
    /// when it is inside, but not in a source.
    fn admit(&self, real: &Path) -> Result<(), Option<String>> {
        let Ok(rel) = real.strip_prefix(&self.root) else {
            return Err(None);
        };
        let names: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let in_source = names.first().is_some_and(|n| self.sources.contains(n));
        if in_source && !names.iter().any(|n| n.starts_with('.')) {
            Ok(())
        } else if names.is_empty() {
            Err(Some(".".to_string()))
        } else {
            Err(Some(names.join("/")))
        }
    }

    /// Resolves the link at `path` (named `at`) and applies the rule.
    fn follow(&self, path: &Path, at: &str) -> Result<Resolved> {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let refused = |why| {
            Ok(Resolved::Refused(Refused {
                at: at.to_string(),
                why,
            }))
        };
        let real = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) if is_loop(&e) => return refused(Why::LinkLoop { target }),
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    || e.raw_os_error() == not_a_directory() =>
            {
                return refused(Why::Dangling { target })
            }
            Err(e) => {
                return Err(e).with_context(|| format!("failed to resolve `{}`", path.display()))
            }
        };
        match self.admit(&real) {
            Ok(()) => Ok(Resolved::Real(real)),
            Err(None) => refused(Why::Outside { target }),
            Err(Some(real)) => refused(Why::NotSource { target, real }),
        }
    }

    /// Resolves a relative name (`theme/static`), checking every link on its way, so that the
    /// link at fault is the one named.
    fn resolve(&self, rel: &str) -> Result<Resolved> {
        let mut path = self.root.clone();
        let mut real = self.root.clone();
        let mut at = String::new();
        let names: Vec<&str> = rel.split('/').filter(|n| !n.is_empty()).collect();
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                // What leads on must be a folder (`theme` a file: `theme/static` is not there).
                let kind = std::fs::metadata(&real)
                    .with_context(|| format!("failed to read `{}`", real.display()))?
                    .file_type();
                if !kind.is_dir() {
                    return Ok(Resolved::Refused(Refused {
                        at,
                        why: Why::Special {
                            kind: kind_name(kind),
                        },
                    }));
                }
            }
            path.push(name);
            if !at.is_empty() {
                at.push('/');
            }
            at.push_str(name);
            let meta = match std::fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Resolved::Missing),
                Err(e) => {
                    return Err(e).with_context(|| format!("failed to read `{}`", path.display()))
                }
            };
            if meta.file_type().is_symlink() {
                match self.follow(&path, &at)? {
                    Resolved::Real(r) => real = r,
                    other => return Ok(other),
                }
            } else {
                real.push(name);
                if self.admit(&real).is_err() {
                    return Ok(Resolved::Refused(Refused {
                        at,
                        why: Why::NotSource {
                            target: String::new(),
                            real: rel.to_string(),
                        },
                    }));
                }
            }
        }
        Ok(Resolved::Real(real))
    }

    /// A single file of the site folder (`site.toml`).
    pub(crate) fn file(&self, rel: &str) -> Result<Lookup> {
        Ok(match self.resolve(rel)? {
            Resolved::Missing => Lookup::Missing,
            Resolved::Refused(r) => Lookup::Refused(r),
            Resolved::Real(real) => {
                let kind = std::fs::metadata(&real)
                    .with_context(|| format!("failed to read `{}`", real.display()))?
                    .file_type();
                if kind.is_file() {
                    Lookup::Found(SiteFile {
                        rel: rel.to_string(),
                        linked: is_symlink(&self.root.join(rel)),
                        path: self.root.join(rel),
                    })
                } else {
                    Lookup::Refused(Refused {
                        at: rel.to_string(),
                        why: Why::Special {
                            kind: kind_name(kind),
                        },
                    })
                }
            }
        })
    }

    /// Every file below the folder `rel` (`content`, `theme/static`), sorted by name at each
    /// level (depth first, as a listing shows them); hidden names are skipped; links are followed
    /// where the rule admits them and refused otherwise. A missing folder gives an empty walk.
    pub(crate) fn walk(&self, rel: &str) -> Result<Walk> {
        let mut walk = Walk::default();
        let start = match self.resolve(rel)? {
            Resolved::Missing => return Ok(walk),
            Resolved::Refused(r) => {
                walk.refused.push(r);
                return Ok(walk);
            }
            Resolved::Real(real) => real,
        };
        let kind = std::fs::metadata(&start)
            .with_context(|| format!("failed to read `{}`", start.display()))?
            .file_type();
        if !kind.is_dir() {
            walk.refused.push(Refused {
                at: rel.to_string(),
                why: Why::Special {
                    kind: kind_name(kind),
                },
            });
            return Ok(walk);
        }
        // First every real folder below the start, then the folders that links lead to, each
        // once: so a second name for a folder is always the link's, whatever the names' order.
        let mut visited: HashMap<PathBuf, String> = [(start.clone(), rel.to_string())].into();
        let mut links = VecDeque::new();
        self.walk_tree(
            (self.root.join(rel), start, rel.to_string()),
            &mut visited,
            &mut links,
            &mut walk,
        )?;
        while let Some(FolderLink {
            path,
            real,
            at,
            parent,
        }) = links.pop_front()
        {
            let target = || {
                std::fs::read_link(&path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default()
            };
            if parent.starts_with(&real) {
                walk.refused.push(Refused {
                    why: Why::FolderLoop { target: target() },
                    at,
                });
            } else if let Some(first) = visited.get(&real) {
                walk.refused.push(Refused {
                    why: Why::Repeated {
                        first: first.clone(),
                    },
                    at,
                });
            } else {
                visited.insert(real.clone(), at.clone());
                self.walk_tree((path, real, at), &mut visited, &mut links, &mut walk)?;
            }
        }
        // The order of a listing: by name, folder by folder.
        let order = |rel: &str| rel.split('/').map(str::to_owned).collect::<Vec<_>>();
        walk.files.sort_by_cached_key(|f| order(&f.rel));
        walk.refused.sort_by_cached_key(|r| order(&r.at));
        Ok(walk)
    }

    /// Lists the folder `start` (path, real path, name) and every real folder below it, depth
    /// first; links to files are followed at once, links to folders are queued in `links`.
    fn walk_tree(
        &self,
        start: (PathBuf, PathBuf, String),
        visited: &mut HashMap<PathBuf, String>,
        links: &mut VecDeque<FolderLink>,
        walk: &mut Walk,
    ) -> Result<()> {
        let mut folders = vec![start];
        while let Some((folder, folder_real, folder_rel)) = folders.pop() {
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(&folder)
                .with_context(|| format!("failed to list `{}`", folder.display()))?
            {
                let entry =
                    entry.with_context(|| format!("failed to list `{}`", folder.display()))?;
                let name = entry.file_name();
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                let kind = entry
                    .file_type()
                    .with_context(|| format!("failed to read `{}`", entry.path().display()))?;
                entries.push((name, kind));
            }
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            for (name, kind) in entries {
                let path = folder.join(&name);
                let at = format!("{folder_rel}/{}", name.to_string_lossy());
                let (real, kind, linked) = if kind.is_symlink() {
                    match self.follow(&path, &at)? {
                        Resolved::Real(real) => {
                            let kind = std::fs::metadata(&real)
                                .with_context(|| format!("failed to read `{}`", real.display()))?
                                .file_type();
                            (real, kind, true)
                        }
                        Resolved::Refused(r) => {
                            walk.refused.push(r);
                            continue;
                        }
                        Resolved::Missing => continue,
                    }
                } else {
                    // Only a folder's real path is used: a file is read through its name.
                    let real = kind.is_dir().then(|| folder_real.join(&name));
                    (real.unwrap_or_default(), kind, false)
                };
                if kind.is_file() {
                    walk.files.push(SiteFile::listed(at, path, linked));
                } else if kind.is_dir() && linked {
                    links.push_back(FolderLink {
                        path,
                        real,
                        at,
                        parent: folder_real.clone(),
                    });
                } else if kind.is_dir() {
                    if let Some(first) = visited.get(&real) {
                        walk.refused.push(Refused {
                            why: Why::Repeated {
                                first: first.clone(),
                            },
                            at,
                        });
                    } else {
                        visited.insert(real.clone(), at.clone());
                        folders.push((path, real, at));
                    }
                } else {
                    walk.refused.push(Refused {
                        at,
                        why: Why::Special {
                            kind: kind_name(kind),
                        },
                    });
                }
            }
        }
        Ok(())
    }

    /// Reads a file found by [`Confined::walk`] or [`Confined::file`]; `None` when it is larger
    /// than `max_bytes` (left unread). What is opened is checked again (see [`Confined`]): a
    /// file replaced by a link since the walk is an error, never read.
    pub(crate) fn read(&self, file: &SiteFile, max_bytes: u64) -> Result<Option<Vec<u8>>> {
        use std::io::Read;
        let changed = |what: &str| {
            anyhow::anyhow!(
                "`{}` changed while it was being read ({what}); nothing was read from it",
                file.rel
            )
        };
        let opened = open_for_reading(&file.path)?;
        let meta = opened
            .metadata()
            .with_context(|| format!("failed to read `{}`", file.path.display()))?;
        if !meta.is_file() {
            return Err(changed("it is no longer a regular file"));
        }
        let Some(real) = real_path_of(&opened, &meta, &file.path)? else {
            return Err(changed("it is no longer the file that was checked"));
        };
        if self.admit(&real).is_err() {
            return Err(changed("it now leads out of the site's sources"));
        }
        if meta.len() > max_bytes {
            return Ok(None);
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        opened
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .with_context(|| format!("failed to read `{}`", file.path.display()))?;
        Ok((bytes.len() as u64 <= max_bytes).then_some(bytes))
    }

    /// [`Confined::read`] of many files in parallel, in the given order.
    pub(crate) fn read_many(
        &self,
        files: &[&SiteFile],
        max_bytes: u64,
    ) -> Result<Vec<Option<Vec<u8>>>> {
        use rayon::prelude::*;
        files.par_iter().map(|f| self.read(f, max_bytes)).collect()
    }
}

/// Reads a file that zaklyk itself keeps (the card cache): only a regular file at that very
/// name — never through a symbolic link, never a pipe or a device (opened without blocking) —
/// of at most `max_bytes`; anything else is `None`, as if it were not there.
pub(crate) fn read_kept(path: &Path, max_bytes: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW;
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > max_bytes {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(max_bytes + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= max_bytes).then_some(bytes)
}

/// Opens a file for reading without blocking on a named pipe (which `read` then refuses).
fn open_for_reading(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options
        .open(path)
        .with_context(|| format!("failed to read `{}`", path.display()))
}

/// Where the file `opened` (through `path`) really is: on Linux the kernel's own answer for the
/// open file; elsewhere the canonical path, if it is still the same file (device and inode) as
/// the one opened (`None` otherwise).
fn real_path_of(
    opened: &std::fs::File,
    meta: &std::fs::Metadata,
    path: &Path,
) -> Result<Option<PathBuf>> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(real) = std::fs::read_link(format!("/proc/self/fd/{}", opened.as_raw_fd())) {
            return Ok(Some(real));
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = opened;
    let real = canonicalize(path)?;
    Ok(same_file(meta, &real)?.then_some(real))
}

/// Whether the opened file (`meta`) is the file at `real` now.
fn same_file(meta: &std::fs::Metadata, real: &Path) -> Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let now = std::fs::metadata(real)
            .with_context(|| format!("failed to read `{}`", real.display()))?;
        Ok(now.dev() == meta.dev() && now.ino() == meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (meta, real);
        Ok(true)
    }
}

fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

fn not_a_directory() -> Option<i32> {
    #[cfg(unix)]
    {
        Some(rustix::io::Errno::NOTDIR.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// What a file type that is neither a regular file nor a folder is called in messages.
fn kind_name(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "named pipe";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    if kind.is_dir() {
        "folder"
    } else if kind.is_file() {
        "file"
    } else {
        "special file"
    }
}

/// A fresh, empty folder beside `target` to build into, so the final swap is a rename on one
/// filesystem.
pub(crate) fn staging_dir_for(target: &Path) -> Result<PathBuf> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_dir_all(parent)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.zaklyk-new-");
    remove_abandoned_staging(parent, &prefix);
    let staging = parent.join(format!("{prefix}{}", std::process::id()));
    if staging.exists() {
        remove_dir_all(&staging)?;
    }
    create_dir_all(&staging)?;
    Ok(staging)
}

/// Removes the staging folders (named `prefix` + process id) of runs that were killed: their
/// process is gone. A folder of a run still going (another build into the same folder) stays.
/// Only where the running processes can be listed (`/proc`); elsewhere they stay.
fn remove_abandoned_staging(parent: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".old").or(Some(rest)))
            .and_then(|pid| pid.parse::<u32>().ok());
        let abandoned = pid.is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
        // Only a real folder, never through a link.
        if abandoned && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = remove_dir_all(&entry.path());
        }
    }
}

/// Puts the finished folder `staging` in the place of `target`. On Linux the two folders are
/// exchanged in one atomic `renameat2(RENAME_EXCHANGE)`, so at every instant `target` is either
/// the complete old output or the complete new one; elsewhere the old folder is renamed away
/// first. The old output is removed afterwards.
pub(crate) fn replace_dir(staging: &Path, target: &Path) -> Result<()> {
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
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Filesystems or kernels without the exchange flag: fall back to two renames.
        Err(Errno::INVAL | Errno::NOSYS) => Ok(false),
        Err(e) => Err(std::io::Error::from(e))
            .with_context(|| format!("failed to swap `{}` into `{}`", a.display(), b.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool> {
    Ok(false)
}

/// Path of `path` relative to `base`, with `/` separators, for messages and output paths.
pub(crate) fn relative_slash(path: &Path, base: &Path) -> String {
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
            .map(|f| relative_slash(f, &dir))
            .collect();
        assert_eq!(names, ["a.md", "b.md", "sub/c.md"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_name_the_path() {
        let err = read(Path::new("no/such/file.md")).unwrap_err();
        assert!(err.to_string().contains("no/such/file.md"), "{err}");
    }

    #[cfg(unix)]
    mod confined {
        use super::*;
        use std::os::unix::fs::symlink;

        /// A site folder with a secret beside it, changed by `setup`.
        fn site(name: &str, setup: impl FnOnce(&Path)) -> (PathBuf, Confined) {
            let dir = temp(name);
            write(&dir.join("outside/secret.txt"), b"secret").unwrap();
            let root = dir.join("site");
            for f in [
                "site.toml",
                "content/en/index.md",
                "content/img/a.svg",
                "theme/static/style.css",
                ".git/config",
                "dist/index.html",
                "zaklyk-signing.key",
            ] {
                write(&root.join(f), f.as_bytes()).unwrap();
            }
            setup(&root);
            let site =
                Confined::open(&root, &["site.toml", "content", "locales", "theme"]).unwrap();
            (dir, site)
        }

        fn names(walk: &Walk) -> (Vec<&str>, Vec<(&str, &Why)>) {
            (
                walk.files.iter().map(|f| f.rel.as_str()).collect(),
                walk.refused
                    .iter()
                    .map(|r| (r.at.as_str(), &r.why))
                    .collect(),
            )
        }

        #[test]
        fn a_file_with_other_names_is_listed_as_linked() {
            let (dir, site) = site("hard", |root| {
                std::fs::hard_link(
                    root.join("content/en/index.md"),
                    root.join("content/img/same.md"),
                )
                .unwrap();
            });
            let walk = site.walk("content").unwrap();
            let linked: Vec<(&str, bool)> = walk
                .files
                .iter()
                .map(|f| (f.rel.as_str(), f.linked))
                .collect();
            assert_eq!(
                linked,
                [
                    ("content/en/index.md", true),
                    ("content/img/a.svg", false),
                    ("content/img/same.md", true)
                ]
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }

        #[test]
        fn links_within_the_sources_are_followed_and_read() {
            let (dir, site) = site("inside", |root| {
                symlink(
                    "../../content/img/a.svg",
                    root.join("theme/static/logo.svg"),
                )
                .unwrap();
                symlink("../../content/img", root.join("theme/static/img")).unwrap();
            });
            let walk = site.walk("theme/static").unwrap();
            let (files, refused) = names(&walk);
            assert_eq!(
                files,
                [
                    "theme/static/img/a.svg",
                    "theme/static/logo.svg",
                    "theme/static/style.css"
                ]
            );
            assert!(refused.is_empty(), "{refused:?}");
            let logo = &walk.files[1];
            assert_eq!(site.read(logo, 100).unwrap().unwrap(), b"content/img/a.svg");
            assert_eq!(site.read(logo, 3).unwrap(), None, "over the size limit");
            std::fs::remove_dir_all(&dir).unwrap();
        }

        #[test]
        fn links_out_of_the_sources_are_refused_at_the_link() {
            let (dir, site) = site("escape", |root| {
                let outside = root.parent().unwrap().join("outside");
                symlink(outside.join("secret.txt"), root.join("content/en/abs.md")).unwrap();
                std::fs::create_dir_all(root.join("content/en/deep/er")).unwrap();
                symlink(
                    "../../../../../outside/secret.txt",
                    root.join("content/en/deep/er/rel.md"),
                )
                .unwrap();
                symlink("../../.git/config", root.join("content/en/git.md")).unwrap();
                symlink("../../dist", root.join("content/en/dist")).unwrap();
                symlink("../../zaklyk-signing.key", root.join("content/en/key.md")).unwrap();
                symlink("nowhere.md", root.join("content/en/dangling.md")).unwrap();
                symlink("loop-b.md", root.join("content/en/loop-a.md")).unwrap();
                symlink("loop-a.md", root.join("content/en/loop-b.md")).unwrap();
                symlink("..", root.join("content/en/up")).unwrap();
                symlink("../img", root.join("content/en/img-again")).unwrap();
                symlink("/dev/null", root.join("content/en/null.md")).unwrap();
            });
            let walk = site.walk("content").unwrap();
            let (files, refused) = names(&walk);
            assert_eq!(files, ["content/en/index.md", "content/img/a.svg"]);
            let kinds: Vec<(&str, String)> = refused
                .iter()
                .map(|(at, why)| {
                    (
                        *at,
                        format!("{why:?}")
                            .split([' ', '{'])
                            .next()
                            .unwrap()
                            .to_string(),
                    )
                })
                .collect();
            assert_eq!(
                kinds,
                [
                    ("content/en/abs.md", "Outside".to_string()),
                    ("content/en/dangling.md", "Dangling".into()),
                    ("content/en/deep/er/rel.md", "Outside".into()),
                    ("content/en/dist", "NotSource".into()),
                    ("content/en/git.md", "NotSource".into()),
                    ("content/en/img-again", "Repeated".into()),
                    ("content/en/key.md", "NotSource".into()),
                    ("content/en/loop-a.md", "LinkLoop".into()),
                    ("content/en/loop-b.md", "LinkLoop".into()),
                    ("content/en/null.md", "Outside".into()),
                    ("content/en/up", "FolderLoop".into()),
                ]
            );
            assert_eq!(
                refused[3].1,
                &Why::NotSource {
                    target: "../../dist".into(),
                    real: "dist".into()
                }
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }

        #[test]
        fn a_linked_root_or_site_toml_leading_out_is_refused_at_the_root() {
            let (dir, site) = site("roots", |root| {
                std::fs::remove_dir_all(root.join("theme")).unwrap();
                symlink("../outside", root.join("theme")).unwrap();
                std::fs::remove_file(root.join("site.toml")).unwrap();
                symlink("../outside/secret.txt", root.join("site.toml")).unwrap();
                symlink("content", root.join("locales")).unwrap();
            });
            for rel in ["theme/static", "theme/templates"] {
                let walk = site.walk(rel).unwrap();
                assert!(walk.files.is_empty());
                assert_eq!(
                    walk.refused,
                    [Refused {
                        at: "theme".into(),
                        why: Why::Outside {
                            target: "../outside".into()
                        }
                    }]
                );
            }
            assert!(matches!(
                site.file("site.toml").unwrap(),
                Lookup::Refused(Refused { ref at, why: Why::Outside { .. } }) if at == "site.toml"
            ));
            // A root linked to another source is read under its own name.
            let locales = site.walk("locales").unwrap();
            let (files, refused) = names(&locales);
            assert_eq!(files, ["locales/en/index.md", "locales/img/a.svg"]);
            assert!(refused.is_empty());
            assert!(site.walk("content/none").unwrap().files.is_empty());
            // A file where a folder leads on is named as it is.
            assert_eq!(
                site.walk("content/en/index.md/x").unwrap().refused,
                [Refused {
                    at: "content/en/index.md".into(),
                    why: Why::Special { kind: "file" }
                }]
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }

        #[test]
        fn a_file_swapped_for_a_link_after_the_walk_is_not_read() {
            let (dir, site) = site("race", |_| {});
            let walk = site.walk("theme/static").unwrap();
            let css = &walk.files[0];
            std::fs::remove_file(&css.path).unwrap();
            symlink(dir.join("outside/secret.txt"), &css.path).unwrap();
            let err = site.read(css, 1000).unwrap_err().to_string();
            assert!(err.contains("changed while it was being read"), "{err}");
            std::fs::remove_dir_all(&dir).unwrap();
        }

        // rustix has no `mknodat` for Apple's systems.
        #[cfg(not(target_vendor = "apple"))]
        #[test]
        fn a_named_pipe_is_refused_and_never_opened() {
            let (dir, site) = site("fifo", |root| {
                use rustix::fs::{mknodat, FileType, Mode, CWD};
                let pipe = root.join("theme/static/pipe");
                mknodat(CWD, &pipe, FileType::Fifo, Mode::RUSR | Mode::WUSR, 0).unwrap();
            });
            let walk = site.walk("theme/static").unwrap();
            assert_eq!(
                walk.refused,
                [Refused {
                    at: "theme/static/pipe".into(),
                    why: Why::Special { kind: "named pipe" }
                }]
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn create_new_sets_the_mode_at_once_and_refuses_links_and_existing_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp("create");
        let key = dir.join("k");
        create_new(&key, b"x", Some(0o600)).unwrap();
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(create_new(&key, b"y", Some(0o600))
            .unwrap_err()
            .to_string()
            .contains("already exists"));
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("dangling")).unwrap();
        let err = create_new(&dir.join("dangling"), b"x", Some(0o600)).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(
            !dir.join("nowhere").exists(),
            "nothing written through the link"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Drawing the share cards, with the cards of earlier builds kept on disk.
//!
//! Drawing a card is most of what a card costs (shaping, filling, compressing a PNG); the same
//! SVG with the same fonts and the same renderer always gives the same bytes, so a card is kept
//! under the hash of those ([`cards::key`]) in `<site>/.zaklyk-cache/cards/` and a build that
//! changes no card draws none. The cache holds nothing the sources do not determine: deleting it
//! only costs time. Entries are written under a temporary name and renamed, so a build killed
//! midway leaves whole entries or none; a cache folder that is a symbolic link is not used (it
//! could lead anywhere); an entry that cannot be read is drawn again and one that cannot be
//! written is skipped. A full build removes the entries it did not use, and only files named
//! like entries.
//!
//! The same folder keeps the masks of the pages' QR codes (`qr-masks`, see [`qr::Masks`]) and
//! the widths of the cards' words (`card-widths`, see [`cards::Widths`]), by the same rules: read
//! only as regular files, replaced whole, and deleting them only costs time ([`Kept`]).

use crate::cards::CardJob;
use crate::cards::{self, Fonts};
use crate::diag::{Code, Diagnostic, Location};
use crate::fs;
use crate::qr;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where a site keeps its drawn cards.
pub(crate) fn folder(root: &Path) -> PathBuf {
    root.join(".zaklyk-cache").join("cards")
}

/// What a build keeps for the next one beside its cards: the masks of its QR codes and the
/// widths of its cards' words. Each is something the sources determine but that costs time to
/// find again; a kept value that is wrong for the sources is never used.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    pub(crate) qr_masks: qr::Masks,
    pub(crate) card_widths: cards::Widths,
    /// The parsed templates, kept in memory only (`serve`).
    pub(crate) templates: crate::templates::Kept,
    /// The theme's parts rendered, kept in memory only (`serve`).
    pub(crate) parts: crate::parts::Kept,
}

impl Kept {
    /// What the site's last build kept (nothing if there was none, or if it cannot be read).
    pub(crate) fn of(root: &Path) -> Kept {
        let text = |name: &str| kept_text(root, name).unwrap_or_default();
        Kept {
            qr_masks: qr::Masks::from_text(&text(QR_MASKS)),
            card_widths: cards::Widths::from_text(&text(CARD_WIDTHS)),
            templates: Default::default(),
            parts: Default::default(),
        }
    }

    /// Keeps what this build used, for the next one (each file only when it changed).
    pub(crate) fn keep(&self, root: &Path) {
        keep_text(root, QR_MASKS, &self.qr_masks.used_text());
        keep_text(root, CARD_WIDTHS, &self.card_widths.used_text());
    }

    /// Everything known here or found since, for the next run (`serve`'s next rebuild).
    pub(crate) fn carried(&self) -> Kept {
        Kept {
            qr_masks: self.qr_masks.carried(),
            card_widths: self.card_widths.carried(),
            templates: self.templates.carried(),
            parts: self.parts.carried(),
        }
    }
}

const QR_MASKS: &str = "qr-masks";
const CARD_WIDTHS: &str = "card-widths";

/// A file of the cache folder, read only as a regular file of at most 64 MiB.
fn kept_text(root: &Path, name: &str) -> Option<String> {
    let dir = root.join(".zaklyk-cache");
    if !usable(&dir) {
        return None;
    }
    let bytes = fs::read_kept(&dir.join(name), 64 << 20)?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Replaces a file of the cache folder whole (written aside, then renamed), unless it holds
/// `text` already.
fn keep_text(root: &Path, name: &str, text: &str) {
    let dir = root.join(".zaklyk-cache");
    let file = dir.join(name);
    if !usable(&dir) || fs::read_kept(&file, 64 << 20).is_some_and(|old| old == text.as_bytes()) {
        return;
    }
    replace_whole(&dir, &file, text.as_bytes());
}

/// How many cards a build drew and how many it took from the cache (`build --timings`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CardStats {
    pub(crate) drawn: usize,
    pub(crate) cached: usize,
}

/// The drawn cards by output path, the problems of those that could not be drawn, and the
/// counts. With `cache`, cards are looked up and stored there; `keys` gets every key used.
pub(crate) fn draw(
    jobs: &[CardJob],
    fonts: &Fonts,
    cache: Option<&Path>,
    keys: &mut BTreeSet<String>,
) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>, CardStats) {
    let cache = cache.filter(|dir| usable(dir));
    let results: Vec<(&CardJob, String, Drawn)> = jobs
        .par_iter()
        .map(|job| {
            let key = cards::key(&job.svg, fonts);
            // A kept card is a regular file of the cache itself: a link placed there (by a
            // commit, say) could lead anywhere on the disk, and a pipe would block the build.
            let kept =
                cache.and_then(|dir| fs::read_kept(&dir.join(format!("{key}.png")), 4 << 20));
            let drawn = match kept.filter(|bytes| bytes.starts_with(b"\x89PNG")) {
                Some(bytes) => Drawn::Kept(bytes),
                None => match cards::draw(&job.svg, fonts) {
                    Ok(bytes) => Drawn::Fresh(bytes),
                    Err(why) => Drawn::Failed(why),
                },
            };
            (job, key, drawn)
        })
        .collect();
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    let mut stats = CardStats::default();
    for (job, key, drawn) in results {
        let bytes = match drawn {
            Drawn::Kept(bytes) => {
                stats.cached += 1;
                bytes
            }
            Drawn::Fresh(bytes) => {
                if let Some(dir) = cache {
                    store(dir, &key, &bytes);
                }
                stats.drawn += 1;
                bytes
            }
            Drawn::Failed(why) => {
                problems.push(invalid(&why));
                continue;
            }
        };
        keys.insert(key);
        files.insert(job.path.clone(), bytes);
    }
    (files, problems, stats)
}

/// A card taken from the cache, drawn now, or not drawable.
enum Drawn {
    Kept(Vec<u8>),
    Fresh(Vec<u8>),
    Failed(String),
}

/// Checks that every card's SVG can be drawn, without drawing it (`check`).
pub(crate) fn validate(jobs: &[CardJob], fonts: &Fonts) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| cards::validate(&job.svg, fonts).err())
        .map(|why| invalid(&why))
        .collect();
    problems.dedup();
    problems
}

fn invalid(why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::CardSvgInvalid,
        Location::file("theme/templates/card.svg"),
        format!("the share card cannot be drawn: {why}"),
    )
    .with_help("card.svg must be an SVG document once filled in; its values are escaped")
}

/// Removes the entries of `dir` that are not in `keep` (files named `<64 hex digits>.png` only).
pub(crate) fn prune(dir: &Path, keep: &BTreeSet<String>) {
    if !usable(dir) {
        return;
    }
    let Ok(files) = fs::walk_files(dir) else {
        return;
    };
    for f in files {
        let Some(name) = f.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(key) = name.strip_suffix(".png") else {
            continue;
        };
        let is_entry = key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit());
        if is_entry && f.parent() == Some(dir) && !keep.contains(key) {
            let _ = fs::remove_file(&f);
        }
    }
}

/// Whether the cache folder may be used: not a link, and neither is the folder that holds it.
fn usable(dir: &Path) -> bool {
    !fs::is_symlink(dir) && dir.parent().is_none_or(|p| !fs::is_symlink(p))
}

fn store(dir: &Path, key: &str, png: &[u8]) {
    replace_whole(dir, &dir.join(format!("{key}.png")), png);
}

/// Writes `bytes` into `target` (a file of `dir`) under a temporary name and renames it: a run
/// killed midway leaves the whole file or none. A file that cannot be written is skipped.
fn replace_whole(dir: &Path, target: &Path, bytes: &[u8]) {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let temporary = dir.join(format!("{name}.{}.tmp", std::process::id()));
    let stored = fs::create_dir_all(dir)
        .and_then(|()| fs::create_new(&temporary, bytes, None))
        .and_then(|()| fs::rename(&temporary, target));
    if stored.is_err() && fs::is_taken(&temporary) {
        let _ = fs::remove_file(&temporary);
    }
}

//! `serve`'s incremental rebuilds: what a rebuild may take from the last good build rather than
//! do again. A stage of `serve` alone; `build`, `check` and `package` always start from nothing.
//!
//! The watcher reports the paths that changed; every path reported since the last good build
//! stays pending until a build succeeds, so a good save that arrives with a broken one is not
//! lost when that rebuild fails. From the pending paths and the last good site this module says
//! which page texts need not be read again ([`unchanged`]) and which pages must be rendered
//! again ([`affected`]): the languages whose strings or pages changed and those that fall back
//! to them, and a changed page in every language. Anything else — `site.toml`, templates, static files, signatories, a page added or
//! removed, a path the watcher could not name — renders everything. Whatever is taken from the
//! last build is what a clean build would make again from the same files; the preview's tests
//! compare the two byte for byte after random sequences of saves.

use crate::load::Unchanged;
use crate::model::Site;
use crate::project::Project;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The paths changed since the last good build, relative to the site folder with `/`, or `None`
/// when one of them is not below the site folder (then nothing is taken as unchanged). The site
/// folder itself stands for "anything may have changed" (a watcher that lost events).
fn relative(project: &Project, changed: &BTreeSet<PathBuf>) -> Option<Vec<String>> {
    changed
        .iter()
        .map(|path| {
            path.strip_prefix(&project.root)
                .ok()
                .map(|_| crate::fs::relative_slash(path, &project.root))
        })
        .collect()
}

/// Whether `rel` is one of `changed` or below one of them (a folder removed or renamed).
fn touched(rel: &str, changed: &[String]) -> bool {
    changed.iter().any(|c| {
        c.is_empty()
            || rel == c
            || (rel.len() > c.len()
                && rel.starts_with(c.as_str())
                && rel.as_bytes()[c.len()] == b'/')
    })
}

/// The texts of the last good site's pages and demands that no pending path touches: the next
/// load takes them as they are and reads only the others.
pub(crate) fn unchanged(project: &Project, last: &Site, changed: &BTreeSet<PathBuf>) -> Unchanged {
    let Some(changed) = relative(project, changed) else {
        return Unchanged::default();
    };
    let files = last
        .sources
        .iter()
        .map(|s| &s.file)
        .chain(last.demands.values().map(|d| &d.file));
    Unchanged(
        files
            .filter(|f| !touched(&f.path, &changed))
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect(),
    )
}

/// What a rebuild renders again: every page of `languages`, and the pages of `slugs` in every
/// language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scope {
    pub languages: BTreeSet<String>,
    pub slugs: BTreeSet<String>,
    /// Whether `sitemap.xml` is made again: its addresses, dates and alternates come from the
    /// pages alone, so a change to strings only keeps the last one.
    pub sitemap: bool,
}

/// What a set of changed files concerns, or `None` when everything must be rendered again
/// (configuration, templates, static files, signatories, demands, updates, or a change in the set
/// of pages). A language's strings or pages concern it and every language that falls back to
/// it (their pages show them, and list the titles); a page concerns its translations too, whose
/// switcher and alternates say which languages have it.
pub(crate) fn affected(
    project: &Project,
    site: &Site,
    old: &Site,
    changed: &BTreeSet<PathBuf>,
) -> Option<Scope> {
    if site.pages.len() != old.pages.len()
        || site
            .pages
            .iter()
            .zip(&old.pages)
            .any(|(a, b)| a.path != b.path)
    {
        return None;
    }
    let mut direct = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    for rel in relative(project, changed)? {
        let mut parts = rel.splitn(3, '/');
        let (folder, lang, rest) = (parts.next(), parts.next()?, parts.next()?);
        site.config.language(lang)?;
        match folder {
            Some("locales") => {}
            Some("content") => {
                let slug = rest.strip_suffix(".md")?;
                if slug == "demands" || rest.starts_with(crate::urls::UPDATES_FOLDER) {
                    return None;
                }
                slugs.insert(slug.to_string());
            }
            _ => return None,
        }
        direct.insert(lang.to_string());
    }
    let languages = site
        .config
        .languages
        .iter()
        .filter(|l| site.chain(&l.code).iter().any(|c| direct.contains(c)))
        .map(|l| l.code.clone())
        .collect();
    Some(Scope {
        languages,
        sitemap: !slugs.is_empty(),
        slugs,
    })
}

/// The site folder itself, standing for "anything may have changed".
pub(crate) fn everything(project: &Project) -> PathBuf {
    Path::new(&project.root).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_touched_by_itself_and_by_its_folders_only() {
        let changed = vec!["content/de".to_string(), "locales/uk/theme.ftl".to_string()];
        assert!(touched("content/de/a.md", &changed));
        assert!(touched("locales/uk/theme.ftl", &changed));
        assert!(!touched("content/dex/a.md", &changed));
        assert!(!touched("content/en/a.md", &changed));
        assert!(!touched("locales/uk/theme.ftl2", &changed));
        assert!(touched("content/en/a.md", &[String::new()]));
    }

    #[test]
    fn a_path_outside_the_site_folder_changes_everything() {
        let project = Project::new("/site");
        let inside: BTreeSet<PathBuf> = [PathBuf::from("/site/content/de/a.md")].into();
        assert_eq!(
            relative(&project, &inside),
            Some(vec!["content/de/a.md".to_string()])
        );
        let outside: BTreeSet<PathBuf> = [PathBuf::from("/elsewhere/a.md")].into();
        assert_eq!(relative(&project, &outside), None);
        let all: BTreeSet<PathBuf> = [everything(&project)].into();
        assert_eq!(relative(&project, &all), Some(vec![String::new()]));
    }
}

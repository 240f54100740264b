//! `serve`'s incremental rebuilds: what a rebuild may take from the last good build rather than
//! do again. A stage of `serve` alone; `build`, `check` and `package` always start from nothing.
//!
//! The watcher reports the paths that changed; every path reported since the last good build
//! stays pending until a build succeeds, so a good save that arrives with a broken one is not
//! lost when that rebuild fails. From the pending paths and the last good site this module says
//! which pages need not be read nor parsed again ([`unchanged`]: the parsed pages are shared with
//! the last site, not copied) and which pages must be rendered again ([`affected`]): the
//! languages whose strings changed and those that fall back to them (when only strings changed,
//! only their pages that showed a changed string, [`narrow`]); for a changed page, its
//! versions in every language, and when its front matter changed (its title is in listings and
//! the navigation), the pages of its language and of those falling back to it too. Once the last
//! build looked up a string in a language off the chain of the page or file that showed it (a
//! theme's part that names each version in its own language), an edit of strings renders
//! everything ([`Shown::crosses_languages`]). Anything
//! else — `site.toml`, templates, static files, signatories, demands, updates, a page added or
//! removed, a path the watcher could not name — renders everything. Whatever is taken from the
//! last build is what a clean build would make again from the same files; the preview's tests
//! compare the two byte for byte after random sequences of saves.

use crate::model::{Parsed, Site};
use crate::project::Project;
use crate::render::PageStrings;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// The parsed pages of the last good site that no pending path touches: the next build takes
/// them as they are, neither read nor parsed (a page's parse depends on its file alone; the pages
/// are shared, not copied). Only the other files are read.
pub(crate) fn unchanged(
    project: &Project,
    last: &Arc<Site>,
    changed: &BTreeSet<PathBuf>,
) -> Option<Arc<Parsed>> {
    let changed = relative(project, changed)?;
    let last = last.clone();
    Some(Arc::new(move |rel: &str| {
        if touched(rel, &changed) {
            return None;
        }
        let (lang, slug) = rel
            .strip_prefix("content/")?
            .strip_suffix(".md")?
            .split_once('/')?;
        last.own_source(lang, slug)
            .filter(|p| p.file.path == rel)
            .cloned()
    }))
}

/// Whether every changed path is in `locales/`: when none was added, removed or renamed (the
/// caller knows), only the text of strings changed, and a site is made from every other file.
pub(crate) fn strings_only(project: &Project, changed: &BTreeSet<PathBuf>) -> bool {
    relative(project, changed).is_some_and(|changed| {
        !changed.is_empty()
            && changed
                .iter()
                .all(|rel| rel.strip_prefix("locales/").is_some_and(|r| !r.is_empty()))
    })
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
    /// Of the pages of `languages`, only these, by language then slug (see [`narrow`]).
    pub pages: Option<BTreeMap<String, BTreeSet<String>>>,
}

/// What each page of the last good output looked up in the strings, by language and slug; and
/// the languages the other files of each language looked up strings in.
#[derive(Debug, Default)]
pub(crate) struct Shown {
    pages: HashMap<String, HashMap<String, PageStrings>>,
    wide: HashMap<String, BTreeSet<String>>,
}

impl Shown {
    /// Takes in what a rebuild recorded: in place of everything after a rebuild of everything.
    /// `wide` is what the files of each language rendered that are not pages looked up.
    pub(crate) fn update(
        &mut self,
        recorded: Vec<PageStrings>,
        wide: Vec<(String, BTreeSet<String>)>,
        everything: bool,
    ) {
        if everything {
            self.pages.clear();
            self.wide.clear();
        }
        for page in recorded {
            let slugs = self.pages.entry(page.lang.clone()).or_default();
            slugs.insert(page.slug.clone(), page);
        }
        self.wide.extend(wide);
    }

    fn of(&self, lang: &str, slug: &str) -> Option<&PageStrings> {
        self.pages.get(lang)?.get(slug)
    }

    /// Whether a page or file of the last good output looked up a string in a language off its
    /// own fallback chain (a theme's part that shows each version in its own language, say):
    /// then an edit of any language's strings may change files of any other, and the rebuild
    /// renders everything.
    pub(crate) fn crosses_languages(&self, site: &Site) -> bool {
        let off_chain = |lang: &str, asked: &BTreeSet<String>| {
            let chain = site.chain(lang);
            asked.iter().any(|l| !chain.contains(l))
        };
        self.wide.iter().any(|(lang, asked)| off_chain(lang, asked))
            || self.pages.iter().any(|(lang, pages)| {
                let chain = site.chain(lang);
                pages
                    .values()
                    .any(|p| p.looked.languages.iter().any(|l| !chain.contains(l)))
            })
    }
}

/// When only strings changed, narrows `scope` to the pages that showed one that `changed`, in
/// their language or along its fallback chain: a page's text comes from the strings it looks
/// up, and the others are kept as they are. The files of its languages that are not pages
/// (lists, feeds, the demands' pages) are all made again. A page not recorded is rendered.
pub(crate) fn narrow(scope: &mut Scope, site: &Site, shown: &Shown, changed: &Strings) {
    if !scope.slugs.is_empty() {
        return;
    }
    let mut pages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut chains: HashMap<&str, Vec<&BTreeSet<String>>> = HashMap::new();
    for page in site
        .pages
        .iter()
        .filter(|p| scope.languages.contains(&p.lang))
    {
        let changed_here = chains.entry(&page.lang).or_insert_with(|| {
            let chain = site.chain(&page.lang);
            chain.iter().filter_map(|l| changed.get(l)).collect()
        });
        let again = shown
            .of(&page.lang, &page.slug)
            .filter(|s| s.path == page.path)
            .is_none_or(|s| {
                s.looked
                    .ids
                    .iter()
                    .any(|id| changed_here.iter().any(|c| c.contains(id)))
            });
        if again {
            pages
                .entry(page.lang.clone())
                .or_default()
                .insert(page.slug.clone());
        }
    }
    scope.pages = Some(pages);
}

/// The output files of the pages of `scope`'s languages that it does not render again.
pub(crate) fn kept_pages(scope: &Scope, shown: &Shown) -> HashSet<String> {
    let Some(pages) = &scope.pages else {
        return HashSet::new();
    };
    let mut kept = HashSet::new();
    for lang in &scope.languages {
        let again = pages.get(lang);
        for (slug, page) in shown.pages.get(lang).into_iter().flatten() {
            if !again.is_some_and(|a| a.contains(slug)) {
                kept.insert(page.path.clone());
            }
        }
    }
    kept
}

/// Whether a changed path is in `locales/`: then which strings changed is asked of the strings
/// themselves ([`Strings`]).
pub(crate) fn touches_strings(project: &Project, changed: &BTreeSet<PathBuf>) -> bool {
    relative(project, changed).is_some_and(|changed| {
        changed
            .iter()
            .any(|rel| rel == "locales" || rel.starts_with("locales/"))
    })
}

/// The ids of the strings that changed since the last good build, by language
/// ([`crate::i18n::Locales::changed_since`]).
pub(crate) type Strings = BTreeMap<String, BTreeSet<String>>;

/// What a set of changed files concerns, or `None` when everything must be rendered again
/// (configuration, templates, static files, signatories, demands, updates, or a change in the set
/// of pages). A language's strings concern it and every language that falls back to it (their
/// pages show them). A page concerns its versions in every language (those falling back to it
/// show its text; translations say whether they are current with it); when more than its body
/// changed, also every page of its language and of the languages falling back to it, which list
/// its title. Links into a page from pages not rendered again are checked by `serve`.
pub(crate) fn affected(
    project: &Project,
    site: &Site,
    old: &Site,
    changed: &BTreeSet<PathBuf>,
    strings: Option<&Strings>,
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
    let mut sitemap = false;
    for rel in relative(project, changed)? {
        let mut parts = rel.splitn(3, '/');
        let (folder, lang, rest) = (parts.next(), parts.next()?, parts.next()?);
        site.config.language(lang)?;
        match folder {
            // The languages whose strings differ, whichever file was saved (one can be a link
            // to another language's).
            Some("locales") => {
                direct.extend(strings?.keys().cloned());
                continue;
            }
            Some("content") => {
                let slug = rest.strip_suffix(".md")?;
                if slug == "demands" || rest.starts_with(crate::urls::UPDATES_FOLDER) {
                    return None;
                }
                slugs.insert(slug.to_string());
                if body_only(site, old, lang, slug) {
                    continue;
                }
                sitemap = true;
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
        sitemap,
        slugs,
        pages: None,
    })
}

/// Whether only the body of `lang`'s own page `slug` changed, not its front matter: then the
/// page concerns no other page of its language (they list its title, date and navigation entry,
/// all front matter), only its own versions in every language: those showing it as a fallback,
/// and its translations, which say whether they are current with its text. The statement is
/// never body-only: its body holds the place of the demands, which other pages show.
fn body_only(site: &Site, old: &Site, lang: &str, slug: &str) -> bool {
    slug != "index"
        && matches!(
            (site.own_file(lang, slug), old.own_file(lang, slug)),
            (Some(new), Some(was)) if new.front == was.front
        )
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

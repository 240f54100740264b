//! `zaklyk check`: run the pipeline of `build` (the same rules: see [`crate::rules`]), write
//! nothing (except with `--mark-current`), report every problem.

use super::{print_report, Outcome};
use crate::cli::{CheckArgs, Format};
use crate::console::errln;
use crate::diag::Report;
use crate::i18n::{self, Locales};
use crate::model::Site;
use crate::pipeline::{self, BuildOptions, Built};
use crate::project::Project;
use crate::{content, digest, fs};
use anyhow::{bail, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let project = Project::new(&args.root.root);
    let only = match (&args.locale, &args.mark_current) {
        (Some(a), Some(b)) if a != b => {
            bail!("--locale {a} and --mark-current {b} name different languages")
        }
        (locale, mark) => locale.as_ref().or(mark.as_ref()).cloned(),
    };
    // Built without --strict: marking a language current is refused for its errors, not for the
    // warnings (outdated translations) that marking is there to settle.
    let mut built = pipeline::build(&project, &BuildOptions::default())?;
    if let (Some(lang), Some(site)) = (&only, &built.site) {
        known_language(site, lang)?;
    }
    if let Some(lang) = &args.mark_current {
        let (Some(site), Some(locales)) = (&built.site, &built.locales) else {
            return finish(&project, &built, args, only.as_deref());
        };
        let selection = Selection::new(&project, site, locales, lang, args)?;
        let mut own = built.report.clone();
        retain_language(&mut own, lang);
        if own.has_errors() {
            print_report(&own);
            errln!(
                "`{lang}` has errors; nothing was marked current: fix them, then run `zaklyk check --mark-current {lang}` again"
            );
            return Ok(Outcome::Problems);
        }
        mark_current(&project, site, locales, lang, &selection)?;
        // The findings as they are now that the files record their sources.
        built = pipeline::build(&project, &BuildOptions::default())?;
    }
    finish(&project, &built, args, only.as_deref())
}

/// Prints the findings (of one language with `--locale`/`--mark-current`), with `--strict`
/// applied, and a one-line summary when there is nothing to report.
fn finish(
    project: &Project,
    built: &Built,
    args: &CheckArgs,
    only: Option<&str>,
) -> Result<Outcome> {
    let mut report = built.report.clone();
    if let Some(lang) = only {
        retain_language(&mut report, lang);
    }
    pipeline::settle(
        &mut report,
        &BuildOptions {
            strict: args.strict,
            ..BuildOptions::default()
        },
    );
    match args.format {
        Format::Human => print_report(&report),
        Format::Json => crate::console::out_json(&report.diagnostics)?,
    }
    if report.diagnostics.is_empty() {
        if let (Some(site), Some(locales)) = (&built.site, &built.locales) {
            errln!("{}: no problems", summary(site, locales, only));
        } else {
            errln!("checked `{}`: no problems", project.root.display());
        }
    }
    Ok(if report.has_errors() {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

/// `checked 6 languages, 12 pages, 312 messages`, or `checked es: 2 pages, 52 messages`.
fn summary(site: &Site, locales: &Locales, only: Option<&str>) -> String {
    let languages: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .filter(|code| only.is_none_or(|o| o == *code))
        .collect();
    let pages = site
        .pages
        .iter()
        .filter(|p| languages.contains(&p.lang.as_str()))
        .count();
    let messages: usize = languages
        .iter()
        .map(|l| locales.messages.get(*l).map_or(0, Vec::len))
        .sum();
    let counts = format!(
        "{pages} page{}, {messages} message{}",
        plural(pages),
        plural(messages)
    );
    match only {
        Some(lang) => format!("checked {lang}: {counts}"),
        None => format!(
            "checked {} language{}, {counts}",
            languages.len(),
            plural(languages.len())
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A usage error (exit 2) naming the site's languages, for a code that is not one of them.
fn known_language(site: &Site, lang: &str) -> Result<()> {
    if site.config.language(lang).is_none() {
        let codes: Vec<&str> = site
            .config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        bail!(
            "`{lang}` is not a language of this site; its languages are {}",
            codes.join(", ")
        );
    }
    Ok(())
}

/// Keeps the findings in a language's own files (`content/L/`, `locales/L/`).
fn retain_language(report: &mut Report, lang: &str) {
    let prefixes = [format!("content/{lang}/"), format!("locales/{lang}/")];
    report.diagnostics.retain(|d| {
        prefixes
            .iter()
            .any(|p| d.location.file.starts_with(p.as_str()))
    });
}

/// What `--mark-current` records: everything of the language, or the files and messages named
/// with `--file` and `--message`.
struct Selection {
    /// Site-relative paths (`content/es/about.md`, `locales/es/theme.ftl`); empty with messages
    /// empty means everything.
    files: BTreeSet<String>,
    messages: BTreeSet<String>,
}

impl Selection {
    fn new(
        project: &Project,
        site: &Site,
        locales: &Locales,
        lang: &str,
        args: &CheckArgs,
    ) -> Result<Selection> {
        if lang == site.config.source_language {
            bail!("`{lang}` is the source language; only translations record what they were translated from");
        }
        let mut files = BTreeSet::new();
        for path in &args.file {
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
        for id in &args.message {
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

/// Records that the selected translated files of `lang` are current: `source_hash` in the front
/// matter of its pages, a `# source: …` line above each of its Fluent messages.
fn mark_current(
    project: &Project,
    site: &Site,
    locales: &Locales,
    lang: &str,
    selection: &Selection,
) -> Result<()> {
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
    errln!(
        "recorded as translated from the current source text: {} page file{} and {marked_messages} message{} in {ftl_files} Fluent file{} of `{lang}`",
        files.len(),
        plural(files.len()),
        plural(marked_messages),
        plural(ftl_files),
    );
    Ok(())
}

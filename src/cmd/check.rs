//! `zaklyk check`: run the pipeline of `build` (the same rules: see [`crate::pipeline::rules`]),
//! write nothing (except with `--mark-current`, [`crate::mark_current`]), report every problem.

use super::{print_report, Outcome};
use crate::cli::{CheckArgs, Format};
use crate::console::errln;
use crate::diag::Report;
use crate::i18n::Locales;
use crate::mark_current::{self, Selection};
use crate::model::Site;
use crate::pipeline::{self, BuildOptions, Built};
use crate::project::Project;
use anyhow::{bail, Result};

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
    let mut built = pipeline::build(&project, &BuildOptions::default(), None)?;
    if let (Some(lang), Some(site)) = (&only, &built.site) {
        known_language(site, lang)?;
    }
    if let Some(lang) = &args.mark_current {
        let (Some(site), Some(locales)) = (&built.site, &built.locales) else {
            return finish(&project, &built, args, only.as_deref());
        };
        let selection = Selection::new(&project, site, locales, lang, &args.file, &args.message)?;
        let mut own = built.report.clone();
        retain_language(&mut own, lang);
        if own.has_errors() {
            print_report(&own);
            errln!(
                "`{lang}` has errors; nothing was marked current: fix them, then run `zaklyk check --mark-current {lang}` again"
            );
            return Ok(Outcome::Problems);
        }
        let marked = mark_current::mark_current(&project, site, locales, lang, &selection)?;
        errln!(
            "recorded as translated from the current source text: {} page file{} and {} message{} in {} Fluent file{} of `{lang}`",
            marked.page_files,
            plural(marked.page_files),
            marked.messages,
            plural(marked.messages),
            marked.fluent_files,
            plural(marked.fluent_files),
        );
        // The findings as they are now that the files record their sources.
        built = pipeline::build(&project, &BuildOptions::default(), None)?;
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

//! `zaklyk check`: run the pipeline and the translation checks, write nothing (except with
//! `--mark-current`), report every problem.

use super::{print_report, Outcome};
use crate::cli::{CheckArgs, Format};
use crate::console::errln;
use crate::diag::Report;
use crate::i18n::{self, Locales};
use crate::model::Site;
use crate::project::Project;
use crate::{check, content, digest, fs, BuildOptions};
use anyhow::{bail, Result};
use std::collections::BTreeMap;

pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let project = Project::new(&args.root.root);
    if let Some(lang) = &args.mark_current {
        // Marking needs the sources only; the check below then sees the files as written.
        let prepared = crate::prepare(&project, &BuildOptions::default())?;
        if let (Some(site), Some(locales)) = (&prepared.site, &prepared.locales) {
            mark_current(&project, site, locales, lang)?;
        }
    }
    let mut built = crate::build(&project, &BuildOptions::default())?;
    if let (Some(site), Some(locales)) = (&built.site, &built.locales) {
        built.report.extend(check::translations(site, locales));
    }
    built.report.normalize();
    if let Some(lang) = &args.locale {
        let prefixes = [format!("content/{lang}/"), format!("locales/{lang}/")];
        built.report.diagnostics.retain(|d| {
            prefixes
                .iter()
                .any(|p| d.location.file.starts_with(p.as_str()))
        });
    }
    if args.strict {
        built.report.promote_warnings();
    }
    report(&built.report, args.format)?;
    Ok(if built.report.has_errors() {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

fn report(report: &Report, format: Format) -> Result<()> {
    match format {
        Format::Human => print_report(report),
        Format::Json => crate::console::out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report.diagnostics)?
        ))?,
    }
    Ok(())
}

/// Records that every translated file of `lang` is current: `source_hash` in the front matter of
/// its pages, a `# source: …` line above each of its Fluent messages.
fn mark_current(project: &Project, site: &Site, locales: &Locales, lang: &str) -> Result<()> {
    if lang == site.config.source_language {
        bail!("`{lang}` is the source language; only translations record a source_hash");
    }
    if site.config.language(lang).is_none() {
        bail!("`{lang}` is not a language of this site");
    }
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
    for (file, hash) in &files {
        let text = content::with_front_matter_value(&file.path, &file.text, "source_hash", hash)
            .map_err(|d| anyhow::anyhow!("{d}"))?;
        if text != file.text {
            fs::write(&project.root.join(&file.path), text.as_bytes())?;
        }
    }
    // Every Fluent message of the language gets a `# source: …` line with its source's hash.
    let hashes: BTreeMap<String, String> = locales
        .messages
        .get(&site.config.source_language)
        .into_iter()
        .flatten()
        .map(|m| (m.id.clone(), m.entry_hash.clone()))
        .collect();
    let mut ftl_files = 0;
    for f in crate::load::read_texts(project, &format!("locales/{lang}"))?
        .iter()
        .filter(|f| f.path.ends_with(".ftl"))
    {
        let marked = i18n::with_source_marks(&f.text, &hashes);
        if marked != f.text {
            fs::write(&project.root.join(&f.path), marked.as_bytes())?;
        }
        ftl_files += 1;
    }
    errln!(
        "recorded {} page file(s) and {ftl_files} Fluent file(s) of `{lang}` as translated from the current source text",
        files.len()
    );
    Ok(())
}

//! `zaklyk check`: run the pipeline, write nothing, report every problem.

use super::{print_report, Outcome};
use crate::cli::{CheckArgs, Format};
use crate::project::Project;
use crate::BuildOptions;
use anyhow::Result;

pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let project = Project::new(&args.root.root);
    let mut built = crate::build(&project, &BuildOptions::default())?;
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
    match args.format {
        Format::Human => print_report(&built.report),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&built.report.diagnostics)?
        ),
    }
    Ok(if built.report.has_errors() {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

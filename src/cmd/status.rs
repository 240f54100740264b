//! `zaklyk status`: translation coverage per language, as a table or JSON (stdout), and the
//! site's errors, if any (stderr, exit 1).

use super::{print_report, Outcome};
use crate::cli::{Format, StatusArgs};
use crate::diag::Report;
use crate::pipeline::{self, BuildOptions};
use crate::project::Project;
use crate::{console, status};
use anyhow::Result;

pub fn run(args: &StatusArgs) -> Result<Outcome> {
    let project = Project::new(&args.root.root);
    let built = pipeline::prepare(&project, &BuildOptions::default())?;
    let (Some(site), Some(locales)) = (&built.site, &built.locales) else {
        print_report(&built.report);
        return Ok(Outcome::Problems);
    };
    let statuses = status::summarize(site, locales);
    // Coverage is counted over what could be read: a file the site refuses to read (a link out
    // of the site folder, a file that is not UTF-8) is an error, and the figures may lack it.
    let errors = Report {
        diagnostics: built
            .report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect(),
    };
    print_report(&errors);
    match args.format {
        Format::Human => console::out(&status::table(&statuses))?,
        Format::Json => console::out_json(&statuses)?,
    }
    Ok(if errors.has_errors() {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

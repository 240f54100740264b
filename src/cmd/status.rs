//! `zaklyk status`: translation coverage per language, as a table or JSON.

use super::{print_report, Outcome};
use crate::cli::{Format, StatusArgs};
use crate::project::Project;
use crate::{status, BuildOptions};
use anyhow::Result;

pub fn run(args: &StatusArgs) -> Result<Outcome> {
    let project = Project::new(&args.root.root);
    let built = crate::prepare(&project, &BuildOptions::default())?;
    let (Some(site), Some(locales)) = (&built.site, &built.locales) else {
        print_report(&built.report);
        return Ok(Outcome::Problems);
    };
    let statuses = status::summarize(site, locales);
    match args.format {
        Format::Human => print!("{}", status::table(&statuses)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&statuses)?),
    }
    Ok(Outcome::Ok)
}

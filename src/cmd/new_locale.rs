//! `zaklyk new-locale CODE`: scaffold a language for a translator ([`crate::scaffold`]).

use super::Outcome;
use crate::cli::NewLocaleArgs;
use crate::console::errln;
use crate::project::Project;
use crate::scaffold;
use anyhow::Result;

pub fn run(args: &NewLocaleArgs) -> Result<Outcome> {
    let project = Project::new(&args.root.root);
    let code = args.code.as_str();
    let written = scaffold::new_locale(&project, code, &args.fallback)?;
    errln!(
        "created locales/{code}/ and content/{code}/ ({written} files) and added [languages.{code}] to site.toml.\n\
         Next: check its name in site.toml, translate the files, then run `zaklyk check --locale {code}`."
    );
    Ok(Outcome::Ok)
}

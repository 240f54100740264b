//! `zaklyk init DIR`: a new site folder that builds as it is ([`crate::scaffold::site`]).

use super::Outcome;
use crate::cli::InitArgs;
use crate::console::errln;
use crate::scaffold;
use anyhow::Result;

pub fn run(args: &InitArgs) -> Result<Outcome> {
    let dir = &args.dir;
    scaffold::site::new_site(dir)?;
    errln!(
        "created a new site in `{}`; build it with: zaklyk build --root {}",
        dir.display(),
        dir.display()
    );
    Ok(Outcome::Ok)
}

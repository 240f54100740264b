//! `zaklyk package`: the hosted site plus its offline downloads ([`crate::packaging`]), in one
//! atomic write.

use super::{print_report, Outcome};
use crate::cli::PackageArgs;
use crate::console::errln;
use crate::packaging;
use crate::pipeline::BuildOptions;
use crate::signing;
use anyhow::Result;
use std::time::Instant;

pub fn run(args: &PackageArgs) -> Result<Outcome> {
    let started = Instant::now();
    let (project, out) = super::site_and_output(&args.root.root, args.out.as_deref())?;
    // A wrong key is a usage error: found before any work.
    let key = args.sign.as_deref().map(signing::load_secret).transpose()?;
    let options = BuildOptions {
        base_url: args.base_url.clone(),
        pseudo: false,
        strict: args.strict,
        draw_cards: true,
    };
    let packaged = packaging::package(&project, &options, key.as_ref())?;
    for report in &packaged.reports {
        print_report(report);
    }
    let Some(online) = packaged.output else {
        errln!("package failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    };
    online.write(&out)?;
    errln!(
        "packaged {} files into `{}` in {} ms:",
        online.files.len(),
        out.display(),
        started.elapsed().as_millis()
    );
    for (path, bytes) in online
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("download/"))
    {
        errln!("  {path}  {} bytes", bytes.len());
    }
    Ok(Outcome::Ok)
}

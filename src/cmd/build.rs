//! `zaklyk build`: run the pipeline and, only if it found no errors, replace the output folder.

use super::{print_report, Outcome};
use crate::cli::BuildArgs;
use crate::console::errln;
use crate::pipeline::{self, BuildOptions};
use anyhow::Result;
use std::time::Instant;

pub fn run(args: &BuildArgs) -> Result<Outcome> {
    let started = Instant::now();
    let (project, out) = super::site_and_output(&args.root.root, args.out.as_deref())?;
    let built = pipeline::build(
        &project,
        &BuildOptions {
            base_url: args.base_url.clone(),
            pseudo: args.pseudo,
            strict: args.strict,
            draw_cards: true,
        },
        Some(&out),
    )?;
    print_report(&built.report);
    let Some(site_output) = built.output.filter(|_| !built.report.has_errors()) else {
        errln!("build failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    };
    let write_started = Instant::now();
    site_output.write(&out)?;
    if args.timings {
        for (stage, took) in built
            .timings
            .iter()
            .chain([&("write the rest and swap", write_started.elapsed())])
        {
            errln!("{:>9.1} ms  {stage}", took.as_secs_f64() * 1000.0);
        }
        errln!(
            "share cards: {} drawn, {} from the cache",
            built.cards.drawn,
            built.cards.cached
        );
    }
    let pages = built.site.map_or(0, |s| s.pages.len());
    errln!(
        "built {} pages ({} files, {} KiB) into `{}` in {} ms",
        pages,
        site_output.len(),
        site_output.total_bytes().div_ceil(1024),
        out.display(),
        started.elapsed().as_millis()
    );
    Ok(Outcome::Ok)
}

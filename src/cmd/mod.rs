//! The verbs. Each is short orchestration over [`crate::pipeline`] and the modules of the delivery
//! layer; what they share (printing a report, the exit status) is here.

pub mod build;
pub mod check;
pub mod init;
pub mod new_locale;
pub mod package;
pub mod serve;
pub mod status;
pub mod verify;

use crate::console::errln;
use crate::diag::Report;
use std::process::ExitCode;

/// How a verb ended, when it could run at all (usage and I/O failures are `Err`, exit 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Problems in the input: exit 1.
    Problems,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::Problems => ExitCode::from(1),
        }
    }
}

/// The site folder and the output folder (`<root>/dist` by default), refusing an output folder
/// whose replacement would destroy the site's own files.
pub(crate) fn site_and_output(
    root: &std::path::Path,
    out: Option<&std::path::Path>,
) -> anyhow::Result<(crate::project::Project, std::path::PathBuf)> {
    let project = crate::project::Project::new(root);
    let out = out.map_or_else(|| project.default_out_dir(), std::path::Path::to_path_buf);
    crate::output::check_out_dir(&project.root, &out)?;
    Ok((project, out))
}

/// Prints every diagnostic to stderr, then a count line when there are any.
pub(crate) fn print_report(report: &Report) {
    for d in &report.diagnostics {
        errln!("{d}\n");
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    if errors + warnings > 0 {
        errln!(
            "{} error{}, {} warning{}",
            errors,
            plural_s(errors),
            warnings,
            plural_s(warnings)
        );
    }
}

fn plural_s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

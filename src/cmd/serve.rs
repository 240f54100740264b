//! `zaklyk serve`: build in memory, serve on 127.0.0.1 (or `--bind`), rebuild on every save.

use super::Outcome;
use crate::cli::ServeArgs;
use crate::console::errln;
use crate::serve::{self, Options};
use anyhow::Result;

pub fn run(args: &ServeArgs) -> Result<Outcome> {
    let loopback = args.bind == "localhost"
        || args
            .bind
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        errln!(
            "warning: serving on {}: other devices on this network can read the preview (and its unpublished drafts)",
            args.bind
        );
    }
    let options = Options {
        root: crate::fs::canonicalize(&args.root.root)?,
        bind: args.bind.clone(),
        port: args.port,
        timings: args.timings,
    };
    serve::run(&options, |address| {
        errln!(
            "serving at {address} (Ctrl+C to stop); watching site.toml, content/, locales/, theme/"
        );
        if args.open {
            open_browser(address);
        }
    })?;
    Ok(Outcome::Ok)
}

fn open_browser(address: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command).arg(address).spawn() {
        errln!("warning: could not open a browser ({command}: {e}); open {address} yourself");
    }
}

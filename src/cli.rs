//! The command line: clap definitions only. `main.rs` dispatches, `cmd/<verb>.rs` does the work.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The command line of this process; prints usage and exits on a usage error, as clap does.
pub fn parse() -> Cli {
    Cli::parse()
}

#[derive(Parser, Debug)]
#[command(name = "zaklyk", version, about = "Build a multilingual campaign site from Markdown and Fluent", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (dist/ by default)
    Build(BuildArgs),
    /// Check everything a build reads, without writing anything
    Check(CheckArgs),
    /// Build the site with its offline downloads: a zip, one file per language, checksums
    Package(PackageArgs),
    /// Preview the site, rebuilding and reloading on every save
    Serve(ServeArgs),
    /// Show translation coverage per language
    Status(StatusArgs),
    /// Check a downloaded copy against SHA256SUMS and its signature
    Verify(VerifyArgs),
    /// Make an Ed25519 key pair for `package --sign`
    Keygen(KeygenArgs),
    /// Scaffold a new language for translators
    NewLocale(NewLocaleArgs),
    /// Make a new, buildable site folder
    Init(InitArgs),
}

#[derive(Args, Debug, Clone)]
pub struct RootArg {
    /// The site folder (the one with site.toml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Output folder [default: ROOT/dist]
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// Publish at this address instead of site.toml's base_url
    #[arg(long, value_parser = base_url)]
    pub(crate) base_url: Option<String>,
    /// Treat warnings as errors
    #[arg(long)]
    pub(crate) strict: bool,
    /// Print the time each stage took
    #[arg(long)]
    pub(crate) timings: bool,
    /// Also build a pseudo-translation (en-XA: accented, lengthened strings) to find hard-coded
    /// text and layouts that break on long words
    #[arg(long)]
    pub(crate) pseudo: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Only report problems of this language's files
    #[arg(long)]
    pub(crate) locale: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Treat warnings as errors
    #[arg(long)]
    pub(crate) strict: bool,
    /// Record the translations of language L as made from the current source text (writes
    /// `source_hash` into the front matter of its pages and a `# source:` line above each of its
    /// Fluent messages); refused while L has errors
    #[arg(long, value_name = "L")]
    pub(crate) mark_current: Option<String>,
    /// With --mark-current: record only this file of L (a page, demands.md or a .ftl file);
    /// repeatable
    #[arg(long, value_name = "PATH", requires = "mark_current")]
    pub(crate) file: Vec<PathBuf>,
    /// With --mark-current: record only this Fluent message of L; repeatable
    #[arg(long, value_name = "ID", requires = "mark_current")]
    pub(crate) message: Vec<String>,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folder to create the site in (must not exist or be empty)
    pub dir: PathBuf,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    pub root: RootArg,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
}

#[derive(Args, Debug)]
pub struct NewLocaleArgs {
    /// The BCP 47 code of the new language (names the folders content/CODE/ and locales/CODE/)
    pub code: String,
    #[command(flatten)]
    pub(crate) root: RootArg,
    /// Languages of the site to show where this one has no translation yet, in order, before the
    /// source language (e.g. --fallback uk,en) [default: the source language only]
    #[arg(long, value_name = "L,…", value_delimiter = ',')]
    pub(crate) fallback: Vec<String>,
}

#[derive(Args, Debug)]
pub struct PackageArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Sign SHA256SUMS with this Ed25519 secret key file (see `zaklyk keygen`)
    #[arg(long, value_name = "KEY")]
    pub(crate) sign: Option<PathBuf>,
    /// Output folder [default: ROOT/dist]; the downloads go to its download/ folder
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// Publish at this address instead of site.toml's base_url
    #[arg(long, value_parser = base_url)]
    pub(crate) base_url: Option<String>,
    /// Treat warnings as errors
    #[arg(long)]
    pub(crate) strict: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// Address to listen on; 0.0.0.0 makes the preview reachable from other devices (a phone)
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: String,
    /// Open the preview in a browser
    #[arg(long)]
    pub(crate) open: bool,
    /// Print the time each stage of every rebuild took
    #[arg(long)]
    pub(crate) timings: bool,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The downloaded file (the offline zip or a single page)
    pub file: PathBuf,
    /// The publisher's public key: a key file, or its 64 hex digits
    #[arg(long)]
    pub(crate) key: String,
    /// The checksums [default: SHA256SUMS beside FILE]
    #[arg(long)]
    pub(crate) sums: Option<PathBuf>,
    /// The signature of the checksums [default: SUMS.sig]
    #[arg(long)]
    pub(crate) sig: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// Folder to write zaklyk-signing.key (secret) and zaklyk-signing.pub into
    pub dir: PathBuf,
}

/// `--base-url`: validated and normalized like `base_url` in site.toml; a bad one is a usage error.
fn base_url(text: &str) -> Result<String, String> {
    crate::project::parse_base_url(text).map_err(|bad| bad.to_string())
}

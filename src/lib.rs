//! zaklyk: a static multilingual campaign-site generator.
//!
//! The pipeline is plain data passed from stage to stage; each verb runs the prefix it needs:
//!
//! ```text
//! Project ─load─▶ Sources ─assemble─▶ Site + Locales ─render─▶ Output ─▶ dist/ | zip | serve
//!                                          │ rules                 │ rules
//!                                          └───────▶ Report ◀──────┘
//! ```
//!
//! Every verb runs the same rules ([`pipeline`]): [`pipeline::prepare`] checks the sources (translations, demands,
//! signatories) and [`pipeline::render_site`] the output (links, requests to other origins); [`pipeline::settle`]
//! applies `--strict`. An error anywhere means nothing is published, by `build`, `package` or
//! `serve` alike; `check` runs the same pipeline and writes nothing.
//!
//! Content problems travel as [`diag::Diagnostic`]s with `path:line:col`, collected so that a run
//! reports all of them; environment failures (I/O) are `anyhow` errors naming the path.
//!
//! Where things are: reading the site folder [`load`] (all I/O through [`fs`]); `site.toml`
//! [`project`]; front matter, demands, signatories [`content`] (TOML through [`toml_de`]); pages
//! per language and fallbacks [`model`]; Fluent [`i18n`]; language names from CLDR [`names`];
//! Markdown [`markdown`]; what templates see [`views`]; Tera [`templates`]; the built-in theme
//! [`theme`]; rendering [`render`]; share cards, demand pages and updates [`spread`], drawn by
//! [`cards`] and kept by [`card_cache`]; QR codes [`qr`]; minify-html [`minify`]; the output scan
//! of every published file [`publish`], with the scanner of what would contact another origin
//! [`origins`]; the rules over links, translations, demands and signatories [`check`];
//! coverage [`status`]; the output and its atomic write [`output`]; zip [`package`]; hashes
//! [`digest`]; signatures [`signing`]; the live preview [`serve`] and its HTTP server [`http`];
//! the verbs [`cmd`]; the terminal [`console`]; the limits that keep every build finite
//! [`limits`], and the measures of nesting that enforce them before a library recurses
//! [`nesting`].

// Operating-system calls go through rustix and std; nothing here needs `unsafe`.
#![forbid(unsafe_code)]

pub mod card_cache;
pub mod cards;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod console;
pub mod content;
pub mod css;
pub mod diag;
pub mod digest;
pub mod downloads;
pub mod fs;
pub mod hosting;
pub mod http;
pub mod i18n;
pub mod language;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod minify;
pub mod model;
pub mod names;
pub mod nesting;
pub mod origins;
pub mod output;
pub mod package;
pub mod pipeline;
pub mod project;
pub mod publish;
pub mod qr;
pub mod render;
pub mod serve;
pub mod signing;
pub mod status;
pub mod templates;
pub mod theme;
pub mod toml_de;
pub mod urls;
pub mod views;

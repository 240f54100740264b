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
//! Every verb runs the same rules ([`pipeline`]): [`pipeline::prepare`] checks the sources
//! (translations, demands, signatories) and [`pipeline::render_site`] the output (links, requests
//! to other origins); [`pipeline::settle`] applies `--strict`. An error anywhere means nothing is
//! published, by `build`, `package` or `serve` alike; `check` runs the same pipeline and writes
//! nothing.
//!
//! Content problems travel as [`diag::Diagnostic`]s with `path:line:col`, collected so that a run
//! reports all of them; environment failures (I/O) are `anyhow` errors naming the path.
//!
//! # Layers
//!
//! Every module belongs to one layer and uses only modules of its own layer or of layers below
//! it, and no two modules use each other, even through others. The integration test
//! `architecture` reads this table and every `crate::` path of `src/` and fails on an edge that
//! goes up or closes a cycle, naming it; it also holds each third-party library to the one module
//! that uses it.
//!
//! ```text
//! layer 8 interface:    main, cli, cmd
//! layer 7 delivery:     serve, incremental, http, mark_current, packaging, pipeline, downloads, package, scaffold
//! layer 6 rendering:    render
//! layer 5 presentation: views, parts, templates, card_cache, cards, qr, publish, hosting
//! layer 4 site:         status, check, model
//! layer 3 sources:      names, i18n, content, markdown, minify, theme
//! layer 2 inputs:       load, project, output
//! layer 1 primitives:   origins, css, language, signing, toml_de, nesting, limits, urls, digest, fs, console, diag
//! ```
//!
//! Where things are, bottom up. Primitives: problems and their locations [`diag`]; every
//! filesystem call [`fs`]; the terminal [`console`]; hashes and encodings [`digest`]; addresses
//! and output paths [`urls`]; TOML with spans [`toml_de`]; the limits that keep every build finite
//! [`limits`] and the measures of nesting that enforce them before a library recurses [`nesting`];
//! language tags, directions and plural rules [`language`]; CSS colours and what a stylesheet
//! loads [`css`]; signatures [`signing`]; the scanner of what would contact another origin
//! [`origins`]. Inputs: `site.toml` [`project`]; reading the site folder [`load`]; the output and
//! its atomic write [`output`]. Sources: front matter, demands, signatories [`content`]; Markdown
//! [`markdown`]; Fluent [`i18n`]; language names from CLDR [`names`]; minify-html [`minify`]; the
//! built-in theme [`theme`]. Site: pages per language and fallbacks [`model`]; the rules over
//! links, translations, demands and signatories [`check`]; coverage [`status`]. Presentation: Tera
//! [`templates`]; what templates see [`views`]; the parts of a page rendered once for all pages
//! [`parts`]; share cards [`cards`], kept by [`card_cache`]; QR
//! codes [`qr`]; the output scan of every published file [`publish`]; the hosting kit [`hosting`].
//! Rendering: [`render`], with the demand pages, one-sheet and updates of [`render::spread`].
//! Delivery: the pipeline every verb runs [`pipeline`]; what `package` publishes [`packaging`],
//! with its downloads [`downloads`] zipped by [`package`]; a new language's files [`scaffold`];
//! the record that translations are current [`mark_current`]; the live preview [`serve`] and its
//! HTTP server [`http`]. Interface: the command line [`cli`] and the verbs [`cmd`].
//!
//! # Public surface
//!
//! Everything is `pub(crate)` but what other crates use: the binary (`src/main.rs`: [`cli`],
//! [`cmd`], [`console`], [`limits`]), the integration tests (the pipeline and its data types,
//! hashes, unzip, card pixels, colours), the benchmark generator ([`digest::text_hash`]) and the
//! fuzz targets of `fuzz/` (the parsers and the render on in-memory sources: [`load`]'s file
//! types, [`project::Config::parse`], [`i18n::Locales`], [`content`], [`markdown`], [`minify`],
//! [`templates::Templates`], [`model::assemble`], [`render::render`], [`check`], [`status`]).
//! The compiler then reports what nothing uses.

// Operating-system calls go through rustix and std; nothing here needs `unsafe`.
#![forbid(unsafe_code)]

pub(crate) mod card_cache;
pub mod cards;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod console;
pub mod content;
pub mod css;
pub(crate) mod diag;
pub mod digest;
pub(crate) mod downloads;
pub(crate) mod fs;
pub(crate) mod hosting;
pub(crate) mod http;
pub mod i18n;
pub(crate) mod incremental;
pub(crate) mod language;
pub mod limits;
pub mod load;
pub(crate) mod mark_current;
pub mod markdown;
pub mod minify;
pub mod model;
pub(crate) mod names;
pub(crate) mod nesting;
pub mod origins;
pub(crate) mod output;
pub mod package;
pub(crate) mod packaging;
pub(crate) mod parts;
pub mod pipeline;
pub mod project;
pub(crate) mod publish;
pub(crate) mod qr;
pub mod render;
pub(crate) mod scaffold;
pub(crate) mod serve;
pub(crate) mod signing;
pub mod status;
pub mod templates;
pub mod theme;
pub(crate) mod toml_de;
pub(crate) mod urls;
pub(crate) mod views;

//! zaklyk: a static multilingual campaign-site generator.
pub mod diag;
pub mod fs;
pub mod i18n;
pub mod markdown;
pub mod project;
pub mod toml_de;

//! A whole site rendered in memory: the input is the statement, its demands and a Fluent file
//! (separated by NUL bytes), rendered with the default theme in two languages.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;
use zaklyk::i18n::Locales;
use zaklyk::load::LocaleFile;
use zaklyk::load::{ContentFile, Sources, TextFile};
use zaklyk::project::Config;
use zaklyk::{check, model, render};

const SITE: &str = "base_url = \"https://e.org/c/\"\ndefault_language = \"uk\"\nsource_language = \"en\"\nminify = true\n[languages.uk]\nname = \"У\"\n[languages.en]\nname = \"E\"\n[languages.he]\nname = \"ע\"\n";
const THEME_EN: &str = include_str!("../../locales/en/theme.ftl");
const THEME_UK: &str = include_str!("../../locales/uk/theme.ftl");

fn file(lang: &str, slug: &str, text: &str) -> ContentFile {
    ContentFile { lang: lang.into(), slug: slug.into(), file: TextFile { path: format!("content/{lang}/{slug}.md"), text: text.into() } }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(3, '\0');
    let (index, demands, ftl) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let config = Config::parse(SITE).expect("a valid config");
    let locale_files = vec![
        LocaleFile { lang: "en".into(), path: "locales/en/theme.ftl".into(), text: THEME_EN.into() },
        LocaleFile { lang: "en".into(), path: "locales/en/x.ftl".into(), text: format!("site-name = S\n{ftl}") },
        LocaleFile { lang: "uk".into(), path: "locales/uk/theme.ftl".into(), text: THEME_UK.into() },
        LocaleFile { lang: "he".into(), path: "locales/he/x.ftl".into(), text: ftl.into() },
    ];
    let (locales, _) = Locales::load(&config, &locale_files);
    let sources = Sources {
        content: vec![file("en", "index", index), file("en", "demands", demands), file("uk", "index", index), file("he", "about", index)],
        locales: locale_files,
        content_langs: ["en", "uk", "he"].iter().map(|s| s.to_string()).collect(),
        locale_langs: ["en", "uk", "he"].iter().map(|s| s.to_string()).collect(),
        ..Sources::default()
    };
    let (site, _) = model::assemble(config, sources);
    let locales = Arc::new(locales);
    let (rendered, report) = render::render(&site, locales.clone(), &render::RenderMode::default());
    let _ = check::links(&rendered.output, &rendered.links);
    let _ = check::translations(&site, &locales);
    let _ = zaklyk::status::summarize(&site, &locales);
    for d in &report.diagnostics {
        let _ = d.to_string();
    }
});

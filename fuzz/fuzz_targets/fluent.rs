//! A Fluent file: parsing, lint data, formatting every message with and without arguments.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaklyk::i18n::{Arg, Locales};
use zaklyk::load::LocaleFile;
use zaklyk::project::Config;

const SITE: &str = "base_url = \"https://e.org/\"\ndefault_language = \"uk\"\nsource_language = \"en\"\n[languages.uk]\nname = \"У\"\n[languages.en]\nname = \"E\"\n[languages.crh]\nname = \"Q\"\ntag = \"crh-Latn\"\nplural_rules = \"tr\"\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let config = Config::parse(SITE).expect("a valid config");
    let files = vec![
        LocaleFile { lang: "uk".into(), path: "locales/uk/main.ftl".into(), text: text.to_string() },
        LocaleFile { lang: "en".into(), path: "locales/en/main.ftl".into(), text: "hello = Hello { $name }\n".into() },
    ];
    let (locales, report) = Locales::load(&config, &files);
    for d in &report.diagnostics {
        let _ = d.to_string();
    }
    let ids: Vec<String> = locales.messages["uk"].iter().map(|m| m.id.clone()).collect();
    for id in ids.iter().filter(|i| !i.starts_with('-')).take(50) {
        for lang in ["uk", "crh", "en"] {
            let _ = locales.tr(lang, id, &[]);
            let _ = locales.tr(lang, id, &[("count".into(), Arg::Num(21.0)), ("name".into(), Arg::Str("<b>".into()))]);
        }
    }
});

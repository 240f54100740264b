//! A theme's templates: measured, parsed, checked for chains and cycles, instrumented with the
//! page budget and rendered. The input is `page.html` and `macros.html`, separated by a NUL
//! byte; `page.html` may import, include or extend `macros.html` and the default theme's
//! templates. No input may panic, overflow the stack, run without end or exhaust memory.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::sync::Arc;
use zaklyk::i18n::Locales;
use zaklyk::load::LocaleFile;
use zaklyk::project::Config;
use zaklyk::templates::{LanguageTags, Templates, UrlTargets};
use zaklyk::theme::TemplateFile;

const SITE: &str = "base_url = \"https://e.org/\"\ndefault_language = \"en\"\nsource_language = \"en\"\n[languages.en]\nname = \"E\"\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(2, '\0');
    let (page, macros) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let config = Config::parse(SITE).expect("a valid config");
    let ftl = LocaleFile { lang: "en".into(), path: "locales/en/x.ftl".into(), text: "name = { $who } & co\nsite-name = S\n".into() };
    let (locales, _) = Locales::load(&config, &[ftl]);
    let file = |name: &str, text: &str| TemplateFile { name: name.into(), path: format!("theme/templates/{name}"), text: text.into() };
    let files = vec![file("page.html", page), file("macros.html", macros), file("base.html", "<html>{% block main %}{% endblock main %}</html>")];
    let Ok(templates) = Templates::load(files, Arc::new(locales), UrlTargets::default(), LanguageTags::default()) else { return };
    let view: BTreeMap<&str, &str> = [("lang", "en"), ("title", "<T&\"'>"), ("content", "<p>x</p>")].into_iter().collect();
    for name in ["page.html", "macros.html"] {
        match templates.render(name, &view) {
            Ok(html) => assert!(html.len() as u64 <= zaklyk::limits::TEMPLATE_BYTES_PER_PAGE),
            Err(d) => {
                let _ = d.to_string();
            }
        }
    }
});

//! Front matter and Markdown of one page: splitting, TOML, rendering, the demands list.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaklyk::content;
use zaklyk::load::{ContentFile, TextFile};
use zaklyk::markdown;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = zaklyk::load::decode_text("content/en/index.md", data.to_vec()) else { return };
    let cf = ContentFile { lang: "en".into(), slug: "index".into(), file: TextFile { path: "content/en/index.md".into(), text } };
    let scope = zaklyk::origins::Scope::default();
    let resolve = |href: &str| Some(href.replace("@/", "../"));
    if let Ok(page) = content::parse_page(&cf) {
        for allow_html in [false, true] {
            let input = markdown::Input { file: &page.file.path, text: &page.file.text, region: page.body.clone(), allow_html, scope: &scope, resolve: &resolve };
            let (rendered, diagnostics) = markdown::render(&input);
            for d in diagnostics {
                let _ = d.to_string();
            }
            let _ = rendered.html.len();
        }
    }
    if let Ok(demands) = content::parse_demands(&cf) {
        let input = markdown::Input { file: &demands.file.path, text: &demands.file.text, region: demands.body.clone(), allow_html: false, scope: &scope, resolve: &resolve };
        let _ = markdown::ordered_items(&input);
    }
    let _ = content::with_front_matter_value("a.md", &cf.file.text, "source_hash", "0123");
});

//! The default theme, embedded in the binary, and how a site's own `theme/` is layered over it.
//!
//! The repository's `theme/` folder *is* the default theme: it is compiled in, so a site without a
//! `theme/` folder (every site `zaklyk init` makes) still builds, and a site that replaces one
//! file keeps all the others. A site file wins over the embedded file of the same path.

use crate::cards::FontFile;
use crate::load::{StaticFile, TextFile};
use crate::templates::TemplateFile;

/// Where embedded files say they come from, in messages.
pub const EMBEDDED: &str = "<default theme>";

const TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../theme/templates/404.html")),
    ("base.html", include_str!("../theme/templates/base.html")),
    ("index.html", include_str!("../theme/templates/index.html")),
    (
        "languages.html",
        include_str!("../theme/templates/languages.html"),
    ),
    ("page.html", include_str!("../theme/templates/page.html")),
    (
        "translate.html",
        include_str!("../theme/templates/translate.html"),
    ),
    ("guide.html", include_str!("../theme/templates/guide.html")),
    ("card.svg", include_str!("../theme/templates/card.svg")),
    (
        "demand.html",
        include_str!("../theme/templates/demand.html"),
    ),
    (
        "demands.html",
        include_str!("../theme/templates/demands.html"),
    ),
    (
        "updates.html",
        include_str!("../theme/templates/updates.html"),
    ),
];

const STATIC: &[(&str, &[u8])] = &[("style.css", include_bytes!("../theme/static/style.css"))];

/// The fonts share cards are drawn with (see `theme/fonts/README.md`): never published, never
/// taken from the machine.
const FONTS: &[(&str, &[u8])] = &[
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../theme/fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../theme/fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoSansArabic-Regular.ttf",
        include_bytes!("../theme/fonts/NotoSansArabic-Regular.ttf"),
    ),
    (
        "NotoSansArabic-Bold.ttf",
        include_bytes!("../theme/fonts/NotoSansArabic-Bold.ttf"),
    ),
    (
        "NotoSansHebrew-Regular.ttf",
        include_bytes!("../theme/fonts/NotoSansHebrew-Regular.ttf"),
    ),
    (
        "NotoSansHebrew-Bold.ttf",
        include_bytes!("../theme/fonts/NotoSansHebrew-Bold.ttf"),
    ),
];

/// The card fonts: the site's `theme/fonts/*`, then the embedded ones it does not replace.
pub fn fonts(site: &[FontFile]) -> Vec<FontFile> {
    let mut out = site.to_vec();
    for (name, bytes) in FONTS {
        if !out.iter().any(|f| f.path.rsplit('/').next() == Some(*name)) {
            out.push(FontFile {
                path: format!("{EMBEDDED}/fonts/{name}"),
                bytes: bytes.to_vec(),
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The templates to load: the site's `theme/templates/*`, then embedded ones it does not replace.
pub fn templates(site: &[TextFile]) -> Vec<TemplateFile> {
    let mut out: Vec<TemplateFile> = site
        .iter()
        .map(|f| TemplateFile {
            name: f
                .path
                .strip_prefix("theme/templates/")
                .unwrap_or(&f.path)
                .to_string(),
            path: f.path.clone(),
            text: f.text.clone(),
        })
        .collect();
    for (name, text) in TEMPLATES {
        if !out.iter().any(|t| t.name == *name) {
            out.push(TemplateFile {
                name: name.to_string(),
                path: format!("{EMBEDDED}/templates/{name}"),
                text: text.to_string(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The static files to publish: the site's `theme/static/*`, then embedded ones it does not replace.
pub fn statics(site: &[StaticFile]) -> Vec<StaticFile> {
    let mut out = site.to_vec();
    for (rel, bytes) in STATIC {
        if !out.iter().any(|s| s.rel == *rel) {
            out.push(StaticFile {
                rel: rel.to_string(),
                bytes: bytes.to_vec(),
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// The translators' guide (this repository's TRANSLATING.md), published with every site at
/// `translate/guide/index.html` so the translation-status page can link to it.
pub const TRANSLATORS_GUIDE: &str = include_str!("../TRANSLATING.md");

/// The embedded theme's files as (path below `theme/`, bytes), for `zaklyk init --theme`-like uses
/// and tests.
pub fn embedded_files() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = TEMPLATES
        .iter()
        .map(|(n, t)| (format!("templates/{n}"), t.as_bytes().to_vec()))
        .collect();
    out.extend(
        STATIC
            .iter()
            .map(|(n, b)| (format!("static/{n}"), b.to_vec())),
    );
    out.extend(
        FONTS
            .iter()
            .map(|(n, b)| (format!("fonts/{n}"), b.to_vec())),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_files_replace_embedded_ones_by_name() {
        let site = vec![TextFile {
            path: "theme/templates/page.html".into(),
            text: "mine".into(),
        }];
        let all = templates(&site);
        assert_eq!(all.len(), TEMPLATES.len());
        let page = all.iter().find(|t| t.name == "page.html").unwrap();
        assert_eq!(
            (page.text.as_str(), page.path.as_str()),
            ("mine", "theme/templates/page.html")
        );
        let base = all.iter().find(|t| t.name == "base.html").unwrap();
        assert_eq!(base.path, "<default theme>/templates/base.html");
    }
}

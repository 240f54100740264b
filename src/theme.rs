//! The default theme, embedded in the binary, and how a site's own `theme/` is layered over it.
//!
//! The repository's `theme/` folder *is* the default theme: it is compiled in, so a site without a
//! `theme/` folder (every site `zaklyk init` makes) still builds, and a site that replaces one
//! file keeps all the others. A site file wins over the embedded file of the same path; the
//! embedded templates stay reachable as `zaklyk/<name>`, so a site's `page.html` can
//! `{% extends "zaklyk/page.html" %}` and change one block (the copy is parsed only when a
//! template names it).
//!
//! What `[theme]` of `site.toml` sets is applied here too: the accent colour becomes CSS custom
//! properties appended to the stylesheet (with the tints and the dark-scheme shade derived from
//! it, and its contrast checked), and the logo and favicon are files of `theme/static/`.

use crate::css::color::{self as colors, Rgb};
use crate::diag::{Code, Diagnostic};
use crate::load::FontFile;
use crate::load::{StaticFile, TextFile};
use crate::project::Theme;

/// Where embedded files say they come from, in messages.
pub(crate) const EMBEDDED: &str = "<default theme>";

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
        "parts/alternates.html",
        include_str!("../theme/templates/parts/alternates.html"),
    ),
    (
        "parts/switcher.html",
        include_str!("../theme/templates/parts/switcher.html"),
    ),
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

const STATIC: &[(&str, &[u8])] = &[
    ("favicon.svg", include_bytes!("../theme/static/favicon.svg")),
    ("style.css", include_bytes!("../theme/static/style.css")),
];

/// The prefix under which the embedded templates stay reachable when a site replaces them.
pub(crate) const BUILT_IN_PREFIX: &str = "zaklyk/";

/// The stylesheet a site may add without replacing the built-in one: linked after it.
pub(crate) const CUSTOM_CSS: &str = "custom.css";

/// The built-in favicon's colour, replaced by the accent when a site sets one.
const FAVICON_FILL: &str = "#0b4f8a";

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
pub(crate) fn fonts(site: &[FontFile]) -> Vec<FontFile> {
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

/// The templates to load: the site's `theme/templates/*`, then embedded ones it does not replace,
/// then the embedded ones that a template names as `zaklyk/<name>`.
pub(crate) fn templates(site: &[TextFile]) -> Vec<TemplateFile> {
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
    let named: std::collections::BTreeSet<&str> =
        out.iter().flat_map(|t| built_in_names(&t.text)).collect();
    let copies: Vec<TemplateFile> = TEMPLATES
        .iter()
        .filter(|(name, _)| named.contains(name))
        .map(|(name, text)| TemplateFile {
            name: format!("{BUILT_IN_PREFIX}{name}"),
            path: format!("{EMBEDDED}/templates/{name}"),
            text: text.to_string(),
        })
        .collect();
    out.extend(copies);
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The names of embedded templates a template's text refers to as `"zaklyk/<name>"`.
fn built_in_names(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices(BUILT_IN_PREFIX)
        .filter_map(move |(i, _)| {
            let quote = text[..i]
                .chars()
                .next_back()
                .filter(|c| *c == '"' || *c == '\'')?;
            let rest = &text[i + BUILT_IN_PREFIX.len()..];
            rest.split(quote).next()
        })
}

/// The static files to publish: the site's `theme/static/*`, then embedded ones it does not replace.
pub(crate) fn statics(site: &[StaticFile]) -> Vec<StaticFile> {
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

/// The site's colours: the built-in ones, or those derived from `[theme]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Palette {
    pub(crate) accent: Rgb,
    /// The tint behind accent-coloured text (the demand numbers, a targeted demand).
    pub(crate) accent_bg: Rgb,
    pub(crate) accent_dark: Rgb,
    pub(crate) accent_bg_dark: Rgb,
}

/// The backgrounds of the built-in stylesheet, light and dark.
pub(crate) const BACKGROUND: Rgb = Rgb::WHITE;
pub(crate) const BACKGROUND_DARK: Rgb = Rgb::new(0x14, 0x14, 0x14);

/// The tint of an accent colour shown behind it, in the light and the dark scheme.
fn tint(accent: Rgb, dark: bool) -> Rgb {
    if dark {
        accent.mix(BACKGROUND_DARK, 0.9)
    } else {
        accent.mix(BACKGROUND, 0.93)
    }
}

/// The background of the draft and fallback notices, which hold links too.
const NOTICE: Rgb = Rgb::new(0xff, 0xf6, 0xd6);
const NOTICE_DARK: Rgb = Rgb::new(0x2e, 0x28, 0x10);

/// What an accent colour is read against: the page's background, its own tint and the notices'.
fn backgrounds(accent: Rgb, dark: bool) -> Vec<Rgb> {
    if dark {
        vec![BACKGROUND_DARK, tint(accent, true), NOTICE_DARK]
    } else {
        vec![BACKGROUND, tint(accent, false), NOTICE]
    }
}

impl Palette {
    /// The palette `[theme]` asks for, or `None` when it sets no colour (the built-in
    /// stylesheet's own colours stay). Without `accent_dark`, the dark scheme gets the accent
    /// lightened until it reads on the dark background.
    pub(crate) fn of(theme: &Theme) -> Option<Palette> {
        let accent = theme.accent.as_ref().map(|a| a.value);
        let dark = theme.accent_dark.as_ref().map(|a| a.value);
        if accent.is_none() && dark.is_none() {
            return None;
        }
        let accent = accent.unwrap_or(Rgb::new(0x0b, 0x4f, 0x8a));
        let accent_dark = dark.unwrap_or_else(|| {
            colors::nearest_passing(accent, |c| backgrounds(c, true), Rgb::WHITE)
                .unwrap_or(Rgb::WHITE)
        });
        Some(Palette {
            accent,
            accent_bg: tint(accent, false),
            accent_dark,
            accent_bg_dark: tint(accent_dark, true),
        })
    }

    /// CSS appended to the stylesheet: custom properties only, for the screen (printing keeps
    /// black), every colour written as `#rrggbb`.
    pub(crate) fn css(&self) -> String {
        format!(
            "\n/* [theme] of site.toml */\n@media screen {{\n  :root {{ --accent: {}; --accent-bg: {}; }}\n}}\n@media screen and (prefers-color-scheme: dark) {{\n  :root {{ --accent: {}; --accent-bg: {}; }}\n}}\n",
            self.accent.hex(),
            self.accent_bg.hex(),
            self.accent_dark.hex(),
            self.accent_bg_dark.hex()
        )
    }
}

/// The built-in favicon, in the accent colour when the site sets one.
pub(crate) fn favicon_svg(palette: Option<&Palette>) -> Vec<u8> {
    let svg = String::from_utf8_lossy(include_bytes!("../theme/static/favicon.svg"));
    match palette {
        Some(p) => svg.replace(FAVICON_FILL, &p.accent.hex()).into_bytes(),
        None => svg.into_owned().into_bytes(),
    }
}

/// The media type of an icon or logo by its extension, `None` for a kind browsers do not show.
pub(crate) fn image_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    Some(match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "gif" => "image/gif",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        _ => return None,
    })
}

/// `[theme]` against the files of `theme/static/` (`logo` and `favicon` must be there and be
/// images) and its colours against the backgrounds (contrast below 4.5:1 is a warning that
/// offers the nearest shade that passes).
pub(crate) fn check(theme: &Theme, statics: &[StaticFile]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let all = self::statics(statics);
    for (key, setting) in [("logo", &theme.logo), ("favicon", &theme.favicon)] {
        let Some(s) = setting else { continue };
        if !all.iter().any(|f| f.rel == s.value) {
            out.push(
                Diagnostic::new(
                    Code::ConfigTheme,
                    s.location.clone(),
                    format!("[theme] {key}: theme/static/{} does not exist", s.value),
                )
                .with_help("put the file into theme/static/, or correct the path"),
            );
        } else if image_type(&s.value).is_none() {
            out.push(
                Diagnostic::new(
                    Code::ConfigTheme,
                    s.location.clone(),
                    format!("[theme] {key}: `{}` is not an image browsers show", s.value),
                )
                .with_help("use an .svg, .png, .ico, .gif, .jpg, .webp or .avif file"),
            );
        }
    }
    for (key, setting, dark) in [
        ("accent", &theme.accent, false),
        ("accent_dark", &theme.accent_dark, true),
    ] {
        let Some(s) = setting else { continue };
        let backgrounds_of = |c| backgrounds(c, dark);
        if colors::passes(s.value, &backgrounds_of(s.value)) {
            continue;
        }
        let ratio = colors::contrast(s.value, if dark { BACKGROUND_DARK } else { BACKGROUND });
        let toward = if dark { Rgb::WHITE } else { Rgb::BLACK };
        let scheme = if dark { "dark" } else { "light" };
        let mut d = Diagnostic::new(
            Code::ThemeContrast,
            s.location.clone(),
            format!(
                "[theme] {key} {} has a contrast of {ratio:.2}:1 with the {scheme} background (and less with its tint and the notices' background); links need 4.5:1 (WCAG AA)",
                s.value.hex()
            ),
        );
        if let Some(better) = colors::nearest_passing(s.value, backgrounds_of, toward) {
            d = d.with_help(format!(
                "{key} = \"{}\" is the nearest {} shade that passes",
                better.hex(),
                if dark { "lighter" } else { "darker" }
            ));
        }
        out.push(d);
    }
    out
}

/// The built-in theme's interface strings, in the languages it speaks: what a site's own
/// `locales/<lang>/theme.ftl` overrides, and the last resort for a string it lacks.
pub(crate) const STRINGS: &[(&str, &str)] = &[
    ("en", include_str!("../locales/en/theme.ftl")),
    ("uk", include_str!("../locales/uk/theme.ftl")),
    ("crh", include_str!("../locales/crh/theme.ftl")),
    ("de", include_str!("../locales/de/theme.ftl")),
    ("fr", include_str!("../locales/fr/theme.ftl")),
    ("pl", include_str!("../locales/pl/theme.ftl")),
];

/// The translators' guide (this repository's TRANSLATING.md), published with every site at
/// `translate/guide/index.html` so the translation-status page can link to it.
pub(crate) const TRANSLATORS_GUIDE: &str = include_str!("../TRANSLATING.md");

/// A template with its name (`base.html`) and the path shown in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFile {
    pub name: String,
    pub path: String,
    pub text: String,
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

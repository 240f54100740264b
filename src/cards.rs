//! Stage 3b: share cards — the PNG picture (1200×630) a messenger or a network shows beside a
//! shared link. The only user of resvg (usvg parses the SVG and shapes its text, tiny-skia
//! draws it) and of skrifa (which characters a font has).
//!
//! A card is the theme's `card.svg` template filled in by [`crate::render::spread`]; this module fits the
//! text to the card ([`Fonts::fit`]: measured with the card's own font, wrapped, shortened with an
//! ellipsis where it must be) and draws the SVG ([`draw`]). Fonts come from the theme's
//! `fonts/` folder and nowhere else: the machine's fonts are never loaded, so a card has the same
//! bytes on every machine, and a character none of the theme's fonts has is an error at the text
//! that uses it ([`Fonts::missing`]) rather than an empty box on a picture shared a thousand times.
//! An SVG may name no file: `<image>` may embed data, never read a path.

mod bounds;
mod widths;

pub(crate) use widths::Widths;

use crate::diag::{Code, Diagnostic, Location};
use crate::digest;
use crate::load::FontFile;
use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use skrifa::MetadataProvider;
use std::collections::HashSet;
use std::sync::Arc;

/// The size of a card, in pixels: what Open Graph and X's large summary card expect.
pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;

/// Changes whenever drawing changes (resvg's version, PNG encoding): cached cards made by
/// another version are not reused.
pub(crate) const RENDERER: &str = "zaklyk-card 1; resvg 0.49; png 0.18 indexed";

/// The family the text of a card is measured in (the default `card.svg` uses it).
pub(crate) const FAMILY: &str = "Noto Sans";

/// The fonts cards are drawn with, and every character they have.
pub(crate) struct Fonts {
    db: Arc<fontdb::Database>,
    /// Per face of `db`: the characters it maps.
    coverage: Vec<(fontdb::ID, HashSet<char>)>,
    /// Hash of every font's bytes: part of each card's cache key.
    pub(crate) digest: String,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fonts({} faces, {})", self.coverage.len(), self.digest)
    }
}

impl Fonts {
    /// Loads the theme's fonts; a file that is not a font is an error at its path.
    pub(crate) fn load(files: &[FontFile]) -> (Fonts, Vec<Diagnostic>) {
        let mut db = fontdb::Database::new();
        let mut coverage = Vec::new();
        let mut problems = Vec::new();
        let mut hashed = String::new();
        for file in files {
            let data = Arc::new(file.bytes.clone());
            let ids = db.load_font_source(fontdb::Source::Binary(data.clone()));
            let mut usable = 0;
            for id in ids {
                let index = db.face(id).map_or(0, |f| f.index);
                let Ok(font) = skrifa::FontRef::from_index(&data, index) else {
                    db.remove_face(id);
                    continue;
                };
                let chars: HashSet<char> = font
                    .charmap()
                    .mappings()
                    .filter_map(|(c, _)| char::from_u32(c))
                    .collect();
                coverage.push((id, chars));
                usable += 1;
            }
            if usable == 0 {
                problems.push(
                    Diagnostic::new(
                        Code::CardFontInvalid,
                        Location::file(&file.path),
                        "this is not a font that cards can be drawn with (TrueType or OpenType)",
                    )
                    .with_help("theme/fonts/ holds .ttf and .otf files only"),
                );
                continue;
            }
            hashed.push_str(&file.path);
            hashed.push_str(&digest::sha256_hex(&file.bytes));
        }
        let fonts = Fonts {
            db: Arc::new(db),
            coverage,
            digest: digest::sha256_hex(hashed.as_bytes()),
        };
        (fonts, problems)
    }

    /// The characters of `text` that no font has, each once, in order (spaces and the invisible
    /// formatting characters need no glyph).
    pub(crate) fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || is_format(c) || out.contains(&c) {
                continue;
            }
            if !self.coverage.iter().any(|(_, chars)| chars.contains(&c)) {
                out.push(c);
            }
        }
        out
    }

    /// Options for usvg: these fonts only, a fallback of the same weight for a character the
    /// first font lacks, and no file ever read for an `<image>`.
    fn options(&self) -> usvg::Options<'_> {
        let mut options = usvg::Options {
            fontdb: self.db.clone(),
            font_family: FAMILY.into(),
            ..usvg::Options::default()
        };
        options.image_href_resolver.resolve_string = Box::new(|_, _| None);
        let coverage = &self.coverage;
        options.font_resolver.select_fallback = Box::new(move |c, used, db| {
            let weight = used.first().and_then(|id| db.face(*id)).map(|f| f.weight.0);
            coverage
                .iter()
                .filter(|(id, chars)| !used.contains(id) && chars.contains(&c))
                .filter_map(|(id, _)| db.face(*id))
                .min_by_key(|f| weight.map_or(0, |w| w.abs_diff(f.weight.0)))
                .map(|f| f.id)
        });
        options
    }

    /// The widths of `words` set in [`FAMILY`] at 100 px (bold or not), measured by shaping them
    /// as usvg will, in one pass; and the width of a space.
    fn measure(&self, words: &[&str], bold: bool) -> Option<(Vec<f32>, f32)> {
        let weight = if bold { 700 } else { 400 };
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\"><g font-family=\"{FAMILY}\" font-size=\"100\" font-weight=\"{weight}\">"
        );
        let probes = words.iter().copied().chain(["x x", "xx"]);
        for (i, word) in probes.enumerate() {
            svg.push_str(&format!(
                "<text id=\"w{i}\" x=\"0\" y=\"100\" xml:space=\"preserve\">{}</text>",
                crate::templates::escape_html(word)
            ));
        }
        svg.push_str("</g></svg>");
        let tree = usvg::Tree::from_str(&svg, &self.options()).ok()?;
        let mut widths = vec![0.0; words.len() + 2];
        collect_widths(tree.root(), &mut widths);
        let space = (widths[words.len()] - widths[words.len() + 1]).max(0.0);
        widths.truncate(words.len());
        Some((widths, space))
    }

    /// What measured widths depend on: the fonts and the code that shapes them.
    fn measured_with(&self) -> String {
        format!("{} {}", self.digest, RENDERER.replace(' ', "_"))
    }

    /// `text` broken into lines that fit `area`, at the largest of its sizes that holds all of
    /// it; at the smallest size, what does not fit is cut and the last line ends with "…".
    /// Widths come from `kept` where it has them for these fonts; the others are measured and
    /// kept there.
    pub(crate) fn fit(&self, text: &str, area: &TextArea, kept: &Widths) -> Fitted {
        let words: Vec<&str> = text.split_whitespace().collect();
        let smallest = area.sizes.last().copied().unwrap_or(40.0);
        if words.is_empty() {
            return Fitted {
                lines: Vec::new(),
                font_size: area.sizes.first().copied().unwrap_or(smallest),
                shortened: false,
            };
        }
        // Without measurements (an SVG usvg refuses cannot happen here, but a font might lack
        // every glyph), every character counts as 0.6 of the size.
        let (widths, space) = kept
            .of(&self.measured_with(), &words, area.bold, |lacking| {
                self.measure(lacking, area.bold)
            })
            .unwrap_or_else(|| {
                let w = words.iter().map(|w| w.chars().count() as f32 * 60.0);
                (w.collect(), 28.0)
            });
        for &size in &area.sizes {
            let scale = size / 100.0;
            let max_lines = area.max_lines(size);
            let lines = break_lines(&words, &widths, space, scale, area.width);
            if lines.len() <= max_lines {
                return Fitted {
                    lines,
                    font_size: size,
                    shortened: false,
                };
            }
        }
        let scale = smallest / 100.0;
        let max_lines = area.max_lines(smallest).max(1);
        let mut lines = break_lines(&words, &widths, space, scale, area.width);
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            // Make room for the ellipsis: drop words (or characters of one long word).
            let budget = area.width / scale * 0.94;
            let letters: usize = words.iter().map(|w| w.chars().count()).sum();
            let per_letter = widths.iter().sum::<f32>() / letters.max(1) as f32;
            let estimate = |s: &str| s.chars().count() as f32 * per_letter;
            while !last.is_empty() && estimate(last) + space * 2.0 > budget {
                match last.rfind(' ') {
                    Some(i) => last.truncate(i),
                    None => {
                        last.pop();
                    }
                }
            }
            let trimmed = last.trim_end_matches([',', ';', ':', '.', ' ']).len();
            last.truncate(trimmed);
            last.push('…');
        }
        Fitted {
            lines,
            font_size: smallest,
            shortened: true,
        }
    }
}

/// Where the main text of a card goes.
#[derive(Debug, Clone)]
pub(crate) struct TextArea {
    pub(crate) width: f32,
    pub(crate) height: f32,
    /// Font sizes to try, largest first.
    pub(crate) sizes: Vec<f32>,
    /// Line height as a multiple of the size.
    pub(crate) line_height: f32,
    pub(crate) bold: bool,
}

impl TextArea {
    fn max_lines(&self, size: f32) -> usize {
        (self.height / (size * self.line_height)).floor() as usize
    }
}

/// Text fitted to a [`TextArea`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fitted {
    pub(crate) lines: Vec<String>,
    pub(crate) font_size: f32,
    /// Some of the text did not fit and was cut.
    pub(crate) shortened: bool,
}

/// Greedy line breaking over measured words (`widths` at 100 px, scaled by `scale`). A word
/// longer than a line (an address) is cut into pieces that fit.
fn break_lines(words: &[&str], widths: &[f32], space: f32, scale: f32, width: f32) -> Vec<String> {
    let limit = width / scale;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for (word, &w) in words.iter().zip(widths) {
        if w > limit {
            // Per character, as an average of the word: enough for an address or a number.
            let chars: Vec<char> = word.chars().collect();
            let per = w / chars.len().max(1) as f32;
            let fit = ((limit * 0.95) / per).floor().max(1.0) as usize;
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for piece in chars.chunks(fit) {
                lines.push(piece.iter().collect());
            }
            if let Some(last) = lines.pop() {
                used = per * last.chars().count() as f32;
                line = last;
            }
            continue;
        }
        if line.is_empty() {
            line.push_str(word);
            used = w;
        } else if used + space + w <= limit {
            line.push(' ');
            line.push_str(word);
            used += space + w;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
            used = w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn collect_widths(group: &usvg::Group, widths: &mut [f32]) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect_widths(g, widths),
            usvg::Node::Text(t) => {
                if let Some(i) = t
                    .id()
                    .strip_prefix('w')
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    if let Some(slot) = widths.get_mut(i) {
                        *slot = t.bounding_box().width();
                    }
                }
            }
            _ => {}
        }
    }
}

/// Characters that are never drawn: joiners, direction marks and isolates.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{AD}')
}

/// Parses a card's SVG as it will be drawn: an error says why it cannot be.
pub(crate) fn validate(svg: &str, fonts: &Fonts) -> Result<(), String> {
    parse(svg, fonts).map(|_| ())
}

fn parse(svg: &str, fonts: &Fonts) -> Result<usvg::Tree, String> {
    let tree = usvg::Tree::from_str(svg, &fonts.options()).map_err(|e| e.to_string())?;
    bounds::bounded(&tree)?;
    Ok(tree)
}

/// Draws a card's SVG, scaled to [`WIDTH`]×[`HEIGHT`], as a PNG. The PNG is deterministic (no
/// time, no text chunks) and has no alpha channel: a card is opaque.
pub(crate) fn draw(svg: &str, fonts: &Fonts) -> Result<Vec<u8>, String> {
    // A drawing library's panic on a strange SVG must not end the build: it is that SVG's error.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| draw_unguarded(svg, fonts)))
        .unwrap_or_else(|_| Err("the SVG could not be drawn".into()))
}

fn draw_unguarded(svg: &str, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let tree = parse(svg, fonts)?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no memory for the card")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        WIDTH as f32 / size.width(),
        HEIGHT as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    encode(pixmap.data())
}

/// An opaque RGBA picture as a PNG. A card has a few colours and the shades between them (80 or
/// so): with at most 256, each pixel is one byte of a palette, which compresses to half the size
/// of RGB in a quarter of the time (measured on this site's cards: 35 KB in 7 ms against 63 KB in
/// 95 ms); a card with more colours is written as RGB.
fn encode(rgba: &[u8]) -> Result<Vec<u8>, String> {
    let pixels = rgba.len() / 4;
    let mut palette: Vec<u8> = Vec::with_capacity(256 * 3);
    let mut index: std::collections::HashMap<[u8; 3], u8> = std::collections::HashMap::new();
    let mut indexed = Vec::with_capacity(pixels);
    let mut last: Option<([u8; 3], u8)> = None;
    for p in rgba.chunks_exact(4) {
        let colour = [p[0], p[1], p[2]];
        let i = match last {
            Some((c, i)) if c == colour => i,
            _ => match index.get(&colour) {
                Some(&i) => i,
                None if index.len() < 256 => {
                    let i = index.len() as u8;
                    index.insert(colour, i);
                    palette.extend_from_slice(&colour);
                    i
                }
                None => {
                    let rgb: Vec<u8> = rgba
                        .chunks_exact(4)
                        .flat_map(|p| [p[0], p[1], p[2]])
                        .collect();
                    return write_png(&rgb, png::ColorType::Rgb, None);
                }
            },
        };
        last = Some((colour, i));
        indexed.push(i);
    }
    write_png(&indexed, png::ColorType::Indexed, Some(palette))
}

fn write_png(
    data: &[u8],
    color: png::ColorType,
    palette: Option<Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        if let Some(palette) = palette {
            encoder.set_palette(palette);
        }
        encoder.set_compression(png::Compression::Balanced);
        encoder.set_filter(if color == png::ColorType::Indexed {
            png::Filter::NoFilter
        } else {
            png::Filter::Adaptive
        });
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(data).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The pixels of a PNG card as 8-bit RGB rows (for tests that compare cards).
pub fn pixels(png_bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut buffer = vec![0; reader.output_buffer_size().ok_or("too large")?];
    let info = reader.next_frame(&mut buffer).map_err(|e| e.to_string())?;
    buffer.truncate(info.buffer_size());
    let rgb = match info.color_type {
        png::ColorType::Rgb => buffer,
        png::ColorType::Indexed => {
            let palette = reader.info().palette.as_deref().ok_or("no palette")?;
            buffer
                .iter()
                .flat_map(|&i| {
                    let at = usize::from(i) * 3;
                    palette
                        .get(at..at + 3)
                        .map_or([0, 0, 0], |c| [c[0], c[1], c[2]])
                })
                .collect()
        }
        png::ColorType::Rgba => buffer
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
        other => return Err(format!("unexpected colour type {other:?}")),
    };
    Ok((info.width, info.height, rgb))
}

/// The cache key of a card: what it is drawn from (its SVG, the fonts, the renderer).
pub(crate) fn key(svg: &str, fonts: &Fonts) -> String {
    let mut input = String::with_capacity(svg.len() + 128);
    input.push_str(RENDERER);
    input.push('\n');
    input.push_str(&fonts.digest);
    input.push('\n');
    input.push_str(svg);
    digest::sha256_hex(input.as_bytes())
}

/// A card to draw: its output path and its SVG.
#[derive(Debug, Clone)]
pub struct CardJob {
    pub path: String,
    pub svg: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn theme_fonts() -> Fonts {
        let files: Vec<FontFile> = crate::theme::fonts(&[]);
        let (fonts, problems) = Fonts::load(&files);
        assert!(problems.is_empty(), "{problems:?}");
        fonts
    }

    fn area() -> TextArea {
        TextArea {
            width: 1000.0,
            height: 300.0,
            sizes: vec![60.0, 48.0, 40.0],
            line_height: 1.25,
            bold: true,
        }
    }

    #[test]
    fn the_theme_fonts_have_every_letter_of_the_sites_languages() {
        let fonts = theme_fonts();
        for text in [
            "Qırımtatarca: İ ı Ñ ñ Ğ ğ Ş ş Ç ç Ö ö Ü ü Â â",
            "Українська: ґ Ґ є Є і І ї Ї ʼ «» — №",
            "Polski: ą ć ę ł ń ó ś ź ż; Deutsch: ä ö ü ß „“; Français: œ à ç é è ê ë î ï ô ù û ü ÿ",
            "עברית שלום",
            "العربية، مرحبا؟",
        ] {
            assert_eq!(fonts.missing(text), Vec::<char>::new(), "{text}");
        }
        assert_eq!(fonts.missing("a 漢 b 😀 漢"), vec!['漢', '😀']);
        assert_eq!(
            fonts.missing("\u{202B}x\u{202C}\u{200D}"),
            Vec::<char>::new()
        );
    }

    #[test]
    fn short_text_keeps_the_largest_size_and_long_text_is_shortened() {
        let fonts = theme_fonts();
        let short = fonts.fit("Release all civilians", &area(), &Widths::default());
        assert_eq!(short.font_size, 60.0);
        assert_eq!(short.lines, ["Release all civilians"]);
        assert!(!short.shortened);
        let long = "word ".repeat(400);
        let fitted = fonts.fit(&long, &area(), &Widths::default());
        assert!(fitted.shortened);
        assert_eq!(fitted.font_size, 40.0);
        assert_eq!(fitted.lines.len(), 6);
        assert!(fitted.lines.last().unwrap().ends_with('…'));
        // Every line fits: nothing is wider than the area.
        let address = "https://example.org/".to_string() + &"a".repeat(300);
        let fitted = fonts.fit(&address, &area(), &Widths::default());
        assert!(fitted.lines.len() > 1, "{fitted:?}");
        assert!(
            fitted.lines.iter().all(|l| l.chars().count() < 60),
            "{fitted:?}"
        );
    }

    #[test]
    fn kept_widths_fit_text_exactly_as_measured_ones_and_other_fonts_widths_are_not_used() {
        let fonts = theme_fonts();
        let texts = [
            "Release all civilians held by Russia",
            "Звільнити всіх цивільних, яких утримує Росія",
            "Rusiye tarafından tutulğan bütün sivil insanlarnı azat etmek",
            "עברית שלום לכולם",
            "word word word word word",
            &"long ".repeat(200),
        ];
        let regular = TextArea {
            bold: false,
            ..area()
        };
        let fresh: Vec<Fitted> = texts
            .iter()
            .flat_map(|t| {
                [
                    fonts.fit(t, &area(), &Widths::default()),
                    fonts.fit(t, &regular, &Widths::default()),
                ]
            })
            .collect();
        // Measured once, kept, written and read back: the same lines at the same sizes.
        let measured = Widths::default();
        for t in &texts[..3] {
            fonts.fit(t, &area(), &measured);
        }
        let carried = measured.carried();
        for t in &texts {
            fonts.fit(t, &area(), &carried);
            fonts.fit(t, &regular, &carried);
        }
        let text = carried.used_text();
        assert!(text.lines().count() > 20, "{text}");
        let read = Widths::from_text(&text);
        assert_eq!(read.known.len(), text.lines().count() - 1);
        let again: Vec<Fitted> = texts
            .iter()
            .flat_map(|t| [fonts.fit(t, &area(), &read), fonts.fit(t, &regular, &read)])
            .collect();
        assert_eq!(fresh, again);
        assert_eq!(read.used_text(), text, "every width used is kept");
        // Widths of other fonts (here: every word made 1 px wide) are measured again.
        let wrong: String = text
            .lines()
            .skip(1)
            .map(|l| format!("{} 3f800000 {}\n", &l[..1], &l[11..]))
            .collect();
        let other = Widths::from_text(&format!("other fonts\n{wrong}"));
        assert!(!other.known.is_empty());
        let fitted: Vec<Fitted> = texts
            .iter()
            .flat_map(|t| {
                [
                    fonts.fit(t, &area(), &other),
                    fonts.fit(t, &regular, &other),
                ]
            })
            .collect();
        assert_eq!(fresh, fitted);
        // The same wrong widths under these fonts' name are used: they are what is kept.
        let header = text.lines().next().unwrap();
        let trusted = Widths::from_text(&format!("{header}\n{wrong}"));
        assert_ne!(fonts.fit(texts[5], &area(), &trusted), fresh[10]);
        // Lines that are not widths are left out.
        let bad = Widths::from_text(&format!(
            "{header}\nX 42c80000 a\nB zz b\nB 7f800000 inf\nR 42c80000 two words\nB 42c80000\n"
        ));
        assert_eq!(bad.known.len(), 0, "{:?}", bad.known);
    }

    #[test]
    fn cards_are_drawn_the_same_every_time_and_bad_svg_is_an_error() {
        let fonts = theme_fonts();
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\"><rect width=\"1200\" height=\"630\" fill=\"#123\"/><text x=\"60\" y=\"300\" font-size=\"60\" fill=\"#fff\">Qırım ğ ş</text></svg>";
        let a = draw(svg, &fonts).unwrap();
        assert_eq!(a, draw(svg, &fonts).unwrap());
        assert_eq!(&a[1..4], b"PNG");
        assert!(draw("<svg", &fonts).is_err());
        assert!(validate("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>", &fonts).is_err());
        assert_ne!(key(svg, &fonts), key(&svg.replace("#123", "#124"), &fonts));
    }

    #[test]
    fn drawing_a_card_takes_bounded_work() {
        let fonts = theme_fonts();
        let card = |body: &str| {
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"1200\" height=\"630\">{body}</svg>")
        };
        let fan_out = |levels: usize| {
            let mut body = String::from("<defs><g id=\"g0\"><rect width=\"1\" height=\"1\"/></g>");
            for level in 1..=levels {
                body.push_str(&format!("<g id=\"g{level}\">"));
                for _ in 0..10 {
                    body.push_str(&format!("<use href=\"#g{}\"/>", level - 1));
                }
                body.push_str("</g>");
            }
            body + &format!("</defs><use href=\"#g{levels}\"/>")
        };
        let wide_png = {
            let mut out = Vec::new();
            let mut encoder = png::Encoder::new(&mut out, 5000, 1);
            encoder.set_color(png::ColorType::Grayscale);
            encoder
                .write_header()
                .unwrap()
                .write_image_data(&[0; 5000])
                .unwrap();
            out
        };
        let image = |png: &[u8]| {
            format!(
                "<image width=\"10\" height=\"10\" href=\"data:image/png;base64,{}\"/>",
                crate::digest::base64(png)
            )
        };
        for (refused, says) in [
            (
                card("<filter id=\"f\"><feTurbulence baseFrequency=\"0.05\" numOctaves=\"100000\"/></filter><rect width=\"1200\" height=\"630\" filter=\"url(#f)\"/>"),
                "no filters",
            ),
            (
                card("<pattern id=\"p\" width=\"0.01\" height=\"0.01\" patternUnits=\"userSpaceOnUse\"><rect width=\"0.005\" height=\"0.005\"/></pattern><rect width=\"1200\" height=\"630\" fill=\"url(#p)\"/>"),
                "no patterns",
            ),
            (card(&fan_out(4)), "at most 2000 elements"),
            (card(&image(&wide_png)), "an embedded PNG is 5000×1"),
            (
                card(&format!(
                    "<image width=\"10\" height=\"10\" href=\"data:image/svg+xml;base64,{}\"/>",
                    crate::digest::base64(card(&fan_out(4)).as_bytes())
                )),
                "at most 2000 elements",
            ),
        ] {
            let err = validate(&refused, &fonts).unwrap_err();
            assert!(err.contains(says), "{err}");
            assert!(draw(&refused, &fonts).is_err());
        }
        // Within the bounds: a few levels of `<use>`, a small PNG, text.
        assert!(validate(&card(&fan_out(2)), &fonts).is_ok());
        let small = {
            let mut out = Vec::new();
            let mut encoder = png::Encoder::new(&mut out, 2, 2);
            encoder.set_color(png::ColorType::Grayscale);
            encoder
                .write_header()
                .unwrap()
                .write_image_data(&[0; 4])
                .unwrap();
            out
        };
        let ok = card(&format!(
            "{}<text x=\"10\" y=\"100\">Ok</text>",
            image(&small)
        ));
        assert!(draw(&ok, &fonts).is_ok());
    }

    #[test]
    fn an_image_never_reads_a_file() {
        let fonts = theme_fonts();
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\"><image width=\"10\" height=\"10\" xlink:href=\"Cargo.toml\"/><image width=\"10\" height=\"10\" href=\"/etc/hostname\"/></svg>";
        let tree = parse(svg, &fonts).unwrap();
        assert!(
            !tree.root().has_children(),
            "an image was loaded from a file"
        );
    }
}

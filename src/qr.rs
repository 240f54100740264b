//! QR codes: the only user of qrcodegen.
//!
//! A printed leaflet or a forwarded file has no link to click; a QR code of the page's public
//! address, printed beside the address itself, leads a reader with a phone back to the live site.
//! The code is inline SVG in the page (no image file, no request): one path whose horizontal
//! strokes are the runs of dark modules, about a kilobyte for an address of a page of this site.
//!
//! Most of drawing a code is choosing its mask: each of the eight is applied and scored, and the
//! best is kept. The choice depends on the text alone, so [`Masks`] keeps it by text: `build`
//! takes the masks of its last run from the site's cache, `serve` keeps them between rebuilds,
//! and a code drawn with a kept mask is the code the choice makes. Between `serve`'s rebuilds the
//! drawn paths are kept as well (a path is the same for the same text and mask), so that a string
//! edit re-renders its pages without drawing their codes again.

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::{Arc, Mutex};

/// The mask chosen for each text, known from earlier runs, and those used in this one.
#[derive(Debug, Default)]
pub(crate) struct Masks {
    /// Shared: a rebuild of the preview that chose no new mask carries the same on.
    known: Arc<HashMap<String, u8>>,
    used: Mutex<BTreeMap<String, u8>>,
    /// The codes drawn, by text: only in a [`Masks::carried`] to a next rebuild (memory that a
    /// single build would not use again).
    drawn: Option<Mutex<HashMap<String, Drawing>>>,
}

/// A code as drawn: its mask, the side of its SVG box and its path.
#[derive(Debug, Clone)]
struct Drawing {
    mask: u8,
    side: i32,
    path: Arc<str>,
}

impl Masks {
    /// The masks written by [`Masks::used_text`]: a line `MASK TEXT` each. A line that is not
    /// one (a mask outside 0–7, no text) is left out: its code is drawn with a fresh choice.
    pub(crate) fn from_text(text: &str) -> Masks {
        let known = text
            .lines()
            .filter_map(|line| {
                let (mask, text) = line.split_once(' ')?;
                let mask: u8 = mask.parse().ok().filter(|m| *m < 8)?;
                (!text.is_empty()).then(|| (text.to_string(), mask))
            })
            .collect();
        Masks {
            known: Arc::new(known),
            used: Mutex::default(),
            drawn: None,
        }
    }

    /// The masks of the codes drawn since these were made, in the form [`Masks::from_text`]
    /// reads, sorted (the cache stays the same when the site does).
    pub(crate) fn used_text(&self) -> String {
        let used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        for (text, mask) in used.iter().filter(|(t, _)| !t.contains('\n')) {
            let _ = writeln!(out, "{mask} {text}");
        }
        out
    }

    /// Every mask known here or chosen since, and the codes drawn, for the next run (`serve`'s
    /// next rebuild).
    pub(crate) fn carried(&self) -> Masks {
        let used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        let mut known = self.known.clone();
        if used.iter().any(|(t, m)| self.known.get(t) != Some(m)) {
            Arc::make_mut(&mut known).extend(used.iter().map(|(t, m)| (t.clone(), *m)));
        }
        drop(used);
        // The drawings move on (the rebuild that carries these is the last to use them).
        let drawn = self
            .drawn
            .as_ref()
            .map(|d| std::mem::take(&mut *d.lock().unwrap_or_else(|p| p.into_inner())))
            .unwrap_or_default();
        Masks {
            known,
            used: Mutex::default(),
            drawn: Some(Mutex::new(drawn)),
        }
    }

    /// The code of `text` drawn, as kept or drawn now (and then kept, when codes are).
    fn drawing(&self, text: &str) -> Option<Drawing> {
        let lock = |d: &'_ Mutex<HashMap<String, Drawing>>| {
            d.lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(text)
                .cloned()
        };
        if let Some(kept) = self.drawn.as_ref().and_then(lock) {
            self.used
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(text.to_string(), kept.mask);
            return Some(kept);
        }
        let code = self.code(text)?;
        let drawing = Drawing {
            mask: code.mask().value(),
            side: code.size() + 8,
            path: draw(&code).into(),
        };
        if let Some(drawn) = &self.drawn {
            drawn
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(text.to_string(), drawing.clone());
        }
        Some(drawing)
    }

    /// The code of `text`, with its kept mask or a fresh choice, which is then kept.
    fn code(&self, text: &str) -> Option<QrCode> {
        let known = self.known.get(text).copied();
        let code = match known {
            Some(mask) => QrCode::encode_segments_advanced(
                &QrSegment::make_segments(text),
                ECC,
                Version::MIN,
                Version::MAX,
                Some(Mask::new(mask)),
                true,
            )
            .ok()?,
            None => QrCode::encode_text(text, ECC).ok()?,
        };
        self.used
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(text.to_string(), code.mask().value());
        Some(code)
    }
}

/// Medium correction survives a crease or a smudge on paper.
const ECC: QrCodeEcc = QrCodeEcc::Medium;

/// A QR code of `text` as an SVG element labelled `label` (for screen readers), drawn in the
/// text colour (`currentColor`) on the page's background with a quiet zone of four modules.
/// `None` when the text is too long for any QR code.
pub(crate) fn svg(text: &str, label: &str, masks: &Masks) -> Option<String> {
    let Drawing { side, path, .. } = masks.drawing(text)?;
    // Each element's one attribute that needs quotes comes last: the minifier writes the
    // attributes of SVG elements without a space after a quoted value.
    Some(format!(
        "<svg class=\"qr-code\" role=\"img\" viewBox=\"0 0 {side} {side}\"><title>{}</title><path fill=\"none\" stroke=\"currentColor\" stroke-width=\"1\" shape-rendering=\"crispEdges\" d=\"{path}\"/></svg>",
        crate::templates::escape_html(label)
    ))
}

/// The path of `code`'s dark modules.
fn draw(code: &QrCode) -> String {
    let size = code.size();
    let mut path = String::with_capacity(2048);
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            // A stroke one module high through the middle of the row: `M{x} {y}.5h{length}`,
            // written without the formatting machinery (every page has a code of some 400).
            path.push('M');
            push_number(&mut path, (start + 4).unsigned_abs());
            path.push(' ');
            push_number(&mut path, (y + 4).unsigned_abs());
            path.push_str(".5h");
            push_number(&mut path, (x - start).unsigned_abs());
        }
    }
    path
}

/// Appends the decimal digits of `n`.
fn push_number(out: &mut String, n: u32) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The modules drawn by the path, read back from its `M x y.5hN` strokes.
    fn modules(svg: &str) -> Vec<(i32, i32)> {
        let d = svg.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut out = Vec::new();
        for stroke in d.split('M').filter(|s| !s.is_empty()) {
            let (xy, n) = stroke.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y, n): (i32, f32, i32) =
                (x.parse().unwrap(), y.parse().unwrap(), n.parse().unwrap());
            for i in 0..n {
                out.push((x + i - 4, y as i32 - 4));
            }
        }
        out
    }

    #[test]
    fn a_kept_mask_draws_the_code_a_fresh_choice_draws() {
        let urls: Vec<String> = (0..40)
            .map(|i| format!("https://example.org/uk/page-{i}/"))
            .collect();
        let fresh = Masks::default();
        let drawn: Vec<_> = urls.iter().map(|u| svg(u, "QR", &fresh)).collect();
        let text = fresh.used_text();
        assert_eq!(text.lines().count(), urls.len());
        // Several masks are chosen among these addresses: the cache is not one constant.
        let masks: std::collections::BTreeSet<&str> = text.lines().map(|l| &l[..1]).collect();
        assert!(masks.len() > 1, "{masks:?}");
        let kept = Masks::from_text(&text);
        let again: Vec<_> = urls.iter().map(|u| svg(u, "QR", &kept)).collect();
        assert_eq!(drawn, again);
        assert_eq!(
            kept.used_text(),
            text,
            "the cache of the same site is the same"
        );
        // A wrong mask in the cache still draws a valid code of the same text, with that mask.
        let first = &urls[0];
        let chosen = fresh.code(first).unwrap().mask().value();
        let other = (chosen + 1) % 8;
        let wrong = Masks::from_text(&format!("{other} {first}\n9 {first}x\nbad\n"));
        assert_eq!(wrong.code(first).unwrap().mask().value(), other);
        assert!(
            wrong.known.len() == 1,
            "lines that are not a mask and a text are left out"
        );
        let carried = fresh.carried();
        assert_eq!(carried.known.len(), urls.len());
    }

    #[test]
    fn another_text_or_label_is_another_code() {
        let masks = Masks::default();
        let uk = svg("https://example.org/uk/", "QR uk", &masks).unwrap();
        let en = svg("https://example.org/en/", "QR uk", &masks).unwrap();
        assert_ne!(en, uk);
        let label = svg("https://example.org/uk/", "QR code", &masks).unwrap();
        assert!(label.contains("QR code") && !label.contains("QR uk"));
    }

    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        let url = "https://example.org/crh/demands/10/";
        let svg = svg(url, "QR code: <address>", &Masks::default()).unwrap();
        let code = QrCode::encode_text(url, QrCodeEcc::Medium).unwrap();
        let mut want = Vec::new();
        for y in 0..code.size() {
            for x in 0..code.size() {
                if code.get_module(x, y) {
                    want.push((x, y));
                }
            }
        }
        assert_eq!(modules(&svg), want);
        assert!(svg.contains("<title>QR code: &lt;address&gt;</title>"));
        assert!(svg.len() < 2500, "{} bytes", svg.len());
        assert_eq!(
            svg,
            super::svg(url, "QR code: <address>", &Masks::default()).unwrap()
        );
    }

    #[test]
    fn codes_kept_for_a_rebuild_are_the_codes_drawn_fresh() {
        let url = "https://example.org/uk/demands/3/";
        let kept_of = |m: &Masks| {
            m.drawn.as_ref().map_or(0, |d| {
                d.lock().unwrap().get(url).map_or(0, |d| d.path.len())
            })
        };
        let build = Masks::default();
        let fresh = svg(url, "QR: a", &build).unwrap();
        assert_eq!(kept_of(&build), 0, "a single build keeps no drawing");
        let rebuild = build.carried();
        assert_eq!(svg(url, "QR: a", &rebuild).unwrap(), fresh);
        assert!(kept_of(&rebuild) > 0);
        // Another label, the same code.
        assert_eq!(
            svg(url, "QR: <b>", &rebuild),
            svg(url, "QR: <b>", &Masks::default())
        );
        // Carried on, also through a rebuild that did not draw it; its mask is recorded as used.
        let later = rebuild.carried().carried();
        assert!(kept_of(&later) > 0);
        assert_eq!(svg(url, "QR: a", &later).unwrap(), fresh);
        assert!(later.used_text().contains(url));
    }

    #[test]
    fn text_too_long_for_a_code_gives_none() {
        assert!(svg(&"x".repeat(5000), "", &Masks::default()).is_none());
    }
}

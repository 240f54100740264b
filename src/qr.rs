//! QR codes: the only user of qrcodegen.
//!
//! A printed leaflet or a forwarded file has no link to click; a QR code of the page's public
//! address, printed beside the address itself, leads a reader with a phone back to the live site.
//! The code is inline SVG in the page (no image file, no request): one path whose horizontal
//! strokes are the runs of dark modules, about a kilobyte for an address of a page of this site.

use qrcodegen::{QrCode, QrCodeEcc};
use std::fmt::Write;

/// The codes drawn so far, by text and label, once [`remember_drawn`] was called. `serve` draws
/// the same codes on every rebuild (a page's address does not change with its text), so it keeps
/// them; a build draws each code once and keeps none.
type Drawn = std::collections::HashMap<(String, String), Option<String>>;
static DRAWN: std::sync::Mutex<Option<Drawn>> = std::sync::Mutex::new(None);

/// From now on, [`svg`] keeps every code it draws and draws each one once.
pub(crate) fn remember_drawn() {
    let mut drawn = DRAWN.lock().unwrap_or_else(|p| p.into_inner());
    drawn.get_or_insert_with(Default::default);
}

/// A QR code of `text` as an SVG element labelled `label` (for screen readers), drawn in the
/// text colour (`currentColor`) on the page's background with a quiet zone of four modules.
/// `None` when the text is too long for any QR code.
pub(crate) fn svg(text: &str, label: &str) -> Option<String> {
    let kept = |f: &mut dyn FnMut(&mut Drawn)| {
        if let Some(drawn) = DRAWN.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            f(drawn)
        }
    };
    let mut found = None;
    kept(&mut |drawn| found = drawn.get(&(text.to_string(), label.to_string())).cloned());
    if let Some(svg) = found {
        return svg;
    }
    let svg = draw(text, label);
    kept(&mut |drawn| {
        drawn.insert((text.to_string(), label.to_string()), svg.clone());
    });
    svg
}

fn draw(text: &str, label: &str) -> Option<String> {
    // Medium correction survives a crease or a smudge on paper.
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let side = size + 8;
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
            // A stroke one module high through the middle of the row.
            let _ = write!(path, "M{} {}.5h{}", start + 4, y + 4, x - start);
        }
    }
    // Each element's one attribute that needs quotes comes last: the minifier writes the
    // attributes of SVG elements without a space after a quoted value.
    Some(format!(
        "<svg class=\"qr-code\" role=\"img\" viewBox=\"0 0 {side} {side}\"><title>{}</title><path fill=\"none\" stroke=\"currentColor\" stroke-width=\"1\" shape-rendering=\"crispEdges\" d=\"{path}\"/></svg>",
        crate::templates::escape_html(label)
    ))
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
    fn a_kept_code_is_the_code_of_its_text_and_label() {
        remember_drawn();
        let uk = svg("https://example.org/uk/", "QR uk").unwrap();
        assert_eq!(Some(uk.clone()), draw("https://example.org/uk/", "QR uk"));
        assert_eq!(svg("https://example.org/uk/", "QR uk"), Some(uk.clone()));
        let en = svg("https://example.org/en/", "QR uk").unwrap();
        assert_ne!(en, uk, "another text, another code");
        let label = svg("https://example.org/uk/", "QR code").unwrap();
        assert!(label.contains("QR code") && !label.contains("QR uk"));
    }

    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        let url = "https://example.org/crh/demands/10/";
        let svg = svg(url, "QR code: <address>").unwrap();
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
        assert_eq!(svg, super::svg(url, "QR code: <address>").unwrap());
    }

    #[test]
    fn text_too_long_for_a_code_gives_none() {
        assert!(svg(&"x".repeat(5000), "").is_none());
    }
}

//! Colours a site sets in `site.toml` (`[theme] accent`), parsed with cssparser-color.
//!
//! An organiser writes the campaign's colour as CSS writes colours (`#c0392b`, `rebeccapurple`,
//! `rgb(192 57 43)`, `hsl(6 63% 46%)`). It is parsed by the CSS parser browsers' engines share
//! (Servo's), never pasted: the stylesheet gets the colour written again as `#rrggbb`, so no text
//! of `site.toml` reaches the CSS (`red;}body{background:url(https://x)}` is not a colour and is
//! refused). The accent colours links and outlines, so its contrast with the page's background
//! is computed as WCAG 2.2 defines it (relative luminance, 4.5:1 for text), and when it falls
//! short, the nearest darker or lighter shade that passes is offered.

use cssparser::{Parser, ParserInput};
use cssparser_color::Color;

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    pub(crate) r: u8,
    pub(crate) g: u8,
    pub(crate) b: u8,
}

/// WCAG's minimum contrast for normal text (success criterion 1.4.3, level AA).
pub(crate) const AA_TEXT: f64 = 4.5;

impl Rgb {
    pub const WHITE: Rgb = Rgb::new(255, 255, 255);
    pub(crate) const BLACK: Rgb = Rgb::new(0, 0, 0);

    pub(crate) const fn new(r: u8, g: u8, b: u8) -> Rgb {
        Rgb { r, g, b }
    }

    /// `#rrggbb`: the one form colours are written in the stylesheet.
    pub(crate) fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Relative luminance (WCAG 2.2, from sRGB).
    pub(crate) fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// This colour mixed with `other`: `amount` 0 is this colour, 1 is `other`.
    pub(crate) fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let m =
            |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
        Rgb::new(m(self.r, other.r), m(self.g, other.g), m(self.b, other.b))
    }
}

/// The contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Whether `color` reaches [`AA_TEXT`] against every one of `backgrounds`.
pub(crate) fn passes(color: Rgb, backgrounds: &[Rgb]) -> bool {
    backgrounds.iter().all(|bg| contrast(color, *bg) >= AA_TEXT)
}

/// The shade of `color` nearest to it that passes against the backgrounds it is shown on
/// (`backgrounds` of a candidate: a tint of the accent can be one of them): mixed with `toward`
/// (black on light backgrounds, white on dark ones) in steps of 1 %. `None` when even `toward`
/// itself does not pass.
pub(crate) fn nearest_passing(
    color: Rgb,
    backgrounds: impl Fn(Rgb) -> Vec<Rgb>,
    toward: Rgb,
) -> Option<Rgb> {
    (0..=100)
        .map(|step| color.mix(toward, f64::from(step) / 100.0))
        .find(|c| passes(*c, &backgrounds(*c)))
}

/// Parses one CSS colour. The whole text must be the colour; it must be opaque (the contrast of
/// a translucent colour depends on what lies under it) and in sRGB.
pub fn parse(text: &str) -> Result<Rgb, String> {
    let mut input = ParserInput::new(text);
    let mut parser = Parser::new(&mut input);
    let color = Color::parse(&mut parser)
        .ok()
        .filter(|_| parser.expect_exhausted().is_ok())
        .ok_or_else(|| format!("`{text}` is not a CSS colour"))?;
    let opaque = |alpha: Option<f32>| alpha.is_none_or(|a| a >= 1.0);
    let from_floats = |(r, g, b): (f32, f32, f32)| {
        let byte = |c: f32| (c.clamp(0.0, 1.0) * 255.0).round() as u8;
        Rgb::new(byte(r), byte(g), byte(b))
    };
    let hue = |h: Option<f32>| h.unwrap_or(0.0).rem_euclid(360.0) / 360.0;
    match color {
        Color::Rgba(c) if c.alpha >= 1.0 => Ok(Rgb::new(c.red, c.green, c.blue)),
        Color::Hsl(c) if opaque(c.alpha) => Ok(from_floats(cssparser_color::hsl_to_rgb(
            hue(c.hue),
            c.saturation.unwrap_or(0.0),
            c.lightness.unwrap_or(0.0),
        ))),
        Color::Hwb(c) if opaque(c.alpha) => Ok(from_floats(cssparser_color::hwb_to_rgb(
            hue(c.hue),
            c.whiteness.unwrap_or(0.0),
            c.blackness.unwrap_or(0.0),
        ))),
        Color::Rgba(_) | Color::Hsl(_) | Color::Hwb(_) => Err(format!(
            "`{text}` is translucent: its contrast would depend on what lies under it"
        )),
        Color::CurrentColor => Err("`currentcolor` is not a colour of its own".into()),
        _ => Err(format!(
            "`{text}` is outside sRGB notation: zaklyk reads #rrggbb, rgb(), hsl(), hwb() and colour names"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_colours_in_every_srgb_notation() {
        for (text, want) in [
            ("#0b4f8a", Rgb::new(0x0b, 0x4f, 0x8a)),
            ("#FFF", Rgb::WHITE),
            ("rebeccapurple", Rgb::new(0x66, 0x33, 0x99)),
            ("rgb(192 57 43)", Rgb::new(192, 57, 43)),
            ("rgb(192, 57, 43)", Rgb::new(192, 57, 43)),
            ("hsl(0 100% 50%)", Rgb::new(255, 0, 0)),
            ("hwb(120 0% 50%)", Rgb::new(0, 128, 0)),
            ("  #000000  ", Rgb::BLACK),
        ] {
            assert_eq!(parse(text), Ok(want), "{text}");
        }
        assert_eq!(Rgb::new(0x0b, 0x4f, 0x8a).hex(), "#0b4f8a");
    }

    #[test]
    fn anything_else_is_refused_and_never_reaches_the_stylesheet() {
        for (text, says) in [
            ("red;}body{background:url(https://x)}", "not a CSS colour"),
            ("red; background: url(https://x)", "not a CSS colour"),
            ("url(https://x)", "not a CSS colour"),
            ("var(--accent)", "not a CSS colour"),
            ("#12345", "not a CSS colour"),
            ("", "not a CSS colour"),
            ("red blue", "not a CSS colour"),
            ("rgb(0 0 0 / 50%)", "translucent"),
            ("transparent", "translucent"),
            ("currentcolor", "currentcolor"),
            ("lab(50% 40 59)", "outside sRGB"),
        ] {
            let e = parse(text).expect_err(text);
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn contrast_as_wcag_defines_it() {
        assert!((contrast(Rgb::BLACK, Rgb::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb::WHITE, Rgb::WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes on white (4.54:1); #777777 fails (4.48:1).
        assert!(passes(parse("#767676").unwrap(), &[Rgb::WHITE]));
        assert!(!passes(parse("#777777").unwrap(), &[Rgb::WHITE]));
    }

    #[test]
    fn a_failing_colour_gets_the_nearest_shade_that_passes() {
        let yellow = parse("#f1c40f").unwrap();
        assert!(!passes(yellow, &[Rgb::WHITE]));
        let white = |_| vec![Rgb::WHITE];
        let darker = nearest_passing(yellow, white, Rgb::BLACK).unwrap();
        assert!(passes(darker, &[Rgb::WHITE]));
        // One step less dark would not pass: it is the nearest.
        let mut lighter = None;
        for step in 0..=100 {
            let c = yellow.mix(Rgb::BLACK, f64::from(step) / 100.0);
            if c == darker {
                lighter = Some(yellow.mix(Rgb::BLACK, f64::from(step - 1) / 100.0));
                break;
            }
        }
        assert!(!passes(lighter.unwrap(), &[Rgb::WHITE]));
        let dark_bg = Rgb::new(0x14, 0x14, 0x14);
        let navy = parse("#0b4f8a").unwrap();
        let light = nearest_passing(navy, |_| vec![dark_bg], Rgb::WHITE).unwrap();
        assert!(passes(light, &[dark_bg]));
        assert_eq!(nearest_passing(Rgb::WHITE, white, Rgb::WHITE), None);
        // A background that follows the colour (a tint of it) is judged with each candidate.
        let tinted = nearest_passing(
            yellow,
            |c| vec![Rgb::WHITE, c.mix(Rgb::WHITE, 0.93)],
            Rgb::BLACK,
        )
        .unwrap();
        assert!(passes(tinted, &[Rgb::WHITE, tinted.mix(Rgb::WHITE, 0.93)]));
    }
}

//! Stage 3b, continued: the widths of the words of earlier cards, kept between builds.
//!
//! Measuring a word shapes it with the card's fonts, which is most of what laying out a card
//! costs, and a site's cards are the same from one build to the next. The widths are read from
//! and written to `<site>/.zaklyk-cache/card-widths` (see [`crate::card_cache`]) in a form that
//! keeps every bit of each width, so a card laid out with kept widths is the card a fresh
//! measure lays out; widths measured with other fonts, or by another renderer, are not used.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Mutex;

/// The key of a space's width in [`Widths`]: a word is never empty.
const SPACE: &str = "";

/// A word measured: whether bold, and its text.
type Word = (bool, String);

/// The widths of the words of earlier cards (see [`super::Fonts::fit`]), and those used since.
#[derive(Debug, Default)]
pub(crate) struct Widths {
    /// The fonts the known widths were measured with (`Fonts::measured_with`).
    fonts: String,
    pub(super) known: HashMap<Word, f32>,
    /// The fonts and the widths used since these were made.
    used: Mutex<(String, BTreeMap<Word, f32>)>,
}

impl Widths {
    /// The widths written by [`Widths::used_text`]: a first line naming the fonts, then a line
    /// `B|R BITS WORD` each (bold or regular, the width's bits in hexadecimal, exact). A line that
    /// is not one is left out: its word is measured again.
    pub(crate) fn from_text(text: &str) -> Widths {
        let mut lines = text.lines();
        let fonts = lines.next().unwrap_or_default().to_string();
        let known = lines
            .filter_map(|line| {
                let mut parts = line.splitn(3, ' ');
                let bold = match parts.next()? {
                    "B" => true,
                    "R" => false,
                    _ => return None,
                };
                let bits = u32::from_str_radix(parts.next()?, 16).ok()?;
                let width = f32::from_bits(bits);
                let word = parts.next()?;
                let usable =
                    width.is_finite() && width >= 0.0 && !word.contains(char::is_whitespace);
                usable.then(|| ((bold, word.to_string()), width))
            })
            .collect();
        Widths {
            fonts,
            known,
            used: Mutex::default(),
        }
    }

    /// The widths used since these were made, in the form [`Widths::from_text`] reads, sorted
    /// (the cache stays the same when the cards do); empty when none was.
    pub(crate) fn used_text(&self) -> String {
        let used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        if used.1.is_empty() {
            return String::new();
        }
        let mut out = format!("{}\n", used.0);
        for ((bold, word), width) in &used.1 {
            let kind = if *bold { 'B' } else { 'R' };
            let _ = writeln!(out, "{kind} {:08x} {word}", width.to_bits());
        }
        out
    }

    /// Every width known here or measured since, for the next run (`serve`'s next rebuild).
    pub(crate) fn carried(&self) -> Widths {
        let used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        if used.1.is_empty() {
            return Widths {
                fonts: self.fonts.clone(),
                known: self.known.clone(),
                used: Mutex::default(),
            };
        }
        let mut known = if used.0 == self.fonts {
            self.known.clone()
        } else {
            HashMap::new()
        };
        known.extend(used.1.iter().map(|(k, w)| (k.clone(), *w)));
        Widths {
            fonts: used.0.clone(),
            known,
            used: Mutex::default(),
        }
    }
    /// The widths of `words` and of a space for `fonts`: those known here when they were
    /// measured with these fonts, the others from `measure` (given each lacking word once). Every
    /// width returned is kept as used.
    pub(super) fn of(
        &self,
        fonts: &str,
        words: &[&str],
        bold: bool,
        measure: impl FnOnce(&[&str]) -> Option<(Vec<f32>, f32)>,
    ) -> Option<(Vec<f32>, f32)> {
        let valid = self.fonts == fonts;
        let known = |word: &str| {
            valid
                .then(|| self.known.get(&(bold, word.to_string())).copied())
                .flatten()
        };
        let mut lacking: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| known(w).is_none())
            .collect();
        lacking.sort_unstable();
        lacking.dedup();
        let measured: HashMap<&str, f32> = match (lacking.is_empty(), known(SPACE)) {
            (true, Some(_)) => HashMap::new(),
            _ => {
                let (widths, space) = measure(&lacking)?;
                let mut measured: HashMap<&str, f32> = lacking.into_iter().zip(widths).collect();
                measured.insert(SPACE, space);
                measured
            }
        };
        let width = |word: &str| measured.get(word).copied().or_else(|| known(word));
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        if used.0 != fonts {
            used.0 = fonts.to_string();
            used.1.clear();
        }
        let mut widths = Vec::with_capacity(words.len() + 1);
        for &word in words.iter().chain([&SPACE]) {
            let w = width(word)?;
            used.1.insert((bold, word.to_string()), w);
            widths.push(w);
        }
        let space = widths.pop()?;
        Some((widths, space))
    }
}

//! Stage 3a, beside rendering: a theme's *version parts*, the pieces of a page repeated once per
//! language version of it and the same from page to page.
//!
//! Every page lists its versions in every language: the `hreflang` alternates in its head and
//! the language switcher. At 30 languages that is 30 entries on each of the 30 versions of a
//! page, 900 entries rendered and minified for every slug, and most of a large site's rendering.
//! A template under `parts/` (`parts/switcher.html`) is rendered for one version, `t` (an entry
//! of `page.translations`, with the variables every template shares), and only once for each
//! distinct `t`: what it shows depends on `t` alone, so the part rendered for one page is the
//! part of every other with the same entry. A page prints `page.parts.switcher`, a marker; once
//! the page is rendered, the marker is replaced by the part of each of the page's versions in
//! turn. Only then is the page measured, minified and scanned for requests to other origins, as
//! a whole: a part is minified in its place (a closing tag it may leave out depends on what
//! follows it), and nothing reaches the output unseen.
//!
//! What a part looks up in the strings is noted for every page it is spliced into, as if the page
//! had looked it up (the preview renders again the pages that showed a changed string,
//! [`crate::incremental`]). The preview's next rebuild starts with the pieces of the last one
//! that looked up no string, when the templates, the variables every template shares and the
//! addresses `get_url` knows are the same ([`Kept`]): a string edit renders one language's pages,
//! which share no piece among themselves.

use crate::diag::Diagnostic;
use crate::i18n::Looked;
use memchr::memmem;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// The folder of the theme's templates whose files are version parts.
pub(crate) const FOLDER: &str = "parts/";

/// How every marker starts. A `<` is written as `&lt;` in every text that Markdown (without
/// `allow_html`) or a translation puts into a page, so that neither can make a marker; a theme
/// prints one with `| safe`.
const MARKER_START: &str = "<zaklyk-part-";

/// Why a page's markers could not all be replaced.
#[derive(Debug)]
pub(crate) enum Unspliced {
    /// A part failed to render.
    Part(Diagnostic),
    /// The page grew to this many bytes, past the limit.
    TooLarge(usize),
    /// A marker was changed on its way into the page (escaped, or through a filter).
    Changed,
}

/// One of a page's versions, as its parts see it (`crate::views::AlternateView`).
pub(crate) trait Version {
    /// Everything a template can read of this version, appended to `key`: two versions with the
    /// same identity render the same part.
    fn identity(&self, key: &mut Vec<u8>);
}

/// Appends `field` to an identity, after its length: no two lists of fields give the same bytes.
pub(crate) fn push_field(key: &mut Vec<u8>, field: &[u8]) {
    key.extend_from_slice(&(field.len() as u64).to_le_bytes());
    key.extend_from_slice(field);
}

/// A part rendered for one version, or why it could not be; and what it looked up in the
/// strings.
#[derive(Debug)]
pub(crate) struct Piece {
    pub(crate) text: Result<String, Diagnostic>,
    pub(crate) looked: Looked,
}

/// The parts of a theme, their markers, and every part rendered so far in this rendering.
pub(crate) struct Parts {
    /// The part templates (`parts/switcher.html`), in the order of their markers' numbers.
    templates: Vec<String>,
    /// What a page's `page.parts` holds: each part's name (`switcher`) and its marker.
    markers: BTreeMap<String, String>,
    /// What every marker starts with ([`MARKER_START`] and a digest); the part's number and a
    /// `>` follow.
    prefix: String,
    finder: memmem::Finder<'static>,
    /// What the pieces are made from: the templates, the shared variables, the addresses.
    fingerprint: String,
    /// The pieces an earlier rendering made from the same, which looked up no string.
    kept: Option<Arc<Pieces>>,
    /// The pieces rendered, by part number and [`Version::identity`].
    pieces: Mutex<Pieces>,
}

/// Pieces by part number and [`Version::identity`].
/// Hashed by rustc's `FxHasher`, not SipHash: every page looks up each of its versions (60 keys of
/// a few hundred bytes on a page of a 30-language site), and zaklyk makes the keys, not an
/// adversary.
type Pieces = HashMap<Vec<u8>, Arc<Piece>, rustc_hash::FxBuildHasher>;

/// The pieces an earlier rendering made that looked up no string and rendered without error, with
/// the fingerprint of what they were made from: `serve`'s next rebuild starts with them. Held in
/// memory only, and only once carried to a next build: a single build keeps nothing.
#[derive(Default)]
pub(crate) struct Kept {
    carried: bool,
    last: Mutex<Option<(String, Arc<Pieces>)>>,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("parts::Kept")
    }
}

impl Kept {
    fn last(&self) -> Option<(String, Arc<Pieces>)> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// What is kept here, and whatever the rendering that takes it adds, for the next one.
    pub(crate) fn carried(&self) -> Kept {
        Kept {
            carried: true,
            last: Mutex::new(self.last()),
        }
    }
}

impl Parts {
    /// The parts among `templates` (the name and text of every template of the theme), which
    /// may also read `inputs` (what else a template sees but its view). The markers are made
    /// from all of it: the same theme gives the same markers, and nothing a page's content holds
    /// could be taken for one by chance. `kept` gives the pieces of an earlier rendering made
    /// from the same.
    pub(crate) fn new<'t>(
        templates: impl Iterator<Item = (&'t str, &'t str)>,
        inputs: &str,
        kept: &Kept,
    ) -> Parts {
        let mut templates: Vec<(&str, &str)> = templates.collect();
        templates.sort();
        let mut seed = String::new();
        for (name, text) in &templates {
            for field in [name, text] {
                seed.push_str(&field.len().to_string());
                seed.push(':');
                seed.push_str(field);
            }
        }
        seed.push_str(inputs);
        let fingerprint = crate::digest::sha256_hex(seed.as_bytes());
        let prefix = format!("{MARKER_START}{}-", &fingerprint[..16]);
        let found: Vec<(&str, &str)> = templates
            .into_iter()
            .filter(|(name, _)| name.starts_with(FOLDER) && name.ends_with(".html"))
            .collect();
        let markers = found
            .iter()
            .enumerate()
            .map(|(i, (name, _))| {
                let short = &name[FOLDER.len()..name.len() - ".html".len()];
                (short.to_string(), format!("{prefix}{i}>"))
            })
            .collect();
        Parts {
            templates: found.iter().map(|(name, _)| name.to_string()).collect(),
            markers,
            finder: memmem::Finder::new(prefix.as_bytes()).into_owned(),
            prefix,
            kept: kept
                .last()
                .filter(|(made_from, _)| *made_from == fingerprint)
                .map(|(_, pieces)| pieces),
            fingerprint,
            pieces: Mutex::default(),
        }
    }

    /// What a page view's `page.parts` holds.
    pub(crate) fn markers(&self) -> &BTreeMap<String, String> {
        &self.markers
    }

    /// `page` with each marker replaced by its part for each of `versions` in turn, or `None`
    /// when it has no marker. `render(template, version)` renders a part not rendered yet; what
    /// every part spliced looked up is noted for the page. A page that grows past `limit` bytes
    /// is refused as it grows (a theme can print a marker in a loop), and so is one that still
    /// holds a marker changed on its way (escaped, or through a filter).
    pub(crate) fn splice<V: Version>(
        &self,
        page: &str,
        versions: &[V],
        limit: usize,
        render: impl Fn(&str, &V) -> Piece,
    ) -> Result<Option<String>, Unspliced> {
        if self.templates.is_empty() {
            return Ok(None);
        }
        let mut found = self.finder.find_iter(page.as_bytes()).peekable();
        if found.peek().is_none() {
            return self.unchanged_marker(page).map_or(Ok(None), Err);
        }
        let mut out = String::new();
        let mut key = Vec::new();
        let mut done = 0;
        for at in found {
            if at < done {
                continue;
            }
            let Some((part, end)) = self.marker_at(page, at) else {
                continue;
            };
            // Markers are ASCII: `at` and `end` fall between characters.
            out.push_str(&page[done..at]);
            done = end;
            for version in versions {
                key.clear();
                push_field(&mut key, &part.to_le_bytes());
                version.identity(&mut key);
                let piece = self.piece(&key, || render(&self.templates[part], version));
                crate::i18n::note_all_looked_up(&piece.looked);
                match &piece.text {
                    Ok(text) => out.push_str(text),
                    Err(d) => return Err(Unspliced::Part(d.clone())),
                }
                if out.len() > limit {
                    return Err(Unspliced::TooLarge(out.len()));
                }
            }
        }
        out.push_str(&page[done..]);
        match self.unchanged_marker(&out) {
            Some(unchanged) => Err(unchanged),
            None => Ok(Some(out)),
        }
    }

    /// A marker that a filter or escaping changed so that it is not replaced: its digest is
    /// still there, in either case.
    fn unchanged_marker(&self, page: &str) -> Option<Unspliced> {
        let digest = &self.prefix[MARKER_START.len()..self.prefix.len() - 1];
        let left = [digest.to_string(), digest.to_ascii_uppercase()]
            .iter()
            .any(|d| memmem::find(page.as_bytes(), d.as_bytes()).is_some());
        left.then_some(Unspliced::Changed)
    }

    /// The part whose marker starts at `at` in `page`, and where the marker ends.
    fn marker_at(&self, page: &str, at: usize) -> Option<(usize, usize)> {
        let page = page.as_bytes();
        let digits_at = at + self.prefix.len();
        let digits = page[digits_at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = digits_at + digits;
        if digits == 0 || page.get(end) != Some(&b'>') {
            return None;
        }
        let part: usize = std::str::from_utf8(&page[digits_at..end])
            .ok()?
            .parse()
            .ok()?;
        (part < self.templates.len()).then_some((part, end + 1))
    }

    /// The piece of `key`, rendered by `render` the first time it is asked for. Two threads may
    /// both render a piece not there yet; they render the same.
    fn piece(&self, key: &[u8], render: impl FnOnce() -> Piece) -> Arc<Piece> {
        if let Some(piece) = self.kept.as_ref().and_then(|kept| kept.get(key)) {
            return piece.clone();
        }
        let pieces = || self.pieces.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(piece) = pieces().get(key) {
            return piece.clone();
        }
        let piece = Arc::new(render());
        pieces()
            .entry(key.to_vec())
            .or_insert_with(|| piece.clone())
            .clone()
    }
}

impl Parts {
    /// Keeps the pieces that looked up no string and rendered without error, with those kept
    /// before, for the next rendering `kept` is carried to.
    pub(crate) fn keep(&self, kept: &Kept) {
        if !kept.carried {
            return;
        }
        let pieces = self.pieces.lock().unwrap_or_else(|p| p.into_inner());
        let keepable = |piece: &Arc<Piece>| piece.text.is_ok() && piece.looked == Looked::default();
        let mut fresh = pieces
            .iter()
            .filter(|(_, piece)| keepable(piece))
            .peekable();
        let all = match (&self.kept, fresh.peek()) {
            (Some(before), None) => before.clone(),
            (before, _) => {
                let mut all = before.as_deref().cloned().unwrap_or_default();
                all.extend(fresh.map(|(key, piece)| (key.clone(), piece.clone())));
                Arc::new(all)
            }
        };
        *kept.last.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((self.fingerprint.clone(), all));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    struct Entry {
        code: &'static str,
        href: String,
        current: bool,
    }

    impl Version for Entry {
        fn identity(&self, key: &mut Vec<u8>) {
            push_field(key, self.code.as_bytes());
            push_field(key, self.href.as_bytes());
            push_field(key, &[u8::from(self.current)]);
        }
    }

    fn version(code: &'static str, current: bool) -> Entry {
        Entry {
            code,
            href: format!("../{code}/"),
            current,
        }
    }

    const LIMIT: usize = 1 << 20;

    fn parts() -> Parts {
        let templates = [
            ("page.html", "{{ page.parts.switcher }}"),
            ("parts/switcher.html", "<li>{{ t.href }}</li>"),
            ("parts/alternates.html", "<link>"),
            ("zaklyk/parts/switcher.html", "built-in"),
        ];
        Parts::new(templates.into_iter(), "", &Kept::default())
    }

    #[test]
    fn only_the_theme_s_own_parts_folder_has_parts() {
        let parts = parts();
        assert_eq!(
            parts.markers().keys().collect::<Vec<_>>(),
            ["alternates", "switcher"]
        );
        assert_eq!(
            parts.templates,
            ["parts/alternates.html", "parts/switcher.html"]
        );
    }

    #[test]
    fn markers_are_replaced_by_each_version_s_part_rendered_once_per_distinct_version() {
        let parts = parts();
        let switcher = &parts.markers()["switcher"];
        let rendered = std::cell::Cell::new(0);
        let render = |template: &str, v: &Entry| {
            rendered.set(rendered.get() + 1);
            Piece {
                text: Ok(format!("[{template} {}{}]", v.href, v.current)),
                looked: Looked {
                    ids: BTreeSet::from([format!("id-{}", v.code)]),
                    languages: BTreeSet::from([v.code.to_string()]),
                },
            }
        };
        let page = format!("<ul>{switcher}</ul><p>{switcher}</p>");
        let versions = [version("uk", true), version("en", false)];
        let out = parts
            .splice(&page, &versions, LIMIT, render)
            .unwrap()
            .unwrap();
        let one = "[parts/switcher.html ../uk/true][parts/switcher.html ../en/false]";
        assert_eq!(out, format!("<ul>{one}</ul><p>{one}</p>"));
        assert_eq!(rendered.get(), 2, "each distinct version is rendered once");
        // What the parts looked up counts for each page they are spliced into, also when they
        // were rendered for another page.
        let (_, looked) = crate::i18n::recording(|| parts.splice(&page, &versions, LIMIT, render));
        assert_eq!(rendered.get(), 2);
        assert_eq!(
            looked.ids,
            BTreeSet::from(["id-en".to_string(), "id-uk".to_string()])
        );
        assert_eq!(
            looked.languages,
            BTreeSet::from(["en".to_string(), "uk".to_string()])
        );
        // Another page whose current version differs renders only what differs.
        let versions = [version("uk", false), version("en", true)];
        parts
            .splice(&page, &versions, LIMIT, render)
            .unwrap()
            .unwrap();
        assert_eq!(rendered.get(), 4);
        parts
            .splice(&page, &versions, LIMIT, render)
            .unwrap()
            .unwrap();
        assert_eq!(rendered.get(), 4);
    }

    #[test]
    fn a_next_rendering_takes_the_pieces_made_from_the_same_that_looked_up_no_string() {
        let kept = Kept::default().carried();
        let templates = [("parts/switcher.html", "{{ t.href }}")];
        let versions = [version("uk", true), version("en", false)];
        let first = Parts::new(templates.into_iter(), "config", &kept);
        let page = first.markers()["switcher"].clone();
        // The Ukrainian piece looks up a string: it may change with the strings.
        let looking = |_: &str, v: &Entry| Piece {
            text: Ok(v.code.to_string()),
            looked: Looked {
                ids: BTreeSet::from(["x".to_string()])
                    .into_iter()
                    .filter(|_| v.code == "uk")
                    .collect(),
                languages: BTreeSet::new(),
            },
        };
        assert_eq!(
            first
                .splice(&page, &versions, LIMIT, looking)
                .unwrap()
                .unwrap(),
            "uken"
        );
        first.keep(&kept);
        let rendered = std::cell::Cell::new(0);
        let counting = |_: &str, v: &Entry| {
            rendered.set(rendered.get() + 1);
            Piece {
                text: Ok(v.code.to_string()),
                looked: Looked::default(),
            }
        };
        let second = Parts::new(templates.into_iter(), "config", &kept);
        assert_eq!(
            second
                .splice(&page, &versions, LIMIT, counting)
                .unwrap()
                .unwrap(),
            "uken"
        );
        assert_eq!(
            rendered.get(),
            1,
            "only the piece that looked up a string is rendered again"
        );
        second.keep(&kept);
        let third = Parts::new(templates.into_iter(), "config", &kept);
        let _ = third.splice(&page, &versions, LIMIT, counting);
        assert_eq!(
            rendered.get(),
            1,
            "kept from the first rendering and the second"
        );
        // Other shared variables, or other templates: nothing is taken.
        for (templates, inputs) in [
            (templates, "other config"),
            ([("parts/switcher.html", "{{ t.url }}")], "config"),
        ] {
            let other = Parts::new(templates.into_iter(), inputs, &kept);
            let before = rendered.get();
            let _ = other.splice(&other.markers()["switcher"], &versions, LIMIT, counting);
            assert_eq!(rendered.get(), before + 2, "{inputs}");
        }
        // A single build keeps nothing.
        let single = Kept::default();
        third.keep(&single);
        assert!(single.last().is_none());
    }

    #[test]
    fn a_marker_changed_on_its_way_is_refused_and_other_text_stays_as_it_is() {
        let parts = parts();
        let render = |_: &str, _: &Entry| -> Piece { panic!("nothing to render") };
        let prefix = parts.prefix.clone();
        let marker = parts.markers()["switcher"].clone();
        let digest = &prefix[MARKER_START.len()..prefix.len() - 1];
        let one = [version("uk", true)];
        for page in [
            "no marker at all".to_string(),
            "<zaklyk-part-0000000000000000-0>".to_string(),
            "&lt;zaklyk-part-".to_string(),
        ] {
            assert!(
                matches!(parts.splice(&page, &one, LIMIT, render), Ok(None)),
                "{page}"
            );
        }
        for page in [
            marker.replace('<', "&lt;").replace('>', "&gt;"),
            marker.to_uppercase(),
            marker[..marker.len() - 2].to_string(),
            format!("{prefix}7>"),
            format!("{prefix}x1>"),
            digest.to_string(),
        ] {
            assert!(
                matches!(
                    parts.splice(&page, &one, LIMIT, render),
                    Err(Unspliced::Changed)
                ),
                "{page}"
            );
        }
        // Also beside a marker that is replaced.
        let page = format!("{marker}{}", marker.to_uppercase());
        let render = |_: &str, _: &Entry| Piece {
            text: Ok("x".to_string()),
            looked: Looked::default(),
        };
        assert!(matches!(
            parts.splice(&page, &one, LIMIT, render),
            Err(Unspliced::Changed)
        ));
    }

    #[test]
    fn a_page_that_grows_past_the_limit_is_refused_as_it_grows() {
        let parts = parts();
        let marker = parts.markers()["switcher"].clone();
        let page = marker.repeat(1000);
        let render = |_: &str, _: &Entry| Piece {
            text: Ok("x".repeat(1000)),
            looked: Looked::default(),
        };
        let versions = [version("uk", true), version("en", false)];
        assert!(matches!(
            parts.splice(&page, &versions, 10_000, render),
            Err(Unspliced::TooLarge(n)) if n <= 11_000
        ));
        assert_eq!(
            parts
                .splice(&page, &versions, 2_000_000, render)
                .unwrap()
                .unwrap()
                .len(),
            2_000_000
        );
    }

    #[test]
    fn a_part_that_fails_fails_the_page() {
        let parts = parts();
        let page = parts.markers()["alternates"].clone();
        let render = |_: &str, _: &Entry| Piece {
            text: Err(Diagnostic::new(
                crate::diag::Code::TemplateRender,
                crate::diag::Location::file("parts/alternates.html"),
                "broken".to_string(),
            )),
            looked: Looked::default(),
        };
        let out = parts.splice(&page, &[version("uk", true)], LIMIT, render);
        assert!(matches!(out, Err(Unspliced::Part(_))));
    }

    #[test]
    fn a_theme_without_parts_leaves_pages_as_they_are() {
        let parts = Parts::new([("page.html", "x")].into_iter(), "", &Kept::default());
        assert!(parts.markers().is_empty());
        let render = |_: &str, _: &Entry| -> Piece { panic!("nothing to render") };
        assert!(matches!(
            parts.splice("<zaklyk-part-", &[version("uk", true)], LIMIT, render),
            Ok(None)
        ));
    }
}

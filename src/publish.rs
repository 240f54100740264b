//! Stage 3b: every file rendering made goes through the output scan before anything may write it.
//!
//! Rendering collects the pages, the site-wide files and the static files into one
//! [`Output`]; this stage then passes each of its files, whatever made it, through
//! [`origins::scan_file`] and gives every HTML document the site's policy (a UTF-8 declaration
//! and the Content-Security-Policy `<meta>` leading its head) where it lacks it — a static
//! `.html` file, or a theme's page that left it out. Problems already reported where they were
//! written (a template, a stylesheet, Markdown) are known by their subjects and not repeated; a
//! problem of many pages made from one template is reported once. Static files take their place
//! here too: one with the path of a file zaklyk makes is refused rather than let replace it.

use crate::diag::{Code, Diagnostic, LineIndex, Location};
use crate::load::StaticFile;
use crate::model::Site;
use crate::origins::{self, Head, Scope};
use crate::output::Output;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

/// The stylesheet every page links (minified when the site is).
pub(crate) const STYLESHEET: &str = "style.css";

/// How an output file is named in messages, and what is known about it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Made {
    /// `uk/index.html (from page.html)`, or the path of the static file it is a copy of.
    pub(crate) shown: String,
    /// The file it is an exact copy of (a static file): findings are located in it.
    pub(crate) copy_of: Option<String>,
    /// Files made from one template: a problem common to them is reported once.
    pub(crate) group: String,
    /// Subjects of problems already reported where they were written.
    pub(crate) known: Vec<NonZeroU32>,
    /// Rendered from the theme's templates, whose problems were reported where they are written.
    pub(crate) from_theme: bool,
}

impl Made {
    /// A file rendered from `template`.
    pub(crate) fn from_template(path: &str, template: &str, diags: &[Diagnostic]) -> Made {
        Made {
            shown: format!("{path} (from {template})"),
            copy_of: None,
            group: template.to_string(),
            known: diags.iter().filter_map(|d| d.subject).collect(),
            from_theme: true,
        }
    }

    /// A file zaklyk writes itself (`sitemap.xml`).
    pub(crate) fn generated(path: &str) -> Made {
        Made {
            shown: path.to_string(),
            copy_of: None,
            group: path.to_string(),
            known: Vec::new(),
            from_theme: false,
        }
    }
}

/// Where a static file comes from, as shown in messages.
pub(crate) fn static_source(site: &Site, rel: &str) -> String {
    if site.statics.iter().any(|s| s.rel == rel) {
        format!("theme/static/{rel}")
    } else {
        format!("{}/static/{rel}", crate::theme::EMBEDDED)
    }
}

/// What the scan found in one file, before findings common to many files are grouped.
pub(crate) struct Scanned {
    path: String,
    /// Findings to report at the file (or, grouped, at the first file made the same way).
    findings: Vec<origins::Finding>,
    /// Findings already located in the file's source (a static file's copy).
    located: Vec<Diagnostic>,
    took: Duration,
}

/// The scan of one file named by `m`: its findings, and `csp` put into it if it is an HTML
/// document that lacks it. `known` holds the subjects reported where the theme was written.
pub(crate) fn scan_one(
    path: &str,
    bytes: &mut Vec<u8>,
    m: &Made,
    known: &HashSet<NonZeroU32>,
    scope: &Scope,
    csp: &str,
) -> Scanned {
    let started = Instant::now();
    let result = origins::scan_file(scope, path, bytes);
    let fresh = result.findings.into_iter().filter(|f| {
        let subject = Diagnostic::subject_of(&f.subject);
        !(m.known.contains(&subject) || m.from_theme && known.contains(&subject))
    });
    // A copy is located in its source, before a policy is added to it.
    let (findings, located) = match &m.copy_of {
        Some(source) => {
            let text = String::from_utf8_lossy(bytes);
            let index = LineIndex::new(&text);
            let located = fresh
                .map(|f| {
                    let at = index.location(source.as_str(), f.offset);
                    f.at(at)
                })
                .collect();
            (Vec::new(), located)
        }
        None => (fresh.collect(), Vec::new()),
    };
    if let Some(head) = &result.head {
        if let Some(with) = with_policy(bytes, head, csp) {
            *bytes = with;
        }
    }
    Scanned {
        path: path.to_string(),
        findings,
        located,
        took: started.elapsed(),
    }
}

/// Scans every file of `output`, each named by `made` (a file without an entry is named by its
/// path), and puts `csp` into every HTML document that lacks it; `earlier` are the scans of
/// files already written (streamed pages). `known` holds the subjects reported where the theme
/// was written. Returns the problems and the time the scan took (summed over threads).
pub(crate) fn scan(
    output: &mut Output,
    earlier: Vec<Scanned>,
    made: &BTreeMap<String, Made>,
    known: &HashSet<NonZeroU32>,
    scope: &Scope,
    csp: &str,
) -> (Vec<Diagnostic>, Duration) {
    let fallback = Made::default();
    let mut scanned: Vec<Scanned> = output
        .files
        .par_iter_mut()
        .map(|(path, bytes)| {
            let m = made.get(path).unwrap_or(&fallback);
            scan_one(path, bytes, m, known, scope, csp)
        })
        .collect();
    scanned.extend(earlier);
    // In the order of the paths, whatever order the files were made in: the first file of a
    // group is the one a problem is shown at.
    scanned.sort_by(|a, b| a.path.cmp(&b.path));
    let took = scanned.iter().map(|s| s.took).sum();
    let mut diags = Vec::new();
    // Findings of made files, by (template, subject): the first file and how many more.
    let mut grouped: BTreeMap<(String, String), (Diagnostic, usize)> = BTreeMap::new();
    for Scanned {
        path,
        findings,
        located,
        ..
    } in scanned
    {
        diags.extend(located);
        let m = made.get(&path).unwrap_or(&fallback);
        let shown = if m.shown.is_empty() { &path } else { &m.shown };
        for f in findings {
            let key = (m.group.clone(), f.subject.clone());
            grouped
                .entry(key)
                .and_modify(|(_, more)| *more += 1)
                .or_insert_with(|| (f.at(Location::file(shown.as_str())), 0));
        }
    }
    for (_, (mut d, more)) in grouped {
        if more > 0 {
            let s = if more == 1 { "" } else { "s" };
            d.message = format!(
                "{} (and in {more} other file{s} made the same way)",
                d.message
            );
        }
        diags.push(d);
    }
    (diags, took)
}

/// Scans files made outside rendering (the downloads' READMEs), as they are: they are not HTML,
/// so no policy is added.
pub(crate) fn scan_added<'a>(
    files: impl IntoIterator<Item = (&'a String, &'a Vec<u8>)>,
    scope: &Scope,
) -> Vec<Diagnostic> {
    let mut output = Output::default();
    for (path, bytes) in files {
        output.insert(path.clone(), bytes.clone());
    }
    scan(
        &mut output,
        Vec::new(),
        &BTreeMap::new(),
        &HashSet::new(),
        scope,
        "",
    )
    .0
}

/// `bytes` with the site's policy leading its head, unless it has it already.
fn with_policy(bytes: &[u8], head: &Head, csp: &str) -> Option<Vec<u8>> {
    if head.declares_utf8 && head.policies.iter().any(|p| p.trim() == csp) {
        return None;
    }
    let mut meta = String::new();
    if !head.declares_utf8 {
        meta.push_str("<meta charset=\"utf-8\">");
    }
    meta.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    meta.push_str(&csp.replace('&', "&amp;").replace('"', "&quot;"));
    meta.push_str("\">");
    let mut at = head.insert_at.min(bytes.len());
    // Never inside a character, whatever the tokenizer counted.
    while at > 0 && at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
        at -= 1;
    }
    let mut out = Vec::with_capacity(bytes.len() + meta.len());
    out.extend_from_slice(&bytes[..at]);
    out.extend_from_slice(meta.as_bytes());
    out.extend_from_slice(&bytes[at..]);
    Some(out)
}

/// A static file to publish: its path in the output, its bytes, how it is shown.
pub(crate) type Static = (String, Vec<u8>, Made);

/// The static files to publish, each with how it is shown, and the problems of their places: a
/// static file may not take the path of a file zaklyk makes (compared without case, as a
/// case-insensitive disk or zip tool would), nor lie in `download/`.
pub(crate) fn statics(
    site: &Site,
    statics: Vec<StaticFile>,
    made: impl IntoIterator<Item = (String, String)>,
) -> (Vec<Static>, Vec<Diagnostic>) {
    let mut generated = generated_paths(site);
    for (path, what) in made {
        generated
            .entry(path.to_lowercase())
            .or_insert((path, What::Said(what)));
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    // Files published as they are written are located in their source; the stylesheets
    // (minified, coloured) and the built-in favicon (coloured) were scanned where written.
    let originals: BTreeMap<String, Vec<u8>> = crate::theme::statics(&site.statics)
        .into_iter()
        .map(|s| (s.rel, s.bytes))
        .collect();
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for s in statics {
        let source = static_source(site, &s.rel);
        let lower = s.rel.to_lowercase();
        let ancestors = || lower.match_indices('/').map(|(i, _)| &lower[..i]);
        let taken = if let Some((path, what)) = generated.get(&lower) {
            Some(format!("`{path}`, {}", what.text()))
        } else if lower == "download" || lower.starts_with("download/") {
            Some("`download/`, where `zaklyk package` writes the offline copies".to_string())
        } else if let Some(path) = last_below(&generated, &lower) {
            Some(format!("the folder of `{path}`, which zaklyk makes"))
        } else {
            ancestors()
                .find_map(|a| generated.get(a))
                .map(|(path, what)| format!("`{path}`, {}", what.text()))
        };
        // Two static files whose names differ only in case are one file on many disks (and in
        // a zip unpacked there): which one a reader gets would depend on the machine.
        let taken = taken.or_else(|| {
            seen.insert(lower.clone(), source.clone()).map(|other| {
                format!("`{other}` on a disk that ignores case (names differ only in case)")
            })
        });
        if let Some(taken) = taken {
            diags.push(
                Diagnostic::new(
                    Code::StaticReplacesGenerated,
                    Location::file(&source),
                    format!("`{source}` would replace {taken}"),
                )
                .with_help("rename or move the static file; to change a page zaklyk makes, change its template or content"),
            );
            continue;
        }
        let copy = originals.get(&s.rel) == Some(&s.bytes);
        let mut known = Vec::new();
        if lower.ends_with(".css") {
            let written = originals.get(&s.rel).unwrap_or(&s.bytes);
            if let Some(d) = css_too_deep(&source, &String::from_utf8_lossy(written)) {
                known.extend(d.subject);
                diags.push(d);
            }
        }
        let made = Made {
            shown: source.clone(),
            copy_of: copy.then(|| source.clone()),
            group: source,
            known,
            from_theme: !copy,
        };
        out.push((s.rel, s.bytes, made));
    }
    (out, diags)
}

/// A stylesheet nested deeper than the CSS minifier reads ([`crate::limits::CSS_NESTING`]), at
/// the bracket that goes too deep. It is the problem the output scan finds in a stylesheet nested
/// deeper still, so it carries that subject and is reported once.
fn css_too_deep(source: &str, text: &str) -> Option<Diagnostic> {
    let crate::minify::CssTooDeep(offset) = crate::minify::check_css(text).err()?;
    Some(
        Diagnostic::new(
            Code::CssNesting,
            Location::at(source, text, offset),
            format!(
                "blocks, functions and brackets nest more than {} deep here",
                crate::limits::CSS_NESTING
            ),
        )
        .with_help("the CSS minifier reads each level by recursion; flatten the rule")
        .with_subject(origins::CSS_DEPTH_SUBJECT),
    )
}

/// The last path made below the folder `lower` (what a map from every folder of every path,
/// filled in order, would hold), found by a range of the sorted paths rather than by such a map.
fn last_below<'a>(generated: &'a BTreeMap<String, (String, What)>, lower: &str) -> Option<&'a str> {
    let below = format!("{lower}/");
    generated
        .range(below.clone()..)
        .take_while(|(k, _)| k.starts_with(&below))
        .last()
        .map(|(_, (path, _))| path.as_str())
}

/// What a path zaklyk makes is, said only when a static file would replace it.
enum What<'a> {
    /// A page, made from this content file.
    Page(&'a str),
    Said(String),
}

impl What<'_> {
    fn text(&self) -> String {
        match self {
            What::Page(file) => format!("the page made from `{file}`"),
            What::Said(what) => what.clone(),
        }
    }
}

/// Every path zaklyk makes (lowercased → the path and what it is), whatever this rendering
/// renders (`serve` renders the languages being edited).
fn generated_paths(site: &Site) -> BTreeMap<String, (String, What<'_>)> {
    let mut out = BTreeMap::new();
    for page in &site.pages {
        out.insert(
            page.path.to_lowercase(),
            (
                page.path.clone(),
                What::Page(&site.source_of(page).file.path),
            ),
        );
    }
    for (path, what) in [
        ("index.html", "the language chooser"),
        ("404.html", "the page for addresses that do not exist"),
        ("translate/index.html", "the translation status page"),
        ("translate/guide/index.html", "the translators' guide"),
        ("sitemap.xml", "the sitemap"),
        ("robots.txt", "the file for search engines"),
        (
            "_headers",
            "the static host's headers (the security policy)",
        ),
        ("_redirects", "the static host's redirects"),
        (".nojekyll", "GitHub Pages' setting"),
        ("nginx.conf", "the nginx server block"),
    ] {
        out.insert(
            path.to_string(),
            (
                path.to_string(),
                What::Said(format!("{what}, which zaklyk makes")),
            ),
        );
    }
    out
}

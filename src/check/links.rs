//! The link check: every link written in content, as it is in the rendered output, must lead to
//! a file of the output and, with a fragment, to an `id` of that file.

use super::*;

/// Every content link must lead to a file of the output, and its `#anchor` to an id in it.
pub fn links(output: &Output, links: &[PageLink]) -> Vec<Diagnostic> {
    links_in(
        |path| output.contains(path),
        |path| output.get(path).map(|b| ids_of(&b)).unwrap_or_default(),
        links,
    )
}

/// [`links`] against any way of looking up an output file (`serve` keeps its files shared):
/// whether it `exists`, and the `ids` of its elements (read only for links with a fragment, once
/// per file: a streamed output reads them back from the disk).
pub(crate) fn links_in(
    exists: impl Fn(&str) -> bool,
    ids_in: impl Fn(&str) -> HashSet<String>,
    links: &[PageLink],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The ids of each target, read once: a page with a hundred thousand links to anchors costs
    // one pass over each page it links to.
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    for link in links {
        let written = link.written.as_str();
        let Some((target, fragment)) = target_of(link) else {
            continue;
        };
        let Some(target) = target else {
            out.push(Diagnostic::new(
                Code::LinkOutside,
                link.location.clone(),
                format!("link `{written}` leaves the site"),
            ));
            continue;
        };
        if !exists(&target) {
            out.push(
                Diagnostic::new(Code::LinkBroken, link.location.clone(), format!("link `{written}` points to `{target}`, which the site does not have"))
                    .with_help("link to other pages as @/<slug>.md; a relative link must name a file (…/index.html), not a folder"),
            );
            continue;
        }
        let mut has_id = || {
            ids.entry(target.clone())
                .or_insert_with(|| ids_in(&target))
                .contains(fragment)
        };
        if !fragment.is_empty() && !has_id() {
            out.push(Diagnostic::new(
                Code::LinkAnchor,
                link.location.clone(),
                format!("link `{written}`: `{target}` has no element with id `{fragment}`"),
            ));
        }
    }
    out
}

/// The output file a link leads to (`None` inside when it climbs above the output root) and its
/// fragment, or `None` for a link to another site or with a scheme (mailto:, tel:, javascript:
/// — the last refused by the Markdown stage), which the check leaves alone.
pub(crate) fn target_of(link: &PageLink) -> Option<(Option<String>, &str)> {
    let href = link.href.as_str();
    let scheme = href
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'));
    if scheme || href.starts_with("//") {
        return None;
    }
    let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
    let file = file.split('?').next().unwrap_or("");
    let target = if file.is_empty() {
        Some(link.from.clone())
    } else {
        resolve_relative(&link.from, file)
    };
    Some((target, fragment))
}

/// `from` and the result are output paths; `None` when `to` climbs above the output root.
pub(super) fn resolve_relative(from: &str, to: &str) -> Option<String> {
    if to.starts_with('/') {
        return Some(to.trim_start_matches('/').to_string());
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in to.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The values of every `id` attribute of a page, quoted or not (minified pages leave quotes out).
pub(crate) fn ids_of(html: &[u8]) -> HashSet<String> {
    let mut out = HashSet::new();
    for i in memchr::memmem::find_iter(html, b"id=") {
        // An attribute of its own (`data-id=` is not one).
        if !i
            .checked_sub(1)
            .is_some_and(|b| html[b].is_ascii_whitespace())
        {
            continue;
        }
        let rest = &html[i + 3..];
        let value = match rest.first() {
            Some(&q @ (b'"' | b'\'')) => rest[1..].split(|&c| c == q).next(),
            _ => rest.split(|&c| c.is_ascii_whitespace() || c == b'>').next(),
        };
        if let Some(value) = value {
            out.insert(String::from_utf8_lossy(value).into_owned());
        }
    }
    out
}

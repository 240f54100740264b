//! A translation's demands against the source's: the same numbers in the same order, the slot
//! where the statement shows them, and the source's own numbering.

use super::*;

/// Where the statement of the source language places the demands (`<!-- demands -->`), a
/// translation must too, or its demands end up after the whole text.
pub(super) fn demands_slot(
    site: &Site,
    src: &PageSource,
    own: &PageSource,
    out: &mut Vec<Diagnostic>,
) {
    let Some(source_slot) = slot_offset(src) else {
        return;
    };
    if slot_offset(own).is_some() {
        return;
    }
    let body = &own.file.text[own.body.clone()];
    let first_text = own.body.start + (body.len() - body.trim_start().len());
    out.push(
        Diagnostic::new(
            Code::DemandsMarkerMissing,
            Location::at(&own.file.path, &own.file.text, first_text),
            format!("the statement has no `{DEMANDS_SLOT}` line; its demands are shown after the whole text"),
        )
        .with_help(format!(
            "the {} text has it at {}: put `{DEMANDS_SLOT}` on a line of its own where the demands go",
            site.config.source_language,
            Location::at(&src.file.path, &src.file.text, source_slot)
        )),
    );
}

/// The byte offset of the `<!-- demands -->` line of a page, if it has one that Markdown keeps
/// (not, say, inside a code block).
pub(super) fn slot_offset(page: &PageSource) -> Option<usize> {
    let none = |_: &str| None;
    let input = markdown::Input {
        file: &page.file.path,
        text: &page.file.text,
        region: page.body.clone(),
        allow_html: true,
        scope: &crate::origins::Scope::default(),
        resolve: &none,
    };
    if !markdown::render(&input).0.html.contains(DEMANDS_SLOT) {
        return None;
    }
    let mut offset = page.body.start;
    for line in page.file.text[page.body.clone()].split_inclusive('\n') {
        if line.trim() == DEMANDS_SLOT {
            return Some(offset + (line.len() - line.trim_start().len()));
        }
        offset += line.len();
    }
    Some(page.body.start)
}

/// What is wrong with the numbers of a `demands.md`, each finding at the index of the item that
/// holds it. The numbers are the demands' ids (`#demand-3`), the same in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Numbering {
    /// The item stands where demand `belongs` does, but carries another number.
    Misnumbered {
        at: usize,
        written: u32,
        belongs: u32,
    },
    /// A number that an earlier item has already.
    Duplicate { at: usize, number: u32 },
    /// Demands the list skips before this item (which is `before`).
    Missing {
        at: usize,
        numbers: Vec<u32>,
        before: u32,
    },
    /// A number the source does not have.
    NotInSource { at: usize, number: u32 },
    /// An item that is not in the order of the source.
    OutOfOrder { at: usize, number: u32 },
}

/// Compares the numbers written in a list with the numbers it should have (`expected`, in
/// order): one finding per mistake, at the item that holds it, and the expected numbers the
/// list ends without. A demand renumbered from 3 to 4 is one mistake (this item should be 3),
/// not two (a 4 too many and a 3 missing).
pub(super) fn numbering(written: &[u32], expected: &[u32]) -> (Vec<Numbering>, Vec<u32>) {
    let mut found = Vec::new();
    let mut accounted = vec![false; expected.len()];
    let position = |n: u32| expected.iter().position(|&e| e == n);
    let mut e = 0;
    for (at, &n) in written.iter().enumerate() {
        while e < expected.len() && accounted[e] {
            e += 1;
        }
        let wanted = expected.get(e).copied();
        if wanted == Some(n) {
            accounted[e] = true;
            continue;
        }
        let next = written.get(at + 1).copied();
        let p = position(n);
        let unusable = p.is_none_or(|p| accounted[p]);
        let resumes = next.is_some() && next == expected.get(e + 1).copied();
        match (wanted, p) {
            (Some(belongs), _) if resumes || (next.is_none() && unusable) => {
                found.push(Numbering::Misnumbered {
                    at,
                    written: n,
                    belongs,
                });
                accounted[e] = true;
            }
            (_, Some(p)) if accounted[p] => found.push(Numbering::Duplicate { at, number: n }),
            (_, None) => found.push(Numbering::NotInSource { at, number: n }),
            (Some(wanted), Some(p)) if p > e && !written[at + 1..].contains(&wanted) => {
                found.push(Numbering::Missing {
                    at,
                    numbers: expected[e..p]
                        .iter()
                        .zip(&accounted[e..p])
                        .filter(|(_, done)| !**done)
                        .map(|(n, _)| *n)
                        .collect(),
                    before: n,
                });
                accounted[e..=p].iter_mut().for_each(|a| *a = true);
            }
            (_, Some(p)) => {
                found.push(Numbering::OutOfOrder { at, number: n });
                accounted[p] = true;
            }
        }
    }
    let lacking = expected
        .iter()
        .zip(&accounted)
        .filter(|(_, done)| !**done)
        .map(|(n, _)| *n)
        .collect();
    (found, lacking)
}

/// The demands of the source language must be numbered 1, 2, 3, … without gaps or repeats:
/// the numbers are the ids every language shares.
pub(super) fn source_demands(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(src) = site.demands.get(&site.config.source_language) else {
        return;
    };
    let written: Vec<u32> = src.items.iter().map(|i| i.number).collect();
    let last = written
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(written.len() as u32);
    let expected: Vec<u32> = (1..=last).collect();
    let (found, _) = numbering(&written, &expected);
    let help = "the demands are numbered 1, 2, 3, … in order: the number is the demand's address (#demand-N) in every language";
    for f in found {
        let d = match f {
            Numbering::Misnumbered {
                at,
                written,
                belongs,
            } => Diagnostic::new(
                Code::DemandNumbering,
                src.items[at].location.clone(),
                format!("this demand is numbered {written}, but it is demand {belongs}"),
            ),
            Numbering::Duplicate { at, number } => Diagnostic::new(
                Code::DemandNumbering,
                src.items[at].location.clone(),
                format!("demand {number} appears twice"),
            ),
            Numbering::Missing {
                at,
                numbers,
                before,
            } => Diagnostic::new(
                Code::DemandNumbering,
                src.items[at].location.clone(),
                format!(
                    "the numbers jump to {before}: {} would be missing",
                    demand_list(&numbers)
                ),
            ),
            Numbering::NotInSource { at, number } | Numbering::OutOfOrder { at, number } => {
                Diagnostic::new(
                    Code::DemandNumbering,
                    src.items[at].location.clone(),
                    format!("demand {number} is out of order"),
                )
            }
        };
        out.push(d.with_help(help));
    }
}

/// A translation's demands against the source's: the same numbers, in the same order. A demand
/// the source gained and the translation lacks is shown in the source language (a warning);
/// every other difference makes `#demand-N` lead to different demands, an error.
pub(super) fn demands(site: &Site, lang: &str, out: &mut Vec<Diagnostic>) {
    let source_lang = site.config.source_language.as_str();
    // Without a source list (or with one that is not a list, an error of its own), there is
    // nothing to compare with.
    let Some(src) = site
        .demands
        .get(source_lang)
        .filter(|d| !d.items.is_empty())
    else {
        return;
    };
    let Some(own) = site.demands.get(lang) else {
        if !site.failed(lang, crate::content::DEMANDS_SLUG) {
            out.push(Diagnostic::new(
                Code::DemandsUntranslated,
                Location::file(format!("content/{lang}/demands.md")),
                "the demands are not translated; readers see them in another language",
            ));
        }
        return;
    };
    let written: Vec<u32> = own.items.iter().map(|i| i.number).collect();
    // The source's own numbering mistakes are reported with it; here each number counts once.
    let mut expected: Vec<u32> = Vec::new();
    for i in &src.items {
        if !expected.contains(&i.number) {
            expected.push(i.number);
        }
    }
    let (found, lacking) = numbering(&written, &expected);
    let all = range_text(&expected.iter().copied().collect());
    let help = format!("every language has the demands of the {source_lang} text with the same numbers, so that #demand-N is the same demand in all of them");
    for f in found {
        let d = match f {
            Numbering::Misnumbered { at, written, belongs } => Diagnostic::new(
                Code::DemandNumbering,
                own.items[at].location.clone(),
                format!("this demand is numbered {written}, but demand {belongs} of the {source_lang} text belongs here"),
            )
            .with_help(format!("number it {belongs}, as in {}", src.item(belongs).map_or_else(|| src.file.path.clone(), |i| i.location.to_string()))),
            Numbering::Duplicate { at, number } => Diagnostic::new(
                Code::DemandNumbering,
                own.items[at].location.clone(),
                format!("demand {number} appears twice; demand-{number} must be one demand"),
            )
            .with_help(help.clone()),
            Numbering::Missing { at, numbers, before } => Diagnostic::new(
                Code::DemandMissing,
                own.items[at].location.clone(),
                format!(
                    "{} of the {source_lang} text {} missing before demand {before}",
                    demand_list(&numbers),
                    if numbers.len() == 1 { "is" } else { "are" }
                ),
            )
            .with_help(help.clone()),
            Numbering::NotInSource { at, number } => Diagnostic::new(
                Code::DemandNumbering,
                own.items[at].location.clone(),
                format!("demand {number} is not in the {source_lang} text, which has demands {all}"),
            )
            .with_help(help.clone()),
            Numbering::OutOfOrder { at, number } => Diagnostic::new(
                Code::DemandNumbering,
                own.items[at].location.clone(),
                format!("demand {number} is out of order; keep the order of the {source_lang} text"),
            ),
        };
        out.push(d);
    }
    if !lacking.is_empty() {
        let at = own.items.last().map_or_else(
            || Location::at(&own.file.path, &own.file.text, own.body.start),
            |i| i.location.clone(),
        );
        let shown_in: BTreeSet<&str> = site
            .demands_shown(lang)
            .into_iter()
            .filter(|(n, _)| lacking.contains(n))
            .map(|(_, d)| d.lang.as_str())
            .collect();
        out.push(
            Diagnostic::new(
                Code::DemandsUntranslated,
                at,
                format!(
                    "{} of the {source_lang} text {} not translated; readers see {} in {}",
                    demand_list(&lacking),
                    if lacking.len() == 1 { "is" } else { "are" },
                    if lacking.len() == 1 { "it" } else { "them" },
                    shown_in.into_iter().collect::<Vec<_>>().join(", ")
                ),
            )
            .with_help(format!(
                "translate {} from {} and add {} at the end of the list",
                if lacking.len() == 1 { "it" } else { "them" },
                src.file.path,
                if lacking.len() == 1 { "it" } else { "them" }
            )),
        );
    }
    let identical = same_text(
        &own.file.text[own.body.clone()],
        &src.file.text[src.body.clone()],
    );
    if !identical {
        for item in &own.items {
            let Some(source_item) = src.item(item.number) else {
                continue;
            };
            if same_text(&item.html, &source_item.html) {
                out.push(
                    Diagnostic::new(
                        Code::DemandUntranslated,
                        item.location.clone(),
                        format!(
                            "demand {} is the same as in the {source_lang} text: probably not translated yet",
                            item.number
                        ),
                    )
                    .with_help(format!("translate it from {}", source_item.location)),
                );
            }
        }
    }
    freshness(
        site.demands_outdated(own),
        identical,
        Location::at(&own.file.path, &own.file.text, 0),
        &src.file.path,
        lang,
        out,
    );
}

/// `demand 3`, `demands 3–5`, `demands 3, 7`.
pub(super) fn demand_list(numbers: &[u32]) -> String {
    let set: BTreeSet<u32> = numbers.iter().copied().collect();
    if set.len() == 1 {
        format!("demand {}", range_text(&set))
    } else {
        format!("demands {}", range_text(&set))
    }
}

pub(super) fn range_text(numbers: &BTreeSet<u32>) -> String {
    match (numbers.first(), numbers.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) if (*b - *a) as usize + 1 == numbers.len() => format!("{a}–{b}"),
        _ => numbers
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

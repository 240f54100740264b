//! A translation's Fluent messages against the source's: present and not a copy of the source's
//! prose, the same `$variables`, references that resolve, and the plural forms its language has.

use super::*;

/// The first definition of each id (the one Fluent uses).
pub(super) fn by_id(list: &[MessageInfo]) -> BTreeMap<&str, &MessageInfo> {
    let mut map = BTreeMap::new();
    for m in list {
        map.entry(m.id.as_str()).or_insert(m);
    }
    map
}

pub(super) fn fmt_vars<'a>(vars: impl IntoIterator<Item = &'a String>) -> String {
    let list: Vec<String> = vars.into_iter().map(|v| format!("${v}")).collect();
    if list.is_empty() {
        "no variables".to_string()
    } else {
        list.join(", ")
    }
}

/// `id` or `id.attribute`: what a finding about one part of a message names.
pub(super) fn part_name(m: &MessageInfo, part: &Part) -> String {
    match &part.attribute {
        Some(a) => format!("{}.{a}", m.id),
        None => m.id.clone(),
    }
}

/// Whether a translation is still its source's text, for every kind of translated text (Fluent
/// messages, pages, demands): the same words once numbers, punctuation, spacing and tags (`<…>`)
/// are set aside, and prose among them rather than only names (`Pages`, `The Crimean Human Rights
/// Group`, `CF East SOS`, `OSCE, 2025` may rightly stay the same in another language; `Skip to
/// content` may not). Compared word by word without allocating: it runs over every page.
pub(crate) fn same_text(translated: &str, source: &str) -> bool {
    words(translated).eq(words(source)) && has_prose(translated)
}

/// The words of a text, tags (`<…>`) left out: runs of letters.
pub(super) fn words(html: &str) -> impl Iterator<Item = &str> {
    outside_tags(html, |c| !c.is_alphabetic())
}

/// The pieces of `html` between separators (`sep`) and tags.
pub(super) fn outside_tags(html: &str, sep: impl Fn(char) -> bool) -> impl Iterator<Item = &str> {
    let mut in_tag = false;
    html.split(move |c: char| {
        let boundary = in_tag || c == '<' || sep(c);
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        boundary
    })
    .filter(|w| !w.is_empty())
}

/// Prose: two words or more, one of them of four letters or more that does not start with a
/// capital (not a name). A word is made of letters, `-` and apostrophes, so file names, CSS
/// (`min-width: 23em`), addresses and code are not prose.
pub(super) fn has_prose(text: &str) -> bool {
    let (mut count, mut lowercase_long) = (0, false);
    for token in outside_tags(text, char::is_whitespace) {
        let w = token.trim_matches(|c: char| ".,;!?…\"'“”„«»()[]".contains(c));
        if !(w.starts_with(char::is_alphabetic)
            && w.chars().all(|c| c.is_alphabetic() || "-'’".contains(c)))
        {
            continue;
        }
        count += 1;
        lowercase_long |= w.chars().filter(|c| c.is_alphabetic()).count() >= 4
            && !w.starts_with(char::is_uppercase);
        if count >= 2 && lowercase_long {
            return true;
        }
    }
    false
}

/// Whether a language's own definition of `id` counts as translated: it exists and is not a copy
/// of the source's prose.
pub(crate) fn is_translated(src: &MessageInfo, own: Option<&MessageInfo>) -> bool {
    own.is_some_and(|m| !same_text(&m.text(), &src.text()))
}

pub(super) fn messages(site: &Site, locales: &Locales, lang: &str, out: &mut Vec<Diagnostic>) {
    let source_lang = site.config.source_language.as_str();
    let empty = Vec::new();
    let source = by_id(locales.messages.get(source_lang).unwrap_or(&empty));
    let own = locales.messages.get(lang).unwrap_or(&empty);
    let translated = by_id(own);
    let chain = site.chain(lang);
    let no_comments = BTreeMap::new();
    let commented = locales.commented.get(lang).unwrap_or(&no_comments);
    for (id, src) in &source {
        if translated.contains_key(id) {
            continue;
        }
        let from = chain
            .iter()
            .skip(1)
            .find(|l| locales.has_own(l, id))
            .cloned()
            .unwrap_or_else(|| source_lang.to_string());
        let (at, help) = match commented.get(*id) {
            Some(line) => (
                line.clone(),
                format!(
                    "remove the `#` at the start of its lines and translate the {source_lang} text"
                ),
            ),
            None => {
                let file_name = src.file.rsplit('/').next().unwrap_or("main.ftl");
                (
                    Location::file(format!("locales/{lang}/{file_name}")),
                    format!("translate `{id}` from {}", src.location),
                )
            }
        };
        out.push(
            Diagnostic::new(
                Code::FluentMissing,
                at,
                format!("`{id}` is not translated; readers see the {from} text"),
            )
            .with_help(help),
        );
    }
    // Every definition, the second of a duplicated id too: a translator may fix either.
    for m in own {
        let id = m.id.as_str();
        let Some(src) = source.get(id) else {
            out.push(
                Diagnostic::new(
                    Code::FluentObsolete,
                    m.location.clone(),
                    format!("`{id}` is not in the {source_lang} source; it is never used"),
                )
                .with_help("remove it, or check the id for a typo"),
            );
            continue;
        };
        if m.recorded_source
            .as_ref()
            .is_some_and(|r| *r != src.entry_hash)
        {
            out.push(
                Diagnostic::new(Code::FluentOutdated, m.location.clone(), format!("`{id}`: the {source_lang} text has changed since this was translated"))
                    .with_help(format!("compare with {}, update the translation, then run `zaklyk check --mark-current {lang} --message {id}`", src.location)),
            );
        }
        if same_text(&m.text(), &src.text()) {
            out.push(
                Diagnostic::new(
                    Code::FluentUntranslated,
                    m.location.clone(),
                    format!(
                        "`{id}` is the same as the {source_lang} text: probably not translated yet"
                    ),
                )
                .with_help("translate it; names and numbers may stay as they are"),
            );
        }
        if src.has_value && !m.has_value {
            out.push(Diagnostic::new(
                Code::FluentValueMissing,
                m.location.clone(),
                format!("`{id}` has no value, but the {source_lang} text has one"),
            ));
        }
        if m.has_value && !src.has_value {
            out.push(
                Diagnostic::new(
                    Code::FluentValueObsolete,
                    m.location.clone(),
                    format!("`{id}` has a value, but the {source_lang} text has only attributes"),
                )
                .with_help("the value is never shown; keep only the attributes"),
            );
        }
        for a in src.attributes() {
            if m.part(Some(a)).is_none() {
                out.push(
                    Diagnostic::new(Code::AttributeMissing, m.location.clone(), format!("`{id}` lacks the attribute `.{a}` of the {source_lang} text; readers see a fallback"))
                        .with_help(format!("add `    .{a} = …` under `{id}`, as at {}", src.part(Some(a)).map_or(&src.location, |p| &p.location))),
                );
            }
        }
        for (i, part) in m.parts.iter().enumerate() {
            let Some(a) = &part.attribute else { continue };
            if m.parts[..i]
                .iter()
                .any(|p| p.attribute.as_deref() == Some(a.as_str()))
            {
                continue; // reported as a duplicate attribute
            }
            let Some(src_part) = src.part(Some(a)) else {
                out.push(
                    Diagnostic::new(Code::AttributeObsolete, part.location.clone(), format!("`{id}` has an attribute `.{a}` that the {source_lang} text does not have"))
                        .with_help("remove it, or check its name for a typo"),
                );
                continue;
            };
            variables(m, part, src_part, source_lang, out);
        }
        if m.has_value && src.has_value {
            if let (Some(part), Some(src_part)) = (m.part(None), src.part(None)) {
                variables(m, part, src_part, source_lang, out);
            }
        }
    }
}

/// A translated part's `$variables` against its source's: one finding per part, however many
/// variables differ. Terms are skipped: their variables are parameters each language chooses
/// (`-brand = { $case -> … }`).
pub(super) fn variables(
    m: &MessageInfo,
    part: &Part,
    src: &Part,
    source_lang: &str,
    out: &mut Vec<Diagnostic>,
) {
    if m.is_term() {
        return;
    }
    let name = part_name(m, part);
    let unknown: Vec<(&String, &Location)> = part
        .variables
        .iter()
        .filter(|(v, _)| !src.variables.contains_key(*v))
        .collect();
    let unused: Vec<&String> = src
        .variables
        .keys()
        .filter(|v| !part.variables.contains_key(*v))
        .collect();
    if let Some((_, at)) = unknown.first() {
        let help = if unused.is_empty() {
            format!(
                "variables are not translated: the {source_lang} text uses {}",
                fmt_vars(src.variables.keys())
            )
        } else {
            format!(
                "variables are not translated: did you mean {}?",
                fmt_vars(unused.iter().copied())
            )
        };
        out.push(
            Diagnostic::new(
                Code::VariableUnknown,
                (*at).clone(),
                format!(
                    "`{name}` uses {}, which the {source_lang} text does not have",
                    fmt_vars(unknown.iter().map(|(v, _)| *v))
                ),
            )
            .with_help(help),
        );
    } else if !unused.is_empty() {
        out.push(
            Diagnostic::new(Code::VariableUnused, part.location.clone(), format!("`{name}` does not use {}, which the {source_lang} text uses", fmt_vars(unused.iter().copied())))
                .with_help("a translation may leave a variable out only where the language needs no such word (a plural form that names the number)"),
        );
    }
}

/// Every reference of a language's messages (the source's too) must resolve in that language:
/// Fluent looks messages and terms up within one bundle.
pub(super) fn references(locales: &Locales, lang: &str, out: &mut Vec<Diagnostic>) {
    let empty = Vec::new();
    let list = locales.messages.get(lang).unwrap_or(&empty);
    let defined = by_id(list);
    for m in list {
        for (i, part) in m.parts.iter().enumerate() {
            if let Some(a) = &part.attribute {
                if let Some(first) = m.parts[..i]
                    .iter()
                    .find(|p| p.attribute.as_deref() == Some(a.as_str()))
                {
                    out.push(
                        Diagnostic::new(
                            Code::AttributeDuplicate,
                            part.location.clone(),
                            format!("`{}` has the attribute `.{a}` twice", m.id),
                        )
                        .with_help(format!(
                            "the first, at {}, is the one used; remove one of them",
                            first.location
                        )),
                    );
                }
            }
            for (r, at) in &part.references {
                let (rid, attr) = r
                    .split_once('.')
                    .map_or((r.as_str(), None), |(a, b)| (a, Some(b)));
                let exists = defined
                    .get(rid)
                    .is_some_and(|t| attr.is_none_or(|a| t.part(Some(a)).is_some()));
                if !exists {
                    out.push(
                        Diagnostic::new(Code::ReferenceUnknown, at.clone(), format!("`{}` refers to `{r}`, which locales/{lang}/ does not define", part_name(m, part)))
                            .with_help("a reference is resolved within the same language; define it there too, or check the name for a typo"),
                    );
                }
            }
        }
    }
}

/// The plural selects of a language's messages that lack one of its CLDR categories.
pub(crate) fn plural_problems(locales: &Locales, lang: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    plurals(locales, lang, &mut out);
    out.retain(|d| d.code == Code::PluralCategoryMissing);
    out
}

/// Plural selects checked as compare-locales checks them, and duplicate variant keys.
///
/// A select is a plural when it selects on `NUMBER()` (or a number), or on a variable and one of
/// its keys is a category of the language other than `other` (Fluent matches a string selector
/// as it is, so `[one]` on a number is the only reason to write such a key). `PLATFORM()`, terms'
/// attributes, string literals and selects whose keys are only exact numbers (`[1]`) or words
/// (`[masculine]`) are not plurals. A plural must spell out every category that a whole number
/// takes in the language; the default variant, whatever its key, stands for `other` and for the
/// categories only fractions take (`other` in Ukrainian and Polish).
pub(super) fn plurals(locales: &Locales, lang: &str, out: &mut Vec<Diagnostic>) {
    let rules_tag = locales
        .plural_locale
        .get(lang)
        .map(String::as_str)
        .unwrap_or(lang);
    let cardinal = crate::language::plural_categories(rules_tag, false);
    let ordinal = crate::language::plural_categories(rules_tag, true);
    for m in locales.messages.get(lang).into_iter().flatten() {
        for part in &m.parts {
            for select in &part.selects {
                for (i, key) in select.variants.iter().enumerate() {
                    if select.variants[..i].iter().any(|k| k.name == key.name) {
                        out.push(
                            Diagnostic::new(
                                Code::VariantDuplicate,
                                key.location.clone(),
                                format!(
                                    "`{}` has the variant [{}] twice",
                                    part_name(m, part),
                                    key.name
                                ),
                            )
                            .with_help("the first is the one used; remove or rename one of them"),
                        );
                    }
                }
                let keys: BTreeSet<&str> =
                    select.variants.iter().map(|k| k.name.as_str()).collect();
                let categories = match &select.selector {
                    Selector::Number { ordinal: true } => &ordinal,
                    Selector::Number { ordinal: false } => &cardinal,
                    Selector::Variable(_)
                        if cardinal
                            .all
                            .iter()
                            .any(|c| *c != "other" && keys.contains(c)) =>
                    {
                        &cardinal
                    }
                    _ => continue,
                };
                let missing: Vec<&str> = categories
                    .integers
                    .iter()
                    .copied()
                    .filter(|c| *c != "other" && !keys.contains(c))
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Code::PluralCategoryMissing,
                        select.location.clone(),
                        format!(
                            "the plural forms of `{}` on {} lack `{}`",
                            part_name(m, part),
                            select.selector_text(),
                            missing.join("`, `")
                        ),
                    )
                    .with_help(format!(
                        "whole numbers in {lang} take the forms {}; add a [{}] variant",
                        categories.integers.join(", "),
                        missing[0]
                    )),
                );
            }
        }
    }
}

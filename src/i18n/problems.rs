//! The problems a Fluent file can have, located: syntax errors at their entry, nesting past the
//! limit before the parser recurses, messages that would expand past the limit, and Fluent's own
//! formatting errors in words a translator reads.

use super::*;

/// The text of a file for the parser, and a `fluent-nesting` error for each entry that nests
/// deeper than [`crate::limits::FLUENT_NESTING`]. Such an entry is blanked out (spaces, its
/// newlines kept, so that every offset still points into the file): the parser recurses once
/// per level and must never see it.
pub(super) fn within_nesting(file: &LocaleFile, index: &LineIndex) -> (String, Vec<Diagnostic>) {
    let limit = crate::limits::FLUENT_NESTING;
    let deep = crate::nesting::fluent::too_deep(&file.text, limit);
    if deep.is_empty() {
        return (file.text.clone(), Vec::new());
    }
    let mut bytes = file.text.clone().into_bytes();
    let mut diags = Vec::new();
    for (entry, at) in deep {
        for b in &mut bytes[entry] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        diags.push(
            Diagnostic::new(
                Code::FluentNesting,
                index.location(&file.path, at),
                format!(
                    "placeables, selects and function arguments nest more than {limit} deep here"
                ),
            )
            .with_help("flatten the message; the whole message is left out until it is"),
        );
    }
    // Only whole characters were replaced, by ASCII spaces.
    let text = String::from_utf8(bytes).unwrap_or_default();
    (text, diags)
}

/// The first definition of every message, attribute and term of a language's files, as the
/// bundle resolves references: by key (`id`, `id.attr`, `-term`, `-term.attr`).
pub(super) fn first_definitions(
    resources: &[std::sync::Arc<FluentResource>],
) -> expansion::Patterns<'_> {
    let mut patterns = expansion::Patterns::new();
    let mut seen = BTreeSet::new();
    for resource in resources {
        for entry in resource.entries() {
            let (prefix, id, value, attributes) = match entry {
                ast::Entry::Message(m) => ("", m.id.name, m.value.as_ref(), &m.attributes),
                ast::Entry::Term(t) => ("-", t.id.name, Some(&t.value), &t.attributes),
                _ => continue,
            };
            let owner = format!("{prefix}{id}");
            if !seen.insert(owner.clone()) {
                continue;
            }
            if let Some(value) = value {
                patterns.insert(owner.clone(), value);
            }
            for a in attributes {
                // The first of two attributes of one name is the one formatted.
                patterns
                    .entry(expansion::key(&owner, Some(a.id.name)))
                    .or_insert(&a.value);
            }
        }
    }
    patterns
}

/// A `fluent-expansion` error for every message (or attribute) that could make more text than
/// [`crate::limits::FLUENT_EXPANSION_BYTES`] without any argument.
pub(super) fn too_large(
    infos: &[MessageInfo],
    sizes: &HashMap<String, expansion::Size>,
) -> Vec<Diagnostic> {
    let limit = crate::limits::FLUENT_EXPANSION_BYTES;
    let mut out = Vec::new();
    for info in infos.iter().filter(|i| !i.is_term()) {
        for part in &info.parts {
            let key = expansion::key(&info.id, part.attribute.as_deref());
            let Some(size) = sizes.get(&key) else {
                continue;
            };
            if size.placeables > crate::limits::FLUENT_PLACEABLES {
                out.push(
                    Diagnostic::new(
                        Code::FluentExpansion,
                        part.location.clone(),
                        format!(
                            "`{key}` resolves more than {} placeables through the messages and terms it refers to; Fluent stops there",
                            crate::limits::FLUENT_PLACEABLES
                        ),
                    )
                    .with_help("refer to fewer messages, or to shorter ones"),
                );
                continue;
            }
            if size.fixed <= limit {
                continue;
            }
            let amount = match size.fixed {
                u64::MAX => "more than 16 EiB".to_string(),
                n => format!("{} MiB", n.div_ceil(1 << 20)),
            };
            out.push(
                Diagnostic::new(
                    Code::FluentExpansion,
                    part.location.clone(),
                    format!(
                        "`{key}` would expand to {amount} through the messages and terms it refers to; zaklyk formats messages of up to {} MiB",
                        limit >> 20
                    ),
                )
                .with_help("refer to fewer messages, or to shorter ones"),
            );
        }
    }
    out
}

pub(super) fn describe_fluent_error(e: &FluentError) -> String {
    match e {
        FluentError::ResolverError(r) => {
            let text = r.to_string();
            match r {
                fluent_bundle::resolver::ResolverError::Reference(
                    fluent_bundle::resolver::errors::ReferenceKind::Variable { .. },
                ) => {
                    format!("{text} (the template does not pass it)")
                }
                fluent_bundle::resolver::ResolverError::Cyclic => {
                    "the message refers to itself (a cyclic reference)".to_string()
                }
                _ => text,
            }
        }
        other => other.to_string(),
    }
}

/// Where to point at a syntax error. fluent-syntax reports an unclosed placeable at the start of
/// the next line; the problem is at the end of the line before, inside the broken entry.
pub(super) fn syntax_error_offset(text: &str, pos: usize, entry_start: Option<usize>) -> usize {
    let pos = pos.min(text.len());
    let at_line_start = pos > 0 && text[..pos].ends_with('\n');
    match entry_start {
        Some(start) if at_line_start && pos > start => {
            text[..pos].trim_end_matches(['\n', '\r']).len()
        }
        _ => pos,
    }
}

/// The lines of an entry without the comments and blank lines that follow it (they belong to
/// the next entry).
pub(super) fn entry_text(span: &str) -> String {
    let lines: Vec<&str> = span.lines().collect();
    let keep = lines
        .iter()
        .rposition(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map_or(0, |i| i + 1);
    lines[..keep].join("\n")
}

/// Tag-like text and character references in translations: readers would see them as written.
pub(super) fn markup_problems(infos: &[MessageInfo]) -> Vec<Diagnostic> {
    let mut report = Vec::new();
    for info in infos {
        for part in &info.parts {
            let Some((first, at)) = part.markup.first() else {
                continue;
            };
            let name = match &part.attribute {
                Some(a) => format!("{}.{a}", info.id),
                None => info.id.clone(),
            };
            let more = match part.markup.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let d = if first.starts_with('&') {
                Diagnostic::new(Code::MarkupInTranslation, at.clone(), format!("`{name}` contains the character reference `{first}`{more}; readers would see it as written"))
                    .with_help("translations are plain text: write the character itself (&, ©, a no-break space)")
            } else {
                Diagnostic::new(Code::MarkupInTranslation, at.clone(), format!("`{name}` contains the tag `{first}`{more}; readers would see it as written"))
                    .with_help("translations are plain text, shown as written: remove the markup; a `<` before a space or a digit is fine")
            };
            report.push(d);
        }
    }
    report
}

/// A message or term defined twice in a language: the first definition is the one used.
pub(super) fn duplicates(infos: &[MessageInfo]) -> Vec<Diagnostic> {
    let mut report = Vec::new();
    let mut seen = BTreeMap::new();
    for info in infos {
        if let Some(first) = seen.insert(info.id.clone(), info.location.clone()) {
            report.push(
                Diagnostic::new(
                    Code::FluentDuplicate,
                    info.location.clone(),
                    format!("`{}` is defined more than once", info.id),
                )
                .with_help(format!(
                    "the first definition, at {first}, is the one used; remove one of them"
                )),
            );
        }
    }
    report
}

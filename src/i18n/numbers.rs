//! Digit grouping: integers are written with each language's separator (`1 600 000`,
//! `1,600,000`), through fluent-bundle's formatter hook.

use super::*;

/// The separator a language writes between groups of three digits, when site.toml does not say.
pub(super) fn default_separator(tag: &str) -> &'static str {
    let language = tag.split(['-', '_']).next().unwrap_or("");
    match language {
        "en" | "he" | "ja" | "ko" | "zh" | "th" => ",",
        "de" | "tr" | "it" | "nl" | "da" | "id" | "ro" | "el" => ".",
        "fr" => "\u{202f}",
        "uk" | "ru" | "be" | "pl" | "cs" | "sk" | "bg" | "fi" | "sv" | "nb" | "lt" | "lv"
        | "et" | "hu" | "kk" => "\u{a0}",
        _ => "",
    }
}

/// fluent-bundle's formatter hook is a plain `fn` pointer (no captured state), so each separator
/// gets its own monomorphized function.
pub(super) fn number_formatter(sep: &str) -> fn(&FluentValue, &Memoizer) -> Option<String> {
    match sep {
        "," => format_number::<','>,
        "." => format_number::<'.'>,
        " " | "\u{a0}" => format_number::<'\u{a0}'>,
        "\u{202f}" => format_number::<'\u{202f}'>,
        "'" => format_number::<'\''>,
        _ => format_number::<'\0'>,
    }
}

pub(super) fn format_number<const SEP: char>(value: &FluentValue, _: &Memoizer) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e15 => {
            Some(group_digits(n.value as i64, SEP))
        }
        _ => None,
    }
}

/// `1600000` → `1 600 000` with `sep`; `'\0'` means no grouping. Four-digit numbers stay whole
/// when the separator is a space, as uk, pl and fr write them (`2025`, `8000`).
pub(crate) fn group_digits(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let min_digits = if sep == '\u{a0}' || sep == '\u{202f}' {
        5
    } else {
        4
    };
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    if sep == '\0' || digits.len() < min_digits {
        out.push_str(&digits);
        return out;
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

//! Source marks: the `# source: <hash>` line above a translated message that records which source
//! text it was made from (`check --mark-current` writes them, freshness reads them).

use super::*;

/// The comment line that records which source text a translated message was made from.
pub(crate) const SOURCE_MARK: &str = "# source: ";

/// The hash in a `# source: …` line directly above an entry (`before` ends where it starts).
pub(super) fn recorded_source(before: &str) -> Option<String> {
    before
        .lines()
        .rev()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(SOURCE_MARK))
        .map(|h| h.trim().to_string())
}

/// A translation's `.ftl` text with a `# source: HASH` line directly above every message whose id
/// `hashes` gives (replacing an older one); everything else is kept as it is.
pub(crate) fn with_source_marks(text: &str, hashes: &BTreeMap<String, String>) -> String {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out: Vec<String> = Vec::new();
    let entries: BTreeMap<usize, String> = entry_offsets(text)
        .into_iter()
        .map(|(id, o)| (o, id))
        .collect();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(hash) = entries.get(&offset).and_then(|id| hashes.get(id)) {
            // Drop an older mark in the comment block right above, then add the current one.
            let block_start = out
                .iter()
                .rposition(|l| !l.starts_with('#'))
                .map_or(0, |i| i + 1);
            if let Some(i) = (block_start..out.len()).find(|&i| out[i].starts_with(SOURCE_MARK)) {
                out.remove(i);
            }
            out.push(format!("{SOURCE_MARK}{hash}{newline}"));
        }
        out.push(line.to_string());
        offset += line.len();
    }
    out.concat()
}

/// Byte offsets of entries (`id =` and `-term =` at the start of a line) in file order.
/// Continuation lines in Fluent are indented, so a line starting with an identifier is an entry.
pub(super) fn entry_offsets(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let name_len = trimmed
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || (*c == '-'))
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        if name_len > 0 && trimmed[name_len..].trim_start().starts_with('=') {
            let name = &trimmed[..name_len];
            if name.starts_with(|c: char| c.is_ascii_alphabetic())
                || (name.starts_with('-') && name.len() > 1)
            {
                out.push((name.to_string(), offset));
            }
        }
        offset += line.len();
    }
    out
}

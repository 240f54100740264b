//! A translator's copy of a source `.ftl` file, as `new-locale` writes it.

/// A translator's copy of a source `.ftl` file: comments kept, every message commented out with
/// its source text, to be uncommented and translated one by one.
pub(crate) fn scaffold_ftl(source_text: &str, source_lang: &str) -> String {
    let mut out = format!(
        "### To translate a message, remove the \"# \" in front of its lines and replace the {source_lang} text\n\
         ### after \"=\". Keep the id before \"=\", every {{ $variable }} and the [variant] names.\n\
         ### Messages left commented out are shown in a fallback language; `zaklyk check` lists them.\n\n"
    );
    for line in source_text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            out.push_str(line);
        } else {
            out.push_str("# ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

//! Minification: the only user of minify-html.
//!
//! Readers on throttled connections pay for every byte. One fixed configuration, chosen so that
//! the output stays valid HTML (the doctype is kept as `<!DOCTYPE html>`, which the Nu checker
//! requires; attribute values stay compliantly quoted) and so that inline CSS is minified too.
//! Stylesheets are minified by the same engine, as the content of a `<style>` element.

use minify_html::Cfg;

fn config() -> Cfg {
    Cfg {
        minify_css: true,
        minify_js: true,
        keep_html_and_head_opening_tags: true,
        ..Cfg::default()
    }
}

/// Minifies an HTML document.
pub fn html(text: &str) -> Vec<u8> {
    minify_html::minify(text.as_bytes(), &config())
}

/// Minifies a stylesheet.
pub fn css(text: &str) -> Vec<u8> {
    let wrapped = format!("<style>{text}</style>");
    let out = minify_html::minify(wrapped.as_bytes(), &config());
    let out = String::from_utf8_lossy(&out);
    match out
        .strip_prefix("<style>")
        .map(|s| s.strip_suffix("</style>").unwrap_or(s))
    {
        Some(css) => css.as_bytes().to_vec(),
        // The engine changed its output shape: ship the original rather than something broken.
        None => text.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &[u8]) -> String {
        // Strip tags: what a reader sees.
        let s = String::from_utf8_lossy(html);
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn keeps_a_valid_doctype_and_the_spaces_readers_see() {
        let out = html("<!DOCTYPE html>\n<html lang=\"uk\">\n<head><title>T</title></head>\n<body>\n<p><a href=\"a.html\">Одна</a> <a href=\"b.html\">Дві</a></p>\n<p>1\u{a0}600\u{a0}000</p>\n</body></html>");
        let s = String::from_utf8(out.clone()).unwrap();
        assert!(
            s.starts_with("<!DOCTYPE html>") || s.starts_with("<!doctype html>"),
            "{s}"
        );
        assert!(text_of(&out).contains("Одна Дві"), "{s}");
        assert!(
            s.contains("1\u{a0}600\u{a0}000") || s.contains("1&nbsp;600&nbsp;000"),
            "{s}"
        );
    }

    #[test]
    fn minifies_stylesheets() {
        let out = css("/* comment */\nbody {\n  margin-inline: 0 ;\n  color : #000000;\n}\n");
        let s = String::from_utf8(out).unwrap();
        assert!(!s.contains("comment") && !s.contains('\n'), "{s}");
        assert!(s.contains("margin-inline:0"), "{s}");
    }
}

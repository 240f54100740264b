//! CSS in the output scan: what [`crate::css::loads`] finds becomes the sink's findings.
//!
//! An `@import` must be a `.css` file of the site (a stylesheet), any other load a resource;
//! `@charset` must name UTF-8. CSS nested too deep to read is refused once per file.

use super::{At, Sink, Use, What};
use crate::css::loads::{self, Found, MAX_DEPTH};
use crate::diag::Code;

/// Scans a stylesheet (a file, a `<style>` element, a `data:text/css` address).
pub(super) fn sheet(sink: &mut Sink, text: &str, at: At) {
    scan(sink, text, at);
}

/// Scans a value or declarations (a `style` attribute, an SVG presentation attribute).
pub(super) fn value(sink: &mut Sink, text: &str, at: At) {
    scan(sink, text, at);
}

fn scan(sink: &mut Sink, text: &str, at: At) {
    loads::walk(text, &mut |found| match found {
        Found::Load {
            url,
            import,
            offset,
        } => {
            let (used, what) = if import {
                (Use::Stylesheet, "CSS `@import`")
            } else {
                (Use::Resource, "CSS `url()`")
            };
            sink.address(
                &url,
                used,
                What::Text(what),
                at.offset(offset),
                Code::OriginExternal,
            );
        }
        Found::Charset { name, offset } => sink.encoding(&name, at.offset(offset)),
        Found::TooDeep { offset } => {
            if !sink
                .findings
                .iter()
                .any(|f| f.subject == super::CSS_DEPTH_SUBJECT)
            {
                sink.report(
                    Code::MarkupAmbiguous,
                    at.offset(offset),
                    format!(
                        "CSS nested more than {MAX_DEPTH} levels deep, which zaklyk does not read"
                    ),
                    None,
                    "css-depth".into(),
                );
            }
        }
    });
}

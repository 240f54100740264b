//! CSS as a browser tokenizes it: the only user of `cssparser`.
//!
//! Escapes, comments and strings are the tokenizer's business, so `u\72l(`, `url( "x" )` and
//! `/**/@import` are what they are to a browser. Everything that loads is found wherever it is
//! nested: `url()` tokens and functions, strings in `image-set()`, `image()`, `src()` and
//! `cross-fade()`, `@import` (a stylesheet, which must be a `.css` file of the site), and any
//! string that is an address with a host or a fetching scheme (a custom property holding one can
//! be fed to `image-set()` through `var()`). `@charset` must name UTF-8. Strings in attribute
//! selectors (`[href^="https://…"]`) and `@namespace` are names, not loads.

use super::{At, Sink, Use, What};
use crate::diag::Code;
use cssparser::{ParseError, Parser, ParserInput, Token};

/// How deep blocks and functions may nest before the scan stops and refuses.
const MAX_DEPTH: usize = 64;

/// Scans a stylesheet (a file, a `<style>` element, a `data:text/css` address).
pub(super) fn sheet(sink: &mut Sink, text: &str, at: At) {
    let mut input = ParserInput::new(text);
    let mut parser = Parser::new(&mut input);
    walk(sink, &mut parser, at, Context::default());
}

/// Scans a value or declarations (a `style` attribute, an SVG presentation attribute).
pub(super) fn value(sink: &mut Sink, text: &str, at: At) {
    let mut input = ParserInput::new(text);
    let mut parser = Parser::new(&mut input);
    walk(sink, &mut parser, at, Context::default());
}

#[derive(Debug, Clone, Copy, Default)]
struct Context {
    depth: usize,
    /// Inside a function whose strings are addresses.
    strings_load: bool,
    /// Inside `@import`'s `url()`.
    import: bool,
    /// Inside `[…]`: an attribute selector's strings are names.
    brackets: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum AtRule {
    Import,
    Namespace,
    Charset,
}

fn walk<'i>(sink: &mut Sink, parser: &mut Parser<'i, '_>, at: At, ctx: Context) {
    let mut pending: Option<AtRule> = None;
    loop {
        let offset = at.offset(parser.position().byte_index());
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return,
        };
        match token {
            Token::AtKeyword(name) => {
                pending = match name.to_ascii_lowercase().as_str() {
                    "import" => Some(AtRule::Import),
                    "namespace" => Some(AtRule::Namespace),
                    "charset" => Some(AtRule::Charset),
                    _ => None,
                }
            }
            Token::Semicolon => pending = None,
            Token::UnquotedUrl(url) | Token::BadUrl(url) => {
                load(sink, &url, pending, ctx, offset);
                if pending == Some(AtRule::Import) {
                    pending = None;
                }
            }
            Token::QuotedString(s) => {
                match pending {
                    Some(AtRule::Charset) => sink.encoding(&s, offset),
                    Some(AtRule::Namespace) => {}
                    Some(AtRule::Import) => load(sink, &s, pending, ctx, offset),
                    None if ctx.strings_load || (!ctx.brackets && fetchable(&s)) => {
                        load(sink, &s, None, ctx, offset)
                    }
                    None => {}
                }
                if pending == Some(AtRule::Import) {
                    pending = None;
                }
            }
            Token::Function(name) => {
                let name = name.to_ascii_lowercase();
                let loads = matches!(
                    name.as_str(),
                    "url"
                        | "src"
                        | "image"
                        | "image-set"
                        | "-webkit-image-set"
                        | "cross-fade"
                        | "-webkit-cross-fade"
                );
                let inner = Context {
                    strings_load: ctx.strings_load || loads,
                    import: pending == Some(AtRule::Import) && (name == "url" || name == "src"),
                    ..ctx
                };
                if pending == Some(AtRule::Namespace) {
                    continue;
                }
                nested(sink, parser, at, inner, offset);
                if inner.import {
                    pending = None;
                }
            }
            Token::ParenthesisBlock => nested(sink, parser, at, ctx, offset),
            Token::SquareBracketBlock => nested(
                sink,
                parser,
                at,
                Context {
                    brackets: true,
                    ..ctx
                },
                offset,
            ),
            Token::CurlyBracketBlock => {
                pending = None;
                nested(sink, parser, at, ctx, offset);
            }
            _ => {}
        }
    }
}

fn nested<'i>(sink: &mut Sink, parser: &mut Parser<'i, '_>, at: At, ctx: Context, offset: usize) {
    if ctx.depth >= MAX_DEPTH {
        if !sink
            .findings
            .iter()
            .any(|f| f.subject == super::CSS_DEPTH_SUBJECT)
        {
            sink.report(
                Code::MarkupAmbiguous,
                offset,
                format!("CSS nested more than {MAX_DEPTH} levels deep, which zaklyk does not read"),
                None,
                "css-depth".into(),
            );
        }
        return;
    }
    let inner = Context {
        depth: ctx.depth + 1,
        ..ctx
    };
    let _ = parser.parse_nested_block(|p| {
        walk(sink, p, at, inner);
        Ok::<(), ParseError<'i, ()>>(())
    });
}

fn load(sink: &mut Sink, url: &str, pending: Option<AtRule>, ctx: Context, offset: usize) {
    if pending == Some(AtRule::Namespace) {
        return;
    }
    if pending == Some(AtRule::Import) || ctx.import {
        sink.address(
            url,
            Use::Stylesheet,
            What::Text("CSS `@import`"),
            offset,
            Code::OriginExternal,
        );
    } else {
        sink.address(
            url,
            Use::Resource,
            What::Text("CSS `url()`"),
            offset,
            Code::OriginExternal,
        );
    }
}

/// Whether a string is an address a browser could fetch, were it used as one: a host
/// (`//host`, `\\host`) or a scheme that fetches or carries content.
fn fetchable(s: &str) -> bool {
    let cleaned: String = s
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["//", "\\\\", "/\\", "\\/"]
        .iter()
        .any(|p| cleaned.starts_with(p))
        || ["http:", "https:", "ftp:", "ws:", "wss:", "file:", "data:"]
            .iter()
            .any(|p| cleaned.starts_with(p))
}

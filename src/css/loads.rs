//! What a stylesheet would load, found by cssparser's tokenizer.
//!
//! Escapes, comments and strings are the tokenizer's business, so `u\72l(`, `url( "x" )` and
//! `/**/@import` are what they are to a browser. Everything that loads is found wherever it is
//! nested: `url()` tokens and functions, strings in `image-set()`, `image()`, `src()` and
//! `cross-fade()`, `@import` (a stylesheet), and any string that is an address with a host or a
//! fetching scheme (a custom property holding one can be fed to `image-set()` through `var()`).
//! `@charset`'s name is reported for the caller to judge. Strings in attribute selectors
//! (`[href^="https://…"]`) and `@namespace` are names, not loads.

use cssparser::{ParseError, Parser, ParserInput, Token};

/// How deep blocks and functions may nest before the walk stops and says so.
pub(crate) const MAX_DEPTH: usize = 64;

/// One thing found in CSS, at a byte offset of the text walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// An address the CSS would fetch: a stylesheet (`@import`) or a resource (`url()`, …).
    Load {
        url: String,
        import: bool,
        offset: usize,
    },
    /// The encoding `@charset` names.
    Charset { name: String, offset: usize },
    /// A block nested deeper than [`MAX_DEPTH`]: it was not read.
    TooDeep { offset: usize },
}

/// Walks a stylesheet, a declaration list or a value, calling `found` for each thing found, in
/// order.
pub(crate) fn walk(text: &str, found: &mut dyn FnMut(Found)) {
    let mut input = ParserInput::new(text);
    let mut parser = Parser::new(&mut input);
    walk_block(found, &mut parser, Context::default());
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

fn walk_block<'i>(found: &mut dyn FnMut(Found), parser: &mut Parser<'i, '_>, ctx: Context) {
    let mut pending: Option<AtRule> = None;
    loop {
        let offset = parser.position().byte_index();
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
                load(found, &url, pending, ctx, offset);
                if pending == Some(AtRule::Import) {
                    pending = None;
                }
            }
            Token::QuotedString(s) => {
                match pending {
                    Some(AtRule::Charset) => found(Found::Charset {
                        name: s.to_string(),
                        offset,
                    }),
                    Some(AtRule::Namespace) => {}
                    Some(AtRule::Import) => load(found, &s, pending, ctx, offset),
                    None if ctx.strings_load || (!ctx.brackets && fetchable(&s)) => {
                        load(found, &s, None, ctx, offset)
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
                nested(found, parser, inner, offset);
                if inner.import {
                    pending = None;
                }
            }
            Token::ParenthesisBlock => nested(found, parser, ctx, offset),
            Token::SquareBracketBlock => nested(
                found,
                parser,
                Context {
                    brackets: true,
                    ..ctx
                },
                offset,
            ),
            Token::CurlyBracketBlock => {
                pending = None;
                nested(found, parser, ctx, offset);
            }
            _ => {}
        }
    }
}

fn nested<'i>(
    found: &mut dyn FnMut(Found),
    parser: &mut Parser<'i, '_>,
    ctx: Context,
    offset: usize,
) {
    if ctx.depth >= MAX_DEPTH {
        found(Found::TooDeep { offset });
        return;
    }
    let inner = Context {
        depth: ctx.depth + 1,
        ..ctx
    };
    let _ = parser.parse_nested_block(|p| {
        walk_block(found, p, inner);
        Ok::<(), ParseError<'i, ()>>(())
    });
}

fn load(
    found: &mut dyn FnMut(Found),
    url: &str,
    pending: Option<AtRule>,
    ctx: Context,
    offset: usize,
) {
    if pending == Some(AtRule::Namespace) {
        return;
    }
    found(Found::Load {
        url: url.to_string(),
        import: pending == Some(AtRule::Import) || ctx.import,
        offset,
    });
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

//! Measuring how deep an input nests before a library that recurses once per level reads it.
//!
//! pulldown-cmark's output, minify-html's parser, lightningcss, fluent-syntax's parser and Tera
//! (its parser and its renderer) all recurse once per level of nesting, and a stack overflow
//! aborts the whole process: no error message, no other file's problems, a `serve` that dies. So
//! each input is measured first, by a loop over its text that follows the library's own reading
//! of it (its tokens, strings, comments and escapes), and an input deeper than its limit in
//! [`crate::limits`] becomes a located error instead of reaching the library. Each submodule
//! mirrors one library, and says which version it follows.

pub(crate) mod css;
pub(crate) mod fluent;
pub(crate) mod html;
pub(crate) mod template;

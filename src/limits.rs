//! The limits that keep every build finite: no input, however written, crashes or hangs a build.
//!
//! The libraries zaklyk reads with (pulldown-cmark, fluent-syntax, Tera, minify-html) recurse once
//! per level of nesting, and Tera runs whatever loops a theme writes. Each kind of input therefore
//! has a documented limit, checked where that input is read, before the library sees it, and past
//! which the input is a located error with its own code rather than a stack overflow, an
//! allocation failure or a build that never ends. The numbers are far above what a campaign site
//! needs and far below what the threads' stacks ([`STACK_BYTES`]) can take; they are listed here
//! together so that README.md and TRANSLATING.md can be checked against one place.

/// Stack of every thread that parses, renders or minifies (the main thread of a verb, rayon's
/// workers, `serve`'s rebuilds). The limits below keep recursion far inside it.
pub const STACK_BYTES: usize = 64 << 20;

/// Blocks, list items, emphasis, links and raw HTML elements nested in Markdown
/// (`markdown-nesting`).
pub(crate) const MARKDOWN_NESTING: usize = 100;

/// Placeables, selects and call arguments nested in a Fluent message (`fluent-nesting`).
pub(crate) const FLUENT_NESTING: usize = 32;

/// Text one message may expand to through the messages and terms it refers to
/// (`fluent-expansion`).
pub(crate) const FLUENT_EXPANSION_BYTES: u64 = 1 << 20;

/// Placeables one message may resolve through what it refers to: fluent-bundle's own limit,
/// which it enforces by stopping (and, in some nestings, by panicking), so zaklyk refuses such a
/// message before formatting it (`fluent-expansion`).
pub(crate) const FLUENT_PLACEABLES: u64 = 100;

/// Items of one `range()` in a template (`template-range`).
pub(crate) const TEMPLATE_RANGE: u64 = 10_000;

/// Nesting of template tags (`if`, `for`, `block`, `macro`, `filter`), of operators and brackets
/// in one expression, and of chains of `extends`, `include` and macro calls (`template-nesting`).
pub(crate) const TEMPLATE_NESTING: usize = 64;

/// Steps (loop iterations, calls of macros, includes, functions and filters) to render one page
/// (`template-steps`).
pub(crate) const TEMPLATE_STEPS_PER_PAGE: u64 = 1_000_000;

/// Steps to render every page of a site together (`template-steps`).
pub(crate) const TEMPLATE_STEPS_PER_SITE: u64 = 50_000_000;

/// Text a template may make while rendering one page: everything it prints, including what
/// macros and filter sections print before it is used, and every string or list a filter or `~`
/// makes (`template-bytes`).
pub const TEMPLATE_BYTES_PER_PAGE: u64 = 64 << 20;

/// Size of one published page (`page-too-large`).
pub(crate) const PAGE_BYTES: usize = 32 << 20;

/// Elements nested in a published page (`page-nesting`).
pub const PAGE_NESTING: usize = 512;

/// Blocks, functions and brackets nested in a stylesheet, a `<style>` element or a `style`
/// attribute (`css-nesting`).
pub(crate) const CSS_NESTING: usize = 32;

/// Bytes `verify` unpacks from an archive in all (an offline copy is well under a megabyte; a
/// zip bomb expands a few kilobytes to gigabytes).
pub(crate) const ARCHIVE_BYTES: u64 = 256 << 20;

/// Size of one file of `theme/static/` (`file-too-large`): a campaign video fits; it is read whole,
/// published and packed into the offline copy, so a larger one belongs on a video host.
pub(crate) const STATIC_BYTES: u64 = 100 << 20;

/// Gives rayon's worker threads, which parse Markdown and render and minify pages, stacks of
/// [`STACK_BYTES`]. Every pipeline calls it before its first parallel step; it is the
/// first thing the binary does, and later calls do nothing.
pub fn use_large_stacks() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Fails only when the global pool already exists (a caller built its own): keep that one.
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(STACK_BYTES)
            .build_global();
    });
}

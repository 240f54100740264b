//! HTML minification: the one-pass engine, the fix-up scans over its output and the fallback to
//! the full engine must take any text without panicking, and the measure of nesting that guards
//! the full engine must never fall short of the recursion it guards.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// Stack given to the full engine per level the measure finds, far more than it takes: a
/// measure that fell short of the parser's real depth makes this thread overflow.
const BYTES_PER_LEVEL: usize = 16 << 10;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = zaklyk::minify::html(&text);
    let depth = zaklyk::minify::nesting_depth(&text);
    if depth <= zaklyk::limits::PAGE_NESTING {
        std::thread::Builder::new()
            .stack_size((256 << 10) + depth * BYTES_PER_LEVEL)
            .spawn(move || minify_html::minify(text.as_bytes(), &minify_html::Cfg::default()).len())
            .unwrap()
            .join()
            .unwrap();
    }
});

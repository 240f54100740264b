//! HTML minification: the one-pass engine, the fix-up scans over its output and the fallback to
//! the full engine must take any text without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = zaklyk::minify::html(&text);
});

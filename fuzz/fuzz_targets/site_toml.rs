//! site.toml: parsing and validation.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match zaklyk::project::Config::parse(text) {
        Ok(config) => {
            let _ = config.languages.len();
        }
        Err(report) => {
            for d in report.diagnostics {
                let _ = d.to_string();
            }
        }
    }
});

//! CSS, read as browsers read it: the only user of cssparser and cssparser-color.
//!
//! Two jobs need a real CSS parser (Servo's, which browsers' engines share) rather than text
//! matching: the colours a site sets in `site.toml` ([`color`]), and finding everything a
//! stylesheet or `style` attribute would load ([`loads`]), which the output scan
//! ([`crate::origins`]) turns into findings. Keeping both here keeps the parser in one module.

pub mod color;
pub(crate) mod loads;

//! Links `zaklyk` as a position-dependent executable on Linux.
//!
//! minify-html's entity tables are ~10 MB of pointers; in a position-independent executable the
//! dynamic loader rewrites every page of them at each start (about 5 ms, 2,600 page faults),
//! which is most of a small site's build. Linked at a fixed address they are resolved once, by
//! the linker.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bin=zaklyk=-no-pie");
    }
}

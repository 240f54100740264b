//! Content hashes: the only user of sha2.
//!
//! Two uses. A translation records the hash of the source text it was made from (`source_hash`),
//! so a changed source shows up as an outdated translation; the hash is of the text with line
//! endings normalized and outer blank space trimmed, so re-saving a file on another operating
//! system does not make every translation outdated. And downloads are published with SHA-256
//! checksums.

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The short hash a translation records of its source text (16 hex digits).
pub fn text_hash(text: &str) -> String {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    sha256_hex(normalized.trim().as_bytes())[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn text_hash_ignores_line_endings_and_outer_space() {
        assert_eq!(text_hash("a\r\nb\n"), text_hash("\na\nb"));
        assert_ne!(text_hash("a b"), text_hash("a  b"));
        assert_eq!(text_hash("x").len(), 16);
    }
}

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

/// Standard base64 of the SHA-256 of bytes, as CSP hashes (`'sha256-…'`) are written.
pub fn sha256_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digest = Sha256::digest(bytes);
    let mut out = String::new();
    for chunk in digest.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
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
    fn csp_hashes_are_base64() {
        assert_eq!(
            sha256_base64(b"abc"),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn text_hash_ignores_line_endings_and_outer_space() {
        assert_eq!(text_hash("a\r\nb\n"), text_hash("\na\nb"));
        assert_ne!(text_hash("a b"), text_hash("a  b"));
        assert_eq!(text_hash("x").len(), 16);
    }
}

//! Content hashes and the encodings of bytes as text (hex, base64, base32): the only user of
//! sha2, sha3 and data-encoding.
//!
//! Two uses. A translation records the hash of the source text it was made from (`source_hash`),
//! so a changed source shows up as an outdated translation; the hash is of the text with line
//! endings normalized and outer blank space trimmed, so re-saving a file on another operating
//! system does not make every translation outdated. And downloads are published with SHA-256
//! checksums. A Tor onion address carries a SHA3 checksum of its own, checked here.

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes as lowercase hex digits, as checksums, keys and signatures are written.
pub(crate) fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// The bytes that hex digits (in either case) stand for, or `None` when `text` is anything else.
pub(crate) fn from_hex(text: &str) -> Option<Vec<u8>> {
    data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.as_bytes())
        .ok()
}

/// Standard base64 of the SHA-256 of bytes, as CSP hashes (`'sha256-…'`) are written.
pub fn sha256_base64(bytes: &[u8]) -> String {
    base64(&Sha256::digest(bytes))
}

/// Standard base64 (with padding), as `data:` URLs and CSP hashes write bytes.
pub(crate) fn base64(bytes: &[u8]) -> String {
    data_encoding::BASE64.encode(bytes)
}

/// Whether `label` is a version 3 onion service name (the part before `.onion`): 56 letters of
/// lowercase base32 holding the service's 32-byte public key, a 2-byte checksum and the version
/// byte 3, where the checksum is the start of SHA3-256(".onion checksum" ‖ key ‖ version), as
/// Tor's rend-spec-v3 defines it. A mistyped address fails the checksum, as Tor Browser would.
pub(crate) fn is_onion_v3(label: &str) -> bool {
    if label.len() != 56
        || !label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))
    {
        return false;
    }
    let Ok(bytes) = data_encoding::BASE32_NOPAD.decode(label.to_ascii_uppercase().as_bytes())
    else {
        return false;
    };
    let (key, checksum, version) = (&bytes[..32], &bytes[32..34], bytes[34]);
    let mut hasher = sha3::Sha3_256::new();
    hasher.update(b".onion checksum");
    hasher.update(key);
    hasher.update([version]);
    version == 3 && hasher.finalize()[..2] == *checksum
}

/// The v3 onion name of a 32-byte public key (for tests).
#[cfg(test)]
pub(crate) fn onion_v3_of(key: &[u8; 32]) -> String {
    let mut hasher = sha3::Sha3_256::new();
    hasher.update(b".onion checksum");
    hasher.update(key);
    hasher.update([3u8]);
    let checksum = hasher.finalize();
    let mut bytes = key.to_vec();
    bytes.extend_from_slice(&checksum[..2]);
    bytes.push(3);
    data_encoding::BASE32_NOPAD
        .encode(&bytes)
        .to_ascii_lowercase()
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
    fn hex_round_trips_in_either_case() {
        assert_eq!(hex(&[0, 0xab, 0x10]), "00ab10");
        assert_eq!(from_hex("00ab10"), Some(vec![0, 0xab, 0x10]));
        assert_eq!(from_hex("00AB10"), Some(vec![0, 0xab, 0x10]));
        assert_eq!(from_hex(""), Some(vec![]));
        for bad in ["0", "0g", "ab c", "éé", "+1"] {
            assert_eq!(from_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn csp_hashes_are_base64() {
        assert_eq!(
            sha256_base64(b"abc"),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn onion_v3_names_are_checked_by_their_checksum() {
        // Published addresses of the Tor Project and of DuckDuckGo.
        for name in [
            "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid",
            "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad",
        ] {
            assert!(is_onion_v3(name), "{name}");
            // One letter changed: the checksum no longer matches.
            let typo = name.replacen('a', "b", 1);
            assert!(!is_onion_v3(&typo), "{typo}");
        }
        let made = onion_v3_of(&[7; 32]);
        assert!(is_onion_v3(&made), "{made}");
        for bad in [
            "",
            "expyuzz4wqqyqhjn", // v2: 16 letters
            "2GZYXA5IHM7NSGGFXNU52RCK2VV4RVMDLKIU3ZZUI5DU4XYCLEN53WID", // upper case
            "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wi1", // not base32
        ] {
            assert!(!is_onion_v3(bad), "{bad}");
        }
    }

    #[test]
    fn text_hash_ignores_line_endings_and_outer_space() {
        assert_eq!(text_hash("a\r\nb\n"), text_hash("\na\nb"));
        assert_ne!(text_hash("a b"), text_hash("a  b"));
        assert_eq!(text_hash("x").len(), 16);
    }
}

//! Signatures for the downloads: the only user of ed25519-dalek and getrandom.
//!
//! A copy of the site that travels by USB stick or messenger can be altered on the way. `package
//! --sign KEY` signs `SHA256SUMS` with an Ed25519 key; `verify` checks a downloaded file against
//! the checksums and the checksums against the signature, with a public key the reader obtained
//! separately (its fingerprint is printed on every page of the hosted site).
//!
//! Keys are plain text files, so they can be read, backed up and printed: one line of 64 hex
//! digits (the 32-byte Ed25519 secret seed or public key); lines starting with `#` are comments.
//! A signature file holds the 64-byte signature as 128 hex digits. The first line of a key file
//! `keygen` writes says which of the two it is; `package --sign` reads that line, so the public
//! key (an easy slip: it lies beside the secret one) is refused with a pointer to the right file,
//! and it refuses a secret key that others can read, as ssh does.

use crate::digest::{from_hex, hex};
use anyhow::{anyhow, bail, Context, Result};
pub(crate) use ed25519_dalek::SigningKey;
pub(crate) use ed25519_dalek::VerifyingKey;
use ed25519_dalek::{Signature, Signer};
use std::path::Path;

/// The first line of a secret key file.
const SECRET_HEADER: &str = "# zaklyk Ed25519 secret key";
/// The first line of a public key file.
const PUBLIC_HEADER: &str = "# zaklyk Ed25519 public key";
/// The file names `keygen` gives the two keys.
pub(crate) const SECRET_FILE: &str = "zaklyk-signing.key";
pub(crate) const PUBLIC_FILE: &str = "zaklyk-signing.pub";

/// A new key pair as (secret key file text, public key file text).
pub(crate) fn generate() -> Result<(String, String)> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| anyhow!("no randomness from the operating system: {e}"))?;
    let secret = SigningKey::from_bytes(&seed);
    let public = secret.verifying_key();
    let secret_text = format!(
        "{SECRET_HEADER}. Keep it secret: whoever has it can sign copies of the site.\n# Public key fingerprint: {}\n{}\n",
        fingerprint(&public),
        hex(&seed)
    );
    Ok((secret_text, public_key_text(&public)))
}

/// The text of a public key file.
pub(crate) fn public_key_text(public: &VerifyingKey) -> String {
    format!(
        "{PUBLIC_HEADER}, fingerprint {}\n{}\n",
        fingerprint(public),
        hex(&public.to_bytes())
    )
}

/// Reads a secret key file.
pub(crate) fn parse_secret(text: &str) -> Result<SigningKey> {
    Ok(SigningKey::from_bytes(
        &key_bytes(text).context("not a zaklyk secret key file")?,
    ))
}

/// Whether a file is a secret key (by the line `keygen` writes into one, wherever it stands, or by
/// the name `keygen` gives one): such a file must never be published. It is the same test
/// [`load_secret`] makes, so a file `package --sign` accepts is never one a build publishes.
pub(crate) fn is_secret_key(name: &str, bytes: &[u8]) -> bool {
    bytes
        .windows(SECRET_HEADER.len())
        .any(|w| w == SECRET_HEADER.as_bytes())
        || name.rsplit('/').next() == Some(SECRET_FILE)
}

/// Reads the secret key file given to `package --sign`, refusing a public key, a file that is not
/// a key, a key whose fingerprint line does not match it, and a key that group or others can
/// read (like ssh: a secret that others can read is no longer one).
pub(crate) fn load_secret(path: &Path) -> Result<SigningKey> {
    let (bytes, mode) = crate::fs::read_private(path)?;
    let text = String::from_utf8_lossy(&bytes);
    let shown = path.display();
    let is_public = text
        .lines()
        .any(|l| l.trim_start().starts_with(PUBLIC_HEADER))
        || (!text.contains(SECRET_HEADER) && path.extension().is_some_and(|e| e == "pub"));
    if is_public {
        let beside = path.with_file_name(SECRET_FILE);
        let hint = if crate::fs::exists(&beside) {
            format!(
                "sign with the secret key `{}`, which keygen wrote beside it",
                beside.display()
            )
        } else {
            format!("sign with the secret key file (`{SECRET_FILE}`, written by `zaklyk keygen` next to `{PUBLIC_FILE}`); the public key is what readers verify with")
        };
        bail!("`{shown}` is a public key, which cannot sign\n  = help: {hint}");
    }
    if let Some(mode) = mode.filter(|m| m & 0o077 != 0) {
        bail!(
            "permissions {mode:04o} for `{shown}` are too open: a secret key must be readable by its owner only\n  = help: run `chmod 600 {shown}`; if others could read it, make a new key pair with `zaklyk keygen`"
        );
    }
    // Only a file that says it is a secret key signs: bare hex digits could be a public key, and
    // a build would publish them.
    if !is_secret_key("", &bytes) {
        bail!("`{shown}` is not a zaklyk secret key file: it lacks the line `{SECRET_HEADER}`\n  = help: sign with the `{SECRET_FILE}` that `zaklyk keygen` wrote");
    }
    let secret = parse_secret(&text).with_context(|| format!("`{shown}`"))?;
    let stated = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("# Public key fingerprint:"))
        .map(str::trim);
    let actual = fingerprint(&public_of(&secret));
    if stated.is_some_and(|f| f != actual) {
        bail!("`{shown}` is damaged: its key does not match the fingerprint written in it ({actual} instead of {})\n  = help: use an intact copy of the secret key", stated.unwrap_or_default());
    }
    Ok(secret)
}

/// Reads a public key: a key file's text, or the 64 hex digits themselves.
pub(crate) fn parse_public(text: &str) -> Result<VerifyingKey> {
    let bytes = key_bytes(text).context("not a zaklyk public key (64 hex digits)")?;
    VerifyingKey::from_bytes(&bytes).map_err(|e| anyhow!("not a valid Ed25519 public key: {e}"))
}

/// What `verify --key` was given: a public key, or only its fingerprint as the pages print it
/// (the key itself then comes from the `zaklyk-signing.pub` published beside the downloads).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KeyGiven {
    Public(VerifyingKey),
    /// The fingerprint in [`fingerprint`]'s form.
    Fingerprint(String),
}

/// Reads `--key` text that is not a file: 64 hex digits (the key) or 32 (its fingerprint),
/// written with any spacing, dashes or colons, in either case (`A1B2 c3d4…`, `a1b2-c3d4…`).
pub(crate) fn parse_key_argument(text: &str) -> Result<KeyGiven> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | ':'))
        .collect::<String>()
        .to_ascii_lowercase();
    let digits = digits.strip_prefix("fingerprint").unwrap_or(&digits);
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        bail!("`{text}` is neither a key file nor a key or fingerprint in hex digits\n  = help: pass the public key file (zaklyk-signing.pub), or the fingerprint as the site's pages print it, e.g. --key \"1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d\"");
    }
    match digits.len() {
        64 => parse_public(digits).map(KeyGiven::Public),
        32 => Ok(KeyGiven::Fingerprint(
            digits
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        )),
        n => bail!("`{text}` has {n} hex digits: a fingerprint has 32 and a public key 64\n  = help: copy the fingerprint exactly as the site's pages print it"),
    }
}

/// The public key of a secret key.
pub(crate) fn public_of(secret: &SigningKey) -> VerifyingKey {
    secret.verifying_key()
}

/// The signature of `message`, as the text of a signature file.
pub(crate) fn sign(secret: &SigningKey, message: &[u8]) -> String {
    format!("{}\n", hex(&secret.sign(message).to_bytes()))
}

/// Whether `signature_text` is a valid signature of `message` by `public`.
pub(crate) fn verify(public: &VerifyingKey, message: &[u8], signature_text: &str) -> bool {
    let Some(bytes) = from_hex(signature_text.trim()) else {
        return false;
    };
    let Ok(bytes) = <[u8; 64]>::try_from(bytes.as_slice()) else {
        return false;
    };
    public
        .verify_strict(message, &Signature::from_bytes(&bytes))
        .is_ok()
}

/// A short, readable fingerprint of a public key: the first 16 bytes of its SHA-256, in groups.
pub(crate) fn fingerprint(public: &VerifyingKey) -> String {
    let digest = crate::digest::sha256_hex(&public.to_bytes());
    digest.as_bytes()[..32]
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn key_bytes(text: &str) -> Result<[u8; 32]> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let bytes = from_hex(line).ok_or_else(|| anyhow!("expected 64 hex digits"))?;
    match <[u8; 32]>::try_from(bytes.as_slice()) {
        Ok(b) => Ok(b),
        Err(_) => bail!("expected 64 hex digits, found {}", line.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_and_a_changed_byte_does_not() {
        let (secret_text, public_text) = generate().unwrap();
        let secret = parse_secret(&secret_text).unwrap();
        let public = parse_public(&public_text).unwrap();
        assert_eq!(public, public_of(&secret));
        let message = b"abc  site-offline.zip\n".to_vec();
        let signature = sign(&secret, &message);
        assert!(verify(&public, &message, &signature));
        let mut changed = message.clone();
        changed[0] ^= 1;
        assert!(!verify(&public, &changed, &signature));
        let (_, other) = generate().unwrap();
        assert!(!verify(
            &parse_public(&other).unwrap(),
            &message,
            &signature
        ));
        assert!(!verify(&public, &message, "not hex"));
    }

    #[test]
    fn a_fingerprint_is_read_however_it_is_spaced() {
        let (_, public_text) = generate().unwrap();
        let public = parse_public(&public_text).unwrap();
        let fp = fingerprint(&public);
        let joined = fp.replace(' ', "");
        for written in [
            fp.clone(),
            joined.clone(),
            joined.to_ascii_uppercase(),
            format!("  {}  ", fp.replace(' ', "   ")),
            fp.replace(' ', "-"),
            fp.replace(' ', "\t"),
            format!("fingerprint {fp}"),
        ] {
            assert_eq!(
                parse_key_argument(&written).unwrap(),
                KeyGiven::Fingerprint(fp.clone()),
                "{written:?}"
            );
        }
        let hex_key = public_text.lines().nth(1).unwrap();
        assert_eq!(
            parse_key_argument(hex_key).unwrap(),
            KeyGiven::Public(public)
        );
        for bad in ["zz", "abcd", "", "../key.pub"] {
            assert!(parse_key_argument(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn keys_are_plain_hex_with_comments() {
        let seed =
            "# comment\n\n0001020304050607080910111213141516171819202122232425262728293031\n";
        let secret = parse_secret(seed).unwrap();
        assert_eq!(secret.to_bytes()[31], 0x31);
        assert!(parse_secret("# only a comment\n").is_err());
        assert!(parse_public("abcd").is_err());
        let fp = fingerprint(&public_of(&secret));
        assert_eq!(fp.split(' ').count(), 8);
    }
}

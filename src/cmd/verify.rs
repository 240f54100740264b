//! `zaklyk verify FILE --key KEY` and `zaklyk keygen DIR`: checking and signing copies.

use super::Outcome;
use crate::cli::{KeygenArgs, VerifyArgs};
use crate::console::errln;
use crate::{digest, fs, signing};
use anyhow::{bail, Context, Result};
use std::path::Path;

/// Checks that SHA256SUMS is signed by KEY and lists FILE with its actual checksum.
pub fn run(args: &VerifyArgs) -> Result<Outcome> {
    let key_text = if Path::new(&args.key).is_file() {
        String::from_utf8_lossy(&fs::read(Path::new(&args.key))?).into_owned()
    } else {
        args.key.clone()
    };
    let public = signing::parse_public(&key_text)?;
    let folder = args
        .file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let sums_path = args
        .sums
        .clone()
        .unwrap_or_else(|| folder.join("SHA256SUMS"));
    let sig_path = args
        .sig
        .clone()
        .unwrap_or_else(|| sums_path.with_extension("sig"));
    let sums = fs::read(&sums_path)?;
    let signature = String::from_utf8_lossy(&fs::read(&sig_path)?).into_owned();
    if !signing::verify(&public, &sums, &signature) {
        errln!(
            "FAILED: `{}` is not signed by the key {}; the checksums cannot be trusted",
            sums_path.display(),
            signing::fingerprint(&public)
        );
        return Ok(Outcome::Problems);
    }
    let name = args
        .file
        .file_name()
        .context("FILE names no file")?
        .to_string_lossy()
        .into_owned();
    let actual = digest::sha256_hex(&fs::read(&args.file)?);
    let listed = String::from_utf8_lossy(&sums).lines().find_map(|l| {
        l.split_once("  ")
            .filter(|(_, f)| *f == name)
            .map(|(h, _)| h.to_string())
    });
    match listed {
        Some(hash) if hash == actual => {
            crate::console::out(&format!(
                "OK: {name} matches SHA256SUMS, signed by the key {}\n",
                signing::fingerprint(&public)
            ))?;
            Ok(Outcome::Ok)
        }
        Some(_) => {
            errln!("FAILED: {name} has been changed: its SHA-256 is {actual}, not the signed one");
            Ok(Outcome::Problems)
        }
        None => {
            errln!("FAILED: {name} is not listed in `{}`", sums_path.display());
            Ok(Outcome::Problems)
        }
    }
}

/// Writes a new key pair; never overwrites one and never writes through a symbolic link. The
/// secret key is created with mode 0600 in the same step (there is no moment at which others
/// could read it), the public key with 0644.
pub fn keygen(args: &KeygenArgs) -> Result<Outcome> {
    let (secret_path, public_path) = (
        args.dir.join(signing::SECRET_FILE),
        args.dir.join(signing::PUBLIC_FILE),
    );
    for path in [&secret_path, &public_path] {
        if fs::is_taken(path) {
            bail!(
                "`{}` already exists (or is a symbolic link); keygen never replaces a key\n  = help: remove it first if you really mean to make a new key pair, or choose another folder",
                path.display()
            );
        }
    }
    let (secret, public) = signing::generate()?;
    fs::create_dir_all(&args.dir)?;
    fs::create_new(&secret_path, secret.as_bytes(), Some(0o600))?;
    if let Err(e) = fs::create_new(&public_path, public.as_bytes(), Some(0o644)) {
        // Half a key pair is no use; leave nothing behind.
        let _ = fs::remove_file(&secret_path);
        return Err(e);
    }
    errln!(
        "wrote the secret key `{}` (readable by you only; keep it off the web and out of the repository) and the public key `{}`",
        secret_path.display(),
        public_path.display()
    );
    Ok(Outcome::Ok)
}

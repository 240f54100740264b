//! `zaklyk verify FILE --key KEY` and `zaklyk keygen DIR`: checking and signing copies.
//!
//! `verify` is written for a reader holding a download: it accepts the fingerprint as the pages
//! print it, finds a copy a browser renamed by its checksum, and says where a missing checksum
//! file, signature or public key can be downloaded (the file's own pages name the site).

use super::Outcome;
use crate::cli::{KeygenArgs, VerifyArgs};
use crate::console::errln;
use crate::downloads::{self, SumsMatch};
use crate::{digest, fs, signing};
use anyhow::{bail, Context, Result};
use std::path::Path;

/// Checks that SHA256SUMS is signed by KEY and lists FILE with its actual checksum: under its
/// own name, or, for a copy a browser renamed (`statement (1).zip`), under the name whose
/// checksum it has.
pub fn run(args: &VerifyArgs) -> Result<Outcome> {
    let bytes = fs::read(&args.file)?;
    let actual = digest::sha256_hex(&bytes);
    let folder = args
        .file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Where the file was published, to say where a missing file can be downloaded.
    let site = downloads::published_at(&bytes);
    let download_at = |name: &str| match &site {
        Some(base) => format!("{base}download/{name}"),
        None => format!("the download/ folder of the site that published it ({name})"),
    };
    let sums_path = args
        .sums
        .clone()
        .unwrap_or_else(|| folder.join("SHA256SUMS"));
    let sig_path = args
        .sig
        .clone()
        .unwrap_or_else(|| sums_path.with_extension("sig"));
    let needed = |path: &Path, name: &str, what: &str| -> Result<Vec<u8>> {
        if !fs::exists(path) {
            bail!(
                "`{}` is missing: {what}\n  = help: download it from {} and save it beside the file (or name it with --{})",
                path.display(),
                download_at(name),
                if name.ends_with(".sig") { "sig" } else { "sums" }
            );
        }
        fs::read(path)
    };
    let Some(public) = public_key(&args.key, folder, &download_at)? else {
        return Ok(Outcome::Problems);
    };
    let sums = needed(
        &sums_path,
        "SHA256SUMS",
        "it lists the checksum of every download",
    )?;
    let signature = needed(&sig_path, "SHA256SUMS.sig", &format!("it is the signature of the checksums (a site that does not sign its copies has none: then compare the file's SHA-256, {actual}, with the one on the site's pages)"))?;
    if !signing::verify(&public, &sums, &String::from_utf8_lossy(&signature)) {
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
    let signed_by = signing::fingerprint(&public);
    let found = downloads::find_in_sums(&sums, &name, &actual);
    tell(found, &name, &actual, &signed_by, &sums_path)
}

/// Says how the file stands in the signed checksums.
fn tell(
    found: SumsMatch,
    name: &str,
    actual: &str,
    signed_by: &str,
    sums_path: &Path,
) -> Result<Outcome> {
    match found {
        SumsMatch::Listed => {
            crate::console::out(&format!(
                "OK: {name} matches SHA256SUMS, signed by the key {signed_by}\n"
            ))?;
            Ok(Outcome::Ok)
        }
        SumsMatch::Renamed(original) => {
            crate::console::out(&format!(
                "OK: {name} is {original} as listed in SHA256SUMS (it was renamed), signed by the key {signed_by}\n"
            ))?;
            Ok(Outcome::Ok)
        }
        SumsMatch::Changed => {
            errln!("FAILED: {name} has been changed: its SHA-256 is {actual}, not the signed one");
            Ok(Outcome::Problems)
        }
        SumsMatch::Missing => {
            errln!(
                "FAILED: {name} is not listed in `{}`, under its name or any other: its SHA-256 {actual} is not among the signed checksums",
                sums_path.display()
            );
            Ok(Outcome::Problems)
        }
    }
}

/// The public key `--key` names: a key file, the key in hex, or its fingerprint as the pages
/// print it, which selects the `zaklyk-signing.pub` published beside the downloads (`None`, said
/// as a failure, when that file is another key).
fn public_key(
    key: &str,
    folder: &Path,
    download_at: &dyn Fn(&str) -> String,
) -> Result<Option<signing::VerifyingKey>> {
    let given = if fs::is_file(Path::new(key)) {
        let text = String::from_utf8_lossy(&fs::read(Path::new(key))?).into_owned();
        signing::KeyGiven::Public(signing::parse_public(&text)?)
    } else {
        signing::parse_key_argument(key)?
    };
    let fingerprint = match given {
        signing::KeyGiven::Public(public) => return Ok(Some(public)),
        signing::KeyGiven::Fingerprint(f) => f,
    };
    let beside = folder.join(signing::PUBLIC_FILE);
    if !fs::exists(&beside) {
        bail!(
            "a fingerprint identifies a key but cannot check a signature: the public key `{}` is missing\n  = help: download it from {} and save it beside the file",
            beside.display(),
            download_at(signing::PUBLIC_FILE)
        );
    }
    let public = signing::parse_public(&String::from_utf8_lossy(&fs::read(&beside)?))?;
    let actual = signing::fingerprint(&public);
    if actual != fingerprint {
        errln!(
            "FAILED: the public key `{}` has the fingerprint {actual}, not {fingerprint}: it is not the key you trust, and nothing it signed can be trusted",
            beside.display()
        );
        return Ok(None);
    }
    Ok(Some(public))
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

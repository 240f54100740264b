//! `zaklyk package`: the hosted site plus its offline downloads, in one atomic write.
//!
//! 1. Render the offline copy (pages point to the official address) and zip it in one folder
//!    with a README in every language; the zip is reproducible (see [`crate::package`]).
//! 2. Render one self-contained page per language.
//! 3. Render the hosted site, whose pages link to those files with their sizes and checksums,
//!    and add the files and their `SHA256SUMS` (signed with `--sign`) under `download/`.
//! 4. Zip the hosted site as the mirror kit (see [`crate::downloads`]) and list it in the
//!    published `SHA256SUMS`.
//! 5. Replace the output folder with all of it at once.

use super::{print_report, Outcome};
use crate::cli::PackageArgs;
use crate::console::errln;
use crate::downloads::{self, Names};
use crate::package;
use crate::pipeline::{self, render_site, BuildOptions};
use crate::render::{self, CardsMode, DownloadFile, Downloads, RenderMode, SumsSignature};
use crate::{digest, publish, signing};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::time::Instant;

pub fn run(args: &PackageArgs) -> Result<Outcome> {
    let started = Instant::now();
    let (project, out) = super::site_and_output(&args.root.root, args.out.as_deref())?;
    // A wrong key is a usage error: found before any work.
    let key = args.sign.as_deref().map(signing::load_secret).transpose()?;
    let options = BuildOptions {
        base_url: args.base_url.clone(),
        pseudo: false,
        strict: args.strict,
        draw_cards: true,
    };
    let built = pipeline::prepare(&project, &options)?;
    // Content errors do not stop here: rendering the offline copy reports its own problems too,
    // so one run lists them all, and nothing is written while any error stands.
    let (Some(site), Some(locales)) = (&built.site, &built.locales) else {
        print_report(&built.report);
        errln!("package failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    };
    let mut report = built.report.clone();
    let name = &site.config.name;

    // A card is for a link shared online: the offline copy has none.
    let (offline, r) = render_site(
        site,
        locales.clone(),
        &RenderMode::Offline,
        &CardsMode::Skip,
    );
    report.extend(r.diagnostics);
    let (singles, r) = render::single_pages(site, locales.clone());
    report.extend(r.diagnostics);
    pipeline::settle(&mut report, &options);
    let Some(offline) = offline.filter(|_| !report.has_errors()) else {
        print_report(&report);
        errln!("package failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    };

    let names = Names::of(name);
    let stamp = downloads::stamp(site, std::env::var("SOURCE_DATE_EPOCH").ok().as_deref());
    let archive = downloads::offline_archive(site, locales, offline.files);
    // The archive's README goes through the output scan like every other file of the copy.
    let problems = publish::scan_added(readmes(&archive), &scope(site));
    if !problems.is_empty() {
        report.extend(problems);
        print_report(&report);
        errln!("package failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    }
    let zip = package::zip(&archive, stamp).context("failed to make the offline archive")?;

    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    files.insert(names.zip.clone(), zip);
    for (lang, bytes) in singles {
        files.insert(Names::page(name, &lang), bytes);
    }
    let listed = listed(site, &names, &files, key.as_ref());
    sign(&mut files, &names, key.as_ref());

    let (online, r) = render_site(
        site,
        locales.clone(),
        &RenderMode::Hosted {
            downloads: Some(listed),
        },
        &CardsMode::Draw {
            cache: Some(crate::card_cache::folder(&project.root)),
        },
    );
    report.extend(r.diagnostics);
    pipeline::settle(&mut report, &options);
    print_report(&report);
    let Some(mut online) = online.filter(|_| !report.has_errors()) else {
        errln!("package failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    };
    online.files.extend(files);
    // The kit holds the site as published, with checksums of what it holds; the published
    // checksums then add the kit.
    let kit = downloads::mirror_kit(site, locales, &online.files);
    let problems = publish::scan_added(readmes(&kit), &scope(site));
    if !problems.is_empty() {
        let mut report = crate::diag::Report::default();
        report.extend(problems);
        print_report(&report);
        errln!("package failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    }
    online.insert(
        names.kit.clone(),
        package::zip(&kit, stamp).context("failed to make the mirror kit")?,
    );
    let mut published: BTreeMap<String, Vec<u8>> = online
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("download/"))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    sign(&mut published, &names, key.as_ref());
    online.files.extend(published);
    online.write(&out)?;
    errln!(
        "packaged {} files into `{}` in {} ms:",
        online.files.len(),
        out.display(),
        started.elapsed().as_millis()
    );
    for (path, bytes) in online
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("download/"))
    {
        errln!("  {path}  {} bytes", bytes.len());
    }
    Ok(Outcome::Ok)
}

/// The downloads as the hosted pages show them: paths, sizes and checksums, and the signature.
fn listed(
    site: &crate::model::Site,
    names: &Names,
    files: &BTreeMap<String, Vec<u8>>,
    key: Option<&signing::SigningKey>,
) -> Downloads {
    let file = |path: &String, bytes: &Vec<u8>| DownloadFile {
        path: path.clone(),
        bytes: bytes.len() as u64,
        sha256: digest::sha256_hex(bytes),
    };
    Downloads {
        zip: file(&names.zip, &files[&names.zip]),
        pages: site
            .config
            .languages
            .iter()
            .filter_map(|l| {
                let path = Names::page(&site.config.name, &l.code);
                files.get(&path).map(|b| (l.code.clone(), file(&path, b)))
            })
            .collect(),
        sums: names.sums.clone(),
        signature: key.map(|k| SumsSignature {
            signature_path: names.signature.clone(),
            public_key_path: names.public_key.clone(),
            fingerprint: signing::fingerprint(&signing::public_of(k)),
        }),
    }
}

/// Adds `SHA256SUMS` of the downloads among `files` and, with a key, its signature and the
/// public key.
fn sign(files: &mut BTreeMap<String, Vec<u8>>, names: &Names, key: Option<&signing::SigningKey>) {
    let sums = downloads::sums(files.iter());
    if let Some(k) = key {
        files.insert(
            names.signature.clone(),
            signing::sign(k, sums.as_bytes()).into_bytes(),
        );
        files.insert(
            names.public_key.clone(),
            signing::public_key_text(&signing::public_of(k)).into_bytes(),
        );
    }
    files.insert(names.sums.clone(), sums.into_bytes());
}

/// The READMEs of an archive (`<top>/README.txt`): text made here, not by rendering.
fn readmes(archive: &BTreeMap<String, Vec<u8>>) -> impl Iterator<Item = (&String, &Vec<u8>)> {
    archive
        .iter()
        .filter(|(path, _)| path.ends_with("/README.txt"))
}

/// What the output scan lets the site's files reach.
fn scope(site: &crate::model::Site) -> crate::origins::Scope {
    crate::origins::Scope::new(&site.config.base_url, &site.config.allowed_origins)
}

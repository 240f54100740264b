//! What `zaklyk package` publishes: the hosted site plus its offline downloads, made in steps
//! that each report every problem, for one atomic write by the verb.
//!
//! 1. Render the offline copy (pages point to the official address) and zip it in one folder
//!    with a README in every language; the zip is reproducible (see [`crate::package`]).
//! 2. Render one self-contained page per language.
//! 3. Render the hosted site, whose pages link to those files with their sizes and checksums,
//!    and add the files and their `SHA256SUMS` (signed with `--sign`) under `download/`.
//! 4. Zip the hosted site as the mirror kit (see [`crate::downloads`]) and list it in the
//!    published `SHA256SUMS`.
//! 5. The verb replaces the output folder with all of it at once.

use crate::diag::Report;
use crate::downloads::{self, Names};
use crate::output::Output;
use crate::package;
use crate::pipeline::{self, render_site, BuildOptions};
use crate::render::{self, CardsMode, DownloadFile, Downloads, RenderMode, SumsSignature};
use crate::{digest, publish, signing};
use anyhow::{Context, Result};
use std::collections::BTreeMap;

/// The result of packaging: the output to write when there was no error, and the reports to
/// show, in the order they were made.
pub(crate) struct Packaged {
    pub(crate) output: Option<Output>,
    pub(crate) reports: Vec<Report>,
}

impl Packaged {
    fn failed(reports: Vec<Report>) -> Packaged {
        Packaged {
            output: None,
            reports,
        }
    }
}

/// Makes the hosted site and its downloads, signing `SHA256SUMS` with `key`.
pub(crate) fn package(
    project: &crate::project::Project,
    options: &BuildOptions,
    key: Option<&signing::SigningKey>,
) -> Result<Packaged> {
    let built = pipeline::prepare(project, options)?;
    // Content errors do not stop here: rendering the offline copy reports its own problems too,
    // so one run lists them all, and nothing is written while any error stands.
    let (Some(site), Some(locales)) = (&built.site, &built.locales) else {
        return Ok(Packaged::failed(vec![built.report]));
    };
    let mut report = built.report.clone();
    let name = &site.config.name;

    let names = Names::of(name);
    let stamp = downloads::stamp(site, std::env::var("SOURCE_DATE_EPOCH").ok().as_deref());
    let kept = crate::card_cache::Kept::of(&project.root);
    let offline = offline_downloads(site, locales, &mut report, options, &names, stamp, &kept);
    let Some(mut files) = offline? else {
        return Ok(Packaged::failed(vec![report]));
    };
    let listed = listed(site, &names, &files, key);
    sign(&mut files, &names, key);

    let (online, r) = render_site(
        site,
        locales.clone(),
        &RenderMode::Hosted {
            downloads: Some(listed),
        },
        &CardsMode::Draw {
            cache: Some(crate::card_cache::folder(&project.root)),
        },
        &kept,
    );
    report.extend(r.diagnostics);
    pipeline::settle(&mut report, options);
    let Some(mut online) = online.filter(|_| !report.has_errors()) else {
        return Ok(Packaged::failed(vec![report]));
    };
    online.files.extend(files);
    // The kit holds the site as published, with checksums of what it holds; the published
    // checksums then add the kit.
    let kit = downloads::mirror_kit(site, locales, &online.files);
    let problems = publish::scan_added(readmes(&kit), &scope(site));
    if !problems.is_empty() {
        let mut kit_report = Report::default();
        kit_report.extend(problems);
        return Ok(Packaged::failed(vec![report, kit_report]));
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
    sign(&mut published, &names, key);
    online.files.extend(published);
    kept.keep(&project.root);
    Ok(Packaged {
        output: Some(online),
        reports: vec![report],
    })
}

/// The offline archive, zipped, and one self-contained page per language, by download path;
/// `None` when the report has an error.
fn offline_downloads(
    site: &crate::model::Site,
    locales: &std::sync::Arc<crate::i18n::Locales>,
    report: &mut Report,
    options: &BuildOptions,
    names: &Names,
    stamp: crate::package::Stamp,
    kept: &crate::card_cache::Kept,
) -> Result<Option<BTreeMap<String, Vec<u8>>>> {
    let name = &site.config.name;
    // A card is for a link shared online: the offline copy has none.
    let (offline, r) = render_site(
        site,
        locales.clone(),
        &RenderMode::Offline,
        &CardsMode::Skip,
        kept,
    );
    report.extend(r.diagnostics);
    let (singles, r) = render::single_pages(site, locales.clone(), kept);
    report.extend(r.diagnostics);
    pipeline::settle(report, options);
    let Some(offline) = offline.filter(|_| !report.has_errors()) else {
        return Ok(None);
    };
    let archive = downloads::offline_archive(site, locales, offline.files);
    // The archive's README goes through the output scan like every other file of the copy.
    let problems = publish::scan_added(readmes(&archive), &scope(site));
    if !problems.is_empty() {
        report.extend(problems);
        return Ok(None);
    }
    let zip = package::zip(&archive, stamp).context("failed to make the offline archive")?;
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    files.insert(names.zip.clone(), zip);
    for (lang, bytes) in singles {
        files.insert(Names::page(name, &lang), bytes);
    }
    Ok(Some(files))
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

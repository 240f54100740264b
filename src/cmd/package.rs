//! `zaklyk package`: the hosted site plus its offline downloads, in one atomic write.
//!
//! 1. Render the offline copy (pages point to the official address) and zip it with a README in
//!    every language; the zip is reproducible (see [`crate::package`]).
//! 2. Render one self-contained page per language.
//! 3. Render the hosted site, whose pages link to those files with their sizes, and add the
//!    files and their `SHA256SUMS` under `download/`.
//! 4. Replace the output folder with all of it at once.

use super::{print_report, Outcome};
use crate::cli::PackageArgs;
use crate::console::errln;
use crate::i18n::Arg;
use crate::model::Site;
use crate::package::{self, Stamp};
use crate::render::{self, DownloadFile, Downloads, RenderMode};
use crate::{digest, render_site, signing, BuildOptions};
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
    };
    let built = crate::prepare(&project, &options)?;
    // Content errors do not stop here: rendering the offline copy reports its own problems too,
    // so one run lists them all, and nothing is written while any error stands.
    let (Some(site), Some(locales)) = (&built.site, &built.locales) else {
        print_report(&built.report);
        errln!("package failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    };
    let mut report = built.report.clone();
    let name = &site.config.name;

    let (offline, r) = render_site(
        site,
        locales.clone(),
        &RenderMode {
            offline_copy: true,
            cards: render::CardsMode::Skip,
            ..RenderMode::default()
        },
    );
    report.extend(r.diagnostics);
    let (singles, r) = render::single_pages(site, locales.clone());
    report.extend(r.diagnostics);
    crate::settle(&mut report, &options);
    let Some(offline) = offline.filter(|_| !report.has_errors()) else {
        print_report(&report);
        errln!("package failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    };

    let mut zip_files = offline.files;
    zip_files.insert("README.txt".into(), readme(site, locales).into_bytes());
    let zip =
        package::zip(&zip_files, stamp(site)).context("failed to make the offline archive")?;

    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    files.insert(format!("download/{name}-offline.zip"), zip);
    for (lang, bytes) in singles {
        files.insert(format!("download/{name}-{lang}.html"), bytes);
    }
    let sums: String = files
        .iter()
        .map(|(path, bytes)| {
            format!(
                "{}  {}\n",
                digest::sha256_hex(bytes),
                path.trim_start_matches("download/")
            )
        })
        .collect();
    let downloads = Downloads {
        zip: DownloadFile {
            path: format!("download/{name}-offline.zip"),
            bytes: files[&format!("download/{name}-offline.zip")].len() as u64,
        },
        pages: site
            .config
            .languages
            .iter()
            .filter_map(|l| {
                let path = format!("download/{name}-{}.html", l.code);
                files.get(&path).map(|b| {
                    (
                        l.code.clone(),
                        DownloadFile {
                            bytes: b.len() as u64,
                            path,
                        },
                    )
                })
            })
            .collect(),
        sums: "download/SHA256SUMS".into(),
        signature: key.as_ref().map(|k| {
            (
                "download/SHA256SUMS.sig".to_string(),
                "download/zaklyk-signing.pub".to_string(),
                signing::fingerprint(&signing::public_of(k)),
            )
        }),
    };
    if let Some(k) = &key {
        files.insert(
            "download/SHA256SUMS.sig".into(),
            signing::sign(k, sums.as_bytes()).into_bytes(),
        );
        files.insert(
            "download/zaklyk-signing.pub".into(),
            signing::public_key_text(&signing::public_of(k)).into_bytes(),
        );
    }
    files.insert("download/SHA256SUMS".into(), sums.into_bytes());

    let (online, r) = render_site(
        site,
        locales.clone(),
        &RenderMode {
            downloads: Some(downloads),
            cards: render::CardsMode::Draw {
                cache: Some(crate::card_cache::folder(&project.root)),
            },
            ..RenderMode::default()
        },
    );
    report.extend(r.diagnostics);
    crate::settle(&mut report, &options);
    print_report(&report);
    let Some(mut online) = online.filter(|_| !report.has_errors()) else {
        errln!("package failed; `{}` was left as it was", out.display());
        return Ok(Outcome::Problems);
    };
    for (path, bytes) in files {
        online.insert(path, bytes);
    }
    online.write(&out, &[])?;
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

/// The archive's README: how to open it, in every language of the site.
fn readme(site: &Site, locales: &crate::i18n::Locales) -> String {
    let mut text = String::new();
    for lang in &site.config.languages {
        let title = site
            .page(&lang.code, "index")
            .map(|p| site.source_of(p).front.title.clone())
            .unwrap_or_default();
        let args = [
            ("title".to_string(), Arg::Str(title)),
            ("url".to_string(), Arg::Str(site.config.base_url.clone())),
            (
                "sums".to_string(),
                Arg::Str(format!("{}download/SHA256SUMS", site.config.base_url)),
            ),
        ];
        if let Ok(t) = locales.tr(&lang.code, "offline-readme", &args) {
            text.push_str(&format!("[{}]\n{}\n\n", lang.name, t.text.trim()));
        }
    }
    text
}

/// The time stamped on archive entries: `SOURCE_DATE_EPOCH` when set (reproducible-builds.org),
/// otherwise the newest date of the content, so that the same sources give the same bytes.
fn stamp(site: &Site) -> Stamp {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Stamp::from_unix(epoch);
    }
    let newest = site.sources.iter().filter_map(|p| p.front.date).max();
    match newest {
        Some(d) => Stamp {
            year: d.year,
            month: d.month,
            day: d.day,
            hour: 0,
            minute: 0,
            second: 0,
        },
        None => Stamp {
            year: 1980,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
        },
    }
}

//! The files `package` adds under `download/`: what readers and webmasters take away.
//!
//! - The offline archive: the site as it reads from disk, in one folder `<name>/` (unzipping
//!   never scatters files into the folder it is unzipped in), with a README in every language and
//!   without `404.html`, whose links are absolute paths that lead nowhere from disk.
//! - The mirror kit: the hosted site exactly as published (pages, downloads and checksums, with
//!   the hosting files), to upload at another address when the official one is blocked, in one
//!   folder `<name>-mirror/` holding a README in every language and the site in `site/`.
//! - `SHA256SUMS`: the checksum of every file beside it. The kit cannot list itself, so its
//!   `download/SHA256SUMS` lists the files it holds, and the published one adds the kit.
//!
//! Everything here is a pure function of the rendered output; zipping is [`crate::package`]'s.

use crate::i18n::{Arg, Locales};
use crate::model::Site;
use crate::package::Stamp;
use std::collections::BTreeMap;

/// Output paths, below the output root, of the downloads of a site named `name`.
pub(crate) struct Names {
    pub(crate) zip: String,
    pub(crate) kit: String,
    pub(crate) sums: String,
    pub(crate) signature: String,
    pub(crate) public_key: String,
}

impl Names {
    pub(crate) fn of(name: &str) -> Names {
        Names {
            zip: format!("download/{name}-offline.zip"),
            kit: format!("download/{name}-mirror.zip"),
            sums: "download/SHA256SUMS".into(),
            signature: "download/SHA256SUMS.sig".into(),
            public_key: format!("download/{}", crate::signing::PUBLIC_FILE),
        }
    }

    /// The single-file page of a language.
    pub(crate) fn page(name: &str, lang: &str) -> String {
        format!("download/{name}-{lang}.html")
    }
}

/// The files of the offline archive: the offline rendering below `<name>/`, without `404.html`,
/// with `README.txt`.
pub(crate) fn offline_archive(
    site: &Site,
    locales: &Locales,
    offline: BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, Vec<u8>> {
    let top = &site.config.name;
    let mut files: BTreeMap<String, Vec<u8>> = offline
        .into_iter()
        .filter(|(path, _)| path != "404.html")
        .map(|(path, bytes)| (format!("{top}/{path}"), bytes))
        .collect();
    files.insert(
        format!("{top}/README.txt"),
        readme(site, locales, "offline-readme").into_bytes(),
    );
    files
}

/// The files of the mirror kit: `README.txt` and the published site below `site/`, in one
/// folder `<name>-mirror/`. `hosted` holds everything published except the kit itself.
pub(crate) fn mirror_kit(
    site: &Site,
    locales: &Locales,
    hosted: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, Vec<u8>> {
    let top = format!("{}-mirror", site.config.name);
    let mut files: BTreeMap<String, Vec<u8>> = hosted
        .iter()
        .map(|(path, bytes)| (format!("{top}/site/{path}"), bytes.clone()))
        .collect();
    files.insert(
        format!("{top}/README.txt"),
        readme(site, locales, "mirror-readme").into_bytes(),
    );
    files
}

/// `SHA256SUMS` of the files of `download/` among `files`, in the format of `sha256sum`.
pub(crate) fn sums<'a>(files: impl IntoIterator<Item = (&'a String, &'a Vec<u8>)>) -> String {
    files
        .into_iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix("download/")?;
            (name != "SHA256SUMS" && name != "SHA256SUMS.sig" && !name.ends_with(".pub"))
                .then(|| format!("{}  {name}\n", crate::digest::sha256_hex(bytes)))
        })
        .collect()
}

/// The address of the site a download was published on (its `base_url`), read from the file
/// itself, so that `verify` can say where its checksums are: a single-file page's canonical
/// address is its hosted page (`<base_url><lang>/`), and an archive's front page's is `base_url`.
pub(crate) fn published_at(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"PK") {
        let files = crate::package::unzip(bytes).ok()?;
        // The offline archive's `<name>/index.html`, or the kit's `<name>-mirror/site/index.html`.
        let front = files
            .iter()
            .filter(|(p, _)| p.ends_with("/index.html") && p.matches('/').count() <= 2)
            .min_by_key(|(p, _)| p.len())?;
        return canonical(&String::from_utf8_lossy(front.1));
    }
    let page = canonical(&String::from_utf8_lossy(bytes))?;
    let trimmed = page.strip_suffix('/')?;
    Some(trimmed[..trimmed.rfind('/')? + 1].to_string())
}

/// The `href` of a page's `<link rel="canonical">`, quoted or not (minified pages drop quotes).
fn canonical(html: &str) -> Option<String> {
    html.split("<link").skip(1).find_map(|tag| {
        let tag = tag.split('>').next()?;
        if !(tag.contains("rel=canonical") || tag.contains("rel=\"canonical\"")) {
            return None;
        }
        let value = tag.split("href=").nth(1)?;
        let value = match value.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next()?,
            None => value.split_whitespace().next()?,
        };
        (value.starts_with("https://") || value.starts_with("http://")).then(|| value.to_string())
    })
}

/// A README in every language of the site, from the Fluent message `key` (`$title`, `$url`,
/// `$sums`, `$name`, `$mirrors`).
fn readme(site: &Site, locales: &Locales, key: &str) -> String {
    let config = &site.config;
    let mirrors = if config.mirrors.is_empty() {
        "-".to_string()
    } else {
        config.mirrors.join(" ")
    };
    let mut text = String::new();
    for lang in &config.languages {
        let title = site
            .page(&lang.code, "index")
            .map(|p| site.source_of(p).front.title.clone())
            .unwrap_or_default();
        let args = [
            ("title".to_string(), Arg::Str(title)),
            ("url".to_string(), Arg::Str(config.base_url.clone())),
            (
                "sums".to_string(),
                Arg::Str(format!("{}download/SHA256SUMS", config.base_url)),
            ),
            ("name".to_string(), Arg::Str(config.name.clone())),
            ("mirrors".to_string(), Arg::Str(mirrors.clone())),
        ];
        if let Ok(t) = locales.tr(&lang.code, key, &args) {
            text.push_str(&format!("[{}]\n{}\n\n", lang.name, t.text.trim()));
        }
    }
    text
}

/// The time stamped on archive entries: `SOURCE_DATE_EPOCH` when set (reproducible-builds.org),
/// otherwise the newest date of the content, so that the same sources give the same bytes.
pub(crate) fn stamp(site: &Site, source_date_epoch: Option<&str>) -> Stamp {
    if let Some(epoch) = source_date_epoch.and_then(|v| v.trim().parse::<u64>().ok()) {
        return Stamp::from_unix(epoch);
    }
    let midnight = |year, month, day| Stamp {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
    };
    match site.sources.iter().filter_map(|p| p.front.date).max() {
        Some(d) => midnight(d.year, d.month, d.day),
        None => midnight(1980, 1, 1),
    }
}

/// Where a file stands in a `SHA256SUMS`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SumsMatch {
    /// Listed under its name, with its checksum.
    Listed,
    /// Listed with its checksum under another name: a copy a browser renamed.
    Renamed(String),
    /// Listed under its name with another checksum: it was changed.
    Changed,
    /// Neither its name nor its checksum is listed.
    Missing,
}

/// Looks up a file named `name` whose SHA-256 is `actual` (hex) in the text of a `SHA256SUMS`.
pub(crate) fn find_in_sums(sums: &[u8], name: &str, actual: &str) -> SumsMatch {
    let listed: Vec<(String, String)> = String::from_utf8_lossy(sums)
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(h, f)| {
            (
                h.trim().to_ascii_lowercase(),
                f.trim_start_matches('*').to_string(),
            )
        })
        .collect();
    let by_name = listed.iter().find(|(_, f)| *f == name);
    let by_hash = listed.iter().find(|(h, _)| *h == actual);
    match (by_name, by_hash) {
        (Some((hash, _)), _) if *hash == actual => SumsMatch::Listed,
        (_, Some((_, original))) => SumsMatch::Renamed(original.clone()),
        (Some(_), None) => SumsMatch::Changed,
        (None, None) => SumsMatch::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_tells_where_it_was_published() {
        let page = br#"<head><link rel="stylesheet" href="x.css"><link href=https://e.org/camp/uk/ rel=canonical></head>"#;
        assert_eq!(published_at(page).as_deref(), Some("https://e.org/camp/"));
        let quoted = br#"<link rel="canonical" href="https://e.org/uk/">"#;
        assert_eq!(published_at(quoted).as_deref(), Some("https://e.org/"));
        let mut files = BTreeMap::new();
        files.insert(
            "site/index.html".to_string(),
            br#"<link rel=canonical href=https://e.org/camp/>"#.to_vec(),
        );
        files.insert(
            "site/uk/index.html".to_string(),
            br#"<link rel=canonical href=https://e.org/camp/uk/>"#.to_vec(),
        );
        let zip = crate::package::zip(&files, Stamp::from_unix(0)).unwrap();
        assert_eq!(published_at(&zip).as_deref(), Some("https://e.org/camp/"));
        assert_eq!(published_at(b"no page"), None);
        assert_eq!(
            published_at(br#"<link rel=canonical href=javascript:x>"#),
            None
        );
    }

    #[test]
    fn sums_list_the_downloads_but_not_themselves() {
        let files: BTreeMap<String, Vec<u8>> = [
            ("download/a.zip", &b"abc"[..]),
            ("download/SHA256SUMS", b"x"),
            ("download/SHA256SUMS.sig", b"x"),
            ("download/zaklyk-signing.pub", b"x"),
            ("index.html", b"x"),
        ]
        .into_iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
        assert_eq!(
            sums(&files),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.zip\n"
        );
    }
}

//! Zip archives: the only user of the zip crate, and of the time crate for their timestamps.
//!
//! The offline archive must be reproducible, so that anyone can rebuild it from the same sources
//! and compare its checksum with the published one: entries are written in sorted order, every
//! entry gets the same timestamp (`SOURCE_DATE_EPOCH` when set, otherwise the date of the newest
//! content) and the same permissions, and nothing of the machine (user, time, order of the
//! filesystem) enters the archive.
//!
//! [`unzip`] reads an archive back: `verify` looks inside a downloaded one for the address of the
//! site it came from.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use time::{OffsetDateTime, PrimitiveDateTime};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter};

/// The moment stamped on every entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) year: u16,
    pub(crate) month: u8,
    pub(crate) day: u8,
    pub(crate) hour: u8,
    pub(crate) minute: u8,
    pub(crate) second: u8,
}

impl Stamp {
    /// The UTC time of a Unix timestamp (for `SOURCE_DATE_EPOCH`). A moment past the last one
    /// the date crate knows (the end of the year 9999) is stamped as that one; zip dates end in
    /// 2107 anyway.
    pub(crate) fn from_unix(seconds: u64) -> Stamp {
        let moment = i64::try_from(seconds)
            .ok()
            .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
            .unwrap_or(PrimitiveDateTime::MAX.assume_utc());
        Stamp {
            // The date crate's years end at 9999: always a u16.
            year: u16::try_from(moment.year()).unwrap_or(u16::MAX),
            month: u8::from(moment.month()),
            day: moment.day(),
            hour: moment.hour(),
            minute: moment.minute(),
            second: moment.second(),
        }
    }
}

/// A deterministic zip of `files` (path → bytes), every entry stamped with `stamp`.
pub(crate) fn zip(files: &BTreeMap<String, Vec<u8>>, stamp: Stamp) -> Result<Vec<u8>> {
    let time = DateTime::from_date_and_time(
        stamp.year.clamp(1980, 2107),
        stamp.month,
        stamp.day,
        stamp.hour,
        stamp.minute,
        stamp.second,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(time)
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (path, bytes) in files {
        writer
            .start_file(path.as_str(), options)
            .with_context(|| format!("failed to add `{path}` to the archive"))?;
        writer
            .write_all(bytes)
            .with_context(|| format!("failed to add `{path}` to the archive"))?;
    }
    Ok(writer
        .finish()
        .context("failed to finish the archive")?
        .into_inner())
}

/// The files of a zip archive (for `verify` and for tests), refused past
/// [`crate::limits::ARCHIVE_BYTES`] unpacked whatever its entries claim, so that a zip bomb
/// handed to `verify` ends in an error, not in memory exhausted.
pub fn unzip(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).context("not a zip archive")?;
    let mut out = BTreeMap::new();
    let mut left = crate::limits::ARCHIVE_BYTES;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).context("a damaged zip entry")?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .context("an entry without a readable name")?
            .into_owned();
        let mut data = Vec::new();
        // One byte more than what is left tells an archive that is too large.
        (&mut entry)
            .take(left + 1)
            .read_to_end(&mut data)
            .with_context(|| format!("failed to read `{name}` from the archive"))?;
        left = left.checked_sub(data.len() as u64).with_context(|| {
            format!(
                "the archive unpacks to more than {} MiB (at `{name}`); an offline copy is far smaller",
                crate::limits::ARCHIVE_BYTES >> 20
            )
        })?;
        out.insert(name, data);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_that_unpacks_past_the_limit_is_refused() {
        // Zeros compress about a thousand to one: a small archive that unpacks past the limit.
        let big = vec![0u8; (crate::limits::ARCHIVE_BYTES / 2 + 1) as usize];
        let mut files = BTreeMap::new();
        files.insert("a".to_string(), big.clone());
        files.insert("b".to_string(), big);
        let zip = super::zip(&files, Stamp::from_unix(0)).unwrap();
        assert!(zip.len() < 2 << 20, "{}", zip.len());
        let err = unzip(&zip).unwrap_err().to_string();
        assert!(
            err.contains("unpacks to more than 256 MiB (at `b`)"),
            "{err}"
        );
        let mut small = BTreeMap::new();
        small.insert("a".to_string(), b"x".to_vec());
        assert_eq!(
            unzip(&super::zip(&small, Stamp::from_unix(0)).unwrap()).unwrap(),
            small
        );
    }

    #[test]
    fn unix_timestamps_become_utc_dates() {
        assert_eq!(
            Stamp::from_unix(0),
            Stamp {
                year: 1970,
                month: 1,
                day: 1,
                hour: 0,
                minute: 0,
                second: 0
            }
        );
        assert_eq!(
            Stamp::from_unix(1_754_956_800 + 3661),
            Stamp {
                year: 2025,
                month: 8,
                day: 12,
                hour: 1,
                minute: 1,
                second: 1
            }
        );
        assert_eq!(
            Stamp::from_unix(951_782_400),
            Stamp {
                year: 2000,
                month: 2,
                day: 29,
                hour: 0,
                minute: 0,
                second: 0
            }
        );
        // Past the date crate's last year: its last moment, which the archive clamps to 2107.
        assert_eq!(
            Stamp::from_unix(u64::MAX),
            Stamp {
                year: 9999,
                month: 12,
                day: 31,
                hour: 23,
                minute: 59,
                second: 59
            }
        );
        assert_eq!(
            Stamp::from_unix(253_402_300_799),
            Stamp::from_unix(u64::MAX)
        );
    }

    #[test]
    fn archives_are_reproducible_and_round_trip() {
        let mut files = BTreeMap::new();
        files.insert(
            "uk/index.html".to_string(),
            "Заява".repeat(100).into_bytes(),
        );
        files.insert("index.html".to_string(), b"chooser".to_vec());
        let stamp = Stamp::from_unix(1_754_956_800);
        let a = zip(&files, stamp).unwrap();
        let b = zip(&files, stamp).unwrap();
        assert_eq!(a, b);
        assert_eq!(unzip(&a).unwrap(), files);
        assert_ne!(
            zip(&files, Stamp::from_unix(1_754_956_802)).unwrap(),
            a,
            "the stamp is in the archive"
        );
    }
}

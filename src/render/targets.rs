//! The four targets one site renders for ([`RenderMode`]): the hosted site (with its downloads,
//! when `package` made them), the offline copy, one self-contained file per language, and
//! `serve`'s preview with its live-reload script; each page's policy ([`Csp`]) as data, and
//! what the hosted pages list of the downloads.

use super::*;

/// The Content-Security-Policy of every published page: nothing from another origin, no script
/// at all. It is the text of [`Csp::published`].
#[cfg(test)]
pub(crate) const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// A page's Content-Security-Policy, directive by directive, so that a rendering changes a
/// directive rather than the text of the published policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Csp {
    /// `'self'`, or the hash of a single-file page's inlined stylesheet.
    pub(crate) style_src: String,
    /// Scripts allowed (by hash): none on published pages.
    pub(crate) script_src: Option<String>,
    /// Where scripts may send requests: nowhere on published pages.
    pub(crate) connect_src: Option<String>,
    /// The origins of `allowed_origins` (`https://media.example.org`), which images, styles,
    /// fonts and media may come from, as the output scan lets them.
    pub(crate) origins: Vec<String>,
}

impl Csp {
    /// The policy of the published pages ([`CSP`]).
    pub(crate) fn published() -> Csp {
        Csp {
            style_src: "'self'".into(),
            script_src: None,
            connect_src: None,
            origins: Vec::new(),
        }
    }

    /// This policy, letting images, styles, fonts and media come from `origins` as well.
    pub(crate) fn allowing(self, origins: Vec<String>) -> Csp {
        Csp { origins, ..self }
    }

    /// The source expression that allows exactly `bytes` as an inline script or style.
    pub(crate) fn hash(bytes: &[u8]) -> String {
        format!("'sha256-{}'", digest::sha256_base64(bytes))
    }
}

impl std::fmt::Display for Csp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let others: String = self.origins.iter().map(|o| format!(" {o}")).collect();
        write!(
            f,
            "default-src 'none'; style-src {}{others}; img-src 'self' data:{others}; ",
            self.style_src
        )?;
        if !others.is_empty() {
            write!(f, "font-src{others}; media-src{others}; ")?;
        }
        if let Some(script) = &self.script_src {
            write!(f, "script-src {script}; ")?;
        }
        if let Some(connect) = &self.connect_src {
            write!(f, "connect-src {connect}; ")?;
        }
        f.write_str("base-uri 'none'; form-action 'none'")
    }
}

/// What a rendering is for. Each target differs in what its pages link to, the policy ([`Csp`])
/// they carry and what is added to them; nothing else decides those.
#[derive(Debug, Clone)]
pub enum RenderMode {
    /// The hosted site, with links to the downloads `package` made (`None` for `build`).
    Hosted { downloads: Option<Downloads> },
    /// The copy inside the offline zip: pages point to the official address, not to downloads,
    /// and the static hosts' files are left out.
    Offline,
    /// Self-contained files, one per page: the stylesheet inlined (allowed by its hash), every
    /// link absolute ([`single_pages`]).
    SingleFile,
    /// `serve`'s preview: the hosted site with the reload script on every HTML file, allowed by
    /// every page's policy.
    Preview {
        reload: LiveReload,
        /// Render only the pages of these languages (and the site-wide files): incremental
        /// rebuilds.
        languages: Option<std::collections::BTreeSet<String>>,
        /// And the pages of these slugs in every language (a page's translations list it).
        slugs: std::collections::BTreeSet<String>,
        /// Of the pages of `languages`, only these (by language, then slug), when only strings
        /// changed: those that showed one of them.
        pages: Option<std::collections::BTreeMap<String, std::collections::BTreeSet<String>>>,
        /// Whether to make `sitemap.xml`, which only pages change: a rebuild for strings keeps
        /// the last one.
        sitemap: bool,
    },
}

impl Default for RenderMode {
    /// The hosted site without downloads: what `build` writes.
    fn default() -> RenderMode {
        RenderMode::Hosted { downloads: None }
    }
}

impl RenderMode {
    /// The policy of this rendering's pages: the published one, plus the live-reload script (by
    /// hash) and its requests back to the preview. (A single file's inlined stylesheet is added
    /// where it is made.)
    pub(crate) fn csp(&self) -> Csp {
        let mut csp = Csp::published();
        if let RenderMode::Preview { reload, .. } = self {
            csp.script_src = Some(Csp::hash(reload.script.as_bytes()));
            csp.connect_src = Some("'self'".into());
        }
        csp
    }

    /// The downloads the pages link to.
    pub(super) fn downloads(&self) -> Option<&Downloads> {
        match self {
            RenderMode::Hosted { downloads } => downloads.as_ref(),
            _ => None,
        }
    }

    /// Whether the page `slug` of language `lang` is rendered.
    pub(crate) fn renders_page(&self, lang: &str, slug: &str) -> bool {
        match self {
            RenderMode::Preview { slugs, .. } if slugs.contains(slug) => true,
            RenderMode::Preview {
                pages: Some(pages), ..
            } => self.renders(lang) && pages.get(lang).is_some_and(|p| p.contains(slug)),
            _ => self.renders(lang),
        }
    }

    /// Whether the messages each page looks up are recorded: a preview's next rebuild renders
    /// again only the pages that showed a string that changed.
    pub(crate) fn records_strings(&self) -> bool {
        matches!(self, RenderMode::Preview { .. })
    }

    /// Whether the pages of language `lang` are rendered.
    pub(super) fn renders(&self, lang: &str) -> bool {
        match self {
            RenderMode::Preview {
                languages: Some(only),
                ..
            } => only.contains(lang),
            _ => true,
        }
    }
}

/// What a rendering does with the share cards.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum CardsMode {
    /// Check that each can be drawn, draw none (`check`, `serve`).
    #[default]
    Check,
    /// Draw them into the output, keeping them in this cache folder if one is given.
    Draw { cache: Option<std::path::PathBuf> },
    /// Leave them out (the offline copy: a card is for a link shared online).
    Skip,
}

/// A script the preview runs on every page (`serve`'s reload).
#[derive(Debug, Clone)]
pub struct LiveReload {
    /// The script's text. Its page's policy allows exactly this text, by hash.
    pub(crate) script: &'static str,
}

impl LiveReload {
    /// `html` with the script as the last element of its body.
    pub(crate) fn insert_into(&self, html: &[u8]) -> Vec<u8> {
        let at = end_of_body(html);
        let mut out = Vec::with_capacity(html.len() + self.script.len() + 17);
        out.extend_from_slice(&html[..at]);
        out.extend_from_slice(b"<script>");
        out.extend_from_slice(self.script.as_bytes());
        out.extend_from_slice(b"</script>");
        out.extend_from_slice(&html[at..]);
        out
    }
}

/// Where the last element of a document's body ends: before a closing `</body>` (and `</html>`)
/// at the end, or the end itself when minification left those optional tags out.
pub(super) fn end_of_body(html: &[u8]) -> usize {
    let trim = |end: usize| {
        html[..end]
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |i| i + 1)
    };
    let strip = |end: usize, tag: &[u8]| {
        let end = trim(end);
        (end >= tag.len() && html[end - tag.len()..end].eq_ignore_ascii_case(tag))
            .then(|| end - tag.len())
    };
    let end = strip(html.len(), b"</html>").unwrap_or(html.len());
    strip(end, b"</body>").unwrap_or(end)
}

/// Files in `download/`, with their sizes.
#[derive(Debug, Clone, Default)]
pub struct Downloads {
    pub(crate) zip: DownloadFile,
    /// Per language code: its single-file page.
    pub(crate) pages: BTreeMap<String, DownloadFile>,
    pub(crate) sums: String,
    /// When `package --sign` signed the checksums.
    pub(crate) signature: Option<SumsSignature>,
}

/// The signature of `SHA256SUMS` as the hosted pages show it.
#[derive(Debug, Clone, Default)]
pub(crate) struct SumsSignature {
    /// Output path of the signature (`download/SHA256SUMS.sig`).
    pub(crate) signature_path: String,
    /// Output path of the public key that checks it.
    pub(crate) public_key_path: String,
    /// The public key's fingerprint, as printed on the pages.
    pub(crate) fingerprint: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DownloadFile {
    /// Output path (`download/site-offline.zip`).
    pub(crate) path: String,
    pub(crate) bytes: u64,
    /// Its SHA-256, in hex, shown beside its link.
    pub(crate) sha256: String,
}

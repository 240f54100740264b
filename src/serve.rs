//! `serve`: a live preview for editors and translators. The only user of tiny_http and notify.
//!
//! The site is built in memory and served from memory, so the preview never touches `dist/` and
//! can serve nothing but the built output: there is no path on disk behind a URL, which closes
//! `..`, encoded `%2e%2e`, absolute paths and symbolic links at once. A watcher (notify) follows
//! `site.toml`, `content/`, `locales/` and `theme/`; a burst of saves is debounced into one
//! rebuild. Rebuilds are incremental where it pays: a change to a language's `.ftl` or Markdown
//! files re-renders that language and the languages that fall back to it; anything else rebuilds
//! everything. A failed rebuild keeps the last good output served and records the problems.
//!
//! Open pages reload themselves through long-polling (`/__zaklyk/poll`): a tiny inline script,
//! allowed by its hash in the preview's CSP only, waits for the next build and reloads, or, when
//! the build failed, shows an error page in the page's language with every `path:line:col`.
//! tiny_http is small and synchronous; it cannot stream server-sent events, and long-polling needs
//! nothing more, so there is no async runtime to pay for in build time.

use crate::diag::Diagnostic;
use crate::i18n::Locales;
use crate::model::Site;
use crate::project::Project;
use crate::render::{RenderMode, CSP};
use crate::{check, digest, render, BuildOptions};
use anyhow::{anyhow, Result};
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How `serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
}

/// The script open pages run: wait for the next build, then reload or show the error page.
const LIVE_SCRIPT: &str = "(()=>{const s=document.currentScript,v=+s.dataset.v,e=location.pathname==='/__zaklyk/error';const p=()=>fetch('/__zaklyk/poll?v='+v,{cache:'no-store'}).then(r=>r.json()).then(b=>{if(b.version===v)return p();if(b.error&&!e){location.href='/__zaklyk/error?lang='+document.documentElement.lang+'&from='+encodeURIComponent(location.pathname+location.hash)}else if(!b.error&&e){location.href=new URLSearchParams(location.search).get('from')||'/'}else location.reload()},()=>setTimeout(p,1000));p()})();";

/// The served files. Each is shared, so an incremental rebuild copies the map, not the site.
type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// What the server knows, shared between the watcher and the request threads.
struct State {
    /// Bumped by every rebuild, failed or not.
    version: u64,
    /// The last good output.
    files: Arc<Files>,
    /// The problems of the last rebuild, when it failed.
    failure: Option<Vec<Diagnostic>>,
    /// The last good site and strings, for incremental rebuilds and the error page.
    site: Option<Arc<Site>>,
    locales: Option<Arc<Locales>>,
}

struct Live {
    state: Mutex<State>,
    changed: Condvar,
}

impl Live {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Binds, builds, then serves until the process is stopped. `on_ready` gets the address.
pub fn run(options: &Options, on_ready: impl FnOnce(&str)) -> Result<()> {
    let server = tiny_http::Server::http(format!("{}:{}", options.bind, options.port)).map_err(|e| {
        anyhow!(
            "cannot listen on {}:{}: {e}\n  = help: another program (another `zaklyk serve`?) may use the port; try --port {}",
            options.bind,
            options.port,
            options.port.wrapping_add(1).max(1024)
        )
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map_or(options.port, |a| a.port());
    let address = format!(
        "http://{}:{port}/",
        if options.bind == "0.0.0.0" {
            "127.0.0.1"
        } else {
            &options.bind
        }
    );
    let project = Project::new(&options.root);
    let build_options = BuildOptions {
        base_url: Some(address.clone()),
        ..BuildOptions::default()
    };
    let live = Arc::new(Live {
        state: Mutex::new(State {
            version: 0,
            files: Arc::new(BTreeMap::new()),
            failure: None,
            site: None,
            locales: None,
        }),
        changed: Condvar::new(),
    });
    rebuild(&project, &build_options, &live, None);
    spawn_watcher(project, build_options, live.clone())?;
    on_ready(&address);
    let server = Arc::new(server);
    for request in server.incoming_requests() {
        let live = live.clone();
        std::thread::spawn(move || handle(request, &live));
    }
    Ok(())
}

/// Rebuilds the site; `changed` limits the work to the languages those files concern.
fn rebuild(
    project: &Project,
    options: &BuildOptions,
    live: &Live,
    changed: Option<&BTreeSet<PathBuf>>,
) {
    let started = Instant::now();
    let previous = {
        let s = live.lock();
        (s.site.clone(), s.files.clone())
    };
    let result = crate::prepare(project, options).map_err(|e| {
        vec![Diagnostic::error(
            crate::diag::Location::file("."),
            format!("{e:#}"),
        )]
    });
    let outcome = result.and_then(|built| {
        let (Some(site), Some(locales), false) =
            (built.site, built.locales, built.report.has_errors())
        else {
            return Err(built.report.diagnostics);
        };
        let languages = changed
            .zip(previous.0.as_ref())
            .and_then(|(paths, old)| affected_languages(project, &site, old, paths));
        let (rendered, report) = render::render(
            &site,
            locales.clone(),
            &RenderMode {
                languages: languages.clone(),
                ..RenderMode::default()
            },
        );
        let mut files = match &languages {
            Some(langs) => {
                let mut kept: Files = (*previous.1).clone();
                kept.retain(|path, _| !langs.iter().any(|l| path.starts_with(&format!("{l}/"))));
                kept
            }
            None => BTreeMap::new(),
        };
        files.extend(
            rendered
                .output
                .files
                .into_iter()
                .map(|(path, bytes)| (path, Arc::new(bytes))),
        );
        let mut diagnostics = report.diagnostics;
        diagnostics.extend(check::links_in(
            |path| files.get(path).map(|b| b.as_slice()),
            &rendered.links,
        ));
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics);
        }
        Ok((site, locales, files, languages))
    });
    let mut state = live.lock();
    state.version += 1;
    match outcome {
        Ok((site, locales, files, languages)) => {
            let scope = languages.map_or("all languages".to_string(), |l| {
                l.into_iter().collect::<Vec<_>>().join(", ")
            });
            eprintln!("rebuilt ({scope}) in {} ms", started.elapsed().as_millis());
            state.files = Arc::new(files);
            state.failure = None;
            state.site = Some(Arc::new(site));
            state.locales = Some(locales);
        }
        Err(diagnostics) => {
            for d in &diagnostics {
                eprintln!("{d}\n");
            }
            eprintln!(
                "rebuild failed in {} ms; still serving the last good build",
                started.elapsed().as_millis()
            );
            state.failure = Some(diagnostics);
        }
    }
    live.changed.notify_all();
}

/// The languages a set of changed files concerns, or `None` when everything must be rebuilt
/// (configuration, templates, signatories, or a change in the set of pages).
fn affected_languages(
    project: &Project,
    site: &Site,
    old: &Site,
    changed: &BTreeSet<PathBuf>,
) -> Option<BTreeSet<String>> {
    if site.pages.len() != old.pages.len()
        || site
            .pages
            .iter()
            .zip(&old.pages)
            .any(|(a, b)| a.path != b.path)
    {
        return None;
    }
    let mut direct = BTreeSet::new();
    for path in changed {
        let rel = crate::fs::relative_slash(path, &project.root);
        let mut parts = rel.splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("content" | "locales"), Some(lang), Some(_))
                if site.config.language(lang).is_some() =>
            {
                direct.insert(lang.to_string());
            }
            _ => return None,
        }
    }
    // A language that falls back to a changed one shows its strings or pages too.
    Some(
        site.config
            .languages
            .iter()
            .filter(|l| site.chain(&l.code).iter().any(|c| direct.contains(c)))
            .map(|l| l.code.clone())
            .collect(),
    )
}

fn spawn_watcher(project: Project, options: BuildOptions, live: Arc<Live>) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    for path in [
        project.config_path(),
        project.content_dir(),
        project.locales_dir(),
        project.theme_dir(),
    ] {
        if path.exists() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| anyhow!("cannot watch `{}`: {e}", path.display()))?;
        }
    }
    std::thread::spawn(move || {
        let _watcher = watcher;
        while let Ok(first) = rx.recv() {
            let mut changed = BTreeSet::new();
            collect(first, &mut changed);
            // Debounce: an editor's save is often several events; wait for a quiet moment.
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(120)) {
                collect(more, &mut changed);
            }
            if !changed.is_empty() {
                rebuild(&project, &options, &live, Some(&changed));
            }
        }
    });
    Ok(())
}

fn collect(event: notify::Result<notify::Event>, changed: &mut BTreeSet<PathBuf>) {
    if let Ok(e) = event {
        if !matches!(e.kind, notify::EventKind::Access(_)) {
            changed.extend(e.paths.into_iter().filter(|p| !is_editor_noise(p)));
        }
    }
}

/// Swap and backup files editors write beside the real one.
fn is_editor_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

fn handle(request: tiny_http::Request, live: &Live) {
    let url = request.url().to_string();
    let (status, content_type, body) = respond(live, &url);
    let response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// The answer to a request path: status, content type, body.
fn respond(live: &Live, url: &str) -> (u16, &'static str, Vec<u8>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == "/__zaklyk/poll" {
        return poll(live, query);
    }
    let (version, files, failure, locales) = {
        let s = live.lock();
        (
            s.version,
            s.files.clone(),
            s.failure.clone(),
            s.locales.clone(),
        )
    };
    if path == "/__zaklyk/error" {
        let lang = query_value(query, "lang").unwrap_or_default();
        return (
            200,
            "text/html; charset=utf-8",
            error_page(
                failure.as_deref().unwrap_or(&[]),
                locales.as_deref(),
                &lang,
                version,
            ),
        );
    }
    let Some(rel) = safe_path(path) else {
        return not_found(&files, version);
    };
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.clone(), format!("{rel}/index.html")]
    };
    for candidate in candidates {
        if let Some(bytes) = files.get(&candidate) {
            let content_type = content_type(&candidate);
            let body = if content_type.starts_with("text/html") {
                with_live_script(bytes, version)
            } else {
                bytes.to_vec()
            };
            return (200, content_type, body);
        }
    }
    not_found(&files, version)
}

fn not_found(files: &Files, version: u64) -> (u16, &'static str, Vec<u8>) {
    match files.get("404.html") {
        Some(page) => (
            404,
            "text/html; charset=utf-8",
            with_live_script(page, version),
        ),
        None => (404, "text/plain; charset=utf-8", b"not found".to_vec()),
    }
}

/// Waits (up to 25 s) for a build newer than `v`.
fn poll(live: &Live, query: &str) -> (u16, &'static str, Vec<u8>) {
    let seen: u64 = query_value(query, "v")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let state = live.lock();
    let (state, _) = live
        .changed
        .wait_timeout_while(state, Duration::from_secs(25), |s| s.version == seen)
        .unwrap_or_else(|p| p.into_inner());
    let body = format!(
        "{{\"version\":{},\"error\":{}}}",
        state.version,
        state.failure.is_some()
    );
    (200, "application/json", body.into_bytes())
}

/// The output path a request path names, or `None` for anything that tries to leave the output:
/// `..` and `.` segments (also percent-encoded), backslashes, NUL, and drive letters.
pub fn safe_path(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let rel = decoded.strip_prefix('/')?;
    if rel.contains(['\\', '\0']) || rel.contains(':') || rel.starts_with('/') {
        return None;
    }
    if rel.split('/').any(|seg| {
        seg == ".." || seg == "." || (seg.is_empty() && !rel.is_empty() && !rel.ends_with('/'))
    }) {
        return None;
    }
    Some(rel.to_string())
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn query_value(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        pair.split_once('=')
            .filter(|(k, _)| *k == key)
            .and_then(|(_, v)| percent_decode(&v.replace('+', " ")))
    })
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "ftl" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "zip" => "application/zip",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The preview's CSP: the site's, plus the live-reload script (by hash) and its polling.
fn preview_csp() -> String {
    format!(
        "{CSP}; script-src 'sha256-{}'; connect-src 'self'",
        digest::sha256_base64(LIVE_SCRIPT.as_bytes())
    )
}

fn with_live_script(html: &[u8], version: u64) -> Vec<u8> {
    let text = String::from_utf8_lossy(html).replace(CSP, &preview_csp());
    format!("{text}<script data-v=\"{version}\">{LIVE_SCRIPT}</script>").into_bytes()
}

/// The page open tabs switch to when a rebuild fails: every problem, in the page's language
/// where the strings exist.
fn error_page(
    diagnostics: &[Diagnostic],
    locales: Option<&Locales>,
    lang: &str,
    version: u64,
) -> Vec<u8> {
    let code = lang.split('-').next().unwrap_or(lang);
    let tr = |key: &str, fallback: &str| {
        locales
            .and_then(|l| l.tr(code, key, &[]).ok())
            .map_or(fallback.to_string(), |t| t.text)
    };
    let title = tr("serve-error-title", "The site could not be rebuilt");
    let intro = tr("serve-error-intro", "Fix the problems below and save: this page reloads by itself. Other pages still show the last good version.");
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let items: String = diagnostics
        .iter()
        .map(|d| format!("<li><pre>{}</pre></li>", escape(&d.to_string())))
        .collect();
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"><title>{}</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><main class=\"wrap\"><h1>{}</h1><p>{}</p><ol class=\"problems\">{items}</ol></main></body></html>",
        escape(lang),
        escape(&title),
        escape(&title),
        escape(&intro)
    );
    with_live_script(html.as_bytes(), version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_would_leave_the_output_are_refused() {
        assert_eq!(
            safe_path("/uk/index.html").as_deref(),
            Some("uk/index.html")
        );
        assert_eq!(safe_path("/").as_deref(), Some(""));
        assert_eq!(safe_path("/%D0%B0.html").as_deref(), Some("а.html"));
        for bad in [
            "/../etc/passwd",
            "/uk/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/uk/%00",
            "//etc/passwd",
            "/C:/Windows",
            "/a\\..\\b",
            "/%zz",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("uk/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("locales/uk/main.ftl"),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            content_type("site.webmanifest"),
            "application/manifest+json"
        );
        assert_eq!(content_type("download/x.zip"), "application/zip");
    }

    #[test]
    fn the_live_script_is_allowed_by_its_hash_only_in_the_preview() {
        let page = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">");
        let out = String::from_utf8(with_live_script(page.as_bytes(), 7)).unwrap();
        assert!(
            out.contains("script-src 'sha256-") && out.contains("data-v=\"7\""),
            "{out}"
        );
        assert!(
            !CSP.contains("script-src"),
            "the published CSP allows no script"
        );
    }
}

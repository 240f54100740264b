//! `serve`: a live preview for editors and translators. The only user of notify.
//!
//! The site is built in memory and served from memory, so the preview never touches `dist/` and
//! can serve nothing but the built output: there is no path on disk behind a URL, which closes
//! `..`, encoded `%2e%2e`, absolute paths and symbolic links at once. A watcher (notify) follows
//! `site.toml`, `content/`, `locales/` and `theme/`; a burst of saves is debounced into one
//! rebuild. Rebuilds are incremental ([`crate::incremental`]): only changed pages are read and
//! parsed again; a change to a language's `.ftl` files re-renders that language and the
//! languages that fall back to it; a changed page is re-rendered in every language, and when its
//! front matter changed, so are the pages of its language and of those falling back to it;
//! anything else renders everything. The content links of the pages not rendered again are kept
//! and checked again where they lead into a page that was. A failed rebuild keeps the last good
//! output served and records the problems.
//!
//! Open pages reload themselves through long-polling (`/__zaklyk/poll`): the render stage puts a
//! small script at the end of every page's body and allows it, by its hash, in the page's
//! Content-Security-Policy ([`crate::render::LiveReload`]); the script waits for the next build
//! and reloads, or, when the build failed, switches to an error page in the page's language with
//! every `path:line:col`, and back when the build is fixed.
//!
//! The preview holds unpublished drafts, and any web page the translator opens can send requests
//! to it, so it answers only requests meant for it:
//!
//! - the `Host` header must name the address the preview is bound to, with its port: a loopback
//!   binding answers `127.0.0.1`, `[::1]` (any loopback address) and `localhost`; `--bind 0.0.0.0`
//!   answers any IP address and `localhost`; a specific address answers that address. Other names
//!   are refused with 403, since a name is what DNS rebinding needs (a page at `evil.example`
//!   re-resolved to 127.0.0.1 would otherwise read the drafts). A request without `Host`, or with
//!   two, is refused too. To preview from a phone, use the computer's IP address, not its name;
//! - only `GET` and `HEAD`, for a path (`/…`): absolute URLs, `*` and bodies are refused;
//! - a browser's request made from another site (`Sec-Fetch-Site`) is refused unless it is a
//!   navigation (following a link to the preview works); the poll also checks `Origin`;
//! - at most 32 pages wait on the poll at once; the HTTP limits are in [`crate::http`];
//! - every response says `Cache-Control: no-store` and carries the published site's security
//!   headers ([`crate::hosting::security_headers`]: `nosniff`, `no-referrer`, same-origin
//!   resource and opener policies) with the preview's policy and `frame-ancestors 'none'`.
//!
//! The error page escapes everything it shows with the templates' escaper; its `lang` only picks
//! one of the site's languages (the default one otherwise), and its `from`, the page to return
//! to, is kept only when it is a path of this site ([`same_site_path`]); the server writes it into
//! the page, so the script never follows a value from the address bar.
//!
//! Long because the preview's watcher, rebuilds, error page and request handling share the state
//! being served.

use crate::diag::{Code, Diagnostic};
use crate::http::{self, Permit, Request, Response};
use crate::i18n::Locales;
use crate::language::Direction;
use crate::model::Site;
use crate::output::PageLink;
use crate::pipeline::{self, BuildOptions};
use crate::project::Project;
use crate::render::{LiveReload, RenderMode};
use crate::templates::escape_html;
use crate::{check, incremental, render, urls};
use anyhow::{anyhow, Result};
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How `serve` was asked to run.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) root: PathBuf,
    pub(crate) bind: String,
    pub(crate) port: u16,
    /// Print the stages of every rebuild (`--timings`).
    pub(crate) timings: bool,
}

/// The script open pages run: wait for the next build, then reload, or switch to the error page
/// and back. The page's build number comes in the `Server-Timing` header of the page itself (so
/// the page's bytes stay those the render stage made); where a browser does not expose it (plain
/// HTTP to another device), the first poll answers at once with the current build. On the error
/// page, `data-return` is the page to go back to, written there by the server.
const LIVE_SCRIPT: &str = r#"(()=>{const s=document.currentScript,r=s.dataset.return,n=performance.getEntriesByType('navigation')[0],t=n&&n.serverTiming&&n.serverTiming.find(x=>x.name==='zaklyk');let v=t?t.description:'';const p=()=>fetch('/__zaklyk/poll?v='+v,{cache:'no-store'}).then(x=>x.ok?x.json():Promise.reject()).then(b=>{const w=String(b.version);if(v===''||w===v){v=w;return p()}if(r===undefined){if(b.error)location.replace('/__zaklyk/error?lang='+encodeURIComponent(document.documentElement.lang)+'&from='+encodeURIComponent(location.pathname+location.search+location.hash));else location.reload()}else if(b.error)location.reload();else location.replace(/^\/(?![\/\\])/.test(r)?r:'/')}).catch(()=>setTimeout(p,1000));p()})();"#;

/// Pages waiting on `/__zaklyk/poll` at once; more get 503 and retry a second later.
const MAX_WAITERS: usize = 32;

/// How long a poll waits for a new build before it answers anyway.
const POLL_WAIT: Duration = Duration::from_secs(25);

/// How the preview renders: the hosted site, with the reload script.
fn preview_mode() -> RenderMode {
    preview_of(None)
}

/// The preview of only the pages of `scope` (all with `None`).
fn preview_of(scope: Option<incremental::Scope>) -> RenderMode {
    let (languages, slugs, sitemap, pages) = match scope {
        Some(s) => (Some(s.languages), s.slugs, s.sitemap, s.pages),
        None => (None, BTreeSet::new(), true, None),
    };
    RenderMode::Preview {
        reload: LiveReload {
            script: LIVE_SCRIPT,
        },
        languages,
        slugs,
        sitemap,
        pages,
    }
}

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
    /// What making that site found (see [`pipeline::Built::site_findings`]).
    site_findings: Arc<Vec<Diagnostic>>,
    locales: Option<Arc<Locales>>,
    /// The masks of the QR codes and the widths of the cards' words found so far: every
    /// rebuild draws the same codes and cards again (a page's address does not change with its
    /// text).
    kept: Arc<crate::card_cache::Kept>,
    /// The Fluent bundles of the last rebuild, with what they were made from.
    fluent: Option<Arc<pipeline::Fluent>>,
    /// The names the last good build found in `content/`.
    listing: Option<Arc<crate::fs::Walk>>,
    /// The content links of the last good output, by the page they are on: an incremental
    /// rebuild checks those of pages it did not render again where they lead to one it did.
    /// Only the rebuild thread uses them: it takes them while it rebuilds.
    links: Links,
    /// The messages each page of the last good output looked up: a rebuild for strings renders
    /// again only the pages that showed one that changed. Taken like `links`.
    shown: incremental::Shown,
}

/// Content links by the output file they are on, and on each by the first folder of the output
/// file they lead to (a language's, mostly), with that file. Links the link check leaves alone
/// or refuses whatever the output holds are not kept: no rebuild checks them again.
type Links = HashMap<String, BTreeMap<String, Vec<(String, PageLink)>>>;

struct Live {
    state: Mutex<State>,
    changed: Condvar,
    /// Polls waiting for a build.
    waiters: Arc<AtomicUsize>,
    /// Print the stages of every rebuild (`--timings`).
    timings: bool,
}

impl Live {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Binds, builds, then serves until the process is stopped. `on_ready` gets the address.
pub(crate) fn run(options: &Options, on_ready: impl FnOnce(&str)) -> Result<()> {
    let listener = TcpListener::bind((options.bind.as_str(), options.port)).map_err(|e| {
        anyhow!(
            "cannot listen on {}:{}: {e}\n  = help: another program (another `zaklyk serve`?) may use the port; try --port {}",
            options.bind,
            options.port,
            options.port.wrapping_add(1).max(1024)
        )
    })?;
    let bound = listener.local_addr()?;
    let hosts = HostPolicy {
        ip: bound.ip(),
        port: bound.port(),
    };
    let address = format!("http://{}/", hosts.display());
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
            site_findings: Default::default(),
            locales: None,
            kept: Arc::new(crate::card_cache::Kept::of(&project.root)),
            fluent: None,
            listing: None,
            links: HashMap::new(),
            shown: Default::default(),
        }),
        changed: Condvar::new(),
        waiters: Arc::new(AtomicUsize::new(0)),
        timings: options.timings,
    });
    rebuild(&project, &build_options, &live, None, false);
    spawn_watcher(project, build_options, live.clone())?;
    on_ready(&address);
    // The published site's headers, and never a cached draft. The policy is the preview's,
    // with the allowed origins of the site as last built (`site.toml` may change them).
    let mut common = vec![("Cache-Control", "no-store".to_string())];
    common.extend(
        crate::hosting::security_headers(&preview_mode().csp().to_string())
            .into_iter()
            .filter(|(name, _)| *name != POLICY_HEADER),
    );
    let handler = move |request: &Request| {
        let mut response = handle(request, &live, &hosts);
        response.headers.push(preview_policy(&live));
        response
    };
    http::serve(listener, http::LIMITS, common, Arc::new(handler))?;
    Ok(())
}

const POLICY_HEADER: &str = "Content-Security-Policy";

/// The preview's Content-Security-Policy header field, allowing what the site's `allowed_origins`
/// allow (as its pages' own policy does: a header stricter than the page would block them).
fn preview_policy(live: &Live) -> (&'static str, String) {
    let allowed = live.lock().site.as_ref().map_or_else(Vec::new, |site| {
        crate::origins::Scope::new(&site.config.base_url, &site.config.allowed_origins)
            .allowed_sources()
    });
    let csp = preview_mode().csp().allowing(allowed).to_string();
    crate::hosting::security_headers(&csp)
        .into_iter()
        .find(|(name, _)| *name == POLICY_HEADER)
        .unwrap_or((POLICY_HEADER, csp))
}

/// Rebuilds the site; `changed`, every path changed since the last good build, limits the work
/// to what those files concern ([`incremental`]); `same_names` says that no name was added,
/// removed or renamed since then. Says whether the build succeeded.
fn rebuild(
    project: &Project,
    options: &BuildOptions,
    live: &Live,
    changed: Option<&BTreeSet<PathBuf>>,
    same_names: bool,
) -> bool {
    let started = Instant::now();
    let (previous, (mut links, mut shown), kept, fluent, listing, site_findings) = {
        let mut s = live.lock();
        (
            (s.site.clone(), s.files.clone(), s.locales.clone()),
            (std::mem::take(&mut s.links), std::mem::take(&mut s.shown)),
            s.kept.clone(),
            s.fluent.clone(),
            s.listing
                .clone()
                .filter(|_| same_names && changed.is_some()),
            s.site_findings.clone(),
        )
    };
    let parsed = changed
        .zip(previous.0.as_ref())
        .and_then(|(paths, old)| incremental::unchanged(project, old, paths));
    // When only the text of strings changed, the last good site is the site.
    let site = changed
        .filter(|paths| same_names && incremental::strings_only(project, paths))
        .and(previous.0.clone())
        .map(|site| (site, site_findings));
    let earlier = pipeline::Earlier {
        parsed,
        fluent,
        listing,
        site,
    };
    let result = pipeline::prepare_reusing(project, options, earlier);
    let mut stages = Stages::new(started);
    if let Ok(built) = &result {
        stages.add("prepare", &built.timings);
    }
    let fluent = result.as_ref().ok().and_then(|built| built.fluent.clone());
    let listing = result.as_ref().ok().and_then(|built| built.listing.clone());
    let site_findings = result
        .as_ref()
        .ok()
        .map(|built| built.site_findings.clone());
    let result = result.map_err(|e| {
        vec![Diagnostic::new(
            Code::BuildFailed,
            crate::diag::Location::file("."),
            format!("{e:#}"),
        )]
    });
    let mut outcome = result.and_then(|built| {
        let prepared = built.report;
        let (Some(site), Some(locales)) = (built.site, built.locales) else {
            return Err(prepared.diagnostics);
        };
        if prepared.has_errors() {
            return Err(every_problem(&site, &locales, prepared, &kept));
        }
        // Which strings changed, by what they are (a file can be another language's link).
        let strings = match (changed, &previous.2) {
            (Some(paths), Some(before)) if incremental::touches_strings(project, paths) => {
                Some(locales.changed_since(before))
            }
            (_, Some(_)) => Some(Default::default()),
            _ => None,
        };
        let mut scope = changed.zip(previous.0.as_ref()).and_then(|(paths, old)| {
            incremental::affected(project, &site, old, paths, strings.as_ref())
        });
        if strings.as_ref().is_some_and(|s| !s.is_empty()) && shown.crosses_languages(&site) {
            scope = None;
        }
        if let (Some(scope), Some(paths), Some(strings)) = (&mut scope, changed, &strings) {
            if incremental::strings_only(project, paths) {
                incremental::narrow(scope, &site, &shown, strings);
            }
        }
        // Cards are checked, not drawn: an editor sees every problem of a card at once, and a
        // save shows its page without waiting for pictures no preview displays.
        let (mut rendered, mut report) = render::render_to(
            &site,
            locales.clone(),
            &preview_of(scope.clone()),
            None,
            &kept,
        );
        pipeline::finish_cards(&mut rendered, &render::CardsMode::Check, &mut report);
        stages.add("render", &rendered.timings);
        let shown_now = (
            std::mem::take(&mut rendered.shown),
            std::mem::take(&mut rendered.shown_wide),
        );
        let output = std::mem::take(&mut rendered.output.files);
        let (files, made, gone) = merged(&previous.1, scope.as_ref(), &shown, output);
        let mut diagnostics = report.diagnostics;
        let exists = |path: &str| files.contains_key(path);
        let ids = |path: &str| {
            files
                .get(path)
                .map(|b| check::ids_of(b))
                .unwrap_or_default()
        };
        diagnostics.extend(check::links_in(exists, ids, &rendered.links));
        if scope.is_some() {
            diagnostics.extend(check::links_in(
                exists,
                ids,
                &kept_to_check(&links, &made, &gone),
            ));
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(match scope {
                None => every_problem_of(prepared, diagnostics),
                // Only some pages were rendered again: the others' problems count too.
                Some(_) => every_problem(&site, &locales, prepared, &kept),
            });
        }
        Ok((
            site,
            locales,
            files,
            (rendered.links, made, shown_now),
            scope,
        ))
    });
    stages.add("links and merge", &[]);
    if live.timings {
        crate::console::errln!("{stages}");
    }
    // Everything the next rebuild takes is made before the state is locked: requests wait on
    // that lock, and the open tabs on the notification at its end.
    let carried = Arc::new(kept.carried());
    if let Ok((_, _, _, (links_made, made, shown_now), scope)) = &mut outcome {
        // A rebuild of everything replaces every link (pages may be gone).
        if scope.is_none() {
            links.clear();
        }
        links.retain(|from, _| !made.contains(from));
        add_links(&mut links, std::mem::take(links_made));
        let (pages, wide) = std::mem::take(shown_now);
        shown.update(pages, wide, scope.is_none());
    }
    let mut state = live.lock();
    state.version += 1;
    state.kept = carried;
    state.links = links;
    state.shown = shown;
    if fluent.is_some() {
        state.fluent = fluent;
    }
    let succeeded = outcome.is_ok();
    let said = match outcome {
        Ok((site, locales, files, _, scope)) => {
            state.listing = listing;
            state.site_findings = site_findings.unwrap_or_default();
            state.files = Arc::new(files);
            state.failure = None;
            state.site = Some(site);
            state.locales = Some(locales);
            let scope = scope.map_or("all languages".to_string(), |s| {
                let mut parts: Vec<String> = s.languages.into_iter().collect();
                parts.extend(
                    s.slugs
                        .into_iter()
                        .map(|slug| format!("{slug} in every language")),
                );
                parts.join(", ")
            });
            format!("rebuilt ({scope}) in {} ms", started.elapsed().as_millis())
        }
        Err(diagnostics) => {
            let mut said: String = diagnostics.iter().map(|d| format!("{d}\n\n")).collect();
            said += &format!(
                "rebuild failed in {} ms; still serving the last good build",
                started.elapsed().as_millis()
            );
            state.failure = Some(diagnostics);
            said
        }
    };
    drop(state);
    live.changed.notify_all();
    crate::console::errln!("{said}");
    succeeded
}

/// Every problem of a whole rendering of `site`, with those found before it (`prepared`): what
/// `check` reports for the same files. A failed rebuild's error page lists them all, whatever it
/// rendered again, and whichever stage failed.
fn every_problem(
    site: &Site,
    locales: &Arc<Locales>,
    prepared: crate::diag::Report,
    kept: &crate::card_cache::Kept,
) -> Vec<Diagnostic> {
    let (_, report) = pipeline::render_site(
        site,
        locales.clone(),
        &preview_mode(),
        &render::CardsMode::Check,
        kept,
    );
    every_problem_of(prepared, report.diagnostics)
}

/// `prepared` and `found`, sorted, each once.
fn every_problem_of(mut prepared: crate::diag::Report, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    prepared.extend(found);
    prepared.normalize();
    prepared.diagnostics
}

/// What is served after a rebuild that made `output`: without a `scope`, that alone; else the
/// `previous` files with those of `scope`'s languages replaced (but for the pages it keeps, see
/// [`incremental::kept_pages`]) and with the new files. Also says which files were made, and
/// which of the previous ones are no longer there.
fn merged(
    previous: &Files,
    scope: Option<&incremental::Scope>,
    shown: &incremental::Shown,
    output: BTreeMap<String, Vec<u8>>,
) -> (Files, HashSet<String>, HashSet<String>) {
    let made: HashSet<String> = output.keys().cloned().collect();
    // The files no longer there: those of the languages rendered again that were not made.
    let mut gone = HashSet::new();
    let mut files = match scope {
        Some(scope) => {
            let kept_pages = incremental::kept_pages(scope, shown);
            let mut kept: Files = previous.clone();
            kept.retain(|path, _| {
                let again = path
                    .split_once('/')
                    .is_some_and(|(first, _)| scope.languages.contains(first))
                    && !kept_pages.contains(path);
                if again && !made.contains(path) {
                    gone.insert(path.clone());
                }
                !again
            });
            kept
        }
        None => BTreeMap::new(),
    };
    files.extend(
        output
            .into_iter()
            .map(|(path, bytes)| (path, Arc::new(bytes))),
    );
    (files, made, gone)
}

/// The links `kept` from the last good output on files a rebuild did not make again that lead
/// to a file it `made` or to one `gone`: the others were checked by an earlier build against the
/// same file.
fn kept_to_check(kept: &Links, made: &HashSet<String>, gone: &HashSet<String>) -> Vec<PageLink> {
    // A rebuild makes the files of a few folders (a language's): the links into others are not
    // looked at.
    let folders: BTreeSet<&str> = made.iter().chain(gone).map(|p| first_folder(p)).collect();
    kept.iter()
        .filter(|(from, _)| !made.contains(*from))
        .flat_map(|(_, by_folder)| folders.iter().filter_map(|f| by_folder.get(*f)))
        .flatten()
        .filter(|(target, _)| made.contains(target) || gone.contains(target))
        .map(|(_, link)| link.clone())
        .collect()
}

/// The first folder of an output path, or the whole path for a file at the top.
fn first_folder(path: &str) -> &str {
    path.split_once('/').map_or(path, |(first, _)| first)
}

/// Adds the links of the files a rebuild made to `links`, with the file each leads to.
fn add_links(links: &mut Links, made: Vec<PageLink>) {
    for link in made {
        let Some(target) = check::target_of(&link).and_then(|(target, _)| target) else {
            continue;
        };
        links
            .entry(link.from.clone())
            .or_default()
            .entry(first_folder(&target).to_string())
            .or_default()
            .push((target, link));
    }
}

/// The watches of the sources: the site folder itself, for `site.toml` and for the source
/// folders as names, and each source folder with all it holds. An editor that saves `site.toml`
/// through a temporary file, or a source folder replaced whole, makes a new file or folder,
/// which a watch of the old one would never report: the folder's watch is renewed when its name
/// changes.
struct Watches {
    watcher: notify::RecommendedWatcher,
    folders: [PathBuf; 3],
}

impl Watches {
    fn new(project: &Project, tx: mpsc::Sender<notify::Result<notify::Event>>) -> Result<Watches> {
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher
            .watch(&project.root, RecursiveMode::NonRecursive)
            .map_err(|e| anyhow!("cannot watch `{}`: {e}", project.root.display()))?;
        let folders = [
            project.content_dir(),
            project.locales_dir(),
            project.theme_dir(),
        ];
        let mut watches = Watches { watcher, folders };
        for folder in watches.folders.clone() {
            watches.watch(&folder)?;
        }
        Ok(watches)
    }

    fn watch(&mut self, folder: &Path) -> Result<()> {
        // A folder that is not there yet is watched once its name appears.
        let _ = self.watcher.unwatch(folder);
        if crate::fs::is_dir(folder) {
            self.watcher
                .watch(folder, RecursiveMode::Recursive)
                .map_err(|e| anyhow!("cannot watch `{}`: {e}", folder.display()))?;
        }
        Ok(())
    }

    /// Watches again each source folder whose own name `changed` holds (or all, when it holds
    /// the site folder).
    fn renew(&mut self, root: &Path, changed: &BTreeSet<PathBuf>) {
        for folder in self.folders.clone() {
            if changed.contains(&folder) || changed.contains(root) {
                if let Err(e) = self.watch(&folder) {
                    crate::console::errln!("warning: {e:#}; saves there are not seen");
                }
            }
        }
    }
}

/// The stages of a rebuild as they end, for `serve --timings`: each with its wall-clock time and
/// its parts (those of rendering are CPU time summed over threads).
struct Stages {
    started: Instant,
    last: Duration,
    lines: Vec<String>,
}

impl Stages {
    fn new(started: Instant) -> Stages {
        Stages {
            started,
            last: Duration::ZERO,
            lines: Vec::new(),
        }
    }

    /// The stage `name` ends now, made of `parts`.
    fn add(&mut self, name: &str, parts: &[(&'static str, Duration)]) {
        let now = self.started.elapsed();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let parts: Vec<String> = parts
            .iter()
            .map(|(part, took)| format!("{part} {:.1}", ms(*took)))
            .collect();
        let mut line = format!("{:>8.1} ms  {name}", ms(now - self.last));
        if !parts.is_empty() {
            line.push_str(&format!(" ({})", parts.join(", ")));
        }
        self.lines.push(line);
        self.last = now;
    }
}

impl std::fmt::Display for Stages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.lines.join("\n"))
    }
}

fn spawn_watcher(project: Project, options: BuildOptions, live: Arc<Live>) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watches = Watches::new(&project, tx)?;
    // Rebuilds parse and render on this thread: it gets the stack every such thread has.
    let spawned = std::thread::Builder::new()
        .name("rebuild".into())
        .stack_size(crate::limits::STACK_BYTES)
        .spawn(move || {
            // Every path changed since the last good build: a failed rebuild keeps them.
            let mut pending = BTreeSet::new();
            // Whether every event since the last good build left the names as they were.
            let mut same_names = true;
            while let Ok(first) = rx.recv() {
                let mut saved = BTreeSet::new();
                let mut seen = collect(&project, first, &mut saved);
                same_names &= seen.same_names;
                // An editor's save is often several events within a few milliseconds: wait for
                // a short quiet moment, which a person typing never notices; a shorter one when
                // the last event said a file was written to its end.
                while let Ok(more) = rx.recv_timeout(seen.quiet) {
                    seen = collect(&project, more, &mut saved);
                    same_names &= seen.same_names;
                }
                if saved.is_empty() {
                    continue;
                }
                watches.renew(&project.root, &saved);
                pending.append(&mut saved);
                if rebuild(&project, &options, &live, Some(&pending), same_names) {
                    pending.clear();
                    same_names = true;
                }
            }
        });
    spawned
        .map(drop)
        .map_err(|e| anyhow!("cannot start the rebuild thread: {e}"))
}

/// How long the watcher waits for the events of one save to stop before it rebuilds.
const QUIET: Duration = Duration::from_millis(20);

/// How long it waits after an event that ends the writing of a file (closed after writing, or
/// moved into place, as editors that save through a temporary file do): the save is over, and
/// only the other files of the same operation (a checkout) may still come.
const SETTLED: Duration = Duration::from_millis(3);

/// What one event of the watcher says.
struct Seen {
    /// How long to wait for the next event of the same save.
    quiet: Duration,
    /// Whether it leaves every name as it was: a file's text changed, or it was opened or
    /// closed.
    same_names: bool,
}

/// Adds the paths an event names to `changed`; an event that says events were lost, or an
/// error of the watcher, adds the site folder itself: anything may have changed.
fn collect(
    project: &Project,
    event: notify::Result<notify::Event>,
    changed: &mut BTreeSet<PathBuf>,
) -> Seen {
    use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
    let seen = |quiet, same_names| Seen { quiet, same_names };
    match event {
        Ok(e) if e.need_rescan() => {
            changed.insert(incremental::everything(project));
            seen(QUIET, false)
        }
        Ok(e) => match e.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => seen(SETTLED, true),
            EventKind::Access(_) => seen(QUIET, true),
            kind => {
                let sources = e
                    .paths
                    .into_iter()
                    .filter(|p| is_source(project, p) && !is_editor_noise(p));
                changed.extend(sources);
                match kind {
                    // Not a change of metadata: it may be a file's link count.
                    EventKind::Modify(ModifyKind::Data(_)) => seen(QUIET, true),
                    EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => {
                        seen(SETTLED, false)
                    }
                    _ => seen(QUIET, false),
                }
            }
        },
        Err(_) => {
            changed.insert(incremental::everything(project));
            seen(QUIET, false)
        }
    }
}

/// Whether `path` is `site.toml`, a source folder or in one: the site folder's other names
/// (`dist/`, the cache, a README) are not the site's sources.
fn is_source(project: &Project, path: &Path) -> bool {
    path == project.config_path()
        || [
            project.content_dir(),
            project.locales_dir(),
            project.theme_dir(),
        ]
        .iter()
        .any(|folder| path.starts_with(folder))
}

/// Swap and backup files editors write beside the real one.
fn is_editor_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// Which `Host` values the preview answers (see the module's paragraph).
#[derive(Debug, Clone, Copy)]
pub(crate) struct HostPolicy {
    /// The address the listener is bound to.
    pub(crate) ip: IpAddr,
    pub(crate) port: u16,
}

impl HostPolicy {
    /// `host:port` as a browser writes it, for the address shown to the user.
    fn display(&self) -> String {
        let ip = match self.ip {
            IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        std::net::SocketAddr::new(ip, self.port).to_string()
    }

    /// Whether a request whose `Host` header is `host` is meant for this preview: an IP address
    /// it answers at, or `localhost` when it listens on loopback, with its port (which may be left
    /// out only for port 80). Names are never accepted: DNS rebinding needs one.
    pub(crate) fn allows(&self, host: &[u8]) -> bool {
        let Ok(host) = std::str::from_utf8(host) else {
            return false;
        };
        let (name, port) = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((inside, after)) => (inside, after),
                None => return false,
            },
            None => match host.find(':') {
                Some(colon) => host.split_at(colon),
                None => (host, ""),
            },
        };
        let port_ok = match port.strip_prefix(':') {
            Some(digits) => {
                !digits.is_empty()
                    && digits.len() <= 5
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && !digits.starts_with('0')
                    && digits.parse() == Ok(self.port)
            }
            None => port.is_empty() && self.port == 80,
        };
        if !port_ok {
            return false;
        }
        let listens_on_loopback = self.ip.is_loopback() || self.ip.is_unspecified();
        if name.eq_ignore_ascii_case("localhost") {
            return listens_on_loopback;
        }
        let ip: IpAddr = if host.starts_with('[') {
            match name.parse::<Ipv6Addr>() {
                Ok(v6) => IpAddr::V6(v6),
                Err(_) => return false,
            }
        } else {
            match name.parse::<Ipv4Addr>() {
                Ok(v4) => IpAddr::V4(v4),
                Err(_) => return false,
            }
        };
        self.ip.is_unspecified() || ip == self.ip || (ip.is_loopback() && self.ip.is_loopback())
    }
}

/// Answers one request: the checks of the module's paragraph, then the route.
fn handle(request: &Request, live: &Live, hosts: &HostPolicy) -> Response {
    let mut host_values = request.header_values("host");
    let host = match (host_values.next(), host_values.next()) {
        (Some(host), None) => host,
        (Some(_), Some(_)) => return Response::refusal(400, "more than one Host header"),
        (None, _) if request.minor_version == 1 => {
            return Response::refusal(400, "an HTTP/1.1 request needs a Host header")
        }
        (None, _) => return Response::refusal(403, "a request without a Host header is refused"),
    };
    if !hosts.allows(host) {
        return Response::refusal(
            403,
            &format!(
                "this preview answers only at http://{}/ (a request for another host name is refused)",
                hosts.display()
            ),
        );
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Response::refusal(405, "only GET and HEAD are answered")
            .with_header("Allow", "GET, HEAD");
    }
    if !request.target.starts_with('/') {
        return Response::refusal(400, "only a path (/…) can be requested");
    }
    let fetch_site = request.single_header("sec-fetch-site");
    let navigation = request.single_header("sec-fetch-mode") == Some(b"navigate".as_slice());
    let same_origin = fetch_site.is_none_or(|s| s == b"same-origin" || s == b"none");
    if !same_origin && !navigation {
        return Response::refusal(403, "requests from other sites are refused");
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    match path {
        "/__zaklyk/poll" => {
            let origin_ok = match request.header_values("origin").next() {
                None => true,
                Some(origin) => {
                    let expected = [b"http://".as_slice(), host].concat();
                    origin.eq_ignore_ascii_case(&expected)
                }
            };
            if !origin_ok || !same_origin || navigation {
                return Response::refusal(403, "only the preview's own pages poll");
            }
            poll(live, query)
        }
        "/__zaklyk/error" => error(live, query),
        _ => file(live, path),
    }
}

/// A file of the last good build, or the site's 404 page.
fn file(live: &Live, path: &str) -> Response {
    let (version, files) = {
        let s = live.lock();
        (s.version, s.files.clone())
    };
    let found = safe_path(path).and_then(|rel| {
        let candidates = if rel.is_empty() || rel.ends_with('/') {
            vec![format!("{rel}index.html")]
        } else {
            vec![rel.clone(), format!("{rel}/index.html")]
        };
        candidates
            .into_iter()
            .find_map(|c| files.get(&c).map(|bytes| (c, bytes.clone())))
    });
    let response = match found {
        Some((name, bytes)) => Response::new(200, content_type(&name), bytes.to_vec()),
        None => match files.get("404.html") {
            Some(page) => Response::new(404, "text/html; charset=utf-8", page.to_vec()),
            None => Response::new(404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
        },
    };
    response.with_header("Server-Timing", format!("zaklyk;desc={version}"))
}

/// Waits (up to [`POLL_WAIT`]) for a build other than `v`; without `v`, answers at once.
fn poll(live: &Live, query: &str) -> Response {
    let Some(_waiting) = Permit::take(&live.waiters, MAX_WAITERS) else {
        return Response::refusal(503, "too many pages are waiting; try again")
            .with_header("Retry-After", "1");
    };
    let seen: Option<u64> = query_value(query, "v").and_then(|v| v.parse().ok());
    let state = live.lock();
    let state = match seen {
        Some(seen) => {
            live.changed
                .wait_timeout_while(state, POLL_WAIT, |s| s.version == seen)
                .unwrap_or_else(|p| p.into_inner())
                .0
        }
        None => state,
    };
    let body = format!(
        "{{\"version\":{},\"error\":{}}}",
        state.version,
        state.failure.is_some()
    );
    Response::new(200, "application/json", body.into_bytes())
}

/// The error page, or, when the last build succeeded, a redirect back to the page it came from.
fn error(live: &Live, query: &str) -> Response {
    let (version, failure, site, locales) = {
        let s = live.lock();
        (
            s.version,
            s.failure.clone(),
            s.site.clone(),
            s.locales.clone(),
        )
    };
    let from = query_value(query, "from")
        .and_then(|f| same_site_path(&f))
        .unwrap_or_else(|| "/".to_string());
    let Some(diagnostics) = failure else {
        return Response::new(303, "text/plain; charset=utf-8", Vec::new())
            .with_header("Location", from);
    };
    let lang = query_value(query, "lang").unwrap_or_default();
    let page = error_page(
        &diagnostics,
        site.as_deref(),
        locales.as_deref(),
        &lang,
        &from,
    );
    Response::new(200, "text/html; charset=utf-8", page)
        .with_header("Server-Timing", format!("zaklyk;desc={version}"))
}

/// The output path a request path names, or `None` for anything that tries to leave the output:
/// `..` and `.` segments (also percent-encoded), backslashes, control characters, drive letters,
/// empty segments and bytes that are not UTF-8 (overlong encodings of `.` and `/` among them).
pub(crate) fn safe_path(path: &str) -> Option<String> {
    let decoded = urls::percent_decode_utf8(path)?;
    let rel = decoded.strip_prefix('/')?;
    if rel.contains(['\\', ':']) || rel.chars().any(char::is_control) || rel.starts_with('/') {
        return None;
    }
    if rel.split('/').any(|seg| {
        seg == ".." || seg == "." || (seg.is_empty() && !rel.is_empty() && !rel.ends_with('/'))
    }) {
        return None;
    }
    Some(rel.to_string())
}

/// `from` as a path of this site to send a tab back to, normalized, or `None` when it could lead
/// anywhere else. It must start with one `/` (not `//` or `/\`, which browsers read as another
/// host), hold only the characters of a URL path, query and fragment (no scheme before it, no
/// control characters, tabs or line breaks, which browsers drop, no backslashes, which they read
/// as `/`), and its `.` and `..` segments, also percent-encoded, are resolved. Encoded slashes,
/// backslashes and control characters are refused too.
pub(crate) fn same_site_path(from: &str) -> Option<String> {
    const ALLOWED: &str = "-._~!$&'()*+,;=:@/%?#";
    if !from
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || ALLOWED.contains(b as char))
    {
        return None;
    }
    let (before_fragment, fragment) = match from.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (from, None),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_fragment, None),
    };
    let rest = path.strip_prefix('/')?;
    let mut kept: Vec<&str> = Vec::new();
    let segments: Vec<&str> = rest.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let decoded = urls::percent_decode(segment)?;
        if decoded
            .iter()
            .any(|&b| b == b'/' || b == b'\\' || b < 0x20 || b == 0x7f)
        {
            return None;
        }
        match decoded.as_slice() {
            b"." => {}
            b".." => {
                kept.pop();
            }
            // An empty segment in the middle (`/a//b`) is refused; only a final `/` is kept.
            b"" if !last => return None,
            _ => kept.push(segment),
        }
        if last && (decoded == b"." || decoded == b"..") {
            // `/a/..` is the folder `/`, written with its final slash.
            kept.push("");
        }
    }
    for part in [query, fragment].into_iter().flatten() {
        let decoded = urls::percent_decode(part)?;
        if decoded.iter().any(|&b| b < 0x20 || b == 0x7f) {
            return None;
        }
    }
    let mut out = format!("/{}", kept.join("/"));
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    (out.starts_with('/') && !out.starts_with("//")).then_some(out)
}

fn query_value(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        pair.split_once('=')
            .filter(|(k, _)| *k == key)
            .and_then(|(_, v)| urls::percent_decode_utf8(&v.replace('+', " ")))
    })
}

pub(crate) fn content_type(path: &str) -> &'static str {
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

/// The page open tabs switch to when a rebuild fails: every problem, in one of the site's
/// languages (the one the tab asked for when the site has it, else the default language), and
/// the way back to `from`, a path [`same_site_path`] accepted. Every value is escaped.
fn error_page(
    diagnostics: &[Diagnostic],
    site: Option<&Site>,
    locales: Option<&Locales>,
    asked: &str,
    from: &str,
) -> Vec<u8> {
    let language = site.and_then(|site| {
        let config = &site.config;
        config
            .languages
            .iter()
            .find(|l| l.tag.eq_ignore_ascii_case(asked) || l.code.eq_ignore_ascii_case(asked))
            .or_else(|| config.language(&config.default_language))
    });
    let (code, tag, dir) = language.map_or(("en", "en", Direction::Ltr), |l| {
        (l.code.as_str(), l.tag.as_str(), l.dir)
    });
    let tr = |key: &str, fallback: &str| {
        locales
            .and_then(|l| l.tr(code, key, &[]).ok())
            .map_or(fallback.to_string(), |t| t.text)
    };
    let title = escape_html(&tr("serve-error-title", "The site could not be rebuilt"));
    let intro = escape_html(&tr("serve-error-intro", "Fix the problems below and save: this page reloads by itself. Other pages still show the last good version."));
    let items: String = diagnostics
        .iter()
        .map(|d| format!("<li><pre>{}</pre></li>", escape_html(&d.to_string())))
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\"><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"><title>{title}</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><main class=\"wrap\"><h1>{title}</h1><p>{intro}</p><ol class=\"problems\">{items}</ol></main><script data-return=\"{}\">{LIVE_SCRIPT}</script></body></html>",
        escape_html(tag),
        dir.as_str(),
        escape_html(&preview_mode().csp().to_string()),
        escape_html(from),
    )
    .into_bytes()
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
    fn only_the_bound_address_is_a_host() {
        let loopback = HostPolicy {
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
        };
        for good in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "127.0.0.2:1111",
        ] {
            assert!(loopback.allows(good.as_bytes()), "{good}");
        }
        for bad in [
            "evil.com:1111",
            "127.0.0.1.evil.com:1111",
            "127.0.0.1:1112",
            "127.0.0.1",
            "localhost",
            "localhost.:1111",
            "sub.localhost:1111",
            "127.0.0.1:01111",
            "127.0.0.1:+1111",
            "127.0.0.1:1111:1111",
            "127.1:1111",
            "2130706433:1111",
            "0x7f.0.0.1:1111",
            "[::1]",
            "::1:1111",
            "[::1:1111",
            "192.168.1.2:1111",
            "",
            ":1111",
            "127.0.0.1:1111@evil.com",
            "127.0.0.1 :1111",
        ] {
            assert!(!loopback.allows(bad.as_bytes()), "{bad}");
        }
        assert!(!loopback.allows(b"127.0.0.1:11\xff11"));
        let everywhere = HostPolicy {
            ip: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 1111,
        };
        assert!(everywhere.allows(b"192.168.1.2:1111"));
        assert!(everywhere.allows(b"localhost:1111"));
        assert!(!everywhere.allows(b"laptop.local:1111"));
        assert!(!everywhere.allows(b"192.168.1.2:80"));
        let lan = HostPolicy {
            ip: "192.168.1.2".parse().unwrap(),
            port: 80,
        };
        assert!(lan.allows(b"192.168.1.2") && lan.allows(b"192.168.1.2:80"));
        assert!(!lan.allows(b"localhost") && !lan.allows(b"192.168.1.3"));
    }

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        for (from, expected) in [
            ("/", "/"),
            ("/crh/index.html#demand-3", "/crh/index.html#demand-3"),
            ("/uk/?a=1&b=2#x", "/uk/?a=1&b=2#x"),
            ("/uk/../en/", "/en/"),
            ("/uk/%2e%2E/en/index.html", "/en/index.html"),
            ("/uk/./a", "/uk/a"),
            ("/..", "/"),
            ("/a/b/..", "/a/"),
            ("/%D0%B0/", "/%D0%B0/"),
        ] {
            assert_eq!(same_site_path(from).as_deref(), Some(expected), "{from}");
        }
        for bad in [
            "//evil.com",
            "/\\evil.com",
            "\\\\evil.com",
            "https://evil.com",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "evil.com",
            "",
            "/\t/evil.com",
            "/\n/evil.com",
            "/%09/evil.com",
            "/%2F%2Fevil.com",
            "/%2fevil.com",
            "/%5cevil.com",
            "/..//evil.com",
            "/uk//evil.com",
            "/%2e%2e//evil.com",
            "/ evil",
            "/\"><script>",
            "/a#\u{0}",
            "/a#%00",
            "/%zz",
            "/%",
            "/й",
            "data:text/html,x",
            " /uk/",
        ] {
            assert_eq!(same_site_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_error_page_escapes_every_value_and_reflects_no_language() {
        let mut located = crate::diag::Location::file("content/uk/\"<b>.md");
        located.line = 1;
        located.col = 1;
        located.source_line = Some("template = \"<script>alert('x')</script>\"".into());
        let d = Diagnostic::new(
            Code::TemplateMissing,
            located,
            "template `<script>\"` does not exist",
        )
        .with_help("a <help> & \"more\"");
        let page = String::from_utf8(error_page(
            &[d],
            None,
            None,
            "\"><script>alert(1)</script>",
            "/uk/?a=1&b='2'",
        ))
        .unwrap();
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        assert!(page.contains("<html lang=\"en\" dir=\"ltr\">"), "{page}");
        assert!(!page.contains("alert(1)"), "the language is not reflected");
        assert!(page.contains("content/uk/&quot;&lt;b&gt;.md:1:1"));
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;"));
        assert!(page.contains("a &lt;help&gt; &amp; &quot;more&quot;"));
        assert!(page.contains("data-return=\"/uk/?a=1&amp;b=&#39;2&#39;\""));
        assert!(page.contains(&format!(
            "content=\"{}\"",
            escape_html(&preview_mode().csp().to_string())
        )));
    }

    #[test]
    fn the_live_script_is_allowed_by_its_hash_only_in_the_preview() {
        let csp = preview_mode().csp().to_string();
        assert!(
            csp.contains(&crate::render::Csp::hash(LIVE_SCRIPT.as_bytes())),
            "{csp}"
        );
        assert!(
            !crate::render::CSP.contains("script-src"),
            "the published CSP allows no script"
        );
        assert!(
            !LIVE_SCRIPT.contains("</"),
            "the script cannot end its element"
        );
    }
}

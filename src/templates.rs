//! Templates: the only user of Tera.
//!
//! The site's `theme/templates/` are layered over the default theme embedded in the binary: a site
//! may replace any one template and keep the rest, even when its template `extends` one that only
//! the default theme has (`Tera::new(dir)` alone cannot do that, so every template is added as a
//! raw template and the inheritance chains are built once over the whole set).
//!
//! Templates call two functions, named as in Zola:
//!
//! - `trans(key, lang, …)` formats a Fluent message; further named arguments become Fluent
//!   arguments (numbers stay numbers so plurals select). Missing messages do not stop rendering:
//!   each is recorded, located at the template line that asks for it, and the build then fails
//!   with all of them listed.
//! - `get_url(path, lang)` gives the root-relative path of a page (`@/about.md`) or static file,
//!   and fails if it does not exist; templates prefix it with `root`, the view's way back to the
//!   output root, so links stay relative.
//!
//! Tera's errors are reported with their whole cause chain ("Failed to render" alone helps no one).
//!
//! A theme may come from anyone, and what it renders is published, so templates see the site's
//! data and nothing else. Tera's `get_env` (an environment variable: a CI secret, a deploy token)
//! is refused wherever a template calls it, and so are `now` and `get_random`, which would make
//! two builds of the same sources differ (Tera leaves them out without its `builtins` feature;
//! the refusal says why). Tera reads no file: `include`, `extends` and `import` name templates
//! already loaded, never a path on disk.
//!
//! No template can crash or hang a build: its text is measured before Tera's parser, which
//! recurses, reads it ([`crate::nesting::template`]); the chains of `extends`, `include` and
//! macro calls are checked for cycles and length once all are parsed ([`graph`]); and every
//! template is instrumented so that rendering a page has a budget of steps and bytes, with a
//! bounded `range` ([`budget`]).
//!
//! What is refused or wrong in a template is located in `problems`; the functions templates call
//! are in `functions`.

mod budget;
mod context;
mod functions;
mod graph;
mod problems;

use context::Shared;

use functions::*;
use problems::*;

use crate::diag::{Code, Diagnostic, LineIndex, Location, Report};
use crate::i18n::{Arg, Locales, TrError};
use crate::language::Direction;
use crate::theme::TemplateFile;
use crate::{limits, nesting};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tera::{Tera, Value};

/// The loaded templates and what their functions recorded while rendering.
pub struct Templates {
    tera: Tera,
    files: Vec<TemplateFile>,
    problems: Arc<Mutex<Vec<TrError>>>,
    /// Steps every page rendered so far took together, against
    /// [`limits::TEMPLATE_STEPS_PER_SITE`].
    steps: AtomicU64,
    /// What every template of this build sees the same (`config`, see [`Templates::share`]).
    shared: Shared,
}

/// Templates an earlier build parsed, checked and instrumented, with the files they were made
/// from: `serve`'s next rebuild takes them when the files are the same (an edit of a page or of a
/// string leaves the theme as it was). Held in memory only, and only once carried to a next
/// build: a single build keeps nothing.
#[derive(Default)]
pub(crate) struct Kept {
    carried: bool,
    last: Mutex<Option<Arc<KeptTera>>>,
}

/// Templates as loaded, with the files they were loaded from.
type KeptTera = (Vec<TemplateFile>, Tera);

impl Kept {
    fn last(&self) -> Option<Arc<KeptTera>> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The kept templates, if they were made from `files`.
    fn tera_of(&self, files: &[TemplateFile]) -> Option<Tera> {
        let last = self.last()?;
        (last.0 == files).then(|| last.1.clone())
    }

    fn keep(&self, files: &[TemplateFile], tera: &Tera) {
        if self.carried {
            *self.last.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(Arc::new((files.to_vec(), tera.clone())));
        }
    }

    /// What is kept here, and whatever the build that takes it parses, for the next build.
    pub(crate) fn carried(&self) -> Kept {
        Kept {
            carried: true,
            last: Mutex::new(self.last()),
        }
    }
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("templates::Kept")
    }
}

/// What `get_url` can link to: root-relative paths of pages by (lang, slug) and static files.
#[derive(Debug, Clone, Default)]
pub struct UrlTargets {
    pub(crate) pages: BTreeSet<(String, String)>,
    pub(crate) files: BTreeSet<String>,
}

impl Templates {
    /// Parses every template (all syntax errors are reported), refuses what could never end or
    /// reads the environment, instruments every template with the page budget ([`budget`]) and
    /// links the inheritance chains.
    ///
    /// Templates `kept` from an earlier build made from the same files are taken as they were
    /// parsed, checked and instrumented, with this build's strings and pages.
    pub(crate) fn load(
        files: Vec<TemplateFile>,
        locales: Arc<Locales>,
        targets: UrlTargets,
        languages: LanguageTags,
        kept: &Kept,
    ) -> Result<Templates, Report> {
        let problems = Arc::new(Mutex::new(Vec::new()));
        let recorded = problems.clone();
        let functions = move |tera: &mut Tera| {
            tera.register_function(
                "trans",
                Trans {
                    locales: locales.clone(),
                    problems: recorded.clone(),
                    html: None,
                    cache: RwLock::default(),
                },
            );
            tera.register_function(
                "trans_html",
                Trans {
                    locales,
                    problems: recorded,
                    html: Some(languages),
                    cache: RwLock::default(),
                },
            );
            tera.register_function("get_url", GetUrl { targets });
        };
        if let Some(mut tera) = kept.tera_of(&files) {
            functions(&mut tera);
            return Ok(Templates {
                tera,
                files,
                problems,
                steps: AtomicU64::new(0),
                shared: Shared::default(),
            });
        }
        let mut report = Report::default();
        // Measured before Tera's parser, which recurses once per level, reads anything.
        for f in &files {
            if let Some(deep) = nesting::template::too_deep(&f.text, limits::TEMPLATE_NESTING) {
                report.push(nesting_diagnostic(f, &deep));
            }
        }
        if report.has_errors() {
            return Err(report);
        }
        // Each file alone, so that every syntax error is reported, not only Tera's first; on
        // both cores, since parsing the theme is most of a small site's build.
        let results: Vec<tera::Result<tera::Template>> = files
            .par_iter()
            .map(|f| tera::Template::new(&f.name, None, &f.text))
            .collect();
        let mut parsed = Vec::with_capacity(files.len());
        for (f, result) in files.iter().zip(results) {
            match result {
                Ok(t) => parsed.push(t),
                Err(e) => report.push(syntax_diagnostic(f, &e)),
            }
        }
        if report.has_errors() {
            return Err(report);
        }
        report.extend(literal_ranges(&files));
        let pairs: Vec<(&TemplateFile, &tera::Template)> = files.iter().zip(&parsed).collect();
        report.extend(graph::check(&pairs));
        report.extend(refused_functions(&pairs));
        report.extend(missing_templates(&pairs));
        if report.has_errors() {
            report.normalize();
            return Err(report);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape_html);
        // The check above refuses every call; this makes sure no call could read anything.
        tera.register_function("get_env", |_: &HashMap<String, Value>| {
            Err(tera::Error::msg(
                "`get_env` is not available in zaklyk templates",
            ))
        });
        // Registered before the templates are instrumented, which asks which calls are safe.
        functions(&mut tera);
        budget::register(&mut tera);
        for (f, template) in files.iter().zip(parsed.iter_mut()) {
            let tags = nesting::template::tags(&f.text);
            budget::Instrument::new(&tera, &f.name, &tags)
                .template(template)
                .register(&mut tera);
        }
        for template in parsed {
            tera.templates.insert(template.name.clone(), template);
        }
        if let Err(e) = tera
            .build_inheritance_chains()
            .and_then(|()| tera.check_macro_files())
        {
            // Missing parents and macro files were reported above; whatever else Tera finds
            // when it links the templates is told as it says it.
            let location = Location::file("theme/templates");
            report.push(Diagnostic::new(Code::TemplateMissing, location, cause_chain(&e)).with_help("a template `extends` or `include`s one that exists neither in theme/templates/ nor in the default theme (whose templates are also named zaklyk/<name>, e.g. zaklyk/page.html)"));
            return Err(report);
        }
        kept.keep(&files, &tera);
        Ok(Templates {
            tera,
            files,
            problems,
            steps: AtomicU64::new(0),
            shared: Shared::default(),
        })
    }

    /// Gives every later render the variable `name` ([`Shared::share`]).
    pub(crate) fn share(&mut self, name: &str, value: &impl Serialize) -> Result<(), Diagnostic> {
        self.shared.share(name, value)
    }

    /// Every template's name and text.
    pub(crate) fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .map(|f| (f.name.as_str(), f.text.as_str()))
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.files.iter().any(|f| f.name == name)
    }

    /// Renders `name` with a serializable view.
    pub fn render(&self, name: &str, view: &impl Serialize) -> Result<String, Diagnostic> {
        // Pages run to tens of kilobytes: start the buffer there rather than grow it from 2 KB.
        self.render_in(name, view, &self.shared, 32 * 1024)
    }

    /// [`Templates::render`] for a small piece of a page (a theme's part, [`crate::parts`]),
    /// rendered thousands of times in a build and kept: its buffer starts small.
    pub(crate) fn render_piece(
        &self,
        name: &str,
        view: &impl Serialize,
    ) -> Result<String, Diagnostic> {
        self.render_in(name, view, &self.shared, 512)
    }

    /// What every render sees besides its view, as text: the shared variables (`config`).
    pub(crate) fn shared_text(&self) -> String {
        self.shared.text()
    }

    /// Renders `name` with `view`'s variables alone, none of those shared with pages: a share
    /// card's view is its `card`, its language and nothing of the site.
    pub fn render_alone(&self, name: &str, view: &impl Serialize) -> Result<String, Diagnostic> {
        self.render_in(name, view, &Shared::default(), 32 * 1024)
    }

    fn render_in(
        &self,
        name: &str,
        view: &impl Serialize,
        shared: &Shared,
        capacity: usize,
    ) -> Result<String, Diagnostic> {
        let at_site_limit = || {
            Diagnostic::new(
                Code::TemplateSteps,
                self.files
                    .iter()
                    .find(|f| f.name == name)
                    .map_or_else(|| Location::file(name), |f| Location::file(&f.path)),
                format!(
                    "rendering the site's pages takes more than {} steps together (loop rounds, calls of macros and includes)",
                    limits::TEMPLATE_STEPS_PER_SITE
                ),
            )
            .with_help("a loop in the templates runs for long on every page; loop over less")
        };
        if self.steps.load(Ordering::Relaxed) > limits::TEMPLATE_STEPS_PER_SITE {
            return Err(at_site_limit());
        }
        let mut buffer = Vec::with_capacity(capacity);
        budget::begin();
        // Every panic of Tera known is prevented where it starts (arithmetic goes through
        // `__math`); should another one exist, it fails this page, not the whole run.
        let rendered = shared.with_context(view, |context| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.tera.render_to(name, context, &mut buffer)
            }))
        });
        let spent = budget::end();
        let rendered = rendered?;
        let rendered = rendered.unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(tera::Error::msg(format!(
                "Tera failed while rendering `{name}`: {what}"
            )))
        });
        let total = self.steps.fetch_add(spent.steps, Ordering::Relaxed) + spent.steps;
        if let Some(over) = spent.over {
            return Err(self.over_diagnostic(name, over));
        }
        rendered.map_err(|e| self.render_diagnostic(name, &e))?;
        if total > limits::TEMPLATE_STEPS_PER_SITE {
            return Err(at_site_limit());
        }
        String::from_utf8(buffer).map_err(|e| {
            Diagnostic::new(
                Code::TemplateRender,
                Location::file("theme/templates"),
                format!("template `{name}` rendered invalid UTF-8: {e}"),
            )
        })
    }

    /// A limit of the page budget, at the template line of the loop, macro or call that went
    /// past it.
    fn over_diagnostic(&self, page_template: &str, over: budget::Over) -> Diagnostic {
        let location = over
            .at
            .and_then(|(name, offset)| {
                let f = self.files.iter().find(|f| f.name == name)?;
                Some(LineIndex::new(&f.text).location(&f.path, offset))
            })
            .or_else(|| {
                let f = self.files.iter().find(|f| f.name == page_template)?;
                Some(Location::file(&f.path))
            })
            .unwrap_or_else(|| Location::file(page_template));
        let help = match over.code {
            Code::TemplateSteps => "loops inside loops multiply: loop over less",
            Code::TemplateBytes => "a loop that grows a string or a list with `~`, `concat` or `set` doubles it each round; print less",
            Code::TemplateRange => "loop over less; a page never needs more",
            _ => "lists nested in lists are made one level per round of a loop; flatten them",
        };
        Diagnostic::new(over.code, location, over.message).with_help(help)
    }

    /// The problems `trans` met while rendering (missing or unformattable strings), located.
    pub(crate) fn take_problems(&self) -> Vec<Diagnostic> {
        let problems =
            std::mem::take(&mut *self.problems.lock().unwrap_or_else(|p| p.into_inner()));
        let mut out = Vec::new();
        // A missing string is asked for by every page: locate each distinct problem once.
        let mut seen = std::collections::HashSet::new();
        for p in problems {
            if !seen.insert(p.message()) {
                continue;
            }
            match &p {
                TrError::Missing { key, .. } => {
                    let location = self
                        .find_in_templates(&format!("key=\"{key}\""))
                        .or_else(|| self.find_in_templates(&format!("\"{key}\"")))
                        .unwrap_or_else(|| Location::file("theme/templates"));
                    out.push(Diagnostic::new(Code::FluentUndefined, location, p.message()).with_help(format!("add `{key} = …` to locales/<lang>/*.ftl of the source or fallback language")));
                }
                TrError::BuiltIn { key, tried, .. } => {
                    let location = self
                        .find_in_templates(&format!("key=\"{key}\""))
                        .or_else(|| self.find_in_templates(&format!("\"{key}\"")))
                        .unwrap_or_else(|| Location::file("theme/templates"));
                    let source = tried.last().map_or("en", String::as_str);
                    out.push(Diagnostic::new(Code::FluentBuiltIn, location, p.message()).with_help(format!("the built-in theme has gained this string since the site was made: add `{key} = …` to locales/{source}/theme.ftl (and its translations)")));
                }
                TrError::Format { location, .. } => out.push(Diagnostic::new(
                    Code::FluentFormat,
                    (**location).clone(),
                    p.message(),
                )),
            }
        }
        out
    }

    /// The first place a text appears in a template, for messages about runtime problems, which
    /// Tera reports without lines.
    fn find_in_templates(&self, needle: &str) -> Option<Location> {
        self.files.iter().find_map(|f| {
            f.text
                .find(needle)
                .map(|offset| LineIndex::new(&f.text).location(&f.path, offset))
        })
    }

    fn render_diagnostic(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let message = cause_chain(e);
        // The innermost cause often quotes the offending expression in backticks; find it.
        let quoted = message
            .rsplit('`')
            .nth(1)
            .filter(|q| !q.is_empty() && !q.contains('\n'));
        let template = self.files.iter().find(|f| f.name == name);
        // In the template rendered first (a part, say, whose expression may be in others too).
        let in_template = |q: &str| {
            let f = template?;
            let offset = f.text.find(q)?;
            Some(LineIndex::new(&f.text).location(&f.path, offset))
        };
        let location = quoted
            .and_then(|q| in_template(q).or_else(|| self.find_in_templates(q)))
            .or_else(|| template.map(|f| Location::file(&f.path)))
            .unwrap_or_else(|| Location::file(name));
        Diagnostic::new(Code::TemplateRender, location, message)
    }
}

/// The `lang` and `dir` attributes of a string that came from another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangAttributes {
    /// Its BCP 47 tag (`crh-Latn` for the language code `crh`).
    pub(crate) lang: String,
    pub(crate) dir: Direction,
}

/// For each language code, the attributes to give a string that came from it.
pub type LanguageTags = BTreeMap<String, LangAttributes>;

/// Tera's default escaping also writes `/` as `&#x2F;`, which bloats every path and URL and is
/// not needed in double-quoted attributes or text; these five characters are what matter. The
/// one HTML (and XML) escaper of the program: every value a template prints goes through here,
/// and so do `sitemap.xml` and `serve`'s error page. One pass, and no copy beyond the result.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut copied = 0;
    for (i, c) in s.bytes().enumerate() {
        let entity = match c {
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_writes_the_five_entities_and_keeps_the_rest() {
        assert_eq!(
            escape_html("a/b & <c> \"d\" 'e' ї"),
            "a/b &amp; &lt;c&gt; &quot;d&quot; &#39;e&#39; ї"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&&"), "&amp;&amp;");
    }
    use crate::load::LocaleFile;
    use crate::project::Config;

    fn locales() -> Arc<Locales> {
        let config = Config::parse("base_url = \"https://e.org/\"\ndefault_language = \"en\"\nsource_language = \"en\"\n[languages.en]\nname = \"E\"\n[languages.uk]\nname = \"У\"\n").unwrap();
        let files = vec![
            LocaleFile { lang: "en".into(), path: "locales/en/main.ftl".into(), text: "count = { $n ->\n  [one] one org\n *[other] { $n } orgs\n}\nname = { $who } & co\n".into() },
            LocaleFile { lang: "uk".into(), path: "locales/uk/main.ftl".into(), text: "count = { $n ->\n  [one] { $n } організація\n  [few] { $n } організації\n *[many] { $n } організацій\n}\n".into() },
        ];
        Arc::new(Locales::load(&config, &files).0)
    }

    /// The templates of `files`, made afresh.
    fn load(
        files: Vec<TemplateFile>,
        locales: Arc<Locales>,
        targets: UrlTargets,
        languages: LanguageTags,
    ) -> Result<Templates, Report> {
        Templates::load(files, locales, targets, languages, &Kept::default())
    }

    fn strings(text: &str) -> Arc<Locales> {
        let config = Config::parse("base_url = \"https://e.org/\"\ndefault_language = \"en\"\nsource_language = \"en\"\n[languages.en]\nname = \"E\"\n").unwrap();
        let files = vec![LocaleFile {
            lang: "en".into(),
            path: "locales/en/main.ftl".into(),
            text: text.into(),
        }];
        Arc::new(Locales::load(&config, &files).0)
    }

    #[test]
    fn kept_templates_are_taken_with_the_new_strings_and_only_for_the_same_files() {
        let kept = Kept::default().carried();
        let page = |text: &str, strings: &str| {
            let t = Templates::load(
                vec![tpl("a.html", text)],
                self::strings(strings),
                UrlTargets::default(),
                LanguageTags::default(),
                &kept,
            )
            .unwrap();
            t.render("a.html", &View { lang: "en" }).unwrap()
        };
        let text = "{{ trans(key=\"hi\", lang=lang) }}!";
        assert_eq!(page(text, "hi = Hello\n"), "Hello!");
        let first = kept.last().unwrap();
        // The same files: the kept templates, calling the strings of this build.
        assert_eq!(page(text, "hi = Привіт\n"), "Привіт!");
        assert!(Arc::ptr_eq(&first, &kept.last().unwrap()));
        // Another text: parsed again, and kept in their place.
        assert_eq!(page("{{ lang }}", "hi = Hello\n"), "en");
        assert!(!Arc::ptr_eq(&first, &kept.last().unwrap()));
        // A single build keeps nothing.
        let single = Kept::default();
        Templates::load(
            vec![tpl("a.html", text)],
            strings("hi = x\n"),
            UrlTargets::default(),
            LanguageTags::default(),
            &single,
        )
        .unwrap();
        assert!(single.last().is_none());
    }

    #[test]
    fn shared_variables_are_seen_by_every_render_and_a_page_s_own_by_that_page_only() {
        let text = "{{ config.name }}|{{ lang }}|{{ only_first | default(value=\"-\") }}";
        let with = |name: &str| {
            let mut t = load(
                vec![tpl("a.html", text)],
                locales(),
                UrlTargets::default(),
                LanguageTags::default(),
            )
            .unwrap();
            t.share("config", &BTreeMap::from([("name", name)]))
                .unwrap();
            t
        };
        let (one, two) = (with("one"), with("two"));
        #[derive(Serialize)]
        struct First {
            lang: &'static str,
            only_first: &'static str,
            /// A view's own field of a shared name is not what templates see.
            config: &'static str,
        }
        let first = First {
            lang: "uk",
            only_first: "yes",
            config: "the view's",
        };
        assert_eq!(one.render("a.html", &first).unwrap(), "one|uk|yes");
        // The next page on this thread sees none of the first page's variables.
        assert_eq!(
            one.render("a.html", &View { lang: "en" }).unwrap(),
            "one|en|-"
        );
        // Another build's templates on the same thread see their own shared variables.
        assert_eq!(
            two.render("a.html", &View { lang: "en" }).unwrap(),
            "two|en|-"
        );
        assert_eq!(
            one.render("a.html", &View { lang: "crh" }).unwrap(),
            "one|crh|-"
        );
        // A render alone sees none of them (a share card's view is its own).
        let alone = one.render_alone("a.html", &View { lang: "en" });
        assert!(alone.is_err(), "{alone:?}");
        assert_eq!(
            one.render("a.html", &View { lang: "en" }).unwrap(),
            "one|en|-"
        );
        // And so do other threads.
        std::thread::scope(|s| {
            s.spawn(|| assert_eq!(two.render("a.html", &first).unwrap(), "two|uk|yes"));
        });
        // A page that fails leaves nothing of its own behind either.
        let failing = load(
            vec![tpl("a.html", "{{ only_first }}{{ missing.field }}")],
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        )
        .unwrap();
        assert!(failing.render("a.html", &first).is_err());
        let after = load(
            vec![tpl("a.html", "{{ only_first | default(value=\"-\") }}")],
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        )
        .unwrap();
        assert_eq!(after.render("a.html", &View { lang: "en" }).unwrap(), "-");
    }

    fn tpl(name: &str, text: &str) -> TemplateFile {
        TemplateFile {
            name: name.into(),
            path: format!("theme/templates/{name}"),
            text: text.into(),
        }
    }

    #[derive(Serialize)]
    struct View {
        lang: &'static str,
    }

    #[test]
    fn get_env_now_and_get_random_are_refused_at_each_call() {
        let text = "{# get_env(name=\"X\") in a comment #}get_env( in text\n{% if true %}\n  {{ get_env(name=\"ZAKLYK_TEST_SECRET\") }}{% set t = now() %}\n{% endif %}{% for x in [1] %}{{ x | default(value=get_env (name=\"B\", default=1)) }}{% endfor %}{% filter upper %}{{ get_random(start=1, end=2) }}{% endfilter %}";
        let report = load(
            vec![tpl("a.html", text)],
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        )
        .err()
        .expect("refused");
        let got: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}: {}",
                    d.location,
                    d.message.split(' ').next().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "theme/templates/a.html:3:6: `get_env`",
                "theme/templates/a.html:3:54: `now`",
                "theme/templates/a.html:4:51: `get_env`",
                "theme/templates/a.html:4:117: `get_random`",
            ]
        );
        assert!(report.diagnostics.iter().all(|d| d.help.is_some()));
        // The name alone, in text, a comment or a variable, is not a call.
        let t = load(
            vec![tpl("b.html", "get_env(x) {# get_env() #}{{ lang }}")],
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        )
        .expect("loads");
        assert_eq!(
            t.render("b.html", &View { lang: "uk" }).unwrap(),
            "get_env(x) uk"
        );
    }

    #[test]
    fn trans_selects_plurals_falls_back_and_escapes_once() {
        let t = load(vec![tpl("a.html", "{{ trans(key=\"count\", lang=lang, n=2) }}|{{ trans(key=\"name\", lang=lang, who=\"<A>\") }}")], locales(), UrlTargets::default(), LanguageTags::default()).unwrap();
        assert_eq!(
            t.render("a.html", &View { lang: "uk" }).unwrap(),
            "2 організації|&lt;A&gt; &amp; co"
        );
        assert!(t.take_problems().is_empty());
    }

    #[test]
    fn trans_html_marks_fallback_strings_with_their_language() {
        let mut tags = LanguageTags::default();
        tags.insert(
            "en".into(),
            LangAttributes {
                lang: "en".into(),
                dir: Direction::Ltr,
            },
        );
        let t = load(
            vec![tpl(
                "a.html",
                "<p>{{ trans_html(key=\"name\", lang=lang, who=\"<A>\") }}</p>",
            )],
            locales(),
            UrlTargets::default(),
            tags,
        )
        .unwrap();
        assert_eq!(
            t.render("a.html", &View { lang: "uk" }).unwrap(),
            "<p><span lang=\"en\" dir=\"ltr\">&lt;A&gt; &amp; co</span></p>"
        );
        assert_eq!(
            t.render("a.html", &View { lang: "en" }).unwrap(),
            "<p>&lt;A&gt; &amp; co</p>"
        );
    }

    #[test]
    fn missing_strings_are_collected_and_located_in_the_template() {
        let t = load(
            vec![tpl(
                "a.html",
                "<p>\n  {{ trans(key=\"nope\", lang=lang) }}</p>",
            )],
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        )
        .unwrap();
        assert_eq!(
            t.render("a.html", &View { lang: "uk" }).unwrap(),
            "<p>\n  {nope}</p>"
        );
        let p = t.take_problems();
        assert_eq!(
            p[0].to_string().lines().next().unwrap(),
            "theme/templates/a.html:2:12: error: no translation of `nope` in uk, en [fluent-undefined]"
        );
    }

    #[test]
    fn site_templates_may_extend_default_ones() {
        let files = vec![
            tpl("base.html", "[{% block main %}{% endblock %}]"),
            tpl(
                "page.html",
                "{% extends \"base.html\" %}{% block main %}{{ lang }}{% endblock %}",
            ),
        ];
        let t = load(
            files,
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        )
        .unwrap();
        assert_eq!(t.render("page.html", &View { lang: "en" }).unwrap(), "[en]");
    }

    #[test]
    fn a_missing_or_circular_parent_is_told_in_the_template_that_extends_it() {
        let load = |files: Vec<TemplateFile>| {
            let Err(err) = load(
                files,
                locales(),
                UrlTargets::default(),
                LanguageTags::default(),
            ) else {
                panic!("expected an error")
            };
            err.diagnostics
                .iter()
                .map(|d| format!("{} {}", d.location, d.code))
                .collect::<Vec<_>>()
        };
        let missing = vec![
            tpl("a.html", "a"),
            tpl("b.html", "{% extends \"nope.html\" %}"),
        ];
        assert_eq!(
            load(missing),
            ["theme/templates/b.html:1:12 template-missing"]
        );
        let no_macros = vec![tpl("c.html", "{% import \"m.html\" as m %}\n{{ m::a() }}")];
        assert_eq!(
            load(no_macros),
            ["theme/templates/c.html:1:11 template-missing"]
        );
        let circular = vec![
            tpl(
                "c.html",
                "{% extends \"d.html\" %}{% block x %}{% endblock %}",
            ),
            tpl(
                "d.html",
                "{% extends \"c.html\" %}{% block x %}{% endblock %}",
            ),
        ];
        let found = load(circular);
        assert_eq!(
            found,
            [
                "theme/templates/c.html:1:1 template-recursion",
                "theme/templates/d.html:1:1 template-recursion"
            ]
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let Err(err) = load(
            vec![tpl("a.html", "ok\n{{ lang }\n"), tpl("b.html", "{% if %}")],
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        ) else {
            panic!("expected errors")
        };
        let got: Vec<String> = err
            .diagnostics
            .iter()
            .map(|d| d.location.to_string())
            .collect();
        assert_eq!(
            got,
            ["theme/templates/a.html:2:9", "theme/templates/b.html:1:7"]
        );
        assert!(err.diagnostics[0]
            .message
            .starts_with("template syntax error"));
    }

    #[test]
    fn templates_that_never_end_are_refused_before_rendering() {
        let files = vec![
            tpl("a.html", "x\n{% include \"b.html\" %}"),
            tpl("b.html", "{%- include \"a.html\" -%}"),
            tpl("c.html", "{% macro down(n) %}{{ self::down(n=n) }}{% endmacro down %}"),
            tpl("d.html", "{% for i in range(end=300000000) %}{% endfor %}{% for i in range(end=10) %}{% endfor %}"),
            tpl("e.html", "{% macro tree(n) %}{{ n }}{% endmacro tree %}{% include \"a.html\" %}"),
        ];
        let Err(report) = load(
            files,
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        ) else {
            panic!("expected errors")
        };
        let got = report.headlines();
        assert_eq!(
            got,
            [
                "theme/templates/a.html:2:1: `a.html` includes `b.html`, which leads back to `a.html`: the include never ends",
                "theme/templates/b.html:1:1: `b.html` includes `a.html`, which leads back to `b.html`: the include never ends",
                "theme/templates/c.html:1:1: macro `down` calls itself: a recursion without bound would crash the build",
                "theme/templates/d.html:1:13: range of 300000000 items: zaklyk renders loops of at most 10000",
            ]
        );
    }

    /// Loads `files` and renders `page.html`, or returns the headlines and codes of the errors.
    fn outcome(files: Vec<TemplateFile>) -> Result<String, Vec<String>> {
        let show = |d: &Diagnostic| format!("{}: {} [{}]", d.location, d.message, d.code);
        let t = load(
            files,
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        )
        .map_err(|r| r.diagnostics.iter().map(show).collect::<Vec<_>>())?;
        t.render("page.html", &View { lang: "en" })
            .map_err(|d| vec![show(&d)])
    }

    #[test]
    fn loops_that_never_end_and_values_that_never_stop_growing_are_stopped_where_written() {
        let page = |body: &str| vec![tpl("page.html", body)];
        let cases = [
            (
                "{% for i in range(end=10000) %}\n{% for j in range(end=10000) %}{{ j }}{% endfor %}{% endfor %}",
                "theme/templates/page.html:2:1: rendering the page takes more than 1000000 steps (loop rounds, calls of macros and includes) [template-steps]",
            ),
            (
                "{% set n = 99999 * 99999 %}\n  {% for i in range(end=n) %}x{% endfor %}",
                "theme/templates/page.html:2:3: range of 9999800001 items: zaklyk renders loops of at most 10000 [template-range]",
            ),
            (
                "{% for i in range(end=10, step_by=0) %}x{% endfor %}",
                "theme/templates/page.html:1:1: `range` with `step_by=0` never ends [template-range]",
            ),
            (
                "{% set s = \"abcdefghij\" %}{% for i in range(end=40) %}\n{% set_global s = s ~ s %}{% endfor %}",
                "theme/templates/page.html:2:1: rendering the page makes or reads more than 64 MiB of text [template-bytes]",
            ),
            (
                "{% set a = [1,2,3,4,5,6,7,8] %}{% for i in range(end=40) %}{% set_global a = a | concat(with=a) %}{% endfor %}",
                "theme/templates/page.html:1:60: rendering the page makes or reads more than 64 MiB of text [template-bytes]",
            ),
            (
                "{% set s = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" %}{{ s | replace(from=\"a\", to=s) | replace(from=\"a\", to=s) | replace(from=\"a\", to=s) | replace(from=\"a\", to=s) | replace(from=\"a\", to=s) }}",
                "theme/templates/page.html: rendering the page makes or reads more than 64 MiB of text [template-bytes]",
            ),
            (
                "{% set a = 1 %}{% for i in range(end=100) %}{% set_global a = [a] %}{% endfor %}",
                "theme/templates/page.html:1:45: a value nests lists or maps more than 64 deep [template-nesting]",
            ),
            (
                "{% for i in range(end=1000) %}{{ \"x\" ~ page_text }}{% endfor %}",
                "theme/templates/page.html:1:40: Failed to render 'page.html': Variable `page_text` not found in context while rendering 'page.html' [template-render]",
            ),
        ];
        for (body, expected) in cases {
            let got = outcome(page(body))
                .err()
                .unwrap_or_else(|| panic!("rendered: {body}"));
            assert_eq!(got, [expected], "{body}");
        }
    }

    #[test]
    fn arithmetic_that_panics_in_tera_is_an_error_and_the_rest_is_unchanged() {
        let huge = format!("1{}.0", "0".repeat(308));
        for body in [
            "{% set m = -9223372036854775807 - 1 %}{{ m % -1 }}".to_string(),
            format!("{{% set x = {huge} %}}{{{{ x + x }}}}"),
            format!("{{{{ {}.0 }}}}", "9".repeat(400)),
            "{{ 1 / 0 }}".into(),
            "{{ 2 * 9223372036854775807 }}".into(),
        ] {
            let got = outcome(vec![tpl("page.html", &body)]).unwrap_err();
            assert!(got[0].ends_with("[template-render]"), "{body}: {got:?}");
            assert!(got[0].contains("Function call '__math' failed"), "{got:?}");
        }
        let fine = "{{ 7 % 3 }} {{ 7 / 2 }} {{ 6 / 3 }} {{ 1.5 + 1 }} {{ -3 - 4 }} {{ 2 * 3 + 1 }}\
            {% if 10 % 5 == 0 and 3 * 2 > 5 %} yes{% endif %}";
        assert_eq!(
            outcome(vec![tpl("page.html", fine)]).unwrap(),
            "1 3.5 2 2.5 -7 7 yes"
        );
    }

    #[test]
    fn macros_and_includes_that_multiply_run_out_of_steps() {
        let mut files = vec![tpl(
            "page.html",
            "{% import \"m.html\" as m %}{{ m::m0() }}",
        )];
        let macros: String = (0..40)
            .map(|i| format!("{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{{{ self::m{}() }}}}{{% endmacro m{i} %}}\n", i + 1, i + 1))
            .collect();
        files.push(tpl(
            "m.html",
            &(macros + "{% macro m40() %}x{% endmacro m40 %}\n"),
        ));
        let got = outcome(files).unwrap_err();
        assert!(got[0].ends_with("[template-steps]"), "{got:?}");
        assert!(got[0].starts_with("theme/templates/m.html:"), "{got:?}");
        let mut files = vec![tpl("page.html", "{% include \"i0.html\" %}")];
        for i in 0..40 {
            files.push(tpl(
                &format!("i{i}.html"),
                &format!(
                    "{{% include \"i{0}.html\" %}}{{% include \"i{0}.html\" %}}",
                    i + 1
                ),
            ));
        }
        files.push(tpl("i40.html", "x"));
        assert!(outcome(files).unwrap_err()[0].ends_with("[template-steps]"));
    }

    #[test]
    fn chains_and_cycles_through_other_files_are_refused_before_rendering() {
        // Macros of two files that call each other.
        let files = vec![
            tpl("page.html", "{% import \"a.html\" as a %}{{ a::x() }}"),
            tpl(
                "a.html",
                "{% import \"b.html\" as b %}\n{% macro x() %}{{ b::y() }}{% endmacro x %}",
            ),
            tpl(
                "b.html",
                "{% import \"a.html\" as a %}{% macro y() %}{{ a::x() }}{% endmacro y %}",
            ),
        ];
        // Files that import each other: Tera never finishes loading their macros.
        assert_eq!(
            outcome(files).unwrap_err(),
            [
                "theme/templates/a.html:1:1: `a.html` imports `b.html`, which leads back to `a.html`: Tera would never finish loading their macros [template-recursion]",
                "theme/templates/b.html:1:1: `b.html` imports `a.html`, which leads back to `b.html`: Tera would never finish loading their macros [template-recursion]",
            ]
        );
        // A macro that includes a template that calls it, through a namespace the template
        // only has from the file it imports (Tera passes namespaces on).
        let files = vec![
            tpl("page.html", "{% include \"t.html\" %}"),
            tpl("t.html", "{% import \"u.html\" as u %}{{ m::x() }}"),
            tpl("u.html", "{% import \"m.html\" as m %}"),
            tpl(
                "m.html",
                "{% macro x() %}\n{% include \"t.html\" %}{% endmacro x %}",
            ),
        ];
        assert_eq!(
            outcome(files).unwrap_err(),
            ["theme/templates/m.html:2:1: `m.html` includes `t.html`, which leads back to `m.html`: the include never ends [template-recursion]"]
        );
        // A chain of parents that runs into a loop (Tera itself would recurse forever).
        let files = vec![
            tpl("page.html", "{% extends \"a.html\" %}"),
            tpl("a.html", "{% extends \"b.html\" %}"),
            tpl("b.html", "{% extends \"a.html\" %}"),
        ];
        let got = outcome(files).unwrap_err();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].contains("`a.html` extends `b.html`, which leads back to `a.html`"));
        // A long chain without a cycle.
        let mut files = vec![tpl("page.html", "{% include \"c0.html\" %}")];
        let macros: String = (0..3000)
            .map(|i| {
                format!(
                    "{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{% endmacro m{i} %}}",
                    i + 1
                )
            })
            .collect();
        files.push(tpl(
            "c0.html",
            &(macros + "{% macro m3000() %}x{% endmacro m3000 %}"),
        ));
        assert_eq!(
            outcome(files).unwrap_err(),
            ["theme/templates/c0.html:1:1: macro `m0` renders through a chain of 3001 templates and macros (extends, import, include, macro calls); zaklyk renders chains of up to 64 [template-nesting]"]
        );
    }

    #[test]
    fn deep_tags_and_expressions_are_refused_before_tera_parses_them() {
        for (body, code) in [
            (
                format!("{{{{ {}1{} }}}}", "(".repeat(30_000), ")".repeat(30_000)),
                "[template-nesting]",
            ),
            (
                format!("{{{{ 1{} }}}}", " + 1".repeat(30_000)),
                "[template-nesting]",
            ),
            (
                "{% if true %}".repeat(5000) + "x" + &"{% endif %}".repeat(5000),
                "[template-nesting]",
            ),
            ("{% for a in [1] %}".repeat(5000), "[template-nesting]"),
        ] {
            let got = outcome(vec![tpl("page.html", &body)]).unwrap_err();
            assert!(got[0].ends_with(code), "{got:?}");
        }
    }

    /// The counting filter added after every printed value keeps Tera's escaping as it was:
    /// the same templates render the same text with and without it.
    #[test]
    fn the_budget_changes_no_output() {
        #[derive(Serialize)]
        struct Data {
            lang: &'static str,
            s: &'static str,
            n: i64,
            list: Vec<&'static str>,
        }
        let body = "{{ s }}|{{ s | safe }}|{{ s | upper }}|{{ s | safe | upper }}|{{ s | upper | safe }}|\
            {{ \"<q>\" ~ s }}|{{ s ~ trans(key=\"name\", lang=lang, who=s) }}|{{ trans_html(key=\"name\", lang=lang, who=s) }}|\
            {{ trans(key=\"name\", lang=lang, who=s) }}|{{ n + 1 }}|{{ list | join(sep=\"<\") }}|{{ list }}|\
            {{ m::x(v=s) }}|{{ m::x(v=s) | upper }}|{{ s | default(value=\"d\") }}|{{ \"<lit>\" }}|{% filter upper %}{{ s }}<b>{% endfilter %}|\
            {% for x in list %}{{ loop.index }}{{ x }}{% endfor %}|{% set y = s ~ \"!\" %}{{ y }}|{{ not n }}|{{ list | length }}";
        let macros = "{% macro x(v) %}<i>{{ v }}</i>{% endmacro x %}";
        let data = Data {
            lang: "en",
            s: "a<b>&\"c'",
            n: 41,
            list: vec!["x&", "<y>"],
        };
        let ours = load(
            vec![
                tpl(
                    "page.html",
                    &format!("{{% import \"m.html\" as m %}}{body}"),
                ),
                tpl("m.html", macros),
            ],
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        )
        .unwrap()
        .render("page.html", &data)
        .unwrap();
        let mut plain = Tera::default();
        plain.autoescape_on(vec![".html"]);
        plain.set_escape_fn(escape_html);
        let problems = Arc::new(Mutex::new(Vec::new()));
        for (name, html) in [
            ("trans", None),
            ("trans_html", Some(LanguageTags::default())),
        ] {
            plain.register_function(
                name,
                Trans {
                    locales: locales(),
                    problems: problems.clone(),
                    html,
                    cache: RwLock::default(),
                },
            );
        }
        plain
            .add_raw_templates([
                ("m.html", macros),
                (
                    "page.html",
                    &format!("{{% import \"m.html\" as m %}}{body}"),
                ),
            ])
            .unwrap();
        let theirs = plain
            .render("page.html", &tera::Context::from_serialize(&data).unwrap())
            .unwrap();
        assert_eq!(ours, theirs);
        assert!(
            ours.starts_with("a&lt;b&gt;&amp;&quot;c&#39;|a<b>&\"c'|"),
            "{ours}"
        );
    }

    #[test]
    fn render_errors_show_the_cause_chain() {
        let t = load(
            vec![tpl("a.html", "x\n{{ page.nothing }}")],
            locales(),
            UrlTargets::default(),
            LanguageTags::default(),
        )
        .unwrap();
        let d = t.render("a.html", &View { lang: "en" }).unwrap_err();
        assert!(
            d.message
                .starts_with("Failed to render 'a.html': Variable `page.nothing` not found"),
            "{}",
            d.message
        );
        assert_eq!(d.location.to_string(), "theme/templates/a.html:2:4");
    }

    #[test]
    fn get_url_checks_its_target() {
        let mut targets = UrlTargets::default();
        targets.pages.insert(("en".into(), "about".into()));
        targets.files.insert("style.css".into());
        let t = load(vec![tpl("a.html", "{{ get_url(path=\"@/about.md#x\", lang=lang) }} {{ get_url(path=\"style.css\") }}"), tpl("b.html", "{{ get_url(path=\"@/nope.md\", lang=lang) }}")], locales(), targets, LanguageTags::default()).unwrap();
        assert_eq!(
            t.render("a.html", &View { lang: "en" }).unwrap(),
            "en/about/index.html#x style.css"
        );
        let d = t.render("b.html", &View { lang: "en" }).unwrap_err();
        assert!(
            d.message.contains("there is no page `@/nope.md` in `en`"),
            "{}",
            d.message
        );
    }
}

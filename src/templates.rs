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

use crate::diag::{Code, Diagnostic, LineIndex, Location, Report};
use crate::i18n::{Arg, Direction, Locales, TrError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, RwLock};
use tera::{Tera, Value};

/// A template with its name (`base.html`) and the path shown in messages.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub path: String,
    pub text: String,
}

/// The loaded templates and what their functions recorded while rendering.
pub struct Templates {
    tera: Tera,
    files: Vec<TemplateFile>,
    problems: Arc<Mutex<Vec<TrError>>>,
}

/// What `get_url` can link to: root-relative paths of pages by (lang, slug) and static files.
#[derive(Debug, Clone, Default)]
pub struct UrlTargets {
    pub pages: BTreeSet<(String, String)>,
    pub files: BTreeSet<String>,
}

impl Templates {
    /// Parses every template (all syntax errors are reported) and links the inheritance chains.
    pub fn load(
        files: Vec<TemplateFile>,
        locales: Arc<Locales>,
        targets: UrlTargets,
        languages: LanguageTags,
    ) -> Result<Templates, Report> {
        let mut report = Report::default();
        report.extend(unbounded(&files));
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape_html);
        let added = (!report.has_errors()).then(|| {
            tera.add_raw_templates(files.iter().map(|f| (f.name.as_str(), f.text.as_str())))
        });
        if !matches!(added, Some(Ok(()))) {
            // Tera stops at the first syntax error; parse each file alone to report them all.
            // Only a failing build pays for this second parse.
            for f in &files {
                if let Err(e) = tera::Template::new(&f.name, None, &f.text) {
                    report.push(syntax_diagnostic(f, &e));
                }
            }
        }
        if report.has_errors() {
            return Err(report);
        }
        if let Some(Err(e)) = added {
            let culprit = match &e.kind {
                tera::ErrorKind::MissingParent { current, .. } => Some(current),
                tera::ErrorKind::CircularExtend { tpl, .. } => Some(tpl),
                // A missing macro file: Tera names the template only in its message text.
                _ => None,
            };
            let named = files.iter().find(|f| Some(&f.name) == culprit);
            let location = named.map_or_else(
                || Location::file("theme/templates"),
                |f| Location::file(&f.path),
            );
            report.push(Diagnostic::new(Code::TemplateMissing, location, cause_chain(&e)).with_help("a template `extends` or `include`s one that exists neither in theme/templates/ nor in the default theme (whose templates are also named zaklyk/<name>, e.g. zaklyk/page.html)"));
            return Err(report);
        }
        report.extend(refused_functions(&tera, &files));
        if report.has_errors() {
            return Err(report);
        }
        // The check above refuses every call; this makes sure no call could read anything.
        tera.register_function("get_env", |_: &HashMap<String, Value>| {
            Err(tera::Error::msg(
                "`get_env` is not available in zaklyk templates",
            ))
        });
        let problems = Arc::new(Mutex::new(Vec::new()));
        tera.register_function(
            "trans",
            Trans {
                locales: locales.clone(),
                problems: problems.clone(),
                html: None,
                cache: RwLock::default(),
            },
        );
        tera.register_function(
            "trans_html",
            Trans {
                locales,
                problems: problems.clone(),
                html: Some(languages),
                cache: RwLock::default(),
            },
        );
        tera.register_function("get_url", GetUrl { targets });
        Ok(Templates {
            tera,
            files,
            problems,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.files.iter().any(|f| f.name == name)
    }

    /// Renders `name` with a serializable view.
    pub fn render(&self, name: &str, view: &impl Serialize) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(view).map_err(|e| {
            Diagnostic::new(
                Code::TemplateRender,
                Location::file("theme/templates"),
                format!("cannot pass the page to templates: {e}"),
            )
        })?;
        // Pages run to tens of kilobytes: start the buffer there rather than grow it from 2 KB.
        let mut buffer = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, &context, &mut buffer)
            .map_err(|e| self.render_diagnostic(name, &e))?;
        String::from_utf8(buffer).map_err(|e| {
            Diagnostic::new(
                Code::TemplateRender,
                Location::file("theme/templates"),
                format!("template `{name}` rendered invalid UTF-8: {e}"),
            )
        })
    }

    /// The problems `trans` met while rendering (missing or unformattable strings), located.
    pub fn take_problems(&self) -> Vec<Diagnostic> {
        let problems =
            std::mem::take(&mut *self.problems.lock().unwrap_or_else(|p| p.into_inner()));
        let mut out = Vec::new();
        for p in problems {
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
        let location = quoted
            .and_then(|q| self.find_in_templates(q))
            .or_else(|| template.map(|f| Location::file(&f.path)))
            .unwrap_or_else(|| Location::file(name));
        Diagnostic::new(Code::TemplateRender, location, message)
    }
}

/// The template constructs that never end: Tera follows a recursive `include` or macro until the
/// stack overflows, which aborts the whole process, and `range()` builds its whole list in
/// memory. Refused before anything renders: includes that form a cycle, macros of one file that
/// call each other in a cycle (`self::name`), and a literal `range` longer than any page needs.
fn unbounded(files: &[TemplateFile]) -> Vec<Diagnostic> {
    const MAX_RANGE: u64 = 100_000;
    let mut out = Vec::new();
    let at = |f: &TemplateFile, offset: usize| LineIndex::new(&f.text).location(&f.path, offset);
    // Include graph over template names.
    let includes: Vec<(usize, usize, String)> = files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            tags(&f.text, "include")
                .into_iter()
                .flat_map(move |(offset, args)| {
                    quoted(&args).into_iter().map(move |name| (i, offset, name))
                })
        })
        .collect();
    for (i, offset, target) in &includes {
        let start = &files[*i].name;
        // Is there a way back from `target` to the including template?
        let mut seen = BTreeSet::new();
        let mut stack = vec![target.clone()];
        let mut cycle = false;
        while let Some(name) = stack.pop() {
            if &name == start {
                cycle = true;
                break;
            }
            if seen.insert(name.clone()) {
                let idx = files.iter().position(|f| f.name == name);
                stack.extend(
                    includes
                        .iter()
                        .filter(|(j, _, _)| Some(*j) == idx)
                        .map(|(_, _, t)| t.clone()),
                );
            }
        }
        if cycle {
            out.push(Diagnostic::new(Code::TemplateRecursion, at(&files[*i], *offset), format!("`{start}` includes `{target}`, which leads back to `{start}`: the include never ends"))
                .with_help("Tera would recurse until the stack overflows; break the cycle"));
        }
    }
    for f in files {
        // A site's `page.html` that extends "page.html" names itself (it replaced the built-in
        // one): Tera would report a cycle; say how to reach the built-in template instead.
        for (offset, args) in tags(&f.text, "extends") {
            if quoted(&args).contains(&f.name) {
                out.push(Diagnostic::new(Code::TemplateRecursion, at(f, offset), format!("`{}` extends itself: a site template replaces the built-in one of the same name", f.name))
                    .with_help(format!("to change part of the built-in template, extend it under its built-in name: {{% extends \"{}{}\" %}}", crate::theme::BUILT_IN_PREFIX, f.name)));
            }
        }
        // Macros of this file and the macros they call with self::.
        let macros: Vec<(usize, String, Vec<String>)> = tags(&f.text, "macro")
            .into_iter()
            .filter_map(|(offset, args)| {
                let name: String = args
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let body_end = f.text[offset..]
                    .find("endmacro")
                    .map_or(f.text.len(), |e| offset + e);
                let calls = f.text[offset..body_end]
                    .match_indices("self::")
                    .map(|(k, _)| {
                        f.text[offset + k + 6..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect()
                    })
                    .collect();
                (!name.is_empty()).then_some((offset, name, calls))
            })
            .collect();
        for (offset, name, _) in &macros {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<String> = macros
                .iter()
                .filter(|(_, n, _)| n == name)
                .flat_map(|(_, _, c)| c.clone())
                .collect();
            while let Some(callee) = stack.pop() {
                if &callee == name {
                    out.push(Diagnostic::new(Code::TemplateRecursion, at(f, *offset), format!("macro `{name}` calls itself: a recursion without bound would crash the build"))
                        .with_help("zaklyk does not render recursive macros; unroll it or pass the data already shaped"));
                    break;
                }
                if seen.insert(callee.clone()) {
                    stack.extend(
                        macros
                            .iter()
                            .filter(|(_, n, _)| *n == callee)
                            .flat_map(|(_, _, c)| c.clone()),
                    );
                }
            }
        }
        for (k, _) in f.text.match_indices("range(") {
            let args = &f.text[k..f.text[k..].find(')').map_or(f.text.len(), |e| k + e)];
            if let Some(end) = args.split("end").nth(1).map(|r| {
                r.trim_start_matches([' ', '='])
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            }) {
                if end.parse::<u64>().is_ok_and(|n| n > MAX_RANGE) {
                    out.push(Diagnostic::new(
                        Code::TemplateRange,
                        at(f, k),
                        format!(
                            "range of {end} items: zaklyk renders loops of at most {MAX_RANGE}"
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// Functions that templates may not call, with why and what to do instead.
const REFUSED_FUNCTIONS: [(&str, &str, &str); 3] = [
    (
        "get_env",
        "`get_env` reads an environment variable of the machine that builds the site (a CI secret, a deploy token) and would publish it",
        "templates get everything from the site's files: put the value in site.toml, the content or a Fluent string",
    ),
    (
        "now",
        "`now` would make every build differ from the last (zaklyk builds the same bytes from the same sources)",
        "write the date in the content's front matter (`date = 2025-08-12`) and use `page.date`",
    ),
    (
        "get_random",
        "`get_random` would make every build differ from the last (zaklyk builds the same bytes from the same sources)",
        "derive what you need from the page's data instead",
    ),
];

/// Every call of a refused function in the parsed templates, located at the call. Tera's syntax
/// tree has no positions: the calls are found in the tree (so a name in text or a comment does
/// not count), then located at the matching occurrences of `name(` in the file.
fn refused_functions(tera: &Tera, files: &[TemplateFile]) -> Vec<Diagnostic> {
    use tera::ast::{Expr, ExprVal, Node};
    fn expr(e: &Expr, out: &mut Vec<String>) {
        for f in &e.filters {
            f.args.values().for_each(|a| expr(a, out));
        }
        match &e.val {
            ExprVal::FunctionCall(call) => {
                out.push(call.name.clone());
                call.args.values().for_each(|a| expr(a, out));
            }
            ExprVal::MacroCall(call) => call.args.values().for_each(|a| expr(a, out)),
            ExprVal::Math(m) => {
                expr(&m.lhs, out);
                expr(&m.rhs, out);
            }
            ExprVal::Logic(l) => {
                expr(&l.lhs, out);
                expr(&l.rhs, out);
            }
            ExprVal::In(i) => {
                expr(&i.lhs, out);
                expr(&i.rhs, out);
            }
            ExprVal::Test(t) => t.args.iter().for_each(|a| expr(a, out)),
            ExprVal::Array(items) => items.iter().for_each(|a| expr(a, out)),
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_)
            | ExprVal::StringConcat(_) => {}
        }
    }
    fn nodes(body: &[Node], out: &mut Vec<String>) {
        for node in body {
            match node {
                Node::VariableBlock(_, e) => expr(e, out),
                Node::Set(_, set) => expr(&set.value, out),
                Node::FilterSection(_, section, _) => {
                    section.filter.args.values().for_each(|a| expr(a, out));
                    nodes(&section.body, out);
                }
                Node::Block(_, block, _) => nodes(&block.body, out),
                Node::MacroDefinition(_, definition, _) => {
                    definition
                        .args
                        .values()
                        .flatten()
                        .for_each(|a| expr(a, out));
                    nodes(&definition.body, out);
                }
                Node::Forloop(_, forloop, _) => {
                    expr(&forloop.container, out);
                    nodes(&forloop.body, out);
                    if let Some(empty) = &forloop.empty_body {
                        nodes(empty, out);
                    }
                }
                Node::If(branches, _) => {
                    for (_, condition, body) in &branches.conditions {
                        expr(condition, out);
                        nodes(body, out);
                    }
                    if let Some((_, body)) = &branches.otherwise {
                        nodes(body, out);
                    }
                }
                Node::Super
                | Node::Text(_)
                | Node::Extends(..)
                | Node::Include(..)
                | Node::ImportMacro(..)
                | Node::Raw(..)
                | Node::Break(_)
                | Node::Continue(_)
                | Node::Comment(..) => {}
            }
        }
    }
    let mut out = Vec::new();
    for f in files {
        let Ok(template) = tera.get_template(&f.name) else {
            continue;
        };
        let mut called = Vec::new();
        nodes(&template.ast, &mut called);
        for (name, message, help) in REFUSED_FUNCTIONS {
            let calls = called.iter().filter(|c| *c == name).count();
            if calls == 0 {
                continue;
            }
            let index = LineIndex::new(&f.text);
            let mut places: Vec<Location> = call_offsets(&f.text, name)
                .into_iter()
                .take(calls)
                .map(|offset| index.location(&f.path, offset))
                .collect();
            if places.is_empty() {
                places.push(Location::file(&f.path));
            }
            out.extend(places.into_iter().map(|at| {
                Diagnostic::new(Code::TemplateFunctionRefused, at, message).with_help(help)
            }));
        }
    }
    out
}

/// Offsets of `name(` (spaces allowed before the parenthesis) that stand as a whole word inside
/// a `{{ … }}` or `{% … %}` tag (not in text or a `{# comment #}`).
fn call_offsets(text: &str, name: &str) -> Vec<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let in_tag = |k: usize| {
        let before = &text[..k];
        let opened = before.rfind("{{").max(before.rfind("{%"));
        let closed = before.rfind("}}").max(before.rfind("%}"));
        opened.is_some() && opened > closed
    };
    text.match_indices(name)
        .filter(|(k, _)| {
            !text[..*k].chars().next_back().is_some_and(word)
                && text[k + name.len()..].trim_start().starts_with('(')
                && in_tag(*k)
        })
        .map(|(k, _)| k)
        .collect()
}

/// `{% name … %}` tags of a template: their offsets and what follows the name.
fn tags(text: &str, name: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (k, _) in text.match_indices("{%") {
        let inner = text[k + 2..].trim_start_matches(['-', ' ', '\n', '\t']);
        if let Some(rest) = inner.strip_prefix(name) {
            if rest.starts_with([' ', '\n', '\t']) {
                let end = rest.find("%}").unwrap_or(rest.len());
                out.push((k, rest[..end].to_string()));
            }
        }
    }
    out
}

/// The double- or single-quoted strings in a text.
fn quoted(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['"', '\'']) {
        let q = rest.as_bytes()[start] as char;
        let Some(len) = rest[start + 1..].find(q) else {
            break;
        };
        out.push(rest[start + 1..start + 1 + len].to_string());
        rest = &rest[start + len + 2..];
    }
    out
}

fn cause_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// Tera's parse errors carry ` --> line:col` in their text (from pest). Tera keeps pest's error
/// only as that text (`ErrorKind::Msg`), so the position and what was expected are read from it.
fn syntax_diagnostic(f: &TemplateFile, e: &tera::Error) -> Diagnostic {
    let text = cause_chain(e);
    let position = text.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            it.next()?.parse::<usize>().ok()?,
            it.next()?.parse::<usize>().ok()?,
        ))
    });
    let expected = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("= "))
        .map(|l| l.trim_start()[2..].to_string());
    let message = format!(
        "template syntax error: {}",
        expected.unwrap_or_else(|| text.lines().next().unwrap_or("").to_string())
    );
    match position {
        Some((line, col)) => {
            let index = LineIndex::new(&f.text);
            Diagnostic::new(
                Code::TemplateSyntax,
                index.location(&f.path, index.offset_of(line, col)),
                message,
            )
        }
        None => Diagnostic::new(Code::TemplateSyntax, Location::file(&f.path), message),
    }
}

/// The `lang` and `dir` attributes of a string that came from another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangAttributes {
    /// Its BCP 47 tag (`crh-Latn` for the language code `crh`).
    pub lang: String,
    pub dir: Direction,
}

/// For each language code, the attributes to give a string that came from it.
pub type LanguageTags = BTreeMap<String, LangAttributes>;

/// `trans(key, lang, …args)`, and `trans_html(…)`, which is for text between tags: a string that
/// came from a fallback language is wrapped in `<span lang dir>` so that screen readers and
/// hyphenation treat it as the language it is in.
struct Trans {
    locales: Arc<Locales>,
    problems: Arc<Mutex<Vec<TrError>>>,
    /// `Some` for `trans_html`.
    html: Option<LanguageTags>,
    /// Formatted strings without arguments, by (language, key).
    cache: RwLock<HashMap<(String, String), Value>>,
}

impl tera::Function for Trans {
    fn is_safe(&self) -> bool {
        self.html.is_some()
    }

    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = string_arg(args, "key", "trans")?;
        let lang = string_arg(args, "lang", "trans")?;
        // A string without arguments is the same on every page of a language: format it once.
        let cacheable = args.len() == 2;
        if cacheable {
            if let Some(v) = self
                .cache
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .get(&(lang.clone(), key.clone()))
            {
                return Ok(v.clone());
            }
        }
        let value = self.format(&key, &lang, args);
        if cacheable {
            self.cache
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert((lang, key), value.clone());
        }
        Ok(value)
    }
}

impl Trans {
    fn format(&self, key: &str, lang: &str, args: &HashMap<String, Value>) -> Value {
        let mut fluent_args: Vec<(String, Arg)> = args
            .iter()
            .filter(|(k, _)| k.as_str() != "key" && k.as_str() != "lang")
            .map(|(k, v)| {
                let arg = match v {
                    Value::Number(n) => Arg::Num(n.as_f64().unwrap_or(0.0)),
                    Value::String(s) => Arg::Str(s.clone()),
                    // A language (`page.content_lang`): named in the language of the sentence.
                    Value::Object(o) if o.contains_key("names") && o.contains_key("name") => {
                        Arg::PerLanguage {
                            by_language: o["names"]
                                .as_object()
                                .into_iter()
                                .flatten()
                                .map(|(k, v)| {
                                    (k.clone(), v.as_str().unwrap_or_default().to_string())
                                })
                                .collect(),
                            otherwise: o["name"].as_str().unwrap_or_default().to_string(),
                        }
                    }
                    other => Arg::Str(other.to_string()),
                };
                (k.clone(), arg)
            })
            .collect();
        fluent_args.sort_by(|a, b| a.0.cmp(&b.0));
        let translated = self.locales.tr(lang, key, &fluent_args);
        if let Some(t) = translated.as_ref().ok().filter(|t| t.built_in) {
            self.problems
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(TrError::BuiltIn {
                    key: key.to_string(),
                    tried: self.locales.chain(lang),
                    lang: t.lang.clone(),
                });
        }
        match translated {
            Ok(t) => match &self.html {
                None => Value::String(t.text),
                Some(tags) if t.lang != lang => {
                    let (tag, dir) = tags
                        .get(&t.lang)
                        .map_or((t.lang.as_str(), Direction::Ltr), |a| {
                            (a.lang.as_str(), a.dir)
                        });
                    Value::String(format!(
                        "<span lang=\"{}\" dir=\"{}\">{}</span>",
                        escape_html(tag),
                        dir.as_str(),
                        escape_html(&t.text)
                    ))
                }
                Some(_) => Value::String(escape_html(&t.text)),
            },
            Err(e) => {
                self.problems
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(e);
                Value::String(format!("{{{key}}}"))
            }
        }
    }
}

/// `get_url(path, lang)`.
struct GetUrl {
    targets: UrlTargets,
}

impl tera::Function for GetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = string_arg(args, "path", "get_url")?;
        if let Some(page) = path.strip_prefix("@/") {
            let lang = string_arg(args, "lang", "get_url")?;
            let (slug, anchor) = match page.split_once('#') {
                Some((s, a)) => (s, format!("#{a}")),
                None => (page, String::new()),
            };
            let slug = slug.strip_suffix(".md").unwrap_or(slug);
            if !self
                .targets
                .pages
                .contains(&(lang.clone(), slug.to_string()))
            {
                return Err(tera::Error::msg(format!(
                    "get_url: there is no page `{path}` in `{lang}`"
                )));
            }
            return Ok(Value::String(escape_html(&format!(
                "{}{anchor}",
                crate::urls::page_path(&lang, slug)
            ))));
        }
        let file = path.trim_start_matches('/');
        if !self.targets.files.contains(file) {
            return Err(tera::Error::msg(format!(
                "get_url: there is no file `{path}` in theme/static/"
            )));
        }
        Ok(Value::String(escape_html(file)))
    }

    /// The paths are built from validated codes and slugs; escaping the few characters that could
    /// matter here keeps `/` readable (Tera's escaping would write `&#x2F;`).
    fn is_safe(&self) -> bool {
        true
    }
}

/// Tera's default escaping also writes `/` as `&#x2F;`, which bloats every path and URL and is
/// not needed in double-quoted attributes or text; these five characters are what matter. The
/// one HTML (and XML) escaper of the program: every value a template prints goes through here,
/// and so do `sitemap.xml` and `serve`'s error page. One pass, and no copy beyond the result.
pub fn escape_html(s: &str) -> String {
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

fn string_arg(args: &HashMap<String, Value>, name: &str, function: &str) -> tera::Result<String> {
    match args.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(tera::Error::msg(format!(
            "{function}: `{name}` must be a string, not {other}"
        ))),
        None => Err(tera::Error::msg(format!(
            "{function}: `{name}` is required"
        ))),
    }
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
    use crate::i18n::LocaleFile;
    use crate::project::Config;

    fn locales() -> Arc<Locales> {
        let config = Config::parse("base_url = \"https://e.org/\"\ndefault_language = \"en\"\nsource_language = \"en\"\n[languages.en]\nname = \"E\"\n[languages.uk]\nname = \"У\"\n").unwrap();
        let files = vec![
            LocaleFile { lang: "en".into(), path: "locales/en/main.ftl".into(), text: "count = { $n ->\n  [one] one org\n *[other] { $n } orgs\n}\nname = { $who } & co\n".into() },
            LocaleFile { lang: "uk".into(), path: "locales/uk/main.ftl".into(), text: "count = { $n ->\n  [one] { $n } організація\n  [few] { $n } організації\n *[many] { $n } організацій\n}\n".into() },
        ];
        Arc::new(Locales::load(&config, &files).0)
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
        let report = Templates::load(
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
                "theme/templates/a.html:4:51: `get_env`",
                "theme/templates/a.html:3:54: `now`",
                "theme/templates/a.html:4:117: `get_random`",
            ]
        );
        assert!(report.diagnostics.iter().all(|d| d.help.is_some()));
        // The name alone, in text, a comment or a variable, is not a call.
        let t = Templates::load(
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
        let t = Templates::load(vec![tpl("a.html", "{{ trans(key=\"count\", lang=lang, n=2) }}|{{ trans(key=\"name\", lang=lang, who=\"<A>\") }}")], locales(), UrlTargets::default(), LanguageTags::default()).unwrap();
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
        let t = Templates::load(
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
        let t = Templates::load(
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
        let t = Templates::load(
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
            let Err(err) = Templates::load(
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
        assert_eq!(load(missing), ["theme/templates/b.html template-missing"]);
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
        assert!(
            found == ["theme/templates/c.html template-missing"]
                || found == ["theme/templates/d.html template-missing"],
            "{found:?}"
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let Err(err) = Templates::load(
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
        let Err(report) = Templates::load(
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
                "theme/templates/d.html:1:13: range of 300000000 items: zaklyk renders loops of at most 100000",
            ]
        );
    }

    #[test]
    fn render_errors_show_the_cause_chain() {
        let t = Templates::load(
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
        let t = Templates::load(vec![tpl("a.html", "{{ get_url(path=\"@/about.md#x\", lang=lang) }} {{ get_url(path=\"style.css\") }}"), tpl("b.html", "{{ get_url(path=\"@/nope.md\", lang=lang) }}")], locales(), targets, LanguageTags::default()).unwrap();
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

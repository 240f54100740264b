//! What can be wrong in a template, located: syntax errors at their line and column, nesting
//! past the limit, ranges with literal bounds past the limit, and calls of the functions that
//! could read the environment or never end.

use super::*;

/// A template nested deeper than [`limits::TEMPLATE_NESTING`], at the tag that goes past it.
pub(super) fn nesting_diagnostic(
    f: &TemplateFile,
    deep: &nesting::template::TooDeep,
) -> Diagnostic {
    let limit = limits::TEMPLATE_NESTING;
    let (offset, message) = match deep {
        nesting::template::TooDeep::Bodies(at) => (
            *at,
            format!(
                "`if`, `for`, `block`, `macro` and `filter` tags nest more than {limit} deep here"
            ),
        ),
        nesting::template::TooDeep::Expression(at) => (
            *at,
            format!("this tag has more than {limit} operators, brackets, arguments and filters"),
        ),
    };
    Diagnostic::new(
        Code::TemplateNesting,
        LineIndex::new(&f.text).location(&f.path, offset),
        message,
    )
    .with_help("Tera reads and renders each level by recursion; split the tag or the template")
}

/// A `range()` whose literal `end` is longer than [`limits::TEMPLATE_RANGE`]: refused where it
/// is written, before any page renders. A computed one is refused when it runs.
pub(super) fn literal_ranges(files: &[TemplateFile]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in files {
        let index = LineIndex::new(&f.text);
        for (k, _) in f.text.match_indices("range(") {
            let args = &f.text[k..f.text[k..].find(')').map_or(f.text.len(), |e| k + e)];
            if let Some(end) = args.split("end").nth(1).map(|r| {
                r.trim_start_matches([' ', '='])
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            }) {
                if end
                    .parse::<u64>()
                    .map_or(!end.is_empty(), |n| n > limits::TEMPLATE_RANGE)
                {
                    out.push(Diagnostic::new(
                        Code::TemplateRange,
                        index.location(&f.path, k),
                        format!(
                            "range of {end} items: zaklyk renders loops of at most {}",
                            limits::TEMPLATE_RANGE
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// Functions that templates may not call, with why and what to do instead.
pub(super) const REFUSED_FUNCTIONS: [(&str, &str, &str); 3] = [
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

/// Templates that name a parent (`extends`) or a macro file (`import`) that is not loaded: read
/// from the parsed templates, so each is reported at its own file rather than found in the text
/// of Tera's first error.
pub(super) fn missing_templates(templates: &[(&TemplateFile, &tera::Template)]) -> Vec<Diagnostic> {
    let names: std::collections::HashSet<&str> =
        templates.iter().map(|(f, _)| f.name.as_str()).collect();
    let mut out = Vec::new();
    for (f, t) in templates {
        let named = t.parent.iter().map(|p| ("extends", p)).chain(
            t.imported_macro_files
                .iter()
                .map(|(file, _)| ("imports macros from", file)),
        );
        for (how, name) in named.filter(|(_, n)| !names.contains(n.as_str())) {
            let offset = f.text.find(&format!("\"{name}\"")).unwrap_or(0);
            out.push(
                Diagnostic::new(
                    Code::TemplateMissing,
                    LineIndex::new(&f.text).location(&f.path, offset),
                    format!("`{}` {how} `{name}`, which is not a template", f.name),
                )
                .with_help("name a template of theme/templates/ or of the default theme (whose templates are also named zaklyk/<name>, e.g. zaklyk/page.html)"),
            );
        }
    }
    out
}

/// Every call of a refused function in the parsed templates, located at the call. Tera's syntax
/// tree has no positions: the calls are found in the tree (so a name in text or a comment does
/// not count), then located at the matching occurrences of `name(` in the file.
pub(super) fn refused_functions(templates: &[(&TemplateFile, &tera::Template)]) -> Vec<Diagnostic> {
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
    for (f, template) in templates {
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
pub(super) fn call_offsets(text: &str, name: &str) -> Vec<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let sorted = |a: &str, b: &str| {
        let mut v: Vec<usize> = text
            .match_indices(a)
            .chain(text.match_indices(b))
            .map(|(i, _)| i)
            .collect();
        v.sort_unstable();
        v
    };
    let (opens, closes) = (sorted("{{", "{%"), sorted("}}", "%}"));
    // The last opening and closing before `k`: in a tag when the opening is later.
    let last_before =
        |v: &[usize], k: usize| v.partition_point(|&i| i < k).checked_sub(1).map(|i| v[i]);
    let in_tag = |k: usize| {
        let opened = last_before(&opens, k);
        opened.is_some() && opened > last_before(&closes, k)
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

pub(super) fn cause_chain(e: &tera::Error) -> String {
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
pub(super) fn syntax_diagnostic(f: &TemplateFile, e: &tera::Error) -> Diagnostic {
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

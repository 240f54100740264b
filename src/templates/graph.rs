//! The chains templates render through: `extends`, `import`, `include` and macro calls.
//!
//! Tera follows each by recursion — its renderer, its loading of macro namespaces (which never
//! returns when two files import each other) and its `build_inheritance_chains` (which never
//! returns on a chain of parents that runs into a loop) — so a cycle never ends and a long chain
//! overflows the stack. The templates and their macros are the vertices of a graph whose edges are
//! those four kinds of reference, read from the parsed syntax trees. A macro call is resolved as
//! Tera resolves it: through the namespaces of the template it is written in, which include, for
//! names not taken, those of the files it imports and of its parents, transitively. The graph's
//! strongly connected components (Tarjan's algorithm with an explicit stack: a chain of thirty
//! thousand macros is as deep as the graph goes) give every cycle, and the longest path through
//! the components every chain, in time linear in the size of the templates.

use crate::diag::{Code, Diagnostic, LineIndex, Location};
use crate::limits;
use crate::theme::TemplateFile;
use std::collections::HashMap;
use tera::ast::{Expr, ExprVal, Node};
use tera::Template;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Extends,
    Import,
    Include,
    Call,
}

/// A template (macro `None`) or one of its macros.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Vertex {
    template: String,
    macro_name: Option<String>,
}

struct Graph {
    vertices: Vec<Vertex>,
    ids: HashMap<Vertex, usize>,
    edges: Vec<Vec<(usize, Kind)>>,
}

impl Graph {
    fn id(&self, template: &str, macro_name: Option<&str>) -> Option<usize> {
        self.ids
            .get(&Vertex {
                template: template.to_string(),
                macro_name: macro_name.map(str::to_string),
            })
            .copied()
    }

    /// The vertices (every template, every macro) and the edges between templates: parents,
    /// imports, includes.
    fn templates(templates: &[(&TemplateFile, &Template)]) -> Graph {
        let mut graph = Graph {
            vertices: Vec::new(),
            ids: HashMap::new(),
            edges: Vec::new(),
        };
        for (_, t) in templates {
            let mut macros: Vec<&String> = t.macros.keys().collect();
            macros.sort();
            let names = std::iter::once(None).chain(macros.into_iter().map(|m| Some(m.clone())));
            for macro_name in names {
                let v = Vertex {
                    template: t.name.clone(),
                    macro_name,
                };
                graph.ids.insert(v.clone(), graph.vertices.len());
                graph.vertices.push(v);
                graph.edges.push(Vec::new());
            }
        }
        for (_, t) in templates {
            let own = graph.id(&t.name, None).unwrap_or_default();
            let mut out = Vec::new();
            if let Some(p) = t.parent.as_deref().and_then(|p| graph.id(p, None)) {
                out.push((p, Kind::Extends));
            }
            for (file, _) in &t.imported_macro_files {
                if let Some(f) = graph.id(file, None) {
                    out.push((f, Kind::Import));
                }
            }
            graph.edges[own].extend(out);
        }
        graph
    }

    /// Adds the includes and macro calls of every body, resolved through `namespaces`.
    fn add_calls(
        &mut self,
        templates: &[(&TemplateFile, &Template)],
        namespaces: &HashMap<String, HashMap<String, String>>,
    ) {
        for (_, t) in templates {
            let empty = HashMap::new();
            let names = namespaces.get(&t.name).unwrap_or(&empty);
            let bodies = std::iter::once((None, &t.ast)).chain(
                t.macros
                    .iter()
                    .map(|(name, definition)| (Some(name.as_str()), &definition.body)),
            );
            for (macro_name, body) in bodies {
                let Some(from) = self.id(&t.name, macro_name) else {
                    continue;
                };
                let mut refs = Vec::new();
                references(body, &mut refs);
                let resolved: Vec<(usize, Kind)> = refs
                    .iter()
                    .filter_map(|r| match r {
                        Reference::Include(name) => {
                            self.id(name, None).map(|id| (id, Kind::Include))
                        }
                        Reference::Call(ns, name) => {
                            let file = names.get(ns)?;
                            self.id(file, Some(name)).map(|id| (id, Kind::Call))
                        }
                    })
                    .collect();
                self.edges[from].extend(resolved);
            }
        }
    }

    /// The strongly connected components, each after every component it leads to.
    fn components(&self) -> Vec<Vec<usize>> {
        let n = self.vertices.len();
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut out = Vec::new();
        let mut next = 0;
        for root in 0..n {
            if index[root] != usize::MAX {
                continue;
            }
            let mut work: Vec<(usize, usize)> = vec![(root, 0)];
            while let Some(&mut (v, ref mut child)) = work.last_mut() {
                if *child == 0 && index[v] == usize::MAX {
                    index[v] = next;
                    low[v] = next;
                    next += 1;
                    stack.push(v);
                    on_stack[v] = true;
                }
                if let Some(&(w, _)) = self.edges[v].get(*child) {
                    *child += 1;
                    if index[w] == usize::MAX {
                        work.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(component);
                }
            }
        }
        out
    }
}

enum Reference {
    Include(String),
    Call(String, String),
}

/// The includes and macro calls of a body (macro definitions in it are vertices of their own).
fn references(nodes: &[Node], out: &mut Vec<Reference>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => out.extend(names.iter().cloned().map(Reference::Include)),
            Node::VariableBlock(_, e) => expression(e, out),
            Node::Set(_, set) => expression(&set.value, out),
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|a| expression(a, out));
                references(&section.body, out);
            }
            Node::Block(_, block, _) => references(&block.body, out),
            Node::Forloop(_, forloop, _) => {
                expression(&forloop.container, out);
                references(&forloop.body, out);
                if let Some(empty) = &forloop.empty_body {
                    references(empty, out);
                }
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    expression(condition, out);
                    references(body, out);
                }
                if let Some((_, body)) = &branches.otherwise {
                    references(body, out);
                }
            }
            Node::MacroDefinition(..)
            | Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

fn expression(e: &Expr, out: &mut Vec<Reference>) {
    for f in &e.filters {
        f.args.values().for_each(|a| expression(a, out));
    }
    match &e.val {
        ExprVal::MacroCall(call) => {
            out.push(Reference::Call(call.namespace.clone(), call.name.clone()));
            call.args.values().for_each(|a| expression(a, out));
        }
        ExprVal::FunctionCall(call) => call.args.values().for_each(|a| expression(a, out)),
        ExprVal::Math(m) => {
            expression(&m.lhs, out);
            expression(&m.rhs, out);
        }
        ExprVal::Logic(l) => {
            expression(&l.lhs, out);
            expression(&l.rhs, out);
        }
        ExprVal::In(i) => {
            expression(&i.lhs, out);
            expression(&i.rhs, out);
        }
        ExprVal::Test(t) => t.args.iter().for_each(|a| expression(a, out)),
        ExprVal::Array(items) => items.iter().for_each(|a| expression(a, out)),
        _ => {}
    }
}

/// The macro namespaces of every template, as Tera's `MacroCollection` builds them: `self` for
/// its own macros, each import's namespace, then the namespaces of what it imports and of its
/// parents where the name is not taken. `order` has every template after those it imports and
/// extends (the graph of those edges has no cycle when this is called).
fn namespaces(
    templates: &[(&TemplateFile, &Template)],
    graph: &Graph,
    order: &[Vec<usize>],
) -> HashMap<String, HashMap<String, String>> {
    let by_name: HashMap<&str, &Template> = templates
        .iter()
        .map(|(_, t)| (t.name.as_str(), *t))
        .collect();
    let mut out: HashMap<String, HashMap<String, String>> = HashMap::new();
    for component in order {
        let vertex = &graph.vertices[component[0]];
        if vertex.macro_name.is_some() {
            continue;
        }
        let Some(t) = by_name.get(vertex.template.as_str()) else {
            continue;
        };
        let mut names: HashMap<String, String> = HashMap::new();
        if !t.macros.is_empty() {
            names.insert("self".into(), t.name.clone());
        }
        for (file, ns) in &t.imported_macro_files {
            names.insert(ns.clone(), file.clone());
            for (inner, target) in out.get(file).cloned().unwrap_or_default() {
                names.entry(inner).or_insert(target);
            }
        }
        // Tera's own list of parents: the parent, its parent, and so on.
        let mut parent = t.parent.clone();
        let mut seen = 0;
        while let Some(p) = parent.take() {
            for (inner, target) in out.get(&p).cloned().unwrap_or_default() {
                names.entry(inner).or_insert(target);
            }
            parent = by_name.get(p.as_str()).and_then(|pt| pt.parent.clone());
            seen += 1;
            if seen > templates.len() {
                break;
            }
        }
        out.insert(t.name.clone(), names);
    }
    out
}

/// Cycles and chains longer than [`limits::TEMPLATE_NESTING`] through `extends`, `import`,
/// `include` and macro calls, each at the tag that starts it.
pub(crate) fn check(templates: &[(&TemplateFile, &Template)]) -> Vec<Diagnostic> {
    let files: HashMap<&str, &TemplateFile> = templates
        .iter()
        .map(|(f, _)| (f.name.as_str(), *f))
        .collect();
    let mut places = Places {
        files,
        tags: HashMap::new(),
    };
    // Parents and imports first: namespaces can only be followed where they end.
    let mut graph = Graph::templates(templates);
    let order = graph.components();
    let out = cycles(&graph, &order, &mut places);
    if !out.is_empty() {
        return out;
    }
    let namespaces = namespaces(templates, &graph, &order);
    graph.add_calls(templates, &namespaces);
    let components = graph.components();
    let out = cycles(&graph, &components, &mut places);
    if !out.is_empty() {
        return out;
    }
    longest_chain(&graph, &components, &mut places)
        .into_iter()
        .collect()
}

/// Locations of tags in templates, each template's tags read once, so that thousands of
/// diagnostics about one file cost one pass over it.
struct Places<'a> {
    files: HashMap<&'a str, &'a TemplateFile>,
    tags: HashMap<&'a str, FileTags<'a>>,
}

/// A file's line index, and the offset of its first tag of each (kind, name or quoted argument).
type FileTags<'a> = (LineIndex<'a>, HashMap<(String, String), usize>);

impl<'a> Places<'a> {
    /// The first `kind` tag of `template` whose name is `needle` or whose quoted argument is
    /// `needle` (quotes included); any tag of that kind when `needle` is empty.
    fn at(&mut self, template: &str, kind: &str, needle: &str) -> Location {
        let Some(&file) = self.files.get(template) else {
            return Location::file(format!("theme/templates/{template}"));
        };
        let (index, first) = self.tags.entry(file.name.as_str()).or_insert_with(|| {
            let mut first = HashMap::new();
            for t in crate::nesting::template::tags(&file.text) {
                let tag = file.text[t.offset..].split("%}").next().unwrap_or("");
                let quoted = tag.split(['"', '\'']).skip(1).step_by(2);
                let keys = std::iter::once(String::new())
                    .chain(std::iter::once(t.name.clone()))
                    .chain(quoted.map(|q| format!("\"{q}\"")));
                for key in keys {
                    first.entry((t.kind.clone(), key)).or_insert(t.offset);
                }
            }
            (LineIndex::new(&file.text), first)
        });
        let offset = first
            .get(&(kind.to_string(), needle.to_string()))
            .copied()
            .unwrap_or(0);
        index.location(&file.path, offset)
    }

    fn file(&self, template: &str) -> Location {
        self.files.get(template).map_or_else(
            || Location::file(format!("theme/templates/{template}")),
            |f| Location::file(&f.path),
        )
    }
}

/// A diagnostic for every edge inside a strongly connected component (or onto itself).
fn cycles(graph: &Graph, components: &[Vec<usize>], places: &mut Places) -> Vec<Diagnostic> {
    let mut component_of = vec![0; graph.vertices.len()];
    for (c, members) in components.iter().enumerate() {
        for &v in members {
            component_of[v] = c;
        }
    }
    let mut out = Vec::new();
    for (v, vertex) in graph.vertices.iter().enumerate() {
        for &(w, kind) in &graph.edges[v] {
            if component_of[w] != component_of[v] {
                continue;
            }
            let (from, to) = (&vertex.template, &graph.vertices[w].template);
            let diagnostic = match (kind, &vertex.macro_name) {
                (Kind::Include, _) => Diagnostic::new(Code::TemplateRecursion, places.at(from, "include", &format!("\"{to}\"")), format!("`{from}` includes `{to}`, which leads back to `{from}`: the include never ends"))
                    .with_help("Tera would recurse until the stack overflows; break the cycle"),
                // A site's `page.html` that extends "page.html" names itself (it replaced the
                // built-in one): say how to reach the built-in template instead.
                (Kind::Extends, _) if from == to => Diagnostic::new(Code::TemplateRecursion, places.at(from, "extends", ""), format!("`{from}` extends itself: a site template replaces the built-in one of the same name"))
                    .with_help(format!("to change part of the built-in template, extend it under its built-in name: {{% extends \"{}{from}\" %}}", crate::theme::BUILT_IN_PREFIX)),
                (Kind::Extends, _) => Diagnostic::new(Code::TemplateRecursion, places.at(from, "extends", ""), format!("`{from}` extends `{to}`, which leads back to `{from}`: the chain of parents never ends"))
                    .with_help("a template's parents must end in one that extends nothing"),
                (Kind::Import, _) => Diagnostic::new(Code::TemplateRecursion, places.at(from, "import", &format!("\"{to}\"")), format!("`{from}` imports `{to}`, which leads back to `{from}`: Tera would never finish loading their macros"))
                    .with_help("imports must not form a cycle: move the macros both need into a third file"),
                (Kind::Call, Some(name)) => Diagnostic::new(Code::TemplateRecursion, places.at(from, "macro", name), format!("macro `{name}` calls itself: a recursion without bound would crash the build"))
                    .with_help("zaklyk does not render recursive macros; unroll it or pass the data already shaped"),
                (Kind::Call, None) => continue,
            };
            out.push(diagnostic);
        }
    }
    out.sort_by(|a, b| a.location.cmp(&b.location));
    out.dedup();
    out
}

/// The longest chain through the graph, when it is longer than the limit. Without cycles every
/// component is one vertex, and each comes after those it leads to.
fn longest_chain(
    graph: &Graph,
    components: &[Vec<usize>],
    places: &mut Places,
) -> Option<Diagnostic> {
    let mut longest = vec![0usize; graph.vertices.len()];
    for members in components {
        let v = members[0];
        longest[v] = 1 + graph.edges[v]
            .iter()
            .map(|&(w, _)| longest[w])
            .max()
            .unwrap_or(0);
    }
    let v = (0..graph.vertices.len())
        .max_by_key(|&v| (longest[v], std::cmp::Reverse(v)))
        .filter(|&v| longest[v] > limits::TEMPLATE_NESTING)?;
    let vertex = &graph.vertices[v];
    let (location, what) = match &vertex.macro_name {
        Some(name) => (
            places.at(&vertex.template, "macro", name),
            format!("macro `{name}`"),
        ),
        None => (
            places.file(&vertex.template),
            format!("`{}`", vertex.template),
        ),
    };
    Some(
        Diagnostic::new(
            Code::TemplateNesting,
            location,
            format!(
                "{what} renders through a chain of {} templates and macros (extends, import, include, macro calls); zaklyk renders chains of up to {}",
                longest[v],
                limits::TEMPLATE_NESTING
            ),
        )
        .with_help("each link of the chain is a level of Tera's recursion; shorten the chain"),
    )
}

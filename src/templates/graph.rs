//! The chains templates render through: `extends`, `include` and macro calls.
//!
//! Tera follows each by recursion (its renderer, and its `build_inheritance_chains`, which never
//! returns on a chain that runs into a loop), so a cycle never ends and a long chain overflows
//! the stack. The templates and macros are the nodes of a graph whose edges are those three
//! kinds of reference, read from the parsed syntax trees; its strongly connected components
//! (Tarjan's algorithm, with an explicit stack: a chain of thirty thousand macros is as deep as
//! the graph goes) give every cycle, and the longest path through the components every chain,
//! in time linear in the templates' size.

use super::TemplateFile;
use crate::diag::{Code, Diagnostic, LineIndex, Location};
use crate::limits;
use std::collections::HashMap;
use tera::ast::{Expr, ExprVal, Node};
use tera::Template;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Extends,
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
    edges: Vec<Vec<(usize, Kind)>>,
}

impl Graph {
    fn build(templates: &[(&TemplateFile, &Template)]) -> Graph {
        let mut ids: HashMap<Vertex, usize> = HashMap::new();
        let mut vertices = Vec::new();
        for (_, t) in templates {
            let mut names: Vec<Option<String>> = vec![None];
            let mut macros: Vec<&String> = t.macros.keys().collect();
            macros.sort();
            names.extend(macros.into_iter().map(|m| Some(m.clone())));
            for macro_name in names {
                let v = Vertex {
                    template: t.name.clone(),
                    macro_name,
                };
                ids.insert(v.clone(), vertices.len());
                vertices.push(v);
            }
        }
        let mut edges = vec![Vec::new(); vertices.len()];
        for (_, t) in templates {
            let namespaces: HashMap<&str, &str> = t
                .imported_macro_files
                .iter()
                .map(|(file, ns)| (ns.as_str(), file.as_str()))
                .collect();
            let resolve = |r: &Reference| -> Option<(usize, Kind)> {
                let (vertex, kind) = match r {
                    Reference::Include(name) => (
                        Vertex {
                            template: name.clone(),
                            macro_name: None,
                        },
                        Kind::Include,
                    ),
                    Reference::Call(ns, name) => {
                        let file = if ns == "self" {
                            t.name.as_str()
                        } else {
                            namespaces.get(ns.as_str())?
                        };
                        (
                            Vertex {
                                template: file.to_string(),
                                macro_name: Some(name.clone()),
                            },
                            Kind::Call,
                        )
                    }
                };
                ids.get(&vertex).map(|&id| (id, kind))
            };
            let own = ids[&Vertex {
                template: t.name.clone(),
                macro_name: None,
            }];
            let mut refs = Vec::new();
            references(&t.ast, &mut refs);
            edges[own].extend(refs.iter().filter_map(resolve));
            if let Some(parent) = &t.parent {
                if let Some(&p) = ids.get(&Vertex {
                    template: parent.clone(),
                    macro_name: None,
                }) {
                    edges[own].push((p, Kind::Extends));
                }
            }
            for (name, definition) in &t.macros {
                let id = ids[&Vertex {
                    template: t.name.clone(),
                    macro_name: Some(name.clone()),
                }];
                let mut refs = Vec::new();
                references(&definition.body, &mut refs);
                edges[id].extend(refs.iter().filter_map(resolve));
            }
        }
        Graph { vertices, edges }
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

/// Cycles and chains longer than [`limits::TEMPLATE_NESTING`] through `extends`, `include` and
/// macro calls, each at the tag that starts it.
pub fn check(templates: &[(&TemplateFile, &Template)]) -> Vec<Diagnostic> {
    let graph = Graph::build(templates);
    let files: HashMap<&str, &TemplateFile> = templates
        .iter()
        .map(|(f, _)| (f.name.as_str(), *f))
        .collect();
    let at = |template: &str, kind: &str, needle: &str| -> Location {
        let Some(file) = files.get(template) else {
            return Location::file(format!("theme/templates/{template}"));
        };
        let tags = crate::nesting::template::tags(&file.text);
        let offset = tags
            .iter()
            .find(|t| {
                t.kind == kind
                    && (needle.is_empty()
                        || t.name == needle
                        || file.text[t.offset..]
                            .split("%}")
                            .next()
                            .is_some_and(|tag| tag.contains(needle)))
            })
            .map_or(0, |t| t.offset);
        LineIndex::new(&file.text).location(&file.path, offset)
    };
    let components = graph.components();
    let mut component_of = vec![0; graph.vertices.len()];
    for (c, members) in components.iter().enumerate() {
        for &v in members {
            component_of[v] = c;
        }
    }
    let mut out = Vec::new();
    for (v, vertex) in graph.vertices.iter().enumerate() {
        let cyclic = |w: usize| component_of[w] == component_of[v];
        for &(w, kind) in &graph.edges[v] {
            if !cyclic(w) {
                continue;
            }
            let (from, to) = (&vertex.template, &graph.vertices[w].template);
            match (kind, &vertex.macro_name) {
                (Kind::Include, _) => out.push(
                    Diagnostic::new(Code::TemplateRecursion, at(from, "include", &format!("\"{to}\"")), format!("`{from}` includes `{to}`, which leads back to `{from}`: the include never ends"))
                        .with_help("Tera would recurse until the stack overflows; break the cycle"),
                ),
                (Kind::Extends, _) => out.push(
                    Diagnostic::new(Code::TemplateRecursion, at(from, "extends", ""), format!("`{from}` extends `{to}`, which leads back to `{from}`: the chain of parents never ends"))
                        .with_help("a template's parents must end in one that extends nothing"),
                ),
                (Kind::Call, Some(name)) => out.push(
                    Diagnostic::new(Code::TemplateRecursion, at(from, "macro", name), format!("macro `{name}` calls itself: a recursion without bound would crash the build"))
                        .with_help("zaklyk does not render recursive macros; unroll it or pass the data already shaped"),
                ),
                (Kind::Call, None) => {}
            }
        }
    }
    if !out.is_empty() {
        out.sort_by(|a, b| a.location.cmp(&b.location));
        out.dedup();
        return out;
    }
    // No cycles: every component is one vertex, and each comes after those it leads to.
    let mut longest = vec![0usize; graph.vertices.len()];
    for members in &components {
        let v = members[0];
        longest[v] = 1 + graph.edges[v]
            .iter()
            .map(|&(w, _)| longest[w])
            .max()
            .unwrap_or(0);
    }
    let deepest = (0..graph.vertices.len()).max_by_key(|&v| (longest[v], std::cmp::Reverse(v)));
    if let Some(v) = deepest.filter(|&v| longest[v] > limits::TEMPLATE_NESTING) {
        let vertex = &graph.vertices[v];
        let location = match &vertex.macro_name {
            Some(name) => at(&vertex.template, "macro", name),
            None => files.get(vertex.template.as_str()).map_or_else(
                || Location::file(format!("theme/templates/{}", vertex.template)),
                |f| Location::file(&f.path),
            ),
        };
        let what = match &vertex.macro_name {
            Some(name) => format!("macro `{name}`"),
            None => format!("`{}`", vertex.template),
        };
        out.push(
            Diagnostic::new(
                Code::TemplateNesting,
                location,
                format!(
                    "{what} renders through a chain of {} templates and macros (extends, include, macro calls); zaklyk renders chains of up to {}",
                    longest[v],
                    limits::TEMPLATE_NESTING
                ),
            )
            .with_help("each link of the chain is a level of Tera's recursion; shorten the chain"),
        );
    }
    out
}

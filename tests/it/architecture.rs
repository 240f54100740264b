//! The crate's shape, enforced by reading its source with syn.
//!
//! - Layers: `src/lib.rs` lists every module in one layer (`//! layer N name: a, b, c`). Every
//!   `crate::` path of `src/` — in `use` items, in code, in macro arguments — is an edge from the
//!   module it is written in to the module it names. An edge to a higher layer fails, and so does
//!   any cycle among modules, each named with the file and line that makes it.
//! - Libraries: each third-party library of `Cargo.toml` is used by exactly one module, named in
//!   [`OWNERS`], or is one of the few in [`SHARED`], each with the reason it is everywhere. Test
//!   code (`#[cfg(test)]`) may check a result with another library.
//! - Size: no function longer than [`MAX_FUNCTION_LINES`] lines unless [`LONG_FUNCTIONS`] names it
//!   with a reason, and no file longer than [`MAX_FILE_LINES`] lines (its unit tests aside)
//!   unless its `//!` says why, in a line that starts with `//! Long because`.

use proc_macro2::{TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::spanned::Spanned;
use syn::visit::Visit;

/// Each library and the one module that uses it (`main` is the binary's `src/main.rs`).
const OWNERS: &[(&str, &str)] = &[
    ("clap", "cli"),
    ("cssparser", "css"),
    ("cssparser_color", "css"),
    ("data_encoding", "digest"),
    ("data_url", "origins"),
    ("ed25519_dalek", "signing"),
    ("fluent_bundle", "i18n"),
    ("fluent_langneg", "language"),
    ("fluent_syntax", "i18n"),
    ("getrandom", "signing"),
    ("html5gum", "origins"),
    ("httparse", "http"),
    ("icu_locale", "names"),
    ("indexmap", "project"),
    ("intl_memoizer", "i18n"),
    ("intl_pluralrules", "language"),
    ("mimalloc", "main"),
    ("minify_html", "minify"),
    ("minify_html_common", "nesting"),
    ("minify_html_onepass", "minify"),
    ("notify", "serve"),
    ("percent_encoding", "urls"),
    ("png", "cards"),
    ("pulldown_cmark", "markdown"),
    ("qrcodegen", "qr"),
    ("quick_xml", "origins"),
    ("resvg", "cards"),
    ("rustc_hash", "parts"),
    ("rustix", "fs"),
    ("serde_json", "console"),
    ("sha2", "digest"),
    ("sha3", "digest"),
    ("skrifa", "cards"),
    ("tera", "templates"),
    ("time", "package"),
    ("toml", "toml_de"),
    ("toml_edit", "toml_de"),
    ("unic_langid", "language"),
    ("url", "origins"),
    ("walkdir", "fs"),
    ("writeable", "names"),
    ("zip", "package"),
];

/// The libraries every stage may use, and why.
const SHARED: &[(&str, &str)] = &[
    (
        "anyhow",
        "the error type of environment failures (I/O), which every stage that reaches the disk returns",
    ),
    (
        "serde",
        "the derives that make each stage's data readable from TOML or visible to templates",
    ),
    (
        "rayon",
        "parallel iterators, as much a part of the language of the stages as std's iterators",
    ),
    (
        "memchr",
        "byte search, the primitive under every scanner; it has no behaviour of its own",
    ),
];

/// Functions longer than this many lines (first to last line of the item) need a reason.
const MAX_FUNCTION_LINES: usize = 80;
/// Files longer than this many lines need a `//! Long because` line.
const MAX_FILE_LINES: usize = 500;

/// Functions allowed to be longer than [`MAX_FUNCTION_LINES`], as `file::function`, with why.
const LONG_FUNCTIONS: &[(&str, &str)] = &[
    (
        "check/demands::demands",
        "the demands of a translation against the source's: one walk of the two numbered lists that tells each difference (renumbered, missing, gained, repeated) apart",
    ),
    (
        "check/messages::messages",
        "each Fluent message against its source: presence, variables, references, selects and prose are reported in one pass over the pair, in the order a translator reads them",
    ),
    (
        "css/loads::walk_block",
        "one match over the CSS tokens that can load something; its arms are the CSS rules, each short",
    ),
    (
        "hosting::nginx_conf",
        "the nginx configuration, written as the text it is: one format string per block of the file",
    ),
    (
        "i18n/lookup::Locales::tr",
        "formatting with fallback along the chain, the built-in strings and each Fluent error told apart",
    ),
    (
        "markdown::events",
        "one match over pulldown-cmark's events, where the site's Markdown rules (links, raw HTML, images, the demands slot) apply",
    ),
    (
        "nesting/html::depth",
        "minify-html's element and omission rules, replayed on the tokens in one loop so the depth is exactly the parser's",
    ),
    (
        "origins/html::Scanner::start_tag",
        "a start tag's attributes checked against the element rules, in the order the browser reads them",
    ),
    (
        "origins/rules::attribute",
        "the table of attributes that load, navigate or run: one match arm per attribute family",
    ),
    (
        "origins/tests::mutation_and_legacy_tricks_are_found_too",
        "a table of attack cases, one line each",
    ),
    (
        "origins/xml::scan",
        "one match over quick-xml's events, the XML counterpart of the HTML scanner",
    ),
    (
        "render/spread::render_extra",
        "one extra page (a demand, the sheet, the updates) through the page pipeline: view, template, links, minify, scan",
    ),
    (
        "render::Renderer::new",
        "builds the state every page shares (templates, language attributes, statics, chrome) in the order each depends on the previous",
    ),
    (
        "render::render_to",
        "the parallel render of pages, site-wide files and the spread pages, joined in page order",
    ),
    (
        "render::site_wide",
        "the files that belong to no language, each made, scanned and recorded the same way",
    ),
    (
        "serve::rebuild",
        "a rebuild of the preview: prepare, render, cards, the error page, and the swap of what is served",
    ),
    (
        "status::summarize",
        "the coverage of each language counted over pages, messages and demands in one pass",
    ),
    (
        "templates::Templates::load",
        "parse, refuse, instrument and link every template, each step reporting all its problems before the next",
    ),
    (
        "templates/problems::refused_functions",
        "walks Tera's syntax tree, which has a node kind per construct that can call a function",
    ),
    (
        "views::shell",
        "fills the page chrome: one field of the view per line",
    ),
];

/// One file of `src/`, parsed.
struct Source {
    /// `src/`-relative, with `/`.
    path: String,
    /// The top-level module it belongs to (`origins` for `src/origins/html.rs`; `lib`, `main`).
    module: String,
    text: String,
    file: syn::File,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let root = src_dir();
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .map(|p| {
            let path = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let first = path.split('/').next().unwrap();
            let module = first.strip_suffix(".rs").unwrap_or(first).to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("src/{path}: {e}"));
            Source {
                path,
                module,
                text,
                file,
            }
        })
        .collect()
}

/// The layers of `src/lib.rs`'s map: module → (layer number, layer name).
fn layers(lib: &str) -> BTreeMap<String, (usize, String)> {
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.strip_prefix("//! layer ") else {
            continue;
        };
        let (head, modules) = rest.split_once(':').expect("`layer N name: modules`");
        let (number, name) = head.split_once(' ').expect("`layer N name`");
        let number: usize = number.parse().expect("a layer number");
        for module in modules.split(',') {
            let module = module.trim();
            assert!(
                out.insert(module.to_string(), (number, name.trim().to_string()))
                    .is_none(),
                "src/lib.rs puts `{module}` in two layers"
            );
        }
    }
    assert!(!out.is_empty(), "src/lib.rs has no `//! layer` lines");
    out
}

/// A path found in the source: its segments and the line it starts on.
#[derive(Debug)]
struct Found {
    segments: Vec<String>,
    line: usize,
    in_test: bool,
}

/// Collects every path: `use` trees, paths in code and types, and `a::b` sequences in macro
/// arguments (which syn leaves as tokens); and every method called (its name alone).
#[derive(Default)]
struct Paths {
    found: Vec<Found>,
    methods: Vec<Found>,
    test_depth: usize,
}

/// Whether an item is compiled for tests only (`#[cfg(test)]`).
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && matches!(&a.meta, syn::Meta::List(list) if list.tokens.to_string() == "test")
    })
}

impl Paths {
    fn push(&mut self, segments: Vec<String>, line: usize) {
        self.found.push(Found {
            segments,
            line,
            in_test: self.test_depth > 0,
        });
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree, line: usize) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree, line);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut s = prefix.clone();
                s.push(n.ident.to_string());
                self.push(s, line);
            }
            syn::UseTree::Rename(r) => {
                let mut s = prefix.clone();
                s.push(r.ident.to_string());
                self.push(s, line);
            }
            syn::UseTree::Glob(_) => {
                let mut s = prefix.clone();
                s.push("*".into());
                self.push(s, line);
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t, t.span().start().line);
                }
            }
        }
    }

    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) => self.tokens(g.stream()),
                TokenTree::Ident(first) => {
                    let mut segments = vec![first.to_string()];
                    let mut j = i + 1;
                    while j + 2 < trees.len() + 1 {
                        match (&trees.get(j), &trees.get(j + 1), &trees.get(j + 2)) {
                            (
                                Some(TokenTree::Punct(a)),
                                Some(TokenTree::Punct(b)),
                                Some(TokenTree::Ident(next)),
                            ) if a.as_char() == ':' && b.as_char() == ':' => {
                                segments.push(next.to_string());
                                j += 3;
                            }
                            _ => break,
                        }
                    }
                    if segments.len() > 1 {
                        self.push(segments, first.span().start().line);
                        i = j;
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree, item.span().start().line);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() > 1 {
            self.push(segments, path.span().start().line);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        self.tokens(mac.tokens.clone());
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.methods.push(Found {
            segments: vec![call.method.to_string()],
            line: call.method.span().start().line,
            in_test: self.test_depth > 0,
        });
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        let test = is_cfg_test(&item.attrs);
        self.test_depth += usize::from(test);
        syn::visit::visit_item_mod(self, item);
        self.test_depth -= usize::from(test);
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        let test = is_cfg_test(&item.attrs);
        self.test_depth += usize::from(test);
        syn::visit::visit_item_fn(self, item);
        self.test_depth -= usize::from(test);
    }
}

fn paths_of(source: &Source) -> Vec<Found> {
    visit_source(source).found
}

fn visit_source(source: &Source) -> Paths {
    let mut paths = Paths::default();
    // A file that is itself a test module (`origins/tests.rs`) is declared `#[cfg(test)]`.
    if source.path.ends_with("/tests.rs") {
        paths.test_depth = 1;
    }
    paths.visit_file(&source.file);
    paths
}

/// The module a path names, if it is one of this crate's (`crate::x::…` in the library,
/// `zaklyk::x::…` in the binary).
fn target_module(source: &Source, segments: &[String]) -> Option<String> {
    let root = if source.module == "main" {
        "zaklyk"
    } else {
        "crate"
    };
    (segments.len() > 1 && segments[0] == root).then(|| segments[1].clone())
}

/// A use of one module by another, where it is written.
#[derive(Debug, Clone)]
struct Edge {
    from: String,
    to: String,
    at: String,
}

fn edges(sources: &[Source]) -> Vec<Edge> {
    let mut out = Vec::new();
    for source in sources {
        if source.module == "lib" {
            continue;
        }
        for found in paths_of(source) {
            if let Some(to) = target_module(source, &found.segments) {
                if to != source.module && to != "*" {
                    out.push(Edge {
                        from: source.module.clone(),
                        to,
                        at: format!(
                            "src/{}:{}: `{}`",
                            source.path,
                            found.line,
                            found.segments.join("::")
                        ),
                    });
                }
            }
        }
    }
    out
}

#[test]
fn every_module_is_in_one_layer_and_uses_only_its_own_and_lower_layers() {
    let sources = sources();
    let lib = sources.iter().find(|s| s.path == "lib.rs").unwrap();
    let layers = layers(&lib.text);
    let modules: BTreeSet<String> = sources
        .iter()
        .map(|s| s.module.clone())
        .filter(|m| m != "lib")
        .collect();
    let mut problems = Vec::new();
    for m in &modules {
        if !layers.contains_key(m) {
            problems.push(format!("src/lib.rs: module `{m}` is in no layer"));
        }
    }
    for m in layers.keys() {
        if !modules.contains(m) {
            problems.push(format!(
                "src/lib.rs: layer lists `{m}`, which is not a module"
            ));
        }
    }
    for edge in edges(&sources) {
        let (Some((from_n, from_name)), Some((to_n, to_name))) =
            (layers.get(&edge.from), layers.get(&edge.to))
        else {
            continue;
        };
        if to_n > from_n {
            problems.push(format!(
                "{}: `{}` (layer {from_n} {from_name}) uses `{}` (layer {to_n} {to_name}), a higher layer",
                edge.at, edge.from, edge.to
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_module_uses_itself_through_others() {
    let sources = sources();
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for edge in edges(&sources) {
        graph
            .entry(edge.from.clone())
            .or_default()
            .entry(edge.to.clone())
            .or_insert(edge.at);
    }
    let cycles = cycles(&graph);
    let described: Vec<String> = cycles
        .iter()
        .map(|cycle| {
            let mut lines = vec![format!("cycle: {}", cycle.join(" → "))];
            for pair in cycle.windows(2) {
                lines.push(format!("  {}", graph[&pair[0]][&pair[1]]));
            }
            lines.join("\n")
        })
        .collect();
    assert!(described.is_empty(), "{}", described.join("\n"));
}

/// One cycle (as a closed walk `a → b → … → a`) through each strongly connected component that
/// has one, found by depth-first search.
fn cycles(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|m| m.keys()) {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                0 => visit(next, graph, state, stack, out),
                1 => {
                    let start = stack.iter().position(|m| m == next).unwrap();
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    out.push(cycle);
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
    }
    let mut state = BTreeMap::new();
    let mut out = Vec::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            visit(node, graph, &mut state, &mut Vec::new(), &mut out);
        }
    }
    out
}

#[test]
fn the_cycle_finder_names_a_cycle_and_passes_a_layered_graph() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string())
                .or_default()
                .insert(b.to_string(), String::new());
        }
        g
    };
    assert_eq!(
        cycles(&graph(&[
            ("check", "render"),
            ("render", "status"),
            ("status", "check")
        ])),
        vec![vec!["check", "render", "status", "check"]]
    );
    assert!(cycles(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
}

/// The names of `Cargo.toml`'s dependencies as code spells them (`-` → `_`).
fn dependencies() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let manifest: toml::Table = text.parse().unwrap();
    let mut out = BTreeSet::new();
    let mut add = |table: Option<&toml::Value>| {
        for name in table
            .and_then(|t| t.as_table())
            .into_iter()
            .flat_map(|t| t.keys())
        {
            out.insert(name.replace('-', "_"));
        }
    };
    add(manifest.get("dependencies"));
    if let Some(targets) = manifest.get("target").and_then(|t| t.as_table()) {
        for target in targets.values() {
            add(target.get("dependencies"));
        }
    }
    out
}

#[test]
fn each_library_is_used_by_its_one_module() {
    let deps = dependencies();
    let owners: BTreeMap<&str, &str> = OWNERS.iter().copied().collect();
    let shared: BTreeSet<&str> = SHARED.iter().map(|(c, _)| *c).collect();
    let mut problems = Vec::new();
    for dep in &deps {
        if !owners.contains_key(dep.as_str()) && !shared.contains(dep.as_str()) {
            problems.push(format!(
                "Cargo.toml: `{dep}` has no owner in tests/it/architecture.rs's OWNERS (or SHARED, with a reason)"
            ));
        }
    }
    for name in owners.keys().chain(shared.iter()) {
        if !deps.contains(*name) {
            problems.push(format!(
                "tests/it/architecture.rs names `{name}`, which is not a dependency"
            ));
        }
    }
    let mut used_by: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for source in sources() {
        for found in paths_of(&source) {
            let first = found.segments[0].as_str();
            let Some((dep, owner)) = owners.get_key_value(first) else {
                continue;
            };
            used_by
                .entry(dep)
                .or_default()
                .insert(source.module.clone());
            if found.in_test || source.module == *owner {
                continue;
            }
            problems.push(format!(
                "src/{}:{}: `{}` uses {dep}, which belongs to `{owner}`",
                source.path, found.line, source.module
            ));
        }
    }
    for (dep, owner) in &owners {
        if !used_by.get(dep).is_some_and(|m| m.contains(*owner)) {
            problems.push(format!("`{owner}` owns {dep} but does not use it"));
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A function's length: from its first line (attributes and doc comment excluded) to its last.
fn function_lengths(source: &Source) -> Vec<(String, usize, usize)> {
    #[derive(Default)]
    struct Functions {
        out: Vec<(String, usize, usize)>,
        owner: Vec<String>,
    }
    impl Functions {
        fn record(&mut self, name: &syn::Ident, sig: &syn::Signature, block: &syn::Block) {
            let first = sig.span().start().line;
            let last = block.span().end().line;
            let name = match self.owner.last() {
                Some(owner) => format!("{owner}::{name}"),
                None => name.to_string(),
            };
            self.out.push((name, first, last - first + 1));
        }
    }
    impl<'ast> Visit<'ast> for Functions {
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.record(&f.sig.ident, &f.sig, &f.block);
            syn::visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.record(&f.sig.ident, &f.sig, &f.block);
            syn::visit::visit_impl_item_fn(self, f);
        }
        fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
            let name = match &*i.self_ty {
                syn::Type::Path(p) => p
                    .path
                    .segments
                    .last()
                    .map_or_else(String::new, |s| s.ident.to_string()),
                _ => String::new(),
            };
            self.owner.push(name);
            syn::visit::visit_item_impl(self, i);
            self.owner.pop();
        }
    }
    let mut functions = Functions::default();
    functions.visit_file(&source.file);
    functions.out
}

/// A file's length without its test modules (`#[cfg(test)] mod tests { … }`); a file that is a
/// test module (`origins/tests.rs`) has none.
fn code_lines(source: &Source) -> usize {
    if source.path.ends_with("/tests.rs") {
        return 0;
    }
    let tests: usize = source
        .file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if is_cfg_test(&m.attrs) => {
                let span = m.span();
                Some(span.end().line - span.start().line + 1)
            }
            _ => None,
        })
        .sum();
    source.text.lines().count() - tests
}

#[test]
fn functions_and_files_are_short_or_say_why() {
    let allowed: BTreeMap<&str, &str> = LONG_FUNCTIONS.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    let mut longest = (String::new(), 0);
    for source in sources() {
        let module_path = source.path.trim_end_matches(".rs");
        for (name, line, length) in function_lengths(&source) {
            let key = format!("{module_path}::{name}");
            if length > longest.1 {
                longest = (key.clone(), length);
            }
            if length > MAX_FUNCTION_LINES {
                if allowed.contains_key(key.as_str()) {
                    seen.insert(key);
                } else {
                    problems.push(format!(
                        "src/{}:{line}: `{name}` is {length} lines long (more than {MAX_FUNCTION_LINES}): split it, or add `{key}` to LONG_FUNCTIONS with a reason",
                        source.path
                    ));
                }
            }
        }
        let lines = code_lines(&source);
        let says_why = source
            .text
            .lines()
            .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
            .any(|l| l.starts_with("//! Long because"));
        if lines > MAX_FILE_LINES && !says_why {
            problems.push(format!(
                "src/{}: {lines} lines (more than {MAX_FILE_LINES}) and no `//! Long because …` line saying why",
                source.path
            ));
        } else if lines <= MAX_FILE_LINES && says_why {
            problems.push(format!(
                "src/{}: {lines} lines, no longer over {MAX_FILE_LINES}: remove its `//! Long because …` line",
                source.path
            ));
        }
    }
    for (key, _) in LONG_FUNCTIONS {
        if !seen.contains(*key) {
            problems.push(format!(
                "LONG_FUNCTIONS lists `{key}`, which is no longer over {MAX_FUNCTION_LINES} lines (or gone): remove it"
            ));
        }
    }
    eprintln!("longest function: {} ({} lines)", longest.0, longest.1);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Methods of `std::path::Path` that touch the disk; outside `fs` they bypass its errors that
/// name the path (and its confinement of a site's reads).
const DISK_METHODS: &[&str] = &[
    "exists",
    "try_exists",
    "is_dir",
    "is_file",
    "is_symlink",
    "metadata",
    "symlink_metadata",
    "canonicalize",
    "read_dir",
    "read_link",
];

/// Calls of those names that are not on a path, with the reason.
const NOT_ON_DISK: &[(&str, &str)] = &[(
    "package::is_dir",
    "a zip entry's kind, read from the archive in memory",
)];

/// Where a module other than `fs` touches the disk itself: a `std::fs` path, or a method of
/// [`DISK_METHODS`] (tests aside).
fn disk_calls(source: &Source) -> Vec<String> {
    let Paths { found, methods, .. } = visit_source(source);
    let methods = methods
        .into_iter()
        .filter(|m| !m.in_test && DISK_METHODS.contains(&m.segments[0].as_str()))
        .filter(|m| {
            let key = format!("{}::{}", source.module, m.segments[0]);
            !NOT_ON_DISK.iter().any(|(k, _)| *k == key)
        })
        .map(|m| format!("src/{}:{}: `.{}()`", source.path, m.line, m.segments[0]));
    let paths = found
        .into_iter()
        .filter(|p| !p.in_test && p.segments.starts_with(&["std".into(), "fs".into()]))
        .map(|p| {
            format!(
                "src/{}:{}: `{}`",
                source.path,
                p.line,
                p.segments.join("::")
            )
        });
    methods.chain(paths).collect()
}

#[test]
fn every_filesystem_call_goes_through_fs() {
    let problems: Vec<String> = sources()
        .iter()
        .filter(|s| s.module != "fs")
        .flat_map(disk_calls)
        .map(|at| {
            format!(
                "{at} touches the disk outside `fs` (use `crate::fs`, whose errors name the path)"
            )
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

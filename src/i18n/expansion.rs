//! How much text a message can make, found from its syntax tree before anything is formatted.
//!
//! A message refers to messages and terms that refer to others: `a = {b}{b}{b}…`, `b = {c}{c}…`
//! makes ten to the power of the chain's length times the text (the "billion laughs"), and a
//! term called with a long argument repeats it once per `{ $arg }`. fluent-bundle stops a single
//! format after 100 placeables, but a hundred placeables of megabytes each are still gigabytes.
//! Here every message, attribute and term gets an upper bound of its formatted length as
//! `fixed + per_variable × (longest argument)`, computed once per definition (a memo over the
//! reference graph: linear in the size of the files, cycles counted once, since formatting stops
//! at them), so that a message past [`crate::limits::FLUENT_EXPANSION_BYTES`] is an error where
//! it is written, and a call whose arguments would take it past the limit is refused before it
//! is formatted.

use fluent_syntax::ast;
use std::collections::HashMap;

/// An upper bound of a formatted length: `fixed` bytes plus `per_variable` times the length of
/// the longest argument; and of the placeables one format resolves, which fluent-bundle stops at
/// past 100 (and panics at, where the placeable that goes past them is nested in another or in
/// a select on a literal).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Size {
    pub(crate) fixed: u64,
    pub(crate) per_variable: u64,
    pub(crate) placeables: u64,
}

impl Size {
    fn text(len: usize) -> Size {
        Size {
            fixed: len as u64,
            ..Size::default()
        }
    }

    fn plus(self, other: Size) -> Size {
        Size {
            fixed: self.fixed.saturating_add(other.fixed),
            per_variable: self.per_variable.saturating_add(other.per_variable),
            placeables: self.placeables.saturating_add(other.placeables),
        }
    }

    fn max(self, other: Size) -> Size {
        Size {
            fixed: self.fixed.max(other.fixed),
            per_variable: self.per_variable.max(other.per_variable),
            placeables: self.placeables.max(other.placeables),
        }
    }

    /// This size with its variables replaced by a value of size `argument` (a term called with
    /// arguments).
    fn with_argument(self, argument: Size) -> Size {
        Size {
            fixed: self
                .fixed
                .saturating_add(self.per_variable.saturating_mul(argument.fixed)),
            per_variable: self.per_variable.saturating_mul(argument.per_variable),
            placeables: self.placeables.saturating_add(argument.placeables),
        }
    }

    /// The bound for arguments of at most `longest` bytes.
    pub(crate) fn with_arguments_of(self, longest: u64) -> u64 {
        self.fixed
            .saturating_add(self.per_variable.saturating_mul(longest))
    }
}

/// A message's or term's value and attributes, by key (`id`, `id.attr`, `-term`, `-term.attr`).
pub(crate) type Patterns<'a> = HashMap<String, &'a ast::Pattern<&'a str>>;

/// Bounds every pattern of one language. References are followed without recursion (a chain
/// of eighty thousand messages, each referring to the next, is as deep as the graph goes); a
/// pattern itself is walked by recursion, which its nesting limit bounds.
pub(crate) fn sizes(patterns: &Patterns) -> HashMap<String, Size> {
    let mut sizes = HashMap::with_capacity(patterns.len());
    for key in referred_first(patterns) {
        let size = Eval { sizes: &sizes }.pattern(patterns[key.as_str()]);
        sizes.insert(key, size);
    }
    sizes
}

/// Every key, each after the keys it refers to (a depth-first post-order over the references,
/// with an explicit stack; a reference back to a key being visited is a cycle, left out).
fn referred_first(patterns: &Patterns) -> Vec<String> {
    let mut keys: Vec<&String> = patterns.keys().collect();
    keys.sort();
    let mut done: HashMap<&str, bool> = HashMap::with_capacity(patterns.len());
    let mut order = Vec::with_capacity(patterns.len());
    for root in keys {
        if done.contains_key(root.as_str()) {
            continue;
        }
        done.insert(root, false);
        let mut stack = vec![(root.as_str(), references(patterns[root.as_str()]), 0usize)];
        while let Some((key, refs, next)) = stack.last_mut() {
            match refs.get(*next) {
                Some(child) => {
                    *next += 1;
                    if let Some((child, pattern)) = patterns.get_key_value(child.as_str()) {
                        if !done.contains_key(child.as_str()) {
                            done.insert(child, false);
                            stack.push((child.as_str(), references(pattern), 0));
                        }
                    }
                }
                None => {
                    done.insert(key, true);
                    order.push(key.to_string());
                    stack.pop();
                }
            }
        }
    }
    order
}

/// The keys a pattern refers to.
fn references(pattern: &ast::Pattern<&str>) -> Vec<String> {
    fn inline(i: &ast::InlineExpression<&str>, out: &mut Vec<String>) {
        match i {
            ast::InlineExpression::MessageReference { id, attribute } => {
                out.push(key(id.name, attribute.as_ref().map(|a| a.name)));
            }
            ast::InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                out.push(format!(
                    "-{}",
                    key(id.name, attribute.as_ref().map(|a| a.name))
                ));
                arguments.iter().for_each(|a| call(a, out));
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => call(arguments, out),
            ast::InlineExpression::Placeable { expression } => expression_refs(expression, out),
            _ => {}
        }
    }
    fn call(arguments: &ast::CallArguments<&str>, out: &mut Vec<String>) {
        arguments.positional.iter().for_each(|a| inline(a, out));
        arguments.named.iter().for_each(|a| inline(&a.value, out));
    }
    fn expression_refs(e: &ast::Expression<&str>, out: &mut Vec<String>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                variants.iter().for_each(|v| pattern_refs(&v.value, out));
            }
        }
    }
    fn pattern_refs(p: &ast::Pattern<&str>, out: &mut Vec<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_refs(expression, out);
            }
        }
    }
    let mut out = Vec::new();
    pattern_refs(pattern, &mut out);
    out
}

/// A pattern's bound, from the bounds of what it refers to (0 for a key not yet bounded: one
/// in a cycle, where formatting stops).
struct Eval<'s> {
    sizes: &'s HashMap<String, Size>,
}

impl Eval<'_> {
    fn key(&self, key: &str) -> Size {
        self.sizes.get(key).copied().unwrap_or_default()
    }

    fn pattern(&self, pattern: &ast::Pattern<&str>) -> Size {
        pattern
            .elements
            .iter()
            .fold(Size::default(), |sum, element| {
                sum.plus(match element {
                    ast::PatternElement::TextElement { value } => Size::text(value.len()),
                    ast::PatternElement::Placeable { expression } => {
                        let mut size = self.expression(expression);
                        size.placeables = size.placeables.saturating_add(1);
                        size
                    }
                })
            })
    }

    fn expression(&self, expression: &ast::Expression<&str>) -> Size {
        match expression {
            ast::Expression::Inline(inline) => self.inline(inline),
            ast::Expression::Select { selector, variants } => {
                let chosen = variants
                    .iter()
                    .map(|v| self.pattern(&v.value))
                    .fold(Size::default(), Size::max);
                self.inline(selector).max(chosen)
            }
        }
    }

    fn inline(&self, inline: &ast::InlineExpression<&str>) -> Size {
        match inline {
            ast::InlineExpression::StringLiteral { value }
            | ast::InlineExpression::NumberLiteral { value } => Size::text(value.len()),
            ast::InlineExpression::VariableReference { .. } => Size {
                per_variable: 1,
                ..Size::default()
            },
            ast::InlineExpression::MessageReference { id, attribute } => {
                self.key(&key(id.name, attribute.as_ref().map(|a| a.name)))
            }
            ast::InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                let term = self.key(&format!(
                    "-{}",
                    key(id.name, attribute.as_ref().map(|a| a.name))
                ));
                match arguments {
                    Some(arguments) => term.with_argument(self.arguments(arguments)),
                    None => term,
                }
            }
            // A function's result is a formatted number or one of its arguments.
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                Size::text(64).plus(self.arguments(arguments))
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression),
        }
    }

    /// The largest of a call's arguments, with the placeables of all of them (each is
    /// resolved).
    fn arguments(&self, arguments: &ast::CallArguments<&str>) -> Size {
        arguments
            .positional
            .iter()
            .chain(arguments.named.iter().map(|a| &a.value))
            .map(|a| self.inline(a))
            .fold(Size::default(), |all, a| Size {
                placeables: all.placeables.saturating_add(a.placeables),
                ..all.max(a)
            })
    }
}

/// `id` or `id.attr`.
pub(crate) fn key(id: &str, attribute: Option<&str>) -> String {
    match attribute {
        Some(a) => format!("{id}.{a}"),
        None => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::parser::parse;

    fn sizes_of(text: &str) -> HashMap<String, Size> {
        let resource = parse(text).unwrap();
        let mut patterns = Patterns::new();
        for entry in &resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    if let Some(v) = &m.value {
                        patterns.insert(m.id.name.to_string(), v);
                    }
                    for a in &m.attributes {
                        patterns.insert(key(m.id.name, Some(a.id.name)), &a.value);
                    }
                }
                ast::Entry::Term(t) => {
                    patterns.insert(format!("-{}", t.id.name), &t.value);
                }
                _ => {}
            }
        }
        sizes(&patterns)
    }

    #[test]
    fn references_multiply_and_selects_take_their_longest_variant() {
        let s = sizes_of(
            "c = 1234567890\nb = {c}{c}{c}\na = {b}{b} and { $n ->\n [one] {b}\n *[other] {c}\n}\n",
        );
        assert_eq!(s["b"].fixed, 30);
        assert_eq!(s["a"].fixed, 60 + 5 + 30);
    }

    #[test]
    fn a_billion_laughs_is_bounded_without_being_formatted() {
        let mut text = String::from("l0 = lol\n");
        for i in 1..=40 {
            text.push_str(&format!(
                "l{i} = {}\n",
                format!("{{ l{} }}", i - 1).repeat(10)
            ));
        }
        let s = sizes_of(&text);
        assert_eq!(s["l3"].fixed, 3000);
        assert_eq!(s["l40"].fixed, u64::MAX);
    }

    #[test]
    fn a_chain_of_eighty_thousand_references_is_followed_without_recursion() {
        let mut text: String = (0..80_000)
            .map(|i| format!("c{i} = x{{ c{} }}\n", i + 1))
            .collect();
        text.push_str("c80000 = end\n");
        let s = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || sizes_of(&text)["c0"])
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(s.fixed, 80_003);
    }

    #[test]
    fn variables_and_term_arguments_are_counted_per_use() {
        let s = sizes_of(
            "-t = {$x}{$x}{$x}!\nm = { -t(x: \"abcd\") } { $v }\nn = {$w}{$w}{-t}\nself = {self}{self}\n",
        );
        assert_eq!((s["-t"].fixed, s["-t"].per_variable), (1, 3));
        assert_eq!((s["m"].fixed, s["m"].per_variable), (14, 1));
        assert_eq!((s["n"].fixed, s["n"].per_variable), (1, 5));
        assert_eq!(s["n"].placeables, 2 + 1 + 3);
        assert_eq!(s["n"].with_arguments_of(1000), 5001);
        // A cycle counts nothing: formatting stops at it.
        assert_eq!(s["self"].fixed, 0);
    }
}

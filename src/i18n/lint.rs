//! What `check` reads of every message and term: its parts, `$variables`, references, selects,
//! literal text and tag-like text, each with its `line:col`. fluent-syntax's AST has no positions,
//! but it borrows every name and text from the source it parsed, so where a slice starts in that
//! source is where it was written ([`offset_in`]).

use super::*;

/// What check needs to know about one message or term, without re-parsing.
#[derive(Debug, Clone)]
pub struct MessageInfo {
    /// `id` for messages, `-id` for terms.
    pub id: String,
    pub(crate) file: String,
    /// Where the id (the `-` of a term) is written.
    pub(crate) location: Location,
    pub(crate) has_value: bool,
    /// The value (`attribute: None`, always first, present even when the message has none) and
    /// then each attribute, in the order written. Fluent resolves each separately, so lint
    /// compares them one by one.
    pub(crate) parts: Vec<Part>,
    /// Hash of the entry as written (id, value, attributes; not its comments): what a
    /// translation records as the source it was made from.
    pub(crate) entry_hash: String,
    /// The source hash recorded in a `# source: …` comment line right above the entry.
    pub(crate) recorded_source: Option<String>,
}

impl MessageInfo {
    pub(crate) fn is_term(&self) -> bool {
        self.id.starts_with('-')
    }

    /// The value or the attribute `name`.
    pub(crate) fn part(&self, attribute: Option<&str>) -> Option<&Part> {
        self.parts
            .iter()
            .find(|p| p.attribute.as_deref() == attribute)
    }

    /// The names of the attributes, in order.
    pub(crate) fn attributes(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| p.attribute.as_deref())
    }

    /// The literal text of the value and every attribute, as one string.
    pub(crate) fn text(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect()
    }
}

/// The value or one attribute of a message: what Fluent formats as one string.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// `None` for the value.
    pub(crate) attribute: Option<String>,
    /// Where the message id (for the value) or the `.attribute` name is.
    pub(crate) location: Location,
    /// Each `$variable` the part uses, where it is first used. In a term these are parameters
    /// that referring messages pass (`{ -brand(case: "gen") }`), not variables of the page.
    pub(crate) variables: BTreeMap<String, Location>,
    /// Referenced messages (`id`, `id.attr`) and terms (`-id`, `-id.attr`), where each is.
    pub(crate) references: Vec<(String, Location)>,
    /// Every `{ … -> … }` select, outer before inner.
    pub(crate) selects: Vec<Select>,
    /// The literal text readers see: text and string-literal placeables, not the arguments of
    /// functions and terms.
    pub(crate) text: String,
    /// Tag-like text (`<b`, `</a`, `<!`) and character references (`&amp;`) in that text.
    pub(crate) markup: Vec<(String, Location)>,
}

/// One select expression.
#[derive(Debug, Clone)]
pub(crate) struct Select {
    pub(crate) selector: Selector,
    pub(crate) variants: Vec<VariantKey>,
    /// Where the selector is written.
    pub(crate) location: Location,
}

impl Select {
    /// The selector as written, for messages (`$count`, `NUMBER()`, `PLATFORM()`).
    pub(crate) fn selector_text(&self) -> String {
        match &self.selector {
            Selector::Variable(v) => format!("${v}"),
            Selector::Number { .. } => "NUMBER()".to_string(),
            Selector::Function(f) => format!("{f}()"),
            Selector::Other => "its selector".to_string(),
        }
    }
}

/// A variant key of a select.
#[derive(Debug, Clone)]
pub(crate) struct VariantKey {
    /// The key as written (`one`, `1`).
    pub(crate) name: String,
    pub(crate) location: Location,
}

/// What a select chooses on; only numbers select plural categories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Selector {
    /// `{ $count -> …}`: a plural when its keys are plural categories, as compare-locales decides
    /// (Fluent selects a category for a number and matches a string as it is).
    Variable(String),
    /// `{ NUMBER($n) -> …}` or a number literal: always a plural; `ordinal` for
    /// `NUMBER($n, type: "ordinal")`.
    Number { ordinal: bool },
    /// Any other function (`PLATFORM()`): never a plural.
    Function(String),
    /// A string literal, a term attribute (`-brand.gender`), a message: never a plural.
    Other,
}

/// Tag-like text (`<b`, `</a`, `<!--`, `<?`) and character references (`&amp;`, `&#8217;`,
/// `&#x2019;`) in a text, with their byte offsets: what HTML would have read as markup.
pub(crate) fn markup_in(text: &str) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (i, _) in text.match_indices(['<', '&']) {
        let rest = &text[i..];
        let len = match bytes[i] {
            b'<' => match bytes.get(i + 1) {
                Some(c) if c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?') => {
                    // Show the tag up to its `>` when that is near, else its name.
                    rest[1..]
                        .find(['>', '\n', '\r'])
                        .filter(|&e| e < 60 && rest.as_bytes()[e + 1] == b'>')
                        .map(|e| e + 2)
                        .unwrap_or_else(|| {
                            1 + rest[1..]
                                .find(|c: char| c.is_whitespace() || c == '"')
                                .unwrap_or(rest.len() - 1)
                                .min(30)
                        })
                }
                _ => continue,
            },
            b'&' => {
                let body = &rest[1..];
                let name_len = if let Some(num) = body.strip_prefix('#') {
                    let digits = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => 1 + hex.bytes().take_while(u8::is_ascii_hexdigit).count(),
                        None => num.bytes().take_while(u8::is_ascii_digit).count(),
                    };
                    (digits > 0 && !(digits == 1 && num.starts_with(['x', 'X'])))
                        .then_some(1 + digits)
                } else {
                    let n = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
                    (n > 0 && body.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(n)
                };
                match name_len {
                    Some(n) if body[n..].starts_with(';') => n + 2,
                    _ => continue,
                }
            }
            _ => continue,
        };
        let end = (i + len).min(text.len());
        let mut end = end;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        found.push((i, text[i..end].to_string()));
    }
    found
}

/// Byte offset of `slice` in `source`: fluent-syntax's AST borrows every name and text from the
/// source it parsed, so where a slice starts is where it was written.
pub(super) fn offset_in(source: &str, slice: &str) -> Option<usize> {
    let start = (slice.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
    (start + slice.len() <= source.len()).then_some(start)
}

/// Where an entry starts: its id (the `-` of a term), its first comment line, its junk.
pub(super) fn entry_start(source: &str, entry: &ast::Entry<&str>) -> Option<usize> {
    match entry {
        ast::Entry::Message(m) => offset_in(source, m.id.name),
        ast::Entry::Term(t) => offset_in(source, t.id.name).map(|o| o.saturating_sub(1)),
        ast::Entry::Comment(c) | ast::Entry::GroupComment(c) | ast::Entry::ResourceComment(c) => {
            c.content.first().and_then(|l| offset_in(source, l))
        }
        ast::Entry::Junk { content } => offset_in(source, content),
    }
}

/// The id of a commented-out message, from a comment line without its `#` (` hello = Hello`).
pub(super) fn commented_out_id(line: &str) -> Option<&str> {
    let line = line.strip_prefix(' ')?;
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(line.len());
    let (id, rest) = line.split_at(end);
    let starts_well =
        id.starts_with(|c: char| c.is_ascii_alphabetic()) || (id.len() > 1 && id.starts_with('-'));
    (starts_well && rest.trim_start().starts_with('=')).then_some(id)
}

/// The lint walk over one entry of a parsed file.
pub(super) struct Lint<'a> {
    pub(super) source: &'a str,
    pub(super) index: &'a LineIndex<'a>,
    pub(super) file: &'a str,
}

impl Lint<'_> {
    fn at(&self, slice: &str, back: usize) -> Location {
        let offset = offset_in(self.source, slice).map_or(0, |o| o.saturating_sub(back));
        self.index.location(self.file, offset)
    }

    /// The parts (value, then attributes) of a message or term; `None` for other entries.
    pub(super) fn entry(&self, entry: &ast::Entry<&str>) -> Option<Vec<Part>> {
        let (id, back, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name, 0, m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (t.id.name, 1, Some(&t.value), &t.attributes),
            _ => return None,
        };
        let mut parts = vec![self.part(None, self.at(id, back), value)];
        for a in attributes {
            let location = self.at(a.id.name, 1);
            parts.push(self.part(Some(a.id.name.to_string()), location, Some(&a.value)));
        }
        Some(parts)
    }

    fn part(
        &self,
        attribute: Option<String>,
        location: Location,
        pattern: Option<&ast::Pattern<&str>>,
    ) -> Part {
        let mut part = Part {
            attribute,
            location,
            variables: BTreeMap::new(),
            references: Vec::new(),
            selects: Vec::new(),
            text: String::new(),
            markup: Vec::new(),
        };
        if let Some(p) = pattern {
            self.pattern(p, &mut part);
        }
        part
    }

    fn pattern(&self, p: &ast::Pattern<&str>, part: &mut Part) {
        for el in &p.elements {
            match el {
                ast::PatternElement::TextElement { value } => self.text(value, part),
                ast::PatternElement::Placeable { expression } => self.expression(expression, part),
            }
        }
    }

    /// Text readers see (a text element, or a string literal placed on its own).
    fn text(&self, value: &str, part: &mut Part) {
        part.text.push_str(value);
        if let Some(start) = offset_in(self.source, value) {
            for (i, what) in markup_in(value) {
                part.markup
                    .push((what, self.index.location(self.file, start + i)));
            }
        }
    }

    fn expression(&self, e: &ast::Expression<&str>, part: &mut Part) {
        match e {
            ast::Expression::Select { selector, variants } => {
                let (kind, at) = self.selector(selector);
                let index = part.selects.len();
                part.selects.push(Select {
                    selector: kind,
                    variants: Vec::new(),
                    location: at,
                });
                self.inline(selector, part, false);
                for v in variants {
                    let (name, slice) = match &v.key {
                        ast::VariantKey::Identifier { name } => (name.to_string(), *name),
                        ast::VariantKey::NumberLiteral { value } => (value.to_string(), *value),
                    };
                    part.selects[index].variants.push(VariantKey {
                        name,
                        location: self.at(slice, 0),
                    });
                    self.pattern(&v.value, part);
                }
            }
            ast::Expression::Inline(i) => self.inline(i, part, true),
        }
    }

    fn selector(&self, selector: &ast::InlineExpression<&str>) -> (Selector, Location) {
        match selector {
            ast::InlineExpression::VariableReference { id } => {
                (Selector::Variable(id.name.to_string()), self.at(id.name, 1))
            }
            ast::InlineExpression::NumberLiteral { value } => {
                (Selector::Number { ordinal: false }, self.at(value, 0))
            }
            ast::InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
                let ordinal = arguments.named.iter().any(|a| {
                    a.name.name == "type"
                        && matches!(a.value, ast::InlineExpression::StringLiteral { value } if value == "ordinal")
                });
                (Selector::Number { ordinal }, self.at(id.name, 0))
            }
            ast::InlineExpression::FunctionReference { id, .. } => {
                (Selector::Function(id.name.to_string()), self.at(id.name, 0))
            }
            ast::InlineExpression::TermReference { id, .. } => {
                (Selector::Other, self.at(id.name, 1))
            }
            ast::InlineExpression::MessageReference { id, .. } => {
                (Selector::Other, self.at(id.name, 0))
            }
            ast::InlineExpression::StringLiteral { value } => (Selector::Other, self.at(value, 1)),
            ast::InlineExpression::Placeable { expression } => match &**expression {
                ast::Expression::Inline(i) => self.selector(i),
                ast::Expression::Select { .. } => {
                    (Selector::Other, self.index.location(self.file, 0))
                }
            },
        }
    }

    /// An inline expression; `shown` when it is a placeable's whole content, so that a string
    /// literal is text readers see rather than an argument.
    fn inline(&self, i: &ast::InlineExpression<&str>, part: &mut Part, shown: bool) {
        match i {
            ast::InlineExpression::StringLiteral { value } if shown => self.text(value, part),
            ast::InlineExpression::StringLiteral { .. } => {}
            ast::InlineExpression::NumberLiteral { value } if shown => part.text.push_str(value),
            ast::InlineExpression::NumberLiteral { .. } => {}
            ast::InlineExpression::VariableReference { id } => {
                let at = self.at(id.name, 1);
                part.variables.entry(id.name.to_string()).or_insert(at);
            }
            ast::InlineExpression::MessageReference { id, attribute } => {
                let key = match attribute {
                    Some(a) => format!("{}.{}", id.name, a.name),
                    None => id.name.to_string(),
                };
                part.references.push((key, self.at(id.name, 0)));
            }
            ast::InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                let key = match attribute {
                    Some(a) => format!("-{}.{}", id.name, a.name),
                    None => format!("-{}", id.name),
                };
                part.references.push((key, self.at(id.name, 1)));
                // Named arguments of a term (`case: "gen"`) are the term's parameters, not
                // variables of the message and not text.
                if let Some(args) = arguments {
                    for a in &args.positional {
                        self.inline(a, part, false);
                    }
                    for a in &args.named {
                        self.inline(&a.value, part, false);
                    }
                }
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    self.inline(a, part, false);
                }
                for a in &arguments.named {
                    self.inline(&a.value, part, false);
                }
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression, part),
        }
    }
}

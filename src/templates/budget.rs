//! A budget for rendering one page: templates cannot hang or exhaust memory.
//!
//! Tera runs whatever loops, macros and filters a theme writes, and has no hook for counting
//! them. So each template's syntax tree is instrumented once, when it is loaded:
//!
//! - every body that runs more than once or on demand — a template (top level or included), a
//!   block, a macro, one round of a `for` loop — starts with a call of `__step`, which counts one
//!   step and the bytes of text that body writes;
//! - every printed value (`{{ … }}`) and every value a `set` stores passes a filter that counts
//!   its size (so does a macro's output and a `{% filter %}` section's, which are printed); the
//!   filter keeps Tera's escaping exactly as it was (see [`Instrument::print`]);
//! - every variable that a test, a comparison, `in`, a filter or a call reads counts its size as
//!   bytes (`| __read`; a test `x is t` becomes `__read(value=x) and x is t`), since reading a long
//!   text takes as long as making it: a loop that searches a 16 MiB string 10,000 times would
//!   otherwise take an hour within the step limit;
//! - `range` is replaced by a bounded one, and the filters that can multiply a text's size in
//!   one call (`replace`, `indent`, `join`, `split`, `json_encode`) check the size they would
//!   make before making it;
//! - arithmetic (`+ - * / %`) is rewritten into calls of `__math`, which computes as Tera does
//!   but returns an error where Tera panics (see [`Math`]).
//!
//! What one page may take is in [`crate::limits`]; the count lives in a thread-local, since a
//! page renders on one thread from start to end. Past a limit the function that noticed returns
//! an error, Tera stops, and the page's diagnostic names the limit and the template line of the
//! loop, macro or `range` that went past it. Every filter or function call is a part of some tag
//! of a counted body, and a tag holds at most [`crate::limits::TEMPLATE_NESTING`] of them, so
//! counting bodies bounds them too.
//!
//! Long because the budget rewrites each kind of Tera node that can loop, grow or compute, one arm
//! each, and its tests sit beside each rule.

use crate::diag::Code;
use crate::limits;
use crate::nesting::template::Tag;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use tera::ast::{Expr, ExprVal, FunctionCall, LogicExpr, LogicOperator, MathOperator, Node};
use tera::{Tera, Value};

/// What rendering one page has spent, and the limit it went past, if any.
#[derive(Debug, Default, Clone)]
pub(crate) struct Spent {
    pub(crate) steps: u64,
    pub(crate) bytes: u64,
    pub(crate) over: Option<Over>,
}

/// A limit a page went past: its code, the message, and where (template name, byte offset of
/// the tag) when known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Over {
    pub(crate) code: Code,
    pub(crate) message: String,
    pub(crate) at: Option<(String, usize)>,
}

thread_local! {
    static PAGE: RefCell<Option<Spent>> = const { RefCell::new(None) };
}

/// Starts counting for a page rendered on this thread.
pub(crate) fn begin() {
    PAGE.with(|p| *p.borrow_mut() = Some(Spent::default()));
}

/// Stops counting and returns what the page spent.
pub(crate) fn end() -> Spent {
    PAGE.with(|p| p.borrow_mut().take().unwrap_or_default())
}

/// Counts `steps` and `bytes` against the page's budget; `at` says where, once past it.
fn spend(steps: u64, bytes: u64, at: impl FnOnce() -> Option<Place>) -> tera::Result<()> {
    PAGE.with(|p| {
        let mut page = p.borrow_mut();
        let Some(spent) = page.as_mut() else {
            return Ok(());
        };
        if spent.over.is_some() {
            return Err(tera::Error::msg("the page's budget is spent"));
        }
        spent.steps = spent.steps.saturating_add(steps);
        spent.bytes = spent.bytes.saturating_add(bytes);
        let over = if spent.steps > limits::TEMPLATE_STEPS_PER_PAGE {
            Some((
                Code::TemplateSteps,
                format!(
                    "rendering the page takes more than {} steps (loop rounds, calls of macros and includes)",
                    limits::TEMPLATE_STEPS_PER_PAGE
                ),
            ))
        } else if spent.bytes > limits::TEMPLATE_BYTES_PER_PAGE {
            Some((
                Code::TemplateBytes,
                format!(
                    "rendering the page makes or reads more than {} MiB of text",
                    limits::TEMPLATE_BYTES_PER_PAGE >> 20
                ),
            ))
        } else {
            None
        };
        match over {
            // Where the call is, only once it went past: most calls never need it.
            Some((code, message)) => Err(refuse(spent, code, message, at())),
            None => Ok(()),
        }
    })
}

/// Records the limit a page went past (the first one counts) and makes the error that stops it.
fn refuse(
    spent: &mut Spent,
    code: Code,
    message: String,
    at: Option<(String, usize)>,
) -> tera::Error {
    let error = tera::Error::msg(message.clone());
    spent.over.get_or_insert(Over { code, message, at });
    error
}

/// Records a limit from outside [`spend`] (a `range` too long, a value nested too deep).
fn refuse_here(code: Code, message: String, at: Option<(String, usize)>) -> tera::Error {
    PAGE.with(|p| match p.borrow_mut().as_mut() {
        Some(spent) => refuse(spent, code, message, at),
        None => tera::Error::msg(message),
    })
}

/// Where a counting call is: the template and the byte offset of its tag.
type Place = (String, usize);

/// The template and offset a call was given by [`Instrument`] as arguments (`range`).
fn place(args: &HashMap<String, Value>) -> Option<Place> {
    let template = args.get(TEMPLATE_ARG)?.as_str()?.to_string();
    let offset = args.get(AT_ARG)?.as_u64()?;
    Some((template, offset as usize))
}

const AT_ARG: &str = "__at";
const TEMPLATE_ARG: &str = "__template";

/// `__step@…()`: one run of a body, which writes `text` bytes of its own.
struct Step {
    text: u64,
    at: Place,
}

impl tera::Function for Step {
    fn call(&self, _: &HashMap<String, Value>) -> tera::Result<Value> {
        spend(1, self.text, || Some(self.at.clone()))?;
        Ok(Value::String(String::new()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The size of a value as its text would be, and how deep it nests.
fn size(value: &Value, depth: usize) -> Result<u64, ()> {
    if depth > limits::TEMPLATE_NESTING {
        return Err(());
    }
    Ok(match value {
        Value::String(s) => s.len() as u64,
        Value::Array(items) => items.iter().try_fold(2u64, |sum, v| {
            Ok::<u64, ()>(sum.saturating_add(size(v, depth + 1)? + 1))
        })?,
        Value::Object(map) => map.iter().try_fold(2u64, |sum, (k, v)| {
            Ok::<u64, ()>(sum.saturating_add(k.len() as u64 + 4 + size(v, depth + 1)?))
        })?,
        _ => 8,
    })
}

/// `| __charge@…` and `| __charge_safe@…`: a value printed or stored, counted by its size. The
/// two differ only in whether Tera escapes what they return (see [`Instrument::print`]).
struct Charge {
    safe: bool,
    at: Place,
}

impl tera::Filter for Charge {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let bytes = size(value, 0).map_err(|()| {
            refuse_here(
                Code::TemplateNesting,
                format!(
                    "a value nests lists or maps more than {} deep",
                    limits::TEMPLATE_NESTING
                ),
                Some(self.at.clone()),
            )
        })?;
        spend(1, bytes, || Some(self.at.clone()))?;
        Ok(value.clone())
    }

    fn is_safe(&self) -> bool {
        self.safe
    }
}

/// `| __read@…` and `__read@…(value)`: a value a test, a comparison, `in`, a filter or a call
/// reads, counted by its size, since reading it takes time in proportion (`"x" in s` scans all
/// of `s`, a macro's argument is copied). The filter returns the value; the function `true`, so
/// that a test reads as `__read@…(value=x) and x is …`.
struct Read {
    at: Place,
}

impl Read {
    fn charge(&self, value: &Value) -> tera::Result<()> {
        // A value nested too deep is refused where it is printed or stored; here it counts as
        // large.
        let bytes = size(value, 0).unwrap_or(limits::TEMPLATE_BYTES_PER_PAGE);
        spend(0, bytes, || Some(self.at.clone()))
    }
}

impl tera::Filter for Read {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        self.charge(value)?;
        Ok(value.clone())
    }
}

impl tera::Function for Read {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        self.charge(args.get("value").unwrap_or(&Value::Null))?;
        Ok(Value::Bool(true))
    }
}

/// `range(start, end, step_by)`, as Tera's, of at most [`limits::TEMPLATE_RANGE`] items and
/// never with a step of 0 (Tera's own loops forever on one).
struct Range;

impl tera::Function for Range {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let number = |name: &str, default: Option<u64>| match args.get(name) {
            Some(v) => v.as_u64().ok_or_else(|| {
                tera::Error::msg(format!(
                    "Function `range` received {name}={v} but `{name}` can only be a number"
                ))
            }),
            None => default.ok_or_else(|| {
                tera::Error::msg("Function `range` was called without a `end` argument")
            }),
        };
        let start = number("start", Some(0))?;
        let end = number("end", None)?;
        let step = number("step_by", Some(1))?;
        if start > end {
            return Err(tera::Error::msg(
                "Function `range` was called with a `start` argument greater than the `end` one",
            ));
        }
        if step == 0 {
            return Err(refuse_here(
                Code::TemplateRange,
                "`range` with `step_by=0` never ends".into(),
                place(args),
            ));
        }
        let items = (end - start).div_ceil(step);
        if items > limits::TEMPLATE_RANGE {
            return Err(refuse_here(
                Code::TemplateRange,
                format!(
                    "range of {items} items: zaklyk renders loops of at most {}",
                    limits::TEMPLATE_RANGE
                ),
                place(args),
            ));
        }
        spend(1, 8 * items, || place(args))?;
        Ok(Value::Array(
            (0..items).map(|i| Value::from(start + i * step)).collect(),
        ))
    }
}

/// `__math(op, lhs, rhs)`: Tera's `+ - * / %`, as Tera computes them, but an error where Tera
/// panics (a float sum past the largest float, `i64::MIN % -1`) and a finite result or an error
/// always. Every arithmetic expression of a template is rewritten into a call of it.
struct Math;

impl tera::Function for Math {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let op = args.get("op").and_then(Value::as_str).unwrap_or("");
        if op == "number" {
            return Err(tera::Error::msg(
                "a number in the template is too large for a float",
            ));
        }
        let number = |name: &str| match args.get(name) {
            Some(Value::Number(n)) => Ok(n.clone()),
            Some(other) => Err(tera::Error::msg(format!(
                "`{op}` needs two numbers, not {other}"
            ))),
            None => Err(tera::Error::msg(format!("`{op}` needs two numbers"))),
        };
        let (l, r) = (number("lhs")?, number("rhs")?);
        let out_of_bounds =
            || tera::Error::msg(format!("{l} {op} {r} is out of the bounds of a number"));
        let float = |x: f64| tera::Number::from_f64(x).ok_or_else(out_of_bounds);
        let exact = |a: Option<tera::Number>| a.ok_or_else(out_of_bounds);
        let result = if op == "/" {
            let q = l.as_f64().unwrap_or(f64::NAN) / r.as_f64().unwrap_or(f64::NAN);
            if q.is_finite() && q.round() == q && q.abs() < 9.0e15 {
                tera::Number::from(q as i64)
            } else {
                float(q)?
            }
        } else if let (Some(a), Some(b)) = (l.as_i64(), r.as_i64()) {
            if op == "%" && b == 0 {
                return Err(tera::Error::msg("a modulo by zero"));
            }
            exact(
                match op {
                    "+" => a.checked_add(b),
                    "-" => a.checked_sub(b),
                    "*" => a.checked_mul(b),
                    _ => a.checked_rem(b),
                }
                .map(tera::Number::from),
            )?
        } else if let (Some(a), Some(b)) = (l.as_u64(), r.as_u64()) {
            if op == "%" && b == 0 {
                return Err(tera::Error::msg("a modulo by zero"));
            }
            exact(
                match op {
                    "+" => a.checked_add(b),
                    "-" => a.checked_sub(b),
                    "*" => a.checked_mul(b),
                    _ => a.checked_rem(b),
                }
                .map(tera::Number::from),
            )?
        } else {
            let (a, b) = (
                l.as_f64().unwrap_or(f64::NAN),
                r.as_f64().unwrap_or(f64::NAN),
            );
            float(match op {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                _ => a % b,
            })?
        };
        Ok(Value::Number(result))
    }
}

/// A bound of the size a filter's call would make, from its value and arguments.
type Estimate = fn(&Value, &HashMap<String, Value>) -> u64;

/// A built-in filter that can multiply a text's size in one call, run only when the size it
/// would make fits in what the page has left.
struct Checked {
    inner: Arc<dyn tera::Filter>,
    estimate: Estimate,
}

impl tera::Filter for Checked {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let made = (self.estimate)(value, args);
        let left = PAGE.with(|p| {
            p.borrow().as_ref().map_or(u64::MAX, |s| {
                limits::TEMPLATE_BYTES_PER_PAGE.saturating_sub(s.bytes)
            })
        });
        if made > left {
            // Counting it stops the page with the right message.
            spend(0, made, || None)?;
        }
        self.inner.filter(value, args)
    }
}

fn text_len(value: &Value) -> u64 {
    value.as_str().map_or(0, |s| s.len() as u64)
}

fn arg_len(args: &HashMap<String, Value>, name: &str, default: u64) -> u64 {
    args.get(name)
        .map_or(default, |v| v.as_str().map_or(default, |s| s.len() as u64))
}

/// `replace(from, to)`: every match becomes `to` (an empty `from` matches between characters).
fn replace_size(value: &Value, args: &HashMap<String, Value>) -> u64 {
    let text = value.as_str().unwrap_or("");
    let from = args.get("from").and_then(Value::as_str).unwrap_or("");
    let matches = if from.is_empty() {
        text.chars().count() as u64 + 1
    } else {
        text.matches(from).count() as u64
    };
    text_len(value).saturating_add(matches.saturating_mul(arg_len(args, "to", 0)))
}

/// `indent(prefix)`: the prefix on every line.
fn indent_size(value: &Value, args: &HashMap<String, Value>) -> u64 {
    let lines = value.as_str().map_or(0, |s| s.lines().count() as u64 + 1);
    text_len(value).saturating_add(lines.saturating_mul(arg_len(args, "prefix", 4)))
}

/// `join(sep)`: the items and a separator between each two.
fn join_size(value: &Value, args: &HashMap<String, Value>) -> u64 {
    let items = value.as_array().map_or(0, Vec::len) as u64;
    size(value, 0)
        .unwrap_or(u64::MAX)
        .saturating_add(items.saturating_mul(arg_len(args, "sep", 0)))
}

/// `split(pat)`: a list of pieces, each a value of some 64 bytes besides its text.
fn split_size(value: &Value, args: &HashMap<String, Value>) -> u64 {
    let text = value.as_str().unwrap_or("");
    let pat = args.get("pat").and_then(Value::as_str).unwrap_or("");
    let pieces = if pat.is_empty() {
        text.chars().count() as u64 + 2
    } else {
        text.matches(pat).count() as u64 + 1
    };
    text_len(value).saturating_add(pieces.saturating_mul(64))
}

/// `json_encode(pretty)`: the value, and with `pretty` an indentation per line and level.
fn json_size(value: &Value, _: &HashMap<String, Value>) -> u64 {
    size(value, 0)
        .unwrap_or(u64::MAX)
        .saturating_mul(2 + 2 * limits::TEMPLATE_NESTING as u64)
}

/// Turns arithmetic (and a float literal Tera cannot hold) into a call of `__math` (see
/// [`Math`]), which computes as Tera does but returns an error where Tera panics.
fn rewrite_math(expr: &mut Expr) {
    let op = |o: &MathOperator| match o {
        MathOperator::Add => "+",
        MathOperator::Sub => "-",
        MathOperator::Mul => "*",
        MathOperator::Div => "/",
        MathOperator::Modulo => "%",
    };
    let rewritten = match &expr.val {
        ExprVal::Math(m) => {
            let mut args = HashMap::new();
            args.insert(
                "op".into(),
                Expr::new(ExprVal::String(op(&m.operator).into())),
            );
            args.insert("lhs".into(), (*m.lhs).clone());
            args.insert("rhs".into(), (*m.rhs).clone());
            Some(args)
        }
        ExprVal::Float(f) if !f.is_finite() => {
            let mut args = HashMap::new();
            args.insert("op".into(), Expr::new(ExprVal::String("number".into())));
            Some(args)
        }
        _ => None,
    };
    if let Some(args) = rewritten {
        expr.val = ExprVal::FunctionCall(FunctionCall {
            name: "__math".into(),
            args,
        });
    }
}

/// Registers the bounded `range`, `__math` and the checked filters; the counting calls are
/// registered per template by [`Instrument::register`].
pub(crate) fn register(tera: &mut Tera) {
    tera.register_function("range", Range);
    tera.register_function("__math", Math);
    let checked: [(&str, Estimate); 5] = [
        ("replace", replace_size),
        ("indent", indent_size),
        ("join", join_size),
        ("split", split_size),
        ("json_encode", json_size),
    ];
    for (name, estimate) in checked {
        if let Some(inner) = tera.filters.get(name).cloned() {
            tera.register_filter(name, Checked { inner, estimate });
        }
    }
}

/// Adds the counting calls to one template's syntax tree (its top level, blocks and macros).
pub(crate) struct Instrument<'t> {
    tera: &'t Tera,
    template: &'t str,
    tags: &'t [Tag],
    /// The next tag to match, in the order of the text.
    cursor: usize,
    /// The counting calls made so far, by name, to be registered with Tera.
    counters: RefCell<Vec<(String, Counter)>>,
}

/// A counting call of one place. Each is registered under a name of its own (`__charge@12@…`),
/// so that Tera evaluates no argument to find where it is: evaluating a template name and an
/// offset for every printed value took a quarter of rendering.
#[derive(Debug, Clone, Copy)]
enum Counter {
    Charge { safe: bool },
    Step { text: u64 },
    Read,
}

impl Counter {
    /// The name calls of this kind start with.
    fn base(self) -> &'static str {
        match self {
            Counter::Charge { safe: false } => "__charge",
            Counter::Charge { safe: true } => "__charge_safe",
            Counter::Step { .. } => "__step",
            Counter::Read => "__read",
        }
    }
}

/// Whether `name` is a counting call of kind `base` (made by [`Instrument::call`]).
fn is_counter(name: &str, base: &str) -> bool {
    name.strip_prefix(base)
        .is_some_and(|rest| rest.starts_with('@'))
}

impl<'t> Instrument<'t> {
    pub(crate) fn new(tera: &'t Tera, template: &'t str, tags: &'t [Tag]) -> Self {
        Instrument {
            tera,
            template,
            tags,
            cursor: 0,
            counters: RefCell::default(),
        }
    }
}

/// The counting calls of one instrumented template ([`Instrument::template`]).
pub(crate) struct Counters {
    template: String,
    calls: Vec<(String, Counter)>,
}

impl Counters {
    /// Registers the calls with Tera, each with its place.
    pub(crate) fn register(self, tera: &mut Tera) {
        let template = self.template;
        for (name, counter) in self.calls {
            let at = |name: &str| {
                // The offset follows the kind's name: `__read@<offset>@…`.
                let offset = name.split('@').nth(1).and_then(|o| o.parse().ok());
                (template.to_string(), offset.unwrap_or(0))
            };
            let at = at(&name);
            match counter {
                Counter::Charge { safe } => tera.register_filter(&name, Charge { safe, at }),
                Counter::Step { text } => tera.register_function(&name, Step { text, at }),
                Counter::Read => {
                    tera.register_filter(&name, Read { at: at.clone() });
                    tera.register_function(&name, Read { at });
                }
            }
        }
    }
}

impl<'t> Instrument<'t> {
    /// Instruments a whole template: its top level, and its blocks and macros, which Tera keeps
    /// apart and renders from there. The counting calls it added are to be registered.
    pub(crate) fn template(mut self, template: &mut tera::Template) -> Counters {
        self.cursor = 0;
        self.body(&mut template.ast, 0);
        for (name, block) in template.blocks.iter_mut() {
            self.cursor = self.position("block", name);
            let at = self.offset_of_cursor();
            self.cursor += 1;
            self.body(&mut block.body, at);
        }
        for (name, definition) in template.macros.iter_mut() {
            self.cursor = self.position("macro", name);
            let at = self.offset_of_cursor();
            self.cursor += 1;
            for default in definition.args.values_mut().flatten() {
                self.expression(default, at);
            }
            self.body(&mut definition.body, at);
        }
        Counters {
            template: self.template.to_string(),
            calls: self.counters.into_inner(),
        }
    }

    /// The index of the tag `kind name` (a block or macro), or the end.
    fn position(&self, kind: &str, name: &str) -> usize {
        self.tags
            .iter()
            .position(|t| t.kind == kind && t.name == name)
            .unwrap_or(self.tags.len())
    }

    fn offset_of_cursor(&self) -> usize {
        self.tags.get(self.cursor).map_or(0, |t| t.offset)
    }

    /// The offset of the next tag of one of `kinds`, moving past it.
    fn next(&mut self, kinds: &[&str]) -> usize {
        match self.tags[self.cursor.min(self.tags.len())..]
            .iter()
            .position(|t| kinds.contains(&t.kind.as_str()))
        {
            Some(i) => {
                self.cursor += i + 1;
                self.tags[self.cursor - 1].offset
            }
            None => 0,
        }
    }

    /// A counting call at `at`, named for its kind, place and count (see [`Counter`]).
    fn call(&self, counter: Counter, at: usize, args: HashMap<String, Expr>) -> FunctionCall {
        let text = match counter {
            Counter::Step { text } => text,
            _ => 0,
        };
        let name = format!("{}@{at}@{text}@{}", counter.base(), self.template);
        self.counters.borrow_mut().push((name.clone(), counter));
        FunctionCall { name, args }
    }

    /// A body that runs on its own: counted by a `__step` first, with the text it writes.
    fn body(&mut self, nodes: &mut Vec<Node>, at: usize) {
        let text = self.nodes(nodes);
        let step = self.call(Counter::Step { text }, at, HashMap::new());
        nodes.insert(
            0,
            Node::VariableBlock(Default::default(), Expr::new(ExprVal::FunctionCall(step))),
        );
    }

    /// Instruments the nodes of a body; returns the bytes of text they write in one run (text in
    /// branches and filter sections included, bodies counted on their own left out).
    fn nodes(&mut self, nodes: &mut [Node]) -> u64 {
        let mut text = 0u64;
        for node in nodes {
            match node {
                Node::Text(t) | Node::Raw(_, t, _) => text = text.saturating_add(t.len() as u64),
                Node::Super => {
                    self.next(&["{{"]);
                }
                Node::VariableBlock(_, expr) => {
                    let at = self.next(&["{{"]);
                    self.expression(expr, at);
                    self.print(expr, at);
                }
                Node::Set(_, set) => {
                    let at = self.next(&["set", "set_global"]);
                    self.expression(&mut set.value, at);
                    let charge = self.call(Counter::Charge { safe: false }, at, HashMap::new());
                    set.value.filters.push(charge);
                }
                Node::FilterSection(_, section, _) => {
                    let at = self.next(&["filter"]);
                    section
                        .filter
                        .args
                        .values_mut()
                        .for_each(|a| self.expression(a, at));
                    text = text.saturating_add(self.nodes(&mut section.body));
                }
                Node::Block(_, block, _) => {
                    let at = self.next(&["block"]);
                    self.body(&mut block.body, at);
                }
                Node::MacroDefinition(_, definition, _) => {
                    let at = self.next(&["macro"]);
                    for default in definition.args.values_mut().flatten() {
                        self.expression(default, at);
                    }
                    self.body(&mut definition.body, at);
                }
                Node::Forloop(_, forloop, _) => {
                    let at = self.next(&["for"]);
                    self.expression(&mut forloop.container, at);
                    self.body(&mut forloop.body, at);
                    if let Some(empty) = &mut forloop.empty_body {
                        text = text.saturating_add(self.nodes(empty));
                    }
                }
                Node::If(branches, _) => {
                    for (_, condition, body) in &mut branches.conditions {
                        let at = self.next(&["if", "elif"]);
                        self.expression(condition, at);
                        text = text.saturating_add(self.nodes(body));
                    }
                    if let Some((_, body)) = &mut branches.otherwise {
                        text = text.saturating_add(self.nodes(body));
                    }
                }
                Node::Extends(..)
                | Node::Include(..)
                | Node::ImportMacro(..)
                | Node::Break(_)
                | Node::Continue(_)
                | Node::Comment(..) => {}
            }
        }
        text
    }

    /// Gives every `range` call inside an expression the place of its tag, and turns arithmetic
    /// into calls of `__math` (see [`Math`]).
    fn expression(&self, expr: &mut Expr, at: usize) {
        self.reads(expr, at);
        for filter in &mut expr.filters {
            filter
                .args
                .values_mut()
                .for_each(|a| self.expression(a, at));
        }
        rewrite_math(expr);
        match &mut expr.val {
            ExprVal::FunctionCall(call) => {
                call.args.values_mut().for_each(|a| self.expression(a, at));
                if call.name == "range" {
                    call.args
                        .insert(AT_ARG.into(), Expr::new(ExprVal::Int(at as i64)));
                    call.args.insert(
                        TEMPLATE_ARG.into(),
                        Expr::new(ExprVal::String(self.template.to_string())),
                    );
                }
            }
            ExprVal::MacroCall(call) => call.args.values_mut().for_each(|a| self.expression(a, at)),
            ExprVal::Math(m) => {
                self.expression(&mut m.lhs, at);
                self.expression(&mut m.rhs, at);
            }
            ExprVal::Logic(l) => {
                self.expression(&mut l.lhs, at);
                self.expression(&mut l.rhs, at);
            }
            ExprVal::In(i) => {
                self.expression(&mut i.lhs, at);
                self.expression(&mut i.rhs, at);
            }
            ExprVal::Test(t) => t.args.iter_mut().for_each(|a| self.expression(a, at)),
            ExprVal::Array(items) => items.iter_mut().for_each(|a| self.expression(a, at)),
            ExprVal::StringConcat(concat) => {
                for value in &mut concat.values {
                    if let ExprVal::FunctionCall(call) = value {
                        call.args.values_mut().for_each(|a| self.expression(a, at));
                    }
                }
            }
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => {}
        }
        self.read_tested(expr, at);
    }

    /// Makes the variables an expression reads count their size ([`Read`]): the base of filters,
    /// both sides of `in` and of a comparison, the arguments of calls and the variable of a test
    /// (`defined` and `undefined` read nothing).
    fn reads(&self, expr: &mut Expr, at: usize) {
        if !expr.filters.is_empty() {
            self.read(expr, at);
        }
        match &mut expr.val {
            ExprVal::In(i) => {
                self.read(&mut i.lhs, at);
                self.read(&mut i.rhs, at);
            }
            ExprVal::Logic(l) if !matches!(l.operator, LogicOperator::And | LogicOperator::Or) => {
                self.read(&mut l.lhs, at);
                self.read(&mut l.rhs, at);
            }
            ExprVal::FunctionCall(call)
                if call.name != "__math" && !is_counter(&call.name, "__read") =>
            {
                call.args.values_mut().for_each(|a| self.read(a, at));
            }
            ExprVal::MacroCall(call) => call.args.values_mut().for_each(|a| self.read(a, at)),
            ExprVal::Test(t) => t.args.iter_mut().for_each(|a| self.read(a, at)),
            _ => {}
        }
    }

    /// A test's variable is read as `__read(value=x) and x is …`. Made last, once the rest of
    /// the expression is instrumented, so that the test it wraps is not visited again.
    fn read_tested(&self, expr: &mut Expr, at: usize) {
        let ExprVal::Test(t) = &expr.val else {
            return;
        };
        if matches!(t.name.as_str(), "defined" | "undefined") {
            return;
        }
        let mut args = HashMap::new();
        args.insert("value".into(), Expr::new(ExprVal::Ident(t.ident.clone())));
        let read = Expr::new(ExprVal::FunctionCall(self.call(Counter::Read, at, args)));
        let test = Expr::new(expr.val.clone());
        expr.val = ExprVal::Logic(LogicExpr {
            lhs: Box::new(read),
            rhs: Box::new(test),
            operator: LogicOperator::And,
        });
    }

    /// A variable read by `expr` counts its size first (after `default`, which Tera applies to
    /// a variable that does not exist).
    fn read(&self, expr: &mut Expr, at: usize) {
        let ExprVal::Ident(name) = &expr.val else {
            return;
        };
        if name == "__tera_context" || expr.filters.iter().any(|f| is_counter(&f.name, "__read")) {
            return;
        }
        let position = usize::from(expr.filters.first().is_some_and(|f| f.name == "default"));
        let read = self.call(Counter::Read, at, HashMap::new());
        expr.filters.insert(position, read);
    }

    /// Counts a printed value with a filter after its own, chosen so that Tera escapes the result
    /// exactly when it escaped it before: Tera escapes a string when the last step that made it
    /// (the variable or literal itself, a function call, a filter other than `safe` and
    /// `default`) is not marked safe, and the last filter written is not `safe`.
    fn print(&self, expr: &mut Expr, at: usize) {
        let function_safe = |name: &str| self.tera.functions.get(name).is_some_and(|f| f.is_safe());
        let filter_safe = |name: &str| self.tera.filters.get(name).is_some_and(|f| f.is_safe());
        let mut needs_escape = match &expr.val {
            ExprVal::String(_) => true,
            ExprVal::Ident(name) => name != "__tera_context",
            ExprVal::FunctionCall(call) => !function_safe(&call.name),
            ExprVal::StringConcat(concat) => concat
                .values
                .iter()
                .rev()
                .find_map(|v| match v {
                    ExprVal::FunctionCall(call) => Some(!function_safe(&call.name)),
                    _ => None,
                })
                .unwrap_or(false),
            _ => false,
        };
        for filter in &expr.filters {
            if filter.name != "safe" && filter.name != "default" {
                needs_escape = !filter_safe(&filter.name);
            }
        }
        let escaped = needs_escape && !expr.is_marked_safe();
        let charge = self.call(Counter::Charge { safe: !escaped }, at, HashMap::new());
        expr.filters.push(charge);
    }
}

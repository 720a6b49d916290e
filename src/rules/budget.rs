//! Budgets: what one rule pack may cost. Static limits are checked when a pack loads (its
//! file size, its number of rules, each expression's size, node count and comprehension
//! nesting), each a PACK-002 error at the place in the pack file. At run time each file gets
//! an evaluation budget (steps and a wall-clock deadline): every rule evaluation is a step,
//! and so is every iteration of a comprehension (`all`, `exists`, `exists_one`, `map`,
//! `filter`), counted by the macros the rule environment expands them with. When the budget
//! runs out the file's evaluation stops (ENGINE-002), the findings so far are kept, and other
//! files are unaffected. Findings are capped per rule and per file (ENGINE-003).
//!
//! The limits are fixed (documented in docs/RULE-FORMAT.md): generous enough that the
//! built-in pack never comes near them on any realistic declaration.

use cel::ExecutionError;
use cel::common::ast::{CallExpr, ComprehensionExpr, EntryExpr, Expr, ListExpr, LiteralValue};
use cel::common::ast::{IdedExpr, operators};
use cel::parser::{Macro, MacroExprHelper, ParseError};
use cel::{Env, Program};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Largest rule file, in bytes.
pub const MAX_PACK_FILE_BYTES: usize = 1024 * 1024;
/// Most rules in one rule pack (a `--rules` directory, or one named by `rules = [...]`), and
/// in one rule file.
pub const MAX_RULES_PER_PACK: usize = 1_000;
/// Longest expression (`condition`, `when`, a `{{ … }}` hole …), in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 16 * 1024;
/// Most nodes in one compiled expression (macros expanded).
pub const MAX_EXPRESSION_NODES: usize = 8_000;
/// Deepest nesting of comprehensions (`all`, `exists`, `map`, … inside another's body).
pub const MAX_COMPREHENSION_DEPTH: usize = 4;
/// Deepest expression tree (each bracket, operator or call is a level): evaluation recurses
/// this deep.
pub const MAX_EXPRESSION_DEPTH: usize = 100;
/// Stack for compiling and measuring one expression: the CEL parser recurses about 16 frames
/// per level of nesting, so an expression within the size limit but deeper than the limit
/// above would overflow an ordinary thread's stack before it could be refused.
pub const COMPILE_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Compile `text`, and say why it is over a limit, on a thread with a stack big enough for
/// any expression within [`MAX_EXPRESSION_BYTES`].
pub fn compile(env: &Env, text: &str) -> Result<Result<Program, String>, cel::ParseErrors> {
    let check = || {
        env.compile(text).map(|p| match too_big(&p) {
            None => Ok(p),
            Some(why) => Err(why),
        })
    };
    // Shallow text (the usual case) needs no thread of its own.
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut operators = 0usize;
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'?' | b'<' | b'>' | b'=' | b'!' => {
                operators += 1
            }
            _ => {}
        }
    }
    if deepest > MAX_EXPRESSION_DEPTH {
        return Ok(Err(format!(
            "it nests brackets {deepest} deep; an expression may nest at most {MAX_EXPRESSION_DEPTH}"
        )));
    }
    if deepest <= 16 && operators <= 256 {
        return check();
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(COMPILE_STACK_BYTES)
            .spawn_scoped(scope, check)
            .ok()
            .and_then(|t| t.join().ok())
            .unwrap_or_else(|| Ok(Err("it could not be compiled in bounded memory".to_string())))
    })
}

/// Steps one file's evaluation may take: one per rule evaluation, one per comprehension
/// iteration.
pub const MAX_STEPS_PER_FILE: u64 = 250_000;
/// Steps added to a file's budget for each value (map, list, scalar) in it.
pub const STEPS_PER_NODE: u64 = 50;

/// Time added to a file's budget for each value in it (a declaration at the 250,000-value cap
/// gets 70 s in all).
pub const TIME_PER_NODE: Duration = Duration::from_micros(200);

/// How many values `doc` holds, itself included.
fn nodes(doc: &serde_json::Value) -> u64 {
    let mut count = 0u64;
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

/// Wall-clock time one file's evaluation may take.
pub const MAX_TIME_PER_FILE: Duration = Duration::from_secs(20);
/// Most findings reported for one rule in one file.
pub const MAX_FINDINGS_PER_RULE: usize = 100;
/// Most findings reported for one file.
pub const MAX_FINDINGS_PER_FILE: usize = 1_000;
/// Most findings kept before de-duplication for one rule in one file (duplicates become
/// labels, so more are kept than reported).
pub const MAX_RAW_FINDINGS_PER_RULE: usize = 5_000;
/// Most findings kept before de-duplication for one file.
pub const MAX_RAW_FINDINGS_PER_FILE: usize = 20_000;

/// The name of the function each comprehension iteration calls: it passes its argument
/// through, or fails once the budget is spent. Not a CEL identifier, so no rule can call or
/// shadow it.
pub const TICK: &str = "@budget";

/// The CEL environment rules compile in: the standard library, optional field syntax, the
/// standard macros expanded so that each iteration counts against the budget, and the
/// `cel.bind` of the CEL extensions.
pub fn env() -> Env {
    let mut env = Env::default().with_optional_support(true).with_stdlib();
    let macros = [
        Macro::global(operators::HAS, 1, |h, _, a| has(h, a).map(Some)),
        Macro::receiver(operators::ALL, 2, |h, t, a| fold(h, t, a, true).map(Some)),
        Macro::receiver(operators::EXISTS, 2, |h, t, a| {
            fold(h, t, a, false).map(Some)
        }),
        Macro::receiver(operators::EXISTS_ONE, 2, |h, t, a| {
            exists_one(h, t, a).map(Some)
        }),
        Macro::receiver("existsOne", 2, |h, t, a| exists_one(h, t, a).map(Some)),
        Macro::receiver(operators::MAP, 2, |h, t, a| {
            append(h, t, a, false).map(Some)
        }),
        Macro::receiver(operators::MAP, 3, |h, t, a| {
            append(h, t, a, false).map(Some)
        }),
        Macro::receiver(operators::FILTER, 2, |h, t, a| {
            append(h, t, a, true).map(Some)
        }),
        Macro::receiver("bind", 3, bind),
    ];
    for m in macros {
        env.add_macro(m)
            .expect("the environment starts without macros");
    }
    env
}

const ACCU: &str = "@result";

fn call(h: &mut MacroExprHelper, func: &str, args: Vec<IdedExpr>) -> IdedExpr {
    h.next_expr(Expr::Call(CallExpr {
        func_name: func.to_string(),
        target: None,
        args,
    }))
}

fn ident(h: &mut MacroExprHelper, name: &str) -> IdedExpr {
    h.next_expr(Expr::Ident(name.to_string()))
}

/// `@budget(e)`: `e`, counted.
fn tick(h: &mut MacroExprHelper, e: IdedExpr) -> IdedExpr {
    call(h, TICK, vec![e])
}

fn var_name(h: &mut MacroExprHelper, e: IdedExpr) -> Result<String, ParseError> {
    match e.expr {
        Expr::Ident(name) => Ok(name),
        _ => Err(h.new_error(e.id, "argument must be a simple name")),
    }
}

fn comprehension(
    h: &mut MacroExprHelper,
    range: IdedExpr,
    var: String,
    init: IdedExpr,
    cond: IdedExpr,
    step: IdedExpr,
    result: IdedExpr,
) -> IdedExpr {
    h.next_expr(Expr::Comprehension(Box::new(ComprehensionExpr {
        iter_range: range,
        iter_var: var,
        iter_var2: None,
        accu_var: ACCU.to_string(),
        accu_init: init,
        loop_cond: cond,
        loop_step: step,
        result,
    })))
}

fn target(h: &mut MacroExprHelper, t: &mut Option<IdedExpr>) -> Result<IdedExpr, ParseError> {
    t.take()
        .ok_or_else(|| h.new_error(0, "the macro needs a list or map to iterate"))
}

/// `cel.bind(name, value, e)`: `e` with `name` bound to `value`, evaluated once (the CEL
/// extension's macro: a comprehension over nothing whose accumulator is `name`). A rule uses
/// it to compute a part that does not change within one evaluation only once. A `bind` on
/// anything but `cel` is left alone.
fn bind(
    h: &mut MacroExprHelper,
    t: &mut Option<IdedExpr>,
    args: &mut Vec<IdedExpr>,
) -> Result<Option<IdedExpr>, ParseError> {
    if !matches!(t.as_ref().map(|e| &e.expr), Some(Expr::Ident(n)) if n == "cel") {
        return Ok(None);
    }
    let result = args.pop().expect("three arguments");
    let init = args.pop().expect("three arguments");
    let var = var_name(h, args.pop().expect("three arguments"))?;
    let nothing = h.next_expr(Expr::List(ListExpr {
        elements: Vec::new(),
        optional_indices: Vec::new(),
    }));
    let cond = h.next_expr(Expr::Literal(LiteralValue::Boolean(false.into())));
    let step = ident(h, &var);
    Ok(Some(h.next_expr(Expr::Comprehension(Box::new(
        ComprehensionExpr {
            iter_range: nothing,
            iter_var: "#unused".to_string(),
            iter_var2: None,
            accu_var: var,
            accu_init: init,
            loop_cond: cond,
            loop_step: step,
            result,
        },
    )))))
}

/// `has(a.b)`, as the standard macro: a presence test.
fn has(h: &mut MacroExprHelper, args: &mut Vec<IdedExpr>) -> Result<IdedExpr, ParseError> {
    let e = args.remove(0);
    match e.expr {
        Expr::Select(mut select) => {
            select.test = true;
            Ok(h.next_expr(Expr::Select(select)))
        }
        _ => Err(h.new_error(e.id, "invalid argument to has() macro")),
    }
}

/// `xs.all(v, p)` (`and`) or `xs.exists(v, p)`: the standard fold, its loop condition
/// counted.
fn fold(
    h: &mut MacroExprHelper,
    t: &mut Option<IdedExpr>,
    args: &mut Vec<IdedExpr>,
    and: bool,
) -> Result<IdedExpr, ParseError> {
    let predicate = args.pop().expect("two arguments");
    let var = var_name(h, args.pop().expect("two arguments"))?;
    let range = target(h, t)?;
    let init = h.next_expr(Expr::Literal(LiteralValue::Boolean(and.into())));
    let accu = ident(h, ACCU);
    let going = if and {
        accu
    } else {
        call(h, operators::LOGICAL_NOT, vec![accu])
    };
    let going = call(h, operators::NOT_STRICTLY_FALSE, vec![going]);
    let cond = tick(h, going);
    let accu = ident(h, ACCU);
    let op = if and {
        operators::LOGICAL_AND
    } else {
        operators::LOGICAL_OR
    };
    let step = call(h, op, vec![accu, predicate]);
    let result = ident(h, ACCU);
    Ok(comprehension(h, range, var, init, cond, step, result))
}

/// `xs.exists_one(v, p)`: the standard count, its loop condition counted.
fn exists_one(
    h: &mut MacroExprHelper,
    t: &mut Option<IdedExpr>,
    args: &mut Vec<IdedExpr>,
) -> Result<IdedExpr, ParseError> {
    let predicate = args.pop().expect("two arguments");
    let var = var_name(h, args.pop().expect("two arguments"))?;
    let range = target(h, t)?;
    let init = h.next_expr(Expr::Literal(LiteralValue::Int(0.into())));
    let yes = h.next_expr(Expr::Literal(LiteralValue::Boolean(true.into())));
    let cond = tick(h, yes);
    let accu = ident(h, ACCU);
    let one = h.next_expr(Expr::Literal(LiteralValue::Int(1.into())));
    let plus = call(h, operators::ADD, vec![accu, one]);
    let accu = ident(h, ACCU);
    let step = call(h, operators::CONDITIONAL, vec![predicate, plus, accu]);
    let accu = ident(h, ACCU);
    let one = h.next_expr(Expr::Literal(LiteralValue::Int(1.into())));
    let result = call(h, operators::EQUALS, vec![accu, one]);
    Ok(comprehension(h, range, var, init, cond, step, result))
}

/// `xs.map(v, f)`, `xs.map(v, p, f)` or `xs.filter(v, p)`: the standard append, guarded
/// by a counted condition (`@budget(p)`, or `@budget(true)` for a plain map). The shape stays
/// the one the interpreter builds in place (a literal loop condition, `guard ? @result +
/// [x] : @result`), so a long map stays linear.
fn append(
    h: &mut MacroExprHelper,
    t: &mut Option<IdedExpr>,
    args: &mut Vec<IdedExpr>,
    filter: bool,
) -> Result<IdedExpr, ParseError> {
    let (var_expr, guard, item) = if filter {
        let p = args.pop().expect("two arguments");
        let v = args.pop().expect("two arguments");
        (v.clone(), Some(p), v)
    } else {
        let f = args.pop().expect("two or three arguments");
        let p = if args.len() == 2 { args.pop() } else { None };
        let v = args.pop().expect("two or three arguments");
        (v, p, f)
    };
    let var = var_name(h, var_expr)?;
    let range = target(h, t)?;
    let init = h.next_expr(Expr::List(ListExpr::new(Vec::new())));
    let cond = h.next_expr(Expr::Literal(LiteralValue::Boolean(true.into())));
    let guard = match guard {
        Some(p) => p,
        None => h.next_expr(Expr::Literal(LiteralValue::Boolean(true.into()))),
    };
    let guard = tick(h, guard);
    let accu = ident(h, ACCU);
    let list = h.next_expr(Expr::List(ListExpr::new(vec![item])));
    let plus = call(h, operators::ADD, vec![accu, list]);
    let accu = ident(h, ACCU);
    let step = call(h, operators::CONDITIONAL, vec![guard, plus, accu]);
    let result = ident(h, ACCU);
    Ok(comprehension(h, range, var, init, cond, step, result))
}

/// Size of a compiled expression: its nodes, and its deepest nesting of comprehensions (one
/// inside another's loop; a comprehension over another's result is not nested).
pub fn measure(p: &Program) -> (usize, usize) {
    let (nodes, depth, _) = shape(p);
    (nodes, depth)
}

/// Nodes, comprehension nesting, and the depth of the expression tree.
fn shape(p: &Program) -> (usize, usize, usize) {
    let mut count = Count::default();
    let depth = walk(p.expression(), &mut count);
    (count.nodes, depth, count.deepest)
}

#[derive(Default)]
struct Count {
    nodes: usize,
    level: usize,
    deepest: usize,
}

fn walk(e: &IdedExpr, nodes: &mut Count) -> usize {
    nodes.nodes += 1;
    nodes.level += 1;
    nodes.deepest = nodes.deepest.max(nodes.level);
    let depth = walk_children(e, nodes);
    nodes.level -= 1;
    depth
}

fn walk_children(e: &IdedExpr, nodes: &mut Count) -> usize {
    let deepest = |es: &mut dyn Iterator<Item = &IdedExpr>, nodes: &mut Count| {
        es.map(|e| walk(e, nodes)).max().unwrap_or(0)
    };
    match &e.expr {
        Expr::Call(c) => deepest(&mut c.target.as_deref().into_iter().chain(&c.args), nodes),
        Expr::Comprehension(c) => {
            let outside = deepest(&mut [&c.iter_range, &c.accu_init].into_iter(), nodes);
            let inside = deepest(
                &mut [&c.loop_cond, &c.loop_step, &c.result].into_iter(),
                nodes,
            );
            // `cel.bind` iterates over nothing: it is not a loop.
            let loops = !matches!(&c.iter_range.expr, Expr::List(l) if l.elements.is_empty());
            outside.max(inside + usize::from(loops))
        }
        Expr::List(l) => deepest(&mut l.elements.iter(), nodes),
        Expr::Map(m) => deepest(
            &mut m.entries.iter().flat_map(|en| match &en.expr {
                EntryExpr::MapEntry(me) => vec![&me.key, &me.value],
                EntryExpr::StructField(f) => vec![&f.value],
            }),
            nodes,
        ),
        Expr::Struct(s) => deepest(
            &mut s.entries.iter().flat_map(|en| match &en.expr {
                EntryExpr::MapEntry(me) => vec![&me.key, &me.value],
                EntryExpr::StructField(f) => vec![&f.value],
            }),
            nodes,
        ),
        Expr::Select(s) => walk(&s.operand, nodes),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => 0,
        #[allow(unreachable_patterns)]
        _ => 0,
    }
}

/// Why a compiled expression is over a limit, if it is.
pub fn too_big(p: &Program) -> Option<String> {
    let (nodes, depth, tree) = shape(p);
    if tree > MAX_EXPRESSION_DEPTH {
        return Some(format!(
            "it nests {tree} levels deep (brackets and operators); an expression may nest at most {MAX_EXPRESSION_DEPTH}"
        ));
    }
    if nodes > MAX_EXPRESSION_NODES {
        return Some(format!(
            "it has {nodes} nodes; an expression may have at most {MAX_EXPRESSION_NODES}"
        ));
    }
    if depth > MAX_COMPREHENSION_DEPTH {
        return Some(format!(
            "it nests {depth} comprehensions (`all`, `exists`, `map`, …) inside each other; at most {MAX_COMPREHENSION_DEPTH} may be"
        ));
    }
    None
}

/// Why the budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spent {
    Steps,
    Time,
}

/// One file's evaluation budget. Shared with the CEL function [`TICK`] (hence atomics;
/// one file is evaluated on one thread).
#[derive(Debug)]
pub struct Budget {
    used: AtomicU64,
    limit: u64,
    started: Instant,
    time: Duration,
    spent_steps: AtomicBool,
    spent_time: AtomicBool,
}

impl Budget {
    /// The budget of one file: [`MAX_STEPS_PER_FILE`] and [`MAX_TIME_PER_FILE`], plus
    /// [`STEPS_PER_NODE`] and [`TIME_PER_NODE`] for each value in it, so that linear work on a big declaration (40,000 services) fits and work that
    /// multiplies (a list scanned for each of its items) does not.
    pub fn for_document(doc: &serde_json::Value) -> Budget {
        let nodes = nodes(doc);
        let extra = STEPS_PER_NODE.saturating_mul(nodes);
        let time =
            MAX_TIME_PER_FILE + TIME_PER_NODE.saturating_mul(nodes.min(u32::MAX as u64) as u32);
        Budget::new(MAX_STEPS_PER_FILE.saturating_add(extra), time)
    }

    pub fn new(limit: u64, time: Duration) -> Budget {
        Budget {
            used: AtomicU64::new(0),
            limit,
            started: Instant::now(),
            time,
            spent_steps: AtomicBool::new(false),
            spent_time: AtomicBool::new(false),
        }
    }

    /// Take `n` steps; false when the budget is (now) spent. The clock is read every 256
    /// steps and on every call of more than one.
    pub fn charge(&self, n: u64) -> bool {
        if self.spent().is_some() {
            return false;
        }
        let before = self.used.fetch_add(n, Ordering::Relaxed);
        if before + n > self.limit {
            self.spent_steps.store(true, Ordering::Relaxed);
            return false;
        }
        if (n > 1 || (before + n).is_multiple_of(256) || before == 0)
            && self.started.elapsed() > self.time
        {
            self.spent_time.store(true, Ordering::Relaxed);
            return false;
        }
        true
    }

    /// One rule evaluation: a step, the clock checked.
    pub fn step(&self) -> bool {
        self.check() && self.charge(1)
    }

    /// Check the clock (between evaluations); false when the budget is spent.
    pub fn check(&self) -> bool {
        if self.spent().is_some() {
            return false;
        }
        if self.started.elapsed() > self.time {
            self.spent_time.store(true, Ordering::Relaxed);
            return false;
        }
        true
    }

    /// One comprehension iteration: `b` back, or an error once the budget is spent.
    pub fn tick(&self, b: bool) -> Result<bool, ExecutionError> {
        if self.charge(1) {
            Ok(b)
        } else {
            Err(ExecutionError::function_error(
                "budget",
                "the evaluation budget of this file is spent",
            ))
        }
    }

    pub fn spent(&self) -> Option<Spent> {
        if self.spent_steps.load(Ordering::Relaxed) {
            Some(Spent::Steps)
        } else if self.spent_time.load(Ordering::Relaxed) {
            Some(Spent::Time)
        } else {
            None
        }
    }

    /// Steps taken so far.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed).min(self.limit)
    }
}

/// The message of the ENGINE-002 diagnostic: which rule was stopped, which did not run.
pub fn spent_message(budget: &Budget, stopped: Option<&str>, not_run: &[String]) -> String {
    let why = match budget.spent() {
        Some(Spent::Time) => format!("{} seconds", budget.time.as_secs_f64()),
        _ => format!(
            "{} evaluation steps (rule evaluations and comprehension iterations)",
            thousands(budget.limit as usize)
        ),
    };
    let mut m = format!("evaluation stopped: the rules used up this file's budget of {why}");
    if let Some(rule) = stopped {
        m.push_str(&format!(" in rule {rule}"));
    }
    if !not_run.is_empty() {
        m.push_str(&format!(
            "; {} did not run: {}",
            plural(not_run.len(), "rule", "rules"),
            list(not_run, 10)
        ));
    }
    m.push_str("; the findings so far are reported, the file is not fully checked");
    m
}

/// Keeps the number of findings before de-duplication bounded, counting what it drops.
#[derive(Debug, Default)]
pub struct RawCap {
    kept: usize,
    per_rule: BTreeMap<String, usize>,
    /// Findings not kept, by rule.
    pub dropped: BTreeMap<String, usize>,
}

impl RawCap {
    /// Whether one more finding of `rule` is kept.
    pub fn admit(&mut self, rule: &str) -> bool {
        let n = self.per_rule.entry(rule.to_string()).or_default();
        if *n >= MAX_RAW_FINDINGS_PER_RULE || self.kept >= MAX_RAW_FINDINGS_PER_FILE {
            *self.dropped.entry(rule.to_string()).or_default() += 1;
            return false;
        }
        *n += 1;
        self.kept += 1;
        true
    }
}

/// The findings reported, at most [`MAX_FINDINGS_PER_RULE`] per rule and
/// [`MAX_FINDINGS_PER_FILE`] in all (the first ones, in order), and what was dropped, by rule
/// (`raw`: dropped before de-duplication already, so "at least").
pub fn cap<T>(
    findings: Vec<T>,
    rule_of: impl Fn(&T) -> &str,
    raw: &BTreeMap<String, usize>,
) -> (Vec<T>, Option<String>) {
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut dropped: BTreeMap<String, usize> = raw.clone();
    let mut kept = Vec::new();
    for f in findings {
        let rule = rule_of(&f).to_string();
        let n = per_rule.entry(rule.clone()).or_default();
        if *n >= MAX_FINDINGS_PER_RULE || kept.len() >= MAX_FINDINGS_PER_FILE {
            *dropped.entry(rule).or_default() += 1;
            continue;
        }
        *n += 1;
        kept.push(f);
    }
    if dropped.is_empty() {
        return (kept, None);
    }
    let mut by_count: Vec<(&String, &usize)> = dropped.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let items: Vec<String> = by_count
        .iter()
        .map(|(rule, n)| {
            let at_least = if raw.contains_key(*rule) {
                "at least "
            } else {
                ""
            };
            format!("{at_least}{} of {rule}", thousands(**n))
        })
        .collect();
    let total: usize = dropped.values().sum();
    let message = format!(
        "{} not reported (at most {} per rule and {} per file are): {}",
        plural(total, "finding", "findings"),
        MAX_FINDINGS_PER_RULE,
        thousands(MAX_FINDINGS_PER_FILE),
        list(&items, 10)
    );
    (kept, Some(message))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The first `max` items, then how many more.
fn list(items: &[String], max: usize) -> String {
    let mut s = items
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        s.push_str(&format!(" and {} more", thousands(items.len() - max)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use cel::Context;
    use cel::objects::Value;
    use std::sync::Arc;

    fn run(expr: &str, budget: &Arc<Budget>) -> Result<Value, ExecutionError> {
        let env = Arc::new(env());
        let p = env.compile(expr).unwrap();
        let mut ctx = Context::with_env(env);
        let b = budget.clone();
        ctx.add_function(TICK, move |x: bool| b.tick(x)).unwrap();
        p.execute(&ctx)
    }

    #[test]
    fn the_macros_mean_what_the_standard_ones_do() {
        let big = Arc::new(Budget::new(u64::MAX / 2, Duration::from_secs(3600)));
        let cases = [
            ("[1, 2, 3].all(x, x > 0)", Value::Bool(true)),
            ("[1, 2, 3].all(x, x > 1)", Value::Bool(false)),
            ("[1, 2, 3].exists(x, x > 2)", Value::Bool(true)),
            ("[1, 2, 3].exists(x, x > 3)", Value::Bool(false)),
            ("[1, 2, 3].exists_one(x, x > 2)", Value::Bool(true)),
            ("[1, 2, 3].existsOne(x, x > 1)", Value::Bool(false)),
            ("[1, 2, 3].map(x, x * 2) == [2, 4, 6]", Value::Bool(true)),
            (
                "[1, 2, 3].map(x, x > 1, x * 2) == [4, 6]",
                Value::Bool(true),
            ),
            ("[1, 2, 3].filter(x, x != 2) == [1, 3]", Value::Bool(true)),
            ("{'a': 1}.all(k, k == 'a')", Value::Bool(true)),
            ("has({'a': 1}.a) && !has({'a': 1}.b)", Value::Bool(true)),
            // Errors absorbed as the CEL spec says.
            ("[0, 1].exists(x, 1 / x == 1)", Value::Bool(true)),
            // cel.bind: the value once, under its name, shadowing an outer one.
            ("cel.bind(xs, [1, 2, 3], xs.size() + xs[0])", Value::Int(4)),
            (
                "[10].all(x, cel.bind(x, x + 1, x == 11)) && cel.bind(a, 1, cel.bind(b, a + 1, b)) == 2",
                Value::Bool(true),
            ),
        ];
        for (expr, want) in cases {
            assert_eq!(run(expr, &big), Ok(want), "{expr}");
        }
        // One step per iteration; a bind is none.
        let counted = Arc::new(Budget::new(1_000, Duration::from_secs(3600)));
        run("[1, 2, 3, 4].map(x, x)", &counted).unwrap();
        assert_eq!(counted.used(), 4);
        run("cel.bind(y, 1, y)", &counted).unwrap();
        assert_eq!(counted.used(), 4);
        // `bind` on anything else is an ordinary call (to no function here).
        assert!(run("[1].bind(a, 1, a)", &big).is_err());
    }

    #[test]
    fn nested_comprehensions_stop_at_the_budget() {
        let budget = Arc::new(Budget::new(10_000, Duration::from_secs(3600)));
        let r = run(
            "[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, [1,2,3,4,5,6,7,8,9,10].map(c, [1,2,3,4,5,6,7,8,9,10].all(d, a+b+c+d > 0)))).size() > 0",
            &budget,
        );
        assert!(r.is_err(), "{r:?}");
        assert_eq!(budget.spent(), Some(Spent::Steps));
        // Spent stays spent.
        assert!(!budget.charge(1) && !budget.check());
    }

    /// The limits are far above what the built-in pack needs: at most a quarter of each.
    #[test]
    fn the_built_in_pack_is_well_within_the_limits() {
        let pack = crate::rules::builtin();
        let (mut nodes, mut depth, mut bytes) = (0, 0, 0);
        for r in &pack.rules {
            let mut programs: Vec<&Program> = vec![&r.condition];
            programs.extend(r.when.iter().chain(&r.open_question).chain(&r.fact));
            programs.extend(r.severity_if.iter().map(|(p, _)| p));
            for part in r.message.iter().flatten() {
                if let crate::rules::pack::Part::Expr(p) = part {
                    programs.push(p);
                }
            }
            for p in programs {
                let (n, d) = measure(p);
                nodes = nodes.max(n);
                depth = depth.max(d);
            }
            bytes = bytes.max(r.condition_text.len());
        }
        eprintln!("built-in maxima: {nodes} nodes, {depth} nested, {bytes} bytes");
        assert!(nodes * 4 <= MAX_EXPRESSION_NODES, "{nodes} nodes");
        assert!(bytes * 4 <= MAX_EXPRESSION_BYTES, "{bytes} bytes");
        assert!(depth < MAX_COMPREHENSION_DEPTH, "{depth} nested");
        assert!(pack.rules.len() * 4 <= MAX_RULES_PER_PACK);
        for (path, text) in crate::rules::pack::BUILTIN_FILES {
            assert!(text.len() * 4 <= MAX_PACK_FILE_BYTES, "{path}");
        }
    }

    #[test]
    fn the_clock_stops_a_budget_too() {
        let budget = Budget::new(u64::MAX / 2, Duration::ZERO);
        std::thread::sleep(Duration::from_millis(2));
        assert!(!budget.check());
        assert_eq!(budget.spent(), Some(Spent::Time));
    }

    #[test]
    fn measuring_counts_nodes_and_nesting() {
        let env = env();
        let m = |s: &str| measure(&env.compile(s).unwrap());
        assert_eq!(m("1").0, 1);
        assert_eq!(m("a.b").1, 0);
        assert_eq!(m("xs.all(x, x > 0)").1, 1);
        assert_eq!(m("xs.all(x, ys.exists(y, y == x))").1, 2);
        // Over the result of another: not nested.
        assert_eq!(m("xs.map(x, x).all(y, y > 0)").1, 1);
        let deep = |s: &str| too_big(&env.compile(s).unwrap());
        assert_eq!(deep("a.all(x, b.all(y, c.all(z, d.all(w, w))))"), None);
        assert!(
            deep("a.all(x, b.all(y, c.all(z, d.all(w, e.all(v, v)))))")
                .is_some_and(|why| why.contains("nests 5 comprehensions"))
        );
    }

    #[test]
    fn capping_keeps_the_first_and_says_what_it_dropped() {
        let mut findings: Vec<&str> = vec!["A"; 150];
        findings.extend(["B"; 3]);
        let (kept, msg) = cap(findings, |s| s, &BTreeMap::new());
        assert_eq!(kept.len(), 103);
        assert_eq!(
            msg.as_deref(),
            Some("50 findings not reported (at most 100 per rule and 1,000 per file are): 50 of A")
        );
        let (kept, msg) = cap(vec!["A"; 3], |s| s, &BTreeMap::new());
        assert_eq!((kept.len(), msg), (3, None));
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}

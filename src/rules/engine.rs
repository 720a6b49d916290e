//! Stage 4: evaluate. Runs every rule of a pack over one declaration and returns findings
//! addressed by JSON pointer. Rust holds only the generic machinery: selecting nodes
//! (document, services, effective per-service controls, JSONPath), evaluating CEL, locating,
//! de-duplicating and suppressing. What a rule checks lives in `rules/`.

use super::pack::{Lang, Part, Rule, RulePack, Select, cel_env};
use super::value;
use crate::base::codes::{ENGINE_BUDGET, ENGINE_CAPPED};
use crate::base::dates::parse_date;
use crate::base::{Diagnostic, Kind, Label, Severity, Target, escape_token};
use crate::rules::budget::{self, Budget, RawCap};
use cel::common::types::{CelBool, CelString};
use cel::common::value::Val;
use cel::objects::Value as CelValue;
use cel::{Context, ExecutionError, Program};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Diagnostic code for a rule that fails at run time (a bug in a rule, not in the data).
pub use crate::base::codes::ENGINE_ERROR;

/// Scopes that keep a vendor-wide statement from being credited to the services you buy.
const RESTRICTED_SCOPES: &[&str] = &["vendor_internal_systems"];

/// Settings for one evaluation.
pub struct Evaluation<'a> {
    /// `YYYY-MM-DD`; all date logic uses it.
    pub today: &'a str,
    pub lang: Lang,
    /// Which rules run (by id).
    pub selected: &'a dyn Fn(&str) -> bool,
    /// Parameter values replacing a rule's defaults (by rule id), from the policy.
    pub params: Option<&'a RuleParams>,
}

/// Each rule's parameters (as data, and converted for CEL), by rule id.
pub type RuleParams = HashMap<String, (Map<String, Value>, CelValue)>;

/// A service as rules see it.
struct ServiceView {
    pointer: String,
    value: Value,
    index: Option<usize>,
}

/// A statement a per-control rule runs on: its place, its value (`None`: stated nowhere) and
/// its CEL node, made when a rule first needs it.
struct Stmt<'a> {
    pointer: String,
    value: Option<&'a Value>,
    cel: Option<Box<dyn Val + 'a>>,
}

/// An evaluation not repeated for a service, because it did not read the service: what it
/// found (findings `of`) applies to that service too. `at`: where the repeat would have put
/// its findings, to keep the labels in the order a full evaluation gives.
struct Again {
    at: usize,
    of: usize,
    service: Option<usize>,
}

/// Evaluations of one rule (on one statement) already made, by what they read of `service`:
/// an evaluation depends only on what it read, so a service whose fields it read are equal
/// gets the same result without evaluating (the findings it made, by index). An evaluation
/// that used the service as a whole is not remembered.
#[derive(Default)]
struct Memo<'a> {
    /// By the fields read, in order (a rule reads a few fields, so there are few of these).
    shapes: Vec<Shape<'a>>,
    entries: usize,
}

struct Shape<'a> {
    fields: Vec<String>,
    /// The values of `fields` (absent: `None`) by their digest, and what was found with them.
    seen: HashMap<u64, Vec<Remembered<'a>>>,
}

/// The values an evaluation read, and what it found with them (findings, by index).
type Remembered<'a> = (Vec<Option<&'a Value>>, Vec<usize>);

/// Past these, evaluations are no longer remembered (a rule that reads each service's id
/// matches no other service: remembering it would only cost).
const MAX_SHAPES: usize = 8;
const MAX_REMEMBERED: usize = 4096;

impl<'a> Memo<'a> {
    fn find(&self, service: &'a Map<String, Value>) -> Option<&[usize]> {
        self.shapes.iter().find_map(|shape| {
            // Read nothing of the service: the same for every service.
            if shape.fields.is_empty() {
                return shape
                    .seen
                    .values()
                    .next()?
                    .first()
                    .map(|(_, f)| f.as_slice());
            }
            let values: Vec<Option<&Value>> = shape.fields.iter().map(|f| service.get(f)).collect();
            let same = shape.seen.get(&digest(&values))?;
            same.iter()
                .find(|(v, _)| *v == values)
                .map(|(_, found)| found.as_slice())
        })
    }

    fn remember(
        &mut self,
        service: &'a Map<String, Value>,
        reads: &std::sync::Mutex<value::Reads>,
        found: Vec<usize>,
    ) {
        let Ok(reads) = reads.lock() else { return };
        if reads.whole || self.entries >= MAX_REMEMBERED {
            return;
        }
        let i = match self.shapes.iter().position(|s| s.fields == reads.fields) {
            Some(i) => i,
            None if self.shapes.len() < MAX_SHAPES => {
                self.shapes.push(Shape {
                    fields: reads.fields.clone(),
                    seen: HashMap::new(),
                });
                self.shapes.len() - 1
            }
            None => return,
        };
        let shape = &mut self.shapes[i];
        let values: Vec<Option<&Value>> = shape.fields.iter().map(|f| service.get(f)).collect();
        let d = digest(&values);
        shape.seen.entry(d).or_default().push((values, found));
        self.entries += 1;
    }
}

/// A digest of some JSON values, equal for equal values (object keys in any order).
fn digest(values: &[Option<&Value>]) -> u64 {
    use std::hash::{Hash, Hasher};
    fn feed(v: &Value, h: &mut impl Hasher) {
        match v {
            Value::Null => 0u8.hash(h),
            Value::Bool(b) => (1u8, b).hash(h),
            Value::Number(n) => (2u8, n.to_string()).hash(h),
            Value::String(s) => (3u8, s).hash(h),
            Value::Array(items) => {
                (4u8, items.len()).hash(h);
                items.iter().for_each(|i| feed(i, h));
            }
            Value::Object(map) => {
                // Order-independent: the sum of the entries' own digests.
                let sum = map.iter().fold(0u64, |acc, (k, v)| {
                    let mut e = std::collections::hash_map::DefaultHasher::new();
                    k.hash(&mut e);
                    feed(v, &mut e);
                    acc.wrapping_add(e.finish())
                });
                (5u8, map.len(), sum).hash(h);
            }
        }
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for v in values {
        match v {
            None => 9u8.hash(&mut h),
            Some(v) => feed(v, &mut h),
        }
    }
    h.finish()
}

/// A service's fields, for [`Memo`]: `None` for one that is not a map (the schema reports it;
/// its evaluations are not remembered), none at all for the stand-in for the whole vendor.
fn service_fields<'a>(
    doc: &'a Value,
    s: &ServiceView,
    empty: &'a Map<String, Value>,
) -> Option<&'a Map<String, Value>> {
    match s.index {
        None => Some(empty),
        Some(i) => doc.get("services")?.get(i)?.as_object(),
    }
}

/// A finding before de-duplication: the diagnostic, what it is about (for suppression), and
/// the service it was found for (for "also applies to" labels).
struct Finding {
    diagnostic: Diagnostic,
    subject: String,
    service: Option<usize>,
    /// The fact the rule reports (its `fact` expression): one finding per fact.
    fact: Option<String>,
}

/// Every control key of the declaration schema, for `select: {controls: ["*"]}`.
pub fn control_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let schema = crate::validate::declaration_validator().schema();
        schema["$defs"]["controls"]["properties"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    })
}

/// Run `pack` over `doc`, within one file's budget (`budget::Budget::for_document`).
pub fn evaluate(packs: &[Arc<RulePack>], doc: &Value, eval: &Evaluation) -> Vec<Diagnostic> {
    evaluate_within(packs, doc, eval, &Arc::new(Budget::for_document(doc)))
}

/// Run `pack` over `doc` within `budget`: every rule evaluation is a step (`run`), and so is
/// every comprehension iteration (the macros call `budget::TICK`).
pub fn evaluate_within(
    packs: &[Arc<RulePack>],
    doc: &Value,
    eval: &Evaluation,
    budget: &Arc<Budget>,
) -> Vec<Diagnostic> {
    let mut root = Context::with_env(cel_env());
    let ticks = budget.clone();
    let _ = root.add_function(budget::TICK, move |b: bool| ticks.tick(b));
    let mut raw = RawCap::default();
    // The rule running when the budget ran out, and the rules that did not run.
    let mut stopped: Option<String> = None;
    let mut not_run: Vec<String> = Vec::new();
    let today_days = parse_date(eval.today).unwrap_or(0);
    let _ = root.add_function("known", |v: CelValue| known(&v));
    let _ = root.add_function(
        "days_since",
        move |d: Arc<String>| -> Result<CelValue, ExecutionError> {
            parse_date(&d)
                .map(|x| CelValue::Int(today_days - x))
                .ok_or_else(|| {
                    ExecutionError::function_error("days_since", format!("`{d}` is not a date"))
                })
        },
    );
    let _ = root.add_function(
        "days_until",
        move |d: Arc<String>| -> Result<CelValue, ExecutionError> {
            parse_date(&d)
                .map(|x| CelValue::Int(x - today_days))
                .ok_or_else(|| {
                    ExecutionError::function_error("days_until", format!("`{d}` is not a date"))
                })
        },
    );
    let _ = root.add_function("rank", |v: CelValue, order: Arc<Vec<CelValue>>| -> i64 {
        order.iter().position(|o| *o == v).map_or(-1, |i| i as i64)
    });
    // The declaration as CEL sees it, built once (see `value`): binding it, or any part of
    // it, is a reference count.
    let decl = value::tree(doc);
    root.add_variable_as_val("decl", decl.clone_as_boxed());
    // Each service by id (the first, if an id repeats), so that a rule looks a service up
    // instead of scanning `decl.services` for every item it checks.
    root.add_variable_as_val("services_by_id", value::by_id(doc, &*decl, "/services"));
    let criticality = doc
        .pointer("/declaration/customer_context/criticality")
        .and_then(Value::as_str)
        .unwrap_or("");
    root.add_variable_from_value("today", eval.today.to_string());

    let services = services(doc);
    let ids = service_ids(doc);
    let empty_map = Value::Object(Map::new());
    let empty_fields = Map::new();
    let empty = value::tree(&empty_map);
    let service_values: Vec<Box<dyn Val + '_>> = services
        .iter()
        .map(|s| value::at_pointer(&*decl, &s.pointer).filter(|_| s.index.is_some()))
        .map(|v| v.unwrap_or_else(|| empty.clone()))
        .collect();
    // The statements per-control rules run on, by index; each control key's column of them
    // (one per service, with where it comes from).
    let mut stmts: Vec<Stmt> = Vec::new();
    let mut columns: HashMap<String, Vec<(usize, &str)>> = HashMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut again: Vec<Again> = Vec::new();
    for rule in packs
        .iter()
        .flat_map(|p| &p.rules)
        .filter(|r| (eval.selected)(&r.id))
    {
        if !budget.check() {
            not_run.push(rule.id.clone());
            continue;
        }
        let mut rctx = root.new_inner_scope();
        let params = eval
            .params
            .and_then(|p| p.get(&rule.id))
            .map_or_else(|| rule.params_value.clone(), |(_, v)| v.clone());
        rctx.add_variable_from_value("params", params);
        // This rule's first finding at each place (rules without `fact`): a later one there
        // is only a label on it (what `finish` would make of it), made without rendering it
        // and outside the cap on findings, so that a label count is true on 40,000 services.
        let mut first_at: HashMap<String, usize> = HashMap::new();
        // The earlier finding the last run's finding was a repeat of, if it was.
        let repeat_of: std::cell::Cell<Option<usize>> = std::cell::Cell::new(None);
        // Runs the rule once; whether what it found is whole (nothing left out by the caps
        // or the budget), so that it may stand for other services (see `Memo`).
        let mut run = |findings: &mut Vec<Finding>,
                       again: &mut Vec<Again>,
                       vars: Vec<(&str, Box<dyn Val + '_>)>,
                       base: String,
                       subject: String,
                       service: Option<usize>|
         -> bool {
            repeat_of.set(None);
            if !budget.step() {
                return false;
            }
            let mut ctx = rctx.new_inner_scope();
            for (k, v) in vars {
                ctx.add_variable_as_val(k, v);
            }
            let pointer = format!("{base}{}", rule.at);
            if let Some(when) = &rule.when {
                match truth(when, &ctx) {
                    Ok(true) => {}
                    Ok(false) => return true,
                    Err(_) if budget.spent().is_some() => return false,
                    Err(e) => {
                        let kept = raw.admit(&rule.id);
                        if kept {
                            findings.push(engine_error(rule, &pointer, &subject, "when", e));
                        }
                        return kept;
                    }
                }
            }
            match truth(&rule.condition, &ctx) {
                Ok(true) => {
                    // The customer's criticality sets the base severity, or drops the
                    // finding; `severity_if` still wins.
                    let default_severity =
                        match rule.by_criticality.iter().find(|(c, _)| c == criticality) {
                            Some((_, None)) => return true,
                            Some((_, Some(s))) => *s,
                            None => rule.severity,
                        };
                    if rule.fact.is_none()
                        && let Some(&of) = first_at.get(&pointer)
                    {
                        again.push(Again {
                            at: findings.len(),
                            of,
                            service,
                        });
                        repeat_of.set(Some(of));
                        return true;
                    }
                    // One paragraph: the line breaks a YAML block scalar keeps inside a
                    // template are not the message's.
                    let message = render(rule.message_parts(eval.lang), &ctx)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let severity = rule
                        .severity_if
                        .iter()
                        .find(|(w, _)| truth(w, &ctx).unwrap_or(false))
                        .map_or(default_severity, |(_, s)| *s);
                    let mut d = Diagnostic::new(&rule.id, severity, message)
                        .at_pointer(pointer.clone(), Target::Value)
                        .with_help(rule.why())
                        .with_references(rule.references.iter().cloned());
                    d.question = Some(rule.question.get(eval.lang).to_string());
                    d.aliases = rule.aliases.clone();
                    d.answers = match &rule.answers {
                        None => vec![pointer.clone()],
                        Some(list) => list.iter().map(|a| format!("{base}{a}")).collect(),
                    };
                    let mut whole = true;
                    let fact = match &rule.fact {
                        None => None,
                        Some(f) => match f.execute(&ctx) {
                            Ok(CelValue::String(v)) => Some(v.to_string()),
                            Ok(other) => Some(format!("{other:?}")),
                            // Spent budget, or too many findings kept.
                            Err(_) if budget.spent().is_some() || !raw.admit(&rule.id) => {
                                whole = false;
                                None
                            }
                            Err(e) => {
                                let p = d.pointer.clone().unwrap_or_default();
                                findings.push(engine_error(
                                    rule,
                                    &p,
                                    &subject,
                                    "fact",
                                    e.to_string(),
                                ));
                                None
                            }
                        },
                    };
                    if let Some(q) = &rule.open_question {
                        match truth(q, &ctx) {
                            Ok(true) => d.kind = Kind::Question,
                            Ok(false) => {}
                            Err(_) if budget.spent().is_some() || !raw.admit(&rule.id) => {
                                whole = false;
                            }
                            Err(e) => findings.push(engine_error(
                                rule,
                                &d.pointer.clone().unwrap_or_default(),
                                &subject,
                                "open_question",
                                e,
                            )),
                        }
                    }
                    if raw.admit(&rule.id) {
                        if rule.fact.is_none() {
                            first_at.insert(pointer, findings.len());
                        }
                        findings.push(Finding {
                            diagnostic: d,
                            subject,
                            service,
                            fact,
                        });
                        whole
                    } else {
                        false
                    }
                }
                Ok(false) => true,
                Err(_) if budget.spent().is_some() => false,
                Err(e) => {
                    let kept = raw.admit(&rule.id);
                    if kept {
                        findings.push(engine_error(rule, &pointer, &subject, "condition", e));
                    }
                    kept
                }
            }
        };
        match &rule.select {
            Select::Document => {
                run(
                    &mut findings,
                    &mut again,
                    vec![],
                    String::new(),
                    String::new(),
                    None,
                );
            }
            Select::Services => {
                // Findings are at each service's own place, so only an evaluation that found
                // nothing stands for the services that read the same.
                let mut memo = Memo::default();
                for (s, sv) in services.iter().zip(&service_values) {
                    let fields = service_fields(doc, s, &empty_fields);
                    if fields.is_some_and(|f| memo.find(f).is_some()) {
                        continue;
                    }
                    let (watched, reads) = value::Watched::new(sv.clone());
                    let before = findings.len();
                    let whole = run(
                        &mut findings,
                        &mut again,
                        vec![("service", Box::new(watched))],
                        s.pointer.clone(),
                        s.pointer.clone(),
                        s.index,
                    );
                    if let Some(f) = fields
                        && whole
                        && findings.len() == before
                        && repeat_of.take().is_none()
                    {
                        memo.remember(f, &reads, Vec::new());
                    }
                }
            }
            Select::Controls(keys) => {
                let keys: &[String] = if keys.iter().any(|k| k == "*") {
                    control_keys()
                } else {
                    keys
                };
                // Each service's effective statement of each key, found once per file and
                // shared by every rule (a statement by its index in `stmts`).
                for key in keys {
                    if !columns.contains_key(key) {
                        let column = column(doc, &ids, &services, key, &mut stmts);
                        columns.insert(key.clone(), column);
                    }
                }
                let columns: Vec<&Vec<(usize, &str)>> = keys.iter().map(|k| &columns[k]).collect();
                // An evaluation finds the same on the same statement for every service it is
                // effective for (a vendor-wide statement, or none, is the same for every
                // service) whose fields it read are the same: it is not repeated for those,
                // which get an "also applies to" label on what it found.
                let mut memos: HashMap<(usize, &str), Memo> = HashMap::new();
                for (si, (s, sv)) in services.iter().zip(&service_values).enumerate() {
                    let fields = service_fields(doc, s, &empty_fields);
                    for (key, column) in keys.iter().zip(&columns) {
                        let (stmt, source) = column[si];
                        let memo = memos.get(&(stmt, source));
                        if let Some(earlier) = fields.zip(memo).and_then(|(f, m)| m.find(f)) {
                            let at = findings.len();
                            again.extend(earlier.iter().map(|&of| Again {
                                at,
                                of,
                                service: s.index,
                            }));
                            continue;
                        }
                        let st = &mut stmts[stmt];
                        let found = st.value.map(|v| {
                            (st.cel.get_or_insert_with(|| {
                                value::at_pointer(&*decl, &st.pointer)
                                    .unwrap_or_else(|| value::tree(v))
                            }))
                            .clone()
                        });
                        let pointer = st.pointer.clone();
                        let (watched, reads) = value::Watched::new(sv.clone());
                        let vars: Vec<(&str, Box<dyn Val>)> = vec![
                            ("service", Box::new(watched)),
                            ("control_key", Box::new(CelString::from(key.clone()))),
                            ("control_found", Box::new(CelBool::from(found.is_some()))),
                            ("control_source", Box::new(CelString::from(source))),
                            ("control", found.unwrap_or_else(|| empty.clone())),
                        ];
                        let before = findings.len();
                        let subject = format!("{}#{key}", s.pointer);
                        let whole = run(&mut findings, &mut again, vars, pointer, subject, s.index);
                        // What it found: its own findings, or the earlier one it repeated.
                        let found = (before..findings.len()).chain(repeat_of.take()).collect();
                        if let Some(f) = fields
                            && whole
                        {
                            let memo = memos.entry((stmt, source)).or_default();
                            memo.remember(f, &reads, found);
                        }
                    }
                }
            }
            Select::Path(path, _) => {
                for node in path.query_located(doc).iter() {
                    if !budget.check() {
                        break;
                    }
                    let p = node.location().to_json_pointer();
                    let item =
                        value::at_pointer(&*decl, &p).unwrap_or_else(|| value::tree(node.node()));
                    run(
                        &mut findings,
                        &mut again,
                        vec![("item", item)],
                        p.clone(),
                        p,
                        None,
                    );
                }
            }
        }
        if stopped.is_none() && budget.spent().is_some() {
            stopped = Some(rule.id.clone());
        }
    }
    let (mut out, capped) = budget::cap(
        finish(findings, again, doc, packs),
        |d| &d.rule,
        &raw.dropped,
    );
    if let Some(message) = capped {
        out.push(
            Diagnostic::new(ENGINE_CAPPED, Severity::Warning, message)
                .at_pointer("", Target::Key)
                .with_help("a rule that fires on every node is usually a bug in the rule"),
        );
    }
    if budget.spent().is_some() {
        out.push(
            Diagnostic::new(
                ENGINE_BUDGET,
                Severity::Error,
                budget::spent_message(budget, stopped.as_deref(), &not_run),
            )
            .at_pointer("", Target::Key)
            .with_help(
                "a rule whose comprehensions multiply (nested `all`/`exists`/`map` over large lists) is the usual cause: a bug in the rule, not in the declaration",
            ),
        );
    }
    out
}

/// A JSON value as a CEL value (JSON maps to CEL maps, lists, strings, numbers, bools, null).
pub fn to_cel(v: &Value) -> CelValue {
    cel::to_value(v).unwrap_or(CelValue::Null)
}

/// At most this many "also applies to" / "also here" labels on one finding; the rest are
/// counted in one note, so a vendor-wide gap over 40,000 services stays one readable finding.
const MAX_ALSO_LABELS: usize = 20;

/// De-duplicate (one finding per rule and place, with labels for the other services it
/// applies to; one finding per rule and fact, with labels at the fact's other places) and
/// apply `suppresses` (on the same subject, or the same fact). Linear in the findings.
fn finish(
    findings: Vec<Finding>,
    again: Vec<Again>,
    doc: &Value,
    packs: &[Arc<RulePack>],
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    // Per finding kept: the label places it has, and how many more were left out.
    let mut places: Vec<(HashSet<String>, usize)> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    // Per finding: the finding kept for it, and whether a repeat of it gets a service label.
    let mut kept: Vec<(usize, bool)> = Vec::with_capacity(findings.len());
    let mut again = again.into_iter().peekable();
    // A label naming service `si`, made only when it is kept (past the cap it is counted).
    let also_applies = |si: usize| {
        let ptr = format!("/services/{si}/id");
        let message = move || {
            let id = (doc.get("services").and_then(|l| l.get(si)))
                .and_then(|s| s.get("id"))
                .and_then(Value::as_str)
                .unwrap_or("?");
            format!("also applies to service `{id}`")
        };
        (message, ptr)
    };
    for (fi, f) in findings.into_iter().map(Some).chain([None]).enumerate() {
        while let Some(a) = again.next_if(|a| a.at <= fi) {
            if let (Some(&(i, true)), Some(si)) = (kept.get(a.of), a.service) {
                let (message, ptr) = also_applies(si);
                add_label(&mut out[i], &mut places[i], message, ptr);
            }
        }
        let Some(f) = f else { break };
        let labelled = f.fact.is_none() && f.service.is_some();
        let place = f.diagnostic.pointer.clone().unwrap_or_default();
        let i = if let Some(fact) = &f.fact {
            let key = (f.diagnostic.rule.clone(), format!("fact:{fact}"));
            if let Some(&i) = index.get(&key) {
                // The same fact seen elsewhere: a label there, not another finding.
                if out[i].pointer.as_deref() != Some(place.as_str()) {
                    add_label(
                        &mut out[i],
                        &mut places[i],
                        || format!("also here: {fact}"),
                        place,
                    );
                }
                i
            } else {
                index.insert(key, out.len());
                let mut d = f.diagnostic;
                d.subject = Some(format!("fact:{fact}"));
                out.push(d);
                places.push(Default::default());
                out.len() - 1
            }
        } else {
            let key = (f.diagnostic.rule.clone(), place);
            if let Some(&i) = index.get(&key) {
                if let Some(si) = f.service {
                    let (message, ptr) = also_applies(si);
                    add_label(&mut out[i], &mut places[i], message, ptr);
                }
                i
            } else {
                index.insert(key, out.len());
                let mut d = f.diagnostic;
                d.subject = Some(f.subject);
                out.push(d);
                places.push(Default::default());
                out.len() - 1
            }
        };
        kept.push((i, labelled));
    }
    for (d, (_, more)) in out.iter_mut().zip(&places) {
        if *more > 0 {
            d.labels.push(Label {
                message: format!(
                    "and {more} more {}",
                    if *more == 1 { "place" } else { "places" }
                ),
                pointer: None,
                target: Target::Value,
                path: None,
                span: None,
            });
        }
    }
    // (subject, rule) pairs dropped entirely, and those where only open questions are.
    let mut replaced: HashSet<(&str, &str)> = HashSet::new();
    let mut asked: HashSet<(&str, &str)> = HashSet::new();
    let rules: HashMap<&str, &Rule> = packs
        .iter()
        .flat_map(|p| &p.rules)
        .map(|r| (r.id.as_str(), r))
        .collect();
    for d in &out {
        let subject = d.subject.as_deref().unwrap_or_default();
        if let Some(rule) = rules.get(d.rule.as_str()) {
            replaced.extend(rule.suppresses.iter().map(|g| (subject, g.as_str())));
            asked.extend(rule.asks_for.iter().map(|g| (subject, g.as_str())));
        }
    }
    let keep: Vec<bool> = out
        .iter()
        .map(|d| {
            let key = (d.subject.as_deref().unwrap_or_default(), d.rule.as_str());
            !(d.subject.is_some()
                && (replaced.contains(&key) || (d.kind == Kind::Question && asked.contains(&key))))
        })
        .collect();
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(true));
    out
}

/// A label at `pointer` in the same document, unless the finding already has one there;
/// past [`MAX_ALSO_LABELS`], only counted.
fn add_label(
    d: &mut Diagnostic,
    (seen, more): &mut (HashSet<String>, usize),
    message: impl FnOnce() -> String,
    pointer: String,
) {
    if seen.contains(&pointer) {
        return;
    }
    if seen.len() >= MAX_ALSO_LABELS {
        *more += 1;
        return;
    }
    seen.insert(pointer.clone());
    d.labels.push(Label {
        message: message(),
        pointer: Some(pointer),
        target: Target::Value,
        path: None,
        span: None,
    });
}

fn engine_error(rule: &Rule, pointer: &str, subject: &str, what: &str, e: String) -> Finding {
    let d = Diagnostic::new(
        ENGINE_ERROR,
        Severity::Warning,
        format!("rule {} could not be evaluated here ({what}): {e}", rule.id),
    )
    .at_pointer(pointer, Target::Value)
    .with_help(format!(
        "this is a bug in rule {} ({}), not in the declaration",
        rule.id, rule.origin.path
    ));
    Finding {
        diagnostic: d,
        subject: subject.to_string(),
        service: None,
        fact: None,
    }
}

fn truth(p: &Program, ctx: &Context) -> Result<bool, String> {
    match p.execute(ctx) {
        Ok(CelValue::Bool(b)) => Ok(b),
        Ok(other) => Err(format!("expected true or false, got {other:?}")),
        Err(e) => Err(e.to_string()),
    }
}

fn render(parts: &[Part], ctx: &Context) -> String {
    let mut s = String::new();
    for p in parts {
        match p {
            Part::Text(t) => s.push_str(t),
            Part::Expr(e) => match e.execute(ctx) {
                Ok(v) => s.push_str(&text_of(&v)),
                Err(_) => s.push('?'),
            },
        }
    }
    s
}

/// At most this many items of a list are named in a message; the rest are counted.
const MAX_LISTED: usize = 10;

/// A value as it reads in a sentence: a list as `a, b and c`, not as JSON.
fn text_of(v: &CelValue) -> String {
    match v {
        CelValue::String(v) => v.to_string(),
        CelValue::Int(i) => i.to_string(),
        CelValue::UInt(i) => i.to_string(),
        CelValue::Float(f) => f.to_string(),
        CelValue::Bool(b) => b.to_string(),
        CelValue::Null => "(none)".to_string(),
        CelValue::List(items) if items.len() > MAX_LISTED => {
            let words: Vec<String> = items.iter().take(MAX_LISTED).map(text_of).collect();
            format!("{} and {} more", words.join(", "), items.len() - MAX_LISTED)
        }
        CelValue::List(items) => {
            let words: Vec<String> = items.iter().map(text_of).collect();
            match words.split_last() {
                None => "none".to_string(),
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            }
        }
        other => other.json().map(|j| j.to_string()).unwrap_or_default(),
    }
}

/// A value that answers the question: not missing, not `unknown`, not `not_disclosed`.
fn known(v: &CelValue) -> bool {
    match v {
        CelValue::Null => false,
        CelValue::String(s) => s.as_str() != "unknown" && s.as_str() != "not_disclosed",
        _ => true,
    }
}

/// The services rules run over: each in `services[]` that is in use (`in_use` not false), or
/// one stand-in for the whole vendor when the declaration lists none.
fn services(doc: &Value) -> Vec<ServiceView> {
    let list = doc
        .get("services")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut out: Vec<ServiceView> = list
        .into_iter()
        .enumerate()
        .filter(|(_, s)| s.pointer("/customer_usage/in_use") != Some(&Value::Bool(false)))
        .map(|(i, s)| ServiceView {
            pointer: format!("/services/{i}"),
            value: s,
            index: Some(i),
        })
        .collect();
    if out.is_empty()
        && doc
            .get("services")
            .and_then(Value::as_array)
            .is_none_or(|a| a.is_empty())
    {
        out.push(ServiceView {
            pointer: String::new(),
            value: Value::Object(Map::new()),
            index: None,
        });
    }
    out
}

/// For each service rules run over, its id (`None` for the whole vendor when no services are
/// listed) and its effective statement of control `key` (`None`: stated nowhere).
pub fn effective_statements<'a>(
    doc: &'a Value,
    key: &str,
) -> Vec<(Option<String>, Option<&'a Value>)> {
    let ids = service_ids(doc);
    services(doc)
        .iter()
        .map(|s| {
            let id = s
                .value
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_string);
            (id, effective(doc, &ids, s, key).map(|(_, v, _)| v))
        })
        .collect()
}

/// Each service's index by id (the first, when an id repeats: the schema check reports that).
type ServiceIds<'a> = HashMap<&'a str, usize>;

fn service_ids(doc: &Value) -> ServiceIds<'_> {
    let mut ids = HashMap::new();
    for (i, s) in doc
        .get("services")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(id) = s.get("id").and_then(Value::as_str) {
            ids.entry(id).or_insert(i);
        }
    }
    ids
}

/// The effective statement for a service and control key: the service's own, then its
/// `part_of` parents', then the vendor-wide one unless its scope keeps it from customers.
fn effective<'a>(
    doc: &'a Value,
    ids: &ServiceIds,
    s: &ServiceView,
    key: &str,
) -> Option<(String, &'a Value, &'static str)> {
    match own_or_parent(doc, ids, s, key) {
        Some((i, stmt, source)) => Some((
            format!("/services/{i}/controls/{}", escape_token(key)),
            stmt,
            source,
        )),
        None => vendor_wide(doc, key)
            .map(|stmt| (format!("/controls/{}", escape_token(key)), stmt, "vendor")),
    }
}

/// The statement of control `key` in the service itself or its nearest `part_of` parent that
/// has one: the index of the service that holds it, the statement, and which it is.
fn own_or_parent<'a>(
    doc: &'a Value,
    ids: &ServiceIds,
    s: &ServiceView,
    key: &str,
) -> Option<(usize, &'a Value, &'static str)> {
    let list = doc.get("services").and_then(Value::as_array)?;
    let mut current = s.index;
    let mut hops = 0;
    while let Some(i) = current {
        let svc = list.get(i)?;
        if let Some(stmt) = svc.get("controls").and_then(|c| c.get(key)) {
            let source = if hops == 0 { "service" } else { "parent" };
            return Some((i, stmt, source));
        }
        hops += 1;
        if hops > list.len() {
            break; // a part_of cycle
        }
        current = svc
            .get("part_of")
            .and_then(Value::as_str)
            .and_then(|parent| ids.get(parent).copied());
    }
    None
}

/// The vendor-wide statement of control `key`, unless its scope keeps it from customers.
fn vendor_wide<'a>(doc: &'a Value, key: &str) -> Option<&'a Value> {
    let stmt = doc.get("controls")?.get(key)?;
    let restricted = (stmt.get("scope").and_then(Value::as_str))
        .is_some_and(|sc| RESTRICTED_SCOPES.contains(&sc));
    (!restricted).then_some(stmt)
}

/// Each service's effective statement of control `key` (its index in `stmts`, added there the
/// first time, and where it comes from). A statement held by one service (its own, or a
/// parent's) is one entry for every service it is effective for; so is the vendor-wide one.
/// Stated nowhere, the gap is the vendor's: one entry at the vendor-wide place, reported once
/// with labels for the other services.
fn column<'a>(
    doc: &'a Value,
    ids: &ServiceIds,
    services: &[ServiceView],
    key: &str,
    stmts: &mut Vec<Stmt<'a>>,
) -> Vec<(usize, &'static str)> {
    let mut held: HashMap<usize, usize> = HashMap::new();
    let mut vendor: Option<(usize, &'static str)> = None;
    (services.iter())
        .map(|s| match own_or_parent(doc, ids, s, key) {
            Some((i, value, source)) => {
                let stmt = *held.entry(i).or_insert_with(|| {
                    stmts.push(Stmt {
                        pointer: format!("/services/{i}/controls/{}", escape_token(key)),
                        value: Some(value),
                        cel: None,
                    });
                    stmts.len() - 1
                });
                (stmt, source)
            }
            None => *vendor.get_or_insert_with(|| {
                let value = vendor_wide(doc, key);
                stmts.push(Stmt {
                    pointer: format!("/controls/{}", escape_token(key)),
                    value,
                    cel: None,
                });
                (
                    stmts.len() - 1,
                    if value.is_some() { "vendor" } else { "none" },
                )
            }),
        })
        .collect()
}

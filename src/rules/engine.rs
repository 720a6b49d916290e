//! Stage 4: evaluate. Runs every rule of a pack over one declaration and returns findings
//! addressed by JSON pointer. Rust holds only the generic machinery: selecting nodes
//! (document, services, effective per-service controls, JSONPath), evaluating CEL, locating,
//! de-duplicating and suppressing. What a rule checks lives in `rules/`.

use super::pack::{Lang, Part, Rule, RulePack, Select, cel_env};
use crate::base::dates::parse_date;
use crate::base::{Diagnostic, Kind, Label, Severity, Target, escape_token};
use cel::objects::Value as CelValue;
use cel::{Context, ExecutionError, Program};
use serde_json::{Map, Value};
use std::collections::HashMap;
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

/// Run `pack` over `doc`.
pub fn evaluate(packs: &[Arc<RulePack>], doc: &Value, eval: &Evaluation) -> Vec<Diagnostic> {
    let mut root = Context::with_env(cel_env());
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
    root.add_variable_from_value("decl", to_cel(doc));
    let criticality = doc
        .pointer("/declaration/customer_context/criticality")
        .and_then(Value::as_str)
        .unwrap_or("");
    root.add_variable_from_value("today", eval.today.to_string());

    let services = services(doc);
    // Converted to CEL once per file: its maps are shared (Arc), so binding them per
    // evaluation is cheap.
    let service_values: Vec<CelValue> = services.iter().map(|s| to_cel(&s.value)).collect();
    let mut statements: HashMap<String, CelValue> = HashMap::new();
    let empty = to_cel(&Value::Object(Map::new()));
    let mut findings: Vec<Finding> = Vec::new();
    for rule in packs
        .iter()
        .flat_map(|p| &p.rules)
        .filter(|r| (eval.selected)(&r.id))
    {
        let mut rctx = root.new_inner_scope();
        let params = eval
            .params
            .and_then(|p| p.get(&rule.id))
            .map_or_else(|| rule.params_value.clone(), |(_, v)| v.clone());
        rctx.add_variable_from_value("params", params);
        let mut run =
            |vars: Vec<(&str, CelValue)>, base: String, subject: String, service: Option<usize>| {
                let mut ctx = rctx.new_inner_scope();
                for (k, v) in vars {
                    ctx.add_variable_from_value(k, v);
                }
                let pointer = format!("{base}{}", rule.at);
                if let Some(when) = &rule.when {
                    match truth(when, &ctx) {
                        Ok(true) => {}
                        Ok(false) => return,
                        Err(e) => {
                            return findings
                                .push(engine_error(rule, &pointer, &subject, "when", e));
                        }
                    }
                }
                match truth(&rule.condition, &ctx) {
                    Ok(true) => {
                        // The customer's criticality sets the base severity, or drops the
                        // finding; `severity_if` still wins.
                        let default_severity =
                            match rule.by_criticality.iter().find(|(c, _)| c == criticality) {
                                Some((_, None)) => return,
                                Some((_, Some(s))) => *s,
                                None => rule.severity,
                            };
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
                        let fact = match &rule.fact {
                            None => None,
                            Some(f) => match f.execute(&ctx) {
                                Ok(CelValue::String(v)) => Some(v.to_string()),
                                Ok(other) => Some(format!("{other:?}")),
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
                                Err(e) => findings.push(engine_error(
                                    rule,
                                    &d.pointer.clone().unwrap_or_default(),
                                    &subject,
                                    "open_question",
                                    e,
                                )),
                            }
                        }
                        findings.push(Finding {
                            diagnostic: d,
                            subject,
                            service,
                            fact,
                        });
                    }
                    Ok(false) => {}
                    Err(e) => findings.push(engine_error(rule, &pointer, &subject, "condition", e)),
                }
            };
        match &rule.select {
            Select::Document => run(vec![], String::new(), String::new(), None),
            Select::Services => {
                for (s, sv) in services.iter().zip(&service_values) {
                    run(
                        vec![("service", sv.clone())],
                        s.pointer.clone(),
                        s.pointer.clone(),
                        s.index,
                    );
                }
            }
            Select::Controls(keys) => {
                let all: Vec<String>;
                let keys: &[String] = if keys.iter().any(|k| k == "*") {
                    all = control_keys().to_vec();
                    &all
                } else {
                    keys
                };
                for (s, sv) in services.iter().zip(&service_values) {
                    for key in keys {
                        let (found, pointer, source) = match effective(doc, s, key) {
                            Some((p, v, src)) => {
                                let value = statements
                                    .entry(p.clone())
                                    .or_insert_with(|| to_cel(v))
                                    .clone();
                                (Some(value), p, src)
                            }
                            // Stated nowhere: the gap is the vendor's, reported once at the
                            // vendor-wide place, with labels for the other services.
                            None => (None, format!("/controls/{}", escape_token(key)), "none"),
                        };
                        let vars = vec![
                            ("service", sv.clone()),
                            ("control_key", CelValue::from(key.clone())),
                            ("control_found", CelValue::Bool(found.is_some())),
                            ("control_source", CelValue::from(source.to_string())),
                            ("control", found.unwrap_or_else(|| empty.clone())),
                        ];
                        run(
                            vars,
                            pointer.clone(),
                            format!("{}#{key}", s.pointer),
                            s.index,
                        );
                    }
                }
            }
            Select::Path(path, _) => {
                for node in path.query_located(doc).iter() {
                    let p = node.location().to_json_pointer();
                    run(vec![("item", to_cel(node.node()))], p.clone(), p, None);
                }
            }
        }
    }
    finish(findings, doc, packs)
}

/// A JSON value as a CEL value (JSON maps to CEL maps, lists, strings, numbers, bools, null).
pub fn to_cel(v: &Value) -> CelValue {
    cel::to_value(v).unwrap_or(CelValue::Null)
}

/// De-duplicate (one finding per rule and place, with labels for the other services it
/// applies to; one finding per rule and fact, with labels at the fact's other places) and
/// apply `suppresses` (on the same subject, or the same fact).
fn finish(findings: Vec<Finding>, doc: &Value, packs: &[Arc<RulePack>]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for f in findings {
        let place = f.diagnostic.pointer.clone().unwrap_or_default();
        if let Some(fact) = &f.fact {
            let key = (f.diagnostic.rule.clone(), format!("fact:{fact}"));
            if let Some(&i) = index.get(&key) {
                // The same fact seen elsewhere: a label there, not another finding.
                if out[i].pointer.as_deref() != Some(place.as_str()) {
                    add_label(&mut out[i], format!("also here: {fact}"), place);
                }
                continue;
            }
            index.insert(key, out.len());
            let mut d = f.diagnostic;
            d.subject = Some(format!("fact:{fact}"));
            out.push(d);
            continue;
        }
        let key = (f.diagnostic.rule.clone(), place);
        if let Some(&i) = index.get(&key) {
            if let Some(si) = f.service {
                let ptr = format!("/services/{si}/id");
                let id = doc.pointer(&ptr).and_then(Value::as_str).unwrap_or("?");
                add_label(&mut out[i], format!("also applies to service `{id}`"), ptr);
            }
            continue;
        }
        index.insert(key, out.len());
        let mut d = f.diagnostic;
        d.subject = Some(f.subject);
        out.push(d);
    }
    // (subject, rule dropped there, whether only its open questions are).
    let dropped: Vec<(String, String, bool)> = out
        .iter()
        .flat_map(|d| {
            let subject = d.subject.clone().unwrap_or_default();
            let rule = packs.iter().find_map(|p| p.get(&d.rule));
            let replaced = rule.map(|r| r.suppresses.clone()).unwrap_or_default();
            let asked = rule.map(|r| r.asks_for.clone()).unwrap_or_default();
            let replaced = replaced.into_iter().map(|g| (g, false));
            let asked = asked.into_iter().map(|g| (g, true));
            replaced
                .chain(asked)
                .map(move |(g, questions_only)| (subject.clone(), g, questions_only))
        })
        .collect();
    out.retain(|d| {
        !dropped.iter().any(|(s, g, questions_only)| {
            Some(s) == d.subject.as_ref()
                && *g == d.rule
                && (!questions_only || d.kind == Kind::Question)
        })
    });
    out
}

/// A label at `pointer` in the same document, unless the finding already has one there.
fn add_label(d: &mut Diagnostic, message: String, pointer: String) {
    if !d
        .labels
        .iter()
        .any(|l| l.pointer.as_deref() == Some(&pointer))
    {
        d.labels.push(Label {
            message,
            pointer: Some(pointer),
            target: Target::Value,
            path: None,
            span: None,
        });
    }
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

/// A value as it reads in a sentence: a list as `a, b and c`, not as JSON.
fn text_of(v: &CelValue) -> String {
    match v {
        CelValue::String(v) => v.to_string(),
        CelValue::Int(i) => i.to_string(),
        CelValue::UInt(i) => i.to_string(),
        CelValue::Float(f) => f.to_string(),
        CelValue::Bool(b) => b.to_string(),
        CelValue::Null => "(none)".to_string(),
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
    services(doc)
        .iter()
        .map(|s| {
            let id = s
                .value
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_string);
            (id, effective(doc, s, key).map(|(_, v, _)| v))
        })
        .collect()
}

/// The effective statement for a service and control key: the service's own, then its
/// `part_of` parents', then the vendor-wide one unless its scope keeps it from customers.
fn effective<'a>(
    doc: &'a Value,
    s: &ServiceView,
    key: &str,
) -> Option<(String, &'a Value, &'static str)> {
    let services = doc.get("services").and_then(Value::as_array);
    let mut current = s.index;
    let mut hops = 0;
    while let (Some(i), Some(list)) = (current, services) {
        let svc = list.get(i)?;
        if let Some(stmt) = svc.get("controls").and_then(|c| c.get(key)) {
            let source = if hops == 0 { "service" } else { "parent" };
            return Some((
                format!("/services/{i}/controls/{}", escape_token(key)),
                stmt,
                source,
            ));
        }
        hops += 1;
        if hops > list.len() {
            break; // a part_of cycle
        }
        current = svc
            .get("part_of")
            .and_then(Value::as_str)
            .and_then(|parent| {
                list.iter()
                    .position(|x| x.get("id").and_then(Value::as_str) == Some(parent))
            });
    }
    let stmt = doc.get("controls")?.get(key)?;
    if stmt
        .get("scope")
        .and_then(Value::as_str)
        .is_some_and(|sc| RESTRICTED_SCOPES.contains(&sc))
    {
        return None;
    }
    Some((format!("/controls/{}", escape_token(key)), stmt, "vendor"))
}

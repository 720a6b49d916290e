//! `vendorlint config`: the effective policy for a path, each value with where it comes from.

use super::policy::{Policy, Source};
use crate::base::display_path;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

/// Every parameter of every rule: name -> (effective value, source, rule ids using it).
fn all_params(policy: &Policy) -> BTreeMap<String, (Value, Source, Vec<String>)> {
    let mut out: BTreeMap<String, (Value, Source, Vec<String>)> = BTreeMap::new();
    for rule in policy.packs.iter().flat_map(|p| &p.rules) {
        for (k, default) in &rule.params {
            let e = out
                .entry(k.clone())
                .or_insert_with(|| match policy.params.get(k) {
                    Some((v, s)) => (v.clone(), s.clone(), Vec::new()),
                    None => (default.clone(), Source::Default, Vec::new()),
                });
            e.2.push(rule.id.clone());
        }
    }
    out
}

/// A JSON value as a TOML value (`null`, which no parameter has, as an empty string).
fn toml_value(v: &Value) -> toml_edit::Value {
    match v {
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into(),
            None => n.as_f64().unwrap_or_default().into(),
        },
        Value::String(s) => s.as_str().into(),
        Value::Array(a) => toml_edit::Value::Array(a.iter().map(toml_value).collect()),
        Value::Object(m) => toml_edit::Value::InlineTable(
            m.iter().map(|(k, v)| (k.as_str(), toml_value(v))).collect(),
        ),
        Value::Null => "".into(),
    }
}

/// A date as a TOML date (as a configuration writes it), or as text if it is not one.
fn toml_date(s: &str) -> toml_edit::Value {
    match s.parse::<toml_edit::Datetime>() {
        Ok(d) => d.into(),
        Err(_) => s.into(),
    }
}

/// Set `key = value` in `table`, with `# comment` after it, comments aligned at column 45.
fn set(table: &mut Table, key: &str, value: toml_edit::Value, comment: &str) {
    let repr = toml_edit::Key::new(key).display_repr().into_owned();
    let width = repr.chars().count() + 3 + value.to_string().trim().chars().count();
    let mut value = value.decorated(" ", "");
    if !comment.is_empty() {
        let pad = 44usize.saturating_sub(width).max(1);
        value
            .decor_mut()
            .set_suffix(format!("{}# {}", " ".repeat(pad), one_line(comment)));
    }
    table.insert(key, Item::Value(value));
}

/// Text for a TOML comment: one line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// The effective policy as TOML (a valid vendorlint.toml that gives the same policy), with
/// a comment on each line naming where its value comes from. Written with `toml_edit`.
pub fn toml(policy: &Policy, path: &Path) -> String {
    let mut header = format!(
        "# Effective configuration for {}\n",
        one_line(&display_path(path))
    );
    match &policy.config {
        Some(c) => {
            header.push_str(&format!(
                "# Configuration file: {}\n",
                one_line(&display_path(c))
            ));
            if !policy.overrides.is_empty() {
                let list: Vec<String> = policy
                    .overrides
                    .iter()
                    .map(|i| format!("#{}", i + 1))
                    .collect();
                header.push_str(&format!("# Overrides that apply: {}\n", list.join(", ")));
            }
        }
        None => header.push_str("# Configuration file: none (built-in defaults)\n"),
    }
    header.push('\n');
    let mut doc = DocumentMut::new();
    let root = doc.as_table_mut();
    set(
        root,
        "profile",
        policy.profile.0.as_str().into(),
        &policy.profile.1.describe(),
    );
    match &policy.questions {
        Some((shown, src)) => set(root, "questions", (*shown).into(), &src.describe()),
        None => set(
            root,
            "questions",
            false.into(),
            "default: open questions are counted, not listed",
        ),
    }
    let (years, years_src) = &policy.max_waiver_years;
    set(
        root,
        "max_waiver_years",
        i64::from(*years).into(),
        &match years_src {
            crate::config::Source::Default => "default: WAIVER-004 past three years".to_string(),
            s => s.describe(),
        },
    );
    match &policy.select {
        Some((list, src)) => set(root, "select", toml_value(&json!(list)), &src.describe()),
        None => {
            // Said where `select` would stand.
            if let Some(v) = root.get_mut("profile").and_then(Item::as_value_mut) {
                let suffix = v.decor().suffix().and_then(|s| s.as_str()).unwrap_or("");
                let suffix = format!("{suffix}\n# select: every rule");
                v.decor_mut().set_suffix(suffix);
            }
        }
    }
    if !policy.ignore.is_empty() {
        // One entry a line, its source after its comma: the comment of an entry is written
        // before the next entry (or the closing bracket).
        let mut list = toml_edit::Array::new();
        let mut before = "\n  ".to_string();
        for (id, src) in &policy.ignore {
            list.push_formatted(toml_edit::Value::from(id.as_str()).decorated(before, ""));
            before = format!(" # {}\n  ", one_line(&src.describe()));
        }
        list.set_trailing(before.trim_end_matches(' '));
        list.set_trailing_comma(true);
        root.insert(
            "ignore",
            Item::Value(toml_edit::Value::Array(list).decorated(" ", "")),
        );
    }
    let mut severity = Table::new();
    severity.set_implicit(false);
    if policy.severity.is_empty() {
        severity
            .decor_mut()
            .set_prefix("\n# every rule at its default severity (`vendorlint rules`)\n");
    } else {
        severity.decor_mut().set_prefix("\n");
    }
    for (id, (level, src)) in &policy.severity {
        set(&mut severity, id, level.as_str().into(), &src.describe());
    }
    root.insert("severity", Item::Table(severity));
    let mut params = Table::new();
    params.decor_mut().set_prefix("\n");
    for (k, (v, src, rules)) in all_params(policy) {
        let from = match src {
            Source::Default => format!("default ({})", rules.join(", ")),
            other => format!("{} ({})", other.describe(), rules.join(", ")),
        };
        set(&mut params, &k, toml_value(&v), &from);
    }
    root.insert("params", Item::Table(params));
    if !policy.waivers.is_empty() {
        let mut list = ArrayOfTables::new();
        for w in &policy.waivers {
            let mut t = Table::new();
            t.decor_mut().set_prefix("\n");
            t.insert("rule", toml_edit::value(w.rule.as_str()));
            if let Some(s) = &w.service {
                t.insert("service", toml_edit::value(s.as_str()));
            }
            if let Some(p) = &w.pointer {
                t.insert("pointer", toml_edit::value(p.as_str()));
            }
            t.insert("reason", toml_edit::value(w.reason.as_str()));
            t.insert("approved_by", toml_edit::value(w.approved_by.as_str()));
            t.insert("decided_on", Item::Value(toml_date(&w.decided_on)));
            t.insert("expires", Item::Value(toml_date(&w.expires)));
            list.push(t);
        }
        root.insert("waivers", Item::ArrayOfTables(list));
    }
    doc.decor_mut().set_prefix(header);
    doc.to_string()
}

/// The effective policy as one JSON object.
pub fn json(policy: &Policy, path: &Path) -> String {
    let src = |s: &Source| Value::String(s.describe());
    let mut severity = Map::new();
    for (id, (level, s)) in &policy.severity {
        severity.insert(
            id.clone(),
            json!({"severity": level.as_str(), "source": src(s)}),
        );
    }
    let mut params = Map::new();
    for (k, (v, s, rules)) in all_params(policy) {
        params.insert(k, json!({"value": v, "source": src(&s), "rules": rules}));
    }
    let v = json!({
        "path": display_path(path),
        "config": policy.config.as_deref().map(display_path),
        "overrides": policy.overrides.iter().map(|i| i + 1).collect::<Vec<_>>(),
        "profile": {"id": policy.profile.0, "source": src(&policy.profile.1)},
        "max_waiver_years": {"years": policy.max_waiver_years.0, "source": src(&policy.max_waiver_years.1)},
        "questions": match &policy.questions {
            Some((shown, s)) => json!({"shown": shown, "source": src(s)}),
            None => json!({"shown": false, "source": "default"}),
        },
        "select": policy.select.as_ref().map(|(l, s)| json!({"rules": l, "source": src(s)})),
        "ignore": policy.ignore.iter().map(|(id, s)| json!({"rule": id, "source": src(s)})).collect::<Vec<_>>(),
        "severity": severity,
        "params": params,
        "waivers": policy.waivers.iter().map(|w| json!({
            "rule": w.rule, "service": w.service, "pointer": w.pointer, "reason": w.reason,
            "approved_by": w.approved_by, "decided_on": w.decided_on, "expires": w.expires,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

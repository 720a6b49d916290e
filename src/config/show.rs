//! `vendorlint config`: the effective policy for a path, each value with where it comes from.

use super::policy::{Policy, Source};
use crate::base::display_path;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::Path;

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

fn toml_value(v: &Value) -> String {
    match v {
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(toml_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Null => "\"\"".to_string(),
        other => other.to_string(),
    }
}

fn line(out: &mut String, text: String, comment: String) {
    let pad = 44usize.saturating_sub(text.chars().count()).max(1);
    out.push_str(&format!("{text}{}# {comment}\n", " ".repeat(pad)));
}

/// The effective policy as TOML, with a comment per line naming its source.
pub fn toml(policy: &Policy, path: &Path) -> String {
    let mut out = format!("# Effective configuration for {}\n", display_path(path));
    match &policy.config {
        Some(c) => {
            out.push_str(&format!("# Configuration file: {}\n", display_path(c)));
            if !policy.overrides.is_empty() {
                let list: Vec<String> = policy
                    .overrides
                    .iter()
                    .map(|i| format!("#{}", i + 1))
                    .collect();
                out.push_str(&format!("# Overrides that apply: {}\n", list.join(", ")));
            }
        }
        None => out.push_str("# Configuration file: none (built-in defaults)\n"),
    }
    out.push('\n');
    line(
        &mut out,
        format!("profile = \"{}\"", policy.profile.0),
        policy.profile.1.describe(),
    );
    match &policy.select {
        Some((list, src)) => line(
            &mut out,
            format!("select = {}", toml_value(&json!(list))),
            src.describe(),
        ),
        None => out.push_str("# select: every rule\n"),
    }
    if !policy.ignore.is_empty() {
        out.push_str("ignore = [\n");
        for (id, src) in &policy.ignore {
            line(&mut out, format!("  \"{id}\","), src.describe());
        }
        out.push_str("]\n");
    }
    out.push_str("\n[severity]\n");
    if policy.severity.is_empty() {
        out.push_str("# every rule at its default severity (`vendorlint rules`)\n");
    }
    for (id, (level, src)) in &policy.severity {
        line(
            &mut out,
            format!("\"{id}\" = \"{}\"", level.as_str()),
            src.describe(),
        );
    }
    out.push_str("\n[params]\n");
    for (k, (v, src, rules)) in all_params(policy) {
        let from = match src {
            Source::Default => format!("default ({})", rules.join(", ")),
            other => format!("{} ({})", other.describe(), rules.join(", ")),
        };
        line(&mut out, format!("{k} = {}", toml_value(&v)), from);
    }
    for w in &policy.waivers {
        out.push_str("\n[[waivers]]\n");
        out.push_str(&format!("rule = \"{}\"\n", w.rule));
        if let Some(s) = &w.service {
            out.push_str(&format!("service = \"{s}\"\n"));
        }
        if let Some(p) = &w.pointer {
            out.push_str(&format!("pointer = \"{p}\"\n"));
        }
        out.push_str(&format!(
            "reason = {}\napproved_by = {}\ndecided_on = {}\nexpires = {}\n",
            json!(w.reason),
            json!(w.approved_by),
            w.decided_on,
            w.expires
        ));
    }
    out
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

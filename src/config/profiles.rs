//! Regulatory profiles (`rules/profiles.yaml`, embedded): named sets of parameter values and
//! rule severities that a configuration chooses with `profile = "nis2"`.

use crate::base::Severity;
use crate::load::{Format, Limits, load_bytes};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub const PROFILES_FILE: &str = include_str!("../../rules/profiles.yaml");
pub const DEFAULT_PROFILE: &str = "gdpr";

/// One profile: what it changes, and why (the clause each change rests on).
#[derive(Debug, Clone)]
pub struct Profile {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Parameter name -> (value, why).
    pub params: BTreeMap<String, (Value, String)>,
    /// Rule id -> (severity, why).
    pub severity: BTreeMap<String, (Severity, String)>,
}

/// The built-in profiles, in file order (`gdpr` first).
pub fn profiles() -> &'static [Profile] {
    static P: OnceLock<Vec<Profile>> = OnceLock::new();
    P.get_or_init(|| parse(PROFILES_FILE).expect("rules/profiles.yaml is well formed"))
}

fn parse(text: &str) -> Result<Vec<Profile>, String> {
    let doc = load_bytes(text.as_bytes(), Format::Yaml, &Limits::default())
        .document
        .ok_or("profiles do not parse")?;
    let s = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
            .ok_or(format!("profile lacks `{k}`"))
    };
    let mut out = Vec::new();
    for p in doc.value["profiles"].as_array().ok_or("no `profiles`")? {
        let mut params = BTreeMap::new();
        for (k, v) in p["params"].as_object().into_iter().flatten() {
            params.insert(
                k.clone(),
                (
                    v.get("value").cloned().ok_or("param lacks value")?,
                    s(v, "why")?,
                ),
            );
        }
        let mut severity = BTreeMap::new();
        for (k, v) in p["severity"].as_object().into_iter().flatten() {
            let level: Severity = s(v, "severity")?.parse()?;
            severity.insert(k.clone(), (level, s(v, "why")?));
        }
        out.push(Profile {
            id: s(p, "id")?,
            title: s(p, "title")?,
            description: s(p, "description")?,
            params,
            severity,
        });
    }
    Ok(out)
}

/// The profiles as Markdown (a section of docs/CONFIGURATION.md).
pub fn markdown() -> String {
    let mut out = String::new();
    for p in profiles() {
        out.push_str(&format!(
            "### `{}`: {}\n\n{}\n\n",
            p.id, p.title, p.description
        ));
        if p.params.is_empty() && p.severity.is_empty() {
            out.push_str("Changes nothing: the rules' own defaults.\n\n");
            continue;
        }
        out.push_str("| Setting | Value | Why |\n|---|---|---|\n");
        for (k, (v, why)) in &p.params {
            out.push_str(&format!("| parameter `{k}` | `{v}` | {why} |\n"));
        }
        for (k, (sev, why)) in &p.severity {
            out.push_str(&format!("| rule `{k}` | {sev} | {why} |\n"));
        }
        out.push('\n');
    }
    out
}

//! Rule listings for people and tools: `vendorlint rules` (table, JSON, Markdown for
//! docs/RULES.md) and `vendorlint explain`.

use super::pack::{Lang, Rule, RulePack, Select};
use crate::base::codes::CORE_CODES;
use crate::base::vocab::CRITICALITY;
use crate::load::{Format, Limits, load_bytes};
use serde_json::{Value, json};
use std::fmt::Write;
use std::sync::Arc;

/// The seed requirement rows rules trace to (`traces`), embedded for the trace table.
pub const REQUIREMENTS: &str = include_str!("../../rules/requirements.yaml");

/// The requirement rows: `(id, seed, original, english, out_of_scope)`.
pub fn requirements() -> Vec<Value> {
    load_bytes(REQUIREMENTS.as_bytes(), Format::Yaml, &Limits::default())
        .document
        .and_then(|d| {
            d.value
                .get("requirements")
                .and_then(Value::as_array)
                .cloned()
        })
        .unwrap_or_default()
}

fn all_rules(packs: &[Arc<RulePack>]) -> impl Iterator<Item = &Rule> {
    packs.iter().flat_map(|p| &p.rules)
}

fn select_text(r: &Rule) -> String {
    match &r.select {
        Select::Document => "the declaration as a whole".to_string(),
        Select::Services => "each service in use".to_string(),
        Select::Controls(keys) if keys.iter().any(|k| k == "*") => {
            "each service's effective statement for every control".to_string()
        }
        Select::Controls(keys) => format!(
            "each service's effective {} statement",
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Select::Path(_, p) => format!("each node at `{p}`"),
    }
}

/// `ID  SEVERITY  DOMAIN  TITLE`, aligned, pack rules (titles in `lang`) then tool codes.
pub fn table(packs: &[Arc<RulePack>], lang: Lang) -> String {
    let mut rows: Vec<[String; 4]> = all_rules(packs)
        .map(|r| {
            [
                r.id.clone(),
                r.severity.to_string(),
                r.domain.clone(),
                r.title.get(lang).to_string(),
            ]
        })
        .collect();
    rows.extend(CORE_CODES.iter().map(|c| {
        [
            c.id.to_string(),
            c.severity.to_string(),
            "tool".to_string(),
            c.title.to_string(),
        ]
    }));
    let w: Vec<usize> = (0..3)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].len())
                .max()
                .unwrap_or(0)
                .max(["ID", "SEVERITY", "DOMAIN"][i].len())
        })
        .collect();
    let mut out = format!(
        "{:<w0$}  {:<w1$}  {:<w2$}  TITLE\n",
        "ID",
        "SEVERITY",
        "DOMAIN",
        w0 = w[0],
        w1 = w[1],
        w2 = w[2]
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<w0$}  {:<w1$}  {:<w2$}  {}",
            r[0],
            r[1],
            r[2],
            r[3],
            w0 = w[0],
            w1 = w[1],
            w2 = w[2]
        );
    }
    out
}

fn localized_json(l: &super::pack::Localized) -> Value {
    json!({"en": l.en, "da": l.da, "sv": l.sv})
}

/// The severity of `r` for a vendor of criticality `c` (`off` when dropped).
fn level_at(r: &Rule, c: &str) -> String {
    match r.by_criticality.iter().find(|(k, _)| k == c) {
        Some((_, Some(s))) => s.to_string(),
        Some((_, None)) => "off".to_string(),
        None => r.severity.to_string(),
    }
}

/// `low: off, critical: error`, in criticality order, for the levels the rule sets.
fn criticality_row(r: &Rule) -> Vec<String> {
    CRITICALITY
        .iter()
        .filter(|c| r.by_criticality.iter().any(|(k, _)| k == *c))
        .map(|c| format!("{c}: {}", level_at(r, c)))
        .collect()
}

/// Every rule as JSON, for tools.
pub fn json(packs: &[Arc<RulePack>]) -> String {
    let mut rules: Vec<Value> = all_rules(packs)
        .map(|r| {
            json!({
                "id": r.id,
                "aliases": r.aliases,
                "kind": "rule",
                "domain": r.domain,
                "title": localized_json(&r.title),
                "severity": r.severity.as_str(),
                "rationale": r.rationale,
                "question": localized_json(&r.question),
                "references": r.references,
                "traces": r.traces,
                "params": r.params,
                "selects": select_text(r),
                "condition": r.condition_text,
                "suppresses": r.suppresses,
                "asks_for": r.asks_for,
                "answers": r.answers,
                "source": {"path": r.origin.path, "line": r.origin.span.start.line},
            })
        })
        .collect();
    rules.extend(CORE_CODES.iter().map(|c| {
        json!({"id": c.id, "kind": "tool", "domain": "tool", "title": {"en": c.title, "da": null, "sv": null}, "severity": c.severity.as_str(), "rationale": c.explanation, "question": null, "references": [], "traces": []})
    }));
    let mut s = serde_json::to_string_pretty(&json!({ "rules": rules })).unwrap_or_default();
    s.push('\n');
    s
}

fn example_lines(patch: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(note) = patch.get("note").and_then(Value::as_str) {
        lines.push(format!("# {note}"));
    }
    for p in patch
        .get("remove")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        lines.push(format!("remove {}", p.as_str().unwrap_or_default()));
    }
    for (p, v) in patch
        .get("set")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        lines.push(format!("set    {p}: {v}"));
    }
    if lines.is_empty() {
        lines.push("(the reference declaration, unchanged)".to_string());
    }
    lines
}

/// The long explanation of a rule or tool code.
pub fn explain(packs: &[Arc<RulePack>], id: &str, lang: Lang) -> Option<String> {
    let mut out = String::new();
    if let Some(r) = all_rules(packs).find(|r| r.is_named(id)) {
        let _ = writeln!(out, "{}: {}\n", r.id, r.title.get(lang));
        let _ = writeln!(
            out,
            "severity: {}    domain: {}    defined in: {}:{}\n",
            r.severity, r.domain, r.origin.path, r.origin.span.start.line
        );
        if !r.by_criticality.is_empty() {
            let _ = writeln!(
                out,
                "by the vendor's criticality: {}\n",
                criticality_row(r).join(", ")
            );
        }
        let _ = writeln!(
            out,
            "Why it matters\n  {}\n",
            r.rationale.replace('\n', "\n  ")
        );
        let _ = writeln!(out, "Ask the vendor\n  {}", r.question.get(lang));
        for (l, text) in [
            ("en", Some(&r.question.en)),
            ("da", r.question.da.as_ref()),
            ("sv", r.question.sv.as_ref()),
        ] {
            if let Some(t) = text
                && t != r.question.get(lang)
            {
                let _ = writeln!(out, "  ({l}) {t}");
            }
        }
        let _ = writeln!(out, "\nWhat it checks\n  on {}", select_text(r));
        if let Some(w) = r.raw.get("when").and_then(Value::as_str) {
            let _ = writeln!(
                out,
                "  when:      {}",
                w.trim().replace('\n', "\n             ")
            );
        }
        let _ = writeln!(
            out,
            "  condition: {}",
            r.condition_text.trim().replace('\n', "\n             ")
        );
        if !r.params.is_empty() {
            let _ = writeln!(out, "\nParameters (defaults)");
            for (k, v) in &r.params {
                let _ = writeln!(out, "  {k} = {v}");
            }
        }
        if !r.suppresses.is_empty() {
            let _ = writeln!(
                out,
                "\nReplaces, on the same subject: {}",
                r.suppresses.join(", ")
            );
        }
        if !r.asks_for.is_empty() {
            let _ = writeln!(
                out,
                "\nAlso asks, on the same subject, the open questions of: {}",
                r.asks_for.join(", ")
            );
        }
        let answers = match &r.answers {
            None => format!("`{}`", if r.at.is_empty() { "/" } else { &r.at }),
            Some(list) if list.is_empty() => "none: answered in words or with a document".into(),
            Some(list) => list
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let _ = writeln!(
            out,
            "\nThe questionnaire asks for (relative to the selected node): {answers}"
        );
        let _ = writeln!(out, "\nReferences");
        for reference in &r.references {
            let _ = writeln!(out, "  - {reference}");
        }
        if !r.traces.is_empty() {
            let _ = writeln!(out, "  seed requirements: {}", r.traces.join(", "));
        }
        for (kind, title) in [("fail", "Failing example"), ("pass", "Passing example")] {
            let _ = writeln!(
                out,
                "\n{title} (an edit of the reference declaration fixtures/vendors/nordlys-cloud.yaml)"
            );
            for patch in r.raw["examples"][kind].as_array().into_iter().flatten() {
                for (i, line) in example_lines(patch).into_iter().enumerate() {
                    let _ = writeln!(out, "  {} {line}", if i == 0 { "-" } else { " " });
                }
            }
        }
        return Some(out);
    }
    let c = crate::base::codes::core_code(id)?;
    let _ = writeln!(
        out,
        "{}: {}\n\nseverity: {}    (a vendorlint tool code, not a pack rule)\n\n{}",
        c.id, c.title, c.severity, c.explanation
    );
    Some(out)
}

/// docs/RULES.md: every rule, the tool codes, and the trace from seed requirements to rules.
pub fn markdown(packs: &[Arc<RulePack>]) -> String {
    let rules: Vec<&Rule> = all_rules(packs).collect();
    let mut out = String::new();
    let count = |s: crate::base::Severity| rules.iter().filter(|r| r.severity == s).count();
    let _ = writeln!(
        out,
        "# Rules\n\n<!-- Generated by `vendorlint rules --format markdown > docs/RULES.md` from rules/*.yaml; do not edit. A test fails when it is stale. -->\n"
    );
    let _ = writeln!(
        out,
        "The built-in pack has {} rules ({} errors, {} warnings, {} infos by default). `vendorlint explain ID` shows a rule with its examples. Each rule's title and the question to put to the vendor are written in English, Danish (DA) and Swedish (SV); `--lang da|sv` picks them. Messages are in English. The seed sentence a rule rests on is quoted in its references.\n",
        rules.len(),
        count(crate::base::Severity::Error),
        count(crate::base::Severity::Warning),
        count(crate::base::Severity::Info)
    );
    let _ = writeln!(out, "| id | severity | domain | title |\n|---|---|---|---|");
    for r in &rules {
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} |",
            r.id,
            r.id.to_lowercase(),
            r.severity,
            r.domain,
            r.title.en.replace('|', "\\|")
        );
    }
    let mut domain = String::new();
    for r in &rules {
        if r.domain != domain {
            domain = r.domain.clone();
            let _ = writeln!(out, "\n## {}{}", domain[..1].to_uppercase(), &domain[1..]);
        }
        let _ = writeln!(
            out,
            "\n### {}\n\n**{}** — {} (runs on {})\n",
            r.id,
            r.title.en,
            r.severity,
            select_text(r)
        );
        if !r.aliases.is_empty() {
            let _ = writeln!(
                out,
                "Former ids, still accepted: {}.\n",
                r.aliases.join(", ")
            );
        }
        let _ = writeln!(out, "{}\n", r.rationale.replace('\n', " "));
        let _ = writeln!(out, "- **Ask the vendor:** {}", r.question.en);
        if let Some(da) = &r.question.da {
            let _ = writeln!(out, "- **DA:** {da}");
        }
        if let Some(sv) = &r.question.sv {
            let _ = writeln!(out, "- **SV:** {sv}");
        }
        if let Some(q) = r.raw.get("open_question").and_then(Value::as_str) {
            let _ = writeln!(out, "- **Open question, not a gap, when:** `{}`", q.trim());
        }
        if let Some(why) = &r.unknown_is_gap {
            let _ = writeln!(out, "- **An unknown answer is a gap:** {why}");
        }
        if !r.params.is_empty() {
            let params: Vec<String> = r
                .params
                .iter()
                .map(|(k, v)| format!("`{k}` = `{v}`"))
                .collect();
            let _ = writeln!(out, "- **Parameters:** {}", params.join(", "));
        }
        if !r.by_criticality.is_empty() {
            let _ = writeln!(
                out,
                "- **By the vendor's criticality:** {}",
                criticality_row(r).join(", ")
            );
        }
        if !r.suppresses.is_empty() {
            let _ = writeln!(
                out,
                "- **Replaces on the same subject:** {}",
                r.suppresses.join(", ")
            );
        }
        if !r.asks_for.is_empty() {
            let _ = writeln!(
                out,
                "- **Also asks, on the same subject, the open questions of:** {}",
                r.asks_for.join(", ")
            );
        }
        if !r.traces.is_empty() {
            let _ = writeln!(out, "- **Seed requirements:** {}", r.traces.join(", "));
        }
        let _ = writeln!(out, "- **References:**");
        for reference in &r.references {
            let _ = writeln!(out, "  - {reference}");
        }
    }
    let graded: Vec<&&Rule> = rules
        .iter()
        .filter(|r| !r.by_criticality.is_empty())
        .collect();
    if !graded.is_empty() {
        let _ = writeln!(
            out,
            "\n## Severity by the vendor's criticality\n\nThe severity of these rules follows \
             `declaration.customer_context.criticality` (your assessment of how much you depend \
             on the vendor); `off` means the finding is not reported for such a vendor. Where the \
             criticality is not assessed, the default applies. `severity_if` and your \
             `[severity]` settings still win.\n\n| rule | title | default | {} |\n|---|---|---|{}",
            CRITICALITY.join(" | "),
            "---|".repeat(CRITICALITY.len())
        );
        for r in graded {
            let cells: Vec<String> = CRITICALITY.iter().map(|c| level_at(r, c)).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                r.id,
                r.title.en.replace('|', "\\|"),
                r.severity,
                cells.join(" | ")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n## Tool codes\n\n| id | severity | title | meaning |\n|---|---|---|---|"
    );
    for c in CORE_CODES {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            c.id,
            c.severity,
            c.title,
            c.explanation.replace('|', "\\|")
        );
    }
    let _ = writeln!(
        out,
        "\n## Trace: seed requirement → rules\n\nEvery requirement row of the five seed documents (see `rules/requirements.yaml`), and the rules that check it.\n\n| row | seed | requirement | rules |\n|---|---|---|---|"
    );
    for req in requirements() {
        let id = req["id"].as_str().unwrap_or_default();
        let tracing: Vec<String> = rules
            .iter()
            .filter(|r| r.traces.iter().any(|t| t == id))
            .map(|r| format!("[{}](#{})", r.id, r.id.to_lowercase()))
            .collect();
        let covered = if let Some(why) = req.get("out_of_scope").and_then(Value::as_str) {
            format!("out of scope: {why}")
        } else {
            tracing.join(", ")
        };
        let _ = writeln!(
            out,
            "| {id} | `{}` | {} → {} | {} |",
            req["seed"].as_str().unwrap_or_default(),
            req["original"]
                .as_str()
                .unwrap_or_default()
                .replace('|', "\\|"),
            req["english"]
                .as_str()
                .unwrap_or_default()
                .replace('|', "\\|"),
            covered
        );
    }
    out
}

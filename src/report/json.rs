//! `--format json`: one JSON object, documented in docs/OUTPUT.md.

use crate::base::{Diagnostic, LintReport, Pos, display_path};
use serde_json::{Value, json};

/// Version of the JSON output's shape; bumped on incompatible changes.
pub const JSON_OUTPUT_VERSION: u32 = 1;

fn diagnostic_json(path: &str, d: &Diagnostic) -> Value {
    let span = d.span.unwrap_or_default();
    let (start, end) = if d.span.is_some() {
        (span.start, span.end)
    } else {
        (Pos::new(1, 1), Pos::new(1, 1))
    };
    json!({
        "path": path,
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "kind": d.kind.as_str(),
        "message": d.message,
        "pointer": d.pointer,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "help": d.help,
        "question": d.question,
        "waived": d.waived,
        "fingerprint": d.fingerprint,
        "references": d.references,
        "labels": d.labels.iter().map(|l| {
            let s = l.span.unwrap_or_default();
            json!({
                "message": l.message,
                "path": l.path.clone().unwrap_or_else(|| path.to_string()),
                "pointer": l.pointer,
                "line": s.start.line,
                "column": s.start.column,
                "end_line": s.end.line,
                "end_column": s.end.column,
            })
        }).collect::<Vec<_>>(),
    })
}

pub fn render_json(report: &LintReport) -> String {
    let c = report.counts();
    let mut diagnostics = Vec::new();
    let mut questions = Vec::new();
    for f in report.all() {
        let path = display_path(&f.path);
        diagnostics.extend(f.diagnostics.iter().map(|d| diagnostic_json(&path, d)));
        questions.extend(f.questions.iter().map(|d| diagnostic_json(&path, d)));
    }
    let out = json!({
        "version": JSON_OUTPUT_VERSION,
        "tool": {"name": "vendorlint", "version": env!("CARGO_PKG_VERSION")},
        "summary": {
            "files": c.files,
            "skipped": report.skipped,
            "errors": c.errors,
            "warnings": c.warnings,
            "infos": c.infos,
            "waived": c.waived,
            "baselined": c.baselined,
            "open_questions": c.questions,
        },
        "diagnostics": diagnostics,
        "open_questions": questions,
    });
    let mut s = super::json_text(&out);
    s.push('\n');
    s
}

//! `--format json`: one JSON object, documented in docs/OUTPUT.md, written as files come.

use crate::base::{Counts, Diagnostic, FileReport, LintReport, Pos, display_path};
use serde_json::{Value, json};
use std::io::{self, Write};

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
    super::render(report, super::OutputFormat::Json, false)
}

/// The JSON object written as files come: `version` and `tool`, then each file's diagnostics
/// as it arrives, then the open questions (held until then) and the `summary`, which only
/// the end knows.
#[derive(Default)]
pub(crate) struct Stream {
    diagnostics: usize,
    questions: super::Spill,
}

/// One element of an array that is a member of the top-level object.
fn element(v: &Value, first: bool) -> String {
    let sep = if first { "\n" } else { ",\n" };
    format!(
        "{sep}    {}",
        super::nested_json(&super::json_text(v), "    ")
    )
}

/// The end of such an array of `n` elements (as serde_json's pretty printer writes it).
fn close(n: usize) -> &'static str {
    if n == 0 { "]" } else { "\n  ]" }
}

impl Stream {
    pub(crate) fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let head = super::json_text(&json!({
            "version": JSON_OUTPUT_VERSION,
            "tool": {"name": "vendorlint", "version": env!("CARGO_PKG_VERSION")},
        }));
        let head = head.strip_suffix("\n}").unwrap_or(&head);
        write!(out, "{head},\n  \"diagnostics\": [")
    }

    pub(crate) fn file(&mut self, f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let path = display_path(&f.path);
        let mut text = String::new();
        for d in &f.diagnostics {
            text.push_str(&element(&diagnostic_json(&path, d), self.diagnostics == 0));
            self.diagnostics += 1;
        }
        out.write_all(text.as_bytes())?;
        for d in &f.questions {
            let first = self.questions.is_empty();
            self.questions
                .push(&element(&diagnostic_json(&path, d), first))?;
        }
        Ok(())
    }

    pub(crate) fn finish(
        &mut self,
        c: &Counts,
        skipped: usize,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        write!(out, "{},\n  \"open_questions\": [", close(self.diagnostics))?;
        let none = self.questions.is_empty();
        self.questions.drain_into(out)?;
        let summary = json!({
            "files": c.files,
            "skipped": skipped,
            "errors": c.errors,
            "warnings": c.warnings,
            "infos": c.infos,
            "waived": c.waived,
            "baselined": c.baselined,
            "open_questions": c.questions,
        });
        writeln!(
            out,
            "{},\n  \"summary\": {}\n}}",
            close(if none { 0 } else { 1 }),
            super::nested_json(&super::json_text(&summary), "  ")
        )
    }
}

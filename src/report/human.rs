//! `--format human`: code frames (miette) grouped per file, then a summary line.

use crate::base::{Diagnostic, FileReport, LintReport, Severity};
use crate::base::{LineIndex, display_path, printable_inline, printable_source};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;
use std::sync::Arc;

/// One diagnostic seen through miette's `Diagnostic` trait.
struct View<'a> {
    d: &'a Diagnostic,
    /// The message, escaped for the terminal.
    message: String,
    source: Option<NamedSource<Arc<str>>>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.d.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line for a file: its gaps by severity, its open questions, what is waived.
fn file_summary(c: [usize; 3], f: &FileReport, waived: usize) -> String {
    let gaps = c.iter().sum::<usize>();
    let mut s = if gaps == 0 {
        "no gaps".to_string()
    } else {
        let parts: Vec<String> = [
            (2, "error", "errors"),
            (1, "warning", "warnings"),
            (0, "info", "infos"),
        ]
        .into_iter()
        .filter(|(i, _, _)| c[*i] > 0)
        .map(|(i, one, many)| plural(c[i], one, many))
        .collect();
        format!(
            "{} ({})",
            plural(gaps, "finding", "findings"),
            parts.join(", ")
        )
    };
    if !f.questions.is_empty() {
        s.push_str(&format!(
            ", {}",
            plural(f.questions.len(), "open question", "open questions")
        ));
    }
    if waived > 0 {
        s.push_str(&format!(", {waived} waived"));
    }
    s
}

pub fn render_human(report: &LintReport, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        // A message is one sentence or two: the terminal wraps it, we never break it.
        .with_wrap_lines(false)
        .with_links(false);
    let mut out = String::new();
    for f in report.all() {
        if f.diagnostics.is_empty() && f.questions.is_empty() {
            continue;
        }
        // Everything from a file is escaped before it reaches the terminal: its name, the
        // messages and labels that quote it, and the code frame's lines.
        let name = printable_inline(&display_path(&f.path));
        let frame: Option<Arc<str>> = f
            .source
            .as_deref()
            .map(|s| Arc::from(printable_source(s).as_ref()));
        let c =
            f.diagnostics
                .iter()
                .filter(|d| d.waived.is_none())
                .fold([0usize; 3], |mut acc, d| {
                    acc[d.severity as usize] += 1;
                    acc
                });
        let waived: Vec<&Diagnostic> = f
            .diagnostics
            .iter()
            .filter(|d| d.waived.is_some())
            .collect();
        out.push_str(&format!(
            "── {name}: {}\n",
            file_summary(c, f, waived.len())
        ));
        let index = f.source.as_deref().map(LineIndex::new);
        // Errors first, then warnings, then infos; by position within each.
        let mut shown: Vec<&Diagnostic> = f
            .diagnostics
            .iter()
            .filter(|d| d.waived.is_none())
            .collect();
        shown.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.span.cmp(&b.span)));
        for d in shown {
            let mut labels = Vec::new();
            let mut notes = Vec::new();
            if let (Some(idx), Some(span)) = (&index, d.span) {
                let start = idx.offset(span.start);
                let end = idx.offset(span.end).max(start);
                labels.push(LabeledSpan::new_primary_with_span(
                    None,
                    SourceSpan::from(start..end),
                ));
                for l in &d.labels {
                    match (&l.path, l.span) {
                        (None, Some(ls)) => {
                            let s = idx.offset(ls.start);
                            let e = idx.offset(ls.end).max(s);
                            labels.push(LabeledSpan::new_with_span(
                                Some(printable_inline(&l.message)),
                                SourceSpan::from(s..e),
                            ));
                        }
                        (Some(p), Some(ls)) => notes.push(format!(
                            "{}: {}:{}:{}",
                            printable_inline(&l.message),
                            printable_inline(p),
                            ls.start.line,
                            ls.start.column
                        )),
                        _ => notes.push(printable_inline(&l.message)),
                    }
                }
            }
            let mut help = d.help.as_deref().map(printable_inline);
            if let Some(q) = d.question.as_deref().map(printable_inline) {
                help = Some(match help {
                    Some(h) => format!("{h}\nask the vendor: {q}"),
                    None => format!("ask the vendor: {q}"),
                });
            }
            for n in notes {
                help = Some(match help {
                    Some(h) => format!("{h}\nnote: {n}"),
                    None => format!("note: {n}"),
                });
            }
            if !d.references.is_empty() {
                let refs = format!("see: {}", printable_inline(&d.references.join("; ")));
                help = Some(match help {
                    Some(h) => format!("{h}\n{refs}"),
                    None => refs,
                });
            }
            let view = View {
                d,
                message: printable_inline(&d.message),
                source: frame.clone().map(|s| NamedSource::new(&name, s)),
                labels,
                help,
            };
            if handler.render_report(&mut out, &view).is_err() {
                let at = d.span.map(|s| s.start).unwrap_or_default();
                out.push_str(&format!(
                    "{name}:{}:{}: {}[{}]: {}\n",
                    at.line,
                    at.column,
                    d.severity,
                    d.rule,
                    printable_inline(&d.message)
                ));
            }
            out.push('\n');
        }
        // Accepted risks: one line each, no code frame.
        for d in waived {
            let at = d.span.map(|s| s.start).unwrap_or_default();
            if let Some(w) = &d.waived {
                out.push_str(&format!(
                    "  waived {}[{}] {name}:{}:{}: {}\n         until {}, approved by {}: {}\n",
                    d.severity,
                    d.rule,
                    at.line,
                    at.column,
                    printable_inline(&d.message),
                    printable_inline(&w.expires),
                    printable_inline(&w.approved_by),
                    printable_inline(&w.reason)
                ));
            }
        }
        if f.diagnostics.iter().any(|d| d.waived.is_some()) {
            out.push('\n');
        }
    }
    let c = report.counts();
    let errors = c.errors;
    let mut summary = format!("Checked {}", plural(c.files, "declaration", "declarations"));
    if report.skipped > 0 {
        summary.push_str(&format!(
            " ({} skipped: not declarations)",
            plural(report.skipped, "other file", "other files")
        ));
    }
    if errors + c.warnings + c.infos == 0 {
        summary.push_str(": no problems found");
    } else {
        summary.push_str(&format!(
            ": {}, {}, {}",
            plural(errors, "error", "errors"),
            plural(c.warnings, "warning", "warnings"),
            plural(c.infos, "info", "infos")
        ));
    }
    if c.waived > 0 {
        summary.push_str(&format!(
            " ({} waived)",
            plural(c.waived, "finding", "findings")
        ));
    }
    if c.baselined > 0 {
        summary.push_str(&format!(
            "; {} in the baseline not shown",
            plural(c.baselined, "finding", "findings")
        ));
    }
    if c.questions > 0 {
        summary.push_str(&format!(
            "; {} for the vendor (`--questions` lists them)",
            plural(c.questions, "open question", "open questions")
        ));
    }
    summary.push_str(".\n");
    out.push_str(&summary);
    out
}

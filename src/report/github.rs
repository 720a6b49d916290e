//! `--format github`: GitHub Actions workflow commands, one per finding, which the runner turns
//! into annotations on the pull request's files.

use crate::base::{FileReport, LintReport, Pos, RuleInfo, Severity, display_path};
use std::collections::HashMap;

/// Escape a command's message (`%`, CR, LF), as the runner's toolkit does, after showing
/// every other control character visibly: ESC and friends would reach the Actions log raw.
fn data(s: &str) -> String {
    let escaped = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::base::printable(&escaped).into_owned()
}

/// Escape a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render_github(report: &LintReport) -> String {
    super::render(report, super::OutputFormat::Github, false)
}

/// Workflow commands written as files come; a rule's title comes from the run's rules.
#[derive(Default)]
pub(crate) struct Stream {
    titles: HashMap<String, String>,
}

impl Stream {
    pub(crate) fn begin(&mut self, rules: &[RuleInfo]) {
        for r in rules {
            self.titles
                .entry(r.id.clone())
                .or_insert_with(|| r.title.clone());
        }
    }

    pub(crate) fn file(&self, f: &FileReport) -> String {
        let mut out = String::new();
        let path = display_path(&f.path);
        // Waived findings are accepted risks, not annotations.
        for d in f.diagnostics.iter().filter(|d| d.waived.is_none()) {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let span = d.span.unwrap_or_default();
            let (start, end) = if d.span.is_some() {
                (span.start, span.end)
            } else {
                (Pos::new(1, 1), Pos::new(1, 1))
            };
            let title = match self.titles.get(&d.rule) {
                Some(t) => format!("{}: {t}", d.rule),
                None => d.rule.clone(),
            };
            let mut message = d.message.clone();
            if let Some(q) = &d.question {
                message.push_str(&format!("\nAsk the vendor: {q}"));
            }
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(&path),
                start.line,
                start.column,
                end.line.max(start.line),
                end.column,
                property(&title),
                data(&message)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}

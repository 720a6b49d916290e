//! Stage 5: report. The only stage that formats or prints. Each format is a function from a
//! `LintReport` to text.

mod github;
mod human;
mod json;
mod junit;
pub mod sarif;

use crate::diagnostic::Pos;
use crate::lint::LintReport;
use std::path::Path;

pub use github::render_github;
pub use human::render_human;
pub use json::render_json;
pub use junit::render_junit;
pub use sarif::render_sarif;

/// Output formats of `vendorlint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Code frames with the offending span underlined, grouped per file, and a summary.
    Human,
    /// One line per diagnostic: `path:line:col: severity[rule]: message`.
    Short,
    /// One JSON object (see docs/OUTPUT.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML, for CI test reports.
    Junit,
}

impl OutputFormat {
    /// For errors shown on the terminal: machine formats stay as they are, the rest is human.
    pub fn min_human(self) -> OutputFormat {
        match self {
            OutputFormat::Short => OutputFormat::Short,
            _ => OutputFormat::Human,
        }
    }
}

/// Render a report in the given format.
pub fn render(report: &LintReport, format: OutputFormat, color: bool) -> String {
    match format {
        OutputFormat::Human => render_human(report, color),
        OutputFormat::Short => render_short(report),
        OutputFormat::Json => render_json(report),
        OutputFormat::Sarif => render_sarif(report),
        OutputFormat::Github => render_github(report),
        OutputFormat::Junit => render_junit(report),
    }
}

/// Problems in files that are not declarations (a rule pack): the findings without the
/// "Checked N declarations" summary.
pub fn render_problems(report: &LintReport, format: OutputFormat, color: bool) -> String {
    let text = render(report, format, color);
    match format {
        OutputFormat::Human => text
            .rsplit_once("Checked ")
            .map_or(text.clone(), |(body, _)| body.to_string()),
        _ => text,
    }
}

/// A path as shown to users: relative paths as given, `/` separators.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.to_string()
    }
}

/// `path:line:col: severity[rule]: message`, one line each, then nothing else: made for
/// editors' problem matchers and grep.
pub fn render_short(report: &LintReport) -> String {
    let mut out = String::new();
    for f in report.all() {
        for d in &f.diagnostics {
            let at = d.span.map_or(Pos::new(1, 1), |s| s.start);
            let (severity, note) = match &d.waived {
                Some(w) => (
                    "waived",
                    format!(" (waived until {} by {})", w.expires, w.approved_by),
                ),
                None => (d.severity.as_str(), String::new()),
            };
            out.push_str(&format!(
                "{}:{}:{}: {severity}[{}]: {}{note}\n",
                display_path(&f.path),
                at.line,
                at.column,
                d.rule,
                d.message.replace('\n', " ")
            ));
        }
    }
    out
}

/// Byte offsets of line starts, to turn (line, character column) into byte offsets.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The byte offset of a position, clamped to the text.
    pub fn offset(&self, pos: Pos) -> usize {
        let line = (pos.line.max(1) as usize - 1).min(self.starts.len() - 1);
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line_text = &self.text[start..end];
        let col = pos.column.max(1) as usize - 1;
        start
            + line_text
                .char_indices()
                .nth(col)
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: u32) -> &'a str {
        let i = (line.max(1) as usize - 1).min(self.starts.len() - 1);
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text[self.starts[i]..end].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters() {
        let idx = LineIndex::new("ab\næøå x\n");
        assert_eq!(idx.offset(Pos::new(2, 1)), 3);
        assert_eq!(idx.offset(Pos::new(2, 5)), 3 + 7);
        assert_eq!(idx.offset(Pos::new(9, 9)), 12);
        assert_eq!(idx.line(2), "æøå x");
    }
}

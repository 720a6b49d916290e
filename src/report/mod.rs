//! Stage 5: report. The only stage that formats or prints. Each format is a function from a
//! `LintReport` to text.

mod github;
mod human;
mod json;
mod junit;
pub mod portfolio;
pub mod questionnaire;
pub mod sarif;

use crate::base::{LintReport, Pos, display_path, printable_inline};

/// Text from a declaration or a rule, safe in Markdown prose and table cells: characters that
/// would start markup (emphasis, links, HTML, code, headings) or end a cell are escaped,
/// controls are shown, and line breaks become spaces.
pub(crate) fn markdown_text(text: &str) -> String {
    let text = crate::base::printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A JSON value as pretty text in which every character that could steer a terminal is an
/// escape: serde_json escapes the C0 controls, and this also the C1 controls, DEL and the
/// invisible formatting characters (bidirectional overrides), which JSON allows raw. They
/// can only stand inside strings, where `\uXXXX` means the same.
pub(crate) fn json_text(value: &serde_json::Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' || crate::base::invisible(c))
    {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c != '\n' && (c.is_control() || crate::base::invisible(c)) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text from a file for HTML content or attributes, on one line: escaped, controls shown.
pub(crate) fn html_text(text: &str) -> String {
    xml_escape(&crate::base::printable(text)).replace("&#10;", " ")
}

/// Escape text for XML (and HTML) attribute values and content; drop characters XML 1.0
/// cannot hold.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            // Shown as references, not obeyed: C1 controls, DEL, bidirectional overrides and
            // other invisible formatting characters.
            c if c.is_control() || crate::base::invisible(c) => {
                out.push_str(&format!("&#x{:x};", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

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
                    format!(
                        " (waived until {} by {})",
                        printable_inline(&w.expires),
                        printable_inline(&w.approved_by)
                    ),
                ),
                None => (d.severity.as_str(), String::new()),
            };
            out.push_str(&format!(
                "{}:{}:{}: {severity}[{}]: {}{note}\n",
                printable_inline(&display_path(&f.path)),
                at.line,
                at.column,
                d.rule,
                printable_inline(&d.message)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::report::xml_escape;

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;"
        );
    }
}

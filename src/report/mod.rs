//! Stage 5: report. The only stage that formats or prints. Each format is written file by file
//! by a [`Renderer`] (as a streaming run delivers them), or rendered whole from a `LintReport`.

mod github;
mod human;
mod json;
mod junit;
pub mod portfolio;
pub mod questionnaire;
pub mod sarif;

use crate::base::{Counts, FileReport, LintReport, Pos, RuleInfo, display_path, printable_inline};
use std::io::{self, Write};

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

/// Render a report in the given format: the streaming [`Renderer`] fed with every file of the
/// report, so a collected report and a streamed run print the same text.
pub fn render(report: &LintReport, format: OutputFormat, color: bool) -> String {
    let rules = match format {
        // A diagnostic of a rule the report does not list still gets a SARIF rule.
        OutputFormat::Sarif => sarif::with_unlisted(report),
        _ => report.rules.clone(),
    };
    let mut r = Renderer::new(format, color, Vec::new());
    let written = r.begin(&rules).and_then(|()| {
        report.all().try_for_each(|f| r.file(f))?;
        r.finish(&report.counts(), report.skipped)
    });
    // Writing to memory does not fail.
    debug_assert!(written.is_ok());
    String::from_utf8(r.into_inner()).unwrap_or_default()
}

/// A report written as it comes: [`Renderer::begin`] with the rules, [`Renderer::file`] for each
/// file in order (flushed after each, so a run stopped half-way has printed what it finished),
/// then [`Renderer::finish`] with the totals. Human, short and GitHub output, the diagnostics
/// of JSON and the results of SARIF are written file by file; what a format can only write at
/// its end (JSON's open questions and summary, JUnit's suites under the totals of the opening
/// tag) is held in a [`Spill`] buffer, which moves to a temporary file when it grows, so memory
/// does not grow with the number of files.
pub struct Renderer<W: Write> {
    out: W,
    state: State,
}

enum State {
    Human(Box<human::Stream>),
    Short,
    Json(json::Stream),
    Sarif(sarif::Stream),
    Github(github::Stream),
    Junit(junit::Stream),
}

impl<W: Write> Renderer<W> {
    pub fn new(format: OutputFormat, color: bool, out: W) -> Self {
        let state = match format {
            OutputFormat::Human => State::Human(Box::new(human::Stream::new(color))),
            OutputFormat::Short => State::Short,
            OutputFormat::Json => State::Json(json::Stream::default()),
            OutputFormat::Sarif => State::Sarif(sarif::Stream::default()),
            OutputFormat::Github => State::Github(github::Stream::default()),
            OutputFormat::Junit => State::Junit(junit::Stream::default()),
        };
        Renderer { out, state }
    }

    /// Before any file: every rule the run can report (SARIF lists them, GitHub titles use them).
    pub fn begin(&mut self, rules: &[RuleInfo]) -> io::Result<()> {
        let out = &mut self.out;
        match &mut self.state {
            State::Json(s) => s.begin(out)?,
            State::Sarif(s) => s.begin(rules, out)?,
            State::Github(s) => s.begin(rules),
            State::Human(_) | State::Short | State::Junit(_) => {}
        }
        self.out.flush()
    }

    /// One file's report (unreadable paths first, then declarations in order).
    pub fn file(&mut self, f: &FileReport) -> io::Result<()> {
        let out = &mut self.out;
        match &mut self.state {
            State::Human(s) => out.write_all(s.file(f).as_bytes())?,
            State::Short => out.write_all(short_file(f).as_bytes())?,
            State::Json(s) => s.file(f, out)?,
            State::Sarif(s) => s.file(f, out)?,
            State::Github(s) => out.write_all(s.file(f).as_bytes())?,
            State::Junit(s) => s.file(f)?,
        }
        self.out.flush()
    }

    /// After the last file: the totals (`counts.files` declarations, `skipped` other files).
    pub fn finish(&mut self, counts: &Counts, skipped: usize) -> io::Result<()> {
        let out = &mut self.out;
        match &mut self.state {
            State::Human(_) => out.write_all(human::summary(counts, skipped).as_bytes())?,
            State::Json(s) => s.finish(counts, skipped, out)?,
            State::Sarif(s) => s.finish(out)?,
            State::Junit(s) => s.finish(out)?,
            State::Short | State::Github(_) => {}
        }
        self.out.flush()
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

/// Text a format can write only at its end, kept in memory up to [`Spill::IN_MEMORY`] bytes
/// and in an unnamed temporary file beyond (in memory still if no temporary file can be made).
#[derive(Default)]
pub(crate) struct Spill {
    memory: Vec<u8>,
    file: Option<io::BufWriter<std::fs::File>>,
    /// A temporary file's name while it must still be removed (where an open file cannot be).
    path: Option<std::path::PathBuf>,
    /// No temporary file could be made: stay in memory.
    no_file: bool,
}

impl Spill {
    pub(crate) const IN_MEMORY: usize = 1 << 20;

    pub(crate) fn push(&mut self, text: &str) -> io::Result<()> {
        if let Some(f) = &mut self.file {
            return f.write_all(text.as_bytes());
        }
        self.memory.extend_from_slice(text.as_bytes());
        if self.memory.len() > Self::IN_MEMORY && !self.no_file {
            match temp_file() {
                Some((file, path)) => {
                    let mut f = io::BufWriter::new(file);
                    f.write_all(&self.memory)?;
                    self.memory = Vec::new();
                    self.file = Some(f);
                    self.path = path;
                }
                None => self.no_file = true,
            }
        }
        Ok(())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.memory.is_empty() && self.file.is_none()
    }

    /// Write everything pushed so far to `out`, and start empty again.
    pub(crate) fn drain_into(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&std::mem::take(&mut self.memory))?;
        if let Some(f) = self.file.take() {
            use std::io::{Seek, SeekFrom};
            let mut file = f.into_inner().map_err(|e| e.into_error())?;
            file.seek(SeekFrom::Start(0))?;
            io::copy(&mut io::BufReader::new(file), out)?;
        }
        if let Some(p) = self.path.take() {
            let _ = std::fs::remove_file(p);
        }
        Ok(())
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        self.file = None;
        if let Some(p) = self.path.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A new temporary file open for reading and writing, already unlinked where the system
/// allows it (else its path, to remove once closed).
fn temp_file() -> Option<(std::fs::File, Option<std::path::PathBuf>)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir();
    for _ in 0..8 {
        let path = dir.join(format!(
            "vendorlint-{}-{}.spill",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        if let Ok(f) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            let path = std::fs::remove_file(&path).is_err().then_some(path);
            return Some((f, path));
        }
    }
    None
}

/// `text` (pretty JSON) as it stands nested at `indent`: every line after the first indented.
pub(crate) fn nested_json(text: &str, indent: &str) -> String {
    text.replace('\n', &format!("\n{indent}"))
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
    report.all().map(short_file).collect()
}

fn short_file(f: &FileReport) -> String {
    let mut out = String::new();
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
    out
}

#[cfg(test)]
mod tests {
    use crate::report::{Spill, xml_escape};

    #[test]
    fn a_spill_moves_to_disk_and_gives_back_what_it_got() {
        let mut s = Spill::default();
        assert!(s.is_empty());
        let line = "0123456789abcdef\n".repeat(64);
        let mut expected = String::new();
        while expected.len() <= 3 * Spill::IN_MEMORY {
            s.push(&line).unwrap();
            expected.push_str(&line);
        }
        assert!(
            s.file.is_some(),
            "more than IN_MEMORY bytes go to a temporary file"
        );
        assert!(s.memory.is_empty());
        let mut out = Vec::new();
        s.drain_into(&mut out).unwrap();
        assert_eq!(out, expected.as_bytes());
        assert!(s.is_empty());
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;"
        );
    }
}

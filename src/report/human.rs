//! `--format human`: code frames (miette) grouped per file, then a summary line.
//!
//! A code frame shows the lines around each span, not the file: miette reads them from an
//! `Excerpt`, which holds only those lines, escaped for the terminal, and a line longer than
//! `LONG_LINE` characters cut to a window of `WINDOW` characters around its span, with `…`
//! where text was left out. So a finding costs a few lines of output however long the file's
//! lines are (a minified JSON file is one line), and line breaks are the loader's own
//! (`\r\n`, `\r` and `\n` alike, through `LineIndex`), not miette's.

use crate::base::{Counts, Diagnostic, FileReport, LintReport, Pos, Severity};
use crate::base::{LineIndex, display_path, printable, printable_inline};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// Lines of at most this many characters are shown whole in a code frame.
const LONG_LINE: usize = 200;
/// How many characters of a longer line a frame shows, around its span.
const WINDOW: usize = 120;
/// A span over more lines than this is shown on its first line only.
const MAX_SPAN_LINES: u32 = 12;
/// Lines of context above and below a span (miette's default, which it reads).
const CONTEXT: u32 = 1;
/// Stands for the text of a long line that a frame leaves out.
const CUT: &str = "…";

/// One diagnostic seen through miette's `Diagnostic` trait.
struct View<'a> {
    d: &'a Diagnostic,
    /// The message, escaped for the terminal.
    message: String,
    source: Option<Excerpt>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

/// A span to show in a frame: byte offsets into the file's text, and the position it is
/// reported at.
struct Mark {
    start: usize,
    end: usize,
    at: Pos,
    message: Option<String>,
}

/// The lines a code frame shows, as miette's source: runs of consecutive lines (`Group`s),
/// each cut to its window and escaped. Offsets are the excerpt's own; a span never runs from
/// one group into the next, so miette never shows lines that are not there as context.
struct Excerpt {
    name: String,
    groups: Vec<Group>,
    /// Where each mark starts in the excerpt, and the position it is reported at: the
    /// frame's `[file:line:column]` header counts characters from the file's line start.
    starts: Vec<(usize, Pos)>,
}

struct Group {
    /// Offset of the group's first byte in the excerpt.
    base: usize,
    /// The 1-based number of its first line.
    first_line: u32,
    /// Its lines, joined by `\n`.
    text: String,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let group = (self.groups.iter().rev())
            .find(|g| g.base <= span.offset())
            .ok_or(MietteError::OutOfBounds)?;
        let local = span.offset() - group.base;
        if local + span.len() > group.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let inner =
            group
                .text
                .as_str()
                .read_span(&SourceSpan::from((local, span.len())), before, after)?;
        let first = group.first_line as usize - 1;
        let column = match self.starts.iter().find(|(o, _)| *o == span.offset()) {
            Some((_, at)) if before == 0 => at.column.max(1) as usize - 1,
            _ => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::from((inner.span().offset() + group.base, inner.span().len())),
            inner.line() + first,
            column,
            inner.line_count() + first,
        )))
    }
}

/// Whether a line is longer than `LONG_LINE` characters (looking at no more of it).
fn is_long(line: &str) -> bool {
    line.len() > LONG_LINE && line.chars().nth(LONG_LINE).is_some()
}

/// Whether `text` has at most `n` characters (looking at no more of it).
fn fits(text: &str, n: usize) -> bool {
    text.len() <= n || text.chars().nth(n).is_none()
}

/// The byte offset `n` characters before `from` in `line` (or its start), and how many
/// characters that is.
fn back(line: &str, from: usize, n: usize) -> (usize, usize) {
    let mut at = from;
    let mut taken = 0;
    for (i, _) in line[..from].char_indices().rev().take(n) {
        at = i;
        taken += 1;
    }
    (at, taken)
}

/// The byte offset `n` characters after `from` in `line` (or its end), and how many
/// characters that is.
fn forward(line: &str, from: usize, n: usize) -> (usize, usize) {
    let mut it = line[from..].char_indices();
    let mut taken = 0;
    while taken < n {
        if it.next().is_none() {
            return (line.len(), taken);
        }
        taken += 1;
    }
    (line.len() - it.as_str().len(), taken)
}

/// The byte range of a long `line` a frame shows: `focus` (cut to `WINDOW` characters) with
/// as much context on either side as makes `WINDOW` characters.
fn window(line: &str, focus: Range<usize>) -> Range<usize> {
    let start = focus.start.min(line.len());
    let (end, used) = forward(line, start, WINDOW);
    let (end, used) = if focus.end < end {
        let end = focus.end.max(start);
        (end, line[start..end].chars().count())
    } else {
        (end, used)
    };
    let room = WINDOW - used;
    let (from, before) = back(line, start, room / 2);
    let (to, after) = forward(line, end, room - before);
    let (from, _) = back(line, from, room - before - after);
    from..to
}

/// The excerpt that shows `marks` (the primary one first), their spans in it, and the marks
/// it could not show: a label on a long line too far from the primary span to share its
/// window (the caller gives its position as a note instead).
fn excerpt(
    name: &str,
    text: &str,
    idx: &LineIndex,
    marks: &[Mark],
) -> (Excerpt, Vec<LabeledSpan>, Vec<usize>) {
    // Each mark's byte range and lines; a span over many lines is cut to its first line.
    let mut ranges: Vec<(usize, usize, u32, u32)> = Vec::new();
    for m in marks {
        let (start, mut end) = (m.start.min(text.len()), m.end.min(text.len()));
        end = end.max(start);
        let first = idx.pos(start).line;
        let mut last = idx.pos(end).line;
        if last - first >= MAX_SPAN_LINES {
            end = idx.line_bytes(first).end.max(start);
            last = first;
        }
        ranges.push((start, end, first, last));
    }
    // What each line must show: a span on one line whole, a span over lines its two ends.
    let mut focus: BTreeMap<u32, Vec<(usize, Range<usize>)>> = BTreeMap::new();
    for (i, &(start, end, first, last)) in ranges.iter().enumerate() {
        if first == last {
            focus.entry(first).or_default().push((i, start..end));
        } else {
            focus.entry(first).or_default().push((i, start..start));
            focus.entry(last).or_default().push((i, end..end));
        }
    }
    // On a long line, a mark that does not fit in one window with the ones before it (the
    // primary first) is left out.
    let mut dropped: Vec<usize> = Vec::new();
    for (&line, wants) in &focus {
        let bytes = idx.line_bytes(line);
        if !is_long(&text[bytes]) {
            continue;
        }
        let mut union: Option<Range<usize>> = None;
        for (i, r) in wants {
            union = match union {
                None => Some(r.clone()),
                Some(u) => {
                    let both = u.start.min(r.start)..u.end.max(r.end);
                    if fits(&text[both.clone()], WINDOW) {
                        Some(both)
                    } else {
                        dropped.push(*i);
                        Some(u)
                    }
                }
            };
        }
    }
    let shown = |i: &usize| !dropped.contains(i);
    // The lines to show, with context, in runs of consecutive lines.
    let mut runs: Vec<(u32, u32)> = Vec::new();
    let mut wanted: Vec<(u32, u32)> = (0..ranges.len())
        .filter(shown)
        .map(|i| {
            let (_, _, first, last) = ranges[i];
            (
                first.saturating_sub(CONTEXT).max(1),
                (last + CONTEXT).min(idx.lines()),
            )
        })
        .collect();
    wanted.sort();
    for (a, b) in wanted {
        match runs.last_mut() {
            Some((_, end)) if a <= *end + 1 => *end = (*end).max(b),
            _ => runs.push((a, b)),
        }
    }
    // Each line's window and where it starts in the excerpt.
    struct Shown {
        bytes: Range<usize>,
        window: Range<usize>,
        at: usize,
    }
    let mut lines: BTreeMap<u32, Shown> = BTreeMap::new();
    let mut groups = Vec::new();
    let mut base = 0;
    for (a, b) in runs {
        let mut group = String::new();
        for line in a..=b {
            if line > a {
                group.push('\n');
            }
            let bytes = idx.line_bytes(line);
            let body = &text[bytes.clone()];
            let win = if is_long(body) {
                let f = focus.get(&line).and_then(|wants| {
                    (wants.iter().filter(|(i, _)| shown(i)))
                        .map(|(_, r)| r.start - bytes.start..r.end - bytes.start)
                        .reduce(|u, r| u.start.min(r.start)..u.end.max(r.end))
                });
                window(body, f.unwrap_or(0..0))
            } else {
                0..body.len()
            };
            let at = base + group.len();
            if win.start > 0 {
                group.push_str(CUT);
            }
            group.push_str(&printable(&body[win.clone()]));
            if win.end < body.len() {
                group.push_str(CUT);
            }
            lines.insert(
                line,
                Shown {
                    bytes,
                    window: win,
                    at,
                },
            );
        }
        let len = group.len();
        groups.push(Group {
            base,
            first_line: a,
            text: group,
        });
        // One offset between groups, so that no span can reach from one into the next.
        base += len + 1;
    }
    // A byte offset of the file, on a shown line, as an offset into the excerpt (clamped to
    // the line's window).
    let place = |offset: usize, line: u32| -> usize {
        let Some(s) = lines.get(&line) else {
            return 0;
        };
        let rel = offset.saturating_sub(s.bytes.start);
        let rel = rel.clamp(s.window.start, s.window.end);
        let body = &text[s.bytes.clone()];
        let cut = if s.window.start > 0 { CUT.len() } else { 0 };
        s.at + cut + printable(&body[s.window.start..rel]).len()
    };
    let mut labels = Vec::new();
    let mut starts = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        if !shown(&i) {
            continue;
        }
        let (start, end, first, last) = ranges[i];
        let s = place(start, first);
        let e = place(end, last).max(s);
        starts.push((s, m.at));
        let span = SourceSpan::from(s..e);
        labels.push(if i == 0 {
            LabeledSpan::new_primary_with_span(m.message.clone(), span)
        } else {
            LabeledSpan::new_with_span(m.message.clone(), span)
        });
    }
    let excerpt = Excerpt {
        name: name.to_string(),
        groups,
        starts,
    };
    (excerpt, labels, dropped)
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
    super::render(report, super::OutputFormat::Human, color)
}

/// The human format written file by file: each file's block as it comes, then the summary.
pub(crate) struct Stream {
    handler: GraphicalReportHandler,
}

impl Stream {
    pub(crate) fn new(color: bool) -> Stream {
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
        Stream { handler }
    }

    /// One file's block (nothing for a file without findings or questions).
    pub(crate) fn file(&self, f: &FileReport) -> String {
        let mut out = String::new();
        files(&self.handler, std::iter::once(f), &mut out);
        out
    }
}

/// The blocks of `files`: a summary line each, the code frames, the waived findings.
fn files<'a>(
    handler: &GraphicalReportHandler,
    files: impl IntoIterator<Item = &'a FileReport>,
    mut out: &mut String,
) {
    for f in files {
        if f.diagnostics.is_empty() && f.questions.is_empty() {
            continue;
        }
        // Everything from a file is escaped before it reaches the terminal: its name, the
        // messages and labels that quote it, and the code frame's lines.
        let name = printable_inline(&display_path(&f.path));
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
            let mut source = None;
            if let (Some(text), Some(idx), Some(span)) = (f.source.as_deref(), &index, d.span) {
                let mut marks = vec![Mark {
                    start: idx.offset(span.start),
                    end: idx.offset(span.end),
                    at: span.start,
                    message: None,
                }];
                for l in &d.labels {
                    match (&l.path, l.span) {
                        (None, Some(ls)) => marks.push(Mark {
                            start: idx.offset(ls.start),
                            end: idx.offset(ls.end),
                            at: ls.start,
                            message: Some(printable_inline(&l.message)),
                        }),
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
                let (excerpt, spans, dropped) = excerpt(&name, text, idx, &marks);
                for i in dropped {
                    let m = &marks[i];
                    notes.push(format!(
                        "{}: {name}:{}:{}",
                        m.message.as_deref().unwrap_or_default(),
                        m.at.line,
                        m.at.column
                    ));
                }
                labels = spans;
                source = Some(excerpt);
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
                source,
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
}

/// The run's last line: declarations checked, findings by severity, what is not shown.
pub(crate) fn summary(c: &Counts, skipped: usize) -> String {
    let mut out = String::new();
    let errors = c.errors;
    let mut summary = format!("Checked {}", plural(c.files, "declaration", "declarations"));
    if skipped > 0 {
        summary.push_str(&format!(
            " ({} skipped: not declarations)",
            plural(skipped, "other file", "other files")
        ));
    }
    if errors + c.warnings + c.infos == 0 {
        // Nothing checked is not "no problems" (the run exits 2 unless --allow-empty).
        if c.files > 0 {
            summary.push_str(": no problems found");
        }
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

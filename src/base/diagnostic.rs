//! Diagnostics are plain data. Every stage produces them; only `report` formats them.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    /// `error`, `warning` or `info`; anything else is refused, never guessed.
    fn from_str(s: &str) -> Result<Severity, String> {
        match s {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            "info" => Ok(Severity::Info),
            other => Err(format!(
                "`{other}` is not a severity: use `error`, `warning` or `info`"
            )),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is. A **gap**: what the vendor states is weak or absent, or a term the
/// contract must have is missing. An **open question**: the vendor has not said, and the answer
/// only needs asking; it is counted and listed for the questionnaire rather than reported one
/// by one (unless asked for with `--questions`). Tool codes are always gaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Gap,
    Question,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Gap => "gap",
            Kind::Question => "question",
        }
    }
}

/// A position in a source text. `line` and `column` are 1-based; `column` counts Unicode
/// scalar values (characters), not bytes, so text after `æ`, `ø` or `å` lines up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn new(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }
}

/// A range in a source text. `end` is exclusive: it is the position just after the last
/// character (as in SARIF regions and LSP ranges). An empty span has `start == end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn new(start: Pos, end: Pos) -> Span {
        Span { start, end }
    }
    pub fn point(at: Pos) -> Span {
        Span { start: at, end: at }
    }
}

/// Which part of a keyed value a pointer addresses: the value itself, or the key that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Target {
    #[default]
    Value,
    Key,
}

/// A secondary label: what else shaped the finding (the first occurrence of a duplicate key,
/// a config line, a waiver). It points either into the same document by pointer, or at an
/// explicit span (possibly in another file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub message: String,
    pub pointer: Option<String>,
    pub target: Target,
    /// Another file (a config file, a rule pack); `None` means the diagnostic's own file.
    pub path: Option<String>,
    pub span: Option<Span>,
}

/// One finding. Created by the loader, the validator or a rule; located by the loader's span
/// index (pointer -> span); formatted by `report`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    /// A gap or an open question.
    pub kind: Kind,
    pub message: String,
    /// JSON pointer (RFC 6901) of the value the finding is about; `None` for whole-file
    /// problems such as a syntax error.
    pub pointer: Option<String>,
    pub target: Target,
    /// Filled in by the loader's span index (or directly by the loader for parse errors).
    pub span: Option<Span>,
    pub help: Option<String>,
    pub references: Vec<String>,
    pub labels: Vec<Label>,
    /// The question to put to the vendor (rule findings).
    pub question: Option<String>,
    /// What the finding is about (a service's control, a list item), for specific-beats-generic
    /// suppression between rules. Not shown.
    pub subject: Option<String>,
    /// Set when an accepted risk (a waiver) covers the finding: it is reported as waived and
    /// does not fail the run.
    pub waived: Option<Waived>,
    /// A stable identity for the finding that survives edits which move it to another line
    /// (for baselines and SARIF `partialFingerprints`).
    pub fingerprint: Option<String>,
    /// The rule's former ids (a rule merged, split or renamed keeps its old ids as aliases):
    /// selectors, waivers and severities written for an old id still apply.
    pub aliases: Vec<String>,
    /// The fingerprints the finding had under those former ids, so an old baseline still
    /// recognises it. Not shown.
    pub former_fingerprints: Vec<String>,
    /// Where the vendor's answers to the question go (JSON pointers; a rule's `answers`, or
    /// its `pointer`); the questionnaire asks for these values. Not shown.
    pub answers: Vec<String>,
}

/// The waiver that covers a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waived {
    pub reason: String,
    pub approved_by: String,
    pub decided_on: String,
    pub expires: String,
}

impl Diagnostic {
    pub fn new(rule: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity,
            kind: Kind::Gap,
            message: message.into(),
            pointer: None,
            target: Target::Value,
            span: None,
            help: None,
            references: Vec::new(),
            labels: Vec::new(),
            question: None,
            subject: None,
            waived: None,
            fingerprint: None,
            aliases: Vec::new(),
            former_fingerprints: Vec::new(),
            answers: Vec::new(),
        }
    }
    pub fn at_pointer(mut self, pointer: impl Into<String>, target: Target) -> Self {
        self.pointer = Some(pointer.into());
        self.target = target;
        self
    }
    pub fn at_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }
    pub fn with_references<I, S>(mut self, refs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.references.extend(refs.into_iter().map(Into::into));
        self
    }
}

/// Escape one JSON-pointer reference token (RFC 6901: `~` -> `~0`, `/` -> `~1`).
pub fn escape_token(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_string()
    }
}

/// Split a JSON pointer into unescaped reference tokens. `""` is the whole document.
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Append one token to a pointer.
pub fn pointer_join(pointer: &str, token: &str) -> String {
    let mut p = String::with_capacity(pointer.len() + token.len() + 1);
    p.push_str(pointer);
    p.push('/');
    p.push_str(&escape_token(token));
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_round_trip() {
        let p = pointer_join(&pointer_join("", "a/b"), "c~d");
        assert_eq!(p, "/a~1b/c~0d");
        assert_eq!(
            pointer_tokens(&p),
            vec!["a/b".to_string(), "c~d".to_string()]
        );
        assert!(pointer_tokens("").is_empty());
    }

    #[test]
    fn severity_parses_strictly() {
        for s in [Severity::Info, Severity::Warning, Severity::Error] {
            assert_eq!(s.as_str().parse::<Severity>(), Ok(s));
        }
        for bad in ["", "Error", "warn", "note", "off"] {
            assert!(bad.parse::<Severity>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn severity_orders() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
    }
}

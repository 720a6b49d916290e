//! What a run produces, as data: one report per file and one per run. Built by `lint`, the
//! configuration and the rule-pack loaders; read by every output format and the editor.

use super::diagnostic::{Diagnostic, Severity};
use std::path::PathBuf;
use std::sync::Arc;

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    /// The text, kept only when there are diagnostics to show against it.
    pub source: Option<Arc<str>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Open questions not shown as diagnostics (the default; `--questions` shows them): the
    /// summary counts them and the questionnaire lists them.
    pub questions: Vec<Diagnostic>,
}

/// The outcome of a run.
#[derive(Debug, Clone, Default)]
pub struct LintReport {
    /// Every declaration checked, in discovery order (with or without findings).
    pub files: Vec<FileReport>,
    /// Files found by walking that are not declarations.
    pub skipped: usize,
    /// Paths that could not be read or walked, each with one LOAD-007 error. A usage error:
    /// the CLI exits 2 when there are any.
    pub unreadable: Vec<FileReport>,
    /// Broken configuration files. When there are any, nothing was checked (exit code 2).
    pub config_errors: Vec<FileReport>,
    /// What configuration files say about themselves after the run (their `[[waivers]]`:
    /// WAIVER-001..005 at the waiver's entry in vendorlint.toml). Shown after the
    /// declarations, not counted as declarations.
    pub config_reports: Vec<FileReport>,
    /// Findings left out because the baseline records them.
    pub baselined: usize,
    /// Every rule and tool code the run could report (SARIF lists them as `tool.driver.rules`).
    pub rules: Vec<RuleInfo>,
}

/// What a report format needs to know about a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: String,
    /// Former ids (SARIF `deprecatedIds`).
    pub aliases: Vec<String>,
    pub title: String,
    pub severity: Severity,
    /// The rationale (pack rules) or explanation (tool codes).
    pub description: String,
    /// The question to put to the vendor, in the run's language.
    pub question: Option<String>,
    pub references: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings an accepted risk covers (not in the three counts above).
    pub waived: usize,
    /// Findings left out because the baseline records them.
    pub baselined: usize,
    /// Open questions not shown one by one.
    pub questions: usize,
}

impl LintReport {
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            files: self.files.len(),
            baselined: self.baselined,
            ..Counts::default()
        };
        c.questions = self.all().map(|f| f.questions.len()).sum();
        for d in self.all().flat_map(|f| &f.diagnostics) {
            if d.waived.is_some() {
                c.waived += 1;
                continue;
            }
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    /// Unreadable paths first, then every checked declaration, then what the configurations
    /// say about themselves: what a report shows.
    pub fn all(&self) -> impl Iterator<Item = &FileReport> {
        self.unreadable
            .iter()
            .chain(&self.files)
            .chain(&self.config_reports)
    }

    /// The most severe finding that is not waived, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.all()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.waived.is_none())
            .map(|d| d.severity)
            .max()
    }
}

//! `--format junit`: JUnit XML, as CI systems (GitLab, Jenkins, Azure DevOps) show test
//! results. One test suite per declaration; each finding is a test case that fails (errors
//! and warnings), passes (infos) or is skipped (waived); a declaration without findings is one
//! passing test case.

use super::xml_escape as xml;
use crate::base::{FileReport, LintReport, Pos, Severity, display_path};
use crate::report::Spill;
use std::fmt::Write as _;
use std::io::{self, Write};

pub fn render_junit(report: &LintReport) -> String {
    super::render(report, super::OutputFormat::Junit, false)
}

/// JUnit XML built file by file. The opening `<testsuites>` tag carries the run's totals,
/// which CI tools read, so the suites are held (in a [`Spill`], on disk when large) and the
/// document is written at the end.
#[derive(Default)]
pub(crate) struct Stream {
    suites: Spill,
    tests: usize,
    failures: usize,
    skipped: usize,
}

impl Stream {
    pub(crate) fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let (tests, failures, skipped) = (self.tests, self.failures, self.skipped);
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vendorlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"0\">\n"
        )?;
        self.suites.drain_into(out)?;
        out.write_all(b"</testsuites>\n")
    }

    /// One declaration's test suite.
    pub(crate) fn file(&mut self, f: &FileReport) -> io::Result<()> {
        let mut suites = String::new();
        let path = display_path(&f.path);
        let mut cases = String::new();
        let (mut t, mut fl, mut sk) = (0usize, 0usize, 0usize);
        for d in &f.diagnostics {
            t += 1;
            let at = d.span.map(|s| s.start).unwrap_or(Pos::new(1, 1));
            let name = format!("{} {}:{}: {}", d.rule, at.line, at.column, d.message);
            let _ = writeln!(
                cases,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"0\">",
                xml(&name),
                xml(&path),
                xml(&path),
                at.line
            );
            let mut details = format!(
                "{path}:{}:{}: {}[{}]: {}",
                at.line, at.column, d.severity, d.rule, d.message
            );
            if let Some(h) = &d.help {
                details.push_str(&format!("\nwhy: {h}"));
            }
            if let Some(q) = &d.question {
                details.push_str(&format!("\nask the vendor: {q}"));
            }
            if let Some(w) = &d.waived {
                sk += 1;
                let _ = writeln!(
                    cases,
                    "      <skipped message=\"{}\"/>",
                    xml(&format!(
                        "waived until {} (approved by {}): {}",
                        w.expires, w.approved_by, w.reason
                    ))
                );
            } else if d.severity >= Severity::Warning {
                fl += 1;
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    xml(&d.message),
                    d.severity,
                    xml(&details)
                );
            } else {
                let _ = writeln!(cases, "      <system-out>{}</system-out>", xml(&details));
            }
            cases.push_str("    </testcase>\n");
        }
        if f.diagnostics.is_empty() {
            t += 1;
            let _ = writeln!(
                cases,
                "    <testcase name=\"no findings\" classname=\"{}\" file=\"{}\" time=\"0\"/>",
                xml(&path),
                xml(&path)
            );
        }
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{t}\" failures=\"{fl}\" errors=\"0\" skipped=\"{sk}\" time=\"0\">\n{cases}  </testsuite>\n",
            xml(&path)
        );
        self.tests += t;
        self.failures += fl;
        self.skipped += sk;
        self.suites.push(&suites)
    }
}

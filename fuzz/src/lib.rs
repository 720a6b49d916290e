//! What the fuzz targets share: fixed options (no configuration discovery, a fixed day) and
//! the invariant that text meant for a terminal carries no raw control, C1 or bidi character.

use std::path::Path;
use vendorlint::config::ConfigChoice;
use vendorlint::{LintOptions, LintReport};

/// The day every date rule measures from, so a finding reproduces on any day.
pub const TODAY: &str = "2026-11-25";

/// Default options, except: no `vendorlint.toml` is looked for and the day is fixed.
pub fn options() -> LintOptions {
    LintOptions {
        config: ConfigChoice::Off,
        today: TODAY.to_string(),
        ..LintOptions::default()
    }
}

/// Panics (a finding) if `text` would make a terminal obey something: a control character
/// other than newline and tab (a carriage return only before a newline), a C1 control or a
/// bidi override or isolate.
pub fn assert_inert(text: &str, what: &str) {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let bad = match c {
            '\r' => bytes.get(i + 1) != Some(&b'\n'),
            '\n' | '\t' => false,
            c => {
                c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            }
        };
        assert!(
            !bad,
            "{what}: raw U+{:04X} at byte {i} of the output",
            c as u32
        );
    }
}

/// Render `report` in the formats a terminal shows and check they are inert; render the
/// machine formats too (they must not panic).
pub fn render_all(report: &LintReport) {
    use vendorlint::report::{OutputFormat, render};
    for format in [OutputFormat::Human, OutputFormat::Short, OutputFormat::Github] {
        let text = render(report, format, false);
        assert_inert(&text, &format!("{format:?}"));
    }
    for format in [OutputFormat::Json, OutputFormat::Sarif, OutputFormat::Junit] {
        let _ = render(report, format, false);
    }
}

/// A one-file report, as `vendorlint check FILE` would print it.
pub fn one_file(path: &Path, bytes: &[u8], options: &LintOptions) -> LintReport {
    let result = vendorlint::lint_bytes(path, bytes, options);
    LintReport {
        files: vec![result.file],
        ..LintReport::default()
    }
}

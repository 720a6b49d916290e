//! Nothing from a file reaches a terminal or a log unescaped: a declaration (and a file name)
//! full of escape sequences, a carriage-return overwrite and a right-to-left override gives
//! human, short and GitHub output with every such character shown, not obeyed, and JSON,
//! SARIF and JUnit that their serialisers escaped.

mod common;
use common::*;

/// Window title, screen clear, an OSC 8 link, a C1 CSI, a bell, a bare carriage return and a
/// right-to-left override.
const HOSTILE: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}]8;;http://x.invalid\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{9b}31m\roverwritten\u{202e}txt.exe";

fn obeyed(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let bad = match c {
            '\r' => bytes.get(i + 1) != Some(&b'\n'),
            '\n' | '\t' => false,
            c => c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
        };
        if bad {
            found.push(format!("U+{:04X} at byte {i}", c as u32));
        }
    }
    found
}

#[test]
fn hostile_strings_are_shown_not_obeyed_in_every_format() {
    let t = TempDir::new("terminal-safety");
    // In YAML double quotes, as `\uXXXX`; raw in a comment (without the carriage return,
    // which YAML reads as a line break) and in the file's name.
    let quoted: String = HOSTILE
        .chars()
        .map(|c| match c {
            c if c.is_control() || c == '\u{202e}' => format!("\\u{:04x}", c as u32),
            '"' | '\\' => format!("\\{c}"),
            c => c.to_string(),
        })
        .collect();
    let yaml = format!(
        "kind: vendor-declaration\nversion: 1\n# a comment with {}\ndeclaration:\n  id: hostile\nvendor:\n  name: \"{quoted}\"\n  country: \"{quoted}\"\n  \"{quoted}\": 1\n",
        HOSTILE.replace('\r', "")
    );
    let name = format!("v{}.yaml", "\u{1b}[31m\u{202e}");
    t.write(&name, yaml.as_bytes());
    for format in ["human", "short", "github"] {
        let o = run_in(
            t.path(),
            &[
                "check",
                ".",
                "--format",
                format,
                "--color",
                "never",
                "--no-config",
            ],
        );
        assert_eq!(code(&o), 1, "{format}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains("SCHEMA"),
            "{format}: the file was checked: {out}"
        );
        let bad = obeyed(&out);
        assert!(bad.is_empty(), "{format}: {bad:?}\n{out}");
        assert!(out.contains("\\u{1b}"), "{format}: ESC is shown: {out}");
    }
    for format in ["json", "sarif"] {
        let o = run_in(t.path(), &["check", ".", "--format", format, "--no-config"]);
        let out = stdout(&o);
        let bad = obeyed(&out);
        assert!(bad.is_empty(), "{format}: {bad:?}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(
            v.to_string().contains("\\u001b"),
            "{format}: kept, escaped by JSON"
        );
    }
    let o = run_in(
        t.path(),
        &["check", ".", "--format", "junit", "--no-config"],
    );
    let out = stdout(&o);
    let bad = obeyed(&out);
    assert!(bad.is_empty(), "junit: {bad:?}");
    assert!(
        out.contains("&#x202e;"),
        "junit: the override as a reference"
    );
}

//! The same declaration as YAML and as JSON gives the same diagnostics apart from positions.

use std::path::Path;
use vendorlint::load::{Format, Limits, load_bytes};
use vendorlint::{LintOptions, lint_bytes};

/// (rule, severity, pointer, message) of the findings that do not depend on the syntax.
fn findings(path: &str, text: &[u8]) -> Vec<(String, String, Option<String>, String)> {
    let mut v: Vec<_> = lint_bytes(Path::new(path), text, &LintOptions::default())
        .file
        .diagnostics
        .into_iter()
        // FMT-001 is about unquoted YAML scalars; JSON has none.
        .filter(|d| d.rule != "FMT-001")
        .map(|d| (d.rule, d.severity.to_string(), d.pointer, d.message))
        .collect();
    v.sort();
    v
}

#[test]
fn yaml_and_json_twins_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut compared = 0;
    for dir in ["vendors", "broken"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let loaded = load_bytes(&bytes, Format::Yaml, &Limits::default());
            // Files that do not load (syntax, encoding, limits, duplicate keys) have no twin.
            let Some(doc) = loaded.document else { continue };
            if loaded
                .diagnostics
                .iter()
                .any(|d| d.rule.starts_with("LOAD"))
            {
                continue;
            }
            let json = serde_json::to_string_pretty(&doc.value).unwrap();
            let yaml_findings = findings("twin.yaml", &bytes);
            let json_findings = findings("twin.json", json.as_bytes());
            assert_eq!(yaml_findings, json_findings, "{}", path.display());
            compared += 1;
            // Positions differ, but every JSON finding is located inside the JSON text.
            let lines = json.lines().count() as u32 + 1;
            for d in lint_bytes(
                Path::new("twin.json"),
                json.as_bytes(),
                &LintOptions::default(),
            )
            .file
            .diagnostics
            {
                let s = d.span.expect("located");
                assert!(s.start.line >= 1 && s.end.line <= lines, "{d:?}");
            }
        }
    }
    // The three vendors and the schema-level broken fixtures at least.
    assert!(compared >= 7, "only {compared} twins compared");
}

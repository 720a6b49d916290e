//! The bundled fixtures: the seed vendors and the well-run vendor are valid declarations; each
//! broken fixture gives exactly its diagnostics, at spans asserted against the text.

mod common;
use common::*;

/// The span of `needle` on 1-based `line` of a fixture, in characters, end exclusive:
/// computed by plain string search, independently of the loader.
fn at(file: &str, line: u64, needle: &str) -> At {
    let bytes = std::fs::read(root().join(file)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let l = text
        .lines()
        .nth(line as usize - 1)
        .unwrap_or_else(|| panic!("{file} has no line {line}"));
    let byte = l
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not on {file}:{line}: {l:?}"));
    let col = l[..byte].chars().count() as u64 + 1;
    (line, col, line, col + needle.chars().count() as u64)
}

/// (line, column, end line, end column).
type At = (u64, u64, u64, u64);

fn expect(file: &str, expected: &[(&str, At)]) {
    let (_, report) = json_report(&[file]);
    let mut got = spans_for(&report, file);
    got.sort();
    let mut want: Vec<_> = expected
        .iter()
        .map(|(r, (a, b, c, d))| (r.to_string(), *a, *b, *c, *d))
        .collect();
    want.sort();
    assert_eq!(got, want, "{file}: {report:#}");
}

#[test]
fn seed_and_example_vendors_are_valid_declarations() {
    for file in [
        "fixtures/vendors/unoeuro.yaml",
        "fixtures/vendors/onlineregnskab.yaml",
        "fixtures/vendors/nordlys-cloud.yaml",
    ] {
        let (_, report) = json_report(&[file]);
        let problems: Vec<_> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| {
                let r = d["rule"].as_str().unwrap();
                r.starts_with("LOAD") || r.starts_with("SCHEMA") || r.starts_with("FMT")
            })
            .collect();
        assert!(problems.is_empty(), "{file}: {problems:#?}");
        assert_eq!(report["summary"]["files"], 1);
    }
}

#[test]
fn misspelled_properties() {
    let f = "fixtures/broken/misspelled-property.yaml";
    expect(
        f,
        &[
            ("SCHEMA-002", at(f, 8, "contry")),
            ("SCHEMA-002", at(f, 13, "retension_days")),
        ],
    );
    let (_, report) = json_report(&[f]);
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        vec!["did you mean `country`?", "did you mean `retention_days`?"]
    );
}

#[test]
fn wrong_values_after_non_ascii_text() {
    let f = "fixtures/broken/wrong-values.yaml";
    expect(
        f,
        &[
            ("SCHEMA-004", at(f, 6, "aproved")),
            // After "Ørestad Drift – ÅÄÖ": character columns, not bytes.
            ("SCHEMA-003", at(f, 7, "\"Danmark\"")),
            ("SCHEMA-004", at(f, 10, "vendr")),
            ("SCHEMA-003", at(f, 11, "1.2")),
            ("SCHEMA-003", at(f, 14, "\"24 timer\"")),
            // After "Sikkerhedspolitik – sidst ændret".
            ("SCHEMA-003", at(f, 16, "\"2026-02-30\"")),
        ],
    );
    let (_, report) = json_report(&[f]);
    let tls = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["pointer"] == "/controls/encryption_in_transit/params/min_tls_version")
        .unwrap();
    assert_eq!(tls["help"], "write it in quotes: \"1.2\"");
}

#[test]
fn missing_required_properties_land_on_the_owning_key() {
    let f = "fixtures/broken/missing-required.yaml";
    expect(
        f,
        &[
            // The root has no key: its first key stands for it.
            ("SCHEMA-001", at(f, 2, "kind")),
            ("SCHEMA-001", at(f, 4, "declaration")),
            // A list item has no key: its first key stands for it.
            ("SCHEMA-001", at(f, 7, "name")),
            ("SCHEMA-001", at(f, 10, "rule")),
        ],
    );
    let (_, report) = json_report(&[f]);
    let msgs: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        msgs.contains(&"`waivers[0]` is missing required property `approved_by`"),
        "{msgs:?}"
    );
}

#[test]
fn duplicate_key() {
    let f = "fixtures/broken/duplicate-key.yaml";
    expect(f, &[("LOAD-002", at(f, 9, "name"))]);
    let (_, report) = json_report(&[f]);
    let label = &report["diagnostics"][0]["labels"][0];
    assert_eq!(
        (label["line"].as_u64(), label["column"].as_u64()),
        (Some(7), Some(3))
    );
}

#[test]
fn norway_yes_and_on() {
    let f = "fixtures/broken/norway.yaml";
    expect(
        f,
        &[
            ("FMT-001", at(f, 9, "NO")),
            ("FMT-001", at(f, 12, "yes")),
            ("SCHEMA-003", at(f, 12, "yes")),
            ("FMT-001", at(f, 14, "on")),
            ("SCHEMA-003", at(f, 14, "on")),
        ],
    );
    // NO alone is only a warning: the run passes at the default --fail-on error.
    let dir = TempDir::new("norway");
    let only_no = std::fs::read_to_string(root().join(f))
        .unwrap()
        .lines()
        .take(9)
        .collect::<Vec<_>>()
        .join("\n");
    let p = dir.write("no.yaml", only_no + "\n");
    let o = run(&["check", "--select", CORE, p.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = run(&[
        "check",
        "--select",
        CORE,
        "--fail-on",
        "warning",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
}

#[test]
fn envelope_version() {
    let f = "fixtures/broken/wrong-envelope.yaml";
    expect(f, &[("SCHEMA-004", at(f, 3, "2"))]);
}

#[test]
fn syntax_errors() {
    let f = "fixtures/broken/syntax-error.yaml";
    // The parser notices the missing `]` where the `}` is.
    expect(
        f,
        &[("LOAD-001", {
            let (l, c, _, _) = at(f, 10, "}");
            (l, c, l, c)
        })],
    );
    let f = "fixtures/broken/syntax-error.json";
    expect(
        f,
        &[("LOAD-001", {
            let (l, c, _, _) = at(f, 5, "}");
            (l, c, l, c)
        })],
    );
}

#[test]
fn multi_document() {
    let f = "fixtures/broken/multi-document.yaml";
    expect(f, &[("LOAD-006", at(f, 8, "---"))]);
}

#[test]
fn hostile_files() {
    let f = "fixtures/broken/alias-bomb.yaml";
    let (_, report) = json_report(&[f]);
    let got = spans_for(&report, f);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "LOAD-003");
    let f = "fixtures/broken/invalid-utf8.yaml";
    // "Blåbær" saved as Latin-1: the first bad byte is the `å` after "Bl".
    let (_, report) = json_report(&[f]);
    assert_eq!(
        spans_for(&report, f),
        vec![("LOAD-004".to_string(), 7, 12, 7, 13)]
    );
    let f = "fixtures/broken/empty.yaml";
    let (_, report) = json_report(&[f]);
    assert_eq!(
        spans_for(&report, f),
        vec![("LOAD-005".to_string(), 1, 1, 1, 1)]
    );
}

//! Hostile files in one run: each gets a clear diagnostic, in bounded time, without a panic,
//! and the other files in the same run are still reported.

mod common;
use common::*;

#[test]
fn one_broken_file_never_hides_the_others() {
    let dir = TempDir::new("hostile");
    let deep = dir.write(
        "deep.yaml",
        format!("kind: vendor-declaration\nnotes: {}\n", "[".repeat(100_000)),
    );
    let deep_json = dir.write("deep.json", "[".repeat(100_000));
    let start = std::time::Instant::now();
    let files = [
        "fixtures/broken/duplicate-key.yaml",
        "fixtures/broken/norway.yaml",
        "fixtures/broken/alias-bomb.yaml",
        "fixtures/broken/invalid-utf8.yaml",
        "fixtures/broken/empty.yaml",
        "fixtures/broken/syntax-error.yaml",
        deep.to_str().unwrap(),
        deep_json.to_str().unwrap(),
        "fixtures/vendors/unoeuro.yaml",
        "fixtures/broken/misspelled-property.yaml",
    ];
    let (code, report) = json_report(&files);
    // Generous: the run takes well under a second; this only catches runaway work.
    assert!(start.elapsed().as_secs() < 60);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"], files.len());
    let rules_of =
        |f: &str| -> Vec<String> { spans_for(&report, f).into_iter().map(|s| s.0).collect() };
    assert_eq!(rules_of(files[0]), vec!["LOAD-002"]);
    assert!(rules_of(files[1]).contains(&"FMT-001".to_string()));
    assert_eq!(rules_of(files[2]), vec!["LOAD-003"]);
    assert_eq!(rules_of(files[3]), vec!["LOAD-004"]);
    assert_eq!(rules_of(files[4]), vec!["LOAD-005"]);
    assert_eq!(rules_of(files[5]), vec!["LOAD-001"]);
    assert_eq!(rules_of(files[6]), vec!["LOAD-003"]);
    assert_eq!(rules_of(files[7]), vec!["LOAD-003"]);
    assert_eq!(rules_of(files[9]), vec!["SCHEMA-002", "SCHEMA-002"]);
    // Every diagnostic is clear: a message, a rule and a position.
    for d in report["diagnostics"].as_array().unwrap() {
        assert!(!d["message"].as_str().unwrap().is_empty());
        assert!(d["line"].as_u64().unwrap() >= 1);
    }
    // No panic: a panic would have exited 101 and printed no JSON.
    assert!(!stderr(&run(&["check", files[2], files[6]])).contains("panicked"));
    // Rules run on the files that load, whatever the others do.
    let (_, all) = json_report_all(&files);
    assert!(
        spans_for(&all, files[9]).iter().any(|s| s.0 == "META-002"),
        "{all}"
    );
}

#[test]
fn check_fixtures_prints_findings_and_fails() {
    let o = run(&["check", "fixtures/"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("fixtures/broken/misspelled-property.yaml"),
        "{out}"
    );
    assert!(out.contains("did you mean `country`?"), "{out}");
    // The summary line counts the declarations; the empty file is not one when walking.
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("Checked ") && last.contains("errors"),
        "{last}"
    );
    // The well-run vendor alone has no error, so the default --fail-on error passes.
    let o = run(&["check", "fixtures/vendors/nordlys-cloud.yaml"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = run(&["check", "--fail-on", "none", "fixtures/"]);
    assert_eq!(code(&o), 0);
}

//! End-to-end tests of the `vendorlint` binary: commands, formats and exit codes.

mod common;
use common::*;

#[test]
fn usage_errors_exit_2() {
    let o = run(&["check", "--format", "xml"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("invalid value 'xml'"), "{}", stderr(&o));
    let o = run(&["frobnicate"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn missing_path_exits_2_but_still_reports_the_others() {
    let (code, report) = json_report(&["does/not/exist.yaml", "fixtures/vendors/unoeuro.yaml"]);
    assert_eq!(code, 2);
    let paths: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"does/not/exist.yaml"));
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn schema_command_prints_the_embedded_schema() {
    let o = run(&["schema"]);
    assert_eq!(code(&o), 0);
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).expect("schema is JSON");
    let on_disk: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/declaration.v1.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(printed, on_disk);
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn init_writes_a_template_that_checks_clean_and_refuses_to_overwrite() {
    let dir = TempDir::new("init");
    let target = dir.path().join("acme.yaml");
    let t = target.to_str().unwrap();
    let o = run(&["init", t]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(
        text.starts_with("# ") || text.contains("\n# "),
        "the template is commented"
    );
    // The template is a declaration: a walk finds it, and it has no load or schema errors.
    let (c, report) = json_report(&[dir.path().to_str().unwrap()]);
    assert_eq!(report["summary"]["files"], 1, "{report}");
    let problems: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["rule"].as_str().unwrap().starts_with("LOAD")
                || d["rule"].as_str().unwrap().starts_with("SCHEMA")
        })
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(c, 0);
    // A second init does not clobber the file.
    let o = run(&["init", t]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("already exists"));
    // stdout form.
    let o = run(&["init"]);
    assert_eq!(stdout(&o), text);
}

#[test]
fn walk_skips_foreign_yaml_but_named_files_are_always_checked() {
    let dir = TempDir::new("walk");
    dir.write(".github/workflows/ci.yml", "on: push\njobs: {}\n");
    dir.write("docs/mkdocs.yml", "site_name: x\n");
    dir.write("package.json", "{\"name\": \"x\"}\n");
    dir.write("broken-other.yaml", "a: [\n");
    let (_, report) = json_report(&[dir.path().to_str().unwrap()]);
    assert_eq!(report["summary"]["files"], 0, "{report}");
    assert_eq!(report["summary"]["skipped"], 3, "{report}");
    // Named explicitly, a non-declaration is checked (and fails the schema).
    let named = dir.path().join("docs/mkdocs.yml");
    let (c, report) = json_report(&[named.to_str().unwrap()]);
    assert_eq!(c, 1);
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "SCHEMA-001"),
        "{report}"
    );
}

#[test]
fn check_without_paths_walks_the_current_directory() {
    let dir = TempDir::new("default-path");
    dir.write("vendors/a.yaml", "kind: vendor-declaration\nversion: 1\ndeclaration: {id: a}\nvendor: {name: A, contry: \"DK\"}\n");
    dir.write("ci.yml", "on: push\n");
    let o = run_in(
        dir.path(),
        &["check", "--format", "short", "--select", CORE],
    );
    assert_eq!(code(&o), 1);
    assert_eq!(
        stdout(&o),
        "vendors/a.yaml:4:19: error[SCHEMA-002]: unknown property `contry` in `vendor`\n"
    );
}

/// A set of paths with no declaration in it is a usage error, so that a mistyped path does
/// not pass CI; `--allow-empty` (and the hook's `--only-declarations`) accept it.
#[test]
fn no_declaration_found_is_a_usage_error_unless_allowed() {
    let t = TempDir::new("cli-empty");
    t.write("ci.yaml", "on: push\njobs: {}\n");
    let o = run_in(t.path(), &["check", "."]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    // Nothing checked is not reported as "no problems".
    assert!(!stdout(&o).contains("no problems"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("Checked 0 declarations (1 other file skipped: not declarations)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("vendorlint: no declarations found in . (a declaration has `kind: vendor-declaration`); pass --allow-empty if that is expected"),
        "{}",
        stderr(&o)
    );
    let o = run_in(t.path(), &["check", ".", "--allow-empty"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run_in(t.path(), &["check", "--only-declarations", "ci.yaml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // A mistyped directory name that exists but is empty.
    std::fs::create_dir_all(t.path().join("vendros")).unwrap();
    let o = run_in(t.path(), &["check", "vendros"]);
    assert_eq!(code(&o), 2);
}

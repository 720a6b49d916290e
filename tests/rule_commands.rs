//! `vendorlint rules`, `explain`, `--rules DIR` user packs, `--lang`, and docs/RULES.md.

mod common;
use common::*;

fn rules_json() -> serde_json::Value {
    let o = run(&["rules", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("rules --format json is JSON")
}

#[test]
fn rules_json_lists_every_rule_with_references_and_question() {
    let v = rules_json();
    let rules: Vec<&serde_json::Value> = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "rule")
        .collect();
    assert!(rules.len() >= 60, "only {} rules", rules.len());
    for r in &rules {
        let id = r["id"].as_str().unwrap();
        assert!(
            !r["references"].as_array().unwrap().is_empty(),
            "{id} has no references"
        );
        assert!(
            !r["question"]["en"].as_str().unwrap_or_default().is_empty(),
            "{id} has no question"
        );
        assert!(
            ["error", "warning", "info"].contains(&r["severity"].as_str().unwrap()),
            "{id}"
        );
        assert!(
            r["source"]["path"].as_str().unwrap().starts_with("rules/"),
            "{id}"
        );
    }
    // Tool codes are listed too, so SARIF and editors can describe every diagnostic.
    assert!(
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "SCHEMA-002" && r["kind"] == "tool")
    );
    // Ids are unique.
    let mut ids: Vec<&str> = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn rules_table_has_a_row_per_rule() {
    let o = run(&["rules"]);
    let out = stdout(&o);
    let n = rules_json()["rules"].as_array().unwrap().len();
    assert_eq!(out.lines().count(), n + 1, "{out}");
    assert!(out.lines().next().unwrap().starts_with("ID "));
}

#[test]
fn explain_shows_rationale_question_references_and_examples() {
    let o = run(&["explain", "BAK-001"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for part in [
        "BAK-001: ",
        "Why it matters",
        "Ask the vendor",
        "References",
        "Failing example",
        "Passing example",
        "rules/backup.yaml:",
    ] {
        assert!(out.contains(part), "missing {part:?} in\n{out}");
    }
    // Case-insensitive, and tool codes too.
    assert_eq!(code(&run(&["explain", "schema-002"])), 0);
    let o = run(&["explain", "BAK-01"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("did you mean BAK-001?"),
        "{}",
        stderr(&o)
    );
}

const USER_RULE: &str = r#"kind: vendorlint-rules
version: 1
rules:
  - id: ACME-001
    domain: contract
    title: Our procurement policy wants a named account manager
    severity: warning
    rationale: We escalate through a named account manager. Nobody else answers.
    question: "Who is our named account manager?"
    references: ["ACME procurement policy section 4.2"]
    select: document
    condition: "!has(decl.vendor.account_manager) && decl.vendor.name.startsWith('Nordlys')"
    at: /vendor
    message: "{{ decl.vendor.name }} has no named account manager"
    examples:
      fail: [{}]
      pass: [{set: {/vendor/name: "Other"}}]
"#;

#[test]
fn a_user_pack_adds_findings() {
    let dir = TempDir::new("user-pack");
    dir.write("acme.yaml", USER_RULE);
    let d = dir.path().to_str().unwrap();
    let (c, report) = json_report_all(&[
        "--rules",
        d,
        "--select",
        "ACME",
        "fixtures/vendors/nordlys-cloud.yaml",
    ]);
    assert_eq!(c, 0, "a warning does not fail the run");
    let found = spans_for(&report, "fixtures/vendors/nordlys-cloud.yaml");
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(found[0].0, "ACME-001");
    let d0 = &report["diagnostics"][0];
    assert_eq!(d0["message"], "Nordlys Cloud has no named account manager");
    assert_eq!(d0["question"], "Who is our named account manager?");
    // The user's rule is listed and explained like a built-in one.
    let o = run(&["rules", "--rules", d, "--format", "json"]);
    assert!(stdout(&o).contains("\"ACME-001\""));
    let o = run(&["explain", "ACME-001", "--rules", d]);
    assert!(
        stdout(&o).contains("named account manager"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_broken_user_pack_exits_2_with_a_position() {
    let dir = TempDir::new("broken-pack");
    // A CEL syntax error in the condition on line 12.
    dir.write(
        "acme.yaml",
        USER_RULE.replace(
            "decl.vendor.name.startsWith('Nordlys')\"",
            "decl.vendor.name ==\"",
        ),
    );
    let o = run(&[
        "check",
        "--rules",
        dir.path().to_str().unwrap(),
        "fixtures/vendors/nordlys-cloud.yaml",
    ]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("PACK-001") && err.contains("not a valid CEL expression"),
        "{err}"
    );
    let line12 = USER_RULE.lines().nth(11).unwrap();
    let col = line12.find("\"").unwrap()
        + 1
        + "!has(decl.vendor.account_manager) && decl.vendor.name ==".len()
        + 1;
    assert!(
        err.contains(&format!("acme.yaml:12:{col}]")),
        "expected 12:{col} in {err}"
    );
    assert!(stdout(&o).is_empty(), "nothing is checked");
    // A schema error in a pack, and a clash with a built-in id.
    dir.write(
        "acme.yaml",
        USER_RULE.replace("severity: warning", "severity: urgent"),
    );
    let o = run(&[
        "check",
        "--rules",
        dir.path().to_str().unwrap(),
        "fixtures/vendors/nordlys-cloud.yaml",
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("acme.yaml:7:15]"), "{}", stderr(&o));
    dir.write("acme.yaml", USER_RULE.replace("ACME-001", "META-002"));
    let o = run(&[
        "check",
        "--rules",
        dir.path().to_str().unwrap(),
        "fixtures/vendors/nordlys-cloud.yaml",
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("rule id `META-002` is already defined"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn lang_selects_the_question_language() {
    let (_, en) = json_report_all(&[
        "--select",
        "BAK-002",
        "--today",
        "2026-11-22",
        "fixtures/vendors/onlineregnskab.yaml",
    ]);
    let (_, sv) = json_report_all(&[
        "--select",
        "BAK-002",
        "--lang",
        "sv",
        "--today",
        "2026-11-22",
        "fixtures/vendors/onlineregnskab.yaml",
    ]);
    let q_en = en["diagnostics"][0]["question"]
        .as_str()
        .unwrap()
        .to_string();
    let q_sv = sv["diagnostics"][0]["question"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(q_en, q_sv);
    assert!(q_sv.contains("säkerhetskopier"), "{q_sv}");
}

#[test]
fn rules_md_is_generated_and_current() {
    let o = run(&["rules", "--format", "markdown"]);
    let committed = std::fs::read_to_string(root().join("docs/RULES.md")).unwrap_or_default();
    assert!(
        stdout(&o) == committed,
        "docs/RULES.md is stale: run `cargo run -- rules --format markdown > docs/RULES.md`"
    );
}

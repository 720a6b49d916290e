//! One registry of codes and one way to match rule ids: a user rule whose family has a digit
//! (`ISO27-001`) works in every place a rule is named, through the real binary, and the
//! built-in pack and the tool codes share no id or family.

mod common;
use common::*;
use serde_json::Value;
use std::collections::HashSet;
use vendorlint::base::codes::{CORE_CODES, is_rule_id, is_tool_family};
use vendorlint::rules::builtin;

const ISO_RULE: &str = r#"kind: vendorlint-rules
version: 1
rules:
  - id: ISO27-001
    domain: contract
    title: Our ISMS wants a named account manager
    severity: warning
    rationale: ISO/IEC 27001 A.5.19 asks for agreed contacts with suppliers. Nobody else answers.
    question: "Who is our named account manager?"
    references: ["ISO/IEC 27001:2022 Annex A 5.19"]
    select: document
    condition: "!has(decl.vendor.account_manager)"
    at: /vendor
    message: "{{ decl.vendor.name }} has no named account manager"
    examples:
      fail: [{}]
      pass: [{set: {/vendor/name: "Other"}}]
"#;

const WAIVER: &str = "  - rule: {RULE}\n    reason: \"We phone the vendor's switchboard; accepted for this contract term.\"\n    approved_by: \"Mette Jensen, CISO\"\n    decided_on: \"2026-06-01\"\n    expires: \"2027-06-01\"\n";

fn nordlys() -> String {
    std::fs::read_to_string(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap()
}

/// A directory with the user pack in `rules/`, a declaration `v.yaml` (with `waiver`, if
/// any) and a vendorlint.toml with `config` after `rules = ["rules"]`.
fn setup(name: &str, config: &str, waiver: Option<&str>) -> TempDir {
    let t = TempDir::new(name);
    t.write("rules/iso.yaml", ISO_RULE);
    let mut decl = nordlys();
    if let Some(rule) = waiver {
        assert!(decl.contains("\nwaivers: []\n"));
        decl = decl.replace(
            "\nwaivers: []\n",
            &format!("\nwaivers:\n{}", WAIVER.replace("{RULE}", rule)),
        );
    }
    t.write("v.yaml", decl);
    t.write("vendorlint.toml", format!("rules = [\"rules\"]\n{config}"));
    t
}

fn run_json(t: &TempDir, args: &[&str]) -> (i32, Value) {
    let mut all = vec![
        "check",
        "--format",
        "json",
        "--today",
        "2026-11-25",
        "v.yaml",
    ];
    all.extend_from_slice(args);
    let o = run_in(t.path(), &all);
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (code(&o), v)
}

/// (rule, severity, waived) of every finding of the user rule.
fn iso(report: &Value) -> Vec<(String, bool)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "ISO27-001")
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["waived"].is_object(),
            )
        })
        .collect()
}

fn rules_reported(report: &Value) -> HashSet<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_user_rule_iso27_001_works_in_every_place_a_rule_is_named() {
    // The configuration's pack adds it, at its own severity.
    let t = setup("iso-plain", "", None);
    let (_, r) = run_json(&t, &[]);
    assert_eq!(iso(&r), vec![("warning".to_string(), false)], "{r:#}");

    // --select by id and by family; --ignore by family.
    for sel in ["ISO27-001", "ISO27", "iso27"] {
        let (_, r) = run_json(&t, &["--select", sel]);
        assert_eq!(
            rules_reported(&r),
            HashSet::from(["ISO27-001".to_string()]),
            "--select {sel}"
        );
    }
    let (_, r) = run_json(&t, &["--ignore", "ISO27"]);
    assert!(iso(&r).is_empty(), "{r:#}");
    // A prefix that does not end at a `-` selects nothing.
    let (_, r) = run_json(&t, &["--select", "ISO2"]);
    assert!(rules_reported(&r).is_empty(), "{r:#}");

    // [severity], select and ignore in vendorlint.toml.
    let t = setup(
        "iso-severity",
        "[severity]\n\"ISO27-001\" = \"error\"\n",
        None,
    );
    let (c, r) = run_json(&t, &[]);
    assert_eq!(iso(&r), vec![("error".to_string(), false)], "{r:#}");
    assert_eq!(c, 1);
    let t = setup(
        "iso-family-severity",
        "[severity]\nISO27 = \"info\"\n",
        None,
    );
    let (_, r) = run_json(&t, &[]);
    assert_eq!(iso(&r), vec![("info".to_string(), false)], "{r:#}");
    let t = setup("iso-select", "select = [\"ISO27\"]\n", None);
    let (_, r) = run_json(&t, &[]);
    assert_eq!(
        rules_reported(&r),
        HashSet::from(["ISO27-001".to_string()]),
        "{r:#}"
    );
    let t = setup("iso-ignore", "ignore = [\"ISO27-001\"]\n", None);
    let (_, r) = run_json(&t, &[]);
    assert!(iso(&r).is_empty(), "{r:#}");

    // A waiver in the declaration, by id and by family.
    for rule in ["ISO27-001", "ISO27"] {
        let t = setup("iso-waiver", "", Some(rule));
        let (_, r) = run_json(&t, &[]);
        assert_eq!(
            iso(&r),
            vec![("warning".to_string(), true)],
            "waiver of {rule}: {r:#}"
        );
        assert!(!rules_reported(&r).contains("WAIVER-002"), "{r:#}");
    }
    // A waiver in the configuration.
    let t = setup(
        "iso-config-waiver",
        "\n[[waivers]]\nrule = \"ISO27\"\nreason = \"Accepted for this term.\"\napproved_by = \"Mette Jensen, CISO\"\ndecided_on = 2026-06-01\nexpires = 2027-06-01\n",
        None,
    );
    let (_, r) = run_json(&t, &[]);
    assert_eq!(iso(&r), vec![("warning".to_string(), true)], "{r:#}");

    // A baseline records it and then leaves it out.
    let t = setup("iso-baseline", "", None);
    write_baseline(&t);
    let recorded = std::fs::read_to_string(t.path().join("b.json")).unwrap();
    assert!(recorded.contains("ISO27-001"), "{recorded}");
    let (_, r) = run_json(&t, &["--baseline", "b.json"]);
    assert!(iso(&r).is_empty(), "{r:#}");
    assert!(r["summary"]["baselined"].as_u64().unwrap() >= 1, "{r:#}");
}

/// Record today's findings of `v.yaml` in `b.json`.
fn write_baseline(t: &TempDir) {
    let args = [
        "check",
        "v.yaml",
        "--today",
        "2026-11-25",
        "--write-baseline",
        "b.json",
    ];
    let o = run_in(t.path(), &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn a_selector_that_is_not_a_rule_id_or_prefix_is_refused_with_its_position() {
    // On the command line: a usage error.
    let o = run(&["check", "--select", "BAK_1", "fixtures/vendors"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("BAK-001"), "{}", stderr(&o));
    // In vendorlint.toml: an unknown family with a did-you-mean at its line.
    let t = setup("iso-typo", "ignore = [\"ISO72\"]\n", None);
    let o = run_in(t.path(), &["check", "v.yaml"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stdout(&o) + &stderr(&o);
    assert!(err.contains("no rule or rule family `ISO72`"), "{err}");
    assert!(err.contains("ISO27"), "did you mean: {err}");
}

#[test]
fn a_user_rule_cannot_take_a_tool_family() {
    let t = TempDir::new("tool-family");
    t.write("rules/x.yaml", ISO_RULE.replace("ISO27-001", "SCHEMA-101"));
    let o = run_in(t.path(), &["rules", "--rules", "rules"]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    let err = stdout(&o) + &stderr(&o);
    assert!(
        err.contains("family `SCHEMA` of vendorlint's own codes"),
        "{err}"
    );
    assert!(err.contains("x.yaml:4:"), "at the id's line: {err}");
}

#[test]
fn every_code_is_unique_and_well_formed_across_the_tool_and_the_built_in_pack() {
    let mut seen: HashSet<String> = HashSet::new();
    for c in CORE_CODES {
        assert!(seen.insert(c.id.to_string()), "{} twice", c.id);
    }
    for r in &builtin().rules {
        assert!(is_rule_id(&r.id), "{} is not a rule id", r.id);
        assert!(!is_tool_family(&r.id), "{} is in a tool family", r.id);
        assert!(seen.insert(r.id.clone()), "{} twice", r.id);
        for a in &r.aliases {
            assert!(is_rule_id(a) && !is_tool_family(a), "alias {a} of {}", r.id);
            assert!(seen.insert(a.clone()), "alias {a} of {} is taken", r.id);
        }
    }
}

/// The ISO rule renamed to ISO27-010, keeping its old id as an alias.
fn renamed() -> String {
    ISO_RULE.replace(
        "  - id: ISO27-001\n",
        "  - id: ISO27-010\n    aliases: [ISO27-001]\n",
    )
}

#[test]
fn a_renamed_rule_answers_to_its_old_id_everywhere() {
    // A baseline and settings written while the rule was ISO27-001.
    let t = setup("alias", "[severity]\n\"ISO27-001\" = \"error\"\n", None);
    write_baseline(&t);
    // The rule is renamed.
    t.write("rules/iso.yaml", renamed());
    let (_, r) = run_json(&t, &[]);
    let found: Vec<(String, String)> = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("ISO27"))
        .map(|d| {
            (
                d["rule"].as_str().unwrap().into(),
                d["severity"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![("ISO27-010".into(), "error".into())],
        "[severity] by the old id: {r:#}"
    );
    // --select by the old id; the old baseline still recognises the finding.
    let (_, r) = run_json(&t, &["--select", "ISO27-001"]);
    assert_eq!(
        rules_reported(&r),
        HashSet::from(["ISO27-010".to_string()]),
        "{r:#}"
    );
    let (_, r) = run_json(&t, &["--baseline", "b.json", "--select", "ISO27"]);
    assert!(
        rules_reported(&r).is_empty(),
        "the old baseline covers it: {r:#}"
    );
    // A waiver written for the old id.
    let t = setup("alias-waiver", "", Some("ISO27-001"));
    t.write("rules/iso.yaml", renamed());
    let (_, r) = run_json(&t, &[]);
    let waived: Vec<bool> = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "ISO27-010")
        .map(|d| d["waived"].is_object())
        .collect();
    assert_eq!(waived, vec![true], "{r:#}");
    // explain and SARIF know the old id.
    let o = run_in(t.path(), &["explain", "ISO27-001", "--rules", "rules"]);
    assert!(stdout(&o).starts_with("ISO27-010:"), "{}", stdout(&o));
    let o = run_in(t.path(), &["check", "v.yaml", "--format", "sarif"]);
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rule = s["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ISO27-010")
        .cloned()
        .unwrap();
    assert_eq!(rule["deprecatedIds"], serde_json::json!(["ISO27-001"]));
}

#[test]
fn an_alias_may_not_take_an_id_that_exists() {
    let t = TempDir::new("alias-taken");
    t.write(
        "rules/x.yaml",
        ISO_RULE.replace(
            "  - id: ISO27-001\n",
            "  - id: ISO27-010\n    aliases: [BAK-001]\n",
        ),
    );
    let o = run_in(t.path(), &["rules", "--rules", "rules"]);
    assert_eq!(code(&o), 2);
    let err = stdout(&o) + &stderr(&o);
    assert!(
        err.contains("rule id `BAK-001` is already defined"),
        "{err}"
    );
}

//! Gaps and open questions end to end: an open question is counted and kept apart by default,
//! shown as an info diagnostic with `--questions` or `questions = true`, and carried as such
//! in JSON and SARIF.

mod common;
use common::*;
use serde_json::Value;

/// A pack whose rule asks for the vendor's legal name: unknown is an open question, a refusal
/// to say (`not_disclosed`) is a gap.
const PACK: &str = r#"kind: vendorlint-rules
version: 1
rules:
  - id: ACME-001
    domain: contract
    title: {en: The vendor's legal name is not known, da: Leverandørens juridiske navn er ukendt, sv: Leverantörens juridiska namn är okänt}
    severity: warning
    rationale: A contract is signed with a legal person. A brand name is not one.
    question: {en: "What is your legal name?", da: "Hvad er jeres juridiske navn?", sv: "Vad är ert juridiska namn?"}
    references: ["ACME procurement policy section 4.2"]
    select: document
    condition: "decl.vendor.?legal_name.orValue('unknown') in ['unknown', 'not_disclosed']"
    open_question: "decl.vendor.?legal_name.orValue('unknown') == 'unknown'"
    at: /vendor
    message: "the legal name of {{ decl.vendor.name }} is not known"
    examples:
      fail: [{}]
      pass: [{set: {/vendor/name: "Other"}}]
"#;

fn workspace(config: &str) -> TempDir {
    let t = TempDir::new("questions");
    t.write("rules/acme.yaml", PACK);
    let decl = std::fs::read_to_string(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap();
    let without = decl.replacen("  legal_name: \"Nordlys Cloud ApS\"\n", "", 1);
    assert_ne!(decl, without);
    t.write("v.yaml", without);
    t.write(
        "vendorlint.toml",
        format!("rules = [\"rules\"]\nselect = [\"ACME\"]\n{config}"),
    );
    t
}

fn json(t: &TempDir, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "v.yaml", "--format", "json"];
    args.extend_from_slice(extra);
    let o = run_in(t.path(), &args);
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (code(&o), v)
}

#[test]
fn an_open_question_is_counted_by_default_and_listed_apart() {
    let t = workspace("");
    let (c, v) = json(&t, &["--fail-on", "info"]);
    assert_eq!(c, 0, "a hidden question does not fail the run: {v:#}");
    assert_eq!(v["summary"]["open_questions"], 1, "{v:#}");
    assert!(v["diagnostics"].as_array().unwrap().is_empty(), "{v:#}");
    let q = &v["open_questions"][0];
    assert_eq!(q["rule"], "ACME-001");
    assert_eq!(q["kind"], "question");
    assert_eq!(q["question"], "What is your legal name?");
    // The human report says so on the file's line and in the summary.
    let o = run_in(t.path(), &["check", "v.yaml", "--color", "never"]);
    let out = stdout(&o);
    assert!(
        out.contains("── v.yaml: no gaps, 1 open question\n"),
        "{out}"
    );
    assert!(
        out.contains("1 open question for the vendor (`--questions` lists them)"),
        "{out}"
    );
}

#[test]
fn questions_are_info_diagnostics_with_the_flag_or_the_setting() {
    let t = workspace("");
    let (c, v) = json(&t, &["--questions", "--lang", "da"]);
    assert_eq!(c, 0);
    let d = &v["diagnostics"][0];
    assert_eq!(
        (
            d["rule"].as_str(),
            d["severity"].as_str(),
            d["kind"].as_str()
        ),
        (Some("ACME-001"), Some("info"), Some("question")),
        "{v:#}"
    );
    assert_eq!(d["question"], "Hvad er jeres juridiske navn?");
    assert_eq!(v["summary"]["open_questions"], 0);
    let t = workspace("questions = true\n");
    let (_, v) = json(&t, &[]);
    assert_eq!(v["diagnostics"][0]["kind"], "question", "{v:#}");
    // `vendorlint config` shows where the setting comes from.
    let o = run_in(t.path(), &["config", "v.yaml"]);
    assert!(stdout(&o).contains("questions = true"), "{}", stdout(&o));
}

#[test]
fn a_refusal_to_say_is_a_gap_and_sarif_marks_questions_open() {
    let t = workspace("");
    let decl = std::fs::read_to_string(t.path().join("v.yaml")).unwrap();
    let refused = decl.replacen(
        "  name: Nordlys Cloud\n",
        "  name: Nordlys Cloud\n  legal_name: not_disclosed\n",
        1,
    );
    assert_ne!(decl, refused);
    t.write("refused.yaml", &refused);
    let o = run_in(t.path(), &["check", "refused.yaml", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["open_questions"], 0, "{v:#}");
    let d = &v["diagnostics"][0];
    assert_eq!(
        (
            d["rule"].as_str(),
            d["kind"].as_str(),
            d["severity"].as_str()
        ),
        (Some("ACME-001"), Some("gap"), Some("warning")),
        "{v:#}"
    );
    let o = run_in(
        t.path(),
        &["check", "v.yaml", "--questions", "--format", "sarif"],
    );
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = &s["runs"][0]["results"][0];
    assert_eq!(
        (r["kind"].as_str(), r["level"].as_str()),
        (Some("open"), Some("none")),
        "{r:#}"
    );
    assert_eq!(r["properties"]["kind"], "question");
}

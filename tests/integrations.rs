//! Output formats checked by the tools on the other side: the OASIS SARIF 2.1.0 schema,
//! Microsoft's SARIF validator, a JUnit XML reader, and GitHub's workflow-command syntax.
//! The external tools are installed by `.ci/tools.sh` (the README's test command runs it).

mod common;
use common::*;
use serde_json::Value;
use std::process::Command;

const TODAY: &str = "2026-11-22";

/// The seed vendors plus a declaration with a waiver and a non-ASCII file name.
fn workspace() -> TempDir {
    let t = TempDir::new("integrations");
    for f in ["unoeuro.yaml", "onlineregnskab.yaml", "nordlys-cloud.yaml"] {
        t.write(
            &format!("vendors/{f}"),
            std::fs::read(root().join("fixtures/vendors").join(f)).unwrap(),
        );
    }
    t.write(
        "vendors/københavn drift.yaml",
        std::fs::read(root().join("fixtures/broken/misspelled-property.yaml")).unwrap(),
    );
    t
}

fn sarif(t: &TempDir) -> (i32, Value, String) {
    let o = run_in(
        t.path(),
        &[
            "check",
            "vendors",
            "--today",
            TODAY,
            "--questions",
            "--format",
            "sarif",
            "-o",
            "out.sarif",
        ],
    );
    let text = std::fs::read_to_string(t.path().join("out.sarif")).unwrap();
    (code(&o), serde_json::from_str(&text).unwrap(), stdout(&o))
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let t = workspace();
    let (c, v, human) = sarif(&t);
    assert_eq!(c, 1);
    assert!(
        human.contains("Checked 4 declarations"),
        "the human report goes to the terminal: {human}"
    );
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the OASIS schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // And the schema does reject what the validator alone lets through.
    let mut bad = v.clone();
    bad["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn sarif_passes_microsofts_validator() {
    let t = workspace();
    sarif(&t);
    let o = Command::new(tool("node_modules/.bin/sarif-multitool"))
        .current_dir(t.path())
        .args([
            "validate",
            "out.sarif",
            "-o",
            "validation.sarif",
            "--log",
            "ForceOverwrite",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("validation.sarif")).unwrap())
            .unwrap();
    let problems: Vec<String> = report["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "error" || r["level"] == "warning")
        .map(|r| format!("{} {}", r["ruleId"], r["message"]))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The validator does flag a broken log, so a clean result means something.
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("out.sarif")).unwrap())
            .unwrap();
    v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    std::fs::write(t.path().join("bad.sarif"), v.to_string()).unwrap();
    let o = Command::new(tool("node_modules/.bin/sarif-multitool"))
        .current_dir(t.path())
        .args([
            "validate",
            "bad.sarif",
            "-o",
            "bad-validation.sarif",
            "--log",
            "ForceOverwrite",
        ])
        .output()
        .unwrap();
    let text = std::fs::read_to_string(t.path().join("bad-validation.sarif")).unwrap_or_default();
    assert!(
        !o.status.success() || text.contains("\"level\": \"error\""),
        "the validator accepted startLine 0"
    );
}

#[test]
fn sarif_lists_rules_regions_fingerprints_and_suppressions() {
    let t = workspace();
    // A waiver in one declaration, to see it as a suppression.
    let nordlys = std::fs::read_to_string(t.path().join("vendors/nordlys-cloud.yaml")).unwrap();
    let waived = nordlys
        .replace("  incident_notification:\n    max_hours: 24\n", "  incident_notification:\n    max_hours: 72\n")
        .replace(
            "\nwaivers: []\n",
            "\nwaivers:\n  - rule: INC-002\n    reason: \"Daily calls until the 2027 contract.\"\n    approved_by: \"Mette Jensen, CISO\"\n    decided_on: \"2026-06-01\"\n    expires: \"2027-06-01\"\n",
        );
    t.write("vendors/nordlys-cloud.yaml", waived);
    let (_, v, _) = sarif(&t);
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let bak = rules
        .iter()
        .find(|r| r["id"] == "BAK-001")
        .expect("BAK-001 ran");
    for k in [
        "name",
        "shortDescription",
        "fullDescription",
        "help",
        "helpUri",
        "defaultConfiguration",
    ] {
        assert!(!bak[k].is_null(), "BAK-001 lacks {k}");
    }
    assert!(
        bak["help"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Ask the vendor:")
    );
    assert_eq!(bak["defaultConfiguration"]["level"], "error");
    let results = run["results"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        // An open question (`--questions`) is SARIF's `kind: open`, whose level is `none`.
        if r["kind"] == "open" {
            assert_eq!(r["level"], "none", "{r:#}");
            assert_eq!(r["properties"]["kind"], "question");
        } else {
            assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
            assert_eq!(r["properties"]["kind"], "gap");
        }
        assert_eq!(
            r["partialFingerprints"]["vendorlint/v1"]
                .as_str()
                .unwrap()
                .len(),
            32
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["endColumn"].as_u64().unwrap() >= 1);
    }
    assert!(
        results.iter().any(|r| r["kind"] == "open"),
        "the seed vendors have open questions, and the validators saw them"
    );
    // The misspelled property in the file with a Danish name, at its exact region.
    let typo = results
        .iter()
        .find(|r| r["ruleId"] == "SCHEMA-002")
        .unwrap();
    let loc = &typo["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "vendors/k%C3%B8benhavn%20drift.yaml"
    );
    assert_eq!(loc["region"]["startLine"], 8);
    assert_eq!(loc["region"]["startColumn"], 3);
    // The waived finding is a suppressed result.
    let inc = results
        .iter()
        .find(|r| r["ruleId"] == "INC-002" && !r["suppressions"].is_null())
        .expect("waived INC-002");
    assert_eq!(inc["suppressions"][0]["status"], "accepted");
    assert!(
        inc["suppressions"][0]["justification"]
            .as_str()
            .unwrap()
            .contains("Mette Jensen")
    );
    // Fingerprints are stable across runs.
    let (_, again, _) = sarif(&t);
    assert_eq!(
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["partialFingerprints"])
            .collect::<Vec<_>>(),
        again["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["partialFingerprints"])
            .collect::<Vec<_>>()
    );
}

#[test]
fn github_format_is_workflow_commands_with_full_positions() {
    let t = workspace();
    let o = run_in(
        t.path(),
        &["check", "vendors", "--today", TODAY, "--format", "github"],
    );
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let re_ok = |l: &str| {
        let Some(rest) = l.strip_prefix("::") else {
            return false;
        };
        let (cmd, rest) = rest.split_once(' ').unwrap();
        let (props, _msg) = rest.split_once("::").unwrap();
        let keys: Vec<&str> = props
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        ["error", "warning", "notice"].contains(&cmd)
            && keys == ["file", "line", "col", "endLine", "endColumn", "title"]
    };
    assert!(out.lines().count() > 20);
    for l in out.lines() {
        assert!(re_ok(l), "not a workflow command: {l}");
    }
    assert!(
        out.contains(
            "::error file=vendors/københavn drift.yaml,line=8,col=3,endLine=8,endColumn=9,title=SCHEMA-002%3A Unknown property::unknown property `contry` in `vendor`\n"
        ),
        "{out}"
    );
    assert!(out.contains("title=BAK-001%3A "), "{out}");
}

#[test]
fn junit_is_read_by_a_junit_parser() {
    let t = workspace();
    let o = run_in(
        t.path(),
        &[
            "check",
            "vendors",
            "--today",
            TODAY,
            "--format",
            "junit",
            "--output",
            "junit.xml",
        ],
    );
    assert_eq!(code(&o), 1);
    let (_, report) = {
        let o = run_in(
            t.path(),
            &["check", "vendors", "--today", TODAY, "--format", "json"],
        );
        (
            code(&o),
            serde_json::from_slice::<Value>(&o.stdout).unwrap(),
        )
    };
    let script = r#"
import sys, json
from junitparser import JUnitXml, Failure, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
suites = [s for s in xml]
cases = [c for s in suites for c in s]
fail = sum(1 for c in cases if any(isinstance(r, Failure) for r in c.result))
print(json.dumps({"suites": [s.name for s in suites], "tests": len(cases), "failures": fail,
                  "declared_failures": xml.failures, "declared_tests": xml.tests}))
"#;
    let o = Command::new(tool("venv/bin/python"))
        .current_dir(t.path())
        .args(["-c", script, "junit.xml"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let parsed: Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &report["summary"];
    let findings = report["diagnostics"].as_array().unwrap().len() as u64;
    let with_findings: std::collections::BTreeSet<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    // A declaration without findings is one passing test case.
    let clean_files = s["files"].as_u64().unwrap() - with_findings.len() as u64;
    assert_eq!(parsed["tests"], findings + clean_files);
    assert_eq!(parsed["declared_tests"], parsed["tests"]);
    assert_eq!(
        parsed["failures"].as_u64().unwrap(),
        s["errors"].as_u64().unwrap() + s["warnings"].as_u64().unwrap()
    );
    assert_eq!(parsed["declared_failures"], parsed["failures"]);
    assert_eq!(parsed["suites"].as_array().unwrap().len(), 4);
}

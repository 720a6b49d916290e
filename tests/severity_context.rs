//! Severity from the evidence: a control the vendor is known not to provide is at least a
//! warning, never the same info as "not described"; and the customer's criticality of the
//! vendor softens or drops what matters only for important suppliers.

mod common;
use common::*;
use serde_json::{Value, json};
use vendorlint::rules::examples::{apply_patch, reference_declaration};

fn nordlys() -> String {
    std::fs::read_to_string(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap()
}

fn findings(t: &TempDir, file: &str, select: &str) -> Vec<(String, String, String)> {
    selected_findings(t.path(), file, select)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The reference declaration (as JSON) with its vendor-wide statement of `key` replaced, by
/// the same patch the rule examples use.
fn with_control(key: &str, statement: Value) -> String {
    let mut doc = reference_declaration();
    assert!(doc["controls"].get(key).is_some(), "no {key}");
    apply_patch(
        &mut doc,
        &json!({ "set": { format!("/controls/{key}"): statement } }),
    )
    .unwrap();
    serde_json::to_string_pretty(&doc).unwrap()
}

#[test]
fn a_known_absence_is_at_least_a_warning_and_an_unknown_an_open_question() {
    let t = TempDir::new("known-absence");
    for (rule, key) in [
        ("OPS-002", "malware_protection"),
        ("OPS-003", "change_management"),
        ("OPS-007", "intrusion_detection"),
        ("NET-002", "ddos_protection"),
        ("OPS-006", "endpoint_security"),
        ("PEO-002", "disciplinary_process"),
        ("PHY-002", "clean_desk"),
    ] {
        let absent = json!({"responsibility": "not_provided", "status": "not_provided", "commitment": "policy"});
        t.write("absent.json", with_control(key, absent));
        let absent = findings(&t, "absent.json", rule);
        assert!(
            absent
                .iter()
                .any(|(r, s, k)| r == rule && s == "warning" && k == "gap"),
            "{rule}: a known absence of {key}: {absent:?}"
        );
        let unknown = json!({"responsibility": "unknown", "status": "unknown"});
        t.write("unknown.json", with_control(key, unknown));
        let unknown = findings(&t, "unknown.json", rule);
        assert!(
            unknown.iter().all(|(r, _, k)| r != rule || k == "question"),
            "{rule}: an unknown {key} is an open question: {unknown:?}"
        );
    }
}

#[test]
fn a_low_criticality_vendor_is_not_asked_for_what_matters_only_for_important_ones() {
    let t = TempDir::new("criticality");
    let text = nordlys();
    assert!(text.contains("    criticality: high\n"));
    assert!(text.contains("  location_change_notice_days: 90\n"));
    for (level, expect) in [
        ("low", None),
        ("high", Some("info")),
        ("critical", Some("warning")),
    ] {
        let decl = text
            .replacen(
                "    criticality: high\n",
                &format!("    criticality: {level}\n"),
                1,
            )
            .replacen(
                "  location_change_notice_days: 90\n",
                "  location_change_notice_days: 7\n",
                1,
            );
        t.write("v.yaml", &decl);
        let f = findings(&t, "v.yaml", "LOC-005");
        let got = f
            .iter()
            .find(|(r, ..)| r == "LOC-005")
            .map(|(_, s, _)| s.as_str());
        assert_eq!(got, expect, "LOC-005 for a {level} vendor: {f:?}");
    }
}

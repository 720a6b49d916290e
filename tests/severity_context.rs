//! Severity from the evidence: a control the vendor is known not to provide is at least a
//! warning, never the same info as "not described"; and the customer's criticality of the
//! vendor softens or drops what matters only for important suppliers.

mod common;
use common::*;
use serde_json::Value;

fn nordlys() -> String {
    std::fs::read_to_string(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap()
}

fn findings(t: &TempDir, file: &str, select: &str) -> Vec<(String, String, String)> {
    let o = run_in(
        t.path(),
        &[
            "check",
            file,
            "--format",
            "json",
            "--questions",
            "--no-config",
            "--select",
            select,
            "--today",
            "2026-11-25",
        ],
    );
    let v: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    v["diagnostics"]
        .as_array()
        .unwrap()
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

/// The vendor-wide statement of `key` in the reference declaration replaced by `statement`.
fn with_control(key: &str, statement: &str) -> String {
    let text = nordlys();
    let start = text
        .find(&format!("\n  {key}:\n"))
        .unwrap_or_else(|| panic!("no {key}"))
        + 1;
    let rest = &text[start + key.len() + 4..];
    let end = rest
        .find("\n  ")
        .map(|i| {
            // The next line indented by exactly two spaces starts the next control.
            let mut at = i;
            while !rest[at + 1..].starts_with("  ") || rest[at + 3..].starts_with(' ') {
                match rest[at + 1..].find("\n  ") {
                    Some(j) => at = at + 1 + j,
                    None => return rest.len(),
                }
            }
            at
        })
        .unwrap_or(rest.len());
    format!("{}  {key}: {statement}{}", &text[..start], &rest[end..])
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
        t.write(
            "absent.yaml",
            with_control(
                key,
                "{responsibility: not_provided, status: not_provided, commitment: policy}",
            ),
        );
        let absent = findings(&t, "absent.yaml", rule);
        assert!(
            absent
                .iter()
                .any(|(r, s, k)| r == rule && s == "warning" && k == "gap"),
            "{rule}: a known absence of {key}: {absent:?}"
        );
        t.write(
            "unknown.yaml",
            with_control(key, "{responsibility: unknown, status: unknown}"),
        );
        let unknown = findings(&t, "unknown.yaml", rule);
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

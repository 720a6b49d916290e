//! The findings for the two seed vendors, as DOMAIN.md section 4 expects them in substance,
//! plus a snapshot of the full list (run with --today 2026-11-22, the date the research used).

mod common;
use common::*;

/// (rule, severity, pointer, message) of every rule finding for a file: the gaps, then the open
/// questions (with severity `question`: counted and asked, not reported one by one).
fn findings(file: &str, extra: &[&str]) -> Vec<(String, String, String, String)> {
    let mut args = vec!["--today", "2026-11-22"];
    args.extend_from_slice(extra);
    args.push(file);
    let (_, report) = json_report_all(&args);
    let row = |d: &serde_json::Value, severity: &str| {
        (
            d["rule"].as_str().unwrap().to_string(),
            severity.to_string(),
            d["pointer"].as_str().unwrap_or_default().to_string(),
            d["message"].as_str().unwrap().to_string(),
        )
    };
    let gaps = report["diagnostics"].as_array().unwrap().iter();
    let questions = report["open_questions"].as_array().unwrap().iter();
    gaps.map(|d| row(d, d["severity"].as_str().unwrap()))
        .chain(questions.map(|d| row(d, "question")))
        .collect()
}

fn has(
    f: &[(String, String, String, String)],
    rule: &str,
    severity: &str,
    pointer_prefix: &str,
) -> bool {
    f.iter()
        .any(|(r, s, p, _)| r == rule && s == severity && p.starts_with(pointer_prefix))
}

fn show(f: &[(String, String, String, String)]) -> String {
    f.iter()
        .map(|(r, s, p, m)| format!("{r} {s} {p}: {m}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn unoeuro() {
    let f = findings("fixtures/vendors/unoeuro.yaml", &[]);
    let all = show(&f);
    // services: 0 webhotel, 1 email (part_of webhotel), 2 cloud-server.
    assert!(
        has(&f, "BAK-001", "error", "/services/2/controls/backup"),
        "cloud-server backup only as a paid add-on\n{all}"
    );
    assert!(
        !has(&f, "BAK-001", "error", "/services/0"),
        "webhotel backup is daily, 30 days\n{all}"
    );
    assert!(
        has(&f, "INC-001", "error", "/contract/incident_notification"),
        "no notification deadline\n{all}"
    );
    assert!(
        has(&f, "PRV-001", "error", "/contract/dpa"),
        "no DPA evidenced\n{all}"
    );
    assert!(
        f.iter()
            .any(|(r, _, p, _)| r == "CRY-001" && p.contains("encryption_at_rest")),
        "encryption at rest left to the customer\n{all}"
    );
    assert!(
        f.iter().any(|(r, _, p, _)| r == "CRY-003"
            && p.starts_with("/services/0/controls/encryption_in_transit")),
        "HTTPS opt-in\n{all}"
    );
    assert!(
        f.iter()
            .any(|(r, _, p, _)| r == "CRY-003"
                && p.starts_with("/services/1/controls/encryption_email")),
        "mail encryption opt-in\n{all}"
    );
    assert!(
        f.iter()
            .all(|(r, ..)| r != "ENGINE-001" && !r.starts_with("SCHEMA") && !r.starts_with("LOAD")),
        "{all}"
    );
    insta::assert_snapshot!("unoeuro", all);
}

#[test]
fn onlineregnskab() {
    let f = findings("fixtures/vendors/onlineregnskab.yaml", &[]);
    let all = show(&f);
    assert!(
        f.iter().any(|(r, s, p, _)| r == "IAM-001"
            && s == "error"
            && p.contains("customer_authentication")),
        "MFA only planned, criticality high\n{all}"
    );
    assert!(
        f.iter().any(|(r, s, p, _)| r.starts_with("LOC-")
            && s == "warning"
            && p.starts_with("/data_locations/0")),
        "region, not country\n{all}"
    );
    assert!(
        f.iter()
            .any(|(r, _, p, _)| r == "BAK-002" && p.contains("backup")),
        "backup frequency and retention internal\n{all}"
    );
    assert!(
        f.iter()
            .any(|(r, _, p, _)| r == "TST-001" && p.contains("security_testing")),
        "no pentest evidence\n{all}"
    );
    assert!(
        f.iter()
            .any(|(r, _, p, _)| r == "INC-005" && p.starts_with("/vendor")),
        "no security contact\n{all}"
    );
    assert!(
        has(&f, "INC-001", "error", "/contract/incident_notification"),
        "{all}"
    );
    assert!(has(&f, "PRV-001", "error", "/contract/dpa"), "{all}");
    assert!(
        f.iter()
            .all(|(r, ..)| r != "ENGINE-001" && !r.starts_with("SCHEMA") && !r.starts_with("LOAD")),
        "{all}"
    );
    insta::assert_snapshot!("onlineregnskab", all);
}

#[test]
fn well_run_vendor_gets_no_error() {
    let f = findings("fixtures/vendors/nordlys-cloud.yaml", &[]);
    let errors: Vec<_> = f.iter().filter(|(_, s, ..)| s == "error").collect();
    assert!(errors.is_empty(), "{}", show(&f));
}

//! One finding per fact: a backup copy concentrated at one operator is one finding per backup
//! statement (not one per location, and not a second one about the sites), a question already
//! asked by a rule is not asked again, and a third country is one finding with labels at its
//! other places.

mod common;
use common::*;
use serde_json::{Value, json};
use vendorlint::rules::examples::{apply_patch, reference_declaration};

/// A finding as the JSON report gives it.
#[derive(Debug)]
struct Found {
    rule: String,
    kind: String,
    pointer: String,
    message: String,
    labels: Vec<String>,
}

/// The reference declaration (the well-run vendor) with `patch` applied, written as JSON.
fn patched(t: &TempDir, patch: Value) -> &'static str {
    let mut doc = reference_declaration();
    apply_patch(&mut doc, &patch).unwrap();
    t.write("vendor.json", serde_json::to_string_pretty(&doc).unwrap());
    "vendor.json"
}

/// Every finding of `rules`, open questions included (selection does not change which rule
/// replaces which: every rule runs).
fn findings(t: &TempDir, file: &str, rules: &str) -> Vec<Found> {
    selected_findings(t.path(), file, rules)
        .iter()
        .map(|d| Found {
            rule: d["rule"].as_str().unwrap().into(),
            kind: d["kind"].as_str().unwrap().into(),
            pointer: d["pointer"].as_str().unwrap_or("").into(),
            message: d["message"].as_str().unwrap().into(),
            labels: d["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["pointer"].as_str().unwrap_or("").to_string())
                .collect(),
        })
        .collect()
}

/// The backup findings about where the copies are (sites, provider) that name `service`:
/// at its own backup statement, or at the vendor-wide one with a label for it.
fn backup_copy_findings(found: &[Found], service: usize, own: bool) -> Vec<&Found> {
    found
        .iter()
        .filter(|f| f.rule == "SUB-004" || f.rule == "BAK-005")
        .filter(|f| {
            if own {
                f.pointer
                    .starts_with(&format!("/services/{service}/controls/backup"))
            } else {
                f.pointer.starts_with("/controls/backup")
                    && (service == 0 || f.labels.contains(&format!("/services/{service}/id")))
            }
        })
        .collect()
}

#[test]
fn a_concentrated_backup_is_one_finding_per_backup_statement() {
    let t = TempDir::new("one-backup-finding");
    // The well-run vendor: backups at two operators, two sites. Nothing to report.
    let file = patched(&t, json!({}));
    let clean = findings(&t, file, "SUB-004,BAK-005");
    assert!(clean.is_empty(), "{clean:#?}");

    // Every copy moves to the operator of the live data centre, at two further locations, and
    // the vendor-wide statement names one backup site only.
    let file = patched(
        &t,
        json!({"set": {
            "/data_locations/1/operator": "sp-dc-ballerup",
            "/data_locations/-": {
                "id": "dk-ballerup-vault", "country": "DK", "region": "EU",
                "purpose": ["backup"], "services": ["compute", "managed-postgres", "drive"],
                "operator": "sp-dc-ballerup", "commitment": "contractual"
            },
            "/controls/backup/params/sites": 1,
            "/controls/backup/params/locations": ["dk-ballerup"],
            "/controls/backup/params/separate_site": false
        }}),
    );
    let found = findings(&t, file, "SUB-004,BAK-005");
    // compute (services/0) and drive (services/2) share the vendor-wide statement;
    // managed-postgres (services/1) has its own.
    let vendor_wide = backup_copy_findings(&found, 0, false);
    assert_eq!(vendor_wide.len(), 1, "{found:#?}");
    assert_eq!(vendor_wide[0].rule, "SUB-004", "{found:#?}");
    assert_eq!(
        backup_copy_findings(&found, 2, false).len(),
        1,
        "drive: the same vendor-wide finding, with a label: {found:#?}"
    );
    let own = backup_copy_findings(&found, 1, true);
    assert_eq!(own.len(), 1, "{found:#?}");
    assert_eq!(own[0].rule, "SUB-004");
    assert_eq!(found.len(), 2, "nothing else: {found:#?}");
    assert!(
        own[0]
            .message
            .contains("all 3 backup and DR copies are with `sp-dc-ballerup`"),
        "{}",
        own[0].message
    );

    // With another provider for one copy, the sites are BAK-005's finding again.
    let file = patched(
        &t,
        json!({"set": {
            "/controls/backup/params/sites": 1,
            "/controls/backup/params/locations": ["dk-ballerup"],
            "/controls/backup/params/separate_site": false
        }}),
    );
    let found = findings(&t, file, "SUB-004,BAK-005");
    let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["BAK-005"], "{found:#?}");
}

#[test]
fn a_question_already_asked_is_not_asked_again_but_a_gap_stands() {
    let t = TempDir::new("asked-once");
    // Nothing is known about the vendor-wide backup schedule or sites: BAK-002 asks for the
    // interval, the retention and the sites; BAK-005's open question would ask again.
    let unknown = json!({"frequency": "unknown", "interval_hours": "unknown", "retention_days": "unknown",
        "sites": "unknown", "locations": "unknown", "separate_site": "unknown",
        "encrypted": true, "restore_tested": true, "scope": ["customer_data"]});
    let file = patched(
        &t,
        json!({"set": {
            "/controls/backup/params": unknown,
            "/data_locations/0/purpose": ["primary", "logs"],
            "/data_locations/1/purpose": ["dr"]
        }}),
    );
    let found = findings(&t, file, "BAK-002,BAK-005");
    let vendor_wide: Vec<(&str, &str)> = found
        .iter()
        .filter(|f| f.pointer.starts_with("/controls/backup"))
        .map(|f| (f.rule.as_str(), f.kind.as_str()))
        .collect();
    assert_eq!(vendor_wide, [("BAK-002", "gap")], "{found:#?}");
    assert!(
        found[0].message.contains("where they are stored"),
        "{}",
        found[0].message
    );

    // A separate site that is only an aim is a gap of BAK-005, and it stands; BAK-002 then
    // no longer says that where backups are kept is unknown.
    let mut aim = unknown.clone();
    aim["separate_site"] = json!(true);
    let file = patched(
        &t,
        json!({"set": {
            "/controls/backup/params": aim,
            "/controls/backup/commitment": "best_effort",
            "/data_locations/0/purpose": ["primary", "logs"],
            "/data_locations/1/purpose": ["dr"]
        }}),
    );
    let found = findings(&t, file, "BAK-002,BAK-005");
    let vendor_wide: Vec<&Found> = found
        .iter()
        .filter(|f| f.pointer.starts_with("/controls/backup"))
        .collect();
    let got: Vec<(&str, &str)> = vendor_wide
        .iter()
        .map(|f| (f.rule.as_str(), f.kind.as_str()))
        .collect();
    assert_eq!(got, [("BAK-002", "gap"), ("BAK-005", "gap")], "{found:#?}");
    assert!(
        !vendor_wide[0].message.contains("where"),
        "{}",
        vendor_wide[0].message
    );
    assert!(
        vendor_wide[1].message.contains("only as an aim"),
        "{}",
        vendor_wide[1].message
    );
}

#[test]
fn a_third_country_is_one_finding_with_a_label_at_each_other_place() {
    let t = TempDir::new("third-country");
    let us = |id: &str| {
        json!({"id": id, "country": "US", "region": "non_EEA", "purpose": ["primary"],
               "services": ["compute"], "operator": "vendor", "commitment": "contractual"})
    };
    let file = patched(
        &t,
        json!({"set": {
            "/data_locations/-": us("us-east"),
            "/data_locations/4": us("us-west"),
            "/subprocessors/0/country": "US",
            "/subprocessors/0/region": "non_EEA",
            "/subprocessors/0/transfer_mechanism": "unknown",
            "/subprocessors/0/data_access": true
        }}),
    );
    let found = findings(&t, file, "LOC");
    let us_findings: Vec<&Found> = found.iter().filter(|f| f.message.contains("US")).collect();
    assert_eq!(us_findings.len(), 1, "{found:#?}");
    let f = us_findings[0];
    assert_eq!(f.rule, "LOC-003");
    assert!(f.pointer.starts_with("/data_locations/3"), "{f:#?}");
    assert!(
        f.labels.iter().any(|l| l.starts_with("/data_locations/4"))
            && f.labels.iter().any(|l| l.starts_with("/subprocessors/0")),
        "{f:#?}"
    );
}

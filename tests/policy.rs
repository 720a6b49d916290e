//! Organisation policy end to end: configuration files, profiles, per-path overrides,
//! waivers, dates and baselines, through the real binary.

mod common;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn nordlys() -> String {
    std::fs::read_to_string(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap()
}

/// The well-run vendor, but it may take `hours` to tell us about an incident.
fn notice_after(hours: u32) -> String {
    let text = nordlys();
    assert!(text.contains("  incident_notification:\n    max_hours: 24\n"));
    text.replace(
        "  incident_notification:\n    max_hours: 24\n",
        &format!("  incident_notification:\n    max_hours: {hours}\n"),
    )
}

fn json_in(dir: &std::path::Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    if !args.contains(&"--today") {
        all.extend(["--today", "2026-11-25"]);
    }
    all.extend_from_slice(args);
    let o = run_in(dir, &all);
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (code(&o), v)
}

fn diags(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().unwrap()
}

fn with_rule<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    diags(report).iter().filter(|d| d["rule"] == rule).collect()
}

#[test]
fn a_config_parameter_changes_the_finding_and_labels_its_line() {
    let t = TempDir::new("param");
    t.write("vendors/nordlys.yaml", notice_after(36));
    // Default: 48 hours are acceptable.
    let (c, r) = json_in(t.path(), &["vendors"]);
    assert_eq!(c, 0, "{r:#}");
    assert!(with_rule(&r, "INC-002").is_empty());
    t.write(
        "vendorlint.toml",
        "# our policy\n[params]\nmax_incident_notification_hours = 24\n",
    );
    let (c, r) = json_in(t.path(), &["vendors"]);
    assert_eq!(c, 1);
    let inc = with_rule(&r, "INC-002");
    assert_eq!(inc.len(), 1, "{r:#}");
    assert!(
        inc[0]["message"].as_str().unwrap().contains("24"),
        "{:#}",
        inc[0]
    );
    let label = inc[0]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("vendorlint.toml"))
        .unwrap_or_else(|| panic!("no label at the config: {:#}", inc[0]));
    assert_eq!(label["line"], 3);
    assert!(
        label["message"]
            .as_str()
            .unwrap()
            .contains("max_incident_notification_hours")
    );
}

#[test]
fn a_misspelled_config_key_exits_2_with_its_line_and_a_suggestion() {
    let t = TempDir::new("badkey");
    t.write("vendors/nordlys.yaml", nordlys());
    t.write(
        "vendorlint.toml",
        "profile = \"nis2\"\n\n[severty]\n\"INC-002\" = \"warning\"\n",
    );
    let o = run_in(t.path(), &["check", "vendors", "--format", "short"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("vendorlint.toml:3:2: error[SCHEMA-002]: unknown property `severty` in the configuration"),
        "{err}"
    );
    let o = run_in(t.path(), &["check", "vendors"]);
    assert!(
        stderr(&o).contains("did you mean `severity`?"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty(), "nothing is checked: {}", stdout(&o));

    // Semantic errors: an unknown parameter, a rule that does not exist, a wrong type.
    t.write(
        "vendorlint.toml",
        "[params]\nmax_incident_notification_hour = 24\nmin_tls_version = 1.3\n[severity]\n\"INC-009\" = \"error\"\n",
    );
    let o = run_in(t.path(), &["check", "vendors", "--format", "short"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    for want in [
        "vendorlint.toml:2:1: error[CONFIG-002]: no rule has a parameter `max_incident_notification_hour`",
        "vendorlint.toml:3:19: error[CONFIG-002]: `min_tls_version` must be a string",
        "vendorlint.toml:5:1: error[CONFIG-002]: no rule or rule family `INC-009`",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    let o = run_in(t.path(), &["check", "vendors"]);
    assert!(
        stderr(&o).contains("did you mean `max_incident_notification_hours`?"),
        "{}",
        stderr(&o)
    );
    // Not TOML at all.
    t.write("vendorlint.toml", "[params\nx = 1\n");
    let o = run_in(t.path(), &["check", "vendors", "--format", "short"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("vendorlint.toml:1:8: error[CONFIG-001]: invalid TOML"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_per_path_override_applies_to_its_files_and_no_others() {
    let t = TempDir::new("override");
    let decl = notice_after(36);
    t.write("vendors/critical/a.yaml", &decl);
    t.write("vendors/b.yaml", &decl);
    t.write("vendors/critical-not/c.yaml", &decl);
    t.write(
        "vendorlint.toml",
        "[[overrides]]\npaths = [\"vendors/critical/**\"]\nprofile = \"nis2\"\nseverity = { \"INC-002\" = \"warning\" }\n",
    );
    let (c, r) = json_in(t.path(), &["vendors"]);
    let inc: BTreeSet<String> = with_rule(&r, "INC-002")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["path"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        inc,
        BTreeSet::from(["vendors/critical/a.yaml warning".to_string()]),
        "{r:#}"
    );
    assert_eq!(c, 0, "the override made it a warning");
    // `config` shows what applies where.
    let show = |p: &str| stdout(&run_in(t.path(), &["config", p]));
    let a = show("vendors/critical/a.yaml");
    assert!(a.contains("profile = \"nis2\""), "{a}");
    assert!(a.contains("Overrides that apply: #1"), "{a}");
    assert!(a.contains("max_incident_notification_hours = 24"), "{a}");
    let b = show("vendors/b.yaml");
    assert!(b.contains("profile = \"gdpr\""), "{b}");
    assert!(!b.contains("Overrides that apply"), "{b}");
    assert!(b.contains("max_incident_notification_hours = 48"), "{b}");
}

/// Findings keyed by (path, rule, pointer) -> (severity, message).
fn findings(report: &Value) -> BTreeMap<(String, String, String), (String, String)> {
    diags(report)
        .iter()
        .map(|d| {
            (
                (
                    d["path"].as_str().unwrap().to_string(),
                    d["rule"].as_str().unwrap().to_string(),
                    d["pointer"].as_str().unwrap_or("").to_string(),
                ),
                (
                    d["severity"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn gdpr_and_nis2_differ_exactly_in_the_documented_ways() {
    use vendorlint::config::profiles;
    let nis2 = profiles().iter().find(|p| p.id == "nis2").unwrap();
    let gdpr = profiles().iter().find(|p| p.id == "gdpr").unwrap();
    assert!(gdpr.params.is_empty() && gdpr.severity.is_empty());
    let pack = vendorlint::rules::builtin();
    let t = TempDir::new("profiles");
    t.write("vendors/nordlys-36h.yaml", notice_after(36));
    // A medium-criticality vendor whose MFA is only planned: nis2 requires MFA from `medium`.
    let mfa = nordlys()
        .replacen("    criticality: high\n", "    criticality: medium\n", 1)
        .replacen("          mfa: enforced\n", "          mfa: planned\n", 1);
    assert_ne!(mfa, nordlys());
    t.write("vendors/nordlys-mfa.yaml", mfa);
    // A support subprocessor with access to the data but no DPA or security terms: nis2 makes
    // supply-chain gaps errors.
    let flow = nordlys().replacen(
        "    data_access: true\n    flow_down:\n      contract: true\n      dpa: true\n      security_requirements: true\n",
        "    data_access: true\n    flow_down:\n      contract: true\n      dpa: false\n      security_requirements: unknown\n",
        1,
    );
    assert_ne!(flow, nordlys());
    t.write("vendors/nordlys-flow-down.yaml", flow);
    for f in ["unoeuro.yaml", "onlineregnskab.yaml", "nordlys-cloud.yaml"] {
        t.write(
            &format!("vendors/{f}"),
            std::fs::read(root().join("fixtures/vendors").join(f)).unwrap(),
        );
    }
    let run = |profile: &str| findings(&json_in(t.path(), &["vendors", "--profile", profile]).1);
    let (a, b) = (run("gdpr"), run("nis2"));
    let mut seen_severity = BTreeSet::new();
    let mut seen_params = BTreeSet::new();
    for key in a.keys().chain(b.keys()).collect::<BTreeSet<_>>() {
        let rule = &key.1;
        let changed_params: Vec<&String> = pack
            .get(rule)
            .map(|r| {
                r.params
                    .keys()
                    .filter(|k| nis2.params.contains_key(*k))
                    .collect()
            })
            .unwrap_or_default();
        let documented = nis2.severity.get(rule).map(|(s, _)| s.as_str());
        match (a.get(key), b.get(key)) {
            (Some((sa, ma)), Some((sb, mb))) => {
                if sa != sb {
                    assert_eq!(
                        documented,
                        Some(sb.as_str()),
                        "{key:?}: undocumented severity change"
                    );
                    seen_severity.insert(rule.clone());
                }
                if ma != mb {
                    assert!(
                        !changed_params.is_empty(),
                        "{key:?}: the message changes under nis2, but nis2 changes none of its parameters"
                    );
                    seen_params.extend(changed_params.iter().map(|p| p.to_string()));
                }
            }
            (Some(_), None) | (None, Some(_)) => {
                assert!(
                    !changed_params.is_empty(),
                    "{key:?} appears or disappears under nis2, but nis2 changes none of its parameters"
                );
                seen_params.extend(changed_params.iter().map(|p| p.to_string()));
            }
            (None, None) => unreachable!(),
        }
        // Under nis2, a rule the profile sets always has the documented severity.
        if let (Some((sb, _)), Some(d)) = (b.get(key), documented) {
            assert_eq!(sb, d, "{key:?}");
            seen_severity.insert(rule.clone());
        }
    }
    // Every documented change is visible on these declarations.
    let documented_rules: BTreeSet<String> = nis2.severity.keys().cloned().collect();
    assert_eq!(
        seen_severity, documented_rules,
        "severity changes seen vs documented"
    );
    let documented_params: BTreeSet<String> = nis2.params.keys().cloned().collect();
    assert_eq!(
        seen_params, documented_params,
        "parameter changes seen vs documented"
    );
}

#[test]
fn profiles_name_real_rules_and_parameters() {
    let pack = vendorlint::rules::builtin();
    for p in vendorlint::config::profiles() {
        for rule in p.severity.keys() {
            assert!(
                pack.get(rule).is_some(),
                "profile {} names unknown rule {rule}",
                p.id
            );
        }
        for (name, (value, _)) in &p.params {
            let default = pack
                .rules
                .iter()
                .find_map(|r| r.params.get(name))
                .unwrap_or_else(|| panic!("profile {} sets unknown parameter {name}", p.id));
            assert_eq!(
                std::mem::discriminant(default),
                std::mem::discriminant(value),
                "profile {} sets {name} to a value of another type",
                p.id
            );
        }
    }
}

fn with_waiver(decl: &str, waiver: &str) -> String {
    assert!(decl.contains("\nwaivers: []\n"));
    decl.replace("\nwaivers: []\n", &format!("\nwaivers:\n{waiver}"))
}

const INC_WAIVER: &str = "  - rule: INC-002\n    reason: \"The vendor moves to 24-hour notice in the 2027 contract; until then we call them daily.\"\n    approved_by: \"Mette Jensen, CISO\"\n    decided_on: \"2026-06-01\"\n    expires: \"2027-01-31\"\n";

#[test]
fn a_valid_waiver_passes_the_run_and_is_reported_as_waived() {
    let t = TempDir::new("waiver-ok");
    t.write("v.yaml", with_waiver(&notice_after(72), INC_WAIVER));
    let (c, r) = json_in(t.path(), &["v.yaml", "--today", "2026-11-25"]);
    assert_eq!(c, 0, "{r:#}");
    let inc = with_rule(&r, "INC-002");
    assert_eq!(inc.len(), 1);
    assert_eq!(inc[0]["waived"]["approved_by"], "Mette Jensen, CISO");
    assert_eq!(r["summary"]["waived"], 1);
    assert_eq!(r["summary"]["errors"], 0);
    // The human report says so.
    let o = run_in(t.path(), &["check", "v.yaml", "--today", "2026-11-25"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(out.contains("waived error[INC-002]"), "{out}");
    assert!(
        out.contains("until 2027-01-31, approved by Mette Jensen, CISO"),
        "{out}"
    );
    // Near its expiry it is announced.
    let (_, r) = json_in(t.path(), &["v.yaml", "--today", "2027-01-20"]);
    let soon = with_rule(&r, "WAIVER-003");
    assert_eq!(soon.len(), 1, "{r:#}");
    assert!(
        soon[0]["message"]
            .as_str()
            .unwrap()
            .contains("expires in 11 days")
    );
}

/// A waiver whose dates do not hold is a warning at its expiry, and still honoured: an
/// expiry years after the decision (9999), or a decision after the expiry.
#[test]
fn a_waiver_with_dates_that_do_not_hold_is_said_at_its_expiry() {
    let t = TempDir::new("waiver-dates");
    for (waiver, says) in [
        (
            INC_WAIVER.replace("2027-01-31", "9999-12-31"),
            "runs 2912291 days from its decision on 2026-06-01 to 9999-12-31",
        ),
        (
            INC_WAIVER.replace("\"2026-06-01\"", "\"2027-03-01\""),
            "was decided on 2027-03-01, after it expires on 2027-01-31",
        ),
    ] {
        t.write("v.yaml", with_waiver(&notice_after(72), &waiver));
        let (c, r) = json_in(t.path(), &["v.yaml", "--today", "2026-11-25"]);
        let dates = with_rule(&r, "WAIVER-004");
        assert_eq!(dates.len(), 1, "{says}: {r:#}");
        assert!(
            dates[0]["message"].as_str().unwrap().contains(says),
            "{}",
            dates[0]["message"]
        );
        assert_eq!(dates[0]["severity"], "warning");
        assert_eq!(dates[0]["pointer"], "/waivers/0/expires");
        assert_eq!(c, 0, "still honoured: {r:#}");
    }
    // The valid waiver gets no such warning.
    t.write("v.yaml", with_waiver(&notice_after(72), INC_WAIVER));
    let (_, r) = json_in(t.path(), &["v.yaml", "--today", "2026-11-25"]);
    assert!(with_rule(&r, "WAIVER-004").is_empty(), "{r:#}");
}

#[test]
fn an_expired_waiver_fails_the_run_and_names_the_approver() {
    let t = TempDir::new("waiver-expired");
    t.write("v.yaml", with_waiver(&notice_after(72), INC_WAIVER));
    let (c, r) = json_in(t.path(), &["v.yaml", "--today", "2027-02-01"]);
    assert_eq!(c, 1);
    let expired = with_rule(&r, "WAIVER-001");
    let msg = expired
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .find(|m| m.contains("INC-002"))
        .unwrap_or_else(|| panic!("{r:#}"));
    assert!(msg.contains("expired on 2027-01-31"), "{msg}");
    assert!(
        msg.contains("approved by Mette Jensen, CISO on 2026-06-01"),
        "{msg}"
    );
    let inc = with_rule(&r, "INC-002");
    assert_eq!(inc.len(), 1);
    assert!(inc[0]["waived"].is_null(), "the finding counts again");
    assert_eq!(inc[0]["severity"], "error");
}

#[test]
fn an_unused_waiver_warns() {
    let t = TempDir::new("waiver-unused");
    // The vendor notifies within 24 hours: nothing for the waiver to cover.
    t.write("v.yaml", with_waiver(&nordlys(), INC_WAIVER));
    let (c, r) = json_in(t.path(), &["v.yaml", "--today", "2026-11-25"]);
    assert_eq!(c, 0);
    let unused = with_rule(&r, "WAIVER-002");
    assert!(
        unused.iter().any(
            |d| d["message"] == "the waiver of INC-002 matches no finding"
                && d["severity"] == "warning"
        ),
        "{r:#}"
    );
    // Not when the run does not select its rule.
    let (_, r) = json_in(
        t.path(),
        &["v.yaml", "--today", "2026-11-25", "--select", "BAK,WAIVER"],
    );
    assert!(
        with_rule(&r, "WAIVER-002")
            .iter()
            .all(|d| !d["message"].as_str().unwrap().contains("INC-002"))
    );
}

#[test]
fn a_config_waiver_covers_the_named_declarations() {
    let t = TempDir::new("waiver-config");
    t.write("vendors/a.yaml", notice_after(72));
    t.write("vendors/b.yaml", notice_after(72));
    t.write(
        "vendorlint.toml",
        "[[waivers]]\nrule = \"INC\"\ndeclarations = [\"vendors/a.yaml\"]\nreason = \"Accepted until the contract renewal.\"\napproved_by = \"Board, 2026-05 meeting\"\ndecided_on = 2026-05-20\nexpires = 2027-05-20\n",
    );
    let (c, r) = json_in(t.path(), &["vendors"]);
    assert_eq!(c, 1, "b.yaml is not covered");
    let inc = with_rule(&r, "INC-002");
    let waived: Vec<(&str, bool)> = inc
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), !d["waived"].is_null()))
        .collect();
    assert_eq!(
        waived,
        vec![("vendors/a.yaml", true), ("vendors/b.yaml", false)]
    );
    // A waiver without an approver is a configuration error.
    t.write(
        "vendorlint.toml",
        "[[waivers]]\nrule = \"INC\"\nreason = \"x\"\ndecided_on = 2026-05-20\nexpires = 2027-05-20\n",
    );
    let o = run_in(t.path(), &["check", "vendors", "--format", "short"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("missing required property `approved_by`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_waiver_without_reason_approver_or_expiry_is_an_error_and_waives_nothing() {
    let t = TempDir::new("waiver-incomplete");
    let w = "  - rule: INC-002\n    reason: \"\"\n    decided_on: \"2026-06-01\"\n";
    t.write("v.yaml", with_waiver(&notice_after(72), w));
    let (c, r) = json_in(t.path(), &["v.yaml"]);
    assert_eq!(c, 1);
    let problems: Vec<String> = diags(&r)
        .iter()
        .filter(|d| {
            d["pointer"]
                .as_str()
                .unwrap_or("")
                .starts_with("/waivers/0")
        })
        .map(|d| {
            format!(
                "{} {}",
                d["pointer"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    for want in ["approved_by", "expires", "/waivers/0/reason"] {
        assert!(
            problems.iter().any(|m| m.contains(want)),
            "{want}: {problems:?}"
        );
    }
    assert!(with_rule(&r, "INC-002")[0]["waived"].is_null());
}

#[test]
fn a_baseline_survives_inserted_lines_and_a_new_finding_still_fails() {
    let t = TempDir::new("baseline");
    t.write("vendors/v.yaml", notice_after(72));
    let o = run_in(
        t.path(),
        &[
            "check",
            "vendors",
            "--today",
            "2026-11-25",
            "--write-baseline",
            "baseline.json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("to baseline.json"), "{}", stderr(&o));
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("baseline.json")).unwrap())
            .unwrap();
    assert!(
        recorded["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "INC-002" && f["path"] == "vendors/v.yaml"),
        "{recorded:#}"
    );
    // Ten lines inserted above the finding.
    let text = notice_after(72);
    let moved = text.replacen(
        "\ncontract:\n",
        &format!("\n{}contract:\n", "# reviewed with the vendor\n".repeat(10)),
        1,
    );
    assert_ne!(moved, text);
    t.write("vendors/v.yaml", &moved);
    let (c, r) = json_in(t.path(), &["vendors", "--baseline", "baseline.json"]);
    assert_eq!(c, 0, "{r:#}");
    assert!(diags(&r).is_empty(), "{r:#}");
    assert_eq!(
        r["summary"]["baselined"],
        recorded["findings"].as_array().unwrap().len()
    );
    // Without the baseline it is there, ten lines lower than before.
    let (_, all) = json_in(t.path(), &["vendors"]);
    assert_eq!(with_rule(&all, "INC-002").len(), 1);
    // A new finding still fails the run.
    let worse = moved.replace("    rto_hours: 4\n", "    rto_hours: unknown\n");
    assert_ne!(worse, moved);
    let worse = worse.replace(
        "\n  dpa:\n    signed: true\n",
        "\n  dpa:\n    signed: false\n",
    );
    t.write("vendors/v.yaml", &worse);
    let (c, r) = json_in(t.path(), &["vendors", "--baseline", "baseline.json"]);
    let rules: BTreeSet<&str> = diags(&r)
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains("INC-002"), "{rules:?}");
    assert!(!rules.is_empty(), "the new findings are reported");
    assert_eq!(c, 1, "{r:#}");
    // A file that is not a baseline is a usage error.
    t.write("bad.json", "{\"findings\": []}");
    let o = run_in(t.path(), &["check", "vendors", "--baseline", "bad.json"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("is not a vendorlint baseline"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_config_writes_a_valid_commented_configuration() {
    let t = TempDir::new("init-config");
    let o = run_in(t.path(), &["init", "--config", "vendorlint.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(t.path().join("vendorlint.toml")).unwrap();
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 20);
    t.write("vendors/v.yaml", nordlys());
    let o = run_in(t.path(), &["config", "vendors/v.yaml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("# Configuration file: vendorlint.toml"),
        "{}",
        stdout(&o)
    );
    // Every commented-out setting in it is valid when switched on.
    let on: String = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.contains(" = ")
                    || rest.starts_with('[')
                    || rest.starts_with("paths")
                    || rest.starts_with("rule") =>
            {
                rest.to_string()
            }
            _ => l.to_string(),
        })
        .filter(|l| !l.starts_with("rules = "))
        .collect::<Vec<_>>()
        .join("\n");
    t.write("vendorlint.toml", &on);
    let o = run_in(t.path(), &["config", "vendors/v.yaml", "--format", "json"]);
    assert_eq!(code(&o), 0, "{on}\n{}", stderr(&o));
}

#[test]
fn date_rules_follow_today() {
    // The same declaration, read on two dates: the later one finds reviews and evidence due.
    let t = TempDir::new("dates");
    t.write("v.yaml", nordlys());
    let (_, now) = json_in(t.path(), &["v.yaml", "--today", "2026-11-25"]);
    let (_, later) = json_in(t.path(), &["v.yaml", "--today", "2028-06-01"]);
    let rules = |r: &Value| -> BTreeSet<String> {
        diags(r)
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let (now, later) = (rules(&now), rules(&later));
    for rule in [
        "META-001", "ASR-002", "ASR-003", "EVD-002", "TST-001", "BAK-006",
    ] {
        assert!(!now.contains(rule), "{rule} already on 2026-11-25: {now:?}");
        assert!(later.contains(rule), "{rule} not on 2028-06-01: {later:?}");
    }
}

#[test]
fn configuration_doc_lists_the_profiles_as_generated() {
    let doc = std::fs::read_to_string(root().join("docs/CONFIGURATION.md")).unwrap();
    let (_, rest) = doc.split_once("<!-- profiles:start -->\n").unwrap();
    let (section, _) = rest.split_once("<!-- profiles:end -->").unwrap();
    let o = run(&["config", "--profiles"]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        section,
        stdout(&o),
        "docs/CONFIGURATION.md is stale: replace the profiles section with `vendorlint config --profiles`"
    );
}

#[test]
fn the_effective_configuration_is_toml_that_gives_the_same_findings() {
    let t = TempDir::new("effective-roundtrip");
    let unoeuro = std::fs::read_to_string(root().join("fixtures/vendors/unoeuro.yaml")).unwrap();
    t.write("vendors/critical/a.yaml", &unoeuro);
    t.write(
        "vendorlint.toml",
        "ignore = [\"EVD\", \"BAK-007\"]\n[severity]\nCRY = \"info\"\n[params]\nmax_rto_hours = 8\n\
         [[overrides]]\npaths = [\"vendors/critical/**\"]\nprofile = \"nis2\"\n\
         [[waivers]]\nrule = \"INC\"\nreason = \"Accepted \\\"until\\\" the renewal; kontakt på tlf.\"\n\
         approved_by = \"Bestyrelsen\"\ndecided_on = 2026-05-20\nexpires = 2027-05-20\n",
    );
    let o = run_in(t.path(), &["config", "vendors/critical/a.yaml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let effective = stdout(&o);
    assert!(
        effective.contains("\"EVD\", # vendorlint.toml:1:11\n"),
        "{effective}"
    );
    assert!(
        effective.contains("decided_on = 2026-05-20\n"),
        "{effective}"
    );
    t.write("effective.toml", &effective);
    let key = |r: &Value| -> BTreeSet<(String, String, String, bool)> {
        diags(r)
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                    d["pointer"].as_str().unwrap_or_default().to_string(),
                    d["waived"].is_object(),
                )
            })
            .collect()
    };
    let (c1, direct) = json_in(t.path(), &["vendors/critical/a.yaml"]);
    let (c2, again) = json_in(
        t.path(),
        &["--config", "effective.toml", "vendors/critical/a.yaml"],
    );
    assert_eq!(c1, c2);
    let (direct, again) = (key(&direct), key(&again));
    assert_eq!(direct, again);
    assert!(
        direct
            .iter()
            .any(|(r, s, _, _)| r.starts_with("CRY-") && s == "info"),
        "{direct:?}"
    );
    assert!(
        direct
            .iter()
            .any(|(r, _, _, w)| r.starts_with("INC-") && *w),
        "{direct:?}"
    );
    assert!(
        !direct.iter().any(|(r, _, _, _)| r.starts_with("EVD-")),
        "{direct:?}"
    );
}

//! Configuration hardening end to end, through the real binary: the waiver horizon is a
//! setting, a baseline does not hide a regression at the same place, and a configuration of
//! 300,000 unknown parameters is checked in linear time.

mod common;
use common::*;
use serde_json::Value;
use std::time::{Duration, Instant};

fn nordlys() -> String {
    std::fs::read_to_string(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap()
}

/// The well-run vendor, but it may take 72 hours to tell us about an incident (INC-002).
fn slow_notice() -> String {
    let text = nordlys();
    let from = "  incident_notification:\n    max_hours: 24\n";
    assert!(text.contains(from));
    text.replace(from, "  incident_notification:\n    max_hours: 72\n")
}

fn with_waiver(decl: &str, waiver: &str) -> String {
    assert!(decl.contains("\nwaivers: []\n"));
    decl.replace("\nwaivers: []\n", &format!("\nwaivers:\n{waiver}"))
}

/// A declaration waiver of INC-002 decided on 2026-06-01 that expires on `expires`.
fn inc_waiver(expires: &str) -> String {
    format!(
        "  - rule: INC-002\n    reason: \"Daily calls until the 2027 contract.\"\n    approved_by: \"Mette Jensen, CISO\"\n    decided_on: \"2026-06-01\"\n    expires: \"{expires}\"\n"
    )
}

fn json_in(dir: &std::path::Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json", "--today", "2026-11-25"];
    all.extend_from_slice(args);
    let o = run_in(dir, &all);
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (code(&o), v)
}

fn with_rule<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn at(d: &Value) -> (String, u64, u64) {
    (
        d["path"].as_str().unwrap_or("").to_string(),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

/// `max_waiver_years` moves the WAIVER-004 horizon for declaration waivers, and the warning
/// has a label at the setting; the default stays three years.
#[test]
fn the_waiver_horizon_is_a_setting() {
    let t = TempDir::new("horizon");
    // Five years and a bit from the decision: past the default three years.
    let decl = with_waiver(&slow_notice(), &inc_waiver("2031-07-01"));
    t.write("vendors/v.yaml", &decl);
    let expires_line = decl
        .lines()
        .position(|l| l.contains("expires: \"2031-07-01\""))
        .unwrap() as u64
        + 1;
    let (c, r) = json_in(t.path(), &["vendors"]);
    let w = with_rule(&r, "WAIVER-004");
    assert_eq!(w.len(), 1, "{r:#}");
    assert!(
        w[0]["message"]
            .as_str()
            .unwrap()
            .contains("reviewed again within three years"),
        "{}",
        w[0]["message"]
    );
    assert_eq!(at(w[0]), ("vendors/v.yaml".into(), expires_line, 14));
    assert_eq!(c, 0, "a warning; the waiver is honoured");

    // Six years allowed: no warning.
    t.write("vendorlint.toml", "max_waiver_years = 6\n");
    let (c, r) = json_in(t.path(), &["vendors"]);
    assert_eq!(c, 0, "{r:#}");
    assert!(with_rule(&r, "WAIVER-004").is_empty(), "{r:#}");

    // One year: the warning says so, with a label at the setting.
    t.write("vendorlint.toml", "# policy\nmax_waiver_years = 1\n");
    t.write(
        "vendors/v.yaml",
        with_waiver(&slow_notice(), &inc_waiver("2027-11-01")),
    );
    let (c, r) = json_in(t.path(), &["vendors"]);
    assert_eq!(c, 0, "{r:#}");
    let w = with_rule(&r, "WAIVER-004");
    assert_eq!(w.len(), 1, "{r:#}");
    let m = w[0]["message"].as_str().unwrap();
    assert!(
        m.contains("runs 518 days") && m.contains("within one year"),
        "{m}"
    );
    assert_eq!(at(w[0]), ("vendors/v.yaml".into(), expires_line, 14));
    let label = &w[0]["labels"][0];
    assert_eq!(label["path"], "vendorlint.toml", "{label:#}");
    assert_eq!(
        (label["line"].as_u64(), label["column"].as_u64()),
        (Some(2), Some(20))
    );
    assert!(
        label["message"]
            .as_str()
            .unwrap()
            .contains("max_waiver_years")
    );

    // `vendorlint config` shows the effective value and where it comes from.
    let o = run_in(t.path(), &["config", "vendors/v.yaml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("max_waiver_years = 1") && stdout(&o).contains("vendorlint.toml:2:20"),
        "{}",
        stdout(&o)
    );

    // The same horizon for a waiver written in vendorlint.toml.
    t.write(
        "vendors/v.yaml",
        with_waiver(&slow_notice(), &inc_waiver("2027-01-31")),
    );
    t.write(
        "vendorlint.toml",
        "max_waiver_years = 1\n\n[[waivers]]\nrule = \"INC\"\ndeclarations = [\"vendors/v.yaml\"]\nreason = \"Accepted until the renewal.\"\napproved_by = \"Board\"\ndecided_on = 2026-05-20\nexpires = 2028-05-20\n",
    );
    let (_, r) = json_in(t.path(), &["vendors"]);
    let w: Vec<&Value> = with_rule(&r, "WAIVER-004");
    assert_eq!(w.len(), 1, "the config waiver only: {r:#}");
    assert!(
        w[0]["message"]
            .as_str()
            .unwrap()
            .contains("2026-05-20 to 2028-05-20"),
        "{}",
        w[0]["message"]
    );
}

/// A bad `max_waiver_years` is a configuration error at its value: exit 2.
#[test]
fn a_bad_waiver_horizon_is_an_error_at_its_value() {
    let t = TempDir::new("horizon-bad");
    t.write("v.yaml", nordlys());
    for (value, says) in [
        ("0", "below the minimum of 1"),
        ("\"three\"", ""),
        ("2.5", ""),
        ("1000", ""),
    ] {
        t.write(
            "vendorlint.toml",
            format!("profile = \"gdpr\"\nmax_waiver_years = {value}\n"),
        );
        let o = run_in(t.path(), &["check", "v.yaml", "--format", "short"]);
        assert_eq!(code(&o), 2, "{value}: {}{}", stdout(&o), stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("vendorlint.toml:2:20"), "{value}: {err}");
        assert!(err.contains(says), "{value}: {err}");
    }
}

/// A baseline hides a finding only while its severity and the value that triggered it are
/// unchanged: `restore_tested: unknown` becoming `false` is reported. A version 1 baseline is
/// still read (and matches by fingerprint alone).
#[test]
fn a_baseline_does_not_hide_a_regression_at_the_same_place() {
    let t = TempDir::new("baseline-regression");
    let text = nordlys();
    let from = "restore_tested: true";
    assert!(text.contains(from));
    let unknown = text.replacen(from, "restore_tested: unknown", 1);
    t.write("vendors/v.yaml", &unknown);
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
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(written["vendorlint_baseline"], 2);
    let entry = written["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "BAK-006")
        .unwrap_or_else(|| panic!("{written:#}"));
    assert_eq!(entry["severity"], "warning");
    assert!(entry["value"].as_str().is_some_and(|v| v.len() == 16));

    // Unchanged: hidden.
    let (c, r) = json_in(t.path(), &["vendors", "--baseline", "baseline.json"]);
    assert_eq!(c, 0, "{r:#}");
    assert!(with_rule(&r, "BAK-006").is_empty(), "{r:#}");
    // Lines inserted above it: still hidden.
    let moved = unknown.replacen("\nservices:\n", "\n# reviewed\n# twice\nservices:\n", 1);
    assert_ne!(moved, unknown);
    t.write("vendors/v.yaml", &moved);
    let (_, r) = json_in(t.path(), &["vendors", "--baseline", "baseline.json"]);
    assert!(with_rule(&r, "BAK-006").is_empty(), "{r:#}");

    // The regression: the same rule at the same place, now `false`.
    let worse = moved.replacen("restore_tested: unknown", "restore_tested: false", 1);
    t.write("vendors/v.yaml", &worse);
    let line = worse
        .lines()
        .position(|l| l.contains("restore_tested: false"))
        .unwrap() as u64
        + 1;
    let column = worse
        .lines()
        .nth(line as usize - 1)
        .unwrap()
        .find("false")
        .unwrap() as u64
        + 1;
    let (_, r) = json_in(t.path(), &["vendors", "--baseline", "baseline.json"]);
    let bak = with_rule(&r, "BAK-006");
    assert_eq!(bak.len(), 1, "the regression is reported: {r:#}");
    assert_eq!(at(bak[0]), ("vendors/v.yaml".into(), line, column));
    assert!(
        bak[0]["message"]
            .as_str()
            .unwrap()
            .contains("are not tested")
    );

    // A severity raised by the configuration is a change too.
    t.write("vendors/v.yaml", &moved);
    t.write("vendorlint.toml", "[severity]\n\"BAK-006\" = \"error\"\n");
    let (c, r) = json_in(t.path(), &["vendors", "--baseline", "baseline.json"]);
    assert_eq!(with_rule(&r, "BAK-006").len(), 1, "{r:#}");
    assert_eq!(c, 1);
    std::fs::remove_file(t.path().join("vendorlint.toml")).unwrap();

    // A version 1 baseline (no severity, no value) is read and matches by fingerprint.
    let mut v1 = written.clone();
    v1["vendorlint_baseline"] = 1.into();
    for f in v1["findings"].as_array_mut().unwrap() {
        let f = f.as_object_mut().unwrap();
        f.remove("severity");
        f.remove("value");
    }
    t.write("v1.json", serde_json::to_string(&v1).unwrap());
    let (c, r) = json_in(t.path(), &["vendors", "--baseline", "v1.json"]);
    assert_eq!(c, 0, "{r:#}");
    assert!(with_rule(&r, "BAK-006").is_empty(), "{r:#}");
    // A baseline from a newer vendorlint is a usage error that says so.
    v1["vendorlint_baseline"] = 3.into();
    t.write("v3.json", serde_json::to_string(&v1).unwrap());
    let o = run_in(t.path(), &["check", "vendors", "--baseline", "v3.json"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("written by a newer vendorlint"),
        "{}",
        stderr(&o)
    );
}

/// 300,000 unknown `[params]` keys: each is looked up, not compared with every other, and
/// the first 100 are reported (at their lines) with one more diagnostic counting the rest.
/// The timeout is generous (a debug build on a loaded machine takes some 30 s, most of it
/// parsing the 5 MB of TOML); the quadratic version took many minutes.
#[test]
fn three_hundred_thousand_unknown_parameters_are_checked_in_linear_time() {
    let t = TempDir::new("many-params");
    t.write("v.yaml", nordlys());
    let mut toml = String::from("[params]\n");
    for i in 0..300_000 {
        toml.push_str(&format!("unknown_key_{i} = 1\n"));
    }
    t.write("vendorlint.toml", toml);
    let start = Instant::now();
    let mut child = bin()
        .current_dir(t.path())
        .args(["check", "v.yaml", "--format", "short"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let limit = Duration::from_secs(240);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("not finished after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("no rule has a parameter `unknown_key_0`"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains("vendorlint.toml:2:1"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains("299900 more problems in this configuration are not listed; the first of them: no rule has a parameter `unknown_key_100`"),
        "{}",
        &err[err.len().saturating_sub(2000)..]
    );
    assert!(err.contains("vendorlint.toml:102:1"));
    assert_eq!(err.matches("no rule has a parameter").count(), 101);
}

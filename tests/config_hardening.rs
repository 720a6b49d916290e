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
    assert_eq!(
        at(w[0]),
        ("vendorlint.toml".into(), 9, 11),
        "at the waiver's `expires`"
    );
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

/// A configuration waiver of INC for `declarations`, decided on 2026-05-20, that expires on
/// `expires`; its `[[waivers]]` header is on line 3, `declarations` on line 5 (the first
/// pattern at column 17), `expires` on line 9 (its value at column 11).
fn config_waiver(declarations: &str, expires: &str) -> String {
    format!(
        "# accepted risks\n\n[[waivers]]\nrule = \"INC\"\ndeclarations = [{declarations}]\nreason = \"Accepted until the renewal.\"\napproved_by = \"Board\"\ndecided_on = 2026-05-20\nexpires = {expires}\n"
    )
}

fn short_in(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["check", "--format", "short", "--today", "2026-11-25"];
    all.extend_from_slice(args);
    let o = run_in(dir, &all);
    (code(&o), format!("{}{}", stdout(&o), stderr(&o)))
}

/// A `declarations` pattern of a configuration waiver that matches no file is WAIVER-005, a
/// warning at the pattern in vendorlint.toml (short and JSON output). A run on one file of
/// the tree, where the pattern names another file that exists, says nothing; once that file
/// is gone, it does.
#[test]
fn a_config_waiver_pattern_that_matches_nothing_is_a_warning_at_the_pattern() {
    let t = TempDir::new("waiver-no-match");
    t.write("vendors/a.yaml", slow_notice());
    t.write("vendors/b.yaml", nordlys());
    t.write(
        "vendorlint.toml",
        config_waiver("\"vendors/a.yaml\", \"vendors/renamed.yaml\"", "2027-05-20"),
    );
    let (c, r) = json_in(t.path(), &["vendors"]);
    assert_eq!(c, 0, "a warning, and a.yaml's finding is waived: {r:#}");
    let w = with_rule(&r, "WAIVER-005");
    assert_eq!(w.len(), 1, "{r:#}");
    assert_eq!(at(w[0]), ("vendorlint.toml".into(), 5, 35));
    assert_eq!(w[0]["severity"], "warning");
    let m = w[0]["message"].as_str().unwrap();
    assert!(
        m.contains("`vendors/renamed.yaml`") && m.contains("matches no YAML or JSON file"),
        "{m}"
    );
    assert_eq!(
        r["summary"]["files"], 2,
        "vendorlint.toml is no declaration"
    );
    assert_eq!(r["summary"]["warnings"], 1, "{r:#}");
    let inc = with_rule(&r, "INC-002");
    assert_eq!(inc.len(), 1, "{r:#}");
    assert!(!inc[0]["waived"].is_null(), "the waiver is still honoured");

    let (c, out) = short_in(t.path(), &["vendors"]);
    assert_eq!(c, 0, "{out}");
    assert!(
        out.contains("vendorlint.toml:5:35: warning[WAIVER-005]: the waiver of INC names `vendors/renamed.yaml`"),
        "{out}"
    );
    let (c, out) = short_in(t.path(), &["vendors", "--fail-on", "warning"]);
    assert_eq!(c, 1, "{out}");
    // Not selected: not reported.
    let (_, out) = short_in(t.path(), &["vendors", "--ignore", "WAIVER-005"]);
    assert!(!out.contains("WAIVER-005"), "{out}");

    // One file of the tree, named explicitly (a pre-commit run): the pattern names a.yaml,
    // which is not checked but exists. Nothing to say.
    t.write(
        "vendorlint.toml",
        config_waiver("\"vendors/a.yaml\"", "2027-05-20"),
    );
    let (c, r) = json_in(t.path(), &["vendors/b.yaml"]);
    assert_eq!(c, 0, "{r:#}");
    assert!(
        (r["diagnostics"].as_array().unwrap().iter()).all(|d| d["path"] != "vendorlint.toml"),
        "{r:#}"
    );
    // A glob that matches a checked file: nothing either.
    t.write(
        "vendorlint.toml",
        config_waiver("\"vendors/*.yaml\"", "2027-05-20"),
    );
    let (_, r) = json_in(t.path(), &["vendors"]);
    assert!(with_rule(&r, "WAIVER-005").is_empty(), "{r:#}");
    // a.yaml renamed: the pattern now names nothing on disk either.
    t.write(
        "vendorlint.toml",
        config_waiver("\"vendors/a.yaml\"", "2027-05-20"),
    );
    std::fs::rename(
        t.path().join("vendors/a.yaml"),
        t.path().join("vendors/c.yaml"),
    )
    .unwrap();
    let (c, out) = short_in(t.path(), &["vendors/b.yaml"]);
    assert_eq!(c, 0, "{out}");
    assert!(
        out.contains(
            "vendorlint.toml:5:17: warning[WAIVER-005]: the waiver of INC names `vendors/a.yaml`"
        ),
        "{out}"
    );
}

/// What a configuration waiver says about itself is reported at the waiver in vendorlint.toml:
/// expired (WAIVER-001) and expiring soon (WAIVER-003) at its `[[waivers]]` line, with a label
/// at each declaration it covered; implausible dates (WAIVER-004) at its `expires`; covering
/// no finding in the declarations it names (WAIVER-002) at its `[[waivers]]` line. Never at
/// the declaration's first line.
#[test]
fn a_config_waiver_is_reported_at_its_place_in_the_configuration() {
    let t = TempDir::new("waiver-config-place");
    t.write("vendors/a.yaml", slow_notice());
    t.write("vendors/b.yaml", slow_notice());
    t.write("vendors/c.yaml", slow_notice());
    let both = "\"vendors/a.yaml\", \"vendors/b.yaml\"";

    // Expired: the findings count again, and the error is at the waiver.
    t.write("vendorlint.toml", config_waiver(both, "2026-11-01"));
    let (c, r) = json_in(t.path(), &["vendors"]);
    assert_eq!(c, 1, "{r:#}");
    let w = with_rule(&r, "WAIVER-001");
    assert_eq!(
        w.len(),
        1,
        "one error for the waiver, not one per declaration: {r:#}"
    );
    assert_eq!(at(w[0]), ("vendorlint.toml".into(), 3, 1));
    let m = w[0]["message"].as_str().unwrap();
    assert!(
        m.contains("expired on 2026-11-01; it was approved by Board on 2026-05-20")
            && m.contains("the 2 findings it covered in 2 declarations are reported again"),
        "{m}"
    );
    let labels: Vec<(String, String)> = (w[0]["labels"].as_array().unwrap().iter())
        .map(|l| {
            (
                l["path"].as_str().unwrap().to_string(),
                l["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        vec![
            (
                "vendors/a.yaml".into(),
                "1 finding here is reported again".into()
            ),
            (
                "vendors/b.yaml".into(),
                "1 finding here is reported again".into()
            ),
        ]
    );
    let inc = with_rule(&r, "INC-002");
    assert_eq!(inc.len(), 3, "{r:#}");
    assert!(inc.iter().all(|d| d["waived"].is_null()), "{r:#}");
    let (_, out) = short_in(t.path(), &["vendors"]);
    assert!(
        out.contains(
            "vendorlint.toml:3:1: error[WAIVER-001]: the waiver of INC expired on 2026-11-01"
        ),
        "{out}"
    );
    assert!(
        !out.contains("yaml:1:1"),
        "nothing at a declaration's first line: {out}"
    );

    // Expiring soon: an info at the waiver.
    t.write("vendorlint.toml", config_waiver(both, "2026-12-10"));
    let (c, r) = json_in(t.path(), &["vendors"]);
    assert_eq!(c, 1, "c.yaml is not covered: {r:#}");
    let w = with_rule(&r, "WAIVER-003");
    assert_eq!(w.len(), 1, "{r:#}");
    assert_eq!(at(w[0]), ("vendorlint.toml".into(), 3, 1));
    assert!(
        w[0]["message"]
            .as_str()
            .unwrap()
            .contains("expires in 15 days on 2026-12-10; it covers 2 findings in 2 declarations"),
        "{}",
        w[0]["message"]
    );

    // Ten years: WAIVER-004 at its `expires`, still honoured.
    t.write("vendorlint.toml", config_waiver(both, "2036-05-20"));
    let (_, r) = json_in(t.path(), &["vendors"]);
    let w = with_rule(&r, "WAIVER-004");
    assert_eq!(w.len(), 1, "{r:#}");
    assert_eq!(at(w[0]), ("vendorlint.toml".into(), 9, 11));
    let waived = with_rule(&r, "INC-002")
        .iter()
        .filter(|d| !d["waived"].is_null())
        .count();
    assert_eq!(waived, 2, "{r:#}");

    // Named declarations in which it covers nothing: WAIVER-002 at the waiver.
    t.write("vendors/a.yaml", nordlys());
    t.write("vendors/b.yaml", nordlys());
    t.write("vendorlint.toml", config_waiver(both, "2027-05-20"));
    let (_, r) = json_in(t.path(), &["vendors"]);
    let w = with_rule(&r, "WAIVER-002");
    assert_eq!(w.len(), 1, "{r:#}");
    assert_eq!(at(w[0]), ("vendorlint.toml".into(), 3, 1));
    assert!(
        w[0]["message"]
            .as_str()
            .unwrap()
            .contains("matches no finding in the 2 declarations it names"),
        "{}",
        w[0]["message"]
    );
    assert_eq!(w[0]["labels"][0]["message"], "no finding of INC here");
    // Its rule not selected: not reported.
    let (_, r) = json_in(t.path(), &["vendors", "--select", "BAK,WAIVER"]);
    assert!(with_rule(&r, "WAIVER-002").is_empty(), "{r:#}");
}

/// `vendorlint report` lists vendors only: what vendorlint.toml says about its waivers is no
/// vendor and no broken file.
#[test]
fn the_portfolio_does_not_list_the_configuration() {
    let t = TempDir::new("waiver-config-portfolio");
    t.write("vendors/a.yaml", slow_notice());
    t.write(
        "vendorlint.toml",
        config_waiver("\"vendors/a.yaml\", \"vendors/renamed.yaml\"", "2026-11-01"),
    );
    let (_, r) = json_in(t.path(), &["vendors"]);
    assert_eq!(with_rule(&r, "WAIVER-005").len(), 1, "{r:#}");
    assert_eq!(with_rule(&r, "WAIVER-001").len(), 1, "{r:#}");
    let o = run_in(t.path(), &["report", "vendors", "--today", "2026-11-25"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let html = stdout(&o);
    assert!(
        html.contains("Nordlys"),
        "{}",
        &html[..html.len().min(3000)]
    );
    assert!(!html.contains("vendorlint.toml"), "{html}");
    assert!(!html.contains("WAIVER-005"), "{html}");
}

/// The editor's lint of one buffer (`lint_bytes`, what the language server runs) has no run to
/// report a configuration waiver after: it keeps WAIVER-001 in the declaration, with a label
/// at the waiver's `[[waivers]]` line, and never says WAIVER-005.
#[test]
fn an_editor_lint_shows_a_config_waiver_in_the_declaration() {
    let t = TempDir::new("waiver-config-editor");
    let path = t.write("vendors/a.yaml", slow_notice());
    t.write(
        "vendorlint.toml",
        config_waiver("\"vendors/a.yaml\", \"vendors/renamed.yaml\"", "2026-11-01"),
    );
    let options = vendorlint::lint::LintOptions {
        today: "2026-11-25".into(),
        ..Default::default()
    };
    let r = vendorlint::lint::lint_bytes(&path, slow_notice().as_bytes(), &options);
    let d = &r.file.diagnostics;
    let expired: Vec<_> = d.iter().filter(|d| d.rule == "WAIVER-001").collect();
    assert_eq!(expired.len(), 1, "{d:#?}");
    assert!(
        expired[0].labels.iter().any(|l| {
            l.path
                .as_deref()
                .is_some_and(|p| p.ends_with("vendorlint.toml"))
                && l.span.map(|s| s.start.line) == Some(3)
        }),
        "{:#?}",
        expired[0]
    );
    assert!(d.iter().all(|d| d.rule != "WAIVER-005"), "{d:#?}");
}

//! Budgets, through the real binary with a rule pack named by `rules = [...]` in a
//! vendorlint.toml: a file whose rules take too long stops with ENGINE-002 while the other
//! files and the findings so far are reported; a rule pack over a limit is a PACK-002 error
//! at its place in the pack (exit 2); findings are capped per rule and per file (ENGINE-003).

mod common;
use common::*;
use serde_json::Value;
use std::time::{Duration, Instant};
use vendorlint::rules::budget::{
    MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_RULE, MAX_PACK_FILE_BYTES, MAX_RULES_PER_PACK,
};

/// A generous bound: the point is that these runs end, not how fast.
const GENEROUS: Duration = Duration::from_secs(60);

/// One rule in the pack format; `condition` is a YAML scalar as written.
fn rule(id: &str, select: &str, condition: &str) -> String {
    format!(
        r#"  - id: {id}
    domain: contract
    title: A test rule
    severity: warning
    rationale: A rule for the budget tests. Nothing else.
    question: "Is this a test?"
    references: ["ISO/IEC 27001:2022 Annex A 5.19"]
    select: {select}
    condition: {condition}
    at: ""
    message: "{id} fired"
    examples:
      fail: [{{}}]
      pass: [{{}}]
"#
    )
}

fn pack(rules: &[String]) -> String {
    format!(
        "kind: vendorlint-rules\nversion: 1\nrules:\n{}",
        rules.concat()
    )
}

fn nordlys() -> String {
    std::fs::read_to_string(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap()
}

/// A directory with `rules/a.yaml` holding `pack_text`, a vendorlint.toml naming it, and the
/// declaration `v.yaml`.
fn setup(name: &str, pack_text: &str) -> TempDir {
    let t = TempDir::new(name);
    t.write("rules/a.yaml", pack_text);
    t.write("vendorlint.toml", "rules = [\"rules\"]\n");
    t.write("v.yaml", nordlys());
    t
}

fn check(t: &TempDir, files: &[&str], extra: &[&str]) -> (i32, Value, String, Duration) {
    let mut args = vec!["check", "--format", "json", "--today", "2026-11-25"];
    args.extend_from_slice(extra);
    args.extend_from_slice(files);
    let started = Instant::now();
    let o = run_in(t.path(), &args);
    let took = started.elapsed();
    let v = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    (code(&o), v, stderr(&o), took)
}

/// A broken pack, run both ways: named by `rules = [...]` (CONFIG-002 at the configuration,
/// with the pack's first problem; exit 2), and given with `--rules` (its every problem at
/// its place in the pack file). Returns the second run's stderr.
fn broken_pack(t: &TempDir, expected: &str) -> String {
    let started = Instant::now();
    let (exit, _, err, _) = check(t, &["v.yaml"], &[]);
    assert_eq!(exit, 2, "{err}");
    assert!(
        err.contains("CONFIG-002") && err.contains(expected) && err.contains("nothing was checked"),
        "{err}"
    );
    let (exit, _, err, _) = check(t, &["v.yaml"], &["--no-config", "--rules", "rules"]);
    assert_eq!(exit, 2, "{err}");
    assert!(err.contains("PACK-002") && err.contains(expected), "{err}");
    let took = started.elapsed();
    assert!(took < GENEROUS, "took {took:?}");
    err
}

/// (rule, message) of every diagnostic for `path`.
fn of(report: &Value, path: &str) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn rules_of(report: &Value, path: &str) -> Vec<String> {
    of(report, path).into_iter().map(|(r, _)| r).collect()
}

/// `[0, 1, …, n-1]` as CEL.
fn list(n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    format!("[{}]", items.join(", "))
}

#[test]
fn nested_comprehensions_stop_that_file_only_and_keep_the_findings_so_far() {
    let xs = list(200);
    // 200³ iterations on the vendor called "Slow Vendor", none elsewhere.
    let slow = format!(
        "\"decl.vendor.name == 'Slow Vendor' && {xs}.all(a, {xs}.all(b, {xs}.all(c, a + b + c >= 0)))\""
    );
    let t = setup(
        "budget-nested",
        &pack(&[
            rule("ACME-FIRST-001", "document", "\"true\""),
            rule("ACME-SLOW-001", "document", &slow),
            rule("ACME-LAST-001", "document", "\"true\""),
        ]),
    );
    t.write(
        "slow.yaml",
        nordlys().replace("  name: Nordlys Cloud\n", "  name: Slow Vendor\n"),
    );
    let (exit, r, err, took) = check(&t, &["slow.yaml", "v.yaml"], &[]);
    assert!(took < GENEROUS, "took {took:?}");
    assert_eq!(exit, 1, "ENGINE-002 is an error: {r:#}{err}");

    let slow_diags = of(&r, "slow.yaml");
    let rules = rules_of(&r, "slow.yaml");
    // The findings before the budget ran out are reported; the rule after it did not run.
    assert!(
        rules.contains(&"ACME-FIRST-001".to_string()),
        "{slow_diags:#?}"
    );
    assert!(
        !rules.contains(&"ACME-LAST-001".to_string()),
        "{slow_diags:#?}"
    );
    let budget: Vec<&(String, String)> = slow_diags
        .iter()
        .filter(|(rule, _)| rule == "ENGINE-002")
        .collect();
    assert_eq!(
        budget.len(),
        1,
        "one ENGINE-002 for the file: {slow_diags:#?}"
    );
    let message = &budget[0].1;
    assert!(
        message.contains("in rule ACME-SLOW-001")
            && message.contains("1 rule did not run: ACME-LAST-001"),
        "{message}"
    );
    // At the document start.
    let spans = spans_for(&r, "slow.yaml");
    let at = spans.iter().find(|s| s.0 == "ENGINE-002").unwrap();
    let first_key = nordlys()
        .lines()
        .position(|l| !l.starts_with('#') && !l.trim().is_empty())
        .unwrap() as u64
        + 1;
    assert_eq!((at.1, at.2), (first_key, 1), "{spans:?}");

    // The other file: every rule ran, no budget diagnostic.
    let other = rules_of(&r, "v.yaml");
    assert!(
        other.contains(&"ACME-FIRST-001".to_string())
            && other.contains(&"ACME-LAST-001".to_string())
            && !other.iter().any(|r| r.starts_with("ENGINE")),
        "{other:?}"
    );

    // Without the slow file the run passes: the exit code came from ENGINE-002.
    let (exit, r, err, _) = check(&t, &["v.yaml"], &["--select", "ACME,ENGINE"]);
    assert_eq!(exit, 0, "{r:#}{err}");
}

#[test]
fn a_huge_expression_is_a_pack_error_at_its_place_and_quick() {
    // 100,000 terms: about 400 KB in one condition.
    let huge = format!("\"{}1 > 0\"", "1 + ".repeat(99_999));
    let text = pack(&[
        rule("ACME-OK-001", "document", "\"true\""),
        rule("ACME-HUGE-001", "document", &huge),
    ]);
    let line = text
        .lines()
        .position(|l| l.starts_with("    condition: \"1 + 1"))
        .unwrap()
        + 1;
    let t = setup("budget-huge", &text);
    let err = broken_pack(
        &t,
        "rule `ACME-HUGE-001`: `condition` is too large to evaluate: it is 400,001 bytes",
    );
    assert!(
        err.contains(&format!("a.yaml:{line}:16")),
        "line {line}: {err}"
    );
}

#[test]
fn comprehensions_nested_too_deep_are_a_pack_error() {
    let deep = "\"decl.services.all(a, decl.services.all(b, decl.services.all(c, decl.services.all(d, decl.services.all(e, true)))))\"";
    let t = setup(
        "budget-deep",
        &pack(&[rule("ACME-DEEP-001", "document", deep)]),
    );
    broken_pack(&t, "nests 5 comprehensions");
}

#[test]
fn too_many_rules_are_a_pack_error_at_the_first_rule_over_the_limit() {
    let rules: Vec<String> = (0..2_000)
        .map(|i| {
            let family = format!("ACME-R{}", i / 1000 + 1);
            rule(
                &format!("{family}-{:03}", i % 1000),
                "document",
                "\"false\"",
            )
        })
        .collect();
    let text = pack(&rules);
    let id = format!("ACME-R2-{:03}", MAX_RULES_PER_PACK - 1000);
    let line = text
        .lines()
        .position(|l| l == format!("  - id: {id}"))
        .unwrap()
        + 1;
    let t = setup("budget-many", &text);
    let err = broken_pack(&t, "the rule file has 2,000 rules");
    assert!(
        err.contains(&format!("a.yaml:{line}:")),
        "line {line}: {err}"
    );

    // Over two files of one pack: the first rule past the limit, in the second file.
    let t = setup("budget-many-files", &pack(&rules[..600]));
    let second = pack(&rules[600..1200]);
    t.write("rules/b.yaml", &second);
    let over = 1200 - (1200 - MAX_RULES_PER_PACK) - 600;
    let id = format!(
        "ACME-R{}-{:03}",
        (600 + over) / 1000 + 1,
        (600 + over) % 1000
    );
    let line = second
        .lines()
        .position(|l| l == format!("  - id: {id}"))
        .unwrap()
        + 1;
    let err = broken_pack(&t, &format!("rule `{id}` is over the limit of 1,000 rules"));
    assert!(
        err.contains(&format!("b.yaml:{line}:")),
        "line {line}: {err}"
    );
}

#[test]
fn a_rule_file_over_the_size_limit_is_a_pack_error() {
    let mut text = pack(&[rule("ACME-OK-001", "document", "\"true\"")]);
    text.push_str(&format!("# {}\n", "x".repeat(MAX_PACK_FILE_BYTES)));
    let t = setup("budget-size", &text);
    let err = broken_pack(&t, "a rule file may be at most 1,048,576 bytes (1 MiB)");
    assert!(err.contains("a.yaml:1:1"), "{err}");
}

/// Nodes below the root of the declaration: what `$..*` selects.
fn descendants(v: &Value) -> usize {
    match v {
        Value::Object(m) => m.len() + m.values().map(descendants).sum::<usize>(),
        Value::Array(a) => a.len() + a.iter().map(descendants).sum::<usize>(),
        _ => 0,
    }
}

#[test]
fn findings_are_capped_per_rule_and_per_file_with_one_summary() {
    let doc = vendorlint::load::load_bytes(
        nordlys().as_bytes(),
        vendorlint::load::Format::Yaml,
        &vendorlint::load::Limits::default(),
    )
    .document
    .unwrap()
    .value;
    let nodes = descendants(&doc);
    assert!(nodes > MAX_FINDINGS_PER_RULE, "{nodes} nodes");

    // One rule that fires on every node.
    let every = "{path: \"$..*\"}";
    let t = setup(
        "budget-cap-rule",
        &pack(&[rule("ACME-EVERY-001", every, "\"true\"")]),
    );
    let (exit, r, err, took) = check(&t, &["v.yaml"], &["--select", "ACME,ENGINE"]);
    assert!(took < GENEROUS, "took {took:?}");
    assert_eq!(exit, 0, "warnings only: {err}");
    let diags = of(&r, "v.yaml");
    let kept = diags.iter().filter(|(r, _)| r == "ACME-EVERY-001").count();
    assert_eq!(kept, MAX_FINDINGS_PER_RULE);
    let summary: Vec<&String> = diags
        .iter()
        .filter(|(r, _)| r == "ENGINE-003")
        .map(|(_, m)| m)
        .collect();
    let dropped = nodes - MAX_FINDINGS_PER_RULE;
    assert_eq!(
        summary,
        vec![&format!(
            "{} findings not reported (at most 100 per rule and 1,000 per file are): {} of ACME-EVERY-001",
            vendorlint::rules::budget::thousands(dropped),
            vendorlint::rules::budget::thousands(dropped)
        )],
        "{diags:#?}"
    );

    // Twelve such rules: 1,200 would be kept per rule, the file keeps 1,000.
    let rules: Vec<String> = (1..=12)
        .map(|i| rule(&format!("ACME-EVERY-{i:03}"), every, "\"true\""))
        .collect();
    let t = setup("budget-cap-file", &pack(&rules));
    let (exit, r, err, took) = check(&t, &["v.yaml"], &["--select", "ACME,ENGINE"]);
    assert!(took < GENEROUS, "took {took:?}");
    assert_eq!(exit, 0, "{err}");
    let diags = of(&r, "v.yaml");
    let acme = diags.iter().filter(|(r, _)| r.starts_with("ACME")).count();
    assert_eq!(
        acme, MAX_FINDINGS_PER_FILE,
        "the built-in pack finds nothing here"
    );
    let summary: Vec<&String> = diags
        .iter()
        .filter(|(r, _)| r == "ENGINE-003")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(summary.len(), 1, "{summary:?}");
    let total = 12 * nodes - MAX_FINDINGS_PER_FILE;
    assert!(
        summary[0].starts_with(&format!(
            "{} findings not reported",
            vendorlint::rules::budget::thousands(total)
        )) && summary[0].contains("of ACME-EVERY-012")
            && summary[0].contains("and 2 more"),
        "{}",
        summary[0]
    );
}

/// The budget is generous: the built-in pack on every fixture declaration (the real vendors'
/// included) takes under 2% of it, and reports nothing about budgets.
#[test]
fn the_built_in_pack_stays_far_inside_the_budget() {
    use std::sync::Arc;
    use vendorlint::rules::budget::{Budget, MAX_STEPS_PER_FILE};
    use vendorlint::rules::engine::{Evaluation, evaluate_within};
    let packs = vec![vendorlint::rules::builtin()];
    let mut files = Vec::new();
    for dir in ["fixtures/vendors", "fixtures/real"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.to_string_lossy().to_string();
            if name.ends_with(".yaml") && !name.ends_with(".expected.yaml") {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 10, "{files:?}");
    let eval = Evaluation {
        today: "2026-11-25",
        lang: vendorlint::rules::Lang::En,
        selected: &|_| true,
        params: None,
    };
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let Some(doc) = vendorlint::load::load_bytes(
            &bytes,
            vendorlint::load::Format::Yaml,
            &vendorlint::load::Limits::default(),
        )
        .document
        else {
            continue;
        };
        let budget = Arc::new(Budget::for_document(&doc.value));
        let found = evaluate_within(&packs, &doc.value, &eval, &budget);
        assert!(
            budget.used() * 50 < MAX_STEPS_PER_FILE,
            "{}: {} steps",
            path.display(),
            budget.used()
        );
        assert!(
            !found
                .iter()
                .any(|d| d.rule == "ENGINE-002" || d.rule == "ENGINE-003"),
            "{}",
            path.display()
        );
    }
}

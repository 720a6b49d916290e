//! Engine semantics on a small pack of test rules.

use super::pack::parse_pack;
use super::{Evaluation, Lang, RulePack, evaluate};
use serde_json::json;
use std::sync::Arc;

const PACK: &str = r#"
kind: vendorlint-rules
version: 1
rules:
  - id: TBAK-001
    domain: backup
    title: no vendor backup
    severity: error
    rationale: Data without backup is lost. More text.
    question: {en: "Backup?", da: "Hvordan og hvor tages backup?"}
    references: ["seed 000_6510ad7a11dc3bf5.txt"]
    select: {controls: [backup]}
    condition: "control.?responsibility.orValue('unknown') != 'vendor'"
    at: /responsibility
    message: "{{ service.?id.orValue('vendor') }}: backup is {{ control.?responsibility.orValue('not stated') }} ({{ control_source }})"
    suppresses: [TRSP-001]
    examples: {fail: [{}], pass: [{}]}
  - id: TRSP-001
    domain: responsibility
    title: generic
    severity: warning
    rationale: Generic.
    question: "Who?"
    references: ["ISO"]
    select: {controls: ["*"]}
    condition: "control_key == 'backup' && control.?responsibility.orValue('unknown') != 'vendor'"
    message: generic
    examples: {fail: [{}], pass: [{}]}
  - id: TKNW-001
    domain: declaration
    title: known
    severity: info
    rationale: Known.
    question: "?"
    references: ["ISO"]
    select: {path: "$.subprocessors[*]"}
    condition: "!known(item.?country.orValue(null))"
    open_question: "item.?country.orValue('unknown') == 'unknown'"
    at: /country
    message: "{{ item.id }}: {{ item.?country.orValue('missing') }}"
    examples: {fail: [{}], pass: [{}]}
  - id: TDAY-001
    domain: declaration
    title: days
    severity: info
    rationale: Days.
    question: "?"
    references: ["ISO"]
    select: document
    severity_if: [{when: "days_since(decl.declaration.review.last_reviewed) > 400", severity: error}]
    condition: "days_since(decl.declaration.review.last_reviewed) > 365"
    message: "{{ days_since(decl.declaration.review.last_reviewed) }} days"
    examples: {fail: [{}], pass: [{}]}
  - id: TBUG-001
    domain: declaration
    title: buggy
    severity: info
    rationale: Buggy.
    question: "?"
    references: ["ISO"]
    select: document
    condition: "decl.no_such_section.x == 1"
    message: never
    examples: {fail: [{}], pass: [{}]}
"#;

fn run(doc: serde_json::Value, today: &str) -> Vec<crate::base::Diagnostic> {
    run_pack(PACK, &doc, today, Lang::Da)
}

/// Every rule of the pack `text` on `doc`.
fn run_pack(
    text: &str,
    doc: &serde_json::Value,
    today: &str,
    lang: Lang,
) -> Vec<crate::base::Diagnostic> {
    let all = |_: &str| true;
    let eval = Evaluation {
        today,
        lang,
        selected: &all,
        params: None,
    };
    evaluate(&[pack_of(text)], doc, &eval)
}

/// The pack `text`, which must load.
fn pack_of(text: &str) -> Arc<RulePack> {
    Arc::new(RulePack {
        rules: parse_pack("test.yaml", text.as_bytes())
            .unwrap_or_else(|e| panic!("{:?}", e.diagnostics)),
    })
}

fn doc() -> serde_json::Value {
    json!({
        "declaration": {"review": {"last_reviewed": "2025-11-01"}},
        "controls": {"backup": {"responsibility": "vendor", "scope": "vendor_internal_systems"}},
        "services": [
            {"id": "web", "controls": {"backup": {"responsibility": "vendor"}}},
            {"id": "mail", "part_of": "web"},
            {"id": "cloud", "controls": {"backup": {"responsibility": "vendor_addon"}}},
            {"id": "vps"},
            {"id": "old", "customer_usage": {"in_use": false}}
        ],
        "subprocessors": [{"id": "a", "country": "DK"}, {"id": "b", "country": "unknown"}, {"id": "c", "country": "not_disclosed"}, {"id": "d"}]
    })
}

#[test]
fn effective_controls_scoping_and_messages() {
    let found = run(doc(), "2026-01-01");
    let bak: Vec<_> = found.iter().filter(|d| d.rule == "TBAK-001").collect();
    // web: own statement; mail: inherits web's; cloud: add-on; vps: the vendor-wide statement
    // is scoped to the vendor's internal systems, so it has none; old: not in use.
    assert_eq!(bak.len(), 2, "{bak:#?}");
    assert_eq!(
        bak[0].pointer.as_deref(),
        Some("/services/2/controls/backup/responsibility")
    );
    assert_eq!(bak[0].message, "cloud: backup is vendor_addon (service)");
    assert_eq!(
        bak[1].pointer.as_deref(),
        Some("/controls/backup/responsibility")
    );
    assert_eq!(bak[1].message, "vps: backup is not stated (none)");
    // --lang da picks the Danish question; help is the rationale's first sentence.
    assert_eq!(
        bak[0].question.as_deref(),
        Some("Hvordan og hvor tages backup?")
    );
    assert_eq!(bak[0].help.as_deref(), Some("Data without backup is lost."));
}

#[test]
fn specific_suppresses_generic_on_the_same_subject_only() {
    let found = run(doc(), "2026-01-01");
    assert!(!found.iter().any(|d| d.rule == "TRSP-001"), "{found:#?}");
    // Without the specific rule's finding, the generic one stands.
    let mut d = doc();
    d["services"][2]["controls"]["backup"]["responsibility"] = json!("vendor");
    d["services"][3]["controls"] = json!({"backup": {"responsibility": "vendor"}});
    let found = run(d, "2026-01-01");
    assert!(
        !found
            .iter()
            .any(|d| d.rule == "TBAK-001" || d.rule == "TRSP-001"),
        "{found:#?}"
    );
}

#[test]
fn unknown_not_disclosed_and_missing_are_distinct_answers() {
    let found = run(doc(), "2026-01-01");
    let msgs: Vec<&str> = found
        .iter()
        .filter(|d| d.rule == "TKNW-001")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(msgs, vec!["b: unknown", "c: not_disclosed", "d: missing"]);
}

#[test]
fn an_unknown_answer_is_an_open_question_and_a_refusal_a_gap() {
    use crate::base::Kind;
    let found = run(doc(), "2026-01-01");
    let kinds: Vec<(&str, Kind)> = found
        .iter()
        .filter(|d| d.rule == "TKNW-001")
        .map(|d| (d.message.as_str(), d.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("b: unknown", Kind::Question),
            ("c: not_disclosed", Kind::Gap),
            ("d: missing", Kind::Question)
        ]
    );
    // A rule without `open_question` reports gaps only.
    assert!(
        found
            .iter()
            .filter(|d| d.rule != "TKNW-001")
            .all(|d| d.kind == Kind::Gap)
    );
}

#[test]
fn a_rule_cannot_call_its_unknowns_both_questions_and_gaps() {
    let text = PACK.replacen(
        "    open_question: \"item.?country.orValue('unknown') == 'unknown'\"\n",
        "    open_question: \"true\"\n    unknown_is_gap: \"Who hosts it decides everything.\"\n",
        1,
    );
    assert_ne!(text, PACK);
    let e = parse_pack("test.yaml", text.as_bytes()).unwrap_err();
    assert!(
        e.diagnostics.iter().any(|d| d
            .message
            .contains("both `open_question` and `unknown_is_gap`")),
        "{:?}",
        e.diagnostics
    );
}

#[test]
fn dates_measure_from_today_and_severity_if_escalates() {
    let day = |today: &str| run(doc(), today).into_iter().find(|d| d.rule == "TDAY-001");
    assert!(day("2026-10-31").is_none());
    let d = day("2026-11-05").unwrap();
    assert_eq!(
        (d.message.as_str(), d.severity),
        ("369 days", crate::base::Severity::Info)
    );
    assert_eq!(
        day("2027-01-01").unwrap().severity,
        crate::base::Severity::Error
    );
}

#[test]
fn runtime_errors_name_the_rule() {
    let found = run(doc(), "2026-01-01");
    let e = found
        .iter()
        .find(|d| d.rule == super::engine::ENGINE_ERROR)
        .expect("an engine error");
    assert!(e.message.contains("TBUG-001"), "{}", e.message);
    assert_eq!(e.severity, crate::base::Severity::Warning);
}

#[test]
fn shared_statement_is_reported_once_with_labels() {
    let mut d = doc();
    d["controls"]["backup"] = json!({"responsibility": "customer"});
    for s in d["services"].as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("controls");
    }
    let found = run(d, "2026-01-01");
    let bak: Vec<_> = found.iter().filter(|d| d.rule == "TBAK-001").collect();
    assert_eq!(bak.len(), 1, "{bak:#?}");
    assert_eq!(
        bak[0].pointer.as_deref(),
        Some("/controls/backup/responsibility")
    );
    let labels: Vec<&str> = bak[0].labels.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "also applies to service `mail`",
            "also applies to service `cloud`",
            "also applies to service `vps`"
        ]
    );
}

/// Two rules on the same fact at three places: one finding per fact for each rule, labels at
/// the other places, and the specific rule suppresses the generic one on the same fact.
#[test]
fn one_finding_per_fact_with_labels_and_suppression_by_fact() {
    const FACTS: &str = r#"
kind: vendorlint-rules
version: 1
rules:
  - id: TFCT-001
    domain: location
    title: outside
    severity: error
    rationale: Outside.
    question: "?"
    references: ["ISO"]
    select: {path: "$.subprocessors[*]"}
    condition: "item.?country.orValue('') == 'US'"
    fact: "'data in ' + item.country"
    suppresses: [TFCT-002]
    message: "{{ item.id }} in {{ item.country }}"
    examples: {fail: [{}], pass: [{}]}
  - id: TFCT-002
    domain: location
    title: not allowed
    severity: warning
    rationale: Not allowed.
    question: "?"
    references: ["ISO"]
    select: {path: "$.subprocessors[*]"}
    condition: "item.?country.orValue('') in ['US', 'IN']"
    fact: "'data in ' + item.country"
    message: "{{ item.id }} not allowed"
    examples: {fail: [{}], pass: [{}]}
"#;
    let doc = json!({"subprocessors": [
        {"id": "a", "country": "US"}, {"id": "b", "country": "DK"},
        {"id": "c", "country": "US"}, {"id": "d", "country": "IN"}, {"id": "e", "country": "US"}
    ]});
    let found = run_pack(FACTS, &doc, "2026-01-01", Lang::En);
    let got: Vec<(&str, &str, Vec<&str>)> = found
        .iter()
        .map(|d| {
            (
                d.rule.as_str(),
                d.message.as_str(),
                d.labels
                    .iter()
                    .filter_map(|l| l.pointer.as_deref())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "TFCT-001",
                "a in US",
                vec!["/subprocessors/2", "/subprocessors/4"]
            ),
            ("TFCT-002", "d not allowed", vec![]),
        ],
        "{found:#?}"
    );
    assert_eq!(found[0].labels[0].message, "also here: data in US");
}

/// The customer's criticality of the vendor sets the severity, or drops the finding.
#[test]
fn severity_follows_the_vendors_criticality() {
    let text = PACK.replacen(
        "    severity: error\n",
        "    severity: error\n    severity_by_criticality: {low: off, medium: warning, critical: error}\n",
        1,
    );
    assert_ne!(text, PACK);
    let severities = |criticality: &str| -> Vec<crate::base::Severity> {
        let mut d = doc();
        d["declaration"]["customer_context"] = json!({ "criticality": criticality });
        run_pack(&text, &d, "2026-01-01", Lang::En)
            .into_iter()
            .filter(|f| f.rule == "TBAK-001")
            .map(|f| f.severity)
            .collect()
    };
    use crate::base::Severity::{Error, Warning};
    assert!(
        severities("low").is_empty(),
        "off for a low-criticality vendor"
    );
    assert!(severities("medium").iter().all(|s| *s == Warning) && !severities("medium").is_empty());
    assert!(severities("critical").iter().all(|s| *s == Error));
    assert!(
        severities("unknown").iter().all(|s| *s == Error),
        "not assessed: the default"
    );
}

/// `asks_for` drops the other rule's open questions on the same subject, never its gaps, and
/// nothing on another subject.
#[test]
fn a_rule_that_asks_for_another_drops_only_its_open_questions() {
    const ASKS: &str = r#"
kind: vendorlint-rules
version: 1
rules:
  - id: TSCH-001
    domain: backup
    title: schedule unknown
    severity: warning
    rationale: Schedule.
    question: "How often, how long and where?"
    references: ["ISO"]
    select: {controls: [backup]}
    condition: "!known(control.?params.?interval_hours.orValue(null))"
    asks_for: [TSIT-001]
    message: "{{ service.id }}: schedule unknown"
    examples: {fail: [{}], pass: [{}]}
  - id: TSIT-001
    domain: backup
    title: sites
    severity: warning
    rationale: Sites.
    question: "Where?"
    references: ["ISO"]
    select: {controls: [backup]}
    condition: "control.?params.?sites.orValue('unknown') == 'unknown' || control.params.sites < 2"
    open_question: "control.?params.?sites.orValue('unknown') == 'unknown'"
    message: "{{ service.id }}: sites"
    examples: {fail: [{}], pass: [{}]}
"#;
    let doc = json!({"services": [
        // Both fire, the sites only as an open question: it is dropped.
        {"id": "a", "controls": {"backup": {"params": {"sites": "unknown"}}}},
        // Both fire, the sites as a gap: it stands.
        {"id": "b", "controls": {"backup": {"params": {"sites": 1}}}},
        // The schedule is known: the open question stands on its own.
        {"id": "c", "controls": {"backup": {"params": {"interval_hours": 24, "sites": "unknown"}}}}
    ]});
    let found = run_pack(ASKS, &doc, "2026-01-01", Lang::En);
    let got: Vec<(&str, &str, crate::base::Kind)> = found
        .iter()
        .map(|d| (d.rule.as_str(), d.message.as_str(), d.kind))
        .collect();
    use crate::base::Kind::{Gap, Question};
    assert_eq!(
        got,
        vec![
            ("TSCH-001", "a: schedule unknown", Gap),
            ("TSCH-001", "b: schedule unknown", Gap),
            ("TSIT-001", "b: sites", Gap),
            ("TSIT-001", "c: sites", Question),
        ],
        "{found:#?}"
    );
}

/// A one-rule pack: `select`, `condition` and `message` as given.
fn one_rule(select: &str, condition: &str, message: &str) -> String {
    format!(
        r#"
kind: vendorlint-rules
version: 1
rules:
  - id: TMEM-001
    domain: backup
    title: memo
    severity: warning
    rationale: Memo.
    question: "?"
    references: ["ISO"]
    select: {select}
    condition: "{condition}"
    message: "{message}"
    examples: {{fail: [{{}}], pass: [{{}}]}}
"#
    )
}

/// The findings of `pack` on `doc` and the rule steps they took (one per evaluation, for
/// rules without comprehensions).
fn findings_and_steps(pack: &str, doc: &serde_json::Value) -> (Vec<crate::base::Diagnostic>, u64) {
    let pack = pack_of(pack);
    let all = |_: &str| true;
    let eval = Evaluation {
        today: "2026-01-01",
        lang: Lang::En,
        selected: &all,
        params: None,
    };
    let budget = Arc::new(super::budget::Budget::new(
        1_000_000,
        std::time::Duration::from_secs(600),
    ));
    let found = super::engine::evaluate_within(&[pack], doc, &eval, &budget);
    (found, budget.used())
}

fn services(list: serde_json::Value) -> serde_json::Value {
    json!({"controls": {"backup": {"responsibility": "customer"}}, "services": list})
}

/// An evaluation depends only on what it read of the service: one that found nothing stands
/// for every later service whose fields it read are equal, whatever else differs.
#[test]
fn an_evaluation_stands_for_services_that_read_the_same() {
    let doc = services(json!([
        {"id": "a", "kind": "saas", "personal": true},
        {"id": "b", "kind": "saas", "personal": true},
        {"id": "c", "kind": "iaas"},
        {"id": "d", "kind": "iaas", "name": "D"},
        {"id": "e", "kind": "saas", "personal": false},
        {"id": "f", "kind": "saas", "personal": false, "name": "F"},
        {"id": "g", "kind": "paas"},
    ]));
    let pack = one_rule(
        "services",
        "service.?kind.orValue('') == 'saas' && service.?personal.orValue(true)",
        "{{ service.id }}",
    );
    let (found, steps) = findings_and_steps(&pack, &doc);
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["a", "b"]);
    // a and b found something (each at its own place: both run); c read `kind` and found
    // nothing, so d is not run; e read `kind` and `personal`, so f is not run; g's kind is
    // new.
    assert_eq!(steps, 5, "{found:#?}");

    // Reading a field by index is a read of that field; any other use of the service as a
    // whole is refused by the pack, since the engine could not see what it depends on.
    let pack = one_rule("services", "service['kind'] == 'iaas'", "{{ service.id }}");
    let (found, steps) = findings_and_steps(&pack, &doc);
    assert_eq!(found.len(), 2);
    // a (saas) stands for b, e and f; c and d found something, g is new.
    assert_eq!(steps, 4, "{found:#?}");
    for whole in [
        "size(service) > 3",
        "service == {}",
        "'kind' in service",
        "service.all(k, k != 'x')",
        "[service].size() > 0",
        "known(service)",
    ] {
        let text = one_rule("services", whole, "x");
        let errors = parse_pack("test.yaml", text.as_bytes())
            .expect_err(whole)
            .diagnostics;
        assert!(
            errors
                .iter()
                .any(|d| d.message.contains("uses `service` as a whole")),
            "{whole}: {errors:#?}"
        );
    }
    // Fields of a comprehension variable called `service` are its own.
    let shadow = one_rule(
        "document",
        "[{'a': 1}].exists(service, size(service) > 0)",
        "x",
    );
    assert!(parse_pack("test.yaml", shadow.as_bytes()).is_ok());
}

/// On a shared (vendor-wide) statement, what one service found applies to each later service
/// that read the same: one finding with an "also applies to" label for those, and none for
/// a service that read something else.
#[test]
fn a_shared_statement_is_evaluated_once_per_kind_of_service() {
    let doc = services(json!([
        {"id": "a", "kind": "saas"},
        {"id": "b", "kind": "saas", "name": "B"},
        {"id": "c", "kind": "iaas"},
        {"id": "d", "kind": "saas"},
    ]));
    let pack = one_rule(
        "{controls: [backup]}",
        "service.?kind.orValue('') == 'saas' && control.responsibility == 'customer'",
        "backup is {{ control.responsibility }}",
    );
    let (found, steps) = findings_and_steps(&pack, &doc);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].pointer.as_deref(), Some("/controls/backup"));
    let labels: Vec<&str> = found[0].labels.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(
        labels,
        ["also applies to service `b`", "also applies to service `d`"]
    );
    assert_eq!(steps, 2);
}

/// A finding at a place that already has one is a label on it, counted in full: 6,000 services
/// that each read their own id (so no evaluation stands for another) and find the same
/// vendor-wide gap are one finding, 20 labels and "and 5979 more places", past the cap on raw
/// findings (5,000 per rule) that used to cut the count short.
#[test]
fn repeats_of_a_finding_are_labels_counted_in_full() {
    let list: Vec<serde_json::Value> = (0..6_000).map(|i| json!({"id": format!("s{i}")})).collect();
    let doc = services(serde_json::Value::Array(list));
    let pack = one_rule(
        "{controls: [backup]}",
        "service.id != '' && control.responsibility == 'customer'",
        "backup is {{ control.responsibility }}",
    );
    let (found, _) = findings_and_steps(&pack, &doc);
    assert_eq!(found.len(), 1, "{:#?}", &found[..found.len().min(3)]);
    let labels: Vec<&str> = found[0].labels.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(labels.len(), 21);
    assert_eq!(labels[0], "also applies to service `s1`");
    assert_eq!(labels[20], "and 5979 more places");
}

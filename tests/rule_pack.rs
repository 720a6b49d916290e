//! The built-in pack as a whole: every file is embedded, every seed requirement row is traced
//! by a rule (or marked out of scope with a reason), and every trace names a real row.

use std::collections::BTreeSet;
use std::path::Path;
use vendorlint::rules::catalog::requirements;
use vendorlint::rules::{builtin, pack::BUILTIN_FILES};

#[test]
fn every_rule_file_is_embedded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| format!("rules/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| {
            n.ends_with(".yaml")
                && n != "rules/requirements.yaml"
                && n != "rules/profiles.yaml"
                && n != "rules/questionnaire.yaml"
        })
        .collect();
    let embedded: BTreeSet<String> = BUILTIN_FILES.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(on_disk, embedded);
}

#[test]
fn every_requirement_row_is_traced_and_every_trace_is_a_row() {
    let reqs = requirements();
    assert!(reqs.len() >= 100, "only {} requirement rows", reqs.len());
    let pack = builtin();
    let rows: BTreeSet<&str> = reqs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut problems = Vec::new();
    for r in &pack.rules {
        for t in &r.traces {
            if !rows.contains(t.as_str()) {
                problems.push(format!("{} traces unknown row {t}", r.id));
            }
        }
    }
    for req in &reqs {
        let id = req["id"].as_str().unwrap();
        let traced = pack.rules.iter().any(|r| r.traces.iter().any(|t| t == id));
        let out_of_scope = req
            .get("out_of_scope")
            .and_then(|v| v.as_str())
            .is_some_and(|s| !s.trim().is_empty());
        if !traced && !out_of_scope {
            problems.push(format!(
                "row {id} is traced by no rule and not marked out of scope"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_cites_a_seed_or_a_named_clause() {
    for r in &builtin().rules {
        assert!(
            r.references.iter().any(|x| x.contains("seed ")
                || x.contains("GDPR")
                || x.contains("ISO")
                || x.contains("NIS2")
                || x.contains("DORA")
                || x.contains("CCM")),
            "{} cites nothing recognisable: {:?}",
            r.id,
            r.references
        );
    }
}

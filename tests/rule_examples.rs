//! Every rule's examples: each `fail` edit of the reference declaration triggers the rule, each
//! `pass` edit does not, the reference declaration itself (a well-run vendor) gets no error, and
//! every finding's answers go to values a questionnaire cell can hold.

use std::path::Path;
use vendorlint::rules::examples::{apply_patch, reference_declaration};
use vendorlint::rules::{Lang, builtin};
use vendorlint::{LintOptions, Severity, lint_bytes};

const TODAY: &str = "2026-11-25";

fn options() -> LintOptions {
    LintOptions {
        today: TODAY.to_string(),
        lang: Lang::En,
        // An example fires whether its finding is a gap or an open question.
        questions: true,
        ..LintOptions::default()
    }
}

fn findings(doc: &serde_json::Value) -> Vec<vendorlint::Diagnostic> {
    let text = serde_json::to_string_pretty(doc).unwrap();
    lint_bytes(Path::new("example.json"), text.as_bytes(), &options())
        .file
        .diagnostics
}

#[test]
fn reference_declaration_gets_no_error() {
    let errors: Vec<_> = findings(&reference_declaration())
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn every_rule_fails_and_passes_its_examples() {
    use rayon::prelude::*;
    let pack = builtin();
    let cases: Vec<(
        &vendorlint::rules::Rule,
        &str,
        bool,
        usize,
        &serde_json::Value,
    )> = pack
        .rules
        .iter()
        .flat_map(|rule| {
            [("fail", true), ("pass", false)]
                .into_iter()
                .flat_map(move |(kind, must_fire)| {
                    rule.raw["examples"][kind]
                        .as_array()
                        .unwrap()
                        .iter()
                        .enumerate()
                        .map(move |(i, patch)| (rule, kind, must_fire, i, patch))
                })
        })
        .collect();
    // Each example is a whole lint run: spread them over the cores.
    let problems: Vec<String> = cases
        .par_iter()
        .flat_map(|&(rule, kind, must_fire, i, patch)| {
            let mut problems = Vec::new();
            let mut doc = reference_declaration();
            if let Err(e) = apply_patch(&mut doc, patch) {
                problems.push(format!("{} {kind}[{i}]: {e}", rule.id));
                return problems;
            }
            let found = findings(&doc);
            let schema: Vec<_> = found
                .iter()
                .filter(|d| d.rule.starts_with("SCHEMA") || d.rule.starts_with("ENGINE"))
                .collect();
            if !schema.is_empty() {
                problems.push(format!(
                    "{} {kind}[{i}]: the example is not a valid declaration: {:?}",
                    rule.id,
                    schema
                        .iter()
                        .map(|d| (&d.pointer, &d.message))
                        .collect::<Vec<_>>()
                ));
            }
            // A finding a waiver covers does not count: a waiver in an example accepts the risk.
            let fired = found
                .iter()
                .any(|d| d.rule == rule.id && d.waived.is_none());
            // The questionnaire asks for the rule's answer places: at least one of them is a
            // value a cell can hold (a rule over several controls may name a parameter only
            // some of them have), unless the rule says the answer is a document (`[]`).
            let asked = vendorlint::questionnaire::areas()
                .iter()
                .any(|a| a.domains.contains(&rule.domain));
            for d in found
                .iter()
                .filter(|d| asked && must_fire && d.rule == rule.id && !d.answers.is_empty())
            {
                if !d
                    .answers
                    .iter()
                    .any(|a| vendorlint::questionnaire::schema::answer_at(a).is_some())
                {
                    problems.push(format!(
                        "{} {kind}[{i}]: the answers go to {:?}, none of which a cell can hold \
                         (an object or a list of records): give the rule `answers`",
                        rule.id, d.answers
                    ));
                }
            }
            if fired != must_fire {
                problems.push(format!(
                    "{} {kind}[{i}]: rule {} but should {}",
                    rule.id,
                    if fired { "fired" } else { "did not fire" },
                    if must_fire { "fire" } else { "not fire" }
                ));
            }
            problems
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

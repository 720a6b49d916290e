//! Bytes as a rule-pack file: parsed and compiled by `rules::pack::parse_pack` (YAML, then
//! JSON), and, when it compiles, evaluated against the reference
//! declaration, the findings rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::{Arc, OnceLock};
use vendorlint::base::Lang;
use vendorlint::rules::pack::parse_pack;
use vendorlint::rules::{Evaluation, RulePack, evaluate};
use vendorlint::{FileReport, LintReport};
use vendorlint_fuzz::{TODAY, render_all};

fn reference() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(vendorlint::rules::examples::reference_declaration)
}

fuzz_target!(|bytes: &[u8]| {
    for path in ["rules/fuzz.yaml", "rules/fuzz.json"] {
        let rules = match parse_pack(path, bytes) {
            Ok(rules) => rules,
            Err(broken) => {
                render_all(&LintReport {
                    config_errors: vec![broken],
                    ..LintReport::default()
                });
                continue;
            }
        };
        let packs = [Arc::new(RulePack { rules })];
        let eval = Evaluation {
            today: TODAY,
            lang: Lang::En,
            selected: &|_| true,
            params: None,
        };
        let diagnostics = evaluate(&packs, reference(), &eval);
        render_all(&LintReport {
            files: vec![FileReport {
                path: "reference.yaml".into(),
                source: None,
                diagnostics,
                questions: Vec::new(),
            }],
            ..LintReport::default()
        });
    }
});

//! Every built-in rule speaks English, Danish and Swedish: its title, and its question to the
//! vendor, which is a real question (the seed documents' sentences are references, not
//! questions). `--lang` picks the language in `explain` and `rules`.

mod common;
use common::*;

use serde_json::Value;

const LANGS: [&str; 3] = ["en", "da", "sv"];

fn rules_json(args: &[&str]) -> Value {
    let mut all = vec!["rules", "--format", "json"];
    all.extend_from_slice(args);
    let o = run(&all);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("rules --format json is JSON")
}

/// The rules of the built-in pack (not the tool's own codes, which have no question).
fn pack_rules() -> Vec<Value> {
    let v = rules_json(&[]);
    let rules: Vec<Value> = v["rules"]
        .as_array()
        .expect("rules is a list")
        .iter()
        .filter(|r| r["kind"] == "rule")
        .cloned()
        .collect();
    assert!(rules.len() >= 70, "only {} rules", rules.len());
    rules
}

fn id(r: &Value) -> &str {
    r["id"].as_str().unwrap_or("?")
}

/// `field` as {en, da, sv}: every language present, non-empty and different from the others.
fn localized<'a>(
    r: &'a Value,
    field: &str,
    problems: &mut Vec<String>,
) -> Vec<(&'static str, &'a str)> {
    let v = &r[field];
    if !v.is_object() {
        problems.push(format!("{}: {field} is not a map of en/da/sv: {v}", id(r)));
        return Vec::new();
    }
    let mut texts = Vec::new();
    for lang in LANGS {
        match v[lang].as_str() {
            Some(t) if !t.trim().is_empty() => texts.push((lang, t)),
            _ => problems.push(format!("{}: {field} has no {lang} text", id(r))),
        }
    }
    for (i, (la, a)) in texts.iter().enumerate() {
        for (lb, b) in &texts[i + 1..] {
            if a.trim() == b.trim() {
                problems.push(format!(
                    "{}: {field}.{la} and {field}.{lb} are the same: {a:?}",
                    id(r)
                ));
            }
        }
    }
    texts
}

/// A JSON pointer (`/services/0/controls`), a JSONPath (`$.x`) or a slash path of lower-case
/// names (`controls/backup/params`); "EU/EEA" and "ISO/IEC" are words, not paths.
fn has_path(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '/' {
            let before_ok =
                i == 0 || chars[i - 1].is_whitespace() || "([{\"'`".contains(chars[i - 1]);
            let next_pathy = chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '~' || *n == '-' || *n == '_');
            if before_ok && next_pathy {
                return true;
            }
        }
    }
    if s.contains("$.") || s.contains("$[") {
        return true;
    }
    s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '_');
        w.matches('/').count() >= 2
            && w.split('/').all(|seg| {
                !seg.is_empty()
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            })
    })
}

/// A field name like `retention_days`.
fn has_field_name(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_alphanumeric() && w[1] == '_' && w[2].is_alphanumeric())
}

/// A rule id like `BAK-001`.
fn has_rule_id(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    (0..chars.len()).any(|i| {
        chars[i] == '-'
            && i >= 2
            && chars[i - 1].is_ascii_uppercase()
            && chars[i - 2].is_ascii_uppercase()
            && chars.len() >= i + 4
            && chars[i + 1..i + 4].iter().all(|c| c.is_ascii_digit())
            && !chars.get(i + 4).is_some_and(|c| c.is_ascii_digit())
    })
}

#[test]
fn every_question_is_a_question_in_english_danish_and_swedish() {
    let mut problems = Vec::new();
    for r in pack_rules() {
        for (lang, q) in localized(&r, "question", &mut problems) {
            let at = format!("{}: question.{lang} {q:?}", id(&r));
            if !q.trim_end().ends_with('?') {
                problems.push(format!("{at} does not end with a question mark"));
            }
            if q.contains('`') {
                problems.push(format!("{at} contains a backtick"));
            }
            if has_path(q) {
                problems.push(format!("{at} contains a JSON pointer or path"));
            }
            if has_field_name(q) {
                problems.push(format!("{at} contains a field name"));
            }
            if has_rule_id(q) {
                problems.push(format!("{at} contains a rule id"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_title_is_in_english_danish_and_swedish() {
    let mut problems = Vec::new();
    for r in pack_rules() {
        localized(&r, "title", &mut problems);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The seed documents' sentences belong in `references:`; the question is ours to write.
#[test]
fn no_question_is_copied_from_a_seed_document() {
    let dir = root().join("../shared/seeds");
    assert!(
        dir.is_dir(),
        "the seed documents are missing: expected {} (the shared/seeds directory beside the \
         repository); this test needs them and must not be skipped",
        dir.display()
    );
    let mut seeds = Vec::new();
    for e in std::fs::read_dir(&dir).expect("read the seed directory") {
        let p = e.expect("seed directory entry").path();
        if p.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&p).expect("seed is UTF-8 text");
            seeds.push((
                p.file_name().unwrap().to_string_lossy().into_owned(),
                normalize(&text),
            ));
        }
    }
    assert!(
        !seeds.is_empty(),
        "no seed documents (*.txt) in {}",
        dir.display()
    );

    let mut problems = Vec::new();
    for r in pack_rules() {
        for lang in ["da", "sv"] {
            let Some(q) = r["question"][lang].as_str() else {
                continue;
            };
            let nq = normalize(q);
            if nq.is_empty() {
                continue;
            }
            for (name, text) in &seeds {
                if text.contains(&nq) {
                    problems.push(format!(
                        "{}: question.{lang} is a sentence of seed {name}; cite it in references and ask a question: {q:?}",
                        id(&r)
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn lang_switches_the_question_and_title_in_explain() {
    let rules = pack_rules();
    let bak = rules
        .iter()
        .find(|r| r["id"] == "BAK-001")
        .expect("BAK-001 is a built-in rule");
    let en_q = bak["question"]["en"]
        .as_str()
        .expect("BAK-001 has an English question");
    for lang in ["da", "sv"] {
        let q = bak["question"][lang]
            .as_str()
            .unwrap_or_else(|| panic!("BAK-001 has no {lang} question"));
        let o = run(&["explain", "BAK-001", "--lang", lang]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let out = stdout(&o);
        let at = out
            .find(q)
            .unwrap_or_else(|| panic!("explain --lang {lang} does not print {q:?}:\n{out}"));
        // The chosen language comes first; the other languages follow as translations.
        if let Some(en_at) = out.find(en_q) {
            assert!(
                at < en_at,
                "explain --lang {lang} puts English first:\n{out}"
            );
        }
        assert!(
            !out.contains(&format!("({lang}) {q}")),
            "explain --lang {lang} lists its own language as a translation:\n{out}"
        );
        if let Some(title) = bak["title"][lang].as_str() {
            let first = out.lines().next().unwrap_or_default();
            assert!(
                first.contains(title),
                "explain --lang {lang} heading is not the {lang} title {title:?}: {first:?}"
            );
        }
    }
}

#[test]
fn lang_switches_the_title_in_the_rules_table() {
    let rules = pack_rules();
    let bak = rules.iter().find(|r| r["id"] == "BAK-001").unwrap();
    for lang in ["da", "sv"] {
        let title = bak["title"][lang]
            .as_str()
            .unwrap_or_else(|| panic!("BAK-001 has no {lang} title"));
        let o = run(&["rules", "--lang", lang]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let out = stdout(&o);
        let row = out
            .lines()
            .find(|l| l.starts_with("BAK-001 "))
            .unwrap_or_else(|| panic!("no BAK-001 row in\n{out}"));
        assert!(
            row.contains(title),
            "rules --lang {lang}: {row:?} lacks {title:?}"
        );
    }
}

#[test]
fn the_path_and_name_detectors_work() {
    assert!(has_path("see /services/0/controls/backup"));
    assert!(has_path("at `/params/retention_days`"));
    assert!(has_path("controls/backup/params"));
    assert!(has_path("$.subprocessors[*]"));
    assert!(!has_path(
        "outside the EU/EEA, under ISO/IEC 27001, på vilket/vilka sätt?"
    ));
    assert!(has_field_name("is retention_days set?"));
    assert!(!has_field_name("Is it encrypted?"));
    assert!(has_rule_id("as BAK-001 asks?"));
    assert!(!has_rule_id(
        "an ISO/IEC 27001-certifikat or SOC 2 type 2-erklæring, DDoS-angreb?"
    ));
}

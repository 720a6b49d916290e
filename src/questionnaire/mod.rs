//! The questionnaire for one vendor: every open question and every gap the vendor can close,
//! from one run of the pipeline over its declaration, grouped by area in the order of the
//! Danish guidance's question list (seed 000), in the run's language, with the places in the
//! declaration the answers go to. `report` writes it; `answers` reads a filled workbook back.

pub mod schema;

use crate::base::questionnaire::{Area, Field, Item, Questionnaire, QuestionnaireId};
use crate::base::{Diagnostic, FileReport, Kind, Lang, pointer_tokens};
use crate::lint::{LintOptions, lint_bytes};
use crate::load::{Format, load_bytes};
use crate::rules::RulePack;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The areas and their titles, as data (`rules/questionnaire.yaml`).
pub const AREAS_FILE: &str = include_str!("../../rules/questionnaire.yaml");

/// One area of the questionnaire: the rule domains it gathers and its title.
#[derive(Debug, Clone, Deserialize)]
pub struct AreaDef {
    pub id: String,
    pub domains: Vec<String>,
    /// The controls of the declaration format in this area (the portfolio's heatmap).
    pub controls: Vec<String>,
    pub title: Titles,
    /// The seed's question the area answers (documentation).
    pub seed: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Titles {
    pub en: String,
    pub da: String,
    pub sv: String,
}

impl Titles {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Da => &self.da,
            Lang::Sv => &self.sv,
        }
    }
}

#[derive(Deserialize)]
struct AreasFile {
    areas: Vec<AreaDef>,
    guidance: std::collections::BTreeMap<String, String>,
}

fn areas_file() -> &'static AreasFile {
    static FILE: OnceLock<AreasFile> = OnceLock::new();
    FILE.get_or_init(|| {
        let loaded = load_bytes(
            AREAS_FILE.as_bytes(),
            Format::Yaml,
            &crate::load::Limits::default(),
        );
        let value = loaded
            .document
            .expect("rules/questionnaire.yaml parses")
            .value;
        serde_json::from_value(value).expect("rules/questionnaire.yaml has areas and guidance")
    })
}

/// The reference a question rests on, as a reader outside the project understands it: the
/// first named clause (GDPR, NIS2, ISO/IEC 27001, ...) and the first guidance document, by
/// its title rather than our file name.
pub fn reference(references: &[String]) -> String {
    let is_seed = |r: &&String| r.starts_with("seed ");
    let clause = references.iter().find(|r| !is_seed(r));
    let guidance = references.iter().find(is_seed).map(|r| {
        let rest = &r["seed ".len()..];
        let end = rest.find([' ', ':']).unwrap_or(rest.len());
        let (file, tail) = rest.split_at(end);
        match areas_file().guidance.get(file) {
            Some(title) => format!("{title}{tail}"),
            None => r.clone(),
        }
    });
    clause
        .cloned()
        .into_iter()
        .chain(guidance)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The questionnaire's areas, in order.
pub fn areas() -> &'static [AreaDef] {
    &areas_file().areas
}

/// The version of a declaration a questionnaire is made for: a hash of its content (not of
/// its bytes, so comments and layout do not change it).
pub fn version(doc: &Value) -> String {
    let digest = Sha256::digest(serde_json::to_string(doc).unwrap_or_default().as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The key a questionnaire names its declaration by: `declaration.id`, or the file's name.
pub fn declaration_key(doc: &Value, path: &Path) -> String {
    doc.pointer("/declaration/id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
}

/// The id a questionnaire for `doc` carries.
pub fn questionnaire_id(doc: &Value, path: &Path) -> QuestionnaireId {
    QuestionnaireId {
        declaration: declaration_key(doc, path),
        version: version(doc),
    }
}

/// Build the questionnaire for the declaration `bytes` (read from `path`) under `options`
/// (its language, date, configuration and rule packs). A file that does not load as a
/// declaration gives its report back, to be shown like `check` shows it.
pub fn build(
    path: &Path,
    bytes: &[u8],
    options: &LintOptions,
) -> Result<Questionnaire, Box<FileReport>> {
    let linted = lint_bytes(path, bytes, options).file;
    let loaded = load_bytes(bytes, Format::from_path(path), &options.limits);
    let doc = match loaded.document {
        Some(d) if d.value.get("kind").and_then(Value::as_str) == Some("vendor-declaration") => {
            d.value
        }
        _ => return Err(Box::new(linted)),
    };
    let findings = linted.diagnostics.iter().chain(&linted.questions);
    let mut asked: Vec<String> = Vec::new();
    let mut by_area: Vec<Vec<Item>> = vec![Vec::new(); areas().len()];
    let mut found: Vec<(usize, &Diagnostic)> = findings
        .filter(|d| d.waived.is_none())
        .filter_map(|d| Some((area_of(&options.packs, &d.rule)?, d)))
        .collect();
    found.sort_by_key(|(area, d)| (*area, d.span.map(|s| s.start), d.rule.clone()));
    for (area, d) in found {
        let Some(question) = d.question.clone() else {
            continue;
        };
        let mut fields = Vec::new();
        for p in d.answers.iter().cloned() {
            if asked.contains(&p) {
                continue;
            }
            if let Some((answer, help)) = schema::answer_at(&p) {
                fields.push(Field {
                    label: label(&doc, &p),
                    help: crate::base::first_sentence(&help).to_string(),
                    answer,
                    recorded: recorded(doc.pointer(&p)),
                    pointer: p.clone(),
                });
                asked.push(p);
            }
        }
        // The same question about several statements (MFA for customers and for admins) is
        // asked once, with a value to fill in for each.
        if let Some(same) = by_area[area]
            .iter_mut()
            .find(|i| i.rule == d.rule && i.question == question)
        {
            same.fields.extend(fields);
            if d.severity > same.severity {
                same.severity = d.severity;
            }
            if d.kind == Kind::Gap {
                same.kind = Kind::Gap;
            }
            continue;
        }
        let rule = options.packs.iter().find_map(|p| p.get(&d.rule));
        by_area[area].push(Item {
            number: String::new(),
            rule: d.rule.clone(),
            kind: d.kind,
            severity: d.severity,
            question,
            why: d.help.clone().unwrap_or_default(),
            finding: d.message.clone(),
            reference: rule.map(|r| reference(&r.references)).unwrap_or_default(),
            line: d.span.map_or(0, |s| s.start.line as usize),
            fields,
        });
    }
    let mut out = Vec::new();
    for (def, mut items) in areas().iter().zip(by_area) {
        if items.is_empty() {
            continue;
        }
        let n = out.len() + 1;
        for (i, item) in items.iter_mut().enumerate() {
            item.number = format!("{n}.{}", i + 1);
        }
        out.push(Area {
            key: def.id.clone(),
            title: def.title.get(options.lang).to_string(),
            items,
        });
    }
    Ok(Questionnaire {
        id: questionnaire_id(&doc, path),
        lang: options.lang,
        vendor: doc
            .pointer("/vendor/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        declaration: crate::base::display_path(path),
        date: options.today.clone(),
        areas: out,
    })
}

/// The area a rule's findings are asked under; `None` for rules that are not for the vendor
/// (the declaration's own upkeep) and for tool codes.
fn area_of(packs: &[Arc<RulePack>], rule: &str) -> Option<usize> {
    let domain = &packs.iter().find_map(|p| p.get(rule))?.domain;
    areas().iter().position(|a| a.domains.contains(domain))
}

/// A short name for the value at `pointer`: its path below the statement or list item it
/// belongs to, with list items named by their id.
fn label(doc: &Value, pointer: &str) -> String {
    let tokens = pointer_tokens(pointer);
    let mut parts: Vec<String> = Vec::new();
    let mut here = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        here = schema::child(&here, t);
        if t.parse::<usize>().is_ok() {
            let id = doc
                .pointer(&format!("{here}/id"))
                .and_then(Value::as_str)
                .map_or_else(
                    || format!("#{}", t.parse::<usize>().unwrap() + 1),
                    |id| format!("`{id}`"),
                );
            parts.pop();
            parts.push(id);
        } else if !(t == "controls" || t == "params") {
            parts.push(t.clone());
        }
        i += 1;
    }
    parts.join(" › ")
}

/// What is recorded at a place now, as text: `not stated`, `unknown`, `24`, `dk-1, se-2`.
pub fn recorded(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "not stated".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) if items.is_empty() => "none".to_string(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        Some(v) => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_domain_but_the_declarations_own_is_in_exactly_one_area() {
        let schema: Value = serde_json::from_str(crate::rules::pack::RULES_SCHEMA).unwrap();
        let domains = schema
            .pointer("/$defs/rule/properties/domain/enum")
            .or_else(|| schema.pointer("/properties/rules/items/properties/domain/enum"))
            .and_then(Value::as_array)
            .expect("the rule schema lists the domains");
        for d in domains.iter().filter_map(Value::as_str) {
            let n = areas()
                .iter()
                .filter(|a| a.domains.iter().any(|x| x == d))
                .count();
            let expected = usize::from(!matches!(d, "declaration" | "evidence"));
            assert_eq!(n, expected, "domain {d} is in {n} areas");
        }
        for a in areas() {
            assert!(!a.title.da.is_empty() && !a.title.sv.is_empty(), "{}", a.id);
        }
        for key in crate::rules::engine::control_keys() {
            let n = areas().iter().filter(|a| a.controls.contains(key)).count();
            assert_eq!(n, 1, "control {key} is in {n} areas");
        }
    }

    #[test]
    fn references_name_the_clause_and_the_guidance_by_its_title() {
        let refs = [
            "seed 000_6510ad7a11dc3bf5.txt (S0-05): \"Hvordan og hvor tages backup?\"".to_string(),
            "GDPR Art. 32(1)(c)".to_string(),
            "ISO/IEC 27001:2022 A.8.13".to_string(),
        ];
        assert_eq!(
            reference(&refs),
            "GDPR Art. 32(1)(c); virk.dk, Anbefaling 16 – IT-sikkerhed hos jeres \
             samarbejdspartnere (S0-05): \"Hvordan og hvor tages backup?\""
        );
        // Every seed a rule cites has a title.
        for rule in &crate::rules::builtin().rules {
            for r in rule.references.iter().filter(|r| r.starts_with("seed ")) {
                assert!(!reference(std::slice::from_ref(r)).contains(".txt"), "{r}");
            }
        }
    }

    #[test]
    fn labels_name_list_items_by_their_id() {
        let doc = json!({"data_locations": [{"id": "dk-1"}, {}], "services": [{"id": "web"}]});
        assert_eq!(label(&doc, "/data_locations/0/country"), "`dk-1` › country");
        assert_eq!(label(&doc, "/data_locations/1/country"), "#2 › country");
        assert_eq!(
            label(&doc, "/services/0/controls/backup/params/retention_days"),
            "`web` › backup › retention_days"
        );
        assert_eq!(
            label(&doc, "/contract/sla/rto_hours"),
            "contract › sla › rto_hours"
        );
    }

    #[test]
    fn the_version_follows_the_content_not_the_layout() {
        let a = version(&json!({"a": 1, "b": [true]}));
        assert_eq!(a.len(), 12);
        assert_eq!(a, version(&json!({"a": 1, "b": [true]})));
        assert_ne!(a, version(&json!({"a": 2, "b": [true]})));
    }
}

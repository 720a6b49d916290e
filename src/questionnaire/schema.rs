//! What kind of answer a place in a declaration takes, read from the declaration schema: the
//! questionnaire offers a drop-down where the schema has an enum, a number where it has a
//! number, and so on; the answer import checks a cell against the same.

use crate::base::questionnaire::Answer;
use crate::base::{escape_token, pointer_tokens};
use crate::validate::declaration_validator;
use serde_json::Value;

/// The schema node for the value at `pointer` (list indexes step into `items`), with its
/// description: `None` where the schema has no such place.
pub fn schema_at(pointer: &str) -> Option<(&'static Value, String)> {
    let root = declaration_validator().schema();
    let mut node = root;
    let mut description = String::new();
    for token in pointer_tokens(pointer) {
        node = step(root, node, &token)?;
        description = node
            .get("description")
            .and_then(Value::as_str)
            .or_else(|| {
                resolve(root, node)
                    .get("description")
                    .and_then(Value::as_str)
            })
            .unwrap_or("")
            .to_string();
    }
    Some((node, description))
}

/// The answer the value at `pointer` takes; `None` for what a cell cannot hold (an object, a
/// list of records) or a place the schema does not have.
pub fn answer_at(pointer: &str) -> Option<(Answer, String)> {
    let (node, description) = schema_at(pointer)?;
    let root = declaration_validator().schema();
    answer_of(root, node).map(|a| (a, description))
}

/// Follow `$ref`s to the node they name.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

/// The name of the `$defs` entry a node refers to, if it is a reference.
fn ref_name(node: &Value) -> Option<&str> {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
}

fn step<'a>(root: &'a Value, node: &'a Value, token: &str) -> Option<&'a Value> {
    let node = resolve(root, node);
    if let Some(p) = node.get("properties").and_then(|p| p.get(token)) {
        return Some(p);
    }
    if let Some(items) = node.get("items")
        && token.parse::<usize>().is_ok()
    {
        return Some(items);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in node
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(found) = step(root, branch, token) {
                return Some(found);
            }
        }
    }
    match node.get("additionalProperties") {
        Some(extra @ Value::Object(_)) => Some(extra),
        _ => None,
    }
}

fn answer_of(root: &Value, node: &Value) -> Option<Answer> {
    if matches!(ref_name(node), Some("country")) {
        return Some(Answer::Country);
    }
    if matches!(ref_name(node), Some("unknown_answer")) {
        return None;
    }
    let node = resolve(root, node);
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values
            .iter()
            .filter_map(Value::as_str)
            .filter(|v| *v != "unknown")
            .map(str::to_string)
            .collect();
        return Some(Answer::Choice(values));
    }
    if let Some(branches) = node.get("anyOf").and_then(Value::as_array) {
        // `known_*`: the value's own type or an unknown answer; a list or `unknown`.
        return branches.iter().find_map(|b| answer_of(root, b));
    }
    let min = node.get("minimum");
    match node.get("type").and_then(Value::as_str)? {
        "boolean" => Some(Answer::YesNo),
        "integer" => Some(Answer::Integer {
            min: min.and_then(Value::as_i64),
        }),
        "number" => Some(Answer::Number {
            min: min.and_then(Value::as_f64),
        }),
        "string" if node.get("format").and_then(Value::as_str) == Some("date") => {
            Some(Answer::Date)
        }
        "string" => Some(Answer::Text),
        "array" => {
            let items = resolve(root, node.get("items")?);
            if let Some(values) = items.get("enum").and_then(Value::as_array) {
                return Some(Answer::Several(
                    values
                        .iter()
                        .filter_map(Value::as_str)
                        .filter(|v| !matches!(*v, "unknown" | "not_disclosed"))
                        .map(str::to_string)
                        .collect(),
                ));
            }
            (items.get("type").and_then(Value::as_str) == Some("string")).then_some(Answer::List)
        }
        _ => None,
    }
}

/// A JSON pointer to `key` below `base`.
pub fn child(base: &str, key: &str) -> String {
    format!("{base}/{}", escape_token(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_follow_the_schema() {
        let a = |p: &str| answer_at(p).map(|(a, _)| a);
        assert_eq!(
            a("/controls/backup/params/separate_site"),
            Some(Answer::YesNo)
        );
        assert_eq!(
            a("/services/3/controls/backup/params/retention_days"),
            Some(Answer::Integer { min: Some(0) })
        );
        assert_eq!(
            a("/contract/sla/availability_percent"),
            Some(Answer::Number { min: Some(0.0) })
        );
        assert_eq!(
            a("/controls/security_testing/params/last_pentest"),
            Some(Answer::Date)
        );
        assert_eq!(a("/data_locations/0/country"), Some(Answer::Country));
        let Some(Answer::Choice(values)) = a("/controls/backup/responsibility") else {
            panic!("responsibility is an enum")
        };
        assert!(values.contains(&"vendor_addon".to_string()));
        assert!(values.contains(&"not_disclosed".to_string()));
        assert!(!values.contains(&"unknown".to_string()));
        assert_eq!(a("/controls/backup/params/locations"), Some(Answer::List));
        let Some(Answer::Several(values)) = a("/controls/malware_protection/params/coverage")
        else {
            panic!("coverage is a list of named values")
        };
        assert!(values.contains(&"servers".to_string()), "{values:?}");
        assert_eq!(a("/controls/backup/params"), None, "an object");
        assert_eq!(a("/certifications"), None, "a list of records");
        assert_eq!(a("/no/such/place"), None);
        let (_, help) = answer_at("/controls/backup/params/interval_hours").unwrap();
        assert!(help.starts_with("Hours between backups"), "{help}");
    }
}

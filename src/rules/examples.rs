//! Rule examples: edits of the reference declaration that must (`fail`) or must not (`pass`)
//! trigger a rule. The test suite runs every one; `vendorlint explain` prints them.

use crate::base::pointer_tokens;
use serde_json::{Map, Value};

/// The reference declaration examples are applied to: a well-run vendor.
pub const REFERENCE_DECLARATION: &str = include_str!("../../fixtures/vendors/nordlys-cloud.yaml");

/// The reference declaration as a value, to patch.
pub fn reference_declaration() -> Value {
    crate::load::load_bytes(
        REFERENCE_DECLARATION.as_bytes(),
        crate::load::Format::Yaml,
        &crate::load::Limits::default(),
    )
    .document
    .expect("the reference declaration loads")
    .value
}

/// Apply one patch (`{set: {pointer: value}, remove: [pointer]}`) to a document.
pub fn apply_patch(doc: &mut Value, patch: &Value) -> Result<(), String> {
    for p in patch
        .get("remove")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let p = p.as_str().unwrap_or_default();
        let tokens = pointer_tokens(p);
        let (last, parent) = tokens
            .split_last()
            .ok_or("cannot remove the whole document")?;
        let parent =
            navigate(doc, parent, false).ok_or_else(|| format!("remove: `{p}` does not exist"))?;
        let removed = match parent {
            Value::Object(m) => m.shift_remove(last).is_some(),
            Value::Array(a) => last
                .parse::<usize>()
                .ok()
                .filter(|&i| i < a.len())
                .map(|i| a.remove(i))
                .is_some(),
            _ => false,
        };
        if !removed {
            return Err(format!("remove: `{p}` does not exist"));
        }
    }
    for (p, v) in patch
        .get("set")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let tokens = pointer_tokens(p);
        let (last, parent) = tokens
            .split_last()
            .ok_or("cannot replace the whole document")?;
        let parent =
            navigate(doc, parent, true).ok_or_else(|| format!("set: cannot reach `{p}`"))?;
        match parent {
            Value::Object(m) => {
                m.insert(last.clone(), v.clone());
            }
            Value::Array(a) if last == "-" => a.push(v.clone()),
            Value::Array(a) => match last.parse::<usize>() {
                Ok(i) if i < a.len() => a[i] = v.clone(),
                Ok(i) if i == a.len() => a.push(v.clone()),
                _ => return Err(format!("set: `{p}` is past the end of the list")),
            },
            _ => return Err(format!("set: `{p}` is inside a scalar")),
        }
    }
    Ok(())
}

fn navigate<'a>(mut v: &'a mut Value, tokens: &[String], create: bool) -> Option<&'a mut Value> {
    for t in tokens {
        v = match v {
            Value::Object(m) => {
                if create && !m.contains_key(t) {
                    m.insert(t.clone(), Value::Object(Map::new()));
                }
                m.get_mut(t)?
            }
            Value::Array(a) => a.get_mut(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_and_remove() {
        let mut d = json!({"a": {"b": 1}, "l": [1, 2]});
        apply_patch(
            &mut d,
            &json!({"set": {"/a/c/d": true, "/l/-": 3, "/l/0": 0}, "remove": ["/a/b"]}),
        )
        .unwrap();
        assert_eq!(d, json!({"a": {"c": {"d": true}}, "l": [0, 2, 3]}));
        assert!(apply_patch(&mut d, &json!({"remove": ["/nope"]})).is_err());
    }
}

//! The declaration schema as the editor features read it: the schema node for a JSON pointer
//! or a path of YAML keys (through local `$ref`s and list items), descriptions, property names
//! and enum values; and the pointer of the key or value under the cursor.

use crate::base::{Pos, Span, escape_token, first_sentence};
use crate::load::SpanNode;
use serde_json::Value;

/// The node a local `$ref` (`#/...`) points at, if `node` is one.
pub fn follow_ref<'a>(root: &'a Value, node: &Value) -> Option<&'a Value> {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| root.pointer(p))
}

/// The first node along `$ref`s that has a description.
pub fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        if node.get("description").is_some() {
            break;
        }
        match follow_ref(root, node) {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

/// The schema node describing the value at `tokens`.
pub fn schema_at<'a>(root: &'a Value, node: &'a Value, tokens: &[String]) -> Option<&'a Value> {
    let mut node = node;
    for t in tokens {
        node = full(root, node);
        node = if t.parse::<usize>().is_ok() && node.get("items").is_some() {
            &node["items"]
        } else if let Some(p) = node.get("properties").and_then(|p| p.get(t)) {
            p
        } else if let Some(pp) = node.get("patternProperties").and_then(Value::as_object) {
            pp.values().next()?
        } else {
            node.get("additionalProperties").filter(|v| v.is_object())?
        };
    }
    Some(node)
}

/// Like `schema_at`, stepping through lists by key names alone (YAML indentation has no
/// indices).
pub fn schema_at_keys<'a>(root: &'a Value, keys: &[String]) -> Option<&'a Value> {
    let mut node = root;
    for k in keys {
        node = schema_at(root, into_items(root, node), std::slice::from_ref(k))?;
    }
    Some(into_items(root, node))
}

/// `resolve`, always following a `$ref` (for structure, not description).
pub fn full<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match follow_ref(root, node) {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

/// A list's item schema (for a list that is not also an object), else the node itself.
pub fn into_items<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let node = full(root, node);
    if node.get("items").is_some() && node.get("properties").is_none() {
        full(root, &node["items"])
    } else {
        node
    }
}

pub fn enum_values(root: &Value, node: &Value) -> Option<Vec<String>> {
    let n = full(root, node);
    let mut out: Vec<String> = Vec::new();
    let mut collect = |n: &Value| {
        if let Some(e) = n.get("enum").and_then(Value::as_array) {
            out.extend(e.iter().filter_map(|v| v.as_str().map(str::to_string)));
        }
    };
    collect(n);
    for k in ["anyOf", "oneOf"] {
        for alt in n.get(k).and_then(Value::as_array).into_iter().flatten() {
            collect(full(root, alt));
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

pub fn properties(root: &Value, node: &Value) -> Option<Vec<(String, String)>> {
    let n = full(root, node);
    let props = n.get("properties")?.as_object()?;
    Some(
        props
            .iter()
            .map(|(k, v)| {
                let d = resolve(root, v)
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                (k.clone(), first_sentence(d).to_string())
            })
            .collect(),
    )
}

/// The JSON pointer of the innermost key or value whose span holds `pos`, and that span.
pub fn pointer_at(node: &SpanNode, value: &Value, pos: Pos) -> Option<(String, Span)> {
    let inside = |s: Span| s.start <= pos && pos < s.end || (s.start == s.end && s.start == pos);
    match (node, value) {
        (SpanNode::Map { entries, .. }, Value::Object(map)) => {
            for ((k, v), (key_span, child)) in map.iter().zip(entries) {
                let token = escape_token(k);
                if inside(*key_span) {
                    return Some((format!("/{token}"), *key_span));
                }
                if inside(child.span())
                    && let Some((p, s)) =
                        pointer_at(child, v, pos).or(Some((String::new(), child.span())))
                {
                    return Some((format!("/{token}{p}"), s));
                }
            }
            None
        }
        (SpanNode::Seq { items, .. }, Value::Array(values)) => {
            for (i, (child, v)) in items.iter().zip(values).enumerate() {
                if inside(child.span()) {
                    let (p, s) = pointer_at(child, v, pos).unwrap_or((String::new(), child.span()));
                    return Some((format!("/{i}{p}"), s));
                }
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::pointer_tokens;
    use crate::load::{Format, Limits, load_bytes};

    #[test]
    fn hover_finds_the_schema_description() {
        let text = "kind: vendor-declaration\nversion: 1\nvendor:\n  name: Å\n  country: DK\n";
        let doc = load_bytes(text.as_bytes(), Format::Yaml, &Limits::default())
            .document
            .unwrap();
        let (p, _) = pointer_at(&doc.spans, &doc.value, Pos::new(5, 4)).unwrap();
        assert_eq!(p, "/vendor/country");
        let schema = crate::validate::declaration_validator().schema();
        let node = schema_at(schema, schema, &pointer_tokens(&p)).unwrap();
        assert!(resolve(schema, node).get("description").is_some());
    }

    #[test]
    fn keys_step_through_lists_and_find_enum_values_and_properties() {
        let schema = crate::validate::declaration_validator().schema();
        let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let vendor = schema_at_keys(schema, &keys(&["vendor"])).unwrap();
        let props = properties(schema, vendor).unwrap();
        assert!(props.iter().any(|(k, _)| k == "country"), "{props:?}");
        let prov = schema_at_keys(schema, &keys(&["vendor", "provenance"])).unwrap();
        let values = enum_values(schema, prov).unwrap();
        assert!(values.contains(&"verified".to_string()), "{values:?}");
        let services = schema_at_keys(schema, &keys(&["services"])).unwrap();
        assert!(properties(schema, services).is_some(), "list items");
    }
}

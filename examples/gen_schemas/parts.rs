//! Builders for the pieces the declaration schema is made of. Each returns a schema as a
//! [`Value`]; the members come out in a fixed order (`serde_json`'s `preserve_order`), so the
//! generated file is stable.

use serde_json::{Map, Value, json};
use vendorlint::base::vocab::{NOT_DISCLOSED, UNKNOWN, UNKNOWN_ANSWERS};

/// What a validator says of a value that does not match `RULE_SELECTOR_PATTERN` (a waiver's
/// `rule`, a configuration's `select`, `ignore` and `[severity]` keys).
pub const RULE_SELECTOR_MESSAGE: &str =
    "is not a rule id such as \"BAK-001\" or a prefix of one ending at a `-`, such as \"BAK\"";

/// The enum descriptions of the two answers that are not an answer.
pub fn unknown_answer_description(answer: &str) -> &'static str {
    match answer {
        UNKNOWN => "Asked, not (yet) answered, or the documents do not say.",
        NOT_DISCLOSED => "The vendor declines to say.",
        _ => panic!("`{answer}` is not one of {UNKNOWN_ANSWERS:?}"),
    }
}

/// `{"$ref": "#/$defs/NAME"}`.
pub fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{name}") })
}

/// A `$ref` with a description of its own.
pub fn rd(name: &str, desc: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{name}"), "description": desc })
}

/// `true`/`false`, or an unknown answer.
pub fn kb(desc: &str) -> Value {
    rd("known_bool", desc)
}

/// A whole number (0 or more), or an unknown answer.
pub fn ki(desc: &str) -> Value {
    rd("known_integer", desc)
}

/// A number (0 or more), or an unknown answer.
pub fn kn(desc: &str) -> Value {
    rd("known_number", desc)
}

/// A date, or an unknown answer.
pub fn kd(desc: &str) -> Value {
    rd("known_date", desc)
}

/// An id (of a source, service, subprocessor, ...).
pub fn id_ref(desc: &str) -> Value {
    rd("id", desc)
}

/// A list of distinct ids.
pub fn id_list(desc: &str) -> Value {
    unique_list(desc, r("id"))
}

/// A non-empty string.
pub fn text(desc: &str) -> Value {
    json!({ "description": desc, "type": "string", "minLength": 1 })
}

/// A string that may be empty.
pub fn free_text(desc: &str) -> Value {
    json!({ "description": desc, "type": "string" })
}

/// One of `options` (value, what it means), or `unknown` / `not_disclosed`.
pub fn known_enum(desc: &str, options: &[(&str, &str)]) -> Value {
    let mut all: Vec<(&str, &str)> = options.to_vec();
    for answer in UNKNOWN_ANSWERS {
        if !options.iter().any(|(v, _)| *v == answer) {
            all.push((answer, unknown_answer_description(answer)));
        }
    }
    plain_enum(desc, &all)
}

/// One of `options` (value, what it means), and nothing else.
pub fn plain_enum(desc: &str, options: &[(&str, &str)]) -> Value {
    let values: Vec<&str> = options.iter().map(|(v, _)| *v).collect();
    let descriptions: Vec<&str> = options.iter().map(|(_, d)| *d).collect();
    json!({
        "description": desc,
        "type": "string",
        "enum": values,
        "markdownEnumDescriptions": descriptions,
    })
}

/// A closed object: no properties but `props` (an object of schemas).
pub fn obj(desc: &str, props: Value) -> Value {
    obj_required(desc, &[], props)
}

/// A closed object with required properties.
pub fn obj_required(desc: &str, required: &[&str], props: Value) -> Value {
    let mut s = Map::new();
    s.insert("description".into(), desc.into());
    s.insert("type".into(), "object".into());
    if !required.is_empty() {
        s.insert("required".into(), json!(required));
    }
    s.insert("additionalProperties".into(), false.into());
    assert!(props.is_object(), "properties come as an object");
    s.insert("properties".into(), props);
    s.into()
}

/// A list whose items are distinct.
pub fn unique_list(desc: &str, items: Value) -> Value {
    json!({ "description": desc, "type": "array", "items": items, "uniqueItems": true })
}

/// A list that may repeat an item.
pub fn list(desc: &str, items: Value) -> Value {
    json!({ "description": desc, "type": "array", "items": items })
}

/// A list that may repeat an item, or `unknown` / `not_disclosed` for the whole list.
pub fn known_any_list(desc: &str, items: Value) -> Value {
    json!({
        "description": desc,
        "anyOf": [{ "type": "array", "items": items }, r("unknown_answer")],
    })
}

/// A list of distinct items, or `unknown` / `not_disclosed` for the whole list.
pub fn known_list(desc: &str, items: Value) -> Value {
    json!({
        "description": desc,
        "anyOf": [{ "type": "array", "items": items, "uniqueItems": true }, r("unknown_answer")],
    })
}

/// `props` (an object of schemas) followed by the properties every contract section, data
/// location and subprocessor ends with: how binding it is, how we know, the evidence and notes.
pub fn with_extras(mut props: Value) -> Value {
    props["commitment"] = rd(
        "commitment",
        "How binding these terms are: `contractual` if in the signed contract/DPA/SLA, `policy` \
         if only stated in a policy or answer.",
    );
    props["provenance"] = r("provenance");
    props["evidence"] = r("evidence");
    props["notes"] = r("notes");
    props
}

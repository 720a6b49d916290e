//! The committed schemas are what `examples/gen_schemas` generates (so nobody hand-edits one of
//! the 37 near-identical control definitions and forgets the others, or a pattern that the
//! code shares through `vendorlint::base::vocab`).

use std::path::Path;

#[path = "../examples/gen_schemas/generator.rs"]
mod generator;

fn read(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {file}: {e}"))
}

#[test]
fn committed_schemas_match_their_generator() {
    let mut stale = Vec::new();
    for (file, generate) in generator::SCHEMAS {
        let generated = generate();
        let committed = read(file);
        if generated != committed {
            stale.push(format!(
                "{file} is stale{}",
                first_difference(&committed, &generated)
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nrun `cargo run --example gen_schemas` to regenerate, and commit the result",
        stale.join("\n")
    );
}

/// Where two texts first differ, by line: ", first at line N:\n  committed: ...\n  generated: ...".
fn first_difference(committed: &str, generated: &str) -> String {
    let (mut a, mut b) = (committed.split('\n'), generated.split('\n'));
    for line in 1.. {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => {
                let show = |l: Option<&str>| l.map_or("(end of file)".to_string(), str::to_string);
                return format!(
                    ", first at line {line}:\n  committed: {}\n  generated: {}",
                    show(x),
                    show(y)
                );
            }
        }
    }
    unreachable!("the loop returns at the first difference")
}

#[test]
fn rule_and_config_schemas_are_valid_draft_2020_12() {
    for file in [
        "schemas/rules.v1.schema.json",
        "schemas/config.v1.schema.json",
    ] {
        let schema: serde_json::Value = serde_json::from_str(&read(file)).unwrap();
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{file} is not a valid draft 2020-12 schema"
        );
    }
}

#[test]
fn schema_is_valid_draft_2020_12_and_every_object_is_closed() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/declaration.v1.schema.json"),
    )
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(jsonschema::meta::is_valid(&schema));
    fn walk(v: &serde_json::Value, at: &str, bad: &mut Vec<String>) {
        if let Some(m) = v.as_object() {
            if m.get("type").and_then(|t| t.as_str()) == Some("object")
                && !m.contains_key("additionalProperties")
            {
                bad.push(format!("{at}: object without additionalProperties"));
            }
            if let Some(props) = m.get("properties").and_then(|p| p.as_object()) {
                for (k, p) in props {
                    let described = p.get("description").is_some() || p.get("$ref").is_some();
                    if !described && k != "$schema" {
                        bad.push(format!("{at}/properties/{k}: no description"));
                    }
                }
            }
            for (k, x) in m {
                walk(x, &format!("{at}/{k}"), bad);
            }
        } else if let Some(a) = v.as_array() {
            for (i, x) in a.iter().enumerate() {
                walk(x, &format!("{at}/{i}"), bad);
            }
        }
    }
    let mut bad = Vec::new();
    walk(&schema, "", &mut bad);
    // Every `$ref` target carries a description, so a property with only a `$ref` shows one too.
    for (name, def) in schema["$defs"].as_object().unwrap() {
        if def.get("description").is_none() {
            bad.push(format!("$defs/{name}: no description"));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

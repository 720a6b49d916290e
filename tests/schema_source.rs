//! The committed schema is what `tools/gen_schema.py` generates (so nobody hand-edits one of
//! the 37 near-identical control definitions and forgets the others).

use std::path::Path;
use std::process::Command;

#[test]
fn committed_schema_matches_its_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("vendorlint-schema-{}.json", std::process::id()));
    let run = Command::new("python3")
        .arg(root.join("tools/gen_schema.py"))
        .arg(&out)
        .output();
    let Ok(run) = run else {
        eprintln!("python3 not found; cannot regenerate the schema here");
        return;
    };
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let generated = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    let committed =
        std::fs::read_to_string(root.join("schemas/declaration.v1.schema.json")).unwrap();
    assert!(
        generated == committed,
        "schemas/declaration.v1.schema.json is stale: run python3 tools/gen_schema.py schemas/declaration.v1.schema.json"
    );
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

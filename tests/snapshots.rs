//! Snapshot tests of the output formats, on the broken fixtures (run the real binary).

mod common;
use common::*;

fn output(format: &str) -> String {
    let o = run(&[
        "check",
        "--select",
        CORE,
        "--format",
        format,
        "--color",
        "never",
        "fixtures/broken",
        "fixtures/broken/empty.yaml",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn human_format() {
    insta::assert_snapshot!("human", output("human"));
}

#[test]
fn short_format() {
    let out = output("short");
    // Every line has the documented shape.
    for line in out.lines() {
        let parts: Vec<&str> = line.splitn(4, ':').collect();
        assert!(
            parts.len() == 4 && parts[1].parse::<u32>().is_ok() && parts[2].parse::<u32>().is_ok(),
            "{line}"
        );
        assert!(
            parts[3].starts_with(" error[")
                || parts[3].starts_with(" warning[")
                || parts[3].starts_with(" info["),
            "{line}"
        );
    }
    insta::assert_snapshot!("short", out);
}

#[test]
fn json_format() {
    let out = output("json");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    // The documented fields, on every diagnostic.
    for d in v["diagnostics"].as_array().unwrap() {
        for key in [
            "path",
            "rule",
            "severity",
            "message",
            "pointer",
            "line",
            "column",
            "end_line",
            "end_column",
            "help",
            "references",
            "labels",
        ] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
    }
    let s = &v["summary"];
    let n = v["diagnostics"].as_array().unwrap().len() as u64;
    assert_eq!(
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap(),
        n
    );
    insta::assert_json_snapshot!("json", v, { ".tool.version" => "[version]" });
}

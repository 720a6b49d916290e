//! Messages are for people: on every real and seed vendor (gaps and open questions alike), no
//! message holds a JSON pointer (the position already says where), an empty list, or a
//! placeholder for a value that was not there.

mod common;
use common::*;
use serde_json::Value;

/// A JSON pointer in prose: `/a/b` with at least two segments, not part of a URL.
fn pointer_in(text: &str) -> Option<&str> {
    text.split([' ', '`', '(', ')', ',', ';', '"']).find(|w| {
        w.starts_with('/')
            && w.len() > 2
            && w[1..].split('/').count() >= 2
            && w[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase())
    })
}

#[test]
fn messages_hold_no_pointers_empty_lists_or_placeholders() {
    let o = run(&[
        "check",
        "--format",
        "json",
        "--questions",
        "--no-config",
        "--today",
        "2026-12-01",
        "fixtures/real",
        "fixtures/vendors",
    ]);
    let v: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    let mut bad = Vec::new();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(
        diags.len() > 100,
        "the corpus gives findings to read: {}",
        diags.len()
    );
    for d in diags {
        let m = d["message"].as_str().unwrap();
        let at = format!("{} {} {}", d["path"], d["rule"], d["pointer"]);
        if let Some(p) = pointer_in(m) {
            bad.push(format!("{at}: a JSON pointer `{p}` in {m:?}"));
        }
        if m.contains('\n') || m.trim() != m || m.ends_with([';', ',', ':']) {
            bad.push(format!("{at}: a message broken or left open: {m:?}"));
        }
        if m.contains("[]") {
            bad.push(format!("{at}: an empty list in {m:?}"));
        }
        if m.contains("(none)") || m.contains(" ? ") || m.contains("(?)") || m.contains("null") {
            bad.push(format!("{at}: a placeholder in {m:?}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_pointer_detector_sees_pointers_and_not_prose() {
    assert_eq!(
        pointer_in("set `/services/0/controls/backup` first"),
        Some("/services/0/controls/backup")
    );
    assert_eq!(pointer_in("kept 24/7 and read/write"), None);
    assert_eq!(pointer_in("see https://example.org/a/b"), None);
}

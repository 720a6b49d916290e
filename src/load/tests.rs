use super::*;
use crate::base::Pos;
use serde_json::json;

fn yaml(text: &str) -> Loaded {
    load_bytes(text.as_bytes(), Format::Yaml, &Limits::default())
}

fn json(text: &str) -> Loaded {
    load_bytes(text.as_bytes(), Format::Json, &Limits::default())
}

fn sp(l1: u32, c1: u32, l2: u32, c2: u32) -> Span {
    Span::new(Pos::new(l1, c1), Pos::new(l2, c2))
}

fn codes_of(l: &Loaded) -> Vec<&str> {
    l.diagnostics.iter().map(|d| d.rule.as_str()).collect()
}

#[test]
fn yaml_spans_count_characters_not_bytes() {
    let l = yaml("vendor:\n  name: \"Ærø Øl\"\n  country: DK\nsøg: [æ, ø]\n");
    let doc = l.document.expect("parses");
    assert_eq!(doc.locate("/vendor/name", Target::Value), sp(2, 9, 2, 17));
    assert_eq!(
        doc.locate("/vendor/country", Target::Value),
        sp(3, 12, 3, 14)
    );
    assert_eq!(doc.locate("/vendor/country", Target::Key), sp(3, 3, 3, 10));
    assert_eq!(doc.locate("/søg/1", Target::Value), sp(4, 10, 4, 11));
    // A block mapping ends where its last entry ends.
    assert_eq!(doc.locate("/vendor", Target::Value), sp(2, 3, 3, 14));
}

#[test]
fn missing_pointer_lands_on_nearest_existing_key() {
    let doc = yaml("contract:\n  dpa:\n    signed: true\n")
        .document
        .unwrap();
    assert_eq!(
        doc.locate("/contract/dpa/template", Target::Value),
        sp(2, 3, 2, 6)
    );
    assert_eq!(
        doc.locate("/contract/sla/rto_hours", Target::Value),
        sp(1, 1, 1, 9)
    );
    // Missing at the root: the document's first key.
    assert_eq!(doc.locate("/nope", Target::Value), sp(1, 1, 1, 9));
    // A list item has no key: its first key stands for it.
    let doc = yaml("waivers:\n  - rule: BAK-001\n    reason: x\n")
        .document
        .unwrap();
    assert_eq!(doc.locate("/waivers/0", Target::Key), sp(2, 5, 2, 9));
}

#[test]
fn json_spans_match_yaml_semantics() {
    let l = json(
        "{\n  \"vendor\": {\"name\": \"Ærø\", \"country\": \"NO\"},\n  \"n\": [1, 2.5, -3e2]\n}\n",
    );
    let doc = l.document.expect("parses");
    assert_eq!(
        doc.value,
        json!({"vendor": {"name": "Ærø", "country": "NO"}, "n": [1, 2.5, -300.0]})
    );
    assert_eq!(
        doc.locate("/vendor/country", Target::Value),
        sp(2, 40, 2, 44)
    );
    assert_eq!(doc.locate("/vendor/country", Target::Key), sp(2, 29, 2, 38));
    assert_eq!(doc.locate("/n/2", Target::Value), sp(3, 17, 3, 21));
    assert_eq!(doc.locate("/vendor", Target::Value), sp(2, 13, 2, 45));
}

#[test]
fn yaml_12_core_schema() {
    let doc = yaml("a: NO\nb: yes\nc: on\nd: true\ne: 0x1F\nf: 1.2\ng: 2026-11-22\nh: ~\ni: '1'\nj: 0o17\nk: .5\n")
        .document
        .unwrap();
    assert_eq!(
        doc.value,
        json!({"a": "NO", "b": "yes", "c": "on", "d": true, "e": 31, "f": 1.2, "g": "2026-11-22", "h": null, "i": "1", "j": 15, "k": 0.5})
    );
}

#[test]
fn yaml11_booleans_warn_with_position() {
    let l = yaml("country: NO\nname: \"NO\"\n");
    assert_eq!(codes_of(&l), vec![codes::AMBIGUOUS_SCALAR]);
    let d = &l.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.span, Some(sp(1, 10, 1, 12)));
    assert!(d.message.contains("boolean false"), "{}", d.message);
}

#[test]
fn duplicate_key_is_error_at_second_occurrence() {
    let l = yaml("vendor:\n  name: A\n  name: B\n");
    assert_eq!(codes_of(&l), vec![codes::DUPLICATE_KEY]);
    assert_eq!(l.diagnostics[0].span, Some(sp(3, 3, 3, 7)));
    assert_eq!(l.diagnostics[0].labels[0].span, Some(sp(2, 3, 2, 7)));
    // The first value is kept.
    assert_eq!(l.document.unwrap().value, json!({"vendor": {"name": "A"}}));
    let j = json("{\"a\": 1, \"a\": 2}");
    assert_eq!(codes_of(&j), vec![codes::DUPLICATE_KEY]);
    assert_eq!(j.diagnostics[0].span, Some(sp(1, 10, 1, 13)));
}

#[test]
fn alias_bomb_is_capped() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let start = std::time::Instant::now();
    let l = yaml(&text);
    assert!(l.document.is_none());
    assert_eq!(codes_of(&l), vec![codes::LIMIT]);
    assert!(l.diagnostics[0].message.contains("nodes"));
    // Bounded: far from the 10^10 nodes the text asks for (generous bound for slow CI).
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn aliases_expand_normally() {
    let doc = yaml("a: &x {k: 1}\nb: *x\n").document.unwrap();
    assert_eq!(doc.value, json!({"a": {"k": 1}, "b": {"k": 1}}));
}

#[test]
fn deep_nesting_is_capped() {
    for (text, format) in [
        ("[".repeat(100_000), Format::Yaml),
        ("[".repeat(100_000), Format::Json),
        ("{\"a\":".repeat(100_000), Format::Json),
    ] {
        let l = load_bytes(text.as_bytes(), format, &Limits::default());
        assert!(l.document.is_none());
        assert_eq!(codes_of(&l), vec![codes::LIMIT], "{format:?}");
        assert_eq!(l.diagnostics[0].span.unwrap().start.line, 1);
    }
    let nested = "a:\n".to_string()
        + &(1..200)
            .map(|i| format!("{}a:\n", "  ".repeat(i)))
            .collect::<String>();
    assert_eq!(codes_of(&yaml(&nested)), vec![codes::LIMIT]);
}

#[test]
fn invalid_utf8_reports_position() {
    let mut bytes = b"vendor:\n  name: Bl".to_vec();
    bytes.push(0xE5); // Latin-1 'å'
    bytes.extend_from_slice(b"b\xe6r\n");
    let l = load_bytes(&bytes, Format::Yaml, &Limits::default());
    assert_eq!(codes_of(&l), vec![codes::ENCODING]);
    assert_eq!(l.diagnostics[0].span.unwrap().start, Pos::new(2, 11));
    assert!(l.diagnostics[0].message.contains("0xE5"));
}

#[test]
fn empty_and_comment_only_files() {
    for text in ["", "   \n\n", "# just a comment\n", "---\n"] {
        let l = yaml(text);
        assert_eq!(codes_of(&l), vec![codes::EMPTY], "{text:?}");
    }
    assert_eq!(codes_of(&json(" \n")), vec![codes::EMPTY]);
}

#[test]
fn bom_is_not_a_column() {
    let doc = yaml("\u{feff}a: b\n").document.unwrap();
    assert_eq!(doc.locate("/a", Target::Value), sp(1, 4, 1, 5));
}

#[test]
fn second_document_is_an_error_first_is_kept() {
    let l = yaml("a: 1\n---\nb: 2\n");
    assert_eq!(codes_of(&l), vec![codes::UNSUPPORTED]);
    assert_eq!(l.diagnostics[0].span.unwrap().start.line, 2);
    assert_eq!(l.document.unwrap().value, json!({"a": 1}));
    // A single explicit document with an end marker is fine.
    assert!(yaml("---\na: 1\n...\n").diagnostics.is_empty());
}

#[test]
fn yaml_syntax_error_has_position() {
    let l = yaml("a: [1, 2\nb: 3\n");
    assert_eq!(codes_of(&l), vec![codes::SYNTAX]);
    assert!(l.document.is_none());
    let l = yaml("a: b\n c: d\n");
    assert_eq!(codes_of(&l), vec![codes::SYNTAX]);
    assert_eq!(l.diagnostics[0].span.unwrap().start.line, 2);
}

#[test]
fn json_syntax_errors_have_positions() {
    let cases: &[(&str, Pos, &str)] = &[
        ("{\"a\": 1,}", Pos::new(1, 9), "trailing comma"),
        ("{\"a\" 1}", Pos::new(1, 6), "expected `:`"),
        ("{\n  \"å\": tru}", Pos::new(2, 8), "expected a value"),
        ("[1 2]", Pos::new(1, 4), "expected `,` or `]`"),
        ("{\"a\": \"x", Pos::new(1, 9), "unterminated string"),
        ("{} x", Pos::new(1, 4), "after the end"),
        ("[01]", Pos::new(1, 2), "leading zeros"),
        ("{'a': 1}", Pos::new(1, 2), "double quotes"),
    ];
    for (text, at, needle) in cases {
        let l = json(text);
        assert_eq!(codes_of(&l), vec![codes::SYNTAX], "{text}");
        assert_eq!(l.diagnostics[0].span.unwrap().start, *at, "{text}");
        assert!(
            l.diagnostics[0].message.contains(needle),
            "{text}: {}",
            l.diagnostics[0].message
        );
    }
}

#[test]
fn json_strings_and_escapes() {
    let doc = json(r#"{"a": "x\u00e6\ud83d\ude00\n\/"}"#)
        .document
        .unwrap();
    assert_eq!(doc.value, json!({"a": "xæ😀\n/"}));
    assert_eq!(codes_of(&json(r#"["\ud800"]"#)), vec![codes::SYNTAX]);
}

#[test]
fn unsupported_yaml_features() {
    for text in [
        "a: !custom x\n",
        "? [a]\n: b\n",
        "<<: {a: 1}\n",
        "a: .inf\n",
    ] {
        let l = yaml(text);
        assert!(
            codes_of(&l).contains(&codes::UNSUPPORTED),
            "{text}: {:?}",
            l.diagnostics
        );
    }
}

#[test]
fn file_size_limit() {
    let limits = Limits {
        max_file_bytes: 10,
        ..Limits::default()
    };
    let l = load_bytes(b"a: 1234567890\n", Format::Yaml, &limits);
    assert_eq!(codes_of(&l), vec![codes::LIMIT]);
}

#[test]
fn quoted_scalars_end_at_their_closing_quote() {
    let doc = yaml("a: \"q\"  # c\nb: 'it''s'   \nc: [ \"x\" , y ]\nd: \"æ\\\"ø\n  å\"  # z\n")
        .document
        .unwrap();
    assert_eq!(doc.locate("/a", Target::Value), sp(1, 4, 1, 7));
    assert_eq!(doc.locate("/b", Target::Value), sp(2, 4, 2, 11));
    assert_eq!(doc.locate("/c/0", Target::Value), sp(3, 6, 3, 9));
    assert_eq!(doc.locate("/d", Target::Value), sp(4, 4, 5, 5));
}

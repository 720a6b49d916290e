use super::*;
use proptest::prelude::*;
use serde_json::json;

fn set(pointer: &str, value: Value) -> Edit {
    Edit::Set {
        pointer: pointer.to_string(),
        value,
    }
}

fn push(pointer: &str, item: Value) -> Edit {
    Edit::Push {
        pointer: pointer.to_string(),
        item,
    }
}

fn yaml(text: &str, edits: &[Edit]) -> String {
    apply_edits(text, Format::Yaml, edits).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn json_edit(text: &str, edits: &[Edit]) -> String {
    apply_edits(text, Format::Json, edits).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn yaml_replaces_a_scalar_and_keeps_its_comment() {
    let text =
        "# head\nbackup:\n  params:\n    interval_hours: unknown  # ask them\n    sites: 2\n";
    let out = yaml(text, &[set("/backup/params/interval_hours", json!(24))]);
    assert_eq!(
        out,
        "# head\nbackup:\n  params:\n    interval_hours: 24  # ask them\n    sites: 2\n"
    );
}

#[test]
fn yaml_quotes_what_must_be_quoted() {
    let text = "a: x\nb: x\nc: x\nd: x\ne: x\nf: x\n";
    let out = yaml(
        text,
        &[
            set("/a", json!("NO")),
            set("/b", json!("2026-03-01")),
            set("/c", json!("vendor_addon")),
            set("/d", json!("Say \"hi\"\n\u{7}\u{202e}")),
            set("/e", json!(["dk-1", "se-2"])),
            set("/f", json!(true)),
        ],
    );
    assert_eq!(
        out,
        "a: \"NO\"\nb: \"2026-03-01\"\nc: vendor_addon\nd: \"Say \\\"hi\\\"\\n\\x07\\u202e\"\ne: [dk-1, se-2]\nf: true\n"
    );
    let back = load(&out, Format::Yaml).unwrap().value;
    assert_eq!(back["d"], json!("Say \"hi\"\n\u{7}\u{202e}"));
}

#[test]
fn yaml_inserts_a_key_after_the_last_entry_of_its_mapping() {
    let text = "vendor:\n  name: A  # trade name\n  # the rest is unknown\nother: 1\n";
    let out = yaml(text, &[set("/vendor/country", json!("DK"))]);
    assert_eq!(
        out,
        "vendor:\n  name: A  # trade name\n  country: \"DK\"\n  # the rest is unknown\nother: 1\n"
    );
}

#[test]
fn yaml_inserts_into_a_list_item_and_after_nested_blocks() {
    let text =
        "locs:\n  - id: a\n    nested:\n      deep: |\n        text\n        more\n  - id: b\n";
    let out = yaml(text, &[set("/locs/0/country", json!("SE"))]);
    assert_eq!(
        out,
        "locs:\n  - id: a\n    nested:\n      deep: |\n        text\n        more\n    country: \"SE\"\n  - id: b\n"
    );
}

#[test]
fn yaml_creates_missing_parents_as_nested_block_keys() {
    let text = "contract:\n    dpa:\n        signed: true\n";
    let out = yaml(text, &[set("/contract/sla/rto_hours", json!(4))]);
    assert_eq!(
        out,
        "contract:\n    dpa:\n        signed: true\n    sla:\n        rto_hours: 4\n"
    );
    let out = yaml("kind: x\n", &[set("/contract/sla/rto_hours", json!(4.5))]);
    assert_eq!(out, "kind: x\ncontract:\n  sla:\n    rto_hours: 4.5\n");
}

#[test]
fn yaml_replaces_a_scalar_that_stands_where_a_mapping_goes() {
    let text = "vendor:\n  security_contact: unknown  # ask\n  name: A\n";
    let out = yaml(
        text,
        &[set(
            "/vendor/security_contact/email",
            json!("sec@a.example"),
        )],
    );
    assert_eq!(
        out,
        "vendor:\n  security_contact:\n    email: \"sec@a.example\"  # ask\n  name: A\n"
    );
}

#[test]
fn yaml_flow_mappings_and_sequences_get_an_entry_before_the_bracket() {
    let text = "declaration: {id: acme}  # keep\nlist: [a, b]  # ids\nempty: {}  # e\nnone: []\n";
    let out = yaml(
        text,
        &[
            set("/declaration/status", json!("draft")),
            push("/list", json!("c")),
            set("/empty/x", json!(1)),
            push("/none", json!("z")),
            set("/declaration/review/owner", json!("Ann")),
        ],
    );
    assert_eq!(
        out,
        "declaration: {id: acme, status: draft, review: {owner: \"Ann\"}}  # keep\nlist: [a, b, c]  # ids\nempty: {x: 1}  # e\nnone: [z]\n"
    );
}

#[test]
fn yaml_appends_to_block_lists_in_their_style() {
    let item = json!({"source": "q-1", "locator": "Questions!I7", "quote": "We do."});
    let text = "a:\n  evidence:\n    - source: s\n      quote: \"x\"\n  notes: n\nb:\n  evidence:\n  - source: s\n";
    let out = yaml(
        text,
        &[
            push("/a/evidence", item.clone()),
            push("/b/evidence", item.clone()),
        ],
    );
    assert_eq!(
        out,
        "a:\n  evidence:\n    - source: s\n      quote: \"x\"\n    - source: q-1\n      locator: \"Questions!I7\"\n      quote: \"We do.\"\n  notes: n\nb:\n  evidence:\n  - source: s\n  - source: q-1\n    locator: \"Questions!I7\"\n    quote: \"We do.\"\n"
    );
    // A missing list is created in the file's style; an empty flow list becomes a block one.
    let text = "a:\n  x: 1\nb:\n  evidence: []  # none yet\nl:\n  - 1\n";
    let out = yaml(
        text,
        &[push("/a/evidence", item.clone()), push("/b/evidence", item)],
    );
    assert_eq!(
        out,
        "a:\n  x: 1\n  evidence:\n    - source: q-1\n      locator: \"Questions!I7\"\n      quote: \"We do.\"\nb:\n  evidence:\n    - source: q-1\n      locator: \"Questions!I7\"\n      quote: \"We do.\"  # none yet\nl:\n  - 1\n"
    );
}

#[test]
fn yaml_replaces_block_values_and_empty_values() {
    let text = "a:\n  s: |\n    block\n    text\n  # between\n  l:\n    - x\n  e:\n  t: 1\n";
    let out = yaml(
        text,
        &[
            set("/a/s", json!("one line")),
            set("/a/l", json!(["zz"])),
            set("/a/e", json!(3)),
        ],
    );
    assert_eq!(
        out,
        "a:\n  s: \"one line\"\n  # between\n  l: [zz]\n  e: 3\n  t: 1\n"
    );
}

#[test]
fn yaml_keeps_crlf_and_a_missing_final_newline() {
    let out = yaml("a:\r\n  b: 1", &[set("/a/c", json!(2))]);
    assert_eq!(out, "a:\r\n  b: 1\r\n  c: 2\r\n");
    let out = yaml("\u{feff}a: 1\n", &[set("/b", json!(2))]);
    assert_eq!(out, "\u{feff}a: 1\nb: 2\n");
}

#[test]
fn json_replaces_and_inserts_with_commas_and_the_files_indentation() {
    let text = "{\n    \"vendor\": {\n        \"name\": \"A\",\n        \"country\": \"unknown\"\n    },\n    \"empty\": {},\n    \"inline\": {\"a\": 1},\n    \"list\": []\n}\n";
    let out = json_edit(
        text,
        &[
            set("/vendor/country", json!("DK")),
            set("/vendor/legal_name", json!("A ApS")),
            set("/empty/x", json!(1)),
            set("/inline/b", json!(2)),
            push("/list", json!({"source": "q"})),
            set("/contract/sla/rto_hours", json!(4)),
        ],
    );
    assert_eq!(
        out,
        "{\n    \"vendor\": {\n        \"name\": \"A\",\n        \"country\": \"DK\",\n        \"legal_name\": \"A ApS\"\n    },\n    \"empty\": {\n        \"x\": 1\n    },\n    \"inline\": {\"a\": 1, \"b\": 2},\n    \"list\": [\n        {\n            \"source\": \"q\"\n        }\n    ],\n    \"contract\": {\n        \"sla\": {\n            \"rto_hours\": 4\n        }\n    }\n}\n"
    );
}

#[test]
fn json_appends_to_a_list() {
    let text = "{\n  \"evidence\": [\n    {\"source\": \"a\"}\n  ],\n  \"ids\": [\"a\", \"b\"]\n}";
    let out = json_edit(
        text,
        &[
            push("/evidence", json!({"source": "q"})),
            push("/ids", json!("c")),
        ],
    );
    assert_eq!(
        out,
        "{\n  \"evidence\": [\n    {\"source\": \"a\"},\n    {\n      \"source\": \"q\"\n    }\n  ],\n  \"ids\": [\"a\", \"b\", \"c\"]\n}"
    );
}

#[test]
fn a_missing_list_item_is_an_error_and_nothing_changes() {
    let e = apply_edits("l:\n  - a: 1\n", Format::Yaml, &[set("/l/3/a", json!(2))]).unwrap_err();
    assert_eq!(e.pointer, "/l/3/a");
    assert!(e.message.contains("no list item 3"), "{e}");
}

#[test]
fn the_seed_declarations_take_edits_everywhere() {
    for f in ["unoeuro.yaml", "onlineregnskab.yaml", "nordlys-cloud.yaml"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/vendors")
            .join(f);
        let text = std::fs::read_to_string(&path).unwrap();
        let out = yaml(
            &text,
            &[
                set("/contract/sla/rto_hours", json!(4)),
                set("/contract/location_change_notice_days", json!(30)),
                set(
                    "/controls/security_testing/params/last_pentest",
                    json!("2026-03-01"),
                ),
                set("/data_locations/0/country", json!("NO")),
                push(
                    "/sources",
                    json!({"id": "questionnaire-2026-11-25", "kind": "questionnaire", "title": "q.xlsx", "retrieved": "2026-11-25"}),
                ),
                push(
                    "/contract/evidence",
                    json!({"source": "questionnaire-2026-11-25", "locator": "Questions!I2", "quote": "30 \"dage\""}),
                ),
            ],
        );
        let comments = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(comments(&text), comments(&out), "{f}");
        let changed = similar::TextDiff::from_lines(&text, &out)
            .iter_all_changes()
            .filter(|c| c.tag() == similar::ChangeTag::Delete)
            .count();
        assert!(changed <= 4, "{f}: {changed} lines changed");
    }
}

// ---- property: generated mappings with comments ----

/// A small YAML mapping as (key, value) lines, with comments, two levels deep.
#[derive(Debug, Clone)]
struct Doc {
    sections: Vec<(String, Vec<(String, i64)>)>,
}

fn render(doc: &Doc) -> String {
    let mut out = String::from("# generated\n");
    for (i, (name, entries)) in doc.sections.iter().enumerate() {
        out.push_str(&format!("{name}:  # section {i}\n"));
        for (k, v) in entries {
            out.push_str(&format!("  {k}: {v}  # {k}\n"));
        }
        out.push_str("  # end of section\n");
    }
    out
}

fn doc_strategy() -> impl Strategy<Value = Doc> {
    let key = "[a-e][a-z0-9_]{0,5}";
    let entries = prop::collection::btree_map(key, 0i64..1000, 1..5)
        .prop_map(|m| m.into_iter().collect::<Vec<_>>());
    prop::collection::btree_map("s[a-e]{1,3}", entries, 1..4).prop_map(|m| Doc {
        sections: m.into_iter().collect(),
    })
}

/// An edit on the generated document: replace an existing value, insert a new key into a
/// section, or create a new nested section.
fn edits_strategy(doc: &Doc) -> impl Strategy<Value = Vec<(String, Value)>> + use<> {
    let doc = doc.clone();
    let n = doc.sections.len();
    prop::collection::vec(
        (0..n, 0usize..6, 0u8..3, "[f-h][a-z]{0,3}", 0i64..100),
        1..5,
    )
    .prop_map(move |picks| {
        picks
            .into_iter()
            .map(|(s, e, what, new_key, v)| {
                let (name, entries) = &doc.sections[s];
                match what {
                    0 => {
                        let (k, _) = &entries[e % entries.len()];
                        (format!("/{name}/{k}"), json!(v))
                    }
                    1 => (format!("/{name}/{new_key}"), json!(format!("t{v}"))),
                    _ => (format!("/{name}/{new_key}/inner/x"), json!(v)),
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn edits_give_the_expected_value_and_keep_every_other_line(
        (doc, edits) in doc_strategy().prop_flat_map(|d| (Just(d.clone()), edits_strategy(&d)))
    ) {
        let text = render(&doc);
        let edits: Vec<Edit> = edits.into_iter().map(|(p, v)| set(&p, v)).collect();
        let mut expected = load(&text, Format::Yaml).unwrap().value;
        for e in &edits {
            apply_to_value(&mut expected, e).unwrap();
        }
        let out = apply_edits(&text, Format::Yaml, &edits).unwrap();
        prop_assert_eq!(&load(&out, Format::Yaml).unwrap().value, &expected);
        // The only lines that differ are those whose value was replaced; all else is kept, in
        // order, byte for byte.
        let replaced: Vec<String> = edits
            .iter()
            .filter_map(|e| {
                let tokens = pointer_tokens(e.pointer());
                let (s, k) = (&tokens[0], &tokens[1]);
                doc.sections
                    .iter()
                    .find(|(n, _)| n == s)
                    .and_then(|(_, es)| es.iter().find(|(kk, _)| kk == k))
                    .map(|(k, _)| format!("  {k}:"))
            })
            .collect();
        for change in similar::TextDiff::from_lines(&text, &out).iter_all_changes() {
            if change.tag() == similar::ChangeTag::Delete {
                let line = change.value();
                prop_assert!(
                    replaced.iter().any(|r| line.starts_with(r.as_str())),
                    "line {:?} changed\n{}\n->\n{}", line, text, out
                );
            }
        }
        // Comments all survive.
        let comments = |t: &str| t.matches('#').count();
        prop_assert_eq!(comments(&text), comments(&out));
    }
}

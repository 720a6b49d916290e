//! Line ends and long lines. The same declaration written with `\n`, `\r\n` and `\r` alone
//! (old Mac style) is reported at the same line:column in every output format and in the
//! language server, with the right line in the human code frame; and a finding on a very long
//! line (a minified JSON file is one line) shows a window of that line, not all of it.

mod common;
#[allow(dead_code)]
#[path = "lsp/wire.rs"]
mod wire;
use common::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use vendorlint::Pos;
use vendorlint::base::LineIndex;
use vendorlint::load::{Format, Limits, load_bytes};

const STYLES: [(&str, &str); 3] = [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")];

/// A quoted scalar over two lines, a block scalar and non-ASCII text before findings, so that
/// every way a line can end inside a value is counted.
const YAML: &str = r#"# Line ends: the same declaration with LF, CRLF and CR alone.
kind: vendor-declaration
version: 1
declaration:
  id: line-ends
  status: aproved
  notes: "a quoted note
    over two lines"
vendor: {name: "Ørestad Drift – ÅÄÖ", country: "Danmark"}
controls:
  encryption_in_transit:
    notes: |
      A block scalar,
      two lines.
    responsibility: vendr
contract:
  incident_notification:
    max_hours: "24 timer"
"#;

const JSON: &str = r#"{
  "kind": "vendor-declaration",
  "version": 1,
  "declaration": {"id": "line-ends", "status": "aproved"},
  "vendor": {"name": "Ørestad Drift – ÅÄÖ",
    "country": "Danmark"},
  "contract": {"incident_notification": {"max_hours": "24 timer"}}
}
"#;

/// The 1-based line and character column where `needle` starts in LF text.
fn locate(text: &str, needle: &str) -> (usize, usize) {
    for (i, line) in text.split('\n').enumerate() {
        if let Some(b) = line.find(needle) {
            return (i + 1, line[..b].chars().count() + 1);
        }
    }
    panic!("{needle} is not in the text");
}

fn with_ends(text: &str, nl: &str) -> String {
    text.replace('\n', nl)
}

/// `vendorlint check` of the files (name, text) written in a fresh directory, in every format.
fn outputs(files: &[(&str, String)]) -> Vec<(&'static str, String)> {
    let t = TempDir::new("line-ends");
    for (name, text) in files {
        t.write(name, text.as_bytes());
    }
    ["human", "short", "json", "sarif", "github"]
        .into_iter()
        .map(|format| {
            let o = run_in(
                t.path(),
                &[
                    "check",
                    ".",
                    "--no-config",
                    "--format",
                    format,
                    "--color",
                    "never",
                ],
            );
            assert_eq!(code(&o), 1, "{format}: {}", stderr(&o));
            (format, stdout(&o))
        })
        .collect()
}

/// A file, its LF text and its findings: (rule, the text the finding is about).
type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// Every format, for every line-end style, gives the same output as for LF, and names the
/// LF line and column of each finding; the human frame shows that line, with the carets
/// under the text the finding is about.
fn check_same_everywhere(cases: &[Case]) {
    let mut lf: Option<Vec<(&str, String)>> = None;
    for (style, nl) in STYLES {
        let files: Vec<(&str, String)> = (cases.iter())
            .map(|(name, text, _)| (*name, with_ends(text, nl)))
            .collect();
        let got = outputs(&files);
        let lf = lf.get_or_insert_with(|| got.clone());
        for ((format, want), (_, out)) in lf.iter().zip(&got) {
            assert_eq!(want, out, "{style}: {format} output differs from LF");
        }
        let json: Value = serde_json::from_str(&got[2].1).unwrap();
        let sarif: Value = serde_json::from_str(&got[3].1).unwrap();
        for &(name, text, findings) in cases {
            for &(rule, needle) in findings {
                let (line, col) = locate(text, needle);
                for (format, out) in &got {
                    let expect = match *format {
                        "short" => format!("{name}:{line}:{col}: error[{rule}]"),
                        "github" => format!("file={name},line={line},col={col},"),
                        "human" => format!("[{name}:{line}:{col}]"),
                        _ => continue,
                    };
                    assert!(out.contains(&expect), "{style} {format}: {expect}\n{out}");
                }
                let d = (json["diagnostics"].as_array().unwrap().iter())
                    .find(|d| d["path"] == name && d["rule"] == rule && d["line"] == line)
                    .unwrap_or_else(|| panic!("{style} json: {rule} at {name}:{line}"));
                assert_eq!(d["column"], col, "{style} json");
                let found = (sarif["runs"][0]["results"].as_array().unwrap().iter()).any(|r| {
                    let at = &r["locations"][0]["physicalLocation"];
                    let region = &at["region"];
                    r["ruleId"] == rule
                        && at["artifactLocation"]["uri"]
                            .as_str()
                            .is_some_and(|u| u.ends_with(name))
                        && region["startLine"] == line
                        && region["startColumn"] == col
                });
                assert!(found, "{style} sarif: {rule} at {name}:{line}:{col}");
                // The frame under the header shows the line itself, carets under the needle.
                let human = &got[0].1;
                let header = format!("[{name}:{line}:{col}]");
                let frame: Vec<&str> = human[human.find(&header).unwrap()..].lines().collect();
                let shown_line = text.split('\n').nth(line - 1).unwrap();
                let code_line = format!("{line} │ {shown_line}");
                let at = (frame.iter())
                    .position(|l| l.trim_start().starts_with(&code_line))
                    .unwrap_or_else(|| panic!("{style}: line {line} in the frame: {frame:?}"));
                assert_eq!(
                    under_carets(frame[at], frame[at + 1], needle),
                    needle,
                    "{style}"
                );
            }
        }
    }
}

/// The text of a frame's `code` line under the first caret of the line below it, as long as
/// `needle` (the gutters of both lines are as wide).
fn under_carets(code: &str, carets: &str, needle: &str) -> String {
    let caret = (carets.chars().position(|c| c == '─' || c == '▲'))
        .unwrap_or_else(|| panic!("no carets:\n{code}\n{carets}"));
    code.chars()
        .skip(caret)
        .take(needle.chars().count())
        .collect()
}

#[test]
fn positions_are_the_same_with_every_line_end() {
    check_same_everywhere(&[
        (
            "v.yaml",
            YAML,
            &[
                ("SCHEMA-004", "aproved"),
                ("SCHEMA-003", "\"Danmark\""),
                ("SCHEMA-004", "vendr"),
                ("SCHEMA-003", "\"24 timer\""),
            ],
        ),
        (
            "v.json",
            JSON,
            &[
                ("SCHEMA-004", "\"aproved\""),
                ("SCHEMA-003", "\"Danmark\""),
                ("SCHEMA-003", "\"24 timer\""),
            ],
        ),
    ]);
}

#[test]
fn syntax_errors_and_bad_bytes_are_placed_the_same_with_every_line_end() {
    let cases: [(&str, &str, (u32, u32)); 4] = [
        (
            "v.json",
            "{\n  \"kind\": \"vendor-declaration\",\n  \"x\": [1,]\n}\n",
            (3, 11),
        ),
        (
            "v.json",
            "{\n  \"kind\": \"vendor-declaration\",\n\n  \"x\" 1\n}\n",
            (4, 7),
        ),
        (
            "v.yaml",
            "kind: vendor-declaration\nvendor:\n  name: x\n   bad: [\n",
            (4, 7),
        ),
        (
            "v.yaml",
            "kind: vendor-declaration\nvendor:\n  name: \"Bl\u{1}\"\n",
            (3, 12),
        ),
    ];
    for (name, text, (line, column)) in cases {
        for (style, nl) in STYLES {
            let text = with_ends(text, nl);
            let mut bytes = text.into_bytes();
            if name == "v.yaml" && bytes.contains(&1) {
                // Not UTF-8 at the same place.
                let i = bytes.iter().position(|&b| b == 1).unwrap();
                bytes[i] = 0xE5;
            }
            let loaded = load_bytes(&bytes, Format::from_path(name.as_ref()), &Limits::default());
            let at = loaded.diagnostics[0].span.unwrap().start;
            assert_eq!(
                (at.line, at.column),
                (line, column),
                "{style} {name}: {:?}",
                loaded.diagnostics[0]
            );
        }
    }
}

fn lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-zæøå𝔸 :\"{}\t-]{0,12}", 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every position and offset means the same line and character whatever the line ends.
    #[test]
    fn line_index_agrees_across_line_ends(lines in lines(), trailing in any::<bool>()) {
        let texts: Vec<String> = STYLES
            .iter()
            .map(|(_, nl)| lines.join(nl) + if trailing { nl } else { "" })
            .collect();
        let indexes: Vec<LineIndex> = texts.iter().map(|t| LineIndex::new(t)).collect();
        let count = lines.len() as u32 + u32::from(trailing);
        for idx in &indexes {
            prop_assert_eq!(idx.lines(), count);
        }
        for (i, line) in lines.iter().enumerate() {
            let n = i as u32 + 1;
            for (idx, text) in indexes.iter().zip(&texts) {
                prop_assert_eq!(idx.line(n), line.as_str());
                for (c, ch) in line.chars().chain(['\0']).enumerate() {
                    let pos = Pos::new(n, c as u32 + 1);
                    let off = idx.offset(pos);
                    prop_assert_eq!(idx.pos(off), pos);
                    if ch != '\0' {
                        prop_assert_eq!(text[off..].chars().next(), Some(ch));
                    }
                    let (l, u) = idx.utf16(pos);
                    prop_assert_eq!(l, i as u32);
                    prop_assert_eq!(idx.from_utf16(l, u), pos);
                }
            }
            // The same answers from each index.
            let pos = Pos::new(n, 3);
            let utf16: Vec<(u32, u32)> = indexes.iter().map(|x| x.utf16(pos)).collect();
            prop_assert!(utf16.windows(2).all(|w| w[0] == w[1]));
        }
    }

    /// The loader's spans of a generated YAML document (quoted scalars that run over lines,
    /// block scalars, comments) do not depend on the line ends.
    #[test]
    fn loader_spans_agree_across_line_ends(
        entries in prop::collection::vec(("[a-z]{1,6}", 0u8..4, "[a-zø ]{1,8}"), 1..6)
    ) {
        let mut text = String::from("# generated\n");
        for (i, (key, style, word)) in entries.iter().enumerate() {
            let key = format!("{key}{i}");
            match style {
                0 => text.push_str(&format!("{key}: {word}x\n")),
                1 => text.push_str(&format!("{key}: \"{word}\n  {word}\"  # note\n")),
                2 => text.push_str(&format!("{key}: '{word}\n\n  {word}'\n")),
                _ => text.push_str(&format!("{key}: |\n  {word}\n  {word}\n")),
            }
        }
        let lf = load_bytes(text.as_bytes(), Format::Yaml, &Limits::default());
        let lf_doc = lf.document.expect("parses");
        for (_, nl) in STYLES {
            let other = load_bytes(with_ends(&text, nl).as_bytes(), Format::Yaml, &Limits::default());
            let doc = other.document.expect("parses");
            prop_assert_eq!(&doc.spans, &lf_doc.spans);
        }
    }
}

fn lsp_frame(v: Value) -> String {
    let body = v.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// The server's answers to a session that opens `text` and hovers at (`line`, `character`).
fn lsp_session(text: &str, line: u32, character: u32) -> Vec<Value> {
    let uri = "file:///tmp/line-ends/v.yaml";
    let input = [
        lsp_frame(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": null, "capabilities": {}}})),
        lsp_frame(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})),
        lsp_frame(
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}),
        ),
        lsp_frame(
            json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params":
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}}),
        ),
        lsp_frame(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})),
        lsp_frame(json!({"jsonrpc": "2.0", "method": "exit"})),
    ]
    .concat();
    // The real server: lints run off its message loop, so wait for the diagnostics before
    // shutting it down.
    let tail = [
        lsp_frame(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})),
        lsp_frame(json!({"jsonrpc": "2.0", "method": "exit"})),
    ]
    .concat();
    let input = input.replace(&tail, "");
    wire::serve_until_published(
        input.as_bytes(),
        &[(uri, Some(1))],
        tail.as_bytes(),
        &[("VENDORLINT_LSP_DEBOUNCE_MS", "0")],
    )
    .messages
}

#[test]
fn the_language_server_ranges_are_right_with_cr_alone() {
    // "Ø" is one UTF-16 unit, "𝔸" two: `contry` on line 5 (0-based) starts at unit 2.
    let text = "kind: vendor-declaration\nversion: 1\ndeclaration: {id: x}\nvendor:\n  name: Økonomi 𝔸\n  contry: DK\n  country: \"Danmark\"\n";
    let (status_line, status_char) = (6u32, 12u32); // inside "Danmark"
    let mut by_style = Vec::new();
    for (style, nl) in STYLES {
        let m = lsp_session(&with_ends(text, nl), status_line, status_char);
        let published = (m.iter())
            .find(|m| m["method"] == "textDocument/publishDiagnostics")
            .unwrap_or_else(|| panic!("{style}: no diagnostics: {m:#?}"));
        let diags = published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .clone();
        let range_of = |code: &str| {
            (diags.iter())
                .find(|d| d["code"] == code)
                .unwrap_or_else(|| panic!("{style}: no {code}: {diags:#?}"))["range"]
                .clone()
        };
        assert_eq!(
            range_of("SCHEMA-002"),
            json!({"start": {"line": 5, "character": 2}, "end": {"line": 5, "character": 8}}),
            "{style}: the misspelled key"
        );
        assert_eq!(
            range_of("SCHEMA-003"),
            json!({"start": {"line": 6, "character": 11}, "end": {"line": 6, "character": 20}}),
            "{style}: the bad country"
        );
        let hover = &m.iter().find(|m| m["id"] == 2).unwrap()["result"];
        assert_eq!(
            hover["range"],
            json!({"start": {"line": 6, "character": 11}, "end": {"line": 6, "character": 20}}),
            "{style}: hover on the value: {hover}"
        );
        by_style.push(diags);
    }
    assert_eq!(by_style[0], by_style[1], "CRLF as LF");
    assert_eq!(by_style[0], by_style[2], "CR as LF");
}

/// A one-line JSON declaration of about 1 MB: long text before, between and after findings.
fn minified() -> String {
    let pad = |n: usize| "x".repeat(n);
    let decl = json!({
        "kind": "vendor-declaration",
        "version": 1,
        "declaration": {"id": "minified", "status": "aproved", "notes": pad(300_000)},
        "vendor": {"name": format!("Ørestad {}", "æ".repeat(150_000)), "country": "Danmark"},
        "services": [{"id": "web", "name": "Web", "kind": "web_hostingg", "notes": pad(300_000)}],
        "contract": {"incident_notification": {"max_hours": "24 timer"}},
    });
    let text = serde_json::to_string(&decl).unwrap();
    assert!(text.len() > 900_000 && !text.contains('\n'));
    text
}

#[test]
fn a_long_line_is_shown_as_a_window_around_each_finding() {
    let t = TempDir::new("line-ends-minified");
    let text = minified();
    t.write("v.json", &text);
    let o = run_in(
        t.path(),
        &[
            "check",
            "v.json",
            "--no-config",
            "--format",
            "human",
            "--color",
            "never",
        ],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    let findings = out.matches("╭─[v.json:1:").count();
    assert!(findings >= 5, "several findings: {out}");
    assert!(
        out.len() < 64 * 1024,
        "{} bytes for {findings} findings",
        out.len()
    );
    // Every shown line is a bounded window, cut with `…` where text was left out.
    for l in out.lines().filter(|l| l.starts_with(" 1 │ ")) {
        assert!(l.chars().count() < 140, "a window, not the line: {l}");
        assert!(l.contains('…'), "{l}");
    }
    // The carets stand under the value each finding is about.
    for needle in [
        "\"aproved\"",
        "\"Danmark\"",
        "\"web_hostingg\"",
        "\"24 timer\"",
    ] {
        let col = text[..text.find(needle).unwrap()].chars().count() + 1;
        let header = format!("[v.json:1:{col}]");
        let at = out
            .find(&header)
            .unwrap_or_else(|| panic!("{header} in {out}"));
        let frame: Vec<&str> = out[at..].lines().collect();
        assert_eq!(under_carets(frame[1], frame[2], needle), needle);
    }
}

#[test]
fn a_label_too_far_away_on_a_long_line_becomes_a_note_with_its_position() {
    let t = TempDir::new("line-ends-duplicate");
    let text = format!(
        "{{\"kind\":\"vendor-declaration\",\"version\":1,\"declaration\":{{\"id\":\"d\",\"notes\":\"{}\",\"id\":\"e\"}}}}",
        "x".repeat(5_000)
    );
    t.write("v.json", &text);
    let o = run_in(
        t.path(),
        &[
            "check",
            "v.json",
            "--no-config",
            "--format",
            "human",
            "--color",
            "never",
        ],
    );
    let out = stdout(&o);
    let second = text.rfind("\"id\"").unwrap() + 1;
    let header = format!("[v.json:1:{second}]");
    assert!(out.contains(&header), "{out}");
    assert!(
        out.contains("note: `id` first defined here: v.json:1:57"),
        "{out}"
    );
    assert!(out.len() < 16 * 1024, "{out}");
    // Labels close enough share the window.
    let text = "{\"kind\":\"vendor-declaration\",\"version\":1,\"declaration\":{\"id\":\"d\",\"id\":\"e\"}}"
        .to_string()
        + &" ".repeat(500);
    t.write("v.json", &text);
    let o = run_in(
        t.path(),
        &[
            "check",
            "v.json",
            "--no-config",
            "--format",
            "human",
            "--color",
            "never",
        ],
    );
    let out = stdout(&o);
    assert!(out.contains("`id` first defined here"), "{out}");
    assert!(!out.contains("note: `id` first defined here"), "{out}");
}

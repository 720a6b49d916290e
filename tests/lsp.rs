//! The language server end to end, against the real binary (`vendorlint lsp`):
//! - a real LSP client from PyPI (pytest-lsp, `tests/lsp/`), installed by `.ci/tools.sh`;
//! - a real editor: Neovim's built-in LSP client (`tests/nvim/`), from Debian's packages,
//!   installed by `.ci/tools.sh`;
//! - raw byte streams with malformed messages (`tests/lsp/wire.rs`), which no well-behaved
//!   client sends.

mod common;
#[path = "lsp/wire.rs"]
mod wire;

use common::*;
use serde_json::{Value, json};
use std::process::{Command, Stdio};
use std::time::Duration;
use wire::*;

#[test]
fn a_real_lsp_client_gets_diagnostics_hover_and_completion() {
    let pytest = root().join(".tools/venv/bin/pytest");
    assert!(
        pytest.exists(),
        "pytest-lsp is missing: run `bash .ci/tools.sh` first (the README's test command does)"
    );
    let o = Command::new(pytest)
        .current_dir(root())
        .args([
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            "tests/lsp/pytest.ini",
            "tests/lsp",
        ])
        .env("VENDORLINT_BIN", env!("CARGO_BIN_EXE_vendorlint"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("7 passed"), "{}", stdout(&o));
}

/// UTF-16 units in `s` (what the protocol counts).
fn utf16(s: &str) -> usize {
    s.encode_utf16().count()
}

#[test]
fn neovim_shows_diagnostics_hover_and_completion() {
    let version = Command::new("nvim").arg("--version").output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "Neovim (nvim) is missing: run `bash .ci/tools.sh` first (the README's test command does)"
    );
    let nordlys =
        std::fs::read_to_string(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap();
    // The brief's typo after a Danish line with `ø` and a character outside the BMP, and a
    // typo on a line where such characters stand before it: there UTF-16 columns, byte
    // columns (what Neovim shows) and character columns all differ.
    let text = nordlys.replacen(
        "\n  country: \"DK\"",
        "\n  # Leverandør i København, 𝔸-drift\n  contry: \"DK\"",
        1,
    );
    let review = "  review:\n    owner: \"Jonas Holm, IT lead (it-lead@customer.example)\"\n    last_reviewed: \"2026-10-01\"\n    next_review_due: \"2027-10-01\"\n    notes: \"Yearly review meeting with the vendor's CISO; quarterly security reports in between.\"\n";
    let flow = "  review: {owner: \"Søren Ølgaard 𝔸\", last_reviewd: \"2026-10-01\", next_review_due: \"2027-10-01\"}\n";
    let text = text.replacen(review, flow, 1);
    assert!(
        text.contains("contry:") && text.contains("last_reviewd"),
        "fixture changed"
    );
    let lines: Vec<&str> = text.split('\n').collect();
    let line_of = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix)).unwrap();
    let typo_line = line_of("  contry:");
    let flow_line = line_of("  review: {");
    let flow_text = lines[flow_line];
    let typo2_col = flow_text.find("last_reviewd").unwrap();
    let hover_col = flow_text.find("next_review_due").unwrap() + 3;
    let provenance_line = line_of("  provenance:");

    let dir = TempDir::new("nvim");
    let decl = dir.write("nordlys.yaml", &text);
    let out = dir.path().join("nvim-result.json");
    let mut cmd = Command::new("nvim");
    cmd.current_dir(dir.path())
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            root().join("tests/nvim/lsp_session.lua").display()
        ))
        .env("VENDORLINT_BIN", env!("CARGO_BIN_EXE_vendorlint"))
        .env("VENDORLINT_DECL", &decl)
        .env("VENDORLINT_OUT", &out)
        .env(
            "VENDORLINT_HOVER_AT",
            format!("{},{hover_col}", flow_line + 1),
        )
        .env(
            "VENDORLINT_COMPLETE_AT",
            format!("{},{}", provenance_line + 1, lines[provenance_line].len()),
        )
        .env("VENDORLINT_TIMEOUT_MS", "20000")
        // Neovim's logs and state stay in the temp dir.
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .stdin(Stdio::null());
    let o = run_bounded(cmd, &[], Duration::from_secs(120));
    let raw = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!(
            "Neovim wrote no result ({e}): {}{}",
            stdout(&o.output),
            stderr(&o.output)
        )
    });
    let r: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(r["ok"], true, "{r:#}\n{}", stderr(&o.output));

    // The capabilities as the editor took them.
    let caps = &r["capabilities"];
    assert_eq!(caps["nested"], false, "{caps}");
    assert_eq!(caps["hoverProvider"], true, "{caps}");
    assert!(caps["completionProvider"].is_object(), "{caps}");
    assert_eq!(caps["textDocumentSync"]["change"], 1, "{caps}");
    assert_eq!(caps["textDocumentSync"]["openClose"], true, "{caps}");
    assert_eq!(caps["positionEncoding"], "utf-16", "{caps}");
    assert_eq!(caps["supports_hover"], true, "{caps}");
    assert_eq!(caps["supports_completion"], true, "{caps}");
    assert_eq!(r["offset_encoding"], "utf-16");

    // Diagnostics through vim.diagnostic.get: 0-based lines, byte columns (the editor's own
    // conversion from the server's UTF-16 ranges).
    let diags = r["diagnostics"].as_array().unwrap();
    let schema002 = |line: usize| {
        diags
            .iter()
            .find(|d| d["code"] == "SCHEMA-002" && d["lnum"] == line)
            .unwrap_or_else(|| panic!("no SCHEMA-002 on line {line}: {diags:#?}"))
    };
    let d = schema002(typo_line);
    assert_eq!(
        (d["col"].as_u64(), d["end_col"].as_u64()),
        (Some(2), Some(8))
    );
    assert_eq!(d["source"], "vendorlint");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `country`?")
    );
    let d = schema002(flow_line);
    assert_eq!(d["col"].as_u64(), Some(typo2_col as u64), "{d}");
    assert_eq!(d["end_col"].as_u64(), Some(typo2_col as u64 + 12), "{d}");
    assert!(
        typo2_col > utf16(&flow_text[..typo2_col]),
        "the line has multi-byte text"
    );

    // Hover: the editor sent UTF-16 units, the server answered with the field's description
    // and a UTF-16 range.
    let hover = &r["hover"];
    assert_eq!(hover["position"]["line"], flow_line);
    assert_eq!(
        hover["position"]["character"],
        utf16(&flow_text[..hover_col])
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("Date of the next review"), "{value}");
    let start = &hover["result"]["range"]["start"];
    assert_eq!(
        start["character"],
        utf16(&flow_text[..hover_col - 3]),
        "{hover}"
    );

    // Completion on `  provenance: verified`: the allowed values.
    let items = r["completion"]["result"]["items"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    for v in ["stated", "inferred", "verified"] {
        assert!(labels.contains(&v), "{labels:?}");
    }

    // Neovim's stop_client sends shutdown and exit: the server exits with status 0.
    assert_eq!(r["server_exit"], 0, "{r:#}");
    assert!(o.output.status.success(), "{}", stderr(&o.output));
}

#[test]
fn a_bad_message_then_initialize_gets_both_answers() {
    let stream = [
        frame("{not json"),
        initialize(1),
        msg(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})),
    ]
    .concat();
    let s = serve(&[stream, shutdown_exit()].concat());
    assert_eq!(s.messages[0]["id"], Value::Null, "{:#?}", s.messages);
    assert_eq!(s.messages[0]["error"]["code"], -32700);
    let caps = &s.by_id(json!(1))["result"]["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 1, "{caps}");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert!(caps.get("capabilities").is_none());
    assert_eq!(
        s.by_id(json!(1))["result"]["serverInfo"]["name"],
        "vendorlint"
    );
    assert_eq!(s.code, 0, "{}", s.stderr);
}

#[test]
fn malformed_framing_and_requests_do_not_stop_the_server() {
    let decl = "kind: vendor-declaration\nversion: 1\nvendor:\n  name: Ø𝔸\n  contry: DK\n";
    let stream = [
        // A header block without Content-Length, its body glued to the next header.
        b"Content-Type: application/json\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":40,\"method\":\"x\"}"
            .to_vec(),
        b"Content-Length: many\r\n\r\n".to_vec(),
        // An absurd length: answered, then the reader finds the next header.
        b"Content-Length: 9999999999999\r\n\r\n{\"jsonrpc\":\"2.0\"}".to_vec(),
        initialize(1),
        frame(r#"{"jsonrpc":"2.0","id":2}"#),
        frame(r#"{"jsonrpc":"1.0","id":3,"method":"textDocument/hover"}"#),
        frame(r#"{"jsonrpc":"2.0","result":1}"#),
        msg(json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {}})),
        msg(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {}})),
        did_open("file:///home/me/%aø.yaml", "yaml", decl),
        did_open("untitled:Untitled-1", "yaml", decl),
    ]
    .concat();
    let s = serve_until_published(
        &stream,
        &[
            ("file:///home/me/%25a%C3%B8.yaml", None),
            ("untitled:Untitled-1", None),
        ],
        &shutdown_exit(),
        &[],
    );
    let errors: Vec<(Value, Value)> = s
        .messages
        .iter()
        .filter(|m| m.get("error").is_some())
        .map(|m| (m["id"].clone(), m["error"]["code"].clone()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (Value::Null, json!(-32600)),
            (json!(2), json!(-32600)),
            (json!(3), json!(-32600)),
            (json!(4), json!(-32602)),
        ],
        "{:#?}",
        s.messages
    );
    assert!(s.by_id(json!(1))["result"]["capabilities"].is_object());
    for uri in ["file:///home/me/%25a%C3%B8.yaml", "untitled:Untitled-1"] {
        let d = s.diagnostics(uri);
        let typo = d.iter().find(|d| d["code"] == "SCHEMA-002").expect(uri);
        // `  contry` on line 5: column 2, whatever the line above holds.
        assert_eq!(typo["range"]["start"], json!({"line": 4, "character": 2}));
    }
    assert_eq!(s.code, 0, "{}", s.stderr);
    assert!(!s.stderr.contains("panicked"), "{}", s.stderr);
}

#[test]
fn the_exit_status_follows_the_handshake() {
    // A request before initialize is refused; exit without shutdown is status 1.
    let hover = msg(
        json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "file:///a.yaml"}, "position": {"line": 0, "character": 0}}}),
    );
    let exit = msg(json!({"jsonrpc": "2.0", "method": "exit"}));
    let s = serve(&[hover, exit.clone()].concat());
    assert_eq!(s.by_id(json!(7))["error"]["code"], -32002);
    assert_eq!(s.code, 1);
    // shutdown, then exit: status 0, and nothing after exit is read.
    let s = serve(&[initialize(1), shutdown_exit(), initialize(2)].concat());
    assert_eq!(s.by_id(json!(99))["result"], Value::Null);
    assert_eq!(s.messages.len(), 2, "{:#?}", s.messages);
    assert_eq!(s.code, 0);
    // A body cut off by the end of the input: the server answers what came before and ends
    // (status 1: no shutdown came).
    let cut = b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":2,".to_vec();
    let s = serve(&[initialize(1), cut].concat());
    assert_eq!(s.messages.len(), 1);
    assert_eq!(s.code, 1);
    assert!(!s.stderr.contains("panicked"), "{}", s.stderr);
}

#[test]
fn the_pause_after_a_change_comes_from_the_environment() {
    let decl = "kind: vendor-declaration\nversion: 1\nvendor:\n  name: Ø𝔸\n  contry: DK\n";
    let uri = "untitled:Untitled-1";
    let change = |version: i32, text: &str| {
        msg(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}]}}),
        )
    };
    // Opened, then changed at once: the lint of the opened text is superseded, and the
    // change is linted after the pause (3 s: a slow machine only makes it longer).
    let stream = [
        initialize(1),
        did_open(uri, "yaml", decl),
        change(2, &decl.replace("contry", "country")),
    ]
    .concat();
    let s = serve_until_published(
        &stream,
        &[(uri, Some(2))],
        &shutdown_exit(),
        &[("VENDORLINT_LSP_DEBOUNCE_MS", "3000")],
    );
    assert!(s.waited >= Duration::from_secs(3), "{:?}", s.waited);
    let published: Vec<&Value> = (s.messages.iter())
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    // (The lint of the opened text starts at once; it is dropped unless it ended before the
    // change was read.)
    let versions: Vec<&Value> = published.iter().map(|p| &p["params"]["version"]).collect();
    assert!(
        versions == [&json!(2)] || versions == [&json!(1), &json!(2)],
        "{versions:?}"
    );
    let last = published.last().unwrap();
    assert!(
        !(last["params"]["diagnostics"].as_array().unwrap())
            .iter()
            .any(|d| d["code"] == "SCHEMA-002"),
        "{last:#?}"
    );
    assert_eq!(s.code, 0, "{}", s.stderr);
}

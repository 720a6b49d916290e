//! The server on raw byte streams: framing, malformed messages, the handshake, odd URIs.

use super::*;
use crate::config::ConfigChoice;
use serde_json::json;

fn options() -> LintOptions {
    LintOptions {
        today: "2026-11-25".into(),
        config: ConfigChoice::Off,
        ..LintOptions::default()
    }
}

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

fn msg(v: Value) -> String {
    frame(&v.to_string())
}

fn initialize(id: i64) -> String {
    msg(json!({"jsonrpc": "2.0", "id": id, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}))
}

fn shutdown_exit() -> String {
    msg(json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}))
        + &msg(json!({"jsonrpc": "2.0", "method": "exit"}))
}

fn did_open(uri: &str, language: &str, text: &str) -> String {
    msg(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": uri, "languageId": language, "version": 1, "text": text}}}),
    )
}

/// What the server wrote, as JSON values, and how it ended.
fn session(input: &str) -> (Vec<Value>, Exit) {
    let mut out = Vec::new();
    let exit = run(input.as_bytes(), &mut out, options()).expect("no I/O error");
    let mut reader = Reader::new(&out[..]);
    let mut messages = Vec::new();
    loop {
        match reader.next_frame().unwrap() {
            Frame::Body(b) => messages.push(serde_json::from_slice(&b).unwrap()),
            Frame::Eof => return (messages, exit),
            other => panic!("the server wrote a bad frame: {other:?}"),
        }
    }
}

fn by_id(messages: &[Value], id: Value) -> &Value {
    messages
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no answer to {id}: {messages:#?}"))
}

fn published<'a>(messages: &'a [Value], uri: &str) -> &'a Value {
    messages
        .iter()
        .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .unwrap_or_else(|| panic!("no diagnostics for {uri}: {messages:#?}"))
}

const DECL: &str = "kind: vendor-declaration\nversion: 1\ndeclaration: {id: x}\nvendor:\n  name: Økonomi 𝔸\n  contry: DK\n";

#[test]
fn initialize_puts_capabilities_where_the_protocol_does() {
    let (m, exit) = session(&(initialize(1) + &shutdown_exit()));
    let result = &by_id(&m, json!(1))["result"];
    let caps = &result["capabilities"];
    assert!(caps.get("capabilities").is_none(), "nested: {result}");
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["textDocumentSync"]["change"], 1);
    assert_eq!(caps["textDocumentSync"]["save"]["includeText"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["completionProvider"]["triggerCharacters"].is_array());
    assert_eq!(result["serverInfo"]["name"], "vendorlint");
    // The typed result reads back as the protocol's type.
    let typed: lsp::InitializeResult = serde_json::from_value(result.clone()).unwrap();
    assert!(typed.capabilities.hover_provider.is_some());
    assert_eq!(by_id(&m, json!(99))["result"], Value::Null);
    assert_eq!(exit, Exit::AfterShutdown);
}

#[test]
fn malformed_messages_are_answered_or_skipped_and_the_server_goes_on() {
    let input = [
        frame("{this is not json"),
        "Content-Type: text/plain\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"x\"}".into(),
        "Content-Length: lots\r\n\r\n".into(),
        frame(r#"{"jsonrpc":"2.0","id":2}"#),
        frame(r#"{"jsonrpc":"1.0","id":3,"method":"initialize"}"#),
        frame(r#"{"jsonrpc":"1.0","method":"initialized"}"#),
        frame(r#"[{"jsonrpc":"2.0","id":4,"method":"initialize"}]"#),
        format!("Content-Length: {}\r\n\r\n{{\"a\":1}}", 1u64 << 40),
        initialize(5),
        msg(json!({"jsonrpc": "2.0", "id": 6, "method": "textDocument/hover", "params": {"x": 1}})),
        msg(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": 5}}})),
        msg(json!({"jsonrpc": "2.0", "id": 7, "method": "workspace/symbol", "params": {"query": ""}})),
        msg(json!({"jsonrpc": "2.0", "id": 8, "method": "initialize", "params": {"capabilities": {}}})),
        did_open("file:///tmp/v.yaml", "yaml", DECL),
        shutdown_exit(),
    ]
    .concat();
    let (m, exit) = session(&input);
    let errors: Vec<(Value, i64)> = m
        .iter()
        .filter(|v| v.get("error").is_some())
        .map(|v| (v["id"].clone(), v["error"]["code"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (Value::Null, -32700),
            (json!(2), -32600),
            (json!(3), -32600),
            (Value::Null, -32600),
            (json!(6), -32602),
            (json!(7), -32601),
            (json!(8), -32600),
        ],
        "{m:#?}"
    );
    assert!(by_id(&m, json!(5))["result"]["capabilities"].is_object());
    let diags = &published(&m, "file:///tmp/v.yaml")["params"]["diagnostics"];
    assert!(
        diags
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "SCHEMA-002")
    );
    assert_eq!(exit, Exit::AfterShutdown);
}

#[test]
fn the_handshake_is_kept() {
    // Before initialize: requests refused, notifications dropped; exit without shutdown.
    let input = [
        msg(json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}})),
        did_open("file:///tmp/v.yaml", "yaml", DECL),
        msg(json!({"jsonrpc": "2.0", "method": "exit"})),
        initialize(2),
    ]
    .concat();
    let (m, exit) = session(&input);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert_eq!(m[0]["error"]["code"], -32002);
    assert_eq!(exit, Exit::WithoutShutdown);
    // After shutdown: requests are invalid; the end of the input counts as exit.
    let input = [
        initialize(1),
        msg(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})),
        msg(json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": {}})),
    ]
    .concat();
    let (m, exit) = session(&input);
    assert_eq!(by_id(&m, json!(3))["error"]["code"], -32600);
    assert_eq!(exit, Exit::AfterShutdown);
    assert_eq!(session(&initialize(1)).1, Exit::WithoutShutdown);
    // A body cut off by the end of the input.
    let input = initialize(1) + "Content-Length: 100\r\n\r\n{\"jsonrpc\":";
    let (m, exit) = session(&input);
    assert_eq!(m.len(), 1);
    assert_eq!(exit, Exit::WithoutShutdown);
}

#[test]
fn odd_uris_and_buffers_without_a_file_are_linted() {
    let untitled_hover = msg(
        json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "untitled:Untitled-1"}, "position": {"line": 4, "character": 3}}}),
    );
    let odd_completion = msg(
        json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/completion",
        "params": {"textDocument": {"uri": "file:///home/me/%aø.yaml"}, "position": {"line": 6, "character": 0}}}),
    );
    let input = [
        initialize(1),
        did_open("file:///home/me/%aø.yaml", "yaml", DECL),
        did_open("file:///tmp/k%C3%B8benhavn%20it.yaml", "yaml", DECL),
        did_open("untitled:Untitled-1", "yaml", DECL),
        did_open("untitled:Untitled-2", "json", DECL),
        untitled_hover,
        odd_completion,
        shutdown_exit(),
    ]
    .concat();
    let (m, exit) = session(&input);
    for uri in [
        "file:///home/me/%25a%C3%B8.yaml",
        "file:///tmp/k%C3%B8benhavn%20it.yaml",
        "untitled:Untitled-1",
    ] {
        let diags = published(&m, uri)["params"]["diagnostics"]
            .as_array()
            .unwrap();
        let typo = diags.iter().find(|d| d["code"] == "SCHEMA-002").expect(uri);
        assert_eq!(typo["range"]["start"], json!({"line": 5, "character": 2}));
    }
    // A buffer whose language is JSON is read as JSON: YAML text is a syntax error there.
    let json_diags = &published(&m, "untitled:Untitled-2")["params"]["diagnostics"];
    assert!(
        json_diags
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"].as_str().unwrap().starts_with("LOAD-")),
        "{json_diags}"
    );
    let hover = &by_id(&m, json!(3))["result"];
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("vendor"),
        "{hover}"
    );
    let items = by_id(&m, json!(4))["result"]["items"].as_array().unwrap();
    assert!(items.iter().any(|i| i["label"] == "vendor"), "{items:?}");
    assert_eq!(exit, Exit::AfterShutdown);
}

#[test]
fn changes_saves_and_closes_republish() {
    let uri = "file:///tmp/c.yaml";
    let fixed = DECL.replace("contry", "country");
    let input = [
        initialize(1),
        did_open(uri, "yaml", DECL),
        msg(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": fixed}]}}),
        ),
        msg(
            json!({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {
            "textDocument": {"uri": uri}, "text": DECL}}),
        ),
        msg(
            json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {
            "textDocument": {"uri": uri}}}),
        ),
        shutdown_exit(),
    ]
    .concat();
    let (m, _) = session(&input);
    let published: Vec<&Value> = m
        .iter()
        .filter(|v| v["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(published.len(), 4);
    let has_typo = |v: &Value| {
        v["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "SCHEMA-002")
    };
    assert_eq!(
        published.iter().map(|v| has_typo(v)).collect::<Vec<_>>(),
        [true, false, true, false]
    );
    assert_eq!(published[1]["params"]["version"], 2);
    assert_eq!(published[3]["params"]["diagnostics"], json!([]));
}

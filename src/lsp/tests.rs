//! The server on raw byte streams: framing, malformed messages, the handshake, odd URIs, and
//! lints off the message loop (debounce, stale versions, requests answered meanwhile).

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

fn did_change(uri: &str, version: i32, text: &str) -> String {
    msg(
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"text": text}]}}),
    )
}

fn hover(id: i64, uri: &str, line: u32, character: u32) -> String {
    msg(
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}}),
    )
}

/// The frames a server wrote, as JSON values.
fn frames(out: &[u8]) -> Vec<Value> {
    let mut reader = Reader::new(out);
    let mut messages = Vec::new();
    loop {
        match reader.next_frame().unwrap() {
            Frame::Body(b) => messages.push(serde_json::from_slice(&b).unwrap()),
            Frame::Eof => return messages,
            other => panic!("the server wrote a bad frame: {other:?}"),
        }
    }
}

/// What the server wrote, as JSON values, and how it ended, for the whole input at once
/// (lints may not have ended before the input does: see `Client` for those).
fn session(input: &str) -> (Vec<Value>, Exit) {
    let mut out = Vec::new();
    let input = io::Cursor::new(input.as_bytes().to_vec());
    let exit = run(input, &mut out, options()).expect("no I/O error");
    (frames(&out), exit)
}

/// The same, with every message of the input read before the server loop takes the first:
/// what a server sees when it is busy while the client writes.
fn queued_session(input: &str) -> (Vec<Value>, Exit) {
    let (tx, rx) = mpsc::sync_channel(1024);
    read_input(io::Cursor::new(input.as_bytes().to_vec()), &tx);
    let mut out = Vec::new();
    let exit = Server::new(&mut out, options(), tx, rx)
        .serve()
        .expect("no I/O error");
    (frames(&out), exit)
}

/// A client on pipes: it writes when it likes and reads what the server writes as it comes.
struct Client {
    to: Option<io::PipeWriter>,
    got: mpsc::Receiver<Value>,
    seen: Vec<Value>,
    server: std::thread::JoinHandle<io::Result<Exit>>,
}

/// Generous: a debug build on a busy machine.
const PATIENCE: Duration = Duration::from_secs(180);

impl Client {
    fn start(options: LintOptions) -> Client {
        let (in_r, in_w) = io::pipe().unwrap();
        let (out_r, out_w) = io::pipe().unwrap();
        let server = std::thread::spawn(move || run(io::BufReader::new(in_r), out_w, options));
        let (tx, got) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = Reader::new(io::BufReader::new(out_r));
            while let Ok(Frame::Body(b)) = reader.next_frame() {
                if tx.send(serde_json::from_slice(&b).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            to: Some(in_w),
            got,
            seen: Vec::new(),
            server,
        }
    }

    fn send(&mut self, bytes: &str) {
        let to = self.to.as_mut().unwrap();
        to.write_all(bytes.as_bytes()).unwrap();
        to.flush().unwrap();
    }

    fn next(&mut self) -> Value {
        let v = self
            .got
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|e| panic!("nothing from the server ({e}): {:#?}", self.seen));
        self.seen.push(v.clone());
        v
    }

    fn wait_for(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        loop {
            let v = self.next();
            if want(&v) {
                return v;
            }
        }
    }

    fn wait_published(&mut self, uri: &str) -> Value {
        self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        })
    }

    /// Sends `tail`, closes the input and reads the rest; what was seen, and how it ended.
    fn finish(mut self, tail: &str) -> (Vec<Value>, Exit) {
        self.send(tail);
        drop(self.to.take());
        let (tx, done) = mpsc::channel();
        let server = self.server;
        std::thread::spawn(move || {
            let _ = tx.send(server.join());
        });
        let exit = done
            .recv_timeout(PATIENCE)
            .expect("the server ended")
            .expect("no panic")
            .expect("no I/O error");
        // The server's output is closed now; what the reader has not handed over yet is still
        // on its way (taking only what has arrived lost answers on a busy machine).
        loop {
            match self.got.recv_timeout(PATIENCE) {
                Ok(v) => self.seen.push(v),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(e) => panic!("the server's output did not end ({e}): {:#?}", self.seen),
            }
        }
        (self.seen, exit)
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
        // Unknown notifications are ignored, unknown requests (also `$/` ones) are not found.
        msg(json!({"jsonrpc": "2.0", "method": "$/setTrace", "params": {"value": "off"}})),
        msg(json!({"jsonrpc": "2.0", "method": "workspace/didRenameFiles", "params": {"files": 3}})),
        msg(json!({"jsonrpc": "2.0", "id": 9, "method": "$/vendorlint/unknown"})),
        // Wrong types for params: answered (request) or skipped (notification).
        msg(json!({"jsonrpc": "2.0", "id": 10, "method": "textDocument/completion",
            "params": {"textDocument": {"uri": "file:///tmp/v.yaml"}, "position": {"line": "one", "character": 0}}})),
        msg(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": "file:///tmp/v.yaml", "version": "2"}, "contentChanges": {}}})),
        did_open("file:///tmp/v.yaml", "yaml", DECL),
    ]
    .concat();
    let mut client = Client::start(options());
    client.send(&input);
    client.wait_published("file:///tmp/v.yaml");
    let (m, exit) = client.finish(&shutdown_exit());
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
            (json!(9), -32601),
            (json!(10), -32602),
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
    ]
    .concat();
    let mut client = Client::start(options());
    client.send(&input);
    // Four lints run side by side: their diagnostics come in any order.
    let mut waiting = vec![
        "file:///home/me/%25a%C3%B8.yaml",
        "file:///tmp/k%C3%B8benhavn%20it.yaml",
        "untitled:Untitled-1",
        "untitled:Untitled-2",
    ];
    while !waiting.is_empty() {
        let m = client.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
        waiting.retain(|u| m["params"]["uri"] != *u);
    }
    let (m, exit) = client.finish(&[untitled_hover, odd_completion, shutdown_exit()].concat());
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
    let steps = [
        initialize(1) + &did_open(uri, "yaml", DECL),
        did_change(uri, 2, &fixed),
        msg(
            json!({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {
            "textDocument": {"uri": uri}, "text": DECL}}),
        ),
        msg(
            json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {
            "textDocument": {"uri": uri}}}),
        ),
    ];
    let mut client = Client::start(options());
    for step in steps {
        client.send(&step);
        client.wait_published(uri);
    }
    let (m, _) = client.finish(&shutdown_exit());
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

fn initialize_with(id: i64, init_options: Value) -> String {
    msg(json!({"jsonrpc": "2.0", "id": id, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {},
            "initializationOptions": init_options}}))
}

fn publishes<'a>(messages: &'a [Value], uri: &str) -> Vec<&'a Value> {
    messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .collect()
}

fn codes(publish: &Value) -> Vec<String> {
    publish["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn rapid_changes_publish_only_the_last_version() {
    let uri = "file:///tmp/rapid.yaml";
    let mut client = Client::start(options());
    // A pause long enough that nineteen changes written at once all land inside it.
    client.send(&(initialize_with(1, json!({"debounceMs": 1000})) + &did_open(uri, "yaml", DECL)));
    let first = client.wait_published(uri);
    assert_eq!(first["params"]["version"], 1);
    assert!(codes(&first).contains(&"SCHEMA-002".to_string()));
    // v2..v19 keep the typo (`contry`) under another vendor name; v20 fixes it.
    let mut changes = String::new();
    for v in 2..=20 {
        let text = if v == 20 {
            DECL.replace("contry", "country")
        } else {
            DECL.replace("Økonomi", &format!("Økonomi {v}"))
        };
        changes += &did_change(uri, v, &text);
    }
    client.send(&(changes + &hover(50, uri, 5, 3)));
    // The hover reads the latest text (v20: `country`) before any lint of it is published.
    let hover = client.wait_for(|m| m["id"] == 50);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Country where the vendor is established"),
        "{hover}"
    );
    let last = client.wait_published(uri);
    let (m, exit) = client.finish(&shutdown_exit());
    assert_eq!(last["params"]["version"], 20, "{m:#?}");
    assert!(!codes(&last).contains(&"SCHEMA-002".to_string()), "{last}");
    let versions: Vec<&Value> = publishes(&m, uri)
        .iter()
        .map(|p| &p["params"]["version"])
        .collect();
    assert_eq!(versions, [&json!(1), &json!(20)], "{m:#?}");
    assert_eq!(exit, Exit::AfterShutdown);
}

/// A declaration with `n` services (the first service of the well-run fixture, renumbered).
fn big_declaration(n: usize) -> String {
    let fixture = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/vendors/nordlys-cloud.yaml"),
    )
    .unwrap();
    let lines: Vec<&str> = fixture.split('\n').collect();
    let start = lines.iter().position(|l| *l == "services:").unwrap() + 1;
    let end = start
        + lines[start..]
            .iter()
            .position(|l| !l.is_empty() && !l.starts_with(' '))
            .unwrap();
    let second = start
        + 1
        + lines[start + 1..end]
            .iter()
            .position(|l| l.starts_with("  - id:"))
            .unwrap();
    let service = lines[start..second].join("\n");
    let mut out = lines[..start].join("\n");
    for i in 0..n {
        out.push('\n');
        out.push_str(&service.replacen("  - id: compute", &format!("  - id: compute-{i}"), 1));
    }
    out.push('\n');
    out.push_str(&lines[end..].join("\n"));
    out
}

#[test]
fn hover_is_answered_while_a_big_document_is_linted_and_exit_does_not_wait() {
    let uri = "file:///tmp/big.yaml";
    let big = big_declaration(3000);
    let line = big
        .split('\n')
        .position(|l| l.starts_with("  country:"))
        .unwrap() as u32;
    let mut client = Client::start(options());
    // No pause: the lint of the change starts at once, and every rule runs on 3,000
    // services, which takes far longer than a hover, however fast the machine.
    client.send(&initialize_with(1, json!({"debounceMs": 0})));
    client.wait_for(|m| m["id"] == 1);
    client.send(&did_change(uri, 2, "ignored: not open"));
    client.send(&(did_open(uri, "yaml", &big) + &hover(7, uri, line, 3)));
    let hover = client.wait_for(|m| m["id"] == 7);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Country where the vendor is established"),
        "{hover}"
    );
    // shutdown is answered and exit ends the server without waiting for the lint (which
    // stops before its next rule); nothing was published for the big document.
    let (m, exit) = client.finish(&shutdown_exit());
    assert!(publishes(&m, uri).is_empty(), "{m:#?}");
    assert_eq!(by_id(&m, json!(99))["result"], Value::Null);
    assert_eq!(exit, Exit::AfterShutdown);
}

#[test]
fn a_request_cancelled_before_its_turn_gets_request_cancelled() {
    let uri = "file:///tmp/cancel.yaml";
    let cancel = |id: Value| {
        msg(json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": id}}))
    };
    let input = [
        initialize(1),
        did_open(uri, "yaml", DECL),
        hover(5, uri, 4, 3),
        cancel(json!(5)),
        hover(6, uri, 4, 3),
        // For an answered request, an unknown one, or malformed: ignored.
        cancel(json!(1)),
        cancel(json!(1234)),
        cancel(json!({"x": 1})),
        msg(json!({"jsonrpc": "2.0", "method": "$/cancelRequest"})),
        shutdown_exit(),
    ]
    .concat();
    // Every message is read before the first is handled, as when the server is busy.
    let (m, exit) = queued_session(&input);
    assert_eq!(by_id(&m, json!(5))["error"]["code"], -32800, "{m:#?}");
    assert!(
        by_id(&m, json!(6))["result"]["contents"].is_object(),
        "{m:#?}"
    );
    assert_eq!(by_id(&m, json!(99))["result"], Value::Null);
    assert_eq!(m.len(), 4, "{m:#?}");
    assert_eq!(exit, Exit::AfterShutdown);
}

#[test]
fn the_end_of_the_input_ends_the_server_with_lints_pending() {
    // Opened and changed, then the client vanishes: no waiting for the pause or the lint.
    let input = [
        initialize_with(1, json!({"debounceMs": 5000})),
        did_open("file:///tmp/v.yaml", "yaml", DECL),
        did_change("file:///tmp/v.yaml", 2, DECL),
    ]
    .concat();
    let started = Instant::now();
    let (m, exit) = session(&input);
    assert_eq!(exit, Exit::WithoutShutdown);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(by_id(&m, json!(1))["result"].is_object());
}

#[test]
fn the_pause_is_configurable_and_capped() {
    assert_eq!(debounce_ms(&json!(0)), Some(Duration::ZERO));
    assert_eq!(debounce_ms(&json!(250)), Some(Duration::from_millis(250)));
    assert_eq!(debounce_ms(&json!(u64::MAX)), Some(MAX_DEBOUNCE));
    assert_eq!(debounce_ms(&json!("fast")), None);
    assert_eq!(debounce_ms(&json!(-5)), None);
}

#[test]
fn a_stale_lint_is_asked_between_stages_and_before_each_rule_and_gives_up() {
    let doc = Doc {
        uri: "file:///tmp/v.yaml".parse().unwrap(),
        path: "/tmp/v.yaml".into(),
        text: DECL.into(),
        version: Some(1),
    };
    let options = options();
    let rules: usize = options.packs.iter().map(|p| p.rules.len()).sum();
    let checks = std::cell::Cell::new(0usize);
    let count = || {
        checks.set(checks.get() + 1);
        false
    };
    let fresh = features::diagnostics_until(&doc, &options, &count).expect("not stopped");
    assert!(
        fresh
            .iter()
            .any(|d| d.code == Some(lsp::NumberOrString::String("SCHEMA-002".into())))
    );
    // After load, after validation, before each rule, at the end.
    assert!(
        checks.get() >= rules + 3,
        "{} checks, {rules} rules",
        checks.get()
    );
    // Superseded during evaluation: no result at all, not a partial one.
    for after in [1, 2, rules / 2, rules + 2] {
        checks.set(0);
        let stale = || {
            checks.set(checks.get() + 1);
            checks.get() > after
        };
        assert!(
            features::diagnostics_until(&doc, &options, &stale).is_none(),
            "{after}"
        );
    }
}

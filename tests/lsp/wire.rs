//! Raw LSP byte streams for tests/lsp.rs: build messages (well-formed or not), run the real
//! binary on a stream with a time limit, and read back what it wrote.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A body with its header.
pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

pub fn msg(v: Value) -> Vec<u8> {
    frame(&v.to_string())
}

pub fn initialize(id: i64) -> Vec<u8> {
    msg(json!({"jsonrpc": "2.0", "id": id, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}))
}

/// `shutdown` (id 99), then `exit`.
pub fn shutdown_exit() -> Vec<u8> {
    [
        msg(json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})),
        msg(json!({"jsonrpc": "2.0", "method": "exit"})),
    ]
    .concat()
}

pub fn did_open(uri: &str, language: &str, text: &str) -> Vec<u8> {
    msg(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": uri, "languageId": language, "version": 1, "text": text}}}),
    )
}

pub struct Bounded {
    pub output: Output,
}

/// Runs `cmd` with `input` on its stdin (then closed), killing it after `limit`.
pub fn run_bounded(mut cmd: Command, input: &[u8], limit: Duration) -> Bounded {
    if !input.is_empty() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the process");
    let pid = child.id();
    let writer = child.stdin.take().map(|mut stdin| {
        let input = input.to_vec();
        // The server may stop reading (after `exit`): a broken pipe is fine.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        })
    });
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let output = match rx.recv_timeout(limit) {
        Ok(o) => o.expect("wait for the process"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("the process did not end within {limit:?}");
        }
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    Bounded { output }
}

/// What the server wrote and how it ended.
pub struct Session {
    pub messages: Vec<Value>,
    pub code: i32,
    pub stderr: String,
}

impl Session {
    pub fn by_id(&self, id: Value) -> &Value {
        self.messages
            .iter()
            .find(|m| m["id"] == id && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no answer to {id}: {:#?}", self.messages))
    }

    /// The diagnostics last published for `uri`.
    pub fn diagnostics(&self, uri: &str) -> Vec<Value> {
        self.messages
            .iter()
            .rev()
            .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
            .and_then(|m| m["params"]["diagnostics"].as_array().cloned())
            .unwrap_or_else(|| panic!("no diagnostics for {uri}: {:#?}", self.messages))
    }
}

/// Runs `vendorlint lsp` on a raw byte stream (stdin closed after it).
pub fn serve(input: &[u8]) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vendorlint"));
    cmd.args(["lsp", "--today", "2026-11-25"])
        .current_dir(std::env::temp_dir());
    let o = run_bounded(cmd, input, Duration::from_secs(60)).output;
    Session {
        messages: parse_frames(&o.stdout),
        code: o.status.code().expect("exited, not killed by a signal"),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// The bodies of a well-formed stream (what the server writes must be one).
pub fn parse_frames(mut bytes: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header block ends with an empty line");
        let header = std::str::from_utf8(&bytes[..end]).unwrap();
        let n: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("bad header from the server: {header:?}"));
        let mut body = vec![0; n];
        let mut rest = &bytes[end + 4..];
        rest.read_exact(&mut body).expect("a whole body");
        out.push(serde_json::from_slice(&body).expect("the server writes JSON"));
        bytes = rest;
    }
    out
}

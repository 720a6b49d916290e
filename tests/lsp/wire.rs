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
    /// How long the diagnostics took to come (`serve_until_published`).
    pub waited: Duration,
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
        waited: Duration::ZERO,
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

/// One frame from a stream the server writes (`None` at its end).
fn read_frame(r: &mut impl std::io::BufRead) -> Option<Value> {
    let mut n = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            n = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; n.expect("the server sends Content-Length")];
    r.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}

/// Runs `vendorlint lsp`, writes `input`, waits until diagnostics for each of `uris` have
/// been published (with that version, if one is given; lints run off the message loop, so
/// they may come after later answers), then writes `tail` and closes its stdin.
pub fn serve_until_published(
    input: &[u8],
    uris: &[(&str, Option<i64>)],
    tail: &[u8],
    envs: &[(&str, &str)],
) -> Session {
    let started = std::time::Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vendorlint"))
        .args(["lsp", "--today", "2026-11-25"])
        .envs(envs.iter().copied())
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = std::io::BufReader::new(stdout);
        while let Some(v) = read_frame(&mut r) {
            if tx.send(v).is_err() {
                return;
            }
        }
    });
    stdin.write_all(input).unwrap();
    stdin.flush().unwrap();
    let mut messages: Vec<Value> = Vec::new();
    let mut waiting: Vec<(&str, Option<i64>)> = uris.to_vec();
    while !waiting.is_empty() {
        let Ok(m) = rx.recv_timeout(Duration::from_secs(120)) else {
            let _ = child.kill();
            panic!("no diagnostics for {waiting:?} within 2 minutes: {messages:#?}");
        };
        if m["method"] == "textDocument/publishDiagnostics" {
            let p = &m["params"];
            waiting.retain(|(u, v)| p["uri"] != *u || v.is_some_and(|v| p["version"] != v));
        }
        messages.push(m);
    }
    let waited = started.elapsed();
    // The server may have stopped reading (after `exit`): a broken pipe is fine.
    let _ = stdin.write_all(tail);
    drop(stdin);
    let (done_tx, done) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done_tx.send(child.wait_with_output());
    });
    let o = done
        .recv_timeout(Duration::from_secs(60))
        .expect("the server ended within a minute")
        .expect("wait for the server");
    messages.extend(rx.iter());
    Session {
        messages,
        code: o.status.code().expect("exited, not killed by a signal"),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        waited,
    }
}

//! `vendorlint lsp`: a language server over stdio, a thin adapter over `lint_bytes`.
//!
//! Diagnostics on open, change and save of YAML and JSON declarations (with the configuration
//! found for the file, as on the command line), hover with the schema's description of the
//! field under the cursor, and completion of property names and enum values from the schema.
//!
//! The parts: `transport` (the base protocol's framing, which survives malformed input), `rpc`
//! (JSON-RPC messages and error codes), `uri` (document URIs and paths), `features`
//! (diagnostics, hover, completion, on `lsp_types` structs) and `schema` (the schema helpers
//! they read).
//!
//! **Threads.** A reader thread reads and parses the client's messages and hands them, in
//! order, to the server loop, which owns the documents and the output. A lint never runs on
//! the loop: each runs on a thread of its own, at most one per document at a time, and hands
//! its diagnostics back to the loop. So hover, completion and every other request are answered
//! while a lint runs (they read the latest text, not a lint's result), and a declaration of
//! thousands of services no longer freezes the editor.
//!
//! **Debounce and staleness.** `didChange` asks for a lint after a pause (200 ms, or
//! `initializationOptions.debounceMs`, or the environment variable `VENDORLINT_LSP_DEBOUNCE_MS`),
//! and each change restarts the pause: typing lints once, when it stops. `didOpen` and `didSave`
//! lint at once: they are single, deliberate events, and an editor shows a file's problems on
//! opening. Every change of a document's text supersedes the lint of the text before it: a
//! pending one never starts, a running one stops at its next check (between load, validation
//! and evaluation, and before each rule) and its result is dropped, and the loop publishes only
//! a result for the document's current text, with its version. The superseded lint's thread
//! ends on its own; the next one starts when it has.
//!
//! **Cancellation.** `$/cancelRequest` for a request still waiting behind other messages makes
//! its answer -32800 (RequestCancelled); for one already answered it is ignored.
//!
//! The handshake follows the protocol: requests before `initialize` get -32002
//! (ServerNotInitialized) and notifications are dropped; after `shutdown` requests get -32600,
//! notifications are dropped and pending lints are abandoned; `exit` ends the server with
//! status 0 after `shutdown` and 1 without. The end of the input counts as `exit` (a client that
//! vanished without `shutdown` leaves status 1). Neither waits for a running lint.

mod features;
mod rpc;
mod schema;
mod transport;
mod uri;

pub use schema::pointer_at;
pub use transport::{Frame, MAX_BODY, Reader};
pub use uri::{document_path, path_to_uri, uri_to_path};

use crate::lint::LintOptions;
use features::Doc;
use lsp_types as lsp;
use rpc::{Id, Incoming};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, Write};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

/// The pause after a change before its lint starts, unless configured.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(200);
/// The longest pause accepted from the configuration.
pub const MAX_DEBOUNCE: Duration = Duration::from_secs(10);
/// The environment variable that sets the pause, in milliseconds.
pub const DEBOUNCE_ENV: &str = "VENDORLINT_LSP_DEBOUNCE_MS";

/// How many events wait for the loop before the reader stops reading (the client's writes
/// then wait in the pipe): memory stays bounded however fast a client writes.
const QUEUE: usize = 16;
/// How many events the loop looks ahead at for a `$/cancelRequest`.
const LOOK_AHEAD: usize = 64;

/// How the server ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `exit` (or the end of the input) after `shutdown`: status 0.
    AfterShutdown,
    /// `exit` (or the end of the input) without `shutdown`: status 1.
    WithoutShutdown,
}

/// Run the server on stdin/stdout until the client exits it. Exits the process with status 1
/// when the client exits it without `shutdown`, as the protocol asks.
pub fn serve(base: LintOptions) -> Result<(), String> {
    let stdin = io::BufReader::new(io::stdin());
    let stdout = io::stdout().lock();
    match run(stdin, stdout, base) {
        Ok(Exit::AfterShutdown) => Ok(()),
        Ok(Exit::WithoutShutdown) => std::process::exit(1),
        Err(e) => Err(e.to_string()),
    }
}

/// Serve one client on `input`/`output`. Only an I/O error is an error: malformed messages are
/// answered or skipped. Returns without waiting for lints still running (their threads end
/// at their next check, or with the process).
pub fn run(
    input: impl BufRead + Send + 'static,
    output: impl Write,
    base: LintOptions,
) -> io::Result<Exit> {
    let (tx, rx) = mpsc::sync_channel(QUEUE);
    let reader_tx = tx.clone();
    std::thread::Builder::new()
        .name("vendorlint-lsp-reader".into())
        .spawn(move || read_input(input, &reader_tx))?;
    Server::new(output, base, tx, rx).serve()
}

/// What the server loop hears: the client's input, in order, and lints as they end.
enum Event {
    Input(Input),
    Linted {
        key: String,
        generation: u64,
        /// `None`: stopped (superseded), or the lint failed.
        diagnostics: Option<Vec<lsp::Diagnostic>>,
    },
}

/// One frame of input, parsed.
enum Input {
    Message(Incoming),
    NotJson(String),
    BadHeader(String),
    TooLarge(u64),
    End,
    Failed(io::Error),
}

/// Reads the client's messages into `tx` until the end of the input, an `exit`, an I/O error
/// or the server's end.
fn read_input(input: impl BufRead, tx: &SyncSender<Event>) {
    let mut reader = Reader::new(input);
    loop {
        let (input, last) = match reader.next_frame() {
            Ok(Frame::Eof) => (Input::End, true),
            Err(e) => (Input::Failed(e), true),
            Ok(Frame::BadHeader(why)) => (Input::BadHeader(why), false),
            Ok(Frame::TooLarge(n)) => (Input::TooLarge(n), false),
            Ok(Frame::Body(body)) => match rpc::parse(&body) {
                Err(e) => (Input::NotJson(e), false),
                Ok(m) => {
                    let exit =
                        matches!(&m, Incoming::Notification { method, .. } if method == "exit");
                    (Input::Message(m), exit)
                }
            },
        };
        if tx.send(Event::Input(input)).is_err() || last {
            return;
        }
    }
}

/// A line on stderr (the editor's log). What a client sent may be in it: control characters
/// are escaped so nothing reaches a terminal raw.
fn log(message: &str) {
    eprintln!("vendorlint lsp: {}", message.escape_debug());
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

/// The -32800 of the protocol: a request the client cancelled.
const REQUEST_CANCELLED: i32 = -32800;

struct Server<W> {
    out: W,
    base: Arc<LintOptions>,
    /// Open documents by URI (as sent, or repaired: see `uri`).
    open: HashMap<String, Open>,
    state: State,
    debounce: Duration,
    /// Where lints send their results (the loop holds one end, so `rx` never disconnects).
    tx: SyncSender<Event>,
    rx: Receiver<Event>,
    /// Events taken from `rx` ahead of their turn, to see a `$/cancelRequest` that follows a
    /// request.
    ahead: VecDeque<Event>,
    /// Numbers each text a document had, across documents and reopenings.
    generations: u64,
}

/// An open document and its lint.
struct Open {
    doc: Doc,
    /// The number of the current text.
    generation: u64,
    /// `generation`, as the running lint reads it to see whether it is stale.
    current: Arc<AtomicU64>,
    /// When a lint of the current text should start.
    due: Option<Instant>,
    /// The generation a running lint checks, if one runs.
    running: Option<u64>,
}

/// The pause from the environment, or the default.
fn debounce_from_env() -> Duration {
    std::env::var(DEBOUNCE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_DEBOUNCE, |ms| {
            Duration::from_millis(ms).min(MAX_DEBOUNCE)
        })
}

/// A pause in milliseconds, capped at [`MAX_DEBOUNCE`].
fn debounce_ms(v: &Value) -> Option<Duration> {
    v.as_u64()
        .map(|ms| Duration::from_millis(ms).min(MAX_DEBOUNCE))
}

/// Typed params; odd URIs repaired first (see `uri::repair`).
fn params<T: DeserializeOwned>(mut params: Value) -> Result<T, serde_json::Error> {
    uri::repair_params(&mut params);
    serde_json::from_value(params)
}

fn capabilities() -> lsp::InitializeResult {
    lsp::InitializeResult {
        capabilities: lsp::ServerCapabilities {
            position_encoding: Some(lsp::PositionEncodingKind::UTF16),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::FULL),
                    save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                        lsp::SaveOptions {
                            include_text: Some(true),
                        },
                    )),
                    ..Default::default()
                },
            )),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            completion_provider: Some(lsp::CompletionOptions {
                trigger_characters: Some(vec![":".into(), " ".into()]),
                ..Default::default()
            }),
            ..Default::default()
        },
        server_info: Some(lsp::ServerInfo {
            name: "vendorlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}

impl<W: Write> Server<W> {
    fn new(out: W, base: LintOptions, tx: SyncSender<Event>, rx: Receiver<Event>) -> Self {
        Server {
            out,
            base: Arc::new(base),
            open: HashMap::new(),
            state: State::Uninitialized,
            debounce: debounce_from_env(),
            tx,
            rx,
            ahead: VecDeque::new(),
            generations: 0,
        }
    }

    /// The loop: start the lints that are due, then wait for the next event or the next due
    /// lint, whichever comes first.
    fn serve(mut self) -> io::Result<Exit> {
        loop {
            self.start_due_lints();
            let event = match self.ahead.pop_front() {
                Some(e) => e,
                None => {
                    let next = match self.next_due() {
                        None => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                        Some(at) => self
                            .rx
                            .recv_timeout(at.saturating_duration_since(Instant::now())),
                    };
                    match next {
                        Ok(e) => e,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => return Ok(self.exit()),
                    }
                }
            };
            match event {
                Event::Linted {
                    key,
                    generation,
                    diagnostics,
                } => self.linted(&key, generation, diagnostics)?,
                Event::Input(Input::End) => return Ok(self.exit()),
                Event::Input(Input::Failed(e)) => return Err(e),
                Event::Input(Input::BadHeader(why)) => {
                    log(&format!("skipped a header block: {why}"))
                }
                Event::Input(Input::TooLarge(n)) => self.send(&rpc::error(
                    None,
                    rpc::INVALID_REQUEST,
                    format!("a message of {n} bytes is larger than the limit of {MAX_BODY} bytes"),
                ))?,
                Event::Input(Input::NotJson(e)) => self.send(&rpc::error(
                    None,
                    rpc::PARSE_ERROR,
                    format!("not JSON: {e}"),
                ))?,
                Event::Input(Input::Message(message)) => {
                    if let Some(exit) = self.handle(message)? {
                        return Ok(exit);
                    }
                }
            }
        }
    }

    fn send(&mut self, message: &Value) -> io::Result<()> {
        let body = serde_json::to_vec(message).map_err(io::Error::other)?;
        transport::write_message(&mut self.out, &body)
    }

    fn exit(&self) -> Exit {
        if self.state == State::ShutDown {
            Exit::AfterShutdown
        } else {
            Exit::WithoutShutdown
        }
    }

    fn handle(&mut self, message: Incoming) -> io::Result<Option<Exit>> {
        match message {
            Incoming::Request { id, method, params } => {
                let reply = if self.cancelled(&id, &method) {
                    rpc::error(
                        Some(&id),
                        REQUEST_CANCELLED,
                        format!("{method} was cancelled"),
                    )
                } else {
                    self.request(&id, &method, params)
                };
                self.send(&reply)?;
            }
            Incoming::Notification { method, .. } if method == "exit" => {
                return Ok(Some(self.exit()));
            }
            Incoming::Notification { method, params } => {
                if self.state == State::Running {
                    self.notification(&method, params)?;
                }
            }
            Incoming::Response => {}
            Incoming::Invalid { id: Some(id), why } => {
                self.send(&rpc::error(id.as_ref(), rpc::INVALID_REQUEST, why))?;
            }
            Incoming::Invalid { id: None, why } => log(&format!("skipped a message: {why}")),
        }
        Ok(None)
    }

    /// Whether a `$/cancelRequest` for `id` has already arrived behind the request. The
    /// handshake's requests are answered whatever follows them.
    fn cancelled(&mut self, id: &Id, method: &str) -> bool {
        if self.state != State::Running || method == "shutdown" || method == "initialize" {
            return false;
        }
        while self.ahead.len() < LOOK_AHEAD
            && let Ok(e) = self.rx.try_recv()
        {
            self.ahead.push_back(e);
        }
        self.ahead.iter().any(|e| match e {
            Event::Input(Input::Message(Incoming::Notification { method, params })) => {
                method == "$/cancelRequest"
                    && params
                        .get("id")
                        .and_then(|v| serde_json::from_value::<Id>(v.clone()).ok())
                        .is_some_and(|c| &c == id)
            }
            _ => false,
        })
    }

    /// The response to a request.
    fn request(&mut self, id: &Id, method: &str, raw: Value) -> Value {
        let refuse = |code, message: String| rpc::error(Some(id), code, message);
        match (self.state, method) {
            (State::Uninitialized, "initialize") => {
                let p = match params::<lsp::InitializeParams>(raw) {
                    Ok(p) => p,
                    Err(e) => return refuse(rpc::INVALID_PARAMS, format!("initialize: {e}")),
                };
                if let Some(d) = p
                    .initialization_options
                    .as_ref()
                    .and_then(|o| o.get("debounceMs"))
                    .and_then(debounce_ms)
                {
                    self.debounce = d;
                }
                self.state = State::Running;
                rpc::ok(id, serde_json::to_value(capabilities()).unwrap_or_default())
            }
            (State::Uninitialized, _) => refuse(
                rpc::SERVER_NOT_INITIALIZED,
                format!("{method} before initialize"),
            ),
            (_, "initialize") => refuse(rpc::INVALID_REQUEST, "initialize was sent twice".into()),
            (State::ShutDown, _) => {
                refuse(rpc::INVALID_REQUEST, format!("{method} after shutdown"))
            }
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                // Nothing is published after shutdown: pending lints are dropped, running
                // ones stop at their next check.
                for o in self.open.values_mut() {
                    o.due = None;
                    o.current.store(u64::MAX, Ordering::Relaxed);
                }
                rpc::ok(id, Value::Null)
            }
            (State::Running, "textDocument/hover") => match params::<lsp::HoverParams>(raw) {
                Ok(p) => {
                    let at = p.text_document_position_params;
                    let hover = self
                        .open
                        .get(at.text_document.uri.as_str())
                        .and_then(|o| features::hover(&o.doc, at.position));
                    rpc::ok(id, serde_json::to_value(hover).unwrap_or_default())
                }
                Err(e) => refuse(rpc::INVALID_PARAMS, format!("{method}: {e}")),
            },
            (State::Running, "textDocument/completion") => {
                match params::<lsp::CompletionParams>(raw) {
                    Ok(p) => {
                        let at = p.text_document_position;
                        let items = self
                            .open
                            .get(at.text_document.uri.as_str())
                            .map(|o| features::completion(&o.doc, at.position));
                        rpc::ok(id, serde_json::to_value(items).unwrap_or_default())
                    }
                    Err(e) => refuse(rpc::INVALID_PARAMS, format!("{method}: {e}")),
                }
            }
            (State::Running, _) => refuse(
                rpc::METHOD_NOT_FOUND,
                format!("vendorlint does not handle {method}"),
            ),
        }
    }

    /// Handles a notification; one whose params do not parse is skipped, an unknown one
    /// (`$/cancelRequest` for an answered request, `$/setTrace`, ...) is ignored.
    fn notification(&mut self, method: &str, raw: Value) -> io::Result<()> {
        fn skip(method: &str, e: serde_json::Error) -> io::Result<()> {
            log(&format!("skipped {method}: {e}"));
            Ok(())
        }
        let now = Instant::now();
        match method {
            "textDocument/didOpen" => {
                let p: lsp::DidOpenTextDocumentParams = match params(raw) {
                    Ok(p) => p,
                    Err(e) => return skip(method, e),
                };
                let item = p.text_document;
                let doc = Doc {
                    path: document_path(item.uri.as_str(), &item.language_id),
                    uri: item.uri,
                    text: item.text,
                    version: Some(item.version),
                };
                let key = doc.uri.as_str().to_string();
                // Reopened: the lint of the old text stops.
                if let Some(old) = self.open.get(&key) {
                    old.current.store(u64::MAX, Ordering::Relaxed);
                }
                self.open.insert(
                    key.clone(),
                    Open {
                        doc,
                        generation: 0,
                        current: Arc::new(AtomicU64::new(0)),
                        due: None,
                        running: None,
                    },
                );
                self.schedule(&key, now);
            }
            "textDocument/didChange" => {
                let p: lsp::DidChangeTextDocumentParams = match params(raw) {
                    Ok(p) => p,
                    Err(e) => return skip(method, e),
                };
                let key = p.text_document.uri.as_str().to_string();
                let Some(o) = self.open.get_mut(&key) else {
                    return Ok(());
                };
                for change in p.content_changes {
                    features::apply_change(&mut o.doc.text, change);
                }
                o.doc.version = Some(p.text_document.version);
                self.schedule(&key, now + self.debounce);
            }
            "textDocument/didSave" => {
                let p: lsp::DidSaveTextDocumentParams = match params(raw) {
                    Ok(p) => p,
                    Err(e) => return skip(method, e),
                };
                let key = p.text_document.uri.as_str().to_string();
                let Some(o) = self.open.get_mut(&key) else {
                    return Ok(());
                };
                if let Some(text) = p.text {
                    o.doc.text = text;
                }
                // Also without new text: a configuration saved beside it may have changed.
                self.schedule(&key, now);
            }
            "textDocument/didClose" => {
                let p: lsp::DidCloseTextDocumentParams = match params(raw) {
                    Ok(p) => p,
                    Err(e) => return skip(method, e),
                };
                if let Some(o) = self.open.remove(p.text_document.uri.as_str()) {
                    o.current.store(u64::MAX, Ordering::Relaxed);
                }
                self.send_diagnostics(p.text_document.uri, Vec::new(), None)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// The text of `key` changed: a lint of it is due at `at`, and any lint of an older text
    /// is stale from now on.
    fn schedule(&mut self, key: &str, at: Instant) {
        self.generations += 1;
        let generation = self.generations;
        if let Some(o) = self.open.get_mut(key) {
            o.generation = generation;
            o.current.store(generation, Ordering::Relaxed);
            o.due = Some(at);
        }
    }

    /// When the next lint that can start is due (a document whose lint still runs waits for
    /// it to end).
    fn next_due(&self) -> Option<Instant> {
        (self.open.values())
            .filter(|o| o.running.is_none())
            .filter_map(|o| o.due)
            .min()
    }

    fn start_due_lints(&mut self) {
        let now = Instant::now();
        for (key, o) in &mut self.open {
            if o.running.is_some() || o.due.is_none_or(|d| d > now) {
                continue;
            }
            o.due = None;
            let generation = o.generation;
            let doc = o.doc.clone();
            let current = Arc::clone(&o.current);
            let options = Arc::clone(&self.base);
            let tx = self.tx.clone();
            let key = key.clone();
            let spawned = std::thread::Builder::new()
                .name("vendorlint-lint".into())
                .spawn(move || {
                    let stop = || current.load(Ordering::Relaxed) != generation;
                    let diagnostics = if stop() {
                        None
                    } else {
                        std::panic::catch_unwind(AssertUnwindSafe(|| {
                            features::diagnostics_until(&doc, &options, &stop)
                        }))
                        .unwrap_or_else(|_| {
                            log(&format!("the lint of {} failed", doc.uri.as_str()));
                            None
                        })
                    };
                    let _ = tx.send(Event::Linted {
                        key,
                        generation,
                        diagnostics,
                    });
                });
            match spawned {
                Ok(_) => o.running = Some(generation),
                Err(e) => log(&format!("could not start a lint: {e}")),
            }
        }
    }

    /// A lint ended: publish its diagnostics if they are for the document's current text.
    fn linted(
        &mut self,
        key: &str,
        generation: u64,
        diagnostics: Option<Vec<lsp::Diagnostic>>,
    ) -> io::Result<()> {
        let Some(o) = self.open.get_mut(key) else {
            return Ok(());
        };
        if o.running == Some(generation) {
            o.running = None;
        }
        match diagnostics {
            Some(d) if o.generation == generation && self.state == State::Running => {
                let (uri, version) = (o.doc.uri.clone(), o.doc.version);
                self.send_diagnostics(uri, d, version)
            }
            _ => Ok(()),
        }
    }

    fn send_diagnostics(
        &mut self,
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) -> io::Result<()> {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let params = serde_json::to_value(params).map_err(io::Error::other)?;
        self.send(&rpc::notification(
            "textDocument/publishDiagnostics",
            params,
        ))
    }
}

#[cfg(test)]
mod tests;

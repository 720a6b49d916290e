//! `vendorlint lsp`: a language server over stdio, a thin adapter over `lint_bytes`.
//!
//! Diagnostics on open, change and save of YAML and JSON declarations (with the configuration
//! found for the file, as on the command line), hover with the schema's description of the
//! field under the cursor, and completion of property names and enum values from the schema.
//!
//! One thread, synchronous: read a message, answer it, read the next. The parts:
//! `transport` (the base protocol's framing, which survives malformed input), `rpc` (JSON-RPC
//! messages and error codes), `uri` (document URIs and paths), `features` (diagnostics, hover,
//! completion, on `lsp_types` structs) and `schema` (the schema helpers they read).
//!
//! The handshake follows the protocol: requests before `initialize` get -32002
//! (ServerNotInitialized) and notifications are dropped; after `shutdown` requests get -32600;
//! `exit` ends the server with status 0 after `shutdown` and 1 without. The end of the input
//! counts as `exit` (a client that vanished without `shutdown` leaves status 1).

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
use std::collections::HashMap;
use std::io::{self, BufRead, Write};

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
    let stdin = io::stdin().lock();
    let stdout = io::stdout().lock();
    match run(stdin, stdout, base) {
        Ok(Exit::AfterShutdown) => Ok(()),
        Ok(Exit::WithoutShutdown) => std::process::exit(1),
        Err(e) => Err(e.to_string()),
    }
}

/// Serve one client on `input`/`output`. Only an I/O error is an error: malformed messages are
/// answered or skipped.
pub fn run(input: impl BufRead, output: impl Write, base: LintOptions) -> io::Result<Exit> {
    let mut reader = Reader::new(input);
    let mut server = Server {
        out: output,
        base,
        open: HashMap::new(),
        state: State::Uninitialized,
    };
    loop {
        match reader.next_frame()? {
            Frame::Eof => return Ok(server.exit()),
            Frame::BadHeader(why) => log(&format!("skipped a header block: {why}")),
            Frame::TooLarge(n) => server.send(&rpc::error(
                None,
                rpc::INVALID_REQUEST,
                format!("a message of {n} bytes is larger than the limit of {MAX_BODY} bytes"),
            ))?,
            Frame::Body(body) => match rpc::parse(&body) {
                Err(e) => server.send(&rpc::error(
                    None,
                    rpc::PARSE_ERROR,
                    format!("not JSON: {e}"),
                ))?,
                Ok(message) => {
                    if let Some(exit) = server.handle(message)? {
                        return Ok(exit);
                    }
                }
            },
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

struct Server<W> {
    out: W,
    base: LintOptions,
    /// Open documents by URI (as sent, or repaired: see `uri`).
    open: HashMap<String, Doc>,
    state: State,
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
                let reply = self.request(&id, &method, params);
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

    /// The response to a request.
    fn request(&mut self, id: &Id, method: &str, raw: Value) -> Value {
        let refuse = |code, message: String| rpc::error(Some(id), code, message);
        match (self.state, method) {
            (State::Uninitialized, "initialize") => {
                if let Err(e) = params::<lsp::InitializeParams>(raw) {
                    return refuse(rpc::INVALID_PARAMS, format!("initialize: {e}"));
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
                rpc::ok(id, Value::Null)
            }
            (State::Running, "textDocument/hover") => match params::<lsp::HoverParams>(raw) {
                Ok(p) => {
                    let at = p.text_document_position_params;
                    let hover = self
                        .open
                        .get(at.text_document.uri.as_str())
                        .and_then(|d| features::hover(d, at.position));
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
                            .map(|d| features::completion(d, at.position));
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

    /// Handles a notification; one whose params do not parse is skipped.
    fn notification(&mut self, method: &str, raw: Value) -> io::Result<()> {
        fn skip(method: &str, e: serde_json::Error) -> io::Result<()> {
            log(&format!("skipped {method}: {e}"));
            Ok(())
        }
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
                self.open.insert(key.clone(), doc);
                self.publish(&key)
            }
            "textDocument/didChange" => {
                let p: lsp::DidChangeTextDocumentParams = match params(raw) {
                    Ok(p) => p,
                    Err(e) => return skip(method, e),
                };
                let key = p.text_document.uri.as_str().to_string();
                let Some(doc) = self.open.get_mut(&key) else {
                    return Ok(());
                };
                for change in p.content_changes {
                    features::apply_change(&mut doc.text, change);
                }
                doc.version = Some(p.text_document.version);
                self.publish(&key)
            }
            "textDocument/didSave" => {
                let p: lsp::DidSaveTextDocumentParams = match params(raw) {
                    Ok(p) => p,
                    Err(e) => return skip(method, e),
                };
                let key = p.text_document.uri.as_str().to_string();
                if let (Some(doc), Some(text)) = (self.open.get_mut(&key), p.text) {
                    doc.text = text;
                }
                self.publish(&key)
            }
            "textDocument/didClose" => {
                let p: lsp::DidCloseTextDocumentParams = match params(raw) {
                    Ok(p) => p,
                    Err(e) => return skip(method, e),
                };
                self.open.remove(p.text_document.uri.as_str());
                self.send_diagnostics(p.text_document.uri, Vec::new(), None)
            }
            _ => Ok(()),
        }
    }

    fn publish(&mut self, key: &str) -> io::Result<()> {
        let Some(doc) = self.open.get(key) else {
            return Ok(());
        };
        let diagnostics = features::diagnostics(doc, &self.base);
        let (uri, version) = (doc.uri.clone(), doc.version);
        self.send_diagnostics(uri, diagnostics, version)
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

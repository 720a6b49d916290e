//! `vendorlint lsp`: a language server over stdio, a thin adapter over `lint_bytes`.
//!
//! Diagnostics on open, change and save of YAML and JSON declarations (with the configuration
//! found for the file, as on the command line), hover with the schema's description of the
//! field under the cursor, and completion of property names and enum values from the schema.
//! The protocol counts columns in UTF-16 code units; vendorlint in characters: this module
//! converts at the edge.

use crate::base::{Pos, Severity, Span, pointer_tokens};
use crate::lint::{LintOptions, lint_bytes};
use crate::load::{Document, Format, Limits, SpanNode, load_bytes};
use crate::report::sarif::{RULES_DOC, uri_path};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Run the server on stdin/stdout until the client shuts it down.
pub fn serve(base: LintOptions) -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    let capabilities = json!({
        "positionEncoding": "utf-16",
        "textDocumentSync": { "openClose": true, "change": 1, "save": { "includeText": true } },
        "hoverProvider": true,
        "completionProvider": { "triggerCharacters": [":", " "] },
    });
    connection
        .initialize(json!({
            "capabilities": capabilities,
            "serverInfo": { "name": "vendorlint", "version": env!("CARGO_PKG_VERSION") },
        }))
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        connection: &connection,
        base,
        open: HashMap::new(),
    };
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    break;
                }
                server.request(req);
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
    }
    drop(server);
    // The writer thread ends when the last sender is gone.
    drop(connection);
    io.join().map_err(|e| e.to_string())
}

struct Server<'a> {
    connection: &'a Connection,
    base: LintOptions,
    /// Open documents: URI -> text.
    open: HashMap<String, String>,
}

impl Server<'_> {
    fn send(&self, msg: Message) {
        let _ = self.connection.sender.send(msg);
    }

    fn notification(&mut self, n: Notification) {
        let p = &n.params;
        let uri = p["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let text = p["textDocument"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                self.open.insert(uri.clone(), text);
                self.publish(&uri);
            }
            "textDocument/didChange" => {
                // Full sync: the last change holds the whole text.
                if let Some(text) = p["contentChanges"]
                    .as_array()
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str())
                {
                    self.open.insert(uri.clone(), text.to_string());
                    self.publish(&uri);
                }
            }
            "textDocument/didSave" => {
                if let Some(text) = p["text"].as_str() {
                    self.open.insert(uri.clone(), text.to_string());
                }
                self.publish(&uri);
            }
            "textDocument/didClose" => {
                self.open.remove(&uri);
                self.send_diagnostics(&uri, Vec::new());
            }
            _ => {}
        }
    }

    fn request(&mut self, req: Request) {
        let result = match req.method.as_str() {
            "textDocument/hover" => self.hover(&req.params),
            "textDocument/completion" => self.completion(&req.params),
            _ => {
                let resp = Response::new_err(
                    req.id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("vendorlint does not handle {}", req.method),
                );
                return self.send(Message::Response(resp));
            }
        };
        self.respond(req.id, result);
    }

    fn respond(&self, id: RequestId, result: Value) {
        self.send(Message::Response(Response::new_ok(id, result)));
    }

    fn send_diagnostics(&self, uri: &str, diagnostics: Vec<Value>) {
        self.send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".to_string(),
            json!({ "uri": uri, "diagnostics": diagnostics }),
        )));
    }

    fn publish(&self, uri: &str) {
        let Some(text) = self.open.get(uri) else {
            return;
        };
        let path = uri_to_path(uri);
        // lint_bytes reads the configuration afresh: an edited vendorlint.toml applies at once.
        let result = lint_bytes(&path, text.as_bytes(), &self.base);
        // Other YAML (a CI workflow) is not a declaration: no diagnostics for it.
        if result
            .parsed_kind
            .as_deref()
            .is_some_and(|k| k != "vendor-declaration")
        {
            return self.send_diagnostics(uri, Vec::new());
        }
        let lines = Lines::new(text);
        let diagnostics = result
            .file
            .diagnostics
            .iter()
            .filter(|d| d.waived.is_none())
            .map(|d| {
                let range = lines.range(d.span.unwrap_or(Span::point(Pos::new(1, 1))));
                let mut related: Vec<Value> = Vec::new();
                if let Some(q) = &d.question {
                    related.push(json!({
                        "location": { "uri": uri, "range": range },
                        "message": format!("Ask the vendor: {q}"),
                    }));
                }
                for l in &d.labels {
                    let Some(span) = l.span else { continue };
                    let (luri, lrange) = match &l.path {
                        None => (uri.to_string(), lines.range(span)),
                        Some(p) => (
                            path_to_uri(Path::new(p)),
                            other_file_range(Path::new(p), span),
                        ),
                    };
                    related.push(json!({
                        "location": { "uri": luri, "range": lrange },
                        "message": l.message,
                    }));
                }
                let mut message = d.message.clone();
                if let Some(h) = &d.help {
                    message.push_str(&format!("\n{h}"));
                }
                let mut v = json!({
                    "range": range,
                    "severity": match d.severity {
                        Severity::Error => 1,
                        Severity::Warning => 2,
                        Severity::Info => 3,
                    },
                    "code": d.rule,
                    "codeDescription": { "href": format!("{RULES_DOC}#{}", d.rule.to_lowercase()) },
                    "source": "vendorlint",
                    "message": message,
                });
                if !related.is_empty() {
                    v["relatedInformation"] = json!(related);
                }
                v
            })
            .collect();
        self.send_diagnostics(uri, diagnostics);
    }

    /// The open document, parsed, and the cursor as a character position.
    fn at_cursor(&self, params: &Value) -> Option<(Document, Pos, String)> {
        let uri = params["textDocument"]["uri"].as_str()?;
        let text = self.open.get(uri)?;
        let line = params["position"]["line"].as_u64()? as u32;
        let character = params["position"]["character"].as_u64()? as u32;
        let pos = Lines::new(text).char_pos(line, character);
        let format = Format::from_path(&uri_to_path(uri));
        let doc = load_bytes(text.as_bytes(), format, &Limits::default()).document?;
        Some((doc, pos, text.clone()))
    }

    fn hover(&self, params: &Value) -> Value {
        let Some((doc, pos, text)) = self.at_cursor(params) else {
            return Value::Null;
        };
        let Some((pointer, span)) = pointer_at(&doc.spans, &doc.value, pos) else {
            return Value::Null;
        };
        let schema = crate::validate::declaration_validator().schema();
        let Some(node) = schema_at(schema, schema, &pointer_tokens(&pointer)) else {
            return Value::Null;
        };
        let node = resolve(schema, node);
        let Some(description) = node.get("description").and_then(Value::as_str) else {
            return Value::Null;
        };
        let mut md = format!(
            "**`{}`**\n\n{description}",
            pointer_tokens(&pointer).last().cloned().unwrap_or_default()
        );
        if let Some(values) = enum_values(schema, node) {
            md.push_str(&format!(
                "\n\nOne of: {}",
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        json!({
            "contents": { "kind": "markdown", "value": md },
            "range": Lines::new(&text).range(span),
        })
    }

    /// Property names of the mapping the cursor is in (YAML: by indentation), or the enum
    /// values of the key on the cursor's line.
    fn completion(&self, params: &Value) -> Value {
        let Some(uri) = params["textDocument"]["uri"].as_str() else {
            return Value::Null;
        };
        let Some(text) = self.open.get(uri) else {
            return Value::Null;
        };
        let line_no = params["position"]["line"].as_u64().unwrap_or(0) as usize;
        let lines: Vec<&str> = text.lines().collect();
        let line = lines.get(line_no).copied().unwrap_or("");
        let schema = crate::validate::declaration_validator().schema();
        // The path of keys above the cursor, from indentation.
        let indent = line.len() - line.trim_start().len();
        let mut path: Vec<String> = Vec::new();
        let mut want = indent;
        for l in lines[..line_no.min(lines.len())].iter().rev() {
            let t = l.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let i = l.len() - t.len();
            let t = t.trim_start_matches("- ");
            if i < want
                && let Some((k, _)) = t.split_once(':')
            {
                path.push(k.trim().trim_matches('"').to_string());
                want = i;
                if i == 0 {
                    break;
                }
            }
        }
        path.reverse();
        // Lists on the way (`services:` then `- id:`) are stepped through by `schema_at`.
        let node = schema_at_keys(schema, &path);
        let trimmed = line.trim_start().trim_start_matches("- ");
        let items: Vec<Value> = match trimmed.split_once(':') {
            Some((key, _)) => {
                let mut keys = path.clone();
                keys.push(key.trim().to_string());
                schema_at_keys(schema, &keys)
                    .and_then(|n| enum_values(schema, n))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|v| json!({ "label": v, "kind": 20 }))
                    .collect()
            }
            None => node
                .and_then(|n| properties(schema, n))
                .unwrap_or_default()
                .into_iter()
                .map(|(k, d)| json!({ "label": k, "kind": 10, "detail": d, "insertText": format!("{k}: ") }))
                .collect(),
        };
        json!({ "isIncomplete": false, "items": items })
    }
}

/// The node a local `$ref` (`#/...`) points at, if `node` is one.
fn follow_ref<'a>(root: &'a Value, node: &Value) -> Option<&'a Value> {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| root.pointer(p))
}

/// The first node along `$ref`s that has a description.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        if node.get("description").is_some() {
            break;
        }
        match follow_ref(root, node) {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

/// The schema node describing the value at `tokens`.
fn schema_at<'a>(root: &'a Value, node: &'a Value, tokens: &[String]) -> Option<&'a Value> {
    let mut node = node;
    for t in tokens {
        node = full(root, node);
        node = if t.parse::<usize>().is_ok() && node.get("items").is_some() {
            &node["items"]
        } else if let Some(p) = node.get("properties").and_then(|p| p.get(t)) {
            p
        } else if let Some(pp) = node.get("patternProperties").and_then(Value::as_object) {
            pp.values().next()?
        } else {
            node.get("additionalProperties").filter(|v| v.is_object())?
        };
    }
    Some(node)
}

/// Like `schema_at`, stepping through lists by key names alone (YAML indentation has no
/// indices).
fn schema_at_keys<'a>(root: &'a Value, keys: &[String]) -> Option<&'a Value> {
    let mut node = root;
    for k in keys {
        node = schema_at(root, into_items(root, node), std::slice::from_ref(k))?;
    }
    Some(into_items(root, node))
}

/// `resolve`, always following a `$ref` (for structure, not description).
fn full<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match follow_ref(root, node) {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

/// A list's item schema (for a list that is not also an object), else the node itself.
fn into_items<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let node = full(root, node);
    if node.get("items").is_some() && node.get("properties").is_none() {
        full(root, &node["items"])
    } else {
        node
    }
}

fn enum_values(root: &Value, node: &Value) -> Option<Vec<String>> {
    let n = full(root, node);
    let mut out: Vec<String> = Vec::new();
    let mut collect = |n: &Value| {
        if let Some(e) = n.get("enum").and_then(Value::as_array) {
            out.extend(e.iter().filter_map(|v| v.as_str().map(str::to_string)));
        }
    };
    collect(n);
    for k in ["anyOf", "oneOf"] {
        for alt in n.get(k).and_then(Value::as_array).into_iter().flatten() {
            collect(full(root, alt));
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

fn properties(root: &Value, node: &Value) -> Option<Vec<(String, String)>> {
    let n = full(root, node);
    let props = n.get("properties")?.as_object()?;
    Some(
        props
            .iter()
            .map(|(k, v)| {
                let d = resolve(root, v)
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                (k.clone(), d.split(". ").next().unwrap_or(d).to_string())
            })
            .collect(),
    )
}

/// The JSON pointer of the innermost key or value whose span holds `pos`, and that span.
pub fn pointer_at(node: &SpanNode, value: &Value, pos: Pos) -> Option<(String, Span)> {
    let inside = |s: Span| s.start <= pos && pos < s.end || (s.start == s.end && s.start == pos);
    match (node, value) {
        (SpanNode::Map { entries, .. }, Value::Object(map)) => {
            for ((k, v), (key_span, child)) in map.iter().zip(entries) {
                let token = crate::base::escape_token(k);
                if inside(*key_span) {
                    return Some((format!("/{token}"), *key_span));
                }
                if inside(child.span())
                    && let Some((p, s)) =
                        pointer_at(child, v, pos).or(Some((String::new(), child.span())))
                {
                    return Some((format!("/{token}{p}"), s));
                }
            }
            None
        }
        (SpanNode::Seq { items, .. }, Value::Array(values)) => {
            for (i, (child, v)) in items.iter().zip(values).enumerate() {
                if inside(child.span()) {
                    let (p, s) = pointer_at(child, v, pos).unwrap_or((String::new(), child.span()));
                    return Some((format!("/{i}{p}"), s));
                }
            }
            None
        }
        _ => None,
    }
}

/// Line starts of a text, for converting between character columns and UTF-16 offsets.
struct Lines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            lines: text.split('\n').collect(),
        }
    }

    fn utf16(&self, p: Pos) -> Value {
        let line = self
            .lines
            .get(p.line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("");
        let character: usize = line
            .chars()
            .take(p.column.saturating_sub(1) as usize)
            .map(char::len_utf16)
            .sum();
        json!({ "line": p.line.saturating_sub(1), "character": character })
    }

    fn range(&self, s: Span) -> Value {
        json!({ "start": self.utf16(s.start), "end": self.utf16(s.end) })
    }

    /// A protocol position (0-based line, UTF-16 offset) as a character position.
    fn char_pos(&self, line: u32, character: u32) -> Pos {
        let text = self.lines.get(line as usize).copied().unwrap_or("");
        let mut units = 0u32;
        let mut column = 1u32;
        for c in text.chars() {
            if units >= character {
                break;
            }
            units += c.len_utf16() as u32;
            column += 1;
        }
        Pos::new(line + 1, column)
    }
}

fn other_file_range(path: &Path, span: Span) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    Lines::new(&text).range(span)
}

/// `file:///a/b%20c.yaml` -> `/a/b c.yaml`.
pub fn uri_to_path(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").unwrap_or(uri);
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&raw[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

fn path_to_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let uri = format!("file://{}", uri_path(&abs.to_string_lossy()));
    // Round-trip through the protocol's URI type so that what we send parses.
    lsp::Uri::from_str(&uri)
        .map(|u| u.as_str().to_string())
        .unwrap_or(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns() {
        // "ø" is one UTF-16 unit, "𝔸" two.
        let l = Lines::new("a: ø𝔸x\n");
        assert_eq!(l.utf16(Pos::new(1, 6))["character"], 6);
        assert_eq!(l.char_pos(0, 6), Pos::new(1, 6));
    }

    #[test]
    fn uris() {
        assert_eq!(
            uri_to_path("file:///tmp/k%C3%B8benhavn%20it.yaml"),
            PathBuf::from("/tmp/københavn it.yaml")
        );
        assert_eq!(
            path_to_uri(Path::new("/tmp/københavn it.yaml")),
            "file:///tmp/k%C3%B8benhavn%20it.yaml"
        );
    }

    #[test]
    fn hover_finds_the_schema_description() {
        let text = "kind: vendor-declaration\nversion: 1\nvendor:\n  name: Å\n  country: DK\n";
        let doc = load_bytes(text.as_bytes(), Format::Yaml, &Limits::default())
            .document
            .unwrap();
        let (p, _) = pointer_at(&doc.spans, &doc.value, Pos::new(5, 4)).unwrap();
        assert_eq!(p, "/vendor/country");
        let schema = crate::validate::declaration_validator().schema();
        let node = schema_at(schema, schema, &pointer_tokens(&p)).unwrap();
        assert!(resolve(schema, node).get("description").is_some());
    }
}

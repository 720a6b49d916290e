//! Stage 2: load. Parse YAML or JSON into a `serde_json::Value` plus a parallel tree of source
//! spans, so that any JSON pointer maps back to line and column. This is the only module that
//! knows about text positions; every later stage speaks JSON pointers.

mod builder;
pub mod encoding;
mod json;
mod yaml;

use crate::base::{Diagnostic, Pos, Severity, Span, Target, pointer_tokens};
use serde_json::Value;

/// The syntax a file is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// `.json` files are JSON; everything else (`.yaml`, `.yml`, or a file named explicitly) is
    /// YAML.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// Hard caps that keep hostile input from costing unbounded time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes in one document, counting every node an alias expands to.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 8 * 1024 * 1024,
            max_depth: 128,
            max_nodes: 250_000,
        }
    }
}

/// Source spans, shaped like the value they describe.
#[derive(Debug, Clone, PartialEq)]
pub enum SpanNode {
    Scalar(Span),
    Seq {
        span: Span,
        items: Vec<SpanNode>,
    },
    /// `entries[i]` is (key span, value spans) of the i-th entry of the object, in the order
    /// the object iterates (serde_json with `preserve_order`).
    Map {
        span: Span,
        entries: Vec<(Span, SpanNode)>,
    },
}

impl SpanNode {
    pub fn span(&self) -> Span {
        match self {
            SpanNode::Scalar(s) => *s,
            SpanNode::Seq { span, .. } | SpanNode::Map { span, .. } => *span,
        }
    }
}

/// A parsed document: the value and where each part of it is in the text.
#[derive(Debug, Clone)]
pub struct Document {
    pub value: Value,
    pub spans: SpanNode,
}

impl Document {
    /// Map a JSON pointer to a span. When the pointer names something that does not exist
    /// (a missing property), the span of the nearest enclosing node that does exist is
    /// returned: its key when it has one, so a "missing property" lands on the key of the
    /// object that lacks it.
    pub fn locate(&self, pointer: &str, target: Target) -> Span {
        let mut value = &self.value;
        let mut node = &self.spans;
        // The key span of the node we are at, if it is an object member.
        let mut key_span: Option<Span> = None;
        for token in pointer_tokens(pointer) {
            let next = match (value, node) {
                (Value::Object(map), SpanNode::Map { entries, .. }) => map
                    .iter()
                    .zip(entries)
                    .find(|((k, _), _)| **k == token)
                    .map(|((_, v), (ks, n))| (v, n, Some(*ks))),
                (Value::Array(items), SpanNode::Seq { items: spans, .. }) => token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| Some((items.get(i)?, spans.get(i)?, None))),
                _ => None,
            };
            match next {
                Some((v, n, ks)) => {
                    value = v;
                    node = n;
                    key_span = ks;
                }
                // Missing: the nearest existing ancestor, at its key (or first key) if any.
                None => {
                    return key_span.unwrap_or_else(|| match node {
                        SpanNode::Map { entries, .. } if !entries.is_empty() => entries[0].0,
                        _ => Span::point(node.span().start),
                    });
                }
            }
        }
        match (target, key_span, node) {
            (Target::Key, Some(k), _) => k,
            // A list item or the root has no key: its first key stands for it.
            (Target::Key, None, SpanNode::Map { entries, .. }) if !entries.is_empty() => {
                entries[0].0
            }
            _ => node.span(),
        }
    }

    /// The span of the key naming the node at `pointer`, if the node is an object member.
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        let tokens = pointer_tokens(pointer);
        if tokens.is_empty() {
            return None;
        }
        Some(self.locate(pointer, Target::Key))
    }
}

/// What loading one file gave: a document when the text parsed, and the problems found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Diagnostic codes the loader emits.
/// Diagnostic codes the loader emits.
pub use crate::base::codes::load as codes;

pub(crate) fn error_at(code: &str, span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code, Severity::Error, message).at_span(span)
}

/// Load bytes as a document of the given format. Never panics; every problem is a diagnostic
/// with a position.
pub fn load_bytes(bytes: &[u8], format: Format, limits: &Limits) -> Loaded {
    if bytes.len() as u64 > limits.max_file_bytes {
        return too_large(bytes.len() as u64, limits);
    }
    let (bytes, found) = encoding::to_utf8(bytes);
    let notice = match found {
        None => None,
        Some((enc, Ok(()))) => Some(
            Diagnostic::new(
                codes::ENCODING,
                crate::base::Severity::Warning,
                format!(
                    "the file is {}, not UTF-8; it was decoded and checked",
                    enc.name()
                ),
            )
            .at_span(Span::point(Pos::new(1, 1)))
            .with_help(
                "declarations are UTF-8: save the file as UTF-8 (without a byte-order mark)",
            ),
        ),
        Some((enc, Err(at))) => {
            return Loaded {
                document: None,
                diagnostics: vec![
                    error_at(
                        codes::ENCODING,
                        Span::point(Pos::new(1, 1)),
                        format!(
                            "the file looks like {}, but is not valid {} at byte offset {at}",
                            enc.name(),
                            enc.name()
                        ),
                    )
                    .with_help("save the file as UTF-8"),
                ],
            };
        }
    };
    let mut loaded = load_text(&bytes, format, limits);
    loaded.diagnostics.extend(notice);
    loaded
}

fn load_text(bytes: &[u8], format: Format, limits: &Limits) -> Loaded {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return invalid_utf8(bytes, e),
    };
    // A byte-order mark is not content: drop it so that columns match what editors show.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return empty_file();
    }
    let loaded = match format {
        Format::Yaml => yaml::parse(text, limits),
        Format::Json => json::parse(text, limits),
    };
    if loaded.document.is_none() && loaded.diagnostics.is_empty() {
        return empty_file();
    }
    loaded
}

/// The result for a file over the size limit (which need not be read to know it).
pub fn too_large(len: u64, limits: &Limits) -> Loaded {
    Loaded {
        document: None,
        diagnostics: vec![
            error_at(
                codes::LIMIT,
                Span::point(Pos::new(1, 1)),
                format!(
                    "file is {len} bytes, more than the limit of {} bytes",
                    limits.max_file_bytes
                ),
            )
            .with_help("a declaration is normally a few kilobytes; split or trim the file"),
        ],
    }
}

fn empty_file() -> Loaded {
    Loaded {
        document: None,
        diagnostics: vec![
            error_at(
                codes::EMPTY,
                Span::point(Pos::new(1, 1)),
                "file is empty: it holds no declaration",
            )
            .with_help("start from the template that `vendorlint init` writes"),
        ],
    }
}

fn invalid_utf8(bytes: &[u8], e: std::str::Utf8Error) -> Loaded {
    let good = &bytes[..e.valid_up_to()];
    // Everything before the bad byte is valid UTF-8, so we can count lines and characters.
    let prefix = std::str::from_utf8(good).unwrap_or_default();
    let at = crate::base::LineIndex::new(prefix).pos(prefix.len());
    let (line, column) = (at.line, at.column);
    let bad = e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
    let shown: Vec<String> = bytes[e.valid_up_to()..e.valid_up_to() + bad]
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect();
    Loaded {
        document: None,
        diagnostics: vec![error_at(
            codes::ENCODING,
            Span::new(at, Pos::new(line, column + 1)),
            format!(
                "file is not valid UTF-8: byte {} at offset {}",
                shown.join(" "),
                e.valid_up_to()
            ),
        )
        .with_help("save the file as UTF-8 (declarations hold Danish and Swedish text; Latin-1 or Windows-1252 encodings are not accepted)")],
    }
}

#[cfg(test)]
mod tests;

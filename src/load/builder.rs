//! Builds a `serde_json::Value` and its `SpanNode` tree from a stream of parse events. Shared
//! by the YAML and JSON parsers so both give the same shapes, limits and duplicate-key rules.

use super::{SpanNode, codes, error_at};
use crate::base::{Diagnostic, Label, Pos, Span};
use serde_json::{Map, Value};

enum Frame {
    Seq {
        start: Pos,
        values: Vec<Value>,
        spans: Vec<SpanNode>,
        anchor: usize,
        nodes: usize,
    },
    Map {
        start: Pos,
        map: Map<String, Value>,
        entries: Vec<(Span, SpanNode)>,
        /// The key waiting for its value; `duplicate` when the value is to be dropped.
        pending: Option<(String, Span, bool)>,
        anchor: usize,
        nodes: usize,
    },
}

/// A finished node: value, spans and how many nodes it holds (for the expansion cap).
pub(crate) struct Built {
    pub value: Value,
    pub spans: SpanNode,
    pub nodes: usize,
}

pub(crate) struct Builder {
    stack: Vec<Frame>,
    root: Option<Built>,
    total_nodes: usize,
    max_depth: usize,
    max_nodes: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Finished anchored nodes, by the parser's anchor id (YAML only).
    anchors: Vec<Option<Built>>,
}

/// Why building stopped early. The diagnostic has already been recorded.
pub(crate) struct Abort;

impl Builder {
    pub fn new(limits: &super::Limits) -> Builder {
        Builder {
            stack: Vec::new(),
            root: None,
            total_nodes: 0,
            max_depth: limits.max_depth,
            max_nodes: limits.max_nodes,
            diagnostics: Vec::new(),
            anchors: Vec::new(),
        }
    }

    /// True when the innermost open container is a mapping waiting for a key.
    pub fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { pending: None, .. }))
    }

    fn count(&mut self, n: usize, at: Span) -> Result<(), Abort> {
        self.total_nodes += n;
        if self.total_nodes > self.max_nodes {
            self.diagnostics.push(
                error_at(
                    codes::LIMIT,
                    at,
                    format!(
                        "document expands to more than {} nodes (through aliases or sheer size)",
                        self.max_nodes
                    ),
                )
                .with_help("this looks like an alias bomb; a declaration needs a few thousand nodes at most"),
            );
            return Err(Abort);
        }
        Ok(())
    }

    fn open(&mut self, at: Span, frame: Frame) -> Result<(), Abort> {
        if self.stack.len() >= self.max_depth {
            self.diagnostics.push(
                error_at(
                    codes::LIMIT,
                    at,
                    format!("nesting is deeper than the limit of {} levels", self.max_depth),
                )
                .with_help("a declaration nests fewer than ten levels; check for runaway brackets or indentation"),
            );
            return Err(Abort);
        }
        self.count(1, at)?;
        self.stack.push(frame);
        Ok(())
    }

    pub fn begin_seq(&mut self, at: Span, anchor: usize) -> Result<(), Abort> {
        self.open(
            at,
            Frame::Seq {
                start: at.start,
                values: Vec::new(),
                spans: Vec::new(),
                anchor,
                nodes: 1,
            },
        )
    }

    pub fn begin_map(&mut self, at: Span, anchor: usize) -> Result<(), Abort> {
        self.open(
            at,
            Frame::Map {
                start: at.start,
                map: Map::new(),
                entries: Vec::new(),
                pending: None,
                anchor,
                nodes: 1,
            },
        )
    }

    /// A key for the innermost mapping. A repeated key is an error at the second occurrence
    /// (with a label at the first); its value is parsed and dropped.
    pub fn key(&mut self, key: String, span: Span) {
        let Some(Frame::Map {
            map,
            entries,
            pending,
            ..
        }) = self.stack.last_mut()
        else {
            return;
        };
        let duplicate = if let Some(i) = map.keys().position(|k| *k == key) {
            let first = entries[i].0;
            self.diagnostics.push(
                error_at(codes::DUPLICATE_KEY, span, format!("duplicate key `{key}`"))
                    .with_help("a key may appear once per mapping; this occurrence is ignored, so merge the two entries")
                    .with_label(Label {
                        message: format!("`{key}` first defined here"),
                        pointer: None,
                        target: Default::default(),
                        path: None,
                        span: Some(first),
                    }),
            );
            true
        } else {
            false
        };
        *pending = Some((key, span, duplicate));
    }

    /// A scalar value (not a key).
    pub fn scalar(&mut self, value: Value, span: Span, anchor: usize) -> Result<(), Abort> {
        self.count(1, span)?;
        let built = Built {
            value,
            spans: SpanNode::Scalar(span),
            nodes: 1,
        };
        if anchor != 0 {
            self.remember(anchor, &built);
        }
        self.attach(built);
        Ok(())
    }

    /// An alias: insert a copy of the anchored node, within the expansion cap.
    pub fn alias(&mut self, anchor: usize, span: Span) -> Result<(), Abort> {
        let Some(Some(found)) = self.anchors.get(anchor) else {
            self.diagnostics.push(error_at(
                codes::SYNTAX,
                span,
                "alias refers to an anchor that is not defined before it",
            ));
            return Err(Abort);
        };
        let nodes = found.nodes;
        self.count(nodes, span)?;
        let found = self.anchors[anchor].as_ref().map(|b| Built {
            value: b.value.clone(),
            spans: b.spans.clone(),
            nodes: b.nodes,
        });
        if let Some(b) = found {
            self.attach(b);
        }
        Ok(())
    }

    /// Close the innermost container. `close` is the position just after its closing bracket
    /// (flow style); a block container (`None`) ends where its last entry ends.
    pub fn end(&mut self, close: Option<Pos>) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (built, anchor) = match frame {
            Frame::Seq {
                start,
                values,
                spans,
                anchor,
                nodes,
            } => {
                let end = close.unwrap_or_else(|| spans.last().map_or(start, |s| s.span().end));
                (
                    Built {
                        value: Value::Array(values),
                        spans: SpanNode::Seq {
                            span: Span::new(start, end),
                            items: spans,
                        },
                        nodes,
                    },
                    anchor,
                )
            }
            Frame::Map {
                start,
                map,
                entries,
                anchor,
                nodes,
                ..
            } => {
                let end =
                    close.unwrap_or_else(|| entries.last().map_or(start, |(_, n)| n.span().end));
                (
                    Built {
                        value: Value::Object(map),
                        spans: SpanNode::Map {
                            span: Span::new(start, end),
                            entries,
                        },
                        nodes,
                    },
                    anchor,
                )
            }
        };
        if anchor != 0 {
            self.remember(anchor, &built);
        }
        self.attach(built);
    }

    fn remember(&mut self, anchor: usize, built: &Built) {
        if self.anchors.len() <= anchor {
            self.anchors.resize_with(anchor + 1, || None);
        }
        self.anchors[anchor] = Some(Built {
            value: built.value.clone(),
            spans: built.spans.clone(),
            nodes: built.nodes,
        });
    }

    fn attach(&mut self, built: Built) {
        match self.stack.last_mut() {
            None => self.root = Some(built),
            Some(Frame::Seq {
                values,
                spans,
                nodes,
                ..
            }) => {
                *nodes += built.nodes;
                values.push(built.value);
                spans.push(built.spans);
            }
            Some(Frame::Map {
                map,
                entries,
                pending,
                nodes,
                ..
            }) => {
                if let Some((key, key_span, duplicate)) = pending.take()
                    && !duplicate
                {
                    *nodes += built.nodes;
                    map.insert(key, built.value);
                    entries.push((key_span, built.spans));
                }
            }
        }
    }

    /// The finished root node, if the stream held one.
    pub fn finish(self) -> (Option<Built>, Vec<Diagnostic>) {
        (self.root, self.diagnostics)
    }
}

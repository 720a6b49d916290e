//! Minimal text edits to a declaration: set a value at a JSON pointer, or append an item to a
//! list, changing only the bytes that must change. Comments, key order, quoting and layout
//! everywhere else stay as they are.
//!
//! Each edit is planned on a fresh parse of the text (the loader's span tree), applied as one
//! replacement of a byte range, and checked: the text must load again and give exactly the
//! value the edit gives on the parsed value. So a later edit sees the parents an earlier one
//! created, and a wrong edit is an error, never a silently damaged file.
//!
//! YAML: an existing scalar's span is replaced; a missing key goes into its block mapping after
//! the last entry, at that mapping's indentation (missing parents become nested block keys); a
//! flow mapping or sequence (`{...}`, `[...]`) gets `, key: value` before its closing bracket.
//! JSON: the value is replaced; a missing `"key": value` goes after the last entry with a comma,
//! at the file's indentation.

use crate::base::{LineIndex, Span, pointer_tokens};
use crate::load::{Document, Format, Limits, SpanNode, load_bytes};
use serde_json::{Map, Value};
use std::ops::Range;

/// One change to a declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Set the value at `pointer`, creating missing parent mappings (and replacing a scalar
    /// that stands where a mapping must go, such as `unknown`).
    Set { pointer: String, value: Value },
    /// Append `item` to the list at `pointer`, creating the list (and its parents) if missing.
    Push { pointer: String, item: Value },
}

impl Edit {
    pub fn pointer(&self) -> &str {
        match self {
            Edit::Set { pointer, .. } | Edit::Push { pointer, .. } => pointer,
        }
    }
}

/// Why an edit could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

fn err(pointer: &str, message: impl Into<String>) -> EditError {
    EditError {
        pointer: pointer.to_string(),
        message: message.into(),
    }
}

/// Apply `edit` to a parsed value, as `apply_edits` applies it to the text.
pub fn apply_to_value(root: &mut Value, edit: &Edit) -> Result<(), EditError> {
    let pointer = edit.pointer();
    let tokens = pointer_tokens(pointer);
    let Some((last, parents)) = tokens.split_last() else {
        return Err(err(pointer, "cannot replace the whole declaration"));
    };
    let mut here = root;
    for t in parents {
        here = step_or_create(here, t, pointer)?;
    }
    match edit {
        Edit::Set { value, .. } => match here {
            Value::Object(map) => {
                map.insert(last.clone(), value.clone());
            }
            Value::Array(items) => {
                let slot = index(items, last).ok_or_else(|| no_item(pointer, last))?;
                *slot = value.clone();
            }
            _ => unreachable!("step_or_create gives a container"),
        },
        Edit::Push { item, .. } => {
            let list = step_or_create_list(here, last, pointer)?;
            list.push(item.clone());
        }
    }
    Ok(())
}

fn index<'a>(items: &'a mut [Value], token: &str) -> Option<&'a mut Value> {
    token.parse::<usize>().ok().and_then(|i| items.get_mut(i))
}

fn no_item(pointer: &str, token: &str) -> EditError {
    err(
        pointer,
        format!("the declaration has no list item {token} here; add it by hand first"),
    )
}

/// The child `t` of `here`, created as an empty mapping if missing or a scalar.
fn step_or_create<'a>(
    here: &'a mut Value,
    t: &str,
    pointer: &str,
) -> Result<&'a mut Value, EditError> {
    match here {
        Value::Object(map) => {
            let child = map
                .entry(t.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !child.is_object() && !child.is_array() {
                *child = Value::Object(Map::new());
            }
            Ok(child)
        }
        Value::Array(items) => {
            let child = index(items, t).ok_or_else(|| no_item(pointer, t))?;
            if !child.is_object() && !child.is_array() {
                *child = Value::Object(Map::new());
            }
            Ok(child)
        }
        _ => Err(err(pointer, "not below a mapping")),
    }
}

fn step_or_create_list<'a>(
    here: &'a mut Value,
    t: &str,
    pointer: &str,
) -> Result<&'a mut Vec<Value>, EditError> {
    let slot = match here {
        Value::Object(map) => map.entry(t.to_string()).or_insert(Value::Null),
        Value::Array(items) => index(items, t).ok_or_else(|| no_item(pointer, t))?,
        _ => return Err(err(pointer, "not below a mapping")),
    };
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    match slot {
        Value::Array(items) => Ok(items),
        _ => unreachable!(),
    }
}

/// Apply `edits` in order to the declaration `text` (read as `format`), as minimal text
/// changes. Fails, changing nothing, when the text does not load or an edit cannot be made.
pub fn apply_edits(text: &str, format: Format, edits: &[Edit]) -> Result<String, EditError> {
    // A byte-order mark is not content (the loader drops it); keep it in front.
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let mut text = body.to_string();
    let mut expected = load(&text, format)
        .ok_or_else(|| err("", "the declaration does not load"))?
        .value;
    for edit in edits {
        apply_to_value(&mut expected, edit)?;
        let doc = load(&text, format).ok_or_else(|| err("", "the declaration does not load"))?;
        let (range, new) = plan(&text, format, &doc, edit)?;
        text.replace_range(range, &new);
        let got = load(&text, format).map(|d| d.value);
        if got.as_ref() != Some(&expected) {
            return Err(err(
                edit.pointer(),
                "vendorlint could not write this change without disturbing the rest of the file; \
                 make it by hand",
            ));
        }
    }
    Ok(format!("{bom}{text}"))
}

fn load(text: &str, format: Format) -> Option<Document> {
    load_bytes(text.as_bytes(), format, &Limits::default()).document
}

/// A node of the span tree with what is known about its place: the span of its key (if it is
/// a mapping entry) and whether it is inside a flow collection.
#[derive(Clone, Copy)]
struct Place<'a> {
    key: Option<Span>,
    node: &'a SpanNode,
    value: &'a Value,
    in_flow: bool,
}

/// The one replacement that makes `edit` on `text`.
fn plan(
    text: &str,
    format: Format,
    doc: &Document,
    edit: &Edit,
) -> Result<(Range<usize>, String), EditError> {
    let pointer = edit.pointer();
    let tokens = pointer_tokens(pointer);
    let ctx = Ctx::new(text, format, doc);
    let mut here = Place {
        key: None,
        node: &doc.spans,
        value: &doc.value,
        in_flow: false,
    };
    // The value that will stand at `tokens[i..]` below the deepest existing node.
    let leaf = match edit {
        Edit::Set { value, .. } => value.clone(),
        Edit::Push { item, .. } => Value::Array(vec![item.clone()]),
    };
    let nested = |rest: &[String]| -> Value {
        rest.iter().rev().fold(leaf.clone(), |v, t| {
            let mut m = Map::new();
            m.insert(t.clone(), v);
            Value::Object(m)
        })
    };
    for (i, t) in tokens.iter().enumerate() {
        let in_flow = here.in_flow || ctx.is_flow(here.node);
        let next = match (here.value, here.node) {
            (Value::Object(map), SpanNode::Map { entries, .. }) => {
                match map.keys().position(|k| k == t) {
                    Some(j) => Some(Place {
                        key: Some(entries[j].0),
                        node: &entries[j].1,
                        value: &map[t.as_str()],
                        in_flow,
                    }),
                    None => {
                        return ctx.insert_entry(here, in_flow, t, &nested(&tokens[i + 1..]));
                    }
                }
            }
            (Value::Array(items), SpanNode::Seq { items: spans, .. }) => {
                let j = t.parse::<usize>().ok().filter(|&j| j < items.len());
                match j {
                    Some(j) => Some(Place {
                        key: None,
                        node: &spans[j],
                        value: &items[j],
                        in_flow,
                    }),
                    None => return Err(no_item(pointer, t)),
                }
            }
            _ => None,
        };
        match next {
            Some(p) => here = p,
            // A scalar where a mapping must go (`addon: unknown`): replace it.
            None => return ctx.replace(here, &nested(&tokens[i..]), pointer),
        }
    }
    match edit {
        Edit::Set { value, .. } => ctx.replace(here, value, pointer),
        Edit::Push { item, .. } => match (here.value, here.node) {
            (Value::Array(_), SpanNode::Seq { .. }) => ctx.push_item(here, item),
            _ => ctx.replace(here, &Value::Array(vec![item.clone()]), pointer),
        },
    }
}

/// The text being edited and its style: line index, newline, indentation unit.
struct Ctx<'a> {
    text: &'a str,
    format: Format,
    idx: LineIndex<'a>,
    newline: &'static str,
    /// YAML: how far a nested mapping is indented below its key; JSON: the indentation unit.
    unit: String,
    /// YAML: how far a block sequence's `-` is indented below its key.
    seq_offset: usize,
}

impl<'a> Ctx<'a> {
    fn new(text: &'a str, format: Format, doc: &Document) -> Ctx<'a> {
        let idx = LineIndex::new(text);
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut ctx = Ctx {
            text,
            format,
            idx,
            newline,
            unit: "  ".to_string(),
            seq_offset: 2,
        };
        match format {
            Format::Yaml => {
                let (unit, seq) = ctx.yaml_style(&doc.spans);
                ctx.unit = " ".repeat(unit.unwrap_or(2));
                ctx.seq_offset = seq.unwrap_or(ctx.unit.len());
            }
            Format::Json => {
                if let SpanNode::Map { entries, span } = &doc.spans
                    && let Some((k, _)) = entries.first()
                    && k.start.line != span.start.line
                {
                    let ws = ctx.line_indent(ctx.off(k.start));
                    if !ws.is_empty() {
                        ctx.unit = ws.to_string();
                    }
                }
            }
        }
        ctx
    }

    fn off(&self, pos: crate::base::Pos) -> usize {
        self.idx.offset(pos)
    }

    /// The whitespace a line starts with, for the line holding byte `at`.
    fn line_indent(&self, at: usize) -> &'a str {
        let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = &self.text[start..];
        let n = line.len() - line.trim_start_matches([' ', '\t']).len();
        &line[..n]
    }

    /// True when only whitespace precedes byte `at` on its line.
    fn starts_line(&self, at: usize) -> bool {
        let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        self.text[start..at]
            .trim_start_matches([' ', '\t'])
            .is_empty()
    }

    /// The byte just after the line break ending the line that holds byte `at` (the end of
    /// the text, with a line break added by the caller, if the last line has none).
    fn after_line(&self, at: usize) -> Option<usize> {
        self.text[at..].find('\n').map(|i| at + i + 1)
    }

    fn is_flow(&self, node: &SpanNode) -> bool {
        match node {
            SpanNode::Scalar(_) => false,
            _ => matches!(
                self.text[self.off(node.span().start)..].chars().next(),
                Some('{' | '[')
            ),
        }
    }

    /// (mapping indentation, sequence offset) as the file uses them, when it shows them.
    fn yaml_style(&self, node: &SpanNode) -> (Option<usize>, Option<usize>) {
        let (mut unit, mut seq) = (None, None);
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if unit.is_some() && seq.is_some() {
                break;
            }
            match n {
                SpanNode::Scalar(_) => {}
                SpanNode::Seq { items, .. } => stack.extend(items.iter().rev()),
                SpanNode::Map { entries, .. } => {
                    for (k, v) in entries {
                        if self.is_flow(v) {
                            continue;
                        }
                        match v {
                            SpanNode::Map { entries: inner, .. } if unit.is_none() => {
                                if let Some((ik, _)) = inner.first()
                                    && ik.start.line > k.start.line
                                    && ik.start.column > k.start.column
                                {
                                    unit = Some((ik.start.column - k.start.column) as usize);
                                }
                            }
                            SpanNode::Seq { items, .. } if seq.is_none() => {
                                if let Some(first) = items.first()
                                    && let Some(dash) = self.dash_before(first)
                                    && first.span().start.line > k.start.line
                                {
                                    let col = self.col_of(dash);
                                    seq = col.checked_sub(k.start.column as usize - 1);
                                }
                            }
                            _ => {}
                        }
                    }
                    stack.extend(entries.iter().rev().map(|(_, v)| v));
                }
            }
        }
        (unit, seq)
    }

    /// The 0-based character column of byte `at`.
    fn col_of(&self, at: usize) -> usize {
        self.idx.pos(at).column as usize - 1
    }

    /// The byte of the `-` that introduces a block sequence item, on the item's line.
    fn dash_before(&self, item: &SpanNode) -> Option<usize> {
        let at = self.off(item.span().start);
        let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = &self.text[start..at];
        let dash = before.rfind('-')?;
        before[..dash]
            .trim_start_matches(' ')
            .is_empty()
            .then_some(start + dash)
            .or_else(|| {
                // `- - x` or `-   key:`: the first dash of the line.
                let first = before.find('-')?;
                before[..first]
                    .trim_start_matches(' ')
                    .is_empty()
                    .then_some(start + first)
            })
    }

    /// The byte just after the `:` that follows a key.
    fn colon_after(&self, key: Span) -> Option<usize> {
        let from = self.off(key.end);
        let rest = &self.text[from..];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        rest[skipped..]
            .starts_with(':')
            .then_some(from + skipped + 1)
    }

    /// The byte just after the bracket that closes the flow collection opening at `open`
    /// (the parser's span runs on over blanks and comments after it).
    fn flow_close(&self, open: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut i = open;
        while i < bytes.len() {
            match bytes[i] {
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
                b'\'' => {
                    i += 1;
                    while i < bytes.len() {
                        if bytes[i] == b'\'' {
                            if bytes.get(i + 1) == Some(&b'\'') {
                                i += 1;
                            } else {
                                break;
                            }
                        }
                        i += 1;
                    }
                }
                b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        self.text.len()
    }

    /// Where a YAML node's text really ends: block scalars (`|`, `>`) end with their last
    /// content line, not where the parser's span does.
    fn yaml_end(&self, node: &SpanNode) -> usize {
        match node {
            SpanNode::Scalar(s) => {
                let start = self.off(s.start);
                if self.block_indicator(start) {
                    self.block_scalar_end(start)
                } else {
                    self.off(s.end)
                }
            }
            _ if self.is_flow(node) => self.flow_close(self.off(node.span().start)),
            SpanNode::Map { entries, span } => {
                entries.last().map_or(self.off(span.end), |(k, v)| {
                    self.yaml_end(v).max(self.off(k.end))
                })
            }
            SpanNode::Seq { items, span } => items
                .last()
                .map_or(self.off(span.end), |v| self.yaml_end(v)),
        }
    }

    /// True when the scalar starting at byte `start` is a block scalar: the last token before
    /// it (on an earlier line, comments aside) is `|` or `>` with its indicators.
    fn block_indicator(&self, start: usize) -> bool {
        let before = self.text[..start].trim_end();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        if line_start >= start || !self.text[before.len()..start].contains('\n') {
            return false;
        }
        let line = &before[line_start..];
        let line = match line.find(" #") {
            Some(i) => &line[..i],
            None => line,
        };
        let token = line.trim_end().rsplit([' ', '\t']).next().unwrap_or("");
        let mut chars = token.chars();
        matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+' | '1'..='9'))
    }

    /// The end of a block scalar's last content line: lines after the indicator's line that
    /// are blank or indented deeper than it.
    fn block_scalar_end(&self, content: usize) -> usize {
        let indicator_line = self.text[..content]
            .trim_end()
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let base = self.line_indent(indicator_line).len();
        let mut end = content;
        let mut at = self.text[..content].rfind('\n').map_or(0, |i| i + 1);
        while at < self.text.len() {
            let line_end = self.text[at..]
                .find('\n')
                .map_or(self.text.len(), |i| at + i);
            let line = self.text[at..line_end].trim_end_matches('\r');
            let indent = line.len() - line.trim_start_matches(' ').len();
            if !line.trim().is_empty() {
                if indent <= base {
                    break;
                }
                end = at + line.len();
            }
            at = line_end + 1;
        }
        end
    }

    // ---- replacing a value ----

    fn replace(
        &self,
        here: Place,
        value: &Value,
        pointer: &str,
    ) -> Result<(Range<usize>, String), EditError> {
        match self.format {
            Format::Json => {
                let span = here.node.span();
                let start = self.off(span.start);
                let ws = self.line_indent(start);
                Ok((
                    start..self.off(span.end),
                    json_value(value, ws, &self.unit, self.newline),
                ))
            }
            Format::Yaml => self.yaml_replace(here, value, pointer),
        }
    }

    fn yaml_replace(
        &self,
        here: Place,
        value: &Value,
        pointer: &str,
    ) -> Result<(Range<usize>, String), EditError> {
        let span = here.node.span();
        let (start, end) = (self.off(span.start), self.yaml_end(here.node));
        let colon = here.key.and_then(|k| self.colon_after(k));
        let flow_node = self.is_flow(here.node);
        let block_scalar = matches!(here.node, SpanNode::Scalar(_)) && self.block_indicator(start);
        let empty = matches!(here.node, SpanNode::Scalar(s) if s.start == s.end);
        let block_node = !flow_node && !matches!(here.node, SpanNode::Scalar(_));
        let needs_block = !here.in_flow && needs_block(value);
        match colon {
            Some(colon) if needs_block => {
                let key = here.key.expect("a colon follows a key");
                let indent = self.col_of(self.off(key.start));
                let mut body = String::new();
                self.yaml_block_value(&mut body, indent, value);
                let body = body.trim_end_matches(['\n', '\r']).to_string();
                Ok((colon..end.max(colon), body))
            }
            Some(colon) if block_scalar || block_node || empty => {
                Ok((colon..end.max(colon), format!(" {}", yaml_flow(value))))
            }
            _ if needs_block => Err(err(
                pointer,
                "a mapping cannot be written in place of this value; make the change by hand",
            )),
            _ if block_scalar || block_node || empty => Err(err(
                pointer,
                "this value cannot be replaced in place; make the change by hand",
            )),
            _ => Ok((start..end, yaml_flow(value))),
        }
    }

    // ---- inserting a key ----

    fn insert_entry(
        &self,
        map: Place,
        in_flow: bool,
        key: &str,
        value: &Value,
    ) -> Result<(Range<usize>, String), EditError> {
        let SpanNode::Map { entries, span } = map.node else {
            unreachable!("insert_entry is called on mappings")
        };
        let open = self.off(span.start);
        let close = match self.format {
            Format::Yaml if in_flow => self.flow_close(open),
            _ => self.off(span.end),
        };
        match self.format {
            Format::Json => {
                let Some((k, v)) = entries.last() else {
                    let ws = self.line_indent(open);
                    let inner = format!("{ws}{}", self.unit);
                    let text = format!(
                        "{{{nl}{inner}{}: {}{nl}{ws}}}",
                        json_string(key),
                        json_value(value, &inner, &self.unit, self.newline),
                        nl = self.newline
                    );
                    return Ok((open..close, text));
                };
                let after = self.off(v.span().end);
                let key_at = self.off(k.start);
                let text = if self.starts_line(key_at) {
                    let ws = self.line_indent(key_at);
                    format!(
                        ",{}{ws}{}: {}",
                        self.newline,
                        json_string(key),
                        json_value(value, ws, &self.unit, self.newline)
                    )
                } else {
                    format!(
                        ", {}: {}",
                        json_string(key),
                        serde_json::to_string(value).unwrap_or_default()
                    )
                };
                Ok((after..after, text))
            }
            Format::Yaml if in_flow => {
                let entry = format!("{}: {}", yaml_key(key), yaml_flow(value));
                match entries.last() {
                    None => Ok((open..close, format!("{{{entry}}}"))),
                    Some((_, v)) => {
                        let after = self.yaml_end(v);
                        Ok((after..after, format!(", {entry}")))
                    }
                }
            }
            Format::Yaml => {
                let Some((first, _)) = entries.first() else {
                    unreachable!("a block mapping has an entry")
                };
                let indent = self.col_of(self.off(first.start));
                let (lk, lv) = entries.last().expect("non-empty");
                let end = self.yaml_end(lv).max(self.off(lk.end));
                let mut text = String::new();
                self.yaml_block_entry(&mut text, indent, key, value);
                match self.after_line(end) {
                    Some(at) => Ok((at..at, text)),
                    None => {
                        let at = self.text.len();
                        Ok((at..at, format!("{}{text}", self.newline)))
                    }
                }
            }
        }
    }

    // ---- appending to a list ----

    fn push_item(&self, list: Place, item: &Value) -> Result<(Range<usize>, String), EditError> {
        let SpanNode::Seq { items, span } = list.node else {
            unreachable!("push_item is called on sequences")
        };
        let open = self.off(span.start);
        let close = match self.format {
            Format::Yaml if self.is_flow(list.node) => self.flow_close(open),
            _ => self.off(span.end),
        };
        match self.format {
            Format::Json => {
                let Some(last) = items.last() else {
                    let ws = self.line_indent(open);
                    let inner = format!("{ws}{}", self.unit);
                    let text = format!(
                        "[{nl}{inner}{}{nl}{ws}]",
                        json_value(item, &inner, &self.unit, self.newline),
                        nl = self.newline
                    );
                    return Ok((open..close, text));
                };
                let at = self.off(last.span().start);
                let after = self.off(last.span().end);
                let text = if self.starts_line(at) {
                    let ws = self.line_indent(at);
                    format!(
                        ",{}{ws}{}",
                        self.newline,
                        json_value(item, ws, &self.unit, self.newline)
                    )
                } else {
                    format!(", {}", serde_json::to_string(item).unwrap_or_default())
                };
                Ok((after..after, text))
            }
            Format::Yaml if self.is_flow(list.node) => {
                let colon = list.key.and_then(|k| self.colon_after(k));
                match (items.last(), colon) {
                    // `evidence: []` in a block mapping becomes a block sequence.
                    (None, Some(colon)) if !list.in_flow && needs_block(item) => {
                        let key = list.key.expect("a colon follows a key");
                        let indent = self.col_of(self.off(key.start));
                        let mut body = String::new();
                        self.yaml_block_value(&mut body, indent, &Value::Array(vec![item.clone()]));
                        let body = body.trim_end_matches(['\n', '\r']).to_string();
                        Ok((colon..close, body))
                    }
                    (None, _) => Ok((open..close, format!("[{}]", yaml_flow(item)))),
                    (Some(last), _) => {
                        let after = self.yaml_end(last);
                        Ok((after..after, format!(", {}", yaml_flow(item))))
                    }
                }
            }
            Format::Yaml => {
                let first = items.first().expect("a block sequence has an item");
                let dash = self
                    .dash_before(first)
                    .ok_or_else(|| err("", "cannot find the list's `-`"))?;
                let dash_col = self.col_of(dash);
                let content_col = self.col_of(self.off(first.span().start));
                let end = self.yaml_end(items.last().expect("non-empty"));
                let mut text = String::new();
                self.yaml_block_item(&mut text, dash_col, content_col - dash_col, item);
                match self.after_line(end) {
                    Some(at) => Ok((at..at, text)),
                    None => {
                        let at = self.text.len();
                        Ok((at..at, format!("{}{text}", self.newline)))
                    }
                }
            }
        }
    }

    // ---- YAML block rendering ----

    /// `key: value` lines at `indent`, nested mappings and lists of mappings in block style.
    fn yaml_block_entry(&self, out: &mut String, indent: usize, key: &str, value: &Value) {
        out.push_str(&" ".repeat(indent));
        out.push_str(&yaml_key(key));
        out.push(':');
        if needs_block(value) {
            self.yaml_block_value(out, indent, value);
            out.push_str(self.newline);
        } else {
            out.push(' ');
            out.push_str(&yaml_flow(value));
            out.push_str(self.newline);
        }
    }

    /// The block body of a key at `indent` (starting with a line break, without the last).
    fn yaml_block_value(&self, out: &mut String, indent: usize, value: &Value) {
        let mut body = String::new();
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    self.yaml_block_entry(&mut body, indent + self.unit.len(), k, v);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.yaml_block_item(&mut body, indent + self.seq_offset, 2, item);
                }
            }
            _ => unreachable!("needs_block is true for containers only"),
        }
        out.push_str(self.newline);
        out.push_str(body.trim_end_matches(['\n', '\r']));
    }

    /// One `- item` at column `dash`, its content `gap` columns after the dash.
    fn yaml_block_item(&self, out: &mut String, dash: usize, gap: usize, item: &Value) {
        let gap = gap.max(2);
        match item {
            Value::Object(map) if !map.is_empty() => {
                let mut body = String::new();
                for (k, v) in map {
                    self.yaml_block_entry(&mut body, dash + gap, k, v);
                }
                out.push_str(&" ".repeat(dash));
                out.push('-');
                out.push_str(&" ".repeat(gap - 1));
                out.push_str(&body[dash + gap..]);
            }
            _ => {
                out.push_str(&" ".repeat(dash));
                out.push('-');
                out.push_str(&" ".repeat(gap - 1));
                out.push_str(&yaml_flow(item));
                out.push_str(self.newline);
            }
        }
    }
}

/// True for values written as block mappings or block lists: non-empty mappings, and lists
/// that hold a non-empty mapping. Lists of scalars stay flow sequences (`[a, b]`).
fn needs_block(value: &Value) -> bool {
    match value {
        Value::Object(m) => !m.is_empty(),
        Value::Array(items) => items
            .iter()
            .any(|i| matches!(i, Value::Object(m) if !m.is_empty())),
        _ => false,
    }
}

// ---- YAML scalars ----

/// Words YAML 1.1 tools read as booleans (vendorlint reads them as text): never plain.
const YAML11_WORDS: &[&str] = &["y", "n", "yes", "no", "on", "off"];

/// True when `s` may be written as a plain YAML scalar and read back as the same string by
/// every tool: a lower-case word of letters, digits, `_` and `-` that starts with a letter
/// (an id or a vocabulary value). Dates, country codes and text are quoted.
fn plain_ok(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
        && !YAML11_WORDS.contains(&s)
        && !matches!(s, "null" | "true" | "false")
}

/// A mapping key: plain when it is a simple name, else double-quoted.
pub fn yaml_key(key: &str) -> String {
    let mut chars = key.chars();
    let simple = matches!(chars.next(), Some('a'..='z' | 'A'..='Z' | '_'))
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
    let lower = key.to_ascii_lowercase();
    if simple
        && !YAML11_WORDS.contains(&lower.as_str())
        && !matches!(lower.as_str(), "null" | "true" | "false")
    {
        key.to_string()
    } else {
        yaml_quoted(key)
    }
}

/// `s` as a YAML double-quoted scalar: quotes, backslashes, control and invisible formatting
/// characters escaped.
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if crate::base::invisible(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value in YAML flow style: scalars, `[a, b]`, `{k: v}`.
pub fn yaml_flow(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if plain_ok(s) => s.clone(),
        Value::String(s) => yaml_quoted(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(yaml_flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", yaml_key(k), yaml_flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

// ---- JSON ----

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// `value` as JSON, pretty-printed with `unit` and continued lines indented by `base`.
fn json_value(value: &Value, base: &str, unit: &str, newline: &str) -> String {
    use serde::Serialize;
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(unit.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    if value.serialize(&mut ser).is_err() {
        return "null".to_string();
    }
    let text = String::from_utf8(buf).unwrap_or_default();
    text.split('\n')
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line.to_string()
            } else {
                format!("{base}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join(newline)
}

#[cfg(test)]
mod tests;

//! TOML into the loader's `Document` (a JSON value plus a span for every node), so that the
//! configuration is validated and located exactly like a declaration: by JSON pointer.

use crate::base::{Diagnostic, LineIndex, Pos, Severity, Span};
use crate::load::{Document, SpanNode};
use serde_json::{Map, Number, Value};
use toml_edit::{Item, Table, TableLike};

/// Byte ranges from toml_edit as spans, with a fallback where it has none.
struct Lines<'a>(LineIndex<'a>);

impl Lines<'_> {
    fn pos(&self, offset: usize) -> Pos {
        self.0.pos(offset)
    }

    fn span(&self, range: Option<std::ops::Range<usize>>, fallback: Span) -> Span {
        range.map_or(fallback, |r| self.0.span(r))
    }
}

/// Parse TOML text. A syntax error is one diagnostic (`code`) at its position.
pub fn parse(text: &str, code: &str) -> Result<Document, Box<Diagnostic>> {
    let lines = Lines(LineIndex::new(text));
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let span = lines.span(e.span(), Span::point(Pos::new(1, 1)));
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .trim()
            .to_string();
        Box::new(
            Diagnostic::new(code, Severity::Error, format!("invalid TOML: {message}"))
                .at_span(span),
        )
    })?;
    let whole = Span::new(Pos::new(1, 1), lines.pos(text.len()));
    let (value, spans) = table(doc.as_table(), whole, &lines);
    Ok(Document { value, spans })
}

fn table(t: &dyn TableLike, at: Span, lines: &Lines) -> (Value, SpanNode) {
    let mut map = Map::new();
    let mut entries = Vec::new();
    for (k, item) in t.iter() {
        let key_span = lines.span(t.key(k).and_then(|k| k.span()), at);
        let (v, s) = node(item, key_span, lines);
        map.insert(k.to_string(), v);
        entries.push((key_span, s));
    }
    (Value::Object(map), SpanNode::Map { span: at, entries })
}

fn node(item: &Item, key_span: Span, lines: &Lines) -> (Value, SpanNode) {
    match item {
        Item::None => (Value::Null, SpanNode::Scalar(key_span)),
        Item::Value(v) => value(v, key_span, lines),
        Item::Table(t) => {
            let at = lines.span(t.span(), key_span);
            table(t as &Table, at, lines)
        }
        Item::ArrayOfTables(a) => {
            let at = lines.span(a.span(), key_span);
            let mut values = Vec::new();
            let mut items = Vec::new();
            for t in a.iter() {
                let (v, s) = table(t, lines.span(t.span(), at), lines);
                values.push(v);
                items.push(s);
            }
            (Value::Array(values), SpanNode::Seq { span: at, items })
        }
    }
}

fn value(v: &toml_edit::Value, fallback: Span, lines: &Lines) -> (Value, SpanNode) {
    use toml_edit::Value as T;
    let at = lines.span(v.span(), fallback);
    let scalar = |x: Value| (x, SpanNode::Scalar(at));
    match v {
        T::String(s) => scalar(Value::String(s.value().clone())),
        T::Integer(i) => scalar(Value::Number((*i.value()).into())),
        T::Float(f) => scalar(
            Number::from_f64(*f.value())
                .map(Value::Number)
                .unwrap_or(Value::Null),
        ),
        T::Boolean(b) => scalar(Value::Bool(*b.value())),
        // Dates stay text (`YYYY-MM-DD`), as in declarations.
        T::Datetime(d) => scalar(Value::String(d.value().to_string())),
        T::Array(a) => {
            let mut values = Vec::new();
            let mut items = Vec::new();
            for x in a.iter() {
                let (v, s) = value(x, at, lines);
                values.push(v);
                items.push(s);
            }
            (Value::Array(values), SpanNode::Seq { span: at, items })
        }
        T::InlineTable(t) => table(t, at, lines),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Target;

    #[test]
    fn values_and_positions() {
        let text = "profile = \"nis2\"\n# æøå\n[params]\nmax_rto_hours = 12\nallowed = [\"DK\", \"SE\"]\n\n[[waivers]]\nrule = \"BAK-001\"\nexpires = 2027-01-31\nnote = { \"å\" = \"x\" }\n";
        let doc = parse(text, "CONFIG-001").unwrap();
        assert_eq!(doc.value["params"]["max_rto_hours"], 12);
        assert_eq!(doc.value["waivers"][0]["expires"], "2027-01-31");
        let at = |p: &str, t| {
            let s = doc.locate(p, t);
            (s.start.line, s.start.column, s.end.line, s.end.column)
        };
        assert_eq!(at("/profile", Target::Value), (1, 11, 1, 17));
        assert_eq!(at("/params/max_rto_hours", Target::Key), (4, 1, 4, 14));
        assert_eq!(at("/params/allowed/1", Target::Value), (5, 18, 5, 22));
        assert_eq!(at("/waivers/0/rule", Target::Value), (8, 8, 8, 17));
        assert_eq!(at("/waivers/0/note/å", Target::Key), (10, 10, 10, 13));
        // Missing: the nearest existing key.
        assert_eq!(at("/params/nope", Target::Value), (3, 2, 3, 8));
    }

    #[test]
    fn syntax_error_has_a_position() {
        let e = *parse("a = 1\nb = = 2\n", "CONFIG-001").unwrap_err();
        assert!(e.message.starts_with("invalid TOML"), "{}", e.message);
        let s = e.span.unwrap();
        assert_eq!(s.start.line, 2);
    }

    #[test]
    fn duplicate_key_is_an_error() {
        let e = *parse("a = 1\na = 2\n", "CONFIG-001").unwrap_err();
        assert_eq!(e.span.unwrap().start.line, 2, "{}", e.message);
    }
}

//! YAML 1.2 on top of saphyr-parser's event stream: core-schema scalar resolution (so `NO`
//! stays the string "NO"), one document per file, spans in characters.

use super::builder::{Abort, Builder};
use super::{Document, Limits, Loaded, codes, error_at};
use crate::base::{Diagnostic, Pos, Severity, Span};
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan, Tag};
use serde_json::{Number, Value};

fn pos(m: saphyr_parser::Marker) -> Pos {
    Pos::new(m.line() as u32, m.col() as u32 + 1)
}

fn span(s: YSpan) -> Span {
    Span::new(pos(s.start), pos(s.end))
}

/// Maps saphyr's character indices to byte offsets, moving forward through the text (events
/// arrive in text order, so the total work is one pass).
struct Cursor<'a> {
    text: &'a str,
    chars: usize,
    bytes: usize,
}

impl Cursor<'_> {
    fn byte_of(&mut self, char_index: usize) -> usize {
        if char_index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        let rest = &self.text[self.bytes..];
        let mut it = rest.char_indices();
        while self.chars < char_index {
            match it.next() {
                Some(_) => self.chars += 1,
                None => break,
            }
            self.bytes = self.text.len() - it.as_str().len();
        }
        self.bytes
    }
}

/// saphyr's span for a quoted scalar runs on over trailing blanks and comments; the value ends
/// at its closing quote. Walk from the opening quote to find it.
fn quoted_end(
    cursor: &mut Cursor,
    start: saphyr_parser::Marker,
    style: ScalarStyle,
) -> Option<Pos> {
    let from = cursor.byte_of(start.index());
    let mut chars = cursor.text[from..].chars();
    let quote = chars.next()?;
    let (mut line, mut col) = (start.line() as u32, start.col() as u32 + 2);
    // `\r\n`, a lone `\r` and a lone `\n` are one line break each (YAML 1.2, 5.4).
    let step = |c: char, next: Option<&char>, line: &mut u32, col: &mut u32| {
        if c == '\n' || (c == '\r' && next != Some(&'\n')) {
            *line += 1;
            *col = 1;
        } else if c != '\r' {
            *col += 1;
        }
    };
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        step(c, chars.peek(), &mut line, &mut col);
        match (style, c) {
            (ScalarStyle::DoubleQuoted, '\\') => {
                let escaped = chars.next()?;
                step(escaped, chars.peek(), &mut line, &mut col);
            }
            (ScalarStyle::SingleQuoted, '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
                col += 1;
            }
            (_, c) if c == quote => return Some(Pos::new(line, col)),
            _ => {}
        }
    }
    None
}

pub(super) fn parse(text: &str, limits: &Limits) -> Loaded {
    let mut cursor = Cursor {
        text,
        chars: 0,
        bytes: 0,
    };
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder::new(limits);
    let mut documents = 0usize;
    let mut extra: Vec<Diagnostic> = Vec::new();
    let mut failed = false;

    while let Some(next) = parser.next_event() {
        let (event, ys) = match next {
            Ok(e) => e,
            Err(e) => {
                let at = Span::point(pos(*e.marker()));
                extra.push(if e.info().contains("recursion limit") {
                    error_at(
                        codes::LIMIT,
                        at,
                        "nesting of flow collections (`[`, `{`) is deeper than the parser's limit",
                    )
                    .with_help(
                        "a declaration nests fewer than ten levels; check for runaway brackets",
                    )
                } else {
                    error_at(
                        codes::SYNTAX,
                        at,
                        format!("YAML syntax error: {}", e.info()),
                    )
                });
                failed = true;
                break;
            }
        };
        let mut sp = span(ys);
        if let Event::Scalar(_, style @ (ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted), ..) =
            &event
            && let Some(end) = quoted_end(&mut cursor, ys.start, *style)
        {
            sp.end = end;
        }
        let step = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => Ok(()),
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    extra.push(
                        error_at(
                            codes::UNSUPPORTED,
                            sp,
                            "a second YAML document: a declaration file holds exactly one document",
                        )
                        .with_help("put each vendor's declaration in its own file; everything after this `---` is ignored"),
                    );
                    break;
                }
                Ok(())
            }
            Event::Alias(id) => {
                if builder.expects_key() {
                    Err(unsupported(
                        &mut builder,
                        sp,
                        "an alias used as a mapping key is not supported",
                    ))
                } else {
                    builder.alias(id, sp)
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                scalar(&mut builder, &text, style, anchor, tag.as_deref(), sp)
            }
            Event::SequenceStart(anchor, tag) => {
                if builder.expects_key() {
                    Err(unsupported(
                        &mut builder,
                        sp,
                        "a sequence used as a mapping key is not supported; keys must be plain text",
                    ))
                } else if check_tag(&mut builder, tag.as_deref(), "seq", sp).is_err() {
                    Err(Abort)
                } else {
                    builder.begin_seq(sp, anchor)
                }
            }
            Event::MappingStart(anchor, tag) => {
                if builder.expects_key() {
                    Err(unsupported(
                        &mut builder,
                        sp,
                        "a mapping used as a mapping key is not supported; keys must be plain text",
                    ))
                } else if check_tag(&mut builder, tag.as_deref(), "map", sp).is_err() {
                    Err(Abort)
                } else {
                    builder.begin_map(sp, anchor)
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                // Flow collections end at their closing bracket; block ones have an empty span.
                builder.end((sp.start != sp.end).then_some(sp.end));
                Ok(())
            }
        };
        if step.is_err() {
            failed = true;
            break;
        }
    }

    let (root, mut diagnostics) = builder.finish();
    diagnostics.extend(extra);
    let document = if failed {
        None
    } else {
        root.filter(|r| !r.value.is_null()).map(|r| Document {
            value: r.value,
            spans: r.spans,
        })
    };
    Loaded {
        document,
        diagnostics,
    }
}

fn unsupported(builder: &mut Builder, at: Span, message: &str) -> Abort {
    builder
        .diagnostics
        .push(error_at(codes::UNSUPPORTED, at, message));
    Abort
}

/// Accept only YAML core-schema tags of the expected kind (`!!str`, `!!map`, ...).
fn check_tag(
    builder: &mut Builder,
    tag: Option<&Tag>,
    expected: &str,
    at: Span,
) -> Result<(), Abort> {
    match tag {
        None => Ok(()),
        Some(t) if t.is_yaml_core_schema() && t.suffix == expected => Ok(()),
        Some(t) => {
            builder.diagnostics.push(
                error_at(
                    codes::UNSUPPORTED,
                    at,
                    format!("YAML tag `{t}` is not supported here"),
                )
                .with_help("declarations are plain data: remove the tag"),
            );
            Err(Abort)
        }
    }
}

fn scalar(
    builder: &mut Builder,
    text: &str,
    style: ScalarStyle,
    anchor: usize,
    tag: Option<&Tag>,
    sp: Span,
) -> Result<(), Abort> {
    let plain = style == ScalarStyle::Plain;
    if builder.expects_key() {
        if let Some(t) = tag
            && !(t.is_yaml_core_schema() && t.suffix == "str")
        {
            return Err(unsupported(
                builder,
                sp,
                "a tagged mapping key is not supported",
            ));
        }
        if plain && text == "<<" {
            builder.diagnostics.push(
                error_at(
                    codes::UNSUPPORTED,
                    sp,
                    "merge keys (`<<`) are a YAML 1.1 feature and are not supported",
                )
                .with_help(
                    "write the entries out in full, or use an alias (`*name`) for a whole value",
                ),
            );
        }
        if plain && tag.is_none() {
            ambiguity(builder, text, sp);
        }
        builder.key(text.to_string(), sp);
        return Ok(());
    }
    let value = match tag {
        Some(t) if t.is_yaml_core_schema() => match t.suffix.as_str() {
            "str" => Value::String(text.to_string()),
            "null" | "bool" | "int" | "float" => match resolve_plain(text) {
                Ok(v) if type_name(&v) == t.suffix => v,
                _ => {
                    builder.diagnostics.push(error_at(
                        codes::SYNTAX,
                        sp,
                        format!("`{text}` is not a valid `!!{}` value", t.suffix),
                    ));
                    return Err(Abort);
                }
            },
            _ => {
                return Err(unsupported(
                    builder,
                    sp,
                    &format!("YAML tag `{t}` is not supported here"),
                ));
            }
        },
        Some(t) => {
            builder.diagnostics.push(
                error_at(
                    codes::UNSUPPORTED,
                    sp,
                    format!("YAML tag `{t}` is not supported"),
                )
                .with_help("declarations are plain data: remove the tag"),
            );
            return Err(Abort);
        }
        None if plain => match resolve_plain(text) {
            Ok(v) => {
                if v.is_string() {
                    ambiguity(builder, text, sp);
                }
                v
            }
            Err(msg) => {
                builder.diagnostics.push(
                    error_at(codes::UNSUPPORTED, sp, msg)
                        .with_help(format!("if you mean the text, quote it: \"{text}\"")),
                );
                return Err(Abort);
            }
        },
        None => Value::String(text.to_string()),
    };
    builder.scalar(value, sp, anchor)
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        _ => "str",
    }
}

/// Words YAML 1.1 reads as booleans but YAML 1.2 (and vendorlint) reads as strings.
const YAML11_BOOLS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
    "OFF",
];

fn ambiguity(builder: &mut Builder, text: &str, sp: Span) {
    if YAML11_BOOLS.contains(&text) {
        let as_bool =
            matches!(text.chars().next(), Some('y' | 'Y')) || text.eq_ignore_ascii_case("on");
        builder.diagnostics.push(
            Diagnostic::new(
                codes::AMBIGUOUS_SCALAR,
                Severity::Warning,
                format!(
                    "unquoted `{text}` is the string \"{text}\" in YAML 1.2, but YAML 1.1 tools (PyYAML, older editors) read it as boolean {as_bool}"
                ),
            )
            .at_span(sp)
            .with_help(if text == "NO" {
                "quote it so every tool reads the same thing: \"NO\" (Norway's country code)".to_string()
            } else {
                format!("quote it so every tool reads the same thing: \"{text}\"")
            })
            .with_references(["YAML 1.1 boolean type (yaml.org/type/bool.html)", "YAML 1.2.2 core schema, section 10.3"]),
        );
    }
}

/// Resolve a plain scalar with the YAML 1.2 core schema (spec 10.3.2).
pub(crate) fn resolve_plain(s: &str) -> Result<Value, String> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        _ => {}
    }
    let b = s.as_bytes();
    let (sign, digits) = match b[0] {
        b'+' | b'-' => (&s[..1], &s[1..]),
        _ => ("", s),
    };
    if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
        let parsed = format!("{sign}{digits}");
        if let Ok(i) = parsed.parse::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = parsed.trim_start_matches('+').parse::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(format!("integer `{s}` is too large"));
    }
    if let Some(hex) = s.strip_prefix("0x")
        && !hex.is_empty()
        && hex.bytes().all(|c| c.is_ascii_hexdigit())
    {
        return u64::from_str_radix(hex, 16)
            .map(|u| Value::Number(u.into()))
            .map_err(|_| format!("integer `{s}` is too large"));
    }
    if let Some(oct) = s.strip_prefix("0o")
        && !oct.is_empty()
        && oct.bytes().all(|c| (b'0'..=b'7').contains(&c))
    {
        return u64::from_str_radix(oct, 8)
            .map(|u| Value::Number(u.into()))
            .map_err(|_| format!("integer `{s}` is too large"));
    }
    if matches!(digits, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return Err(format!(
            "`{s}` (infinity or not-a-number) cannot be represented in a declaration"
        ));
    }
    if is_float(digits) {
        if let Ok(f) = s.parse::<f64>()
            && let Some(n) = Number::from_f64(f)
        {
            return Ok(Value::Number(n));
        }
        return Err(format!("number `{s}` is out of range"));
    }
    Ok(Value::String(s.to_string()))
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` without the sign.
fn is_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    } else if int_digits == 0 {
        return false;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

//! A strict JSON (RFC 8259) reader that records positions. serde_json does not expose spans,
//! so JSON gets its own small parser feeding the same builder as YAML.

use super::builder::{Abort, Builder};
use super::{Document, Limits, Loaded, codes, error_at};
use crate::base::{Pos, Span};
use serde_json::{Number, Value};

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    line: u32,
    col: u32,
}

impl<'a> Reader<'a> {
    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    /// Advance one byte, keeping line and character column. `\r\n`, a lone `\r` and a lone
    /// `\n` are one line break each (RFC 8259 counts carriage return as whitespace, and
    /// editors show a lone one as a line end).
    fn bump(&mut self) {
        if let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            if c == b'\n' && self.i >= 2 && self.b[self.i - 2] == b'\r' {
                // The second half of `\r\n`: the break was counted at the `\r`.
            } else if c == b'\n' || c == b'\r' {
                self.line += 1;
                self.col = 1;
            } else if c & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character starts here.
                self.col += 1;
            }
        }
    }
    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                self.bump();
            } else {
                break;
            }
        }
    }
}

fn describe(c: Option<u8>, r: &Reader) -> String {
    match c {
        None => "end of file".to_string(),
        Some(_) => {
            let ch = std::str::from_utf8(&r.b[r.i..])
                .ok()
                .and_then(|s| s.chars().next());
            match ch {
                Some(ch) => format!("`{ch}`"),
                None => "a byte that is not text".to_string(),
            }
        }
    }
}

pub(super) fn parse(text: &str, limits: &Limits) -> Loaded {
    let mut r = Reader {
        b: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
    };
    let mut builder = Builder::new(limits);
    let ok = run(&mut r, &mut builder).is_ok();
    let (root, diagnostics) = builder.finish();
    let document = if ok {
        root.map(|r| Document {
            value: r.value,
            spans: r.spans,
        })
    } else {
        None
    };
    Loaded {
        document,
        diagnostics,
    }
}

fn syntax(builder: &mut Builder, at: Pos, msg: String) -> Abort {
    builder.diagnostics.push(error_at(
        codes::SYNTAX,
        Span::point(at),
        format!("JSON syntax error: {msg}"),
    ));
    Abort
}

/// What the innermost open container expects next.
#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    ArrayFirst,
    ArrayNext,
    ObjectFirst,
    ObjectNext,
}

impl Ctx {
    fn is_object(self) -> bool {
        matches!(self, Ctx::ObjectFirst | Ctx::ObjectNext)
    }
}

/// Parse one value, iteratively: containers push onto the builder's stack.
fn run(r: &mut Reader, builder: &mut Builder) -> Result<(), Abort> {
    let mut ctx: Vec<Ctx> = Vec::new();
    r.skip_ws();
    loop {
        // Where we are: expecting a value (at top or after ':' / '[' / ','), or a key.
        let expecting_key = ctx.last().is_some_and(|c| c.is_object());
        if expecting_key {
            let first = ctx.last() == Some(&Ctx::ObjectFirst);
            r.skip_ws();
            if first && r.peek() == Some(b'}') {
                let start = r.pos();
                r.bump();
                builder.end(Some(Pos::new(start.line, start.column + 1)));
                ctx.pop();
                after_value(r, builder, &mut ctx)?;
                if ctx.is_empty() {
                    return finish(r, builder);
                }
                continue;
            }
            if r.peek() != Some(b'"') {
                let c = r.peek();
                return Err(syntax(
                    builder,
                    r.pos(),
                    format!(
                        "expected a property name in double quotes, found {}",
                        describe(c, r)
                    ),
                ));
            }
            let start = r.pos();
            let key = string(r, builder)?;
            let key_span = Span::new(start, r.pos());
            r.skip_ws();
            if r.peek() != Some(b':') {
                let c = r.peek();
                return Err(syntax(
                    builder,
                    r.pos(),
                    format!("expected `:` after property name, found {}", describe(c, r)),
                ));
            }
            r.bump();
            builder.key(key, key_span);
            if let Some(last) = ctx.last_mut() {
                *last = Ctx::ObjectNext;
            }
        }
        r.skip_ws();
        let start = r.pos();
        match r.peek() {
            Some(b'{') => {
                r.bump();
                builder.begin_map(Span::new(start, r.pos()), 0)?;
                ctx.push(Ctx::ObjectFirst);
                continue;
            }
            Some(b'[') => {
                r.bump();
                builder.begin_seq(Span::new(start, r.pos()), 0)?;
                r.skip_ws();
                if r.peek() == Some(b']') {
                    let at = r.pos();
                    r.bump();
                    builder.end(Some(Pos::new(at.line, at.column + 1)));
                } else {
                    ctx.push(Ctx::ArrayFirst);
                    continue;
                }
            }
            Some(b'"') => {
                let s = string(r, builder)?;
                builder.scalar(Value::String(s), Span::new(start, r.pos()), 0)?;
            }
            Some(b't') => literal(r, builder, "true", Value::Bool(true))?,
            Some(b'f') => literal(r, builder, "false", Value::Bool(false))?,
            Some(b'n') => literal(r, builder, "null", Value::Null)?,
            Some(c) if c == b'-' || c.is_ascii_digit() => number(r, builder)?,
            c => {
                return Err(syntax(
                    builder,
                    start,
                    format!("expected a value, found {}", describe(c, r)),
                ));
            }
        }
        if let Some(last) = ctx.last_mut()
            && *last == Ctx::ArrayFirst
        {
            *last = Ctx::ArrayNext;
        }
        after_value(r, builder, &mut ctx)?;
        if ctx.is_empty() {
            return finish(r, builder);
        }
    }
}

/// After a value inside containers: consume `,` or close brackets.
fn after_value(r: &mut Reader, builder: &mut Builder, ctx: &mut Vec<Ctx>) -> Result<(), Abort> {
    loop {
        let Some(top) = ctx.last().copied() else {
            return Ok(());
        };
        r.skip_ws();
        let at = r.pos();
        match (r.peek(), top.is_object()) {
            (Some(b','), _) => {
                r.bump();
                r.skip_ws();
                if matches!(r.peek(), Some(b']' | b'}')) {
                    return Err(syntax(
                        builder,
                        r.pos(),
                        "trailing comma: remove the `,` before the closing bracket".to_string(),
                    ));
                }
                return Ok(());
            }
            (Some(b']'), false) | (Some(b'}'), true) => {
                r.bump();
                builder.end(Some(Pos::new(at.line, at.column + 1)));
                ctx.pop();
            }
            (c, is_obj) => {
                let close = if is_obj { '}' } else { ']' };
                return Err(syntax(
                    builder,
                    at,
                    format!("expected `,` or `{close}`, found {}", describe(c, r)),
                ));
            }
        }
    }
}

fn finish(r: &mut Reader, builder: &mut Builder) -> Result<(), Abort> {
    r.skip_ws();
    if r.peek().is_some() {
        let c = r.peek();
        return Err(syntax(
            builder,
            r.pos(),
            format!(
                "unexpected {} after the end of the document",
                describe(c, r)
            ),
        ));
    }
    Ok(())
}

fn literal(r: &mut Reader, builder: &mut Builder, word: &str, value: Value) -> Result<(), Abort> {
    let start = r.pos();
    if r.b[r.i..].starts_with(word.as_bytes()) {
        for _ in 0..word.len() {
            r.bump();
        }
        builder.scalar(value, Span::new(start, r.pos()), 0)
    } else {
        let c = r.peek();
        Err(syntax(
            builder,
            start,
            format!("expected a value, found {}", describe(c, r)),
        ))
    }
}

fn number(r: &mut Reader, builder: &mut Builder) -> Result<(), Abort> {
    let start = r.pos();
    let from = r.i;
    if r.peek() == Some(b'-') {
        r.bump();
    }
    let digits = |r: &mut Reader| {
        let s = r.i;
        while matches!(r.peek(), Some(c) if c.is_ascii_digit()) {
            r.bump();
        }
        r.i - s
    };
    let int_start = r.i;
    let n = digits(r);
    if n == 0 || (n > 1 && r.b[int_start] == b'0') {
        return Err(syntax(
            builder,
            start,
            "invalid number: digits expected, without leading zeros".to_string(),
        ));
    }
    let mut float = false;
    if r.peek() == Some(b'.') {
        r.bump();
        float = true;
        if digits(r) == 0 {
            return Err(syntax(
                builder,
                r.pos(),
                "invalid number: digits expected after `.`".to_string(),
            ));
        }
    }
    if matches!(r.peek(), Some(b'e' | b'E')) {
        r.bump();
        float = true;
        if matches!(r.peek(), Some(b'+' | b'-')) {
            r.bump();
        }
        if digits(r) == 0 {
            return Err(syntax(
                builder,
                r.pos(),
                "invalid number: digits expected in the exponent".to_string(),
            ));
        }
    }
    let text = std::str::from_utf8(&r.b[from..r.i]).unwrap_or("0");
    let span = Span::new(start, r.pos());
    let value = if !float {
        if let Ok(i) = text.parse::<i64>() {
            Some(Number::from(i))
        } else {
            text.parse::<u64>().ok().map(Number::from)
        }
    } else {
        None
    };
    let value = value.or_else(|| text.parse::<f64>().ok().and_then(Number::from_f64));
    match value {
        Some(n) => builder.scalar(Value::Number(n), span, 0),
        None => {
            builder.diagnostics.push(error_at(
                codes::UNSUPPORTED,
                span,
                format!("number `{text}` is out of range"),
            ));
            Err(Abort)
        }
    }
}

fn hex4(r: &mut Reader, builder: &mut Builder) -> Result<u32, Abort> {
    let at = r.pos();
    let s =
        r.b.get(r.i..r.i + 4)
            .and_then(|h| std::str::from_utf8(h).ok());
    match s.and_then(|h| u32::from_str_radix(h, 16).ok()) {
        Some(v) => {
            for _ in 0..4 {
                r.bump();
            }
            Ok(v)
        }
        None => Err(syntax(
            builder,
            at,
            "invalid `\\u` escape: four hex digits expected".to_string(),
        )),
    }
}

/// A string starting at the opening quote; leaves the reader after the closing quote.
fn string(r: &mut Reader, builder: &mut Builder) -> Result<String, Abort> {
    r.bump(); // opening quote
    let mut out = String::new();
    loop {
        let chunk_start = r.i;
        while let Some(c) = r.peek() {
            if c == b'"' || c == b'\\' || c < 0x20 {
                break;
            }
            r.bump();
        }
        // The text is valid UTF-8 and we stopped at ASCII bytes, so this slice is valid.
        out.push_str(std::str::from_utf8(&r.b[chunk_start..r.i]).unwrap_or_default());
        let at = r.pos();
        match r.peek() {
            None => {
                return Err(syntax(
                    builder,
                    at,
                    "unterminated string: missing closing `\"`".to_string(),
                ));
            }
            Some(b'"') => {
                r.bump();
                return Ok(out);
            }
            Some(b'\\') => {
                r.bump();
                let esc = r.peek();
                r.bump();
                match esc {
                    Some(b'"') => out.push('"'),
                    Some(b'\\') => out.push('\\'),
                    Some(b'/') => out.push('/'),
                    Some(b'b') => out.push('\u{8}'),
                    Some(b'f') => out.push('\u{c}'),
                    Some(b'n') => out.push('\n'),
                    Some(b'r') => out.push('\r'),
                    Some(b't') => out.push('\t'),
                    Some(b'u') => {
                        let hi = hex4(r, builder)?;
                        let code = if (0xD800..0xDC00).contains(&hi) {
                            if r.b[r.i..].starts_with(b"\\u") {
                                r.bump();
                                r.bump();
                                let lo = hex4(r, builder)?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(syntax(
                                        builder,
                                        at,
                                        "invalid surrogate pair in `\\u` escape".to_string(),
                                    ));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                return Err(syntax(
                                    builder,
                                    at,
                                    "lone surrogate in `\\u` escape".to_string(),
                                ));
                            }
                        } else {
                            hi
                        };
                        match char::from_u32(code) {
                            Some(ch) => out.push(ch),
                            None => {
                                return Err(syntax(
                                    builder,
                                    at,
                                    "lone surrogate in `\\u` escape".to_string(),
                                ));
                            }
                        }
                    }
                    _ => {
                        return Err(syntax(
                            builder,
                            at,
                            "invalid escape sequence in string".to_string(),
                        ));
                    }
                }
            }
            Some(_) => {
                return Err(syntax(
                    builder,
                    at,
                    "control character in string: write line breaks and tabs as `\\n` and `\\t`"
                        .to_string(),
                ));
            }
        }
    }
}

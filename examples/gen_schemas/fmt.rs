//! JSON text in the three layouts of the committed schemas. Strings and numbers are written as
//! Python's `json.dumps(v, ensure_ascii=False)` writes them (the declaration schema was first
//! written by a Python script), and the separators are `", "` and `": "`.

use serde_json::{Number, Value};

/// The line width of the declaration schema's layout.
const WIDTH: usize = 110;

/// The declaration schema's layout: a value goes on one line if that whole line (indentation,
/// the key in front of it and the value, not the comma after it) fits in [`WIDTH`] characters,
/// counted as Unicode scalar values; otherwise each member or item goes on a line of its own,
/// two spaces further in.
pub fn fitted(v: &Value) -> String {
    let mut out = String::new();
    fit(v, 0, 0, &mut out);
    out.push('\n');
    out
}

fn fit(v: &Value, ind: usize, used: usize, out: &mut String) {
    let one = one_line(v);
    if !is_open(v) || ind + used + one.chars().count() <= WIDTH {
        out.push_str(&one);
        return;
    }
    block(v, ind, out, |_, x, ind, key_len, out| {
        fit(x, ind, key_len, out)
    });
}

/// The config schema's layout: an object whose members are at most three scalars goes on one
/// line as `{ "k": v }`, unless it is the root or a definition (a member of the root's
/// `$defs`); an array of scalars goes on one line as `["a", "b"]`; everything else is expanded
/// with two-space indentation.
pub fn compact(v: &Value) -> String {
    let mut out = String::new();
    compact_at(v, 0, Place::Root, &mut out);
    out.push('\n');
    out
}

/// Where a value is, for [`compact`].
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Root,
    Definitions,
    Definition,
    Inside,
}

fn compact_at(v: &Value, ind: usize, place: Place, out: &mut String) {
    let one_liner = match v {
        Value::Object(m) => {
            m.is_empty() || (place == Place::Inside && m.len() <= 3 && m.values().all(is_scalar))
        }
        Value::Array(a) => a.iter().all(is_scalar),
        _ => true,
    };
    if one_liner {
        match v {
            Value::Object(m) if !m.is_empty() => {
                let members: Vec<String> = m
                    .iter()
                    .map(|(k, x)| format!("{}: {}", one_line_str(k), one_line(x)))
                    .collect();
                out.push_str(&format!("{{ {} }}", members.join(", ")));
            }
            _ => out.push_str(&one_line(v)),
        }
        return;
    }
    block(v, ind, out, |key, x, ind, _, out| {
        let place = match (place, key) {
            (Place::Root, Some("$defs")) => Place::Definitions,
            (Place::Definitions, _) => Place::Definition,
            _ => Place::Inside,
        };
        compact_at(x, ind, place, out);
    });
}

/// The rule-pack schema's layout: every non-empty object and array is expanded, with two-space
/// indentation (what `serde_json::to_string_pretty` writes).
pub fn expanded(v: &Value) -> String {
    let mut out = String::new();
    expand(v, 0, &mut out);
    out.push('\n');
    out
}

fn expand(v: &Value, ind: usize, out: &mut String) {
    if is_open(v) {
        block(v, ind, out, |_, x, ind, _, out| expand(x, ind, out));
    } else {
        out.push_str(&one_line(v));
    }
}

/// A non-empty object or array: something that can be opened into a block.
fn is_open(v: &Value) -> bool {
    match v {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => false,
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

/// Writes a non-empty object or array as a block: each member or item on its own line,
/// `ind + 2` in, written by `inner(key, value, indentation, key_len, out)`, where `key_len` is
/// the width of the `"key": ` already on the line (0 in an array).
fn block(
    v: &Value,
    ind: usize,
    out: &mut String,
    mut inner: impl FnMut(Option<&str>, &Value, usize, usize, &mut String),
) {
    let pad = " ".repeat(ind + 2);
    let (open, close) = if v.is_object() {
        ('{', '}')
    } else {
        ('[', ']')
    };
    out.push(open);
    out.push('\n');
    let mut first = true;
    let mut item = |key: Option<&str>, x: &Value, out: &mut String| {
        if !first {
            out.push_str(",\n");
        }
        first = false;
        out.push_str(&pad);
        let mut key_len = 0;
        if let Some(k) = key {
            let key = format!("{}: ", one_line_str(k));
            key_len = key.chars().count();
            out.push_str(&key);
        }
        inner(key, x, ind + 2, key_len, out);
    };
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| item(Some(k), x, out)),
        Value::Array(a) => a.iter().for_each(|x| item(None, x, out)),
        _ => unreachable!("only objects and arrays are blocks"),
    }
    out.push('\n');
    out.push_str(&" ".repeat(ind));
    out.push(close);
}

/// One line, as `json.dumps(v, ensure_ascii=False)`: `{"k": 1, "l": [true, null]}`.
pub fn one_line(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => one_line_str(s),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(one_line).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(m) => {
            let members: Vec<String> = m
                .iter()
                .map(|(k, x)| format!("{}: {}", one_line_str(k), one_line(x)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
    }
}

/// A string literal as `json.dumps(s, ensure_ascii=False)` writes it: `"` and `\` are escaped,
/// the C0 controls as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00xx` (lower-case hex); everything
/// else (`/`, DEL, U+2028, any non-ASCII character) is written as it is.
pub fn one_line_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as Python writes it: an integer as it is; a float as `repr(float)` does, the
/// shortest digits that read back as the same float, in fixed notation (always with a
/// fraction, `100.0`) when the decimal exponent is from -4 to 15 and otherwise as
/// `1.5e-05` / `1e+16`.
fn number(n: &Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().expect("a JSON number is an integer or a float");
    // Rust's `{:e}` gives the shortest round-tripping digits: "-1.2345e-7".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` writes an exponent");
    let exp: i32 = exp.parse().expect("the exponent is an integer");
    let (sign, mantissa) = mantissa
        .strip_prefix('-')
        .map_or(("", mantissa), |m| ("-", m));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let fixed = if point <= 0 {
            format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            let (int, frac) = digits.split_at(point as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{fixed}")
    } else {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{rest}e{esign}{:02}", exp.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_and_numbers_as_python_writes_them() {
        // Expected values from Python 3: json.dumps(v, ensure_ascii=False).
        let s = "a\"b\\c/d\u{7f}\u{2028}\u{1}\u{1f}\u{8}\u{c}\n\r\tæ…😀";
        assert_eq!(
            one_line_str(s),
            "\"a\\\"b\\\\c/d\u{7f}\u{2028}\\u0001\\u001f\\b\\f\\n\\r\\tæ…😀\""
        );
        let floats = [
            (99.9, "99.9"),
            (100.0, "100.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (-2.5e100, "-2.5e+100"),
            (123456.789, "123456.789"),
            (0.1, "0.1"),
        ];
        for (f, py) in floats {
            assert_eq!(one_line(&json!(f)), py, "{f}");
        }
        assert_eq!(
            one_line(&json!({"a": [1, -2, true, null], "b": {}})),
            "{\"a\": [1, -2, true, null], \"b\": {}}"
        );
    }
}

//! One answer cell against the kind of answer its place in the declaration takes: what the
//! vendor wrote, as the value the declaration will hold, or why it cannot be taken.

use super::read::Cell;
use crate::base::Lang;
use crate::base::questionnaire::{Answer, yes_no};
use crate::base::vocab::NOT_DISCLOSED;
use serde_json::{Number, Value};

/// The value `cell` gives for an answer of kind `answer`, or what is wrong with it (a sentence
/// that names the cell's content, shown escaped, and says what is allowed). `lang` is the
/// questionnaire's language, for the words a message offers.
pub fn cell_value(answer: &Answer, cell: &Cell, lang: Lang) -> Result<Value, String> {
    if let Cell::Error(e) = cell {
        return Err(format!(
            "the cell holds {} instead of an answer; write {}",
            shown(e),
            answer.describe(Lang::En)
        ));
    }
    let text = cell.text();
    let trimmed = text.trim();
    // Declining to say is an answer to any question; the schema decides where it is allowed.
    if trimmed == NOT_DISCLOSED {
        return Ok(Value::String(NOT_DISCLOSED.to_string()));
    }
    match answer {
        Answer::Choice(values) => values
            .iter()
            .find(|v| v.as_str() == trimmed)
            .or_else(|| values.iter().find(|v| v.eq_ignore_ascii_case(trimmed)))
            .map(|v| Value::String(v.clone()))
            .ok_or_else(|| {
                format!(
                    "{} is not one of the answers allowed here: {}",
                    quoted(&text),
                    values.join(", ")
                )
            }),
        Answer::YesNo => {
            if let Cell::Bool(b) = cell {
                return Ok(Value::Bool(*b));
            }
            let lower = trimmed.to_lowercase();
            for l in [Lang::En, Lang::Da, Lang::Sv] {
                let (yes, no) = yes_no(l);
                if lower == yes {
                    return Ok(Value::Bool(true));
                }
                if lower == no {
                    return Ok(Value::Bool(false));
                }
            }
            // The words the workbook offered, in an English message.
            let (yes, no) = yes_no(lang);
            Err(format!(
                "{} is not a yes-or-no answer; write {yes}, {no} or not_disclosed",
                quoted(&text)
            ))
        }
        Answer::Integer { min } => {
            let n = match cell {
                Cell::Int(i) => Some(*i),
                Cell::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
                Cell::Text(_) => trimmed.parse::<i64>().ok(),
                _ => None,
            }
            .ok_or_else(|| {
                format!(
                    "{} is not a whole number; write {}",
                    quoted(&text),
                    answer.describe(Lang::En)
                )
            })?;
            match min {
                Some(m) if n < *m => Err(format!(
                    "{n} is less than {m}; write {}",
                    answer.describe(Lang::En)
                )),
                _ => Ok(Value::Number(n.into())),
            }
        }
        Answer::Number { min } => {
            let f = match cell {
                Cell::Int(i) => Some(*i as f64),
                Cell::Float(f) => Some(*f),
                Cell::Text(_) => trimmed.parse::<f64>().ok().filter(|f| f.is_finite()),
                _ => None,
            };
            let Some(f) = f else {
                let hint =
                    if trimmed.contains(',') && trimmed.replace(',', ".").parse::<f64>().is_ok() {
                        " with a decimal point, such as 99.9"
                    } else {
                        ""
                    };
                return Err(format!(
                    "{} is not a number; write {}{hint}",
                    quoted(&text),
                    answer.describe(Lang::En)
                ));
            };
            if let Some(m) = min
                && f < *m
            {
                return Err(format!(
                    "{} is less than {m}; write {}",
                    cell.text(),
                    answer.describe(Lang::En)
                ));
            }
            Ok(number(f))
        }
        Answer::Date => match cell {
            Cell::Date { .. } => Ok(Value::String(text)),
            Cell::Text(_) if crate::base::dates::parse_date(trimmed).is_some() => {
                Ok(Value::String(trimmed.to_string()))
            }
            _ => Err(format!(
                "{} is not a date; write it as YYYY-MM-DD",
                quoted(&text)
            )),
        },
        Answer::Country => {
            let code = trimmed.to_ascii_uppercase();
            if matches!(cell, Cell::Text(_))
                && code.len() == 2
                && code.bytes().all(|b| b.is_ascii_uppercase())
            {
                Ok(Value::String(code))
            } else {
                Err(format!(
                    "{} is not {}",
                    quoted(&text),
                    answer.describe(Lang::En)
                ))
            }
        }
        Answer::List => {
            let ids: Vec<&str> = trimmed
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let bad: Vec<&str> = ids.iter().copied().filter(|s| !is_id(s)).collect();
            if ids.is_empty() || !bad.is_empty() {
                let what = if bad.is_empty() {
                    quoted(&text)
                } else {
                    bad.iter().map(|b| quoted(b)).collect::<Vec<_>>().join(", ")
                };
                return Err(format!(
                    "{what} {} not an id (lower-case letters, digits, `-` and `_`); write {}",
                    if bad.len() > 1 { "are" } else { "is" },
                    answer.describe(Lang::En)
                ));
            }
            Ok(Value::Array(
                ids.into_iter()
                    .map(|s| Value::String(s.to_string()))
                    .collect(),
            ))
        }
        Answer::Several(values) => {
            let picked: Vec<&str> = trimmed
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let mut out: Vec<Value> = Vec::new();
            let mut bad = Vec::new();
            for p in &picked {
                match values.iter().find(|v| v.eq_ignore_ascii_case(p)) {
                    Some(v) if !out.contains(&Value::String(v.clone())) => {
                        out.push(Value::String(v.clone()))
                    }
                    Some(_) => {}
                    None => bad.push(quoted(p)),
                }
            }
            if picked.is_empty() || !bad.is_empty() {
                return Err(format!(
                    "{} {} not among the answers allowed here; write {}",
                    if bad.is_empty() {
                        quoted(&text)
                    } else {
                        bad.join(", ")
                    },
                    if bad.len() > 1 { "are" } else { "is" },
                    answer.describe(Lang::En)
                ));
            }
            Ok(Value::Array(out))
        }
        Answer::Text => Ok(Value::String(trimmed.to_string())),
    }
}

/// A number as the declaration holds it: whole numbers as integers.
fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::Number((f as i64).into())
    } else {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

/// `^[a-z0-9][a-z0-9_-]*$` (`base::vocab::ID_PATTERN`).
fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z' | '0'..='9'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
}

/// A cell's text for a message: in backticks, escaped, shortened when long.
pub fn quoted(text: &str) -> String {
    const MAX: usize = 80;
    let t = text.trim();
    let short: String = t.chars().take(MAX).collect();
    let more = if t.chars().count() > MAX { "…" } else { "" };
    format!("`{}{more}`", shown(&short))
}

/// Text for a terminal, on one line: `base::printable_inline`.
pub fn shown(text: &str) -> String {
    crate::base::printable_inline(text)
}

/// A line of a file for a terminal: `base::printable` (tabs kept).
pub fn shown_line(line: &str) -> String {
    crate::base::printable(line).into_owned()
}

#[cfg(test)]
mod several_tests {
    use super::*;

    #[test]
    fn several_named_values_separated_by_commas() {
        let a = Answer::Several(vec!["servers".into(), "email".into()]);
        let ok = cell_value(&a, &Cell::Text("Servers, email, servers".into()), Lang::Da);
        assert_eq!(ok, Ok(serde_json::json!(["servers", "email"])));
        let bad = cell_value(&a, &Cell::Text("servers, laptops".into()), Lang::En).unwrap_err();
        assert!(
            bad.contains("`laptops` is not among the answers allowed here"),
            "{bad}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn ok(a: &Answer, c: Cell) -> Value {
        cell_value(a, &c, Lang::Da).unwrap_or_else(|e| panic!("{e}"))
    }

    fn bad(a: &Answer, c: Cell) -> String {
        cell_value(a, &c, Lang::Da).unwrap_err()
    }

    #[test]
    fn choices_take_only_their_values() {
        let a = Answer::Choice(vec!["monthly".into(), "quarterly".into()]);
        assert_eq!(ok(&a, text("quarterly")), json!("quarterly"));
        assert_eq!(ok(&a, text(" Quarterly ")), json!("quarterly"));
        assert_eq!(ok(&a, text("not_disclosed")), json!("not_disclosed"));
        assert_eq!(
            bad(&a, text("weekly")),
            "`weekly` is not one of the answers allowed here: monthly, quarterly"
        );
    }

    #[test]
    fn yes_and_no_in_any_language_or_a_boolean_cell() {
        let a = Answer::YesNo;
        assert_eq!(ok(&a, text("ja")), json!(true));
        assert_eq!(ok(&a, text("Nej")), json!(false));
        assert_eq!(ok(&a, text("yes")), json!(true));
        assert_eq!(ok(&a, Cell::Bool(false)), json!(false));
        assert_eq!(ok(&a, text("not_disclosed")), json!("not_disclosed"));
        assert_eq!(
            bad(&a, text("måske")),
            "`måske` is not a yes-or-no answer; write ja, nej or not_disclosed"
        );
    }

    #[test]
    fn numbers_are_numbers_at_least_their_minimum() {
        let i = Answer::Integer { min: Some(0) };
        assert_eq!(ok(&i, Cell::Float(24.0)), json!(24));
        assert_eq!(ok(&i, Cell::Int(3)), json!(3));
        assert_eq!(ok(&i, text(" 30 ")), json!(30));
        assert!(bad(&i, Cell::Float(2.5)).contains("is not a whole number"));
        assert!(bad(&i, Cell::Int(-1)).starts_with("-1 is less than 0"));
        let n = Answer::Number { min: Some(0.0) };
        assert_eq!(ok(&n, Cell::Float(99.95)), json!(99.95));
        assert_eq!(ok(&n, Cell::Float(4.0)), json!(4));
        assert!(
            bad(&n, text("99,9")).ends_with("with a decimal point, such as 99.9"),
            "{}",
            bad(&n, text("99,9"))
        );
    }

    #[test]
    fn dates_are_date_cells_or_yyyy_mm_dd() {
        let d = Answer::Date;
        let cell = Cell::Date {
            year: 2026,
            month: 3,
            day: 1,
        };
        assert_eq!(ok(&d, cell), json!("2026-03-01"));
        assert_eq!(ok(&d, text("2026-03-01")), json!("2026-03-01"));
        assert_eq!(
            bad(&d, text("12/03/2026")),
            "`12/03/2026` is not a date; write it as YYYY-MM-DD"
        );
        assert!(bad(&d, text("1. marts 2026")).starts_with("`1. marts 2026` is not a date"));
        assert!(bad(&d, text("2026-02-30")).contains("is not a date"));
        assert!(bad(&d, Cell::Float(46000.0)).contains("is not a date"));
    }

    #[test]
    fn countries_lists_and_text() {
        assert_eq!(ok(&Answer::Country, text("dk")), json!("DK"));
        assert!(bad(&Answer::Country, text("Denmark")).contains("two-letter"));
        assert_eq!(
            ok(&Answer::List, text("dk-1, se-2,")),
            json!(["dk-1", "se-2"])
        );
        assert_eq!(
            bad(&Answer::List, text("dk-1, Site Two")),
            "`Site Two` is not an id (lower-case letters, digits, `-` and `_`); write ids separated by commas"
        );
        assert_eq!(
            ok(&Answer::Text, text("  Nordisk DC A/S ")),
            json!("Nordisk DC A/S")
        );
    }

    #[test]
    fn cell_text_reaches_messages_escaped() {
        let e = bad(&Answer::Date, text("\u{1b}[31mred\u{202e}\nx"));
        assert_eq!(
            e,
            "`\\u{1b}[31mred\\u{202e}\\nx` is not a date; write it as YYYY-MM-DD"
        );
        assert!(!e.chars().any(|c| c.is_control()));
    }
}

//! Reading a filled questionnaire workbook: the questions sheet, one data row per asked value,
//! laid out as `base::questionnaire::workbook` declares.

use crate::base::Lang;
use crate::base::questionnaire::{words, workbook};
use calamine::{Data, Reader};
use std::path::Path;

/// A cell's place, shown as Excel shows it: `Questions!H7`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CellRef {
    pub sheet: String,
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u16,
}

impl CellRef {
    pub fn new(sheet: &str, row: u32, col: u16) -> CellRef {
        CellRef {
            sheet: sheet.to_string(),
            row,
            col,
        }
    }

    /// The address without the sheet: `H7`.
    pub fn address(&self) -> String {
        format!("{}{}", column_name(self.col), self.row + 1)
    }
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plain = self.sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
        if plain {
            write!(f, "{}!{}", self.sheet, self.address())
        } else {
            write!(f, "'{}'!{}", self.sheet.replace('\'', "''"), self.address())
        }
    }
}

/// Excel's name of a 0-based column: A, B, ..., Z, AA, ...
pub fn column_name(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// What a cell holds, typed as the workbook stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A date (or date and time) cell, as its calendar date.
    Date {
        year: u16,
        month: u8,
        day: u8,
    },
    /// A formula error such as `#N/A`, or a duration.
    Error(String),
}

impl Cell {
    fn from_data(d: &Data) -> Cell {
        match d {
            Data::Empty => Cell::Empty,
            Data::String(s) if s.trim().is_empty() => Cell::Empty,
            Data::String(s) => Cell::Text(s.clone()),
            Data::Int(i) => Cell::Int(*i),
            Data::Float(f) => Cell::Float(*f),
            Data::Bool(b) => Cell::Bool(*b),
            Data::DateTime(dt) if dt.is_datetime() => {
                let (year, month, day, ..) = dt.to_ymd_hms_milli();
                Cell::Date { year, month, day }
            }
            Data::DateTime(dt) => Cell::Error(format!("a duration ({})", dt.as_f64())),
            Data::DateTimeIso(s) => match iso_date(s) {
                Some((year, month, day)) => Cell::Date { year, month, day },
                None => Cell::Text(s.clone()),
            },
            Data::DurationIso(s) => Cell::Error(format!("a duration ({s})")),
            Data::Error(e) => Cell::Error(e.to_string()),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text (numbers as Excel shows them, dates as YYYY-MM-DD).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            Cell::Error(e) => e.clone(),
        }
    }
}

fn iso_date(s: &str) -> Option<(u16, u8, u8)> {
    let d = s.get(..10)?;
    crate::base::dates::parse_date(d)?;
    Some((
        d[..4].parse().ok()?,
        d[5..7].parse().ok()?,
        d[8..10].parse().ok()?,
    ))
}

/// One data row of the questions sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 0-based row on the sheet.
    pub row: u32,
    /// The question's number (`3.2`) and text, for messages.
    pub number: String,
    pub question: String,
    pub pointer: String,
    pub questionnaire_id: String,
    pub kind: String,
    pub answer: Cell,
    pub source: Cell,
}

/// The questions sheet of a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// The workbook's file name (no directory), as recorded in the declaration's sources.
    pub file_name: String,
    pub sheet: String,
    /// The language of the headings (the questionnaire's language), English when not known.
    pub lang: Lang,
    pub rows: Vec<Row>,
}

impl Workbook {
    /// The place of a cell on the questions sheet.
    pub fn cell(&self, row: u32, col: u16) -> CellRef {
        CellRef::new(&self.sheet, row, col)
    }
}

/// Read the questions sheet of the workbook at `path`; the error says why it is not a
/// questionnaire workbook.
pub fn read_workbook(path: &Path) -> Result<Workbook, String> {
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| format!("cannot read it as a workbook: {e}"))?;
    let sheet = workbook::QUESTIONS_SHEET;
    if !book.sheet_names().iter().any(|n| n == sheet) {
        return Err(format!(
            "it has no `{sheet}` sheet, so it is not a questionnaire written by `vendorlint questions` (its sheets: {})",
            book.sheet_names().join(", ")
        ));
    }
    let range = book
        .worksheet_range(sheet)
        .map_err(|e| format!("cannot read the `{sheet}` sheet: {e}"))?;
    let get = |row: u32, col: u16| -> Cell {
        range
            .get_value((row, col as u32))
            .map_or(Cell::Empty, Cell::from_data)
    };
    let header = get(workbook::HEADER_ROW, workbook::QUESTION).text();
    let lang = [Lang::Da, Lang::Sv, Lang::En]
        .into_iter()
        .find(|&l| header.trim() == words(l).question)
        .unwrap_or(Lang::En);
    let last = range.end().map_or(0, |(r, _)| r);
    let mut rows = Vec::new();
    for row in workbook::HEADER_ROW + 1..=last {
        let r = Row {
            row,
            number: get(row, workbook::NUMBER).text(),
            question: get(row, workbook::QUESTION).text(),
            pointer: get(row, workbook::POINTER).text().trim().to_string(),
            questionnaire_id: get(row, workbook::QUESTIONNAIRE_ID)
                .text()
                .trim()
                .to_string(),
            kind: get(row, workbook::ANSWER_KIND).text().trim().to_string(),
            answer: get(row, workbook::ANSWER),
            source: get(row, workbook::SOURCE),
        };
        let blank = r.pointer.is_empty()
            && r.questionnaire_id.is_empty()
            && r.kind.is_empty()
            && r.answer.is_empty()
            && r.source.is_empty()
            && r.question.trim().is_empty();
        if !blank {
            rows.push(r);
        }
    }
    let with_id = rows.iter().any(|r| !r.questionnaire_id.is_empty());
    if !with_id {
        return Err(format!(
            "its `{sheet}` sheet has no questionnaire id (hidden column {}), so it is not a questionnaire written by `vendorlint questions`",
            column_name(workbook::QUESTIONNAIRE_ID)
        ));
    }
    Ok(Workbook {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sheet: sheet.to_string(),
        lang,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(7), "H");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(
            CellRef::new("Questions", 11, 7).to_string(),
            "Questions!H12"
        );
        assert_eq!(CellRef::new("My sheet", 0, 0).to_string(), "'My sheet'!A1");
    }

    #[test]
    fn cells_read_as_text() {
        assert_eq!(Cell::Float(24.0).text(), "24");
        assert_eq!(Cell::Float(99.5).text(), "99.5");
        let d = Cell::Date {
            year: 2026,
            month: 3,
            day: 1,
        };
        assert_eq!(d.text(), "2026-03-01");
    }
}

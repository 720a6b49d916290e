//! The questionnaire as a workbook the vendor fills in: the questions sheet first (one row per
//! value asked for, its answer cell a drop-down, a typed number or date cell, or text), then a
//! sheet that explains. The layout is `base::questionnaire::workbook`'s, which the reader of a
//! filled workbook (`answers`) relies on. The same questionnaire gives the same bytes: the
//! workbook's creation time is the questionnaire's date.

use crate::base::questionnaire::{Answer, Field, Item, Questionnaire, Words, words, workbook};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// A hidden sheet holding the drop-down lists too long (or with commas) for Excel's inline
/// list of at most 255 characters; made only when one is needed. The reader ignores it.
pub const LISTS_SHEET: &str = "Lists";

/// Excel's limits: a validation's title and its message.
const TITLE_MAX: usize = 32;
const MESSAGE_MAX: usize = 255;
/// Excel's limit on an inline list (the values joined by commas).
const INLINE_LIST_MAX: usize = 255;

/// The workbook for `q`, as the bytes of an .xlsx file.
pub fn questionnaire_xlsx(q: &Questionnaire) -> Result<Vec<u8>, String> {
    build(q).map_err(|e| e.to_string())
}

fn build(q: &Questionnaire) -> Result<Vec<u8>, XlsxError> {
    let w = words(q.lang);
    let heading = format!("{} {} {}", w.title, w.for_vendor, q.vendor);
    let mut book = Workbook::new();
    let mut props = DocProperties::new()
        .set_title(&heading)
        .set_author("vendorlint")
        .set_subject(q.id.to_string());
    // A fixed creation time, so that the same questionnaire gives the same bytes.
    let created =
        ExcelDateTime::parse_from_str(&q.date).or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))?;
    props = props.set_creation_datetime(&created);
    book.set_properties(&props);

    let mut lists = Lists::default();
    let questions = questions_sheet(q, w, &mut lists)?;
    let about = about_sheet(q, w, &heading)?;
    book.push_worksheet(questions);
    book.push_worksheet(about);
    if let Some(sheet) = lists.sheet()? {
        book.push_worksheet(sheet);
    }
    book.save_to_buffer()
}

/// The cell formats of the questions sheet.
struct Formats {
    header: Format,
    text: Format,
    answer: Format,
    date_answer: Format,
}

impl Formats {
    fn new() -> Formats {
        let text = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color("#BFBFBF");
        let answer = text.clone().set_unlocked().set_background_color("#FFF9DB");
        Formats {
            header: text
                .clone()
                .set_bold()
                .set_background_color("#D9E2F3")
                .set_border_bottom(FormatBorder::Medium),
            date_answer: answer.clone().set_num_format("yyyy-mm-dd"),
            answer,
            text,
        }
    }
}

/// One row of the questions sheet: a field of an item, or an item without fields.
struct Row<'a> {
    area: &'a str,
    item: &'a Item,
    field: Option<&'a Field>,
}

fn questions_sheet(
    q: &Questionnaire,
    w: &Words,
    lists: &mut Lists,
) -> Result<Worksheet, XlsxError> {
    let f = Formats::new();
    let mut ws = Worksheet::new();
    ws.set_name(workbook::QUESTIONS_SHEET)?;
    ws.set_active(true);

    let mut headers = [""; workbook::COLUMNS as usize];
    for (col, name) in [
        (workbook::NUMBER, w.number),
        (workbook::AREA, w.area),
        (workbook::QUESTION, w.question),
        (workbook::FIELD, w.field),
        (workbook::RECORDED, w.recorded),
        (workbook::WHY, w.why),
        (workbook::REFERENCE, w.reference),
        (workbook::ANSWER, w.answer),
        (workbook::SOURCE, w.source),
        (workbook::POINTER, "pointer"),
        (workbook::QUESTIONNAIRE_ID, "questionnaire id"),
        (workbook::ANSWER_KIND, "answer kind"),
    ] {
        headers[col as usize] = name;
    }
    for (col, name) in headers.iter().enumerate() {
        ws.write_string_with_format(workbook::HEADER_ROW, col as u16, *name, &f.header)?;
    }
    for (col, width) in [
        (workbook::NUMBER, 6.0),
        (workbook::AREA, 18.0),
        (workbook::QUESTION, 55.0),
        (workbook::FIELD, 32.0),
        (workbook::RECORDED, 32.0),
        (workbook::WHY, 40.0),
        (workbook::REFERENCE, 24.0),
        (workbook::ANSWER, 26.0),
        (workbook::SOURCE, 36.0),
        (workbook::POINTER, 30.0),
        (workbook::QUESTIONNAIRE_ID, 30.0),
        (workbook::ANSWER_KIND, 12.0),
    ] {
        ws.set_column_width(col, width)?;
    }
    for col in [
        workbook::POINTER,
        workbook::QUESTIONNAIRE_ID,
        workbook::ANSWER_KIND,
    ] {
        ws.set_column_hidden(col)?;
    }

    let rows = q.areas.iter().flat_map(|a| {
        a.items.iter().flat_map(move |item| {
            let fields: Vec<Option<&Field>> = if item.fields.is_empty() {
                vec![None]
            } else {
                item.fields.iter().map(Some).collect()
            };
            fields.into_iter().map(move |field| Row {
                area: &a.title,
                item,
                field,
            })
        })
    });
    let id = q.id.to_string();
    let mut row = workbook::HEADER_ROW;
    for r in rows {
        row += 1;
        let item = r.item;
        let answer = r.field.map_or(&Answer::Text, |f| &f.answer);
        let (field_text, recorded, pointer) = match r.field {
            Some(field) => (
                join_nonempty(&field.label, &field.help, "\n"),
                recorded_text(&field.recorded, &item.finding, w),
                field.pointer.as_str(),
            ),
            None => (w.in_words.to_string(), item.finding.clone(), ""),
        };
        for (col, text) in [
            (workbook::NUMBER, item.number.as_str()),
            (workbook::AREA, r.area),
            (workbook::QUESTION, item.question.as_str()),
            (workbook::FIELD, field_text.as_str()),
            (workbook::RECORDED, recorded.as_str()),
            (workbook::WHY, item.why.as_str()),
            (workbook::REFERENCE, item.reference.as_str()),
            (workbook::POINTER, pointer),
            (workbook::QUESTIONNAIRE_ID, id.as_str()),
            (workbook::ANSWER_KIND, answer.kind_name()),
        ] {
            write_text(&mut ws, row, col, text, &f.text)?;
        }
        let answer_format = if *answer == Answer::Date {
            &f.date_answer
        } else {
            &f.answer
        };
        ws.write_blank(row, workbook::ANSWER, answer_format)?;
        ws.write_blank(row, workbook::SOURCE, &f.answer)?;
        let prompt = match r.field {
            Some(_) => answer.describe(q.lang),
            None => w.in_words.to_string(),
        };
        let validation = validation(answer, q, w, &prompt, lists)?;
        ws.add_data_validation(row, workbook::ANSWER, row, workbook::ANSWER, &validation)?;
    }

    ws.set_freeze_panes(workbook::HEADER_ROW + 1, 0)?;
    ws.autofilter(
        workbook::HEADER_ROW,
        workbook::NUMBER,
        row,
        workbook::SOURCE,
    )?;
    // Locked cells stay as they are; the answer and source cells are unlocked. The vendor may
    // still widen columns, size rows and filter.
    let mut protection = ProtectionOptions::new();
    protection.format_columns = true;
    protection.format_rows = true;
    protection.use_autofilter = true;
    ws.protect_with_options(&protection);
    Ok(ws)
}

/// A cell with text, or an empty cell with the format where there is none.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        ws.write_blank(row, col, format)?;
    } else {
        ws.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

fn join_nonempty(a: &str, b: &str, sep: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (_, true) => a.to_string(),
        (true, false) => b.to_string(),
        (false, false) => format!("{a}{sep}{b}"),
    }
}

/// What is recorded for a field, and the finding's words where they say more.
fn recorded_text(recorded: &str, finding: &str, w: &Words) -> String {
    let finding = finding.trim();
    if finding.is_empty() || finding.eq_ignore_ascii_case(recorded.trim()) {
        recorded.to_string()
    } else {
        join_nonempty(recorded, &format!("{}: {finding}", w.finding), "\n\n")
    }
}

/// The answer cell's validation for `answer`: what it takes, a prompt saying so and, where
/// it takes only some values, an error that stops any other.
fn validation(
    answer: &Answer,
    q: &Questionnaire,
    w: &Words,
    prompt: &str,
    lists: &mut Lists,
) -> Result<DataValidation, XlsxError> {
    let v = DataValidation::new();
    let v = match answer {
        Answer::Choice(_) | Answer::YesNo => {
            let values = answer.choices(q.lang).unwrap_or_default();
            let joined = values.join(",");
            let inline = joined.encode_utf16().count() <= INLINE_LIST_MAX
                && !values.iter().any(|v| v.contains(',') || v.contains('"'));
            if inline {
                v.allow_list_strings(&values)?
            } else {
                v.allow_list_formula(Formula::new(lists.range(&values)))
            }
        }
        Answer::Integer { min } => {
            let min = min.map_or(i32::MIN, |m| {
                m.clamp(i32::MIN.into(), i32::MAX.into()) as i32
            });
            v.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(min))
        }
        Answer::Number { min } => v.allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(
            min.unwrap_or(-1e15),
        )),
        Answer::Date => v.allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(1900, 1, 1)?,
            ExcelDateTime::from_ymd(9999, 12, 31)?,
        )),
        Answer::Country => v.allow_text_length(DataValidationRule::EqualTo(2)),
        Answer::List | Answer::Several(_) | Answer::Text => v.allow_any_value(),
    };
    let title = clip(w.allowed, TITLE_MAX);
    let v = v
        .ignore_blank(true)
        .show_input_message(true)
        .set_input_title(&title)?
        .set_input_message(clip(prompt, MESSAGE_MAX))?;
    Ok(match answer {
        Answer::List | Answer::Several(_) | Answer::Text => v,
        _ => v
            .show_error_message(true)
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(&title)?
            .set_error_message(clip(&answer.describe(q.lang), MESSAGE_MAX))?,
    })
}

/// `text` cut to at most `max` UTF-16 units (Excel's measure), with an ellipsis if cut.
fn clip(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut len = 0;
    for c in text.chars() {
        if len + c.len_utf16() > max - 1 {
            break;
        }
        len += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    out
}

/// The drop-down lists put on the hidden lists sheet, one column each.
#[derive(Default)]
struct Lists {
    columns: Vec<Vec<String>>,
}

impl Lists {
    /// The range holding `values` (`=Lists!$A$1:$A$9`), added if not there yet.
    fn range(&mut self, values: &[String]) -> String {
        let col = match self.columns.iter().position(|c| c == values) {
            Some(i) => i,
            None => {
                self.columns.push(values.to_vec());
                self.columns.len() - 1
            }
        };
        let letter = rust_xlsxwriter::column_number_to_name(col as u16);
        format!(
            "={LISTS_SHEET}!${letter}$1:${letter}${}",
            values.len().max(1)
        )
    }

    fn sheet(&self) -> Result<Option<Worksheet>, XlsxError> {
        if self.columns.is_empty() {
            return Ok(None);
        }
        let mut ws = Worksheet::new();
        ws.set_name(LISTS_SHEET)?;
        for (col, values) in self.columns.iter().enumerate() {
            for (row, value) in values.iter().enumerate() {
                ws.write_string(row as u32, col as u16, value)?;
            }
        }
        ws.set_hidden(true);
        ws.protect();
        Ok(Some(ws))
    }
}

fn about_sheet(q: &Questionnaire, w: &Words, heading: &str) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(workbook::ABOUT_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let label = Format::new().set_bold().set_align(FormatAlign::Top);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 100)?;
    ws.write_string_with_format(0, 0, heading, &title)?;
    ws.write_string_with_format(1, 0, &q.vendor, &label)?;
    let count = q.items().count().to_string();
    let id = q.id.to_string();
    let questions = capitalized(w.questions);
    let facts = [
        (w.declaration, q.declaration.as_str()),
        (w.date, q.date.as_str()),
        (w.questionnaire_id, id.as_str()),
        (questions.as_str(), count.as_str()),
    ];
    let mut row = 3;
    for (name, value) in facts {
        ws.write_string_with_format(row, 0, name, &label)?;
        ws.write_string_with_format(row, 1, value, &text)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 1, w.intro, &text)?;
    row += 2;
    ws.write_string_with_format(row, 0, w.answer, &label)?;
    ws.write_string_with_format(row, 1, w.how_to_answer, &text)?;
    ws.protect();
    Ok(ws)
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::questionnaire::{Area, QuestionnaireId};
    use crate::base::{Kind, Lang, Severity};

    fn field(pointer: &str, answer: Answer) -> Field {
        Field {
            pointer: pointer.into(),
            label: pointer.trim_start_matches('/').replace('/', " › "),
            help: "What the schema says.".into(),
            answer,
            recorded: "unknown".into(),
        }
    }

    /// A questionnaire with every kind of answer, a list too long to write inline and an item
    /// without fields.
    pub(crate) fn sample() -> Questionnaire {
        let long: Vec<String> = (0..40).map(|i| format!("value_number_{i}")).collect();
        let item = |number: &str, fields: Vec<Field>| Item {
            number: number.into(),
            rule: "TST-001".into(),
            kind: Kind::Question,
            severity: Severity::Warning,
            question: format!("Question {number}?"),
            why: "Because.".into(),
            finding: "the value is not known".into(),
            reference: "Guidance 1.2".into(),
            line: 1,
            fields,
        };
        Questionnaire {
            id: QuestionnaireId {
                declaration: "acme".into(),
                version: "0123456789ab".into(),
            },
            lang: Lang::Da,
            vendor: "Acme".into(),
            declaration: "acme.yaml".into(),
            date: "2026-11-25".into(),
            areas: vec![Area {
                key: "backup".into(),
                title: "Backup".into(),
                items: vec![
                    item(
                        "1.1",
                        vec![
                            field("/a", Answer::Choice(vec!["daily".into(), "weekly".into()])),
                            field("/b", Answer::YesNo),
                            field("/c", Answer::Integer { min: Some(0) }),
                            field("/d", Answer::Number { min: None }),
                            field("/e", Answer::Date),
                            field("/f", Answer::Country),
                            field("/g", Answer::List),
                            field("/h", Answer::Text),
                            field("/i", Answer::Choice(long.clone())),
                            field("/j", Answer::Choice(long)),
                        ],
                    ),
                    item("1.2", vec![]),
                ],
            }],
        }
    }

    #[test]
    fn the_same_questionnaire_gives_the_same_bytes() {
        let q = sample();
        let a = questionnaire_xlsx(&q).unwrap();
        let b = questionnaire_xlsx(&q).unwrap();
        assert!(a.starts_with(b"PK"));
        assert_eq!(a, b);
    }

    #[test]
    fn long_lists_go_to_the_hidden_sheet_once() {
        use calamine::{Reader, Xlsx};
        let bytes = questionnaire_xlsx(&sample()).unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            [
                workbook::QUESTIONS_SHEET,
                workbook::ABOUT_SHEET,
                LISTS_SHEET
            ]
        );
        let lists = book.worksheet_range(LISTS_SHEET).unwrap();
        assert_eq!(
            lists.get_size(),
            (40, 1),
            "one column for the two equal lists"
        );
        let rows = book.worksheet_range(workbook::QUESTIONS_SHEET).unwrap();
        assert_eq!(rows.get_size().0, 1 + 10 + 1);
    }

    #[test]
    fn messages_are_clipped_to_excels_limits() {
        assert_eq!(clip("short", 32), "short");
        let long = "å".repeat(300);
        let c = clip(&long, MESSAGE_MAX);
        assert_eq!(c.encode_utf16().count(), MESSAGE_MAX);
        assert!(c.ends_with('…'));
    }
}

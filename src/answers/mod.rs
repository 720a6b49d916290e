//! A filled questionnaire workbook back into the declaration it was made for.
//!
//! [`read_workbook`] reads the questions sheet (the layout of `base::questionnaire::workbook`);
//! [`plan_import`] checks that the workbook was made for this declaration as it is now, checks
//! every answer against the kind of value its place takes (the declaration schema) and the
//! declaration, with the answers in it, against the schema; then it writes the answers, the
//! workbook as a source and each quoted source as evidence into the declaration's text as
//! minimal edits ([`edit`]). Nothing is written when any cell is wrong: every bad cell is
//! reported, by its address. [`diff`] shows the change; [`write_atomically`] makes it.

pub mod check;
pub mod edit;
pub mod read;

pub use check::shown;
pub use edit::{Edit, EditError, apply_edits};
pub use read::{Cell, CellRef, Row, Workbook, read_workbook};

use crate::base::questionnaire::{Answer, QuestionnaireId, workbook};
use crate::base::{escape_token, pointer_tokens};
use crate::load::{Format, Limits, load_bytes};
use crate::questionnaire::questionnaire_id;
use crate::questionnaire::schema::{answer_at, schema_at};
use crate::validate::declaration_validator;
use serde_json::{Value, json};
use std::path::Path;

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The day the answers are recorded (YYYY-MM-DD): the source's `retrieved` date and id.
    pub today: String,
}

/// One value written into the declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The answer cell.
    pub cell: CellRef,
    pub pointer: String,
    /// What the declaration held before (`None`: nothing).
    pub old: Option<Value>,
    pub new: Value,
}

/// An answer the import cannot place: a question answered in words, to carry over by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct ByHand {
    pub cell: CellRef,
    /// The question's number and text.
    pub number: String,
    pub question: String,
    /// The answer (or, without one, the source) as the vendor wrote it.
    pub answer: String,
}

/// What importing a workbook into a declaration gives.
#[derive(Debug, Clone)]
pub struct Import {
    /// The workbook's file name.
    pub workbook: String,
    /// The values that change, in the workbook's row order.
    pub changes: Vec<Change>,
    /// Answers that equal what the declaration already says.
    pub unchanged: usize,
    /// Answers in words, to enter by hand.
    pub by_hand: Vec<ByHand>,
    /// The id of the source entry that records the workbook (`None` when nothing was answered).
    pub source_id: Option<String>,
    /// The evidence items added (one per answer with a source), as (cell, evidence list).
    pub evidence: Vec<(CellRef, String)>,
    /// The declaration's text before and after.
    pub before: String,
    pub after: String,
}

impl Import {
    /// True when the declaration's text does not change.
    pub fn is_empty(&self) -> bool {
        self.before == self.after
    }
}

/// One bad cell: where it is and what is wrong (a sentence; what the cell holds is escaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub cell: CellRef,
    pub message: String,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.cell, self.message)
    }
}

/// Why nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The workbook cannot be imported into this declaration at all (not a questionnaire,
    /// made for another declaration or an older version of it, or the declaration does not
    /// load).
    Refused(String),
    /// Cells whose answers cannot be taken; every one is listed.
    BadCells(Vec<CellError>),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Refused(m) => write!(f, "{m}"),
            ImportError::BadCells(cells) => {
                let lines: Vec<String> = cells.iter().map(CellError::to_string).collect();
                write!(f, "{}", lines.join("\n"))
            }
        }
    }
}

/// Read the workbook at `answers` and plan its import into the declaration at `declaration`.
pub fn import_files(
    answers: &Path,
    declaration: &Path,
    options: &ImportOptions,
) -> Result<Import, ImportError> {
    let book = read_workbook(answers).map_err(ImportError::Refused)?;
    let text = std::fs::read_to_string(declaration).map_err(|e| {
        ImportError::Refused(format!(
            "cannot read {}: {e}",
            crate::base::display_path(declaration)
        ))
    })?;
    plan_import(&book, declaration, &text, options)
}

/// The import of `book` into the declaration `text` (read from `path`, which gives its format
/// and, without a `declaration.id`, its key): every answer checked, the new text made.
pub fn plan_import(
    book: &Workbook,
    path: &Path,
    text: &str,
    options: &ImportOptions,
) -> Result<Import, ImportError> {
    let format = Format::from_path(path);
    let shown_path = crate::base::display_path(path);
    let loaded = load_bytes(text.as_bytes(), format, &Limits::default());
    let doc = match loaded.document {
        Some(d) if d.value.get("kind").and_then(Value::as_str) == Some("vendor-declaration") => d,
        Some(_) => {
            return Err(ImportError::Refused(format!(
                "{shown_path} is not a declaration (no `kind: vendor-declaration`)"
            )));
        }
        None => {
            let why = loaded
                .diagnostics
                .first()
                .map(|d| format!(": {}", d.message))
                .unwrap_or_default();
            return Err(ImportError::Refused(format!(
                "{shown_path} does not load{why}; fix it before importing answers"
            )));
        }
    };
    check_id(book, &questionnaire_id(&doc.value, path))?;

    let mut errors: Vec<CellError> = Vec::new();
    let mut by_hand: Vec<ByHand> = Vec::new();
    // (row, answer kind, value) of every answer that passes its own check.
    let mut answers: Vec<(&Row, Value)> = Vec::new();
    let mut seen: Vec<(&str, CellRef)> = Vec::new();
    for row in &book.rows {
        let answer_cell = book.cell(row.row, workbook::ANSWER);
        let in_words = || ByHand {
            cell: answer_cell.clone(),
            number: row.number.clone(),
            question: row.question.clone(),
            answer: if row.answer.is_empty() {
                row.source.text()
            } else {
                row.answer.text()
            },
        };
        if row.pointer.is_empty() {
            if row.answer.is_empty() && row.source.is_empty() {
                continue;
            }
            if row.kind.is_empty() || row.kind == Answer::Text.kind_name() {
                by_hand.push(in_words());
            } else {
                errors.push(CellError {
                    cell: book.cell(row.row, workbook::POINTER),
                    message: format!(
                        "this row takes a `{}` answer but says nowhere where it goes (its hidden pointer is empty); make a new questionnaire with `vendorlint questions`",
                        shown(&row.kind)
                    ),
                });
            }
            continue;
        }
        if row.answer.is_empty() {
            if !row.source.is_empty() {
                by_hand.push(in_words());
            }
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(p, _)| *p == row.pointer) {
            errors.push(CellError {
                cell: answer_cell,
                message: format!(
                    "{} is answered twice, here and in {first}; keep one answer",
                    shown(&row.pointer)
                ),
            });
            continue;
        }
        seen.push((&row.pointer, answer_cell.clone()));
        let Some((answer, _)) = answer_at(&row.pointer) else {
            errors.push(CellError {
                cell: book.cell(row.row, workbook::POINTER),
                message: format!(
                    "{} is not a place in a declaration that takes an answer; make a new questionnaire with `vendorlint questions`",
                    check::quoted(&row.pointer)
                ),
            });
            continue;
        };
        if row.kind != answer.kind_name() {
            errors.push(CellError {
                cell: book.cell(row.row, workbook::ANSWER_KIND),
                message: format!(
                    "this row was made for a `{}` answer, but {} takes a `{}` answer; make a new questionnaire with `vendorlint questions`",
                    shown(&row.kind),
                    shown(&row.pointer),
                    answer.kind_name()
                ),
            });
            continue;
        }
        match check::cell_value(&answer, &row.answer, book.lang) {
            Ok(v) => answers.push((row, v)),
            Err(m) => errors.push(CellError {
                cell: answer_cell,
                message: m,
            }),
        }
    }

    // The declaration with the answers, the workbook as a source and the quotes as evidence.
    let mut value = doc.value.clone();
    let mut edits: Vec<Edit> = Vec::new();
    let mut changes: Vec<Change> = Vec::new();
    let mut unchanged = 0;
    let mut applied: Vec<(&Row, Value)> = Vec::new();
    for (row, v) in answers {
        let old = doc.value.pointer(&row.pointer).cloned();
        if old.as_ref() == Some(&v) {
            unchanged += 1;
            applied.push((row, v));
            continue;
        }
        let e = Edit::Set {
            pointer: row.pointer.clone(),
            value: v.clone(),
        };
        match edit::apply_to_value(&mut value, &e) {
            Ok(()) => {
                edits.push(e);
                changes.push(Change {
                    cell: book.cell(row.row, workbook::ANSWER),
                    pointer: row.pointer.clone(),
                    old,
                    new: v.clone(),
                });
                applied.push((row, v));
            }
            Err(err) => errors.push(CellError {
                cell: book.cell(row.row, workbook::ANSWER),
                message: err.message,
            }),
        }
    }
    let mut source_id = None;
    // (pointer of the evidence item, source cell)
    let mut evidence: Vec<(String, CellRef)> = Vec::new();
    let mut unplaced: Vec<ByHand> = Vec::new();
    if !applied.is_empty() {
        let id = unique_source_id(&value, &options.today);
        let source = json!({
            "id": id,
            "kind": "questionnaire",
            "title": book.file_name,
            "retrieved": options.today,
        });
        let e = Edit::Push {
            pointer: "/sources".to_string(),
            item: source,
        };
        if edit::apply_to_value(&mut value, &e).is_ok() {
            edits.push(e);
        }
        for (row, _) in &applied {
            if row.source.is_empty() {
                continue;
            }
            let source_cell = book.cell(row.row, workbook::SOURCE);
            let Some(owner) = evidence_owner(&row.pointer) else {
                unplaced.push(ByHand {
                    cell: source_cell,
                    number: row.number.clone(),
                    question: row.question.clone(),
                    answer: row.source.text(),
                });
                continue;
            };
            let list = format!("{owner}/evidence");
            let n = value
                .pointer(&list)
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let e = Edit::Push {
                pointer: list.clone(),
                item: json!({
                    "source": id,
                    "locator": source_cell.to_string(),
                    "quote": row.source.text().trim(),
                }),
            };
            if edit::apply_to_value(&mut value, &e).is_ok() {
                edits.push(e);
                evidence.push((format!("{list}/{n}"), source_cell));
            }
        }
        source_id = Some(id);
    }

    // The schema on the result: what the answers break is the answers' fault, at their cells.
    let validator = declaration_validator();
    let before: Vec<(Option<String>, String)> = validator
        .validate(&doc.value)
        .into_iter()
        .map(|d| (d.pointer, d.message))
        .collect();
    for d in validator.validate(&value) {
        let key = (d.pointer.clone(), d.message.clone());
        if before.contains(&key) {
            continue;
        }
        let at = d.pointer.clone().unwrap_or_default();
        // A did-you-mean helps; a help that repeats the schema's description does not.
        let message = match &d.help {
            Some(h) if h.contains("did you mean") => format!("{} ({h})", d.message),
            _ => d.message.clone(),
        };
        let below = |p: &str, parent: &str| p == parent || p.starts_with(&format!("{parent}/"));
        let mut cells: Vec<CellRef> = applied
            .iter()
            .filter(|(r, _)| below(&at, &r.pointer))
            .map(|(r, _)| book.cell(r.row, workbook::ANSWER))
            .collect();
        if cells.is_empty() {
            cells = evidence
                .iter()
                .filter(|(p, _)| below(&at, p))
                .map(|(_, c)| c.clone())
                .collect();
        }
        if cells.is_empty() {
            cells = applied
                .iter()
                .filter(|(r, _)| below(&r.pointer, &at))
                .map(|(r, _)| book.cell(r.row, workbook::ANSWER))
                .collect();
        }
        if cells.is_empty() {
            return Err(ImportError::Refused(format!(
                "the answers would make {shown_path} invalid at {}: {}",
                shown(&at),
                shown(&message)
            )));
        }
        for cell in cells {
            let message = format!("{}: {}", shown(&at), shown(&message));
            if !errors
                .iter()
                .any(|e| e.cell == cell && e.message == message)
            {
                errors.push(CellError { cell, message });
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.cell.row, e.cell.col));
        return Err(ImportError::BadCells(errors));
    }

    let after = apply_edits(text, format, &edits).map_err(|e| {
        match applied.iter().find(|(r, _)| r.pointer == e.pointer) {
            Some((r, _)) => ImportError::BadCells(vec![CellError {
                cell: book.cell(r.row, workbook::ANSWER),
                message: e.message.clone(),
            }]),
            None => ImportError::Refused(format!("cannot write {shown_path}: {e}")),
        }
    })?;
    by_hand.extend(unplaced);
    by_hand.sort_by_key(|b| (b.cell.row, b.cell.col));
    Ok(Import {
        workbook: book.file_name.clone(),
        changes,
        unchanged,
        by_hand,
        source_id,
        evidence: evidence
            .into_iter()
            .map(|(p, c)| {
                let list = p.rsplit_once('/').map_or(p.clone(), |(l, _)| l.to_string());
                (c, list)
            })
            .collect(),
        before: text.to_string(),
        after,
    })
}

/// Refuse a workbook made for another declaration, or for another version of this one.
fn check_id(book: &Workbook, current: &QuestionnaireId) -> Result<(), ImportError> {
    let mut found: Option<(QuestionnaireId, CellRef)> = None;
    for row in &book.rows {
        let cell = book.cell(row.row, workbook::QUESTIONNAIRE_ID);
        if row.questionnaire_id.is_empty() {
            if !row.pointer.is_empty() {
                return Err(ImportError::Refused(format!(
                    "{cell} holds no questionnaire id; every row of a questionnaire has one, so this workbook cannot be trusted: make a new questionnaire with `vendorlint questions`"
                )));
            }
            continue;
        }
        let Some(id) = QuestionnaireId::parse(&row.questionnaire_id) else {
            return Err(ImportError::Refused(format!(
                "{cell}: {} is not a questionnaire id",
                check::quoted(&row.questionnaire_id)
            )));
        };
        match &found {
            None => found = Some((id, cell)),
            Some((first, at)) if *first != id => {
                return Err(ImportError::Refused(format!(
                    "it mixes two questionnaires: {at} is for {}, {cell} for {}",
                    shown(&first.to_string()),
                    shown(&id.to_string())
                )));
            }
            Some(_) => {}
        }
    }
    let Some((id, _)) = found else {
        return Err(ImportError::Refused(
            "it holds no questionnaire id, so it is not a questionnaire written by `vendorlint questions`".to_string(),
        ));
    };
    if id.declaration != current.declaration {
        return Err(ImportError::Refused(format!(
            "it was made for `{}`, not for `{}`",
            shown(&id.declaration),
            shown(&current.declaration)
        )));
    }
    if id.version != current.version {
        return Err(ImportError::Refused(format!(
            "it was made for version {} of this declaration, which has changed since (now {}): make a new questionnaire with `vendorlint questions`",
            shown(&id.version),
            current.version
        )));
    }
    Ok(())
}

/// `questionnaire-<today>`, with `-2`, `-3`, ... when a source has that id already.
fn unique_source_id(value: &Value, today: &str) -> String {
    let taken: Vec<&str> = value
        .get("sources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("id").and_then(Value::as_str))
        .collect();
    let base = format!("questionnaire-{today}");
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken.contains(&id.as_str()))
        .expect("an unused id")
}

/// The nearest object above `pointer` whose schema has an `evidence` list (a statement, a
/// contract section, a data location, a subprocessor, ...).
pub fn evidence_owner(pointer: &str) -> Option<String> {
    let tokens = pointer_tokens(pointer);
    let root = declaration_validator().schema();
    (1..tokens.len()).rev().find_map(|n| {
        let p: String = tokens[..n]
            .iter()
            .map(|t| format!("/{}", escape_token(t)))
            .collect();
        let (node, _) = schema_at(&p)?;
        has_property(root, node, "evidence", 0).then_some(p)
    })
}

fn has_property(root: &Value, node: &Value, name: &str, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    let node = match node.get("$ref").and_then(Value::as_str) {
        Some(r) => match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
            Some(target) => return has_property(root, target, name, depth + 1),
            None => return false,
        },
        None => node,
    };
    if node.get("properties").and_then(|p| p.get(name)).is_some() {
        return true;
    }
    ["allOf", "anyOf", "oneOf"].iter().any(|k| {
        node.get(*k)
            .and_then(Value::as_array)
            .is_some_and(|bs| bs.iter().any(|b| has_property(root, b, name, depth + 1)))
    })
}

/// What a value is, as one line of text for a summary: `unknown`, `24`, `dk-1, se-2` (the
/// questionnaire's "recorded now", shown for a terminal).
pub fn describe_value(value: Option<&Value>) -> String {
    shown(&crate::questionnaire::recorded(value))
}

/// A unified diff of the import (three lines of context), the declaration named `name` on
/// both sides; every line escaped for the terminal.
pub fn diff(import: &Import, name: &str) -> String {
    let text = similar::TextDiff::from_lines(&import.before, &import.after)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string();
    text.split_inclusive('\n')
        .map(|line| {
            let (body, nl) = match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            };
            let body = body.strip_suffix('\r').unwrap_or(body);
            format!("{}{nl}", check::shown_line(body))
        })
        .collect()
}

/// One line per change: `H7 → /controls/backup/params/interval_hours: unknown → 24`.
pub fn summary_lines(import: &Import) -> Vec<String> {
    import
        .changes
        .iter()
        .map(|c| {
            format!(
                "{} → {}: {} → {}",
                c.cell.address(),
                shown(&c.pointer),
                describe_value(c.old.as_ref()),
                describe_value(Some(&c.new))
            )
        })
        .collect()
}

/// One line per answer to enter by hand: `H20 (3.1) question: answer`.
pub fn by_hand_lines(import: &Import) -> Vec<String> {
    import
        .by_hand
        .iter()
        .map(|b| {
            let question: String = b.question.chars().take(60).collect();
            let more = if b.question.chars().count() > 60 {
                "…"
            } else {
                ""
            };
            format!(
                "{} ({}) {}{more}: {}",
                b.cell.address(),
                shown(&b.number),
                shown(&question),
                check::quoted(&b.answer)
            )
        })
        .collect()
}

/// The summary lines, then the answers to enter by hand under a heading; a line break ends
/// each line.
pub fn report(import: &Import) -> String {
    let mut out = String::new();
    for line in summary_lines(import) {
        out.push_str(&line);
        out.push('\n');
    }
    if !import.by_hand.is_empty() {
        out.push_str("To enter by hand (answered in words):\n");
        for line in by_hand_lines(import) {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

/// Write `text` to `path` atomically: a temporary file beside it, then a rename, so a reader
/// sees the old file or the new one, never half of one. A symbolic link is followed, and the
/// file keeps its permissions.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "declaration".to_string());
    let tmp = dir.join(format!(".{name}.vendorlint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(&target) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests;

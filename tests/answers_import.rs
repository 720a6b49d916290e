//! `vendorlint answers import` end to end: a Danish questionnaire workbook for each seed vendor,
//! filled in with a real spreadsheet library (openpyxl, `tests/py/fill_questionnaire.py`) as a
//! vendor would, imported into a copy of the declaration.
//!
//! Each scenario runs twice: on the workbook `vendorlint questions --format xlsx` writes (skipped,
//! with a message, while that command reports the workbook format is not yet available), and on
//! a stand-in this test writes with rust_xlsxwriter from the same questionnaire, following the
//! layout contract in `base::questionnaire::workbook`.

mod common;
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use vendorlint::base::questionnaire::{Answer, Questionnaire, words, workbook};
use vendorlint::load::{Format, Limits, load_bytes};

const TODAY: &str = "2026-11-25";

fn python() -> PathBuf {
    tool("venv/bin/python")
}

fn parse(text: &str) -> Value {
    load_bytes(text.as_bytes(), Format::Yaml, &Limits::default())
        .document
        .expect("the declaration loads")
        .value
}

/// The questionnaire `vendorlint questions --lang da` makes for `decl`, from the library.
fn questionnaire(decl: &Path) -> Questionnaire {
    let options = vendorlint::LintOptions {
        lang: vendorlint::base::Lang::Da,
        today: TODAY.to_string(),
        config: vendorlint::config::ConfigChoice::Off,
        ..Default::default()
    };
    vendorlint::questionnaire::build(decl, &std::fs::read(decl).unwrap(), &options)
        .unwrap_or_else(|_| panic!("{} is a declaration", decl.display()))
}

/// How a test gets its workbook: `None` when it is not available (the real writer, before it
/// lands).
type Make = fn(&TempDir, &Path) -> Option<PathBuf>;

/// The workbook `vendorlint questions` writes; `None` (with a message) while the command says
/// the workbook format is not yet available.
fn real_workbook(t: &TempDir, decl: &Path) -> Option<PathBuf> {
    let out = t.path().join("q.xlsx");
    let o = run_in(
        t.path(),
        &[
            "questions",
            decl.to_str().unwrap(),
            "--lang",
            "da",
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
            "--today",
            TODAY,
            "--no-config",
        ],
    );
    if code(&o) != 0 && stderr(&o).to_lowercase().contains("not yet") {
        eprintln!(
            "SKIPPED: `vendorlint questions --format xlsx` does not write workbooks yet ({}); \
             this scenario runs on the stand-in workbook only",
            stderr(&o).trim()
        );
        return None;
    }
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    Some(out)
}

/// A workbook in the layout of `base::questionnaire::workbook`, written here: a header row,
/// then a row per value asked for (a question with none gets one `text` row without a
/// pointer), drop-downs for choices, the hidden columns filled in.
fn stand_in_workbook(t: &TempDir, decl: &Path) -> Option<PathBuf> {
    stand_in_filled(t, decl, &[])
}

/// The stand-in with (pointer, answer, source) already typed in: for text a spreadsheet
/// program stores escaped (control characters), which openpyxl refuses to write.
fn stand_in_filled(t: &TempDir, decl: &Path, filled: &[(&str, &str, &str)]) -> Option<PathBuf> {
    use rust_xlsxwriter::{DataValidation, Workbook};
    let q = questionnaire(decl);
    let w = words(q.lang);
    let mut book = Workbook::new();
    let about = book.add_worksheet();
    about.set_name(workbook::ABOUT_SHEET).unwrap();
    about
        .write(0, 0, format!("{} {} {}", w.title, w.for_vendor, q.vendor))
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name(workbook::QUESTIONS_SHEET).unwrap();
    let headers = [
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
        (workbook::QUESTIONNAIRE_ID, "questionnaire_id"),
        (workbook::ANSWER_KIND, "answer_kind"),
    ];
    for (col, h) in headers {
        sheet.write(workbook::HEADER_ROW, col, h).unwrap();
    }
    let mut row = workbook::HEADER_ROW + 1;
    for area in &q.areas {
        for item in &area.items {
            let fields: Vec<Option<&vendorlint::base::questionnaire::Field>> =
                if item.fields.is_empty() {
                    vec![None]
                } else {
                    item.fields.iter().map(Some).collect()
                };
            for f in fields {
                sheet.write(row, workbook::NUMBER, &item.number).unwrap();
                sheet.write(row, workbook::AREA, &area.title).unwrap();
                sheet
                    .write(row, workbook::QUESTION, &item.question)
                    .unwrap();
                sheet.write(row, workbook::WHY, &item.why).unwrap();
                sheet
                    .write(row, workbook::REFERENCE, &item.reference)
                    .unwrap();
                sheet
                    .write(row, workbook::QUESTIONNAIRE_ID, q.id.to_string())
                    .unwrap();
                match f {
                    None => {
                        sheet.write(row, workbook::FIELD, w.in_words).unwrap();
                        sheet
                            .write(row, workbook::ANSWER_KIND, Answer::Text.kind_name())
                            .unwrap();
                    }
                    Some(f) => {
                        sheet.write(row, workbook::FIELD, &f.label).unwrap();
                        sheet.write(row, workbook::RECORDED, &f.recorded).unwrap();
                        sheet.write(row, workbook::POINTER, &f.pointer).unwrap();
                        sheet
                            .write(row, workbook::ANSWER_KIND, f.answer.kind_name())
                            .unwrap();
                        if let Some((_, answer, source)) =
                            filled.iter().find(|(p, _, _)| *p == f.pointer)
                        {
                            sheet.write(row, workbook::ANSWER, *answer).unwrap();
                            sheet.write(row, workbook::SOURCE, *source).unwrap();
                        }
                        if let Some(choices) = f.answer.choices(q.lang) {
                            let v = DataValidation::new().allow_list_strings(&choices).unwrap();
                            sheet
                                .add_data_validation(
                                    row,
                                    workbook::ANSWER,
                                    row,
                                    workbook::ANSWER,
                                    &v,
                                )
                                .unwrap();
                        }
                    }
                }
                row += 1;
            }
        }
    }
    for col in [
        workbook::POINTER,
        workbook::QUESTIONNAIRE_ID,
        workbook::ANSWER_KIND,
    ] {
        sheet.set_column_hidden(col).unwrap();
    }
    let out = t.path().join("q.xlsx");
    book.save(&out).unwrap();
    Some(out)
}

/// One answer to write: the pointer, the value, how the cell is typed, the source text.
#[derive(Clone, Debug)]
struct Fill {
    pointer: String,
    value: Value,
    typed: &'static str,
    source: Option<String>,
}

/// Where the script wrote each answer: pointer -> (answer cell, source cell).
struct Written {
    cells: std::collections::BTreeMap<String, (String, Option<String>)>,
    in_words: Vec<String>,
}

fn fill(book: &Path, answers: &[Fill], in_words: &[&str]) -> Written {
    let plan = json!({
        "sheet": workbook::QUESTIONS_SHEET,
        "header_row": workbook::HEADER_ROW,
        "columns": {
            "answer": workbook::ANSWER,
            "source": workbook::SOURCE,
            "pointer": workbook::POINTER,
            "kind": workbook::ANSWER_KIND,
        },
        "answers": answers.iter().map(|a| json!({
            "pointer": a.pointer, "value": a.value, "as": a.typed, "source": a.source,
        })).collect::<Vec<_>>(),
        "in_words": in_words.iter().enumerate().map(|(i, v)| json!({"index": i, "value": v})).collect::<Vec<_>>(),
    });
    let plan_file = book.with_file_name("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let o = std::process::Command::new(python())
        .arg(root().join("tests/py/fill_questionnaire.py"))
        .arg(book)
        .arg(&plan_file)
        .output()
        .expect("run python");
    assert!(
        o.status.success(),
        "fill_questionnaire.py failed (is openpyxl installed? run `bash .ci/tools.sh`): {}",
        stderr(&o)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    Written {
        cells: v["answers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(p, w)| {
                (
                    p.clone(),
                    (
                        w["answer"].as_str().unwrap().to_string(),
                        w["source"].as_str().map(str::to_string),
                    ),
                )
            })
            .collect(),
        in_words: v["in_words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect(),
    }
}

/// A valid answer for every value the questionnaire asks for (lists of ids aside), with a
/// quote as the source of every other one; the value the declaration will then hold.
fn answers_for(q: &Questionnaire, decl: &Value) -> Vec<(Fill, Value)> {
    let mut out = Vec::new();
    for (i, f) in q.items().flat_map(|i| &i.fields).enumerate() {
        let last = f.pointer.rsplit('/').next().unwrap();
        let (value, typed, stored) = match &f.answer {
            Answer::YesNo => (
                json!(if i % 3 == 0 { "nej" } else { "ja" }),
                "text",
                json!(i % 3 != 0),
            ),
            Answer::Integer { min } => {
                let n = min.unwrap_or(0).max(0) + 30;
                (json!(n), "number", json!(n))
            }
            Answer::Number { .. } if last.contains("percent") => {
                (json!(99.9), "number", json!(99.9))
            }
            Answer::Number { .. } => (json!(4), "number", json!(4)),
            Answer::Choice(values) => (json!(values[0]), "text", json!(values[0])),
            Answer::Date => (json!("2026-03-01"), "date", json!("2026-03-01")),
            Answer::Country => (json!("dk"), "text", json!("DK")),
            Answer::List => continue,
            // Some of the named values, as a vendor types them: mixed case, spaces.
            Answer::Several(values) => {
                let picked: Vec<&String> = values.iter().take(2).collect();
                let typed = picked
                    .iter()
                    .map(|v| v.to_uppercase())
                    .collect::<Vec<_>>()
                    .join(" , ");
                (json!(typed), "text", json!(picked))
            }
            // An operator is a subprocessor's id; other text is free.
            Answer::Text if last == "operator" => {
                let id = decl["subprocessors"][0]["id"].clone();
                (id.clone(), "text", id)
            }
            Answer::Text => (
                json!("Nordisk Datacenter A/S"),
                "text",
                json!("Nordisk Datacenter A/S"),
            ),
        };
        let source = (i % 2 == 0).then(|| {
            format!(
                "Svar {}: \"{}\" (jf. vores politik, afsnit {i})",
                i + 1,
                value.as_str().map_or(value.to_string(), str::to_string)
            )
        });
        out.push((
            Fill {
                pointer: f.pointer.clone(),
                value,
                typed,
                source,
            },
            stored,
        ));
    }
    out
}

fn import(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["answers", "import", "q.xlsx", "v.yaml", "--today", TODAY];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

/// (rule, pointer, line, message) of every open question `check` lists for `v.yaml`.
fn open_questions(dir: &Path) -> Vec<(String, String, u64, String)> {
    let o = run_in(
        dir,
        &[
            "check",
            "v.yaml",
            "--format",
            "json",
            "--today",
            TODAY,
            "--no-config",
            "--fail-on",
            "none",
        ],
    );
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    v["open_questions"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["diagnostics"].as_array().unwrap())
        .filter(|d| d["kind"] == "question")
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["pointer"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn round_trip(vendor: &str, make: Make) {
    let t = TempDir::new(&format!("answers-{vendor}"));
    let original = std::fs::read_to_string(
        root()
            .join("fixtures/vendors")
            .join(format!("{vendor}.yaml")),
    )
    .unwrap();
    let decl = t.write("v.yaml", &original);
    let Some(book) = make(&t, &decl) else { return };
    let q = questionnaire(&decl);
    let before = parse(&original);
    let plan = answers_for(&q, &before);
    assert!(
        plan.len() >= 6,
        "{vendor}: only {} values asked for",
        plan.len()
    );

    // Two mistakes a vendor makes: a value the drop-down does not offer, a date written out.
    let mut first = plan.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>();
    let choice = first
        .iter()
        .position(|f| {
            matches!(
                q.items()
                    .flat_map(|i| &i.fields)
                    .find(|x| x.pointer == f.pointer)
                    .unwrap()
                    .answer,
                Answer::Choice(_)
            )
        })
        .expect("a drop-down question");
    let date = first
        .iter()
        .position(|f| f.typed == "date")
        .expect("a date question");
    first[choice].value = json!("ugentligt");
    first[date].value = json!(if vendor == "unoeuro" {
        "1. marts 2026"
    } else {
        "12/03/2026"
    });
    first[date].typed = "text";
    let written = fill(
        &book,
        &first,
        &["Vi bruger MDM på alle bærbare; se bilag 3."],
    );
    let cell = |p: &str| written.cells[p].0.clone();

    let o = import(t.path(), &[]);
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    let bad: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("q.xlsx: Questions!"))
        .collect();
    assert_eq!(bad.len(), 2, "{err}");
    assert!(
        err.contains(&format!(
            "q.xlsx: Questions!{}: `ugentligt` is not one of the answers allowed here: ",
            cell(&first[choice].pointer)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "q.xlsx: Questions!{}: `{}` is not a date; write it as YYYY-MM-DD",
            cell(&first[date].pointer),
            first[date].value.as_str().unwrap()
        )),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&decl).unwrap(),
        original,
        "nothing written"
    );

    // The vendor fixes the two cells.
    let fixed: Vec<Fill> = vec![plan[choice].0.clone(), plan[date].0.clone()];
    fill(&book, &fixed, &[]);

    let o = import(t.path(), &["--dry-run"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let diff = stdout(&o);
    assert!(diff.starts_with("--- v.yaml\n+++ v.yaml\n@@ "), "{diff}");
    assert!(
        diff.contains("\n+  - id: questionnaire-2026-11-25\n"),
        "{diff}"
    );
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&decl).unwrap(),
        original,
        "a dry run writes nothing"
    );

    let asked_before = open_questions(t.path());
    let o = import(t.path(), &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let after_text = std::fs::read_to_string(&decl).unwrap();
    let after = parse(&after_text);

    // Every answer is in, and the summary says so cell by cell.
    let mut expected = before.clone();
    for (f, stored) in &plan {
        assert_eq!(
            after.pointer(&f.pointer),
            Some(stored),
            "{vendor}: {}",
            f.pointer
        );
        if before.pointer(&f.pointer) != Some(stored) {
            assert!(
                out.contains(&format!("{} → {}: ", cell(&f.pointer), f.pointer)),
                "{out}"
            );
        }
        vendorlint::answers::edit::apply_to_value(
            &mut expected,
            &vendorlint::answers::Edit::Set {
                pointer: f.pointer.clone(),
                value: stored.clone(),
            },
        )
        .unwrap();
    }
    assert!(
        out.contains("To enter by hand (answered in words):\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!("  {} (", written.in_words[0])),
        "{out}"
    );
    assert!(
        out.contains("Vi bruger MDM på alle bærbare; se bilag 3."),
        "{out}"
    );

    // The workbook is a source, and each quote is evidence where the answer went.
    let source = json!({"id": "questionnaire-2026-11-25", "kind": "questionnaire", "title": "q.xlsx", "retrieved": TODAY});
    assert_eq!(after["sources"].as_array().unwrap().last(), Some(&source));
    expected["sources"].as_array_mut().unwrap().push(source);
    for (f, _) in &plan {
        let Some(quote) = &f.source else { continue };
        let owner =
            vendorlint::answers::evidence_owner(&f.pointer).expect("an evidence list above");
        let item = json!({
            "source": "questionnaire-2026-11-25",
            "locator": format!("Questions!{}", written.cells[&f.pointer].1.as_ref().unwrap()),
            "quote": quote,
        });
        let list = after
            .pointer(&format!("{owner}/evidence"))
            .and_then(Value::as_array)
            .unwrap();
        assert!(
            list.contains(&item),
            "{vendor}: no evidence {item} in {owner}"
        );
        vendorlint::answers::edit::apply_to_value(
            &mut expected,
            &vendorlint::answers::Edit::Push {
                pointer: format!("{owner}/evidence"),
                item,
            },
        )
        .unwrap();
    }
    // Nothing else in the value changed.
    assert_eq!(after, expected, "{vendor}");

    // The text is the same outside the edited lines: each removed line held an old value,
    // and every comment is kept.
    // A value that replaces a scalar standing where a mapping goes (`security_contact:
    // unknown` becoming `security_contact: {name: ...}`) removes that scalar's line.
    let mut changed: Vec<(String, String)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (f, s) in &plan {
        let mut at = f.pointer.as_str();
        while before.pointer(at).is_none() && at.contains('/') {
            at = &at[..at.rfind('/').unwrap()];
        }
        let Some(old) = before.pointer(at) else {
            continue;
        };
        let replaced = if at == f.pointer {
            old != s
        } else {
            !old.is_object() && !old.is_array()
        };
        let entry = (
            at.rsplit('/').next().unwrap().to_string(),
            vendorlint::answers::describe_value(Some(old)),
        );
        if replaced && !at.is_empty() && !seen.contains(&at) {
            seen.push(at);
            changed.push(entry);
        }
    }
    let removed: Vec<String> = similar::TextDiff::from_lines(&original, &after_text)
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .map(|c| c.value().to_string())
        .collect();
    assert_eq!(removed.len(), changed.len(), "{vendor}: {removed:#?}");
    for line in &removed {
        assert!(
            changed
                .iter()
                .any(|(k, old)| line.trim_start().starts_with(&format!("{k}: {old}"))),
            "{vendor}: line {line:?} changed"
        );
    }
    let comments = |t: &str| {
        t.lines()
            .filter(|l| l.contains('#'))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(comments(&original), comments(&after_text));

    // The answered open questions are no longer asked as they were. Some rules ask for more
    // than the values the questionnaire offers (SUB-001 wants a subprocessor's country and role
    // too, TST-001 who tested), so their question may stay, but it must have changed; most go.
    let answered: Vec<(String, usize)> = q
        .items()
        .filter(|i| i.kind == vendorlint::base::Kind::Question && !i.fields.is_empty())
        .filter(|i| {
            i.fields
                .iter()
                .all(|f| plan.iter().any(|(p, _)| p.pointer == f.pointer))
        })
        .map(|i| (i.rule.clone(), i.line))
        .collect();
    let asked_after = open_questions(t.path());
    let mut gone = 0;
    for (rule, line) in &answered {
        let (_, pointer, _, message) = asked_before
            .iter()
            .find(|(r, _, l, _)| r == rule && *l as usize == *line)
            .unwrap_or_else(|| {
                panic!("{vendor}: {rule} at line {line} was asked: {asked_before:?}")
            });
        assert!(
            !asked_after
                .iter()
                .any(|(r, p, _, m)| r == rule && p == pointer && m == message),
            "{vendor}: {rule} at {pointer} is still asked, unchanged, after the import: {message}"
        );
        if !asked_after
            .iter()
            .any(|(r, p, _, _)| r == rule && p == pointer)
        {
            gone += 1;
        }
    }
    assert!(
        gone * 2 > answered.len(),
        "{vendor}: only {gone} of {} answered questions are gone: {asked_after:?}",
        answered.len()
    );
    // The questions not answered are all still asked.
    let still: Vec<_> = asked_before
        .iter()
        .filter(|(r, _, l, _)| {
            !answered
                .iter()
                .any(|(ar, al)| ar == r && *al == *l as usize)
        })
        .filter(|(_, p, _, _)| {
            !plan.iter().any(|(f, _)| {
                f.pointer.starts_with(p.as_str()) || p.starts_with(f.pointer.as_str())
            })
        })
        .collect();
    for (rule, pointer, _, _) in still {
        assert!(
            asked_after
                .iter()
                .any(|(r, p, _, _)| r == rule && p == pointer),
            "{vendor}: {rule} at {pointer} is no longer asked, though nothing answered it"
        );
    }

    // Importing the same workbook again: made for a version that no longer exists.
    let o = import(t.path(), &[]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("which has changed since"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unoeuro_answers_go_into_its_declaration_stand_in_workbook() {
    round_trip("unoeuro", stand_in_workbook);
}

#[test]
fn onlineregnskab_answers_go_into_its_declaration_stand_in_workbook() {
    round_trip("onlineregnskab", stand_in_workbook);
}

#[test]
fn unoeuro_answers_go_into_its_declaration_real_workbook() {
    round_trip("unoeuro", real_workbook);
}

#[test]
fn onlineregnskab_answers_go_into_its_declaration_real_workbook() {
    round_trip("onlineregnskab", real_workbook);
}

/// A workbook for another declaration, and one made before the declaration changed, are
/// refused, and nothing is written; a change to comments only is no change.
fn refusals(make: Make) {
    let t = TempDir::new("answers-refused");
    let uno = std::fs::read_to_string(root().join("fixtures/vendors/unoeuro.yaml")).unwrap();
    let other = t.write(
        "other.yaml",
        std::fs::read(root().join("fixtures/vendors/onlineregnskab.yaml")).unwrap(),
    );
    let Some(book) = make(&t, &other) else { return };
    fill(&book, &[], &[]);
    let decl = t.write("v.yaml", &uno);
    let o = import(t.path(), &[]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o),
        "q.xlsx: it was made for `onlineregnskab`, not for `unoeuro`\nvendorlint: nothing was written to v.yaml\n"
    );
    assert_eq!(std::fs::read_to_string(&decl).unwrap(), uno);

    // Made for this declaration; then a comment is added (no change) and a value changed.
    std::fs::remove_file(&book).unwrap();
    let Some(book) = make(&t, &decl) else { return };
    let q = questionnaire(&decl);
    let f = q
        .items()
        .flat_map(|i| &i.fields)
        .find(|f| f.answer == Answer::YesNo)
        .unwrap();
    fill(
        &book,
        &[Fill {
            pointer: f.pointer.clone(),
            value: json!("ja"),
            typed: "text",
            source: None,
        }],
        &[],
    );
    let commented = format!("# reviewed again\n{uno}");
    std::fs::write(&decl, &commented).unwrap();
    let o = import(t.path(), &["--dry-run"]);
    assert_eq!(
        code(&o),
        0,
        "a comment does not change the version: {}",
        stderr(&o)
    );
    let changed = commented.replacen(
        "  website: unknown",
        "  website: \"https://unoeuro.example\"",
        1,
    );
    assert_ne!(changed, commented);
    std::fs::write(&decl, &changed).unwrap();
    let o = import(t.path(), &[]);
    assert_eq!(code(&o), 2);
    let now = vendorlint::questionnaire::version(&parse(&changed));
    assert_eq!(
        stderr(&o),
        format!(
            "q.xlsx: it was made for version {} of this declaration, which has changed since (now {now}): make a new questionnaire with `vendorlint questions`\nvendorlint: nothing was written to v.yaml\n",
            q.id.version
        )
    );
    assert_eq!(std::fs::read_to_string(&decl).unwrap(), changed);

    // Not a questionnaire at all.
    std::fs::write(&book, "not a workbook").unwrap();
    let o = import(t.path(), &[]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).starts_with("q.xlsx: cannot read it as a workbook"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn workbooks_for_another_declaration_or_version_are_refused_stand_in_workbook() {
    refusals(stand_in_workbook);
}

#[test]
fn workbooks_for_another_declaration_or_version_are_refused_real_workbook() {
    refusals(real_workbook);
}

/// Whatever a cell holds reaches the terminal escaped.
#[test]
fn cell_contents_reach_the_terminal_escaped() {
    let t = TempDir::new("answers-escaped");
    let decl = t.write(
        "v.yaml",
        std::fs::read(root().join("fixtures/vendors/unoeuro.yaml")).unwrap(),
    );
    let q = questionnaire(&decl);
    let field = |a: Answer| {
        q.items()
            .flat_map(|i| &i.fields)
            .find(|f| f.answer == a)
            .unwrap()
            .pointer
            .clone()
    };
    let (date, text) = (field(Answer::Date), field(Answer::Text));
    let name = "Nordisk\u{7} \"DC\"\u{202e}";
    let book = stand_in_filled(
        &t,
        &decl,
        &[
            (&date, "\u{1b}[2J\u{1b}[31mnow\u{202e}", ""),
            (&text, name, "line one\u{1b}]0;title\u{7}"),
        ],
    )
    .unwrap();
    let o = import(t.path(), &["--dry-run"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{err:?}"
    );
    assert!(
        err.contains("`\\u{1b}[2J\\u{1b}[31mnow\\u{202e}` is not a date"),
        "{err}"
    );
    // Fixed, the text goes into the file escaped, and the diff and summary show it escaped.
    fill(
        &book,
        &[Fill {
            pointer: date.clone(),
            value: json!("2026-03-01"),
            typed: "date",
            source: None,
        }],
        &[],
    );
    let clean = |o: &std::process::Output| {
        let all = format!("{}{}", stdout(o), stderr(o));
        assert!(
            !all.chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{all:?}"
        );
        all
    };
    let o = import(t.path(), &["--dry-run"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let all = clean(&o);
    assert!(
        all.contains("+    name: \"Nordisk\\x07 \\\"DC\\\"\\u202e\""),
        "{all}"
    );
    let o = import(t.path(), &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let all = clean(&o);
    assert!(
        all.lines().any(|l| l.contains(&format!("→ {text}: "))
            && l.ends_with(" → Nordisk\\u{7} \"DC\"\\u{202e}")),
        "{all}"
    );
    let after = parse(&std::fs::read_to_string(&decl).unwrap());
    assert_eq!(after.pointer(&text), Some(&json!(name)));
}

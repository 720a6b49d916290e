//! The questionnaire workbook (`vendorlint questions --format xlsx`) as others read it:
//! openpyxl (`tests/py/questionnaire_check.py`, in the virtualenv `.ci/tools.sh` makes) checks
//! its layout, drop-downs, validations and protection against the questionnaire the library
//! builds, and LibreOffice Calc (from Debian's packages, also `.ci/tools.sh`) opens it headless
//! and saves the questions as CSV.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use vendorlint::base::Lang;
use vendorlint::base::questionnaire::{
    Answer, Area, Field, Item, Questionnaire, QuestionnaireId, Words, words, workbook,
};
use vendorlint::lint::LintOptions;

const TODAY: &str = "2026-11-25";
const VENDORS: [&str; 3] = [
    "fixtures/vendors/unoeuro.yaml",
    "fixtures/vendors/onlineregnskab.yaml",
    "fixtures/vendors/nordlys-cloud.yaml",
];
/// The hidden sheet of long drop-down lists (`report::questionnaire::xlsx::LISTS_SHEET`).
const LISTS_SHEET: &str = "Lists";

/// LibreOffice's command, from PATH.
fn soffice() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
        .expect("LibreOffice (soffice) is missing: run `bash .ci/tools.sh` first")
}

/// The questionnaire the library builds for `vendor`, as the command does (`vendor` relative
/// to the package's root, where `cargo test` runs the tests and `run` runs the binary).
fn questionnaire(vendor: &str) -> Questionnaire {
    let path = Path::new(vendor);
    let bytes = std::fs::read(root().join(path)).unwrap();
    let options = LintOptions {
        lang: Lang::Da,
        today: TODAY.into(),
        ..LintOptions::default()
    };
    vendorlint::questionnaire::build(path, &bytes, &options)
        .unwrap_or_else(|r| panic!("{vendor} is not a declaration: {r:?}"))
}

/// The declaration's own id (`declaration.id`), read from the file.
fn declaration_id(vendor: &str) -> String {
    let bytes = std::fs::read(root().join(vendor)).unwrap();
    let loaded = vendorlint::load::load_bytes(
        &bytes,
        vendorlint::load::Format::Yaml,
        &vendorlint::load::Limits::default(),
    );
    let doc = loaded.document.expect("parses").value;
    doc.pointer("/declaration/id")
        .and_then(Value::as_str)
        .expect("declaration.id")
        .to_string()
}

/// Write the Danish workbook for `vendor` into `dir` with the binary.
fn generate(dir: &Path, vendor: &str) -> PathBuf {
    let stem = Path::new(vendor).file_stem().unwrap().to_string_lossy();
    let out = dir.join(format!("{stem}.xlsx"));
    let o = run(&[
        "questions",
        vendor,
        "--lang",
        "da",
        "--format",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("Wrote "), "{}", stderr(&o));
    out
}

/// The seed vendors' questionnaires, built by the library, and their workbooks, written by the
/// binary: made once for all the tests, into cargo's scratch directory for tests.
fn seeds() -> &'static [(Questionnaire, PathBuf)] {
    static SEEDS: OnceLock<Vec<(Questionnaire, PathBuf)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("questionnaire-xlsx");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        VENDORS
            .iter()
            .map(|v| (questionnaire(v), generate(&dir, v)))
            .collect()
    })
}

/// What `tests/py/questionnaire_check.py MODE FILES` reports, one entry per file.
fn check_script(mode: &str, files: &[PathBuf]) -> Vec<Value> {
    let o = Command::new(tool("venv/bin/python"))
        .arg(root().join("tests/py/questionnaire_check.py"))
        .arg(mode)
        .args(files)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v.as_array().unwrap().clone()
}

/// The rows the questions sheet should have: each field of each item, or the item alone.
fn expected_rows(q: &Questionnaire) -> Vec<(&Item, Option<&Field>)> {
    q.items()
        .flat_map(|i| {
            if i.fields.is_empty() {
                vec![(i, None)]
            } else {
                i.fields.iter().map(|f| (i, Some(f))).collect()
            }
        })
        .collect()
}

/// Whether a drop-down needs the lists sheet (too long, or values with commas or quotes).
fn needs_lists_sheet(q: &Questionnaire) -> bool {
    q.items().flat_map(|i| &i.fields).any(|f| {
        f.answer.choices(q.lang).is_some_and(|c| {
            c.join(",").encode_utf16().count() > 255
                || c.iter().any(|v| v.contains(',') || v.contains('"'))
        })
    })
}

/// A validation's message says `want`, cut with an ellipsis to Excel's 255 characters.
fn says(message: &Value, want: &str, here: &str) {
    let got = message
        .as_str()
        .unwrap_or_else(|| panic!("{here}: no message"));
    if want.encode_utf16().count() <= 255 {
        assert_eq!(got, want, "{here}");
    } else {
        let cut = got
            .strip_suffix('…')
            .unwrap_or_else(|| panic!("{here}: {got}"));
        assert!(want.starts_with(cut), "{here}: {got}");
        assert_eq!(got.encode_utf16().count(), 255, "{here}");
    }
}

/// The questions sheet's header: the column names in the questionnaire's language, the hidden
/// columns' in plain English.
fn header_words(w: &Words) -> Vec<&'static str> {
    let mut want = vec![""; workbook::COLUMNS as usize];
    for (col, t) in [
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
        want[col as usize] = t;
    }
    want
}

fn text(cell: &Value) -> &str {
    cell["value"].as_str().unwrap_or("")
}

/// Check one workbook, as openpyxl read it, against the questionnaire it was made from.
fn check_workbook(q: &Questionnaire, book: &Value) {
    let name = book["path"].as_str().unwrap();
    let mut sheets = vec![workbook::QUESTIONS_SHEET, workbook::ABOUT_SHEET];
    if needs_lists_sheet(q) {
        sheets.push(LISTS_SHEET);
        assert_eq!(book["sheets"][LISTS_SHEET]["state"], "hidden", "{name}");
    }
    assert_eq!(book["sheet_names"], serde_json::json!(sheets), "{name}");
    assert_eq!(book["active"], workbook::QUESTIONS_SHEET, "{name}");
    assert_eq!(
        book["created"],
        format!("{}T00:00:00", q.date),
        "{name}: the creation time is the questionnaire's date"
    );

    let w = words(q.lang);
    let id = q.id.to_string();
    let about: Vec<&str> = book["sheets"][workbook::ABOUT_SHEET]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(text)
        .filter(|t| !t.is_empty())
        .collect();
    let heading = format!("{} {} {}", w.title, w.for_vendor, q.vendor);
    assert_eq!(about.first(), Some(&heading.as_str()), "{name}: {about:?}");
    let count = q.items().count().to_string();
    for want in [
        q.vendor.as_str(),
        q.declaration.as_str(),
        q.date.as_str(),
        id.as_str(),
        count.as_str(),
        w.intro,
        w.how_to_answer,
    ] {
        assert!(about.contains(&want), "{name}: {want:?} not in {about:?}");
    }

    let s = &book["sheets"][workbook::QUESTIONS_SHEET];
    assert_eq!(s["protected"], true, "{name}");
    // "1" protects an option: resizing columns, rows and filtering stay allowed.
    assert_eq!(
        s["protection"],
        serde_json::json!({"format_columns": false, "format_rows": false, "auto_filter": false}),
        "{name}"
    );
    assert_eq!(
        s["hidden_columns"],
        serde_json::json!([
            workbook::POINTER,
            workbook::QUESTIONNAIRE_ID,
            workbook::ANSWER_KIND
        ]),
        "{name}"
    );
    assert_eq!(
        s["freeze_panes"],
        format!("A{}", workbook::HEADER_ROW + 2),
        "{name}"
    );
    let rows = s["rows"].as_array().unwrap();
    let header: Vec<&str> = rows[workbook::HEADER_ROW as usize]
        .as_array()
        .unwrap()
        .iter()
        .map(text)
        .collect();
    assert_eq!(header, header_words(w), "{name}");

    let expected = expected_rows(q);
    let data = &rows[workbook::HEADER_ROW as usize + 1..];
    assert_eq!(
        data.len(),
        expected.len(),
        "{name}: one row per field, and one per item without fields"
    );
    let validations = s["validations"].as_array().unwrap();
    let (mut lists, mut typed) = (0, 0);
    for (i, (row, (item, field))) in data.iter().zip(&expected).enumerate() {
        let r = workbook::HEADER_ROW as usize + 1 + i;
        let cells = row.as_array().unwrap();
        let at = |col: u16| &cells[col as usize];
        let cell = |col: u16| text(at(col));
        let here = format!("{name} row {}", r + 1);
        assert_eq!(cell(workbook::NUMBER), item.number, "{here}");
        assert_eq!(cell(workbook::QUESTION), item.question, "{here}");
        assert_eq!(cell(workbook::QUESTIONNAIRE_ID), id, "{here}");
        let answer = field.map_or(&Answer::Text, |f| &f.answer);
        assert_eq!(cell(workbook::ANSWER_KIND), answer.kind_name(), "{here}");
        match field {
            Some(f) => {
                assert_eq!(cell(workbook::POINTER), f.pointer, "{here}");
                assert!(f.pointer.starts_with('/'), "{here}");
                assert!(cell(workbook::FIELD).starts_with(&f.label), "{here}");
                assert!(cell(workbook::RECORDED).starts_with(&f.recorded), "{here}");
            }
            None => {
                assert_eq!(cell(workbook::POINTER), "", "{here}");
                assert_eq!(cell(workbook::FIELD), w.in_words, "{here}");
            }
        }
        for col in 0..workbook::COLUMNS {
            let open = col == workbook::ANSWER || col == workbook::SOURCE;
            assert_eq!(
                at(col)["locked"],
                !open,
                "{here} column {col}: only the answer and the source are unlocked"
            );
        }
        assert_eq!(at(workbook::ANSWER)["value"], Value::Null, "{here}");

        let covering: Vec<&Value> = validations
            .iter()
            .filter(|v| {
                v["cells"]
                    .as_array()
                    .unwrap()
                    .contains(&serde_json::json!([r, workbook::ANSWER]))
            })
            .collect();
        assert_eq!(covering.len(), 1, "{here}: one validation: {covering:?}");
        let v = covering[0];
        let prompt = match field {
            Some(_) => answer.describe(q.lang),
            None => w.in_words.to_string(),
        };
        assert_eq!(v["show_prompt"], true, "{here}");
        says(&v["prompt"], &prompt, &here);
        let stops = |v: &Value| {
            assert!(
                v["error_style"].is_null() || v["error_style"] == "stop",
                "{here}: {v}"
            );
            assert_eq!(v["show_error"], true, "{here}");
            says(&v["error"], &answer.describe(q.lang), &here);
        };
        match answer {
            Answer::Choice(_) | Answer::YesNo => {
                lists += 1;
                assert_eq!(v["type"], "list", "{here}: {v}");
                assert_eq!(
                    v["values"],
                    serde_json::json!(answer.choices(q.lang).unwrap()),
                    "{here}"
                );
                stops(v);
            }
            Answer::Integer { min } => {
                typed += 1;
                assert_eq!(v["type"], "whole", "{here}: {v}");
                assert_eq!(v["operator"], "greaterThanOrEqual", "{here}");
                if let Some(m) = min {
                    assert_eq!(v["formula1"], m.to_string(), "{here}");
                }
                stops(v);
            }
            Answer::Number { min } => {
                typed += 1;
                assert_eq!(v["type"], "decimal", "{here}: {v}");
                assert_eq!(v["operator"], "greaterThanOrEqual", "{here}");
                if let Some(m) = min {
                    assert_eq!(v["formula1"].as_str().unwrap().parse::<f64>(), Ok(*m));
                }
                stops(v);
            }
            Answer::Date => {
                typed += 1;
                assert_eq!(v["type"], "date", "{here}: {v}");
                assert_eq!(
                    at(workbook::ANSWER)["number_format"],
                    "yyyy-mm-dd",
                    "{here}"
                );
                stops(v);
            }
            Answer::Country => {
                typed += 1;
                assert_eq!(v["type"], "textLength", "{here}: {v}");
                assert_eq!(v["formula1"], "2", "{here}");
                stops(v);
            }
            Answer::List | Answer::Several(_) | Answer::Text => {
                assert!(v["type"].is_null(), "{here}: any value: {v}");
            }
        }
    }
    // Every validation belongs to an answer cell of a data row.
    assert_eq!(validations.len(), expected.len(), "{name}");
    eprintln!(
        "{name}: {} rows, {lists} drop-downs, {typed} typed cells",
        expected.len()
    );
}

/// A questionnaire with every kind of answer, drop-downs too long to write inline and an
/// item without fields: what the fixtures may not have.
fn every_kind() -> Questionnaire {
    let long: Vec<String> = (0..40).map(|i| format!("value_number_{i}")).collect();
    let field = |pointer: &str, answer: Answer| Field {
        pointer: pointer.into(),
        label: pointer.trim_start_matches('/').into(),
        help: "What the schema says.".into(),
        answer,
        recorded: "unknown".into(),
    };
    let item = |number: &str, fields: Vec<Field>| Item {
        number: number.into(),
        rule: "TST-001".into(),
        kind: vendorlint::base::Kind::Question,
        severity: vendorlint::base::Severity::Warning,
        question: format!("Spørgsmål {number}?"),
        why: "Because.".into(),
        finding: "the value is not known".into(),
        reference: String::new(),
        line: 0,
        fields,
    };
    Questionnaire {
        id: QuestionnaireId {
            declaration: "acme".into(),
            version: "0123456789ab".into(),
        },
        lang: Lang::Da,
        vendor: "Acme A/S".into(),
        declaration: "acme.yaml".into(),
        date: TODAY.into(),
        areas: vec![Area {
            key: "backup".into(),
            title: "Backup".into(),
            items: vec![
                item(
                    "1.1",
                    vec![
                        field("/a", Answer::Choice(vec!["daily".into(), "weekly".into()])),
                        field("/b", Answer::YesNo),
                        field("/c", Answer::Integer { min: Some(1) }),
                        field("/d", Answer::Integer { min: None }),
                        field("/e", Answer::Number { min: Some(99.5) }),
                        field("/f", Answer::Number { min: None }),
                        field("/g", Answer::Date),
                        field("/h", Answer::Country),
                        field("/i", Answer::List),
                        field("/j", Answer::Text),
                        field("/k", Answer::Choice(long.clone())),
                        field("/l", Answer::Choice(vec!["a, b".into(), "c".into()])),
                        field("/m", Answer::Choice(long)),
                    ],
                ),
                item("1.2", vec![]),
            ],
        }],
    }
}

#[test]
fn openpyxl_reads_the_layout_the_drop_downs_and_the_protection() {
    let t = TempDir::new("questionnaire-xlsx");
    let files: Vec<PathBuf> = seeds().iter().map(|(_, f)| f.clone()).collect();
    let synthetic = every_kind();
    let extra = t.write(
        "every-kind.xlsx",
        vendorlint::report::questionnaire::questionnaire_xlsx(&synthetic).unwrap(),
    );
    let mut all = files.clone();
    all.push(extra);
    let books = check_script("xlsx", &all);
    assert_eq!(books.len(), all.len());
    for ((vendor, book), (q, _)) in VENDORS.iter().zip(&books).zip(seeds()) {
        // The seed vendors leave much open; Nordlys Cloud's declaration settles everything (a
        // workbook with the header only).
        assert_eq!(
            q.items().count() > 0,
            !vendor.contains("nordlys"),
            "{vendor}"
        );
        let decl = declaration_id(vendor);
        let id = q.id.to_string();
        let version = id
            .strip_prefix(&format!("vendorlint-questionnaire/1:{decl}@"))
            .unwrap_or_else(|| panic!("{id}"));
        assert!(
            version.len() == 12 && version.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
        check_workbook(q, book);
    }
    check_workbook(&synthetic, &books[VENDORS.len()]);
}

#[test]
fn the_same_declaration_gives_the_same_workbook() {
    let t = TempDir::new("questionnaire-xlsx-same");
    let a = std::fs::read(&seeds()[0].1).unwrap();
    let b = std::fs::read(generate(t.path(), VENDORS[0])).unwrap();
    assert!(a.starts_with(b"PK"));
    assert!(a == b, "two runs give the same bytes");
}

#[test]
fn libreoffice_opens_the_workbooks_and_saves_the_questions_as_csv() {
    let t = TempDir::new("questionnaire-xlsx-lo");
    let synthetic = every_kind();
    let mut files: Vec<PathBuf> = seeds().iter().map(|(_, f)| f.clone()).collect();
    files.push(t.write(
        "every-kind.xlsx",
        vendorlint::report::questionnaire::questionnaire_xlsx(&synthetic).unwrap(),
    ));
    let mut questionnaires: Vec<&Questionnaire> = seeds().iter().map(|(q, _)| q).collect();
    questionnaires.push(&synthetic);
    let out = t.path().join("csv");
    // A profile of its own, so that runs in parallel (and a user's LibreOffice) do not meet.
    let profile = url::Url::from_directory_path(t.path().join("profile")).unwrap();
    let start = Instant::now();
    let mut child = Command::new(soffice())
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to"])
        // Comma, double quote, UTF-8, from line 1.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1")
        .arg("--outdir")
        .arg(&out)
        .args(&files)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(t.path().join("soffice.log")).unwrap())
        .stderr(std::fs::File::create(t.path().join("soffice.err")).unwrap())
        .spawn()
        .expect("start soffice");
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("soffice did not finish in 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let log = ["soffice.log", "soffice.err"]
        .map(|f| std::fs::read_to_string(t.path().join(f)).unwrap_or_default())
        .concat();
    assert!(status.success(), "soffice: {status}\n{log}");
    assert!(!log.contains("Error"), "{log}");
    eprintln!(
        "soffice converted {} workbooks in {:?}",
        files.len(),
        start.elapsed()
    );
    let csvs: Vec<PathBuf> = files
        .iter()
        .map(|f| out.join(f.with_extension("csv").file_name().unwrap()))
        .collect();
    for c in &csvs {
        assert!(c.is_file(), "{} is missing\n{log}", c.display());
    }
    let parsed = check_script("csv", &csvs);
    let w = words(Lang::Da);
    for ((file, csv), q) in files.iter().zip(&parsed).zip(questionnaires) {
        let vendor = file.display();
        let records = csv["records"].as_array().unwrap();
        let rows = expected_rows(q);
        assert_eq!(
            records.len(),
            workbook::HEADER_ROW as usize + 1 + rows.len(),
            "{vendor}: the header and one record per row"
        );
        assert_eq!(
            records[workbook::HEADER_ROW as usize],
            serde_json::json!(header_words(w)),
            "{vendor}: the Danish header"
        );
        if rows.is_empty() {
            continue;
        }
        let first = &records[workbook::HEADER_ROW as usize + 1];
        let (item, _) = rows[0];
        assert_eq!(
            first[workbook::QUESTION as usize],
            item.question,
            "{vendor}"
        );
        // The hidden columns are there too.
        assert_eq!(
            first[workbook::QUESTIONNAIRE_ID as usize],
            q.id.to_string(),
            "{vendor}"
        );
        let last = records.last().unwrap();
        let (item, field) = rows[rows.len() - 1];
        assert_eq!(last[workbook::NUMBER as usize], item.number, "{vendor}");
        assert_eq!(
            last[workbook::POINTER as usize],
            field.map_or("", |f| f.pointer.as_str()),
            "{vendor}"
        );
    }
}

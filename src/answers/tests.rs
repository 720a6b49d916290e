use super::*;
use crate::load::Document;
use std::path::PathBuf;

fn fixture(name: &str) -> (PathBuf, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/vendors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

fn parsed(path: &Path, text: &str) -> Document {
    load_bytes(text.as_bytes(), Format::from_path(path), &Limits::default())
        .document
        .unwrap()
}

/// A workbook as the reader gives it: (pointer, kind, answer, source) rows below the header.
fn book(id: &QuestionnaireId, rows: &[(&str, &str, Cell, &str)]) -> Workbook {
    Workbook {
        file_name: "svar.xlsx".to_string(),
        sheet: workbook::QUESTIONS_SHEET.to_string(),
        lang: crate::base::Lang::Da,
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, (pointer, kind, answer, source))| Row {
                row: i as u32 + 1,
                number: format!("1.{}", i + 1),
                question: "Spørgsmål?".to_string(),
                pointer: pointer.to_string(),
                questionnaire_id: id.to_string(),
                kind: kind.to_string(),
                answer: answer.clone(),
                source: if source.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(source.to_string())
                },
            })
            .collect(),
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn options() -> ImportOptions {
    ImportOptions {
        today: "2026-11-25".to_string(),
    }
}

#[test]
fn a_workbook_for_another_declaration_or_version_is_refused() {
    let (path, decl) = fixture("unoeuro.yaml");
    let doc = parsed(&path, &decl);
    let mut id = questionnaire_id(&doc.value, &path);
    id.declaration = "nordlys-cloud".to_string();
    let wb = book(&id, &[("/contract/dpa/signed", "yes_no", text("ja"), "")]);
    let e = plan_import(&wb, &path, &decl, &options()).unwrap_err();
    assert_eq!(
        e,
        ImportError::Refused("it was made for `nordlys-cloud`, not for `unoeuro`".to_string())
    );
    let mut id = questionnaire_id(&doc.value, &path);
    let now = id.version.clone();
    id.version = "0123456789ab".to_string();
    let wb = book(&id, &[("/contract/dpa/signed", "yes_no", text("ja"), "")]);
    let e = plan_import(&wb, &path, &decl, &options()).unwrap_err();
    assert_eq!(
        e,
        ImportError::Refused(format!(
            "it was made for version 0123456789ab of this declaration, which has changed since (now {now}): make a new questionnaire with `vendorlint questions`"
        ))
    );
}

#[test]
fn every_bad_cell_is_reported_by_its_address() {
    let (path, decl) = fixture("unoeuro.yaml");
    let id = questionnaire_id(&parsed(&path, &decl).value, &path);
    let wb = book(
        &id,
        &[
            (
                "/contract/security_reporting/frequency",
                "choice",
                text("weekly"),
                "",
            ),
            (
                "/controls/security_testing/params/last_pentest",
                "date",
                text("12/03/2026"),
                "",
            ),
            ("/contract/dpa/signed", "yes_no", text("ja"), ""),
            ("/contract/sla/rto_hours", "integer", Cell::Float(4.0), ""),
            ("/no/such/place", "text", text("x"), ""),
            (
                "/contract/exit/deletion_after_exit_days",
                "integer",
                Cell::Int(-3),
                "",
            ),
        ],
    );
    let Err(ImportError::BadCells(cells)) = plan_import(&wb, &path, &decl, &options()) else {
        panic!("bad cells are refused")
    };
    let shown: Vec<String> = cells.iter().map(CellError::to_string).collect();
    assert_eq!(
        shown,
        [
            "Questions!H2: `weekly` is not one of the answers allowed here: monthly, quarterly, semi_annually, annually, on_request, none, not_disclosed",
            "Questions!H3: `12/03/2026` is not a date; write it as YYYY-MM-DD",
            "Questions!L5: this row was made for a `integer` answer, but /contract/sla/rto_hours takes a `number` answer; make a new questionnaire with `vendorlint questions`",
            "Questions!J6: `/no/such/place` is not a place in a declaration that takes an answer; make a new questionnaire with `vendorlint questions`",
            "Questions!H7: -3 is less than 0; write a whole number, at least 0",
        ]
    );
}

#[test]
fn answers_go_in_as_minimal_edits_with_their_source_and_evidence() {
    let (path, decl) = fixture("unoeuro.yaml");
    let doc = parsed(&path, &decl);
    let id = questionnaire_id(&doc.value, &path);
    let wb = book(
        &id,
        &[
            (
                "/contract/location_change_notice_days",
                "integer",
                Cell::Float(30.0),
                "Vi varsler \"mindst\" 30 dage før.",
            ),
            (
                "/services/0/controls/backup/params/separate_site",
                "yes_no",
                text("ja"),
                "Backup ligger i to datacentre.",
            ),
            (
                "/controls/privileged_access/params/mfa",
                "choice",
                text("enforced"),
                "",
            ),
            (
                "/contract/sla/availability_percent",
                "number",
                Cell::Float(99.9),
                "",
            ),
            (
                "/controls/security_testing/params/last_pentest",
                "date",
                Cell::Date {
                    year: 2026,
                    month: 3,
                    day: 1,
                },
                "",
            ),
            (
                "/subprocessors/0/name",
                "text",
                text("Nordisk Datacenter A/S"),
                "Kontrakt bilag 2",
            ),
            ("", "text", text("Vi bruger MDM på alle pc'er."), ""),
            ("/contract/dpa/signed", "yes_no", Cell::Empty, ""),
        ],
    );
    let import = plan_import(&wb, &path, &decl, &options()).unwrap();
    assert_eq!(
        summary_lines(&import),
        [
            "H2 → /contract/location_change_notice_days: unknown → 30",
            "H3 → /services/0/controls/backup/params/separate_site: unknown → true",
            "H4 → /controls/privileged_access/params/mfa: unknown → enforced",
            "H5 → /contract/sla/availability_percent: unknown → 99.9",
            "H6 → /controls/security_testing/params/last_pentest: unknown → 2026-03-01",
            "H7 → /subprocessors/0/name: unknown → Nordisk Datacenter A/S",
        ]
    );
    assert_eq!(
        by_hand_lines(&import),
        ["H8 (1.7) Spørgsmål?: `Vi bruger MDM på alle pc'er.`"]
    );
    assert_eq!(
        import.source_id.as_deref(),
        Some("questionnaire-2026-11-25")
    );
    let lists: Vec<&str> = import.evidence.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        lists,
        [
            "/contract/evidence",
            "/services/0/controls/backup/evidence",
            "/subprocessors/0/evidence"
        ]
    );

    let after = parsed(&path, &import.after).value;
    for c in &import.changes {
        assert_eq!(after.pointer(&c.pointer), Some(&c.new), "{}", c.pointer);
    }
    let source = after["sources"].as_array().unwrap().last().unwrap();
    assert_eq!(
        source,
        &json!({"id": "questionnaire-2026-11-25", "kind": "questionnaire", "title": "svar.xlsx", "retrieved": "2026-11-25"})
    );
    assert_eq!(
        after.pointer("/contract/evidence/0"),
        Some(
            &json!({"source": "questionnaire-2026-11-25", "locator": "Questions!I2", "quote": "Vi varsler \"mindst\" 30 dage før."})
        )
    );
    // The rest of the value is as it was, and the text differs only where it must.
    let mut expected = doc.value.clone();
    for c in &import.changes {
        edit::apply_to_value(
            &mut expected,
            &Edit::Set {
                pointer: c.pointer.clone(),
                value: c.new.clone(),
            },
        )
        .unwrap();
    }
    expected["sources"]
        .as_array_mut()
        .unwrap()
        .push(source.clone());
    for (cell, list) in &import.evidence {
        let item = after
            .pointer(list)
            .and_then(Value::as_array)
            .and_then(|items| items.iter().find(|i| i["locator"] == cell.to_string()))
            .unwrap()
            .clone();
        edit::apply_to_value(
            &mut expected,
            &Edit::Push {
                pointer: list.clone(),
                item,
            },
        )
        .unwrap();
    }
    assert_eq!(after, expected);
    let removed: Vec<String> = similar::TextDiff::from_lines(&decl, &import.after)
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .map(|c| c.value().to_string())
        .collect();
    assert_eq!(removed.len(), 6, "{removed:#?}");
    assert!(
        removed.iter().all(|l| l.contains("unknown")),
        "{removed:#?}"
    );
    // The diff names the file and shows the edits with context.
    let d = diff(&import, "unoeuro.yaml");
    assert!(
        d.starts_with("--- unoeuro.yaml\n+++ unoeuro.yaml\n@@ "),
        "{d}"
    );
    assert!(
        d.contains(
            "\n-  location_change_notice_days: unknown\n+  location_change_notice_days: 30\n"
        ),
        "{d}"
    );
    assert!(d.contains("\n+          separate_site: true\n"), "{d}");
}

#[test]
fn schema_errors_of_the_result_land_on_the_cells_that_caused_them() {
    let (path, decl) = fixture("onlineregnskab.yaml");
    let id = questionnaire_id(&parsed(&path, &decl).value, &path);
    // The questionnaire asks for the operator as text; the schema wants a subprocessor's id.
    let wb = book(
        &id,
        &[(
            "/data_locations/0/operator",
            "text",
            text("Nordisk DC A/S"),
            "",
        )],
    );
    let Err(ImportError::BadCells(cells)) = plan_import(&wb, &path, &decl, &options()) else {
        panic!("an answer the schema rejects is a bad cell")
    };
    let shown: Vec<String> = cells.iter().map(CellError::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with("Questions!H2: /data_locations/0/operator: "),
        "{}",
        shown[0]
    );
    println!("{}", shown[0]);
}

#[test]
fn json_declarations_take_answers_too() {
    let (path, decl) = fixture("unoeuro.yaml");
    let value = parsed(&path, &decl).value;
    let json_text = serde_json::to_string_pretty(&value).unwrap() + "\n";
    let json_path = path.with_extension("json");
    let id = questionnaire_id(&value, &json_path);
    let wb = book(
        &id,
        &[
            (
                "/contract/location_change_notice_days",
                "integer",
                Cell::Int(30),
                "30 dage",
            ),
            ("/contract/sla/rto_hours", "number", Cell::Int(4), ""),
            ("/data_locations/0/country", "country", text("se"), ""),
        ],
    );
    let import = plan_import(&wb, &json_path, &json_text, &options()).unwrap();
    let after: Value = serde_json::from_str(&import.after).unwrap();
    assert_eq!(after["contract"]["location_change_notice_days"], json!(30));
    assert_eq!(after["data_locations"][0]["country"], json!("SE"));
    assert_eq!(after["contract"]["evidence"][0]["quote"], json!("30 dage"));
    let removed = similar::TextDiff::from_lines(&json_text, &import.after)
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .count();
    // The replaced values, and the last lines of the lists that get a comma.
    assert!(removed <= 6, "{}", diff(&import, "u.json"));
}

#[test]
fn evidence_goes_to_the_nearest_object_that_has_it() {
    assert_eq!(
        evidence_owner("/services/0/controls/backup/params/interval_hours").as_deref(),
        Some("/services/0/controls/backup")
    );
    assert_eq!(
        evidence_owner("/services/2/controls/backup/addon/subscribed").as_deref(),
        Some("/services/2/controls/backup")
    );
    assert_eq!(
        evidence_owner("/contract/sla/rto_hours").as_deref(),
        Some("/contract/sla")
    );
    assert_eq!(
        evidence_owner("/contract/location_change_notice_days").as_deref(),
        Some("/contract")
    );
    assert_eq!(
        evidence_owner("/data_locations/0/country").as_deref(),
        Some("/data_locations/0")
    );
    assert_eq!(
        evidence_owner("/vendor/legal_name").as_deref(),
        Some("/vendor")
    );
    assert_eq!(
        evidence_owner("/certifications/0/valid_until").as_deref(),
        Some("/certifications/0")
    );
}

#[test]
fn the_source_id_is_unique() {
    let v = json!({"sources": [{"id": "questionnaire-2026-11-25"}, {"id": "questionnaire-2026-11-25-2"}]});
    assert_eq!(
        unique_source_id(&v, "2026-11-25"),
        "questionnaire-2026-11-25-3"
    );
    assert_eq!(
        unique_source_id(&json!({}), "2026-11-25"),
        "questionnaire-2026-11-25"
    );
}

#[test]
fn a_workbook_file_is_read_cell_by_cell() {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook as XWorkbook};
    let dir = std::env::temp_dir().join(format!("vendorlint-answers-read-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("q.xlsx");
    let mut wb = XWorkbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(workbook::QUESTIONS_SHEET).unwrap();
    ws.write(0, workbook::QUESTION, "Spørgsmål").unwrap();
    ws.write(1, workbook::NUMBER, "1.1").unwrap();
    ws.write(1, workbook::POINTER, "/contract/sla/rto_hours")
        .unwrap();
    ws.write(
        1,
        workbook::QUESTIONNAIRE_ID,
        "vendorlint-questionnaire/1:x@abc",
    )
    .unwrap();
    ws.write(1, workbook::ANSWER_KIND, "number").unwrap();
    ws.write(1, workbook::ANSWER, 4.5).unwrap();
    ws.write(1, workbook::SOURCE, "SLA §2").unwrap();
    let date = ExcelDateTime::from_ymd(2026, 3, 1).unwrap();
    ws.write_datetime_with_format(
        2,
        workbook::ANSWER,
        &date,
        &XFormat::new().set_num_format("yyyy-mm-dd"),
    )
    .unwrap();
    ws.write(
        2,
        workbook::QUESTIONNAIRE_ID,
        "vendorlint-questionnaire/1:x@abc",
    )
    .unwrap();
    ws.write(3, workbook::ANSWER, true).unwrap();
    ws.write(
        3,
        workbook::QUESTIONNAIRE_ID,
        "vendorlint-questionnaire/1:x@abc",
    )
    .unwrap();
    wb.save(&file).unwrap();
    let book = read_workbook(&file).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(book.lang, crate::base::Lang::Da);
    assert_eq!(book.file_name, "q.xlsx");
    assert_eq!(book.rows.len(), 3);
    assert_eq!(book.rows[0].pointer, "/contract/sla/rto_hours");
    assert_eq!(book.rows[0].answer, Cell::Float(4.5));
    assert_eq!(book.rows[0].source, text("SLA §2"));
    assert_eq!(
        book.rows[1].answer,
        Cell::Date {
            year: 2026,
            month: 3,
            day: 1
        }
    );
    assert_eq!(book.rows[2].answer, Cell::Bool(true));
    assert_eq!(
        book.cell(book.rows[1].row, workbook::ANSWER).to_string(),
        "Questions!H3"
    );
}

#[test]
fn a_workbook_without_the_questions_sheet_or_ids_is_refused() {
    use rust_xlsxwriter::Workbook as XWorkbook;
    let dir =
        std::env::temp_dir().join(format!("vendorlint-answers-refuse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let other = dir.join("other.xlsx");
    let mut wb = XWorkbook::new();
    wb.add_worksheet().set_name("Sheet1").unwrap();
    wb.save(&other).unwrap();
    let no_ids = dir.join("no-ids.xlsx");
    let mut wb = XWorkbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(workbook::QUESTIONS_SHEET).unwrap();
    ws.write(1, workbook::ANSWER, "ja").unwrap();
    wb.save(&no_ids).unwrap();
    let not_a_workbook = dir.join("plain.xlsx");
    std::fs::write(&not_a_workbook, "just text").unwrap();
    let e1 = read_workbook(&other).unwrap_err();
    let e2 = read_workbook(&no_ids).unwrap_err();
    let e3 = read_workbook(&not_a_workbook).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(e1.starts_with("it has no `Questions` sheet"), "{e1}");
    assert!(
        e2.contains("has no questionnaire id (hidden column K)"),
        "{e2}"
    );
    assert!(e3.starts_with("cannot read it as a workbook"), "{e3}");
}

#[test]
fn the_file_is_replaced_atomically_keeping_its_permissions() {
    let dir = std::env::temp_dir().join(format!("vendorlint-answers-write-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("d.yaml");
    std::fs::write(&file, "a: 1\n").unwrap();
    write_atomically(&file, "a: 2\n").unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "a: 2\n");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file is left");
    std::fs::remove_dir_all(&dir).unwrap();
}

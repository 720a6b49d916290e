//! `vendorlint questions` as Markdown and HTML: snapshots of the seed vendors' questionnaires
//! in Danish (and one in Swedish and English), and what every page must hold: each area
//! heading once, each question with its table, nothing fetched from another host.

mod common;
use common::*;
use std::path::Path;
use vendorlint::LintOptions;
use vendorlint::rules::Lang;

const TODAY: &str = "2026-11-25";

fn questions(file: &str, lang: &str, format: &str) -> String {
    let o = run(&[
        "questions",
        file,
        "--lang",
        lang,
        "--format",
        format,
        "--today",
        TODAY,
        "--no-config",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o)
}

/// The questionnaire the library builds for `file`, to compare the documents with.
fn model(file: &str, lang: Lang) -> vendorlint::base::questionnaire::Questionnaire {
    let path = root().join(file);
    let bytes = std::fs::read(&path).unwrap();
    let options = LintOptions {
        lang,
        today: TODAY.into(),
        config: vendorlint::config::ConfigChoice::Off,
        ..LintOptions::default()
    };
    vendorlint::questionnaire::build(Path::new(file), &bytes, &options).unwrap()
}

#[test]
fn markdown_snapshots() {
    for (file, lang) in [
        ("fixtures/vendors/unoeuro.yaml", "da"),
        ("fixtures/vendors/onlineregnskab.yaml", "da"),
        ("fixtures/vendors/onlineregnskab.yaml", "sv"),
        ("fixtures/real/fortnox.yaml", "en"),
    ] {
        let name = format!(
            "{}_{lang}",
            Path::new(file).file_stem().unwrap().to_string_lossy()
        );
        insta::assert_snapshot!(format!("md_{name}"), questions(file, lang, "md"));
    }
}

#[test]
fn html_snapshots() {
    for (file, lang) in [
        ("fixtures/vendors/unoeuro.yaml", "da"),
        ("fixtures/vendors/onlineregnskab.yaml", "sv"),
    ] {
        let name = format!(
            "{}_{lang}",
            Path::new(file).file_stem().unwrap().to_string_lossy()
        );
        insta::assert_snapshot!(format!("html_{name}"), questions(file, lang, "html"));
    }
}

#[test]
fn every_area_and_question_is_in_both_documents_and_nothing_is_fetched() {
    for file in [
        "fixtures/vendors/unoeuro.yaml",
        "fixtures/vendors/onlineregnskab.yaml",
    ] {
        let q = model(file, Lang::Da);
        assert!(q.items().count() >= 10, "{file}: {}", q.items().count());
        let md = questions(file, "da", "md");
        let html = questions(file, "da", "html");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"da\">"));
        for (k, a) in q.areas.iter().enumerate() {
            let heading = format!("\n## {}. {}\n", k + 1, a.title);
            assert_eq!(md.matches(&heading).count(), 1, "{file}: {heading}");
            assert_eq!(
                html.matches(&format!("<section class=\"area\" id=\"area-{}\"", a.key))
                    .count(),
                1
            );
            for i in &a.items {
                assert!(md.contains(&format!("### {} ", i.number)), "{}", i.number);
                let id = format!("id=\"q-{}\"", i.number.replace('.', "-"));
                assert!(html.contains(&id), "{id}");
            }
        }
        // One table row, with an empty answer cell, per value asked for, in both.
        let fields: usize = q.items().map(|i| i.fields.len()).sum();
        let html_rows = html.matches("<td class=\"answer\"></td>").count();
        assert_eq!(html_rows, fields, "{file}: HTML answer cells");
        let md_rows = md
            .lines()
            .filter(|l| l.starts_with("| `") && l.ends_with("| |"))
            .count();
        assert_eq!(md_rows, fields, "{file}: Markdown answer cells");
        // Self-contained: no script, stylesheet, image or font from anywhere.
        for needle in [
            "<script", "<link", "<img", "src=", "url(", "@import", "http://", "https://",
        ] {
            assert!(!html.contains(needle), "{file}: {needle}");
        }
        // A page per area when printed.
        assert!(html.contains("@page { size: A4;"));
        assert!(html.contains("section.area { break-before: page;"));
    }
}

#[test]
fn several_declarations_one_file_each_and_a_broken_one_is_reported() {
    let t = TempDir::new("questions-several");
    t.write(
        "broken.yaml",
        "kind: vendor-declaration\nversion: 1\nvendor: [\n",
    );
    let out = t.path().join("out");
    let o = run(&[
        "questions",
        "fixtures/vendors/unoeuro.yaml",
        "fixtures/vendors/onlineregnskab.yaml",
        t.path().join("broken.yaml").to_str().unwrap(),
        "--format",
        "md",
        "--lang",
        "da",
        "--today",
        TODAY,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2, "the broken file fails the run");
    let err = stderr(&o);
    assert!(err.contains("broken.yaml"), "{err}");
    for id in ["unoeuro", "onlineregnskab"] {
        let text = std::fs::read_to_string(out.join(format!("{id}.md"))).unwrap();
        assert!(text.starts_with("# Sikkerhedsspørgeskema til "), "{text}");
    }
    // A workbook is never written to a terminal or a pipe.
    let o = run(&[
        "questions",
        "fixtures/vendors/unoeuro.yaml",
        "--format",
        "xlsx",
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--output"), "{}", stderr(&o));
}

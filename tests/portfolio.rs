//! `vendorlint report`: the portfolio page in a real browser (Debian's Chromium, driven by
//! playwright-core from file://, as a reader opens it), and the Markdown comment. The test
//! builds a portfolio of the seed and real-vendor fixtures with a baseline, something due
//! soon, something overdue and a waiver, so that every part of the page has content.

mod common;
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use vendorlint::load::{Format, Limits, load_bytes};
use vendorlint::rules::examples::apply_patch;

const TODAY: &str = "2026-11-25";

fn declaration(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    load_bytes(&bytes, Format::from_path(path), &Limits::default())
        .document
        .unwrap()
        .value
}

/// The fixtures' declarations, as JSON files in `dir`, with the changes that give the page
/// something due and something changed since the baseline written before `later`.
fn workspace(t: &TempDir) -> Vec<String> {
    let mut names = Vec::new();
    for dir in ["fixtures/vendors", "fixtures/real"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "yaml")
                    && !p.to_string_lossy().ends_with(".expected.yaml")
            })
            .collect();
        files.sort();
        for f in files {
            let doc = declaration(&f);
            if doc.get("kind").and_then(Value::as_str) != Some("vendor-declaration") {
                continue;
            }
            let name = format!("{}.json", f.file_stem().unwrap().to_string_lossy());
            t.write(&name, serde_json::to_string_pretty(&doc).unwrap());
            names.push(name);
        }
    }
    names
}

fn patch(t: &TempDir, name: &str, p: Value) {
    let path = t.path().join(name);
    let mut doc = declaration(&path);
    apply_patch(&mut doc, &p).unwrap();
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

fn report(t: &TempDir, args: &[&str]) -> String {
    let mut all = vec!["report", ".", "--today", TODAY, "--no-config"];
    all.extend_from_slice(args);
    let o = run_in(t.path(), &all);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o)
}

/// A portfolio with a baseline: write it, then change two vendors so that one finding is
/// new and one is fixed, and put a review, a certificate and a waiver due.
fn portfolio(t: &TempDir) -> Vec<String> {
    let names = workspace(t);
    let o = run_in(
        t.path(),
        &[
            "check",
            ".",
            "--no-config",
            "--today",
            TODAY,
            "--write-baseline",
            "baseline.json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // New since the baseline: the well-run vendor loses its DPA signature.
    patch(
        t,
        "nordlys-cloud.json",
        json!({"set": {
            "/contract/dpa/signed": false,
            // Due soon and overdue.
            "/declaration/review/next_review_due": "2026-11-01",
            "/certifications/0/valid_until": "2027-01-15"
        }}),
    );
    // Fixed since the baseline: UnoEuro now states a notification deadline, and a waiver
    // that runs out within the horizon covers one of its findings.
    patch(
        t,
        "unoeuro.json",
        json!({"set": {
            "/contract/incident_notification/max_hours": 24,
            "/waivers": [{"rule": "BAK-001", "reason": "We back up the cloud server ourselves, nightly, to our own NAS.",
                          "approved_by": "Jens Hansen (CEO)", "decided_on": "2026-10-01", "expires": "2027-02-01"}]
        }}),
    );
    names
}

#[test]
fn the_page_in_a_real_browser() {
    let t = TempDir::new("portfolio-browser");
    let names = portfolio(&t);
    report(&t, &["--baseline", "baseline.json", "-o", "portfolio.html"]);
    let artifacts = root().join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let shot = artifacts.join("portfolio-report.png");
    let _ = std::fs::remove_file(&shot);
    let playwright = tool("node_modules/playwright-core");
    let o = Command::new("node")
        .arg(root().join("tests/browser/portfolio.mjs"))
        .arg(t.path().join("portfolio.html"))
        .arg(&shot)
        .env("PLAYWRIGHT_CORE", &playwright)
        .output()
        .expect("run node");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));

    // Nothing but the page itself was requested, and the script ran without an error.
    assert_eq!(page["non_file"], json!([]), "{}", page["requests"]);
    assert_eq!(page["errors"], json!([]));

    // Every vendor is a row, every control area a column, every cell labelled in words.
    let vendors: Vec<&str> = page["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(vendors.len(), names.len(), "{vendors:?}");
    for name in &names {
        let doc = declaration(&t.path().join(name));
        let vendor = doc["vendor"]["name"].as_str().unwrap();
        assert!(vendors.contains(&vendor), "{vendor} in {vendors:?}");
    }
    let heads: Vec<&str> = page["heads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let areas: Vec<_> = vendorlint::questionnaire::areas()
        .iter()
        .filter(|a| !a.controls.is_empty())
        .collect();
    for a in &areas {
        assert!(
            heads.contains(&a.title.en.as_str()),
            "{} in {heads:?}",
            a.title.en
        );
    }
    let cells = page["cells"].as_array().unwrap();
    assert_eq!(cells.len(), vendors.len() * areas.len());
    let labels: Vec<&str> = vendorlint::base::portfolio::Provision::ALL
        .iter()
        .map(|p| p.label())
        .collect();
    for c in cells {
        let text = c["text"].as_str().unwrap();
        assert!(
            labels.iter().any(|l| text.starts_with(l)),
            "a cell says who provides it in words: {c}"
        );
        assert!(c["aria"].as_str().unwrap().ends_with(text), "{c}");
    }
    // Several kinds of provision occur, so the styles below are all exercised.
    let kinds: std::collections::BTreeSet<&str> = cells
        .iter()
        .map(|c| c["provision"].as_str().unwrap())
        .collect();
    assert!(kinds.len() >= 3, "{kinds:?}");

    // Accessibility: one h1, headings that do not skip a level, every table header scoped,
    // every cell style with a contrast of at least 4.5:1 and a pattern or a solid colour
    // besides its label.
    let headings = page["headings"].as_array().unwrap();
    assert_eq!(headings.iter().filter(|h| h["level"] == 1).count(), 1);
    let mut level = 0;
    for hd in headings {
        let l = hd["level"].as_i64().unwrap();
        assert!(l <= level + 1, "heading level skipped at {hd}");
        level = l;
    }
    assert_eq!(page["th_without_scope"], 0);
    let styles = page["styles"].as_object().unwrap();
    assert_eq!(styles.len(), labels.len(), "{styles:?}");
    for (class, s) in styles {
        let contrast = s["contrast"].as_f64().unwrap();
        assert!(
            contrast >= 4.5,
            "{class}: contrast {contrast:.2} < 4.5: {s}"
        );
    }
    assert!(
        page["rule_links_broken"].as_array().unwrap().is_empty(),
        "{}",
        page["rule_links_broken"]
    );

    // The script filters and sorts.
    let script = &page["script"];
    assert_eq!(script["before"].as_u64().unwrap() as usize, vendors.len());
    assert!(script["filtered"].as_u64().unwrap() >= 1);
    assert!(script["filtered"].as_u64().unwrap() < vendors.len() as u64);
    let mut sorted = vendors.clone();
    sorted.sort_by_key(|v| v.to_lowercase());
    assert_eq!(script["sorted_first"], sorted[0]);
    assert!(shot.exists(), "screenshot at {}", shot.display());
}

#[test]
fn the_page_holds_what_is_due_what_changed_and_each_scorecard() {
    let t = TempDir::new("portfolio-content");
    let names = portfolio(&t);
    let html = report(&t, &["--baseline", "baseline.json"]);
    // Self-contained.
    for needle in [
        "<link", "<img", "src=", "url(", "@import", "http://", "https://",
    ] {
        assert!(!html.contains(needle), "{needle}");
    }
    assert_eq!(html.matches("<details class=\"card\"").count(), names.len());
    // Due: the overdue review, the certificate within 90 days, the waiver.
    assert!(html.contains("24 days overdue</span></td><td><a href=\"#vendor-nordlys-cloud\">Nordlys Cloud</a></td><td>review due"), "review");
    assert!(
        html.contains("<td>2027-01-15</td><td>51 days</td>"),
        "certificate"
    );
    assert!(html.contains("waiver of BAK-001 expires"), "waiver");
    assert!(
        html.contains("We back up the cloud server ourselves"),
        "the waiver's reason"
    );
    // Changes since the baseline.
    let changes = &html[html.find("id=\"h-changes\"").unwrap()..];
    let new = &changes[..changes.find("<h3>Fixed").unwrap()];
    let fixed = &changes[changes.find("<h3>Fixed").unwrap()..changes.find("</section>").unwrap()];
    assert!(
        new.contains("nordlys-cloud.json") && new.contains("PRV-001"),
        "{new}"
    );
    assert!(
        fixed.contains("unoeuro.json") && fixed.contains("INC-001"),
        "{fixed}"
    );
    assert!(
        !new.contains("unoeuro.json</code></td><td><a href=\"#rule-BAK-001\""),
        "a waived finding is not new"
    );
    // Every finding links to its explanation, which is in the page.
    for cap in html.split("<a href=\"#rule-").skip(1) {
        let id = &cap[..cap.find('"').unwrap()];
        assert!(html.contains(&format!("<dt id=\"rule-{id}\">")), "{id}");
    }

    // The Markdown comment: the same vendors, areas and changes, within GitHub's limit.
    let md = report(&t, &["--baseline", "baseline.json", "--format", "md"]);
    assert!(md.len() <= vendorlint::report::portfolio::GITHUB_COMMENT_LIMIT);
    for name in &names {
        let doc = declaration(&t.path().join(name));
        let vendor = doc["vendor"]["name"].as_str().unwrap();
        assert!(md.contains(&format!("\n### {vendor}\n")), "{vendor}");
    }
    for a in vendorlint::questionnaire::areas()
        .iter()
        .filter(|a| !a.controls.is_empty())
    {
        assert!(md.contains(&format!(" {} |", a.title.en)), "{}", a.title.en);
    }
    assert!(md.contains("## Since the baseline: "));
    assert!(md.contains("- new: `nordlys-cloud.json` PRV-001"));
    assert!(md.contains("- fixed: `unoeuro.json` INC-001"));
    assert!(md.contains("**24 days overdue**"));
}

#[test]
fn no_declaration_is_a_usage_error_and_a_broken_file_is_listed() {
    let t = TempDir::new("portfolio-empty");
    t.write("notes.txt", "nothing here");
    let o = run_in(t.path(), &["report", ".", "--today", TODAY]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no declarations found"),
        "{}",
        stderr(&o)
    );
    t.write(
        "broken.yaml",
        "kind: vendor-declaration\nversion: 1\nvendor: [\n",
    );
    t.write(
        "ok.yaml",
        std::fs::read_to_string(root().join("fixtures/vendors/unoeuro.yaml")).unwrap(),
    );
    let html = report(&t, &[]);
    assert!(html.contains("Files that could not be read"));
    assert!(
        html.contains("<code>./broken.yaml</code>: LOAD-001")
            || html.contains("<code>broken.yaml</code>: LOAD-001"),
        "{}",
        &html[..3000]
    );
    assert!(html.contains(">UnoEuro</a>"));
}

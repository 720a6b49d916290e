//! The portfolio: every vendor of a repository at a glance, from one run of the pipeline. Per
//! vendor a heatmap row (who provides each control area), a scorecard (gaps, open questions,
//! waivers, duties left to you, review date, certificates), what falls due soon across all
//! vendors, and with a baseline what is new and what was fixed. `report` writes it.

use crate::base::dates::{civil_from_days, parse_date};
use crate::base::portfolio::{
    AreaHead, Cell, Certificate, Change, Changes, Due, Duty, FindingNote, Portfolio, Provision,
    RuleNote, VendorCard, WaiverNote,
};
use crate::base::{FileReport, Severity, display_path};
use crate::config::baseline::Baseline;
use crate::lint::{LintOptions, lint};
use crate::load::{Format, load_bytes};
use crate::questionnaire::areas;
use crate::rules::engine::effective_statements;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// How far ahead "due soon" looks by default.
pub const HORIZON_DAYS: i64 = 90;

/// Build the portfolio of the declarations under `paths`.
pub fn build(paths: &[PathBuf], options: &LintOptions, baseline: Option<&Baseline>) -> Portfolio {
    let mut options = options.clone();
    // Every finding, so that the page can say what is new; the baseline is compared below.
    options.baseline = None;
    let report = lint(paths, &options);
    let today = parse_date(&options.today).unwrap_or(0);
    let heads: Vec<AreaHead> = areas()
        .iter()
        .filter(|a| !a.controls.is_empty())
        .map(|a| AreaHead {
            key: a.id.clone(),
            title: a.title.get(options.lang).to_string(),
            controls: a.controls.clone(),
        })
        .collect();
    let mut broken: Vec<(String, String)> = report
        .unreadable
        .iter()
        .chain(&report.config_errors)
        .map(|f| (display_path(&f.path), first_error(f)))
        .collect();
    let built: Vec<Result<VendorCard, (String, String)>> = report
        .files
        .par_iter()
        .map(|f| card(f, &heads, &options))
        .collect();
    let mut vendors = Vec::new();
    for b in built {
        match b {
            Ok(c) => vendors.push(c),
            Err(e) => broken.push(e),
        }
    }
    vendors.sort_by(|a, b| {
        (b.errors, b.warnings, &a.name, &a.path).cmp(&(a.errors, a.warnings, &b.name, &b.path))
    });
    let mut due: Vec<Due> = vendors
        .iter()
        .flat_map(|v| dues(v, today, HORIZON_DAYS))
        .collect();
    due.sort();
    let changes = baseline.map(|b| {
        let (new, fixed) = b.compare(&report.files);
        Changes {
            new: new
                .into_iter()
                .map(|(fi, di)| {
                    let f = &report.files[fi];
                    let d = &f.diagnostics[di];
                    Change {
                        path: b.relative_path(&f.path),
                        rule: d.rule.clone(),
                        message: d.message.clone(),
                    }
                })
                .collect(),
            fixed: fixed
                .into_iter()
                .map(|r| Change {
                    path: r.path,
                    rule: r.rule,
                    message: r.message,
                })
                .collect(),
        }
    });
    let referenced: BTreeSet<&str> = vendors
        .iter()
        .flat_map(|v| &v.findings)
        .map(|f| f.rule.as_str())
        .collect();
    // Rules and tool codes alike: the run lists every one it could report.
    let rules = report
        .rules
        .iter()
        .filter(|r| referenced.contains(r.id.as_str()))
        .map(|r| RuleNote {
            id: r.id.clone(),
            title: r.title.clone(),
            why: crate::base::first_sentence(&r.description).to_string(),
            question: r.question.clone().unwrap_or_default(),
        })
        .collect();
    Portfolio {
        date: options.today.clone(),
        horizon_days: HORIZON_DAYS,
        areas: heads,
        vendors,
        due,
        changes,
        broken,
        rules,
    }
}

fn first_error(f: &FileReport) -> String {
    f.diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .or(f.diagnostics.first())
        .map(|d| format!("{}: {}", d.rule, d.message))
        .unwrap_or_else(|| "could not be read".to_string())
}

fn text(doc: &Value, pointer: &str) -> Option<String> {
    doc.pointer(pointer)
        .and_then(Value::as_str)
        .filter(|s| !matches!(*s, "unknown" | "not_disclosed"))
        .map(str::to_string)
}

/// One vendor's card, or why its file is not one.
fn card(
    f: &FileReport,
    heads: &[AreaHead],
    options: &LintOptions,
) -> Result<VendorCard, (String, String)> {
    let path = display_path(&f.path);
    let bytes = std::fs::read(&f.path).map_err(|e| (path.clone(), e.to_string()))?;
    let doc = load_bytes(&bytes, Format::from_path(&f.path), &options.limits)
        .document
        .map(|d| d.value)
        .filter(|v| v.get("kind").and_then(Value::as_str) == Some("vendor-declaration"))
        .ok_or_else(|| (path.clone(), first_error(f)))?;
    let mut c = VendorCard {
        id: text(&doc, "/declaration/id").unwrap_or_else(|| {
            f.path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        }),
        name: text(&doc, "/vendor/name").unwrap_or_else(|| path.clone()),
        path,
        criticality: text(&doc, "/declaration/customer_context/criticality")
            .unwrap_or_else(|| "unknown".into()),
        status: text(&doc, "/declaration/status").unwrap_or_default(),
        last_reviewed: text(&doc, "/declaration/review/last_reviewed"),
        review_due: text(&doc, "/declaration/review/next_review_due"),
        open_questions: f.questions.len(),
        ..VendorCard::default()
    };
    for d in &f.diagnostics {
        match (&d.waived, d.severity) {
            (Some(w), _) => {
                let note = WaiverNote {
                    rule: d.rule.clone(),
                    reason: w.reason.clone(),
                    approved_by: w.approved_by.clone(),
                    expires: w.expires.clone(),
                };
                if !c.waivers.iter().any(|x| {
                    x.rule == note.rule && x.expires == note.expires && x.reason == note.reason
                }) {
                    c.waivers.push(note);
                }
            }
            (None, Severity::Error) => c.errors += 1,
            (None, Severity::Warning) => c.warnings += 1,
            (None, Severity::Info) => c.infos += 1,
        }
        c.findings.push(FindingNote {
            rule: d.rule.clone(),
            severity: d.severity,
            message: d.message.clone(),
            line: d.span.map_or(0, |s| s.start.line),
            waived: d.waived.is_some(),
        });
    }
    for r in doc
        .get("customer_responsibilities")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        c.duties.push(Duty {
            text: r
                .get("text")
                .and_then(Value::as_str)
                .or_else(|| r.get("id").and_then(Value::as_str))
                .unwrap_or("")
                .to_string(),
            owner: text(r, "/owner"),
            acknowledged: r.get("acknowledged") == Some(&Value::Bool(true)),
        });
    }
    for cert in doc
        .get("certifications")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let kind = [text(cert, "/type"), text(cert, "/report_type")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        c.certificates.push(Certificate {
            name: if kind.is_empty() {
                text(cert, "/id").unwrap_or_default()
            } else {
                kind
            },
            valid_until: text(cert, "/valid_until").or_else(|| text(cert, "/bridge_letter_until")),
        });
    }
    c.cells = heads.iter().map(|h| cell(&doc, h)).collect();
    Ok(c)
}

/// Who provides the controls of an area, for a vendor: each control's worst provision over
/// the services you use.
fn cell(doc: &Value, head: &AreaHead) -> Cell {
    let controls: Vec<(String, Provision)> = head
        .controls
        .iter()
        .map(|key| {
            let worst = effective_statements(doc, key)
                .into_iter()
                .map(|(_, stmt)| match stmt {
                    None => Provision::Unknown,
                    Some(s) => Provision::from_responsibility(
                        s.get("responsibility").and_then(Value::as_str),
                        s.pointer("/addon/subscribed") == Some(&Value::Bool(true)),
                    ),
                })
                .min()
                .unwrap_or(Provision::Unknown);
            (key.clone(), worst)
        })
        .collect();
    Cell::of(controls)
}

/// What of a vendor's falls due within `horizon` days of `today` (or is overdue).
fn dues(v: &VendorCard, today: i64, horizon: i64) -> Vec<Due> {
    let mut out = Vec::new();
    let mut push = |date: &str, what: String| {
        if let Some(d) = parse_date(date) {
            let days = d - today;
            if days <= horizon {
                out.push(Due {
                    date: civil_from_days(d),
                    days,
                    vendor: v.name.clone(),
                    vendor_id: v.id.clone(),
                    what,
                });
            }
        }
    };
    if let Some(d) = &v.review_due {
        push(d, "review due".to_string());
    }
    for c in &v.certificates {
        if let Some(d) = &c.valid_until {
            push(d, format!("{} expires", c.name));
        }
    }
    for w in &v.waivers {
        push(&w.expires, format!("waiver of {} expires", w.rule));
    }
    out
}

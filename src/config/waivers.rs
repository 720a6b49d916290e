//! Accepted risks. A waiver (in the declaration's `waivers[]` or a configuration's
//! `[[waivers]]`) covers the findings of its rule (or rule family), optionally only for one
//! service or below one JSON pointer, until it expires. A covered finding is reported as
//! waived and does not fail the run; after the expiry date it counts again and WAIVER-001
//! names who approved the lapsed decision; a waiver that covers nothing is WAIVER-002.
//! In a `vendorlint check` run, what a configuration's waiver did is logged for the
//! configuration's own report (`waiver_report.rs`) instead of being reported at each
//! declaration; an editor's lint of one buffer reports it at the declaration.

use super::file::Spanned;
use super::policy::{Policy, Source, label_in};
use super::waiver_report::WaiverUse;
use crate::base::codes::{self, is_tool_family};
use crate::base::dates::parse_date;
use crate::base::{Diagnostic, Label, Severity, Span, Target, Waived};
use globset::GlobSet;
use serde_json::Value;
use std::path::PathBuf;

pub use crate::base::codes::waiver::{EXPIRED, EXPIRES_SOON, IMPLAUSIBLE, NO_MATCH, UNUSED};
/// How many days ahead an expiry is announced (WAIVER-003).
pub const EXPIRY_NOTICE_DAYS: i64 = 30;
/// The longest a waiver may run from its decision before WAIVER-004 asks whether its dates
/// are right, unless `max_waiver_years` in vendorlint.toml says otherwise: three years.
pub const DEFAULT_MAX_YEARS: u32 = 3;

/// The days `years` years may span (a leap day in every four years, or part of four).
pub fn horizon_days(years: u32) -> i64 {
    i64::from(years) * 365 + i64::from(years.div_ceil(4))
}

/// "one year", "three years", "10 years".
fn years_text(years: u32) -> String {
    const WORDS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    let n = match WORDS.get(years as usize) {
        Some(w) => w.to_string(),
        None => years.to_string(),
    };
    format!("{n} year{}", if years == 1 { "" } else { "s" })
}

/// A waiver: an accepted risk, from a declaration or a configuration.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub rule: String,
    pub service: Option<String>,
    pub pointer: Option<String>,
    pub reason: String,
    pub approved_by: String,
    pub decided_on: String,
    pub expires: String,
    /// Where it is written: a pointer into the declaration (`/waivers/0`) for a declaration's
    /// own waiver, or a config file and span.
    pub at: WaiverPlace,
}

#[derive(Debug, Clone)]
pub enum WaiverPlace {
    /// A pointer into the declaration (`/waivers/0`).
    Declaration(String),
    /// A config file and span; `named` when the waiver lists the declarations it is for.
    Config {
        path: PathBuf,
        span: Span,
        named: bool,
        /// Which of the configuration's waivers (0-based).
        index: usize,
    },
}

impl Waiver {
    /// A label at the waiver, for the finding it shaped.
    pub fn label(&self, message: String) -> Label {
        match &self.at {
            WaiverPlace::Declaration(p) => Label {
                message,
                pointer: Some(p.clone()),
                target: Target::Key,
                path: None,
                span: None,
            },
            WaiverPlace::Config { path, span, .. } => label_in(path, *span, message),
        }
    }

    /// A waiver written in a declaration, if complete. An incomplete one (no reason, approver
    /// or valid expiry) is never honoured; the schema reports what it lacks.
    pub fn from_declaration(v: &Value, pointer: String) -> Option<Waiver> {
        let s = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let expires = s("expires").filter(|d| parse_date(d).is_some())?;
        Some(Waiver {
            rule: s("rule")?,
            service: s("service"),
            pointer: s("pointer"),
            reason: s("reason")?,
            approved_by: s("approved_by")?,
            decided_on: s("decided_on").unwrap_or_default(),
            expires,
            at: WaiverPlace::Declaration(pointer),
        })
    }
}

/// A configuration's waiver and the declarations it is for.
#[derive(Debug, Clone)]
pub(super) struct ConfigWaiver {
    pub waiver: Waiver,
    /// `None`: every declaration under the configuration.
    pub declarations: Option<GlobSet>,
    /// Where its `expires` is written.
    pub expires: Span,
    /// Each `declarations` pattern as written, and where.
    pub patterns: Vec<Spanned<String>>,
    /// For each glob of `declarations`, the pattern (0-based) it comes from.
    pub pattern_of: Vec<usize>,
}

/// Apply the declaration's and the policy's waivers to a file's diagnostics.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    doc: &Value,
    policy: &Policy,
    today: &str,
    selected: &dyn Fn(&str, &[String]) -> bool,
) {
    let mut waivers: Vec<Waiver> = doc
        .get("waivers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, w)| Waiver::from_declaration(w, format!("/waivers/{i}")))
        .collect();
    waivers.extend(policy.waivers.iter().cloned());
    if waivers.is_empty() {
        return;
    }
    let today = parse_date(today).unwrap_or(0);
    let days_left = |w: &Waiver| parse_date(&w.expires).map_or(-1, |d| d - today);
    let service_ids: Vec<Option<&str>> = doc
        .get("services")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|s| s.get("id").and_then(Value::as_str))
        .collect();
    let mut used = vec![0usize; waivers.len()];
    let logged =
        |w: &Waiver| policy.waiver_log.is_some() && matches!(w.at, WaiverPlace::Config { .. });
    for d in diagnostics.iter_mut() {
        // Tool codes (a file that does not load, a schema error) are not risks to accept.
        if is_tool_family(&d.rule) {
            continue;
        }
        for (i, w) in waivers.iter().enumerate() {
            if !covers(w, d, &service_ids) {
                continue;
            }
            used[i] += 1;
            if days_left(w) < 0 {
                d.labels.push(w.label(format!(
                    "a waiver covered this until {}; it was approved by {}",
                    w.expires, w.approved_by
                )));
            } else if d.waived.is_none() {
                d.waived = Some(Waived {
                    reason: w.reason.clone(),
                    approved_by: w.approved_by.clone(),
                    decided_on: w.decided_on.clone(),
                    expires: w.expires.clone(),
                });
                d.labels.push(w.label(format!(
                    "waived until {} (approved by {}): {}",
                    w.expires, w.approved_by, w.reason
                )));
            }
        }
    }
    // In a run, a configuration's waiver is reported at its place in the configuration,
    // once every file is checked: what it did here is logged for that.
    if let Some(log) = &policy.waiver_log {
        for (i, w) in waivers.iter().enumerate() {
            // A waiver for every declaration says something only where it covered a finding.
            if let WaiverPlace::Config {
                path, index, named, ..
            } = &w.at
                && (*named || used[i] > 0)
            {
                log.record(WaiverUse {
                    config: path.clone(),
                    index: *index,
                    declaration: log.declaration.clone(),
                    covered: used[i],
                    rule_selected: selected(&w.rule, &[]),
                    codes: [EXPIRED, UNUSED, EXPIRES_SOON, IMPLAUSIBLE].map(|c| selected(c, &[])),
                });
            }
        }
    }
    // Dates that do not hold: a decision after the expiry, or an expiry years away. A
    // configuration's waiver for every file is reported only where it covered something.
    for (i, w) in waivers.iter().enumerate() {
        if logged(w) || matches!(w.at, WaiverPlace::Config { named: false, .. }) && used[i] == 0 {
            continue;
        }
        if let Some(d) = implausible(w, &policy.max_waiver_years) {
            diagnostics.push(match &w.at {
                WaiverPlace::Declaration(p) => d.at_pointer(format!("{p}/expires"), Target::Value),
                WaiverPlace::Config { .. } => d
                    .at_pointer(String::new(), Target::Key)
                    .with_label(w.label("the waiver".to_string())),
            });
        }
    }
    for (i, w) in waivers.iter().enumerate() {
        // A configuration's waiver without `declarations` applies to every file under it: it
        // is reported only where it covered something.
        let named = match &w.at {
            WaiverPlace::Declaration(_) => true,
            WaiverPlace::Config { named, .. } => *named,
        };
        if logged(w) || !named && used[i] == 0 {
            continue;
        }
        let scope = describe_scope(w);
        let left = days_left(w);
        let d = if left < 0 {
            let again = match used[i] {
                0 => String::new(),
                1 => "; the finding it covered is reported again".to_string(),
                n => format!("; the {n} findings it covered are reported again"),
            };
            Diagnostic::new(
                EXPIRED,
                Severity::Error,
                format!(
                    "the waiver of {}{scope} expired on {}; it was approved by {}{}{again}",
                    w.rule,
                    w.expires,
                    w.approved_by,
                    if w.decided_on.is_empty() {
                        String::new()
                    } else {
                        format!(" on {}", w.decided_on)
                    }
                ),
            )
            .with_help("take the decision again: fix the finding, or renew the waiver with a new reason, approver and expiry date")
        } else if used[i] == 0 {
            if !selected(&w.rule, &[]) {
                continue;
            }
            Diagnostic::new(
                UNUSED,
                Severity::Warning,
                format!("the waiver of {}{scope} matches no finding", w.rule),
            )
            .with_help("the risk it accepted is gone, or its rule, service or pointer is wrong: remove or correct it")
        } else if left <= EXPIRY_NOTICE_DAYS {
            Diagnostic::new(
                EXPIRES_SOON,
                Severity::Info,
                format!(
                    "the waiver of {}{scope} (approved by {}) expires in {left} day{} on {}",
                    w.rule,
                    w.approved_by,
                    if left == 1 { "" } else { "s" },
                    w.expires
                ),
            )
            .with_help("put the decision on the agenda before it lapses")
        } else {
            continue;
        };
        diagnostics.push(match &w.at {
            WaiverPlace::Declaration(p) => d.at_pointer(p.clone(), Target::Key),
            WaiverPlace::Config { .. } => d
                .at_pointer(String::new(), Target::Key)
                .with_label(w.label("the waiver".to_string())),
        });
    }
}

/// WAIVER-004 for `w` if its dates do not hold under the policy's `max_waiver_years`: a
/// decision after the expiry, or an expiry further from the decision than the horizon.
pub(super) fn implausible(w: &Waiver, horizon: &(u32, Source)) -> Option<Diagnostic> {
    let (years, source) = horizon;
    let expires = parse_date(&w.expires);
    let decided = parse_date(&w.decided_on);
    let message = match (decided, expires) {
        (Some(d), Some(e)) if d > e => format!(
            "the waiver of {} was decided on {}, after it expires on {}",
            w.rule, w.decided_on, w.expires
        ),
        (Some(d), Some(e)) if e - d > horizon_days(*years) => format!(
            "the waiver of {} runs {} days from its decision on {} to {}; an accepted risk is reviewed again within {}",
            w.rule,
            e - d,
            w.decided_on,
            w.expires,
            years_text(*years)
        ),
        _ => return None,
    };
    let mut d = Diagnostic::new(IMPLAUSIBLE, Severity::Warning, message).with_help(format!(
        "correct its dates: a decision date, and an expiry at most {} later",
        years_text(*years)
    ));
    if let Some(l) = source.label(format!("`max_waiver_years` = {years}")) {
        d.labels.push(l);
    }
    Some(d)
}

pub(super) fn describe_scope(w: &Waiver) -> String {
    match (&w.service, &w.pointer) {
        (Some(s), Some(p)) => format!(" for service `{s}` at `{p}`"),
        (Some(s), None) => format!(" for service `{s}`"),
        (None, Some(p)) => format!(" at `{p}`"),
        (None, None) => String::new(),
    }
}

/// Whether `w` covers the finding `d`.
fn covers(w: &Waiver, d: &Diagnostic, service_ids: &[Option<&str>]) -> bool {
    if !codes::covers(&w.rule, &d.rule, &d.aliases) {
        return false;
    }
    let pointer = d.pointer.as_deref().unwrap_or("");
    if let Some(p) = &w.pointer
        && !(pointer == p || pointer.starts_with(&format!("{p}/")) || p.is_empty())
    {
        return false;
    }
    if let Some(s) = &w.service {
        // The finding's service: its pointer's (or its subject's) `/services/N`.
        let index = [Some(pointer), d.subject.as_deref()]
            .into_iter()
            .flatten()
            .find_map(|p| {
                p.strip_prefix("/services/")?
                    .split(['/', '#'])
                    .next()?
                    .parse::<usize>()
                    .ok()
            });
        if index.and_then(|i| service_ids.get(i).copied().flatten()) != Some(s.as_str()) {
            return false;
        }
    }
    true
}

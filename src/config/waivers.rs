//! Accepted risks. A waiver (in the declaration's `waivers[]` or a configuration's
//! `[[waivers]]`) covers the findings of its rule (or rule family), optionally only for one
//! service or below one JSON pointer, until it expires. A covered finding is reported as
//! waived and does not fail the run; after the expiry date it counts again and WAIVER-001
//! names who approved the lapsed decision; a waiver that covers nothing is WAIVER-002.

use super::{Policy, Waiver, WaiverPlace, matches_rule};
use crate::base::dates::parse_date;
use crate::base::{Diagnostic, Severity, Target, Waived};
use serde_json::Value;

pub use crate::base::codes::waiver::{EXPIRED, EXPIRES_SOON, UNUSED};
/// How many days ahead an expiry is announced (WAIVER-003).
pub const EXPIRY_NOTICE_DAYS: i64 = 30;

/// Apply the declaration's and the policy's waivers to a file's diagnostics.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    doc: &Value,
    policy: &Policy,
    today: &str,
    selected: &dyn Fn(&str) -> bool,
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
    for d in diagnostics.iter_mut() {
        // Tool codes (a file that does not load, a schema error) are not risks to accept.
        if crate::base::codes::core_code(&d.rule).is_some() || d.rule.starts_with("WAIVER-") {
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
    for (i, w) in waivers.iter().enumerate() {
        // A configuration's waiver without `declarations` applies to every file under it: it
        // is reported only where it covered something.
        let named = match &w.at {
            WaiverPlace::Declaration(_) => true,
            WaiverPlace::Config { named, .. } => *named,
        };
        if !named && used[i] == 0 {
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
            if !selected(&w.rule) {
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

fn describe_scope(w: &Waiver) -> String {
    match (&w.service, &w.pointer) {
        (Some(s), Some(p)) => format!(" for service `{s}` at `{p}`"),
        (Some(s), None) => format!(" for service `{s}`"),
        (None, Some(p)) => format!(" at `{p}`"),
        (None, None) => String::new(),
    }
}

/// Whether `w` covers the finding `d`.
fn covers(w: &Waiver, d: &Diagnostic, service_ids: &[Option<&str>]) -> bool {
    if !matches_rule(&w.rule, &d.rule) {
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

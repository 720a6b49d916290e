//! A configuration's waivers reported where they are written. In a `vendorlint check` run,
//! `waivers::apply` logs what each `[[waivers]]` entry of a vendorlint.toml did in each
//! declaration it applies to, instead of reporting it there; after the run, `report` turns
//! the log into one report for the configuration file: WAIVER-001 (expired), WAIVER-002 (it
//! names declarations, and covers no finding in any of them) and WAIVER-003 (expires soon) at
//! the `[[waivers]]` entry, WAIVER-004 at its `expires`, each with labels at the declarations;
//! WAIVER-005 at each `declarations` pattern that matches no file.

use super::check::Config;
use super::discovery::relative_to;
use super::policy::{Policy, Source, label_in};
use super::waivers::{self, EXPIRED, EXPIRES_SOON, EXPIRY_NOTICE_DAYS, NO_MATCH, UNUSED, Waiver};
use crate::base::dates::parse_date;
use crate::base::{Diagnostic, FileReport, Pos, Severity, Span, display_path};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The most declarations a diagnostic about a waiver labels (its message counts them all).
const MAX_LABELS: usize = 10;

/// Where `waivers::apply` logs what a configuration's waivers did in one declaration.
#[derive(Debug, Clone)]
pub struct WaiverLog {
    pub(super) declaration: PathBuf,
    pub(super) sink: Arc<Mutex<Vec<WaiverUse>>>,
}

impl WaiverLog {
    pub(super) fn record(&self, u: WaiverUse) {
        if let Ok(mut log) = self.sink.lock() {
            log.push(u);
        }
    }
}

/// What one configuration waiver did in one declaration.
#[derive(Debug, Clone)]
pub(super) struct WaiverUse {
    pub config: PathBuf,
    /// Which of the configuration's waivers.
    pub index: usize,
    pub declaration: PathBuf,
    /// How many findings it covered there.
    pub covered: usize,
    /// Whether that declaration's run selects the waiver's rule.
    pub rule_selected: bool,
    /// Whether it reports WAIVER-001, -002, -003 and -004 (in that order).
    pub codes: [bool; 4],
}

/// The report of `config` about its own waivers, if it has something to say. `uses` is what
/// the run logged of its waivers, `files` the declarations checked (a file logged but then not reported, such as
/// a walked YAML file of another kind, does not count).
pub(super) fn report(
    config: &Config,
    uses: &[&WaiverUse],
    today: &str,
    files: &[PathBuf],
    selected: &dyn Fn(&str, &[String]) -> bool,
) -> Option<FileReport> {
    let checked: HashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
    let today = parse_date(today).unwrap_or(0);
    let horizon = (
        config.max_waiver_years.0,
        config
            .max_waiver_years
            .1
            .map_or(Source::Default, |span| Source::Config {
                path: config.path.clone(),
                span,
            }),
    );
    // The configuration's top level decides whether WAIVER-005 is reported.
    let base = Policy::with_config(config, Vec::new(), &[], None);
    let no_match_on = selected(NO_MATCH, &[]) && base.selected(NO_MATCH, &[]);
    let mut on_disk: Option<Vec<PathBuf>> = None;
    let mut diagnostics = Vec::new();
    let mut by_waiver: Vec<Vec<&WaiverUse>> = vec![Vec::new(); config.waivers.len()];
    for u in uses {
        if let Some(v) = by_waiver.get_mut(u.index)
            && checked.contains(u.declaration.as_path())
        {
            v.push(u);
        }
    }
    for (cw, mut here) in config.waivers.iter().zip(by_waiver) {
        let w = &cw.waiver;
        here.sort_by(|a, b| a.declaration.cmp(&b.declaration));
        here.dedup_by(|a, b| a.declaration == b.declaration);
        // The patterns no checked declaration matched: do they name a file on disk? (Looked
        // at only then, so a run on a few files says nothing of the others.)
        let mut matched = vec![!no_match_on; cw.patterns.len()];
        let mark = |rel: &Path, matched: &mut [bool]| {
            if let Some(set) = &cw.declarations {
                for g in set.matches(rel) {
                    if let Some(&p) = cw.pattern_of.get(g) {
                        matched[p] = true;
                    }
                }
            }
        };
        for u in &here {
            mark(&relative_to(&u.declaration, &config.dir), &mut matched);
        }
        if matched.contains(&false) {
            let disk = on_disk.get_or_insert_with(|| declarations_on_disk(&config.dir));
            for rel in disk.iter() {
                mark(rel, &mut matched);
            }
        }
        for (pattern, _) in (cw.patterns.iter().zip(&matched)).filter(|(_, m)| !**m) {
            diagnostics.push(
                Diagnostic::new(
                    NO_MATCH,
                    Severity::Warning,
                    format!(
                        "the waiver of {} names `{}`, which matches no YAML or JSON file under {}",
                        w.rule,
                        pattern.value,
                        shown_dir(&config.dir)
                    ),
                )
                .with_help("correct the pattern (it is relative to the directory of vendorlint.toml), or remove it if the declaration is gone")
                .at_span(pattern.span),
            );
        }
        // A waiver for every declaration counts only where it covered something.
        let named = cw.declarations.is_some();
        here.retain(|u| named || u.covered > 0);
        if here.is_empty() {
            continue;
        }
        let on = |k: usize| here.iter().any(|u| u.codes[k]);
        if on(3)
            && let Some(d) = waivers::implausible(w, &horizon)
        {
            diagnostics.push(d.at_span(cw.expires));
        }
        if let Some(d) = decision(w, &here, today, &on) {
            diagnostics.push(d.at_span(entry_span(w)));
        }
    }
    if diagnostics.is_empty() {
        return None;
    }
    diagnostics.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.rule.cmp(&b.rule)));
    Some(FileReport {
        path: config.path.clone(),
        source: Some(config.source.clone()),
        diagnostics,
        questions: Vec::new(),
    })
}

/// WAIVER-001, -002 or -003 for a waiver that applied to the declarations of `uses`.
fn decision(
    w: &Waiver,
    uses: &[&WaiverUse],
    today: i64,
    on: &dyn Fn(usize) -> bool,
) -> Option<Diagnostic> {
    let scope = waivers::describe_scope(w);
    let covered: usize = uses.iter().map(|u| u.covered).sum();
    let covering: Vec<&WaiverUse> = uses.iter().filter(|u| u.covered > 0).copied().collect();
    let left = parse_date(&w.expires).map_or(-1, |d| d - today);
    let findings = |n: usize| match n {
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    let (mut d, labelled, label) = if left < 0 {
        if !on(0) {
            return None;
        }
        let again = match covered {
            0 => String::new(),
            1 => "; the finding it covered is reported again".to_string(),
            n => format!(
                "; the {n} findings it covered in {} are reported again",
                declarations(covering.len())
            ),
        };
        let decided = if w.decided_on.is_empty() {
            String::new()
        } else {
            format!(" on {}", w.decided_on)
        };
        let d = Diagnostic::new(
            EXPIRED,
            Severity::Error,
            format!(
                "the waiver of {}{scope} expired on {}; it was approved by {}{decided}{again}",
                w.rule, w.expires, w.approved_by
            ),
        )
        .with_help("take the decision again: fix the findings, or renew the waiver with a new reason, approver and expiry date");
        (d, covering, "reported again")
    } else if covered == 0 {
        if !(on(1) && uses.iter().any(|u| u.rule_selected)) {
            return None;
        }
        let d = Diagnostic::new(
            UNUSED,
            Severity::Warning,
            format!(
                "the waiver of {}{scope} matches no finding in the {} it names",
                w.rule,
                declarations(uses.len())
            ),
        )
        .with_help("the risk it accepted is gone, or its rule, service, pointer or declarations are wrong: remove or correct it");
        (d, uses.to_vec(), "")
    } else if left <= EXPIRY_NOTICE_DAYS {
        if !on(2) {
            return None;
        }
        let d = Diagnostic::new(
            EXPIRES_SOON,
            Severity::Info,
            format!(
                "the waiver of {}{scope} (approved by {}) expires in {left} day{} on {}; it covers {} in {}",
                w.rule,
                w.approved_by,
                if left == 1 { "" } else { "s" },
                w.expires,
                findings(covered),
                declarations(covering.len())
            ),
        )
        .with_help("put the decision on the agenda before it lapses");
        (d, covering, "waived")
    } else {
        return None;
    };
    for u in labelled.iter().take(MAX_LABELS) {
        let what = match u.covered {
            0 => format!("no finding of {} here", w.rule),
            1 => format!("1 finding here is {label}"),
            n => format!("{n} findings here are {label}"),
        };
        d.labels
            .push(label_in(&u.declaration, Span::point(Pos::new(1, 1)), what));
    }
    Some(d)
}

fn declarations(n: usize) -> String {
    match n {
        1 => "1 declaration".to_string(),
        n => format!("{n} declarations"),
    }
}

/// Where the waiver's `[[waivers]]` entry is written.
fn entry_span(w: &Waiver) -> Span {
    match &w.at {
        waivers::WaiverPlace::Config { span, .. } => *span,
        waivers::WaiverPlace::Declaration(_) => Span::point(Pos::new(1, 1)),
    }
}

/// The declaration files under `dir`, relative to it, walked as `vendorlint check DIR` walks
/// (hidden and build directories skipped).
fn declarations_on_disk(dir: &Path) -> Vec<PathBuf> {
    let (found, _) = crate::discover::discover(&[dir.to_path_buf()]);
    found
        .into_iter()
        .map(|c| relative_to(&c.path, dir))
        .collect()
}

fn shown_dir(dir: &Path) -> String {
    match display_path(dir) {
        d if d.is_empty() || d == "." => "the configuration's directory".to_string(),
        d => format!("`{d}`"),
    }
}

//! Policy merging: the layers of a configuration (top level, then each matching
//! `[[overrides]]` entry, then the command line's profile) resolved into one `Policy` per
//! declaration, and the policy applied to a file's findings.

use super::check::Config;
use super::profiles::{DEFAULT_PROFILE, profiles};
use super::waiver_report::WaiverLog;
use super::waivers::{DEFAULT_MAX_YEARS, Waiver};
use crate::base::codes::{self, covers, selector_matches};
use crate::base::{Diagnostic, FileReport, Label, Pos, Severity, Span, Target, display_path};
use crate::rules::RulePack;
use crate::rules::engine::{RuleParams, to_cel};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A severity a configuration can set: a level, or `off` (the rule is not reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    /// `off` or a severity (`Severity`'s strict parser); anything else is `None`.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "off" => Some(Level::Off),
            s => s.parse().ok().map(Level::On),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::On(s) => s.as_str(),
        }
    }
}

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The rule's own default.
    Default,
    /// A profile (by id), with the clause its setting rests on.
    Profile { id: String, why: String },
    /// A line of a configuration file.
    Config { path: PathBuf, span: Span },
    /// A command-line flag.
    Cli(&'static str),
}

impl Source {
    /// A secondary label for a finding this setting shaped; `None` when it has no place.
    pub fn label(&self, message: String) -> Option<Label> {
        match self {
            Source::Config { path, span } => Some(label_in(path, *span, message)),
            _ => None,
        }
    }

    /// Short text for `vendorlint config`.
    pub fn describe(&self) -> String {
        match self {
            Source::Default => "default".to_string(),
            Source::Profile { id, why } if why.is_empty() => format!("profile {id}"),
            Source::Profile { id, why } => format!("profile {id}: {why}"),
            Source::Config { path, span } => format!(
                "{}:{}:{}",
                display_path(path),
                span.start.line,
                span.start.column
            ),
            Source::Cli(flag) => format!("command line {flag}"),
        }
    }
}

/// A label at `span` of another file (a configuration).
pub(super) fn label_in(path: &Path, span: Span, message: String) -> Label {
    Label {
        message,
        pointer: None,
        target: Target::Value,
        path: Some(path.to_string_lossy().into_owned()),
        span: Some(span),
    }
}

/// One checked layer of settings: the top level of a file, or one `[[overrides]]` entry.
/// Rule selectors in it exist in the run's packs; each setting keeps the span it is written
/// at.
#[derive(Debug, Clone, Default)]
pub(super) struct Layer {
    pub profile: Option<(String, Span)>,
    pub questions: Option<(bool, Span)>,
    pub select: Option<(Vec<String>, Span)>,
    pub ignore: Vec<(String, Span)>,
    pub severity: Vec<(String, Level, Span)>,
    pub params: Vec<(String, Value, Span)>,
}

/// The settings for one declaration: everything the engine and the report need from policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The configuration file, if one applies.
    pub config: Option<PathBuf>,
    /// Which `[[overrides]]` (0-based) matched.
    pub overrides: Vec<usize>,
    pub profile: (String, Source),
    /// Whether open questions are shown one by one (`questions = true`), with its source.
    pub questions: Option<(bool, Source)>,
    /// Rule packs: the run's, then the configuration's.
    pub packs: Vec<Arc<RulePack>>,
    /// `select` from the configuration (empty: all), with its source.
    pub select: Option<(Vec<String>, Source)>,
    pub ignore: Vec<(String, Source)>,
    /// Severity by rule selector (an id or a family).
    pub severity: BTreeMap<String, (Level, Source)>,
    /// Parameter values that differ from the rules' defaults, by parameter name.
    pub params: BTreeMap<String, (Value, Source)>,
    /// Config-held waivers that apply to this declaration.
    pub waivers: Vec<Waiver>,
    /// How many years a waiver may run from its decision before WAIVER-004 (default 3), with
    /// its source.
    pub max_waiver_years: (u32, Source),
    /// Where a `vendorlint check` run logs what the configuration's waivers did in this
    /// declaration, for the configuration's own report (`None`: they are reported here).
    pub(crate) waiver_log: Option<WaiverLog>,
    /// Each rule's parameters as CEL values, for the rules whose parameters `params` changes.
    pub rule_params: RuleParams,
}

impl Policy {
    /// The policy with no configuration: the profile's settings over the rules' defaults.
    pub fn without_config(packs: Vec<Arc<RulePack>>, profile: Option<&str>) -> Policy {
        let (id, source) = match profile {
            Some(p) => (p.to_string(), Source::Cli("--profile")),
            None => (DEFAULT_PROFILE.to_string(), Source::Default),
        };
        let mut policy = Policy {
            config: None,
            overrides: Vec::new(),
            profile: (id.clone(), source),
            questions: None,
            packs,
            select: None,
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            params: BTreeMap::new(),
            waivers: Vec::new(),
            max_waiver_years: (DEFAULT_MAX_YEARS, Source::Default),
            waiver_log: None,
            rule_params: HashMap::new(),
        };
        policy.apply_profile(&id);
        policy.finish();
        policy
    }

    /// The policy of a configuration for a declaration that the overrides `matched` cover:
    /// the top level, then each override in order, then the command line's profile.
    pub(super) fn with_config(
        config: &Config,
        matched: Vec<usize>,
        packs: &[Arc<RulePack>],
        profile: Option<&str>,
    ) -> Policy {
        let mut all = packs.to_vec();
        all.extend(config.packs.iter().cloned());
        let mut p = Policy::without_config(all, None);
        p.config = Some(config.path.clone());
        if let (years, Some(span)) = config.max_waiver_years {
            p.max_waiver_years = (
                years,
                Source::Config {
                    path: config.path.clone(),
                    span,
                },
            );
        }
        p.apply_layer(&config.base, &config.path);
        for &i in &matched {
            p.apply_layer(&config.overrides[i].layer, &config.path);
        }
        // The command line's profile beats the configuration's.
        if let Some(id) = profile {
            p.profile = (id.to_string(), Source::Cli("--profile"));
            p.apply_profile(id);
        }
        p.overrides = matched;
        p.finish();
        p
    }

    fn apply_profile(&mut self, id: &str) {
        let Some(p) = profiles().iter().find(|p| p.id == id) else {
            return;
        };
        let source = |why: &String| Source::Profile {
            id: p.id.clone(),
            why: why.clone(),
        };
        for (name, (value, why)) in &p.params {
            self.params
                .insert(name.clone(), (value.clone(), source(why)));
        }
        for (rule, (level, why)) in &p.severity {
            self.severity
                .insert(rule.clone(), (Level::On(*level), source(why)));
        }
    }

    fn apply_layer(&mut self, layer: &Layer, path: &Path) {
        let src = |span: Span| Source::Config {
            path: path.to_path_buf(),
            span,
        };
        if let Some((p, span)) = &layer.profile {
            self.profile = (p.clone(), src(*span));
            self.apply_profile(p);
        }
        if let Some((q, span)) = &layer.questions {
            self.questions = Some((*q, src(*span)));
        }
        if let Some((list, span)) = &layer.select {
            self.select = Some((list.clone(), src(*span)));
        }
        for (id, span) in &layer.ignore {
            self.ignore.push((id.clone(), src(*span)));
        }
        for (id, level, span) in &layer.severity {
            self.severity.insert(id.clone(), (*level, src(*span)));
        }
        for (name, value, span) in &layer.params {
            self.params
                .insert(name.clone(), (value.clone(), src(*span)));
        }
    }

    /// Precompute the parameter values of every rule the policy's `params` touch.
    fn finish(&mut self) {
        self.rule_params.clear();
        for rule in self.packs.iter().flat_map(|p| &p.rules) {
            if !rule.params.keys().any(|k| self.params.contains_key(k)) {
                continue;
            }
            let mut params = rule.params.clone();
            for (k, v) in params.iter_mut() {
                if let Some((value, _)) = self.params.get(k) {
                    *v = value.clone();
                }
            }
            let cel = to_cel(&Value::Object(params.clone()));
            self.rule_params.insert(rule.id.clone(), (params, cel));
        }
    }

    /// Whether the configuration lets `rule` run (the command line's own select/ignore apply
    /// on top).
    pub fn selected(&self, rule: &str, aliases: &[String]) -> bool {
        let hit = |p: &str| covers(p, rule, aliases);
        self.select
            .as_ref()
            .is_none_or(|(list, _)| list.iter().any(|p| hit(p)))
            && !self.ignore.iter().any(|(p, _)| hit(p))
            && self
                .level(rule, aliases)
                .is_none_or(|(l, _)| l != Level::Off)
    }

    /// The configured severity of `rule` (or of one of its former ids): the longest selector
    /// that covers it wins, so an exact id beats its family.
    pub fn level(&self, rule: &str, aliases: &[String]) -> Option<(Level, &Source)> {
        self.severity
            .iter()
            .filter(|(p, _)| covers(p, rule, aliases))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, (l, s))| (*l, s))
    }
}

/// Whether `id` is a loading code: a file that does not load is never hidden or softened.
pub(super) fn is_load_code(id: &str) -> bool {
    selector_matches("LOAD", id)
}

/// Apply the policy's severities to a file's diagnostics (`off` drops them), and label each
/// finding with the settings that shaped it: a severity override, a changed parameter.
pub fn apply_policy(diagnostics: &mut Vec<Diagnostic>, policy: &Policy) {
    let profile_place = &policy.profile.1;
    let shaped_by = |source: &Source, what: String| match source {
        Source::Config { .. } => source.label(what),
        Source::Profile { id, why } => {
            profile_place.label(format!("profile `{id}`: {what} ({why})"))
        }
        _ => None,
    };
    diagnostics.retain_mut(|d| {
        if is_load_code(&d.rule) {
            return true;
        }
        if let Some((level, source)) = policy.level(&d.rule, &d.aliases) {
            match level {
                Level::Off => return false,
                Level::On(s) if s != d.severity => {
                    let what = format!(
                        "{} is {s} under this policy (default {})",
                        d.rule, d.severity
                    );
                    d.severity = s;
                    if let Some(l) = shaped_by(source, what) {
                        d.labels.push(l);
                    }
                }
                Level::On(_) => {}
            }
        }
        if let Some((params, _)) = policy.rule_params.get(&d.rule) {
            for k in params.keys() {
                if let Some((v, source)) = policy.params.get(k)
                    && let Some(l) = shaped_by(source, format!("`{k}` = {v}"))
                {
                    d.labels.push(l);
                }
            }
        }
        true
    });
}

/// What a declaration checked under a broken configuration (in an editor) says at its top.
pub fn broken_config_notice(broken: &FileReport) -> Diagnostic {
    let first = broken.diagnostics.first();
    let (rule, at) = match first {
        Some(d) => (
            d.rule.clone(),
            d.span
                .map(|s| format!(":{}:{}", s.start.line, s.start.column))
                .unwrap_or_default(),
        ),
        None => (codes::config::INVALID.to_string(), String::new()),
    };
    Diagnostic::new(
        if selector_matches("CONFIG", &rule) {
            rule
        } else {
            codes::config::INVALID.to_string()
        },
        Severity::Error,
        format!(
            "the configuration {}{at} has errors ({}); this file was checked without it",
            display_path(&broken.path),
            first.map(|d| d.message.as_str()).unwrap_or("unreadable")
        ),
    )
    .at_span(Span::point(Pos::new(1, 1)))
}

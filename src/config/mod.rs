//! Organisation policy: `vendorlint.toml`, regulatory profiles, per-path overrides and
//! config-held waivers, resolved into one `Policy` per checked file.
//!
//! The configuration is loaded like a declaration: parsed with a span for every node
//! (`toml`), validated against `schemas/config.v1.schema.json` with the same validator (so an
//! unknown key gets its position and a did-you-mean), then checked against the loaded rule
//! packs (rule ids, parameter names and types). Every setting remembers where it came from, so
//! a finding it shaped can carry a label at that line.

pub mod baseline;
pub mod profiles;
pub mod show;
pub mod toml;
pub mod waivers;

use crate::base::FileReport;
use crate::base::dates::parse_date;
use crate::base::{Diagnostic, Label, Severity, Span, Target, pointer_join};
use crate::load::Document;
use crate::rules::RulePack;
use crate::validate::{SchemaValidator, did_you_mean};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

pub use profiles::{DEFAULT_PROFILE, Profile, profiles};

/// The file name looked for in each checked file's directory and its parents.
pub const CONFIG_FILE: &str = "vendorlint.toml";
pub const CONFIG_SCHEMA: &str = include_str!("../../schemas/config.v1.schema.json");
/// A commented configuration, written by `vendorlint init --config`.
pub const CONFIG_TEMPLATE: &str = include_str!("../../templates/vendorlint.toml");

/// Diagnostic codes of a broken configuration (reported with exit code 2).
pub use crate::base::codes::config as codes;

fn config_validator() -> &'static SchemaValidator {
    static V: OnceLock<SchemaValidator> = OnceLock::new();
    V.get_or_init(|| {
        SchemaValidator::new(serde_json::from_str(CONFIG_SCHEMA).expect("config schema is JSON"))
            .expect("config schema compiles")
            .named("the configuration")
    })
}

/// A severity a configuration can set: a level, or `off` (the rule is not reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
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
    /// A profile (by id), chosen at `chosen_at` when a configuration chose it.
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
                crate::base::display_path(path),
                span.start.line,
                span.start.column
            ),
            Source::Cli(flag) => format!("command line {flag}"),
        }
    }
}

/// A label at `span` of another file (a configuration).
fn label_in(path: &Path, span: Span, message: String) -> Label {
    Label {
        message,
        pointer: None,
        target: Target::Value,
        path: Some(path.to_string_lossy().into_owned()),
        span: Some(span),
    }
}

/// One layer of settings: the top level of a file, or one `[[overrides]]` entry.
#[derive(Debug, Clone, Default)]
struct Layer {
    profile: Option<(String, Span)>,
    select: Option<(Vec<String>, Span)>,
    ignore: Vec<(String, Span)>,
    severity: Vec<(String, Level, Span)>,
    params: Vec<(String, Value, Span)>,
}

#[derive(Debug, Clone)]
struct Override {
    globs: GlobSet,
    layer: Layer,
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

#[derive(Debug, Clone)]
struct ConfigWaiver {
    waiver: Waiver,
    /// `None`: every declaration under the configuration.
    declarations: Option<GlobSet>,
}

/// A loaded, validated `vendorlint.toml`.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// The directory globs and paths in it are relative to.
    pub dir: PathBuf,
    base: Layer,
    overrides: Vec<Override>,
    waivers: Vec<ConfigWaiver>,
    /// Rule packs the configuration adds (`rules = [...]`), after the run's own.
    pub packs: Vec<Arc<RulePack>>,
}

/// The settings for one declaration: everything the engine and the report need from policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The configuration file, if one applies.
    pub config: Option<PathBuf>,
    /// Which `[[overrides]]` (0-based) matched.
    pub overrides: Vec<usize>,
    pub profile: (String, Source),
    /// Rule packs: the run's, then the configuration's.
    pub packs: Vec<Arc<RulePack>>,
    /// `select` from the configuration (empty: all), with its source.
    pub select: Option<(Vec<String>, Source)>,
    pub ignore: Vec<(String, Source)>,
    /// Severity by rule id or family.
    pub severity: BTreeMap<String, (Level, Source)>,
    /// Parameter values that differ from the rules' defaults, by parameter name.
    pub params: BTreeMap<String, (Value, Source)>,
    /// Config-held waivers that apply to this declaration.
    pub waivers: Vec<Waiver>,
    /// Each rule's parameters as CEL values, for the rules whose parameters `params` changes.
    pub rule_params: crate::rules::engine::RuleParams,
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
            packs,
            select: None,
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            params: BTreeMap::new(),
            waivers: Vec::new(),
            rule_params: HashMap::new(),
        };
        policy.apply_profile(&id);
        policy.finish();
        policy
    }

    fn apply_profile(&mut self, id: &str) {
        if let Some(p) = profiles().iter().find(|p| p.id == id) {
            for (name, (value, why)) in &p.params {
                self.params.insert(
                    name.clone(),
                    (
                        value.clone(),
                        Source::Profile {
                            id: p.id.clone(),
                            why: why.clone(),
                        },
                    ),
                );
            }
            for (rule, (level, why)) in &p.severity {
                self.severity.insert(
                    rule.clone(),
                    (
                        Level::On(*level),
                        Source::Profile {
                            id: p.id.clone(),
                            why: why.clone(),
                        },
                    ),
                );
            }
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
            let cel = crate::rules::engine::to_cel(&Value::Object(params.clone()));
            self.rule_params.insert(rule.id.clone(), (params, cel));
        }
    }

    /// Whether the configuration lets `rule` run (the command line's own select/ignore apply
    /// on top).
    pub fn selected(&self, rule: &str) -> bool {
        let hit = |p: &str| matches_rule(p, rule);
        self.select
            .as_ref()
            .is_none_or(|(list, _)| list.iter().any(|p| hit(p)))
            && !self.ignore.iter().any(|(p, _)| hit(p))
            && self.level(rule).is_none_or(|(l, _)| l != Level::Off)
    }

    /// The configured severity of `rule`: an exact id beats the longest matching family.
    pub fn level(&self, rule: &str) -> Option<(Level, &Source)> {
        if let Some((l, s)) = self.severity.get(rule) {
            return Some((*l, s));
        }
        self.severity
            .iter()
            .filter(|(p, _)| matches_rule(p, rule))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, (l, s))| (*l, s))
    }
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
        // A file that does not load is never hidden or softened by policy.
        if d.rule.starts_with("LOAD-") {
            return true;
        }
        if let Some((level, source)) = policy.level(&d.rule) {
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
        None => (codes::INVALID.to_string(), String::new()),
    };
    Diagnostic::new(
        if rule.starts_with("CONFIG-") {
            rule
        } else {
            codes::INVALID.to_string()
        },
        Severity::Error,
        format!(
            "the configuration {}{at} has errors ({}); this file was checked without it",
            crate::base::display_path(&broken.path),
            first.map(|d| d.message.as_str()).unwrap_or("unreadable")
        ),
    )
    .at_span(Span::point(crate::base::Pos::new(1, 1)))
}

/// Whether a rule reference (an id, or a family such as `BAK`) covers `rule`.
pub fn matches_rule(reference: &str, rule: &str) -> bool {
    if reference.eq_ignore_ascii_case(rule) {
        return true;
    }
    rule.len() > reference.len()
        && rule[..reference.len()].eq_ignore_ascii_case(reference)
        && rule.as_bytes()[reference.len()] == b'-'
        && !reference.contains('-')
}

/// How a run finds its configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigChoice {
    /// `vendorlint.toml` in each file's directory or the nearest parent that has one.
    #[default]
    Discover,
    /// This file for every checked file (`--config FILE`).
    File(PathBuf),
    /// No configuration (`--no-config`).
    Off,
}

/// A loaded configuration, or the report of why it is broken.
type Loaded = Result<Arc<Config>, Arc<FileReport>>;
/// A policy's identity: its config file and the overrides that matched.
type PolicyKey = (Option<PathBuf>, Vec<usize>);

/// Resolves and caches configurations and policies for a run (shared by threads).
#[derive(Debug, Default)]
pub struct Resolver {
    /// Directory -> the config file that governs it (`None`: none up to the root).
    found: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Config file -> loaded config, or its problems.
    loaded: Mutex<HashMap<PathBuf, Loaded>>,
    /// (config, matched overrides) -> policy.
    policies: Mutex<HashMap<PolicyKey, Arc<Policy>>>,
}

impl Resolver {
    /// The policy for the declaration at `path`, or the broken configuration's report.
    pub fn policy_for(
        &self,
        path: &Path,
        choice: &ConfigChoice,
        packs: &[Arc<RulePack>],
        profile: Option<&str>,
    ) -> Result<Arc<Policy>, Arc<FileReport>> {
        let file = match choice {
            ConfigChoice::Off => None,
            ConfigChoice::File(f) => Some(f.clone()),
            ConfigChoice::Discover => self.find(path),
        };
        let config = match &file {
            None => None,
            Some(f) => Some(self.load(f, packs)?),
        };
        let matched: Vec<usize> = match &config {
            Some(c) => {
                let rel = relative_to(path, &c.dir);
                c.overrides
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.globs.is_match(&rel))
                    .map(|(i, _)| i)
                    .collect()
            }
            None => Vec::new(),
        };
        let key = (file.clone(), matched.clone());
        let cached = self.policies.lock().unwrap().get(&key).cloned();
        let policy = match cached {
            Some(p) => p,
            None => {
                let p = Arc::new(match &config {
                    None => Policy::without_config(packs.to_vec(), profile),
                    Some(c) => {
                        let mut all = packs.to_vec();
                        all.extend(c.packs.iter().cloned());
                        let mut p = Policy::without_config(all, None);
                        p.config = Some(c.path.clone());
                        p.apply_layer(&c.base, &c.path);
                        for &i in &matched {
                            p.apply_layer(&c.overrides[i].layer, &c.path);
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
                });
                self.policies.lock().unwrap().insert(key, p.clone());
                p
            }
        };
        // Config waivers depend on the file itself, not just on the override set.
        if let Some(c) = &config {
            let rel = relative_to(path, &c.dir);
            let waivers: Vec<Waiver> = c
                .waivers
                .iter()
                .filter(|w| w.declarations.as_ref().is_none_or(|g| g.is_match(&rel)))
                .map(|w| w.waiver.clone())
                .collect();
            if !waivers.is_empty() {
                let mut p = (*policy).clone();
                p.waivers = waivers;
                return Ok(Arc::new(p));
            }
        }
        Ok(policy)
    }

    /// The rule packs of every configuration loaded so far.
    pub fn config_packs(&self) -> Vec<Arc<RulePack>> {
        let loaded = self.loaded.lock().unwrap();
        let mut out: Vec<Arc<RulePack>> = Vec::new();
        for c in loaded.values().flatten() {
            for p in &c.packs {
                if !out.iter().any(|q| Arc::ptr_eq(p, q)) {
                    out.push(p.clone());
                }
            }
        }
        out
    }

    fn find(&self, path: &Path) -> Option<PathBuf> {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let start = if abs.is_dir() {
            abs
        } else {
            abs.parent()?.to_path_buf()
        };
        let mut visited = Vec::new();
        let mut dir = Some(start.as_path());
        let mut found = None;
        while let Some(d) = dir {
            if let Some(hit) = self.found.lock().unwrap().get(d) {
                found = hit.clone();
                break;
            }
            visited.push(d.to_path_buf());
            let candidate = d.join(CONFIG_FILE);
            if candidate.is_file() {
                // Shown relative to the working directory when it is below it.
                let cwd = std::env::current_dir().ok();
                let shown = cwd
                    .as_deref()
                    .and_then(|c| candidate.strip_prefix(c).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or(candidate);
                found = Some(shown);
                break;
            }
            dir = d.parent();
        }
        let mut cache = self.found.lock().unwrap();
        for d in visited {
            cache.insert(d, found.clone());
        }
        found
    }

    fn load(&self, file: &Path, packs: &[Arc<RulePack>]) -> Result<Arc<Config>, Arc<FileReport>> {
        if let Some(c) = self.loaded.lock().unwrap().get(file) {
            return c.clone();
        }
        let result = load_config(file, packs).map(Arc::new).map_err(Arc::new);
        self.loaded
            .lock()
            .unwrap()
            .insert(file.to_path_buf(), result.clone());
        result
    }
}

/// `path` relative to `dir` (both made absolute), for glob matching.
fn relative_to(path: &Path, dir: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let abs = normalize(&abs);
    let dir = normalize(&std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()));
    abs.strip_prefix(&dir).map(Path::to_path_buf).unwrap_or(abs)
}

/// Remove `.` and resolve `..` lexically.
fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Load and check a configuration file against the run's rule packs.
pub fn load_config(file: &Path, packs: &[Arc<RulePack>]) -> Result<Config, FileReport> {
    let report = |source: Option<Arc<str>>, diagnostics: Vec<Diagnostic>| FileReport {
        path: file.to_path_buf(),
        source,
        diagnostics,
    };
    let text = match std::fs::read(file) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(_) => {
                let d = Diagnostic::new(
                    codes::SYNTAX,
                    Severity::Error,
                    "configuration is not valid UTF-8",
                )
                .at_span(Span::point(crate::base::Pos::new(1, 1)));
                return Err(report(None, vec![d]));
            }
        },
        Err(e) => {
            let d = Diagnostic::new(
                codes::SYNTAX,
                Severity::Error,
                format!(
                    "cannot read configuration: {}",
                    crate::discover::io_message(&e)
                ),
            )
            .at_span(Span::point(crate::base::Pos::new(1, 1)));
            return Err(report(None, vec![d]));
        }
    };
    let source: Arc<str> = Arc::from(text.as_str());
    let doc = match toml::parse(&text, codes::SYNTAX) {
        Ok(d) => d,
        Err(d) => return Err(report(Some(source), vec![*d])),
    };
    let mut diagnostics = config_validator().validate(&doc.value);
    let dir = file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut config = Config {
        path: file.to_path_buf(),
        dir: if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        },
        base: Layer::default(),
        overrides: Vec::new(),
        waivers: Vec::new(),
        packs: Vec::new(),
    };
    if diagnostics.is_empty() {
        let mut checker = Checker {
            doc: &doc,
            packs,
            extra: Vec::new(),
            problems: Vec::new(),
        };
        // The configuration's own packs first: its rule ids are valid references.
        if let Some(dirs) = doc.value.get("rules").and_then(Value::as_array) {
            let dirs: Vec<PathBuf> = dirs
                .iter()
                .filter_map(Value::as_str)
                .map(|d| config.dir.join(d))
                .collect();
            let mut taken: Vec<String> = packs
                .iter()
                .flat_map(|p| p.rules.iter().map(|r| r.id.clone()))
                .collect();
            let mut loaded = Vec::new();
            for (i, d) in dirs.iter().enumerate() {
                let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
                match crate::rules::pack::load_dir(d, &refs) {
                    Ok(rules) => {
                        taken.extend(rules.iter().map(|r| r.id.clone()));
                        loaded.push(Arc::new(RulePack { rules }));
                    }
                    Err(broken) => {
                        for b in broken {
                            let first = b.diagnostics.first().map(|d| d.message.clone());
                            checker.problem(
                                &format!("/rules/{i}"),
                                format!(
                                    "rule pack `{}` is broken: {}",
                                    crate::base::display_path(&b.path),
                                    first.unwrap_or_default()
                                ),
                                Some(format!(
                                    "run `vendorlint rules --rules {}` to see every problem in it",
                                    crate::base::display_path(d)
                                )),
                            );
                        }
                    }
                }
            }
            checker.extra = loaded.clone();
            config.packs = loaded;
        }
        config.base = checker.layer(&doc.value, "");
        if let Some(list) = doc.value.get("overrides").and_then(Value::as_array) {
            for (i, o) in list.iter().enumerate() {
                let at = format!("/overrides/{i}");
                let globs = checker.globs(o.get("paths"), &format!("{at}/paths"));
                let layer = checker.layer(o, &at);
                config.overrides.push(Override { globs, layer });
            }
        }
        if let Some(list) = doc.value.get("waivers").and_then(Value::as_array) {
            for (i, w) in list.iter().enumerate() {
                let at = format!("/waivers/{i}");
                checker.rule_ref(w.get("rule"), &format!("{at}/rule"));
                let declarations = w
                    .get("declarations")
                    .map(|g| checker.globs(Some(g), &format!("{at}/declarations")));
                for k in ["decided_on", "expires"] {
                    let d = w.get(k).and_then(Value::as_str).unwrap_or_default();
                    if parse_date(d).is_none() {
                        checker.problem(
                            &format!("{at}/{k}"),
                            format!("`{d}` is not a calendar date"),
                            None,
                        );
                    }
                }
                let span = doc.locate(&at, Target::Key);
                let mut waiver = Waiver::from_declaration(w, String::new());
                if let Some(waiver) = waiver.as_mut() {
                    waiver.at = WaiverPlace::Config {
                        path: file.to_path_buf(),
                        span,
                        named: declarations.is_some(),
                    };
                    config.waivers.push(ConfigWaiver {
                        waiver: waiver.clone(),
                        declarations,
                    });
                }
            }
        }
        diagnostics = checker.problems;
    }
    if !diagnostics.is_empty() {
        for d in &mut diagnostics {
            if d.span.is_none()
                && let Some(p) = &d.pointer
            {
                d.span = Some(doc.locate(p, d.target));
            }
        }
        diagnostics.sort_by_key(|d| d.span);
        return Err(report(Some(source), diagnostics));
    }
    Ok(config)
}

/// Checks the parts of a configuration that depend on the rule packs.
struct Checker<'a> {
    doc: &'a Document,
    packs: &'a [Arc<RulePack>],
    /// The configuration's own packs.
    extra: Vec<Arc<RulePack>>,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn problem(&mut self, pointer: &str, message: String, help: Option<String>) {
        self.problem_at(pointer, Target::Value, message, help);
    }

    fn problem_at(&mut self, pointer: &str, target: Target, message: String, help: Option<String>) {
        let mut d =
            Diagnostic::new(codes::INVALID, Severity::Error, message).at_pointer(pointer, target);
        d.help = help;
        self.problems.push(d);
    }

    fn span(&self, pointer: &str, target: Target) -> Span {
        self.doc.locate(pointer, target)
    }

    fn rules(&self) -> impl Iterator<Item = &crate::rules::Rule> {
        self.packs.iter().chain(&self.extra).flat_map(|p| &p.rules)
    }

    /// Rule ids and families that exist (pack rules and tool codes).
    fn known_refs(&self) -> Vec<String> {
        let mut refs: Vec<String> = self
            .rules()
            .map(|r| r.id.clone())
            .chain(
                crate::base::codes::CORE_CODES
                    .iter()
                    .map(|c| c.id.to_string()),
            )
            .collect();
        let families: Vec<String> = refs
            .iter()
            .filter_map(|id| id.split_once('-').map(|(f, _)| f.to_string()))
            .collect();
        refs.extend(families);
        refs.sort();
        refs.dedup();
        refs
    }

    fn rule_ref(&mut self, v: Option<&Value>, pointer: &str) -> Option<String> {
        self.rule_ref_at(v, pointer, Target::Value)
    }

    fn rule_ref_at(&mut self, v: Option<&Value>, pointer: &str, target: Target) -> Option<String> {
        let id = v?.as_str()?.to_string();
        let refs = self.known_refs();
        if refs.iter().any(|r| r.eq_ignore_ascii_case(&id)) {
            return Some(id.to_ascii_uppercase());
        }
        let help = did_you_mean(&id, refs.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("`vendorlint rules` lists the rule ids".to_string()));
        self.problem_at(
            pointer,
            target,
            format!("no rule or rule family `{id}`"),
            help,
        );
        None
    }

    fn globs(&mut self, v: Option<&Value>, pointer: &str) -> GlobSet {
        let mut b = GlobSetBuilder::new();
        for (i, g) in v
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let g = g.as_str().unwrap_or_default();
            // `dir/` and `dir` mean everything under it, as in .gitignore.
            let pattern = g.trim_start_matches("./").trim_end_matches('/');
            match Glob::new(pattern) {
                Ok(glob) => {
                    b.add(glob);
                    if !pattern.contains(['*', '?', '[', '{'])
                        && let Ok(under) = Glob::new(&format!("{pattern}/**"))
                    {
                        b.add(under);
                    }
                }
                Err(e) => self.problem(
                    &format!("{pointer}/{i}"),
                    format!("`{g}` is not a valid glob pattern: {}", e.kind()),
                    None,
                ),
            }
        }
        b.build().unwrap_or_else(|_| GlobSet::empty())
    }

    fn layer(&mut self, v: &Value, at: &str) -> Layer {
        let mut layer = Layer::default();
        if let Some(p) = v.get("profile").and_then(Value::as_str) {
            layer.profile = Some((
                p.to_string(),
                self.span(&format!("{at}/profile"), Target::Value),
            ));
        }
        if let Some(list) = v.get("select").and_then(Value::as_array) {
            let mut ids = Vec::new();
            for (i, x) in list.iter().enumerate() {
                if let Some(id) = self.rule_ref(Some(x), &format!("{at}/select/{i}")) {
                    ids.push(id);
                }
            }
            layer.select = Some((ids, self.span(&format!("{at}/select"), Target::Value)));
        }
        if let Some(list) = v.get("ignore").and_then(Value::as_array) {
            for (i, x) in list.iter().enumerate() {
                let p = format!("{at}/ignore/{i}");
                if let Some(id) = self.rule_ref(Some(x), &p) {
                    layer.ignore.push((id, self.span(&p, Target::Value)));
                }
            }
        }
        if let Some(map) = v.get("severity").and_then(Value::as_object) {
            for (k, level) in map {
                let p = pointer_join(&format!("{at}/severity"), k);
                if k.to_ascii_uppercase().starts_with("LOAD") {
                    self.problem_at(
                        &p,
                        Target::Key,
                        format!("`{k}`: a file that does not load is always an error"),
                        None,
                    );
                    continue;
                }
                if let (Some(id), Some(level)) = (
                    self.rule_ref_at(Some(&Value::String(k.clone())), &p, Target::Key),
                    level.as_str().and_then(Level::parse),
                ) {
                    layer.severity.push((id, level, self.span(&p, Target::Key)));
                }
            }
        }
        if let Some(map) = v.get("params").and_then(Value::as_object) {
            for (k, value) in map {
                let p = pointer_join(&format!("{at}/params"), k);
                if self.param(k, value, &p) {
                    layer
                        .params
                        .push((k.clone(), value.clone(), self.span(&p, Target::Key)));
                }
            }
        }
        layer
    }

    /// Whether `name = value` fits a parameter some rule has (same JSON type as its default).
    fn param(&mut self, name: &str, value: &Value, pointer: &str) -> bool {
        let defaults: Vec<(String, Value)> = self
            .rules()
            .filter_map(|r| r.params.get(name).map(|d| (r.id.clone(), d.clone())))
            .collect();
        let Some((_, default)) = defaults.first().cloned() else {
            let mut names: Vec<String> = self
                .rules()
                .flat_map(|r| r.params.keys().cloned())
                .collect();
            names.sort();
            names.dedup();
            let help = did_you_mean(name, names.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| {
                    Some("`vendorlint rules --format json` lists each rule's parameters".into())
                });
            self.problem_at(
                pointer,
                Target::Key,
                format!("no rule has a parameter `{name}`"),
                help,
            );
            return false;
        };
        if let Some(why) = type_mismatch(&default, value) {
            let users: Vec<String> = defaults.iter().map(|(r, _)| r.clone()).collect();
            self.problem(
                pointer,
                format!(
                    "`{name}` must be {why} (its default in {} is {})",
                    users.join(", "),
                    default
                ),
                None,
            );
            return false;
        }
        true
    }
}

/// Why `value` cannot replace `default`, if it cannot.
fn type_mismatch(default: &Value, value: &Value) -> Option<&'static str> {
    match (default, value) {
        (Value::Number(d), Value::Number(v)) => {
            if d.is_i64() && !v.is_i64() {
                Some("a whole number")
            } else if v.as_f64().is_some_and(|x| x < 0.0) {
                Some("zero or more")
            } else {
                None
            }
        }
        (Value::Number(d), _) if d.is_i64() => Some("a whole number"),
        (Value::Number(_), _) => Some("a number"),
        (Value::String(_), Value::String(_)) => None,
        (Value::String(_), _) => Some("a string"),
        (Value::Bool(_), Value::Bool(_)) => None,
        (Value::Bool(_), _) => Some("true or false"),
        (Value::Array(d), Value::Array(v)) => {
            let strings = d.iter().all(Value::is_string);
            if strings && !v.iter().all(Value::is_string) {
                Some("a list of strings")
            } else {
                None
            }
        }
        (Value::Array(_), _) => Some("a list"),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

//! Semantic checks: what the schema cannot know. A configuration's rule selectors must name
//! rules that exist (in the run's packs, the packs the configuration adds, or the tool's own
//! codes), its parameters must be parameters some rule has, with a value of the right type,
//! its globs must compile and its dates exist. What passes becomes a `Config`.

use super::file::{self, ConfigFile, Settings, Spanned};
use super::names::{Names, Suggest};
use super::policy::{Layer, is_load_code};
use super::waivers::{ConfigWaiver, DEFAULT_MAX_YEARS, Waiver, WaiverPlace};
use crate::base::codes::{CORE_CODES, config as codes, selector_matches};
use crate::base::dates::parse_date;
use crate::base::{Diagnostic, FileReport, Severity, Span, display_path};
use crate::rules::{Rule, RulePack};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A loaded, checked `vendorlint.toml`.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// The directory globs and paths in it are relative to.
    pub dir: PathBuf,
    pub(super) base: Layer,
    pub(super) overrides: Vec<Override>,
    pub(super) waivers: Vec<ConfigWaiver>,
    /// `max_waiver_years` and where it is written (`None`: the default).
    pub(super) max_waiver_years: (u32, Option<Span>),
    /// Rule packs the configuration adds (`rules = [...]`), after the run's own.
    pub packs: Vec<Arc<RulePack>>,
    /// The text, for the configuration's own report (`waiver_report.rs`).
    pub(super) source: Arc<str>,
}

#[derive(Debug, Clone)]
pub(super) struct Override {
    pub globs: GlobSet,
    pub layer: Layer,
}

impl Config {
    /// The `[[overrides]]` (0-based, in order) whose globs match `rel`, a path relative to
    /// the configuration's directory.
    pub(super) fn matching_overrides(&self, rel: &Path) -> Vec<usize> {
        (self.overrides.iter().enumerate())
            .filter(|(_, o)| o.globs.is_match(rel))
            .map(|(i, _)| i)
            .collect()
    }

    /// The configuration's waivers that apply to the declaration at `rel`.
    pub(super) fn waivers_for(&self, rel: &Path) -> Vec<Waiver> {
        (self.waivers.iter())
            .filter(|w| w.declarations.as_ref().is_none_or(|g| g.is_match(rel)))
            .map(|w| w.waiver.clone())
            .collect()
    }
}

/// Load and check a configuration file against the run's rule packs.
pub fn load_config(path: &Path, packs: &[Arc<RulePack>]) -> Result<Config, FileReport> {
    let parsed = file::read(path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut checker = Checker {
        packs,
        extra: Vec::new(),
        problems: Vec::new(),
        names: None,
    };
    let mut config = checker.config(path, dir, &parsed.file);
    if checker.problems.is_empty() {
        config.source = parsed.source;
        return Ok(config);
    }
    // Sorted by place; a did-you-mean is computed only for the problems reported.
    let mut problems = std::mem::take(&mut checker.problems);
    problems.sort_by_key(|(d, _)| d.span);
    let names = checker.names();
    let diagnostics = (problems.into_iter().enumerate())
        .map(|(i, (mut d, suggest))| {
            if i <= file::MAX_PROBLEMS
                && let Some(s) = suggest
            {
                d.help = Some(names.suggest(&s));
            }
            d
        })
        .collect();
    let diagnostics = file::cap_problems(diagnostics);
    Err(FileReport {
        path: path.to_path_buf(),
        source: Some(parsed.source),
        diagnostics,
        questions: Vec::new(),
    })
}

/// Checks the parts of a configuration that depend on the rule packs.
struct Checker<'a> {
    packs: &'a [Arc<RulePack>],
    /// The configuration's own packs.
    extra: Vec<Arc<RulePack>>,
    /// Each problem, and the did-you-mean to compute for it if it is reported.
    problems: Vec<(Diagnostic, Option<Suggest>)>,
    /// What the packs name, indexed once (after `extra` is loaded): a configuration with
    /// 300,000 keys looks each one up, it does not scan every rule for each.
    names: Option<Arc<Names>>,
}

impl Checker<'_> {
    fn problem(&mut self, span: Span, message: String, help: Option<String>) {
        let mut d = Diagnostic::new(codes::INVALID, Severity::Error, message).at_span(span);
        d.help = help;
        self.problems.push((d, None));
    }

    /// A problem whose help is a did-you-mean, computed only if the problem is reported (a
    /// file of 300,000 misspelled keys reports the first `MAX_PROBLEMS`).
    fn unknown(&mut self, span: Span, message: String, suggest: Suggest) {
        let d = Diagnostic::new(codes::INVALID, Severity::Error, message).at_span(span);
        self.problems.push((d, Some(suggest)));
    }

    fn config(&mut self, path: &Path, dir: PathBuf, file: &ConfigFile) -> Config {
        // The configuration's own packs first: its rule ids are valid selectors.
        self.extra = self.packs_of(&dir, &file.rules);
        let base = self.layer(&file.settings);
        let overrides = (file.overrides.iter())
            .map(|o| Override {
                globs: self.globs(&o.paths),
                layer: self.layer(&o.settings),
            })
            .collect();
        let mut waivers = Vec::new();
        for w in &file.waivers {
            let rule_ok = self.selector(&w.rule).is_some();
            let (declarations, pattern_of) = match &w.declarations {
                Some(g) => {
                    let (set, from) = self.globs_of(g);
                    (Some(set), from)
                }
                None => (None, Vec::new()),
            };
            let mut dates_ok = true;
            for date in [&w.decided_on, &w.expires] {
                if parse_date(&date.value).is_none() {
                    self.problem(
                        date.span,
                        format!("`{}` is not a calendar date", date.value),
                        None,
                    );
                    dates_ok = false;
                }
            }
            if !(rule_ok && dates_ok) {
                continue;
            }
            waivers.push(ConfigWaiver {
                waiver: Waiver {
                    rule: w.rule.value.clone(),
                    service: w.service.clone(),
                    pointer: w.pointer.clone(),
                    reason: w.reason.clone(),
                    approved_by: w.approved_by.clone(),
                    decided_on: w.decided_on.value.clone(),
                    expires: w.expires.value.clone(),
                    at: WaiverPlace::Config {
                        path: path.to_path_buf(),
                        span: w.span,
                        named: declarations.is_some(),
                        index: waivers.len(),
                    },
                },
                declarations,
                expires: w.expires.span,
                patterns: w.declarations.clone().unwrap_or_default(),
                pattern_of,
            });
        }
        Config {
            path: path.to_path_buf(),
            dir,
            base,
            overrides,
            waivers,
            max_waiver_years: file
                .max_waiver_years
                .as_ref()
                .map_or((DEFAULT_MAX_YEARS, None), |y| (y.value, Some(y.span))),
            packs: self.extra.clone(),
            source: Arc::from(""),
        }
    }

    /// Load the rule packs a configuration names; a broken one is a problem at its entry.
    fn packs_of(&mut self, dir: &Path, dirs: &[Spanned<String>]) -> Vec<Arc<RulePack>> {
        let mut taken: Vec<String> = (self.packs.iter())
            .flat_map(|p| p.rules.iter().map(|r| r.id.clone()))
            .collect();
        let mut loaded = Vec::new();
        for d in dirs {
            let full = dir.join(&d.value);
            let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
            match crate::rules::pack::load_dir(&full, &refs) {
                Ok(rules) => {
                    taken.extend(rules.iter().map(|r| r.id.clone()));
                    loaded.push(Arc::new(RulePack { rules }));
                }
                Err(broken) => {
                    for b in broken {
                        let first = b.diagnostics.first().map(|d| d.message.clone());
                        self.problem(
                            d.span,
                            format!(
                                "rule pack `{}` is broken: {}",
                                display_path(&b.path),
                                first.unwrap_or_default()
                            ),
                            Some(format!(
                                "run `vendorlint rules --rules {}` to see every problem in it",
                                display_path(&full)
                            )),
                        );
                    }
                }
            }
        }
        loaded
    }

    fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.packs.iter().chain(&self.extra).flat_map(|p| &p.rules)
    }

    /// The packs' names, indexed on first use (after the configuration's own packs).
    fn names(&mut self) -> Arc<Names> {
        if self.names.is_none() {
            self.names = Some(Arc::new(Names::index(&self.rules().collect::<Vec<_>>())));
        }
        self.names.clone().unwrap_or_default()
    }

    /// A selector, upper-cased, if it covers at least one rule that exists.
    fn selector(&mut self, s: &Spanned<String>) -> Option<String> {
        let names = self.names();
        if names.ids.iter().any(|id| selector_matches(&s.value, id)) {
            return Some(s.value.to_ascii_uppercase());
        }
        self.unknown(
            s.span,
            format!("no rule or rule family `{}`", s.value),
            Suggest::Selector(s.value.clone()),
        );
        None
    }

    fn globs(&mut self, patterns: &[Spanned<String>]) -> GlobSet {
        self.globs_of(patterns).0
    }

    /// The set of `patterns`, and for each glob in it the pattern (0-based) it comes from;
    /// a pattern that is no glob is a problem at its place. `dir/` and `dir` mean everything
    /// under it, as in .gitignore.
    fn globs_of(&mut self, patterns: &[Spanned<String>]) -> (GlobSet, Vec<usize>) {
        let mut b = GlobSetBuilder::new();
        let mut from = Vec::new();
        for (i, g) in patterns.iter().enumerate() {
            let pattern = g.value.trim_start_matches("./").trim_end_matches('/');
            match Glob::new(pattern) {
                Ok(glob) => {
                    b.add(glob);
                    from.push(i);
                    if !pattern.contains(['*', '?', '[', '{'])
                        && let Ok(under) = Glob::new(&format!("{pattern}/**"))
                    {
                        b.add(under);
                        from.push(i);
                    }
                }
                Err(e) => self.problem(
                    g.span,
                    format!("`{}` is not a valid glob pattern: {}", g.value, e.kind()),
                    None,
                ),
            }
        }
        (b.build().unwrap_or_else(|_| GlobSet::empty()), from)
    }

    fn layer(&mut self, s: &Settings) -> Layer {
        let mut layer = Layer {
            profile: s.profile.as_ref().map(|p| (p.value.clone(), p.span)),
            questions: s.questions.as_ref().map(|q| (q.value, q.span)),
            ..Layer::default()
        };
        if let Some(list) = &s.select {
            let ids = list.value.iter().filter_map(|x| self.selector(x)).collect();
            layer.select = Some((ids, list.span));
        }
        for x in &s.ignore {
            if let Some(id) = self.selector(x) {
                layer.ignore.push((id, x.span));
            }
        }
        for (k, level) in &s.severity {
            if CORE_CODES
                .iter()
                .any(|c| is_load_code(c.id) && selector_matches(&k.value, c.id))
            {
                let message = format!(
                    "`{}`: a file that does not load is always an error",
                    k.value
                );
                self.problem(k.span, message, None);
                continue;
            }
            if let Some(id) = self.selector(k) {
                layer.severity.push((id, *level, k.span));
            }
        }
        for (k, value) in &s.params {
            if self.param(k, value) {
                layer
                    .params
                    .push((k.value.clone(), value.value.clone(), k.span));
            }
        }
        layer
    }

    /// Whether `name = value` fits a parameter some rule has (same JSON type as its default).
    fn param(&mut self, name: &Spanned<String>, value: &Spanned<Value>) -> bool {
        let names = self.names();
        let Some(defaults) = names.params.get(&name.value) else {
            self.unknown(
                name.span,
                format!("no rule has a parameter `{}`", name.value),
                Suggest::Param(name.value.clone()),
            );
            return false;
        };
        let default = &defaults[0].1;
        if let Some(why) = type_mismatch(default, &value.value) {
            let users: Vec<String> = defaults.iter().map(|(r, _)| r.clone()).collect();
            self.problem(
                value.span,
                format!(
                    "`{}` must be {why} (its default in {} is {})",
                    name.value,
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

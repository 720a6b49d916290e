//! Finding each declaration's configuration, and a run's cache of what was found, loaded
//! and resolved: 10,000 files under one vendorlint.toml read it once and resolve one policy
//! per set of matching overrides.

use super::CONFIG_FILE;
use super::check::{Config, load_config};
use super::policy::Policy;
use super::waiver_report::{self, WaiverLog, WaiverUse};
use super::waivers::Waiver;
use crate::base::{FileReport, normalize_path};
use crate::rules::RulePack;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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

/// Resolves and caches configurations and policies for one run (shared by its threads).
#[derive(Debug, Default)]
pub struct Resolver {
    /// Directory -> the config file that governs it (`None`: none up to the root).
    found: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Config file -> loaded config, or its problems.
    loaded: Mutex<HashMap<PathBuf, Loaded>>,
    /// (config, matched overrides) -> policy.
    policies: Mutex<HashMap<PolicyKey, Arc<Policy>>>,
    /// What the configurations' waivers did in each declaration, for `config_reports`
    /// (`None`: they are reported at the declarations, as an editor's lint of one buffer does).
    waiver_log: Option<Arc<Mutex<Vec<WaiverUse>>>>,
}

impl Resolver {
    /// A resolver for a run of `vendorlint check`: what a configuration's waivers did is
    /// logged, and `config_reports` reports it at the waivers' places in vendorlint.toml.
    pub fn collecting() -> Resolver {
        Resolver {
            waiver_log: Some(Arc::default()),
            ..Resolver::default()
        }
    }

    /// What each configuration loaded in this run says about its own `[[waivers]]`, one report
    /// per vendorlint.toml that has something to say, after the declarations `files` were
    /// linted (WAIVER-001..005 at the waiver's entry, its `expires` or its pattern). Empty
    /// unless the resolver is `collecting`, and when no declaration was checked.
    pub fn config_reports(
        &self,
        today: &str,
        files: &[PathBuf],
        selected: &dyn Fn(&str, &[String]) -> bool,
    ) -> Vec<FileReport> {
        let Some(log) = &self.waiver_log else {
            return Vec::new();
        };
        if files.is_empty() {
            return Vec::new();
        }
        let uses = std::mem::take(&mut *log.lock().unwrap());
        let mut by_config: HashMap<&Path, Vec<&WaiverUse>> = HashMap::new();
        for u in &uses {
            by_config.entry(&u.config).or_default().push(u);
        }
        let mut configs: Vec<Arc<Config>> = (self.loaded.lock().unwrap().values())
            .filter_map(|c| c.as_ref().ok().cloned())
            .collect();
        configs.sort_by(|a, b| a.path.cmp(&b.path));
        (configs.iter())
            .filter_map(|c| {
                let uses = by_config
                    .get(c.path.as_path())
                    .map_or(&[][..], Vec::as_slice);
                waiver_report::report(c, uses, today, files, selected)
            })
            .collect()
    }

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
        let rel = config.as_ref().map(|c| relative_to(path, &c.dir));
        let matched: Vec<usize> = match (&config, &rel) {
            (Some(c), Some(rel)) => c.matching_overrides(rel),
            _ => Vec::new(),
        };
        let key = (file.clone(), matched.clone());
        let cached = self.policies.lock().unwrap().get(&key).cloned();
        let policy = match cached {
            Some(p) => p,
            None => {
                let p = Arc::new(match &config {
                    None => Policy::without_config(packs.to_vec(), profile),
                    Some(c) => Policy::with_config(c, matched, packs, profile),
                });
                self.policies.lock().unwrap().insert(key, p.clone());
                p
            }
        };
        // Config waivers depend on the file itself, not just on the override set.
        if let (Some(c), Some(rel)) = (&config, &rel) {
            let waivers: Vec<Waiver> = c.waivers_for(rel);
            if !waivers.is_empty() {
                let mut p = (*policy).clone();
                p.waivers = waivers;
                p.waiver_log = self.waiver_log.as_ref().map(|sink| WaiverLog {
                    declaration: path.to_path_buf(),
                    sink: sink.clone(),
                });
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

    fn load(&self, file: &Path, packs: &[Arc<RulePack>]) -> Loaded {
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
pub(super) fn relative_to(path: &Path, dir: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let abs = normalize_path(&abs);
    let dir = normalize_path(&std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()));
    abs.strip_prefix(&dir).map(Path::to_path_buf).unwrap_or(abs)
}

//! Baselines: adopt vendorlint in a repository that already has findings. `check
//! --write-baseline FILE` records today's findings; `check --baseline FILE` reports only
//! findings that are not in it.
//!
//! A finding is identified by its fingerprint: the rule and the *stable* JSON pointer of what
//! it is about, where list indices are replaced by the `id` of the item when it has one
//! (`/services/@cloud-servers/controls/backup`). Lines do not enter it, so inserting text
//! above a finding, or reordering services, does not make it new.
//!
//! A fingerprint alone would hide a regression at the same place: `restore_tested: unknown`
//! becoming `false` keeps the rule and the pointer. So a baseline (version 2) also records
//! each finding's severity and a digest of the value at its pointer, and an entry matches a
//! finding only while both are unchanged. Version 1 baselines (fingerprints only) are still
//! read, and match by fingerprint as before.

use crate::base::{Diagnostic, escape_token, pointer_tokens};
use crate::base::{FileReport, normalize_path};
use crate::load::{Format, Limits, load_bytes};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The stable fingerprint of a finding (32 hex digits) under the rule id `rule` (its own, or
/// a former one).
pub fn fingerprint(doc: Option<&Value>, rule: &str, d: &Diagnostic) -> String {
    let place = match (&d.pointer, doc) {
        (Some(p), Some(doc)) => stable_pointer(doc, p),
        (Some(p), None) => p.clone(),
        // A whole-file problem (a syntax error) is identified by what it says.
        (None, _) => d.message.clone(),
    };
    let digest = Sha256::digest(format!("{rule}\u{0}{place}").as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// `pointer` with each list index replaced by `@id` where the item has a string `id`.
pub fn stable_pointer(doc: &Value, pointer: &str) -> String {
    let mut out = String::new();
    let mut at = Some(doc);
    for token in pointer_tokens(pointer) {
        let next = at.and_then(|v| match v {
            Value::Object(m) => m.get(&token),
            Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        });
        let id = match at {
            Some(Value::Array(_)) => next.and_then(|n| n.get("id")).and_then(Value::as_str),
            _ => None,
        };
        out.push('/');
        match id {
            Some(id) => {
                out.push('@');
                out.push_str(&escape_token(id));
            }
            None => out.push_str(&escape_token(&token)),
        }
        at = next;
    }
    out
}

/// The baseline format `render` writes.
pub const VERSION: u64 = 2;

/// A digest (16 hex digits) of the value at `pointer` in `doc`: what triggered the finding.
/// A pointer to nothing (a missing key) digests as absent.
pub fn value_digest(doc: Option<&Value>, pointer: Option<&str>) -> String {
    let text = match (doc, pointer) {
        (Some(doc), Some(p)) => doc
            .pointer(p)
            .map_or_else(|| "\u{0}absent".to_string(), Value::to_string),
        _ => "\u{0}absent".to_string(),
    };
    let digest = Sha256::digest(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The parsed declaration of a report, from its text (which a report with findings keeps).
fn document_of(f: &FileReport) -> Option<Value> {
    let text = f.source.as_ref()?;
    load_bytes(
        text.as_bytes(),
        Format::from_path(&f.path),
        &Limits::default(),
    )
    .document
    .map(|d| d.value)
}

/// A recorded set of findings.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// Paths in it are relative to this directory.
    dir: PathBuf,
    /// (path, fingerprint) -> the recorded findings (indices into `recorded`) that have it.
    entries: HashMap<(String, String), Vec<usize>>,
    /// Each recorded finding as written: path, fingerprint, rule and message.
    recorded: Vec<Recorded>,
}

/// A finding as a baseline records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// Relative to the baseline's directory.
    pub path: String,
    pub fingerprint: String,
    pub rule: String,
    pub message: String,
    /// The severity and value digest it was recorded with (version 2); `None` in a version
    /// 1 baseline, which then matches by fingerprint alone.
    pub state: Option<(String, String)>,
}

impl Baseline {
    /// Read a baseline file written by `--write-baseline`.
    pub fn read(file: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read baseline {}: {e}", file.display()))?;
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| format!("baseline {} is not JSON: {e}", file.display()))?;
        let version = v.get("vendorlint_baseline").and_then(Value::as_u64);
        match version {
            Some(1..=VERSION) => {}
            Some(n) => {
                return Err(format!(
                    "baseline {} is version {n}, written by a newer vendorlint (this one reads versions 1 to {VERSION})",
                    file.display()
                ));
            }
            None => {
                return Err(format!(
                    "{} is not a vendorlint baseline (no `\"vendorlint_baseline\": {VERSION}`)",
                    file.display()
                ));
            }
        }
        let mut entries: HashMap<(String, String), Vec<usize>> = HashMap::new();
        let mut recorded = Vec::new();
        for f in v["findings"].as_array().into_iter().flatten() {
            let (Some(p), Some(fp)) = (f["path"].as_str(), f["fingerprint"].as_str()) else {
                return Err(format!(
                    "baseline {}: every finding needs `path` and `fingerprint`",
                    file.display()
                ));
            };
            // Tolerant: an entry without both (version 1, or written by hand) matches by
            // its fingerprint alone.
            let state = match (f["severity"].as_str(), f["value"].as_str()) {
                (Some(s), Some(d)) => Some((s.to_string(), d.to_string())),
                _ => None,
            };
            entries
                .entry((p.to_string(), fp.to_string()))
                .or_default()
                .push(recorded.len());
            recorded.push(Recorded {
                path: p.to_string(),
                fingerprint: fp.to_string(),
                rule: f["rule"].as_str().unwrap_or("").to_string(),
                message: f["message"].as_str().unwrap_or("").to_string(),
                state,
            });
        }
        Ok(Baseline {
            dir: base_dir(file),
            entries,
            recorded,
        })
    }

    /// What changed since the baseline, without filtering anything: the findings of `files`
    /// it does not record (file index, finding index), and what it records that no finding
    /// matches any more (fixed, changed, or gone with its file). A finding matches a recorded
    /// one with its fingerprint (or one under a former id of its rule) and, where the entry
    /// records them, the same severity and value: a regression at the same place is new.
    pub fn compare(&self, files: &[FileReport]) -> (Vec<(usize, usize)>, Vec<Recorded>) {
        let mut taken = vec![false; self.recorded.len()];
        let mut new = Vec::new();
        for (fi, f) in files.iter().enumerate() {
            let path = relative(&f.path, &self.dir);
            let mut doc: Option<Option<Value>> = None;
            for (di, d) in f.diagnostics.iter().enumerate() {
                let mut hit = None;
                for fp in d.fingerprint.iter().chain(&d.former_fingerprints) {
                    let Some(list) = self.entries.get(&(path.clone(), fp.clone())) else {
                        continue;
                    };
                    hit = list.iter().copied().find(|&i| {
                        !taken[i]
                            && self.recorded[i].state.as_ref().is_none_or(|(sev, value)| {
                                let doc = doc.get_or_insert_with(|| document_of(f));
                                sev == d.severity.as_str()
                                    && *value == value_digest(doc.as_ref(), d.pointer.as_deref())
                            })
                    });
                    if hit.is_some() {
                        break;
                    }
                }
                match hit {
                    Some(i) => taken[i] = true,
                    None => new.push((fi, di)),
                }
            }
        }
        let fixed = (self.recorded.iter().zip(&taken))
            .filter(|(_, t)| !**t)
            .map(|(r, _)| r.clone())
            .collect();
        (new, fixed)
    }

    /// A path as the baseline writes it (relative to its directory).
    pub fn relative_path(&self, path: &Path) -> String {
        relative(path, &self.dir)
    }

    /// Remove the findings the baseline records; returns how many were removed.
    pub fn filter(&self, files: &mut [FileReport]) -> usize {
        let (new, _) = self.compare(files);
        let new: std::collections::HashSet<(usize, usize)> = new.into_iter().collect();
        let mut removed = 0;
        for (fi, f) in files.iter_mut().enumerate() {
            let before = f.diagnostics.len();
            let mut di = 0;
            f.diagnostics.retain(|_| {
                di += 1;
                new.contains(&(fi, di - 1))
            });
            removed += before - f.diagnostics.len();
        }
        removed
    }

    /// [`Baseline::filter`] on one file, as a streaming run applies it (a finding is matched
    /// only by entries of its own path, so files can be filtered one by one).
    pub fn filter_file(&self, file: &mut FileReport) -> usize {
        self.filter(std::slice::from_mut(file))
    }
}

/// The baseline file for `files`' findings (waived ones are not recorded: the waiver already
/// covers them).
pub fn render(files: &[FileReport], file: &Path) -> (String, usize) {
    let dir = base_dir(file);
    let mut findings = Vec::new();
    for f in files {
        let path = relative(&f.path, &dir);
        let mut doc: Option<Option<Value>> = None;
        for d in f.diagnostics.iter().filter(|d| d.waived.is_none()) {
            let doc = doc.get_or_insert_with(|| document_of(f));
            findings.push(json!({
                "path": path,
                "rule": d.rule,
                "fingerprint": d.fingerprint,
                "severity": d.severity.as_str(),
                "value": value_digest(doc.as_ref(), d.pointer.as_deref()),
                "message": d.message,
            }));
        }
    }
    let n = findings.len();
    let v = json!({
        "vendorlint_baseline": VERSION,
        "note": "Findings recorded by `vendorlint check --write-baseline`; `--baseline` reports only findings not listed here.",
        "findings": findings,
    });
    (
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n",
        n,
    )
}

fn base_dir(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// `path` relative to `dir`, with `/` separators (so a baseline works on every OS).
fn relative(path: &Path, dir: &Path) -> String {
    let abs = normalize_path(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let dir = normalize_path(dir);
    let rel = match abs.strip_prefix(&dir) {
        Ok(r) => r.to_path_buf(),
        Err(_) => {
            // Outside the baseline's directory: climb with `..`.
            let common = abs
                .components()
                .zip(dir.components())
                .take_while(|(a, b)| a == b)
                .count();
            let mut r = PathBuf::new();
            for _ in dir.components().skip(common) {
                r.push("..");
            }
            for c in abs.components().skip(common) {
                r.push(c);
            }
            r
        }
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stable_pointer_uses_ids() {
        let doc = json!({"services": [{"id": "web"}, {"id": "cloud-servers", "x": [1, 2]}], "a": [{"b": 1}]});
        assert_eq!(
            stable_pointer(&doc, "/services/1/x/0"),
            "/services/@cloud-servers/x/0"
        );
        assert_eq!(stable_pointer(&doc, "/a/0/b"), "/a/0/b");
        assert_eq!(stable_pointer(&doc, "/missing/3"), "/missing/3");
    }

    #[test]
    fn fingerprint_ignores_position_and_order() {
        let a = json!({"services": [{"id": "web"}, {"id": "vm"}]});
        let b = json!({"services": [{"id": "vm"}, {"id": "new"}, {"id": "web"}]});
        let d = |p: &str| {
            Diagnostic::new("BAK-001", crate::base::Severity::Error, "x")
                .at_pointer(p, crate::base::Target::Value)
        };
        assert_eq!(
            fingerprint(Some(&a), "BAK-001", &d("/services/1/controls/backup")),
            fingerprint(Some(&b), "BAK-001", &d("/services/0/controls/backup"))
        );
        assert_ne!(
            fingerprint(Some(&a), "BAK-001", &d("/services/0/controls/backup")),
            fingerprint(Some(&a), "BAK-001", &d("/services/1/controls/backup"))
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/r/vendors/a.yaml"), Path::new("/r")),
            "vendors/a.yaml"
        );
        assert_eq!(
            relative(Path::new("/r/vendors/a.yaml"), Path::new("/r/ci")),
            "../vendors/a.yaml"
        );
    }
}

//! Shared helpers for the end-to-end tests: they run the binary the test build made
//! (`CARGO_BIN_EXE_vendorlint`), never a second build.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A tool `.ci/tools.sh` installs under `.tools/` (npm packages, the Python virtualenv).
pub fn tool(rel: &str) -> PathBuf {
    let p = root().join(".tools").join(rel);
    assert!(
        p.exists(),
        "{} is missing: run `bash .ci/tools.sh` first (the README's test command does)",
        p.display()
    );
    p
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vendorlint"));
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run vendorlint")
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run vendorlint")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

/// A fresh empty directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "vendorlint-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The rules the loader and the schema own (the tests of the format select only these).
pub const CORE: &str = "LOAD,SCHEMA,FMT";

/// The JSON report of a run, limited to loader, schema and YAML-hygiene diagnostics.
pub fn json_report(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["--select", CORE];
    all.extend_from_slice(args);
    json_report_all(&all)
}

/// The JSON report of a run with every rule.
pub fn json_report_all(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = run(&all);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "json output: {e}\nstdout: {}\nstderr: {}",
            stdout(&o),
            stderr(&o)
        )
    });
    (code(&o), v)
}

/// The diagnostics of `check FILE --format json --questions --no-config --select RULES`, run
/// in `dir` on a fixed day: every finding of those rules, open questions included.
pub fn selected_findings(dir: &Path, file: &str, rules: &str) -> Vec<serde_json::Value> {
    let o = run_in(
        dir,
        &[
            "check",
            file,
            "--format",
            "json",
            "--questions",
            "--no-config",
            "--select",
            rules,
            "--today",
            "2026-11-25",
        ],
    );
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    v["diagnostics"].as_array().unwrap().clone()
}

/// (rule, line, column, end_line, end_column) of every diagnostic for `path` in a JSON report.
pub fn spans_for(report: &serde_json::Value, path: &str) -> Vec<(String, u64, u64, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
            )
        })
        .collect()
}

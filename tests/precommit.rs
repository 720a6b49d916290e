//! pre-commit end to end: a temporary git repository uses this repository (at its committed
//! HEAD) as a hook source through the real `pre-commit` from PyPI (installed by
//! `.ci/tools.sh`). pre-commit builds and installs the hook itself (`language: rust`), so this
//! is the one test that compiles the project a second time; its build directory and
//! pre-commit's cache live under `target/`, so later runs reuse them.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.email=ci@example.com", "-c", "user.name=CI"])
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

fn pre_commit(dir: &Path) -> Output {
    let exe = root().join(".tools/venv/bin/pre-commit");
    assert!(
        exe.exists(),
        "pre-commit is missing: run `bash .ci/tools.sh` first (the README's test command does)"
    );
    let target = root().join("target");
    Command::new(exe)
        .current_dir(dir)
        .args(["run", "--all-files", "--color", "never"])
        .env("PRE_COMMIT_HOME", target.join("pre-commit-home"))
        .env("CARGO_TARGET_DIR", target.join("pre-commit-build"))
        // The hook's own install is a release build; keep it as quick as a debug build (it
        // checks two small files): no optimisation, no LTO, many codegen units.
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "false")
        .output()
        .unwrap()
}

#[test]
fn the_hook_fails_on_a_broken_declaration_and_passes_once_it_is_fixed() {
    let head = Command::new("git")
        .current_dir(root())
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    assert!(head.status.success(), "this repository has no commit");
    let rev = String::from_utf8(head.stdout).unwrap().trim().to_string();

    let t = TempDir::new("pre-commit");
    git(t.path(), &["init", "-q"]);
    let good = std::fs::read_to_string(root().join("fixtures/vendors/nordlys-cloud.yaml")).unwrap();
    let broken = good.replacen("\n  country: ", "\n  contry: ", 1);
    assert_ne!(good, broken);
    t.write("vendors/nordlys.yaml", &broken);
    // Other YAML in the repository is not a declaration and is left alone.
    t.write(".github/workflows/ci.yml", "on: push\njobs: {}\n");
    t.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: vendorlint\n        args: [--today, \"2026-11-25\"]\n",
            root().display()
        ),
    );
    git(t.path(), &["add", "-A"]);
    git(t.path(), &["commit", "-qm", "vendor declarations"]);

    let o = pre_commit(t.path());
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("vendorlint"), "{out}");
    assert!(out.contains("SCHEMA-002"), "{out}");
    assert!(out.contains("unknown property `contry`"), "{out}");
    assert!(out.contains("did you mean `country`?"), "{out}");
    assert!(
        out.contains("2 other files skipped: not declarations"),
        "{out}"
    );

    t.write("vendors/nordlys.yaml", &good);
    git(t.path(), &["commit", "-qam", "fix the typo"]);
    let o = pre_commit(t.path());
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("Passed"), "{out}");
}

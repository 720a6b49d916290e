//! The language server end to end: `tests/lsp/` drives the real binary with a real LSP client
//! (pytest-lsp from PyPI, installed by `.ci/tools.sh`).

mod common;
use common::*;
use std::process::Command;

#[test]
fn a_real_lsp_client_gets_diagnostics_hover_and_completion() {
    let pytest = root().join(".tools/venv/bin/pytest");
    assert!(
        pytest.exists(),
        "pytest-lsp is missing: run `bash .ci/tools.sh` first (the README's test command does)"
    );
    let o = Command::new(pytest)
        .current_dir(root())
        .args([
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            "tests/lsp/pytest.ini",
            "tests/lsp",
        ])
        .env("VENDORLINT_BIN", env!("CARGO_BIN_EXE_vendorlint"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("5 passed"), "{}", stdout(&o));
}

//! Bytes as a `vendorlint.toml`: read, validated and checked against the built-in pack by
//! the configuration loader (`config::load_config`), then, when it loads, the policy it
//! gives applied to the reference declaration (profiles, severities, parameters, waivers),
//! and the result rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;
use vendorlint::LintReport;
use vendorlint::config::{CONFIG_FILE, ConfigChoice, load_config};
use vendorlint::rules::examples::REFERENCE_DECLARATION;
use vendorlint_fuzz::{one_file, options, render_all};

/// A directory of this process's own: the configuration is read from a file, and the
/// declaration it governs sits beside it.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("vendorlint-fuzz-config-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

fuzz_target!(|bytes: &[u8]| {
    let dir = dir();
    let config = dir.join(CONFIG_FILE);
    std::fs::write(&config, bytes).unwrap();
    let packs = vec![vendorlint::rules::builtin()];
    match load_config(&config, &packs) {
        Err(broken) => render_all(&LintReport {
            config_errors: vec![broken],
            ..LintReport::default()
        }),
        Ok(_) => {
            let options = vendorlint::LintOptions {
                config: ConfigChoice::File(config.clone()),
                ..options()
            };
            let report = one_file(
                &dir.join("vendors/reference.yaml"),
                REFERENCE_DECLARATION.as_bytes(),
                &options,
            );
            render_all(&report);
        }
    }
});

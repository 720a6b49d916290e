//! One file end to end: bytes -> load -> validate -> every built-in rule -> policy ->
//! positions, as YAML and as JSON, then rendered in every output format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;
use vendorlint::LintOptions;
use vendorlint_fuzz::{one_file, options, render_all};

fuzz_target!(|bytes: &[u8]| {
    static OPTIONS: OnceLock<LintOptions> = OnceLock::new();
    let options = OPTIONS.get_or_init(options);
    for path in ["fuzz.yaml", "fuzz.json"] {
        let report = one_file(Path::new(path), bytes, options);
        render_all(&report);
    }
});

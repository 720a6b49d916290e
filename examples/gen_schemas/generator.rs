//! The three JSON Schemas under `schemas/`, as the exact text of each file. Run
//! `cargo run --example gen_schemas` to write them; `tests/schema_source.rs` fails while a
//! committed file differs from what this module generates.
//!
//! The submodules name their files with `#[path]`, so this module compiles both from the
//! example's `main.rs` and when a test includes it with `#[path]`.

#[path = "config.rs"]
mod config;
#[path = "contract.rs"]
mod contract;
#[path = "controls.rs"]
mod controls;
#[path = "controls_data.rs"]
mod controls_data;
#[path = "controls_ops.rs"]
mod controls_ops;
#[path = "controls_org.rs"]
mod controls_org;
#[path = "declaration.rs"]
mod declaration;
#[path = "fmt.rs"]
mod fmt;
#[path = "parties.rs"]
mod parties;
#[path = "parts.rs"]
mod parts;
#[path = "records.rs"]
mod records;
#[path = "rules.rs"]
mod rules;
#[path = "statement.rs"]
mod statement;

/// Generates the exact text of a schema file, trailing newline included.
pub type Generate = fn() -> String;

/// Each schema file, relative to the crate root, and the function that generates its text.
pub const SCHEMAS: [(&str, Generate); 3] = [
    ("schemas/declaration.v1.schema.json", declaration),
    ("schemas/rules.v1.schema.json", rules),
    ("schemas/config.v1.schema.json", config),
];

/// `schemas/declaration.v1.schema.json`.
pub fn declaration() -> String {
    fmt::fitted(&declaration::schema())
}

/// `schemas/rules.v1.schema.json`.
pub fn rules() -> String {
    fmt::expanded(&rules::schema())
}

/// `schemas/config.v1.schema.json`.
pub fn config() -> String {
    fmt::compact(&config::schema())
}

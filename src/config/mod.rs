//! Organisation policy: `vendorlint.toml`, regulatory profiles, per-path overrides and
//! config-held waivers, resolved into one `Policy` per checked file. One job a file:
//!
//! * `toml.rs`: TOML text into the loader's `Document` (a value and a span for every node);
//! * `file.rs`: the document validated against the configuration schema and read into
//!   typed structs, every value with its span;
//! * `check.rs`: what the schema cannot know (rule selectors, parameters, globs, dates,
//!   the rule packs a configuration adds), giving a `Config`, with `names.rs` indexing
//!   what the packs name;
//! * `discovery.rs`: which configuration governs a file, and a run's cache;
//! * `policy.rs`: layers merged into a `Policy`, and the policy applied to findings;
//! * `profiles.rs`, `waivers.rs`, `baseline.rs`: profiles, accepted risks, baselines;
//! * `waiver_report.rs`: a configuration's waivers reported at their place in it;
//! * `show.rs`: `vendorlint config`.

pub mod baseline;
mod check;
mod discovery;
pub mod file;
mod names;
mod policy;
pub mod profiles;
pub mod show;
pub mod toml;
mod waiver_report;
pub mod waivers;

/// Diagnostic codes of a broken configuration (reported with exit code 2).
pub use crate::base::codes::config as codes;
pub use check::{Config, load_config};
pub use discovery::{ConfigChoice, Resolver};
pub use policy::{Level, Policy, Source, apply_policy, broken_config_notice};
pub use profiles::{DEFAULT_PROFILE, Profile, profiles};
pub use waivers::{Waiver, WaiverPlace};

/// The file name looked for in each checked file's directory and its parents.
pub const CONFIG_FILE: &str = "vendorlint.toml";
pub const CONFIG_SCHEMA: &str = include_str!("../../schemas/config.v1.schema.json");
/// A commented configuration, written by `vendorlint init --config`.
pub const CONFIG_TEMPLATE: &str = include_str!("../../templates/vendorlint.toml");

//! vendorlint: lint vendor security declarations.
//!
//! One pipeline, one direction: [`discover`] files -> [`load`] (parse, keeping positions) ->
//! [`validate`] (JSON Schema) -> evaluate (rules) -> [`report`]. The CLI and the language server
//! are thin adapters over [`lint()`].

pub mod diagnostic;
pub mod discover;
pub mod lint;
pub mod load;
pub mod report;
pub mod validate;

pub use diagnostic::{Diagnostic, Pos, Severity, Span, Target};
pub use lint::{Counts, FileReport, LintOptions, LintReport, lint, lint_bytes};

/// The template `vendorlint init` writes.
pub const DECLARATION_TEMPLATE: &str = include_str!("../templates/declaration.yaml");

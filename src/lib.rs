//! vendorlint: lint vendor security declarations.
//!
//! One pipeline, one direction: [`discover`] files -> [`load`] (parse, keeping positions) ->
//! [`validate`] (JSON Schema) -> evaluate (rules) -> [`report`]. The CLI and the language server
//! are thin adapters over [`lint()`].
//!
//! ```
//! use std::path::Path;
//! use vendorlint::{lint_bytes, LintOptions, Severity};
//!
//! let text = "kind: vendor-declaration\nversion: 1\ndeclaration: {id: acme}\nvendor:\n  name: Acme\n  contry: \"DK\"\n";
//! // Only the schema's findings; the rule pack would also ask who owns this supplier.
//! let options = LintOptions { select: vec!["SCHEMA".into()], ..LintOptions::default() };
//! let result = lint_bytes(Path::new("acme.yaml"), text.as_bytes(), &options);
//! let d = &result.file.diagnostics[0];
//! assert_eq!(d.rule, "SCHEMA-002");
//! assert_eq!(d.severity, Severity::Error);
//! assert_eq!(d.pointer.as_deref(), Some("/vendor/contry"));
//! assert_eq!((d.span.unwrap().start.line, d.span.unwrap().start.column), (6, 3));
//! assert_eq!(d.help.as_deref(), Some("did you mean `country`?"));
//! ```

pub mod answers;
pub mod base;
pub mod config;
pub mod discover;
pub mod lint;
pub mod load;
pub mod lsp;
pub mod portfolio;
pub mod questionnaire;
pub mod report;
pub mod rules;
pub mod validate;

pub use base::{Counts, Diagnostic, FileReport, LintReport, Pos, Severity, Span, Target};
pub use lint::{LintOptions, lint, lint_bytes};

/// The template `vendorlint init` writes.
pub const DECLARATION_TEMPLATE: &str = include_str!("../templates/declaration.yaml");

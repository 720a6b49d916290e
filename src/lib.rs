//! vendorlint: lint vendor security declarations.
//!
//! One pipeline, one direction: [`discover`] files -> [`load`] (parse, keeping positions) ->
//! [`validate`] (JSON Schema) -> evaluate (rules) -> [`report`]. The CLI and the language server
//! are thin adapters over [`lint`].

pub mod diagnostic;
pub mod load;

pub use diagnostic::{Diagnostic, Pos, Severity, Span, Target};

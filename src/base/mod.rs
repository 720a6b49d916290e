//! What every stage shares: diagnostics and positions, one line index, file and run reports,
//! rule information, the registry of codes, dates, languages and the vocabularies the schemas
//! use. A leaf: it imports nothing else of ours, so every other module may import it and no
//! cycle can pass through it (`tests/architecture.rs` keeps it so).

pub mod codes;
pub mod dates;
pub mod diagnostic;
pub mod lang;
pub mod portfolio;
pub mod questionnaire;
pub mod report;
pub mod text;
pub mod vocab;

pub use diagnostic::{
    Diagnostic, Kind, Label, Pos, Severity, Span, Target, Waived, escape_token, pointer_join,
    pointer_tokens,
};
pub use lang::Lang;
pub use report::{Counts, FileReport, LintReport, RuleInfo};
pub use text::{
    LineIndex, display_path, first_sentence, invisible, normalize_path, printable, printable_inline,
};

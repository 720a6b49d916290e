//! Patterns and vocabularies that the code, the three JSON Schemas (declaration, rule pack,
//! configuration) and the schema generator share. Declared once here; the generator writes
//! them into the schemas, and the staleness test keeps the committed schemas equal to it.

/// A rule id: a family (one to three upper-case segments) and a three-digit number, such as
/// `BAK-001`, `ISO27-001` or `ACME-BAK-001`. Tool codes (`LOAD-001`, `SCHEMA-002`) have the
/// same form.
pub const RULE_ID_PATTERN: &str = "^[A-Z][A-Z0-9]{1,7}(-[A-Z][A-Z0-9]{1,7}){0,2}-[0-9]{3}$";

/// What a rule selector may be, wherever one is written (`--select`, `--ignore`,
/// `[severity]`, `select`/`ignore` in vendorlint.toml, a waiver's `rule`): a whole rule id or
/// a prefix of one that ends at a `-` (a family such as `BAK`, or `ACME` for `ACME-BAK-001`).
/// Letters in either case; matching ignores case (`crate::base::codes::selector_matches`).
pub const RULE_SELECTOR_PATTERN: &str =
    "^[A-Za-z][A-Za-z0-9]{1,7}(-[A-Za-z][A-Za-z0-9]{1,7}){0,2}(-[0-9]{3})?$";

/// An id inside a declaration (a service, a subprocessor, a source): lower-case letters,
/// digits, `-` and `_`.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9_-]*$";

/// The two answers that are not an answer: asked but not (yet) answered, and declined.
pub const UNKNOWN: &str = "unknown";
pub const NOT_DISCLOSED: &str = "not_disclosed";
pub const UNKNOWN_ANSWERS: [&str; 2] = [UNKNOWN, NOT_DISCLOSED];

/// How much the customer depends on a vendor (`declaration.customer_context.criticality`),
/// lowest first: a rule's `severity_by_criticality` is keyed by these.
pub const CRITICALITY: [&str; 4] = ["low", "medium", "high", "critical"];

/// The top-level `kind` that marks a declaration.
pub const DECLARATION_KIND: &str = "vendor-declaration";

//! Codes that belong to the tool rather than the rule pack: loading, YAML hygiene, schema
//! validation, rule packs and the engine. Listed by `vendorlint rules` and explained by
//! `vendorlint explain` like pack rules.

use crate::diagnostic::Severity;

/// One built-in code.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub explanation: &'static str,
}

pub const CORE_CODES: &[Code] = &[
    Code {
        id: "LOAD-001",
        title: "Syntax error",
        severity: Severity::Error,
        explanation: "The file is not valid YAML or JSON. The parser stops at the first error; fix it and run again. Nothing else in the file is checked until it parses.",
    },
    Code {
        id: "LOAD-002",
        title: "Duplicate key",
        severity: Severity::Error,
        explanation: "A key appears twice in one mapping. Most YAML tools silently keep one of the two values, so two people can read different answers from the same file. vendorlint keeps the first value, reports the second occurrence, and labels the first.",
    },
    Code {
        id: "LOAD-003",
        title: "Limit exceeded",
        severity: Severity::Error,
        explanation: "The file is larger than 8 MiB, nests deeper than 128 levels, or expands (through YAML aliases) to more than 250,000 nodes. Declarations are a few kilobytes; these limits stop hostile or runaway input (an alias bomb) from costing unbounded time or memory.",
    },
    Code {
        id: "LOAD-004",
        title: "Not UTF-8",
        severity: Severity::Error,
        explanation: "The file is not valid UTF-8. Declarations hold Danish and Swedish text; save the file as UTF-8 (not Latin-1 or Windows-1252). The position is the first invalid byte.",
    },
    Code {
        id: "LOAD-005",
        title: "Empty file",
        severity: Severity::Error,
        explanation: "The file holds no document (it is empty or only comments). Start from `vendorlint init`.",
    },
    Code {
        id: "LOAD-006",
        title: "Unsupported YAML",
        severity: Severity::Error,
        explanation: "A YAML feature declarations do not use: a second document in one file (one vendor per file), custom tags, complex (non-text) keys, YAML 1.1 merge keys (`<<`), or numbers JSON cannot hold (`.inf`, `.nan`, huge integers).",
    },
    Code {
        id: "LOAD-007",
        title: "Cannot read",
        severity: Severity::Error,
        explanation: "A path given on the command line does not exist or cannot be read. This is a usage error: the run exits with code 2.",
    },
    Code {
        id: "FMT-001",
        title: "Ambiguous YAML 1.1 boolean",
        severity: Severity::Warning,
        explanation: "An unquoted `NO`, `yes`, `on`, `off`, `y` or `n`. vendorlint reads YAML 1.2, where these are text (so `country: NO` is Norway), but YAML 1.1 tools such as PyYAML read them as booleans. Quote the value so every tool reads the same thing.",
    },
    Code {
        id: "SCHEMA-001",
        title: "Missing required property",
        severity: Severity::Error,
        explanation: "The declaration schema requires this property. The finding points at the key of the object that lacks it.",
    },
    Code {
        id: "SCHEMA-002",
        title: "Unknown property",
        severity: Severity::Error,
        explanation: "The schema does not know this property: usually a typo (a did-you-mean is offered), sometimes a field in the wrong section. Every object in a declaration is closed, so typos cannot hide answers. Custom controls use keys starting with `x-`.",
    },
    Code {
        id: "SCHEMA-003",
        title: "Wrong kind of value",
        severity: Severity::Error,
        explanation: "The value has the wrong type: text where a number belongs, a number where text belongs (quote versions such as \"1.2\"), or a value that is neither the expected answer nor `unknown`/`not_disclosed`.",
    },
    Code {
        id: "SCHEMA-004",
        title: "Value not allowed",
        severity: Severity::Error,
        explanation: "The value is not one of the allowed values for this field; a did-you-mean is offered for a near miss.",
    },
    Code {
        id: "SCHEMA-005",
        title: "Bad format",
        severity: Severity::Error,
        explanation: "The text does not have the required form: a date as YYYY-MM-DD that exists, an ISO 3166-1 alpha-2 country code, an id of lower-case letters, digits, `-` and `_`.",
    },
    Code {
        id: "SCHEMA-006",
        title: "Out of range",
        severity: Severity::Error,
        explanation: "The number is outside its allowed range (for example a negative number of days, or a percentage above 100).",
    },
    Code {
        id: "SCHEMA-007",
        title: "Other schema constraint",
        severity: Severity::Error,
        explanation: "The value breaks another schema constraint (list length, uniqueness). The message says which.",
    },
    Code {
        id: "PACK-001",
        title: "Broken rule pack",
        severity: Severity::Error,
        explanation: "A rule file given with `--rules` is not valid: YAML or schema errors, a CEL expression that does not compile, an invalid JSONPath, or a rule id that is already defined. Nothing is checked and the run exits with code 2.",
    },
    Code {
        id: "CONFIG-001",
        title: "Configuration is not valid TOML",
        severity: Severity::Error,
        explanation: "vendorlint.toml (or the file given with --config) does not parse as TOML: the message gives the position. Nothing is checked and the run exits with code 2. Unknown keys and bad values in a file that parses are SCHEMA-00x errors at their position, with a did-you-mean.",
    },
    Code {
        id: "CONFIG-002",
        title: "Configuration names something that does not exist",
        severity: Severity::Error,
        explanation: "A rule id or family, a rule parameter, a glob pattern or a rule pack in the configuration does not exist or does not fit (a parameter value of the wrong type). The message says which, with a did-you-mean; the run exits with code 2.",
    },
    Code {
        id: "WAIVER-001",
        title: "Waiver expired",
        severity: Severity::Error,
        explanation: "An accepted risk has passed its expiry date. The findings it silenced are reported again, and this error names who approved the waiver and when, so the decision is taken again: fix the finding, or renew the waiver with a new reason, approver and expiry. S1 requires a formal decision for storing information unencrypted externally; a decision that has lapsed is no decision.",
    },
    Code {
        id: "WAIVER-002",
        title: "Waiver matches no finding",
        severity: Severity::Warning,
        explanation: "A waiver's rule, service and pointer match no finding in this declaration: the risk it accepted is gone (the vendor fixed it, or the declaration changed), or the waiver is misspelled. Remove it, or correct its rule, service or pointer. Not reported when the run does not select the waiver's rule.",
    },
    Code {
        id: "WAIVER-003",
        title: "Waiver expires soon",
        severity: Severity::Info,
        explanation: "An accepted risk expires within 30 days. Put the decision on the agenda before it lapses and the finding fails the run again.",
    },
    Code {
        id: "ENGINE-001",
        title: "Rule could not be evaluated",
        severity: Severity::Warning,
        explanation: "A rule's expression failed at run time on this declaration (typically a plain field access on a missing key where `?.` was needed). This is a bug in the rule, not in the declaration; the message names the rule and the rule file.",
    },
];

pub fn core_code(id: &str) -> Option<&'static Code> {
    CORE_CODES.iter().find(|c| c.id.eq_ignore_ascii_case(id))
}

//! The registry of codes: every code that belongs to the tool rather than a rule pack
//! (loading, YAML hygiene, schema validation, rule packs, configuration, waivers, the engine),
//! each declared once here, and the one way rule ids and selectors are matched. Tool codes are
//! listed by `vendorlint rules` and explained by `vendorlint explain` like pack rules; a pack
//! rule may not take a tool code's id or family (the pack loader checks, a test keeps the
//! built-in pack so).

use super::diagnostic::Severity;

/// Loading and YAML hygiene.
pub mod load {
    pub const SYNTAX: &str = "LOAD-001";
    pub const DUPLICATE_KEY: &str = "LOAD-002";
    pub const LIMIT: &str = "LOAD-003";
    pub const ENCODING: &str = "LOAD-004";
    pub const EMPTY: &str = "LOAD-005";
    pub const UNSUPPORTED: &str = "LOAD-006";
    pub const IO: &str = "LOAD-007";
    pub const AMBIGUOUS_SCALAR: &str = "FMT-001";
}

/// Schema validation.
pub mod schema {
    pub const MISSING: &str = "SCHEMA-001";
    pub const UNKNOWN_PROPERTY: &str = "SCHEMA-002";
    pub const WRONG_TYPE: &str = "SCHEMA-003";
    pub const NOT_ALLOWED: &str = "SCHEMA-004";
    pub const BAD_FORMAT: &str = "SCHEMA-005";
    pub const OUT_OF_RANGE: &str = "SCHEMA-006";
    pub const OTHER: &str = "SCHEMA-007";
}

/// A broken configuration (reported with exit code 2).
pub mod config {
    /// Not TOML.
    pub const SYNTAX: &str = "CONFIG-001";
    /// A rule id, parameter or pattern that does not exist or does not fit.
    pub const INVALID: &str = "CONFIG-002";
}

/// Accepted risks.
pub mod waiver {
    pub const EXPIRED: &str = "WAIVER-001";
    pub const UNUSED: &str = "WAIVER-002";
    pub const EXPIRES_SOON: &str = "WAIVER-003";
    pub const IMPLAUSIBLE: &str = "WAIVER-004";
    pub const NO_MATCH: &str = "WAIVER-005";
}

/// A rule file given with `--rules` (or named in a configuration) is broken.
pub const PACK_ERROR: &str = "PACK-001";
/// A rule's expression failed at run time.
pub const ENGINE_ERROR: &str = "ENGINE-001";
/// A rule pack is over a limit (file size, rules, expression size or nesting).
pub const PACK_LIMIT: &str = "PACK-002";
/// A file's evaluation budget ran out: the file is not fully checked.
pub const ENGINE_BUDGET: &str = "ENGINE-002";
/// More findings than a file or rule may report: the rest are dropped.
pub const ENGINE_CAPPED: &str = "ENGINE-003";

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
        id: load::SYNTAX,
        title: "Syntax error",
        severity: Severity::Error,
        explanation: "The file is not valid YAML or JSON. The parser stops at the first error; fix it and run again. Nothing else in the file is checked until it parses.",
    },
    Code {
        id: load::DUPLICATE_KEY,
        title: "Duplicate key",
        severity: Severity::Error,
        explanation: "A key appears twice in one mapping. Most YAML tools silently keep one of the two values, so two people can read different answers from the same file. vendorlint keeps the first value, reports the second occurrence, and labels the first.",
    },
    Code {
        id: load::LIMIT,
        title: "Limit exceeded",
        severity: Severity::Error,
        explanation: "The file is larger than 8 MiB, nests deeper than 128 levels, or expands (through YAML aliases) to more than 250,000 nodes. Declarations are a few kilobytes; these limits stop hostile or runaway input (an alias bomb) from costing unbounded time or memory.",
    },
    Code {
        id: load::ENCODING,
        title: "Not UTF-8",
        severity: Severity::Error,
        explanation: "The file is not valid UTF-8. Declarations hold Danish and Swedish text; save the file as UTF-8 (not Latin-1 or Windows-1252). The position is the first invalid byte.",
    },
    Code {
        id: load::EMPTY,
        title: "Empty file",
        severity: Severity::Error,
        explanation: "The file holds no document (it is empty or only comments). Start from `vendorlint init`.",
    },
    Code {
        id: load::UNSUPPORTED,
        title: "Unsupported YAML",
        severity: Severity::Error,
        explanation: "A YAML feature declarations do not use: a second document in one file (one vendor per file), custom tags, complex (non-text) keys, YAML 1.1 merge keys (`<<`), or numbers JSON cannot hold (`.inf`, `.nan`, huge integers).",
    },
    Code {
        id: load::IO,
        title: "Cannot read",
        severity: Severity::Error,
        explanation: "A path given on the command line does not exist or cannot be read. This is a usage error: the run exits with code 2.",
    },
    Code {
        id: load::AMBIGUOUS_SCALAR,
        title: "Ambiguous YAML 1.1 boolean",
        severity: Severity::Warning,
        explanation: "An unquoted `NO`, `yes`, `on`, `off`, `y` or `n`. vendorlint reads YAML 1.2, where these are text (so `country: NO` is Norway), but YAML 1.1 tools such as PyYAML read them as booleans. Quote the value so every tool reads the same thing.",
    },
    Code {
        id: schema::MISSING,
        title: "Missing required property",
        severity: Severity::Error,
        explanation: "The declaration schema requires this property. The finding points at the key of the object that lacks it.",
    },
    Code {
        id: schema::UNKNOWN_PROPERTY,
        title: "Unknown property",
        severity: Severity::Error,
        explanation: "The schema does not know this property: usually a typo (a did-you-mean is offered), sometimes a field in the wrong section. Every object in a declaration is closed, so typos cannot hide answers. Custom controls use keys starting with `x-`.",
    },
    Code {
        id: schema::WRONG_TYPE,
        title: "Wrong kind of value",
        severity: Severity::Error,
        explanation: "The value has the wrong type: text where a number belongs, a number where text belongs (quote versions such as \"1.2\"), or a value that is neither the expected answer nor `unknown`/`not_disclosed`.",
    },
    Code {
        id: schema::NOT_ALLOWED,
        title: "Value not allowed",
        severity: Severity::Error,
        explanation: "The value is not one of the allowed values for this field; a did-you-mean is offered for a near miss.",
    },
    Code {
        id: schema::BAD_FORMAT,
        title: "Bad format",
        severity: Severity::Error,
        explanation: "The text does not have the required form: a date as YYYY-MM-DD that exists, an ISO 3166-1 alpha-2 country code, an id of lower-case letters, digits, `-` and `_`.",
    },
    Code {
        id: schema::OUT_OF_RANGE,
        title: "Out of range",
        severity: Severity::Error,
        explanation: "The number is outside its allowed range (for example a negative number of days, or a percentage above 100).",
    },
    Code {
        id: schema::OTHER,
        title: "Other schema constraint",
        severity: Severity::Error,
        explanation: "The value breaks another schema constraint (list length, uniqueness). The message says which.",
    },
    Code {
        id: PACK_ERROR,
        title: "Broken rule pack",
        severity: Severity::Error,
        explanation: "A rule file given with `--rules` is not valid: YAML or schema errors, a CEL expression that does not compile, an invalid JSONPath, or a rule id that is already defined. Nothing is checked and the run exits with code 2.",
    },
    Code {
        id: config::SYNTAX,
        title: "Configuration is not valid TOML",
        severity: Severity::Error,
        explanation: "vendorlint.toml (or the file given with --config) does not parse as TOML: the message gives the position. Nothing is checked and the run exits with code 2. Unknown keys and bad values in a file that parses are SCHEMA-00x errors at their position, with a did-you-mean.",
    },
    Code {
        id: config::INVALID,
        title: "Configuration names something that does not exist",
        severity: Severity::Error,
        explanation: "A rule id or family, a rule parameter, a glob pattern or a rule pack in the configuration does not exist or does not fit (a parameter value of the wrong type). The message says which, with a did-you-mean; the run exits with code 2.",
    },
    Code {
        id: waiver::EXPIRED,
        title: "Waiver expired",
        severity: Severity::Error,
        explanation: "An accepted risk has passed its expiry date. The findings it silenced are reported again, and this error names who approved the waiver and when, so the decision is taken again: fix the finding, or renew the waiver with a new reason, approver and expiry. S1 requires a formal decision for storing information unencrypted externally; a decision that has lapsed is no decision.",
    },
    Code {
        id: waiver::UNUSED,
        title: "Waiver matches no finding",
        severity: Severity::Warning,
        explanation: "A waiver's rule, service and pointer match no finding in this declaration: the risk it accepted is gone (the vendor fixed it, or the declaration changed), or the waiver is misspelled. Remove it, or correct its rule, service or pointer. Not reported when the run does not select the waiver's rule. A waiver in vendorlint.toml that names `declarations` is reported once, at its entry there, when it covers no finding in any checked declaration they match.",
    },
    Code {
        id: waiver::EXPIRES_SOON,
        title: "Waiver expires soon",
        severity: Severity::Info,
        explanation: "An accepted risk expires within 30 days. Put the decision on the agenda before it lapses and the finding fails the run again.",
    },
    Code {
        id: waiver::IMPLAUSIBLE,
        title: "Waiver dates do not hold",
        severity: Severity::Warning,
        explanation: "An accepted risk is a decision for a while, reviewed again: a waiver that runs more than three years from its decision, or whose decision date is after its expiry, is most likely a typing error (9999-12-31) or a way around the review. It is still honoured; correct its dates.",
    },
    Code {
        id: waiver::NO_MATCH,
        title: "Waiver names no file",
        severity: Severity::Warning,
        explanation: "A `declarations` pattern of a waiver in vendorlint.toml matches no file: no checked declaration, and no YAML or JSON file on disk under the configuration's directory (walked as `vendorlint check` walks it). The waiver covers nothing it was meant to cover, most likely because a file was renamed or the pattern is misspelled. Correct or remove the pattern. The disk is looked at only when no checked file matched, so a run on a few files (a pre-commit hook) does not raise it for the files it was not given.",
    },
    Code {
        id: ENGINE_ERROR,
        title: "Rule could not be evaluated",
        severity: Severity::Warning,
        explanation: "A rule's expression failed at run time on this declaration (typically a plain field access on a missing key where `?.` was needed). This is a bug in the rule, not in the declaration; the message names the rule and the rule file.",
    },
    Code {
        id: PACK_LIMIT,
        title: "Rule pack over a limit",
        severity: Severity::Error,
        explanation: "A rule pack is larger than vendorlint evaluates: a rule file over 1 MiB, more than 1,000 rules in a pack or a file, an expression over 16 KiB or 8,000 nodes, or comprehensions (`all`, `exists`, `map`, ...) nested more than 4 deep. The error is at the place in the rule file; nothing is checked and the run exits with code 2. The limits keep a runaway or hostile pack from costing unbounded time or memory (docs/RULE-FORMAT.md, Limits).",
    },
    Code {
        id: ENGINE_BUDGET,
        title: "Evaluation budget spent",
        severity: Severity::Error,
        explanation: "Evaluating the rules on this file took more than its budget (250,000 steps: rule evaluations and comprehension iterations, or 20 seconds), so evaluation stopped. The message names the rule that was running and the rules that did not run; the findings so far are reported, other files are checked as usual. The file is not fully checked, so this is an error. A rule whose comprehensions multiply (a list checked against every item of a large list, nested) is the usual cause: it is a bug in the rule, not in the declaration.",
    },
    Code {
        id: ENGINE_CAPPED,
        title: "Too many findings",
        severity: Severity::Warning,
        explanation: "A file reports at most 100 findings of one rule and 1,000 in all; the rest are dropped, and this warning says how many, of which rules. A rule that fires on every node of a declaration is usually a bug in the rule.",
    },
];

/// The tool code `id` (any case), if it is one.
pub fn core_code(id: &str) -> Option<&'static Code> {
    CORE_CODES.iter().find(|c| c.id.eq_ignore_ascii_case(id))
}

/// Whether `id` is in a family of tool codes (`LOAD-009` is, though no such code exists):
/// such ids are reserved, so no pack rule can take one, and no waiver covers one.
pub fn is_tool_family(id: &str) -> bool {
    let f = family(id);
    CORE_CODES
        .iter()
        .any(|c| f.eq_ignore_ascii_case(family(c.id)))
}

/// The family of a rule id: everything before its last `-` (`ACME-BAK` of `ACME-BAK-001`).
pub fn family(id: &str) -> &str {
    id.rsplit_once('-').map_or(id, |(f, _)| f)
}

/// Whether `id` has the form of a rule id (`RULE_ID_PATTERN`): one to three segments of an
/// upper-case letter and 1-7 upper-case letters or digits, joined by `-`, then `-` and three
/// digits.
pub fn is_rule_id(id: &str) -> bool {
    let Some((family, number)) = id.rsplit_once('-') else {
        return false;
    };
    is_number(number) && is_family(family, |b| b.is_ascii_uppercase())
}

/// Whether `s` has the form of a selector (`RULE_SELECTOR_PATTERN`): a rule id, or a family
/// prefix of one, letters in either case.
pub fn is_selector(s: &str) -> bool {
    let family = match s.rsplit_once('-') {
        Some((f, n)) if is_number(n) => f,
        _ => s,
    };
    is_family(family, |b| b.is_ascii_alphabetic())
}

fn is_number(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_family(family: &str, letter: impl Fn(u8) -> bool) -> bool {
    let segments: Vec<&str> = family.split('-').collect();
    segments.len() <= 3
        && segments.iter().all(|seg| {
            let b = seg.as_bytes();
            (2..=8).contains(&b.len())
                && letter(b[0])
                && b[1..].iter().all(|&c| letter(c) || c.is_ascii_digit())
        })
}

/// Whether a selector covers a rule id: the whole id, or a prefix of it that ends at a `-`,
/// ignoring case. `BAK` covers `BAK-001`, `B` does not, `ACME` covers `ACME-BAK-001`. The one
/// matcher behind `--select`, `--ignore`, `select`, `ignore` and `[severity]` in
/// vendorlint.toml, and waivers.
pub fn selector_matches(selector: &str, id: &str) -> bool {
    let n = selector.len();
    n > 0
        && id
            .get(..n)
            .is_some_and(|head| head.eq_ignore_ascii_case(selector))
        && matches!(id.as_bytes().get(n), None | Some(b'-'))
}

/// Whether a selector covers a rule known by `id` and, from before a merge, split or rename,
/// by `aliases`: the same matcher on each of its names.
pub fn covers(selector: &str, id: &str, aliases: &[String]) -> bool {
    selector_matches(selector, id) || aliases.iter().any(|a| selector_matches(selector, a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::vocab::{RULE_ID_PATTERN, RULE_SELECTOR_PATTERN};

    #[test]
    fn tool_codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in CORE_CODES {
            assert!(seen.insert(c.id), "{} is listed twice", c.id);
            assert!(is_rule_id(c.id), "{} is not a rule id", c.id);
            assert!(!c.title.is_empty() && !c.explanation.is_empty(), "{}", c.id);
        }
        for id in [
            load::IO,
            schema::OTHER,
            config::INVALID,
            waiver::EXPIRES_SOON,
            waiver::IMPLAUSIBLE,
            waiver::NO_MATCH,
            PACK_ERROR,
            ENGINE_ERROR,
            PACK_LIMIT,
            ENGINE_BUDGET,
            ENGINE_CAPPED,
        ] {
            assert!(
                core_code(id).is_some(),
                "{id} is declared but not registered"
            );
        }
        assert!(is_tool_family("LOAD-099") && !is_tool_family("BAK-001"));
    }

    #[test]
    fn the_matcher_works_at_dash_boundaries() {
        assert!(selector_matches("BAK-001", "BAK-001"));
        assert!(selector_matches("bak", "BAK-001"));
        assert!(selector_matches("BAK", "BAK-001"));
        assert!(!selector_matches("B", "BAK-001"));
        assert!(!selector_matches("BAK-00", "BAK-001"));
        assert!(!selector_matches("BAK-0011", "BAK-001"));
        assert!(selector_matches("ISO27", "ISO27-001"));
        assert!(!selector_matches("ISO2", "ISO27-001"));
        assert!(selector_matches("ACME", "ACME-BAK-001"));
        assert!(selector_matches("ACME-BAK", "ACME-BAK-001"));
        assert!(!selector_matches("", "BAK-001"));
        assert!(
            !selector_matches("BAKø", "BAK-001"),
            "non-ASCII never panics"
        );
        assert!(!selector_matches("BA", "BAKø-001"));
        let old = vec!["INC-007".to_string()];
        assert!(covers("INC-007", "INC-010", &old) && covers("INC", "INC-010", &old));
        assert!(!covers("INC-008", "INC-010", &old));
    }

    /// The hand-written form checks and the schemas' regular expressions accept the same ids.
    #[test]
    fn form_checks_agree_with_the_patterns() {
        let pattern =
            |p: &str| jsonschema::validator_for(&serde_json::json!({ "pattern": p })).unwrap();
        let (rule_id, selector) = (pattern(RULE_ID_PATTERN), pattern(RULE_SELECTOR_PATTERN));
        let samples = [
            "BAK-001",
            "ISO27-001",
            "ACME-BAK-001",
            "A-B-C-D-001",
            "AB-CD-EF-001",
            "AB-CD-EF-GH-001",
            "bak-001",
            "BAK",
            "bak",
            "B",
            "B-001",
            "BAK-01",
            "BAK-0001",
            "1BAK-001",
            "BAK_X-001",
            "ABCDEFGH-001",
            "ABCDEFGHI-001",
            "ACME-BAK",
            "ACME-9AK-001",
            "",
            "-",
            "BAK-",
            "SCHEMA-007",
            "BAKø-001",
            "BAK-001-002",
        ];
        for s in samples {
            let v = serde_json::Value::String(s.to_string());
            assert_eq!(is_rule_id(s), rule_id.is_valid(&v), "rule id {s:?}");
            assert_eq!(is_selector(s), selector.is_valid(&v), "selector {s:?}");
        }
    }
}

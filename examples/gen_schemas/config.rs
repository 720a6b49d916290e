//! The configuration schema (`schemas/config.v1.schema.json`): what `vendorlint.toml` may hold.

use serde_json::{Value, json};
use vendorlint::base::vocab::RULE_SELECTOR_PATTERN;
use vendorlint::config::{DEFAULT_PROFILE, profiles};

use super::parts::RULE_SELECTOR_MESSAGE;

/// The schema, as a JSON value.
pub fn schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vendorlint.dev/schemas/config.v1.schema.json",
        "title": "vendorlint configuration (vendorlint.toml)",
        "description": "Organisation policy for vendorlint: which rules run, how severe they are, \
                        the parameters they measure against, per-path overrides and accepted \
                        risks. Found by walking up from each checked file, or given with --config.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "profile": { "$ref": "#/$defs/profile" },
            "select": {
                "$ref": "#/$defs/rule_list",
                "description": "Run only these rules: ids (BAK-001) or families (BAK). Default: \
                                all.",
            },
            "ignore": {
                "$ref": "#/$defs/rule_list",
                "description": "Never report these rules: ids (BAK-001) or families (BAK).",
            },
            "severity": { "$ref": "#/$defs/severity" },
            "params": { "$ref": "#/$defs/params" },
            "questions": {
                "description": "Show open questions (what the vendor has not said, which only \
                                needs asking) one by one, as info diagnostics. Default: they are \
                                counted in each file's summary and listed by the questionnaire; \
                                `--questions` shows them for one run.",
                "type": "boolean",
            },
            "max_waiver_years": {
                "description": "The longest a waiver (in this file or in a declaration under it) \
                                may run from its decision before WAIVER-004 asks whether its \
                                dates are right, in whole years. Default: 3.",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
            },
            "rules": {
                "description": "Directories of your own rule packs (docs/RULE-FORMAT.md), relative \
                                to this file, added to the built-in pack.",
                "type": "array",
                "items": { "type": "string", "minLength": 1 },
            },
            "overrides": {
                "description": "Settings for some declarations only, chosen by path. Applied in \
                                order after the top-level settings; a later override beats an \
                                earlier one.",
                "type": "array",
                "items": { "$ref": "#/$defs/override" },
            },
            "waivers": {
                "description": "Accepted risks kept in the configuration rather than in the \
                                declaration: each silences a finding until it expires.",
                "type": "array",
                "items": { "$ref": "#/$defs/waiver" },
            },
        },
        "$defs": {
            "profile": {
                "description": format!(
                    "A regulatory profile that tightens parameters and severities: {}. \
                     `vendorlint config` shows what it sets.",
                    profile_choices()
                ),
                "type": "string",
                "enum": profiles().iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            },
            "rule_ref": {
                "type": "string",
                "pattern": RULE_SELECTOR_PATTERN,
                "x-message": RULE_SELECTOR_MESSAGE,
            },
            "rule_list": { "type": "array", "items": { "$ref": "#/$defs/rule_ref" } },
            "severity": {
                "description": "Severity overrides by rule id (BAK-005) or family (BAK): `error`, \
                                `warning`, `info`, or `off` to drop the rule. An id beats a \
                                family.",
                "type": "object",
                "propertyNames": { "$ref": "#/$defs/rule_ref" },
                "additionalProperties": {
                    "type": "string",
                    "enum": ["error", "warning", "info", "off"],
                },
            },
            "params": {
                "description": "Rule parameters by name (for example \
                                `max_incident_notification_hours = 24`); a value applies to every \
                                rule that has that parameter. `vendorlint rules --format json` \
                                lists each rule's parameters and defaults.",
                "type": "object",
                "propertyNames": {
                    "pattern": "^[a-z][a-z0-9_]*$",
                    "x-message": "is not a parameter name such as \"max_rto_hours\"",
                },
            },
            "override": {
                "type": "object",
                "additionalProperties": false,
                "required": ["paths"],
                "properties": {
                    "paths": {
                        "description": "Glob patterns, relative to this file, of the declarations \
                                        the override applies to (for example \
                                        `vendors/critical/**`).",
                        "type": "array",
                        "minItems": 1,
                        "items": { "type": "string", "minLength": 1 },
                    },
                    "profile": { "$ref": "#/$defs/profile" },
                    "questions": {
                        "description": "Show open questions one by one in these declarations.",
                        "type": "boolean",
                    },
                    "select": {
                        "$ref": "#/$defs/rule_list",
                        "description": "Run only these rules in these declarations.",
                    },
                    "ignore": {
                        "$ref": "#/$defs/rule_list",
                        "description": "Never report these rules in these declarations.",
                    },
                    "severity": { "$ref": "#/$defs/severity" },
                    "params": { "$ref": "#/$defs/params" },
                },
            },
            "waiver": {
                "description": "A formally accepted risk: it silences a finding until it expires, \
                                and is reported as waived.",
                "type": "object",
                "additionalProperties": false,
                "required": ["rule", "reason", "approved_by", "decided_on", "expires"],
                "properties": {
                    "rule": {
                        "$ref": "#/$defs/rule_ref",
                        "description": "The rule id (CRY-002) or family (CRY) the waiver applies \
                                        to.",
                    },
                    "declarations": {
                        "description": "Glob patterns, relative to this file, of the declarations \
                                        the waiver applies to. Default: every declaration under \
                                        this configuration.",
                        "type": "array",
                        "minItems": 1,
                        "items": { "type": "string", "minLength": 1 },
                    },
                    "service": {
                        "type": "string",
                        "minLength": 1,
                        "description": "Limit the waiver to findings for this service id.",
                    },
                    "pointer": {
                        "description": "Limit the waiver to findings at or below this place in the \
                                        declaration, as a JSON pointer (for example \
                                        `/services/1/controls/backup`).",
                        "type": "string",
                        "pattern": "^(/([^~]|~[01])*)*$",
                        "x-message": "is not a JSON pointer such as \
                                      \"/services/0/controls/backup\"",
                    },
                    "reason": {
                        "type": "string",
                        "minLength": 1,
                        "description": "Why the risk is accepted, and any compensating measures.",
                    },
                    "approved_by": {
                        "type": "string",
                        "minLength": 1,
                        "description": "Who accepted the risk (name and role).",
                    },
                    "decided_on": {
                        "$ref": "#/$defs/date",
                        "description": "When the decision was made.",
                    },
                    "expires": {
                        "$ref": "#/$defs/date",
                        "description": "When the waiver stops applying; the finding comes back as \
                                        an error after it.",
                    },
                },
            },
            "date": {
                "type": "string",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                "format": "date",
                "x-message": "is not a date as YYYY-MM-DD (in TOML, write it bare: 2027-01-31)",
            },
        },
    })
}

/// The profile ids in `rules/profiles.yaml`'s order, the default marked: "`gdpr` (default),
/// `nis2` or `dora`".
fn profile_choices() -> String {
    let ids: Vec<String> = profiles()
        .iter()
        .map(|p| match p.id == DEFAULT_PROFILE {
            true => format!("`{}` (default)", p.id),
            false => format!("`{}`", p.id),
        })
        .collect();
    match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => ids.concat(),
    }
}

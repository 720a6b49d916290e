//! The rule-pack schema (`schemas/rules.v1.schema.json`): the format of `rules/*.yaml` and of
//! a user's own rule packs.

use serde_json::{Value, json};
use vendorlint::base::vocab::{CRITICALITY, RULE_ID_PATTERN};

/// The schema, as a JSON value.
pub fn schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vendorlint.dev/schemas/rules.v1.schema.json",
        "title": "vendorlint rule pack",
        "description": "A file of vendorlint rules. The built-in pack (rules/*.yaml) and a user's \
                        own pack (--rules DIR) use this same format.",
        "type": "object",
        "additionalProperties": false,
        "required": ["kind", "version", "rules"],
        "properties": {
            "kind": {
                "const": "vendorlint-rules",
                "description": "Marks the file as a rule pack.",
            },
            "version": { "const": 1, "description": "Version of the rule format." },
            "rules": {
                "type": "array",
                "description": "The rules in this file.",
                "items": { "$ref": "#/$defs/rule" },
            },
        },
        "$defs": {
            "localized": {
                "description": "Text in English, with Danish and Swedish where available (falls \
                                back to English).",
                "anyOf": [
                    { "type": "string", "minLength": 1 },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["en"],
                        "properties": {
                            "en": { "type": "string", "minLength": 1, "description": "English." },
                            "da": {
                                "type": "string",
                                "minLength": 1,
                                "description": "Danish.",
                            },
                            "sv": {
                                "type": "string",
                                "minLength": 1,
                                "description": "Swedish.",
                            },
                        },
                    },
                ],
            },
            "expression": {
                "description": "A CEL expression (https://github.com/google/cel-spec), with \
                                optional field syntax (`a.?b.orValue(x)`).",
                "type": "string",
                "minLength": 1,
            },
            "patch": {
                "description": "An edit of the reference declaration \
                                (fixtures/vendors/nordlys-cloud.yaml): set values at JSON \
                                pointers, remove others.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "note": { "type": "string", "description": "What the example shows." },
                    "set": {
                        "type": "object",
                        "description": "JSON pointer -> new value (objects and list items are \
                                        created as needed; `-` appends to a list).",
                        "propertyNames": { "pattern": "^(/([^~]|~[01])*)+$" },
                    },
                    "remove": {
                        "type": "array",
                        "description": "JSON pointers to delete.",
                        "items": { "type": "string", "pattern": "^(/([^~]|~[01])*)+$" },
                    },
                },
            },
            "rule": rule(),
        },
    })
}

/// One rule: its id, what it selects, when it fires and what it says.
fn rule() -> Value {
    json!({
        "type": "object",
        "description": "One rule: what it selects, when it fires, and what it tells the \
                        user.",
        "additionalProperties": false,
        "required": [
            "id",
            "domain",
            "title",
            "severity",
            "rationale",
            "question",
            "references",
            "select",
            "condition",
            "message",
            "examples",
        ],
        "properties": {
            "id": {
                "type": "string",
                "pattern": RULE_ID_PATTERN,
                "description": "Stable id: a family code (one to three segments, such as BAK or \
                                ACME-BAK) and a three-digit number, for example BAK-001.",
                "x-message": "is not a rule id such as \"BAK-001\" or \"ACME-BAK-001\" (capital \
                              letters and digits in one to three segments, then a dash and three \
                              digits)",
            },
            "domain": {
                "type": "string",
                "enum": [
                    "declaration",
                    "evidence",
                    "responsibility",
                    "location",
                    "subprocessors",
                    "backup",
                    "continuity",
                    "encryption",
                    "identity",
                    "operations",
                    "network",
                    "testing",
                    "incident",
                    "privacy",
                    "assurance",
                    "contract",
                    "people",
                    "physical",
                ],
                "description": "The area of security the rule belongs to.",
            },
            "aliases": {
                "type": "array",
                "uniqueItems": true,
                "items": {
                    "type": "string",
                    "pattern": RULE_ID_PATTERN,
                    "x-message": "is not a rule id such as \"BAK-001\"",
                },
                "description": "Former ids of this rule, kept when it is merged, split or \
                                renamed: `--select`, `[severity]`, waivers and baselines \
                                written for an old id still apply to it.",
            },
            "title": {
                "$ref": "#/$defs/localized",
                "description": "One line: what is missing or weak, in English, Danish and Swedish.",
            },
            "severity": {
                "type": "string",
                "enum": ["error", "warning", "info"],
                "description": "Default severity.",
            },
            "severity_if": {
                "type": "array",
                "description": "Severity overrides, first match wins: `{when: CEL, \
                                severity: error|warning|info}` (e.g. an error at high \
                                criticality, a warning otherwise).",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["when", "severity"],
                    "properties": {
                        "when": {
                            "$ref": "#/$defs/expression",
                            "description": "When this severity applies.",
                        },
                        "severity": {
                            "type": "string",
                            "enum": ["error", "warning", "info"],
                            "description": "The severity to use.",
                        },
                    },
                },
            },
            "severity_by_criticality": {
                "type": "object",
                "additionalProperties": false,
                "description": "The severity by how much you depend on the vendor \
                                (`declaration.customer_context.criticality`), replacing \
                                `severity` for that level; `off` drops the finding (what matters \
                                only for important suppliers). Unassessed criticality keeps \
                                `severity`; `severity_if` still wins. docs/RULES.md tabulates it.",
                "properties": CRITICALITY.iter().map(|c| (c.to_string(), json!({
                    "type": "string",
                    "enum": ["error", "warning", "info", "off"],
                    "description": format!("The severity for a vendor of `{c}` criticality."),
                }))).collect::<serde_json::Map<String, Value>>(),
            },
            "open_question": {
                "$ref": "#/$defs/expression",
                "description": "When this is true, a finding is an open question rather than a \
                                gap: the vendor has not said, and the answer only needs asking. \
                                Open questions are counted in the summary and listed by the \
                                questionnaire, and shown one by one only with `--questions`. \
                                Leave it out when every finding of the rule is a gap.",
            },
            "fact": {
                "$ref": "#/$defs/expression",
                "description": "The fact a finding reports, as text (for example \
                                `'data in ' + item.country`): findings of the rule with the same \
                                fact are one finding, at the first place, with a label at each \
                                other place; and `suppresses` applies between rules that report \
                                the same fact.",
            },
            "unknown_is_gap": {
                "type": "string",
                "minLength": 1,
                "description": "Why an unknown answer is a gap in its own right for this rule \
                                (who processes personal data, whether a DPA is signed, the \
                                breach-notification deadline): shown in docs/RULES.md. A rule \
                                with `open_question` cannot have it.",
            },
            "rationale": {
                "type": "string",
                "minLength": 1,
                "description": "Why it matters; the first sentence is shown with each \
                                finding.",
            },
            "question": {
                "$ref": "#/$defs/localized",
                "description": "The question to put to the vendor.",
            },
            "references": {
                "type": "array",
                "minItems": 1,
                "items": { "type": "string", "minLength": 1 },
                "description": "What the rule rests on: seed documents and framework \
                                clauses (GDPR, NIS2, DORA, ISO/IEC 27001 Annex A, CSA \
                                CCM).",
            },
            "traces": {
                "type": "array",
                "items": { "type": "string", "pattern": "^S[0-4]-[0-9]{2}$" },
                "description": "Requirement rows of the seed trace (DOMAIN.md section 1) \
                                this rule covers, e.g. S0-05.",
            },
            "params": {
                "type": "object",
                "description": "Parameters with their defaults, available to expressions \
                                as `params.NAME`.",
            },
            "select": {
                "description": "What the rule runs on: `document` (once), `services` (each \
                                service in use), `{controls: [keys]}` (each service's \
                                effective statement for each key; `[\"*\"]` for every \
                                key), or `{path: JSONPath}` (each node an RFC 9535 \
                                JSONPath selects, bound as `item`).",
                "anyOf": [
                    { "enum": ["document", "services"] },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["controls"],
                        "properties": {
                            "controls": {
                                "type": "array",
                                "minItems": 1,
                                "items": { "type": "string" },
                            },
                        },
                    },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["path"],
                        "properties": { "path": { "type": "string", "pattern": "^\\$" } },
                    },
                ],
            },
            "when": {
                "$ref": "#/$defs/expression",
                "description": "Optional precondition: the rule is evaluated only where \
                                this is true.",
            },
            "condition": {
                "$ref": "#/$defs/expression",
                "description": "A finding is reported where this is true.",
            },
            "at": {
                "type": "string",
                "pattern": "^(/([^~]|~[01])*)*$",
                "description": "Where to point, relative to the selected node (e.g. \
                                `/params/retention_days`); the nearest existing key is \
                                used when it is missing.",
            },
            "message": {
                "$ref": "#/$defs/localized",
                "description": "The finding's message; `{{ expr }}` inserts a CEL \
                                expression's value.",
            },
            "suppresses": {
                "type": "array",
                "items": { "type": "string" },
                "description": "Generic rules this specific rule replaces when both fire \
                                on the same subject.",
            },
            "answers": {
                "type": "array",
                "items": { "type": "string", "pattern": "^(/[^/]*)+$" },
                "uniqueItems": true,
                "description": "Where the vendor's answers go: JSON pointers relative to the \
                                selected node, as `at` is. The questionnaire asks for one \
                                value per pointer; without `answers` it asks for the value at \
                                `at`. Needed where `at` names an object; `[]` where no single value answers the \
                                question (a list of records, such as the subprocessors): the \
                                vendor answers it in words or with a document.",
            },
            "asks_for": {
                "type": "array",
                "items": { "type": "string" },
                "description": "Rules whose open questions this rule's question already \
                                asks: when both fire on the same subject, their open \
                                questions are dropped; their gaps still stand.",
            },
            "examples": {
                "type": "object",
                "additionalProperties": false,
                "required": ["fail", "pass"],
                "description": "Edits of the reference declaration that must trigger the \
                                rule (`fail`) and must not (`pass`); the test suite runs \
                                them and `explain` shows them.",
                "properties": {
                    "fail": {
                        "type": "array",
                        "minItems": 1,
                        "items": { "$ref": "#/$defs/patch" },
                    },
                    "pass": {
                        "type": "array",
                        "minItems": 1,
                        "items": { "$ref": "#/$defs/patch" },
                    },
                },
            },
        },
    })
}

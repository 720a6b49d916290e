//! The declaration schema (`schemas/declaration.v1.schema.json`).

use serde_json::{Map, Value, json};
use vendorlint::base::vocab::{DECLARATION_KIND, ID_PATTERN, UNKNOWN_ANSWERS};

use super::parts::*;
use super::{contract, controls, parties, records, statement};

/// The schema, as a JSON value.
pub fn schema() -> Value {
    let mut defs = Map::new();
    let mut add = |more: Value| match more {
        Value::Object(m) => defs.extend(m),
        _ => unreachable!("definitions come as an object"),
    };
    add(basic_types());
    add(statement::defs());
    add(control_defs());
    add(records::defs());
    add(parties::defs());
    add(contract::defs());
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vendorlint.dev/schemas/declaration.v1.schema.json",
        "title": "vendorlint vendor declaration, version 1",
        "description": "One IT supplier's security declaration: what the vendor does for security, \
                        backup, encryption, incident notification and data protection, what is \
                        agreed in the contract and DPA, and what stays with you. Write `unknown` \
                        for what you asked and did not get, and `not_disclosed` for what the \
                        vendor declines to say. See docs/DECLARATION-FORMAT.md.",
        "type": "object",
        "required": ["kind", "version", "declaration", "vendor"],
        "additionalProperties": false,
        "properties": {
            "$schema": {
                "description": "Optional: the address of this schema, so JSON editors find it.",
                "type": "string",
            },
            "kind": {
                "description": format!(
                    "Marks the file as a vendor declaration; must be `{DECLARATION_KIND}`. \
                     vendorlint checks only files with this key when it walks a folder."
                ),
                "const": DECLARATION_KIND,
            },
            "version": {
                "description": "Version of the declaration format; must be the number 1.",
                "type": "integer",
                "const": 1,
            },
            "declaration": r("declaration"),
            "vendor": r("vendor"),
            "sources": list(
                "The documents the answers come from: the vendor's policies, contract, DPA, \
                 reports, questionnaire answers.",
                r("source"),
            ),
            "services": list(
                "The services you buy from this vendor. Rules are checked per service.",
                r("service"),
            ),
            "controls": rd(
                "controls",
                "Vendor-wide control statements: what the vendor does across all its services. A \
                 service's own `controls` replace these for that service.",
            ),
            "data_locations": known_any_list(
                "Where your data is stored, backed up and accessed from: country (as a quoted code \
                 like \"DK\") and/or region; `unknown` when the vendor has not said at all.",
                r("data_location"),
            ),
            "subprocessors": known_any_list(
                "Third parties the vendor uses: data centres, operators, hosting, monitoring, \
                 support; `unknown` when the vendor has not said whom it uses, `not_disclosed` \
                 when it declines to.",
                r("subprocessor"),
            ),
            "certifications": known_any_list(
                "Certificates and assurance reports, the vendor's own and its subprocessors'; \
                 `unknown` when nothing is known of any.",
                r("certification"),
            ),
            "contract": r("contract"),
            "customer_responsibilities": list(
                "Security duties that stay with you, each with an owner on your side.",
                r("customer_responsibility_item"),
            ),
            "waivers": list(
                "Accepted risks: findings you have formally decided to live with, each with a \
                 reason, an approver and an expiry date.",
                r("waiver"),
            ),
        },
        "$defs": defs,
    })
}

/// The answer types: unknown answers, known values, dates, countries, ids and addresses.
fn basic_types() -> Value {
    json!({
        "unknown_answer": {
            "description": "`unknown`: asked, but not answered (or the documents do not say). \
                            `not_disclosed`: the vendor declines to say.",
            "type": "string",
            "enum": UNKNOWN_ANSWERS,
            "markdownEnumDescriptions": UNKNOWN_ANSWERS.map(unknown_answer_description),
        },
        "known_bool": {
            "description": "`true` or `false`, or `unknown` (asked, not answered) or \
                            `not_disclosed` (the vendor declines to say).",
            "anyOf": [{ "type": "boolean" }, r("unknown_answer")],
        },
        "known_integer": {
            "description": "A whole number (0 or more), or `unknown` or `not_disclosed`.",
            "anyOf": [{ "type": "integer", "minimum": 0 }, r("unknown_answer")],
        },
        "known_number": {
            "description": "A number (0 or more, decimals allowed), or `unknown` or \
                            `not_disclosed`.",
            "anyOf": [{ "type": "number", "minimum": 0 }, r("unknown_answer")],
        },
        "known_percent": {
            "description": "A percentage from 0 to 100 (for example 99.9), or `unknown` or \
                            `not_disclosed`.",
            "anyOf": [{ "type": "number", "minimum": 0, "maximum": 100 }, r("unknown_answer")],
        },
        "date": {
            "description": "A calendar date written \"YYYY-MM-DD\", in quotes.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "x-message": "is not a valid date; write it as \"YYYY-MM-DD\" in quotes",
        },
        "known_date": {
            "description": "A date \"YYYY-MM-DD\" (in quotes), or `unknown` or `not_disclosed`.",
            "anyOf": [r("date"), r("unknown_answer")],
        },
        "country": {
            "description": "An ISO 3166-1 alpha-2 country code in capitals and in quotes, for \
                            example \"DK\", \"SE\", \"NO\", \"DE\", \"US\". Quote it: some YAML \
                            tools read a bare NO (Norway) as false.",
            "type": "string",
            "pattern": "^[A-Z]{2}$",
            "x-message": "is not an ISO 3166-1 alpha-2 country code such as \"DK\" (two capital \
                          letters, in quotes)",
        },
        "known_country": {
            "description": "A country code such as \"DK\" (in quotes), or `unknown` or \
                            `not_disclosed`.",
            "anyOf": [r("country"), r("unknown_answer")],
        },
        "region": known_enum(
            "The region, when no country is known or as well as the country: `EU` (the 27 member \
             states), `EEA` (the EU plus Iceland, Liechtenstein and Norway), or `non_EEA` when the \
             vendor says only that it is outside the EU/EEA. Not a country code.",
            &[
                ("EU", "Within the European Union."),
                ("EEA", "Within the European Economic Area (EU + IS, LI, NO)."),
                ("non_EEA", "Outside the EU/EEA; the country is not named."),
            ],
        ),
        "known_tls_version": {
            "description": "A TLS version as a quoted string: \"1.0\", \"1.1\", \"1.2\" or \
                            \"1.3\"; or `unknown` or `not_disclosed`. Quote it: a bare 1.2 is a \
                            number.",
            "anyOf": [
                { "type": "string", "enum": ["1.0", "1.1", "1.2", "1.3"] },
                r("unknown_answer"),
            ],
        },
        "id": {
            "description": "An identifier: lower-case letters, digits, '-' and '_', starting with \
                            a letter or digit (for example `cloud-server`).",
            "type": "string",
            "pattern": ID_PATTERN,
            "x-message": "is not a valid id: use lower-case letters, digits, '-' and '_', starting \
                          with a letter or digit",
        },
        "url": {
            "description": "A web address starting with http:// or https://, or `unknown` or \
                            `not_disclosed`.",
            "anyOf": [{ "type": "string", "pattern": "^https?://[^\\s]+$" }, r("unknown_answer")],
        },
        "transfer_mechanism": known_enum(
            "The legal basis for transferring personal data to a country outside the EU/EEA (GDPR \
             Chapter V; S1: \"särskilda bestämmelser för vad som krävs om informationen ska lagras \
             utanför EU\"). `not_required` for locations inside the EU/EEA.",
            &[
                ("adequacy", "The country has an EU adequacy decision (GDPR Article 45)."),
                (
                    "adequacy_dpf",
                    "US recipient certified under the EU-U.S. Data Privacy Framework.",
                ),
                (
                    "scc_2021_914",
                    "EU Standard Contractual Clauses, Commission decision 2021/914 (Article \
                     46(2)(c)).",
                ),
                ("bcr", "Binding Corporate Rules (Article 47)."),
                (
                    "derogation_49",
                    "A specific derogation (Article 49), for example explicit consent.",
                ),
                ("none", "No transfer mechanism."),
                ("not_required", "No transfer outside the EU/EEA."),
            ],
        ),
    })
}

/// `params_KEY` and `control_KEY` for each control, the custom control, `controls` and
/// `control_key`.
fn control_defs() -> Value {
    let mut defs = Map::new();
    let mut keys = Vec::new();
    let mut props = Map::new();
    for c in controls::all() {
        let mut params = c.params;
        params["notes"] = r("notes");
        let params_desc = format!(
            "Details for `{}`. Fill in what the vendor states; use `unknown` for what you asked \
             and did not get.",
            c.key
        );
        let desc = format!(
            "{} Give who is responsible, the status, how binding it is and the evidence; details \
             go in `params`.",
            c.desc
        );
        defs.insert(format!("params_{}", c.key), obj(&params_desc, params));
        defs.insert(
            format!("control_{}", c.key),
            statement::statement(&desc, r(&format!("params_{}", c.key))),
        );
        props.insert(c.key.to_string(), r(&format!("control_{}", c.key)));
        keys.push(c.key);
    }
    let custom = json!({
        "params_custom": {
            "description": "Details for a custom (`x-`) control: any keys you like.",
            "type": "object",
            "additionalProperties": true,
        },
        "control_custom": statement::statement(
            "A control outside the standard vocabulary (key starting with `x-`), for example \
             `x-ai-usage`. Same fields as the standard controls; `params` is free-form.",
            r("params_custom"),
        ),
    });
    defs.extend(custom.as_object().cloned().unwrap_or_default());
    let mut controls = obj(
        "Control statements, one per control key: who does it, whether it is in place, how binding \
         the statement is, details and evidence. At the top level they describe the vendor as a \
         whole; under a service they replace the vendor-wide statement for that service. Custom \
         controls use keys starting with `x-`.",
        props.into(),
    );
    controls["patternProperties"] = json!({ "^x-[a-z0-9_-]+$": r("control_custom") });
    defs.insert("controls".into(), controls);
    defs.insert(
        "control_key".into(),
        json!({
            "description": "A control key from the vocabulary (for example `backup`, \
                            `encryption_at_rest`) or a custom key starting with `x-`.",
            "anyOf": [
                { "type": "string", "enum": keys },
                { "type": "string", "pattern": "^x-[a-z0-9_-]+$" },
            ],
        }),
    );
    defs.into()
}

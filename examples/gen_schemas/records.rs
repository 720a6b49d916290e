//! The declaration's records: the declaration itself, the vendor, its sources and services.

use serde_json::{Value, json};

use vendorlint::config::profiles;

use super::parts::*;

/// The regulations a declaration's `customer_context.regimes` can name: the ids of the
/// regulatory profiles (`rules/profiles.yaml`), in that file's order, each with what it is.
fn regimes() -> Vec<(&'static str, &'static str)> {
    profiles()
        .iter()
        .map(|p| (p.id.as_str(), regulation(&p.id)))
        .collect()
}

/// The regulation a profile is for, as the declaration schema describes it.
fn regulation(profile: &str) -> &'static str {
    match profile {
        "gdpr" => "EU General Data Protection Regulation.",
        "nis2" => "NIS2 Directive (essential/important entities).",
        "dora" => "Digital Operational Resilience Act (financial entities).",
        _ => panic!(
            "rules/profiles.yaml has a profile `{profile}`: say in examples/gen_schemas/records.rs \
             which regulation it is for"
        ),
    }
}

/// The definitions of these records, in the schema's order.
pub fn defs() -> Value {
    json!({
        "contact": obj(
            "A named contact at the vendor.",
            json!({
                "name": text("Name of the person or team."),
                "role": text("Their role, for example \"CISO\" or \"Security team\"."),
                "email": text("E-mail address."),
                "phone": text("Phone number, with country code."),
                "url": rd("url", "A web page or form for reaching them."),
            }),
        ),
        "declaration": obj_required(
            "About this declaration record itself: its id, review status, your risk context and \
             the review cycle.",
            &["id"],
            json!({
                "id": id_ref(
                    "A short, stable id for this declaration, usually the vendor's name in lower \
                     case (for example `unoeuro`).",
                ),
                "status": plain_enum(
                    "Where this declaration is in your own process: `draft` while collecting \
                     answers, `reviewed` once checked by a second person, `approved` once accepted \
                     by the owner.",
                    &[
                        ("draft", "Still collecting answers."),
                        ("reviewed", "Checked by a second person."),
                        ("approved", "Accepted by the responsible owner."),
                    ],
                ),
                "customer_context": obj(
                    "Your side of the relationship: how critical the vendor is, how sensitive the \
                     data is and which regulations apply. These are your assumptions, not the \
                     vendor's answers.",
                    json!({
                        "criticality": known_enum(
                            "How much your business depends on this vendor (your own risk \
                             assessment; S2: \"En risikovurdering\"). Higher criticality makes \
                             some findings stricter.",
                            &[
                                ("low", "Outage or loss would be a nuisance."),
                                ("medium", "Outage or loss would hurt but not stop the business."),
                                ("high", "Outage or loss would stop important work."),
                                ("critical", "The business cannot run without it."),
                            ],
                        ),
                        "data_classification": known_enum(
                            "The most sensitive data you put with this vendor.",
                            &[
                                ("public", "Public information only."),
                                ("internal", "Internal, non-personal information."),
                                ("personal", "Ordinary personal data (GDPR)."),
                                (
                                    "confidential",
                                    "Confidential business data (for example accounts, contracts).",
                                ),
                                (
                                    "special_category",
                                    "Special-category personal data (GDPR Article 9: health, \
                                     etc.).",
                                ),
                            ],
                        ),
                        "regimes": unique_list(
                            "Which regulations apply to you for this vendor; they select stricter \
                             rule profiles.",
                            plain_enum("A regulation that applies to you for this vendor.", &regimes()),
                        ),
                        "notes": r("notes"),
                    }),
                ),
                "review": obj(
                    "Who owns this declaration and when it was and will be reviewed.",
                    json!({
                        "owner": text(
                            "The person in your organisation who owns this vendor relationship and \
                             keeps this declaration current (S2: \"udpege en medarbejder, som \
                             anfører for din virksomheds IT-sikkerhed\"). Outsourcing does not \
                             move the responsibility (S0: \"altid virksomhedens eget ansvar\").",
                        ),
                        "last_reviewed": kd(
                            "Date you last reviewed this declaration with the vendor.",
                        ),
                        "next_review_due": kd(
                            "Date of the next review. Keep it on the agenda (S2: \"løbende sættes \
                             på dagsordenen\"); at least yearly is usual.",
                        ),
                        "notes": r("notes"),
                    }),
                ),
                "notes": r("notes"),
            }),
        ),
        "vendor": obj_required(
            "The supplier this declaration is about.",
            &["name"],
            json!({
                "name": text("The vendor's usual (trading) name."),
                "legal_name": text("The registered legal name, for example \"Nordlys Cloud ApS\"."),
                "org_id": text(
                    "The company registration number, for example Danish CVR \"DK12345678\", \
                     Swedish organisationsnummer, or an LEI.",
                ),
                "country": rd(
                    "known_country",
                    "Country where the vendor is established, as a quoted two-letter code, for \
                     example \"DK\".",
                ),
                "website": rd("url", "The vendor's website."),
                "security_contact": {
                    "description": "A named contact for information-security questions (S1: \"en \
                                    särskilt utpekad kontaktperson för \
                                    informationssäkerhetsfrågor\"), or `unknown`/`not_disclosed`.",
                    "anyOf": [r("contact"), r("unknown_answer")],
                },
                "provenance": r("provenance"),
                "evidence": r("evidence"),
                "notes": r("notes"),
            }),
        ),
        "source": obj_required(
            "A document the declaration's answers come from: policy, contract, DPA, report, \
             certificate, questionnaire, correspondence.",
            &["id"],
            json!({
                "id": id_ref("A short id for this document, used by `evidence[].source`."),
                "kind": known_enum(
                    "What kind of document this is.",
                    &[
                        ("vendor_policy", "A security or privacy policy published by the vendor."),
                        ("contract", "The signed agreement."),
                        ("dpa", "The data processing agreement."),
                        ("sla", "The service level agreement."),
                        ("audit_report", "An assurance report (ISAE 3402, ISAE 3000, SOC 2)."),
                        ("certificate", "A certificate (for example ISO 27001)."),
                        ("pentest_report", "A penetration-test report or summary."),
                        ("questionnaire", "The vendor's answers to a questionnaire."),
                        ("correspondence", "E-mails or letters."),
                        ("meeting_notes", "Your notes from a meeting with the vendor."),
                        ("website", "A web page."),
                        ("other", "Something else; say what in `title`."),
                    ],
                ),
                "title": text("The document's title (or a short description if it has none)."),
                "url": rd("url", "Where the document can be found."),
                "snapshot": text(
                    "Path to a local plain-text copy of the document, relative to this declaration \
                     file (for example `../sources/policy.txt`). Evidence quotes are checked \
                     against it.",
                ),
                "snapshot_sha256": {
                    "description": "SHA-256 of the snapshot file (64 lower-case hex digits), to \
                                    notice if the copy changes.",
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                },
                "language": {
                    "description": "Language of the document as a code, for example \"da\" \
                                    (Danish), \"sv\" (Swedish), \"en\" (English).",
                    "type": "string",
                    "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                },
                "version": text("The document's own version or revision, if it has one."),
                "published": kd("Date the document was published or signed, if stated."),
                "retrieved": kd("Date you obtained this copy."),
                "disclosure": known_enum(
                    "Whether the document discloses everything it covers: `partial` when the \
                     vendor says parts are withheld (for example \"som ikke offentliggøres\").",
                    &[
                        ("full", "Nothing is said to be withheld."),
                        ("partial", "The vendor says some details are withheld."),
                    ],
                ),
                "notes": r("notes"),
            }),
        ),
        "service": obj_required(
            "A service you buy from the vendor. Rules are evaluated per service.",
            &["id"],
            json!({
                "id": id_ref(
                    "A short id for the service, used in `part_of`, `data_locations[].services` \
                     and waivers.",
                ),
                "name": text("The service's name as the vendor sells it."),
                "kind": known_enum(
                    "What kind of service it is.",
                    &[
                        ("saas", "Software as a service (an application you log in to)."),
                        ("paas", "A managed platform (databases, app hosting)."),
                        ("iaas", "Virtual servers, storage, networks."),
                        ("web_hosting", "Web hotel / shared hosting."),
                        ("email", "E-mail hosting."),
                        ("colocation", "Your own hardware in the vendor's data centre."),
                        ("managed_service", "The vendor operates your IT for you."),
                        ("backup_service", "Backup as a service."),
                        ("software_development", "Custom software development."),
                        ("support", "Support or consultancy."),
                        ("network", "Connectivity, firewall, VPN."),
                        ("other", "Something else."),
                    ],
                ),
                "part_of": id_ref(
                    "Id of the service this one is part of (for example e-mail that comes with a \
                     web hotel). Controls not stated here are taken from that service.",
                ),
                "description": text("What the service does for you, in a sentence or two."),
                "stores": known_list(
                    "What the service stores for you. Backup and encryption scope are compared \
                     with it: a service that keeps mailboxes whose backup covers only web files \
                     leaves the mail without backup.",
                    plain_enum(
                        "A kind of data the service keeps.",
                        &[
                            ("databases", "Databases."),
                            ("files", "Files and documents you upload or keep."),
                            ("web_files", "Website files."),
                            ("email", "Mailboxes."),
                            ("virtual_machines", "Whole virtual machines / cloud servers and their disks."),
                            ("backups", "Backup copies the service keeps for you."),
                            ("logs", "Logs."),
                            ("configuration", "Configuration."),
                        ],
                    ),
                ),
                "customer_usage": obj(
                    "How you use this service.",
                    json!({
                        "in_use": kb("Whether you actually use this service."),
                        "personal_data": kb(
                            "Whether the service holds or processes personal data for you (S0: \
                             \"Hvordan håndterer I persondata?\").",
                        ),
                        "data_classification": known_enum(
                            "The most sensitive data in this service, if different from \
                             `declaration.customer_context.data_classification`.",
                            &[
                                ("public", "Public information only."),
                                ("internal", "Internal, non-personal information."),
                                ("personal", "Ordinary personal data."),
                                ("confidential", "Confidential business data."),
                                (
                                    "special_category",
                                    "Special-category personal data (GDPR Article 9).",
                                ),
                            ],
                        ),
                        "notes": r("notes"),
                    }),
                ),
                "controls": rd(
                    "controls",
                    "Control statements that apply to this service only. A statement here \
                     replaces, as a whole, the one on the parent service (`part_of`) and the \
                     vendor-wide one in the top-level `controls`.",
                ),
                "notes": r("notes"),
            }),
        ),
    })
}

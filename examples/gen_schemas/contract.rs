//! What is agreed: the contract, the duties that stay with the customer, and waivers.

use serde_json::{Value, json};
use vendorlint::base::vocab::RULE_SELECTOR_PATTERN;

use super::parts::*;

/// The terms GDPR Article 28(3)(a)-(h) requires in a data processing agreement.
const DPA_CLAUSES: &[(&str, &str)] = &[
    (
        "a_instructions",
        "(a) Processes personal data only on your documented instructions, including transfers \
         outside the EU/EEA.",
    ),
    (
        "b_confidentiality",
        "(b) Persons authorised to process the data are bound by confidentiality.",
    ),
    (
        "c_art32",
        "(c) Takes the security measures required by GDPR Article 32.",
    ),
    (
        "d_subprocessors",
        "(d) Uses subprocessors only with your authorisation and passes the same obligations on.",
    ),
    (
        "e_data_subject_rights",
        "(e) Helps you answer data subjects' requests (access, erasure, …).",
    ),
    (
        "f_art32_36_assistance",
        "(f) Helps you with security, breach notification, impact assessments and prior \
         consultation (Article 32-36).",
    ),
    (
        "g_delete_or_return",
        "(g) Deletes or returns all personal data at the end, as you choose.",
    ),
    (
        "h_audits",
        "(h) Gives you the information needed to show compliance and allows audits and \
         inspections.",
    ),
];

/// A `known_bool` for each DPA clause, then `notes`.
fn dpa_clauses() -> Value {
    let mut clauses: serde_json::Map<String, Value> = DPA_CLAUSES
        .iter()
        .map(|&(k, d)| (k.to_string(), kb(d)))
        .collect();
    clauses.insert("notes".into(), r("notes"));
    clauses.into()
}

/// The definitions of the agreement, in the schema's order.
pub fn defs() -> Value {
    json!({
        "contract": obj(
            "What is agreed with the vendor in writing: agreement, DPA, incident notification, \
             audit rights, service levels, exit and data terms. Policy statements belong here too, \
             marked with `commitment: policy`.",
            json!({
                "agreement": obj(
                    "The main agreement with the vendor.",
                    with_extras(
                        json!({
                            "signed": kb(
                                "Whether a signed agreement exists (S1: \"ett juridiskt avtal som \
                                 reglerar hur tjänsten används\").",
                            ),
                            "signed_on": kd("Date it was signed."),
                            "reference": text("Contract number or name."),
                            "security_requirements_included": kb(
                                "Whether your security requirements are written into it (S0: \"få \
                                 det skrevet ind i jeres samarbejdskontrakt\").",
                            ),
                            "governing_law": rd(
                                "known_country",
                                "Country whose law governs the contract, as a quoted two-letter \
                                 code.",
                            ),
                        }),
                    ),
                ),
                "privacy": obj(
                    "Personal data: the vendor's role under GDPR and what it processes.",
                    with_extras(
                        json!({
                            "vendor_role": known_enum(
                                "The vendor's GDPR role for your personal data (S0: \"hvem der er \
                                 dataansvarlig og databehandler for hvilke behandlinger\").",
                                &[
                                    (
                                        "processor",
                                        "Processes personal data on your behalf (needs a DPA).",
                                    ),
                                    (
                                        "sub_processor",
                                        "Processes on behalf of another processor you use.",
                                    ),
                                    (
                                        "joint_controller",
                                        "Decides purposes and means together with you (needs an \
                                         Article 26 arrangement).",
                                    ),
                                    (
                                        "independent_controller",
                                        "Processes the data for its own purposes.",
                                    ),
                                    ("none", "Processes no personal data for you."),
                                ],
                            ),
                            "processing_description": text(
                                "What personal data the vendor processes for you and how (S0: \
                                 \"Hvordan håndterer I persondata?\").",
                            ),
                        }),
                    ),
                ),
                "dpa": obj(
                    "The data processing agreement (GDPR Article 28(3)).",
                    with_extras(
                        json!({
                            "signed": kb(
                                "Whether a data processing agreement is signed (S1: \"måste \
                                 upprätta ett så kallat biträdesavtal\"; GDPR Article 28(3)).",
                            ),
                            "signed_on": kd("Date it was signed."),
                            "template": known_enum(
                                "Which text the DPA is based on.",
                                &[
                                    (
                                        "dk_datatilsynet_art28_8",
                                        "The Danish Data Protection Agency's standard contractual \
                                         clauses (Article 28(8)).",
                                    ),
                                    (
                                        "eu_scc_2021_915",
                                        "The EU Commission's controller-processor clauses, \
                                         decision 2021/915.",
                                    ),
                                    ("vendor", "The vendor's own template."),
                                    ("custom", "Your own or a negotiated text."),
                                ],
                            ),
                            "clauses": obj(
                                "Whether the DPA contains each term GDPR Article 28(3)(a)-(h) \
                                 requires.",
                                dpa_clauses(),
                            ),
                        }),
                    ),
                ),
                "incident_notification": obj(
                    "What the vendor must tell you about incidents, how fast and how.",
                    with_extras(
                        json!({
                            "max_hours": ki(
                                "Maximum hours from the vendor becoming aware of an incident until \
                                 it tells you. GDPR requires the processor to notify \"without \
                                 undue delay\"; you have 72 hours to notify the authority; NIS2 \
                                 early warnings are due within 24 hours.",
                            ),
                            "scope": known_list(
                                "Which events the vendor will tell you about (S0: \"leverandøren \
                                 giver virksomheden besked ved sikkerhedshændelser\").",
                                plain_enum(
                                    "A kind of event you will be told about.",
                                    &[
                                        (
                                            "security_incident",
                                            "Security incidents affecting your data or service.",
                                        ),
                                        (
                                            "personal_data_breach",
                                            "Personal-data breaches (GDPR Article 33(2)).",
                                        ),
                                        ("outage", "Outages and service disruptions."),
                                        ("vulnerability", "Vulnerabilities that affect you."),
                                    ],
                                ),
                            ),
                            "channels": known_list(
                                "How you are told (S1: \"När och hur rapportering av \
                                 säkerhetsincidenter ska ske\").",
                                plain_enum(
                                    "A way you are told.",
                                    &[
                                        ("email", "E-mail."),
                                        ("phone", "Phone call."),
                                        ("sms", "Text message."),
                                        ("status_page", "Public status page."),
                                        ("portal", "Customer portal."),
                                        ("named_contact", "Directly to your named contact."),
                                    ],
                                ),
                            ),
                            "contractual": kb(
                                "Whether the deadline and scope are written into the signed \
                                 contract or DPA (true), or only stated in a policy (false).",
                            ),
                        }),
                    ),
                ),
                "security_reporting": obj(
                    "Regular security reporting from the vendor to you.",
                    with_extras(
                        json!({
                            "frequency": known_enum(
                                "How often the vendor reports to you on incidents and the status \
                                 of agreed security measures (S0: \"løbende rapportere (fx \
                                 kvartalsvist)\").",
                                &[
                                    ("monthly", "Every month."),
                                    ("quarterly", "Every quarter."),
                                    ("semi_annually", "Every six months."),
                                    ("annually", "Every year."),
                                    ("on_request", "Only when you ask."),
                                    ("none", "No reporting."),
                                ],
                            ),
                            "content": unique_list(
                                "What the reports cover.",
                                plain_enum(
                                    "A topic covered by the reports.",
                                    &[
                                        ("incidents", "Security incidents."),
                                        ("control_status", "Status of agreed security procedures."),
                                        ("vulnerabilities", "Vulnerabilities and patching."),
                                        ("availability", "Uptime against the SLA."),
                                        ("subprocessor_changes", "Changes of subprocessors."),
                                    ],
                                ),
                            ),
                        }),
                    ),
                ),
                "audit_rights": obj(
                    "Your right to check the vendor (GDPR Article 28(3)(h); DORA Article \
                     30(3)(e)).",
                    with_extras(
                        json!({
                            "on_request_reports": kb(
                                "Whether you may get audit reports and certificates on request.",
                            ),
                            "onsite": kb(
                                "Whether you (or your auditor) may audit on site (S1: \"möjlighet \
                                 att granska hur informationen hanteras hos leverantören\").",
                            ),
                            "third_party_auditor": kb(
                                "Whether you may send an independent auditor.",
                            ),
                            "regulator_access": kb(
                                "Whether supervisory authorities get access and may inspect.",
                            ),
                            "notice_days": ki("Days of notice you must give before an audit."),
                            "cost": known_enum(
                                "Who pays for audits.",
                                &[
                                    ("vendor", "The vendor pays."),
                                    ("customer", "You pay."),
                                    ("shared", "Shared."),
                                ],
                            ),
                        }),
                    ),
                ),
                "sla": obj(
                    "Service levels: availability, recovery time and data-loss limits.",
                    with_extras(
                        json!({
                            "availability_percent": rd(
                                "known_percent",
                                "Promised availability in percent, for example 99.9.",
                            ),
                            "measurement_period": known_enum(
                                "Period over which availability is measured.",
                                &[
                                    ("monthly", "Per month."),
                                    ("quarterly", "Per quarter."),
                                    ("annually", "Per year."),
                                ],
                            ),
                            "rto_hours": kn(
                                "Recovery time objective: maximum hours until the service works \
                                 normally again after an outage (S1: \"Hur snabbt tjänsten … ska \
                                 fungera normalt igen efter avbrott\").",
                            ),
                            "rpo_hours": kn(
                                "Recovery point objective: maximum hours of data that can be lost.",
                            ),
                            "uptime_measured": kb(
                                "Whether the vendor measures and documents uptime.",
                            ),
                            "service_credits": kb(
                                "Whether you get credits or compensation when the SLA is missed.",
                            ),
                            "support_hours": known_enum(
                                "When support can be reached.",
                                &[
                                    ("around_the_clock", "24 hours a day, every day."),
                                    ("business_hours", "Business hours only."),
                                ],
                            ),
                        }),
                    ),
                ),
                "exit": obj(
                    "Leaving the vendor: getting your data back, deletion and handover (S0: \"i \
                     tilfælde af, at I ønsker at skifte leverandør\").",
                    with_extras(
                        json!({
                            "data_return_format": text(
                                "Format you get your data back in, in words (for example \"CSV and \
                                 PDF\", \"VM images and database dumps\").",
                            ),
                            "data_return_days": ki(
                                "Days within which your data is returned after termination.",
                            ),
                            "deletion_after_exit_days": ki(
                                "Days after the end by which the vendor deletes your data, \
                                 including backups.",
                            ),
                            "deletion_certificate": kb(
                                "Whether the vendor confirms deletion in writing.",
                            ),
                            "config_copy": kb(
                                "Whether you get a copy of configuration files (S0: \"kopi af \
                                 konfigurationsfiler og kildekode\").",
                            ),
                            "transition_assistance_days": ki(
                                "Days the vendor helps you move to a new supplier.",
                            ),
                            "termination_notice_days": ki(
                                "Days of notice to terminate the contract.",
                            ),
                            "exit_plan": kb("Whether a documented exit plan exists."),
                        }),
                    ),
                ),
                "data": obj(
                    "Who owns your data and how the vendor may use it.",
                    with_extras(
                        json!({
                            "ownership": known_enum(
                                "Who owns the data you put in the service (S1: \"Vem som äger \
                                 informationen\").",
                                &[
                                    ("customer", "You own it."),
                                    ("vendor", "The vendor owns it."),
                                    ("shared", "Shared ownership."),
                                ],
                            ),
                            "use_restriction": kb(
                                "Whether the vendor may use or change your data only on your \
                                 instructions (S1: \"hur informationen får användas\").",
                            ),
                            "secondary_use": kb(
                                "Whether the vendor may use your data for its own purposes \
                                 (analytics, product development, AI training).",
                            ),
                            "third_party_sharing": known_enum(
                                "Whether your data is shared with third parties (S1: \"om \
                                 informationen på något sätt delas med en tredje part\").",
                                &[
                                    ("none", "Not shared."),
                                    ("subprocessors_only", "Only with the listed subprocessors."),
                                    ("other_third_parties", "Also with other third parties."),
                                ],
                            ),
                        }),
                    ),
                ),
                "custom_development": obj(
                    "Software or configuration developed for you.",
                    with_extras(
                        json!({
                            "applicable": kb(
                                "Whether the vendor develops software or configuration \
                                 specifically for you.",
                            ),
                            "ip_owner": known_enum(
                                "Who keeps the intellectual property rights in what is developed \
                                 for you (S0: \"hvem der beholder de immaterielle rettigheder\").",
                                &[
                                    ("customer", "You."),
                                    ("vendor", "The vendor."),
                                    ("shared", "Shared."),
                                ],
                            ),
                            "source_code_copy": kb("Whether you get a copy of the source code."),
                            "config_copy": kb("Whether you get a copy of the configuration files."),
                            "escrow": kb("Whether the source code is held in escrow."),
                        }),
                    ),
                ),
                "subprocessor_changes": obj(
                    "How changes of subprocessors are handled.",
                    with_extras(
                        json!({
                            "authorisation": known_enum(
                                "How new subprocessors are authorised (GDPR Article 28(2)).",
                                &[
                                    ("specific", "You approve each new subprocessor."),
                                    (
                                        "general",
                                        "General authorisation, with advance notice and a right to \
                                         object.",
                                    ),
                                ],
                            ),
                            "notice_days": ki(
                                "Days of advance notice before a subprocessor is added or \
                                 replaced.",
                            ),
                            "objection_right": kb("Whether you may object to a new subprocessor."),
                            "list_available": kb(
                                "Whether a current list of subprocessors is available to you.",
                            ),
                        }),
                    ),
                ),
                "location_change_notice_days": ki(
                    "Days of advance notice before data is moved to another location or country \
                     (DORA Article 30(2)(b)).",
                ),
                "dora": obj(
                    "Extra contract terms for financial entities under DORA Article 30.",
                    with_extras(
                        json!({
                            "subcontracting_conditions": kb(
                                "Whether conditions for subcontracting critical functions are in \
                                 the contract (DORA Article 30(2)(a)).",
                            ),
                            "incident_assistance_cost": known_enum(
                                "Cost of the vendor's help with ICT incidents (DORA Article \
                                 30(2)(f)).",
                                &[
                                    ("none", "At no extra cost."),
                                    ("ex_ante", "At a cost agreed in advance."),
                                ],
                            ),
                            "authority_cooperation": kb(
                                "Whether the vendor must cooperate with your supervisory \
                                 authorities (Article 30(2)(g)).",
                            ),
                            "termination_rights": kb(
                                "Whether you have the termination rights DORA requires (Article \
                                 30(2)(h)).",
                            ),
                            "awareness_programmes": kb(
                                "Whether the vendor takes part in your ICT security awareness \
                                 programmes (Article 30(2)(i)).",
                            ),
                            "tlpt_participation": kb(
                                "Whether the vendor takes part in threat-led penetration testing \
                                 (Article 30(3)(d)).",
                            ),
                            "exit_transition_period": kb(
                                "Whether a mandatory transition period is agreed for exit (Article \
                                 30(3)(f)).",
                            ),
                        }),
                    ),
                ),
                "evidence": r("evidence"),
                "notes": r("notes"),
            }),
        ),
        "customer_responsibility_item": obj_required(
            "A security duty that stays with you (the customer).",
            &["id", "text"],
            json!({
                "id": id_ref("A short id for this duty."),
                "text": text(
                    "What you must do, in plain words (S2: \"hvad I selv kan gøre for at styrke \
                     IT-sikkerheden\").",
                ),
                "controls": unique_list(
                    "Control keys this duty belongs to (for example `backup`, \
                     `encryption_in_transit`).",
                    r("control_key"),
                ),
                "services": id_list("Ids of the services it applies to."),
                "owner": text("The person or team on your side who does it."),
                "acknowledged": kb("Whether the owner has accepted the duty."),
                "acknowledged_on": kd("Date the owner accepted it."),
                "implemented": kb("Whether it has actually been done."),
                "evidence": r("evidence"),
                "notes": r("notes"),
            }),
        ),
        "waiver": obj_required(
            "A formally accepted risk: it silences a finding until it expires. Waived findings are \
             still counted in the summary.",
            &["rule", "reason", "approved_by", "decided_on", "expires"],
            json!({
                "rule": {
                    "description": "The rule id the waiver applies to (for example `CRY-002`), or \
                                    a rule family prefix (for example `CRY`) for all its rules.",
                    "type": "string",
                    "pattern": RULE_SELECTOR_PATTERN,
                    "x-message": RULE_SELECTOR_MESSAGE,
                },
                "service": id_ref("Limit the waiver to findings for this service id."),
                "pointer": {
                    "description": "Limit the waiver to findings at or below this place in the \
                                    file, as a JSON pointer, for example \
                                    `/services/1/controls/backup`.",
                    "type": "string",
                    "pattern": "^(/([^~]|~[01])*)*$",
                    "x-message": "is not a JSON pointer such as \"/services/0/controls/backup\"",
                },
                "reason": text(
                    "Why the risk is accepted, and any compensating measures (S1: \"ett formellt \
                     beslut till grund för en sådan lösning\").",
                ),
                "approved_by": text("Who accepted the risk (name and role)."),
                "decided_on": rd("date", "Date the decision was made."),
                "expires": rd(
                    "date",
                    "Date the waiver stops applying; the finding comes back after it. Keep it \
                     short, for example until the next review.",
                ),
            }),
        ),
    })
}

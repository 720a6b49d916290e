//! What every control statement is made of: who is responsible, the status, how binding and
//! how known it is, the evidence, and the vocabularies of those fields.

use serde_json::{Value, json};

use super::parts::*;

/// The definitions a control statement refers to, in the schema's order.
pub fn defs() -> Value {
    json!({
        "responsibility": known_enum(
            "Who is responsible for this control: the vendor, the vendor only as a paid or \
             optional extra, both, or you (the customer). This is the 'who does what' split the \
             contract should settle (S0: \"aftale, hvem der har ansvaret for hvad\"). Use `vendor` \
             when it is part of the base service (add `performed_by` if a subprocessor runs it); \
             `vendor_addon` when the vendor offers it only as an extra (\"Backup kan dog \
             tilkøbes\"), and fill in `addon`; `shared` when both sides have duties (write yours \
             in `customer_responsibility`); `customer` when you must do it yourself, possibly with \
             a vendor feature (`vendor_capability`); `not_provided` when nobody does it unless you \
             arrange it elsewhere; `not_applicable` when the control does not apply to this \
             service.",
            &[
                (
                    "vendor",
                    "The vendor does it as part of the base service (possibly through a \
                     subprocessor, see `performed_by`).",
                ),
                (
                    "vendor_addon",
                    "The vendor offers it only as an extra; it protects you only if you have it \
                     (`addon.subscribed: true`).",
                ),
                ("shared", "Both parties have duties; write yours in `customer_responsibility`."),
                (
                    "customer",
                    "You must do it yourself (the vendor may offer a feature for it: \
                     `vendor_capability`).",
                ),
                ("not_provided", "Nobody does it unless you arrange it elsewhere."),
                ("not_applicable", "The control does not apply to this service."),
            ],
        ),
        "status": known_enum(
            "How far the control is in place for you as the vendor delivers it, before any action \
             on your side. `implemented`: in place; `partial`: in place for part of the scope, or \
             available but not enforced (for example encryption you must switch on); `planned`: \
             promised but not yet there (\"Vi arbejder … for at tilbyde\"); `alternative`: a \
             different, compensating measure is used; `not_provided`: not in place; \
             `not_applicable`: does not apply. The states follow NIST OSCAL implementation-status.",
            &[
                ("implemented", "In place."),
                ("partial", "In place for part of the scope, or available but not enforced."),
                ("planned", "Promised or being worked on, not in place yet."),
                ("alternative", "A different, compensating measure is used instead."),
                ("not_provided", "Not in place."),
                ("not_applicable", "Does not apply to this service."),
            ],
        ),
        "enablement": known_enum(
            "Whether a security feature is switched on by default. `default_on`: on unless someone \
             turns it off; `opt_in`: off until you turn it on (for example \"skal du selv opsætte \
             dette via dit Kontrolpanel\"); `not_configurable`: always on, cannot be turned off. \
             Ask for secure defaults (S2: \"stille krav om, at der med produktet følger sikre \
             løsninger\").",
            &[
                ("default_on", "On by default; can be switched off."),
                ("opt_in", "Off until you switch it on."),
                ("not_configurable", "Always on; cannot be switched off."),
            ],
        ),
        "commitment": plain_enum(
            "How binding the vendor's statement is. `contractual`: written into the signed \
             contract, DPA or SLA; `policy`: stated firmly in a published policy or answer, but \
             not contracted; `policy_default`: stated as the normal case only (\"som \
             udgangspunkt\", \"by default\") so it may differ; `best_effort`: an aim, not a \
             promise (\"tilstræbes\", \"bestræber\", \"som hovedregel\", \"hvis det er muligt\"); \
             `marketing`: sales material only. Policy text is not a contract: ask for important \
             points to be written into the contract.",
            &[
                ("contractual", "In the signed contract, DPA or SLA."),
                ("policy", "Firm statement in a policy or written answer; not contracted."),
                (
                    "policy_default",
                    "Only the normal case (\"som udgangspunkt\"); exceptions possible.",
                ),
                ("best_effort", "An aim, not a promise (\"tilstræbes\", \"som hovedregel\")."),
                ("marketing", "Sales or website material only."),
                ("unknown", "Not established how binding it is."),
            ],
        ),
        "provenance": plain_enum(
            "How we know this. `stated`: the vendor says so in a source; `inferred`: we concluded \
             it from indirect information (say how in `notes`); `verified`: we checked it \
             ourselves (saw the certificate, test result or configuration).",
            &[
                ("stated", "The vendor says so in one of the sources."),
                ("inferred", "Concluded from indirect information; explain in `notes`."),
                (
                    "verified",
                    "Checked independently (certificate seen, configuration inspected, test run).",
                ),
            ],
        ),
        "control_scope": known_enum(
            "Which systems this statement covers. Leave it out (or `all`) when it covers \
             everything, including the services you buy. `customer_services`: only the services \
             delivered to customers. `vendor_internal_systems`: only the vendor's own internal IT \
             (for example \"backup af vores egne interne systemer\"); such a statement is never \
             credited to your services.",
            &[
                ("all", "The vendor's whole operation, including the services you buy."),
                ("customer_services", "Only the services delivered to customers."),
                (
                    "vendor_internal_systems",
                    "Only the vendor's own internal IT; not credited to customer services.",
                ),
            ],
        ),
        "notes": free_text("Free-text remarks: context, caveats, what was asked and when."),
        "evidence_item": obj_required(
            "One piece of evidence: a pointer into a source document, ideally with the exact \
             quote.",
            &["source"],
            json!({
                "source": id_ref("Id of the `sources` entry this evidence comes from."),
                "locator": text(
                    "Where in the source: section heading, page or clause number (for example \
                     \"Backup\", \"§7.2\", \"page 4\").",
                ),
                "quote": text(
                    "The vendor's exact words, copied verbatim from the source in its original \
                     language (keep typographic quotes and apostrophes as they are). vendorlint \
                     checks the quote against the source's `snapshot` when there is one.",
                ),
                "translation": text(
                    "An English translation of the quote, for reviewers who do not read the \
                     original language.",
                ),
                "lang": text(
                    "Language of the quote when it differs from the source's `language` (for \
                     example \"da\", \"sv\", \"en\").",
                ),
                "commitment": rd(
                    "commitment",
                    "How binding this particular sentence is, when it differs from the statement's \
                     `commitment` (for example one hedged sentence, \"Det tilstræbes …\", among \
                     firm ones).",
                ),
                "notes": r("notes"),
            }),
        ),
        "evidence": list(
            "Where this is stated: one entry per supporting passage, with the source id, the place \
             in it and the exact quote. A claim without evidence is reported.",
            r("evidence_item"),
        ),
        "performed_by": unique_list(
            "Ids of the subprocessors (`subprocessors[].id`) that actually carry out this control \
             for the vendor, for example the data-centre operator for physical security.",
            r("id"),
        ),
        "addon": obj(
            "Details of an add-on, for `responsibility: vendor_addon`: what it is called, whether \
             it costs extra and whether you have it.",
            json!({
                "product": text("Name of the add-on as the vendor sells it."),
                "cost": known_enum(
                    "Whether the add-on costs extra.",
                    &[
                        ("paid", "Costs extra."),
                        ("free", "Included at no extra cost, but must be ordered or switched on."),
                    ],
                ),
                "subscribed": kb(
                    "Whether you have actually ordered it. The control counts only if this is \
                     `true`.",
                ),
                "notes": r("notes"),
            }),
        ),
        "available_on_request": kb(
            "Whether the vendor will show details (procedures, reports, plans) on request, for \
             example under a confidentiality agreement.",
        ),
        "customer_responsibility": text(
            "What you (the customer) must do for this control, in plain words. Required in \
             practice for `shared` and `customer`; also list it in `customer_responsibilities` \
             with an owner.",
        ),
        "vendor_capability": kb(
            "Whether the vendor offers a feature you can use for this control, even if you must \
             set it up yourself (for example HTTPS you switch on in the control panel).",
        ),
    })
}

/// A control statement with this description and this schema for its `params`.
pub fn statement(desc: &str, params: Value) -> Value {
    obj(
        desc,
        json!({
            "responsibility": r("responsibility"),
            "status": r("status"),
            "enablement": r("enablement"),
            "vendor_capability": r("vendor_capability"),
            "performed_by": r("performed_by"),
            "addon": r("addon"),
            "commitment": r("commitment"),
            "scope": r("control_scope"),
            "available_on_request": r("available_on_request"),
            "params": params,
            "customer_responsibility": r("customer_responsibility"),
            "provenance": r("provenance"),
            "evidence": r("evidence"),
            "notes": r("notes"),
        }),
    )
}

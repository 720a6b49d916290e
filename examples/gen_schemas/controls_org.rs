//! Controls of the vocabulary: governance, people, physical security and identity.

use serde_json::json;

use super::controls::{Control, control, mfa};
use super::parts::*;

/// Governance: policy, procedures and the vendor's own suppliers.
pub fn governance() -> Vec<Control> {
    vec![
        control(
            "security_policy",
            "The vendor's information security policy: that one exists, what it covers, who owns \
             it and how often it is reviewed.",
            json!({
                "covers_all_activities": kb(
                    "Whether the policy covers all of the vendor's activities (\"dækker alle \
                     aktiviteter for virksomheden\"), not just some.",
                ),
                "management_owned": kb(
                    "Whether top management owns the policy and is responsible for enforcing and \
                     revising it.",
                ),
                "review_interval_days": ki(
                    "How often the policy is reviewed, in days (365 = yearly). `unknown` if only \
                     \"periodically\".",
                ),
                "last_reviewed": kd("Date of the last review of the policy (\"YYYY-MM-DD\")."),
                "published": kb("Whether the policy is published or given to customers."),
                "framework": text(
                    "The standard the security programme follows, if any, for example \"ISO/IEC \
                     27001:2022\".",
                ),
            }),
        ),
        control(
            "operating_procedures",
            "Documented internal security procedures (how the policy is carried out day to day) \
             and a record that they are followed.",
            json!({
                "documented": kb("Whether the procedures are written down."),
                "control_log": kb(
                    "Whether the vendor keeps a log of checks that the procedures are followed \
                     (when, and with what result).",
                ),
                "published": kb(
                    "Whether the procedures are published or shared with customers. `false` with \
                     `available_on_request` on the statement when they are shown only on request.",
                ),
            }),
        ),
        control(
            "supplier_management",
            "How the vendor controls its own suppliers and subprocessors (ISO 27001 A.5.19-A.5.22; \
             NIS2 Article 21(2)(d)).",
            json!({
                "methods": unique_list(
                    "How the vendor binds and checks its suppliers (contracts, DPAs, audit \
                     reports, own checks, NDAs, …).",
                    plain_enum(
                        "One way the vendor binds or checks its suppliers.",
                        &[
                            ("contracts", "Contracts with each supplier."),
                            ("dpa", "Data processing agreements (GDPR Article 28(4))."),
                            (
                                "security_requirements",
                                "The vendor's own security requirements passed on to the supplier.",
                            ),
                            (
                                "audit_reports",
                                "Audit reports from the supplier (ISAE 3402, SOC 2, ...).",
                            ),
                            (
                                "self_assessment",
                                "The vendor's own checks of the supplier (\"egenkontrol\").",
                            ),
                            ("nda", "Confidentiality agreements."),
                            ("security_questionnaire", "Security questionnaires."),
                            ("onsite_audit", "Visits or audits at the supplier."),
                            ("certification_review", "Review of the supplier's certificates."),
                        ],
                    ),
                ),
                "ongoing_monitoring": kb(
                    "Whether the vendor checks its suppliers continuously, not only when signing.",
                ),
                "dpa_always": kb(
                    "Whether the vendor signs a data processing agreement with every supplier.",
                ),
                "eea_suppliers_only": kb(
                    "Whether the vendor uses only suppliers that operate in and keep data in the \
                     EU/EEA. Use the statement's `commitment` (or the evidence's) for \"as a \
                     rule\".",
                ),
                "equal_or_better_security_required": kb(
                    "Whether suppliers must have at least the vendor's own security level.",
                ),
            }),
        ),
    ]
}

/// People: confidentiality, awareness and sanctions.
pub fn people() -> Vec<Control> {
    vec![
        control(
            "personnel_confidentiality",
            "Confidentiality duties of the vendor's staff towards your data (GDPR Article \
             28(3)(b); ISO 27001 A.6.6).",
            json!({
                "confidentiality_agreement": kb(
                    "Whether all staff are bound by confidentiality (contract clause or NDA).",
                ),
                "post_employment": kb("Whether confidentiality continues after employment ends."),
                "use_limited_to_work_tasks": kb(
                    "Whether staff may use their access to data only for work tasks.",
                ),
                "background_checks": kb(
                    "Whether staff with access to customer data are screened before hiring.",
                ),
            }),
        ),
        control(
            "security_awareness",
            "Security training and instruction of the vendor's staff (ISO 27001 A.6.3; NIS2 \
             Article 21(2)(g)).",
            json!({
                "onboarding": kb(
                    "Whether new staff are introduced to the security policy when they start.",
                ),
                "on_change": kb("Whether staff are informed when the policy changes."),
                "recurring_training": kb(
                    "Whether staff get security training regularly, not only at start.",
                ),
                "interval_days": ki("How often training is repeated, in days."),
            }),
        ),
        control(
            "disciplinary_process",
            "Consequences for staff who break the security rules, including removal of access (ISO \
             27001 A.6.4).",
            json!({
                "sanctions_defined": kb(
                    "Whether breaches of the security policy have defined consequences (warning, \
                     dismissal).",
                ),
                "immediate_access_revocation": kb(
                    "Whether all access is revoked immediately on dismissal.",
                ),
            }),
        ),
    ]
}

/// Physical security: data centres, offices, desks and disposal.
pub fn physical() -> Vec<Control> {
    vec![
        control(
            "physical_security_datacenter",
            "Physical protection of the data centres holding your data: access control, logging, \
             CCTV, power, cooling and fire protection. Often run by a data-centre subprocessor \
             (`performed_by`).",
            json!({
                "need_based_access": kb(
                    "Whether only staff with a work need get physical access to the servers.",
                ),
                "electronic_access_cards": kb(
                    "Whether entrances use electronic access cards (or similar).",
                ),
                "access_logged": kb("Whether physical entries are logged."),
                "cctv_all_entrances": kb("Whether all entrances are under camera surveillance."),
                "power_backup": kb("Whether there is backup power (UPS and generator)."),
                "cooling_redundant": kb("Whether cooling is redundant."),
                "fire_suppression": kb(
                    "Whether there is automatic fire detection and suppression.",
                ),
            }),
        ),
        control(
            "physical_security_office",
            "Physical protection of the vendor's offices (who may enter, theft and fire \
             protection).",
            json!({
                "staff_only_access": kb(
                    "Whether only staff (and escorted guests) can enter the office.",
                ),
                "escorted_guests": kb("Whether guests are always escorted by an employee."),
                "theft_protection": kb(
                    "Whether the office is protected against theft (locks, alarm).",
                ),
                "fire_protection": kb("Whether the office is protected against fire."),
            }),
        ),
        control(
            "clean_desk",
            "A clean-desk rule: no documents or unlocked screens left unattended.",
            json!({ "all_staff": kb("Whether the rule applies to all staff.") }),
        ),
        control(
            "secure_disposal",
            "Secure destruction of paper and storage media, and handling of paper mail (ISO 27001 \
             A.7.10, A.7.14).",
            json!({
                "cross_cut_shredding": kb("Whether paper is destroyed by cross-cut shredding."),
                "locked_archive": kb("Whether kept paper is stored in locked cabinets."),
                "media_wiping": kb(
                    "Whether disks and other media are wiped or destroyed securely before disposal \
                     or reuse.",
                ),
                "paper_mail_digitised_and_shredded": kb(
                    "Whether incoming letters are scanned, delivered by e-mail and then shredded.",
                ),
                "outgoing_mail_sealed": kb(
                    "Whether outgoing letters always leave in sealed envelopes.",
                ),
            }),
        ),
    ]
}

/// Identity and access: staff access, administrators, your users' logins, remote access.
pub fn identity() -> Vec<Control> {
    vec![
        control(
            "access_control",
            "How the vendor grants its staff access to systems and data: need-to-know, personal \
             accounts (S0: \"Hvordan styrer I brugeradgang og -rettigheder til IT-systemerne?\").",
            json!({
                "need_based": kb(
                    "Whether rights are granted only on a work need (least privilege).",
                ),
                "personal_accounts": kb(
                    "Whether every person has their own account (no shared logins).",
                ),
                "use_limited_to_work_tasks": kb(
                    "Whether staff may use their access only for work tasks.",
                ),
                "prompt_revocation": kb(
                    "Whether access is removed promptly when staff leave or change role.",
                ),
            }),
        ),
        control(
            "privileged_access",
            "Administrator (privileged) access to the vendor's systems: who may have it and how it \
             is protected.",
            json!({
                "restricted_to_selected_staff": kb(
                    "Whether only specially selected staff can get privileged access.",
                ),
                "mfa": mfa("Whether administrators must use multi-factor authentication."),
                "logged": kb("Whether privileged actions are logged."),
            }),
        ),
        control(
            "access_review",
            "Periodic review that staff access is still correct (ISO 27001 A.5.18).",
            json!({
                "interval_days": ki(
                    "How often access is reviewed, in days. `unknown` if only \"periodically\".",
                ),
                "last_review": kd("Date of the last access review."),
            }),
        ),
        control(
            "customer_authentication",
            "How your users log in to the service: passwords, multi-factor authentication (MFA), \
             account recovery (NIS2 Article 21(2)(j)).",
            json!({
                "password_required": kb("Whether a password is required at least."),
                "password_policy": text(
                    "The password rules the service enforces, in words (length, reuse, …).",
                ),
                "mfa": mfa(
                    "Multi-factor authentication for your users: `enforced` for every login, \
                     `available` but optional, `planned` (promised, \"Vi arbejder … for at tilbyde \
                     flerfaktor godkendelse\"), or `absent`.",
                ),
                "sso_available": kb(
                    "Whether single sign-on with your own identity provider (SAML/OpenID Connect) \
                     is offered.",
                ),
                "account_recovery": known_enum(
                    "How a forgotten or changed password is handled: what proof the vendor \
                     requires before access is restored.",
                    &[
                        (
                            "second_factor_and_identity_check",
                            "A second factor (for example code to a registered phone) and, for \
                             manual resets, a check of the caller's identity.",
                        ),
                        (
                            "second_factor",
                            "A second factor (for example code by SMS or to a registered e-mail).",
                        ),
                        ("identity_check", "Staff check the person's identity before resetting."),
                        ("email_only", "A link to the registered e-mail address only."),
                        ("none", "No check."),
                    ],
                ),
                "lock_on_request": kb(
                    "Whether you can ask the vendor to block an account at once (for example if a \
                     password leaks).",
                ),
            }),
        ),
        control(
            "remote_access",
            "How the vendor's staff connect remotely to its office network and systems (VPN, MFA).",
            json!({
                "vpn": kb("Whether remote access goes through a VPN."),
                "encrypted": kb("Whether remote connections are encrypted."),
                "mfa": mfa("Whether remote access requires multi-factor authentication."),
                "need_based": kb("Whether only staff with a need get remote access."),
            }),
        ),
    ]
}

#!/usr/bin/env python3
"""Generates schemas/declaration.v1.schema.json: run `python3 tools/gen_schema.py schemas/declaration.v1.schema.json`.

The 37 control definitions are near-identical, so the schema is generated rather than edited by
hand; tests/schema_source.rs fails if the committed schema and this script disagree.
"""
import json
import sys
from collections import OrderedDict

ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"
UNK = ["unknown", "not_disclosed"]
UNK_DESC = {
    "unknown": "Asked, not (yet) answered, or the documents do not say.",
    "not_disclosed": "The vendor declines to say.",
}


def ref(name, desc=None):
    s = OrderedDict([("$ref", f"#/$defs/{name}")])
    if desc:
        s["description"] = desc
    return s


def enum(values, desc, descs=None, known=True):
    vals = list(values) + ([v for v in UNK if v not in values] if known else [])
    s = OrderedDict([("description", desc), ("type", "string"), ("enum", vals)])
    if descs:
        md = []
        for v in vals:
            d = descs.get(v) or UNK_DESC.get(v)
            assert d, (v, desc)
            md.append(d)
        s["markdownEnumDescriptions"] = md
    return s


def obj(props, desc, required=None, additional=False, extra=None):
    s = OrderedDict([("description", desc), ("type", "object")])
    if required:
        s["required"] = required
    s["additionalProperties"] = additional
    s["properties"] = OrderedDict(props)
    if extra:
        s.update(extra)
    return s


def arr(items, desc, unique=True, min_items=None):
    s = OrderedDict([("description", desc), ("type", "array"), ("items", items)])
    if unique:
        s["uniqueItems"] = True
    if min_items is not None:
        s["minItems"] = min_items
    return s


def known_arr(items, desc):
    """A list, or `unknown` / `not_disclosed` for the whole list."""
    return OrderedDict([
        ("description", desc),
        ("anyOf", [OrderedDict([("type", "array"), ("items", items), ("uniqueItems", True)]), ref("unknown_answer")]),
    ])


def text(desc, min_len=1):
    s = OrderedDict([("description", desc), ("type", "string")])
    if min_len:
        s["minLength"] = min_len
    return s


def kb(desc):
    return ref("known_bool", desc)


def ki(desc):
    return ref("known_integer", desc)


def kn(desc):
    return ref("known_number", desc)


def kd(desc):
    return ref("known_date", desc)


def id_ref(desc):
    return ref("id", desc)


def id_list(desc):
    return arr(ref("id"), desc)


# ---------------------------------------------------------------------------------------------
# Shared vocabularies
# ---------------------------------------------------------------------------------------------

RESPONSIBILITY = enum(
    ["vendor", "vendor_addon", "shared", "customer", "not_provided", "not_applicable", "unknown", "not_disclosed"],
    "Who is responsible for this control: the vendor, the vendor only as a paid or optional extra, both, "
    "or you (the customer). This is the 'who does what' split the contract should settle "
    "(S0: \"aftale, hvem der har ansvaret for hvad\"). Use `vendor` when it is part of the base service "
    "(add `performed_by` if a subprocessor runs it); `vendor_addon` when the vendor offers it only as an "
    "extra (\"Backup kan dog tilkøbes\"), and fill in `addon`; `shared` when both sides have duties "
    "(write yours in `customer_responsibility`); `customer` when you must do it yourself, possibly with a "
    "vendor feature (`vendor_capability`); `not_provided` when nobody does it unless you arrange it "
    "elsewhere; `not_applicable` when the control does not apply to this service.",
    {
        "vendor": "The vendor does it as part of the base service (possibly through a subprocessor, see `performed_by`).",
        "vendor_addon": "The vendor offers it only as an extra; it protects you only if you have it (`addon.subscribed: true`).",
        "shared": "Both parties have duties; write yours in `customer_responsibility`.",
        "customer": "You must do it yourself (the vendor may offer a feature for it: `vendor_capability`).",
        "not_provided": "Nobody does it unless you arrange it elsewhere.",
        "not_applicable": "The control does not apply to this service.",
    },
)

STATUS = enum(
    ["implemented", "partial", "planned", "alternative", "not_provided", "not_applicable", "unknown", "not_disclosed"],
    "How far the control is in place for you as the vendor delivers it, before any action on your side. "
    "`implemented`: in place; `partial`: in place for part of the scope, or available but not enforced "
    "(e.g. encryption you must switch on); `planned`: promised but not yet there (\"Vi arbejder ... for at "
    "tilbyde\"); `alternative`: a different, compensating measure is used; `not_provided`: not in place; "
    "`not_applicable`: does not apply. The states follow NIST OSCAL implementation-status.",
    {
        "implemented": "In place.",
        "partial": "In place for part of the scope, or available but not enforced.",
        "planned": "Promised or being worked on, not in place yet.",
        "alternative": "A different, compensating measure is used instead.",
        "not_provided": "Not in place.",
        "not_applicable": "Does not apply to this service.",
    },
)

ENABLEMENT = enum(
    ["default_on", "opt_in", "not_configurable"],
    "Whether a security feature is switched on by default. `default_on`: on unless someone turns it off; "
    "`opt_in`: off until you turn it on (e.g. \"skal du selv opsætte dette via dit Kontrolpanel\"); "
    "`not_configurable`: always on, cannot be turned off. Ask for secure defaults "
    "(S2: \"stille krav om, at der med produktet følger sikre løsninger\").",
    {
        "default_on": "On by default; can be switched off.",
        "opt_in": "Off until you switch it on.",
        "not_configurable": "Always on; cannot be switched off.",
    },
)

COMMITMENT = enum(
    ["contractual", "policy", "policy_default", "best_effort", "marketing", "unknown"],
    "How binding the vendor's statement is. `contractual`: written into the signed contract, DPA or SLA; "
    "`policy`: stated firmly in a published policy or answer, but not contracted; `policy_default`: stated as "
    "the normal case only (\"som udgangspunkt\", \"by default\") so it may differ; `best_effort`: an aim, not a "
    "promise (\"tilstræbes\", \"bestræber\", \"som hovedregel\", \"hvis det er muligt\"); `marketing`: sales material "
    "only. Policy text is not a contract: ask for important points to be written into the contract.",
    {
        "contractual": "In the signed contract, DPA or SLA.",
        "policy": "Firm statement in a policy or written answer; not contracted.",
        "policy_default": "Only the normal case (\"som udgangspunkt\"); exceptions possible.",
        "best_effort": "An aim, not a promise (\"tilstræbes\", \"som hovedregel\").",
        "marketing": "Sales or website material only.",
        "unknown": "Not established how binding it is.",
    },
    known=False,
)

PROVENANCE = enum(
    ["stated", "inferred", "verified"],
    "How we know this. `stated`: the vendor says so in a source; `inferred`: we concluded it from indirect "
    "information (say how in `notes`); `verified`: we checked it ourselves (saw the certificate, test result "
    "or configuration).",
    {
        "stated": "The vendor says so in one of the sources.",
        "inferred": "Concluded from indirect information; explain in `notes`.",
        "verified": "Checked independently (certificate seen, configuration inspected, test run).",
    },
    known=False,
)

CONTROL_SCOPE = enum(
    ["all", "customer_services", "vendor_internal_systems"],
    "Which systems this statement covers. Leave it out (or `all`) when it covers everything, including the "
    "services you buy. `customer_services`: only the services delivered to customers. "
    "`vendor_internal_systems`: only the vendor's own internal IT (e.g. \"backup af vores egne interne "
    "systemer\"); such a statement is never credited to your services.",
    {
        "all": "The vendor's whole operation, including the services you buy.",
        "customer_services": "Only the services delivered to customers.",
        "vendor_internal_systems": "Only the vendor's own internal IT; not credited to customer services.",
    },
)

ENCRYPTION_MODE = {
    "always": "Always encrypted; plaintext is not possible.",
    "default_on": "Encrypted by default; can be switched off.",
    "opt_in": "Encryption is available but you must choose it.",
    "best_effort": "Encrypted where possible (\"hvis det er muligt\").",
    "none": "Not encrypted.",
}


def encryption_mode(desc):
    return enum(list(ENCRYPTION_MODE), desc, ENCRYPTION_MODE)


MFA = {
    "enforced": "Required for every login.",
    "available": "Offered, but each user may choose not to use it.",
    "planned": "Promised or being worked on, not available yet.",
    "absent": "Not offered.",
}


def mfa(desc):
    return enum(list(MFA), desc, MFA)


# ---------------------------------------------------------------------------------------------
# Control vocabulary: key -> (description, params properties)
# ---------------------------------------------------------------------------------------------

CONTROLS = OrderedDict()


def control(key, desc, params):
    CONTROLS[key] = (desc, params)


# Governance
control("security_policy",
        "The vendor's information security policy: that one exists, what it covers, who owns it and how often it is reviewed.",
        {
            "covers_all_activities": kb("Whether the policy covers all of the vendor's activities (\"dækker alle aktiviteter for virksomheden\"), not just some."),
            "management_owned": kb("Whether top management owns the policy and is responsible for enforcing and revising it."),
            "review_interval_days": ki("How often the policy is reviewed, in days (365 = yearly). `unknown` if only \"periodically\"."),
            "last_reviewed": kd("Date of the last review of the policy (\"YYYY-MM-DD\")."),
            "published": kb("Whether the policy is published or given to customers."),
            "framework": text("The standard the security programme follows, if any, e.g. \"ISO/IEC 27001:2022\"."),
        })
control("operating_procedures",
        "Documented internal security procedures (how the policy is carried out day to day) and a record that they are followed.",
        {
            "documented": kb("Whether the procedures are written down."),
            "control_log": kb("Whether the vendor keeps a log of checks that the procedures are followed (when, and with what result)."),
            "published": kb("Whether the procedures are published or shared with customers. `false` with `available_on_request` on the statement when they are shown only on request."),
        })
control("supplier_management",
        "How the vendor controls its own suppliers and subprocessors (ISO 27001 A.5.19-A.5.22; NIS2 Art. 21(2)(d)).",
        {
            "methods": arr(enum(["contracts", "dpa", "security_requirements", "audit_reports", "self_assessment", "nda",
                                 "security_questionnaire", "onsite_audit", "certification_review"],
                                "One way the vendor binds or checks its suppliers.",
                                {
                                    "contracts": "Contracts with each supplier.",
                                    "dpa": "Data processing agreements (GDPR Art. 28(4)).",
                                    "security_requirements": "The vendor's own security requirements passed on to the supplier.",
                                    "audit_reports": "Audit reports from the supplier (ISAE 3402, SOC 2, ...).",
                                    "self_assessment": "The vendor's own checks of the supplier (\"egenkontrol\").",
                                    "nda": "Confidentiality agreements.",
                                    "security_questionnaire": "Security questionnaires.",
                                    "onsite_audit": "Visits or audits at the supplier.",
                                    "certification_review": "Review of the supplier's certificates.",
                                }, known=False),
                         "How the vendor binds and checks its suppliers (contracts, DPAs, audit reports, own checks, NDAs, ...)."),
            "ongoing_monitoring": kb("Whether the vendor checks its suppliers continuously, not only when signing."),
            "dpa_always": kb("Whether the vendor signs a data processing agreement with every supplier."),
            "eea_suppliers_only": kb("Whether the vendor uses only suppliers that operate in and keep data in the EU/EEA. Use the statement's `commitment` (or the evidence's) for \"as a rule\"."),
            "equal_or_better_security_required": kb("Whether suppliers must have at least the vendor's own security level."),
        })
# People
control("personnel_confidentiality",
        "Confidentiality duties of the vendor's staff towards your data (GDPR Art. 28(3)(b); ISO 27001 A.6.6).",
        {
            "confidentiality_agreement": kb("Whether all staff are bound by confidentiality (contract clause or NDA)."),
            "post_employment": kb("Whether confidentiality continues after employment ends."),
            "use_limited_to_work_tasks": kb("Whether staff may use their access to data only for work tasks."),
            "background_checks": kb("Whether staff with access to customer data are screened before hiring."),
        })
control("security_awareness",
        "Security training and instruction of the vendor's staff (ISO 27001 A.6.3; NIS2 Art. 21(2)(g)).",
        {
            "onboarding": kb("Whether new staff are introduced to the security policy when they start."),
            "on_change": kb("Whether staff are informed when the policy changes."),
            "recurring_training": kb("Whether staff get security training regularly, not only at start."),
            "interval_days": ki("How often training is repeated, in days."),
        })
control("disciplinary_process",
        "Consequences for staff who break the security rules, including removal of access (ISO 27001 A.6.4).",
        {
            "sanctions_defined": kb("Whether breaches of the security policy have defined consequences (warning, dismissal)."),
            "immediate_access_revocation": kb("Whether all access is revoked immediately on dismissal."),
        })
# Physical
control("physical_security_datacenter",
        "Physical protection of the data centres holding your data: access control, logging, CCTV, power, cooling and fire protection. Often run by a data-centre subprocessor (`performed_by`).",
        {
            "need_based_access": kb("Whether only staff with a work need get physical access to the servers."),
            "electronic_access_cards": kb("Whether entrances use electronic access cards (or similar)."),
            "access_logged": kb("Whether physical entries are logged."),
            "cctv_all_entrances": kb("Whether all entrances are under camera surveillance."),
            "power_backup": kb("Whether there is backup power (UPS and generator)."),
            "cooling_redundant": kb("Whether cooling is redundant."),
            "fire_suppression": kb("Whether there is automatic fire detection and suppression."),
        })
control("physical_security_office",
        "Physical protection of the vendor's offices (who may enter, theft and fire protection).",
        {
            "staff_only_access": kb("Whether only staff (and escorted guests) can enter the office."),
            "escorted_guests": kb("Whether guests are always escorted by an employee."),
            "theft_protection": kb("Whether the office is protected against theft (locks, alarm)."),
            "fire_protection": kb("Whether the office is protected against fire."),
        })
control("clean_desk",
        "A clean-desk rule: no documents or unlocked screens left unattended.",
        {
            "all_staff": kb("Whether the rule applies to all staff."),
        })
control("secure_disposal",
        "Secure destruction of paper and storage media, and handling of paper mail (ISO 27001 A.7.10, A.7.14).",
        {
            "cross_cut_shredding": kb("Whether paper is destroyed by cross-cut shredding."),
            "locked_archive": kb("Whether kept paper is stored in locked cabinets."),
            "media_wiping": kb("Whether disks and other media are wiped or destroyed securely before disposal or reuse."),
            "paper_mail_digitised_and_shredded": kb("Whether incoming letters are scanned, delivered by e-mail and then shredded."),
            "outgoing_mail_sealed": kb("Whether outgoing letters always leave in sealed envelopes."),
        })
# Identity
control("access_control",
        "How the vendor grants its staff access to systems and data: need-to-know, personal accounts (S0: \"Hvordan styrer I brugeradgang og -rettigheder til IT-systemerne?\").",
        {
            "need_based": kb("Whether rights are granted only on a work need (least privilege)."),
            "personal_accounts": kb("Whether every person has their own account (no shared logins)."),
            "use_limited_to_work_tasks": kb("Whether staff may use their access only for work tasks."),
            "prompt_revocation": kb("Whether access is removed promptly when staff leave or change role."),
        })
control("privileged_access",
        "Administrator (privileged) access to the vendor's systems: who may have it and how it is protected.",
        {
            "restricted_to_selected_staff": kb("Whether only specially selected staff can get privileged access."),
            "mfa": mfa("Whether administrators must use multi-factor authentication."),
            "logged": kb("Whether privileged actions are logged."),
        })
control("access_review",
        "Periodic review that staff access is still correct (ISO 27001 A.5.18).",
        {
            "interval_days": ki("How often access is reviewed, in days. `unknown` if only \"periodically\"."),
            "last_review": kd("Date of the last access review."),
        })
control("customer_authentication",
        "How your users log in to the service: passwords, multi-factor authentication (MFA), account recovery (NIS2 Art. 21(2)(j)).",
        {
            "password_required": kb("Whether a password is required at least."),
            "password_policy": text("The password rules the service enforces, in words (length, reuse, ...)."),
            "mfa": mfa("Multi-factor authentication for your users: `enforced` for every login, `available` but optional, "
                       "`planned` (promised, \"Vi arbejder ... for at tilbyde flerfaktor godkendelse\"), or `absent`."),
            "sso_available": kb("Whether single sign-on with your own identity provider (SAML/OpenID Connect) is offered."),
            "account_recovery": enum(["second_factor_and_identity_check", "second_factor", "identity_check", "email_only", "none"],
                                     "How a forgotten or changed password is handled: what proof the vendor requires before access is restored.",
                                     {
                                         "second_factor_and_identity_check": "A second factor (e.g. code to a registered phone) and, for manual resets, a check of the caller's identity.",
                                         "second_factor": "A second factor (e.g. code by SMS or to a registered e-mail).",
                                         "identity_check": "Staff check the person's identity before resetting.",
                                         "email_only": "A link to the registered e-mail address only.",
                                         "none": "No check.",
                                     }),
            "lock_on_request": kb("Whether you can ask the vendor to block an account at once (e.g. if a password leaks)."),
        })
control("remote_access",
        "How the vendor's staff connect remotely to its office network and systems (VPN, MFA).",
        {
            "vpn": kb("Whether remote access goes through a VPN."),
            "encrypted": kb("Whether remote connections are encrypted."),
            "mfa": mfa("Whether remote access requires multi-factor authentication."),
            "need_based": kb("Whether only staff with a need get remote access."),
        })
# Operations
control("patch_management",
        "Installing security updates on the vendor's systems (S0: \"Hvordan er processen for opdateringer og ændringer af IT-systemer programmer?\"; NIS2 Art. 21(2)(e)).",
        {
            "scope": arr(enum(["workstations", "servers", "network_devices", "applications", "customer_platform"],
                              "A kind of system covered by patching.",
                              {
                                  "workstations": "The vendor's staff computers.",
                                  "servers": "The vendor's servers.",
                                  "network_devices": "Routers, switches, firewalls.",
                                  "applications": "Application software the vendor runs.",
                                  "customer_platform": "The platform the customer services run on.",
                              }, known=False),
                         "Which systems are patched."),
            "critical_patch_days": ki("Maximum number of days from publication of a critical security update until it is installed."),
            "patch_sla_text": text("The vendor's own words on patch speed when no number is given, e.g. \"hurtigst muligt\" (as soon as possible)."),
            "supported_versions_only": kb("Whether the vendor keeps software on versions that still receive security updates."),
        })
control("vulnerability_management",
        "Watching for and handling new vulnerabilities in the systems the vendor runs (ISO 27001 A.8.8).",
        {
            "process_defined": kb("Whether there is a defined process to assess and handle new vulnerabilities."),
            "continuous_monitoring": kb("Whether the vendor continuously watches for new vulnerabilities (advisories, scanning)."),
            "vendor_scope": text("Which systems the vendor covers, in words (e.g. \"the systems we operate\"); the rest is yours."),
            "critical_patch_days": ki("Maximum days from publication of a critical vulnerability until it is fixed."),
            "patch_sla_text": text("The vendor's own words on speed when no number is given, e.g. \"hurtigst muligt\"."),
        })
control("malware_protection",
        "Antivirus / anti-malware and how it is kept up to date (S0: \"Hvad er processen for antivirusprogrammer og deres opdatering?\").",
        {
            "coverage": arr(enum(["workstations", "servers", "email", "file_uploads"], "A kind of system protected.",
                                 {
                                     "workstations": "Staff computers.",
                                     "servers": "Servers.",
                                     "email": "Incoming and outgoing e-mail.",
                                     "file_uploads": "Files uploaded to the service.",
                                 }, known=False),
                            "Which systems have malware protection."),
            "auto_update": kb("Whether signatures and software update automatically."),
            "central_monitoring": kb("Whether a central service checks that protection is active and up to date everywhere."),
        })
control("change_management",
        "How changes to the vendor's systems are planned, approved, tested and announced (ISO 27001 A.8.32).",
        {
            "process_documented": kb("Whether there is a documented change process."),
            "approval_required": kb("Whether changes need approval before they are made."),
            "tested_before_production": kb("Whether changes are tested before going live."),
            "customer_notice_days": ki("How many days in advance you are told about changes that affect you."),
        })
control("endpoint_security",
        "Protection of the vendor's staff computers: logins, screen locking, software and removable-media rules.",
        {
            "login_required": kb("Whether workstations require a personal login."),
            "lock_when_away": kb("Whether staff must log out or lock when leaving their desk."),
            "no_private_software": kb("Whether installing software for private use is forbidden."),
            "removable_media": enum(["blocked", "restricted", "allowed"],
                                    "Rules for USB sticks and other removable media.",
                                    {
                                        "blocked": "Not allowed.",
                                        "restricted": "Allowed only with specific permission or for specific purposes.",
                                        "allowed": "Allowed.",
                                    }),
            "screen_privacy": kb("Whether screens and keyboards are placed so they cannot be overlooked."),
            "tamper_checks": kb("Whether devices and network sockets are checked for tampering."),
            "disk_encryption": kb("Whether staff computers have full-disk encryption."),
        })
control("logging",
        "Logging of access and events, and how long logs are kept (ISO 27001 A.8.15). Ask what is logged and for how long.",
        {
            "scope": known_arr(enum(["management_access", "customer_environment_access", "authentication", "admin_actions",
                                     "data_access", "network", "application"],
                                    "A kind of event logged.",
                                    {
                                        "management_access": "Access to management systems.",
                                        "customer_environment_access": "Access to customer environments.",
                                        "authentication": "Logins, failed and successful.",
                                        "admin_actions": "Actions by administrators.",
                                        "data_access": "Reads and changes of customer data.",
                                        "network": "Network traffic or firewall events.",
                                        "application": "Application events.",
                                    }, known=False),
                               "What is logged."),
            "retention_days": ki("How long logs are kept, in days."),
            "centralised": kb("Whether logs are collected centrally."),
            "tamper_protected": kb("Whether logs are protected against change or deletion."),
            "used_for_investigation": kb("Whether logs are used for troubleshooting and investigating incidents."),
            "customer_access": kb("Whether you can get the logs that concern you."),
        })
control("monitoring",
        "Operational monitoring of the service and on-call response (ISO 27001 A.8.16).",
        {
            "coverage": enum(["around_the_clock", "business_hours", "none"],
                             "When the service is monitored.",
                             {
                                 "around_the_clock": "24 hours a day, every day of the year.",
                                 "business_hours": "Business hours only.",
                                 "none": "Not monitored.",
                             }),
            "on_call_24x7": kb("Whether staff are on call around the clock to respond."),
            "alerting": kb("Whether faults raise alerts to staff automatically."),
            "incident_management_system": kb("Whether deviations are recorded in an incident-management system."),
            "uptime_statistics": kb("Whether response times and uptime are measured and kept as documentation."),
        })
control("intrusion_detection",
        "Detection of attacks on the network or systems (IDS/IPS, traffic inspection).",
        {
            "network_inspection": kb("Whether traffic is inspected for attack patterns."),
            "threat_intelligence": kb("Whether known malicious addresses or patterns are blocked or flagged."),
            "alerting": kb("Whether detections alert the operations team."),
        })
# Network
control("firewall",
        "Firewalls in front of the systems holding your data (S0: \"Fx via logning af netværker, segmentering af netværker, firewall etc.\").",
        {
            "scope": arr(enum(["office", "servers", "customer_environments"], "Where firewalls are used.",
                              {
                                  "office": "The vendor's office network.",
                                  "servers": "The vendor's servers.",
                                  "customer_environments": "Traffic to customer environments.",
                              }, known=False),
                         "Which networks have firewalls."),
            "inbound_default_deny": kb("Whether all inbound traffic is blocked unless explicitly allowed."),
            "minimal_open_ports": kb("Whether only necessary ports are open from outside."),
            "ip_allowlisting": kb("Whether access is restricted to necessary IP addresses where appropriate."),
            "traffic_inspection": kb("Whether the firewall inspects traffic (not only ports)."),
        })
control("network_segmentation",
        "Separation of networks so that an attack cannot spread (customers from each other, management from production, office from guests).",
        {
            "customer_environments_separated": kb("Whether customer environments are separated from each other and from management networks."),
            "office_wifi": enum(["none", "staff_only", "shared"],
                                "Wireless access to the vendor's office network.",
                                {
                                    "none": "No wireless access to the office network.",
                                    "staff_only": "Wireless for staff only, separated from guests.",
                                    "shared": "Staff and guests share a wireless network.",
                                }),
            "guest_network_separate": kb("Whether guests and private devices use a separate network."),
        })
control("ddos_protection",
        "Protection against denial-of-service (DDoS) attacks on internet-facing services.",
        {
            "mode": enum(["always_on", "on_demand", "none"], "How DDoS protection works.",
                         {
                             "always_on": "Always active.",
                             "on_demand": "Switched on when an attack is seen.",
                             "none": "No DDoS protection.",
                         }),
        })
control("network_documentation",
        "Documentation of the vendor's networks (S0: \"Hvordan dokumenterer I virksomhedens netværker\", for example \"i en grafisk netværksoversigt\").",
        {
            "diagram_exists": kb("Whether an up-to-date network diagram exists."),
            "available_on_request": kb("Whether you may see it on request."),
            "last_updated": kd("Date the documentation was last updated."),
        })
# Crypto
control("encryption_at_rest",
        "Encryption of your stored data (disks, databases, files, backups) (GDPR Art. 32(1)(a); S1: \"På vilket/vilka sätt informationen skyddas genom kryptering\").",
        {
            "scope": known_arr(enum(["all_customer_data", "databases", "files", "disks", "backups"], "What is encrypted.",
                                    {
                                        "all_customer_data": "All stored customer data.",
                                        "databases": "Databases.",
                                        "files": "Files.",
                                        "disks": "Whole disks or volumes.",
                                        "backups": "Backup copies.",
                                    }, known=False),
                               "Which stored data is encrypted."),
            "algorithms": known_arr(text("An algorithm and key size, e.g. \"AES-256\"."),
                                    "Encryption algorithms used (S1: \"med vilken algoritm informationen är krypterad\")."),
            "key_management": enum(["vendor_managed", "customer_managed", "hsm"],
                                   "Who holds and manages the encryption keys.",
                                   {
                                       "vendor_managed": "The vendor manages the keys.",
                                       "customer_managed": "You manage the keys (bring or hold your own key).",
                                       "hsm": "Keys are held in a hardware security module.",
                                   }),
        })
control("encryption_in_transit",
        "Encryption of data travelling over networks: web (HTTPS), file transfer, and between the vendor's own systems.",
        {
            "external": encryption_mode("Encryption of traffic over the internet between you (or your users) and the service."),
            "internal": encryption_mode("Encryption of traffic between the vendor's own systems."),
            "file_transfer": encryption_mode("Encryption when files are uploaded or downloaded (SFTP/FTPS vs plain FTP)."),
            "https_default": kb("Whether websites and APIs use HTTPS by default, without you setting it up."),
            "min_tls_version": ref("known_tls_version", "Oldest TLS version accepted, as a quoted string, e.g. \"1.2\"."),
            "algorithms": known_arr(text("A protocol, cipher suite or algorithm, e.g. \"TLS_AES_256_GCM_SHA384\"."),
                                    "Protocols and ciphers used (S1: \"med vilken algoritm\")."),
        })
control("encryption_email",
        "Encryption of e-mail in transit: between your mail programs and the vendor, and between mail servers.",
        {
            "transport": encryption_mode("Encryption of mail the vendor sends and receives."),
            "client_tls_available": kb("Whether your mail programs can connect over encrypted protocols (IMAPS, SMTPS/STARTTLS)."),
            "plaintext_allowed": kb("Whether unencrypted connections are still accepted (e.g. to support old mail programs)."),
            "min_tls_version": ref("known_tls_version", "Oldest TLS version accepted for mail, as a quoted string, e.g. \"1.2\"."),
            "end_to_end_available": kb("Whether end-to-end encryption (S/MIME, PGP) is supported."),
        })
control("encryption_admin_interfaces",
        "Encryption of administrative access: control panels, management systems and admin APIs.",
        {
            "protocols": arr(enum(["tls", "ssh", "vpn", "other"], "A protocol used for administrative access.",
                                  {"tls": "TLS (HTTPS).", "ssh": "SSH.", "vpn": "A VPN.", "other": "Another protocol; say which in `notes`."},
                                  known=False),
                             "Protocols used for administrative access."),
            "all_admin_access_encrypted": kb("Whether every administrative connection is encrypted."),
            "min_tls_version": ref("known_tls_version", "Oldest TLS version accepted, as a quoted string, e.g. \"1.2\"."),
        })
# Resilience
control("backup",
        "Backup of your data: whether, how often, how long, where, and whether restores are tested (S0: \"Hvordan og hvor tages backup?\"; S1: \"vilken information minst som ska säkerhetskopieras, hur ofta ... och hur informationen återställs\").",
        {
            "frequency": enum(["continuous", "hourly", "daily", "weekly", "monthly", "risk_based"],
                              "How often backups are taken, in words. Give the exact figure in `interval_hours`.",
                              {
                                  "continuous": "Continuously (replication or point-in-time recovery).",
                                  "hourly": "At least every hour.",
                                  "daily": "Once a day.",
                                  "weekly": "Once a week.",
                                  "monthly": "Once a month.",
                                  "risk_based": "Decided case by case by the vendor's own assessment; no fixed figure.",
                              }),
            "interval_hours": kn("Hours between backups (24 = daily). This bounds how much data can be lost."),
            "retention_days": ki("How many days backups are kept."),
            "sites": ki("How many physically separate sites hold backup copies."),
            "locations": known_arr(ref("id"), "Ids of the `data_locations` entries where backups are kept."),
            "separate_site": kb("Whether at least one copy is kept at a site physically separate from production."),
            "provider_diversity": kb("Whether production and backup data are never held solely by one and the same provider."),
            "immutable_copy": kb("Whether a copy is offline or immutable, so ransomware or an administrator mistake cannot delete it."),
            "encrypted": kb("Whether backups are encrypted."),
            "scope": known_arr(enum(["customer_data", "vendor_data", "web_files", "databases", "email", "virtual_machines",
                                     "configuration", "logs"],
                                    "A kind of data backed up.",
                                    {
                                        "customer_data": "All customer data in the service.",
                                        "vendor_data": "The vendor's own data.",
                                        "web_files": "Website files.",
                                        "databases": "Databases.",
                                        "email": "Mailboxes.",
                                        "virtual_machines": "Whole virtual machines / cloud servers.",
                                        "configuration": "Configuration.",
                                        "logs": "Logs.",
                                    }, known=False),
                               "What is backed up (S1: \"vilken information minst som ska säkerhetskopieras\")."),
            "multiple_methods": kb("Whether different kinds of backup of the same data are taken."),
            "completeness_checked": kb("Whether the vendor checks that backups include all data."),
            "restore_tested": kb("Whether full restores from backup are tested."),
            "last_restore_test": kd("Date of the last restore test."),
            "restore_test_interval_days": ki("How often restores are tested, in days."),
            "customer_restore": enum(["self_service", "on_request", "on_request_paid", "none"],
                                     "How you get data restored (S1: \"hur informationen återställs vid behov\").",
                                     {
                                         "self_service": "You can restore yourself (control panel or API).",
                                         "on_request": "The vendor restores on request, at no extra cost.",
                                         "on_request_paid": "The vendor restores on request, for a fee.",
                                         "none": "You cannot get restores.",
                                     }),
        })
control("business_continuity",
        "Contingency and disaster-recovery planning: keeping the service running or restoring it after a serious event (S0: \"Har I en IT-beredskabsplan?\"; S1: \"visar upp sina egna dokumenterade kontinuitetsplaner\").",
        {
            "objectives_stated": kb("Whether continuity is at least stated as an objective (without a plan being evidenced)."),
            "plan_documented": kb("Whether a written contingency / disaster-recovery plan exists."),
            "plan_shared_with_customer": kb("Whether the vendor shows you the plan (or a summary)."),
            "exercise_frequency": enum(["several_per_year", "annually", "less_than_annually", "never"],
                                       "How often the plan is exercised.",
                                       {
                                           "several_per_year": "Several times a year.",
                                           "annually": "Once a year.",
                                           "less_than_annually": "Less often than yearly.",
                                           "never": "Never exercised.",
                                       }),
            "last_exercise": kd("Date of the last exercise."),
            "dr_site": kb("Whether there is a standby site to run the service from if the main site is lost."),
        })
control("service_status_communication",
        "How the vendor tells customers about outages: status page, progress updates, expected time to fix.",
        {
            "status_page": kb("Whether there is a public status page."),
            "status_page_url": ref("url", "Address of the status page."),
            "threshold": text("Which events are announced, in the vendor's words (e.g. \"general and serious impact\")."),
            "describes_nature_and_extent": kb("Whether announcements describe what happened and how widely."),
            "progress_updates": kb("Whether progress is updated while the fault is being fixed."),
            "eta_when_possible": kb("Whether an expected time to fix is given when possible."),
            "direct_notification": kb("Whether customers are told directly (e-mail, SMS), not only on the status page."),
        })
# Assurance
control("security_testing",
        "Independent testing of the vendor's security: penetration tests and vulnerability scans (S0: \"Tester i løbende IT-sikkerheden i virksomheden?\"; GDPR Art. 32(1)(d)).",
        {
            "last_pentest": kd("Date of the last penetration test."),
            "interval_days": ki("How often penetration tests are run, in days (365 = yearly)."),
            "tester": enum(["independent_third_party", "internal_team", "customer"],
                           "Who runs the tests.",
                           {
                               "independent_third_party": "An independent external tester.",
                               "internal_team": "The vendor's own staff.",
                               "customer": "Customers may test themselves.",
                           }),
            "scope": text("What was tested, in words."),
            "report_available": kb("Whether you may see the report or a summary."),
            "vulnerability_scanning": kb("Whether systems are scanned for vulnerabilities regularly."),
        })
control("vulnerability_disclosure",
        "How outsiders (including you) can report security holes to the vendor.",
        {
            "channel": enum(["security_txt", "dedicated_email", "bug_bounty", "general_contact", "none"],
                            "Where to report vulnerabilities.",
                            {
                                "security_txt": "A published security.txt file.",
                                "dedicated_email": "A dedicated security address.",
                                "bug_bounty": "A bug-bounty programme.",
                                "general_contact": "Only the general customer contact.",
                                "none": "No way to report.",
                            }),
            "contact": text("The address or page to report to."),
            "policy_url": ref("url", "Address of the vulnerability-disclosure policy."),
        })
# Incident
control("incident_response",
        "How the vendor detects and handles security incidents and personal-data breaches internally. What the vendor promises to tell you, and how fast, goes in `contract.incident_notification`.",
        {
            "plan_documented": kb("Whether a written incident-response plan exists."),
            "roles_defined": kb("Whether roles and responsibilities for incidents are defined."),
            "breach_notification_procedure": kb("Whether there is a procedure for notifying customers and authorities of personal-data breaches."),
            "internal_reporting_duty": kb("Whether staff must report all security breaches to management."),
            "detection_sources": known_arr(enum(["monitoring", "user_reports", "staff_observation", "intrusion_detection",
                                                 "threat_intelligence"],
                                                "A way incidents are detected.",
                                                {
                                                    "monitoring": "Automatic monitoring.",
                                                    "user_reports": "Reports from customers and users.",
                                                    "staff_observation": "Things staff notice themselves.",
                                                    "intrusion_detection": "Intrusion-detection alerts.",
                                                    "threat_intelligence": "External threat information.",
                                                }, known=False),
                                           "How incidents are detected."),
            "last_exercise": kd("Date the incident plan was last exercised."),
        })

# ---------------------------------------------------------------------------------------------
# $defs
# ---------------------------------------------------------------------------------------------
defs = OrderedDict()

defs["unknown_answer"] = OrderedDict([
    ("description", "`unknown`: asked, but not answered (or the documents do not say). `not_disclosed`: the vendor declines to say."),
    ("type", "string"),
    ("enum", UNK),
    ("markdownEnumDescriptions", [UNK_DESC["unknown"], UNK_DESC["not_disclosed"]]),
])
defs["known_bool"] = OrderedDict([
    ("description", "`true` or `false`, or `unknown` (asked, not answered) or `not_disclosed` (the vendor declines to say)."),
    ("anyOf", [{"type": "boolean"}, ref("unknown_answer")]),
])
defs["known_integer"] = OrderedDict([
    ("description", "A whole number (0 or more), or `unknown` or `not_disclosed`."),
    ("anyOf", [{"type": "integer", "minimum": 0}, ref("unknown_answer")]),
])
defs["known_number"] = OrderedDict([
    ("description", "A number (0 or more, decimals allowed), or `unknown` or `not_disclosed`."),
    ("anyOf", [{"type": "number", "minimum": 0}, ref("unknown_answer")]),
])
defs["known_percent"] = OrderedDict([
    ("description", "A percentage from 0 to 100 (e.g. 99.9), or `unknown` or `not_disclosed`."),
    ("anyOf", [{"type": "number", "minimum": 0, "maximum": 100}, ref("unknown_answer")]),
])
defs["date"] = OrderedDict([
    ("description", "A calendar date written \"YYYY-MM-DD\", in quotes."),
    ("type", "string"),
    ("format", "date"),
    ("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    ("x-message", "is not a valid date; write it as \"YYYY-MM-DD\" in quotes"),
])
defs["known_date"] = OrderedDict([
    ("description", "A date \"YYYY-MM-DD\" (in quotes), or `unknown` or `not_disclosed`."),
    ("anyOf", [ref("date"), ref("unknown_answer")]),
])
defs["country"] = OrderedDict([
    ("description", "An ISO 3166-1 alpha-2 country code in capitals and in quotes, e.g. \"DK\", \"SE\", \"NO\", \"DE\", \"US\". Quote it: some YAML tools read a bare NO (Norway) as false."),
    ("type", "string"),
    ("pattern", "^[A-Z]{2}$"),
    ("x-message", "is not an ISO 3166-1 alpha-2 country code such as \"DK\" (two capital letters, in quotes)"),
])
defs["known_country"] = OrderedDict([
    ("description", "A country code such as \"DK\" (in quotes), or `unknown` or `not_disclosed`."),
    ("anyOf", [ref("country"), ref("unknown_answer")]),
])
defs["region"] = enum(
    ["EU", "EEA"],
    "The region, when no country is known or as well as the country: `EU` (the 27 member states) or `EEA` (the EU plus Iceland, Liechtenstein and Norway). Not a country code.",
    {"EU": "Within the European Union.", "EEA": "Within the European Economic Area (EU + IS, LI, NO)."},
)
defs["known_tls_version"] = OrderedDict([
    ("description", "A TLS version as a quoted string: \"1.0\", \"1.1\", \"1.2\" or \"1.3\"; or `unknown` or `not_disclosed`. Quote it: a bare 1.2 is a number."),
    ("anyOf", [OrderedDict([("type", "string"), ("enum", ["1.0", "1.1", "1.2", "1.3"])]), ref("unknown_answer")]),
])
defs["id"] = OrderedDict([
    ("description", "An identifier: lower-case letters, digits, '-' and '_', starting with a letter or digit (e.g. `cloud-server`)."),
    ("type", "string"),
    ("pattern", ID_PATTERN),
    ("x-message", "is not a valid id: use lower-case letters, digits, '-' and '_', starting with a letter or digit"),
])
defs["url"] = OrderedDict([
    ("description", "A web address starting with http:// or https://, or `unknown` or `not_disclosed`."),
    ("anyOf", [OrderedDict([("type", "string"), ("pattern", "^https?://[^\\s]+$")]), ref("unknown_answer")]),
])
defs["transfer_mechanism"] = enum(
    ["adequacy", "adequacy_dpf", "scc_2021_914", "bcr", "derogation_49", "none", "not_required"],
    "The legal basis for transferring personal data to a country outside the EU/EEA (GDPR Chapter V; S1: "
    "\"särskilda bestämmelser för vad som krävs om informationen ska lagras utanför EU\"). `not_required` for "
    "locations inside the EU/EEA.",
    {
        "adequacy": "The country has an EU adequacy decision (GDPR Art. 45).",
        "adequacy_dpf": "US recipient certified under the EU-U.S. Data Privacy Framework.",
        "scc_2021_914": "EU Standard Contractual Clauses, Commission decision 2021/914 (Art. 46(2)(c)).",
        "bcr": "Binding Corporate Rules (Art. 47).",
        "derogation_49": "A specific derogation (Art. 49), e.g. explicit consent.",
        "none": "No transfer mechanism.",
        "not_required": "No transfer outside the EU/EEA.",
    },
)
defs["responsibility"] = RESPONSIBILITY
defs["status"] = STATUS
defs["enablement"] = ENABLEMENT
defs["commitment"] = COMMITMENT
defs["provenance"] = PROVENANCE
defs["control_scope"] = CONTROL_SCOPE
defs["notes"] = text("Free-text remarks: context, caveats, what was asked and when.", min_len=0)
defs["evidence_item"] = obj(
    [
        ("source", id_ref("Id of the `sources` entry this evidence comes from.")),
        ("locator", text("Where in the source: section heading, page or clause number (e.g. \"Backup\", \"§7.2\", \"p. 4\").")),
        ("quote", text("The vendor's exact words, copied verbatim from the source in its original language (keep typographic quotes and apostrophes as they are). "
                       "vendorlint checks the quote against the source's `snapshot` when there is one.")),
        ("translation", text("An English translation of the quote, for reviewers who do not read the original language.")),
        ("lang", text("Language of the quote when it differs from the source's `language` (e.g. \"da\", \"sv\", \"en\").")),
        ("commitment", ref("commitment", "How binding this particular sentence is, when it differs from the statement's `commitment` (e.g. one hedged sentence, \"Det tilstræbes ...\", among firm ones).")),
        ("notes", ref("notes")),
    ],
    "One piece of evidence: a pointer into a source document, ideally with the exact quote.",
    required=["source"],
)
defs["evidence"] = arr(ref("evidence_item"),
                       "Where this is stated: one entry per supporting passage, with the source id, the place in it and the exact quote. "
                       "A claim without evidence is reported.", unique=False)
defs["performed_by"] = arr(ref("id"),
                           "Ids of the subprocessors (`subprocessors[].id`) that actually carry out this control for the vendor, e.g. the data-centre operator for physical security.")
defs["addon"] = obj(
    [
        ("product", text("Name of the add-on as the vendor sells it.")),
        ("cost", enum(["paid", "free"], "Whether the add-on costs extra.",
                      {"paid": "Costs extra.", "free": "Included at no extra cost, but must be ordered or switched on."})),
        ("subscribed", kb("Whether you have actually ordered it. The control counts only if this is `true`.")),
        ("notes", ref("notes")),
    ],
    "Details of an add-on, for `responsibility: vendor_addon`: what it is called, whether it costs extra and whether you have it.",
)
defs["available_on_request"] = kb("Whether the vendor will show details (procedures, reports, plans) on request, e.g. under a confidentiality agreement.")
defs["customer_responsibility"] = text("What you (the customer) must do for this control, in plain words. Required in practice for `shared` and `customer`; also list it in `customer_responsibilities` with an owner.")
defs["vendor_capability"] = kb("Whether the vendor offers a feature you can use for this control, even if you must set it up yourself (e.g. HTTPS you switch on in the control panel).")

STATEMENT_FIELDS = [
    ("responsibility", ref("responsibility")),
    ("status", ref("status")),
    ("enablement", ref("enablement")),
    ("vendor_capability", ref("vendor_capability")),
    ("performed_by", ref("performed_by")),
    ("addon", ref("addon")),
    ("commitment", ref("commitment")),
    ("scope", ref("control_scope")),
    ("available_on_request", ref("available_on_request")),
    None,  # params goes here
    ("customer_responsibility", ref("customer_responsibility")),
    ("provenance", ref("provenance")),
    ("evidence", ref("evidence")),
    ("notes", ref("notes")),
]


def statement(desc, params_schema):
    props = []
    for f in STATEMENT_FIELDS:
        props.append(("params", params_schema) if f is None else f)
    return obj(props, desc)


control_props = OrderedDict()
for key, (desc, params) in CONTROLS.items():
    pname = f"params_{key}"
    pprops = list(params.items()) + [("notes", ref("notes"))]
    defs[pname] = obj(pprops, f"Details for `{key}`. Fill in what the vendor states; use `unknown` for what you asked and did not get.")
    defs[f"control_{key}"] = statement(desc + " Give who is responsible, the status, how binding it is and the evidence; details go in `params`.",
                                        ref(pname))
    control_props[key] = ref(f"control_{key}")

defs["params_custom"] = OrderedDict([
    ("description", "Details for a custom (`x-`) control: any keys you like."),
    ("type", "object"),
    ("additionalProperties", True),
])
defs["control_custom"] = statement("A control outside the standard vocabulary (key starting with `x-`), e.g. `x-ai-usage`. Same fields as the standard controls; `params` is free-form.",
                                   ref("params_custom"))
defs["controls"] = obj(
    list(control_props.items()),
    "Control statements, one per control key: who does it, whether it is in place, how binding the statement is, details and evidence. "
    "At the top level they describe the vendor as a whole; under a service they replace the vendor-wide statement for that service. "
    "Custom controls use keys starting with `x-`.",
    extra={"patternProperties": OrderedDict([("^x-[a-z0-9_-]+$", ref("control_custom"))])},
)
# patternProperties must come before additionalProperties semantics-wise only for readability; JSON order is irrelevant.

defs["control_key"] = OrderedDict([
    ("description", "A control key from the vocabulary (e.g. `backup`, `encryption_at_rest`) or a custom key starting with `x-`."),
    ("anyOf", [OrderedDict([("type", "string"), ("enum", list(CONTROLS))]),
               OrderedDict([("type", "string"), ("pattern", "^x-[a-z0-9_-]+$")])]),
])

defs["contact"] = obj(
    [
        ("name", text("Name of the person or team.")),
        ("role", text("Their role, e.g. \"CISO\" or \"Security team\".")),
        ("email", text("E-mail address.")),
        ("phone", text("Phone number, with country code.")),
        ("url", ref("url", "A web page or form for reaching them.")),
    ],
    "A named contact at the vendor.",
)


def section_extras():
    return [
        ("commitment", ref("commitment", "How binding these terms are: `contractual` if in the signed contract/DPA/SLA, `policy` if only stated in a policy or answer.")),
        ("provenance", ref("provenance")),
        ("evidence", ref("evidence")),
        ("notes", ref("notes")),
    ]


# --- declaration ---------------------------------------------------------------------------------
defs["declaration"] = obj(
    [
        ("id", id_ref("A short, stable id for this declaration, usually the vendor's name in lower case (e.g. `unoeuro`).")),
        ("status", enum(["draft", "reviewed", "approved"],
                        "Where this declaration is in your own process: `draft` while collecting answers, `reviewed` once checked by a second person, `approved` once accepted by the owner.",
                        {"draft": "Still collecting answers.", "reviewed": "Checked by a second person.", "approved": "Accepted by the responsible owner."},
                        known=False)),
        ("customer_context", obj(
            [
                ("criticality", enum(["low", "medium", "high", "critical"],
                                     "How much your business depends on this vendor (your own risk assessment; S2: \"En risikovurdering\"). Higher criticality makes some findings stricter.",
                                     {"low": "Outage or loss would be a nuisance.", "medium": "Outage or loss would hurt but not stop the business.",
                                      "high": "Outage or loss would stop important work.", "critical": "The business cannot run without it."})),
                ("data_classification", enum(["public", "internal", "personal", "confidential", "special_category"],
                                             "The most sensitive data you put with this vendor.",
                                             {"public": "Public information only.", "internal": "Internal, non-personal information.",
                                              "personal": "Ordinary personal data (GDPR).", "confidential": "Confidential business data (e.g. accounts, contracts).",
                                              "special_category": "Special-category personal data (GDPR Art. 9: health, etc.)."})),
                ("regimes", arr(enum(["gdpr", "nis2", "dora"], "A regulation that applies to you for this vendor.",
                                     {"gdpr": "EU General Data Protection Regulation.", "nis2": "NIS2 Directive (essential/important entities).",
                                      "dora": "Digital Operational Resilience Act (financial entities)."}, known=False),
                                "Which regulations apply to you for this vendor; they select stricter rule profiles.")),
                ("notes", ref("notes")),
            ],
            "Your side of the relationship: how critical the vendor is, how sensitive the data is and which regulations apply. These are your assumptions, not the vendor's answers.",
        )),
        ("review", obj(
            [
                ("owner", text("The person in your organisation who owns this vendor relationship and keeps this declaration current (S2: \"udpege en medarbejder, som anfører for din virksomheds IT-sikkerhed\"). Outsourcing does not move the responsibility (S0: \"altid virksomhedens eget ansvar\").")),
                ("last_reviewed", kd("Date you last reviewed this declaration with the vendor.")),
                ("next_review_due", kd("Date of the next review. Keep it on the agenda (S2: \"løbende sættes på dagsordenen\"); at least yearly is usual.")),
                ("notes", ref("notes")),
            ],
            "Who owns this declaration and when it was and will be reviewed.",
        )),
        ("notes", ref("notes")),
    ],
    "About this declaration record itself: its id, review status, your risk context and the review cycle.",
    required=["id"],
)

# --- vendor ---------------------------------------------------------------------------------
defs["vendor"] = obj(
    [
        ("name", text("The vendor's usual (trading) name.")),
        ("legal_name", text("The registered legal name, e.g. \"Nordlys Cloud ApS\".")),
        ("org_id", text("The company registration number, e.g. Danish CVR \"DK12345678\", Swedish organisationsnummer, or an LEI.")),
        ("country", ref("known_country", "Country where the vendor is established, as a quoted two-letter code, e.g. \"DK\".")),
        ("website", ref("url", "The vendor's website.")),
        ("security_contact", OrderedDict([
            ("description", "A named contact for information-security questions (S1: \"en särskilt utpekad kontaktperson för informationssäkerhetsfrågor\"), or `unknown`/`not_disclosed`."),
            ("anyOf", [ref("contact"), ref("unknown_answer")]),
        ])),
        ("provenance", ref("provenance")),
        ("evidence", ref("evidence")),
        ("notes", ref("notes")),
    ],
    "The supplier this declaration is about.",
    required=["name"],
)

# --- sources ---------------------------------------------------------------------------------
defs["source"] = obj(
    [
        ("id", id_ref("A short id for this document, used by `evidence[].source`.")),
        ("kind", enum(["vendor_policy", "contract", "dpa", "sla", "audit_report", "certificate", "pentest_report", "questionnaire",
                       "correspondence", "meeting_notes", "website", "other"],
                      "What kind of document this is.",
                      {"vendor_policy": "A security or privacy policy published by the vendor.", "contract": "The signed agreement.",
                       "dpa": "The data processing agreement.", "sla": "The service level agreement.",
                       "audit_report": "An assurance report (ISAE 3402, ISAE 3000, SOC 2).", "certificate": "A certificate (e.g. ISO 27001).",
                       "pentest_report": "A penetration-test report or summary.", "questionnaire": "The vendor's answers to a questionnaire.",
                       "correspondence": "E-mails or letters.", "meeting_notes": "Your notes from a meeting with the vendor.",
                       "website": "A web page.", "other": "Something else; say what in `title`."})),
        ("title", text("The document's title (or a short description if it has none).")),
        ("url", ref("url", "Where the document can be found.")),
        ("snapshot", text("Path to a local plain-text copy of the document, relative to this declaration file (e.g. `../sources/policy.txt`). Evidence quotes are checked against it.")),
        ("snapshot_sha256", OrderedDict([
            ("description", "SHA-256 of the snapshot file (64 lower-case hex digits), to notice if the copy changes."),
            ("type", "string"),
            ("pattern", "^[0-9a-f]{64}$"),
        ])),
        ("language", OrderedDict([
            ("description", "Language of the document as a code, e.g. \"da\" (Danish), \"sv\" (Swedish), \"en\" (English)."),
            ("type", "string"),
            ("pattern", "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
        ])),
        ("version", text("The document's own version or revision, if it has one.")),
        ("published", kd("Date the document was published or signed, if stated.")),
        ("retrieved", kd("Date you obtained this copy.")),
        ("disclosure", enum(["full", "partial"], "Whether the document discloses everything it covers: `partial` when the vendor says parts are withheld (e.g. \"som ikke offentliggøres\").",
                            {"full": "Nothing is said to be withheld.", "partial": "The vendor says some details are withheld."})),
        ("notes", ref("notes")),
    ],
    "A document the declaration's answers come from: policy, contract, DPA, report, certificate, questionnaire, correspondence.",
    required=["id"],
)

# --- services ---------------------------------------------------------------------------------
defs["service"] = obj(
    [
        ("id", id_ref("A short id for the service, used in `part_of`, `data_locations[].services` and waivers.")),
        ("name", text("The service's name as the vendor sells it.")),
        ("kind", enum(["saas", "paas", "iaas", "web_hosting", "email", "colocation", "managed_service", "backup_service",
                       "software_development", "support", "network", "other"],
                      "What kind of service it is.",
                      {"saas": "Software as a service (an application you log in to).", "paas": "A managed platform (databases, app hosting).",
                       "iaas": "Virtual servers, storage, networks.", "web_hosting": "Web hotel / shared hosting.", "email": "E-mail hosting.",
                       "colocation": "Your own hardware in the vendor's data centre.", "managed_service": "The vendor operates your IT for you.",
                       "backup_service": "Backup as a service.", "software_development": "Custom software development.",
                       "support": "Support or consultancy.", "network": "Connectivity, firewall, VPN.", "other": "Something else."})),
        ("part_of", id_ref("Id of the service this one is part of (e.g. e-mail that comes with a web hotel). Controls not stated here are taken from that service.")),
        ("description", text("What the service does for you, in a sentence or two.")),
        ("customer_usage", obj(
            [
                ("in_use", kb("Whether you actually use this service.")),
                ("personal_data", kb("Whether the service holds or processes personal data for you (S0: \"Hvordan håndterer I persondata?\").")),
                ("data_classification", enum(["public", "internal", "personal", "confidential", "special_category"],
                                             "The most sensitive data in this service, if different from `declaration.customer_context.data_classification`.",
                                             {"public": "Public information only.", "internal": "Internal, non-personal information.",
                                              "personal": "Ordinary personal data.", "confidential": "Confidential business data.",
                                              "special_category": "Special-category personal data (GDPR Art. 9)."})),
                ("notes", ref("notes")),
            ],
            "How you use this service.",
        )),
        ("controls", ref("controls", "Control statements that apply to this service only. A statement here replaces, as a whole, the one on the parent service (`part_of`) and the vendor-wide one in the top-level `controls`.")),
        ("notes", ref("notes")),
    ],
    "A service you buy from the vendor. Rules are evaluated per service.",
    required=["id"],
)

# --- data locations ---------------------------------------------------------------------------------
PURPOSE = {
    "primary": "Live (production) data.", "backup": "Backup copies.", "dr": "Disaster-recovery standby copy.",
    "logs": "Logs.", "support_access": "Staff elsewhere can access the data (support, operations).", "processing": "Data is processed there.",
}
defs["data_location"] = obj(
    [
        ("id", id_ref("A short id for this location, used by `backup.params.locations`.")),
        ("country", ref("known_country", "Country where the data is, as a quoted two-letter code (e.g. \"DK\"; quote \"NO\"!). S0: \"Hvor ligger virksomhedens data rent fysisk? ... i hvilket land står serverne\".")),
        ("region", ref("region")),
        ("site", text("The site, city or data centre, if known.")),
        ("purpose", arr(enum(list(PURPOSE), "A purpose for which data is kept or accessed here.", PURPOSE, known=False),
                        "What the data at this location is for: live data, backups, disaster recovery, logs, or access from here by support staff.")),
        ("services", id_list("Ids of the services whose data is here.")),
        ("scope", ref("control_scope")),
        ("operator", id_ref("Id of the subprocessor that runs this site, or `vendor` if the vendor runs it itself.")),
        ("admin", enum(["vendor_direct", "subprocessor"], "Who administers the servers here.",
                       {"vendor_direct": "The vendor's own staff.", "subprocessor": "A subprocessor's staff."})),
        ("transfer_mechanism", ref("transfer_mechanism")),
        *section_extras(),
    ],
    "A place where your data is stored, copied or accessed from.",
    required=["id"],
)

# --- subprocessors ---------------------------------------------------------------------------------
defs["subprocessor"] = obj(
    [
        ("id", id_ref("A short id for this subprocessor, used in `performed_by`, `operator` and `holder`.")),
        ("name", text("The subprocessor's name, or `unknown` if the vendor has not named it.")),
        ("role", enum(["datacenter_facility", "infrastructure_operations", "hosting_provider", "cloud_platform", "backup_storage",
                       "uptime_monitoring", "email_delivery", "support", "software_development", "other"],
                      "What the subprocessor does for the vendor.",
                      {"datacenter_facility": "Runs the data-centre building: power, cooling, physical access.",
                       "infrastructure_operations": "Operates the vendor's servers or environment.",
                       "hosting_provider": "Hosts the vendor's servers.", "cloud_platform": "Public cloud platform.",
                       "backup_storage": "Stores backup copies.", "uptime_monitoring": "Monitoring tool or service.",
                       "email_delivery": "Sends or receives e-mail.", "support": "Support or operations staff.",
                       "software_development": "Develops software.", "other": "Something else; say what in `notes`."})),
        ("country", ref("known_country", "Country where the subprocessor processes the data, as a quoted two-letter code.")),
        ("region", ref("region")),
        ("services", id_list("Ids of the services it is involved in.")),
        ("data_access", kb("Whether it can access your data (not just the building or the network).")),
        ("flow_down", obj(
            [
                ("contract", kb("Whether the vendor has a contract with it.")),
                ("dpa", kb("Whether the vendor has a data processing agreement with it (GDPR Art. 28(4)).")),
                ("security_requirements", kb("Whether the vendor's own security requirements are passed on to it.")),
                ("audit_reports", kb("Whether the vendor gets audit reports from it (ISAE 3402, SOC 2, ...).")),
                ("nda", kb("Whether it is bound by a confidentiality agreement.")),
                ("notes", ref("notes")),
            ],
            "Whether the vendor's obligations to you are passed on to this subprocessor (S1: \"om informationen på något sätt delas med en tredje part\").",
        )),
        ("transfer_mechanism", ref("transfer_mechanism")),
        *section_extras(),
    ],
    "A third party the vendor uses that touches your data, your service or the place it runs (GDPR Art. 28(2) and (4)).",
    required=["id"],
)

# --- certifications ---------------------------------------------------------------------------------
defs["certification"] = obj(
    [
        ("id", id_ref("A short id for this certificate or report.")),
        ("type", enum(["iso27001", "iso27017", "iso27018", "iso27701", "isae3402", "isae3000", "soc1", "soc2", "csa_star_l1",
                       "csa_star_l2", "pci_dss", "other"],
                      "Which certificate or assurance report.",
                      {"iso27001": "ISO/IEC 27001 certificate.", "iso27017": "ISO/IEC 27017 (cloud security).",
                       "iso27018": "ISO/IEC 27018 (personal data in public clouds).", "iso27701": "ISO/IEC 27701 (privacy).",
                       "isae3402": "ISAE 3402 assurance report.", "isae3000": "ISAE 3000 assurance report (often GDPR).",
                       "soc1": "SOC 1 report.", "soc2": "SOC 2 report.", "csa_star_l1": "CSA STAR level 1 (self-assessment).",
                       "csa_star_l2": "CSA STAR level 2 (third-party audit).", "pci_dss": "PCI DSS.", "other": "Something else; say what in `notes`."},
                      known=False)),
        ("holder", id_ref("Who holds it: `vendor` for the vendor itself, or the id of a subprocessor (then it covers the subprocessor, not the vendor).")),
        ("scope", text("What the certificate or report covers, in its own words (services, sites, processes).")),
        ("covers_services", known_arr(ref("id"), "Ids of your services it covers.")),
        ("covers_locations", known_arr(ref("id"), "Ids of the `data_locations` it covers.")),
        ("issuer", text("The certification body or audit firm.")),
        ("certificate_number", text("The certificate or report number.")),
        ("valid_from", kd("First day the certificate is valid.")),
        ("valid_until", kd("Last day the certificate is valid (ISO certificates usually run three years).")),
        ("report_type", enum(["type_1", "type_2"], "For ISAE 3402 / SOC reports: `type_1` checks the design at one date; `type_2` also tests that controls worked over a period.",
                             {"type_1": "Design at a point in time only.", "type_2": "Design and operating effectiveness over a period."})),
        ("frequency", enum(["annually", "semi_annually", "once"], "How often a new report is issued.",
                           {"annually": "Every year.", "semi_annually": "Every six months.", "once": "One-off."})),
        ("period_start", kd("First day of the period a type 2 report covers.")),
        ("period_end", kd("Last day of the period a type 2 report covers.")),
        ("issued_on", kd("Date the report was issued.")),
        ("bridge_letter_until", kd("Date a bridge letter extends the report's coverage to.")),
        ("available_to_customer", kb("Whether you may read the certificate or report.")),
        *section_extras(),
    ],
    "A certificate or independent assurance report about the vendor or one of its subprocessors (S1: \"tillräckliga garantier\"; \"olika former av granskningar\").",
    required=["id"],
)

# --- contract ---------------------------------------------------------------------------------
DPA_CLAUSES = [
    ("a_instructions", "(a) Processes personal data only on your documented instructions, including transfers outside the EU/EEA."),
    ("b_confidentiality", "(b) Persons authorised to process the data are bound by confidentiality."),
    ("c_art32", "(c) Takes the security measures required by GDPR Art. 32."),
    ("d_subprocessors", "(d) Uses subprocessors only with your authorisation and passes the same obligations on."),
    ("e_data_subject_rights", "(e) Helps you answer data subjects' requests (access, erasure, ...)."),
    ("f_art32_36_assistance", "(f) Helps you with security, breach notification, impact assessments and prior consultation (Art. 32-36)."),
    ("g_delete_or_return", "(g) Deletes or returns all personal data at the end, as you choose."),
    ("h_audits", "(h) Gives you the information needed to show compliance and allows audits and inspections."),
]
contract_props = [
    ("agreement", obj(
        [
            ("signed", kb("Whether a signed agreement exists (S1: \"ett juridiskt avtal som reglerar hur tjänsten används\").")),
            ("signed_on", kd("Date it was signed.")),
            ("reference", text("Contract number or name.")),
            ("security_requirements_included", kb("Whether your security requirements are written into it (S0: \"få det skrevet ind i jeres samarbejdskontrakt\").")),
            ("governing_law", ref("known_country", "Country whose law governs the contract, as a quoted two-letter code.")),
            *section_extras(),
        ],
        "The main agreement with the vendor.")),
    ("privacy", obj(
        [
            ("vendor_role", enum(["processor", "sub_processor", "joint_controller", "independent_controller", "none"],
                                 "The vendor's GDPR role for your personal data (S0: \"hvem der er dataansvarlig og databehandler for hvilke behandlinger\").",
                                 {"processor": "Processes personal data on your behalf (needs a DPA).",
                                  "sub_processor": "Processes on behalf of another processor you use.",
                                  "joint_controller": "Decides purposes and means together with you (needs an Art. 26 arrangement).",
                                  "independent_controller": "Processes the data for its own purposes.",
                                  "none": "Processes no personal data for you."})),
            ("processing_description", text("What personal data the vendor processes for you and how (S0: \"Hvordan håndterer I persondata?\").")),
            *section_extras(),
        ],
        "Personal data: the vendor's role under GDPR and what it processes.")),
    ("dpa", obj(
        [
            ("signed", kb("Whether a data processing agreement is signed (S1: \"måste upprätta ett så kallat biträdesavtal\"; GDPR Art. 28(3)).")),
            ("signed_on", kd("Date it was signed.")),
            ("template", enum(["dk_datatilsynet_art28_8", "eu_scc_2021_915", "vendor", "custom"], "Which text the DPA is based on.",
                              {"dk_datatilsynet_art28_8": "The Danish Data Protection Agency's standard contractual clauses (Art. 28(8)).",
                               "eu_scc_2021_915": "The EU Commission's controller-processor clauses, decision 2021/915.",
                               "vendor": "The vendor's own template.", "custom": "Your own or a negotiated text."})),
            ("clauses", obj([(k, kb(d)) for k, d in DPA_CLAUSES] + [("notes", ref("notes"))],
                            "Whether the DPA contains each term GDPR Art. 28(3)(a)-(h) requires.")),
            *section_extras(),
        ],
        "The data processing agreement (GDPR Art. 28(3)).")),
    ("incident_notification", obj(
        [
            ("max_hours", ki("Maximum hours from the vendor becoming aware of an incident until it tells you. GDPR requires the processor to notify \"without undue delay\"; you have 72 hours to notify the authority; NIS2 early warnings are due within 24 hours.")),
            ("scope", known_arr(enum(["security_incident", "personal_data_breach", "outage", "vulnerability"],
                                     "A kind of event you will be told about.",
                                     {"security_incident": "Security incidents affecting your data or service.",
                                      "personal_data_breach": "Personal-data breaches (GDPR Art. 33(2)).",
                                      "outage": "Outages and service disruptions.",
                                      "vulnerability": "Vulnerabilities that affect you."}, known=False),
                                "Which events the vendor will tell you about (S0: \"leverandøren giver virksomheden besked ved sikkerhedshændelser\").")),
            ("channels", known_arr(enum(["email", "phone", "sms", "status_page", "portal", "named_contact"], "A way you are told.",
                                        {"email": "E-mail.", "phone": "Phone call.", "sms": "Text message.", "status_page": "Public status page.",
                                         "portal": "Customer portal.", "named_contact": "Directly to your named contact."}, known=False),
                                   "How you are told (S1: \"När och hur rapportering av säkerhetsincidenter ska ske\").")),
            ("contractual", kb("Whether the deadline and scope are written into the signed contract or DPA (true), or only stated in a policy (false).")),
            *section_extras(),
        ],
        "What the vendor must tell you about incidents, how fast and how.")),
    ("security_reporting", obj(
        [
            ("frequency", enum(["monthly", "quarterly", "semi_annually", "annually", "on_request", "none"],
                               "How often the vendor reports to you on incidents and the status of agreed security measures (S0: \"løbende rapportere (fx kvartalsvist)\").",
                               {"monthly": "Every month.", "quarterly": "Every quarter.", "semi_annually": "Every six months.",
                                "annually": "Every year.", "on_request": "Only when you ask.", "none": "No reporting."})),
            ("content", arr(enum(["incidents", "control_status", "vulnerabilities", "availability", "subprocessor_changes"],
                                 "A topic covered by the reports.",
                                 {"incidents": "Security incidents.", "control_status": "Status of agreed security procedures.",
                                  "vulnerabilities": "Vulnerabilities and patching.", "availability": "Uptime against the SLA.",
                                  "subprocessor_changes": "Changes of subprocessors."}, known=False),
                            "What the reports cover.")),
            *section_extras(),
        ],
        "Regular security reporting from the vendor to you.")),
    ("audit_rights", obj(
        [
            ("on_request_reports", kb("Whether you may get audit reports and certificates on request.")),
            ("onsite", kb("Whether you (or your auditor) may audit on site (S1: \"möjlighet att granska hur informationen hanteras hos leverantören\").")),
            ("third_party_auditor", kb("Whether you may send an independent auditor.")),
            ("regulator_access", kb("Whether supervisory authorities get access and may inspect.")),
            ("notice_days", ki("Days of notice you must give before an audit.")),
            ("cost", enum(["vendor", "customer", "shared"], "Who pays for audits.",
                          {"vendor": "The vendor pays.", "customer": "You pay.", "shared": "Shared."})),
            *section_extras(),
        ],
        "Your right to check the vendor (GDPR Art. 28(3)(h); DORA Art. 30(3)(e)).")),
    ("sla", obj(
        [
            ("availability_percent", ref("known_percent", "Promised availability in percent, e.g. 99.9.")),
            ("measurement_period", enum(["monthly", "quarterly", "annually"], "Period over which availability is measured.",
                                        {"monthly": "Per month.", "quarterly": "Per quarter.", "annually": "Per year."})),
            ("rto_hours", kn("Recovery time objective: maximum hours until the service works normally again after an outage (S1: \"Hur snabbt tjänsten ... ska fungera normalt igen efter avbrott\").")),
            ("rpo_hours", kn("Recovery point objective: maximum hours of data that can be lost.")),
            ("uptime_measured", kb("Whether the vendor measures and documents uptime.")),
            ("service_credits", kb("Whether you get credits or compensation when the SLA is missed.")),
            ("support_hours", enum(["around_the_clock", "business_hours"], "When support can be reached.",
                                   {"around_the_clock": "24 hours a day, every day.", "business_hours": "Business hours only."})),
            *section_extras(),
        ],
        "Service levels: availability, recovery time and data-loss limits.")),
    ("exit", obj(
        [
            ("data_return_format", text("Format you get your data back in, in words (e.g. \"CSV and PDF\", \"VM images and database dumps\").")),
            ("data_return_days", ki("Days within which your data is returned after termination.")),
            ("deletion_after_exit_days", ki("Days after the end by which the vendor deletes your data, including backups.")),
            ("deletion_certificate", kb("Whether the vendor confirms deletion in writing.")),
            ("config_copy", kb("Whether you get a copy of configuration files (S0: \"kopi af konfigurationsfiler og kildekode\").")),
            ("transition_assistance_days", ki("Days the vendor helps you move to a new supplier.")),
            ("termination_notice_days", ki("Days of notice to terminate the contract.")),
            ("exit_plan", kb("Whether a documented exit plan exists.")),
            *section_extras(),
        ],
        "Leaving the vendor: getting your data back, deletion and handover (S0: \"i tilfælde af, at I ønsker at skifte leverandør\").")),
    ("data", obj(
        [
            ("ownership", enum(["customer", "vendor", "shared"], "Who owns the data you put in the service (S1: \"Vem som äger informationen\").",
                               {"customer": "You own it.", "vendor": "The vendor owns it.", "shared": "Shared ownership."})),
            ("use_restriction", kb("Whether the vendor may use or change your data only on your instructions (S1: \"hur informationen får användas\").")),
            ("secondary_use", kb("Whether the vendor may use your data for its own purposes (analytics, product development, AI training).")),
            ("third_party_sharing", enum(["none", "subprocessors_only", "other_third_parties"],
                                         "Whether your data is shared with third parties (S1: \"om informationen på något sätt delas med en tredje part\").",
                                         {"none": "Not shared.", "subprocessors_only": "Only with the listed subprocessors.",
                                          "other_third_parties": "Also with other third parties."})),
            *section_extras(),
        ],
        "Who owns your data and how the vendor may use it.")),
    ("custom_development", obj(
        [
            ("applicable", kb("Whether the vendor develops software or configuration specifically for you.")),
            ("ip_owner", enum(["customer", "vendor", "shared"], "Who keeps the intellectual property rights in what is developed for you (S0: \"hvem der beholder de immaterielle rettigheder\").",
                              {"customer": "You.", "vendor": "The vendor.", "shared": "Shared."})),
            ("source_code_copy", kb("Whether you get a copy of the source code.")),
            ("config_copy", kb("Whether you get a copy of the configuration files.")),
            ("escrow", kb("Whether the source code is held in escrow.")),
            *section_extras(),
        ],
        "Software or configuration developed for you.")),
    ("subprocessor_changes", obj(
        [
            ("authorisation", enum(["specific", "general"], "How new subprocessors are authorised (GDPR Art. 28(2)).",
                                   {"specific": "You approve each new subprocessor.", "general": "General authorisation, with advance notice and a right to object."})),
            ("notice_days", ki("Days of advance notice before a subprocessor is added or replaced.")),
            ("objection_right", kb("Whether you may object to a new subprocessor.")),
            ("list_available", kb("Whether a current list of subprocessors is available to you.")),
            *section_extras(),
        ],
        "How changes of subprocessors are handled.")),
    ("location_change_notice_days", ki("Days of advance notice before data is moved to another location or country (DORA Art. 30(2)(b)).")),
    ("dora", obj(
        [
            ("subcontracting_conditions", kb("Whether conditions for subcontracting critical functions are in the contract (DORA Art. 30(2)(a)).")),
            ("incident_assistance_cost", enum(["none", "ex_ante"], "Cost of the vendor's help with ICT incidents (DORA Art. 30(2)(f)).",
                                              {"none": "At no extra cost.", "ex_ante": "At a cost agreed in advance."})),
            ("authority_cooperation", kb("Whether the vendor must cooperate with your supervisory authorities (Art. 30(2)(g)).")),
            ("termination_rights", kb("Whether you have the termination rights DORA requires (Art. 30(2)(h)).")),
            ("awareness_programmes", kb("Whether the vendor takes part in your ICT security awareness programmes (Art. 30(2)(i)).")),
            ("tlpt_participation", kb("Whether the vendor takes part in threat-led penetration testing (Art. 30(3)(d)).")),
            ("exit_transition_period", kb("Whether a mandatory transition period is agreed for exit (Art. 30(3)(f)).")),
            *section_extras(),
        ],
        "Extra contract terms for financial entities under DORA Art. 30.")),
    ("notes", ref("notes")),
]
defs["contract"] = obj(contract_props, "What is agreed with the vendor in writing: agreement, DPA, incident notification, audit rights, service levels, exit and data terms. Policy statements belong here too, marked with `commitment: policy`.")

# --- customer responsibilities ---------------------------------------------------------------------------------
defs["customer_responsibility_item"] = obj(
    [
        ("id", id_ref("A short id for this duty.")),
        ("text", text("What you must do, in plain words (S2: \"hvad I selv kan gøre for at styrke IT-sikkerheden\").")),
        ("controls", arr(ref("control_key"), "Control keys this duty belongs to (e.g. `backup`, `encryption_in_transit`).")),
        ("services", id_list("Ids of the services it applies to.")),
        ("owner", text("The person or team on your side who does it.")),
        ("acknowledged", kb("Whether the owner has accepted the duty.")),
        ("acknowledged_on", kd("Date the owner accepted it.")),
        ("implemented", kb("Whether it has actually been done.")),
        ("evidence", ref("evidence")),
        ("notes", ref("notes")),
    ],
    "A security duty that stays with you (the customer).",
    required=["id", "text"],
)

# --- waivers ---------------------------------------------------------------------------------
defs["waiver"] = obj(
    [
        ("rule", OrderedDict([
            ("description", "The rule id the waiver applies to (e.g. `CRY-002`), or a rule family prefix (e.g. `CRY`) for all its rules."),
            ("type", "string"),
            ("pattern", "^[A-Z]+(-[0-9]{3})?$"),
            ("x-message", "is not a rule id such as \"BAK-001\" or a rule family such as \"BAK\""),
        ])),
        ("service", id_ref("Limit the waiver to findings for this service id.")),
        ("pointer", OrderedDict([
            ("description", "Limit the waiver to findings at or below this place in the file, as a JSON pointer, e.g. `/services/1/controls/backup`."),
            ("type", "string"),
            ("pattern", "^(/([^~]|~[01])*)*$"),
            ("x-message", "is not a JSON pointer such as \"/services/0/controls/backup\""),
        ])),
        ("reason", text("Why the risk is accepted, and any compensating measures (S1: \"ett formellt beslut till grund för en sådan lösning\").")),
        ("approved_by", text("Who accepted the risk (name and role).")),
        ("decided_on", ref("date", "Date the decision was made.")),
        ("expires", ref("date", "Date the waiver stops applying; the finding comes back after it. Keep it short, e.g. until the next review.")),
    ],
    "A formally accepted risk: it silences a finding until it expires. Waived findings are still counted in the summary.",
    required=["rule", "reason", "approved_by", "decided_on", "expires"],
)

# ---------------------------------------------------------------------------------------------
schema = OrderedDict()
schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
schema["$id"] = "https://vendorlint.dev/schemas/declaration.v1.schema.json"
schema["title"] = "vendorlint vendor declaration, version 1"
schema["description"] = (
    "One IT supplier's security declaration: what the vendor does for security, backup, encryption, incident notification "
    "and data protection, what is agreed in the contract and DPA, and what stays with you. Write `unknown` for what you asked "
    "and did not get, and `not_disclosed` for what the vendor declines to say. See docs/DECLARATION-FORMAT.md."
)
schema["type"] = "object"
schema["required"] = ["kind", "version", "declaration", "vendor"]
schema["additionalProperties"] = False
schema["properties"] = OrderedDict([
    ("$schema", OrderedDict([("description", "Optional: the address of this schema, so JSON editors find it."), ("type", "string")])),
    ("kind", OrderedDict([("description", "Marks the file as a vendor declaration; must be `vendor-declaration`. vendorlint checks only files with this key when it walks a folder."),
                          ("const", "vendor-declaration")])),
    ("version", OrderedDict([("description", "Version of the declaration format; must be the number 1."), ("type", "integer"), ("const", 1)])),
    ("declaration", ref("declaration")),
    ("vendor", ref("vendor")),
    ("sources", arr(ref("source"), "The documents the answers come from: the vendor's policies, contract, DPA, reports, questionnaire answers.", unique=False)),
    ("services", arr(ref("service"), "The services you buy from this vendor. Rules are checked per service.", unique=False)),
    ("controls", ref("controls", "Vendor-wide control statements: what the vendor does across all its services. A service's own `controls` replace these for that service.")),
    ("data_locations", arr(ref("data_location"), "Where your data is stored, backed up and accessed from: country (as a quoted code like \"DK\") and/or region.", unique=False)),
    ("subprocessors", arr(ref("subprocessor"), "Third parties the vendor uses: data centres, operators, hosting, monitoring, support.", unique=False)),
    ("certifications", arr(ref("certification"), "Certificates and assurance reports, the vendor's own and its subprocessors'.", unique=False)),
    ("contract", ref("contract")),
    ("customer_responsibilities", arr(ref("customer_responsibility_item"), "Security duties that stay with you, each with an owner on your side.", unique=False)),
    ("waivers", arr(ref("waiver"), "Accepted risks: findings you have formally decided to live with, each with a reason, an approver and an expiry date.", unique=False)),
])
schema["$defs"] = defs

def fmt(v, ind=0, used=0, width=110):
    """Pretty JSON: a value goes on one line if the whole line fits in `width`."""
    one = json.dumps(v, ensure_ascii=False)
    if not isinstance(v, (dict, list)) or not v or ind + used + len(one) <= width:
        return one
    pad = " " * (ind + 2)
    if isinstance(v, dict):
        items = []
        for k, x in v.items():
            key = json.dumps(k, ensure_ascii=False) + ": "
            items.append(pad + key + fmt(x, ind + 2, len(key), width))
        return "{\n" + ",\n".join(items) + "\n" + " " * ind + "}"
    items = [pad + fmt(x, ind + 2, 0, width) for x in v]
    return "[\n" + ",\n".join(items) + "\n" + " " * ind + "]"



def tidy(x):
    """Keep every description's first sentence whole: the CLI shows text up to the first '. '."""
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "description" and isinstance(v, str):
                v = v.replace("e.g. ", "for example ").replace("i.e. ", "that is, ")
                v = v.replace("Art. ", "Article ").replace(" ... ", " … ").replace("...", "…")
                v = v.replace("waivers etc.", "and waivers").replace("p. 4", "page 4")
                x[k] = v
            elif k == "markdownEnumDescriptions":
                x[k] = [d.replace("e.g. ", "for example ").replace("Art. ", "Article ") for d in v]
            else:
                tidy(v)
    elif isinstance(x, list):
        for v in x:
            tidy(v)


tidy(schema)

out = fmt(schema) + "\n"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(out)
print(f"wrote {sys.argv[1]}: {len(out)} bytes, {len(defs)} $defs, {len(CONTROLS)} control keys")

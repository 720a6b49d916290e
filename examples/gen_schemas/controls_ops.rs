//! Controls of the vocabulary: operations and network.

use serde_json::json;

use super::controls::{Control, control};
use super::parts::*;

/// Operations: patching, vulnerabilities, malware, changes, endpoints, logging, monitoring.
pub fn operations() -> Vec<Control> {
    vec![
        control(
            "patch_management",
            "Installing security updates on the vendor's systems (S0: \"Hvordan er processen for \
             opdateringer og ændringer af IT-systemer programmer?\"; NIS2 Article 21(2)(e)).",
            json!({
                "scope": unique_list(
                    "Which systems are patched.",
                    plain_enum(
                        "A kind of system covered by patching.",
                        &[
                            ("workstations", "The vendor's staff computers."),
                            ("servers", "The vendor's servers."),
                            ("network_devices", "Routers, switches, firewalls."),
                            ("applications", "Application software the vendor runs."),
                            ("customer_platform", "The platform the customer services run on."),
                        ],
                    ),
                ),
                "critical_patch_days": ki(
                    "Maximum number of days from publication of a critical security update until \
                     it is installed.",
                ),
                "patch_sla_text": text(
                    "The vendor's own words on patch speed when no number is given, for example \
                     \"hurtigst muligt\" (as soon as possible).",
                ),
                "supported_versions_only": kb(
                    "Whether the vendor keeps software on versions that still receive security \
                     updates.",
                ),
            }),
        ),
        control(
            "vulnerability_management",
            "Watching for and handling new vulnerabilities in the systems the vendor runs (ISO \
             27001 A.8.8).",
            json!({
                "process_defined": kb(
                    "Whether there is a defined process to assess and handle new vulnerabilities.",
                ),
                "continuous_monitoring": kb(
                    "Whether the vendor continuously watches for new vulnerabilities (advisories, \
                     scanning).",
                ),
                "vendor_scope": text(
                    "Which systems the vendor covers, in words (for example \"the systems we \
                     operate\"); the rest is yours.",
                ),
                "critical_patch_days": ki(
                    "Maximum days from publication of a critical vulnerability until it is fixed.",
                ),
                "patch_sla_text": text(
                    "The vendor's own words on speed when no number is given, for example \
                     \"hurtigst muligt\".",
                ),
            }),
        ),
        control(
            "malware_protection",
            "Antivirus / anti-malware and how it is kept up to date (S0: \"Hvad er processen for \
             antivirusprogrammer og deres opdatering?\").",
            json!({
                "coverage": unique_list(
                    "Which systems have malware protection.",
                    plain_enum(
                        "A kind of system protected.",
                        &[
                            ("workstations", "Staff computers."),
                            ("servers", "Servers."),
                            ("email", "Incoming and outgoing e-mail."),
                            ("file_uploads", "Files uploaded to the service."),
                        ],
                    ),
                ),
                "auto_update": kb("Whether signatures and software update automatically."),
                "central_monitoring": kb(
                    "Whether a central service checks that protection is active and up to date \
                     everywhere.",
                ),
            }),
        ),
        control(
            "change_management",
            "How changes to the vendor's systems are planned, approved, tested and announced (ISO \
             27001 A.8.32).",
            json!({
                "process_documented": kb("Whether there is a documented change process."),
                "approval_required": kb("Whether changes need approval before they are made."),
                "tested_before_production": kb("Whether changes are tested before going live."),
                "customer_notice_days": ki(
                    "How many days in advance you are told about changes that affect you.",
                ),
            }),
        ),
        control(
            "endpoint_security",
            "Protection of the vendor's staff computers: logins, screen locking, software and \
             removable-media rules.",
            json!({
                "login_required": kb("Whether workstations require a personal login."),
                "lock_when_away": kb("Whether staff must log out or lock when leaving their desk."),
                "no_private_software": kb(
                    "Whether installing software for private use is forbidden.",
                ),
                "removable_media": known_enum(
                    "Rules for USB sticks and other removable media.",
                    &[
                        ("blocked", "Not allowed."),
                        (
                            "restricted",
                            "Allowed only with specific permission or for specific purposes.",
                        ),
                        ("allowed", "Allowed."),
                    ],
                ),
                "screen_privacy": kb(
                    "Whether screens and keyboards are placed so they cannot be overlooked.",
                ),
                "tamper_checks": kb(
                    "Whether devices and network sockets are checked for tampering.",
                ),
                "disk_encryption": kb("Whether staff computers have full-disk encryption."),
            }),
        ),
        control(
            "logging",
            "Logging of access and events, and how long logs are kept (ISO 27001 A.8.15). Ask what \
             is logged and for how long.",
            json!({
                "scope": known_list(
                    "What is logged.",
                    plain_enum(
                        "A kind of event logged.",
                        &[
                            ("management_access", "Access to management systems."),
                            ("customer_environment_access", "Access to customer environments."),
                            ("authentication", "Logins, failed and successful."),
                            ("admin_actions", "Actions by administrators."),
                            ("data_access", "Reads and changes of customer data."),
                            ("network", "Network traffic or firewall events."),
                            ("application", "Application events."),
                        ],
                    ),
                ),
                "retention_days": ki("How long logs are kept, in days."),
                "centralised": kb("Whether logs are collected centrally."),
                "tamper_protected": kb("Whether logs are protected against change or deletion."),
                "used_for_investigation": kb(
                    "Whether logs are used for troubleshooting and investigating incidents.",
                ),
                "customer_access": kb("Whether you can get the logs that concern you."),
            }),
        ),
        control(
            "monitoring",
            "Operational monitoring of the service and on-call response (ISO 27001 A.8.16).",
            json!({
                "coverage": known_enum(
                    "When the service is monitored.",
                    &[
                        ("around_the_clock", "24 hours a day, every day of the year."),
                        ("business_hours", "Business hours only."),
                        ("none", "Not monitored."),
                    ],
                ),
                "on_call_24x7": kb("Whether staff are on call around the clock to respond."),
                "alerting": kb("Whether faults raise alerts to staff automatically."),
                "incident_management_system": kb(
                    "Whether deviations are recorded in an incident-management system.",
                ),
                "uptime_statistics": kb(
                    "Whether response times and uptime are measured and kept as documentation.",
                ),
            }),
        ),
        control(
            "intrusion_detection",
            "Detection of attacks on the network or systems (IDS/IPS, traffic inspection).",
            json!({
                "network_inspection": kb("Whether traffic is inspected for attack patterns."),
                "threat_intelligence": kb(
                    "Whether known malicious addresses or patterns are blocked or flagged.",
                ),
                "alerting": kb("Whether detections alert the operations team."),
            }),
        ),
    ]
}

/// Network: firewalls, segmentation, DDoS protection and documentation.
pub fn network() -> Vec<Control> {
    vec![
        control(
            "firewall",
            "Firewalls in front of the systems holding your data (S0: \"Fx via logning af \
             netværker, segmentering af netværker, firewall etc.\").",
            json!({
                "scope": unique_list(
                    "Which networks have firewalls.",
                    plain_enum(
                        "Where firewalls are used.",
                        &[
                            ("office", "The vendor's office network."),
                            ("servers", "The vendor's servers."),
                            ("customer_environments", "Traffic to customer environments."),
                        ],
                    ),
                ),
                "inbound_default_deny": kb(
                    "Whether all inbound traffic is blocked unless explicitly allowed.",
                ),
                "minimal_open_ports": kb("Whether only necessary ports are open from outside."),
                "ip_allowlisting": kb(
                    "Whether access is restricted to necessary IP addresses where appropriate.",
                ),
                "traffic_inspection": kb("Whether the firewall inspects traffic (not only ports)."),
            }),
        ),
        control(
            "network_segmentation",
            "Separation of networks so that an attack cannot spread (customers from each other, \
             management from production, office from guests).",
            json!({
                "customer_environments_separated": kb(
                    "Whether customer environments are separated from each other and from \
                     management networks.",
                ),
                "office_wifi": known_enum(
                    "Wireless access to the vendor's office network.",
                    &[
                        ("none", "No wireless access to the office network."),
                        ("staff_only", "Wireless for staff only, separated from guests."),
                        ("shared", "Staff and guests share a wireless network."),
                    ],
                ),
                "guest_network_separate": kb(
                    "Whether guests and private devices use a separate network.",
                ),
            }),
        ),
        control(
            "ddos_protection",
            "Protection against denial-of-service (DDoS) attacks on internet-facing services.",
            json!({
                "mode": known_enum(
                    "How DDoS protection works.",
                    &[
                        ("always_on", "Always active."),
                        ("on_demand", "Switched on when an attack is seen."),
                        ("none", "No DDoS protection."),
                    ],
                ),
            }),
        ),
        control(
            "network_documentation",
            "Documentation of the vendor's networks (S0: \"Hvordan dokumenterer I virksomhedens \
             netværker\", for example \"i en grafisk netværksoversigt\").",
            json!({
                "diagram_exists": kb("Whether an up-to-date network diagram exists."),
                "available_on_request": kb("Whether you may see it on request."),
                "last_updated": kd("Date the documentation was last updated."),
            }),
        ),
    ]
}

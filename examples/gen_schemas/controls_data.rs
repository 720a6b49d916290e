//! Controls of the vocabulary: cryptography, resilience, assurance and incidents.

use serde_json::json;

use super::controls::{Control, control, encryption_mode};
use super::parts::*;

/// Cryptography: data at rest, in transit, in e-mail and on administrative interfaces.
pub fn crypto() -> Vec<Control> {
    vec![
        control(
            "encryption_at_rest",
            "Encryption of your stored data (disks, databases, files, backups) (GDPR Article \
             32(1)(a); S1: \"På vilket/vilka sätt informationen skyddas genom kryptering\").",
            json!({
                "scope": known_list(
                    "Which stored data is encrypted.",
                    plain_enum(
                        "What is encrypted.",
                        &[
                            ("all_customer_data", "All stored customer data."),
                            ("databases", "Databases."),
                            ("files", "Files."),
                            ("disks", "Whole disks or volumes."),
                            ("backups", "Backup copies."),
                        ],
                    ),
                ),
                "algorithms": known_list(
                    "Encryption algorithms used (S1: \"med vilken algoritm informationen är \
                     krypterad\").",
                    text("An algorithm and key size, for example \"AES-256\"."),
                ),
                "key_management": known_enum(
                    "Who holds and manages the encryption keys.",
                    &[
                        ("vendor_managed", "The vendor manages the keys."),
                        ("customer_managed", "You manage the keys (bring or hold your own key)."),
                        ("hsm", "Keys are held in a hardware security module."),
                    ],
                ),
            }),
        ),
        control(
            "encryption_in_transit",
            "Encryption of data travelling over networks: web (HTTPS), file transfer, and between \
             the vendor's own systems.",
            json!({
                "external": encryption_mode(
                    "Encryption of traffic over the internet between you (or your users) and the \
                     service.",
                ),
                "internal": encryption_mode(
                    "Encryption of traffic between the vendor's own systems.",
                ),
                "file_transfer": encryption_mode(
                    "Encryption when files are uploaded or downloaded (SFTP/FTPS vs plain FTP).",
                ),
                "https_default": kb(
                    "Whether websites and APIs use HTTPS by default, without you setting it up.",
                ),
                "min_tls_version": rd(
                    "known_tls_version",
                    "Oldest TLS version accepted, as a quoted string, for example \"1.2\".",
                ),
                "algorithms": known_list(
                    "Protocols and ciphers used (S1: \"med vilken algoritm\").",
                    text(
                        "A protocol, cipher suite or algorithm, for example \
                         \"TLS_AES_256_GCM_SHA384\".",
                    ),
                ),
            }),
        ),
        control(
            "encryption_email",
            "Encryption of e-mail in transit: between your mail programs and the vendor, and \
             between mail servers.",
            json!({
                "transport": encryption_mode("Encryption of mail the vendor sends and receives."),
                "client_tls_available": kb(
                    "Whether your mail programs can connect over encrypted protocols (IMAPS, \
                     SMTPS/STARTTLS).",
                ),
                "plaintext_allowed": kb(
                    "Whether unencrypted connections are still accepted (for example to support \
                     old mail programs).",
                ),
                "min_tls_version": rd(
                    "known_tls_version",
                    "Oldest TLS version accepted for mail, as a quoted string, for example \
                     \"1.2\".",
                ),
                "end_to_end_available": kb(
                    "Whether end-to-end encryption (S/MIME, PGP) is supported.",
                ),
            }),
        ),
        control(
            "encryption_admin_interfaces",
            "Encryption of administrative access: control panels, management systems and admin \
             APIs.",
            json!({
                "protocols": unique_list(
                    "Protocols used for administrative access.",
                    plain_enum(
                        "A protocol used for administrative access.",
                        &[
                            ("tls", "TLS (HTTPS)."),
                            ("ssh", "SSH."),
                            ("vpn", "A VPN."),
                            ("other", "Another protocol; say which in `notes`."),
                        ],
                    ),
                ),
                "all_admin_access_encrypted": kb(
                    "Whether every administrative connection is encrypted.",
                ),
                "min_tls_version": rd(
                    "known_tls_version",
                    "Oldest TLS version accepted, as a quoted string, for example \"1.2\".",
                ),
            }),
        ),
        control(
            "tenant_isolation",
            "Separation of your data from other customers' data on shared systems: a flaw or a \
             mistake in one customer's account must not expose another's (GDPR Article \
             32(1)(b); ISO/IEC 27001:2022 A.8.3, CSA CCM v4 DSP-03, IVS-06).",
            json!({
                "method": known_enum(
                    "How customers' data is kept apart.",
                    &[
                        ("dedicated_hardware", "Each customer on its own hardware."),
                        ("dedicated_instances", "Each customer in its own virtual machines or instances."),
                        ("dedicated_databases", "Each customer in its own database or schema."),
                        ("logical", "Shared databases, rows marked per customer and filtered by the application."),
                        ("none", "No separation beyond the application's access control."),
                    ],
                ),
                "tested": kb(
                    "Whether the separation is tested, for example in penetration tests that try \
                     to reach another customer's data.",
                ),
            }),
        ),
    ]
}

/// Resilience: backup, continuity and telling customers about outages.
pub fn resilience() -> Vec<Control> {
    vec![
        control(
            "backup",
            "Backup of your data: whether, how often, how long, where, and whether restores are \
             tested (S0: \"Hvordan og hvor tages backup?\"; S1: \"vilken information minst som ska \
             säkerhetskopieras, hur ofta … och hur informationen återställs\").",
            json!({
                "frequency": known_enum(
                    "How often backups are taken, in words. Give the exact figure in \
                     `interval_hours`.",
                    &[
                        ("continuous", "Continuously (replication or point-in-time recovery)."),
                        ("hourly", "At least every hour."),
                        ("daily", "Once a day."),
                        ("weekly", "Once a week."),
                        ("monthly", "Once a month."),
                        (
                            "risk_based",
                            "Decided case by case by the vendor's own assessment; no fixed figure.",
                        ),
                    ],
                ),
                "interval_hours": kn(
                    "Hours between backups (24 = daily). This bounds how much data can be lost.",
                ),
                "retention_days": ki("How many days backups are kept."),
                "sites": ki("How many physically separate sites hold backup copies."),
                "locations": known_list(
                    "Ids of the `data_locations` entries where backups are kept.",
                    r("id"),
                ),
                "separate_site": kb(
                    "Whether at least one copy is kept at a site physically separate from \
                     production.",
                ),
                "provider_diversity": kb(
                    "Whether production and backup data are never held solely by one and the same \
                     provider.",
                ),
                "immutable_copy": kb(
                    "Whether a copy is offline or immutable, so ransomware or an administrator \
                     mistake cannot delete it.",
                ),
                "encrypted": kb("Whether backups are encrypted."),
                "scope": known_list(
                    "What is backed up (S1: \"vilken information minst som ska \
                     säkerhetskopieras\").",
                    plain_enum(
                        "A kind of data backed up.",
                        &[
                            ("customer_data", "All customer data in the service."),
                            ("vendor_data", "The vendor's own data."),
                            ("web_files", "Website files."),
                            ("files", "Files and documents you upload or keep."),
                            ("databases", "Databases."),
                            ("email", "Mailboxes."),
                            ("virtual_machines", "Whole virtual machines / cloud servers."),
                            ("configuration", "Configuration."),
                            ("logs", "Logs."),
                        ],
                    ),
                ),
                "multiple_methods": kb(
                    "Whether different kinds of backup of the same data are taken.",
                ),
                "completeness_checked": kb(
                    "Whether the vendor checks that backups include all data.",
                ),
                "restore_tested": kb("Whether full restores from backup are tested."),
                "last_restore_test": kd("Date of the last restore test."),
                "restore_test_interval_days": ki("How often restores are tested, in days."),
                "customer_restore": known_enum(
                    "How you get data restored (S1: \"hur informationen återställs vid behov\").",
                    &[
                        ("self_service", "You can restore yourself (control panel or API)."),
                        ("on_request", "The vendor restores on request, at no extra cost."),
                        ("on_request_paid", "The vendor restores on request, for a fee."),
                        ("none", "You cannot get restores."),
                    ],
                ),
            }),
        ),
        control(
            "business_continuity",
            "Contingency and disaster-recovery planning: keeping the service running or restoring \
             it after a serious event (S0: \"Har I en IT-beredskabsplan?\"; S1: \"visar upp sina \
             egna dokumenterade kontinuitetsplaner\").",
            json!({
                "objectives_stated": kb(
                    "Whether continuity is at least stated as an objective (without a plan being \
                     evidenced).",
                ),
                "plan_documented": kb(
                    "Whether a written contingency / disaster-recovery plan exists.",
                ),
                "plan_shared_with_customer": kb(
                    "Whether the vendor shows you the plan (or a summary).",
                ),
                "exercise_frequency": known_enum(
                    "How often the plan is exercised.",
                    &[
                        ("several_per_year", "Several times a year."),
                        ("annually", "Once a year."),
                        ("less_than_annually", "Less often than yearly."),
                        ("never", "Never exercised."),
                    ],
                ),
                "last_exercise": kd("Date of the last exercise."),
                "dr_site": kb(
                    "Whether there is a standby site to run the service from if the main site is \
                     lost.",
                ),
            }),
        ),
        control(
            "service_status_communication",
            "How the vendor tells customers about outages: status page, progress updates, expected \
             time to fix.",
            json!({
                "status_page": kb("Whether there is a public status page."),
                "status_page_url": rd("url", "Address of the status page."),
                "threshold": text(
                    "Which events are announced, in the vendor's words (for example \"general and \
                     serious impact\").",
                ),
                "describes_nature_and_extent": kb(
                    "Whether announcements describe what happened and how widely.",
                ),
                "progress_updates": kb(
                    "Whether progress is updated while the fault is being fixed.",
                ),
                "eta_when_possible": kb("Whether an expected time to fix is given when possible."),
                "direct_notification": kb(
                    "Whether customers are told directly (e-mail, SMS), not only on the status \
                     page.",
                ),
            }),
        ),
    ]
}

/// Assurance: security testing and vulnerability disclosure.
pub fn assurance() -> Vec<Control> {
    vec![
        control(
            "security_testing",
            "Independent testing of the vendor's security: penetration tests and vulnerability \
             scans (S0: \"Tester i løbende IT-sikkerheden i virksomheden?\"; GDPR Article \
             32(1)(d)).",
            json!({
                "last_pentest": kd("Date of the last penetration test."),
                "interval_days": ki("How often penetration tests are run, in days (365 = yearly)."),
                "tester": known_enum(
                    "Who runs the tests.",
                    &[
                        ("independent_third_party", "An independent external tester."),
                        ("internal_team", "The vendor's own staff."),
                        ("customer", "Customers may test themselves."),
                    ],
                ),
                "scope": text("What was tested, in words."),
                "report_available": kb("Whether you may see the report or a summary."),
                "vulnerability_scanning": kb(
                    "Whether systems are scanned for vulnerabilities regularly.",
                ),
            }),
        ),
        control(
            "vulnerability_disclosure",
            "How outsiders (including you) can report security holes to the vendor.",
            json!({
                "channel": known_enum(
                    "Where to report vulnerabilities.",
                    &[
                        ("security_txt", "A published security.txt file."),
                        ("dedicated_email", "A dedicated security address."),
                        ("bug_bounty", "A bug-bounty programme."),
                        ("general_contact", "Only the general customer contact."),
                        ("none", "No way to report."),
                    ],
                ),
                "contact": text("The address or page to report to."),
                "policy_url": rd("url", "Address of the vulnerability-disclosure policy."),
            }),
        ),
    ]
}

/// Incidents: detecting and handling them.
pub fn incident() -> Vec<Control> {
    vec![control(
        "incident_response",
        "How the vendor detects and handles security incidents and personal-data breaches \
             internally. What the vendor promises to tell you, and how fast, goes in \
             `contract.incident_notification`.",
        json!({
            "plan_documented": kb("Whether a written incident-response plan exists."),
            "roles_defined": kb(
                "Whether roles and responsibilities for incidents are defined.",
            ),
            "breach_notification_procedure": kb(
                "Whether there is a procedure for notifying customers and authorities of \
                 personal-data breaches.",
            ),
            "internal_reporting_duty": kb(
                "Whether staff must report all security breaches to management.",
            ),
            "detection_sources": known_list(
                "How incidents are detected.",
                plain_enum(
                    "A way incidents are detected.",
                    &[
                        ("monitoring", "Automatic monitoring."),
                        ("user_reports", "Reports from customers and users."),
                        ("staff_observation", "Things staff notice themselves."),
                        ("intrusion_detection", "Intrusion-detection alerts."),
                        ("threat_intelligence", "External threat information."),
                    ],
                ),
            ),
            "last_exercise": kd("Date the incident plan was last exercised."),
        }),
    )]
}

//! Where the data is and who else touches it: data locations, subprocessors, certifications.

use serde_json::{Value, json};

use super::parts::*;

/// What the data at a location is for.
const PURPOSE: &[(&str, &str)] = &[
    ("primary", "Live (production) data."),
    ("backup", "Backup copies."),
    ("dr", "Disaster-recovery standby copy."),
    ("logs", "Logs."),
    (
        "support_access",
        "Staff elsewhere can access the data (support, operations).",
    ),
    ("processing", "Data is processed there."),
];

/// The definitions of these records, in the schema's order.
pub fn defs() -> Value {
    json!({
        "data_location": obj_required(
            "A place where your data is stored, copied or accessed from.",
            &["id"],
            with_extras(
                json!({
                    "id": id_ref(
                        "A short id for this location, used by `backup.params.locations`.",
                    ),
                    "country": rd(
                        "known_country",
                        "Country where the data is, as a quoted two-letter code (for example \
                         \"DK\"; quote \"NO\"!). S0: \"Hvor ligger virksomhedens data rent fysisk? \
                         … i hvilket land står serverne\".",
                    ),
                    "region": r("region"),
                    "site": text("The site, city or data centre, if known."),
                    "purpose": unique_list(
                        "What the data at this location is for: live data, backups, disaster \
                         recovery, logs, or access from here by support staff.",
                        plain_enum("A purpose for which data is kept or accessed here.", PURPOSE),
                    ),
                    "services": id_list("Ids of the services whose data is here."),
                    "scope": r("control_scope"),
                    "operator": id_ref(
                        "Id of the subprocessor that runs this site, or `vendor` if the vendor \
                         runs it itself.",
                    ),
                    "admin": known_enum(
                        "Who administers the servers here.",
                        &[
                            ("vendor_direct", "The vendor's own staff."),
                            ("subprocessor", "A subprocessor's staff."),
                        ],
                    ),
                    "transfer_mechanism": r("transfer_mechanism"),
                }),
            ),
        ),
        "subprocessor": obj_required(
            "A third party the vendor uses that touches your data, your service or the place it \
             runs (GDPR Article 28(2) and (4)).",
            &["id"],
            with_extras(
                json!({
                    "id": id_ref(
                        "A short id for this subprocessor, used in `performed_by`, `operator` and \
                         `holder`.",
                    ),
                    "name": text(
                        "The subprocessor's name, or `unknown` if the vendor has not named it.",
                    ),
                    "role": known_enum(
                        "What the subprocessor does for the vendor.",
                        &[
                            (
                                "datacenter_facility",
                                "Runs the data-centre building: power, cooling, physical access.",
                            ),
                            (
                                "infrastructure_operations",
                                "Operates the vendor's servers or environment.",
                            ),
                            ("hosting_provider", "Hosts the vendor's servers."),
                            ("cloud_platform", "Public cloud platform."),
                            ("backup_storage", "Stores backup copies."),
                            ("uptime_monitoring", "Monitoring tool or service."),
                            ("email_delivery", "Sends or receives e-mail."),
                            ("support", "Support or operations staff."),
                            ("software_development", "Develops software."),
                            ("other", "Something else; say what in `notes`."),
                        ],
                    ),
                    "country": rd(
                        "known_country",
                        "Country where the subprocessor processes the data, as a quoted two-letter \
                         code.",
                    ),
                    "region": r("region"),
                    "services": id_list("Ids of the services it is involved in."),
                    "data_access": kb(
                        "Whether it can access your data (not just the building or the network).",
                    ),
                    "flow_down": obj(
                        "Whether the vendor's obligations to you are passed on to this \
                         subprocessor (S1: \"om informationen på något sätt delas med en tredje \
                         part\").",
                        json!({
                            "contract": kb("Whether the vendor has a contract with it."),
                            "dpa": kb(
                                "Whether the vendor has a data processing agreement with it (GDPR \
                                 Article 28(4)).",
                            ),
                            "security_requirements": kb(
                                "Whether the vendor's own security requirements are passed on to \
                                 it.",
                            ),
                            "audit_reports": kb(
                                "Whether the vendor gets audit reports from it (ISAE 3402, SOC 2, \
                                 …).",
                            ),
                            "nda": kb("Whether it is bound by a confidentiality agreement."),
                            "notes": r("notes"),
                        }),
                    ),
                    "transfer_mechanism": r("transfer_mechanism"),
                }),
            ),
        ),
        "certification": obj_required(
            "A certificate or independent assurance report about the vendor or one of its \
             subprocessors (S1: \"tillräckliga garantier\"; \"olika former av granskningar\").",
            &["id"],
            with_extras(
                json!({
                    "id": id_ref("A short id for this certificate or report."),
                    "type": plain_enum(
                        "Which certificate or assurance report.",
                        &[
                            ("iso27001", "ISO/IEC 27001 certificate."),
                            ("iso27017", "ISO/IEC 27017 (cloud security)."),
                            ("iso27018", "ISO/IEC 27018 (personal data in public clouds)."),
                            ("iso27701", "ISO/IEC 27701 (privacy)."),
                            ("isae3402", "ISAE 3402 assurance report."),
                            ("isae3000", "ISAE 3000 assurance report (often GDPR)."),
                            ("soc1", "SOC 1 report."),
                            ("soc2", "SOC 2 report."),
                            ("csa_star_l1", "CSA STAR level 1 (self-assessment)."),
                            ("csa_star_l2", "CSA STAR level 2 (third-party audit)."),
                            ("pci_dss", "PCI DSS."),
                            ("other", "Something else; say what in `notes`."),
                        ],
                    ),
                    "holder": id_ref(
                        "Who holds it: `vendor` for the vendor itself, or the id of a subprocessor \
                         (then it covers the subprocessor, not the vendor).",
                    ),
                    "scope": text(
                        "What the certificate or report covers, in its own words (services, sites, \
                         processes).",
                    ),
                    "covers_services": known_list("Ids of your services it covers.", r("id")),
                    "covers_locations": known_list(
                        "Ids of the `data_locations` it covers.",
                        r("id"),
                    ),
                    "issuer": text("The certification body or audit firm."),
                    "certificate_number": text("The certificate or report number."),
                    "valid_from": kd("First day the certificate is valid."),
                    "valid_until": kd(
                        "Last day the certificate is valid (ISO certificates usually run three \
                         years).",
                    ),
                    "report_type": known_enum(
                        "For ISAE 3402 / SOC reports: `type_1` checks the design at one date; \
                         `type_2` also tests that controls worked over a period.",
                        &[
                            ("type_1", "Design at a point in time only."),
                            ("type_2", "Design and operating effectiveness over a period."),
                        ],
                    ),
                    "frequency": known_enum(
                        "How often a new report is issued.",
                        &[
                            ("annually", "Every year."),
                            ("semi_annually", "Every six months."),
                            ("once", "One-off."),
                        ],
                    ),
                    "period_start": kd("First day of the period a type 2 report covers."),
                    "period_end": kd("Last day of the period a type 2 report covers."),
                    "issued_on": kd("Date the report was issued."),
                    "bridge_letter_until": kd(
                        "Date a bridge letter extends the report's coverage to.",
                    ),
                    "available_to_customer": kb("Whether you may read the certificate or report."),
                }),
            ),
        ),
    })
}

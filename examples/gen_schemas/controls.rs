//! The control vocabulary: each control's key, what it is, and the details (`params`) it has.

use serde_json::Value;

use super::parts::known_enum;
use super::{controls_data, controls_ops, controls_org};

/// One control of the vocabulary.
pub struct Control {
    pub key: &'static str,
    /// What the control is; its statement's description adds how to fill one in.
    pub desc: &'static str,
    /// The properties of its `params` (an object), besides `notes`.
    pub params: Value,
}

pub fn control(key: &'static str, desc: &'static str, params: Value) -> Control {
    Control { key, desc, params }
}

/// Every control, in the schema's order.
pub fn all() -> Vec<Control> {
    [
        controls_org::governance(),
        controls_org::people(),
        controls_org::physical(),
        controls_org::identity(),
        controls_ops::operations(),
        controls_ops::network(),
        controls_data::crypto(),
        controls_data::resilience(),
        controls_data::assurance(),
        controls_data::incident(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// How traffic or mail is encrypted.
const ENCRYPTION_MODE: &[(&str, &str)] = &[
    ("always", "Always encrypted; plaintext is not possible."),
    ("default_on", "Encrypted by default; can be switched off."),
    ("opt_in", "Encryption is available but you must choose it."),
    (
        "best_effort",
        "Encrypted where possible (\"hvis det er muligt\").",
    ),
    ("none", "Not encrypted."),
];

pub fn encryption_mode(desc: &str) -> Value {
    known_enum(desc, ENCRYPTION_MODE)
}

/// Whether multi-factor authentication is used.
const MFA: &[(&str, &str)] = &[
    ("enforced", "Required for every login."),
    (
        "available",
        "Offered, but each user may choose not to use it.",
    ),
    ("planned", "Promised or being worked on, not available yet."),
    ("absent", "Not offered."),
];

pub fn mfa(desc: &str) -> Value {
    known_enum(desc, MFA)
}

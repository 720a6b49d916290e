//! Stage 3: validate a loaded value against the declaration JSON Schema. Every schema error
//! becomes a diagnostic addressed by JSON pointer, with a message for a compliance reader and,
//! for a misspelled property or value, a did-you-mean.

use crate::base::{Diagnostic, Severity, Target, pointer_join};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// The declaration schema (draft 2020-12) shipped in the binary.
pub const DECLARATION_SCHEMA: &str = include_str!("../schemas/declaration.v1.schema.json");

/// Diagnostic codes the validator emits.
pub use crate::base::codes::schema as codes;

/// A compiled schema together with its source, which is read for descriptions and
/// did-you-mean candidates.
pub struct SchemaValidator {
    schema: Value,
    validator: Validator,
    /// What the whole document is called in messages ("the declaration").
    root: String,
}

/// The built-in declaration schema, compiled once per process.
pub fn declaration_validator() -> &'static SchemaValidator {
    static V: OnceLock<SchemaValidator> = OnceLock::new();
    V.get_or_init(|| SchemaValidator::embedded(DECLARATION_SCHEMA, "the declaration"))
}

impl SchemaValidator {
    /// Compile a schema shipped in the binary, whose whole document is called `root` in
    /// messages. The generator and `tests/schema_source.rs` keep embedded schemas valid, so a
    /// failure here is a build defect, not an input error.
    pub fn embedded(text: &str, root: &str) -> SchemaValidator {
        let schema: Value = serde_json::from_str(text).expect("embedded schema is JSON");
        SchemaValidator::new(schema)
            .expect("embedded schema compiles")
            .named(root)
    }

    /// Compile a schema. Remote references are never fetched.
    pub fn new(schema: Value) -> Result<SchemaValidator, String> {
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .offline()
            .build(&schema)
            .map_err(|e| e.to_string())?;
        Ok(SchemaValidator {
            schema,
            validator,
            root: "the declaration".to_string(),
        })
    }

    /// Call the whole document `root` in messages (for example "the configuration").
    pub fn named(mut self, root: &str) -> SchemaValidator {
        self.root = root.to_string();
        self
    }

    pub fn schema(&self) -> &Value {
        &self.schema
    }

    pub fn is_valid(&self, value: &Value) -> bool {
        self.validator.is_valid(value)
    }

    /// All schema violations in `value`, as diagnostics addressed by pointer.
    pub fn validate(&self, value: &Value) -> Vec<Diagnostic> {
        if self.validator.is_valid(value) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for error in self.validator.iter_errors(value) {
            self.map_error(&error, &mut out);
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|d| seen.insert((d.pointer.clone(), d.message.clone())));
        out
    }

    fn map_error(&self, error: &ValidationError<'_>, out: &mut Vec<Diagnostic>) {
        let pointer = error.instance_path().as_str().to_string();
        let schema_path = error.schema_path().as_str();
        let instance = error.instance();
        let diag = |code: &str, msg: String| {
            Diagnostic::new(code, Severity::Error, msg).at_pointer(pointer.clone(), Target::Value)
        };
        match error.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let parent = self.node_at(parent_of(schema_path));
                let what = parent.and_then(|p| self.property_description(p, name));
                let mut d = Diagnostic::new(
                    codes::MISSING,
                    Severity::Error,
                    format!(
                        "{} is missing required property `{name}`",
                        describe_place(&pointer, &self.root)
                    ),
                )
                .at_pointer(pointer.clone(), Target::Key);
                d.help = Some(match what {
                    Some(w) => format!("add `{name}`: {w}"),
                    None => format!("add `{name}`"),
                });
                if pointer.is_empty() && (name == "kind" || name == "version") {
                    d.help = Some(
                        "a declaration starts with `kind: vendor-declaration` and `version: 1`; run `vendorlint init` for a template"
                            .to_string(),
                    );
                }
                out.push(d);
            }
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let object_schema = self.node_at(parent_of(schema_path));
                let known: Vec<String> = object_schema
                    .and_then(|s| s.get("properties"))
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                let custom_prefix = object_schema
                    .and_then(|s| s.get("patternProperties"))
                    .and_then(Value::as_object)
                    .and_then(|m| m.keys().find(|k| k.starts_with("^x-")).cloned());
                for name in unexpected {
                    let mut d = Diagnostic::new(
                        codes::UNKNOWN_PROPERTY,
                        Severity::Error,
                        format!(
                            "unknown property `{name}` in {}",
                            describe_place(&pointer, &self.root)
                        ),
                    )
                    .at_pointer(pointer_join(&pointer, name), Target::Key);
                    let mut help = match did_you_mean(name, known.iter().map(String::as_str)) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None if known.is_empty() => "remove it".to_string(),
                        None => format!("known properties here: {}", list(&known, 12)),
                    };
                    if custom_prefix.is_some() {
                        help.push_str("; a custom control's key must start with `x-`");
                    }
                    d.help = Some(help);
                    out.push(d);
                }
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => type_phrase(*t).to_string(),
                    TypeKind::Multiple(set) => {
                        set.iter().map(type_phrase).collect::<Vec<_>>().join(" or ")
                    }
                };
                let mut d = diag(
                    codes::WRONG_TYPE,
                    format!("expected {expected}, found {}", show_value(instance)),
                );
                let wants_string = match kind {
                    TypeKind::Single(t) => *t == JsonType::String,
                    TypeKind::Multiple(set) => set.contains(JsonType::String),
                };
                if wants_string && (instance.is_number() || instance.is_boolean()) {
                    d.help = Some(format!(
                        "write it in quotes, \"{instance}\": unquoted it is read as a {}",
                        if instance.is_number() {
                            "number (a version like 1.10 would even become 1.1)"
                        } else {
                            "boolean"
                        }
                    ));
                } else {
                    d.help = self
                        .node_at(parent_of(schema_path))
                        .and_then(first_sentence_of_description);
                }
                out.push(d);
            }
            ValidationErrorKind::Enum { options } => {
                let opts: Vec<String> = options
                    .as_array()
                    .map(|a| a.iter().map(show_plain).collect())
                    .unwrap_or_default();
                let mut d = diag(
                    codes::NOT_ALLOWED,
                    format!(
                        "{} is not an allowed value; expected one of: {}",
                        show_value(instance),
                        list(&opts, 16)
                    ),
                );
                if let Some(s) = instance
                    .as_str()
                    .and_then(|v| did_you_mean(v, opts.iter().map(String::as_str)))
                {
                    d.help = Some(format!("did you mean `{s}`?"));
                } else {
                    d.help = self
                        .node_at(parent_of(schema_path))
                        .and_then(first_sentence_of_description);
                }
                out.push(d);
            }
            ValidationErrorKind::Constant { expected_value } => {
                out.push(diag(
                    codes::NOT_ALLOWED,
                    format!(
                        "expected `{}`, found {}",
                        show_plain(expected_value),
                        show_value(instance)
                    ),
                ));
            }
            ValidationErrorKind::Pattern { .. }
            | ValidationErrorKind::Format { .. }
            | ValidationErrorKind::MinLength { .. }
            | ValidationErrorKind::MaxLength { .. } => {
                let node = self.node_at(parent_of(schema_path));
                let custom = node
                    .and_then(|n| n.get("x-message"))
                    .and_then(Value::as_str);
                let msg = match (custom, error.kind()) {
                    (Some(m), _) => format!("{} {m}", show_value(instance)),
                    (None, ValidationErrorKind::Format { format }) if format == "date" => {
                        format!(
                            "{} is not a valid date; write it as \"YYYY-MM-DD\"",
                            show_value(instance)
                        )
                    }
                    (None, ValidationErrorKind::Format { format }) => {
                        format!("{} is not a valid {format}", show_value(instance))
                    }
                    (None, ValidationErrorKind::Pattern { pattern }) => {
                        format!(
                            "{} does not have the expected form (`{pattern}`)",
                            show_value(instance)
                        )
                    }
                    (None, ValidationErrorKind::MinLength { limit: 1 }) => {
                        "must not be empty".to_string()
                    }
                    (None, _) => format!("{}: {}", show_value(instance), error.masked()),
                };
                let mut d = diag(codes::BAD_FORMAT, msg);
                d.help = node.and_then(first_sentence_of_description);
                out.push(d);
            }
            ValidationErrorKind::Minimum { limit } => out.push(diag(
                codes::OUT_OF_RANGE,
                format!("{} is below the minimum of {limit}", show_value(instance)),
            )),
            ValidationErrorKind::Maximum { limit } => out.push(diag(
                codes::OUT_OF_RANGE,
                format!("{} is above the maximum of {limit}", show_value(instance)),
            )),
            ValidationErrorKind::ExclusiveMinimum { limit } => out.push(diag(
                codes::OUT_OF_RANGE,
                format!("{} must be greater than {limit}", show_value(instance)),
            )),
            ValidationErrorKind::ExclusiveMaximum { limit } => out.push(diag(
                codes::OUT_OF_RANGE,
                format!("{} must be less than {limit}", show_value(instance)),
            )),
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                self.map_alternatives(error, context, out);
            }
            _ => out.push(diag(codes::OTHER, format!("{}", error.masked()))),
        }
    }

    /// `anyOf`/`oneOf` failed. If one branch matched the value's shape and failed deeper
    /// inside, report that branch's errors; otherwise list what each branch expected.
    fn map_alternatives(
        &self,
        error: &ValidationError<'_>,
        context: &[Vec<ValidationError<'static>>],
        out: &mut Vec<Diagnostic>,
    ) {
        let here = error.instance_path().as_str();
        let deeper = context
            .iter()
            .filter(|branch| {
                !branch.is_empty()
                    && branch
                        .iter()
                        .all(|e| e.instance_path().as_str().len() > here.len())
            })
            .min_by_key(|branch| branch.len());
        if let Some(branch) = deeper {
            for e in branch {
                self.map_error(e, out);
            }
            return;
        }
        let mut expectations: Vec<String> = Vec::new();
        for branch in context {
            for e in branch.iter().filter(|e| e.instance_path().as_str() == here) {
                let phrase = match e.kind() {
                    ValidationErrorKind::Type {
                        kind: TypeKind::Single(t),
                    } => type_phrase(*t).to_string(),
                    ValidationErrorKind::Type {
                        kind: TypeKind::Multiple(set),
                    } => set.iter().map(type_phrase).collect::<Vec<_>>().join(" or "),
                    ValidationErrorKind::Enum { options } => options
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .map(|o| format!("`{}`", show_plain(o)))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        })
                        .unwrap_or_default(),
                    ValidationErrorKind::Constant { expected_value } => {
                        format!("`{}`", show_plain(expected_value))
                    }
                    ValidationErrorKind::Minimum { limit } => {
                        format!("a number of at least {limit}")
                    }
                    ValidationErrorKind::Maximum { limit } => {
                        format!("a number of at most {limit}")
                    }
                    ValidationErrorKind::Format { format } if format == "date" => {
                        "a date \"YYYY-MM-DD\"".to_string()
                    }
                    // A node's `x-message` ("is not an ISO 3166-1 … code") names what it wants.
                    ValidationErrorKind::Pattern { .. } => self
                        .node_at(parent_of(e.schema_path().as_str()))
                        .and_then(|n| n.get("x-message").and_then(Value::as_str))
                        .and_then(|m| m.strip_prefix("is not "))
                        .map_or_else(|| "text of the expected form".to_string(), str::to_string),
                    _ => continue,
                };
                if !phrase.is_empty() && !expectations.contains(&phrase) {
                    expectations.push(phrase);
                }
            }
        }
        let pointer = here.to_string();
        let instance = error.instance();
        let msg = if expectations.is_empty() {
            format!("{} is not valid here", show_value(instance))
        } else {
            format!(
                "expected {}; found {}",
                expectations.join(", or "),
                show_value(instance)
            )
        };
        let mut d = Diagnostic::new(codes::WRONG_TYPE, Severity::Error, msg)
            .at_pointer(pointer, Target::Value);
        if instance.is_number()
            && expectations
                .iter()
                .any(|e| e.contains("text") || e.contains("date"))
        {
            d.help = Some(format!("write it in quotes: \"{instance}\""));
        }
        out.push(d);
    }

    /// The schema node at a canonical schema location (a JSON pointer into the schema).
    fn node_at(&self, location: &str) -> Option<&Value> {
        self.schema.pointer(location)
    }

    /// The description of property `name` of an object schema, following a local `$ref`.
    fn property_description(&self, object_schema: &Value, name: &str) -> Option<String> {
        let prop = object_schema.get("properties")?.get(name)?;
        first_sentence_of_description(prop).or_else(|| {
            let target = prop.get("$ref")?.as_str()?.strip_prefix('#')?;
            first_sentence_of_description(self.schema.pointer(target)?)
        })
    }
}

fn parent_of(location: &str) -> &str {
    location.rfind('/').map_or("", |i| &location[..i])
}

fn first_sentence_of_description(node: &Value) -> Option<String> {
    let d = node.get("description")?.as_str()?;
    Some(crate::base::first_sentence(d).to_string())
}

/// "the declaration", "`contract.dpa`", "`services[2].controls`".
fn describe_place(pointer: &str, root: &str) -> String {
    if pointer.is_empty() {
        return root.to_string();
    }
    let mut s = String::new();
    for token in crate::base::pointer_tokens(pointer) {
        if token.parse::<usize>().is_ok() {
            s.push_str(&format!("[{token}]"));
        } else {
            if !s.is_empty() {
                s.push('.');
            }
            s.push_str(&token);
        }
    }
    format!("`{s}`")
}

fn type_phrase(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "nothing (null)",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "a whole number",
        JsonType::Number => "a number",
        JsonType::String => "text",
        JsonType::Array => "a list",
        JsonType::Object => "a mapping of keys to values",
    }
}

/// A value as a reader would write it, shortened.
fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{}\"", shorten(s, 60)),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a mapping".to_string(),
        Value::Null => "an empty value".to_string(),
        other => format!("`{other}`"),
    }
}

fn show_plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

fn list(items: &[String], max: usize) -> String {
    let shown: Vec<String> = items.iter().take(max).map(|s| format!("`{s}`")).collect();
    if items.len() > max {
        format!("{}, … ({} in all)", shown.join(", "), items.len())
    } else {
        shown.join(", ")
    }
}

/// The closest candidate, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (c, strsim::jaro_winkler(&lower, &c.to_lowercase())))
        .filter(|(_, score)| *score >= 0.82)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn small() -> SchemaValidator {
        SchemaValidator::new(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["kind", "vendor"],
            "additionalProperties": false,
            "properties": {
                "kind": {"const": "vendor-declaration", "description": "Marks the file as a declaration."},
                "vendor": {"$ref": "#/$defs/vendor", "description": "The supplier this declaration is about. More text."},
                "hours": {"$ref": "#/$defs/known_int"}
            },
            "$defs": {
                "vendor": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "description": "Trading name."},
                        "country": {"type": "string", "pattern": "^[A-Z]{2}$", "x-message": "is not an ISO 3166-1 alpha-2 country code such as \"DK\""},
                        "status": {"enum": ["draft", "approved"]},
                        "since": {"type": "string", "format": "date"}
                    }
                },
                "known_int": {"anyOf": [{"type": "integer", "minimum": 0}, {"enum": ["unknown", "not_disclosed"]}]}
            }
        }))
        .unwrap()
    }

    fn check(v: Value) -> Vec<(String, String, String)> {
        small()
            .validate(&v)
            .into_iter()
            .map(|d| (d.rule, d.pointer.unwrap_or_default(), d.message))
            .collect()
    }

    #[test]
    fn messages_and_pointers() {
        let r = small().validate(&json!({"kind": "vendor-declaration", "vendor": {"nmae": "x", "country": "yes", "status": "aproved", "since": "2026-13-45"}, "hours": "many"}));
        let by_code = |c: &str| r.iter().filter(|d| d.rule == c).collect::<Vec<_>>();
        let missing = by_code(codes::MISSING);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].pointer.as_deref(), Some("/vendor"));
        assert_eq!(missing[0].target, Target::Key);
        assert!(
            missing[0]
                .help
                .as_deref()
                .unwrap()
                .contains("Trading name.")
        );
        let unknown = by_code(codes::UNKNOWN_PROPERTY);
        assert_eq!(unknown[0].pointer.as_deref(), Some("/vendor/nmae"));
        assert_eq!(unknown[0].help.as_deref(), Some("did you mean `name`?"));
        let format = by_code(codes::BAD_FORMAT);
        assert_eq!(format.len(), 2, "{format:?}");
        assert!(format.iter().any(|d| d.message.contains("ISO 3166-1")));
        assert!(format.iter().any(|d| d.message.contains("YYYY-MM-DD")));
        let enum_ = by_code(codes::NOT_ALLOWED);
        assert_eq!(enum_[0].help.as_deref(), Some("did you mean `approved`?"));
        let any = by_code(codes::WRONG_TYPE);
        assert_eq!(any[0].pointer.as_deref(), Some("/hours"));
        assert!(
            any[0].message.contains("a whole number") && any[0].message.contains("`unknown`"),
            "{}",
            any[0].message
        );
    }

    #[test]
    fn root_missing_kind_has_template_help() {
        let r = small().validate(&json!({"vendor": {"name": "x"}}));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].pointer.as_deref(), Some(""));
        assert!(r[0].help.as_deref().unwrap().contains("vendorlint init"));
    }

    #[test]
    fn number_where_text_expected_suggests_quotes() {
        let r = check(json!({"kind": "vendor-declaration", "vendor": {"name": 1.2}}));
        assert_eq!(r[0].0, codes::WRONG_TYPE);
        let d =
            &small().validate(&json!({"kind": "vendor-declaration", "vendor": {"name": 1.2}}))[0];
        assert!(d.help.as_deref().unwrap().contains("\"1.2\""));
    }

    #[test]
    fn valid_is_silent() {
        assert!(
            check(
                json!({"kind": "vendor-declaration", "vendor": {"name": "x"}, "hours": "unknown"})
            )
            .is_empty()
        );
        assert!(
            check(json!({"kind": "vendor-declaration", "vendor": {"name": "x"}, "hours": 4}))
                .is_empty()
        );
    }

    #[test]
    fn remote_refs_are_not_fetched() {
        let r = SchemaValidator::new(json!({"$ref": "https://example.com/schema.json"}));
        assert!(r.is_err());
    }

    #[test]
    fn did_you_mean_threshold() {
        assert_eq!(
            did_you_mean("retension_days", ["retention_days", "interval_hours"]),
            Some("retention_days")
        );
        assert_eq!(did_you_mean("zzz", ["retention_days"]), None);
    }
}

//! `vendorlint.toml` read into typed structs. The text is parsed with a span for every node
//! (`toml.rs`), validated against `schemas/config.v1.schema.json` by the same validator as a
//! declaration (so an unknown key gets its position and a did-you-mean), and only then read
//! into the structs below, each value with the span it is written at: the labels of the
//! findings a setting shapes point there.

use super::CONFIG_SCHEMA;
use super::policy::Level;
use super::toml;
use crate::base::codes::config as codes;
use crate::base::{Diagnostic, FileReport, Pos, Severity, Span, Target, pointer_tokens};
use crate::discover::io_message;
use crate::load::{Document, SpanNode};
use crate::validate::SchemaValidator;
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// A value and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A whole configuration file, as written.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    /// Directories of rule packs (`rules = [...]`), relative to the file.
    pub rules: Vec<Spanned<String>>,
    /// The top-level settings.
    pub settings: Settings,
    pub overrides: Vec<OverrideEntry>,
    pub waivers: Vec<WaiverEntry>,
    /// `max_waiver_years`: how long a waiver may run from its decision (WAIVER-004).
    pub max_waiver_years: Option<Spanned<u32>>,
}

/// Settings of one layer: the top level or one `[[overrides]]` entry.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub profile: Option<Spanned<String>>,
    /// Show open questions as diagnostics.
    pub questions: Option<Spanned<bool>>,
    /// The list (spanned at its value), each selector at its own place.
    pub select: Option<Spanned<Vec<Spanned<String>>>>,
    pub ignore: Vec<Spanned<String>>,
    /// A rule selector (spanned at its key) and the level it gets.
    pub severity: Vec<(Spanned<String>, Level)>,
    /// A parameter name (spanned at its key) and its value.
    pub params: Vec<(Spanned<String>, Spanned<Value>)>,
}

/// One `[[overrides]]` entry.
#[derive(Debug, Clone, Default)]
pub struct OverrideEntry {
    pub paths: Vec<Spanned<String>>,
    pub settings: Settings,
}

/// One `[[waivers]]` entry.
#[derive(Debug, Clone)]
pub struct WaiverEntry {
    /// Where the entry is written.
    pub span: Span,
    pub rule: Spanned<String>,
    pub service: Option<String>,
    pub pointer: Option<String>,
    pub reason: String,
    pub approved_by: String,
    pub decided_on: Spanned<String>,
    pub expires: Spanned<String>,
    /// The declarations it is for (globs); `None`: every declaration under the file.
    pub declarations: Option<Vec<Spanned<String>>>,
}

/// A configuration file read and validated, with its text for showing errors.
pub struct Parsed {
    pub file: ConfigFile,
    pub source: Arc<str>,
}

fn config_validator() -> &'static SchemaValidator {
    static V: OnceLock<SchemaValidator> = OnceLock::new();
    V.get_or_init(|| SchemaValidator::embedded(CONFIG_SCHEMA, "the configuration"))
}

/// Read, parse and validate a configuration file. Any problem is a report with positions.
pub fn read(path: &Path) -> Result<Parsed, FileReport> {
    let report = |source: Option<Arc<str>>, diagnostics: Vec<Diagnostic>| FileReport {
        path: path.to_path_buf(),
        source,
        diagnostics,
        questions: Vec::new(),
    };
    let at_top = |message: String| {
        Diagnostic::new(codes::SYNTAX, Severity::Error, message)
            .at_span(Span::point(Pos::new(1, 1)))
    };
    let text = match std::fs::read(path) {
        Ok(b) => String::from_utf8(b).map_err(|_| {
            report(
                None,
                vec![at_top("configuration is not valid UTF-8".into())],
            )
        })?,
        Err(e) => {
            let message = format!("cannot read configuration: {}", io_message(&e));
            return Err(report(None, vec![at_top(message)]));
        }
    };
    let source: Arc<str> = Arc::from(text.as_str());
    let doc =
        toml::parse(&text, codes::SYNTAX).map_err(|d| report(Some(source.clone()), vec![*d]))?;
    let mut problems = config_validator().validate(&doc.value);
    if !problems.is_empty() {
        for d in &mut problems {
            if let Some(p) = &d.pointer {
                d.span = Some(doc.locate(p, d.target));
            }
        }
        problems.sort_by_key(|d| d.span);
        return Err(report(Some(source), cap_problems(problems)));
    }
    Ok(Parsed {
        file: Reader { doc: &doc }.file(),
        source,
    })
}

/// The most problems a broken configuration reports; the rest are counted in one more
/// diagnostic. A file with 300,000 misspelled keys needs fixing at its first few, and the
/// report of each costs time in proportion to the file.
pub const MAX_PROBLEMS: usize = 100;

/// The first `MAX_PROBLEMS` of `problems` (sorted by position), and, if there are more, one
/// more at the first left out that says how many.
pub fn cap_problems(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if problems.len() <= MAX_PROBLEMS {
        return problems;
    }
    let rest = problems.split_off(MAX_PROBLEMS);
    let first = &rest[0];
    let mut more = Diagnostic::new(
        first.rule.clone(),
        Severity::Error,
        format!(
            "{} more problems in this configuration are not listed; the first of them: {}",
            rest.len(),
            first.message
        ),
    );
    more.span = first.span;
    more.help = Some(format!(
        "fix the {MAX_PROBLEMS} listed above and run again to see the rest"
    ));
    problems.push(more);
    problems
}

/// Reads a document the schema has accepted; what the schema allows is all it expects.
struct Reader<'a> {
    doc: &'a Document,
}

impl Reader<'_> {
    fn get(&self, pointer: &str) -> Option<&Value> {
        self.doc.value.pointer(pointer)
    }

    fn string_at(&self, pointer: &str, target: Target) -> Option<Spanned<String>> {
        Some(Spanned {
            value: self.get(pointer)?.as_str()?.to_string(),
            span: self.doc.locate(pointer, target),
        })
    }

    fn string(&self, pointer: &str) -> Option<Spanned<String>> {
        self.string_at(pointer, Target::Value)
    }

    fn text(&self, pointer: &str) -> Option<String> {
        self.get(pointer)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
    }

    fn strings(&self, pointer: &str) -> Vec<Spanned<String>> {
        let n = self
            .get(pointer)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        (0..n)
            .filter_map(|i| self.string(&format!("{pointer}/{i}")))
            .collect()
    }

    /// The value at `pointer` and its span node (a walk of the pointer's few tokens).
    fn node(&self, pointer: &str) -> Option<(&Value, &SpanNode)> {
        let mut at = (&self.doc.value, &self.doc.spans);
        for token in pointer_tokens(pointer) {
            at = match at {
                (Value::Object(map), SpanNode::Map { entries, .. }) => map
                    .iter()
                    .zip(entries)
                    .find(|((k, _), _)| **k == token)
                    .map(|((_, v), (_, n))| (v, n))?,
                (Value::Array(items), SpanNode::Seq { items: spans, .. }) => {
                    let i = token.parse::<usize>().ok()?;
                    (items.get(i)?, spans.get(i)?)
                }
                _ => return None,
            };
        }
        Some(at)
    }

    /// The keys of the table at `pointer` and their values, each spanned. The table's span
    /// entries are walked alongside its keys (they are aligned), so a table of n keys costs
    /// O(n), not n pointer look-ups of O(n) each.
    fn entries(&self, pointer: &str) -> Vec<(Spanned<String>, Spanned<Value>)> {
        let Some((Value::Object(map), SpanNode::Map { entries, .. })) = self.node(pointer) else {
            return Vec::new();
        };
        map.iter()
            .zip(entries)
            .map(|((k, v), (key_span, node))| {
                let key = Spanned {
                    value: k.clone(),
                    span: *key_span,
                };
                let value = Spanned {
                    value: v.clone(),
                    span: node.span(),
                };
                (key, value)
            })
            .collect()
    }

    fn file(&self) -> ConfigFile {
        let count = |p: &str| self.get(p).and_then(Value::as_array).map_or(0, Vec::len);
        ConfigFile {
            rules: self.strings("/rules"),
            settings: self.settings(""),
            overrides: (0..count("/overrides"))
                .map(|i| {
                    let at = format!("/overrides/{i}");
                    OverrideEntry {
                        paths: self.strings(&format!("{at}/paths")),
                        settings: self.settings(&at),
                    }
                })
                .collect(),
            waivers: (0..count("/waivers"))
                .filter_map(|i| self.waiver(&format!("/waivers/{i}")))
                .collect(),
            // The schema holds it to 1..=100.
            max_waiver_years: self
                .get("/max_waiver_years")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .map(|n| Spanned {
                    value: n,
                    span: self.doc.locate("/max_waiver_years", Target::Value),
                }),
        }
    }

    fn settings(&self, at: &str) -> Settings {
        Settings {
            profile: self.string(&format!("{at}/profile")),
            questions: self
                .get(&format!("{at}/questions"))
                .and_then(Value::as_bool)
                .map(|b| Spanned {
                    value: b,
                    span: self.doc.locate(&format!("{at}/questions"), Target::Value),
                }),
            select: self.get(&format!("{at}/select")).map(|_| Spanned {
                value: self.strings(&format!("{at}/select")),
                span: self.doc.locate(&format!("{at}/select"), Target::Value),
            }),
            ignore: self.strings(&format!("{at}/ignore")),
            severity: self
                .entries(&format!("{at}/severity"))
                .into_iter()
                .filter_map(|(k, v)| Some((k, Level::parse(v.value.as_str()?)?)))
                .collect(),
            params: self.entries(&format!("{at}/params")),
        }
    }

    fn waiver(&self, at: &str) -> Option<WaiverEntry> {
        let field = |k: &str| format!("{at}/{k}");
        Some(WaiverEntry {
            span: self.doc.locate(at, Target::Value),
            rule: self.string(&field("rule"))?,
            service: self.text(&field("service")),
            pointer: self.text(&field("pointer")),
            reason: self.text(&field("reason"))?,
            approved_by: self.text(&field("approved_by"))?,
            decided_on: self.string(&field("decided_on"))?,
            expires: self.string(&field("expires"))?,
            declarations: self
                .get(&field("declarations"))
                .map(|_| self.strings(&field("declarations"))),
        })
    }
}

//! Rule packs: YAML files in the rule format (`schemas/rules.v1.schema.json`), loaded through
//! the same loader and validator as declarations, so a broken rule file gets a diagnostic at
//! the exact position, and CEL expressions compiled once.

use crate::base::FileReport;
use crate::base::{Diagnostic, Pos, Severity, Span, Target, pointer_join};
use crate::load::{Format, Limits, load_bytes};
use crate::validate::SchemaValidator;
use cel::{Env, Program};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub const RULES_SCHEMA: &str = include_str!("../../schemas/rules.v1.schema.json");

/// The code of a broken rule pack (reported with exit code 2).
pub use crate::base::codes::PACK_ERROR;
/// The code of a rule pack over a limit (reported with exit code 2).
pub use crate::base::codes::PACK_LIMIT;
use crate::rules::budget::{
    MAX_EXPRESSION_BYTES, MAX_PACK_FILE_BYTES, MAX_RULES_PER_PACK, thousands,
};

/// The CEL environment rules compile in: the standard library plus optional field syntax,
/// its comprehension macros counting against the evaluation budget (`budget::env`).
pub fn cel_env() -> Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| Arc::new(crate::rules::budget::env()))
        .clone()
}

fn rules_validator() -> &'static SchemaValidator {
    static V: OnceLock<SchemaValidator> = OnceLock::new();
    V.get_or_init(|| SchemaValidator::embedded(RULES_SCHEMA, "the rule file"))
}

pub use crate::base::Lang;

/// Text in English with optional Danish and Swedish.
#[derive(Debug, Clone, Default)]
pub struct Localized {
    pub en: String,
    pub da: Option<String>,
    pub sv: Option<String>,
}

impl Localized {
    fn from_value(v: &Value) -> Localized {
        match v {
            Value::String(s) => Localized {
                en: s.clone(),
                ..Localized::default()
            },
            Value::Object(m) => Localized {
                en: m
                    .get("en")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                da: m.get("da").and_then(Value::as_str).map(str::to_string),
                sv: m.get("sv").and_then(Value::as_str).map(str::to_string),
            },
            _ => Localized::default(),
        }
    }
    /// The text in `lang`, or English where there is no translation.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => self.da.as_deref().unwrap_or(&self.en),
            Lang::Sv => self.sv.as_deref().unwrap_or(&self.en),
            Lang::En => &self.en,
        }
    }
}

/// A message template: literal text and `{{ expr }}` holes.
#[derive(Debug)]
pub enum Part {
    Text(String),
    Expr(Program),
}

/// What a rule runs on.
#[derive(Debug)]
pub enum Select {
    Document,
    Services,
    /// Control keys; `*` is every key.
    Controls(Vec<String>),
    Path(serde_json_path::JsonPath, String),
}

/// Where a rule was defined (for `explain` and labels).
#[derive(Debug, Clone)]
pub struct Origin {
    pub path: String,
    pub pointer: String,
    pub span: Span,
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    /// Former ids (the rule was merged, split or renamed): they still select, configure and
    /// waive it, and old baselines still recognise its findings.
    pub aliases: Vec<String>,
    pub domain: String,
    pub title: Localized,
    pub severity: Severity,
    /// Overrides of `severity`, first match wins.
    pub severity_if: Vec<(Program, Severity)>,
    /// The severity by the customer's criticality of the vendor (`None`: off).
    pub by_criticality: Vec<(String, Option<Severity>)>,
    pub rationale: String,
    pub question: Localized,
    pub references: Vec<String>,
    pub traces: Vec<String>,
    pub params: Map<String, Value>,
    /// `params` converted for CEL once.
    pub params_value: cel::Value,
    pub select: Select,
    pub when: Option<Program>,
    /// When true for a finding, the finding is an open question, not a gap.
    pub open_question: Option<Program>,
    /// The fact a finding reports, as text: findings with the same fact are one.
    pub fact: Option<Program>,
    /// Why this rule's unknowns are gaps in their own right (documentation).
    pub unknown_is_gap: Option<String>,
    pub condition: Program,
    pub condition_text: String,
    pub at: String,
    pub message: [Vec<Part>; 3],
    pub message_text: Localized,
    pub suppresses: Vec<String>,
    /// Rules whose open questions this rule's question already asks: on the same subject,
    /// their open questions are dropped (their gaps stand).
    pub asks_for: Vec<String>,
    /// Where the vendor's answers go, relative to the selected node, as `at` is: the fields
    /// the questionnaire asks for. `None`: at `at`; empty: nowhere a cell can hold (the answer
    /// is a document, such as the list of subprocessors).
    pub answers: Option<Vec<String>>,
    /// The rule's source as data (for `rules --format json` and `explain`).
    pub raw: Value,
    pub origin: Origin,
}

impl Rule {
    pub fn message_parts(&self, lang: Lang) -> &[Part] {
        &self.message[lang as usize]
    }
    /// Its id, then its former ids.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether `id` is this rule's id or one of its former ids (any case).
    pub fn is_named(&self, id: &str) -> bool {
        self.names().any(|n| n.eq_ignore_ascii_case(id))
    }

    /// The first sentence of the rationale: why it matters, in one line.
    pub fn why(&self) -> &str {
        crate::base::first_sentence(&self.rationale)
    }
}

/// A set of rules, built-in first, then user packs.
#[derive(Debug, Default)]
pub struct RulePack {
    pub rules: Vec<Rule>,
}

impl RulePack {
    /// The rule with this id or former id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.is_named(id))
    }
}

/// The built-in pack's files, embedded in the binary.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "rules/declaration.yaml",
        include_str!("../../rules/declaration.yaml"),
    ),
    (
        "rules/evidence.yaml",
        include_str!("../../rules/evidence.yaml"),
    ),
    (
        "rules/responsibility.yaml",
        include_str!("../../rules/responsibility.yaml"),
    ),
    (
        "rules/location.yaml",
        include_str!("../../rules/location.yaml"),
    ),
    (
        "rules/subprocessors.yaml",
        include_str!("../../rules/subprocessors.yaml"),
    ),
    ("rules/backup.yaml", include_str!("../../rules/backup.yaml")),
    (
        "rules/continuity.yaml",
        include_str!("../../rules/continuity.yaml"),
    ),
    (
        "rules/encryption.yaml",
        include_str!("../../rules/encryption.yaml"),
    ),
    (
        "rules/identity.yaml",
        include_str!("../../rules/identity.yaml"),
    ),
    (
        "rules/operations.yaml",
        include_str!("../../rules/operations.yaml"),
    ),
    (
        "rules/network.yaml",
        include_str!("../../rules/network.yaml"),
    ),
    (
        "rules/testing.yaml",
        include_str!("../../rules/testing.yaml"),
    ),
    (
        "rules/incident.yaml",
        include_str!("../../rules/incident.yaml"),
    ),
    (
        "rules/privacy.yaml",
        include_str!("../../rules/privacy.yaml"),
    ),
    (
        "rules/assurance.yaml",
        include_str!("../../rules/assurance.yaml"),
    ),
    (
        "rules/contract.yaml",
        include_str!("../../rules/contract.yaml"),
    ),
    ("rules/people.yaml", include_str!("../../rules/people.yaml")),
    (
        "rules/physical.yaml",
        include_str!("../../rules/physical.yaml"),
    ),
];

/// The built-in pack, loaded once. Its tests guarantee it loads.
pub fn builtin() -> Arc<RulePack> {
    static P: OnceLock<Arc<RulePack>> = OnceLock::new();
    P.get_or_init(|| {
        use rayon::prelude::*;
        // Compiling the CEL expressions is most of a short run's start-up: spread the files
        // over the cores (the order of rules stays the files' order).
        let parsed: Vec<_> = BUILTIN_FILES
            .par_iter()
            .map(|(path, text)| (path, parse_pack(path, text.as_bytes())))
            .collect();
        let mut pack = RulePack::default();
        for (path, result) in parsed {
            match result {
                Ok(rules) => pack.rules.extend(rules),
                Err(report) => panic!(
                    "built-in rule pack {path} is broken: {:?}",
                    report.diagnostics
                ),
            }
        }
        Arc::new(pack)
    })
    .clone()
}

/// The built-in pack plus the user packs in `dirs`, in order; or every broken file's report.
pub fn packs_with(dirs: &[PathBuf]) -> Result<Vec<Arc<RulePack>>, Vec<FileReport>> {
    let mut packs = vec![builtin()];
    let mut broken = Vec::new();
    for dir in dirs {
        let taken: Vec<String> = packs
            .iter()
            .flat_map(|p| p.rules.iter().flat_map(|r| r.names().map(str::to_string)))
            .collect();
        let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
        match load_dir(dir, &taken) {
            Ok(rules) => packs.push(Arc::new(RulePack { rules })),
            Err(mut reports) => broken.append(&mut reports),
        }
    }
    if broken.is_empty() {
        Ok(packs)
    } else {
        Err(broken)
    }
}

/// Load a user's pack directory (every `.yaml`/`.yml`/`.json` file in it, sorted) on top of
/// `base`'s ids. Returns the rules, or the broken files' reports.
pub fn load_dir(dir: &Path, taken: &[&str]) -> Result<Vec<Rule>, Vec<FileReport>> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| crate::discover::is_declaration_extension(p))
            .collect(),
        Err(e) => {
            let d = Diagnostic::new(
                PACK_ERROR,
                Severity::Error,
                format!(
                    "cannot read rule directory: {}",
                    crate::discover::io_message(&e)
                ),
            )
            .at_span(Span::point(Pos::new(1, 1)));
            return Err(vec![FileReport {
                path: dir.to_path_buf(),
                source: None,
                diagnostics: vec![d],
                questions: Vec::new(),
            }]);
        }
    };
    files.sort();
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                let d = Diagnostic::new(
                    PACK_ERROR,
                    Severity::Error,
                    format!("cannot read rule file: {}", crate::discover::io_message(&e)),
                )
                .at_span(Span::point(Pos::new(1, 1)));
                errors.push(FileReport {
                    path,
                    source: None,
                    diagnostics: vec![d],
                    questions: Vec::new(),
                });
                continue;
            }
        };
        match parse_pack(&crate::base::display_path(&path), &bytes) {
            Ok(mut new) => {
                let mut dup = Vec::new();
                if let Some(over) = new.get(MAX_RULES_PER_PACK.saturating_sub(rules.len())) {
                    dup.push(
                        Diagnostic::new(
                            PACK_LIMIT,
                            Severity::Error,
                            format!(
                                "rule `{}` is over the limit of {} rules in one rule pack (this directory)",
                                over.id,
                                thousands(MAX_RULES_PER_PACK)
                            ),
                        )
                        .with_help("split the rules over several packs, each named in `rules = [...]`")
                        .at_span(over.origin.span),
                    );
                }
                for r in &new {
                    let name = r.names().find(|n| {
                        taken.iter().any(|t| t.eq_ignore_ascii_case(n))
                            || rules.iter().any(|o| o.is_named(n))
                    });
                    if let Some(name) = name {
                        dup.push(
                            Diagnostic::new(PACK_ERROR, Severity::Error, format!("rule id `{name}` is already defined"))
                                .with_help("pick a new id for your own rule; built-in rules are changed through configuration, not redefined")
                                .at_span(r.origin.span),
                        );
                    }
                }
                if dup.is_empty() {
                    rules.append(&mut new);
                } else {
                    errors.push(FileReport {
                        source: Some(Arc::from(String::from_utf8_lossy(&bytes).as_ref())),
                        path,
                        diagnostics: dup,
                        questions: Vec::new(),
                    });
                }
            }
            Err(mut report) => {
                report.path = path;
                errors.push(report);
            }
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Parse one rule file. Errors come back as a file report with positions.
pub fn parse_pack(path: &str, bytes: &[u8]) -> Result<Vec<Rule>, FileReport> {
    let fail = |diagnostics: Vec<Diagnostic>| FileReport {
        path: PathBuf::from(path),
        source: Some(Arc::from(String::from_utf8_lossy(bytes).as_ref())),
        diagnostics,
        questions: Vec::new(),
    };
    if bytes.len() > MAX_PACK_FILE_BYTES {
        return Err(fail(vec![
            Diagnostic::new(
                PACK_LIMIT,
                Severity::Error,
                format!(
                    "the rule file is {} bytes; a rule file may be at most {} bytes (1 MiB)",
                    thousands(bytes.len()),
                    thousands(MAX_PACK_FILE_BYTES)
                ),
            )
            .with_help("split the rules over several files")
            .at_span(Span::point(Pos::new(1, 1))),
        ]));
    }
    let loaded = load_bytes(
        bytes,
        Format::from_path(Path::new(path)),
        &Limits::default(),
    );
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let Some(doc) = loaded.document else {
        return Err(fail(errors));
    };
    let mut errors = errors;
    for mut d in rules_validator().validate(&doc.value) {
        d.span = Some(doc.locate(d.pointer.as_deref().unwrap_or(""), d.target));
        errors.push(d);
    }
    if !errors.is_empty() {
        return Err(fail(errors));
    }
    let count = doc.value["rules"].as_array().map_or(0, Vec::len);
    if count > MAX_RULES_PER_PACK {
        return Err(fail(vec![
            Diagnostic::new(
                PACK_LIMIT,
                Severity::Error,
                format!(
                    "the rule file has {} rules; a rule file or pack may have at most {}",
                    thousands(count),
                    thousands(MAX_RULES_PER_PACK)
                ),
            )
            .with_help("split the rules over several packs, each named in `rules = [...]`")
            .at_span(doc.locate(&format!("/rules/{MAX_RULES_PER_PACK}"), Target::Key)),
        ]));
    }
    let env = cel_env();
    let mut rules = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    // The schema allows only the three severities; this stays strict should the two part.
    let mut bad_severities = Vec::new();
    for (i, raw) in doc.value["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let base = format!("/rules/{i}");
        let s = |k: &str| {
            raw.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let id = s("id");
        // Its id and former ids: each unique in the file and outside the tool's families.
        let mut names = vec![(id.clone(), pointer_join(&base, "id"))];
        for (j, alias) in raw
            .get("aliases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let alias = alias.as_str().unwrap_or_default().to_string();
            names.push((alias, format!("{base}/aliases/{j}")));
        }
        for (name, at) in &names {
            let span = doc.locate(at, Target::Value);
            if seen.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                errors.push(
                    Diagnostic::new(
                        PACK_ERROR,
                        Severity::Error,
                        format!("rule id `{name}` appears twice in this file"),
                    )
                    .at_span(span),
                );
            }
            if crate::base::codes::is_tool_family(name) {
                errors.push(
                    Diagnostic::new(
                        PACK_ERROR,
                        Severity::Error,
                        format!(
                            "rule id `{name}` is in the family `{}` of vendorlint's own codes",
                            crate::base::codes::family(name)
                        ),
                    )
                    .with_help(
                        "`vendorlint rules` lists the tool's codes; pick another family for your rule",
                    )
                    .at_span(span),
                );
            }
        }
        seen.extend(names.into_iter().map(|(n, _)| n));
        let mut compile = |key: &str, text: &str, pointer: &str| -> Option<Program> {
            let over_limit = |why: String| {
                Diagnostic::new(
                    PACK_LIMIT,
                    Severity::Error,
                    format!("rule `{id}`: `{key}` is too large to evaluate: {why}"),
                )
                .with_help("split the check over several rules, or move data into `params`")
                .at_span(doc.locate(pointer, Target::Value))
            };
            if text.len() > MAX_EXPRESSION_BYTES {
                errors.push(over_limit(format!(
                    "it is {} bytes; an expression may be at most {} bytes",
                    thousands(text.len()),
                    thousands(MAX_EXPRESSION_BYTES)
                )));
                return None;
            }
            match super::budget::compile(&env, text) {
                Ok(Ok(p)) if super::value::whole_use(p.expression(), "service").is_some() => {
                    errors.push(
                        Diagnostic::new(
                            PACK_ERROR,
                            Severity::Error,
                            format!(
                                "rule `{id}`: `{key}` uses `service` as a whole; a rule reads \
                                 its fields (`service.id`, `service.?kind`, `has(service.stores)`)"
                            ),
                        )
                        .with_help(
                            "the engine reuses an evaluation for services whose fields it read \
                             are the same, so it must see every read",
                        )
                        .at_span(doc.locate(pointer, Target::Value)),
                    );
                    None
                }
                Ok(Ok(p)) => Some(p),
                Ok(Err(why)) => {
                    errors.push(over_limit(why));
                    None
                }
                Err(e) => {
                    let span = doc.locate(pointer, Target::Value);
                    let first = e.errors.first();
                    // Single-line expressions: point at the column CEL names.
                    let at = match first {
                        Some(pe) if span.start.line == span.end.line && pe.pos.0 <= 1 => {
                            let quoted = matches!(bytes_at(bytes, span.start), Some(b'"' | b'\''));
                            let col = span.start.column
                                + (pe.pos.1 - 1).max(0) as u32
                                + u32::from(quoted);
                            Span::point(Pos::new(span.start.line, col))
                        }
                        _ => span,
                    };
                    let msg = first.map_or_else(|| e.to_string(), |pe| pe.msg.clone());
                    errors.push(
                        Diagnostic::new(
                            PACK_ERROR,
                            Severity::Error,
                            format!("rule `{id}`: `{key}` is not a valid CEL expression: {msg}"),
                        )
                        .with_help(e.to_string())
                        .at_span(at),
                    );
                    None
                }
            }
        };
        let condition_text = s("condition");
        let condition = compile(
            "condition",
            &condition_text,
            &pointer_join(&base, "condition"),
        );
        let when = raw
            .get("when")
            .and_then(Value::as_str)
            .map(|w| compile("when", w, &pointer_join(&base, "when")));
        let open_question = raw
            .get("open_question")
            .and_then(Value::as_str)
            .map(|q| compile("open_question", q, &pointer_join(&base, "open_question")));
        let fact = raw
            .get("fact")
            .and_then(Value::as_str)
            .map(|f| compile("fact", f, &pointer_join(&base, "fact")));
        let mut severity_at = |v: &Value, pointer: String| {
            v.as_str()
                .unwrap_or_default()
                .parse::<Severity>()
                .unwrap_or_else(|e| {
                    bad_severities.push(
                        Diagnostic::new(PACK_ERROR, Severity::Error, format!("rule `{id}`: {e}"))
                            .at_span(doc.locate(&pointer, Target::Value)),
                    );
                    Severity::Error
                })
        };
        let severity = severity_at(&raw["severity"], pointer_join(&base, "severity"));
        let mut by_criticality = Vec::new();
        for (level, v) in raw
            .get("severity_by_criticality")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let at = pointer_join(&pointer_join(&base, "severity_by_criticality"), level);
            let s = match v.as_str() {
                Some("off") => None,
                _ => Some(severity_at(v, at)),
            };
            by_criticality.push((level.clone(), s));
        }
        let mut severity_if = Vec::new();
        for (j, o) in raw
            .get("severity_if")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let ptr = format!("{base}/severity_if/{j}/when");
            if let Some(p) = compile("severity_if", o["when"].as_str().unwrap_or_default(), &ptr) {
                severity_if.push((
                    p,
                    severity_at(&o["severity"], format!("{base}/severity_if/{j}/severity")),
                ));
            }
        }
        let message_text = Localized::from_value(&raw["message"]);
        let mut message: [Vec<Part>; 3] = Default::default();
        for (slot, lang) in [Lang::En, Lang::Da, Lang::Sv].into_iter().enumerate() {
            let text = message_text.get(lang).to_string();
            let ptr = match &raw["message"] {
                Value::Object(m) if m.contains_key(lang.code()) => {
                    pointer_join(&pointer_join(&base, "message"), lang.code())
                }
                Value::Object(_) => pointer_join(&pointer_join(&base, "message"), "en"),
                _ => pointer_join(&base, "message"),
            };
            message[slot] = template(&text, &mut |expr| compile("message", expr, &ptr));
        }
        let select = match &raw["select"] {
            Value::String(s) if s == "document" => Select::Document,
            Value::String(_) => Select::Services,
            Value::Object(m) if m.contains_key("controls") => Select::Controls(
                m["controls"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            ),
            Value::Object(m) => {
                let text = m["path"].as_str().unwrap_or("$");
                match serde_json_path::JsonPath::parse(text) {
                    Ok(p) => Select::Path(p, text.to_string()),
                    Err(e) => {
                        errors.push(
                            Diagnostic::new(PACK_ERROR, Severity::Error, format!("rule `{id}`: `select.path` is not a valid JSONPath (RFC 9535): {e}"))
                                .at_span(doc.locate(&format!("{base}/select/path"), Target::Value)),
                        );
                        Select::Document
                    }
                }
            }
            _ => Select::Document,
        };
        let (Some(condition), Some(when), Some(open_question), Some(fact)) = (
            condition,
            when.map_or(Some(None), |w| w.map(Some)),
            open_question.map_or(Some(None), |q| q.map(Some)),
            fact.map_or(Some(None), |f| f.map(Some)),
        ) else {
            continue;
        };
        let unknown_is_gap = raw
            .get("unknown_is_gap")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string());
        if open_question.is_some() && unknown_is_gap.is_some() {
            errors.push(
                Diagnostic::new(
                    PACK_ERROR,
                    Severity::Error,
                    format!("rule `{id}` has both `open_question` and `unknown_is_gap`"),
                )
                .with_help("a rule's unknowns are either open questions or gaps: keep one")
                .at_span(doc.locate(&pointer_join(&base, "unknown_is_gap"), Target::Key)),
            );
        }
        let strings = |k: &str| -> Vec<String> {
            raw.get(k)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        };
        rules.push(Rule {
            id: id.clone(),
            aliases: strings("aliases"),
            domain: s("domain"),
            title: Localized::from_value(&raw["title"]),
            severity,
            severity_if,
            by_criticality,
            rationale: s("rationale").trim().to_string(),
            question: Localized::from_value(&raw["question"]),
            references: strings("references"),
            traces: strings("traces"),
            params: raw
                .get("params")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            params_value: super::engine::to_cel(
                raw.get("params").unwrap_or(&Value::Object(Map::new())),
            ),
            select,
            when,
            open_question,
            fact,
            unknown_is_gap,
            condition,
            condition_text,
            at: s("at"),
            message,
            message_text,
            suppresses: strings("suppresses"),
            asks_for: strings("asks_for"),
            answers: raw.get("answers").map(|_| strings("answers")),
            raw: raw.clone(),
            origin: Origin {
                path: path.to_string(),
                pointer: base.clone(),
                span: doc.locate(&pointer_join(&base, "id"), Target::Value),
            },
        });
    }
    errors.extend(bad_severities);
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(fail(errors))
    }
}

/// The byte at a (line, column) position, to see whether a scalar is quoted.
fn bytes_at(bytes: &[u8], pos: Pos) -> Option<u8> {
    let text = std::str::from_utf8(bytes).ok()?;
    let line = text.lines().nth(pos.line as usize - 1)?;
    line.chars()
        .nth(pos.column as usize - 1)
        .map(|c| c as u32 as u8)
}

/// Split `a {{ x }} b` into text and compiled expressions.
fn template(text: &str, compile: &mut dyn FnMut(&str) -> Option<Program>) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}") else {
            break;
        };
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_string()));
        }
        let expr = rest[open + 2..open + close].trim();
        match compile(expr) {
            Some(p) => parts.push(Part::Expr(p)),
            None => parts.push(Part::Text(String::new())),
        }
        rest = &rest[open + close + 2..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    parts
}

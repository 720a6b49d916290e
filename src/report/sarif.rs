//! `--format sarif`: SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers read
//! it. Columns are Unicode code points (`columnKind: unicodeCodePoints`), as vendorlint counts
//! them everywhere.

use crate::base::{
    Diagnostic, FileReport, Kind, LintReport, Pos, RuleInfo, Severity, Span, display_path,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

/// Where rule documentation lives (`helpUri`): docs/RULES.md in the project repository.
pub const RULES_DOC: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/RULES.md");

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A rule's title as a Pascal-case identifier (what SARIF viewers expect of `name`):
/// `No DDoS protection` -> `NoDdosProtection`.
fn rule_name(title: &str) -> String {
    title
        .replace(['\'', '\u{2019}'], "")
        .split(|c: char| !c.is_alphanumeric())
        // A lone letter ("a") would put two capitals side by side.
        .filter(|w| w.chars().count() > 1 || w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            let mut cs = lower.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// A relative path as a URI reference: `/` separators, everything outside RFC 3986's unreserved
/// set percent-encoded (file names may hold `æ`, `ø`, `å` or spaces).
pub fn uri_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri_path(path)) })
    } else {
        json!({ "uri": uri_path(path), "uriBaseId": "SRCROOT" })
    }
}

fn region(span: Option<Span>) -> Value {
    let s = span.unwrap_or(Span::point(Pos::new(1, 1)));
    // SARIF regions are 1-based with an exclusive end column, like ours; an empty span is
    // shown as one character wide so viewers can point at it.
    let end_column = if s.end == s.start {
        s.start.column + 1
    } else {
        s.end.column
    };
    json!({
        "startLine": s.start.line,
        "startColumn": s.start.column,
        "endLine": s.end.line.max(s.start.line),
        "endColumn": end_column.max(1),
    })
}

fn driver_rule(r: &RuleInfo) -> Value {
    let why = crate::base::first_sentence(&r.description);
    let mut help = String::new();
    let mut markdown = String::new();
    if let Some(q) = &r.question {
        help.push_str(&format!("Ask the vendor: {q}\n\n"));
        markdown.push_str(&format!("**Ask the vendor:** {q}\n\n"));
    }
    help.push_str(&r.description);
    markdown.push_str(&r.description);
    if !r.references.is_empty() {
        help.push_str(&format!("\n\nReferences: {}", r.references.join("; ")));
        markdown.push_str("\n\n**References**\n");
        for x in &r.references {
            markdown.push_str(&format!("\n- {x}"));
        }
    }
    let mut rule = json!({
        "id": r.id,
        "name": rule_name(&r.title),
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": if why.ends_with('.') { why.to_string() } else { format!("{why}.") } },
        "help": { "text": help, "markdown": markdown },
        "helpUri": format!("{RULES_DOC}#{}", r.id.to_lowercase()),
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": { "tags": ["vendor-security", "compliance"], "references": r.references },
    });
    if !r.aliases.is_empty() {
        // The ids it had before a merge, split or rename (SARIF 2.1.0 §3.49.4).
        rule["deprecatedIds"] = json!(r.aliases);
    }
    rule
}

fn result(d: &Diagnostic, path: &str, index: Option<usize>) -> Value {
    let mut v = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": { "text": match &d.question {
            Some(q) => format!("{}. Ask the vendor: {q}", d.message),
            None => d.message.clone(),
        } },
        "locations": [{
            "physicalLocation": { "artifactLocation": artifact(path), "region": region(d.span) }
        }],
    });
    if let Some(i) = index {
        v["ruleIndex"] = json!(i);
    }
    if let Some(fp) = &d.fingerprint {
        v["partialFingerprints"] = json!({ "vendorlint/v1": fp });
    }
    // SARIF's own word for "not known yet": an open question is `kind: open`, whose level
    // must then be `none` (SARIF 2.1.0 §3.27.9, §3.27.10); a gap is the default `fail`.
    if d.kind == Kind::Question {
        v["kind"] = json!("open");
        v["level"] = json!("none");
    }
    v["properties"] = json!({ "kind": d.kind.as_str() });
    if let Some(p) = &d.pointer {
        v["properties"]["pointer"] = json!(p);
    }
    let related: Vec<Value> = d
        .labels
        .iter()
        .filter(|l| l.span.is_some())
        .enumerate()
        .map(|(i, l)| {
            let p = l.path.clone().unwrap_or_else(|| path.to_string());
            json!({
                "id": i,
                "message": { "text": l.message },
                "physicalLocation": { "artifactLocation": artifact(&display_path(std::path::Path::new(&p))), "region": region(l.span) },
            })
        })
        .collect();
    if !related.is_empty() {
        v["relatedLocations"] = json!(related);
    }
    if let Some(w) = &d.waived {
        v["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": format!("{} (approved by {} on {}, until {})", w.reason, w.approved_by, w.decided_on, w.expires),
        }]);
    }
    v
}

pub fn render_sarif(report: &LintReport) -> String {
    super::render(report, super::OutputFormat::Sarif, false)
}

/// The report's rules, then one for each rule a diagnostic names that the report does not
/// list (a report built by hand; a run lists every rule it can report).
pub(crate) fn with_unlisted(report: &LintReport) -> Vec<RuleInfo> {
    let mut rules = report.rules.clone();
    for d in report.all().flat_map(|f| &f.diagnostics) {
        if !rules.iter().any(|r| r.id == d.rule) {
            rules.push(RuleInfo {
                id: d.rule.clone(),
                aliases: d.aliases.clone(),
                title: d.rule.clone(),
                severity: d.severity,
                description: d.message.clone(),
                question: None,
                references: Vec::new(),
            });
        }
    }
    rules
}

/// The SARIF log written as files come: everything up to `results` first (the rules are known
/// before any file is checked), each file's results as it arrives, then the rest.
#[derive(Default)]
pub(crate) struct Stream {
    index: HashMap<String, usize>,
    results: usize,
    /// What follows the results array.
    tail: String,
}

/// Where the results array stands in the log (a key: inside strings a quote is escaped).
const RESULTS: &str = "\"results\": []";

impl Stream {
    pub(crate) fn begin(&mut self, rules: &[RuleInfo], out: &mut dyn Write) -> io::Result<()> {
        self.index = HashMap::new();
        for (i, r) in rules.iter().enumerate() {
            self.index.insert(r.id.clone(), i);
        }
        let cwd = std::env::current_dir().ok().map(|p| {
            format!(
                "file://{}/",
                uri_path(&display_path(&p)).trim_end_matches('/')
            )
        });
        let mut run = json!({
            "tool": { "driver": {
                "name": "vendorlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules.iter().map(driver_rule).collect::<Vec<_>>(),
            } },
            "columnKind": "unicodeCodePoints",
            "results": [],
        });
        if let Some(c) = cwd {
            run["originalUriBaseIds"] = json!({ "SRCROOT": { "uri": c } });
        }
        let log = super::json_text(&json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        }));
        let (head, tail) = log.split_once(RESULTS).unwrap_or((&log, ""));
        self.tail = tail.to_string();
        write!(out, "{head}\"results\": [")
    }

    pub(crate) fn file(&mut self, f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let path = display_path(&f.path);
        let mut text = String::new();
        for d in &f.diagnostics {
            let v = result(d, &path, self.index.get(d.rule.as_str()).copied());
            let sep = if self.results == 0 { "\n" } else { ",\n" };
            let indent = "        ";
            text.push_str(&format!(
                "{sep}{indent}{}",
                super::nested_json(&super::json_text(&v), indent)
            ));
            self.results += 1;
        }
        out.write_all(text.as_bytes())
    }

    pub(crate) fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let close = if self.results == 0 { "]" } else { "\n      ]" };
        writeln!(out, "{close}{}", self.tail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(rule_name("No DDoS protection"), "NoDdosProtection");
        assert_eq!(
            rule_name("How the vendor grants its staff's access"),
            "HowTheVendorGrantsItsStaffsAccess"
        );
        assert_eq!(rule_name("Without a signed DPA"), "WithoutSignedDpa");
        assert_eq!(
            uri_path("vendors/københavn it.yaml"),
            "vendors/k%C3%B8benhavn%20it.yaml"
        );
    }
}

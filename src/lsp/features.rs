//! What the server offers on an open document: diagnostics (from `lint_bytes`), hover (the
//! schema's description of the field under the cursor) and completion (property names of the
//! mapping the cursor is in, enum values of the key on its line). Positions cross the edge
//! here: vendorlint counts columns in characters, the protocol in UTF-16 units
//! (`LineIndex::utf16` / `LineIndex::from_utf16`).

use super::schema::{enum_values, pointer_at, properties, resolve, schema_at, schema_at_keys};
use super::uri::path_to_uri;
use crate::base::{Diagnostic, LineIndex, Pos, Severity, Span, pointer_tokens};
use crate::lint::{LintOptions, lint_bytes_until};
use crate::load::{Format, Limits, load_bytes};
use crate::report::sarif::RULES_DOC;
use lsp_types as lsp;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An open document.
#[derive(Clone)]
pub struct Doc {
    pub uri: lsp::Uri,
    /// The path it is linted as (see `uri`).
    pub path: PathBuf,
    pub text: String,
    pub version: Option<i32>,
}

fn position(index: &LineIndex, pos: Pos) -> lsp::Position {
    let (line, character) = index.utf16(pos);
    lsp::Position::new(line, character)
}

fn range(index: &LineIndex, span: Span) -> lsp::Range {
    lsp::Range::new(position(index, span.start), position(index, span.end))
}

/// The diagnostics to publish for a document: none for YAML that is not a declaration (a CI
/// workflow), none for waived findings.
#[cfg(test)]
pub fn diagnostics(doc: &Doc, options: &LintOptions) -> Vec<lsp::Diagnostic> {
    diagnostics_until(doc, options, &|| false).unwrap_or_default()
}

/// `diagnostics`, or `None` when `stop()` turned true before they were ready (a newer
/// version of the document arrived).
pub fn diagnostics_until(
    doc: &Doc,
    options: &LintOptions,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<lsp::Diagnostic>> {
    // lint_bytes reads the configuration afresh: an edited vendorlint.toml applies at once.
    let result = lint_bytes_until(&doc.path, doc.text.as_bytes(), options, stop)?;
    if result
        .parsed_kind
        .as_deref()
        .is_some_and(|k| k != "vendor-declaration")
    {
        return Some(Vec::new());
    }
    let index = LineIndex::new(&doc.text);
    Some(
        result
            .file
            .diagnostics
            .iter()
            .filter(|d| d.waived.is_none())
            .map(|d| to_lsp(d, doc, &index))
            .collect(),
    )
}

fn to_lsp(d: &Diagnostic, doc: &Doc, index: &LineIndex) -> lsp::Diagnostic {
    let range = range(index, d.span.unwrap_or(Span::point(Pos::new(1, 1))));
    let mut related = Vec::new();
    if let Some(q) = &d.question {
        related.push(lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(doc.uri.clone(), range),
            message: format!("Ask the vendor: {q}"),
        });
    }
    for l in &d.labels {
        let Some(span) = l.span else { continue };
        let location = match &l.path {
            None => lsp::Location::new(doc.uri.clone(), self::range(index, span)),
            Some(p) => {
                let Some(uri) = path_to_uri(Path::new(p)) else {
                    continue;
                };
                let text = std::fs::read_to_string(p).unwrap_or_default();
                lsp::Location::new(uri, self::range(&LineIndex::new(&text), span))
            }
        };
        related.push(lsp::DiagnosticRelatedInformation {
            location,
            message: l.message.clone(),
        });
    }
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push('\n');
        message.push_str(h);
    }
    lsp::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.rule.clone())),
        code_description: lsp::Uri::from_str(&format!("{RULES_DOC}#{}", d.rule.to_lowercase()))
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("vendorlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The schema's description of the key or value at `at` (and its allowed values).
pub fn hover(doc: &Doc, at: lsp::Position) -> Option<lsp::Hover> {
    let index = LineIndex::new(&doc.text);
    let pos = index.from_utf16(at.line, at.character);
    let format = Format::from_path(&doc.path);
    let loaded = load_bytes(doc.text.as_bytes(), format, &Limits::default()).document?;
    let (pointer, span) = pointer_at(&loaded.spans, &loaded.value, pos)?;
    let schema = crate::validate::declaration_validator().schema();
    let tokens = pointer_tokens(&pointer);
    let node = resolve(schema, schema_at(schema, schema, &tokens)?);
    let description = node.get("description")?.as_str()?;
    let mut md = format!(
        "**`{}`**\n\n{description}",
        tokens.last().cloned().unwrap_or_default()
    );
    if let Some(values) = enum_values(schema, node) {
        let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        md.push_str(&format!("\n\nOne of: {}", values.join(", ")));
    }
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: md,
        }),
        range: Some(range(&index, span)),
    })
}

/// Property names of the mapping the cursor is in (YAML: by indentation), or the enum values
/// of the key on the cursor's line.
pub fn completion(doc: &Doc, at: lsp::Position) -> lsp::CompletionResponse {
    let line_no = at.line as usize;
    let lines: Vec<&str> = doc.text.lines().collect();
    let line = lines.get(line_no).copied().unwrap_or("");
    let schema = crate::validate::declaration_validator().schema();
    // The path of keys above the cursor, from indentation.
    let indent = line.len() - line.trim_start().len();
    let mut path: Vec<String> = Vec::new();
    let mut want = indent;
    for l in lines[..line_no.min(lines.len())].iter().rev() {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let i = l.len() - t.len();
        let t = t.trim_start_matches("- ");
        if i < want
            && let Some((k, _)) = t.split_once(':')
        {
            path.push(k.trim().trim_matches('"').to_string());
            want = i;
            if i == 0 {
                break;
            }
        }
    }
    path.reverse();
    let trimmed = line.trim_start().trim_start_matches("- ");
    let items: Vec<lsp::CompletionItem> = match trimmed.split_once(':') {
        Some((key, _)) => {
            let mut keys = path;
            keys.push(key.trim().trim_matches('"').to_string());
            schema_at_keys(schema, &keys)
                .and_then(|n| enum_values(schema, n))
                .unwrap_or_default()
                .into_iter()
                .map(|v| lsp::CompletionItem {
                    label: v,
                    kind: Some(lsp::CompletionItemKind::ENUM_MEMBER),
                    ..Default::default()
                })
                .collect()
        }
        // Lists on the way (`services:` then `- id:`) are stepped through by `schema_at_keys`.
        None => schema_at_keys(schema, &path)
            .and_then(|n| properties(schema, n))
            .unwrap_or_default()
            .into_iter()
            .map(|(k, d)| lsp::CompletionItem {
                insert_text: Some(format!("{k}: ")),
                label: k,
                kind: Some(lsp::CompletionItemKind::PROPERTY),
                detail: (!d.is_empty()).then_some(d),
                ..Default::default()
            })
            .collect(),
    };
    lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: false,
        items,
    })
}

/// Applies one change from `didChange`: the whole text, or (from a client that sends ranges
/// although the server asked for full sync) a UTF-16 range replaced.
pub fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent) {
    let Some(r) = change.range else {
        *text = change.text;
        return;
    };
    let index = LineIndex::new(text);
    let offset = |p: lsp::Position| index.offset(index.from_utf16(p.line, p.character));
    let (start, end) = (offset(r.start), offset(r.end));
    let (start, end) = (start.min(end), start.max(end));
    text.replace_range(start..end, &change.text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Doc {
        Doc {
            uri: lsp::Uri::from_str("file:///tmp/v.yaml").unwrap(),
            path: PathBuf::from("/tmp/v.yaml"),
            text: text.into(),
            version: Some(1),
        }
    }

    #[test]
    fn diagnostics_have_utf16_ranges_and_the_rule_as_code() {
        let text = "kind: vendor-declaration\nversion: 1\ndeclaration: {id: x}\nvendor: {name: \"Ø𝔸\", contry: DK}\n";
        let options = LintOptions {
            select: vec!["SCHEMA".into()],
            ..LintOptions::default()
        };
        let d = diagnostics(&doc(text), &options);
        let typo = d
            .iter()
            .find(|d| d.code == Some(lsp::NumberOrString::String("SCHEMA-002".into())))
            .expect("SCHEMA-002");
        // `vendor: {name: "Ø𝔸", ` is 21 characters, 22 UTF-16 units.
        assert_eq!(typo.range.start, lsp::Position::new(3, 22));
        assert_eq!(typo.range.end, lsp::Position::new(3, 28));
        assert_eq!(typo.severity, Some(lsp::DiagnosticSeverity::ERROR));
        assert!(
            typo.code_description
                .as_ref()
                .unwrap()
                .href
                .as_str()
                .ends_with("#schema-002")
        );
        let other = doc("on: push\n");
        assert!(diagnostics(&other, &options).is_empty());
    }

    #[test]
    fn hover_and_completion_read_the_schema() {
        let text = "kind: vendor-declaration\nversion: 1\nvendor:\n  name: \"𝔸\"\n  country: DK\n  provenance: \n";
        let h = hover(&doc(text), lsp::Position::new(4, 3)).unwrap();
        let lsp::HoverContents::Markup(m) = h.contents else {
            panic!()
        };
        assert!(
            m.value.contains("Country where the vendor is established"),
            "{m:?}"
        );
        assert_eq!(h.range.unwrap().start, lsp::Position::new(4, 2));
        assert!(hover(&doc(text), lsp::Position::new(99, 0)).is_none());
        let labels = |r: lsp::CompletionResponse| match r {
            lsp::CompletionResponse::List(l) => {
                l.items.into_iter().map(|i| i.label).collect::<Vec<_>>()
            }
            lsp::CompletionResponse::Array(a) => a.into_iter().map(|i| i.label).collect(),
        };
        let values = labels(completion(&doc(text), lsp::Position::new(5, 14)));
        assert!(values.contains(&"verified".to_string()), "{values:?}");
        let props = labels(completion(&doc("vendor:\n  \n"), lsp::Position::new(1, 2)));
        assert!(props.contains(&"country".to_string()), "{props:?}");
        // Past the end: no panic, nothing or the top level.
        let _ = completion(&doc(""), lsp::Position::new(7, 99));
    }

    #[test]
    fn changes_apply_by_utf16_range() {
        let mut text = "a: ø𝔸x\nb: 1\n".to_string();
        let change = |r: Option<lsp::Range>, t: &str| lsp::TextDocumentContentChangeEvent {
            range: r,
            range_length: None,
            text: t.into(),
        };
        // Replace the `x` after the surrogate pair (UTF-16 units 6..7).
        let r = lsp::Range::new(lsp::Position::new(0, 6), lsp::Position::new(0, 7));
        apply_change(&mut text, change(Some(r), "y"));
        assert_eq!(text, "a: ø𝔸y\nb: 1\n");
        apply_change(&mut text, change(None, "whole"));
        assert_eq!(text, "whole");
    }
}

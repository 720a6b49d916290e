//! The questionnaire as Markdown (CommonMark with GitHub tables), for an e-mail or a pull
//! request: a heading per area, each question with a table of the values asked for and an
//! empty answer column, then why it matters, what is on record and the reference.

use crate::base::printable;
use crate::base::questionnaire::{Answer, Item, Questionnaire, Words, words};
use crate::report::markdown_text as md;
use std::fmt::Write;

/// Inline code: the text in backticks, with a longer fence when it holds backticks itself.
fn code(text: &str) -> String {
    let text = printable(text).replace(['\n', '\t'], " ");
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A field label (`` `webhotel` › backup › separate_site ``): the parts we wrote ourselves are
/// ids and keys, shown as code.
fn label(text: &str) -> String {
    text.split(" › ")
        .map(|part| code(part.trim_matches('`')))
        .collect::<Vec<_>>()
        .join(" › ")
}

fn allowed(answer: &Answer, q: &Questionnaire) -> String {
    match answer.choices(q.lang) {
        Some(values) => values
            .iter()
            .map(|v| code(v))
            .collect::<Vec<_>>()
            .join(", "),
        None => md(&answer.describe(q.lang)),
    }
}

fn item(out: &mut String, q: &Questionnaire, w: &Words, i: &Item) {
    let kind = match i.kind {
        crate::base::Kind::Question => w.open_question,
        crate::base::Kind::Gap => w.gap,
    };
    let _ = writeln!(out, "### {} {}\n", i.number, md(&i.question));
    let _ = writeln!(out, "*{kind} · {}*\n", code(&i.rule));
    if i.fields.is_empty() {
        let _ = writeln!(out, "**{}:** {}\n", w.answer, md(w.in_words));
    } else {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |\n|---|---|---|---|",
            w.field, w.recorded, w.allowed, w.answer
        );
        for f in &i.fields {
            let _ = writeln!(
                out,
                "| {} | {} | {} | |",
                label(&f.label),
                code(&f.recorded),
                allowed(&f.answer, q)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "- **{}:** {}", w.why, md(&i.why));
    let _ = writeln!(out, "- **{}:** {}", w.finding, md(&i.finding));
    if !i.reference.is_empty() {
        let _ = writeln!(out, "- **{}:** {}", w.reference, md(&i.reference));
    }
    out.push('\n');
}

/// The questionnaire as Markdown.
pub fn questionnaire_markdown(q: &Questionnaire) -> String {
    let w = words(q.lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {} {} {}\n", w.title, w.for_vendor, md(&q.vendor));
    let _ = writeln!(
        out,
        "{}: {} · {}: {} · {}: {}\n",
        w.declaration,
        code(&q.declaration),
        w.date,
        q.date,
        w.questionnaire_id,
        code(&q.id.to_string())
    );
    let _ = writeln!(out, "{}\n", w.intro);
    let n = q.items().count();
    let _ = writeln!(out, "{n} {}:\n", w.questions);
    for (k, a) in q.areas.iter().enumerate() {
        let _ = writeln!(out, "{}. {} ({})", k + 1, md(&a.title), a.items.len());
    }
    out.push('\n');
    for (k, a) in q.areas.iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n", k + 1, md(&a.title));
        for i in &a.items {
            item(&mut out, q, w, i);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_start_markup_or_break_a_table() {
        assert_eq!(
            md("a|b <script> *x* [l](u)"),
            "a\\|b \\<script\\> \\*x\\* \\[l\\](u)"
        );
        assert_eq!(md("line\nbreak\u{1b}"), "line break\\\\u{1b}");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(label("`web` › backup › x"), "`web` › `backup` › `x`");
    }
}

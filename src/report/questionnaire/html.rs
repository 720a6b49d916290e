//! The questionnaire as one self-contained HTML page: no request to any other host, styles
//! inline, readable on screen and printed on A4 with a page per area and no question split
//! across pages. English parts (why it matters, our note) are marked `lang="en"` inside a
//! Danish or Swedish page, so screen readers pronounce them right.

use crate::base::questionnaire::{Item, Questionnaire, Words, words};
use crate::report::html_text as h;
use std::fmt::Write;

/// A field label: ids and keys as code.
fn label(text: &str) -> String {
    text.split(" › ")
        .map(|part| format!("<code>{}</code>", h(part.trim_matches('`'))))
        .collect::<Vec<_>>()
        .join(" › ")
}

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --line: #8a8a8a; --gap: #8a1c00; --open: #00446b; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1rem; margin: 0 0 .3rem; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 1rem; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; }
code { font: .92em ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.item { border: 1px solid var(--line); border-radius: 4px; padding: .75rem 1rem; margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
.num { display: inline-block; min-width: 2.5rem; }
.kind { margin: 0 0 .5rem; font-size: .9rem; color: var(--muted); }
.kind .gap { color: var(--gap); font-weight: 600; }
.kind .open { color: var(--open); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .6rem; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #ececec; }
td.answer { width: 30%; height: 2.4rem; background: #fff; }
.notes { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: 0; font-size: .92rem; }
.notes dt { font-weight: 600; }
.notes dd { margin: 0; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  section.area { break-before: page; page-break-before: always; }
  nav { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn item(out: &mut String, q: &Questionnaire, w: &Words, i: &Item) {
    let (class, kind) = match i.kind {
        crate::base::Kind::Question => ("open", w.open_question),
        crate::base::Kind::Gap => ("gap", w.gap),
    };
    let id = format!("q-{}", i.number.replace('.', "-"));
    let _ = writeln!(
        out,
        "<article class=\"item\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\"><span class=\"num\">{}</span> {}</h3>",
        h(&i.number),
        h(&i.question)
    );
    let _ = writeln!(
        out,
        "<p class=\"kind\"><span class=\"{class}\">{}</span> · <code>{}</code></p>",
        h(kind),
        h(&i.rule)
    );
    if i.fields.is_empty() {
        let _ = writeln!(
            out,
            "<table><thead><tr><th scope=\"col\">{}</th></tr></thead><tbody><tr><td class=\"answer\" aria-label=\"{}\">{}</td></tr></tbody></table>",
            h(w.answer),
            h(w.answer),
            h(w.in_words)
        );
    } else {
        let _ = writeln!(
            out,
            "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            h(w.field),
            h(w.recorded),
            h(w.allowed),
            h(w.answer)
        );
        for f in &i.fields {
            let allowed = match f.answer.choices(q.lang) {
                Some(values) => values
                    .iter()
                    .map(|v| format!("<code>{}</code>", h(v)))
                    .collect::<Vec<_>>()
                    .join(", "),
                None => h(&f.answer.describe(q.lang)),
            };
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td><code>{}</code></td><td>{allowed}</td><td class=\"answer\"></td></tr>",
                label(&f.label),
                h(&f.recorded)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(
        out,
        "<dl class=\"notes\">\n<dt>{}</dt><dd lang=\"en\">{}</dd>\n<dt>{}</dt><dd lang=\"en\">{}</dd>",
        h(w.why),
        h(&i.why),
        h(w.finding),
        h(&i.finding)
    );
    if !i.reference.is_empty() {
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            h(w.reference),
            h(&i.reference)
        );
    }
    out.push_str("</dl>\n</article>\n");
}

/// The questionnaire as one self-contained HTML page.
pub fn questionnaire_html(q: &Questionnaire) -> String {
    let w = words(q.lang);
    let title = format!("{} {} {}", w.title, w.for_vendor, q.vendor);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"vendorlint\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>",
        q.lang.code(),
        h(&title),
        h(&title)
    );
    let _ = writeln!(
        out,
        "<dl class=\"meta\">\n<dt>{}</dt><dd><code>{}</code></dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd><code>{}</code></dd>\n</dl>",
        h(w.declaration),
        h(&q.declaration),
        h(w.date),
        h(&q.date),
        h(w.questionnaire_id),
        h(&q.id.to_string())
    );
    let n = q.items().count();
    let _ = writeln!(
        out,
        "<p>{}</p>\n</header>\n<nav aria-label=\"{}\">\n<p>{n} {}:</p>\n<ol>",
        h(w.intro),
        h(w.area),
        h(w.questions)
    );
    for a in &q.areas {
        let _ = writeln!(
            out,
            "<li><a href=\"#area-{}\">{}</a> ({})</li>",
            h(&a.key),
            h(&a.title),
            a.items.len()
        );
    }
    out.push_str("</ol>\n</nav>\n<main>\n");
    for (k, a) in q.areas.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section class=\"area\" id=\"area-{}\" aria-labelledby=\"area-{}-h\">\n<h2 id=\"area-{}-h\">{}. {}</h2>",
            h(&a.key),
            h(&a.key),
            h(&a.key),
            k + 1,
            h(&a.title)
        );
        for i in &a.items {
            item(&mut out, q, w, i);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_controls_shown() {
        assert_eq!(h("<b>&\"x\"\u{1b}"), "&lt;b&gt;&amp;&quot;x&quot;\\u{1b}");
        assert_eq!(
            label("`web` › backup"),
            "<code>web</code> › <code>backup</code>"
        );
    }
}

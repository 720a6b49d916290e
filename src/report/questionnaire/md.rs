//! The questionnaire as Markdown. (Being written.)

use crate::base::questionnaire::Questionnaire;

pub fn questionnaire_markdown(q: &Questionnaire) -> String {
    let mut out = format!("# {}\n", q.vendor);
    for a in &q.areas {
        out.push_str(&format!("\n## {}\n", a.title));
        for i in &a.items {
            out.push_str(&format!("\n{} {} ({})\n", i.number, i.question, i.rule));
            for f in &i.fields {
                out.push_str(&format!(
                    "  - {} [{}] now: {}\n",
                    f.label,
                    f.answer.kind_name(),
                    f.recorded
                ));
            }
        }
    }
    out
}

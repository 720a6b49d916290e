//! The questionnaire as HTML. (Being written.)

use crate::base::questionnaire::Questionnaire;

pub fn questionnaire_html(q: &Questionnaire) -> String {
    format!("<!doctype html><title>{}</title>", q.vendor)
}

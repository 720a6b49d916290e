//! The questionnaire as a workbook. (Being written.)

use crate::base::questionnaire::Questionnaire;

pub fn questionnaire_xlsx(_q: &Questionnaire) -> Result<Vec<u8>, String> {
    Err("not yet".into())
}

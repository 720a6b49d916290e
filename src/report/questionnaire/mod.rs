//! A questionnaire (data, `base::questionnaire`) as Markdown for an e-mail or a pull request,
//! as self-contained HTML that prints on A4, or as a workbook the vendor fills in.

mod html;
mod md;
mod xlsx;

pub use html::questionnaire_html;
pub use md::questionnaire_markdown;
pub use xlsx::questionnaire_xlsx;

/// Formats of `vendorlint questions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QuestionnaireFormat {
    /// Markdown, for an e-mail or a pull request.
    Md,
    /// One self-contained HTML page that prints on A4, a page per area.
    Html,
    /// An Excel workbook (.xlsx) for the vendor to fill in.
    Xlsx,
}

impl QuestionnaireFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            QuestionnaireFormat::Md => "md",
            QuestionnaireFormat::Html => "html",
            QuestionnaireFormat::Xlsx => "xlsx",
        }
    }
}

/// The questionnaire in `format`, as bytes.
pub fn render_questionnaire(
    q: &crate::base::questionnaire::Questionnaire,
    format: QuestionnaireFormat,
) -> Result<Vec<u8>, String> {
    match format {
        QuestionnaireFormat::Md => Ok(questionnaire_markdown(q).into_bytes()),
        QuestionnaireFormat::Html => Ok(questionnaire_html(q).into_bytes()),
        QuestionnaireFormat::Xlsx => questionnaire_xlsx(q),
    }
}

//! The portfolio (data, `base::portfolio`) as one self-contained HTML page, or as Markdown
//! for a pull-request comment.

mod html;
mod md;

pub use html::portfolio_html;
pub use md::{GITHUB_COMMENT_LIMIT, portfolio_markdown};

/// Formats of `vendorlint report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PortfolioFormat {
    /// One self-contained HTML page (works from file://, as a CI artifact, as a static site).
    Html,
    /// Markdown within GitHub's comment size limit, for a pull-request comment.
    Md,
}

/// The portfolio in `format`.
pub fn render_portfolio(p: &crate::base::portfolio::Portfolio, format: PortfolioFormat) -> String {
    match format {
        PortfolioFormat::Html => portfolio_html(p),
        PortfolioFormat::Md => portfolio_markdown(p, GITHUB_COMMENT_LIMIT),
    }
}

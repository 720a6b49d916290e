//! The portfolio as data: every vendor of a repository at a glance. Built by `portfolio` from
//! one run of the pipeline, written as HTML or Markdown by `report`.

use super::diagnostic::Severity;

/// Who provides a control, as the declaration says (a cell of the heatmap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provision {
    /// Ordered from what needs attention most to least: the heatmap shows the first that
    /// occurs among a vendor's controls of an area.
    NotProvided,
    Unknown,
    Customer,
    VendorAddon,
    Shared,
    Vendor,
    /// No control of the area applies (`not_applicable` everywhere).
    NotApplicable,
}

impl Provision {
    pub const ALL: [Provision; 7] = [
        Provision::NotProvided,
        Provision::Unknown,
        Provision::Customer,
        Provision::VendorAddon,
        Provision::Shared,
        Provision::Vendor,
        Provision::NotApplicable,
    ];

    /// From a statement's `responsibility` (and whether a vendor add-on is subscribed).
    pub fn from_responsibility(responsibility: Option<&str>, addon_subscribed: bool) -> Provision {
        match responsibility {
            Some("vendor") => Provision::Vendor,
            Some("vendor_addon") if addon_subscribed => Provision::VendorAddon,
            // An add-on you do not have is not provided to you: you are left with it.
            Some("vendor_addon") => Provision::Customer,
            Some("shared") => Provision::Shared,
            Some("customer") => Provision::Customer,
            Some("not_provided") => Provision::NotProvided,
            Some("not_applicable") => Provision::NotApplicable,
            _ => Provision::Unknown,
        }
    }

    /// The word shown in the cell (never colour alone).
    pub fn label(self) -> &'static str {
        match self {
            Provision::Vendor => "vendor",
            Provision::VendorAddon => "paid add-on",
            Provision::Shared => "shared",
            Provision::Customer => "you",
            Provision::NotProvided => "not provided",
            Provision::Unknown => "unknown",
            Provision::NotApplicable => "n/a",
        }
    }

    /// A short code for CSS classes and data attributes.
    pub fn code(self) -> &'static str {
        match self {
            Provision::Vendor => "vendor",
            Provision::VendorAddon => "addon",
            Provision::Shared => "shared",
            Provision::Customer => "customer",
            Provision::NotProvided => "none",
            Provision::Unknown => "unknown",
            Provision::NotApplicable => "na",
        }
    }

    /// What the label means, for the legend.
    pub fn meaning(self) -> &'static str {
        match self {
            Provision::Vendor => "the vendor provides it",
            Provision::VendorAddon => "the vendor provides it as a paid add-on you have",
            Provision::Shared => "you and the vendor each do part",
            Provision::Customer => "left to you (or an add-on you do not have)",
            Provision::NotProvided => "the vendor says it does not provide it",
            Provision::Unknown => "not stated, or not known",
            Provision::NotApplicable => "does not apply to what you buy",
        }
    }
}

/// Everything in one page.
#[derive(Debug, Clone, Default)]
pub struct Portfolio {
    /// The day it was made (YYYY-MM-DD), from which "due soon" is counted.
    pub date: String,
    /// How far ahead "due soon" looks, in days.
    pub horizon_days: i64,
    /// The heatmap's columns.
    pub areas: Vec<AreaHead>,
    pub vendors: Vec<VendorCard>,
    /// What expires or falls due within the horizon (or is overdue), across all vendors,
    /// soonest first.
    pub due: Vec<Due>,
    /// With a baseline: what is new and what was fixed since.
    pub changes: Option<Changes>,
    /// Files that could not be read as declarations, with why.
    pub broken: Vec<(String, String)>,
    /// The rules findings refer to, for their explanations in the page.
    pub rules: Vec<RuleNote>,
}

#[derive(Debug, Clone)]
pub struct AreaHead {
    pub key: String,
    pub title: String,
    /// The controls of the area (declaration keys).
    pub controls: Vec<String>,
}

/// One vendor's scorecard and heatmap row.
#[derive(Debug, Clone, Default)]
pub struct VendorCard {
    /// The declaration's id (stable anchor).
    pub id: String,
    pub name: String,
    pub path: String,
    /// The customer's criticality of the vendor (`unknown` when not assessed).
    pub criticality: String,
    /// `draft`, `reviewed`, `approved`, or empty.
    pub status: String,
    pub last_reviewed: Option<String>,
    pub review_due: Option<String>,
    /// Gaps by severity: errors, warnings, infos (waived ones not counted).
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub open_questions: usize,
    pub waivers: Vec<WaiverNote>,
    /// Security duties the declaration leaves to you.
    pub duties: Vec<Duty>,
    pub certificates: Vec<Certificate>,
    /// One per area of the heatmap, in its order.
    pub cells: Vec<Cell>,
    pub findings: Vec<FindingNote>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    /// What the cell shows (`Cell::of`).
    pub shown: Provision,
    /// Each control of the area with its provision (worst over the services you use).
    pub controls: Vec<(String, Provision)>,
}

impl Cell {
    /// A cell for an area's controls. What it shows is what a reader must not miss: a control
    /// the vendor does not provide, else one left to you, else the most common of the rest
    /// (the less covered on a tie); not applicable only when all are.
    pub fn of(controls: Vec<(String, Provision)>) -> Cell {
        let applicable: Vec<Provision> = controls
            .iter()
            .map(|(_, p)| *p)
            .filter(|p| *p != Provision::NotApplicable)
            .collect();
        let shown = [Provision::NotProvided, Provision::Customer]
            .into_iter()
            .find(|p| applicable.contains(p))
            .or_else(|| {
                Provision::ALL
                    .iter()
                    .copied()
                    .filter(|p| applicable.contains(p))
                    .max_by_key(|p| {
                        let n = applicable.iter().filter(|x| *x == p).count();
                        // More first; on a tie, the earlier (less covered) one.
                        (n, std::cmp::Reverse(*p))
                    })
            })
            .unwrap_or(Provision::NotApplicable);
        Cell { shown, controls }
    }

    /// The cell's text: its label, and when the area's controls differ, how many of them it
    /// is (`unknown, 5 of 8`).
    pub fn text(&self) -> String {
        let n = self.controls.len();
        let k = self
            .controls
            .iter()
            .filter(|(_, p)| *p == self.shown)
            .count();
        if k == n || self.shown == Provision::NotApplicable {
            self.shown.label().to_string()
        } else {
            format!("{}, {k} of {n}", self.shown.label())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(ps: &[Provision]) -> Cell {
        Cell::of(ps.iter().map(|p| (String::new(), *p)).collect())
    }

    #[test]
    fn a_cell_shows_what_must_not_be_missed_then_the_most_common() {
        use Provision::*;
        assert_eq!(cell(&[Vendor, Vendor]).text(), "vendor");
        assert_eq!(cell(&[Vendor, Unknown, Vendor]).text(), "vendor, 2 of 3");
        assert_eq!(
            cell(&[Vendor, NotProvided, Vendor]).text(),
            "not provided, 1 of 3"
        );
        assert_eq!(cell(&[Vendor, Customer, Unknown]).text(), "you, 1 of 3");
        assert_eq!(
            cell(&[Vendor, Unknown]).shown,
            Unknown,
            "a tie: the less covered"
        );
        assert_eq!(cell(&[NotApplicable, Vendor]).text(), "vendor, 1 of 2");
        assert_eq!(cell(&[NotApplicable]).text(), "n/a");
    }
}

#[derive(Debug, Clone)]
pub struct WaiverNote {
    pub rule: String,
    pub reason: String,
    pub approved_by: String,
    pub expires: String,
}

#[derive(Debug, Clone)]
pub struct Duty {
    pub text: String,
    pub owner: Option<String>,
    pub acknowledged: bool,
}

#[derive(Debug, Clone)]
pub struct Certificate {
    /// `ISO/IEC 27001`, `ISAE 3402 type 2`, ...
    pub name: String,
    /// The date it stops being valid (a certificate's `valid_until`, a report's period end
    /// plus a year or its bridge letter), if known.
    pub valid_until: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FindingNote {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub line: u32,
    /// Covered by a waiver.
    pub waived: bool,
}

/// Something that expires or falls due.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Due {
    pub date: String,
    /// Days from the portfolio's date (negative: overdue).
    pub days: i64,
    pub vendor: String,
    pub vendor_id: String,
    /// What: "review due", "ISO/IEC 27001 certificate expires", "waiver of BAK-001 expires".
    pub what: String,
}

/// What changed since a baseline.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub new: Vec<Change>,
    pub fixed: Vec<Change>,
}

#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub rule: String,
    pub message: String,
}

/// A rule a finding refers to: its explanation in the page.
#[derive(Debug, Clone)]
pub struct RuleNote {
    pub id: String,
    pub title: String,
    pub why: String,
    pub question: String,
}

//! The portfolio as Markdown, for a pull-request comment: the same content as the page, within
//! GitHub's comment size limit. What does not fit is left out in order (scorecards from the
//! least troubled vendor up, then heatmap rows), and the comment says what it left out.

use crate::base::portfolio::{Portfolio, VendorCard};
use crate::report::markdown_text as md;
use std::fmt::Write;

/// GitHub refuses a comment longer than 65,536 characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

fn heatmap_row(v: &VendorCard) -> String {
    let mut row = format!(
        "| {} | {} | {} | {} | {} |",
        md(&v.name),
        md(&v.criticality),
        v.errors,
        v.warnings,
        v.open_questions
    );
    for c in &v.cells {
        let _ = write!(row, " {} |", c.text());
    }
    row.push('\n');
    row
}

fn scorecard(p: &Portfolio, v: &VendorCard) -> String {
    let mut out = format!(
        "### {}\n\n{} errors · {} warnings · {} infos · {} open questions · criticality {} · review due {}\n\n",
        md(&v.name),
        v.errors,
        v.warnings,
        v.infos,
        v.open_questions,
        md(&v.criticality),
        v.review_due.as_deref().map_or("not set".to_string(), md)
    );
    let left: Vec<String> = p
        .areas
        .iter()
        .zip(&v.cells)
        .flat_map(|(_, c)| &c.controls)
        .filter(|(_, pr)| {
            matches!(
                pr,
                crate::base::portfolio::Provision::NotProvided
                    | crate::base::portfolio::Provision::Unknown
                    | crate::base::portfolio::Provision::Customer
            )
        })
        .map(|(k, pr)| format!("{} ({})", md(k), pr.label()))
        .collect();
    if !left.is_empty() {
        let _ = writeln!(out, "- Not provided by the vendor: {}", left.join(", "));
    }
    for w in &v.waivers {
        let _ = writeln!(
            out,
            "- Waiver of {} until {}: {} ({})",
            md(&w.rule),
            md(&w.expires),
            md(&w.reason),
            md(&w.approved_by)
        );
    }
    for d in &v.duties {
        let _ = writeln!(
            out,
            "- Duty left to you: {} ({})",
            md(&d.text),
            match (&d.owner, d.acknowledged) {
                (Some(o), true) => format!("owner {}, accepted", md(o)),
                (Some(o), false) => format!("owner {}, not yet accepted", md(o)),
                (None, _) => "no owner".to_string(),
            }
        );
    }
    for c in &v.certificates {
        let _ = writeln!(
            out,
            "- {} valid until {}",
            md(&c.name),
            c.valid_until
                .as_deref()
                .map_or("not stated".to_string(), md)
        );
    }
    for f in v.findings.iter().filter(|f| !f.waived) {
        let _ = writeln!(
            out,
            "- **{}** `{}` line {}: {}",
            f.severity,
            f.rule,
            f.line,
            md(&f.message)
        );
    }
    out.push('\n');
    out
}

/// The portfolio as Markdown of at most `limit` characters.
pub fn portfolio_markdown(p: &Portfolio, limit: usize) -> String {
    let (e, w, q) = p.vendors.iter().fold((0, 0, 0), |(e, w, q), v| {
        (e + v.errors, w + v.warnings, q + v.open_questions)
    });
    let mut head = format!(
        "# Vendor portfolio, {}\n\n{} vendors · {e} errors · {w} warnings · {q} open questions · {} due within {} days\n\n",
        md(&p.date),
        p.vendors.len(),
        p.due.len(),
        p.horizon_days
    );
    for (path, why) in &p.broken {
        let _ = writeln!(head, "- Could not read `{}`: {}", md(path), md(why));
    }
    if !p.broken.is_empty() {
        head.push('\n');
    }
    let mut table = String::from(
        "## Who provides each control area\n\n| Vendor | Criticality | Errors | Warnings | Open questions |",
    );
    for a in &p.areas {
        let _ = write!(table, " {} |", md(&a.title));
    }
    table.push_str("\n|---|---|--:|--:|--:|");
    for _ in &p.areas {
        table.push_str("---|");
    }
    table.push('\n');
    let rows: Vec<String> = p.vendors.iter().map(heatmap_row).collect();
    let mut due = format!("\n## Due in the next {} days\n\n", p.horizon_days);
    if p.due.is_empty() {
        due.push_str("Nothing expires or falls due.\n");
    } else {
        due.push_str("| Date | In | Vendor | What |\n|---|--:|---|---|\n");
        for d in &p.due {
            let when = if d.days < 0 {
                format!("**{} days overdue**", -d.days)
            } else {
                format!("{} days", d.days)
            };
            let _ = writeln!(
                due,
                "| {} | {when} | {} | {} |",
                md(&d.date),
                md(&d.vendor),
                md(&d.what)
            );
        }
    }
    let mut changes = String::new();
    if let Some(c) = &p.changes {
        let _ = writeln!(
            changes,
            "\n## Since the baseline: {} new, {} fixed\n",
            c.new.len(),
            c.fixed.len()
        );
        for (mark, list) in [("new", &c.new), ("fixed", &c.fixed)] {
            for x in list.iter() {
                let _ = writeln!(
                    changes,
                    "- {mark}: `{}` {}: {}",
                    md(&x.path),
                    md(&x.rule),
                    md(&x.message)
                );
            }
        }
    }
    let cards: Vec<String> = p.vendors.iter().map(|v| scorecard(p, v)).collect();
    // Assemble within the limit: the head, the heatmap and what falls due come first; then
    // the scorecards in the page's order (most troubled first).
    let note_room = 400;
    let budget = limit.saturating_sub(note_room);
    let mut out = head;
    let fixed_len = out.len() + table.len() + due.len() + changes.len();
    let mut rows_kept = 0;
    let mut body_len = fixed_len;
    for r in &rows {
        if body_len + r.len() > budget {
            break;
        }
        body_len += r.len();
        rows_kept += 1;
    }
    out.push_str(&table);
    for r in &rows[..rows_kept] {
        out.push_str(r);
    }
    // What falls due and what changed are cut by lines if even they do not fit.
    let mut tail = due + &changes;
    if body_len + tail.len() > budget {
        let room = budget.saturating_sub(body_len);
        let cut = tail[..room.min(tail.len())].rfind('\n').unwrap_or(0);
        tail.truncate(cut + 1);
    }
    body_len += tail.len();
    out.push_str(&tail);
    out.push_str("\n## Scorecards\n\n");
    body_len += 16;
    let mut cards_kept = 0;
    for c in &cards {
        if body_len + c.len() > budget {
            break;
        }
        body_len += c.len();
        cards_kept += 1;
        out.push_str(c);
    }
    let mut left_out = Vec::new();
    if rows_kept < rows.len() {
        left_out.push(format!(
            "{} of {} heatmap rows",
            rows.len() - rows_kept,
            rows.len()
        ));
    }
    if cards_kept < cards.len() {
        left_out.push(format!(
            "the scorecards of {} of {} vendors",
            cards.len() - cards_kept,
            cards.len()
        ));
    }
    if !left_out.is_empty() {
        let _ = writeln!(
            out,
            "\n> Left out to stay within GitHub's comment size limit: {}. The HTML report (`vendorlint report --format html`) has everything.",
            left_out.join(" and ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::portfolio::{AreaHead, Cell, Provision};

    fn portfolio(n: usize) -> Portfolio {
        let area = AreaHead {
            key: "backup".into(),
            title: "Backup".into(),
            controls: vec!["backup".into()],
        };
        let vendors = (0..n)
            .map(|i| VendorCard {
                id: format!("v{i}"),
                name: format!("Vendor {i} | <b>"),
                criticality: "high".into(),
                errors: i % 3,
                cells: vec![Cell {
                    shown: Provision::Unknown,
                    controls: vec![("backup".into(), Provision::Unknown)],
                }],
                findings: (0..10)
                    .map(|k| crate::base::portfolio::FindingNote {
                        rule: "BAK-001".into(),
                        severity: crate::base::Severity::Warning,
                        message: format!("finding {k} of a rather long message, as they are"),
                        line: k,
                        waived: false,
                    })
                    .collect(),
                ..VendorCard::default()
            })
            .collect();
        Portfolio {
            date: "2026-12-01".into(),
            horizon_days: 90,
            areas: vec![area],
            vendors,
            ..Portfolio::default()
        }
    }

    #[test]
    fn a_large_portfolio_stays_within_the_limit_and_says_what_it_left_out() {
        let small = portfolio_markdown(&portfolio(3), GITHUB_COMMENT_LIMIT);
        assert!(!small.contains("Left out"), "{small}");
        assert_eq!(small.matches("\n### ").count(), 3);
        let big = portfolio_markdown(&portfolio(2_000), GITHUB_COMMENT_LIMIT);
        assert!(big.len() <= GITHUB_COMMENT_LIMIT, "{}", big.len());
        assert!(
            big.contains("Left out to stay within GitHub's comment size limit: ")
                && big.contains("of 2000 heatmap rows")
                && big.contains("the scorecards of "),
            "{}",
            &big[big.len() - 400..]
        );
        // Cells cannot break the table.
        assert!(big.contains("| Vendor 0 \\| \\<b\\> |"));
    }
}

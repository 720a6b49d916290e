//! The portfolio as one self-contained HTML page: no request to any other host, style and
//! script inline, so it works from `file://`, as a CI artifact and as a static site. The page
//! is complete without its script; the script adds sorting, filtering, paging of long
//! heatmaps, and opens every scorecard before printing.

use crate::base::Severity;
use crate::base::portfolio::{Portfolio, Provision, VendorCard};
use crate::report::html_text as h;
use std::fmt::Write;

/// An id usable in `id=` and `#` links: ids are `[a-z0-9_-]`, anything else is encoded.
fn anchor(prefix: &str, id: &str) -> String {
    let mut out = String::from(prefix);
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let _ = write!(out, ".{:x}", c as u32);
        }
    }
    out
}

/// The cell styles: background, text colour and a pattern, so that no cell is told apart by
/// colour alone (every cell also carries its label). Each pair has a contrast of at least
/// 4.5:1 (the browser test measures it).
const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4d4d4d; --line: #8c8c8c; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 90rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 0; display: inline; }
.lede { color: var(--muted); margin: 0 0 1rem; }
.summary { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: 4px; padding: .4rem .8rem; }
.summary strong { font-size: 1.3rem; display: block; }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #e9e9e9; position: sticky; top: 0; }
.scroll { overflow-x: auto; }
.heatmap td { text-align: center; white-space: nowrap; min-width: 6.5rem; font-weight: 600; }
.heatmap th[scope=row] { white-space: nowrap; }
.heatmap .num { text-align: right; font-weight: 400; }
.p-vendor { background: #1d5e2a; color: #ffffff; }
.p-shared { background: #cfe3f6; color: #0c3762; background-image: repeating-linear-gradient(90deg, rgba(12,55,98,.10) 0 2px, transparent 2px 8px); }
.p-addon { background: #fff1c2; color: #4f3a00; background-image: repeating-linear-gradient(45deg, rgba(79,58,0,.10) 0 2px, transparent 2px 8px); }
.p-customer { background: #e6dcf4; color: #3b1a69; background-image: radial-gradient(rgba(59,26,105,.16) 1px, transparent 1.5px); background-size: 7px 7px; }
.p-none { background: #8f1a12; color: #ffffff; background-image: repeating-linear-gradient(-45deg, rgba(255,255,255,.14) 0 3px, transparent 3px 9px); }
.p-unknown { background: #ededed; color: #333333; background-image: repeating-linear-gradient(135deg, rgba(0,0,0,.07) 0 2px, transparent 2px 6px); }
.p-na { background: #ffffff; color: #4d4d4d; }
.legend { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; }
.legend li { border: 1px solid var(--line); padding: .2rem .5rem; border-radius: 3px; }
.sev-error { color: #9b1c10; font-weight: 700; }
.sev-warning { color: #6b4600; font-weight: 700; }
.sev-info { color: #0b4a6f; }
.card { border: 1px solid var(--line); border-radius: 5px; margin: .8rem 0; padding: .5rem .9rem; break-inside: avoid; }
.card > summary { cursor: pointer; padding: .2rem 0; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
.card dt { font-weight: 600; }
.card dd { margin: 0; }
.findings li { margin: .15rem 0; }
.overdue { color: #9b1c10; font-weight: 700; }
.controls { margin: .6rem 0; display: flex; flex-wrap: wrap; gap: .8rem; align-items: center; }
.controls[hidden] { display: none; }
.pager button { margin: 0 .15rem; }
code { font: .92em ui-monospace, Menlo, Consolas, monospace; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  .controls, .pager { display: none !important; }
  tr[hidden] { display: table-row !important; }
  section.vendors, section.rules { break-before: page; }
  thead th { position: static; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Sorting and filtering of the heatmap, paging when it is long, and every scorecard open
/// before printing. The page is complete without it.
const SCRIPT: &str = r#"
(function () {
  var table = document.getElementById('heatmap');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var controls = document.getElementById('heatmap-controls');
  controls.hidden = false;
  var filter = document.getElementById('filter');
  var crit = document.getElementById('criticality');
  var pager = document.getElementById('pager');
  var pageSize = 100, page = 0;
  function visible() {
    var q = filter.value.trim().toLowerCase(), c = crit.value;
    return rows.filter(function (r) {
      return (!q || r.getAttribute('data-name').indexOf(q) >= 0) &&
             (!c || r.getAttribute('data-criticality') === c);
    });
  }
  function render() {
    var shown = visible();
    var pages = Math.max(1, Math.ceil(shown.length / pageSize));
    if (page >= pages) page = pages - 1;
    rows.forEach(function (r) { r.hidden = true; });
    shown.slice(page * pageSize, (page + 1) * pageSize).forEach(function (r) { r.hidden = false; });
    pager.textContent = '';
    document.getElementById('shown').textContent = shown.length + ' of ' + rows.length + ' vendors';
    if (pages > 1) {
      for (var i = 0; i < pages; i++) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = String(i + 1);
        b.setAttribute('aria-label', 'page ' + (i + 1));
        if (i === page) b.setAttribute('aria-current', 'page');
        b.addEventListener('click', (function (n) { return function () { page = n; render(); }; })(i));
        pager.appendChild(b);
      }
    }
  }
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'sort';
    b.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(b);
    b.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(heads, function (x) { x.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-sort'), y = b.cells[col].getAttribute('data-sort');
        var nx = parseFloat(x), ny = parseFloat(y);
        var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y));
        return r * dir;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      render();
    });
  });
  filter.addEventListener('input', function () { page = 0; render(); });
  crit.addEventListener('change', function () { page = 0; render(); });
  window.addEventListener('beforeprint', function () {
    rows.forEach(function (r) { r.hidden = false; });
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', render);
  render();
})();
"#;

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// How a provision sorts in the heatmap (worst first).
fn provision_rank(p: Provision) -> usize {
    Provision::ALL.iter().position(|x| *x == p).unwrap_or(0)
}

fn heatmap(out: &mut String, p: &Portfolio) {
    out.push_str("<section class=\"heatmap-section\" aria-labelledby=\"h-heatmap\">\n<h2 id=\"h-heatmap\">Who provides each control area</h2>\n");
    out.push_str("<p class=\"lede\">Each cell shows who provides the area's controls for the services you use: a control the vendor does not provide, or leaves to you, comes first; otherwise the most common answer, with how many of the area's controls it is. The scorecards list every control.</p>\n<ul class=\"legend\" aria-label=\"Legend\">\n");
    for pr in Provision::ALL {
        let _ = writeln!(
            out,
            "<li class=\"p-{}\"><strong>{}</strong>: {}</li>",
            pr.code(),
            h(pr.label()),
            h(pr.meaning())
        );
    }
    out.push_str("</ul>\n");
    let _ = writeln!(
        out,
        "<div class=\"controls\" id=\"heatmap-controls\" hidden>\n<label>Filter vendors <input id=\"filter\" type=\"search\" autocomplete=\"off\"></label>\n<label>Criticality <select id=\"criticality\"><option value=\"\">all</option>{}</select></label>\n<span id=\"shown\" aria-live=\"polite\"></span>\n<span class=\"pager\" id=\"pager\"></span>\n</div>",
        ["critical", "high", "medium", "low", "unknown"]
            .iter()
            .map(|c| format!("<option>{c}</option>"))
            .collect::<String>()
    );
    out.push_str("<div class=\"scroll\">\n<table class=\"heatmap\" id=\"heatmap\">\n<caption>Vendors by control area, with their gaps and open questions</caption>\n<thead><tr><th scope=\"col\">Vendor</th><th scope=\"col\">Criticality</th><th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th><th scope=\"col\">Open questions</th>");
    for a in &p.areas {
        let _ = write!(out, "<th scope=\"col\">{}</th>", h(&a.title));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for v in &p.vendors {
        let crit_rank = ["critical", "high", "medium", "low"]
            .iter()
            .position(|c| *c == v.criticality)
            .unwrap_or(4);
        let _ = write!(
            out,
            "<tr data-name=\"{}\" data-criticality=\"{}\"><th scope=\"row\" data-sort=\"{}\"><a href=\"#{}\">{}</a></th><td class=\"num\" data-sort=\"{crit_rank}\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td>",
            h(&v.name.to_lowercase()),
            h(&v.criticality),
            h(&v.name.to_lowercase()),
            anchor("vendor-", &v.id),
            h(&v.name),
            h(&v.criticality),
            v.errors,
            v.errors,
            v.warnings,
            v.warnings,
            v.open_questions,
            v.open_questions
        );
        for (a, c) in p.areas.iter().zip(&v.cells) {
            let detail = c
                .controls
                .iter()
                .map(|(k, pr)| format!("{k}: {}", pr.label()))
                .collect::<Vec<_>>()
                .join("; ");
            let _ = write!(
                out,
                "<td class=\"p-{}\" data-provision=\"{}\" data-sort=\"{}\" title=\"{}\" aria-label=\"{}, {}: {}\">{}</td>",
                c.shown.code(),
                c.shown.code(),
                provision_rank(c.shown),
                h(&detail),
                h(&v.name),
                h(&a.title),
                h(&c.text()),
                h(&c.text())
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

fn due(out: &mut String, p: &Portfolio) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"h-due\">\n<h2 id=\"h-due\">Due in the next {} days</h2>",
        p.horizon_days
    );
    if p.due.is_empty() {
        out.push_str("<p>Nothing expires or falls due.</p>\n</section>\n");
        return;
    }
    out.push_str("<table>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">In</th><th scope=\"col\">Vendor</th><th scope=\"col\">What</th></tr></thead>\n<tbody>\n");
    for d in &p.due {
        let when = if d.days < 0 {
            format!("<span class=\"overdue\">{} days overdue</span>", -d.days)
        } else if d.days == 0 {
            "today".to_string()
        } else {
            format!("{} days", d.days)
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{when}</td><td><a href=\"#{}\">{}</a></td><td>{}</td></tr>",
            h(&d.date),
            anchor("vendor-", &d.vendor_id),
            h(&d.vendor),
            h(&d.what)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn changes(out: &mut String, p: &Portfolio) {
    let Some(c) = &p.changes else { return };
    out.push_str(
        "<section aria-labelledby=\"h-changes\">\n<h2 id=\"h-changes\">Since the baseline</h2>\n",
    );
    for (title, list) in [("New", &c.new), ("Fixed", &c.fixed)] {
        let _ = writeln!(out, "<h3>{title} ({})</h3>", list.len());
        if list.is_empty() {
            out.push_str("<p>None.</p>\n");
            continue;
        }
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Declaration</th><th scope=\"col\">Rule</th><th scope=\"col\">Finding</th></tr></thead>\n<tbody>\n");
        for x in list.iter() {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td><a href=\"#{}\">{}</a></td><td>{}</td></tr>",
                h(&x.path),
                anchor("rule-", &x.rule),
                h(&x.rule),
                h(&x.message)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn scorecard(out: &mut String, p: &Portfolio, v: &VendorCard, open: bool) {
    let _ = writeln!(
        out,
        "<details class=\"card\" id=\"{}\"{}>\n<summary><h3>{}</h3> · <span class=\"sev-error\">{} errors</span> · <span class=\"sev-warning\">{} warnings</span> · {} infos · {} open questions</summary>",
        anchor("vendor-", &v.id),
        if open { " open" } else { "" },
        h(&v.name),
        v.errors,
        v.warnings,
        v.infos,
        v.open_questions
    );
    let today = crate::base::dates::parse_date(&p.date).unwrap_or(0);
    let date_note = |d: &Option<String>| match d {
        None => "not set".to_string(),
        Some(d) => match crate::base::dates::parse_date(d) {
            Some(x) if x < today => format!("{} <span class=\"overdue\">(overdue)</span>", h(d)),
            _ => h(d),
        },
    };
    let _ = writeln!(
        out,
        "<dl>\n<dt>Declaration</dt><dd><code>{}</code></dd>\n<dt>Criticality</dt><dd>{}</dd>\n<dt>Status</dt><dd>{}</dd>\n<dt>Last reviewed</dt><dd>{}</dd>\n<dt>Review due</dt><dd>{}</dd>\n</dl>",
        h(&v.path),
        h(&v.criticality),
        if v.status.is_empty() {
            "not set".to_string()
        } else {
            h(&v.status)
        },
        v.last_reviewed.as_deref().map_or("not set".to_string(), h),
        date_note(&v.review_due)
    );
    out.push_str("<h4>Controls</h4>\n<table>\n<thead><tr><th scope=\"col\">Area</th><th scope=\"col\">Control</th><th scope=\"col\">Provided by</th></tr></thead>\n<tbody>\n");
    for (a, c) in p.areas.iter().zip(&v.cells) {
        for (i, (key, pr)) in c.controls.iter().enumerate() {
            let area = if i == 0 {
                format!(
                    "<th scope=\"rowgroup\" rowspan=\"{}\">{}</th>",
                    c.controls.len(),
                    h(&a.title)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<tr>{area}<td><code>{}</code></td><td class=\"p-{}\">{}</td></tr>",
                h(key),
                pr.code(),
                h(pr.label())
            );
        }
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(out, "<h4>Waivers ({})</h4>", v.waivers.len());
    if v.waivers.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Expires</th><th scope=\"col\">Approved by</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n");
        for w in &v.waivers {
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                anchor("rule-", &w.rule),
                h(&w.rule),
                date_note(&Some(w.expires.clone())),
                h(&w.approved_by),
                h(&w.reason)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(out, "<h4>Duties left to you ({})</h4>", v.duties.len());
    if v.duties.is_empty() {
        out.push_str("<p>None recorded.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for d in &v.duties {
            let _ = writeln!(
                out,
                "<li>{} — {}</li>",
                h(&d.text),
                match (&d.owner, d.acknowledged) {
                    (Some(o), true) => format!("owner {}, accepted", h(o)),
                    (Some(o), false) =>
                        format!("owner {}, <strong>not yet accepted</strong>", h(o)),
                    (None, _) => "<strong>no owner</strong>".to_string(),
                }
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(
        out,
        "<h4>Certificates and reports ({})</h4>",
        v.certificates.len()
    );
    if v.certificates.is_empty() {
        out.push_str("<p>None recorded.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for c in &v.certificates {
            let _ = writeln!(
                out,
                "<li>{}, valid until {}</li>",
                h(&c.name),
                date_note(&c.valid_until)
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(out, "<h4>Findings ({})</h4>", v.findings.len());
    if !v.findings.is_empty() {
        out.push_str("<ol class=\"findings\">\n");
        for f in &v.findings {
            let _ = writeln!(
                out,
                "<li><span class=\"{}\">{}</span> <a href=\"#{}\">{}</a>{} (line {}): {}</li>",
                severity_class(f.severity),
                f.severity,
                anchor("rule-", &f.rule),
                h(&f.rule),
                if f.waived { " <em>waived</em>" } else { "" },
                f.line,
                h(&f.message)
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</details>\n");
}

/// The portfolio as one self-contained HTML page.
pub fn portfolio_html(p: &Portfolio) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"vendorlint\">\n<title>Vendor portfolio, {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>Vendor portfolio</h1>\n<p class=\"lede\">{} vendors, as of {}. Made by vendorlint from the declarations in the repository.</p>",
        h(&p.date),
        p.vendors.len(),
        h(&p.date)
    );
    let (e, w, q) = p.vendors.iter().fold((0, 0, 0), |(e, w, q), v| {
        (e + v.errors, w + v.warnings, q + v.open_questions)
    });
    let overdue = p.due.iter().filter(|d| d.days < 0).count();
    let _ = writeln!(
        out,
        "<ul class=\"summary\" aria-label=\"Summary\">\n<li><strong>{}</strong>vendors</li>\n<li><strong>{e}</strong>errors</li>\n<li><strong>{w}</strong>warnings</li>\n<li><strong>{q}</strong>open questions</li>\n<li><strong>{}</strong>due within {} days</li>\n<li><strong>{overdue}</strong>overdue</li>\n</ul>\n</header>\n<main>",
        p.vendors.len(),
        p.due.len() - overdue,
        p.horizon_days
    );
    if !p.broken.is_empty() {
        out.push_str("<section aria-labelledby=\"h-broken\">\n<h2 id=\"h-broken\">Files that could not be read</h2>\n<ul>\n");
        for (path, why) in &p.broken {
            let _ = writeln!(out, "<li><code>{}</code>: {}</li>", h(path), h(why));
        }
        out.push_str("</ul>\n</section>\n");
    }
    heatmap(&mut out, p);
    due(&mut out, p);
    changes(&mut out, p);
    out.push_str("<section class=\"vendors\" aria-labelledby=\"h-vendors\">\n<h2 id=\"h-vendors\">Scorecards</h2>\n");
    let open = p.vendors.len() <= 10;
    for v in &p.vendors {
        scorecard(&mut out, p, v, open);
    }
    out.push_str("</section>\n<section class=\"rules\" aria-labelledby=\"h-rules\">\n<h2 id=\"h-rules\">What the findings mean</h2>\n<dl>\n");
    for r in &p.rules {
        let _ = writeln!(
            out,
            "<dt id=\"{}\"><code>{}</code> {}</dt>\n<dd>{} <em>Ask the vendor:</em> {}</dd>",
            anchor("rule-", &r.id),
            h(&r.id),
            h(&r.title),
            h(&r.why),
            h(&r.question)
        );
    }
    let _ = writeln!(
        out,
        "</dl>\n</section>\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>"
    );
    out
}

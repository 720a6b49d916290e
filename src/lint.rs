//! The one entry point every front end uses: discover -> load -> validate -> (evaluate) ->
//! locate. Returns data; printing is the report stage's job.

use crate::base::Lang;
use crate::base::codes::covers;
use crate::base::{Diagnostic, FileReport, Kind, LintReport, Pos, RuleInfo, Severity, Span};
use crate::config::baseline::Baseline;
use crate::config::{ConfigChoice, Policy, Resolver};
use crate::discover::{Candidate, DiscoverError, MARKER, discover, io_message};
use crate::load::{self, Format, Limits, Loaded, codes};
use crate::rules::{Evaluation, RulePack, evaluate};
use crate::validate::declaration_validator;
use rayon::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a lint run is asked to do.
#[derive(Debug, Clone)]
pub struct LintOptions {
    pub limits: Limits,
    /// Rule packs, built-in first.
    pub packs: Vec<Arc<RulePack>>,
    /// `YYYY-MM-DD`: the date every date rule measures from.
    pub today: String,
    /// Language of messages and questions.
    pub lang: Lang,
    /// Report only diagnostics of rules these selectors cover (empty: all).
    pub select: Vec<String>,
    /// Never report diagnostics of rules these selectors cover.
    pub ignore: Vec<String>,
    /// Where each file's `vendorlint.toml` comes from.
    pub config: ConfigChoice,
    /// A profile from the command line (`--profile`): beats the configuration's.
    pub profile: Option<String>,
    /// Report only findings not recorded in this baseline.
    pub baseline: Option<Arc<Baseline>>,
    /// Show open questions one by one, as info diagnostics (`--questions`); by default they
    /// are kept apart in `FileReport::questions`, unless the configuration says
    /// `questions = true`.
    pub questions: bool,
    /// Check a file named explicitly only if it is a declaration, as a walked one (for hooks
    /// that pass every staged YAML file).
    pub only_declarations: bool,
}

impl LintOptions {
    /// Whether diagnostics of `rule` are reported (the one matcher:
    /// `base::codes::selector_matches`).
    pub fn selected(&self, rule: &str, aliases: &[String]) -> bool {
        let matches = |p: &String| covers(p, rule, aliases);
        (self.select.is_empty() || self.select.iter().any(matches))
            && !self.ignore.iter().any(matches)
    }
}

impl Default for LintOptions {
    /// The built-in pack, today's date (UTC), English.
    fn default() -> Self {
        LintOptions {
            limits: Limits::default(),
            packs: vec![crate::rules::builtin()],
            today: crate::base::dates::today_utc(),
            lang: Lang::En,
            select: Vec::new(),
            ignore: Vec::new(),
            config: ConfigChoice::Discover,
            profile: None,
            baseline: None,
            questions: false,
            only_declarations: false,
        }
    }
}

impl LintOptions {
    /// The policy for the declaration at `path`: its configuration, profile and overrides,
    /// read afresh.
    pub fn policy_for(&self, path: &Path) -> Result<Arc<Policy>, Arc<FileReport>> {
        self.policy_in(&Resolver::default(), path)
    }

    /// The policy for `path`, through a run's cache of configurations and policies.
    fn policy_in(&self, resolver: &Resolver, path: &Path) -> Result<Arc<Policy>, Arc<FileReport>> {
        resolver.policy_for(path, &self.config, &self.packs, self.profile.as_deref())
    }
}

/// The rules of `packs` that `selected` lets run, then every tool code.
pub fn rule_infos(
    packs: &[Arc<RulePack>],
    lang: Lang,
    selected: &dyn Fn(&str, &[String]) -> bool,
) -> Vec<RuleInfo> {
    let mut out: Vec<RuleInfo> = packs
        .iter()
        .flat_map(|p| &p.rules)
        .filter(|r| selected(&r.id, &r.aliases))
        .map(|r| RuleInfo {
            id: r.id.clone(),
            aliases: r.aliases.clone(),
            title: r.title.get(lang).to_string(),
            severity: r.severity,
            description: r.rationale.trim().to_string(),
            question: Some(r.question.get(lang).to_string()),
            references: r.references.clone(),
        })
        .collect();
    out.extend(
        crate::base::codes::CORE_CODES
            .iter()
            .filter(|c| selected(c.id, &[]))
            .map(|c| RuleInfo {
                id: c.id.to_string(),
                aliases: Vec::new(),
                title: c.title.to_string(),
                severity: c.severity,
                description: c.explanation.to_string(),
                question: None,
                references: Vec::new(),
            }),
    );
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| seen.insert(r.id.clone()));
    out
}

/// Lint every declaration under `paths`.
pub fn lint(paths: &[PathBuf], options: &LintOptions) -> LintReport {
    let (mut candidates, errors) = discover(paths);
    if options.only_declarations {
        for c in &mut candidates {
            c.explicit = false;
        }
    }
    let unreadable = errors.into_iter().map(unreadable_report).collect();
    // Configurations and policies found so far, shared by every file of this run: 10,000
    // files under one vendorlint.toml read and resolve it once.
    let resolver = Resolver::collecting();
    // A broken configuration stops the run before anything is checked under a policy the
    // user did not mean.
    let mut config_errors: Vec<FileReport> = Vec::new();
    for c in &candidates {
        if let Err(broken) = options.policy_in(&resolver, &c.path)
            && !config_errors.iter().any(|f| f.path == broken.path)
        {
            config_errors.push((*broken).clone());
        }
    }
    if !config_errors.is_empty() {
        return LintReport {
            unreadable,
            config_errors,
            ..LintReport::default()
        };
    }
    let results: Vec<Option<FileReport>> = candidates
        .par_iter()
        .map(|c| lint_candidate(c, options, &resolver))
        .collect();
    let skipped = results.iter().filter(|r| r.is_none()).count();
    let mut files: Vec<FileReport> = results.into_iter().flatten().collect();
    let mut baselined = 0;
    if let Some(b) = &options.baseline {
        baselined = b.filter(&mut files);
    }
    let mut packs = options.packs.clone();
    packs.extend(resolver.config_packs());
    let rules = rule_infos(&packs, options.lang, &|id, aliases| {
        options.selected(id, aliases)
    });
    // What each vendorlint.toml says about its own [[waivers]], once every file is linted.
    let config_reports = resolver.config_reports(&options.today, &files, &|id, aliases| {
        options.selected(id, aliases)
    });
    LintReport {
        files,
        skipped,
        unreadable,
        config_errors: Vec::new(),
        config_reports,
        baselined,
        rules,
    }
}

fn unreadable_report(e: DiscoverError) -> FileReport {
    let d =
        Diagnostic::new(codes::IO, Severity::Error, e.message).at_span(Span::point(Pos::new(1, 1)));
    FileReport {
        path: e.path,
        source: None,
        diagnostics: vec![d],
        questions: Vec::new(),
    }
}

/// Why a path is not a regular file (a FIFO would block a read for ever, a device never
/// ends): `None` for a regular file, or one whose type cannot be read.
fn not_regular(path: &Path) -> Option<&'static str> {
    let t = std::fs::metadata(path).ok()?.file_type();
    if t.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// A whole-file error report for `path`.
fn file_error(path: &Path, code: &str, message: String) -> FileReport {
    FileReport {
        path: path.to_path_buf(),
        source: None,
        diagnostics: vec![
            Diagnostic::new(code, Severity::Error, message).at_span(Span::point(Pos::new(1, 1))),
        ],
        questions: Vec::new(),
    }
}

fn lint_candidate(c: &Candidate, options: &LintOptions, resolver: &Resolver) -> Option<FileReport> {
    // Only regular files are read: a FIFO, socket or device named here (or linked to by a
    // `.yaml` name in a walk) is said so, never opened.
    if let Some(what) = not_regular(&c.path) {
        return Some(file_error(
            &c.path,
            codes::IO,
            format!("cannot read file: it is {what}; only regular files are read"),
        ));
    }
    let len = std::fs::metadata(&c.path).map(|m| m.len()).unwrap_or(0);
    if len > options.limits.max_file_bytes {
        // Not read whole. A walked file is reported only if its head names it a declaration.
        if !c.explicit && !head_has_marker(&c.path) {
            return None;
        }
        let diagnostics = load::too_large(len, &options.limits).diagnostics;
        return Some(FileReport {
            path: c.path.clone(),
            source: None,
            diagnostics,
            questions: Vec::new(),
        });
    }
    // A read that stops at the cap, whatever the metadata said (a file may grow, or report
    // a size of 0).
    let cap = options.limits.max_file_bytes;
    let mut bytes = Vec::new();
    let read = std::fs::File::open(&c.path).and_then(|f| {
        use std::io::Read;
        f.take(cap + 1).read_to_end(&mut bytes)
    });
    if let Err(e) = read {
        return Some(file_error(
            &c.path,
            codes::IO,
            format!("cannot read file: {}", io_message(&e)),
        ));
    }
    if bytes.len() as u64 > cap {
        return Some(FileReport {
            path: c.path.clone(),
            source: None,
            diagnostics: load::too_large(bytes.len() as u64, &options.limits).diagnostics,
            questions: Vec::new(),
        });
    }
    // The marker is looked for in the text, whatever its encoding: a declaration saved as
    // UTF-16 is checked, not skipped, even with a unit that does not decode (reported then).
    if !c.explicit && !contains(&load::encoding::searchable(&bytes), MARKER) {
        return None;
    }
    let report = lint_text(&c.path, &bytes, options, resolver);
    if !c.explicit
        && report
            .parsed_kind
            .as_ref()
            .is_some_and(|k| k != "vendor-declaration")
    {
        return None;
    }
    Some(report.file)
}

fn head_has_marker(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .is_ok()
        && contains(&head, MARKER)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Result of linting one text, with what the loader saw of the envelope.
pub struct TextLint {
    pub file: FileReport,
    /// The top-level `kind` when the text parsed to a mapping (`Some("")` when absent).
    pub parsed_kind: Option<String>,
}

/// Lint one file's contents, as editors do with unsaved buffers. The file's configuration is
/// read afresh, so an edited vendorlint.toml applies at once.
pub fn lint_bytes(path: &Path, bytes: &[u8], options: &LintOptions) -> TextLint {
    lint_text(path, bytes, options, &Resolver::default())
}

/// `lint_bytes` that gives up (`None`) once `stop()` turns true: it is asked between the
/// stages and before each rule (the language server's stale lints).
pub fn lint_bytes_until(
    path: &Path,
    bytes: &[u8],
    options: &LintOptions,
    stop: &dyn Fn() -> bool,
) -> Option<TextLint> {
    let result = lint_text_until(path, bytes, options, &Resolver::default(), stop);
    (!stop()).then_some(result?)
}

fn lint_text(path: &Path, bytes: &[u8], options: &LintOptions, resolver: &Resolver) -> TextLint {
    let never = || false;
    match lint_text_until(path, bytes, options, resolver, &never) {
        Some(result) => result,
        None => unreachable!("`never` never stops a lint"),
    }
}

fn lint_text_until(
    path: &Path,
    bytes: &[u8],
    options: &LintOptions,
    resolver: &Resolver,
    stop: &dyn Fn() -> bool,
) -> Option<TextLint> {
    let format = Format::from_path(path);
    let Loaded {
        document,
        mut diagnostics,
    } = load::load_bytes(bytes, format, &options.limits);
    if stop() {
        return None;
    }
    let (policy, broken_config) = match options.policy_in(resolver, path) {
        Ok(p) => (p, None),
        // Editors lint one buffer at a time: say the configuration is broken, and check the
        // buffer without it rather than not at all.
        Err(broken) => (
            Arc::new(Policy::without_config(
                options.packs.clone(),
                options.profile.as_deref(),
            )),
            Some(broken),
        ),
    };
    if let Some(broken) = broken_config {
        diagnostics.push(crate::config::broken_config_notice(&broken));
    }
    let selected = |id: &str, aliases: &[String]| {
        options.selected(id, aliases) && policy.selected(id, aliases)
    };
    let mut parsed_kind = None;
    if let Some(doc) = &document {
        parsed_kind = Some(
            doc.value
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        );
        let schema = declaration_validator().validate(&doc.value);
        let valid = schema.is_empty();
        diagnostics.extend(schema);
        if stop() {
            return None;
        }
        // Every rule runs, whatever is selected: a specific rule suppresses a generic one on
        // the same subject even when only the generic one is reported. Selection filters the
        // report below. (A stopped lint skips the rest, and its result is dropped.)
        let eval = Evaluation {
            today: &options.today,
            lang: options.lang,
            selected: &|_| !stop(),
            params: Some(&policy.rule_params),
        };
        let mut findings = evaluate(&policy.packs, &doc.value, &eval);
        if !valid {
            // A rule tripping over a value the schema already rejected adds nothing.
            findings.retain(|d| d.rule != crate::rules::engine::ENGINE_ERROR);
        }
        diagnostics.extend(findings);
        crate::config::apply_policy(&mut diagnostics, &policy);
        crate::config::waivers::apply(
            &mut diagnostics,
            &doc.value,
            &policy,
            &options.today,
            &selected,
        );
        for d in &mut diagnostics {
            if d.span.is_none()
                && let Some(p) = &d.pointer
            {
                d.span = Some(doc.locate(p, d.target));
            }
            for l in &mut d.labels {
                if l.span.is_none()
                    && l.path.is_none()
                    && let Some(p) = &l.pointer
                {
                    l.span = Some(doc.locate(p, l.target));
                }
            }
        }
    }
    diagnostics.retain(|d| selected(&d.rule, &d.aliases));
    let value = document.as_ref().map(|doc| &doc.value);
    for d in &mut diagnostics {
        d.fingerprint = Some(crate::config::baseline::fingerprint(value, &d.rule, d));
        d.former_fingerprints = (d.aliases.iter())
            .map(|old| crate::config::baseline::fingerprint(value, old, d))
            .collect();
    }
    diagnostics.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.rule.cmp(&b.rule)));
    let show_questions =
        options.questions || policy.questions.as_ref().is_some_and(|(shown, _)| *shown);
    let questions = if show_questions {
        for d in diagnostics.iter_mut().filter(|d| d.kind == Kind::Question) {
            d.severity = Severity::Info;
        }
        Vec::new()
    } else {
        diagnostics
            .extract_if(.., |d| d.kind == Kind::Question)
            .collect()
    };
    let source = if diagnostics.is_empty() && questions.is_empty() {
        None
    } else {
        Some(Arc::from(
            String::from_utf8_lossy(&load::encoding::to_utf8(bytes).0)
                .trim_start_matches('\u{feff}'),
        ))
    };
    Some(TextLint {
        file: FileReport {
            path: path.to_path_buf(),
            source,
            diagnostics,
            questions,
        },
        parsed_kind,
    })
}

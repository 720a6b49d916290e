//! The one entry point every front end uses: discover -> load -> validate -> (evaluate) ->
//! locate. Returns data; printing is the report stage's job.

use crate::base::Lang;
use crate::base::codes::covers;
use crate::base::{
    Counts, Diagnostic, FileReport, Kind, LintReport, Pos, RuleInfo, Severity, Span,
};
use crate::config::baseline::Baseline;
use crate::config::{ConfigChoice, Policy, Resolver};
use crate::discover::{Candidate, DiscoverError, MARKER, discover, io_message};
use crate::load::{self, Format, Limits, Loaded, codes};
use crate::rules::{Evaluation, RulePack, evaluate};
use crate::validate::declaration_validator;
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

/// Where a streaming run ([`lint_each`]) delivers its results, in the order [`lint`] reports
/// them: the rules once, then every unreadable path, then every declaration in discovery
/// order. Each report is handed over by value, so its text can be dropped as soon as it is
/// written. An error from the sink stops the run (e.g. a closed pipe): nothing more is checked.
pub trait Sink {
    type Error;
    /// Once, before any file: every rule and tool code the run can report.
    fn rules(&mut self, _rules: &[RuleInfo]) -> Result<(), Self::Error> {
        Ok(())
    }
    /// A path that could not be read or walked (one LOAD-007 error); not a declaration.
    fn unreadable(&mut self, file: FileReport) -> Result<(), Self::Error> {
        self.file(file)
    }
    /// One checked declaration.
    fn file(&mut self, file: FileReport) -> Result<(), Self::Error>;
    /// What a `vendorlint.toml` says about its own waivers, after every declaration (not a
    /// declaration: not counted in `files`).
    fn config_report(&mut self, file: FileReport) -> Result<(), Self::Error> {
        self.file(file)
    }
}

/// What a streamed run found, counted as the files went by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Finished {
    /// As [`LintReport::counts`] (files: declarations checked).
    pub counts: Counts,
    /// Files found by walking that are not declarations.
    pub skipped: usize,
    /// Paths that could not be read or walked.
    pub unreadable: usize,
    /// The most severe finding that is not waived, if any.
    pub max_severity: Option<Severity>,
}

impl Finished {
    fn add(&mut self, f: &FileReport, declaration: bool) {
        if declaration {
            self.counts.files += 1;
        } else {
            self.unreadable += 1;
        }
        self.findings(f);
    }

    /// Count `f`'s findings (not the file).
    fn findings(&mut self, f: &FileReport) {
        self.counts.questions += f.questions.len();
        for d in &f.diagnostics {
            if d.waived.is_some() {
                self.counts.waived += 1;
                continue;
            }
            match d.severity {
                Severity::Error => self.counts.errors += 1,
                Severity::Warning => self.counts.warnings += 1,
                Severity::Info => self.counts.infos += 1,
            }
            self.max_severity = self.max_severity.max(Some(d.severity));
        }
    }
}

/// Why a streamed run delivered nothing, or stopped early.
#[derive(Debug)]
pub enum Stopped<E> {
    /// A configuration is broken: nothing was checked, nothing was delivered.
    Config {
        unreadable: Vec<FileReport>,
        config_errors: Vec<FileReport>,
    },
    /// The sink failed; the files after the one it refused were not checked.
    Sink(E),
}

/// How many files past the oldest one not yet delivered may be checked (or waiting to be
/// delivered) at once: a slow file holds back at most this many finished reports.
fn window() -> usize {
    (4 * rayon::current_num_threads()).max(4)
}

/// Lint every declaration under `paths`, handing each result to `sink` as soon as it and
/// every file before it are done (files are checked in parallel, delivered in discovery
/// order, as [`lint`] lists them). Memory holds at most a window of a few files per thread.
pub fn lint_each<S: Sink>(
    paths: &[PathBuf],
    options: &LintOptions,
    sink: &mut S,
) -> Result<Finished, Stopped<S::Error>> {
    let (mut candidates, errors) = discover(paths);
    if options.only_declarations {
        for c in &mut candidates {
            c.explicit = false;
        }
    }
    let unreadable: Vec<FileReport> = errors.into_iter().map(unreadable_report).collect();
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
        return Err(Stopped::Config {
            unreadable,
            config_errors,
        });
    }
    let mut packs = options.packs.clone();
    packs.extend(resolver.config_packs());
    // What the run can report: the selected rules, and the codes of whole-file problems
    // (an unreadable or oversized file), which are reported whatever is selected.
    let rules = rule_infos(&packs, options.lang, &|id, aliases| {
        options.selected(id, aliases) || id == codes::IO || id == codes::LIMIT
    });
    sink.rules(&rules).map_err(Stopped::Sink)?;
    let mut done = Finished::default();
    for f in unreadable {
        done.add(&f, false);
        sink.unreadable(f).map_err(Stopped::Sink)?;
    }
    // The declarations checked, for what their configurations say of their own waivers.
    let mut checked: Vec<PathBuf> = Vec::new();
    let mut deliver = |outcome: Checked| -> Result<(), S::Error> {
        match outcome.file {
            Some(f) => {
                done.counts.baselined += outcome.baselined;
                done.add(&f, true);
                checked.push(f.path.clone());
                sink.file(f)
            }
            None => {
                done.skipped += 1;
                Ok(())
            }
        }
    };
    let check = |c: &Candidate| check_candidate(c, options, &resolver);
    if rayon::current_thread_index().is_some() {
        // Already on a pool thread (a caller's parallel loop): waiting here for other tasks of
        // the pool could wait for ever, so this run checks its files one by one.
        for c in &candidates {
            deliver(check(c)).map_err(Stopped::Sink)?;
        }
    } else {
        in_order(&candidates, window(), &check, &mut deliver).map_err(Stopped::Sink)?;
    }
    // What each vendorlint.toml says about its own [[waivers]], once every file is linted.
    let selected = |id: &str, aliases: &[String]| options.selected(id, aliases);
    for r in resolver.config_reports(&options.today, &checked, &selected) {
        done.findings(&r);
        sink.config_report(r).map_err(Stopped::Sink)?;
    }
    Ok(done)
}

/// One candidate's outcome: its report (`None`: not a declaration, skipped) and how many of
/// its findings the baseline removed.
struct Checked {
    file: Option<FileReport>,
    baselined: usize,
}

/// Test hook, in debug builds only (the tests run a debug binary; a release build has no
/// such variable): `VENDORLINT_TEST_DELAY=NAME:MS` makes the check of every file whose name is
/// NAME take MS milliseconds longer, so tests/streaming.rs can show that the files before a
/// slow one are printed while it is still being checked.
#[cfg(debug_assertions)]
fn test_delay(path: &Path) {
    let Ok(spec) = std::env::var("VENDORLINT_TEST_DELAY") else {
        return;
    };
    if let Some((name, ms)) = spec.rsplit_once(':')
        && path.file_name().is_some_and(|n| n == name)
        && let Ok(ms) = ms.parse::<u64>()
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

fn check_candidate(c: &Candidate, options: &LintOptions, resolver: &Resolver) -> Checked {
    #[cfg(debug_assertions)]
    test_delay(&c.path);
    let mut file = lint_candidate(c, options, resolver);
    let mut baselined = 0;
    if let (Some(b), Some(f)) = (&options.baseline, &mut file) {
        baselined = b.filter_file(f);
    }
    Checked { file, baselined }
}

/// Run `work` on every item on the rayon pool, at most `window` items ahead of the oldest one
/// not yet delivered, and hand the results to `deliver` in the items' order (a reorder buffer
/// keyed by index). Stops starting work at the first error of `deliver` and returns it once
/// the work already started has ended. A panic in `work` is raised again here.
fn in_order<T: Sync, R: Send, E>(
    items: &[T],
    window: usize,
    work: &(dyn Fn(&T) -> R + Sync),
    deliver: &mut dyn FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    use std::collections::BTreeMap;
    use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
    use std::sync::mpsc;
    type Outcome<R> = (usize, std::thread::Result<R>);
    rayon::in_place_scope(|scope| {
        let (tx, rx) = mpsc::channel::<Outcome<R>>();
        let mut started = 0;
        let start = |started: &mut usize| {
            let i = *started;
            let Some(item) = items.get(i) else {
                return;
            };
            *started += 1;
            let tx = tx.clone();
            scope.spawn(move |_| {
                let r = catch_unwind(AssertUnwindSafe(|| work(item)));
                // The receiver is gone only when delivery stopped early.
                let _ = tx.send((i, r));
            });
        };
        while started < window.max(1) && started < items.len() {
            start(&mut started);
        }
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut next = 0;
        while next < items.len() {
            let (i, r) = rx
                .recv()
                .expect("a started task sends its result before it ends");
            match r {
                Ok(r) => {
                    waiting.insert(i, r);
                }
                Err(panic) => resume_unwind(panic),
            }
            while let Some(r) = waiting.remove(&next) {
                next += 1;
                deliver(r)?;
                start(&mut started);
            }
        }
        Ok(())
    })
}

/// Lint every declaration under `paths`, collecting every report (see [`lint_each`] to
/// handle them one by one as they are done).
pub fn lint(paths: &[PathBuf], options: &LintOptions) -> LintReport {
    #[derive(Default)]
    struct Collect {
        rules: Vec<RuleInfo>,
        unreadable: Vec<FileReport>,
        files: Vec<FileReport>,
        config_reports: Vec<FileReport>,
    }
    impl Sink for Collect {
        type Error = std::convert::Infallible;
        fn rules(&mut self, rules: &[RuleInfo]) -> Result<(), Self::Error> {
            self.rules = rules.to_vec();
            Ok(())
        }
        fn unreadable(&mut self, file: FileReport) -> Result<(), Self::Error> {
            self.unreadable.push(file);
            Ok(())
        }
        fn file(&mut self, file: FileReport) -> Result<(), Self::Error> {
            self.files.push(file);
            Ok(())
        }
        fn config_report(&mut self, file: FileReport) -> Result<(), Self::Error> {
            self.config_reports.push(file);
            Ok(())
        }
    }
    let mut c = Collect::default();
    match lint_each(paths, options, &mut c) {
        Ok(done) => LintReport {
            files: c.files,
            skipped: done.skipped,
            unreadable: c.unreadable,
            config_errors: Vec::new(),
            config_reports: c.config_reports,
            baselined: done.counts.baselined,
            rules: c.rules,
        },
        Err(Stopped::Config {
            unreadable,
            config_errors,
        }) => LintReport {
            unreadable,
            config_errors,
            ..LintReport::default()
        },
        Err(Stopped::Sink(never)) => match never {},
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

#[cfg(test)]
mod tests {
    use crate::lint::in_order;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn delivers_in_order_whatever_finishes_first() {
        let items: Vec<usize> = (0..200).collect();
        // Later items finish first.
        let work = |i: &usize| {
            std::thread::sleep(Duration::from_micros(((200 - *i) % 7) as u64 * 300));
            *i * 2
        };
        let mut got = Vec::new();
        let r: Result<(), ()> = in_order(&items, 8, &work, &mut |r| {
            got.push(r);
            Ok(())
        });
        assert_eq!(r, Ok(()));
        assert_eq!(got, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_slow_item_holds_back_at_most_the_window() {
        let items: Vec<usize> = (0..100).collect();
        let started = AtomicUsize::new(0);
        let seen_while_slow = AtomicUsize::new(0);
        let work = |i: &usize| {
            started.fetch_add(1, Ordering::SeqCst);
            if *i == 0 {
                // The others have time to run meanwhile; only the window may have started.
                std::thread::sleep(Duration::from_millis(300));
                seen_while_slow.store(started.load(Ordering::SeqCst), Ordering::SeqCst);
            }
        };
        let mut n = 0;
        let r: Result<(), ()> = in_order(&items, 4, &work, &mut |()| {
            n += 1;
            Ok(())
        });
        assert_eq!(r, Ok(()));
        assert_eq!(n, 100);
        let seen = seen_while_slow.load(Ordering::SeqCst);
        assert!(
            (1..=4).contains(&seen),
            "{seen} items started while the first was slow"
        );
    }

    #[test]
    fn an_error_stops_starting_work() {
        let items: Vec<usize> = (0..1000).collect();
        let started = AtomicUsize::new(0);
        let work = |_: &usize| {
            started.fetch_add(1, Ordering::SeqCst);
        };
        let mut n = 0;
        let r = in_order(&items, 4, &work, &mut |()| {
            n += 1;
            if n == 10 { Err("closed") } else { Ok(()) }
        });
        assert_eq!(r, Err("closed"));
        assert!(started.load(Ordering::SeqCst) <= 10 + 4);
    }

    #[test]
    fn a_panic_in_work_is_raised_again() {
        let items: Vec<usize> = (0..20).collect();
        let work = |i: &usize| {
            if *i == 5 {
                panic!("boom");
            }
        };
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _: Result<(), ()> = in_order(&items, 4, &work, &mut |()| Ok(()));
        }));
        assert!(r.is_err());
    }
}

//! The `vendorlint` command: a thin adapter over the library's `lint` API.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use vendorlint::config::ConfigChoice;
use vendorlint::lint::{Finished, Sink, Stopped};
use vendorlint::report::portfolio::{PortfolioFormat, render_portfolio};
use vendorlint::report::questionnaire::{QuestionnaireFormat, render_questionnaire};
use vendorlint::report::{OutputFormat, Renderer};
use vendorlint::rules::{Lang, RulePack, catalog};
use vendorlint::{LintOptions, LintReport, Severity};

/// Parsing and rule evaluation allocate many small values; mimalloc makes a run markedly faster
/// than the system allocator (benches/throughput.sh measures both ends).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "vendorlint",
    version,
    about = "Lint vendor security declarations: find missing and weak controls in what your IT suppliers promise."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check declarations (files, or directories walked for declarations).
    Check(CheckArgs),
    /// Print the declaration JSON Schema (draft 2020-12).
    Schema,
    /// List the rules (built-in, plus any --rules packs) and tool codes.
    Rules(RulesArgs),
    /// Explain a rule or code: why it matters, the question to ask, references, examples.
    Explain(ExplainArgs),
    /// Write a template declaration whose comments are the questions to put to the vendor
    /// (or, with --config, a commented vendorlint.toml).
    Init {
        /// Where to write it; omitted or `-` prints it.
        file: Option<PathBuf>,
        /// Write a configuration file (vendorlint.toml) instead of a declaration.
        #[arg(long)]
        config: bool,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Run the language server (LSP over stdio) for editors: diagnostics, hover, completion.
    Lsp(LspArgs),
    /// Print the effective configuration for a declaration: profile, rules, severities,
    /// parameters and waivers, each with where it comes from.
    Config(ConfigArgs),
    /// Write the questionnaire to send a vendor: every open question and every gap the vendor
    /// can close, by area, in Danish, Swedish or English, as Markdown, HTML or a workbook to
    /// fill in (docs/QUESTIONNAIRES.md).
    Questions(QuestionsArgs),
    /// Write the portfolio: every vendor at a glance in one self-contained HTML page (or
    /// Markdown for a pull-request comment): who provides each control area, scorecards, what
    /// expires or falls due in 90 days, and with --baseline what is new and what was fixed.
    Report(ReportArgs),
    /// Work with a vendor's answers to a questionnaire.
    #[command(subcommand)]
    Answers(AnswersCommand),
}

#[derive(clap::Args)]
struct ReportArgs {
    /// Declarations, or directories walked for them (default: the current directory).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PortfolioFormat::Html)]
    format: PortfolioFormat,
    /// Write to this file (default: print).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Show what is new and what was fixed since this baseline (`check --write-baseline`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Language of area and rule titles and questions (the page itself is English).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Add the rules in this directory to the built-in ones.
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// The date "due" is counted from (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    today: Option<String>,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(Subcommand)]
enum AnswersCommand {
    /// Write the answers of a filled questionnaire workbook (`vendorlint questions --format
    /// xlsx`) into the declaration it was made for, with the workbook as a source and each
    /// quoted source as evidence. Nothing is written while any answer is wrong.
    Import(ImportArgs),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The filled workbook (.xlsx).
    answers: PathBuf,
    /// The declaration the questionnaire was made for.
    declaration: PathBuf,
    /// Print the change as a unified diff and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The date the answers were received (YYYY-MM-DD), for the source entry; default: today
    /// (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    today: Option<String>,
}

#[derive(clap::Args)]
struct QuestionsArgs {
    /// The vendor's declaration (one questionnaire per file).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Language of the questions, titles and headings (findings stay English).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QuestionnaireFormat::Md)]
    format: QuestionnaireFormat,
    /// Write to this file (one declaration), or into this directory as `<declaration id>.<ext>`
    /// (several). Without it Markdown and HTML are printed; a workbook needs it.
    #[arg(long, short = 'o', value_name = "PATH")]
    output: Option<PathBuf>,
    /// Add the rules in this directory to the built-in ones.
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// The date all date rules measure from (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    today: Option<String>,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(clap::Args)]
struct LspArgs {
    /// Add the rules in this directory to the built-in ones.
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Language of messages and questions to the vendor.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// The date all date rules measure from (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    today: Option<String>,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(clap::Args)]
struct ConfigArgs {
    /// The declaration (or directory) to show the configuration for (default: `.`).
    path: Option<PathBuf>,
    #[command(flatten)]
    policy: PolicyArgs,
    /// Also load the rules in this directory (their parameters are listed).
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ConfigFormat::Toml)]
    format: ConfigFormat,
    /// Print what each profile changes (Markdown, as in docs/CONFIGURATION.md) instead.
    #[arg(long)]
    profiles: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ConfigFormat {
    /// TOML with a comment on each line saying where the value comes from.
    Toml,
    /// One JSON object.
    Json,
}

/// Which configuration and profile apply.
#[derive(clap::Args)]
struct PolicyArgs {
    /// Use this configuration file for every declaration instead of the nearest
    /// vendorlint.toml above each one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long)]
    no_config: bool,
    /// Regulatory profile; beats the configuration's.
    #[arg(long, value_parser = profile_ids())]
    profile: Option<String>,
}

impl PolicyArgs {
    fn choice(&self) -> ConfigChoice {
        if self.no_config {
            ConfigChoice::Off
        } else if let Some(f) = &self.config {
            ConfigChoice::File(f.clone())
        } else {
            ConfigChoice::Discover
        }
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or directories (default: the current directory). A file named here is always
    /// checked; in a directory only files with `kind: vendor-declaration` are.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Exit with 1 when a finding at or above this severity exists.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Add the rules in this directory (a pack in the format of docs/RULE-FORMAT.md) to the
    /// built-in ones. May be given more than once.
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// The date all date rules measure from (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    today: Option<String>,
    /// Language of messages and questions to the vendor.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Report only these rules, comma-separated: ids, or prefixes of ids that end at a `-`
    /// (`BAK,INC-001,SCHEMA`; `BAK` selects BAK-001, `B` selects nothing).
    #[arg(long, value_delimiter = ',', value_name = "RULES", value_parser = parse_selector)]
    select: Vec<String>,
    /// Do not report these rules: ids or prefixes of ids that end at a `-`, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES", value_parser = parse_selector)]
    ignore: Vec<String>,
    #[command(flatten)]
    policy: PolicyArgs,
    /// Report only findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Show open questions (what the vendor has not said, which only needs asking) one by one,
    /// as info diagnostics. By default they are counted in each file's summary.
    #[arg(long)]
    questions: bool,
    /// Check a file named here only if it is a declaration (`kind: vendor-declaration`), as in a
    /// walked directory: for hooks that pass every staged YAML file.
    #[arg(long)]
    only_declarations: bool,
    /// Succeed when the paths hold no declaration at all (by default that is a usage error,
    /// exit 2, so that a mistyped path does not pass CI). Implied by --only-declarations.
    #[arg(long)]
    allow_empty: bool,
    /// Write the report (in --format) to this file, and the human report to the terminal.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Record the current findings in this baseline file (and report nothing).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
}

/// The profiles of rules/profiles.yaml, the one list of them.
fn profile_ids() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        vendorlint::config::profiles()
            .iter()
            .map(|p| clap::builder::PossibleValue::new(p.id.as_str()).help(p.title.as_str())),
    )
}

/// A rule selector: a rule id or a prefix of one that ends at a `-` (docs/CONFIGURATION.md).
fn parse_selector(s: &str) -> Result<String, String> {
    if vendorlint::base::codes::is_selector(s) {
        Ok(s.to_string())
    } else {
        Err("expected a rule id such as `BAK-001` or a prefix of one that ends at a `-`, such as `BAK`".to_string())
    }
}

fn parse_today(s: &str) -> Result<String, String> {
    vendorlint::base::dates::parse_date(s)
        .map(|_| s.to_string())
        .ok_or_else(|| "expected a date as YYYY-MM-DD".to_string())
}

#[derive(clap::Args)]
struct RulesArgs {
    /// Language of the titles in the table.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
    /// Also list the rules in this directory.
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// The rule id (e.g. BAK-001) or tool code (e.g. SCHEMA-002).
    rule: String,
    /// Language of the question to the vendor.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Also look in the rules in this directory.
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// An aligned table.
    Table,
    /// One JSON object with every rule, its references and question.
    Json,
    /// The Markdown of docs/RULES.md.
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    None,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::None => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Schema => write_stdout(vendorlint::validate::DECLARATION_SCHEMA),
        Command::Rules(args) => rules_cmd(args),
        Command::Explain(args) => explain_cmd(args),
        Command::Init {
            file,
            config,
            force,
        } => init(file, config, force),
        Command::Config(args) => config_cmd(args),
        Command::Lsp(args) => lsp_cmd(args),
        Command::Questions(args) => questions_cmd(args),
        Command::Report(args) => report_cmd(args),
        Command::Answers(AnswersCommand::Import(args)) => answers_import(args),
    }
}

fn write_stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vendorlint: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let mut options = LintOptions {
        lang: args.lang,
        select: args.select,
        ignore: args.ignore,
        config: args.policy.choice(),
        profile: args.policy.profile.clone(),
        only_declarations: args.only_declarations,
        questions: args.questions,
        ..LintOptions::default()
    };
    if let Some(b) = &args.baseline {
        match vendorlint::config::baseline::Baseline::read(b) {
            Ok(b) => options.baseline = Some(Arc::new(b)),
            Err(e) => {
                eprintln!("vendorlint: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(t) = args.today {
        options.today = t;
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    options.packs = match load_packs(&args.rules, args.format, color) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(file) = &args.write_baseline {
        return write_baseline(&paths, &options, file, args.format, color);
    }
    // Each file's report is printed (and its text dropped) as soon as it and the files before
    // it are checked: a run stopped half-way has printed what it finished.
    let stdout = std::io::stdout();
    let mut printer = Printer {
        stdout: Renderer::new(
            match args.output {
                Some(_) => OutputFormat::Human,
                None => args.format,
            },
            color,
            std::io::BufWriter::new(stdout.lock()),
        ),
        file: None,
        output: args.output.clone().map(|p| (p, args.format)),
        stdout_closed: false,
    };
    let done = match vendorlint::lint::lint_each(&paths, &options, &mut printer) {
        Ok(done) => done,
        Err(Stopped::Config { config_errors, .. }) => {
            drop(printer);
            return broken_files(
                config_errors,
                args.format,
                color,
                "the configuration has errors; nothing was checked",
            );
        }
        Err(Stopped::Sink(e)) => return e.exit(),
    };
    if let Err(e) = printer.finish(&done) {
        return e.exit();
    }
    // A path that does not exist or cannot be walked is a usage error (reported above).
    if done.unreadable > 0 {
        return ExitCode::from(2);
    }
    // So is a set of paths with no declaration in it: most likely a mistyped path.
    if done.counts.files == 0 && !args.allow_empty && !args.only_declarations {
        eprintln!(
            "vendorlint: no declarations found in {} (a declaration has `kind: vendor-declaration`); pass --allow-empty if that is expected",
            paths
                .iter()
                .map(|p| vendorlint::base::printable_inline(&p.display().to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::from(2);
    }
    match (args.fail_on.threshold(), done.max_severity) {
        (Some(t), Some(max)) if max >= t => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// `check --write-baseline FILE`: record the findings.
fn write_baseline(
    paths: &[PathBuf],
    options: &LintOptions,
    file: &std::path::Path,
    format: OutputFormat,
    color: bool,
) -> ExitCode {
    #[derive(Default)]
    struct Findings(Vec<vendorlint::FileReport>);
    impl Sink for Findings {
        type Error = std::convert::Infallible;
        fn unreadable(&mut self, _: vendorlint::FileReport) -> Result<(), Self::Error> {
            Ok(())
        }
        // The text is kept: each entry records a digest of the value its finding is about.
        fn file(&mut self, f: vendorlint::FileReport) -> Result<(), Self::Error> {
            self.0.push(f);
            Ok(())
        } // A baseline neither records nor hides what a configuration says of its waivers.
        fn config_report(&mut self, _: vendorlint::FileReport) -> Result<(), Self::Error> {
            Ok(())
        }
    }
    let mut findings = Findings::default();
    let done = match vendorlint::lint::lint_each(paths, options, &mut findings) {
        Ok(done) => done,
        Err(Stopped::Config { config_errors, .. }) => {
            return broken_files(
                config_errors,
                format,
                color,
                "the configuration has errors; nothing was checked",
            );
        }
        Err(Stopped::Sink(never)) => match never {},
    };
    let (text, n) = vendorlint::config::baseline::render(&findings.0, file);
    match std::fs::write(file, text) {
        Ok(()) => {
            eprintln!(
                "Wrote {n} finding{} to {}; check with --baseline {} to see only new ones.",
                if n == 1 { "" } else { "s" },
                file.display(),
                file.display()
            );
            if done.unreadable == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Err(e) => {
            eprintln!("vendorlint: cannot write {}: {e}", file.display());
            ExitCode::from(2)
        }
    }
}

/// Where `check` prints as files come: stdout in `--format` (or the human report when
/// `--output FILE` takes the format), and that file.
struct Printer<'a> {
    stdout: Renderer<std::io::BufWriter<std::io::StdoutLock<'a>>>,
    file: Option<(Renderer<std::io::BufWriter<std::fs::File>>, PathBuf)>,
    /// `--output FILE` and its format: the file is made once the run is sure to check files
    /// (a broken configuration leaves an existing report as it was).
    output: Option<(PathBuf, OutputFormat)>,
    /// Stdout was closed while a report file is written: only the file goes on.
    stdout_closed: bool,
}

/// A write that failed, and where.
enum WriteError {
    Stdout(std::io::Error),
    File(PathBuf, std::io::Error),
}

impl WriteError {
    fn exit(self) -> ExitCode {
        match self {
            // A closed pipe (`| head`) is not an error worth a message: the reader has seen
            // what it wanted, and nothing more is checked.
            WriteError::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                ExitCode::SUCCESS
            }
            WriteError::Stdout(e) => {
                eprintln!("vendorlint: cannot write output: {e}");
                ExitCode::from(2)
            }
            WriteError::File(p, e) => {
                eprintln!("vendorlint: cannot write {}: {e}", p.display());
                ExitCode::from(2)
            }
        }
    }
}

impl Printer<'_> {
    fn each(
        &mut self,
        mut step: impl FnMut(&mut dyn RenderStep) -> std::io::Result<()>,
    ) -> Result<(), WriteError> {
        if let Some((r, path)) = &mut self.file {
            step(r).map_err(|e| WriteError::File(path.clone(), e))?;
        }
        if self.stdout_closed {
            return Ok(());
        }
        match step(&mut self.stdout) {
            // The terminal's copy is gone (`| head`), the report file is still wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && self.file.is_some() => {
                self.stdout_closed = true;
                Ok(())
            }
            r => r.map_err(WriteError::Stdout),
        }
    }

    fn finish(&mut self, done: &Finished) -> Result<(), WriteError> {
        self.each(|r| r.finish(&done.counts, done.skipped))
    }
}

/// A renderer whatever it writes to.
trait RenderStep {
    fn begin(&mut self, rules: &[vendorlint::base::RuleInfo]) -> std::io::Result<()>;
    fn file(&mut self, f: &vendorlint::FileReport) -> std::io::Result<()>;
    fn finish(&mut self, c: &vendorlint::Counts, skipped: usize) -> std::io::Result<()>;
}

impl<W: Write> RenderStep for Renderer<W> {
    fn begin(&mut self, rules: &[vendorlint::base::RuleInfo]) -> std::io::Result<()> {
        Renderer::begin(self, rules)
    }
    fn file(&mut self, f: &vendorlint::FileReport) -> std::io::Result<()> {
        Renderer::file(self, f)
    }
    fn finish(&mut self, c: &vendorlint::Counts, skipped: usize) -> std::io::Result<()> {
        Renderer::finish(self, c, skipped)
    }
}

impl Sink for Printer<'_> {
    type Error = WriteError;
    fn rules(&mut self, rules: &[vendorlint::base::RuleInfo]) -> Result<(), WriteError> {
        if let Some((path, format)) = self.output.take() {
            let f = std::fs::File::create(&path).map_err(|e| WriteError::File(path.clone(), e))?;
            self.file = Some((
                Renderer::new(format, false, std::io::BufWriter::new(f)),
                path,
            ));
        }
        self.each(|r| r.begin(rules))
    }
    fn file(&mut self, f: vendorlint::FileReport) -> Result<(), WriteError> {
        // Written to both, then dropped with its text.
        self.each(|r| r.file(&f))
    }
}

/// Show the problems of files that are not declarations (a rule pack, a configuration) on
/// stderr, then `what`; exit code 2.
fn broken_files(
    files: Vec<vendorlint::FileReport>,
    format: OutputFormat,
    color: bool,
    what: &str,
) -> ExitCode {
    let report = LintReport {
        files,
        ..LintReport::default()
    };
    eprint!(
        "{}",
        vendorlint::report::render_problems(&report, format.min_human(), color)
    );
    eprintln!("vendorlint: {what}");
    ExitCode::from(2)
}

/// The built-in pack plus `--rules` directories; a broken pack is shown and exits 2.
fn load_packs(
    dirs: &[PathBuf],
    format: OutputFormat,
    color: bool,
) -> Result<Vec<Arc<RulePack>>, ExitCode> {
    vendorlint::rules::pack::packs_with(dirs).map_err(|broken| {
        broken_files(
            broken,
            format,
            color,
            "the rule pack has errors; nothing was checked",
        )
    })
}

/// The built-in pack and the user's, for a command that lists or explains rules.
fn listing_packs(dirs: &[PathBuf]) -> Result<Vec<Arc<RulePack>>, ExitCode> {
    load_packs(dirs, OutputFormat::Human, std::io::stderr().is_terminal())
}

fn rules_cmd(args: RulesArgs) -> ExitCode {
    let packs = match listing_packs(&args.rules) {
        Ok(p) => p,
        Err(code) => return code,
    };
    write_stdout(&match args.format {
        ListFormat::Table => catalog::table(&packs, args.lang),
        ListFormat::Json => catalog::json(&packs),
        ListFormat::Markdown => catalog::markdown(&packs),
    })
}

fn explain_cmd(args: ExplainArgs) -> ExitCode {
    let packs = match listing_packs(&args.rules) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match catalog::explain(&packs, &args.rule, args.lang) {
        Some(text) => write_stdout(&text),
        None => {
            let ids: Vec<String> = packs
                .iter()
                .flat_map(|p| p.rules.iter().map(|r| r.id.clone()))
                .chain(
                    vendorlint::base::codes::CORE_CODES
                        .iter()
                        .map(|c| c.id.to_string()),
                )
                .collect();
            let hint =
                vendorlint::validate::did_you_mean(&args.rule, ids.iter().map(String::as_str))
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
            eprintln!(
                "vendorlint: no rule `{}`{hint}; `vendorlint rules` lists them",
                args.rule
            );
            ExitCode::from(2)
        }
    }
}

fn init(file: Option<PathBuf>, config: bool, force: bool) -> ExitCode {
    let template = if config {
        vendorlint::config::CONFIG_TEMPLATE
    } else {
        vendorlint::DECLARATION_TEMPLATE
    };
    match file {
        None => write_stdout(template),
        Some(p) if p.as_os_str() == "-" => write_stdout(template),
        Some(p) => {
            if p.exists() && !force {
                eprintln!(
                    "vendorlint: {} already exists; use --force to overwrite it",
                    p.display()
                );
                return ExitCode::from(2);
            }
            match std::fs::write(&p, template) {
                Ok(()) => {
                    if config {
                        eprintln!(
                            "Wrote {}. `vendorlint config` shows the settings it gives.",
                            p.display()
                        );
                    } else {
                        eprintln!(
                            "Wrote {}. Fill it in from the vendor's answers, then run `vendorlint check {}`.",
                            p.display(),
                            p.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("vendorlint: cannot write {}: {e}", p.display());
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn config_cmd(args: ConfigArgs) -> ExitCode {
    if args.profiles {
        return write_stdout(&vendorlint::config::profiles::markdown());
    }
    let color = std::io::stderr().is_terminal();
    let packs = match load_packs(&args.rules, OutputFormat::Human, color) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let path = args.path.unwrap_or_else(|| PathBuf::from("."));
    let options = LintOptions {
        packs,
        config: args.policy.choice(),
        profile: args.policy.profile.clone(),
        ..LintOptions::default()
    };
    match options.policy_for(&path) {
        Ok(policy) => write_stdout(&match args.format {
            ConfigFormat::Toml => vendorlint::config::show::toml(&policy, &path),
            ConfigFormat::Json => vendorlint::config::show::json(&policy, &path),
        }),
        Err(broken) => broken_files(
            vec![(*broken).clone()],
            OutputFormat::Human,
            color,
            "the configuration has errors",
        ),
    }
}

/// The options of a command that lints with the configuration, a profile, a language, a date
/// and extra rule packs (the language server, questions, report); a broken pack exits 2.
fn run_options(
    lang: Lang,
    policy: &PolicyArgs,
    today: Option<String>,
    rules: &[PathBuf],
) -> Result<LintOptions, ExitCode> {
    let mut options = LintOptions {
        packs: load_packs(rules, OutputFormat::Human, false)?,
        lang,
        config: policy.choice(),
        profile: policy.profile.clone(),
        ..LintOptions::default()
    };
    if let Some(t) = today {
        options.today = t;
    }
    Ok(options)
}

fn lsp_cmd(args: LspArgs) -> ExitCode {
    let options = match run_options(args.lang, &args.policy, args.today, &args.rules) {
        Ok(o) => o,
        Err(code) => return code,
    };
    match vendorlint::lsp::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vendorlint lsp: {e}");
            ExitCode::from(2)
        }
    }
}

fn questions_cmd(args: QuestionsArgs) -> ExitCode {
    let options = match run_options(args.lang, &args.policy, args.today, &args.rules) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let several = args.files.len() > 1;
    let binary = args.format == QuestionnaireFormat::Xlsx;
    if binary && args.output.is_none() {
        eprintln!("vendorlint: a workbook is written to a file: give --output FILE.xlsx");
        return ExitCode::from(2);
    }
    if several
        && let Some(dir) = &args.output
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("vendorlint: cannot create {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    let mut printed = Vec::new();
    let mut failed = false;
    for file in &args.files {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("vendorlint: cannot read {}: {e}", file.display());
                failed = true;
                continue;
            }
        };
        let q = match vendorlint::questionnaire::build(file, &bytes, &options) {
            Ok(q) => q,
            Err(report) => {
                let _ = broken_files(
                    vec![*report],
                    OutputFormat::Human,
                    false,
                    &format!("{} is not a declaration; no questionnaire", file.display()),
                );
                failed = true;
                continue;
            }
        };
        let out = match render_questionnaire(&q, args.format) {
            Ok(b) => b,
            Err(e) => {
                eprintln!(
                    "vendorlint: cannot write the questionnaire for {}: {e}",
                    file.display()
                );
                failed = true;
                continue;
            }
        };
        let target = match &args.output {
            Some(dir) if several => {
                Some(dir.join(format!("{}.{}", q.id.declaration, args.format.extension())))
            }
            other => other.clone(),
        };
        match target {
            Some(path) => {
                if let Err(e) = std::fs::write(&path, &out) {
                    eprintln!("vendorlint: cannot write {}: {e}", path.display());
                    failed = true;
                    continue;
                }
                let n: usize = q.items().count();
                eprintln!(
                    "Wrote {} ({n} question{}) for {}.",
                    path.display(),
                    if n == 1 { "" } else { "s" },
                    file.display()
                );
            }
            None => printed.push(String::from_utf8_lossy(&out).into_owned()),
        }
    }
    if !printed.is_empty() {
        let sep = if args.format == QuestionnaireFormat::Md {
            "\n---\n\n"
        } else {
            "\n"
        };
        let code = write_stdout(&printed.join(sep));
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn report_cmd(args: ReportArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let options = match run_options(args.lang, &args.policy, args.today, &args.rules) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let baseline = match &args.baseline {
        None => None,
        Some(b) => match vendorlint::config::baseline::Baseline::read(b) {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("vendorlint: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let portfolio = vendorlint::portfolio::build(&paths, &options, baseline.as_ref());
    if portfolio.vendors.is_empty() && portfolio.broken.is_empty() {
        eprintln!(
            "vendorlint: no declarations found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::from(2);
    }
    let text = render_portfolio(&portfolio, args.format);
    match &args.output {
        None => write_stdout(&text),
        Some(file) => match std::fs::write(file, &text) {
            Ok(()) => {
                eprintln!(
                    "Wrote {} ({} vendors, {} KB).",
                    file.display(),
                    portfolio.vendors.len(),
                    text.len().div_ceil(1024)
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("vendorlint: cannot write {}: {e}", file.display());
                ExitCode::from(2)
            }
        },
    }
}

fn answers_import(args: ImportArgs) -> ExitCode {
    use vendorlint::answers::{self, ImportError, shown};
    let book = shown(&vendorlint::base::display_path(&args.answers));
    let decl = vendorlint::base::display_path(&args.declaration);
    let options = answers::ImportOptions {
        today: args
            .today
            .unwrap_or_else(vendorlint::base::dates::today_utc),
    };
    let import = match answers::import_files(&args.answers, &args.declaration, &options) {
        Ok(i) => i,
        Err(ImportError::Refused(why)) => {
            eprintln!("{book}: {why}");
            eprintln!("vendorlint: nothing was written to {}", shown(&decl));
            return ExitCode::from(2);
        }
        Err(ImportError::BadCells(cells)) => {
            for c in &cells {
                eprintln!("{book}: {c}");
            }
            eprintln!(
                "vendorlint: {} answer{} cannot be taken; nothing was written to {}",
                cells.len(),
                if cells.len() == 1 { "" } else { "s" },
                shown(&decl)
            );
            return ExitCode::from(2);
        }
    };
    let mut report = answers::report(&import);
    let n = import.changes.len();
    let what = format!("{n} answer{} from {book}", if n == 1 { "" } else { "s" });
    if args.dry_run {
        eprint!("{report}");
        eprintln!(
            "Dry run: {what} would change {}; nothing was written.",
            shown(&decl)
        );
        return write_stdout(&answers::diff(&import, &decl));
    }
    if import.is_empty() {
        eprint!("{report}");
        eprintln!(
            "Nothing to write: no answer in {book} changes {}.",
            shown(&decl)
        );
        return ExitCode::SUCCESS;
    }
    if let Err(e) = answers::write_atomically(&args.declaration, &import.after) {
        eprintln!("vendorlint: cannot write {}: {e}", shown(&decl));
        return ExitCode::from(2);
    }
    let source = import
        .source_id
        .as_ref()
        .map(|id| {
            let q = import.evidence.len();
            format!(
                " (source `{id}`, {q} quote{} as evidence)",
                if q == 1 { "" } else { "s" }
            )
        })
        .unwrap_or_default();
    report.push_str(&format!("Wrote {what} into {}{source}.\n", shown(&decl)));
    write_stdout(&report)
}

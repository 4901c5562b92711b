//! `readiness`: the command-line face of Readiness Workbook, for automation, tests and
//! benchmarks. Each subcommand parses its arguments, calls one core service and prints.
//!
//! Exit codes: 0 success; 1 `verify` found problems; 2 the command could not be done
//! (bad input, wrong passphrase, unreadable file...), with one line on stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `println!` for command output: when the reader has gone away (`readiness log | head`),
/// stop quietly instead of panicking on the broken pipe.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

mod access_cmd;
mod bench_attach;
mod bench_binder;
mod bench_cmd;
mod binder_cmd;
mod checklist_cmd;
mod description_cmd;
mod evidence_cmd;
mod help;
mod import_io;
mod items_import_cmd;
mod org_cmd;
mod people_cmd;
mod plan_cmd;
mod policies_cmd;
mod proc_stats;
mod risks_cmd;
mod scoping;
mod shell_cmd;
mod systems_cmd;
mod vendors_cmd;
mod vocab;

use clap::{FromArgMatches, Parser, Subcommand};
use readiness_core::demo;
use readiness_core::passphrase::Passphrase;
use readiness_core::summary;
use readiness_core::workbook::{self, verify, Access, Actor, Workbook, WorkbookError};

#[derive(Parser)]
#[command(name = "readiness", version = readiness_core::version::DESCRIBED, about = "Readiness Workbook: SOC 2 readiness from the command line")]
pub(crate) struct Cli {
    /// Read the workbook passphrase from this file (else from READINESS_PASSPHRASE).
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// Name recorded in the change log for changes made by this command.
    #[arg(long, global = true, env = "READINESS_ACTOR")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new, empty workbook.
    New {
        file: PathBuf,
        /// The organisation being audited.
        #[arg(long)]
        org: String,
    },
    /// Create the demo workbook (a fictional company part-way through readiness).
    Demo {
        file: PathBuf,
        /// `large` grows it to the reference size used for performance work (300 items,
        /// 25 policies, 150 vendors, 400 evidence files).
        #[arg(long, value_enum, default_value_t = DemoSize::Standard)]
        size: DemoSize,
    },
    /// Show what a workbook holds and how ready it is.
    Info {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check storage integrity and the change log's hash chain; exit 1 on any problem.
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Print the change log, newest first.
    Log {
        file: PathBuf,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Save a complete encrypted copy of a workbook (same passphrase).
    Copy { file: PathBuf, dest: PathBuf },
    /// The Trust Services Criteria and which are in scope.
    #[command(subcommand)]
    Criteria(scoping::CriteriaCommand),
    /// The audit's scope: report type, date, categories.
    #[command(subcommand)]
    Scope(scoping::ScopeCommand),
    /// The organisation profile: legal name, product, locations, auditor, target date.
    #[command(subcommand)]
    Org(org_cmd::OrgCommand),
    /// The people roster and their roles.
    #[command(subcommand)]
    People(people_cmd::PeopleCommand),
    /// The systems inventory.
    #[command(subcommand)]
    Systems(systems_cmd::SystemsCommand),
    /// The system description (sections DC1 to DC9).
    #[command(subcommand)]
    Description(description_cmd::DescriptionCommand),
    /// Checklist items.
    #[command(subcommand)]
    Items(checklist_cmd::ItemsCommand),
    /// Coverage per category and the gaps an auditor would find.
    Gaps {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The plan to the audit date: remaining key work by owner, projected ready date.
    Plan {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Export the auditor's request list (PBC) as CSV.
    Pbc { file: PathBuf, out: PathBuf },
    /// Evidence files: attach, list, export.
    #[command(subcommand)]
    Evidence(evidence_cmd::EvidenceCommand),
    /// Policies: list, render, approve.
    #[command(subcommand)]
    Policies(policies_cmd::PoliciesCommand),
    /// The vendor inventory: list, import, export.
    #[command(subcommand)]
    Vendors(vendors_cmd::VendorsCommand),
    /// The PDF evidence binder: export and verify.
    #[command(subcommand)]
    Binder(binder_cmd::BinderCommand),
    /// The risk register: list, import, export.
    #[command(subcommand)]
    Risks(risks_cmd::RisksCommand),
    /// Benchmark: export the binder of the large reference workbook (prints numbers).
    #[command(hide = true)]
    BenchBinder {
        /// An existing workbook with the demo passphrase; default: generate the large one.
        #[arg(long)]
        workbook: Option<PathBuf>,
        #[arg(long, default_value_t = 3)]
        runs: u32,
        /// A Python with the `typst` package, to time typst on similar content.
        #[arg(long)]
        typst_python: Option<PathBuf>,
        /// Accounts in the generated access review of the second case.
        #[arg(long, default_value_t = 100_000)]
        review_accounts: u32,
    },
    /// One timed binder export (the child process of bench-binder).
    #[command(hide = true)]
    BenchBinderExport { file: PathBuf, output: PathBuf },
    /// User access reviews: campaigns, account imports, decisions, sign-off, export.
    #[command(subcommand)]
    Access(access_cmd::AccessCommand),
    /// Benchmarks that print numbers.
    #[command(subcommand)]
    Bench(bench_cmd::BenchCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Write one man page per command into a folder (for packaging).
    #[command(hide = true)]
    Man {
        /// The folder to write the pages into (created if needed).
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
    },
    /// Benchmark: time the dashboard on a generated workbook (prints numbers).
    #[command(hide = true)]
    BenchDashboard {
        #[arg(long, default_value_t = 300)]
        items: u32,
        #[arg(long, default_value_t = 400)]
        evidence: u32,
        #[arg(long, default_value_t = 20)]
        runs: u32,
    },
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
    #[error(transparent)]
    Import(#[from] readiness_core::import::ImportError),
    #[error(transparent)]
    Evidence(#[from] readiness_core::evidence::EvidenceError),
    #[error("Could not read {path}: {source}")]
    ReadInput {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("No passphrase given: use --passphrase-file FILE or set READINESS_PASSPHRASE.")]
    NoPassphrase,
    #[error("Could not read the passphrase file {path}: {source}")]
    PassphraseFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Could not write the output: {0}")]
    Output(#[from] serde_json::Error),
    #[error("Could not write to {path}: {source}")]
    WriteOutput {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Binder(#[from] readiness_core::binder::BinderError),
    #[error("Unknown binder section \"{0}\". Use: scope, risks, coverage, checklist, gaps, policies, access_reviews, vendors, change_log, evidence.")]
    UnknownSection(String),
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DemoSize {
    Standard,
    Large,
}

pub(crate) enum Outcome {
    Done,
    ProblemsFound,
}

fn main() -> ExitCode {
    // Parsed through `help::command()`, so the shared help and examples are what
    // `--help`, completions and man pages show.
    let cli = match Cli::from_arg_matches(&help::command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::ProblemsFound) => ExitCode::from(1),
        Err(e) => {
            eprintln!("readiness: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<Outcome, CliError> {
    let actor = cli.actor.as_deref().map(Actor::new).unwrap_or_else(Actor::from_os);
    let pass = || passphrase(cli.passphrase_file.as_deref());
    match &cli.command {
        Command::New { file, org } => {
            let wb = Workbook::create(file, &pass()?, org, &actor)?;
            outln!("Created {} (workbook {})", file.display(), wb.id());
            wb.close()?;
        }
        Command::Demo { file, size } => {
            let pass = match (cli.passphrase_file.as_deref(), std::env::var("READINESS_PASSPHRASE")) {
                (None, Err(_)) => Passphrase::new(demo::DEMO_PASSPHRASE),
                (file, _) => passphrase(file)?,
            };
            let wb = match size {
                DemoSize::Standard => demo::create_demo(file, &pass)?,
                DemoSize::Large => demo::create_large(file, &pass)?,
            };
            outln!("Created demo workbook {} for {}", file.display(), demo::DEMO_ORGANIZATION);
            wb.close()?;
        }
        Command::Info { file, json } => {
            let wb = Workbook::open(file, &pass()?, Access::ReadOnly)?;
            let s = summary::summarize(&wb)?;
            if *json {
                outln!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                outln!("{}  ({})", s.organization.legal_name, file.display());
                outln!("Workbook {}  ·  format {}  ·  created {}", s.workbook_id, s.schema_version, s.created_at);
                outln!(
                    "Created by Readiness Workbook {}, last written by {}",
                    s.app_versions.created_by,
                    s.app_versions.last_written_by
                );
                outln!("Change log: {} entries, head {}", s.change_log.entries, s.change_log.head_hash);
                let r = &s.readiness;
                outln!(
                    "Readiness: {}%  ({} of {} criteria ready, {} partly ready, {} not started{})",
                    r.percent,
                    r.criteria_ready,
                    r.criteria_in_scope,
                    r.criteria_partly_ready,
                    r.criteria_not_started,
                    if r.criteria_not_applicable > 0 {
                        format!(", {} ready (not applicable)", r.criteria_not_applicable)
                    } else {
                        String::new()
                    }
                );
                outln!("  {}", s.yardstick.sentence);
                outln!("Progress by step:");
                for step in &s.steps {
                    outln!("  {:<16} {:>4}%  {}", step.title, step.percent, step.detail);
                }
            }
        }
        Command::Verify { file, json } => {
            let wb = Workbook::open(file, &pass()?, Access::ReadOnly)?;
            let report = verify::verify(&wb)?;
            if *json {
                outln!("{}", serde_json::to_string_pretty(&report)?);
            } else if report.ok {
                outln!(
                    "OK: storage intact; change log of {} entries unbroken; {} records match the log. Head {}",
                    report.entries_checked,
                    report.rows_checked,
                    report.head_hash
                );
            } else {
                outln!("PROBLEMS FOUND ({}):", report.problems.len());
                for p in &report.problems {
                    outln!("  - {}", p.message);
                }
            }
            if !report.ok {
                return Ok(Outcome::ProblemsFound);
            }
        }
        Command::Log { file, limit, json } => {
            let wb = Workbook::open(file, &pass()?, Access::ReadOnly)?;
            let entries = workbook::recent_changes(wb.conn(), *limit)?;
            if *json {
                outln!("{}", serde_json::to_string_pretty(&entries)?);
            } else {
                for e in entries {
                    outln!(
                        "{:>6}  {}  {:<12} {:<7} {} {}  {}",
                        e.seq,
                        e.at.format("%Y-%m-%d %H:%M:%S"),
                        e.actor,
                        e.action,
                        e.entity,
                        e.entity_id,
                        &e.hash[..12]
                    );
                }
            }
        }
        Command::Copy { file, dest } => {
            let wb = Workbook::open(file, &pass()?, Access::ReadOnly)?;
            wb.save_copy(dest)?;
            outln!("Saved a copy to {}", dest.display());
        }
        Command::Criteria(c) => return scoping::criteria(c, &pass()?),
        Command::Scope(c) => return scoping::scope(c, &pass()?, &actor),
        Command::Org(c) => return org_cmd::run(c, &pass()?, &actor),
        Command::People(c) => return people_cmd::run(c, &pass()?, &actor),
        Command::Systems(c) => return systems_cmd::run(c, &pass()?, &actor),
        Command::Description(c) => return description_cmd::run(c, &pass()?, &actor),
        Command::Completions { shell } => return shell_cmd::completions(*shell),
        Command::Man { out_dir } => return shell_cmd::man(out_dir),
        Command::Items(c) => return checklist_cmd::items(c, &pass()?, &actor),
        Command::Gaps { file, json } => return checklist_cmd::gaps(file, *json, &pass()?),
        Command::Plan { file, json } => return plan_cmd::run(file, *json, &pass()?),
        Command::Pbc { file, out } => return checklist_cmd::pbc(file, out, &pass()?),
        Command::Evidence(c) => return evidence_cmd::run(c, &pass()?, &actor),
        Command::Vendors(c) => return vendors_cmd::run(c, &pass()?, &actor),
        Command::Binder(c) => return binder_cmd::run(c, &actor, pass),
        Command::Policies(c) => return policies_cmd::run(c, &pass()?, &actor),
        Command::Risks(c) => return risks_cmd::run(c, &pass()?, &actor),
        Command::BenchBinder { workbook, runs, typst_python, review_accounts } => {
            return bench_binder::run(workbook.as_deref(), *runs, typst_python.as_deref(), *review_accounts)
        }
        Command::BenchBinderExport { file, output } => return bench_binder::export_once(file, output),
        Command::Access(c) => return access_cmd::run(c, &pass()?, &actor),
        Command::Bench(c) => return bench_cmd::run_bench(c),
        Command::BenchDashboard { items, evidence, runs } => return bench_cmd::dashboard(*items, *evidence, *runs),
    }
    Ok(Outcome::Done)
}

/// Today's date on this computer: what "overdue" and "expired" are measured against.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Writes bytes to stdout, ending quietly on a broken pipe like `outln!`.
pub(crate) fn write_stdout(bytes: &[u8]) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn passphrase(file: Option<&Path>) -> Result<Passphrase, CliError> {
    if let Some(path) = file {
        return Passphrase::from_file(path)
            .map_err(|source| CliError::PassphraseFile { path: path.to_owned(), source });
    }
    match std::env::var("READINESS_PASSPHRASE") {
        Ok(p) if !p.is_empty() => Ok(Passphrase::new(p)),
        _ => Err(CliError::NoPassphrase),
    }
}

//! `readiness evidence add|list|export`: evidence files from the command line, and the
//! hidden `bench-attach` benchmark (in `bench_attach`) that measures attaching against
//! `sha256sum`.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use readiness_core::checklist;
use readiness_core::evidence::{self, EvidenceError, NewEvidence, Progress};
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{Access, Actor, Workbook};

use crate::{print_json, CliError, Outcome};

#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// Attach a file as evidence for a checklist item; its bytes are stored inside the
    /// workbook. Prints the reference, SHA-256 (as `sha256sum` prints it), size and name.
    Add {
        file: PathBuf,
        /// The checklist item it supports, e.g. AC-01.
        item_ref: String,
        /// The evidence file.
        path: PathBuf,
        /// What the file shows.
        #[arg(long, default_value = "")]
        description: String,
        /// When the evidence was produced, YYYY-MM-DD (default: today).
        #[arg(long)]
        collected_at: Option<NaiveDate>,
        /// Who produced it (default: the --actor).
        #[arg(long)]
        collected_by: Option<String>,
        /// Keep the file under this name instead of its own.
        #[arg(long)]
        name: Option<String>,
    },
    /// List the evidence files.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write an evidence file out to OUT (which must not exist), checking its SHA-256.
    Export {
        file: PathBuf,
        /// The evidence reference, e.g. E-0001.
        reference: String,
        out: PathBuf,
    },
    /// Benchmark: attach generated files of each size (MiB) to throwaway workbooks and
    /// compare with `sha256sum` on the same file; disk and memory are sampled meanwhile.
    #[command(hide = true)]
    BenchAttach {
        #[arg(long, value_delimiter = ',', default_value = "256,1024")]
        size_mib: Vec<u64>,
        /// How many times to run sha256sum and the attach, alternately; medians are reported.
        #[arg(long, default_value_t = 3)]
        runs: u32,
        /// Where to put the temporary file and workbook (default: the temp folder).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Extra PRAGMA name=value for the throwaway workbook's connection, to try
        /// settings before changing them for real (repeatable).
        #[arg(long = "pragma", value_name = "NAME=VALUE")]
        pragmas: Vec<String>,
    },
}

pub fn run(cmd: &EvidenceCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        EvidenceCommand::Add { file, item_ref, path, description, collected_at, collected_by, name } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let item_id = checklist::id_by_ref(wb.conn(), item_ref)?
                .ok_or_else(|| EvidenceError::UnknownItem { reference: item_ref.trim().to_owned() })?;
            let meta = NewEvidence {
                description: description.clone(),
                collected_at: *collected_at,
                collected_by: collected_by.clone().unwrap_or_default(),
                file_name: name.clone(),
            };
            let mut progress = terminal_progress();
            let added = evidence::attach_file(&mut wb, actor, path, &meta, &mut progress, |w, ev| {
                evidence::link(w, &item_id, &ev.id).map(|_| ())
            })?;
            println!("{}  {}  {} bytes  {}", added.reference, added.sha256, added.size, added.file_name);
            wb.close()?;
        }
        EvidenceCommand::List { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let all = evidence::list(wb.conn())?;
            if *json {
                print_json(&all)?;
            } else {
                for e in all {
                    println!(
                        "{:<7} {}  {:>12} bytes  {:<24} {}  ({} item{})",
                        e.reference.as_str(),
                        e.collected_at,
                        e.size,
                        e.media_type,
                        e.file_name,
                        e.item_ids.len(),
                        if e.item_ids.len() == 1 { "" } else { "s" }
                    );
                }
            }
        }
        EvidenceCommand::Export { file, reference, out } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let report = evidence::export(wb.conn(), reference, out)?;
            println!("{}  {} bytes  {}", report.sha256, report.bytes, out.display());
        }
        EvidenceCommand::BenchAttach { size_mib, runs, dir, pragmas } => {
            crate::bench_attach::run_sizes(size_mib, *runs, dir.as_deref(), pragmas, pass, actor)?;
        }
    }
    Ok(Outcome::Done)
}

/// A percentage on stderr when a person is watching; nothing in scripts.
fn terminal_progress() -> impl FnMut(Progress) -> ControlFlow<()> {
    let show = std::io::stderr().is_terminal();
    move |p: Progress| {
        if show && p.total > 0 {
            let mut err = std::io::stderr();
            let _ = write!(err, "\rAttaching… {:>3}%", p.done * 100 / p.total);
            if p.done == p.total {
                let _ = write!(err, "\r{:20}\r", "");
            }
            let _ = err.flush();
        }
        ControlFlow::Continue(())
    }
}

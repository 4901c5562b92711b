//! `readiness evidence add|list|export`: evidence files from the command line, and the
//! hidden `bench-attach` benchmark that measures attaching against `sha256sum`.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clap::Subcommand;
use readiness_core::checklist;
use readiness_core::evidence::{self, Evidence, EvidenceError, NewEvidence, Progress};
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{lock_path, Access, Actor, Workbook, WorkbookError};

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
    /// Benchmark: attach a generated file of N MiB to a throwaway workbook and compare
    /// with `sha256sum` on the same file.
    #[command(hide = true)]
    BenchAttach {
        #[arg(long)]
        size_mib: u64,
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
            let added = wb.write(actor, |w| -> Result<Evidence, EvidenceError> {
                let added = evidence::add_file(w, actor, path, &meta, &mut progress)?;
                evidence::link(w, &item_id, &added.id)?;
                Ok(added)
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
        EvidenceCommand::BenchAttach { size_mib, dir, pragmas } => {
            bench_attach(*size_mib, dir.as_deref(), pragmas, pass, actor)?;
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

// ---- bench-attach ----------------------------------------------------------------------

/// Files the benchmark creates, removed however it ends.
struct Scratch(Vec<PathBuf>);

impl Drop for Scratch {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn bench_attach(
    size_mib: u64,
    dir: Option<&Path>,
    pragmas: &[String],
    pass: &Passphrase,
    actor: &Actor,
) -> Result<(), CliError> {
    if size_mib == 0 {
        return Err(WorkbookError::Invalid("Give --size-mib of at least 1.".to_owned()).into());
    }
    let dir = dir.map(Path::to_owned).unwrap_or_else(std::env::temp_dir);
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let source = dir.join(format!("bench-{tag}.bin"));
    let book = dir.join(format!("bench-{tag}.soc2wb"));
    let exported = dir.join(format!("bench-{tag}.out"));
    let mut scratch = Scratch(vec![source.clone(), exported.clone()]);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        scratch.0.push(PathBuf::from(format!("{}{suffix}", book.display())));
    }
    scratch.0.push(lock_path(&book));

    let bytes = size_mib * 1024 * 1024;
    write_pseudo_random(&source, bytes)?;
    println!("File: {} MiB of pseudo-random bytes in {}", size_mib, dir.display());

    let (reference_sha, sha256sum_time, sha256sum_cpu) = match run_sha256sum(&source) {
        Some((sha, t, cpu)) => {
            println!("sha256sum: {:>8.1} MB/s  ({:.2} s{})", mb_per_s(bytes, t), t.as_secs_f64(), cpu_note(cpu));
            (Some(sha), Some(t), cpu)
        }
        None => {
            println!("sha256sum: not available; no ratio");
            (None, None, None)
        }
    };

    let mut wb = Workbook::create(&book, pass, "Benchmark", actor)?;
    for p in pragmas {
        let (name, value) = p
            .split_once('=')
            .ok_or_else(|| WorkbookError::Invalid(format!("--pragma {p}: write it as NAME=VALUE.")))?;
        wb.conn().pragma_update(None, name.trim(), value.trim()).map_err(WorkbookError::from)?;
        println!("PRAGMA {} = {}", name.trim(), value.trim());
    }

    let peak_was_reset = reset_peak_memory();
    let before = memory();
    let cpu_before = cpu_time(CpuOf::Own);
    let start = Instant::now();
    let mut streamed = Duration::ZERO;
    let meta = NewEvidence { description: "benchmark".to_owned(), ..NewEvidence::default() };
    let added = wb.write(actor, |w| -> Result<Evidence, EvidenceError> {
        let added = evidence::add_file(w, actor, &source, &meta, &mut |_| ControlFlow::Continue(()))?;
        streamed = start.elapsed();
        Ok(added)
    })?;
    let attach_time = start.elapsed();
    let attach_cpu = cpu_time(CpuOf::Own).zip(cpu_before).map(|(a, b)| a.saturating_sub(b));
    let after = memory();

    let export_start = Instant::now();
    let exported_report = evidence::export(wb.conn(), added.reference.as_str(), &exported)?;
    let export_time = export_start.elapsed();

    let attach_rate = mb_per_s(bytes, attach_time);
    println!(
        "attach:    {:>8.1} MB/s  ({:.2} s: {:.2} s reading, hashing and inserting; {:.2} s committing{})",
        attach_rate,
        attach_time.as_secs_f64(),
        streamed.as_secs_f64(),
        (attach_time - streamed).as_secs_f64(),
        cpu_note(attach_cpu)
    );
    if let Some(t) = sha256sum_time {
        println!("ratio:     {:>8.0} % of sha256sum (target ≥ 70 %)", 100.0 * attach_rate / mb_per_s(bytes, t));
    }
    if let (Some(a), Some(s)) = (attach_cpu, sha256sum_cpu) {
        println!(
            "cpu ratio: {:>8.0} % (sha256sum CPU time / attach CPU time)",
            100.0 * s.as_secs_f64() / a.as_secs_f64().max(1e-9)
        );
    }
    println!("export:    {:>8.1} MB/s  ({:.2} s)", mb_per_s(bytes, export_time), export_time.as_secs_f64());
    match (before, after) {
        (Some(b), Some(a)) => {
            let growth = a.peak_kib.saturating_sub(b.rss_kib) as f64 / 1024.0;
            // Without a reset, an earlier peak can hide this one: the figure is then
            // only an upper bound.
            let bound = if peak_was_reset || a.peak_kib > b.peak_kib { "" } else { "≤ " };
            println!(
                "memory:    peak growth {bound}{growth:.1} MiB during attach (RSS {:.1} MiB before, peak {:.1} MiB; target < 64 MiB)",
                b.rss_kib as f64 / 1024.0,
                a.peak_kib as f64 / 1024.0
            );
        }
        _ => println!("memory:    not measurable here (no /proc/self/status)"),
    }
    println!(
        "BENCH {}",
        serde_json::json!({
            "name": "evidence_attach", "mib": size_mib,
            "attach_ms": attach_time.as_secs_f64() * 1000.0,
            "sha256sum_ms": sha256sum_time.map(|t| t.as_secs_f64() * 1000.0),
            "percent_of_sha256sum": sha256sum_time.map(|t| 100.0 * attach_rate / mb_per_s(bytes, t)),
            "export_ms": export_time.as_secs_f64() * 1000.0,
            "peak_rss_mib": after.map(|a| a.peak_kib as f64 / 1024.0),
        })
    );
    let wal = std::fs::metadata(format!("{}-wal", book.display())).map(|m| m.len()).unwrap_or(0);
    let main = std::fs::metadata(&book).map(|m| m.len()).unwrap_or(0);
    println!("disk:      workbook {:.1} MiB, write-ahead log {:.1} MiB after commit", mib(main), mib(wal));
    let same = reference_sha.as_deref().map(|s| s == added.sha256);
    println!(
        "sha256:    {}{}",
        added.sha256,
        match same {
            Some(true) => "  (same as sha256sum)",
            Some(false) => "  (DIFFERENT from sha256sum)",
            None => "",
        }
    );
    if exported_report.sha256 != added.sha256 {
        println!("export:    DIFFERENT sha256 {}", exported_report.sha256);
    }
    wb.close()?;
    drop(scratch);
    Ok(())
}

/// Writes `bytes` of xorshift output in 1 MiB pieces: incompressible, reproducible,
/// and never the whole file in memory.
fn write_pseudo_random(path: &Path, bytes: u64) -> Result<(), CliError> {
    let io = |source| WorkbookError::Io { action: "write", path: path.to_owned(), source };
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(io)?;
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut buf = vec![0u8; 1024 * 1024];
    let mut left = bytes;
    while left > 0 {
        for word in buf.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        let n = usize::try_from(left.min(buf.len() as u64)).unwrap_or(buf.len());
        file.write_all(&buf[..n]).map_err(io)?;
        left -= n as u64;
    }
    file.sync_all().map_err(io)?;
    Ok(())
}

/// The hash `sha256sum` prints, with its wall-clock and CPU time.
fn run_sha256sum(path: &Path) -> Option<(String, Duration, Option<Duration>)> {
    let cpu_before = cpu_time(CpuOf::Children);
    let start = Instant::now();
    let out = std::process::Command::new("sha256sum").arg(path).output().ok()?;
    let elapsed = start.elapsed();
    let cpu = cpu_time(CpuOf::Children).zip(cpu_before).map(|(a, b)| a.saturating_sub(b));
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Some((text.split_whitespace().next()?.to_owned(), elapsed, cpu))
}

#[derive(Clone, Copy)]
enum CpuOf {
    /// This process, all threads.
    Own,
    /// Finished child processes.
    Children,
}

/// User + system CPU time from /proc/self/stat (Linux only). CPU time is what to
/// compare on a busy machine, where wall-clock time depends on the neighbours.
fn cpu_time(of: CpuOf) -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime, stime are fields 14 and 15 of the line; cutime, cstime 16 and 17; here
    // shifted by the two leading fields (pid, comm) already cut off.
    let (user, system) = match of {
        CpuOf::Own => (fields.get(11)?, fields.get(12)?),
        CpuOf::Children => (fields.get(13)?, fields.get(14)?),
    };
    let ticks: u64 = user.parse::<u64>().ok()? + system.parse::<u64>().ok()?;
    // /proc reports in USER_HZ, which Linux fixes at 100 for user space.
    Some(Duration::from_millis(ticks * 10))
}

#[derive(Clone, Copy)]
struct Memory {
    rss_kib: u64,
    peak_kib: u64,
}

/// Current and peak resident memory from /proc/self/status (Linux only).
fn memory() -> Option<Memory> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some(Memory { rss_kib: field("VmRSS:")?, peak_kib: field("VmHWM:")? })
}

/// Resets the peak-memory mark so it measures the attach alone (Linux 4.0+; harmless
/// elsewhere). Returns whether it worked.
fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn cpu_note(cpu: Option<Duration>) -> String {
    cpu.map(|c| format!("; {:.2} s CPU", c.as_secs_f64())).unwrap_or_default()
}

fn mb_per_s(bytes: u64, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64().max(1e-9)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

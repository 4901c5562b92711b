//! `readiness evidence bench-attach`: attaches a generated file to throwaway workbooks
//! and compares with `sha256sum` on the same file, `--runs` times in alternation, and
//! prints each run and the medians. One run is at the mercy of the neighbours on a
//! shared machine; the median of several is the figure to quote.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use readiness_core::evidence::{self, Evidence, NewEvidence};
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{lock_path, Actor, Workbook, WorkbookError};

use crate::proc_stats::{cpu_time, memory, reset_peak_memory, CpuOf};
use crate::CliError;

/// Files the benchmark creates, removed however it ends.
struct Scratch(Vec<PathBuf>);

impl Scratch {
    fn add_workbook(&mut self, book: &Path) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            self.0.push(PathBuf::from(format!("{}{suffix}", book.display())));
        }
        self.0.push(lock_path(book));
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Runs the benchmark for each size, then says how the time grew with the size: the
/// cost should stay linear (the largest no more than 4.5 times the time of a file a
/// quarter its size).
pub(crate) fn run_sizes(
    sizes: &[u64],
    runs: u32,
    dir: Option<&Path>,
    pragmas: &[String],
    pass: &Passphrase,
    actor: &Actor,
) -> Result<(), CliError> {
    let mut walls = Vec::new();
    for (n, size) in sizes.iter().enumerate() {
        if n > 0 {
            println!();
        }
        walls.push((*size, run(*size, runs, dir, pragmas, pass, actor)?));
    }
    if let (Some(&(small, t_small)), Some(&(large, t_large))) = (walls.first(), walls.last()) {
        if large > small {
            let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
            println!(
                "\nlinearity: {large} MiB took {ratio:.2}x the time of {small} MiB, for {:.1}x the bytes (target ≤ {:.1}x)",
                large as f64 / small as f64,
                4.5 * (large as f64 / small as f64) / 4.0
            );
        }
    }
    Ok(())
}

/// One attach into a new workbook.
struct AttachRun {
    wall: Duration,
    /// Reading, hashing and inserting, before the commit.
    streamed: Duration,
    cpu: Option<Duration>,
    /// Peak resident memory growth during the attach, in MiB, and whether the figure is
    /// exact (the peak mark could be reset) or only an upper bound.
    growth_mib: Option<(f64, bool)>,
    /// The most the workbook's files (main, -wal, -shm) grew above their size before the
    /// attach, sampled every 10 ms.
    peak_disk: u64,
    added: Evidence,
}

fn run(
    size_mib: u64,
    runs: u32,
    dir: Option<&Path>,
    pragmas: &[String],
    pass: &Passphrase,
    actor: &Actor,
) -> Result<Duration, CliError> {
    if size_mib == 0 || runs == 0 {
        return Err(WorkbookError::Invalid("Give --size-mib and --runs of at least 1.".to_owned()).into());
    }
    let pragmas = parse_pragmas(pragmas)?;
    let dir = dir.map(Path::to_owned).unwrap_or_else(std::env::temp_dir);
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let source = dir.join(format!("bench-{tag}.bin"));
    let exported = dir.join(format!("bench-{tag}.out"));
    let mut scratch = Scratch(vec![source.clone(), exported.clone()]);

    let bytes = size_mib * 1024 * 1024;
    write_pseudo_random(&source, bytes)?;
    println!("File: {size_mib} MiB of pseudo-random bytes in {}; {runs} run(s)", dir.display());
    for (name, value) in &pragmas {
        println!("PRAGMA {name} = {value}");
    }

    let mut sha_times = Vec::new();
    let mut reference_sha = None;
    let mut attaches = Vec::new();
    let mut last_book: Option<PathBuf> = None;
    for n in 1..=runs {
        // sha256sum first each time: the file is then in the page cache for both.
        let sha = run_sha256sum(&source);
        let book = dir.join(format!("bench-{tag}-{n}.soc2wb"));
        scratch.add_workbook(&book);
        // The previous run's workbook goes first: its pages still being written back to
        // the disk would slow this run down, and it is not needed any more.
        if let Some(previous) = last_book.take() {
            remove_workbook(&previous);
        }
        let attach = attach_once(&book, &source, &pragmas, pass, actor)?;
        let ratio = sha.as_ref().map(|(_, t, _)| percent_of(t, &attach.wall));
        println!(
            "run {n}:     sha256sum {:.2} s{}, attach {:.2} s ({:.2} s streaming, {:.2} s committing{}){}",
            sha.as_ref().map_or(f64::NAN, |(_, t, _)| t.as_secs_f64()),
            cpu_note(sha.as_ref().and_then(|(_, _, cpu)| *cpu)),
            attach.wall.as_secs_f64(),
            attach.streamed.as_secs_f64(),
            (attach.wall - attach.streamed).as_secs_f64(),
            cpu_note(attach.cpu),
            ratio.map(|r| format!(" → {r:.0} %")).unwrap_or_default(),
        );
        if let Some((hash, t, _)) = sha {
            reference_sha = Some(hash);
            sha_times.push(t);
        }
        attaches.push(attach);
        last_book = Some(book);
    }

    let attach_wall = median(attaches.iter().map(|a| a.wall).collect()).unwrap_or_default();
    let sha_wall = median(sha_times.clone());
    let ratios: Vec<f64> = sha_times.iter().zip(&attaches).map(|(s, a)| percent_of(s, &a.wall)).collect();
    let ratio = median(ratios.clone());
    match sha_wall {
        Some(t) => println!("sha256sum: {:>8.1} MB/s  (median {:.2} s)", mb_per_s(bytes, t), t.as_secs_f64()),
        None => println!("sha256sum: not available; no ratio"),
    }
    println!("attach:    {:>8.1} MB/s  (median {:.2} s)", mb_per_s(bytes, attach_wall), attach_wall.as_secs_f64());
    if let Some(r) = ratio {
        println!("ratio:     {r:>8.0} % of sha256sum, median of the runs' ratios (target ≥ 60 %, goal 70 %)");
    }
    let growth = attaches.iter().filter_map(|a| a.growth_mib).fold(None, |acc: Option<(f64, bool)>, (g, exact)| {
        Some(acc.map_or((g, exact), |(m, e)| (m.max(g), e && exact)))
    });
    let peak_disk = attaches.iter().map(|a| a.peak_disk).max().unwrap_or(0);
    println!(
        "disk:      peak extra {:.1} MiB during an attach of {size_mib} MiB (target ≤ {} MiB: the file plus 64)",
        mib(peak_disk),
        size_mib + 64
    );
    match growth {
        Some((g, exact)) => {
            println!(
                "memory:    peak growth {}{g:.1} MiB during an attach (target < 64 MiB)",
                if exact { "" } else { "≤ " }
            )
        }
        None => println!("memory:    not measurable here (no /proc/self/status)"),
    }

    // The last run's workbook: export, disk use, and the hash against sha256sum's.
    let (Some(book), Some(last)) = (last_book, attaches.last()) else { return Ok(attach_wall) };
    // Where the time goes: attaching the same bytes again reads and hashes the file and
    // stores nothing (they are there already), so the rest of an attach is SQLCipher
    // encrypting and writing the pages, and the checkpoints between steps.
    let mut wb = Workbook::open(&book, pass, readiness_core::workbook::Access::ReadWrite)?;
    let again = Instant::now();
    evidence::attach_file(
        &mut wb,
        actor,
        &source,
        &NewEvidence::default(),
        &mut |_| ControlFlow::Continue(()),
        |_, _| Ok(()),
    )?;
    let hash_pass = again.elapsed();
    println!(
        "profile:   reading and hashing alone {:.2} s ({:.0} % of the attach); encrypting and writing the rest",
        hash_pass.as_secs_f64(),
        100.0 * hash_pass.as_secs_f64() / attach_wall.as_secs_f64().max(1e-9)
    );
    wb.close()?;
    let wb = Workbook::open(&book, pass, readiness_core::workbook::Access::ReadOnly)?;
    let export_start = Instant::now();
    let exported_report = evidence::export(wb.conn(), last.added.reference.as_str(), &exported)?;
    let export_time = export_start.elapsed();
    println!("export:    {:>8.1} MB/s  ({:.2} s)", mb_per_s(bytes, export_time), export_time.as_secs_f64());
    let main = std::fs::metadata(&book).map(|m| m.len()).unwrap_or(0);
    println!("disk:      workbook {:.1} MiB once closed", mib(main));
    let same = reference_sha.as_deref().map(|s| s == last.added.sha256);
    println!(
        "sha256:    {}{}",
        last.added.sha256,
        match same {
            Some(true) => "  (same as sha256sum)",
            Some(false) => "  (DIFFERENT from sha256sum)",
            None => "",
        }
    );
    if exported_report.sha256 != last.added.sha256 {
        println!("export:    DIFFERENT sha256 {}", exported_report.sha256);
    }
    println!(
        "BENCH {}",
        serde_json::json!({
            "name": "evidence_attach", "mib": size_mib, "runs": runs,
            "attach_ms": attach_wall.as_secs_f64() * 1000.0,
            "sha256sum_ms": sha_wall.map(|t| t.as_secs_f64() * 1000.0),
            "percent_of_sha256sum": ratio,
            "percent_each_run": ratios,
            "export_ms": export_time.as_secs_f64() * 1000.0,
            "peak_growth_mib": growth.map(|(g, _)| g),
            "peak_extra_disk_mib": mib(peak_disk),
            "hash_pass_ms": hash_pass.as_secs_f64() * 1000.0,
        })
    );
    drop(wb);
    drop(scratch);
    Ok(attach_wall)
}

/// Samples the workbook's files every 10 ms on a thread of its own while `f` runs, and
/// returns `f`'s result with the most they grew above their size at the start.
fn sampling_disk<T>(book: &Path, f: impl FnOnce() -> T) -> (T, u64) {
    let files: Vec<PathBuf> =
        ["", "-wal", "-shm"].iter().map(|s| PathBuf::from(format!("{}{s}", book.display()))).collect();
    let used = move || files.iter().map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)).sum::<u64>();
    let start = used();
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let sampler = s.spawn(|| {
            let mut peak = start;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(used());
                std::thread::sleep(Duration::from_millis(10));
            }
            peak.max(used())
        });
        let out = f();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let peak = sampler.join().unwrap_or(start);
        (out, peak.saturating_sub(start))
    })
}

fn parse_pragmas(pragmas: &[String]) -> Result<Vec<(String, String)>, CliError> {
    pragmas
        .iter()
        .map(|p| {
            let (name, value) = p
                .split_once('=')
                .ok_or_else(|| WorkbookError::Invalid(format!("--pragma {p}: write it as NAME=VALUE.")))?;
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

fn attach_once(
    book: &Path,
    source: &Path,
    pragmas: &[(String, String)],
    pass: &Passphrase,
    actor: &Actor,
) -> Result<AttachRun, CliError> {
    let mut wb = Workbook::create(book, pass, "Benchmark", actor)?;
    for (name, value) in pragmas {
        wb.conn().pragma_update(None, name, value).map_err(WorkbookError::from)?;
    }
    let peak_was_reset = reset_peak_memory();
    let before = memory();
    let cpu_before = cpu_time(CpuOf::Own);
    let start = Instant::now();
    let mut streamed = Duration::ZERO;
    let meta = NewEvidence { description: "benchmark".to_owned(), ..NewEvidence::default() };
    let (added, peak_disk) = sampling_disk(book, || {
        evidence::attach_file(&mut wb, actor, source, &meta, &mut |_| ControlFlow::Continue(()), |_, _| {
            streamed = start.elapsed();
            Ok(())
        })
    });
    let added = added?;
    let wall = start.elapsed();
    let cpu = cpu_time(CpuOf::Own).zip(cpu_before).map(|(a, b)| a.saturating_sub(b));
    let growth_mib = before.zip(memory()).map(|(b, a)| {
        // Without a reset, an earlier peak can hide this one: then only an upper bound.
        (a.peak_kib.saturating_sub(b.rss_kib) as f64 / 1024.0, peak_was_reset || a.peak_kib > b.peak_kib)
    });
    wb.close()?;
    Ok(AttachRun { wall, streamed, cpu, growth_mib, peak_disk, added })
}

fn remove_workbook(book: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", book.display()));
    }
    let _ = std::fs::remove_file(lock_path(book));
}

/// The middle value (the upper middle of an even count); `None` when there is none.
fn median<T: Copy + PartialOrd>(mut v: Vec<T>) -> Option<T> {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.get(v.len() / 2).copied()
}

/// Attach throughput as a percentage of sha256sum's on the same bytes.
fn percent_of(sha256sum: &Duration, attach: &Duration) -> f64 {
    100.0 * sha256sum.as_secs_f64() / attach.as_secs_f64().max(1e-9)
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

fn cpu_note(cpu: Option<Duration>) -> String {
    cpu.map(|c| format!("; {:.2} s CPU", c.as_secs_f64())).unwrap_or_default()
}

fn mb_per_s(bytes: u64, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64().max(1e-9)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

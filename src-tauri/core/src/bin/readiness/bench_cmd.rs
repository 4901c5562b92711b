//! `readiness bench-dashboard`: times the dashboard and readiness summary on a generated
//! workbook of a given size. Prints numbers; sets no pass/fail (targets live in the
//! issue notes, not in flaky timed tests).

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use readiness_core::catalog::Category;
use readiness_core::checklist::{self, Frequency, NewItem};
use readiness_core::evidence::{self, NewEvidence};
use readiness_core::passphrase::Passphrase;
use readiness_core::scope;
use readiness_core::summary;
use readiness_core::workbook::{Actor, Workbook, WorkbookError};

use crate::{CliError, Outcome};

pub fn dashboard(items: u32, files: u32, runs: u32) -> Result<Outcome, CliError> {
    let dir = std::env::temp_dir().join(format!("readiness-bench-{}", uuid_like()));
    std::fs::create_dir_all(&dir).map_err(|e| CliError::Workbook(WorkbookError::Invalid(e.to_string())))?;
    let result = run(&dir, items, files, runs);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn uuid_like() -> String {
    format!("{}-{}", std::process::id(), Instant::now().elapsed().as_nanos())
}

fn run(dir: &std::path::Path, items: u32, files: u32, runs: u32) -> Result<Outcome, CliError> {
    let actor = Actor::new("bench");
    let path = dir.join("bench.soc2wb");
    let setup = Instant::now();
    let mut wb = Workbook::create(&path, &Passphrase::new("benchmark passphrase"), "Bench Co", &actor)?;
    wb.write(&actor, |w| -> Result<(), WorkbookError> {
        for c in [Category::Availability, Category::Confidentiality, Category::ProcessingIntegrity, Category::Privacy] {
            scope::set_category(w, c, true, "benchmark")?;
        }
        Ok(())
    })?;
    let today = crate::today();
    let have = checklist::list(&wb, today)?.len() as u32;
    wb.write(&actor, |w| -> Result<(), WorkbookError> {
        for n in have..items {
            checklist::create_custom(
                w,
                &NewItem {
                    title: format!("Custom control {n}"),
                    area: "governance".into(),
                    why: String::new(),
                    how: String::new(),
                    frequency: Frequency::Quarterly,
                    criteria: vec![format!("CC{}.1", 1 + n % 9)],
                    key_for: Vec::new(),
                },
            )?;
        }
        Ok(())
    })?;
    let all = checklist::list(&wb, today)?;
    let src = dir.join("evidence.txt");
    for n in 0..files {
        std::fs::write(&src, format!("evidence file {n}\n").repeat(1 + (n as usize % 40)))
            .map_err(|e| CliError::Workbook(WorkbookError::Invalid(e.to_string())))?;
        let item = &all[n as usize % all.len()].id;
        wb.write(&actor, |w| {
            let ev = evidence::add_file(w, &actor, &src, &NewEvidence::default(), &mut |_| ControlFlow::Continue(()))?;
            evidence::link(w, item, &ev.id)?;
            Ok::<_, evidence::EvidenceError>(())
        })?;
    }
    println!(
        "Workbook: {} items, {} evidence files (set up in {:.1} s)",
        checklist::list(&wb, today)?.len(),
        evidence::list(wb.conn())?.len(),
        setup.elapsed().as_secs_f64()
    );
    let mut medians: Vec<(String, f64)> = Vec::new();
    let mut time = |label: &str, f: &mut dyn FnMut() -> Result<(), CliError>| -> Result<(), CliError> {
        let mut samples: Vec<Duration> = Vec::new();
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            f()?;
            samples.push(t.elapsed());
        }
        samples.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{label:<22} min {:>7.2} ms   median {:>7.2} ms   max {:>7.2} ms   ({} runs)",
            ms(samples[0]),
            ms(samples[samples.len() / 2]),
            ms(samples[samples.len() - 1]),
            samples.len()
        );
        medians.push((label.replace(' ', "_"), ms(samples[samples.len() / 2])));
        Ok(())
    };
    time("dashboard", &mut || {
        checklist::dashboard::dashboard(wb.conn(), today)?;
        Ok(())
    })?;
    time("readiness summary", &mut || {
        summary::summarize(&wb)?;
        Ok(())
    })?;
    time("readiness and gaps", &mut || {
        readiness_core::readiness::report(wb.conn(), today)?;
        Ok(())
    })?;
    let (item_count, evidence_count) = (checklist::list(&wb, today)?.len(), evidence::list(wb.conn())?.len());
    wb.close()?;
    // Opening: key derivation, migrations check, then the summary the app shows first.
    let open_start = Instant::now();
    let wb =
        Workbook::open(&path, &Passphrase::new("benchmark passphrase"), readiness_core::workbook::Access::ReadWrite)?;
    summary::summarize(&wb)?;
    let open_ms = open_start.elapsed().as_secs_f64() * 1000.0;
    println!("open + summary         {open_ms:>7.2} ms");
    wb.close()?;
    let mut json = serde_json::json!({
        "name": "open_and_dashboard", "items": item_count, "evidence": evidence_count,
        "open_and_summary_ms": open_ms,
    });
    for (k, v) in medians {
        json[format!("{k}_median_ms")] = serde_json::json!(v);
    }
    println!("BENCH {json}");
    Ok(Outcome::Done)
}

#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// Time opening a workbook and importing a generated AWS IAM credential report into a
    /// review (read, match against the roster, flag, insert, log, commit), next to
    /// `sqlite3`'s `.import` of the same file into a plain table, with peak memory.
    AccessImport {
        #[arg(long, default_value_t = 100_000)]
        rows: u32,
        /// How many times to run the whole measurement (each on a fresh workbook).
        #[arg(long, default_value_t = 1)]
        runs: u32,
    },
}

pub fn run_bench(cmd: &BenchCommand) -> Result<Outcome, CliError> {
    match cmd {
        BenchCommand::AccessImport { rows, runs } => {
            for run in 1..=(*runs).max(1) {
                if *runs > 1 {
                    println!("Run {run} of {runs}");
                }
                let dir = std::env::temp_dir().join(format!("readiness-bench-access-{}", uuid_like()));
                std::fs::create_dir_all(&dir).map_err(|e| CliError::Workbook(WorkbookError::Invalid(e.to_string())))?;
                let result = access_import(&dir, *rows);
                let _ = std::fs::remove_dir_all(&dir);
                result?;
            }
            Ok(Outcome::Done)
        }
    }
}

/// The roster the benchmark's accounts are matched against: `first.last{n}` emails, so
/// IAM user names match by local part, one in 25 has left.
const ROSTER: u32 = 500;

/// An AWS IAM credential report: user names that are roster local parts (`ada.quill7`),
/// squeezed ones (`adaquill14`), unknown people, machines (`svc-…`, `ci-…`) and the root
/// user, with the report's date placeholders and booleans.
pub(crate) fn generate_aws_report(rows: u32) -> String {
    let mut out = String::with_capacity(rows as usize * 330);
    out.push_str("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n");
    out.push_str("<root_account>,arn:aws:iam::123456789012:root,2021-02-01T10:02:11+00:00,not_supported,2026-01-14T08:12:40+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
    for n in 1..rows {
        // Two accounts per roster person (as written and squeezed), the rest unknown
        // people, look-alikes of roster names, and machines. Every user name is unique.
        let person = n / 200;
        let user = match (n % 200, n % 10) {
            (2, _) if person < ROSTER => roster_local(person),
            (3, _) if person < ROSTER => roster_local(person).replace('.', ""),
            (_, 0) => format!("svc-pipeline-{n}"),
            (_, 1) => format!("ci-runner-{n}"),
            (_, 5) => format!("{}-{n}", roster_local(n % ROSTER)),
            _ => format!("contractor.{n}"),
        };
        let day = 1 + n % 28;
        let month = 1 + (n / 28) % 11;
        let password = if n % 10 < 2 { "false" } else { "true" };
        let used =
            if password == "true" { format!("2026-{month:02}-{day:02}T10:11:12+00:00") } else { "N/A".to_owned() };
        let key = if n % 3 == 0 { "true" } else { "false" };
        let key_used =
            if key == "true" { format!("2026-{month:02}-{day:02}T08:00:00+00:00") } else { "N/A".to_owned() };
        let mfa = if n % 9 == 0 { "false" } else { "true" };
        out.push_str(&format!(
            "{user},arn:aws:iam::123456789012:user/{user},2024-01-02T09:00:00+00:00,{password},{used},2026-01-02T09:00:00+00:00,N/A,{mfa},{key},2026-01-02T09:00:00+00:00,{key_used},{region},{service},false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
            region = if key == "true" { "eu-west-1" } else { "N/A" },
            service = if key == "true" { "s3" } else { "N/A" },
        ));
    }
    out
}

fn roster_local(n: u32) -> String {
    const FIRST: [&str; 10] = ["ada", "leo", "mina", "zoe", "tomas", "priya", "jonas", "aisha", "ethan", "lucia"];
    const LAST: [&str; 10] =
        ["quill", "varga", "okafor", "brandt", "reyes", "natarajan", "lindqvist", "bello", "park", "fernandez"];
    format!("{}.{}{n}", FIRST[(n % 10) as usize], LAST[((n / 10) % 10) as usize])
}

/// An in-scope AWS system and an access review of it as of `as_of`: the campaign id.
pub(crate) fn aws_review(
    w: &mut readiness_core::workbook::WriteTx<'_>,
    as_of: chrono::NaiveDate,
) -> Result<String, WorkbookError> {
    use readiness_core::access::{self, CampaignInput};
    use readiness_core::systems::{DataClassification, SystemInput, SystemKind};
    let system = readiness_core::systems::create(
        w,
        &SystemInput {
            name: "AWS".into(),
            kind: SystemKind::Infrastructure,
            description: String::new(),
            owner_id: None,
            hosting: String::new(),
            data_classification: DataClassification::Internal,
            in_scope: true,
            scope_reason: String::new(),
            holds_customer_data: false,
        },
    )?;
    access::create(w, &CampaignInput { system_id: system, reviewer_id: None, as_of, due: None, stale_days: 90 })
}

fn access_import(dir: &std::path::Path, rows: u32) -> Result<Outcome, CliError> {
    use readiness_core::access::{self, AccountFilter};
    use readiness_core::people::PersonInput;
    use readiness_core::workbook::Access;

    use crate::proc_stats;

    let io = |e: std::io::Error| CliError::Workbook(WorkbookError::Invalid(e.to_string()));
    let csv_path = dir.join("credential-report.csv");
    std::fs::write(&csv_path, generate_aws_report(rows)).map_err(io)?;
    let size = std::fs::metadata(&csv_path).map_err(io)?.len();
    println!(
        "Generated an AWS credential report of {rows} users ({:.1} MB) in {}",
        size as f64 / 1_048_576.0,
        csv_path.display()
    );

    let actor = Actor::new("bench");
    let pass = Passphrase::new("benchmark passphrase");
    let path = dir.join("bench.soc2wb");
    let mut wb = Workbook::create(&path, &pass, "Bench Co", &actor)?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let campaign = wb.write(&actor, |w| -> Result<String, WorkbookError> {
        for n in 0..ROSTER {
            let local = roster_local(n);
            let (first, last) = local.split_once('.').unwrap_or((&local, ""));
            readiness_core::people::create(
                w,
                &PersonInput {
                    name: format!("{first} {}", last.trim_end_matches(|c: char| c.is_ascii_digit())),
                    email: format!("{local}@bench.example"),
                    status: Some(if n % 25 == 0 {
                        readiness_core::people::EmploymentStatus::Left
                    } else {
                        readiness_core::people::EmploymentStatus::Active
                    }),
                    ..PersonInput::default()
                },
            )?;
        }
        aws_review(w, as_of)
    })?;
    wb.close()?;

    // What the user waits for: open the workbook (key derivation included), read the
    // export, match and flag every account, write, log and commit. Peak memory is
    // measured over exactly this, before any grid page is read.
    let peak_reset = proc_stats::reset_peak_memory();
    let before = proc_stats::memory();
    let cpu_before = proc_stats::cpu_time(proc_stats::CpuOf::Own);
    let total = Instant::now();
    let t = Instant::now();
    let mut wb = Workbook::open(&path, &pass, Access::ReadWrite)?;
    let open = t.elapsed();
    let t = Instant::now();
    let bytes = std::fs::read(&csv_path).map_err(io)?;
    let (file, _) = access::read_for_campaign(wb.conn(), &campaign, &bytes, None, None)
        .map_err(|e| CliError::Workbook(WorkbookError::Invalid(e.to_string())))?;
    drop(bytes);
    let parse = t.elapsed();
    let t = Instant::now();
    let summary = wb.write(&actor, |w| access::import(w, &campaign, &file, "credential-report.csv"))?;
    let write = t.elapsed();
    drop(file);
    let ours = total.elapsed();
    let cpu = cpu_before.zip(proc_stats::cpu_time(proc_stats::CpuOf::Own)).map(|(a, b)| b.saturating_sub(a));
    let after = proc_stats::memory();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "Readiness open + import: {:>8.1} ms  (open and key derivation {:.1} ms, read + map {:.1} ms, match + flag + insert + log + commit {:.1} ms; CPU {})",
        ms(ours),
        ms(open),
        ms(parse),
        ms(write),
        cpu.map(|c| format!("{:.0} ms", ms(c))).unwrap_or_else(|| "not measured".into()),
    );
    println!("  {} accounts, {} matched to people, {} flagged", summary.accounts, summary.matched, summary.flagged);
    let peak = match (before, after, peak_reset) {
        (Some(b), Some(a), true) => {
            println!(
                "  peak RSS during open + import: {:.1} MiB (RSS before {:.1} MiB)",
                mib(a.peak_kib),
                mib(b.rss_kib)
            );
            Some(mib(a.peak_kib))
        }
        _ => {
            println!("  peak RSS not measured (needs Linux /proc)");
            None
        }
    };

    let t = Instant::now();
    let page = access::account_page(wb.conn(), &campaign, &AccountFilter::default(), 50_000, 200)?;
    println!("Grid page of {} rows at offset 50,000: {:.1} ms", page.rows.len(), ms(t.elapsed()));
    let t = Instant::now();
    let no_mfa = AccountFilter { flag: Some(readiness_core::access::Flag::NoMfa), ..AccountFilter::default() };
    let page = access::account_page(wb.conn(), &campaign, &no_mfa, 5_000, 200)?;
    let first = t.elapsed();
    let t = Instant::now();
    let next = access::account_page(wb.conn(), &campaign, &no_mfa, 5_200, 200)?;
    println!(
        "Filtered grid pages (no MFA, {} of {} rows at offsets 5,000 and 5,200): first {:.1} ms, next {:.1} ms (64 MiB page cache, not part of the import)",
        page.rows.len() + next.rows.len(),
        page.total,
        ms(first),
        ms(t.elapsed())
    );
    let t = Instant::now();
    let report = readiness_core::workbook::verify::verify(&wb)?;
    println!("Verify (re-digests the accounts): {:.1} ms, ok = {}", ms(t.elapsed()), report.ok);
    wb.close()?;

    let sqlite3 = sqlite3_import(dir, &csv_path);
    match &sqlite3 {
        Some(Ok(d)) => println!(
            "sqlite3 .import:         {:>8.1} ms  (plain table, no encryption)  ratio {:.2}x",
            ms(*d),
            ours.as_secs_f64() / d.as_secs_f64()
        ),
        Some(Err(e)) => println!("sqlite3 .import failed, no comparison: {e}"),
        None => println!("sqlite3 is not installed, so there is no comparison (scripts/setup.sh installs it)."),
    }
    let sqlite3_ms = sqlite3.and_then(Result::ok).map(ms);
    println!(
        "BENCH {}",
        serde_json::json!({
            "name": "access_import", "rows": rows, "import_ms": ms(ours), "open_ms": ms(open),
            "read_and_map_ms": ms(parse), "write_ms": ms(write), "peak_rss_mib": peak,
            "sqlite3_import_ms": sqlite3_ms, "ratio_to_sqlite3": sqlite3_ms.map(|s| ms(ours) / s),
        })
    );
    Ok(Outcome::Done)
}

/// Times the `sqlite3` command-line shell importing the CSV into a new plain table.
fn sqlite3_import(dir: &std::path::Path, csv: &std::path::Path) -> Option<Result<Duration, String>> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let db = dir.join("plain.db");
    let script = format!(".mode csv\n.import '{}' accounts\n", csv.display());
    let t = Instant::now();
    let mut child = match Command::new("sqlite3").arg(&db).stdin(Stdio::piped()).stdout(Stdio::null()).spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(e.to_string())),
    };
    if let Some(mut stdin) = child.stdin.take() {
        if let Err(e) = stdin.write_all(script.as_bytes()) {
            return Some(Err(e.to_string()));
        }
    }
    Some(match child.wait() {
        Ok(status) if status.success() => Ok(t.elapsed()),
        Ok(status) => Err(format!("sqlite3 exited with {status}")),
        Err(e) => Err(e.to_string()),
    })
}

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
    /// Time importing a generated account export into a fresh workbook, next to
    /// `sqlite3`'s `.import` of the same file into a plain table.
    AccessImport {
        #[arg(long, default_value_t = 100_000)]
        rows: u32,
    },
}

pub fn run_bench(cmd: &BenchCommand) -> Result<Outcome, CliError> {
    match cmd {
        BenchCommand::AccessImport { rows } => {
            let dir = std::env::temp_dir().join(format!("readiness-bench-access-{}", uuid_like()));
            std::fs::create_dir_all(&dir).map_err(|e| CliError::Workbook(WorkbookError::Invalid(e.to_string())))?;
            let result = access_import(&dir, *rows);
            let _ = std::fs::remove_dir_all(&dir);
            result
        }
    }
}

/// An Okta-style user report: logins, names, emails, statuses, sign-ins, groups and MFA.
fn generate_accounts_csv(rows: u32) -> String {
    let mut out = String::with_capacity(rows as usize * 160);
    out.push_str("User Id,Login,First Name,Last Name,Primary Email,Status,Created,Last Login,Groups,MFA Enrolled\n");
    let first = ["Ada", "Leo", "Mina", "Zoë", "Tomás", "Priya", "Jonas", "Aisha", "Ethan", "Lucía"];
    let last = ["Quill", "Varga", "Okafor", "Brandt", "Reyes", "Natarajan", "Lindqvist", "Bello", "Park", "Fernández"];
    for n in 0..rows {
        let (f, l) = (first[(n % 10) as usize], last[((n / 10) % 10) as usize]);
        let status = if n % 17 == 0 { "SUSPENDED" } else { "ACTIVE" };
        let login_day = 1 + n % 28;
        let month = 1 + (n / 28) % 11;
        let groups = if n % 50 == 0 { "\"Everyone, Okta Administrators\"" } else { "\"Everyone, Engineering\"" };
        let mfa = if n % 9 == 0 { "false" } else { "true" };
        out.push_str(&format!(
            "00u{n:08},user{n}@bench.example,{f},{l},user{n}@bench.example,{status},2024-01-02T09:00:00.000Z,2026-{month:02}-{login_day:02}T10:11:12.000Z,{groups},{mfa}\n"
        ));
    }
    out
}

fn access_import(dir: &std::path::Path, rows: u32) -> Result<Outcome, CliError> {
    use readiness_core::access::{self, AccountFilter, CampaignInput};
    use readiness_core::people::PersonInput;
    use readiness_core::systems::{DataClassification, SystemInput, SystemKind};

    let io = |e: std::io::Error| CliError::Workbook(WorkbookError::Invalid(e.to_string()));
    let csv_path = dir.join("accounts.csv");
    std::fs::write(&csv_path, generate_accounts_csv(rows)).map_err(io)?;
    let size = std::fs::metadata(&csv_path).map_err(io)?.len();
    println!("Generated {rows} accounts ({:.1} MB) in {}", size as f64 / 1_048_576.0, csv_path.display());

    let actor = Actor::new("bench");
    let mut wb =
        Workbook::create(&dir.join("bench.soc2wb"), &Passphrase::new("benchmark passphrase"), "Bench Co", &actor)?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let campaign = wb.write(&actor, |w| -> Result<String, WorkbookError> {
        // A roster of 500, some of whom match accounts by email, some have left.
        for n in 0..500u32 {
            readiness_core::people::create(
                w,
                &PersonInput {
                    name: format!("Person {n}"),
                    email: format!("user{}@bench.example", n * 7),
                    status: Some(if n % 25 == 0 {
                        readiness_core::people::EmploymentStatus::Left
                    } else {
                        readiness_core::people::EmploymentStatus::Active
                    }),
                    ..PersonInput::default()
                },
            )?;
        }
        let system = readiness_core::systems::create(
            w,
            &SystemInput {
                name: "Okta".into(),
                kind: SystemKind::Saas,
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
    })?;

    let bytes = std::fs::read(&csv_path).map_err(io)?;
    let t = Instant::now();
    let table = readiness_core::import::table::Table::parse(&bytes)?;
    println!(
        "  (for reference: CSV parse into cells alone {:.1} ms, {} rows)",
        t.elapsed().as_secs_f64() * 1000.0,
        table.rows.len()
    );
    drop(table);
    let total = Instant::now();
    let bytes = std::fs::read(&csv_path).map_err(io)?;
    let t = Instant::now();
    let (file, _) = access::read_for_campaign(wb.conn(), &campaign, &bytes, None, None)
        .map_err(|e| CliError::Workbook(WorkbookError::Invalid(e.to_string())))?;
    let parse = t.elapsed();
    let t = Instant::now();
    let summary = wb.write(&actor, |w| access::import(w, &campaign, &file, "accounts.csv"))?;
    let write = t.elapsed();
    let ours = total.elapsed();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "Readiness import:   {:>8.1} ms  (read + map {:.1} ms, cross-check + insert + log + commit {:.1} ms); {} accounts, {} flagged",
        ms(ours),
        ms(parse),
        ms(write),
        summary.accounts,
        summary.flagged
    );
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
        "Filtered grid pages (no MFA, {} of {} rows at offsets 5,000 and 5,200): first {:.1} ms, next {:.1} ms",
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
            "sqlite3 .import:    {:>8.1} ms  (plain table, no encryption)  ratio {:.2}x",
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
            "name": "access_import", "rows": rows, "import_ms": ms(ours), "read_and_map_ms": ms(parse),
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

//! Crash trials: the real `readiness` CLI does writes of every kind (roster, vendor and
//! risk imports, evidence attaches, item edits, policy approvals, binder exports) and is
//! killed with SIGKILL at random moments. After every trial:
//!
//! - the workbook opens for writing (the dead process's lock does not block it);
//! - `readiness verify` passes (exit 0);
//! - every change the CLI reported as committed (its success line reached stdout before
//!   the kill) is there, and is still there at the end of the run;
//! - the binder's output path holds a complete binder that verifies, or nothing: never
//!   half a PDF. Temporary `.partial` files a kill leaves are removed by the next export.
//!
//! The kill moments come from a seeded PRNG, so a failing run can be replayed:
//! `READINESS_CRASH_SEED` (default fixed) and `READINESS_CRASH_TRIALS` (default 24; the
//! full run is 200, see the README's "Hardening" section).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use readiness_core::workbook::{Access, Workbook};
use readiness_core::{binder, checklist, evidence, people, policies, risks, vendors};
use support::{actor, passphrase, PASSPHRASE};

const BIN: &str = env!("CARGO_BIN_EXE_readiness");
const APPROVER: &str = "maya@parcelwise.io";
const ROSTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/demo/roster.csv");
const EVIDENCE_BYTES: usize = 3 * 1024 * 1024;

/// SplitMix64: small, deterministic, good enough to pick moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Roster,
    Vendors,
    Risks,
    Evidence,
    ItemEdit,
    Approve,
    Binder,
}

const KINDS: [Kind; 7] =
    [Kind::Roster, Kind::Vendors, Kind::Risks, Kind::Evidence, Kind::ItemEdit, Kind::Approve, Kind::Binder];

/// What a trial promises once its success line is printed.
#[derive(Debug, Clone)]
enum Expect {
    People(Vec<String>),
    Vendors(Vec<String>),
    Risks(Vec<String>),
    /// The reference comes from the success line.
    Evidence {
        sha256: String,
        reference: Option<String>,
    },
    Item {
        reference: String,
        due: NaiveDate,
    },
    Approved {
        policy_id: String,
    },
    Binder,
}

struct Lab {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    book: PathBuf,
    pdf: PathBuf,
    items: Vec<String>,
    next_item: usize,
    drafts: Vec<String>,
}

#[derive(Default)]
struct KindCounts {
    trials: u32,
    killed: u32,
    /// Killed after the workbook's -wal file appeared (the writer was in it).
    killed_writing: u32,
    finished: u32,
    committed: u32,
    /// Killed after the change committed but before it was reported: allowed.
    unreported_commits: u32,
}

#[derive(Default)]
struct Summary {
    by_kind: BTreeMap<String, KindCounts>,
    checks: u32,
    stale_partials_seen: u32,
    failures: Vec<String>,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn setup() -> Lab {
    let (dir, book, mut wb) = support::new_workbook();
    let bytes = std::fs::read(ROSTER).unwrap();
    let roster = readiness_core::import::roster::parse_roster(&bytes, today()).unwrap();
    wb.write(&actor(), |w| people::apply_roster(w, &roster)).unwrap();
    // One plain policy per approval trial (at most one in seven trials, plus spares).
    let trials = trial_count();
    let drafts: Vec<String> = wb
        .write(&actor(), |w| {
            (0..trials / 5 + 12)
                .map(|i| {
                    policies::create_custom(
                        w,
                        &format!("Crash trial policy {i}"),
                        "security_owner",
                        &[],
                        &format!("# Policy {i}\n\nEveryone follows rule {i}.\n"),
                        "crash-trials",
                    )
                })
                .collect::<Result<_, _>>()
        })
        .unwrap();
    let items: Vec<String> =
        checklist::list(&wb, today()).unwrap().into_iter().filter(|i| i.in_scope).map(|i| i.reference).collect();
    assert!(items.len() >= 10, "a new workbook has items in scope");
    wb.close().unwrap();
    let dir_path = dir.path().to_owned();
    Lab { pdf: dir_path.join("out").join("binder.pdf"), dir: dir_path, _dir: dir, book, items, next_item: 0, drafts }
        .with_out_dir()
}

impl Lab {
    fn with_out_dir(self) -> Self {
        std::fs::create_dir_all(self.pdf.parent().unwrap()).unwrap();
        self
    }

    /// The command line for trial `n` of `kind`, and what it promises.
    fn plan(&mut self, kind: Kind, n: u32, rng: &mut Rng) -> (Vec<String>, Expect) {
        let book = self.book.to_string_lossy().into_owned();
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        match kind {
            Kind::Roster => {
                let emails: Vec<String> = (0..400).map(|i| format!("p{n}-{i}@crash.test")).collect();
                let mut csv = String::from("Name,Email,Title,Department,Status,Start Date\n");
                for (i, e) in emails.iter().enumerate() {
                    csv.push_str(&format!("Person {n} {i},{e},Engineer,Engineering,Active,2024-01-0{}\n", 1 + i % 9));
                }
                let file = self.write_input(&format!("roster-{n}.csv"), csv.as_bytes());
                (s(&["people", "import", &book, &file, "--apply"]), Expect::People(emails))
            }
            Kind::Vendors => {
                let names: Vec<String> = (0..300).map(|i| format!("Crash Vendor {n}-{i}")).collect();
                let mut csv = String::from("name,service,criticality\n");
                for v in &names {
                    csv.push_str(&format!("{v},Hosting,high\n"));
                }
                let file = self.write_input(&format!("vendors-{n}.csv"), csv.as_bytes());
                (s(&["vendors", "import", &book, "--input", &file]), Expect::Vendors(names))
            }
            Kind::Risks => {
                let titles: Vec<String> = (0..200).map(|i| format!("Crash risk {n}-{i}")).collect();
                let mut csv = String::from(
                    "title,description,category,owner_email,likelihood,impact,treatment,residual_likelihood,residual_impact,review_date\n",
                );
                for t in &titles {
                    csv.push_str(&format!("{t},,security,{APPROVER},3,4,mitigate,2,2,2027-01-15\n"));
                }
                let file = self.write_input(&format!("risks-{n}.csv"), csv.as_bytes());
                (s(&["risks", "import", &book, "--input", &file]), Expect::Risks(titles))
            }
            Kind::Evidence => {
                let mut bytes = vec![0u8; EVIDENCE_BYTES];
                for chunk in bytes.chunks_mut(8) {
                    let r = rng.next().to_le_bytes();
                    chunk.copy_from_slice(&r[..chunk.len()]);
                }
                let sha256 = readiness_core::hashing::sha256_hex(&bytes);
                let file = self.write_input(&format!("evidence-{n}.bin"), &bytes);
                let item = self.items[n as usize % self.items.len()].clone();
                (
                    s(&["evidence", "add", &book, &item, &file, "--description", "crash trial"]),
                    Expect::Evidence { sha256, reference: None },
                )
            }
            Kind::ItemEdit => {
                // Each item is edited once, so its final value is known exactly.
                let reference = self.items[self.next_item % self.items.len()].clone();
                self.next_item += 1;
                let due = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Days::new(u64::from(n));
                let due_s = due.to_string();
                (
                    s(&[
                        "items",
                        "set",
                        &book,
                        &reference,
                        "--status",
                        "in_progress",
                        "--owner",
                        APPROVER,
                        "--due",
                        &due_s,
                    ]),
                    Expect::Item { reference, due },
                )
            }
            Kind::Approve => {
                let policy_id = self.drafts.first().cloned().expect("enough draft policies");
                (s(&["policies", "approve", &book, &policy_id, "--by", APPROVER]), Expect::Approved { policy_id })
            }
            Kind::Binder => {
                let pdf = self.pdf.to_string_lossy().into_owned();
                let mut args = s(&[
                    "binder",
                    "export",
                    &book,
                    "--output",
                    &pdf,
                    "--force",
                    "--generated-at",
                    "2026-11-01T09:00:00Z",
                ]);
                if rng.below(2) == 0 {
                    args.push("--no-attachments".to_owned());
                }
                (args, Expect::Binder)
            }
        }
    }

    fn write_input(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    fn partials(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.pdf.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".partial"))
            .collect()
    }
}

fn success_prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::Roster => "Imported: ",
        Kind::Vendors => "Imported vendors: ",
        Kind::Risks => "Imported risks: ",
        Kind::Evidence => "E-",
        Kind::ItemEdit => "", // "<ref> is now: ..."
        Kind::Approve => "Approved ",
        Kind::Binder => "Wrote ",
    }
}

fn reported_line(kind: Kind, stdout: &str, expect: &Expect) -> Option<String> {
    stdout
        .lines()
        .find(|l| match (kind, expect) {
            (Kind::ItemEdit, Expect::Item { reference, .. }) => l.starts_with(&format!("{reference} is now: ")),
            _ => l.starts_with(success_prefix(kind)),
        })
        .map(str::to_owned)
}

struct RunResult {
    stdout: String,
    stderr: String,
    killed: bool,
    exit: Option<i32>,
    elapsed: Duration,
    /// When the workbook's `-wal` file appeared, if it did.
    wal_at: Option<Duration>,
}

/// When to send SIGKILL.
#[derive(Clone, Copy, Debug)]
enum KillAt {
    Never,
    /// This long after the start.
    Time(Duration),
    /// This long after the workbook's `-wal` file appears: the writer has the file open,
    /// switched to WAL, and is migrating or writing.
    AfterWal(Duration),
}

fn run_cli(lab: &Lab, args: &[String], kill: KillAt) -> RunResult {
    let err_path = lab.dir.join("stderr.txt");
    let wal = PathBuf::from(format!("{}-wal", lab.book.display()));
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .env("READINESS_PASSPHRASE", PASSPHRASE)
        .env("READINESS_ACTOR", "crash-trials")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    // Read stdout on a thread so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let mut wal_at = None;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let now = started.elapsed();
        if wal_at.is_none() && wal.exists() {
            wal_at = Some(now);
        }
        let due = match (kill, wal_at) {
            (KillAt::Time(d), _) => now >= d,
            (KillAt::AfterWal(d), Some(w)) => now >= w + d,
            _ => false,
        };
        if due {
            let _ = child.kill(); // SIGKILL; a no-op if it already exited
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let status = child.wait().unwrap();
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    RunResult { stdout, stderr, killed: status.signal() == Some(9), exit: status.code(), elapsed, wal_at }
}

/// Checks one promise against the workbook; `strict` when it was reported committed.
/// Returns Ok(true) if the change is there, Ok(false) if it is cleanly absent.
fn check(wb: &Workbook, lab: &Lab, expect: &Expect) -> Result<bool, String> {
    let conn = wb.conn();
    let all_or_none = |present: usize, total: usize, what: &str| -> Result<bool, String> {
        match present {
            0 => Ok(false),
            n if n == total => Ok(true),
            n => Err(format!("{what}: {n} of {total} rows present: a half-applied import")),
        }
    };
    match expect {
        Expect::People(emails) => {
            let n = emails.iter().filter(|e| people::find_by_email(conn, e).unwrap().is_some()).count();
            all_or_none(n, emails.len(), "roster")
        }
        Expect::Vendors(names) => {
            let n = names.iter().filter(|v| vendors::find_by_name(conn, v).unwrap().is_some()).count();
            all_or_none(n, names.len(), "vendors")
        }
        Expect::Risks(titles) => {
            let n = titles.iter().filter(|t| risks::find_by_title(conn, t).unwrap().is_some()).count();
            all_or_none(n, titles.len(), "risks")
        }
        Expect::Evidence { sha256, reference } => {
            let found: Vec<_> = evidence::list(conn).unwrap().into_iter().filter(|e| &e.sha256 == sha256).collect();
            match (reference, found.as_slice()) {
                (_, []) => Ok(false),
                (Some(r), [e]) if e.reference.as_str() != r => {
                    Err(format!("evidence {sha256}: reported as {r}, stored as {}", e.reference.as_str()))
                }
                (_, [e]) if e.item_ids.is_empty() => {
                    Err(format!("evidence {}: stored but not linked", e.reference.as_str()))
                }
                (_, [_]) => Ok(true),
                (_, more) => Err(format!("evidence {sha256}: stored {} times", more.len())),
            }
        }
        Expect::Item { reference, due } => {
            let id = checklist::id_by_ref(conn, reference).unwrap().unwrap();
            let item = checklist::get(conn, &id, today()).unwrap().unwrap();
            match item.due_date {
                Some(d) if d == *due => {
                    if item.status == checklist::ItemStatus::InProgress && item.owner_id.is_some() {
                        Ok(true)
                    } else {
                        Err(format!("item {reference}: due date set without its status and owner"))
                    }
                }
                None => Ok(false),
                Some(d) => Err(format!("item {reference}: due {d}, expected {due} or none")),
            }
        }
        Expect::Approved { policy_id } => {
            let status = policies::versions(conn, policy_id).unwrap()[0].status;
            Ok(status == policies::VersionStatus::Approved)
        }
        Expect::Binder => match lab.pdf.exists() {
            false => Ok(false),
            true => {
                let report = binder::verify(&lab.pdf, None).map_err(|e| format!("binder at the output path: {e}"))?;
                if report.ok() {
                    Ok(true)
                } else {
                    Err(format!("binder at the output path does not verify: {:?}", report.checks))
                }
            }
        },
    }
}

fn trial_count() -> u32 {
    std::env::var("READINESS_CRASH_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(24)
}

fn verify_cli(lab: &Lab) -> Result<(), String> {
    let r = run_cli(lab, &["verify".to_owned(), lab.book.to_string_lossy().into_owned()], KillAt::Never);
    if r.exit == Some(0) {
        Ok(())
    } else {
        Err(format!("readiness verify exit {:?}: {}{}", r.exit, r.stdout, r.stderr))
    }
}

#[test]
fn the_cli_survives_sigkill_during_every_kind_of_write() {
    let trials = trial_count();
    let seed = std::env::var("READINESS_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5EED_2026u64);
    let started = Instant::now();
    let mut rng = Rng(seed);
    let mut lab = setup();
    let mut summary = Summary::default();
    let mut committed: Vec<(u32, Expect)> = Vec::new();

    // Calibration: each kind once, not killed, to learn how long it runs in all and
    // after its write began (the -wal file appeared). Finished trials refine both.
    let mut total: BTreeMap<Kind, Duration> = BTreeMap::new();
    let mut writing: BTreeMap<Kind, Duration> = BTreeMap::new();
    for kind in KINDS {
        let (args, mut expect) = lab.plan(kind, 10_000 + kind as u32, &mut rng);
        let r = run_cli(&lab, &args, KillAt::Never);
        assert_eq!(r.exit, Some(0), "{kind:?} failed unkilled: {}{}", r.stdout, r.stderr);
        let line = reported_line(kind, &r.stdout, &expect).expect("success line");
        set_reference(&mut expect, &line);
        if let Expect::Approved { policy_id } = &expect {
            lab.drafts.retain(|d| d != policy_id);
        }
        committed.push((0, expect));
        total.insert(kind, r.elapsed);
        if let Some(w) = r.wal_at {
            writing.insert(kind, r.elapsed - w);
        }
    }
    println!(
        "calibration (ms, all / after the write began): {}",
        KINDS
            .iter()
            .map(|k| format!("{k:?} {}/{}", total[k].as_millis(), writing.get(k).map_or(0, |d| d.as_millis())))
            .collect::<Vec<_>>()
            .join(", ")
    );

    for n in 0..trials {
        let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
        let (args, mut expect) = lab.plan(kind, n, &mut rng);
        // Most of a run is start-up and key derivation; the writes come last. So one
        // kill in four lands anywhere in the run (start-up, the switch to WAL), the rest
        // after the write began (or, for the binder, which only reads the workbook, in
        // the last 40% of the run, where the PDF is written).
        let kill_at = match (rng.below(4), writing.get(&kind)) {
            (0, _) => KillAt::Time(total[&kind].mul_f64(rng.unit() * 1.1)),
            (_, Some(w)) => KillAt::AfterWal(w.mul_f64(rng.unit() * 1.2)),
            (_, None) => KillAt::Time(total[&kind].mul_f64(0.6 + rng.unit() * 0.45)),
        };
        let delay = kill_at;
        let r = run_cli(&lab, &args, kill_at);
        if !r.killed && r.exit == Some(0) {
            let t = total.get_mut(&kind).unwrap();
            *t = t.mul_f64(0.7) + r.elapsed.mul_f64(0.3);
            if let (Some(w), Some(at)) = (writing.get_mut(&kind), r.wal_at) {
                *w = w.mul_f64(0.7) + (r.elapsed - at).mul_f64(0.3);
            }
        }
        let counts = summary.by_kind.entry(format!("{kind:?}")).or_default();
        counts.trials += 1;
        if r.killed {
            counts.killed += 1;
            if r.wal_at.is_some() {
                counts.killed_writing += 1;
            }
        } else {
            counts.finished += 1;
        }
        let mut fail = |msg: String| summary.failures.push(format!("trial {n} ({kind:?}, kill at {delay:?}): {msg}"));
        if !r.killed && r.exit != Some(0) {
            fail(format!("exited {:?} without being killed: {}", r.exit, r.stderr.trim()));
        }
        let reported = reported_line(kind, &r.stdout, &expect);
        if let Some(line) = &reported {
            set_reference(&mut expect, line);
        }

        // The workbook opens for writing despite the dead writer's lock, and verifies.
        match Workbook::open(&lab.book, &passphrase(), Access::ReadWrite) {
            Ok(wb) => wb.close().unwrap(),
            Err(e) => fail(format!("reopen for writing failed: {e}")),
        }
        if let Err(e) = verify_cli(&lab) {
            fail(e);
        }
        let wb = match Workbook::open(&lab.book, &passphrase(), Access::ReadOnly) {
            Ok(wb) => wb,
            Err(e) => {
                fail(format!("read-only open failed: {e}"));
                continue;
            }
        };
        match check(&wb, &lab, &expect) {
            Ok(true) if reported.is_some() => {
                counts.committed += 1;
                summary.checks += 1;
                committed.push((n, expect.clone()));
            }
            // A binder from an earlier trial may still be there: complete, so fine.
            Ok(true) if kind == Kind::Binder => {}
            Ok(true) => {
                counts.unreported_commits += 1;
                committed.push((n, expect.clone()));
            }
            Ok(false) if reported.is_some() => fail("reported committed, but the change is not there".to_owned()),
            Ok(false) => {}
            Err(e) => fail(e),
        }
        if kind == Kind::Binder && reported.is_some() {
            match binder::verify(&lab.pdf, Some(&wb)) {
                Ok(rep) if rep.ok() => {}
                Ok(rep) => fail(format!("reported binder does not match the workbook: {:?}", rep.checks)),
                Err(e) => fail(format!("reported binder: {e}")),
            }
        }
        if let Expect::Approved { policy_id } = &expect {
            if policies::versions(wb.conn(), policy_id).unwrap()[0].status == policies::VersionStatus::Approved {
                lab.drafts.retain(|d| d != policy_id);
            }
        }
        drop(wb);
        summary.stale_partials_seen += lab.partials().len() as u32;
        for f in ["roster", "vendors", "risks", "evidence"] {
            let _ =
                std::fs::remove_file(lab.dir.join(format!("{f}-{n}.{}", if f == "evidence" { "bin" } else { "csv" })));
        }
    }

    // Every reported change is still there after all the later kills.
    let wb = Workbook::open(&lab.book, &passphrase(), Access::ReadOnly).unwrap();
    for (n, expect) in &committed {
        if matches!(expect, Expect::Binder) {
            continue;
        }
        match check(&wb, &lab, expect) {
            Ok(true) => summary.checks += 1,
            Ok(false) => summary.failures.push(format!("at the end: the change of trial {n} is gone: {expect:?}")),
            Err(e) => summary.failures.push(format!("at the end, trial {n}: {e}")),
        }
    }
    drop(wb);
    // One last export, not killed: it removes what killed exports left behind.
    let (args, _) = lab.plan(Kind::Binder, trials + 1, &mut rng);
    let r = run_cli(&lab, &args, KillAt::Never);
    assert_eq!(r.exit, Some(0), "{}", r.stderr);
    let left = lab.partials();
    if !left.is_empty() {
        summary.failures.push(format!("after a clean export, temporary files remain: {left:?}"));
    }

    println!("crash trials: {trials} trials (seed {seed}) in {:.1} s", started.elapsed().as_secs_f64());
    println!(
        "{:<10} {:>6} {:>7} {:>14} {:>9} {:>10} {:>11}",
        "kind", "trials", "killed", "killed-in-wal", "finished", "committed", "unreported"
    );
    for (kind, c) in &summary.by_kind {
        println!(
            "{kind:<10} {:>6} {:>7} {:>14} {:>9} {:>10} {:>11}",
            c.trials, c.killed, c.killed_writing, c.finished, c.committed, c.unreported_commits
        );
    }
    let killed: u32 = summary.by_kind.values().map(|c| c.killed).sum();
    println!(
        "kills: {killed}; committed changes checked: {}; stale .partial files seen after trials: {}; failures: {}",
        summary.checks,
        summary.stale_partials_seen,
        summary.failures.len()
    );
    assert!(summary.failures.is_empty(), "crash-trial failures:\n{}", summary.failures.join("\n"));
    assert!(killed > 0, "no trial was killed mid-run");
}

fn set_reference(expect: &mut Expect, line: &str) {
    if let Expect::Evidence { reference, .. } = expect {
        *reference = line.split_whitespace().next().map(str::to_owned);
    }
}

//! The hostile-input corpus: every file under `tests/corpus/<target>/` goes through its
//! target in-process, inside `catch_unwind`. The rules, for every file:
//!
//! - no panic;
//! - the target accepts it, or refuses it with a clear message: not empty, and no Rust
//!   debug formatting ("Error {", "called `Result`...") that a person cannot read;
//! - a refused import writes nothing: change-log length and row counts are unchanged;
//! - a refused workbook file is left byte for byte as it was;
//! - memory stays bounded: peak RSS (VmHWM) under 1 GiB for the whole run.
//!
//! Adding a target (e.g. the access-review importer) is one function with the
//! signature of [`Target`] and one line in [`TARGETS`], plus a folder of files (the
//! generator `tests/corpus/generate.py` already writes `access/`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use readiness_core::binder::{self, BinderOptions};
use readiness_core::evidence::{self, NewEvidence};
use readiness_core::import::{roster::parse_roster, vendors::parse_vendors};
use readiness_core::passphrase::Passphrase;
use readiness_core::people;
use readiness_core::policies::{fill, render};
use readiness_core::risks::csv as risk_csv;
use readiness_core::vendors::csv as vendor_csv;
use readiness_core::workbook::{log_count, Access, Workbook, WriteTx};
use support::{actor, passphrase};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus");
const ROSTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/demo/roster.csv");

/// What a target made of one file.
enum Outcome {
    Accepted,
    /// Refused, with the message a person would read.
    Refused(String),
    /// A rule was broken (partial write, file changed...).
    Broken(String),
}

/// One target: given a file, run it through the code under test. `lab` holds the
/// workbook and temp folder the folder's files share.
type Target = fn(&Path, &mut Lab) -> Outcome;

/// A case made at run time: its name and what it runs.
type RuntimeCase = (String, Box<dyn FnOnce(&mut Lab) -> Outcome>);

const TARGETS: &[(&str, Target)] = &[
    ("roster", roster),
    ("vendors", vendors),
    ("risks", risks),
    ("policy", policy),
    ("evidence", evidence_file),
    ("access", access),
    ("workbook", workbook_file),
];

/// Folders whose target is not in this build yet: listed, counted, not run.
/// Folders whose importer is not wired in yet (none now).
const PENDING: &[&str] = &[];

struct Lab {
    dir: tempfile::TempDir,
    wb: Option<Workbook>,
}

impl Lab {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        Lab { dir, wb: None }
    }

    /// The folder's workbook: created on first use, with the demo roster so owner
    /// addresses resolve.
    fn wb(&mut self) -> &mut Workbook {
        if self.wb.is_none() {
            let path = self.dir.path().join("corpus.soc2wb");
            let mut wb = Workbook::create(&path, &passphrase(), "Corpus Co", &actor()).unwrap();
            let roster = parse_roster(&std::fs::read(ROSTER).unwrap(), today()).unwrap();
            wb.write(&actor(), |w| people::apply_roster(w, &roster)).unwrap();
            self.wb = Some(wb);
        }
        self.wb.as_mut().unwrap()
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

// ---- targets ---------------------------------------------------------------------------

/// Parse, then apply in one transaction; a refusal at either step must leave the log
/// and `table` as they were.
/// Any parser (bytes in, rows or a refusal out) and any apply step fit: a new importer
/// needs one call of this, naming the table it writes.
fn import<P, R, PE, E>(
    path: &Path,
    lab: &mut Lab,
    table: &str,
    parse: impl Fn(&[u8]) -> Result<P, PE>,
    apply: impl FnOnce(&mut WriteTx<'_>, &P) -> Result<R, E>,
) -> Outcome
where
    PE: std::fmt::Display,
    E: std::fmt::Display + From<readiness_core::workbook::WorkbookError>,
{
    let bytes = std::fs::read(path).unwrap();
    let parsed = match parse(&bytes) {
        Ok(p) => p,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    let wb = lab.wb();
    let counts = |wb: &Workbook| {
        let rows: i64 = wb.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
        (log_count(wb.conn()).unwrap(), rows)
    };
    let before = counts(wb);
    match wb.write(&actor(), |w| apply(w, &parsed)) {
        Ok(_) => Outcome::Accepted,
        Err(e) => {
            let after = counts(wb);
            if after != before {
                Outcome::Broken(format!("refused ({e}) but wrote: (log, rows) {before:?} -> {after:?}"))
            } else {
                Outcome::Refused(e.to_string())
            }
        }
    }
}

fn roster(path: &Path, lab: &mut Lab) -> Outcome {
    import(path, lab, "person", |b| parse_roster(b, today()), people::apply_roster)
}

fn vendors(path: &Path, lab: &mut Lab) -> Outcome {
    import(path, lab, "vendor", parse_vendors, |w, f| vendor_csv::apply(w, f, today()))
}

fn risks(path: &Path, lab: &mut Lab) -> Outcome {
    import(path, lab, "risk", risk_csv::parse_risks, |w, f| risk_csv::apply(w, f, today()))
}

/// Account exports (CSV or XLSX) into a review of their own: read and mapped, then
/// imported in one transaction; a refusal must leave the log and the accounts as they were.
fn access(path: &Path, lab: &mut Lab) -> Outcome {
    use readiness_core::systems::{self, DataClassification, SystemInput, SystemKind};
    let wb = lab.wb();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let campaign = wb
        .write(&actor(), |w| {
            let system_id = systems::create(
                w,
                &SystemInput {
                    name: format!("System for {name}"),
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
            readiness_core::access::create(
                w,
                &readiness_core::access::CampaignInput {
                    system_id,
                    reviewer_id: None,
                    as_of: today(),
                    due: None,
                    stale_days: 90,
                },
            )
        })
        .unwrap();
    let bytes = std::fs::read(path).unwrap();
    let file = match readiness_core::access::read_for_campaign(wb.conn(), &campaign, &bytes, None, None) {
        Ok((file, _)) => file,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    let counts = |wb: &Workbook| {
        let rows: i64 = wb.conn().query_row("SELECT count(*) FROM review_account", [], |r| r.get(0)).unwrap();
        (log_count(wb.conn()).unwrap(), rows)
    };
    let before = counts(wb);
    match wb.write(&actor(), |w| readiness_core::access::import(w, &campaign, &file, &name)) {
        Ok(_) => Outcome::Accepted,
        Err(e) => {
            let after = counts(wb);
            if after != before {
                Outcome::Broken(format!("refused ({e}) but wrote: (log, rows) {before:?} -> {after:?}"))
            } else {
                Outcome::Refused(e.to_string())
            }
        }
    }
}

/// Policy bodies come from the editor as text, so bytes that are not UTF-8 arrive
/// already replaced; render and fill never refuse.
fn policy(path: &Path, _lab: &mut Lab) -> Outcome {
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let mut ctx = fill::FillContext::default();
    ctx.set("org.name", "Corpus Co");
    ctx.set("role.security_owner", "Maya Okafor");
    ctx.set("settings.access_review_frequency", "quarterly");
    let filled = fill::fill(&text, &ctx);
    let rendered = render::render(&filled.text);
    if rendered.html.contains("<script") || rendered.html.contains("<a href=\"javascript:") {
        return Outcome::Broken(format!("the rendered HTML holds a script or a javascript: link: {}", rendered.html));
    }
    Outcome::Accepted
}

/// Attach, then preview (as the app asks: 20 MB).
fn evidence_file(path: &Path, lab: &mut Lab) -> Outcome {
    attach_as(path, None, lab)
}

fn attach_as(path: &Path, name: Option<&str>, lab: &mut Lab) -> Outcome {
    let wb = lab.wb();
    let before = log_count(wb.conn()).unwrap();
    let meta = NewEvidence {
        description: "corpus".to_owned(),
        collected_at: Some(today()),
        collected_by: String::new(),
        file_name: name.map(str::to_owned),
    };
    let added =
        wb.write(&actor(), |w| evidence::add_file(w, &actor(), path, &meta, &mut |_| ControlFlow::Continue(())));
    let added = match added {
        Ok(a) => a,
        Err(e) => {
            let after = log_count(wb.conn()).unwrap();
            return if after == before {
                Outcome::Refused(e.to_string())
            } else {
                Outcome::Broken(format!("refused ({e}) but the log grew {before} -> {after}"))
            };
        }
    };
    match evidence::preview(wb.conn(), added.reference.as_str(), 20 * 1024 * 1024) {
        Ok(_) => Outcome::Accepted,
        Err(e) => Outcome::Refused(format!("preview: {e}")),
    }
}

/// Open read-only and for writing; every refusal leaves the file as it was.
fn workbook_file(path: &Path, lab: &mut Lab) -> Outcome {
    open_with(path, &passphrase(), lab)
}

fn open_with(path: &Path, pass: &Passphrase, lab: &mut Lab) -> Outcome {
    let case = lab.dir.path().join(format!("case-{}.soc2wb", uuid_like()));
    if path.is_dir() {
        return open_case(path, pass);
    }
    std::fs::copy(path, &case).unwrap();
    open_case(&case, pass)
}

fn open_case(path: &Path, pass: &Passphrase) -> Outcome {
    // Hash what can be read; a huge (sparse) file is compared by size and time.
    let digest = || match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() <= 64 << 20 => {
            Some(readiness_core::hashing::sha256_hex(&std::fs::read(path).unwrap()))
        }
        Ok(m) if m.is_file() => Some(format!("{} {:?}", m.len(), m.modified().ok())),
        _ => None,
    };
    let before = digest();
    let mut refusals = Vec::new();
    for access in [Access::ReadOnly, Access::ReadWrite] {
        match Workbook::open(path, pass, access) {
            Ok(wb) => drop(wb),
            Err(e) => refusals.push(e.to_string()),
        }
    }
    if refusals.is_empty() {
        return Outcome::Accepted;
    }
    if digest() != before {
        return Outcome::Broken(format!("refused ({}) but the file changed", refusals[0]));
    }
    Outcome::Refused(refusals.join(" / "))
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed).to_string()
}

// ---- cases made at run time (they need SQLCipher, or are too big to commit) -------------

/// Workbook files derived from a real workbook: wrong key, truncations, flipped bytes,
/// a newer format, a foreign encrypted database, a huge sparse file, a folder.
fn runtime_workbook_cases(lab: &mut Lab) -> Vec<RuntimeCase> {
    let dir = lab.dir.path().to_owned();
    let (_keep, real, wb) = support::new_workbook();
    wb.close().unwrap();
    let bytes = std::fs::read(&real).unwrap();
    std::mem::forget(_keep); // lives until the process ends; the cases read it lazily
    let mut cases: Vec<RuntimeCase> = Vec::new();
    let write = |name: &str, data: &[u8]| -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, data).unwrap();
        p
    };
    let p = write("real.soc2wb", &bytes);
    cases.push((
        "wrong passphrase".into(),
        Box::new(move |lab| open_with(&p, &Passphrase::new("not the passphrase"), lab)),
    ));
    let pages = bytes.len() / 4096;
    for cut in [4096, 8192, (pages / 2) * 4096, bytes.len() - 4096, bytes.len() - 1, 100] {
        let p = write(&format!("cut-{cut}.soc2wb"), &bytes[..cut]);
        cases.push((format!("truncated at {cut} bytes"), Box::new(move |lab| workbook_file(&p, lab))));
    }
    for (i, at) in [20usize, 100, 4096 + 100, bytes.len() / 2, bytes.len() - 50].into_iter().enumerate() {
        let mut b = bytes.clone();
        b[at] ^= 0x5A;
        let p = write(&format!("flip-{i}.soc2wb"), &b);
        cases.push((format!("byte flipped at {at}"), Box::new(move |lab| workbook_file(&p, lab))));
    }
    {
        let p = write("future.soc2wb", &bytes);
        let conn = support::raw_sqlcipher(&p, support::PASSPHRASE);
        conn.pragma_update(None, "user_version", 9999).unwrap();
        drop(conn);
        cases.push(("future schema version".into(), Box::new(move |lab| workbook_file(&p, lab))));
    }
    {
        let p = dir.join("foreign-encrypted.soc2wb");
        let conn = support::raw_sqlcipher(&p, support::PASSPHRASE);
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');").unwrap();
        drop(conn);
        cases.push(("foreign encrypted database, same passphrase".into(), Box::new(move |lab| workbook_file(&p, lab))));
    }
    {
        let p = dir.join("sparse-8gib.soc2wb");
        std::fs::File::create(&p).unwrap().set_len(8 << 30).unwrap();
        cases.push(("8 GiB sparse file of zeros".into(), Box::new(move |_| open_case(&p, &passphrase()))));
    }
    {
        let p = dir.join("a-folder.soc2wb");
        std::fs::create_dir(&p).unwrap();
        cases.push(("a folder".into(), Box::new(move |_| open_case(&p, &passphrase()))));
    }
    let missing = dir.join("missing.soc2wb");
    cases.push(("a missing file".into(), Box::new(move |_| open_case(&missing, &passphrase()))));
    cases
}

/// Evidence under hostile names, a CSV over the import size limit, and one binder
/// export of every evidence file attached so far (this is where images are decoded).
fn runtime_evidence_cases(lab: &mut Lab) -> Vec<RuntimeCase> {
    let src = lab.dir.path().join("plain.txt");
    std::fs::write(&src, b"evidence").unwrap();
    let mut cases: Vec<RuntimeCase> = Vec::new();
    let long = "n".repeat(300) + ".txt";
    for name in ["../../etc/passwd", "a/b\\c:d*?.txt", "\u{202e}gpj.exe", "CON", "nul\0byte.txt", " ", long.as_str()] {
        let (src, name) = (src.clone(), name.to_owned());
        cases.push((format!("evidence named {name:?}"), Box::new(move |lab| attach_as(&src, Some(&name), lab))));
    }
    let dir = lab.dir.path().to_owned();
    cases.push((
        "binder export with every evidence file".into(),
        Box::new(move |lab| {
            let out = dir.join("binder.pdf");
            let options = BinderOptions::all(Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap());
            if let Err(e) = binder::ensure_seal(lab.wb(), &actor(), options.generated_at) {
                return Outcome::Refused(e.to_string());
            }
            match binder::export(lab.wb(), &options, &out, &mut |_| ControlFlow::Continue(())) {
                Ok(report) => {
                    println!(
                        "  binder: {} pages, {} images shown; notes: {}",
                        report.pages,
                        report.images_shown,
                        report.notes.len()
                    );
                    Outcome::Accepted
                }
                Err(e) => Outcome::Refused(e.to_string()),
            }
        }),
    ));
    cases
}

fn runtime_csv_cases(target: &'static str, run: Target) -> Vec<RuntimeCase> {
    vec![(
        format!("{target}: over 20 MB"),
        Box::new(move |lab: &mut Lab| {
            let p = lab.dir.path().join("big.csv");
            let mut data = b"name,email\n".to_vec();
            data.resize(21 * 1024 * 1024, b'a');
            std::fs::write(&p, data).unwrap();
            run(&p, lab)
        }),
    )]
}

// ---- the run ---------------------------------------------------------------------------

/// A message a person can read: not empty, no Rust debug output.
fn unclear(msg: &str) -> Option<&'static str> {
    const DEBUG_SIGNS: [&str; 7] =
        ["Error {", "called `Result", "called `Option", "Os {", "Custom {", "kind: ", "SqliteFailure("];
    if msg.trim().is_empty() {
        return Some("empty message");
    }
    DEBUG_SIGNS.into_iter().find(|s| msg.contains(s))
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

#[derive(Default)]
struct Tally {
    files: u32,
    runtime: u32,
    accepted: u32,
    refused: u32,
    panics: u32,
}

struct Log<'a> {
    failures: &'a mut Vec<String>,
    slowest: &'a mut Vec<(Duration, String)>,
}

fn run_one(
    log: &mut Log<'_>,
    folder: &str,
    name: &str,
    lab: &mut Lab,
    f: &mut dyn FnMut(&mut Lab) -> Outcome,
    t: &mut Tally,
) {
    let t0 = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| f(lab)));
    if std::env::var_os("READINESS_CORPUS_VERBOSE").is_some() {
        println!("  {folder}/{name}: {:.2}s", t0.elapsed().as_secs_f64());
    }
    log.slowest.push((t0.elapsed(), format!("{folder}/{name}")));
    match result {
        Err(_) => {
            t.panics += 1;
            log.failures.push(format!("{folder}/{name}: PANIC"));
        }
        Ok(Outcome::Accepted) => t.accepted += 1,
        Ok(Outcome::Refused(msg)) => {
            t.refused += 1;
            if std::env::var_os("READINESS_CORPUS_VERBOSE").is_some() {
                println!("    refused: {}", msg.chars().take(300).collect::<String>().replace('\n', " | "));
            }
            if let Some(why) = unclear(&msg) {
                log.failures.push(format!("{folder}/{name}: unclear error ({why}): {msg}"));
            }
        }
        Ok(Outcome::Broken(msg)) => log.failures.push(format!("{folder}/{name}: {msg}")),
    }
}

#[test]
fn every_hostile_input_gets_an_answer_and_nothing_breaks() {
    let started = Instant::now();
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let mut log = Log { failures: &mut failures, slowest: &mut slowest };
    let only = std::env::var("READINESS_CORPUS_ONLY").ok();
    for &(folder, target) in TARGETS {
        if only.as_deref().is_some_and(|o| o != folder) {
            continue;
        }
        let mut lab = Lab::new();
        let mut t = Tally::default();
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(Path::new(CORPUS).join(folder)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            t.files += 1;
            run_one(&mut log, folder, &name, &mut lab, &mut |lab| target(&path, lab), &mut t);
        }
        let extra = match folder {
            "workbook" => runtime_workbook_cases(&mut lab),
            "evidence" => runtime_evidence_cases(&mut lab),
            "roster" | "vendors" | "risks" => runtime_csv_cases(folder, target),
            _ => Vec::new(),
        };
        for (name, case) in extra {
            t.runtime += 1;
            let mut case = Some(case);
            run_one(&mut log, folder, &name, &mut lab, &mut |lab| (case.take().unwrap())(lab), &mut t);
        }
        if let Some(wb) = lab.wb.take() {
            let report = readiness_core::workbook::verify::verify(&wb).unwrap();
            if !report.ok {
                log.failures.push(format!("{folder}: the shared workbook no longer verifies: {:?}", report.problems));
            }
        }
        tallies.insert(folder, t);
    }

    println!("{:<10} {:>6} {:>8} {:>9} {:>8} {:>7}", "folder", "files", "runtime", "accepted", "refused", "panics");
    for (folder, t) in &tallies {
        println!("{folder:<10} {:>6} {:>8} {:>9} {:>8} {:>7}", t.files, t.runtime, t.accepted, t.refused, t.panics);
    }
    for folder in PENDING {
        let n = std::fs::read_dir(Path::new(CORPUS).join(folder)).map(|d| d.count()).unwrap_or(0);
        println!("{folder:<10} {n:>6}  (target not in this build yet: not run)");
    }
    let files: u32 = tallies.values().map(|t| t.files).sum();
    slowest.sort_by_key(|b| std::cmp::Reverse(b.0));
    println!(
        "slowest: {}",
        slowest.iter().take(5).map(|(d, n)| format!("{n} {:.2}s", d.as_secs_f64())).collect::<Vec<_>>().join(", ")
    );
    let peak = peak_rss_kib();
    println!(
        "{files} corpus files in {:.1} s; peak RSS {} MiB; failures: {}",
        started.elapsed().as_secs_f64(),
        peak / 1024,
        failures.len()
    );
    assert!(failures.is_empty(), "corpus failures:\n{}", failures.join("\n"));
    assert!(only.is_some() || files >= 200, "the corpus has {files} files; expected at least 200");
    assert!(peak < 1024 * 1024, "peak RSS {} MiB is over 1 GiB", peak / 1024);
}

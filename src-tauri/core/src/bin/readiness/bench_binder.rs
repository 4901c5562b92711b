//! `readiness bench-binder`: exports the binder of the large reference workbook and
//! prints wall time, peak memory, pages and size; optionally times typst on a document
//! of similar size built from the same workbook, as a ratio. Prints numbers only.
//!
//! The export runs in a child process (`bench-binder-export`) so its peak memory is its
//! own, not the generator's.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use readiness_core::binder::{self, BinderOptions};
use readiness_core::demo;
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{Access, Workbook, WorkbookError};

use crate::{CliError, Outcome};

fn io(e: std::io::Error) -> CliError {
    CliError::Workbook(WorkbookError::Invalid(e.to_string()))
}

/// Peak resident memory of this process so far, in KiB (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    crate::proc_stats::memory().map_or(0, |m| m.peak_kib)
}

/// The child: one export, then one line of numbers.
pub fn export_once(file: &Path, output: &Path) -> Result<Outcome, CliError> {
    let wb = Workbook::open(file, &Passphrase::new(demo::DEMO_PASSPHRASE), Access::ReadOnly)?;
    let started = Instant::now();
    let report = binder::export(&wb, &BinderOptions::all(at()), output, &mut |_| ControlFlow::Continue(()))?;
    outln!(
        "{} {} {} {} {}",
        started.elapsed().as_millis(),
        peak_rss_kib(),
        report.pages,
        report.bytes,
        report.signing_ms
    );
    Ok(Outcome::Done)
}

fn at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-28T09:00:00Z")
        .map(|d| d.with_timezone(&chrono::Utc))
        .unwrap_or_else(|_| chrono::Utc::now())
}

pub fn run(
    workbook: Option<&Path>,
    runs: u32,
    typst_python: Option<&Path>,
    review_accounts: u32,
) -> Result<Outcome, CliError> {
    let dir = std::env::temp_dir().join(format!("readiness-bench-binder-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(io)?;
    let result = run_in(&dir, workbook, runs, typst_python, review_accounts);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(
    dir: &Path,
    workbook: Option<&Path>,
    runs: u32,
    typst_python: Option<&Path>,
    review_accounts: u32,
) -> Result<Outcome, CliError> {
    let file = match workbook {
        Some(f) => f.to_owned(),
        None => {
            let f = dir.join("large.soc2wb");
            let t = Instant::now();
            demo::create_large(&f, &Passphrase::new(demo::DEMO_PASSPHRASE))?.close()?;
            outln!("generated the large reference workbook in {:.1} s", t.elapsed().as_secs_f64());
            f
        }
    };
    let large = measure(dir, &file, runs)?;
    outln!(
        "binder: {} pages, {:.1} MiB; export median {} ms (min {} ms, {} runs); peak RSS {:.0} MiB",
        large.pages,
        large.bytes as f64 / 1048576.0,
        large.median_ms,
        large.min_ms,
        large.runs,
        large.rss_kib as f64 / 1024.0
    );
    outln!("of which the seal (page digests, hashing the file, signing) median {} ms", large.seal_median_ms);
    outln!("targets: under 5000 ms and under 300 MiB");
    let mut json = serde_json::json!({
        "name": "binder", "pages": large.pages, "mib": large.bytes as f64 / 1048576.0,
        "export_median_ms": large.median_ms, "runs": large.runs, "peak_rss_mib": large.rss_kib as f64 / 1024.0,
        "seal_median_ms": large.seal_median_ms,
    });

    // One system with a 100,000-account review: summarised on paper, listed in a CSV.
    let review = dir.join("review.soc2wb");
    let t = Instant::now();
    workbook_with_review(&review, review_accounts)?;
    outln!("generated a workbook with a {review_accounts}-account access review in {:.1} s", t.elapsed().as_secs_f64());
    let r = measure(dir, &review, runs)?;
    outln!(
        "binder ({review_accounts}-account review): {} pages, {:.1} MiB; export median {} ms (min {} ms); peak RSS {:.0} MiB",
        r.pages,
        r.bytes as f64 / 1048576.0,
        r.median_ms,
        r.min_ms,
        r.rss_kib as f64 / 1024.0
    );
    outln!("targets: under 5000 ms and under 300 MiB, under 1,500 pages");
    json["review_accounts"] = serde_json::json!(review_accounts);
    json["review_pages"] = serde_json::json!(r.pages);
    json["review_export_median_ms"] = serde_json::json!(r.median_ms);
    json["review_peak_rss_mib"] = serde_json::json!(r.rss_kib as f64 / 1024.0);
    let median = large.median_ms;
    let pages = large.pages;
    if let Some(python) = typst_python {
        let typ = write_typst_document(dir, &file)?;
        let pdf = dir.join("typst.pdf");
        let script = "import sys, time, typst\nt = time.perf_counter()\ntypst.compile(sys.argv[1], output=sys.argv[2])\nprint(int((time.perf_counter() - t) * 1000))";
        let o = Command::new(python).arg("-c").arg(script).arg(&typ).arg(&pdf).output().map_err(io)?;
        if !o.status.success() {
            outln!("typst: failed: {}", String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or(""));
            outln!("BENCH {json}");
            return Ok(Outcome::Done);
        }
        let typst_ms: u64 = String::from_utf8_lossy(&o.stdout).trim().parse().unwrap_or(0);
        let typst_pages = Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .ok()
            .and_then(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .find(|l| l.starts_with("Pages:"))
                    .and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
            })
            .unwrap_or_else(|| "?".to_owned());
        // The two documents are not the same work (typst's has fewer, fuller pages), so
        // the fair figure is the time per page; the whole-document ratio is printed too,
        // labelled for what it is.
        let typst_pages_n: u64 = typst_pages.parse().unwrap_or(0);
        let per_page = |ms: u64, pages: u64| ms as f64 / pages.max(1) as f64;
        let page_ratio = per_page(median, pages) / per_page(typst_ms, typst_pages_n).max(1e-9);
        outln!(
            "typst: {} pages in {} ms ({:.2} ms a page); the binder: {:.2} ms a page",
            typst_pages,
            typst_ms,
            per_page(typst_ms, typst_pages_n),
            per_page(median, pages)
        );
        outln!(
            "binder/typst time per page {page_ratio:.2} (equal work: a page each; target ≤ 1.0); whole documents {:.2} (not equal work: {} pages against {})",
            median as f64 / typst_ms.max(1) as f64,
            pages,
            typst_pages
        );
        json["typst_ms"] = serde_json::json!(typst_ms);
        json["typst_pages"] = serde_json::json!(typst_pages_n);
        json["binder_to_typst_time_per_page_ratio"] = serde_json::json!(page_ratio);
        json["binder_to_typst_whole_document_ratio"] = serde_json::json!(median as f64 / typst_ms.max(1) as f64);
    }
    outln!("BENCH {json}");
    Ok(Outcome::Done)
}

/// What the export child reported over several runs.
struct Measured {
    median_ms: u64,
    /// Of which the seal: page digests, hashing the file, signing.
    seal_median_ms: u64,
    min_ms: u64,
    runs: usize,
    rss_kib: u64,
    pages: u64,
    bytes: u64,
}

/// Exports `file` `runs` times, each in a child process so its peak memory is its own.
/// The first export of a workbook makes its signing key; that write (and the key
/// generation) is done here first and kept out of the timing, as it is out of every
/// export after the first.
fn measure(dir: &Path, file: &Path, runs: u32) -> Result<Measured, CliError> {
    let t = Instant::now();
    let mut wb = Workbook::open(file, &Passphrase::new(demo::DEMO_PASSPHRASE), Access::ReadWrite)?;
    if binder::seal_info(&wb)?.is_none() {
        binder::ensure_seal(&mut wb, &readiness_core::workbook::Actor::from_os(), at())?;
        outln!("made the workbook's seal (RSA key and certificate) in {} ms, once", t.elapsed().as_millis());
    }
    wb.close()?;
    let exe = std::env::current_exe().map_err(io)?;
    let mut times = Vec::new();
    let mut seal_times = Vec::new();
    let (mut rss_kib, mut pages, mut bytes) = (0u64, 0u64, 0u64);
    for n in 0..runs.max(1) {
        let out = dir.join(format!("binder-{n}.pdf"));
        let o = Command::new(&exe).arg("bench-binder-export").arg(file).arg(&out).output().map_err(io)?;
        if !o.status.success() {
            return Err(CliError::Workbook(WorkbookError::Invalid(String::from_utf8_lossy(&o.stderr).into_owned())));
        }
        let line = String::from_utf8_lossy(&o.stdout);
        let nums: Vec<u64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        if let [ms, r, p, b, seal] = nums[..] {
            times.push(ms);
            seal_times.push(seal);
            rss_kib = rss_kib.max(r);
            pages = p;
            bytes = b;
        }
        let _ = std::fs::remove_file(&out);
    }
    times.sort_unstable();
    seal_times.sort_unstable();
    Ok(Measured {
        median_ms: times.get(times.len() / 2).copied().unwrap_or(0),
        seal_median_ms: seal_times.get(seal_times.len() / 2).copied().unwrap_or(0),
        min_ms: times.first().copied().unwrap_or(0),
        runs: times.len(),
        rss_kib,
        pages,
        bytes,
    })
}

/// A workbook (demo passphrase) whose one system has an access review of `accounts`
/// users from a generated AWS credential report.
fn workbook_with_review(path: &Path, accounts: u32) -> Result<(), CliError> {
    use readiness_core::access;
    use readiness_core::workbook::Actor;

    let actor = Actor::new("bench");
    let mut wb = Workbook::create(path, &Passphrase::new(demo::DEMO_PASSPHRASE), "Review Bench Co", &actor)?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let campaign = wb.write(&actor, |w| crate::bench_cmd::aws_review(w, as_of))?;
    let report = crate::bench_cmd::generate_aws_report(accounts);
    let (file, _) = access::read_for_campaign(wb.conn(), &campaign, report.as_bytes(), None, None)
        .map_err(|e| CliError::Workbook(WorkbookError::Invalid(e.to_string())))?;
    wb.write(&actor, |w| access::import(w, &campaign, &file, "credential-report.csv"))?;
    wb.close()?;
    Ok(())
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '#' | '*' | '_' | '[' | ']' | '$' | '@' | '<' | '>' | '`' | '"' | '~' | '/') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A typst document with the same bulk as the binder: the checklist and evidence
/// tables, every screenshot, every policy's text.
fn write_typst_document(dir: &Path, file: &Path) -> Result<PathBuf, CliError> {
    let wb = Workbook::open(file, &Passphrase::new(demo::DEMO_PASSPHRASE), Access::ReadOnly)?;
    let today = crate::today();
    let mut t = String::from(
        "#set page(paper: \"a4\", margin: 2cm, footer: context [#counter(page).display(\"1 of 1\", both: true)])\n\
         #set text(size: 9pt)\n#outline()\n#pagebreak()\n= Checklist\n#table(columns: 5,\n",
    );
    for i in readiness_core::checklist::list(&wb, today)? {
        t.push_str(&format!(
            "[{}], [{}], [{}], [{}], [{}],\n",
            esc(&i.reference),
            esc(&i.title),
            esc(i.status.label()),
            esc(i.owner_name.as_deref().unwrap_or("")),
            esc(&i.criteria.join(", "))
        ));
    }
    t.push_str(")\n= Evidence\n#table(columns: 3,\n");
    let evidence = readiness_core::evidence::list(wb.conn())?;
    for e in &evidence {
        t.push_str(&format!(
            "[{}], [{}], [#text(font: \"DejaVu Sans Mono\", size: 7pt)[{}]],\n",
            e.reference,
            esc(&e.file_name),
            e.sha256
        ));
    }
    t.push_str(")\n");
    for e in evidence.iter().filter(|e| e.media_type == "image/png") {
        let bytes = readiness_core::evidence::read_all(wb.conn(), e)?;
        let name = format!("{}.png", e.reference);
        std::fs::write(dir.join(&name), bytes).map_err(io)?;
        t.push_str(&format!("== {}\n#image(\"{name}\", width: 100%)\n", e.reference));
    }
    t.push_str("= Policies\n");
    for p in readiness_core::policies::list(wb.conn(), today)? {
        let md = readiness_core::policies::filled_markdown(wb.conn(), &p.id, None)?;
        t.push_str(&format!("== {}\n", esc(&p.title)));
        for para in md.split("\n\n") {
            t.push_str(&esc(para.trim_start_matches('#').trim()));
            t.push_str("\n\n");
        }
    }
    let path = dir.join("similar.typ");
    std::fs::write(&path, t).map_err(io)?;
    Ok(path)
}

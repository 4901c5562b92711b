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
    let today = chrono::Local::now().date_naive();
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
    time("coverage and gaps", &mut || {
        checklist::coverage::coverage(wb.conn(), today)?;
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

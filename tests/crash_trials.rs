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

#[path = "crash_trials/check.rs"]
mod check;
#[path = "crash_trials/lab.rs"]
mod lab;
#[path = "crash_trials/process.rs"]
mod process;
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

use check::{check, verify_cli};
use lab::{reported_line, set_reference, setup, today, Expect, Kind, Lab, Rng, KINDS};
use process::{run_cli, KillAt};

const BIN: &str = env!("CARGO_BIN_EXE_readiness");
const APPROVER: &str = "maya@parcelwise.io";
const ROSTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/demo/roster.csv");
const EVIDENCE_BYTES: usize = 3 * 1024 * 1024;

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

fn trial_count() -> u32 {
    std::env::var("READINESS_CRASH_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(24)
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

/// A 300 MiB attach, staged in several commits, killed at random moments (seeded, like
/// the trials above). After each kill the workbook verifies; once it has been opened for
/// writing, nothing staged is left (no placeholder blob, no chunk outside a finished
/// blob), and the file is evidence exactly when the CLI said so.
#[test]
fn a_large_attach_killed_at_random_moments_leaves_no_trace() {
    const LARGE: usize = 300 * 1024 * 1024;
    let trials = (trial_count() / 6).max(4);
    let seed = std::env::var("READINESS_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5EED_2026u64);
    let mut rng = Rng(seed ^ 0x1A46E);
    let (dir, book, wb) = support::new_workbook();
    drop(wb);
    let lab = Lab {
        pdf: dir.path().join("unused.pdf"),
        dir: dir.path().to_owned(),
        book: book.clone(),
        items: Vec::new(),
        next_item: 0,
        drafts: Vec::new(),
        _dir: dir,
    };
    // One base file (a random MiB, repeated); each trial changes its first bytes, so
    // every attach is new content.
    let base: Vec<u8> = {
        let mut mib = vec![0u8; 1024 * 1024];
        for chunk in mib.chunks_mut(8) {
            chunk.copy_from_slice(&rng.next().to_le_bytes()[..chunk.len()]);
        }
        mib.repeat(LARGE / mib.len())
    };
    let file_for = |n: u32| -> (String, String) {
        let mut bytes = base.clone();
        bytes[..8].copy_from_slice(&(u64::from(n) + 1).to_le_bytes());
        let sha256 = readiness_core::hashing::sha256_hex(&bytes);
        (lab.write_input("recording.bin", &bytes), sha256)
    };
    let args = |path: &str| -> Vec<String> {
        ["evidence", "add", &book.to_string_lossy(), "AC-01", path].iter().map(|s| (*s).to_owned()).collect()
    };

    // Calibration: one attach, not killed.
    let (path, _) = file_for(0);
    let calibrated = run_cli(&lab, &args(&path), KillAt::Never);
    assert_eq!(calibrated.exit, Some(0), "{}", calibrated.stderr);
    let (mut killed, mut failures) = (0, Vec::new());
    for n in 1..=trials {
        let (path, sha256) = file_for(n);
        let at = calibrated.elapsed.mul_f64(0.1 + rng.unit() * 0.95);
        let r = run_cli(&lab, &args(&path), KillAt::Time(at));
        killed += u32::from(r.killed);
        let mut fail = |m: String| failures.push(format!("large trial {n} (kill at {at:?}): {m}"));
        if let Err(e) = verify_cli(&lab) {
            fail(format!("before reopening: {e}"));
        }
        let wb = Workbook::open(&book, &passphrase(), Access::ReadWrite).unwrap();
        let count = |sql: &str| -> i64 { wb.conn().query_row(sql, [], |row| row.get(0)).unwrap() };
        let staged = count("SELECT count(*) FROM evidence_blob WHERE sha256 LIKE 'pending:%'");
        let stray = count(
            "SELECT count(*) FROM evidence_chunk WHERE blob_id NOT IN
             (SELECT id FROM evidence_blob WHERE sha256 NOT LIKE 'pending:%')",
        );
        if staged != 0 || stray != 0 {
            fail(format!("after reopening: {staged} staged blobs and {stray} stray chunks remain"));
        }
        let present = evidence::list(wb.conn()).unwrap().iter().any(|e| e.sha256 == sha256);
        let reported = r.stdout.lines().any(|l| l.starts_with("E-"));
        if reported && !present {
            fail("reported as attached but not there".to_owned());
        }
        if present && !reported && !r.killed {
            fail(format!("there, but the CLI did not say so: {}", r.stderr));
        }
        drop(wb);
        if let Err(e) = verify_cli(&lab) {
            fail(format!("after reopening: {e}"));
        }
    }
    println!(
        "large attach trials: {trials}, killed {killed}, calibrated run {:.1} s",
        calibrated.elapsed.as_secs_f64()
    );
    assert!(failures.is_empty(), "large-attach failures:\n{}", failures.join("\n"));
    assert!(killed > 0, "no large attach was killed mid-run");
}

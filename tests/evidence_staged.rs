//! Large evidence, staged: a file bigger than one staging step is written in several
//! commits under a placeholder, with the write-ahead log emptied in between, and only the
//! last commit makes it evidence. These tests measure the disk while it happens, cancel it,
//! change the file under it, and kill the real CLI at several points of it: each time the
//! workbook verifies, nothing half-attached is visible, and the next open for writing
//! removes whatever was staged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Write;
use std::ops::ControlFlow;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use readiness_core::evidence::{self, EvidenceError, NewEvidence, STAGE_COMMIT_BYTES};
use readiness_core::workbook::{Access, Workbook};
use support::evidence::{assert_verifies, counts};
use support::{actor, new_workbook, passphrase, PASSPHRASE};

const MIB: u64 = 1024 * 1024;

/// `len` incompressible bytes, 8 at a time (fast enough for hundreds of MiB), different
/// for each `seed`.
fn big_file(dir: &Path, name: &str, len: u64, seed: u64) -> PathBuf {
    let path = dir.join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut buf = Vec::with_capacity(MIB as usize);
    let mut left = len;
    while left > 0 {
        buf.clear();
        while (buf.len() as u64) < MIB.min(left) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            buf.extend_from_slice(&state.to_le_bytes());
        }
        buf.truncate(MIB.min(left) as usize);
        f.write_all(&buf).unwrap();
        left -= buf.len() as u64;
    }
    f.flush().unwrap();
    path
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn wal(book: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", book.display()))
}

/// Placeholder blobs: staged bytes that belong to no evidence record.
fn staged_blobs(wb: &Workbook) -> i64 {
    wb.conn().query_row("SELECT count(*) FROM evidence_blob WHERE sha256 LIKE 'pending:%'", [], |r| r.get(0)).unwrap()
}

fn attach(
    wb: &mut Workbook,
    path: &Path,
    progress: &mut dyn FnMut(evidence::Progress) -> ControlFlow<()>,
) -> Result<evidence::Evidence, EvidenceError> {
    evidence::attach_file(wb, &actor(), path, &NewEvidence::default(), progress, |_, _| Ok(()))
}

#[test]
fn a_large_file_is_staged_with_a_bounded_log_and_its_copy_costs_no_writes() {
    let (dir, book, mut wb) = new_workbook();
    let len = 3 * STAGE_COMMIT_BYTES + 5 * MIB;
    let source = big_file(dir.path(), "restore-test.mov", len, 1);
    let before = size(&book) + size(&wal(&book));

    // Sampled at every progress report (each 8 MiB): the log and the disk in use.
    let (mut max_wal, mut max_total, mut reports) = (0u64, 0u64, 0u32);
    let added = attach(&mut wb, &source, &mut |_| {
        let w = size(&wal(&book));
        max_wal = max_wal.max(w);
        max_total = max_total.max(size(&book) + w);
        reports += 1;
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(added.size, len);
    assert!(reports > 10, "progress is reported through the whole attach: {reports}");
    assert!(max_wal <= STAGE_COMMIT_BYTES + 8 * MIB, "the log stays within one step: {} MiB", max_wal / MIB);
    assert!(
        max_total - before <= len + 64 * MIB,
        "extra disk at most the file plus 64 MiB: {} MiB for a {} MiB file",
        (max_total - before) / MIB,
        len / MIB
    );
    assert_eq!(staged_blobs(&wb), 0);
    assert_verifies(&wb);

    // The same bytes under another name: found by hashing, stored once, nothing written
    // but the new record.
    let copy = dir.path().join("restore-test copy.mov");
    std::fs::copy(&source, &copy).unwrap();
    let [_, _, blobs, chunks, _] = counts(&wb);
    let file_before = size(&book);
    let mut passes = 0;
    let again = attach(&mut wb, &copy, &mut |p| {
        if p.done == 0 {
            passes += 1;
        }
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(again.sha256, added.sha256);
    assert_eq!(passes, 1, "one pass over the file: hashing only");
    let [_, _, blobs_after, chunks_after, _] = counts(&wb);
    assert_eq!((blobs_after, chunks_after), (blobs, chunks));
    assert!(size(&book) + size(&wal(&book)) < file_before + 2 * MIB, "no bytes stored twice");
}

#[test]
fn cancelling_a_staged_attach_leaves_nothing() {
    let (dir, _book, mut wb) = new_workbook();
    let source = big_file(dir.path(), "db-export.sql", 2 * STAGE_COMMIT_BYTES + 3 * MIB, 2);
    let before = counts(&wb);
    // Cancel once more than one step has been committed.
    let err = attach(&mut wb, &source, &mut |p| {
        if p.done > STAGE_COMMIT_BYTES + 4 * MIB {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .unwrap_err();
    assert!(matches!(err, EvidenceError::Cancelled), "{err}");
    assert_eq!(counts(&wb), before, "no record, no staged bytes, nothing logged");
    assert_verifies(&wb);
}

#[test]
fn a_file_that_grows_or_shrinks_while_staged_is_refused_and_leaves_nothing() {
    let (dir, _book, mut wb) = new_workbook();
    let before = counts(&wb);
    for grows in [true, false] {
        let source = big_file(dir.path(), "live.log", 2 * STAGE_COMMIT_BYTES, 3);
        let mut changed = false;
        let err = attach(&mut wb, &source, &mut |p| {
            // Half-way through, another program appends to the file or cuts it short.
            if !changed && p.done >= STAGE_COMMIT_BYTES + 8 * MIB {
                changed = true;
                let f = std::fs::OpenOptions::new().append(true).open(&source).unwrap();
                if grows {
                    (&f).write_all(&[7u8; 4096]).unwrap();
                } else {
                    f.set_len(STAGE_COMMIT_BYTES + 16 * MIB).unwrap();
                }
            }
            ControlFlow::Continue(())
        })
        .unwrap_err();
        assert!(changed);
        assert!(matches!(err, EvidenceError::SourceChanged { .. }), "grows {grows}: {err}");
        assert_eq!(counts(&wb), before, "grows {grows}: nothing left");
    }
    assert_verifies(&wb);
}

/// Kills the real CLI while it stages a large file, at a few points (after the first
/// step, half-way, near the end), then checks what a user would see.
#[test]
fn a_staged_attach_killed_at_any_point_is_cleaned_up_by_the_next_open() {
    let len = 6 * STAGE_COMMIT_BYTES;
    // Steps of up to 64 MiB: after the first, after the second, and in the last (the
    // last step commits only moments before the end, so that kill lands while it is
    // being written).
    for (n, fraction) in [0.45_f64, 0.72, 0.88].into_iter().enumerate() {
        // A fresh workbook each time: a reused one grows into the pages freed before.
        let (dir, book, wb) = new_workbook();
        drop(wb);
        let source = big_file(dir.path(), &format!("recording-{n}.mp4"), len, 10 + n as u64);
        let mut child = Command::new(env!("CARGO_BIN_EXE_readiness"))
            .args(["evidence", "add"])
            .arg(&book)
            .args(["AC-01"])
            .arg(&source)
            .env("READINESS_PASSPHRASE", PASSPHRASE)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The main file grows with each committed step: kill once it holds the share.
        let start_size = size(&book);
        let deadline = Instant::now() + Duration::from_secs(120);
        while size(&book) < start_size + (len as f64 * fraction) as u64 && Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "kill {n} landed before the attach finished");

        // Reading (as `verify` and an auditor's copy do) finds no evidence and no problem.
        let ro = Workbook::open(&book, &passphrase(), Access::ReadOnly).unwrap();
        assert!(staged_blobs(&ro) > 0, "kill {n}: the steps committed before the kill are there");
        assert_verifies(&ro);
        assert_eq!(counts(&ro)[0], 0, "kill {n}: no evidence record");
        drop(ro);
        let out = Command::new(env!("CARGO_BIN_EXE_readiness"))
            .args(["verify"])
            .arg(&book)
            .env("READINESS_PASSPHRASE", PASSPHRASE)
            .output()
            .unwrap();
        assert!(out.status.success(), "kill {n}: verify: {}", String::from_utf8_lossy(&out.stdout));

        // Opening for writing reclaims the staged bytes.
        let wb = Workbook::open(&book, &passphrase(), Access::ReadWrite).unwrap();
        assert_eq!(staged_blobs(&wb), 0, "kill {n}: reclaimed");
        let [records, links, blobs, chunks, _] = counts(&wb);
        assert_eq!((records, links, blobs, chunks), (0, 0, 0, 0), "kill {n}");
        assert_verifies(&wb);
    }
}

//! `kill -9` at any moment loses at most the change in flight, never the file.
//!
//! The test re-runs its own binary as a child that writes in a loop, kills it with
//! SIGKILL at varied moments, and checks that the file opens, verifies clean, and holds
//! exactly the committed changes (each change and its log entry commit together).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

use readiness_core::organization;
use readiness_core::workbook::{log_count, verify, Access, Workbook};
use support::{actor, passphrase};

const CHILD_ENV: &str = "READINESS_CRASH_CHILD_FILE";

/// Not a test on its own: the writer process. Does nothing unless the parent set the env.
#[test]
fn crash_child_writer() {
    let Ok(path) = std::env::var(CHILD_ENV) else { return };
    let mut wb = Workbook::open(path.as_ref(), &passphrase(), Access::ReadWrite).unwrap();
    println!("ready");
    for i in 0u64.. {
        let mut org = organization::get(&wb).unwrap();
        org.locations = format!("write {i} ").repeat(1 + (i % 50) as usize);
        wb.write(&actor(), |w| organization::update(w, &org)).unwrap();
    }
}

#[test]
fn the_workbook_survives_sigkill_during_writes() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let (_dir, path, wb) = support::new_workbook();
    wb.close().unwrap();
    let me = std::env::current_exe().unwrap();
    let mut last_count = 0;
    for round in 0..12u64 {
        let mut child = Command::new(&me)
            .args(["--exact", "crash_child_writer", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child holds the file, then let it write for a varied while.
        let mut out = child.stdout.take().unwrap();
        let mut buf = [0u8; 256];
        let mut seen = Vec::new();
        while !String::from_utf8_lossy(&seen).contains("ready") {
            let n = std::io::Read::read(&mut out, &mut buf).unwrap();
            assert!(n > 0, "writer exited before it was ready");
            seen.extend_from_slice(&buf[..n]);
        }
        std::thread::sleep(Duration::from_millis(20 + round * 37 % 200));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();

        // The stale lock from the killed process must not block the user.
        let wb = Workbook::open(&path, &passphrase(), Access::ReadWrite)
            .unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
        let report = verify::verify(&wb).unwrap();
        assert!(report.ok, "round {round}: {:?}", report.problems);
        let count = log_count(wb.conn()).unwrap();
        assert!(count > last_count, "round {round}: no write committed ({count})");
        last_count = count;
        wb.close().unwrap();
    }
}

/// Found by the crash trials: a writer killed while the file is in rollback-journal mode
/// (switching to WAL on open, or back on close) leaves a hot `-journal`. A read-only open
/// cannot play it back, and used to report the intact workbook as damaged; so did a
/// read-write open, whose first look is read-only.
#[test]
fn a_hot_journal_left_by_a_killed_writer_is_rolled_back_not_reported_as_damage() {
    let (dir, path, wb) = support::new_workbook();
    let before = log_count(wb.conn()).unwrap();
    wb.close().unwrap();
    // Freeze the files mid-transaction, as a SIGKILL would: copy them while a raw
    // SQLCipher writer holds uncommitted changes that spilled into the database file.
    let copy = dir.path().join("copy.soc2wb");
    {
        let conn = support::raw_sqlcipher(&path, support::PASSPHRASE);
        conn.pragma_update(None, "cache_size", 5).unwrap();
        conn.execute_batch(
            "BEGIN IMMEDIATE;
             CREATE TABLE junk (x BLOB);
             WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300)
             INSERT INTO junk SELECT randomblob(3000) FROM c;
             UPDATE organization SET locations = 'half-written';",
        )
        .unwrap();
        let journal = format!("{}-journal", path.display());
        assert!(std::fs::metadata(&journal).unwrap().len() > 0, "the writer has a journal");
        std::fs::copy(&path, &copy).unwrap();
        std::fs::copy(&journal, format!("{}-journal", copy.display())).unwrap();
        conn.execute_batch("ROLLBACK").unwrap();
    }
    for access in [Access::ReadOnly, Access::ReadWrite] {
        let wb = Workbook::open(&copy, &passphrase(), access)
            .unwrap_or_else(|e| panic!("{access:?} open of a file with a hot journal: {e}"));
        assert_eq!(log_count(wb.conn()).unwrap(), before);
        let report = verify::verify(&wb).unwrap();
        assert!(report.ok, "{:?}", report.problems);
        wb.close().unwrap();
    }
}

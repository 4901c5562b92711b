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

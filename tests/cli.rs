//! The `readiness` command line, run as a user runs it: a real binary on real files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "cli test passphrase";

fn readiness(args: &[&str], passphrase: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_readiness"));
    cmd.args(args).env_remove("READINESS_PASSPHRASE").env("READINESS_ACTOR", "cli-test");
    if let Some(p) = passphrase {
        cmd.env("READINESS_PASSPHRASE", p);
    }
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn new_info_verify_log_and_copy_work_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("client.soc2wb");
    let f = path_str(&file);

    let o = readiness(&["new", f, "--org", "Northwind Labs"], Some(PASS));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Created"));

    let o = readiness(&["info", f, "--json"], Some(PASS));
    assert!(o.status.success(), "{}", stderr(&o));
    let info: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(info["organization"]["legal_name"], "Northwind Labs");

    let o = readiness(&["verify", f], Some(PASS));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("OK:"));

    let o = readiness(&["log", f, "--json"], Some(PASS));
    let entries: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let entries = entries.as_array().unwrap();
    assert!(entries.len() >= 2);
    assert!(entries.iter().all(|e| e["actor"] == "cli-test"));

    let copy = dir.path().join("copy.soc2wb");
    let o = readiness(&["copy", f, path_str(&copy)], Some(PASS));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = readiness(&["verify", path_str(&copy), "--json"], Some(PASS));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["ok"], true);
}

#[test]
fn the_passphrase_can_come_from_a_file_with_a_trailing_newline() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("client.soc2wb");
    let pass_file = dir.path().join("pass.txt");
    std::fs::write(&pass_file, format!("{PASS}\n")).unwrap();
    let o = readiness(&["--passphrase-file", path_str(&pass_file), "new", path_str(&file), "--org", "X Co"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    // The same passphrase via the environment opens it: the newline was not part of the key.
    let o = readiness(&["info", path_str(&file)], Some(PASS));
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn failures_exit_2_with_one_plain_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("client.soc2wb");
    let f = path_str(&file);
    assert!(readiness(&["new", f, "--org", "Y Co"], Some(PASS)).status.success());

    let cases: Vec<(Output, &str)> = vec![
        (readiness(&["info", f], Some("wrong passphrase!")), "passphrase is wrong"),
        (readiness(&["info", f], None), "No passphrase given"),
        (readiness(&["info", path_str(&dir.path().join("nope.soc2wb"))], Some(PASS)), "No file was found"),
        (readiness(&["new", f, "--org", "Again"], Some(PASS)), "already exists"),
        (readiness(&["new", path_str(&dir.path().join("n.soc2wb")), "--org", "Z"], Some("short")), "at least"),
    ];
    for (o, expected) in cases {
        assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line, got {err:?}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn verify_exits_1_and_names_the_problem_when_the_file_was_tampered_with() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("client.soc2wb");
    let f = path_str(&file);
    assert!(readiness(&["new", f, "--org", "Honest Co"], Some(PASS)).status.success());
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "key", PASS).unwrap();
        conn.execute("UPDATE organization SET legal_name = 'Dishonest Co'", []).unwrap();
    }
    let o = readiness(&["verify", f], Some(PASS));
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("PROBLEMS FOUND"), "{out}");
    assert!(out.to_lowercase().contains("organization") || out.to_lowercase().contains("organisation"), "{out}");
}

#[test]
fn the_demo_workbook_is_populated_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.soc2wb");
    let f = path_str(&file);
    let o = readiness(&["demo", f], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = readiness(&["info", f, "--json"], Some("demo-workbook"));
    assert!(o.status.success(), "{}", stderr(&o));
    let info: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(info["organization"]["legal_name"], "Parcelwise, Inc.");
    assert_ne!(info["organization"]["product"], "");
    assert_eq!(readiness(&["verify", f], Some("demo-workbook")).status.code(), Some(0));
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("client.soc2wb");
    let f = path_str(&file);
    assert!(readiness(&["new", f, "--org", "Future Co"], Some(PASS)).status.success());
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "key", PASS).unwrap();
        conn.pragma_update(None, "user_version", 4242).unwrap();
        // What a newer app stamps when it writes.
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_written_by_app', '9.1.0')", []).unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    for cmd in ["info", "verify", "log"] {
        let o = readiness(&[cmd, f], Some(PASS));
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let message = stderr(&o);
        assert!(message.contains("last saved by Readiness Workbook 9.1.0"), "{message}");
        assert!(message.contains(&format!("newer than this app ({})", env!("CARGO_PKG_VERSION"))), "{message}");
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_plain_sqlite_file_or_text_file_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("other.db");
    rusqlite::Connection::open(&plain).unwrap().execute_batch("CREATE TABLE t(x);").unwrap();
    let o = readiness(&["info", path_str(&plain)], Some(PASS));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unencrypted SQLite database"), "{}", stderr(&o));

    let text = dir.path().join("notes.soc2wb");
    std::fs::write(&text, "hello\n").unwrap();
    let o = readiness(&["verify", path_str(&text)], Some(PASS));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a Readiness workbook"), "{}", stderr(&o));
}

//! The workbook file as a user meets it: created, reopened, refused with a clear reason,
//! never altered by a refusal, and tamper-evident. Every test uses a real SQLCipher file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::fs;

use readiness_core::organization;
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{verify, Access, Workbook, WorkbookError};
use support::{actor, new_workbook, passphrase, raw_sqlcipher, PASSPHRASE};

/// Runs first (tests start in name order) so its threads make the process's first
/// SQLCipher connections at the same moment: the race CI once hit on a fresh process.
#[test]
fn a_batch_of_workbooks_created_at_once_all_open() {
    let start = std::sync::Arc::new(std::sync::Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                new_workbook().2.close().is_ok()
            })
        })
        .collect();
    for h in handles {
        assert!(h.join().unwrap(), "every concurrent create succeeds");
    }
}

#[test]
fn a_new_workbook_reopens_with_its_organisation_and_a_clean_log() {
    let (_dir, path, wb) = new_workbook();
    let id = wb.id().clone();
    wb.close().unwrap();

    let wb = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap();
    assert_eq!(wb.id(), &id);
    assert_eq!(organization::get(&wb).unwrap().legal_name, "Acme Test Co");
    let report = verify::verify(&wb).unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert!(report.entries_checked >= 2, "creation logs the workbook and the organisation");
}

#[test]
fn edits_are_logged_and_survive_reopening() {
    let (_dir, path, mut wb) = new_workbook();
    let mut org = organization::get(&wb).unwrap();
    org.product = "Parcel tracking API".into();
    org.auditor_firm = "Example & Partners LLP".into();
    wb.write(&actor(), |w| organization::update(w, &org)).unwrap();
    let before = readiness_core::workbook::log_count(wb.conn()).unwrap();
    wb.close().unwrap();

    let wb = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    let got = organization::get(&wb).unwrap();
    assert_eq!(got.product, "Parcel tracking API");
    assert_eq!(got.auditor_firm, "Example & Partners LLP");
    assert_eq!(readiness_core::workbook::log_count(wb.conn()).unwrap(), before);
    let latest = &readiness_core::workbook::recent_changes(wb.conn(), 1).unwrap()[0];
    assert_eq!(latest.actor, "integration-test");
    assert!(verify::verify(&wb).unwrap().ok);
}

#[test]
fn the_file_is_encrypted_and_opens_in_standard_sqlcipher_with_the_passphrase() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    let bytes = fs::read(&path).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3\0"), "header must be encrypted");
    let needle = b"Acme Test Co";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle), "organisation name readable in the file");

    // No Readiness code: just the key, as the sqlcipher shell or Python sqlcipher3 would.
    let conn = raw_sqlcipher(&path, PASSPHRASE);
    let name: String = conn.query_row("SELECT legal_name FROM organization", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "Acme Test Co");
    let cipher: String = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).unwrap();
    assert!(cipher.starts_with('4'), "SQLCipher 4 expected, got {cipher}");
}

#[test]
fn a_wrong_passphrase_is_refused_and_the_file_is_untouched() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    let before = fs::read(&path).unwrap();
    let err = Workbook::open(&path, &Passphrase::new("not the passphrase"), Access::ReadWrite).unwrap_err();
    assert_eq!(err.kind(), "wrong_passphrase", "{err}");
    assert!(err.to_string().contains("passphrase is wrong"));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(!readiness_core::workbook::lock_path(&path).exists(), "lock left behind");
}

#[test]
fn a_file_from_a_newer_version_is_refused_byte_for_byte_unchanged() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    {
        let conn = raw_sqlcipher(&path, PASSPHRASE);
        conn.pragma_update(None, "user_version", 9999).unwrap();
    }
    let before = fs::read(&path).unwrap();
    for access in [Access::ReadWrite, Access::ReadOnly] {
        let err = Workbook::open(&path, &passphrase(), access).unwrap_err();
        assert_eq!(err.kind(), "newer_version", "{err}");
        assert!(err.to_string().contains("has not been changed"));
    }
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_file() {
    let (_dir, path, wb) = new_workbook();
    let err = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap_err();
    assert_eq!(err.kind(), "already_open", "{err}");
    // Reading alongside is allowed (the CLI's `info` while the app is open).
    let reader = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    drop(reader);
    wb.close().unwrap();
    let again = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap();
    again.close().unwrap();
}

#[test]
fn creating_over_an_existing_file_is_refused_and_the_file_kept() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    let before = fs::read(&path).unwrap();
    let err = Workbook::create(&path, &passphrase(), "Other Co", &actor()).unwrap_err();
    assert_eq!(err.kind(), "already_exists");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_short_passphrase_or_blank_name_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.soc2wb");
    let err = Workbook::create(&path, &Passphrase::new("short"), "Acme", &actor()).unwrap_err();
    assert_eq!(err.kind(), "passphrase_too_short");
    let err = Workbook::create(&path, &passphrase(), "   ", &actor()).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "nothing may be left behind");
}

#[test]
fn files_that_are_not_workbooks_get_a_specific_reason() {
    let dir = tempfile::tempdir().unwrap();
    let open = |p: &std::path::Path| Workbook::open(p, &passphrase(), Access::ReadWrite).unwrap_err().kind();

    assert_eq!(open(&dir.path().join("missing.soc2wb")), "not_found");
    assert_eq!(open(dir.path()), "not_a_file");

    let empty = dir.path().join("empty.soc2wb");
    fs::write(&empty, b"").unwrap();
    assert_eq!(open(&empty), "empty_file");

    let text = dir.path().join("notes.soc2wb");
    fs::write(&text, "just some notes\n".repeat(300)).unwrap();
    assert_eq!(open(&text), "not_a_workbook");

    let plain = dir.path().join("plain.sqlite");
    rusqlite::Connection::open(&plain).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    let before = fs::read(&plain).unwrap();
    assert_eq!(open(&plain), "plain_sqlite");
    assert_eq!(fs::read(&plain).unwrap(), before);

    // An encrypted database with the same key, made by another program.
    let foreign = dir.path().join("foreign.db");
    raw_sqlcipher(&foreign, PASSPHRASE).execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    let before = fs::read(&foreign).unwrap();
    assert_eq!(open(&foreign), "foreign_database");
    assert_eq!(fs::read(&foreign).unwrap(), before);
}

#[test]
fn a_truncated_workbook_is_reported_not_opened() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    let bytes = fs::read(&path).unwrap();
    // Cut mid-page: the size no longer fits a workbook.
    fs::write(&path, &bytes[..bytes.len() - 1000]).unwrap();
    let err = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap_err();
    assert_eq!(err.kind(), "not_a_workbook", "{err}");
}

#[test]
fn a_corrupted_page_is_reported_as_damage() {
    let (_dir, path, mut wb) = new_workbook();
    // Enough rows that the file has pages beyond the first.
    for i in 0..200 {
        let mut org = organization::get(&wb).unwrap();
        org.locations = format!("Office {i} ").repeat(20);
        wb.write(&actor(), |w| organization::update(w, &org)).unwrap();
    }
    wb.close().unwrap();
    let mut bytes = fs::read(&path).unwrap();
    assert!(bytes.len() > 4096 * 4);
    let at = bytes.len() - 4096 + 100; // inside the last page's ciphertext
    for b in &mut bytes[at..at + 64] {
        *b ^= 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    let result = Workbook::open(&path, &passphrase(), Access::ReadWrite)
        .and_then(|wb| verify::verify(&wb).map(|r| (r.ok, r.problems.len())));
    match result {
        Err(e) => assert_eq!(e.kind(), "damaged", "{e}"),
        Ok((ok, _)) => assert!(!ok, "a flipped page must not verify clean"),
    }
}

#[test]
fn a_read_only_folder_gets_a_clear_refusal() {
    if nix_is_root() {
        // root ignores permission bits; the check would prove nothing.
        eprintln!("skipped: running as root, permission bits do not apply");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut perms = fs::metadata(dir.path()).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(dir.path(), perms).unwrap();
    let err = Workbook::create(&dir.path().join("x.soc2wb"), &passphrase(), "Acme", &actor()).unwrap_err();
    assert_eq!(err.kind(), "read_only_location", "{err}");
}

fn nix_is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
fn edits_made_behind_the_apps_back_are_caught_by_verify() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    {
        let conn = raw_sqlcipher(&path, PASSPHRASE);
        conn.execute("UPDATE organization SET legal_name = 'Mallory Ltd'", []).unwrap();
    }
    let wb = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    let report = verify::verify(&wb).unwrap();
    assert!(!report.ok);
    assert!(
        report.problems.iter().any(|p| p.kind == verify::ProblemKind::RowChangedOutsideLog),
        "{:?}",
        report.problems
    );
}

#[test]
fn rewriting_the_log_is_caught_by_verify() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    {
        let conn = raw_sqlcipher(&path, PASSPHRASE);
        // The triggers refuse the edit...
        assert!(conn.execute("UPDATE change_log SET actor = 'someone else'", []).is_err());
        // ...so a tamperer drops them first, edits, and puts them back.
        let triggers: Vec<String> = conn
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'change_log'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        conn.execute_batch("DROP TRIGGER change_log_no_update; DROP TRIGGER change_log_no_delete;").unwrap();
        conn.execute("UPDATE change_log SET actor = 'someone else' WHERE seq = 1", []).unwrap();
        for sql in triggers {
            conn.execute_batch(&sql).unwrap();
        }
    }
    let wb = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    let report = verify::verify(&wb).unwrap();
    assert!(!report.ok);
    assert!(report.problems.iter().any(|p| p.kind == verify::ProblemKind::ChainBroken), "{:?}", report.problems);
}

#[test]
fn removing_the_log_protection_is_caught_by_verify() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    raw_sqlcipher(&path, PASSPHRASE).execute_batch("DROP TRIGGER change_log_no_delete;").unwrap();
    let wb = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    let report = verify::verify(&wb).unwrap();
    assert!(report.problems.iter().any(|p| p.kind == verify::ProblemKind::LogProtection), "{:?}", report.problems);
}

#[test]
fn a_saved_copy_is_complete_encrypted_and_independent() {
    let (dir, _path, wb) = new_workbook();
    let copy = dir.path().join("copy.soc2wb");
    wb.save_copy(&copy).unwrap();
    let err = wb.save_copy(&copy).unwrap_err();
    assert_eq!(err.kind(), "already_exists");
    wb.close().unwrap();
    let c = Workbook::open(&copy, &passphrase(), Access::ReadOnly).unwrap();
    assert_eq!(organization::get(&c).unwrap().legal_name, "Acme Test Co");
    assert!(verify::verify(&c).unwrap().ok);
    assert!(matches!(
        Workbook::open(&copy, &Passphrase::new("wrong passphrase"), Access::ReadOnly),
        Err(WorkbookError::WrongPassphrase { .. })
    ));
}

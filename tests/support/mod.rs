//! Shared helpers for the integration tests: real workbook files in temp folders.
#![allow(dead_code)]

pub mod evidence;

use std::path::{Path, PathBuf};

use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{Actor, Workbook};

pub const PASSPHRASE: &str = "correct horse battery";

pub fn passphrase() -> Passphrase {
    Passphrase::new(PASSPHRASE)
}

pub fn actor() -> Actor {
    Actor::new("integration-test")
}

/// A new workbook for "Acme Test Co" in a fresh temp folder; the folder lives as long
/// as the returned guard.
pub fn new_workbook() -> (tempfile::TempDir, PathBuf, Workbook) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.soc2wb");
    let wb = Workbook::create(&path, &passphrase(), "Acme Test Co", &actor()).unwrap();
    (dir, path, wb)
}

/// A raw SQLCipher connection, as a standard SQLCipher 4 tool would open the file:
/// only the passphrase, no Readiness code in between.
pub fn raw_sqlcipher(path: &Path, key: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "key", key).unwrap();
    conn
}

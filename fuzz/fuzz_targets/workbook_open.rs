//! Opening a workbook file: any bytes are refused with an error (or open, if the fuzzer
//! ever builds a valid encrypted workbook), never a panic. Read-only, so no lock file;
//! most inputs stop at the cheap size and header checks before any key derivation.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{Access, Workbook};

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("readiness-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir.join("input.soc2wb")
    })
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    for suffix in ["-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    match Workbook::open(path, &Passphrase::new("correct horse battery"), Access::ReadOnly) {
        Ok(wb) => drop(wb),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});

//! Evidence helpers shared by the evidence and full-disk tests: deterministic files,
//! attaching without progress, and the checks that a refused write left nothing behind.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use readiness_core::evidence::{self, Evidence, EvidenceError, NewEvidence, Progress};
use readiness_core::workbook::{self, verify, Workbook};

use super::actor;

/// Deterministic, incompressible bytes.
pub fn pseudo_random(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn no_progress() -> impl FnMut(Progress) -> ControlFlow<()> {
    |_| ControlFlow::Continue(())
}

pub fn attach(wb: &mut Workbook, path: &Path, meta: &NewEvidence) -> Result<Evidence, EvidenceError> {
    wb.write(&actor(), |w| evidence::add_file(w, &actor(), path, meta, &mut no_progress()))
}

/// Rows in each evidence table and the change log, to prove a refusal wrote nothing.
pub fn counts(wb: &Workbook) -> [i64; 5] {
    let count = |table: &str| -> i64 {
        wb.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    };
    [
        count("evidence"),
        count("item_evidence"),
        count("evidence_blob"),
        count("evidence_chunk"),
        workbook::log_count(wb.conn()).unwrap(),
    ]
}

/// The change log replays and every stored blob still hashes to its name.
pub fn assert_verifies(wb: &Workbook) {
    let report = verify::verify(wb).unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert_eq!(evidence::check_blobs(wb.conn()).unwrap(), Vec::<String>::new());
}

/// The names in a folder, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

//! Re-hashing stored evidence bytes, for `readiness verify`.

use std::ops::ControlFlow;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::chunks::short;
use super::store;
use crate::workbook::WorkbookError;

/// Re-reads every stored blob and reports, in plain words, each one whose bytes no
/// longer hash to its SHA-256 or add up to its size, has a missing chunk, or is used by
/// no record; and each record whose bytes are not stored. Reads one chunk at a time.
pub fn check_blobs(conn: &Connection) -> Result<Vec<String>, WorkbookError> {
    let mut problems = Vec::new();
    for blob in store::blob_uses(conn)? {
        let who = if blob.used_by.is_empty() {
            format!("Stored evidence bytes {}", short(&blob.sha256))
        } else {
            format!("Evidence {}", blob.used_by.join(", "))
        };
        if blob.sha256.starts_with(store::PENDING_PREFIX) {
            // A staged attach that never finished: it belongs to no record, and the next
            // open for writing removes it. Nothing the auditor relies on is wrong.
            continue;
        }
        if blob.used_by.is_empty() {
            problems.push(format!("{who} belong to no evidence record."));
        }
        for label in &blob.size_disagrees {
            problems.push(format!(
                "Evidence {label}: its record gives a different size from its stored bytes ({} bytes).",
                blob.size
            ));
        }
        let mut hasher = Sha256::new();
        let mut size = 0i64;
        let mut next_seq = 0i64;
        let mut gaps = Vec::new();
        store::for_each_chunk(conn, blob.id, |seq, data| -> Result<_, WorkbookError> {
            if seq != next_seq {
                // Parts are numbered from 1 for people; `seq` counts from 0.
                gaps.push(if seq == next_seq + 1 {
                    format!("part {}", next_seq + 1)
                } else {
                    format!("parts {} to {}", next_seq + 1, seq)
                });
            }
            next_seq = seq + 1;
            hasher.update(data);
            size += data.len() as i64;
            Ok(ControlFlow::Continue(()))
        })?;
        let sha256 = hex::encode(hasher.finalize());
        if !gaps.is_empty() {
            problems.push(format!("{who}: some of its stored bytes are missing ({}).", gaps.join(", ")));
        } else if size != blob.size {
            problems.push(format!("{who}: its stored bytes are {size} bytes long, but {} were attached.", blob.size));
        }
        if sha256 != blob.sha256 {
            problems.push(format!(
                "{who}: its stored bytes no longer match their SHA-256 fingerprint (expected {}…, found {}…).",
                short(&blob.sha256),
                short(&sha256)
            ));
        }
    }
    for label in store::evidence_without_blob(conn)? {
        problems.push(format!("Evidence {label}: its stored bytes are missing."));
    }
    let stray = store::stray_chunks(conn)?;
    if stray > 0 {
        problems.push(format!("{stray} pieces of stored evidence bytes belong to no stored file."));
    }
    Ok(problems)
}

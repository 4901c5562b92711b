//! Staging a large attach (see `attach::attach_file`): the journal mode it writes in, the
//! checkpoints that keep the write-ahead log to one step, and removing a placeholder
//! blob that will not become evidence, at once or on the next open for writing.

use rusqlite::{named_params, Connection, OptionalExtension};

use super::store::{drop_blob, PENDING_PREFIX};
use crate::workbook::WorkbookError;

/// How far a checkpoint goes.
#[derive(Clone, Copy)]
pub(super) enum Checkpoint {
    /// Between staging steps: copy the log into the file and start the log over from
    /// its beginning, reusing the log file's space rather than giving it back and
    /// growing it again.
    Restart,
    /// At the end: the same, and shrink the log file to nothing.
    Truncate,
}

/// Copies the write-ahead log into the file and starts it over, so a staged attach keeps
/// the log to one step. Best effort: a reader holding an old snapshot (another process
/// reading the workbook) can keep part of the log, which the next checkpoint takes.
pub(super) fn checkpoint(conn: &Connection, how: Checkpoint) {
    let sql = match how {
        Checkpoint::Restart => "PRAGMA wal_checkpoint(RESTART)",
        Checkpoint::Truncate => "PRAGMA wal_checkpoint(TRUNCATE)",
    };
    let _ = conn.query_row(sql, [], |_| Ok(()));
}

/// Switches the connection's journal mode ("wal" or "delete"); whether it now is in
/// that mode. Leaving WAL mode needs no other connection to the file, so it can fail
/// harmlessly while another program reads the workbook.
pub(super) fn set_journal(conn: &Connection, mode: &str) -> bool {
    conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get::<_, String>(0))
        .is_ok_and(|now| now.eq_ignore_ascii_case(mode))
}

/// Removes a staged blob that will not become evidence (the attach failed or was
/// cancelled), in its own transaction.
pub(super) fn discard_staged(conn: &Connection, blob_id: i64) -> Result<(), WorkbookError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let dropped = (|| -> Result<(), WorkbookError> {
        let pending: bool = conn
            .query_row(
                "SELECT sha256 LIKE :prefix FROM evidence_blob WHERE id = :id",
                named_params! { ":prefix": format!("{PENDING_PREFIX}%"), ":id": blob_id },
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if pending {
            drop_blob(conn, blob_id)?;
        }
        Ok(conn.execute_batch("COMMIT")?)
    })();
    if dropped.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    checkpoint(conn, Checkpoint::Truncate);
    dropped
}

/// Removes every staged blob a killed attach left behind; returns how many. Called
/// when a workbook is opened for writing, before anything else can stage.
pub(crate) fn reclaim_staged(conn: &Connection) -> Result<u32, WorkbookError> {
    let like = format!("{PENDING_PREFIX}%");
    let any: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM evidence_blob WHERE sha256 LIKE :prefix)",
        named_params! { ":prefix": like },
        |r| r.get(0),
    )?;
    if !any {
        return Ok(0);
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let reclaimed = (|| -> Result<u32, WorkbookError> {
        conn.execute(
            "DELETE FROM evidence_chunk WHERE blob_id IN (SELECT id FROM evidence_blob WHERE sha256 LIKE :prefix)",
            named_params! { ":prefix": like },
        )?;
        let n =
            conn.execute("DELETE FROM evidence_blob WHERE sha256 LIKE :prefix", named_params! { ":prefix": like })?;
        conn.execute_batch("COMMIT")?;
        Ok(n as u32)
    })();
    if reclaimed.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    checkpoint(conn, Checkpoint::Truncate);
    reclaimed
}

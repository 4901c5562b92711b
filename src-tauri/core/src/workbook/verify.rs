//! `readiness verify`: the storage is sound, the change log's chain is unbroken, and
//! every audited row is exactly what the log says it became.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::changelog::{entry_hash, row_to_json, BatchDigest, GENESIS_HASH};
use super::entity::{Action, Entity};
use super::{Workbook, WorkbookError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// SQLite's own structural check failed.
    Storage,
    /// The append-only protection on the log was removed.
    LogProtection,
    /// An entry was edited, removed, inserted or reordered.
    ChainBroken,
    /// A row differs from its last logged state.
    RowChangedOutsideLog,
    /// A row exists that the log never recorded.
    RowNotInLog,
    /// The log says a row exists, but it is gone.
    RowMissing,
    /// Stored evidence bytes no longer hash to the SHA-256 recorded for them.
    EvidenceMismatch,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct VerifyReport {
    pub ok: bool,
    pub entries_checked: i64,
    pub rows_checked: i64,
    pub head_hash: String,
    pub problems: Vec<Problem>,
}

pub fn verify(wb: &Workbook) -> Result<VerifyReport, WorkbookError> {
    let conn = wb.conn();
    let mut problems = Vec::new();

    let mut stmt = conn.prepare("PRAGMA integrity_check(20)")?;
    let verdicts: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    if verdicts != ["ok"] {
        for v in verdicts {
            problems.push(Problem { kind: ProblemKind::Storage, message: format!("Storage check: {v}") });
        }
    }

    let triggers: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('change_log_no_update', 'change_log_no_delete')",
        [],
        |r| r.get(0),
    )?;
    if triggers != 2 {
        problems.push(Problem {
            kind: ProblemKind::LogProtection,
            message: "The change log's append-only protection has been removed.".to_owned(),
        });
    }

    // Walk the chain, replaying each row's last logged state.
    let mut expected: BTreeMap<(Entity, String), Value> = BTreeMap::new();
    // Batch-logged entities: (entity, batch key) -> (rows, digest) last logged.
    let mut batches: BTreeMap<(Entity, String), (i64, String)> = BTreeMap::new();
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut prev_seq = 0i64;
    let mut entries = 0i64;
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, entity, entity_id, action, detail, prev_hash, hash FROM change_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        entries += 1;
        let seq: i64 = r.get(0)?;
        let (at, actor, entity, entity_id, action, detail): (String, String, String, String, String, String) =
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
        let (stored_prev, stored_hash): (String, String) = (r.get(7)?, r.get(8)?);
        if seq != prev_seq + 1 {
            problems.push(chain(format!("Entry {} is missing from the change log (next found: {seq}).", prev_seq + 1)));
        }
        if stored_prev != prev_hash {
            problems.push(chain(format!("Entry {seq} does not follow the entry before it.")));
        }
        if entry_hash(&stored_prev, seq, &at, &actor, &entity, &entity_id, &action, &detail) != stored_hash {
            problems.push(chain(format!("Entry {seq} was altered after it was written.")));
        }
        prev_hash = stored_hash;
        prev_seq = seq;

        let (Some(entity), Some(action)) = (Entity::parse(&entity), Action::parse(&action)) else {
            problems.push(chain(format!("Entry {seq} names an unknown entity or action ({entity} {action}).")));
            continue;
        };
        if entity.table().is_none() {
            continue;
        }
        if entity.batch_key().is_some() {
            let batch = serde_json::from_str::<Value>(&detail).ok().and_then(|d| d.get("batch").cloned());
            let state =
                batch.as_ref().and_then(|b| Some((b.get("rows")?.as_i64()?, b.get("sha256")?.as_str()?.to_owned())));
            match state {
                Some(state) => {
                    batches.insert((entity, entity_id), state);
                }
                None => problems.push(chain(format!("Entry {seq} has no batch state."))),
            }
            continue;
        }
        let key = (entity, entity_id);
        match action {
            Action::Delete => {
                expected.remove(&key);
            }
            Action::Create | Action::Update => {
                let row = serde_json::from_str::<Value>(&detail).ok().and_then(|d| d.get("row").cloned());
                match row {
                    Some(row) => {
                        expected.insert(key, row);
                    }
                    None => problems.push(chain(format!("Entry {seq} has no row state."))),
                }
            }
        }
    }
    drop(rows);
    drop(stmt);

    let mut rows_checked = 0i64;
    for entity in Entity::ALL.iter().copied() {
        let Some(table) = entity.table() else { continue };
        if let Some(column) = entity.batch_key() {
            rows_checked += check_batches(conn, entity, table, column, &mut batches, &mut problems)?;
            continue;
        }
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let actual: Vec<Value> = stmt.query_map([], |r| row_to_json(r, &names))?.collect::<Result<_, _>>()?;
        for row in actual {
            rows_checked += 1;
            let id = row.get("id").map(value_as_id).unwrap_or_default();
            match expected.remove(&(entity, id.clone())) {
                None => problems.push(Problem {
                    kind: ProblemKind::RowNotInLog,
                    message: format!(
                        "The {} record {id} was added without going through the change log.",
                        entity.as_str()
                    ),
                }),
                Some(logged) if logged != row => problems.push(Problem {
                    kind: ProblemKind::RowChangedOutsideLog,
                    message: format!(
                        "The {} record {id} was changed without going through the change log.",
                        entity.as_str()
                    ),
                }),
                Some(_) => {}
            }
        }
    }
    for ((entity, id), _) in expected {
        problems.push(Problem {
            kind: ProblemKind::RowMissing,
            message: format!("The {} record {id} was removed without going through the change log.", entity.as_str()),
        });
    }

    // Evidence bytes are not logged row by row: each evidence record names the SHA-256
    // its bytes must hash to, so re-hash them.
    for message in crate::evidence::check_blobs(conn)? {
        problems.push(Problem { kind: ProblemKind::EvidenceMismatch, message });
    }

    Ok(VerifyReport { ok: problems.is_empty(), entries_checked: entries, rows_checked, head_hash: prev_hash, problems })
}

/// Re-digests every batch of a batch-logged table and compares it with the last logged
/// state of that batch; rows in a batch the log never mentioned are reported too.
fn check_batches(
    conn: &rusqlite::Connection,
    entity: Entity,
    table: &str,
    column: &str,
    batches: &mut BTreeMap<(Entity, String), (i64, String)>,
    problems: &mut Vec<Problem>,
) -> Result<i64, WorkbookError> {
    let mut stmt = conn.prepare(&format!("SELECT \"{column}\", * FROM \"{table}\" ORDER BY \"{column}\", id"))?;
    let width = stmt.column_count();
    let mut rows = stmt.query([])?;
    let mut checked = 0i64;
    let mut current: Option<(String, BatchDigest)> = None;
    let mut finished: Vec<(String, i64, String)> = Vec::new();
    while let Some(row) = rows.next()? {
        checked += 1;
        let key: String = row.get(0)?;
        if current.as_ref().map(|(k, _)| k != &key).unwrap_or(true) {
            if let Some((k, digest)) = current.take() {
                let (n, h) = digest.finish();
                finished.push((k, n, h));
            }
            current = Some((key, BatchDigest::new()));
        }
        if let Some((_, digest)) = current.as_mut() {
            digest.add_from(row, 1, width)?;
        }
    }
    if let Some((k, digest)) = current.take() {
        let (n, h) = digest.finish();
        finished.push((k, n, h));
    }
    let empty = BatchDigest::new().finish();
    for (key, n, hash) in finished {
        let what = format!("The {} records of {key}", entity.as_str());
        match batches.remove(&(entity, key.clone())) {
            None => problems.push(Problem {
                kind: ProblemKind::RowNotInLog,
                message: format!("{what} were added without going through the change log."),
            }),
            Some(logged) if logged != (n, hash) => problems.push(Problem {
                kind: ProblemKind::RowChangedOutsideLog,
                message: format!("{what} were changed without going through the change log."),
            }),
            Some(_) => {}
        }
    }
    let unseen: Vec<(Entity, String)> = batches.keys().filter(|(e, _)| *e == entity).cloned().collect();
    for (e, key) in unseen {
        let logged = batches.remove(&(e, key.clone()));
        if logged.is_some_and(|l| l != empty) {
            problems.push(Problem {
                kind: ProblemKind::RowMissing,
                message: format!(
                    "The {} records of {key} were removed without going through the change log.",
                    e.as_str()
                ),
            });
        }
    }
    Ok(checked)
}

fn chain(message: String) -> Problem {
    Problem { kind: ProblemKind::ChainBroken, message }
}

fn value_as_id(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

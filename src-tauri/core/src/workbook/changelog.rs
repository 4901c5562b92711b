//! The append-only, hash-chained change log and the one write path that feeds it.
//!
//! Invariant: every committed mutation of an audited table appended, in the same
//! transaction, an entry whose `detail.row` is the row's full state after the change.
//! `hash = SHA-256(prev_hash || canonical entry)`, so editing, removing or reordering
//! entries breaks the chain, and a row changed behind the log's back no longer matches
//! its last logged state. `verify` checks both.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::entity::{Action, Entity};
use super::WorkbookError;

/// `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who made a change, as recorded in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(String);

impl Actor {
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        let name = name.trim();
        Self(if name.is_empty() { "unknown".to_owned() } else { name.to_owned() })
    }

    /// The operating-system user running the app or the CLI.
    pub fn from_os() -> Self {
        Self::new(
            std::env::var("USER")
                .or_else(|_| std::env::var("LOGNAME"))
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChangeEntry {
    pub seq: i64,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    #[ts(type = "unknown")]
    pub detail: Value,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of one entry. `at` and `detail` are hashed as stored (text), so
/// verification never depends on re-formatting a date or re-ordering JSON keys.
// One argument per hashed column keeps the hashed fields explicit at every call site.
#[allow(clippy::too_many_arguments)]
pub(crate) fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    detail: &str,
) -> String {
    let canonical = json!({
        "seq": seq, "at": at, "actor": actor, "entity": entity,
        "entity_id": entity_id, "action": action, "detail": detail,
    });
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(canonical.to_string().as_bytes());
    hex::encode(h.finalize())
}

/// A write transaction: the only way to change audited data.
pub struct WriteTx<'c> {
    tx: Transaction<'c>,
    actor: Actor,
    at: String,
    head: (i64, String),
}

impl<'c> WriteTx<'c> {
    /// When this write happens, as its log entries record it (RFC 3339, milliseconds):
    /// rows that keep their own timestamp take this one, so they agree with the log.
    pub(crate) fn at(&self) -> &str {
        &self.at
    }

    /// Starts logging changes at `at`, or now.
    pub(crate) fn begin(tx: Transaction<'c>, actor: &Actor, at: Option<DateTime<Utc>>) -> Result<Self, WorkbookError> {
        let head = head(&tx)?.unwrap_or((0, GENESIS_HASH.to_owned()));
        let at = at.unwrap_or_else(Utc::now).to_rfc3339_opts(SecondsFormat::Millis, true);
        Ok(Self { tx, actor: actor.clone(), at, head })
    }

    /// The transaction, for the entity modules' own SQL.
    pub fn sql(&self) -> &Connection {
        &self.tx
    }

    /// Whether row `id` of `entity` is there, e.g. to log an upsert as a create or an
    /// update. Entities without a table have no rows.
    pub fn exists(&self, entity: Entity, id: &str) -> Result<bool, WorkbookError> {
        let Some(table) = entity.table() else { return Ok(false) };
        Ok(self
            .tx
            .query_row(&format!("SELECT 1 FROM \"{table}\" WHERE id = ?1"), [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Logs the current state of row `id` of `entity` after a create or update, or its
    /// removal after a delete.
    pub fn record(&mut self, entity: Entity, id: &str, action: Action) -> Result<(), WorkbookError> {
        let detail = match (entity.table(), action) {
            (_, Action::Delete) | (None, _) => json!({}),
            (Some(table), _) => {
                let row = snapshot_row(&self.tx, table, id)?.ok_or_else(|| {
                    WorkbookError::Invalid(format!("internal error: no {} row {id} to record", entity.as_str()))
                })?;
                json!({ "row": row })
            }
        };
        self.append(entity, id, action, detail)
    }

    /// Logs an event that has no row of its own (e.g. the workbook's creation).
    pub fn record_event(
        &mut self,
        entity: Entity,
        id: &str,
        action: Action,
        detail: Value,
    ) -> Result<(), WorkbookError> {
        debug_assert!(entity.table().is_none(), "row entities go through record()");
        self.append(entity, id, action, json!({ "event": detail }))
    }

    /// Logs the whole current state of batch `key` of a batch-logged entity (see
    /// [`Entity::batch_key`]) as one entry: its row count and a digest of its rows in id
    /// order. Call it after writing or removing the batch's rows; an empty batch logs
    /// zero rows, which is how a removal is recorded.
    pub fn record_batch(&mut self, entity: Entity, key: &str) -> Result<(), WorkbookError> {
        let (Some(table), Some(column)) = (entity.table(), entity.batch_key()) else {
            return Err(WorkbookError::Invalid(format!(
                "internal error: {} is not logged in batches",
                entity.as_str()
            )));
        };
        let mut digest = BatchDigest::new();
        {
            let mut stmt =
                self.tx.prepare(&format!("SELECT * FROM \"{table}\" WHERE \"{column}\" = ?1 ORDER BY id"))?;
            let width = stmt.column_count();
            let mut rows = stmt.query([key])?;
            while let Some(row) = rows.next()? {
                digest.add(row, width)?;
            }
        }
        self.record_batch_digest(entity, key, digest)
    }

    /// Logs batch `key` with a digest the caller built while writing every row of it
    /// (see [`BatchDigest::add_values`]); `verify` recomputes it from the table.
    pub(crate) fn record_batch_digest(
        &mut self,
        entity: Entity,
        key: &str,
        digest: BatchDigest,
    ) -> Result<(), WorkbookError> {
        let (rows, sha256) = digest.finish();
        self.append(entity, key, Action::Update, json!({ "batch": { "rows": rows, "sha256": sha256 } }))
    }

    fn append(&mut self, entity: Entity, id: &str, action: Action, detail: Value) -> Result<(), WorkbookError> {
        let seq = self.head.0 + 1;
        let detail = detail.to_string();
        let hash =
            entry_hash(&self.head.1, seq, &self.at, self.actor.as_str(), entity.as_str(), id, action.as_str(), &detail);
        self.tx.execute(
            "INSERT INTO change_log (seq, at, actor, entity, entity_id, action, detail, prev_hash, hash)
             VALUES (:seq, :at, :actor, :entity, :entity_id, :action, :detail, :prev_hash, :hash)",
            named_params! {
                ":seq": seq, ":at": self.at, ":actor": self.actor.as_str(), ":entity": entity.as_str(),
                ":entity_id": id, ":action": action.as_str(), ":detail": detail,
                ":prev_hash": self.head.1, ":hash": hash,
            },
        )?;
        self.head = (seq, hash);
        Ok(())
    }

    pub(crate) fn commit(self) -> Result<(), WorkbookError> {
        self.tx.commit().map_err(WorkbookError::from)
    }
}

/// The newest entry's sequence number and hash.
pub fn head(conn: &Connection) -> Result<Option<(i64, String)>, WorkbookError> {
    Ok(conn
        .query_row("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A row as a JSON object of column name to value, the form the log stores.
pub(crate) fn snapshot_row(conn: &Connection, table: &str, id: &str) -> Result<Option<Value>, WorkbookError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM \"{table}\" WHERE id = ?1"))?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    Ok(stmt.query_row([id], |r| row_to_json(r, &names)).optional()?)
}

pub(crate) fn row_to_json(row: &rusqlite::Row<'_>, names: &[String]) -> rusqlite::Result<Value> {
    use rusqlite::types::ValueRef;
    let mut map = Map::new();
    for (i, name) in names.iter().enumerate() {
        let v = match row.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::from(n),
            ValueRef::Real(f) => Value::from(f),
            ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
            // Audited tables keep no blobs; evidence bytes live in content-addressed
            // storage checked by hash. Log a digest so a blob column still verifies.
            ValueRef::Blob(b) => Value::from(format!("sha256:{}", hex::encode(Sha256::digest(b)))),
        };
        map.insert(name.clone(), v);
    }
    Ok(Value::Object(map))
}

/// A digest of a batch of rows, computed the same way when a batch is logged and when
/// `verify` re-reads it: each value as a type tag, its length and its bytes, so no two
/// different rows can encode alike. Rows must be fed in id order.
pub(crate) struct BatchDigest {
    hasher: Sha256,
    rows: i64,
}

impl BatchDigest {
    pub(crate) fn new() -> Self {
        Self { hasher: Sha256::new(), rows: 0 }
    }

    pub(crate) fn add(&mut self, row: &rusqlite::Row<'_>, width: usize) -> rusqlite::Result<()> {
        self.add_from(row, 0, width)
    }

    /// Like `add`, for a row whose first `skip` columns are not part of it.
    pub(crate) fn add_from(&mut self, row: &rusqlite::Row<'_>, skip: usize, width: usize) -> rusqlite::Result<()> {
        for i in skip..width {
            self.value(row.get_ref(i)?);
        }
        self.rows += 1;
        Ok(())
    }

    /// Adds a row from the values about to be written, in table column order, so a
    /// bulk insert need not read its rows back. `verify` re-reads them and must agree.
    pub(crate) fn add_values(&mut self, values: &[rusqlite::types::ValueRef<'_>]) {
        for v in values {
            self.value(*v);
        }
        self.rows += 1;
    }

    fn value(&mut self, v: rusqlite::types::ValueRef<'_>) {
        use rusqlite::types::ValueRef;
        let (tag, bytes): (u8, std::borrow::Cow<'_, [u8]>) = match v {
            ValueRef::Null => (0, std::borrow::Cow::Borrowed(&[])),
            ValueRef::Integer(n) => (1, std::borrow::Cow::Owned(n.to_le_bytes().to_vec())),
            ValueRef::Real(f) => (2, std::borrow::Cow::Owned(f.to_le_bytes().to_vec())),
            ValueRef::Text(t) => (3, std::borrow::Cow::Borrowed(t)),
            ValueRef::Blob(b) => (4, std::borrow::Cow::Borrowed(b)),
        };
        self.hasher.update([tag]);
        self.hasher.update((bytes.len() as u64).to_le_bytes());
        self.hasher.update(&bytes);
    }

    pub(crate) fn finish(self) -> (i64, String) {
        (self.rows, hex::encode(self.hasher.finalize()))
    }
}

/// Entries newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<ChangeEntry>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, entity, entity_id, action, detail, prev_hash, hash
         FROM change_log ORDER BY seq DESC LIMIT :limit",
    )?;
    let rows = stmt.query_map(named_params! { ":limit": limit }, |r| {
        let at: String = r.get(1)?;
        let detail: String = r.get(6)?;
        Ok(ChangeEntry {
            seq: r.get(0)?,
            at: DateTime::parse_from_rfc3339(&at).map(|d| d.with_timezone(&Utc)).unwrap_or_default(),
            actor: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            action: r.get(5)?,
            detail: serde_json::from_str(&detail).unwrap_or(Value::String(detail)),
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count(conn: &Connection) -> Result<i64, WorkbookError> {
    Ok(conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?)
}

/// How many entries the log holds per kind of record and action, for summaries.
pub fn counts_by_entity(conn: &Connection) -> Result<Vec<(String, String, i64)>, WorkbookError> {
    let mut stmt = conn
        .prepare("SELECT entity, action, count(*) FROM change_log GROUP BY entity, action ORDER BY entity, action")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The sequence number of the entry with this hash, if the log holds it.
pub fn position_of(conn: &Connection, hash: &str) -> Result<Option<i64>, WorkbookError> {
    Ok(conn
        .query_row("SELECT seq FROM change_log WHERE hash = :h", named_params! { ":h": hash }, |r| r.get(0))
        .optional()?)
}

//! The evidence SQL: every read and write of `evidence`, `item_evidence`,
//! `evidence_blob` and `evidence_chunk` lives here.
//!
//! Blobs and chunks are not audited row by row; the audited `evidence` row names the
//! SHA-256 its bytes must hash to, and `check_blobs` re-hashes them. A blob exists only
//! while some evidence row uses it, so deleting the last such row deletes the bytes.

use std::collections::HashMap;
use std::ops::ControlFlow;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row, Statement};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::EvidenceError;
use crate::workbook::{Action, Entity, WorkbookError, WriteTx};

/// An evidence record's human reference, "E-0001", cited by the binder. Numbers grow
/// past 9999 without changing form ("E-10000").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(transparent)]
pub struct EvidenceRef(String);

impl EvidenceRef {
    pub fn from_number(n: u64) -> Self {
        Self(format!("E-{n:04}"))
    }

    /// Reads what a person types: "E-0001", "e-1" and "E1" all mean E-0001.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let rest = s.strip_prefix('E').or_else(|| s.strip_prefix('e'))?;
        let digits = rest.strip_prefix('-').unwrap_or(rest);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<u64>().ok().filter(|n| *n > 0).map(Self::from_number)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EvidenceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file attached as proof, with where it came from. Its bytes live in the workbook,
/// stored once per distinct content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Evidence {
    pub id: String,
    #[serde(rename = "ref")]
    pub reference: EvidenceRef,
    /// Lower-case hex SHA-256 of the bytes: what `sha256sum` prints for the file.
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    /// As the user named it; may hold any character, including path separators, so it
    /// is never used as a path (see `suggested_file_name`).
    pub file_name: String,
    pub media_type: String,
    pub description: String,
    #[ts(type = "string")]
    pub collected_at: NaiveDate,
    pub collected_by: String,
    #[ts(type = "string")]
    pub added_at: DateTime<Utc>,
    /// The checklist items this file supports.
    pub item_ids: Vec<String>,
}

impl Evidence {
    /// `file_name` made safe to offer as the default name in a save dialog or to use
    /// inside an archive: no folders, no control characters, no leading dots.
    pub fn suggested_file_name(&self) -> String {
        let cleaned: String = self
            .file_name
            .chars()
            .map(|c| {
                if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let cleaned = cleaned.trim().trim_start_matches('.').trim();
        if cleaned.is_empty() {
            format!("{}.bin", self.reference)
        } else {
            cleaned.to_owned()
        }
    }
}

/// What a user tells us about a file being attached; the rest is read from the file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewEvidence {
    pub description: String,
    /// When the evidence was produced (e.g. the day a screenshot was taken); today if
    /// not given.
    #[ts(type = "string | null")]
    pub collected_at: Option<NaiveDate>,
    /// Who produced it; the person making the change if blank.
    pub collected_by: String,
    /// The name to keep; the source file's own name if not given.
    pub file_name: Option<String>,
}

/// A new evidence row, with every field decided.
pub(super) struct EvidenceRow<'a> {
    pub sha256: &'a str,
    pub size: u64,
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub description: &'a str,
    pub collected_at: NaiveDate,
    pub collected_by: &'a str,
}

const COLUMNS: &str = "id, ref, sha256, size, file_name, media_type, description, collected_at, collected_by, added_at";

/// Sorts references by number, so E-10000 comes after E-9999.
const BY_NUMBER: &str = "CAST(substr(ref, 3) AS INTEGER)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Evidence> {
    let collected_at: String = r.get(7)?;
    let added_at: String = r.get(9)?;
    Ok(Evidence {
        id: r.get(0)?,
        reference: EvidenceRef(r.get(1)?),
        sha256: r.get(2)?,
        size: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
        file_name: r.get(4)?,
        media_type: r.get(5)?,
        description: r.get(6)?,
        // Both columns are written by `insert` below in these formats; a row that does
        // not parse was edited outside the app, which `verify` reports.
        collected_at: NaiveDate::parse_from_str(&collected_at, "%Y-%m-%d").unwrap_or_default(),
        added_at: DateTime::parse_from_rfc3339(&added_at).map(|d| d.with_timezone(&Utc)).unwrap_or_default(),
        collected_by: r.get(8)?,
        item_ids: Vec::new(),
    })
}

/// Every evidence record, by reference number.
pub fn list(conn: &Connection) -> Result<Vec<Evidence>, WorkbookError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM evidence ORDER BY {BY_NUMBER}"))?;
    let mut all: Vec<Evidence> = stmt.query_map([], from_row)?.collect::<Result<_, _>>()?;
    let mut links: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT evidence_id, item_id FROM item_evidence ORDER BY item_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (evidence_id, item_id) = row?;
        links.entry(evidence_id).or_default().push(item_id);
    }
    for e in &mut all {
        e.item_ids = links.remove(&e.id).unwrap_or_default();
    }
    Ok(all)
}

/// The evidence supporting one checklist item, by reference number.
pub fn list_for_item(conn: &Connection, item_id: &str) -> Result<Vec<Evidence>, WorkbookError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM evidence WHERE id IN (SELECT evidence_id FROM item_evidence WHERE item_id = :item)
         ORDER BY {BY_NUMBER}"
    ))?;
    let found: Vec<Evidence> =
        stmt.query_map(named_params! { ":item": item_id }, from_row)?.collect::<Result<_, _>>()?;
    found.into_iter().map(|e| with_items(conn, e)).collect()
}

/// One record, by id or by reference ("E-0001", "e-1").
pub fn get(conn: &Connection, id_or_ref: &str) -> Result<Option<Evidence>, WorkbookError> {
    let reference = EvidenceRef::parse(id_or_ref).map(|r| r.0).unwrap_or_default();
    let found = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM evidence WHERE id = :id OR ref = :ref"),
            named_params! { ":id": id_or_ref.trim(), ":ref": reference },
            from_row,
        )
        .optional()?;
    found.map(|e| with_items(conn, e)).transpose()
}

fn with_items(conn: &Connection, mut e: Evidence) -> Result<Evidence, WorkbookError> {
    let mut stmt = conn.prepare_cached("SELECT item_id FROM item_evidence WHERE evidence_id = :id ORDER BY item_id")?;
    e.item_ids = stmt.query_map(named_params! { ":id": e.id }, |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(e)
}

pub(super) fn require(conn: &Connection, id_or_ref: &str) -> Result<Evidence, EvidenceError> {
    get(conn, id_or_ref)?.ok_or_else(|| EvidenceError::UnknownEvidence { reference: id_or_ref.trim().to_owned() })
}

/// The reference the next attached file gets: one more than the highest ever issued,
/// read from the change log as well as the table, so a binder that cited a deleted
/// record's number can never be confused with a later file.
fn next_reference(conn: &Connection) -> Result<EvidenceRef, WorkbookError> {
    let max: i64 = conn.query_row(
        &format!(
            "SELECT max(
                 (SELECT coalesce(max({BY_NUMBER}), 0) FROM evidence),
                 (SELECT coalesce(max(CAST(substr(json_extract(detail, '$.row.ref'), 3) AS INTEGER)), 0)
                  FROM change_log WHERE entity = 'evidence' AND action = 'create'))"
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(EvidenceRef::from_number(u64::try_from(max).unwrap_or(0) + 1))
}

/// Adds an evidence record for bytes already stored under `row.sha256`, logging it.
pub(super) fn insert(w: &mut WriteTx<'_>, row: &EvidenceRow<'_>) -> Result<Evidence, EvidenceError> {
    let id = uuid::Uuid::new_v4().to_string();
    let reference = next_reference(w.sql())?;
    let added_at = w.at().to_owned();
    w.sql().execute(
        &format!(
            "INSERT INTO evidence ({COLUMNS})
             VALUES (:id, :ref, :sha256, :size, :file_name, :media_type, :description, :collected_at, :collected_by, :added_at)"
        ),
        named_params! {
            ":id": id, ":ref": reference.as_str(), ":sha256": row.sha256, ":size": sql_size(row.size)?,
            ":file_name": row.file_name, ":media_type": row.media_type, ":description": row.description,
            ":collected_at": row.collected_at.format("%Y-%m-%d").to_string(), ":collected_by": row.collected_by,
            ":added_at": added_at,
        },
    )?;
    w.record(Entity::Evidence, &id, Action::Create)?;
    require(w.sql(), &id)
}

/// Links evidence to a checklist item. Linking twice is not an error and logs nothing
/// the second time; returns whether a link was made.
pub fn link(w: &mut WriteTx<'_>, item_id: &str, evidence_id: &str) -> Result<bool, EvidenceError> {
    let item_exists = w
        .sql()
        .query_row("SELECT 1 FROM checklist_item WHERE id = :id", named_params! { ":id": item_id }, |_| Ok(()))
        .optional()?
        .is_some();
    if !item_exists {
        return Err(EvidenceError::UnknownItem { reference: item_id.to_owned() });
    }
    let evidence = require(w.sql(), evidence_id)?;
    let id = link_id(item_id, &evidence.id);
    let made = w.sql().execute(
        "INSERT INTO item_evidence (id, item_id, evidence_id) VALUES (:id, :item, :evidence) ON CONFLICT (id) DO NOTHING",
        named_params! { ":id": id, ":item": item_id, ":evidence": evidence.id },
    )?;
    if made > 0 {
        w.record(Entity::ItemEvidence, &id, Action::Create)?;
    }
    Ok(made > 0)
}

/// Removes a link; the evidence itself stays. Returns whether there was a link.
pub fn unlink(w: &mut WriteTx<'_>, item_id: &str, evidence_id: &str) -> Result<bool, EvidenceError> {
    let evidence = require(w.sql(), evidence_id)?;
    let id = link_id(item_id, &evidence.id);
    let removed = w.sql().execute("DELETE FROM item_evidence WHERE id = :id", named_params! { ":id": id })?;
    if removed > 0 {
        w.record(Entity::ItemEvidence, &id, Action::Delete)?;
    }
    Ok(removed > 0)
}

fn link_id(item_id: &str, evidence_id: &str) -> String {
    format!("{item_id}/{evidence_id}")
}

/// Deletes an evidence record and its links, logging each, and its bytes when no other
/// record holds the same content. Returns the record as it was.
/// What a person may change about a file once attached: never its bytes or name, only
/// what it shows and when and by whom it was collected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EvidenceDetails {
    pub description: String,
    #[ts(type = "string")]
    pub collected_at: NaiveDate,
    pub collected_by: String,
}

pub fn update_details(
    w: &mut WriteTx<'_>,
    id_or_ref: &str,
    details: &EvidenceDetails,
) -> Result<Evidence, EvidenceError> {
    let evidence = require(w.sql(), id_or_ref)?;
    w.sql().execute(
        "UPDATE evidence SET description = :d, collected_at = :at, collected_by = :by WHERE id = :id",
        named_params! {
            ":id": evidence.id, ":d": details.description.trim(),
            ":at": details.collected_at.format("%Y-%m-%d").to_string(), ":by": details.collected_by.trim(),
        },
    )?;
    w.record(Entity::Evidence, &evidence.id, Action::Update)?;
    require(w.sql(), &evidence.id)
}

pub fn delete(w: &mut WriteTx<'_>, id_or_ref: &str) -> Result<Evidence, EvidenceError> {
    let evidence = require(w.sql(), id_or_ref)?;
    for item_id in &evidence.item_ids {
        unlink(w, item_id, &evidence.id)?;
    }
    w.sql().execute("DELETE FROM evidence WHERE id = :id", named_params! { ":id": evidence.id })?;
    w.record(Entity::Evidence, &evidence.id, Action::Delete)?;
    let still_used: i64 = w.sql().query_row(
        "SELECT count(*) FROM evidence WHERE sha256 = :sha256",
        named_params! { ":sha256": evidence.sha256 },
        |r| r.get(0),
    )?;
    if still_used == 0 {
        if let Some(blob_id) = blob_id(w.sql(), &evidence.sha256)? {
            drop_blob(w.sql(), blob_id)?;
        }
    }
    Ok(evidence)
}

// ---- content-addressed storage -------------------------------------------------------

/// Starts a blob whose hash is not known yet. The placeholder is unique, so it cannot
/// collide with a real hash or with another unfinished blob.
pub(super) fn insert_pending_blob(conn: &Connection) -> Result<i64, WorkbookError> {
    let placeholder = format!("{PENDING_PREFIX}{}", uuid::Uuid::new_v4());
    conn.execute(
        "INSERT INTO evidence_blob (sha256, size) VALUES (:placeholder, 0)",
        named_params! { ":placeholder": placeholder },
    )?;
    Ok(conn.last_insert_rowid())
}

/// Marks a blob as unfinished: being staged, or left by a staged attach that was killed
/// (see `attach::attach_file`). No evidence record can name it.
pub(super) const PENDING_PREFIX: &str = "pending:";

/// Appends the chunks of one blob through one prepared statement.
pub(super) struct ChunkWriter<'c> {
    stmt: Statement<'c>,
    blob_id: i64,
    next_seq: i64,
}

impl<'c> ChunkWriter<'c> {
    pub(super) fn new(conn: &'c Connection, blob_id: i64) -> Result<Self, WorkbookError> {
        let stmt = conn.prepare("INSERT INTO evidence_chunk (blob_id, seq, data) VALUES (:blob_id, :seq, :data)")?;
        Ok(Self { stmt, blob_id, next_seq: 0 })
    }

    pub(super) fn append(&mut self, data: &[u8]) -> Result<(), WorkbookError> {
        self.stmt.execute(named_params! { ":blob_id": self.blob_id, ":seq": self.next_seq, ":data": data })?;
        self.next_seq += 1;
        Ok(())
    }
}

/// Gives a finished blob its hash. If those bytes were stored before, the new copy is
/// dropped and the existing blob's id returned instead: content is stored once. (Callers
/// look for a duplicate before storing, so this is the safety net, not the usual path:
/// dropped chunks leave their pages free in the file until reused.)
pub(super) fn settle_blob(conn: &Connection, blob_id: i64, sha256: &str, size: u64) -> Result<i64, EvidenceError> {
    if let Some(existing) = self::blob_id(conn, sha256)? {
        drop_blob(conn, blob_id)?;
        return Ok(existing);
    }
    conn.execute(
        "UPDATE evidence_blob SET sha256 = :sha256, size = :size WHERE id = :id",
        named_params! { ":sha256": sha256, ":size": sql_size(size)?, ":id": blob_id },
    )?;
    Ok(blob_id)
}

/// Whether some stored blob has exactly `size` bytes: the only case in which a new
/// file can be a duplicate, since equal hashes imply equal sizes.
pub(super) fn blob_of_size_exists(conn: &Connection, size: u64) -> Result<bool, WorkbookError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM evidence_blob WHERE size = :size LIMIT 1",
            named_params! { ":size": sql_size(size)? },
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub(super) fn blob_id(conn: &Connection, sha256: &str) -> Result<Option<i64>, WorkbookError> {
    Ok(conn
        .query_row("SELECT id FROM evidence_blob WHERE sha256 = :sha256", named_params! { ":sha256": sha256 }, |r| {
            r.get(0)
        })
        .optional()?)
}

pub(super) fn drop_blob(conn: &Connection, blob_id: i64) -> Result<(), WorkbookError> {
    conn.execute("DELETE FROM evidence_chunk WHERE blob_id = :id", named_params! { ":id": blob_id })?;
    conn.execute("DELETE FROM evidence_blob WHERE id = :id", named_params! { ":id": blob_id })?;
    Ok(())
}

/// Calls `f` with each chunk of a blob in order, one at a time: only the current chunk
/// is in memory. `f` may stop early with `Break`.
pub(super) fn for_each_chunk<E>(
    conn: &Connection,
    blob_id: i64,
    mut f: impl FnMut(i64, &[u8]) -> Result<ControlFlow<()>, E>,
) -> Result<(), E>
where
    E: From<WorkbookError>,
{
    let mut stmt = conn
        .prepare_cached("SELECT seq, data FROM evidence_chunk WHERE blob_id = :id ORDER BY seq")
        .map_err(WorkbookError::from)?;
    let mut rows = stmt.query(named_params! { ":id": blob_id }).map_err(WorkbookError::from)?;
    while let Some(row) = rows.next().map_err(WorkbookError::from)? {
        let seq: i64 = row.get(0).map_err(WorkbookError::from)?;
        let data = row.get_ref(1).map_err(WorkbookError::from)?.as_blob().map_err(rusqlite::Error::from);
        let data = data.map_err(WorkbookError::from)?;
        if f(seq, data)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// One stored blob and the evidence records that use it, for `check_blobs`.
pub(super) struct BlobUse {
    pub id: i64,
    pub sha256: String,
    pub size: i64,
    /// "E-0001 (scan.pdf)" for each record using it; empty if none does.
    pub used_by: Vec<String>,
    /// Records whose own `size` differs from the blob's.
    pub size_disagrees: Vec<String>,
}

pub(super) fn blob_uses(conn: &Connection) -> Result<Vec<BlobUse>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT b.id, b.sha256, b.size, e.ref, e.file_name, e.size
         FROM evidence_blob b LEFT JOIN evidence e ON e.sha256 = b.sha256
         ORDER BY b.id, CAST(substr(e.ref, 3) AS INTEGER)",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: Vec<BlobUse> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if out.last().map(|b| b.id) != Some(id) {
            out.push(BlobUse { id, sha256: r.get(1)?, size: r.get(2)?, used_by: vec![], size_disagrees: vec![] });
        }
        let Some(blob) = out.last_mut() else { continue };
        if let Some(reference) = r.get::<_, Option<String>>(3)? {
            let label = format!("{reference} ({})", r.get::<_, String>(4)?);
            if r.get::<_, i64>(5)? != blob.size {
                blob.size_disagrees.push(label.clone());
            }
            blob.used_by.push(label);
        }
    }
    Ok(out)
}

/// "E-0001 (scan.pdf)" for each record whose hash names no stored blob.
pub(super) fn evidence_without_blob(conn: &Connection) -> Result<Vec<String>, WorkbookError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT ref, file_name FROM evidence WHERE sha256 NOT IN (SELECT sha256 FROM evidence_blob) ORDER BY {BY_NUMBER}"
    ))?;
    let rows = stmt.query_map([], |r| Ok(format!("{} ({})", r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many chunks belong to no blob.
pub(super) fn stray_chunks(conn: &Connection) -> Result<i64, WorkbookError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM evidence_chunk WHERE blob_id NOT IN (SELECT id FROM evidence_blob)",
        [],
        |r| r.get(0),
    )?)
}

fn sql_size(size: u64) -> Result<i64, WorkbookError> {
    // SQLite integers are i64; no file reaches 8 EiB, but say so rather than wrap.
    i64::try_from(size).map_err(|_| WorkbookError::Invalid("The file is too large to attach.".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_the_way_people_type_them() {
        assert_eq!(EvidenceRef::parse("E-0001"), Some(EvidenceRef::from_number(1)));
        assert_eq!(EvidenceRef::parse(" e-1 "), Some(EvidenceRef::from_number(1)));
        assert_eq!(EvidenceRef::parse("E12"), Some(EvidenceRef::from_number(12)));
        assert_eq!(EvidenceRef::parse("E-12345").map(|r| r.to_string()), Some("E-12345".to_owned()));
        assert_eq!(EvidenceRef::parse("E-0"), None);
        assert_eq!(EvidenceRef::parse("E-"), None);
        assert_eq!(EvidenceRef::parse("AC-01"), None);
        assert_eq!(EvidenceRef::parse("E-1a"), None);
    }

    #[test]
    fn suggested_file_names_cannot_leave_the_chosen_folder() {
        let mut e = Evidence {
            id: "x".into(),
            reference: EvidenceRef::from_number(7),
            sha256: String::new(),
            size: 1,
            file_name: "../../etc/passwd".into(),
            media_type: String::new(),
            description: String::new(),
            collected_at: NaiveDate::default(),
            collected_by: String::new(),
            added_at: DateTime::default(),
            item_ids: vec![],
        };
        assert_eq!(e.suggested_file_name(), "_.._etc_passwd");
        e.file_name = "Übersicht Q3\n(final).pdf".into();
        assert_eq!(e.suggested_file_name(), "Übersicht Q3_(final).pdf");
        e.file_name = "..".into();
        assert_eq!(e.suggested_file_name(), "E-0007.bin");
        e.file_name = "C:\\x.txt".into();
        assert_eq!(e.suggested_file_name(), "C__x.txt");
    }
}

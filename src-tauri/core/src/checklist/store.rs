//! The checklist's SQL: every read and write of `checklist_item` and `item_criterion`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{named_params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::library::{Library, LibraryItem};
use super::{Frequency, ItemStatus};
use crate::catalog::Category;
use crate::readiness::as_of::{self, EvidenceCurrency, Yardstick};
use crate::scope::{fmt_date, parse_date};
use crate::workbook::{Action, Entity, Workbook, WorkbookError, WriteTx};

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChecklistItem {
    pub id: String,
    /// "AC-01" for library items, "CU-001" for the user's own.
    #[serde(rename = "ref")]
    pub reference: String,
    pub library_key: Option<String>,
    pub area: String,
    pub title: String,
    pub why: String,
    pub how: String,
    pub suggested_evidence: Vec<String>,
    pub frequency: Frequency,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    pub status: ItemStatus,
    #[ts(type = "string | null")]
    pub due_date: Option<NaiveDate>,
    pub na_justification: String,
    pub comments: String,
    pub criteria: Vec<String>,
    /// The criteria, among `criteria`, for which this is a key control: from the library
    /// for library items, plus any the user marked.
    pub key_for: Vec<String>,
    pub evidence_count: u32,
    /// Its newest evidence judged against the as-of date (see `readiness::as_of`).
    pub evidence_state: EvidenceCurrency,
    /// At least one of its criteria is in scope. Out-of-scope items are kept, hidden.
    pub in_scope: bool,
    /// Past its due date and not finished (or, when ready, its evidence still stale).
    pub overdue: bool,
}

/// The fields a person edits on an item.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ItemEdit {
    pub owner_id: Option<String>,
    pub status: ItemStatus,
    #[ts(type = "string | null")]
    pub due_date: Option<NaiveDate>,
    pub na_justification: String,
    pub comments: String,
}

/// One change applied to many items at once; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct BulkEdit {
    pub item_ids: Vec<String>,
    pub owner: Option<OwnerChange>,
    pub status: Option<ItemStatus>,
    pub due: Option<DueChange>,
    /// Used for items set to not applicable by this edit.
    pub na_justification: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "to", content = "id", rename_all = "snake_case")]
pub enum OwnerChange {
    Person(String),
    Nobody,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "to", content = "date", rename_all = "snake_case")]
pub enum DueChange {
    Date(#[ts(type = "string")] NaiveDate),
    None,
}

/// A checklist item of the user's own.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewItem {
    pub title: String,
    pub area: String,
    pub why: String,
    pub how: String,
    pub frequency: Frequency,
    pub criteria: Vec<String>,
    /// The criteria, among `criteria`, the item is a key control for.
    #[serde(default)]
    pub key_for: Vec<String>,
}

/// The id of the item with reference `item_ref` (e.g. "AC-01"), matched without regard
/// to case.
pub fn id_by_ref(conn: &rusqlite::Connection, item_ref: &str) -> Result<Option<String>, WorkbookError> {
    Ok(conn
        .query_row(
            "SELECT id FROM checklist_item WHERE lower(ref) = lower(:r)",
            named_params! { ":r": item_ref.trim() },
            |r| r.get(0),
        )
        .optional()?)
}

const SELECT: &str = "SELECT i.id, i.ref, i.library_key, i.area, i.title, i.why, i.how, i.suggested_evidence,
        i.frequency, i.owner_id, p.name, i.status, i.due_date, i.na_justification, i.comments,
        (SELECT count(*) FROM item_evidence e WHERE e.item_id = i.id),
        (SELECT max(v.collected_at) FROM item_evidence l JOIN evidence v ON v.id = l.evidence_id
         WHERE l.item_id = i.id)
    FROM checklist_item i LEFT JOIN person p ON p.id = i.owner_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<ChecklistItem> {
    let evidence: String = r.get(7)?;
    let frequency: String = r.get(8)?;
    let status: String = r.get(11)?;
    Ok(ChecklistItem {
        id: r.get(0)?,
        reference: r.get(1)?,
        library_key: r.get(2)?,
        area: r.get(3)?,
        title: r.get(4)?,
        why: r.get(5)?,
        how: r.get(6)?,
        suggested_evidence: serde_json::from_str(&evidence).unwrap_or_default(),
        frequency: Frequency::parse(&frequency).unwrap_or(Frequency::Once),
        owner_id: r.get(9)?,
        owner_name: r.get(10)?,
        status: ItemStatus::parse(&status).unwrap_or(ItemStatus::NotStarted),
        due_date: parse_date(r.get(12)?),
        na_justification: r.get(13)?,
        comments: r.get(14)?,
        evidence_count: r.get(15)?,
        // The newest collection date until `list_conn` judges it.
        evidence_state: match parse_date(r.get(16)?) {
            Some(collected) => EvidenceCurrency::Current { collected, until: None },
            None => EvidenceCurrency::None,
        },
        criteria: Vec::new(),
        key_for: Vec::new(),
        in_scope: false,
        overdue: false,
    })
}

/// Every item, in reference order, with its criteria, scope and overdue flags.
pub fn list(wb: &Workbook, today: NaiveDate) -> Result<Vec<ChecklistItem>, WorkbookError> {
    list_conn(wb.conn(), today)
}

pub(crate) fn list_conn(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<ChecklistItem>, WorkbookError> {
    let in_scope = in_scope_criteria(conn)?;
    let mut criteria = criteria_by_item(conn)?;
    let mut marked = marked_key_for(conn)?;
    let library: HashMap<&str, &LibraryItem> = Library::embedded().items.iter().map(|i| (i.key.as_str(), i)).collect();
    let yardstick = Yardstick::read(conn, today)?;
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY i.library_key IS NULL, i.rowid"))?;
    let rows = stmt.query_map([], from_row)?;
    let mut out = Vec::new();
    for row in rows {
        let mut item = row?;
        item.criteria = criteria.remove(&item.id).unwrap_or_default();
        let from_library = item.library_key.as_deref().and_then(|k| library.get(k)).map(|l| &l.key_for);
        let from_user = marked.remove(&item.id).unwrap_or_default();
        // Catalog order, and only criteria the item still maps to.
        item.key_for = item
            .criteria
            .iter()
            .filter(|c| from_library.is_some_and(|l| l.contains(c)) || from_user.contains(*c))
            .cloned()
            .collect();
        item.in_scope = item.criteria.iter().any(|c| in_scope.contains(c));
        let newest = match item.evidence_state {
            EvidenceCurrency::Current { collected, .. } => Some(collected),
            _ => None,
        };
        item.evidence_state = as_of::evidence_currency(item.frequency, newest, &yardstick);
        item.overdue = match item.status {
            ItemStatus::NotStarted | ItemStatus::InProgress => item.due_date.is_some_and(|d| d < today),
            // A ready item is late only when the fresh collection planned inside its
            // stale evidence's window was missed.
            ItemStatus::Ready => {
                as_of::recollection_due(&item.evidence_state, item.due_date).is_some_and(|d| d < today)
            }
            ItemStatus::NotApplicable => false,
        };
        out.push(item);
    }
    Ok(out)
}

pub fn get(conn: &rusqlite::Connection, id: &str, today: NaiveDate) -> Result<Option<ChecklistItem>, WorkbookError> {
    Ok(list_conn(conn, today)?.into_iter().find(|i| i.id == id))
}

fn criteria_by_item(conn: &rusqlite::Connection) -> Result<HashMap<String, Vec<String>>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT m.item_id, m.criterion_id FROM item_criterion m
         LEFT JOIN criterion c ON c.id = m.criterion_id ORDER BY m.item_id, coalesce(c.sort, 9999)",
    )?;
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (item, criterion) = row?;
        map.entry(item).or_default().push(criterion);
    }
    Ok(map)
}

/// The key criteria people chose, by item.
fn marked_key_for(conn: &rusqlite::Connection) -> Result<HashMap<String, HashSet<String>>, WorkbookError> {
    let mut stmt = conn.prepare("SELECT item_id, criterion_id FROM item_key")?;
    let mut map: HashMap<String, HashSet<String>> = HashMap::new();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (item, criterion) = row?;
        map.entry(item).or_default().insert(criterion);
    }
    Ok(map)
}

/// Marks the item as a key control for exactly `key_for` among the criteria it maps to
/// (library key criteria stay key whatever is chosen here: they come from the library).
/// Returns how many marks changed.
pub fn set_key_for(w: &mut WriteTx<'_>, item_id: &str, key_for: &[String]) -> Result<u32, WorkbookError> {
    let today = chrono::Local::now().date_naive();
    let Some(item) = get(w.sql(), item_id, today)? else {
        return Err(WorkbookError::Invalid("That checklist item no longer exists.".to_owned()));
    };
    if let Some(bad) = key_for.iter().find(|c| !item.criteria.contains(c)) {
        return Err(WorkbookError::Invalid(format!(
            "{} does not map to {bad}: map it to the criterion before making it a key control for it.",
            item.reference
        )));
    }
    let present: HashSet<String> = marked_key_for(w.sql())?.remove(item_id).unwrap_or_default();
    let wanted: HashSet<String> = key_for.iter().cloned().collect();
    let mut changed = 0;
    for c in wanted.difference(&present) {
        let id = format!("{item_id}/{c}");
        w.sql().execute(
            "INSERT INTO item_key (id, item_id, criterion_id) VALUES (:id, :item, :criterion)",
            named_params! { ":id": id, ":item": item_id, ":criterion": c },
        )?;
        w.record(Entity::ItemKey, &id, Action::Create)?;
        changed += 1;
    }
    for c in present.difference(&wanted) {
        let id = format!("{item_id}/{c}");
        w.sql().execute("DELETE FROM item_key WHERE id = :id", named_params! { ":id": id })?;
        w.record(Entity::ItemKey, &id, Action::Delete)?;
        changed += 1;
    }
    Ok(changed)
}

/// Ids of the criteria whose category is in scope.
pub(crate) fn in_scope_criteria(conn: &rusqlite::Connection) -> Result<HashSet<String>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT c.id FROM criterion c
         LEFT JOIN scope_category s ON s.id = c.category
         WHERE c.category = :security OR coalesce(s.in_scope, 0) = 1",
    )?;
    let rows = stmt.query_map(named_params! { ":security": Category::Security.as_str() }, |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds every library item that addresses an in-scope criterion and is not in the
/// workbook yet. Never removes: items whose criteria leave scope are hidden, not lost.
/// Returns how many items were added.
pub fn sync_with_scope(w: &mut WriteTx<'_>) -> Result<u32, WorkbookError> {
    let in_scope = in_scope_criteria(w.sql())?;
    let present: HashSet<String> = {
        let mut stmt = w.sql().prepare("SELECT library_key FROM checklist_item WHERE library_key IS NOT NULL")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut added = 0;
    for item in &Library::embedded().items {
        if present.contains(&item.key) || !item.criteria.iter().any(|c| in_scope.contains(c)) {
            continue;
        }
        insert_from_library(w, item)?;
        added += 1;
    }
    Ok(added)
}

fn insert_from_library(w: &mut WriteTx<'_>, item: &LibraryItem) -> Result<(), WorkbookError> {
    let id = uuid::Uuid::new_v4().to_string();
    let evidence = serde_json::Value::from(item.suggested_evidence.clone()).to_string();
    w.sql().execute(
        "INSERT INTO checklist_item (id, ref, library_key, area, title, why, how, suggested_evidence, frequency)
         VALUES (:id, :ref, :key, :area, :title, :why, :how, :evidence, :frequency)",
        named_params! {
            ":id": id, ":ref": item.key, ":key": item.key, ":area": item.area, ":title": item.title,
            ":why": item.why, ":how": item.how, ":evidence": evidence, ":frequency": item.frequency.as_str(),
        },
    )?;
    w.record(Entity::ChecklistItem, &id, Action::Create)?;
    for c in &item.criteria {
        map_criterion(w, &id, c)?;
    }
    Ok(())
}

fn map_criterion(w: &mut WriteTx<'_>, item_id: &str, criterion: &str) -> Result<(), WorkbookError> {
    let link = format!("{item_id}/{criterion}");
    w.sql().execute(
        "INSERT INTO item_criterion (id, item_id, criterion_id) VALUES (:id, :item, :criterion)",
        named_params! { ":id": link, ":item": item_id, ":criterion": criterion },
    )?;
    w.record(Entity::ItemCriterion, &link, Action::Create)
}

fn check_owner(w: &WriteTx<'_>, owner: Option<&str>) -> Result<(), WorkbookError> {
    if let Some(id) = owner {
        if crate::people::get(w.sql(), id)?.is_none() {
            return Err(WorkbookError::Invalid("The chosen owner is no longer on the roster.".to_owned()));
        }
    }
    Ok(())
}

fn require_justification(status: ItemStatus, justification: &str, title: &str) -> Result<(), WorkbookError> {
    if status == ItemStatus::NotApplicable && justification.trim().is_empty() {
        return Err(WorkbookError::Invalid(format!(
            "Say why \u{201c}{title}\u{201d} does not apply: the auditor reads every exclusion."
        )));
    }
    Ok(())
}

pub fn update(w: &mut WriteTx<'_>, id: &str, edit: &ItemEdit) -> Result<(), WorkbookError> {
    let title: Option<String> = w
        .sql()
        .query_row("SELECT title FROM checklist_item WHERE id = :id", named_params! { ":id": id }, |r| r.get(0))
        .optional()?;
    let Some(title) = title else {
        return Err(WorkbookError::Invalid("That checklist item no longer exists.".to_owned()));
    };
    check_owner(w, edit.owner_id.as_deref())?;
    require_justification(edit.status, &edit.na_justification, &title)?;
    w.sql().execute(
        "UPDATE checklist_item SET owner_id = :owner, status = :status, due_date = :due,
             na_justification = :na, comments = :comments WHERE id = :id",
        named_params! {
            ":id": id, ":owner": edit.owner_id, ":status": edit.status.as_str(), ":due": fmt_date(edit.due_date),
            ":na": edit.na_justification.trim(), ":comments": edit.comments.trim_end(),
        },
    )?;
    w.record(Entity::ChecklistItem, id, Action::Update)
}

/// Applies one change to many items in one transaction: all of them change or none do.
pub fn bulk_update(w: &mut WriteTx<'_>, edit: &BulkEdit) -> Result<u32, WorkbookError> {
    if let Some(OwnerChange::Person(id)) = &edit.owner {
        check_owner(w, Some(id))?;
    }
    let today = chrono::Local::now().date_naive();
    let mut changed = 0;
    for id in &edit.item_ids {
        let Some(item) = get(w.sql(), id, today)? else {
            return Err(WorkbookError::Invalid(
                "One of the chosen items no longer exists; nothing was changed.".into(),
            ));
        };
        let mut next = ItemEdit {
            owner_id: item.owner_id.clone(),
            status: item.status,
            due_date: item.due_date,
            na_justification: item.na_justification.clone(),
            comments: item.comments.clone(),
        };
        match &edit.owner {
            Some(OwnerChange::Person(p)) => next.owner_id = Some(p.clone()),
            Some(OwnerChange::Nobody) => next.owner_id = None,
            None => {}
        }
        match &edit.due {
            Some(DueChange::Date(d)) => next.due_date = Some(*d),
            Some(DueChange::None) => next.due_date = None,
            None => {}
        }
        if let Some(status) = edit.status {
            next.status = status;
            if status == ItemStatus::NotApplicable {
                if let Some(j) = &edit.na_justification {
                    next.na_justification = j.clone();
                }
            }
        }
        update(w, id, &next).map_err(|e| match e {
            WorkbookError::Invalid(msg) => WorkbookError::Invalid(format!("{msg} Nothing was changed.")),
            other => other,
        })?;
        changed += 1;
    }
    Ok(changed)
}

pub fn create_custom(w: &mut WriteTx<'_>, item: &NewItem) -> Result<String, WorkbookError> {
    let title = item.title.trim();
    if title.is_empty() {
        return Err(WorkbookError::Invalid("Give the item a title.".to_owned()));
    }
    let known: HashSet<String> = {
        let mut stmt = w.sql().prepare("SELECT id FROM criterion")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<Result<_, _>>()?
    };
    if item.criteria.is_empty() {
        return Err(WorkbookError::Invalid("Map the item to at least one criterion it helps meet.".to_owned()));
    }
    if let Some(bad) = item.criteria.iter().find(|c| !known.contains(c.as_str())) {
        return Err(WorkbookError::Invalid(format!("{bad} is not a Trust Services criterion.")));
    }
    let next: i64 = w.sql().query_row(
        "SELECT coalesce(max(CAST(substr(ref, 4) AS INTEGER)), 0) + 1 FROM checklist_item WHERE ref LIKE 'CU-%'",
        [],
        |r| r.get(0),
    )?;
    let reference = format!("CU-{next:03}");
    let id = uuid::Uuid::new_v4().to_string();
    w.sql().execute(
        "INSERT INTO checklist_item (id, ref, area, title, why, how, frequency)
         VALUES (:id, :ref, :area, :title, :why, :how, :frequency)",
        named_params! {
            ":id": id, ":ref": reference, ":area": item.area.trim(), ":title": title, ":why": item.why.trim(),
            ":how": item.how.trim(), ":frequency": item.frequency.as_str(),
        },
    )?;
    w.record(Entity::ChecklistItem, &id, Action::Create)?;
    let mut criteria = item.criteria.clone();
    criteria.sort();
    criteria.dedup();
    for c in &criteria {
        map_criterion(w, &id, c)?;
    }
    set_key_for(w, &id, &item.key_for)?;
    Ok(id)
}

//! Checklist progress from a CSV: status, owner, due date and N/A reason per item
//! reference, so a consultant can set up many items in one step. The columns are
//! [`HEADER`]; only `ref` must be present.
//!
//! An empty cell keeps what the item already says; `none` in `owner_email` or
//! `due_date` clears it. Import is previewed line by line (unknown references, statuses,
//! owners or dates, references repeated in the file) and applied in one transaction, or
//! not at all while any line has a problem. Running the same file twice changes nothing
//! the second time.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{ChecklistItem, ItemEdit, ItemStatus};
use crate::import::dates::parse_date;
use crate::import::table::{normalise_label, Table};
use crate::import::{ExpectedColumn, ImportError};
use crate::workbook::{WorkbookError, WriteTx};

pub const HEADER: [&str; 5] = ["ref", "status", "owner_email", "due_date", "na_reason"];

/// A cell that changes a field, leaves it, or clears it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<T> {
    Keep,
    Clear,
    Set(T),
}

impl<T: Clone> Cell<T> {
    fn apply(&self, current: Option<T>) -> Option<T> {
        match self {
            Self::Keep => current,
            Self::Clear => None,
            Self::Set(v) => Some(v.clone()),
        }
    }
}

/// One line of the file as read, before the checklist and the roster are consulted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub line: u64,
    pub reference: String,
    pub status: Option<ItemStatus>,
    pub owner_email: Cell<String>,
    pub due_date: Cell<NaiveDate>,
    pub na_reason: Option<String>,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFile {
    pub rows: Vec<ItemRow>,
}

fn is_none_word(text: &str) -> bool {
    text.eq_ignore_ascii_case("none")
}

/// Reads an items CSV. Refuses the file as a whole only when it is not a CSV with a
/// `ref` column; everything about single lines is a problem on that line.
pub fn parse_items(bytes: &[u8]) -> Result<ItemFile, ImportError> {
    let table = Table::parse(bytes)?;
    let columns: Vec<Option<usize>> = HEADER.iter().map(|h| table.find_column(&[&normalise_label(h)])).collect();
    if columns[0].is_none() {
        return Err(ImportError::MissingColumns {
            missing: vec![ExpectedColumn { field: "ref".to_owned(), accepted: vec!["ref".to_owned()] }],
            found: table.headers.clone(),
        });
    }
    if table.rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in &table.rows {
        let cell = |i: usize| columns[i].map_or("", |c| row.cell(c).trim());
        let mut problems = Vec::new();
        let reference = cell(0).to_uppercase();
        if reference.is_empty() {
            problems.push("The item reference is empty.".to_owned());
        } else {
            match first_line.entry(reference.clone()) {
                Entry::Occupied(first) => problems.push(format!("{reference} is already on line {}.", first.get())),
                Entry::Vacant(slot) => {
                    slot.insert(row.line);
                }
            }
        }
        let status = match cell(1) {
            "" => None,
            text => {
                let parsed = ItemStatus::parse(&normalise_label(text).replace(' ', "_"));
                if parsed.is_none() {
                    let all: Vec<&str> = ItemStatus::ALL.iter().map(|s| s.as_str()).collect();
                    problems.push(format!("\"{text}\" is not a status. Use one of: {}.", all.join(", ")));
                }
                parsed
            }
        };
        let owner_email = match cell(2) {
            "" => Cell::Keep,
            t if is_none_word(t) => Cell::Clear,
            t => Cell::Set(t.to_lowercase()),
        };
        let due_date = match cell(3) {
            "" => Cell::Keep,
            t if is_none_word(t) => Cell::Clear,
            t => match parse_date(t) {
                Ok(Some(d)) => Cell::Set(d),
                Ok(None) => Cell::Keep,
                Err(p) => {
                    problems.push(format!("The due date \"{t}\" is not a date: {p}"));
                    Cell::Keep
                }
            },
        };
        rows.push(ItemRow {
            line: row.line,
            reference,
            status,
            owner_email,
            due_date,
            na_reason: Some(cell(4)).filter(|r| !r.is_empty()).map(str::to_owned),
            problems,
        });
    }
    Ok(ItemFile { rows })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemRowAction {
    Update,
    Unchanged,
    /// The line has problems; nothing can be imported until they are fixed.
    Problem,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemPreviewRow {
    pub line: u64,
    pub action: ItemRowAction,
    pub reference: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemPreview {
    pub rows: Vec<ItemPreviewRow>,
    pub to_update: u32,
    pub unchanged: u32,
    pub with_problems: u32,
}

fn edit_of(item: &ChecklistItem) -> ItemEdit {
    ItemEdit {
        owner_id: item.owner_id.clone(),
        status: item.status,
        due_date: item.due_date,
        na_justification: item.na_justification.clone(),
        comments: item.comments.clone(),
    }
}

fn same(a: &ItemEdit, b: &ItemEdit) -> bool {
    a.owner_id == b.owner_id
        && a.status == b.status
        && a.due_date == b.due_date
        && a.na_justification.trim() == b.na_justification.trim()
}

/// The item a line changes and the edit it makes (none while the line has problems),
/// with the line's problems.
type Resolved = (Option<(ChecklistItem, ItemEdit)>, Vec<String>);

fn resolve(conn: &rusqlite::Connection, items: &Items, row: &ItemRow) -> Result<Resolved, WorkbookError> {
    let mut problems = row.problems.clone();
    let item = items.get(&ref_key(&row.reference)).cloned();
    if item.is_none() && !row.reference.is_empty() {
        problems.push(format!("There is no checklist item {} in this workbook.", row.reference));
    }
    let owner = match &row.owner_email {
        Cell::Keep => Cell::Keep,
        Cell::Clear => Cell::Clear,
        Cell::Set(email) => match crate::people::find_by_email(conn, email)? {
            Some(p) => Cell::Set(p.id),
            None => {
                problems.push(format!("Nobody on the roster has the email address {email}."));
                Cell::Keep
            }
        },
    };
    let Some(item) = item.filter(|_| problems.is_empty()) else {
        return Ok((None, problems));
    };
    let mut edit = edit_of(&item);
    edit.owner_id = owner.apply(edit.owner_id);
    edit.due_date = row.due_date.apply(edit.due_date);
    if let Some(s) = row.status {
        edit.status = s;
    }
    if let Some(r) = &row.na_reason {
        edit.na_justification = r.clone();
    }
    if edit.status == ItemStatus::NotApplicable && edit.na_justification.trim().is_empty() {
        problems.push(format!("{} is not applicable but the line gives no na_reason.", item.reference));
        return Ok((None, problems));
    }
    Ok((Some((item, edit)), problems))
}

/// The checklist by reference (case ignored), read once per preview or import: reading
/// it per line made a long file quadratic.
type Items = HashMap<String, ChecklistItem>;

fn ref_key(reference: &str) -> String {
    reference.trim().to_lowercase()
}

fn read_items(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Items, WorkbookError> {
    Ok(super::list_conn(conn, today)?.into_iter().map(|i| (ref_key(&i.reference), i)).collect())
}

/// What importing `file` would do, without changing anything.
pub fn preview(conn: &rusqlite::Connection, file: &ItemFile, today: NaiveDate) -> Result<ItemPreview, WorkbookError> {
    let items = read_items(conn, today)?;
    let mut out = ItemPreview { rows: Vec::new(), to_update: 0, unchanged: 0, with_problems: 0 };
    for row in &file.rows {
        let (resolved, problems) = resolve(conn, &items, row)?;
        let action = match resolved {
            None => {
                out.with_problems += 1;
                ItemRowAction::Problem
            }
            Some((item, edit)) if same(&edit_of(&item), &edit) => {
                out.unchanged += 1;
                ItemRowAction::Unchanged
            }
            Some(_) => {
                out.to_update += 1;
                ItemRowAction::Update
            }
        };
        out.rows.push(ItemPreviewRow { line: row.line, action, reference: row.reference.clone(), problems });
    }
    Ok(out)
}

/// Applies the file in the caller's transaction, or refuses it whole, naming every line
/// with a problem. Returns how many items changed.
pub fn apply(w: &mut WriteTx<'_>, file: &ItemFile, today: NaiveDate) -> Result<u32, WorkbookError> {
    let plan = preview(w.sql(), file, today)?;
    crate::import::refuse_lines_with_problems(
        plan.rows.iter().filter(|r| r.action == ItemRowAction::Problem).map(|r| (r.line, r.problems.as_slice())),
    )?;
    let mut changed = 0;
    // References in the file are distinct (a repeat is a line problem, refused above),
    // so each line reads an item no other line has changed: the checklist as it was is enough.
    let items = read_items(w.sql(), today)?;
    for row in &file.rows {
        let (Some((item, edit)), _) = resolve(w.sql(), &items, row)? else { continue };
        if same(&edit_of(&item), &edit) {
            continue;
        }
        super::update(w, &item.id, &edit).map_err(|e| match e {
            WorkbookError::Invalid(msg) => {
                WorkbookError::Invalid(format!("Line {}: {msg} Nothing was imported.", row.line))
            }
            other => other,
        })?;
        changed += 1;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn cells_keep_clear_or_set_and_bad_words_are_line_problems() {
        let file = parse_items(
            b"ref,status,owner_email,due_date,na_reason\nac-01,ready,Ana@X.io,2027-01-31,\nAC-02,,none,none,\nAC-01,done,,31/02/2027,\n",
        )
        .unwrap();
        let first = &file.rows[0];
        assert_eq!(first.reference, "AC-01");
        assert_eq!(first.status, Some(ItemStatus::Ready));
        assert_eq!(first.owner_email, Cell::Set("ana@x.io".to_owned()));
        assert!(first.problems.is_empty());
        assert_eq!(file.rows[1].owner_email, Cell::Clear);
        assert_eq!(file.rows[1].due_date, Cell::Clear);
        let third = file.rows[2].problems.join(" ");
        assert!(third.contains("already on line 2"), "{third}");
        assert!(third.contains("not_started, in_progress, ready, not_applicable"), "{third}");
        assert!(third.contains("not a date"), "{third}");
    }
}

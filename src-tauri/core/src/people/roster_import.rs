//! Importing the roster from an HR export: a preview that says, line by line, what would
//! happen and what is wrong, then one transaction that applies exactly that preview.

use serde::Serialize;
use ts_rs::TS;

use super::{EmploymentStatus, Person, PersonInput};
use crate::import::roster::{RosterFile, RosterRow};
use crate::workbook::{WorkbookError, WriteTx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// Someone new to the roster.
    Add,
    /// Someone already on the roster (matched by email) whose details changed.
    Update,
    /// Already on the roster exactly as in the file.
    Unchanged,
    /// The row has problems and will not be imported.
    Skip,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewRow {
    #[ts(type = "number")]
    pub line: u64,
    pub action: RowAction,
    pub name: String,
    pub email: String,
    pub title: String,
    pub department: String,
    pub status: Option<EmploymentStatus>,
    #[ts(type = "string | null")]
    pub start_date: Option<chrono::NaiveDate>,
    #[ts(type = "string | null")]
    pub end_date: Option<chrono::NaiveDate>,
    /// For updates: which fields change, e.g. ["title", "status"].
    pub changes: Vec<String>,
    /// Sentences for the user, one per problem.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RosterPreview {
    pub rows: Vec<PreviewRow>,
    pub to_add: u32,
    pub to_update: u32,
    pub unchanged: u32,
    pub skipped: u32,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct ImportResult {
    pub added: u32,
    pub updated: u32,
}

fn input_from(row: &RosterRow, existing: Option<&Person>) -> PersonInput {
    PersonInput {
        name: row.name.clone(),
        email: row.email.clone(),
        // An empty cell keeps what the roster already says rather than wiping it.
        title: keep(&row.title, existing.map(|p| p.title.as_str())),
        department: keep(&row.department, existing.map(|p| p.department.as_str())),
        status: row.status.or(existing.map(|p| p.status)),
        start_date: row.start_date.or(existing.and_then(|p| p.start_date)),
        end_date: row.end_date.or(existing.and_then(|p| p.end_date)),
        roles: existing.map(|p| p.roles.clone()).unwrap_or_default(),
    }
}

fn keep(new: &str, old: Option<&str>) -> String {
    if new.trim().is_empty() {
        old.unwrap_or_default().to_owned()
    } else {
        new.trim().to_owned()
    }
}

fn changed_fields(old: &Person, new: &PersonInput) -> Vec<String> {
    let mut out = Vec::new();
    if old.name != new.name.trim() {
        out.push("name");
    }
    if old.title != new.title {
        out.push("title");
    }
    if old.department != new.department {
        out.push("department");
    }
    if Some(old.status) != new.status {
        out.push("status");
    }
    if old.start_date != new.start_date {
        out.push("start date");
    }
    if old.end_date != new.end_date {
        out.push("end date");
    }
    out.into_iter().map(str::to_owned).collect()
}

/// What importing `file` would do to the roster, without changing anything.
pub fn preview(conn: &rusqlite::Connection, file: &RosterFile) -> Result<RosterPreview, WorkbookError> {
    let mut rows = Vec::with_capacity(file.rows.len());
    let (mut to_add, mut to_update, mut unchanged, mut skipped) = (0, 0, 0, 0);
    for row in &file.rows {
        let problems: Vec<String> = row.problems.iter().map(|p| p.to_string()).collect();
        let existing = if row.email.is_empty() { None } else { super::find_by_email(conn, &row.email)? };
        let input = input_from(row, existing.as_ref());
        let (action, changes) = if !problems.is_empty() {
            (RowAction::Skip, Vec::new())
        } else {
            match &existing {
                None => (RowAction::Add, Vec::new()),
                Some(old) => {
                    let changes = changed_fields(old, &input);
                    if changes.is_empty() {
                        (RowAction::Unchanged, changes)
                    } else {
                        (RowAction::Update, changes)
                    }
                }
            }
        };
        match action {
            RowAction::Add => to_add += 1,
            RowAction::Update => to_update += 1,
            RowAction::Unchanged => unchanged += 1,
            RowAction::Skip => skipped += 1,
        }
        rows.push(PreviewRow {
            line: row.line,
            action,
            name: input.name,
            email: input.email,
            title: input.title,
            department: input.department,
            status: input.status,
            start_date: input.start_date,
            end_date: input.end_date,
            changes,
            problems,
        });
    }
    Ok(RosterPreview { rows, to_add, to_update, unchanged, skipped })
}

/// Applies the import in the caller's transaction: every row is added or updated, or
/// (on any error) none is. Rows with problems are left out, as the preview showed.
pub fn apply(w: &mut WriteTx<'_>, file: &RosterFile) -> Result<ImportResult, WorkbookError> {
    let plan = preview(w.sql(), file)?;
    let mut result = ImportResult { added: 0, updated: 0 };
    for (row, planned) in file.rows.iter().zip(&plan.rows) {
        match planned.action {
            RowAction::Add => {
                super::create(w, &input_from(row, None)).map_err(|e| at_line(row.line, e))?;
                result.added += 1;
            }
            RowAction::Update => {
                let Some(old) = super::find_by_email(w.sql(), &row.email)? else { continue };
                super::update(w, &old.id, &input_from(row, Some(&old))).map_err(|e| at_line(row.line, e))?;
                result.updated += 1;
            }
            RowAction::Unchanged | RowAction::Skip => {}
        }
    }
    Ok(result)
}

fn at_line(line: u64, e: WorkbookError) -> WorkbookError {
    match e {
        WorkbookError::Invalid(msg) => WorkbookError::Invalid(format!("Line {line}: {msg} Nothing was imported.")),
        other => other,
    }
}

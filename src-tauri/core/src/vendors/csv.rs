//! Vendor inventory import and export as CSV (the columns of `import::vendors::HEADER`).
//! Import is previewed line by line; vendors already in the inventory (same name, any
//! case or spacing) are merged, never duplicated; applying is one transaction.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::model::VendorInput;
use super::store;
use crate::import::vendors::{write_csv, ExportRow, VendorFile, VendorRow};
use crate::name_index::NameIndex;
use crate::workbook::{WorkbookError, WriteTx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VendorRowAction {
    Add,
    /// Merged into the vendor of the same name already in the inventory.
    Merge,
    Unchanged,
    Skip,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct VendorPreviewRow {
    #[ts(type = "number")]
    pub line: u64,
    pub action: VendorRowAction,
    pub name: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct VendorPreview {
    pub rows: Vec<VendorPreviewRow>,
    pub to_add: u32,
    pub to_merge: u32,
    pub unchanged: u32,
    pub skipped: u32,
}

/// The row as it would be saved: the owner found by email, and (for a merge) what the
/// CSV does not carry kept from the vendor already on file.
fn resolve(
    conn: &rusqlite::Connection,
    row: &VendorRow,
    names: &NameIndex,
    today: NaiveDate,
) -> Result<(Option<String>, VendorInput, Vec<String>), WorkbookError> {
    let mut problems: Vec<String> = row.problems.iter().map(|p| p.to_string()).collect();
    let mut input = row.input.clone();
    input.owner_id = None;
    if !row.owner_email.is_empty() {
        match crate::people::find_by_email(conn, &row.owner_email)? {
            Some(p) => input.owner_id = Some(p.id),
            None => problems.push(format!("Nobody on the roster has the email address {}.", row.owner_email)),
        }
    }
    let existing = names.find(&row.input.name).map(str::to_owned);
    if let Some(id) = &existing {
        if let Some(current) = store::get(conn, id, today)? {
            input.exceptions = current.input.exceptions;
            input.questionnaire_outcome = current.input.questionnaire_outcome;
            input.system_ids = current.input.system_ids;
        }
    }
    Ok((existing, input, problems))
}

pub fn preview(
    conn: &rusqlite::Connection,
    file: &VendorFile,
    today: NaiveDate,
) -> Result<VendorPreview, WorkbookError> {
    let names = store::names(conn)?;
    let mut out = VendorPreview { rows: Vec::new(), to_add: 0, to_merge: 0, unchanged: 0, skipped: 0 };
    for row in &file.rows {
        let (existing, input, problems) = resolve(conn, row, &names, today)?;
        let action = if !problems.is_empty() {
            out.skipped += 1;
            VendorRowAction::Skip
        } else if let Some(id) = existing {
            let same = store::get(conn, &id, today)?.is_some_and(|v| v.input == input);
            if same {
                out.unchanged += 1;
                VendorRowAction::Unchanged
            } else {
                out.to_merge += 1;
                VendorRowAction::Merge
            }
        } else {
            out.to_add += 1;
            VendorRowAction::Add
        };
        out.rows.push(VendorPreviewRow { line: row.line, action, name: row.input.name.clone(), problems });
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct VendorImportResult {
    pub added: u32,
    pub merged: u32,
}

/// Imports the file in the caller's transaction. Refuses the whole file while any line
/// has a problem, so a consultant's spreadsheet never lands half-imported.
pub fn apply(w: &mut WriteTx<'_>, file: &VendorFile, today: NaiveDate) -> Result<VendorImportResult, WorkbookError> {
    let plan = preview(w.sql(), file, today)?;
    crate::import::refuse_lines_with_problems(
        plan.rows.iter().filter(|r| r.action == VendorRowAction::Skip).map(|r| (r.line, r.problems.as_slice())),
    )?;
    let mut names = store::names(w.sql())?;
    let mut result = VendorImportResult { added: 0, merged: 0 };
    for (row, planned) in file.rows.iter().zip(&plan.rows) {
        let (existing, input, _) = resolve(w.sql(), row, &names, today)?;
        match (planned.action, existing) {
            (VendorRowAction::Add, _) => {
                store::create_named(w, &input, &mut names)?;
                result.added += 1;
            }
            (VendorRowAction::Merge, Some(id)) => {
                store::update_named(w, &id, &input, &mut names)?;
                result.merged += 1;
            }
            _ => {}
        }
    }
    Ok(result)
}

/// The inventory as CSV bytes, owners written as their email addresses.
pub fn export(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<u8>, WorkbookError> {
    let vendors = store::list(conn, today)?;
    let emails: Vec<String> = vendors
        .iter()
        .map(|v| {
            v.input
                .owner_id
                .as_deref()
                .map(|id| crate::people::get(conn, id).map(|p| p.map(|p| p.email).unwrap_or_default()))
                .unwrap_or(Ok(String::new()))
        })
        .collect::<Result<_, _>>()?;
    let rows: Vec<ExportRow<'_>> =
        vendors.iter().zip(&emails).map(|(v, e)| ExportRow { input: &v.input, owner_email: e }).collect();
    write_csv(&rows).map_err(|e| WorkbookError::Invalid(format!("Could not write the CSV: {e}")))
}

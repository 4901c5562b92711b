//! Reads and writes the vendor inventory as CSV: the export a person edits in a
//! spreadsheet, and the import that reads it (or a list kept elsewhere) back into typed
//! rows for the preview. Nothing is written to the workbook here.
//!
//! Only a missing name column refuses the whole file. Every other problem travels with
//! its row, as in `roster`, so the preview can show all of them by line at once.
//!
//! The export holds every field of `VendorInput` except `owner_id` (written as the
//! owner's email instead), `exceptions`, `questionnaire_outcome` and `system_ids`; a
//! merge must keep those from the workbook rather than clear them.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::import::dates::parse_date;
use crate::import::table::{normalise_label, Table, TableRow};
use crate::import::{ExpectedColumn, ImportError};
use crate::people::looks_like_email;
use crate::text::single_spaced;
use crate::vendors::{Tier, VendorInput};

mod columns;
mod problem;
mod words;
mod write;

pub use columns::{Column, HEADER};
pub use problem::{VendorProblem, VendorProblemKind, VendorProblemView};
use words::{parse_word, Word};
pub use write::{write_csv, ExportError, ExportRow};

/// A parsed vendor file, ready for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VendorFile {
    pub rows: Vec<VendorRow>,
}

/// One vendor as read from one line. Rows with problems are kept; `problems` says what
/// is wrong so the user can fix the file or skip the row. A value that could not be
/// read leaves the field at its `VendorInput::default()` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VendorRow {
    #[ts(type = "number")]
    pub line: u64,
    /// `owner_id` and `system_ids` are always empty here: the owner is matched by
    /// `owner_email` when the import is applied.
    pub input: VendorInput,
    /// Trimmed and lowercased; empty when the file names no owner.
    pub owner_email: String,
    #[ts(as = "Vec<VendorProblemView>")]
    pub problems: Vec<VendorProblem>,
}

/// The key two vendor names are compared by: trimmed, lowercased, inner whitespace
/// collapsed, so "Amazon  Web Services" and "amazon web services" are one vendor.
pub fn normalise_name(name: &str) -> String {
    single_spaced(name).to_lowercase()
}

/// Reads a vendor CSV: the app's own export, or a list kept in a spreadsheet with at
/// least a name column.
pub fn parse_vendors(bytes: &[u8]) -> Result<VendorFile, ImportError> {
    let table = Table::parse(bytes)?;
    let columns = Column::ALL.map(|column| table.find_column(column.synonyms()));
    if columns[Column::Name as usize].is_none() {
        return Err(missing_name_column(&table));
    }
    if table.rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let mut rows: Vec<VendorRow> = table.rows.iter().map(|row| read_row(row, &columns)).collect();
    mark_duplicate_names(&mut rows);
    Ok(VendorFile { rows })
}

fn missing_name_column(table: &Table) -> ImportError {
    // An address among the "headers" means the export left out its header row.
    if table.headers.iter().any(|h| h.contains('@')) {
        return ImportError::NoHeader;
    }
    let accepted = ["Name", "Vendor Name", "Vendor", "Supplier"].map(str::to_owned).to_vec();
    ImportError::MissingColumns {
        missing: vec![ExpectedColumn { field: "vendor name".to_owned(), accepted }],
        found: table.headers.clone(),
    }
}

/// Reads the cells of one row, collecting problems as it goes.
struct RowReader<'a> {
    row: &'a TableRow,
    /// Index in the table of each column in `Column::ALL` order; `None` when absent.
    columns: &'a [Option<usize>; 22],
    problems: Vec<VendorProblem>,
}

impl<'a> RowReader<'a> {
    /// The cell, or "" when the file has no such column.
    fn text(&self, column: Column) -> &'a str {
        self.columns[column as usize].map_or("", |i| self.row.cell(i))
    }

    /// A word from a fixed set; `None` when the cell is empty or not understood (then
    /// with a problem).
    fn word<W: Word>(&mut self, column: Column) -> Option<W> {
        let value = self.text(column);
        if normalise_label(value).is_empty() {
            return None;
        }
        let word = parse_word(value);
        if word.is_none() {
            let expected = W::all().iter().map(|w| w.key()).collect::<Vec<_>>().join(", ");
            self.problems.push(VendorProblem::UnknownWord { column, value: value.to_owned(), expected });
        }
        word
    }

    fn date(&mut self, column: Column) -> Option<NaiveDate> {
        let value = self.text(column);
        parse_date(value).unwrap_or_else(|problem| {
            self.problems.push(VendorProblem::BadDate { column, value: value.to_owned(), problem });
            None
        })
    }

    /// Yes or no; empty counts as no, and so does a cell that is not understood (with
    /// a problem), so nothing is claimed that the file did not say.
    fn boolean(&mut self, column: Column) -> bool {
        let value = self.text(column);
        match normalise_label(value).as_str() {
            "yes" | "y" | "true" | "1" => true,
            "no" | "n" | "false" | "0" | "" => false,
            _ => {
                self.problems.push(VendorProblem::BadBoolean { column, value: value.to_owned() });
                false
            }
        }
    }

    /// No override when empty, "none" or "n/a".
    fn tier_override(&mut self) -> Option<Tier> {
        match normalise_label(self.text(Column::TierOverride)).as_str() {
            "none" | "n/a" => None,
            _ => self.word(Column::TierOverride),
        }
    }
}

fn read_row(row: &TableRow, columns: &[Option<usize>; 22]) -> VendorRow {
    let mut r = RowReader { row, columns, problems: Vec::new() };
    let default = VendorInput::default();

    let name = single_spaced(r.text(Column::Name));
    if name.is_empty() {
        r.problems.push(VendorProblem::MissingName);
    }
    let raw_email = r.text(Column::OwnerEmail);
    let owner_email = raw_email.to_lowercase();
    if !owner_email.is_empty() && !looks_like_email(&owner_email) {
        r.problems.push(VendorProblem::InvalidEmail(raw_email.to_owned()));
    }

    let input = VendorInput {
        name,
        service: r.text(Column::Service).to_owned(),
        category: r.word(Column::Category).unwrap_or(default.category),
        website: r.text(Column::Website).to_owned(),
        data_classification: r.word(Column::DataClassification).unwrap_or(default.data_classification),
        customer_data: r.boolean(Column::CustomerData),
        access_level: r.word(Column::AccessLevel).unwrap_or(default.access_level),
        criticality: r.word(Column::Criticality).unwrap_or(default.criticality),
        tier_override: r.tier_override(),
        tier_override_reason: r.text(Column::TierOverrideReason).to_owned(),
        contract_start: r.date(Column::ContractStart),
        contract_renewal: r.date(Column::ContractRenewal),
        assurance: r.word(Column::Assurance).unwrap_or(default.assurance),
        report_period_end: r.date(Column::ReportPeriodEnd),
        report_received: r.date(Column::ReportReceived),
        bridge_letter: r.boolean(Column::BridgeLetter),
        opinion: r.word(Column::Opinion).unwrap_or(default.opinion),
        dpa_signed: r.date(Column::DpaSigned),
        questionnaire_date: r.date(Column::QuestionnaireDate),
        subservice: r.word(Column::Subservice).unwrap_or(default.subservice),
        last_review: r.date(Column::LastReview),
        ..default
    };
    if input.tier_override.is_some() && input.tier_override_reason.is_empty() {
        r.problems.push(VendorProblem::OverrideWithoutReason);
    }
    VendorRow { line: row.line, input, owner_email, problems: r.problems }
}

/// The second and later rows with a name already seen get `DuplicateName`. Rows with
/// no name are left out: they already carry a problem.
fn mark_duplicate_names(rows: &mut [VendorRow]) {
    let mut first_seen: HashMap<String, u64> = HashMap::new();
    for row in rows.iter_mut() {
        if row.input.name.is_empty() {
            continue;
        }
        match first_seen.entry(normalise_name(&row.input.name)) {
            Entry::Occupied(first) => row.problems.push(VendorProblem::DuplicateName { first_line: *first.get() }),
            Entry::Vacant(slot) => {
                slot.insert(row.line);
            }
        }
    }
}

#[cfg(test)]
mod tests;

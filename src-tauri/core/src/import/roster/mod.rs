//! Reads a people roster exported from an HR tool (BambooHR, Gusto, Rippling, a
//! spreadsheet) into typed rows for the import preview. Nothing is written here.
//!
//! Only a missing required column refuses the whole file. Every other problem is
//! attached to its row, so the preview can show all of them by line at once instead of
//! making the user fix one, retry, and meet the next.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::import::dates::parse_date;
use crate::import::table::{normalise_label, Table, TableRow};
use crate::import::{ExpectedColumn, ImportError};
use crate::people::{looks_like_email, EmploymentStatus};
use crate::text::single_spaced;

mod problem;

pub use problem::{DateField, RowProblem, RowProblemKind, RowProblemView};

// Header synonyms, already normalised, preferred first: when a file has several
// matching columns the earliest synonym wins (see `Table::find_column`).
const FULL_NAME: &[&str] = &["name", "full name", "employee name", "display name", "legal name"];
const FIRST_NAME: &[&str] = &["first name", "given name", "preferred name"];
const LAST_NAME: &[&str] = &["last name", "family name", "surname"];
// A work address is what accounts in other systems use, so it beats a generic "email".
const EMAIL: &[&str] =
    &["work email", "work email address", "company email", "email", "email address", "primary email"];
const TITLE: &[&str] = &["job title", "title", "position", "role"];
const DEPARTMENT: &[&str] = &["department", "team", "dept", "division"];
// BambooHR-style exports carry both "Status" (Active/Inactive) and "Employment Status"
// (Full-Time/Contractor/Terminated); the latter says more.
const STATUS: &[&str] = &["employment status", "employee status", "status"];
const START_DATE: &[&str] = &["start date", "hire date", "date hired", "started", "start"];
const END_DATE: &[&str] = &["end date", "termination date", "last day", "leave date", "terminated", "end"];

/// A parsed roster, ready for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RosterFile {
    pub columns: ColumnMap,
    pub rows: Vec<RosterRow>,
}

/// Which header of the file each field was read from, so the preview can say
/// "Email ← Work Email" and the user can catch a wrong pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ColumnMap {
    pub name: NameColumns,
    pub email: String,
    pub title: Option<String>,
    pub department: Option<String>,
    pub status: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
}

/// A person's name comes from one column, or from first and last name joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NameColumns {
    Full { header: String },
    FirstLast { first: String, last: String },
}

/// One person as read from one line. Rows with problems are kept; `problems` says
/// what is wrong so the user can fix the file or skip the row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RosterRow {
    #[ts(type = "number")]
    pub line: u64,
    pub name: String,
    /// Trimmed and lowercased: addresses are matched case-insensitively everywhere.
    pub email: String,
    pub title: String,
    pub department: String,
    /// `None` only when the status text was not understood (see `problems`).
    pub status: Option<EmploymentStatus>,
    #[ts(type = "string | null")]
    pub start_date: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub end_date: Option<NaiveDate>,
    #[ts(as = "Vec<RowProblemView>")]
    pub problems: Vec<RowProblem>,
}

/// Reads a roster CSV. `today` decides whether a past end date means the person has
/// left; it is a parameter so the result does not depend on when the code runs.
pub fn parse_roster(bytes: &[u8], today: NaiveDate) -> Result<RosterFile, ImportError> {
    let table = Table::parse(bytes)?;
    let columns = Columns::locate(&table)?;
    if table.rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let mut rows: Vec<RosterRow> = table.rows.iter().map(|row| read_row(row, &columns, today)).collect();
    mark_duplicate_emails(&mut rows);
    Ok(RosterFile { columns: columns.map(&table.headers), rows })
}

/// Column indices in the table for each field.
struct Columns {
    name: NameIndex,
    email: usize,
    title: Option<usize>,
    department: Option<usize>,
    status: Option<usize>,
    start_date: Option<usize>,
    end_date: Option<usize>,
}

#[derive(Clone, Copy)]
enum NameIndex {
    Full(usize),
    FirstLast(usize, usize),
}

impl Columns {
    fn locate(table: &Table) -> Result<Columns, ImportError> {
        let name = match table.find_column(FULL_NAME) {
            Some(i) => Some(NameIndex::Full(i)),
            None => table
                .find_column(FIRST_NAME)
                .zip(table.find_column(LAST_NAME))
                .map(|(first, last)| NameIndex::FirstLast(first, last)),
        };
        let email = table.find_column(EMAIL);
        let (Some(name), Some(email)) = (name, email) else {
            return Err(missing_columns(table, name.is_none(), email.is_none()));
        };
        Ok(Columns {
            name,
            email,
            title: table.find_column(TITLE),
            department: table.find_column(DEPARTMENT),
            status: table.find_column(STATUS),
            start_date: table.find_column(START_DATE),
            end_date: table.find_column(END_DATE),
        })
    }

    fn map(&self, headers: &[String]) -> ColumnMap {
        let header = |i: usize| headers.get(i).cloned().unwrap_or_default();
        let optional = |i: Option<usize>| i.map(header);
        ColumnMap {
            name: match self.name {
                NameIndex::Full(i) => NameColumns::Full { header: header(i) },
                NameIndex::FirstLast(first, last) => {
                    NameColumns::FirstLast { first: header(first), last: header(last) }
                }
            },
            email: header(self.email),
            title: optional(self.title),
            department: optional(self.department),
            status: optional(self.status),
            start_date: optional(self.start_date),
            end_date: optional(self.end_date),
        }
    }
}

fn missing_columns(table: &Table, name: bool, email: bool) -> ImportError {
    // An address among the "headers" means the export left out its header row; saying
    // so helps more than listing columns the file has no names for.
    if table.headers.iter().any(|h| h.contains('@')) {
        return ImportError::NoHeader;
    }
    let mut missing = Vec::new();
    if name {
        let mut accepted = title_case_all(FULL_NAME);
        accepted.push("First Name + Last Name".to_owned());
        missing.push(ExpectedColumn { field: "name".to_owned(), accepted });
    }
    if email {
        missing.push(ExpectedColumn { field: "email".to_owned(), accepted: title_case_all(EMAIL) });
    }
    ImportError::MissingColumns { missing, found: table.headers.clone() }
}

fn title_case_all(synonyms: &[&str]) -> Vec<String> {
    synonyms.iter().map(|s| title_case(s)).collect()
}

/// "work email" → "Work Email", the way headers are usually written.
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_row(row: &TableRow, columns: &Columns, today: NaiveDate) -> RosterRow {
    let optional = |i: Option<usize>| i.map_or("", |i| row.cell(i));
    let mut problems = Vec::new();

    let name = match columns.name {
        NameIndex::Full(i) => single_spaced(row.cell(i)),
        NameIndex::FirstLast(first, last) => single_spaced(&format!("{} {}", row.cell(first), row.cell(last))),
    };
    if name.is_empty() {
        problems.push(RowProblem::MissingName);
    }

    let raw_email = row.cell(columns.email);
    let email = raw_email.to_lowercase();
    if email.is_empty() {
        problems.push(RowProblem::MissingEmail);
    } else if !looks_like_email(&email) {
        problems.push(RowProblem::InvalidEmail(raw_email.to_owned()));
    }

    let mut date = |field: DateField, i: Option<usize>| {
        let value = optional(i);
        parse_date(value).unwrap_or_else(|problem| {
            problems.push(RowProblem::BadDate { field, value: value.to_owned(), problem });
            None
        })
    };
    let start_date = date(DateField::StartDate, columns.start_date);
    let end_date = date(DateField::EndDate, columns.end_date);
    if let (Some(start), Some(end)) = (start_date, end_date) {
        if end < start {
            problems.push(RowProblem::EndBeforeStart);
        }
    }

    let status_text = optional(columns.status);
    let status = match status_from_text(status_text) {
        StatusText::Known(status) => Some(status),
        StatusText::Empty => Some(derived_status(end_date, today)),
        StatusText::Unknown => {
            problems.push(RowProblem::UnknownStatus(status_text.to_owned()));
            None
        }
    };

    RosterRow {
        line: row.line,
        name,
        email,
        title: optional(columns.title).to_owned(),
        department: optional(columns.department).to_owned(),
        status,
        start_date,
        end_date,
        problems,
    }
}

enum StatusText {
    Known(EmploymentStatus),
    Empty,
    Unknown,
}

/// Maps the wording HR tools use to our four statuses.
fn status_from_text(text: &str) -> StatusText {
    use EmploymentStatus::{Active, Contractor, Left, OnLeave};
    let status = match normalise_label(text).as_str() {
        "" => return StatusText::Empty,
        "active" | "employed" | "current" | "full time" | "part time" => Active,
        "on leave" | "leave" | "parental leave" | "leave of absence" => OnLeave,
        "contractor" | "contract" | "consultant" | "freelance" | "freelancer" => Contractor,
        "terminated" | "inactive" | "left" | "former" | "offboarded" | "resigned" => Left,
        _ => return StatusText::Unknown,
    };
    StatusText::Known(status)
}

/// Without a status column (or with the cell empty), a past end date is the only sign
/// that someone has left. An end date later than `today` is a known future leaver,
/// still active until then.
fn derived_status(end_date: Option<NaiveDate>, today: NaiveDate) -> EmploymentStatus {
    match end_date {
        Some(end) if end <= today => EmploymentStatus::Left,
        _ => EmploymentStatus::Active,
    }
}

/// The second and later rows with an address already seen get `DuplicateEmail`.
/// Rows whose address is empty or invalid are left out: they already carry a problem.
fn mark_duplicate_emails(rows: &mut [RosterRow]) {
    let mut first_seen: HashMap<String, u64> = HashMap::new();
    for row in rows.iter_mut() {
        let has_email_problem =
            row.problems.iter().any(|p| matches!(p, RowProblem::MissingEmail | RowProblem::InvalidEmail(_)));
        if has_email_problem {
            continue;
        }
        match first_seen.get(&row.email) {
            Some(&first_line) => row.problems.push(RowProblem::DuplicateEmail { first_line }),
            None => {
                first_seen.insert(row.email.clone(), row.line);
            }
        }
    }
}

#[cfg(test)]
mod tests;

//! Reads a people roster exported from an HR tool (BambooHR, Gusto, Rippling, a
//! spreadsheet) into typed rows for the import preview. Nothing is written here.
//!
//! Only a missing required column refuses the whole file. Every other problem is
//! attached to its row, so the preview can show all of them by line at once instead of
//! making the user fix one, retry, and meet the next.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use ts_rs::TS;

use crate::import::dates::{parse_date, DateProblem};
use crate::import::table::{normalise_label, Table, TableRow};
use crate::import::{ExpectedColumn, ImportError};
use crate::people::EmploymentStatus;

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

/// Which date column a date problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    StartDate,
    EndDate,
}

impl DateField {
    pub fn label(self) -> &'static str {
        match self {
            Self::StartDate => "start date",
            Self::EndDate => "end date",
        }
    }
}

/// Something wrong with one row. Serialised for the UI as `{ kind, message }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    MissingName,
    MissingEmail,
    /// The cell as written.
    InvalidEmail(String),
    /// The same address (ignoring case) appears on an earlier line.
    DuplicateEmail {
        first_line: u64,
    },
    BadDate {
        field: DateField,
        value: String,
        problem: DateProblem,
    },
    EndBeforeStart,
    /// The status cell as written.
    UnknownStatus(String),
}

impl RowProblem {
    pub fn kind(&self) -> RowProblemKind {
        match self {
            Self::MissingName => RowProblemKind::MissingName,
            Self::MissingEmail => RowProblemKind::MissingEmail,
            Self::InvalidEmail(_) => RowProblemKind::InvalidEmail,
            Self::DuplicateEmail { .. } => RowProblemKind::DuplicateEmail,
            Self::BadDate { .. } => RowProblemKind::BadDate,
            Self::EndBeforeStart => RowProblemKind::EndBeforeStart,
            Self::UnknownStatus(_) => RowProblemKind::UnknownStatus,
        }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingName => write!(f, "The name is empty."),
            Self::MissingEmail => write!(
                f,
                "The email address is empty. Every person needs one so their accounts in other systems can be matched to them."
            ),
            Self::InvalidEmail(value) => write!(f, "\"{value}\" is not an email address."),
            Self::DuplicateEmail { first_line } => write!(
                f,
                "This email address is already used on line {first_line}. Each person should appear only once."
            ),
            Self::BadDate { field, value, problem } => {
                write!(f, "The {} \"{value}\" cannot be used. {problem}", field.label())
            }
            Self::EndBeforeStart => write!(f, "The end date is before the start date."),
            Self::UnknownStatus(value) => write!(
                f,
                "The status \"{value}\" is not one we recognise. Use Active, On leave, Contractor or Left, or leave it empty."
            ),
        }
    }
}

/// A stable code per kind of row problem, for the UI to switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowProblemKind {
    MissingName,
    MissingEmail,
    InvalidEmail,
    DuplicateEmail,
    BadDate,
    EndBeforeStart,
    UnknownStatus,
}

/// How a [`RowProblem`] crosses to the UI: its kind and the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RowProblemView {
    pub kind: RowProblemKind,
    pub message: String,
}

impl Serialize for RowProblem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RowProblemView { kind: self.kind(), message: self.to_string() }.serialize(serializer)
    }
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

/// A deliberately loose check that catches what exports get wrong (a name in the email
/// column, a missing domain, two addresses in one cell), not a full RFC 5322 parser.
fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let forbidden = |c: char| c.is_whitespace() || "@,;:<>()[]\"\\".contains(c);
    !local.is_empty()
        && !local.contains(forbidden)
        && !domain.contains(forbidden)
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
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

fn single_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        date(2024, 6, 1)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad test date {y}-{m}-{d}"))
    }

    fn roster(csv: &str) -> RosterFile {
        parse_roster(csv.as_bytes(), today()).unwrap_or_else(|e| panic!("expected a roster, got: {e}"))
    }

    fn problems(row: &RosterRow) -> Vec<RowProblemKind> {
        row.problems.iter().map(RowProblem::kind).collect()
    }

    /// Shaped like a BambooHR "all employees" report.
    const BAMBOO: &str = "\
Employee #,First Name,Last Name,Preferred Name,Work Email,Job Title,Department,Employment Status,Hire Date,Termination Date
101,Ada,Quill,,Ada.Quill@Lanternworks.io ,Staff Engineer,Engineering,Full-Time,2021-04-12,
102,Bruno,Sato,,bruno.sato@lanternworks.io,Account Executive,Sales,Terminated,2022-01-10,2024-02-29
103,Chidi,Okoro,Chi,chidi.okoro@lanternworks.io,Product Designer,Product,Contractor,2023-06-01,
104,Dana,Ferreira,,dana.ferreira@lanternworks.io,People Partner,People,Parental Leave,2020-09-14,
";

    /// Shaped like a Gusto employee export: no status column, US dates.
    const GUSTO: &str = "\
First name,Last name,Work email,Personal email,Job title,Department,Start date,End date
Elif,Yildiz,elif@harborline.co,elif.y@example.net,Engineer,Platform,03/15/2022,
Farid,Haddad,farid@harborline.co,,Support Lead,Support,11/20/2019,01/31/2024
Greta,Lind,greta@harborline.co,,Analyst,Finance,2023-01-09,12/20/2024
";

    #[test]
    fn bamboo_like_export_maps_columns_and_statuses() {
        let file = roster(BAMBOO);
        assert_eq!(
            file.columns.name,
            NameColumns::FirstLast { first: "First Name".to_owned(), last: "Last Name".to_owned() }
        );
        assert_eq!(file.columns.email, "Work Email");
        assert_eq!(file.columns.status.as_deref(), Some("Employment Status"));
        assert_eq!(file.columns.start_date.as_deref(), Some("Hire Date"));
        assert_eq!(file.columns.end_date.as_deref(), Some("Termination Date"));

        let ada = &file.rows[0];
        assert_eq!((ada.line, ada.name.as_str()), (2, "Ada Quill"));
        assert_eq!(ada.email, "ada.quill@lanternworks.io");
        assert_eq!((ada.title.as_str(), ada.department.as_str()), ("Staff Engineer", "Engineering"));
        assert_eq!(ada.start_date, Some(date(2021, 4, 12)));
        let statuses: Vec<_> = file.rows.iter().map(|r| r.status).collect();
        use EmploymentStatus::{Active, Contractor, Left, OnLeave};
        assert_eq!(statuses, [Some(Active), Some(Left), Some(Contractor), Some(OnLeave)]);
        assert!(file.rows.iter().all(|r| r.problems.is_empty()), "{:?}", file.rows);
    }

    #[test]
    fn gusto_like_export_derives_status_from_the_end_date() {
        let file = roster(GUSTO);
        assert_eq!(file.columns.email, "Work email");
        assert_eq!(file.columns.status, None);
        let rows: Vec<_> = file.rows.iter().map(|r| (r.name.as_str(), r.status, r.end_date)).collect();
        assert_eq!(
            rows,
            [
                ("Elif Yildiz", Some(EmploymentStatus::Active), None),
                ("Farid Haddad", Some(EmploymentStatus::Left), Some(date(2024, 1, 31))),
                // Leaves after `today`: still active until then.
                ("Greta Lind", Some(EmploymentStatus::Active), Some(date(2024, 12, 20))),
            ]
        );
    }

    #[test]
    fn end_date_on_today_counts_as_left() {
        let file = roster("Name,Email,End Date\nIvo Rask,ivo@example.com,2024-06-01\n");
        assert_eq!(file.rows[0].status, Some(EmploymentStatus::Left));
    }

    #[test]
    fn full_name_column_is_preferred_over_first_and_last() {
        let file = roster("First Name;Last Name;Full Name;Email Address\nJo;Park;Jo-Anne  Park;jo@example.com\n");
        assert_eq!(file.columns.name, NameColumns::Full { header: "Full Name".to_owned() });
        assert_eq!(file.rows[0].name, "Jo-Anne Park");
    }

    #[test]
    fn missing_email_column_lists_expected_and_found_columns() {
        let err = parse_roster(b"Employee Name,Department\nKai Moreno,Sales\n", today()).err();
        let Some(err @ ImportError::MissingColumns { .. }) = err else {
            panic!("expected MissingColumns, got {err:?}");
        };
        let msg = err.to_string();
        assert!(msg.contains("email (a column named \"Work Email\""), "{msg}");
        assert!(msg.contains("\"Email Address\""), "{msg}");
        assert!(msg.contains("The columns in the file are: \"Employee Name\", \"Department\"."), "{msg}");
        assert!(!msg.contains("name (a column"), "{msg}");
    }

    #[test]
    fn first_name_without_last_name_is_a_missing_name_column() {
        let err = parse_roster(b"First Name,Email\nLia,lia@example.com\n", today()).err();
        let Some(ImportError::MissingColumns { missing, .. }) = err else {
            panic!("expected MissingColumns, got {err:?}");
        };
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].field, "name");
        assert!(missing[0].accepted.contains(&"First Name + Last Name".to_owned()));
    }

    #[test]
    fn file_without_header_row_is_refused_as_no_header() {
        let err = parse_roster(b"Ada Quill,ada@example.com,Engineering\n", today()).err();
        assert!(matches!(err, Some(ImportError::NoHeader)), "{err:?}");
    }

    #[test]
    fn header_without_rows_is_refused() {
        let err = parse_roster(b"Name,Email\n,\n", today()).err();
        assert!(matches!(err, Some(ImportError::NoRows)), "{err:?}");
    }

    #[test]
    fn duplicate_emails_are_flagged_case_insensitively_on_later_rows() {
        let file = roster(
            "Name,Email\nMo Reyes,mo@example.com\nMo R.,MO@Example.com\nNia Holt,nia@example.com\nMo,mo@example.com\n",
        );
        let found: Vec<_> = file.rows.iter().map(|r| (r.line, r.problems.clone())).collect();
        assert_eq!(
            found,
            [
                (2, vec![]),
                (3, vec![RowProblem::DuplicateEmail { first_line: 2 }]),
                (4, vec![]),
                (5, vec![RowProblem::DuplicateEmail { first_line: 2 }]),
            ]
        );
    }

    #[test]
    fn missing_and_invalid_emails_are_row_problems() {
        let file = roster(
            "Name,Email\nOla,\nPia,pia at example.com\nQuin,quin@localhost\nRui,\"rui@example.com; rui@home.net\"\nSam,\n",
        );
        assert_eq!(problems(&file.rows[0]), [RowProblemKind::MissingEmail]);
        assert_eq!(file.rows[1].problems, [RowProblem::InvalidEmail("pia at example.com".to_owned())]);
        assert_eq!(problems(&file.rows[2]), [RowProblemKind::InvalidEmail]);
        assert_eq!(problems(&file.rows[3]), [RowProblemKind::InvalidEmail]);
        // Two empty addresses are not duplicates of each other.
        assert_eq!(problems(&file.rows[4]), [RowProblemKind::MissingEmail]);
    }

    #[test]
    fn missing_name_is_a_row_problem() {
        let file = roster("First Name,Last Name,Email\n , ,tess@example.com\n");
        assert_eq!(problems(&file.rows[0]), [RowProblemKind::MissingName]);
    }

    #[test]
    fn bad_dates_are_row_problems_naming_the_field() {
        let file = roster("Name,Email,Start Date,End Date\nUma,uma@example.com,03/04/2024,1-Mar-24\n");
        let row = &file.rows[0];
        assert_eq!((row.start_date, row.end_date), (None, None));
        let messages: Vec<String> = row.problems.iter().map(ToString::to_string).collect();
        assert!(messages[0].starts_with("The start date \"03/04/2024\" cannot be used. Is 03/04/2024"), "{messages:?}");
        assert!(
            messages[1].starts_with("The end date \"1-Mar-24\" cannot be used. The year has only two digits"),
            "{messages:?}"
        );
    }

    #[test]
    fn end_before_start_is_a_row_problem() {
        let file = roster("Name,Email,Start,End\nVik,vik@example.com,2023-05-02,2023-05-01\n");
        assert_eq!(problems(&file.rows[0]), [RowProblemKind::EndBeforeStart]);
    }

    #[test]
    fn status_wording_maps_to_employment_status() {
        use EmploymentStatus::{Active, Contractor, Left, OnLeave};
        let cases = [
            ("Active", Active),
            ("employed", Active),
            ("Current", Active),
            ("Part-Time", Active),
            ("on_leave", OnLeave),
            ("Leave", OnLeave),
            ("Parental Leave", OnLeave),
            ("Consultant", Contractor),
            ("contract", Contractor),
            ("Freelance", Contractor),
            ("INACTIVE", Left),
            ("Former", Left),
            ("offboarded", Left),
            ("Resigned", Left),
            ("left", Left),
        ];
        let mut csv = String::from("Name,Email,Status\n");
        for (i, (text, _)) in cases.iter().enumerate() {
            csv.push_str(&format!("P{i},p{i}@example.com,{text}\n"));
        }
        let got: Vec<_> = roster(&csv).rows.iter().map(|r| r.status).collect();
        let want: Vec<_> = cases.iter().map(|(_, s)| Some(*s)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn unknown_status_is_a_row_problem_and_leaves_status_empty() {
        let file = roster("Name,Email,Employee Status\nWen,wen@example.com,Sabbatical\n");
        assert_eq!(file.rows[0].status, None);
        assert_eq!(file.rows[0].problems, [RowProblem::UnknownStatus("Sabbatical".to_owned())]);
    }

    #[test]
    fn blank_rows_are_skipped_and_lines_match_the_file() {
        let file = roster("Name,Email\r\nXia,xia@example.com\r\n,\r\n\r\nYan,yan@example.com\r\n");
        let lines: Vec<_> = file.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5]);
    }

    #[test]
    fn row_problems_serialise_as_kind_and_message() {
        let json = serde_json::to_value(RowProblem::DuplicateEmail { first_line: 7 }).ok();
        assert_eq!(
            json,
            Some(serde_json::json!({
                "kind": "duplicate_email",
                "message": "This email address is already used on line 7. Each person should appear only once."
            }))
        );
    }

    #[test]
    fn typescript_shows_problems_as_kind_and_message() {
        let cfg = ts_rs::Config::new();
        let decl = RosterRow::decl(&cfg);
        assert!(decl.contains("problems: Array<RowProblemView>"), "{decl}");
        assert!(decl.contains("start_date: string | null"), "{decl}");
    }
}

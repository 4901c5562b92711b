//! The words the CLI accepts for the core's vocabularies (roles, statuses, kinds,
//! classifications), taken from the core's own lists so the two cannot drift. An
//! unknown word is a usage error: exit 2, naming the valid words.

use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use readiness_core::people::{self, EmploymentStatus, Person, Role};
use readiness_core::systems::{DataClassification, SystemKind};
use readiness_core::workbook::WorkbookError;

use crate::CliError;

pub(crate) fn role() -> impl TypedValueParser<Value = Role> {
    PossibleValuesParser::new(Role::ALL.map(Role::as_str)).try_map(|s| Role::parse(&s).ok_or("not a role"))
}

pub(crate) fn status() -> impl TypedValueParser<Value = EmploymentStatus> {
    PossibleValuesParser::new(EmploymentStatus::ALL.map(EmploymentStatus::as_str))
        .try_map(|s| EmploymentStatus::parse(&s).ok_or("not a status"))
}

pub(crate) fn kind() -> impl TypedValueParser<Value = SystemKind> {
    PossibleValuesParser::new(SystemKind::ALL.map(SystemKind::as_str))
        .try_map(|s| SystemKind::parse(&s).ok_or("not a kind"))
}

pub(crate) fn classification() -> impl TypedValueParser<Value = DataClassification> {
    PossibleValuesParser::new(DataClassification::ALL.map(DataClassification::as_str))
        .try_map(|s| DataClassification::parse(&s).ok_or("not a classification"))
}

pub(crate) fn yes_no() -> impl TypedValueParser<Value = bool> {
    PossibleValuesParser::new(["yes", "no"]).map(|s| s == "yes")
}

/// A value that can also be cleared with the word `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OrNone<T>(pub Option<T>);

/// A YYYY-MM-DD date, or `none`.
pub(crate) fn date_or_none(s: &str) -> Result<OrNone<NaiveDate>, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(OrNone(None));
    }
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map(|d| OrNone(Some(d)))
        .map_err(|_| format!("\"{s}\" is not a date: use YYYY-MM-DD, or none to clear it"))
}

pub(crate) fn invalid(message: String) -> CliError {
    CliError::Workbook(WorkbookError::Invalid(message))
}

/// The person on the roster with this email address; anyone else is an error (exit 2).
pub(crate) fn person_by_email(conn: &rusqlite::Connection, email: &str) -> Result<Person, CliError> {
    people::find_by_email(conn, email)?
        .ok_or_else(|| invalid(format!("Nobody on the roster has the email address {}.", email.trim())))
}

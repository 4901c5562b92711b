//! What can be wrong with one line of a roster CSV, and how the preview shows it.

use std::fmt;

use serde::{Serialize, Serializer};
use ts_rs::TS;

use crate::import::dates::DateProblem;

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

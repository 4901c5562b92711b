//! What can be wrong with one line of a vendor CSV, and how the preview shows it.

use std::fmt;

use serde::{Serialize, Serializer};
use ts_rs::TS;

use super::Column;
use crate::import::dates::DateProblem;

/// Something wrong with one row. Serialised for the UI as `{ kind, message }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VendorProblem {
    MissingName,
    /// A cell that should hold one of a fixed set of words holds something else.
    UnknownWord {
        column: Column,
        /// The cell as written.
        value: String,
        /// The accepted words, comma-separated, as the export writes them.
        expected: String,
    },
    BadDate {
        column: Column,
        value: String,
        problem: DateProblem,
    },
    BadBoolean {
        column: Column,
        value: String,
    },
    /// The same name (see [`super::normalise_name`]) appears on an earlier line.
    DuplicateName {
        first_line: u64,
    },
    /// A tier is set by hand with no reason; the workbook requires one.
    OverrideWithoutReason,
    /// The owner email cell as written.
    InvalidEmail(String),
}

impl VendorProblem {
    pub fn kind(&self) -> VendorProblemKind {
        match self {
            Self::MissingName => VendorProblemKind::MissingName,
            Self::UnknownWord { .. } => VendorProblemKind::UnknownWord,
            Self::BadDate { .. } => VendorProblemKind::BadDate,
            Self::BadBoolean { .. } => VendorProblemKind::BadBoolean,
            Self::DuplicateName { .. } => VendorProblemKind::DuplicateName,
            Self::OverrideWithoutReason => VendorProblemKind::OverrideWithoutReason,
            Self::InvalidEmail(_) => VendorProblemKind::InvalidEmail,
        }
    }
}

impl fmt::Display for VendorProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingName => write!(f, "The vendor name is empty."),
            Self::UnknownWord { column, value, expected } => write!(
                f,
                "\"{value}\" in the {} column is not a value we recognise. Use one of {expected}, or leave the cell empty.",
                column.label()
            ),
            Self::BadDate { column, value, problem } => {
                write!(f, "\"{value}\" in the {} column cannot be used as a date. {problem}", column.label())
            }
            Self::BadBoolean { column, value } => write!(
                f,
                "\"{value}\" in the {} column is not yes or no. Write yes or no; an empty cell counts as no.",
                column.label()
            ),
            Self::DuplicateName { first_line } => write!(
                f,
                "A vendor with this name is already on line {first_line}. Each vendor should appear only once."
            ),
            Self::OverrideWithoutReason => write!(
                f,
                "The tier override is set but the tier override reason is empty. Say why the suggested tier does not fit, or leave the tier override empty."
            ),
            Self::InvalidEmail(value) => write!(
                f,
                "\"{value}\" in the owner email column is not an email address. Give the owner's work email, or leave the cell empty."
            ),
        }
    }
}

/// A stable code per kind of vendor problem, for the UI to switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VendorProblemKind {
    MissingName,
    UnknownWord,
    BadDate,
    BadBoolean,
    DuplicateName,
    OverrideWithoutReason,
    InvalidEmail,
}

/// How a [`VendorProblem`] crosses to the UI: its kind and the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VendorProblemView {
    pub kind: VendorProblemKind,
    pub message: String,
}

impl Serialize for VendorProblem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        VendorProblemView { kind: self.kind(), message: self.to_string() }.serialize(serializer)
    }
}

//! Why a whole file could not be imported. Problems with single rows are not errors:
//! they travel with the row (see `roster::RowProblem`) so the preview can show them.

use std::fmt;

/// A file is refused as a whole. Every message tells a non-engineer what to do next.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("The file is empty. Export the list again and choose a CSV file that has a header row and at least one row under it.")]
    Empty,

    #[error("The file is not saved as UTF-8 text (the first unreadable character is on line {line}). Open it in Excel, Numbers or Google Sheets, save or download it again as \"CSV UTF-8\", and import that file.")]
    NotUtf8 {
        line: u64,
        #[source]
        source: std::str::Utf8Error,
    },

    #[error("The first line of the file holds data, not column names. Export the file again with its header row (the line with column names such as \"Name\" and \"Email\").")]
    NoHeader,

    #[error("The file has column names but no rows under them, so there is nothing to import.")]
    NoRows,

    #[error("{0}")]
    TooLarge(SizeLimit),

    #[error("{}", missing_columns_message(missing, found))]
    MissingColumns {
        missing: Vec<ExpectedColumn>,
        /// The file's header cells as written, so the user can spot a renamed column.
        found: Vec<String>,
    },

    #[error("Line {line} of the file could not be read: {reason}")]
    Malformed {
        line: u64,
        reason: String,
        #[source]
        source: csv::Error,
    },
}

impl ImportError {
    /// A stable code the UI can switch on; the message is for people.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::NotUtf8 { .. } => "not_utf8",
            Self::NoHeader => "no_header",
            Self::NoRows => "no_rows",
            Self::TooLarge(_) => "too_large",
            Self::MissingColumns { .. } => "missing_columns",
            Self::Malformed { .. } => "malformed",
        }
    }
}

/// Which limit a file went over. The limits keep a mistaken pick (a database dump, a
/// log file) from freezing the preview; real rosters are far smaller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeLimit {
    Bytes {
        max: usize,
    },
    Rows {
        max: usize,
    },
    /// A row (`line`) has more non-empty cells than `max`.
    Columns {
        max: usize,
        line: u64,
    },
}

impl fmt::Display for SizeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bytes { max } => write!(
                f,
                "The file is larger than {} MB, which is more than an import can take. Check that you picked the right file, or split it into smaller files.",
                max / (1024 * 1024)
            ),
            Self::Rows { max } => write!(
                f,
                "The file has more than {max} rows, which is more than an import can take. Check that you picked the right file, or split it into smaller files."
            ),
            Self::Columns { max, line } => write!(
                f,
                "Line {line} of the file has more than {max} columns, which is more than an import can take. Check that you picked the right file, or remove the extra columns."
            ),
        }
    }
}

/// A column the import needs, with every header name it accepts for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedColumn {
    /// What the column holds, in plain words: "email".
    pub field: String,
    /// Header names that are accepted, e.g. "Work Email"; may include combinations such
    /// as "First Name + Last Name".
    pub accepted: Vec<String>,
}

impl fmt::Display for ExpectedColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let accepted: Vec<String> = self.accepted.iter().map(|a| format!("\"{a}\"")).collect();
        write!(f, "{} (a column named {})", self.field, join_or(&accepted))
    }
}

fn missing_columns_message(missing: &[ExpectedColumn], found: &[String]) -> String {
    let missing: Vec<String> = missing.iter().map(ToString::to_string).collect();
    let found = if found.is_empty() {
        "none".to_owned()
    } else {
        found.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")
    };
    format!(
        "The file is missing columns the import needs: {}. The columns in the file are: {found}. Rename the column in the file, or export it again with that column included.",
        missing.join("; ")
    )
}

/// "a", "a or b", "a, b or c".
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_columns_message_lists_synonyms_and_found_headers() {
        let err = ImportError::MissingColumns {
            missing: vec![ExpectedColumn {
                field: "email".to_owned(),
                accepted: vec!["Email".to_owned(), "Work Email".to_owned(), "Email Address".to_owned()],
            }],
            found: vec!["Name".to_owned(), "Department".to_owned()],
        };
        let msg = err.to_string();
        assert!(msg.contains("email (a column named \"Email\", \"Work Email\" or \"Email Address\")"), "{msg}");
        assert!(msg.contains("The columns in the file are: \"Name\", \"Department\"."), "{msg}");
    }

    #[test]
    fn too_large_message_names_the_limit() {
        let msg = ImportError::TooLarge(SizeLimit::Bytes { max: 20 * 1024 * 1024 }).to_string();
        assert!(msg.contains("larger than 20 MB"), "{msg}");
    }
}

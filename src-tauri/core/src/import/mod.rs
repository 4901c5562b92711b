//! Reading other programs' exports (HR rosters, account lists) into typed rows, with
//! every problem reported by line before anything is written.

pub mod dates;
mod error;
pub mod roster;
pub mod table;
pub mod vendors;

pub use error::{ExpectedColumn, ImportError, SizeLimit};

/// The all-or-nothing rule every import's apply step follows: while the preview refuses
/// any line, nothing is imported, and the refusal names each such line with its problems.
pub fn refuse_lines_with_problems<'a>(
    refused: impl IntoIterator<Item = (u64, &'a [String])>,
) -> Result<(), crate::workbook::WorkbookError> {
    let bad: Vec<String> =
        refused.into_iter().map(|(line, problems)| format!("line {line}: {}", problems.join(" "))).collect();
    if bad.is_empty() {
        return Ok(());
    }
    Err(crate::workbook::WorkbookError::Invalid(format!(
        "Nothing was imported: fix these lines first.\n{}",
        bad.join("\n")
    )))
}

//! What every `import` subcommand shares: reading the input file, and printing a
//! dry-run preview one line per row in the same columns.

use std::fmt::Debug;
use std::path::Path;

use crate::CliError;

/// The bytes of the file to import, or an error naming it.
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::ReadInput { path: path.to_owned(), source })
}

/// One row of a dry-run preview: its line, what would happen to it (the action's
/// variant name in lower case, e.g. `add`, `problem`), what it names, and its problems.
pub(crate) fn print_preview_row(line: u64, action: impl Debug, name: &str, problems: &[String]) {
    outln!("line {:>4}  {:<9} {}  {}", line, format!("{action:?}").to_lowercase(), name, problems.join(" "));
}

//! `readiness completions` and `readiness man`: the shell's conventions, generated
//! from the same command tree the CLI parses with (`help::command`), so they cannot
//! fall behind the verbs.

use std::path::Path;

use clap_complete::Shell;

use crate::{CliError, Outcome};

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: Shell) -> Result<Outcome, CliError> {
    let mut cmd = crate::help::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "readiness", &mut out);
    crate::write_stdout(&out);
    Ok(Outcome::Done)
}

/// Writes one man page per visible (sub)command into `out_dir` (created if needed):
/// `readiness.1`, `readiness-people.1`, `readiness-people-add.1`...
pub fn man(out_dir: &Path) -> Result<Outcome, CliError> {
    let failed = |source: std::io::Error| CliError::WriteOutput { path: out_dir.to_owned(), source };
    std::fs::create_dir_all(out_dir).map_err(failed)?;
    clap_mangen::generate_to(crate::help::command(), out_dir).map_err(failed)?;
    let pages = std::fs::read_dir(out_dir).map_err(failed)?.filter_map(Result::ok).count();
    outln!("Wrote {pages} man pages to {}", out_dir.display());
    Ok(Outcome::Done)
}

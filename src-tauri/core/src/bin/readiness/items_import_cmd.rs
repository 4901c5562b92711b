//! `readiness items import`: checklist progress for many items from one CSV.

use std::path::Path;

use readiness_core::checklist::import as item_csv;
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{Access, Actor, Workbook};

use crate::import_io::{print_preview_row, read_input};
use crate::{today, CliError, Outcome};

pub fn run(file: &Path, input: &Path, dry_run: bool, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    let bytes = read_input(input)?;
    let parsed = item_csv::parse_items(&bytes)?;
    let mut wb = Workbook::open(file, pass, if dry_run { Access::ReadOnly } else { Access::ReadWrite })?;
    if dry_run {
        let preview = item_csv::preview(wb.conn(), &parsed, today())?;
        for r in &preview.rows {
            print_preview_row(r.line, r.action, &r.reference, &r.problems);
        }
        outln!(
            "{} to update, {} unchanged, {} with problems. Nothing was imported.",
            preview.to_update,
            preview.unchanged,
            preview.with_problems
        );
        return Ok(Outcome::Done);
    }
    let changed = wb.write(actor, |w| item_csv::apply(w, &parsed, today()))?;
    outln!("Imported items: {changed} changed.");
    wb.close()?;
    Ok(Outcome::Done)
}

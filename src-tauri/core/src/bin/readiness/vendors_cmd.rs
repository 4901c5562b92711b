//! `readiness vendors`: the vendor inventory from the command line.

use std::path::PathBuf;

use clap::Subcommand;
use readiness_core::import::vendors::parse_vendors;
use readiness_core::passphrase::Passphrase;
use readiness_core::vendors::{self, csv as vendor_csv};
use readiness_core::workbook::{Access, Actor, Workbook};

use crate::import_io::{print_preview_row, read_input};
use crate::{print_json, today, CliError, Outcome};

#[derive(Subcommand)]
pub enum VendorsCommand {
    /// List vendors with their tier and flags.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import vendors from CSV; existing vendors (same name) are merged. Refused, with
    /// the lines, while any line has a problem.
    Import {
        file: PathBuf,
        #[arg(long)]
        input: PathBuf,
        /// Show what would happen without importing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Remove a vendor entered by mistake (with its links to systems and evidence).
    Remove {
        file: PathBuf,
        /// The vendor's name (case and spacing ignored).
        name: String,
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the inventory as CSV.
    Export {
        file: PathBuf,
        #[arg(long)]
        output: PathBuf,
    },
}

pub fn run(cmd: &VendorsCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        VendorsCommand::List { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let list = vendors::list(wb.conn(), today())?;
            if *json {
                print_json(&list)?;
            } else {
                for v in list {
                    let flags: Vec<&str> = v.flags.iter().map(|f| f.message()).collect();
                    outln!(
                        "{:<24} {:<9} {:<14} {}",
                        v.input.name,
                        v.tier.label(),
                        v.input.assurance.label(),
                        if flags.is_empty() { "OK".to_owned() } else { flags.join(" ") }
                    );
                }
            }
        }
        VendorsCommand::Import { file, input, dry_run } => {
            let bytes = read_input(input)?;
            let parsed = parse_vendors(&bytes)?;
            let mut wb = Workbook::open(file, pass, if *dry_run { Access::ReadOnly } else { Access::ReadWrite })?;
            let preview = vendor_csv::preview(wb.conn(), &parsed, today())?;
            if *dry_run {
                for r in &preview.rows {
                    print_preview_row(r.line, r.action, &r.name, &r.problems);
                }
                outln!(
                    "{} to add, {} to merge, {} unchanged, {} with problems. Nothing was imported.",
                    preview.to_add,
                    preview.to_merge,
                    preview.unchanged,
                    preview.skipped
                );
                return Ok(Outcome::Done);
            }
            let result = wb.write(actor, |w| vendor_csv::apply(w, &parsed, today()))?;
            outln!("Imported vendors: {} added, {} merged.", result.added, result.merged);
            wb.close()?;
        }
        VendorsCommand::Remove { file, name, dry_run } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let id = vendors::find_by_name(wb.conn(), name)?.ok_or_else(|| {
                crate::vocab::invalid(format!("The vendor inventory has no vendor called {}.", name.trim()))
            })?;
            if *dry_run {
                wb.dry_run(actor, |w| vendors::delete(w, &id))?;
                outln!("{} could be removed. Nothing was changed (--dry-run).", name.trim());
            } else {
                wb.write(actor, |w| vendors::delete(w, &id))?;
                outln!("Removed {} from the vendor inventory.", name.trim());
            }
            wb.close()?;
        }
        VendorsCommand::Export { file, output } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let bytes = vendor_csv::export(wb.conn(), today())?;
            readiness_core::files::write_new_file(output, &bytes)?;
            outln!("Wrote {} vendors to {}", vendors::list(wb.conn(), today())?.len(), output.display());
        }
    }
    Ok(Outcome::Done)
}

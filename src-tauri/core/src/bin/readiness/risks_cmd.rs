//! `readiness risks`: the risk register from the command line.

use std::path::PathBuf;

use clap::Subcommand;
use readiness_core::passphrase::Passphrase;
use readiness_core::risks::{self, csv as risk_csv};
use readiness_core::workbook::{Access, Actor, Workbook};
use serde::Serialize;

use crate::import_io::{print_preview_row, read_input};
use crate::{print_json, today, CliError, Outcome};

#[derive(Subcommand)]
pub enum RisksCommand {
    /// List the register with inherent and residual scores and the appetite flag.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import risks from CSV (header: title,description,category,owner_email,likelihood,
    /// impact,treatment,residual_likelihood,residual_impact,review_date). Risks with the
    /// same title are updated. Refused, with the lines, while any line has a problem.
    Import {
        file: PathBuf,
        #[arg(long)]
        input: PathBuf,
        /// Show what would happen without importing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the register as CSV.
    Export {
        file: PathBuf,
        #[arg(long)]
        output: PathBuf,
    },
}

/// One risk as `risks list --json` prints it.
#[derive(Serialize)]
struct ListRow<'a> {
    id: &'a str,
    title: &'a str,
    category: &'a str,
    inherent_likelihood: u8,
    inherent_impact: u8,
    inherent_score: u8,
    residual_likelihood: u8,
    residual_impact: u8,
    residual_score: u8,
    treatment: &'a str,
    status: &'a str,
    above_appetite: bool,
}

pub fn run(cmd: &RisksCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        RisksCommand::List { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let list = risks::list(wb.conn(), today())?;
            if *json {
                let rows: Vec<ListRow<'_>> = list
                    .iter()
                    .map(|r| ListRow {
                        id: &r.id,
                        title: &r.input.title,
                        category: r.input.category.as_str(),
                        inherent_likelihood: r.input.likelihood,
                        inherent_impact: r.input.impact,
                        inherent_score: r.inherent_score,
                        residual_likelihood: r.input.residual_likelihood,
                        residual_impact: r.input.residual_impact,
                        residual_score: r.residual_score,
                        treatment: r.input.treatment.as_str(),
                        status: r.input.status.as_str(),
                        above_appetite: r.above_appetite,
                    })
                    .collect();
                print_json(&rows)?;
            } else {
                let appetite = risks::appetite(wb.conn())?;
                for r in &list {
                    outln!(
                        "{:>2} -> {:>2}  {:<9} {:<20} {}{}",
                        r.inherent_score,
                        r.residual_score,
                        r.input.treatment.label(),
                        r.input.category.label(),
                        r.input.title,
                        if r.above_appetite { "  [above appetite]" } else { "" }
                    );
                }
                outln!(
                    "{} risks; appetite {appetite}; {} above appetite.",
                    list.len(),
                    list.iter().filter(|r| r.above_appetite).count()
                );
            }
        }
        RisksCommand::Import { file, input, dry_run } => {
            let bytes = read_input(input)?;
            let parsed = risk_csv::parse_risks(&bytes)?;
            let mut wb = Workbook::open(file, pass, if *dry_run { Access::ReadOnly } else { Access::ReadWrite })?;
            if *dry_run {
                let preview = risk_csv::preview(wb.conn(), &parsed, today())?;
                for r in &preview.rows {
                    print_preview_row(r.line, r.action, &r.title, &r.problems);
                }
                outln!(
                    "{} to add, {} to update, {} unchanged, {} with problems. Nothing was imported.",
                    preview.to_add,
                    preview.to_update,
                    preview.unchanged,
                    preview.with_problems
                );
                return Ok(Outcome::Done);
            }
            let result = wb.write(actor, |w| risk_csv::apply(w, &parsed, today()))?;
            outln!("Imported risks: {} added, {} updated.", result.added, result.updated);
            wb.close()?;
        }
        RisksCommand::Export { file, output } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let bytes = risk_csv::export(wb.conn(), today())?;
            readiness_core::files::write_new_file(output, &bytes)?;
            outln!("Wrote {} risks to {}", risks::list(wb.conn(), today())?.len(), output.display());
        }
    }
    Ok(Outcome::Done)
}

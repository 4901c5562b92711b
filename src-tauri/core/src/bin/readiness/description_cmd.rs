//! `readiness description show|set`: the system description (DC1 to DC9) an auditor
//! expects with the report.

use std::path::PathBuf;

use clap::Subcommand;
use readiness_core::passphrase::Passphrase;
use readiness_core::scope::description;
use readiness_core::workbook::{Access, Actor, Workbook, WorkbookError};

use crate::import_io::read_input;
use crate::vocab::invalid;
use crate::{print_json, CliError, Outcome};

#[derive(Subcommand)]
pub enum DescriptionCommand {
    /// Show every section: its title, and what was written (else the draft built from
    /// the workbook's data).
    Show {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write one section from a text (Markdown) file. Saving the same text again changes
    /// nothing.
    Set {
        file: PathBuf,
        /// The section: DC1 to DC9.
        section: String,
        #[arg(long)]
        input: PathBuf,
    },
}

pub fn run(cmd: &DescriptionCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        DescriptionCommand::Show { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let sections = description::list(&wb)?;
            if *json {
                print_json(&sections)?;
            } else {
                for s in sections {
                    outln!("## {} {}", s.key, s.title);
                    if s.body.trim().is_empty() {
                        outln!("(not written yet; the draft from the workbook's data reads:)\n{}\n", s.draft);
                    } else {
                        outln!("{}\n", s.body);
                    }
                }
            }
        }
        DescriptionCommand::Set { file, section, input } => {
            // Checked before the workbook is opened, so a typo costs nothing.
            let keys = description::section_keys();
            let Some(key) = keys.iter().find(|k| k.eq_ignore_ascii_case(section.trim())) else {
                return Err(invalid(format!(
                    "There is no system description section {section}. The sections are {}.",
                    keys.join(", ")
                )));
            };
            let body = String::from_utf8(read_input(input)?).map_err(|_| {
                invalid(format!("{} is not UTF-8 text; save it as UTF-8 and try again.", input.display()))
            })?;
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let current = description::list(&wb)?.into_iter().find(|s| s.key == *key).map(|s| s.body);
            if current.as_deref() == Some(body.trim_end()) {
                outln!("{key} already says that; nothing changed.");
            } else {
                wb.write(actor, |w| -> Result<(), WorkbookError> { description::save(w, key, &body) })?;
                outln!("Saved {key}.");
            }
            wb.close()?;
        }
    }
    Ok(Outcome::Done)
}

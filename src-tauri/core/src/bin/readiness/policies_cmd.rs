//! `readiness policies`: list, render and approve policies from the command line.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use readiness_core::passphrase::Passphrase;
use readiness_core::people;
use readiness_core::policies;
use readiness_core::workbook::{Access, Actor, Workbook, WorkbookError};

use crate::{print_json, today, CliError, Outcome};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Md,
    Html,
}

#[derive(Subcommand)]
pub enum PoliciesCommand {
    /// List policies: version, status, approver and anything still unfilled.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Print a policy filled from the workbook (the approved text for approved versions).
    Render {
        file: PathBuf,
        /// The policy's id, e.g. access-control.
        id: String,
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
        /// A version number; the newest if omitted.
        #[arg(long)]
        version: Option<u32>,
    },
    /// Approve the newest version; refused while placeholders are unfilled.
    Approve {
        file: PathBuf,
        id: String,
        /// The approver's email address on the roster.
        #[arg(long)]
        by: String,
    },
}

#[derive(serde::Serialize)]
struct Line<'a> {
    id: &'a str,
    title: &'a str,
    version: u32,
    status: policies::VersionStatus,
    approved_by: Option<&'a str>,
    approved_at: Option<chrono::NaiveDate>,
    unresolved_placeholders: &'a [String],
}

pub fn run(cmd: &PoliciesCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        PoliciesCommand::List { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let list = policies::list(wb.conn(), today())?;
            if *json {
                let lines: Vec<Line<'_>> = list
                    .iter()
                    .map(|p| Line {
                        id: &p.id,
                        title: &p.title,
                        version: p.latest.number,
                        status: p.latest.status,
                        approved_by: p.latest.approved_by.as_deref(),
                        approved_at: p.latest.approved_at,
                        unresolved_placeholders: &p.unresolved,
                    })
                    .collect();
                print_json(&lines)?;
            } else {
                for p in list {
                    outln!(
                        "{:<26} v{:<3} {:<10} {}",
                        p.id,
                        p.latest.number,
                        p.latest.status.as_str(),
                        if p.unresolved.is_empty() {
                            p.title.clone()
                        } else {
                            format!("{} (unfilled: {})", p.title, p.unresolved.join(", "))
                        }
                    );
                }
            }
        }
        PoliciesCommand::Render { file, id, format, version } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let doc = policies::document(wb.conn(), id, *version)?;
            match format {
                Format::Html => outln!("{}", doc.rendered.html),
                Format::Md => {
                    let filled = if doc.version.status == policies::VersionStatus::Approved
                        || doc.version.status == policies::VersionStatus::Superseded
                    {
                        None
                    } else {
                        Some(&doc.unresolved)
                    };
                    outln!("{}", policies::filled_markdown(wb.conn(), id, *version)?);
                    if let Some(u) = filled.filter(|u| !u.is_empty()) {
                        eprintln!("readiness: not filled yet: {}", u.join(", "));
                    }
                }
            }
        }
        PoliciesCommand::Approve { file, id, by } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let approver = people::find_by_email(wb.conn(), by)?.ok_or_else(|| {
                CliError::Workbook(WorkbookError::Invalid(format!("Nobody on the roster has the email address {by}.")))
            })?;
            wb.write(actor, |w| policies::approve(w, id, &approver.id, today()))?;
            let doc = policies::document(wb.conn(), id, None)?;
            outln!("Approved {} version {} by {}.", doc.title, doc.version.number, approver.name);
            wb.close()?;
        }
    }
    Ok(Outcome::Done)
}

//! `readiness policies`: list, render, edit, submit and approve policies from the
//! command line.

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
        /// Markdown, or the HTML the app shows.
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
        /// A version number; the newest if omitted.
        #[arg(long)]
        version: Option<u32>,
    },
    /// Save a new text for a policy from a Markdown file: an approved policy gets a new
    /// draft version, a draft is edited in place. Saving the same text changes nothing.
    Edit {
        file: PathBuf,
        /// The policy's id, e.g. access-control.
        id: String,
        /// The Markdown file with the policy's text; {{placeholders}} are filled from
        /// the workbook.
        #[arg(long)]
        input: PathBuf,
    },
    /// Send the newest draft for review (draft -> in review). Harmless to repeat.
    Submit {
        file: PathBuf,
        /// The policy's id, e.g. access-control.
        id: String,
    },
    /// Record that someone read and accepted the approved version. Harmless to repeat.
    Acknowledge {
        file: PathBuf,
        /// The policy's id, e.g. acceptable-use.
        id: String,
        /// Their email address on the roster.
        #[arg(long, value_name = "EMAIL")]
        by: String,
        /// When, YYYY-MM-DD (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
    },
    /// List who acknowledged the approved version of a policy.
    Acknowledgements {
        file: PathBuf,
        /// The policy's id, e.g. acceptable-use.
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve the newest version; refused while placeholders are unfilled.
    Approve {
        file: PathBuf,
        /// The policy's id, e.g. access-control.
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

/// The approved version of a policy: the one people acknowledge.
fn approved_version(wb: &Workbook, id: &str) -> Result<policies::VersionSummary, CliError> {
    policies::versions(wb.conn(), id)?
        .into_iter()
        .find(|v| v.status == policies::VersionStatus::Approved)
        .ok_or_else(|| crate::vocab::invalid(format!("The policy {id} has no approved version to acknowledge.")))
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
        PoliciesCommand::Edit { file, id, input } => {
            let body = String::from_utf8(crate::import_io::read_input(input)?).map_err(|_| {
                crate::vocab::invalid(format!("{} is not UTF-8 text; save it as UTF-8 and try again.", input.display()))
            })?;
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let current = policies::document(wb.conn(), id, None)?;
            if current.body == body {
                outln!("{} version {} already has that text; nothing changed.", current.title, current.version.number);
            } else {
                wb.write(actor, |w| policies::save_body(w, id, &body, actor.as_str()))?;
                let doc = policies::document(wb.conn(), id, None)?;
                outln!("Saved {} version {} as a draft.", doc.title, doc.version.number);
                if !doc.unresolved.is_empty() {
                    eprintln!("readiness: not filled yet: {}", doc.unresolved.join(", "));
                }
            }
            wb.close()?;
        }
        PoliciesCommand::Submit { file, id } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let current = policies::document(wb.conn(), id, None)?;
            if current.version.status == policies::VersionStatus::InReview {
                outln!("{} version {} is already in review.", current.title, current.version.number);
            } else {
                wb.write(actor, |w| policies::submit_for_review(w, id))?;
                outln!("{} version {} is now in review.", current.title, current.version.number);
            }
            wb.close()?;
        }
        PoliciesCommand::Acknowledge { file, id, by, date } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let person = crate::vocab::person_by_email(wb.conn(), by)?;
            let version = approved_version(&wb, id)?;
            wb.write(actor, |w| policies::acknowledge(w, &version.id, &person.id, date.unwrap_or_else(today)))?;
            outln!("{} acknowledged version {} of {id}.", person.name, version.number);
            wb.close()?;
        }
        PoliciesCommand::Acknowledgements { file, id, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let version = approved_version(&wb, id)?;
            let acks = policies::acknowledgements(wb.conn(), &version.id)?;
            if *json {
                print_json(&acks)?;
            } else {
                for a in &acks {
                    outln!("{}  {}", a.acknowledged_at, a.name);
                }
                outln!("{} acknowledgements of version {}.", acks.len(), version.number);
            }
        }
        PoliciesCommand::Approve { file, id, by } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let approver = people::find_by_email(wb.conn(), by)?.ok_or_else(|| {
                CliError::Workbook(WorkbookError::Invalid(format!("Nobody on the roster has the email address {by}.")))
            })?;
            let current = policies::document(wb.conn(), id, None)?;
            if current.version.status == policies::VersionStatus::Approved {
                outln!("{} version {} is already approved; nothing changed.", current.title, current.version.number);
                return Ok(Outcome::Done);
            }
            wb.write(actor, |w| policies::approve(w, id, &approver.id, today()))?;
            let doc = policies::document(wb.conn(), id, None)?;
            outln!("Approved {} version {} by {}.", doc.title, doc.version.number, approver.name);
            wb.close()?;
        }
    }
    Ok(Outcome::Done)
}

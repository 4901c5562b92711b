//! `readiness items|gaps|pbc`: the checklist from the command line.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;
use readiness_core::checklist::{self, ItemEdit, ItemStatus};
use readiness_core::passphrase::Passphrase;
use readiness_core::people;
use readiness_core::workbook::{Access, Actor, Workbook, WorkbookError};

use crate::{print_json, today, CliError, Outcome};

#[derive(Subcommand)]
pub enum ItemsCommand {
    /// List the checklist items in scope (add --all for hidden, out-of-scope ones too).
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        all: bool,
    },
    /// Change an item's status, owner or due date.
    Set {
        file: PathBuf,
        /// The item's reference, e.g. AC-01.
        item: String,
        /// not_started, in_progress, ready or not_applicable.
        #[arg(long)]
        status: Option<String>,
        /// The owner's email address on the roster; "none" to clear.
        #[arg(long)]
        owner: Option<String>,
        /// YYYY-MM-DD; "none" to clear.
        #[arg(long)]
        due: Option<String>,
        /// Why the item does not apply (required with --status not_applicable).
        #[arg(long)]
        reason: Option<String>,
        /// Criteria (comma-separated, among those it maps to) this item is a key control
        /// for; "none" to clear. Library key controls stay key.
        #[arg(long)]
        key_for: Option<String>,
    },
    /// Set status, owner, due date and N/A reason of many items from CSV (header:
    /// ref,status,owner_email,due_date,na_reason; only ref required; empty keeps, none
    /// clears). Refused, with the lines, while any line has a problem.
    Import {
        file: PathBuf,
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
}

fn invalid(msg: String) -> CliError {
    CliError::Workbook(WorkbookError::Invalid(msg))
}

pub fn items(cmd: &ItemsCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        ItemsCommand::List { file, json, all } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let list: Vec<_> = checklist::list(&wb, today())?.into_iter().filter(|i| *all || i.in_scope).collect();
            if *json {
                print_json(&list)?;
            } else {
                for i in list {
                    outln!(
                        "{:<7} {:<3} {:<16} {:<20} {:<10} {}",
                        i.reference,
                        if i.key_for.is_empty() { "" } else { "key" },
                        i.status.label(),
                        i.owner_name.unwrap_or_default(),
                        i.due_date.map(|d| d.to_string()).unwrap_or_default(),
                        i.title
                    );
                }
            }
        }
        ItemsCommand::Set { file, item, status, owner, due, reason, key_for } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let id = checklist::id_by_ref(wb.conn(), item)?
                .ok_or_else(|| invalid(format!("There is no checklist item {item} in this workbook.")))?;
            let Some(current) = checklist::get(wb.conn(), &id, today())? else {
                return Err(invalid(format!("There is no checklist item {item} in this workbook.")));
            };
            let mut edit = ItemEdit {
                owner_id: current.owner_id.clone(),
                status: current.status,
                due_date: current.due_date,
                na_justification: current.na_justification.clone(),
                comments: current.comments.clone(),
            };
            if let Some(s) = status {
                edit.status = ItemStatus::parse(s).ok_or_else(|| {
                    invalid(format!(
                        "Unknown status \u{201c}{s}\u{201d}. Use not_started, in_progress, ready or not_applicable."
                    ))
                })?;
            }
            if let Some(o) = owner {
                edit.owner_id = if o.eq_ignore_ascii_case("none") {
                    None
                } else {
                    Some(
                        people::find_by_email(wb.conn(), o)?
                            .ok_or_else(|| invalid(format!("Nobody on the roster has the email address {o}.")))?
                            .id,
                    )
                };
            }
            if let Some(d) = due {
                edit.due_date = if d.eq_ignore_ascii_case("none") {
                    None
                } else {
                    Some(
                        NaiveDate::parse_from_str(d, "%Y-%m-%d")
                            .map_err(|_| invalid(format!("\u{201c}{d}\u{201d} is not a date: use YYYY-MM-DD.")))?,
                    )
                };
            }
            if let Some(r) = reason {
                edit.na_justification = r.clone();
            }
            let key_for: Option<Vec<String>> = key_for.as_ref().map(|k| {
                k.split(',')
                    .map(|c| c.trim().to_uppercase())
                    .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("none"))
                    .collect()
            });
            wb.write(actor, |w| {
                checklist::update(w, &id, &edit)?;
                if let Some(k) = &key_for {
                    checklist::set_key_for(w, &id, k)?;
                }
                Ok::<_, WorkbookError>(())
            })?;
            outln!("{} is now: {}", current.reference, edit.status.label());
            wb.close()?;
        }
        ItemsCommand::Import { file, input, dry_run } => {
            return crate::items_import_cmd::run(file, input, *dry_run, pass, actor)
        }
    }
    Ok(Outcome::Done)
}

pub fn gaps(file: &Path, json: bool, pass: &Passphrase) -> Result<Outcome, CliError> {
    let wb = Workbook::open(file, pass, Access::ReadOnly)?;
    let report = readiness_core::readiness::report(wb.conn(), today())?;
    if json {
        print_json(&report)?;
    } else {
        let s = &report.readiness.summary;
        outln!(
            "Readiness {}%: {} of {} criteria ready, {} partly ready, {} not started{}",
            s.percent,
            s.criteria_ready,
            s.criteria_in_scope,
            s.criteria_partly_ready,
            s.criteria_not_started,
            if s.criteria_not_applicable > 0 {
                format!(", {} ready (not applicable)", s.criteria_not_applicable)
            } else {
                String::new()
            }
        );
        outln!("{}", report.readiness.yardstick.sentence);
        for c in &report.readiness.categories {
            outln!(
                "  {:<21} {:>3}%  {} ready, {} partly ready, {} not started (of {})",
                c.name,
                c.percent,
                c.criteria_ready + c.criteria_not_applicable,
                c.criteria_partly_ready,
                c.criteria_not_started,
                c.criteria_total
            );
        }
        outln!("\n{} gaps, by owner:", report.gaps.gaps.len());
        for o in &report.gaps.by_owner {
            outln!("\n{} ({})", o.owner, o.gaps.len());
            for g in &o.gaps {
                outln!("  - {}", g.message);
            }
        }
    }
    Ok(Outcome::Done)
}

pub fn pbc(file: &Path, out: &Path, pass: &Passphrase) -> Result<Outcome, CliError> {
    let wb = Workbook::open(file, pass, Access::ReadOnly)?;
    let rows = checklist::pbc::export_csv(wb.conn(), out, today())?;
    outln!("Wrote {rows} requests to {}", out.display());
    Ok(Outcome::Done)
}

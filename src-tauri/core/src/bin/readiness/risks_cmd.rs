//! `readiness risks`: the risk register from the command line.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use readiness_core::passphrase::Passphrase;
use readiness_core::risks::{self, csv as risk_csv, Acceptance, Dimension, SignoffInput};
use readiness_core::workbook::{Access, Actor, Workbook};
use serde::Serialize;

use crate::import_io::{print_preview_row, read_input};
use crate::vocab::{invalid, person_by_email};
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
    /// Accept a risk at its residual level, recorded with who, when and why. Repeating
    /// the same acceptance changes nothing.
    Accept {
        file: PathBuf,
        /// The risk's title in the register (case and spacing ignored).
        #[arg(long)]
        title: String,
        /// The email address, on the roster, of who accepts it.
        #[arg(long, value_name = "EMAIL")]
        by: String,
        /// When it was accepted, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: NaiveDate,
        /// Why the risk is accepted as it stands.
        #[arg(long)]
        reason: String,
    },
    /// Sign off the risk assessment ("risk assessment performed", CC3). Repeating the
    /// latest sign-off exactly records nothing new.
    Signoff {
        file: PathBuf,
        /// The email address, on the roster, of who signs.
        #[arg(long, value_name = "EMAIL")]
        by: String,
        /// The date of the sign-off, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: NaiveDate,
        /// How the assessment was done: who took part, what was considered, which
        /// scales were used.
        #[arg(long, default_value = DEFAULT_METHOD)]
        method: String,
    },
    /// Remove a risk entered by mistake (closing it, `status closed` in the app, keeps
    /// the record).
    Remove {
        file: PathBuf,
        /// The risk's title in the register (case and spacing ignored).
        #[arg(long)]
        title: String,
        #[arg(long)]
        dry_run: bool,
    },
    /// Set the risk appetite: the highest residual score (likelihood x impact, 1 to 25)
    /// tolerated without a formal acceptance.
    Appetite {
        file: PathBuf,
        /// The score, 1 to 25.
        score: u8,
    },
    /// Say what one level of the likelihood or impact scale means for this company.
    Scale {
        file: PathBuf,
        /// The scale.
        #[arg(value_parser = ["likelihood", "impact"])]
        dimension: String,
        /// The level, 1 to 5.
        level: u8,
        /// The level's short name, e.g. "Likely".
        #[arg(long)]
        label: String,
        /// What the level means, e.g. "Expected to happen within a year".
        #[arg(long)]
        meaning: String,
    },
    /// Export the register as CSV.
    Export {
        file: PathBuf,
        #[arg(long)]
        output: PathBuf,
    },
}

/// The method a sign-off records when none is given: how the register is built with
/// this product.
const DEFAULT_METHOD: &str = "Risks were identified from the risk library and the team's own knowledge, scored for likelihood and impact on the workbook's 1 to 5 scales before and after controls, and compared with the risk appetite.";

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

fn risk_by_title(wb: &Workbook, title: &str) -> Result<String, CliError> {
    risks::find_by_title(wb.conn(), title)?.ok_or_else(|| {
        invalid(format!("The register has no risk called \"{}\": see `readiness risks list`.", title.trim()))
    })
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
        RisksCommand::Accept { file, title, by, date, reason } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let approver = person_by_email(wb.conn(), by)?;
            let id = risk_by_title(&wb, title)?;
            let acceptance = Acceptance { approver_id: approver.id.clone(), date: *date, reason: reason.clone() };
            wb.write(actor, |w| risks::accept(w, &id, &acceptance, today()))?;
            outln!("\"{}\" is accepted by {} on {date}.", title.trim(), approver.name);
            wb.close()?;
        }
        RisksCommand::Signoff { file, by, date, method } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let signer = person_by_email(wb.conn(), by)?;
            let input = SignoffInput { signed_by: signer.id.clone(), signed_on: *date, method: method.clone() };
            wb.write(actor, |w| risks::sign_off(w, &input))?;
            let signoff = risks::latest_signoff(wb.conn())?;
            outln!(
                "Risk assessment signed off by {} on {date} ({} risks).",
                signer.name,
                signoff.map_or(0, |s| s.risk_count)
            );
            wb.close()?;
        }
        RisksCommand::Remove { file, title, dry_run } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let id = risk_by_title(&wb, title)?;
            if *dry_run {
                wb.dry_run(actor, |w| risks::delete(w, &id))?;
                outln!("\"{}\" could be removed. Nothing was changed (--dry-run).", title.trim());
            } else {
                wb.write(actor, |w| risks::delete(w, &id))?;
                outln!("Removed \"{}\" from the register.", title.trim());
            }
            wb.close()?;
        }
        RisksCommand::Appetite { file, score } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            if risks::appetite(wb.conn())? != *score {
                wb.write(actor, |w| risks::set_appetite(w, *score))?;
            }
            outln!("Risk appetite: residual scores up to {score} need no formal acceptance.");
            wb.close()?;
        }
        RisksCommand::Scale { file, dimension, level, label, meaning } => {
            let dimension = Dimension::parse(dimension)
                .ok_or_else(|| invalid(format!("Unknown scale {dimension}: use likelihood or impact.")))?;
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            wb.write(actor, |w| risks::set_scale(w, dimension, *level, label, meaning))?;
            outln!("{} level {level} is now \"{}\".", dimension.label(), label.trim());
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

//! `readiness access`: user access reviews from the command line.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use readiness_core::access::{
    self, AccountFilter, AccountLabel, CampaignInput, CampaignStatus, Decision, DecisionFilter, DecisionInput, Field,
    Flag, LinkTarget, Mapping, Preset,
};
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{Access, Actor, Workbook, WorkbookError};

use crate::import_io::read_input;
use crate::{print_json, today, CliError, Outcome};

#[derive(Subcommand)]
pub enum AccessCommand {
    /// List the access reviews with their status and counts.
    #[command(alias = "list")]
    Campaigns {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Start a review of a system's accounts.
    New {
        file: PathBuf,
        /// The system, by name or id.
        #[arg(long)]
        system: String,
        /// The reviewer, by email or name.
        #[arg(long)]
        reviewer: Option<String>,
        /// The date the account list reflects (default: today).
        #[arg(long)]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        due: Option<NaiveDate>,
        /// Flag active accounts with no sign-in for more days than this.
        #[arg(long, default_value_t = 90)]
        stale_days: u32,
    },
    /// Import an account export (CSV or XLSX) into a review: the one given, else the
    /// system's open review, else a new one as of today. Refused, with the lines, while
    /// the file has problems.
    Import {
        file: PathBuf,
        /// The system, by name or id.
        #[arg(long, required_unless_present = "campaign")]
        system: Option<String>,
        /// The review to import into (id or its first characters).
        #[arg(long)]
        campaign: Option<String>,
        #[arg(long)]
        input: PathBuf,
        /// auto, aws, entra, google, okta, github, slack or generic.
        #[arg(long, default_value = "auto")]
        preset: String,
        /// Map a field to a column, e.g. --map identity=Login --map mfa="2FA". Fields:
        /// identity, display_name, email, roles, status, last_login, mfa.
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// Show what would happen without importing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List a review's accounts (optionally only one flag's or undecided ones).
    Accounts {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        flag: Option<String>,
        #[arg(long)]
        undecided: bool,
        #[arg(long)]
        json: bool,
    },
    /// Decide accounts: named ones, or every account a filter picks.
    Decide {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        /// keep, revoke or change.
        #[arg(long)]
        decision: String,
        #[arg(long, default_value = "")]
        reason: String,
        /// Accounts by identity or email (repeatable).
        #[arg(long = "account")]
        accounts: Vec<String>,
        /// Every account with this flag.
        #[arg(long)]
        flag: Option<String>,
        /// Every account without a decision yet.
        #[arg(long)]
        undecided: bool,
    },
    /// Label an account with no person behind it (service, shared, external, unknown).
    Label {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        account: String,
        #[arg(long)]
        label: String,
    },
    /// Link an account to a person by hand, or label it a service / shared account. The
    /// link is remembered for the system: the next review applies it first.
    Link {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        /// The account by identity or email (repeatable).
        #[arg(long = "account", required_unless_present = "machines")]
        accounts: Vec<String>,
        /// Every unlabelled account that looks like a machine (svc-, ci-, bots, root).
        #[arg(long, conflicts_with = "person")]
        machines: bool,
        /// The person, by email or name.
        #[arg(long, required_unless_present = "label", conflicts_with = "label")]
        person: Option<String>,
        /// service, shared or external.
        #[arg(long)]
        label: Option<String>,
    },
    /// Record the ticket and completion of a remediation task.
    Remediate {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        account: String,
        #[arg(long, default_value = "")]
        ticket: String,
        #[arg(long)]
        done: Option<NaiveDate>,
    },
    /// Sign off a review: it can no longer change afterwards.
    Signoff {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        /// Who signs (default: the reviewer).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Export a review as CSV.
    Export {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        output: PathBuf,
    },
}

fn invalid(message: String) -> CliError {
    CliError::Workbook(WorkbookError::Invalid(message))
}

fn campaign_id(wb: &Workbook, key: &str) -> Result<String, CliError> {
    access::resolve(wb.conn(), key)?
        .ok_or_else(|| invalid(format!("No single access review has the id {key}: see `readiness access campaigns`.")))
}

fn system_id(wb: &Workbook, key: &str) -> Result<String, CliError> {
    access::resolve_system(wb.conn(), key)?
        .ok_or_else(|| invalid(format!("The systems inventory has no system called {key}.")))
}

fn person_id(wb: &Workbook, key: &str) -> Result<String, CliError> {
    let wanted = access::name_key(key);
    readiness_core::people::list(wb)?
        .into_iter()
        .find(|p| p.email.eq_ignore_ascii_case(key.trim()) || access::name_key(&p.name) == wanted)
        .map(|p| p.id)
        .ok_or_else(|| invalid(format!("No one on the roster is called {key}.")))
}

fn flag(s: &str) -> Result<Flag, CliError> {
    Flag::parse(s.trim()).ok_or_else(|| {
        let names: Vec<&str> = Flag::ALL.iter().map(|f| f.as_str()).collect();
        invalid(format!("Unknown flag {s}: use one of {}.", names.join(", ")))
    })
}

fn account_id(wb: &Workbook, campaign: &str, name: &str) -> Result<String, CliError> {
    access::find_by_identity(wb.conn(), campaign, name)?
        .ok_or_else(|| invalid(format!("The review has no account {name}.")))
}

fn mapping_from_args(map: &[String]) -> Result<Option<Mapping>, CliError> {
    if map.is_empty() {
        return Ok(None);
    }
    let mut m = Mapping::default();
    for pair in map {
        let (field, column) =
            pair.split_once('=').ok_or_else(|| invalid(format!("--map {pair}: write it as FIELD=COLUMN.")))?;
        let field = Field::parse(field.trim())
            .ok_or_else(|| invalid(format!("--map {pair}: {} is not a field.", field.trim())))?;
        m.set(field, Some(column.trim().to_owned()));
    }
    Ok(Some(m))
}

pub fn run(cmd: &AccessCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        AccessCommand::Campaigns { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let list = access::list(wb.conn(), today())?;
            if *json {
                print_json(&list)?;
            } else if list.is_empty() {
                outln!("No access reviews yet. Start one with `readiness access new FILE --system NAME`.");
            } else {
                for c in list {
                    outln!(
                        "{}  {:<22} as of {}  {:<10} {:>6} accounts  {:>5} flagged  {:>5} undecided  {}",
                        &c.id[..8],
                        c.system_name,
                        c.as_of,
                        c.status.label(),
                        c.counts.accounts,
                        c.counts.flagged,
                        c.counts.undecided,
                        c.reviewer_name.unwrap_or_default()
                    );
                }
            }
        }
        AccessCommand::New { file, system, reviewer, as_of, due, stale_days } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let input = CampaignInput {
                system_id: system_id(&wb, system)?,
                reviewer_id: reviewer.as_deref().map(|r| person_id(&wb, r)).transpose()?,
                as_of: as_of.unwrap_or_else(today),
                due: *due,
                stale_days: *stale_days,
            };
            let id = wb.write(actor, |w| access::create(w, &input))?;
            outln!("Started access review {id}");
            wb.close()?;
        }
        AccessCommand::Import { file, system, campaign, input, preset, map, dry_run } => {
            let bytes = read_input(input)?;
            let preset = match preset.as_str() {
                "auto" => None,
                p => Some(Preset::from_cli(p).ok_or_else(|| invalid(format!("Unknown preset {p}.")))?),
            };
            let mapping = mapping_from_args(map)?;
            let mut wb = Workbook::open(file, pass, if *dry_run { Access::ReadOnly } else { Access::ReadWrite })?;
            let existing = match (campaign, system) {
                (Some(c), _) => Some(campaign_id(&wb, c)?),
                (None, Some(s)) => open_campaign_for(&wb, s)?,
                (None, None) => return Err(invalid("Give --system or --campaign.".to_owned())),
            };
            let read = |conn: &rusqlite::Connection, id: &str| {
                read_and_report(conn, id, &bytes, preset, mapping.as_ref(), input)
            };
            if *dry_run {
                let id = existing.ok_or_else(|| {
                    invalid(
                        "The system has no open review to preview into: start one with `readiness access new`.".into(),
                    )
                })?;
                read(wb.conn(), &id)?;
                outln!("Nothing was imported (dry run).");
                return Ok(Outcome::Done);
            }
            let name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let new_for = system.as_deref().map(|s| system_id(&wb, s)).transpose()?;
            // A new review and its accounts are one transaction: a refused file leaves
            // no empty review behind.
            let (id, summary) = wb.write(actor, |w| -> Result<_, CliError> {
                let id = match (existing, new_for) {
                    (Some(id), _) => id,
                    (None, Some(system_id)) => access::create(
                        w,
                        &CampaignInput { system_id, reviewer_id: None, as_of: today(), due: None, stale_days: 90 },
                    )?,
                    (None, None) => return Err(invalid("Give --system or --campaign.".to_owned())),
                };
                let parsed = read(w.sql(), &id)?;
                let summary = access::import(w, &id, &parsed, &name)?;
                Ok((id, summary))
            })?;
            outln!(
                "Imported {} accounts into review {}: {} matched to people, {} flagged.",
                summary.accounts,
                &id[..8],
                summary.matched,
                summary.flagged
            );
            let unowned = access::links::unowned(wb.conn(), &id)?;
            if unowned.people + unowned.machines.len() as u32 > 0 {
                let machines = unowned.machines.len();
                outln!(
                    "  Not matched: {} unknown {}, {machines} unlabelled machine account{}.",
                    unowned.people,
                    if unowned.people == 1 { "person" } else { "people" },
                    if machines == 1 { "" } else { "s" },
                );
                if machines > 0 {
                    outln!(
                        "  Label the machines in one go: readiness access link FILE --campaign {} --machines --label service",
                        &id[..8]
                    );
                }
            }
            wb.close()?;
        }
        AccessCommand::Accounts { file, campaign, flag: f, undecided, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let id = campaign_id(&wb, campaign)?;
            let filter = AccountFilter {
                flag: f.as_deref().map(flag).transpose()?,
                decision: undecided.then_some(DecisionFilter::Undecided),
                ..AccountFilter::default()
            };
            let rows = access::all_accounts(wb.conn(), &id, &filter)?;
            if *json {
                print_json(&rows)?;
            } else {
                for r in rows {
                    let flags: Vec<&str> = r.flags.iter().map(|f| f.flag.label()).collect();
                    outln!(
                        "{:<32} {:<24} {:<14} {:<10} {:<40} {}",
                        r.identity,
                        r.person_name.unwrap_or_else(|| "-".into()),
                        r.matched_by.map(|m| m.label()).unwrap_or("-"),
                        r.decision.map(|d| d.label()).unwrap_or("-"),
                        flags.join(", "),
                        r.reason
                    );
                }
            }
        }
        AccessCommand::Decide { file, campaign, decision, reason, accounts, flag: f, undecided } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let id = campaign_id(&wb, campaign)?;
            let decision = Decision::parse(decision.trim())
                .ok_or_else(|| invalid(format!("Unknown decision {decision}: use keep, revoke or change.")))?;
            let input = DecisionInput { decision, reason: reason.clone() };
            let by = actor.as_str().to_owned();
            let n = if accounts.is_empty() {
                if f.is_none() && !undecided {
                    return Err(invalid(
                        "Name accounts with --account, or pick them with --flag or --undecided.".into(),
                    ));
                }
                let filter = AccountFilter {
                    flag: f.as_deref().map(flag).transpose()?,
                    decision: undecided.then_some(DecisionFilter::Undecided),
                    ..AccountFilter::default()
                };
                wb.write(actor, |w| access::decide_filtered(w, &id, &filter, &input, &by, today()))?
            } else {
                let ids = accounts.iter().map(|a| account_id(&wb, &id, a)).collect::<Result<Vec<_>, _>>()?;
                wb.write(actor, |w| access::decide(w, &ids, &input, &by, today()))?
            };
            outln!("Decided {n} account{}: {}.", if n == 1 { "" } else { "s" }, decision.label());
            wb.close()?;
        }
        AccessCommand::Label { file, campaign, account, label } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let id = campaign_id(&wb, campaign)?;
            let account = account_id(&wb, &id, account)?;
            let label = match label.trim() {
                "" | "none" => None,
                l => Some(AccountLabel::parse(l).ok_or_else(|| {
                    invalid(format!("Unknown label {l}: use service, shared, external, unknown or none."))
                })?),
            };
            wb.write(actor, |w| access::set_label(w, &account, label))?;
            outln!("Labelled.");
            wb.close()?;
        }
        AccessCommand::Link { file, campaign, accounts, machines, person, label } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let id = campaign_id(&wb, campaign)?;
            let target = match (person, label) {
                (Some(p), _) => LinkTarget::Person(person_id(&wb, p)?),
                (None, Some(l)) => LinkTarget::Label(
                    AccountLabel::parse(l.trim())
                        .filter(|l| *l != AccountLabel::Unknown)
                        .ok_or_else(|| invalid(format!("Unknown label {l}: use service, shared or external.")))?,
                ),
                (None, None) => return Err(invalid("Give --person EMAIL or --label service|shared.".into())),
            };
            let mut ids = accounts.iter().map(|a| account_id(&wb, &id, a)).collect::<Result<Vec<_>, _>>()?;
            if *machines {
                ids.extend(access::links::unowned(wb.conn(), &id)?.machines);
            }
            let n = wb.write(actor, |w| access::link(w, &id, &ids, &target))?;
            let what = match &target {
                LinkTarget::Person(p) => {
                    readiness_core::people::get(wb.conn(), p)?.map(|p| format!("to {}", p.name)).unwrap_or_default()
                }
                LinkTarget::Label(l) => format!("as {}", l.label().to_lowercase()),
            };
            outln!(
                "Linked {n} account{} {what}; the next review of this system applies {}.",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            );
            wb.close()?;
        }
        AccessCommand::Remediate { file, campaign, account, ticket, done } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let id = campaign_id(&wb, campaign)?;
            let account = account_id(&wb, &id, account)?;
            wb.write(actor, |w| access::update_remediation(w, &account, ticket, *done))?;
            outln!("Remediation updated.");
            wb.close()?;
        }
        AccessCommand::Signoff { file, campaign, name, date, note } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let id = campaign_id(&wb, campaign)?;
            let c = access::get(wb.conn(), &id, today())?.ok_or_else(|| invalid("That review is gone.".into()))?;
            let name = name.clone().or(c.reviewer_name).unwrap_or_default();
            wb.write(actor, |w| access::sign_off(w, &id, &name, date.unwrap_or_else(today), note))?;
            outln!("Signed off the {} review as {name}. It can no longer change.", c.system_name);
            wb.close()?;
        }
        AccessCommand::Export { file, campaign, output } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let id = campaign_id(&wb, campaign)?;
            let bytes = access::export::export_csv(wb.conn(), &id)?;
            readiness_core::files::write_new_file(output, &bytes)?;
            outln!("Wrote the review to {}", output.display());
        }
    }
    Ok(Outcome::Done)
}

/// The system's review still open for a new list (not signed off, nothing decided).
fn open_campaign_for(wb: &Workbook, system: &str) -> Result<Option<String>, CliError> {
    let sys = system_id(wb, system)?;
    Ok(access::list(wb.conn(), today())?
        .into_iter()
        .find(|c| {
            c.system_id == sys
                && c.status != CampaignStatus::SignedOff
                && c.counts.keep + c.counts.revoke + c.counts.change == 0
        })
        .map(|c| c.id))
}

/// Reads the export for a review, prints the preview, and refuses (problems on stderr)
/// when the file has any.
fn read_and_report(
    conn: &rusqlite::Connection,
    id: &str,
    bytes: &[u8],
    preset: Option<Preset>,
    mapping: Option<&Mapping>,
    input: &std::path::Path,
) -> Result<access::AccountFile, CliError> {
    let (parsed, remembered) = access::read_for_campaign(conn, id, bytes, preset, mapping).map_err(access_err)?;
    let preview = access::preview(conn, id, &parsed, remembered)?;
    outln!(
        "{} ({}): {} accounts, {} matched to people, {} problems",
        preview.preset.label(),
        if remembered { "mapping remembered for this system" } else { "detected from the header" },
        preview.rows,
        preview.matched,
        preview.problem_count
    );
    for f in preview.by_flag.iter().filter(|f| f.count > 0) {
        outln!("  {:<22} {}", f.flag.map(|f| f.label()).unwrap_or(""), f.count);
    }
    if parsed.is_clean() {
        return Ok(parsed);
    }
    for p in &preview.problems {
        if p.line == 0 {
            eprintln!("{}", p.message);
        } else {
            eprintln!("line {}, column \"{}\": {}", p.line, p.column, p.message);
        }
    }
    Err(invalid(format!(
        "Nothing was imported: {} problem{} in {}.",
        preview.problem_count,
        if preview.problem_count == 1 { "" } else { "s" },
        input.display()
    )))
}

fn access_err(e: access::AccessError) -> CliError {
    match e {
        access::AccessError::Workbook(w) => CliError::Workbook(w),
        access::AccessError::File(f) => invalid(f.to_string()),
    }
}

//! `readiness people`: the roster and its roles. People are named by email address,
//! the key access reviews match accounts on.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{ArgGroup, Subcommand};
use readiness_core::passphrase::Passphrase;
use readiness_core::people::{self, AddOutcome, EmploymentStatus, PersonInput, Role, RoleChange, RowAction};
use readiness_core::workbook::{Access, Actor, Workbook};

use crate::import_io::read_input;
use crate::vocab::{self, date_or_none, person_by_email, OrNone};
use crate::{print_json, CliError, Outcome};

#[derive(Subcommand)]
pub enum PeopleCommand {
    /// List the roster.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Preview importing a roster CSV (an HR export); add --apply to import it.
    Import {
        file: PathBuf,
        /// The roster CSV, as exported from the HR tool.
        csv: PathBuf,
        /// Import the rows the preview accepts, in one transaction.
        #[arg(long)]
        apply: bool,
        #[arg(long)]
        json: bool,
    },
    /// Add someone to the roster. Adding the same person again (same email, same
    /// details) changes nothing; the same email with other details is refused.
    Add {
        file: PathBuf,
        /// Their full name.
        #[arg(long)]
        name: String,
        /// Their work email address: the key access reviews match accounts on.
        #[arg(long)]
        email: String,
        /// Their job title.
        #[arg(long, default_value = "")]
        title: String,
        /// Their department or team.
        #[arg(long, default_value = "")]
        department: String,
        /// Where they stand with the company.
        #[arg(long, value_parser = vocab::status(), default_value = "active")]
        status: EmploymentStatus,
        /// Their first day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        start: Option<NaiveDate>,
        /// Their last day, YYYY-MM-DD (people who left stay on the roster).
        #[arg(long, value_name = "YYYY-MM-DD")]
        end: Option<NaiveDate>,
        /// Roles they hold, comma-separated.
        #[arg(long, value_parser = vocab::role(), value_delimiter = ',')]
        roles: Vec<Role>,
    },
    /// Change someone's details; what is not given stays as it is.
    Set {
        file: PathBuf,
        /// Their email address on the roster.
        email: String,
        /// A new full name.
        #[arg(long)]
        name: Option<String>,
        /// A new email address.
        #[arg(long, value_name = "EMAIL")]
        new_email: Option<String>,
        /// A new job title.
        #[arg(long)]
        title: Option<String>,
        /// A new department.
        #[arg(long)]
        department: Option<String>,
        /// Where they now stand with the company.
        #[arg(long, value_parser = vocab::status())]
        status: Option<EmploymentStatus>,
        /// Their first day, YYYY-MM-DD, or none.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_or_none)]
        start: Option<OrNone<NaiveDate>>,
        /// Their last day, YYYY-MM-DD, or none.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_or_none)]
        end: Option<OrNone<NaiveDate>>,
    },
    /// Remove someone entered by mistake (mark leavers --status left instead, so access
    /// reviews still catch their accounts). Refused while they own or sign anything.
    Remove {
        file: PathBuf,
        /// Their email address on the roster.
        email: String,
        /// Say whether they could be removed, without removing them.
        #[arg(long)]
        dry_run: bool,
    },
    /// Give or take roles: --set replaces them, --add and --remove change some.
    #[command(group(ArgGroup::new("change").required(true).args(["set", "add", "remove"])))]
    Roles {
        file: PathBuf,
        /// Their email address on the roster.
        email: String,
        /// Exactly these roles, comma-separated.
        #[arg(long, value_parser = vocab::role(), value_delimiter = ',', value_name = "ROLE,ROLE")]
        set: Option<Vec<Role>>,
        /// These roles as well, comma-separated.
        #[arg(long, value_parser = vocab::role(), value_delimiter = ',', value_name = "ROLE,ROLE")]
        add: Option<Vec<Role>>,
        /// Take these roles away, comma-separated.
        #[arg(long, value_parser = vocab::role(), value_delimiter = ',', value_name = "ROLE,ROLE")]
        remove: Option<Vec<Role>>,
    },
}

pub fn run(cmd: &PeopleCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        PeopleCommand::List { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let list = people::list(&wb)?;
            if *json {
                print_json(&list)?;
            } else {
                for p in list {
                    let roles: Vec<&str> = p.roles.iter().map(|r| r.as_str()).collect();
                    outln!(
                        "{:<24} {:<32} {:<11} {:<24} {}",
                        p.name,
                        p.email,
                        p.status.label(),
                        p.title,
                        roles.join(",")
                    );
                }
            }
        }
        PeopleCommand::Import { file, csv, apply, json } => return import(file, csv, *apply, *json, pass, actor),
        PeopleCommand::Add { file, name, email, title, department, status, start, end, roles } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let input = PersonInput {
                name: name.clone(),
                email: email.clone(),
                title: title.clone(),
                department: department.clone(),
                status: Some(*status),
                start_date: *start,
                end_date: *end,
                roles: roles.clone(),
            };
            match wb.write(actor, |w| people::add(w, &input))? {
                AddOutcome::Added(_) => outln!("Added {} <{}> to the roster.", name.trim(), email.trim()),
                AddOutcome::AlreadyThere(_) => {
                    outln!("{} <{}> is already on the roster; nothing changed.", name.trim(), email.trim())
                }
            }
            wb.close()?;
        }
        PeopleCommand::Set { file, email, name, new_email, title, department, status, start, end } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let person = person_by_email(wb.conn(), email)?;
            let mut input = people::input_of(&person);
            let before = input.clone();
            for (field, value) in [
                (&mut input.name, name),
                (&mut input.email, new_email),
                (&mut input.title, title),
                (&mut input.department, department),
            ] {
                if let Some(v) = value {
                    *field = v.trim().to_owned();
                }
            }
            if let Some(s) = status {
                input.status = Some(*s);
            }
            if let Some(OrNone(d)) = start {
                input.start_date = *d;
            }
            if let Some(OrNone(d)) = end {
                input.end_date = *d;
            }
            if input == before {
                outln!("{} already has those details; nothing changed.", person.name);
            } else {
                wb.write(actor, |w| people::update(w, &person.id, &input))?;
                outln!("Saved {} <{}>.", input.name, input.email.to_lowercase());
            }
            wb.close()?;
        }
        PeopleCommand::Remove { file, email, dry_run } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let person = person_by_email(wb.conn(), email)?;
            if *dry_run {
                // The real removal in a transaction that is always rolled back: the
                // same checks, nothing kept.
                wb.dry_run(actor, |w| people::delete(w, &person.id))?;
                outln!("{} could be removed. Nothing was changed (--dry-run).", person.name);
            } else {
                wb.write(actor, |w| people::delete(w, &person.id))?;
                outln!("Removed {} <{}> from the roster.", person.name, person.email);
            }
            wb.close()?;
        }
        PeopleCommand::Roles { file, email, set, add, remove } => {
            let change = match (set, add, remove) {
                (Some(r), _, _) => RoleChange::Set(r.clone()),
                (_, Some(r), _) => RoleChange::Add(r.clone()),
                (_, _, Some(r)) => RoleChange::Remove(r.clone()),
                // clap's required group guarantees one of the three.
                (None, None, None) => return Ok(Outcome::Done),
            };
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let person = person_by_email(wb.conn(), email)?;
            let roles = wb.write(actor, |w| people::change_roles(w, &person.id, &change))?;
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            outln!(
                "{} now holds: {}",
                person.name,
                if names.is_empty() { "no roles".to_owned() } else { names.join(", ") }
            );
            wb.close()?;
        }
    }
    Ok(Outcome::Done)
}

fn import(
    file: &std::path::Path,
    csv: &std::path::Path,
    apply: bool,
    json: bool,
    pass: &Passphrase,
    actor: &Actor,
) -> Result<Outcome, CliError> {
    let bytes = read_input(csv)?;
    let roster = readiness_core::import::roster::parse_roster(&bytes, crate::today())?;
    let mut wb = Workbook::open(file, pass, if apply { Access::ReadWrite } else { Access::ReadOnly })?;
    let preview = people::preview_roster(wb.conn(), &roster)?;
    if json && !apply {
        print_json(&preview)?;
    } else if !json {
        for r in &preview.rows {
            let what = match r.action {
                RowAction::Add => "add",
                RowAction::Update => "update",
                RowAction::Unchanged => "same",
                RowAction::Skip => "SKIP",
            };
            let extra = if r.problems.is_empty() { r.changes.join(", ") } else { r.problems.join(" ") };
            outln!("line {:>4}  {:<6} {:<24} {:<32} {}", r.line, what, r.name, r.email, extra);
        }
        outln!(
            "{} to add, {} to update, {} unchanged, {} skipped",
            preview.to_add,
            preview.to_update,
            preview.unchanged,
            preview.skipped
        );
    }
    if apply {
        let result = wb.write(actor, |w| people::apply_roster(w, &roster))?;
        if json {
            print_json(&result)?;
        } else {
            outln!("Imported: {} added, {} updated.", result.added, result.updated);
        }
        wb.close()?;
    } else if !json {
        outln!("Nothing was imported. Run again with --apply to import.");
    }
    Ok(Outcome::Done)
}

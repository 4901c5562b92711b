//! `readiness systems`: the systems inventory. Systems are named by name, compared
//! ignoring case and spacing (the core's `systems::name_key`).

use std::path::PathBuf;

use clap::{ArgGroup, Subcommand};
use readiness_core::passphrase::Passphrase;
use readiness_core::systems::{
    self, csv as system_csv, AddOutcome, DataClassification, System, SystemInput, SystemKind,
};
use readiness_core::workbook::{Access, Actor, Workbook};

use crate::import_io::{print_preview_row, read_input};
use crate::vocab::{self, invalid, person_by_email};
use crate::{print_json, CliError, Outcome};

#[derive(Subcommand)]
pub enum SystemsCommand {
    /// List the systems inventory.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Add a system. Adding the same system again (same name, same details) changes
    /// nothing; a name that differs only in case or spacing is refused as a duplicate.
    Add {
        file: PathBuf,
        /// The system's name, e.g. "AWS production account".
        #[arg(long)]
        name: String,
        /// What kind of system it is.
        #[arg(long, value_parser = vocab::kind())]
        kind: SystemKind,
        /// Its owner's email address on the roster.
        #[arg(long, value_name = "EMAIL")]
        owner: Option<String>,
        /// Who hosts or provides it, e.g. "Amazon Web Services".
        #[arg(long, default_value = "")]
        hosting: String,
        /// The most sensitive data it holds.
        #[arg(long, value_parser = vocab::classification(), default_value = "internal")]
        classification: DataClassification,
        /// It stores or processes customer data.
        #[arg(long)]
        customer_data: bool,
        /// Leave it out of the audit's scope, for this reason.
        #[arg(long, value_name = "REASON")]
        out_of_scope: Option<String>,
        /// A sentence on what it does.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Change a system; what is not given stays as it is.
    #[command(group(ArgGroup::new("scope").args(["in_scope", "out_of_scope"])))]
    Set {
        file: PathBuf,
        /// The system's name in the inventory.
        system: String,
        /// A new name.
        #[arg(long)]
        name: Option<String>,
        /// What kind of system it is.
        #[arg(long, value_parser = vocab::kind())]
        kind: Option<SystemKind>,
        /// Its owner's email address on the roster, or none.
        #[arg(long, value_name = "EMAIL")]
        owner: Option<String>,
        /// Who hosts or provides it.
        #[arg(long)]
        hosting: Option<String>,
        /// The most sensitive data it holds.
        #[arg(long, value_parser = vocab::classification())]
        classification: Option<DataClassification>,
        /// Whether it stores or processes customer data.
        #[arg(long, value_parser = vocab::yes_no(), value_name = "yes|no")]
        customer_data: Option<bool>,
        /// Bring it into the audit's scope.
        #[arg(long)]
        in_scope: bool,
        /// Leave it out of the audit's scope, for this reason.
        #[arg(long, value_name = "REASON")]
        out_of_scope: Option<String>,
        /// A sentence on what it does.
        #[arg(long)]
        description: Option<String>,
    },
    /// Remove a system entered by mistake. Refused while vendors, risks or access
    /// reviews refer to it (mark it out of scope instead).
    Remove {
        file: PathBuf,
        /// The system's name in the inventory.
        system: String,
        /// Say whether it could be removed, without removing it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Import systems from CSV (header: name,kind,description,owner_email,hosting,
    /// classification,customer_data,out_of_scope_reason; name and kind required).
    /// Systems of the same name are updated. Refused, with the lines, while any line
    /// has a problem.
    Import {
        file: PathBuf,
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
}

fn system_by_name(wb: &Workbook, name: &str) -> Result<System, CliError> {
    systems::find_by_name(wb.conn(), name)?.ok_or_else(|| {
        invalid(format!("The systems inventory has no system called {}: see `readiness systems list`.", name.trim()))
    })
}

fn scope_of(out_of_scope: &Option<String>) -> (bool, String) {
    match out_of_scope {
        Some(reason) => (false, reason.trim().to_owned()),
        None => (true, String::new()),
    }
}

pub fn run(cmd: &SystemsCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        SystemsCommand::List { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let list = systems::list(&wb)?;
            if *json {
                print_json(&list)?;
            } else {
                for s in list {
                    let scope = if s.in_scope { "in".to_owned() } else { format!("out: {}", s.scope_reason) };
                    outln!("{:<28} {:<15} {:<20} {}", s.name, s.kind.as_str(), s.owner_name.unwrap_or_default(), scope);
                }
            }
        }
        SystemsCommand::Add {
            file,
            name,
            kind,
            owner,
            hosting,
            classification,
            customer_data,
            out_of_scope,
            description,
        } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let owner_id = owner.as_deref().map(|e| person_by_email(wb.conn(), e)).transpose()?.map(|p| p.id);
            let (in_scope, scope_reason) = scope_of(out_of_scope);
            let input = SystemInput {
                name: name.clone(),
                kind: *kind,
                description: description.clone(),
                owner_id,
                hosting: hosting.clone(),
                data_classification: *classification,
                in_scope,
                scope_reason,
                holds_customer_data: *customer_data,
            };
            match wb.write(actor, |w| systems::add(w, &input))? {
                AddOutcome::Added(_) => outln!("Added {} to the systems inventory.", name.trim()),
                AddOutcome::AlreadyThere(_) => outln!("{} is already in the inventory; nothing changed.", name.trim()),
            }
            wb.close()?;
        }
        SystemsCommand::Set {
            file,
            system,
            name,
            kind,
            owner,
            hosting,
            classification,
            customer_data,
            in_scope,
            out_of_scope,
            description,
        } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let current = system_by_name(&wb, system)?;
            let mut input = systems::input_of(&current);
            let before = input.clone();
            if let Some(n) = name {
                input.name = n.clone();
            }
            if let Some(k) = kind {
                input.kind = *k;
            }
            if let Some(o) = owner {
                input.owner_id =
                    if o.trim().eq_ignore_ascii_case("none") { None } else { Some(person_by_email(wb.conn(), o)?.id) };
            }
            if let Some(h) = hosting {
                input.hosting = h.clone();
            }
            if let Some(c) = classification {
                input.data_classification = *c;
            }
            if let Some(c) = customer_data {
                input.holds_customer_data = *c;
            }
            if *in_scope || out_of_scope.is_some() {
                (input.in_scope, input.scope_reason) = scope_of(out_of_scope);
            }
            if let Some(d) = description {
                input.description = d.clone();
            }
            if input == before {
                outln!("{} already has those details; nothing changed.", current.name);
            } else {
                wb.write(actor, |w| systems::update(w, &current.id, &input))?;
                outln!("Saved {}.", input.name.trim());
            }
            wb.close()?;
        }
        SystemsCommand::Remove { file, system, dry_run } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let current = system_by_name(&wb, system)?;
            if *dry_run {
                wb.dry_run(actor, |w| systems::delete(w, &current.id))?;
                outln!("{} could be removed. Nothing was changed (--dry-run).", current.name);
            } else {
                wb.write(actor, |w| systems::delete(w, &current.id))?;
                outln!("Removed {} from the systems inventory.", current.name);
            }
            wb.close()?;
        }
        SystemsCommand::Import { file, input, dry_run } => {
            let bytes = read_input(input)?;
            let parsed = system_csv::parse_systems(&bytes)?;
            let mut wb = Workbook::open(file, pass, if *dry_run { Access::ReadOnly } else { Access::ReadWrite })?;
            if *dry_run {
                let preview = system_csv::preview(wb.conn(), &parsed)?;
                for r in &preview.rows {
                    print_preview_row(r.line, r.action, &r.name, &r.problems);
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
            let result = wb.write(actor, |w| system_csv::apply(w, &parsed))?;
            outln!("Imported systems: {} added, {} updated.", result.added, result.updated);
            wb.close()?;
        }
    }
    Ok(Outcome::Done)
}

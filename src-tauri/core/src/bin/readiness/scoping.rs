//! `readiness criteria|scope|people|systems`: scoping from the command line.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use readiness_core::catalog::Category;
use readiness_core::passphrase::Passphrase;
use readiness_core::people::{self, RowAction};
use readiness_core::scope::{self, criteria as scope_criteria};
use readiness_core::systems;
use readiness_core::workbook::{Access, Actor, Workbook, WorkbookError};

use crate::import_io::read_input;
use crate::{print_json, CliError, Outcome};

#[derive(Subcommand)]
pub enum CriteriaCommand {
    /// List all 61 criteria with their category and whether they are in scope.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Only the criteria in scope.
        #[arg(long)]
        in_scope: bool,
    },
}

#[derive(Subcommand)]
pub enum ScopeCommand {
    /// Show the report type, date, categories and counts.
    Show {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Change the scope. Security is always in scope and need not be listed.
    Set {
        file: PathBuf,
        /// Categories in scope, comma-separated: availability, confidentiality,
        /// processing_integrity, privacy (security is implied). Others go out of scope.
        #[arg(long, value_delimiter = ',')]
        categories: Option<Vec<String>>,
        /// The Type I "as of" date, YYYY-MM-DD.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// What the report calls the system.
        #[arg(long)]
        system_name: Option<String>,
    },
}

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
        csv: PathBuf,
        /// Import the rows the preview accepts, in one transaction.
        #[arg(long)]
        apply: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum SystemsCommand {
    /// List the systems inventory.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(serde::Serialize)]
struct CriterionLine<'a> {
    id: &'a str,
    category: Category,
    title: &'a str,
    in_scope: bool,
    /// By the one rule in `readiness_core::readiness`; null when out of scope.
    readiness: Option<readiness_core::readiness::CriterionReadiness>,
    /// Share of its key work done, 0 to 100.
    percent: u8,
}

pub fn criteria(cmd: &CriteriaCommand, pass: &Passphrase) -> Result<Outcome, CliError> {
    let CriteriaCommand::List { file, json, in_scope } = cmd;
    let wb = Workbook::open(file, pass, Access::ReadOnly)?;
    let all = scope_criteria::list(&wb, crate::today())?;
    let shown: Vec<_> = all.iter().filter(|c| !*in_scope || c.in_scope).collect();
    if *json {
        let lines: Vec<CriterionLine<'_>> = shown
            .iter()
            .map(|c| CriterionLine {
                id: &c.id,
                category: c.category,
                title: &c.title,
                in_scope: c.in_scope,
                readiness: c.readiness,
                percent: c.percent,
            })
            .collect();
        print_json(&lines)?;
    } else {
        for c in shown {
            outln!(
                "{:<7} {:<3} {:<21} {:<22} {}",
                c.id,
                if c.in_scope { "in" } else { "out" },
                c.category.name(),
                c.readiness.map(|r| format!("{} ({}%)", r.label(), c.percent)).unwrap_or_default(),
                c.title
            );
        }
    }
    Ok(Outcome::Done)
}

pub fn scope(cmd: &ScopeCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        ScopeCommand::Show { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let o = scope::overview(&wb)?;
            if *json {
                print_json(&o)?;
            } else {
                outln!("{}", o.scope.report_type.label());
                match o.scope.as_of_date {
                    Some(d) => outln!("As of:    {d}"),
                    None => outln!("As of:    (not set)"),
                }
                if !o.scope.system_name.is_empty() {
                    outln!("System:   {}", o.scope.system_name);
                }
                outln!("Criteria in scope: {}", o.criteria_in_scope);
                outln!("Systems: {} in scope, {} out of scope", o.systems_in_scope, o.systems_out_of_scope);
                for c in &o.categories {
                    outln!("  [{}] {:<21} {}", if c.in_scope { "x" } else { " " }, c.name, c.rationale);
                }
            }
        }
        ScopeCommand::Set { file, categories, as_of, system_name } => {
            let wanted: Option<Vec<Category>> = categories
                .as_ref()
                .map(|list| {
                    list.iter()
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .map(|s| {
                            Category::parse(&s.to_lowercase().replace([' ', '-'], "_")).ok_or_else(|| {
                                WorkbookError::Invalid(format!(
                                    "Unknown category \u{201c}{s}\u{201d}. Use security, availability, confidentiality, processing_integrity or privacy."
                                ))
                            })
                        })
                        .collect::<Result<_, _>>()
                })
                .transpose()?;
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let mut current = scope::get(&wb)?;
            let before = scope::categories(&wb)?;
            wb.write(actor, |w| -> Result<(), WorkbookError> {
                if as_of.is_some() || system_name.is_some() {
                    if let Some(d) = as_of {
                        current.as_of_date = Some(*d);
                    }
                    if let Some(n) = system_name {
                        current.system_name = n.clone();
                    }
                    scope::update(w, &current)?;
                }
                if let Some(wanted) = &wanted {
                    for c in &before {
                        let on = c.always_in_scope || wanted.contains(&c.category);
                        if on != c.in_scope {
                            scope::set_category(w, c.category, on, &c.rationale)?;
                        }
                    }
                }
                Ok(())
            })?;
            let in_scope = scope::in_scope_categories(&wb)?;
            outln!("Scope saved: {}", in_scope.iter().map(|c| c.name()).collect::<Vec<_>>().join(", "));
            wb.close()?;
        }
    }
    Ok(Outcome::Done)
}

pub fn people(cmd: &PeopleCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        PeopleCommand::List { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let list = people::list(&wb)?;
            if *json {
                print_json(&list)?;
            } else {
                for p in list {
                    outln!("{:<24} {:<32} {:<11} {}", p.name, p.email, p.status.label(), p.title);
                }
            }
        }
        PeopleCommand::Import { file, csv, apply, json } => {
            let bytes = read_input(csv)?;
            let today = crate::today();
            let roster = readiness_core::import::roster::parse_roster(&bytes, today)?;
            let mut wb = Workbook::open(file, pass, if *apply { Access::ReadWrite } else { Access::ReadOnly })?;
            let preview = people::preview_roster(wb.conn(), &roster)?;
            if *json && !*apply {
                print_json(&preview)?;
            } else if !*json {
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
            if *apply {
                let result = wb.write(actor, |w| people::apply_roster(w, &roster))?;
                if *json {
                    print_json(&result)?;
                } else {
                    outln!("Imported: {} added, {} updated.", result.added, result.updated);
                }
                wb.close()?;
            } else if !*json {
                outln!("Nothing was imported. Run again with --apply to import.");
            }
        }
    }
    Ok(Outcome::Done)
}

pub fn systems(cmd: &SystemsCommand, pass: &Passphrase) -> Result<Outcome, CliError> {
    let SystemsCommand::List { file, json } = cmd;
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
    Ok(Outcome::Done)
}

//! `readiness criteria|scope`: scoping from the command line (people and systems have
//! their own modules).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use readiness_core::catalog::Category;
use readiness_core::passphrase::Passphrase;
use readiness_core::scope::{self, criteria as scope_criteria};
use readiness_core::workbook::{Access, Actor, Workbook, WorkbookError};

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
        /// The Type I "as of" date, YYYY-MM-DD; every figure is judged against it.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Remove the as-of date: figures are then judged against today.
        #[arg(long, conflicts_with = "as_of")]
        no_as_of: bool,
        /// What the report calls the system.
        #[arg(long)]
        system_name: Option<String>,
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
        ScopeCommand::Set { file, categories, as_of, no_as_of, system_name } => {
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
            let before_scope = current.clone();
            if let Some(d) = as_of {
                current.as_of_date = Some(*d);
            }
            if *no_as_of {
                current.as_of_date = None;
            }
            if let Some(n) = system_name {
                current.system_name = n.trim().to_owned();
            }
            // Only what changes is written, so running the same command twice leaves the
            // change log as it was.
            wb.write(actor, |w| -> Result<(), WorkbookError> {
                if current != before_scope {
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

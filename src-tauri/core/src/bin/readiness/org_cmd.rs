//! `readiness org show|set`: the organisation profile that policies and the system
//! description are filled from.

use std::path::PathBuf;

use clap::Subcommand;
use readiness_core::organization::{self, Organization};
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{Access, Actor, Workbook};

use crate::vocab::{date_or_none, OrNone};
use crate::{print_json, CliError, Outcome};

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Show the organisation profile.
    Show {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Change the organisation profile; fields not given stay as they are. Repeating
    /// the same command changes nothing.
    Set {
        file: PathBuf,
        /// The company's legal name, as the report will print it.
        #[arg(long, value_name = "TEXT")]
        legal_name: Option<String>,
        /// What the company sells, in a phrase (fills {{org.product}} in policies).
        #[arg(long, value_name = "TEXT")]
        product: Option<String>,
        /// Where the company works from, e.g. "Remote; registered office in Austin, TX".
        #[arg(long, value_name = "TEXT")]
        locations: Option<String>,
        /// The audit firm, if chosen.
        #[arg(long, value_name = "TEXT")]
        auditor: Option<String>,
        /// Who to talk to at the audit firm.
        #[arg(long, value_name = "TEXT")]
        auditor_contact: Option<String>,
        /// When the audit is planned, YYYY-MM-DD, or none to clear it.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_or_none)]
        target_date: Option<OrNone<chrono::NaiveDate>>,
    },
}

pub fn run(cmd: &OrgCommand, pass: &Passphrase, actor: &Actor) -> Result<Outcome, CliError> {
    match cmd {
        OrgCommand::Show { file, json } => {
            let wb = Workbook::open(file, pass, Access::ReadOnly)?;
            let org = organization::get(&wb)?;
            if *json {
                print_json(&org)?;
            } else {
                print_org(&org);
            }
        }
        OrgCommand::Set { file, legal_name, product, locations, auditor, auditor_contact, target_date } => {
            let mut wb = Workbook::open(file, pass, Access::ReadWrite)?;
            let before = organization::get(&wb)?;
            let mut org = before.clone();
            let put = |field: &mut String, value: &Option<String>| {
                if let Some(v) = value {
                    *field = v.trim().to_owned();
                }
            };
            put(&mut org.legal_name, legal_name);
            put(&mut org.product, product);
            put(&mut org.locations, locations);
            put(&mut org.auditor_firm, auditor);
            put(&mut org.auditor_contact, auditor_contact);
            if let Some(OrNone(d)) = target_date {
                org.target_audit_date = *d;
            }
            if org == before {
                outln!("The organisation profile already says that; nothing changed.");
            } else {
                wb.write(actor, |w| organization::update(w, &org))?;
                outln!("Organisation profile saved.");
            }
            wb.close()?;
        }
    }
    Ok(Outcome::Done)
}

fn print_org(org: &Organization) {
    let or_unset = |s: &str| if s.is_empty() { "(not set)".to_owned() } else { s.to_owned() };
    outln!("Legal name:       {}", org.legal_name);
    outln!("Product:          {}", or_unset(&org.product));
    outln!("Locations:        {}", or_unset(&org.locations));
    outln!("Auditor:          {}", or_unset(&org.auditor_firm));
    outln!("Auditor contact:  {}", or_unset(&org.auditor_contact));
    outln!(
        "Target date:      {}",
        org.target_audit_date.map(|d| d.to_string()).unwrap_or_else(|| "(not set)".to_owned())
    );
}

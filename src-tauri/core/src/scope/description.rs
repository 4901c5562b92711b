//! The system description an auditor expects (the DC 200 topics): one editable body per
//! section, with our prompt and example, and a draft assembled from workbook data that
//! the user can take as a starting point.

use rusqlite::named_params;
use serde::Serialize;
use ts_rs::TS;

use super::CategoryScope;
use crate::catalog::criteria::DescriptionSectionEntry;
use crate::people::{self, EmploymentStatus};
use crate::systems::{self, SystemKind};
use crate::workbook::{Action, Entity, Workbook, WorkbookError, WriteTx};

#[derive(Debug, Clone, Serialize, TS)]
pub struct DescriptionSection {
    pub key: String,
    pub title: String,
    pub prompt: String,
    pub example: String,
    /// What the user wrote; empty until they save something.
    pub body: String,
    /// A starting text built from the workbook's own data.
    pub draft: String,
}

pub fn list(wb: &Workbook) -> Result<Vec<DescriptionSection>, WorkbookError> {
    let mut stmt = wb.conn().prepare("SELECT id, body FROM description_section")?;
    let bodies: std::collections::HashMap<String, String> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let facts = Facts::gather(wb)?;
    Ok(super::catalog()
        .description_sections
        .iter()
        .map(|s: &DescriptionSectionEntry| DescriptionSection {
            key: s.key.clone(),
            title: s.title.clone(),
            prompt: s.prompt.clone(),
            example: s.example.clone(),
            body: bodies.get(&s.key).cloned().unwrap_or_default(),
            draft: facts.draft(&s.key),
        })
        .collect())
}

/// The section keys in order: DC1 to DC9.
pub fn section_keys() -> Vec<&'static str> {
    super::catalog().description_sections.iter().map(|s| s.key.as_str()).collect()
}

/// Saves one section's text. The key is matched without regard to case ("dc3" is DC3);
/// an unknown key is refused with the list of sections.
pub fn save(w: &mut WriteTx<'_>, key: &str, body: &str) -> Result<(), WorkbookError> {
    let Some(key) = section_keys().into_iter().find(|k| k.eq_ignore_ascii_case(key.trim())) else {
        return Err(WorkbookError::Invalid(format!(
            "There is no system description section {key}. The sections are {}.",
            section_keys().join(", ")
        )));
    };
    let existed = w.exists(Entity::DescriptionSection, key)?;
    w.sql().execute(
        "INSERT INTO description_section (id, body) VALUES (:id, :body)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body",
        named_params! { ":id": key, ":body": body.trim_end() },
    )?;
    w.record(Entity::DescriptionSection, key, if existed { Action::Update } else { Action::Create })
}

/// What the drafts are made from, read once.
struct Facts {
    org: crate::organization::Organization,
    scope: super::Scope,
    categories: Vec<CategoryScope>,
    systems: Vec<systems::System>,
    headcount: usize,
    departments: Vec<String>,
    /// (name, service, how it is presented) for vendors marked as subservice organisations.
    subservice: Vec<(String, String, &'static str)>,
}

impl Facts {
    fn gather(wb: &Workbook) -> Result<Self, WorkbookError> {
        let people = people::list(wb)?;
        let current: Vec<_> = people.iter().filter(|p| p.status != EmploymentStatus::Left).collect();
        let mut departments: Vec<String> =
            current.iter().map(|p| p.department.clone()).filter(|d| !d.is_empty()).collect();
        departments.sort();
        departments.dedup();
        Ok(Self {
            org: crate::organization::get(wb)?,
            scope: super::get(wb)?,
            categories: super::categories(wb)?,
            systems: systems::list(wb)?,
            headcount: current.len(),
            departments,
            subservice: crate::vendors::list(wb.conn(), chrono::Local::now().date_naive())?
                .into_iter()
                .filter(|v| v.input.subservice != crate::vendors::Subservice::No)
                .map(|v| {
                    let method = match v.input.subservice {
                        crate::vendors::Subservice::Inclusive => "included in this report (inclusive method)",
                        _ => "carved out of this report; we rely on its own SOC 2 report",
                    };
                    (v.input.name, v.input.service, method)
                })
                .collect(),
        })
    }

    fn draft(&self, key: &str) -> String {
        let name = &self.org.legal_name;
        let system = if self.scope.system_name.is_empty() {
            format!("the {name} system")
        } else {
            self.scope.system_name.clone()
        };
        let in_scope: Vec<&str> = self.categories.iter().filter(|c| c.in_scope).map(|c| c.name.as_str()).collect();
        match key {
            "DC1" => {
                let product = if self.org.product.is_empty() { "[describe the product or service]".to_owned() } else { self.org.product.clone() };
                format!("{name} provides {product}. This description covers {system}.")
            }
            "DC2" => format!(
                "{name} commits to its customers to protect their data and the service in line with the {} criteria. [List the commitments made in contracts, the terms of service and service level agreements.]",
                join_and(&in_scope)
            ),
            "DC3" => {
                let mut out = format!("{system} is made up of the following components.\n");
                for kind in SystemKind::ALL {
                    let items: Vec<String> = self
                        .systems
                        .iter()
                        .filter(|s| s.in_scope && s.kind == kind)
                        .map(|s| {
                            // "GitHub (GitHub)" says nothing: name the host only when it adds something.
                            if s.hosting.is_empty() || s.hosting.eq_ignore_ascii_case(&s.name) {
                                s.name.clone()
                            } else {
                                format!("{} ({})", s.name, s.hosting)
                            }
                        })
                        .collect();
                    if !items.is_empty() {
                        out.push_str(&format!("\n{}: {}.", kind.plural_label(), items.join(", ")));
                    }
                }
                out.push_str(&format!(
                    "\n\nPeople: {} people{}.",
                    self.headcount,
                    if self.departments.is_empty() { String::new() } else { format!(" across {}", join_and(&self.departments.iter().map(String::as_str).collect::<Vec<_>>())) }
                ));
                out.push_str("\nProcedures and data: [describe the key procedures and the customer data the system processes].");
                out
            }
            "DC4" => match self.scope.as_of_date {
                Some(d) => format!("No significant incidents occurred up to {} that resulted from a control not being suitably designed. [Amend if this is not so.]", d.format("%-d %B %Y")),
                None => "[Set the as-of date, then state whether any significant incidents occurred up to it.]".to_owned(),
            },
            "DC5" => format!(
                "The report covers the {} categories of the Trust Services Criteria. [Describe the control environment, risk assessment, information and communication, monitoring and control activities.]",
                join_and(&in_scope)
            ),
            "DC6" => "Customers are expected to manage their own users' access to the service, to keep their credentials confidential and to tell us promptly of any suspected security incident. [Adjust to your terms.]".to_owned(),
            "DC7" if !self.subservice.is_empty() => {
                let mut out = format!("{system} relies on these subservice organisations:\n");
                for (name, service, method) in &self.subservice {
                    out.push_str(&format!("\n{name} ({service}): {method}."));
                }
                out.push_str("\n\n[List the complementary subservice organisation controls expected of each.]");
                out
            }
            "DC7" => {
                let hosts: Vec<&str> = {
                    let mut h: Vec<&str> = self.systems.iter().filter(|s| s.in_scope && !s.hosting.is_empty()).map(|s| s.hosting.as_str()).collect();
                    h.sort();
                    h.dedup();
                    h
                };
                if hosts.is_empty() {
                    "[Name the subservice organisations your system relies on, e.g. the cloud hosting provider, and whether they are carved out.]".to_owned()
                } else {
                    format!("{system} relies on {}, whose controls are carved out of this report. [Confirm the method and list the controls expected of each.]", join_and(&hosts))
                }
            }
            "DC8" => "All criteria in the in-scope categories are relevant to the system. [Name any criterion that is not, with the reason.]".to_owned(),
            "DC9" => "No significant changes affected the system or its controls. [Amend if this is not so.]".to_owned(),
            _ => String::new(),
        }
    }
}

pub(crate) fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// How many sections have a body, for the scope step's progress.
pub fn written_count(wb: &Workbook) -> Result<usize, WorkbookError> {
    let n: i64 =
        wb.conn().query_row("SELECT count(*) FROM description_section WHERE trim(body) <> ''", [], |r| r.get(0))?;
    Ok(n as usize)
}

#[cfg(test)]
mod tests {
    use super::join_and;

    #[test]
    fn lists_read_as_english() {
        assert_eq!(join_and(&[]), "");
        assert_eq!(join_and(&["Security"]), "Security");
        assert_eq!(join_and(&["Security", "Availability"]), "Security and Availability");
        assert_eq!(join_and(&["A", "B", "C"]), "A, B and C");
    }
}

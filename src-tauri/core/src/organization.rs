//! The organisation profile: who is being audited. One row per workbook.

use chrono::NaiveDate;
use rusqlite::{named_params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workbook::{Action, Entity, Workbook, WorkbookError, WriteTx};

/// The single organisation row's id.
const ORG_ID: &str = "org";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Organization {
    pub legal_name: String,
    pub product: String,
    pub locations: String,
    pub auditor_firm: String,
    pub auditor_contact: String,
    #[ts(type = "string | null")]
    pub target_audit_date: Option<NaiveDate>,
}

pub(crate) fn insert_initial(w: &mut WriteTx<'_>, legal_name: &str) -> Result<(), WorkbookError> {
    w.sql().execute(
        "INSERT INTO organization (id, legal_name) VALUES (:id, :name)",
        named_params! { ":id": ORG_ID, ":name": legal_name },
    )?;
    w.record(Entity::Organization, ORG_ID, Action::Create)
}

pub fn get(wb: &Workbook) -> Result<Organization, WorkbookError> {
    wb.conn()
        .query_row(
            "SELECT legal_name, product, locations, auditor_firm, auditor_contact, target_audit_date
             FROM organization WHERE id = :id",
            named_params! { ":id": ORG_ID },
            |r| {
                let date: Option<String> = r.get(5)?;
                Ok(Organization {
                    legal_name: r.get(0)?,
                    product: r.get(1)?,
                    locations: r.get(2)?,
                    auditor_firm: r.get(3)?,
                    auditor_contact: r.get(4)?,
                    target_audit_date: date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                })
            },
        )
        .optional()?
        .ok_or_else(|| WorkbookError::Invalid("The workbook has no organisation profile.".to_owned()))
}

pub fn update(w: &mut WriteTx<'_>, org: &Organization) -> Result<(), WorkbookError> {
    if org.legal_name.trim().is_empty() {
        return Err(WorkbookError::Invalid("The organisation's legal name cannot be empty.".to_owned()));
    }
    w.sql().execute(
        "UPDATE organization SET legal_name = :legal_name, product = :product, locations = :locations,
             auditor_firm = :auditor_firm, auditor_contact = :auditor_contact, target_audit_date = :date
         WHERE id = :id",
        named_params! {
            ":id": ORG_ID, ":legal_name": org.legal_name.trim(), ":product": org.product.trim(),
            ":locations": org.locations.trim(), ":auditor_firm": org.auditor_firm.trim(),
            ":auditor_contact": org.auditor_contact.trim(),
            ":date": org.target_audit_date.map(|d| d.format("%Y-%m-%d").to_string()),
        },
    )?;
    w.record(Entity::Organization, ORG_ID, Action::Update)
}

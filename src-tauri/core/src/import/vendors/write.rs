//! Writing the vendor inventory as CSV: the export a person edits in a spreadsheet.

use chrono::NaiveDate;

use super::{Column, HEADER};
use crate::vendors::{Tier, VendorInput};

/// One vendor to export, with its owner's email (the workbook stores an id).
#[derive(Debug, Clone, Copy)]
pub struct ExportRow<'a> {
    pub input: &'a VendorInput,
    pub owner_email: &'a str,
}

/// The export could not be produced. Writing to memory only fails on a bug, so the
/// message asks for a retry and keeps the cause for the log.
#[derive(Debug, thiserror::Error)]
#[error("The vendor list could not be written as CSV. Try the export again.")]
pub struct ExportError {
    #[source]
    source: csv::Error,
}

/// Writes [`HEADER`] and one line per vendor: words as their stored keys, dates as
/// YYYY-MM-DD, yes/no for booleans, and empty cells for missing values.
pub fn write_csv(rows: &[ExportRow<'_>]) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER).map_err(|source| ExportError { source })?;
    for row in rows {
        let cells = Column::ALL.map(|column| crate::import::table::csv_safe(&export_cell(row, column)));
        writer.write_record(&cells).map_err(|source| ExportError { source })?;
    }
    writer.into_inner().map_err(|e| ExportError { source: csv::Error::from(e.into_error()) })
}

fn export_cell(row: &ExportRow<'_>, column: Column) -> String {
    let v = row.input;
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let yes_no = |b: bool| String::from(if b { "yes" } else { "no" });
    match column {
        Column::Name => v.name.clone(),
        Column::Service => v.service.clone(),
        Column::Category => v.category.as_str().to_owned(),
        Column::OwnerEmail => row.owner_email.to_owned(),
        Column::Website => v.website.clone(),
        Column::DataClassification => v.data_classification.as_str().to_owned(),
        Column::CustomerData => yes_no(v.customer_data),
        Column::AccessLevel => v.access_level.as_str().to_owned(),
        Column::Criticality => v.criticality.as_str().to_owned(),
        Column::TierOverride => v.tier_override.map(Tier::as_str).unwrap_or_default().to_owned(),
        Column::TierOverrideReason => v.tier_override_reason.clone(),
        Column::ContractStart => date(v.contract_start),
        Column::ContractRenewal => date(v.contract_renewal),
        Column::Assurance => v.assurance.as_str().to_owned(),
        Column::ReportPeriodEnd => date(v.report_period_end),
        Column::ReportReceived => date(v.report_received),
        Column::BridgeLetter => yes_no(v.bridge_letter),
        Column::Opinion => v.opinion.as_str().to_owned(),
        Column::DpaSigned => date(v.dpa_signed),
        Column::QuestionnaireDate => date(v.questionnaire_date),
        Column::Subservice => v.subservice.as_str().to_owned(),
        Column::LastReview => date(v.last_review),
    }
}

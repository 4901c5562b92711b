//! What the binder's "Risk assessment" section prints, read in one go: the method and
//! scales, the appetite, both heat maps, the register with owners, systems, controls
//! and acceptances, and the sign-off. Plain data; the binder does the layout.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::model::{ControlLink, RiskStatus, Scales, Signoff};
use super::scoring::{Band, HeatMap};
use super::store;
use crate::workbook::{Workbook, WorkbookError};

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportScore {
    pub likelihood: u8,
    pub impact: u8,
    pub score: u8,
    pub band: Band,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportAcceptance {
    pub approver_name: String,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub reason: String,
}

/// One register row as the binder prints it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportRisk {
    /// The register id, as the heat maps' `risk_ids` name it.
    pub id: String,
    /// "R1", "R2"... in register order, so the heat maps can refer to rows.
    pub number: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub owner_name: Option<String>,
    pub systems: Vec<String>,
    pub inherent: ReportScore,
    pub residual: ReportScore,
    pub treatment: String,
    pub treatment_notes: String,
    pub status: String,
    #[ts(type = "string | null")]
    pub review_date: Option<NaiveDate>,
    pub controls: Vec<ControlLink>,
    pub acceptance: Option<ReportAcceptance>,
    pub above_appetite: bool,
    pub library_ref: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RiskAssessmentReport {
    pub scales: Scales,
    pub appetite: u8,
    /// Live (not closed) risks only.
    pub inherent: HeatMap,
    pub residual: HeatMap,
    /// Live risks, highest residual score first; closed risks are left out.
    pub risks: Vec<ReportRisk>,
    pub closed_count: u32,
    pub above_appetite: u32,
    pub accepted_count: u32,
    pub signoff: Option<Signoff>,
}

fn score(likelihood: u8, impact: u8) -> ReportScore {
    let s = super::scoring::score(likelihood, impact);
    ReportScore { likelihood, impact, score: s, band: Band::of(s) }
}

/// Everything the binder's risk section needs. `today` decides nothing printed except
/// which risks are live; pass the binder's generated-at date.
pub fn risk_assessment(wb: &Workbook, today: NaiveDate) -> Result<RiskAssessmentReport, WorkbookError> {
    let reg = store::register(wb.conn(), today)?;
    let live: Vec<_> = reg.risks.iter().filter(|r| r.input.status != RiskStatus::Closed).collect();
    let risks = live
        .iter()
        .enumerate()
        .map(|(n, r)| ReportRisk {
            id: r.id.clone(),
            number: format!("R{}", n + 1),
            title: r.input.title.clone(),
            description: r.input.description.clone(),
            category: r.input.category.label().to_owned(),
            owner_name: r.owner_name.clone(),
            systems: r.system_names.clone(),
            inherent: score(r.input.likelihood, r.input.impact),
            residual: score(r.input.residual_likelihood, r.input.residual_impact),
            treatment: r.input.treatment.label().to_owned(),
            treatment_notes: r.input.treatment_notes.clone(),
            status: r.input.status.label().to_owned(),
            review_date: r.input.review_date,
            controls: r.controls.clone(),
            acceptance: r.input.acceptance.as_ref().map(|a| ReportAcceptance {
                approver_name: r.approver_name.clone().unwrap_or_default(),
                date: a.date,
                reason: a.reason.clone(),
            }),
            above_appetite: r.above_appetite,
            library_ref: r.input.library_ref.clone(),
        })
        .collect::<Vec<_>>();
    Ok(RiskAssessmentReport {
        accepted_count: risks.iter().filter(|r| r.acceptance.is_some()).count() as u32,
        closed_count: (reg.risks.len() - live.len()) as u32,
        above_appetite: reg.above_appetite,
        scales: reg.scales,
        appetite: reg.appetite,
        inherent: reg.inherent,
        residual: reg.residual,
        signoff: reg.signoff,
        risks,
    })
}

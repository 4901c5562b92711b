//! The readiness dashboard: the numbers a founder puts in a board update.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::store::list_conn;
use super::ItemStatus;
use crate::readiness::{CategoryReadiness, GapKind, ReadinessSummary};
use crate::workbook::WorkbookError;

pub(crate) fn percent(part: u32, whole: u32) -> u8 {
    (part * 100).checked_div(whole).unwrap_or(0).min(100) as u8
}

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct StatusCounts {
    pub not_started: u32,
    pub in_progress: u32,
    pub ready: u32,
    pub not_applicable: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OwnerLoad {
    pub owner_id: Option<String>,
    /// "Unassigned" for items without an owner.
    pub name: String,
    pub total: u32,
    pub done: u32,
    pub overdue: u32,
    pub percent: u8,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OverdueItem {
    pub id: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: String,
    pub owner_name: Option<String>,
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    pub days_late: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Dashboard {
    pub items_total: u32,
    /// Ready or not applicable.
    pub items_done: u32,
    /// Step progress of the checklist (every item, key or not): progress, not readiness.
    pub items_percent: u8,
    /// The readiness figures, from the one rule in `crate::readiness`.
    pub readiness: ReadinessSummary,
    pub status: StatusCounts,
    pub by_category: Vec<CategoryReadiness>,
    pub by_owner: Vec<OwnerLoad>,
    pub overdue: Vec<OverdueItem>,
    /// Everything `crate::readiness::gaps` lists.
    pub gap_count: u32,
    /// What the figures are judged against: the as-of date, or today without one.
    pub yardstick: crate::readiness::as_of::Yardstick,
    /// In-scope items whose newest evidence will be too old on the as-of date.
    pub stale_evidence: u32,
    /// In-scope systems without a signed-off access review within 90 days before it.
    pub access_reviews_due: u32,
    /// Vendors whose report needs a bridge letter to reach it.
    pub bridge_letters_needed: u32,
    pub evidence_files: u32,
    #[ts(type = "number")]
    pub evidence_bytes: i64,
    /// Critical and high-tier vendors with something to fix (no or expired report...).
    pub vendor_alerts: Vec<VendorAlert>,
    pub vendors_total: u32,
    /// Vendors with nothing flagged.
    pub vendors_clear: u32,
    pub policies_total: u32,
    /// Policies with a version approved and in force.
    pub policies_approved: u32,
    /// Approved policies whose yearly (or other) review falls due on or before the
    /// as-of date.
    pub policy_reviews_due: Vec<PolicyReviewDue>,
    /// Risks in the register that are not closed.
    pub risks_total: u32,
    /// Risks whose residual score is above the appetite and nobody accepted.
    pub risks_above_appetite: u32,
    /// Risks to be mitigated whose controls are all linked and ready.
    pub risks_treated: u32,
    pub risk_appetite: u8,
    /// Where the live risks sit after their controls.
    pub risk_heatmap: crate::risks::HeatMap,
    pub risks_signed_off: bool,
    /// Access reviews: open, overdue, remediation not yet done.
    pub access: crate::access::report::AccessDashboard,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PolicyReviewDue {
    pub policy_id: String,
    pub title: String,
    #[ts(type = "string | null")]
    pub next_review: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct VendorAlert {
    pub vendor_id: String,
    pub name: String,
    pub tier: crate::vendors::Tier,
    pub flags: Vec<crate::vendors::VendorFlag>,
}

pub fn dashboard(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Dashboard, WorkbookError> {
    let all = list_conn(conn, today)?;
    let readiness = crate::readiness::evaluate_items(conn, &all, today)?;
    let gaps = crate::readiness::gaps::gaps(conn, &readiness, &all, today)?;
    let items: Vec<_> = all.iter().filter(|i| i.in_scope).collect();

    let mut status = StatusCounts::default();
    let mut owners: BTreeMap<(bool, String), OwnerLoad> = BTreeMap::new();
    let mut overdue = Vec::new();
    for i in &items {
        match i.status {
            ItemStatus::NotStarted => status.not_started += 1,
            ItemStatus::InProgress => status.in_progress += 1,
            ItemStatus::Ready => status.ready += 1,
            ItemStatus::NotApplicable => status.not_applicable += 1,
        }
        let name = i.owner_name.clone().unwrap_or_else(|| "Unassigned".to_owned());
        // Unassigned sorts last.
        let load = owners.entry((i.owner_id.is_none(), name.clone())).or_insert_with(|| OwnerLoad {
            owner_id: i.owner_id.clone(),
            name,
            total: 0,
            done: 0,
            overdue: 0,
            percent: 0,
        });
        load.total += 1;
        load.done += u32::from(matches!(i.status, ItemStatus::Ready | ItemStatus::NotApplicable));
        load.overdue += u32::from(i.overdue);
        if let (true, Some(due)) = (i.overdue, i.due_date) {
            overdue.push(OverdueItem {
                id: i.id.clone(),
                reference: i.reference.clone(),
                title: i.title.clone(),
                owner_name: i.owner_name.clone(),
                due_date: due,
                days_late: (today - due).num_days(),
            });
        }
    }
    overdue.sort_by_key(|o| std::cmp::Reverse(o.days_late));
    let mut by_owner: Vec<OwnerLoad> = owners.into_values().collect();
    for o in &mut by_owner {
        o.percent = percent(o.done, o.total);
    }
    let items_total = items.len() as u32;
    let items_done = status.ready + status.not_applicable;
    let (evidence_files, evidence_bytes): (u32, i64) =
        conn.query_row("SELECT count(*), coalesce(sum(size), 0) FROM evidence", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let vendors = crate::vendors::list(conn, today)?;
    let vendors_total = vendors.len() as u32;
    let vendors_clear = vendors.iter().filter(|v| v.flags.is_empty()).count() as u32;
    let policies = crate::policies::list(conn, today)?;
    let policies_total = policies.len() as u32;
    let policies_approved = policies.iter().filter(|p| p.in_force.is_some()).count() as u32;
    let vendor_alerts = vendors
        .into_iter()
        .filter(|v| {
            matches!(v.tier, crate::vendors::Tier::Critical | crate::vendors::Tier::High) && !v.flags.is_empty()
        })
        .map(|v| VendorAlert { vendor_id: v.id, name: v.input.name, tier: v.tier, flags: v.flags })
        .collect();
    let policy_reviews_due = crate::readiness::due::policy_reviews_due(conn, &policies, &readiness.yardstick)?
        .into_iter()
        .map(|p| PolicyReviewDue { policy_id: p.policy_id, title: p.title, next_review: p.next_review })
        .collect();
    let count_gaps = |kind: GapKind| gaps.gaps.iter().filter(|g| g.kind == kind).count() as u32;
    let register = crate::risks::register(conn, today)?;
    let live_risks: Vec<&crate::risks::Risk> = register.risks.iter().filter(|r| r.is_live()).collect();
    Ok(Dashboard {
        risks_total: live_risks.len() as u32,
        risks_above_appetite: register.above_appetite,
        risks_treated: live_risks.iter().filter(|r| crate::risks::scoring::is_handled(r)).count() as u32,
        risk_appetite: register.appetite,
        risk_heatmap: register.residual,
        risks_signed_off: register.signoff.is_some(),
        access: crate::access::report::dashboard(conn, today)?,
        items_total,
        items_done,
        items_percent: percent(items_done, items_total),
        readiness: readiness.summary,
        status,
        by_category: readiness.categories,
        by_owner,
        overdue,
        gap_count: gaps.gaps.len() as u32,
        stale_evidence: count_gaps(GapKind::EvidenceStale),
        access_reviews_due: count_gaps(GapKind::AccessReviewDue),
        bridge_letters_needed: count_gaps(GapKind::BridgeLetterNeeded),
        yardstick: readiness.yardstick,
        evidence_files,
        evidence_bytes,
        vendor_alerts,
        vendors_total,
        vendors_clear,
        policies_total,
        policies_approved,
        policy_reviews_due,
    })
}

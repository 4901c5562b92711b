//! What falls due before the as-of date: stale evidence, quarterly access reviews,
//! policy reviews and bridge letters. The rules live in [`super::as_of`]; this module
//! reads the rows they judge, once, for the gaps list and the plan alike.

use chrono::NaiveDate;

use super::as_of::{self, EvidenceCurrency, Yardstick};
use crate::access::CampaignStatus;
use crate::checklist::{ChecklistItem, ItemStatus};
use crate::systems::SystemKind;
use crate::workbook::WorkbookError;

/// An in-scope item whose newest evidence will be too old on the as-of date.
pub struct StaleEvidence<'a> {
    pub item: &'a ChecklistItem,
    pub collected: NaiveDate,
    /// Collect again on or after this day...
    pub from: NaiveDate,
    /// ...and by this one (the as-of date).
    pub by: NaiveDate,
    /// The item's due date, when it plans that collection inside the window.
    pub planned: Option<NaiveDate>,
}

/// Every in-scope item still claimed (not "not applicable") whose newest evidence is
/// outside its window before the yardstick's date.
pub fn stale_evidence(items: &[ChecklistItem]) -> Vec<StaleEvidence<'_>> {
    items
        .iter()
        .filter(|i| i.in_scope && i.status != ItemStatus::NotApplicable)
        .filter_map(|item| match item.evidence_state {
            EvidenceCurrency::Stale { collected, from, by } => Some(StaleEvidence {
                item,
                collected,
                from,
                by,
                planned: as_of::recollection_due(&item.evidence_state, item.due_date),
            }),
            _ => None,
        })
        .collect()
}

/// An in-scope system without a signed-off review recent enough for the as-of date.
pub struct ReviewDue {
    pub system_name: String,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    /// The as-of date of its newest signed-off review, if it has one.
    pub last_review: Option<NaiveDate>,
    /// A review as of this day or later keeps it current...
    pub from: NaiveDate,
    /// ...on the yardstick's date.
    pub by: NaiveDate,
}

/// Systems whose accounts an auditor expects reviewed each quarter: every in-scope
/// system but the laptops (device management is evidenced by the checklist, and a
/// laptop fleet has no account list to review).
pub fn access_reviews_due(conn: &rusqlite::Connection, y: &Yardstick) -> Result<Vec<ReviewDue>, WorkbookError> {
    let campaigns = crate::access::list_light(conn, y.today)?;
    let mut out = Vec::new();
    for s in crate::systems::list_conn(conn)?.into_iter().filter(|s| s.in_scope && s.kind != SystemKind::Endpoints) {
        let last_review = campaigns
            .iter()
            .filter(|c| c.system_id == s.id && c.status == CampaignStatus::SignedOff)
            .map(|c| c.as_of)
            .max();
        if last_review.is_some_and(|d| as_of::access_review_current(d, y.date)) {
            continue;
        }
        out.push(ReviewDue {
            system_name: s.name,
            owner_id: s.owner_id,
            owner_name: s.owner_name,
            last_review,
            from: as_of::access_review_window(y.date),
            by: y.date,
        });
    }
    Ok(out)
}

/// An approved policy whose next review falls on or before the as-of date.
pub struct PolicyDue {
    pub policy_id: String,
    pub title: String,
    /// The first person still at the company who holds the policy's owner role.
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    pub next_review: Option<NaiveDate>,
}

/// `policies` is the workbook's list (`policies::list`), which callers usually hold
/// already: filling every template again is the costly part.
pub fn policy_reviews_due(
    conn: &rusqlite::Connection,
    policies: &[crate::policies::PolicySummary],
    y: &Yardstick,
) -> Result<Vec<PolicyDue>, WorkbookError> {
    let people = crate::people::list_conn(conn)?;
    let holder = |role: &str| {
        let role = crate::people::Role::parse(role)?;
        people.iter().find(|p| p.status != crate::people::EmploymentStatus::Left && p.roles.contains(&role))
    };
    Ok(policies
        .iter()
        .filter_map(|p| {
            let next_review = p.in_force.as_ref()?.next_review;
            if as_of::policy_current(true, next_review, y.date) {
                return None;
            }
            let owner = holder(&p.owner_role);
            Some(PolicyDue {
                policy_id: p.id.clone(),
                title: p.title.clone(),
                owner_id: owner.map(|o| o.id.clone()),
                owner_name: owner.map(|o| o.name.clone()),
                next_review,
            })
        })
        .collect())
}

//! What the evidence binder and the dashboard read about access reviews: plain data,
//! no formatting.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::accounts::{all, each, page, AccountFilter, AccountRow};
use super::decisions::{remediation, RemediationTask};
use super::model::CampaignStatus;
use super::store::{self, CampaignCounts};
use crate::workbook::WorkbookError;

/// The criteria a signed-off access review addresses: removal of access that is no
/// longer needed (CC6.2) and role-based access kept appropriate (CC6.3).
pub const CRITERIA: [&str; 2] = ["CC6.2", "CC6.3"];

/// One campaign as the binder section shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignReport {
    pub id: String,
    pub system: String,
    pub reviewer: Option<String>,
    pub as_of: NaiveDate,
    pub due: Option<NaiveDate>,
    pub status: CampaignStatus,
    pub source_file: String,
    pub preset: Option<String>,
    pub signed_off_by: Option<String>,
    pub signed_off_on: Option<NaiveDate>,
    pub sign_off_note: String,
    pub stale_days: u32,
    pub counts: CampaignCounts,
    /// Accounts with at least one flag, in file order, each with its flags explained,
    /// its decision and reason: all of them, or the first ones of a large review.
    pub flagged: Vec<AccountRow>,
    /// Accounts revoked or changed without a flag (the reviewer's own findings); for a
    /// large review, every account to revoke or change, flagged or not.
    pub other_actions: Vec<AccountRow>,
    pub remediation: Vec<RemediationTask>,
    /// A large review, summarised: the full list goes with the binder as data.
    pub summarized: bool,
}

/// When a review is long enough to be summarised on paper: above `above` accounts, the
/// binder prints its decisions to revoke or change and the first `flagged` flagged
/// accounts, and attaches the whole list as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summarize {
    pub above: u32,
    pub flagged: u32,
}

/// Every campaign, newest first, with what an auditor would ask to see; reviews with
/// more accounts than `summarize.above` summarised (`None`: every review in full).
pub fn campaigns_report(
    conn: &rusqlite::Connection,
    summarize: Option<Summarize>,
) -> Result<Vec<CampaignReport>, WorkbookError> {
    let mut out = Vec::new();
    let flagged_only = AccountFilter { flagged_only: true, ..AccountFilter::default() };
    for c in store::list(conn, chrono::Local::now().date_naive())? {
        let limit = summarize.filter(|s| c.counts.accounts > s.above);
        let (flagged, other_actions) = match limit {
            Some(s) => {
                let flagged = page(conn, &c.id, &flagged_only, 0, s.flagged)?.rows;
                let mut actions = Vec::new();
                for d in [super::DecisionFilter::Revoke, super::DecisionFilter::Change] {
                    let only = AccountFilter { decision: Some(d), ..AccountFilter::default() };
                    each(conn, &c.id, &only, |a| -> Result<(), WorkbookError> {
                        actions.push(a);
                        Ok(())
                    })?;
                }
                actions.sort_by(|a, b| a.id.cmp(&b.id));
                (flagged, actions)
            }
            None => {
                let flagged = all(conn, &c.id, &flagged_only)?;
                let decided =
                    AccountFilter { decision: Some(super::DecisionFilter::Decided), ..AccountFilter::default() };
                let actions = all(conn, &c.id, &decided)?
                    .into_iter()
                    .filter(|a| a.flags.is_empty() && a.decision.is_some_and(|d| d != super::Decision::Keep))
                    .collect();
                (flagged, actions)
            }
        };
        let signed = c.status == CampaignStatus::SignedOff;
        out.push(CampaignReport {
            remediation: remediation(conn, &c.id)?,
            id: c.id,
            system: c.system_name,
            reviewer: c.reviewer_name,
            as_of: c.as_of,
            due: c.due,
            status: c.status,
            source_file: c.source_file,
            preset: c.preset.map(|p| p.label().to_owned()),
            signed_off_by: signed.then_some(c.signed_off_by),
            signed_off_on: c.signed_off_on,
            sign_off_note: c.sign_off_note,
            stale_days: c.stale_days,
            counts: c.counts,
            flagged,
            other_actions,
            summarized: limit.is_some(),
        });
    }
    Ok(out)
}

/// The access review numbers on the dashboard. Read from the campaigns and the
/// remediation tasks only, never the accounts, so the dashboard stays quick however
/// long the account lists are.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct AccessDashboard {
    pub campaigns_total: u32,
    pub signed_off: u32,
    /// Not signed off yet.
    pub open: u32,
    /// Not signed off and past the due date.
    pub overdue: u32,
    /// Revoke and change tasks not yet completed.
    pub remediation_open: u32,
}

pub fn dashboard(conn: &rusqlite::Connection, today: NaiveDate) -> Result<AccessDashboard, WorkbookError> {
    let mut d = AccessDashboard::default();
    let mut stmt = conn.prepare("SELECT status, due FROM access_review")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
    for row in rows {
        let (status, due) = row?;
        d.campaigns_total += 1;
        if status == CampaignStatus::SignedOff.as_str() {
            d.signed_off += 1;
        } else {
            d.open += 1;
            let due = due.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
            d.overdue += u32::from(due.is_some_and(|due| due < today));
        }
    }
    d.remediation_open =
        conn.query_row("SELECT count(*) FROM review_remediation WHERE completed_on IS NULL", [], |r| r.get(0))?;
    Ok(d)
}

/// Whether a signed-off review exists, which covers [`CRITERIA`].
pub fn any_signed_off(conn: &rusqlite::Connection) -> Result<bool, WorkbookError> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM access_review WHERE status = 'signed_off')", [], |r| r.get(0))?)
}

//! The reviewer's work: decisions (one account or every account a filter picks),
//! labels for accounts with no person behind them, and the remediation that revoke and
//! change decisions call for. SQL for `review_decision` and `review_remediation`.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{named_params, params_from_iter, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::accounts::{where_clause, AccountFilter};
use super::model::{AccountLabel, Decision};
use super::store;
use crate::scope::{fmt_date, parse_date};
use crate::workbook::{Action, Entity, WorkbookError, WriteTx};

/// A decision as the reviewer gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionInput {
    pub decision: Decision,
    pub reason: String,
}

/// The account's campaign and flags, or a clear error.
fn account(w: &WriteTx<'_>, id: &str) -> Result<(String, i64, String), WorkbookError> {
    w.sql()
        .query_row(
            "SELECT campaign_id, flags, identity FROM review_account WHERE id = :id",
            named_params! { ":id": id },
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| WorkbookError::Invalid("That account is no longer in the review.".to_owned()))
}

/// Records a decision on each account; returns how many were decided. Every account
/// must belong to a review that is not signed off, and a reason is needed for revoke
/// and change, and for keeping an account that was flagged.
pub fn decide(
    w: &mut WriteTx<'_>,
    account_ids: &[String],
    input: &DecisionInput,
    decided_by: &str,
    on: NaiveDate,
) -> Result<u32, WorkbookError> {
    let reason = input.reason.trim();
    let mut open: HashSet<String> = HashSet::new();
    let mut done = 0u32;
    for id in account_ids {
        let (campaign, flags, identity) = account(w, id)?;
        if !open.contains(&campaign) {
            store::require_open(w.sql(), &campaign)?;
            open.insert(campaign.clone());
        }
        if reason.is_empty() && store::reason_required(input.decision, flags) {
            return Err(WorkbookError::Invalid(if input.decision == Decision::Keep {
                format!("Say why {identity} keeps its access: something about the account was flagged.")
            } else {
                format!("Give a reason to {} {identity}'s access.", input.decision.as_str())
            }));
        }
        let exists = w.exists(Entity::ReviewDecision, id)?;
        w.sql().execute(
            "INSERT INTO review_decision (id, campaign_id, decision, reason, decided_by, decided_on)
             VALUES (:id, :c, :d, :reason, :by, :on)
             ON CONFLICT (id) DO UPDATE SET decision = excluded.decision, reason = excluded.reason,
                decided_by = excluded.decided_by, decided_on = excluded.decided_on",
            named_params! {
                ":id": id, ":c": campaign, ":d": input.decision.as_str(), ":reason": reason,
                ":by": decided_by.trim(), ":on": fmt_date(Some(on)),
            },
        )?;
        w.record(Entity::ReviewDecision, id, if exists { Action::Update } else { Action::Create })?;
        follow_up(w, id, &campaign, input.decision, reason)?;
        done += 1;
    }
    Ok(done)
}

/// Decides every account of a campaign that `filter` picks (a bulk decision).
pub fn decide_filtered(
    w: &mut WriteTx<'_>,
    campaign_id: &str,
    filter: &AccountFilter,
    input: &DecisionInput,
    decided_by: &str,
    on: NaiveDate,
) -> Result<u32, WorkbookError> {
    store::require_open(w.sql(), campaign_id)?;
    let (clause, values) = where_clause(campaign_id, filter);
    let ids: Vec<String> = {
        let mut stmt = w.sql().prepare(&format!(
            "SELECT a.id FROM review_account a LEFT JOIN review_decision d ON d.id = a.id{clause} ORDER BY a.id"
        ))?;
        let rows = stmt.query_map(params_from_iter(values.iter()), |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    decide(w, &ids, input, decided_by, on)
}

/// Keeps the remediation task in step with the decision: revoke and change need one,
/// keep does not.
fn follow_up(
    w: &mut WriteTx<'_>,
    id: &str,
    campaign: &str,
    decision: Decision,
    reason: &str,
) -> Result<(), WorkbookError> {
    let existing: Option<String> = w
        .sql()
        .query_row("SELECT action FROM review_remediation WHERE id = :id", named_params! { ":id": id }, |r| r.get(0))
        .optional()?;
    match (decision, existing) {
        (Decision::Keep, Some(_)) => {
            w.sql().execute("DELETE FROM review_remediation WHERE id = :id", named_params! { ":id": id })?;
            w.record(Entity::ReviewRemediation, id, Action::Delete)
        }
        (Decision::Keep, None) => Ok(()),
        (d, Some(action)) if action == d.as_str() => Ok(()),
        (d, existing) => {
            w.sql().execute(
                "INSERT INTO review_remediation (id, campaign_id, action, detail) VALUES (:id, :c, :a, :detail)
                 ON CONFLICT (id) DO UPDATE SET action = excluded.action, detail = excluded.detail",
                named_params! { ":id": id, ":c": campaign, ":a": d.as_str(), ":detail": reason },
            )?;
            w.record(Entity::ReviewRemediation, id, if existing.is_some() { Action::Update } else { Action::Create })
        }
    }
}

/// Labels an account (e.g. a service account with no person behind it), or clears it.
pub fn set_label(w: &mut WriteTx<'_>, account_id: &str, label: Option<AccountLabel>) -> Result<(), WorkbookError> {
    let (campaign, _, _) = account(w, account_id)?;
    store::require_open(w.sql(), &campaign)?;
    let exists = w.exists(Entity::ReviewDecision, account_id)?;
    w.sql().execute(
        "INSERT INTO review_decision (id, campaign_id, label) VALUES (:id, :c, :label)
         ON CONFLICT (id) DO UPDATE SET label = excluded.label",
        named_params! { ":id": account_id, ":c": campaign, ":label": label.map(|l| l.as_str()) },
    )?;
    w.record(Entity::ReviewDecision, account_id, if exists { Action::Update } else { Action::Create })
}

/// A piece of work a decision calls for.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RemediationTask {
    pub account_id: String,
    pub campaign_id: String,
    pub identity: String,
    pub display_name: String,
    pub action: Decision,
    pub detail: String,
    pub ticket: String,
    #[ts(type = "string | null")]
    pub completed_on: Option<NaiveDate>,
}

pub fn remediation(conn: &rusqlite::Connection, campaign_id: &str) -> Result<Vec<RemediationTask>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.campaign_id, a.identity, a.display_name, t.action, t.detail, t.ticket, t.completed_on
         FROM review_remediation t JOIN review_account a ON a.id = t.id
         WHERE t.campaign_id = :c ORDER BY t.completed_on IS NOT NULL, t.id",
    )?;
    let rows = stmt.query_map(named_params! { ":c": campaign_id }, |r| {
        Ok(RemediationTask {
            account_id: r.get(0)?,
            campaign_id: r.get(1)?,
            identity: r.get(2)?,
            display_name: r.get(3)?,
            action: Decision::parse(&r.get::<_, String>(4)?).unwrap_or(Decision::Revoke),
            detail: r.get(5)?,
            ticket: r.get(6)?,
            completed_on: parse_date(r.get(7)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the ticket and completion of a remediation task. Allowed after sign-off:
/// revoking access is the follow-through of a signed review.
pub fn update_remediation(
    w: &mut WriteTx<'_>,
    account_id: &str,
    ticket: &str,
    completed_on: Option<NaiveDate>,
) -> Result<(), WorkbookError> {
    let changed = w.sql().execute(
        "UPDATE review_remediation SET ticket = :ticket, completed_on = :done WHERE id = :id",
        named_params! { ":id": account_id, ":ticket": ticket.trim(), ":done": fmt_date(completed_on) },
    )?;
    if changed == 0 {
        return Err(WorkbookError::Invalid("That account has no remediation task.".to_owned()));
    }
    w.record(Entity::ReviewRemediation, account_id, Action::Update)
}

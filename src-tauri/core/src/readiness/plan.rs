//! The plan to the audit date: the key work still to do, by owner, with due dates; when
//! it would be finished if every date holds; what threatens that; and how the count of
//! key items done has moved so far (from the change log) against the pace needed.
//!
//! Dates: the *as-of date* (scope) is the day the Type I report speaks for, so every key
//! item must be done by then. An as-of date already past is reported and today used
//! instead. Fieldwork for a Type I typically takes 4 to 6 weeks; to have the report by
//! the organisation's target audit date, fieldwork has to start 6 weeks before it (4 at
//! the latest). Without a target date, fieldwork starts on the as-of date.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::as_of::{between, long_date, Yardstick};
use super::due;
use super::gaps::UNASSIGNED;
use super::{item_done, CriterionReadiness};
use crate::checklist::{ChecklistItem, ItemStatus};
use crate::workbook::{Workbook, WorkbookError};

/// Longest typical Type I fieldwork: the start date is planned against it.
pub const FIELDWORK_WEEKS_MAX: i64 = 6;
/// Shortest typical Type I fieldwork: starting later than this before the date is late.
pub const FIELDWORK_WEEKS_MIN: i64 = 4;

#[derive(Debug, Clone, Serialize, TS)]
pub struct PlanItem {
    pub item_id: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: String,
    pub status: ItemStatus,
    pub evidence_count: u32,
    /// The in-scope criteria it is a key control for that are not ready yet.
    pub criteria: Vec<String>,
    #[ts(type = "string | null")]
    pub due_date: Option<NaiveDate>,
    /// Due date before today.
    pub overdue: bool,
    /// Due after the date the work must be done by.
    pub due_after_target: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OwnerPlan {
    /// The owner's name, or "Unassigned".
    pub owner: String,
    pub owner_id: Option<String>,
    /// Earliest due date first, undated last.
    pub items: Vec<PlanItem>,
    /// The owner's last due date; None when any of their items has none.
    #[ts(type = "string | null")]
    pub finishes: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    AsOfDateNotSet,
    AsOfDateInPast,
    Overdue,
    NoDueDate,
    DueAfterAsOfDate,
    /// The work is projected to finish after fieldwork would have to start.
    FieldworkAtRisk,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PlanWarning {
    pub kind: WarningKind,
    pub message: String,
    /// Item references concerned, if any.
    pub items: Vec<String>,
}

/// Recurring work the as-of date asks for, which can only be done inside a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Collect an item's evidence again, so it is current on the as-of date.
    CollectEvidence,
    /// Review and sign off access to a system (quarterly).
    AccessReview,
    /// Ask a vendor for a bridge letter covering the months after its report.
    BridgeLetter,
    /// Review and approve a policy again before its review date.
    PolicyReview,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ScheduledTask {
    pub kind: TaskKind,
    /// The item reference, system, vendor or policy it is about.
    pub subject: String,
    /// What it is about, in words ("BC-06 Restore a backup…", "Event archive").
    pub title: String,
    /// What to do, in one sentence with its window.
    pub message: String,
    pub owner: String,
    pub owner_id: Option<String>,
    /// The window: not before this day...
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// ...and by this one.
    #[ts(type = "string")]
    pub by: NaiveDate,
    /// The day it is planned for, when one is set inside the window.
    #[ts(type = "string | null")]
    pub planned: Option<NaiveDate>,
    /// Its day has passed: a planned collection missed, a policy review already late.
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct BurnPoint {
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// Key items done (ready with evidence, or not applicable with a reason) that day.
    pub done: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Plan {
    #[ts(type = "string")]
    pub today: NaiveDate,
    /// The as-of date as set in scope.
    #[ts(type = "string | null")]
    pub as_of_date: Option<NaiveDate>,
    /// The date key work must be done by: the as-of date, or today when that has passed.
    #[ts(type = "string | null")]
    pub target_date: Option<NaiveDate>,
    /// The organisation's target audit date, if set.
    #[ts(type = "string | null")]
    pub audit_date: Option<NaiveDate>,
    /// The latest day fieldwork (4 to 6 weeks) can start and still end by the audit date.
    #[ts(type = "string | null")]
    pub fieldwork_start: Option<NaiveDate>,
    pub readiness_percent: u8,
    pub key_items_total: u32,
    pub key_items_done: u32,
    pub key_items_remaining: u32,
    /// The last due date of the remaining key work: when it would all be done if every
    /// date holds. None when nothing is left or some of it has no due date.
    #[ts(type = "string | null")]
    pub projected_ready_date: Option<NaiveDate>,
    pub owners: Vec<OwnerPlan>,
    /// What the as-of date asks to be done inside a window (fresh evidence, quarterly
    /// reviews, bridge letters, policy reviews), earliest window first. Empty when the
    /// as-of date has passed (the plan is then a record) or is not set.
    pub schedule: Vec<ScheduledTask>,
    /// What the figures are judged against.
    pub yardstick: Yardstick,
    pub warnings: Vec<PlanWarning>,
    /// Key items done at the end of each day the log shows a change to them, ending today.
    pub burndown: Vec<BurnPoint>,
    /// The pace needed: from the first burn-down point to every key item done on the
    /// target date (empty without a target date).
    pub needed: Vec<BurnPoint>,
}

/// The plan as of `today`.
pub fn plan(wb: &Workbook, today: NaiveDate) -> Result<Plan, WorkbookError> {
    let conn = wb.conn();
    let items = crate::checklist::list_conn(conn, today)?;
    let readiness = super::evaluate_items(conn, &items, today)?;
    let scope = crate::scope::get(wb)?;
    let audit_date = crate::organization::get(wb)?.target_audit_date;

    // Key items in scope, with the criteria not yet ready each one holds back.
    let mut keys: BTreeMap<String, (&ChecklistItem, Vec<String>)> = BTreeMap::new();
    for c in &readiness.criteria {
        for k in &c.key_items {
            let Some(item) = items.iter().find(|i| i.id == k.item_id) else { continue };
            let entry = keys.entry(item.id.clone()).or_insert((item, Vec::new()));
            if !matches!(c.readiness, CriterionReadiness::Ready | CriterionReadiness::NotApplicable) {
                entry.1.push(c.id.clone());
            }
        }
    }
    let key_ids: HashSet<String> = keys.keys().cloned().collect();
    let total = keys.len() as u32;
    let done = keys.values().filter(|(i, _)| item_done(i, today)).count() as u32;

    let mut warnings = Vec::new();
    let target_date = match scope.as_of_date {
        None => {
            warnings.push(PlanWarning {
                kind: WarningKind::AsOfDateNotSet,
                message: "No as-of date is set in Scope, so nothing can be measured against it.".into(),
                items: Vec::new(),
            });
            None
        }
        Some(d) if d < today => {
            warnings.push(PlanWarning {
                kind: WarningKind::AsOfDateInPast,
                message: format!(
                    "The as-of date, {}, has passed: this plan is a record of the work as of that date, with nothing scheduled. Remaining work is measured against today.",
                    long_date(d)
                ),
                items: Vec::new(),
            });
            Some(today)
        }
        Some(d) => Some(d),
    };
    let fieldwork_start = match (audit_date, target_date) {
        (Some(a), _) => Some(a - Duration::weeks(FIELDWORK_WEEKS_MAX)),
        (None, t) => t,
    };

    let mut owners: BTreeMap<(bool, String, Option<String>), Vec<PlanItem>> = BTreeMap::new();
    for (item, criteria) in keys.values().filter(|(i, _)| !item_done(i, today)) {
        let plan_item = PlanItem {
            item_id: item.id.clone(),
            reference: item.reference.clone(),
            title: item.title.clone(),
            status: item.status,
            evidence_count: item.evidence_count,
            criteria: criteria.clone(),
            due_date: item.due_date,
            overdue: item.due_date.is_some_and(|d| d < today),
            due_after_target: matches!((item.due_date, target_date), (Some(d), Some(t)) if d > t),
        };
        let (owner, id) = match (&item.owner_name, &item.owner_id) {
            (Some(n), Some(id)) => (n.clone(), Some(id.clone())),
            _ => (UNASSIGNED.to_owned(), None),
        };
        owners.entry((id.is_none(), owner, id)).or_default().push(plan_item);
    }
    let owners: Vec<OwnerPlan> = owners
        .into_iter()
        .map(|((_, owner, owner_id), mut items)| {
            items.sort_by(|a, b| {
                (a.due_date.is_none(), a.due_date, &a.reference).cmp(&(b.due_date.is_none(), b.due_date, &b.reference))
            });
            let finishes = last_due(&items);
            OwnerPlan { owner, owner_id, items, finishes }
        })
        .collect();
    let remaining: Vec<&PlanItem> = owners.iter().flat_map(|o| &o.items).collect();
    let projected_ready_date = if remaining.is_empty() { None } else { last_due(remaining.iter().copied()) };

    let refs = |f: &dyn Fn(&PlanItem) -> bool| -> Vec<String> {
        remaining.iter().filter(|i| f(i)).map(|i| i.reference.clone()).collect()
    };
    let overdue = refs(&|i| i.overdue);
    if !overdue.is_empty() {
        warnings.push(PlanWarning {
            kind: WarningKind::Overdue,
            message: match overdue.len() {
                1 => "1 key item is past its due date.".to_owned(),
                n => format!("{n} key items are past their due date."),
            },
            items: overdue,
        });
    }
    let undated = refs(&|i| i.due_date.is_none());
    if !undated.is_empty() {
        warnings.push(PlanWarning {
            kind: WarningKind::NoDueDate,
            message: if undated.len() == 1 {
                "1 key item has no due date, so no ready date can be projected until it has one.".to_owned()
            } else {
                format!(
                    "{} key items have no due date, so no ready date can be projected until they do.",
                    undated.len()
                )
            },
            items: undated,
        });
    }
    let late = refs(&|i| i.due_after_target);
    if let (false, Some(t)) = (late.is_empty(), target_date) {
        warnings.push(PlanWarning {
            kind: WarningKind::DueAfterAsOfDate,
            message: match late.len() {
                1 => format!("1 key item is due after {t}, the date it must be done by."),
                n => format!("{n} key items are due after {t}, the date they must be done by."),
            },
            items: late,
        });
    }
    if let (Some(p), Some(f)) = (projected_ready_date, fieldwork_start) {
        if p > f {
            warnings.push(PlanWarning {
                kind: WarningKind::FieldworkAtRisk,
                message: format!(
                    "The key work is projected to finish on {p}, after {f}, when fieldwork ({FIELDWORK_WEEKS_MIN}\u{2013}{FIELDWORK_WEEKS_MAX} weeks) would have to start."
                ),
                items: Vec::new(),
            });
        }
    }

    let yardstick = readiness.yardstick.clone();
    let schedule = match scope.as_of_date {
        Some(_) if !yardstick.is_record() => schedule(conn, &items, &yardstick)?,
        _ => Vec::new(),
    };
    let mut burndown = burndown(conn, &key_ids, today)?;
    // The log replays statuses and links, not how old each file will be on the as-of
    // date: today's point is the rule's own count.
    if let Some(last) = burndown.last_mut() {
        last.done = done;
    }
    let needed = match (burndown.first(), target_date) {
        (Some(first), Some(t)) if t > first.date => {
            vec![first.clone(), BurnPoint { date: t, done: total }]
        }
        _ => Vec::new(),
    };
    Ok(Plan {
        today,
        as_of_date: scope.as_of_date,
        target_date,
        audit_date,
        fieldwork_start,
        readiness_percent: readiness.summary.percent,
        key_items_total: total,
        key_items_done: done,
        key_items_remaining: total - done,
        projected_ready_date,
        owners,
        schedule,
        yardstick,
        warnings,
        burndown,
        needed,
    })
}

/// Each window the as-of date opens: fresh evidence, quarterly access reviews, policy
/// reviews and bridge letters, with their owners, earliest window first.
fn schedule(
    conn: &rusqlite::Connection,
    items: &[ChecklistItem],
    y: &Yardstick,
) -> Result<Vec<ScheduledTask>, WorkbookError> {
    let owner = |id: &Option<String>, name: &Option<String>| match (id, name) {
        (Some(id), Some(name)) => (name.clone(), Some(id.clone())),
        _ => (UNASSIGNED.to_owned(), None),
    };
    // A window that opened in the past is open now.
    let open = |from: NaiveDate| from.max(y.today);
    let mut out = Vec::new();
    for s in due::stale_evidence(items) {
        let (owner, owner_id) = owner(&s.item.owner_id, &s.item.owner_name);
        out.push(ScheduledTask {
            kind: TaskKind::CollectEvidence,
            subject: s.item.reference.clone(),
            title: format!("{} {}", s.item.reference, s.item.title),
            message: format!(
                "Collect evidence for {} {} again {}.",
                s.item.reference,
                s.item.title,
                between(open(s.from), s.by)
            ),
            owner,
            owner_id,
            from: open(s.from),
            by: s.by,
            planned: s.planned,
            overdue: s.planned.is_some_and(|d| d < y.today),
        });
    }
    for r in due::access_reviews_due(conn, y)? {
        let (owner, owner_id) = owner(&r.owner_id, &r.owner_name);
        out.push(ScheduledTask {
            kind: TaskKind::AccessReview,
            subject: r.system_name.clone(),
            title: r.system_name.clone(),
            message: format!(
                "Review access to {} as of a date {}, and sign it off (quarterly).",
                r.system_name,
                between(open(r.from), r.by)
            ),
            owner,
            owner_id,
            from: open(r.from),
            by: r.by,
            planned: None,
            overdue: false,
        });
    }
    for p in due::policy_reviews_due(conn, &crate::policies::list(conn, y.today)?, y)? {
        let (owner, owner_id) = owner(&p.owner_id, &p.owner_name);
        let by = p.next_review.unwrap_or(y.date).min(y.date).max(y.today);
        let message = match p.next_review {
            Some(was) if was < y.today => format!(
                "The \u{201c}{}\u{201d} was due for review on {}: review and approve it again now.",
                p.title,
                long_date(was)
            ),
            _ => format!("Review and approve the \u{201c}{}\u{201d} again by {}.", p.title, long_date(by)),
        };
        out.push(ScheduledTask {
            kind: TaskKind::PolicyReview,
            subject: p.policy_id.clone(),
            title: p.title.clone(),
            message,
            owner,
            owner_id,
            from: y.today,
            by,
            planned: None,
            overdue: p.next_review.is_some_and(|was| was < y.today),
        });
    }
    for v in crate::vendors::list(conn, y.today)? {
        if !v.flags.contains(&crate::vendors::VendorFlag::BridgeLetterNeeded) {
            continue;
        }
        let (owner, owner_id) = owner(&v.input.owner_id, &v.owner_name);
        // The letter has to speak for the as-of date, so it is asked for in the month
        // before it.
        let from = open(y.date.checked_sub_months(chrono::Months::new(1)).unwrap_or(y.date));
        let since = v.input.report_period_end.map(|d| d + Duration::days(1)).unwrap_or(y.today);
        out.push(ScheduledTask {
            kind: TaskKind::BridgeLetter,
            subject: v.input.name.clone(),
            title: format!(
                "{} (report to {})",
                v.input.name,
                v.input.report_period_end.map(long_date).unwrap_or_default()
            ),
            message: format!(
                "Ask {} for a bridge letter covering {} to {}, {}.",
                v.input.name,
                long_date(since),
                long_date(y.date),
                between(from, y.date)
            ),
            owner,
            owner_id,
            from,
            by: y.date,
            planned: None,
            overdue: false,
        });
    }
    out.sort_by(|a, b| (a.from, a.by, &a.subject).cmp(&(b.from, b.by, &b.subject)));
    Ok(out)
}

/// The latest due date, or None when any item has none.
fn last_due<'a>(items: impl IntoIterator<Item = &'a PlanItem>) -> Option<NaiveDate> {
    let mut last = None;
    for i in items {
        let d = i.due_date?;
        last = last.max(Some(d));
    }
    last
}

/// Replays the change log's checklist item and evidence link entries (each holds the
/// row's full state) to count, day by day, how many of `keys` were done.
fn burndown(
    conn: &rusqlite::Connection,
    keys: &HashSet<String>,
    today: NaiveDate,
) -> Result<Vec<BurnPoint>, WorkbookError> {
    #[derive(Default)]
    struct State {
        status: Option<ItemStatus>,
        reason: bool,
        links: u32,
    }
    let mut stmt = conn.prepare(
        "SELECT substr(at, 1, 10), entity, entity_id, action, detail FROM change_log
         WHERE entity IN ('checklist_item', 'item_evidence') ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut state: HashMap<String, State> = HashMap::new();
    let mut link_item: HashMap<String, String> = HashMap::new();
    let mut points: Vec<BurnPoint> = Vec::new();
    let count = |state: &HashMap<String, State>| {
        state
            .iter()
            .filter(|(id, s)| {
                keys.contains(*id)
                    && match s.status {
                        Some(ItemStatus::Ready) => s.links > 0,
                        Some(ItemStatus::NotApplicable) => s.reason,
                        _ => false,
                    }
            })
            .count() as u32
    };
    for row in rows {
        let (day, entity, id, action, detail) = row?;
        let Ok(date) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { continue };
        if points.last().is_some_and(|p| p.date != date) {
            // The previous day closed with the state before this entry.
            let done = count(&state);
            if let Some(last) = points.last_mut() {
                last.done = done;
            }
        }
        if points.last().is_none_or(|p| p.date != date) {
            points.push(BurnPoint { date, done: 0 });
        }
        let row: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
        let row = &row["row"];
        match (entity.as_str(), action.as_str()) {
            ("checklist_item", "delete") => _ = state.remove(&id),
            ("checklist_item", _) => {
                let s = state.entry(id).or_default();
                s.status = row["status"].as_str().and_then(ItemStatus::parse);
                s.reason = row["na_justification"].as_str().is_some_and(|r| !r.trim().is_empty());
            }
            ("item_evidence", "delete") => {
                if let Some(item) = link_item.remove(&id) {
                    let s = state.entry(item).or_default();
                    s.links = s.links.saturating_sub(1);
                }
            }
            ("item_evidence", _) => {
                if let Some(item) = row["item_id"].as_str() {
                    if link_item.insert(id, item.to_owned()).is_none() {
                        state.entry(item.to_owned()).or_default().links += 1;
                    }
                }
            }
            _ => {}
        }
    }
    // The last day in the log closes with the current state.
    let done = count(&state);
    if let Some(last) = points.last_mut() {
        last.done = done;
    }
    if points.last().is_none_or(|p| p.date < today) {
        points.push(BurnPoint { date: today, done });
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(due: Option<(i32, u32, u32)>) -> PlanItem {
        PlanItem {
            item_id: "i".into(),
            reference: "AC-01".into(),
            title: "t".into(),
            status: ItemStatus::NotStarted,
            evidence_count: 0,
            criteria: vec!["CC6.1".into()],
            due_date: due.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            overdue: false,
            due_after_target: false,
        }
    }

    #[test]
    fn projected_date_is_the_last_due_date_and_undated_work_blocks_it() {
        let dated = [item(Some((2027, 1, 5))), item(Some((2027, 2, 1)))];
        assert_eq!(last_due(&dated), NaiveDate::from_ymd_opt(2027, 2, 1));
        let with_undated = [item(Some((2027, 1, 5))), item(None)];
        assert_eq!(last_due(&with_undated), None);
    }
}

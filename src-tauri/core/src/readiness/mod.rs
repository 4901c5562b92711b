//! Readiness: the one rule that says how ready each in-scope criterion is, and the
//! overall figure built from it. Every face (dashboard, sidebar, criteria browser, CLI,
//! binder) reads these numbers from [`evaluate`]; none computes its own.
//!
//! The rule, as an auditor testing design and implementation as of the report date
//! would apply it:
//! - a criterion is **ready** when every in-scope key item mapped to it is done and every
//!   policy mapped to it is approved and in force;
//! - a key item is **done** when it is ready for audit *with evidence attached* that is
//!   current as of the as-of date (or will be: a fresh collection is due inside its
//!   window, see [`as_of`]), or not applicable *with a reason*. Ready without evidence,
//!   or with stale evidence and nothing planned, is not done;
//! - **not applicable** when every key item is not applicable with a reason (and its
//!   policies, if any, are approved): shown as "ready (not applicable)", never silently;
//! - **partly ready** when some of that work is done; **not started** otherwise.
//!
//! A policy documents intent, so approving the policies mapped to a criterion is one more
//! piece of its work, never enough on its own: until a key item is done the criterion is
//! not started whatever its policies say (see [`judge`]). The overall figure is the share of that work done, weighted by criterion: each
//! in-scope criterion contributes its own fraction equally, so a criterion with three key
//! items weighs no more than one with one.

pub mod as_of;
pub mod due;
pub mod gaps;
pub mod plan;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::catalog::Category;
use crate::checklist::{ChecklistItem, ItemStatus};
use crate::workbook::WorkbookError;

pub use gaps::{Gap, GapKind, OwnerGaps};
pub use plan::{plan, Plan};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CriterionReadiness {
    Ready,
    PartlyReady,
    NotStarted,
    /// Every key item is not applicable, each with a reason: "ready (not applicable)".
    NotApplicable,
}

impl CriterionReadiness {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::PartlyReady => "partly_ready",
            Self::NotStarted => "not_started",
            Self::NotApplicable => "not_applicable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Ready => "Ready",
            Self::PartlyReady => "Partly ready",
            Self::NotStarted => "Not started",
            Self::NotApplicable => "Ready (not applicable)",
        }
    }

    /// Ready, or ready because nothing applies: nothing left to do.
    pub fn is_ready(self) -> bool {
        matches!(self, Self::Ready | Self::NotApplicable)
    }
}

/// Whether a key item counts as done work: ready for audit with evidence that is current
/// as of the as-of date (or will be by its due date), or not applicable with a reason.
pub fn item_done(item: &ChecklistItem, today: NaiveDate) -> bool {
    match item.status {
        ItemStatus::Ready => {
            item.evidence_count > 0 && as_of::evidence_counts(&item.evidence_state, item.due_date, today)
        }
        ItemStatus::NotApplicable => !item.na_justification.trim().is_empty(),
        ItemStatus::NotStarted | ItemStatus::InProgress => false,
    }
}

/// Why a key item is not done yet, in words for the gaps list.
pub fn item_shortfall(item: &ChecklistItem, today: NaiveDate) -> Option<&'static str> {
    match item.status {
        _ if item_done(item, today) => None,
        ItemStatus::Ready if item.evidence_count == 0 => Some("ready but no evidence attached"),
        ItemStatus::Ready => Some("evidence stale as of the as-of date, no fresh collection planned"),
        ItemStatus::NotApplicable => Some("not applicable but no reason given"),
        ItemStatus::InProgress => Some("in progress"),
        ItemStatus::NotStarted => Some("not started"),
    }
}

/// A policy mapped to a criterion, as the rule sees it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PolicyWork {
    pub policy_id: String,
    pub title: String,
    pub approved: bool,
}

/// One key item of a criterion, as the rule sees it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KeyWork {
    pub item_id: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: String,
    pub status: ItemStatus,
    pub evidence_count: u32,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    #[ts(type = "string | null")]
    pub due_date: Option<NaiveDate>,
    pub done: bool,
    /// Why it is not done, when it is not.
    pub shortfall: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CriterionStatus {
    pub id: String,
    pub category: Category,
    pub title: String,
    pub readiness: CriterionReadiness,
    /// Share of this criterion's work done (key items and mapped policies), 0 to 100,
    /// rounded down so that 100 means ready.
    pub percent: u8,
    pub key_items: Vec<KeyWork>,
    pub policies: Vec<PolicyWork>,
    /// Every item mapped to it, key or not: context, not part of the rule.
    pub items_total: u32,
    pub evidence_count: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CategoryReadiness {
    pub category: Category,
    pub name: String,
    pub criteria_total: u32,
    pub criteria_ready: u32,
    pub criteria_partly_ready: u32,
    pub criteria_not_started: u32,
    pub criteria_not_applicable: u32,
    /// Share of key work done across the category's criteria, weighted by criterion.
    pub percent: u8,
}

/// The headline figures; `info --json` prints this as `readiness`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ReadinessSummary {
    /// Share of in-scope key work done, weighted by criterion, 0 to 100.
    pub percent: u8,
    pub criteria_in_scope: u32,
    pub criteria_ready: u32,
    pub criteria_partly_ready: u32,
    pub criteria_not_started: u32,
    /// Ready because every key item is not applicable with a reason.
    pub criteria_not_applicable: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Readiness {
    /// What the figures are judged against: the as-of date, or today without one.
    pub yardstick: as_of::Yardstick,
    pub summary: ReadinessSummary,
    /// In-scope criteria, in catalog order.
    pub criteria: Vec<CriterionStatus>,
    pub categories: Vec<CategoryReadiness>,
}

/// The rule itself, for one criterion: its readiness and the share of its work done
/// (0.0 to 1.0).
///
/// The work is one unit per key item, plus one for the policies mapped to it (done when
/// every one of them is approved). Policies count only alongside implemented controls:
/// until a key item is done the criterion is not started and its share is nil, however
/// many policies are approved.
pub fn judge(key_items: &[KeyWork], policies: &[PolicyWork]) -> (CriterionReadiness, f64) {
    let keys_done = key_items.iter().filter(|k| k.done).count();
    if keys_done == 0 {
        return (CriterionReadiness::NotStarted, 0.0);
    }
    let policy_unit = usize::from(!policies.is_empty());
    let policy_done = usize::from(!policies.is_empty() && policies.iter().all(|p| p.approved));
    let total = key_items.len() + policy_unit;
    let done = keys_done + policy_done;
    let share = done as f64 / total as f64;
    if done < total {
        return (CriterionReadiness::PartlyReady, share);
    }
    if key_items.iter().all(|k| k.status == ItemStatus::NotApplicable) {
        (CriterionReadiness::NotApplicable, share)
    } else {
        (CriterionReadiness::Ready, share)
    }
}

/// Whole percent, rounded down: 99.9 % of the work is not 100 %.
fn floor_percent(share: f64) -> u8 {
    (share * 100.0).floor().clamp(0.0, 100.0) as u8
}

/// Readiness of every in-scope criterion as of `today`, the categories and the headline.
pub fn evaluate(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Readiness, WorkbookError> {
    let items = crate::checklist::list_conn(conn, today)?;
    evaluate_items(conn, &items, today)
}

pub(crate) fn evaluate_items(
    conn: &rusqlite::Connection,
    items: &[ChecklistItem],
    today: NaiveDate,
) -> Result<Readiness, WorkbookError> {
    let in_scope = crate::checklist::in_scope_criteria(conn)?;
    let mut stmt = conn.prepare("SELECT id, category, title FROM criterion ORDER BY sort")?;
    let catalog: Vec<(String, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    let policies = crate::policies::list(conn, today)?;

    let mut criteria = Vec::new();
    let mut shares: BTreeMap<Category, Vec<f64>> = BTreeMap::new();
    for (id, category, title) in catalog {
        if !in_scope.contains(&id) {
            continue;
        }
        let Some(category) = Category::parse(&category) else { continue };
        let mapped: Vec<&ChecklistItem> = items.iter().filter(|i| i.criteria.contains(&id)).collect();
        let key_items: Vec<KeyWork> = mapped
            .iter()
            .filter(|i| i.key_for.contains(&id))
            .map(|i| KeyWork {
                item_id: i.id.clone(),
                reference: i.reference.clone(),
                title: i.title.clone(),
                status: i.status,
                evidence_count: i.evidence_count,
                owner_id: i.owner_id.clone(),
                owner_name: i.owner_name.clone(),
                due_date: i.due_date,
                done: item_done(i, today),
                shortfall: item_shortfall(i, today).map(str::to_owned),
            })
            .collect();
        let policy_work: Vec<PolicyWork> = policies
            .iter()
            .filter(|p| p.criteria.contains(&id))
            .map(|p| PolicyWork { policy_id: p.id.clone(), title: p.title.clone(), approved: p.in_force.is_some() })
            .collect();
        let (readiness, share) = judge(&key_items, &policy_work);
        shares.entry(category).or_default().push(share);
        criteria.push(CriterionStatus {
            id,
            category,
            title,
            readiness,
            percent: floor_percent(share),
            key_items,
            policies: policy_work,
            items_total: mapped.len() as u32,
            evidence_count: mapped.iter().map(|i| i.evidence_count).sum(),
        });
    }

    let mut categories = Vec::new();
    for (category, list) in &shares {
        let of = |r: CriterionReadiness| {
            criteria.iter().filter(|c| c.category == *category && c.readiness == r).count() as u32
        };
        categories.push(CategoryReadiness {
            category: *category,
            name: category.name().to_owned(),
            criteria_total: list.len() as u32,
            criteria_ready: of(CriterionReadiness::Ready),
            criteria_partly_ready: of(CriterionReadiness::PartlyReady),
            criteria_not_started: of(CriterionReadiness::NotStarted),
            criteria_not_applicable: of(CriterionReadiness::NotApplicable),
            percent: floor_percent(list.iter().sum::<f64>() / list.len() as f64),
        });
    }
    let all: Vec<f64> = shares.values().flatten().copied().collect();
    let count = |r: CriterionReadiness| criteria.iter().filter(|c| c.readiness == r).count() as u32;
    let summary = ReadinessSummary {
        percent: if all.is_empty() { 0 } else { floor_percent(all.iter().sum::<f64>() / all.len() as f64) },
        criteria_in_scope: criteria.len() as u32,
        criteria_ready: count(CriterionReadiness::Ready),
        criteria_partly_ready: count(CriterionReadiness::PartlyReady),
        criteria_not_started: count(CriterionReadiness::NotStarted),
        criteria_not_applicable: count(CriterionReadiness::NotApplicable),
    };
    Ok(Readiness { yardstick: as_of::Yardstick::read(conn, today)?, summary, criteria, categories })
}

/// Readiness and the gaps together: what `readiness gaps --json` prints and the app's
/// criteria and gaps views read.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReadinessReport {
    pub readiness: Readiness,
    pub gaps: gaps::Gaps,
}

pub fn report(conn: &rusqlite::Connection, today: NaiveDate) -> Result<ReadinessReport, WorkbookError> {
    let items = crate::checklist::list_conn(conn, today)?;
    let readiness = evaluate_items(conn, &items, today)?;
    let gaps = gaps::gaps(conn, &readiness, &items, today)?;
    Ok(ReadinessReport { readiness, gaps })
}

/// The rule in one sentence, for the binder's cover and the screens that explain it.
pub const RULE_SENTENCE: &str = "A criterion counts as ready only when every key control mapped to it is ready for \
     audit with evidence attached that is current as of the as-of date (or not applicable with a reason) and any \
     policy mapped to it is approved; the overall figure is the share of that work done, each criterion weighing the \
     same.";

/// The readiness figure and the rule behind it, then what it is judged against (the
/// binder's cover).
pub fn cover_sentence(r: &Readiness) -> String {
    let s = &r.summary;
    let na = if s.criteria_not_applicable > 0 {
        format!(", {} ready as not applicable", s.criteria_not_applicable)
    } else {
        String::new()
    };
    format!(
        "Readiness is {}%, with {} of {} in-scope criteria ready{na}, {} partly ready and {} not started, where a \
         criterion counts as ready only when every key control mapped to it is ready for audit with evidence \
         attached that is current as of the as-of date (or not applicable with a reason) and any policy mapped to \
         it is approved. {}",
        s.percent,
        s.criteria_ready,
        s.criteria_in_scope,
        s.criteria_partly_ready,
        s.criteria_not_started,
        r.yardstick.sentence
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(status: ItemStatus, evidence: u32) -> KeyWork {
        KeyWork {
            item_id: "i".into(),
            reference: "AC-01".into(),
            title: "t".into(),
            status,
            evidence_count: evidence,
            owner_id: None,
            owner_name: None,
            due_date: None,
            done: match status {
                ItemStatus::Ready => evidence > 0,
                ItemStatus::NotApplicable => true,
                _ => false,
            },
            shortfall: None,
        }
    }

    fn policy(approved: bool) -> PolicyWork {
        PolicyWork { policy_id: "p".into(), title: "Policy".into(), approved }
    }

    #[test]
    fn a_policy_alone_never_makes_a_criterion_ready() {
        assert_eq!(judge(&[], &[policy(true)]), (CriterionReadiness::NotStarted, 0.0));
        let not_done = [key(ItemStatus::NotStarted, 0)];
        assert_eq!(judge(&not_done, &[policy(true), policy(true)]), (CriterionReadiness::NotStarted, 0.0));
    }

    #[test]
    fn ready_without_evidence_is_not_done() {
        let (r, share) = judge(&[key(ItemStatus::Ready, 0)], &[]);
        assert_eq!(r, CriterionReadiness::NotStarted);
        assert_eq!(share, 0.0);
        assert_eq!(judge(&[key(ItemStatus::Ready, 1)], &[]).0, CriterionReadiness::Ready);
    }

    #[test]
    fn ready_needs_every_key_item_and_every_mapped_policy_approved() {
        let both = [key(ItemStatus::Ready, 2), key(ItemStatus::InProgress, 0)];
        assert_eq!(judge(&both, &[]), (CriterionReadiness::PartlyReady, 0.5));
        let done = [key(ItemStatus::Ready, 2), key(ItemStatus::NotApplicable, 0)];
        assert_eq!(judge(&done, &[]).0, CriterionReadiness::Ready);
        let (r, share) = judge(&done, &[policy(true), policy(false)]);
        assert_eq!(r, CriterionReadiness::PartlyReady);
        assert!((share - 2.0 / 3.0).abs() < 1e-9, "the policies are one unit of work: {share}");
        assert_eq!(judge(&done, &[policy(true), policy(true)]), (CriterionReadiness::Ready, 1.0));
    }

    #[test]
    fn all_key_items_not_applicable_reads_as_not_applicable() {
        let na = [key(ItemStatus::NotApplicable, 0)];
        assert_eq!(judge(&na, &[]), (CriterionReadiness::NotApplicable, 1.0));
        assert!(CriterionReadiness::NotApplicable.is_ready());
    }

    #[test]
    fn percent_rounds_down_so_only_finished_work_reads_100() {
        assert_eq!(floor_percent(0.999), 99);
        assert_eq!(floor_percent(1.0), 100);
        assert_eq!(floor_percent(0.0), 0);
    }
}

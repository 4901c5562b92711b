//! Coverage and gaps: for each in-scope criterion, what addresses it and how far along it
//! is; for each category, the same rolled up; and the list of gaps an auditor would find.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::store::{list_conn, ChecklistItem};
use super::ItemStatus;
use crate::catalog::Category;
use crate::workbook::WorkbookError;

#[derive(Debug, Clone, Serialize, TS)]
pub struct CriterionCoverage {
    pub id: String,
    pub category: Category,
    pub title: String,
    pub items_total: u32,
    pub items_ready: u32,
    pub items_not_applicable: u32,
    pub evidence_count: u32,
    /// At least one item addressing it is ready for audit, an approved policy covers it,
    /// or (CC3, CC9.1) a signed-off risk register does.
    pub covered: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CategoryCoverage {
    pub category: Category,
    pub name: String,
    pub criteria_total: u32,
    pub criteria_covered: u32,
    pub items_total: u32,
    /// Ready or not applicable.
    pub items_done: u32,
    /// Criteria covered, 0 to 100.
    pub percent: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// An in-scope criterion with no item ready for audit.
    CriterionNotCovered,
    /// An item marked ready with no evidence attached.
    ReadyWithoutEvidence,
    /// An item marked not applicable without saying why.
    NotApplicableWithoutReason,
    /// A risk whose residual score is above the appetite, with no acceptance.
    RiskAboveAppetite,
    /// A risk to be mitigated with no checklist item linked as its control.
    RiskWithoutControls,
    /// A risk whose linked controls are not all ready for audit.
    RiskControlsNotReady,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Gap {
    pub kind: GapKind,
    /// The criterion id or item reference the gap is about.
    pub subject: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Coverage {
    pub criteria: Vec<CriterionCoverage>,
    pub categories: Vec<CategoryCoverage>,
    pub gaps: Vec<Gap>,
}

pub(crate) fn percent(part: u32, whole: u32) -> u8 {
    (part * 100).checked_div(whole).unwrap_or(0).min(100) as u8
}

pub fn coverage(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Coverage, WorkbookError> {
    let items = list_conn(conn, today)?;
    from_items(conn, &items, today)
}

pub(crate) fn from_items(
    conn: &rusqlite::Connection,
    items: &[ChecklistItem],
    today: NaiveDate,
) -> Result<Coverage, WorkbookError> {
    let in_scope = super::store::in_scope_criteria(conn)?;
    // Criteria in catalog order.
    let mut stmt = conn.prepare("SELECT id, category, title FROM criterion ORDER BY sort")?;
    let catalog: Vec<(String, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;

    // Criteria an approved policy addresses count as covered too.
    let mut policy_covered = std::collections::HashSet::new();
    {
        let mut stmt = conn.prepare(
            "SELECT p.criteria FROM policy p
             WHERE EXISTS (SELECT 1 FROM policy_version v WHERE v.policy_id = p.id AND v.status = 'approved')",
        )?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            policy_covered.extend(serde_json::from_str::<Vec<String>>(&row?).unwrap_or_default());
        }
    }
    // So do the risk criteria (CC3, CC9.1) once the register is signed off.
    let risk_covered = crate::risks::coverage::covered_criteria(conn, today)?;
    // So do the access criteria once an access review is signed off.
    if crate::access::report::any_signed_off(conn)? {
        policy_covered.extend(crate::access::report::CRITERIA.iter().map(|c| (*c).to_owned()));
    }
    let mut criteria = Vec::new();
    let mut gaps = Vec::new();
    for (id, category, title) in catalog {
        if !in_scope.contains(&id) {
            continue;
        }
        let Some(category) = Category::parse(&category) else { continue };
        let mapped: Vec<&ChecklistItem> = items.iter().filter(|i| i.criteria.contains(&id)).collect();
        let ready = mapped.iter().filter(|i| i.status == ItemStatus::Ready).count() as u32;
        let na = mapped.iter().filter(|i| i.status == ItemStatus::NotApplicable).count() as u32;
        let evidence = mapped.iter().map(|i| i.evidence_count).sum();
        let covered = ready > 0 || policy_covered.contains(&id) || risk_covered.contains(&id);
        if !covered {
            gaps.push(Gap {
                kind: GapKind::CriterionNotCovered,
                subject: id.clone(),
                message: if mapped.is_empty() {
                    format!("{id} {title}: no checklist item addresses it.")
                } else {
                    format!("{id} {title}: none of its {} items is ready for audit yet.", mapped.len())
                },
            });
        }
        criteria.push(CriterionCoverage {
            id,
            category,
            title,
            items_total: mapped.len() as u32,
            items_ready: ready,
            items_not_applicable: na,
            evidence_count: evidence,
            covered,
        });
    }
    for item in items.iter().filter(|i| i.in_scope) {
        if item.status == ItemStatus::Ready && item.evidence_count == 0 {
            gaps.push(Gap {
                kind: GapKind::ReadyWithoutEvidence,
                subject: item.reference.clone(),
                message: format!("{} {}: marked ready but has no evidence attached.", item.reference, item.title),
            });
        }
        if item.status == ItemStatus::NotApplicable && item.na_justification.trim().is_empty() {
            gaps.push(Gap {
                kind: GapKind::NotApplicableWithoutReason,
                subject: item.reference.clone(),
                message: format!("{} {}: not applicable, but no reason is given.", item.reference, item.title),
            });
        }
    }
    gaps.extend(crate::risks::coverage::gaps(conn, today)?);

    let mut by_category: BTreeMap<Category, CategoryCoverage> = BTreeMap::new();
    for c in &criteria {
        let entry = by_category.entry(c.category).or_insert_with(|| CategoryCoverage {
            category: c.category,
            name: c.category.name().to_owned(),
            criteria_total: 0,
            criteria_covered: 0,
            items_total: 0,
            items_done: 0,
            percent: 0,
        });
        entry.criteria_total += 1;
        entry.criteria_covered += u32::from(c.covered);
    }
    for (category, entry) in by_category.iter_mut() {
        let ids: HashSet<&str> = criteria.iter().filter(|c| c.category == *category).map(|c| c.id.as_str()).collect();
        let related: Vec<&ChecklistItem> =
            items.iter().filter(|i| i.criteria.iter().any(|c| ids.contains(c.as_str()))).collect();
        entry.items_total = related.len() as u32;
        entry.items_done =
            related.iter().filter(|i| matches!(i.status, ItemStatus::Ready | ItemStatus::NotApplicable)).count() as u32;
        entry.percent = percent(entry.criteria_covered, entry.criteria_total);
    }
    Ok(Coverage { criteria, categories: by_category.into_values().collect(), gaps })
}

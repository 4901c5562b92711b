//! The criteria as a workbook sees them: the catalog text it holds, whether each is in
//! scope, what in the workbook addresses it, and how ready it is (read from
//! `crate::readiness`, the one place the rule lives).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::catalog::Category;
use crate::readiness::{CriterionReadiness, CriterionStatus, KeyWork};
use crate::workbook::{Workbook, WorkbookError};

/// What kind of workbook record addresses a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CoverageKind {
    ChecklistItem,
    Policy,
    AccessReview,
    /// The risk register as a whole (CC3 and CC9.1).
    RiskRegister,
}

/// One record that addresses a criterion, as the criteria browser lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CoverageLink {
    pub kind: CoverageKind,
    pub id: String,
    pub title: String,
    /// Whether the record is finished (item ready with evidence or not applicable with a
    /// reason, policy approved, review signed off).
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CriterionView {
    pub id: String,
    pub category: Category,
    pub series: String,
    pub series_name: String,
    pub title: String,
    pub summary: String,
    pub guidance: Vec<String>,
    pub in_scope: bool,
    /// Records that map to this criterion, finished or not.
    pub addressed_by: Vec<CoverageLink>,
    /// How ready it is, by the rule in `crate::readiness`; None when out of scope.
    pub readiness: Option<CriterionReadiness>,
    /// Share of its key work done, 0 to 100 (0 when out of scope).
    pub percent: u8,
    /// Its key controls and whether each is done (empty when out of scope).
    pub key_items: Vec<KeyWork>,
}

/// All criteria the workbook holds, in catalog order, flagged by the categories in scope
/// and by readiness as of `today`.
pub fn list(wb: &Workbook, today: NaiveDate) -> Result<Vec<CriterionView>, WorkbookError> {
    let in_scope = super::in_scope_categories(wb)?;
    let links = addressed_by(wb, today)?;
    let mut readiness: HashMap<String, CriterionStatus> =
        crate::readiness::evaluate(wb.conn(), today)?.criteria.into_iter().map(|c| (c.id.clone(), c)).collect();
    let mut stmt = wb.conn().prepare(
        "SELECT c.id, c.category, c.series, coalesce(s.name, ''), c.title, c.summary, c.guidance
         FROM criterion c LEFT JOIN criteria_series s ON s.key = c.series ORDER BY c.sort",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, category, series, series_name, title, summary, guidance) = row?;
        let Some(category) = Category::parse(&category) else { continue };
        let status = readiness.remove(&id);
        out.push(CriterionView {
            in_scope: in_scope.contains(&category),
            readiness: status.as_ref().map(|s| s.readiness),
            percent: status.as_ref().map_or(0, |s| s.percent),
            key_items: status.map(|s| s.key_items).unwrap_or_default(),
            addressed_by: links.get(&id).cloned().unwrap_or_default(),
            guidance: serde_json::from_str(&guidance).unwrap_or_default(),
            id,
            category,
            series,
            series_name,
            title,
            summary,
        });
    }
    Ok(out)
}

/// The checklist items, policies, access reviews and the risk register mapped to each
/// criterion, as of `today`.
fn addressed_by(
    wb: &Workbook,
    today: NaiveDate,
) -> Result<std::collections::HashMap<String, Vec<CoverageLink>>, WorkbookError> {
    let mut stmt = wb.conn().prepare(
        "SELECT m.criterion_id, i.id, i.ref || ' ' || i.title,
                (i.status = 'ready' AND EXISTS (SELECT 1 FROM item_evidence e WHERE e.item_id = i.id))
                OR (i.status = 'not_applicable' AND trim(i.na_justification) <> '')
         FROM item_criterion m JOIN checklist_item i ON i.id = m.item_id ORDER BY i.rowid",
    )?;
    let mut map: std::collections::HashMap<String, Vec<CoverageLink>> = std::collections::HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            CoverageLink { kind: CoverageKind::ChecklistItem, id: r.get(1)?, title: r.get(2)?, complete: r.get(3)? },
        ))
    })?;
    for row in rows {
        let (criterion, link) = row?;
        map.entry(criterion).or_default().push(link);
    }
    let mut stmt = wb.conn().prepare(
        "SELECT p.id, p.title, p.criteria,
                EXISTS (SELECT 1 FROM policy_version v WHERE v.policy_id = p.id AND v.status = 'approved')
         FROM policy p ORDER BY p.rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, bool>(3)?))
    })?;
    for row in rows {
        let (id, title, criteria, approved) = row?;
        for c in serde_json::from_str::<Vec<String>>(&criteria).unwrap_or_default() {
            map.entry(c).or_default().push(CoverageLink {
                kind: CoverageKind::Policy,
                id: id.clone(),
                title: title.clone(),
                complete: approved,
            });
        }
    }
    // Review dates do not affect coverage, so any day will do for reading the register.
    for (criterion, link) in crate::risks::coverage::criteria_links(wb.conn(), today)? {
        map.entry(criterion).or_default().push(link);
    }
    for c in crate::access::list_light(wb.conn(), chrono::Local::now().date_naive())? {
        for criterion in crate::access::report::CRITERIA {
            map.entry(criterion.to_owned()).or_default().push(CoverageLink {
                kind: CoverageKind::AccessReview,
                id: c.id.clone(),
                title: format!("Access review: {} as of {}", c.system_name, c.as_of),
                complete: c.status == crate::access::CampaignStatus::SignedOff,
            });
        }
    }
    Ok(map)
}

//! The readiness summary: what is in a workbook and how far each step has come.
//! Feeds `readiness info`, the sidebar's completion indicators and the overview screen.
//! The readiness figure itself comes from `crate::readiness`; steps are progress only.

use serde::Serialize;
use ts_rs::TS;

use crate::checklist::dashboard::Dashboard;
use crate::organization::{self, Organization};
use crate::workbook::{
    log_count, log_head, migrations, AppVersions, Workbook, WorkbookError, WorkbookId, GENESIS_HASH,
};

/// The guided steps, in the order the sidebar walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Scope,
    Risks,
    Criteria,
    Checklist,
    Policies,
    AccessReviews,
    Vendors,
    Binder,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Scope,
        Step::Risks,
        Step::Criteria,
        Step::Checklist,
        Step::Policies,
        Step::AccessReviews,
        Step::Vendors,
        Step::Binder,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Scope => "Scope",
            Step::Risks => "Risk assessment",
            Step::Criteria => "Criteria",
            Step::Checklist => "Checklist",
            Step::Policies => "Policies",
            Step::AccessReviews => "Access reviews",
            Step::Vendors => "Vendors",
            Step::Binder => "Binder",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    NotStarted,
    InProgress,
    Complete,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct StepProgress {
    pub step: Step,
    pub title: String,
    pub state: StepState,
    /// 0 to 100.
    pub percent: u8,
    /// One line for the sidebar tooltip and the overview, e.g. "4 of 5 profile fields".
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChangeLogSummary {
    #[ts(type = "number")]
    pub entries: i64,
    pub head_hash: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct WorkbookSummary {
    pub workbook_id: WorkbookId,
    pub path: String,
    pub schema_version: u32,
    pub created_at: String,
    /// Which app versions created the file and last wrote to it.
    pub app_versions: AppVersions,
    pub organization: Organization,
    pub change_log: ChangeLogSummary,
    /// How far each step has come: progress, not readiness.
    pub steps: Vec<StepProgress>,
    /// How ready the company is, by the one rule in `crate::readiness`.
    pub readiness: crate::readiness::ReadinessSummary,
    /// What the readiness figure is judged against (the as-of date, or today).
    pub yardstick: crate::readiness::as_of::Yardstick,
}

pub fn summarize(wb: &Workbook) -> Result<WorkbookSummary, WorkbookError> {
    let conn = wb.conn();
    let org = organization::get(wb)?;
    let created_at: String =
        conn.query_row("SELECT value FROM meta WHERE key = 'created_at'", [], |r| r.get(0)).unwrap_or_default();
    let dash = crate::checklist::dashboard::dashboard(conn, chrono::Local::now().date_naive())?;
    let steps: Vec<StepProgress> = Step::ALL
        .iter()
        .map(|&step| match step {
            Step::Scope => scope_progress(wb, &org),
            Step::Criteria => criteria_progress(&dash),
            Step::Checklist => checklist_progress(&dash),
            Step::Vendors => vendors_progress(&dash),
            Step::Policies => policies_progress(&dash),
            Step::Risks => risks_progress(&dash),
            // Filled in below from the other steps.
            Step::Binder => Ok(progress(Step::Binder, 0, 0, "")),
            Step::AccessReviews => access_progress(&dash),
        })
        .collect::<Result<_, WorkbookError>>()?;
    let binder = binder_progress(&steps);
    let mut steps = steps;
    if let Some(slot) = steps.iter_mut().find(|s| s.step == Step::Binder) {
        *slot = binder;
    }
    Ok(WorkbookSummary {
        workbook_id: wb.id().clone(),
        path: wb.path().display().to_string(),
        schema_version: migrations::schema_version(conn)?,
        created_at,
        app_versions: wb.app_versions(),
        organization: org,
        change_log: ChangeLogSummary {
            entries: log_count(conn)?,
            head_hash: log_head(conn)?.map(|(_, h)| h).unwrap_or_else(|| GENESIS_HASH.to_owned()),
        },
        steps,
        readiness: dash.readiness.clone(),
        yardstick: dash.yardstick.clone(),
    })
}

/// Scoping is done when an auditor could read who, what, when and which criteria.
fn scope_progress(wb: &Workbook, org: &Organization) -> Result<StepProgress, WorkbookError> {
    let scope = crate::scope::get(wb)?;
    let people = crate::people::list(wb)?;
    let systems = crate::systems::list(wb)?;
    let sections = crate::scope::description::written_count(wb)?;
    let checks = [
        !org.product.is_empty(),
        !org.locations.is_empty(),
        !org.auditor_firm.is_empty(),
        scope.as_of_date.is_some() || scope.period_start.is_some(),
        !scope.system_name.is_empty(),
        people.iter().any(|p| p.roles.contains(&crate::people::Role::SecurityOwner)),
        systems.iter().any(|s| s.in_scope),
        !systems.is_empty() && systems.iter().filter(|s| s.in_scope).all(|s| s.owner_id.is_some()),
        sections >= crate::scope::catalog().description_sections.len(),
    ];
    let done = checks.iter().filter(|f| **f).count();
    Ok(progress(Step::Scope, done, checks.len(), "scoping tasks"))
}

/// The binder can be exported at any time; it is complete when every step it draws on is.
fn binder_progress(steps: &[StepProgress]) -> StepProgress {
    let sources: Vec<&StepProgress> = steps.iter().filter(|s| s.step != Step::Binder).collect();
    let done = sources.iter().filter(|s| s.state == StepState::Complete).count();
    let mut p = progress(Step::Binder, done, sources.len(), "steps complete");
    if p.state == StepState::NotStarted {
        // Never "not started": a binder of what exists so far is always available.
        p.state = StepState::InProgress;
    }
    p
}

fn criteria_progress(dash: &Dashboard) -> Result<StepProgress, WorkbookError> {
    let r = &dash.readiness;
    let ready = r.criteria_ready + r.criteria_not_applicable;
    Ok(progress(Step::Criteria, ready as usize, r.criteria_in_scope as usize, "criteria ready"))
}

/// A policy is done once a version of it is approved and in force.
fn policies_progress(dash: &Dashboard) -> Result<StepProgress, WorkbookError> {
    Ok(progress(Step::Policies, dash.policies_approved as usize, dash.policies_total as usize, "policies approved"))
}

/// A vendor is done when nothing about it is flagged (assurance current, DPA signed...).
/// The detail names what is left rather than what is done: it is what the user acts on.
fn vendors_progress(dash: &Dashboard) -> Result<StepProgress, WorkbookError> {
    let mut p = progress(Step::Vendors, dash.vendors_clear as usize, dash.vendors_total as usize, "");
    let flagged = dash.vendors_total.saturating_sub(dash.vendors_clear);
    p.detail = match (dash.vendors_total, flagged) {
        (0, _) => "No vendors listed yet".to_owned(),
        (n, 0) => format!("All {n} vendors in order"),
        (n, 1) => format!("1 of {n} vendors needs attention"),
        (n, f) => format!("{f} of {n} vendors need attention"),
    };
    Ok(p)
}

/// Each live risk counts once it is handled (owner, within appetite or accepted,
/// treatment carried out), and the sign-off counts as one more task.
fn risks_progress(dash: &Dashboard) -> Result<StepProgress, WorkbookError> {
    let done = dash.risks_treated as usize + usize::from(dash.risks_signed_off);
    let total = dash.risks_total as usize + 1;
    let mut p = progress(Step::Risks, done, total, "");
    p.detail = match (dash.risks_total, dash.risks_signed_off) {
        (0, _) => "No risks in the register yet".to_owned(),
        (n, signed) => {
            let mut detail = format!("{} of {n} risks handled", dash.risks_treated);
            if dash.risks_above_appetite > 0 {
                detail += &format!(", {} above appetite", dash.risks_above_appetite);
            }
            if !signed {
                detail += ", not signed off";
            }
            detail
        }
    };
    Ok(p)
}

/// A review is done once the reviewer signs it off.
fn access_progress(dash: &Dashboard) -> Result<StepProgress, WorkbookError> {
    Ok(progress(
        Step::AccessReviews,
        dash.access.signed_off as usize,
        dash.access.campaigns_total as usize,
        "access reviews signed off",
    ))
}

/// Items done are ready for audit or justified as not applicable.
fn checklist_progress(dash: &Dashboard) -> Result<StepProgress, WorkbookError> {
    Ok(progress(Step::Checklist, dash.items_done as usize, dash.items_total as usize, "items done"))
}

fn progress(step: Step, done: usize, total: usize, what: &str) -> StepProgress {
    let percent = (done * 100).checked_div(total).unwrap_or(0).min(100) as u8;
    StepProgress {
        step,
        title: step.title().to_owned(),
        state: match done {
            0 => StepState::NotStarted,
            d if d >= total => StepState::Complete,
            _ => StepState::InProgress,
        },
        percent,
        detail: format!("{done} of {total} {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_states_follow_counts() {
        assert_eq!(progress(Step::Scope, 0, 5, "x").state, StepState::NotStarted);
        assert_eq!(progress(Step::Scope, 2, 5, "x").state, StepState::InProgress);
        assert_eq!(progress(Step::Scope, 2, 5, "x").percent, 40);
        assert_eq!(progress(Step::Scope, 5, 5, "x").state, StepState::Complete);
    }
}

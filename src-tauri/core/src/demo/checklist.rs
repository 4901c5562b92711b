//! The demo's checklist: owners by area, a realistic spread of statuses a few months
//! before the audit (the key controls further along than the rest), some work overdue,
//! and justified exclusions.

use chrono::{Duration, NaiveDate};

use crate::checklist::{self, ItemEdit, ItemStatus};
use crate::people;
use crate::readiness::as_of;
use crate::workbook::{Actor, Workbook, WorkbookError};

fn owner_email(area: &str) -> &'static str {
    match area {
        "access_control" | "incident_response" => "tomas@parcelwise.io",
        "network_security" | "data_protection" | "monitoring_availability" | "business_continuity" => {
            "ethan@parcelwise.io"
        }
        "change_management" | "documentation" | "processing_integrity" => "jonas@parcelwise.io",
        "human_resources" => "samuel@parcelwise.io",
        "governance" => "maya@parcelwise.io",
        _ => "priya@parcelwise.io",
    }
}

/// Items that do not apply to a remote-first company on a public cloud, with the reason
/// the team would give the auditor.
const NOT_APPLICABLE: &[(&str, &str)] = &[(
    "AC-14",
    "Parcelwise has no offices or on-premises equipment: everyone works remotely and production runs on AWS, whose physical controls are covered by its SOC 2 report (see BC-10).",
)];

pub(super) fn seed(wb: &mut Workbook, actor: &Actor, today: NaiveDate) -> Result<(), WorkbookError> {
    let items = checklist::list(wb, today)?;
    let in_scope = checklist::in_scope_criteria(wb.conn())?;
    let as_of = crate::scope::as_of_date(wb.conn())?;
    wb.write(actor, |w| -> Result<(), WorkbookError> {
        let mut key_index = 0usize;
        for (n, item) in items.iter().filter(|i| i.in_scope).enumerate() {
            let owner = people::find_by_email(w.sql(), owner_email(&item.area))?.map(|p| p.id);
            let is_key = item.key_for.iter().any(|c| in_scope.contains(c));
            let (status, due, reason) = if let Some((_, why)) =
                NOT_APPLICABLE.iter().find(|(r, _)| *r == item.reference)
            {
                (ItemStatus::NotApplicable, None, (*why).to_owned())
            } else if is_key {
                // The team started with the key controls: three in five done, one under
                // way, one planned (a few of those due after the as-of date, one with no
                // date yet), so some criteria are ready, some partly, a few not started.
                let k = key_index as i64;
                key_index += 1;
                match k % 5 {
                    0..=2 => (ItemStatus::Ready, Some(today - Duration::days(15 + k % 40)), String::new()),
                    3 if k % 2 == 1 => (ItemStatus::InProgress, Some(today - Duration::days(3 + k % 9)), String::new()),
                    3 => (ItemStatus::InProgress, Some(today + Duration::days(14 + k % 30)), String::new()),
                    _ if k == 9 => (ItemStatus::NotStarted, None, String::new()),
                    _ => (ItemStatus::NotStarted, Some(today + Duration::days(40 + (k * 11) % 100)), String::new()),
                }
            } else {
                // A steady mix: about a third ready, a fifth under way, the rest planned.
                match n % 10 {
                    0 | 3 | 6 => (ItemStatus::Ready, Some(today - Duration::days(20 + n as i64 % 30)), String::new()),
                    1 => (ItemStatus::InProgress, Some(today - Duration::days(5 + n as i64 % 12)), String::new()),
                    4 => (ItemStatus::InProgress, Some(today + Duration::days(10 + n as i64 % 20)), String::new()),
                    _ => {
                        (ItemStatus::NotStarted, Some(today + Duration::days(30 + (n as i64 * 7) % 90)), String::new())
                    }
                }
            };
            // Recurring controls done now need fresh evidence inside their window before the
            // as-of date: most owners have planned that collection (the item's due date),
            // one in six has not, so the plan and the gaps show both.
            let due = match (status, as_of.and_then(|d| as_of::window_opens(item.frequency, d).map(|w| (w, d)))) {
                (ItemStatus::Ready, Some((opens, d))) if opens > today && n % 6 != 5 => {
                    Some((opens + Duration::days(3 + n as i64 % 12)).min(d))
                }
                _ => due,
            };
            let edit =
                ItemEdit { owner_id: owner, status, due_date: due, na_justification: reason, comments: String::new() };
            checklist::update(w, &item.id, &edit)?;
        }
        Ok(())
    })
}

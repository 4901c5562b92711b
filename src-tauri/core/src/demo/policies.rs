//! The demo's policies: most approved by the CEO a month ago, a couple still being
//! worked on, and the handbook policies acknowledged by the team.

use chrono::{Duration, NaiveDate};

use crate::people::{self, EmploymentStatus};
use crate::policies;
use crate::workbook::{Actor, Workbook, WorkbookError};

/// Policies the demo team has not finished: one in review, one still a draft.
const IN_REVIEW: &str = "privacy";
const DRAFT: &str = "physical-security";
/// Approved over a year ago, so its review shows as due.
const OVERDUE_REVIEW: &str = "data-retention";
/// Policies every person is asked to acknowledge.
const HANDBOOK: &[&str] = &["information-security", "acceptable-use", "code-of-conduct"];

pub(super) fn seed(wb: &mut Workbook, actor: &Actor, today: NaiveDate) -> Result<(), WorkbookError> {
    let approved_on = today - Duration::days(30);
    wb.write(actor, |w| -> Result<(), WorkbookError> {
        let approver = people::find_by_email(w.sql(), "maya@parcelwise.io")?
            .ok_or_else(|| WorkbookError::Invalid("The demo approver is missing.".to_owned()))?;
        let staff: Vec<String> = people::list_conn(w.sql())?
            .into_iter()
            .filter(|p| p.status != EmploymentStatus::Left)
            .map(|p| p.id)
            .collect();
        for p in policies::list(w.sql(), today)? {
            match p.id.as_str() {
                DRAFT => continue,
                IN_REVIEW => policies::submit_for_review(w, &p.id)?,
                _ => {
                    // One policy was approved last year and is now due for its review.
                    let on = if p.id == OVERDUE_REVIEW { today - Duration::days(400) } else { approved_on };
                    policies::approve(w, &p.id, &approver.id, on)?;
                    if HANDBOOK.contains(&p.id.as_str()) {
                        let version = policies::versions(w.sql(), &p.id)?
                            .into_iter()
                            .next()
                            .ok_or_else(|| WorkbookError::Invalid("A demo policy has no version.".to_owned()))?;
                        for (n, person) in staff.iter().enumerate() {
                            // A few people have not got round to it yet.
                            if n % 7 != 3 {
                                policies::acknowledge(
                                    w,
                                    &version.id,
                                    person,
                                    approved_on + Duration::days(1 + n as i64 % 10),
                                )?;
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    })
}

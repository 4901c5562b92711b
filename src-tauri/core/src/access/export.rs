//! A review as CSV: every account with its flags, decision and remediation, for the
//! auditor's request list or a spreadsheet.

use super::accounts::{each, AccountFilter};
use super::decisions::remediation;
use crate::workbook::WorkbookError;

const HEADER: &[&str] = &[
    "Account",
    "Display name",
    "Email",
    "Role or groups",
    "Status",
    "Active",
    "Last sign-in",
    "MFA",
    "Person",
    "Matched by",
    "Flags",
    "Why flagged",
    "Decision",
    "Reason",
    "Label",
    "Decided by",
    "Decided on",
    "Remediation ticket",
    "Remediation completed",
    "Line in export",
];

/// The whole review as CSV bytes, written account by account.
pub fn export_csv(conn: &rusqlite::Connection, campaign_id: &str) -> Result<Vec<u8>, WorkbookError> {
    let tasks: std::collections::HashMap<String, _> =
        remediation(conn, campaign_id)?.into_iter().map(|t| (t.account_id.clone(), t)).collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| WorkbookError::Invalid(format!("Could not write the CSV: {e}"));
    out.write_record(HEADER).map_err(io)?;
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    };
    each(conn, campaign_id, &AccountFilter::default(), |r| -> Result<(), WorkbookError> {
        let task = tasks.get(&r.id);
        out.write_record([
            r.identity.as_str(),
            &r.display_name,
            &r.email,
            &r.roles,
            &r.account_status,
            yes_no(Some(r.active)),
            &r.last_login.map(|d| d.to_string()).unwrap_or_default(),
            yes_no(r.mfa),
            &match (&r.person_name, r.person_removed) {
                (Some(n), true) => format!("{n} (removed from the roster)"),
                (Some(n), false) => n.clone(),
                (None, _) => String::new(),
            },
            &match (r.matched_by, r.match_note.is_empty()) {
                (Some(m), true) => m.label().to_owned(),
                (Some(m), false) => format!("{} ({})", m.label(), r.match_note),
                (None, _) => String::new(),
            },
            &r.flags.iter().map(|f| f.flag.label()).collect::<Vec<_>>().join("; "),
            &r.flags.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" "),
            r.decision.map(|d| d.label()).unwrap_or(""),
            &r.reason,
            r.label.map(|l| l.label()).unwrap_or(""),
            &r.decided_by,
            &r.decided_on.map(|d| d.to_string()).unwrap_or_default(),
            task.map(|t| t.ticket.as_str()).unwrap_or(""),
            &task.and_then(|t| t.completed_on).map(|d| d.to_string()).unwrap_or_default(),
            &r.line.to_string(),
        ])
        .map_err(io)
    })?;
    out.into_inner().map_err(|e| WorkbookError::Invalid(format!("Could not write the CSV: {e}")))
}

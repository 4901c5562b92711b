//! The demo's evidence: a handful of realistic exports and records (our own, fictional),
//! attached through the same streaming path a user's files take, and linked to the
//! demo's ready items in the matching area.

use std::ops::ControlFlow;

use chrono::NaiveDate;

use crate::checklist::{self, ItemStatus};
use crate::evidence::{self, NewEvidence};
use crate::workbook::{Actor, Workbook, WorkbookError};

struct DemoFile {
    name: &'static str,
    bytes: &'static [u8],
    description: &'static str,
    collected_by: &'static str,
    /// Checklist areas whose ready items this file supports.
    areas: &'static [&'static str],
}

const FILES: &[DemoFile] = &[
    DemoFile {
        name: "idp-mfa-enforcement-2026-11.csv",
        bytes: include_bytes!("../../../../assets/demo/evidence/idp-mfa-enforcement-2026-11.csv"),
        description: "Google Workspace export: every active account has MFA enforced",
        collected_by: "Priya Natarajan",
        areas: &["access_control"],
    },
    DemoFile {
        name: "offboarding-record-daniel-novak.md",
        bytes: include_bytes!("../../../../assets/demo/evidence/offboarding-record-daniel-novak.md"),
        description: "Completed offboarding ticket for a leaver, with timestamps per system",
        collected_by: "Priya Natarajan",
        areas: &["human_resources"],
    },
    DemoFile {
        name: "security-training-completion-2026.csv",
        bytes: include_bytes!("../../../../assets/demo/evidence/security-training-completion-2026.csv"),
        description: "Security awareness training completion report for 2026",
        collected_by: "Samuel Adeyemi",
        areas: &["human_resources", "governance"],
    },
    DemoFile {
        name: "rds-backup-configuration.json",
        bytes: include_bytes!("../../../../assets/demo/evidence/rds-backup-configuration.json"),
        description: "Orders database backup, encryption and restore-test settings",
        collected_by: "Ethan Park",
        areas: &["data_protection", "business_continuity", "monitoring_availability"],
    },
    DemoFile {
        name: "pull-request-review-sample-q4.csv",
        bytes: include_bytes!("../../../../assets/demo/evidence/pull-request-review-sample-q4.csv"),
        description: "Sample of merged pull requests with approver and CI result",
        collected_by: "Jonas Lindqvist",
        areas: &["change_management"],
    },
    DemoFile {
        name: "incident-tabletop-2026-10.md",
        bytes: include_bytes!("../../../../assets/demo/evidence/incident-tabletop-2026-10.md"),
        description: "Notes and follow-ups from the October incident response tabletop",
        collected_by: "Tomás Reyes",
        areas: &["incident_response"],
    },
    DemoFile {
        name: "architecture-overview.md",
        bytes: include_bytes!("../../../../assets/demo/evidence/architecture-overview.md"),
        description: "Architecture and data flow overview of the Rates API platform",
        collected_by: "Jonas Lindqvist",
        areas: &["documentation", "network_security"],
    },
    DemoFile {
        name: "idp-mfa-policy-screenshot.png",
        bytes: include_bytes!("../../../../assets/demo/evidence/idp-mfa-policy-screenshot.png"),
        description: "Screenshot of the identity provider's sign-in policy requiring MFA for all staff",
        collected_by: "Priya Natarajan",
        areas: &["access_control"],
    },
    DemoFile {
        name: "threat-detection-findings-screenshot.png",
        bytes: include_bytes!("../../../../assets/demo/evidence/threat-detection-findings-screenshot.png"),
        description: "Screenshot of the last 30 days of cloud threat-detection findings, all resolved",
        collected_by: "Ethan Park",
        areas: &["monitoring_availability"],
    },
];

pub(super) fn seed(wb: &mut Workbook, actor: &Actor, today: NaiveDate) -> Result<(), WorkbookError> {
    let dir = std::env::temp_dir().join(format!("readiness-demo-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).map_err(|e| WorkbookError::io("create the folder", &dir, e))?;
    let result = attach_all(wb, actor, today, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn attach_all(wb: &mut Workbook, actor: &Actor, today: NaiveDate, dir: &std::path::Path) -> Result<(), WorkbookError> {
    let items = checklist::list(wb, today)?;
    // Oldest first, each attached on the day it was collected: the log stays in time order.
    for (n, file) in FILES.iter().enumerate().rev() {
        let path = dir.join(file.name);
        std::fs::write(&path, file.bytes).map_err(|e| WorkbookError::io("write", &path, e))?;
        let targets: Vec<&str> = items
            .iter()
            .filter(|i| i.in_scope && i.status == ItemStatus::Ready && file.areas.contains(&i.area.as_str()))
            .map(|i| i.id.as_str())
            .collect();
        let days_ago = 3 + n as i64 * 4;
        wb.set_clock(Some(super::history_day(today, days_ago)));
        let meta = NewEvidence {
            description: file.description.to_owned(),
            collected_at: Some(today - chrono::Duration::days(days_ago)),
            collected_by: file.collected_by.to_owned(),
            file_name: None,
        };
        wb.write(actor, |w| {
            let ev = evidence::add_file(w, actor, &path, &meta, &mut |_| ControlFlow::Continue(()))?;
            for item in &targets {
                evidence::link(w, item, &ev.id)?;
            }
            Ok::<_, evidence::EvidenceError>(())
        })
        .map_err(|e| WorkbookError::Invalid(format!("The demo evidence could not be attached: {e}")))?;
    }
    Ok(())
}

//! The demo workbook: a fictional API company part-way through its first Type I, so
//! every screen has something realistic on it.

mod access;
mod checklist;
mod evidence;
mod large;
mod policies;
mod risks;
mod scoping;
mod vendors;

pub use large::create_large;

use std::path::Path;

use chrono::NaiveDate;

use crate::organization::{self, Organization};
use crate::passphrase::Passphrase;
use crate::workbook::{Access, Actor, Workbook, WorkbookError};

/// The demo's passphrase. The demo holds nothing secret, so the app can open it without
/// asking and without storing anything in the user's keyring.
pub const DEMO_PASSPHRASE: &str = "demo-workbook";

pub const DEMO_ORGANIZATION: &str = "Parcelwise, Inc.";

/// Bumped whenever the demo gains content, so a demo made by an older version can be
/// replaced instead of showing empty screens for the newer steps.
pub const CONTENT_VERSION: u32 = 12;
const CONTENT_VERSION_KEY: &str = "demo_content_version";

/// The demo content version a workbook was made with; None for a workbook that is not
/// a demo (or a demo from before versions were recorded).
pub fn content_version(wb: &Workbook) -> Result<Option<u32>, WorkbookError> {
    Ok(crate::settings::get(wb.conn(), CONTENT_VERSION_KEY)?.and_then(|v| v.parse().ok()))
}

/// How long ago the demo's team started.
const HISTORY_DAYS: i64 = 56;

/// Midday (UTC) `days_ago` days before `today`: when the demo's history says a step happened.
pub(super) fn history_day(today: NaiveDate, days_ago: i64) -> chrono::DateTime<chrono::Utc> {
    (today - chrono::Duration::days(days_ago)).and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

pub fn create_demo(path: &Path, passphrase: &Passphrase) -> Result<Workbook, WorkbookError> {
    let actor = Actor::new("demo");
    // The fictional team started eight weeks ago and attached its evidence as it went, so
    // the change log, and the burn-down read from it, has weeks of history. The log stays
    // in time order: set-up at the start, evidence on the day it was collected, the rest now.
    let today = chrono::Local::now().date_naive();
    let mut wb =
        Workbook::create_at(path, passphrase, DEMO_ORGANIZATION, &actor, Some(history_day(today, HISTORY_DAYS)))?;
    let org = Organization {
        legal_name: DEMO_ORGANIZATION.to_owned(),
        product:
            "Parcelwise Rates API: real-time shipping rates, label purchase and tracking webhooks for online stores"
                .to_owned(),
        locations: "Remote-first; registered office in Portland, Oregon, USA".to_owned(),
        auditor_firm: "Hartwell & Moss LLP (fictional)".to_owned(),
        auditor_contact: "Dana Ortiz, engagement manager".to_owned(),
        target_audit_date: NaiveDate::from_ymd_opt(2027, 3, 31),
    };
    wb.write(&actor, |w| organization::update(w, &org))?;
    scoping::seed(&mut wb, &actor)?;
    checklist::seed(&mut wb, &actor, today)?;
    evidence::seed(&mut wb, &actor, today)?;
    wb.set_clock(None);
    vendors::seed(&mut wb, &actor)?;
    policies::seed(&mut wb, &actor, today)?;
    risks::seed(&mut wb, &actor, today)?;
    access::seed(&mut wb, &actor)?;
    wb.write(&actor, |w| crate::settings::set(w, CONTENT_VERSION_KEY, &CONTENT_VERSION.to_string()))?;
    // Reopen so the caller gets the same state any later open would.
    wb.close()?;
    Workbook::open(path, passphrase, Access::ReadWrite)
}

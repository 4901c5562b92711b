//! The demo's access reviews, imported from exports in the real formats as a user
//! would: last quarter's GitHub review (signed off, its one revocation done), this
//! quarter's Google Workspace review in progress (a leaver still active, an account
//! without 2-step verification, a stale login, a shared inbox) and the AWS review not
//! yet started on, past its due date.

use chrono::NaiveDate;

use crate::access::{self, AccountLabel, CampaignInput, Decision, DecisionInput};
use crate::workbook::{Actor, Workbook, WorkbookError, WriteTx};

const GITHUB: &[u8] = include_bytes!("../../../../assets/demo/access/github-members-2026-08.csv");
const GOOGLE: &[u8] = include_bytes!("../../../../assets/demo/access/google-workspace-users-2026-11.csv");
const AWS: &[u8] = include_bytes!("../../../../assets/demo/access/aws-credential-report-2026-11.csv");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn demo_error(e: impl std::fmt::Display) -> WorkbookError {
    WorkbookError::Invalid(format!("The demo access reviews could not be set up: {e}"))
}

/// Starts a review and imports its export, in one transaction.
fn campaign(
    w: &mut WriteTx<'_>,
    system: &str,
    reviewer: &str,
    as_of: NaiveDate,
    due: NaiveDate,
    export: (&str, &[u8]),
) -> Result<String, WorkbookError> {
    let system_id =
        access::resolve_system(w.sql(), system)?.ok_or_else(|| demo_error(format!("no system {system}")))?;
    let reviewer_id = crate::people::find_by_email(w.sql(), reviewer)?.map(|p| p.id);
    let id = access::create(w, &CampaignInput { system_id, reviewer_id, as_of, due: Some(due), stale_days: 90 })?;
    let (file, _) = access::read_for_campaign(w.sql(), &id, export.1, None, None).map_err(demo_error)?;
    access::import(w, &id, &file, export.0)?;
    Ok(id)
}

fn decide(
    w: &mut WriteTx<'_>,
    campaign: &str,
    accounts: &[&str],
    decision: Decision,
    reason: &str,
    by: &str,
    on: NaiveDate,
) -> Result<(), WorkbookError> {
    let mut ids = Vec::new();
    for a in accounts {
        ids.push(access::find_by_identity(w.sql(), campaign, a)?.ok_or_else(|| demo_error(format!("no account {a}")))?);
    }
    access::decide(w, &ids, &DecisionInput { decision, reason: reason.to_owned() }, by, on)?;
    Ok(())
}

fn label(w: &mut WriteTx<'_>, campaign: &str, account: &str, label: AccountLabel) -> Result<(), WorkbookError> {
    let id = access::find_by_identity(w.sql(), campaign, account)?.ok_or_else(|| demo_error(account))?;
    access::set_label(w, &id, Some(label))
}

pub(super) fn seed(wb: &mut Workbook, actor: &Actor) -> Result<(), WorkbookError> {
    // Last quarter: GitHub, signed off, the leaver's access revoked two days later.
    wb.write(actor, |w| -> Result<(), WorkbookError> {
        let (on, by) = (day(2026, 9, 4), "Tomás Reyes");
        let id = campaign(
            w,
            "GitHub",
            "tomas@parcelwise.io",
            day(2026, 8, 31),
            day(2026, 9, 15),
            ("github-members-2026-08.csv", GITHUB),
        )?;
        label(w, &id, "parcelwise-ci", AccountLabel::Service)?;
        decide(w, &id, &["dnovak-dev"], Decision::Revoke, "Left the company on 29 August.", by, on)?;
        decide(
            w,
            &id,
            &["parcelwise-ci"],
            Decision::Change,
            "CI bot: move to a GitHub App with a scoped token instead of a member seat.",
            by,
            on,
        )?;
        decide(
            w,
            &id,
            &["tomas-reyes", "jlindqvist"],
            Decision::Keep,
            "Org owners: CTO and staff engineer, two needed for cover.",
            by,
            on,
        )?;
        decide(
            w,
            &id,
            &["bcarter"],
            Decision::Keep,
            "On parental leave until January; account kept, reviewed again next quarter.",
            by,
            on,
        )?;
        decide(w, &id, &["rmenon-sec"], Decision::Keep, "Security contractor; contract runs to March 2027.", by, on)?;
        let rest = access::AccountFilter { decision: Some(access::DecisionFilter::Undecided), ..Default::default() };
        access::decide_filtered(
            w,
            &id,
            &rest,
            &DecisionInput { decision: Decision::Keep, reason: String::new() },
            by,
            on,
        )?;
        for (account, ticket, done) in
            [("dnovak-dev", "IT-198", day(2026, 9, 2)), ("parcelwise-ci", "IT-203", day(2026, 9, 10))]
        {
            let account = access::find_by_identity(w.sql(), &id, account)?.ok_or_else(|| demo_error(account))?;
            access::update_remediation(w, &account, ticket, Some(done))?;
        }
        access::sign_off(w, &id, by, on, "All members reviewed against the roster and the engineering team list.")
    })?;

    // This quarter: Google Workspace, in review.
    wb.write(actor, |w| -> Result<(), WorkbookError> {
        let (on, by) = (day(2026, 11, 18), "Priya Natarajan");
        let id = campaign(
            w,
            "Google Workspace",
            "priya@parcelwise.io",
            day(2026, 11, 15),
            day(2026, 12, 15),
            ("google-workspace-users-2026-11.csv", GOOGLE),
        )?;
        decide(
            w,
            &id,
            &["daniel@parcelwise.io"],
            Decision::Revoke,
            "Left on 29 August; offboarding missed Google.",
            by,
            on,
        )?;
        let ids: Vec<String> = ["daniel@parcelwise.io"]
            .iter()
            .filter_map(|a| access::find_by_identity(w.sql(), &id, a).ok().flatten())
            .collect();
        for account in ids {
            access::update_remediation(w, &account, "IT-212", None)?;
        }
        label(w, &id, "support@parcelwise.io", AccountLabel::Shared)?;
        decide(
            w,
            &id,
            &[
                "maya@parcelwise.io",
                "tomas@parcelwise.io",
                "priya@parcelwise.io",
                "jonas@parcelwise.io",
                "aisha@parcelwise.io",
            ],
            Decision::Keep,
            "",
            by,
            on,
        )?;
        Ok(())
    })?;

    // AWS: the credential report is in, nothing decided yet, and the due date has passed.
    wb.write(actor, |w| -> Result<(), WorkbookError> {
        campaign(
            w,
            "Production AWS account",
            "ethan@parcelwise.io",
            day(2026, 11, 20),
            day(2026, 11, 27),
            ("aws-credential-report-2026-11.csv", AWS),
        )?;
        Ok(())
    })
}

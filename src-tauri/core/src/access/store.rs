//! Campaigns' SQL: every read and write of `access_review` and `access_mapping`.

use chrono::NaiveDate;
use rusqlite::{named_params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{CampaignStatus, Decision, Flag, Mapping, Preset};
use crate::scope::{fmt_date, parse_date};
use crate::text::single_spaced;
use crate::workbook::{Action, Entity, WorkbookError, WriteTx};

/// What a person enters to start a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CampaignInput {
    pub system_id: String,
    pub reviewer_id: Option<String>,
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    #[ts(type = "string | null")]
    pub due: Option<NaiveDate>,
    /// An active account with no sign-in for more days than this is flagged.
    pub stale_days: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct FlagCount {
    pub flag: Option<Flag>,
    pub count: u32,
}

/// The numbers a campaign's summary shows (and the binder and coverage read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct CampaignCounts {
    pub accounts: u32,
    pub undecided: u32,
    pub keep: u32,
    pub revoke: u32,
    pub change: u32,
    /// Accounts with at least one flag.
    pub flagged: u32,
    /// Flagged accounts still without a decision.
    pub flagged_undecided: u32,
    pub by_flag: Vec<FlagCount>,
    pub remediation_total: u32,
    pub remediation_open: u32,
    /// Accounts no one on the roster matches that look like people.
    pub unknown_people: u32,
    /// Accounts that look like machines (svc-, ci-, bots, root) not yet labelled.
    pub unlabelled_machines: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Campaign {
    pub id: String,
    pub system_id: String,
    pub system_name: String,
    pub reviewer_id: Option<String>,
    pub reviewer_name: Option<String>,
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    #[ts(type = "string | null")]
    pub due: Option<NaiveDate>,
    pub stale_days: u32,
    pub status: CampaignStatus,
    pub source_file: String,
    pub preset: Option<Preset>,
    pub headers: Vec<String>,
    pub imported_at: Option<String>,
    pub signed_off_by: String,
    #[ts(type = "string | null")]
    pub signed_off_on: Option<NaiveDate>,
    pub sign_off_note: String,
    /// Not signed off and the due date has passed.
    pub overdue: bool,
    pub counts: CampaignCounts,
}

const SELECT: &str = "SELECT r.id, r.system_id, coalesce(s.name, ''), r.reviewer_id, p.name, r.as_of, r.due,
        r.stale_days, r.status, r.source_file, r.preset, r.headers, r.imported_at, r.signed_off_by,
        r.signed_off_on, r.sign_off_note
    FROM access_review r LEFT JOIN system s ON s.id = r.system_id LEFT JOIN person p ON p.id = r.reviewer_id";

fn from_row(r: &Row<'_>, today: NaiveDate) -> rusqlite::Result<Campaign> {
    let status = CampaignStatus::parse(&r.get::<_, String>(8)?).unwrap_or(CampaignStatus::Open);
    let due = parse_date(r.get(6)?);
    Ok(Campaign {
        id: r.get(0)?,
        system_id: r.get(1)?,
        system_name: r.get(2)?,
        reviewer_id: r.get(3)?,
        reviewer_name: r.get(4)?,
        as_of: parse_date(r.get(5)?).unwrap_or_default(),
        due,
        stale_days: r.get(7)?,
        status,
        source_file: r.get(9)?,
        preset: r.get::<_, Option<String>>(10)?.and_then(|p| Preset::parse(&p)),
        headers: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default(),
        imported_at: r.get(12)?,
        signed_off_by: r.get(13)?,
        signed_off_on: parse_date(r.get(14)?),
        sign_off_note: r.get(15)?,
        overdue: status != CampaignStatus::SignedOff && due.is_some_and(|d| d < today),
        counts: CampaignCounts::default(),
    })
}

/// The key range of a campaign's accounts: ids are `campaign:NNNNNN`, and ':' sorts
/// just before ';', so `lo < id < hi` is exactly that campaign's rows (campaign ids are
/// UUIDs, which hold no ':').
pub(crate) fn account_range(campaign_id: &str) -> (String, String) {
    (format!("{campaign_id}:"), format!("{campaign_id};"))
}

pub(crate) fn counts(conn: &rusqlite::Connection, campaign_id: &str) -> Result<CampaignCounts, WorkbookError> {
    let (lo, hi) = account_range(campaign_id);
    let mut sql = String::from(
        "SELECT count(*), sum(d.decision IS NULL), sum(d.decision = 'keep'), sum(d.decision = 'revoke'),
                sum(d.decision = 'change'), sum(a.flags <> 0), sum(a.flags <> 0 AND d.decision IS NULL)",
    );
    for f in Flag::ALL {
        sql.push_str(&format!(", sum(a.flags & {} <> 0)", f.bit()));
    }
    sql.push_str(" FROM review_account a LEFT JOIN review_decision d ON d.id = a.id WHERE a.id > :lo AND a.id < :hi");
    let mut c = conn.query_row(&sql, named_params! { ":lo": lo, ":hi": hi }, |r| {
        let n = |i: usize| -> rusqlite::Result<u32> { Ok(r.get::<_, Option<u32>>(i)?.unwrap_or(0)) };
        let mut by_flag = Vec::new();
        for (i, f) in Flag::ALL.iter().enumerate() {
            by_flag.push(FlagCount { flag: Some(*f), count: n(7 + i)? });
        }
        Ok(CampaignCounts {
            accounts: n(0)?,
            undecided: n(1)?,
            keep: n(2)?,
            revoke: n(3)?,
            change: n(4)?,
            flagged: n(5)?,
            flagged_undecided: n(6)?,
            by_flag,
            remediation_total: 0,
            remediation_open: 0,
            unknown_people: 0,
            unlabelled_machines: 0,
        })
    })?;
    let (total, open): (u32, Option<u32>) = conn.query_row(
        "SELECT count(*), sum(completed_on IS NULL) FROM review_remediation WHERE campaign_id = :c",
        named_params! { ":c": campaign_id },
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    c.remediation_total = total;
    c.remediation_open = open.unwrap_or(0);
    let unowned = super::links::unowned(conn, campaign_id)?;
    c.unknown_people = unowned.people;
    c.unlabelled_machines = unowned.machines.len() as u32;
    Ok(c)
}

/// Every campaign, newest "as of" first, with its counts.
pub fn list(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<Campaign>, WorkbookError> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY r.as_of DESC, s.name"))?;
    let mut out: Vec<Campaign> = stmt.query_map([], |r| from_row(r, today))?.collect::<Result<_, _>>()?;
    for c in &mut out {
        c.counts = counts(conn, &c.id)?;
    }
    Ok(out)
}

/// Every campaign without its counts (which read every account): for lists that only
/// need names, dates and status, such as the criteria browser.
pub fn list_light(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<Campaign>, WorkbookError> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY r.as_of DESC, s.name"))?;
    let out = stmt.query_map([], |r| from_row(r, today))?.collect::<Result<_, _>>()?;
    Ok(out)
}

pub fn get(conn: &rusqlite::Connection, id: &str, today: NaiveDate) -> Result<Option<Campaign>, WorkbookError> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE r.id = :id"))?;
    let Some(mut c) = stmt.query_row(named_params! { ":id": id }, |r| from_row(r, today)).optional()? else {
        return Ok(None);
    };
    c.counts = counts(conn, id)?;
    Ok(Some(c))
}

/// The campaign without its counts (which read every account), for callers that only
/// need its dates, status and headers.
pub(crate) fn get_light(conn: &rusqlite::Connection, id: &str) -> Result<Option<Campaign>, WorkbookError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE r.id = :id"))?;
    Ok(stmt.query_row(named_params! { ":id": id }, |r| from_row(r, NaiveDate::MIN)).optional()?)
}

/// How many accounts the campaign's import wrote.
pub(crate) fn account_count(conn: &rusqlite::Connection, id: &str) -> Result<u32, WorkbookError> {
    Ok(conn
        .query_row("SELECT account_count FROM access_review WHERE id = :id", named_params! { ":id": id }, |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// The campaign (without counts), or a clear error when it is gone.
pub(crate) fn require(conn: &rusqlite::Connection, id: &str) -> Result<Campaign, WorkbookError> {
    get_light(conn, id)?.ok_or_else(|| WorkbookError::Invalid("That access review no longer exists.".to_owned()))
}

/// The campaign, refused when it is signed off: a signed-off review is a record.
pub(crate) fn require_open(conn: &rusqlite::Connection, id: &str) -> Result<Campaign, WorkbookError> {
    let c = require(conn, id)?;
    if c.status == CampaignStatus::SignedOff {
        return Err(WorkbookError::Invalid(format!(
            "The {} access review as of {} is signed off, so it can no longer change. Start a new review to correct it.",
            c.system_name, c.as_of
        )));
    }
    Ok(c)
}

fn validate(w: &WriteTx<'_>, input: &CampaignInput) -> Result<(), WorkbookError> {
    if crate::systems::get(w.sql(), &input.system_id)?.is_none() {
        return Err(WorkbookError::Invalid("Choose a system from the inventory to review.".to_owned()));
    }
    if let Some(r) = &input.reviewer_id {
        if crate::people::get(w.sql(), r)?.is_none() {
            return Err(WorkbookError::Invalid("The chosen reviewer is no longer on the roster.".to_owned()));
        }
    }
    if !(1..=3650).contains(&input.stale_days) {
        return Err(WorkbookError::Invalid("The sign-in limit must be between 1 and 3650 days.".to_owned()));
    }
    if input.due.is_some_and(|d| d < input.as_of) {
        return Err(WorkbookError::Invalid("The due date cannot be before the review's \"as of\" date.".to_owned()));
    }
    Ok(())
}

pub fn create(w: &mut WriteTx<'_>, input: &CampaignInput) -> Result<String, WorkbookError> {
    validate(w, input)?;
    let id = uuid::Uuid::new_v4().to_string();
    w.sql().execute(
        "INSERT INTO access_review (id, system_id, reviewer_id, as_of, due, stale_days)
         VALUES (:id, :system, :reviewer, :as_of, :due, :stale)",
        named_params! {
            ":id": id, ":system": input.system_id, ":reviewer": input.reviewer_id,
            ":as_of": fmt_date(Some(input.as_of)), ":due": fmt_date(input.due), ":stale": input.stale_days,
        },
    )?;
    w.record(Entity::AccessReview, &id, Action::Create)?;
    Ok(id)
}

/// Changes reviewer and due date at any time before sign-off; the system, "as of" date
/// and sign-in limit only before accounts are imported, since the flags were judged
/// against them.
pub fn update(w: &mut WriteTx<'_>, id: &str, input: &CampaignInput) -> Result<(), WorkbookError> {
    let c = require_open(w.sql(), id)?;
    validate(w, input)?;
    let judged = c.status == CampaignStatus::InReview;
    if judged && (input.system_id != c.system_id || input.as_of != c.as_of || input.stale_days != c.stale_days) {
        return Err(WorkbookError::Invalid(
            "The accounts were already checked against this system, date and sign-in limit. Start a new review to change them."
                .to_owned(),
        ));
    }
    w.sql().execute(
        "UPDATE access_review SET system_id = :system, reviewer_id = :reviewer, as_of = :as_of, due = :due,
            stale_days = :stale WHERE id = :id",
        named_params! {
            ":id": id, ":system": input.system_id, ":reviewer": input.reviewer_id,
            ":as_of": fmt_date(Some(input.as_of)), ":due": fmt_date(input.due), ":stale": input.stale_days,
        },
    )?;
    w.record(Entity::AccessReview, id, Action::Update)
}

/// Removes a review that is not signed off, with its accounts, decisions and remediation.
pub fn delete(w: &mut WriteTx<'_>, id: &str) -> Result<(), WorkbookError> {
    require_open(w.sql(), id)?;
    super::import::clear(w, id)?;
    w.sql().execute("DELETE FROM access_review WHERE id = :id", named_params! { ":id": id })?;
    w.record(Entity::AccessReview, id, Action::Delete)
}

/// The decisions of a review, counted; used by sign-off.
pub(crate) fn undecided(conn: &rusqlite::Connection, id: &str) -> Result<u32, WorkbookError> {
    Ok(counts(conn, id)?.undecided)
}

/// The sign-off: the reviewer's name and date. Every account needs a decision first.
pub fn sign_off(
    w: &mut WriteTx<'_>,
    id: &str,
    signed_by: &str,
    on: NaiveDate,
    note: &str,
) -> Result<(), WorkbookError> {
    let c = require_open(w.sql(), id)?;
    let signed_by = single_spaced(signed_by);
    if signed_by.is_empty() {
        return Err(WorkbookError::Invalid("Give the name of the person signing off the review.".to_owned()));
    }
    if c.status == CampaignStatus::Open {
        return Err(WorkbookError::Invalid("Import the account list before signing off the review.".to_owned()));
    }
    let left = undecided(w.sql(), id)?;
    if left > 0 {
        return Err(WorkbookError::Invalid(format!(
            "{left} account{} still need{} a decision (keep, revoke or change) before the review can be signed off.",
            if left == 1 { "" } else { "s" },
            if left == 1 { "s" } else { "" }
        )));
    }
    if on < c.as_of {
        return Err(WorkbookError::Invalid(
            "The sign-off date cannot be before the review's \"as of\" date.".to_owned(),
        ));
    }
    w.sql().execute(
        "UPDATE access_review SET status = 'signed_off', signed_off_by = :by, signed_off_on = :on,
            sign_off_note = :note WHERE id = :id",
        named_params! { ":id": id, ":by": signed_by, ":on": fmt_date(Some(on)), ":note": note.trim() },
    )?;
    w.record(Entity::AccessReview, id, Action::Update)
}

/// The mapping last used for a system's exports.
pub fn remembered_mapping(
    conn: &rusqlite::Connection,
    system_id: &str,
) -> Result<Option<(Preset, Mapping)>, WorkbookError> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT preset, mapping FROM access_mapping WHERE id = :id",
            named_params! { ":id": system_id },
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(p, m)| Some((Preset::parse(&p)?, serde_json::from_str(&m).ok()?))))
}

pub(crate) fn remember_mapping(
    w: &mut WriteTx<'_>,
    system_id: &str,
    preset: Preset,
    mapping: &Mapping,
) -> Result<(), WorkbookError> {
    let json = serde_json::to_string(mapping).map_err(|e| WorkbookError::Invalid(e.to_string()))?;
    if remembered_mapping(w.sql(), system_id)? == Some((preset, mapping.clone())) {
        return Ok(());
    }
    let exists = w.exists(Entity::AccessMapping, system_id)?;
    w.sql().execute(
        "INSERT INTO access_mapping (id, preset, mapping) VALUES (:id, :preset, :mapping)
         ON CONFLICT (id) DO UPDATE SET preset = excluded.preset, mapping = excluded.mapping",
        named_params! { ":id": system_id, ":preset": preset.as_str(), ":mapping": json },
    )?;
    w.record(Entity::AccessMapping, system_id, if exists { Action::Update } else { Action::Create })
}

/// Whether a decision needs a reason: always for revoke and change, and for keep when
/// something about the account was flagged.
pub(crate) fn reason_required(decision: Decision, flags: i64) -> bool {
    decision != Decision::Keep || flags != 0
}

/// The campaign whose id is `key` or starts with it (the CLI shows the first 8
/// characters), if exactly one does.
pub fn resolve(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>, WorkbookError> {
    let key = key.trim();
    if key.is_empty() {
        return Ok(None);
    }
    let mut stmt = conn.prepare("SELECT id FROM access_review WHERE substr(id, 1, length(:k)) = :k")?;
    let ids: Vec<String> = stmt.query_map(named_params! { ":k": key }, |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(if ids.len() == 1 { ids.into_iter().next() } else { None })
}

/// The system whose id is `key`, or whose name is `key` ignoring case and spacing.
pub fn resolve_system(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>, WorkbookError> {
    let wanted = super::check::name_key(key);
    let mut stmt = conn.prepare("SELECT id, name FROM system")?;
    let rows: Vec<(String, String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    Ok(rows
        .iter()
        .find(|(id, _)| id == key.trim())
        .or_else(|| rows.iter().find(|(_, name)| super::check::name_key(name) == wanted))
        .map(|(id, _)| id.clone()))
}

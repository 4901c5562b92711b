//! The policies' SQL: `policy`, `policy_version` and `policy_ack`. Approved versions are
//! frozen: editing an approved policy starts a new draft version.

use chrono::{Months, NaiveDate, Utc};
use rusqlite::{named_params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::fill::{self, FillContext};
use super::render::{self, Rendered};
use super::templates;
use crate::scope::parse_date;
use crate::workbook::{Action, Entity, WorkbookError, WriteTx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    Draft,
    InReview,
    Approved,
    Superseded,
}

impl VersionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::InReview => "in_review",
            Self::Approved => "approved",
            Self::Superseded => "superseded",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "in_review" => Self::InReview,
            "approved" => Self::Approved,
            "superseded" => Self::Superseded,
            _ => Self::Draft,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct VersionSummary {
    pub id: String,
    pub number: u32,
    pub status: VersionStatus,
    pub created_at: String,
    pub created_by: String,
    pub approved_by: Option<String>,
    #[ts(type = "string | null")]
    pub approved_at: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub next_review: Option<NaiveDate>,
    pub acknowledgements: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PolicySummary {
    pub id: String,
    pub title: String,
    pub owner_role: String,
    pub criteria: Vec<String>,
    /// The newest version (what is being worked on, or the approved one).
    pub latest: VersionSummary,
    /// The version in force, if any has been approved.
    pub in_force: Option<VersionSummary>,
    /// Placeholders the newest version cannot fill yet; approval waits for none.
    pub unresolved: Vec<String>,
    pub review_overdue: bool,
}

const VERSION_COLUMNS: &str =
    "v.id, v.number, v.status, v.created_at, v.created_by, p.name, v.approved_at, v.next_review,
    (SELECT count(*) FROM policy_ack a WHERE a.version_id = v.id)";

fn version_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VersionSummary> {
    Ok(VersionSummary {
        id: r.get(0)?,
        number: r.get(1)?,
        status: VersionStatus::parse(&r.get::<_, String>(2)?),
        created_at: r.get(3)?,
        created_by: r.get(4)?,
        approved_by: r.get(5)?,
        approved_at: parse_date(r.get(6)?),
        next_review: parse_date(r.get(7)?),
        acknowledgements: r.get(8)?,
    })
}

pub fn versions(conn: &rusqlite::Connection, policy_id: &str) -> Result<Vec<VersionSummary>, WorkbookError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {VERSION_COLUMNS} FROM policy_version v LEFT JOIN person p ON p.id = v.approved_by
         WHERE v.policy_id = :p ORDER BY v.number DESC"
    ))?;
    let rows = stmt.query_map(named_params! { ":p": policy_id }, version_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn latest_body(conn: &rusqlite::Connection, policy_id: &str) -> Result<Option<(String, String)>, WorkbookError> {
    Ok(conn
        .query_row(
            "SELECT id, body FROM policy_version WHERE policy_id = :p ORDER BY number DESC LIMIT 1",
            named_params! { ":p": policy_id },
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The fill context for one version: the workbook's values plus the version's own.
fn context_for(
    conn: &rusqlite::Connection,
    number: u32,
    review_months: u32,
    effective: Option<NaiveDate>,
) -> Result<FillContext, WorkbookError> {
    let mut ctx = FillContext::from_workbook(conn)?;
    ctx.set("policy.version", number.to_string());
    ctx.set(
        "policy.effective_date",
        effective.map(|d| d.format("%-d %B %Y").to_string()).unwrap_or_else(|| "the date of approval".to_owned()),
    );
    ctx.set(
        "policy.review_frequency",
        if review_months == 12 {
            "every 12 months (annually)".to_owned()
        } else {
            format!("every {review_months} months")
        },
    );
    Ok(ctx)
}

pub fn list(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<PolicySummary>, WorkbookError> {
    let mut stmt = conn.prepare("SELECT id, title, owner_role, review_months, criteria FROM policy ORDER BY rowid")?;
    let rows: Vec<(String, String, String, u32, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<Result<_, _>>()?;
    let base = FillContext::from_workbook(conn)?;
    let mut out = Vec::new();
    for (id, title, owner_role, review_months, criteria) in rows {
        let all = versions(conn, &id)?;
        let Some(latest) = all.first().cloned() else { continue };
        let in_force = all.iter().find(|v| v.status == VersionStatus::Approved).cloned();
        let body = latest_body(conn, &id)?.map(|(_, b)| b).unwrap_or_default();
        let mut ctx = base.clone();
        ctx.set("policy.version", latest.number.to_string());
        ctx.set("policy.effective_date", "the date of approval");
        ctx.set("policy.review_frequency", format!("every {review_months} months"));
        let unresolved = fill::fill(&body, &ctx).unresolved;
        let review_overdue = in_force.as_ref().and_then(|v| v.next_review).is_some_and(|d| d < today);
        out.push(PolicySummary {
            criteria: serde_json::from_str(&criteria).unwrap_or_default(),
            id,
            title,
            owner_role,
            latest,
            in_force,
            unresolved,
            review_overdue,
        });
    }
    Ok(out)
}

/// Adds every library policy the workbook does not have yet, as a first draft.
pub fn sync_from_library(w: &mut WriteTx<'_>, actor: &str) -> Result<u32, WorkbookError> {
    let mut added = 0;
    for t in templates::all() {
        if w.exists(Entity::Policy, &t.entry.key)? {
            continue;
        }
        w.sql().execute(
            "INSERT INTO policy (id, title, owner_role, review_months, criteria) VALUES (:id, :title, :owner, :months, :criteria)",
            named_params! {
                ":id": t.entry.key, ":title": t.entry.title, ":owner": t.entry.owner_role,
                ":months": t.entry.review_months, ":criteria": serde_json::Value::from(t.entry.criteria.clone()).to_string(),
            },
        )?;
        w.record(Entity::Policy, &t.entry.key, Action::Create)?;
        insert_version(w, &t.entry.key, 1, t.body, actor)?;
        added += 1;
    }
    Ok(added)
}

/// A policy of the organisation's own (not from our library), starting as a draft.
pub fn create_custom(
    w: &mut WriteTx<'_>,
    title: &str,
    owner_role: &str,
    criteria: &[String],
    body: &str,
    actor: &str,
) -> Result<String, WorkbookError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(WorkbookError::Invalid("Give the policy a title.".to_owned()));
    }
    let id = format!("custom-{}", uuid::Uuid::new_v4());
    w.sql().execute(
        "INSERT INTO policy (id, title, owner_role, review_months, criteria) VALUES (:id, :title, :owner, 12, :criteria)",
        named_params! {
            ":id": id, ":title": title, ":owner": owner_role.trim(),
            ":criteria": serde_json::Value::from(criteria.to_vec()).to_string(),
        },
    )?;
    w.record(Entity::Policy, &id, Action::Create)?;
    insert_version(w, &id, 1, body, actor)?;
    Ok(id)
}

fn insert_version(
    w: &mut WriteTx<'_>,
    policy_id: &str,
    number: u32,
    body: &str,
    actor: &str,
) -> Result<String, WorkbookError> {
    let id = uuid::Uuid::new_v4().to_string();
    w.sql().execute(
        "INSERT INTO policy_version (id, policy_id, number, body, status, created_at, created_by)
         VALUES (:id, :p, :n, :body, 'draft', :at, :by)",
        named_params! {
            ":id": id, ":p": policy_id, ":n": number, ":body": body,
            ":at": Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true), ":by": actor,
        },
    )?;
    w.record(Entity::PolicyVersion, &id, Action::Create)?;
    Ok(id)
}

fn policy_meta(conn: &rusqlite::Connection, policy_id: &str) -> Result<(String, u32), WorkbookError> {
    conn.query_row("SELECT title, review_months FROM policy WHERE id = :id", named_params! { ":id": policy_id }, |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()?
    .ok_or_else(|| WorkbookError::Invalid(format!("There is no policy {policy_id}.")))
}

/// Saves the text. A draft or a version in review is edited in place (and goes back to
/// draft); an approved policy gets a new draft version, leaving the approved one as is.
pub fn save_body(w: &mut WriteTx<'_>, policy_id: &str, body: &str, actor: &str) -> Result<(), WorkbookError> {
    policy_meta(w.sql(), policy_id)?;
    let latest = versions(w.sql(), policy_id)?.into_iter().next();
    match latest {
        Some(v) if matches!(v.status, VersionStatus::Draft | VersionStatus::InReview) => {
            w.sql().execute(
                "UPDATE policy_version SET body = :body, status = 'draft' WHERE id = :id",
                named_params! { ":body": body, ":id": v.id },
            )?;
            w.record(Entity::PolicyVersion, &v.id, Action::Update)
        }
        Some(v) => insert_version(w, policy_id, v.number + 1, body, actor).map(|_| ()),
        None => insert_version(w, policy_id, 1, body, actor).map(|_| ()),
    }
}

/// Sends the newest draft for review.
pub fn submit_for_review(w: &mut WriteTx<'_>, policy_id: &str) -> Result<(), WorkbookError> {
    let Some(v) = versions(w.sql(), policy_id)?.into_iter().next() else {
        return Err(WorkbookError::Invalid(format!("There is no policy {policy_id}.")));
    };
    if v.status != VersionStatus::Draft {
        return Err(WorkbookError::Invalid("Only a draft can be sent for review.".to_owned()));
    }
    w.sql().execute("UPDATE policy_version SET status = 'in_review' WHERE id = :id", named_params! { ":id": v.id })?;
    w.record(Entity::PolicyVersion, &v.id, Action::Update)
}

/// Approves the newest version: refused while placeholders are unfilled or when the
/// approver is not a current person on the roster. The filled text is frozen with it;
/// the version it replaces is marked superseded.
pub fn approve(w: &mut WriteTx<'_>, policy_id: &str, approver_id: &str, on: NaiveDate) -> Result<(), WorkbookError> {
    let (title, review_months) = policy_meta(w.sql(), policy_id)?;
    let approver = crate::people::get(w.sql(), approver_id)?
        .filter(|p| p.status != crate::people::EmploymentStatus::Left)
        .ok_or_else(|| WorkbookError::Invalid("Choose an approver who is currently on the roster.".to_owned()))?;
    let all = versions(w.sql(), policy_id)?;
    let Some(latest) = all.first() else {
        return Err(WorkbookError::Invalid(format!("There is no policy {policy_id}.")));
    };
    if latest.status == VersionStatus::Approved {
        return Err(WorkbookError::Invalid(format!("Version {} of the {title} is already approved.", latest.number)));
    }
    let body = latest_body(w.sql(), policy_id)?.map(|(_, b)| b).unwrap_or_default();
    let mut ctx = context_for(w.sql(), latest.number, review_months, Some(on))?;
    // The approved text names who actually approved it.
    ctx.set("role.policy_approver", approver.name.clone());
    let filled = fill::fill(&body, &ctx);
    if !filled.unresolved.is_empty() {
        return Err(WorkbookError::Invalid(format!(
            "The {title} cannot be approved yet: fill {}.",
            filled.unresolved.join(", ")
        )));
    }
    for old in all.iter().filter(|v| v.status == VersionStatus::Approved) {
        w.sql().execute(
            "UPDATE policy_version SET status = 'superseded' WHERE id = :id",
            named_params! { ":id": old.id },
        )?;
        w.record(Entity::PolicyVersion, &old.id, Action::Update)?;
    }
    let next = on.checked_add_months(Months::new(review_months));
    w.sql().execute(
        "UPDATE policy_version SET status = 'approved', approved_by = :by, approved_at = :at, next_review = :next,
             approved_text = :text WHERE id = :id",
        named_params! {
            ":id": latest.id, ":by": approver.id, ":at": on.format("%Y-%m-%d").to_string(),
            ":next": next.map(|d| d.format("%Y-%m-%d").to_string()), ":text": filled.text,
        },
    )?;
    w.record(Entity::PolicyVersion, &latest.id, Action::Update)
}

/// Records that a person has read and accepted an approved version.
pub fn acknowledge(w: &mut WriteTx<'_>, version_id: &str, person_id: &str, on: NaiveDate) -> Result<(), WorkbookError> {
    let status: Option<String> = w
        .sql()
        .query_row("SELECT status FROM policy_version WHERE id = :id", named_params! { ":id": version_id }, |r| {
            r.get(0)
        })
        .optional()?;
    if status.as_deref() != Some("approved") {
        return Err(WorkbookError::Invalid("Only the approved version of a policy can be acknowledged.".to_owned()));
    }
    let id = format!("{version_id}/{person_id}");
    let changed = w.sql().execute(
        "INSERT OR IGNORE INTO policy_ack (id, version_id, person_id, acknowledged_at) VALUES (:id, :v, :p, :at)",
        named_params! { ":id": id, ":v": version_id, ":p": person_id, ":at": on.format("%Y-%m-%d").to_string() },
    )?;
    if changed > 0 {
        w.record(Entity::PolicyAck, &id, Action::Create)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PolicyDocument {
    pub policy_id: String,
    pub title: String,
    pub version: VersionSummary,
    /// The markdown as stored, placeholders included (what the editor edits).
    pub body: String,
    /// Filled and rendered: frozen text for approved versions, live fill for drafts.
    pub rendered: Rendered,
    pub unresolved: Vec<String>,
}

/// One version of a policy (the newest when `number` is None), filled and rendered.
pub fn document(
    conn: &rusqlite::Connection,
    policy_id: &str,
    number: Option<u32>,
) -> Result<PolicyDocument, WorkbookError> {
    let (title, review_months) = policy_meta(conn, policy_id)?;
    let all = versions(conn, policy_id)?;
    let version = match number {
        Some(n) => all.iter().find(|v| v.number == n),
        None => all.first(),
    }
    .cloned()
    .ok_or_else(|| WorkbookError::Invalid(format!("The {title} has no such version.")))?;
    let (body, approved_text): (String, Option<String>) = conn.query_row(
        "SELECT body, approved_text FROM policy_version WHERE id = :id",
        named_params! { ":id": version.id },
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (text, unresolved) = match approved_text {
        Some(frozen) => (frozen, Vec::new()),
        None => {
            let f = fill::fill(&body, &context_for(conn, version.number, review_months, version.approved_at)?);
            (f.text, f.unresolved)
        }
    };
    Ok(PolicyDocument {
        policy_id: policy_id.to_owned(),
        title,
        rendered: render::render(&text),
        version,
        body,
        unresolved,
    })
}

/// The markdown of a version with its placeholders filled (the frozen text once approved).
pub fn filled_markdown(
    conn: &rusqlite::Connection,
    policy_id: &str,
    number: Option<u32>,
) -> Result<String, WorkbookError> {
    let (_, review_months) = policy_meta(conn, policy_id)?;
    let all = versions(conn, policy_id)?;
    let version = match number {
        Some(n) => all.iter().find(|v| v.number == n),
        None => all.first(),
    }
    .cloned()
    .ok_or_else(|| WorkbookError::Invalid(format!("The policy {policy_id} has no such version.")))?;
    let (body, approved_text): (String, Option<String>) = conn.query_row(
        "SELECT body, approved_text FROM policy_version WHERE id = :id",
        named_params! { ":id": version.id },
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match approved_text {
        Some(frozen) => frozen,
        None => fill::fill(&body, &context_for(conn, version.number, review_months, version.approved_at)?).text,
    })
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Acknowledgement {
    pub person_id: String,
    pub name: String,
    #[ts(type = "string")]
    pub acknowledged_at: NaiveDate,
}

/// Who has acknowledged a version, and when.
pub fn acknowledgements(conn: &rusqlite::Connection, version_id: &str) -> Result<Vec<Acknowledgement>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT a.person_id, p.name, a.acknowledged_at FROM policy_ack a JOIN person p ON p.id = a.person_id
         WHERE a.version_id = :v ORDER BY lower(p.name)",
    )?;
    let rows = stmt.query_map(named_params! { ":v": version_id }, |r| {
        Ok(Acknowledgement {
            person_id: r.get(0)?,
            name: r.get(1)?,
            acknowledged_at: parse_date(r.get(2)?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

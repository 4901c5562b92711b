//! The risk register's SQL: every read and write of `risk`, `risk_system` and
//! `risk_control`. Scales, appetite and sign-offs are in `assessment`.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{named_params, Row};
use serde::Serialize;
use ts_rs::TS;

use super::library::RiskLibrary;
use super::model::{Acceptance, ControlLink, Risk, RiskCategory, RiskInput, RiskStatus, Scales, Signoff, Treatment};
use super::scoring::{self, HeatMap};
use crate::checklist::ItemStatus;
use crate::name_index::NameIndex;
use crate::scope::{fmt_date, parse_date};
use crate::text::single_spaced;
use crate::workbook::{Action, Entity, WorkbookError, WriteTx};

pub use super::assessment::{appetite, latest_signoff, scales, set_appetite, set_scale, sign_off};

const SELECT: &str = "SELECT r.id, r.title, r.description, r.category, r.owner_id, o.name, o.email,
        r.likelihood, r.impact, r.treatment, r.treatment_notes, r.residual_likelihood, r.residual_impact,
        r.status, r.review_date, r.accepted_by, a.name, r.accepted_on, r.acceptance_reason, r.library_ref
    FROM risk r LEFT JOIN person o ON o.id = r.owner_id LEFT JOIN person a ON a.id = r.accepted_by";

struct RowData {
    id: String,
    input: RiskInput,
    owner_name: Option<String>,
    owner_email: Option<String>,
    approver_name: Option<String>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<RowData> {
    let word = |i: usize| r.get::<_, String>(i);
    let acceptance = match (r.get::<_, Option<String>>(15)?, parse_date(r.get(17)?)) {
        (Some(approver_id), Some(date)) => Some(Acceptance { approver_id, date, reason: r.get(18)? }),
        _ => None,
    };
    let input = RiskInput {
        title: r.get(1)?,
        description: r.get(2)?,
        category: RiskCategory::parse(&word(3)?).unwrap_or(RiskCategory::Security),
        owner_id: r.get(4)?,
        likelihood: r.get(7)?,
        impact: r.get(8)?,
        treatment: Treatment::parse(&word(9)?).unwrap_or(Treatment::Mitigate),
        treatment_notes: r.get(10)?,
        residual_likelihood: r.get(11)?,
        residual_impact: r.get(12)?,
        status: RiskStatus::parse(&word(13)?).unwrap_or(RiskStatus::Open),
        review_date: parse_date(r.get(14)?),
        acceptance,
        library_ref: r.get(19)?,
        system_ids: Vec::new(),
        control_item_ids: Vec::new(),
    };
    Ok(RowData { id: r.get(0)?, input, owner_name: r.get(5)?, owner_email: r.get(6)?, approver_name: r.get(16)? })
}

/// `risk id -> [(system id, system name)]` in link order.
fn systems_by_risk(conn: &rusqlite::Connection) -> Result<HashMap<String, Vec<(String, String)>>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT l.risk_id, s.id, s.name FROM risk_system l JOIN system s ON s.id = l.system_id ORDER BY l.rowid",
    )?;
    let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))? {
        let (risk, id, name) = row?;
        map.entry(risk).or_default().push((id, name));
    }
    Ok(map)
}

fn controls_by_risk(conn: &rusqlite::Connection) -> Result<HashMap<String, Vec<ControlLink>>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT l.risk_id, i.id, i.ref, i.title, i.status
         FROM risk_control l JOIN checklist_item i ON i.id = l.item_id ORDER BY i.ref",
    )?;
    let mut map: HashMap<String, Vec<ControlLink>> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        let status: String = r.get(4)?;
        Ok((
            r.get::<_, String>(0)?,
            ControlLink {
                item_id: r.get(1)?,
                reference: r.get(2)?,
                title: r.get(3)?,
                status: ItemStatus::parse(&status).unwrap_or(ItemStatus::NotStarted),
            },
        ))
    })?;
    for row in rows {
        let (risk, link) = row?;
        map.entry(risk).or_default().push(link);
    }
    Ok(map)
}

/// The register, highest residual score first, then by title.
pub fn list(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<Risk>, WorkbookError> {
    let appetite = appetite(conn)?;
    let mut systems = systems_by_risk(conn)?;
    let mut controls = controls_by_risk(conn)?;
    let mut stmt = conn.prepare(SELECT)?;
    let rows = stmt.query_map([], from_row)?;
    let mut out = Vec::new();
    for row in rows {
        let RowData { id, mut input, owner_name, owner_email, approver_name } = row?;
        let (system_ids, system_names) = systems.remove(&id).unwrap_or_default().into_iter().unzip();
        input.system_ids = system_ids;
        let controls = controls.remove(&id).unwrap_or_default();
        input.control_item_ids = controls.iter().map(|c| c.item_id.clone()).collect();
        let residual_score = scoring::score(input.residual_likelihood, input.residual_impact);
        let live = input.status != RiskStatus::Closed;
        out.push(Risk {
            inherent_score: scoring::score(input.likelihood, input.impact),
            residual_score,
            above_appetite: live && scoring::above_appetite(residual_score, appetite, input.acceptance.is_some()),
            controls_not_ready: controls.iter().filter(|c| c.status != ItemStatus::Ready).count() as u32,
            review_overdue: live && input.review_date.is_some_and(|d| d < today),
            controls,
            system_names,
            owner_name,
            owner_email,
            approver_name,
            id,
            input,
        });
    }
    out.sort_by(|a, b| {
        b.residual_score
            .cmp(&a.residual_score)
            .then_with(|| b.inherent_score.cmp(&a.inherent_score))
            .then_with(|| a.input.title.to_lowercase().cmp(&b.input.title.to_lowercase()))
    });
    Ok(out)
}

pub fn get(conn: &rusqlite::Connection, id: &str, today: NaiveDate) -> Result<Option<Risk>, WorkbookError> {
    Ok(list(conn, today)?.into_iter().find(|r| r.id == id))
}

/// How many risks name person `id` as owner or approver, plus the sign-offs they gave:
/// such a person cannot be removed from the roster without breaking the register.
pub fn person_references(conn: &rusqlite::Connection, id: &str) -> Result<u32, WorkbookError> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM risk WHERE owner_id = :id OR accepted_by = :id)
              + (SELECT count(*) FROM risk_signoff WHERE signed_by = :id)",
        named_params! { ":id": id },
        |r| r.get(0),
    )?)
}

/// The key two titles are compared by: the same words, whatever the case or spacing.
pub(crate) fn title_key(title: &str) -> String {
    single_spaced(title).to_lowercase()
}

/// The risk whose title matches `title` once case and spacing are ignored.
pub fn find_by_title(conn: &rusqlite::Connection, title: &str) -> Result<Option<String>, WorkbookError> {
    Ok(titles(conn)?.find(title).map(str::to_owned))
}

/// Every risk's title (by [`title_key`]) and id, read once for a whole import.
pub fn titles(conn: &rusqlite::Connection) -> Result<NameIndex, WorkbookError> {
    NameIndex::load(conn, "SELECT id, title FROM risk ORDER BY rowid", title_key)
}

fn invalid(msg: impl Into<String>) -> WorkbookError {
    WorkbookError::Invalid(msg.into())
}

fn validate(
    w: &WriteTx<'_>,
    input: &RiskInput,
    id: Option<&str>,
    titles: &NameIndex,
) -> Result<RiskInput, WorkbookError> {
    let mut r = input.clone();
    r.title = single_spaced(&r.title);
    r.description = r.description.trim().to_owned();
    r.treatment_notes = r.treatment_notes.trim().to_owned();
    if r.title.is_empty() {
        return Err(invalid("Give the risk a title."));
    }
    for (what, v) in [
        ("likelihood", r.likelihood),
        ("impact", r.impact),
        ("residual likelihood", r.residual_likelihood),
        ("residual impact", r.residual_impact),
    ] {
        if !(1..=5).contains(&v) {
            return Err(invalid(format!("The {what} of \"{}\" must be from 1 to 5, not {v}.", r.title)));
        }
    }
    if let Some(other) = titles.find(&r.title) {
        if Some(other) != id {
            return Err(invalid(format!("The register already has a risk called \"{}\".", r.title)));
        }
    }
    if let Some(owner) = &r.owner_id {
        if crate::people::get(w.sql(), owner)?.is_none() {
            return Err(invalid("The risk owner is not on the roster any more. Choose someone else."));
        }
    }
    match &mut r.acceptance {
        None if r.treatment == Treatment::Accept => {
            return Err(invalid(format!(
                "Accepting \"{}\" needs an approver from the roster, the date and the reason. Choose who accepted it and say why.",
                r.title
            )));
        }
        None => {}
        Some(a) => {
            a.reason = a.reason.trim().to_owned();
            if a.approver_id.trim().is_empty() || crate::people::get(w.sql(), &a.approver_id)?.is_none() {
                return Err(invalid(format!(
                    "Accepting \"{}\" needs an approver from the roster. Choose who accepted it.",
                    r.title
                )));
            }
            if a.reason.is_empty() {
                return Err(invalid(format!("Say why \"{}\" is accepted as it stands.", r.title)));
            }
        }
    }
    r.system_ids.dedup();
    for s in &r.system_ids {
        if !w.exists(Entity::System, s)? {
            return Err(invalid("One of the chosen systems is no longer in the inventory."));
        }
    }
    r.control_item_ids.dedup();
    for i in &r.control_item_ids {
        if !w.exists(Entity::ChecklistItem, i)? {
            return Err(invalid("One of the linked controls is no longer on the checklist."));
        }
    }
    Ok(r)
}

fn write_row(w: &WriteTx<'_>, id: &str, r: &RiskInput, insert: bool) -> Result<(), WorkbookError> {
    let sql = if insert {
        "INSERT INTO risk (id, title, description, category, owner_id, likelihood, impact, treatment,
            treatment_notes, residual_likelihood, residual_impact, status, review_date, accepted_by, accepted_on,
            acceptance_reason, library_ref)
         VALUES (:id, :title, :description, :category, :owner, :l, :i, :treatment, :notes, :rl, :ri, :status,
            :review, :approver, :accepted_on, :reason, :library)"
    } else {
        "UPDATE risk SET title = :title, description = :description, category = :category, owner_id = :owner,
            likelihood = :l, impact = :i, treatment = :treatment, treatment_notes = :notes,
            residual_likelihood = :rl, residual_impact = :ri, status = :status, review_date = :review,
            accepted_by = :approver, accepted_on = :accepted_on, acceptance_reason = :reason, library_ref = :library
         WHERE id = :id"
    };
    let a = r.acceptance.as_ref();
    w.sql().execute(
        sql,
        named_params! {
            ":id": id, ":title": r.title, ":description": r.description, ":category": r.category.as_str(),
            ":owner": r.owner_id, ":l": r.likelihood, ":i": r.impact, ":treatment": r.treatment.as_str(),
            ":notes": r.treatment_notes, ":rl": r.residual_likelihood, ":ri": r.residual_impact,
            ":status": r.status.as_str(), ":review": fmt_date(r.review_date),
            ":approver": a.map(|a| a.approver_id.as_str()), ":accepted_on": fmt_date(a.map(|a| a.date)),
            ":reason": a.map(|a| a.reason.as_str()).unwrap_or(""), ":library": r.library_ref,
        },
    )?;
    Ok(())
}

/// Makes the links of `table` (`risk_system` or `risk_control`) from `risk_id` exactly
/// `targets`, logging each link added or removed.
fn set_links(
    w: &mut WriteTx<'_>,
    entity: Entity,
    column: &str,
    risk_id: &str,
    targets: &[String],
) -> Result<(), WorkbookError> {
    let Some(table) = entity.table() else { return Ok(()) };
    let current: Vec<(String, String)> = {
        let mut stmt = w.sql().prepare(&format!("SELECT id, {column} FROM {table} WHERE risk_id = :r"))?;
        let rows = stmt.query_map(named_params! { ":r": risk_id }, |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (link, target) in &current {
        if !targets.contains(target) {
            w.sql().execute(&format!("DELETE FROM {table} WHERE id = :id"), named_params! { ":id": link })?;
            w.record(entity, link, Action::Delete)?;
        }
    }
    for target in targets {
        if !current.iter().any(|(_, t)| t == target) {
            let link = format!("{risk_id}/{target}");
            w.sql().execute(
                &format!("INSERT INTO {table} (id, risk_id, {column}) VALUES (:id, :r, :t)"),
                named_params! { ":id": link, ":r": risk_id, ":t": target },
            )?;
            w.record(entity, &link, Action::Create)?;
        }
    }
    Ok(())
}

pub fn create(w: &mut WriteTx<'_>, input: &RiskInput) -> Result<String, WorkbookError> {
    let mut titles = titles(w.sql())?;
    create_titled(w, input, &mut titles)
}

/// [`create`], checking the title against `titles` (kept up to date) instead of reading
/// every title again.
pub fn create_titled(w: &mut WriteTx<'_>, input: &RiskInput, titles: &mut NameIndex) -> Result<String, WorkbookError> {
    let r = validate(w, input, None, titles)?;
    let id = uuid::Uuid::new_v4().to_string();
    write_row(w, &id, &r, true)?;
    w.record(Entity::Risk, &id, Action::Create)?;
    set_links(w, Entity::RiskSystem, "system_id", &id, &r.system_ids)?;
    set_links(w, Entity::RiskControl, "item_id", &id, &r.control_item_ids)?;
    titles.set(&r.title, &id);
    Ok(id)
}

pub fn update(w: &mut WriteTx<'_>, id: &str, input: &RiskInput) -> Result<(), WorkbookError> {
    let mut titles = titles(w.sql())?;
    update_titled(w, id, input, &mut titles)
}

/// [`update`], checking the title against `titles` (kept up to date).
pub fn update_titled(
    w: &mut WriteTx<'_>,
    id: &str,
    input: &RiskInput,
    titles: &mut NameIndex,
) -> Result<(), WorkbookError> {
    if !w.exists(Entity::Risk, id)? {
        return Err(invalid("That risk is no longer in the register."));
    }
    let r = validate(w, input, Some(id), titles)?;
    write_row(w, id, &r, false)?;
    w.record(Entity::Risk, id, Action::Update)?;
    set_links(w, Entity::RiskSystem, "system_id", id, &r.system_ids)?;
    set_links(w, Entity::RiskControl, "item_id", id, &r.control_item_ids)?;
    titles.set(&r.title, id);
    Ok(())
}

/// Records that `acceptance.approver_id` accepted the risk `id` at its residual level.
/// Nothing is written when the same acceptance is already recorded, so repeating it is
/// harmless; a different acceptance replaces the earlier one (both stay in the log).
pub fn accept(w: &mut WriteTx<'_>, id: &str, acceptance: &Acceptance, today: NaiveDate) -> Result<(), WorkbookError> {
    let Some(risk) = get(w.sql(), id, today)? else {
        return Err(invalid("That risk is no longer in the register."));
    };
    let wanted = Acceptance { reason: acceptance.reason.trim().to_owned(), ..acceptance.clone() };
    if risk.input.acceptance.as_ref() == Some(&wanted) {
        return Ok(());
    }
    update(w, id, &RiskInput { acceptance: Some(wanted), ..risk.input })
}

/// Removes a risk with its links, every removal logged.
pub fn delete(w: &mut WriteTx<'_>, id: &str) -> Result<(), WorkbookError> {
    set_links(w, Entity::RiskSystem, "system_id", id, &[])?;
    set_links(w, Entity::RiskControl, "item_id", id, &[])?;
    let changed = w.sql().execute("DELETE FROM risk WHERE id = :id", named_params! { ":id": id })?;
    if changed == 0 {
        return Err(invalid("That risk is no longer in the register."));
    }
    w.record(Entity::Risk, id, Action::Delete)
}

/// The library risk `key` as a new register entry: our text and typical scores, the
/// residual scored the same as the inherent until the team judges its controls, and
/// the checklist items the library names linked as controls where the workbook has
/// them. An accept suggestion starts as mitigate, since accepting needs an approver.
pub fn add_from_library(w: &mut WriteTx<'_>, key: &str, owner_id: Option<String>) -> Result<String, WorkbookError> {
    let lib = RiskLibrary::embedded();
    let entry = lib.get(key).ok_or_else(|| invalid(format!("The risk library has no entry {key}.")))?;
    let mut controls = Vec::new();
    for item_key in &entry.controls {
        let id: Option<String> = {
            use rusqlite::OptionalExtension;
            w.sql()
                .query_row(
                    "SELECT id FROM checklist_item WHERE library_key = :k",
                    named_params! { ":k": item_key },
                    |r| r.get(0),
                )
                .optional()?
        };
        controls.extend(id);
    }
    let input = RiskInput {
        title: entry.title.clone(),
        description: entry.description.clone(),
        category: entry.category,
        owner_id,
        likelihood: entry.likelihood,
        impact: entry.impact,
        treatment: if entry.treatment == Treatment::Accept { Treatment::Mitigate } else { entry.treatment },
        treatment_notes: entry.treatment_notes.clone(),
        residual_likelihood: entry.likelihood,
        residual_impact: entry.impact,
        library_ref: Some(entry.key.clone()),
        control_item_ids: controls,
        ..RiskInput::default()
    };
    create(w, &input)
}

/// Everything the register screen shows, read once.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Register {
    pub risks: Vec<Risk>,
    pub appetite: u8,
    pub inherent: HeatMap,
    pub residual: HeatMap,
    pub above_appetite: u32,
    pub scales: Scales,
    pub signoff: Option<Signoff>,
}

pub fn register(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Register, WorkbookError> {
    let risks = list(conn, today)?;
    let appetite = appetite(conn)?;
    let live: Vec<&Risk> = risks.iter().filter(|r| r.is_live()).collect();
    Ok(Register {
        inherent: HeatMap::build(live.iter().map(|r| (r.id.as_str(), r.input.likelihood, r.input.impact)), appetite),
        residual: HeatMap::build(
            live.iter().map(|r| (r.id.as_str(), r.input.residual_likelihood, r.input.residual_impact)),
            appetite,
        ),
        above_appetite: risks.iter().filter(|r| r.above_appetite).count() as u32,
        appetite,
        scales: scales(conn)?,
        signoff: latest_signoff(conn)?,
        risks,
    })
}

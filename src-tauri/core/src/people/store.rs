//! The roster's SQL: every read and write of `person` lives here.

use chrono::NaiveDate;
use rusqlite::{named_params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{EmploymentStatus, Role};
use crate::scope::{fmt_date, parse_date};
use crate::workbook::{Action, Entity, Workbook, WorkbookError, WriteTx};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
    pub title: String,
    pub department: String,
    pub status: EmploymentStatus,
    #[ts(type = "string | null")]
    pub start_date: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub end_date: Option<NaiveDate>,
    pub roles: Vec<Role>,
}

/// What a user enters for a person; the id is the store's business.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct PersonInput {
    pub name: String,
    pub email: String,
    pub title: String,
    pub department: String,
    pub status: Option<EmploymentStatus>,
    #[ts(type = "string | null")]
    pub start_date: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub end_date: Option<NaiveDate>,
    pub roles: Vec<Role>,
}

const COLUMNS: &str = "id, name, email, title, department, status, start_date, end_date, roles";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Person> {
    let status: String = r.get(5)?;
    let roles: String = r.get(8)?;
    let roles: Vec<String> = serde_json::from_str(&roles).unwrap_or_default();
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        title: r.get(3)?,
        department: r.get(4)?,
        status: EmploymentStatus::parse(&status).unwrap_or(EmploymentStatus::Active),
        start_date: parse_date(r.get(6)?),
        end_date: parse_date(r.get(7)?),
        roles: roles.iter().filter_map(|r| Role::parse(r)).collect(),
    })
}

/// Everyone, current people first, then by name.
pub fn list(wb: &Workbook) -> Result<Vec<Person>, WorkbookError> {
    list_conn(wb.conn())
}

pub fn list_conn(conn: &rusqlite::Connection) -> Result<Vec<Person>, WorkbookError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM person ORDER BY status = 'left', lower(name)"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &rusqlite::Connection, id: &str) -> Result<Option<Person>, WorkbookError> {
    Ok(conn
        .query_row(&format!("SELECT {COLUMNS} FROM person WHERE id = :id"), named_params! { ":id": id }, from_row)
        .optional()?)
}

pub fn find_by_email(conn: &rusqlite::Connection, email: &str) -> Result<Option<Person>, WorkbookError> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM person WHERE lower(email) = lower(:email)"),
            named_params! { ":email": email.trim() },
            from_row,
        )
        .optional()?)
}

/// Checks a person's fields, returning them cleaned (trimmed, email lower-cased, roles
/// sorted and unique).
fn validate(w: &WriteTx<'_>, input: &PersonInput, id: Option<&str>) -> Result<PersonInput, WorkbookError> {
    let mut p = input.clone();
    p.name = p.name.trim().to_owned();
    p.email = p.email.trim().to_lowercase();
    p.title = p.title.trim().to_owned();
    p.department = p.department.trim().to_owned();
    if p.name.is_empty() {
        return Err(WorkbookError::Invalid("Give the person's name.".to_owned()));
    }
    if !looks_like_email(&p.email) {
        return Err(WorkbookError::Invalid(if p.email.is_empty() {
            format!("Give an email address for {}: access reviews match accounts by email.", p.name)
        } else {
            format!("\u{201c}{}\u{201d} is not an email address.", p.email)
        }));
    }
    if let (Some(start), Some(end)) = (p.start_date, p.end_date) {
        if end < start {
            return Err(WorkbookError::Invalid(format!("{}'s end date is before their start date.", p.name)));
        }
    }
    if let Some(other) = find_by_email(w.sql(), &p.email)? {
        if Some(other.id.as_str()) != id {
            return Err(WorkbookError::Invalid(format!("{} already has the email address {}.", other.name, p.email)));
        }
    }
    p.roles.sort();
    p.roles.dedup();
    Ok(p)
}

/// A deliberately loose check that catches what exports get wrong (a name in the email
/// column, a missing domain, two addresses in one cell), not a full RFC 5322 parser.
pub fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let forbidden = |c: char| c.is_whitespace() || "@,;:<>()[]\"\\".contains(c);
    !local.is_empty()
        && !local.contains(forbidden)
        && !domain.contains(forbidden)
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

fn status_of(p: &PersonInput) -> EmploymentStatus {
    p.status.unwrap_or(EmploymentStatus::Active)
}

fn roles_json(roles: &[Role]) -> String {
    let keys: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    serde_json::Value::from(keys).to_string()
}

pub fn create(w: &mut WriteTx<'_>, input: &PersonInput) -> Result<String, WorkbookError> {
    let p = validate(w, input, None)?;
    let id = uuid::Uuid::new_v4().to_string();
    w.sql().execute(
        "INSERT INTO person (id, name, email, title, department, status, start_date, end_date, roles)
         VALUES (:id, :name, :email, :title, :department, :status, :start, :end, :roles)",
        named_params! {
            ":id": id, ":name": p.name, ":email": p.email, ":title": p.title, ":department": p.department,
            ":status": status_of(&p).as_str(), ":start": fmt_date(p.start_date), ":end": fmt_date(p.end_date),
            ":roles": roles_json(&p.roles),
        },
    )?;
    w.record(Entity::Person, &id, Action::Create)?;
    Ok(id)
}

pub fn update(w: &mut WriteTx<'_>, id: &str, input: &PersonInput) -> Result<(), WorkbookError> {
    let p = validate(w, input, Some(id))?;
    let changed = w.sql().execute(
        "UPDATE person SET name = :name, email = :email, title = :title, department = :department,
             status = :status, start_date = :start, end_date = :end, roles = :roles
         WHERE id = :id",
        named_params! {
            ":id": id, ":name": p.name, ":email": p.email, ":title": p.title, ":department": p.department,
            ":status": status_of(&p).as_str(), ":start": fmt_date(p.start_date), ":end": fmt_date(p.end_date),
            ":roles": roles_json(&p.roles),
        },
    )?;
    if changed == 0 {
        return Err(WorkbookError::Invalid("That person is no longer on the roster.".to_owned()));
    }
    w.record(Entity::Person, id, Action::Update)
}

/// What [`add`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    Added(String),
    /// Someone with this email and exactly these details was already on the roster.
    AlreadyThere(String),
}

/// Adds a person, or does nothing when the very same person (same email, same details;
/// roles too when any are given) is already on the roster, so a setup script can be run
/// twice. The same email with other details is refused: changing someone is `update`'s
/// job.
pub fn add(w: &mut WriteTx<'_>, input: &PersonInput) -> Result<AddOutcome, WorkbookError> {
    if let Some(existing) = find_by_email(w.sql(), &input.email)? {
        let mut clean = validate(w, input, Some(&existing.id))?;
        clean.status = Some(status_of(&clean));
        if clean.roles.is_empty() {
            // Roles are usually given later (`people roles`); adding without any says
            // nothing about them.
            clean.roles = existing.roles.clone();
        }
        if input_of(&existing) == clean {
            return Ok(AddOutcome::AlreadyThere(existing.id));
        }
        return Err(WorkbookError::Invalid(format!(
            "{} is already on the roster with the email address {}, with other details. Change them with `people set` instead.",
            existing.name, existing.email
        )));
    }
    create(w, input).map(AddOutcome::Added)
}

/// The editable fields of a person as stored.
pub fn input_of(p: &Person) -> PersonInput {
    PersonInput {
        name: p.name.clone(),
        email: p.email.clone(),
        title: p.title.clone(),
        department: p.department.clone(),
        status: Some(p.status),
        start_date: p.start_date,
        end_date: p.end_date,
        roles: p.roles.clone(),
    }
}

/// How a person's roles change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleChange {
    /// Exactly these roles.
    Set(Vec<Role>),
    /// These as well as the ones already held.
    Add(Vec<Role>),
    /// All but these.
    Remove(Vec<Role>),
}

/// Changes the roles of the person `id` holds, returning the roles afterwards. Nothing
/// is written (or logged) when the roles stay the same, so repeating it is harmless.
pub fn change_roles(w: &mut WriteTx<'_>, id: &str, change: &RoleChange) -> Result<Vec<Role>, WorkbookError> {
    let Some(person) = get(w.sql(), id)? else {
        return Err(WorkbookError::Invalid("That person is no longer on the roster.".to_owned()));
    };
    let mut roles = match change {
        RoleChange::Set(r) => r.clone(),
        RoleChange::Add(r) => person.roles.iter().chain(r).copied().collect(),
        RoleChange::Remove(r) => person.roles.iter().filter(|x| !r.contains(*x)).copied().collect(),
    };
    roles.sort();
    roles.dedup();
    if roles != person.roles {
        update(w, id, &PersonInput { roles: roles.clone(), ..input_of(&person) })?;
    }
    Ok(roles)
}

/// Removes someone entered by mistake. People who left stay on the roster (status
/// "left") so access reviews can catch their leftover accounts; and anyone still named
/// as an owner must be replaced first, so no record changes behind the log's back.
pub fn delete(w: &mut WriteTx<'_>, id: &str) -> Result<(), WorkbookError> {
    let Some(person) = get(w.sql(), id)? else {
        return Err(WorkbookError::Invalid("That person is no longer on the roster.".to_owned()));
    };
    let owned: i64 =
        w.sql()
            .query_row("SELECT count(*) FROM system WHERE owner_id = :id", named_params! { ":id": id }, |r| r.get(0))?;
    if owned > 0 {
        return Err(WorkbookError::Invalid(format!(
            "{} owns {owned} system{} in the inventory. Choose another owner first, or mark them as left instead.",
            person.name,
            if owned == 1 { "" } else { "s" }
        )));
    }
    let reviews: i64 = w.sql().query_row(
        "SELECT count(*) FROM access_review WHERE reviewer_id = :id",
        named_params! { ":id": id },
        |r| r.get(0),
    )?;
    if reviews > 0 {
        return Err(WorkbookError::Invalid(format!(
            "{} reviews {reviews} access review{}. Choose another reviewer first, or mark them as left instead.",
            person.name,
            if reviews == 1 { "" } else { "s" }
        )));
    }
    let items: i64 = w.sql().query_row(
        "SELECT count(*) FROM checklist_item WHERE owner_id = :id",
        named_params! { ":id": id },
        |r| r.get(0),
    )?;
    if items > 0 {
        return Err(WorkbookError::Invalid(format!(
            "{} owns {items} checklist item{}. Choose another owner first, or mark them as left instead.",
            person.name,
            if items == 1 { "" } else { "s" }
        )));
    }
    let vendors: i64 =
        w.sql()
            .query_row("SELECT count(*) FROM vendor WHERE owner_id = :id", named_params! { ":id": id }, |r| r.get(0))?;
    if vendors > 0 {
        return Err(WorkbookError::Invalid(format!(
            "{} owns {vendors} vendor{}. Choose another owner first, or mark them as left instead.",
            person.name,
            if vendors == 1 { "" } else { "s" }
        )));
    }
    let risks = crate::risks::person_references(w.sql(), id)?;
    if risks > 0 {
        return Err(WorkbookError::Invalid(format!(
            "{} owns, accepted or signed off {risks} record{} in the risk register. Choose someone else there first, or mark them as left instead.",
            person.name,
            if risks == 1 { "" } else { "s" }
        )));
    }
    w.sql().execute("DELETE FROM person WHERE id = :id", named_params! { ":id": id })?;
    w.record(Entity::Person, id, Action::Delete)
}

#[cfg(test)]
mod tests {
    use super::looks_like_email;

    #[test]
    fn email_shape_is_checked_loosely_but_usefully() {
        assert!(looks_like_email("ana@parcelwise.io"));
        assert!(looks_like_email("a.b+c@sub.example.co.uk"));
        for bad in ["", "ana", "ana@", "@x.io", "ana@io", "ana@.io", "ana@x.io.", "a na@x.io", "a@b@c.io"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}

//! The systems inventory: what makes up the service, who owns each part, and whether it
//! is in the audit's scope (an exclusion always carries its reason).

use rusqlite::{named_params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::single_spaced;
use crate::workbook::{Action, Entity, Workbook, WorkbookError, WriteTx};

pub mod csv;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SystemKind {
    Application,
    Infrastructure,
    DataStore,
    Saas,
    Endpoints,
    Network,
}

impl SystemKind {
    pub const ALL: [Self; 6] =
        [Self::Application, Self::Infrastructure, Self::DataStore, Self::Saas, Self::Endpoints, Self::Network];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Infrastructure => "infrastructure",
            Self::DataStore => "data_store",
            Self::Saas => "saas",
            Self::Endpoints => "endpoints",
            Self::Network => "network",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn plural_label(self) -> &'static str {
        match self {
            Self::Application => "Applications",
            Self::Infrastructure => "Infrastructure",
            Self::DataStore => "Data stores",
            Self::Saas => "SaaS tools",
            Self::Endpoints => "Endpoints",
            Self::Network => "Network",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DataClassification {
    Public,
    Internal,
    Confidential,
    Restricted,
}

impl DataClassification {
    pub const ALL: [Self; 4] = [Self::Public, Self::Internal, Self::Confidential, Self::Restricted];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Internal => "internal",
            Self::Confidential => "confidential",
            Self::Restricted => "restricted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct System {
    pub id: String,
    pub name: String,
    pub kind: SystemKind,
    pub description: String,
    pub owner_id: Option<String>,
    /// The owner's name, for display.
    pub owner_name: Option<String>,
    pub hosting: String,
    pub data_classification: DataClassification,
    pub in_scope: bool,
    pub scope_reason: String,
    pub holds_customer_data: bool,
    /// Vendors in the inventory that support this system (its hosting and tooling).
    pub vendor_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SystemInput {
    pub name: String,
    pub kind: SystemKind,
    pub description: String,
    pub owner_id: Option<String>,
    pub hosting: String,
    pub data_classification: DataClassification,
    pub in_scope: bool,
    pub scope_reason: String,
    pub holds_customer_data: bool,
}

const SELECT: &str = "SELECT s.id, s.name, s.kind, s.description, s.owner_id, p.name, s.hosting,
        s.data_classification, s.in_scope, s.scope_reason, s.holds_customer_data,
        (SELECT group_concat(v.name, char(31)) FROM vendor_system vs JOIN vendor v ON v.id = vs.vendor_id
         WHERE vs.system_id = s.id)
    FROM system s LEFT JOIN person p ON p.id = s.owner_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<System> {
    let kind: String = r.get(2)?;
    let class: String = r.get(7)?;
    Ok(System {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: SystemKind::parse(&kind).unwrap_or(SystemKind::Application),
        description: r.get(3)?,
        owner_id: r.get(4)?,
        owner_name: r.get(5)?,
        hosting: r.get(6)?,
        data_classification: DataClassification::parse(&class).unwrap_or(DataClassification::Internal),
        in_scope: r.get(8)?,
        scope_reason: r.get(9)?,
        holds_customer_data: r.get(10)?,
        vendor_names: r
            .get::<_, Option<String>>(11)?
            .map(|names| names.split('\u{1f}').map(str::to_owned).collect())
            .unwrap_or_default(),
    })
}

/// In-scope systems first, then by name.
pub fn list(wb: &Workbook) -> Result<Vec<System>, WorkbookError> {
    list_conn(wb.conn())
}

pub(crate) fn list_conn(conn: &rusqlite::Connection) -> Result<Vec<System>, WorkbookError> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY s.in_scope DESC, lower(s.name)"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &rusqlite::Connection, id: &str) -> Result<Option<System>, WorkbookError> {
    Ok(conn.query_row(&format!("{SELECT} WHERE s.id = :id"), named_params! { ":id": id }, from_row).optional()?)
}

/// What makes two system names the same system: case and whitespace are ignored, so
/// "AWS Console", "aws  console" and "AWSConsole" name one system. The inventory holds
/// at most one system per key.
pub fn name_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The system whose name has the same [`name_key`] as `name`.
pub fn find_by_name(conn: &rusqlite::Connection, name: &str) -> Result<Option<System>, WorkbookError> {
    let wanted = name_key(name);
    Ok(list_conn(conn)?.into_iter().find(|s| name_key(&s.name) == wanted))
}

/// What [`add`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    Added(String),
    /// A system of the same name with exactly these details was already there.
    AlreadyThere(String),
}

/// Adds a system, or does nothing when the very same system (same name key, same
/// details) is already in the inventory, so a setup script can be run twice. A system
/// of the same name with other details is refused as a duplicate.
pub fn add(w: &mut WriteTx<'_>, input: &SystemInput) -> Result<AddOutcome, WorkbookError> {
    if let Some(existing) = find_by_name(w.sql(), &input.name)? {
        let clean = validate(w, input, Some(&existing.id))?;
        if input_of(&existing) == clean {
            return Ok(AddOutcome::AlreadyThere(existing.id));
        }
        return Err(WorkbookError::Invalid(format!(
            "The inventory already has a system called {} (names are compared ignoring case and spacing). Change it with `systems set` instead.",
            existing.name
        )));
    }
    create(w, input).map(AddOutcome::Added)
}

/// The editable fields of a system as stored.
pub fn input_of(s: &System) -> SystemInput {
    SystemInput {
        name: s.name.clone(),
        kind: s.kind,
        description: s.description.clone(),
        owner_id: s.owner_id.clone(),
        hosting: s.hosting.clone(),
        data_classification: s.data_classification,
        in_scope: s.in_scope,
        scope_reason: s.scope_reason.clone(),
        holds_customer_data: s.holds_customer_data,
    }
}

fn validate(w: &WriteTx<'_>, input: &SystemInput, id: Option<&str>) -> Result<SystemInput, WorkbookError> {
    let mut s = input.clone();
    s.name = single_spaced(&s.name);
    s.description = s.description.trim().to_owned();
    s.hosting = s.hosting.trim().to_owned();
    s.scope_reason = s.scope_reason.trim().to_owned();
    if s.name.is_empty() {
        return Err(WorkbookError::Invalid("Give the system a name.".to_owned()));
    }
    if !s.in_scope && s.scope_reason.is_empty() {
        return Err(WorkbookError::Invalid(format!(
            "Say why {} is out of scope: the auditor will ask about every exclusion.",
            s.name
        )));
    }
    if let Some(owner) = &s.owner_id {
        if crate::people::get(w.sql(), owner)?.is_none() {
            return Err(WorkbookError::Invalid("The chosen owner is no longer on the roster.".to_owned()));
        }
    }
    if let Some(clash) = find_by_name(w.sql(), &s.name)?.filter(|c| Some(c.id.as_str()) != id) {
        return Err(WorkbookError::Invalid(format!(
            "The inventory already has a system called {} (names are compared ignoring case and spacing).",
            clash.name
        )));
    }
    Ok(s)
}

pub fn create(w: &mut WriteTx<'_>, input: &SystemInput) -> Result<String, WorkbookError> {
    let s = validate(w, input, None)?;
    let id = uuid::Uuid::new_v4().to_string();
    w.sql().execute(
        "INSERT INTO system (id, name, kind, description, owner_id, hosting, data_classification, in_scope, scope_reason, holds_customer_data)
         VALUES (:id, :name, :kind, :description, :owner, :hosting, :class, :in_scope, :reason, :customer)",
        named_params! {
            ":id": id, ":name": s.name, ":kind": s.kind.as_str(), ":description": s.description,
            ":owner": s.owner_id, ":hosting": s.hosting, ":class": s.data_classification.as_str(),
            ":in_scope": s.in_scope, ":reason": s.scope_reason, ":customer": s.holds_customer_data,
        },
    )?;
    w.record(Entity::System, &id, Action::Create)?;
    Ok(id)
}

pub fn update(w: &mut WriteTx<'_>, id: &str, input: &SystemInput) -> Result<(), WorkbookError> {
    let s = validate(w, input, Some(id))?;
    let changed = w.sql().execute(
        "UPDATE system SET name = :name, kind = :kind, description = :description, owner_id = :owner,
             hosting = :hosting, data_classification = :class, in_scope = :in_scope, scope_reason = :reason,
             holds_customer_data = :customer
         WHERE id = :id",
        named_params! {
            ":id": id, ":name": s.name, ":kind": s.kind.as_str(), ":description": s.description,
            ":owner": s.owner_id, ":hosting": s.hosting, ":class": s.data_classification.as_str(),
            ":in_scope": s.in_scope, ":reason": s.scope_reason, ":customer": s.holds_customer_data,
        },
    )?;
    if changed == 0 {
        return Err(WorkbookError::Invalid("That system is no longer in the inventory.".to_owned()));
    }
    w.record(Entity::System, id, Action::Update)
}

pub fn delete(w: &mut WriteTx<'_>, id: &str) -> Result<(), WorkbookError> {
    let vendors: i64 = w.sql().query_row(
        "SELECT count(*) FROM vendor_system WHERE system_id = :id",
        named_params! { ":id": id },
        |r| r.get(0),
    )?;
    if vendors > 0 {
        return Err(WorkbookError::Invalid(format!(
            "This system is linked to {vendors} vendor{}; remove it from those vendors first.",
            if vendors == 1 { "" } else { "s" }
        )));
    }
    let risks: i64 = w.sql().query_row(
        "SELECT count(*) FROM risk_system WHERE system_id = :id",
        named_params! { ":id": id },
        |r| r.get(0),
    )?;
    if risks > 0 {
        return Err(WorkbookError::Invalid(format!(
            "This system is linked to {risks} risk{} in the register; remove it from those risks first.",
            if risks == 1 { "" } else { "s" }
        )));
    }
    let reviews: i64 = w.sql().query_row(
        "SELECT count(*) FROM access_review WHERE system_id = :id",
        named_params! { ":id": id },
        |r| r.get(0),
    )?;
    if reviews > 0 {
        return Err(WorkbookError::Invalid(format!(
            "This system has {reviews} access review{}, which are kept as evidence; mark it out of scope instead.",
            if reviews == 1 { "" } else { "s" }
        )));
    }
    let changed = w.sql().execute("DELETE FROM system WHERE id = :id", named_params! { ":id": id })?;
    if changed == 0 {
        return Err(WorkbookError::Invalid("That system is no longer in the inventory.".to_owned()));
    }
    w.record(Entity::System, id, Action::Delete)
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn names_differing_only_in_case_or_spacing_share_a_key() {
        assert_eq!(name_key("AWS Console"), name_key(" aws   console "));
        assert_eq!(name_key("AWS Console"), name_key("AWSConsole"));
        assert_eq!(name_key("AWS\tConsole"), "awsconsole");
        assert_ne!(name_key("AWS Console"), name_key("AWS Consoles"));
    }
}

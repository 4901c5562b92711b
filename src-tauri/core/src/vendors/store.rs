//! The vendor inventory's SQL: every read and write of `vendor`, `vendor_system`,
//! `vendor_evidence`, `cuec` and `cuec_item`.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{named_params, Row};
use serde::Serialize;
use ts_rs::TS;

use super::assess;
use super::model::{
    AccessLevel, Assurance, Criticality, Opinion, Subservice, Tier, Vendor, VendorCategory, VendorInput,
};
use crate::name_index::NameIndex;
use crate::scope::{fmt_date, parse_date};
use crate::systems::DataClassification;
use crate::text::single_spaced;
use crate::workbook::{Action, Entity, WorkbookError, WriteTx};

const COLUMNS: &str = "v.id, v.name, v.service, v.category, v.owner_id, p.name, v.website, v.data_classification,
    v.customer_data, v.access_level, v.criticality, v.tier_override, v.tier_override_reason, v.contract_start,
    v.contract_renewal, v.assurance, v.report_period_end, v.report_received, v.bridge_letter, v.opinion,
    v.exceptions, v.dpa_signed, v.questionnaire_date, v.questionnaire_outcome, v.subservice, v.last_review,
    (SELECT count(*) FROM cuec c WHERE c.vendor_id = v.id),
    (SELECT count(*) FROM vendor_evidence e WHERE e.vendor_id = v.id)";

fn word<T>(s: String, parse: fn(&str) -> Option<T>, fallback: T) -> T {
    parse(&s).unwrap_or(fallback)
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<(String, VendorInput, Option<String>, u32, u32)> {
    let input = VendorInput {
        name: r.get(1)?,
        service: r.get(2)?,
        category: word(r.get(3)?, VendorCategory::parse, VendorCategory::Other),
        owner_id: r.get(4)?,
        website: r.get(6)?,
        data_classification: word(r.get(7)?, DataClassification::parse, DataClassification::Internal),
        customer_data: r.get(8)?,
        access_level: word(r.get(9)?, AccessLevel::parse, AccessLevel::None),
        criticality: word(r.get(10)?, Criticality::parse, Criticality::Medium),
        tier_override: r.get::<_, Option<String>>(11)?.and_then(|t| Tier::parse(&t)),
        tier_override_reason: r.get(12)?,
        contract_start: parse_date(r.get(13)?),
        contract_renewal: parse_date(r.get(14)?),
        assurance: word(r.get(15)?, Assurance::parse, Assurance::None),
        report_period_end: parse_date(r.get(16)?),
        report_received: parse_date(r.get(17)?),
        bridge_letter: r.get(18)?,
        opinion: word(r.get(19)?, Opinion::parse, Opinion::Unknown),
        exceptions: r.get(20)?,
        dpa_signed: parse_date(r.get(21)?),
        questionnaire_date: parse_date(r.get(22)?),
        questionnaire_outcome: r.get(23)?,
        subservice: word(r.get(24)?, Subservice::parse, Subservice::No),
        last_review: parse_date(r.get(25)?),
        system_ids: Vec::new(),
    };
    Ok((r.get(0)?, input, r.get(5)?, r.get(26)?, r.get(27)?))
}

/// Linked systems by vendor: of every vendor, or of the one `only` names.
fn systems_by_vendor(
    conn: &rusqlite::Connection,
    only: Option<&str>,
) -> Result<HashMap<String, Vec<String>>, WorkbookError> {
    // Two statements rather than `?1 IS NULL OR vendor_id = ?1`, which SQLite cannot
    // answer from the index.
    let filter = if only.is_some() { "WHERE vendor_id = ?1" } else { "" };
    let mut stmt = conn.prepare(&format!("SELECT vendor_id, system_id FROM vendor_system {filter} ORDER BY rowid"))?;
    let pair = |r: &Row<'_>| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?));
    let rows = match only {
        Some(id) => stmt.query_map([id], pair)?,
        None => stmt.query_map([], pair)?,
    };
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows {
        let (v, s) = row?;
        map.entry(v).or_default().push(s);
    }
    Ok(map)
}

/// The inventory, most critical first, then by name.
pub fn list(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<Vendor>, WorkbookError> {
    let mut out = select(conn, None, today)?;
    out.sort_by(|a, b| a.tier.cmp(&b.tier).then_with(|| a.input.name.to_lowercase().cmp(&b.input.name.to_lowercase())));
    Ok(out)
}

/// One vendor by id. Its own query: imports call this once per line, and reading the
/// whole inventory each time made a large import quadratic.
pub fn get(conn: &rusqlite::Connection, id: &str, today: NaiveDate) -> Result<Option<Vendor>, WorkbookError> {
    Ok(select(conn, Some(id), today)?.pop())
}

/// Every vendor, or only the one `only` names, in no particular order.
fn select(conn: &rusqlite::Connection, only: Option<&str>, today: NaiveDate) -> Result<Vec<Vendor>, WorkbookError> {
    let mut systems = systems_by_vendor(conn, only)?;
    let yardstick = crate::readiness::as_of::Yardstick::read(conn, today)?;
    let filter = if only.is_some() { "WHERE v.id = ?1" } else { "" };
    let mut stmt =
        conn.prepare(&format!("SELECT {COLUMNS} FROM vendor v LEFT JOIN person p ON p.id = v.owner_id {filter}"))?;
    let rows = match only {
        Some(id) => stmt.query_map([id], from_row)?,
        None => stmt.query_map([], from_row)?,
    };
    let mut out = Vec::new();
    for row in rows {
        let (id, mut input, owner_name, cuec_count, evidence_count) = row?;
        input.system_ids = systems.remove(&id).unwrap_or_default();
        out.push(Vendor {
            suggested_tier: assess::suggested_tier(&input),
            tier: assess::effective_tier(&input),
            next_review: assess::next_review(&input, today),
            flags: assess::flags(&input, &yardstick),
            id,
            input,
            owner_name,
            cuec_count,
            evidence_count,
        });
    }
    Ok(out)
}

/// The vendor whose name matches `name` once case and spacing are ignored.
pub fn find_by_name(conn: &rusqlite::Connection, name: &str) -> Result<Option<String>, WorkbookError> {
    Ok(names(conn)?.find(name).map(str::to_owned))
}

/// Every vendor's name (case and spacing ignored) and id, read once for a whole import.
pub fn names(conn: &rusqlite::Connection) -> Result<NameIndex, WorkbookError> {
    NameIndex::load(conn, "SELECT id, name FROM vendor ORDER BY rowid", normalise)
}

pub(crate) fn normalise(name: &str) -> String {
    crate::import::vendors::normalise_name(name)
}

fn validate(
    w: &WriteTx<'_>,
    v: &VendorInput,
    id: Option<&str>,
    names: &NameIndex,
) -> Result<VendorInput, WorkbookError> {
    let mut v = v.clone();
    v.name = single_spaced(&v.name);
    v.tier_override_reason = v.tier_override_reason.trim().to_owned();
    if v.name.is_empty() {
        return Err(WorkbookError::Invalid("Give the vendor's name.".to_owned()));
    }
    if v.tier_override.is_some() && v.tier_override_reason.is_empty() {
        return Err(WorkbookError::Invalid(format!(
            "Say why {} gets a different tier from the suggested one.",
            v.name
        )));
    }
    if let Some(other) = names.find(&v.name) {
        if Some(other) != id {
            return Err(WorkbookError::Invalid(format!("The inventory already has a vendor called {}.", v.name)));
        }
    }
    if let Some(owner) = &v.owner_id {
        if crate::people::get(w.sql(), owner)?.is_none() {
            return Err(WorkbookError::Invalid("The chosen owner is no longer on the roster.".to_owned()));
        }
    }
    for s in &v.system_ids {
        if crate::systems::get(w.sql(), s)?.is_none() {
            return Err(WorkbookError::Invalid("One of the chosen systems is no longer in the inventory.".to_owned()));
        }
    }
    v.system_ids.sort();
    v.system_ids.dedup();
    Ok(v)
}

fn write_row(w: &WriteTx<'_>, id: &str, v: &VendorInput, insert: bool) -> Result<(), WorkbookError> {
    let sql = if insert {
        "INSERT INTO vendor (id, name, service, category, owner_id, website, data_classification, customer_data,
            access_level, criticality, tier_override, tier_override_reason, contract_start, contract_renewal,
            assurance, report_period_end, report_received, bridge_letter, opinion, exceptions, dpa_signed,
            questionnaire_date, questionnaire_outcome, subservice, last_review)
         VALUES (:id, :name, :service, :category, :owner, :website, :class, :customer, :access, :criticality,
            :tier, :tier_reason, :start, :renewal, :assurance, :period_end, :received, :bridge, :opinion,
            :exceptions, :dpa, :questionnaire, :q_outcome, :subservice, :last_review)"
    } else {
        "UPDATE vendor SET name = :name, service = :service, category = :category, owner_id = :owner,
            website = :website, data_classification = :class, customer_data = :customer, access_level = :access,
            criticality = :criticality, tier_override = :tier, tier_override_reason = :tier_reason,
            contract_start = :start, contract_renewal = :renewal, assurance = :assurance,
            report_period_end = :period_end, report_received = :received, bridge_letter = :bridge,
            opinion = :opinion, exceptions = :exceptions, dpa_signed = :dpa, questionnaire_date = :questionnaire,
            questionnaire_outcome = :q_outcome, subservice = :subservice, last_review = :last_review
         WHERE id = :id"
    };
    w.sql().execute(
        sql,
        named_params! {
            ":id": id, ":name": v.name, ":service": v.service.trim(), ":category": v.category.as_str(),
            ":owner": v.owner_id, ":website": v.website.trim(), ":class": v.data_classification.as_str(),
            ":customer": v.customer_data, ":access": v.access_level.as_str(), ":criticality": v.criticality.as_str(),
            ":tier": v.tier_override.map(|t| t.as_str()), ":tier_reason": v.tier_override_reason,
            ":start": fmt_date(v.contract_start), ":renewal": fmt_date(v.contract_renewal),
            ":assurance": v.assurance.as_str(), ":period_end": fmt_date(v.report_period_end),
            ":received": fmt_date(v.report_received), ":bridge": v.bridge_letter, ":opinion": v.opinion.as_str(),
            ":exceptions": v.exceptions.trim(), ":dpa": fmt_date(v.dpa_signed),
            ":questionnaire": fmt_date(v.questionnaire_date), ":q_outcome": v.questionnaire_outcome.trim(),
            ":subservice": v.subservice.as_str(), ":last_review": fmt_date(v.last_review),
        },
    )?;
    Ok(())
}

fn set_systems(w: &mut WriteTx<'_>, vendor_id: &str, systems: &[String]) -> Result<(), WorkbookError> {
    let current: Vec<(String, String)> = {
        let mut stmt = w.sql().prepare("SELECT id, system_id FROM vendor_system WHERE vendor_id = :v")?;
        let rows = stmt.query_map(named_params! { ":v": vendor_id }, |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (link, system) in &current {
        if !systems.contains(system) {
            w.sql().execute("DELETE FROM vendor_system WHERE id = :id", named_params! { ":id": link })?;
            w.record(Entity::VendorSystem, link, Action::Delete)?;
        }
    }
    for system in systems {
        if !current.iter().any(|(_, s)| s == system) {
            let link = format!("{vendor_id}/{system}");
            w.sql().execute(
                "INSERT INTO vendor_system (id, vendor_id, system_id) VALUES (:id, :v, :s)",
                named_params! { ":id": link, ":v": vendor_id, ":s": system },
            )?;
            w.record(Entity::VendorSystem, &link, Action::Create)?;
        }
    }
    Ok(())
}

pub fn create(w: &mut WriteTx<'_>, input: &VendorInput) -> Result<String, WorkbookError> {
    let mut names = names(w.sql())?;
    create_named(w, input, &mut names)
}

/// [`create`], checking the name against `names` (kept up to date) instead of reading
/// every vendor's name again.
pub fn create_named(w: &mut WriteTx<'_>, input: &VendorInput, names: &mut NameIndex) -> Result<String, WorkbookError> {
    let v = validate(w, input, None, names)?;
    let id = uuid::Uuid::new_v4().to_string();
    write_row(w, &id, &v, true)?;
    w.record(Entity::Vendor, &id, Action::Create)?;
    set_systems(w, &id, &v.system_ids)?;
    names.set(&v.name, &id);
    Ok(id)
}

pub fn update(w: &mut WriteTx<'_>, id: &str, input: &VendorInput) -> Result<(), WorkbookError> {
    let mut names = names(w.sql())?;
    update_named(w, id, input, &mut names)
}

/// [`update`], checking the name against `names` (kept up to date).
pub fn update_named(
    w: &mut WriteTx<'_>,
    id: &str,
    input: &VendorInput,
    names: &mut NameIndex,
) -> Result<(), WorkbookError> {
    let v = validate(w, input, Some(id), names)?;
    if !w.exists(Entity::Vendor, id)? {
        return Err(WorkbookError::Invalid("That vendor is no longer in the inventory.".to_owned()));
    }
    write_row(w, id, &v, false)?;
    w.record(Entity::Vendor, id, Action::Update)?;
    set_systems(w, id, &v.system_ids)?;
    names.set(&v.name, id);
    Ok(())
}

/// Removes a vendor with its links and CUECs, every removal logged.
pub fn delete(w: &mut WriteTx<'_>, id: &str) -> Result<(), WorkbookError> {
    for (table, entity) in [("vendor_system", Entity::VendorSystem), ("vendor_evidence", Entity::VendorEvidence)] {
        let links: Vec<String> = {
            let mut stmt = w.sql().prepare(&format!("SELECT id FROM {table} WHERE vendor_id = :v"))?;
            let rows = stmt.query_map(named_params! { ":v": id }, |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        for link in links {
            w.sql().execute(&format!("DELETE FROM {table} WHERE id = :id"), named_params! { ":id": link })?;
            w.record(entity, &link, Action::Delete)?;
        }
    }
    for c in cuecs(w.sql(), id)? {
        delete_cuec(w, &c.id)?;
    }
    let changed = w.sql().execute("DELETE FROM vendor WHERE id = :id", named_params! { ":id": id })?;
    if changed == 0 {
        return Err(WorkbookError::Invalid("That vendor is no longer in the inventory.".to_owned()));
    }
    w.record(Entity::Vendor, id, Action::Delete)
}

/// Files evidence (a SOC report, a DPA) under a vendor.
pub fn link_evidence(w: &mut WriteTx<'_>, vendor_id: &str, evidence_id: &str) -> Result<(), WorkbookError> {
    let link = format!("{vendor_id}/{evidence_id}");
    let changed = w.sql().execute(
        "INSERT OR IGNORE INTO vendor_evidence (id, vendor_id, evidence_id) VALUES (:id, :v, :e)",
        named_params! { ":id": link, ":v": vendor_id, ":e": evidence_id },
    )?;
    if changed > 0 {
        w.record(Entity::VendorEvidence, &link, Action::Create)?;
    }
    Ok(())
}

pub fn evidence_ids(conn: &rusqlite::Connection, vendor_id: &str) -> Result<Vec<String>, WorkbookError> {
    let mut stmt = conn.prepare("SELECT evidence_id FROM vendor_evidence WHERE vendor_id = :v ORDER BY rowid")?;
    let rows = stmt.query_map(named_params! { ":v": vendor_id }, |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Cuec {
    pub id: String,
    pub vendor_id: String,
    pub description: String,
    /// Checklist items that fulfil it; empty means nobody does it yet.
    pub item_ids: Vec<String>,
}

pub fn cuecs(conn: &rusqlite::Connection, vendor_id: &str) -> Result<Vec<Cuec>, WorkbookError> {
    let mut stmt = conn.prepare("SELECT id, description FROM cuec WHERE vendor_id = :v ORDER BY rowid")?;
    let rows =
        stmt.query_map(named_params! { ":v": vendor_id }, |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, description) = row?;
        let mut items = conn.prepare_cached("SELECT item_id FROM cuec_item WHERE cuec_id = :c ORDER BY rowid")?;
        let item_ids = items.query_map(named_params! { ":c": id }, |r| r.get(0))?.collect::<Result<_, _>>()?;
        out.push(Cuec { id, vendor_id: vendor_id.to_owned(), description, item_ids });
    }
    Ok(out)
}

pub fn add_cuec(
    w: &mut WriteTx<'_>,
    vendor_id: &str,
    description: &str,
    item_ids: &[String],
) -> Result<String, WorkbookError> {
    let description = description.trim();
    if description.is_empty() {
        return Err(WorkbookError::Invalid("Describe the control the vendor expects of you.".to_owned()));
    }
    let id = uuid::Uuid::new_v4().to_string();
    w.sql().execute(
        "INSERT INTO cuec (id, vendor_id, description) VALUES (:id, :v, :d)",
        named_params! { ":id": id, ":v": vendor_id, ":d": description },
    )?;
    w.record(Entity::Cuec, &id, Action::Create)?;
    for item in item_ids {
        let link = format!("{id}/{item}");
        w.sql().execute(
            "INSERT INTO cuec_item (id, cuec_id, item_id) VALUES (:id, :c, :i)",
            named_params! { ":id": link, ":c": id, ":i": item },
        )?;
        w.record(Entity::CuecItem, &link, Action::Create)?;
    }
    Ok(id)
}

pub fn delete_cuec(w: &mut WriteTx<'_>, cuec_id: &str) -> Result<(), WorkbookError> {
    let links: Vec<String> = {
        let mut stmt = w.sql().prepare("SELECT id FROM cuec_item WHERE cuec_id = :c")?;
        let rows = stmt.query_map(named_params! { ":c": cuec_id }, |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for link in links {
        w.sql().execute("DELETE FROM cuec_item WHERE id = :id", named_params! { ":id": link })?;
        w.record(Entity::CuecItem, &link, Action::Delete)?;
    }
    w.sql().execute("DELETE FROM cuec WHERE id = :id", named_params! { ":id": cuec_id })?;
    w.record(Entity::Cuec, cuec_id, Action::Delete)
}

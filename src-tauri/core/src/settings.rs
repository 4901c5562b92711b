//! Workbook settings: small named values (risk appetite, demo content version...). All
//! SQL for the `setting` table lives here; every write is logged like any other record.

use rusqlite::{named_params, OptionalExtension};

use crate::workbook::{Action, Entity, WorkbookError, WriteTx};

pub fn get(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>, WorkbookError> {
    Ok(conn
        .query_row("SELECT value FROM setting WHERE id = :id", named_params! { ":id": key }, |r| r.get(0))
        .optional()?)
}

pub fn set(w: &mut WriteTx<'_>, key: &str, value: &str) -> Result<(), WorkbookError> {
    let existed = w.exists(Entity::Setting, key)?;
    w.sql().execute(
        "INSERT INTO setting (id, value) VALUES (:id, :value) ON CONFLICT (id) DO UPDATE SET value = excluded.value",
        named_params! { ":id": key, ":value": value },
    )?;
    w.record(Entity::Setting, key, if existed { Action::Update } else { Action::Create })
}

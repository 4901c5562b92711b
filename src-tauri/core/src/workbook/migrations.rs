//! Forward-only, numbered schema migrations. The schema version lives in SQLite's
//! `user_version`, so it can be read before anything else in the file.

use rusqlite::{Connection, TransactionBehavior};

struct Migration {
    version: u32,
    sql: &'static str,
}

/// Append only: a migration that has shipped is never edited, so every file upgrades
/// along the same path.
const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, sql: include_str!("migrations/0001_foundation.sql") },
    Migration { version: 2, sql: include_str!("migrations/0002_scoping.sql") },
    Migration { version: 3, sql: include_str!("migrations/0003_checklist_evidence.sql") },
    Migration { version: 4, sql: include_str!("migrations/0004_vendors.sql") },
    Migration { version: 5, sql: include_str!("migrations/0005_policies.sql") },
    Migration { version: 6, sql: include_str!("migrations/0006_risks.sql") },
];

/// The newest schema this build understands.
pub const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn schema_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the schema up to `CURRENT_VERSION` and the reference catalogs up to this
/// build's versions, in one transaction: either all of it applies or none does.
/// Callers refuse newer files before calling this.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from = schema_version(&tx)?;
    for migration in MIGRATIONS.iter().filter(|m| m.version > from) {
        tx.execute_batch(migration.sql)?;
        tx.pragma_update(None, "user_version", migration.version)?;
    }
    crate::catalog::criteria::sync(&tx, crate::catalog::CriteriaCatalog::embedded())?;
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1);
        }
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), CURRENT_VERSION);
    }
}

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
    Migration { version: 7, sql: include_str!("migrations/0007_access_reviews.sql") },
    Migration { version: 8, sql: include_str!("migrations/0008_key_items.sql") },
    Migration { version: 9, sql: include_str!("migrations/0009_access_links.sql") },
    Migration { version: 10, sql: include_str!("migrations/0010_signing_key.sql") },
];

/// The newest schema this build understands.
pub const CURRENT_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

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
    fn versions_start_at_one_and_increase() {
        // Once every branch's migration is merged the versions are consecutive again;
        // until then a reserved number may be missing, never repeated or out of order.
        assert_eq!(MIGRATIONS[0].version, 1);
        for pair in MIGRATIONS.windows(2) {
            assert!(pair[0].version < pair[1].version);
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

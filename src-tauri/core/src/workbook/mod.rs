//! The workbook file: one SQLCipher-encrypted SQLite database per client.
//!
//! Opening is careful to change nothing until the file is known to be ours, readable
//! with the given passphrase, and not from a newer app: the probe reads raw bytes, the
//! first connection only reads, and only then does a writer take the lock, switch the
//! file to WAL and migrate. At rest (after `close`) the file is in rollback-journal mode,
//! so the single `.soc2wb` file is complete on its own and safe to copy.

mod changelog;
mod entity;
mod error;
mod lock;
pub mod migrations;
mod probe;
pub mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(crate) use changelog::BatchDigest;
pub use changelog::{
    count as log_count, counts_by_entity as log_counts_by_entity, head as log_head, position_of as log_position_of,
    recent as recent_changes, Actor, ChangeEntry, WriteTx, GENESIS_HASH,
};
pub use entity::{Action, Entity};
pub use error::WorkbookError;
pub use lock::lock_path;
pub use probe::{probe, FileSalt};

use crate::passphrase::Passphrase;

/// Marks a SQLite file as a Readiness workbook ("RWB1").
const APPLICATION_ID: i32 = 0x5257_4231;

/// Files smaller than this get a full structural check on every open; bigger ones
/// (evidence-heavy) only in `verify`, to keep opening instant.
const QUICK_CHECK_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// A workbook's stable identity, created with the file and kept by every copy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct WorkbookId(pub String);

impl std::fmt::Display for WorkbookId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Takes the single-writer lock; migrations run.
    ReadWrite,
    /// No lock, no writes; used by `info`, `verify`, `log`.
    ReadOnly,
}

pub struct Workbook {
    conn: Connection,
    path: PathBuf,
    id: WorkbookId,
    salt: FileSalt,
    access: Access,
    /// Whether this session has recorded its app version as the last writer yet.
    stamped: bool,
    /// The time the next writes are logged at, when not now: only the demo sets it, to
    /// give its fictional company weeks of history (see `demo::create_demo`).
    clock: Option<DateTime<Utc>>,
    // Dropped after `conn` (fields drop in order), so the lock outlives the connection.
    _lock: Option<lock::WriteLock>,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook").field("path", &self.path).field("id", &self.id).finish()
    }
}

impl Workbook {
    /// Creates a new, empty workbook at `path` (which must not exist) for `organization`.
    pub fn create(
        path: &Path,
        passphrase: &Passphrase,
        organization: &str,
        actor: &Actor,
    ) -> Result<Self, WorkbookError> {
        Self::create_at(path, passphrase, organization, actor, None)
    }

    /// [`Workbook::create`] as if at `clock` (the demo's history), with later writes at
    /// the same time until [`Workbook::set_clock`] moves it.
    pub(crate) fn create_at(
        path: &Path,
        passphrase: &Passphrase,
        organization: &str,
        actor: &Actor,
        clock: Option<DateTime<Utc>>,
    ) -> Result<Self, WorkbookError> {
        if !passphrase.is_strong_enough() {
            return Err(WorkbookError::PassphraseTooShort { min: crate::passphrase::MIN_PASSPHRASE_CHARS });
        }
        let organization = organization.trim();
        if organization.is_empty() {
            return Err(WorkbookError::Invalid("Give the organisation's name.".to_owned()));
        }
        // Claim the name atomically: two creators racing for one path cannot both win.
        std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => WorkbookError::AlreadyExists { path: path.to_owned() },
            std::io::ErrorKind::NotFound => {
                WorkbookError::Invalid(format!("The folder for {} does not exist.", path.display()))
            }
            _ => WorkbookError::io("create", path, e),
        })?;
        match Self::initialise(path, passphrase, organization, actor, clock) {
            Ok(()) => Self::open(path, passphrase, Access::ReadWrite).map(|mut wb| {
                wb.clock = clock;
                wb
            }),
            Err(e) => {
                // Leave nothing half-made behind.
                for p in [path.to_owned(), sidecar(path, "-wal"), sidecar(path, "-shm"), lock_path(path)] {
                    let _ = std::fs::remove_file(p);
                }
                Err(e)
            }
        }
    }

    fn initialise(
        path: &Path,
        passphrase: &Passphrase,
        organization: &str,
        actor: &Actor,
        clock: Option<DateTime<Utc>>,
    ) -> Result<(), WorkbookError> {
        let _lock = lock::WriteLock::acquire(path)?;
        sqlcipher_ready();
        let mut conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|e| WorkbookError::from_sqlite(path, e))?;
        apply_key(&conn, passphrase).map_err(|e| WorkbookError::from_sqlite(path, e))?;
        conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(|e| WorkbookError::from_sqlite(path, e))?;
        migrations::migrate(&mut conn).map_err(|e| WorkbookError::from_sqlite(path, e))?;
        let id = WorkbookId(uuid::Uuid::new_v4().to_string());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut w = WriteTx::begin(tx, actor, clock)?;
        let created_at = clock.unwrap_or_else(Utc::now).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        w.sql().execute(
            "INSERT INTO meta (key, value) VALUES ('workbook_id', ?1), ('created_at', ?2), ('created_by_app', ?3)",
            rusqlite::params![id.0, created_at, env!("CARGO_PKG_VERSION")],
        )?;
        crate::organization::insert_initial(&mut w, organization)?;
        // Security is always in scope: its checklist items exist from the start.
        crate::checklist::sync_with_scope(&mut w)?;
        crate::policies::sync_from_library(&mut w, actor.as_str())?;
        w.record_event(
            Entity::Workbook,
            &id.0,
            Action::Create,
            serde_json::json!({ "app_version": env!("CARGO_PKG_VERSION"), "schema_version": migrations::CURRENT_VERSION }),
        )?;
        w.commit()?;
        conn.close().map_err(|(_, e)| WorkbookError::from_sqlite(path, e))?;
        Ok(())
    }

    /// Opens an existing workbook. Every refusal leaves the file byte-for-byte unchanged.
    pub fn open(path: &Path, passphrase: &Passphrase, access: Access) -> Result<Self, WorkbookError> {
        let salt = probe(path)?;
        let lock = match access {
            Access::ReadWrite => Some(lock::WriteLock::acquire(path)?),
            Access::ReadOnly => None,
        };
        if hot_journal(path) {
            roll_back_hot_journal(path, passphrase, lock.is_some())?;
        }
        // First look without writing: nothing below may write until the file proved to be
        // ours. For writing, that first look is the writer's own connection with
        // `query_only` on, rather than a read-only connection of its own: every connection
        // derives the key from the passphrase again (PBKDF2, a large part of opening), so
        // a second one would double the wait.
        let first = match access {
            Access::ReadOnly => connect(path, passphrase, OpenFlags::SQLITE_OPEN_READ_ONLY)?,
            Access::ReadWrite => {
                let conn = connect(path, passphrase, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
                conn.pragma_update(None, "query_only", true)?;
                conn
            }
        };
        let version = check_is_ours(&first, path)?;
        if version > migrations::CURRENT_VERSION {
            return Err(WorkbookError::NewerVersion {
                path: path.to_owned(),
                found: version,
                supported: migrations::CURRENT_VERSION,
                written_by: app_versions(&first).last_written_by,
                this_app: crate::version::VERSION,
            });
        }
        let conn = match access {
            // An older file read by e.g. `readiness info`: upgrade it first (under the
            // write lock) so readers only ever see the current schema.
            Access::ReadOnly if version < migrations::CURRENT_VERSION => {
                drop(first);
                let _upgrade_lock = lock::WriteLock::acquire(path)?;
                let mut conn = connect(path, passphrase, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
                migrations::migrate(&mut conn).map_err(|e| WorkbookError::from_sqlite(path, e))?;
                drop(conn);
                connect(path, passphrase, OpenFlags::SQLITE_OPEN_READ_ONLY)?
            }
            Access::ReadOnly => first,
            Access::ReadWrite => {
                let mut conn = first;
                let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(u64::MAX);
                if size <= QUICK_CHECK_MAX_BYTES {
                    let verdict: String =
                        conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| damaged(path, e))?;
                    if verdict != "ok" {
                        return Err(damaged(path, rusqlite::Error::InvalidQuery));
                    }
                }
                conn.pragma_update(None, "query_only", false)?;
                conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| WorkbookError::from_sqlite(path, e))?;
                // FULL: a commit the user saw succeed survives power loss, not just a crash.
                conn.pragma_update(None, "synchronous", "FULL")?;
                // After a large evidence attach the -wal file would otherwise stay as big as the
                // attachment until close; cap what it keeps once the log restarts.
                conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
                migrations::migrate(&mut conn).map_err(|e| WorkbookError::from_sqlite(path, e))?;
                // Bytes a killed evidence attach staged belong to no record: free them
                // before anything else writes.
                crate::evidence::reclaim_staged(&conn)?;
                conn
            }
        };
        let id: String = conn
            .query_row("SELECT value FROM meta WHERE key = 'workbook_id'", [], |r| r.get(0))
            .map_err(|e| damaged(path, e))?;
        Ok(Self {
            conn,
            path: path.to_owned(),
            id: WorkbookId(id),
            salt,
            access,
            stamped: false,
            clock: None,
            _lock: lock,
        })
    }

    /// Which app versions created this workbook and last wrote to it.
    pub fn app_versions(&self) -> AppVersions {
        app_versions(&self.conn)
    }

    pub fn id(&self) -> &WorkbookId {
        &self.id
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn salt(&self) -> FileSalt {
        self.salt
    }

    pub fn access(&self) -> Access {
        self.access
    }

    /// The connection, for reads by the entity modules.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The writer's connection for staging a large attach: commits of its own, outside
    /// any `write`, holding no change-log entry (see `evidence::attach_file`).
    pub(crate) fn staging_conn(&mut self) -> Result<&Connection, WorkbookError> {
        if self.access == Access::ReadOnly {
            return Err(WorkbookError::Invalid("This workbook is open read-only.".to_owned()));
        }
        Ok(&self.conn)
    }

    /// Logs the next writes at `at` (None: now). Only the demo moves the clock.
    pub(crate) fn set_clock(&mut self, at: Option<DateTime<Utc>>) {
        self.clock = at;
    }

    /// Opens the immediate transaction a write or a dry run works in.
    fn begin_write(&mut self, actor: &Actor) -> Result<WriteTx<'_>, WorkbookError> {
        if self.access == Access::ReadOnly {
            return Err(WorkbookError::Invalid("This workbook is open read-only.".to_owned()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| WorkbookError::from_sqlite(&self.path, e))?;
        WriteTx::begin(tx, actor, self.clock)
    }

    /// Runs `f` in one immediate transaction that also appends the change-log entries
    /// `f` records. Either all of it commits or none of it does.
    pub fn write<T, E>(&mut self, actor: &Actor, f: impl FnOnce(&mut WriteTx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<WorkbookError>,
    {
        let path = self.path.clone();
        let stamped = self.stamped;
        let mut w = self.begin_write(actor)?;
        let out = f(&mut w)?;
        if !stamped {
            // Rides in the same transaction as the first change of the session, so the
            // stamp names the app that really wrote last (opening alone writes nothing).
            w.sql()
                .execute(
                    "INSERT INTO meta (key, value) VALUES ('last_written_by_app', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [crate::version::VERSION],
                )
                .map_err(WorkbookError::from)?;
        }
        w.commit().map_err(|e| match e {
            WorkbookError::Storage { source } => WorkbookError::from_sqlite(&path, source),
            other => other,
        })?;
        self.stamped = true;
        Ok(out)
    }

    /// Runs `f` exactly as [`Workbook::write`] would, with every check the change makes,
    /// then rolls all of it back: how a `--dry-run` finds out whether a change would be
    /// accepted without keeping it.
    pub fn dry_run<T, E>(&mut self, actor: &Actor, f: impl FnOnce(&mut WriteTx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<WorkbookError>,
    {
        let mut w = self.begin_write(actor)?;
        // Dropping the transaction without committing rolls it back.
        f(&mut w)
    }

    /// Writes a complete, encrypted copy (same passphrase) to `dest`, which must not
    /// exist. The copy is consistent even while this workbook is being edited.
    pub fn save_copy(&self, dest: &Path) -> Result<(), WorkbookError> {
        if dest.exists() {
            return Err(WorkbookError::AlreadyExists { path: dest.to_owned() });
        }
        let dest_str = dest
            .to_str()
            .ok_or_else(|| WorkbookError::Invalid(format!("{} is not a usable file name.", dest.display())))?;
        self.conn.execute("VACUUM INTO ?1", [dest_str]).map_err(|e| WorkbookError::from_sqlite(dest, e))?;
        Ok(())
    }

    /// Closes the file, folding the write-ahead log back so the `.soc2wb` file stands
    /// alone. Dropping without `close` is also safe: SQLite recovers the WAL next time.
    pub fn close(self) -> Result<(), WorkbookError> {
        if self.access == Access::ReadWrite {
            // Fails harmlessly if a reader still has the file open; it stays in WAL mode.
            let _ = self.conn.pragma_update(None, "journal_mode", "DELETE");
        }
        let path = self.path.clone();
        self.conn.close().map_err(|(_, e)| WorkbookError::from_sqlite(&path, e))
    }
}

/// The app versions a workbook records about itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct AppVersions {
    pub created_by: String,
    /// The version whose change was committed last; the creator until anything changes.
    pub last_written_by: String,
}

/// Reads the versions from `meta`. Files from before the stamp existed, or too damaged
/// to say, read as "an unknown version" rather than failing the open or the refusal.
fn app_versions(conn: &Connection) -> AppVersions {
    let get = |key: &str| -> Option<String> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).ok()
    };
    let created_by = get("created_by_app").unwrap_or_else(|| "an unknown version".to_owned());
    let last_written_by = get("last_written_by_app").unwrap_or_else(|| created_by.clone());
    AppVersions { created_by, last_written_by }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A rollback journal left beside the file: a writer died (crash, `kill -9`, power
/// loss) inside a transaction in rollback-journal mode, which is how the file is at rest
/// and so how the switch to and from WAL on open and close runs.
fn hot_journal(path: &Path) -> bool {
    std::fs::metadata(sidecar(path, "-journal")).is_ok_and(|m| m.len() > 0)
}

/// Undoes the interrupted transaction recorded in a hot journal, as SQLite does on the
/// next read-write open. A read-only connection cannot, and would report the file as
/// damaged ("attempt to write a readonly database") although nothing is lost, so this
/// runs before the read-only first look: under the write lock, through a read-write
/// connection whose first read plays the journal back. When another process holds the
/// lock (it is the writer, alive), this leaves the journal to it.
fn roll_back_hot_journal(path: &Path, passphrase: &Passphrase, have_lock: bool) -> Result<(), WorkbookError> {
    let _lock = if have_lock {
        None
    } else {
        match lock::WriteLock::acquire(path) {
            Ok(l) => Some(l),
            Err(WorkbookError::AlreadyOpen { .. }) => return Ok(()),
            Err(e) => return Err(e),
        }
    };
    let conn = connect(path, passphrase, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    check_is_ours(&conn, path)?;
    Ok(())
}

fn damaged(path: &Path, source: rusqlite::Error) -> WorkbookError {
    match error::sqlite_code(&source) {
        Some(rusqlite::ErrorCode::NotADatabase) => WorkbookError::NotAWorkbook { path: path.to_owned() },
        _ => WorkbookError::Damaged { path: path.to_owned(), source },
    }
}

fn apply_key(conn: &Connection, passphrase: &Passphrase) -> rusqlite::Result<()> {
    // SQLCipher logs "hmac check failed" to stderr on a wrong key; users see our message.
    let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
    conn.pragma_update(None, "key", passphrase.expose())
}

/// Finishes SQLCipher's one-time set-up before any workbook connection is made.
///
/// SQLite marks itself initialised before it runs SQLCipher's extra initialisation, so a
/// second thread opening its first connection at that moment skips ahead and gets "an
/// error occurred with PRAGMA key" (seen when tests create workbooks in parallel on a
/// fresh process). Opening one in-memory connection under a `Once` makes every other
/// thread wait until that set-up is complete.
fn sqlcipher_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        // A failure here resurfaces, with its real message, on the caller's own open.
        let _ = Connection::open_in_memory();
    });
}

fn connect(path: &Path, passphrase: &Passphrase, mode: OpenFlags) -> Result<Connection, WorkbookError> {
    sqlcipher_ready();
    let conn = Connection::open_with_flags(path, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| WorkbookError::from_sqlite(path, e))?;
    apply_key(&conn, passphrase).map_err(|e| WorkbookError::from_sqlite(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

/// Reads the schema version, proving on the way that the key is right and the file is a
/// Readiness workbook.
fn check_is_ours(conn: &Connection, path: &Path) -> Result<u32, WorkbookError> {
    let app_id: i32 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
        Ok(v) => v,
        Err(e) if error::sqlite_code(&e) == Some(rusqlite::ErrorCode::NotADatabase) => {
            // The probe already ruled out files that are not encrypted databases at all.
            return Err(WorkbookError::WrongPassphrase { path: path.to_owned() });
        }
        Err(e) => return Err(damaged(path, e)),
    };
    // Touch the schema too: a wrong key can slip past the header read on some builds.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(|e| {
        match error::sqlite_code(&e) {
            Some(rusqlite::ErrorCode::NotADatabase) => WorkbookError::WrongPassphrase { path: path.to_owned() },
            _ => damaged(path, e),
        }
    })?;
    if app_id != APPLICATION_ID {
        return Err(WorkbookError::ForeignDatabase { path: path.to_owned() });
    }
    migrations::schema_version(conn).map_err(|e| damaged(path, e))
}

//! The one error type for opening, creating and writing a workbook file.
//!
//! Messages are written for the person at the keyboard: they say what happened to
//! which file and what to do next. The technical cause stays attached as `source`.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error("No file was found at {path}.")]
    NotFound { path: PathBuf },

    #[error("{path} is a folder, not a workbook file.")]
    NotAFile { path: PathBuf },

    #[error("{path} is empty, so it cannot be a workbook.")]
    EmptyFile { path: PathBuf },

    #[error("{path} is an unencrypted SQLite database from another program, not a Readiness workbook.")]
    PlainSqlite { path: PathBuf },

    #[error("{path} is not a Readiness workbook, or it has been cut short (its size does not fit a workbook).")]
    NotAWorkbook { path: PathBuf },

    #[error("{path} opened with this passphrase, but it is an encrypted database from another program, not a Readiness workbook.")]
    ForeignDatabase { path: PathBuf },

    #[error("The passphrase is wrong for {path}. Check it and try again (passphrases are case-sensitive).")]
    WrongPassphrase { path: PathBuf },

    #[error("{path} is damaged and cannot be read. Restore it from a backup or a saved copy.")]
    Damaged {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error("{path} was last saved by Readiness Workbook {written_by}, which is newer than this app ({this_app}): its file format is {found}, this app reads up to {supported}. Update the app to open it; the file has not been changed.")]
    NewerVersion { path: PathBuf, found: u32, supported: u32, written_by: String, this_app: &'static str },

    #[error("{path} is already open in another window or program ({holder}). Close it there first.")]
    AlreadyOpen { path: PathBuf, holder: String },

    #[error("Cannot write in the folder of {path}: it is read-only. Copy the workbook to a folder you can write to.")]
    ReadOnlyLocation { path: PathBuf },

    #[error("{path} already exists. Choose another name, or open the existing workbook.")]
    AlreadyExists { path: PathBuf },

    #[error("The disk is full, so the change was not saved. Free some space and try again; nothing was lost.")]
    DiskFull,

    #[error("A passphrase needs at least {min} characters.")]
    PassphraseTooShort { min: usize },

    #[error("Could not {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("The workbook could not be read or written ({source}). Nothing was changed.")]
    Storage {
        #[source]
        source: rusqlite::Error,
    },

    #[error("{0}")]
    Invalid(String),
}

impl WorkbookError {
    /// A stable code for programs (the UI switches on it; the CLI prints it with `--json`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::NotAFile { .. } => "not_a_file",
            Self::EmptyFile { .. } => "empty_file",
            Self::PlainSqlite { .. } => "plain_sqlite",
            Self::NotAWorkbook { .. } => "not_a_workbook",
            Self::ForeignDatabase { .. } => "foreign_database",
            Self::WrongPassphrase { .. } => "wrong_passphrase",
            Self::Damaged { .. } => "damaged",
            Self::NewerVersion { .. } => "newer_version",
            Self::AlreadyOpen { .. } => "already_open",
            Self::ReadOnlyLocation { .. } => "read_only_location",
            Self::AlreadyExists { .. } => "already_exists",
            Self::DiskFull => "disk_full",
            Self::PassphraseTooShort { .. } => "passphrase_too_short",
            Self::Io { .. } => "io",
            Self::Storage { .. } => "storage",
            Self::Invalid(_) => "invalid",
        }
    }

    /// Classifies a SQLite error raised while working on the file at `path`.
    pub(crate) fn from_sqlite(path: &Path, source: rusqlite::Error) -> Self {
        match sqlite_code(&source) {
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            Some(ErrorCode::ReadOnly) => Self::ReadOnlyLocation { path: path.to_owned() },
            Some(ErrorCode::DatabaseCorrupt) => Self::Damaged { path: path.to_owned(), source },
            _ => Self::Storage { source },
        }
    }

    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        match source.kind() {
            std::io::ErrorKind::NotFound => Self::NotFound { path: path.to_owned() },
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                Self::ReadOnlyLocation { path: path.to_owned() }
            }
            std::io::ErrorKind::StorageFull => Self::DiskFull,
            _ => Self::Io { action, path: path.to_owned(), source },
        }
    }
}

impl From<rusqlite::Error> for WorkbookError {
    fn from(source: rusqlite::Error) -> Self {
        match sqlite_code(&source) {
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            _ => Self::Storage { source },
        }
    }
}

pub(crate) fn sqlite_code(e: &rusqlite::Error) -> Option<ErrorCode> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    }
}

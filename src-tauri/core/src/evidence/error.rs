//! Why evidence could not be attached, linked, exported or previewed.
//!
//! Messages are for the person at the keyboard: which file, what happened, what to do
//! next, and (for attaching) that nothing was added. The technical cause stays attached
//! as `source`.

use std::path::PathBuf;

use crate::workbook::WorkbookError;

#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("No file was found at {path}. Check the name and the folder, then attach it again.")]
    SourceNotFound { path: PathBuf },

    #[error("{path} is a folder. Attach the files inside it one by one.")]
    SourceIsFolder { path: PathBuf },

    #[error("{path} is not an ordinary file (it may be a device or a pipe), so it cannot be attached as evidence.")]
    SourceNotAFile { path: PathBuf },

    #[error("{path} is empty (0 bytes); attach the file that holds the evidence.")]
    EmptySource { path: PathBuf },

    #[error("Could not read {path}: {source}. Check that you may open the file and that no other program locks it; nothing was added.")]
    ReadSource {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path} changed while it was being read (it was {expected} bytes when opened, {found} bytes by the end). Wait until no program is writing to it, then attach it again; nothing was added.")]
    SourceChanged { path: PathBuf, expected: u64, found: u64 },

    #[error("Cancelled; nothing was changed.")]
    Cancelled,

    #[error("There is no evidence {reference} in this workbook.")]
    UnknownEvidence { reference: String },

    #[error("There is no checklist item {reference} in this workbook.")]
    UnknownItem { reference: String },

    #[error("{path} already exists. Choose another name: exporting never replaces a file.")]
    DestinationExists { path: PathBuf },

    #[error("The folder for {path} does not exist. Choose a folder that exists.")]
    DestinationFolderMissing { path: PathBuf },

    #[error("Could not write {path}: {source}. Nothing was left behind; choose another folder or try again.")]
    WriteDestination {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "The disk is full, so {path} could not be written. Free some space and try again; nothing was left behind."
    )]
    DestinationDiskFull { path: PathBuf },

    #[error(
        "The disk is full: attaching this {file_mib} MB file needs about {needed_mib} MB free next to the workbook, and only {free_mib} MB are. Free some space and attach it again; nothing was written."
    )]
    NotEnoughSpace { file_mib: u64, needed_mib: u64, free_mib: u64 },

    #[error("The stored copy of evidence {reference} is damaged ({detail}), so it was not exported. Restore the workbook from a backup or a saved copy, or attach the original file again.")]
    Damaged { reference: String, detail: String },

    #[error(transparent)]
    Workbook(#[from] WorkbookError),
}

impl EvidenceError {
    /// A stable code for programs (the UI switches on it); the message is for people.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SourceNotFound { .. } => "source_not_found",
            Self::SourceIsFolder { .. } => "source_is_folder",
            Self::SourceNotAFile { .. } => "source_not_a_file",
            Self::EmptySource { .. } => "empty_source",
            Self::ReadSource { .. } => "read_source",
            Self::SourceChanged { .. } => "source_changed",
            Self::Cancelled => "cancelled",
            Self::UnknownEvidence { .. } => "unknown_evidence",
            Self::UnknownItem { .. } => "unknown_item",
            Self::DestinationExists { .. } => "destination_exists",
            Self::DestinationFolderMissing { .. } => "destination_folder_missing",
            Self::WriteDestination { .. } => "write_destination",
            // Same code as the workbook's own: the UI offers the same advice.
            Self::DestinationDiskFull { .. } | Self::NotEnoughSpace { .. } => "disk_full",
            Self::Damaged { .. } => "damaged_evidence",
            Self::Workbook(e) => e.kind(),
        }
    }
}

/// SQL errors in this module are storage errors of the workbook, classified the same
/// way (a full disk reads as `DiskFull`).
impl From<rusqlite::Error> for EvidenceError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Workbook(WorkbookError::from(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_full_has_the_same_code_from_sqlite_and_from_export() {
        let from_sqlite = EvidenceError::from(WorkbookError::DiskFull);
        let from_export = EvidenceError::DestinationDiskFull { path: PathBuf::from("/tmp/x") };
        assert_eq!(from_sqlite.kind(), "disk_full");
        assert_eq!(from_export.kind(), "disk_full");
    }

    #[test]
    fn empty_source_message_says_what_to_do() {
        let msg = EvidenceError::EmptySource { path: PathBuf::from("scan.pdf") }.to_string();
        assert_eq!(msg, "scan.pdf is empty (0 bytes); attach the file that holds the evidence.");
    }
}

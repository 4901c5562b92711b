use std::path::PathBuf;

use crate::evidence::EvidenceError;
use crate::workbook::WorkbookError;

#[derive(Debug, thiserror::Error)]
pub enum BinderError {
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    #[error(
        "This workbook has no binder signing key yet. It is made on the first export, which needs the workbook \
         open for editing rather than read-only."
    )]
    NoSeal,
    #[error("The binder export was cancelled; no file was written.")]
    Cancelled,
    #[error("{path} could not be read: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path} is not a binder made by Readiness Workbook: {reason}")]
    NotABinder { path: PathBuf, reason: String },
    /// A fault in our own code or bundled assets, not in the user's data.
    #[error("The binder could not be made ({0}). Please report this.")]
    Internal(String),
}

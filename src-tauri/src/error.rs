//! The error every command returns, serialised for the UI as `{ kind, message, detail? }`.
//! `kind` is a stable code the UI switches on; `message` is shown to the user as is.

use readiness_core::workbook::WorkbookError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct ApiError {
    pub kind: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        Self { kind: kind.to_owned(), message: message.into(), detail: None }
    }

    pub fn no_workbook() -> Self {
        Self::new("no_workbook", "No workbook is open. Open or create one from the home screen.")
    }

    /// A bug on our side. The message says so plainly; the workbook is untouched
    /// because every write is one transaction that a failure rolls back.
    pub fn internal(what: &str) -> Self {
        Self::new(
            "internal",
            format!(
                "Something went wrong inside the app while trying to {what}. Nothing was changed. Please try again."
            ),
        )
    }
}

impl From<WorkbookError> for ApiError {
    fn from(e: WorkbookError) -> Self {
        let detail = std::error::Error::source(&e).map(|s| s.to_string());
        Self { kind: e.kind().to_owned(), message: e.to_string(), detail }
    }
}

impl From<readiness_core::import::ImportError> for ApiError {
    fn from(e: readiness_core::import::ImportError) -> Self {
        Self { kind: format!("import_{}", e.kind()), message: e.to_string(), detail: None }
    }
}

impl From<readiness_core::evidence::EvidenceError> for ApiError {
    fn from(e: readiness_core::evidence::EvidenceError) -> Self {
        let detail = std::error::Error::source(&e).map(|s| s.to_string());
        Self { kind: e.kind().to_owned(), message: e.to_string(), detail }
    }
}

impl From<readiness_core::binder::BinderError> for ApiError {
    fn from(e: readiness_core::binder::BinderError) -> Self {
        use readiness_core::binder::BinderError as B;
        match e {
            B::Workbook(w) => w.into(),
            B::Evidence(ev) => ev.into(),
            B::Cancelled => Self::new("cancelled", e.to_string()),
            B::NoSeal => Self::new("read_only", e.to_string()),
            B::Unreadable { .. } | B::NotABinder { .. } => Self::new("not_a_binder", e.to_string()),
            B::Internal(_) => Self::new("internal", e.to_string()),
        }
    }
}

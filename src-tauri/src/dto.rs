//! Request and response shapes of the commands that exist only for the GUI. Core types
//! (summaries, log entries, reports) cross the boundary as they are.

use readiness_core::opener::PassphraseNeeded;
use readiness_core::summary::WorkbookSummary;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Deserialize, TS)]
pub struct CreateWorkbookRequest {
    pub path: String,
    pub organization: String,
    pub passphrase: String,
    pub remember: bool,
}

#[derive(Debug, Deserialize, TS)]
pub struct OpenWorkbookRequest {
    pub path: String,
    /// None: use the passphrase remembered on this computer, if any.
    pub passphrase: Option<String>,
    pub remember: bool,
}

#[derive(Debug, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum OpenResponse {
    Opened { summary: Box<WorkbookSummary> },
    NeedsPassphrase { path: String, reason: PassphraseNeeded },
}

#[derive(Debug, Serialize, TS)]
pub struct StartupInfo {
    /// "0.1.0"
    pub app_version: String,
    /// The git commit the app was built from, for the About panel.
    pub commit: String,
    /// Started with `--demo`: the UI opens the demo workbook straight away.
    pub open_demo: bool,
    /// A workbook given on the command line: the UI opens it (asking for its passphrase).
    pub open_path: Option<String>,
    /// Set when running portable: everything is kept in this folder and passphrases are
    /// never remembered.
    pub portable_folder: Option<String>,
    /// Why the app cannot work (a read-only portable folder): shown instead of the home screen.
    pub problem: Option<String>,
    /// Where new workbooks are suggested to go.
    pub default_folder: String,
}

/// Sent to the window when another launch asks this one to open something.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OpenRequested {
    Workbook { path: String },
    Demo,
}

#[derive(Debug, Deserialize, TS)]
pub struct ImportRosterRequest {
    /// The CSV file the user picked in the open dialog.
    pub path: String,
    /// false: preview only; true: import the rows the preview accepts.
    pub apply: bool,
    /// With `apply`: the `file_sha256` of the preview the user confirmed. If the file has
    /// changed since, nothing is imported.
    pub expected_sha256: Option<String>,
}

#[derive(Debug, Serialize, TS)]
pub struct RosterImportOutcome {
    /// SHA-256 of the file as read, so confirming imports exactly what was previewed.
    pub file_sha256: String,
    pub preview: readiness_core::people::RosterPreview,
    pub result: Option<readiness_core::people::ImportResult>,
    pub people: Option<Vec<readiness_core::people::Person>>,
}

/// Progress of an evidence attach, streamed to the UI while the file is hashed and stored.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AttachProgress {
    pub file_name: String,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct VendorAssessment {
    pub suggested_tier: readiness_core::vendors::Tier,
    pub tier: readiness_core::vendors::Tier,
    #[ts(type = "string | null")]
    pub next_review: Option<chrono::NaiveDate>,
    pub flags: Vec<readiness_core::vendors::VendorFlag>,
}

#[derive(Debug, Deserialize, TS)]
pub struct ImportVendorsRequest {
    pub path: String,
    pub apply: bool,
    pub expected_sha256: Option<String>,
}

#[derive(Debug, Serialize, TS)]
pub struct VendorImportOutcome {
    pub file_sha256: String,
    pub preview: readiness_core::vendors::csv::VendorPreview,
    pub result: Option<readiness_core::vendors::csv::VendorImportResult>,
}

#[derive(Debug, Serialize, TS)]
pub struct PolicyPreview {
    pub rendered: readiness_core::policies::render::Rendered,
    pub unresolved: Vec<String>,
}

#[derive(Debug, Deserialize, TS)]
pub struct ImportRisksRequest {
    pub path: String,
    pub apply: bool,
    pub expected_sha256: Option<String>,
}

#[derive(Debug, Serialize, TS)]
pub struct RiskImportOutcome {
    pub file_sha256: String,
    pub preview: readiness_core::risks::csv::RiskPreview,
    pub result: Option<readiness_core::risks::csv::RiskImportResult>,
}

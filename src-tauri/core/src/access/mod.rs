//! User access reviews: a campaign per system imports the system's account export,
//! cross-checks each account against the people roster, and records the reviewer's
//! keep / revoke / change decisions, the remediation they call for and the sign-off,
//! after which the review is a record that no longer changes.

pub mod accounts;
mod check;
pub mod decisions;
pub mod export;
mod import;
pub mod links;
mod model;
pub mod presets;
pub mod read;
pub mod report;
mod store;
mod xlsx;

pub use accounts::{
    all as all_accounts, detail as account_detail, find_by_identity, page as account_page, AccountDetail,
    AccountFilter, AccountPage, AccountRow, Candidate, FlagReason,
};
pub use check::{explain, name_key, FlagContext};
pub use decisions::{
    decide, decide_filtered, remediation, set_label, update_remediation, DecisionInput, RemediationTask,
};
pub use import::{import, preview, read_for_campaign, ImportPreview, ImportSummary, PreviewAccount};
pub use links::{link, LinkTarget, Unowned};
pub use model::{AccountLabel, CampaignStatus, Decision, DecisionFilter, Field, Flag, Mapping, MatchedBy, Preset};
pub use read::{read_accounts, AccountFile, AccountFileError, LineProblem, ParsedAccount};
pub use store::{
    create, delete, get, list, list_light, remembered_mapping, resolve, resolve_system, sign_off, update, Campaign,
    CampaignCounts, CampaignInput, FlagCount,
};

use crate::workbook::WorkbookError;

/// Why an access review action could not be done.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error(transparent)]
    File(#[from] AccountFileError),
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
}

impl AccessError {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::File(e) => e.kind(),
            Self::Workbook(_) => "workbook",
        }
    }
}

#[cfg(test)]
mod preset_tests;

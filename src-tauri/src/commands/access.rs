//! Commands for user access reviews: campaigns, account imports, the account grid,
//! decisions, remediation, sign-off and export. Requests and outcomes that exist only
//! for these commands are declared here.

use std::path::PathBuf;

use chrono::NaiveDate;
use readiness_core::access::{
    self, AccessError, AccountDetail, AccountFilter, AccountLabel, AccountPage, Campaign, CampaignInput, DecisionInput,
    ImportPreview, ImportSummary, LinkTarget, Mapping, Preset, RemediationTask,
};
use readiness_core::workbook::{Actor, WorkbookError};
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use ts_rs::TS;

use super::{blocking, today, with_open};
use crate::error::ApiError;

fn file_error(e: AccessError) -> ApiError {
    match e {
        AccessError::Workbook(w) => w.into(),
        AccessError::File(f) => ApiError::new(&format!("import_{}", f.kind()), f.to_string()),
    }
}

#[derive(Debug, Deserialize, TS)]
pub struct AccessImportRequest {
    pub campaign_id: String,
    /// The CSV or XLSX file the user picked.
    pub path: String,
    /// None: detect from the header.
    pub preset: Option<Preset>,
    /// None: the mapping remembered for the system, else the preset's.
    pub mapping: Option<Mapping>,
    /// false: preview only; true: import.
    pub apply: bool,
    /// With `apply`: the `file_sha256` of the preview the user confirmed.
    pub expected_sha256: Option<String>,
}

#[derive(Debug, Serialize, TS)]
pub struct AccessImportOutcome {
    pub file_sha256: String,
    pub preview: ImportPreview,
    pub result: Option<ImportSummary>,
}

#[derive(Debug, Deserialize, TS)]
pub struct DecideRequest {
    pub campaign_id: String,
    /// The accounts to decide; when absent, every account `filter` picks.
    pub account_ids: Option<Vec<String>>,
    pub filter: Option<AccountFilter>,
    pub decision: DecisionInput,
}

#[tauri::command]
pub async fn list_access_reviews(app: AppHandle) -> Result<Vec<Campaign>, ApiError> {
    blocking(app, "read the access reviews", |state| with_open(state, |wb| Ok(access::list(wb.conn(), today())?))).await
}

/// Creates (no id) or updates a review; returns its id.
#[tauri::command]
pub async fn save_access_review(app: AppHandle, id: Option<String>, input: CampaignInput) -> Result<String, ApiError> {
    blocking(app, "save the access review", move |state| {
        with_open(state, |wb| {
            Ok(wb.write(&Actor::from_os(), |w| match &id {
                Some(id) => access::update(w, id, &input).map(|_| id.clone()),
                None => access::create(w, &input),
            })?)
        })
    })
    .await
}

#[tauri::command]
pub async fn delete_access_review(app: AppHandle, id: String) -> Result<(), ApiError> {
    blocking(app, "remove the access review", move |state| {
        with_open(state, |wb| Ok(wb.write(&Actor::from_os(), |w| access::delete(w, &id))?))
    })
    .await
}

/// Previews (or with `apply`, imports) an account export into a review.
#[tauri::command]
pub async fn import_access_accounts(
    app: AppHandle,
    request: AccessImportRequest,
) -> Result<AccessImportOutcome, ApiError> {
    blocking(app, "import the accounts", move |state| {
        let (bytes, file_sha256) =
            super::read_import_file(&request.path, request.apply, request.expected_sha256.as_deref())?;
        let name =
            PathBuf::from(&request.path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        with_open(state, |wb| {
            let (file, remembered) = access::read_for_campaign(
                wb.conn(),
                &request.campaign_id,
                &bytes,
                request.preset,
                request.mapping.as_ref(),
            )
            .map_err(file_error)?;
            let preview = access::preview(wb.conn(), &request.campaign_id, &file, remembered)?;
            let result = if request.apply {
                Some(wb.write(&Actor::from_os(), |w| access::import(w, &request.campaign_id, &file, &name))?)
            } else {
                None
            };
            Ok(AccessImportOutcome { file_sha256, preview, result })
        })
    })
    .await
}

/// One page of a review's accounts for the virtualised grid.
#[tauri::command]
pub async fn list_review_accounts(
    app: AppHandle,
    campaign_id: String,
    filter: AccountFilter,
    offset: u32,
    limit: u32,
) -> Result<AccountPage, ApiError> {
    blocking(app, "read the accounts", move |state| {
        with_open(state, |wb| Ok(access::account_page(wb.conn(), &campaign_id, &filter, offset, limit)?))
    })
    .await
}

#[tauri::command]
pub async fn review_account_detail(app: AppHandle, account_id: String) -> Result<Option<AccountDetail>, ApiError> {
    blocking(app, "read the account", move |state| {
        with_open(state, |wb| Ok(access::account_detail(wb.conn(), &account_id)?))
    })
    .await
}

/// Decides the named accounts, or every account the filter picks; returns how many.
#[tauri::command]
pub async fn decide_accounts(app: AppHandle, request: DecideRequest) -> Result<u32, ApiError> {
    blocking(app, "record the decision", move |state| {
        with_open(state, |wb| {
            let actor = Actor::from_os();
            let by = actor.as_str().to_owned();
            Ok(wb.write(&actor, |w| match (&request.account_ids, &request.filter) {
                (Some(ids), _) => access::decide(w, ids, &request.decision, &by, today()),
                (None, filter) => access::decide_filtered(
                    w,
                    &request.campaign_id,
                    &filter.clone().unwrap_or_default(),
                    &request.decision,
                    &by,
                    today(),
                ),
            })?)
        })
    })
    .await
}

/// Links accounts to a person by hand, or labels them service / shared; remembered for
/// the system (see `access::links`).
#[derive(Debug, Deserialize, TS)]
pub struct LinkRequest {
    pub campaign_id: String,
    pub account_ids: Vec<String>,
    /// Also every unlabelled account that looks like a machine (the bulk proposal).
    pub machines: bool,
    /// Exactly one of `person_id` and `label`.
    pub person_id: Option<String>,
    pub label: Option<AccountLabel>,
}

/// Returns how many accounts were linked.
#[tauri::command]
pub async fn link_review_accounts(app: AppHandle, request: LinkRequest) -> Result<u32, ApiError> {
    blocking(app, "link the accounts", move |state| {
        with_open(state, |wb| {
            let target = match (&request.person_id, request.label) {
                (Some(p), None) => LinkTarget::Person(p.clone()),
                (None, Some(l)) => LinkTarget::Label(l),
                _ => {
                    return Err(WorkbookError::Invalid(
                        "Choose a person, or label the account a service or shared account.".to_owned(),
                    )
                    .into())
                }
            };
            let mut ids = request.account_ids.clone();
            if request.machines {
                ids.extend(access::links::unowned(wb.conn(), &request.campaign_id)?.machines);
            }
            Ok(wb.write(&Actor::from_os(), |w| access::link(w, &request.campaign_id, &ids, &target))?)
        })
    })
    .await
}

#[tauri::command]
pub async fn label_review_account(
    app: AppHandle,
    account_id: String,
    label: Option<AccountLabel>,
) -> Result<(), ApiError> {
    blocking(app, "label the account", move |state| {
        with_open(state, |wb| Ok(wb.write(&Actor::from_os(), |w| access::set_label(w, &account_id, label))?))
    })
    .await
}

#[tauri::command]
pub async fn list_remediation(app: AppHandle, campaign_id: String) -> Result<Vec<RemediationTask>, ApiError> {
    blocking(app, "read the remediation tasks", move |state| {
        with_open(state, |wb| Ok(access::remediation(wb.conn(), &campaign_id)?))
    })
    .await
}

#[tauri::command]
pub async fn update_remediation(
    app: AppHandle,
    account_id: String,
    ticket: String,
    completed_on: Option<NaiveDate>,
) -> Result<(), ApiError> {
    blocking(app, "update the remediation task", move |state| {
        with_open(state, |wb| {
            Ok(wb.write(&Actor::from_os(), |w| access::update_remediation(w, &account_id, &ticket, completed_on))?)
        })
    })
    .await
}

#[tauri::command]
pub async fn sign_off_access_review(
    app: AppHandle,
    id: String,
    name: String,
    date: NaiveDate,
    note: String,
) -> Result<(), ApiError> {
    blocking(app, "sign off the review", move |state| {
        with_open(state, |wb| Ok(wb.write(&Actor::from_os(), |w| access::sign_off(w, &id, &name, date, &note))?))
    })
    .await
}

#[tauri::command]
pub async fn export_access_review(app: AppHandle, campaign_id: String, dest: String) -> Result<(), ApiError> {
    blocking(app, "export the review", move |state| {
        with_open(state, |wb| {
            let bytes = access::export::export_csv(wb.conn(), &campaign_id)?;
            readiness_core::files::write_new_file(&PathBuf::from(&dest), &bytes)?;
            Ok(())
        })
    })
    .await
}

//! Commands for the workbook as a whole: create, open, close, summary, verify, copy.

use std::path::PathBuf;

use readiness_core::opener::{OpenOutcome, Remember};
use readiness_core::organization::{self, Organization};
use readiness_core::passphrase::Passphrase;
use readiness_core::recents::RecentWorkbook;
use readiness_core::summary::{self, WorkbookSummary};
use readiness_core::workbook::{self, verify, Actor, ChangeEntry, Workbook};
use tauri::{AppHandle, State};
use zeroize::Zeroize;

use super::{blocking, with_open};
use crate::dto::{CreateWorkbookRequest, OpenResponse, OpenWorkbookRequest, StartupInfo};
use crate::error::ApiError;
use crate::state::AppState;

fn remember(flag: bool) -> Remember {
    if flag {
        Remember::Yes
    } else {
        Remember::No
    }
}

/// Takes the passphrase out of the request so the request's copy is wiped at once.
fn take_secret(secret: &mut String) -> Passphrase {
    let pass = Passphrase::new(secret.as_str());
    secret.zeroize();
    pass
}

fn install(state: &AppState, wb: Workbook) -> Result<WorkbookSummary, ApiError> {
    let summary = summary::summarize(&wb)?;
    let mut slot = state.session();
    if let Some(previous) = slot.take() {
        let _ = previous.close();
    }
    *slot = Some(wb);
    Ok(summary)
}

#[tauri::command]
pub fn startup_info(state: State<'_, AppState>) -> StartupInfo {
    let startup = &state.startup;
    StartupInfo {
        app_version: readiness_core::version::VERSION.to_owned(),
        commit: readiness_core::version::COMMIT.to_owned(),
        open_demo: startup.open_demo,
        open_path: startup.open_path.as_ref().map(|p| p.display().to_string()),
        portable_folder: startup.portable_folder.as_ref().map(|p| p.display().to_string()),
        problem: startup.problem.clone(),
        default_folder: startup.default_folder.clone(),
    }
}

#[tauri::command]
pub async fn list_recent(app: AppHandle) -> Result<Vec<RecentWorkbook>, ApiError> {
    blocking(app, "list recent workbooks", |state| Ok(state.opener.recents())).await
}

#[tauri::command]
pub async fn forget_recent(app: AppHandle, path: String) -> Result<(), ApiError> {
    blocking(app, "update the recent list", move |state| Ok(state.opener.forget_recent(&path)?)).await
}

#[tauri::command]
pub async fn create_workbook(app: AppHandle, mut request: CreateWorkbookRequest) -> Result<WorkbookSummary, ApiError> {
    let pass = take_secret(&mut request.passphrase);
    blocking(app, "create the workbook", move |state| {
        let wb = state.opener.create(
            &PathBuf::from(&request.path),
            &pass,
            &request.organization,
            remember(request.remember),
            &Actor::from_os(),
        )?;
        install(state, wb)
    })
    .await
}

#[tauri::command]
pub async fn open_workbook(app: AppHandle, mut request: OpenWorkbookRequest) -> Result<OpenResponse, ApiError> {
    let pass = request.passphrase.as_mut().map(take_secret);
    blocking(app, "open the workbook", move |state| {
        // Release our own lock first when reopening the file that is already open here.
        if let Some(open) = state.session().as_ref() {
            if open.path() == std::path::Path::new(&request.path) {
                return Ok(OpenResponse::Opened { summary: Box::new(summary::summarize(open)?) });
            }
        }
        match state.opener.open(&PathBuf::from(&request.path), pass.as_ref(), remember(request.remember))? {
            OpenOutcome::Opened(wb) => Ok(OpenResponse::Opened { summary: Box::new(install(state, *wb)?) }),
            OpenOutcome::NeedsPassphrase(reason) => Ok(OpenResponse::NeedsPassphrase { path: request.path, reason }),
        }
    })
    .await
}

#[tauri::command]
pub async fn open_demo(app: AppHandle) -> Result<WorkbookSummary, ApiError> {
    blocking(app, "open the demo workbook", |state| {
        if let Some(previous) = state.session().take() {
            let _ = previous.close();
        }
        let wb = state.opener.open_demo()?;
        install(state, wb)
    })
    .await
}

#[tauri::command]
pub async fn close_workbook(app: AppHandle) -> Result<(), ApiError> {
    blocking(app, "close the workbook", |state| {
        if let Some(wb) = state.session().take() {
            wb.close()?;
        }
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn workbook_summary(app: AppHandle) -> Result<WorkbookSummary, ApiError> {
    blocking(app, "read the workbook", |state| with_open(state, |wb| Ok(summary::summarize(wb)?))).await
}

#[tauri::command]
pub async fn recent_changes(app: AppHandle, limit: u32) -> Result<Vec<ChangeEntry>, ApiError> {
    blocking(app, "read the change log", move |state| {
        with_open(state, |wb| Ok(workbook::recent_changes(wb.conn(), limit.min(500))?))
    })
    .await
}

#[tauri::command]
pub async fn verify_workbook(app: AppHandle) -> Result<verify::VerifyReport, ApiError> {
    blocking(app, "check the workbook", |state| with_open(state, |wb| Ok(verify::verify(wb)?))).await
}

#[tauri::command]
pub async fn save_copy(app: AppHandle, dest: String) -> Result<(), ApiError> {
    blocking(app, "save a copy", move |state| with_open(state, |wb| Ok(wb.save_copy(&PathBuf::from(&dest))?))).await
}

#[tauri::command]
pub async fn get_organization(app: AppHandle) -> Result<Organization, ApiError> {
    blocking(app, "read the organisation profile", |state| with_open(state, |wb| Ok(organization::get(wb)?))).await
}

#[tauri::command]
pub async fn update_organization(app: AppHandle, organization: Organization) -> Result<WorkbookSummary, ApiError> {
    blocking(app, "save the organisation profile", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| organization::update(w, &organization))?;
            Ok(summary::summarize(wb)?)
        })
    })
    .await
}

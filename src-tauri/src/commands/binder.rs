//! Commands for the evidence binder: what can be chosen, export with progress and
//! cancel, and verifying a binder against the open workbook.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use readiness_core::binder::{
    self, BinderOptions, BinderProgress, BinderReport, BinderVerifyReport, SealInfo, SectionKind,
};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};
use ts_rs::TS;

use super::{blocking, with_open};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, TS)]
pub struct SectionChoice {
    pub kind: SectionKind,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct BinderSetup {
    pub sections: Vec<SectionChoice>,
    /// e.g. "Parcelwise, Inc. evidence binder 2026-11-28.pdf"
    pub suggested_file_name: String,
    /// The workbook's seal, once its first binder has been exported.
    pub seal: Option<SealInfo>,
}

#[tauri::command]
pub async fn binder_setup(app: AppHandle) -> Result<BinderSetup, ApiError> {
    blocking(app, "prepare the binder", |state| {
        with_open(state, |wb| {
            let org = readiness_core::organization::get(wb)?;
            let name: String = org
                .legal_name
                .chars()
                .map(|c| if c.is_alphanumeric() || matches!(c, ' ' | ',' | '.' | '-' | '&') { c } else { '_' })
                .collect();
            Ok(BinderSetup {
                sections: SectionKind::ALL
                    .into_iter()
                    .map(|kind| SectionChoice { kind, title: kind.title().to_owned() })
                    .collect(),
                suggested_file_name: format!("{} evidence binder {}.pdf", name.trim(), super::today()),
                seal: binder::seal_info(wb)?,
            })
        })
    })
    .await
}

/// Builds the binder and writes it to `dest`, sending progress as it goes. The file
/// appears only when it is complete; a cancel or failure leaves nothing at `dest`.
#[tauri::command]
pub async fn export_binder(
    app: AppHandle,
    dest: String,
    sections: Vec<SectionKind>,
    attachments: bool,
    redact_emails: bool,
    account_lists: Option<binder::AccountLists>,
    on_progress: Channel<BinderProgress>,
) -> Result<BinderReport, ApiError> {
    app.state::<AppState>().cancel_binder.store(false, Ordering::SeqCst);
    blocking(app, "export the binder", move |state| {
        with_open(state, |wb| {
            let options = BinderOptions {
                sections,
                attachments,
                redact_emails,
                generated_at: chrono::Utc::now(),
                account_lists: account_lists.unwrap_or_default(),
            };
            // The first export makes the workbook's signing key (logged like any change).
            binder::ensure_seal(wb, &readiness_core::workbook::Actor::from_os(), options.generated_at)?;
            let mut progress = |p: BinderProgress| {
                let _ = on_progress.send(p);
                if state.cancel_binder.load(Ordering::SeqCst) {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            };
            Ok(binder::export(wb, &options, &PathBuf::from(&dest), &mut progress)?)
        })
    })
    .await
}

#[tauri::command]
pub fn cancel_binder_export(app: AppHandle) {
    app.state::<AppState>().cancel_binder.store(true, Ordering::SeqCst);
}

/// Checks a binder file against the open workbook.
#[tauri::command]
pub async fn verify_binder(app: AppHandle, path: String) -> Result<BinderVerifyReport, ApiError> {
    blocking(app, "check the binder", move |state| {
        with_open(state, |wb| Ok(binder::verify(&PathBuf::from(&path), Some(wb))?))
    })
    .await
}

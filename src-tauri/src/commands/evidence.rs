//! Commands for evidence files: attach (with progress), list, preview, export, detach.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use readiness_core::evidence::{self, Evidence, ExportReport, NewEvidence, Preview};
use readiness_core::workbook::Actor;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

use super::{blocking, with_open};
use crate::dto::AttachProgress;
use crate::error::ApiError;
use crate::state::AppState;

/// Images up to this size are shown inline; larger ones are saved out to view.
const PREVIEW_MAX_BYTES: usize = 8 * 1024 * 1024;

#[tauri::command]
pub async fn list_item_evidence(app: AppHandle, item_id: String) -> Result<Vec<Evidence>, ApiError> {
    blocking(app, "read the evidence", move |state| {
        with_open(state, |wb| Ok(evidence::list_for_item(wb.conn(), &item_id)?))
    })
    .await
}

#[tauri::command]
pub async fn list_evidence(app: AppHandle) -> Result<Vec<Evidence>, ApiError> {
    blocking(app, "read the evidence", |state| with_open(state, |wb| Ok(evidence::list(wb.conn())?))).await
}

/// Attaches each file to the item, one transaction per file, reporting progress as the
/// bytes stream in. Stops at the first file that cannot be attached; the ones before it
/// stay attached and the message says which failed.
#[tauri::command]
pub async fn attach_evidence(
    app: AppHandle,
    item_id: String,
    paths: Vec<String>,
    on_progress: Channel<AttachProgress>,
) -> Result<Vec<Evidence>, ApiError> {
    blocking(app, "attach the evidence", move |state| {
        with_open(state, |wb| {
            attach_files(wb, &state.cancel_attach, &paths, &on_progress, |w, ev| {
                evidence::link(w, &item_id, &ev.id).map(|_| ())
            })
        })
    })
    .await
}

/// Streams each file into the workbook (large ones staged) and files it with `file`
/// (an item, a vendor...). The first failure stops the run; its message names what was
/// attached before it.
pub(crate) fn attach_files(
    wb: &mut readiness_core::workbook::Workbook,
    cancel: &AtomicBool,
    paths: &[String],
    on_progress: &Channel<AttachProgress>,
    file: impl Fn(&mut readiness_core::workbook::WriteTx<'_>, &Evidence) -> Result<(), evidence::EvidenceError>,
) -> Result<Vec<Evidence>, ApiError> {
    let actor = Actor::from_os();
    let mut added: Vec<Evidence> = Vec::new();
    cancel.store(false, Ordering::SeqCst);
    for path in paths {
        let source = PathBuf::from(path);
        let file_name = display_name(&source);
        let mut report = |p: evidence::Progress| {
            let _ = on_progress.send(AttachProgress {
                file_name: file_name.clone(),
                bytes_done: p.done,
                bytes_total: p.total,
            });
            if cancel.load(Ordering::SeqCst) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let result =
            evidence::attach_file(wb, &actor, &source, &NewEvidence::default(), &mut report, |w, ev| file(w, ev));
        match result {
            Ok(ev) => added.push(ev),
            Err(e) if added.is_empty() => return Err(e.into()),
            Err(e) => {
                let done: Vec<&str> = added.iter().map(|e| e.file_name.as_str()).collect();
                return Err(ApiError::new(e.kind(), format!("Attached {}, but not {file_name}: {e}", done.join(", "))));
            }
        }
    }
    Ok(added)
}

/// Stops the attach under way at its next progress step; nothing of the file in hand
/// is kept (files already attached stay).
#[tauri::command]
pub fn cancel_attach(app: AppHandle) {
    app.state::<AppState>().cancel_attach.store(true, Ordering::SeqCst);
}

fn display_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
}

#[tauri::command]
pub async fn unlink_evidence(app: AppHandle, item_id: String, evidence_id: String) -> Result<(), ApiError> {
    blocking(app, "detach the evidence", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| evidence::unlink(w, &item_id, &evidence_id))?;
            Ok(())
        })
    })
    .await
}

#[tauri::command]
pub async fn export_evidence(app: AppHandle, evidence_id: String, dest: String) -> Result<ExportReport, ApiError> {
    blocking(app, "save the evidence file", move |state| {
        with_open(state, |wb| Ok(evidence::export(wb.conn(), &evidence_id, &PathBuf::from(&dest))?))
    })
    .await
}

#[tauri::command]
pub async fn preview_evidence(app: AppHandle, evidence_id: String) -> Result<Preview, ApiError> {
    blocking(app, "preview the evidence", move |state| {
        with_open(state, |wb| Ok(evidence::preview(wb.conn(), &evidence_id, PREVIEW_MAX_BYTES)?))
    })
    .await
}

/// Links a file already in the workbook to another item: one file, several items.
#[tauri::command]
pub async fn link_evidence(app: AppHandle, item_id: String, evidence_id: String) -> Result<Vec<Evidence>, ApiError> {
    blocking(app, "link the evidence", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| evidence::link(w, &item_id, &evidence_id))?;
            Ok(evidence::list_for_item(wb.conn(), &item_id)?)
        })
    })
    .await
}

/// Changes what a file's record says (description, collected on, collected by).
#[tauri::command]
pub async fn update_evidence(
    app: AppHandle,
    evidence_id: String,
    details: evidence::EvidenceDetails,
) -> Result<Evidence, ApiError> {
    blocking(app, "save the evidence details", move |state| {
        with_open(state, |wb| Ok(wb.write(&Actor::from_os(), |w| evidence::update_details(w, &evidence_id, &details))?))
    })
    .await
}

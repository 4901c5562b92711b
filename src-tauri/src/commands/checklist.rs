//! Commands for the checklist step, coverage and the dashboard.

use std::path::PathBuf;

use readiness_core::checklist::{self, dashboard::Dashboard, BulkEdit, ChecklistItem, ItemEdit, NewItem};
use readiness_core::readiness::{Plan, ReadinessReport};
use readiness_core::workbook::Actor;
use tauri::AppHandle;

use super::{blocking, today, with_open};
use crate::error::ApiError;

#[tauri::command]
pub async fn list_items(app: AppHandle) -> Result<Vec<ChecklistItem>, ApiError> {
    blocking(app, "read the checklist", |state| with_open(state, |wb| Ok(checklist::list(wb, today())?))).await
}

#[tauri::command]
pub async fn update_item(app: AppHandle, id: String, edit: ItemEdit) -> Result<ChecklistItem, ApiError> {
    blocking(app, "save the checklist item", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| checklist::update(w, &id, &edit))?;
            checklist::get(wb.conn(), &id, today())?
                .ok_or_else(|| ApiError::new("not_found", "That item no longer exists."))
        })
    })
    .await
}

#[tauri::command]
pub async fn bulk_update_items(app: AppHandle, edit: BulkEdit) -> Result<Vec<ChecklistItem>, ApiError> {
    blocking(app, "change the selected items", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| checklist::bulk_update(w, &edit))?;
            Ok(checklist::list(wb, today())?)
        })
    })
    .await
}

#[tauri::command]
pub async fn create_item(app: AppHandle, item: NewItem) -> Result<Vec<ChecklistItem>, ApiError> {
    blocking(app, "add the checklist item", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| checklist::create_custom(w, &item))?;
            Ok(checklist::list(wb, today())?)
        })
    })
    .await
}

/// Marks the item as a key control for exactly these of its criteria.
#[tauri::command]
pub async fn set_item_key_for(app: AppHandle, id: String, key_for: Vec<String>) -> Result<ChecklistItem, ApiError> {
    blocking(app, "mark the key controls", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| checklist::set_key_for(w, &id, &key_for))?;
            checklist::get(wb.conn(), &id, today())?
                .ok_or_else(|| ApiError::new("not_found", "That item no longer exists."))
        })
    })
    .await
}

#[tauri::command]
pub async fn readiness(app: AppHandle) -> Result<ReadinessReport, ApiError> {
    blocking(app, "work out readiness", |state| {
        with_open(state, |wb| Ok(readiness_core::readiness::report(wb.conn(), today())?))
    })
    .await
}

#[tauri::command]
pub async fn readiness_plan(app: AppHandle) -> Result<Plan, ApiError> {
    blocking(app, "build the plan", |state| with_open(state, |wb| Ok(readiness_core::readiness::plan(wb, today())?)))
        .await
}

#[tauri::command]
pub async fn dashboard(app: AppHandle) -> Result<Dashboard, ApiError> {
    blocking(app, "build the dashboard", |state| {
        with_open(state, |wb| Ok(checklist::dashboard::dashboard(wb.conn(), today())?))
    })
    .await
}

#[tauri::command]
pub async fn export_pbc(app: AppHandle, dest: String) -> Result<u32, ApiError> {
    blocking(app, "export the request list", move |state| {
        with_open(state, |wb| Ok(checklist::pbc::export_csv(wb.conn(), &PathBuf::from(&dest), today())? as u32))
    })
    .await
}

//! Commands for policies: list, read, edit with a live preview, review, approve.

use readiness_core::policies::{self, fill, render, PolicyDocument, PolicySummary, VersionSummary};
use readiness_core::workbook::Actor;
use tauri::AppHandle;

use super::{blocking, today, with_open};
use crate::dto::PolicyPreview;
use crate::error::ApiError;

#[tauri::command]
pub async fn list_policies(app: AppHandle) -> Result<Vec<PolicySummary>, ApiError> {
    blocking(app, "read the policies", |state| with_open(state, |wb| Ok(policies::list(wb.conn(), today())?))).await
}

#[tauri::command]
pub async fn policy_document(app: AppHandle, id: String, version: Option<u32>) -> Result<PolicyDocument, ApiError> {
    blocking(app, "read the policy", move |state| {
        with_open(state, |wb| Ok(policies::document(wb.conn(), &id, version)?))
    })
    .await
}

#[tauri::command]
pub async fn policy_versions(app: AppHandle, id: String) -> Result<Vec<VersionSummary>, ApiError> {
    blocking(app, "read the policy's history", move |state| {
        with_open(state, |wb| Ok(policies::versions(wb.conn(), &id)?))
    })
    .await
}

#[tauri::command]
pub async fn policy_markdown(app: AppHandle, id: String, version: u32) -> Result<String, ApiError> {
    blocking(app, "read the policy's history", move |state| {
        with_open(state, |wb| Ok(policies::filled_markdown(wb.conn(), &id, Some(version))?))
    })
    .await
}

/// Fills and renders text being edited, without saving it.
#[tauri::command]
pub async fn preview_policy(app: AppHandle, body: String) -> Result<PolicyPreview, ApiError> {
    blocking(app, "preview the policy", move |state| {
        with_open(state, |wb| {
            let mut ctx = fill::FillContext::from_workbook(wb.conn())?;
            ctx.set("policy.version", "(next)");
            ctx.set("policy.effective_date", "the date of approval");
            ctx.set("policy.review_frequency", "every 12 months (annually)");
            let filled = fill::fill(&body, &ctx);
            Ok(PolicyPreview { rendered: render::render(&filled.text), unresolved: filled.unresolved })
        })
    })
    .await
}

#[tauri::command]
pub async fn save_policy(app: AppHandle, id: String, body: String) -> Result<PolicyDocument, ApiError> {
    blocking(app, "save the policy", move |state| {
        with_open(state, |wb| {
            let actor = Actor::from_os();
            wb.write(&actor, |w| policies::save_body(w, &id, &body, actor.as_str()))?;
            Ok(policies::document(wb.conn(), &id, None)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn submit_policy(app: AppHandle, id: String) -> Result<PolicyDocument, ApiError> {
    blocking(app, "send the policy for review", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| policies::submit_for_review(w, &id))?;
            Ok(policies::document(wb.conn(), &id, None)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn approve_policy(app: AppHandle, id: String, approver_id: String) -> Result<PolicyDocument, ApiError> {
    blocking(app, "approve the policy", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| policies::approve(w, &id, &approver_id, today()))?;
            Ok(policies::document(wb.conn(), &id, None)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn policy_acknowledgements(
    app: AppHandle,
    version_id: String,
) -> Result<Vec<readiness_core::policies::Acknowledgement>, ApiError> {
    blocking(app, "read the acknowledgements", move |state| {
        with_open(state, |wb| Ok(policies::acknowledgements(wb.conn(), &version_id)?))
    })
    .await
}

/// Records that a person has read and accepted the approved version.
#[tauri::command]
pub async fn acknowledge_policy(
    app: AppHandle,
    version_id: String,
    person_id: String,
) -> Result<Vec<readiness_core::policies::Acknowledgement>, ApiError> {
    blocking(app, "record the acknowledgement", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| policies::acknowledge(w, &version_id, &person_id, today()))?;
            Ok(policies::acknowledgements(wb.conn(), &version_id)?)
        })
    })
    .await
}

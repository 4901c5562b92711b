//! Commands for the risk register: risks, the library, scales, appetite, sign-off and
//! CSV import/export. Each write returns the whole register, which the screen redraws.

use std::path::PathBuf;

use readiness_core::risks::{self, library::LibraryRisk, Dimension, Register, RiskInput, SignoffInput};
use readiness_core::workbook::{Actor, Workbook};
use tauri::AppHandle;

use super::{blocking, today, with_open};
use crate::error::ApiError;

fn register(wb: &Workbook) -> Result<Register, ApiError> {
    Ok(risks::register(wb.conn(), today())?)
}

#[tauri::command]
pub async fn risk_register(app: AppHandle) -> Result<Register, ApiError> {
    blocking(app, "read the risk register", |state| with_open(state, |wb| register(wb))).await
}

#[tauri::command]
pub async fn risk_library(app: AppHandle) -> Result<Vec<LibraryRisk>, ApiError> {
    blocking(app, "read the risk library", |_state| Ok(risks::library::RiskLibrary::embedded().risks.clone())).await
}

#[tauri::command]
pub async fn save_risk(app: AppHandle, id: Option<String>, risk: RiskInput) -> Result<Register, ApiError> {
    blocking(app, "save the risk", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| match &id {
                Some(id) => risks::update(w, id, &risk),
                None => risks::create(w, &risk).map(|_| ()),
            })?;
            register(wb)
        })
    })
    .await
}

/// Adds the library risk `key` to the register and returns the new risk's id.
#[tauri::command]
pub async fn add_library_risk(app: AppHandle, key: String, owner_id: Option<String>) -> Result<String, ApiError> {
    blocking(app, "add the risk from the library", move |state| {
        with_open(state, |wb| Ok(wb.write(&Actor::from_os(), |w| risks::add_from_library(w, &key, owner_id))?))
    })
    .await
}

#[tauri::command]
pub async fn delete_risk(app: AppHandle, id: String) -> Result<Register, ApiError> {
    blocking(app, "remove the risk", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| risks::delete(w, &id))?;
            register(wb)
        })
    })
    .await
}

#[tauri::command]
pub async fn set_risk_appetite(app: AppHandle, appetite: u8) -> Result<Register, ApiError> {
    blocking(app, "change the risk appetite", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| risks::set_appetite(w, appetite))?;
            register(wb)
        })
    })
    .await
}

#[tauri::command]
pub async fn set_risk_scale(
    app: AppHandle,
    dimension: Dimension,
    level: u8,
    label: String,
    meaning: String,
) -> Result<Register, ApiError> {
    blocking(app, "change the scale", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| risks::set_scale(w, dimension, level, &label, &meaning))?;
            register(wb)
        })
    })
    .await
}

#[tauri::command]
pub async fn sign_off_risks(app: AppHandle, signoff: SignoffInput) -> Result<Register, ApiError> {
    blocking(app, "sign off the risk assessment", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| risks::sign_off(w, &signoff))?;
            register(wb)
        })
    })
    .await
}

/// Previews (or with `apply`, imports) a risk register CSV the user picked.
#[tauri::command]
pub async fn import_risks(
    app: AppHandle,
    request: crate::dto::ImportRisksRequest,
) -> Result<crate::dto::RiskImportOutcome, ApiError> {
    blocking(app, "import the risks", move |state| {
        let (bytes, file_sha256) =
            super::read_import_file(&request.path, request.apply, request.expected_sha256.as_deref())?;
        let file = risks::csv::parse_risks(&bytes)?;
        with_open(state, |wb| {
            let preview = risks::csv::preview(wb.conn(), &file, today())?;
            let result = if request.apply {
                Some(wb.write(&Actor::from_os(), |w| risks::csv::apply(w, &file, today()))?)
            } else {
                None
            };
            Ok(crate::dto::RiskImportOutcome { file_sha256, preview, result })
        })
    })
    .await
}

#[tauri::command]
pub async fn export_risks(app: AppHandle, dest: String) -> Result<(), ApiError> {
    blocking(app, "export the risks", move |state| {
        with_open(state, |wb| {
            let bytes = risks::csv::export(wb.conn(), today())?;
            readiness_core::files::write_new_file(&PathBuf::from(&dest), &bytes)?;
            Ok(())
        })
    })
    .await
}

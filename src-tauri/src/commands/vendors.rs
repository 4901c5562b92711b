//! Commands for the vendor inventory: vendors, CUECs and vendor evidence.

use std::path::PathBuf;

use readiness_core::evidence::{self, Evidence};
use readiness_core::readiness::as_of::Yardstick;
use readiness_core::vendors::{self, Cuec, Vendor, VendorInput};
use readiness_core::workbook::Actor;
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::{blocking, today, with_open};
use crate::dto::AttachProgress;
use crate::error::ApiError;

#[tauri::command]
pub async fn list_vendors(app: AppHandle) -> Result<Vec<Vendor>, ApiError> {
    blocking(app, "read the vendors", |state| with_open(state, |wb| Ok(vendors::list(wb.conn(), today())?))).await
}

#[tauri::command]
pub async fn save_vendor(app: AppHandle, id: Option<String>, vendor: VendorInput) -> Result<Vec<Vendor>, ApiError> {
    blocking(app, "save the vendor", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| match &id {
                Some(id) => vendors::update(w, id, &vendor),
                None => vendors::create(w, &vendor).map(|_| ()),
            })?;
            Ok(vendors::list(wb.conn(), today())?)
        })
    })
    .await
}

#[tauri::command]
pub async fn delete_vendor(app: AppHandle, id: String) -> Result<Vec<Vendor>, ApiError> {
    blocking(app, "remove the vendor", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| vendors::delete(w, &id))?;
            Ok(vendors::list(wb.conn(), today())?)
        })
    })
    .await
}

#[tauri::command]
pub async fn list_cuecs(app: AppHandle, vendor_id: String) -> Result<Vec<Cuec>, ApiError> {
    blocking(app, "read the vendor's CUECs", move |state| {
        with_open(state, |wb| Ok(vendors::cuecs(wb.conn(), &vendor_id)?))
    })
    .await
}

#[tauri::command]
pub async fn add_cuec(
    app: AppHandle,
    vendor_id: String,
    description: String,
    item_ids: Vec<String>,
) -> Result<Vec<Cuec>, ApiError> {
    blocking(app, "add the CUEC", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| vendors::add_cuec(w, &vendor_id, &description, &item_ids))?;
            Ok(vendors::cuecs(wb.conn(), &vendor_id)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn delete_cuec(app: AppHandle, vendor_id: String, cuec_id: String) -> Result<Vec<Cuec>, ApiError> {
    blocking(app, "remove the CUEC", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| vendors::delete_cuec(w, &cuec_id))?;
            Ok(vendors::cuecs(wb.conn(), &vendor_id)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn list_vendor_evidence(app: AppHandle, vendor_id: String) -> Result<Vec<Evidence>, ApiError> {
    blocking(app, "read the vendor's documents", move |state| {
        with_open(state, |wb| {
            let mut out = Vec::new();
            for id in vendors::evidence_ids(wb.conn(), &vendor_id)? {
                if let Some(e) = evidence::get(wb.conn(), &id)? {
                    out.push(e);
                }
            }
            Ok(out)
        })
    })
    .await
}

/// Files documents (SOC report, DPA...) under a vendor, one transaction per file.
#[tauri::command]
pub async fn attach_vendor_evidence(
    app: AppHandle,
    vendor_id: String,
    paths: Vec<String>,
    on_progress: Channel<AttachProgress>,
) -> Result<Vec<Evidence>, ApiError> {
    blocking(app, "attach the vendor's documents", move |state| {
        with_open(state, |wb| {
            super::evidence::attach_files(wb, &state.cancel_attach, &paths, &on_progress, |w, ev| {
                vendors::link_evidence(w, &vendor_id, &ev.id).map_err(evidence::EvidenceError::from)
            })
        })
    })
    .await
}

/// What the rules make of a vendor as currently entered, for the editor to show before
/// saving: the suggested tier, the next review and the flags.
#[tauri::command]
pub async fn assess_vendor(app: AppHandle, vendor: VendorInput) -> Result<crate::dto::VendorAssessment, ApiError> {
    blocking(app, "assess the vendor", move |state| {
        let today = today();
        // Reports are judged against the open workbook's as-of date.
        let yardstick = with_open(state, |wb| Ok(Yardstick::read(wb.conn(), today)?))?;
        Ok(crate::dto::VendorAssessment {
            suggested_tier: vendors::assess::suggested_tier(&vendor),
            tier: vendors::assess::effective_tier(&vendor),
            next_review: vendors::assess::next_review(&vendor, today),
            flags: vendors::assess::flags(&vendor, &yardstick),
        })
    })
    .await
}

/// Previews (or with `apply`, imports) a vendor CSV the user picked.
#[tauri::command]
pub async fn import_vendors(
    app: AppHandle,
    request: crate::dto::ImportVendorsRequest,
) -> Result<crate::dto::VendorImportOutcome, ApiError> {
    blocking(app, "import the vendors", move |state| {
        let (bytes, file_sha256) =
            super::read_import_file(&request.path, request.apply, request.expected_sha256.as_deref())?;
        let file = readiness_core::import::vendors::parse_vendors(&bytes)?;
        with_open(state, |wb| {
            let preview = vendors::csv::preview(wb.conn(), &file, today())?;
            let result = if request.apply {
                Some(wb.write(&Actor::from_os(), |w| vendors::csv::apply(w, &file, today()))?)
            } else {
                None
            };
            Ok(crate::dto::VendorImportOutcome { file_sha256, preview, result })
        })
    })
    .await
}

#[tauri::command]
pub async fn export_vendors(app: AppHandle, dest: String) -> Result<(), ApiError> {
    blocking(app, "export the vendors", move |state| {
        with_open(state, |wb| {
            let bytes = vendors::csv::export(wb.conn(), today())?;
            readiness_core::files::write_new_file(&PathBuf::from(&dest), &bytes)?;
            Ok(())
        })
    })
    .await
}

//! Commands for the vendor inventory: vendors, CUECs and vendor evidence.

use std::ops::ControlFlow;
use std::path::PathBuf;

use readiness_core::evidence::{self, Evidence, NewEvidence};
use readiness_core::vendors::{self, Cuec, Vendor, VendorInput};
use readiness_core::workbook::Actor;
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::{blocking, with_open};
use crate::dto::AttachProgress;
use crate::error::ApiError;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

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
            let actor = Actor::from_os();
            let mut added = Vec::new();
            for path in &paths {
                let source = PathBuf::from(path);
                let file_name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let mut report = |p: evidence::Progress| {
                    let _ = on_progress.send(AttachProgress {
                        file_name: file_name.clone(),
                        bytes_done: p.done,
                        bytes_total: p.total,
                    });
                    ControlFlow::Continue(())
                };
                let ev = wb.write(&actor, |w| {
                    let ev = evidence::add_file(w, &actor, &source, &NewEvidence::default(), &mut report)?;
                    vendors::link_evidence(w, &vendor_id, &ev.id).map_err(evidence::EvidenceError::from)?;
                    Ok::<_, evidence::EvidenceError>(ev)
                })?;
                added.push(ev);
            }
            Ok(added)
        })
    })
    .await
}

/// What the rules make of a vendor as currently entered, for the editor to show before
/// saving: the suggested tier, the next review and the flags.
#[tauri::command]
pub async fn assess_vendor(app: AppHandle, vendor: VendorInput) -> Result<crate::dto::VendorAssessment, ApiError> {
    blocking(app, "assess the vendor", move |_state| {
        let today = today();
        Ok(crate::dto::VendorAssessment {
            suggested_tier: vendors::assess::suggested_tier(&vendor),
            tier: vendors::assess::effective_tier(&vendor),
            next_review: vendors::assess::next_review(&vendor, today),
            flags: vendors::assess::flags(&vendor, today),
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
        let bytes = std::fs::read(&request.path)
            .map_err(|e| ApiError::new("import_unreadable", format!("Could not read {}: {e}", request.path)))?;
        let file_sha256 = readiness_core::hashing::sha256_hex(&bytes);
        if let (true, Some(expected)) = (request.apply, &request.expected_sha256) {
            if *expected != file_sha256 {
                return Err(ApiError::new(
                    "import_changed",
                    "The file changed after you previewed it, so nothing was imported. Preview it again.",
                ));
            }
        }
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
            readiness_core::checklist::pbc::write_new_file(&PathBuf::from(&dest), &bytes)?;
            Ok(())
        })
    })
    .await
}

//! The IPC surface: thin commands that parse, call one core service and map errors.

pub mod access;
pub mod binder;
pub mod checklist;
pub mod evidence;
pub mod policies;
pub mod risks;
pub mod scope;
pub mod vendors;
pub mod workbook;

use std::panic::AssertUnwindSafe;

use readiness_core::workbook::Workbook;
use tauri::{AppHandle, Manager};

use crate::error::ApiError;
use crate::state::AppState;

/// Runs `f` off the UI thread. A panic inside becomes an `internal` error for the UI
/// instead of a promise that never settles: no panic crosses the IPC boundary.
pub async fn blocking<T, F>(app: AppHandle, what: &'static str, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        std::panic::catch_unwind(AssertUnwindSafe(|| f(&state))).unwrap_or_else(|_| Err(ApiError::internal(what)))
    })
    .await
    .unwrap_or_else(|_| Err(ApiError::internal(what)))
}

/// Runs `f` on the open workbook, or tells the UI none is open.
pub fn with_open<T>(state: &AppState, f: impl FnOnce(&mut Workbook) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut slot = state.session();
    let wb = slot.as_mut().ok_or_else(ApiError::no_workbook)?;
    f(wb)
}

/// Reads a file the user picked for import. With `apply`, refuses if it is no longer the
/// file that was previewed (its SHA-256 changed), so confirming imports what was shown.
pub fn read_import_file(path: &str, apply: bool, expected_sha256: Option<&str>) -> Result<(Vec<u8>, String), ApiError> {
    let bytes =
        std::fs::read(path).map_err(|e| ApiError::new("import_unreadable", format!("Could not read {path}: {e}")))?;
    let sha256 = readiness_core::hashing::sha256_hex(&bytes);
    if let (true, Some(expected)) = (apply, expected_sha256) {
        if expected != sha256 {
            return Err(ApiError::new(
                "import_changed",
                "The file changed after you previewed it, so nothing was imported. Preview it again.",
            ));
        }
    }
    Ok((bytes, sha256))
}

/// Today on this computer's calendar: due dates, reviews and report ages count in the
/// user's own days.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

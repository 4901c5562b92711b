//! What the app holds between commands: the open workbook (at most one per window) and
//! the opener that knows this computer's recent workbooks and keyring.

use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use readiness_core::opener::Opener;
use readiness_core::workbook::Workbook;

pub struct AppState {
    pub opener: Opener,
    pub open_demo_at_start: bool,
    pub default_folder: String,
    session: Mutex<Option<Workbook>>,
    /// Set by "Cancel" while a binder export runs; checked between its steps. Kept
    /// outside the workbook lock, which the export holds.
    pub cancel_binder: AtomicBool,
}

impl AppState {
    pub fn new(opener: Opener, open_demo_at_start: bool, default_folder: String) -> Self {
        Self {
            opener,
            open_demo_at_start,
            default_folder,
            session: Mutex::new(None),
            cancel_binder: AtomicBool::new(false),
        }
    }

    /// The open workbook slot. A panic inside a command cannot leave a half-done write
    /// (writes are transactions that roll back on drop), so a poisoned lock is safe to reuse.
    pub fn session(&self) -> MutexGuard<'_, Option<Workbook>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }
}

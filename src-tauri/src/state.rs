//! What the app holds between commands: the open workbook (at most one per window) and
//! the opener that knows this computer's recent workbooks and keyring.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use readiness_core::opener::Opener;
use readiness_core::workbook::Workbook;

/// What the launch asked for and found, as the UI reads it once at start.
#[derive(Debug, Clone)]
pub struct Startup {
    /// Started with `--demo`.
    pub open_demo: bool,
    /// A workbook named on the command line (or double-clicked).
    pub open_path: Option<PathBuf>,
    /// The folder a portable copy keeps everything in.
    pub portable_folder: Option<PathBuf>,
    /// Why the app cannot work at all (a read-only portable folder).
    pub problem: Option<String>,
    /// Where new workbooks are suggested to go.
    pub default_folder: String,
}

pub struct AppState {
    pub opener: Opener,
    pub startup: Startup,
    session: Mutex<Option<Workbook>>,
    /// Set by "Cancel" while a binder export runs; checked between its steps. Kept
    /// outside the workbook lock, which the export holds.
    pub cancel_binder: AtomicBool,
    /// Set by "Cancel" while evidence files are attached; checked at every progress step.
    pub cancel_attach: AtomicBool,
}

impl AppState {
    pub fn new(opener: Opener, startup: Startup) -> Self {
        Self {
            opener,
            startup,
            session: Mutex::new(None),
            cancel_binder: AtomicBool::new(false),
            cancel_attach: AtomicBool::new(false),
        }
    }

    /// The open workbook slot. A panic inside a command cannot leave a half-done write
    /// (writes are transactions that roll back on drop), so a poisoned lock is safe to reuse.
    pub fn session(&self) -> MutexGuard<'_, Option<Workbook>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }
}

//! How the desktop app opens workbooks on this computer: with a passphrase the user
//! typed, or with the one remembered in the keyring, keeping the recent list current.

use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::Serialize;
use ts_rs::TS;

use crate::demo;
use crate::keystore::KeyStore;
use crate::organization;
use crate::passphrase::Passphrase;
use crate::recents::{RecentWorkbook, Recents};
use crate::workbook::{probe, Access, Actor, Workbook, WorkbookError};

/// Why the app must ask for the passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PassphraseNeeded {
    /// This computer has not opened the file before, or was told not to remember it.
    NotRemembered,
    /// The remembered passphrase no longer opens the file.
    RememberedWasRejected,
    /// The keyring could not be reached.
    KeyringUnavailable,
}

pub enum OpenOutcome {
    Opened(Box<Workbook>),
    NeedsPassphrase(PassphraseNeeded),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remember {
    Yes,
    No,
}

pub struct Opener {
    recents: Recents,
    keys: Box<dyn KeyStore>,
    demo_dir: PathBuf,
}

impl Opener {
    pub fn new(config_dir: &Path, data_dir: &Path, keys: Box<dyn KeyStore>) -> Self {
        Self { recents: Recents::new(config_dir), keys, demo_dir: data_dir.to_owned() }
    }

    pub fn recents(&self) -> Vec<RecentWorkbook> {
        self.recents.list()
    }

    pub fn forget_recent(&self, path: &str) -> Result<(), WorkbookError> {
        self.recents.remove(path).map_err(|e| WorkbookError::io("update the recent list in", Path::new(path), e))
    }

    pub fn create(
        &self,
        path: &Path,
        passphrase: &Passphrase,
        organization: &str,
        remember: Remember,
        actor: &Actor,
    ) -> Result<Workbook, WorkbookError> {
        let wb = Workbook::create(path, passphrase, organization, actor)?;
        self.after_open(&wb, Some(passphrase), remember, false);
        Ok(wb)
    }

    /// Opens `path`. Without a supplied passphrase, uses the remembered one if any.
    pub fn open(
        &self,
        path: &Path,
        supplied: Option<&Passphrase>,
        remember: Remember,
    ) -> Result<OpenOutcome, WorkbookError> {
        let salt = probe(path)?;
        if let Some(pass) = supplied {
            let wb = Workbook::open(path, pass, Access::ReadWrite)?;
            self.after_open(&wb, Some(pass), remember, false);
            return Ok(OpenOutcome::Opened(Box::new(wb)));
        }
        let Some(known) = self.recents.find(path, salt) else {
            return Ok(OpenOutcome::NeedsPassphrase(PassphraseNeeded::NotRemembered));
        };
        let remembered = if known.is_demo {
            Passphrase::new(demo::DEMO_PASSPHRASE)
        } else {
            match self.keys.load(&known.workbook_id) {
                Ok(Some(p)) => p,
                Ok(None) => return Ok(OpenOutcome::NeedsPassphrase(PassphraseNeeded::NotRemembered)),
                Err(_) => return Ok(OpenOutcome::NeedsPassphrase(PassphraseNeeded::KeyringUnavailable)),
            }
        };
        match Workbook::open(path, &remembered, Access::ReadWrite) {
            Ok(wb) => {
                self.after_open(&wb, None, Remember::No, known.is_demo);
                Ok(OpenOutcome::Opened(Box::new(wb)))
            }
            Err(WorkbookError::WrongPassphrase { .. }) => {
                Ok(OpenOutcome::NeedsPassphrase(PassphraseNeeded::RememberedWasRejected))
            }
            Err(e) => Err(e),
        }
    }

    /// Opens the demo workbook kept in the app's data folder, creating it the first time.
    pub fn open_demo(&self) -> Result<Workbook, WorkbookError> {
        std::fs::create_dir_all(&self.demo_dir)
            .map_err(|e| WorkbookError::io("create the folder", &self.demo_dir, e))?;
        let path = self.demo_dir.join("Parcelwise demo.soc2wb");
        let pass = Passphrase::new(demo::DEMO_PASSPHRASE);
        let mut existing = if path.exists() { Some(Workbook::open(&path, &pass, Access::ReadWrite)?) } else { None };
        if let Some(wb) = existing.take() {
            if demo::content_version(&wb)?.unwrap_or(0) >= demo::CONTENT_VERSION {
                existing = Some(wb);
            } else {
                // Made by an older version with less in it: keep it aside, start fresh.
                wb.close()?;
                let aside = self.demo_dir.join("Parcelwise demo (older version).soc2wb");
                std::fs::rename(&path, &aside).map_err(|e| WorkbookError::io("set aside", &path, e))?;
            }
        }
        let wb = match existing {
            Some(wb) => wb,
            None => demo::create_demo(&path, &pass)?,
        };
        self.after_open(&wb, None, Remember::No, true);
        Ok(wb)
    }

    /// Keeps the recent list and the keyring current. Failures here are not failures to
    /// open: the workbook is open, and the user will simply be asked next time.
    fn after_open(&self, wb: &Workbook, pass: Option<&Passphrase>, remember: Remember, is_demo: bool) {
        if let (Some(pass), Remember::Yes) = (pass, remember) {
            let _ = self.keys.save(wb.id(), pass);
        }
        if let (Some(_), Remember::No) = (pass, remember) {
            let _ = self.keys.forget(wb.id());
        }
        let organization = organization::get(wb).map(|o| o.legal_name).unwrap_or_default();
        let _ = self.recents.touch(RecentWorkbook {
            path: wb.path().display().to_string(),
            workbook_id: wb.id().clone(),
            salt: wb.salt().to_hex(),
            organization,
            last_opened: Utc::now(),
            is_demo,
            exists: true,
        });
    }
}

//! Where a workbook's passphrase is remembered on this computer: the OS keyring (one
//! entry per workbook id), or an in-memory store for tests and machines without one.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::passphrase::Passphrase;
use crate::workbook::WorkbookId;

/// The keyring service name the desktop app uses for real workbooks.
pub const DEFAULT_SERVICE: &str = "Readiness Workbook";

#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    #[error("The system keyring is not available ({0}), so the passphrase will be asked for each time.")]
    Unavailable(String),
}

pub trait KeyStore: Send + Sync {
    fn load(&self, id: &WorkbookId) -> Result<Option<Passphrase>, KeyStoreError>;
    fn save(&self, id: &WorkbookId, passphrase: &Passphrase) -> Result<(), KeyStoreError>;
    fn forget(&self, id: &WorkbookId) -> Result<(), KeyStoreError>;
}

/// The operating system's keyring (Secret Service on Linux, Keychain, Credential Manager).
pub struct OsKeyStore {
    service: String,
}

impl OsKeyStore {
    pub fn new(service: impl Into<String>) -> Self {
        Self { service: service.into() }
    }

    fn entry(&self, id: &WorkbookId) -> Result<keyring::Entry, KeyStoreError> {
        keyring::Entry::new(&self.service, &id.0).map_err(|e| KeyStoreError::Unavailable(e.to_string()))
    }
}

impl KeyStore for OsKeyStore {
    fn load(&self, id: &WorkbookId) -> Result<Option<Passphrase>, KeyStoreError> {
        match self.entry(id)?.get_password() {
            Ok(secret) => Ok(Some(Passphrase::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(KeyStoreError::Unavailable(e.to_string())),
        }
    }

    fn save(&self, id: &WorkbookId, passphrase: &Passphrase) -> Result<(), KeyStoreError> {
        self.entry(id)?.set_password(passphrase.expose()).map_err(|e| KeyStoreError::Unavailable(e.to_string()))
    }

    fn forget(&self, id: &WorkbookId) -> Result<(), KeyStoreError> {
        match self.entry(id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(KeyStoreError::Unavailable(e.to_string())),
        }
    }
}

/// Remembers passphrases for the life of the process only.
#[derive(Default)]
pub struct MemoryKeyStore {
    entries: Mutex<HashMap<WorkbookId, Passphrase>>,
}

impl MemoryKeyStore {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<WorkbookId, Passphrase>> {
        // A panic while holding this lock cannot leave the map half-updated (each
        // operation is a single insert/remove), so a poisoned lock is still usable.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl KeyStore for MemoryKeyStore {
    fn load(&self, id: &WorkbookId) -> Result<Option<Passphrase>, KeyStoreError> {
        Ok(self.entries().get(id).cloned())
    }

    fn save(&self, id: &WorkbookId, passphrase: &Passphrase) -> Result<(), KeyStoreError> {
        self.entries().insert(id.clone(), passphrase.clone());
        Ok(())
    }

    fn forget(&self, id: &WorkbookId) -> Result<(), KeyStoreError> {
        self.entries().remove(id);
        Ok(())
    }
}

/// Remembers nothing: portable mode runs on computers the user does not own, so the
/// passphrase is asked for every time and nothing reaches that computer's keyring.
pub struct NoKeyStore;

impl KeyStore for NoKeyStore {
    fn load(&self, _id: &WorkbookId) -> Result<Option<Passphrase>, KeyStoreError> {
        Ok(None)
    }

    fn save(&self, _id: &WorkbookId, _passphrase: &Passphrase) -> Result<(), KeyStoreError> {
        Ok(())
    }

    fn forget(&self, _id: &WorkbookId) -> Result<(), KeyStoreError> {
        Ok(())
    }
}

//! The list of workbooks opened on this computer, kept as a small JSON file in the app's
//! config folder. It holds paths, names and ids, never passphrases.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workbook::{FileSalt, WorkbookId};

const MAX_ENTRIES: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecentWorkbook {
    pub path: String,
    pub workbook_id: WorkbookId,
    /// The file's SQLCipher salt in hex: finds the entry again after a move or rename.
    pub salt: String,
    pub organization: String,
    #[ts(type = "string")]
    pub last_opened: DateTime<Utc>,
    pub is_demo: bool,
    /// Filled when listing: whether the file is still where we last saw it.
    #[serde(default)]
    pub exists: bool,
}

pub struct Recents {
    file: PathBuf,
}

impl Recents {
    pub fn new(config_dir: &Path) -> Self {
        Self { file: config_dir.join("recent-workbooks.json") }
    }

    /// Newest first. An unreadable list is treated as empty: it is a convenience, and
    /// losing it must never stop anyone opening a workbook.
    pub fn list(&self) -> Vec<RecentWorkbook> {
        let mut entries: Vec<RecentWorkbook> =
            std::fs::read(&self.file).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default();
        for e in &mut entries {
            e.exists = Path::new(&e.path).is_file();
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.last_opened));
        entries
    }

    pub fn find(&self, path: &Path, salt: FileSalt) -> Option<RecentWorkbook> {
        let salt = salt.to_hex();
        let path = path.display().to_string();
        self.list().into_iter().find(|e| e.salt == salt || e.path == path)
    }

    pub fn touch(&self, entry: RecentWorkbook) -> std::io::Result<()> {
        let mut entries = self.list();
        entries.retain(|e| e.path != entry.path && e.salt != entry.salt);
        entries.insert(0, entry);
        entries.truncate(MAX_ENTRIES);
        self.store(&entries)
    }

    pub fn remove(&self, path: &str) -> std::io::Result<()> {
        let mut entries = self.list();
        entries.retain(|e| e.path != path);
        self.store(&entries)
    }

    fn store(&self, entries: &[RecentWorkbook]) -> std::io::Result<()> {
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = self.file.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(entries).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &self.file)
    }
}

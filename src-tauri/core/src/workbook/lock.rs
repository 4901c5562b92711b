//! The single-writer lock: an advisory lock on `<workbook>.lock` beside the file.
//!
//! The OS releases the lock when the holding process dies (even by `kill -9`), so a
//! crash never leaves a workbook locked forever. The lock file only carries a note of
//! who holds it, for the "already open" message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::WorkbookError;

#[derive(Debug)]
pub struct WriteLock {
    file: File,
    path: PathBuf,
}

pub fn lock_path(workbook: &Path) -> PathBuf {
    let mut name = workbook.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl WriteLock {
    pub fn acquire(workbook: &Path) -> Result<Self, WorkbookError> {
        let path = lock_path(workbook);
        // Another process may unlink the lock file between our open and our lock (it
        // removes it when it closes). Retry until the file we locked is the one at `path`.
        for _ in 0..8 {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| WorkbookError::io("create the lock file for", workbook, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(WorkbookError::AlreadyOpen {
                        path: workbook.to_owned(),
                        holder: if holder.is_empty() { "another process".to_owned() } else { holder.to_owned() },
                    });
                }
                Err(TryLockError::Error(e)) => {
                    return Err(WorkbookError::io("lock", workbook, e));
                }
            }
            if !still_at_path(&file, &path) {
                continue;
            }
            let note = format!("process {} on {}", std::process::id(), host_name());
            let _ = file.set_len(0);
            let _ = file.seek(SeekFrom::Start(0));
            let _ = file.write_all(note.as_bytes());
            return Ok(Self { file, path });
        }
        Err(WorkbookError::AlreadyOpen { path: workbook.to_owned(), holder: "another process".to_owned() })
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Remove the file while still holding the lock, so no other process can be
        // holding a lock on the inode we unlink (see the retry in `acquire`).
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn still_at_path(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at_path(_file: &File, path: &Path) -> bool {
    path.exists()
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_owned())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "this computer".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let wb = dir.path().join("a.soc2wb");
        let first = WriteLock::acquire(&wb).unwrap();
        let err = WriteLock::acquire(&wb).unwrap_err();
        assert!(matches!(err, WorkbookError::AlreadyOpen { .. }), "{err}");
        assert!(err.to_string().contains("process"));
        drop(first);
        assert!(!lock_path(&wb).exists());
        let _again = WriteLock::acquire(&wb).unwrap();
    }
}

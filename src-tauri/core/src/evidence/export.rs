//! Writing a stored file back out, byte for byte, re-hashing it on the way and never
//! leaving a partial file or overwriting one.

use std::fs::File;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::chunks::{short, Progress, Reporter};
use super::store;
use super::EvidenceError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportReport {
    #[ts(type = "number")]
    pub bytes: u64,
    /// The exported file's SHA-256, checked against the one recorded at attach time.
    pub sha256: String,
}

/// Writes evidence `id_or_ref` to `dest`, a full path the user chose, which must not
/// exist. The bytes are checked against the recorded SHA-256 before the file appears:
/// they go to a temporary file beside `dest`, which is flushed to disk and only then
/// given its name, so `dest` is either complete and correct or absent.
pub fn export(conn: &Connection, id_or_ref: &str, dest: &Path) -> Result<ExportReport, EvidenceError> {
    export_with_progress(conn, id_or_ref, dest, &mut |_| ControlFlow::Continue(()))
}

/// `export`, reporting progress; `Break` cancels and leaves no file.
pub fn export_with_progress(
    conn: &Connection,
    id_or_ref: &str,
    dest: &Path,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<ExportReport, EvidenceError> {
    let evidence = store::require(conn, id_or_ref)?;
    refuse_existing(dest)?;
    let folder = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(EvidenceError::DestinationFolderMissing { path: dest.to_owned() });
    }
    let blob_id = store::blob_id(conn, &evidence.sha256)?.ok_or_else(|| EvidenceError::Damaged {
        reference: evidence.reference.to_string(),
        detail: "its stored bytes are missing".to_owned(),
    })?;

    let mut part = PartFile::create(&folder, dest)?;
    let mut reporter = Reporter::new(evidence.size, progress);
    reporter.report(0)?;
    let mut hasher = Sha256::new();
    let mut written = 0u64;
    store::for_each_chunk(conn, blob_id, |_, data| -> Result<_, EvidenceError> {
        part.write_all(data)?;
        hasher.update(data);
        written += data.len() as u64;
        reporter.maybe_report(written)?;
        Ok(ControlFlow::Continue(()))
    })?;
    let sha256 = hex::encode(hasher.finalize());
    if sha256 != evidence.sha256 || written != evidence.size {
        return Err(EvidenceError::Damaged {
            reference: evidence.reference.to_string(),
            detail: format!(
                "{written} bytes with SHA-256 {}… were read back, but {} bytes with SHA-256 {}… were attached",
                short(&sha256),
                evidence.size,
                short(&evidence.sha256)
            ),
        });
    }
    reporter.report(written)?;
    part.publish()?;
    Ok(ExportReport { bytes: written, sha256 })
}

fn refuse_existing(dest: &Path) -> Result<(), EvidenceError> {
    // `symlink_metadata`: a dangling link counts as existing too; writing through it
    // would create a file somewhere the user did not choose.
    if std::fs::symlink_metadata(dest).is_ok() {
        return Err(EvidenceError::DestinationExists { path: dest.to_owned() });
    }
    Ok(())
}

/// A temporary file beside the destination, removed unless `publish` succeeds.
struct PartFile {
    file: Option<File>,
    temp: PathBuf,
    dest: PathBuf,
    folder: PathBuf,
}

impl PartFile {
    fn create(folder: &Path, dest: &Path) -> Result<Self, EvidenceError> {
        // A short fixed name: the destination's own name may already be near the
        // file-system limit.
        let temp = folder.join(format!(".readiness-export-{}.part", uuid::Uuid::new_v4().simple()));
        let file =
            std::fs::OpenOptions::new().write(true).create_new(true).open(&temp).map_err(|e| write_error(dest, e))?;
        Ok(Self { file: Some(file), temp, dest: dest.to_owned(), folder: folder.to_owned() })
    }

    fn write_all(&mut self, data: &[u8]) -> Result<(), EvidenceError> {
        match self.file.as_mut() {
            Some(f) => f.write_all(data).map_err(|e| write_error(&self.dest, e)),
            None => Ok(()),
        }
    }

    /// Flushes the bytes to disk, then gives them the destination's name without ever
    /// replacing a file that appeared there meanwhile.
    fn publish(mut self) -> Result<(), EvidenceError> {
        if let Some(file) = self.file.take() {
            file.sync_all().map_err(|e| write_error(&self.dest, e))?;
        }
        // A hard link fails if the name is taken, where a rename would overwrite.
        match std::fs::hard_link(&self.temp, &self.dest) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(EvidenceError::DestinationExists { path: self.dest.clone() })
            }
            // File systems without hard links (FAT on a USB stick): check, then rename.
            Err(_) => {
                refuse_existing(&self.dest)?;
                std::fs::rename(&self.temp, &self.dest).map_err(|e| write_error(&self.dest, e))?;
            }
        }
        let _ = std::fs::remove_file(&self.temp);
        sync_folder(&self.folder);
        Ok(())
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        // After a successful publish the temporary name is already gone; otherwise this
        // removes the partial file an error or cancellation left.
        self.file.take();
        let _ = std::fs::remove_file(&self.temp);
    }
}

/// Makes the new name itself survive power loss (on Unix a rename lives in the folder).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

fn write_error(dest: &Path, source: std::io::Error) -> EvidenceError {
    match source.kind() {
        std::io::ErrorKind::StorageFull => EvidenceError::DestinationDiskFull { path: dest.to_owned() },
        _ => EvidenceError::WriteDestination { path: dest.to_owned(), source },
    }
}

/// The whole file in memory, checked against its hash: for small files that go into
/// another document (the binder embeds them). Callers bound the size first.
pub fn read_all(conn: &Connection, evidence: &store::Evidence) -> Result<Vec<u8>, EvidenceError> {
    let damaged =
        |detail: &str| EvidenceError::Damaged { reference: evidence.reference.to_string(), detail: detail.to_owned() };
    let blob_id = store::blob_id(conn, &evidence.sha256)?.ok_or_else(|| damaged("its stored bytes are missing"))?;
    let mut bytes = Vec::with_capacity(usize::try_from(evidence.size).unwrap_or(0));
    store::for_each_chunk(conn, blob_id, |_, data| -> Result<_, EvidenceError> {
        bytes.extend_from_slice(data);
        Ok(ControlFlow::Continue(()))
    })?;
    if hex::encode(Sha256::digest(&bytes)) != evidence.sha256 {
        return Err(damaged("its stored bytes no longer match the SHA-256 recorded when it was attached"));
    }
    Ok(bytes)
}

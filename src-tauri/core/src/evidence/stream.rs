//! Moving evidence bytes in and out of the workbook in fixed-size chunks, hashing them
//! on the way: attaching a file, exporting it, previewing it and re-checking stored
//! bytes. Invariant: no function here holds more than three chunks in memory, whatever
//! the file's size.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};

use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::media::{base64, without_partial_last_char, MediaType, PreviewKind, SNIFF_LEN};
use super::store::{self, Evidence, EvidenceRow, NewEvidence};
use super::EvidenceError;
use crate::workbook::{Actor, WorkbookError, WriteTx};

/// Bytes per stored chunk. SQLite caps one value near 1 GB, so big files must be split.
/// Attaching 1 GiB measured the same speed with 256 KiB, 1 MiB and 4 MiB chunks (the
/// cost is per byte: encryption and hashing); 4 MiB doubled peak memory and slowed
/// exports, and smaller chunks only add rows.
pub const CHUNK_LEN: usize = 1024 * 1024;

/// How often, in bytes, progress is reported: often enough for a smooth bar, rarely
/// enough that reporting costs nothing.
const PROGRESS_EVERY: u64 = 8 * 1024 * 1024;

/// How far a long job has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportReport {
    #[ts(type = "number")]
    pub bytes: u64,
    /// The exported file's SHA-256, checked against the one recorded at attach time.
    pub sha256: String,
}

/// What the app can show of a file without leaving it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Preview {
    pub media_type: String,
    pub kind: PreviewKind,
    /// The whole image or PDF, base64-encoded, when it fits in the size asked for.
    pub data_base64: Option<String>,
    /// The start of a text file.
    pub text: Option<String>,
    /// True when there is more than what is shown (or the image or PDF was too big to
    /// show).
    pub truncated: bool,
}

// ---- attaching -------------------------------------------------------------------------

/// Attaches the file at `source` as new evidence, in the caller's transaction: its
/// bytes are streamed into the workbook (stored once per distinct content) while being
/// hashed, and a new record E-000n is created and logged. On any error, including
/// cancellation through `progress`, the caller's transaction rolls back and nothing of
/// the attempt remains.
///
/// `actor` is the person making the change (the one given to `Workbook::write`); it is
/// recorded as the collector when `meta.collected_by` is blank.
pub fn add_file(
    w: &mut WriteTx<'_>,
    actor: &Actor,
    source: &Path,
    meta: &NewEvidence,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Evidence, EvidenceError> {
    let (mut file, expected) = open_source(source)?;
    let stored = store_or_reuse(w.sql(), source, &mut file, expected, progress)?;

    let file_name = match meta.file_name.as_deref() {
        Some(name) if !name.trim().is_empty() => name.to_owned(),
        _ => source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    let media_type = MediaType::detect(&file_name, &stored.head);
    let collected_by = match meta.collected_by.trim() {
        "" => actor.as_str(),
        given => given,
    };
    store::insert(
        w,
        &EvidenceRow {
            sha256: &stored.sha256,
            size: stored.size,
            file_name: &file_name,
            media_type: media_type.as_mime(),
            description: meta.description.trim(),
            collected_at: meta.collected_at.unwrap_or_else(|| chrono::Local::now().date_naive()),
            collected_by,
        },
    )
}

/// Opens an evidence file, refusing what cannot be evidence. Returns the file and its
/// length at opening, which the whole read must match.
fn open_source(path: &Path) -> Result<(File, u64), EvidenceError> {
    let meta = std::fs::metadata(path).map_err(|e| source_error(path, e))?;
    if meta.is_dir() {
        return Err(EvidenceError::SourceIsFolder { path: path.to_owned() });
    }
    if !meta.is_file() {
        return Err(EvidenceError::SourceNotAFile { path: path.to_owned() });
    }
    let file = File::open(path).map_err(|e| source_error(path, e))?;
    // Measured on the open file: the name may since point elsewhere.
    let len = file.metadata().map_err(|e| source_error(path, e))?.len();
    if len == 0 {
        return Err(EvidenceError::EmptySource { path: path.to_owned() });
    }
    Ok((file, len))
}

fn source_error(path: &Path, source: std::io::Error) -> EvidenceError {
    match source.kind() {
        std::io::ErrorKind::NotFound => EvidenceError::SourceNotFound { path: path.to_owned() },
        _ => EvidenceError::ReadSource { path: path.to_owned(), source },
    }
}

/// Bytes stored by `store_stream`.
struct Stored {
    sha256: String,
    size: u64,
    /// The first bytes, for telling the media type.
    head: Vec<u8>,
}

/// Stores the file's bytes, unless identical bytes are stored already. A duplicate can
/// only be as long as an existing blob, so only then is the file hashed first (without
/// writing anything); storing a copy just to drop it would cost the full write and
/// leave the file as much bigger in free pages. When the hash turns out new after all
/// (same size, other content), the file is read a second time, and progress restarts.
fn store_or_reuse(
    conn: &Connection,
    path: &Path,
    file: &mut File,
    expected: u64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Stored, EvidenceError> {
    if store::blob_of_size_exists(conn, expected)? {
        let hashed = hash_only(path, file, expected, progress)?;
        if store::blob_id(conn, &hashed.sha256)?.is_some() {
            return Ok(hashed);
        }
        file.seek(SeekFrom::Start(0)).map_err(|e| source_error(path, e))?;
    }
    store_stream(conn, path, file, expected, progress)
}

/// Reads and hashes the whole file without storing it.
fn hash_only(
    path: &Path,
    file: &mut File,
    expected: u64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Stored, EvidenceError> {
    let mut reporter = Reporter::new(expected, progress);
    reporter.report(0)?;
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(SNIFF_LEN);
    let mut buf = vec![0u8; CHUNK_LEN];
    let mut done = 0u64;
    loop {
        let n = read_full(file, &mut buf).map_err(|e| source_error(path, e))?;
        if n == 0 {
            break;
        }
        if head.len() < SNIFF_LEN {
            head.extend_from_slice(&buf[..n.min(SNIFF_LEN - head.len())]);
        }
        hasher.update(&buf[..n]);
        done += n as u64;
        if done > expected {
            return Err(EvidenceError::SourceChanged { path: path.to_owned(), expected, found: done });
        }
        reporter.maybe_report(done)?;
    }
    check_whole_file_read(path, file, expected, done)?;
    reporter.report(done)?;
    Ok(Stored { sha256: hex::encode(hasher.finalize()), size: done, head })
}

/// The file was read to its end: refuses it if that end was not where it was when
/// opened, or if the file's length changed meanwhile.
fn check_whole_file_read(path: &Path, file: &File, expected: u64, done: u64) -> Result<(), EvidenceError> {
    let at_end = file.metadata().map_err(|e| source_error(path, e))?.len();
    if done != expected || at_end != expected {
        let found = if done != expected { done } else { at_end };
        return Err(EvidenceError::SourceChanged { path: path.to_owned(), expected, found });
    }
    Ok(())
}

/// Streams `file` into a new blob chunk by chunk, hashing as it goes, then files the
/// blob under its hash (or drops it for an existing identical one).
///
/// A helper thread reads and hashes while this thread writes to SQLite (a connection
/// stays on its thread), so SHA-256 and SQLCipher's encryption, the two biggest costs,
/// run side by side. At most three chunks exist at once: one being read, one waiting in
/// the channel, one being written; buffers go back to the reader for reuse.
fn store_stream(
    conn: &Connection,
    path: &Path,
    file: &mut File,
    expected: u64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Stored, EvidenceError> {
    let mut reporter = Reporter::new(expected, progress);
    reporter.report(0)?;
    let blob_id = store::insert_pending_blob(conn)?;
    let mut chunks = store::ChunkWriter::new(conn, blob_id)?;
    let mut head = Vec::with_capacity(SNIFF_LEN);

    let (full_tx, full_rx) = mpsc::sync_channel::<Vec<u8>>(1);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
    let source = &mut *file;
    let (written, read) = std::thread::scope(|s| {
        let reader = s.spawn(move || read_and_hash(source, &full_tx, &empty_rx));
        let written = (|| -> Result<u64, EvidenceError> {
            let mut done = 0u64;
            for chunk in full_rx.iter() {
                if head.len() < SNIFF_LEN {
                    head.extend_from_slice(&chunk[..chunk.len().min(SNIFF_LEN - head.len())]);
                }
                chunks.append(&chunk)?;
                done += chunk.len() as u64;
                if done > expected {
                    // Growing (a live log file): stop now rather than chase its end.
                    return Err(EvidenceError::SourceChanged { path: path.to_owned(), expected, found: done });
                }
                reporter.maybe_report(done)?;
                // The reader may be gone already; then the buffer is simply freed.
                let _ = empty_tx.send(chunk);
            }
            Ok(done)
        })();
        // Dropping the receiver ends a reader still waiting to hand over a chunk.
        drop(full_rx);
        let read = reader.join().unwrap_or_else(|_| Err(std::io::Error::other("the file reader stopped unexpectedly")));
        (written, read)
    });
    // A write error (full disk, cancellation) is the one to report; a read error
    // explains a short count better than "the file changed".
    let done = written?;
    let sha256 = read.map_err(|e| source_error(path, e))?;
    check_whole_file_read(path, file, expected, done)?;
    reporter.report(done)?;
    drop(chunks);
    store::settle_blob(conn, blob_id, &sha256, done)?;
    Ok(Stored { sha256, size: done, head })
}

/// The helper thread of `store_stream`: reads `file` to its end in `CHUNK_LEN` pieces,
/// hashing each before handing it over. Returns the SHA-256 of everything read, or
/// stops early (harmlessly) when the writer hangs up.
fn read_and_hash(file: &mut File, full: &SyncSender<Vec<u8>>, empty: &Receiver<Vec<u8>>) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    loop {
        let mut buf = empty.try_recv().unwrap_or_default();
        buf.resize(CHUNK_LEN, 0);
        let n = read_full(file, &mut buf)?;
        if n == 0 {
            break;
        }
        buf.truncate(n);
        hasher.update(&buf);
        if full.send(buf).is_err() {
            break;
        }
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Fills `buf` unless the file ends first; returns how much was read. Short reads are
/// normal for pipes and network drives, so one `read` is not enough.
fn read_full(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Calls the progress callback at most every `PROGRESS_EVERY` bytes and turns a
/// `Break` into `Cancelled`.
struct Reporter<'p> {
    total: u64,
    next: u64,
    callback: &'p mut dyn FnMut(Progress) -> ControlFlow<()>,
}

impl<'p> Reporter<'p> {
    fn new(total: u64, callback: &'p mut dyn FnMut(Progress) -> ControlFlow<()>) -> Self {
        Self { total, next: PROGRESS_EVERY, callback }
    }

    fn maybe_report(&mut self, done: u64) -> Result<(), EvidenceError> {
        if done >= self.next {
            self.next = done + PROGRESS_EVERY;
            self.report(done)?;
        }
        Ok(())
    }

    fn report(&mut self, done: u64) -> Result<(), EvidenceError> {
        match (self.callback)(Progress { done, total: self.total }) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => Err(EvidenceError::Cancelled),
        }
    }
}

// ---- exporting -------------------------------------------------------------------------

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

// ---- previewing ------------------------------------------------------------------------

/// What the app can show of evidence `id_or_ref`: an image or PDF whole (if at most
/// `max_bytes`), or the first `max_bytes` of a text file.
pub fn preview(conn: &Connection, id_or_ref: &str, max_bytes: usize) -> Result<Preview, EvidenceError> {
    let evidence = store::require(conn, id_or_ref)?;
    let kind = MediaType::from_mime(&evidence.media_type).preview_kind();
    let mut out =
        Preview { media_type: evidence.media_type.clone(), kind, data_base64: None, text: None, truncated: false };
    let fits = evidence.size <= max_bytes as u64;
    match kind {
        // PDFs travel whole too: the app renders them itself (no PDF plug-in in the webview).
        PreviewKind::Image | PreviewKind::Pdf if fits => {
            let bytes = read_prefix(conn, &evidence, max_bytes)?;
            // The whole file was read, so it can be checked like an export.
            if crate::hashing::sha256_hex(&bytes) != evidence.sha256 {
                return Err(EvidenceError::Damaged {
                    reference: evidence.reference.to_string(),
                    detail: "its stored bytes do not match the SHA-256 recorded when it was attached".to_owned(),
                });
            }
            out.data_base64 = Some(base64(&bytes));
        }
        PreviewKind::Image | PreviewKind::Pdf => out.truncated = true,
        PreviewKind::Text => {
            let bytes = read_prefix(conn, &evidence, max_bytes)?;
            out.truncated = !fits;
            let shown = if out.truncated { without_partial_last_char(&bytes) } else { &bytes[..] };
            out.text = Some(String::from_utf8_lossy(shown).into_owned());
        }
        PreviewKind::Other => {}
    }
    Ok(out)
}

/// The first `limit` bytes of a record's content (all of it if shorter).
fn read_prefix(conn: &Connection, evidence: &Evidence, limit: usize) -> Result<Vec<u8>, EvidenceError> {
    let blob_id = store::blob_id(conn, &evidence.sha256)?.ok_or_else(|| EvidenceError::Damaged {
        reference: evidence.reference.to_string(),
        detail: "its stored bytes are missing".to_owned(),
    })?;
    let mut out = Vec::with_capacity(limit.min(usize::try_from(evidence.size).unwrap_or(limit)));
    store::for_each_chunk(conn, blob_id, |_, data| -> Result<_, EvidenceError> {
        let room = limit - out.len();
        out.extend_from_slice(&data[..data.len().min(room)]);
        Ok(if out.len() >= limit { ControlFlow::Break(()) } else { ControlFlow::Continue(()) })
    })?;
    Ok(out)
}

// ---- checking --------------------------------------------------------------------------

/// Re-reads every stored blob and reports, in plain words, each one whose bytes no
/// longer hash to its SHA-256 or add up to its size, has a missing chunk, or is used by
/// no record; and each record whose bytes are not stored. Reads one chunk at a time.
pub fn check_blobs(conn: &Connection) -> Result<Vec<String>, WorkbookError> {
    let mut problems = Vec::new();
    for blob in store::blob_uses(conn)? {
        let who = if blob.used_by.is_empty() {
            format!("Stored evidence bytes {}", short(&blob.sha256))
        } else {
            format!("Evidence {}", blob.used_by.join(", "))
        };
        if blob.sha256.starts_with(store::PENDING_PREFIX) {
            problems.push(format!("{who}: an attachment was saved half-way; attach the file again."));
            continue;
        }
        if blob.used_by.is_empty() {
            problems.push(format!("{who} belong to no evidence record."));
        }
        for label in &blob.size_disagrees {
            problems.push(format!(
                "Evidence {label}: its record gives a different size from its stored bytes ({} bytes).",
                blob.size
            ));
        }
        let mut hasher = Sha256::new();
        let mut size = 0i64;
        let mut next_seq = 0i64;
        let mut gaps = Vec::new();
        store::for_each_chunk(conn, blob.id, |seq, data| -> Result<_, WorkbookError> {
            if seq != next_seq {
                // Parts are numbered from 1 for people; `seq` counts from 0.
                gaps.push(if seq == next_seq + 1 {
                    format!("part {}", next_seq + 1)
                } else {
                    format!("parts {} to {}", next_seq + 1, seq)
                });
            }
            next_seq = seq + 1;
            hasher.update(data);
            size += data.len() as i64;
            Ok(ControlFlow::Continue(()))
        })?;
        let sha256 = hex::encode(hasher.finalize());
        if !gaps.is_empty() {
            problems.push(format!("{who}: some of its stored bytes are missing ({}).", gaps.join(", ")));
        } else if size != blob.size {
            problems.push(format!("{who}: its stored bytes are {size} bytes long, but {} were attached.", blob.size));
        }
        if sha256 != blob.sha256 {
            problems.push(format!(
                "{who}: its stored bytes no longer match their SHA-256 fingerprint (expected {}…, found {}…).",
                short(&blob.sha256),
                short(&sha256)
            ));
        }
    }
    for label in store::evidence_without_blob(conn)? {
        problems.push(format!("Evidence {label}: its stored bytes are missing."));
    }
    let stray = store::stray_chunks(conn)?;
    if stray > 0 {
        problems.push(format!("{stray} pieces of stored evidence bytes belong to no stored file."));
    }
    Ok(problems)
}

/// The first 12 hex digits of a hash, enough to tell files apart in a message.
fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_reported_at_most_every_8_mib_and_break_cancels() {
        let mut seen = Vec::new();
        let mut cb = |p: Progress| {
            seen.push(p.done);
            ControlFlow::Continue(())
        };
        let mut r = Reporter::new(100 << 20, &mut cb);
        for mib in 1..=20u64 {
            r.maybe_report(mib << 20).unwrap();
        }
        assert_eq!(seen, vec![8 << 20, 16 << 20]);

        let mut stop = |_: Progress| ControlFlow::Break(());
        let mut r = Reporter::new(1, &mut stop);
        assert!(matches!(r.report(0), Err(EvidenceError::Cancelled)));
    }
}

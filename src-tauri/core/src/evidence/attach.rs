//! Attaching a file: its bytes stream into the workbook in chunks while being hashed,
//! stored once per distinct content.
//!
//! Two ways in. [`add_file`] works inside the caller's transaction: right for small
//! files (and for tests that attach inside a bigger change). [`attach_file`] is what the
//! app and the CLI use: a file larger than [`STAGE_COMMIT_BYTES`] is *staged* first, its
//! chunks committed every [`STAGE_COMMIT_BYTES`] under a placeholder blob with the
//! write-ahead log checkpointed in between, so the log never holds more than one step
//! and the disk needs the file's size plus a little, not twice it. The evidence row (the
//! only thing anyone sees) is committed last, with the blob's real hash. A staged blob
//! left by a crash or a cancel belongs to no record: it is removed at once when possible,
//! and otherwise the next time the workbook is opened for writing.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::chunks::{Progress, Reporter, CHUNK_LEN};
use super::media::{MediaType, SNIFF_LEN};
use super::staging::{self, Checkpoint};
use super::store::{self, Evidence, EvidenceRow, NewEvidence};
use super::EvidenceError;
use crate::workbook::{Actor, Workbook, WorkbookError, WriteTx};

/// How much of a large file is written per commit while it is staged. The write-ahead
/// log holds at most this much (plus SQLite's page overhead) before it is copied into
/// the file and emptied.
pub const STAGE_COMMIT_BYTES: u64 = 32 * 1024 * 1024;

/// How much is written per commit when the bytes go straight into the file (rollback
/// journal, see `stage`): there the step bounds nothing on disk, only how much a crash
/// can cost.
const DIRECT_COMMIT_BYTES: u64 = 64 * 1024 * 1024;

/// Attaches the file at `source` as new evidence and files it with `then` (links it to
/// an item, a vendor...) in the same final transaction, which also logs both. Large
/// files are staged first (see the module notes). On any error, including cancellation
/// through `progress`, nothing of the attempt remains visible and no staged bytes are
/// kept.
pub fn attach_file(
    wb: &mut Workbook,
    actor: &Actor,
    source: &Path,
    meta: &NewEvidence,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    then: impl FnOnce(&mut WriteTx<'_>, &Evidence) -> Result<(), EvidenceError>,
) -> Result<Evidence, EvidenceError> {
    let (mut file, expected) = open_source(source)?;
    if expected <= STAGE_COMMIT_BYTES {
        return wb.write(actor, |w| {
            let stored = store_or_reuse(w.sql(), source, &mut file, expected, progress)?;
            let ev = insert_record(w, actor, source, meta, &stored)?;
            then(w, &ev)?;
            Ok(ev)
        });
    }
    let book = wb.path().to_owned();
    let conn = wb.staging_conn()?;
    // The same bytes stored already: one hash pass, no writes.
    if let Some(stored) = find_stored(conn, source, &mut file, expected, progress)? {
        return wb.write(actor, |w| {
            let ev = insert_record(w, actor, source, meta, &stored)?;
            then(w, &ev)?;
            Ok(ev)
        });
    }
    ensure_room(conn, &book, expected)?;
    let (blob_id, staged) = stage(conn, source, &mut file, expected, progress);
    let result = staged.and_then(|stored| {
        wb.write(actor, |w| {
            store::settle_blob(w.sql(), blob_id, &stored.sha256, stored.size)?;
            let ev = insert_record(w, actor, source, meta, &stored)?;
            then(w, &ev)?;
            Ok(ev)
        })
    });
    if result.is_err() {
        if let Ok(conn) = wb.staging_conn() {
            // Best effort: what stays (a full disk can refuse even this) is removed the
            // next time the workbook is opened for writing.
            let _ = staging::discard_staged(conn, blob_id);
        }
    }
    result
}

/// Refuses, before writing anything, a file the disk next to the workbook cannot hold:
/// its bytes, less the free pages inside the workbook they can reuse, plus one staging
/// step in the write-ahead log and a margin. When the free space cannot be read (an
/// unusual file system), the attach goes ahead and a full disk is caught as it happens.
fn ensure_room(conn: &Connection, book: &Path, file_len: u64) -> Result<(), EvidenceError> {
    const MARGIN: u64 = 16 * 1024 * 1024;
    let folder = book.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(free) = fs4::available_space(folder) else { return Ok(()) };
    let reusable: u64 = conn
        .query_row("SELECT freelist_count * page_size FROM pragma_freelist_count, pragma_page_size", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n.max(0) as u64)
        .unwrap_or(0);
    let needed = file_len.saturating_sub(reusable) + STAGE_COMMIT_BYTES + MARGIN;
    if free < needed {
        let mib = |n: u64| n.div_ceil(1024 * 1024);
        return Err(EvidenceError::NotEnoughSpace {
            file_mib: mib(file_len),
            needed_mib: mib(needed),
            free_mib: free / (1024 * 1024),
        });
    }
    Ok(())
}

/// Streams the file into a placeholder blob, committing every `STAGE_COMMIT_BYTES`.
/// Returns the placeholder's id (for the caller to settle or discard) and the outcome.
fn stage(
    conn: &Connection,
    path: &Path,
    file: &mut File,
    expected: u64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> (i64, Result<Stored, EvidenceError>) {
    let mut blob_id = 0;
    // The bytes go straight into the file: in rollback-journal mode, pages added at the
    // end of the file are not journalled, so each byte is written once (through the
    // write-ahead log it is written twice, once to the log and again at the checkpoint).
    // Commits are as atomic either way. Another program reading the workbook keeps it in
    // WAL mode; then the steps go through the log, emptied between them.
    let direct = staging::set_journal(conn, "delete");
    // Staged steps need not survive a power cut (a lost step only means a placeholder
    // that never was), so they commit without waiting for the disk; the evidence row
    // commits with full durability.
    let _ = conn.pragma_update(None, "synchronous", "NORMAL");
    let staged = (|| {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        blob_id = store::insert_pending_blob(conn)?;
        // Straight into the file, a step costs a sync and nothing else, so the steps can
        // be larger; through the log, a step is also what the log holds at most.
        let step = if direct { DIRECT_COMMIT_BYTES } else { STAGE_COMMIT_BYTES };
        let stored = stream_into(conn, blob_id, path, file, expected, Some(step), progress)?;
        conn.execute_batch("COMMIT")?;
        Ok(stored)
    })();
    if staged.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    let restored = (|| -> Result<(), EvidenceError> {
        if direct && !staging::set_journal(conn, "wal") {
            return Err(WorkbookError::Invalid(
                "The workbook could not return to its usual journal mode after a large attach. Close it and open it again."
                    .to_owned(),
            )
            .into());
        }
        staging::checkpoint(conn, Checkpoint::Truncate);
        Ok(conn.pragma_update(None, "synchronous", "FULL")?)
    })();
    match (staged, restored) {
        (Ok(stored), Ok(())) => (blob_id, Ok(stored)),
        (Err(e), _) | (Ok(_), Err(e)) => (blob_id, Err(e)),
    }
}

/// The evidence record for bytes already stored (or found stored), in `w`.
fn insert_record(
    w: &mut WriteTx<'_>,
    actor: &Actor,
    source: &Path,
    meta: &NewEvidence,
    stored: &Stored,
) -> Result<Evidence, EvidenceError> {
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
    insert_record(w, actor, source, meta, &stored)
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

/// Stores the file's bytes, unless identical bytes are stored already.
fn store_or_reuse(
    conn: &Connection,
    path: &Path,
    file: &mut File,
    expected: u64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Stored, EvidenceError> {
    match find_stored(conn, path, file, expected, progress)? {
        Some(stored) => Ok(stored),
        None => store_stream(conn, path, file, expected, progress),
    }
}

/// The file's bytes when identical ones are stored already, else `None` with the file
/// rewound for storing. A duplicate can only be as long as an existing blob, so only
/// then is the file hashed first (without writing anything); storing a copy just to
/// drop it would cost the full write and leave the file as much bigger in free pages.
/// When the hash turns out new after all (same size, other content), the file is read
/// a second time, and progress restarts.
fn find_stored(
    conn: &Connection,
    path: &Path,
    file: &mut File,
    expected: u64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Option<Stored>, EvidenceError> {
    if !store::blob_of_size_exists(conn, expected)? {
        return Ok(None);
    }
    let hashed = hash_only(path, file, expected, progress)?;
    if store::blob_id(conn, &hashed.sha256)?.is_some() {
        return Ok(Some(hashed));
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| source_error(path, e))?;
    Ok(None)
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

/// Streams `file` into a new blob, in the caller's transaction, then files the blob under
/// its hash (or drops it for an existing identical one).
fn store_stream(
    conn: &Connection,
    path: &Path,
    file: &mut File,
    expected: u64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Stored, EvidenceError> {
    let blob_id = store::insert_pending_blob(conn)?;
    let stored = stream_into(conn, blob_id, path, file, expected, None, progress)?;
    store::settle_blob(conn, blob_id, &stored.sha256, stored.size)?;
    Ok(stored)
}

/// Streams `file` chunk by chunk into blob `blob_id`, hashing as it goes. With
/// `commit_every`, the transaction the caller opened is committed (and the log
/// checkpointed) after each such many bytes and a new one begun: staging.
///
/// A helper thread reads and hashes while this thread writes to SQLite (a connection
/// stays on its thread), so SHA-256 and SQLCipher's encryption, the two biggest costs,
/// run side by side. At most three chunks exist at once: one being read, one waiting in
/// the channel, one being written; buffers go back to the reader for reuse.
fn stream_into(
    conn: &Connection,
    blob_id: i64,
    path: &Path,
    file: &mut File,
    expected: u64,
    commit_every: Option<u64>,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Stored, EvidenceError> {
    let mut reporter = Reporter::new(expected, progress);
    reporter.report(0)?;
    let mut chunks = store::ChunkWriter::new(conn, blob_id)?;
    let mut head = Vec::with_capacity(SNIFF_LEN);

    let (full_tx, full_rx) = mpsc::sync_channel::<Vec<u8>>(1);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
    let source = &mut *file;
    let (written, read) = std::thread::scope(|s| {
        let reader = s.spawn(move || read_and_hash(source, &full_tx, &empty_rx));
        let written = (|| -> Result<u64, EvidenceError> {
            let mut done = 0u64;
            let mut since_commit = 0u64;
            for chunk in full_rx.iter() {
                if head.len() < SNIFF_LEN {
                    head.extend_from_slice(&chunk[..chunk.len().min(SNIFF_LEN - head.len())]);
                }
                chunks.append(&chunk)?;
                done += chunk.len() as u64;
                since_commit += chunk.len() as u64;
                if done > expected {
                    // Growing (a live log file): stop now rather than chase its end.
                    return Err(EvidenceError::SourceChanged { path: path.to_owned(), expected, found: done });
                }
                if commit_every.is_some_and(|n| since_commit >= n) {
                    conn.execute_batch("COMMIT")?;
                    staging::checkpoint(conn, Checkpoint::Restart);
                    conn.execute_batch("BEGIN IMMEDIATE")?;
                    since_commit = 0;
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

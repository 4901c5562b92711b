//! Evidence: files attached as proof, stored inside the workbook as content-addressed
//! blobs (one copy per distinct SHA-256), written and read in 1 MiB chunks and hashed
//! while streaming, so a file of any size passes through in constant memory.
//!
//! Each attachment is an audited `evidence` record ("E-0001") naming the SHA-256 its
//! bytes must hash to, linked to checklist items through audited `item_evidence`
//! rows. The bytes themselves (`evidence_blob`, `evidence_chunk`) are not logged row by
//! row; `check_blobs` proves them by re-hashing.
//!
//! - `store`: the SQL of all four tables, and listing, linking, deleting.
//! - `attach`, `export`, `preview`, `check`: bytes in, out, shown and re-hashed, all
//!   streaming through `chunks` (chunk size, progress, cancelling).
//! - `staging`: what a large attach needs besides: the journal mode it writes in,
//!   checkpoints, and removing placeholder blobs that will not become evidence.
//! - `media`: what kind of file it is.

mod attach;
mod check;
mod chunks;
mod error;
mod export;
mod media;
mod preview;
mod staging;
mod store;

pub use attach::{add_file, attach_file, STAGE_COMMIT_BYTES};
pub use check::check_blobs;
pub use chunks::{Progress, CHUNK_LEN};
pub use error::EvidenceError;
pub use export::{export, export_with_progress, read_all, ExportReport};
pub use media::{MediaType, PreviewKind};
pub use preview::{preview, Preview};
pub(crate) use staging::reclaim_staged;
pub use store::{
    delete, get, link, list, list_for_item, unlink, update_details, Evidence, EvidenceDetails, EvidenceRef, NewEvidence,
};

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
//! - `stream`: bytes in and out: attach, export, preview, check.
//! - `media`: what kind of file it is.

mod error;
mod media;
mod store;
mod stream;

pub use error::EvidenceError;
pub use media::{MediaType, PreviewKind};
pub use store::{
    delete, get, link, list, list_for_item, unlink, update_details, Evidence, EvidenceDetails, EvidenceRef, NewEvidence,
};
pub use stream::{
    add_file, check_blobs, export, export_with_progress, preview, ExportReport, Preview, Progress, CHUNK_LEN,
};

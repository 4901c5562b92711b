//! What the app can show of a stored file without leaving it.

use std::ops::ControlFlow;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::media::{base64, without_partial_last_char, MediaType, PreviewKind};
use super::store::{self, Evidence};
use super::EvidenceError;

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

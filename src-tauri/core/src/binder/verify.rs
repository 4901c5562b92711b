//! Checking a binder: that its manifest is intact (its hash is the fingerprint), that
//! every embedded evidence file still has the hash the manifest lists, and, given the
//! workbook, that the binder came from this workbook, that its change-log head is in
//! the workbook's log, and that every evidence file is still in the workbook unchanged.

use std::collections::BTreeMap;
use std::path::Path;

use lopdf::{Document, Object};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::manifest::Manifest;
use super::BinderError;
use crate::workbook::Workbook;

/// Binders are a few megabytes; anything far bigger is not one of ours.
const MAX_BINDER: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BinderCheck {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BinderVerifyReport {
    pub fingerprint: String,
    pub workbook_id: String,
    pub generated_at: String,
    pub checks: Vec<BinderCheck>,
}

impl BinderVerifyReport {
    pub fn ok(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    fn check(&mut self, name: &str, ok: bool, detail: String) {
        self.checks.push(BinderCheck { name: name.to_owned(), ok, detail });
    }
}

fn not_ours(path: &Path, reason: &str) -> BinderError {
    BinderError::NotABinder { path: path.to_owned(), reason: reason.to_owned() }
}

/// Decodes a PDF text string (UTF-16BE with a byte-order mark, or PDFDocEncoding).
fn text_string(obj: &Object) -> Option<String> {
    let bytes = obj.as_str().ok()?;
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).ok()
    } else {
        Some(bytes.iter().map(|b| char::from(*b)).collect())
    }
}

fn load(path: &Path) -> Result<Document, BinderError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| BinderError::Unreadable { path: path.to_owned(), reason: e.to_string() })?;
    if meta.len() > MAX_BINDER {
        return Err(not_ours(path, "it is far larger than any binder"));
    }
    let bytes =
        std::fs::read(path).map_err(|e| BinderError::Unreadable { path: path.to_owned(), reason: e.to_string() })?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(not_ours(path, "it is not a PDF file"));
    }
    // The PDF parser is third-party code reading a file anyone could have made; a
    // panic inside it must become a refusal, not a crash.
    std::panic::catch_unwind(|| Document::load_mem(&bytes))
        .map_err(|_| not_ours(path, "the PDF structure could not be read"))?
        .map_err(|_| not_ours(path, "the PDF structure is damaged"))
}

fn info_value(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let dict = match info {
        Object::Reference(id) => doc.get_object(*id).ok()?.as_dict().ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    text_string(dict.get(key).ok()?)
}

/// Name → SHA-256 of each embedded file.
fn embedded_hashes(doc: &Document) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (_, obj) in doc.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Filespec".as_slice()) {
            continue;
        }
        let Some(name) = dict.get(b"UF").ok().and_then(text_string) else { continue };
        let stream = dict
            .get(b"EF")
            .and_then(Object::as_dict)
            .and_then(|ef| ef.get(b"F"))
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_object(id))
            .and_then(Object::as_stream);
        if let Ok(stream) = stream {
            let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
            out.insert(name, hex::encode(Sha256::digest(&content)));
        }
    }
    out
}

pub fn verify(path: &Path, workbook: Option<&Workbook>) -> Result<BinderVerifyReport, BinderError> {
    let doc = load(path)?;
    let json = info_value(&doc, b"ReadinessManifest").ok_or_else(|| not_ours(path, "it carries no manifest"))?;
    let manifest = Manifest::from_json(&json).map_err(|reason| not_ours(path, &reason))?;
    let stated = info_value(&doc, b"ReadinessFingerprint").unwrap_or_default();
    let fingerprint = manifest.fingerprint();
    let mut report = BinderVerifyReport {
        fingerprint: fingerprint.clone(),
        workbook_id: manifest.workbook_id.clone(),
        generated_at: manifest.generated_at.clone(),
        checks: Vec::new(),
    };
    report.check(
        "Manifest intact",
        stated == fingerprint,
        if stated == fingerprint {
            format!("The manifest hashes to the binder fingerprint {fingerprint}.")
        } else {
            format!("The manifest hashes to {fingerprint}, but the binder states {stated}: it was altered.")
        },
    );

    let embedded = embedded_hashes(&doc);
    let mut bad = Vec::new();
    let mut checked = 0;
    // The binder's own data files (a long review's account list) are checked the same
    // way as evidence; they are not in the workbook, so only here.
    for e in manifest.evidence.iter().chain(&manifest.data_files).filter(|e| e.embedded) {
        let prefix = format!("{} ", e.reference);
        match embedded.iter().find(|(name, _)| name.starts_with(&prefix)) {
            Some((_, sha)) if *sha == e.sha256 => checked += 1,
            Some(_) => bad.push(format!("{} does not match its SHA-256", e.reference)),
            None => bad.push(format!("{} is missing from the PDF", e.reference)),
        }
    }
    report.check(
        "Embedded evidence",
        bad.is_empty(),
        if bad.is_empty() {
            format!("{checked} embedded files match the SHA-256 in the manifest.")
        } else {
            format!("{}.", bad.join("; "))
        },
    );

    if let Some(wb) = workbook {
        against_workbook(&mut report, &manifest, wb)?;
    }
    Ok(report)
}

fn against_workbook(report: &mut BinderVerifyReport, m: &Manifest, wb: &Workbook) -> Result<(), BinderError> {
    let same = wb.id().0 == m.workbook_id;
    report.check(
        "Same workbook",
        same,
        if same {
            format!("The binder was made from this workbook ({}).", m.workbook_id)
        } else {
            format!("The binder was made from workbook {}, not this one ({}).", m.workbook_id, wb.id().0)
        },
    );
    let conn = wb.conn();
    let position = crate::workbook::log_position_of(conn, &m.log_head)?;
    let now = crate::workbook::log_count(conn)?;
    let empty_log = m.log_entries == 0 && m.log_head == crate::workbook::GENESIS_HASH;
    let (ok, detail) = match position {
        Some(seq) if seq == now => (true, "The workbook has not changed since the binder was made.".to_owned()),
        Some(seq) => (
            true,
            format!("The binder shows the workbook as of change {seq}; {} changes have been made since.", now - seq),
        ),
        None if empty_log => (true, "The binder was made from an empty workbook.".to_owned()),
        None => (false, "The change-log entry the binder was made at is not in this workbook's log.".to_owned()),
    };
    report.check("Change log", ok, detail);

    let current = crate::evidence::list(conn)?;
    let mut missing = Vec::new();
    for e in &m.evidence {
        match current.iter().find(|c| c.reference.to_string() == e.reference) {
            Some(c) if c.sha256 == e.sha256 => {}
            Some(_) => missing.push(format!("{} has different content now", e.reference)),
            None => missing.push(format!("{} is no longer in the workbook", e.reference)),
        }
    }
    report.check(
        "Evidence in the workbook",
        missing.is_empty(),
        if missing.is_empty() {
            format!("All {} evidence files are in the workbook with the same SHA-256.", m.evidence.len())
        } else {
            format!("{}.", missing.join("; "))
        },
    );
    Ok(())
}

//! Checking a binder as an auditor would rely on it: its signature (valid, over every
//! byte, nothing appended after it, by the key the binder names), each page against the
//! digest recorded when it was signed, the manifest (its hash is the fingerprint), every
//! embedded evidence file against the manifest, and, given the workbook: the same
//! workbook and key, its change-log head in the workbook's log, the evidence still there
//! unchanged, and, when the workbook has not changed since, a fresh export with the same
//! options compared byte for byte.
//!
//! Invariant: a file that carries a binder's marks but is damaged is reported as a
//! changed binder (a failed check), never as "not a binder", and nothing in it can make
//! the check panic.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;

use lopdf::{Document, Object};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::manifest::Manifest;
use super::signing::{self, Signer};
use super::{pages, pdf, sigfield, BinderError};
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
    /// SHA-256 of the certificate that signed the binder, when the signature carries one.
    pub signer_fingerprint: Option<String>,
    /// One sentence for the person checking: what holds, or what changed.
    pub summary: String,
    pub checks: Vec<BinderCheck>,
}

impl BinderVerifyReport {
    pub fn ok(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    fn check(&mut self, name: &str, ok: bool, detail: String) {
        self.checks.push(BinderCheck { name: name.to_owned(), ok, detail });
    }

    fn summarise(&mut self) {
        // Pages first: they are what a reader of the binder sees. Then the rest of the
        // file itself, then how it relates to the workbook given.
        let failed = self.checks.iter().filter(|c| !c.ok).min_by_key(|c| match c.name.as_str() {
            "Pages" => 0,
            n if WORKBOOK_CHECKS.contains(&n) => 2,
            _ => 1,
        });
        self.summary = match failed {
            None => "The binder is exactly as it was signed.".to_owned(),
            Some(c) if WORKBOOK_CHECKS.contains(&c.name.as_str()) => {
                format!("The binder does not match this workbook: {}", lower_first(&c.detail))
            }
            Some(c) => format!("The binder was changed: {}", lower_first(&c.detail)),
        };
    }
}

/// Checks of how a binder relates to the workbook given, rather than of the file itself.
const WORKBOOK_CHECKS: [&str; 4] = ["Same workbook", "Workbook's key", "Change log", "Evidence in the workbook"];

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if !s.starts_with("PDF") => f.to_lowercase().chain(c).collect(),
        _ => s.to_owned(),
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

fn read(path: &Path) -> Result<Vec<u8>, BinderError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| BinderError::Unreadable { path: path.to_owned(), reason: e.to_string() })?;
    if meta.len() > MAX_BINDER {
        return Err(not_ours(path, "it is far larger than any binder"));
    }
    std::fs::read(path).map_err(|e| BinderError::Unreadable { path: path.to_owned(), reason: e.to_string() })
}

/// Runs a walk of a parsed document that third-party code does for us; a panic inside it
/// (on a file anyone could have made) becomes `None`, a failed check, not a crash.
fn guarded<T>(walk: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(walk)).ok()
}

fn parse(bytes: &[u8]) -> Result<Document, &'static str> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("it is not a PDF file");
    }
    // The PDF parser is third-party code reading a file anyone could have made; a
    // panic inside it must become a refusal, not a crash.
    std::panic::catch_unwind(|| Document::load_mem(bytes))
        .map_err(|_| "the PDF structure could not be read")?
        .map_err(|_| "the PDF structure is damaged")
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

/// The signature over `bytes` given its byte range: who signed, or why it fails.
struct SignatureVerdict {
    signer: Result<Signer, String>,
    /// The certificate the signature carries, even if the signature fails.
    certificate: Option<String>,
    /// Bytes after the signed range; `None` when the range itself does not fit the file.
    appended: Option<usize>,
}

/// `stated_contents`: the signature as the signature dictionary holds it, to name the
/// signer even when the byte range no longer lines up (pages cut out by a PDF tool).
fn check_signature(bytes: &[u8], range: [usize; 4], stated_contents: Option<&[u8]>) -> SignatureVerdict {
    match sigfield::signed_part(bytes, range) {
        Err(fault) => SignatureVerdict {
            signer: Err(fault.to_string()),
            certificate: stated_contents.and_then(signing::certificate_fingerprint),
            appended: None,
        },
        Ok(part) => SignatureVerdict {
            signer: signing::check(&part.contents, &part.digest).map_err(|f| f.to_string()),
            certificate: signing::certificate_fingerprint(&part.contents),
            appended: Some(part.appended),
        },
    }
}

fn signature_checks(report: &mut BinderVerifyReport, verdict: &SignatureVerdict) {
    report.signer_fingerprint = verdict.certificate.clone();
    match &verdict.signer {
        Ok(s) => report.check(
            "Signature",
            true,
            format!(
                "Valid, by the certificate {} ({}): the signed bytes are exactly as they were exported.",
                s.fingerprint,
                s.organization.as_deref().unwrap_or("no organisation named")
            ),
        ),
        Err(why) => report.check("Signature", false, format!("Not valid: {why}.")),
    }
    // With a byte range that does not fit the file, there is no "after" to speak of.
    let Some(appended) = verdict.appended else { return };
    report.check(
        "Nothing added after signing",
        appended == 0,
        if appended == 0 {
            "The file ends where the signed part ends.".to_owned()
        } else {
            format!(
                "{appended} bytes were added after the signed part of the file (an incremental update or appended \
                 data): the binder was changed after signing."
            )
        },
    );
}

pub fn verify(path: &Path, workbook: Option<&Workbook>) -> Result<BinderVerifyReport, BinderError> {
    let bytes = read(path)?;
    let parsed = parse(&bytes);
    let manifest = parsed
        .as_ref()
        .ok()
        .and_then(|doc| info_value(doc, b"ReadinessManifest").map(|json| (Manifest::from_json(&json), doc)));
    let (manifest, doc) = match manifest {
        Some((Ok(m), doc)) => (m, doc),
        other => {
            let reason = match (&parsed, other) {
                (Err(why), _) => (*why).to_owned(),
                (Ok(_), Some((Err(why), _))) => why,
                (Ok(_), _) => "it carries no manifest".to_owned(),
            };
            // A single changed byte can break the structure or the manifest; the
            // binder's own marks are still there, and it is a changed binder.
            if contains(&bytes, sigfield::APP_MARK)
                || contains(&bytes, b"/ReadinessManifest")
                || contains(&bytes, pdf::PAGES_KEY.as_bytes())
            {
                return Ok(damaged(&bytes, &reason));
            }
            return Err(not_ours(path, &reason));
        }
    };

    let fingerprint = manifest.fingerprint();
    let mut report = BinderVerifyReport {
        fingerprint: fingerprint.clone(),
        workbook_id: manifest.workbook_id.clone(),
        generated_at: manifest.generated_at.clone(),
        signer_fingerprint: None,
        summary: String::new(),
        checks: Vec::new(),
    };

    let sigs = sigfield::signatures(doc);
    let verdict = match sigs.as_slice() {
        [] => {
            report.check(
                "Signature",
                false,
                "The binder carries no signature: it was removed, so nothing shows the file is as it was made."
                    .to_owned(),
            );
            None
        }
        [one] => match sigfield::byte_range(one) {
            Some(range) => {
                let stated = one.get(b"Contents").and_then(Object::as_str).ok();
                let v = check_signature(&bytes, range, stated);
                signature_checks(&mut report, &v);
                Some(v)
            }
            None => {
                report.check("Signature", false, "Not valid: its byte range is unreadable.".to_owned());
                None
            }
        },
        many => {
            report.check(
                "Signature",
                false,
                format!("The binder carries {} signatures where it had one: more were added after it.", many.len()),
            );
            None
        }
    };
    signer_check(&mut report, &manifest, verdict.as_ref());
    page_check(&mut report, doc);

    let stated = info_value(doc, b"ReadinessFingerprint").unwrap_or_default();
    report.check(
        "Manifest intact",
        stated == fingerprint,
        if stated == fingerprint {
            format!("The manifest hashes to the binder fingerprint {fingerprint}.")
        } else {
            format!("The manifest hashes to {fingerprint}, but the binder states {stated}: it was altered.")
        },
    );

    // A file whose attachments cannot be walked has none that match the manifest.
    let embedded = guarded(|| embedded_hashes(doc)).unwrap_or_default();
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
        let signer = verdict.as_ref().and_then(|v| v.certificate.clone());
        against_workbook(&mut report, &manifest, wb, signer.as_deref(), &bytes)?;
    }
    report.summarise();
    Ok(report)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The report for a file with a binder's marks that can no longer be read as one.
fn damaged(bytes: &[u8], reason: &str) -> BinderVerifyReport {
    let mut report = BinderVerifyReport {
        fingerprint: String::new(),
        workbook_id: String::new(),
        generated_at: String::new(),
        signer_fingerprint: None,
        summary: String::new(),
        checks: Vec::new(),
    };
    report.check(
        "Readable",
        false,
        format!("The file has a binder's marks, but {reason}: it was changed after it was made."),
    );
    if let Some(range) = sigfield::scan_byte_range(bytes) {
        signature_checks(&mut report, &check_signature(bytes, range, None));
    }
    report.summarise();
    report
}

fn signer_check(report: &mut BinderVerifyReport, m: &Manifest, verdict: Option<&SignatureVerdict>) {
    let Some(cert) = verdict.and_then(|v| v.certificate.as_deref()) else { return };
    let named = verdict.and_then(|v| v.signer.as_ref().ok()).and_then(|s| s.workbook_id.clone());
    let same_key = cert == m.signer_certificate;
    let same_workbook = named.as_deref().is_none_or(|id| id == m.workbook_id);
    report.check(
        "Signed by its workbook",
        same_key && same_workbook,
        if same_key && same_workbook {
            format!("The signing certificate is the one the manifest names, of workbook {}.", m.workbook_id)
        } else {
            format!(
                "The binder was signed with another key (certificate {cert}{}) than the one its manifest names \
                 (certificate {}, workbook {}): it was re-signed after it was made.",
                named.map(|id| format!(", workbook {id}")).unwrap_or_default(),
                if m.signer_certificate.is_empty() { "none" } else { &m.signer_certificate },
                m.workbook_id
            )
        },
    );
}

fn page_check(report: &mut BinderVerifyReport, doc: &Document) {
    let recorded: Option<Vec<String>> =
        info_value(doc, pdf::PAGES_KEY.as_bytes()).and_then(|json| serde_json::from_str(&json).ok());
    let Some(recorded) = recorded else {
        report.check("Pages", false, "The binder carries no page digests, so its pages cannot be checked.".to_owned());
        return;
    };
    let Some(now) = guarded(|| pages::digests(doc)) else {
        report.check("Pages", false, "The pages could not be read: the file's structure was damaged.".to_owned());
        return;
    };
    let changes = pages::compare(&recorded, &now);
    report.check(
        "Pages",
        changes.none(),
        if changes.none() {
            format!("All {} pages are as they were signed.", recorded.len())
        } else {
            let mut d = changes.describe();
            if let Some(first) = d.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            format!("{d} (the signed binder had {} pages; this file has {}).", recorded.len(), now.len())
        },
    );
}

fn against_workbook(
    report: &mut BinderVerifyReport,
    m: &Manifest,
    wb: &Workbook,
    signer: Option<&str>,
    bytes: &[u8],
) -> Result<(), BinderError> {
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
    let seal = signing::info(wb)?;
    let (ok, detail) = match (&seal, signer) {
        (Some(s), Some(cert)) if s.certificate_fingerprint == cert => {
            (true, format!("The binder was signed with this workbook's key (certificate {cert})."))
        }
        (Some(s), Some(cert)) => (
            false,
            format!(
                "The binder was signed with another workbook's key (certificate {cert}), not this workbook's \
                 (certificate {}).",
                s.certificate_fingerprint
            ),
        ),
        (Some(s), None) => (
            false,
            format!(
                "The binder carries no readable signature; this workbook's certificate is {}.",
                s.certificate_fingerprint
            ),
        ),
        (None, _) => (false, "This workbook has no signing key, so it never exported a signed binder.".to_owned()),
    };
    report.check("Workbook's key", ok, detail);

    let conn = wb.conn();
    let position = crate::workbook::log_position_of(conn, &m.log_head)?;
    let now = crate::workbook::log_count(conn)?;
    let empty_log = m.log_entries == 0 && m.log_head == crate::workbook::GENESIS_HASH;
    let unchanged = position == Some(now);
    let (ok, detail) = match position {
        Some(seq) if seq == now => (true, "The workbook has not changed since the binder was made.".to_owned()),
        Some(seq) => (
            true,
            format!(
                "The binder shows the workbook as of change {seq}; {} since.",
                match now - seq {
                    1 => "1 change has been made".to_owned(),
                    n => format!("{n} changes have been made"),
                }
            ),
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

    if !same || seal.is_none() {
        return Ok(());
    }
    let Some(options) = &m.options else {
        report.check(
            "Same as a fresh export",
            false,
            "The binder does not record its options, so it cannot be made again to compare.".to_owned(),
        );
        return Ok(());
    };
    if !unchanged {
        let since = match position.map(|seq| now - seq) {
            Some(1) => "1 change".to_owned(),
            Some(n) => format!("{n} changes"),
            None => "some changes".to_owned(),
        };
        report.check(
            "Same as a fresh export",
            true,
            format!(
                "Not compared: the workbook has changed since the binder was made ({since}), so a fresh \
                 export would differ and the full byte-for-byte comparison is not possible."
            ),
        );
        return Ok(());
    }
    let fresh = super::build(wb, options, &mut |_| ControlFlow::Continue(()))?;
    let first_difference = fresh.bytes.iter().zip(bytes).position(|(a, b)| a != b);
    let (ok, detail) = match first_difference {
        None if fresh.bytes.len() == bytes.len() => (
            true,
            "Made again with the same options and generated-at, the binder is byte for byte this file.".to_owned(),
        ),
        None => (
            false,
            format!(
                "Made again with the same options, the binder is {} bytes; this file is {} bytes.",
                fresh.bytes.len(),
                bytes.len()
            ),
        ),
        Some(at) => {
            (false, format!("Made again with the same options, the binder differs from this file from byte {at} on."))
        }
    };
    report.check("Same as a fresh export", ok, detail);
    Ok(())
}

//! The binder's manifest: which workbook, at which point of its change log, when, and
//! the SHA-256 of every evidence file. Printed in the last section and stored in the
//! PDF's metadata; its own hash is the binder fingerprint on the cover.
//!
//! Since format 2 it also records the export options (so `verify` can make the same
//! binder again and compare bytes) and the fingerprint of the certificate that signs the
//! binder. Each page's digest sits beside the manifest in the signed metadata rather than
//! in it: the cover prints the manifest's hash, so the cover's own digest cannot be part
//! of what is hashed.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::BinderOptions;

pub const FORMAT: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEvidence {
    pub reference: String,
    pub file_name: String,
    pub size: u64,
    pub sha256: String,
    /// Whether the file itself is attached inside the PDF.
    pub embedded: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub app_version: String,
    pub workbook_id: String,
    pub organization: String,
    pub log_entries: i64,
    /// Hash of the newest change-log entry when the binder was made.
    pub log_head: String,
    pub generated_at: String,
    pub sections: Vec<String>,
    pub emails_redacted: bool,
    pub evidence: Vec<ManifestEvidence>,
    /// Files the binder made and attached itself: the full account lists of long access
    /// reviews ("AR-1"). Checked like embedded evidence, but they are not in the workbook.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_files: Vec<ManifestEvidence>,
    /// The options the binder was made with (format 2 on).
    #[serde(default)]
    pub options: Option<BinderOptions>,
    /// SHA-256 of the certificate whose key signs the binder (format 2 on).
    #[serde(default)]
    pub signer_certificate: String,
}

impl Manifest {
    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("its manifest is unreadable ({e})"))
    }

    /// SHA-256 of the manifest's JSON: changes if any field or evidence hash changes.
    pub fn fingerprint(&self) -> String {
        hex::encode(Sha256::digest(self.to_json().as_bytes()))
    }
}

/// The PDF file identifier: the fingerprint's first sixteen bytes.
pub fn id_bytes(fingerprint: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    if let Ok(bytes) = hex::decode(fingerprint) {
        for (o, b) in out.iter_mut().zip(bytes) {
            *o = b;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            format: FORMAT,
            app_version: "0.1.0".into(),
            workbook_id: "wb".into(),
            organization: "Acme".into(),
            log_entries: 3,
            log_head: "ab".repeat(32),
            generated_at: "2026-11-28T09:00:00Z".into(),
            sections: vec!["scope".into()],
            emails_redacted: false,
            evidence: vec![ManifestEvidence {
                reference: "E-0001".into(),
                file_name: "a.png".into(),
                size: 3,
                sha256: "cd".repeat(32),
                embedded: true,
            }],
            data_files: Vec::new(),
            options: None,
            signer_certificate: "ef".repeat(32),
        }
    }

    #[test]
    fn the_fingerprint_round_trips_and_changes_with_any_hash() {
        let m = sample();
        let back = Manifest::from_json(&m.to_json()).unwrap();
        assert_eq!(back.fingerprint(), m.fingerprint());
        let mut changed = m.clone();
        changed.evidence[0].sha256 = "ce".repeat(32);
        assert_ne!(changed.fingerprint(), m.fingerprint());
        assert_eq!(id_bytes(&m.fingerprint()).len(), 16);
    }
}

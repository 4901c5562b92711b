//! The PDF evidence binder: what an auditor receives. Sections are built from the
//! workbook (`sections`), flowed onto A4 pages (`layout`, `table`, `heatmap`), framed
//! with a cover, contents and running header and footer (`frame`), and written with
//! printpdf plus the outline, links and embedded evidence files (`pdf`). A manifest of
//! the workbook state and every evidence hash is printed in the last section and stored
//! in the PDF's metadata, so `verify` can check a binder against a workbook later. The
//! finished file is signed with the workbook's own key (`signing`, `sigfield`): a PAdES
//! signature over every byte, with each page's digest in the signed metadata (`pages`).
//!
//! Same workbook + same `generated_at` = the same bytes: no clock, no randomness (the
//! signature is RSA PKCS#1 v1.5, which is deterministic).

mod canvas;
mod doc;
mod error;
mod fonts;
mod frame;
mod heatmap;
mod images;
mod layout;
mod manifest;
mod markdown;
mod pages;
mod pdf;
mod redact;
mod sections;
mod sigfield;
pub mod signing;
mod table;
pub mod verify;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use error::BinderError;
pub use manifest::{Manifest, ManifestEvidence};
pub use signing::{ensure as ensure_seal, info as seal_info, SealInfo};
pub use verify::{verify, BinderCheck, BinderVerifyReport};

use crate::workbook::Workbook;

/// The parts a user can leave out. The cover, contents and manifest are always there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Scope,
    Risks,
    Coverage,
    Checklist,
    Gaps,
    Policies,
    AccessReviews,
    Vendors,
    ChangeLog,
    Evidence,
}

impl SectionKind {
    pub const ALL: [SectionKind; 10] = [
        SectionKind::Scope,
        SectionKind::Risks,
        SectionKind::Coverage,
        SectionKind::Checklist,
        SectionKind::Gaps,
        SectionKind::Policies,
        SectionKind::AccessReviews,
        SectionKind::Vendors,
        SectionKind::ChangeLog,
        SectionKind::Evidence,
    ];

    pub fn title(self) -> &'static str {
        match self {
            SectionKind::Scope => "Scope and system description",
            SectionKind::Risks => "Risk assessment",
            SectionKind::Coverage => "Criteria coverage matrix",
            SectionKind::Checklist => "Checklist detail",
            SectionKind::Gaps => "Gaps and open items",
            SectionKind::Policies => "Policies",
            SectionKind::AccessReviews => "Access reviews",
            SectionKind::Vendors => "Vendors and subservice organisations",
            SectionKind::ChangeLog => "Change-log summary",
            SectionKind::Evidence => "Evidence index",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        let w = word.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Self::ALL
            .into_iter()
            .find(|k| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(|s| s == w)) == Some(true))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BinderOptions {
    pub sections: Vec<SectionKind>,
    /// Embed the original evidence files as PDF attachments.
    pub attachments: bool,
    /// Show people's email addresses masked, e.g. "•••@parcelwise.com".
    pub redact_emails: bool,
    /// Printed on the cover and stored in the manifest; also the "today" the binder
    /// judges due dates and expiries against.
    #[ts(type = "string")]
    pub generated_at: DateTime<Utc>,
    /// How much of a long access review is printed.
    #[serde(default)]
    pub account_lists: AccountLists,
}

impl BinderOptions {
    pub fn all(generated_at: DateTime<Utc>) -> Self {
        Self {
            sections: SectionKind::ALL.to_vec(),
            attachments: true,
            redact_emails: false,
            generated_at,
            account_lists: AccountLists::default(),
        }
    }

    /// The options as the binder uses and records them: sections in binder order, once
    /// each, and the time to the second (all the binder prints), so a binder made again
    /// from its manifest's options is the same.
    fn normalised(&self) -> Self {
        use chrono::SubsecRound;
        Self {
            sections: SectionKind::ALL.into_iter().filter(|k| self.sections.contains(k)).collect(),
            attachments: self.attachments,
            redact_emails: self.redact_emails,
            generated_at: self.generated_at.trunc_subsecs(0),
            account_lists: self.account_lists,
        }
    }
}

/// No auditor reads thousands of pages of account rows: a review with more accounts than
/// `threshold` is printed as its summary, its decisions to revoke or change, and its
/// first `flagged_limit` flagged accounts, and the whole list goes with the binder as a
/// CSV file (hashed in the manifest like evidence). `full` prints every account, as
/// binders did before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountLists {
    pub full: bool,
    pub threshold: u32,
    pub flagged_limit: u32,
}

impl Default for AccountLists {
    fn default() -> Self {
        Self { full: false, threshold: 500, flagged_limit: 200 }
    }
}

/// How far an export has come, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BinderProgress {
    pub stage: String,
    pub done: u32,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BinderReport {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub pages: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    pub fingerprint: String,
    /// The workbook's seal that signs the binder.
    pub seal: SealInfo,
    pub evidence_files: u32,
    pub attachments_embedded: u32,
    pub images_shown: u32,
    /// Things that could not be shown as they are, each in a sentence.
    pub notes: Vec<String>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// Of which: page digests, hashing the file and signing it.
    #[ts(type = "number")]
    pub signing_ms: u64,
}

/// Builds the binder and writes it to `dest` (replacing a file there only once the new
/// one is complete). A cancelled or failed export leaves no file behind.
pub fn export(
    wb: &Workbook,
    options: &BinderOptions,
    dest: &Path,
    progress: &mut dyn FnMut(BinderProgress) -> ControlFlow<()>,
) -> Result<BinderReport, BinderError> {
    let started = Instant::now();
    let built = build(wb, options, progress)?;
    report(progress, "Saving the binder", 1, 1)?;
    crate::files::replace_file(dest, &built.bytes)?;
    Ok(BinderReport {
        path: dest.to_owned(),
        pages: built.pages,
        bytes: built.bytes.len() as u64,
        fingerprint: built.fingerprint,
        seal: built.seal,
        evidence_files: built.evidence_files,
        attachments_embedded: built.attachments_embedded,
        images_shown: built.images_shown,
        notes: built.notes,
        elapsed_ms: started.elapsed().as_millis() as u64,
        signing_ms: built.signing_ms,
    })
}

pub struct Built {
    pub bytes: Vec<u8>,
    pub pages: u32,
    pub fingerprint: String,
    pub seal: SealInfo,
    pub signing_ms: u64,
    pub evidence_files: u32,
    pub attachments_embedded: u32,
    pub images_shown: u32,
    pub notes: Vec<String>,
}

/// The binder's bytes, without writing them anywhere. The workbook must have its seal
/// (`ensure_seal`, on the first export).
pub fn build(
    wb: &Workbook,
    options: &BinderOptions,
    progress: &mut dyn FnMut(BinderProgress) -> ControlFlow<()>,
) -> Result<Built, BinderError> {
    let seal = signing::load(wb.conn())?.ok_or(BinderError::NoSeal)?;
    let options = &options.normalised();
    let fonts = fonts::Fonts::load()?;
    let mut ctx = sections::Ctx::new(wb, options)?;
    let kinds: Vec<SectionKind> = SectionKind::ALL.into_iter().filter(|k| options.sections.contains(k)).collect();
    let total = kinds.len() as u32 + 2;
    let mut built_sections = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        report(progress, &format!("Writing “{}”", kind.title()), i as u32, total)?;
        built_sections.push(sections::build(&mut ctx, *kind, progress)?);
    }
    report(progress, "Adding evidence files", kinds.len() as u32, total)?;
    let mut attachments = if options.attachments { ctx.attachments(progress)? } else { Vec::new() };
    attachments.extend(ctx.data_attachments());
    let mut manifest = ctx.manifest(&kinds, &attachments)?;
    manifest.options = Some(options.clone());
    manifest.signer_certificate = seal.info.certificate_fingerprint.clone();
    let fingerprint = manifest.fingerprint();
    built_sections.push(sections::manifest_section(&manifest, &fingerprint));

    report(progress, "Laying out pages", kinds.len() as u32 + 1, total)?;
    let framed = frame::assemble(&fonts, &ctx, &built_sections, &manifest, &fingerprint)?;
    let pages = framed.pages.len() as u32;
    let attachments_embedded = attachments.len() as u32;
    let images_shown = ctx.images.len() as u32;
    let notes = std::mem::take(&mut ctx.notes);
    let evidence_files = manifest.evidence.len() as u32;
    let info = pdf::Info {
        title: format!("{} · Evidence binder", ctx.org_name()),
        author: ctx.org_name(),
        subject: format!("{} readiness evidence", ctx.report_label()),
        created: options.generated_at.format("D:%Y%m%d%H%M%SZ").to_string(),
        custom: vec![
            ("ReadinessManifest".to_owned(), manifest.to_json()),
            ("ReadinessFingerprint".to_owned(), fingerprint.clone()),
        ],
        id: manifest::id_bytes(&fingerprint),
    };
    let field = sigfield::FieldText {
        name: ctx.org_name(),
        reason: format!("Evidence binder {fingerprint}, as the workbook recorded it"),
        signed_at: info.created.clone(),
    };
    let written = pdf::write(
        &fonts,
        pdf::Parts {
            pages: framed.pages,
            images: std::mem::take(&mut ctx.images),
            marks: framed.marks,
            links: framed.links,
            attachments,
            info,
        },
        &seal,
        &field,
    )?;
    Ok(Built {
        bytes: written.bytes,
        pages,
        fingerprint,
        seal: seal.info,
        signing_ms: written.signing.as_millis() as u64,
        evidence_files,
        attachments_embedded,
        images_shown,
        notes,
    })
}

fn report(
    progress: &mut dyn FnMut(BinderProgress) -> ControlFlow<()>,
    stage: &str,
    done: u32,
    total: u32,
) -> Result<(), BinderError> {
    match progress(BinderProgress { stage: stage.to_owned(), done, total }) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(BinderError::Cancelled),
    }
}

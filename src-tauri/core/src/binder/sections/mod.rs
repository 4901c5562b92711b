//! The binder's sections, each built from workbook data into blocks. `Ctx` holds what
//! several sections share (organisation, people, checklist, evidence) and collects what
//! they produce on the side: inline images and notes about things that could not be
//! shown.

mod access;
mod changelog;
mod checklist;
mod coverage;
mod evidence;
mod gaps;
mod policies;
mod risks;
mod scope;
mod vendors;

use std::collections::HashMap;
use std::ops::ControlFlow;

use chrono::NaiveDate;

use super::doc::{Block, Column, Section, Table};
use super::images::Image;
use super::manifest::{Manifest, ManifestEvidence, FORMAT};
use super::pdf::Attachment;
use super::{BinderError, BinderOptions, BinderProgress, SectionKind};
use crate::checklist::ChecklistItem;
use crate::evidence::Evidence;
use crate::organization::Organization;
use crate::people::Person;
use crate::scope::Scope;
use crate::workbook::Workbook;

/// Evidence files larger than this are listed with their hash but not embedded: a PDF
/// reader loads attachments into memory, and the auditor can check the original
/// against the hash instead.
pub const EMBED_MAX_FILE: u64 = 20 * 1024 * 1024;
/// Embedding stops once this much has been embedded, for the same reason.
pub const EMBED_MAX_TOTAL: u64 = 150 * 1024 * 1024;
/// What the references of the binder's own data files begin with ("AR-1").
pub const DATA_PREFIX: &str = "AR-";

pub struct Ctx<'a> {
    pub wb: &'a Workbook,
    pub today: NaiveDate,
    pub redact: bool,
    pub org: Organization,
    pub scope: Scope,
    pub people: HashMap<String, Person>,
    pub items: Vec<ChecklistItem>,
    /// Readiness by the one rule, for the cover, the coverage matrix and the gaps.
    pub readiness: crate::readiness::Readiness,
    pub evidence: Vec<Evidence>,
    pub images: Vec<Image>,
    pub notes: Vec<String>,
    pub account_lists: super::AccountLists,
    /// Files the binder makes and attaches itself (a long review's full account list).
    pub data_files: Vec<DataFile>,
    generated_at: String,
}

/// A file the binder makes from workbook data and attaches, like evidence, with its
/// hash in the manifest and the evidence index.
pub struct DataFile {
    /// "AR-1": what the manifest, the index and the attachment's name begin with.
    pub reference: String,
    pub file_name: String,
    pub description: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

impl<'a> Ctx<'a> {
    pub fn new(wb: &'a Workbook, options: &BinderOptions) -> Result<Self, BinderError> {
        let today = options.generated_at.date_naive();
        let people = crate::people::list(wb)?.into_iter().map(|p| (p.id.clone(), p)).collect();
        Ok(Self {
            wb,
            today,
            redact: options.redact_emails,
            org: crate::organization::get(wb)?,
            scope: crate::scope::get(wb)?,
            people,
            items: crate::checklist::list(wb, today)?,
            readiness: crate::readiness::evaluate(wb.conn(), today)?,
            evidence: crate::evidence::list(wb.conn())?,
            images: Vec::new(),
            notes: Vec::new(),
            account_lists: options.account_lists,
            data_files: Vec::new(),
            generated_at: options.generated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
    }

    pub fn org_name(&self) -> String {
        if self.org.legal_name.trim().is_empty() {
            "Unnamed organisation".to_owned()
        } else {
            self.org.legal_name.clone()
        }
    }

    pub fn system_name(&self) -> String {
        if self.scope.system_name.trim().is_empty() {
            "System name not set yet".to_owned()
        } else {
            self.scope.system_name.clone()
        }
    }

    pub fn report_label(&self) -> String {
        self.scope.report_type.label().to_owned()
    }

    pub fn as_of_label(&self) -> String {
        self.scope.as_of_date.map(date).unwrap_or_else(|| "not set yet".to_owned())
    }

    pub fn item_ref(&self, id: &str) -> String {
        self.items.iter().find(|i| i.id == id).map(|i| i.reference.clone()).unwrap_or_else(|| id.to_owned())
    }

    /// The evidence references ("E-0003, E-0011") attached to a checklist item.
    pub fn evidence_refs(&self, item_id: &str) -> String {
        let refs: Vec<String> = self
            .evidence
            .iter()
            .filter(|e| e.item_ids.iter().any(|i| i == item_id))
            .map(|e| e.reference.to_string())
            .collect();
        if refs.is_empty() {
            "—".to_owned()
        } else {
            refs.join(", ")
        }
    }

    /// The original evidence files to embed, read back and checked against their hashes.
    pub fn attachments(
        &mut self,
        progress: &mut dyn FnMut(BinderProgress) -> ControlFlow<()>,
    ) -> Result<Vec<Attachment>, BinderError> {
        let mut out = Vec::new();
        let mut total = 0u64;
        let count = self.evidence.len() as u32;
        for (i, e) in self.evidence.iter().enumerate() {
            if i % 25 == 0 {
                if let ControlFlow::Break(()) =
                    progress(BinderProgress { stage: "Adding evidence files".to_owned(), done: i as u32, total: count })
                {
                    return Err(BinderError::Cancelled);
                }
            }
            if e.size > EMBED_MAX_FILE || total + e.size > EMBED_MAX_TOTAL {
                self.notes.push(format!(
                    "{} ({}) is {} and was not embedded; its SHA-256 is in the evidence index.",
                    e.reference,
                    e.file_name,
                    size(e.size)
                ));
                continue;
            }
            let bytes = crate::evidence::read_all(self.wb.conn(), e)?;
            total += e.size;
            out.push(Attachment {
                name: format!("{} {}", e.reference, e.suggested_file_name()),
                description: format!("{} · SHA-256 {}", e.description, e.sha256),
                media_type: e.media_type.clone(),
                bytes,
            });
        }
        Ok(out)
    }

    /// The files the binder made itself, always attached (they stand in for pages).
    pub fn data_attachments(&mut self) -> Vec<Attachment> {
        std::mem::take(&mut self.data_files)
            .into_iter()
            .map(|f| Attachment {
                name: format!("{} {}", f.reference, f.file_name),
                description: format!("{} · SHA-256 {}", f.description, f.sha256),
                media_type: "text/csv".to_owned(),
                bytes: f.bytes,
            })
            .collect()
    }

    pub fn manifest(&self, kinds: &[SectionKind], attachments: &[Attachment]) -> Result<Manifest, BinderError> {
        let conn = self.wb.conn();
        let (_, head) = crate::workbook::log_head(conn)?.unwrap_or((0, crate::workbook::GENESIS_HASH.to_owned()));
        let evidence = self
            .evidence
            .iter()
            .map(|e| {
                let prefix = format!("{} ", e.reference);
                ManifestEvidence {
                    reference: e.reference.to_string(),
                    file_name: e.file_name.clone(),
                    size: e.size,
                    sha256: e.sha256.clone(),
                    embedded: attachments.iter().any(|a| a.name.starts_with(&prefix)),
                }
            })
            .collect();
        Ok(Manifest {
            format: FORMAT,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            workbook_id: self.wb.id().0.clone(),
            organization: self.org_name(),
            log_entries: crate::workbook::log_count(conn)?,
            log_head: head,
            generated_at: self.generated_at.clone(),
            sections: kinds.iter().map(|k| k.title().to_owned()).collect(),
            emails_redacted: self.redact,
            evidence,
            data_files: attachments
                .iter()
                .filter(|a| a.name.starts_with(DATA_PREFIX))
                .filter_map(|a| {
                    let (reference, file_name) = a.name.split_once(' ')?;
                    Some(ManifestEvidence {
                        reference: reference.to_owned(),
                        file_name: file_name.to_owned(),
                        size: a.bytes.len() as u64,
                        sha256: crate::hashing::sha256_hex(&a.bytes),
                        embedded: true,
                    })
                })
                .collect(),
            // Filled in by `binder::build`, which has the options and the seal.
            options: None,
            signer_certificate: String::new(),
        })
    }
}

pub fn build(
    ctx: &mut Ctx<'_>,
    kind: SectionKind,
    progress: &mut dyn FnMut(BinderProgress) -> ControlFlow<()>,
) -> Result<Section, BinderError> {
    let mut section = Section::new(kind.title());
    match kind {
        SectionKind::Scope => scope::build(ctx, &mut section)?,
        SectionKind::Risks => risks::build(ctx, &mut section)?,
        SectionKind::Coverage => coverage::build(ctx, &mut section)?,
        SectionKind::Checklist => checklist::build(ctx, &mut section),
        SectionKind::Gaps => gaps::build(ctx, &mut section)?,
        SectionKind::Policies => policies::build(ctx, &mut section)?,
        SectionKind::AccessReviews => access::build(ctx, &mut section)?,
        SectionKind::Vendors => vendors::build(ctx, &mut section)?,
        SectionKind::ChangeLog => changelog::build(ctx, &mut section)?,
        SectionKind::Evidence => evidence::build(ctx, &mut section, progress)?,
    }
    Ok(section)
}

/// The appendix that lets a reader check the binder: the manifest in full.
pub fn manifest_section(m: &Manifest, fingerprint: &str) -> Section {
    let mut s = Section::new("Manifest");
    s.push(Block::text(
        "This manifest is also stored inside the PDF's metadata. Its SHA-256 is the binder fingerprint on the \
         cover. The whole file is signed with the workbook's own key (a PDF signature that Acrobat and pdfsig \
         check); the signing certificate's SHA-256 is below and on the cover. `readiness binder verify` checks the \
         signature, every page and every embedded file, and, given the workbook, confirms the workbook id and its \
         key, that the change-log head below is in the workbook's log, that every evidence file is still there \
         unchanged, and, if the workbook has not changed since, that it makes this very file again.",
    ));
    s.push(Block::fields(&[
        ("Binder fingerprint", fingerprint.to_owned()),
        ("Workbook id", m.workbook_id.clone()),
        ("Organisation", m.organization.clone()),
        ("Generated at", m.generated_at.clone()),
        ("Change-log entries", m.log_entries.to_string()),
        ("Change-log head", m.log_head.clone()),
        ("Sections", m.sections.join("; ")),
        ("Emails redacted", if m.emails_redacted { "Yes".to_owned() } else { "No".to_owned() }),
        ("Signing certificate", m.signer_certificate.clone()),
        ("Made with", format!("Readiness Workbook {} (manifest format {})", m.app_version, m.format)),
    ]));
    s.push(Block::h2("Evidence hashes"));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Ref", 0.9),
            Column::new("SHA-256", 5.4).mono(),
            Column::new("Size", 1.0).right(),
            Column::new("In PDF", 0.8),
        ],
        rows: m
            .evidence
            .iter()
            .map(|e| {
                vec![
                    e.reference.clone(),
                    e.sha256.clone(),
                    size(e.size),
                    if e.embedded { "Yes".to_owned() } else { "No".to_owned() },
                ]
            })
            .collect(),
        empty: "No evidence files are attached in this workbook.".to_owned(),
    }));
    if !m.data_files.is_empty() {
        s.push(Block::h2("Data files made for this binder"));
        s.push(Block::Table(Table {
            columns: vec![
                Column::new("Ref", 0.9),
                Column::new("File and SHA-256", 5.4).mono(),
                Column::new("Size", 1.0).right(),
            ],
            rows: m
                .data_files
                .iter()
                .map(|f| vec![f.reference.clone(), format!("{}\n{}", f.file_name, f.sha256), size(f.size)])
                .collect(),
            empty: String::new(),
        }));
    }
    s
}

pub fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_else(|| "—".to_owned())
}

pub fn size(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b < K {
        format!("{bytes} B")
    } else if b < K * K {
        format!("{:.1} KiB", b / K)
    } else if b < K * K * K {
        format!("{:.1} MiB", b / K / K)
    } else {
        format!("{:.2} GiB", b / K / K / K)
    }
}

/// "cloud_hosting" → "Cloud hosting", for enums without a label of their own.
pub fn words(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn yes_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_words_read_naturally() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(5 * 1024 * 1024), "5.0 MiB");
        assert_eq!(words("cloud_hosting"), "Cloud hosting");
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()), "5 March 2026");
    }
}

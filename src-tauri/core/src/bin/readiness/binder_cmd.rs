//! `readiness binder`: export the signed PDF evidence binder and verify one.

use std::ops::ControlFlow;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use readiness_core::binder::{self, BinderOptions, SectionKind};
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{Access, Actor, Workbook};

use crate::{print_json, CliError, Outcome};

#[derive(Subcommand)]
pub enum BinderCommand {
    /// Export the evidence binder as a PDF.
    Export {
        file: PathBuf,
        #[arg(long)]
        output: PathBuf,
        /// The time printed on the cover and in the manifest (RFC 3339). The same
        /// workbook and the same time give a byte-identical PDF. Default: now.
        #[arg(long)]
        generated_at: Option<DateTime<Utc>>,
        /// Sections to include, comma-separated (default: all): scope, risks, coverage,
        /// checklist, gaps, policies, access_reviews, vendors, change_log, evidence.
        #[arg(long, value_delimiter = ',')]
        sections: Option<Vec<String>>,
        /// Do not embed the original evidence files in the PDF.
        #[arg(long)]
        no_attachments: bool,
        /// Mask people's email addresses.
        #[arg(long)]
        redact_emails: bool,
        /// Print every account of every access review, however long.
        #[arg(long)]
        full_account_lists: bool,
        /// Reviews with more accounts than this print a summary, their decisions to
        /// revoke or change and their first flagged accounts; the whole list is attached
        /// as CSV.
        #[arg(long, default_value_t = binder::AccountLists::default().threshold, value_name = "ACCOUNTS")]
        account_list_threshold: u32,
        /// How many flagged accounts such a review prints.
        #[arg(long, default_value_t = binder::AccountLists::default().flagged_limit, value_name = "ACCOUNTS")]
        flagged_limit: u32,
        /// Replace OUTPUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check a binder's signature, pages, manifest and embedded files, and against the
    /// workbook if given (making it again to compare, if the workbook has not changed).
    Verify {
        binder: PathBuf,
        #[arg(long)]
        workbook: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Show the workbook's signing certificate: its fingerprint is what to tell the
    /// auditor by another channel than the binder itself.
    Seal {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(
    cmd: &BinderCommand,
    actor: &Actor,
    pass: impl Fn() -> Result<Passphrase, CliError>,
) -> Result<Outcome, CliError> {
    match cmd {
        BinderCommand::Export {
            file,
            output,
            generated_at,
            sections,
            no_attachments,
            redact_emails,
            full_account_lists,
            account_list_threshold,
            flagged_limit,
            force,
        } => {
            if output.exists() && !force {
                return Err(readiness_core::workbook::WorkbookError::AlreadyExists { path: output.clone() }.into());
            }
            let mut options = BinderOptions::all(generated_at.unwrap_or_else(Utc::now));
            if let Some(words) = sections {
                let mut kinds = Vec::new();
                for w in words {
                    kinds.push(SectionKind::parse(w).ok_or_else(|| CliError::UnknownSection(w.clone()))?);
                }
                options.sections = kinds;
            }
            options.attachments = !no_attachments;
            options.redact_emails = *redact_emails;
            options.account_lists = binder::AccountLists {
                full: *full_account_lists,
                threshold: *account_list_threshold,
                flagged_limit: *flagged_limit,
            };
            let pass = pass()?;
            let mut wb = Workbook::open(file, &pass, Access::ReadOnly)?;
            if binder::seal_info(&wb)?.is_none() {
                // The first export makes the workbook's signing key: a write.
                drop(wb);
                wb = Workbook::open(file, &pass, Access::ReadWrite)?;
                binder::ensure_seal(&mut wb, actor, options.generated_at)?;
            }
            let report = binder::export(&wb, &options, output, &mut |_| ControlFlow::Continue(()))?;
            for note in &report.notes {
                eprintln!("note: {note}");
            }
            outln!(
                "Wrote {} ({} pages, {:.1} MiB, {} evidence files, {} embedded, {} images) in {} ms",
                output.display(),
                report.pages,
                report.bytes as f64 / 1024.0 / 1024.0,
                report.evidence_files,
                report.attachments_embedded,
                report.images_shown,
                report.elapsed_ms
            );
            outln!("Fingerprint {}", report.fingerprint);
            outln!(
                "Signed with certificate {} ({}); signing took {} ms",
                report.seal.certificate_fingerprint,
                report.seal.subject,
                report.signing_ms
            );
            Ok(Outcome::Done)
        }
        BinderCommand::Verify { binder: path, workbook, json } => {
            let wb = match workbook {
                Some(f) => Some(Workbook::open(f, &pass()?, Access::ReadOnly)?),
                None => None,
            };
            let report = binder::verify(path, wb.as_ref())?;
            if *json {
                print_json(&report)?;
            } else {
                for c in &report.checks {
                    outln!("{} {}: {}", if c.ok { "ok  " } else { "FAIL" }, c.name, c.detail);
                }
                outln!("{}", report.summary);
                outln!("Binder fingerprint {}", report.fingerprint);
                if let Some(cert) = &report.signer_fingerprint {
                    outln!("Signer certificate {cert}");
                }
            }
            Ok(if report.ok() { Outcome::Done } else { Outcome::ProblemsFound })
        }
        BinderCommand::Seal { file, json } => {
            let seal = binder::seal_info(&Workbook::open(file, &pass()?, Access::ReadOnly)?)?;
            if *json {
                print_json(&seal)?;
            } else if let Some(seal) = seal {
                outln!("Certificate fingerprint (SHA-256) {}", seal.certificate_fingerprint);
                outln!("Certificate {}", seal.subject);
            } else {
                outln!("This workbook has no seal yet: the first `readiness binder export` makes it.");
            }
            Ok(Outcome::Done)
        }
    }
}

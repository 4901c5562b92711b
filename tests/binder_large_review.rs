//! A binder for a company with one very large system: an access review of a 100,000-user
//! AWS credential report. The pages carry the summary, the decisions that matter and
//! the first flagged accounts; the whole list goes with the binder as a CSV that
//! `pdfdetach` extracts, that has every account, and whose SHA-256 the manifest holds;
//! `binder verify` passes. Long names and reasons wrap on the page and are kept whole in
//! the CSV.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::ops::ControlFlow;
use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};
use readiness_core::access::{self, AccountFilter, CampaignInput, Decision, DecisionInput};
use readiness_core::binder::{self, BinderOptions, SectionKind};
use readiness_core::systems::{DataClassification, SystemInput, SystemKind};
use support::{actor, new_workbook};

const ACCOUNTS: u32 = 100_000;

/// An AWS IAM credential report: a root user and `rows - 1` IAM users, most of whom no
/// roster person matches (so they are flagged); one user's name runs to 300 characters.
fn credential_report(rows: u32) -> String {
    let mut out = String::with_capacity(rows as usize * 260);
    out.push_str("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n");
    out.push_str("<root_account>,arn:aws:iam::123456789012:root,2021-02-01T10:02:11+00:00,not_supported,2026-01-14T08:12:40+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
    for n in 1..rows {
        let user =
            if n == 7 { format!("very-long-service-account-{}", "x".repeat(280)) } else { format!("user.{n:06}") };
        let mfa = if n % 9 == 0 { "false" } else { "true" };
        out.push_str(&format!(
            "{user},arn:aws:iam::123456789012:user/{user},2024-01-02T09:00:00+00:00,true,2026-10-{:02}T10:11:12+00:00,2026-01-02T09:00:00+00:00,N/A,{mfa},false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
            1 + n % 28
        ));
    }
    out
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is needed: {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_100k_account_review_prints_what_matters_and_attaches_the_whole_list() {
    let (dir, path, mut wb) = new_workbook();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let campaign = wb
        .write(&actor(), |w| {
            let system = readiness_core::systems::create(
                w,
                &SystemInput {
                    name: "AWS production".into(),
                    kind: SystemKind::Infrastructure,
                    description: String::new(),
                    owner_id: None,
                    hosting: String::new(),
                    data_classification: DataClassification::Restricted,
                    in_scope: true,
                    scope_reason: String::new(),
                    holds_customer_data: true,
                },
            )?;
            access::create(w, &CampaignInput { system_id: system, reviewer_id: None, as_of, due: None, stale_days: 90 })
        })
        .unwrap();
    let report = credential_report(ACCOUNTS);
    let (file, _) = access::read_for_campaign(wb.conn(), &campaign, report.as_bytes(), None, None).unwrap();
    wb.write(&actor(), |w| access::import(w, &campaign, &file, "credential-report.csv")).unwrap();
    drop(file);

    // The reviewer revokes a handful, one with a reason long enough to wrap.
    let page = access::account_page(wb.conn(), &campaign, &AccountFilter::default(), 0, 12).unwrap();
    let revoke: Vec<String> = page.rows.iter().skip(2).map(|a| a.id.clone()).collect();
    let reason = format!("Left the contractor agency in October; {}", "access no longer justified. ".repeat(12));
    wb.write(&actor(), |w| {
        access::decide(w, &revoke, &DecisionInput { decision: Decision::Revoke, reason: reason.clone() }, "Maya", as_of)
    })
    .unwrap();

    let generated: DateTime<Utc> = "2026-12-01T09:00:00Z".parse().unwrap();
    binder::ensure_seal(&mut wb, &actor(), generated).unwrap();
    let options = BinderOptions {
        sections: vec![SectionKind::Scope, SectionKind::AccessReviews, SectionKind::Evidence],
        attachments: false,
        ..BinderOptions::all(generated)
    };
    let pdf = dir.path().join("binder.pdf");
    let built = binder::export(&wb, &options, &pdf, &mut |_| ControlFlow::Continue(())).unwrap();
    println!("100,000-account review: {} pages, {} bytes", built.pages, built.bytes);
    assert!(built.pages < 1_500, "{} pages", built.pages);

    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("Accounts to revoke or change"), "the decisions are printed");
    assert!(text.contains("the first 200 of"), "the flagged accounts are capped, and say so");
    assert!(text.contains("access-review-aws-production-2026-11-20.csv"));
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("access no longer justified. access no longer justified."), "a long reason wraps, whole");

    // The whole list comes out with the standard tool, with every account and the hash
    // the manifest names.
    let out = dir.path().join("detached");
    std::fs::create_dir_all(&out).unwrap();
    tool("pdfdetach", &["-saveall", "-o", out.to_str().unwrap(), pdf.to_str().unwrap()]);
    let csv_path = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".csv"))
        .expect("the review's CSV is attached");
    let csv = std::fs::read(&csv_path).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), ACCOUNTS as usize, "one row per account");
    assert!(rows.iter().any(|r| r[0].len() > 300), "a long account name is kept whole in the CSV");
    assert!(rows.iter().any(|r| r.iter().any(|f| f == reason.trim())), "the reason is kept whole");
    let sha = readiness_core::hashing::sha256_hex(&csv);
    assert!(binder_manifest(&pdf).contains(&sha), "the manifest holds the CSV's SHA-256");
    assert!(text.contains(&sha), "and the evidence index prints it");
    let verified = binder::verify(&pdf, Some(&wb)).unwrap();
    assert!(verified.ok(), "{:?}", verified.checks);

    // A review below the threshold prints every flagged account, as before.
    let raised = BinderOptions {
        account_lists: binder::AccountLists { threshold: ACCOUNTS, ..binder::AccountLists::default() },
        sections: vec![SectionKind::Scope],
        ..options.clone()
    };
    let small = dir.path().join("scope-only.pdf");
    binder::export(&wb, &raised, &small, &mut |_| ControlFlow::Continue(())).unwrap();
    assert!(!tool("pdfdetach", &["-list", small.to_str().unwrap()]).contains(".csv"), "no list attached");
    let _ = path;
}

/// The manifest JSON as stored in the PDF's information dictionary.
fn binder_manifest(pdf: &std::path::Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let dict = doc.get_object(info).unwrap().as_dict().unwrap();
    let value = dict.get(b"ReadinessManifest").unwrap();
    match value {
        lopdf::Object::String(bytes, _) => {
            if bytes.starts_with(&[0xFE, 0xFF]) {
                let units: Vec<u16> = bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                String::from_utf16_lossy(&units)
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
        other => panic!("unexpected manifest object {other:?}"),
    }
}

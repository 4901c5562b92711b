//! Checking a promise against the workbook after a trial, and `readiness verify`.

use super::*;

/// Checks one promise against the workbook; `strict` when it was reported committed.
/// Returns Ok(true) if the change is there, Ok(false) if it is cleanly absent.
pub(crate) fn check(wb: &Workbook, lab: &Lab, expect: &Expect) -> Result<bool, String> {
    let conn = wb.conn();
    let all_or_none = |present: usize, total: usize, what: &str| -> Result<bool, String> {
        match present {
            0 => Ok(false),
            n if n == total => Ok(true),
            n => Err(format!("{what}: {n} of {total} rows present: a half-applied import")),
        }
    };
    match expect {
        Expect::People(emails) => {
            let n = emails.iter().filter(|e| people::find_by_email(conn, e).unwrap().is_some()).count();
            all_or_none(n, emails.len(), "roster")
        }
        Expect::Vendors(names) => {
            let n = names.iter().filter(|v| vendors::find_by_name(conn, v).unwrap().is_some()).count();
            all_or_none(n, names.len(), "vendors")
        }
        Expect::Risks(titles) => {
            let n = titles.iter().filter(|t| risks::find_by_title(conn, t).unwrap().is_some()).count();
            all_or_none(n, titles.len(), "risks")
        }
        Expect::Evidence { sha256, reference } => {
            let found: Vec<_> = evidence::list(conn).unwrap().into_iter().filter(|e| &e.sha256 == sha256).collect();
            match (reference, found.as_slice()) {
                (_, []) => Ok(false),
                (Some(r), [e]) if e.reference.as_str() != r => {
                    Err(format!("evidence {sha256}: reported as {r}, stored as {}", e.reference.as_str()))
                }
                (_, [e]) if e.item_ids.is_empty() => {
                    Err(format!("evidence {}: stored but not linked", e.reference.as_str()))
                }
                (_, [_]) => Ok(true),
                (_, more) => Err(format!("evidence {sha256}: stored {} times", more.len())),
            }
        }
        Expect::Item { reference, due } => {
            let id = checklist::id_by_ref(conn, reference).unwrap().unwrap();
            let item = checklist::get(conn, &id, today()).unwrap().unwrap();
            match item.due_date {
                Some(d) if d == *due => {
                    if item.status == checklist::ItemStatus::InProgress && item.owner_id.is_some() {
                        Ok(true)
                    } else {
                        Err(format!("item {reference}: due date set without its status and owner"))
                    }
                }
                None => Ok(false),
                Some(d) => Err(format!("item {reference}: due {d}, expected {due} or none")),
            }
        }
        Expect::Approved { policy_id } => {
            let status = policies::versions(conn, policy_id).unwrap()[0].status;
            Ok(status == policies::VersionStatus::Approved)
        }
        Expect::Binder => match lab.pdf.exists() {
            false => Ok(false),
            true => {
                let report = binder::verify(&lab.pdf, None).map_err(|e| format!("binder at the output path: {e}"))?;
                if report.ok() {
                    Ok(true)
                } else {
                    Err(format!("binder at the output path does not verify: {:?}", report.checks))
                }
            }
        },
    }
}

pub(crate) fn verify_cli(lab: &Lab) -> Result<(), String> {
    let r = run_cli(lab, &["verify".to_owned(), lab.book.to_string_lossy().into_owned()], KillAt::Never);
    if r.exit == Some(0) {
        Ok(())
    } else {
        Err(format!("readiness verify exit {:?}: {}{}", r.exit, r.stdout, r.stderr))
    }
}

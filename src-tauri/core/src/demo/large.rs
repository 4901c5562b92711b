//! The large reference workbook for performance work: the demo company grown to the
//! size of a busy consultancy client. 300 checklist items, 25 policies, 150 vendors,
//! 400 evidence files of which 100 are PNG screenshots, and five more access reviews of
//! 2,000 accounts each (10,000 in all, beside the demo's three small ones). Content is
//! generated, plainly
//! labelled as such, and deterministic apart from ids and dates.

use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;

use crate::checklist::{self, Frequency, ItemEdit, ItemStatus, NewItem};
use crate::evidence::{self, NewEvidence};
use crate::passphrase::Passphrase;
use crate::policies;
use crate::vendors::{self, AccessLevel, Assurance, Criticality, Opinion, Subservice, VendorCategory, VendorInput};
use crate::workbook::{Access, Actor, Workbook, WorkbookError};

pub const ITEMS: usize = 300;
pub const POLICIES: usize = 25;
pub const VENDORS: usize = 150;
pub const EVIDENCE: usize = 400;
pub const SCREENSHOTS: usize = 100;
/// Generated access reviews and their accounts, on top of the demo's three small ones.
pub const REVIEWS: usize = 5;
pub const REVIEW_ACCOUNTS: usize = 2_000;

const AREAS: [(&str, &str); 6] = [
    ("access_control", "CC6.1"),
    ("change_management", "CC8.1"),
    ("monitoring_availability", "CC7.2"),
    ("data_protection", "C1.1"),
    ("governance", "CC1.2"),
    ("incident_response", "CC7.4"),
];

fn fail(what: &str, e: impl std::fmt::Display) -> WorkbookError {
    WorkbookError::Invalid(format!("The large reference workbook could not be made ({what}): {e}"))
}

pub fn create_large(path: &Path, passphrase: &Passphrase) -> Result<Workbook, WorkbookError> {
    let actor = Actor::new("demo-large");
    super::create_demo(path, passphrase)?.close()?;
    let mut wb = Workbook::open(path, passphrase, Access::ReadWrite)?;
    let today = chrono::Local::now().date_naive();
    add_items(&mut wb, &actor, today)?;
    add_policies(&mut wb, &actor)?;
    add_vendors(&mut wb, &actor)?;
    add_evidence(&mut wb, &actor, today)?;
    add_access_reviews(&mut wb, &actor, today)?;
    wb.close()?;
    Workbook::open(path, passphrase, Access::ReadWrite)
}

fn add_items(wb: &mut Workbook, actor: &Actor, today: NaiveDate) -> Result<(), WorkbookError> {
    let have = checklist::list(wb, today)?.len();
    let people = crate::people::list(wb)?;
    wb.write(actor, |w| {
        for n in have..ITEMS {
            let (area, criterion) = AREAS[n % AREAS.len()];
            let id = checklist::create_custom(
                w,
                &NewItem {
                    title: format!("Generated control {n:03}: review {area} settings"),
                    area: area.to_owned(),
                    why: "Generated for the large reference workbook.".to_owned(),
                    how: "Check the setting, record the result, attach the export.".to_owned(),
                    frequency: Frequency::Quarterly,
                    criteria: vec![criterion.to_owned()],
                    key_for: Vec::new(),
                },
            )?;
            let status = [ItemStatus::Ready, ItemStatus::InProgress, ItemStatus::NotStarted, ItemStatus::Ready][n % 4];
            checklist::update(
                w,
                &id,
                &ItemEdit {
                    owner_id: people.get(n % people.len().max(1)).map(|p| p.id.clone()),
                    status,
                    due_date: Some(today + chrono::Duration::days((n % 90) as i64 - 30)),
                    na_justification: String::new(),
                    comments: String::new(),
                },
            )?;
        }
        Ok(())
    })
}

fn add_policies(wb: &mut Workbook, actor: &Actor) -> Result<(), WorkbookError> {
    let have = policies::list(wb.conn(), chrono::Local::now().date_naive())?.len();
    wb.write(actor, |w| {
        for n in have..POLICIES {
            let body = format!(
                "# Supplementary Policy {n}\n\nGenerated for the large reference workbook.\n\n## Purpose\n\n{}\n\n\
                 ## Requirements\n\n- Owners review this policy every year.\n- Exceptions are approved in writing.\n",
                "This policy sets out how the organisation handles one more area of its security programme. ".repeat(6)
            );
            policies::create_custom(
                w,
                &format!("Supplementary Policy {n}"),
                "Security owner",
                &["CC5.3".to_owned()],
                &body,
                "demo-large",
            )?;
        }
        Ok(())
    })
}

fn add_vendors(wb: &mut Workbook, actor: &Actor) -> Result<(), WorkbookError> {
    let have = vendors::list(wb.conn(), chrono::Local::now().date_naive())?.len();
    let categories = VendorCategory::ALL;
    wb.write(actor, |w| {
        for n in have..VENDORS {
            let input = VendorInput {
                name: format!("Generated Vendor {n:03}"),
                service: format!("Generated service number {n}"),
                category: categories[n % categories.len()],
                website: format!("https://vendor-{n:03}.example"),
                customer_data: n % 3 == 0,
                access_level: [AccessLevel::None, AccessLevel::Read, AccessLevel::Write, AccessLevel::Admin][n % 4],
                criticality: [Criticality::Low, Criticality::Medium, Criticality::High][n % 3],
                assurance: [Assurance::Soc2Type2, Assurance::None, Assurance::Iso27001][n % 3],
                report_period_end: NaiveDate::from_ymd_opt(2025 + (n % 2) as i32, 1 + (n % 12) as u32, 28),
                opinion: Opinion::Unqualified,
                subservice: if n % 25 == 0 { Subservice::CarveOut } else { Subservice::No },
                ..VendorInput::default()
            };
            vendors::create(w, &input)?;
        }
        Ok(())
    })
}

/// A plausible-looking, well-compressing "screenshot": title bar, sidebar, table rows.
fn screenshot_png(n: usize) -> Result<Vec<u8>, WorkbookError> {
    let (w, h) = (1280u32, 800u32);
    let hue = (n * 37 % 200) as u8;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        if y < 56 {
            image::Rgb([30, 50 + hue / 4, 90])
        } else if x < 220 {
            image::Rgb([232, 236, 242])
        } else if y > 100 && (y - 100) % 44 < 2 {
            image::Rgb([210, 215, 222])
        } else if y > 100
            && x > 260
            && x < 260 + ((n as u32 * 53 + y) % 700)
            && (y - 100) % 44 > 16
            && (y - 100) % 44 < 28
        {
            image::Rgb([90, 100, 115])
        } else {
            image::Rgb([250, 251, 252])
        }
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).map_err(|e| fail("a screenshot", e))?;
    Ok(out)
}

fn add_evidence(wb: &mut Workbook, actor: &Actor, today: NaiveDate) -> Result<(), WorkbookError> {
    let have = evidence::list(wb.conn())?.len();
    let items: Vec<String> = checklist::list(wb, today)?.into_iter().filter(|i| i.in_scope).map(|i| i.id).collect();
    let dir = std::env::temp_dir().join(format!("readiness-large-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).map_err(|e| WorkbookError::io("create the folder", &dir, e))?;
    let result = wb.write(actor, |w| -> Result<(), WorkbookError> {
        for n in have..EVIDENCE {
            let screenshot = n >= EVIDENCE - SCREENSHOTS;
            let (name, bytes) = if screenshot {
                (format!("screenshot-{n:03}.png"), screenshot_png(n)?)
            } else {
                let mut csv = String::from("date,check,result,checked_by\n");
                for d in 0..(20 + n % 60) {
                    csv.push_str(&format!(
                        "2026-{:02}-{:02},control check {n}-{d},pass,generated\n",
                        1 + d % 12,
                        1 + d % 28
                    ));
                }
                (format!("export-{n:03}.csv"), csv.into_bytes())
            };
            let path = dir.join(&name);
            std::fs::write(&path, &bytes).map_err(|e| WorkbookError::io("write", &path, e))?;
            let meta = NewEvidence {
                description: format!("Generated evidence file {n}"),
                collected_at: Some(today - chrono::Duration::days((n % 200) as i64)),
                collected_by: "Generated".to_owned(),
                file_name: None,
            };
            let ev = evidence::add_file(w, actor, &path, &meta, &mut |_| ControlFlow::Continue(()))
                .map_err(|e| fail("evidence", e))?;
            if let Some(item) = items.get(n % items.len().max(1)) {
                evidence::link(w, item, &ev.id).map_err(|e| fail("evidence", e))?;
            }
            let _ = std::fs::remove_file(&path);
        }
        Ok(())
    });
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// An Okta user export of `n` accounts: mostly staff, some departed, some never signed in.
fn okta_export(system: usize, n: usize) -> Vec<u8> {
    let mut csv = String::from(
        "User Id,Login,First Name,Last Name,Primary Email,Status,Created,Activated,Last Login,Password Changed,Groups\n",
    );
    for i in 0..n {
        let status = if i % 40 == 0 {
            "DEPROVISIONED"
        } else if i % 17 == 0 {
            "SUSPENDED"
        } else {
            "ACTIVE"
        };
        let last =
            if i % 9 == 0 { String::new() } else { format!("2026-{:02}-{:02}T08:00:00.000Z", 1 + i % 11, 1 + i % 28) };
        let groups = if i % 50 == 0 { "Everyone, Administrators" } else { "Everyone, Staff" };
        csv.push_str(&format!(
            "00u{system}x{i:06},user{i:05}@generated.example,User,Number{i},user{i:05}@generated.example,{status},\
             2024-01-02T09:00:00.000Z,2024-01-02T09:05:00.000Z,{last},2026-01-01T10:00:00.000Z,\"{groups}\"\n"
        ));
    }
    csv.into_bytes()
}

fn add_access_reviews(wb: &mut Workbook, actor: &Actor, today: NaiveDate) -> Result<(), WorkbookError> {
    let systems = ["Rates API", "Merchant dashboard", "Orders database", "Event archive", "Zendesk"];
    for (n, system) in systems.iter().enumerate().take(REVIEWS) {
        let export = okta_export(n, REVIEW_ACCOUNTS);
        wb.write(actor, |w| -> Result<(), WorkbookError> {
            let system_id = crate::access::resolve_system(w.sql(), system)?
                .ok_or_else(|| fail("access reviews", format!("no system {system}")))?;
            let id = crate::access::create(
                w,
                &crate::access::CampaignInput {
                    system_id,
                    reviewer_id: None,
                    as_of: today - chrono::Duration::days(7 * n as i64),
                    due: Some(today + chrono::Duration::days(14)),
                    stale_days: 90,
                },
            )?;
            let (file, _) = crate::access::read_for_campaign(w.sql(), &id, &export, None, None)
                .map_err(|e| fail("access reviews", e))?;
            crate::access::import(w, &id, &file, &format!("generated-okta-export-{n}.csv"))?;
            Ok(())
        })?;
    }
    Ok(())
}

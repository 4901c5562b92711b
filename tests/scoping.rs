//! Scoping through the core and the CLI on real workbook files: the criteria catalog,
//! scope decisions that never delete work, people and systems rules, roster import.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

use readiness_core::catalog::Category;
use readiness_core::import::roster::parse_roster;
use readiness_core::people::{self, PersonInput, Role};
use readiness_core::scope::{self, criteria};
use readiness_core::systems::{self, DataClassification, SystemInput, SystemKind};
use readiness_core::workbook::{verify, Access, Workbook, WorkbookError};
use support::{actor, new_workbook, passphrase, raw_sqlcipher, PASSPHRASE};

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .env("READINESS_PASSPHRASE", PASSPHRASE)
        .env("READINESS_ACTOR", "scoping-test")
        .output()
        .unwrap()
}

fn system(name: &str, in_scope: bool, reason: &str) -> SystemInput {
    SystemInput {
        name: name.into(),
        kind: SystemKind::Saas,
        description: String::new(),
        owner_id: None,
        hosting: String::new(),
        data_classification: DataClassification::Internal,
        in_scope,
        scope_reason: reason.into(),
        holds_customer_data: false,
    }
}

#[test]
fn criteria_list_has_the_61_criteria_and_in_scope_follows_the_categories() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    let f = path.to_str().unwrap();

    let list: Vec<serde_json::Value> = serde_json::from_slice(&cli(&["criteria", "list", f, "--json"]).stdout).unwrap();
    assert_eq!(list.len(), 61);
    let count = |cat: &str| list.iter().filter(|c| c["category"] == cat).count();
    assert_eq!(
        [
            count("security"),
            count("availability"),
            count("confidentiality"),
            count("processing_integrity"),
            count("privacy")
        ],
        [33, 3, 2, 5, 18]
    );
    // A new workbook has Security only.
    assert!(list.iter().all(|c| c["in_scope"] == (c["category"] == "security")));

    let o = cli(&["scope", "set", f, "--categories", "availability,privacy", "--as-of", "2027-06-30"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&cli(&["criteria", "list", f, "--json"]).stdout).unwrap();
    let in_scope = list.iter().filter(|c| c["in_scope"] == true).count();
    assert_eq!(in_scope, 33 + 3 + 18);
    for c in &list {
        let expected = matches!(c["category"].as_str(), Some("security" | "availability" | "privacy"));
        assert_eq!(c["in_scope"], expected, "{}", c["id"]);
    }

    let shown: serde_json::Value = serde_json::from_slice(&cli(&["scope", "show", f, "--json"]).stdout).unwrap();
    assert_eq!(shown["scope"]["as_of_date"], "2027-06-30");
    assert_eq!(shown["criteria_in_scope"], 54);

    let o = cli(&["scope", "set", f, "--categories", "avail"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Unknown category"));
}

#[test]
fn security_cannot_leave_scope_and_leaving_scope_deletes_nothing() {
    let (_dir, _path, mut wb) = new_workbook();
    let err = wb.write(&actor(), |w| scope::set_category(w, Category::Security, false, "")).unwrap_err();
    assert!(err.to_string().contains("always in scope"));

    wb.write(&actor(), |w| scope::set_category(w, Category::Availability, true, "Uptime SLA in contracts")).unwrap();
    wb.write(&actor(), |w| scope::set_category(w, Category::Availability, false, "Uptime SLA in contracts")).unwrap();
    let all = criteria::list(&wb, chrono::Local::now().date_naive()).unwrap();
    assert_eq!(all.len(), 61, "criteria are hidden, never removed");
    assert!(all.iter().filter(|c| c.category == Category::Availability).all(|c| !c.in_scope));
    let cat = scope::categories(&wb).unwrap().into_iter().find(|c| c.category == Category::Availability).unwrap();
    assert_eq!(cat.rationale, "Uptime SLA in contracts", "the reasoning survives the toggle");
    assert!(verify::verify(&wb).unwrap().ok);
}

#[test]
fn an_out_of_scope_system_needs_a_reason() {
    let (_dir, _path, mut wb) = new_workbook();
    let err = wb.write(&actor(), |w| systems::create(w, &system("Webflow site", false, "  "))).unwrap_err();
    assert!(err.to_string().contains("out of scope"), "{err}");
    assert!(systems::list(&wb).unwrap().is_empty(), "nothing was written");
    wb.write(&actor(), |w| systems::create(w, &system("Webflow site", false, "Marketing only"))).unwrap();
    let err = wb.write(&actor(), |w| systems::create(w, &system("webflow SITE", true, ""))).unwrap_err();
    assert!(err.to_string().contains("already has a system"), "{err}");

    // The rule holds in the file too, not only in our code.
    let raw = raw_sqlcipher(wb.path(), PASSPHRASE);
    let refused = raw.execute(
        "INSERT INTO system (id, name, kind, in_scope, scope_reason) VALUES ('x', 'Sneaky', 'saas', 0, '')",
        [],
    );
    assert!(refused.is_err());
}

#[test]
fn people_rules_are_checked_and_owners_cannot_be_deleted_from_under_systems() {
    let (_dir, _path, mut wb) = new_workbook();
    let ana = PersonInput {
        name: "Ana Silva".into(),
        email: " Ana@Example.COM ".into(),
        roles: vec![Role::SystemOwner, Role::SecurityOwner, Role::SystemOwner],
        ..Default::default()
    };
    let id = wb.write(&actor(), |w| people::create(w, &ana)).unwrap();
    let saved = people::get(wb.conn(), &id).unwrap().unwrap();
    assert_eq!(saved.email, "ana@example.com");
    assert_eq!(saved.roles, vec![Role::SecurityOwner, Role::SystemOwner]);

    let dup = PersonInput { name: "Other".into(), email: "ANA@example.com".into(), ..Default::default() };
    let err = wb.write(&actor(), |w| people::create(w, &dup)).unwrap_err();
    assert!(err.to_string().contains("already has the email"), "{err}");

    let mut owned = system("AWS", true, "");
    owned.owner_id = Some(id.clone());
    wb.write(&actor(), |w| systems::create(w, &owned)).unwrap();
    let err = wb.write(&actor(), |w| people::delete(w, &id)).unwrap_err();
    assert!(err.to_string().contains("owns 1 system"), "{err}");
    assert!(verify::verify(&wb).unwrap().ok);
}

const ROSTER: &str = "\
Employee Name,Work Email,Job Title,Department,Employment Status,Hire Date,Termination Date
Ana Silva,ana@example.com,CTO,Engineering,Active,2021-01-04,
Ben Ode,ben@example.com,Engineer,Engineering,Terminated,2022-02-01,2026-06-30
Cy Park,,Designer,Product,Active,2023-03-01,
";

#[test]
fn roster_import_previews_without_writing_then_applies_in_one_go() {
    let (_dir, _path, mut wb) = new_workbook();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let file = parse_roster(ROSTER.as_bytes(), today).unwrap();
    let before = readiness_core::workbook::log_count(wb.conn()).unwrap();
    let preview = people::preview_roster(wb.conn(), &file).unwrap();
    assert_eq!((preview.to_add, preview.to_update, preview.skipped), (2, 0, 1));
    assert_eq!(preview.rows[2].line, 4);
    assert!(!preview.rows[2].problems.is_empty());
    assert_eq!(readiness_core::workbook::log_count(wb.conn()).unwrap(), before, "a preview writes nothing");

    // An import that fails part-way leaves nothing behind.
    let failed: Result<(), WorkbookError> = wb.write(&actor(), |w| {
        people::apply_roster(w, &file)?;
        Err(WorkbookError::DiskFull)
    });
    assert!(failed.is_err());
    assert!(people::list(&wb).unwrap().is_empty());

    let result = wb.write(&actor(), |w| people::apply_roster(w, &file)).unwrap();
    assert_eq!((result.added, result.updated), (2, 0));
    let ben = people::find_by_email(wb.conn(), "ben@example.com").unwrap().unwrap();
    assert_eq!(ben.status, people::EmploymentStatus::Left);

    // Importing the same file again changes nothing.
    let again = people::preview_roster(wb.conn(), &file).unwrap();
    assert_eq!((again.to_add, again.to_update, again.unchanged), (0, 0, 2));
    assert!(verify::verify(&wb).unwrap().ok);
}

#[test]
fn people_import_on_the_cli_previews_unless_told_to_apply() {
    let (dir, path, wb) = new_workbook();
    wb.close().unwrap();
    let csv = dir.path().join("hr.csv");
    std::fs::write(&csv, ROSTER).unwrap();
    let (f, c) = (path.to_str().unwrap(), csv.to_str().unwrap());
    let o = cli(&["people", "import", f, c]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("line    4  SKIP"), "{out}");
    assert!(out.contains("Nothing was imported"));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&cli(&["people", "list", f, "--json"]).stdout).unwrap();
    assert!(list.is_empty());
    assert!(cli(&["people", "import", f, c, "--apply"]).status.success());
    let list: Vec<serde_json::Value> = serde_json::from_slice(&cli(&["people", "list", f, "--json"]).stdout).unwrap();
    assert_eq!(list.len(), 2);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Foo,Bar\n1,2\n").unwrap();
    let o = cli(&["people", "import", f, bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).to_lowercase().contains("email"), "names the missing column");
}

#[test]
fn a_workbook_from_before_scoping_is_upgraded_with_the_catalog_on_open() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    {
        // Turn the file back into a format-1 workbook: no scoping tables, no catalog.
        let raw = raw_sqlcipher(&path, PASSPHRASE);
        raw.execute_batch(
            "DROP TABLE signing_key; DROP TABLE item_key; DROP TABLE access_link; DROP TABLE risk_signoff; DROP TABLE risk_scale; DROP TABLE risk_control; DROP TABLE risk_system; DROP TABLE risk;
             DROP TABLE access_mapping; DROP TABLE review_remediation; DROP TABLE review_decision;
             DROP TABLE review_account; DROP TABLE access_review;
             DROP TABLE criteria_category; DROP TABLE criteria_series; DROP TABLE criterion; DROP TABLE scope;
             DROP TABLE scope_category; DROP TABLE description_section;
             DROP TABLE item_evidence; DROP TABLE evidence; DROP TABLE evidence_chunk; DROP TABLE evidence_blob;
             DROP TABLE policy_ack; DROP TABLE policy_version; DROP TABLE policy;
             DROP TABLE cuec_item; DROP TABLE cuec; DROP TABLE vendor_evidence; DROP TABLE vendor_system; DROP TABLE vendor;
             DROP TABLE item_criterion; DROP TABLE checklist_item; DROP TABLE system; DROP TABLE person;
             DELETE FROM meta WHERE key = 'criteria_catalog_version'; PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    // Even a read-only open (as `readiness info` does) sees the current format.
    let wb = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    assert_eq!(criteria::list(&wb, chrono::Local::now().date_naive()).unwrap().len(), 61);
    assert_eq!(
        readiness_core::workbook::migrations::schema_version(wb.conn()).unwrap(),
        readiness_core::workbook::migrations::CURRENT_VERSION
    );
    // (No verify here: dropping tables by hand left log entries for their rows, which a
    // real format-1 file would not have.)
}

#[test]
fn a_stale_catalog_copy_is_refreshed_but_user_work_is_kept() {
    let (_dir, path, mut wb) = new_workbook();
    wb.write(&actor(), |w| scope::set_category(w, Category::Privacy, true, "We are a controller")).unwrap();
    wb.close().unwrap();
    {
        let raw = raw_sqlcipher(&path, PASSPHRASE);
        raw.execute_batch(
            "UPDATE criterion SET title = 'Old wording' WHERE id = 'CC6.1';
             UPDATE meta SET value = '2025.9' WHERE key = 'criteria_catalog_version';",
        )
        .unwrap();
    }
    let wb = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap();
    let cc61 =
        criteria::list(&wb, chrono::Local::now().date_naive()).unwrap().into_iter().find(|c| c.id == "CC6.1").unwrap();
    assert_ne!(cc61.title, "Old wording");
    assert!(criteria::list(&wb, chrono::Local::now().date_naive())
        .unwrap()
        .iter()
        .filter(|c| c.category == Category::Privacy)
        .all(|c| c.in_scope));
}

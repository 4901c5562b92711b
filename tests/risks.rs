//! The risk register on real workbook files: CSV round trip between workbooks, refusals
//! that import nothing, acceptances that need an approver, edits that keep `verify`
//! passing, and the register feeding CC3 coverage.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

use chrono::NaiveDate;
use readiness_core::risks::{self, Acceptance, Dimension, RiskCategory, RiskInput, SignoffInput, Treatment};
use readiness_core::scope::criteria::CoverageKind;
use readiness_core::workbook::verify;
use support::{actor, new_workbook, PASSPHRASE};

fn cli(args: &[&str], pass: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .env("READINESS_PASSPHRASE", pass)
        .env("READINESS_ACTOR", "risks-test")
        .output()
        .unwrap()
}

const ROSTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/demo/roster.csv");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn list_json(path: &str) -> Vec<serde_json::Value> {
    let o = cli(&["risks", "list", path, "--json"], PASSPHRASE);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn export_then_import_into_a_new_workbook_with_the_same_roster_gives_the_same_register() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.soc2wb");
    let a_s = a.to_str().unwrap();
    assert!(cli(&["new", a_s, "--org", "Source Co"], PASSPHRASE).status.success());
    assert!(cli(&["people", "import", a_s, ROSTER, "--apply"], PASSPHRASE).status.success());
    {
        let mut wb = readiness_core::workbook::Workbook::open(
            &a,
            &support::passphrase(),
            readiness_core::workbook::Access::ReadWrite,
        )
        .unwrap();
        wb.write(&actor(), |w| -> Result<(), readiness_core::workbook::WorkbookError> {
            let ethan = readiness_core::people::find_by_email(w.sql(), "ethan@parcelwise.io")?.map(|p| p.id);
            for (key, residual) in [("R-SEC-01", (2, 4)), ("R-FRD-01", (2, 3)), ("R-AVL-04", (1, 5))] {
                let id = risks::add_from_library(w, key, ethan.clone())?;
                let mut input = risks::get(w.sql(), &id, today())?.unwrap().input;
                (input.residual_likelihood, input.residual_impact) = residual;
                input.review_date = Some(day(2027, 2, 1));
                risks::update(w, &id, &input)?;
            }
            risks::create(
                w,
                &RiskInput {
                    title: "Office flood, with a comma, and \"quotes\"".into(),
                    description: "Line one\nline two".into(),
                    category: RiskCategory::Availability,
                    likelihood: 1,
                    impact: 2,
                    residual_likelihood: 1,
                    residual_impact: 1,
                    treatment: Treatment::Transfer,
                    ..RiskInput::default()
                },
            )?;
            Ok(())
        })
        .unwrap();
        wb.close().unwrap();
    }
    let out = dir.path().join("risks.csv");
    assert!(cli(&["risks", "export", a_s, "--output", out.to_str().unwrap()], PASSPHRASE).status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with(
        "title,description,category,owner_email,likelihood,impact,treatment,residual_likelihood,residual_impact,review_date\n"
    ));

    let b = dir.path().join("b.soc2wb");
    let b_s = b.to_str().unwrap();
    assert!(cli(&["new", b_s, "--org", "Fresh Co"], PASSPHRASE).status.success());
    assert!(cli(&["people", "import", b_s, ROSTER, "--apply"], PASSPHRASE).status.success());
    let o = cli(&["risks", "import", b_s, "--input", out.to_str().unwrap()], PASSPHRASE);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let again = dir.path().join("again.csv");
    assert!(cli(&["risks", "export", b_s, "--output", again.to_str().unwrap()], PASSPHRASE).status.success());
    assert_eq!(text, std::fs::read_to_string(&again).unwrap());
    let strip = |v: Vec<serde_json::Value>| -> Vec<serde_json::Value> {
        v.into_iter()
            .map(|mut r| {
                r.as_object_mut().unwrap().remove("id");
                r
            })
            .collect()
    };
    assert_eq!(strip(list_json(a_s)), strip(list_json(b_s)));

    // Importing the same file again changes nothing and duplicates nothing.
    let o = cli(&["risks", "import", b_s, "--input", out.to_str().unwrap()], PASSPHRASE);
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 added, 0 updated"));
    assert_eq!(list_json(b_s).len(), 4);
    assert_eq!(cli(&["verify", b_s], PASSPHRASE).status.code(), Some(0));
}

#[test]
fn a_file_with_problems_imports_nothing_and_names_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.soc2wb");
    let p = path.to_str().unwrap();
    assert!(cli(&["new", p, "--org", "Acme"], PASSPHRASE).status.success());
    assert!(cli(&["people", "import", p, ROSTER, "--apply"], PASSPHRASE).status.success());
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "title,description,category,owner_email,likelihood,impact,treatment,residual_likelihood,residual_impact,review_date\n\
         Good risk,,security,maya@parcelwise.io,3,3,mitigate,2,2,2027-01-15\n\
         Wrong word,,compliance,,3,3,,,,\n\
         Too big,,security,,7,3,,,,\n\
         Not a number,,security,,3,high,,,,\n\
         Bad date,,security,,3,3,,,,2027-13-01\n\
         Stranger,,security,nobody@example.com,3,3,,,,\n\
         good   RISK,,security,,3,3,,,,\n\
         Accepted,,security,,3,3,accept,,,\n",
    )
    .unwrap();
    let o = cli(&["risks", "import", p, "--input", csv.to_str().unwrap()], PASSPHRASE);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for (line, words) in [
        (3, "\"compliance\" is not a risk category"),
        (4, "\"7\" is not a number from 1 to 5"),
        (5, "\"high\" is not a number from 1 to 5"),
        (6, "review date"),
        (7, "nobody@example.com"),
        (8, "already on line 2"),
        (9, "needs an approver"),
    ] {
        let l = err.lines().find(|l| l.starts_with(&format!("line {line}:"))).unwrap_or_else(|| panic!("{err}"));
        assert!(l.contains(words), "line {line}: {l}");
    }
    assert!(!err.contains("line 2:"), "the good line has no problem: {err}");
    assert!(list_json(p).is_empty(), "never a partial import");

    let dry = cli(&["risks", "import", p, "--input", csv.to_str().unwrap(), "--dry-run"], PASSPHRASE);
    assert!(dry.status.success());
    assert!(String::from_utf8_lossy(&dry.stdout).contains("1 to add, 0 to update, 0 unchanged, 7 with problems"));
}

#[test]
fn accepting_without_an_approver_is_refused_with_a_clear_message() {
    let (_dir, _path, mut wb) = new_workbook();
    let input = RiskInput { title: "Region outage".into(), treatment: Treatment::Accept, ..RiskInput::default() };
    let err = wb.write(&actor(), |w| risks::create(w, &input)).unwrap_err().to_string();
    assert!(err.contains("needs an approver from the roster, the date and the reason"), "{err}");

    let bogus = RiskInput {
        acceptance: Some(Acceptance { approver_id: "nobody".into(), date: day(2026, 11, 1), reason: "cost".into() }),
        ..input
    };
    let err = wb.write(&actor(), |w| risks::create(w, &bogus)).unwrap_err().to_string();
    assert!(err.contains("approver from the roster"), "{err}");
    assert!(risks::list(wb.conn(), today()).unwrap().is_empty());
}

#[test]
fn edits_sign_off_and_appetite_keep_verify_passing_and_feed_cc3() {
    let (_dir, _path, mut wb) = new_workbook();
    let maya = wb
        .write(&actor(), |w| {
            readiness_core::people::create(
                w,
                &readiness_core::people::PersonInput {
                    name: "Maya Okafor".into(),
                    email: "maya@example.com".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let id = wb.write(&actor(), |w| risks::add_from_library(w, "R-FRD-01", Some(maya.clone()))).unwrap();
    let r = risks::get(wb.conn(), &id, today()).unwrap().unwrap();
    assert_eq!((r.inherent_score, r.residual_score), (12, 12));
    assert!(r.above_appetite, "12 is above the default appetite of 9");

    // Accepting it as it stands clears the flag; raising the appetite would too.
    let mut input = r.input.clone();
    input.acceptance =
        Some(Acceptance { approver_id: maya.clone(), date: day(2026, 11, 2), reason: "Callback in place.".into() });
    wb.write(&actor(), |w| risks::update(w, &id, &input)).unwrap();
    assert!(!risks::get(wb.conn(), &id, today()).unwrap().unwrap().above_appetite);
    input.acceptance = None;
    wb.write(&actor(), |w| risks::update(w, &id, &input)).unwrap();
    wb.write(&actor(), |w| risks::set_appetite(w, 12)).unwrap();
    let reg = risks::register(wb.conn(), today()).unwrap();
    assert_eq!((reg.appetite, reg.above_appetite), (12, 0));
    assert_eq!(reg.residual.cell(3, 4).unwrap().count, 1);
    assert!(wb.write(&actor(), |w| risks::set_appetite(w, 30)).is_err());

    wb.write(&actor(), |w| {
        risks::set_scale(w, Dimension::Impact, 4, "Major", "A day of outage or some customers' data exposed.")
    })
    .unwrap();
    let scales = risks::scales(wb.conn()).unwrap();
    assert!(scales.impact[3].edited && scales.impact[3].meaning.starts_with("A day of outage"));
    assert!(!scales.impact[2].edited);

    // Before the sign-off the register is linked to CC3 but does not cover it yet.
    let link = |wb: &readiness_core::workbook::Workbook, c: &str| {
        readiness_core::scope::criteria::list(wb, today())
            .unwrap()
            .into_iter()
            .find(|x| x.id == c)
            .unwrap()
            .addressed_by
            .into_iter()
            .find(|l| l.kind == CoverageKind::RiskRegister)
    };
    assert!(!link(&wb, "CC3.3").unwrap().complete, "a fraud risk supports CC3.3");
    assert!(link(&wb, "CC3.4").is_none(), "no change risk yet");
    let short = SignoffInput { signed_by: maya.clone(), signed_on: day(2026, 11, 20), method: "Done.".into() };
    assert!(wb.write(&actor(), |w| risks::sign_off(w, &short)).is_err());
    let signoff = SignoffInput {
        signed_by: maya,
        signed_on: day(2026, 11, 20),
        method: "Workshop with leadership using the library and the default scales.".into(),
    };
    let cc33 = |wb: &readiness_core::workbook::Workbook| {
        readiness_core::scope::criteria::list(wb, today())
            .unwrap()
            .into_iter()
            .find(|x| x.id == "CC3.3")
            .unwrap()
            .readiness
    };
    let before = cc33(&wb);
    wb.write(&actor(), |w| risks::sign_off(w, &signoff)).unwrap();
    assert!(link(&wb, "CC3.3").unwrap().complete, "the browser shows the signed-off register against CC3.3");
    assert_eq!(before, Some(readiness_core::readiness::CriterionReadiness::NotStarted));
    assert_eq!(cc33(&wb), before, "a signed-off register alone does not make CC3.3 ready: its key control does");
    let log = readiness_core::workbook::recent_changes(wb.conn(), 5).unwrap();
    assert!(log.iter().any(|e| e.entity == "risk_signoff"), "the sign-off is in the change log");
    let report = risks::report::risk_assessment(&wb, today()).unwrap();
    assert_eq!(report.signoff.as_ref().unwrap().risk_count, 1);
    assert_eq!(report.risks[0].number, "R1");
    assert_eq!(report.risks[0].owner_name.as_deref(), Some("Maya Okafor"));

    wb.write(&actor(), |w| risks::delete(w, &id)).unwrap();
    let report = verify::verify(&wb).unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

#[test]
fn the_demo_register_is_realistic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.soc2wb");
    let wb = readiness_core::demo::create_demo(
        &path,
        &readiness_core::passphrase::Passphrase::new(readiness_core::demo::DEMO_PASSPHRASE),
    )
    .unwrap();
    let reg = risks::register(wb.conn(), today()).unwrap();
    assert!((12..=18).contains(&reg.risks.len()), "{}", reg.risks.len());
    assert_eq!(reg.above_appetite, 1, "exactly one risk above appetite");
    assert!(reg.risks.iter().any(|r| r.input.category == RiskCategory::Fraud));
    let accepted: Vec<_> = reg.risks.iter().filter(|r| r.input.acceptance.is_some()).collect();
    assert!(accepted.len() >= 2);
    assert!(accepted
        .iter()
        .all(|r| r.approver_name.is_some() && r.input.acceptance.as_ref().unwrap().reason.len() > 40));
    assert!(reg.risks.iter().all(|r| !r.controls.is_empty() && r.owner_name.is_some()));
    assert!(reg.signoff.is_some());
    assert_eq!(reg.residual.total() as usize, reg.risks.len());
    let dash = readiness_core::checklist::dashboard::dashboard(wb.conn(), today()).unwrap();
    assert_eq!(dash.risks_above_appetite, 1);
    let criteria = readiness_core::scope::criteria::list(&wb, today()).unwrap();
    for c in ["CC3.1", "CC3.2", "CC3.3", "CC3.4", "CC9.1"] {
        let x = criteria.iter().find(|x| x.id == c).unwrap();
        assert!(
            x.addressed_by.iter().any(|l| l.kind == CoverageKind::RiskRegister && l.complete),
            "{c} is supported by the signed-off register"
        );
        assert!(x.readiness.is_some() && !x.key_items.is_empty(), "{c} is judged by its key controls");
    }
    assert!(verify::verify(&wb).unwrap().ok);
}

#[test]
fn people_and_systems_in_the_register_cannot_be_removed_behind_its_back() {
    let (_dir, _path, mut wb) = new_workbook();
    let (person, system) = wb
        .write(&actor(), |w| -> Result<_, readiness_core::workbook::WorkbookError> {
            let p = readiness_core::people::create(
                w,
                &readiness_core::people::PersonInput {
                    name: "Ethan Park".into(),
                    email: "ethan@example.com".into(),
                    ..Default::default()
                },
            )?;
            let s = readiness_core::systems::create(
                w,
                &readiness_core::systems::SystemInput {
                    name: "Orders database".into(),
                    kind: readiness_core::systems::SystemKind::DataStore,
                    description: String::new(),
                    owner_id: None,
                    hosting: String::new(),
                    data_classification: readiness_core::systems::DataClassification::Restricted,
                    in_scope: true,
                    scope_reason: String::new(),
                    holds_customer_data: true,
                },
            )?;
            Ok((p, s))
        })
        .unwrap();
    let input = RiskInput {
        title: "Backups fail".into(),
        owner_id: Some(person.clone()),
        system_ids: vec![system.clone()],
        ..RiskInput::default()
    };
    wb.write(&actor(), |w| risks::create(w, &input)).unwrap();
    let err = wb.write(&actor(), |w| readiness_core::people::delete(w, &person)).unwrap_err().to_string();
    assert!(err.contains("risk register"), "{err}");
    let err = wb.write(&actor(), |w| readiness_core::systems::delete(w, &system)).unwrap_err().to_string();
    assert!(err.contains("risk"), "{err}");
    assert!(verify::verify(&wb).unwrap().ok);
}

//! Readiness as every face reports it: one workbook, one rule (`readiness_core::readiness`),
//! and the same counts from `info`, `gaps --json`, `criteria list --json`, the dashboard,
//! the criteria browser and the binder's cover (read back with `pdftotext`). Plus the
//! rule's promises: nothing is ready without a key item ready with evidence, a policy
//! alone never makes a criterion ready, and the plan's machine-readable names.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::Command;

use readiness_core::checklist::{self, BulkEdit, ItemStatus};
use readiness_core::demo;
use readiness_core::passphrase::Passphrase;
use readiness_core::readiness::{self, CriterionReadiness};
use readiness_core::workbook::{Access, Workbook};
use serde_json::Value;
use support::{actor, new_workbook};

fn cli(args: &[&str], pass: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .env("READINESS_PASSPHRASE", pass)
        .env("READINESS_ACTOR", "readiness-test")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str], pass: &str) -> Value {
    serde_json::from_str(&cli(args, pass)).unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// (ready incl. not applicable, partly ready, not started)
type Counts = (u64, u64, u64);

fn from_summary(v: &Value) -> Counts {
    let n = |k: &str| v[k].as_u64().unwrap();
    (
        n("criteria_ready") + v["criteria_not_applicable"].as_u64().unwrap_or(0),
        n("criteria_partly_ready"),
        n("criteria_not_started"),
    )
}

fn from_list<'a>(states: impl Iterator<Item = &'a str>) -> Counts {
    let mut c = (0, 0, 0);
    for s in states {
        match s {
            "ready" | "not_applicable" => c.0 += 1,
            "partly_ready" => c.1 += 1,
            "not_started" => c.2 += 1,
            other => panic!("unknown readiness {other}"),
        }
    }
    c
}

fn make_demo(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("demo.soc2wb");
    cli(&["demo", file.to_str().unwrap()], demo::DEMO_PASSPHRASE);
    file
}

#[test]
fn every_face_reports_the_same_readiness_for_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let file = make_demo(dir.path());
    let f = file.to_str().unwrap();
    let pass = demo::DEMO_PASSPHRASE;

    let info = json(&["info", f, "--json"], pass);
    let expected = from_summary(&info["readiness"]);
    let percent = info["readiness"]["percent"].as_u64().unwrap();
    assert!((40..=70).contains(&percent), "the demo reads part-way through, not {percent}%");
    assert!(expected.0 > 0 && expected.1 > 0 && expected.2 > 0, "ready, partly ready and not started: {expected:?}");

    let gaps = json(&["gaps", f, "--json"], pass);
    assert_eq!(from_summary(&gaps["readiness"]["summary"]), expected, "gaps --json");
    assert_eq!(gaps["readiness"]["summary"]["percent"].as_u64(), Some(percent));
    let not_ready_gaps: std::collections::HashSet<&str> = gaps["gaps"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["kind"] == "criterion_not_ready")
        .map(|g| g["subject"].as_str().unwrap())
        .collect();
    assert_eq!(not_ready_gaps.len() as u64, expected.1 + expected.2, "one gap subject per criterion not ready");
    for g in gaps["gaps"]["gaps"].as_array().unwrap() {
        assert!(!g["owner"].as_str().unwrap().is_empty(), "every gap has an owner: {g}");
    }
    let grouped: usize =
        gaps["gaps"]["by_owner"].as_array().unwrap().iter().map(|o| o["gaps"].as_array().unwrap().len()).sum();
    assert_eq!(grouped, gaps["gaps"]["gaps"].as_array().unwrap().len(), "grouping by owner keeps every gap");

    let listed = json(&["criteria", "list", f, "--json", "--in-scope"], pass);
    let states = listed.as_array().unwrap().iter().map(|c| c["readiness"].as_str().unwrap());
    assert_eq!(from_list(states), expected, "criteria list --json");

    let wb = Workbook::open(&file, &Passphrase::new(pass), Access::ReadOnly).unwrap();
    let dash = checklist::dashboard::dashboard(wb.conn(), today()).unwrap();
    let d = serde_json::to_value(&dash.readiness).unwrap();
    assert_eq!(from_summary(&d), expected, "dashboard");
    let summary = serde_json::to_value(readiness_core::summary::summarize(&wb).unwrap()).unwrap();
    assert_eq!(from_summary(&summary["readiness"]), expected, "sidebar (workbook summary)");
    let browser = readiness_core::scope::criteria::list(&wb, today()).unwrap();
    let states = browser.iter().filter_map(|c| c.readiness).map(CriterionReadiness::as_str);
    assert_eq!(from_list(states), expected, "criteria browser");
    wb.close().unwrap();

    let pdf = dir.path().join("binder.pdf");
    cli(&["binder", "export", f, "--output", pdf.to_str().unwrap(), "--no-attachments"], pass);
    let out = Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().expect("pdftotext is needed");
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = format!(
        "Readiness is {percent}%, with {} of {} in-scope criteria ready",
        info["readiness"]["criteria_ready"], info["readiness"]["criteria_in_scope"]
    );
    assert!(text.contains(&sentence), "the cover states the figure: {sentence}");
    assert!(
        text.contains(&format!(
            "{} partly ready and {} not started, where a criterion counts as ready only when",
            expected.1, expected.2
        )),
        "the cover states the counts and the rule in the same sentence"
    );
}

#[test]
fn no_demo_criterion_is_ready_without_a_key_item_ready_with_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let file = make_demo(dir.path());
    let wb = Workbook::open(&file, &Passphrase::new(demo::DEMO_PASSPHRASE), Access::ReadOnly).unwrap();
    let r = readiness::evaluate(wb.conn(), today()).unwrap();
    assert!(r.criteria.iter().any(|c| c.readiness == CriterionReadiness::Ready));
    for c in r.criteria.iter().filter(|c| c.readiness == CriterionReadiness::Ready) {
        assert!(
            c.key_items.iter().any(|k| k.status == ItemStatus::Ready && k.evidence_count > 0),
            "{} is ready without a key item ready with evidence",
            c.id
        );
        assert!(c.key_items.iter().all(|k| k.done), "{}", c.id);
    }
    for c in &r.criteria {
        assert!(!c.key_items.is_empty(), "{} has no key item in the demo", c.id);
    }
}

#[test]
fn items_ready_without_evidence_make_nothing_ready() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    // Every category in scope, every library item marked ready but none with evidence.
    cli(
        &[
            "scope",
            "set",
            path.to_str().unwrap(),
            "--categories",
            "availability,confidentiality,processing_integrity,privacy",
        ],
        support::PASSPHRASE,
    );
    let mut wb = Workbook::open(&path, &support::passphrase(), Access::ReadWrite).unwrap();
    let items = checklist::list(&wb, today()).unwrap();
    assert!(items.len() >= 180, "every library item is in the workbook: {}", items.len());
    let edit = BulkEdit {
        item_ids: items.iter().map(|i| i.id.clone()).collect(),
        status: Some(ItemStatus::Ready),
        ..Default::default()
    };
    wb.write(&actor(), |w| checklist::bulk_update(w, &edit)).unwrap();
    let r = readiness::evaluate(wb.conn(), today()).unwrap();
    assert_eq!(r.criteria.len(), 61);
    assert_eq!(r.summary.percent, 0);
    assert_eq!(r.summary.criteria_ready + r.summary.criteria_partly_ready, 0, "ready without evidence is not done");
    let report = readiness::report(wb.conn(), today()).unwrap();
    let without_evidence =
        report.gaps.gaps.iter().filter(|g| g.kind == readiness::GapKind::ReadyWithoutEvidence).count();
    assert_eq!(without_evidence, items.len(), "every ready item without evidence is a gap");
}

#[test]
fn a_custom_item_marked_key_counts_and_the_json_names_match() {
    let (_dir, path, wb) = new_workbook();
    wb.close().unwrap();
    let f = path.to_str().unwrap();
    let pass = support::PASSPHRASE;
    let mut wb = Workbook::open(&path, &support::passphrase(), Access::ReadWrite).unwrap();
    let id = wb
        .write(&actor(), |w| {
            checklist::create_custom(
                w,
                &checklist::NewItem {
                    title: "Review the payroll export monthly".into(),
                    area: "governance".into(),
                    why: String::new(),
                    how: String::new(),
                    frequency: checklist::Frequency::Monthly,
                    criteria: vec!["CC3.3".into(), "CC5.1".into()],
                    key_for: vec![],
                },
            )
        })
        .unwrap();
    let refs = |wb: &Workbook| {
        let c =
            readiness::evaluate(wb.conn(), today()).unwrap().criteria.into_iter().find(|c| c.id == "CC3.3").unwrap();
        c.key_items.iter().map(|k| k.reference.clone()).collect::<Vec<_>>()
    };
    assert_eq!(refs(&wb), ["GV-03"], "only the library's key control at first");
    // Not mapped to CC6.1: a clear refusal, nothing changed.
    let err = wb.write(&actor(), |w| checklist::set_key_for(w, &id, &["CC6.1".into()])).unwrap_err();
    assert!(err.to_string().contains("does not map to CC6.1"), "{err}");
    wb.close().unwrap();

    cli(&["items", "set", f, "CU-001", "--key-for", "cc3.3"], pass);
    let items = json(&["items", "list", f, "--json"], pass);
    let custom = items.as_array().unwrap().iter().find(|i| i["ref"] == "CU-001").unwrap();
    assert_eq!(custom["key_for"], serde_json::json!(["CC3.3"]));
    let gv03 = items.as_array().unwrap().iter().find(|i| i["ref"] == "GV-03").unwrap();
    assert_eq!(gv03["key_for"], serde_json::json!(["CC3.3"]));
    let wb = Workbook::open(&path, &support::passphrase(), Access::ReadOnly).unwrap();
    assert_eq!(refs(&wb), ["GV-03", "CU-001"]);
    assert!(readiness_core::workbook::verify::verify(&wb).unwrap().ok, "the mark went through the change log");
    wb.close().unwrap();

    let plan = json(&["plan", f, "--json"], pass);
    assert!(plan.get("projected_ready_date").is_some());
    let owners = plan["owners"].as_array().unwrap();
    assert!(!owners.is_empty());
    assert!(owners.iter().all(|o| o["owner"].is_string() && o["items"].is_array()));
    let info = json(&["info", f, "--json"], pass);
    for k in ["percent", "criteria_ready", "criteria_partly_ready", "criteria_not_started"] {
        assert!(info["readiness"][k].is_u64(), "info --json readiness.{k}");
    }
    let listed = json(&["criteria", "list", f, "--json"], pass);
    assert!(listed.as_array().unwrap().iter().any(|c| c["readiness"] == "not_started"));
}

#[test]
fn the_plan_warns_about_undated_overdue_and_late_work_and_a_past_as_of_date() {
    let dir = tempfile::tempdir().unwrap();
    let file = make_demo(dir.path());
    let f = file.to_str().unwrap();
    let pass = demo::DEMO_PASSPHRASE;
    let plan = json(&["plan", f, "--json"], pass);
    let kinds: Vec<&str> = plan["warnings"].as_array().unwrap().iter().map(|w| w["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"overdue"), "the demo has overdue key work: {kinds:?}");
    assert!(plan["burndown"].as_array().unwrap().last().unwrap()["done"].as_u64() == plan["key_items_done"].as_u64());

    cli(&["scope", "set", f, "--as-of", "2020-01-31"], pass);
    let plan = json(&["plan", f, "--json"], pass);
    let kinds: Vec<&str> = plan["warnings"].as_array().unwrap().iter().map(|w| w["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"as_of_date_in_past"), "{kinds:?}");
    assert_eq!(plan["target_date"].as_str().unwrap(), today().to_string(), "a past as-of date is replaced by today");
    let text = cli(&["plan", f], pass);
    assert!(text.contains("has passed"), "{text}");
}

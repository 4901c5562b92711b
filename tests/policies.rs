//! Policy templates filled from real workbook data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use readiness_core::demo;
use readiness_core::passphrase::Passphrase;
use readiness_core::policies::{fill, templates};

#[test]
fn every_template_fills_completely_from_the_demo_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let wb = demo::create_demo(&dir.path().join("demo.soc2wb"), &Passphrase::new(demo::DEMO_PASSPHRASE)).unwrap();
    let mut ctx = fill::FillContext::from_workbook(wb.conn()).unwrap();
    // What a version supplies when it is approved.
    ctx.set("policy.version", "1");
    ctx.set("policy.effective_date", "1 December 2026");
    ctx.set("policy.review_frequency", "every 12 months");
    for t in templates::all() {
        let filled = fill::fill(t.body, &ctx);
        assert!(filled.unresolved.is_empty(), "{}: {:?}", t.entry.key, filled.unresolved);
        assert!(!filled.text.contains("{{"), "{} still has a placeholder", t.entry.key);
        assert!(filled.text.contains("Parcelwise"), "{} names the company", t.entry.key);
    }
}

#[test]
fn a_new_workbook_lists_what_it_cannot_fill_yet() {
    let dir = tempfile::tempdir().unwrap();
    let wb = readiness_core::workbook::Workbook::create(
        &dir.path().join("new.soc2wb"),
        &Passphrase::new("long enough pass"),
        "Newco",
        &readiness_core::workbook::Actor::new("t"),
    )
    .unwrap();
    let ctx = fill::FillContext::from_workbook(wb.conn()).unwrap();
    let t = templates::get("access-control").unwrap();
    let filled = fill::fill(t.body, &ctx);
    assert!(filled.unresolved.contains(&"role.security_owner".to_owned()), "{:?}", filled.unresolved);
    assert!(filled.text.contains("Newco"));
}

//! The vendor inventory on real workbook files: CSV round trip between workbooks,
//! refusals that import nothing, and links removed with the vendor, all in the log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

use readiness_core::vendors::{self, Tier, VendorInput};
use readiness_core::workbook::verify;
use support::{actor, new_workbook, PASSPHRASE};

fn cli(args: &[&str], pass: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .env("READINESS_PASSPHRASE", pass)
        .env("READINESS_ACTOR", "vendors-test")
        .output()
        .unwrap()
}

#[test]
fn export_then_import_into_a_new_workbook_gives_the_same_inventory() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.soc2wb");
    let demo_s = demo.to_str().unwrap();
    assert!(cli(&["demo", demo_s], "demo-workbook").status.success());
    let out = dir.path().join("vendors.csv");
    assert!(cli(&["vendors", "export", demo_s, "--output", out.to_str().unwrap()], "demo-workbook").status.success());

    // A new workbook with the same roster, then the vendors.
    let fresh = dir.path().join("fresh.soc2wb");
    let fresh_s = fresh.to_str().unwrap();
    assert!(cli(&["new", fresh_s, "--org", "Fresh Co"], PASSPHRASE).status.success());
    let roster = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/demo/roster.csv");
    assert!(cli(&["people", "import", fresh_s, roster, "--apply"], PASSPHRASE).status.success());
    let o = cli(&["vendors", "import", fresh_s, "--input", out.to_str().unwrap()], PASSPHRASE);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let again = dir.path().join("again.csv");
    assert!(cli(&["vendors", "export", fresh_s, "--output", again.to_str().unwrap()], PASSPHRASE).status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), std::fs::read_to_string(&again).unwrap());

    // Importing the same file again merges: nothing is duplicated.
    assert!(cli(&["vendors", "import", fresh_s, "--input", out.to_str().unwrap()], PASSPHRASE).status.success());
    let list: Vec<serde_json::Value> =
        serde_json::from_slice(&cli(&["vendors", "list", fresh_s, "--json"], PASSPHRASE).stdout).unwrap();
    assert_eq!(list.len(), 11);
    assert_eq!(cli(&["verify", fresh_s], PASSPHRASE).status.code(), Some(0));
}

#[test]
fn a_file_with_problems_imports_nothing_and_names_the_lines() {
    let (dir, path, wb) = new_workbook();
    wb.close().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "name,tier_override,tier_override_reason\nGood Vendor,,\nBad Vendor,extreme,because\ngood  VENDOR,,\n",
    )
    .unwrap();
    let o = cli(&["vendors", "import", path.to_str().unwrap(), "--input", csv.to_str().unwrap()], PASSPHRASE);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 3") && err.contains("extreme"), "{err}");
    assert!(err.contains("line 4"), "the duplicate is named: {err}");
    let list: Vec<serde_json::Value> =
        serde_json::from_slice(&cli(&["vendors", "list", path.to_str().unwrap(), "--json"], PASSPHRASE).stdout)
            .unwrap();
    assert!(list.is_empty(), "never a partial import");
}

#[test]
fn tier_overrides_need_a_reason_and_names_are_unique_whatever_the_spacing() {
    let (_dir, _path, mut wb) = new_workbook();
    let v = VendorInput { name: "Acme  Cloud".into(), tier_override: Some(Tier::Low), ..Default::default() };
    let err = wb.write(&actor(), |w| vendors::create(w, &v)).unwrap_err();
    assert!(err.to_string().contains("Say why"), "{err}");
    let v = VendorInput { tier_override_reason: "Only holds public data".into(), ..v };
    wb.write(&actor(), |w| vendors::create(w, &v)).unwrap();
    let dup = VendorInput { name: " acme cloud ".into(), ..Default::default() };
    let err = wb.write(&actor(), |w| vendors::create(w, &dup)).unwrap_err();
    assert!(err.to_string().contains("already has a vendor"), "{err}");
}

#[test]
fn removing_a_vendor_removes_its_links_and_cuecs_through_the_log() {
    let (_dir, _path, mut wb) = new_workbook();
    let id = wb
        .write(&actor(), |w| {
            let id = vendors::create(w, &VendorInput { name: "Acme".into(), ..Default::default() })?;
            vendors::add_cuec(w, &id, "Customers manage their own users.", &[])?;
            Ok::<_, readiness_core::workbook::WorkbookError>(id)
        })
        .unwrap();
    assert_eq!(vendors::cuecs(wb.conn(), &id).unwrap().len(), 1);
    wb.write(&actor(), |w| vendors::delete(w, &id)).unwrap();
    assert!(vendors::cuecs(wb.conn(), &id).unwrap().is_empty());
    let report = verify::verify(&wb).unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

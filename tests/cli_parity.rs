//! The app and the CLI are two faces of one core. This test keeps them in step by
//! construction: every command the app registers (`generate_handler!` in
//! `src-tauri/src/lib.rs`) has a line in [`PARITY`], naming the CLI verbs that do the
//! same thing or saying why there is none. A new app command without a line fails here,
//! and so does a line naming a CLI verb that does not exist.
//!
//! To add a command: one line in PARITY, `Cli(&["group verb"])` or `AppOnly("reason")`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::process::Command;

enum Face {
    /// The CLI verbs (paths under `readiness`) that do what the app command does.
    Cli(&'static [&'static str]),
    /// Why the CLI has no such verb.
    AppOnly(&'static str),
}

use Face::{AppOnly, Cli};

const NOT_YET: &str = "not in the CLI yet";

#[rustfmt::skip]
const PARITY: &[(&str, Face)] = &[
    // Workbook
    ("startup_info", AppOnly("what the window shows at start (recent files, demo flag); a shell has no start screen")),
    ("list_recent", AppOnly("the app's recent-files list; the CLI is given the file on every command")),
    ("forget_recent", AppOnly("the app's recent-files list; the CLI is given the file on every command")),
    ("create_workbook", Cli(&["new"])),
    ("open_workbook", AppOnly("every CLI verb opens FILE itself, with --passphrase-file or READINESS_PASSPHRASE")),
    ("open_demo", Cli(&["demo"])),
    ("close_workbook", AppOnly("every CLI verb closes the file when it ends")),
    ("workbook_summary", Cli(&["info"])),
    ("recent_changes", Cli(&["log"])),
    ("verify_workbook", Cli(&["verify"])),
    ("save_copy", Cli(&["copy"])),
    ("get_organization", Cli(&["org show"])),
    ("update_organization", Cli(&["org set"])),
    // Scoping
    ("scope_overview", Cli(&["scope show"])),
    ("update_scope", Cli(&["scope set"])),
    ("set_category_scope", Cli(&["scope set"])),
    ("list_criteria", Cli(&["criteria list"])),
    ("list_people", Cli(&["people list"])),
    ("save_person", Cli(&["people add", "people set", "people roles"])),
    ("delete_person", Cli(&["people remove"])),
    ("import_roster", Cli(&["people import"])),
    ("list_systems", Cli(&["systems list"])),
    ("save_system", Cli(&["systems add", "systems set", "systems import"])),
    ("delete_system", Cli(&["systems remove"])),
    ("list_description", Cli(&["description show"])),
    ("save_description_section", Cli(&["description set"])),
    // Checklist
    ("list_items", Cli(&["items list"])),
    ("update_item", Cli(&["items set"])),
    ("bulk_update_items", Cli(&["items import"])),
    ("create_item", AppOnly("writing a custom item (title, guidance, criteria) is editing prose; not in the CLI yet")),
    ("readiness", Cli(&["info", "gaps", "criteria list"])),
    ("readiness_plan", Cli(&["plan"])),
    ("set_item_key_for", Cli(&["items set"])),
    ("dashboard", Cli(&["info", "gaps"])),
    ("export_pbc", Cli(&["pbc"])),
    // Evidence
    ("list_item_evidence", Cli(&["evidence list"])),
    ("list_evidence", Cli(&["evidence list"])),
    ("attach_evidence", Cli(&["evidence add"])),
    ("cancel_attach", AppOnly("Ctrl-C stops `evidence add`; what it had staged is removed the next time the workbook is opened for writing")),
    ("unlink_evidence", AppOnly(NOT_YET)),
    ("export_evidence", Cli(&["evidence export"])),
    ("preview_evidence", AppOnly("shows a file on screen; `evidence export` writes it out instead")),
    ("link_evidence", AppOnly("`evidence add` to the second item stores the file once (blobs are deduplicated); linking the same record is not in the CLI yet")),
    ("update_evidence", AppOnly(NOT_YET)),
    // Vendors
    ("list_vendors", Cli(&["vendors list"])),
    ("save_vendor", Cli(&["vendors import"])),
    ("delete_vendor", Cli(&["vendors remove"])),
    ("list_cuecs", AppOnly(NOT_YET)),
    ("add_cuec", AppOnly(NOT_YET)),
    ("delete_cuec", AppOnly(NOT_YET)),
    ("list_vendor_evidence", AppOnly(NOT_YET)),
    ("attach_vendor_evidence", AppOnly(NOT_YET)),
    ("assess_vendor", AppOnly(NOT_YET)),
    ("import_vendors", Cli(&["vendors import"])),
    ("export_vendors", Cli(&["vendors export"])),
    // Policies
    ("list_policies", Cli(&["policies list"])),
    ("policy_document", Cli(&["policies render"])),
    ("policy_versions", Cli(&["policies render"])),
    ("policy_markdown", Cli(&["policies render"])),
    ("preview_policy", AppOnly("the editor's live preview while typing; `policies render` shows the saved draft filled")),
    ("save_policy", Cli(&["policies edit"])),
    ("submit_policy", Cli(&["policies submit"])),
    ("approve_policy", Cli(&["policies approve"])),
    ("policy_acknowledgements", Cli(&["policies acknowledgements"])),
    ("acknowledge_policy", Cli(&["policies acknowledge"])),
    // Binder
    ("binder_setup", AppOnly("the export dialog's defaults and the seal; `binder export` takes the same choices as flags, `binder seal` shows the seal")),
    ("export_binder", Cli(&["binder export"])),
    ("cancel_binder_export", AppOnly("Ctrl-C stops `binder export`; it writes a temporary file and renames it, so nothing half-written is left")),
    ("verify_binder", Cli(&["binder verify"])),
    // Risks
    ("risk_register", Cli(&["risks list"])),
    ("risk_library", AppOnly("browsing our library to pick risks; not in the CLI yet (import a register instead)")),
    ("save_risk", Cli(&["risks import", "risks accept"])),
    ("add_library_risk", AppOnly(NOT_YET)),
    ("delete_risk", Cli(&["risks remove"])),
    ("set_risk_appetite", Cli(&["risks appetite"])),
    ("set_risk_scale", Cli(&["risks scale"])),
    ("sign_off_risks", Cli(&["risks signoff"])),
    ("import_risks", Cli(&["risks import"])),
    ("export_risks", Cli(&["risks export"])),
    // Access reviews
    ("list_access_reviews", Cli(&["access campaigns"])),
    ("save_access_review", Cli(&["access new"])),
    ("delete_access_review", AppOnly(NOT_YET)),
    ("import_access_accounts", Cli(&["access import"])),
    ("list_review_accounts", Cli(&["access accounts"])),
    ("review_account_detail", AppOnly("the detail pane of one account; `access accounts --json` prints every field")),
    ("decide_accounts", Cli(&["access decide"])),
    ("label_review_account", Cli(&["access label"])),
    ("link_review_accounts", Cli(&["access link", "access label"])),
    ("list_remediation", Cli(&["access export"])),
    ("update_remediation", Cli(&["access remediate"])),
    ("sign_off_access_review", Cli(&["access signoff"])),
    ("export_access_review", Cli(&["access export"])),
];

/// The commands the app registers, read from `generate_handler![...]` as the ACL check
/// reads them.
fn app_commands() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../src/lib.rs")).unwrap();
    let start = lib.find("generate_handler![").expect("lib.rs registers its commands with generate_handler!");
    let end = start + lib[start..].find("])").unwrap();
    lib[start + "generate_handler![".len()..end]
        .split(',')
        .filter_map(|s| s.trim().rsplit("::").next().map(str::to_owned))
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn every_app_command_has_a_cli_verb_or_a_reason() {
    let app = app_commands();
    assert!(app.len() > 50, "parsed only {} app commands", app.len());
    let table: BTreeSet<String> = PARITY.iter().map(|(c, _)| (*c).to_owned()).collect();
    assert_eq!(table.len(), PARITY.len(), "a command is listed twice in PARITY");
    let unmapped: Vec<&String> = app.difference(&table).collect();
    assert!(
        unmapped.is_empty(),
        "app commands with no line in tests/cli_parity.rs PARITY (add the CLI verb, or the reason there is none): {unmapped:?}"
    );
    let stale: Vec<&String> = table.difference(&app).collect();
    assert!(stale.is_empty(), "PARITY lists commands the app no longer registers: {stale:?}");
    for (command, face) in PARITY {
        if let AppOnly(reason) = face {
            assert!(reason.len() >= 10, "{command}: give a reason a reader understands");
        }
    }
}

#[test]
fn every_cli_verb_in_the_table_exists() {
    let verbs: BTreeSet<&str> =
        PARITY.iter().filter_map(|(_, f)| if let Cli(v) = f { Some(*v) } else { None }).flatten().copied().collect();
    for verb in verbs {
        let o = Command::new(env!("CARGO_BIN_EXE_readiness")).args(verb.split(' ')).arg("--help").output().unwrap();
        assert!(o.status.success(), "`readiness {verb} --help` failed: {}", String::from_utf8_lossy(&o.stderr));
        let usage = String::from_utf8_lossy(&o.stdout);
        assert!(usage.contains(&format!("readiness {verb}")), "`readiness {verb}` is not a verb:\n{usage}");
    }
}

/// Prints the table as Markdown (`cargo test --test cli_parity -- --nocapture print`),
/// for the README and release notes.
#[test]
fn print_the_parity_table() {
    let mut out = String::from("| App command | CLI |\n| --- | --- |\n");
    for (command, face) in PARITY {
        let cell = match face {
            Cli(verbs) => verbs.iter().map(|v| format!("`readiness {v}`")).collect::<Vec<_>>().join(", "),
            AppOnly(reason) => format!("app only: {reason}"),
        };
        out.push_str(&format!("| `{command}` | {cell} |\n"));
    }
    println!("{out}");
    assert!(out.lines().count() == PARITY.len() + 2);
}

//! User access reviews on real workbook files, driven through the CLI: every preset's
//! sample imports, malformed files import nothing, decisions and sign-off are logged and
//! verify, and a signed-off review refuses every change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use readiness_core::access::{self, AccountFilter, CampaignInput, Decision, DecisionInput, Flag};
use readiness_core::import::roster::parse_roster;
use readiness_core::systems::{self, DataClassification, SystemInput, SystemKind};
use readiness_core::workbook::{verify, Access, Workbook};
use support::{actor, new_workbook, passphrase, raw_sqlcipher, PASSPHRASE};

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .env("READINESS_PASSPHRASE", PASSPHRASE)
        .env("READINESS_ACTOR", "access-test")
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let o = cli(args);
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/access").join(name)
}

/// A workbook with the demo roster and the systems the samples come from.
fn workbook() -> (tempfile::TempDir, PathBuf) {
    let (dir, path, mut wb) = new_workbook();
    let roster = parse_roster(
        include_bytes!("../assets/demo/roster.csv"),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    )
    .unwrap();
    wb.write(&actor(), |w| readiness_core::people::apply_roster(w, &roster)).unwrap();
    wb.write(&actor(), |w| -> Result<(), readiness_core::workbook::WorkbookError> {
        for name in ["AWS", "Entra ID", "Google Workspace", "Okta", "GitHub", "Slack", "Wiki"] {
            systems::create(
                w,
                &SystemInput {
                    name: name.into(),
                    kind: SystemKind::Saas,
                    description: String::new(),
                    owner_id: None,
                    hosting: String::new(),
                    data_classification: DataClassification::Confidential,
                    in_scope: true,
                    scope_reason: String::new(),
                    holds_customer_data: false,
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
    wb.close().unwrap();
    (dir, path)
}

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn campaigns(file: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(&ok(&["access", "campaigns", file, "--json"])).unwrap()
}

fn log_entries(file: &str) -> usize {
    serde_json::from_str::<Vec<serde_json::Value>>(&ok(&["log", file, "--json", "--limit", "100000"])).unwrap().len()
}

#[test]
fn every_preset_sample_imports_through_the_cli_and_verifies() {
    let (_dir, path) = workbook();
    let file = path.to_str().unwrap();
    for (system, sample, preset) in [
        ("AWS", "aws_iam.csv", "aws_iam"),
        ("Entra ID", "entra.csv", "entra"),
        ("Google Workspace", "google.csv", "google"),
        ("Okta", "okta.csv", "okta"),
        ("GitHub", "github.csv", "github"),
        ("Slack", "slack.csv", "slack"),
        ("Wiki", "generic_semicolon.csv", "generic"),
    ] {
        let out = ok(&["access", "import", file, "--system", system, "--input", fixture(sample).to_str().unwrap()]);
        assert!(out.contains("Imported"), "{out}");
        let c = campaigns(file).into_iter().find(|c| c["system_name"] == system).unwrap();
        assert_eq!(c["preset"], preset, "{sample}");
        assert_eq!(c["status"], "in_review");
    }
    assert_eq!(cli(&["verify", file]).status.code(), Some(0));
}

#[test]
fn import_decide_sign_off_export_and_verify() {
    let (dir, path) = workbook();
    let file = path.to_str().unwrap();
    let out = ok(&[
        "access",
        "new",
        file,
        "--system",
        "GitHub",
        "--reviewer",
        "tomas@parcelwise.io",
        "--as-of",
        "2026-11-20",
    ]);
    let id = out.trim().rsplit(' ').next().unwrap().to_owned();
    ok(&["access", "import", file, "--campaign", &id[..8], "--input", fixture("github.csv").to_str().unwrap()]);

    let accounts: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&["access", "accounts", file, "--campaign", &id, "--json"])).unwrap();
    let flags_of = |login: &str| -> Vec<String> {
        let a = accounts.iter().find(|a| a["identity"] == login).unwrap();
        a["flags"].as_array().unwrap().iter().map(|f| f["flag"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(flags_of("dnovak-dev"), ["leaver"], "Daniel left in August and is matched by name");
    assert!(flags_of("parcelwise-bot").contains(&"no_person".to_owned()));
    assert!(flags_of("lucia-fz").contains(&"stale".to_owned()));
    assert!(flags_of("lucia-fz").contains(&"no_mfa".to_owned()));
    assert!(flags_of("tomas-reyes").contains(&"privileged".to_owned()));

    // A revoke needs a reason: refused with exit 2 and nothing written.
    let before = log_entries(file);
    let o = cli(&["access", "decide", file, "--campaign", &id, "--decision", "revoke", "--account", "dnovak-dev"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Give a reason"));
    assert_eq!(log_entries(file), before);

    ok(&[
        "access",
        "decide",
        file,
        "--campaign",
        &id,
        "--decision",
        "revoke",
        "--flag",
        "leaver",
        "--reason",
        "Left in August",
    ]);
    ok(&["access", "label", file, "--campaign", &id, "--account", "parcelwise-bot", "--label", "service"]);
    ok(&[
        "access",
        "decide",
        file,
        "--campaign",
        &id,
        "--decision",
        "change",
        "--account",
        "lucia-fz",
        "--reason",
        "Enforce 2FA before keeping access",
    ]);
    // Signing off with undecided accounts is refused.
    let o = cli(&["access", "signoff", file, "--campaign", &id, "--date", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("still need a decision"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    ok(&[
        "access",
        "decide",
        file,
        "--campaign",
        &id,
        "--decision",
        "keep",
        "--undecided",
        "--reason",
        "Needed for the role",
    ]);
    ok(&["access", "signoff", file, "--campaign", &id, "--date", "2026-11-25"]);

    let c = campaigns(file).into_iter().find(|c| c["id"] == id.as_str()).unwrap();
    assert_eq!(c["status"], "signed_off");
    assert_eq!(c["signed_off_by"], "Tomás Reyes");
    assert_eq!(c["counts"]["revoke"], 1);
    assert_eq!(c["counts"]["change"], 1);
    assert_eq!(c["counts"]["remediation_open"], 2);

    // Signed off: every change is refused, remediation can still be completed.
    let o = cli(&[
        "access",
        "decide",
        file,
        "--campaign",
        &id,
        "--decision",
        "keep",
        "--account",
        "dnovak-dev",
        "--reason",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("signed off"));
    ok(&[
        "access",
        "remediate",
        file,
        "--campaign",
        &id,
        "--account",
        "dnovak-dev",
        "--ticket",
        "IT-481",
        "--done",
        "2026-11-26",
    ]);

    let out = dir.path().join("review.csv");
    ok(&["access", "export", file, "--campaign", &id, "--output", out.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("Account,Display name,Email"));
    assert!(csv.contains("dnovak-dev") && csv.contains("Left in August") && csv.contains("IT-481"));
    assert_eq!(cli(&["verify", file]).status.code(), Some(0));

    // The signed-off review shows as finished work against CC6.2 and CC6.3, but does
    // not make them ready on its own: their key controls are still not started.
    let wb = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    let criteria = readiness_core::scope::criteria::list(&wb, as_of()).unwrap();
    for id in ["CC6.2", "CC6.3"] {
        let c = criteria.iter().find(|c| c.id == id).unwrap();
        assert!(
            c.addressed_by
                .iter()
                .any(|l| l.kind == readiness_core::scope::criteria::CoverageKind::AccessReview && l.complete),
            "{id}"
        );
        assert_eq!(c.readiness, Some(readiness_core::readiness::CriterionReadiness::NotStarted), "{id}");
    }
    let report = readiness_core::readiness::report(wb.conn(), as_of()).unwrap();
    assert!(
        !report.gaps.gaps.iter().any(|g| g.kind == readiness_core::readiness::GapKind::AccessReviewNotSignedOff),
        "a signed-off review is not a gap"
    );
    let dash = readiness_core::checklist::dashboard::dashboard(wb.conn(), as_of()).unwrap();
    assert_eq!((dash.access.signed_off, dash.access.remediation_open), (1, 1));

    // What the binder section reads: the review, its counts, flagged accounts with
    // their decisions and reasons, and the remediation with its ticket.
    let report = access::report::campaigns_report(wb.conn()).unwrap();
    let r = report.iter().find(|r| r.id == id).unwrap();
    assert_eq!((r.system.as_str(), r.signed_off_by.as_deref()), ("GitHub", Some("Tomás Reyes")));
    assert_eq!(r.counts.accounts, 5);
    let daniel = r.flagged.iter().find(|a| a.identity == "dnovak-dev").unwrap();
    assert_eq!((daniel.decision, daniel.reason.as_str()), (Some(Decision::Revoke), "Left in August"));
    assert!(daniel.flags[0].message.contains("left the company"));
    let task = r.remediation.iter().find(|t| t.identity == "dnovak-dev").unwrap();
    assert_eq!(task.ticket, "IT-481");
}

#[test]
fn malformed_files_import_nothing_and_say_why() {
    let (dir, path) = workbook();
    let file = path.to_str().unwrap();
    let big = dir.path().join("big_field.csv");
    std::fs::write(&big, format!("login,name\nada,{}\n", "x".repeat(10 * 1024 * 1024))).unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (fixture("bad/empty.csv"), "empty"),
        (fixture("bad/header_only.csv"), "no rows"),
        (fixture("bad/binary_garbage.bin"), "UTF-8"),
        (fixture("bad/wrong_delimiter.csv"), "Choose the column"),
        (fixture("bad/unclosed_quote.csv"), "line 2 never closes"),
        (fixture("bad/duplicate_headers.csv"), "both called \"email\""),
        (fixture("bad/not_utf8.csv"), "line 2"),
        (fixture("bad/bad_dates.csv"), "line 3"),
        (fixture("bad/zip_bomb.xlsx"), "more than 200 MB"),
        (big, "64 KB"),
    ];
    let before = log_entries(file);
    for (input, expected) in cases {
        let o = cli(&["access", "import", file, "--system", "Okta", "--input", input.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{}: {stderr}", input.display());
        assert!(stderr.contains(expected), "{}: expected {expected:?} in {stderr}", input.display());
        assert!(!stderr.contains("panicked"));
    }
    // A refused file leaves nothing behind, not even an empty review.
    assert!(campaigns(file).is_empty());
    assert_eq!(log_entries(file), before);
    assert_eq!(cli(&["verify", file]).status.code(), Some(0));
}

#[test]
fn a_hand_made_mapping_is_remembered_for_the_system() {
    let (dir, path) = workbook();
    let file = path.to_str().unwrap();
    let csv = dir.path().join("wiki-users.csv");
    std::fs::write(&csv, "Who,Mail,Level,Token\nada.quill,ada@example.com,admin,yes\nleo,leo@example.com,reader,no\n")
        .unwrap();
    let input = csv.to_str().unwrap();
    // Without a mapping the account column is unknown: refused, nothing written.
    let o = cli(&["access", "import", file, "--system", "Wiki", "--input", input]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Choose the column that holds the account"));
    let out = ok(&[
        "access",
        "import",
        file,
        "--system",
        "Wiki",
        "--input",
        input,
        "--map",
        "identity=Who",
        "--map",
        "email=Mail",
        "--map",
        "roles=Level",
        "--map",
        "mfa=Token",
    ]);
    assert!(out.contains("Imported 2 accounts"), "{out}");
    // A new review of the same system reads the next export with the same columns.
    ok(&["access", "new", file, "--system", "Wiki", "--as-of", "2026-12-01"]);
    let c = campaigns(file).into_iter().find(|c| c["status"] == "open").unwrap();
    let out = ok(&["access", "import", file, "--campaign", c["id"].as_str().unwrap(), "--input", input]);
    assert!(out.contains("mapping remembered for this system"), "{out}");
    let leo: Vec<serde_json::Value> = serde_json::from_str(&ok(&[
        "access",
        "accounts",
        file,
        "--campaign",
        c["id"].as_str().unwrap(),
        "--flag",
        "no_mfa",
        "--json",
    ]))
    .unwrap();
    assert_eq!(leo.len(), 1);
    assert_eq!(leo[0]["identity"], "leo");
}

#[test]
fn accounts_changed_behind_the_log_are_caught_by_verify() {
    let (_dir, path) = workbook();
    let file = path.to_str().unwrap();
    ok(&["access", "import", file, "--system", "Okta", "--input", fixture("okta.csv").to_str().unwrap()]);
    assert_eq!(cli(&["verify", file]).status.code(), Some(0));
    let raw = raw_sqlcipher(&path, PASSPHRASE);
    raw.execute(
        "UPDATE review_account SET flags = 0, display_name = 'Someone else' WHERE identity = 'sofia@parcelwise.io'",
        [],
    )
    .unwrap();
    drop(raw);
    let o = cli(&["verify", file]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("review_account records"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn a_signed_off_review_refuses_changes_even_through_sql() {
    let (_dir, path) = workbook();
    let mut wb = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap();
    let system = access::resolve_system(wb.conn(), "slack").unwrap().unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let id = wb
        .write(&actor(), |w| {
            access::create(w, &CampaignInput { system_id: system, reviewer_id: None, as_of, due: None, stale_days: 90 })
        })
        .unwrap();
    let (file, _) =
        access::read_for_campaign(wb.conn(), &id, include_bytes!("fixtures/access/slack.csv"), None, None).unwrap();
    wb.write(&actor(), |w| access::import(w, &id, &file, "slack.csv")).unwrap();
    let keep = DecisionInput { decision: Decision::Keep, reason: "Reviewed with the team lead".into() };
    wb.write(&actor(), |w| access::decide_filtered(w, &id, &AccountFilter::default(), &keep, "Priya", as_of)).unwrap();
    wb.write(&actor(), |w| access::sign_off(w, &id, "Priya Natarajan", as_of, "")).unwrap();

    let err = wb.write(&actor(), |w| access::decide_filtered(w, &id, &AccountFilter::default(), &keep, "x", as_of));
    assert!(err.unwrap_err().to_string().contains("signed off"));
    let err = wb.write(&actor(), |w| access::delete(w, &id));
    assert!(err.is_err());
    let privileged =
        access::all_accounts(wb.conn(), &id, &AccountFilter { flag: Some(Flag::Privileged), ..Default::default() })
            .unwrap();
    assert_eq!(privileged.len(), 1, "the primary owner");
    wb.close().unwrap();

    let raw = raw_sqlcipher(&path, PASSPHRASE);
    let e = raw.execute("UPDATE review_decision SET decision = 'revoke'", []).unwrap_err();
    assert!(e.to_string().contains("signed off"), "{e}");
    let e = raw.execute("DELETE FROM review_account", []).unwrap_err();
    assert!(e.to_string().contains("signed off"), "{e}");
    let wb = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    assert!(verify::verify(&wb).unwrap().ok);
}

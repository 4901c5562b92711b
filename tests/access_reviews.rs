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
    workbook_with(
        include_bytes!("../assets/demo/roster.csv"),
        &["AWS", "Entra ID", "Google Workspace", "Okta", "GitHub", "Slack", "Wiki"],
    )
}

/// A workbook with `roster` (CSV) imported and one in-scope SaaS system per name.
fn workbook_with(roster: &[u8], systems: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let (dir, path, mut wb) = new_workbook();
    let roster = parse_roster(roster, as_of()).unwrap();
    wb.write(&actor(), |w| readiness_core::people::apply_roster(w, &roster)).unwrap();
    wb.write(&actor(), |w| -> Result<(), readiness_core::workbook::WorkbookError> {
        for name in systems {
            systems::create(
                w,
                &SystemInput {
                    name: (*name).into(),
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
    let report = access::report::campaigns_report(wb.conn(), None).unwrap();
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

// ---- Matching accounts to people the way admins name them (tests/fixtures/access/matching/) ----
//
// One roster (matching/roster.csv) behind six samples, one per preset's identity style.
// The roster has two Dmitri Browns and two Chris Parks, Alex at two domains, accents
// (José Álvarez, Zoë Müller, Łukasz Nowak), local parts with digits (dmitri.brown3,
// priya.nair2) and four leavers (Dmitri Brown 3, Zoë, Priya, Hana). Each sample's
// comment in the table below says which of its accounts match, and how.

fn matching_fixture(name: &str) -> PathBuf {
    fixture("matching").join(name)
}

/// A workbook with the matching roster and one system per sample.
fn matching_workbook() -> (tempfile::TempDir, PathBuf) {
    let bytes = std::fs::read(matching_fixture("roster.csv")).unwrap();
    workbook_with(&bytes, &["AWS", "Entra ID", "Google Workspace", "Okta", "GitHub", "Slack"])
}

fn import_sample(
    wb: &mut Workbook,
    system: &str,
    sample: &str,
    as_of: chrono::NaiveDate,
) -> (String, access::ImportSummary) {
    let system_id = access::resolve_system(wb.conn(), system).unwrap().unwrap();
    let id = wb
        .write(&actor(), |w| {
            access::create(w, &CampaignInput { system_id, reviewer_id: None, as_of, due: None, stale_days: 90 })
        })
        .unwrap();
    let bytes = std::fs::read(matching_fixture(sample)).unwrap();
    let (file, _) = access::read_for_campaign(wb.conn(), &id, &bytes, None, None).unwrap();
    assert!(file.is_clean(), "{sample}: {:?}", file.problems);
    let summary = wb.write(&actor(), |w| access::import(w, &id, &file, sample)).unwrap();
    (id, summary)
}

fn leavers(s: &access::ImportSummary) -> u32 {
    s.by_flag.iter().find(|f| f.flag == Some(Flag::Leaver)).map_or(0, |f| f.count)
}

#[test]
fn each_identity_style_matches_exactly_the_accounts_one_person_fits() {
    let (_dir, path) = matching_workbook();
    let mut wb = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap();
    // (system, sample, accounts, matched, leavers)
    for (system, sample, accounts, matched, leaver_count) in [
        // IAM user names: local parts (dmitri.brown3), squeezed (meilin, renito), patterns
        // (jalvarez, lnowak, sam.okoro2). Unmatched: root, asmith (Anna or Alan), alex (two
        // domains), chrisp (two Chris Parks), svc-deploy, ci-runner, backup-automation,
        // kpatel. Leavers: dmitri.brown3, zoe.muller, hana.sato (priya.nair2 is disabled).
        ("AWS", "aws_iam_users.csv", 19, 11, 3),
        // UPNs: as emails, an onmicrosoft.com UPN settled by display name (Anna Smith); alex@
        // at the tenant domain stays unmatched, as do the guest and svc-backup. Hana is
        // disabled, so 3 leavers of 4.
        ("Entra ID", "entra_upns.csv", 12, 9, 3),
        // Emails: both Alexes by their full address, anna@ an alias domain by pattern,
        // mei.lin@ by squeezed local part; ops@ and jordan.lee@ are no one. Zoë suspended.
        ("Google Workspace", "google_emails.csv", 12, 10, 3),
        // Logins: dbrown3@ by its Primary Email, anna.s / alan.s (firstl), zmuller (flast),
        // renito; cpark fits both Chris Parks and okta-automation is a machine.
        ("Okta", "okta_logins.csv", 12, 10, 3),
        // GitHub logins without email: dmitri-brown, zoe-muller, lukasznowak, chrispark by
        // squeezed local part, alanS, hsato, jalvarez99, priya-nair by pattern, anna-smith-nw
        // by name; dbrown3 fits both Dmitris, northwind-bot and octocat-dev no one.
        ("GitHub", "github_logins.csv", 12, 9, 3),
        // Slack display names: zoë, łukasz, anna, mei, priya, sam, ren2 (first name, accents
        // folded, digits dropped); dmitri fits two people, alex two domains.
        ("Slack", "slack_display_names.csv", 12, 9, 3),
    ] {
        let (id, s) = import_sample(&mut wb, system, sample, as_of());
        assert_eq!((s.accounts, s.matched, leavers(&s)), (accounts, matched, leaver_count), "{sample}");
        // The grid shows and filters on how each account was matched.
        let rows = access::all_accounts(wb.conn(), &id, &AccountFilter::default()).unwrap();
        let tied = rows.iter().filter(|r| r.matched_by.is_some()).count();
        assert_eq!(tied as u32, matched, "{sample}");
        let by_pattern = access::all_accounts(
            wb.conn(),
            &id,
            &AccountFilter { matched_by: Some(access::MatchedBy::LoginPattern), ..Default::default() },
        )
        .unwrap();
        assert!(by_pattern.iter().all(|r| r.matched_by == Some(access::MatchedBy::LoginPattern)));
    }
    // Spot checks of the "matched by" on the IAM sample.
    let aws = access::list(wb.conn(), as_of()).unwrap().into_iter().find(|c| c.system_name == "AWS").unwrap();
    let rows = access::all_accounts(wb.conn(), &aws.id, &AccountFilter::default()).unwrap();
    let by = |identity: &str| {
        let r = rows.iter().find(|r| r.identity == identity).unwrap();
        (r.person_name.clone(), r.matched_by)
    };
    use access::MatchedBy::*;
    assert_eq!(by("dmitri.brown3"), (Some("Dmitri Brown".into()), Some(LocalPart)));
    assert_eq!(by("renito"), (Some("Ren Ito".into()), Some(LocalPart)));
    assert_eq!(by("lnowak"), (Some("Łukasz Nowak".into()), Some(LoginPattern)));
    assert_eq!(by("asmith"), (None, None));
    assert_eq!((aws.counts.unknown_people, aws.counts.unlabelled_machines), (4, 4), "asmith, alex, chrisp, kpatel");
    wb.close().unwrap();
}

#[test]
fn ambiguous_accounts_name_their_candidates_and_why() {
    let (_dir, path) = matching_workbook();
    let mut wb = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap();
    let (id, _) = import_sample(&mut wb, "AWS", "aws_iam_users.csv", as_of());
    let alex = access::find_by_identity(wb.conn(), &id, "alex").unwrap().unwrap();
    let d = access::account_detail(wb.conn(), &alex).unwrap().unwrap();
    let emails: Vec<&str> = d.candidates.iter().map(|c| c.email.as_str()).collect();
    assert_eq!(emails, ["alex@northwind.example", "alex@northwind-labs.example"]);
    assert!(d.ambiguity.contains("different domains"), "{}", d.ambiguity);
    let asmith = access::find_by_identity(wb.conn(), &id, "asmith").unwrap().unwrap();
    let d = access::account_detail(wb.conn(), &asmith).unwrap().unwrap();
    let names: Vec<&str> = d.candidates.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Alan Smith", "Anna Smith"], "candidates in roster order, by name");
    let kpatel = access::find_by_identity(wb.conn(), &id, "kpatel").unwrap().unwrap();
    assert!(access::account_detail(wb.conn(), &kpatel).unwrap().unwrap().candidates.is_empty());
    wb.close().unwrap();
}

#[test]
fn hand_links_are_remembered_for_the_next_review_of_the_system() {
    let (_dir, path) = matching_workbook();
    let file = path.to_str().unwrap();
    let input = matching_fixture("aws_iam_users.csv");
    ok(&["access", "new", file, "--system", "AWS", "--as-of", "2026-11-20"]);
    let first = campaigns(file)[0]["id"].as_str().unwrap().to_owned();
    let out = ok(&["access", "import", file, "--campaign", &first, "--input", input.to_str().unwrap()]);
    assert!(out.contains("Not matched: 4 unknown people, 4 unlabelled machine accounts."), "{out}");
    let link = |account: &str, person: &str| {
        ok(&["access", "link", file, "--campaign", &first, "--account", account, "--person", person])
    };
    assert!(link("asmith", "alan.smith@northwind.example").contains("Linked 1 account to Alan Smith"));
    // kpatel is really Hana, who has left: the hand link raises the leaver flag.
    link("kpatel", "hana.sato@northwind.example");
    link("alex", "alex@northwind-labs.example");
    let o = ok(&["access", "link", file, "--campaign", &first, "--machines", "--label", "service"]);
    assert!(o.contains("Linked 4 accounts as service account"), "{o}");
    let o = cli(&["access", "link", file, "--campaign", &first, "--account", "chrisp", "--person", "nobody@x.example"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("No one on the roster"));

    let accounts = |id: &str| -> Vec<serde_json::Value> {
        serde_json::from_str(&ok(&["access", "accounts", file, "--campaign", id, "--json"])).unwrap()
    };
    let find =
        |rows: &[serde_json::Value], identity: &str| rows.iter().find(|r| r["identity"] == identity).unwrap().clone();
    let rows = accounts(&first);
    let kpatel = find(&rows, "kpatel");
    assert_eq!((kpatel["person_name"].as_str(), kpatel["matched_by"].as_str()), (Some("Hana Sato"), Some("hand")));
    assert!(kpatel["flags"].as_array().unwrap().iter().any(|f| f["flag"] == "leaver"), "{kpatel}");
    assert_eq!(find(&rows, "svc-deploy")["label"], "service");

    // Alex Stone is removed from the roster between the reviews.
    {
        let mut wb = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap();
        let stone = readiness_core::people::find_by_email(wb.conn(), "alex@northwind-labs.example").unwrap().unwrap();
        wb.write(&actor(), |w| readiness_core::people::delete(w, &stone.id)).unwrap();
        wb.close().unwrap();
    }
    // Next quarter: a new review from a new export applies the links first.
    ok(&["access", "new", file, "--system", "AWS", "--as-of", "2027-02-20"]);
    let second =
        campaigns(file).into_iter().find(|c| c["as_of"] == "2027-02-20").unwrap()["id"].as_str().unwrap().to_owned();
    let out = ok(&["access", "import", file, "--campaign", &second, "--input", input.to_str().unwrap()]);
    assert!(out.contains("Not matched: 1 unknown person, 0 unlabelled machine accounts."), "{out}");
    let rows = accounts(&second);
    let asmith = find(&rows, "asmith");
    assert_eq!((asmith["person_name"].as_str(), asmith["matched_by"].as_str()), (Some("Alan Smith"), Some("hand")));
    assert_eq!(asmith["match_note"], "Linked by hand in the review of 2026-11-20");
    assert!(find(&rows, "kpatel")["flags"].as_array().unwrap().iter().any(|f| f["flag"] == "leaver"));
    let alex = find(&rows, "alex");
    assert_eq!((alex["person_name"].as_str(), alex["person_removed"].as_bool()), (Some("Alex Stone"), Some(true)));
    assert!(alex["match_note"].as_str().unwrap().contains("since been removed from the roster"), "{alex}");
    let svc = find(&rows, "svc-deploy");
    assert_eq!((svc["label"].as_str(), svc["matched_by"].as_str()), (Some("service"), Some("hand")));
    assert!(!svc["flags"].as_array().unwrap().iter().any(|f| f["flag"] == "no_person"));

    // The review export says how each account was matched.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("aws.csv");
    ok(&["access", "export", file, "--campaign", &second, "--output", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.lines().next().unwrap().contains("Matched by"));
    assert!(text.contains("By hand (Linked by hand in the review of 2026-11-20)"), "{text}");
    assert!(text.contains("Email name"), "local part matches are labelled");
    assert_eq!(cli(&["verify", file]).status.code(), Some(0));
}

#[test]
fn empty_account_names_are_listed_by_line_and_nothing_is_imported() {
    let (_dir, path) = matching_workbook();
    let file = path.to_str().unwrap();
    let text = std::fs::read_to_string(matching_fixture("aws_iam_users.csv")).unwrap();
    let broken: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 3 || i == 7 { l.replacen(l.split(',').next().unwrap(), "", 1) } else { l.to_owned() })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("iam.csv");
    std::fs::write(&input, broken.join("\n")).unwrap();
    let before = log_entries(file);
    let o = cli(&["access", "import", file, "--system", "AWS", "--input", input.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 4") && err.contains("line 8") && err.contains("account name is empty"), "{err}");
    assert!(campaigns(file).is_empty(), "no review left behind");
    assert_eq!(log_entries(file), before);
}

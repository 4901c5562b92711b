//! Each preset read from a sample in its real export format (tests/fixtures/access/).

use chrono::NaiveDate;

use super::model::{Mapping, Preset};
use super::read::{read_accounts, AccountFile};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../../tests/fixtures/access/", $name))
    };
}

fn read(bytes: &[u8]) -> AccountFile {
    let f = read_accounts(bytes, None, None).unwrap();
    assert!(f.is_clean(), "{:?}", f.problems);
    f
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn aws_credential_report_reads_root_keys_and_mfa() {
    let f = read(fixture!("aws_iam.csv"));
    assert_eq!(f.detected, Preset::AwsIam);
    let root = &f.accounts[0];
    assert_eq!((root.identity.as_str(), root.active, root.mfa), ("<root_account>", true, Some(true)));
    let daniel = &f.accounts[2];
    assert_eq!(daniel.mfa, Some(false));
    // The access key was used after the password: the later of the two counts.
    assert_eq!(daniel.last_login, day(2026, 8, 27));
    let ci = &f.accounts[3];
    assert!(ci.active, "an active access key keeps a user without a password active");
    assert_eq!(ci.last_login, day(2026, 11, 19));
}

#[test]
fn entra_download_reads_upn_mail_and_enabled() {
    let f = read(fixture!("entra.csv"));
    assert_eq!(f.detected, Preset::Entra);
    assert_eq!(f.mapping.identity.as_deref(), Some("userPrincipalName"));
    assert_eq!(f.accounts[2].email, "dana@hartwell.example");
    assert_eq!(f.accounts[2].roles, "Guest");
    assert!(!f.accounts[3].active);
    assert_eq!(f.accounts[0].mfa, None);
}

#[test]
fn google_workspace_reads_bracketed_headers_names_and_2sv() {
    let f = read(fixture!("google.csv"));
    assert_eq!(f.detected, Preset::Google);
    assert_eq!(f.mapping.display_name.as_deref(), Some("First Name [Required] + Last Name [Required]"));
    let lucia = &f.accounts[1];
    assert_eq!(lucia.display_name, "Lucía Fernández");
    assert_eq!((lucia.mfa, lucia.last_login), (Some(false), day(2026, 11, 17)));
    assert!(!f.accounts[2].active, "suspended");
    assert_eq!(f.accounts[3].last_login, None, "never logged in");
}

#[test]
fn okta_report_reads_login_status_and_groups() {
    let f = read(fixture!("okta.csv"));
    assert_eq!(f.detected, Preset::Okta);
    assert_eq!(f.accounts[0].display_name, "Ethan Park");
    assert!(f.accounts[0].roles.contains("AWS Admins"));
    assert!(!f.accounts[2].active, "deprovisioned");
    assert!(f.accounts[3].active, "locked out is still an account");
}

#[test]
fn okta_xlsx_reads_like_the_csv() {
    let f = read(fixture!("okta_users.xlsx"));
    assert_eq!(f.detected, Preset::Okta);
    assert_eq!(f.accounts.len(), 2);
    assert_eq!(f.accounts[1].identity, "daniel@parcelwise.io");
    assert_eq!(f.accounts[1].line, 3);
    assert_eq!(f.accounts[1].last_login, day(2026, 8, 28));
}

#[test]
fn github_members_read_role_and_2fa() {
    let f = read(fixture!("github.csv"));
    assert_eq!(f.detected, Preset::Github);
    assert_eq!(f.accounts[0].roles, "owner");
    assert_eq!(f.accounts[3].mfa, Some(false));
    assert_eq!(f.accounts[3].display_name, "parcelwise-bot");
}

#[test]
fn slack_members_read_status_as_role_and_deactivation() {
    let f = read(fixture!("slack.csv"));
    assert_eq!(f.detected, Preset::Slack);
    assert_eq!(f.accounts[0].account_status, "Primary Owner");
    assert!(!f.accounts[3].active);
    assert_eq!(f.accounts[2].mfa, Some(false));
}

#[test]
fn generic_semicolon_file_maps_by_synonyms() {
    let f = read(fixture!("generic_semicolon.csv"));
    assert_eq!(f.detected, Preset::Generic);
    let expected = Mapping {
        identity: Some("Account".into()),
        display_name: Some("Full Name".into()),
        email: Some("E-mail".into()),
        roles: Some("Groups".into()),
        status: Some("State".into()),
        last_login: Some("Last Seen".into()),
        mfa: Some("2FA".into()),
    };
    assert_eq!(f.mapping, expected);
}

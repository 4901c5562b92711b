//! The access review vocabulary: campaign status, decisions, labels, flags, the fields
//! an account list maps onto, and the export formats we recognise.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::vendors::word_enum;

word_enum!(
    /// Where a campaign stands. Open: created, no accounts yet; in review: accounts
    /// imported, decisions being made; signed off: the reviewer signed, nothing changes.
    CampaignStatus {
        Open = "open" / "Open",
        InReview = "in_review" / "In review",
        SignedOff = "signed_off" / "Signed off",
    }
);

word_enum!(
    /// The reviewer's call on one account.
    Decision {
        Keep = "keep" / "Keep",
        Revoke = "revoke" / "Revoke",
        Change = "change" / "Change access",
    }
);

word_enum!(
    /// Which decisions a grid view or bulk decision covers.
    DecisionFilter {
        Undecided = "undecided" / "No decision yet",
        Decided = "decided" / "Decided",
        Keep = "keep" / "Keep",
        Revoke = "revoke" / "Revoke",
        Change = "change" / "Change access",
    }
);

word_enum!(
    /// What an account with no person behind it is, as the reviewer labels it.
    AccountLabel {
        Service = "service" / "Service account",
        Shared = "shared" / "Shared account",
        External = "external" / "External or vendor",
        Unknown = "unknown" / "Unknown: investigate",
    }
);

word_enum!(
    /// How an account was tied to a person, strongest evidence first. `Hand` is a
    /// reviewer's link (or service / shared label), remembered for the system.
    MatchedBy {
        Email = "email" / "Email",
        Identity = "identity" / "Account is an email",
        LocalPart = "local_part" / "Email name",
        LoginPattern = "login_pattern" / "Login pattern",
        Name = "name" / "Display name",
        Hand = "hand" / "By hand",
    }
);

word_enum!(
    /// One field of an account that a column of an export can hold.
    Field {
        Identity = "identity" / "Account (login or user name)",
        DisplayName = "display_name" / "Display name",
        Email = "email" / "Email",
        Roles = "roles" / "Role or groups",
        Status = "status" / "Status",
        LastLogin = "last_login" / "Last sign-in",
        Mfa = "mfa" / "Multi-factor authentication",
    }
);

word_enum!(
    /// The export formats recognised from their header row.
    Preset {
        AwsIam = "aws_iam" / "AWS IAM credential report",
        Entra = "entra" / "Microsoft Entra ID users",
        Google = "google" / "Google Workspace users",
        Okta = "okta" / "Okta users",
        Github = "github" / "GitHub organisation members",
        Slack = "slack" / "Slack members",
        Generic = "generic" / "Other (columns mapped by hand)",
    }
);

impl Preset {
    /// The short names the CLI accepts (`--preset aws`).
    pub fn from_cli(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "aws" | "aws-iam" | "aws_iam" | "iam" => Some(Self::AwsIam),
            "entra" | "azure" | "azure-ad" => Some(Self::Entra),
            "google" | "google-workspace" | "gsuite" => Some(Self::Google),
            "okta" => Some(Self::Okta),
            "github" => Some(Self::Github),
            "slack" => Some(Self::Slack),
            "generic" => Some(Self::Generic),
            _ => None,
        }
    }
}

word_enum!(
    /// Something about an account the reviewer should look at. Each is one bit of the
    /// stored `flags` so the grid can filter 100,000 accounts in SQL.
    Flag {
        Leaver = "leaver" / "Leaver still active",
        NoPerson = "no_person" / "No matching person",
        NoMfa = "no_mfa" / "No MFA",
        Stale = "stale" / "No recent sign-in",
        Privileged = "privileged" / "Privileged",
        Shared = "shared" / "Shared or root",
    }
);

impl Flag {
    pub fn bit(self) -> i64 {
        1 << (self as i64)
    }

    pub fn from_bits(bits: i64) -> Vec<Flag> {
        Flag::ALL.iter().copied().filter(|f| bits & f.bit() != 0).collect()
    }

    pub fn to_bits(flags: &[Flag]) -> i64 {
        flags.iter().fold(0, |acc, f| acc | f.bit())
    }
}

/// Which column of the export holds each field. Column names are the file's header
/// cells as written; `display_name` may join two columns with " + " ("First Name +
/// Last Name"). Only `identity` is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Mapping {
    pub identity: Option<String>,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub roles: Option<String>,
    pub status: Option<String>,
    pub last_login: Option<String>,
    pub mfa: Option<String>,
}

impl Mapping {
    pub fn get(&self, field: Field) -> Option<&str> {
        match field {
            Field::Identity => self.identity.as_deref(),
            Field::DisplayName => self.display_name.as_deref(),
            Field::Email => self.email.as_deref(),
            Field::Roles => self.roles.as_deref(),
            Field::Status => self.status.as_deref(),
            Field::LastLogin => self.last_login.as_deref(),
            Field::Mfa => self.mfa.as_deref(),
        }
    }

    pub fn set(&mut self, field: Field, column: Option<String>) {
        let slot = match field {
            Field::Identity => &mut self.identity,
            Field::DisplayName => &mut self.display_name,
            Field::Email => &mut self.email,
            Field::Roles => &mut self.roles,
            Field::Status => &mut self.status,
            Field::LastLogin => &mut self.last_login,
            Field::Mfa => &mut self.mfa,
        };
        *slot = column.filter(|c| !c.trim().is_empty());
    }
}

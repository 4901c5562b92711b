//! The export formats we recognise: how each is told from its header row, which of its
//! columns hold which field, and the words its cells use for "enabled", "MFA on" and
//! "administrator".

use super::model::{Field, Mapping, Preset};
use crate::import::table::normalise_label;

/// A header as we match it: Google's bracketed suffixes ("Email Address [Required]")
/// dropped, then normalised ("email address").
pub fn header_key(header: &str) -> String {
    let base = match header.find('[') {
        Some(i) if header.trim_end().ends_with(']') => &header[..i],
        _ => header,
    };
    normalise_label(base)
}

/// Picks the preset whose signature columns are all in the header row; `Generic` when
/// none fits.
pub fn detect(headers: &[String]) -> Preset {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let has = |k: &str| keys.iter().any(|h| h == k);
    let bracketed = headers.iter().any(|h| h.contains("[Required]") || h.contains("[READ ONLY]"));
    if has("user") && has("arn") && has("mfa active") {
        Preset::AwsIam
    } else if has("userprincipalname") && (has("accountenabled") || has("displayname")) {
        Preset::Entra
    } else if has("email address") && (bracketed || has("2sv enrollment status")) {
        Preset::Google
    } else if has("username") && has("billing active") && has("has 2fa") {
        Preset::Slack
    } else if (has("login") || has("username")) && has("primary email") {
        Preset::Okta
    } else if has("login") && has("role") && (has("2fa enabled") || has("two factor enabled") || has("saml name id")) {
        Preset::Github
    } else {
        Preset::Generic
    }
}

/// Header names (as `header_key` gives them) each preset uses for each field, preferred
/// first. A preset's own names are tried before the generic ones.
fn names(preset: Preset, field: Field) -> &'static [&'static str] {
    use Field::*;
    match (preset, field) {
        (Preset::AwsIam, Identity) => &["user"],
        (Preset::AwsIam, DisplayName) => &["user"],
        (Preset::AwsIam, Status) => &["password enabled"],
        (Preset::AwsIam, LastLogin) => &["password last used"],
        (Preset::AwsIam, Mfa) => &["mfa active"],
        (Preset::AwsIam, Email | Roles) => &[],
        (Preset::Entra, Identity) => &["userprincipalname"],
        (Preset::Entra, DisplayName) => &["displayname"],
        (Preset::Entra, Email) => &["mail", "userprincipalname"],
        (Preset::Entra, Roles) => &["directory roles", "roles", "usertype"],
        (Preset::Entra, Status) => &["accountenabled"],
        (Preset::Entra, LastLogin) => &["lastsignindatetime", "last sign in", "signinactivity lastsignindatetime"],
        (Preset::Entra, Mfa) => &["mfa registered", "ismfaregistered", "mfa status"],
        (Preset::Google, Identity | Email) => &["email address"],
        (Preset::Google, DisplayName) => &[],
        (Preset::Google, Roles) => &["admin role", "org unit path"],
        (Preset::Google, Status) => &["status"],
        (Preset::Google, LastLogin) => &["last sign in"],
        (Preset::Google, Mfa) => &["2sv enrollment status"],
        (Preset::Okta, Identity) => &["login", "username"],
        (Preset::Okta, DisplayName) => &["display name"],
        (Preset::Okta, Email) => &["primary email", "email"],
        (Preset::Okta, Roles) => &["admin roles", "groups", "group memberships"],
        (Preset::Okta, Status) => &["status"],
        (Preset::Okta, LastLogin) => &["last login"],
        (Preset::Okta, Mfa) => &["mfa enrolled", "mfa factors", "enrolled factors"],
        (Preset::Github, Identity) => &["login"],
        (Preset::Github, DisplayName) => &["name"],
        (Preset::Github, Email) => &["email", "saml name id"],
        (Preset::Github, Roles) => &["role"],
        (Preset::Github, Status) => &[],
        (Preset::Github, LastLogin) => &["last active", "last activity"],
        (Preset::Github, Mfa) => &["2fa enabled", "two factor enabled"],
        (Preset::Slack, Identity) => &["username"],
        (Preset::Slack, DisplayName) => &["fullname", "displayname"],
        (Preset::Slack, Email) => &["email"],
        (Preset::Slack, Roles | Status) => &["status"],
        (Preset::Slack, LastLogin) => &["last active", "last login"],
        (Preset::Slack, Mfa) => &["has 2fa"],
        (Preset::Generic, _) => &[],
    }
}

fn generic_names(field: Field) -> &'static [&'static str] {
    match field {
        Field::Identity => &[
            "username",
            "user name",
            "login",
            "user",
            "account",
            "account name",
            "user id",
            "userid",
            "user principal name",
            "upn",
            "email",
            "email address",
        ],
        Field::DisplayName => &["display name", "full name", "name", "displayname", "fullname"],
        Field::Email => &["email", "e mail", "email address", "mail", "work email", "primary email"],
        Field::Roles => &["role", "roles", "groups", "group", "permissions", "permission set", "access level"],
        Field::Status => &["status", "account status", "state", "enabled", "active"],
        Field::LastLogin => &[
            "last login",
            "last sign in",
            "last signin",
            "last active",
            "last seen",
            "last activity",
            "last used",
            "last logon",
        ],
        Field::Mfa => &["mfa", "mfa enabled", "mfa active", "2fa", "2fa enabled", "two factor", "2sv", "mfa status"],
    }
}

/// The mapping a preset suggests for these headers: for each field the first of its
/// names that the file has, written as the file writes it.
pub fn default_mapping(preset: Preset, headers: &[String]) -> Mapping {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let find = |candidates: &[&str]| -> Option<String> {
        candidates.iter().find_map(|c| keys.iter().position(|k| k == c)).map(|i| headers[i].clone())
    };
    let mut m = Mapping::default();
    for &field in Field::ALL {
        let own = names(preset, field);
        // A preset that knows its format has no such column does not guess one.
        let column = if preset == Preset::Generic || !own.is_empty() {
            find(own).or_else(|| if preset == Preset::Generic { find(generic_names(field)) } else { None })
        } else {
            None
        };
        m.set(field, column);
    }
    if preset == Preset::Google {
        if let (Some(first), Some(last)) = (find(&["first name"]), find(&["last name"])) {
            m.display_name = Some(format!("{first} + {last}"));
        }
    }
    if preset == Preset::Okta && m.display_name.is_none() {
        if let (Some(first), Some(last)) = (find(&["first name"]), find(&["last name"])) {
            m.display_name = Some(format!("{first} + {last}"));
        }
    }
    m
}

/// Columns beyond the mapping that a preset reads: AWS counts access-key use as
/// activity and an active access key as an enabled account.
pub struct Extras {
    pub last_used: Vec<usize>,
    pub active_if_true: Vec<usize>,
}

pub fn extras(preset: Preset, headers: &[String]) -> Extras {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let find = |k: &str| keys.iter().position(|h| h == k);
    match preset {
        Preset::AwsIam => Extras {
            last_used: ["access key 1 last used date", "access key 2 last used date"]
                .iter()
                .filter_map(|k| find(k))
                .collect(),
            active_if_true: ["access key 1 active", "access key 2 active"].iter().filter_map(|k| find(k)).collect(),
        },
        _ => Extras { last_used: Vec::new(), active_if_true: Vec::new() },
    }
}

/// Whether a status cell means the account can still be used. Unknown words count as
/// active: a review should look at an account rather than assume it is off.
pub fn is_active(status: &str) -> bool {
    const OFF: &[&str] = &[
        "disabled",
        "deactivated",
        "suspended",
        "inactive",
        "false",
        "no",
        "0",
        "deprovisioned",
        "blocked",
        "removed",
        "archived",
        "deleted",
        "terminated",
        "not enabled",
        "locked",
        "off",
    ];
    let key = normalise_label(status);
    !OFF.contains(&key.as_str())
}

/// MFA on (`Some(true)`), off (`Some(false)`) or not said.
pub fn mfa_value(cell: &str) -> Option<bool> {
    const ON: &[&str] = &["true", "yes", "y", "1", "enabled", "on", "enrolled", "enforced", "active", "registered"];
    const OFF: &[&str] =
        &["false", "no", "n", "0", "disabled", "off", "not enrolled", "none", "inactive", "not registered"];
    let key = normalise_label(cell);
    if ON.contains(&key.as_str()) {
        Some(true)
    } else if OFF.contains(&key.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Whether a role, group list or status names an administrator, owner or root.
pub fn is_privileged(roles: &str) -> bool {
    const WORDS: &[&[u8]] = &[b"admin", b"owner", b"root", b"superuser", b"super user"];
    let bytes = roles.as_bytes();
    WORDS.iter().any(|w| bytes.windows(w.len()).any(|win| win.eq_ignore_ascii_case(w)))
}

/// Whether an account name looks like a login several people share, or a root login.
pub fn is_shared_name(identity: &str, email: &str) -> bool {
    const SHARED: &[&str] = &[
        "root",
        "admin",
        "administrator",
        "shared",
        "team",
        "info",
        "support",
        "ops",
        "devops",
        "office",
        "it",
        "test",
        "demo",
        "sales",
        "hello",
        "billing",
        "security",
    ];
    if identity == "<root_account>" {
        return true;
    }
    [identity, email].iter().any(|s| {
        let local = s.split('@').next().unwrap_or("");
        SHARED.iter().any(|w| w.eq_ignore_ascii_case(local))
    })
}

/// Whether an account name looks like a machine rather than a person: `svc-deploy`,
/// `ci-runner`, `backup-bot`, `billing-automation`, the AWS root user. Such accounts are
/// proposed as service or shared accounts for the reviewer to confirm, never decided.
pub fn is_machine_name(identity: &str) -> bool {
    const PREFIXES: &[&str] = &["svc", "srv", "ci", "cd", "sa", "service", "system", "noreply", "no-reply"];
    const WORDS: &[&str] = &[
        "bot",
        "bots",
        "automation",
        "service",
        "svc",
        "deploy",
        "deployer",
        "pipeline",
        "terraform",
        "jenkins",
        "github-actions",
        "integration",
        "monitoring",
        "backup",
        "noreply",
    ];
    let id = identity.trim().to_lowercase();
    if id == "<root_account>" || id.ends_with("[bot]") {
        return true;
    }
    let local = id.split('@').next().unwrap_or("");
    let words: Vec<&str> = local.split(['-', '_', '.', ' ', '[', ']']).filter(|w| !w.is_empty()).collect();
    let Some(first) = words.first() else { return false };
    (words.len() > 1 && PREFIXES.contains(first))
        || words.iter().any(|w| WORDS.contains(w))
        || local.ends_with("bot") && ["dependabot", "renovatebot", "snykbot"].contains(&local)
}

/// Cells that mean "never signed in" or "not known" rather than a date.
pub fn is_no_date(cell: &str) -> bool {
    const NONE: &[&str] =
        &["n/a", "na", "no information", "not supported", "never", "never logged in", "-", "none", "null", ""];
    if cell.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    NONE.contains(&normalise_label(cell).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn google_brackets_are_dropped_for_matching() {
        assert_eq!(header_key("Email Address [Required]"), "email address");
        assert_eq!(header_key("2sv Enrollment Status [READ ONLY]"), "2sv enrollment status");
    }

    #[test]
    fn unknown_header_is_generic_with_synonyms() {
        let h = headers("Account,Full Name,E-mail,Groups,State,Last Seen,2FA");
        assert_eq!(detect(&h), Preset::Generic);
        let m = default_mapping(Preset::Generic, &h);
        assert_eq!(m.identity.as_deref(), Some("Account"));
        assert_eq!(m.display_name.as_deref(), Some("Full Name"));
        assert_eq!(m.roles.as_deref(), Some("Groups"));
        assert_eq!(m.last_login.as_deref(), Some("Last Seen"));
        assert_eq!(m.mfa.as_deref(), Some("2FA"));
    }

    #[test]
    fn words_for_status_mfa_and_privilege() {
        assert!(is_active("Active") && is_active("LOCKED_OUT") && !is_active("DEPROVISIONED") && !is_active("False"));
        assert_eq!(mfa_value("Not Enrolled"), Some(false));
        assert_eq!(mfa_value("true"), Some(true));
        assert_eq!(mfa_value("maybe"), None);
        assert!(is_privileged("Global Administrator") && is_privileged("Primary Owner") && !is_privileged("Member"));
        assert!(is_shared_name("<root_account>", "") && is_shared_name("x", "admin@example.com"));
        assert!(!is_shared_name("ada", "ada@example.com"));
    }
}

//! Cross-checks an account against the people roster and the review's date: who it
//! belongs to, and what the reviewer should look at, each flag with a sentence saying why.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::model::{Flag, Preset};
use super::presets;
use super::read::ParsedAccount;
use crate::people::{EmploymentStatus, Person};
use crate::text::single_spaced;

/// How an account was tied to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    Email,
    Name,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Email => "email",
            MatchedBy::Name => "name",
        }
    }
}

/// The roster indexed for matching: by email, and by name where the name is unique.
pub struct Roster<'p> {
    people: &'p [Person],
    by_email: HashMap<String, usize>,
    by_name: HashMap<String, Option<usize>>,
}

/// Lowercase, spaces collapsed and the common accents folded, so "Tomás Reyes" in HR
/// matches "Tomas Reyes" in an admin console.
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect();
    single_spaced(&folded)
}

impl<'p> Roster<'p> {
    pub fn new(people: &'p [Person]) -> Self {
        let mut by_email = HashMap::new();
        let mut by_name: HashMap<String, Option<usize>> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            if !p.email.trim().is_empty() {
                by_email.insert(p.email.trim().to_lowercase(), i);
            }
            by_name.entry(name_key(&p.name)).and_modify(|v| *v = None).or_insert(Some(i));
        }
        Self { people, by_email, by_name }
    }

    /// The person behind an account: by its email, or its identity when that is an
    /// email, then by its display name or a login that spells a name ("ethan.park"),
    /// if exactly one person has that name.
    pub fn find(&self, a: &ParsedAccount) -> Option<(&'p Person, MatchedBy)> {
        let people = self.people;
        for key in [&a.email, &a.identity] {
            if let Some(&i) = self.by_email.get(&key.trim().to_lowercase()) {
                return Some((&people[i], MatchedBy::Email));
            }
        }
        // "ethan.park", "tomas-reyes": a login that spells the name.
        let spelled: String = a
            .identity
            .split('@')
            .next()
            .unwrap_or("")
            .chars()
            .map(|c| if matches!(c, '.' | '_' | '-') { ' ' } else { c })
            .collect();
        [name_key(&a.display_name), name_key(&spelled)]
            .iter()
            .find_map(|key| self.by_name.get(key).copied().flatten())
            .map(|i| (&people[i], MatchedBy::Name))
    }
}

/// What the flags are judged against.
#[derive(Debug, Clone, Copy)]
pub struct CheckRules {
    pub as_of: NaiveDate,
    pub stale_days: i64,
    pub preset: Preset,
    /// Whether the export has a last sign-in column at all; without one, "stale"
    /// cannot be judged and is not raised.
    pub has_last_login: bool,
}

/// The flags an account raises.
pub fn flags(a: &ParsedAccount, person: Option<&Person>, rules: &CheckRules) -> Vec<Flag> {
    let mut out = Vec::new();
    match person {
        Some(p) if p.status == EmploymentStatus::Left && a.active => out.push(Flag::Leaver),
        Some(_) => {}
        None => out.push(Flag::NoPerson),
    }
    if a.active && a.mfa == Some(false) {
        out.push(Flag::NoMfa);
    }
    if a.active && rules.has_last_login && is_stale(a.last_login, rules) {
        out.push(Flag::Stale);
    }
    let privileged_text = if rules.preset == Preset::Slack { &a.account_status } else { &a.roles };
    if presets::is_privileged(privileged_text) || a.identity == "<root_account>" {
        out.push(Flag::Privileged);
    }
    if presets::is_shared_name(&a.identity, &a.email) {
        out.push(Flag::Shared);
    }
    out
}

fn is_stale(last: Option<NaiveDate>, rules: &CheckRules) -> bool {
    match last {
        None => true,
        Some(d) => (rules.as_of - d).num_days() > rules.stale_days,
    }
}

/// What the reviewer needs to know to explain one flag, read back from the workbook.
pub struct FlagContext<'a> {
    pub person_name: Option<&'a str>,
    pub person_left_on: Option<NaiveDate>,
    pub last_login: Option<NaiveDate>,
    pub roles: &'a str,
    pub as_of: NaiveDate,
    pub stale_days: i64,
}

/// One sentence saying why a flag was raised, in words a reviewer can act on.
pub fn explain(flag: Flag, c: &FlagContext<'_>) -> String {
    match flag {
        Flag::Leaver => format!(
            "{} left the company{} but this account is still active: revoke it.",
            c.person_name.unwrap_or("The owner"),
            c.person_left_on.map(|d| format!(" on {d}")).unwrap_or_default()
        ),
        Flag::NoPerson => {
            "No one on the roster matches this account: find its owner, or label it as a service account.".to_owned()
        }
        Flag::NoMfa => "Multi-factor authentication is off for this active account.".to_owned(),
        Flag::Stale => match c.last_login {
            Some(d) => format!(
                "No sign-in for {} days before the review date (the limit is {}): is it still needed?",
                (c.as_of - d).num_days(),
                c.stale_days
            ),
            None => "This active account has never signed in: is it still needed?".to_owned(),
        },
        Flag::Privileged => format!(
            "It holds a privileged role{}: confirm the person still needs it.",
            if c.roles.is_empty() { String::new() } else { format!(" ({})", c.roles) }
        ),
        Flag::Shared => {
            "It looks like a shared or root login, which no one person answers for: restrict or replace it.".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, email: &str, status: EmploymentStatus) -> Person {
        Person {
            id: name.to_owned(),
            name: name.to_owned(),
            email: email.to_owned(),
            title: String::new(),
            department: String::new(),
            status,
            start_date: None,
            end_date: NaiveDate::from_ymd_opt(2026, 8, 29),
            roles: Vec::new(),
        }
    }

    fn account(identity: &str, email: &str, name: &str) -> ParsedAccount {
        ParsedAccount {
            line: 2,
            identity: identity.to_owned(),
            display_name: name.to_owned(),
            email: email.to_owned(),
            roles: String::new(),
            account_status: String::new(),
            active: true,
            last_login: NaiveDate::from_ymd_opt(2026, 11, 1),
            mfa: Some(true),
            raw: Vec::new(),
        }
    }

    fn rules() -> CheckRules {
        CheckRules {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            stale_days: 90,
            preset: Preset::Generic,
            has_last_login: true,
        }
    }

    #[test]
    fn matches_by_email_then_by_unique_name_with_accents_folded() {
        let people = vec![
            person("Tomás Reyes", "tomas@parcelwise.io", EmploymentStatus::Active),
            person("Ada Quill", "ada@parcelwise.io", EmploymentStatus::Active),
            person("Ada Quill", "ada2@parcelwise.io", EmploymentStatus::Active),
        ];
        let roster = Roster::new(&people);
        let by_email = roster.find(&account("x", "TOMAS@parcelwise.io", "Someone"));
        assert_eq!(by_email.map(|(p, m)| (p.name.as_str(), m)), Some(("Tomás Reyes", MatchedBy::Email)));
        let by_name = roster.find(&account("treyes", "", "Tomas  Reyes"));
        assert_eq!(by_name.map(|(_, m)| m), Some(MatchedBy::Name));
        assert!(roster.find(&account("aq", "", "Ada Quill")).is_none(), "two Ada Quills: no guess");
    }

    #[test]
    fn leaver_with_active_account_is_flagged_and_explained() {
        let left = person("Daniel Novak", "daniel@parcelwise.io", EmploymentStatus::Left);
        let a = account("dnovak", "daniel@parcelwise.io", "Daniel Novak");
        assert_eq!(flags(&a, Some(&left), &rules()), [Flag::Leaver]);
        let mut off = a.clone();
        off.active = false;
        assert!(flags(&off, Some(&left), &rules()).is_empty());
        let ctx = FlagContext {
            person_name: Some("Daniel Novak"),
            person_left_on: left.end_date,
            last_login: None,
            roles: "",
            as_of: rules().as_of,
            stale_days: 90,
        };
        assert!(explain(Flag::Leaver, &ctx).contains("Daniel Novak left the company on 2026-08-29"));
    }

    #[test]
    fn mfa_stale_privileged_shared_and_unknown() {
        let mut a = account("admin", "", "Admin");
        a.mfa = Some(false);
        a.last_login = NaiveDate::from_ymd_opt(2026, 6, 1);
        a.roles = "Owner".to_owned();
        let f = flags(&a, None, &rules());
        assert_eq!(f, [Flag::NoPerson, Flag::NoMfa, Flag::Stale, Flag::Privileged, Flag::Shared]);
        let mut recent = account("ada", "", "Ada");
        recent.last_login = NaiveDate::from_ymd_opt(2026, 8, 22);
        assert!(!flags(&recent, None, &rules()).contains(&Flag::Stale), "exactly 90 days is not stale");
        let no_column = CheckRules { has_last_login: false, ..rules() };
        recent.last_login = None;
        assert!(!flags(&recent, None, &no_column).contains(&Flag::Stale));
    }
}

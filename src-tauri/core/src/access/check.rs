//! Cross-checks an account against the people roster and the review's date: who it
//! belongs to, and what the reviewer should look at, each flag with a sentence saying why.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::model::{AccountLabel, Flag, MatchedBy, Preset};
use super::presets;
use super::read::ParsedAccount;
use crate::people::{EmploymentStatus, Person};
use crate::text::single_spaced;

/// A reviewer's correction remembered for a system (see `links`): this account is this
/// person, or is a service / shared account with no person behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The person linked, kept even after they are removed from the roster.
    pub person_id: Option<String>,
    /// Their name when the link was made, to show a removed person by name.
    pub person_name: String,
    pub label: Option<AccountLabel>,
    /// The "as of" date of the review the link was made in.
    pub linked_in: NaiveDate,
}

/// Why an account was left without a person although someone could fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ambiguity {
    /// Several people have an email whose local part is the account name (the same
    /// name at different domains, or the same after dots, `_` and `-` are removed).
    LocalPart,
    /// The login fits the name of several people ("asmith": Anna and Alan Smith).
    LoginPattern,
    /// Several people have the account's display name.
    Name,
    /// The login fits one person and the display name another.
    Conflict,
}

impl Ambiguity {
    /// The reason in the panel's words.
    pub fn explain(self) -> &'static str {
        match self {
            Ambiguity::LocalPart => "several people on the roster have this email name (at different domains or spelled with dots, dashes or underscores)",
            Ambiguity::LoginPattern => "the login fits the names of several people on the roster",
            Ambiguity::Name => "several people on the roster have this name",
            Ambiguity::Conflict => "the login fits one person and the display name another",
        }
    }
}

/// Whom an account belongs to, as the matching rule decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match<'p> {
    Person(&'p Person, MatchedBy),
    /// The reviewer linked or labelled this account by hand; the person is `None` for a
    /// label, or when the linked person has since been removed from the roster.
    Linked(&'p Link, Option<&'p Person>),
    /// Several people could own it: never guessed, the reviewer chooses.
    Ambiguous(Vec<&'p Person>, Ambiguity),
    Unmatched,
}

impl<'p> Match<'p> {
    /// The person the account counts as, for the flags.
    pub fn person(&self) -> Option<&'p Person> {
        match self {
            Match::Person(p, _) => Some(p),
            Match::Linked(_, p) => *p,
            _ => None,
        }
    }

    /// The stored person id: a hand link keeps its id even for a removed person.
    pub fn person_id(&self) -> Option<&str> {
        match self {
            Match::Person(p, _) => Some(p.id.as_str()),
            Match::Linked(l, _) => l.person_id.as_deref(),
            _ => None,
        }
    }

    pub fn matched_by(&self) -> Option<MatchedBy> {
        match self {
            Match::Person(_, m) => Some(*m),
            Match::Linked(..) => Some(MatchedBy::Hand),
            _ => None,
        }
    }

    /// Labelled service / shared by hand: no person is expected behind it.
    pub fn labelled(&self) -> bool {
        matches!(self, Match::Linked(l, _) if l.label.is_some())
    }
}

/// The roster indexed the ways admins name accounts, plus the system's hand links.
/// Each index maps a key to every person it fits, so "exactly one" can be told from
/// "several".
pub struct Roster<'p> {
    people: &'p [Person],
    by_email: HashMap<String, usize>,
    by_local: HashMap<String, Vec<usize>>,
    by_squeezed_local: HashMap<String, Vec<usize>>,
    by_pattern: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    links: HashMap<String, Link>,
}

/// Lowercase, spaces collapsed and the common accents folded, so "Tomás Reyes" in HR
/// matches "Tomas Reyes" in an admin console.
pub fn name_key(name: &str) -> String {
    let folded: String = name.to_lowercase().chars().map(fold).collect();
    single_spaced(&folded)
}

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ů' => 'u',
        'ñ' | 'ń' | 'ň' => 'n',
        'ç' | 'ć' | 'č' => 'c',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// Letters and digits only, lowercased and accents folded: "Dmitri.Brown_3" → "dmitribrown3".
fn squeeze(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).map(fold).filter(|c| c.is_alphanumeric()).collect()
}

/// The part of an account name before any `@`, lowercased.
fn local_part(s: &str) -> String {
    s.split('@').next().unwrap_or("").trim().to_lowercase()
}

/// The key a link is remembered under: the identity as the system spells it, ignoring case.
pub fn link_key(identity: &str) -> String {
    identity.trim().to_lowercase()
}

/// The login spellings admins derive from a name: first.last (any separator), flast,
/// firstl and first, squeezed to letters.
fn login_patterns(name: &str) -> Vec<String> {
    let words: Vec<String> =
        name_key(name).split([' ', '-', '\'', '.']).map(squeeze).filter(|w| !w.is_empty()).collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else { return Vec::new() };
    let initial = |w: &String| w.chars().next().map(String::from).unwrap_or_default();
    let mut out = vec![first.clone()];
    if words.len() > 1 {
        out.push(format!("{first}{last}"));
        out.push(format!("{}{last}", initial(first)));
        out.push(format!("{first}{}", initial(last)));
        out.push(words.concat());
    }
    out.sort();
    out.dedup();
    out
}

fn push(map: &mut HashMap<String, Vec<usize>>, key: String, i: usize) {
    if key.is_empty() {
        return;
    }
    let v = map.entry(key).or_default();
    if !v.contains(&i) {
        v.push(i);
    }
}

impl<'p> Roster<'p> {
    pub fn new(people: &'p [Person]) -> Self {
        Self::with_links(people, HashMap::new())
    }

    /// The roster with the system's hand links, keyed by [`link_key`].
    pub fn with_links(people: &'p [Person], links: HashMap<String, Link>) -> Self {
        let mut r = Roster {
            people,
            by_email: HashMap::new(),
            by_local: HashMap::new(),
            by_squeezed_local: HashMap::new(),
            by_pattern: HashMap::new(),
            by_name: HashMap::new(),
            links,
        };
        for (i, p) in people.iter().enumerate() {
            let email = p.email.trim().to_lowercase();
            if !email.is_empty() {
                r.by_email.insert(email.clone(), i);
                push(&mut r.by_local, local_part(&email), i);
                push(&mut r.by_squeezed_local, squeeze(&local_part(&email)), i);
            }
            for key in login_patterns(&p.name) {
                push(&mut r.by_pattern, key, i);
            }
            push(&mut r.by_name, name_key(&p.name), i);
        }
        r
    }

    pub fn person(&self, id: &str) -> Option<&'p Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The matching rule: whom an account belongs to, trying in order
    ///
    /// 0. the reviewer's hand link for this system's account, if any;
    /// 1. the email column;
    /// 2. the identity, when it is an email;
    /// 3. the identity (or its part before `@`) equal to the local part of exactly one
    ///    roster email, as written or with dots, `_` and `-` removed;
    /// 4. the login patterns first.last, flast, firstl and first of exactly one
    ///    person's name, accents folded and trailing digits ignored (`dbrown3`);
    /// 5. the display name of exactly one person.
    ///
    /// It never guesses between people: when a step fits several, the account stays
    /// unmatched and the candidates are returned. Steps 1–3 name the account itself, so
    /// a tie there ends the search; a tie on the login pattern is settled only by a
    /// display name that picks one of the tied people. Machine-looking accounts
    /// (`svc-deploy`) are not matched by pattern or name.
    pub fn find(&self, a: &ParsedAccount) -> Match<'_> {
        let people = self.people;
        if !self.links.is_empty() {
            if let Some(link) = self.links.get(&link_key(&a.identity)) {
                return Match::Linked(link, link.person_id.as_deref().and_then(|id| self.person(id)));
            }
        }
        let email = a.email.trim().to_lowercase();
        let identity = a.identity.trim().to_lowercase();
        if !email.is_empty() && email != identity {
            if let Some(&i) = self.by_email.get(&email) {
                return Match::Person(&people[i], MatchedBy::Email);
            }
        }
        if let Some(&i) = self.by_email.get(&identity) {
            return Match::Person(&people[i], MatchedBy::Identity);
        }
        let local = local_part(&identity);
        let squeezed = squeeze(&local);
        let by_local = self.by_local.get(&local).or_else(|| self.by_squeezed_local.get(&squeezed));
        match by_local.map(Vec::as_slice) {
            Some([i]) => return Match::Person(&people[*i], MatchedBy::LocalPart),
            Some(several) if several.len() > 1 => {
                return Match::Ambiguous(several.iter().map(|i| &people[*i]).collect(), Ambiguity::LocalPart)
            }
            _ => {}
        }
        if presets::is_machine_name(&a.identity) {
            return Match::Unmatched;
        }
        let login = squeezed.trim_end_matches(|c: char| c.is_ascii_digit());
        let by_pattern =
            if login.is_empty() { &[][..] } else { self.by_pattern.get(login).map_or(&[][..], Vec::as_slice) };
        // A display name that only repeats the account name (AWS, GitHub without a
        // name) says nothing more.
        let by_name = if a.display_name.trim() == a.identity.trim() {
            &[][..]
        } else {
            self.by_name.get(&name_key(&a.display_name)).map_or(&[][..], Vec::as_slice)
        };
        let pick = |i: &usize| -> &'p Person { &people[*i] };
        match (by_pattern, by_name) {
            ([], []) => Match::Unmatched,
            ([p], names) if names.is_empty() || names.contains(p) => Match::Person(pick(p), MatchedBy::LoginPattern),
            (patterns, [n]) if patterns.is_empty() || patterns.contains(n) => Match::Person(pick(n), MatchedBy::Name),
            (patterns, names) => {
                let why = if patterns.len() > 1 {
                    Ambiguity::LoginPattern
                } else if names.len() > 1 && patterns.is_empty() {
                    Ambiguity::Name
                } else {
                    Ambiguity::Conflict
                };
                let mut all: Vec<usize> = patterns.to_vec();
                all.extend(names.iter().filter(|n| !patterns.contains(*n)));
                Match::Ambiguous(all.iter().map(pick).collect(), why)
            }
        }
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

/// The flags an account raises, given whom it was matched to. An account labelled
/// service / shared by hand is not "no matching person"; one linked by hand to someone
/// who has left is a leaver like any other.
pub fn flags(a: &ParsedAccount, m: &Match<'_>, rules: &CheckRules) -> Vec<Flag> {
    let mut out = owner_flags(a.active, m);
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

/// The flags about who owns the account (leaver, no matching person), the part of the
/// flags a hand link changes.
pub fn owner_flags(active: bool, m: &Match<'_>) -> Vec<Flag> {
    match m.person() {
        Some(p) if p.status == EmploymentStatus::Left && active => vec![Flag::Leaver],
        Some(_) => Vec::new(),
        None if m.labelled() => Vec::new(),
        None => vec![Flag::NoPerson],
    }
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
            raw: String::new(),
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

    fn who<'p>(m: &Match<'p>) -> Option<(&'p str, MatchedBy)> {
        match *m {
            Match::Person(p, by) => Some((p.name.as_str(), by)),
            _ => None,
        }
    }

    fn candidates(m: &Match<'_>) -> Vec<String> {
        match m {
            Match::Ambiguous(people, _) => people.iter().map(|p| p.email.clone()).collect(),
            _ => Vec::new(),
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
        assert_eq!(who(&by_email), Some(("Tomás Reyes", MatchedBy::Email)));
        let by_name = roster.find(&account("reyes-admin-x", "", "Tomas  Reyes"));
        assert_eq!(who(&by_name), Some(("Tomás Reyes", MatchedBy::Name)));
        let two = roster.find(&account("aq", "", "Ada Quill"));
        assert_eq!(candidates(&two), ["ada@parcelwise.io", "ada2@parcelwise.io"], "two Ada Quills: no guess");
    }

    #[test]
    fn identity_email_then_local_part_as_written_or_squeezed() {
        let people = vec![
            person("Dmitri Brown", "dmitri.brown3@parcelwise.io", EmploymentStatus::Active),
            person("Dmitri Brown", "dmitri.brown@parcelwise.io", EmploymentStatus::Active),
            person("Mei Lin", "mei_lin@parcelwise.io", EmploymentStatus::Active),
        ];
        let roster = Roster::new(&people);
        let id_email = roster.find(&account("Dmitri.Brown@parcelwise.io", "Dmitri.Brown@parcelwise.io", ""));
        assert_eq!(id_email.person_id(), Some("Dmitri Brown"));
        assert_eq!(id_email.matched_by(), Some(MatchedBy::Identity));
        let local = roster.find(&account("dmitri.brown3", "", "dmitri.brown3"));
        assert_eq!(local.matched_by(), Some(MatchedBy::LocalPart));
        assert_eq!(local.person().map(|p| p.email.as_str()), Some("dmitri.brown3@parcelwise.io"));
        let squeezed = roster.find(&account("meilin", "", "meilin"));
        assert_eq!(who(&squeezed), Some(("Mei Lin", MatchedBy::LocalPart)));
        // An identity at an old domain still names the person by its local part.
        let old = roster.find(&account("mei_lin@oldname.example", "", ""));
        assert_eq!(who(&old), Some(("Mei Lin", MatchedBy::LocalPart)));
    }

    #[test]
    fn shared_local_part_at_two_domains_is_not_guessed() {
        let people = vec![
            person("Alex Kim", "alex@parcelwise.io", EmploymentStatus::Active),
            person("Alex Stone", "alex@parcelwise-labs.io", EmploymentStatus::Active),
        ];
        let roster = Roster::new(&people);
        let m = roster.find(&account("alex", "", "Alex Kim"));
        assert_eq!(candidates(&m), ["alex@parcelwise.io", "alex@parcelwise-labs.io"]);
        assert!(matches!(m, Match::Ambiguous(_, Ambiguity::LocalPart)));
        assert!(Ambiguity::LocalPart.explain().contains("different domains"));
    }

    #[test]
    fn login_patterns_fit_exactly_one_person_with_accents_and_digits() {
        let people = vec![
            person("José Álvarez", "jose.a.1987@parcelwise.io", EmploymentStatus::Active),
            person("Anna Smith", "anna@parcelwise.io", EmploymentStatus::Active),
            person("Alan Smith", "alan@parcelwise.io", EmploymentStatus::Active),
            person("Priya Nair", "pn@parcelwise.io", EmploymentStatus::Active),
        ];
        let roster = Roster::new(&people);
        for login in ["jose.alvarez", "jalvarez", "josea", "JOSE", "jalvarez2", "José-Álvarez"] {
            assert_eq!(
                who(&roster.find(&account(login, "", login))),
                Some(("José Álvarez", MatchedBy::LoginPattern)),
                "{login}"
            );
        }
        assert_eq!(who(&roster.find(&account("priya_nair", "", ""))), Some(("Priya Nair", MatchedBy::LoginPattern)));
        // asmith fits Anna and Alan: no guess, unless the display name picks one of them.
        let tie = roster.find(&account("asmith", "", "asmith"));
        assert!(matches!(tie, Match::Ambiguous(ref p, Ambiguity::LoginPattern) if p.len() == 2));
        assert_eq!(who(&roster.find(&account("asmith", "", "Alan Smith"))), Some(("Alan Smith", MatchedBy::Name)));
        // The login says one person, the display name another: no guess.
        let conflict = roster.find(&account("pnair", "", "Anna Smith"));
        assert!(matches!(conflict, Match::Ambiguous(_, Ambiguity::Conflict)));
        // Machines are never matched by pattern: svc-priya is not Priya.
        assert_eq!(roster.find(&account("svc-priya", "", "svc-priya")), Match::Unmatched);
    }

    #[test]
    fn hand_links_come_first_and_keep_a_removed_person() {
        let people = vec![
            person("Ada Quill", "ada@parcelwise.io", EmploymentStatus::Left),
            person("Ben Ode", "ben@parcelwise.io", EmploymentStatus::Active),
        ];
        let on = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let link = |person: &str, label| Link {
            person_id: (!person.is_empty()).then(|| person.to_owned()),
            person_name: person.to_owned(),
            label,
            linked_in: on,
        };
        let links = HashMap::from([
            ("ben".to_owned(), link("Ada Quill", None)),
            ("deploy-user".to_owned(), link("", Some(AccountLabel::Service))),
            ("gone".to_owned(), link("Cara Removed", None)),
        ]);
        let roster = Roster::with_links(&people, links);
        let ben = roster.find(&account("BEN", "", ""));
        assert_eq!(
            (ben.person().map(|p| p.name.as_str()), ben.matched_by()),
            (Some("Ada Quill"), Some(MatchedBy::Hand))
        );
        assert_eq!(
            flags(&account("BEN", "", ""), &ben, &rules()),
            [Flag::Leaver],
            "a hand link to a leaver still flags"
        );
        let svc = roster.find(&account("deploy-user", "", ""));
        assert!(svc.labelled());
        assert!(flags(&account("deploy-user", "", ""), &svc, &rules()).is_empty(), "labelled: not 'no person'");
        let gone = roster.find(&account("gone", "", ""));
        assert_eq!((gone.person_id(), gone.person()), (Some("Cara Removed"), None));
        assert_eq!(flags(&account("gone", "", ""), &gone, &rules()), [Flag::NoPerson]);
    }

    #[test]
    fn leaver_with_active_account_is_flagged_and_explained() {
        let left = person("Daniel Novak", "daniel@parcelwise.io", EmploymentStatus::Left);
        let a = account("dnovak", "daniel@parcelwise.io", "Daniel Novak");
        let m = Match::Person(&left, MatchedBy::Email);
        assert_eq!(flags(&a, &m, &rules()), [Flag::Leaver]);
        let mut off = a.clone();
        off.active = false;
        assert!(flags(&off, &m, &rules()).is_empty());
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
        let f = flags(&a, &Match::Unmatched, &rules());
        assert_eq!(f, [Flag::NoPerson, Flag::NoMfa, Flag::Stale, Flag::Privileged, Flag::Shared]);
        let mut recent = account("ada", "", "Ada");
        recent.last_login = NaiveDate::from_ymd_opt(2026, 8, 22);
        assert!(!flags(&recent, &Match::Unmatched, &rules()).contains(&Flag::Stale), "exactly 90 days is not stale");
        let no_column = CheckRules { has_last_login: false, ..rules() };
        recent.last_login = None;
        assert!(!flags(&recent, &Match::Unmatched, &no_column).contains(&Flag::Stale));
    }
}

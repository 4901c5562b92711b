//! The reviewer's corrections, remembered per system: an account linked by hand to a
//! person, or labelled a service / shared account. The link changes the account in the
//! open review (its person, "matched by" and owner flags, the batch logged again) and is
//! kept in `access_link`, so the next review of the same system applies it first.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{named_params, OptionalExtension};

use super::check::{self, link_key, Link, Match};
use super::model::{AccountLabel, Flag, MatchedBy};
use super::store;
use crate::scope::{fmt_date, parse_date};
use crate::workbook::{Action, Entity, WorkbookError, WriteTx};

/// What a reviewer ties an account to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A person on the roster, by id.
    Person(String),
    /// No person: a service, shared or external account.
    Label(AccountLabel),
}

/// The links remembered for a system, keyed by [`link_key`] of the account name.
pub fn for_system(conn: &rusqlite::Connection, system_id: &str) -> Result<HashMap<String, Link>, WorkbookError> {
    let mut stmt = conn.prepare_cached(
        "SELECT identity, person_id, person_name, label, linked_in FROM access_link WHERE system_id = :s",
    )?;
    let rows = stmt.query_map(named_params! { ":s": system_id }, |r| {
        let identity: String = r.get(0)?;
        Ok((
            link_key(&identity),
            Link {
                person_id: r.get(1)?,
                person_name: r.get(2)?,
                label: r.get::<_, Option<String>>(3)?.and_then(|l| AccountLabel::parse(&l)),
                linked_in: parse_date(r.get(4)?).unwrap_or_default(),
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The link remembered for one account name of a system.
pub fn get(conn: &rusqlite::Connection, system_id: &str, identity: &str) -> Result<Option<Link>, WorkbookError> {
    Ok(for_system(conn, system_id)?.remove(&link_key(identity)))
}

/// Links accounts of an open review to a person or labels them, and remembers each link
/// for the review's system. Returns how many accounts changed. The accounts' rows are
/// changed in place and the review's account batch logged once.
pub fn link(
    w: &mut WriteTx<'_>,
    campaign_id: &str,
    account_ids: &[String],
    target: &LinkTarget,
) -> Result<u32, WorkbookError> {
    let c = store::require_open(w.sql(), campaign_id)?;
    let people = crate::people::list_conn(w.sql())?;
    let (person, label) = match target {
        LinkTarget::Person(id) => {
            let p = people.iter().find(|p| &p.id == id).ok_or_else(|| {
                WorkbookError::Invalid("That person is no longer on the roster: choose someone else.".to_owned())
            })?;
            (Some(p), None)
        }
        LinkTarget::Label(AccountLabel::Unknown) => {
            return Err(WorkbookError::Invalid(
                "\"Unknown\" is not something to remember: link the account to a person, or label it a service, shared or external account."
                    .to_owned(),
            ))
        }
        LinkTarget::Label(l) => (None, Some(*l)),
    };
    let link = Link {
        person_id: person.map(|p| p.id.clone()),
        person_name: person.map(|p| p.name.clone()).unwrap_or_default(),
        label,
        linked_in: c.as_of,
    };
    let m = Match::Linked(&link, person);
    let owner_bits = Flag::to_bits(&check::owner_flags(true, &m));
    let owner_bits_inactive = Flag::to_bits(&check::owner_flags(false, &m));
    let mask = Flag::Leaver.bit() | Flag::NoPerson.bit();
    let mut changed = 0u32;
    for id in account_ids {
        let row: Option<(String, bool, i64)> = w
            .sql()
            .query_row(
                "SELECT identity, active, flags FROM review_account WHERE id = :id AND campaign_id = :c",
                named_params! { ":id": id, ":c": campaign_id },
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((identity, active, flags)) = row else {
            return Err(WorkbookError::Invalid("That account is no longer in the review.".to_owned()));
        };
        let bits = (flags & !mask) | if active { owner_bits } else { owner_bits_inactive };
        w.sql().execute(
            "UPDATE review_account SET person_id = :p, matched_by = :m, flags = :f WHERE id = :id",
            named_params! { ":id": id, ":p": link.person_id, ":m": MatchedBy::Hand.as_str(), ":f": bits },
        )?;
        remember(w, &c.system_id, &identity, &link, campaign_id)?;
        if let Some(l) = label {
            super::decisions::set_label(w, id, Some(l))?;
        }
        changed += 1;
    }
    if changed > 0 {
        w.record_batch(Entity::ReviewAccount, campaign_id)?;
    }
    Ok(changed)
}

fn remember(
    w: &mut WriteTx<'_>,
    system_id: &str,
    identity: &str,
    link: &Link,
    campaign_id: &str,
) -> Result<(), WorkbookError> {
    let id = format!("{system_id}:{}", link_key(identity));
    let exists = w.exists(Entity::AccessLink, &id)?;
    w.sql().execute(
        "INSERT INTO access_link (id, system_id, identity, person_id, person_name, label, linked_in, campaign_id)
         VALUES (:id, :s, :identity, :p, :name, :label, :on, :c)
         ON CONFLICT (id) DO UPDATE SET identity = excluded.identity, person_id = excluded.person_id,
            person_name = excluded.person_name, label = excluded.label, linked_in = excluded.linked_in,
            campaign_id = excluded.campaign_id",
        named_params! {
            ":id": id, ":s": system_id, ":identity": identity.trim(), ":p": link.person_id,
            ":name": link.person_name, ":label": link.label.map(|l| l.as_str()),
            ":on": fmt_date(Some(link.linked_in)), ":c": campaign_id,
        },
    )?;
    w.record(Entity::AccessLink, &id, if exists { Action::Update } else { Action::Create })
}

/// The sentence the grid and panel show for an account linked by hand.
pub fn describe(link: &Link, person_on_roster: bool) -> String {
    let date: NaiveDate = link.linked_in;
    match (&link.label, person_on_roster) {
        (Some(l), _) => format!("Labelled {} by hand in the review of {date}", l.label().to_lowercase()),
        (None, true) => format!("Linked by hand in the review of {date}"),
        (None, false) => format!(
            "Linked by hand in the review of {date} to {}, who has since been removed from the roster",
            if link.person_name.is_empty() { "a person" } else { link.person_name.as_str() }
        ),
    }
}

/// Accounts of a review with no person behind them and no label yet, split into those
/// that look like machines (`svc-`, `ci-`, `-bot`, the root user: see
/// `presets::is_machine_name`) and the rest, the unknown people. The machines are what
/// the grid proposes to label in one bulk action; nothing is labelled without the reviewer.
pub fn unowned(conn: &rusqlite::Connection, campaign_id: &str) -> Result<Unowned, WorkbookError> {
    let (lo, hi) = store::account_range(campaign_id);
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.identity FROM review_account a LEFT JOIN review_decision d ON d.id = a.id
         WHERE a.id > :lo AND a.id < :hi AND a.person_id IS NULL AND a.flags & :np <> 0 AND d.label IS NULL
         ORDER BY a.id",
    )?;
    let mut out = Unowned::default();
    let mut rows = stmt.query(named_params! { ":lo": lo, ":hi": hi, ":np": Flag::NoPerson.bit() })?;
    while let Some(r) = rows.next()? {
        let identity: String = r.get(1)?;
        if super::presets::is_machine_name(&identity) {
            out.machines.push(r.get(0)?);
        } else {
            out.people += 1;
        }
    }
    Ok(out)
}

/// See [`unowned`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unowned {
    /// Ids of unlabelled accounts that look like machines.
    pub machines: Vec<String>,
    /// How many other accounts no one on the roster matches.
    pub people: u32,
}

//! A campaign's accounts as the grid, the export and the binder read them: filtered,
//! paged in file order, one at a time with the row as exported.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{named_params, params_from_iter, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::check::{self, FlagContext};
use super::model::{AccountLabel, CampaignStatus, Decision, DecisionFilter, Flag, MatchedBy};
use super::store::{self, account_range};
use crate::people::EmploymentStatus;
use crate::scope::parse_date;
use crate::workbook::WorkbookError;

/// Which accounts a grid page or a bulk decision covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountFilter {
    pub flag: Option<Flag>,
    /// Only flagged accounts (any flag).
    #[serde(default)]
    pub flagged_only: bool,
    pub decision: Option<DecisionFilter>,
    /// Only accounts tied to a person this way.
    #[serde(default)]
    pub matched_by: Option<MatchedBy>,
    /// Matches account, name or email, ignoring case.
    #[serde(default)]
    pub search: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct FlagReason {
    pub flag: Flag,
    pub message: String,
}

/// One account as the grid shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AccountRow {
    pub id: String,
    #[ts(type = "number")]
    pub line: i64,
    pub identity: String,
    pub display_name: String,
    pub email: String,
    pub roles: String,
    pub account_status: String,
    pub active: bool,
    #[ts(type = "string | null")]
    pub last_login: Option<NaiveDate>,
    pub mfa: Option<bool>,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub matched_by: Option<MatchedBy>,
    /// Linked by hand to someone since removed from the roster (`person_name` is the
    /// name the link kept).
    pub person_removed: bool,
    /// For an account linked by hand: when, e.g. "Linked by hand in the review of 2026-08-31".
    pub match_note: String,
    pub flags: Vec<FlagReason>,
    pub decision: Option<Decision>,
    pub reason: String,
    pub label: Option<AccountLabel>,
    pub decided_by: String,
    #[ts(type = "string | null")]
    pub decided_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AccountPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<AccountRow>,
}

const ROW_SELECT: &str = "SELECT a.id, a.line, a.identity, a.display_name, a.email, a.roles, a.account_status,
        a.active, a.last_login, a.mfa, a.person_id, p.name, a.matched_by, a.flags, d.decision, coalesce(d.reason, ''),
        d.label, coalesce(d.decided_by, ''), d.decided_on, p.status, p.end_date
    FROM review_account a
    LEFT JOIN review_decision d ON d.id = a.id
    LEFT JOIN person p ON p.id = a.person_id";

/// The WHERE clause and its values for a campaign and filter.
pub(crate) fn where_clause(campaign_id: &str, f: &AccountFilter) -> (String, Vec<SqlValue>) {
    let (lo, hi) = account_range(campaign_id);
    let mut sql = String::from(" WHERE a.id > ? AND a.id < ?");
    let mut values = vec![SqlValue::Text(lo), SqlValue::Text(hi)];
    if let Some(flag) = f.flag {
        sql.push_str(" AND a.flags & ? <> 0");
        values.push(SqlValue::Integer(flag.bit()));
    }
    if f.flagged_only {
        sql.push_str(" AND a.flags <> 0");
    }
    if let Some(m) = f.matched_by {
        sql.push_str(" AND a.matched_by = ?");
        values.push(SqlValue::Text(m.as_str().to_owned()));
    }
    match f.decision {
        None => {}
        Some(DecisionFilter::Undecided) => sql.push_str(" AND d.decision IS NULL"),
        Some(DecisionFilter::Decided) => sql.push_str(" AND d.decision IS NOT NULL"),
        Some(DecisionFilter::Keep) => sql.push_str(" AND d.decision = 'keep'"),
        Some(DecisionFilter::Revoke) => sql.push_str(" AND d.decision = 'revoke'"),
        Some(DecisionFilter::Change) => sql.push_str(" AND d.decision = 'change'"),
    }
    let search = f.search.trim().to_lowercase();
    if !search.is_empty() {
        let pattern = format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        sql.push_str(
            " AND (lower(a.identity) LIKE ? ESCAPE '\\' OR lower(a.display_name) LIKE ? ESCAPE '\\'
               OR lower(a.email) LIKE ? ESCAPE '\\')",
        );
        values.extend(std::iter::repeat_n(SqlValue::Text(pattern), 3));
    }
    (sql, values)
}

fn row(r: &Row<'_>, as_of: NaiveDate, stale_days: i64) -> rusqlite::Result<AccountRow> {
    let bits: i64 = r.get(13)?;
    let last_login = parse_date(r.get(8)?);
    let person_name: Option<String> = r.get(11)?;
    let roles: String = r.get(5)?;
    let left_on = match r.get::<_, Option<String>>(19)?.as_deref().and_then(EmploymentStatus::parse) {
        Some(EmploymentStatus::Left) => parse_date(r.get(20)?),
        _ => None,
    };
    let ctx = FlagContext {
        person_name: person_name.as_deref(),
        person_left_on: left_on,
        last_login,
        roles: &roles,
        as_of,
        stale_days,
    };
    let flags = Flag::from_bits(bits)
        .into_iter()
        .map(|flag| FlagReason { flag, message: check::explain(flag, &ctx) })
        .collect();
    Ok(AccountRow {
        id: r.get(0)?,
        line: r.get(1)?,
        identity: r.get(2)?,
        display_name: r.get(3)?,
        email: r.get(4)?,
        account_status: r.get(6)?,
        active: r.get(7)?,
        last_login,
        mfa: r.get(9)?,
        person_removed: r.get::<_, Option<String>>(10)?.is_some() && person_name.is_none(),
        person_id: r.get(10)?,
        matched_by: r.get::<_, Option<String>>(12)?.and_then(|m| MatchedBy::parse(&m)),
        match_note: String::new(),
        flags,
        decision: r.get::<_, Option<String>>(14)?.and_then(|d| Decision::parse(&d)),
        reason: r.get(15)?,
        label: r.get::<_, Option<String>>(16)?.and_then(|l| AccountLabel::parse(&l)),
        decided_by: r.get(17)?,
        decided_on: parse_date(r.get(18)?),
        person_name,
        roles,
    })
}

/// One page of a campaign's accounts in file order. Without a filter the page is read
/// straight from its place in the key (ids number the accounts 1..n), so any page of
/// 100,000 accounts costs the same; a filter is evaluated up to the page.
pub fn page(
    conn: &rusqlite::Connection,
    campaign_id: &str,
    filter: &AccountFilter,
    offset: u32,
    limit: u32,
) -> Result<AccountPage, WorkbookError> {
    let c = store::require(conn, campaign_id)?;
    let limit = i64::from(limit.min(5_000));
    let unfiltered = *filter == AccountFilter::default();
    let (clause, mut values) = where_clause(campaign_id, filter);
    let (total, rows) = if unfiltered {
        let total = store::account_count(conn, campaign_id)?;
        let (_, hi) = account_range(campaign_id);
        let start = format!("{campaign_id}:{:06}", u64::from(offset) + 1);
        let mut stmt =
            conn.prepare_cached(&format!("{ROW_SELECT} WHERE a.id >= ?1 AND a.id < ?2 ORDER BY a.id LIMIT ?3"))?;
        let rows = stmt
            .query_map(rusqlite::params![start, hi, limit], |r| row(r, c.as_of, i64::from(c.stale_days)))?
            .collect::<Result<Vec<_>, _>>()?;
        (total, rows)
    } else {
        keep_pages_cached(conn)?;
        let join = if filter.decision.is_some() { " LEFT JOIN review_decision d ON d.id = a.id" } else { "" };
        let total: u32 = conn.query_row(
            &format!("SELECT count(*) FROM review_account a{join}{clause}"),
            params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        values.push(SqlValue::Integer(limit));
        values.push(SqlValue::Integer(i64::from(offset)));
        let mut stmt = conn.prepare(&format!("{ROW_SELECT}{clause} ORDER BY a.id LIMIT ? OFFSET ?"))?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), |r| row(r, c.as_of, i64::from(c.stale_days)))?
            .collect::<Result<Vec<_>, _>>()?;
        (total, rows)
    };
    let mut rows = rows;
    annotate(conn, &c.system_id, &mut rows)?;
    Ok(AccountPage { total, offset, rows })
}

/// A filter is evaluated over every account of the campaign. SQLite's default page
/// cache (2 MB) holds a fraction of a 100,000-account review, so each grid page would
/// decrypt the whole table again (~200 ms); with 64 MB the next pages come from the
/// cache (~30 ms). The setting belongs to the connection and only ever grows here.
fn keep_pages_cached(conn: &rusqlite::Connection) -> Result<(), WorkbookError> {
    const KIB: i64 = -65_536;
    let current: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    // Negative values are KiB, positive values pages (of 4 KiB here).
    let current_kib = if current < 0 { -current } else { current * 4 };
    if current_kib < -KIB {
        conn.pragma_update(None, "cache_size", KIB)?;
    }
    Ok(())
}

/// Calls `f` with each account of a campaign matching a filter, in file order, one at
/// a time: a 200,000-account review is never held in memory (CSV export, binder).
pub fn each<E: From<WorkbookError>>(
    conn: &rusqlite::Connection,
    campaign_id: &str,
    filter: &AccountFilter,
    mut f: impl FnMut(AccountRow) -> Result<(), E>,
) -> Result<(), E> {
    let c = store::require(conn, campaign_id)?;
    let (clause, values) = where_clause(campaign_id, filter);
    let links = super::links::for_system(conn, &c.system_id)?;
    let mut stmt = conn.prepare(&format!("{ROW_SELECT}{clause} ORDER BY a.id")).map_err(WorkbookError::from)?;
    let rows = stmt
        .query_map(params_from_iter(values.iter()), |r| row(r, c.as_of, i64::from(c.stale_days)))
        .map_err(WorkbookError::from)?;
    for r in rows {
        let mut r = r.map_err(WorkbookError::from)?;
        note_hand_link(&links, &mut r);
        f(r)?;
    }
    Ok(())
}

/// Every account of a campaign matching a filter, in file order (export, binder).
pub fn all(
    conn: &rusqlite::Connection,
    campaign_id: &str,
    filter: &AccountFilter,
) -> Result<Vec<AccountRow>, WorkbookError> {
    let c = store::require(conn, campaign_id)?;
    let (clause, values) = where_clause(campaign_id, filter);
    let mut stmt = conn.prepare(&format!("{ROW_SELECT}{clause} ORDER BY a.id"))?;
    let mut rows = stmt
        .query_map(params_from_iter(values.iter()), |r| row(r, c.as_of, i64::from(c.stale_days)))?
        .collect::<Result<Vec<_>, _>>()?;
    annotate(conn, &c.system_id, &mut rows)?;
    Ok(rows)
}

/// Fills in what the system's hand links say about accounts linked by hand: when the
/// link was made, and the name of a linked person since removed from the roster.
fn annotate(conn: &rusqlite::Connection, system_id: &str, rows: &mut [AccountRow]) -> Result<(), WorkbookError> {
    if !rows.iter().any(|r| r.matched_by == Some(MatchedBy::Hand)) {
        return Ok(());
    }
    let links = super::links::for_system(conn, system_id)?;
    for r in rows.iter_mut() {
        note_hand_link(&links, r);
    }
    Ok(())
}

/// For an account linked by hand: when the link was made, and the name of a linked
/// person since removed from the roster.
fn note_hand_link(links: &std::collections::HashMap<String, check::Link>, r: &mut AccountRow) {
    if r.matched_by != Some(MatchedBy::Hand) {
        return;
    }
    let Some(link) = links.get(&check::link_key(&r.identity)) else { return };
    r.match_note = super::links::describe(link, !r.person_removed);
    if r.person_removed && !link.person_name.is_empty() {
        r.person_name = Some(link.person_name.clone());
    }
}

/// An account with its cells as exported, header by header.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AccountDetail {
    pub account: AccountRow,
    /// For an account no one was matched to although someone could fit: why, and who.
    pub candidates: Vec<Candidate>,
    pub ambiguity: String,
    pub raw: Vec<(String, String)>,
    pub campaign_status: CampaignStatus,
}

pub fn detail(conn: &rusqlite::Connection, account_id: &str) -> Result<Option<AccountDetail>, WorkbookError> {
    let Some(campaign_id) = account_id.split(':').next() else { return Ok(None) };
    let Some(c) = store::get_light(conn, campaign_id)? else { return Ok(None) };
    let mut stmt = conn.prepare(&format!("{ROW_SELECT} WHERE a.id = ?1"))?;
    let mut rows = stmt.query([account_id])?;
    let Some(r) = rows.next()? else { return Ok(None) };
    let mut account = row(r, c.as_of, i64::from(c.stale_days))?;
    drop(rows);
    drop(stmt);
    annotate(conn, &c.system_id, std::slice::from_mut(&mut account))?;
    let (candidates, ambiguity) =
        if account.matched_by.is_none() { candidates(conn, &account)? } else { (Vec::new(), String::new()) };
    let raw: String = conn.query_row("SELECT raw FROM review_account WHERE id = ?1", [account_id], |r| r.get(0))?;
    let cells: Vec<String> = serde_json::from_str(&raw).unwrap_or_default();
    let raw = c.headers.iter().cloned().zip(cells.into_iter().chain(std::iter::repeat(String::new()))).collect();
    Ok(Some(AccountDetail { account, raw, campaign_status: c.status, candidates, ambiguity }))
}

/// A person an unmatched account could belong to.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Candidate {
    pub person_id: String,
    pub name: String,
    pub email: String,
}

/// The people an unmatched account could be, by the matching rule, and why it could
/// not choose between them.
fn candidates(conn: &rusqlite::Connection, a: &AccountRow) -> Result<(Vec<Candidate>, String), WorkbookError> {
    let people = crate::people::list_conn(conn)?;
    let roster = check::Roster::new(&people);
    let parsed = super::read::ParsedAccount {
        line: a.line as u64,
        identity: a.identity.clone(),
        display_name: a.display_name.clone(),
        email: a.email.clone(),
        roles: a.roles.clone(),
        account_status: a.account_status.clone(),
        active: a.active,
        last_login: a.last_login,
        mfa: a.mfa,
        raw: String::new(),
    };
    Ok(match roster.find(&parsed) {
        check::Match::Ambiguous(people, why) => (
            people
                .iter()
                .map(|p| Candidate { person_id: p.id.clone(), name: p.name.clone(), email: p.email.clone() })
                .collect(),
            format!("Not matched automatically: {}. Link it by hand to the right person.", why.explain()),
        ),
        _ => (Vec::new(), String::new()),
    })
}

/// The id of the account in a campaign whose identity (or email) is `name`, ignoring case.
pub fn find_by_identity(
    conn: &rusqlite::Connection,
    campaign_id: &str,
    name: &str,
) -> Result<Option<String>, WorkbookError> {
    let (lo, hi) = account_range(campaign_id);
    let key = name.trim().to_lowercase();
    let mut stmt = conn.prepare(
        "SELECT id FROM review_account WHERE id > :lo AND id < :hi
         AND (lower(identity) = :k OR (email <> '' AND lower(email) = :k)) ORDER BY id LIMIT 1",
    )?;
    Ok(stmt.query_row(named_params! { ":lo": lo, ":hi": hi, ":k": key }, |r| r.get(0)).optional()?)
}

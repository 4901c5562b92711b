//! Importing a campaign's accounts: the preview, then one transaction with one prepared
//! statement and one batch log entry (see `Entity::batch_key`).

use chrono::NaiveDate;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{named_params, params_from_iter};
use serde::Serialize;
use ts_rs::TS;

use super::check::{self, CheckRules, Link, Match, Roster};
use super::model::{AccountLabel, Flag, Mapping, MatchedBy, Preset};
use super::read::{AccountFile, LineProblem};
use super::store::{self, account_range, FlagCount};
use crate::workbook::{Action, BatchDigest, Entity, WorkbookError, WriteTx};

/// The page cache while importing, in KiB (negative, as SQLite takes it).
const IMPORT_CACHE_KIB: i64 = -16_384;

/// Accounts shown in the preview; the counts cover the whole file.
const PREVIEW_SAMPLE: usize = 50;

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewAccount {
    #[ts(type = "number")]
    pub line: u64,
    pub identity: String,
    pub display_name: String,
    pub email: String,
    pub roles: String,
    pub active: bool,
    #[ts(type = "string | null")]
    pub last_login: Option<NaiveDate>,
    pub mfa: Option<bool>,
    pub person_name: Option<String>,
    pub matched_by: Option<MatchedBy>,
    pub flags: Vec<Flag>,
}

/// What an import would do, shown before anything is written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportPreview {
    pub detected: Preset,
    pub preset: Preset,
    pub mapping: Mapping,
    /// The mapping came from the last import for this system.
    pub remembered: bool,
    pub headers: Vec<String>,
    pub rows: u32,
    pub active: u32,
    pub matched: u32,
    pub by_flag: Vec<FlagCount>,
    pub problems: Vec<LineProblem>,
    pub problem_count: u32,
    pub sample: Vec<PreviewAccount>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportSummary {
    pub accounts: u32,
    pub matched: u32,
    pub flagged: u32,
    pub by_flag: Vec<FlagCount>,
}

fn rules(c: &store::Campaign, file: &AccountFile) -> CheckRules {
    CheckRules {
        as_of: c.as_of,
        stale_days: i64::from(c.stale_days),
        preset: file.preset,
        has_last_login: file.mapping.last_login.is_some()
            || (file.preset == Preset::AwsIam && !file.headers.is_empty()),
    }
}

/// Reads an export for a campaign: the caller's preset and mapping if given, else the
/// mapping remembered for the campaign's system when its preset fits the file, else the
/// preset's own.
pub fn read_for_campaign(
    conn: &rusqlite::Connection,
    campaign_id: &str,
    bytes: &[u8],
    preset: Option<Preset>,
    mapping: Option<&Mapping>,
) -> Result<(AccountFile, bool), super::AccessError> {
    let c = store::require(conn, campaign_id)?;
    let remembered = store::remembered_mapping(conn, &c.system_id)?;
    let mut used_memory = false;
    let file = super::read::read_accounts_with(bytes, preset, |detected, headers| {
        if let Some(m) = mapping {
            return m.clone();
        }
        let chosen = preset.unwrap_or(detected);
        if let Some((p, m)) = &remembered {
            let fits = [&m.identity, &m.display_name, &m.email, &m.roles, &m.status, &m.last_login, &m.mfa]
                .iter()
                .filter_map(|c| c.as_deref())
                .flat_map(|c| c.split(" + "))
                .all(|c| headers.iter().any(|h| h == c.trim()));
            if *p == chosen && fits {
                used_memory = true;
                return m.clone();
            }
        }
        super::presets::default_mapping(chosen, headers)
    })?;
    Ok((file, used_memory))
}

pub fn preview(
    conn: &rusqlite::Connection,
    campaign_id: &str,
    file: &AccountFile,
    remembered: bool,
) -> Result<ImportPreview, WorkbookError> {
    let c = store::require(conn, campaign_id)?;
    let people = crate::people::list_conn(conn)?;
    let roster = Roster::with_links(&people, super::links::for_system(conn, &c.system_id)?);
    let rules = rules(&c, file);
    let mut by_flag = vec![0u32; Flag::ALL.len()];
    let (mut active, mut matched) = (0u32, 0u32);
    let mut sample = Vec::new();
    for a in &file.accounts {
        let m = roster.find(a);
        let flags = check::flags(a, &m, &rules);
        for f in &flags {
            by_flag[*f as usize] += 1;
        }
        active += u32::from(a.active);
        matched += u32::from(m.person_id().is_some());
        if sample.len() < PREVIEW_SAMPLE {
            sample.push(PreviewAccount {
                line: a.line,
                identity: a.identity.clone(),
                display_name: a.display_name.clone(),
                email: a.email.clone(),
                roles: a.roles.clone(),
                active: a.active,
                last_login: a.last_login,
                mfa: a.mfa,
                person_name: m.person().map(|p| p.name.clone()),
                matched_by: m.matched_by(),
                flags,
            });
        }
    }
    Ok(ImportPreview {
        detected: file.detected,
        preset: file.preset,
        mapping: file.mapping.clone(),
        remembered,
        headers: file.headers.clone(),
        rows: file.accounts.len() as u32,
        active,
        matched,
        by_flag: flag_counts(&by_flag),
        problems: file.problems.clone(),
        problem_count: file.problem_count as u32,
        sample,
    })
}

fn flag_counts(by_flag: &[u32]) -> Vec<FlagCount> {
    Flag::ALL.iter().zip(by_flag).map(|(f, n)| FlagCount { flag: Some(*f), count: *n }).collect()
}

/// Imports the accounts into a campaign in the caller's transaction, replacing a list
/// imported earlier as long as no decision was made on it. Refused while the file has
/// problems. The accounts are logged as one batch entry (see `Entity::batch_key`).
pub fn import(
    w: &mut WriteTx<'_>,
    campaign_id: &str,
    file: &AccountFile,
    source_name: &str,
) -> Result<ImportSummary, WorkbookError> {
    let c = store::require_open(w.sql(), campaign_id)?;
    if !file.is_clean() {
        let first: Vec<String> = file
            .problems
            .iter()
            .take(3)
            .map(|p| if p.line == 0 { p.message.clone() } else { format!("line {}: {}", p.line, p.message) })
            .collect();
        return Err(WorkbookError::Invalid(format!(
            "Nothing was imported: the file has {} problem{} to fix first ({}).",
            file.problem_count,
            if file.problem_count == 1 { "" } else { "s" },
            first.join("; ")
        )));
    }
    let decided: i64 = w.sql().query_row(
        "SELECT count(*) FROM review_decision WHERE campaign_id = :c",
        named_params! { ":c": campaign_id },
        |r| r.get(0),
    )?;
    if decided > 0 {
        return Err(WorkbookError::Invalid(
            "Decisions were already made on this review's accounts, so its list cannot be replaced. Start a new review for the new list."
                .to_owned(),
        ));
    }
    clear(w, campaign_id)?;
    // A page cache for the bulk insert. Accounts are inserted in key order, so a full
    // cache spills finished pages to the log once and rarely touches them again: a
    // modest cache costs little time and keeps the import's memory small.
    let cache: i64 = w.sql().pragma_query_value(None, "cache_size", |r| r.get(0))?;
    w.sql().pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
    let people = crate::people::list_conn(w.sql())?;
    // The system's hand links apply first (see `check::Roster::find`).
    let roster = Roster::with_links(&people, super::links::for_system(w.sql(), &c.system_id)?);
    let rules = rules(&c, file);
    let mut labelled: Vec<(String, AccountLabel)> = Vec::new();
    let mut by_flag = vec![0u32; Flag::ALL.len()];
    let (mut matched, mut flagged) = (0u32, 0u32);
    let mut digest = BatchDigest::new();
    {
        let mut insert = w.sql().prepare(
            "INSERT INTO review_account (id, line, identity, display_name, email, roles, account_status,
                active, last_login, mfa, person_id, matched_by, flags, raw)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for (n, a) in file.accounts.iter().enumerate() {
            let m = roster.find(a);
            let flags = check::flags(a, &m, &rules);
            for f in &flags {
                by_flag[*f as usize] += 1;
            }
            matched += u32::from(m.person_id().is_some());
            flagged += u32::from(!flags.is_empty());
            let id = format!("{campaign_id}:{:06}", n + 1);
            if let Match::Linked(Link { label: Some(l), .. }, _) = &m {
                labelled.push((id.clone(), *l));
            }
            let last_login = a.last_login.map(|d| d.format("%Y-%m-%d").to_string());
            // In table column order: the digest must read as `verify` will read the row.
            let values = [
                text(&id),
                text(campaign_id),
                ValueRef::Integer(a.line as i64),
                text(&a.identity),
                text(&a.display_name),
                text(&a.email),
                text(&a.roles),
                text(&a.account_status),
                ValueRef::Integer(i64::from(a.active)),
                opt(last_login.as_deref()),
                a.mfa.map_or(ValueRef::Null, |m| ValueRef::Integer(i64::from(m))),
                opt(m.person_id()),
                opt(m.matched_by().map(MatchedBy::as_str)),
                ValueRef::Integer(Flag::to_bits(&flags)),
                text(&a.raw),
            ];
            // campaign_id (values[1]) is generated from the id, not inserted.
            let bound = values.iter().enumerate().filter(|(i, _)| *i != 1).map(|(_, v)| ToSqlOutput::Borrowed(*v));
            insert.execute(params_from_iter(bound))?;
            digest.add_values(&values);
        }
    }
    w.sql().pragma_update(None, "cache_size", cache)?;
    w.record_batch_digest(Entity::ReviewAccount, campaign_id, digest)?;
    // Accounts labelled by hand in an earlier review carry the label into this one.
    for (id, label) in labelled {
        super::decisions::set_label(w, &id, Some(label))?;
    }
    let headers = serde_json::to_string(&file.headers).map_err(|e| WorkbookError::Invalid(e.to_string()))?;
    w.sql().execute(
        "UPDATE access_review SET status = 'in_review', source_file = :src, preset = :preset, headers = :headers,
            imported_at = :at, account_count = :n WHERE id = :id",
        named_params! {
            ":id": campaign_id, ":src": source_name, ":preset": file.preset.as_str(), ":headers": headers,
            ":at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ":n": file.accounts.len() as i64,
        },
    )?;
    w.record(Entity::AccessReview, campaign_id, Action::Update)?;
    store::remember_mapping(w, &c.system_id, file.preset, &file.mapping)?;
    Ok(ImportSummary { accounts: file.accounts.len() as u32, matched, flagged, by_flag: flag_counts(&by_flag) })
}

fn text(s: &str) -> ValueRef<'_> {
    ValueRef::Text(s.as_bytes())
}

fn opt(s: Option<&str>) -> ValueRef<'_> {
    s.map_or(ValueRef::Null, text)
}

/// Removes a campaign's accounts, decisions and remediation, every removal logged.
pub(crate) fn clear(w: &mut WriteTx<'_>, campaign_id: &str) -> Result<(), WorkbookError> {
    for (table, entity) in
        [("review_remediation", Entity::ReviewRemediation), ("review_decision", Entity::ReviewDecision)]
    {
        let ids: Vec<String> = {
            let mut stmt = w.sql().prepare(&format!("SELECT id FROM {table} WHERE campaign_id = :c"))?;
            let rows = stmt.query_map(named_params! { ":c": campaign_id }, |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        for id in ids {
            w.sql().execute(&format!("DELETE FROM {table} WHERE id = :id"), named_params! { ":id": id })?;
            w.record(entity, &id, Action::Delete)?;
        }
    }
    let (lo, hi) = account_range(campaign_id);
    let removed = w
        .sql()
        .execute("DELETE FROM review_account WHERE id > :lo AND id < :hi", named_params! { ":lo": lo, ":hi": hi })?;
    if removed > 0 {
        w.record_batch(Entity::ReviewAccount, campaign_id)?;
    }
    Ok(())
}

//! Scope decisions: the report type and date, the categories in scope (and so the
//! criteria), and the system description. Changing scope never deletes work: items tied
//! to an out-of-scope category are hidden, not removed.

pub mod criteria;
pub mod description;

use chrono::NaiveDate;
use rusqlite::{named_params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{Category, CriteriaCatalog};
use crate::workbook::{Action, Entity, Workbook, WorkbookError, WriteTx};

const SCOPE_ID: &str = "scope";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportType {
    /// Controls are suitably designed as of one date.
    #[default]
    Type1,
    /// Controls also operated effectively over a period (the product prepares Type I now).
    Type2,
}

impl ReportType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Type1 => "type1",
            Self::Type2 => "type2",
        }
    }

    fn parse(s: &str) -> Self {
        if s == "type2" {
            Self::Type2
        } else {
            Self::Type1
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Type1 => "SOC 2 Type I",
            Self::Type2 => "SOC 2 Type II",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Scope {
    pub report_type: ReportType,
    #[ts(type = "string | null")]
    pub as_of_date: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub period_start: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub period_end: Option<NaiveDate>,
    /// What the report calls the system, e.g. "Parcelwise tracking platform".
    pub system_name: String,
}

/// One category's scope decision with our guidance on when it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CategoryScope {
    pub category: Category,
    pub name: String,
    pub always_in_scope: bool,
    pub in_scope: bool,
    pub rationale: String,
    pub summary: String,
    pub when_to_include: String,
    pub criteria_count: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ScopeOverview {
    pub scope: Scope,
    pub categories: Vec<CategoryScope>,
    pub criteria_in_scope: u32,
    pub systems_in_scope: u32,
    pub systems_out_of_scope: u32,
}

pub fn get(wb: &Workbook) -> Result<Scope, WorkbookError> {
    let row = wb
        .conn()
        .query_row(
            "SELECT report_type, as_of_date, period_start, period_end, system_name FROM scope WHERE id = :id",
            named_params! { ":id": SCOPE_ID },
            |r| {
                Ok(Scope {
                    report_type: ReportType::parse(&r.get::<_, String>(0)?),
                    as_of_date: parse_date(r.get(1)?),
                    period_start: parse_date(r.get(2)?),
                    period_end: parse_date(r.get(3)?),
                    system_name: r.get(4)?,
                })
            },
        )
        .optional()?;
    Ok(row.unwrap_or_default())
}

/// The as-of date alone, for the rules that judge against it.
pub(crate) fn as_of_date(conn: &rusqlite::Connection) -> Result<Option<NaiveDate>, WorkbookError> {
    let date: Option<Option<String>> = conn
        .query_row("SELECT as_of_date FROM scope WHERE id = :id", named_params! { ":id": SCOPE_ID }, |r| r.get(0))
        .optional()?;
    Ok(parse_date(date.flatten()))
}

pub fn update(w: &mut WriteTx<'_>, scope: &Scope) -> Result<(), WorkbookError> {
    if let (Some(start), Some(end)) = (scope.period_start, scope.period_end) {
        if end <= start {
            return Err(WorkbookError::Invalid("The period must end after it starts.".to_owned()));
        }
    }
    let existed = w.exists(Entity::Scope, SCOPE_ID)?;
    w.sql().execute(
        "INSERT INTO scope (id, report_type, as_of_date, period_start, period_end, system_name)
         VALUES (:id, :type, :as_of, :start, :end, :name)
         ON CONFLICT (id) DO UPDATE SET report_type = excluded.report_type, as_of_date = excluded.as_of_date,
             period_start = excluded.period_start, period_end = excluded.period_end, system_name = excluded.system_name",
        named_params! {
            ":id": SCOPE_ID, ":type": scope.report_type.as_str(), ":as_of": fmt_date(scope.as_of_date),
            ":start": fmt_date(scope.period_start), ":end": fmt_date(scope.period_end),
            ":name": scope.system_name.trim(),
        },
    )?;
    w.record(Entity::Scope, SCOPE_ID, if existed { Action::Update } else { Action::Create })
}

/// The five categories with each one's decision. Categories never decided read as out
/// of scope, except Security, which is always in.
pub fn categories(wb: &Workbook) -> Result<Vec<CategoryScope>, WorkbookError> {
    categories_conn(wb.conn())
}

pub(crate) fn in_scope_categories_conn(conn: &rusqlite::Connection) -> Result<Vec<Category>, WorkbookError> {
    Ok(categories_conn(conn)?.into_iter().filter(|c| c.in_scope).map(|c| c.category).collect())
}

fn categories_conn(conn: &rusqlite::Connection) -> Result<Vec<CategoryScope>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT c.key, c.name, c.always_in_scope, c.summary, c.when_to_include,
                coalesce(s.in_scope, c.always_in_scope), coalesce(s.rationale, ''),
                (SELECT count(*) FROM criterion WHERE category = c.key)
         FROM criteria_category c LEFT JOIN scope_category s ON s.id = c.key
         ORDER BY c.sort",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            CategoryScope {
                category: Category::Security,
                name: r.get(1)?,
                always_in_scope: r.get(2)?,
                summary: r.get(3)?,
                when_to_include: r.get(4)?,
                in_scope: r.get(5)?,
                rationale: r.get(6)?,
                criteria_count: r.get(7)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (key, mut c) = row?;
        // Rows come from our own catalog; an unknown key means a newer catalog's
        // category this build cannot reason about, so it is left out rather than guessed.
        let Some(category) = Category::parse(&key) else { continue };
        c.category = category;
        c.in_scope |= category.always_in_scope();
        out.push(c);
    }
    Ok(out)
}

pub fn in_scope_categories(wb: &Workbook) -> Result<Vec<Category>, WorkbookError> {
    Ok(categories(wb)?.into_iter().filter(|c| c.in_scope).map(|c| c.category).collect())
}

/// Puts a category in or out of scope. Security cannot be taken out. Work tied to a
/// category that goes out of scope stays in the workbook, hidden.
pub fn set_category(
    w: &mut WriteTx<'_>,
    category: Category,
    in_scope: bool,
    rationale: &str,
) -> Result<(), WorkbookError> {
    if category.always_in_scope() && !in_scope {
        return Err(WorkbookError::Invalid(
            "Security is always in scope: every SOC 2 report covers the common criteria.".to_owned(),
        ));
    }
    let existed = w.exists(Entity::ScopeCategory, category.as_str())?;
    w.sql().execute(
        "INSERT INTO scope_category (id, in_scope, rationale) VALUES (:id, :in_scope, :rationale)
         ON CONFLICT (id) DO UPDATE SET in_scope = excluded.in_scope, rationale = excluded.rationale",
        named_params! { ":id": category.as_str(), ":in_scope": in_scope, ":rationale": rationale.trim() },
    )?;
    w.record(Entity::ScopeCategory, category.as_str(), if existed { Action::Update } else { Action::Create })?;
    // A category coming into scope brings its checklist items; one going out hides them.
    crate::checklist::sync_with_scope(w)?;
    Ok(())
}

pub fn overview(wb: &Workbook) -> Result<ScopeOverview, WorkbookError> {
    let categories = categories(wb)?;
    let criteria_in_scope = categories.iter().filter(|c| c.in_scope).map(|c| c.criteria_count).sum();
    let (systems_in_scope, systems_out_of_scope): (u32, u32) = wb.conn().query_row(
        "SELECT coalesce(sum(in_scope), 0), coalesce(sum(1 - in_scope), 0) FROM system",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(ScopeOverview { scope: get(wb)?, categories, criteria_in_scope, systems_in_scope, systems_out_of_scope })
}

/// The catalog a workbook holds, falling back to the built-in one for text that only
/// lives in assets (description prompts).
pub fn catalog() -> &'static CriteriaCatalog {
    CriteriaCatalog::embedded()
}

pub(crate) fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
}

pub(crate) fn fmt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

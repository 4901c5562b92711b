//! How the assessment is done: the appetite (a setting), the meaning of each scale
//! level (our defaults unless edited: `risk_scale`), and the "risk assessment
//! performed" sign-offs (`risk_signoff`), each written through the change log.

use chrono::NaiveDate;
use rusqlite::{named_params, OptionalExtension};

use super::library::{LibraryLevel, RiskLibrary};
use super::model::{Dimension, ScaleLevel, Scales, Signoff, SignoffInput};
use super::scoring::DEFAULT_APPETITE;
use crate::scope::parse_date;
use crate::workbook::{Action, Entity, WorkbookError, WriteTx};

const APPETITE_KEY: &str = "risk_appetite";

/// The highest residual score tolerated without a formal acceptance.
pub fn appetite(conn: &rusqlite::Connection) -> Result<u8, WorkbookError> {
    Ok(crate::settings::get(conn, APPETITE_KEY)?
        .and_then(|v| v.parse::<u8>().ok())
        .filter(|v| (1..=25).contains(v))
        .unwrap_or(DEFAULT_APPETITE))
}

pub fn set_appetite(w: &mut WriteTx<'_>, appetite: u8) -> Result<(), WorkbookError> {
    if !(1..=25).contains(&appetite) {
        return Err(WorkbookError::Invalid(format!(
            "The risk appetite is a score from 1 to 25 (likelihood times impact), not {appetite}."
        )));
    }
    crate::settings::set(w, APPETITE_KEY, &appetite.to_string())
}

fn defaults(dimension: Dimension) -> &'static [LibraryLevel] {
    let s = &RiskLibrary::embedded().scales;
    match dimension {
        Dimension::Likelihood => &s.likelihood,
        Dimension::Impact => &s.impact,
    }
}

/// Both scales, level 1 to 5, with the team's wording where they changed ours.
pub fn scales(conn: &rusqlite::Connection) -> Result<Scales, WorkbookError> {
    let mut stmt = conn.prepare("SELECT dimension, level, label, meaning FROM risk_scale")?;
    let edited: Vec<(String, u8, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
    let build = |dimension: Dimension| -> Vec<ScaleLevel> {
        defaults(dimension)
            .iter()
            .map(|d| match edited.iter().find(|e| e.0 == dimension.as_str() && e.1 == d.level) {
                Some((_, level, label, meaning)) => ScaleLevel {
                    dimension,
                    level: *level,
                    label: label.clone(),
                    meaning: meaning.clone(),
                    edited: true,
                },
                None => ScaleLevel {
                    dimension,
                    level: d.level,
                    label: d.label.clone(),
                    meaning: d.meaning.clone(),
                    edited: false,
                },
            })
            .collect()
    };
    Ok(Scales { likelihood: build(Dimension::Likelihood), impact: build(Dimension::Impact) })
}

/// Rewrites what one level means for this workbook.
pub fn set_scale(
    w: &mut WriteTx<'_>,
    dimension: Dimension,
    level: u8,
    label: &str,
    meaning: &str,
) -> Result<(), WorkbookError> {
    let (label, meaning) = (label.trim(), meaning.trim());
    if !(1..=5).contains(&level) {
        return Err(WorkbookError::Invalid(format!("Scales have levels 1 to 5, not {level}.")));
    }
    if label.is_empty() || meaning.is_empty() {
        return Err(WorkbookError::Invalid(format!(
            "Give {} level {level} a name and say what it means.",
            dimension.label().to_lowercase()
        )));
    }
    let id = format!("{}/{level}", dimension.as_str());
    let existed = w.exists(Entity::RiskScale, &id)?;
    w.sql().execute(
        "INSERT INTO risk_scale (id, dimension, level, label, meaning) VALUES (:id, :d, :l, :label, :meaning)
         ON CONFLICT (id) DO UPDATE SET label = excluded.label, meaning = excluded.meaning",
        named_params! { ":id": id, ":d": dimension.as_str(), ":l": level, ":label": label, ":meaning": meaning },
    )?;
    w.record(Entity::RiskScale, &id, if existed { Action::Update } else { Action::Create })
}

/// Records that the risk assessment was performed, by whom, when and how. Repeating the
/// latest sign-off exactly (same person, date, method and register size) records nothing new.
pub fn sign_off(w: &mut WriteTx<'_>, input: &SignoffInput) -> Result<String, WorkbookError> {
    let method = input.method.trim();
    if crate::people::get(w.sql(), &input.signed_by)?.is_none() {
        return Err(WorkbookError::Invalid("Choose who signs off the risk assessment from the roster.".to_owned()));
    }
    if method.len() < 20 {
        return Err(WorkbookError::Invalid(
            "Describe how the assessment was done (who took part, what was considered, which scales were used) in a sentence or two."
                .to_owned(),
        ));
    }
    let risk_count: u32 = w.sql().query_row("SELECT count(*) FROM risk WHERE status <> 'closed'", [], |r| r.get(0))?;
    if risk_count == 0 {
        return Err(WorkbookError::Invalid(
            "The register is empty: add the risks you assessed before signing off.".to_owned(),
        ));
    }
    // The same sign-off twice (a double click, a script run again) is one record.
    if let Some(latest) = latest_signoff(w.sql())? {
        if latest.signed_by == input.signed_by
            && latest.signed_on == input.signed_on
            && latest.method == method
            && latest.risk_count == risk_count
        {
            return Ok(latest.id);
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    w.sql().execute(
        "INSERT INTO risk_signoff (id, signed_by, signed_on, method, risk_count) VALUES (:id, :by, :on, :m, :n)",
        named_params! {
            ":id": id, ":by": input.signed_by, ":on": input.signed_on.format("%Y-%m-%d").to_string(),
            ":m": method, ":n": risk_count,
        },
    )?;
    w.record(Entity::RiskSignoff, &id, Action::Create)?;
    Ok(id)
}

/// The most recent sign-off (latest date, then latest recorded).
pub fn latest_signoff(conn: &rusqlite::Connection) -> Result<Option<Signoff>, WorkbookError> {
    let row = conn
        .query_row(
            "SELECT s.id, s.signed_by, coalesce(p.name, ''), s.signed_on, s.method, s.risk_count
             FROM risk_signoff s LEFT JOIN person p ON p.id = s.signed_by
             ORDER BY s.signed_on DESC, s.rowid DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, u32>(5)?,
                ))
            },
        )
        .optional()?;
    Ok(row.and_then(|(id, signed_by, signed_by_name, on, method, risk_count)| {
        let signed_on: NaiveDate = parse_date(Some(on))?;
        Some(Signoff { id, signed_by, signed_by_name, signed_on, method, risk_count })
    }))
}

//! The register as CSV, so a consultant can bring a client's spreadsheet and take the
//! register back out. The header is exactly [`HEADER`]; dates are YYYY-MM-DD.
//!
//! Import is previewed line by line (unknown category words, scores outside 1 to 5 or
//! not numbers, bad dates, owners not on the roster, titles repeated in the file) and
//! applied in one transaction, or not at all while any line has a problem. A title
//! already in the register updates that risk, keeping what the file does not carry
//! (systems, controls, acceptance, status, treatment notes).

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::model::{Risk, RiskCategory, RiskInput, Treatment};
use super::store::{self, title_key};
use crate::import::dates::parse_date;
use crate::import::table::{csv_safe, normalise_label, Table};
use crate::import::{ExpectedColumn, ImportError};
use crate::text::single_spaced;
use crate::workbook::{WorkbookError, WriteTx};

pub const HEADER: [&str; 10] = [
    "title",
    "description",
    "category",
    "owner_email",
    "likelihood",
    "impact",
    "treatment",
    "residual_likelihood",
    "residual_impact",
    "review_date",
];

/// One line of the file as read, before the roster and the register are consulted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRow {
    pub line: u64,
    pub title: String,
    pub description: String,
    pub category: Option<RiskCategory>,
    pub owner_email: String,
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    pub treatment: Treatment,
    /// Empty in the file means "same as the inherent score".
    pub residual_likelihood: Option<u8>,
    pub residual_impact: Option<u8>,
    pub review_date: Option<NaiveDate>,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskFile {
    pub rows: Vec<RiskRow>,
}

/// Reads a register CSV. Refuses the file as a whole only when it is not a CSV with
/// our columns; everything about single lines becomes a problem on that line.
pub fn parse_risks(bytes: &[u8]) -> Result<RiskFile, ImportError> {
    let table = Table::parse(bytes)?;
    let columns: Vec<Option<usize>> = HEADER.iter().map(|h| table.find_column(&[&normalise_label(h)])).collect();
    let missing: Vec<ExpectedColumn> = HEADER
        .iter()
        .zip(&columns)
        .filter(|(_, c)| c.is_none())
        .map(|(h, _)| ExpectedColumn { field: h.replace('_', " "), accepted: vec![(*h).to_owned()] })
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns { missing, found: table.headers.clone() });
    }
    if table.rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let mut rows: Vec<RiskRow> = Vec::new();
    // First line of each title key, so duplicates are found in one pass (a 100,000-line
    // file compared line against line would take hours).
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in &table.rows {
        let cell = |i: usize| columns[i].map_or("", |c| row.cell(c));
        let mut problems = Vec::new();
        let title = single_spaced(cell(0));
        if title.is_empty() {
            problems.push("The title is empty.".to_owned());
        } else {
            match first_line.entry(title_key(&title)) {
                Entry::Occupied(first) => problems.push(format!(
                    "\"{title}\" is already on line {} (titles are compared ignoring case and spacing).",
                    first.get()
                )),
                Entry::Vacant(slot) => {
                    slot.insert(row.line);
                }
            }
        }
        let category = parse_category(cell(2));
        if category.is_none() {
            let expected: Vec<&str> = RiskCategory::ALL.iter().map(|c| c.as_str()).collect();
            problems.push(if cell(2).is_empty() {
                format!("The category is empty. Use one of: {}.", expected.join(", "))
            } else {
                format!("\"{}\" is not a risk category. Use one of: {}.", cell(2), expected.join(", "))
            });
        }
        let owner_email = cell(3).to_lowercase();
        let mut score = |i: usize, required: bool| -> Option<u8> {
            let text = cell(i);
            let what = HEADER[i].replace('_', " ");
            if text.is_empty() {
                if required {
                    problems.push(format!("The {what} is empty. Give a number from 1 to 5."));
                }
                return None;
            }
            match text.parse::<u8>() {
                Ok(n) if (1..=5).contains(&n) => Some(n),
                Ok(_) | Err(_) => {
                    problems.push(format!("The {what} \"{text}\" is not a number from 1 to 5."));
                    None
                }
            }
        };
        let likelihood = score(4, true);
        let impact = score(5, true);
        let residual_likelihood = score(7, false);
        let residual_impact = score(8, false);
        let treatment = match normalise_label(cell(6)).as_str() {
            "" => Treatment::Mitigate,
            word => Treatment::ALL.iter().copied().find(|t| t.as_str() == word).unwrap_or_else(|| {
                problems.push(format!("\"{}\" is not a treatment. Use mitigate, accept, transfer or avoid.", cell(6)));
                Treatment::Mitigate
            }),
        };
        let review_date = parse_date(cell(9)).unwrap_or_else(|p| {
            problems.push(format!("The review date \"{}\" is not a date: {p}", cell(9)));
            None
        });
        rows.push(RiskRow {
            line: row.line,
            title,
            description: cell(1).to_owned(),
            category,
            owner_email,
            likelihood,
            impact,
            treatment,
            residual_likelihood,
            residual_impact,
            review_date,
            problems,
        });
    }
    Ok(RiskFile { rows })
}

/// A category word as people write it: "processing integrity", "Business-Change",
/// the label ("Vendors") or the stored key.
fn parse_category(text: &str) -> Option<RiskCategory> {
    let word = normalise_label(text);
    RiskCategory::ALL
        .iter()
        .copied()
        .find(|c| normalise_label(c.as_str()) == word || normalise_label(c.label()) == word)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RiskRowAction {
    Add,
    /// Updates the risk of the same title already in the register.
    Update,
    Unchanged,
    /// The line has problems; nothing can be imported until they are fixed.
    Problem,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RiskPreviewRow {
    #[ts(type = "number")]
    pub line: u64,
    pub action: RiskRowAction,
    pub title: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RiskPreview {
    pub rows: Vec<RiskPreviewRow>,
    pub to_add: u32,
    pub to_update: u32,
    pub unchanged: u32,
    pub with_problems: u32,
}

/// The risk a line updates (if any), the risk as it would be saved (none while the line
/// has problems), and the line's problems.
type Resolved = (Option<String>, Option<RiskInput>, Vec<String>);

/// The register as it stands, read once per preview or import: by id, and ids by title
/// key. Looking each line up in the database instead re-read the whole register per
/// line, which made a 10,000-line file take minutes.
struct Current {
    by_id: HashMap<String, Risk>,
    by_title: HashMap<String, String>,
}

impl Current {
    fn read(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Self, WorkbookError> {
        let mut by_id = HashMap::new();
        let mut by_title = HashMap::new();
        for risk in store::list(conn, today)? {
            by_title.entry(title_key(&risk.input.title)).or_insert_with(|| risk.id.clone());
            by_id.insert(risk.id.clone(), risk);
        }
        Ok(Self { by_id, by_title })
    }

    fn input(&self, id: &str) -> Option<&RiskInput> {
        self.by_id.get(id).map(|r| &r.input)
    }
}

fn resolve(conn: &rusqlite::Connection, current: &Current, row: &RiskRow) -> Result<Resolved, WorkbookError> {
    let mut problems = row.problems.clone();
    let mut owner_id = None;
    if !row.owner_email.is_empty() {
        match crate::people::find_by_email(conn, &row.owner_email)? {
            Some(p) => owner_id = Some(p.id),
            None => problems.push(format!("Nobody on the roster has the email address {}.", row.owner_email)),
        }
    }
    let existing = if row.title.is_empty() { None } else { current.by_title.get(&title_key(&row.title)).cloned() };
    let mut input = existing.as_deref().and_then(|id| current.input(id)).cloned().unwrap_or_default();
    if row.treatment == Treatment::Accept && input.acceptance.is_none() {
        problems.push(
            "Treatment \"accept\" needs an approver from the roster, a date and a reason, which a CSV line cannot carry. Import the line as mitigate, then accept the risk in the app or with `readiness risks accept`."
                .to_owned(),
        );
    }
    let (Some(category), Some(likelihood), Some(impact)) = (row.category, row.likelihood, row.impact) else {
        return Ok((existing, None, problems));
    };
    if !problems.is_empty() {
        return Ok((existing, None, problems));
    }
    input.title = row.title.clone();
    input.description = row.description.clone();
    input.category = category;
    input.owner_id = owner_id;
    input.likelihood = likelihood;
    input.impact = impact;
    input.treatment = row.treatment;
    input.residual_likelihood = row.residual_likelihood.unwrap_or(likelihood);
    input.residual_impact = row.residual_impact.unwrap_or(impact);
    input.review_date = row.review_date;
    Ok((existing, Some(input), problems))
}

pub fn preview(conn: &rusqlite::Connection, file: &RiskFile, today: NaiveDate) -> Result<RiskPreview, WorkbookError> {
    let mut out = RiskPreview { rows: Vec::new(), to_add: 0, to_update: 0, unchanged: 0, with_problems: 0 };
    let current = Current::read(conn, today)?;
    for row in &file.rows {
        let (existing, input, problems) = resolve(conn, &current, row)?;
        let action = match (input, existing) {
            (None, _) => {
                out.with_problems += 1;
                RiskRowAction::Problem
            }
            (Some(input), Some(id)) => {
                if current.input(&id) == Some(&input) {
                    out.unchanged += 1;
                    RiskRowAction::Unchanged
                } else {
                    out.to_update += 1;
                    RiskRowAction::Update
                }
            }
            (Some(_), None) => {
                out.to_add += 1;
                RiskRowAction::Add
            }
        };
        out.rows.push(RiskPreviewRow { line: row.line, action, title: row.title.clone(), problems });
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct RiskImportResult {
    pub added: u32,
    pub updated: u32,
}

/// Imports the file in the caller's transaction, or refuses it whole, naming every
/// line with a problem.
pub fn apply(w: &mut WriteTx<'_>, file: &RiskFile, today: NaiveDate) -> Result<RiskImportResult, WorkbookError> {
    let plan = preview(w.sql(), file, today)?;
    crate::import::refuse_lines_with_problems(
        plan.rows.iter().filter(|r| r.action == RiskRowAction::Problem).map(|r| (r.line, r.problems.as_slice())),
    )?;
    let mut result = RiskImportResult { added: 0, updated: 0 };
    // Titles in the file are distinct (a repeat is a line problem, refused above), so
    // no line changes a risk another line reads: the register as it was is enough.
    let current = Current::read(w.sql(), today)?;
    let mut titles = store::titles(w.sql())?;
    for row in &file.rows {
        let (existing, input, _) = resolve(w.sql(), &current, row)?;
        let Some(input) = input else { continue };
        match existing {
            Some(id) => {
                if current.input(&id).is_some_and(|old| *old != input) {
                    store::update_titled(w, &id, &input, &mut titles)?;
                    result.updated += 1;
                }
            }
            None => {
                store::create_titled(w, &input, &mut titles)?;
                result.added += 1;
            }
        }
    }
    Ok(result)
}

/// The register as CSV bytes, owners written as their email addresses.
pub fn export(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<u8>, WorkbookError> {
    let failed = |e: csv::Error| {
        WorkbookError::Invalid(format!("The risk register could not be written as CSV ({e}). Try the export again."))
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER).map_err(failed)?;
    for r in store::list(conn, today)? {
        let i = &r.input;
        writer
            .write_record([
                csv_safe(&i.title),
                csv_safe(&i.description),
                i.category.as_str().to_owned(),
                r.owner_email.clone().unwrap_or_default(),
                i.likelihood.to_string(),
                i.impact.to_string(),
                i.treatment.as_str().to_owned(),
                i.residual_likelihood.to_string(),
                i.residual_impact.to_string(),
                i.review_date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            ])
            .map_err(failed)?;
    }
    writer.into_inner().map_err(|e| failed(csv::Error::from(e.into_error())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "title,description,category,owner_email,likelihood,impact,treatment,residual_likelihood,residual_impact,review_date\n";

    fn problems(body: &str) -> Vec<(u64, Vec<String>)> {
        let file = parse_risks(format!("{HEAD}{body}").as_bytes()).unwrap();
        file.rows.into_iter().map(|r| (r.line, r.problems)).collect()
    }

    #[test]
    fn a_file_of_one_line_repeated_is_read_in_one_pass() {
        // Found by the hostile-input corpus: duplicates were found by comparing every
        // line with every earlier one, so 100,000 lines took hours.
        let body = "Same risk,,security,,3,3,,,,\n".repeat(50_000);
        let rows = problems(&body);
        assert_eq!(rows.len(), 50_000);
        assert!(rows[0].1.is_empty());
        assert!(rows[49_999].1[0].contains("already on line 2"), "{:?}", rows[49_999].1);
    }

    #[test]
    fn a_clean_line_reads_with_defaults_for_empty_cells() {
        let file = parse_risks(
            format!("{HEAD}Laptop stolen,A laptop is lost,Confidentiality,,3,2,,,,2027-01-31\n").as_bytes(),
        )
        .unwrap();
        let r = &file.rows[0];
        assert_eq!(r.line, 2);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.category, Some(RiskCategory::Confidentiality));
        assert_eq!((r.likelihood, r.impact, r.residual_likelihood), (Some(3), Some(2), None));
        assert_eq!(r.treatment, Treatment::Mitigate);
        assert_eq!(r.review_date, NaiveDate::from_ymd_opt(2027, 1, 31));
    }

    #[test]
    fn category_words_are_read_loosely_but_unknown_ones_are_problems() {
        assert_eq!(parse_category("Processing Integrity"), Some(RiskCategory::ProcessingIntegrity));
        assert_eq!(parse_category("business-change"), Some(RiskCategory::BusinessChange));
        assert_eq!(parse_category("Vendors"), Some(RiskCategory::Vendor));
        let p = problems("A,,compliance,,3,3,,,,\n");
        assert!(p[0].1[0].contains("\"compliance\" is not a risk category"), "{:?}", p);
    }

    #[test]
    fn scores_outside_one_to_five_or_not_numbers_are_problems_on_their_line() {
        let p = problems("A,,security,,0,3,,,,\nB,,security,,3,high,,,,\nC,,security,,3,3,,6,,\nD,,security,,,3,,,,\n");
        assert!(p[0].1[0].contains("likelihood \"0\" is not a number from 1 to 5"), "{:?}", p[0]);
        assert!(p[1].1[0].contains("impact \"high\""), "{:?}", p[1]);
        assert!(p[2].1[0].contains("residual likelihood \"6\""), "{:?}", p[2]);
        assert!(p[3].1[0].contains("likelihood is empty"), "{:?}", p[3]);
        assert_eq!(p.iter().map(|x| x.0).collect::<Vec<_>>(), vec![2, 3, 4, 5]);
    }

    #[test]
    fn bad_dates_and_treatments_are_problems() {
        let p = problems("A,,security,,3,3,,,,31/02/2027\nB,,security,,3,3,ignore,,,\n");
        assert!(p[0].1[0].contains("review date"), "{:?}", p[0]);
        assert!(p[1].1[0].contains("not a treatment"), "{:?}", p[1]);
    }

    #[test]
    fn duplicate_titles_ignore_case_and_spacing() {
        let p = problems("Laptop  stolen,,security,,3,3,,,,\nlaptop stolen ,,security,,3,3,,,,\n");
        assert!(p[0].1.is_empty());
        assert!(p[1].1[0].contains("already on line 2"), "{:?}", p[1]);
    }

    #[test]
    fn a_file_without_our_columns_is_refused_naming_them() {
        let err = parse_risks(b"name,score\nA,3\n").unwrap_err();
        assert!(err.to_string().contains("residual likelihood"), "{err}");
    }
}

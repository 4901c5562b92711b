//! The systems inventory from a CSV, so a consultant can load a client's inventory in
//! one step. The columns are [`HEADER`]; only `name` and `kind` must be present.
//!
//! Import is previewed line by line (unknown kinds or classifications, owners not on the
//! roster, names repeated in the file) and applied in one transaction, or not at all
//! while any line has a problem. A name already in the inventory (compared ignoring case
//! and spacing, see [`super::name_key`]) updates that system; an empty cell keeps what
//! the inventory already says, except `out_of_scope_reason`, where empty means in scope.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use serde::Serialize;

use super::{DataClassification, System, SystemInput, SystemKind};
use crate::import::table::{normalise_label, Table};
use crate::import::ExpectedColumn;
use crate::import::ImportError;
use crate::text::single_spaced;
use crate::workbook::{WorkbookError, WriteTx};

pub const HEADER: [&str; 8] =
    ["name", "kind", "description", "owner_email", "hosting", "classification", "customer_data", "out_of_scope_reason"];

/// The columns a file must have; the others may be left out.
const REQUIRED: [&str; 2] = ["name", "kind"];

/// One line of the file as read, before the roster and the inventory are consulted.
/// `None` is an empty cell (or a column the file does not have).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemRow {
    pub line: u64,
    pub name: String,
    pub kind: Option<SystemKind>,
    /// The kind cell was empty (a new system then has no kind: a problem in the preview).
    pub kind_empty: bool,
    pub description: Option<String>,
    pub owner_email: Option<String>,
    pub hosting: Option<String>,
    pub classification: Option<DataClassification>,
    pub customer_data: Option<bool>,
    /// Empty means the system is in scope.
    pub out_of_scope_reason: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemFile {
    pub rows: Vec<SystemRow>,
}

fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn words<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", ")
}

/// Reads a systems CSV. Refuses the file as a whole only when it is not a CSV with at
/// least the required columns; everything about single lines is a problem on that line.
pub fn parse_systems(bytes: &[u8]) -> Result<SystemFile, ImportError> {
    let table = Table::parse(bytes)?;
    let columns: Vec<Option<usize>> = HEADER.iter().map(|h| table.find_column(&[&normalise_label(h)])).collect();
    let missing: Vec<ExpectedColumn> = HEADER
        .iter()
        .zip(&columns)
        .filter(|(h, c)| c.is_none() && REQUIRED.contains(h))
        .map(|(h, _)| ExpectedColumn { field: h.replace('_', " "), accepted: vec![(*h).to_owned()] })
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns { missing, found: table.headers.clone() });
    }
    if table.rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in &table.rows {
        let cell = |i: usize| columns[i].map_or("", |c| row.cell(c).trim());
        let mut problems = Vec::new();
        let name = single_spaced(cell(0));
        if name.is_empty() {
            problems.push("The name is empty.".to_owned());
        } else {
            match first_line.entry(super::name_key(&name)) {
                Entry::Occupied(first) => problems.push(format!(
                    "\"{name}\" is already on line {} (names are compared ignoring case and spacing).",
                    first.get()
                )),
                Entry::Vacant(slot) => {
                    slot.insert(row.line);
                }
            }
        }
        let kind = non_empty(cell(1)).and_then(|k| {
            let parsed = SystemKind::parse(&normalise_label(&k).replace(' ', "_"));
            if parsed.is_none() {
                problems.push(format!(
                    "\"{k}\" is not a kind of system. Use one of: {}.",
                    words(&SystemKind::ALL, SystemKind::as_str)
                ));
            }
            parsed
        });
        let classification = non_empty(cell(5)).and_then(|c| {
            let parsed = DataClassification::parse(&normalise_label(&c));
            if parsed.is_none() {
                problems.push(format!(
                    "\"{c}\" is not a data classification. Use one of: {}.",
                    words(&DataClassification::ALL, DataClassification::as_str)
                ));
            }
            parsed
        });
        let customer_data = non_empty(cell(6)).and_then(|c| match normalise_label(&c).as_str() {
            "yes" | "y" | "true" | "1" => Some(true),
            "no" | "n" | "false" | "0" => Some(false),
            _ => {
                problems.push(format!("customer_data \"{c}\" is not yes or no."));
                None
            }
        });
        rows.push(SystemRow {
            line: row.line,
            name,
            kind,
            kind_empty: cell(1).is_empty(),
            description: non_empty(cell(2)),
            owner_email: non_empty(cell(3)).map(|e| e.to_lowercase()),
            hosting: non_empty(cell(4)),
            classification,
            customer_data,
            out_of_scope_reason: cell(7).to_owned(),
            problems,
        });
    }
    Ok(SystemFile { rows })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemRowAction {
    Add,
    /// Updates the system of the same name already in the inventory.
    Update,
    Unchanged,
    /// The line has problems; nothing can be imported until they are fixed.
    Problem,
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemPreviewRow {
    pub line: u64,
    pub action: SystemRowAction,
    pub name: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemPreview {
    pub rows: Vec<SystemPreviewRow>,
    pub to_add: u32,
    pub to_update: u32,
    pub unchanged: u32,
    pub with_problems: u32,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct SystemImportResult {
    pub added: u32,
    pub updated: u32,
}

/// The system a line updates (if any), the system as it would be saved (none while the
/// line has problems), and the line's problems.
type Resolved = (Option<System>, Option<SystemInput>, Vec<String>);

fn resolve(conn: &rusqlite::Connection, current: &[System], row: &SystemRow) -> Result<Resolved, WorkbookError> {
    let mut problems = row.problems.clone();
    let existing = current
        .iter()
        .find(|s| !row.name.is_empty() && super::name_key(&s.name) == super::name_key(&row.name))
        .cloned();
    let owner_id = match &row.owner_email {
        None => existing.as_ref().and_then(|s| s.owner_id.clone()),
        Some(email) => match crate::people::find_by_email(conn, email)? {
            Some(p) => Some(p.id),
            None => {
                problems.push(format!("Nobody on the roster has the email address {email}."));
                None
            }
        },
    };
    let kind = row.kind.or(existing.as_ref().map(|s| s.kind));
    if kind.is_none() && row.kind_empty {
        problems.push(format!("The kind is empty. Use one of: {}.", words(&SystemKind::ALL, SystemKind::as_str)));
    }
    let (Some(kind), true) = (kind, problems.is_empty()) else {
        return Ok((existing, None, problems));
    };
    let keep = |new: &Option<String>, old: Option<&str>| new.clone().or(old.map(str::to_owned)).unwrap_or_default();
    let reason = row.out_of_scope_reason.trim().to_owned();
    let input = SystemInput {
        name: row.name.clone(),
        kind,
        description: keep(&row.description, existing.as_ref().map(|s| s.description.as_str())),
        owner_id,
        hosting: keep(&row.hosting, existing.as_ref().map(|s| s.hosting.as_str())),
        data_classification: row
            .classification
            .or(existing.as_ref().map(|s| s.data_classification))
            .unwrap_or(DataClassification::Internal),
        in_scope: reason.is_empty(),
        scope_reason: reason,
        holds_customer_data: row.customer_data.or(existing.as_ref().map(|s| s.holds_customer_data)).unwrap_or(false),
    };
    Ok((existing, Some(input), problems))
}

/// Whether saving `new` over `old` would change anything a person can see.
fn same(old: &System, new: &SystemInput) -> bool {
    let mut stored = super::input_of(old);
    if new.in_scope && stored.in_scope {
        // A reason left over from an earlier exclusion is not shown for in-scope systems.
        stored.scope_reason.clear();
    }
    stored == *new
}

/// What importing `file` would do, without changing anything.
pub fn preview(conn: &rusqlite::Connection, file: &SystemFile) -> Result<SystemPreview, WorkbookError> {
    let current = super::list_conn(conn)?;
    let mut out = SystemPreview { rows: Vec::new(), to_add: 0, to_update: 0, unchanged: 0, with_problems: 0 };
    for row in &file.rows {
        let (existing, input, problems) = resolve(conn, &current, row)?;
        let action = match (input, existing) {
            (None, _) => {
                out.with_problems += 1;
                SystemRowAction::Problem
            }
            (Some(input), Some(old)) if same(&old, &input) => {
                out.unchanged += 1;
                SystemRowAction::Unchanged
            }
            (Some(_), Some(_)) => {
                out.to_update += 1;
                SystemRowAction::Update
            }
            (Some(_), None) => {
                out.to_add += 1;
                SystemRowAction::Add
            }
        };
        out.rows.push(SystemPreviewRow { line: row.line, action, name: row.name.clone(), problems });
    }
    Ok(out)
}

/// Imports the file in the caller's transaction, or refuses it whole, naming every line
/// with a problem. Running the same file twice changes nothing the second time.
pub fn apply(w: &mut WriteTx<'_>, file: &SystemFile) -> Result<SystemImportResult, WorkbookError> {
    let plan = preview(w.sql(), file)?;
    crate::import::refuse_lines_with_problems(
        plan.rows.iter().filter(|r| r.action == SystemRowAction::Problem).map(|r| (r.line, r.problems.as_slice())),
    )?;
    // Names in the file are distinct (a repeat is a line problem, refused above), so no
    // line changes a system another line reads: the inventory as it was is enough.
    let current = super::list_conn(w.sql())?;
    let mut result = SystemImportResult { added: 0, updated: 0 };
    for row in &file.rows {
        let (existing, input, _) = resolve(w.sql(), &current, row)?;
        let Some(input) = input else { continue };
        match existing {
            Some(old) if same(&old, &input) => {}
            Some(old) => {
                super::update(w, &old.id, &input).map_err(|e| at_line(row.line, e))?;
                result.updated += 1;
            }
            None => {
                super::create(w, &input).map_err(|e| at_line(row.line, e))?;
                result.added += 1;
            }
        }
    }
    Ok(result)
}

fn at_line(line: u64, e: WorkbookError) -> WorkbookError {
    match e {
        WorkbookError::Invalid(msg) => WorkbookError::Invalid(format!("Line {line}: {msg} Nothing was imported.")),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn lines_with_unknown_words_or_repeated_names_carry_problems() {
        let file = parse_systems(
            b"name,kind,classification,customer_data\nAWS,infrastructure,restricted,yes\naws ,saas,,\nSlack,chat,secret,maybe\n",
        )
        .unwrap();
        assert!(file.rows[0].problems.is_empty(), "{:?}", file.rows[0].problems);
        assert_eq!(file.rows[0].classification, Some(DataClassification::Restricted));
        assert!(file.rows[1].problems[0].contains("already on line 2"), "{:?}", file.rows[1].problems);
        let slack = file.rows[2].problems.join(" ");
        assert!(slack.contains("application, infrastructure, data_store, saas, endpoints, network"), "{slack}");
        assert!(slack.contains("public, internal, confidential, restricted"), "{slack}");
        assert!(slack.contains("not yes or no"), "{slack}");
    }

    #[test]
    fn a_file_without_a_kind_column_is_refused_whole() {
        let err = parse_systems(b"name,hosting\nAWS,Amazon\n").unwrap_err();
        assert!(matches!(err, ImportError::MissingColumns { .. }), "{err}");
    }
}

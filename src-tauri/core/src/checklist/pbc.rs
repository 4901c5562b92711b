//! The auditor's request list ("PBC", provided by client) as CSV: per in-scope item, the
//! evidence the auditor will ask for, who owns it and where it stands.

use std::path::Path;

use chrono::NaiveDate;

use super::store::list_conn;
use crate::workbook::WorkbookError;

/// Writes the request list to `dest` (which must not exist) via a temporary file, so a
/// failure never leaves half a CSV behind. Returns the number of rows.
pub fn export_csv(conn: &rusqlite::Connection, dest: &Path, today: NaiveDate) -> Result<usize, WorkbookError> {
    let items: Vec<_> = list_conn(conn, today)?.into_iter().filter(|i| i.in_scope).collect();
    let evidence_refs = evidence_refs_by_item(conn)?;
    let mut buf = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        let header = ["Ref", "Item", "Criteria", "Owner", "Status", "Due", "Evidence requested", "Evidence attached"];
        w.write_record(header).map_err(csv_error)?;
        for i in &items {
            // Titles and owner names are typed by people: exported so a spreadsheet
            // shows them as text, never runs them as formulas.
            let safe = crate::import::table::csv_safe;
            w.write_record([
                i.reference.clone(),
                safe(&i.title),
                i.criteria.join(" "),
                safe(i.owner_name.as_deref().unwrap_or("")),
                i.status.label().to_owned(),
                i.due_date.map(|d| d.to_string()).unwrap_or_default(),
                safe(&i.suggested_evidence.join("; ")),
                evidence_refs.get(&i.id).map(|v| v.join(" ")).unwrap_or_default(),
            ])
            .map_err(csv_error)?;
        }
        w.flush().map_err(|e| WorkbookError::io("write", dest, e))?;
    }
    crate::files::write_new_file(dest, &buf)?;
    Ok(items.len())
}

fn evidence_refs_by_item(
    conn: &rusqlite::Connection,
) -> Result<std::collections::HashMap<String, Vec<String>>, WorkbookError> {
    let mut stmt = conn.prepare(
        "SELECT l.item_id, e.ref FROM item_evidence l JOIN evidence e ON e.id = l.evidence_id ORDER BY e.ref",
    )?;
    let mut map: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (item, reference) = row?;
        map.entry(item).or_default().push(reference);
    }
    Ok(map)
}

fn csv_error(e: csv::Error) -> WorkbookError {
    WorkbookError::Invalid(format!("Could not write the CSV: {e}"))
}

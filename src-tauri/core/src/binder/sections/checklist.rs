//! Checklist detail: every in-scope item by area, with owner, status, due date,
//! frequency, criteria, evidence, and the reason for any "not applicable".

use super::{opt_date, words, Ctx};
use crate::binder::doc::{Block, Column, Section, Table};
use crate::checklist::ItemStatus;

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) {
    let in_scope: Vec<_> = ctx.items.iter().filter(|i| i.in_scope).collect();
    let ready = in_scope.iter().filter(|i| i.status == ItemStatus::Ready).count();
    let na = in_scope.iter().filter(|i| i.status == ItemStatus::NotApplicable).count();
    s.push(Block::text(format!(
        "{} items are in scope: {ready} ready for audit, {na} not applicable (each with its reason), {} still open. \
         Items whose criteria are all out of scope are kept in the workbook but not listed here.",
        in_scope.len(),
        in_scope.len() - ready - na
    )));
    let mut areas: Vec<&str> = in_scope.iter().map(|i| i.area.as_str()).collect();
    areas.dedup();
    let mut seen = std::collections::BTreeSet::new();
    for area in areas {
        if !seen.insert(area) {
            continue;
        }
        s.push(Block::h2(if area.is_empty() { "Other" } else { area }));
        let rows = in_scope
            .iter()
            .filter(|i| i.area == area)
            .map(|i| {
                let mut notes = Vec::new();
                if i.status == ItemStatus::NotApplicable {
                    notes.push(if i.na_justification.trim().is_empty() {
                        "Not applicable: no reason given yet".to_owned()
                    } else {
                        format!("Not applicable: {}", i.na_justification)
                    });
                }
                if i.overdue {
                    notes.push("Overdue".to_owned());
                }
                if !i.comments.trim().is_empty() {
                    notes.push(i.comments.clone());
                }
                vec![
                    i.reference.clone(),
                    i.title.clone(),
                    i.status.label().to_owned(),
                    i.owner_name.clone().unwrap_or_else(|| "—".to_owned()),
                    opt_date(i.due_date),
                    words(i.frequency.as_str()),
                    i.criteria.join(", "),
                    ctx.evidence_refs(&i.id),
                    notes.join(". "),
                ]
            })
            .collect();
        s.push(Block::Table(Table {
            columns: vec![
                Column::new("Ref", 0.7),
                Column::new("Item", 2.6),
                Column::new("Status", 1.0),
                Column::new("Owner", 1.1),
                Column::new("Due", 1.0),
                Column::new("Cadence", 0.9),
                Column::new("Criteria", 1.1),
                Column::new("Evidence", 1.1),
                Column::new("Notes", 1.9),
            ],
            rows,
            empty: String::new(),
        }));
    }
}

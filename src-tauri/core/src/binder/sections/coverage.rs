//! Criteria coverage matrix: for each in-scope criterion, the checklist items and
//! policies that address it, their status, and the evidence behind them. Each criterion
//! is a bookmark so an auditor can jump straight to, say, CC6.1.

use super::Ctx;
use crate::binder::doc::{Block, Column, Section, Table};
use crate::binder::BinderError;
use crate::scope::criteria::CoverageKind;

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) -> Result<(), BinderError> {
    let coverage = crate::checklist::coverage::coverage(ctx.wb.conn(), ctx.today)?;
    s.push(Block::text(
        "A criterion counts as covered when at least one checklist item addressing it is ready for audit or an \
         approved policy supports it. The summary is by category; each in-scope criterion follows with what \
         addresses it.",
    ));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Category", 2.2),
            Column::new("Criteria", 0.9).right(),
            Column::new("Covered", 0.9).right(),
            Column::new("Items done", 1.0).right(),
            Column::new("Coverage", 0.9).right(),
        ],
        rows: coverage
            .categories
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.criteria_total.to_string(),
                    c.criteria_covered.to_string(),
                    format!("{} of {}", c.items_done, c.items_total),
                    format!("{}%", c.percent),
                ]
            })
            .collect(),
        empty: "No categories are in scope.".to_owned(),
    }));

    let criteria = crate::scope::criteria::list(ctx.wb, ctx.today)?;
    let mut series = String::new();
    for c in criteria.iter().filter(|c| c.in_scope) {
        if c.series != series {
            series = c.series.clone();
            s.push(Block::Heading { level: 2, text: c.series_name.clone(), bookmark: false, contents: true });
        }
        s.push(Block::Heading { level: 3, text: format!("{} {}", c.id, c.title), bookmark: true, contents: false });
        let items: Vec<_> = c.addressed_by.iter().filter(|l| l.kind == CoverageKind::ChecklistItem).collect();
        let others: Vec<String> = c
            .addressed_by
            .iter()
            .filter(|l| l.kind != CoverageKind::ChecklistItem)
            .map(|l| format!("{}{}", l.title, if l.complete { "" } else { " (not yet approved or signed off)" }))
            .collect();
        if c.addressed_by.is_empty() {
            s.push(Block::warning("Gap: nothing in the workbook addresses this criterion yet."));
            continue;
        }
        if !items.is_empty() {
            s.push(Block::Table(Table {
                columns: vec![
                    Column::new("Item", 0.8),
                    Column::new("Control", 3.6),
                    Column::new("Status", 1.1),
                    Column::new("Owner", 1.2),
                    Column::new("Evidence", 1.4),
                ],
                rows: items
                    .iter()
                    .map(|l| {
                        let item = ctx.items.iter().find(|i| i.id == l.id);
                        vec![
                            item.map(|i| i.reference.clone()).unwrap_or_default(),
                            item.map(|i| i.title.clone()).unwrap_or_else(|| l.title.clone()),
                            item.map(|i| i.status.label().to_owned()).unwrap_or_default(),
                            item.and_then(|i| i.owner_name.clone()).unwrap_or_else(|| "—".to_owned()),
                            ctx.evidence_refs(&l.id),
                        ]
                    })
                    .collect(),
                empty: String::new(),
            }));
        }
        if !others.is_empty() {
            s.push(Block::Paragraph {
                spans: vec![
                    crate::binder::doc::Span::bold("Also supported by: "),
                    crate::binder::doc::Span::plain(others.join("; ")),
                ],
                tone: crate::binder::doc::Tone::Normal,
            });
        }
    }
    Ok(())
}

//! Criteria coverage matrix: readiness by category (from `crate::readiness`), then for
//! each in-scope criterion its readiness, key controls, the checklist items and
//! policies that address it, their status, and the evidence behind them. Each criterion
//! is a bookmark so an auditor can jump straight to, say, CC6.1.

use super::Ctx;
use crate::binder::doc::{Block, Column, Section, Table};
use crate::binder::BinderError;
use crate::scope::criteria::CoverageKind;

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) -> Result<(), BinderError> {
    let readiness = &ctx.readiness;
    s.push(Block::text(format!(
        "{} The summary is by category; each in-scope criterion follows with its key controls and what else \
         addresses it.",
        crate::readiness::RULE_SENTENCE
    )));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Category", 2.0),
            Column::new("Criteria", 0.8).right(),
            Column::new("Ready", 0.8).right(),
            Column::new("Partly", 0.8).right(),
            Column::new("Not started", 1.0).right(),
            Column::new("Readiness", 0.9).right(),
        ],
        rows: readiness
            .categories
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.criteria_total.to_string(),
                    (c.criteria_ready + c.criteria_not_applicable).to_string(),
                    c.criteria_partly_ready.to_string(),
                    c.criteria_not_started.to_string(),
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
        if let Some(r) = c.readiness {
            s.push(Block::Paragraph {
                spans: vec![
                    crate::binder::doc::Span::bold(format!("{}: ", r.label())),
                    crate::binder::doc::Span::plain(format!(
                        "{}% of its key work done; key controls: {}.",
                        c.percent,
                        if c.key_items.is_empty() {
                            "none".to_owned()
                        } else {
                            c.key_items.iter().map(|k| k.reference.as_str()).collect::<Vec<_>>().join(", ")
                        }
                    )),
                ],
                tone: crate::binder::doc::Tone::Normal,
            });
        }
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

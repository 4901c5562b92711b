//! Gaps and open items: what an auditor would find missing on the as-of date, by owner (the list
//! `crate::readiness::gaps` makes for every face), then open items
//! by due date, vendors without current assurance, policies not yet approved.

use super::{opt_date, Ctx};
use crate::binder::doc::{Block, Column, Section, Table};
use crate::binder::BinderError;
use crate::checklist::ItemStatus;

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) -> Result<(), BinderError> {
    let gaps = crate::readiness::gaps::gaps(ctx.wb.conn(), &ctx.readiness, &ctx.items, ctx.today)?;
    s.push(Block::h2("Gaps an auditor would find, by owner"));
    s.push(Block::muted(ctx.readiness.yardstick.sentence.clone()));
    s.push(Block::Table(Table {
        columns: vec![Column::new("Owner", 1.2), Column::new("About", 0.9), Column::new("Gap", 4.6)],
        rows: gaps
            .by_owner
            .iter()
            .flat_map(|o| o.gaps.iter().map(|g| vec![o.owner.clone(), g.subject.clone(), g.message.clone()]))
            .collect(),
        empty: "No gaps: every in-scope criterion is ready and every ready item has evidence.".to_owned(),
    }));

    s.push(Block::h2("Open checklist items"));
    let mut open: Vec<_> = ctx
        .items
        .iter()
        .filter(|i| i.in_scope && !matches!(i.status, ItemStatus::Ready | ItemStatus::NotApplicable))
        .collect();
    open.sort_by(|a, b| {
        (a.due_date.is_none(), a.due_date, &a.reference).cmp(&(b.due_date.is_none(), b.due_date, &b.reference))
    });
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Ref", 0.7),
            Column::new("Item", 3.2),
            Column::new("Status", 1.0),
            Column::new("Owner", 1.2),
            Column::new("Due", 1.2),
        ],
        rows: open
            .iter()
            .map(|i| {
                vec![
                    i.reference.clone(),
                    i.title.clone(),
                    i.status.label().to_owned(),
                    i.owner_name.clone().unwrap_or_else(|| "Nobody yet".to_owned()),
                    format!("{}{}", opt_date(i.due_date), if i.overdue { " (overdue)" } else { "" }),
                ]
            })
            .collect(),
        empty: "No open items.".to_owned(),
    }));

    s.push(Block::h2("Vendors needing attention"));
    let vendors = crate::vendors::list(ctx.wb.conn(), ctx.today)?;
    let rows: Vec<Vec<String>> = vendors
        .iter()
        .flat_map(|v| {
            v.flags.iter().map(move |f| vec![v.input.name.clone(), v.tier.label().to_owned(), f.message().to_owned()])
        })
        .collect();
    s.push(Block::Table(Table {
        columns: vec![Column::new("Vendor", 1.4), Column::new("Tier", 0.7), Column::new("Why", 4.0)],
        rows,
        empty: "No vendor needs attention.".to_owned(),
    }));

    s.push(Block::h2("Policies not yet in force or due for review"));
    let policies = crate::policies::list(ctx.wb.conn(), ctx.today)?;
    let rows: Vec<Vec<String>> = policies
        .iter()
        .filter_map(|p| {
            let why = if p.in_force.is_none() {
                format!("No approved version yet (newest is version {}).", p.latest.number)
            } else if p.review_overdue {
                format!("Review was due {}.", opt_date(p.in_force.as_ref().and_then(|v| v.next_review)))
            } else {
                return None;
            };
            Some(vec![p.title.clone(), why])
        })
        .collect();
    s.push(Block::Table(Table {
        columns: vec![Column::new("Policy", 2.0), Column::new("Why", 4.0)],
        rows,
        empty: "Every policy is approved and within its review date.".to_owned(),
    }));
    Ok(())
}

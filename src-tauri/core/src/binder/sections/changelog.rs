//! Change-log summary: how much has been recorded, by what kind of record, and the most
//! recent changes, with the head hash that ties this binder to the workbook's log.

use super::Ctx;
use crate::binder::doc::{Block, Column, Section, Table};
use crate::binder::BinderError;

const RECENT: u32 = 40;

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) -> Result<(), BinderError> {
    let conn = ctx.wb.conn();
    let total = crate::workbook::log_count(conn)?;
    let head = crate::workbook::log_head(conn)?;
    s.push(Block::text(
        "Every change to the workbook is written in the same transaction as an entry in an append-only change log. \
         Each entry holds the hash of the one before it, so removing or editing an entry breaks the chain, and \
         `readiness verify` checks the chain and every record against its last logged state.",
    ));
    s.push(Block::fields(&[
        ("Entries", total.to_string()),
        ("Head hash", head.map(|(_, h)| h).unwrap_or_else(|| crate::workbook::GENESIS_HASH.to_owned())),
    ]));
    s.push(Block::h2("Entries by kind of record"));
    s.push(Block::Table(Table {
        columns: vec![Column::new("Record", 2.0), Column::new("Action", 1.5), Column::new("Entries", 1.0).right()],
        rows: crate::workbook::log_counts_by_entity(conn)?
            .into_iter()
            .map(|(entity, action, n)| vec![super::words(&entity), super::words(&action), n.to_string()])
            .collect(),
        empty: "The log is empty.".to_owned(),
    }));
    s.push(Block::h2(format!("The {RECENT} most recent changes")));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("No.", 0.6).right(),
            Column::new("When (UTC)", 1.6),
            Column::new("Who", 1.3),
            Column::new("Record", 1.4),
            Column::new("Action", 1.0),
        ],
        rows: crate::workbook::recent_changes(conn, RECENT)?
            .into_iter()
            .map(|e| {
                vec![
                    e.seq.to_string(),
                    e.at.format("%Y-%m-%d %H:%M").to_string(),
                    e.actor,
                    super::words(&e.entity),
                    super::words(&e.action),
                ]
            })
            .collect(),
        empty: "The log is empty.".to_owned(),
    }));
    Ok(())
}

//! Policies: a register of every policy with its version, approval and next review,
//! then each policy's full text (the approved version in force, or the newest draft
//! clearly marked as not yet approved).

use super::{opt_date, Ctx};
use crate::binder::doc::{Block, Column, Section, Table};
use crate::binder::{markdown, BinderError};
use crate::policies::VersionStatus;

fn status(s: VersionStatus) -> &'static str {
    match s {
        VersionStatus::Draft => "Draft",
        VersionStatus::InReview => "In review",
        VersionStatus::Approved => "Approved",
        VersionStatus::Superseded => "Superseded",
    }
}

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) -> Result<(), BinderError> {
    let conn = ctx.wb.conn();
    let policies = crate::policies::list(conn, ctx.today)?;
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Policy", 2.2),
            Column::new("In force", 0.9),
            Column::new("Approved by", 1.3),
            Column::new("Approved", 1.1),
            Column::new("Next review", 1.1),
            Column::new("Acknowledged", 0.9).right(),
        ],
        rows: policies
            .iter()
            .map(|p| match &p.in_force {
                Some(v) => vec![
                    p.title.clone(),
                    format!("Version {}", v.number),
                    v.approved_by.clone().unwrap_or_else(|| "—".to_owned()),
                    opt_date(v.approved_at),
                    format!("{}{}", opt_date(v.next_review), if p.review_overdue { " (overdue)" } else { "" }),
                    v.acknowledgements.to_string(),
                ],
                None => vec![
                    p.title.clone(),
                    "None yet".to_owned(),
                    "—".to_owned(),
                    "—".to_owned(),
                    "—".to_owned(),
                    "—".to_owned(),
                ],
            })
            .collect(),
        empty: "No policies in this workbook yet.".to_owned(),
    }));

    for p in &policies {
        s.push(Block::Heading { level: 2, text: p.title.clone(), bookmark: true, contents: true });
        let number = p.in_force.as_ref().map(|v| v.number);
        let doc = crate::policies::document(conn, &p.id, number)?;
        let text = crate::policies::filled_markdown(conn, &p.id, number)?;
        let v = &doc.version;
        s.push(Block::fields(&[
            ("Version", format!("{} ({})", v.number, status(v.status))),
            ("Owner", super::words(&p.owner_role)),
            ("Approved by", v.approved_by.clone().unwrap_or_else(|| "Not approved yet".to_owned())),
            ("Approved on", opt_date(v.approved_at)),
            ("Next review", opt_date(v.next_review)),
            ("Supports criteria", p.criteria.join(", ")),
        ]));
        if v.status != VersionStatus::Approved {
            s.push(Block::warning(
                "Draft: this text has not been approved yet and is included so the reviewer can see work in progress.",
            ));
        }
        if !doc.unresolved.is_empty() {
            s.push(Block::warning(format!("Still to fill in: {}.", doc.unresolved.join(", "))));
        }
        let mut body = markdown::blocks(&text);
        // The text's own title repeats the heading above it.
        if matches!(body.first(), Some(Block::Heading { text, .. }) if text.eq_ignore_ascii_case(p.title.trim())) {
            body.remove(0);
        }
        s.blocks.extend(body);
    }
    Ok(())
}

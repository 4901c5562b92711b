//! Vendors: the inventory with tiers and assurance, the subservice organisations and how
//! the report treats them, and the complementary user entity controls we rely on.

use super::{opt_date, Ctx};
use crate::binder::doc::{Block, Column, Section, Table};
use crate::binder::BinderError;
use crate::vendors::{Assurance, Subservice};

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) -> Result<(), BinderError> {
    let conn = ctx.wb.conn();
    let vendors = crate::vendors::list(conn, ctx.today)?;
    s.push(Block::text(format!(
        "{} vendors are recorded. Tiers follow from the data shared, the access granted and how critical the \
         service is; a manual override is shown with its reason.",
        vendors.len()
    )));
    s.push(Block::h2("Inventory"));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Vendor", 1.3),
            Column::new("Service", 1.6),
            Column::new("Tier", 0.8),
            Column::new("Data shared", 1.1),
            Column::new("Assurance", 1.2),
            Column::new("Period end", 1.0),
            Column::new("DPA signed", 0.9),
            Column::new("Next review", 1.0),
        ],
        rows: vendors
            .iter()
            .map(|v| {
                let i = &v.input;
                let tier = match (&i.tier_override, i.tier_override_reason.trim()) {
                    (Some(_), reason) if !reason.is_empty() => format!("{} (set by hand: {reason})", v.tier.label()),
                    _ => v.tier.label().to_owned(),
                };
                let data = format!(
                    "{}{}",
                    super::words(i.data_classification.as_str()),
                    if i.customer_data { ", customer data" } else { "" }
                );
                let assurance = if i.assurance == Assurance::None {
                    "None".to_owned()
                } else {
                    format!("{}{}", i.assurance.label(), if i.bridge_letter { " + bridge letter" } else { "" })
                };
                vec![
                    i.name.clone(),
                    i.service.clone(),
                    tier,
                    data,
                    assurance,
                    opt_date(i.report_period_end),
                    opt_date(i.dpa_signed),
                    opt_date(v.next_review),
                ]
            })
            .collect(),
        empty: "No vendors are recorded yet.".to_owned(),
    }));

    s.push(Block::h2("Subservice organisations"));
    s.push(Block::Table(Table {
        columns: vec![Column::new("Vendor", 1.3), Column::new("Method", 1.7), Column::new("What it provides", 3.0)],
        rows: vendors
            .iter()
            .filter(|v| v.input.subservice != Subservice::No)
            .map(|v| vec![v.input.name.clone(), v.input.subservice.label().to_owned(), v.input.service.clone()])
            .collect(),
        empty: "No vendor is marked as a subservice organisation.".to_owned(),
    }));

    s.push(Block::h2("Complementary user entity controls"));
    let mut rows = Vec::new();
    for v in &vendors {
        for c in crate::vendors::cuecs(conn, &v.id)? {
            let by: Vec<String> = c.item_ids.iter().map(|id| ctx.item_ref(id)).collect();
            rows.push(vec![
                v.input.name.clone(),
                c.description.clone(),
                if by.is_empty() { "Nobody yet".to_owned() } else { by.join(", ") },
            ]);
        }
    }
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Vendor", 1.2),
            Column::new("Control we must operate", 3.6),
            Column::new("Met by", 1.2),
        ],
        rows,
        empty: "No complementary user entity controls are recorded.".to_owned(),
    }));
    Ok(())
}

//! Scope and system description: who the organisation is, what the report covers, the
//! categories chosen and why, the systems in and out of scope, the people and their
//! roles, and the system description sections (DC1 to DC9).

use super::{date, opt_date, words, yes_no, Ctx};
use crate::binder::doc::{Block, Column, Section, Table};
use crate::binder::BinderError;

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) -> Result<(), BinderError> {
    let org = &ctx.org;
    s.push(Block::h2("Organisation"));
    s.push(Block::fields(&[
        ("Legal name", ctx.org_name()),
        ("Product or service", org.product.clone()),
        ("Locations", org.locations.clone()),
        ("Auditor", org.auditor_firm.clone()),
        ("Auditor contact", org.auditor_contact.clone()),
        ("Target audit date", opt_date(org.target_audit_date)),
    ]));

    s.push(Block::h2("The report"));
    let mut fields =
        vec![("Report type", ctx.report_label()), ("System", ctx.system_name()), ("As of", ctx.as_of_label())];
    if let (Some(a), Some(b)) = (ctx.scope.period_start, ctx.scope.period_end) {
        fields.push(("Planned Type II period", format!("{} to {}", date(a), date(b))));
    }
    s.push(Block::fields(&fields));

    s.push(Block::h2("Trust Services Criteria categories"));
    let categories = crate::scope::categories(ctx.wb)?;
    s.push(Block::Table(Table {
        columns: vec![Column::new("Category", 1.6), Column::new("In scope", 0.8), Column::new("Reason recorded", 4.0)],
        rows: categories
            .iter()
            .map(|c| {
                let reason = if c.always_in_scope {
                    "Always in scope for SOC 2.".to_owned()
                } else if c.rationale.trim().is_empty() {
                    "—".to_owned()
                } else {
                    c.rationale.clone()
                };
                vec![c.name.clone(), yes_no(c.in_scope), reason]
            })
            .collect(),
        empty: String::new(),
    }));

    s.push(Block::h2("Systems inventory"));
    let systems = crate::systems::list(ctx.wb)?;
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("System", 1.6),
            Column::new("Kind", 1.0),
            Column::new("Owner", 1.1),
            Column::new("Hosting", 1.2),
            Column::new("Data", 0.9),
            Column::new("Customer data", 0.8),
            Column::new("Scope and reason", 2.4),
        ],
        rows: systems
            .iter()
            .map(|sys| {
                let scope = format!(
                    "{}{}",
                    if sys.in_scope { "In scope" } else { "Out of scope" },
                    if sys.scope_reason.trim().is_empty() { String::new() } else { format!(": {}", sys.scope_reason) }
                );
                vec![
                    sys.name.clone(),
                    if sys.kind.as_str() == "saas" { "SaaS".to_owned() } else { words(sys.kind.as_str()) },
                    sys.owner_name.clone().unwrap_or_else(|| "—".to_owned()),
                    if sys.hosting.is_empty() { sys.vendor_names.join(", ") } else { sys.hosting.clone() },
                    words(sys.data_classification.as_str()),
                    yes_no(sys.holds_customer_data),
                    scope,
                ]
            })
            .collect(),
        empty: "No systems are recorded yet.".to_owned(),
    }));

    s.push(Block::h2("People and roles"));
    let mut people: Vec<_> = ctx.people.values().cloned().collect();
    people.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Name", 1.3),
            Column::new("Email", 1.7),
            Column::new("Title", 1.4),
            Column::new("Status", 0.8),
            Column::new("Roles", 1.8),
        ],
        rows: people
            .iter()
            .map(|p| {
                let roles: Vec<&str> = p.roles.iter().map(|r| r.label()).collect();
                vec![
                    p.name.clone(),
                    p.email.clone(),
                    p.title.clone(),
                    p.status.label().to_owned(),
                    if roles.is_empty() { "—".to_owned() } else { roles.join(", ") },
                ]
            })
            .collect(),
        empty: "No people are recorded yet.".to_owned(),
    }));

    s.push(Block::h2("System description"));
    for d in crate::scope::description::list(ctx.wb)? {
        s.push(Block::h3(format!("{} {}", d.key, d.title)));
        if d.body.trim().is_empty() {
            s.push(Block::muted(
                "Not written yet. The text below is the starting draft the workbook builds from its own data.",
            ));
            s.push(Block::text(d.draft));
        } else {
            s.push(Block::text(d.body));
        }
    }
    Ok(())
}

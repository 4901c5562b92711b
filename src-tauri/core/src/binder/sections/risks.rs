//! Risk assessment (CC3): the method and scales, the appetite, inherent and residual
//! heat maps side by side, the register, the acceptances with their approvers, and the
//! "risk assessment performed" sign-off.

use super::{date, Ctx};
use crate::binder::doc::{Block, Column, HeatMap, Section, Table};
use crate::binder::BinderError;
use crate::risks::report::{ReportScore, RiskAssessmentReport};

fn grid(title: &str, map: &crate::risks::HeatMap, appetite: u8) -> HeatMap {
    let mut counts = [[0u32; 5]; 5];
    for c in &map.cells {
        if (1..=5).contains(&c.likelihood) && (1..=5).contains(&c.impact) {
            counts[usize::from(c.likelihood - 1)][usize::from(c.impact - 1)] = c.count;
        }
    }
    HeatMap { title: title.to_owned(), counts, appetite: u32::from(appetite) }
}

fn score(s: &ReportScore) -> String {
    format!("{} × {} = {}\n{}", s.likelihood, s.impact, s.score, s.band.label())
}

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) -> Result<(), BinderError> {
    let r: RiskAssessmentReport = crate::risks::report::risk_assessment(ctx.wb, ctx.today)?;
    s.push(Block::text(format!(
        "Each risk is scored for likelihood and impact from 1 to 5, first as it would be with no controls \
         (inherent) and then with the controls linked to it (residual). The score is likelihood × impact. The \
         organisation's risk appetite is a residual score of {}: a risk above it must be reduced further or accepted \
         in writing by an approver.",
        r.appetite
    )));
    s.push(Block::h2("Assessment performed"));
    match &r.signoff {
        Some(so) => s.push(Block::fields(&[
            ("Performed and signed by", so.signed_by_name.clone()),
            ("Signed on", date(so.signed_on)),
            ("Risks in the register then", so.risk_count.to_string()),
            ("Method", so.method.clone()),
        ])),
        None => s.push(Block::warning("The risk assessment has not been signed off yet.")),
    }
    s.push(Block::fields(&[
        ("Risks in the register", r.risks.len().to_string()),
        ("Above appetite, not accepted", r.above_appetite.to_string()),
        ("Accepted in writing", r.accepted_count.to_string()),
        ("Closed (not listed)", r.closed_count.to_string()),
    ]));

    s.push(Block::h2("Heat maps"));
    s.push(Block::HeatMaps(vec![
        grid("Inherent risk", &r.inherent, r.appetite),
        grid("Residual risk", &r.residual, r.appetite),
    ]));

    s.push(Block::h2("Scales"));
    for (name, levels) in [("Likelihood", &r.scales.likelihood), ("Impact", &r.scales.impact)] {
        s.push(Block::Table(Table {
            columns: vec![Column::new("Level", 0.5).right(), Column::new(name, 1.0), Column::new("Meaning", 5.0)],
            rows: levels.iter().map(|l| vec![l.level.to_string(), l.label.clone(), l.meaning.clone()]).collect(),
            empty: String::new(),
        }));
    }

    s.push(Block::h2("Register"));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("No.", 0.4),
            Column::new("Risk", 3.2).lead(),
            Column::new("Owner", 1.0),
            Column::new("Inherent", 0.9),
            Column::new("Treatment", 1.1),
            Column::new("Residual", 0.9),
            Column::new("Controls", 1.4),
        ],
        rows: r
            .risks
            .iter()
            .map(|k| {
                let controls: Vec<String> = k
                    .controls
                    .iter()
                    .map(|c| format!("{} ({})", c.reference, c.status.label().to_lowercase()))
                    .collect();
                let mut residual = score(&k.residual);
                if k.above_appetite {
                    residual.push_str("\nAbove appetite");
                }
                let mut risk = format!("{}\n{} · {}", k.title, k.category, k.status);
                if !k.systems.is_empty() {
                    risk.push_str(&format!("\nSystems: {}", k.systems.join(", ")));
                }
                if !k.description.is_empty() {
                    risk.push_str(&format!("\n{}", k.description));
                }
                let mut treatment = k.treatment.clone();
                if !k.treatment_notes.is_empty() {
                    treatment.push_str(&format!("\n{}", k.treatment_notes));
                }
                vec![
                    k.number.clone(),
                    risk,
                    k.owner_name.clone().unwrap_or_else(|| "—".to_owned()),
                    score(&k.inherent),
                    treatment,
                    residual,
                    if controls.is_empty() { "None linked".to_owned() } else { controls.join(", ") },
                ]
            })
            .collect(),
        empty: "The register is empty.".to_owned(),
    }));

    s.push(Block::h2("Acceptances"));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("No.", 0.4),
            Column::new("Risk", 2.0),
            Column::new("Residual", 0.8),
            Column::new("Approved by", 1.1),
            Column::new("On", 1.0),
            Column::new("Reason", 3.0),
        ],
        rows: r
            .risks
            .iter()
            .filter_map(|k| {
                let a = k.acceptance.as_ref()?;
                Some(vec![
                    k.number.clone(),
                    k.title.clone(),
                    k.residual.score.to_string(),
                    a.approver_name.clone(),
                    date(a.date),
                    a.reason.clone(),
                ])
            })
            .collect(),
        empty: "No risk has been accepted.".to_owned(),
    }));
    let due: Vec<String> =
        r.risks.iter().filter(|k| k.review_date.is_some_and(|d| d < ctx.today)).map(|k| k.number.clone()).collect();
    if !due.is_empty() {
        s.push(Block::warning(format!("Review date passed for {}.", due.join(", "))));
    }
    Ok(())
}

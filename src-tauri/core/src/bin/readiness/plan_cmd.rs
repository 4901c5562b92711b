//! `readiness plan`: the remaining key work to the audit date, by owner, with the
//! projected ready date and what threatens it. The plan itself is
//! `readiness_core::readiness::plan`; this only prints it.

use std::path::Path;

use readiness_core::checklist::ItemStatus;
use readiness_core::passphrase::Passphrase;
use readiness_core::readiness;
use readiness_core::workbook::{Access, Workbook};

use crate::{print_json, today, CliError, Outcome};

pub fn run(file: &Path, json: bool, pass: &Passphrase) -> Result<Outcome, CliError> {
    let wb = Workbook::open(file, pass, Access::ReadOnly)?;
    let plan = readiness::plan(&wb, today())?;
    if json {
        return print_json(&plan).map(|_| Outcome::Done);
    }
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "not set".to_owned());
    outln!(
        "Readiness {}%: {} of {} key items done, {} to go",
        plan.readiness_percent,
        plan.key_items_done,
        plan.key_items_total,
        plan.key_items_remaining
    );
    outln!("{}", plan.yardstick.sentence);
    outln!("As-of date:           {}", date(plan.as_of_date));
    outln!("Audit date:           {}", date(plan.audit_date));
    outln!("Fieldwork starts by:  {}", date(plan.fieldwork_start));
    outln!(
        "Projected ready date: {}",
        match (plan.projected_ready_date, plan.key_items_remaining) {
            (_, 0) => "ready now".to_owned(),
            (Some(d), _) => d.to_string(),
            (None, _) => "unknown (some key work has no due date)".to_owned(),
        }
    );
    for w in &plan.warnings {
        outln!("! {}", w.message);
        if !w.items.is_empty() {
            outln!("    {}", w.items.join(", "));
        }
    }
    if !plan.schedule.is_empty() {
        outln!("\nScheduled before the as-of date ({}):", plan.schedule.len());
        for t in &plan.schedule {
            let planned = t.planned.map(|d| format!(" (planned {d})")).unwrap_or_default();
            let late = if t.overdue { "  OVERDUE" } else { "" };
            outln!("  {} to {}  {:<22} {}{planned}{late}", t.from, t.by, t.owner, t.message);
        }
    }
    for o in &plan.owners {
        outln!("\n{} ({} key items, finishing {})", o.owner, o.items.len(), date(o.finishes));
        for i in &o.items {
            let flag = if i.overdue {
                "  OVERDUE"
            } else if i.due_after_target {
                "  after as-of date"
            } else {
                ""
            };
            outln!(
                "  {:<7} {:<11} {:<18} {} [{}]{flag}",
                i.reference,
                i.due_date.map(|d| d.to_string()).unwrap_or_else(|| "no date".to_owned()),
                if i.status == ItemStatus::Ready && i.evidence_count == 0 {
                    "Ready, no evidence"
                } else if i.status == ItemStatus::Ready {
                    "Ready, stale evidence"
                } else {
                    i.status.label()
                },
                i.title,
                i.criteria.join(" ")
            );
        }
    }
    Ok(Outcome::Done)
}

//! The demo's risk register: sixteen risks from our library as Parcelwise's team would
//! score them a few months before the audit. Three acceptances (one a mitigated risk
//! whose residual stays above appetite), one fraud risk, exactly one risk above
//! appetite with nobody's acceptance, and a signed-off assessment.

use chrono::{Duration, NaiveDate};

use crate::people;
use crate::risks::{self, Acceptance, RiskStatus, SignoffInput, Treatment};
use crate::workbook::{Actor, Workbook, WorkbookError, WriteTx};

struct DemoRisk {
    key: &'static str,
    owner: &'static str,
    residual: (u8, u8),
    status: RiskStatus,
    systems: &'static [&'static str],
    /// (treatment, reason) when the CEO accepted the residual risk.
    accepted: Option<(Treatment, &'static str)>,
}

const fn risk(
    key: &'static str,
    owner: &'static str,
    residual: (u8, u8),
    status: RiskStatus,
    systems: &'static [&'static str],
) -> DemoRisk {
    DemoRisk { key, owner, residual, status, systems, accepted: None }
}

fn register() -> Vec<DemoRisk> {
    use RiskStatus::*;
    let api: &[&str] = &["Rates API", "Merchant dashboard"];
    let aws: &[&str] = &["Production AWS account", "Orders database", "Event archive"];
    vec![
        risk("R-SEC-01", "tomas@parcelwise.io", (2, 4), Treated, &["Google Workspace", "Production AWS account"]),
        risk("R-SEC-02", "jonas@parcelwise.io", (2, 3), InTreatment, &["GitHub", "Production AWS account"]),
        risk("R-SEC-03", "jonas@parcelwise.io", (2, 4), InTreatment, api),
        risk("R-SEC-05", "tomas@parcelwise.io", (1, 4), Treated, &["Company laptops"]),
        // The one above appetite: central alerting is still being built.
        risk("R-SEC-09", "ethan@parcelwise.io", (3, 4), InTreatment, aws),
        DemoRisk {
            accepted: Some((
                Treatment::Accept,
                "Production runs in three availability zones of us-west-2 and backups are copied to us-east-1. Running a second active region would roughly double infrastructure cost; leadership accepts a regional outage of up to a day and reviews this decision yearly.",
            )),
            ..risk("R-AVL-01", "ethan@parcelwise.io", (2, 4), Open, aws)
        },
        risk("R-AVL-02", "jonas@parcelwise.io", (2, 3), Treated, api),
        risk("R-AVL-04", "ethan@parcelwise.io", (1, 5), InTreatment, &["Orders database", "Event archive"]),
        risk("R-CON-01", "priya@parcelwise.io", (2, 3), InTreatment, &["Orders database"]),
        risk("R-PRV-01", "priya@parcelwise.io", (3, 3), InTreatment, &["Rates API", "Zendesk"]),
        risk("R-PI-02", "jonas@parcelwise.io", (2, 3), InTreatment, &["Rates API"]),
        risk("R-FRD-01", "samuel@parcelwise.io", (2, 4), Treated, &[]),
        DemoRisk {
            accepted: Some((
                Treatment::Mitigate,
                "AWS hosts all of production and no second provider is practical at our size. AWS's SOC 2 Type II report is reviewed yearly, infrastructure is rebuilt from code, and backups are kept in a second region; the remaining dependency is accepted.",
            )),
            ..risk("R-VND-01", "ethan@parcelwise.io", (3, 4), InTreatment, aws)
        },
        DemoRisk {
            accepted: Some((
                Treatment::Accept,
                "With ten engineers, some systems are known deeply by one or two people. Runbooks cover every production system and a second site reliability engineer is budgeted for the first quarter of 2027; until then the dependency is accepted.",
            )),
            ..risk("R-PPL-01", "tomas@parcelwise.io", (3, 4), Open, &["Production AWS account"])
        },
        risk("R-PPL-02", "samuel@parcelwise.io", (1, 4), Treated, &["Google Workspace", "GitHub"]),
        risk("R-CHG-05", "priya@parcelwise.io", (3, 3), Open, &["Rates API"]),
    ]
}

fn person(w: &WriteTx<'_>, email: &str) -> Result<Option<String>, WorkbookError> {
    Ok(people::find_by_email(w.sql(), email)?.map(|p| p.id))
}

pub(super) fn seed(wb: &mut Workbook, actor: &Actor, today: NaiveDate) -> Result<(), WorkbookError> {
    let systems = crate::systems::list(wb)?;
    wb.write(actor, |w| -> Result<(), WorkbookError> {
        let maya = person(w, "maya@parcelwise.io")?;
        for (n, d) in register().into_iter().enumerate() {
            let owner = person(w, d.owner)?;
            let id = risks::add_from_library(w, d.key, owner)?;
            let Some(current) = risks::get(w.sql(), &id, today)? else { continue };
            let mut input = current.input;
            input.residual_likelihood = d.residual.0;
            input.residual_impact = d.residual.1;
            // "Treated" only once every control is ready; until then the work is under way.
            input.status = match d.status {
                RiskStatus::Treated if current.controls_not_ready > 0 => RiskStatus::InTreatment,
                other => other,
            };
            input.review_date = Some(today + Duration::days(60 + 11 * n as i64));
            input.system_ids =
                systems.iter().filter(|s| d.systems.contains(&s.name.as_str())).map(|s| s.id.clone()).collect();
            if let (Some((treatment, reason)), Some(approver)) = (d.accepted, &maya) {
                input.treatment = treatment;
                input.acceptance =
                    Some(Acceptance { approver_id: approver.clone(), date: today - Duration::days(12), reason: reason.to_owned() });
            }
            risks::update(w, &id, &input)?;
        }
        if let Some(maya) = maya {
            risks::sign_off(
                w,
                &SignoffInput {
                    signed_by: maya,
                    signed_on: today - Duration::days(10),
                    method: "Annual risk workshop (two hours) with the CEO, CTO, Head of Operations and the site reliability engineer. We started from the Readiness Workbook risk library, kept the risks that apply to a hosted API business, scored each for likelihood and impact on the five-level scales before and after our controls, and linked each risk to the checklist items that control it. Fraud risks and upcoming changes (the AI address-correction feature) were discussed explicitly. Risks above the appetite of 9 are either being treated or accepted by the CEO with a reason.".to_owned(),
                },
            )?;
        }
        Ok(())
    })
}

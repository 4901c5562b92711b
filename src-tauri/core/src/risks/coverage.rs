//! How the register shows up against the criteria it supports (the criteria browser and
//! the binder list it as "also supported by"). It never makes a criterion ready on its
//! own: that is the key controls' job (`crate::readiness`), and the register's gaps are
//! listed there too.
//!
//! The register as a whole addresses CC3.1 (objectives and the method to assess risks
//! against them) and CC3.2 (risks identified and analysed) once it holds a risk. CC3.3
//! (fraud), CC3.4 (changes) and CC9.1 (business disruption) are addressed only by risks
//! that support them: library risks by the criteria the library names, any risk by its
//! category (fraud -> CC3.3, business change -> CC3.4, availability -> CC9.1). A link is
//! complete once the assessment has been signed off: an unsigned register is work in
//! progress, not something to show an auditor.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::library::RiskLibrary;
use super::model::{Risk, RiskCategory};
use super::store;
use crate::scope::criteria::{CoverageKind, CoverageLink};
use crate::workbook::WorkbookError;

/// The criteria a risk register can address.
pub const REGISTER_CRITERIA: [&str; 5] = ["CC3.1", "CC3.2", "CC3.3", "CC3.4", "CC9.1"];

/// The id coverage links use for the register as a whole.
pub const REGISTER_LINK_ID: &str = "risk-register";

/// The register criteria one risk supports.
pub fn risk_criteria(risk: &Risk) -> HashSet<&'static str> {
    let mut out: HashSet<&'static str> = ["CC3.1", "CC3.2"].into_iter().collect();
    match risk.input.category {
        RiskCategory::Fraud => _ = out.insert("CC3.3"),
        RiskCategory::BusinessChange => _ = out.insert("CC3.4"),
        RiskCategory::Availability => _ = out.insert("CC9.1"),
        _ => {}
    }
    if let Some(entry) = risk.input.library_ref.as_deref().and_then(|k| RiskLibrary::embedded().get(k)) {
        for c in REGISTER_CRITERIA {
            if entry.criteria.iter().any(|x| x == c) {
                out.insert(c);
            }
        }
    }
    out
}

/// `(criterion, link)` for each register criterion at least one live risk supports.
pub fn criteria_links(
    conn: &rusqlite::Connection,
    today: NaiveDate,
) -> Result<Vec<(String, CoverageLink)>, WorkbookError> {
    let risks = store::list(conn, today)?;
    let signoff = store::latest_signoff(conn)?;
    let live: Vec<&Risk> = risks.iter().filter(|r| r.is_live()).collect();
    let mut out = Vec::new();
    for c in REGISTER_CRITERIA {
        let n = live.iter().filter(|r| risk_criteria(r).contains(c)).count();
        if n == 0 {
            continue;
        }
        let what = match c {
            "CC3.3" => "fraud",
            "CC3.4" => "change",
            "CC9.1" => "disruption",
            _ => "",
        };
        let risks = if n == 1 { "risk" } else { "risks" };
        let kind = if what.is_empty() { String::new() } else { format!("{what} ") };
        let signed = match &signoff {
            Some(s) => format!(", signed off {}", s.signed_on.format("%Y-%m-%d")),
            None => ", not signed off yet".to_owned(),
        };
        out.push((
            c.to_owned(),
            CoverageLink {
                kind: CoverageKind::RiskRegister,
                id: REGISTER_LINK_ID.to_owned(),
                title: format!("Risk register: {n} {kind}{risks}{signed}"),
                complete: signoff.is_some(),
            },
        ));
    }
    Ok(out)
}

//! Gaps: everything an auditor testing the controls as of the as-of date would find
//! missing, each with the person who owns the fix, grouped by owner. Criteria come from
//! the readiness rule ([`super::evaluate`]); what falls due before the as-of date from
//! [`super::due`]; the rest from the checklist, register, access reviews and vendors.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::as_of::{between, long_date};
use super::{due, item_shortfall, CriterionReadiness, Readiness};
use crate::checklist::{ChecklistItem, ItemStatus};
use crate::workbook::WorkbookError;

/// What the owner of a gap reads when nobody owns it yet.
pub const UNASSIGNED: &str = "Unassigned";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// An in-scope criterion that is not ready: its missing key items (or unapproved
    /// policies) owned by one person.
    CriterionNotReady,
    /// An in-scope criterion with no key item at all in the workbook.
    CriterionWithoutKeyItem,
    /// An item marked ready with no evidence attached.
    ReadyWithoutEvidence,
    /// An item marked not applicable without saying why.
    NotApplicableWithoutReason,
    /// A risk whose residual score is above the appetite, with no acceptance.
    RiskAboveAppetite,
    /// A risk to be mitigated with no checklist item linked as its control.
    RiskWithoutControls,
    /// A risk whose linked controls are not all ready for audit.
    RiskControlsNotReady,
    /// An access review not signed off.
    AccessReviewNotSignedOff,
    /// A vendor whose assurance report is missing or out of date.
    VendorReport,
    /// A vendor that holds customer data without a signed DPA.
    VendorWithoutDpa,
    /// An item whose newest evidence will be too old on the as-of date (subject: the
    /// item reference).
    EvidenceStale,
    /// An in-scope system with no signed-off access review within 90 days before the
    /// as-of date (subject: the system name).
    AccessReviewDue,
    /// An approved policy whose next review falls on or before the as-of date (subject:
    /// the policy id).
    PolicyReviewDue,
    /// A vendor whose report ends more than 3 months before the as-of date, with no
    /// bridge letter (subject: the vendor name).
    BridgeLetterNeeded,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Gap {
    pub kind: GapKind,
    /// The criterion id, item reference, risk, review or vendor the gap is about.
    pub subject: String,
    pub message: String,
    pub owner_id: Option<String>,
    /// The owner's name, or "Unassigned".
    pub owner: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OwnerGaps {
    pub owner_id: Option<String>,
    pub owner: String,
    pub gaps: Vec<Gap>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Gaps {
    pub gaps: Vec<Gap>,
    /// The same gaps grouped by owner, named owners first (alphabetically), then
    /// "Unassigned".
    pub by_owner: Vec<OwnerGaps>,
}

fn owner(id: &Option<String>, name: &Option<String>) -> (Option<String>, String) {
    match (id, name) {
        (Some(id), Some(name)) => (Some(id.clone()), name.clone()),
        _ => (None, UNASSIGNED.to_owned()),
    }
}

/// Every gap as of the yardstick's date (work overdue as of `today`), given the
/// readiness already evaluated from `items`.
pub fn gaps(
    conn: &rusqlite::Connection,
    readiness: &Readiness,
    items: &[ChecklistItem],
    today: NaiveDate,
) -> Result<Gaps, WorkbookError> {
    let y = &readiness.yardstick;
    let mut out = criteria_gaps(readiness);
    out.extend(item_gaps(items, today));
    out.extend(stale_evidence_gaps(items));
    out.extend(risk_gaps(conn, today)?);
    for r in due::access_reviews_due(conn, y)? {
        let (owner_id, owner) = owner(&r.owner_id, &r.owner_name);
        let last = match r.last_review {
            Some(d) => format!("its last signed-off review is as of {}", long_date(d)),
            None => "it has no signed-off review".to_owned(),
        };
        out.push(Gap {
            kind: GapKind::AccessReviewDue,
            subject: r.system_name.clone(),
            message: format!(
                "Access to {} needs a signed-off review as of a date {} to be current on {}: {last}.",
                r.system_name,
                between(r.from, r.by),
                long_date(r.by)
            ),
            owner_id,
            owner,
        });
    }
    for p in due::policy_reviews_due(conn, &crate::policies::list(conn, today)?, y)? {
        let (owner_id, owner) = owner(&p.owner_id, &p.owner_name);
        let when = p.next_review.map(|d| format!("on {}", long_date(d))).unwrap_or_else(|| "now".to_owned());
        out.push(Gap {
            kind: GapKind::PolicyReviewDue,
            subject: p.policy_id.clone(),
            message: format!(
                "Policy \u{201c}{}\u{201d} is due for its review {when}, before {}: review and approve it again.",
                p.title,
                long_date(y.date),
            ),
            owner_id,
            owner,
        });
    }
    for c in crate::access::list_light(conn, today)? {
        if c.status != crate::access::CampaignStatus::SignedOff {
            let (owner_id, owner) = owner(&c.reviewer_id, &c.reviewer_name);
            out.push(Gap {
                kind: GapKind::AccessReviewNotSignedOff,
                subject: c.system_name.clone(),
                message: format!(
                    "Access review of {} as of {} is not signed off{}.",
                    c.system_name,
                    c.as_of,
                    if c.overdue { " and is overdue" } else { "" }
                ),
                owner_id,
                owner,
            });
        }
    }
    for v in crate::vendors::list(conn, today)? {
        let (owner_id, owner) = owner(&v.input.owner_id, &v.owner_name);
        for flag in &v.flags {
            let kind = match flag {
                crate::vendors::VendorFlag::ReportExpired | crate::vendors::VendorFlag::MissingAssurance => {
                    GapKind::VendorReport
                }
                crate::vendors::VendorFlag::MissingDpa => GapKind::VendorWithoutDpa,
                crate::vendors::VendorFlag::BridgeLetterNeeded => GapKind::BridgeLetterNeeded,
                _ => continue,
            };
            out.push(Gap {
                kind,
                subject: v.input.name.clone(),
                message: format!("Vendor {}: {}", v.input.name, flag.message()),
                owner_id: owner_id.clone(),
                owner: owner.clone(),
            });
        }
    }
    Ok(Gaps { by_owner: group(&out), gaps: out })
}

/// One gap per criterion not ready and owner of its missing work, so each names one
/// person; the message lists that person's missing key items.
fn criteria_gaps(readiness: &Readiness) -> Vec<Gap> {
    let mut out = Vec::new();
    for c in readiness.criteria.iter().filter(|c| !c.readiness.is_ready()) {
        if c.key_items.is_empty() {
            out.push(Gap {
                kind: GapKind::CriterionWithoutKeyItem,
                subject: c.id.clone(),
                message: format!(
                    "{} {}: no key control addresses it. Mark an item as key for it, or add one.",
                    c.id, c.title
                ),
                owner_id: None,
                owner: UNASSIGNED.to_owned(),
            });
            continue;
        }
        let mut by_owner: BTreeMap<(Option<String>, String), Vec<String>> = BTreeMap::new();
        for k in c.key_items.iter().filter(|k| !k.done) {
            let why = k.shortfall.as_deref().unwrap_or("not started");
            by_owner.entry(owner(&k.owner_id, &k.owner_name)).or_default().push(format!("{} ({why})", k.reference));
        }
        for p in c.policies.iter().filter(|p| !p.approved) {
            by_owner
                .entry((None, UNASSIGNED.to_owned()))
                .or_default()
                .push(format!("policy \u{201c}{}\u{201d} (not approved)", p.title));
        }
        let state = if c.readiness == CriterionReadiness::PartlyReady { "partly ready" } else { "not started" };
        for ((owner_id, owner), missing) in by_owner {
            out.push(Gap {
                kind: GapKind::CriterionNotReady,
                subject: c.id.clone(),
                message: format!("{} {} is {state}: missing {}.", c.id, c.title, missing.join(", ")),
                owner_id,
                owner,
            });
        }
    }
    out
}

fn item_gaps(items: &[ChecklistItem], today: NaiveDate) -> Vec<Gap> {
    let mut out = Vec::new();
    for item in items.iter().filter(|i| i.in_scope) {
        let kind = match item_shortfall(item, today) {
            Some(_) if item.status == ItemStatus::Ready && item.evidence_count == 0 => GapKind::ReadyWithoutEvidence,
            Some(_) if item.status == ItemStatus::NotApplicable => GapKind::NotApplicableWithoutReason,
            _ => continue,
        };
        let what = if kind == GapKind::ReadyWithoutEvidence {
            "marked ready but has no evidence attached"
        } else {
            "not applicable, but no reason is given"
        };
        let (owner_id, owner) = owner(&item.owner_id, &item.owner_name);
        out.push(Gap {
            kind,
            subject: item.reference.clone(),
            message: format!("{} {}: {what}.", item.reference, item.title),
            owner_id,
            owner,
        });
    }
    out
}

/// Evidence the auditor will find too old on the as-of date, with the window to collect
/// it again in (and the planned day, when the item's due date falls inside it).
fn stale_evidence_gaps(items: &[ChecklistItem]) -> Vec<Gap> {
    due::stale_evidence(items)
        .into_iter()
        .map(|s| {
            let (owner_id, owner) = owner(&s.item.owner_id, &s.item.owner_name);
            let plan = match s.planned {
                Some(d) => format!(" (planned for {})", long_date(d)),
                None => String::new(),
            };
            Gap {
                kind: GapKind::EvidenceStale,
                subject: s.item.reference.clone(),
                message: format!(
                    "{} {}: the newest evidence, collected on {}, is stale as of {}; collect it again {}{plan}.",
                    s.item.reference,
                    s.item.title,
                    long_date(s.collected),
                    long_date(s.by),
                    between(s.from, s.by)
                ),
                owner_id,
                owner,
            }
        })
        .collect()
}

/// What an auditor would question in the register: risks above appetite that nobody
/// accepted, and risks to be mitigated whose controls are missing or not ready.
fn risk_gaps(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<Gap>, WorkbookError> {
    let risks = crate::risks::list(conn, today)?;
    let appetite = crate::risks::appetite(conn)?;
    let mut gaps = Vec::new();
    for r in risks.iter().filter(|r| r.is_live()) {
        let title = &r.input.title;
        let (owner_id, owner) = owner(&r.input.owner_id, &r.owner_name);
        let mut push = |kind, message| {
            gaps.push(Gap { kind, subject: title.clone(), message, owner_id: owner_id.clone(), owner: owner.clone() })
        };
        if r.above_appetite {
            push(
                GapKind::RiskAboveAppetite,
                format!(
                    "Risk \u{201c}{title}\u{201d}: residual score {} is above the appetite of {appetite} and nobody has accepted it. Lower it with controls or record who accepts it and why.",
                    r.residual_score
                ),
            );
        }
        if r.input.treatment != crate::risks::Treatment::Mitigate {
            continue;
        }
        if r.controls.is_empty() {
            push(
                GapKind::RiskWithoutControls,
                format!(
                    "Risk \u{201c}{title}\u{201d} is to be mitigated, but no checklist item is linked as its control."
                ),
            );
        } else if r.controls_not_ready > 0 {
            let refs: Vec<&str> =
                r.controls.iter().filter(|c| c.status != ItemStatus::Ready).map(|c| c.reference.as_str()).collect();
            push(
                GapKind::RiskControlsNotReady,
                format!(
                    "Risk \u{201c}{title}\u{201d}: {} of its {} controls {} not ready for audit yet ({}).",
                    refs.len(),
                    r.controls.len(),
                    if refs.len() == 1 { "is" } else { "are" },
                    refs.join(", ")
                ),
            );
        }
    }
    Ok(gaps)
}

/// Groups gaps by owner: named owners alphabetically, "Unassigned" last; gaps keep
/// their order within a group.
pub fn group(gaps: &[Gap]) -> Vec<OwnerGaps> {
    let mut groups: BTreeMap<(bool, String, Option<String>), Vec<Gap>> = BTreeMap::new();
    for g in gaps {
        groups.entry((g.owner_id.is_none(), g.owner.clone(), g.owner_id.clone())).or_default().push(g.clone());
    }
    groups.into_iter().map(|((_, owner, owner_id), gaps)| OwnerGaps { owner_id, owner, gaps }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(owner: Option<&str>) -> Gap {
        Gap {
            kind: GapKind::ReadyWithoutEvidence,
            subject: "AC-01".into(),
            message: "m".into(),
            owner_id: owner.map(|o| format!("id-{o}")),
            owner: owner.unwrap_or(UNASSIGNED).to_owned(),
        }
    }

    #[test]
    fn gaps_group_by_owner_with_unassigned_last() {
        let groups = group(&[gap(None), gap(Some("Zoe")), gap(Some("Ana")), gap(Some("Zoe"))]);
        let names: Vec<&str> = groups.iter().map(|g| g.owner.as_str()).collect();
        assert_eq!(names, ["Ana", "Zoe", UNASSIGNED]);
        assert_eq!(groups[1].gaps.len(), 2);
    }
}

//! The rules that turn what a user entered about a vendor into a tier, a next review
//! date and flags. Pure functions: the store calls them, tests pin them down.

use chrono::{Months, NaiveDate};

use super::model::{AccessLevel, Assurance, Criticality, Opinion, Tier, VendorFlag, VendorInput};
use crate::readiness::as_of::{self, Yardstick};
use crate::systems::DataClassification;

/// Suggests a tier: what the vendor holds, what it can do, and how much we depend on it.
pub fn suggested_tier(v: &VendorInput) -> Tier {
    let data = match v.data_classification {
        DataClassification::Restricted => 3,
        DataClassification::Confidential => 2,
        DataClassification::Internal => 1,
        DataClassification::Public => 0,
    } + u8::from(v.customer_data);
    let access = match v.access_level {
        AccessLevel::Admin => 3,
        AccessLevel::Write => 2,
        AccessLevel::Read => 1,
        AccessLevel::None => 0,
    };
    let reliance = match v.criticality {
        Criticality::High => 2,
        Criticality::Medium => 1,
        Criticality::Low => 0,
    };
    match data + access + reliance {
        s if s >= 7 => Tier::Critical,
        s if s >= 5 => Tier::High,
        s if s >= 3 => Tier::Medium,
        _ => Tier::Low,
    }
}

pub fn effective_tier(v: &VendorInput) -> Tier {
    v.tier_override.unwrap_or_else(|| suggested_tier(v))
}

/// The next review: the last one plus the tier's interval; none yet means now.
pub fn next_review(v: &VendorInput, today: NaiveDate) -> Option<NaiveDate> {
    let months = Months::new(effective_tier(v).review_every_months());
    Some(v.last_review.and_then(|d| d.checked_add_months(months)).unwrap_or(today))
}

/// What the auditor and the team should see about a vendor. Reports are judged against
/// the as-of date (an expired report, a bridge letter needed); the vendor's own review
/// against today, since that is work to do now.
pub fn flags(v: &VendorInput, y: &Yardstick) -> Vec<VendorFlag> {
    let today = y.today;
    let tier = effective_tier(v);
    let mut out = Vec::new();
    if matches!(tier, Tier::Critical | Tier::High) && (v.assurance == Assurance::None || v.report_period_end.is_none())
    {
        out.push(VendorFlag::MissingAssurance);
    }
    if as_of::report_expired(v, y.date) {
        out.push(VendorFlag::ReportExpired);
    }
    if as_of::bridge_letter_needed(v, y.date) {
        out.push(VendorFlag::BridgeLetterNeeded);
    }
    if v.customer_data && v.dpa_signed.is_none() {
        out.push(VendorFlag::MissingDpa);
    }
    if v.last_review.is_some() && next_review(v, today).is_some_and(|d| d < today) {
        out.push(VendorFlag::ReviewOverdue);
    }
    if v.assurance != Assurance::None && v.opinion == Opinion::Qualified {
        out.push(VendorFlag::QualifiedOpinion);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn cloud() -> VendorInput {
        VendorInput {
            name: "AWS".into(),
            data_classification: DataClassification::Restricted,
            customer_data: true,
            access_level: AccessLevel::Admin,
            criticality: Criticality::High,
            ..Default::default()
        }
    }

    #[test]
    fn tiers_follow_data_access_and_reliance() {
        assert_eq!(suggested_tier(&cloud()), Tier::Critical);
        let chat = VendorInput {
            data_classification: DataClassification::Internal,
            access_level: AccessLevel::None,
            criticality: Criticality::Medium,
            ..Default::default()
        };
        assert_eq!(suggested_tier(&chat), Tier::Low);
        let support = VendorInput {
            data_classification: DataClassification::Confidential,
            customer_data: true,
            access_level: AccessLevel::Read,
            criticality: Criticality::Medium,
            ..Default::default()
        };
        assert_eq!(suggested_tier(&support), Tier::High);
        let mut overridden = chat.clone();
        overridden.tier_override = Some(Tier::High);
        assert_eq!(effective_tier(&overridden), Tier::High);
    }

    #[test]
    fn a_critical_vendor_without_a_current_report_is_flagged_until_one_is_recorded() {
        let today = day(2026, 11, 27);
        let y = Yardstick::new(None, today);
        let mut v = cloud();
        assert!(flags(&v, &y).contains(&VendorFlag::MissingAssurance));
        assert!(flags(&v, &y).contains(&VendorFlag::MissingDpa));
        v.assurance = Assurance::Soc2Type2;
        v.report_period_end = Some(day(2025, 9, 30));
        assert!(!flags(&v, &y).contains(&VendorFlag::MissingAssurance));
        assert!(flags(&v, &y).contains(&VendorFlag::ReportExpired), "period ended 14 months ago");
        v.report_period_end = Some(day(2026, 9, 30));
        v.dpa_signed = Some(day(2024, 1, 10));
        assert!(flags(&v, &y).is_empty(), "{:?}", flags(&v, &y));
    }

    #[test]
    fn reports_are_judged_against_the_as_of_date() {
        let mut v = cloud();
        v.assurance = Assurance::Soc2Type2;
        v.report_period_end = Some(day(2026, 9, 30));
        v.dpa_signed = Some(day(2024, 1, 10));
        let today = day(2026, 11, 27);
        assert!(flags(&v, &Yardstick::new(None, today)).is_empty());
        let as_of = Yardstick::new(Some(day(2027, 3, 31)), today);
        assert_eq!(flags(&v, &as_of), [VendorFlag::BridgeLetterNeeded], "six months before the as-of date");
        let later = Yardstick::new(Some(day(2027, 10, 31)), today);
        assert_eq!(flags(&v, &later), [VendorFlag::ReportExpired], "thirteen months before");
    }

    #[test]
    fn reviews_fall_due_by_tier() {
        let today = day(2026, 11, 27);
        let mut v = cloud();
        v.last_review = Some(day(2025, 10, 1));
        assert_eq!(next_review(&v, today), Some(day(2026, 10, 1)));
        assert!(flags(&v, &Yardstick::new(Some(day(2027, 3, 31)), today)).contains(&VendorFlag::ReviewOverdue));
        v.tier_override = Some(Tier::Low);
        v.tier_override_reason = "test".into();
        assert_eq!(next_review(&v, today), Some(day(2028, 10, 1)));
    }
}

//! The as-of date as the yardstick: is this evidence, vendor report, access review or
//! policy current *as of date D*?
//!
//! A Type I report says the controls were in place on one date, and the auditor judges
//! every piece of evidence against that date, not against the day the work was done.
//! `today` still decides what is overdue to work on; the [`Yardstick`] decides what the
//! auditor will see. Without an as-of date the yardstick is today, and every face says so
//! in one line ([`Yardstick::sentence`]).
//!
//! Pure rules: callers read the rows, these functions judge them. Every window is
//! defined by one "current until" date (the collection date plus the period), so the
//! window shown to a person ("collect between 1 and 31 March 2027") and the rule applied
//! to their file can never disagree, even at month ends.

use chrono::{Duration, Months, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::checklist::Frequency;
use crate::vendors::{Assurance, Subservice, Tier, VendorInput};
use crate::workbook::WorkbookError;

/// A vendor report whose period ended within this many months before the as-of date
/// covers it; older, the auditor asks for a bridge letter.
pub const REPORT_CURRENT_MONTHS: u32 = 3;
/// A report whose period ended more than this many months before the as-of date no
/// longer counts at all, bridge letter or not.
pub const REPORT_EXPIRED_MONTHS: u32 = 12;
/// Access reviews are quarterly: one signed off within this many days before the as-of
/// date shows the control operating.
pub const ACCESS_REVIEW_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The as-of date set in Scope.
    AsOfDate,
    /// No as-of date is set yet, so everything is judged against today.
    Today,
}

/// The date everything is judged against, and why that one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Yardstick {
    #[ts(type = "string")]
    pub date: NaiveDate,
    #[ts(type = "string")]
    pub today: NaiveDate,
    pub basis: Basis,
    /// The one line every face prints next to its figures.
    pub sentence: String,
}

impl Yardstick {
    pub fn new(as_of_date: Option<NaiveDate>, today: NaiveDate) -> Self {
        let (date, basis) = match as_of_date {
            Some(d) => (d, Basis::AsOfDate),
            None => (today, Basis::Today),
        };
        let sentence = match basis {
            Basis::Today => format!(
                "Judged against today, {}: no as-of date is set in Scope yet.",
                long_date(today)
            ),
            Basis::AsOfDate if date < today => format!(
                "Judged as of {}, the as-of date, which has passed: a record of the work, with nothing left to schedule.",
                long_date(date)
            ),
            Basis::AsOfDate => format!("Judged as of {}, the as-of date the auditor will test.", long_date(date)),
        };
        Self { date, today, basis, sentence }
    }

    /// The yardstick of the workbook `conn` holds: its as-of date, or today.
    pub fn read(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Self, WorkbookError> {
        Ok(Self::new(crate::scope::as_of_date(conn)?, today))
    }

    /// The as-of date has passed (the report is presumably issued): a plan against it is
    /// a record, with nothing to schedule.
    pub fn is_record(&self) -> bool {
        self.basis == Basis::AsOfDate && self.date < self.today
    }
}

/// "31 March 2027": how dates read in sentences.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "between 1 and 31 March 2027", "between 1 January and 31 March 2027", "between
/// 5 December 2026 and 31 March 2027".
pub fn between(from: NaiveDate, to: NaiveDate) -> String {
    use chrono::Datelike;
    if from.year() != to.year() {
        format!("between {} and {}", long_date(from), long_date(to))
    } else if from.month() != to.month() {
        format!("between {} and {}", from.format("%-d %B"), long_date(to))
    } else {
        format!("between {} and {}", from.day(), long_date(to))
    }
}

/// How long one piece of evidence for a control of this frequency stays current: None
/// for a one-off control, whose evidence never goes stale.
fn evidence_period(frequency: Frequency) -> Option<Months> {
    match frequency {
        Frequency::Once => None,
        Frequency::Continuous | Frequency::Monthly => Some(Months::new(1)),
        Frequency::Quarterly => Some(Months::new(3)),
        Frequency::Annual => Some(Months::new(12)),
    }
}

/// The last date a file collected on `collected` is current for: None when it never
/// goes stale.
pub fn current_until(frequency: Frequency, collected: NaiveDate) -> Option<NaiveDate> {
    evidence_period(frequency).map(|m| collected.checked_add_months(m).unwrap_or(NaiveDate::MAX))
}

/// The earliest collection date whose evidence is current on `date`: the window opens
/// here and closes on `date`. None for one-off controls (any date will do).
pub fn window_opens(frequency: Frequency, date: NaiveDate) -> Option<NaiveDate> {
    let months = evidence_period(frequency)?;
    // Subtracting months clamps at month ends (31 March less one month is 28 February,
    // and 28 February plus one month is only 28 March), so step forward to the first
    // day whose "current until" reaches `date`.
    let mut start = date.checked_sub_months(months).unwrap_or(NaiveDate::MIN);
    while current_until(frequency, start).is_some_and(|until| until < date) {
        start += Duration::days(1);
    }
    Some(start)
}

/// Where an item's newest evidence stands against the yardstick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EvidenceCurrency {
    /// Nothing attached.
    None,
    /// Current on the yardstick's date; stays so until `until` (None: a one-off control,
    /// never stale).
    Current {
        #[ts(type = "string")]
        collected: NaiveDate,
        #[ts(type = "string | null")]
        until: Option<NaiveDate>,
    },
    /// Collected after the as-of date: accepted, and shown as such.
    CollectedAfter {
        #[ts(type = "string")]
        collected: NaiveDate,
        #[ts(type = "string")]
        as_of: NaiveDate,
    },
    /// Too old on the yardstick's date: collect again between `from` and `by`.
    Stale {
        #[ts(type = "string")]
        collected: NaiveDate,
        #[ts(type = "string")]
        from: NaiveDate,
        #[ts(type = "string")]
        by: NaiveDate,
    },
}

/// Judges the newest evidence of a control of `frequency` against the yardstick.
pub fn evidence_currency(frequency: Frequency, newest: Option<NaiveDate>, y: &Yardstick) -> EvidenceCurrency {
    let Some(collected) = newest else { return EvidenceCurrency::None };
    if y.basis == Basis::AsOfDate && collected > y.date {
        return EvidenceCurrency::CollectedAfter { collected, as_of: y.date };
    }
    match window_opens(frequency, y.date) {
        Some(from) if collected < from => EvidenceCurrency::Stale { collected, from, by: y.date },
        _ => EvidenceCurrency::Current { collected, until: current_until(frequency, collected) },
    }
}

/// Whether evidence in this state counts towards readiness: current (or collected after
/// the as-of date), or stale with a fresh collection planned inside its window and not
/// yet overdue, since "it will be current by its due date" is a plan the auditor can
/// hold the team to.
pub fn evidence_counts(currency: &EvidenceCurrency, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    match currency {
        EvidenceCurrency::None => false,
        EvidenceCurrency::Current { .. } | EvidenceCurrency::CollectedAfter { .. } => true,
        EvidenceCurrency::Stale { .. } => recollection_due(currency, due).is_some_and(|d| d >= today),
    }
}

/// The due date of a planned fresh collection: the item's due date when it falls inside
/// the stale evidence's window.
pub fn recollection_due(currency: &EvidenceCurrency, due: Option<NaiveDate>) -> Option<NaiveDate> {
    match (currency, due) {
        (EvidenceCurrency::Stale { from, by, .. }, Some(d)) if d >= *from && d <= *by => Some(d),
        _ => None,
    }
}

/// Where a vendor's assurance stands against the yardstick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VendorAssurance {
    /// No report with a period (none, or an ISO certificate): nothing to judge by date.
    NoPeriod,
    /// The report's period ended within three months before the date.
    Current,
    /// Older than that, and a bridge letter covers the gap.
    Bridged,
    /// Older than that, and the auditor will ask for a bridge letter.
    BridgeLetterNeeded,
    /// The period ended more than twelve months before the date: a new report is needed.
    Expired,
}

/// Only SOC reports cover a period that a bridge (gap) letter can extend.
fn has_period(a: Assurance) -> bool {
    matches!(a, Assurance::Soc2Type2 | Assurance::Soc2Type1 | Assurance::Soc1)
}

/// Whether our controls lean on this vendor's report: a subservice organisation, or a
/// vendor of the critical or high tier.
fn relied_on(v: &VendorInput) -> bool {
    v.subservice != Subservice::No || matches!(crate::vendors::assess::effective_tier(v), Tier::Critical | Tier::High)
}

/// A report period ending more than twelve months before `date` is expired. ISO
/// certificates count too: their recorded date is judged the same way.
pub fn report_expired(v: &VendorInput, date: NaiveDate) -> bool {
    v.assurance != Assurance::None
        && v.report_period_end.is_some_and(|end| {
            end.checked_add_months(Months::new(REPORT_EXPIRED_MONTHS)).is_some_and(|limit| limit < date)
        })
}

pub fn vendor_assurance(v: &VendorInput, date: NaiveDate) -> VendorAssurance {
    let Some(end) = v.report_period_end.filter(|_| v.assurance != Assurance::None) else {
        return VendorAssurance::NoPeriod;
    };
    if report_expired(v, date) {
        return VendorAssurance::Expired;
    }
    if !has_period(v.assurance) {
        return VendorAssurance::NoPeriod;
    }
    let covers = end.checked_add_months(Months::new(REPORT_CURRENT_MONTHS)).is_some_and(|limit| limit >= date);
    match (covers, v.bridge_letter) {
        (true, _) => VendorAssurance::Current,
        (false, true) => VendorAssurance::Bridged,
        (false, false) => VendorAssurance::BridgeLetterNeeded,
    }
}

/// Whether the auditor will ask this vendor for a bridge letter.
pub fn bridge_letter_needed(v: &VendorInput, date: NaiveDate) -> bool {
    relied_on(v) && vendor_assurance(v, date) == VendorAssurance::BridgeLetterNeeded
}

/// A signed-off access review as of `review_as_of` shows the quarterly control working
/// on `date` when it is at most 90 days older (or later: a review after the date is
/// accepted, like late evidence).
pub fn access_review_current(review_as_of: NaiveDate, date: NaiveDate) -> bool {
    review_as_of + Duration::days(ACCESS_REVIEW_DAYS) >= date
}

/// The window in which a review keeps the system current on `date`.
pub fn access_review_window(date: NaiveDate) -> NaiveDate {
    date - Duration::days(ACCESS_REVIEW_DAYS)
}

/// An approved policy is current on `date` when its next review falls after it.
pub fn policy_current(approved: bool, next_review: Option<NaiveDate>, date: NaiveDate) -> bool {
    approved && next_review.is_none_or(|next| next > date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn as_of(d: NaiveDate) -> Yardstick {
        Yardstick::new(Some(d), day(2026, 12, 5))
    }

    fn stale(frequency: Frequency, collected: NaiveDate, y: &Yardstick) -> bool {
        matches!(evidence_currency(frequency, Some(collected), y), EvidenceCurrency::Stale { .. })
    }

    /// For each frequency: the window's first day is current, the day before is stale,
    /// the day after is current, the as-of date itself is current and the day after it
    /// is accepted as collected after the date.
    #[test]
    fn evidence_windows_at_their_edges() {
        let d = day(2027, 3, 31);
        let y = as_of(d);
        let cases = [
            (Frequency::Monthly, day(2027, 3, 1)),
            (Frequency::Continuous, day(2027, 3, 1)),
            (Frequency::Quarterly, day(2026, 12, 31)),
            (Frequency::Annual, day(2026, 3, 31)),
        ];
        for (f, opens) in cases {
            assert_eq!(window_opens(f, d), Some(opens), "{f:?}");
            assert!(stale(f, opens - Duration::days(1), &y), "{f:?}: the day before the window");
            assert!(!stale(f, opens, &y), "{f:?}: the window's first day");
            assert!(!stale(f, opens + Duration::days(1), &y), "{f:?}: the day after");
            assert!(matches!(evidence_currency(f, Some(d), &y), EvidenceCurrency::Current { .. }), "{f:?}: on D");
            assert_eq!(
                evidence_currency(f, Some(d + Duration::days(1)), &y),
                EvidenceCurrency::CollectedAfter { collected: d + Duration::days(1), as_of: d },
                "{f:?}: after D"
            );
        }
        // Mid-month: exactly one month before is inside, the day before it is not.
        let mid = as_of(day(2027, 3, 15));
        assert!(!stale(Frequency::Monthly, day(2027, 2, 15), &mid));
        assert!(stale(Frequency::Monthly, day(2027, 2, 14), &mid));
        // A one-off control's evidence never goes stale.
        assert_eq!(window_opens(Frequency::Once, d), None);
        assert!(!stale(Frequency::Once, day(2020, 1, 1), &y));
    }

    #[test]
    fn the_window_and_current_until_agree_on_every_day_of_a_year() {
        let y = as_of(day(2027, 3, 31));
        for f in [Frequency::Monthly, Frequency::Quarterly, Frequency::Annual] {
            for n in 0..400 {
                let collected = day(2026, 3, 1) + Duration::days(n);
                let until = current_until(f, collected).unwrap();
                assert_eq!(stale(f, collected, &y), until < y.date, "{f:?} {collected}");
            }
        }
    }

    #[test]
    fn stale_evidence_counts_only_with_a_fresh_collection_planned_in_its_window() {
        let y = as_of(day(2027, 3, 31));
        let today = y.today;
        let c = evidence_currency(Frequency::Monthly, Some(day(2026, 12, 1)), &y);
        assert_eq!(
            c,
            EvidenceCurrency::Stale { collected: day(2026, 12, 1), from: day(2027, 3, 1), by: day(2027, 3, 31) }
        );
        assert!(!evidence_counts(&c, None, today), "nothing planned");
        assert!(!evidence_counts(&c, Some(day(2027, 2, 28)), today), "planned before the window opens");
        assert!(evidence_counts(&c, Some(day(2027, 3, 1)), today));
        assert!(evidence_counts(&c, Some(day(2027, 3, 31)), today));
        assert!(!evidence_counts(&c, Some(day(2027, 4, 1)), today), "planned after the as-of date");
        // Once the planned day has passed without a fresh file, it no longer counts.
        assert!(!evidence_counts(&c, Some(day(2027, 3, 10)), day(2027, 3, 11)));
        assert!(!evidence_counts(&EvidenceCurrency::None, Some(day(2027, 3, 10)), today));
    }

    fn soc2(end: NaiveDate) -> VendorInput {
        VendorInput {
            name: "Cloud".into(),
            assurance: Assurance::Soc2Type2,
            report_period_end: Some(end),
            subservice: Subservice::CarveOut,
            ..Default::default()
        }
    }

    #[test]
    fn vendor_reports_at_the_three_and_twelve_month_edges() {
        let d = day(2027, 3, 31);
        // Three months before 31 March is 31 December.
        assert_eq!(vendor_assurance(&soc2(day(2026, 12, 31)), d), VendorAssurance::Current);
        assert_eq!(vendor_assurance(&soc2(day(2027, 1, 1)), d), VendorAssurance::Current);
        assert_eq!(vendor_assurance(&soc2(day(2026, 12, 30)), d), VendorAssurance::BridgeLetterNeeded);
        // Twelve months before is 31 March 2026: still bridgeable; the day before, expired.
        assert_eq!(vendor_assurance(&soc2(day(2026, 3, 31)), d), VendorAssurance::BridgeLetterNeeded);
        assert_eq!(vendor_assurance(&soc2(day(2026, 4, 1)), d), VendorAssurance::BridgeLetterNeeded);
        assert_eq!(vendor_assurance(&soc2(day(2026, 3, 30)), d), VendorAssurance::Expired);
    }

    #[test]
    fn a_bridge_letter_covers_the_gap_but_not_an_expired_report() {
        let d = day(2027, 3, 31);
        let mut v = soc2(day(2026, 9, 30));
        assert!(bridge_letter_needed(&v, d));
        v.bridge_letter = true;
        assert_eq!(vendor_assurance(&v, d), VendorAssurance::Bridged);
        assert!(!bridge_letter_needed(&v, d));
        v.report_period_end = Some(day(2025, 9, 30));
        assert_eq!(vendor_assurance(&v, d), VendorAssurance::Expired);
    }

    #[test]
    fn bridge_letters_are_asked_only_of_vendors_we_rely_on_with_a_soc_report() {
        let d = day(2027, 3, 31);
        let mut v = soc2(day(2026, 9, 30));
        v.subservice = Subservice::No;
        v.tier_override = Some(Tier::Low);
        assert!(!bridge_letter_needed(&v, d), "a low-tier vendor that is not a subservice organisation");
        v.tier_override = Some(Tier::High);
        assert!(bridge_letter_needed(&v, d));
        v.assurance = Assurance::Iso27001;
        assert_eq!(vendor_assurance(&v, d), VendorAssurance::NoPeriod, "an ISO certificate has no bridge letter");
    }

    #[test]
    fn access_reviews_within_ninety_days() {
        let d = day(2027, 3, 31);
        let opens = access_review_window(d);
        assert_eq!(opens, day(2026, 12, 31));
        assert!(!access_review_current(opens - Duration::days(1), d));
        assert!(access_review_current(opens, d));
        assert!(access_review_current(opens + Duration::days(1), d));
        assert!(access_review_current(d, d));
        assert!(access_review_current(d + Duration::days(1), d), "a review after the date is accepted");
    }

    #[test]
    fn policies_need_their_next_review_after_the_date() {
        let d = day(2027, 3, 31);
        assert!(!policy_current(true, Some(d - Duration::days(1)), d));
        assert!(!policy_current(true, Some(d), d), "due on the date itself: overdue at fieldwork");
        assert!(policy_current(true, Some(d + Duration::days(1)), d));
        assert!(!policy_current(false, Some(d + Duration::days(1)), d));
    }

    #[test]
    fn the_yardstick_says_what_it_judges_against() {
        let today = day(2026, 12, 5);
        let none = Yardstick::new(None, today);
        assert_eq!(none.date, today);
        assert!(none.sentence.contains("no as-of date"), "{}", none.sentence);
        let past = Yardstick::new(Some(day(2026, 6, 30)), today);
        assert!(past.is_record());
        assert!(!Yardstick::new(Some(day(2027, 3, 31)), today).is_record());
        assert_eq!(between(day(2027, 3, 1), day(2027, 3, 31)), "between 1 and 31 March 2027");
        assert_eq!(between(day(2027, 1, 1), day(2027, 3, 31)), "between 1 January and 31 March 2027");
    }
}

//! Reads the dates HR tools and spreadsheets export, and refuses the ones that could
//! mean two different days rather than guessing.
//!
//! Accepted: `2024-03-01`, `2024/03/01`, RFC 3339 and other ISO timestamps (the date
//! as written is kept, whatever the time zone), `01/03/2024` or `03/01/2024` only when
//! a part above 12 shows which is the day, and month names: `1 Mar 2024`,
//! `Mar 1, 2024`, `March 1 2024`, `01-Mar-2024`. Two-digit years are refused.

use std::fmt;

use chrono::NaiveDate;

/// Years outside this range are almost certainly typos (`0224`, `20224`); HR tools
/// use 1900-01-01 as a placeholder, so that much is allowed.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Why a non-empty cell is not a usable date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Both day and month are 12 or less, so the order cannot be told: `03/04/2024`.
    Ambiguous {
        first: u32,
        second: u32,
        year: i32,
        separator: char,
    },
    /// `01/03/24` or `1-Mar-24`: the century is a guess we will not make.
    TwoDigitYear,
    /// Well formed but not in the calendar: `2024-02-30`, `31/04/2024`.
    NoSuchDate,
    /// A four-digit year outside 1900 to 2100.
    UnlikelyYear(i32),
    Unrecognised,
}

const USE_ISO: &str = "Write dates as YYYY-MM-DD, for example 2024-03-01.";

impl fmt::Display for DateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Ambiguous { first, second, year, separator: s } => write!(
                f,
                "Is {first:02}{s}{second:02}{s}{year} the {} of {} or {} {}? Write dates as YYYY-MM-DD ({year}-{second:02}-{first:02} or {year}-{first:02}-{second:02}) so there is no doubt.",
                ordinal(first),
                month_name(second),
                month_name(first),
                ordinal(second),
            ),
            Self::TwoDigitYear => write!(
                f,
                "The year has only two digits, so the century would be a guess. {USE_ISO}"
            ),
            Self::NoSuchDate => write!(f, "That day does not exist in the calendar. {USE_ISO}"),
            Self::UnlikelyYear(year) => write!(f, "The year {year} looks like a typo. {USE_ISO}"),
            Self::Unrecognised => write!(f, "It is not a date format we recognise. {USE_ISO}"),
        }
    }
}

/// Parses one cell. Empty (or whitespace) is `Ok(None)`: a missing date is not an error
/// here; whether the field is required is the caller's decision.
pub fn parse_date(text: &str) -> Result<Option<NaiveDate>, DateProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let date_part = strip_time(text);
    if date_part.chars().any(|c| c.is_ascii_alphabetic()) {
        parse_with_month_name(date_part).map(Some)
    } else {
        parse_numeric(date_part).map(Some)
    }
}

/// Drops a time after a numeric date (`2024-03-01T09:00:00Z`, `2024-03-01 09:00`,
/// `3/1/2024 9:00 AM`): only the calendar day matters for a roster. The date is kept
/// as written, so a timestamp in another time zone still gives the day the HR tool showed.
fn strip_time(text: &str) -> &str {
    let Some(end) = text.find(|c: char| !(c.is_ascii_digit() || is_separator(c))) else {
        return text;
    };
    let (date, rest) = text.split_at(end);
    let rest = rest.strip_prefix(['T', 't', ' ']).unwrap_or(rest).trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let looks_like_time = (1..=2).contains(&digits) && rest[digits..].starts_with(':');
    if looks_like_time {
        date
    } else {
        text
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | '/' | '.')
}

/// `2024-03-01`, `2024/3/1`, `13/03/2024`, `03/13/2024`.
fn parse_numeric(text: &str) -> Result<NaiveDate, DateProblem> {
    let parts: Vec<&str> = text.split(is_separator).collect();
    let [p0, p1, p2] = parts[..] else {
        return Err(DateProblem::Unrecognised);
    };
    if parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(DateProblem::Unrecognised);
    }
    let (short0, short1, short2) = (p0.len() <= 2, p1.len() <= 2, p2.len() <= 2);
    if p0.len() == 4 && short1 && short2 {
        return ymd(number(p0), number(p1), number(p2));
    }
    if p2.len() == 4 && short0 && short1 {
        let (first, second, year) = (number(p0), number(p1), number(p2));
        let separator = text.chars().find(|&c| is_separator(c)).unwrap_or('/');
        return match (first > 12, second > 12) {
            (true, false) => ymd(year, second, first),
            (false, true) => ymd(year, first, second),
            (true, true) => Err(DateProblem::NoSuchDate),
            // 05/05/2024 reads the same either way.
            (false, false) if first == second => ymd(year, first, second),
            (false, false) => Err(DateProblem::Ambiguous { first, second, year: plausible_year(year)?, separator }),
        };
    }
    if short0 && short1 && short2 {
        return Err(DateProblem::TwoDigitYear);
    }
    Err(DateProblem::Unrecognised)
}

/// `1 Mar 2024`, `Mar 1, 2024`, `March 1st 2024`, `01-Mar-2024`, `Friday, 1 March 2024`.
fn parse_with_month_name(text: &str) -> Result<NaiveDate, DateProblem> {
    let lower = text.to_lowercase();
    let tokens = lower
        .split(|c: char| c.is_whitespace() || c == ',' || is_separator(c))
        // "Friday, 1st of March 2024": the weekday and "of" add nothing.
        .filter(|t| !t.is_empty() && *t != "of" && !is_weekday(t));
    let (mut month, mut numbers) = (None, Vec::new());
    for token in tokens {
        if let Some(m) = month_from_name(token) {
            if month.replace(m).is_some() {
                return Err(DateProblem::Unrecognised);
            }
        } else if let Some(digits) = strip_ordinal(token) {
            numbers.push(digits);
        } else {
            return Err(DateProblem::Unrecognised);
        }
    }
    let (Some(month), [a, b]) = (month, numbers.as_slice()) else {
        return Err(DateProblem::Unrecognised);
    };
    let (day, year) = match (a.len(), b.len()) {
        (1 | 2, 4) => (a, b),
        (4, 1 | 2) => (b, a),
        (1 | 2, 1 | 2) => return Err(DateProblem::TwoDigitYear),
        _ => return Err(DateProblem::Unrecognised),
    };
    ymd(number(year), month, number(day))
}

/// "1st" → "1"; plain digits pass through; anything else is not a number.
fn strip_ordinal(token: &str) -> Option<&str> {
    let digits = ["st", "nd", "rd", "th"].iter().find_map(|suffix| token.strip_suffix(suffix)).unwrap_or(token);
    (!digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

fn ymd(year: u32, month: u32, day: u32) -> Result<NaiveDate, DateProblem> {
    let year = plausible_year(year)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateProblem::NoSuchDate)
}

fn plausible_year(year: u32) -> Result<i32, DateProblem> {
    // Callers read at most four digits, so the conversion cannot fail in practice.
    let year = i32::try_from(year).map_err(|_| DateProblem::Unrecognised)?;
    if PLAUSIBLE_YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(DateProblem::UnlikelyYear(year))
    }
}

/// Callers pass at most four ASCII digits, which always fit; 0 is a safe fallback
/// because no month, day or plausible year is 0.
fn number(digits: &str) -> u32 {
    digits.parse().unwrap_or(0)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_from_name(token: &str) -> Option<u32> {
    let index = MONTHS.iter().position(|full| {
        *full == token || (token.len() == 3 && full.starts_with(token)) || (token == "sept" && *full == "september")
    })?;
    u32::try_from(index + 1).ok()
}

fn is_weekday(token: &str) -> bool {
    const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    DAYS.iter().any(|d| *d == token || (token.len() == 3 && d.starts_with(token)))
}

fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(month).ok().and_then(|m| m.checked_sub(1)).and_then(|i| NAMES.get(i)).copied().unwrap_or("?")
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Result<Option<NaiveDate>, DateProblem> {
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => Ok(Some(date)),
            None => panic!("bad test date {y}-{m}-{d}"),
        }
    }

    #[test]
    fn empty_cell_is_no_date() {
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(parse_date("   "), Ok(None));
    }

    #[test]
    fn iso_dates_with_dashes_or_slashes_are_read() {
        assert_eq!(parse_date("2024-03-01"), day(2024, 3, 1));
        assert_eq!(parse_date("2024/03/01"), day(2024, 3, 1));
        assert_eq!(parse_date(" 2024-3-1 "), day(2024, 3, 1));
    }

    #[test]
    fn timestamps_keep_the_date_as_written() {
        assert_eq!(parse_date("2024-03-01T09:00:00Z"), day(2024, 3, 1));
        assert_eq!(parse_date("2024-03-01T23:30:00.123-08:00"), day(2024, 3, 1));
        assert_eq!(parse_date("2024-03-01 09:00:00"), day(2024, 3, 1));
        assert_eq!(parse_date("3/13/2024 9:00 AM"), day(2024, 3, 13));
    }

    #[test]
    fn day_first_or_month_first_is_read_when_a_part_is_above_12() {
        assert_eq!(parse_date("13/03/2024"), day(2024, 3, 13));
        assert_eq!(parse_date("03/13/2024"), day(2024, 3, 13));
        assert_eq!(parse_date("31.12.2023"), day(2023, 12, 31));
        assert_eq!(parse_date("05/05/2024"), day(2024, 5, 5));
    }

    #[test]
    fn day_and_month_both_12_or_less_is_ambiguous_and_explains_why() {
        let problem = parse_date("03/04/2024");
        assert_eq!(problem, Err(DateProblem::Ambiguous { first: 3, second: 4, year: 2024, separator: '/' }));
        let message = problem.err().map(|p| p.to_string()).unwrap_or_default();
        assert!(message.contains("Is 03/04/2024 the 3rd of April or March 4th?"), "{message}");
        assert!(message.contains("YYYY-MM-DD"), "{message}");
    }

    #[test]
    fn month_names_are_read_in_either_order() {
        assert_eq!(parse_date("1 Mar 2024"), day(2024, 3, 1));
        assert_eq!(parse_date("Mar 1, 2024"), day(2024, 3, 1));
        assert_eq!(parse_date("March 1 2024"), day(2024, 3, 1));
        assert_eq!(parse_date("01-Mar-2024"), day(2024, 3, 1));
        assert_eq!(parse_date("Friday, 1st March 2024"), day(2024, 3, 1));
        assert_eq!(parse_date("1st of March, 2024"), day(2024, 3, 1));
        assert_eq!(parse_date("Sept 30, 2024"), day(2024, 9, 30));
    }

    #[test]
    fn two_digit_years_are_refused() {
        assert_eq!(parse_date("01/03/24"), Err(DateProblem::TwoDigitYear));
        assert_eq!(parse_date("1-Mar-24"), Err(DateProblem::TwoDigitYear));
        assert_eq!(parse_date("Mar 1, 24"), Err(DateProblem::TwoDigitYear));
    }

    #[test]
    fn impossible_days_are_refused() {
        assert_eq!(parse_date("2024-02-30"), Err(DateProblem::NoSuchDate));
        assert_eq!(parse_date("31/04/2024"), Err(DateProblem::NoSuchDate));
        assert_eq!(parse_date("2023-02-29"), Err(DateProblem::NoSuchDate));
        assert_eq!(parse_date("2024-02-29"), day(2024, 2, 29));
    }

    #[test]
    fn unlikely_years_are_refused() {
        assert_eq!(parse_date("0224-03-01"), Err(DateProblem::UnlikelyYear(224)));
    }

    #[test]
    fn other_text_is_unrecognised() {
        for text in ["soon", "Mar 2024", "2024", "45352", "1 2 3 4", "March 1 April 2024", "2024-03-01Z"] {
            assert_eq!(parse_date(text), Err(DateProblem::Unrecognised), "{text}");
        }
    }
}

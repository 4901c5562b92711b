//! Roster CSV import: any bytes give a roster or a refusal, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    if let Ok(roster) = readiness_core::import::roster::parse_roster(data, today) {
        // Every row carries a 1-based line within the file.
        let lines = data.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        assert!(roster.rows.iter().all(|r| r.line >= 1 && r.line <= lines));
    }
});

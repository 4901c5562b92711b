//! Risk register CSV import: any bytes give rows or a refusal, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = readiness_core::risks::csv::parse_risks(data) {
        assert!(!file.rows.is_empty());
    }
});

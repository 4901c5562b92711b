//! Policy markdown rendering: any text renders, and raw HTML never comes out as markup.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rendered = readiness_core::policies::render::render(&text);
    assert!(!rendered.html.contains("<script"), "raw HTML passed through");
});

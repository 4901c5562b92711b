//! Placeholder filling: any text fills; without `{{` nothing changes; every name listed
//! as unresolved is still in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use readiness_core::policies::fill::{fill, FillContext};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut ctx = FillContext::default();
    ctx.set("org.name", "Acme {{org.name}}");
    ctx.set("role.security_owner", "Maya Okafor");
    let filled = fill(&text, &ctx);
    if !text.contains("{{") {
        assert_eq!(filled.text, text);
    }
    for name in &filled.unresolved {
        assert!(filled.text.contains(name.as_str()));
    }
});
